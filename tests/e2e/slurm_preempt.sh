# A Slurm batch job preempted by a job of a higher-priority partition is
# requeued, not failed: its trial shows pending again, runs again in the
# same job from its checkpoint with HPS_RESUME_STEP, and completes with a
# curve that has every step once (no gap, none twice); the study counts
# no failure and no run lost. A job with a time limit warns its trial
# (SIGTERM) warn_before the limit, so it can save a checkpoint.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/slurmlib.sh"
start_daemon --grace 60
submit_waiting_trial sbatch-preempt
timeout 60 srun -p high -c 2 -J preemptor true || fail "the high-priority job did not run"
wait_trials sbatch-preempt pending 1 60
wait_trials sbatch-preempt running 1 60
wait_study sbatch-preempt
expect_study sbatch-preempt completed 0 0
# Two runs of one job: the second began at its checkpoint (step 4), told
# the step hpsd had (6), and printed steps 5 and 6 again.
expect_eq "$(cut -d' ' -f1 "$td/runs" | tr '\n' ' ')" "0 1 " "runs of the job"
expect_eq "$(tr '\n' ' ' <"$td/starts")" "0 none 4 6 " "the runs' checkpoints and HPS_RESUME_STEP"
expect_eq "$(grep -c '^step=' "$td/stdout.log")" 22 "steps printed, 5 and 6 twice"
expect_whole_curve sbatch-preempt
wait_for 60 "the job to leave the queue" no_jobs_left

# time_limit 1m, warned 55 s before: 5 s into the run. The trial notes
# the warning and goes on until the test has seen it.
cat > "$T/warned.sh" <<'SH'
trap 'echo warned >"$HPS_TRIAL_DIR/warned"' TERM
i=0
until [ -e "$HPS_TRIAL_DIR/warned" ]; do
	i=$((i + 1))
	echo "step=$i loss=$i"
	sleep 0.5
done
SH
cat > "$T/w.yaml" <<Y
name: sbatch-warn
command: sh $T/warned.sh
metric: {name: loss, goal: minimize}
budget: {trials: 1}
executor: {type: slurm, time_limit: 1m, warn_before: 55s}
parameters:
  x: {value: 1}
Y
hps submit "$T/w.yaml" --wait >/dev/null || fail "the warned trial failed: $(hps trials sbatch-warn)"
expect_eq "$(cat "$HPS_STATE_DIR/studies/sbatch-warn/0/warned")" warned "the trial's warning"
wait_for 60 "the job to leave the queue" no_jobs_left
echo ok
