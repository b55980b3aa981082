# A trial cannot make itself unstoppable. Its processes escape as a trial
# may: one into a session of its own holding stdout, one double-forked
# away with no stdio. Under each way hpsd can hold a trial (cgroup v2,
# cgroup v1, a subreaper keeper) every one of them is stopped when the
# trial completes, is cancelled, times out, or hpsd shuts down with
# --stop, which does not wait on them; and when hpsd is killed while they
# run, its leader's exit still ends them (no daemon is needed for that).
. "$(dirname "$0")/lib.sh"
cat > "$T/trial.sh" <<'SH'
n=$HPS_STUDY
setsid sh -c 'echo $$ >"$1.tmp" && mv "$1.tmp" "$1"; exec sleep 1000' sh "$T/held.$n" &
( setsid sh -c 'echo $$ >"$1.tmp" && mv "$1.tmp" "$1"; exec sleep 1000' sh "$T/orphan.$n" </dev/null >/dev/null 2>&1 & )
echo "step=1 value=1"
while [ ! -e "$T/go.$n" ]; do sleep 0.1; done
echo "step=2 value=2"
SH
# submit NAME [TIMEOUT]: a study of one trial of trial.sh, once its
# escaped processes are there.
submit() {
	cat > "$T/$1.yaml" <<Y
name: $1
command: sh $T/trial.sh
metric: {name: value, goal: minimize}
budget: {trials: 1${2:+, timeout: $2}}
env: {T: "$T"}
parameters:
  x: {type: float, min: 0, max: 1}
Y
	hps submit "$T/$1.yaml" >/dev/null
	wait_for 120 "the escaped processes of $1" \
	    test -e "$T/held.$1" -a -e "$T/orphan.$1"
}
# all_gone NAME: none of the trial's escaped processes is left.
all_gone() {
	not_alive "$(cat "$T/held.$1")" && not_alive "$(cat "$T/orphan.$1")"
}
wait_gone() {
	wait_for 120 "every process of $1 to be stopped" all_gone "$1"
}
state_of() {
	hps trials "$1" --json | jq_py 'd["trials"][0]["state"]'
}

for mode in cgroup2 cgroup1 subreaper; do
	start_daemon --track "$mode"
	if ! grep -q "tracked with $mode" "$HPS_STATE_DIR/hpsd.log"; then
		echo "skip $mode: $(grep 'tracked with' "$HPS_STATE_DIR/hpsd.log" | tail -1)"
		hps shutdown --stop >/dev/null
		wait_daemon_gone
		continue
	fi
	submit "done-$mode"
	touch "$T/go.done-$mode"
	wait_study "done-$mode"
	expect_eq "$(state_of "done-$mode")" completed "$mode: completed trial"
	wait_gone "done-$mode"

	submit "cancel-$mode"
	hps cancel "cancel-$mode" >/dev/null
	wait_study "cancel-$mode"
	wait_gone "cancel-$mode"

	submit "timeout-$mode" 2s
	wait_study "timeout-$mode"
	expect_eq "$(state_of "timeout-$mode")" timeout "$mode: timed-out trial"
	wait_gone "timeout-$mode"

	submit "killed-$mode"
	kill -9 "$(daemon_pid)"
	wait_daemon_gone
	touch "$T/go.killed-$mode"
	wait_gone "killed-$mode"
	start_daemon --track "$mode"
	wait_study "killed-$mode"
	expect_eq "$(state_of "killed-$mode")" completed "$mode: trial that ended while hpsd was down"

	submit "stop-$mode"
	hps shutdown --stop >/dev/null
	wait_daemon_gone
	wait_gone "stop-$mode"
	[ -z "$(keepers)" ] || fail "$mode: keepers left after shutdown --stop"
	# The next hpsd runs it again: let that run finish.
	touch "$T/go.stop-$mode"
	echo "ok $mode"
done
echo ok
