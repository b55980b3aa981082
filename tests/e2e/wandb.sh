# W&B sweep files run unchanged: hps submit translates them (hps convert
# shows the same translation), the trials get W&B's ${args} and
# ${args_json_file}, and hps best finds the winner of each sweep.
. "$(dirname "$0")/lib.sh"
start_daemon
mkdir "$T/proj"

# A training script as W&B users write them: argparse with --name=value,
# metrics printed each epoch (wandb.log alone would not reach hpsd).
cat > "$T/proj/train.py" <<'P'
import argparse
p = argparse.ArgumentParser()
p.add_argument("--lr", type=float)
p.add_argument("--optimizer")
p.add_argument("--epochs", type=int)
a = p.parse_args()
best = {"adam": 0.1, "sgd": 0.3}[a.optimizer] + abs(a.lr - 0.01) * 10
for epoch in range(1, a.epochs + 1):
    print(f"epoch={epoch} val_loss={best + 1.0 / epoch:.6f}", flush=True)
P
cat > "$T/proj/sweep.yaml" <<'Y'
program: train.py
name: wb-args
method: grid
metric:
  name: val_loss
  goal: minimize
parameters:
  lr:
    values: [0.1, 0.01, 0.001]
  optimizer:
    values: ["adam", "sgd"]
  epochs:
    value: 3
Y
hps convert "$T/proj/sweep.yaml" >"$T/converted.yaml" || fail "convert failed"
# W&B passes the parameters sorted by name, as its agent does.
grep -q '^command: \[/usr/bin/env, python3, train.py, "--epochs={@params_py:epochs}", "--lr={@params_py:lr}"' \
	"$T/converted.yaml" || fail "convert: $(cat "$T/converted.yaml")"
hps submit "$T/proj/sweep.yaml" --wait >/dev/null 2>"$T/submit.err" ||
	fail "W&B sweep failed: $(cat "$T/submit.err")"
grep -q "is a W&B sweep" "$T/submit.err" || fail "no translation notice"
hps best wb-args --top 10 --json >"$T/best.json"
expect_eq "$(jq_py 'len(d["trials"])' <"$T/best.json")" 6 "grid size"
expect_eq "$(jq_py 'd["trials"][0]["params"]["lr"]' <"$T/best.json")" \
	0.01 "winning lr"
expect_eq "$(jq_py 'd["trials"][0]["params"]["optimizer"]' <"$T/best.json")" \
	adam "winning optimizer"
# The stored study text is the translation, so it can be read back later.
expect_eq "$(hps status --json | study_field wb-args state)" completed \
	"study state"

# ${args_json_file}: nested parameters arrive nested, as W&B writes them.
cat > "$T/proj/train_json.py" <<'P'
import json, sys
with open(sys.argv[1]) as f:
    c = json.load(f)
loss = abs(c["optimizer"]["lr"] - 0.01) + c["optimizer"]["nadam"]["beta"]
for epoch in (1, 2):
    print(json.dumps({"epoch": epoch, "val_loss": loss + 1.0 / epoch}))
P
cat > "$T/proj/nested.yaml" <<'Y'
program: train_json.py
name: wb-json
method: random
run_cap: 4
metric: {name: val_loss, goal: minimize, target: -1}
command:
  - ${env}
  - ${interpreter}
  - ${program}
  - ${args_json_file}
parameters:
  optimizer:
    parameters:
      lr:
        distribution: q_uniform
        min: 0.01
        max: 0.03
        q: 0.01
      nadam:
        parameters:
          beta:
            values: [0.9, 0.5]
Y
hps submit "$T/proj/nested.yaml" --wait >/dev/null 2>"$T/submit.err" ||
	fail "nested sweep failed: $(cat "$T/submit.err")"
hps best wb-json --top 10 --json >"$T/best.json"
expect_eq "$(jq_py 'len(d["trials"])' <"$T/best.json")" 4 "run_cap"
dir=$(jq_py 'd["trials"][0]["dir"]' <"$T/best.json")
[ -f "$dir/params-nested.json" ] || fail "no params-nested.json in $dir"
jq_py 'd["optimizer"]["nadam"]["beta"]' <"$dir/params-nested.json" \
	>/dev/null || fail "params-nested.json is not nested"

# A W&B field hpsd cannot honour is refused at its position; nothing runs.
printf 'program: t.py\nmethod: random\nrun_cap: 2\nmetric: {name: l}\n%s\n' \
	'parameters: {x: {distribution: normal}}' >"$T/proj/bad.yaml"
if hps submit "$T/proj/bad.yaml" 2>"$T/bad.err"; then
	fail "a normal distribution was accepted"
fi
grep -q "bad.yaml:5:32: parameter 'x': distribution normal is not" \
	"$T/bad.err" || fail "refusal: $(cat "$T/bad.err")"
echo ok
