# Hostile input, refused at its place or made harmless: NUL bytes and
# invalid UTF-8 with line:column; a quoted placeholder under shell: true
# (also by --check, and nothing runs); study names . and ..; epoch as the
# objective; a 400 KB value; a range wider than a double; escape sequences
# in values printed escaped by trials and best; a line of 5,000 metrics
# with the objective last still records the objective.
. "$(dirname "$0")/lib.sh"
start_daemon

# refused FILE WORDS [hps submit options]: --check and submit both fail
# with a message containing WORDS.
refused() {
	f=$1
	words=$2
	shift 2
	for mode in --check ""; do
		if hps submit $mode "$@" "$f" >/dev/null 2>"$T/err"; then
			fail "$f was accepted ($mode)"
		fi
		grep -qF -- "$words" "$T/err" || fail "$f: said $(cat "$T/err")"
	done
}

printf 'name: nul\ncommand: echo {x}\nmethod: grid\nmetric: {name: v, goal: minimize}\nparameters:\n  x: {values: [a\000b]}\n' > "$T/nul.yaml"
refused "$T/nul.yaml" "$T/nul.yaml:6:17: the file holds a NUL byte"
printf 'name: utf\ncommand: echo {x}\nmethod: grid\nmetric: {name: v, goal: minimize}\nparameters:\n  x: {values: [a\377b]}\n' > "$T/utf.yaml"
refused "$T/utf.yaml" "$T/utf.yaml:6:17: the file holds a byte that is not UTF-8"

cat > "$T/quoted.yaml" <<Y
name: quoted
command: echo '{x}' > $T/out
shell: true
method: grid
metric: {name: v, goal: minimize}
parameters:
  x: {values: ["'; touch $T/pwned; '"]}
Y
refused "$T/quoted.yaml" "$T/quoted.yaml:2:16: {x} is inside '...'"
[ ! -e "$T/pwned" ] || fail "a quoted placeholder ran its value"

cat > "$T/dots.yaml" <<'Y'
name: ..
command: echo v=1
method: grid
metric: {name: v, goal: minimize}
parameters:
  x: {values: [a]}
Y
refused "$T/dots.yaml" "$T/dots.yaml:1:7: bad study name '..'"
sed -i 's/^name: ../name: fine/' "$T/dots.yaml"
refused "$T/dots.yaml" "bad study name '.'" --name .

cat > "$T/epoch.yaml" <<'Y'
name: epoch
command: echo epoch=1
method: grid
metric: {name: epoch, goal: maximize}
parameters:
  x: {values: [a]}
Y
refused "$T/epoch.yaml" "$T/epoch.yaml:4:16: metric 'epoch' is the step"

/usr/bin/python3 - "$T/long.yaml" <<'PY'
import sys
open(sys.argv[1], "w").write("name: long\ncommand: echo {x}\nmethod: grid\n"
    "metric: {name: v, goal: minimize}\nparameters:\n"
    "  x: {values: [short, %s]}\n" % ("a" * 400000))
PY
refused "$T/long.yaml" "$T/long.yaml:2:10: with its longest values the command's word is 400000 bytes"

cat > "$T/wide.yaml" <<'Y'
name: wide
command: echo v={x}
metric: {name: v, goal: minimize}
budget: {trials: 3}
parameters:
  x: {type: float, min: -1.7e308, max: 1.7e308}
Y
refused "$T/wide.yaml" "$T/wide.yaml:6:25: the range from -1.7e308 to 1.7e308 is wider than a double holds"
sed -i 's/{type: float, min: -1.7e308, max: 1.7e308}/{type: int, min: 0, max: 9223372036854775807}/' "$T/wide.yaml"
refused "$T/wide.yaml" "max 9223372036854775807 is past 2^53"

# Escape sequences in a value (and in a trial's error) never reach the
# terminal as they are.
cat > "$T/esc.yaml" <<'Y'
name: esc
command: sh -c 'echo v=1; printf "\033[2Jbroke\n" >&2; exit {code}'
method: grid
metric: {name: v, goal: minimize}
parameters:
  x: {values: ["\e]0;pwned\a\e[31mred"]}
  code: {values: [0, 3]}
Y
hps submit "$T/esc.yaml" --wait >/dev/null 2>&1 || true
hps trials esc > "$T/trials.txt"
hps best esc > "$T/best.txt"
for f in trials best; do
	if LC_ALL=C grep -q "$(printf '\033')" "$T/$f.txt"; then
		fail "hps $f printed an escape sequence"
	fi
	grep -qF 'x=\x1b]0;pwned\x07\x1b[31mred' "$T/$f.txt" ||
		fail "hps $f does not show the value escaped: $(cat "$T/$f.txt")"
done

# 5,000 metrics on one line, the objective last: the objective is
# recorded all the same, and the log says the line held more.
cat > "$T/crowd.yaml" <<'Y'
name: crowd
command: /usr/bin/python3 -c 'print(" ".join("m%d=1" % i for i in range(5000)) + " v={x}")'
method: grid
metric: {name: v, goal: minimize}
parameters:
  x: {values: [7]}
Y
hps submit "$T/crowd.yaml" --wait >/dev/null 2>&1 || true
hps trials crowd --json | jq_py '(d["trials"][0]["state"], d["trials"][0]["objective"])' > "$T/crowd"
[ "$(cat "$T/crowd")" = "('completed', 7.0)" ] ||
	fail "the crowded line's trial: $(cat "$T/crowd")"
n=$(hps trials crowd --json | jq_py 'd["trials"][0]["number"]')
hps curve crowd "$n" --json | jq_py '(len(d["metrics"]), d["metrics"].get("v"))' > "$T/crowd"
[ "$(cat "$T/crowd")" = "(64, [[1, 7.0]])" ] ||
	fail "the crowded line's metrics: $(cat "$T/crowd")"
grep -q "printed 5001 metrics on one line" "$HPS_STATE_DIR/hpsd.log" ||
	fail "the crowded line was not logged"
hps status >/dev/null || fail "daemon stopped serving"
echo ok
