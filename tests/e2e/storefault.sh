# A damaged store: the WAL is checkpointed within seconds, so a WAL deleted
# after kill -9 loses none of a finished sweep; a damaged database is
# refused at start with a clear message and a copy kept aside; a database
# emptied beside studies/ full of trials is refused, not started afresh.
. "$(dirname "$0")/lib.sh"
start_daemon
cat > "$T/s.yaml" <<'Y'
name: wal
command: sh -c 'echo value={x}'
metric: {name: value, goal: minimize}
budget: {trials: 20, parallel: 4}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/s.yaml" --wait >/dev/null || fail "study failed"
db="$HPS_STATE_DIR/hpsd.db"

# completed_in_file: completed trials in the database file alone, as it
# would be read without its WAL.
completed_in_file() {
	rm -f "$T/alone.db"*
	cp "$db" "$T/alone.db"
	sqlite3 "$T/alone.db" "SELECT count(*) FROM trial WHERE state = 'completed'" \
		2>/dev/null || echo 0
}
wait_for 300 "the WAL to be checkpointed into the database file" \
	eval '[ "$(completed_in_file)" = 20 ]'
kill -9 "$(daemon_pid)"
wait_daemon_gone
rm -f "$db-wal" "$db-shm"
start_daemon
expect_eq "$(hps status --json | study_field wal counts.completed)" 20 \
	"completed trials after losing the WAL"
pid=$(daemon_pid)
hps shutdown >/dev/null
while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done

# Damaged pages: refused, the message names the fault, a copy is kept.
cp "$db" "$T/good.db"
page=$(sqlite3 "$db" "PRAGMA page_size")
root=$(sqlite3 "$db" "SELECT rootpage FROM sqlite_schema WHERE name = 'param'")
dd if=/dev/urandom of="$db" bs="$page" seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null
if hpsd --state-dir "$HPS_STATE_DIR" --socket "$HPS_SOCKET" 2>"$T/err"; then
	fail "hpsd ran on a damaged database"
fi
grep -q "hpsd.db is damaged" "$T/err" || fail "said: $(cat "$T/err")"
grep -q "A copy is in" "$T/err" || fail "no copy named: $(cat "$T/err")"
# hpsd said it did not start: its lock on the state directory is free.
flock -n "$HPS_STATE_DIR" true || fail "the refused hpsd still holds the lock"
copy=$(ls "$db".damaged-* | head -n 1)
cmp -s "$copy" "$db" || fail "the copy differs from the damaged file"

# A file that is not a database at all.
head -c 8192 /dev/urandom > "$db"
rm -f "$db".damaged-*
if hpsd --state-dir "$HPS_STATE_DIR" --socket "$HPS_SOCKET" 2>"$T/err"; then
	fail "hpsd ran on a file that is not a database"
fi
grep -q "hpsd.db is damaged" "$T/err" || fail "said: $(cat "$T/err")"
ls "$db".damaged-* >/dev/null || fail "no copy kept"

# Zero length beside studies/ full of trials.
: > "$db"
rm -f "$db-wal" "$db-shm"
if hpsd --state-dir "$HPS_STATE_DIR" --socket "$HPS_SOCKET" 2>"$T/err"; then
	fail "hpsd started afresh beside studies/ full of trials"
fi
grep -q "holds no study, but .*studies holds the trials of 1" "$T/err" ||
	fail "said: $(cat "$T/err")"

# The good copy back: it runs.
cp "$T/good.db" "$db"
start_daemon
expect_eq "$(hps status --json | study_field wal counts.completed)" 20 "completed trials"
echo ok
