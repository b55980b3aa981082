#!/usr/bin/python3
"""bench/search/multi_peers.py: Optuna on multi-bench's problems (multi.c),
the same variables, domains and objectives.

  multi_peers.py -m optuna-nsga2 -f zdt1 -n 300 -s 3

prints one line per trial in the order they ran, "feasible f1 f2 ...", as
multi-bench -H reads them, then "# seconds MEAN" (Optuna's ask and tell
per trial, the function's evaluation excluded).

Methods: optuna-nsga2 (NSGAIISampler, its default population of 50),
optuna-tpe (TPESampler, which models several objectives as MOTPE does),
optuna-random. On cbranin, the limit c <= 50 goes to the sampler as
constraints_func (c - 50, feasible when <= 0); an infeasible trial counts
as a trial but never as the best. Run with Debian's /usr/bin/python3
(python3-optuna).
"""
import argparse
import math
import time
import warnings


def zdt_g(x):
    return 1 + 9 * sum(x[1:]) / (len(x) - 1)


def zdt1(x):
    g = zdt_g(x)
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def zdt2(x):
    g = zdt_g(x)
    return [x[0], g * (1 - (x[0] / g) ** 2)]


def zdt3(x):
    g = zdt_g(x)
    r = x[0] / g
    return [x[0], g * (1 - math.sqrt(r) - r * math.sin(10 * math.pi * x[0]))]


def dtlz2(x):
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b),
            (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    u = x[1] - b * x[0] ** 2 + c * x[0] - 6
    return u * u + 10 * (1 - t) * math.cos(x[0]) + 10


def cbranin_c(x):
    return (x[0] - 2.5) ** 2 + (x[1] - 7.5) ** 2


CBRANIN_MAX = 50
# name: (function, variables' bounds, objectives)
PROBLEMS = {
    "zdt1": (zdt1, [(0, 1)] * 6, 2),
    "zdt2": (zdt2, [(0, 1)] * 6, 2),
    "zdt3": (zdt3, [(0, 1)] * 6, 2),
    "dtlz2": (dtlz2, [(0, 1)] * 6, 3),
    "cbranin": (lambda x: [branin(x)], [(-5, 10), (0, 15)], 1),
}


def constraint(trial):
    return [trial.user_attrs["c"] - CBRANIN_MAX]


def sampler(method, seed, limited):
    import optuna
    cf = constraint if limited else None
    if method == "optuna-nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, constraints_func=cf)
    if method == "optuna-tpe":
        return optuna.samplers.TPESampler(seed=seed, constraints_func=cf)
    if method == "optuna-random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SystemExit("unknown method " + method)


def run(method, name, budget, seed):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.simplefilter("ignore")
    f, bounds, m = PROBLEMS[name]
    limited = name == "cbranin"
    study = optuna.create_study(directions=["minimize"] * m,
                                sampler=sampler(method, seed, limited))
    spent = 0.0
    for _ in range(budget):
        t0 = time.perf_counter()
        trial = study.ask()
        x = [trial.suggest_float("x%d" % (i + 1), lo, hi)
             for i, (lo, hi) in enumerate(bounds)]
        spent += time.perf_counter() - t0
        y = f(x)
        feasible = 1
        if limited:
            c = cbranin_c(x)
            trial.set_user_attr("c", c)
            feasible = int(c <= CBRANIN_MAX)
        t0 = time.perf_counter()
        study.tell(trial, y if m > 1 else y[0])
        spent += time.perf_counter() - t0
        print(feasible, " ".join("%.17g" % v for v in y))
    print("# seconds %.6g" % (spent / budget))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-m", required=True)
    ap.add_argument("-f", required=True, choices=sorted(PROBLEMS))
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("-s", type=int, default=1)
    a = ap.parse_args()
    run(a.m, a.f, a.n, a.s)


if __name__ == "__main__":
    main()
