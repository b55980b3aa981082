# The control socket's path: an existing directory keeps its mode (only a
# directory hpsd makes is 0700); a second hpsd never takes a live daemon's
# socket, nor removes a file that is not a socket; a stale socket is
# reused; a path longer than a Unix socket holds is refused at start.
. "$(dirname "$0")/lib.sh"

# An existing directory is not chmodded.
mkdir -m 755 "$T/shared"
export HPS_SOCKET="$T/shared/x.sock"
start_daemon
expect_eq "$(stat -c %a "$T/shared")" 755 "existing socket directory mode"
expect_eq "$(stat -c %a "$HPS_SOCKET")" 600 "socket mode"
first=$(daemon_pid)

# A second daemon (another state directory) on the same socket is refused.
if hpsd --state-dir "$T/other" --socket "$HPS_SOCKET" 2>"$T/err"; then
	fail "a second hpsd took a live daemon's socket"
fi
grep -q "another hpsd is listening on $HPS_SOCKET" "$T/err" ||
	fail "second hpsd said: $(cat "$T/err")"
hps status >/dev/null || fail "the first daemon is unreachable"
expect_eq "$(send_raw '{"v":1,"id":1,"cmd":"ping"}\n' | jq_py 'd["result"]["pid"]')" \
	"$first" "daemon answering"

# A regular file at the socket path is never removed.
echo precious > "$T/file.sock"
if hpsd --state-dir "$T/other" --socket "$T/file.sock" 2>"$T/err"; then
	fail "hpsd started on a regular file"
fi
grep -q "is not a socket" "$T/err" || fail "said: $(cat "$T/err")"
expect_eq "$(cat "$T/file.sock")" precious "file at the socket path"

# A stale socket, left by a daemon killed with -9, is reused.
kill -9 "$first"
while kill -0 "$first" 2>/dev/null; do sleep 0.1; done
[ -S "$HPS_SOCKET" ] || fail "the killed daemon left no socket to test"
start_daemon
hps status >/dev/null || fail "no daemon on the stale socket's path"

# A path longer than 107 bytes is refused, naming the limit; nothing made.
long="$T/$(printf '%0120d' 0).sock"
if hpsd --state-dir "$T/third" --socket "$long" 2>"$T/err"; then
	fail "hpsd started on a $(printf %s "$long" | wc -c)-byte socket path"
fi
grep -q "at most 107" "$T/err" || fail "said: $(cat "$T/err")"
[ ! -e "$T/third" ] || fail "a refused start made its state directory"
hps --socket "$long" --no-start status 2>"$T/err" && fail "hps connected"
grep -q "File name too long" "$T/err" || fail "hps said: $(cat "$T/err")"
echo ok
