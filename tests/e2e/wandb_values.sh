# W&B sweeps whose values are lists or mappings (issue 28): each trial gets
# them as W&B's agent gives them, f"--{name}={value}" (Python's str() of
# the value), in wandb.config through W&B's run config file, and as JSON
# in HPS_PARAMS_JSON; PyYAML's reading of the sweep file is the oracle.
# grid walks them all, random and bayes draw among them as opaque
# choices, and a native space file takes them too.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import yaml' ||
	fail "python3-yaml is missing (scripts/deps installs it)"
start_daemon
mkdir "$T/proj"

# The trial checks its words against its wandb.config and records both.
cat > "$T/proj/train.py" <<'P'
import json, os, sys, yaml
with open(os.environ["WANDB_SWEEP_PARAM_PATH"]) as f:
    d = yaml.safe_load(f)
assert d.pop("wandb_version") == 1
c = {k: v["value"] for k, v in d.items()}
env = json.loads(os.environ["HPS_PARAMS_JSON"])
for k in ("hidden", "sched", "tasks"):
    assert "--%s=%s" % (k, c[k]) in sys.argv[1:], (k, c[k], sys.argv)
    assert env[k] == c[k], (k, env[k], c[k])
with open(os.path.join(os.environ["HPS_TRIAL_DIR"], "seen.json"), "w") as f:
    json.dump(c, f)
print(json.dumps({"epoch": 1, "val loss": len(str(c["hidden"])) + c["x"]}))
P
cat > "$T/proj/sweep.yaml" <<'Y'
program: train.py
method: grid
metric: {name: val loss, goal: minimize}
parameters:
  hidden:
    values:
      - [128, 128]
      - [64, 1e-5, 2.0, yes, null]
  sched:
    values:
      - {sched: polynomial, power: 1.0, end: 1e-5}
      - {sched: step}
      - plain
  tasks: {value: ['mlm']}
  x: {values: [1, 2]}
Y
/usr/bin/python3 - "$T/proj/sweep.yaml" >"$T/want.json" <<'P'
import json, sys, yaml
p = yaml.safe_load(open(sys.argv[1]))["parameters"]
print(json.dumps(sorted(json.dumps(
    {"hidden": h, "sched": s, "tasks": p["tasks"]["value"], "x": x}, sort_keys=True)
    for h in p["hidden"]["values"] for s in p["sched"]["values"]
    for x in p["x"]["values"])))
P
for method in grid random bayes; do
	sed "s/^method: grid/method: $method/" "$T/proj/sweep.yaml" >"$T/proj/s-$method.yaml"
	n=6
	[ $method = grid ] && n=12
	hps submit "$T/proj/s-$method.yaml" --name "v-$method" --trials $n --wait \
		>/dev/null 2>"$T/err" || fail "$method: $(cat "$T/err")"
	hps best "v-$method" --top 12 --json >"$T/best.json"
	/usr/bin/python3 - "$T/best.json" "$T/want.json" $method $n <<'P' ||
import json, sys
trials = json.load(open(sys.argv[1]))["trials"]
want = set(json.load(open(sys.argv[2])))
seen = [json.dumps(json.load(open(t["dir"] + "/seen.json")), sort_keys=True)
        for t in trials]
assert len(trials) == int(sys.argv[4]), trials
assert set(seen) <= want, set(seen) - want
if sys.argv[3] == "grid":
    assert sorted(seen) == sorted(want), seen
P
		fail "$method: the values the trials saw"
done
hps trials v-grid >"$T/trials.txt"
grep -qF 'hidden=[128,128]' "$T/trials.txt" ||
	fail "hps trials does not show the list: $(cat "$T/trials.txt")"

# A native space file takes lists and mappings as values too ({name} is
# their JSON text); genetic searches over them as over any categorical.
cat > "$T/native.yaml" <<Y
name: native
command: [/usr/bin/python3, -c, "import sys, json; print(json.dumps(dict(loss=len(sys.argv[1]) + len(sys.argv[2]))))", "{units}", "{opt}"]
metric: {name: loss, goal: minimize}
method: genetic
budget: {trials: 8}
parameters:
  units: {values: [[512, 256], [64], [32, 32, 32]]}
  opt: {values: [{name: sgd, momentum: 0.9}, {name: adam}]}
Y
hps submit "$T/native.yaml" --wait >/dev/null 2>"$T/err" || fail "native: $(cat "$T/err")"
hps best native --top 8 --json >"$T/b.json"
/usr/bin/python3 - "$T/b.json" <<'P' || fail "native: the words the trials got"
import json, sys
trials = json.load(open(sys.argv[1]))["trials"]
# Six points in all: genetic runs each once, never one twice.
assert len({json.dumps(t["params"]) for t in trials}) == len(trials) == 6, trials
for t in trials:
    p = t["params"]
    assert p["units"] in ([512, 256], [64], [32, 32, 32]), p
    assert t["objective"] == len(json.dumps(p["units"])) + len(json.dumps(p["opt"])), t
P
echo ok
