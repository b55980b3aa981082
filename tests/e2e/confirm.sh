# confirm: once the budget is spent, the top configurations run again
# with seeds 1..repeats ({seed} and HPS_SEED; every first run has seed 0),
# outside budget.trials; hps best ranks them by the mean of their runs with
# a 95% t-interval and says when neighbours' intervals overlap; a restart
# of hpsd while repeats run loses none and runs none twice.
. "$(dirname "$0")/lib.sh"

# The trial: configuration A's value under SEED, by MODE; every run logs
# its {seed} and HPS_SEED. In mode wait the repeats wait for $T/go.
cat > "$T/trial.sh" <<'S'
#!/bin/sh
mode=$1 a=$2 seed=$3
echo "$a $seed $HPS_SEED" >> "$RUNS.$mode"
if [ "$mode" = wait ] && [ "$seed" -gt 0 ]; then
	while [ ! -e "$GO" ]; do sleep 0.1; done
fi
case $mode in
front) echo "cost=$((5 - a))"; v=$((10 * a + seed)) ;;
wide) if [ "$a" = 1 ]; then v=$((1 + 3 * seed)); else v=$a; fi ;;
*) v=$((10 * a + seed)) ;;
esac
echo "step=1 value=$v"
S
chmod +x "$T/trial.sh"

# study MODE [METRIC]: a grid of four, the top two repeated twice.
study() {
	metric=${2:-'{name: value, goal: minimize}'}
	cat > "$T/$1.yaml" <<Y
name: $1
command: $T/trial.sh $1 {a} {seed}
method: grid
metric: $metric
budget: {parallel: 2}
env: {RUNS: $T/runs, GO: $T/go}
confirm: {top: 2, repeats: 2}
parameters:
  a: {type: int, min: 1, max: 4}
Y
	hps submit "$T/$1.yaml" >/dev/null
}

# number NAME A: the trial number of configuration A's first run.
number() {
	hps trials "$1" --json | jq_py "[t['number'] for t in d['trials'] if t['params']['a'] == $2 and t['repeat_of'] is None][0]"
}

# repeats NAME: "repeat_of:seed:state" of each repeat, sorted.
repeats() {
	hps trials "$1" --json | jq_py "' '.join(sorted('%d:%d:%s' % (t['repeat_of'], t['seed'], t['state']) for t in d['trials'] if t['repeat_of'] is not None))"
}

start_daemon --slots 2

# Runs apart: each configuration's runs are 10a, 10a+1, 10a+2.
study spread
wait_study spread
expect_eq "$(hps status --json | study_field spread state)" completed "spread: state"
n1=$(number spread 1) n2=$(number spread 2)
expect_eq "$(repeats spread)" "$n1:1:completed $n1:2:completed $n2:1:completed $n2:2:completed" "spread: repeats"
expect_eq "$(hps trials spread --json | jq_py "sorted((t['seed'], t['origin']) for t in d['trials'] if t['repeat_of'] is None)")" \
	"[(0, 'search'), (0, 'search'), (0, 'search'), (0, 'search')]" "spread: first runs' seeds"
# Every run saw its seed both ways.
awk '$2 != $3 { exit 1 }' "$T/runs.spread" || fail "a run's {seed} and HPS_SEED differ: $(cat "$T/runs.spread")"
expect_eq "$(sort "$T/runs.spread" | tr '\n' ' ')" "1 0 0 1 1 1 1 2 2 2 0 0 2 1 1 2 2 2 3 0 0 4 0 0 " "spread: runs"
hps best spread --json >"$T/best.json"
expect_eq "$(jq_py "[(t['number'], t['runs'], t['mean'], [round(x, 3) for x in t['interval']]) for t in d['trials'][:2]]" <"$T/best.json")" \
	"[($n1, 3, 11.0, [8.516, 13.484]), ($n2, 3, 21.0, [18.516, 23.484])]" "spread: means and intervals"
expect_eq "$(jq_py "(d['confirm']['resolved'], d['confirm']['unresolved'], [t.get('runs') for t in d['trials'][2:]])" <"$T/best.json")" \
	"(True, [], [None, None])" "spread: resolved"
hps best spread >"$T/best.txt"
grep -q "#$n1  mean 11 over 3 runs, 8.5.* .. 13.4" "$T/best.txt" || fail "spread: best's text: $(cat "$T/best.txt")"
grep -q "the order is resolved" "$T/best.txt" || fail "spread: resolved line: $(cat "$T/best.txt")"
# Repeats are not in the budget: hps budget still counts 4.
hps budget spread --trials 4 >/dev/null || fail "spread: budget of 4 refused, repeats counted in it"
hps trials spread | grep -q "repeat of #$n1, seed 2" || fail "spread: hps trials shows no repeat: $(hps trials spread)"
hps status | grep -q "^spread .* 4/4 +4/4 repeats " || fail "spread: status counts the repeats in the budget: $(hps status)"

# Runs overlapping: a=1 gives 1, 4, 7 (mean 4), a=2 gives 2 each time.
study wide
wait_study wide
n1=$(number wide 1) n2=$(number wide 2)
hps best wide --json >"$T/best.json"
expect_eq "$(jq_py "([(t['number'], t['mean']) for t in d['trials'][:2]], d['confirm']['resolved'], d['confirm']['unresolved'])" <"$T/best.json")" \
	"([($n2, 2.0), ($n1, 4.0)], False, [[$n2, $n1]])" "wide: ranked by the mean, unresolved"
hps best wide | grep -q "the order is not resolved: #$n2 and #$n1 overlap" ||
	fail "wide: no unresolved statement: $(hps best wide)"

# Two objectives, each point on the front (value 10a + seed, cost 5 - a):
# the front's first two by value are repeated, each objective's mean and
# interval given.
study front "[{name: value, goal: minimize}, {name: cost, goal: minimize}]"
wait_study front
n1=$(number front 1) n2=$(number front 2)
expect_eq "$(repeats front)" "$n1:1:completed $n1:2:completed $n2:1:completed $n2:2:completed" "front: repeats"
hps best front --json >"$T/best.json"
expect_eq "$(jq_py "([(t['number'], t['means'], [[round(x, 3) for x in i] for i in t['intervals']]) for t in d['trials'][:2]], d['front']['size'], d['confirm']['resolved'])" <"$T/best.json")" \
	"([($n1, [11.0, 4.0], [[8.516, 13.484], [4.0, 4.0]]), ($n2, [21.0, 3.0], [[18.516, 23.484], [3.0, 3.0]])], 4, True)" "front: means and intervals"
hps best front | grep -q "the order is resolved" || fail "front: best's text: $(hps best front)"

# hpsd stops (its trials stopped) while the repeats run; the next one
# runs each missing repeat once.
study wait
wait_for 300 "repeats running" sh -c "[ \"\$(hps trials wait --json | python3 -c 'import json,sys; print(sum(t[\"repeat_of\"] is not None and t[\"state\"] == \"running\" for t in json.load(sys.stdin)[\"trials\"]))')\" = 2 ]"
hps shutdown --stop >/dev/null
wait_daemon_gone
start_daemon --slots 2
touch "$T/go"
wait_study wait
n1=$(number wait 1) n2=$(number wait 2)
expect_eq "$(repeats wait)" "$n1:1:completed $n1:2:completed $n2:1:completed $n2:2:completed" "wait: repeats after the restart"
expect_eq "$(hps trials wait --json | jq_py "len(d['trials'])")" 8 "wait: trials"
expect_eq "$(hps best wait --json | jq_py "(d['trials'][0]['number'], d['trials'][0]['mean'], d['confirm']['resolved'])")" \
	"($n1, 11.0, True)" "wait: best after the restart"
echo ok
