#!/bin/sh
# hps --version and hpsd --version print one version with the protocol
# and schema; the daemon reports its version in ping, and hps status warns
# when the daemon answering is of another version than the client.
. "$(dirname "$0")/lib.sh"

hps --version >"$T/hps.v" || fail "hps --version failed"
hpsd --version >"$T/hpsd.v" || fail "hpsd --version failed"
expect_eq "$(sed 's/^hps //' "$T/hps.v")" "$(sed 's/^hpsd //' "$T/hpsd.v")" \
    "versions of hps and hpsd"
grep -q '^hps [0-9][0-9.]*' "$T/hps.v" || fail "hps --version: $(cat "$T/hps.v")"
# Global options may come first, as anywhere else.
hps --json --version | cmp -s - "$T/hps.v" || fail "hps --json --version"

start_daemon
mine=$(head -n 1 "$T/hps.v" | sed 's/^hps //')
expect_eq "$(send_raw '{"v":1,"id":1,"cmd":"ping"}\n' |
    jq_py 'd["result"]["version"]')" "$mine" "the version ping reports"
hps status >/dev/null 2>"$T/err" || fail "hps status failed"
[ -s "$T/err" ] && fail "hps status warns against its own daemon: $(cat "$T/err")"

# A daemon of another version (a stand-in answering ping and status).
/usr/bin/python3 -c '
import json, os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(1)
open(sys.argv[1] + ".ready", "w").close()
c, _ = s.accept()
f = c.makefile("rw")
for line in f:
    req = json.loads(line)
    res = {"version": "0.0.0-other"} if req["cmd"] == "ping" else {"studies": []}
    f.write(json.dumps({"v": 1, "id": req["id"], "result": res}) + "\n")
    f.flush()
' "$T/other.sock" &
other=$!
wait_for 120 "the stand-in daemon to listen" test -e "$T/other.sock.ready"
hps --socket "$T/other.sock" --no-start status >/dev/null 2>"$T/err" ||
	fail "hps status against the other daemon failed: $(cat "$T/err")"
grep -q "warning: hpsd is version 0.0.0-other and hps $mine" "$T/err" ||
	fail "no version warning: '$(cat "$T/err")'"
wait "$other"
