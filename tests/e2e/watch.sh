# hps watch follows a running sweep through the daemon's events: in a
# pseudo-terminal (script(1)) it redraws a view in place with the progress
# bar, times, the best value and the running trials; on a pipe it prints
# one plain line per event; it ends when the study does.
. "$(dirname "$0")/lib.sh"
start_daemon
# The trials wait for $T/go, so the view is up before the first step.
cat > "$T/w.yaml" <<Y
name: live
command: sh -c 'while [ ! -e $T/go ]; do sleep 0.1; done; for s in 1 2 3; do echo "epoch=\$s val_acc=0.{x}\$s"; sleep 0.2; done'
method: grid
metric: {name: val_acc, goal: maximize}
budget: {parallel: 2}
parameters:
  x: {values: [1, 2, 3, 4, 5, 6]}
Y
hps submit "$T/w.yaml" >/dev/null
script -qec "hps watch live" /dev/null >"$T/tty.out" 2>&1 &
watcher=$!
wait_for 120 "hps watch to draw its view" grep -q "0/6 done" "$T/tty.out"
touch "$T/go"
wait $watcher || fail "watch in a terminal: $(tail -5 "$T/tty.out")"
grep -q "$(printf '\033\\[H')" "$T/tty.out" || fail "no redraw in place"
grep -q "6/6 done" "$T/tty.out" || fail "no final progress line"
grep -q "elapsed" "$T/tty.out" || fail "no elapsed time"
grep -q "best 0.63 (trial" "$T/tty.out" || fail "no best value with its trial"
grep -q "#[0-9]* *step [0-9]" "$T/tty.out" || fail "no running trials shown"
grep -q "live: completed" "$T/tty.out" || fail "no end"

hps submit "$T/w.yaml" --name live2 --wait >"$T/pipe.out" || fail "submit --wait"
grep -q "^live2: trial [0-9] step 3 val_acc" "$T/pipe.out" || fail "no metric events"
grep -q "^live2: trial [0-9] completed" "$T/pipe.out" || fail "no trial events"
grep -q "^live2: study completed" "$T/pipe.out" || fail "no study event"
expect_eq "$(grep -c 'completed 0' "$T/pipe.out")" 6 "one line per finished trial"
echo ok
