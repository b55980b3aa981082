# Keras fit(verbose=1) output reaches the store as it would from a real
# script: an epoch's progress bar is redrawn in place with '\r' and
# backspaces for longer than the 64 KiB line limit, and the epoch's final
# values still count; a plain line over the limit is skipped.
. "$(dirname "$0")/lib.sh"
start_daemon
cat > "$T/keras.py" <<'PY'
import sys
w = sys.stdout.write
for epoch in (1, 2):
    w("Epoch %d/2\n" % epoch)
    prev = 0
    for step in range(1, 801):
        msg = "%4d/800 [%s] - ETA: 1s - loss: 0.%04d - accuracy: 0.5000" % (
            step, "=" * (step * 30 // 800) + "." * (30 - step * 30 // 800), step)
        w("\b" * prev + "\r" + msg)
        prev = len(msg)
    w("\b" * prev + "\r800/800 [==============================] - 3s 2ms/step"
      " - loss: 0.3%d00 - accuracy: 0.88%d0 - val_loss: 0.33%d0"
      " - val_accuracy: 0.87%d0\n" % (epoch, epoch, epoch, epoch))
w("x" * 70000 + " val_accuracy=0.99\n")
PY
cat > "$T/k.yaml" <<Y
name: keras
command: /usr/bin/python3 $T/keras.py {x}
metric: {name: val_accuracy, goal: maximize, summary: best}
budget: {trials: 1}
parameters:
  x: {value: 1}
Y
hps submit "$T/k.yaml" --wait >/dev/null || fail "keras study failed"
hps best keras --json >"$T/b.json"
expect_eq "$(jq_py 'd["trials"][0]["objective"]' <"$T/b.json")" 0.872 "best val_accuracy"
expect_eq "$(jq_py 'd["trials"][0]["best_step"]' <"$T/b.json")" 2 "epoch of the best value"
expect_eq "$(jq_py 'd["trials"][0]["metrics"]["loss"]' <"$T/b.json")" 0.32 "training loss at that epoch"
grep -q "lines over 65536 bytes skipped" "$HPS_STATE_DIR/hpsd.log" || fail "the skipped line was not counted"
echo ok
