# With parallel: 4, never more than 4 trial processes run at once: each
# trial logs its start and end times, and the intervals are checked.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 8
cat > "$T/par.yaml" <<Y
name: par
command: sh -c 'echo "start \$(date +%s.%N)" >> $T/log; sleep 0.3; echo "end \$(date +%s.%N)" >> $T/log; echo value={x}'
method: random
metric: {name: value, goal: minimize}
budget: {trials: 16, parallel: 4}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/par.yaml" --wait >/dev/null || fail "study did not complete"
peak=$(/usr/bin/python3 - "$T/log" <<'PY'
import sys
events = []
for line in open(sys.argv[1]):
    kind, t = line.split()
    events.append((float(t), 1 if kind == "start" else -1))
events.sort(key=lambda e: (e[0], e[1]))
cur = peak = 0
for _, d in events:
    cur += d
    peak = max(peak, cur)
print(peak, len(events))
PY
)
expect_eq "$peak" "4 32" "peak concurrency and event count"
echo ok
