#!/usr/bin/python3
"""
Writes the fixtures of the other trainers hpsd reads, each NAME.txt beside
a NAME.expect of what must be recorded from it ("step name value" per line,
the values as printed; "# doubts N" when N lines must be doubtful).

Made with the real libraries where Debian ships them, and checked in so
that the unit tests need neither (python3-tqdm and python3-xgboost are in
scripts/deps for this script and for tests/e2e/trainers.sh, which runs
them live through hpsd):

  lightning_*  the real tqdm (4.64, python3-tqdm) driven as PyTorch
               Lightning's TQDMProgressBar drives it (Lightning 2.x,
               src/lightning/pytorch/callbacks/progress/tqdm_progress.py
               at 7f0c3436cd: its Tqdm.format_num padding, BAR_FORMAT,
               the sanity check, the train bar reset per epoch, the
               validation bar at position 1 that moves the cursor, v_num)
  hf_*         Hugging Face's Trainer (transformers 4.x trainer.py,
               trainer_callback.py ProgressCallback, trainer_pt_utils.py
               log_metrics/metrics_format): str(logs) through the real
               tqdm.write, the bar on stderr (hf_trainer.txt is stdout as
               hpsd reads it; hf_trainer_merged.txt has stderr in it, as a
               captured log does)
  xgboost      the real xgboost (1.7, python3-xgboost): xgb.train with two
               evaluation sets, the scikit-learn API, xgb.cv
  lightgbm     LightGBM's log_evaluation and early stopping messages
               (python-package/lightgbm/callback.py, 3.3 to 4.6: "data's
               metric: value", cv's "+ std" and the cv_agg names before
               4.6) and native "[LightGBM] [Info]" lines
  fastai       fastai's ProgressCallback._write_stats (callback/progress.py)
               through fastprogress's ConsoleMasterBar and ConsoleProgress-
               Bar (fastprogress.py at bf24b0a): the epoch table under the
               child bars' '\\r' redraws; fine_tune() prints two tables

    /usr/bin/python3 make_fixtures.py      (in this folder)
"""

import io
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Out:
    """A fixture being written, and what hpsd must record from it."""

    def __init__(self):
        self.buf = io.StringIO()
        self.expect = []
        self.doubts = 0

    def write(self, s):
        self.buf.write(s)

    def flush(self):
        pass

    def want(self, step, name, value):
        self.expect.append((step, name, value))

    def save(self, name):
        with open(os.path.join(HERE, name + ".txt"), "wb") as f:
            f.write(self.buf.getvalue().encode("utf-8"))
        with open(os.path.join(HERE, name + ".expect"), "w") as f:
            if self.doubts:
                f.write("# doubts %d\n" % self.doubts)
            for step, k, v in self.expect:
                f.write("%s %s %s\n" % (step, k, v))


# PyTorch Lightning ----------------------------------------------------------

def lightning_results(out, stage, results, rich, term=120, tty=False):
    """What trainer.test() and trainer.validate() print at their end:
    _EvaluationLoop._print_results (src/lightning/pytorch/loops/
    evaluation_loop.py, the same from Lightning 1.6 to 2.5): one column per
    dataloader ("/dataloader_idx_N" taken off the names), the metric names
    sorted, each value as f"{val}" of its tensor's item(), columns
    max(longest name, 25) wide (at most half the terminal's width), and as
    many dataloaders per table as the terminal holds. With rich installed,
    rich's own Table (python3-rich) draws it; without, plain lines
    centered with str.format between bars of U+2500 as wide as the
    terminal, a name longer than half of it cut over several lines."""
    if rich == "dict":
        # Lightning before 1.6 (trainer/connectors/logger_connector.py
        # _get_evaluate_epoch_results, 1.0 to 1.5): pprint of each
        # dataloader's dict, the names in full.
        import pprint
        out.write("-" * 80 + "\n")
        for i, r in enumerate(results):
            out.write("DATALOADER:%d %s RESULTS\n" % (i, stage.upper()))
            pprint.pprint(r, stream=out)
            out.write("-" * 80 + "\n")
        return
    results = [{k.split("/dataloader_idx_")[0]: v for k, v in r.items()}
               for r in results]
    names = sorted({k for r in results for k in r})
    headers = ["DataLoader %d" % i for i in range(len(results))]
    width = int(min(max(max(map(len, names)), len(max(headers, key=len)),
                        25), term / 2))
    rows = [["%s" % r[k] if k in r else " " for r in results] for k in names]
    ncols = int((term - width) / width)
    for i in range(0, len(headers), ncols):
        hdrs = [("%s Metric" % stage).capitalize()] + headers[i:i + ncols]
        cells = [row[i:i + ncols] for row in rows]
        if rich:
            from rich.console import Console
            from rich.table import Column, Table
            cols = [Column(h, justify="center", style="magenta", width=width)
                    for h in hdrs]
            cols[0].style = "cyan"
            table = Table(*cols)
            for k, row in zip(names, cells):
                table.add_row(k, *row)
            # A pipe's console is 80 wide, as a terminal of 80 is.
            Console(file=out, force_terminal=tty, width=80,
                    color_system="truecolor" if tty else None).print(table)
            continue
        fmt = ("{:^%d}" % width) * len(hdrs)
        half = int(term / 2)
        bar = "\u2500" * term
        lines = [bar, fmt.format(*hdrs).rstrip(), bar]
        for k, row in zip(names, cells):
            if len(k) <= half:
                lines.append(fmt.format(k, *row).rstrip())
                continue
            while len(k) > half:
                lines.append(fmt.format(k[:half], *row).rstrip())
                k = k[half:]
            lines.append(fmt.format(k, " ").rstrip())
        lines.append(bar)
        out.write(os.linesep.join(lines) + "\n")


def lightning(name, epochs, val_every=1, crash_in_val=False, evals=()):
    from tqdm import tqdm as _tqdm

    class Tqdm(_tqdm):
        """Lightning's Tqdm: floats padded to 5 characters."""

        @staticmethod
        def format_num(n):
            should_be_padded = isinstance(n, (float, str))
            if not isinstance(n, str):
                n = _tqdm.format_num(n)
            if should_be_padded and "e" not in n:
                if "." not in n and len(n) < 5:
                    try:
                        float(n)
                    except ValueError:
                        return n
                    n += "."
                n += "0" * (5 - len(n))
            return n

    bar_format = ("{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, "
                  "{rate_fmt}{postfix}]")
    out = Out()

    def bar(desc, position, leave):
        return Tqdm(desc=desc, position=position, leave=leave,
                    dynamic_ncols=True, file=out, smoothing=0,
                    bar_format=bar_format)

    def validate(desc, total):
        val = bar("Validation" if desc is None else desc, 1, False)
        val.reset()
        val.total = total
        val.initial = 0
        val.set_description((desc or "Validation") + " DataLoader 0")
        for i in range(total):
            val.n = i + 1
            val.refresh()
        if not crash_in_val:
            val.close()

    rnd = random.Random(7)
    validate("Sanity Checking", 2)
    train = bar("Training", 0, True)
    metrics = {"v_num": 0}
    for epoch in range(epochs):
        train.reset()
        train.total = 12
        train.initial = 0
        train.set_description("Epoch %d" % epoch)
        for i in range(12):
            train.n = i + 1
            train.refresh()
            metrics["train_loss_step"] = round(rnd.uniform(0.2, 0.9), 4)
            train.set_postfix(metrics)
        ran = (epoch + 1) % val_every == 0
        if ran:
            if crash_in_val and epoch == epochs - 1:
                validate(None, 5)
                out.doubts += 1
                break
            validate(None, 5)
            metrics["val_loss"] = round(0.6 - 0.07 * epoch, 4)
            metrics["val_acc"] = round(0.8 + 0.031 * epoch, 4)
            train.set_postfix(metrics)
        metrics["train_loss_epoch"] = round(0.7 - 0.05 * epoch, 4)
        train.set_postfix(metrics)
        shown = {k: Tqdm.format_num(v) for k, v in metrics.items()
                 if k != "v_num"}
        for k, v in shown.items():
            if k.startswith("val_") and not ran:
                continue
            if k == "train_loss_step" and epoch > 0 and not ran and \
                    v == last.get(k):
                continue
            out.want(epoch, k, v)
        if not ran and epoch > 0 and any(k.startswith("val_")
                                         for k in shown):
            out.doubts += 1
        last = shown
    if not crash_in_val:
        train.close()
    for stage, results, rich, doubtful in evals:
        test = bar("Testing" if stage == "test" else "Validation", 0, True)
        test.reset()
        test.total = 4
        test.set_description(("Testing" if stage == "test" else
                              "Validation") + " DataLoader 0")
        for i in range(4):
            test.n = i + 1
            test.refresh()
        test.close()
        lightning_results(out, stage, results, **rich)
        if stage != "test":
            out.doubts += 1     # validation values, recorded per epoch
            continue
        # one for each row that cannot be read
        out.doubts += len({k.split("/dataloader_idx_")[0] for k in doubtful})
        # test_<name> at the last epoch's step, the dataloader's suffix
        # kept when there are several.
        for i, r in enumerate(results):
            for k, v in r.items():
                if k in doubtful:
                    continue
                k = k if k.startswith("test_") else "test_" + k
                if len(results) > 1 and "/dataloader_idx_" not in k:
                    k += "/dataloader_idx_%d" % i
                out.want(epochs - 1, k, repr(v))
    out.save(name)


# Hugging Face ---------------------------------------------------------------

def secs2timedelta(secs):
    """transformers' trainer_pt_utils._secs2timedelta."""
    import datetime
    msec = int(abs(secs - int(secs)) * 100)
    return f"{datetime.timedelta(seconds=int(secs))}.{msec:02d}"


def log_metrics(out, split, metrics):
    """Trainer.log_metrics with metrics_format, as print() writes it."""
    fmt = metrics.copy()
    for k, v in fmt.items():
        if "_mem_" in k:
            fmt[k] = f"{v >> 20}MB"
        elif "_runtime" in k:
            fmt[k] = secs2timedelta(v)
        elif k == "total_flos":
            fmt[k] = f"{int(v) >> 30}GF"
        elif isinstance(fmt[k], float):
            fmt[k] = round(v, 4)
    print(f"***** {split} metrics *****", file=out)
    kw = max(len(str(x)) for x in fmt)
    vw = max(len(str(x)) for x in fmt.values())
    for key in sorted(fmt):
        print(f"  {key: <{kw}} = {fmt[key]:>{vw}}", file=out)
    return fmt


def hf(name, merged):
    from tqdm import tqdm
    out = Out()
    err = out if merged else io.StringIO()
    steps_per_epoch, epochs = 6, 3
    bar = tqdm(total=steps_per_epoch * epochs, file=err)
    rnd = random.Random(3)
    step = 0
    for epoch in range(epochs):
        for s in range(steps_per_epoch):
            step += 1
            bar.update(1)
            if step % 2 == 0:
                ep = step / steps_per_epoch
                logs = {"loss": round(rnd.uniform(0.3, 0.7), 4),
                        "grad_norm": rnd.uniform(1, 3),
                        "learning_rate": 5e-05 * (1 - step / 18),
                        "epoch": round(ep, 2) if epoch == 0 else ep}
                bar.write(str(logs), file=out)
                for k, v in logs.items():
                    if k != "epoch":
                        out.want(repr(logs["epoch"]), k, repr(v))
        logs = {"eval_loss": round(0.5 - 0.05 * epoch, 4),
                "eval_accuracy": round(0.84 + 0.02 * epoch, 4),
                "eval_runtime": 1.234, "eval_samples_per_second": 810.4,
                "eval_steps_per_second": 101.3, "epoch": float(epoch + 1)}
        bar.write(str(logs), file=out)
        for k, v in logs.items():
            if k != "epoch":
                out.want(epoch + 1, k, repr(v))
    summary = {"train_runtime": 12.3456, "train_samples_per_second": 243.9,
               "train_steps_per_second": 30.48, "train_loss": 0.4123,
               "epoch": 3.0}
    bar.write(str(summary), file=out)
    bar.close()
    for k, v in summary.items():
        if k != "epoch":
            out.want(3, k, repr(v))
    print("TrainOutput(global_step=18, training_loss=0.4123, metrics="
          "{'train_runtime': 12.3456, 'train_samples_per_second': 243.9, "
          "'train_steps_per_second': 30.48, 'total_flos': 12345678.0, "
          "'train_loss': 0.4123, 'epoch': 3.0})", file=out)
    train = dict(summary, total_flos=12345678912.0, train_samples=3000)
    log_metrics(out, "train", train)
    # trainer.evaluate() after train(): the best checkpoint, on eval data.
    final = {"eval_loss": 0.4012, "eval_accuracy": 0.8871,
             "eval_runtime": 1.2, "eval_samples_per_second": 833.3,
             "eval_steps_per_second": 104.2, "epoch": 3.0}
    print(str(final), file=out)
    for k, v in final.items():
        if k != "epoch":
            out.want(3, "test_" + k[5:], repr(v))
    shown = log_metrics(out, "eval", dict(final, eval_samples=1000))
    for k, v in shown.items():
        if k.startswith("eval_") and isinstance(v, (int, float)):
            out.want(3, "test_" + k[5:], repr(v))
    for k in ("train_samples",):
        out.want(3, k, repr(train[k]))
    out.save(name)


# XGBoost --------------------------------------------------------------------

def xgboost_fixture():
    import numpy as np
    import xgboost as xgb
    rng = np.random.RandomState(1)
    x = rng.rand(400, 5)
    y = (x[:, 0] + 0.3 * rng.rand(400) > 0.6).astype(int)
    out = Out()
    saved = sys.stdout
    sys.stdout = out
    try:
        dtrain = xgb.DMatrix(x[:300], label=y[:300])
        dvalid = xgb.DMatrix(x[300:], label=y[300:])
        res = {}
        xgb.train({"objective": "binary:logistic", "max_depth": 2,
                   "eval_metric": ["logloss", "error"]}, dtrain, 8,
                  evals=[(dtrain, "train"), (dvalid, "eval")],
                  evals_result=res, verbose_eval=True)
        for data, metrics in res.items():
            for m, vals in metrics.items():
                for i, v in enumerate(vals):
                    out.want(i, "%s-%s" % (data, m), "%.5f" % v)
        # The scikit-learn API names its sets validation_0, validation_1.
        clf = xgb.XGBClassifier(n_estimators=5, max_depth=2,
                                eval_metric="logloss")
        clf.fit(x[:300], y[:300], eval_set=[(x[:300], y[:300]),
                                            (x[300:], y[300:])],
                verbose=True)
        for data, metrics in clf.evals_result().items():
            for m, vals in metrics.items():
                for i, v in enumerate(vals):
                    out.want(i, "%s-%s" % (data, m), "%.5f" % v)
    finally:
        sys.stdout = saved
    out.save("xgboost")


# LightGBM -------------------------------------------------------------------

def lightgbm_fixture():
    out = Out()
    w = out.write
    w("[LightGBM] [Info] Auto-choosing col-wise multi-threading, the overhead"
      " of testing was 0.000123 seconds.\n")
    w("[LightGBM] [Info] Total Bins 1275\n")
    w("[LightGBM] [Info] Number of data points in the train set: 300, number"
      " of used features: 5\n")
    w("[LightGBM] [Info] Start training from score 0.496667\n")
    w("Training until validation scores don't improve for 3 rounds\n")
    l2 = [0.2341, 0.2112, 0.1987, 0.1956, 0.1961, 0.1972, 0.1990]
    for i, v in enumerate(l2):
        t = v * 0.8
        w("[%d]\ttraining's l2: %g\ttraining's ndcg@5: %g\tvalid_1's l2: %g"
          "\n" % (i + 1, t, 0.9, v))
        out.want(i + 1, "training-l2", "%g" % t)
        out.want(i + 1, "training-ndcg@5", "0.9")
        out.want(i + 1, "valid_1-l2", "%g" % v)
    w("Early stopping, best iteration is:\n")
    w("[4]\ttraining's l2: %g\ttraining's ndcg@5: %g\tvalid_1's l2: %g\n"
      % (l2[3] * 0.8, 0.9, l2[3]))
    # lgb.cv up to 4.5, then from 4.6.
    for i in range(3):
        w("[%d]\tcv_agg's valid l2: %g + %g\n" % (i + 1, 0.3 - 0.01 * i,
                                                  0.012))
        out.want(i + 1, "valid-l2", "%g" % (0.3 - 0.01 * i))
    for i in range(3, 5):
        w("[%d]\tvalid's l2: %g + %g\n" % (i + 1, 0.3 - 0.01 * i, 0.011))
        out.want(i + 1, "valid-l2", "%g" % (0.3 - 0.01 * i))
    out.save("lightgbm")


# fastai ---------------------------------------------------------------------

def fastai_fixture():
    out = Out()

    def fmt_time(t):
        t = int(t)
        h, m, s = t // 3600, (t // 60) % 60, t % 60
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"

    class Table:
        """fastprogress's ConsoleMasterBar.write(table=True)."""

        def write(self, line):
            if not hasattr(self, "names"):
                self.names = [n + " " * (8 - len(n)) if len(n) < 8 else n
                              for n in line]
                text = "  ".join(self.names)
            else:
                text = ""
                for t, n in zip(line, self.names):
                    text += t + " " * (2 + len(n) - len(t))
            print(text, file=out)

    def child(epoch, total, n):
        """A ConsoleProgressBar's redraws under 'Epoch e/n :' ."""
        for v in range(n + 1):
            filled = int(40 * v // n)
            bar = "\u2588" * filled + "-" * (40 - filled)
            out.write(f"\rEpoch {epoch}/{total} : |{bar}| "
                      f"{100 * v / n:.2f}% [{v}/{n} 00:0{v % 10}<00:01 "
                      f"0.{4000 + v}]")
            out.write("\r")
        out.write("\r" + " " * 60 + "\r")

    def fit(epochs, first_step, names, rows):
        table = Table()
        table.write(names)
        for e, row in enumerate(rows):
            child(e + 1, epochs, 20)
            child(e + 1, epochs, 5)
            cells = [str(e)] + [f"{v:.6f}" if isinstance(v, float) else v
                                for v in row] + [fmt_time(5 + e)]
            table.write(cells)
            for n, v in zip(names[1:-1], cells[1:-1]):
                if v != "#na#":
                    out.want(first_step + e, n, v)

    names = ["epoch", "train_loss", "valid_loss", "accuracy", "time"]
    fit(3, 0, names, [(0.469180, 0.301428, 0.903), (0.312303, 0.253192,
                                                     0.914),
                      (0.251177, "#na#", 0.921)])
    # fine_tune(): the frozen epoch, then a new table from epoch 0 again.
    names = ["epoch", "train_loss", "valid_loss", "error_rate", "time"]
    fit(1, 3, names, [(0.61234, 0.41234, 0.11)])
    fit(2, 4, names, [(0.3111, 0.29876, 0.09), (0.2212, 0.25432, 0.08)])
    out.save("fastai")


def main():
    lightning("lightning_fit", 3)
    lightning("lightning_val_every_2", 4, val_every=2)
    lightning("lightning_crash_in_validation", 2, crash_in_val=True)
    # float32 values as tensor.item() gives them
    acc, loss = 0.8234000205993652, 0.41120004653930664
    lightning("lightning_test_rich", 3, evals=[
        ("validate", [{"val_acc": 0.8619999885559082, "val_loss": 0.46}],
         {"rich": True}, ()),
        ("test", [{"test_acc": acc, "test_loss": loss}], {"rich": True},
         ())])
    lightning("lightning_test_plain", 2, evals=[
        ("test", [{"acc": acc, "test_loss": loss, "n": 7.0}],
         {"rich": False}, ()),
        ("test", [{"test_acc/dataloader_idx_0": acc,
                   "test_loss/dataloader_idx_0": loss},
                  {"test_acc/dataloader_idx_1": 0.5,
                   "test_extra/dataloader_idx_1": 0.25}],
         {"rich": False}, ()),
        # A name longer than half the terminal is cut over lines.
        ("test", [{"test_" + "x" * 70: 0.125, "test_acc": acc}],
         {"rich": False}, ["test_" + "x" * 70])])
    lightning("lightning_test_dict", 2, evals=[
        ("test", [{"test_acc/dataloader_idx_0": acc,
                   "test_loss/dataloader_idx_0": loss,
                   "test_f1_with_a_long_name/dataloader_idx_0": 0.75},
                  {"test_acc/dataloader_idx_1": 0.5}], {"rich": "dict"},
         ())])
    # A terminal 80 wide: rich cuts three dataloaders' values short.
    lightning("lightning_test_tty", 1, evals=[
        ("test", [{"test_acc/dataloader_idx_%d" % i: acc * (i + 1) / 4,
                   "test_loss/dataloader_idx_%d" % i: loss}
                  for i in range(3)], {"rich": True, "tty": True},
         ["test_acc/dataloader_idx_%d" % i for i in range(3)] +
         ["test_loss/dataloader_idx_%d" % i for i in range(3)])])
    hf("hf_trainer", False)
    hf("hf_trainer_merged", True)
    xgboost_fixture()
    lightgbm_fixture()
    fastai_fixture()


if __name__ == "__main__":
    main()
