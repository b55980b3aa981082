/*
 * Read-only queries over the store, answered as JSON. The daemon answers
 * `status`, `trials` and `best` with them, and `hps --db` runs the very same
 * functions on a read-only store, so both paths print the same thing.
 */
#ifndef HPS_QUERY_H
#define HPS_QUERY_H

#include <jansson.h>
#include <stddef.h>

#include "hps/store.h"

/* {"studies": [{name, method, state, metric, goal, budget, parallel,
 *   counts: {queued, running, ...}, best, created, ended, error}]} */
int hps_query_status(struct hps_store *st, json_t **out, char *err,
    size_t errlen);

/* {"study", "metric", "goal", "trials": [{number, state, objective,
 *   best_step, params, exit_code, signal, error, stderr_tail, started,
 *   ended, seconds, dir}]}. state filters (NULL: all); sort is number,
 * objective (best first) or duration (longest first); NULL: number.
 * HPS_EINVAL names the accepted words when either is unknown. */
int hps_query_trials(struct hps_store *st, const char *study,
    const char *state, const char *sort, json_t **out, char *err,
    size_t errlen);

/* {"study", "metric", "goal", "counts", "trials": [{rank, number,
 *   objective, best_step, params, metrics, test, dir}]}: the top completed
 * trials ranked by the study's validation objective. `metrics` holds the
 * trial's other metrics at its best step; `test` its last test_* values,
 * shown beside the ranking and never used for it. */
int hps_query_best(struct hps_store *st, const char *study, long top,
    json_t **out, char *err, size_t errlen);

/* {"study", "metric", "goal", "columns": [number, state, objective,
 *   params_<name>..., <metric>...], "rows": [[...], ...]}: one row per
 * trial with its parameters and the last value of every metric it
 * reported, for `hps export` (CSV or JSON that pandas reads as is). */
int hps_query_export(struct hps_store *st, const char *study, json_t **out,
    char *err, size_t errlen);

/* {"study", "method", "metric", "goal", "state", "space_path",
 *   "space_text", "created", "ended", "error",
 *   "space": [{name, type: float|int|cat|const, log, min, max, values}],
 *   "trials": [{number, state, objective, best_step, started, ended,
 *     params, metrics (at the best step), test (last test_* values)}],
 *   "curves": [{number, objective, best_step, metrics: {name: {step: [],
 *     value: []}}}]}: everything `hps report` draws. curves holds every
 * step of the 10 best completed trials, best first; "space" is empty when
 * the stored space file no longer parses. */
int hps_query_report(struct hps_store *st, const char *study, json_t **out,
    char *err, size_t errlen);

/* {"study", "metric", "goal", "trial", "train_metric", "val": [[step,
 *   value]...], "train": [[step, value]...], "diagnosis": {best_step,
 *   best, final, drop, gap, overfit, overfit_step, train_metric} | null,
 *   "state", "error", "metrics": {name: [[step, value]...]}}: one trial's
 * learning curves for `hps curve`, and every value it recorded, whatever
 * its state. patience <= 0: the default (3 worse validation steps flag
 * overfitting). */
int hps_query_curve(struct hps_store *st, const char *study, long number,
    long patience, json_t **out, char *err, size_t errlen);

#endif
