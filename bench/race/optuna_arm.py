#!/usr/bin/python3
"""bench/race/optuna_arm.py: the race's peer arm, Optuna on the trainer.

Optuna's TPE sampler (seeded, its defaults otherwise) and HyperbandPruner
(1 to 30 epochs, reduction factor 3, as hpsd's ASHA) over space.yaml's
ranges, two trials at once, each trial running the trainer as a child
process and reporting every epoch's val_acc to the pruner as its line
arrives; a pruned trial's child is killed. A trial's value is its best
val_acc, as hpsd's `summary: best`.

Two workers are study.optimize(n_jobs=2): two threads of one process on
in-memory storage. The objective only waits on its child's pipe, so the
GIL is not contended, and both workers see each other's trials at once,
as two processes on one shared storage would, without a database's
locking in the timings.

At the deadline (--minutes after optimize starts) no trial starts and the
running children are killed. It writes --out: a JSON object with
"events" (seconds since the start, trial, epoch, val_acc), "params"
(each trial's point) and "cpu_self" (Optuna's own CPU seconds).

usage: optuna_arm.py --seed N --minutes M --out FILE -- TRAINER...
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time

import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import space  # noqa: E402  (bench/race/space.py)

ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
           MKL_NUM_THREADS="1")


class Race:
    """The events of one run and the children running at any moment."""

    def __init__(self, trainer, params, limit):
        self.trainer, self.params, self.limit = trainer, params, limit
        self.lock = threading.Lock()
        self.children = set()
        self.events, self.points = [], {}
        self.t0 = time.monotonic()
        self.over = False

    def elapsed(self):
        return time.monotonic() - self.t0

    def stop(self):
        """The deadline: kill every child; no trial starts after it."""
        with self.lock:
            self.over = True
            for p in self.children:
                p.kill()

    def objective(self, trial):
        point = space.suggest(trial, self.params)
        with self.lock:
            if self.over:
                raise optuna.TrialPruned()
            self.points[trial.number] = point
            p = subprocess.Popen(space.argv(self.trainer, point),
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True,
                                 env=ENV)
            self.children.add(p)
        try:
            return self.follow(trial, p)
        finally:
            p.kill()
            p.wait()
            with self.lock:
                self.children.discard(p)

    def follow(self, trial, p):
        """Report each epoch's val_acc; the best, or pruned."""
        best = None
        for line in p.stdout:
            kv = dict(re.findall(r"(\w+)=(\S+)", line))
            if "epoch" not in kv or "val_acc" not in kv:
                continue
            t, step, acc = self.elapsed(), int(kv["epoch"]), float(kv["val_acc"])
            if t > self.limit:
                break
            with self.lock:
                self.events.append([t, trial.number, step, acc])
            best = acc if best is None else max(best, acc)
            trial.report(acc, step)
            if trial.should_prune():
                raise optuna.TrialPruned()
        if p.wait() != 0 and not self.over:
            raise RuntimeError("trainer exited %d" % p.returncode)
        if best is None:
            raise optuna.TrialPruned()
        return best


def cpu_self():
    """CPU seconds of this process (Optuna's sampling and pruning), not
    of the trainers: what the peer's search costs."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--minutes", type=float, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("trainer", nargs="+")
    a = ap.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    params, _ = space.load()
    study = optuna.create_study(
        direction="maximize",
        sampler=optuna.samplers.TPESampler(seed=a.seed),
        pruner=optuna.pruners.HyperbandPruner(
            min_resource=1, max_resource=space.EPOCHS, reduction_factor=3))
    race = Race(a.trainer, params, a.minutes * 60)
    timer = threading.Timer(race.limit, race.stop)
    timer.start()
    study.optimize(race.objective, n_jobs=2, timeout=race.limit,
                   catch=(RuntimeError,))
    timer.cancel()
    race.stop()
    with open(a.out + ".tmp", "w") as f:
        json.dump({"events": race.events, "params": race.points,
                   "trials": len(race.points), "cpu_self": cpu_self()}, f)
    os.rename(a.out + ".tmp", a.out)


if __name__ == "__main__":
    main()
