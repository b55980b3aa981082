# A Slurm batch job preempted by a job of a higher-priority partition is
# requeued, not failed: its trial shows pending again, runs again from
# its checkpoint with HPS_RESUME_STEP, and completes with a curve that
# has every step once (no gap, none twice); the study counts no failure.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/slurmlib.sh"
# A trainer that checkpoints every 4 steps and resumes from its last
# checkpoint; its first run waits after step 6 until it is preempted, so
# the second prints steps 5 and 6 again, which hpsd has and must not
# record twice. Each run notes where it began and the HPS_RESUME_STEP it
# was given.
cat > "$T/trial.sh" <<'SH'
ck=$HPS_CHECKPOINT_DIR/step
i=0
[ -s "$ck" ] && i=$(cat "$ck")
echo "$i ${HPS_RESUME_STEP:-none}" >>"$HPS_TRIAL_DIR/starts"
while [ $i -lt 20 ]; do
	i=$((i + 1))
	echo "step=$i loss=$((100 - i))"
	[ $((i % 4)) -ne 0 ] || echo $i >"$ck"
	if [ $i = 6 ] && [ ! -e "$HPS_TRIAL_DIR/waited" ]; then
		touch "$HPS_TRIAL_DIR/waited"
		sleep 600
	fi
	sleep 0.5
done
SH
cat > "$T/p.yaml" <<Y
name: sbatch-preempt
command: sh $T/trial.sh
metric: {name: loss, goal: minimize}
budget: {trials: 1, max_failures: 1}
executor: {type: slurm, cpus_per_trial: 2}
parameters:
  x: {value: 1}
Y
db="$HPS_STATE_DIR/hpsd.db"
td="$HPS_STATE_DIR/studies/sbatch-preempt/0"
start_daemon --grace 60
hps submit "$T/p.yaml" >/dev/null
# Preempted while it waits, once hpsd has told the job its last step.
wait_for 120 "step 6 recorded" sh -c "[ \$(sqlite3 '$db' \"SELECT count(*) FROM metric WHERE name = 'loss'\") -eq 6 ]"
wait_for 60 "resume_step 6 in the trial directory" grep -qx 6 "$td/resume_step"
timeout 60 srun -p high -c 2 -J preemptor true || fail "the high-priority job did not run"
wait_trials sbatch-preempt pending 1 60
wait_study sbatch-preempt
expect_eq "$(hps trials sbatch-preempt --json | jq_py 'd["trials"][0]["state"]')" completed "state"
expect_eq "$(hps status --json | study_field sbatch-preempt counts.failed)" 0 "failures"
expect_eq "$(sqlite3 "$db" "SELECT sum(crashes) FROM trial")" 0 "runs lost"
# Two runs of one job: the second began at its checkpoint, told the step
# hpsd had.
expect_eq "$(wc -l <"$td/runs")" 2 "runs of the job"
expect_eq "$(cut -d' ' -f1 "$td/runs" | tr '\n' ' ')" "0 1 " "run numbers"
expect_eq "$(wc -l <"$td/starts")" 2 "trial processes started"
second=$(sed -n 2p "$td/starts")
expect_eq "$second" "4 6" "the second run's checkpoint and HPS_RESUME_STEP"
expect_eq "$(grep -c '^step=' "$td/stdout.log")" 22 "steps printed, 5 and 6 twice"
# The curve: steps 1 to 20, each once, with its value.
expect_eq "$(sqlite3 "$db" "SELECT group_concat(step, ' ') FROM (SELECT step FROM metric WHERE name = 'loss' ORDER BY step)")" \
	"$(seq -s ' ' 1 20)" "steps recorded"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM metric WHERE name = 'loss' AND value != 100 - step")" 0 "steps with the wrong value"
wait_for 60 "the job to leave the queue" no_jobs_left
echo ok
