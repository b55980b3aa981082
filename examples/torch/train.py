#!/usr/bin/python3
"""The Fashion-MNIST MLP of examples/mlp (hps-mlp) in PyTorch.

Same model, options, data split and output lines as hps-mlp, so the two
can be swapped in a space file and timed side by side (bench/mlp/run).
It reads the idx.gz files of Debian's dataset-fashion-mnist with gzip and
numpy; nothing is downloaded.

Options come from the command line (--lr 0.001 or --lr=0.001), else from
HPS_PARAM_<name> (dashes as underscores), else the defaults. Usage errors
exit 2.

Known differences from hps-mlp: PyTorch's RMSprop and Adam add epsilon
outside the square root and after Adam's bias correction, and its batch
normalization keeps the unbiased variance as its running statistic.
"""
import argparse
import gzip
import math
import os
import sys
import time

import numpy as np

DATA_DIR = "/usr/share/datasets/fashion-mnist"
TRAIN, VAL, EVAL_ROWS = 50000, 10000, 1000


def parse_bool(s):
    v = str(s).lower()
    if v in ("true", "1", "yes", "on"):
        return True
    if v in ("false", "0", "no", "off"):
        return False
    raise argparse.ArgumentTypeError("expected true, false, 1 or 0, found %r" % s)


def choice(values):
    def check(s):
        if s not in values:
            raise argparse.ArgumentTypeError("unknown value %r" % s)
        return s
    return check


def per_layer(typ):
    """One value for every layer or one per layer: "512" or "512,256"."""
    def parse(s):
        v = [typ(x) for x in str(s).split(",")]
        if not 1 <= len(v) <= 4:
            raise argparse.ArgumentTypeError("1 to 4 values, not %d" % len(v))
        return v
    return parse


OPTIONS = [
    # name, type, default, help
    ("data", str, DATA_DIR, "directory of the idx files"),
    ("layers", int, None, "hidden layers, 0 to 4 (default 1, or the lists' length)"),
    ("units", per_layer(int), [512], "units of every hidden layer, or of each"),
    ("activation", choice(("relu", "tanh", "sigmoid")), "relu", "activation"),
    ("dropout", per_layer(float), [0.0], "dropout after every hidden layer, or each"),
    ("l1", float, 0.0, "L1 kernel penalty"),
    ("l2", float, 0.0, "L2 kernel penalty"),
    ("batchnorm", parse_bool, False, "batch normalization"),
    ("optimizer", choice(("sgd", "momentum", "rmsprop", "adam")), "adam", "optimizer"),
    ("nesterov", parse_bool, False, "Nesterov momentum"),
    ("momentum", float, None, "momentum of sgd (0: none) or momentum (0.9)"),
    ("rho", float, 0.9, "RMSprop's decay of the squared gradients"),
    ("beta1", float, 0.9, "Adam's decay of the gradients' mean"),
    ("beta2", float, 0.999, "Adam's decay of the squared gradients"),
    ("lr", float, None, "learning rate (0.01 for sgd, momentum; else 0.001)"),
    ("batch", int, 32, "batch size"),
    ("epochs", int, 10, "epochs"),
    ("lr-decay", choice(("none", "exp", "cosine")), "none", "learning-rate decay"),
    ("decay-rate", float, 0.9, "per-epoch factor of --lr-decay exp"),
    ("patience", int, 0, "early stopping patience (0: off)"),
    ("seed", int, 1, "seed"),
    ("subset", int, TRAIN, "train on the first N of the 50,000 images"),
    ("val-subset", int, VAL, "validate on the first N of the 10,000"),
    ("threads", int, 1, "threads"),
]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, typ, default, text in OPTIONS:
        env = os.environ.get("HPS_PARAM_" + name.replace("-", "_"))
        if env is not None:
            try:
                default = typ(env)
            except (ValueError, argparse.ArgumentTypeError) as e:
                p.error("HPS_PARAM_%s: %s" % (name.replace("-", "_"), e))
        if typ is parse_bool:
            p.add_argument("--" + name, type=typ, nargs="?", const=True,
                           default=default, help=text)
        else:
            p.add_argument("--" + name, type=typ, default=default, help=text)
    a = p.parse_args(argv)
    if a.layers is None:
        a.layers = max(len(a.units), len(a.dropout))
    for name in ("units", "dropout"):
        v = getattr(a, name)
        if len(v) not in (1, a.layers):
            p.error("--%s gives %d values for %d layers; give one, or one "
                    "per layer" % (name, len(v), a.layers))
        setattr(a, name, v * 4 if len(v) == 1 else v)
    if not 0 <= a.layers <= 4 or not all(0 <= d < 1 for d in a.dropout):
        p.error("--layers must be 0..4 and --dropout in [0, 1)")
    if not 1 <= a.subset <= TRAIN or not 1 <= a.val_subset <= VAL:
        p.error("--subset must be 1..50000 and --val-subset 1..10000")
    if a.lr is None:
        a.lr = 0.01 if a.optimizer in ("sgd", "momentum") else 0.001
    return a


def read_idx(path, ndims, count, shape=()):
    """Read an unsigned-byte idx(.gz) file, checking what it holds."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:
        sys.exit("train.py: %s: %s" % (path, e))
    magic = bytes([0, 0, 8, ndims])
    if raw[:4] != magic:
        sys.exit("train.py: %s: expected magic 0x%s, found 0x%s"
                 % (path, magic.hex(), raw[:4].hex()))
    dims = np.frombuffer(raw, ">u4", ndims, 4).tolist()
    if dims != [count, *shape]:
        sys.exit("train.py: %s: expected dimensions %s, found %s"
                 % (path, [count, *shape], dims))
    data = np.frombuffer(raw, np.uint8, offset=4 + 4 * ndims)
    if data.size != count * int(np.prod(shape, dtype=np.int64)):
        sys.exit("train.py: %s: expected %d bytes of data, found %d"
                 % (path, count * int(np.prod(shape, dtype=np.int64)), data.size))
    return data.reshape(count, *shape)


def find(d, name):
    p = os.path.join(d, name + ".gz")
    return p if os.path.exists(p) or not os.path.exists(os.path.join(d, name)) \
        else os.path.join(d, name)


def load(a):
    tr_x = read_idx(find(a.data, "train-images-idx3-ubyte"), 3, 60000, (28, 28))
    tr_y = read_idx(find(a.data, "train-labels-idx1-ubyte"), 1, 60000)
    te_x = read_idx(find(a.data, "t10k-images-idx3-ubyte"), 3, 10000, (28, 28))
    te_y = read_idx(find(a.data, "t10k-labels-idx1-ubyte"), 1, 10000)

    def split(x, y):
        return (torch.from_numpy(x.reshape(len(x), 784).astype(np.float32) / 255.0),
                torch.from_numpy(y.astype(np.int64)))

    # The fixed tail of the training file is validation, as in hps-mlp.
    return (split(tr_x[:a.subset], tr_y[:a.subset]),
            split(tr_x[TRAIN:TRAIN + a.val_subset], tr_y[TRAIN:TRAIN + a.val_subset]),
            split(te_x, te_y))


def build(a):
    acts = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    layers, kernels, width = [], [], 784
    for i in range(a.layers):
        dense = nn.Linear(width, a.units[i], bias=not a.batchnorm)
        if a.activation == "relu":
            nn.init.kaiming_uniform_(dense.weight, nonlinearity="relu")
        else:
            nn.init.xavier_uniform_(dense.weight)
        if dense.bias is not None:
            nn.init.zeros_(dense.bias)
        layers.append(dense)
        kernels.append(dense.weight)
        if a.batchnorm:
            layers.append(nn.BatchNorm1d(a.units[i], eps=1e-3, momentum=0.01))
        layers.append(acts[a.activation]())
        if a.dropout[i] > 0:
            layers.append(nn.Dropout(a.dropout[i]))
        width = a.units[i]
    out = nn.Linear(width, 10)
    nn.init.xavier_uniform_(out.weight)
    nn.init.zeros_(out.bias)
    layers.append(out)
    kernels.append(out.weight)
    return nn.Sequential(*layers), kernels


def optimizer(a, params):
    mom = a.momentum if a.momentum is not None else \
        0.9 if a.optimizer == "momentum" else 0.0
    if a.optimizer in ("sgd", "momentum"):
        return torch.optim.SGD(params, lr=a.lr, momentum=mom,
                               nesterov=a.nesterov and mom > 0)
    if a.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=a.lr, alpha=a.rho, eps=1e-7)
    return torch.optim.Adam(params, lr=a.lr, betas=(a.beta1, a.beta2), eps=1e-7)


def penalty(a, kernels):
    p = 0.0
    for w in kernels:
        if a.l1:
            p = p + a.l1 * w.abs().sum()
        if a.l2:
            p = p + a.l2 * (w * w).sum()
    return p


def evaluate(a, model, kernels, data):
    x, y = data
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), EVAL_ROWS):
            z = model(x[i:i + EVAL_ROWS])
            t = y[i:i + EVAL_ROWS]
            loss += F.cross_entropy(z, t, reduction="sum").item()
            correct += (z.argmax(1) == t).sum().item()
        pen = float(penalty(a, kernels))
    return loss / len(x) + pen, correct / len(x)


def train_epoch(a, model, kernels, opt, sched, data, gen):
    x, y = data
    n = len(x)
    model.train()
    total, correct = 0.0, 0
    for idx in torch.randperm(n, generator=gen).split(a.batch):
        xb, yb = x[idx], y[idx]
        z = model(xb)
        loss = F.cross_entropy(z, yb)
        if a.l1 or a.l2:
            loss = loss + penalty(a, kernels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if a.lr_decay == "cosine":
            sched.step()
        total += loss.item() * len(idx)
        correct += (z.argmax(1) == yb).sum().item()
    return total / n, correct / n


def main(argv):
    a = parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train, val, test = load(a)
    model, kernels = build(a)
    print("params=%d" % sum(p.numel() for p in model.parameters()
                            if p.requires_grad), flush=True)
    opt = optimizer(a, model.parameters())
    steps = a.epochs * math.ceil(len(train[0]) / a.batch)
    sched = None
    if a.lr_decay == "cosine":
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: 0.5 * (1 + math.cos(math.pi * s / steps)))
    elif a.lr_decay == "exp":
        sched = torch.optim.lr_scheduler.ExponentialLR(opt, a.decay_rate)
    gen = torch.Generator().manual_seed(a.seed)
    best, best_state, best_epoch, wait, ran = math.inf, None, 0, 0, 0
    for e in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        loss, acc = train_epoch(a, model, kernels, opt, sched, train, gen)
        vloss, vacc = evaluate(a, model, kernels, val)
        print("epoch=%d loss=%.5g acc=%.5g val_loss=%.5g val_acc=%.5g seconds=%.3f"
              % (e, loss, acc, vloss, vacc, time.perf_counter() - t0), flush=True)
        if not math.isfinite(loss):
            sys.exit("train.py: training diverged (the loss is not finite)")
        if a.lr_decay == "exp":
            sched.step()
        ran = e
        if a.patience:
            if vloss < best:
                best, best_epoch, wait = vloss, e, 0
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
            else:
                wait += 1
                if wait >= a.patience:
                    break
    kept = ran
    if best_state is not None:
        model.load_state_dict(best_state)
        kept = best_epoch
    tloss, tacc = evaluate(a, model, kernels, test)
    print("test_loss=%.5g test_acc=%.5g kept_epoch=%d" % (tloss, tacc, kept), flush=True)


def early_threads(argv):
    """--threads, read before torch is imported: its pools size then."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--threads", default=os.environ.get("HPS_PARAM_threads", "1"))
    return p.parse_known_args(argv)[0].threads


if __name__ == "__main__":
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(early_threads(sys.argv[1:]))
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    main(sys.argv[1:])
