#!/bin/sh
# cmake --install into a DESTDIR lays out what a Debian machine expects
# (binaries, hpsd's keeper off PATH, manual pages, completion, systemd
# units, examples), and the installed hps and hpsd run a sweep on their
# own: hps starts the hpsd installed beside it, whose trials run under the
# installed keeper, with the installed trainer and example space file.
. "$(dirname "$0")/lib.sh"

install_tree
for f in bin/hps bin/hpsd libexec/hpsd/hpsd-keeper bin/hps-functions \
    share/man/man1/hps.1.gz share/man/man5/hps-space.5.gz \
    share/man/man8/hpsd.8.gz share/bash-completion/completions/hps \
    share/bash-completion/completions/hpsd share/systemd/user/hpsd.service \
    lib/systemd/system/hpsd@.service share/doc/hpsd/changelog.Debian.gz \
    share/doc/hpsd/examples/quickstart.yaml \
    share/doc/hpsd/examples/functions/branin.yaml \
    share/doc/hpsd/examples/fashion/bayes.yaml; do
	[ -e "$ROOT/$f" ] || fail "cmake --install did not install $f"
done
# DESTDIR is honoured: every file the install wrote lies under it.
sed -n 's/^-- \(Installing\|Up-to-date\): //p' "$T/install.log" >"$T/written"
[ "$(wc -l <"$T/written")" -ge 20 ] || fail "the install log names too few files"
grep -v "^$T/root/usr/" "$T/written" && fail "installed outside DESTDIR (above)"

# The installed binaries report the project's version, both the same.
project=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$HPS_BIN/CMakeCache.txt")
v=$("$ROOT/bin/hps" --version | head -n 1)
case $v in "hps $project"*) ;; *) fail "hps --version: '$v', not $project" ;; esac
expect_eq "$("$ROOT/bin/hpsd" --version | sed 's/^hpsd //')" \
    "$("$ROOT/bin/hps" --version | sed 's/^hps //')" "hpsd and hps versions"
"$ROOT/bin/hps" --version | grep -q '^protocol [0-9]*, database schema [0-9]*$' ||
	fail "hps --version does not name the protocol and schema"

# Every installed example is a valid space file for the installed tools.
PATH="$ROOT/bin:/usr/bin:/bin"
export PATH
for f in "$ROOT"/share/doc/hpsd/examples/*.yaml \
    "$ROOT"/share/doc/hpsd/examples/*/*.yaml; do
	hps submit "$f" --check >/dev/null 2>"$T/check.err" ||
		fail "$f: $(cat "$T/check.err")"
done

# A small sweep: hps starts the installed hpsd, which runs the installed
# trainer; hps status sees one version on both sides (no warning).
hps submit "$ROOT/share/doc/hpsd/examples/functions/branin.yaml" \
    --trials 4 --wait >"$T/wait.out" 2>&1 || {
	cat "$T/wait.out"
	fail "the installed sweep did not complete"
}
expect_eq "$(readlink "/proc/$(daemon_pid)/exe")" "$ROOT/bin/hpsd" \
    "the daemon hps started"
expect_eq "$(hps status --json | study_field branin counts.completed)" 4 \
    "completed trials"
hps status >/dev/null 2>"$T/status.err"
[ -s "$T/status.err" ] && fail "hps status warns: $(cat "$T/status.err")"
exit 0
