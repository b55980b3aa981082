# A full disk: with the state directory on a small tmpfs that fills up,
# hpsd says so, starts no new trials, keeps answering queries, and carries
# on when space returns; the study completes with every result and every
# metric value, and an intact database. Skipped (77) where tmpfs cannot be
# mounted.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/state"
if ! mount -t tmpfs -o size=6m,mode=0700 tmpfs "$T/state" 2>/dev/null; then
	echo "cannot mount a tmpfs here (needs root): skipped" >&2
	exit 77
fi
cleanup_hook() {
	umount -l "$T/state"
}
start_daemon
cat > "$T/trial.sh" <<'SH'
sleep 0.2
echo "epoch=1 value=$1"
head -c 20000 /dev/zero | tr "\0" "x"
echo
echo "epoch=2 value=$1"
SH
# A trial's process, as the test sees it (the database records a trial's
# end only once there is space again, and its keeper waits until then).
trial_running() {
	pgrep -f "^sh $T/trial.sh" >/dev/null
}
no_trial_running() {
	! trial_running
}
cat > "$T/d.yaml" <<Y
name: full
command: sh $T/trial.sh {x}
metric: {name: value, goal: minimize}
budget: {trials: 30, parallel: 2}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/d.yaml" >/dev/null
wait_trials full completed 1
# Fill the disk while the sweep runs.
dd if=/dev/zero of="$HPS_STATE_DIR/filler" bs=64k 2>/dev/null || true
wait_for 60 "hpsd to notice the full disk" \
	grep -q "no space left" "$HPS_STATE_DIR/hpsd.log"
hps status >/dev/null 2>"$T/warn" || fail "status failed while the disk was full"
grep -q "warning: no space left" "$T/warn" || fail "status does not say the disk is full"
hps best full --json >/dev/null || fail "best failed while the disk was full"
wait_for 120 "the trials running when the disk filled to end" no_trial_running
before=$(hps trials full --json | jq_py 'len(d["trials"])')
# Nothing may start while the disk stays full: watch for a while, past
# the daemon's 2-second retry of the writes it holds.
sleep 3
expect_eq "$(hps trials full --json | jq_py 'len(d["trials"])')" "$before" "trials started while the disk was full"
trial_running && fail "a trial started while the disk was full"
rm -f "$HPS_STATE_DIR/filler"
wait_study full
expect_eq "$(hps status --json | study_field full state)" completed "state after space returned"
expect_eq "$(hps status --json | study_field full counts.completed)" 30 "completed trials"
grep -q "space is back" "$HPS_STATE_DIR/hpsd.log" || fail "no word that space is back"
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" 'PRAGMA integrity_check')" ok "integrity check"
# Every trial's two values, those printed while the disk was full too.
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" \
	"SELECT count(*) FROM metric WHERE name = 'value'")" 60 "metric rows"
echo ok
