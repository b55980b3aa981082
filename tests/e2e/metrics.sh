# What a trial prints reaches the store exactly, through the real daemon:
# the last line without '\n' when stderr closes first (issue 27 finding
# 4), Keras' evaluate() after fit() as test_* (finding 1), fractional
# epochs as steps of their own that hps trials and hps curve agree on
# (issue 30 item 8), a failed trial's values in hps curve (finding 7),
# metric_patterns, doubtful lines counted in the log, and hps parse.
. "$(dirname "$0")/lib.sh"
start_daemon

# Finding 4: stdout's last line has no '\n' and stderr closes first.
cat > "$T/eof.yaml" <<'Y'
name: eof
command: [sh, -c, 'printf "epoch=1 val_acc=0.5\nepoch=2 val_acc=0.6"; exec 2>&-; sleep 0.2']
metric: {name: val_acc, goal: maximize, summary: last}
budget: {trials: 1}
parameters:
  x: {value: 1}
Y
hps submit "$T/eof.yaml" --wait >/dev/null || fail "eof study failed"
hps trials eof --json >"$T/t.json"
expect_eq "$(jq_py 'd["trials"][0]["objective"]' <"$T/t.json")" 0.6 "last line without newline"
expect_eq "$(jq_py 'd["trials"][0]["best_step"]' <"$T/t.json")" 2 "its step"

# Finding 1: fit() then evaluate(); the objective is the last epoch's.
cat > "$T/keras.py" <<'PY'
import sys
w = sys.stdout.write
for e, (l, a, vl, va) in enumerate([(0.6, 0.7, 0.5, 0.75), (0.4, 0.8, 0.45, 0.78)]):
    w("Epoch %d/2\n" % (e + 1))
    w("10/10 [==============================] - 1s 5ms/step - loss: %.4f"
      " - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f\n" % (l, a, vl, va))
w("4/4 [==============================] - 0s 2ms/step - loss: 0.4700"
  " - accuracy: 0.9900\n")
w("10/10 [==============================] - 22s - loss: 0.6609 - acc: 0.5913"
  " - loss: 0.6655\n")
PY
cat > "$T/k.yaml" <<Y
name: kevaluate
command: /usr/bin/python3 $T/keras.py
metric: {name: accuracy, goal: maximize, summary: last}
budget: {trials: 1}
parameters:
  x: {value: 1}
Y
hps submit "$T/k.yaml" --wait >/dev/null || fail "keras study failed"
hps best kevaluate --json >"$T/b.json"
expect_eq "$(jq_py 'd["trials"][0]["objective"]' <"$T/b.json")" 0.8 "objective: the last epoch, not evaluate()"
expect_eq "$(jq_py 'd["trials"][0]["test"]["test_accuracy"]' <"$T/b.json")" 0.99 "evaluate() as test_accuracy"
grep -q "kevaluate: trial 0: output line 6 skipped: a metric name repeats" "$HPS_STATE_DIR/hpsd.log" ||
	fail "the doubtful line was not logged"
grep -q "kevaluate: trial 0: 1 output line skipped as doubtful" "$HPS_STATE_DIR/hpsd.log" ||
	fail "the doubtful lines were not counted"

# Issue 30 item 8: fractional epochs never collide with whole ones.
cat > "$T/frac.out" <<'O'
{"epoch": 0.5, "val_loss": 0.3}
{"epoch": 1.0, "val_loss": 0.5}
{"epoch": 1.5, "val_loss": 0.4}
O
cat > "$T/frac.yaml" <<Y
name: frac
command: [cat, $T/frac.out]
metric: {name: val_loss, goal: minimize, summary: best}
budget: {trials: 1}
parameters:
  x: {value: 1}
Y
hps submit "$T/frac.yaml" --wait >/dev/null || fail "frac study failed"
hps trials frac --json >"$T/t.json"
expect_eq "$(jq_py 'd["trials"][0]["objective"]' <"$T/t.json")" 0.3 "best val_loss"
expect_eq "$(jq_py 'd["trials"][0]["best_step"]' <"$T/t.json")" 0.5 "its fractional step"
hps curve frac 0 --json >"$T/c.json"
expect_eq "$(jq_py 'd["val"]' <"$T/c.json")" "[[0.5, 0.3], [1, 0.5], [1.5, 0.4]]" "the stored curve"
expect_eq "$(jq_py 'd["diagnosis"]["best"]' <"$T/c.json")" 0.3 "hps curve's best agrees"
hps curve frac 0 | grep -q "best 0.3 at step 0.5" || fail "hps curve does not show the best step"

# Finding 7: a failed trial's values are shown by hps curve.
cat > "$T/wrong.yaml" <<'Y'
name: wrong
command: [sh, -c, 'echo epoch=1 val_accuracy=0.7; echo epoch=2 val_accuracy=0.8']
metric: {name: val_acc, goal: maximize}
budget: {trials: 1, max_failures: 1}
parameters:
  x: {value: 1}
Y
hps submit "$T/wrong.yaml" --wait >/dev/null && fail "a trial without its metric completed"
hps curve wrong 0 >"$T/curve.txt"
grep -q "failed: exited without reporting the metric 'val_acc'" "$T/curve.txt" || fail "hps curve hides the failure"
grep -q "val_accuracy: 1=0.7 2=0.8" "$T/curve.txt" || fail "hps curve hides the failed trial's values"
hps --db "$HPS_STATE_DIR/hpsd.db" curve wrong 0 >"$T/curve_db.txt"
cmp -s "$T/curve.txt" "$T/curve_db.txt" || fail "hps --db curve shows a failed trial otherwise"

# metric_patterns: refused at submit with PCRE2's message, else read.
cat > "$T/badpat.yaml" <<'Y'
name: badpat
command: [echo, x]
metric: {name: acc, goal: maximize}
budget: {trials: 1}
parameters:
  x: {value: 1}
metric_patterns:
  - 'Accuracy: (?<acc>[0-9]+'
Y
hps submit "$T/badpat.yaml" 2>"$T/err" && fail "a bad pattern was accepted"
grep -q "badpat.yaml:8:29: metric_patterns\[0\]: missing closing parenthesis" "$T/err" ||
	fail "bad pattern: $(cat "$T/err")"
cat > "$T/prose.yaml" <<'Y'
name: prose
command: [sh, -c, 'echo "Train Epoch: 1 [0/60000 (0%)]	Loss: 2.300"; echo; echo "Test set: Average loss: 0.0513, Accuracy: 9836/10000 (98%)"']
metric: {name: acc, goal: maximize}
budget: {trials: 1}
parameters:
  x: {value: 1}
metric_patterns: ['Test set: Average loss: (?<avg_loss>[0-9.]+), Accuracy: [0-9]+/[0-9]+ \((?<acc>[0-9]+)%\)']
Y
hps submit "$T/prose.yaml" --wait >/dev/null || fail "prose study failed"
expect_eq "$(hps trials prose --json | jq_py 'd["trials"][0]["objective"]')" 98.0 "a pattern's value"

# hps parse: what would be recorded, and whether the metric is there.
hps parse "$T/keras.py" >/dev/null || fail "hps parse of a file"
/usr/bin/python3 "$T/keras.py" | hps parse - >"$T/parse.txt" || fail "hps parse of stdin"
grep -q "keras-evaluate  step 2 .*test_accuracy=0.99" "$T/parse.txt" || fail "parse: evaluate() line"
grep -q "doubtful: a metric name repeats" "$T/parse.txt" || fail "parse: the doubtful line"
grep -q "^1 doubtful line skipped" "$T/parse.txt" || fail "parse: the count"
/usr/bin/python3 "$T/keras.py" | hps parse --space "$T/k.yaml" - >/dev/null || fail "parse: the metric is there"
/usr/bin/python3 "$T/keras.py" | hps parse --space "$T/wrong.yaml" - >"$T/parse.txt" &&
	fail "parse: a missing metric exits 0"
grep -q "val_acc: never reported" "$T/parse.txt" || fail "parse: missing metric not said"
hps --json parse --space "$T/prose.yaml" - <<'O' >"$T/p.json" || fail "parse --json"
Test set: Average loss: 0.0402, Accuracy: 9871/10000 (99%)
O
expect_eq "$(jq_py 'd["steps"][0]["metrics"]["acc"]' <"$T/p.json")" 99.0 "parse --json with patterns"
echo ok
