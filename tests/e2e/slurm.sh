# The Slurm executor against a real single-node cluster on localhost
# (tests/slurm/cluster): a sweep of 6 trials with parallel: 3 on the
# 2-CPU node shows the third as pending, metrics stream while trials run,
# exit codes are recorded, a timeout stops the task gracefully and leaves
# no job behind, and a daemon killed with SIGKILL and restarted leaves no
# job behind and completes its sweep (trials are batch jobs, the
# default, unless HPS_SLURM_SUBMIT=srun). Skipped (77) where no cluster
# can be started (not root, or no Slurm packages to be had).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/slurmlib.sh"
submit=${HPS_SLURM_SUBMIT:-sbatch}
# A long grace: a trial stopped on time shows that SIGTERM itself reached
# the task and its children, not the job's cancellation after the grace.
start_daemon --executor slurm --grace 60

cat > "$T/trial.sh" <<'SH'
trap 'echo stopped > "$HPS_TRIAL_DIR/term"; exit 143' TERM
echo "step=1 value=$1"
sleep "$2"
echo "step=2 value=$1"
[ "$1" = 13 ] && exit 3
exit 0
SH
cat > "$T/s.yaml" <<Y
name: slurm
command: sh $T/trial.sh {x} 1.5
metric: {name: value, goal: minimize}
method: grid
budget: {parallel: 3, timeout: 60s, max_failures: 5}
executor: {type: slurm, submit: $submit, cpus_per_trial: 1}
parameters:
  x: {values: [1, 2, 3, 4, 5, 13]}
Y
hps submit "$T/s.yaml" >/dev/null
saw_pending=0 saw_stream=0 i=0
while [ "$(hps status --json | study_field slurm state)" = running ] && [ $i -lt 600 ]; do
	[ "$(hps trials slurm --state pending --json | jq_py 'len(d["trials"])')" -gt 0 ] && saw_pending=1
	n=$(sqlite3 "$HPS_STATE_DIR/hpsd.db" "SELECT count(*) FROM metric m JOIN trial t ON t.id = m.trial_id WHERE t.state = 'running' AND m.step = 1")
	[ "$n" -gt 0 ] && saw_stream=1
	sleep 0.1
	i=$((i + 1))
done
expect_eq "$saw_pending" 1 "a trial shown as pending while the node was full"
expect_eq "$saw_stream" 1 "a metric recorded while its trial was still running"
hps trials slurm --json >"$T/t.json"
expect_eq "$(jq_py 'sorted(t["state"] for t in d["trials"])' <"$T/t.json")" \
	"['completed', 'completed', 'completed', 'completed', 'completed', 'failed']" "states"
expect_eq "$(jq_py '[t["exit_code"] for t in d["trials"] if t["state"] == "failed"]' <"$T/t.json")" "[3]" "exit code"
expect_eq "$(jobs_left)" 0 "jobs left after the sweep"

# A timeout stops the task with SIGTERM first: its trap runs as soon as
# the task's child (sleep) dies of the signal, well before the grace ends.
cat > "$T/to.yaml" <<Y
name: slurm-timeout
command: sh $T/trial.sh 1 60
metric: {name: value, goal: minimize}
budget: {trials: 1, timeout: 3s}
executor: {type: slurm, submit: $submit}
parameters:
  y: {value: 1}
Y
set +e
timeout 30 hps submit "$T/to.yaml" --wait >/dev/null
rc=$?
set -e
[ $rc -ne 124 ] || fail "SIGTERM did not stop the timed-out task within 30 s"
[ $rc -ne 0 ] || fail "timed-out study succeeded"
expect_eq "$(hps trials slurm-timeout --json | jq_py 'd["trials"][0]["state"]')" timeout "state"
td="$HPS_STATE_DIR/studies/slurm-timeout/0"
[ -e "$td/term" ] || fail "the task's TERM handler did not run: $(tail -n 5 "$td"/std* \
	"$T/slurm/slurmctld.log" 2>&1)"
wait_for 60 "the timed-out trial's job to leave the queue" no_jobs_left

# The timeout counts from a trial's start, not from its submission: with
# one trial at a time on the node, the fourth waits in the queue for
# longer than the timeout and still completes.
sed -e 's/name: slurm$/name: slurm-queue/' -e 's/cpus_per_trial: 1/cpus_per_trial: 2/' \
	-e 's/parallel: 3, timeout: 60s/parallel: 4, timeout: 3s/' \
	-e 's/13\]/6]/' "$T/s.yaml" >"$T/q.yaml"
hps submit "$T/q.yaml" --wait >/dev/null || fail "queued trials timed out: $(hps trials slurm-queue)"
expect_eq "$(hps status --json | study_field slurm-queue counts.completed)" 6 "completed after waiting in the queue"

# A request no node can satisfy is refused at submit, not left pending.
sed -e 's/name: slurm$/name: slurm-big/' -e 's/cpus_per_trial: 1/cpus_per_trial: 64/' "$T/s.yaml" >"$T/big.yaml"
set +e
out=$(hps submit "$T/big.yaml" 2>&1)
set -e
echo "$out" | grep -q "no node in the default partition has more than" || fail "impossible request: $out"

# hpsd killed with SIGKILL while trials run: the next one adopts their
# batch jobs (under srun: cancels them and runs them again) and completes
# the sweep.
sed -e 's/name: slurm$/name: slurm-crash/' -e 's/13\]/6]/' -e 's/ 1.5$/ 3/' "$T/s.yaml" >"$T/c.yaml"
hps submit "$T/c.yaml" >/dev/null
wait_trials slurm-crash running 1
kill -9 "$(daemon_pid)"
wait_daemon_gone
start_daemon --executor slurm --grace 60
wait_study slurm-crash
expect_eq "$(hps status --json | study_field slurm-crash counts.completed)" 6 "completed after the crash"
expect_eq "$(jobs_left)" 0 "jobs left after the crash"
echo ok
