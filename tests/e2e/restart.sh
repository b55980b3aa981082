# A study survives `hps shutdown`. Without --stop the running trials go on
# while no hpsd runs, finish, and the next hpsd records them as they ended:
# nothing runs twice. With --stop they are stopped, recorded as lost, and
# run again by the next hpsd. Either way the study ends with its whole
# budget, no grid point twice, and everything recorded before kept.
. "$(dirname "$0")/lib.sh"
# study NAME: a grid of 8 points whose trials wait for $T/go.NAME.
study() {
	cat > "$T/$1.yaml" <<Y
name: $1
command: sh -c 'echo "step=1 value={a}"; while [ ! -e $T/go.$1 ]; do sleep 0.1; done; echo "step=2 value={a}"'
method: grid
metric: {name: value, goal: minimize}
budget: {parallel: 2}
parameters:
  a: {type: int, min: 1, max: 8}
Y
	hps submit "$T/$1.yaml" >/dev/null
	wait_trials "$1" running 2
}
# finished NAME: the study completed all 8 points once each.
finished() {
	wait_study "$1"
	hps trials "$1" --json >"$T/t.json"
	expect_eq "$(jq_py 'sorted(t["params"]["a"] for t in d["trials"])' <"$T/t.json")" "[1, 2, 3, 4, 5, 6, 7, 8]" "$1: grid points"
	expect_eq "$(jq_py 'sum(t["state"] == "completed" for t in d["trials"])' <"$T/t.json")" 8 "$1: completed"
	expect_eq "$(hps status --json | study_field "$1" state)" completed "$1: study state"
}
db="$HPS_STATE_DIR/hpsd.db"

start_daemon --slots 2
study goes-on
hps shutdown | grep -q "2 running trials go on" || fail "shutdown's answer"
wait_daemon_gone
[ ! -S "$HPS_SOCKET" ] || fail "hpsd left its socket behind"
expect_eq "$(keepers | wc -l)" 2 "trials running without hpsd"
touch "$T/go.goes-on"
wait_for 120 "the trials to end without hpsd" no_keepers
start_daemon --slots 2
finished goes-on
expect_eq "$(sqlite3 "$db" "SELECT sum(crashes) FROM trial")" 0 "runs lost to the shutdown"

study stopped
hps shutdown --stop | grep -q "2 running trials are stopped" || fail "shutdown --stop's answer"
wait_daemon_gone
[ -z "$(keepers)" ] || fail "trials left running after shutdown --stop"
expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM trial WHERE state = 'lost'")" 2 "trials stopped by --stop"
touch "$T/go.stopped"
start_daemon --slots 2
finished stopped
echo ok
