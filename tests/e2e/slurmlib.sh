# What the Slurm tests share, sourced after lib.sh: a private single-node
# cluster on localhost (tests/slurm/cluster) in $T/slurm, stopped when the
# test ends; the test is skipped (77) where none can be started (not
# root, or no Slurm packages to be had).
cluster="$HPS_SRC/tests/slurm/cluster"
set +e
line=$("$cluster" start "$T/slurm" 2>"$T/cluster.err")
rc=$?
set -e
if [ $rc -eq 77 ]; then
	cat "$T/cluster.err" >&2
	exit 77
fi
[ $rc -eq 0 ] || fail "the test cluster did not start: $(tail -20 "$T/cluster.err")"
cleanup_hook() {
	"$cluster" stop "$T/slurm" >/dev/null 2>&1
}
eval "$line"
export SLURM_CONF
# hpsd's jobs (named hps-<study>-<trial>) still in Slurm's queue.
jobs_left() {
	timeout 10 squeue -h -o %j | grep -c '^hps-' || true
}
no_jobs_left() {
	[ "$(jobs_left)" -eq 0 ]
}
