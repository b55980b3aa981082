# A study's life: a deadline (budget.time) ends it with its reason and
# starts no trial after it; budget.hard stops the trials running at it;
# patience ends a study that stopped improving; a silent trial is marked
# stalled, and with stall_action: stop stopped as a failure. Waits poll;
# no test depends on how fast the machine is.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 4

# study_error NAME: the reason hps status --json gives for the study.
study_error() {
	hps status --json | study_field "$1" error
}

# budget.time: no trial starts after the deadline; it completes, saying so.
cat > "$T/time.yaml" <<'Y'
name: time
command: sh -c 'sleep 0.2; echo "loss=$HPS_PARAM_x"'
method: random
metric: {name: loss, goal: minimize}
budget: {time: 3s}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/time.yaml" >/dev/null || fail "time study"
wait_study time
expect_eq "$(hps status --json | study_field time state)" completed "state"
study_error time | grep -qE "before its deadline \(budget.time 3s\)|its deadline \(budget.time 3s\) passed" ||
	fail "time's reason: $(study_error time)"
hps status | grep -q "^time .*budget.time 3s" || fail "status: $(hps status)"
wait_for 120 "time's trials to finish" field_is time counts.running 0
hps trials time --json | jq_py '[t["started"] for t in d["trials"]]' >"$T/st"
created=$(hps status --json | study_field time created)
/usr/bin/python3 -c "import sys; s=eval(open(sys.argv[1]).read()); \
	assert all(x < float(sys.argv[2]) + 3 for x in s), s" "$T/st" "$created" ||
	fail "a trial started after the deadline"

# budget.hard: trials running at the deadline get the stop signal.
cat > "$T/hard.yaml" <<'Y'
name: hard
command: sh -c 'echo "loss=$HPS_PARAM_x"; exec sleep 600'
method: random
metric: {name: loss, goal: minimize}
budget: {time: 2s, hard: true, parallel: 2}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/hard.yaml" >/dev/null || fail "hard study"
wait_study hard
wait_for 120 "hard's trials to stop" field_is hard counts.timeout 2
hps trials hard --json | jq_py '[t["error"] for t in d["trials"]]' >"$T/err"
grep -q "stopped at the study's deadline" "$T/err" || fail "hard: $(cat "$T/err")"
expect_eq "$(hps status --json | study_field hard state)" completed "hard"

# budget.patience: 3 completed trials in a row without a new best.
cat > "$T/patience.yaml" <<'Y'
name: patience
command: sh -c 'echo "loss=$HPS_PARAM_x"'
method: grid
grid: {order: listed}
metric: {name: loss, goal: minimize}
budget: {patience: 3}
parameters:
  x: {values: [5, 4, 3, 3.5, 3.2, 3.1, 1, 0.5, 0.2]}
Y
hps submit "$T/patience.yaml" --wait >/dev/null || fail "patience study"
expect_eq "$(hps status --json | study_field patience counts.completed)" 6 \
	"trials until patience ran out"
expect_eq "$(study_error patience)" \
	"3 completed trials in a row without a new best (budget.patience)" \
	"patience's reason"

# stall: a silent trial is marked; with stop it is stopped as a failure.
cat > "$T/stall.yaml" <<'Y'
name: stall
command: sh -c 'echo "loss=$HPS_PARAM_x"; exec sleep 600'
method: random
metric: {name: loss, goal: minimize}
budget: {trials: 1}
stall: 1s
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/stall.yaml" >/dev/null || fail "stall study"
stalled() { study_error stall | grep -q "trial 0 stalled: no output"; }
wait_for 120 "the stall mark" stalled
hps status | grep -q "^stall trial 0 stalled" || fail "status: $(hps status)"
expect_eq "$(hps status --json | study_field stall counts.running)" 1 \
	"stall: warn lets it run"
grep -q "study stall: trial 0 stalled" "$HPS_STATE_DIR/hpsd.log" ||
	fail "no stall in the log"
hps cancel stall >/dev/null
sed -e 's/^name: stall/name: stop/' -e 's/^stall: 1s/stall: 1s\nstall_action: stop/' \
	"$T/stall.yaml" >"$T/stop.yaml"
hps submit "$T/stop.yaml" >/dev/null || fail "stop study"
wait_study stop
hps trials stop --json | jq_py 'd["trials"][0]["state"], d["trials"][0]["error"]' \
	>"$T/out"
grep -q "failed" "$T/out" && grep -q "stopped after no output for 1s" "$T/out" ||
	fail "stall stop: $(cat "$T/out")"

# The report tells why the study ended.
hps report patience -o "$T/patience.html" >/dev/null || fail "report"
grep -q "study completed (3 completed trials in a row without a new best" \
	"$T/patience.html" || fail "the report lacks patience's reason"
