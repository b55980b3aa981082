# The Fashion-MNIST trainer as a real trial: a small random sweep through
# hpsd, and hps best shows the validation winner with its test accuracy
# beside it. Skipped (77) without Debian's dataset-fashion-mnist.
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
echo ok
