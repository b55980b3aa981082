# Slurm batch jobs outlive hpsd: hpsd is killed with SIGKILL five times
# during a sweep of 6 trials of 20 steps of 0.5 s on the test cluster
# (2 CPUs: two trials at a time, the others pending) and started again
# each time, then stopped once more with `hps shutdown`. The jobs run on
# while no hpsd runs, no trial runs twice, every step is recorded once
# and no job is left at the end.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/slurmlib.sh"
cat > "$T/trial.sh" <<'SH'
echo "$1 $SLURM_JOB_ID" >>"$HPS_TRIAL_DIR/../starts"
i=1
while [ $i -le 20 ]; do
	echo "step=$i value=$(($1 * 100 + i))"
	sleep 0.5
	i=$((i + 1))
done
SH
cat > "$T/r.yaml" <<Y
name: sbatch-restart
command: sh $T/trial.sh {a}
method: grid
metric: {name: value, goal: minimize}
budget: {parallel: 6}
executor: {type: slurm, cpus_per_trial: 1}
parameters:
  a: {type: int, min: 1, max: 6}
Y
db="$HPS_STATE_DIR/hpsd.db"
dir="$HPS_STATE_DIR/studies/sbatch-restart"
steps() {
	sqlite3 "$db" "SELECT count(*) FROM metric"
}
printed() {
	cat "$dir"/[0-9]*/stdout.log 2>/dev/null | grep -c '^step=' || true
}
start_daemon --grace 60
hps submit "$T/r.yaml" >/dev/null
wait_trials sbatch-restart running 1
for i in 1 2 3 4 5 shutdown; do
	# Each kill lands while trials print: after at least one more step.
	n=$(steps)
	wait_for 120 "a step recorded before kill $i" sh -c \
	    "[ \$(sqlite3 '$db' 'SELECT count(*) FROM metric') -gt $n ]"
	if [ $i = shutdown ]; then
		hps shutdown >/dev/null
	else
		kill -9 "$(daemon_pid)"
	fi
	wait_daemon_gone
	# The jobs go on without hpsd: their output grows.
	p=$(printed)
	[ "$p" -lt 120 ] || fail "the sweep ended before kill $i"
	wait_for 60 "a step printed while hpsd was down (kill $i)" sh -c \
	    "[ \$(cat '$dir'/[0-9]*/stdout.log | grep -c '^step=') -gt $p ]"
	start_daemon --grace 60
done
wait_study sbatch-restart
expect_eq "$(hps status --json | study_field sbatch-restart state)" completed "study state"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM trial WHERE state = 'completed'")" 6 "completed trials"
expect_eq "$(sqlite3 "$db" "SELECT sum(crashes) FROM trial")" 0 "runs lost"
# Each trial ran once, as one job that Slurm ran once.
expect_eq "$(wc -l <"$dir/starts")" 6 "trial processes started"
expect_eq "$(cut -d' ' -f1 "$dir/starts" | sort -u | wc -l)" 6 "distinct trials started"
expect_eq "$(cut -d' ' -f2 "$dir/starts" | sort -u | wc -l)" 6 "distinct jobs"
for d in "$dir"/[0-9]*; do
	expect_eq "$(wc -l <"$d/runs")" 1 "runs of the job in $d"
	expect_eq "$(grep -c '^step=' "$d/stdout.log")" 20 "steps printed in $d"
done
# Every step recorded once, with its value.
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM metric WHERE name = 'value'")" 120 "steps recorded"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM (SELECT DISTINCT trial_id, step FROM metric WHERE name = 'value')")" 120 "distinct steps recorded"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM metric m JOIN param p ON p.trial_id = m.trial_id AND p.name = 'a' WHERE m.value != p.num * 100 + m.step")" 0 "steps with the wrong value"
wait_for 60 "the jobs to leave the queue" no_jobs_left
echo ok
