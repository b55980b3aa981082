#!/bin/sh
# cpack -G DEB builds the Debian package from the build: it holds the
# binaries, manual pages, completion, units and examples under /usr, it
# depends on the libraries hpsd links (found by dpkg-shlibdeps), its hps
# runs once unpacked, and lintian finds no error in it.
. "$(dirname "$0")/lib.sh"

command -v cpack >/dev/null && command -v dpkg-deb >/dev/null || exit 77
(cd "$HPS_BIN" && cpack -G DEB -B "$T/pkg") >"$T/cpack.log" 2>&1 ||
	fail "cpack failed: $(tail -n 20 "$T/cpack.log")"
project=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$HPS_BIN/CMakeCache.txt")
deb=$T/pkg/hpsd_${project}-1_$(dpkg --print-architecture).deb
[ -f "$deb" ] || fail "no $deb: $(ls "$T/pkg")"

dpkg-deb -c "$deb" | awk '{ print $6 }' >"$T/files"
for f in ./usr/bin/hps ./usr/bin/hpsd ./usr/libexec/hpsd/hpsd-keeper \
    ./usr/share/man/man1/hps.1.gz \
    ./usr/share/man/man5/hps-space.5.gz ./usr/share/man/man8/hpsd.8.gz \
    ./usr/share/bash-completion/completions/hps \
    ./usr/share/systemd/user/hpsd.service \
    ./usr/lib/systemd/system/hpsd@.service \
    ./usr/share/doc/hpsd/changelog.Debian.gz \
    ./usr/share/doc/hpsd/examples/quickstart.yaml; do
	grep -qx -- "$f" "$T/files" || fail "the package lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libuv1 libsqlite3-0 libgsl27 libopenblas0 libyaml-0-2 libjansson4 \
    libpcre2-8-0; do
	echo "$depends" | grep -q "\(^\|, \)$lib[ ,|-]*" ||
		fail "Depends lacks $lib: $depends"
done

# Unpacked, it runs and its manual renders.
dpkg-deb -x "$deb" "$T/x"
"$T/x/usr/bin/hps" --version | grep -q "^hps $project" ||
	fail "the packaged hps --version: $("$T/x/usr/bin/hps" --version)"
# hpsd finds its keeper where the package puts it, or refuses to start.
"$T/x/usr/bin/hpsd" --state-dir "$T/dstate" --socket "$T/d.sock" ||
	fail "the packaged hpsd did not start"
HPS_SOCKET="$T/d.sock" "$T/x/usr/bin/hps" --no-start shutdown >/dev/null ||
	fail "the packaged hpsd does not answer"
wait_for 120 "the packaged hpsd to exit" flock -n "$T/dstate" true
LC_ALL=C.UTF-8 man -l "$T/x/usr/share/man/man5/hps-space.5.gz" |
    grep -q '^NAME' || fail "the packaged hps-space(5) does not render"

# lintian: no error but no-copyright-file, which waits for the project's
# licence (a LICENSE file to install as /usr/share/doc/hpsd/copyright).
if command -v lintian >/dev/null; then
	lintian --tag-display-limit 0 "$deb" >"$T/lintian" 2>&1 || true
	grep '^E: ' "$T/lintian" | grep -v ': no-copyright-file' &&
		fail "lintian errors (above)"
	grep -v 'root privileges' "$T/lintian" || true
fi
exit 0
