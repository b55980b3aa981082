# Bounded resources: a trial printing 1 GB of lines and one printing a
# 1 GB line without a newline keep the daemon's memory bounded and their
# stored output capped (head and tail kept); hundreds of trials leave the
# daemon's descriptor count flat.
. "$(dirname "$0")/lib.sh"
start_daemon --log-cap 1048576
pid=$(daemon_pid)
cat > "$T/f.yaml" <<'Y'
name: flood
command: sh -c 'if [ {kind} = lines ]; then yes "loss=0.5 junk junk junk" | head -c 1000000000; echo; else head -c 1000000000 /dev/zero | tr "\0" x; echo; fi; echo "value=1"; head -c 1000000000 /dev/zero >&2'
metric: {name: value, goal: minimize}
method: grid
budget: {parallel: 2, timeout: 15m}
parameters:
  kind: {values: [lines, line]}
Y
hps submit "$T/f.yaml" --wait >/dev/null || fail "flood study failed"
rss=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
# AddressSanitizer's shadow memory and quarantine cost far more than hpsd
# itself; there the bound only catches output held in memory (1 GB).
limit=51200
ldd "$HPS_BIN/hpsd" | grep -q libasan && limit=409600
[ "$rss" -lt $limit ] || fail "daemon peak RSS ${rss} kB (limit $limit kB)"
for n in 0 1; do
	d="$HPS_STATE_DIR/studies/flood/$n"
	total=$(cat "$d"/stdout*.log | wc -c)
	[ "$total" -le 1200000 ] || fail "trial $n kept $total bytes of stdout"
	grep -q "only the first 524288 are here" "$d/stdout.log" || fail "no note in stdout.log"
	tail -c 100 "$d/stdout.tail.log" | grep -q "value=1" || fail "tail of stdout not kept"
	[ "$(cat "$d"/stderr*.log | wc -c)" -le 1200000 ] || fail "stderr not capped"
done
expect_eq "$(hps status --json | study_field flood counts.completed)" 2 "completed"

# The daemon closes a client's connection (hps status, submit --wait) when
# it reads its end, which may come a moment after the client has exited:
# the count settles back to where it was, or lower, once it has.
fd_count() {
	ls /proc/$pid/fd | wc -l
}
fds_at_most() {
	[ "$(fd_count)" -le "$1" ]
}
fds=$(fd_count)
cat > "$T/many.yaml" <<'Y'
name: many
command: sh -c 'echo value={x}'
metric: {name: value, goal: minimize}
budget: {trials: 300, parallel: 2}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/many.yaml" --wait >/dev/null || fail "many trials failed"
wait_for 60 "the daemon's descriptors back to $fds after 300 trials" \
	fds_at_most "$fds"
echo "ok (peak RSS ${rss} kB)"
