# `hps submit --check` runs exactly the checks a submit runs: a mistake in
# a section that a strategy, the early-stopping rule or the executor reads
# (genetic:, bayes:, early_stopping:, executor:), or a method no strategy
# has, is refused with file:line:column, and a good file is still
# accepted without storing it.
. "$(dirname "$0")/lib.sh"
start_daemon

# check_refused SECTION_LINE WHERE MESSAGE: a space file with that line is
# refused by --check and by a submit, at WHERE (line:column), with MESSAGE.
check_refused() {
	cat > "$T/s.yaml" <<Y
name: checked
command: echo {x}
metric: {name: loss, goal: minimize}
method: $4
budget: {trials: 2}
parameters:
  x: {type: float, min: 0, max: 1}
$1
Y
	for how in --check ""; do
		set +e
		out=$(hps submit "$T/s.yaml" $how 2>&1)
		rc=$?
		set -e
		expect_eq "$rc" 1 "exit status of submit $how with '$1'"
		echo "$out" | grep -q "s.yaml:$2: .*$3" ||
			fail "submit $how with '$1': expected s.yaml:$2: ...$3, got: $out"
	done
}
check_refused "genetic: {populaton: 5}" 8:22 "did you mean 'population'" genetic
check_refused "bayes: {n_startup: 0}" 8:20 "n_startup" bayes
check_refused "early_stopping: {rule: medain}" 8:24 "median" random
check_refused "" 4:9 "unknown method 'rnadom'; did you mean 'random'" rnadom
check_refused "executor: {type: slrum}" 8:18 "slurm" random
expect_eq "$(hps status --json | jq_py 'len(d["studies"])')" 0 "studies after refused files"

sed -i 's/^executor: .*/executor: {type: local}/' "$T/s.yaml"
hps submit "$T/s.yaml" --check | grep -q "valid study 'checked'" || fail "a good file refused"
expect_eq "$(hps status --json | jq_py 'len(d["studies"])')" 0 "--check stored nothing"
echo ok
