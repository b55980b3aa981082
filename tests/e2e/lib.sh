# Shared set-up for the end-to-end tests: each test sources this file, gets
# a private state directory and socket, a real hpsd started on them, and
# the real hps client on PATH. Everything is torn down on exit.
set -eu

: "${HPS_BIN:?HPS_BIN must point at the build directory}"
: "${HPS_SRC:?HPS_SRC must point at the source tree}"

T=$(mktemp -d /tmp/hps-e2e.XXXXXX)
export HPS_STATE_DIR="$T/state"
export HPS_SOCKET="$T/hpsd.sock"
export PATH="$HPS_BIN:$HPS_BIN/examples/functions:$HPS_BIN/examples/mlp:$PATH"
# Sanitizer reports of the daemon (detached, its stderr is /dev/null) and
# of the client land in files that fail the test (sanitizer builds only).
export ASAN_OPTIONS="log_path=$T/asan:abort_on_error=1"
export UBSAN_OPTIONS="log_path=$T/ubsan:print_stacktrace=1"

cleanup() {
	status=$?
	# A clean shutdown lets LeakSanitizer check the daemon at exit.
	pid=$(cat "$HPS_STATE_DIR/hpsd.lock" 2>/dev/null || true)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		hps --no-start shutdown --stop >/dev/null 2>&1 || true
		end=$(($(date +%s) + 60))
		while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	# Trials outlive a daemon that was killed: their keepers kill them.
	stop_keepers
	# A test may define cleanup_hook to stop what it started itself.
	if command -v cleanup_hook >/dev/null 2>&1; then
		cleanup_hook || true
	fi
	for f in "$T"/asan.* "$T"/ubsan.*; do
		[ -f "$f" ] || continue
		echo "--- sanitizer report $f ---"
		cat "$f"
		status=1
	done
	if [ $status -ne 0 ] && [ -f "$HPS_STATE_DIR/hpsd.log" ]; then
		echo "--- hpsd.log ---"
		tail -n 40 "$HPS_STATE_DIR/hpsd.log"
	fi
	rm -rf "$T"
	exit $status
}
trap cleanup EXIT INT TERM

# keepers: the pids of the keepers of this test's trials.
keepers() {
	pgrep -f "hpsd-keeper -d $T/" || true
}

no_keepers() {
	[ -z "$(keepers)" ]
}

# stop_keepers: every trial of this test killed by its keeper (SIGUSR1),
# and the keepers gone.
stop_keepers() {
	for _k in $(keepers); do
		kill -USR1 "$_k" 2>/dev/null || true
	done
	_sk_end=$(($(date +%s) + 60))
	while [ -n "$(keepers)" ] && [ "$(date +%s)" -lt "$_sk_end" ]; do
		sleep 0.1
	done
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# start_daemon [hpsd options...]: start hpsd on the private socket.
start_daemon() {
	hpsd --state-dir "$HPS_STATE_DIR" --socket "$HPS_SOCKET" --grace 1 "$@" ||
		fail "hpsd did not start"
	start_reaper
}

# start_reaper: once per test, a detached process that waits for this
# shell to end and then stops its daemon and trials. The EXIT trap does
# that on every exit but a SIGKILL, which is how ctest ends a test past
# its timeout; without the reaper that test's hpsd and trials would run
# on, loading the machine under every test after it.
start_reaper() {
	[ -z "${_reaper:-}" ] || return 0
	_reaper=1
	(setsid sh -c '
		while kill -0 "$1" 2>/dev/null; do sleep 1; done
		[ -d "$2" ] || exit 0
		pid=$(cat "$HPS_STATE_DIR/hpsd.lock" 2>/dev/null)
		hps --no-start shutdown --stop >/dev/null 2>&1
		pkill -USR1 -f "hpsd-keeper -d $2/"
		n=0
		while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
		    [ $n -lt 600 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null
		rm -rf "$2"' reaper "$$" "$T" </dev/null >/dev/null 2>&1 &)
}

daemon_pid() {
	cat "$HPS_STATE_DIR/hpsd.lock"
}

# wait_for SECONDS WHAT COMMAND [ARGS...]: run COMMAND every 0.1 s until it
# succeeds; fail saying WHAT was awaited once SECONDS have passed. Tests
# wait for conditions this way, never with a fixed sleep, so a loaded
# machine only makes them slower. The deadline bounds a broken run: make it
# generous (minutes), since reaching it is a failure.
wait_for() {
	_wf_end=$(($(date +%s) + $1))
	_wf_what=$2
	shift 2
	until "$@"; do
		[ "$(date +%s)" -lt "$_wf_end" ] || fail "waited in vain for $_wf_what"
		sleep 0.1
	done
}

# wait_study NAME [SECONDS]: until the study leaves the running state.
wait_study() {
	wait_for "${2:-300}" "study $1 to leave the running state" study_ended "$1"
}

study_ended() {
	_se=$(hps status --json | study_field "$1" state) &&
		[ -n "$_se" ] && [ "$_se" != running ]
}

# field_is NAME FIELD VALUE: a study's FIELD in `hps status --json` is VALUE.
field_is() {
	_fi=$(hps status --json | study_field "$1" "$2") && [ "$_fi" = "$3" ]
}

# wait_trials NAME STATE N [SECONDS]: until the study counts at least N
# trials in STATE (a key of counts in `hps status --json`).
wait_trials() {
	wait_for "${4:-300}" "$3 $2 trials in study $1" trials_at_least "$@"
}

trials_at_least() {
	_ta=$(hps status --json | study_field "$1" "counts.$2") &&
		[ "$_ta" -ge "$3" ]
}

# wait_daemon_gone [SECONDS]: until the daemon has exited, its lock on the
# state directory released (it removes its socket before it checkpoints
# the database and exits, so a missing socket is not enough to start the
# next one).
wait_daemon_gone() {
	wait_for "${1:-120}" "hpsd to exit and release its lock" daemon_gone
}

# The daemon locks the state directory itself (hpsd.lock only holds its pid).
daemon_gone() {
	flock -n "$HPS_STATE_DIR" true 2>/dev/null
}

# study_field NAME FIELD: a field of one study in `hps status --json`.
study_field() {
	/usr/bin/python3 -c '
import json, sys
for s in json.load(sys.stdin)["studies"]:
    if s["name"] == sys.argv[1]:
        v = s
        for k in sys.argv[2].split("."):
            v = v[k]
        print(v)
' "$1" "$2"
}

# jq_py EXPR: evaluate a Python expression over the JSON on stdin (as d).
jq_py() {
	/usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# alive PID: the process exists and is not a zombie waiting for init.
alive() {
	_al=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$_al" ] && [ "$_al" != Z ]
}

not_alive() {
	! alive "$1"
}

# send_raw BYTES: write raw bytes (with \n escapes) on the socket and
# print the reply line; send_raw - sends standard input instead.
send_raw() {
	/usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
if sys.argv[2] == "-":
    data = sys.stdin.buffer.read()
else:
    data = sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
try:
    s.sendall(data)
except BrokenPipeError:
    pass    # the daemon may answer and close before reading it all
print(s.makefile().readline().strip())
' "$HPS_SOCKET" "$1"
}

# install_tree: `cmake --install` the build into $T/root (DESTDIR) with the
# prefix /usr, as the Debian package lays it out; sets ROOT to
# $T/root/usr.
install_tree() {
	DESTDIR="$T/root" cmake --install "$HPS_BIN" --prefix /usr >"$T/install.log" ||
		fail "cmake --install failed: $(tail -n 5 "$T/install.log")"
	ROOT="$T/root/usr"
}
