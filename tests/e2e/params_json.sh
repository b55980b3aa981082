# A trial's parameters look the same wherever hpsd shows them as JSON:
# the live events of `hps watch --json` (here through `submit --wait
# --json`), `hps trials --json`, `hps best --json` and the trial's
# params.json give each value its own JSON kind (a float a number, an int
# an integer, a bool a boolean, a category a string), never its text. The
# trials report their metric, then wait for a gate the test opens once the
# live events (the snapshot they start with included) have shown one
# running, so no machine finishes them unseen.
. "$(dirname "$0")/lib.sh"
start_daemon
cat > "$T/p.yaml" <<Y
name: shapes
command: sh -c 'echo "epoch=1 loss={lr}"; while [ ! -e $T/gate ]; do sleep 0.05; done'
metric: {name: loss, goal: minimize}
budget: {trials: 4, parallel: 2}
seed: 3
parameters:
  lr: {type: float, min: 0.001, max: 0.1, log: true}
  units: {type: int, min: 8, max: 64}
  bn: {type: bool}
  opt: {values: [sgd, adam]}
  width: {values: [1, 2.5]}
Y
hps submit "$T/p.yaml" --wait --json >"$T/events.json" &
submit=$!
wait_for 300 "the live events to show a running trial" \
	grep -Eq '"params": ?\{' "$T/events.json"
touch "$T/gate"
wait "$submit" || fail "the study did not complete"
hps trials shapes --json >"$T/trials.json"
hps best shapes --top 4 --json >"$T/best.json"
/usr/bin/python3 - "$T" "$HPS_STATE_DIR/studies/shapes" <<'PY' || fail "parameters differ"
import json, sys
t, dirs = sys.argv[1], sys.argv[2]
def objects(path):
    text, dec, i, out = open(path).read(), json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return out
        o, i = dec.raw_decode(text, i)
        out.append(o)
stored = {r["number"]: r["params"] for r in json.load(open(t + "/trials.json"))["trials"]}
assert len(stored) == 4, stored
kinds = {"lr": float, "units": int, "bn": bool, "opt": str, "width": (int, float)}
for n, p in stored.items():
    for k, kind in kinds.items():
        assert isinstance(p[k], kind) and (kind is bool or not isinstance(p[k], bool)), (n, k, p[k])
    assert json.load(open("%s/%d/params.json" % (dirs, n))) == p, (n, "params.json")
live = {}
for ev in objects(t + "/events.json"):
    for s in ev.get("studies", []) + [ev.get("summary", {})]:
        for r in s.get("running", []):
            live.setdefault(r["trial"], r["params"])
assert live, "no running trial seen in the events"
for n, p in live.items():
    assert p == stored[n], (n, "watch", p, "trials", stored[n])
for r in json.load(open(t + "/best.json"))["trials"]:
    assert r["params"] == stored[r["number"]], (r["number"], "best")
print("ok: %d trials seen live, %d stored" % (len(live), len(stored)))
PY
echo ok
