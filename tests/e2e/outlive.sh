# Trials outlive the daemon: hpsd is killed with SIGKILL five times during
# a sweep of 6 trials of 20 steps of 0.5 s and started again each time.
# Every trial's process starts exactly once, every step is recorded once,
# no run is lost or repeated, and the sweep takes about as long as one
# that is never interrupted (the time is printed, not asserted).
. "$(dirname "$0")/lib.sh"
cat > "$T/trial.sh" <<'SH'
echo "$1 $$" >>"$HPS_TRIAL_DIR/../starts"
i=1
while [ $i -le 20 ]; do
	echo "step=$i value=$(($1 * 100 + i))"
	sleep 0.5
	i=$((i + 1))
done
SH
cat > "$T/o.yaml" <<Y
name: outlive
command: sh $T/trial.sh {a}
method: grid
metric: {name: value, goal: minimize}
budget: {parallel: 6}
parameters:
  a: {type: int, min: 1, max: 6}
Y
start_daemon --slots 6
begin=$(date +%s.%N)
hps submit "$T/o.yaml" >/dev/null
wait_trials outlive running 6
for i in 1 2 3 4 5; do
	# Each kill lands while trials print: after at least one more step.
	n=$(sqlite3 "$HPS_STATE_DIR/hpsd.db" "SELECT count(*) FROM metric")
	wait_for 120 "a step recorded after kill $((i - 1))" sh -c \
	    "[ \$(sqlite3 '$HPS_STATE_DIR/hpsd.db' 'SELECT count(*) FROM metric') -gt $n ]"
	kill -9 "$(daemon_pid)"
	wait_daemon_gone
	[ -n "$(keepers)" ] || fail "the trials did not outlive hpsd (kill $i)"
	start_daemon --slots 6
done
wait_study outlive
end=$(date +%s.%N)
db="$HPS_STATE_DIR/hpsd.db"
expect_eq "$(hps status --json | study_field outlive state)" completed "study state"
expect_eq "$(wc -l <"$HPS_STATE_DIR/studies/outlive/starts")" 6 "trial processes started"
expect_eq "$(cut -d' ' -f1 "$HPS_STATE_DIR/studies/outlive/starts" | sort -u | wc -l)" 6 "distinct trials started"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM trial WHERE state = 'completed'")" 6 "completed trials"
expect_eq "$(sqlite3 "$db" "SELECT sum(crashes) FROM trial")" 0 "runs lost"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM metric WHERE name = 'value'")" 120 "steps recorded"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM metric m JOIN param p ON p.trial_id = m.trial_id AND p.name = 'a' WHERE m.value != p.num * 100 + m.step")" 0 "steps with the wrong value"
# Every trial's stdout holds each step once: nothing was run twice.
for d in "$HPS_STATE_DIR"/studies/outlive/[0-9]*; do
	expect_eq "$(grep -c '^step=' "$d/stdout.log")" 20 "steps printed in $d"
done
[ -z "$(keepers)" ] || fail "keepers left: $(keepers)"
echo "ok (a sweep of 10 s of steps took $(python3 -c "print(round($end - $begin, 1))") s with 5 kills)"
