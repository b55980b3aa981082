/*
 * Read-only queries over the store, answered as JSON, and their registry:
 * each query is an entry (name, arguments, run) found by name. The daemon
 * serves every entry as a command of the same name (after committing its
 * batch of metric values), and `hps --db` runs the very same entries on a
 * read-only store, so both paths print the same thing. A new read query
 * is a file core/query_<name>.c holding its entry hps_query_<name>_entry,
 * its name in HPS_QUERIES below, and the hps command cli/cmd-<name>.c
 * that shows its answer (the CLI's table takes it from HPS_QUERIES).
 */
#ifndef HPS_QUERY_H
#define HPS_QUERY_H

#include <jansson.h>
#include <stddef.h>

#include "hps/args.h"
#include "hps/store.h"

/* Every read query, by name. */
#define HPS_QUERIES(X) X(status) X(trials) X(best) X(curve) X(export) X(report)

struct hps_query {
	const char *name;
	const struct hps_arg *args;	/* checked before run */
	int (*run)(struct hps_store *st, json_t *args, json_t **out,
	    char *err, size_t errlen);
};

#define HPS_QUERY_ENTRY(name) extern const struct hps_query \
	hps_query_##name##_entry;
HPS_QUERIES(HPS_QUERY_ENTRY)
#undef HPS_QUERY_ENTRY

/* The query called name, or NULL. */
const struct hps_query *hps_query_find(const char *name);
/* Check args against the query's list and run it; HPS_ENOTFOUND when no
 * query has that name. *out is a new reference on success. */
int hps_query_run(struct hps_store *st, const char *name, json_t *args,
    json_t **out, char *err, size_t errlen);

/*
 * What each query takes (its args) and answers (*out):
 *
 * status {}: {"studies": [{name, method, state, metric, goal, budget,
 *   parallel, counts: {queued, running, ..., infeasible, repeats,
 *   repeats_completed}, best, created, ended, error}]}: infeasible counts
 *   the completed trials outside a limit (hps/limits.h), which are never
 *   best; repeats the repeats of confirm: (in the states' counts too,
 *   never best, not in the budget), both absent when there are none. A study with several
 *   objectives also has "objectives" [{name, goal, summary, reference}]
 *   and "front" {size, ranks, feasible, hypervolume, reference,
 *   reference_given} (best stays the first objective's); one with limits
 *   has "limits" [{metric, min, max, broken}], broken counting the
 *   completed trials outside that limit or that never reported it.
 *
 * trials {study, state?, sort?}: {"study", "metric", "goal", "trials":
 *   [{number, state, objective, best_step, params, exit_code, signal,
 *   error, stderr_tail, started, ended, seconds, dir, origin, source,
 *   seed, repeat_of}]}: seed is the run's (HPS_SEED), repeat_of the
 *   trial a repeat (confirm:) runs again, else null. state filters;
 *   sort is number (the default), objective (best first) or duration
 *   (longest first); HPS_EINVAL names the accepted words when either is
 *   unknown. With several objectives the header has "objectives" and
 *   each trial "objectives", its value of each (null where none).
 *
 * best {study, top? (5), front? ("all")}: {"study", "metric", "goal", "counts", "trials":
 *   [{rank, number, objective, best_step, params, metrics, test, dir}]}:
 *   the top feasible completed trials ranked by the study's validation
 *   objective.
 *   `metrics` holds the trial's other metrics at its best step; `test`
 *   its last test_* values, shown beside the ranking and never used for
 *   it. With several objectives: "objectives", "front" (as in status)
 *   and as "trials" the Pareto front of the feasible completed trials
 *   (with front "all", every non-dominated rank), by rank, then the first
 *   objective, then number, each with "front" (1: the Pareto front) and
 *   "objectives"; top caps them only when given; test_check is null.
 *   With repeats (confirm:), the repeated trials come first, ranked by
 *   the mean of their runs (with several objectives, of the first), each
 *   with runs, mean, sd and interval [lo, hi] (hps/runs.h; with several
 *   objectives also "means" and "intervals", one per objective), then
 *   the others as above (a repeat is never a row of its own, nor on the
 *   front); "confirm" is {interval, trials, pending, resolved,
 *   unresolved: [[a, b]...]}.
 *
 * curve {study, trial, patience?}: {"study", "metric", "goal", "trial",
 *   "train_metric", "val": [[step, value]...], "train": [[step,
 *   value]...], "diagnosis": {best_step, best, final, drop, gap, overfit,
 *   overfit_step, train_metric} | null, "state", "error", "metrics":
 *   {name: [[step, value]...]}}: one trial's learning curves for `hps
 *   curve`, and every value it recorded, whatever its state (a failed
 *   trial's too). A step is a JSON integer when whole, else a real (a
 *   fractional step is kept as printed). patience <= 0: the default (3
 *   worse validation steps flag overfitting).
 *
 * export {study}: {"study", "metric", "goal", "columns": [number, state,
 *   objective, params_<name>..., <metric>...], "rows": [[...], ...]}: one
 *   row per trial with its parameters and the last value of every metric
 *   it reported, for `hps export` (CSV or JSON that pandas reads as is).
 *   With several objectives an objective_<name> column per objective
 *   follows objective.
 *
 * report {study}: {"study", "method", "metric", "goal", "state",
 *   "space_path", "space_text", "created", "ended", "error",
 *   "space": [{name, type: float|int|cat|const, log, min, max, values}],
 *   "trials": [{number, state, objective, best_step, started, ended,
 *     infeasible (the limit a completed trial broke, or null), params,
 *     metrics (at the best step), test (last test_* values)}],
 *   "curves": [{number, objective, best_step, metrics: {name: {step: [],
 *     value: []}}}]}: everything `hps report` draws. curves holds every
 *   step of the 10 best feasible completed trials, best first; "space" is empty
 *   when the stored space file no longer parses. With several objectives:
 *   "objectives", "front" (as in status), and each trial's "objectives"
 *   and "front" (its non-dominated rank among the feasible completed
 *   trials, null for any other).
 *
 * A further objective's value is read from the trial's stored metric
 * rows by its summary (the last value by step, or the best); the study's
 * objectives and limits from its stored space file (metric: and limits:
 * alone).
 *
 * A parameter is shown as hps_space_params_json shows it: each value of
 * its own JSON kind.
 */

#endif
