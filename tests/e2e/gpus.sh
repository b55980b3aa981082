# GPU slots without GPUs: with hpsd --gpus 0,1 and trials that ask for one
# GPU each, every trial gets CUDA_VISIBLE_DEVICES set to a device no other
# running trial holds, and trials wait while both are busy; a trial that
# outlives a killed hpsd keeps its GPU from the trials the next one starts.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 4 --gpus 0,1
cat > "$T/g.yaml" <<Y
name: gpus
command: sh -c 'echo "\${{CUDA_VISIBLE_DEVICES:-none}} start \$(date +%s.%N)" >> $T/log; sleep 0.3; echo "\${{CUDA_VISIBLE_DEVICES:-none}} end \$(date +%s.%N)" >> $T/log; echo value={x}'
metric: {name: value, goal: minimize}
budget: {trials: 8, parallel: 4}
executor: {type: local, gpus: 1}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/g.yaml" --wait >/dev/null || fail "gpu study failed"
/usr/bin/python3 - "$T/log" <<'PY' || fail "GPU slots were shared or missing: $(cat "$T/log")"
import sys
events = []
for line in open(sys.argv[1]):
    dev, kind, t = line.split()
    assert dev in ("0", "1"), "a trial ran without a GPU of its own: " + dev
    events.append((float(t), 0 if kind == "end" else 1, dev))
events.sort()
held = {}
for t, start, dev in events:
    if start:
        assert not held.get(dev), "GPU %s shared at %f" % (dev, t)
        held[dev] = True
    else:
        held[dev] = False
assert len(events) == 16
PY
set +e
sed -e 's/name: gpus/name: toomany/' -e 's/gpus: 1}/gpus: 3}/' "$T/g.yaml" >"$T/g3.yaml"
out=$(hps submit "$T/g3.yaml" 2>&1)
rc=$?
set -e
expect_eq "$rc" 1 "asking for more GPUs than hpsd has"
echo "$out" | grep -q "executor.gpus is 3 but hpsd has 2 GPUs" || fail "message: $out"

# held runs until $T/free exists; after a kill -9 of hpsd, the next one
# adopts it with its GPU and gives the other to a new trial.
cat > "$T/held.yaml" <<Y
name: held
command: sh -c 'echo "\$CUDA_VISIBLE_DEVICES" >$T/held.dev; until [ -e $T/free ]; do sleep 0.1; done; echo value={x}'
metric: {name: value, goal: minimize}
budget: {trials: 1}
executor: {type: local, gpus: 1}
parameters:
  x: {type: float, min: 0, max: 1}
Y
sed -e 's/name: held/name: next/' -e 's/held.dev/next.dev/' "$T/held.yaml" >"$T/next.yaml"
hps submit "$T/held.yaml" >/dev/null
wait_for 120 "the held trial to start" test -s "$T/held.dev"
kill -9 "$(daemon_pid)"
wait_daemon_gone
start_daemon --slots 4 --gpus 0,1
hps submit "$T/next.yaml" >/dev/null
wait_for 120 "the next trial to start" test -s "$T/next.dev"
[ "$(cat "$T/held.dev")" != "$(cat "$T/next.dev")" ] ||
	fail "the adopted trial's GPU $(cat "$T/held.dev") was given to another"
touch "$T/free"
wait_study held
wait_study next
echo ok
