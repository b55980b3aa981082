# Outcome limits: a completed trial outside a limit, or that never
# reported a limited metric, is recorded with the reason but never ranked,
# never best (in hps best, status, watch's events and after a restart) and
# never reaches the target; the model-based methods never take one for
# their best either.
. "$(dirname "$0")/lib.sh"
start_daemon
# The raw best two break a limit: a is too slow, b never reports its
# time. e waits for a gate, so the study is still running at the restart.
cat > "$T/lim.yaml" <<Y
name: lim
command: sh -c 'case {c} in a) echo "epoch=1 val_acc=0.9 epoch_seconds=9";; b) echo "epoch=1 val_acc=0.8";; c) echo "epoch=1 val_acc=0.6 epoch_seconds=2";; d) echo "epoch=1 val_acc=0.5 epoch_seconds=1";; e) while [ ! -e $T/gate ]; do sleep 0.05; done; echo "epoch=1 val_acc=0.1 epoch_seconds=1";; esac'
method: grid
metric: {name: val_acc, goal: maximize, target: 0.7}
limits:
  epoch_seconds: {max: 5}
budget: {parallel: 5}
parameters:
  c: {values: [a, b, c, d, e]}
Y
hps submit "$T/lim.yaml" >/dev/null || fail "submit failed"
wait_trials lim completed 4
expect_eq "$(hps status --json | study_field lim state)" running "only infeasible trials reached the target"
expect_eq "$(hps status --json | study_field lim counts.infeasible)" 2 "infeasible count"
expect_eq "$(hps status --json | study_field lim best)" 0.6 "status best"
hps best lim --json >"$T/best.json"
expect_eq "$(jq_py '[t["objective"] for t in d["trials"]]' <"$T/best.json")" "[0.6, 0.5]" "ranking of the feasible"
hps best lim | grep -q "^2 infeasible" || fail "hps best does not say how many are infeasible"
hps trials lim --state completed --json >"$T/trials.json"
expect_eq "$(jq_py 'sorted(((t["objective"], t["error"]) for t in d["trials"]), key=lambda r: -r[0])' <"$T/trials.json")" \
	"[(0.9, 'infeasible: epoch_seconds was 9, above its limit max 5'), (0.8, 'infeasible: epoch_seconds was never reported (limit max 5)'), (0.6, None), (0.5, None)]" \
	"infeasible trials recorded with their reason"
hps trials lim | grep -q "infeasible: epoch_seconds was 9" || fail "hps trials does not show the reason"
hps report lim -o "$T/lim.html" >/dev/null || fail "hps report failed"

# After a restart the daemon still knows which trials broke a limit: the
# best in its live events is the best feasible one.
hps shutdown >/dev/null
wait_daemon_gone
start_daemon
expect_eq "$(hps status --json | study_field lim counts.infeasible)" 2 "infeasible count after a restart"
hps watch lim --json >"$T/watch.json" &
watch=$!
# Pausing and resuming makes events once the watch listens.
poke() {
	hps pause lim >/dev/null && hps resume lim >/dev/null &&
		grep -q '"best"' "$T/watch.json"
}
wait_for 60 "the live events" poke
touch "$T/gate"
wait_study lim
wait "$watch" || fail "hps watch did not see the study complete"
last_best() {
	/usr/bin/python3 -c '
import json, sys
text, dec, i, best = open(sys.argv[1]).read(), json.JSONDecoder(), 0, None
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i == len(text):
        break
    o, i = dec.raw_decode(text, i)
    for s in [o, o.get("summary")] + o.get("studies", []):
        if isinstance(s, dict) and "best" in s:
            best = s["best"]
print(best)' "$1"
}
expect_eq "$(last_best "$T/watch.json")" 0.6 "best in the events after a restart"
expect_eq "$(hps status --json | study_field lim counts.completed)" 5 "every trial ran"

# Model-based methods: whatever they learn, their best is feasible.
for m in genetic bayes; do
	cat > "$T/$m.yaml" <<Y
name: lim-$m
command: sh -c 'echo "epoch=1 val_acc={x} cost={x}"'
method: $m
metric: {name: val_acc, goal: maximize}
limits:
  cost: {max: 0.5}
budget: {trials: 12}
seed: 5
parameters:
  x: {type: float, min: 0, max: 1}
Y
	hps submit "$T/$m.yaml" --wait >/dev/null || fail "$m study failed"
	hps best "lim-$m" --json >"$T/$m.json"
	jq_py 'all(t["objective"] <= 0.5 for t in d["trials"]) and d["counts"]["completed"] == 12 and d["counts"]["infeasible"] > 0' <"$T/$m.json" | grep -q True ||
		fail "$m ranked an infeasible trial: $(cat "$T/$m.json")"
	b=$(hps status --json | study_field "lim-$m" best)
	/usr/bin/python3 -c "assert $b <= 0.5" ||
		fail "$m status best $b breaks the limit"
done

out=$(printf 'limits:\n  test_acc: {min: 0.9}\n' | cat "$T/lim.yaml" - | sed '/^limits:$/{N;/epoch_seconds/d}' >"$T/test.yaml"; hps submit "$T/test.yaml" 2>&1) && fail "a limit on a test metric accepted"
case $out in *test.yaml:*:3:\ metric\ \'test_acc\'\ is\ a\ test\ metric*) ;; *) fail "test limit refusal: $out" ;; esac
echo ok
