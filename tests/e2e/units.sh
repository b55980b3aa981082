#!/bin/sh
# The installed systemd units pass systemd-analyze verify (the user unit
# in a user manager's view, the per-user system unit as an instance), with
# ExecStart naming the installed hpsd and Documentation= pages man finds;
# and hpsd -f, as Type=notify starts it, says READY=1 on NOTIFY_SOCKET
# once its socket answers, without passing NOTIFY_SOCKET on to trials.
. "$(dirname "$0")/lib.sh"

install_tree
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$T/units" "$T/run"
	chmod 700 "$T/run"
	# ExecStart names /usr/bin/hpsd; look for it under DESTDIR.
	rebase() {
		sed "s|^ExecStart=/usr/bin/|ExecStart=$ROOT/bin/|" "$1" >"$2"
		grep -q "^ExecStart=$ROOT/bin/hpsd -f" "$2" ||
			fail "$1: ExecStart is not the installed hpsd -f"
	}
	rebase "$ROOT/share/systemd/user/hpsd.service" "$T/units/hpsd.service"
	rebase "$ROOT/lib/systemd/system/hpsd@.service" \
	    "$T/units/hpsd@$(id -un).service"
	MANPATH="$ROOT/share/man" XDG_RUNTIME_DIR="$T/run" \
	    systemd-analyze verify --user "$T/units/hpsd.service" >"$T/v" 2>&1 ||
		fail "hpsd.service: $(cat "$T/v")"
	[ -s "$T/v" ] && fail "hpsd.service: $(cat "$T/v")"
	if [ "$(id -u)" -eq 0 ]; then
		MANPATH="$ROOT/share/man" systemd-analyze verify \
		    "$T/units/hpsd@$(id -un).service" >"$T/v" 2>&1 ||
			fail "hpsd@.service: $(cat "$T/v")"
		[ -s "$T/v" ] && fail "hpsd@.service: $(cat "$T/v")"
	fi
else
	echo "systemd-analyze is not installed: units not verified"
fi

# READY=1, as systemd's notify socket receives it.
/usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[2], "w").close()
s.settimeout(600)
sys.stdout.write(s.recv(4096).decode())
' "$T/notify.sock" "$T/notify.ready" >"$T/notified" &
listener=$!
wait_for 120 "the notify socket to be bound" test -e "$T/notify.ready"
NOTIFY_SOCKET="$T/notify.sock" "$ROOT/bin/hpsd" -f --state-dir "$HPS_STATE_DIR" \
    --socket "$HPS_SOCKET" --grace 1 2>"$T/hpsd.err" &
wait "$listener" || fail "no message on the notify socket"
expect_eq "$(cat "$T/notified")" READY=1 "the notify message"
hps --no-start status >/dev/null || fail "hpsd said READY=1 but does not answer"

cat >"$T/notify.yaml" <<'YAML'
name: notify
command: [sh, -c, 'if [ -z "$NOTIFY_SOCKET" ]; then echo value=1; else echo value=0; fi', '{x}']
metric: {name: value, goal: maximize}
budget: {trials: 1}
parameters:
  x: {value: 1}
YAML
hps submit "$T/notify.yaml" --wait >/dev/null || fail "the trial failed"
expect_eq "$(hps status --json | study_field notify best)" 1.0 \
    "a trial saw NOTIFY_SOCKET unset"
