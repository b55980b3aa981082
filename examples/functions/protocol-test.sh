#!/bin/sh
# Checks that hps-functions speaks the trial protocol: values from the
# command line or the environment, metric lines on stdout, exit 2 on
# usage errors. Usage: protocol-test.sh PATH-TO-hps-functions
f=${1:?usage: protocol-test.sh PATH-TO-hps-functions}
fail() { echo "protocol-test: $*" >&2; exit 1; }
unset HPS_PARAM_x1 HPS_PARAM_x2

out=$("$f" branin 3.14159265359 2.275) || fail "branin on argv failed"
echo "$out" | grep -qx 'value=0\.397887357[0-9]*' || fail "argv: got $out"

out=$(HPS_PARAM_x1=3.14159265359 HPS_PARAM_x2=2.275 "$f" branin) ||
    fail "branin from the environment failed"
echo "$out" | grep -qx 'value=0\.397887357[0-9]*' || fail "env: got $out"

# Negative numbers are values, not options.
out=$("$f" sphere2 -3 -4) || fail "negative values refused"
[ "$out" = "value=25" ] || fail "sphere2 -3 -4: got $out"

# K step lines, converging to the value at the last one.
out=$("$f" --steps 5 sphere2 3 -4) || fail "--steps failed"
[ "$(echo "$out" | wc -l)" -eq 5 ] || fail "--steps 5: got $out"
[ "$(echo "$out" | tail -n 1)" = "step=5 value=25" ] ||
    fail "--steps 5: last line $(echo "$out" | tail -n 1)"
echo "$out" | head -n 1 | grep -q '^step=1 value=' || fail "first step"

# The same seed gives the same noise; noise changes the value.
a=$("$f" --noise 0.5 --seed 7 sphere2 1 1)
b=$("$f" --noise 0.5 --seed 7 sphere2 1 1)
if [ "$a" != "$b" ] || [ "$a" = "value=2" ]; then
	fail "noise: $a vs $b"
fi

for args in 'branin 1' 'branin 1 2 3' 'nosuch 1 2' 'branin 1 x' \
    'branin 1 nan' '--steps 0 branin 1 2' '--noise' 'branin' \
    '--bogus branin 1 2' ''; do
	# shellcheck disable=SC2086 # split the arguments on purpose
	"$f" $args >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "'$args': exit $rc, want 2"
done
"$f" branin 1 2 3 2>&1 >/dev/null | grep -q 'takes 2 values' ||
    fail "no message for a wrong count"
echo "protocol-test: ok"
