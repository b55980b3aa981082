# 3,000 finished studies: the daemon's memory does not grow with them
# (a finished study leaves memory; the store has it), hps status still
# lists every one, and a finished study is loaded again when a command
# changes it (hps budget reopens it).
. "$(dirname "$0")/../e2e/lib.sh"
clients="/usr/bin/python3 $HPS_SRC/tests/hostile/clients.py $HPS_SOCKET"
start_daemon
pid=$(daemon_pid)
$clients studies 100 0 || fail "the first 100 studies"
base=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
$clients studies 2900 100 || fail "2,900 more studies"
after=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
# AddressSanitizer keeps freed memory in quarantine on purpose (its leak
# check stands for this one there).
if ! ldd "$HPS_BIN/hpsd" | grep -q libasan; then
	[ "$after" -lt $((base + 4096)) ] ||
		fail "memory grew from $base kB to $after kB over 2,900 finished studies"
fi
expect_eq "$(hps status --json | jq_py 'len(d["studies"])')" 3000 "studies listed"
expect_eq "$(hps status --json | study_field s7 state)" completed "s7 state"
hps budget s7 --trials 2 >/dev/null || fail "budget on a finished study"
wait_study s7
expect_eq "$(hps status --json | study_field s7 counts.completed)" 2 "s7 completed"
echo "ok (RSS $base kB after 100 studies, $after kB after 3,000)"
