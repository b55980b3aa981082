#!/bin/sh
# The installed manual pages render without a warning (man -l, groff -ww;
# mandoc -T lint when it is installed), and they document what the
# programs are: every command of hps's command table with its usage line,
# every global option, every hpsd option, every key of the space file's
# tables and every HPS_ variable a trial gets. A command, option or key
# added without its manual entry fails here.
. "$(dirname "$0")/lib.sh"

install_tree
man="$ROOT/share/man"
export LC_ALL=C.UTF-8 MANWIDTH=80
for page in "$man"/man1/*.1.gz "$man"/man5/*.5.gz "$man"/man8/*.8.gz; do
	man -l --warnings=w "$page" >"$T/page.txt" 2>"$T/warn" ||
		fail "man -l $page failed"
	[ -s "$T/warn" ] && fail "man -l $page warns: $(cat "$T/warn")"
	grep -q '^NAME' "$T/page.txt" || fail "$page renders no NAME section"
	if command -v mandoc >/dev/null; then
		mandoc -T lint -W warning "$page" >"$T/lint" 2>&1 ||
			fail "mandoc -T lint $page: $(cat "$T/lint")"
	fi
done

# text PAGE: the page as plain text on one line, runs of blanks as one.
text() {
	# wide enough that no usage line wraps
	MANWIDTH=200 man -l "$1" 2>/dev/null | col -b | tr -s ' \n\t' '   '
}
src="$HPS_SRC/man"

# hps(1): each command has an entry headed by its usage line from the
# command table (hps help), and each global option appears.
text "$man/man1/hps.1.gz" >"$T/hps.txt"
"$ROOT/bin/hps" help >"$T/help"
sed -n '/^commands:/,/^$/p' "$T/help" | sed '1d;/^$/d' | cut -c3- |
    while read -r name rest; do
	usage=$("$ROOT/bin/hps" "$name" --help | sed -n '1s/^usage: hps //;1s/ *$//p')
	grep -q "^\.It Cm $name\( \|$\)" "$src/hps.1" ||
		fail "hps.1 has no entry for the command $name"
	grep -qF " $usage " "$T/hps.txt" ||
		fail "hps.1 does not show the usage 'hps $usage'"
done
grep '^  --' "$T/help" | while read -r opt arg _; do
	case $arg in [A-Z]*) opt="$opt $arg" ;; esac
	grep -qF -- " $opt " "$T/hps.txt" || fail "hps.1 lacks the option $opt"
done

# options_have_entries PROGRAM PAGE: each long option PROGRAM --help
# prints has an entry of its own in PAGE (--log-cap is written
# Fl \-log\-cap: Fl adds the first dash); hps-mlp's usage line says
# --option for any of them.
options_have_entries() {
	"$ROOT/bin/$1" --help 2>&1 | grep -o -- '--[a-z0-9-]*' |
	    grep -vx -- --option | sort -u >"$T/opts"
	[ -s "$T/opts" ] || fail "$1 --help names no option"
	while read -r opt; do
		esc=$(printf '%s' "${opt#-}" | sed 's/-/\\\\-/g')
		grep -q "^\.It .*Fl $esc\( \|$\)" "$src/$2" ||
			fail "$2 has no entry for the option $opt of $1"
	done <"$T/opts"
}
options_have_entries hpsd hpsd.8
for trainer in hps-mlp hps-functions; do
	[ -x "$ROOT/bin/$trainer" ] || continue
	options_have_entries "$trainer" "$trainer.1"
done

# hps-space(5): every key of the parser's tables, every HPS_ variable of
# the trial's environment.
for table in top_keys metric_keys budget_keys; do
	sed -n "/ $table\[\] = {/,/^};/p" "$HPS_SRC/core/space.c" \
	    "$HPS_SRC/core/space_objective.c" |
	    sed -n 's/^[[:space:]]*{"\([a-z_]*\)".*/\1/p'
done >"$T/keys"
[ "$(wc -l <"$T/keys")" -ge 20 ] || fail "read only $(wc -l <"$T/keys") keys from core/space*.c"
while read -r key; do
	grep -q "^\.It Cm $key\( \|$\)" "$src/hps-space.5" ||
		fail "hps-space.5 has no entry for the key $key"
done <"$T/keys"
sed -n 's/.*env_entry("\(HPS_[A-Z_]*\)", "\([A-Z_]*\)".*/\1\2/p' \
    "$HPS_SRC/daemon/runner.c" >"$T/vars"
[ -s "$T/vars" ] || fail "read no HPS_ variables from daemon/runner.c"
while read -r var; do
	grep -q "^\.It Ev $var\( \|$\)" "$src/hps-space.5" ||
		fail "hps-space.5 has no entry for the variable $var"
done <"$T/vars"
exit 0
