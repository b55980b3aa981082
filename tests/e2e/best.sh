# hps best ranks by the validation metric and never by a test_ metric: the
# trials' test scores are ordered opposite to their validation scores.
. "$(dirname "$0")/lib.sh"
start_daemon
cat > "$T/best.yaml" <<'Y'
name: rank
command: sh -c 'echo "epoch=1 val_acc=0.5 loss=1"; echo "epoch=2 val_acc={v} loss=0.5"; echo "epoch=3 val_acc=0.1 loss=0.4"; awk "BEGIN {{ print \"test_acc=\" 1 - {v} }}"'
method: grid
metric: {name: val_acc, goal: maximize, summary: best}
budget: {parallel: 2}
parameters:
  v: {values: [0.7, 0.9, 0.8]}
Y
hps submit "$T/best.yaml" --wait >/dev/null || fail "study failed"
hps best rank --json >"$T/best.json"
expect_eq "$(jq_py '[t["objective"] for t in d["trials"]]' <"$T/best.json")" "[0.9, 0.8, 0.7]" "ranking by val_acc"
expect_eq "$(jq_py 'd["trials"][0]["best_step"]' <"$T/best.json")" 2 "step of the best value"
expect_eq "$(jq_py 'round(d["trials"][0]["test"]["test_acc"], 6)' <"$T/best.json")" 0.1 "test metric beside the winner"
expect_eq "$(jq_py 'd["trials"][0]["metrics"]["loss"]' <"$T/best.json")" 0.5 "metrics at the best step"
hps best rank --top 1 | grep -q test_acc || fail "human output lacks the test column"
hps best rank --top 1 | grep -q "$HPS_STATE_DIR/studies/rank/" || fail "human output lacks the trial directory"
echo ok
