# hps pause --now and hps resume: a plain pause lets the running trial go
# on; pause --now stops it with SIGTERM (it keeps its checkpoint) and marks
# it paused, through a restart of hpsd; resume runs it again with
# HPS_RESUME_STEP and the same HPS_CHECKPOINT_DIR, and its curve goes on
# from there: every step once.
. "$(dirname "$0")/lib.sh"
start_daemon
# Six steps, the last one done saved in the checkpoint directory; after
# step 3 it waits for the test's go.
cat > "$T/trial.sh" <<'SH'
step=0
[ -f "$HPS_CHECKPOINT_DIR/step" ] && step=$(cat "$HPS_CHECKPOINT_DIR/step")
echo "resume=${HPS_RESUME_STEP-none} from=$step" >> "$T/runs"
trap 'exit 143' TERM
while [ "$step" -lt 6 ]; do
	step=$((step + 1))
	echo "step=$step value=$step"
	echo "$step" > "$HPS_CHECKPOINT_DIR/step.tmp"
	mv "$HPS_CHECKPOINT_DIR/step.tmp" "$HPS_CHECKPOINT_DIR/step"
	if [ "$step" -eq 3 ]; then
		while [ ! -e "$T/go" ]; do sleep 0.1; done
	fi
done
SH
cat > "$T/p.yaml" <<Y
name: pn
command: sh $T/trial.sh
method: random
metric: {name: value, goal: minimize, summary: best}
budget: {trials: 1}
env: {T: "$T"}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/p.yaml" >/dev/null
recorded_3() {
	[ "$(hps curve pn 0 --json | jq_py '3 in [p[0] for p in d["metrics"].get("value", [])]')" = True ]
}
wait_for 120 "step 3 recorded" recorded_3
trial_state() {
	hps trials pn --json | jq_py 'd["trials"][0]["state"]'
}
# A plain pause: the trial runs on.
hps pause pn >/dev/null
expect_eq "$(hps status --json | study_field pn state)" paused "study after pause"
expect_eq "$(trial_state)" running "trial after a plain pause"
# --now stops it, to resume.
hps --json pause pn --now >"$T/p.json"
expect_eq "$(jq_py 'd["stopping"]' <"$T/p.json")" 1 "trials stopping"
is_paused() {
	[ "$(trial_state)" = paused ]
}
wait_for 120 "trial 0 paused" is_paused
expect_eq "$(hps trials pn --state paused --json | jq_py 'len(d["trials"])')" 1 "hps trials --state paused"
expect_eq "$(hps status --json | study_field pn counts.paused)" 1 "paused in the counts"
expect_eq "$(hps status --json | study_field pn counts.failed)" 0 "no failure"
# Paused survives a restart of hpsd.
hps shutdown >/dev/null
wait_daemon_gone
start_daemon
expect_eq "$(trial_state)" paused "trial after a restart"
expect_eq "$(hps status --json | study_field pn state)" paused "study after a restart"
touch "$T/go"
hps resume pn >/dev/null
wait_study pn
expect_eq "$(trial_state)" completed "trial after resume"
expect_eq "$(cat "$T/runs")" "resume=none from=0
resume=3 from=3" "its runs: fresh, then resumed after step 3 from its checkpoint"
expect_eq "$(hps curve pn 0 --json | jq_py 'd["metrics"]["value"] == [[i, i] for i in range(1, 7)]')" \
	True "the curve: every step once"
expect_eq "$(hps trials pn --json | jq_py 'd["trials"][0]["objective"]')" 1.0 "objective: the best of the whole curve, step 1 of the first run"
echo ok
