# A failing trial is recorded with its exit code and the tail of its
# stderr; a trial that never reports the metric fails too; a missing
# program fails at once with the reason; max_failures fails the study.
. "$(dirname "$0")/lib.sh"
start_daemon
cat > "$T/fail.yaml" <<'Y'
name: fails
command: sh -c 'for i in $(seq 1 30); do echo "err line $i" >&2; done; exit {code}'
method: grid
metric: {name: acc, goal: maximize}
budget: {parallel: 1, max_failures: 10}
parameters:
  code: {values: [3]}
Y
hps submit "$T/fail.yaml" --wait >/dev/null && fail "a study whose trials all fail reported success"
hps trials fails --json >"$T/t.json"
expect_eq "$(jq_py 'd["trials"][0]["state"]' <"$T/t.json")" failed "state"
expect_eq "$(jq_py 'd["trials"][0]["exit_code"]' <"$T/t.json")" 3 "exit code"
expect_eq "$(jq_py 'd["trials"][0]["stderr_tail"].splitlines()[-1]' <"$T/t.json")" "err line 30" "last stderr line"
expect_eq "$(jq_py 'len(d["trials"][0]["stderr_tail"].splitlines())' <"$T/t.json")" 20 "stderr tail length"
hps trials fails | grep -q "exited with status 3" || fail "hps trials does not show the exit status"

cat > "$T/nometric.yaml" <<'Y'
name: nometric
command: sh -c 'echo accuracy=0.9'
metric: {name: acc, goal: maximize}
budget: {trials: 3, max_failures: 2}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/nometric.yaml" --wait >/dev/null && fail "study without its metric succeeded"
expect_eq "$(hps status --json | study_field nometric state)" failed "study state after max_failures"
hps trials nometric --json | jq_py 'd["trials"][0]["error"]' | grep -q "without reporting the metric 'acc'" ||
	fail "missing-metric error not recorded"

cat > "$T/missing.yaml" <<'Y'
name: missing
command: ./no-such-trainer --x {x}
metric: {name: acc, goal: maximize}
budget: {trials: 1}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/missing.yaml" --wait >/dev/null && fail "missing program succeeded"
hps trials missing --json | jq_py 'd["trials"][0]["error"]' | grep -qi "no such file" ||
	fail "spawn error not recorded"
hps status >/dev/null || fail "daemon stopped answering"
echo ok
