# A 3x3 grid runs exactly 9 distinct trials, each point once, even with
# more parallel slots than it needs.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 4
cat > "$T/grid.yaml" <<'Y'
name: g3
command: sh -c 'echo "score=$(( {a} * 10 + {b} ))"'
method: grid
metric: {name: score, goal: maximize}
budget: {parallel: 4}
parameters:
  a: {type: int, min: 1, max: 3}
  b: {values: [1, 2, 3]}
Y
hps submit "$T/grid.yaml" --wait >/dev/null || fail "grid study did not complete"
hps trials g3 --json >"$T/trials.json"
n=$(jq_py 'len(d["trials"])' <"$T/trials.json")
expect_eq "$n" 9 "number of trials"
distinct=$(jq_py 'len({(t["params"]["a"], t["params"]["b"]) for t in d["trials"]})' <"$T/trials.json")
expect_eq "$distinct" 9 "distinct grid points"
done=$(jq_py 'sum(t["state"] == "completed" for t in d["trials"])' <"$T/trials.json")
expect_eq "$done" 9 "completed trials"
best=$(hps best g3 --json | jq_py 'd["trials"][0]["objective"]')
expect_eq "$best" 33.0 "best score"

# metric.target ends a study at the first completed trial that reaches it.
sed -e 's/name: g3/name: g3t/' -e 's/goal: maximize}/goal: maximize, target: 32}/' \
	-e 's/parallel: 4/parallel: 1/' "$T/grid.yaml" >"$T/target.yaml"
hps submit "$T/target.yaml" --wait >/dev/null || fail "target study failed"
hps trials g3t --json >"$T/t2.json"
expect_eq "$(jq_py 'd["trials"][-1]["objective"] >= 32' <"$T/t2.json")" True "the last trial reached the target"
expect_eq "$(jq_py 'sum(t["objective"] >= 32 for t in d["trials"])' <"$T/t2.json")" 1 "trials run after the target"
echo ok
