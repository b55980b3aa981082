# The Fashion-MNIST trainer as a real trial: a small random sweep through
# hpsd, and hps best shows the validation winner with its test accuracy
# beside it; then the course's conditional model search
# (examples/fashion/conditional.yaml) cut down to a few short trials, each
# run with its layers' lists and only its optimizer's and schedule's
# knobs. Skipped (77) without Debian's dataset-fashion-mnist.
. "$(dirname "$0")/lib.sh"
if [ ! -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
	echo "dataset-fashion-mnist is not installed: skipped" >&2
	exit 77
fi
start_daemon
cat > "$T/m.yaml" <<'Y'
name: mlp
command: hps-mlp --lr {lr} --units {units} --dropout {dropout} --batchnorm {bn} --optimizer {opt} --epochs 2 --subset 3000 --val-subset 2000
method: random
metric: {name: val_acc, goal: maximize, summary: best}
budget: {trials: 4, parallel: 2, timeout: 5m}
seed: 3
parameters:
  lr: {type: float, min: 3.0e-4, max: 3.0e-3, log: true}
  units: {type: int, min: 32, max: 128, log: true}
  dropout: {type: float, min: 0.0, max: 0.3, step: 0.1}
  bn: {type: bool}
  opt: {values: [adam, rmsprop]}
Y
hps submit "$T/m.yaml" --wait >"$T/out" || fail "trainer sweep failed: $(tail "$T/out")"
hps best mlp --json >"$T/b.json"
expect_eq "$(jq_py 'd["counts"]["completed"]' <"$T/b.json")" 4 "completed trials"
expect_eq "$(jq_py 'd["trials"][0]["objective"] > 0.6' <"$T/b.json")" True "validation accuracy well above chance"
expect_eq "$(jq_py '0.5 < d["trials"][0]["test"]["test_acc"] <= 1' <"$T/b.json")" True "test accuracy beside the winner"
expect_eq "$(jq_py 'd["trials"][0]["objective"] == max(t["objective"] for t in d["trials"])' <"$T/b.json")" True "ranked by validation"
hps best mlp | grep -q "test_acc" || fail "hps best does not show test_acc"

sed -e 's/^command: hps-mlp /command: hps-mlp --val-subset 2000 /' \
	-e 's/{value: 10}/{value: 1}/' -e 's/{value: 50000}/{value: 3000}/' \
	-e 's/trials: 40,/trials: 8,/' "$HPS_SRC/examples/fashion/conditional.yaml" >"$T/c.yaml"
grep -q "trials: 8," "$T/c.yaml" && grep -q "value: 3000" "$T/c.yaml" || fail "the example changed: adapt this test"
hps submit "$T/c.yaml" --check | grep -q "21 dimensions; 36 branches, at most 18 dimensions active in one" ||
	fail "conditional.yaml: not the shape its comment gives"
hps submit "$T/c.yaml" --wait >"$T/out" || fail "conditional sweep failed: $(tail "$T/out")"
expect_eq "$(hps best fashion-conditional --json | jq_py 'd["counts"]["completed"]')" 8 "conditional: completed trials"
/usr/bin/python3 - "$HPS_STATE_DIR/studies/fashion-conditional" <<'P' || fail "conditional: a trial got what does not apply"
import glob, json, sys
ps = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/*/params.json")]
assert len(ps) == 8 and any(p["layers"] > 1 for p in ps), ps
for p in ps:
    o = p["optimizer"]
    assert len(p["units"]) == len(p["dropout"]) == p["layers"], p
    assert sum(p["units"]) <= 2048 and p["units"] == sorted(p["units"], reverse=True), p
    assert ("momentum" in p) == ("nesterov" in p) == (o == "sgd"), p
    assert ("rho" in p) == (o == "rmsprop"), p
    assert ("beta1" in p) == ("beta2" in p) == (o == "adam"), p
    assert ("decay_rate" in p) == (p["lr_decay"] == "exp"), p
P
echo ok
