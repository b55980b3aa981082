# W&B sweep files as published (tests/data/wandb/corpus, sources in its
# README): hps convert and hps submit --check agree on every file, and
# each is accepted or refused as tests/data/wandb/corpus/EXPECTED says,
# refusals with the words of their message. Every file must be listed.
. "$(dirname "$0")/lib.sh"
start_daemon
C="$HPS_SRC/tests/data/wandb/corpus"
grep -v '^#' "$C/EXPECTED" | cut -f1 | sort >"$T/listed"
(cd "$C" && ls -1 */*.yaml) | sort >"$T/files"
cmp -s "$T/listed" "$T/files" ||
	fail "EXPECTED and the corpus differ: $(diff "$T/listed" "$T/files")"

n=0
grep -v '^#' "$C/EXPECTED" | while IFS="$(printf '\t')" read -r file want cat words
do
	n=$((n + 1))
	convert=0 check=0
	hps convert "$C/$file" >"$T/out" 2>"$T/convert.err" || convert=$?
	hps submit --check "$C/$file" >/dev/null 2>"$T/check.err" || check=$?
	case "$want" in
	accept)
		[ $convert -eq 0 ] || fail "$file: convert: $(cat "$T/convert.err")"
		[ $check -eq 0 ] || fail "$file: check: $(cat "$T/check.err")"
		grep -q "is a W&B sweep" "$T/check.err" ||
			fail "$file: not read as a W&B sweep" ;;
	refuse)
		[ $convert -eq 1 ] && [ $check -eq 1 ] ||
			fail "$file ($cat) was accepted: $(cat "$T/out")"
		grep -qF -- "$words" "$T/convert.err" ||
			fail "$file: convert says $(cat "$T/convert.err")"
		grep -qF -- "$words" "$T/check.err" ||
			fail "$file: check says $(cat "$T/check.err")"
		grep -q "^hps: $C/$file:[0-9]*:[0-9]*: " "$T/check.err" ||
			fail "$file: no line and column: $(cat "$T/check.err")" ;;
	*)
		fail "EXPECTED: bad line for $file" ;;
	esac
done

# The tally, by origin and outcome (README.md quotes it).
grep -v '^#' "$C/EXPECTED" | awk -F'\t' '
	{ origin = $1; sub(/\/.*/, "", origin); total[origin]++
	  if ($2 == "accept") ok[origin]++; else why[origin " " $3]++ }
	END {
		for (o in total) printf "%s: %d of %d accepted\n", o, ok[o], total[o]
		for (w in why) printf "  refused %s: %d\n", w, why[w]
	}' | sort
echo ok
