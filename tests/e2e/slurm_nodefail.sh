# A Slurm batch job whose node fails is requeued by Slurm and resumes in
# the same job, as a preempted one does; a job that leaves Slurm without
# an exit status (its batch script killed, as a lost node would leave
# it) loses its run:
# the trial runs again as a new job, resuming, counted against
# budget.retries and never as a failure.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/slurmlib.sh"
node=$(timeout 10 sinfo -h -N -o %N | head -n 1)
start_daemon --grace 60

submit_waiting_trial sbatch-node
timeout 10 scontrol update NodeName="$node" State=DOWN Reason=hpsd-test
wait_trials sbatch-node pending 1 60
# The node comes back by itself (ReturnToService=2) or here.
timeout 10 scontrol update NodeName="$node" State=RESUME 2>/dev/null || true
wait_trials sbatch-node running 1 60
wait_study sbatch-node
expect_study sbatch-node completed 0 0
expect_eq "$(cut -d' ' -f1 "$td/runs" | tr '\n' ' ')" "0 1 " "runs of the job"
expect_eq "$(tr '\n' ' ' <"$td/starts")" "0 none 4 6 " "the runs' checkpoints and HPS_RESUME_STEP"
expect_whole_curve sbatch-node

submit_waiting_trial sbatch-lost
job=$(sqlite3 "$db" "SELECT pid FROM trial t JOIN study s ON s.id = t.study_id WHERE s.name = 'sbatch-lost'")
timeout 10 scancel --batch --signal=KILL "$job"
wait_study sbatch-lost
expect_study sbatch-lost completed 0 1
new=$(sqlite3 "$db" "SELECT pid FROM trial t JOIN study s ON s.id = t.study_id WHERE s.name = 'sbatch-lost'")
[ "$new" != "$job" ] || fail "the lost trial did not run again as a new job"
expect_eq "$(tr '\n' ' ' <"$td/starts")" "0 none 4 6 " "the runs' checkpoints and HPS_RESUME_STEP"
expect_whole_curve sbatch-lost
wait_for 60 "the jobs to leave the queue" no_jobs_left
echo ok
