# The locked-down socket and trial isolation: the socket is 0600 in a 0700
# directory; a connection from another user is refused even when the file
# modes would let it in (peer credentials); a parameter value of
# "; rm -rf ~" reaches the trial as one literal argument, never a shell;
# secrets pass from the daemon's environment by name (env_from).
. "$(dirname "$0")/lib.sh"
export HPS_SOCKET="$T/sock/hpsd.sock"
export MY_TEST_SECRET="s3cret-value"
start_daemon
expect_eq "$(stat -c %a "$T/sock")" 700 "socket directory mode"
expect_eq "$(stat -c %a "$HPS_SOCKET")" 600 "socket mode"

cat > "$T/see.py" <<PY
import json, os, sys
json.dump({"argv": sys.argv[1:], "secret": os.environ.get("MY_TEST_SECRET")},
          open("$T/seen-%s.json" % os.environ["HPS_TRIAL_ID"], "w"))
print("value=1")
PY
cat > "$T/inj.yaml" <<Y
name: inject
command: /usr/bin/python3 $T/see.py {cmd}
metric: {name: value, goal: minimize}
method: grid
env_from: [MY_TEST_SECRET]
parameters:
  cmd: {values: ["; rm -rf ~", "\$(touch $T/pwned)"]}
Y
hps submit "$T/inj.yaml" --wait >/dev/null || fail "injection study failed"
/usr/bin/python3 -c "
import json, sys
seen = sorted(json.load(open(f))['argv'][0] for f in sys.argv[1:3])
assert seen == ['\$(touch $T/pwned)', '; rm -rf ~'], seen
assert all(json.load(open(f))['secret'] == 's3cret-value' for f in sys.argv[1:3])
" "$T/seen-0.json" "$T/seen-1.json" || fail "trials saw $(cat "$T"/seen-*.json)"
[ ! -e "$T/pwned" ] || fail "a parameter value ran as a command"
grep -q "s3cret" "$T/inj.yaml" && fail "the secret is in the space file"
hps trials inject --json | grep -q "s3cret" && fail "the secret leaked into the store"

if [ "$(id -u)" = 0 ] && command -v useradd >/dev/null && command -v runuser >/dev/null; then
	id hps-other >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin hps-other
	probe='import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
except PermissionError:
    print("denied"); sys.exit()
try:
    s.sendall(b"{\"v\":1,\"id\":1,\"cmd\":\"status\"}\n")
    print("answered" if s.recv(100) else "closed")
except (BrokenPipeError, ConnectionResetError):
    print("closed")'
	expect_eq "$(runuser -u hps-other -- /usr/bin/python3 -c "$probe" "$HPS_SOCKET")" denied "another user, file modes"
	chmod 711 "$T" "$T/sock"
	chmod 666 "$HPS_SOCKET"
	expect_eq "$(runuser -u hps-other -- /usr/bin/python3 -c "$probe" "$HPS_SOCKET")" closed "another user, peer credentials"
	grep -q "refused a connection from another user" "$HPS_STATE_DIR/hpsd.log" || fail "refusal not logged"
	chmod 700 "$T" "$T/sock"
	chmod 600 "$HPS_SOCKET"
else
	echo "(not root: the other-user checks are skipped)"
fi
hps status >/dev/null || fail "daemon stopped serving"
echo ok
