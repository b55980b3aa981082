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

The conditional problems of cond.c (jenatton, perlayer, mlp) are stated in
Optuna's define-by-run form, a suggest_* call only where the parameter
applies, and run with optuna-random, optuna-tpe (default) and
optuna-mvtpe-group (multivariate=True, group=True, Optuna's setting for
conditional spaces); with --at 50,100 a line per checkpoint. The
constraints (perlayer's and mlp's widths) go to TPE as its
constraints_func; a trial that breaks one still counts as a trial but
never as the best, as hpsd never runs one.
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


def jenatton(trial):
    """Jenatton et al. (2017), as cond.c; (value, constraint <= 0)."""
    if trial.suggest_categorical("x1", [0, 1]) == 0:
        r = trial.suggest_float("r8", 0, 1)
        if trial.suggest_categorical("x2", [0, 1]) == 0:
            return trial.suggest_float("x4", 0, 1) ** 2 + 0.1 + r, 0
        return trial.suggest_float("x5", 0, 1) ** 2 + 0.2 + r, 0
    r = trial.suggest_float("r9", 0, 1)
    if trial.suggest_categorical("x3", [0, 1]) == 0:
        return trial.suggest_float("x6", 0, 1) ** 2 + 0.3 + r, 0
    return trial.suggest_float("x7", 0, 1) ** 2 + 0.4 + r, 0


def perlayer(trial):
    """The per-layer model search of cond.c; (value, sum(units) - 2048)."""
    opt = trial.suggest_categorical("optimizer", ["sgd", "adam"])
    lr = math.log10(trial.suggest_float("lr", 1e-4, 1.0, log=True))
    mom = trial.suggest_float("momentum", 0.0, 0.99) if opt == "sgd" \
        else None
    layers = trial.suggest_int("layers", 1, 4)
    units = [trial.suggest_int("units%d" % i, 16, 1024, log=True)
             for i in range(1, layers + 1)]
    drop = [trial.suggest_float("dropout%d" % i, 0.0, 0.6)
            for i in range(1, layers + 1)]
    e = sum(0.01 * (math.log2(u) - (10 - i)) ** 2 +
            0.5 * (p - (0.1 + 0.1 * i)) ** 2
            for i, (u, p) in enumerate(zip(units, drop), 1))
    f = [0, 0.3, 0.1, 0.14, 0.2][layers] + e / layers
    if opt == "adam":
        f += 0.02 * (lr + 3) ** 2
    else:
        f += 0.03 + 0.02 * (lr - math.log10(0.05)) ** 2 + \
            0.2 * (mom - 0.9) ** 2
    return f, sum(units) - 2048


def mlp(trial):
    """The course's whole model search of cond.c; (value, constraint)."""
    layers = trial.suggest_int("layers", 1, 4)
    units = [trial.suggest_int("units%d" % i, 32, 1024, log=True)
             for i in range(1, layers + 1)]
    drop = [trial.suggest_float("dropout%d" % i, 0.0, 0.5)
            for i in range(1, layers + 1)]
    bn = trial.suggest_categorical("batchnorm", [False, True])
    opt = trial.suggest_categorical("optimizer", ["sgd", "rmsprop", "adam"])
    lr = math.log10(trial.suggest_float("lr", 1e-4, 1e-1, log=True))
    if opt == "adam":
        a = trial.suggest_float("beta1", 0.8, 0.95) - 0.9
        b = math.log10(1 - trial.suggest_float("beta2", 0.99, 0.9999)) + 3
        f = 0.01 * (lr + 2.7) ** 2 + 0.2 * a * a + 0.002 * b * b
    elif opt == "rmsprop":
        a = trial.suggest_float("rho", 0.8, 0.99) - 0.9
        f = 0.01 + 0.01 * (lr + 3) ** 2 + 0.1 * a * a
    else:
        a = trial.suggest_float("momentum", 0.5, 0.99) - 0.95
        nest = trial.suggest_categorical("nesterov", [False, True])
        f = 0.015 + 0.01 * (lr + 1.5) ** 2 + 0.2 * a * a + \
            (0 if nest else 0.004)
    decay = trial.suggest_categorical("lr_decay", ["none", "exp", "cosine"])
    if decay == "exp":
        f += 0.002 + 0.1 * (trial.suggest_float("decay_rate", 0.7, 0.99) -
                            0.9) ** 2
    elif decay == "none":
        f += 0.01
    batch = trial.suggest_categorical("batch", [32, 64, 128])
    f += {32: 0.003, 64: 0, 128: 0.004}[batch] + (0 if bn else 0.008)
    e = sum(0.004 * (math.log2(u) - (10 - i)) ** 2 +
            0.1 * (p - (0.4 - 0.1 * i)) ** 2
            for i, (u, p) in enumerate(zip(units, drop), 1))
    f += [0, 0.16, 0.1, 0.08, 0.09][layers] + e / layers
    c = max([sum(units) - 2048] + [units[i + 1] - units[i]
                                   for i in range(layers - 1)])
    return f, c


# name: (objective, minimum)
CONDS = {"jenatton": (jenatton, 0.1), "perlayer": (perlayer, 0.1),
         "mlp": (mlp, 0.08)}
COND_METHODS = ["optuna-random", "optuna-tpe", "optuna-mvtpe-group"]


def run_optuna_cond(method, fn, budget, seed, at):
    """Best feasible value at each checkpoint of at, and ask times."""
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore")
    cons = lambda t: [t.user_attrs["c"]]
    samplers = {
        "optuna-random": lambda: optuna.samplers.RandomSampler(seed=seed),
        "optuna-tpe": lambda: optuna.samplers.TPESampler(
            seed=seed, constraints_func=cons),
        "optuna-mvtpe-group": lambda: optuna.samplers.TPESampler(
            seed=seed, multivariate=True, group=True,
            constraints_func=cons),
    }
    study = optuna.create_study(sampler=samplers[method]())
    times, best, out = [], math.inf, {}
    for i in range(1, budget + 1):
        t0 = time.perf_counter()
        trial = study.ask()
        y, c = fn(trial)
        times.append(time.perf_counter() - t0)
        trial.set_user_attr("c", c)
        study.tell(trial, y)
        if c <= 0:
            best = min(best, y)
        if i in at:
            out[i] = (best, sum(times) / len(times), max(times))
    return out


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


def main_cond(a):
    fn, fmin = CONDS[a.f]
    at = sorted({int(k) for k in a.at.split(",")} | {a.n}) if a.at else \
        [a.n]
    for m in (a.m.split(",") if a.m else COND_METHODS):
        for n, (best, mean, worst) in sorted(run_optuna_cond(
                m, fn, max(at), a.s, set(at)).items()):
            print("%s %s %d 0 %d %.10g %.6g %.6g %.6g" % (
                m, a.f, a.s, n, best, best - fmin, mean, worst),
                flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-f", required=True, choices=sorted(FUNCS) +
                    sorted(CONDS))
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("-s", type=int, default=1)
    ap.add_argument("-m", default=None)
    ap.add_argument("--at", default=None,
                    help="checkpoints (conditional problems): 50,100")
    a = ap.parse_args()
    if a.f in CONDS:
        return main_cond(a)
    a.m = a.m or ",".join(METHODS)
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
