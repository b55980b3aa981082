# A metric's name is any printable text, as wandb.log takes any key (issue
# 28): the objective "val loss" and a val_ name with a quote, a comma and '<'
# come from JSON lines, "eval/score_t+64" from key=value words, through
# the real daemon; every output shows them as data (the table, CSV
# quoting, HTML escaping), and a key with a control character is no name.
. "$(dirname "$0")/lib.sh"
start_daemon

cat > "$T/names.py" <<'PY'
import json, sys
x = float(sys.argv[1])
for epoch in (1, 2):
    print(json.dumps({"epoch": epoch, "val loss": x / epoch,
                      'val_a,"b"<i>': 1.5, "\x1b[2J": 7}), flush=True)
    print("epoch=%d eval/score_t+64=%g" % (epoch, 10 * x + epoch), flush=True)
PY
cat > "$T/names.yaml" <<Y
name: names
command: [/usr/bin/python3, $T/names.py, "{x}"]
metric: {name: val loss, goal: minimize}
budget: {trials: 2}
parameters:
  x: {values: [0.8, 0.4]}
Y
hps submit "$T/names.yaml" --wait >/dev/null || fail "the study failed"
hps best names --json >"$T/b.json"
expect_eq "$(jq_py 'd["trials"][0]["objective"]' <"$T/b.json")" 0.2 "the objective 'val loss'"
expect_eq "$(jq_py 'sorted(d["trials"][0]["metrics"])' <"$T/b.json")" \
	"['eval/score_t+64', 'val loss', 'val_a,\"b\"<i>']" "the names, and no control-character one"
expect_eq "$(jq_py 'd["trials"][0]["metrics"]["eval/score_t+64"]' <"$T/b.json")" 6.0 "a key=value name with '+'"

hps best names >"$T/best.txt" || fail "hps best failed"
grep -q 'val loss' "$T/best.txt" || fail "hps best does not show 'val loss': $(cat "$T/best.txt")"
hps export names --format csv >"$T/e.csv" || fail "export failed"
head -1 "$T/e.csv" | grep -qF '"val_a,""b""<i>"' ||
	fail "the CSV header does not quote the name: $(head -1 "$T/e.csv")"
python3 - "$T/e.csv" <<'PY' || fail "the CSV does not read back"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2 and {r['val_a,"b"<i>'] for r in rows} == {"1.5"}, rows
PY
hps report names -o "$T/r.html" || fail "report failed"
grep -q '<i>' "$T/r.html" && fail "the report holds the name's markup unescaped"
grep -q 'val_a,&quot;b&quot;&lt;i&gt;\|val_a,"b"&lt;i&gt;' "$T/r.html" ||
	fail "the report does not show the escaped name"
echo ok
