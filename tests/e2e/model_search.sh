# The model-based methods through a real daemon: bayes on Branin with 40
# trials finds a better best value than random with the same seed, and
# with parallel: 4 neither bayes nor genetic proposes a duplicate; and
# genetic keeps the slots busy while the budget lasts, with trials of
# uneven length (a generational design would wait for the slowest).
. "$(dirname "$0")/lib.sh"
start_daemon --slots 4
for m in random bayes; do
	cat > "$T/$m.yaml" <<Y
name: branin-$m
command: hps-functions branin {x1} {x2}
method: $m
metric: {name: value, goal: minimize}
budget: {trials: 40, parallel: 1}
seed: 5
parameters:
  x1: {type: float, min: -5, max: 10}
  x2: {type: float, min: 0, max: 15}
Y
	hps submit "$T/$m.yaml" --wait >/dev/null || fail "$m study failed"
done
r=$(hps best branin-random --top 1 --json | jq_py 'd["trials"][0]["objective"]')
b=$(hps best branin-bayes --top 1 --json | jq_py 'd["trials"][0]["objective"]')
echo "best of 40 on Branin (minimum 0.397887): random $r, bayes $b"
/usr/bin/python3 -c "import sys; sys.exit(not float(sys.argv[2]) < float(sys.argv[1]))" "$r" "$b" ||
	fail "bayes ($b) did not beat random ($r)"

for m in bayes genetic; do
	cat > "$T/p-$m.yaml" <<Y
name: par-$m
command: sh -c 'echo "start {x3} \$(date +%s.%N)" >> $T/$m.log; if [ {x3} = 0.9 ]; then sleep 1; else sleep 0.3; fi; hps-functions hartmann3 {x1} {x2} {x3}; echo "end {x3} \$(date +%s.%N)" >> $T/$m.log'
method: $m
metric: {name: value, goal: minimize}
budget: {trials: 32, parallel: 4}
seed: 2
genetic: {population: 8}
parameters:
  x1: {type: float, min: 0, max: 1, step: 0.25}
  x2: {type: float, min: 0, max: 1, step: 0.25}
  x3: {values: [0.1, 0.5, 0.9]}
Y
	[ $m = bayes ] && sed -i '/^genetic:/d' "$T/p-$m.yaml"
	hps submit "$T/p-$m.yaml" --wait >/dev/null || fail "parallel $m study failed"
	hps trials par-$m --json >"$T/$m.json"
	expect_eq "$(jq_py 'len({tuple(sorted(t["params"].items())) for t in d["trials"]})' <"$T/$m.json")" 32 "distinct $m proposals"
done
# genetic: slot-seconds left idle between the 4th start and the last
# start, against all the slot-seconds of that stretch. A slot empties for
# the few milliseconds it takes to start the next child; waiting for a
# slow trial would leave it empty for most of a second.
/usr/bin/python3 - "$T/genetic.log" <<'PY' || fail "genetic left slots idle"
import sys
ev = sorted((float(t), k) for k, x, t in (l.split() for l in open(sys.argv[1])))
starts = [t for t, k in ev if k == "start"]
lo, hi = starts[3], starts[-1]
cur, idle, last = 0, 0.0, None
for t, k in ev:
    if last is not None and lo <= last and t <= hi:
        idle += (4 - cur) * (t - last)
    cur += 1 if k == "start" else -1
    last = t
share = idle / (4 * (hi - lo))
print("genetic: %.1f%% of slot time idle" % (100 * share))
assert share < 0.3, share
PY
echo ok
