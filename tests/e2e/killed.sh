# Trials killed from outside (SIGKILL to a trial's process, as the OOM
# killer or a careless `kill` would) with no re-run left (budget.retries
# 0; e2e.resume re-runs one): each is recorded as failed with the
# signal, the daemon carries on, `hps retry --failed` runs exactly those
# points again, and the study ends with its whole budget completed, no
# process left over and an intact database.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 2
# Every third point waits to be killed until the test lets it finish.
cat > "$T/trial.sh" <<'SH'
echo "step=1 value=$1"
if [ $(($1 % 3)) -eq 0 ] && [ ! -e "$T/spare" ]; then
	echo $$ > "$T/pid.$1" && mv "$T/pid.$1" "$T/waiting.$1"
	while [ ! -e "$T/spare" ]; do sleep 0.1; done
fi
sleep 0.2
echo "step=2 value=$1"
SH
# kill_waiting: SIGKILL one trial that waits to be killed, if one does.
kill_waiting() {
	for f in "$T"/waiting.*; do
		[ -e "$f" ] || continue
		kill -9 "$(cat "$f")"
		rm -f "$f"
		return 0
	done
	return 1
}
cat > "$T/k.yaml" <<Y
name: killed
command: sh $T/trial.sh {a}
method: grid
metric: {name: value, goal: minimize}
budget: {parallel: 2, max_failures: 20, retries: 0}
env: {T: "$T"}
parameters:
  a: {type: int, min: 1, max: 12}
Y
hps submit "$T/k.yaml" >/dev/null
for i in 1 2 3 4; do
	wait_for 120 "a trial waiting to be killed" kill_waiting
done
wait_study killed
hps trials killed --json >"$T/t.json"
expect_eq "$(jq_py 'sorted(t["params"]["a"] for t in d["trials"] if t["state"] == "failed")' <"$T/t.json")" "[3, 6, 9, 12]" "failed trials"
expect_eq "$(jq_py 'sorted({t["signal"] for t in d["trials"] if t["state"] == "failed"})' <"$T/t.json")" "[9]" "their signal"
touch "$T/spare"
hps retry killed --failed >/dev/null
wait_study killed
hps trials killed --json >"$T/t.json"
expect_eq "$(jq_py 'sum(t["state"] == "completed" for t in d["trials"])' <"$T/t.json")" 12 "completed after retry"
expect_eq "$(jq_py 'len({t["params"]["a"] for t in d["trials"]})' <"$T/t.json")" 12 "distinct points"
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" 'PRAGMA integrity_check')" ok "integrity"
pgrep -f "$T/trial.sh" >/dev/null && fail "trial processes left over"
echo "ok (4 trials killed from outside)"
