# Open-ended studies: without budget.trials (or a W&B run_cap) a random,
# bayes or genetic study runs until it is cancelled or reaches its target;
# hps status shows "n done, open"; hps submit --trials N runs N of any
# study, as wandb agent --count N does.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 1

# A native study without a budget keeps running; cancel ends it.
cat > "$T/open.yaml" <<'Y'
name: open
command: sh -c 'echo "loss=$HPS_PARAM_x"'
method: random
metric: {name: loss, goal: minimize}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/open.yaml" --check >"$T/out" || fail "check: $(cat "$T/out")"
grep -q "open-ended" "$T/out" || fail "submit --check: $(cat "$T/out")"
hps submit "$T/open.yaml" >/dev/null || fail "submit"
wait_trials open completed 12
hps status >"$T/status"
grep -E '^open +random +running +[0-9]+ done, open ' "$T/status" ||
	fail "status: $(cat "$T/status")"
expect_eq "$(hps status --json | study_field open budget)" 0 "budget"
# It stays open across a restart.
hps shutdown >/dev/null
wait_daemon_gone
[ ! -S "$HPS_SOCKET" ] || fail "hpsd left its socket behind"
before=$(hps --db "$HPS_STATE_DIR/hpsd.db" status --json |
	study_field open counts.completed)
start_daemon --slots 1
wait_trials open completed $((before + 4))
expect_eq "$(hps status --json | study_field open state)" running "state"
# hps budget changes parallel and keeps it open, or gives it an end.
hps budget open --parallel 2 >/dev/null || fail "budget --parallel"
expect_eq "$(hps status --json | study_field open budget)" 0 "still open"
hps budget open --trials 1000000 >/dev/null || fail "budget --trials"
expect_eq "$(hps status --json | study_field open budget)" 1000000 \
	"an end given"
hps cancel open >/dev/null || fail "cancel"
wait_study open
expect_eq "$(hps status --json | study_field open state)" cancelled "state"

# metric.target ends an open study.
sed -e 's/^name: open/name: target/' \
	-e 's/goal: minimize}/goal: minimize, target: 0.5}/' "$T/open.yaml" \
	>"$T/target.yaml"
hps submit "$T/target.yaml" --wait >/dev/null 2>&1 || true
expect_eq "$(hps status --json | study_field target state)" completed \
	"a target ends an open study"

# --trials N caps an open study, a W&B sweep without run_cap, and a
# budget larger than N; it never raises a smaller one.
hps submit "$T/open.yaml" --name capped --trials 3 --wait >/dev/null ||
	fail "capped study"
expect_eq "$(hps status --json | study_field capped counts.completed)" 3 \
	"--trials 3"
hps status | grep -qE '^capped .* 3/3 ' || fail "status: $(hps status)"
cat > "$T/train.py" <<'P'
import sys
x = float(sys.argv[1].split("=")[1])
print(f"epoch=1 loss={x}", flush=True)
P
cat > "$T/sweep.yaml" <<'Y'
program: train.py
name: wb-open
method: random
metric: {name: loss, goal: minimize}
parameters:
  x: {min: 0.0, max: 1.0}
Y
hps submit "$T/sweep.yaml" --trials 2 --wait >/dev/null 2>"$T/err" ||
	fail "W&B sweep: $(cat "$T/err")"
expect_eq "$(hps status --json | study_field wb-open counts.completed)" 2 \
	"wandb agent --count 2"
sed 's/^name: open/name: five/' "$T/open.yaml" >"$T/five.yaml"
printf 'budget: {trials: 5}\n' >>"$T/five.yaml"
hps submit "$T/five.yaml" --trials 9 --wait >/dev/null || fail "five"
expect_eq "$(hps status --json | study_field five counts.completed)" 5 \
	"--trials never raises a budget"
if hps submit "$T/open.yaml" --name bad --trials 0 2>"$T/err"; then
	fail "--trials 0 was accepted"
fi
grep -q "positive number" "$T/err" || fail "--trials 0: $(cat "$T/err")"
echo ok
