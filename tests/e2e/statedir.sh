# The state directory is private: one writable by others, or one another
# user prepared, is refused; files are created 0600 whatever the umask and
# never through a symlink; the lock is on the directory, so deleting
# hpsd.lock does not let a second daemon run on the same database.
. "$(dirname "$0")/lib.sh"

# Refused: writable by others; a symlink planted where a file goes.
mkdir -m 777 "$T/open"
chmod 777 "$T/open"
if hpsd --state-dir "$T/open" --socket "$T/o.sock" 2>"$T/err"; then
	fail "hpsd ran in a world-writable state directory"
fi
grep -q "writable by others (mode 777); run chmod go-w" "$T/err" ||
	fail "said: $(cat "$T/err")"
for f in hpsd.log hpsd.lock hpsd.db; do
	rm -rf "$T/trap"
	mkdir -m 700 "$T/trap"
	echo victim > "$T/victim"
	ln -s "$T/victim" "$T/trap/$f"
	if hpsd --state-dir "$T/trap" --socket "$T/t.sock" 2>"$T/err"; then
		fail "hpsd followed a symlink at $f"
	fi
	expect_eq "$(cat "$T/victim")" victim "file behind a symlinked $f"
done

# Files 0600 and directories 0700, even with umask 000.
(umask 000 && start_daemon)
cat > "$T/s.yaml" <<Y
name: modes
command: sh -c 'echo value={x}; echo oops >&2'
metric: {name: value, goal: minimize}
env: {TOKEN: inline-secret}
budget: {trials: 2}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/s.yaml" --wait >/dev/null || fail "study failed"
bad=$(find "$HPS_STATE_DIR" \( -type f ! -perm 600 \) -o \( -type d ! -perm 700 \))
[ -z "$bad" ] || fail "not private: $(ls -ld $bad)"

# Deleting hpsd.lock leaves the daemon's lock in place.
rm "$HPS_STATE_DIR/hpsd.lock"
if hpsd --state-dir "$HPS_STATE_DIR" --socket "$T/second.sock" 2>"$T/err"; then
	fail "a second hpsd ran on the same state directory"
fi
grep -q "another hpsd is already using" "$T/err" || fail "said: $(cat "$T/err")"
hps status >/dev/null || fail "the first daemon stopped serving"
hps shutdown >/dev/null

if [ "$(id -u)" = 0 ] && command -v useradd >/dev/null && command -v runuser >/dev/null; then
	id hps-other >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin hps-other
	# A state directory another user prepared, or one under a directory
	# of theirs, is refused before anything in it is touched.
	mkdir -m 700 "$T/theirs"
	echo victim > "$T/victim"
	ln -s "$T/victim" "$T/theirs/hpsd.lock"
	chown -h hps-other "$T/theirs" "$T/theirs/hpsd.lock"
	if hpsd --state-dir "$T/theirs" --socket "$T/x.sock" 2>"$T/err"; then
		fail "hpsd used a state directory of another user"
	fi
	grep -q "belongs to another user" "$T/err" || fail "said: $(cat "$T/err")"
	expect_eq "$(cat "$T/victim")" victim "file behind their hpsd.lock"
	mkdir -m 755 "$T/theirs2"
	chown hps-other "$T/theirs2"
	if hpsd --state-dir "$T/theirs2/mine" --socket "$T/x.sock" 2>"$T/err"; then
		fail "hpsd used a state directory under another user's"
	fi
	grep -q "above the state directory" "$T/err" || fail "said: $(cat "$T/err")"
else
	echo "(not root: the other-user checks are skipped)"
fi
echo ok
