# A study without a metric runs its trials unranked, as a W&B grid or
# random sweep without one does: a W&B sweep file as published (from the
# corpus) and a native space file run to the end, and every command of
# hps answers about them without "(null)", "nan" or a crash, before and
# after a restart. The W&B sweep's program gets its values as W&B's agent
# writes them, with Python's str(): --flag1=False, --lr=1e-05.
. "$(dirname "$0")/lib.sh"
start_daemon
mkdir "$T/proj"
C="$HPS_SRC/tests/data/wandb/corpus/wandb-examples"
cp "$C/examples__wandb-sweeps__sweeps-boolean-parameters__sweep-bool.yaml" \
	"$T/proj/bool.yaml"
# The program records the words it was given and prints two metrics.
cat >"$T/proj/train-bool.py" <<'P'
import json, os, sys
with open(os.path.join(os.environ["HPS_TRIAL_DIR"], "argv.json"), "w") as f:
    json.dump(sys.argv[1:], f)
print(json.dumps({"epoch": 1, "loss": 0.5, "acc": 0.25}))
print(json.dumps({"epoch": 2, "loss": 0.25, "acc": 0.5}))
P
cat >"$T/proj/native.yaml" <<'Y'
name: plain
method: random
budget: {trials: 3}
command: [/bin/sh, -c, 'echo "step=1 loss={x}"; echo "step=2 loss=0.5"']
parameters:
  x: {type: float, min: 0, max: 1}
Y
# And one with floats for ${args}: the agent's str() of each.
cat >"$T/proj/floats.yaml" <<'Y'
program: train-bool.py
method: grid
parameters:
  lr: {values: [!!float 1e-5, 3.0, 0.1, 1.0e+16]}
  n: {value: 8}
Y

hps submit "$T/proj/bool.yaml" --wait >"$T/out" 2>"$T/err" ||
	fail "W&B sweep without metric: $(cat "$T/err" "$T/out")"
grep -q "no metric (trials unranked)" "$T/out" ||
	fail "submit does not say the study has no metric: $(cat "$T/out")"
hps submit "$T/proj/native.yaml" --wait >"$T/out" 2>"$T/err" ||
	fail "space file without metric: $(cat "$T/err" "$T/out")"
hps submit "$T/proj/floats.yaml" --wait >/dev/null 2>"$T/err" ||
	fail "floats sweep: $(cat "$T/err")"
expect_eq "$(hps status --json | study_field bool counts.completed)" 8 \
	"every run of the W&B grid completed"
expect_eq "$(hps status --json | study_field plain counts.completed)" 3 \
	"every trial of the native study completed"
expect_eq "$(hps status --json | study_field bool metric)" None "metric"
expect_eq "$(hps status --json | study_field bool goal)" None "goal"

# The words W&B's agent writes: booleans True/False, floats as repr.
hps best bool --top 8 --json >"$T/best.json"
/usr/bin/python3 - "$T/best.json" <<'P' || fail "W&B's words for bool"
import json, sys
seen = set()
for t in json.load(open(sys.argv[1]))["trials"]:
    argv = json.load(open(t["dir"] + "/argv.json"))
    p = t["params"]
    want = ["--flag1=%s" % p["flag1"], "--flag2=%s" % p["flag2"],
            "--optimizer=%s" % p["optimizer"]]
    assert argv == want, (argv, want)
    seen.add(tuple(argv[:2]))
assert ("--flag1=False", "--flag2=True") in seen, seen
P
hps best floats --top 8 --json >"$T/floats.json"
/usr/bin/python3 - "$T/floats.json" <<'P' || fail "W&B's words for floats"
import json, sys
got = sorted(json.load(open(t["dir"] + "/argv.json"))[0]
             for t in json.load(open(sys.argv[1]))["trials"])
want = sorted("--lr=%s" % x for x in [1e-5, 3.0, 0.1, 1e16])
assert got == want, (got, want)
P

# Every command on both studies, before and after a restart.
check_commands() {
	for s in bool plain; do
		for c in "status" "status --json" "trials $s" \
			"trials $s --json" \
			"best $s" "best $s --json" "watch $s" "export $s" \
			"export $s --json" "curve $s 1" "curve $s 1 --json"; do
			# shellcheck disable=SC2086
			hps $c >"$T/cmd.out" 2>&1 ||
				fail "hps $c: $(cat "$T/cmd.out")"
			! grep -Eiq '\(null\)|\bnan\b' "$T/cmd.out" ||
				fail "hps $c: $(cat "$T/cmd.out")"
		done
		hps report "$s" -o "$T/$s.html" >"$T/cmd.out" 2>&1 ||
			fail "hps report $s: $(cat "$T/cmd.out")"
		grep -q "none ranked (the study has no metric)" "$T/cmd.out" ||
			fail "hps report $s: $(cat "$T/cmd.out")"
		grep -q "no metric: trials unranked" "$T/$s.html" ||
			fail "the report of $s does not say it has no metric"
		! grep -Eiq '\(null\)|\bnan\b' "$T/$s.html" ||
			fail "the report of $s shows null or nan"
	done
	# hps best lists the completed trials in order, with their metrics.
	hps best bool --top 3 >"$T/best.txt"
	grep -q "^bool: no metric, so no trial is best" "$T/best.txt" ||
		fail "hps best: $(cat "$T/best.txt")"
	grep -Eq '^ +0 +0\.5 +0\.25$' "$T/best.txt" ||
		fail "hps best shows no last values: $(cat "$T/best.txt")"
	hps best bool --top 3 --json >"$T/best3.json"
	expect_eq "$(jq_py '[t["number"] for t in d["trials"]]' <"$T/best3.json")" \
		"[0, 1, 2]" "hps best's trials in order"
	expect_eq "$(hps best bool --json | jq_py '"rank" in d["trials"][0]')" \
		False "an unranked trial has no rank"
	hps status >"$T/status.txt"
	grep -Eq '^plain .* no metric \(trials unranked\)$' "$T/status.txt" ||
		fail "hps status: $(cat "$T/status.txt")"
	hps trials plain >"$T/trials.txt"
	grep -q "(no metric)" "$T/trials.txt" ||
		fail "hps trials: $(cat "$T/trials.txt")"
}
check_commands
hps shutdown >/dev/null
wait_daemon_gone
start_daemon
check_commands
echo ok
