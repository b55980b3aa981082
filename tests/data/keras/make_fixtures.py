#!/usr/bin/env python3
"""
Writes the Keras fit() fixtures in this folder: the bytes Keras' progress
bar (Progbar, driven by the ProgbarLogger callback) sends to stdout while a
small MNIST-style dense model trains for a few epochs with validation data.

TensorFlow cannot be installed where hpsd is built, so the formatting below
is written afresh from a reading of the Keras sources:

  *_keras2.txt  tf.keras 2.13-2.15 (tf_keras/src/utils/generic_utils.py,
                Progbar and ProgbarLogger): width 30, "[=====>....]" bar,
                " - ETA: 0s" while running, " - 1s 2ms/step" at the end;
                verbose=2 adds " - 1s/epoch - 2ms/step".  Model metrics are
                stateful there, so they are shown as logged.
  *_keras3.txt  Keras 3 (keras/src/utils/progbar.py and
                keras/src/callbacks/progbar_logger.py): width 20, a bar of
                U+2501 drawn bold/green/white with ANSI escapes, the ETA or
                elapsed time in bold.  All metrics are averaged by the bar
                while running; the final redraw shows the epoch logs.

  v1_tty_*   verbose=1 with "dynamic display": every redraw starts with a
             backspace for each column of the previous one and '\r', and
             the final redraw of an epoch ends with '\n'.  Both versions
             turn this on for a terminal and also whenever "posix" is in
             sys.modules, that is on any Linux pipe, so this is what hpsd
             normally reads.
  v1_pipe_*  verbose=1 without dynamic display (older tf.keras on a pipe,
             Windows): each redraw starts with '\n' instead.
  v2_*       verbose=2: one line per epoch, written at its end.

Both print "Epoch N/M" before each epoch when there is more than one.
Time is simulated, so the output is reproducible:
    python3 make_fixtures.py      (in this folder) rewrites every file.
"""

import os

INTERVAL = 0.05     # Progbar's minimum time between two redraws


class Clock:
    def __init__(self):
        self.now = 1000.0


def fmt_time(t, unit):
    if t >= 1 or t == 0:
        return " %.0fs/%s" % (t, unit)
    if t >= 1e-3:
        return " %.0fms/%s" % (t * 1e3, unit)
    return " %.0fus/%s" % (t * 1e6, unit)


def fmt_eta(eta):
    if eta > 3600:
        return "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
    if eta > 60:
        return "%d:%02d" % (eta // 60, eta % 60)
    return "%ds" % eta


def fmt_v1(v):
    # verbose=1 switches to exponent form by magnitude ...
    return " %.4f" % v if abs(v) > 1e-3 else " %.4e" % v


def fmt_v2(v):
    # ... verbose=2 by value, so a negative metric prints as an exponent.
    return " %.4f" % v if v > 1e-3 else " %.4e" % v


class Bar:
    """State common to both Progbar versions."""

    def __init__(self, clock, target, verbose, dynamic, averaged):
        self.clock = clock
        self.target = target
        self.verbose = verbose
        self.dynamic = dynamic
        self.averaged = averaged      # Keras 3: running mean of the logs
        self.start = clock.now
        self.last = 0.0
        self.width_before = 0
        self.seen = 0
        self.sums = {}
        self.order = []
        self.after_first = None

    def record(self, current, logs, finalize):
        for k, v in logs:
            if k not in self.order:
                self.order.append(k)
            if not self.averaged or finalize:
                self.sums[k] = [v, 1]
                continue
            base = max(current - self.seen, 1)
            s = self.sums.setdefault(k, [0.0, 0])
            s[0] += v * base
            s[1] += base
        self.seen = current

    def value(self, k):
        total, count = self.sums[k]
        return total / max(1, count)

    def step_time(self, current, now):
        if not current:
            return 0
        if self.after_first is not None and current > 1:
            t = (now - self.after_first) / (current - 1)
        else:
            t = (now - self.start) / current
        if current == 1:
            self.after_first = now
        return t

    def prefix(self):
        if self.dynamic:
            return "\b" * self.width_before + "\r"
        return "\n"

    def metrics(self, fmt):
        return "".join(" - %s:%s" % (k, fmt(self.value(k)))
                       for k in self.order)


class Bar2(Bar):
    """tf.keras 2.x Progbar."""

    def update(self, current, logs, finalize):
        self.record(current, logs, finalize)
        now = self.clock.now
        elapsed = " - %.0fs" % (now - self.start)
        out = ""
        if self.verbose == 1:
            if now - self.last < INTERVAL and not finalize:
                return ""
            before = self.width_before
            out = self.prefix()
            nd = len(str(self.target))
            bar = "%*d/%d [" % (nd, current, self.target)
            done = int(30 * current / self.target)
            if done > 0:
                bar += "=" * (done - 1)
                bar += ">" if current < self.target else "="
            bar += "." * (30 - done) + "]"
            t = self.step_time(current, now)
            if finalize:
                info = elapsed + fmt_time(t, "step")
            else:
                info = " - ETA: " + fmt_eta(t * (self.target - current))
            info += self.metrics(fmt_v1)
            self.width_before = len(bar) + len(info)
            if before > self.width_before:
                info += " " * (before - self.width_before)
            if finalize:
                info += "\n"
            out += bar + info
        elif self.verbose == 2 and finalize:
            nd = len(str(self.target))
            out = "%*d/%d" % (nd, current, self.target) + elapsed
            out += self.metrics(fmt_v2)
            epoch = now - self.start
            out += " -" + fmt_time(epoch, "epoch")
            out += " -" + fmt_time(epoch / self.target, "step") + "\n"
        self.last = now
        return out


BOLD, GREEN, WHITE, RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


class Bar3(Bar):
    """Keras 3 Progbar."""

    def update(self, current, logs, finalize):
        self.record(current, logs, finalize)
        now = self.clock.now
        t = self.step_time(current, now)
        out = ""
        if self.verbose == 1:
            if now - self.last < INTERVAL and not finalize:
                return ""
            out = self.prefix()
            nd = len(str(self.target))
            # The escapes take no columns; Keras counts them out again.
            bar = BOLD + "%*d/%d" % (nd, current, self.target) + RESET + " "
            hidden = 8
            done = int(20 * current / self.target)
            if done > 0:
                bar += GREEN + "\u2501" * done + RESET
                hidden += 9
            bar += WHITE + "\u2501" * (20 - done) + RESET
            hidden += 9
            if finalize:
                info = " " + BOLD + "%.0fs" % (now - self.start) + RESET
            else:
                info = " " + BOLD + fmt_eta(t * (self.target - current)) + RESET
            hidden += 8
            info += fmt_time(t, "step") + self.metrics(fmt_v1)
            width = len(bar) + len(info) - hidden
            out += bar + info
            if self.width_before > width:
                out += " " * (self.width_before - width)
            if finalize:
                out += "\n"
            self.width_before = width
        elif self.verbose == 2 and finalize:
            nd = len(str(self.target))
            out = "%*d/%d" % (nd, current, self.target)
            out += " - %.0fs" % (now - self.start)
            out += " -" + fmt_time(t, "step") + self.metrics(fmt_v2) + "\n"
        self.last = now
        return out


def batch_logs(final, i, n):
    """Running means inside an epoch that end on the epoch's value."""
    left = (n - i) / n
    logs = []
    for k, v in final:
        if k.startswith("val_") or k == "learning_rate":
            continue
        if "acc" in k:
            logs.append((k, v * (1 - 0.25 * left * left)))
        else:
            logs.append((k, v * (1 + 1.5 * left * left)))
    return logs


def fit(barclass, epochs, target, verbose, dynamic, averaged, step_s):
    """What ProgbarLogger prints for one fit(); epochs is a list of logs."""
    clock = Clock()
    out = ""
    for e, final in enumerate(epochs):
        bar = barclass(clock, target, verbose, dynamic, averaged)
        if len(epochs) > 1:
            out += "Epoch %d/%d\n" % (e + 1, len(epochs))
        for i in range(1, target + 1):
            # The first step of the run also traces the model.
            clock.now += step_s + (0.9 if e == 0 and i == 1 else 0)
            clock.now += 0.0001 * ((i * 7919) % 13) / 13
            if verbose == 1:
                out += bar.update(i, batch_logs(final, i, target), False)
        clock.now += 0.21       # validation, silent inside fit()
        out += bar.update(target, final, True)
    return out


def table(names, rows):
    return [list(zip(names, row)) for row in rows]


K2 = ("loss", "accuracy", "val_loss", "val_accuracy")
K3 = ("accuracy", "loss", "val_accuracy", "val_loss")
K3LR = K3 + ("learning_rate",)

FIXTURES = {
    "v1_tty_keras2.txt": (Bar2, 1, True, False, 469, 0.0022, table(K2, [
        (0.31204, 0.91103, 0.16418, 0.95097),
        (0.14047, 0.95834, 0.11227, 0.96623),
        (0.09871, 0.97018, 0.09544, 0.97106)])),
    "v1_pipe_keras2.txt": (Bar2, 1, False, False, 469, 0.0022, table(K2, [
        (0.29517, 0.91482, 0.15733, 0.95318),
        (0.13268, 0.96051, 0.10907, 0.96742),
        (0.09335, 0.97216, 0.09071, 0.97263)])),
    "v2_keras2.txt": (Bar2, 2, False, False, 469, 0.0022, table(K2, [
        (0.04122, 0.98713, 0.07352, 0.97804),
        (0.00713, 0.99802, 0.07881, 0.97911),
        (0.00188, 0.99967, 0.08507, 0.97893),
        (0.00087, 0.99998, 0.09124, 0.97925)])),
    "v1_tty_keras3.txt": (Bar3, 1, True, True, 1875, 0.0011, table(K3LR, [
        (0.82214, 0.50537, 0.84912, 0.42166, 0.001),
        (0.86402, 0.37618, 0.85733, 0.39574, 0.001),
        (0.87857, 0.33416, 0.86954, 0.36021, 0.0005)])),
    "v1_pipe_keras3.txt": (Bar3, 1, False, True, 469, 0.0022, table(K3, [
        (0.91346, 0.30198, 0.95211, 0.16052),
        (0.95911, 0.13755, 0.96638, 0.11119),
        (0.97104, 0.09562, 0.97152, 0.09361)])),
    "v2_keras3.txt": (Bar3, 2, False, True, 1875, 0.0011, table(K3, [
        (0.81907, 0.51466, 0.84203, 0.43611),
        (0.86284, 0.38012, 0.85615, 0.40022),
        (0.87513, 0.34209, 0.86797, 0.36653)])),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, (cls, verbose, dynamic, averaged, target, step_s,
               epochs) in FIXTURES.items():
        text = fit(cls, epochs, target, verbose, dynamic, averaged, step_s)
        with open(os.path.join(here, name), "wb") as f:
            f.write(text.encode("utf-8"))
        # What the test expects: the epoch logs as Keras prints them.
        fmt = fmt_v1 if verbose == 1 else fmt_v2
        print(name)
        for e, final in enumerate(epochs):
            print("  " + " ".join("{%d, \"%s\", %s}," % (e + 1, k,
                                  fmt(v).strip()) for k, v in final))


if __name__ == "__main__":
    main()
