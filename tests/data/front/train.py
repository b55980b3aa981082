#!/usr/bin/python3
"""A trainer-like script for the tests of several objectives: it prints
its parameter count once, then one line per epoch as a Keras-style
training loop would (val_acc, val_loss, epoch_seconds), then its test
accuracy. Wider layers reach a higher accuracy, cost more parameters
and take longer per epoch; the learning rate has a sweet spot at 1e-2.
The values are a pure function of the arguments, so a test can compute
every trial's outcome without hpsd (metrics())."""
import math
import sys


def params(units):
    return 784 * units + units + 10 * units + 10


def metrics(units, lr, epoch):
    """(val_acc, val_loss, epoch_seconds) after epoch (1-based)."""
    peak = 0.55 + 0.07 * math.log2(units / 16) - 0.12 * abs(math.log10(lr) + 2)
    acc = peak * (1 - 0.5 ** epoch)
    return acc, 1 - acc, units / 150


def main(argv):
    units, lr, epochs = int(argv[1]), float(argv[2]), int(argv[3])
    print(f"params={params(units)}", flush=True)
    for e in range(1, epochs + 1):
        acc, loss, sec = metrics(units, lr, e)
        print(f"epoch={e} val_acc={acc:.6f} val_loss={loss:.6f} "
              f"epoch_seconds={sec:.4f}", flush=True)
    print(f"test_acc={metrics(units, lr, epochs)[0] - 0.01:.6f}")


if __name__ == "__main__":
    main(sys.argv)
