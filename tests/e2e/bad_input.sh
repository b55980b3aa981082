# Malformed socket messages and malformed space files get clear errors,
# change nothing, and the daemon keeps serving.
. "$(dirname "$0")/lib.sh"
start_daemon
reply=$(send_raw 'this is not json\n')
echo "$reply" | grep -q '"code":"EPROTO"' || fail "invalid JSON: $reply"
echo "$reply" | grep -q 'invalid JSON' || fail "invalid JSON message: $reply"
reply=$(send_raw '{"v":1,"id":5,"cmd":"launch-missiles"}\n')
echo "$reply" | grep -q 'unknown command' || fail "unknown command: $reply"
echo "$reply" | grep -q '"id":5' || fail "error reply lost the id: $reply"
reply=$(send_raw '{"v":2,"id":1,"cmd":"status"}\n')
echo "$reply" | grep -q 'protocol version' || fail "wrong version: $reply"
reply=$(send_raw '{"v":1,"id":1,"cmd":"best","args":{"study":7}}\n')
echo "$reply" | grep -q 'must be a string' || fail "wrong arg type: $reply"
reply=$(send_raw '{"v":1,"id":1,"cmd":"best","args":{}}\n')
echo "$reply" | grep -q 'missing argument' || fail "missing arg: $reply"
reply=$(/usr/bin/python3 -c 'print("{\"v\":1,\"id\":1,\"cmd\":\"" + "x" * (1100 * 1024) + "\"}")' | send_raw -)
echo "$reply" | grep -q 'ETOOBIG' || fail "oversized message: $(echo "$reply" | cut -c1-200)"

printf 'name: bad\ncommand: echo {lr}\nmetirc: {name: x, goal: minimize}\nparameters:\n  lr: {type: float, min: 1, max: 0}\n' >"$T/bad.yaml"
set +e
out=$(hps submit "$T/bad.yaml" 2>&1)
rc=$?
set -e
expect_eq "$rc" 1 "exit status for a bad space file"
echo "$out" | grep -q "bad.yaml:[0-9]*:[0-9]*:" || fail "no file:line:column in: $out"
out=$(hps submit --check "$T/bad.yaml" 2>&1) && fail "--check accepted a bad file"
expect_eq "$(hps status --json | jq_py 'len(d["studies"])')" 0 "studies after bad submits"
hps status >/dev/null || fail "daemon stopped serving"
echo ok
