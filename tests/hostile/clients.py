"""Clients that misbehave, for the hostile tests.

clients.py SOCKET noread N STUDY
    N clients send `trials STUDY` until the socket takes no more and
    never read a reply; prints "ready", holds them until stdin closes.
clients.py SOCKET many N STUDY
    N clients ask `trials STUDY` at once and read their replies; prints the
    distinct reply sizes (all equal when every reply arrived whole).
clients.py SOCKET idle N
    N connections that send nothing; prints "ready", holds them until
    stdin closes, then prints how many the daemon closed meanwhile.
clients.py SOCKET studies N FIRST
    submits N one-trial studies named sFIRST, sFIRST+1... over one
    connection and waits until none of them is running.
"""
import json
import select
import socket
import sys
import threading
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    return s


def request(study, i=1):
    return (json.dumps({"v": 1, "id": i, "cmd": "trials",
                        "args": {"study": study}}) + "\n").encode()


def noread(path, n, study):
    socks = []
    for _ in range(n):
        s = connect(path)
        s.setblocking(False)
        socks.append(s)
    req = request(study)
    for s in socks:
        try:
            while True:
                s.send(req)
        except (BlockingIOError, BrokenPipeError, ConnectionResetError):
            pass
    print("ready", flush=True)
    sys.stdin.read()


def many(path, n, study):
    sizes = []
    lock = threading.Lock()

    def one(i):
        s = connect(path)
        s.sendall(request(study, 1000 + i))
        line = s.makefile("rb").readline()
        ok = line.endswith(b"\n") and b'"result"' in line
        with lock:
            sizes.append(len(line) if ok else -1)
        s.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(" ".join(str(x) for x in sorted(set(sizes))))


def idle(path, n):
    socks = [connect(path) for _ in range(n)]
    print("ready", flush=True)
    sys.stdin.read()
    closed = 0
    for s in socks:
        r, _, _ = select.select([s], [], [], 0)
        if r and s.recv(1) == b"":
            closed += 1
    print(closed)


def call(f, s, cmd, args):
    s.sendall((json.dumps({"v": 1, "id": 1, "cmd": cmd, "args": args})
               + "\n").encode())
    reply = json.loads(f.readline())
    if "error" in reply:
        raise SystemExit("%s: %s" % (cmd, reply["error"]["message"]))
    return reply["result"]


def studies(path, n, first):
    s = connect(path)
    f = s.makefile("rb")
    for i in range(first, first + n):
        text = ("name: s%d\ncommand: echo v={x}\nbudget: {trials: 1}\n"
                "metric: {name: v, goal: minimize}\n"
                "parameters:\n  x: {type: float, min: 0, max: 1}\n" % i)
        call(f, s, "submit", {"path": "/s.yaml", "text": text})
    while any(st["state"] == "running"
              for st in call(f, s, "status", {})["studies"]):
        time.sleep(0.2)


def heap(path):
    s = connect(path)
    r = call(s.makefile("rb"), s, "ping", {})
    print(r["heap"] - r["store_heap"])


mode = sys.argv[2]
if mode == "heap":
    heap(sys.argv[1])
elif mode == "noread":
    noread(sys.argv[1], int(sys.argv[3]), sys.argv[4])
elif mode == "many":
    many(sys.argv[1], int(sys.argv[3]), sys.argv[4])
elif mode == "studies":
    studies(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]))
else:
    idle(sys.argv[1], int(sys.argv[3]))
