# Several objectives end to end: a trainer-like script prints val_acc each
# epoch and its parameter count once; with two limits, hps best shows the
# Pareto front of the feasible trials (checked against one computed here,
# from the script's own formulas, without hpsd), --front all every
# non-dominated rank, --json the front; hps status the front's size and
# hypervolume (checked against a computation here) and how many trials
# broke each limit, the same after a restart; trials and export show
# every objective, as submit --wait does live; the report draws the front
# (and each pair of three objectives); multi-objective ASHA prunes;
# genetic and bayes run with three objectives; the median rule is refused
# with its place and reason.
. "$(dirname "$0")/lib.sh"
start_daemon
train="$HPS_SRC/tests/data/front/train.py"
cat > "$T/mo.yaml" <<Y
name: mo
command: /usr/bin/python3 $train {units} {lr} 4
method: grid
metric:
  - {name: val_acc, goal: maximize, summary: best}
  - {name: params, goal: minimize}
limits:
  epoch_seconds: {max: 5}
  val_loss: {max: 0.55}
budget: {parallel: 2}
parameters:
  units: {values: [16, 32, 64, 128, 256, 512, 1024]}
  lr: {values: [0.001, 0.01, 0.1]}
Y
hps submit "$T/mo.yaml" --check | grep -q "^$T/mo.yaml: valid study 'mo', grid search, 21 trials, 2 at once, maximize val_acc, minimize params$" ||
	fail "submit --check does not name the objectives: $(hps submit "$T/mo.yaml" --check)"
hps submit "$T/mo.yaml" --wait >"$T/wait.out" || fail "the study failed: $(cat "$T/wait.out")"
hps trials mo --json >"$T/trials.json"
hps best mo --json >"$T/best.json"
hps best mo --front all --json >"$T/all.json"
hps status --json >"$T/status.json"

# What each trial reports, from the script's own formulas: every
# objective's value, feasibility, non-dominated ranks, the derived
# reference point and the hypervolume, all computed here.
cat > "$T/expect.py" <<'P'
import json, sys
sys.path.insert(0, sys.argv[1])
import train

def r6(x):
    return float(f"{x:.6f}")

trials = json.load(open(sys.argv[2]))["trials"]
rows = []
for t in trials:
    u, lr = t["params"]["units"], t["params"]["lr"]
    accs = [r6(train.metrics(u, lr, e)[0]) for e in range(1, 5)]
    acc, loss, sec = train.metrics(u, lr, 4)
    feasible = round(sec, 4) <= 5 and r6(loss) <= 0.55
    rows.append({"number": t["number"], "units": u, "lr": lr,
                 "y": (-max(accs), float(train.params(u))),
                 "raw": [max(accs), train.params(u)], "feasible": feasible,
                 "broke_sec": round(sec, 4) > 5, "broke_loss": r6(loss) > 0.55})

def dominates(a, b):
    return all(x <= y for x, y in zip(a, b)) and a != b

feas = [r for r in rows if r["feasible"]]
left, rank = list(feas), 0
while left:
    front = [r for r in left if not any(dominates(o["y"], r["y"]) for o in left)]
    for r in front:
        r["front"] = rank + 1
    left = [r for r in left if r not in front]
    rank += 1
ref = []
for k in range(2):
    vals = [r["y"][k] for r in feas]
    hi, lo = max(vals), min(vals)
    spread = hi - lo if hi > lo else abs(hi)
    ref.append(hi + (spread / 10 if spread > 0 else 1))
pts = sorted(r["y"] for r in feas if r["front"] == 1)
hv, best1 = 0.0, ref[1]
for y0, y1 in pts:               # by the first objective, ascending
    if y1 < best1:
        hv += (ref[0] - y0) * (best1 - y1)
        best1 = y1
key = lambda r: (r["front"], r["y"][0], r["number"])
print(json.dumps({
    "front": [r["number"] for r in sorted(feas, key=key) if r["front"] == 1],
    "all": [[r["number"], r["front"]] for r in sorted(feas, key=key)],
    "raw": {r["number"]: r["raw"] for r in feas},
    "infeasible": sorted(r["number"] for r in rows if not r["feasible"]),
    "broke_sec": sum(r["broke_sec"] for r in rows),
    "broke_loss": sum(r["broke_loss"] for r in rows),
    "reference": [-ref[0], ref[1]], "hv": hv}))
P
/usr/bin/python3 "$T/expect.py" "$HPS_SRC/tests/data/front" "$T/trials.json" >"$T/expect.json"
exp() { jq_py "$1" <"$T/expect.json"; }
expect_eq "$(exp 'len(d["front"])')" 6 "the front computed here (widths 16 to 512 at lr 0.01)"

# hps best: the front, ranked by val_acc, each objective beside.
expect_eq "$(jq_py '[t["number"] for t in d["trials"]]' <"$T/best.json")" "$(exp 'd["front"]')" "the front hps best --json gives"
expect_eq "$(jq_py 'all(t["front"] == 1 for t in d["trials"])' <"$T/best.json")" True "front ranks"
/usr/bin/python3 - "$T/best.json" "$T/expect.json" <<'P' || fail "objective values in hps best"
import json, sys
best, exp = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert [o["name"] for o in best["objectives"]] == ["val_acc", "params"]
for t in best["trials"]:
    want = exp["raw"][str(t["number"])]
    assert all(abs(a - b) < 1e-9 for a, b in zip(t["objectives"], want)), (t, want)
    assert t["objective"] == t["objectives"][0]
    assert "test_acc" in t["test"]
P
expect_eq "$(jq_py 'sorted(t["number"] for t in d["trials"] if t["number"] in '"$(exp 'd["infeasible"]')"')' <"$T/all.json")" "[]" "an infeasible trial on a front"
expect_eq "$(jq_py '[[t["number"], t["front"]] for t in d["trials"]]' <"$T/all.json")" "$(exp 'd["all"]')" "--front all: every rank"
hps best mo >"$T/best.txt"
grep -q "^mo: the Pareto front, 6 of 21 completed trials (maximize val_acc, minimize params" "$T/best.txt" ||
	fail "hps best's header: $(head -3 "$T/best.txt")"
grep -q "^RANK  *TRIAL  *val_acc  *params  *STEP" "$T/best.txt" || fail "hps best's columns: $(cat "$T/best.txt")"
grep -q "^$(exp 'd["front"][0]')  *" "$T/best.txt" || true
hps best mo --front all | grep -q "^RANK  *TRIAL  *FRONT  *val_acc" || fail "--front all shows the ranks"
hps best mo --front some 2>"$T/err" && fail "--front some accepted"
grep -q "front takes all" "$T/err" || fail "--front refusal: $(cat "$T/err")"

# hps status: the front's size and hypervolume against the derived
# reference, and each limit's count.
/usr/bin/python3 - "$T/status.json" "$T/expect.json" <<'P' || fail "status front: $(cat "$T/status.json")"
import json, sys
st, exp = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
s = [s for s in st["studies"] if s["name"] == "mo"][0]
f = s["front"]
assert f["size"] == 6, f
assert f["reference_given"] == [False, False], f
assert all(abs(a - b) < 1e-9 * max(1, abs(b)) for a, b in zip(f["reference"], exp["reference"])), (f, exp)
assert abs(f["hypervolume"] - exp["hv"]) < 1e-9 * exp["hv"], (f, exp)
lim = {l["metric"]: l["broken"] for l in s["limits"]}
assert lim == {"epoch_seconds": exp["broke_sec"], "val_loss": exp["broke_loss"]}, (lim, exp)
assert s["counts"]["infeasible"] == len(exp["infeasible"])
P
hps status >"$T/status.txt"
grep -q "^mo .*front of 6 .*val_acc (maximize), params (minimize)" "$T/status.txt" || fail "status row: $(cat "$T/status.txt")"
grep -q "^mo: front of 6 trials, hypervolume .* up to val_acc .* (derived), params .* (derived)" "$T/status.txt" ||
	fail "status front line: $(cat "$T/status.txt")"
grep -q "^mo: limit epoch_seconds max 5: broken by $(exp 'd["broke_sec"]') completed trials" "$T/status.txt" ||
	fail "status limit line: $(cat "$T/status.txt")"

# trials and export show every objective; infeasible trials say why.
expect_eq "$(jq_py '[o["name"] for o in d["objectives"]]' <"$T/trials.json")" "['val_acc', 'params']" "trials' objectives"
expect_eq "$(jq_py 'all(len(t["objectives"]) == 2 and t["objectives"][1] > 0 for t in d["trials"])' <"$T/trials.json")" True "trials' values"
hps trials mo | grep -q "^TRIAL  *STATE  *val_acc  *params  *STEP" || fail "hps trials' columns"
hps trials mo | grep -q "infeasible: epoch_seconds was 6.8267, above its limit max 5" || fail "hps trials: the reason"
hps export mo --format csv >"$T/mo.csv"
head -1 "$T/mo.csv" | grep -q "^number,state,objective,objective_val_acc,objective_params," || fail "export columns: $(head -1 "$T/mo.csv")"

# The report draws the front and marks the infeasible trials.
hps report mo -o "$T/mo.html" >/dev/null || fail "hps report failed"
grep -q 'class="front"' "$T/mo.html" || fail "the report has no front"
grep -q "infeasible" "$T/mo.html" || fail "the report does not mark infeasible trials"

# A given reference point is used and shown as given; after a restart the
# front is the same, from what the store holds.
sed -e 's/^name: mo$/name: mo-ref/' -e 's/summary: best}/summary: best, reference: 0.3}/' \
    -e 's/goal: minimize}/goal: minimize, reference: 500000}/' "$T/mo.yaml" >"$T/ref.yaml"
hps submit "$T/ref.yaml" --wait >/dev/null || fail "the reference study failed"
hv_of() { hps status --json | study_field "$1" front.hypervolume; }
hv_ref=$(hv_of mo-ref)
expect_eq "$(hps status --json | study_field mo-ref front.reference)" "[0.3, 500000.0]" "given reference"
/usr/bin/python3 - "$T/trials.json" "$HPS_SRC/tests/data/front" "$hv_ref" <<'P' || fail "hypervolume against the given reference"
import json, sys
sys.path.insert(0, sys.argv[2])
import train
pts = []
for t in json.load(open(sys.argv[1]))["trials"]:
    u, lr = t["params"]["units"], t["params"]["lr"]
    acc, loss, sec = train.metrics(u, lr, 4)
    if round(sec, 4) <= 5 and float(f"{loss:.6f}") <= 0.55:
        pts.append((-float(f"{acc:.6f}"), train.params(u)))
ref, hv, best1 = (-0.3, 500000), 0.0, 500000
for y0, y1 in sorted(p for p in pts if p[0] < ref[0] and p[1] < ref[1]):
    if y1 < best1:
        hv += (ref[0] - y0) * (best1 - y1)
        best1 = y1
got = float(sys.argv[3])
assert abs(got - hv) < 1e-9 * hv, (got, hv)
P
hv_before=$(hv_of mo)
hps shutdown >/dev/null
wait_daemon_gone
start_daemon
expect_eq "$(hv_of mo)" "$hv_before" "hypervolume after a restart"

# Multi-objective ASHA: trials of 9 epochs, rungs at 1, 3; the pruned say
# where they stood.
sed -e 's/^name: mo$/name: mo-asha/' -e 's/ 4$/ 9/' "$T/mo.yaml" >"$T/asha.yaml"
printf 'early_stopping: {rule: asha, min_steps: 1, eta: 3, max_steps: 9}\n' >>"$T/asha.yaml"
hps submit "$T/asha.yaml" --wait >"$T/asha.out" || fail "the ASHA study failed"
grep -q "^mo-asha: trial [0-9]* completed val_acc [0-9.]* params [0-9]*  \[" "$T/asha.out" ||
	fail "submit --wait does not show every objective: $(head "$T/asha.out")"
hps trials mo-asha --json >"$T/asha.json"
expect_eq "$(jq_py 'sum(t["state"] == "pruned" for t in d["trials"]) > 0' <"$T/asha.json")" True "ASHA pruned nothing"
jq_py '[t["error"] for t in d["trials"] if t["state"] == "pruned"][0]' <"$T/asha.json" |
	grep -q "pruned by the asha rule: step .*non-dominated rank" || fail "the pruned trials' reason"

# Three objectives, by the model-based methods: they run, and the report
# draws each pair and the objectives' parallel coordinates.
for m in genetic bayes; do
	sed -e "s/^name: mo$/name: mo3-$m/" -e "s/^method: grid$/method: $m/" \
	    -e 's/^budget: .*/budget: {trials: 8, parallel: 2}\nseed: 3/' \
	    -e 's/^  - {name: params, goal: minimize}$/&\n  - {name: epoch_seconds, goal: minimize}/' \
	    "$T/mo.yaml" >"$T/mo3-$m.yaml"
	hps submit "$T/mo3-$m.yaml" --wait >/dev/null || fail "$m with three objectives failed"
	expect_eq "$(hps status --json | study_field "mo3-$m" counts.completed)" 8 "$m: trials completed"
	expect_eq "$(hps best "mo3-$m" --json | jq_py 'all(len(t["objectives"]) == 3 for t in d["trials"])')" True "$m: three values"
done
hps report mo3-bayes -o "$T/mo3.html" >/dev/null || fail "the three-objective report failed"
expect_eq "$(grep -o '<svg viewBox="0 0 340 300"' "$T/mo3.html" | wc -l)" 3 "a scatter per pair"
grep -q "<h3>All objectives</h3>" "$T/mo3.html" || fail "no parallel coordinates of the objectives"

# The median rule and several objectives: refused where the rule is.
sed -e 's/^name: mo$/name: mo-median/' "$T/mo.yaml" >"$T/median.yaml"
printf 'early_stopping:\n  rule: median\n' >>"$T/median.yaml"
out=$(hps submit "$T/median.yaml" 2>&1) && fail "median with several objectives accepted"
case $out in *median.yaml:15:9:\ early_stopping\ rule\ median\ compares\ one\ value\ per\ trial*use\ rule:\ asha*) ;;
*) fail "median refusal: $out" ;; esac
echo ok
