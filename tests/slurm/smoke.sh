#!/bin/sh
# Smoke test of the local Slurm test cluster (tests/slurm/cluster): a job
# runs; `srun -u` streams a task's output line by line; `scancel
# --signal=TERM` reaches the task's TERM trap; `--immediate` turns an
# impossible request into a quick failure. Every srun runs under `timeout`,
# so a mistake fails the test instead of hanging it. Exits 77 (skip) where
# the cluster cannot be started (not root, apt unreachable).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/hps-slurm-smoke.XXXXXX)
C=$T/cluster

cleanup() {
	st=$?
	if [ "$st" -ne 0 ] && [ "$st" -ne 77 ]; then
		for f in "$C/slurmctld.log" "$C/slurmd.log" "$T"/*.err; do
			[ -s "$f" ] || continue
			echo "--- $f" >&2
			tail -n 20 "$f" >&2
		done
	fi
	"$here/cluster" stop "$C" >/dev/null 2>&1 || true
	rm -rf "$T"
	exit "$st"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

pass() {
	echo "ok - $*"
}

now_ms() {
	date +%s%3N
}

# Poll a command for up to $1 seconds.
wait_for() { # seconds command...
	n=$(($1 * 10))
	shift
	until "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

start_cluster() {
	t0=$(now_ms)
	rc=0
	"$here/cluster" start "$C" >"$T/env" || rc=$?
	[ "$rc" -eq 77 ] && exit 77
	[ "$rc" -eq 0 ] || fail "cluster start exited $rc"
	SLURM_CONF=$C/slurm.conf
	export SLURM_CONF
	grep -qx "export SLURM_CONF=$SLURM_CONF" "$T/env" ||
		fail "cluster start printed '$(cat "$T/env")'"
	pass "cluster up in $(($(now_ms) - t0)) ms"
}

test_echo() {
	out=$(timeout 30 srun -n1 --immediate=10 -J hps-smoke echo ok 2>"$T/echo.err") ||
		fail "srun echo exited $?"
	[ "$out" = ok ] || fail "srun echo printed '$out'"
	pass "srun runs a task"
}

# perl fully buffers a pipe, so without -u both lines would come at exit;
# -u gives the task a pty. Each line carries the task's clock, in ms.
test_stream() {
	mkfifo "$T/fifo"
	timeout 30 srun -u -n1 --immediate=10 -J hps-smoke-stream perl \
		-MTime::HiRes=time -e \
		'printf "%d\n", time * 1000; sleep 1; printf "%d\n", time * 1000' \
		>"$T/fifo" 2>"$T/stream.err" &
	pid=$!
	exec 3<"$T/fifo"
	read -r sent1 <&3 || fail "srun -u: no first line"
	got1=$(now_ms)
	read -r sent2 <&3 || fail "srun -u: no second line"
	exec 3<&-
	rc=0
	wait "$pid" || rc=$?
	done_ms=$(now_ms)
	[ "$rc" -eq 0 ] || fail "srun -u exited $rc"
	case $sent1$sent2 in *[!0-9]*) fail "srun -u printed '$sent1' '$sent2'" ;; esac
	[ $((done_ms - got1)) -ge 700 ] ||
		fail "first line came $((done_ms - got1)) ms before the task ended"
	pass "srun -u streams (print to arrival $((got1 - sent1)) ms, first line $((done_ms - got1)) ms before the end)"
}

job_id() { # name
	squeue -h -n "$1" -o %i
}

test_term() {
	timeout 30 srun -u -n1 --immediate=10 -J hps-smoke-term sh -c \
		'trap "echo got-term; exit 0" TERM; echo ready; while :; do sleep 0.1; done' \
		>"$T/term.out" 2>"$T/term.err" &
	pid=$!
	wait_for 10 grep -q ready "$T/term.out" || fail "TERM task never got ready"
	id=$(job_id hps-smoke-term)
	[ -n "$id" ] || fail "no job named hps-smoke-term"
	timeout 10 scancel --signal=TERM "$id" || fail "scancel exited $?"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -ne 124 ] || fail "srun still running 30 s after scancel"
	grep -q got-term "$T/term.out" || fail "the task's TERM trap did not run"
	pass "scancel --signal=TERM reaches the task's trap (srun rc $rc)"
}

# 64 CPUs on this node would pend forever without --immediate.
test_immediate() {
	t0=$(now_ms)
	rc=0
	timeout 30 srun -n1 -c64 --immediate=2 -J hps-smoke-big true \
		2>"$T/big.err" || rc=$?
	ms=$(($(now_ms) - t0))
	[ "$rc" -ne 0 ] || fail "srun -c64 succeeded"
	[ "$rc" -ne 124 ] || fail "srun -c64 --immediate=2 hung"
	[ "$ms" -lt 10000 ] || fail "srun -c64 --immediate=2 took $ms ms"
	pass "--immediate fails an impossible request in $ms ms (rc $rc)"
}

no_jobs() {
	[ -z "$(squeue -h -o %i)" ]
}

test_clean() {
	wait_for 15 no_jobs ||
		fail "jobs left: $(squeue -h -o '%i %j %T')"
	pass "no jobs left"
}

start_cluster
test_echo
test_stream
test_term
test_immediate
test_clean
