"""One Optuna worker for bench/overhead (run by ./run, not by hand).

It loads (or, with --create, creates) a study in SQLite storage, says
"ready" on stdout, waits for a line on stdin so that the timing leaves out
Python's start-up and the import of Optuna, then runs its share of the
trials with ask/tell, one subprocess per trial, and prints one JSON line:
its loop time, its own CPU seconds and its peak RSS.
"""
import argparse
import json
import resource
import subprocess
import sys
import time

import optuna


def cpu_seconds(who):
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def run_trial(program, x):
    """Start the trial, read its stdout to EOF, and parse value=."""
    out = subprocess.run([program, repr(x)], stdout=subprocess.PIPE,
                         check=True).stdout
    for line in out.decode().splitlines():
        if line.startswith("value="):
            return float(line[len("value="):])
    raise RuntimeError("trial printed no value: %r" % out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--storage", required=True)
    ap.add_argument("--study", required=True)
    ap.add_argument("--trials", type=int, required=True)
    ap.add_argument("--trial", required=True, help="the trial program")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--create", action="store_true")
    a = ap.parse_args()

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    # Random search, as the hpsd side runs: the comparison is about
    # bookkeeping, not about the cost of a model-based sampler.
    sampler = optuna.samplers.RandomSampler(seed=a.seed)
    if a.create:
        study = optuna.create_study(study_name=a.study, storage=a.storage,
                                    sampler=sampler, direction="minimize")
    else:
        study = optuna.load_study(study_name=a.study, storage=a.storage,
                                  sampler=sampler)
    print("ready", flush=True)
    sys.stdin.readline()

    t0, c0 = time.monotonic(), cpu_seconds(resource.RUSAGE_SELF)
    for _ in range(a.trials):
        trial = study.ask()
        x = trial.suggest_float("x", 0.0, 1.0)
        study.tell(trial, run_trial(a.trial, x))
    t1, c1 = time.monotonic(), cpu_seconds(resource.RUSAGE_SELF)
    print(json.dumps({
        "trials": a.trials,
        "seconds": t1 - t0,
        "cpu": c1 - c0,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }), flush=True)


if __name__ == "__main__":
    main()
