/*
 * Read queries over the store (see hps/query.h). Ranking uses only the
 * objective column, which the daemon computes from the study's validation
 * metric; test_* metrics are fetched separately for display.
 */
#include <string.h>

#include "hps/error.h"
#include "hps/query.h"

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

static int
prepare(struct hps_store *st, const char *sql, sqlite3_stmt **s, char *err,
    size_t errlen)
{
	if (sqlite3_prepare_v2(hps_store_db(st), sql, -1, s, NULL) ==
	    SQLITE_OK)
		return 0;
	return hps_errf(err, errlen, HPS_EDB, "query failed: %s",
	    hps_store_errmsg(st));
}

static int
finish(struct hps_store *st, sqlite3_stmt *s, int rc, char *err,
    size_t errlen)
{
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	return hps_errf(err, errlen, HPS_EDB, "query failed: %s",
	    hps_store_errmsg(st));
}

/* Column i as a JSON value: NULL becomes null. */
static json_t *
column_json(sqlite3_stmt *s, int i)
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

/* Add columns [first, ncols) of the current row to obj by column name. */
static void
row_into(json_t *obj, sqlite3_stmt *s, int first)
{
	int i, n = sqlite3_column_count(s);

	for (i = first; i < n; i++)
		json_object_set_new(obj, sqlite3_column_name(s, i),
		    column_json(s, i));
}

static json_t *
counts_object(struct hps_store *st, long long study_id)
{
	sqlite3_stmt *s;
	json_t *counts = json_object();
	int i;

	for (i = 0; i < HPS_T_NSTATES; i++)
		json_object_set_new(counts, hps_tstate_name(i), json_integer(0));
	if (prepare(st, "SELECT state, count(*) FROM trial WHERE study_id = ?"
	    " GROUP BY state", &s, NULL, 0) != 0)
		return counts;
	sqlite3_bind_int64(s, 1, study_id);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_object_set_new(counts,
		    (const char *)sqlite3_column_text(s, 0),
		    json_integer(sqlite3_column_int64(s, 1)));
	sqlite3_finalize(s);
	return counts;
}

int
hps_query_status(struct hps_store *st, json_t **out, char *err,
    size_t errlen)
{
	sqlite3_stmt *s;
	json_t *list, *obj;
	int rc;

	*out = NULL;
	if (prepare(st, "SELECT s.id, s.name, s.method, s.state, s.metric,"
	    " s.goal, s.budget, s.parallel, (SELECT CASE s.goal WHEN"
	    " 'maximize' THEN max(objective) ELSE min(objective) END FROM"
	    " trial WHERE study_id = s.id AND state = 'completed') AS best,"
	    " s.created, s.ended, s.error FROM study s ORDER BY s.id", &s,
	    err, errlen) != 0)
		return HPS_EDB;
	list = json_array();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		obj = json_object();
		row_into(obj, s, 1);
		json_object_set_new(obj, "counts",
		    counts_object(st, sqlite3_column_int64(s, 0)));
		json_array_append_new(list, obj);
	}
	*out = json_pack("{s:o}", "studies", list);
	return finish(st, s, rc, err, errlen);
}

/* Look up a study; fills id and a header object {study, metric, goal}. */
static int
study_header(struct hps_store *st, const char *name, long long *id,
    int *maximize, json_t **out, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int rc;

	if (prepare(st, "SELECT id, goal, name AS study, metric, goal, method,"
	    " state FROM study WHERE name = ?", &s, err, errlen) != 0)
		return HPS_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return hps_errf(err, errlen, HPS_EDB, "query failed: %s",
			    hps_store_errmsg(st));
		return hps_errf(err, errlen, HPS_ENOTFOUND,
		    "no study named '%s' (hps status lists them)", name);
	}
	*id = sqlite3_column_int64(s, 0);
	*maximize = strcmp((const char *)sqlite3_column_text(s, 1),
	    "maximize") == 0;
	*out = json_object();
	row_into(*out, s, 2);
	sqlite3_finalize(s);
	return 0;
}

/* The trial's parameters as {name: value} with their JSON types. */
static json_t *
params_object(struct hps_store *st, long long trial_id)
{
	sqlite3_stmt *s;
	json_t *obj = json_object(), *v;
	const char *kind;

	if (prepare(st, "SELECT name, kind, num, text FROM param WHERE"
	    " trial_id = ? ORDER BY position", &s, NULL, 0) != 0)
		return obj;
	sqlite3_bind_int64(s, 1, trial_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(s, 1);
		if (strcmp(kind, "str") == 0)
			v = json_string((const char *)sqlite3_column_text(s, 3));
		else if (strcmp(kind, "int") == 0)
			v = json_integer(sqlite3_column_int64(s, 2));
		else if (strcmp(kind, "bool") == 0)
			v = json_boolean(sqlite3_column_int(s, 2));
		else
			v = json_real(sqlite3_column_double(s, 2));
		json_object_set_new(obj, (const char *)sqlite3_column_text(s,
		    0), v);
	}
	sqlite3_finalize(s);
	return obj;
}

int
hps_query_trials(struct hps_store *st, const char *study, const char *state,
    const char *sort, json_t **out, char *err, size_t errlen)
{
	const char *order = sort_order(sort ? sort : "number");
	char sql[768];
	sqlite3_stmt *s;
	json_t *list, *obj;
	long long id;
	int maximize, rc;

	*out = NULL;
	if (state != NULL && hps_tstate_parse(state) < 0)
		return hps_errf(err, errlen, HPS_EINVAL, "unknown trial state"
		    " '%s'; use queued, running, completed, failed, timeout,"
		    " pruned or lost", state);
	if (order == NULL)
		return hps_errf(err, errlen, HPS_EINVAL, "unknown sort key"
		    " '%s'; use number, objective or duration", sort);
	if ((rc = study_header(st, study, &id, &maximize, out, err,
	    errlen)) != 0)
		return rc;
	snprintf(sql, sizeof sql, "SELECT id, number, state, objective,"
	    " best_step, exit_code, term_signal AS signal, error, stderr_tail,"
	    " started, ended, ended - started AS seconds, dir FROM trial"
	    " WHERE study_id = ?1 AND (?3 IS NULL OR state = ?3)"
	    " ORDER BY %s, number", order);
	if (prepare(st, sql, &s, err, errlen) != 0) {
		json_decref(*out);
		*out = NULL;
		return HPS_EDB;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, maximize ? -1 : 1);
	if (state != NULL)
		sqlite3_bind_text(s, 3, state, -1, SQLITE_STATIC);
	list = json_array();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		obj = json_object();
		row_into(obj, s, 1);
		json_object_set_new(obj, "params",
		    params_object(st, sqlite3_column_int64(s, 0)));
		json_array_append_new(list, obj);
	}
	json_object_set_new(*out, "trials", list);
	return finish(st, s, rc, err, errlen);
}

/*
 * The trial's metrics split in two: non-test metrics at its best step,
 * and the last value of each test_* metric.
 */
static void
metrics_into(struct hps_store *st, json_t *obj, long long trial_id,
    long long best_step)
{
	sqlite3_stmt *s;
	json_t *at_best = json_object(), *test = json_object();
	const char *name;

	if (prepare(st, "SELECT name, step, value FROM metric WHERE"
	    " trial_id = ? ORDER BY step", &s, NULL, 0) == 0) {
		sqlite3_bind_int64(s, 1, trial_id);
		while (sqlite3_step(s) == SQLITE_ROW) {
			name = (const char *)sqlite3_column_text(s, 0);
			if (strncmp(name, "test_", 5) == 0)
				json_object_set_new(test, name,
				    column_json(s, 2));
			else if (sqlite3_column_int64(s, 1) == best_step)
				json_object_set_new(at_best, name,
				    column_json(s, 2));
		}
		sqlite3_finalize(s);
	}
	json_object_set_new(obj, "metrics", at_best);
	json_object_set_new(obj, "test", test);
}

int
hps_query_best(struct hps_store *st, const char *study, long top,
    json_t **out, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	json_t *list, *obj;
	long long id;
	int maximize, rc;
	long rank = 0;

	if ((rc = study_header(st, study, &id, &maximize, out, err,
	    errlen)) != 0)
		return rc;
	if (prepare(st, "SELECT id, number, objective, best_step, dir"
	    " FROM trial WHERE study_id = ?1 AND"
	    " state = 'completed' AND objective IS NOT NULL"
	    " ORDER BY objective * ?2, number LIMIT ?3", &s, err, errlen) != 0) {
		json_decref(*out);
		*out = NULL;
		return HPS_EDB;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, maximize ? -1 : 1);
	sqlite3_bind_int64(s, 3, top);
	json_object_set_new(*out, "counts", counts_object(st, id));
	list = json_array();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		obj = json_pack("{s:I}", "rank", (json_int_t)++rank);
		row_into(obj, s, 1);
		json_object_set_new(obj, "params",
		    params_object(st, sqlite3_column_int64(s, 0)));
		metrics_into(st, obj, sqlite3_column_int64(s, 0),
		    sqlite3_column_int64(s, 3));
		json_array_append_new(list, obj);
	}
	json_object_set_new(*out, "trials", list);
	return finish(st, s, rc, err, errlen);
}

/* One study's parameter names in position order. */
static int
export_columns(struct hps_store *st, long long id, json_t *cols,
    json_t *metric_names)
{
	sqlite3_stmt *s;
	int rc;

	if (prepare(st, "SELECT DISTINCT p.name FROM param p JOIN trial t ON"
	    " t.id = p.trial_id WHERE t.study_id = ? ORDER BY p.position", &s,
	    NULL, 0) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(cols, json_sprintf("params_%s",
		    sqlite3_column_text(s, 0)));
	sqlite3_finalize(s);
	if (prepare(st, "SELECT DISTINCT m.name FROM metric m JOIN trial t ON"
	    " t.id = m.trial_id WHERE t.study_id = ? ORDER BY m.name", &s,
	    NULL, 0) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_array_append_new(cols, column_json(s, 0));
		json_array_append_new(metric_names, column_json(s, 0));
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
		    0), column_json(s, 1));
	sqlite3_reset(s);
	json_array_foreach(names, i, n) {
		json_t *v = json_object_get(vals, json_string_value(n));

		json_array_append(row, v ? v : json_null());
	}
	json_decref(vals);
}

int
hps_query_export(struct hps_store *st, const char *study, json_t **out,
    char *err, size_t errlen)
{
	sqlite3_stmt *s, *ms;
	json_t *cols, *rows, *names, *row, *params, *v;
	const char *key;
	long long id;
	int maximize, rc;

	if ((rc = study_header(st, study, &id, &maximize, out, err,
	    errlen)) != 0)
		return rc;
	cols = json_pack("[s, s, s]", "number", "state", "objective");
	names = json_array();
	rows = json_array();
	json_object_set_new(*out, "columns", cols);
	json_object_set_new(*out, "rows", rows);
	if (export_columns(st, id, cols, names) != 0 ||
	    prepare(st, "SELECT id, number, state, objective FROM trial"
	    " WHERE study_id = ? ORDER BY number", &s, err, errlen) != 0) {
		json_decref(names);
		return hps_errf(err, errlen, HPS_EDB, "query failed: %s",
		    hps_store_errmsg(st));
	}
	if (prepare(st, "SELECT name, value FROM metric WHERE trial_id = ?1"
	    " ORDER BY step", &ms, err, errlen) != 0) {
		sqlite3_finalize(s);
		json_decref(names);
		return HPS_EDB;
	}
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row = json_pack("[o, o, o]", column_json(s, 1),
		    column_json(s, 2), column_json(s, 3));
		params = params_object(st, sqlite3_column_int64(s, 0));
		json_object_foreach(params, key, v)
			json_array_append(row, v);
		json_decref(params);
		final_metrics(ms, sqlite3_column_int64(s, 0), names, row);
		json_array_append_new(rows, row);
	}
	sqlite3_finalize(ms);
	json_decref(names);
	return finish(st, s, rc, err, errlen);
}
