# A trial that exceeds its timeout is stopped with its whole process group:
# a child it forked (which ignores nothing) dies with it, and the trial is
# recorded as timeout.
. "$(dirname "$0")/lib.sh"
start_daemon
cat > "$T/slow.yaml" <<Y
name: slow
command: sh -c 'sleep 300 & echo \$! > $T/child.pid; echo value=1; sleep 300'
metric: {name: value, goal: minimize}
budget: {trials: 1, timeout: 1s}
parameters:
  x: {type: float, min: 0, max: 1}
Y
start=$(date +%s)
hps submit "$T/slow.yaml" --wait >/dev/null && fail "timed-out study reported success"
elapsed=$(( $(date +%s) - start ))
[ $elapsed -lt 30 ] || fail "timeout took ${elapsed}s"
expect_eq "$(hps trials slow --json | jq_py 'd["trials"][0]["state"]')" timeout "trial state"
child=$(cat "$T/child.pid")
wait_for 60 "the trial's child $child to die with its group" not_alive "$child"
echo ok
