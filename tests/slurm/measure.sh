#!/bin/sh
# Measures the local Slurm test cluster (not a test; run it by hand):
# cluster start and stop time, srun launch overhead against a local
# process, print-to-arrival latency with `srun -u`, and how long `scancel`
# takes to free an allocation. Usage: tests/slurm/measure.sh [RUNS]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
RUNS=${1:-25}
T=$(mktemp -d /tmp/hps-slurm-measure.XXXXXX)
C=$T/cluster

cleanup() {
	st=$?
	"$here/cluster" stop "$C" >/dev/null 2>&1 || true
	rm -rf "$T"
	exit "$st"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() {
	date +%s%3N
}

# min / median / max of the numbers on stdin
stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median %s ms (min %s, max %s, n=%d)\n", m, v[1], v[NR], NR }'
}

time_ms() { # command...: prints the wall time of the command in ms
	t0=$(now_ms)
	"$@" >/dev/null 2>&1
	echo $(($(now_ms) - t0))
}

measure_start_stop() {
	: >"$T/start" && : >"$T/stop"
	for _ in 1 2 3; do
		time_ms "$here/cluster" start "$C" >>"$T/start"
		time_ms "$here/cluster" stop "$C" >>"$T/stop"
	done
	echo "cluster start: $(stats <"$T/start")"
	echo "cluster stop:  $(stats <"$T/stop")"
	"$here/cluster" start "$C" >/dev/null 2>&1
	SLURM_CONF=$C/slurm.conf
	export SLURM_CONF
}

measure_launch() {
	: >"$T/srun" && : >"$T/local"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		time_ms timeout 30 srun -n1 --immediate=10 -J hps-measure true >>"$T/srun"
		time_ms true >>"$T/local"
		i=$((i + 1))
	done
	echo "srun -n1 true: $(stats <"$T/srun")"
	echo "local true:    $(stats <"$T/local")"
}

# The task prints its clock (ms) every 0.2 s; arrival minus print time.
measure_stream() {
	timeout 30 srun -u -n1 --immediate=10 -J hps-measure perl \
		-MTime::HiRes=time,sleep -e \
		'for (1..10) { printf "%d\n", time * 1000; sleep 0.2 }' 2>/dev/null |
		while read -r sent; do
			echo $(($(now_ms) - sent))
		done >"$T/stream"
	echo "srun -u print to arrival: $(stats <"$T/stream")"
}

idle_cpus() {
	[ -z "$(squeue -h -o %i)" ] &&
		[ "$(sinfo -h -o %C | cut -d/ -f1)" = 0 ]
}

# From scancel until squeue is empty and sinfo shows no CPU allocated.
measure_cancel() {
	: >"$T/cancel"
	for _ in 1 2 3 4 5; do
		timeout 60 srun -n1 --immediate=10 -J hps-measure sleep 100 \
			>/dev/null 2>&1 &
		pid=$!
		until [ "$(squeue -h -n hps-measure -t R -o %i)" != "" ]; do
			sleep 0.05
		done
		id=$(squeue -h -n hps-measure -o %i)
		t0=$(now_ms)
		timeout 10 scancel "$id"
		n=0
		until idle_cpus; do
			sleep 0.02
			n=$((n + 1))
			[ "$n" -lt 1000 ] || break
		done
		echo $(($(now_ms) - t0)) >>"$T/cancel"
		wait "$pid" || true
	done
	echo "scancel to CPUs idle: $(stats <"$T/cancel")"
}

measure_start_stop
measure_launch
measure_stream
measure_cancel
