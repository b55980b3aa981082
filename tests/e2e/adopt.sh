# An adopted trial is followed as one the daemon started: after a kill -9
# of hpsd its timeout still counts from the trial's start, its metrics keep
# arriving (hps watch shows them), hps cancel stops it, and a limit's
# metric or a further objective it reported before the kill still counts
# when it completes.
. "$(dirname "$0")/lib.sh"
cat > "$T/trial.sh" <<'SH'
i=1
while :; do
	echo "step=$i value=$i"
	i=$((i + 1))
	sleep 0.2
done
SH
for s in slow endless; do
	cat > "$T/$s.yaml" <<Y
name: $s
command: sh $T/trial.sh
metric: {name: value, goal: maximize}
budget: {trials: 1$([ $s = slow ] && echo ", timeout: 8s")}
parameters:
  x: {type: float, min: 0, max: 1}
Y
done
# mem is reported once, before the kill; the trial ends after it.
cat > "$T/limited.yaml" <<Y
name: limited
command: sh -c 'echo "step=0 mem=5 value=0"; i=1; until [ -e $T/go ]; do echo "step=\$i value=\$i"; i=\$((i + 1)); sleep 0.2; done'
metric: {name: value, goal: maximize}
limits:
  mem: {min: 1}
budget: {trials: 1}
parameters:
  x: {type: float, min: 0, max: 1}
Y
# Two objectives: params is reported once, before the kill.
cat > "$T/several.yaml" <<Y
name: several
command: sh -c 'echo "step=0 params=7 value=0"; i=1; until [ -e $T/go2 ]; do echo "step=\$i value=\$i"; i=\$((i + 1)); sleep 0.2; done'
metric:
  - {name: value, goal: maximize}
  - {name: params, goal: minimize}
budget: {trials: 1}
parameters:
  x: {type: float, min: 0, max: 1}
Y
params_stored() {
	[ "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" \
	    "SELECT count(*) FROM metric WHERE name = 'params'")" = 1 ]
}
mem_stored() {
	[ "$(sqlite3 "$HPS_STATE_DIR/hpsd.db" \
	    "SELECT count(*) FROM metric WHERE name = 'mem'")" = 1 ]
}
start_daemon
hps submit "$T/slow.yaml" >/dev/null
hps submit "$T/endless.yaml" >/dev/null
hps submit "$T/limited.yaml" >/dev/null
wait_trials slow running 1
wait_trials endless running 1
wait_for 120 "the limited trial's mem to be stored" mem_stored
kill -9 "$(daemon_pid)"
wait_daemon_gone
start_daemon
grep -q "trial 0 adopted" "$HPS_STATE_DIR/hpsd.log" || fail "no trial adopted"
# The limit holds with the value reported before the kill.
touch "$T/go"
wait_study limited
expect_eq "$(hps trials limited --json | jq_py '(d["trials"][0]["state"], d["trials"][0]["error"])')" \
    "('completed', None)" "adopted trial within its limit"
# The timeout of the adopted trial.
wait_study slow
expect_eq "$(hps trials slow --json | jq_py 'd["trials"][0]["state"]')" timeout "adopted trial past its timeout"
# Metrics of the adopted trial reach watchers (one line per event on a
# pipe; it ends with the study).
hps watch endless >"$T/watch.out" 2>&1 &
watcher=$!
wait_for 120 "hps watch to show a step of the adopted trial" \
    grep -q "trial 0 step" "$T/watch.out"
hps cancel endless >/dev/null
wait_study endless
expect_eq "$(hps trials endless --json | jq_py 'd["trials"][0]["error"]')" "cancelled with the study" "cancelled adopted trial"
wait $watcher || true
# An adopted trial of two objectives completes with both.
hps submit "$T/several.yaml" >/dev/null
wait_for 120 "the several trial's params to be stored" params_stored
kill -9 "$(daemon_pid)"
wait_daemon_gone
start_daemon
touch "$T/go2"
wait_study several
expect_eq "$(hps trials several --json | jq_py '(d["trials"][0]["state"], d["trials"][0]["error"], d["trials"][0]["objectives"][1])')" \
    "('completed', None, 7.0)" "adopted trial with both objectives"
wait_for 120 "the trials' keepers to end" no_keepers
echo ok
