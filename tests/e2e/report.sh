# hps report renders one self-contained page from a real study, through
# the daemon and offline with --db; headless Chromium then loads it and
# the DOM must hold every section with the right number of drawn trials
# and no errors. The screenshot is kept as $HPS_BIN/artefacts/report.png.
# Skipped (77) without /usr/bin/chromium: scripts/deps installs it.
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	echo "SKIP: $CHROMIUM is missing (scripts/deps installs chromium)"
	exit 77
fi
. "$(dirname "$0")/lib.sh"
start_daemon

# A fake trainer: the training loss keeps falling, the validation loss
# turns up again for large learning rates (overfitting), one epoch of one
# trial reports nan (recorded as missing) and one configuration fails.
cat > "$T/trial.sh" <<'EOF'
awk -v lr="$1" -v u="$2" -v opt="$3" 'BEGIN {
	if (lr > 0.05 && u > 32 && opt == "sgd") { print "diverged" > "/dev/stderr"; exit 1 }
	q = 0.04 * log(lr / 0.01) ^ 2 + (opt == "adam" ? 0 : 0.05) + 1.6 / u
	for (e = 1; e <= 6; e++) {
		loss = q + 1.2 * exp(-0.5 * e)
		vl = loss + 0.1 + 0.3 * lr * (e - 2) ^ 2
		v = (lr < 0.005 && u < 32 && opt == "sgd" && e == 3) ? "nan" : sprintf("%.4f", vl)
		printf "epoch=%d loss=%.4f acc=%.4f val_loss=%s val_acc=%.4f\n", e, loss, 1 - loss / 2, v, 1 - vl / 2
	}
	printf "test_acc=%.4f\n", 0.99 - vl / 2
}'
EOF
cat > "$T/sweep.yaml" <<'Y'
# The space file is shown verbatim and escaped: <script>alert(1)</script> & co
name: sweep
command: sh trial.sh {lr} {units} {opt}
method: grid
metric: {name: val_acc, goal: maximize, summary: best}
budget: {parallel: 2, max_failures: 5}
parameters:
  lr: {type: float, min: 0.001, max: 0.1, log: true, grid_points: 3}
  units: {type: int, min: 16, max: 64, step: 48}
  opt: {values: [sgd, adam]}
  epochs: {value: 6}
Y
hps submit "$T/sweep.yaml" --wait >/dev/null 2>&1 || true
expect_eq "$(hps status --json | study_field sweep counts.completed)" 11 "completed trials"

# Usage and errors.
set +e
hps report >/dev/null 2>&1; expect_eq $? 2 "report without a study"
hps report sweep >/dev/null 2>&1; expect_eq $? 2 "report without -o"
hps report nosuch -o "$T/x.html" 2>"$T/err"; expect_eq $? 1 "unknown study"
set -e
grep -q "no study named 'nosuch'" "$T/err" || fail "unknown study: $(cat "$T/err")"

hps report sweep -o "$T/report.html" >"$T/out" || fail "report from the daemon"
grep -q "11 completed" "$T/out" || fail "report summary: $(cat "$T/out")"
hps report sweep --json | jq_py 'len(d["curves"])' >"$T/ncurves"
expect_eq "$(cat "$T/ncurves")" 10 "curves of the top 10"

# Offline: the same page from the database, with no daemon running.
hps shutdown >/dev/null
hps --db "$HPS_STATE_DIR/hpsd.db" report sweep -o "$T/db.html" >/dev/null ||
	fail "report with --db"
hps --db "$HPS_STATE_DIR/hpsd.db" report sweep -o "$T/top3.html" --top 3 \
	>/dev/null || fail "report --top 3"
sed 's/Written by hps report on [^.]*\././' "$T/report.html" >"$T/a"
sed 's/Written by hps report on [^.]*\././' "$T/db.html" >"$T/b"
cmp -s "$T/a" "$T/b" || fail "the daemon's and --db's pages differ"

# Self-contained: nothing to fetch.
if grep -Eqi '(src|href)="?(https?:|//)|url\((https?:|//)|@import' \
	"$T/report.html"; then
	fail "the page refers to something outside itself"
fi

chrome() {
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--enable-logging=stderr --v=0 \
		--user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" "$@"
}
chrome --dump-dom "file://$T/report.html" >"$T/dom" 2>"$T/chrome.log" ||
	fail "chromium --dump-dom failed: $(tail -5 "$T/chrome.log")"
chrome --dump-dom "file://$T/top3.html" >"$T/dom3" 2>>"$T/chrome.log" ||
	fail "chromium --dump-dom (top 3) failed"

# count PATTERN FILE: how many times the DOM holds PATTERN.
count() {
	grep -o "$1" "$2" | wc -l | tr -d ' '
}
grep -q '<html lang="en" data-errors="0">' "$T/dom" ||
	fail "the page logged errors: $(grep -o 'data-errors="[0-9]*"' "$T/dom")"
if grep -q ':CONSOLE(' "$T/chrome.log"; then
	fail "console output: $(grep ':CONSOLE(' "$T/chrome.log" | head -5)"
fi
for id in history curves parallel slices importance top space; do
	grep -q "<section id=\"$id\"" "$T/dom" || fail "section #$id missing"
done
grep -q '<section id="history" data-trials="11"' "$T/dom" ||
	fail "history does not draw 11 trials"
grep -q '<section id="parallel" data-trials="11"' "$T/dom" ||
	fail "parallel coordinates do not draw 11 trials"
expect_eq "$(count '<path class="t" data-n=' "$T/dom")" 11 "parallel lines"
expect_eq "$(count '<svg class="slice"' "$T/dom")" 3 "slice plots (lr, units, opt)"
expect_eq "$(count '<svg class="slice" viewBox="0 0 340 250" data-trials="11"' "$T/dom")" 3 "trials in each slice"
grep -q 'lr (log)' "$T/dom" || fail "lr is not on a log axis"
grep -q '<section id="curves" data-trials="10"' "$T/dom" ||
	fail "learning curves are not of the top 10"
# Two rows of panels: val_acc beside acc, val_loss beside loss.
expect_eq "$(count '<svg class="panel"' "$T/dom")" 20 "learning-curve panels"
grep -q 'acc (training) and val_acc (validation)' "$T/dom" ||
	fail "val_acc is not paired with acc"
grep -q 'loss (training) and val_loss (validation)' "$T/dom" ||
	fail "val_loss is not paired with loss"
expect_eq "$(count '<tr data-n=' "$T/dom")" 10 "rows of the top table"
expect_eq "$(count '<tr data-n=' "$T/dom3")" 3 "rows with --top 3"
grep -q '<th class="test">test_acc</th>' "$T/dom" || fail "no test column"
grep -q '<th>val_loss</th>' "$T/dom" || fail "no validation column"
grep -q 'How it is computed' "$T/dom" || fail "importance is not explained"
expect_eq "$(count '<rect class="bar"' "$T/dom")" 3 "importance bars"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co' "$T/dom" ||
	fail "the space file is not shown escaped"
expect_eq "$(count '<script' "$T/dom")" 2 "script elements (the page's own)"

# The screenshot, as a laptop shows the page, kept for people to look at.
mkdir -p "$HPS_BIN/artefacts"
chrome --screenshot="$HPS_BIN/artefacts/report.png" --window-size=1366,900 \
	"file://$T/report.html" >/dev/null 2>>"$T/chrome.log" ||
	fail "chromium --screenshot failed"
[ "$(wc -c <"$HPS_BIN/artefacts/report.png")" -gt 20000 ] ||
	fail "the screenshot is (nearly) empty"
cp "$T/report.html" "$HPS_BIN/artefacts/report.html"
echo ok
