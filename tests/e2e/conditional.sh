# A conditional, per-layer, constrained space (when:, per:, constraints:)
# run end to end by each of the four methods: no trial's argv, environment
# or params.json ever holds a parameter that does not apply to it, each
# list has as many elements as its length says, no trial breaks a
# constraint, the store keeps inactive parameters as empty cells, grid
# runs every feasible active combination exactly once, and submit --check
# shows the space's shape.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 3

# The trial records what it was given and checks it against itself.
cat > "$T/trial.py" <<'P'
import json, os, sys
a = sys.argv[1:]
p = json.load(open(os.path.join(os.environ["HPS_TRIAL_DIR"], "params.json")))
env = {k[10:]: v for k, v in os.environ.items() if k.startswith("HPS_PARAM_")}
with open(os.path.join(os.environ["HPS_TRIAL_DIR"], "seen.json"), "w") as f:
    json.dump({"argv": a, "env": env, "params": p}, f)
units = [int(u) for u in env["units"].split(",")]
print("loss=%g" % (sum(units) / 100 + (0.3 if p["optimizer"] == "sgd" else 0)))
P
cat > "$T/space.yaml" <<'Y'
name: NAME
command: python3 trial.py --optimizer {optimizer} --momentum {momentum} --beta2={beta2} --units {units} --dropout {dropout} {@args}
method: METHOD
metric: {name: loss, goal: minimize}
budget: {trials: TRIALS, parallel: 3}
OPTS
parameters:
  optimizer: {values: [sgd, adam, rmsprop]}
  momentum:  {values: [0.5, 0.9], when: {optimizer: sgd}}
  beta2:     {values: [0.99, 0.999], when: {optimizer: [adam, rmsprop]}}
  layers:    {type: int, min: 1, max: 3}
  units:     {values: [16, 32, 64], per: layers}
  dropout:   {values: [0.2], per: layers}
constraints:
  - sum(units) <= 64
  - units[1] >= units[2]
Y

# The feasible active combinations, counted by brute force.
feasible=$(/usr/bin/python3 -c '
import itertools
n = 0
for opt in ["sgd", "adam", "rmsprop"]:
    for layers in (1, 2, 3):
        for u in itertools.product([16, 32, 64], repeat=layers):
            if sum(u) > 64 or (layers > 1 and u[0] < u[1]):
                continue
            n += 2    # momentum or beta2
print(n)')

# Every trial of a study: what it saw is what applies, and feasible.
check_study() {
	/usr/bin/python3 - "$HPS_STATE_DIR/studies/$1" "$2" <<'P' || fail "$1: a trial saw what does not apply"
import glob, json, sys
seen = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/*/seen.json")]
assert len(seen) == int(sys.argv[2]), (len(seen), sys.argv[2])
for s in seen:
    p, a, env = s["params"], s["argv"], s["env"]
    sgd = p["optimizer"] == "sgd"
    assert ("momentum" in p) == sgd and ("beta2" in p) != sgd, p
    assert ("--momentum" in a) == sgd and ("momentum" in env) == sgd, s
    assert any(w.startswith("--beta2=") for w in a) != sgd, a
    assert ("beta2" in env) != sgd, env
    assert not any("{" in w for w in a), a
    assert len(p["units"]) == p["layers"] == len(p["dropout"]), p
    assert sum(p["units"]) <= 64, p
    if p["layers"] > 1:
        assert p["units"][0] >= p["units"][1], p
    assert env["units"] == ",".join(map(str, p["units"])), env
    assert "--units=" + env["units"] in a and "--layers=%d" % p["layers"] in a, a
    assert a[a.index("--units") + 1] == env["units"], a
P
}

for m in grid random genetic bayes; do
	trials=12
	opts="seed: 3"
	[ $m = grid ] && trials=1000
	[ $m = bayes ] && opts="bayes: {n_startup: 6}"
	[ $m = genetic ] && opts="genetic: {population: 6}"
	sed -e "s/NAME/c-$m/" -e "s/METHOD/$m/" -e "s/TRIALS/$trials/" \
		-e "s/OPTS/$opts/" "$T/space.yaml" >"$T/$m.yaml"
	hps submit "$T/$m.yaml" --wait >/dev/null || fail "$m study did not complete"
	n=$([ $m = grid ] && echo "$feasible" || echo 12)
	expect_eq "$(hps trials c-$m --json | jq_py 'sum(t["state"] == "completed" for t in d["trials"])')" \
		"$n" "$m completed trials"
	check_study c-$m "$n"
done

# grid: each feasible active combination once
hps trials c-grid --json | jq_py 'len({json.dumps(t["params"], sort_keys=True) for t in d["trials"]})' >"$T/distinct"
expect_eq "$(cat "$T/distinct")" "$feasible" "distinct grid points"

# The store: an inactive parameter is an empty cell, never a value.
hps export c-random --format csv >"$T/c.csv"
/usr/bin/python3 - "$T/c.csv" <<'P' || fail "export shows a value for an inactive parameter"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows
for r in rows:
    assert (r["params_momentum"] == "") != (r["params_optimizer"] == "sgd"), r
    n = int(r["params_layers"])
    for i in range(1, 4):
        assert (r["params_units[%d]" % i] == "") == (i > n), r
P
hps trials c-random | grep -q 'units=[0-9]*\(,[0-9]*\)*' || fail "hps trials does not show the list"
hps trials c-random | grep -q 'momentum=-' && fail "hps trials shows an inactive parameter"
# the report's parallel coordinates: an "inactive" place on the axes of
# the parameters that may not apply
hps report c-random -o "$T/r.html" >/dev/null || fail "report failed"
grep -q 'class="inactive"' "$T/r.html" || fail "report: no inactive place"

# --check: the shape
sed -e "s/NAME/c-check/" -e "s/METHOD/grid/" -e "s/TRIALS/5/" -e "s/OPTS/seed: 1/" \
	"$T/space.yaml" >"$T/check.yaml"
hps submit "$T/check.yaml" --check >"$T/check.out" || fail "--check failed"
grep -q "10 dimensions; 9 branches, at most 9 dimensions active in one:" "$T/check.out" ||
	fail "--check: no branches: $(cat "$T/check.out")"
grep -q "optimizer=sgd layers=3: 9 dimensions" "$T/check.out" || fail "--check: no branch line"
grep -q "grid: 234 points" "$T/check.out" || fail "--check: grid size: $(cat "$T/check.out")"
grep -q "constraints: about 0\.[0-9]* of the space satisfies them" "$T/check.out" ||
	fail "--check: no feasible share"

# A space its constraints leave hopeless is refused where they are.
sed -e "s/NAME/c-hopeless/" -e "s/METHOD/random/" -e "s/TRIALS/5/" -e "s/OPTS/seed: 1/" \
	-e 's/sum(units) <= 64/sum(units) < 16/' "$T/space.yaml" >"$T/hopeless.yaml"
if hps submit "$T/hopeless.yaml" 2>"$T/err"; then
	fail "a hopeless space was accepted"
fi
grep -q "hopeless.yaml:15:3: the constraints leave none of the space" "$T/err" ||
	fail "hopeless: $(cat "$T/err")"
echo ok
