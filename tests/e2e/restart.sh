# A study survives `hps shutdown`: the running trials are recorded for a
# re-run, and the next hpsd finishes the study with its whole budget, no
# grid point twice, and everything recorded before kept.
. "$(dirname "$0")/lib.sh"
start_daemon --slots 2
cat > "$T/r.yaml" <<'Y'
name: restart
command: sh -c 'echo "step=1 value={a}"; sleep 0.4; echo "step=2 value={a}"'
method: grid
metric: {name: value, goal: minimize}
budget: {parallel: 2}
parameters:
  a: {type: int, min: 1, max: 8}
Y
hps submit "$T/r.yaml" >/dev/null
wait_trials restart completed 1
hps shutdown >/dev/null
wait_daemon_gone
[ ! -S "$HPS_SOCKET" ] || fail "hpsd left its socket behind"
before=$(hps --db "$HPS_STATE_DIR/hpsd.db" trials restart --state completed --json | jq_py 'len(d["trials"])')
start_daemon --slots 2
wait_study restart
hps trials restart --json >"$T/t.json"
expect_eq "$(jq_py 'sorted(t["params"]["a"] for t in d["trials"])' <"$T/t.json")" "[1, 2, 3, 4, 5, 6, 7, 8]" "grid points"
expect_eq "$(jq_py 'sum(t["state"] == "completed" for t in d["trials"])' <"$T/t.json")" 8 "completed"
[ "$before" -ge 1 ] || fail "nothing completed before the shutdown"
expect_eq "$(hps status --json | study_field restart state)" completed "study state"
echo ok
