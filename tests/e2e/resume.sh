# The checkpoint protocol with a real trainer: two trials of hps-mlp with
# the same configuration and seed. Trial 0 is stopped (SIGSTOP) once it has
# printed its second epoch, and its whole process group is then killed
# from outside with SIGKILL, as a lost node would; the daemon runs it
# again with HPS_RESUME_STEP=2 and the same HPS_CHECKPOINT_DIR, hps-mlp
# resumes from its checkpoint (printing the epochs it holds again, as they
# were), and trial 0 ends with exactly the curve and
# test metrics of trial 1, which ran straight through: no step missing, no
# step twice. Skipped (77) without Debian's dataset-fashion-mnist.
. "$(dirname "$0")/lib.sh"
if [ ! -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
	echo "dataset-fashion-mnist is not installed: skipped" >&2
	exit 77
fi
start_daemon
# The trial: hps-mlp reading its checkpoint directory from the protocol.
# On trial 0's first run (gate 1, no HPS_RESUME_STEP) its output goes
# through a reader that stops hps-mlp after the line of epoch 2 and writes
# the process group's id to the trial directory for the test to kill.
cat > "$T/trial.sh" <<'SH'
[ -n "${HPS_RESUME_STEP-}" ] && echo "$HPS_RESUME_STEP" > "$HPS_TRIAL_DIR/resume_step"
echo "$HPS_CHECKPOINT_DIR" >> "$HPS_TRIAL_DIR/checkpoint_dirs"
if [ "$HPS_PARAM_gate" = 0 ] || [ -n "${HPS_RESUME_STEP-}" ]; then
	hps-mlp "$@" | tee -a "$HPS_TRIAL_DIR/all.log"
	exit
fi
mkfifo "$HPS_TRIAL_DIR/fifo"
hps-mlp "$@" >"$HPS_TRIAL_DIR/fifo" &
mlp=$!
while IFS= read -r line; do
	printf '%s\n' "$line" | tee -a "$HPS_TRIAL_DIR/all.log"
	case $line in "epoch=2 "*)
		kill -STOP "$mlp"
		echo $$ > "$HPS_TRIAL_DIR/pgid.tmp"
		mv "$HPS_TRIAL_DIR/pgid.tmp" "$HPS_TRIAL_DIR/pgid" ;;
	esac
done <"$HPS_TRIAL_DIR/fifo"
SH
cat > "$T/r.yaml" <<Y
name: resume
command: sh $T/trial.sh --epochs 4 --subset 2000 --val-subset 500 --units 64 --dropout 0.2 --seed 7
method: grid
metric: {name: val_acc, goal: maximize, summary: best}
budget: {parallel: 2}
parameters:
  gate: {values: [1, 0]}
Y
hps submit "$T/r.yaml" >/dev/null
dir="$HPS_STATE_DIR/studies/resume/0"
wait_for 300 "trial 0 stopped after epoch 2" test -s "$dir/pgid"
# Epoch 2 is recorded before the node is lost.
recorded_2() {
	[ "$(hps curve resume 0 --json | jq_py '2 in [p[0] for p in d["metrics"].get("val_acc", [])]')" = True ]
}
wait_for 120 "epoch 2 of trial 0 recorded" recorded_2
kill -9 "-$(cat "$dir/pgid")"
wait_study resume
hps trials resume --json >"$T/t.json"
expect_eq "$(jq_py '[t["state"] for t in d["trials"]]' <"$T/t.json")" "['completed', 'completed']" "both trials completed"
expect_eq "$(cat "$dir/resume_step")" 2 "HPS_RESUME_STEP of the re-run"
expect_eq "$(sort -u "$dir/checkpoint_dirs")" "$dir/checkpoint" "the same HPS_CHECKPOINT_DIR in both runs"
[ "$(wc -l <"$dir/checkpoint_dirs")" -eq 2 ] || fail "trial 0 did not run twice"
expect_eq "$(stat -c %a "$dir/checkpoint")" 700 "the checkpoint directory's mode"
test -s "$dir/checkpoint/mlp.ckpt" || fail "no checkpoint in $dir/checkpoint"
# The re-run printed epoch 1 again from its checkpoint, as the first run
# printed it (its seconds included), rather than training it again.
grep '^epoch=1 ' "$dir/all.log" >"$T/e1"
[ "$(wc -l <"$T/e1")" -eq 2 ] && [ "$(sort -u "$T/e1" | wc -l)" -eq 1 ] ||
	fail "epoch 1 was not replayed from the checkpoint: $(cat "$T/e1")"
hps curve resume 0 --json >"$T/c0.json"
hps curve resume 1 --json >"$T/c1.json"
for m in loss acc val_loss val_acc; do
	expect_eq "$(jq_py "[p[0] for p in d['metrics']['$m']]" <"$T/c0.json")" "[1, 2, 3, 4]" "trial 0's $m steps: no gap, none twice"
	expect_eq "$(jq_py "d['metrics']['$m']" <"$T/c0.json")" "$(jq_py "d['metrics']['$m']" <"$T/c1.json")" "$m: resumed = uninterrupted"
done
for m in test_loss test_acc kept_epoch; do
	expect_eq "$(jq_py "d['metrics']['$m']" <"$T/c0.json")" "$(jq_py "d['metrics']['$m']" <"$T/c1.json")" "$m: resumed = uninterrupted"
done
expect_eq "$(jq_py 'd["trials"][0]["objective"] == d["trials"][1]["objective"]' <"$T/t.json")" True "the same objective"
expect_eq "$(hps status --json | study_field resume counts.failed)" 0 "no failure counted"
echo "ok (trial 0 resumed after step $(cat "$dir/resume_step"))"
