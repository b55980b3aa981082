# W&B sweeps run as W&B runs them: every trial finds its values in W&B's
# run config file (WANDB_SWEEP_PARAM_PATH), read here as wandb.init() reads
# it; a sweep's values are what PyYAML (W&B's YAML) makes of the file; and
# hyperband stops exactly the trials W&B's hyperband_stop_runs would.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import yaml' ||
	fail "python3-yaml is missing (scripts/deps installs it)"
start_daemon
mkdir "$T/proj"

# wandb.init()'s reading of the file (wandb/sdk/lib/config_util.py,
# dict_from_config_file): YAML, wandb_version dropped, each {value: v}.
cat > "$T/proj/wandb_config.py" <<'P'
import os, yaml
def load():
    with open(os.environ["WANDB_SWEEP_PARAM_PATH"]) as f:
        d = yaml.safe_load(f)
    assert d.pop("wandb_version") == 1
    return {k: v["value"] for k, v in d.items()}
P

# 1. A program that reads only wandb.config: no argument, no HPS_*.
cat > "$T/proj/train.py" <<'P'
import json, os, wandb_config
c = wandb_config.load()
with open(os.path.join(os.environ["HPS_TRIAL_DIR"], "seen.json"), "w") as f:
    json.dump(c, f)
loss = c["lr"] * 10 + c["optimizer"]["beta"] + (0 if c["aug"] else 1)
print(json.dumps({"epoch": 1, "val_loss": loss}))
P
cat > "$T/proj/config.yaml" <<'Y'
program: train.py
name: wb-config
method: grid
metric: {name: val_loss, goal: minimize}
command:
  - ${env}
  - ${interpreter}
  - ${program}
parameters:
  lr: {values: [0.01, 1.0e-5]}
  aug: {values: [yes, off]}
  tag: {value: "010"}
  optimizer:
    parameters:
      beta: {values: [0.9]}
      name: {value: adam}
Y
hps submit "$T/proj/config.yaml" --wait >/dev/null 2>"$T/err" ||
	fail "config sweep: $(cat "$T/err")"
hps best wb-config --top 10 --json >"$T/best.json"
expect_eq "$(jq_py 'len(d["trials"])' <"$T/best.json")" 4 "grid size"
for dir in $(jq_py '" ".join(t["dir"] for t in d["trials"])' <"$T/best.json")
do
	# The values as wandb.config has them: nested, typed as W&B's.
	/usr/bin/python3 - "$dir" <<'P' || fail "wandb.config in $dir"
import json, sys
c = json.load(open(sys.argv[1] + "/seen.json"))
p = json.load(open(sys.argv[1] + "/params.json"))
assert c["lr"] == p["lr"] and type(c["lr"]) is float, c
assert c["aug"] is p["aug"] and type(c["aug"]) is bool, c
assert c["tag"] == "010", c
assert c["optimizer"] == {"beta": 0.9, "name": "adam"}, c
P
done
# W&B's format: the file as wandb agent writes it.
dir=$(jq_py 'd["trials"][0]["dir"]' <"$T/best.json")
head -n 2 "$dir/wandb-config.yaml" | tr '\n' '|' | grep -qx 'wandb_version: 1||' ||
	fail "header: $(cat "$dir/wandb-config.yaml")"
grep -q '^optimizer:$' "$dir/wandb-config.yaml" &&
	grep -q '^  value:$' "$dir/wandb-config.yaml" &&
	grep -q '^    beta: 0.9$' "$dir/wandb-config.yaml" ||
	fail "nesting: $(cat "$dir/wandb-config.yaml")"

# 2. PyYAML is the oracle for the sweep's values: each trial records what
# wandb.config gave it; the set must be what PyYAML reads from the file.
cat > "$T/proj/record.py" <<'P'
import json, os, wandb_config
v = wandb_config.load()["x"]
with open(os.environ["HPS_TRIAL_DIR"] + "/x.json", "w") as f:
    json.dump([type(v).__name__, v], f)
print("epoch=1 loss=1")
P
cat > "$T/proj/yaml11.yaml" <<'Y'
program: record.py
name: wb-yaml11
method: grid
metric: {name: loss, goal: minimize}
command:
  - ${env}
  - ${interpreter}
  - ${program}
parameters:
  x:
    values: [010, 0o10, 1:30, 1_000, 0x10, 0b101, 1e-5, 1.0e5, 1.5e+3,
      .5, 1., 09, +2, -0.25, yes, Off, "on", "No", y, ~null, 2001-12-14x,
      !!float 3, !!int "12", !!str 4, 6.02e+23, 1:30.5]
Y
hps submit "$T/proj/yaml11.yaml" --wait >/dev/null 2>"$T/err" ||
	fail "yaml11 sweep: $(cat "$T/err")"
hps best wb-yaml11 --top 100 --json >"$T/best.json"
/usr/bin/python3 - "$T/proj/yaml11.yaml" "$T/best.json" <<'P' ||
import json, sys, yaml
want = sorted(json.dumps([type(v).__name__, v]) for v in
    yaml.safe_load(open(sys.argv[1]))["parameters"]["x"]["values"])
got = sorted(json.dumps(json.load(open(t["dir"] + "/x.json")))
    for t in json.load(open(sys.argv[2]))["trials"])
if got != want:
    sys.exit("hpsd read %s\nPyYAML reads %s" % (got, want))
P
	fail "the sweep's values differ from PyYAML's"

# 3. Hyperband as W&B decides (max_iter 9, s 2, eta 3: bands 1 and 3),
# one trial at a time. At band 1 the threshold of the values 2.0, 1.0,
# 1.5 is sorted(values)[int(3/3)] = 1.5: the 1.5 run goes on (a top-1/eta
# cut would stop it); then 1.8 among four (threshold 1.5) is stopped.
cat > "$T/proj/curve.py" <<'P'
import sys
first = float(sys.argv[1].split("=")[1])
for epoch in range(1, 10):
    print(f"epoch={epoch} loss={first - epoch * 0.01:.4f}", flush=True)
P
cat > "$T/proj/hyperband.yaml" <<'Y'
program: curve.py
name: wb-hyperband
method: grid
metric: {name: loss, goal: minimize}
parameters:
  first: {values: [2.0, 1.0, 1.5, 1.8]}
early_terminate: {type: hyperband, max_iter: 9, s: 2, eta: 3}
Y
hps submit "$T/proj/hyperband.yaml" --wait >/dev/null 2>"$T/err" ||
	fail "hyperband sweep: $(cat "$T/err")"
hps trials wb-hyperband --json >"$T/trials.json"
expect_eq "$(jq_py '" ".join(t["state"] for t in sorted(d["trials"],
    key=lambda t: t["number"]))' <"$T/trials.json")" \
	"completed completed completed pruned" "hyperband decisions"
echo ok
