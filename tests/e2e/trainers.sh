# Real libraries' output read live through the daemon, no script change:
# XGBoost's evaluation log (python3-xgboost) and a PyTorch Lightning
# progress bar drawn by the real tqdm (python3-tqdm) as Lightning's
# TQDMProgressBar draws it, with its validation bar moving the cursor,
# then trainer.test()'s results table drawn by the real rich
# (python3-rich). Skipped (77) where scripts/deps has not installed them.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import tqdm, xgboost, rich' 2>/dev/null || {
	echo "skip: python3-tqdm, python3-xgboost or python3-rich missing (scripts/deps)"
	exit 77
}
start_daemon

cat > "$T/xgb.py" <<'PY'
import sys
import numpy as np
import xgboost as xgb
rng = np.random.RandomState(int(sys.argv[1]))
x = rng.rand(400, 5)
y = (x[:, 0] + 0.3 * rng.rand(400) > 0.6).astype(int)
res = {}
xgb.train({"objective": "binary:logistic", "max_depth": int(sys.argv[2]),
           "eval_metric": "logloss"},
          xgb.DMatrix(x[:300], label=y[:300]), 10,
          evals=[(xgb.DMatrix(x[:300], label=y[:300]), "train"),
                 (xgb.DMatrix(x[300:], label=y[300:]), "eval")],
          evals_result=res)
with open(sys.argv[3], "w") as f:
    f.write("%.5f %d\n" % (min(res["eval"]["logloss"]),
                         res["eval"]["logloss"].index(min(res["eval"]["logloss"]))))
PY
cat > "$T/xgb.yaml" <<Y
name: xgb
command: /usr/bin/python3 $T/xgb.py 1 {depth} $T/xgb.{depth}
metric: {name: eval-logloss, goal: minimize, summary: best}
method: grid
parameters:
  depth: {values: [2, 3]}
Y
hps submit "$T/xgb.yaml" --wait >/dev/null || fail "xgboost study failed"
hps trials xgb --json >"$T/t.json"
for n in 0 1; do
	depth=$(jq_py "[t for t in d['trials'] if t['number'] == $n][0]['params']['depth']" <"$T/t.json")
	read -r best at <"$T/xgb.$depth"
	expect_eq "$(jq_py "'%.5f %d' % tuple([(t['objective'], t['best_step']) for t in d['trials'] if t['number'] == $n][0])" <"$T/t.json")" \
	    "$best $at" "xgboost depth $depth: best eval-logloss and its round"
done

cat > "$T/lightning.py" <<'PY'
import sys
from tqdm import tqdm as _tqdm
class Tqdm(_tqdm):
    @staticmethod
    def format_num(n):
        pad = isinstance(n, float)
        n = _tqdm.format_num(n)
        if pad and "e" not in n:
            n += ("." if "." not in n else "") + "0" * (5 - len(n) - ("." not in n))
        return n
fmt = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}{postfix}]"
def bar(desc, pos, leave):
    return Tqdm(desc=desc, position=pos, leave=leave, dynamic_ncols=True,
                file=sys.stdout, smoothing=0, bar_format=fmt)
train = bar("Training", 0, True)
m = {"v_num": 0}
lr = float(sys.argv[1])
for epoch in range(3):
    train.reset(); train.total = 20; train.initial = 0
    train.set_description("Epoch %d" % epoch)
    for i in range(20):
        train.n = i + 1; train.refresh()
        m["train_loss"] = round(1.0 - lr * (epoch * 20 + i), 4)
        train.set_postfix(m)
    val = bar("Validation", 1, False)
    val.reset(); val.total = 5; val.initial = 0
    val.set_description("Validation DataLoader 0")
    for i in range(5):
        val.n = i + 1; val.refresh()
    val.close()
    m["val_acc"] = round(0.5 + lr * 10 * (epoch + 1), 3)
    train.set_postfix(m)
train.close()
# trainer.test()'s results, drawn by rich as Lightning draws them.
from rich.console import Console
from rich.table import Column, Table
cols = [Column(h, justify="center", style="magenta", width=25)
        for h in ("Test metric", "DataLoader 0")]
table = Table(*cols)
table.add_row("test_acc", "%r" % round(0.4 + lr * 10, 4))
table.add_row("val_acc", "0.125")
Console(file=sys.stdout, width=80).print(table)
PY
cat > "$T/lt.yaml" <<Y
name: lightning
command: /usr/bin/python3 $T/lightning.py {lr}
metric: {name: val_acc, goal: maximize, summary: last}
method: grid
parameters:
  lr: {values: [0.001, 0.01]}
Y
hps submit "$T/lt.yaml" --wait >/dev/null || fail "lightning study failed"
hps trials lightning --json >"$T/t.json"
expect_eq "$(jq_py "sorted((t['params']['lr'], t['objective'], t['best_step']) for t in d['trials'])" <"$T/t.json")" \
    "[(0.001, 0.53, 2), (0.01, 0.8, 2)]" "Lightning: the last epoch's val_acc"
hps curve lightning 0 --json >"$T/c.json"
expect_eq "$(jq_py 'len(d["val"])' <"$T/c.json")" 3 "one step per epoch"
hps best lightning --json >"$T/b.json"
expect_eq "$(jq_py "sorted((t['objective'], t['test']['test_acc'], t['test']['test_val_acc']) for t in d['trials'])" <"$T/b.json")" \
    "[(0.53, 0.41, 0.125), (0.8, 0.5, 0.125)]" "Lightning: test()'s table as test_*, val_acc untouched"
echo ok
