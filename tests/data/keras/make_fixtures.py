#!/usr/bin/env python3
"""
Writes the Keras fixtures in this folder: the bytes Keras' progress bar
(Progbar, driven by the ProgbarLogger callback) sends to stdout while a
small MNIST-style dense model trains with fit() and is scored with
evaluate(), and beside each NAME.txt a NAME.expect with what hpsd must
record from it ("step name value" per line, the values as printed).

TensorFlow cannot be installed where hpsd is built, so the formatting below
is written afresh from a reading of the Keras sources, each release's
Progbar and ProgbarLogger as tagged in keras-team/keras and tf-keras:

  k1_*       Keras 1.0-2.0.x (keras/utils/generic_utils.py, keras/
             callbacks.py at 1.2.2 and 2.0.9): always redrawn with '\b'
             and '\r', both numbers of "6000/6000" padded, " - ETA: 12s"
             then " - 3s" at the end; verbose=2 prints "3s - loss: ...".
             The bar counts samples; evaluate()'s bar has no metrics.
  k22_*      Keras 2.1-2.3 (generic_utils.py at 2.2.4): redrawn in place
             only on a terminal or in a notebook, so in a pipe every
             redraw is a line of its own; " - 3s 512us/step" at the end;
             verbose=2 prints " - 3s - loss: ...".

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

  tf2_*, k3_* the two versions above in the situations the course's
             scripts create: fit() with validation, then evaluate() on the
             test set (recorded as test_*); a second fit() that numbers its
             epochs from 1 again; Keras 3's fit(epochs=1) in a loop, where
             a callback (ModelCheckpoint) prints between the last batch's
             redraw and the epoch's final line. *_nb.txt is the same output
             as a notebook keeps it: every line as last drawn.

Keras 1-2.3 print "Epoch N/M" before every epoch, tf.keras and Keras 3
only when there are several. Time is simulated, so the output is
reproducible:
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
        self.shown = None

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

    def metrics(self, fmt, final=False):
        shown = [(k, fmt(self.value(k))) for k in self.order]
        if final:
            self.shown = [(k, v.strip()) for k, v in shown]
        return "".join(" - %s:%s" % kv for kv in shown)


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
            info += self.metrics(fmt_v1, finalize)
            self.width_before = len(bar) + len(info)
            if before > self.width_before:
                info += " " * (before - self.width_before)
            if finalize:
                info += "\n"
            out += bar + info
        elif self.verbose == 2 and finalize:
            nd = len(str(self.target))
            out = "%*d/%d" % (nd, current, self.target) + elapsed
            out += self.metrics(fmt_v2, True)
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
            info += fmt_time(t, "step") + self.metrics(fmt_v1, finalize)
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
            out += " -" + fmt_time(t, "step") + self.metrics(fmt_v2, True)
            out += "\n"
        self.last = now
        return out


class Bar1(Bar):
    """Keras 1.0-2.0.x Progbar: always redrawn, both counts padded."""

    def update(self, current, logs, finalize):
        self.record(current, logs, finalize)
        now = self.clock.now
        if self.verbose == 1:
            if not finalize and now - self.last < INTERVAL:
                return ""
            out = "\b" * self.width_before + "\r"
            nd = len(str(self.target))
            bar = "%*d/%*d [" % (nd, current, nd, self.target)
            bar += progress(current, self.target)
            if current < self.target:
                t = (now - self.start) / current
                info = " - ETA: %ds" % (t * (self.target - current))
            else:
                info = " - %ds" % (now - self.start)
            info += self.metrics(fmt_v1, finalize)
            before, self.width_before = self.width_before, len(bar) + len(info)
            if before > self.width_before:
                info += " " * (before - self.width_before)
            out += bar + info + ("\n" if current >= self.target else "")
        else:
            out = ""
            if finalize:
                out = "%ds" % (now - self.start)
                out += self.metrics(fmt_v2, True) + "\n"
        self.last = now
        return out


class Bar22(Bar):
    """Keras 2.1-2.3 Progbar: in a pipe, every redraw on a line of its own."""

    def update(self, current, logs, finalize):
        self.record(current, logs, finalize)
        now = self.clock.now
        info = " - %.0fs" % (now - self.start)
        if self.verbose == 1:
            if now - self.last < INTERVAL and current < self.target:
                return ""
            before = self.width_before
            out = "\b" * before + "\r" if self.dynamic else "\n"
            nd = len(str(self.target))
            bar = "%*d/%d [" % (nd, current, self.target)
            bar += progress(current, self.target)
            t = (now - self.start) / current
            if current < self.target:
                info = " - ETA: " + fmt_eta(t * (self.target - current))
            else:
                info += fmt_time(t, "step")
            info += self.metrics(fmt_v1, finalize)
            self.width_before = len(bar) + len(info)
            if before > self.width_before:
                info += " " * (before - self.width_before)
            out += bar + info + ("\n" if current >= self.target else "")
        else:
            out = ""
            if finalize:
                out = info + self.metrics(fmt_v2, True) + "\n"
        self.last = now
        return out


def progress(current, target):
    """The 30 columns of a Keras 1-2 bar, and its closing bracket."""
    done = int(30 * current / target)
    bar = ""
    if done > 0:
        bar += "=" * (done - 1) + (">" if current < target else "=")
    return bar + "." * (30 - done) + "]"

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


class Run:
    """One script's output, and what hpsd must record from it."""

    def __init__(self, barclass, verbose, dynamic, averaged, step_s,
                 headers="several"):
        self.bar = (barclass, verbose, dynamic, averaged)
        self.step_s = step_s
        self.headers = headers      # "always" (Keras 1-2.3) or "several"
        self.clock = Clock()
        self.out = ""
        self.expect = []
        self.step = 0               # the last epoch's step in hpsd
        self.traced = False         # the model's first step has run

    def new_bar(self, target):
        cls, verbose, dynamic, averaged = self.bar
        return cls(self.clock, target, verbose, dynamic, averaged)

    def batches(self, bar, final, target, batch, skip_last, first_run,
                gap_last):
        """The per-batch redraws; batch > 1 counts samples (Keras 1-2)."""
        seen = 0
        i = 0
        while seen < target:
            i += 1
            seen = min(seen + batch, target)
            # The first step of the run also traces the model.
            self.clock.now += self.step_s + (0.9 if first_run and i == 1
                                             else 0)
            self.clock.now += 0.0001 * ((i * 7919) % 13) / 13
            if seen == target and gap_last:
                self.clock.now += INTERVAL
            if self.bar[1] == 1 and not (skip_last and seen == target):
                n = -(-target // batch)
                self.out += bar.update(seen, batch_logs(final, i, n), False)

    def fit(self, epochs, target, batch=1, first=1, total=None,
            skip_last=False, message=None):
        """fit(): epochs is a list of logs; first is initial_epoch + 1."""
        total = total or first + len(epochs) - 1
        for e, final in enumerate(epochs):
            bar = self.new_bar(target)
            if self.headers == "always" or total > 1:
                self.out += "Epoch %d/%d\n" % (first + e, total)
            self.batches(bar, final, target, batch, skip_last,
                         not self.traced, message is not None)
            self.traced = True
            self.clock.now += 0.21      # validation, silent inside fit()
            if message is not None:
                self.out += "\n" + message % (first + e) + "\n"
            self.out += bar.update(target, final, True)
            number = first + e
            self.step = number if number > self.step else self.step + 1
            self.expect += [(self.step, k, v) for k, v in bar.shown]

    def evaluate(self, logs, target, batch=1, metrics=True):
        """evaluate(): its values are test_* at the last epoch's step."""
        if not metrics and self.bar[1] != 1:
            return                  # Keras 1-2.3 draw no bar at verbose=2
        bar = self.new_bar(target)
        self.batches(bar, logs if metrics else [], target, batch, False,
                     False, False)
        self.out += bar.update(target, logs if metrics else [], True)
        if metrics:
            self.expect += [(self.step, "test_" + k, v)
                            for k, v in bar.shown]

    def text(self, line):
        """A line the script prints itself."""
        self.out += line + "\n"


def notebook(text):
    """The output as a notebook keeps it: each line as last drawn."""
    lines = []
    for line in text.split("\n"):
        line = line.split("\r")[-1] if line.strip("\r") else ""
        lines.append(line.replace("\b", ""))
    return "\n".join(lines)


def table(names, rows):
    return [list(zip(names, row)) for row in rows]


K1 = ("loss", "acc", "val_loss", "val_acc")
K2 = ("loss", "accuracy", "val_loss", "val_accuracy")
K3 = ("accuracy", "loss", "val_accuracy", "val_loss")
K3LR = K3 + ("learning_rate",)
K3_VAL = table(K3, [
    (0.81907, 0.51466, 0.84203, 0.43611),
    (0.86284, 0.38012, 0.85615, 0.40022),
    (0.87513, 0.34209, 0.86797, 0.36653)])
TEST2 = table(("loss", "accuracy"), [(0.07012, 0.97881)])[0]
TEST3 = table(("accuracy", "loss"), [(0.98951, 0.05821)])[0]


def single(cls, verbose, dynamic, averaged, target, step_s, epochs):
    """One fit() with validation, as the first fixtures were made."""
    run = Run(cls, verbose, dynamic, averaged, step_s)
    run.fit(epochs, target)
    return run


def keras1(verbose):
    run = Run(Bar1, verbose, True, True, 0.0011, headers="always")
    run.fit(table(K1, [(0.29716, 0.91345, 0.14213, 0.95721),
                       (0.12402, 0.96310, 0.10101, 0.96872),
                       (0.08517, 0.97411, 0.08713, 0.97302)]),
            6000, batch=128, skip_last=True)
    run.evaluate([], 10000, batch=128, metrics=False)
    run.text("Test loss: 0.08621")
    run.text("Test accuracy: 0.9731")
    return run


def keras22(verbose, dynamic):
    run = Run(Bar22, verbose, dynamic, True, 0.0011, headers="always")
    run.fit(table(K1, [(0.30125, 0.91001, 0.15124, 0.95488),
                       (0.12913, 0.96147, 0.10422, 0.96901),
                       (0.08911, 0.97310, 0.09017, 0.97199)]),
            6000, batch=128, skip_last=True)
    run.evaluate([], 10000, batch=128, metrics=False)
    return run


def tf2_fit_evaluate(verbose):
    run = Run(Bar2, verbose, True, False, 0.0022)
    run.fit(table(K2, [(0.29517, 0.91482, 0.15733, 0.95318),
                       (0.13268, 0.96051, 0.10907, 0.96742)]), 469)
    run.evaluate(TEST2, 313)
    return run


def tf2_fit_twice():
    """fit() twice from epoch 1, then once more with initial_epoch."""
    run = Run(Bar2, 1, True, False, 0.0022)
    run.fit(table(K2, [(0.29517, 0.91482, 0.15733, 0.95318),
                       (0.13268, 0.96051, 0.10907, 0.96742)]), 469)
    run.fit(table(K2, [(0.09335, 0.97216, 0.09071, 0.97263),
                       (0.07101, 0.97830, 0.08602, 0.97411)]), 469)
    run.fit(table(K2, [(0.05512, 0.98301, 0.08313, 0.97502),
                       (0.04403, 0.98652, 0.08428, 0.97497)]), 469,
            first=5, total=6)
    run.evaluate(TEST2, 313)
    return run


def k3_fit_evaluate(verbose):
    run = Run(Bar3, verbose, True, True, 0.0011)
    run.fit(K3_VAL, 1875)
    run.evaluate(TEST3, 313)
    return run


def k3_loop(val):
    """for epoch in ...: fit(epochs=1), ModelCheckpoint printing."""
    run = Run(Bar3, 1, True, True, 0.0022)
    message = None
    if val:
        message = ("Epoch %d: val_loss improved, saving model to"
                   " best.keras")
    for epoch in (K3_VAL if val else table(K3[:2], [
            (0.91346, 0.30198), (0.95911, 0.13755), (0.97104, 0.09562)])):
        run.fit([epoch], 469, message=message)
    run.evaluate(TEST3, 313)
    return run


FIXTURES = {
    "v1_tty_keras2": lambda: single(Bar2, 1, True, False, 469, 0.0022,
                                    table(K2, [
        (0.31204, 0.91103, 0.16418, 0.95097),
        (0.14047, 0.95834, 0.11227, 0.96623),
        (0.09871, 0.97018, 0.09544, 0.97106)])),
    "v1_pipe_keras2": lambda: single(Bar2, 1, False, False, 469, 0.0022,
                                     table(K2, [
        (0.29517, 0.91482, 0.15733, 0.95318),
        (0.13268, 0.96051, 0.10907, 0.96742),
        (0.09335, 0.97216, 0.09071, 0.97263)])),
    "v2_keras2": lambda: single(Bar2, 2, False, False, 469, 0.0022,
                                table(K2, [
        (0.04122, 0.98713, 0.07352, 0.97804),
        (0.00713, 0.99802, 0.07881, 0.97911),
        (0.00188, 0.99967, 0.08507, 0.97893),
        (0.00087, 0.99998, 0.09124, 0.97925)])),
    "v1_tty_keras3": lambda: single(Bar3, 1, True, True, 1875, 0.0011,
                                    table(K3LR, [
        (0.82214, 0.50537, 0.84912, 0.42166, 0.001),
        (0.86402, 0.37618, 0.85733, 0.39574, 0.001),
        (0.87857, 0.33416, 0.86954, 0.36021, 0.0005)])),
    "v1_pipe_keras3": lambda: single(Bar3, 1, False, True, 469, 0.0022,
                                     table(K3, [
        (0.91346, 0.30198, 0.95211, 0.16052),
        (0.95911, 0.13755, 0.96638, 0.11119),
        (0.97104, 0.09562, 0.97152, 0.09361)])),
    "v2_keras3": lambda: single(Bar3, 2, False, True, 1875, 0.0011, K3_VAL),
    "k1_v1": lambda: keras1(1),
    "k1_v2": lambda: keras1(2),
    "k22_v1_pipe": lambda: keras22(1, False),
    "k22_v1_tty": lambda: keras22(1, True),
    "k22_v2": lambda: keras22(2, False),
    "tf2_v1_evaluate": lambda: tf2_fit_evaluate(1),
    "tf2_v2_evaluate": lambda: tf2_fit_evaluate(2),
    "tf2_fit_again": tf2_fit_twice,
    "k3_v1_evaluate": lambda: k3_fit_evaluate(1),
    "k3_v2_evaluate": lambda: k3_fit_evaluate(2),
    "k3_loop_callback": lambda: k3_loop(True),
    "k3_loop": lambda: k3_loop(False),
}
NOTEBOOK = ("tf2_v1_evaluate", "k3_v1_evaluate", "k3_loop_callback")


def write(here, name, run, text):
    with open(os.path.join(here, name + ".txt"), "wb") as f:
        f.write(text.encode("utf-8"))
    with open(os.path.join(here, name + ".expect"), "w") as f:
        for step, k, v in run.expect:
            f.write("%d %s %s\n" % (step, k, v))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, make in FIXTURES.items():
        run = make()
        write(here, name, run, run.out)
        if name in NOTEBOOK:
            write(here, name + "_nb", run, notebook(run.out))


if __name__ == "__main__":
    main()
