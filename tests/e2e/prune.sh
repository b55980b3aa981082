# Early stopping end to end, with a fake trainer whose curves are known:
# trial q reports loss q + 10/step for 10 steps, so the rule must stop the
# clearly worse trials at the step the median rule predicts and never the
# best; pruned processes and their children are gone, their curves are
# kept; and a curve that turns up is flagged as overfitting.
. "$(dirname "$0")/lib.sh"
start_daemon
cat > "$T/trial.sh" <<'SH'
sleep 300 &
echo $! >> "$HPS_TRIAL_DIR/../children"
for s in 1 2 3 4 5 6 7 8 9 10; do
	if [ "$1" = 0 ]; then   # overfits: val_loss turns up after step 4
		echo "step=$s loss=$(awk "BEGIN { print 1 / $s }") val_loss=$(awk "BEGIN { print ($s - 4) ^ 2 / 10 + 0.5 }")"
	else
		echo "step=$s val_loss=$(awk "BEGIN { print $1 + 10 / $s }")"
	fi
	sleep 0.05
done
kill $!
SH
cat > "$T/p.yaml" <<Y
name: prune
command: sh $T/trial.sh {q}
method: grid
seed: 3
metric: {name: val_loss, goal: minimize, summary: best}
budget: {parallel: 1}
early_stopping: {rule: median, min_trials: 3, warmup_steps: 2}
parameters:
  q: {values: [1, 5, 2, 7, 3, 8, 4, 9, 6]}
Y
hps submit "$T/p.yaml" --wait >/dev/null || fail "study failed"
hps trials prune --json >"$T/t.json"
# The median rule replayed over the order the trials ran in.
/usr/bin/python3 - "$T/t.json" <<'PY' || fail "pruning differs from the median rule"
import json, statistics, sys
trials = json.load(open(sys.argv[1]))["trials"]
curves, done = {}, 0
for t in sorted(trials, key=lambda t: t["started"]):
    q = t["params"]["q"]
    expect = None
    for s in range(1, 11):
        v = q + 10 / s
        if s > 2 and done >= 3:
            # a curve that never reached step s does not count
            others = [c[s - 1] for c in curves.values() if len(c) >= s]
            if v > statistics.median(others):
                expect = s
                break
    curves[q] = [q + 10 / s for s in range(1, (expect or 10) + 1)]
    got = t["state"]
    want = "pruned" if expect else "completed"
    assert got == want, (q, got, want, t.get("error"))
    if expect:
        assert t["best_step"] == expect, (q, t["best_step"], expect)
    else:
        done += 1
assert any(t["state"] == "pruned" for t in trials)
assert all(t["state"] == "completed" for t in trials if t["params"]["q"] == 1)
PY
expect_eq "$(hps status --json | study_field prune counts.pruned)" \
	"$(jq_py 'sum(t["state"] == "pruned" for t in d["trials"])' <"$T/t.json")" "pruned count in status"
hps trials prune | grep -q "pruned by the median rule" || fail "trials does not say why"
n=$(jq_py '[t["number"] for t in d["trials"] if t["state"] == "pruned"][0]' <"$T/t.json")
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" "SELECT count(*) > 0 FROM metric m JOIN trial t ON t.id = m.trial_id WHERE t.number = $n AND t.study_id = (SELECT id FROM study WHERE name = 'prune')")" 1 "pruned trial's curve kept"
for c in $(cat "$HPS_STATE_DIR/studies/prune/children"); do
	alive "$c" && fail "a pruned trial's child $c survived"
done

# Overfitting: one trial whose validation loss turns up after step 4.
cat > "$T/o.yaml" <<Y
name: overfit
command: sh $T/trial.sh 0
metric: {name: val_loss, goal: minimize, summary: best}
budget: {trials: 1}
parameters:
  x: {value: 1}
Y
hps submit "$T/o.yaml" --wait >/dev/null || fail "overfit study failed"
hps best overfit --json >"$T/b.json"
expect_eq "$(jq_py 'd["trials"][0]["diagnosis"]["overfit"]' <"$T/b.json")" True "overfit flag"
expect_eq "$(jq_py 'd["trials"][0]["diagnosis"]["best_step"]' <"$T/b.json")" 4 "best step"
expect_eq "$(jq_py 'd["trials"][0]["diagnosis"]["overfit_step"]' <"$T/b.json")" 5 "overfit step"
expect_eq "$(jq_py 'd["trials"][0]["diagnosis"]["train_metric"]' <"$T/b.json")" loss "paired training metric"
hps best overfit | grep -q "from step 5" || fail "hps best does not show the overfit"
hps curve overfit 0 >"$T/curve.txt" || fail "hps curve"
grep -q "val_loss" "$T/curve.txt" && grep -q "overfitting from step 5" "$T/curve.txt" || fail "curve chart: $(cat "$T/curve.txt")"
expect_eq "$(hps curve overfit 0 --json | jq_py 'len(d["val"])')" 10 "curve points"
echo ok
