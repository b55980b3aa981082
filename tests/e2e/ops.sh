# The operations users ask for: pause and resume (running trials finish,
# no new ones start), retry of failed trials' exact points, a budget
# change on a running study, and export as CSV and JSON that load as is.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 2
cat > "$T/o.yaml" <<Y
name: ops
command: sh -c 'sleep 0.3; [ {a} = 3 ] && [ ! -e $T/fixed ] && exit 4; echo "epoch=1 loss=0.\$((9 - {a}))"; echo "epoch=2 loss=0.\$((8 - {a})) test_loss=0.5"'
method: grid
metric: {name: loss, goal: minimize}
budget: {trials: 4, parallel: 2}
parameters:
  a: {type: int, min: 1, max: 6}
Y
hps submit "$T/o.yaml" >/dev/null
hps pause ops | grep -q "paused" || fail "pause"
expect_eq "$(hps status --json | study_field ops state)" paused "state after pause"
wait_for 120 "the running trials to finish after the pause" \
	field_is ops counts.running 0
n=$(hps trials ops --json | jq_py 'len(d["trials"])')
# Nothing may start while paused: watch for a while.
sleep 1
expect_eq "$(hps trials ops --json | jq_py 'len(d["trials"])')" "$n" "trials started while paused"
expect_eq "$(hps status --json | study_field ops counts.running)" 0 "running while paused"
hps resume ops >/dev/null || fail "resume"
hps budget ops --trials 6 --parallel 3 >/dev/null || fail "budget"
wait_study ops
expect_eq "$(hps status --json | study_field ops budget)" 6 "budget after the change"
expect_eq "$(hps trials ops --state failed --json | jq_py '[t["params"]["a"] for t in d["trials"]]')" "[3]" "failed point"
touch "$T/fixed"
hps retry ops --failed | grep -q "queued" || fail "retry"
wait_study ops
expect_eq "$(hps status --json | study_field ops state)" completed "state after retry"
expect_eq "$(hps status --json | study_field ops counts.completed)" 6 "completed after retry"
expect_eq "$(hps trials ops --json | jq_py 'len(d["trials"])')" 6 "retry made no new trials"
set +e
hps budget ops --trials 2 >/dev/null 2>&1
rc=$?
set -e
expect_eq "$rc" 1 "budget below the trials already run"

hps export ops --format csv -o "$T/ops.csv"
hps export ops --format json -o "$T/ops.json"
/usr/bin/python3 - "$T/ops.csv" "$T/ops.json" <<'PY' || fail "export does not load"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
recs = json.load(open(sys.argv[2]))
assert len(rows) == 6 and len(recs) == 6, (len(rows), len(recs))
assert set(rows[0]) == {"number", "state", "objective", "params_a", "loss", "test_loss"}, rows[0]
for r, j in zip(rows, recs):
    assert r["state"] == j["state"] == "completed"
    assert abs(float(r["loss"]) - j["loss"]) < 1e-12
    assert abs(j["loss"] - (8 - j["params_a"]) / 10) < 1e-12, j
    assert j["objective"] == j["loss"]
PY
echo ok
