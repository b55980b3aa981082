# What a study was submitted with holds across a restart: the name given
# with --name (not the file's), and the env_from secrets: a daemon started
# without one leaves the study waiting, says why, and runs nothing until a
# daemon with the variable runs it.
. "$(dirname "$0")/lib.sh"
export MY_SECRET=s3cret
start_daemon

# restart [env args]: stop the daemon and its trials (they run again) and
# start one.
restart() {
	pid=$(daemon_pid)
	hps shutdown --stop >/dev/null
	while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
	env "$@" hpsd --state-dir "$HPS_STATE_DIR" --socket "$HPS_SOCKET" --grace 1 ||
		fail "hpsd did not restart"
}

cat > "$T/real.yaml" <<Y
name: real
command: sh -c 'echo v={x}; sleep 30'
method: grid
metric: {name: v, goal: minimize}
parameters:
  x: {values: [1, 2]}
Y
hps submit "$T/real.yaml" >/dev/null || fail "submit real"
hps submit --name alias "$T/real.yaml" >/dev/null || fail "submit --name alias"
restart
names=$(hps status --json | jq_py '" ".join(sorted(s["name"] for s in d["studies"]))')
expect_eq "$names" "alias real" "studies after a restart"
hps pause alias >/dev/null || fail "pause alias after a restart"
expect_eq "$(hps status --json | study_field alias state)" paused "alias state"
wait_for 300 "alias's trial directory studies/alias/0" \
	eval '[ -d "$HPS_STATE_DIR/studies/alias/0" ]'
hps cancel alias >/dev/null || fail "cancel alias"
hps cancel real >/dev/null || fail "cancel real"

# env_from: the secret reaches every trial, or the study waits.
cat > "$T/secret.yaml" <<Y
name: secret
command: sh -c 'echo "\$MY_SECRET" > $T/seen-{x}; sleep {x}; echo v={x}'
method: grid
env_from: [MY_SECRET]
metric: {name: v, goal: minimize}
parameters:
  x: {values: [30, 0.1]}
Y
hps submit "$T/secret.yaml" >/dev/null || fail "submit secret"
restart -u MY_SECRET
expect_eq "$(hps status --json | study_field secret state)" waiting "state without the secret"
expect_eq "$(hps status --json | study_field secret counts.running)" 0 "trials running"
hps status | grep -q "secret waits for MY_SECRET (env_from), which this hpsd's environment lacks" ||
	fail "status does not say why: $(hps status)"
rm -f "$T"/seen-*
restart
wait_for 300 "the study to run again with the secret" \
	eval '[ "$(hps status --json | study_field secret state)" = running ]'
hps budget secret --parallel 2 >/dev/null
wait_for 300 "the trials to run again" \
	eval '[ -f "$T/seen-30" ] && [ -f "$T/seen-0.1" ]'
expect_eq "$(cat "$T/seen-30" "$T/seen-0.1" | sort -u)" s3cret "secret seen by the trials"
expect_eq "$(hps status --json | study_field secret error)" None "reason left after running"
echo ok
