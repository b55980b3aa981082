# Fault injection: hpsd is killed with SIGKILL at random moments 20 times
# during a sweep and restarted each time. The study still completes with
# exactly its budget of completed trials, no grid point twice, no trial
# process left over, an intact database, and every completed trial's
# metrics present.
. "$(dirname "$0")/lib.sh"
cat > "$T/trial.sh" <<'SH'
echo "step=1 value=$1"
sleep 0.2
echo "step=2 value=$1"
SH
cat > "$T/c.yaml" <<Y
name: crash
command: sh $T/trial.sh {a}
method: grid
metric: {name: value, goal: minimize}
budget: {parallel: 2, retries: 50}
parameters:
  a: {type: int, min: 1, max: 40}
Y
start_daemon --slots 2
hps submit "$T/c.yaml" >/dev/null
for i in $(seq 1 20); do
	sleep "0.$(( $(od -An -N1 -tu1 /dev/urandom) % 6 + 1 ))"
	kill -9 "$(daemon_pid)"
	wait_daemon_gone
	start_daemon --slots 2
done
wait_study crash
expect_eq "$(hps status --json | study_field crash state)" completed "study state"
hps trials crash --json >"$T/t.json"
expect_eq "$(jq_py 'len(d["trials"])' <"$T/t.json")" 40 "trials"
expect_eq "$(jq_py 'sum(t["state"] == "completed" for t in d["trials"])' <"$T/t.json")" 40 "completed trials"
expect_eq "$(jq_py 'len({t["params"]["a"] for t in d["trials"]})' <"$T/t.json")" 40 "distinct grid points"
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" 'PRAGMA integrity_check')" ok "integrity check"
missing=$(sqlite3 "$HPS_STATE_DIR/hpsd.db" "SELECT count(*) FROM trial t WHERE t.state = 'completed' AND (SELECT count(*) FROM metric m WHERE m.trial_id = t.id) != 2")
expect_eq "$missing" 0 "completed trials with missing metrics"
pgrep -f "$T/trial.sh" >/dev/null && fail "trial processes left over: $(pgrep -af "$T/trial.sh")"
lost=$(sqlite3 "$HPS_STATE_DIR/hpsd.db" "SELECT sum(crashes) FROM trial")
echo "ok ($lost runs lost to the 20 kills and run again)"
