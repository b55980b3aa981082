/*
 * A study's outcomes read back for the queries (see hps/query.h): its
 * objectives and limits from its stored space file, each trial's value of
 * every objective, the Pareto front of its feasible completed trials with
 * its hypervolume, how many trials broke each limit, and `best` with
 * several objectives. The first objective's value is the trial's stored
 * objective; a further one is derived from the trial's stored metric rows
 * by that objective's summary (its last value by step, or its best), as
 * the daemon follows it while the trial runs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/pareto.h"
#include "hps/space.h"
#include "query_int.h"

struct hps_space *
hps__query_outcomes(struct hps_store *st, long long study_id)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];
	const char *text;
	sqlite3_stmt *s;

	if (hps__query_prepare(st, "SELECT space_path, space_text FROM study"
	    " WHERE id = ?", &s, NULL, 0) != 0)
		return NULL;
	sqlite3_bind_int64(s, 1, study_id);
	if (sqlite3_step(s) == SQLITE_ROW && (text = (const char *)
	    sqlite3_column_text(s, 1)) != NULL) {
		const char *path = (const char *)sqlite3_column_text(s, 0);

		if (hps_space_parse_outcomes(path ? path : "space.yaml", text,
		    strlen(text), &sp, err, sizeof err) != 0)
			sp = NULL;
	}
	sqlite3_finalize(s);
	return sp;
}

int
hps__query_several(const struct hps_space *sp)
{
	return sp != NULL && sp->nobj > 1;
}

/* The statement that reads objective o's value of one trial. */
static const char *
objval_sql(const struct hps_objective *o)
{
	if (o->summary == HPS_SUM_LAST)
		return "SELECT value FROM metric WHERE trial_id = ?1 AND name"
		    " = ?2 AND value IS NOT NULL ORDER BY step DESC LIMIT 1";
	if (o->goal == HPS_MAXIMIZE)
		return "SELECT max(value) FROM metric WHERE trial_id = ?1 AND"
		    " name = ?2";
	return "SELECT min(value) FROM metric WHERE trial_id = ?1 AND name"
	    " = ?2";
}

int
hps__objvals_init(struct hps__objvals *o, struct hps_store *st,
    const struct hps_space *sp)
{
	size_t k;

	memset(o, 0, sizeof *o);
	o->sp = sp;
	for (k = 1; k < sp->nobj; k++) {
		if (hps__query_prepare(st, objval_sql(&sp->objectives[k]),
		    &o->s[k], NULL, 0) != 0) {
			hps__objvals_clear(o);
			return HPS_EDB;
		}
		sqlite3_bind_text(o->s[k], 2, sp->objectives[k].metric, -1,
		    SQLITE_STATIC);
	}
	return 0;
}

void
hps__objvals_get(struct hps__objvals *o, long long trial_id,
    sqlite3_stmt *row, int col, double *v)
{
	size_t k;

	v[0] = sqlite3_column_type(row, col) == SQLITE_NULL ? NAN :
	    sqlite3_column_double(row, col);
	for (k = 1; k < o->sp->nobj; k++) {
		sqlite3_bind_int64(o->s[k], 1, trial_id);
		v[k] = sqlite3_step(o->s[k]) == SQLITE_ROW &&
		    sqlite3_column_type(o->s[k], 0) != SQLITE_NULL ?
		    sqlite3_column_double(o->s[k], 0) : NAN;
		sqlite3_reset(o->s[k]);
	}
}

void
hps__objvals_clear(struct hps__objvals *o)
{
	size_t k;

	for (k = 0; k < HPS_OBJECTIVES_MAX; k++)
		sqlite3_finalize(o->s[k]);
	memset(o->s, 0, sizeof o->s);
}

json_t *
hps__objvals_json(const struct hps_space *sp, const double *v)
{
	json_t *a = json_array();
	size_t k;

	for (k = 0; k < sp->nobj; k++)
		json_array_append_new(a, isnan(v[k]) ? json_null() :
		    json_real(v[k]));
	return a;
}

/* Room for one more trial in the front's arrays. */
static int
front_grow(struct hps__front *f, size_t *cap)
{
	size_t c = *cap ? *cap * 2 : 64;
	void *a, *b, *r;

	if (f->n < *cap)
		return 0;
	a = realloc(f->ids, c * sizeof *f->ids);
	if (a != NULL)
		f->ids = a;
	b = realloc(f->raw, c * f->m * sizeof *f->raw);
	if (b != NULL)
		f->raw = b;
	r = realloc(f->y, c * f->m * sizeof *f->y);
	if (r != NULL)
		f->y = r;
	if (a == NULL || b == NULL || r == NULL)
		return HPS_ENOMEM;
	*cap = c;
	return 0;
}

/* Read the feasible completed trials with every objective's value. */
static int
front_read(struct hps_store *st, struct hps__front *f, long long study_id)
{
	struct hps__objvals o;
	double v[HPS_OBJECTIVES_MAX];
	sqlite3_stmt *s;
	size_t k, cap = 0;
	int rc;

	if (hps__objvals_init(&o, st, f->sp) != 0)
		return HPS_EDB;
	if (hps__query_prepare(st, "SELECT id, objective FROM trial WHERE"
	    " study_id = ? AND state = 'completed' AND objective IS NOT NULL"
	    " AND error IS NULL AND repeat_of IS NULL ORDER BY number", &s, NULL, 0) != 0) {
		hps__objvals_clear(&o);
		return HPS_EDB;
	}
	sqlite3_bind_int64(s, 1, study_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		hps__objvals_get(&o, sqlite3_column_int64(s, 0), s, 1, v);
		for (k = 0; k < f->m && !isnan(v[k]); k++)
			;
		if (k < f->m)
			continue;	/* values past what the store keeps */
		if (front_grow(f, &cap) != 0)
			break;
		f->ids[f->n] = sqlite3_column_int64(s, 0);
		for (k = 0; k < f->m; k++) {
			f->raw[f->n * f->m + k] = v[k];
			f->y[f->n * f->m + k] = hps_objective_min(
			    &f->sp->objectives[k], v[k]);
		}
		f->n++;
	}
	sqlite3_finalize(s);
	hps__objvals_clear(&o);
	return rc == SQLITE_DONE ? 0 : HPS_EDB;
}

int
hps__front_load(struct hps_store *st, const struct hps_space *sp,
    long long study_id, struct hps__front *f)
{
	double given[HPS_OBJECTIVES_MAX];
	int has[HPS_OBJECTIVES_MAX];
	size_t i, k;

	memset(f, 0, sizeof *f);
	f->sp = sp;
	f->m = sp->nobj;
	if (front_read(st, f, study_id) != 0 ||
	    (f->rank = calloc(f->n ? f->n : 1, sizeof *f->rank)) == NULL ||
	    (f->nranks = hps_pareto_rank(f->y, f->n, f->m, f->rank)) ==
	    (size_t)-1) {
		hps__front_free(f);
		return HPS_ENOMEM;
	}
	for (k = 0; k < f->m; k++) {
		has[k] = sp->objectives[k].has_reference;
		given[k] = hps_objective_min(&sp->objectives[k],
		    sp->objectives[k].reference);
	}
	hps_pareto_reference(f->y, f->n, f->m, has, given, f->ref);
	for (i = 0; i < f->n; i++)
		f->size += f->rank[i] == 0;
	/* The dominated points add nothing to the front's volume. */
	if ((f->hv = hps_pareto_hv(f->y, f->n, f->m, f->ref)) < 0) {
		hps__front_free(f);
		return HPS_ENOMEM;
	}
	return 0;
}

void
hps__front_free(struct hps__front *f)
{
	free(f->ids);
	free(f->raw);
	free(f->y);
	free(f->rank);
	memset(f, 0, sizeof *f);
}

json_t *
hps__front_summary(const struct hps__front *f)
{
	json_t *ref = json_array(), *given = json_array();
	size_t k;

	for (k = 0; k < f->m; k++) {
		json_array_append_new(ref, json_real(hps_objective_min(
		    &f->sp->objectives[k], f->ref[k])));
		json_array_append_new(given, json_boolean(
		    f->sp->objectives[k].has_reference));
	}
	return json_pack("{s:I, s:I, s:I, s:f, s:o, s:o}", "size",
	    (json_int_t)f->size, "ranks", (json_int_t)f->nranks, "feasible",
	    (json_int_t)f->n, "hypervolume", f->hv, "reference", ref,
	    "reference_given", given);
}

/* How many completed trials broke limit l: outside it, or never
 * reported its metric (by their last value, as the daemon judges). */
static long long
limit_broken(struct hps_store *st, long long study_id,
    const struct hps_limit *l)
{
	sqlite3_stmt *s;
	long long n = 0;

	if (hps__query_prepare(st, "SELECT count(*) FROM trial t WHERE"
	    " t.study_id = ?1 AND t.state = 'completed' AND NOT coalesce(("
	    "SELECT (?3 IS NULL OR m.value >= ?3) AND (?4 IS NULL OR m.value"
	    " <= ?4) FROM metric m WHERE m.trial_id = t.id AND m.name = ?2 AND"
	    " m.value IS NOT NULL ORDER BY m.step DESC LIMIT 1), 0)", &s,
	    NULL, 0) != 0)
		return 0;
	sqlite3_bind_int64(s, 1, study_id);
	sqlite3_bind_text(s, 2, l->metric, -1, SQLITE_STATIC);
	if (l->has_min)
		sqlite3_bind_double(s, 3, l->min);
	if (l->has_max)
		sqlite3_bind_double(s, 4, l->max);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

json_t *
hps__query_limits(struct hps_store *st, const struct hps_space *sp,
    long long study_id)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < sp->nlimits; i++) {
		const struct hps_limit *l = &sp->limits[i];

		json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:I}",
		    "metric", l->metric, "min", l->has_min ? json_real(l->min) :
		    json_null(), "max", l->has_max ? json_real(l->max) :
		    json_null(), "broken", (json_int_t)limit_broken(st,
		    study_id, l)));
	}
	return list;
}

/* A front's trial as `best` orders them: confirm:'s repeated trials
 * first by their place, then by rank, then by the first objective
 * (turned), then by number (the order they were read in). */
struct placed {
	int rank;
	double first;
	size_t i;
};

static int
placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* One row of `best` for the front's trial i, at place rank, with its
 * runs when it was repeated. */
static json_t *
front_row(struct hps_store *st, const struct hps__front *f,
    const struct hps__confirm *cf, size_t i, sqlite3_stmt *s, long rank)
{
	const struct hps__confirmed *c;
	json_t *obj;
	long long id = f->ids[i];

	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return NULL;
	}
	obj = json_pack("{s:I, s:I}", "rank", (json_int_t)rank, "front",
	    (json_int_t)f->rank[i] + 1);
	hps__query_row_into(obj, s, 0);
	json_object_set_new(obj, "objectives", hps__objvals_json(f->sp,
	    f->raw + i * f->m));
	json_object_set_new(obj, "params", hps__query_params(st, id));
	hps__query_metrics_into(st, obj, id, sqlite3_column_double(s, 2));
	json_object_set_new(obj, "diagnosis", hps__query_diagnosis(st, id,
	    f->sp->metric, f->sp->goal == HPS_MAXIMIZE, 0));
	if ((c = hps__confirm_find(cf, json_integer_value(json_object_get(
	    obj, "number")), NULL)) != NULL)
		json_object_update_new(obj, hps__confirm_runs_json(cf, c));
	sqlite3_reset(s);
	return obj;
}

/* The rows: the front (rank 0), or every rank when all; top caps them
 * (0: no cap). */
static int
front_rows(struct hps_store *st, const struct hps__front *f,
    const struct hps__confirm *cf, int all, long top, json_t *list)
{
	struct placed *order;
	sqlite3_stmt *s;
	size_t i, n = 0, place;
	json_t *row;

	if ((order = malloc((f->n ? f->n : 1) * sizeof *order)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < f->n; i++)
		if (all || f->rank[i] == 0)
			order[n++] = (struct placed){f->rank[i], f->y[i * f->m],
			    i};
	if (cf->n > 0 && hps__query_prepare(st, "SELECT number FROM trial"
	    " WHERE id = ?", &s, NULL, 0) == 0) {
		for (i = 0; i < n; i++) {
			sqlite3_bind_int64(s, 1, f->ids[order[i].i]);
			if (sqlite3_step(s) == SQLITE_ROW && hps__confirm_find(cf,
			    sqlite3_column_int64(s, 0), &place) != NULL)
				order[i] = (struct placed){-1, (double)place,
				    order[i].i};
			sqlite3_reset(s);
		}
		sqlite3_finalize(s);
	}
	qsort(order, n, sizeof *order, placed_cmp);
	if (hps__query_prepare(st, "SELECT number, objective, best_step, dir"
	    " FROM trial WHERE id = ?", &s, NULL, 0) != 0) {
		free(order);
		return HPS_EDB;
	}
	for (i = 0; i < n && (top <= 0 || (long)i < top); i++)
		if ((row = front_row(st, f, cf, order[i].i, s, (long)i + 1)) !=
		    NULL)
			json_array_append_new(list, row);
	sqlite3_finalize(s);
	free(order);
	return 0;
}

int
hps__query_best_front(struct hps_store *st, const struct hps_space *sp,
    long long study_id, int all, long top, json_t *out, char *err,
    size_t errlen)
{
	struct hps__confirm cf;
	struct hps__front f;
	json_t *list = json_array();
	int rc;

	json_object_set_new(out, "trials", list);
	json_object_set_new(out, "objectives", hps_space_objectives_json(sp));
	json_object_set_new(out, "test_check", json_null());
	if (hps__front_load(st, sp, study_id, &f) != 0)
		return hps_errf(err, errlen, HPS_EDB, "query failed: %s",
		    hps_store_errmsg(st));
	json_object_set_new(out, "front", hps__front_summary(&f));
	if (hps__confirm_load(st, sp, study_id, sp->goal == HPS_MAXIMIZE,
	    &cf) != 0)
		memset(&cf, 0, sizeof cf);
	rc = front_rows(st, &f, &cf, all, top, list);
	if (cf.n > 0)
		json_object_set_new(out, "confirm", hps__confirm_json(&cf));
	hps__confirm_free(&cf);
	hps__front_free(&f);
	if (rc != 0)
		return hps_errf(err, errlen, rc, "query failed: %s",
		    hps_store_errmsg(st));
	return 0;
}
