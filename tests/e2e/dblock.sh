# A write lock another process holds on hpsd.db does not stop the daemon
# nor lose a result: while it is held, queries answer and warn, a trial
# that ends keeps its result in memory (and the study its state), and
# once the lock goes both are stored; the log gives SQLite's real reason.
. "$(dirname "$0")/lib.sh"
start_daemon
cat > "$T/l.yaml" <<Y
name: locked
command: sh -c 'echo "step=1 value=1"; while [ ! -e $T/go ]; do sleep 0.1; done; echo "step=2 value=2"'
metric: {name: value, goal: minimize}
budget: {trials: 1}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/l.yaml" >/dev/null
wait_trials locked running 1
# Hold a write lock until $T/unlock exists.
python3 - "$HPS_STATE_DIR/hpsd.db" "$T" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2] + "/locked", "w").close()
while not os.path.exists(sys.argv[2] + "/unlock"):
    time.sleep(0.1)
db.execute("ROLLBACK")
PY
locker=$!
cleanup_hook() {
	touch "$T/unlock"
	kill "$locker" 2>/dev/null
}
wait_for 120 "the lock to be taken" test -e "$T/locked"
touch "$T/go"
wait_for 120 "the daemon to see the lock" grep -q "holds a lock on" "$HPS_STATE_DIR/hpsd.log"
hps status 2>&1 >/dev/null | grep -q "holds a lock on" || fail "status does not warn of the lock"
touch "$T/unlock"
wait $locker
wait_for 120 "the result to be stored" grep -q "no longer locked" "$HPS_STATE_DIR/hpsd.log"
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" "SELECT state FROM trial")" completed "stored trial state"
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" "SELECT state FROM study")" completed "stored study state"
expect_eq "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" "SELECT count(*) FROM metric")" 2 "stored steps"
grep "hpsd.db\|recording" "$HPS_STATE_DIR/hpsd.log" | grep -q "not an error" && fail "the log says 'not an error'"
echo ok
