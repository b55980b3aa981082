# Trials killed from outside (SIGKILL to a trial's process, as the OOM
# killer or a careless `kill` would): each is recorded as failed with the
# signal, the daemon carries on, `hps retry --failed` runs exactly those
# points again, and the study ends with its whole budget completed, no
# process left over and an intact database.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 2
cat > "$T/trial.sh" <<'SH'
echo $$ > "$HPS_TRIAL_DIR/pid"
echo "step=1 value=$1"
sleep 0.5
echo "step=2 value=$1"
SH
cat > "$T/k.yaml" <<Y
name: killed
command: sh $T/trial.sh {a}
method: grid
metric: {name: value, goal: minimize}
budget: {parallel: 2, max_failures: 20}
parameters:
  a: {type: int, min: 1, max: 12}
Y
hps submit "$T/k.yaml" >/dev/null
killed=0
for i in 1 2 3 4 5 6; do
	sleep 0.4
	for f in "$HPS_STATE_DIR"/studies/killed/*/pid; do
		[ -e "$f" ] || continue
		p=$(cat "$f")
		rm -f "$f"
		if alive "$p" && kill -9 "$p" 2>/dev/null; then
			killed=$((killed + 1))
			break
		fi
	done
done
wait_study killed 60
[ $killed -ge 3 ] || fail "only $killed trials were killed"
hps trials killed --json >"$T/t.json"
expect_eq "$(jq_py 'sum(t["state"] == "failed" for t in d["trials"])' <"$T/t.json")" "$killed" "failed trials"
expect_eq "$(jq_py 'sorted({t["signal"] for t in d["trials"] if t["state"] == "failed"})' <"$T/t.json")" "[9]" "their signal"
hps retry killed --failed >/dev/null
wait_study killed 60
hps trials killed --json >"$T/t.json"
expect_eq "$(jq_py 'sum(t["state"] == "completed" for t in d["trials"])' <"$T/t.json")" 12 "completed after retry"
expect_eq "$(jq_py 'len({t["params"]["a"] for t in d["trials"]})' <"$T/t.json")" 12 "distinct points"
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" 'PRAGMA integrity_check')" ok "integrity"
pgrep -f "$T/trial.sh" >/dev/null && fail "trial processes left over"
echo "ok ($killed trials killed from outside)"
