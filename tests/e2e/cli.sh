# The CLI contract: --help on every command, exit 0 / 1 error / 2 usage,
# --json on every query, --db reads the database without a daemon, and
# hps starts hpsd itself when none answers (unless --no-start).
. "$(dirname "$0")/lib.sh"
status_of() {
	set +e
	"$@" >/dev/null 2>&1
	echo $?
	set -e
}
for c in submit status trials best cancel shutdown; do
	hps $c --help | grep -q "usage: hps $c" || fail "hps $c --help"
done
expect_eq "$(status_of hps)" 2 "no command"
expect_eq "$(status_of hps frobnicate)" 2 "unknown command"
expect_eq "$(status_of hps best)" 2 "best without a study"
expect_eq "$(status_of hps trials a b)" 2 "trials with two studies"
expect_eq "$(status_of hps best x --top zero)" 2 "bad --top"
expect_eq "$(status_of hps --no-start status)" 1 "no daemon with --no-start"

# hps starts the daemon on demand.
cat > "$T/s.yaml" <<'Y'
name: cli
command: sh -c 'echo "epoch=1 val_loss={x}"; echo "test_loss=0.5"'
metric: {name: val_loss, goal: minimize}
budget: {trials: 4, parallel: 2}
seed: 3
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/s.yaml" --check | grep -q "valid study 'cli'" || fail "--check output"
expect_eq "$(hps status --json | jq_py 'len(d["studies"])')" 0 "--check stored nothing"
hps submit "$T/s.yaml" --wait >"$T/wait.out" || fail "submit --wait"
grep -q "cli: completed" "$T/wait.out" || fail "--wait did not report completion"
grep -q "RANK" "$T/wait.out" || fail "--wait did not print the best trials"
expect_eq "$(status_of hps submit "$T/s.yaml")" 1 "duplicate study name"
hps submit "$T/s.yaml" 2>&1 | grep -q "s.yaml:1:7: a study named 'cli' already exists" ||
	fail "duplicate name message: $(hps submit "$T/s.yaml" 2>&1)"
hps submit "$T/s.yaml" --name cli-2 --check | grep -q "valid study 'cli-2'" || fail "--name"
expect_eq "$(status_of hps submit "$T/s.yaml" --name 'bad name')" 1 "--name with a space"
expect_eq "$(status_of hps best nosuch)" 1 "unknown study"
expect_eq "$(status_of hps watch nosuch)" 1 "watching an unknown study"
hps best nosuch 2>&1 | grep -q "no study named 'nosuch'" || fail "unknown study message"
expect_eq "$(status_of hps trials cli --state bogus)" 1 "bad state filter"
for q in "status" "trials cli" "best cli"; do
	hps $q --json | jq_py 'type(d).__name__' | grep -q dict || fail "hps $q --json"
done
hps trials cli --sort objective --json | jq_py '[t["objective"] for t in d["trials"]]' >"$T/sorted"
/usr/bin/python3 -c "import sys; v = eval(open(sys.argv[1]).read()); sys.exit(v != sorted(v))" "$T/sorted" ||
	fail "--sort objective"
hps status | grep -q "^cli " || fail "status table"
hps status | grep -q "4/4" || fail "status progress"

# --db reads the database directly after the daemon is gone.
hps best cli --json >"$T/live.json"
hps shutdown | grep -q "shutting down" || fail "shutdown output"
wait_daemon_gone
hps --no-start --db "$HPS_STATE_DIR/hpsd.db" best cli --json >"$T/offline.json"
cmp -s "$T/live.json" "$T/offline.json" || fail "--db gives a different answer"
expect_eq "$(status_of hps --db "$HPS_STATE_DIR/hpsd.db" cancel cli)" 1 "cancel with --db"
expect_eq "$(status_of hps --no-start status)" 1 "daemon gone after shutdown"
echo ok
