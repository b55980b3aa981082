# Random search with a seed repeats: two studies with the same seed get the
# same configurations in the same order; another seed does not.
. "$(dirname "$0")/lib.sh"
start_daemon
for name in r1 r2 r3; do
	seed=7
	[ $name = r3 ] && seed=8
	cat > "$T/$name.yaml" <<Y
name: $name
command: sh -c 'echo "loss=\$HPS_PARAM_lr"'
method: random
seed: $seed
metric: {name: loss, goal: minimize}
budget: {trials: 6, parallel: 2}
parameters:
  lr: {type: float, min: 1.0e-4, max: 1.0e-1, log: true}
  units: {type: int, min: 32, max: 1024, log: true}
  opt: {values: [sgd, adam, rmsprop]}
Y
	hps submit "$T/$name.yaml" --wait >/dev/null || fail "$name did not complete"
	hps trials $name --json | jq_py '[t["params"] for t in d["trials"]]' >"$T/$name.params"
done
cmp -s "$T/r1.params" "$T/r2.params" || fail "same seed gave different configurations"
cmp -s "$T/r1.params" "$T/r3.params" && fail "different seeds gave the same configurations"
echo ok
