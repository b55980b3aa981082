# A study's life across a kill -9 of hpsd: patience counts the trials in
# the order they finished, as before the crash, not by trial number; a
# hook event whose hook had not ended (running, or waiting behind another
# of its kind) runs its hook after the restart, with the values it had.
# Trials and hooks wait for files the test creates, so the order of
# events is the test's, whatever the machine's speed.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 2

# kill9_restart: hpsd dies without a word and starts again.
kill9_restart() {
	kill -9 "$(daemon_pid)"
	wait_daemon_gone
	start_daemon --slots 2
}

# Patience 2. Trial 1 (loss 1) finishes before trial 0 (loss 5): in
# finishing order one trial without a new best so far, by number none.
# After the restart trial 2 (loss 3) is the second in a row.
cat > "$T/patient.yaml" <<Y
name: patient
command: sh -c 'while [ ! -e "$T/go\$HPS_PARAM_x" ]; do sleep 0.05; done; echo "loss=\$HPS_PARAM_x"'
method: random
metric: {name: loss, goal: minimize}
budget: {trials: 4, parallel: 2, patience: 2}
parameters:
  x: {type: int, min: 0, max: 9}
warm_start: {points: [{x: 5}, {x: 1}, {x: 3}, {x: 4}]}
Y
hps submit "$T/patient.yaml" >/dev/null || fail "patient study"
wait_trials patient running 2
touch "$T/go1"
wait_trials patient completed 1
touch "$T/go5"
wait_trials patient completed 2
kill9_restart
touch "$T/go3"
wait_trials patient completed 3
# The study ends in the same step that records trial 2.
expect_eq "$(hps status --json | study_field patient state)" completed \
	"patience counted in finishing order after the restart"
expect_eq "$(hps status --json | study_field patient error)" \
	"2 completed trials in a row without a new best (budget.patience)" \
	"patience's reason"
touch "$T/go4"
wait_for 120 "patient's last trial" field_is patient counts.running 0

# Hooks: on new_best and completed, each writes its line and then waits
# for a file. The first new_best hook is running and the second waits
# its turn, and completed's is running, when hpsd is killed.
cat > "$T/hooked.yaml" <<Y
name: hooked
command: sh -c 'echo "loss=\$HPS_PARAM_x"'
method: random
metric: {name: loss, goal: minimize}
budget: {trials: 2}
parameters:
  x: {type: int, min: 0, max: 9}
warm_start: {points: [{x: 2}, {x: 1}]}
on:
  new_best: [sh, -c, 'echo "{event} {trial} {best}" >> "$T/hooks.log"; while [ ! -e "$T/hookgo" ]; do sleep 0.05; done']
  completed: [sh, -c, 'echo "{event} {state} {best}" >> "$T/hooks.log"; while [ ! -e "$T/hookgo" ]; do sleep 0.05; done']
  timeout: 600s
Y
hps submit "$T/hooked.yaml" --wait >/dev/null || fail "hooked study"
# log_has LINE: hooks.log holds LINE.
log_has() {
	grep -qx "$1" "$T/hooks.log" 2>/dev/null
}
wait_for 120 "the completed hook" log_has "completed completed 1"
log_has "new_best 0 2" || fail "the first new_best hook: $(cat "$T/hooks.log")"
! log_has "new_best 1 1" || fail "the second new_best ran before its turn"
kill9_restart
touch "$T/hookgo"
wait_for 120 "the waiting new_best hook after the restart" \
	log_has "new_best 1 1"
# stored_events: the hook events still stored (each cleared once its hook
# has ended).
stored_events() {
	/usr/bin/python3 -c '
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
print(db.execute("SELECT count(*) FROM hook_event").fetchone()[0])
' "$HPS_STATE_DIR/hpsd.db"
}
none_stored() {
	[ "$(stored_events)" = 0 ]
}
wait_for 120 "every hook event to be cleared" none_stored
