# Load: 200 concurrent clients query status, trials and best for a minute
# (HPS_LOAD_SECONDS) while a sweep runs. No request may fail and no
# connection be refused, and the sweep keeps going. The event-loop lag
# (p50/p99) is printed; it is reported, not asserted.
. "$(dirname "$0")/lib.sh"
start_daemon --probe-lag
cat > "$T/l.yaml" <<'Y'
name: busy
command: sh -c 'sleep 0.1; echo "epoch=1 val_loss={x}"; echo "epoch=2 val_loss={x} test_loss=0.5"'
metric: {name: val_loss, goal: minimize}
budget: {trials: 100000, parallel: 2}
parameters:
  x: {type: float, min: 0, max: 1}
Y
hps submit "$T/l.yaml" >/dev/null
wait_trials busy completed 1
/usr/bin/python3 - "$HPS_SOCKET" "${HPS_LOAD_SECONDS:-60}" <<'PY' || fail "load test"
import json, socket, sys, threading, time

path, seconds = sys.argv[1], float(sys.argv[2])
errors, refused, done = [], [0], [0]
lock = threading.Lock()

def call(f, s, i, cmd, args):
    s.sendall((json.dumps({"v": 1, "id": i, "cmd": cmd, "args": args}) + "\n").encode())
    return json.loads(f.readline())

def client(k):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
    except OSError as e:
        with lock:
            refused[0] += 1
        return
    f = s.makefile("r")
    end, i = time.time() + seconds, 0
    cmds = [("status", {}), ("trials", {"study": "busy", "state": "running"}),
            ("best", {"study": "busy", "top": 3})]
    while time.time() < end:
        cmd, args = cmds[(k + i) % 3]
        i += 1
        r = call(f, s, i, cmd, args)
        if "result" not in r or r.get("id") != i:
            with lock:
                errors.append(r)
            return
    with lock:
        done[0] += i

def completed():
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    r = call(s.makefile("r"), s, 1, "status", {})
    return r["result"]["studies"][0]["counts"]["completed"]

before = completed()
threads = [threading.Thread(target=client, args=(k,)) for k in range(200)]
for t in threads:
    t.start()
for t in threads:
    t.join()
after = completed()
s = socket.socket(socket.AF_UNIX)
s.connect(path)
lag = call(s.makefile("r"), s, 1, "ping", {})["result"]["lag"]
print("requests %d, errors %d, refused %d, trials completed under load %d"
      " (%.1f/s), loop lag p50 %.1f ms p99 %.1f ms max %.1f ms" % (
      done[0], len(errors), refused[0], after - before,
      (after - before) / seconds, lag["p50_ms"], lag["p99_ms"], lag["max_ms"]))
assert not errors, errors[:3]
assert refused[0] == 0
assert after > before, "no trial finished under load"
PY
hps cancel busy >/dev/null
echo ok
