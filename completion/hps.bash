# bash completion for hps(1) and hpsd(8).
#
# hps's commands and their options are read from hps itself (`hps help`
# and the usage line of `hps COMMAND --help`), so every command of its
# command table completes without a list kept here. A STUDY argument
# completes to the names of the running daemon's studies (`hps status
# --json`, at most 2 s, never starting a daemon); a FILE argument to
# files; an option whose value is written a|b|c to those words.

# The commands, from `hps help`.
_hps_commands()
{
	"$1" help 2>/dev/null |
	    awk '/^commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }'
}

# The global options, from `hps help`.
_hps_global_options()
{
	"$1" help 2>/dev/null | awk '$1 ~ /^--/ { print $1 }'
	echo --help
}

# The words of a command's usage line, after "usage: hps COMMAND".
_hps_usage()
{
	"$1" "$2" --help 2>/dev/null | sed -n '1s/^usage: [^ ]* [^ ]* *//p' |
	    tr -d '[]'
}

# The studies of the daemon the command line names (--socket, --db).
_hps_studies()
{
	local hps=$1
	shift
	timeout 2 "$hps" --no-start --json "$@" status 2>/dev/null |
	    sed -n 's/^      "name": "\([A-Za-z0-9._-]*\)",*$/\1/p'
}

# Complete the value of a usage word: STUDY, FILE, or a|b|c.
_hps_value()
{
	local hps=$1 spec=$2 cur=$3
	shift 3
	case $spec in
	*'|'*)	COMPREPLY=($(compgen -W "${spec//|/ }" -- "$cur")) ;;
	STUDY)	COMPREPLY=($(compgen -W "$(_hps_studies "$hps" "$@")" -- "$cur")) ;;
	FILE)	if declare -F _filedir >/dev/null; then
			_filedir
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	esac
}

_hps()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local hps=${COMP_WORDS[0]} cmd="" i i_cmd w
	local -a global=() usage=() positional=()

	COMPREPLY=()
	# The global options so far (passed on to hps) and the command.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--socket | --db)
			global+=("$w" "${COMP_WORDS[i+1]}")
			((i++)) ;;
		--json | --no-start) ;;
		*)	cmd=$w i_cmd=$i
			break ;;
		esac
	done
	case $prev in
	--socket | --db)
		_hps_value "$hps" FILE "$cur"
		return ;;
	esac
	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_hps_global_options "$hps")" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_hps_commands "$hps")" -- "$cur"))
		fi
		return
	fi

	# The command's usage: its options, those that take a value (the
	# usage word after them: an upper-case name or a|b|c), and its
	# positional arguments in order.
	local -A value=()
	read -r -a usage <<<"$(_hps_usage "$hps" "$cmd")"
	for ((i = 0; i < ${#usage[@]}; i++)); do
		w=${usage[i]}
		if [[ $w != -* ]]; then
			positional+=("$w")
		elif [[ ${usage[i+1]} == [A-Z]* || ${usage[i+1]} == *'|'* ]]; then
			value[$w]=${usage[i+1]}
			((i++))
		fi
	done
	if [ -n "${value[$prev]+set}" ]; then
		_hps_value "$hps" "${value[$prev]}" "$cur" "${global[@]}"
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(printf '%s\n' "${usage[@]}" | grep -- '^-') --help" -- "$cur"))
		return
	fi
	# Which positional argument this is: the words after the command
	# that are neither options nor their values (global options may
	# follow the command too).
	local n=0
	for ((i = i_cmd + 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--socket | --db)
			global+=("$w" "${COMP_WORDS[i+1]}")
			((i++)) ;;
		-*)	[ -n "${value[$w]+set}" ] && ((i++)) ;;
		*)	((n++)) ;;
		esac
	done
	if [ "$n" -lt "${#positional[@]}" ]; then
		_hps_value "$hps" "${positional[n]}" "$cur" "${global[@]}"
	fi
}
complete -F _hps hps

# hpsd's options, from its --help.
_hpsd()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}

	case $prev in
	--state-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--socket) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--executor) COMPREPLY=($(compgen -W "local slurm" -- "$cur")); return ;;
	--track) COMPREPLY=($(compgen -W "cgroup2 cgroup1 subreaper" -- "$cur")); return ;;
	esac
	[[ $cur == -* ]] && COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --help 2>&1 |
	    grep -o -- '--[a-z-]*' | sort -u) -f --help" -- "$cur"))
}
complete -F _hpsd hpsd
