# The Pareto front as a study of two objectives runs: hps watch shows its
# size, hypervolume and trials in a terminal, each plain line says whether
# a trial raised it, and --json carries it in "front" events, ending on
# the front and hypervolume that hps best and hps status compute from the
# store (also after a restart); budget.patience counts trials that do not
# raise the front's hypervolume, not the first objective's best, and the
# report's history draws that hypervolume; and
# hps best --front all refuses a study of one objective, saying why.
. "$(dirname "$0")/lib.sh"
start_daemon

# Each trial prints its point, one at a time in the listed order; acc is
# maximised, params minimised. Trials 2, 3 and 4 trade acc for params
# (no new best acc: patience by the first objective would end after
# them), 5 to 7 add nothing (dominated; a duplicate of 1, on the front beside it; dominated by 0):
# patience 3 ends the study after 8 trials, before trial 8 runs.
# points_study NAME PATIENCE GO: each trial waits for the file GO (in
# the trial's shell: \$HPS_TRIAL_ID is its number).
points_study() {
	cat > "$T/$1.yaml" <<Y
name: $1
command: sh -c 'while [ ! -e $3 ]; do sleep 0.1; done; echo "\$HPS_PARAM_p"'
method: grid
grid: {order: listed}
metric:
  - {name: acc, goal: maximize}
  - {name: params, goal: minimize}
budget: {patience: $2}
parameters:
  p:
    values: ["acc=0.5 params=100", "acc=0.6 params=200", "acc=0.4 params=50",
      "acc=0.35 params=40", "acc=0.3 params=30", "acc=0.2 params=400",
      "acc=0.6 params=200 again=1", "acc=0.5 params=150", "acc=0.99 params=10"]
Y
}
# events FILE: the JSON objects hps watch --json wrote, as a Python list
# (exits 1 until the first is whole).
cat > "$T/events.py" <<'P'
import json, sys
def events(path):
    text, dec, i, out = open(path).read(), json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return out
        try:
            obj, i = dec.raw_decode(text, i)
        except ValueError:
            return out
        out.append(obj)
if __name__ == "__main__":
    sys.exit(0 if events(sys.argv[1]) else 1)
P
snapshot() {
	/usr/bin/python3 "$T/events.py" "$1"
}
points_study pat 3 "$T/go"
hps submit "$T/pat.yaml" >/dev/null
script -qec "hps watch pat" /dev/null >"$T/tty.out" 2>&1 &
tty=$!
hps watch pat --json >"$T/watch.json" &
json=$!
wait_for 120 "hps watch to draw its view" grep -q "0/9 done" "$T/tty.out"
wait_for 120 "hps watch --json to start" snapshot "$T/watch.json"
touch "$T/go"
wait $tty || true	# patience ends the study completed; watch says so
wait $json || true
expect_eq "$(hps status --json | study_field pat counts.completed)" 8 \
	"trials until patience ran out"
expect_eq "$(hps status --json | study_field pat error)" \
	"3 completed trials in a row without raising the front's hypervolume (budget.patience)" \
	"patience's reason"

# The terminal view: the front's size, hypervolume and its trials.
grep -q "front 6 trials, hypervolume [0-9]" "$T/tty.out" || fail "no live front in the view: $(tail -20 "$T/tty.out")"
grep -q "^    #1  *acc 0.6 params 200" "$T/tty.out" || fail "no front trial in the view: $(tail -20 "$T/tty.out")"

# --json: a front event per feasible completed trial; the last one is the
# front hps best gives and the hypervolume hps status computes.
hps best pat --json >"$T/best.json"
hps status --json >"$T/status.json"
/usr/bin/python3 - "$T/watch.json" "$T/best.json" "$T/status.json" "$T" <<'P' || fail "the front events"
import json, sys
sys.path.insert(0, sys.argv[4])
from events import events
evs = events(sys.argv[1])
fr = [e for e in evs if e["event"] == "front"]
assert [e["trial"] for e in fr] == list(range(8)), [e["trial"] for e in fr]
assert [e["joined"] for e in fr] == [True] * 5 + [False] * 3, fr
last = fr[-1]["front"]
best = json.load(open(sys.argv[2]))
st = [s for s in json.load(open(sys.argv[3]))["studies"] if s["name"] == "pat"][0]
assert sorted(p["trial"] for p in last["points"]) == sorted(t["number"] for t in best["trials"]), (last, best)
assert last["size"] == st["front"]["size"] == 6, (last, st["front"])
assert abs(last["hypervolume"] - st["front"]["hypervolume"]) < 1e-9, (last, st["front"])
assert last["reference"] == st["front"]["reference"], (last, st["front"])
assert [p["values"] for p in last["points"]] == sorted((p["values"] for p in last["points"]), key=lambda v: -v[0]), last
assert fr[-1]["summary"]["front"] == last
P

# The report's history draws the front's hypervolume after each trial, a
# dot where it rose: trials 0 to 4.
hps report pat -o "$T/pat.html" >/dev/null || fail "hps report pat"
/usr/bin/python3 - "$T/pat.html" <<'P' || fail "the report's history"
import re, sys
page = open(sys.argv[1]).read()
hist = re.search(r'<section id="history".*?</section>', page, re.S).group(0)
assert "hypervolume of the Pareto front" in hist and ">hypervolume<" in hist, hist[:400]
dots = re.search(r'class="dots"[^>]* d="([^"]*)"', hist).group(1)
assert dots.count("h0") == 5, dots
P

# A plain watcher's lines say which trial raised the front.
points_study pipe 2 "$T/go"
hps submit "$T/pipe.yaml" --wait >"$T/pipe.out" || true
grep -q "^pipe: trial 0 raised the front: 1 trial, hypervolume " "$T/pipe.out" || fail "no front line: $(cat "$T/pipe.out")"
grep -q "^pipe: trial 5 did not raise the front: 5 trials, hypervolume " "$T/pipe.out" || fail "no front line: $(cat "$T/pipe.out")"
expect_eq "$(hps status --json | study_field pipe counts.completed)" 7 "patience 2"

# hpsd killed with trial 5 running: the restart rebuilds the front from
# the store, and patience goes on counting against it (an empty front
# would take trials 5 to 7 as raising it, and run trial 8).
points_study again 3 "$T/go\$HPS_TRIAL_ID"
hps submit "$T/again.yaml" >/dev/null
for n in 0 1 2 3 4; do touch "$T/go$n"; done
wait_trials again completed 5
wait_trials again running 1
hps watch again --json >"$T/before.json" &
watcher=$!
wait_for 120 "the snapshot before the restart" snapshot "$T/before.json"
kill $watcher
kill -9 "$(daemon_pid)"
wait_daemon_gone
start_daemon
hps watch again --json >"$T/after.json" &
watcher=$!
wait_for 120 "the snapshot after the restart" snapshot "$T/after.json"
kill $watcher
/usr/bin/python3 - "$T/before.json" "$T/after.json" "$T" <<'P' || fail "the front after a restart"
import json, sys
sys.path.insert(0, sys.argv[3])
from events import events
before, after = (events(f)[0]["studies"][0]["front"] for f in sys.argv[1:3])
assert before["size"] == 5 and after == before, (before, after)
P
for n in 5 6 7 8; do touch "$T/go$n"; done
wait_for 120 "again to end" field_is again state completed
wait_for 120 "again's trials to finish" field_is again counts.running 0
expect_eq "$(hps status --json | study_field again counts.completed)" 8 \
	"patience after the restart"

# --front all with one objective: refused, saying what ranks its trials.
cat > "$T/one.yaml" <<'Y'
name: one
command: sh -c 'echo "loss=$HPS_PARAM_x"'
method: grid
metric: {name: loss, goal: minimize}
parameters:
  x: {values: [3, 1, 2]}
Y
hps submit "$T/one.yaml" --wait >/dev/null || fail "one"
hps best one --front all >"$T/out" 2>"$T/err" && fail "--front all accepted with one objective: $(cat "$T/out")"
grep -q "study 'one' has one objective (loss): --front all lists the non-dominated ranks of several objectives; hps best one --top K ranks its trials by loss" "$T/err" ||
	fail "--front all's refusal: $(cat "$T/err")"
hps --no-start --db "$HPS_STATE_DIR/hpsd.db" best one --front all 2>"$T/err" && fail "--db --front all accepted"
grep -q "has one objective" "$T/err" || fail "--db refusal: $(cat "$T/err")"
hps best one --json | jq_py '[t["number"] for t in d["trials"]]' | grep -q "^\[1, 2, 0\]$" || fail "hps best one"
echo ok
