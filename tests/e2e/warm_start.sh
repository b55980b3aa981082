# A study's warm start: warm_start.points run first, in order, exactly as
# given, and count toward the budget; hps enqueue adds a checked point to
# a running study, which runs next; bad points are refused with their
# place in the file or the word to fix.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 1

cat > "$T/points.yaml" <<'Y'
name: points
command: sh -c 'echo "loss=$HPS_PARAM_x"'
method: bayes
metric: {name: loss, goal: minimize}
budget: {trials: 6}
parameters:
  x: {type: float, min: 0, max: 1}
  k: {type: int, min: 1, max: 9, step: 2, default: 3}
  opt: {values: [sgd, adam]}
warm_start:
  points:
    - {x: 0.125, k: 7, opt: adam}
    - {x: 0.75, opt: sgd}
Y
hps submit "$T/points.yaml" --wait >/dev/null || fail "points study"
hps trials points --json >"$T/trials"
expect_eq "$(jq_py 'len(d["trials"])' <"$T/trials")" 6 "the points count"
expect_eq "$(jq_py '[t["state"] for t in d["trials"]].count("completed")' \
	<"$T/trials")" 6 "every trial completed"
expect_eq "$(jq_py '[(t["origin"], t["params"]) for t in d["trials"][:2]]' \
	<"$T/trials")" \
	"[('point', {'x': 0.125, 'k': 7, 'opt': 'adam'}), ('point', {'x': 0.75, 'k': 3, 'opt': 'sgd'})]" \
	"the points first, exactly, k defaulted"
expect_eq "$(jq_py 'set(t["origin"] for t in d["trials"][2:])' \
	<"$T/trials")" "{'search'}" "then the method's"

# A point outside the space is refused at its place; nothing is stored.
sed -e 's/^name: points/name: bad/' -e 's/x: 0.75, opt/x: 1.5, opt/' \
	"$T/points.yaml" >"$T/bad.yaml"
! hps submit "$T/bad.yaml" 2>"$T/err" || fail "a point outside the range"
grep -q "bad.yaml:13:11: x: 1.5 is outside its range" "$T/err" ||
	fail "point error: $(cat "$T/err")"
! hps submit "$T/points.yaml" --name capped --trials 1 2>"$T/err" ||
	fail "--trials below the points"
grep -q "fewer than the file's 2 warm_start points" "$T/err" ||
	fail "--trials error: $(cat "$T/err")"
hps status --json | jq_py '[s["name"] for s in d["studies"]]' >"$T/names"
expect_eq "$(cat "$T/names")" "['points']" "refused studies are not stored"

# hps enqueue on a running study: the point runs next.
cat > "$T/held.yaml" <<Y
name: held
command: sh -c 'while [ ! -e "$T/go" ]; do sleep 0.05; done; echo "loss=\$HPS_PARAM_x"'
method: random
metric: {name: loss, goal: minimize}
budget: {trials: 3}
parameters:
  x: {type: float, min: 0, max: 1}
  opt: {values: [sgd, adam]}
Y
hps submit "$T/held.yaml" >/dev/null || fail "held study"
wait_trials held running 1
hps enqueue held x=0.5 opt=adam >"$T/out" || fail "enqueue: $(cat "$T/out")"
expect_eq "$(cat "$T/out")" "held: trial 1 queued" "enqueue's answer"
! hps enqueue held x=2 opt=adam 2>"$T/err" || fail "enqueue out of range"
grep -q "x=2 is outside its range" "$T/err" || fail "range: $(cat "$T/err")"
! hps enqueue held x=0.1 optt=sgd 2>"$T/err" || fail "enqueue unknown name"
grep -q "no parameter 'optt' in this study (did you mean opt?)" "$T/err" ||
	fail "unknown: $(cat "$T/err")"
! hps enqueue held x=0.1 2>"$T/err" || fail "enqueue without opt"
grep -q "give opt=VALUE" "$T/err" || fail "missing: $(cat "$T/err")"
hps enqueue held x=0.25 opt=sgd >/dev/null || fail "second enqueue"
! hps enqueue held x=0.3 opt=sgd 2>"$T/err" || fail "enqueue past the budget"
grep -q "has used its budget of 3 trials" "$T/err" ||
	fail "budget: $(cat "$T/err")"
touch "$T/go"
wait_study held
hps trials held --json >"$T/trials"
expect_eq "$(jq_py '[(t["origin"], t["params"]["x"]) for t in d["trials"]]' \
	<"$T/trials")" "[('search', $(jq_py 'd["trials"][0]["params"]["x"]' \
	<"$T/trials")), ('enqueued', 0.5), ('enqueued', 0.25)]" \
	"enqueued points run next, in order, within the budget"
! hps enqueue held x=0.5 opt=adam 2>"$T/err" || fail "enqueue when done"
grep -q "study 'held' is completed" "$T/err" || fail "done: $(cat "$T/err")"

# A grid counts the points as grid points done: it runs the rest of the
# grid once and ends.
cat > "$T/grid.yaml" <<'Y'
name: grid
command: sh -c 'echo "loss=$HPS_PARAM_k"'
method: grid
metric: {name: loss, goal: minimize}
parameters:
  k: {type: int, min: 1, max: 3}
warm_start: {points: [{k: 2}]}
Y
hps submit "$T/grid.yaml" --wait >/dev/null || fail "grid study"
expect_eq "$(hps trials grid --json | jq_py \
	'[(t["origin"], t["params"]["k"]) for t in d["trials"][:1]] + sorted(t["params"]["k"] for t in d["trials"][1:])')" \
	"[('point', 2), 1, 3]" "the rest of the grid after the point, once"
expect_eq "$(hps status --json | study_field grid state)" completed \
	"the grid covered"

# A grid imports another study's trials as its points done: a wider grid
# runs only what is new.
sed -e 's/^name: grid/name: wider/' -e 's/max: 3}/max: 5}/' \
	-e 's/warm_start: .*/warm_start: {from: [grid]}/' \
	"$T/grid.yaml" >"$T/wider.yaml"
hps submit "$T/wider.yaml" --wait >/dev/null || fail "wider study"
expect_eq "$(hps trials wider --json | jq_py \
	'sorted((t["origin"], t["params"]["k"]) for t in d["trials"])')" \
	"[('imported', 1), ('imported', 2), ('imported', 3), ('search', 4), ('search', 5)]" \
	"the imported grid points are not run again"

# hps enqueue on a running grid: the point runs next and the grid skips
# it when it comes to it (listed order, one trial at a time).
cat > "$T/gridq.yaml" <<Y
name: gridq
command: sh -c 'while [ ! -e "$T/goq" ]; do sleep 0.05; done; echo "loss=\$HPS_PARAM_k"'
method: grid
grid: {order: listed}
metric: {name: loss, goal: minimize}
budget: {parallel: 1}
parameters:
  k: {type: int, min: 1, max: 4}
Y
hps submit "$T/gridq.yaml" >/dev/null || fail "gridq study"
wait_trials gridq running 1
hps enqueue gridq k=3 >/dev/null || fail "enqueue on a grid"
touch "$T/goq"
wait_study gridq
expect_eq "$(hps trials gridq --json | jq_py \
	'[(t["origin"], t["params"]["k"]) for t in d["trials"]]')" \
	"[('search', 1), ('enqueued', 3), ('search', 2), ('search', 4)]" \
	"the enqueued grid point is not run again"

# warm_start.from: a second study imports the first's finished trials
# that lie in its space: a shrunk range drops the others, a new parameter
# takes its default, a dropped one (a single value) is left behind. They
# are shown as imported, not run, not counted in the budget.
cat > "$T/monday.yaml" <<'Y'
name: monday
command: sh -c 'echo "loss=$HPS_PARAM_x"'
method: random
seed: 3
metric: {name: loss, goal: minimize}
budget: {trials: 12, parallel: 2}
parameters:
  x: {type: float, min: 0, max: 1}
  opt: {value: adam}
Y
hps submit "$T/monday.yaml" --wait >/dev/null || fail "monday"
inside=$(hps trials monday --json |
	jq_py 'sum(t["params"]["x"] <= 0.5 for t in d["trials"])')
[ "$inside" -gt 0 ] && [ "$inside" -lt 12 ] || fail "seed 3 gave $inside inside"
cat > "$T/tuesday.yaml" <<'Y'
name: tuesday
command: sh -c 'echo "loss=$HPS_PARAM_x"'
method: bayes
metric: {name: loss, goal: minimize}
budget: {trials: 3}
parameters:
  x: {type: float, min: 0, max: 0.5}
  bs: {values: [32, 64], default: 32}
warm_start: {from: [monday]}
Y
hps submit "$T/tuesday.yaml" --check >"$T/out" || fail "check: $(cat "$T/out")"
grep -q "would import $inside trials from warm_start.from ($((12 - inside)) outside this space)" \
	"$T/out" || fail "check's count: $(cat "$T/out")"
hps submit "$T/tuesday.yaml" --wait >/dev/null || fail "tuesday"
hps trials tuesday --json >"$T/trials"
expect_eq "$(jq_py '[t["state"] for t in d["trials"]].count("imported")' \
	<"$T/trials")" "$inside" "imported trials"
expect_eq "$(jq_py '[t["state"] for t in d["trials"]].count("completed")' \
	<"$T/trials")" 3 "new trials: the budget leaves imports out"
expect_eq "$(jq_py 'set((t["origin"], t["source"].split("#")[0], t["params"]["bs"]) for t in d["trials"] if t["state"] == "imported")' \
	<"$T/trials")" "{('imported', 'monday', 32)}" "imports' origin and default"
expect_eq "$(hps status --json | study_field tuesday counts.imported)" \
	"$inside" "status counts the imported"

# What cannot be imported is refused at the from: entry.
sed -e 's/^name: tuesday/name: nodefault/' -e 's/, default: 32//' \
	"$T/tuesday.yaml" >"$T/nodefault.yaml"
! hps submit "$T/nodefault.yaml" 2>"$T/err" || fail "no default"
grep -q "nodefault.yaml:9:21: warm_start.from: study 'monday' has no parameter 'bs'; give bs a default:" \
	"$T/err" || fail "no default: $(cat "$T/err")"
sed -e 's/^name: monday/name: varied/' -e 's/opt: {value: adam}/opt: {values: [adam, sgd]}/' \
	"$T/monday.yaml" >"$T/varied.yaml"
hps submit "$T/varied.yaml" --wait >/dev/null || fail "varied"
sed -e 's/^name: tuesday/name: dropped/' -e 's/from: \[monday\]/from: [varied]/' \
	"$T/tuesday.yaml" >"$T/dropped.yaml"
! hps submit "$T/dropped.yaml" 2>"$T/err" || fail "a dropped parameter that varied"
grep -q "study 'varied' varied 'opt'" "$T/err" || fail "dropped: $(cat "$T/err")"
sed -e 's/^name: tuesday/name: unknown/' -e 's/from: \[monday\]/from: [sunday]/' \
	"$T/tuesday.yaml" >"$T/unknown.yaml"
! hps submit "$T/unknown.yaml" 2>"$T/err" || fail "an unknown study"
grep -q "unknown.yaml:9:21: warm_start.from: no earlier study named 'sunday'" \
	"$T/err" || fail "unknown: $(cat "$T/err")"

# Points queued when hpsd stops run after it restarts, still as points.
cat > "$T/again.yaml" <<Y
name: again
command: sh -c 'while [ ! -e "$T/go2" ]; do sleep 0.05; done; echo "loss=\$HPS_PARAM_x"'
method: random
metric: {name: loss, goal: minimize}
budget: {trials: 4}
parameters:
  x: {type: float, min: 0, max: 1}
warm_start: {points: [{x: 0.5}, {x: 0.25}, {x: 0.125}]}
Y
hps submit "$T/again.yaml" >/dev/null || fail "again"
wait_trials again running 1
hps shutdown >/dev/null
wait_daemon_gone
touch "$T/go2"
start_daemon --slots 1
wait_study again
expect_eq "$(hps trials again --json | jq_py \
	'[(t["origin"], t["state"], t["params"]["x"]) for t in d["trials"]][:3]')" \
	"[('point', 'completed', 0.5), ('point', 'completed', 0.25), ('point', 'completed', 0.125)]" \
	"the points across a restart"
expect_eq "$(hps trials again --json | jq_py 'd["trials"][3]["origin"]')" \
	search "then the method's"
