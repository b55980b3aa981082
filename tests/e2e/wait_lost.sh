# hps submit --wait whose daemon dies mid-sweep says so and exits with an
# error, and starts no new daemon on its way out (not even to show the
# best), so nothing is left running behind a script that gave up.
. "$(dirname "$0")/lib.sh"
cat > "$T/w.yaml" <<Y
name: lost
command: sh -c 'echo value={a}; while [ ! -e $T/gate ]; do sleep 0.05; done'
metric: {name: value, goal: minimize}
budget: {trials: 2}
parameters:
  a: {type: int, min: 1, max: 9}
Y
start_daemon
hps submit "$T/w.yaml" --wait >"$T/out" 2>"$T/err" &
submit=$!
wait_trials lost running 1
pid=$(daemon_pid)
kill -9 "$pid"
wait_for 120 "the killed hpsd to be gone" not_alive "$pid"
if wait "$submit"; then
	fail "submit --wait succeeded without its daemon"
fi
grep -q "closed the connection" "$T/err" || fail "said: $(cat "$T/err")"
flock -n "$HPS_STATE_DIR" true ||
	fail "a daemon was started after the watched one died"
touch "$T/gate"
echo ok
