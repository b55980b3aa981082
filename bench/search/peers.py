#!/usr/bin/python3
"""bench/search/peers.py: the peers of hpsd's search strategies on the same
test functions, domains and budgets as search-bench (run.c).

  peers.py -f branin -n 50 -s 3 [-m tpe,cmaes,...]

prints one line per method, in search-bench's format:
  method function seed 0 budget best regret mean_s max_s
where the seconds are those of choosing a point (Optuna's ask, or the
sklearn loop's fit and acquisition), not of evaluating the function.

Methods: optuna-random, optuna-tpe, optuna-mvtpe (multivariate TPE),
optuna-cmaes, optuna-nsga2-50, optuna-nsga2-20 (population sizes), and
sklearn-gpei: a scikit-learn GP (Matern-5/2 with ARD length-scales times a
constant, plus a WhiteKernel; normalize_y; 2 optimiser restarts) whose
expected improvement is maximised over 10,000 uniform random candidates,
after 10 (or 2 d) uniform random start-up points, like hpsd's bayes.
Run with Debian's /usr/bin/python3 (python3-optuna, python3-sklearn).
"""
import argparse
import math
import time
import warnings

import numpy as np

# The functions of examples/functions/functions.c, for minimisation.
HART_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                   [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
HART_P = np.array([[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
                   [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                   [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
                   [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]])
HART_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    u = x[1] - b * x[0] ** 2 + c * x[0] - 6
    return u * u + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    x = np.asarray(x)
    return float(-np.sum(HART_ALPHA *
                         np.exp(-np.sum(HART_A * (x - HART_P) ** 2, axis=1))))


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2
               for i in range(len(x) - 1))


def ackley(x):
    d = len(x)
    sq = sum(v * v for v in x)
    cs = sum(math.cos(2 * math.pi * v) for v in x)
    return (-20 * math.exp(-0.2 * math.sqrt(sq / d)) - math.exp(cs / d) +
            20 + math.e)


def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    s = math.sin(math.pi * w[0]) ** 2
    for v in w[:-1]:
        s += (v - 1) ** 2 * (1 + 10 * math.sin(math.pi * v + 1) ** 2)
    return s + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


def styblinski(x):
    return sum(v ** 4 - 16 * v * v + 5 * v for v in x) / 2


# name: (function, dimension, lower, upper, minimum)
FUNCS = {
    "branin": (branin, 2, [-5, 0], [10, 15], 0.397887357729739),
    "hartmann6": (hartmann6, 6, [0] * 6, [1] * 6, -3.32236801141551),
    "rosenbrock4": (rosenbrock, 4, [-5] * 4, [10] * 4, 0.0),
    "ackley5": (ackley, 5, [-32.768] * 5, [32.768] * 5, 0.0),
    "levy5": (levy, 5, [-10] * 5, [10] * 5, 0.0),
    "styblinski4": (styblinski, 4, [-5] * 4, [5] * 4,
                    -39.1661657037714 * 4),
}

METHODS = ["optuna-random", "optuna-tpe", "optuna-mvtpe", "optuna-cmaes",
           "optuna-nsga2-50", "optuna-nsga2-20", "sklearn-gpei"]


def run_optuna(method, fn, d, lo, hi, budget, seed):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore")
    samplers = {
        "optuna-random": lambda: optuna.samplers.RandomSampler(seed=seed),
        "optuna-tpe": lambda: optuna.samplers.TPESampler(seed=seed),
        "optuna-mvtpe": lambda: optuna.samplers.TPESampler(
            seed=seed, multivariate=True),
        "optuna-cmaes": lambda: optuna.samplers.CmaEsSampler(seed=seed),
        "optuna-nsga2-50": lambda: optuna.samplers.NSGAIISampler(
            seed=seed, population_size=50),
        "optuna-nsga2-20": lambda: optuna.samplers.NSGAIISampler(
            seed=seed, population_size=20),
    }
    study = optuna.create_study(sampler=samplers[method]())
    dists = {"x%d" % (i + 1): optuna.distributions.FloatDistribution(
        lo[i], hi[i]) for i in range(d)}
    times, best = [], math.inf
    for _ in range(budget):
        t0 = time.perf_counter()
        trial = study.ask(dists)
        x = [trial.params["x%d" % (i + 1)] for i in range(d)]
        times.append(time.perf_counter() - t0)
        y = fn(x)
        study.tell(trial, y)
        best = min(best, y)
    return best, times


def run_sklearn(fn, d, lo, hi, budget, seed):
    from scipy.stats import norm
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import (ConstantKernel, Matern,
                                                  WhiteKernel)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(seed)
    lo, hi = np.array(lo, float), np.array(hi, float)
    n0 = max(10, 2 * d)
    xs, ys, times = [], [], []
    for i in range(budget):
        t0 = time.perf_counter()
        if i < n0:
            u = rng.random(d)
        else:
            kern = (ConstantKernel(1.0, (1e-3, 1e3)) *
                    Matern(length_scale=np.full(d, 0.5),
                           length_scale_bounds=(1e-3, 1e3), nu=2.5) +
                    WhiteKernel(1e-4, (1e-9, 1e-1)))
            gp = GaussianProcessRegressor(kern, normalize_y=True,
                                          n_restarts_optimizer=2,
                                          random_state=int(rng.integers(
                                              1 << 31)))
            gp.fit(np.array(xs), np.array(ys))
            cand = rng.random((10000, d))
            mu, sd = gp.predict(cand, return_std=True)
            sd = np.maximum(sd, 1e-12)
            best = min(ys)
            z = (best - mu) / sd
            ei = (best - mu) * norm.cdf(z) + sd * norm.pdf(z)
            u = cand[int(np.argmax(ei))]
        times.append(time.perf_counter() - t0)
        xs.append(u)
        ys.append(fn(list(lo + u * (hi - lo))))
    return min(ys), times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-f", required=True, choices=sorted(FUNCS))
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("-s", type=int, default=1)
    ap.add_argument("-m", default=",".join(METHODS))
    a = ap.parse_args()
    fn, d, lo, hi, fmin = FUNCS[a.f]
    for m in a.m.split(","):
        if m == "sklearn-gpei":
            best, times = run_sklearn(fn, d, lo, hi, a.n, a.s)
        else:
            best, times = run_optuna(m, fn, d, lo, hi, a.n, a.s)
        print("%s %s %d 0 %d %.10g %.6g %.6g %.6g" % (
            m, a.f, a.s, a.n, best, best - fmin, sum(times) / len(times),
            max(times)), flush=True)


if __name__ == "__main__":
    main()
