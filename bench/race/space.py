"""bench/race/space.py: the race's one description of its search space.

space.yaml holds the parameters as hpsd's space file writes them; load()
reads it, suggest() draws a point from an Optuna trial over the same
ranges, and argv() makes the trainer's command line from a point, as
hpsd's --NAME {NAME} placeholders make it.
"""
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "space.yaml")
EPOCHS = 30


def load(path=PATH):
    """The parameters' specs, in file order, and the section's YAML text."""
    with open(path) as f:
        text = f.read()
    params = yaml.safe_load(text)["parameters"]
    for name, spec in params.items():
        kind = spec.get("type", "values" if "values" in spec else None)
        if kind not in ("int", "float", "bool", "values"):
            raise SystemExit("%s: %s: the race knows int, float, bool and "
                             "values parameters" % (path, name))
    section = text[text.index("\nparameters:") + 1:]
    return params, section


def suggest(trial, params):
    """An Optuna trial's point over the same ranges as hpsd's."""
    point = {}
    for name, spec in params.items():
        kind = spec.get("type", "values")
        if kind == "int":
            point[name] = trial.suggest_int(name, spec["min"], spec["max"],
                                            log=spec.get("log", False))
        elif kind == "float":
            point[name] = trial.suggest_float(name, spec["min"], spec["max"],
                                              log=spec.get("log", False))
        elif kind == "bool":
            point[name] = trial.suggest_categorical(name, [False, True])
        else:
            point[name] = trial.suggest_categorical(name, spec["values"])
    return point


def text(v):
    """A value as the trainers read it (booleans as true/false)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def placeholders(params):
    """hpsd's command tail: --NAME {NAME} for every parameter."""
    return " ".join("--%s {%s}" % (n, n) for n in params)


def argv(trainer, point, epochs=EPOCHS):
    """The trainer's command line for a point, as hpsd would run it."""
    args = list(trainer) + ["--epochs", str(epochs)]
    for name, v in point.items():
        args += ["--" + name, text(v)]
    return args
