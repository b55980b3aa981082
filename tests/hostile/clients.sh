# Clients under load and clients that misbehave, on a 2,000-trial study:
# a watcher that never reads is dropped once its events pile up; 40
# clients sending requests and never reading cost one reply each and are
# dropped; 200 clients asking for every trial at once all get whole
# replies, and the memory goes back afterwards; 600 idle connections do
# not lock `hps` out. Prints the loop's lag for the record.
. "$(dirname "$0")/../e2e/lib.sh"
clients="/usr/bin/python3 $HPS_SRC/tests/hostile/clients.py $HPS_SOCKET"
start_daemon --probe-lag
pid=$(daemon_pid)
rss() {
	awk "/^$1:/ {print \$2}" "/proc/$pid/status"
}
# AddressSanitizer's quarantine keeps freed memory on purpose.
slack=65536
ldd "$HPS_BIN/hpsd" | grep -q libasan && slack=524288

# A watcher that never reads, while 2,000 trials make their events.
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"{\"v\":1,\"id\":1,\"cmd\":\"watch\"}\n")
time.sleep(3600)' "$HPS_SOCKET" &
watcher=$!
cleanup_hook() {
	kill "$watcher" 2>/dev/null
}
cat > "$T/big.yaml" <<'Y'
name: big
command: sh -c 'for e in 1 2 3 4 5; do echo "epoch=$e loss={x} val_loss={y}"; done'
metric: {name: val_loss, goal: minimize}
budget: {trials: 2000, parallel: 8}
parameters:
  x: {type: float, min: 0, max: 1}
  y: {type: float, min: 0, max: 1}
  z: {values: [a, b, c]}
Y
hps submit "$T/big.yaml" --wait >/dev/null || fail "big study failed"
grep -q "dropped a client that left .* bytes unread" "$HPS_STATE_DIR/hpsd.log" ||
	fail "the watcher that never reads was kept"
kill "$watcher"
base=$(rss VmRSS)

# hold FIFO COMMAND...: run a client that holds its connections until
# the FIFO is closed (release), its output in $T/held.
hold() {
	mkfifo "$1"
	fifo=$1
	shift
	"$@" < "$fifo" > "$T/held" &
	exec 3> "$fifo"
	wait_for 300 "the clients to connect" eval 'grep -q ready "$T/held"'
}
release() {
	exec 3>&-
	wait
}

# 40 clients that send without reading: each costs one reply, and each is
# dropped once it has left it unread for 10 s.
hold "$T/noread" $clients noread 40 big
wait_for 600 "hpsd to drop the 40 clients that never read" \
	eval '[ "$(grep -c "left a reply unread" "$HPS_STATE_DIR/hpsd.log")" -ge 40 ]'
release
peak=$(rss VmHWM)
[ "$peak" -lt $((base + 4 * slack)) ] ||
	fail "40 clients that never read took hpsd from $base kB to $peak kB"

# 200 clients ask for all 2,000 trials at once.
sizes=$($clients many 200 big)
case "$sizes" in
*-1* | *" "*) fail "replies not all whole: sizes $sizes" ;;
esac
after=$(rss VmRSS)
[ "$after" -lt $((base + slack)) ] ||
	fail "memory kept after 200 big replies: $base kB before, $after kB after"

# 600 idle connections, then hps.
hold "$T/idle" $clients idle 600
hps status >/dev/null || fail "hps locked out by 600 idle connections"
release
grep -q "dropped the one idle longest" "$HPS_STATE_DIR/hpsd.log" ||
	fail "no idle connection made room"
lag=$(send_raw '{"v":1,"id":1,"cmd":"ping"}\n' | jq_py 'd["result"]["lag"]')
echo "ok (RSS $base kB, peak $peak kB, after $after kB; loop lag $lag)"
