#!/bin/sh
# End-to-end check of hps-mlp: train on 3,000 images for 2 epochs, demand
# validation accuracy well above chance (0.1), the same metric lines from
# two runs with the same seed, other lines from another seed, and exit
# status 2 for a usage error. Exits 77 (skipped) without the dataset.
#
# usage: smoke.sh PATH-TO-hps-mlp
set -u
bin=$1
data=${HPS_MLP_DATA:-/usr/share/datasets/fashion-mnist}
if [ ! -r "$data/train-images-idx3-ubyte.gz" ]; then
	echo "SKIP: Fashion-MNIST not found in $data" \
	    "(apt-get install dataset-fashion-mnist)"
	exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}

run() {
	"$bin" --data "$data" --subset 3000 --val-subset 2000 --epochs 2 \
	    --units 128 --dropout 0.2 --batch 32 "$@"
}

run --seed 5 >"$tmp/a" || fail "hps-mlp exited $?"
run --seed 5 >"$tmp/b" || fail "second run exited $?"
run --seed 6 >"$tmp/c" || fail "third run exited $?"
cat "$tmp/a"

# Metric lines without the wall-clock seconds.
strip() {
	sed 's/ seconds=[0-9.]*//' "$1"
}
[ "$(grep -c '^epoch=' "$tmp/a")" -eq 2 ] || fail "expected 2 epoch lines"
# 784*128 + 128 weights and biases, then 128*10 + 10.
[ "$(head -1 "$tmp/a")" = "params=101770" ] || fail "no parameter count first"
grep -q '^test_loss=[0-9.]* test_acc=[0-9.]* kept_epoch=2$' "$tmp/a" ||
    fail "no test line"
[ "$(strip "$tmp/a")" = "$(strip "$tmp/b")" ] ||
    fail "two runs with seed 5 differ"
[ "$(strip "$tmp/a")" != "$(strip "$tmp/c")" ] ||
    fail "seeds 5 and 6 give the same lines"
acc=$(sed -n 's/^epoch=2 .* val_acc=\([0-9.]*\) .*/\1/p' "$tmp/a")
awk -v a="$acc" 'BEGIN { exit !(a > 0.6) }' ||
    fail "val_acc $acc after 2 epochs is not above 0.6"

"$bin" --no-such-option 2>/dev/null
rc=$?
[ "$rc" -eq 2 ] || fail "unknown option exited $rc, not 2"
"$bin" --data "$tmp" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'train-images-idx3-ubyte' "$tmp/err" ||
    fail "a missing dataset does not name its file"
echo "ok"
