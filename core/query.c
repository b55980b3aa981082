/*
 * Read queries over the store (see hps/query.h): their registry, and the
 * status, trials, best and export queries. Ranking uses only the
 * objective column, which the daemon computes from the study's validation
 * metric; test_* metrics are fetched separately for display.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/diagnose.h"
#include "hps/error.h"
#include "hps/query.h"
#include "hps/space.h"
#include "query_int.h"

static const struct hps_query *const queries[] = {
#define HPS_QUERY_ENTRY(name) &hps_query_##name##_entry,
	HPS_QUERIES(HPS_QUERY_ENTRY)
#undef HPS_QUERY_ENTRY
};

const struct hps_query *
hps_query_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof queries / sizeof queries[0]; i++)
		if (strcmp(queries[i]->name, name) == 0)
			return queries[i];
	return NULL;
}

int
hps_query_run(struct hps_store *st, const char *name, json_t *args,
    json_t **out, char *err, size_t errlen)
{
	const struct hps_query *q = hps_query_find(name);
	int rc;

	*out = NULL;
	if (q == NULL)
		return hps_errf(err, errlen, HPS_ENOTFOUND, "no read query"
		    " named \"%.64s\"", name);
	if ((rc = hps_args_check(q->name, q->args, args, err, errlen)) != 0)
		return rc;
	return q->run(st, args, out, err, errlen);
}

/* How `trials` orders its rows, by name. */
static const struct {
	const char *name;
	const char *order;
} sorts[] = {
	{"number", "number"},
	{"objective", "objective IS NULL, objective * ?2"},
	{"duration", "seconds IS NULL, seconds DESC"},
};

static const char *
sort_order(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		if (strcmp(sorts[i].name, name) == 0)
			return sorts[i].order;
	return NULL;
}

int
hps__query_prepare(struct hps_store *st, const char *sql, sqlite3_stmt **s,
    char *err, size_t errlen)
{
	if (sqlite3_prepare_v2(hps__store_db(st), sql, -1, s, NULL) ==
	    SQLITE_OK)
		return 0;
	return hps_errf(err, errlen, HPS_EDB, "query failed: %s",
	    hps_store_errmsg(st));
}

int
hps__query_finish(struct hps_store *st, sqlite3_stmt *s, int rc, char *err,
    size_t errlen)
{
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	return hps_errf(err, errlen, HPS_EDB, "query failed: %s",
	    hps_store_errmsg(st));
}

json_t *
hps__query_column(sqlite3_stmt *s, int i)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(s, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(s, i));
	case SQLITE_TEXT:
		return json_string((const char *)sqlite3_column_text(s, i));
	}
	return json_null();
}

void
hps__query_row_into(json_t *obj, sqlite3_stmt *s, int first)
{
	int i, n = sqlite3_column_count(s);

	for (i = first; i < n; i++)
		json_object_set_new(obj, sqlite3_column_name(s, i),
		    hps__query_column(s, i));
}

/* Completed trials outside a limit: their error says which. */
static long long
infeasible_count(struct hps_store *st, long long study_id)
{
	sqlite3_stmt *s;
	long long n = 0;

	if (hps__query_prepare(st, "SELECT count(*) FROM trial WHERE"
	    " study_id = ? AND state = 'completed' AND error IS NOT NULL",
	    &s, NULL, 0) != 0)
		return 0;
	sqlite3_bind_int64(s, 1, study_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* confirm:'s repeats, "repeats", and of those "repeats_completed": not
 * in the budget, and in the state counts; both absent without repeats,
 * so a long list of studies stays short. */
static void
repeat_counts(struct hps_store *st, long long study_id, json_t *counts)
{
	sqlite3_stmt *s;

	if (hps__query_prepare(st, "SELECT count(*), count(CASE state WHEN"
	    " 'completed' THEN 1 END) FROM trial WHERE study_id = ? AND"
	    " repeat_of IS NOT NULL", &s, NULL, 0) != 0)
		return;
	sqlite3_bind_int64(s, 1, study_id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0) {
		json_object_set_new(counts, "repeats", json_integer(
		    sqlite3_column_int64(s, 0)));
		json_object_set_new(counts, "repeats_completed", json_integer(
		    sqlite3_column_int64(s, 1)));
	}
	sqlite3_finalize(s);
}

static json_t *
counts_object(struct hps_store *st, long long study_id)
{
	sqlite3_stmt *s;
	json_t *counts = json_object();
	int i;

	for (i = 0; i < HPS_T_NSTATES; i++)
		json_object_set_new(counts, hps_tstate_name(i),
		    json_integer(0));
	if (hps__query_prepare(st, "SELECT state, count(*) FROM trial WHERE"
	    " study_id = ?"
	    " GROUP BY state", &s, NULL, 0) != 0)
		return counts;
	sqlite3_bind_int64(s, 1, study_id);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_object_set_new(counts,
		    (const char *)sqlite3_column_text(s, 0),
		    json_integer(sqlite3_column_int64(s, 1)));
	sqlite3_finalize(s);
	json_object_set_new(counts, "infeasible", json_integer(
	    infeasible_count(st, study_id)));
	repeat_counts(st, study_id, counts);
	return counts;
}

/* A study's front (several objectives) and limits, for status. */
static void
outcomes_into(struct hps_store *st, long long id, json_t *obj)
{
	struct hps_space *sp = hps__query_outcomes(st, id);
	struct hps__front f;

	if (hps__query_several(sp)) {
		json_object_set_new(obj, "objectives",
		    hps_space_objectives_json(sp));
		if (hps__front_load(st, sp, id, &f) == 0) {
			json_object_set_new(obj, "front",
			    hps__front_summary(&f));
			hps__front_free(&f);
		}
	}
	if (sp != NULL && sp->nlimits > 0)
		json_object_set_new(obj, "limits", hps__query_limits(st, sp,
		    id));
	hps_space_free(sp);
}

static int
query_status(struct hps_store *st, json_t **out, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	json_t *list, *obj;
	int rc;

	*out = NULL;
	if (hps__query_prepare(st, "SELECT s.id, s.name, s.method, s.state, "
	    HPS__QUERY_OBJECTIVE ", s.budget, s.parallel, (SELECT CASE s.goal"
	    " WHEN"
	    " 'maximize' THEN max(objective) ELSE min(objective) END FROM"
	    " trial WHERE study_id = s.id AND state = 'completed' AND error"
	    " IS NULL AND repeat_of IS NULL) AS best,"
	    " s.created, s.ended, s.error FROM study s ORDER BY s.id", &s,
	    err, errlen) != 0)
		return HPS_EDB;
	list = json_array();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		obj = json_object();
		hps__query_row_into(obj, s, 1);
		json_object_set_new(obj, "counts",
		    counts_object(st, sqlite3_column_int64(s, 0)));
		outcomes_into(st, sqlite3_column_int64(s, 0), obj);
		json_array_append_new(list, obj);
	}
	*out = json_pack("{s:o}", "studies", list);
	return hps__query_finish(st, s, rc, err, errlen);
}

int
hps__query_study(struct hps_store *st, const char *name, long long *id,
    int *maximize, json_t **out, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int rc;

	if (hps__query_prepare(st, "SELECT id, goal, name AS study, "
	    HPS__QUERY_OBJECTIVE ", method, state FROM study WHERE name = ?",
	    &s, err, errlen) != 0)
		return HPS_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return hps_errf(err, errlen, HPS_EDB,
			    "query failed: %s", hps_store_errmsg(st));
		return hps_errf(err, errlen, HPS_ENOTFOUND,
		    "no study named '%s' (hps status lists them)", name);
	}
	*id = sqlite3_column_int64(s, 0);
	*maximize = strcmp((const char *)sqlite3_column_text(s, 1),
	    "maximize") == 0;
	*out = json_object();
	hps__query_row_into(*out, s, 2);
	sqlite3_finalize(s);
	return 0;
}

json_t *
hps__query_params(struct hps_store *st, long long trial_id)
{
	sqlite3_stmt *s;
	json_t *obj = json_object();
	struct hps_value v;

	if (hps__query_prepare(st, "SELECT name, kind, num, text FROM param"
	    " WHERE"
	    " trial_id = ? ORDER BY position", &s, NULL, 0) != 0)
		return obj;
	sqlite3_bind_int64(s, 1, trial_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		/* A stored value reads back as a value, shown as hps watch
		 * and params.json show it (hps_value_json). */
		v.kind = hps__store_kind((const char *)sqlite3_column_text(s,
		    1));
		v.num = sqlite3_column_double(s, 2);
		v.str = (char *)sqlite3_column_text(s, 3);
		json_object_set_new(obj, (const char *)sqlite3_column_text(s,
		    0), hps_value_json(&v));
	}
	sqlite3_finalize(s);
	return obj;
}

/*
 * With several objectives, a query lists each trial's value of every
 * objective: the header gets "objectives" and *ov reads the values. 1
 * when the study has several (then several_end frees them), else 0.
 */
static int
several_begin(struct hps_store *st, long long id, struct hps_space **sp,
    struct hps__objvals *ov, json_t *header)
{
	*sp = hps__query_outcomes(st, id);
	if (!hps__query_several(*sp) || hps__objvals_init(ov, st, *sp) != 0)
		return 0;
	json_object_set_new(header, "objectives", hps_space_objectives_json(*sp));
	return 1;
}

/* The values of the trial on row s (id in column 0, objective in col). */
static json_t *
several_values(struct hps__objvals *ov, sqlite3_stmt *s, int col)
{
	double v[HPS_OBJECTIVES_MAX];

	hps__objvals_get(ov, sqlite3_column_int64(s, 0), s, col, v);
	return hps__objvals_json(ov->sp, v);
}

static void
several_end(struct hps_space *sp, struct hps__objvals *ov)
{
	if (ov != NULL)
		hps__objvals_clear(ov);
	hps_space_free(sp);
}

static int
query_trials(struct hps_store *st, const char *study, const char *state,
    const char *sort, json_t **out, char *err, size_t errlen)
{
	const char *order = sort_order(sort ? sort : "number");
	struct hps__objvals ov;
	struct hps_space *sp;
	char sql[768];
	sqlite3_stmt *s;
	json_t *list, *obj;
	long long id;
	int maximize, rc, several;

	*out = NULL;
	if (state != NULL && hps_tstate_parse(state) < 0)
		return hps_errf(err, errlen, HPS_EINVAL, "unknown trial state"
		    " '%s'; use queued, running, completed, failed, timeout,"
		    " pruned, lost, pending, imported or paused", state);
	if (order == NULL)
		return hps_errf(err, errlen, HPS_EINVAL, "unknown sort key"
		    " '%s'; use number, objective or duration", sort);
	if ((rc = hps__query_study(st, study, &id, &maximize, out, err,
	    errlen)) != 0)
		return rc;
	snprintf(sql, sizeof sql, "SELECT id, number, state, objective,"
	    " best_step, exit_code, term_signal AS signal, error, stderr_tail,"
	    " started, ended, ended - started AS seconds, dir, origin,"
	    " source, seed, repeat_of FROM trial"
	    " WHERE study_id = ?1 AND (?3 IS NULL OR state = ?3)"
	    " ORDER BY %s, number", order);
	if (hps__query_prepare(st, sql, &s, err, errlen) != 0) {
		json_decref(*out);
		*out = NULL;
		return HPS_EDB;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, maximize ? -1 : 1);
	if (state != NULL)
		sqlite3_bind_text(s, 3, state, -1, SQLITE_STATIC);
	list = json_array();
	several = several_begin(st, id, &sp, &ov, *out);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		obj = json_object();
		hps__query_row_into(obj, s, 1);
		json_object_set_new(obj, "params",
		    hps__query_params(st, sqlite3_column_int64(s, 0)));
		json_object_set_new(obj, "diagnosis", hps__query_diagnosis(st,
		    sqlite3_column_int64(s, 0), json_string_value(
		    json_object_get(*out, "metric")), maximize, 0));
		if (several)
			json_object_set_new(obj, "objectives",
			    several_values(&ov, s, 3));
		json_array_append_new(list, obj);
	}
	several_end(sp, several ? &ov : NULL);
	json_object_set_new(*out, "trials", list);
	return hps__query_finish(st, s, rc, err, errlen);
}

void
hps__query_metrics_into(struct hps_store *st, json_t *obj, long long trial_id,
    double best_step)
{
	sqlite3_stmt *s;
	json_t *at_best = json_object(), *test = json_object();
	const char *name;

	if (hps__query_prepare(st, "SELECT name, step, value FROM metric WHERE"
	    " trial_id = ? ORDER BY step", &s, NULL, 0) == 0) {
		sqlite3_bind_int64(s, 1, trial_id);
		while (sqlite3_step(s) == SQLITE_ROW) {
			name = (const char *)sqlite3_column_text(s, 0);
			if (strncmp(name, "test_", 5) == 0)
				json_object_set_new(test, name,
				    hps__query_column(s, 2));
			else if (isnan(best_step) ||
			    sqlite3_column_double(s, 1) == best_step)
				json_object_set_new(at_best, name,
				    hps__query_column(s, 2));
		}
		sqlite3_finalize(s);
	}
	json_object_set_new(obj, "metrics", at_best);
	json_object_set_new(obj, "test", test);
}

/* Average ranks (1-based, ties share their mean rank) of v[0..n). */
static void
ranks(const double *v, size_t n, double *r)
{
	size_t i, j, less, same;

	for (i = 0; i < n; i++) {
		less = same = 0;
		for (j = 0; j < n; j++) {
			less += v[j] < v[i];
			same += v[j] == v[i];
		}
		r[i] = (double)less + (double)(same + 1) / 2;
	}
}

static double
spearman(const double *a, const double *b, size_t n)
{
	double *ra = calloc(2 * n, sizeof *ra), *rb = ra + n;
	double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
	size_t i;

	if (ra == NULL)
		return NAN;
	ranks(a, n, ra);
	ranks(b, n, rb);
	for (i = 0; i < n; i++) {
		ma += ra[i] / (double)n;
		mb += rb[i] / (double)n;
	}
	for (i = 0; i < n; i++) {
		sab += (ra[i] - ma) * (rb[i] - mb);
		saa += (ra[i] - ma) * (ra[i] - ma);
		sbb += (rb[i] - mb) * (rb[i] - mb);
	}
	free(ra);
	return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : NAN;
}

/* The test metric that mirrors the objective: val_acc -> test_acc. */
static void
test_name(const char *metric, char *buf, size_t len)
{
	const char *base = metric;

	if (strncmp(base, "val_", 4) == 0)
		base += 4;
	else if (strncmp(base, "validation_", 11) == 0)
		base += 11;
	snprintf(buf, len, "test_%s", base);
}

/*
 * Whether ranking the completed trials by their test metric would differ
 * sharply from ranking them by the objective (Spearman's rho below 0.5
 * over at least 4 trials): worth a warning, never a re-ranking. Test and
 * objective are compared as "higher is better" after the goal's flip.
 */
static json_t *
test_check(struct hps_store *st, long long id, const char *metric,
    int maximize)
{
	double obj[4096], test[4096], rho;
	char name[160];
	sqlite3_stmt *s;
	size_t n = 0;

	if (metric == NULL)
		return json_null();
	test_name(metric, name, sizeof name);
	if (hps__query_prepare(st, "SELECT t.objective, (SELECT m.value FROM"
	    " metric m WHERE m.trial_id = t.id AND m.name = ?2 ORDER BY"
	    " m.step DESC LIMIT 1) FROM trial t WHERE t.study_id = ?1 AND"
	    " t.state = 'completed' AND t.objective IS NOT NULL", &s, NULL,
	    0) != 0)
		return json_null();
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	while (n < 4096 && sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_type(s, 1) == SQLITE_NULL)
			continue;
		obj[n] = sqlite3_column_double(s, 0) * (maximize ? 1 : -1);
		test[n++] = sqlite3_column_double(s, 1) *
		    (hps_diag_metric_maximize(name) ? 1 : -1);
	}
	sqlite3_finalize(s);
	if (n < 4)
		return json_null();
	rho = spearman(obj, test, n);
	return json_pack("{s:s, s:o, s:I, s:b}", "test_metric", name,
	    "spearman", isfinite(rho) ? json_real(rho) : json_null(), "trials",
	    (json_int_t)n, "warning", isfinite(rho) && rho < 0.5);
}

/* best with several objectives: the Pareto front. */
static int
query_best_front(struct hps_store *st, const struct hps_space *sp,
    long long id, const char *front, long top, json_t **out, char *err,
    size_t errlen)
{
	int rc;

	json_object_set_new(*out, "counts", counts_object(st, id));
	if ((rc = hps__query_best_front(st, sp, id, front != NULL, top, *out,
	    err, errlen)) != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* One ranked row of best from s's row (id, number, objective, best_step,
 * dir); without a metric, unranked. */
static json_t *
best_row(struct hps_store *st, sqlite3_stmt *s, long rank,
    const char *metric, int maximize)
{
	long long tid = sqlite3_column_int64(s, 0);
	json_t *obj;

	obj = metric ? json_pack("{s:I}", "rank", (json_int_t)rank) :
	    json_object();
	hps__query_row_into(obj, s, 1);
	json_object_set_new(obj, "params", hps__query_params(st, tid));
	hps__query_metrics_into(st, obj, tid, sqlite3_column_type(s, 3) ==
	    SQLITE_NULL ? NAN : sqlite3_column_double(s, 3));
	json_object_set_new(obj, "diagnosis", hps__query_diagnosis(st, tid,
	    metric, maximize, 0));
	return obj;
}

#define BEST_COLUMNS "SELECT id, number, objective, best_step, dir FROM trial"

/*
 * confirm:'s repeated trials first, ranked by their mean, each with its
 * runs; "confirm" in out says whether that order is resolved. How many
 * rows it added.
 */
static long
best_confirmed(struct hps_store *st, long long id, const char *metric,
    int maximize, long top, json_t *list, json_t *out)
{
	struct hps__confirm cf;
	sqlite3_stmt *s;
	json_t *row;
	long n = 0;
	size_t i;

	if (metric == NULL || hps__confirm_load(st, NULL, id, maximize,
	    &cf) != 0)
		return 0;
	if (cf.n > 0 && hps__query_prepare(st, BEST_COLUMNS " WHERE"
	    " study_id = ?1 AND number = ?2", &s, NULL, 0) == 0) {
		for (i = 0; i < cf.n && n < top; i++) {
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, cf.trials[i].number);
			if (sqlite3_step(s) == SQLITE_ROW) {
				row = best_row(st, s, ++n, metric, maximize);
				json_object_update_new(row,
				    hps__confirm_runs_json(&cf,
				    &cf.trials[i]));
				json_array_append_new(list, row);
			}
			sqlite3_reset(s);
		}
		sqlite3_finalize(s);
		json_object_set_new(out, "confirm", hps__confirm_json(&cf));
	}
	hps__confirm_free(&cf);
	return n;
}

/* --front all asks for the ranks of several objectives: a study of one
 * (or none) has none, and is told what ranks its trials instead. */
static int
front_refused(const char *study, const char *metric, json_t **out,
    char *err, size_t errlen)
{
	if (metric != NULL)
		hps_errf(err, errlen, HPS_EINVAL, "study '%s' has one"
		    " objective (%s): --front all lists the non-dominated ranks"
		    " of several objectives; hps best %s --top K ranks its"
		    " trials by %s", study, metric, study, metric);
	else
		hps_errf(err, errlen, HPS_EINVAL, "study '%s' has no metric:"
		    " --front all lists the non-dominated ranks of several"
		    " objectives, and its trials are not ranked", study);
	json_decref(*out);
	*out = NULL;
	return HPS_EINVAL;
}

static int
query_best(struct hps_store *st, const char *study, const char *front,
    long top, json_t **out, char *err, size_t errlen)
{
	struct hps_space *sp;
	sqlite3_stmt *s;
	json_t *list;
	const char *metric;
	long long id;
	int maximize, rc;
	long rank;

	if (front != NULL && strcmp(front, "all") != 0)
		return hps_errf(err, errlen, HPS_EINVAL, "unknown front '%s';"
		    " use all (every non-dominated rank)", front);
	if ((rc = hps__query_study(st, study, &id, &maximize, out, err,
	    errlen)) != 0)
		return rc;
	sp = hps__query_outcomes(st, id);
	if (hps__query_several(sp)) {
		rc = query_best_front(st, sp, id, front, top, out, err,
		    errlen);
		hps_space_free(sp);
		return rc;
	}
	hps_space_free(sp);
	metric = json_string_value(json_object_get(*out, "metric"));
	if (front != NULL)
		return front_refused(study, metric, out, err, errlen);
	if (top <= 0)
		top = 5;
	/* Without a metric no trial is ranked: the completed ones in order.
	 * A repeat is never ranked on its own: it counts in its trial's
	 * mean, and the repeated trials come first (best_confirmed). */
	if (hps__query_prepare(st, BEST_COLUMNS " WHERE study_id = ?1 AND"
	    " state = 'completed' AND (objective IS NOT NULL OR ?4) AND"
	    " error IS NULL AND repeat_of IS NULL AND number NOT IN (SELECT"
	    " repeat_of FROM trial WHERE study_id = ?1 AND repeat_of IS NOT"
	    " NULL) ORDER BY objective * ?2, number LIMIT ?3",
	    &s, err, errlen) != 0) {
		json_decref(*out);
		*out = NULL;
		return HPS_EDB;
	}
	json_object_set_new(*out, "counts", counts_object(st, id));
	list = json_array();
	rank = best_confirmed(st, id, metric, maximize, top, list, *out);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, maximize ? -1 : 1);
	sqlite3_bind_int64(s, 3, top - rank);
	sqlite3_bind_int(s, 4, metric == NULL);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(list, best_row(st, s, ++rank, metric,
		    maximize));
	json_object_set_new(*out, "trials", list);
	json_object_set_new(*out, "test_check", test_check(st, id, metric,
	    maximize));
	return hps__query_finish(st, s, rc, err, errlen);
}

/* One study's parameter names in position order. */
static int
export_columns(struct hps_store *st, long long id, json_t *cols,
    json_t *metric_names)
{
	sqlite3_stmt *s;
	int rc;

	if (hps__query_prepare(st, "SELECT DISTINCT p.name FROM param p JOIN"
	    " trial t ON"
	    " t.id = p.trial_id WHERE t.study_id = ? ORDER BY p.position", &s,
	    NULL, 0) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(cols, json_sprintf("params_%s",
		    sqlite3_column_text(s, 0)));
	sqlite3_finalize(s);
	if (hps__query_prepare(st, "SELECT DISTINCT m.name FROM metric m JOIN"
	    " trial t ON"
	    " t.id = m.trial_id WHERE t.study_id = ? ORDER BY m.name", &s,
	    NULL, 0) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_array_append_new(cols, hps__query_column(s, 0));
		json_array_append_new(metric_names, hps__query_column(s, 0));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : HPS_EDB;
}

/* The last value of every metric of a trial, in metric_names order. */
static void
final_metrics(sqlite3_stmt *s, long long trial_id, json_t *names,
    json_t *row)
{
	json_t *vals = json_object(), *n;
	size_t i;

	sqlite3_bind_int64(s, 1, trial_id);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_object_set_new(vals, (const char *)sqlite3_column_text(s,
		    0), hps__query_column(s, 1));
	sqlite3_reset(s);
	json_array_foreach(names, i, n) {
		json_t *v = json_object_get(vals, json_string_value(n));

		json_array_append(row, v ? v : json_null());
	}
	json_decref(vals);
}

/* objective_<name> for each objective, after number, state, objective. */
static void
objective_columns(const struct hps_space *sp, json_t *cols)
{
	size_t k;

	for (k = 0; k < sp->nobj; k++)
		json_array_append_new(cols, json_sprintf("objective_%s",
		    sp->objectives[k].metric));
}

static int
query_export(struct hps_store *st, const char *study, json_t **out,
    char *err, size_t errlen)
{
	struct hps__objvals ov;
	struct hps_space *sp = NULL;
	sqlite3_stmt *s, *ms;
	json_t *cols, *rows, *names, *row, *params, *v;
	const char *key;
	long long id;
	int maximize, rc, several;

	if ((rc = hps__query_study(st, study, &id, &maximize, out, err,
	    errlen)) != 0)
		return rc;
	cols = json_pack("[s, s, s]", "number", "state", "objective");
	names = json_array();
	rows = json_array();
	json_object_set_new(*out, "columns", cols);
	json_object_set_new(*out, "rows", rows);
	if ((several = several_begin(st, id, &sp, &ov, *out)) != 0)
		objective_columns(sp, cols);
	if (export_columns(st, id, cols, names) != 0 ||
	    hps__query_prepare(st, "SELECT id, number, state, objective FROM"
	    " trial"
	    " WHERE study_id = ? ORDER BY number", &s, err, errlen) != 0) {
		json_decref(names);
		return hps_errf(err, errlen, HPS_EDB, "query failed: %s",
		    hps_store_errmsg(st));
	}
	if (hps__query_prepare(st, "SELECT name, value FROM metric WHERE"
	    " trial_id = ?1"
	    " ORDER BY step", &ms, err, errlen) != 0) {
		sqlite3_finalize(s);
		json_decref(names);
		return HPS_EDB;
	}
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row = json_pack("[o, o, o]", hps__query_column(s, 1),
		    hps__query_column(s, 2), hps__query_column(s, 3));
		if (several) {
			v = several_values(&ov, s, 3);
			json_array_extend(row, v);
			json_decref(v);
		}
		params = hps__query_params(st, sqlite3_column_int64(s, 0));
		json_object_foreach(params, key, v)
			json_array_append(row, v);
		json_decref(params);
		final_metrics(ms, sqlite3_column_int64(s, 0), names, row);
		json_array_append_new(rows, row);
	}
	sqlite3_finalize(ms);
	json_decref(names);
	several_end(sp, several ? &ov : NULL);
	return hps__query_finish(st, s, rc, err, errlen);
}

static int
run_status(struct hps_store *st, json_t *args, json_t **out, char *err,
    size_t errlen)
{
	(void)args;
	return query_status(st, out, err, errlen);
}

static const struct hps_arg status_args[] = {{NULL, 0, 0}};

const struct hps_query hps_query_status_entry = {"status", status_args,
    run_status};

static int
run_trials(struct hps_store *st, json_t *args, json_t **out, char *err,
    size_t errlen)
{
	return query_trials(st, hps_args_str(args, "study"),
	    hps_args_str(args, "state"), hps_args_str(args, "sort"), out, err,
	    errlen);
}

static const struct hps_arg trials_args[] = {
	{"study", JSON_STRING, 1},
	{"state", JSON_STRING, 0},
	{"sort", JSON_STRING, 0},
	{NULL, 0, 0},
};

const struct hps_query hps_query_trials_entry = {"trials", trials_args,
    run_trials};

static int
run_best(struct hps_store *st, json_t *args, json_t **out, char *err,
    size_t errlen)
{
	long long top = hps_args_int(args, "top", 0);

	if (json_object_get(args, "top") != NULL && top < 1)
		return hps_errf(err, errlen, HPS_EINVAL, "top must be at"
		    " least 1");
	return query_best(st, hps_args_str(args, "study"), hps_args_str(args,
	    "front"), (long)top, out, err, errlen);
}

static const struct hps_arg best_args[] = {
	{"study", JSON_STRING, 1},
	{"top", JSON_INTEGER, 0},
	{"front", JSON_STRING, 0},
	{NULL, 0, 0},
};

const struct hps_query hps_query_best_entry = {"best", best_args, run_best};

static int
run_export(struct hps_store *st, json_t *args, json_t **out, char *err,
    size_t errlen)
{
	return query_export(st, hps_args_str(args, "study"), out, err,
	    errlen);
}

const struct hps_arg hps__query_study_arg[] = {
	{"study", JSON_STRING, 1},
	{NULL, 0, 0},
};

const struct hps_query hps_query_export_entry = {"export",
    hps__query_study_arg, run_export};
