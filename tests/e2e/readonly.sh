# A state directory that stops taking writes (made immutable here, as a
# read-only or failing disk would) is a disk fault, not the trials' fault:
# hpsd says so, starts no new trials, keeps answering, and once writes work
# again the study completes with no trial failed and every value recorded.
# Skipped (77) where chattr +i does not work (not root, or tmpfs).
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/probe"
if ! chattr +i "$T/probe" 2>/dev/null; then
	echo "chattr +i does not work here: skipped" >&2
	exit 77
fi
chattr -i "$T/probe"
cleanup_hook() {
	chattr -R -i "$HPS_STATE_DIR" 2>/dev/null
}
start_daemon
cat > "$T/ro.yaml" <<'Y'
name: ro
command: sh -c 'sleep 0.2; echo "epoch=1 value={x}"; echo "epoch=2 value={x}"'
metric: {name: value, goal: minimize}
budget: {trials: 16, parallel: 2}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/ro.yaml" >/dev/null || fail "submit"
wait_for 300 "the first trial to start" eval '[ -d "$HPS_STATE_DIR/studies/ro/1" ]'
chattr +i "$HPS_STATE_DIR/studies/ro" "$HPS_STATE_DIR/hpsd.db-wal"
wait_for 300 "hpsd to notice the disk refusing writes" \
	eval 'grep -q "cannot write to $HPS_STATE_DIR" "$HPS_STATE_DIR/hpsd.log"'
hps status >/dev/null 2>"$T/warn" || fail "status failed while the disk refused writes"
grep -q "warning: cannot write to" "$T/warn" || fail "status says: $(cat "$T/warn")"
expect_eq "$(hps status --json | study_field ro state)" running "state while read-only"
expect_eq "$(hps status --json | study_field ro counts.failed)" 0 "failed trials while read-only"
chattr -i "$HPS_STATE_DIR/studies/ro" "$HPS_STATE_DIR/hpsd.db-wal"
wait_study ro 120
expect_eq "$(hps status --json | study_field ro state)" completed "state"
expect_eq "$(hps status --json | study_field ro counts.completed)" 16 "completed trials"
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" \
	"SELECT count(*) FROM metric WHERE name = 'value'")" 32 "metric rows"
echo ok
