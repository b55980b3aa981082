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
# A trainer (a shell script, written to $1) that checkpoints every 4
# steps of 20 and resumes from its last checkpoint; its first run waits
# after step 6 (the file `waited` in its trial directory) until the test
# stops it, so a second run prints steps 5 and 6 again, which hpsd has
# and must not record twice. Each run notes in `starts` the step it began
# at and the HPS_RESUME_STEP it was given.
checkpointing_trial() {
	cat >"$1" <<'SH'
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
}
# The curve of study $1's one trial: steps 1 to 20, each once, with its
# value.
expect_whole_curve() {
	_q="FROM metric m JOIN trial t ON t.id = m.trial_id JOIN study s ON s.id = t.study_id WHERE s.name = '$1' AND m.name = 'loss'"
	expect_eq "$(sqlite3 "$db" "SELECT group_concat(step, ' ') FROM (SELECT m.step AS step $_q ORDER BY m.step)")" \
		"$(seq -s ' ' 1 20)" "steps of $1 recorded"
	expect_eq "$(sqlite3 "$db" "SELECT count(*) $_q AND m.value != 100 - m.step")" 0 "steps of $1 with the wrong value"
}
# The study's state, failures and runs lost.
expect_study() { # study state failures crashes
	expect_eq "$(hps trials "$1" --json | jq_py 'd["trials"][0]["state"]')" "$2" "state of $1's trial"
	expect_eq "$(hps status --json | study_field "$1" counts.failed)" "$3" "failures of $1"
	expect_eq "$(sqlite3 "$db" "SELECT crashes FROM trial t JOIN study s ON s.id = t.study_id WHERE s.name = '$1'")" "$4" "runs of $1 lost"
}
# Submit study $1: one checkpointing_trial on the whole node (so a
# high-priority job must preempt it); return once its first run waits
# after step 6 and hpsd has told the job so (resume_step). Sets db, td.
submit_waiting_trial() {
	db="$HPS_STATE_DIR/hpsd.db"
	td="$HPS_STATE_DIR/studies/$1/0"
	[ -e "$T/trial.sh" ] || checkpointing_trial "$T/trial.sh"
	cat >"$T/$1.yaml" <<Y
name: $1
command: sh $T/trial.sh
metric: {name: loss, goal: minimize}
budget: {trials: 1, max_failures: 1}
executor: {type: slurm, cpus_per_trial: 2}
parameters:
  x: {value: 1}
Y
	hps submit "$T/$1.yaml" >/dev/null
	wait_for 120 "step 6 of $1 recorded" sh -c "[ \$(sqlite3 '$db' \"SELECT count(*) FROM metric m JOIN trial t ON t.id = m.trial_id JOIN study s ON s.id = t.study_id WHERE s.name = '$1' AND m.name = 'loss'\") -eq 6 ]"
	wait_for 60 "resume_step 6 in $td" grep -qx 6 "$td/resume_step"
}
