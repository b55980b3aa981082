/*
 * Internal to the read queries (core/query*.c): statement set-up with
 * messages, rows as JSON, and the study lookup every query starts with.
 */
#ifndef HPS_QUERY_INT_H
#define HPS_QUERY_INT_H

#include <jansson.h>
#include <sqlite3.h>

#include "hps/args.h"
#include "hps/runs.h"
#include "hps/space.h"
#include "hps/store.h"
#include "store_int.h"

/*
 * A study's metric and goal as its header shows them: null for a study
 * without a metric, which the store holds as metric '' (a name is never
 * empty).
 */
#define HPS__QUERY_OBJECTIVE "NULLIF(metric, '') AS metric, CASE metric" \
	" WHEN '' THEN NULL ELSE goal END AS goal"

/* The arguments of a query that takes a study alone. */
extern const struct hps_arg hps__query_study_arg[];

/* Prepare sql; HPS_EDB with SQLite's message in err on failure. */
int hps__query_prepare(struct hps_store *st, const char *sql,
    sqlite3_stmt **s, char *err, size_t errlen);
/* Finalize s; 0 when rc is SQLITE_DONE, else HPS_EDB with a message. */
int hps__query_finish(struct hps_store *st, sqlite3_stmt *s, int rc,
    char *err, size_t errlen);
/* Column i as a JSON value: NULL becomes null. */
json_t *hps__query_column(sqlite3_stmt *s, int i);
/* Add columns [first, ncols) of the current row to obj by column name. */
void hps__query_row_into(json_t *obj, sqlite3_stmt *s, int first);
/* Look up a study by name: its id, its goal and a header object {study,
 * metric, goal, method, state}; HPS_ENOTFOUND names the fix. */
int hps__query_study(struct hps_store *st, const char *name, long long *id,
    int *maximize, json_t **out, char *err, size_t errlen);
/* The trial's parameters as {name: value} with their JSON types. */
json_t *hps__query_params(struct hps_store *st, long long trial_id);
/* The trial's metrics split in two into obj: "metrics", its non-test
 * metrics at its best step (their last values when best_step is NAN, as
 * in a study without a metric), and "test", the last value of each
 * test_* metric. */
void hps__query_metrics_into(struct hps_store *st, json_t *obj,
    long long trial_id, double best_step);
/* The overfitting diagnosis of a trial's stored curves (hps/diagnose.h)
 * as JSON, or null when its metric has no value. */
json_t *hps__query_diagnosis(struct hps_store *st, long long trial_id,
    const char *metric, int maximize, long patience);

/*
 * A study's outcomes and front (core/query_front.c).
 *
 * hps__query_outcomes: its objectives and limits from its stored space
 * file (hps_space_parse_outcomes), or NULL when that no longer parses:
 * the study row's metric and goal are then all there is. Free with
 * hps_space_free. hps__query_several: whether sp has several objectives.
 */
struct hps_space *hps__query_outcomes(struct hps_store *st,
    long long study_id);
int hps__query_several(const struct hps_space *sp);
/* [{metric, min, max, broken}]: how many completed trials broke each
 * limit (outside it, or never reported its metric). */
json_t *hps__query_limits(struct hps_store *st, const struct hps_space *sp,
    long long study_id);

/*
 * Each objective's value of a trial: the first from the trial's objective
 * column (column col of row), the others from its metric rows by their
 * summary; NAN where it reported none.
 */
struct hps__objvals {
	const struct hps_space *sp;
	sqlite3_stmt *s[HPS_OBJECTIVES_MAX];
};
int hps__objvals_init(struct hps__objvals *o, struct hps_store *st,
    const struct hps_space *sp);
void hps__objvals_get(struct hps__objvals *o, long long trial_id,
    sqlite3_stmt *row, int col, double *v);
void hps__objvals_clear(struct hps__objvals *o);
/* v (sp->nobj values) as a JSON array, null for NAN. */
json_t *hps__objvals_json(const struct hps_space *sp, const double *v);

/*
 * The feasible completed trials of a study with every objective's value:
 * raw (as reported) and y (turned to minimise), n rows of m; rank[i] is
 * 0 on the Pareto front; ref is the reference point (turned), the
 * objectives' given or derived (hps_pareto_reference); hv the front's
 * hypervolume.
 */
struct hps__front {
	const struct hps_space *sp;
	size_t n, m;
	long long *ids;
	double *raw, *y;
	int *rank;
	size_t nranks, size;
	double ref[HPS_OBJECTIVES_MAX];
	double hv;
};
int hps__front_load(struct hps_store *st, const struct hps_space *sp,
    long long study_id, struct hps__front *f);
void hps__front_free(struct hps__front *f);
/* {size, ranks, feasible, hypervolume, reference (as reported),
 * reference_given}. */
json_t *hps__front_summary(const struct hps__front *f);
/*
 * `best` with several objectives into out (the study's header and counts
 * already there): "objectives", "front" (the summary) and "trials", the
 * front's trials (every rank's when all) by rank, then the first
 * objective, each with its "front" (1: the Pareto front) and
 * "objectives"; top caps them (0: no cap).
 */
int hps__query_best_front(struct hps_store *st, const struct hps_space *sp,
    long long study_id, int all, long top, json_t *out, char *err,
    size_t errlen);

/*
 * confirm:'s repeats (core/query_confirm.c): each repeated trial, with its
 * runs (its own and its feasible completed repeats): obj[k] for each of
 * m objectives (m is 1 unless sp has several), runs the first's; ranked
 * by the first objective's mean, best first; pending counts the repeats
 * still to run. sp may be NULL (one objective).
 */
struct hps__confirmed {
	long number;
	struct hps_runs runs;
	struct hps_runs obj[HPS_OBJECTIVES_MAX];
};
struct hps__confirm {
	struct hps__confirmed *trials;
	size_t n, m;
	long pending;
};
int hps__confirm_load(struct hps_store *st, const struct hps_space *sp,
    long long study_id, int maximize, struct hps__confirm *cf);
void hps__confirm_free(struct hps__confirm *cf);
/* The repeated trial numbered number and its place in the ranking, or
 * NULL. */
const struct hps__confirmed *hps__confirm_find(const struct hps__confirm *cf,
    long long number, size_t *place);
/* {runs, mean, sd, interval: [lo, hi]} of c's first objective, and with
 * several "means" and "intervals", one per objective. */
json_t *hps__confirm_runs_json(const struct hps__confirm *cf,
    const struct hps__confirmed *c);
/* {interval (its name), trials, pending, resolved, unresolved: [[a, b]...]}:
 * resolved when no neighbours' intervals overlap and no repeat is
 * pending; unresolved lists the overlapping neighbours. */
json_t *hps__confirm_json(const struct hps__confirm *cf);

#endif
