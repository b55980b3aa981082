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
echo ok
