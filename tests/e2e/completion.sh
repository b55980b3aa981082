#!/bin/sh
# Bash completion, loaded from where cmake --install puts it the way
# bash-completion loads it: `hps <TAB>` offers every command of hps's
# command table, `hps be<TAB>` completes to best, `hps best <TAB>` offers
# the running daemon's studies, option values complete, and with no
# daemon a study completes to nothing and starts no daemon.
. "$(dirname "$0")/lib.sh"

install_tree
PATH="$ROOT/bin:$PATH"
export PATH
command -v bash >/dev/null || exit 77

# offers LINE: what bash offers at the end of LINE, one per line, sorted.
cat >"$T/complete.bash" <<'SH'
if [ -r /usr/share/bash-completion/bash_completion ]; then
	. /usr/share/bash-completion/bash_completion
	XDG_DATA_DIRS="$1/share" __load_completion "${2%% *}" ||
		{ echo "bash-completion did not load it" >&2; exit 3; }
else
	. "$1/share/bash-completion/completions/hps"
fi
read -r -a COMP_WORDS <<<"$2"
[ "${2% }" != "$2" ] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$2 COMP_POINT=${#2}
"_${COMP_WORDS[0]}"
printf '%s\n' "${COMPREPLY[@]}" | sort
SH
offers() {
	bash "$T/complete.bash" "$ROOT" "$1" || fail "completing '$1' failed"
}

hps help | sed -n '/^commands:/,/^$/p' | sed '1d;/^$/d' | awk '{ print $1 }' |
    sort >"$T/commands"
[ "$(wc -l <"$T/commands")" -ge 10 ] || fail "hps help lists too few commands"
offers "hps " >"$T/offered"
cmp -s "$T/commands" "$T/offered" ||
	fail "hps <TAB> offers $(tr '\n' ' ' <"$T/offered"), not every command"
expect_eq "$(offers "hps be")" best "hps be<TAB>"
expect_eq "$(offers "hps --js")" --json "hps --js<TAB>"
expect_eq "$(offers "hps --json bu")" budget "hps --json bu<TAB>"
expect_eq "$(offers "hps best x --")" "$(printf '%s\n' --front --help --top)" \
    "hps best x --<TAB>"
expect_eq "$(offers "hps export x --format ")" "$(printf '%s\n' csv json)" \
    "hps export x --format <TAB>"
expect_eq "$(offers "hps trials x --sort o")" objective "hps trials x --sort o<TAB>"
expect_eq "$(offers "hpsd --state")" --state-dir "hpsd --state<TAB>"

# Study names from the running daemon, also past options.
start_daemon
hps submit "$ROOT/share/doc/hpsd/examples/functions/branin.yaml" \
    --name tab-study --trials 1 --wait >/dev/null || fail "submit failed"
hps submit "$ROOT/share/doc/hpsd/examples/functions/levy5.yaml" \
    --name other-study --trials 1 --check >/dev/null || fail "check failed"
expect_eq "$(offers "hps best ")" tab-study "hps best <TAB>"
expect_eq "$(offers "hps best t")" tab-study "hps best t<TAB>"
expect_eq "$(offers "hps --socket $HPS_SOCKET curve --width 80 ")" tab-study \
    "hps --socket S curve --width 80 <TAB>"
expect_eq "$(offers "hps curve tab-study ")" "" "hps curve STUDY <TAB> (a TRIAL)"
# --socket after the command, while the default socket has no daemon.
sock=$HPS_SOCKET
expect_eq "$(HPS_SOCKET=$T/none.sock; offers "hps best --socket $sock ")" \
    tab-study "hps best --socket S <TAB>"

# No daemon answers: nothing is offered and none is started.
expect_eq "$(offers "hps --socket $T/none.sock best ")" "" \
    "hps best <TAB> with no daemon"
[ -e "$T/none.sock" ] && fail "completion started a daemon"
exit 0
