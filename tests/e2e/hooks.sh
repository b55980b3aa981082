# on: hooks run once per event with the right placeholders and HPS_*
# environment, without a shell unless their words ask for one; a hook that
# hangs is killed at on.timeout and the study goes on; a hook that fails
# is logged and changes nothing.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 2

# The trial with x = 5 fails; the others report loss = x, in this order.
cat > "$T/hooks.yaml" <<Y
name: hooks
command: sh -c '[ "\$HPS_PARAM_x" != 5 ] && echo "loss=\$HPS_PARAM_x"'
method: grid
grid: {order: listed}
metric: {name: loss, goal: minimize}
parameters:
  x: {values: [3, 2, 5, 1, 4]}
on:
  new_best: [sh, -c, 'echo "\$0 \$HPS_EVENT \$HPS_TRIAL \$HPS_BEST" >>"$T/log"', "{event}:{trial}:{best}:{state}"]
  trial_failed: [sh, -c, 'echo "\$0 \$HPS_STATE" >>"$T/log"', "{event}:{trial}:{study}"]
  completed: [sh, -c, 'echo "\$0" >>"$T/log"', "{event}:{study}:{state}:{best}"]
  failed: [sh, -c, 'echo "\$0" >>"$T/log"', "{event}"]
Y
hps submit "$T/hooks.yaml" --wait >/dev/null || fail "hooks study"
lines() { [ "$(wc -l <"$T/log" 2>/dev/null || echo 0)" -ge "$1" ]; }
wait_for 120 "five hook runs" lines 5
sort "$T/log" >"$T/sorted"
cat >"$T/want" <<'W'
completed:hooks:completed:1
new_best:0:3:completed new_best 0 3
new_best:1:2:completed new_best 1 2
new_best:3:1:completed new_best 3 1
trial_failed:2:hooks failed
W
diff "$T/want" "$T/sorted" || fail "hook runs differ"

# A hook that hangs is killed at its timeout; one that cannot run, or
# fails, is logged; the study is not touched.
cat > "$T/hang.yaml" <<Y
name: hang
command: sh -c 'echo "loss=\$HPS_PARAM_x"'
method: random
metric: {name: loss, goal: minimize}
budget: {trials: 3}
parameters:
  x: {type: float, min: 0, max: 1}
on:
  completed: [sleep, "617.$$"]
  new_best: [/nonexistent/notify, "{best}"]
  trial_failed: [false]
  timeout: 1s
Y
hps submit "$T/hang.yaml" --wait >/dev/null || fail "hang study"
expect_eq "$(hps status --json | study_field hang state)" completed "hang"
killed() { grep -q "study hang: hook on.completed killed at its timeout" \
	"$HPS_STATE_DIR/hpsd.log"; }
wait_for 120 "the hanging hook to be killed" killed
grep -q "study hang: hook on.new_best: cannot run /nonexistent/notify" \
	"$HPS_STATE_DIR/hpsd.log" || fail "a hook that cannot run is not logged"
pgrep -f "^sleep 617.$$\$" >/dev/null && fail "the hanging hook still runs"
hps submit "$T/hang.yaml" --name after --wait >/dev/null ||
	fail "a study after the hanging hook"
# hpsd stops: the hook still running goes with it.
hps shutdown >/dev/null
wait_daemon_gone
gone() { ! pgrep -f "^sleep 617.$$\$" >/dev/null; }
wait_for 60 "the hook to go with hpsd" gone
