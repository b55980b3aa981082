# 3,000 finished studies: the daemon's heap in use, less SQLite's (whose
# page caches, capped, fill meanwhile), does not grow with them (a
# finished study leaves memory; the store has it). RSS is no measure of
# this: it keeps
# what the studies running at once took, freed but not given back, and
# that depends on how fast the machine runs them. hps status still
# lists every one, and a finished study is loaded again when a command
# changes it (hps budget reopens it).
. "$(dirname "$0")/../e2e/lib.sh"
clients="/usr/bin/python3 $HPS_SRC/tests/hostile/clients.py $HPS_SOCKET"
start_daemon
pid=$(daemon_pid)
$clients studies 100 0 || fail "the first 100 studies"
base=$(($($clients heap) / 1024))
$clients studies 2900 100 || fail "2,900 more studies"
after=$(($($clients heap) / 1024))
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
# AddressSanitizer's allocator answers no mallinfo2 (its leak check stands
# for this one there).
if ! ldd "$HPS_BIN/hpsd" | grep -q libasan; then
	[ "$after" -lt $((base + 512)) ] ||
		fail "the heap grew from $base kB to $after kB over 2,900 finished studies"
fi
expect_eq "$(hps status --json | jq_py 'len(d["studies"])')" 3000 "studies listed"
expect_eq "$(hps status --json | study_field s7 state)" completed "s7 state"
hps budget s7 --trials 2 >/dev/null || fail "budget on a finished study"
wait_study s7
expect_eq "$(hps status --json | study_field s7 counts.completed)" 2 "s7 completed"
echo "ok (heap in use outside SQLite $base kB after 100 studies, $after kB after 3,000; RSS $rss kB)"
