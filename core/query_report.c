/*
 * The data behind `hps report` (see hps/query.h): the study, every trial
 * with its parameters, the metrics at each trial's best step and its last
 * test_* values, the parameter space as the study's file declares it, and
 * every step of the best trials' curves. A study of 2,000 trials is read
 * with a handful of queries walked in trial-number order, not one query
 * per trial.
 */
#include <string.h>

#include "hps/error.h"
#include "hps/query.h"
#include "hps/space.h"
#include "query_int.h"

/* Trials whose learning curves the report carries. */
#define REPORT_CURVES 10

/* A row's columns [first, n) as a new object. */
static json_t *
report_row(sqlite3_stmt *s, int first)
{
	json_t *obj = json_object();

	hps__query_row_into(obj, s, first);
	return obj;
}

/* A parameter's value as a JSON value of its stored kind. */
static json_t *
report_param_value(sqlite3_stmt *s, int kind_col)
{
	const char *kind = (const char *)sqlite3_column_text(s, kind_col);

	if (kind == NULL)
		return json_null();
	if (strcmp(kind, "str") == 0)
		return hps__query_column(s, kind_col + 2);
	if (strcmp(kind, "json") == 0) {
		struct hps_value v = {HPS_V_JSON, 0,
		    (char *)sqlite3_column_text(s, kind_col + 2)};

		return hps_value_json(&v);
	}
	if (strcmp(kind, "int") == 0)
		return json_integer(sqlite3_column_int64(s, kind_col + 1));
	if (strcmp(kind, "bool") == 0)
		return json_boolean(sqlite3_column_int(s, kind_col + 1));
	return hps__query_column(s, kind_col + 1);
}


static const char *
report_ptype(enum hps_ptype t)
{
	switch (t) {
	case HPS_P_FLOAT:
		return "float";
	case HPS_P_INT:
		return "int";
	case HPS_P_CAT:
		return "cat";
	case HPS_P_CONST:
		break;
	}
	return "const";
}

/*
 * The parameters as the space file declares them: which are log-scale,
 * their bounds and categories, and which may not apply to a trial
 * (conditional: when:, or an element of a per: list). A file this build
 * cannot parse (written by a newer hpsd, say) leaves the list empty: the
 * report then infers each parameter from its values.
 */
static json_t *
report_space(const char *path, const char *text)
{
	struct hps_space *sp;
	json_t *list = json_array(), *p, *vals;
	char err[HPS_ERRMAX];
	size_t i, j;

	if (text == NULL || hps_space_parse(path ? path : "space.yaml", text,
	    strlen(text), &sp, err, sizeof err) != 0)
		return list;
	for (i = 0; i < sp->nparams; i++) {
		const struct hps_param *q = &sp->params[i];

		p = json_pack("{s:s, s:s, s:b, s:b}", "name", q->name, "type",
		    report_ptype(q->type), "log", q->log, "conditional",
		    q->nconds > 0);
		if (q->type == HPS_P_FLOAT || q->type == HPS_P_INT) {
			json_object_set_new(p, "min", json_real(q->min));
			json_object_set_new(p, "max", json_real(q->max));
		}
		vals = json_array();
		for (j = 0; j < q->nvalues; j++)
			json_array_append_new(vals,
			    hps_value_json(&q->values[j]));
		json_object_set_new(p, "values", vals);
		json_array_append_new(list, p);
	}
	hps_space_free(sp);
	return list;
}

/* The study row and its space; *id and *maximize for the later queries. */
static int
report_study(struct hps_store *st, const char *name, long long *id,
    int *maximize, json_t **out, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int rc;

	if (hps__query_prepare(st, "SELECT id, goal, name AS study, method,"
	    " metric, goal, state, space_path, space_text, created, ended,"
	    " error FROM study WHERE name = ?", &s, err, errlen) != 0)
		return HPS_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return hps_errf(err, errlen, HPS_EDB, "report query"
			    " failed: %s", hps_store_errmsg(st));
		return hps_errf(err, errlen, HPS_ENOTFOUND,
		    "no study named '%s' (hps status lists them)", name);
	}
	*id = sqlite3_column_int64(s, 0);
	*maximize = strcmp((const char *)sqlite3_column_text(s, 1),
	    "maximize") == 0;
	*out = report_row(s, 2);
	json_object_set_new(*out, "space", report_space(
	    (const char *)sqlite3_column_text(s, 7),
	    (const char *)sqlite3_column_text(s, 8)));
	sqlite3_finalize(s);
	return 0;
}

static int
report_trials(struct hps_store *st, long long id, json_t *trials,
    char *err, size_t errlen)
{
	sqlite3_stmt *s;
	json_t *t;
	int rc;

	if (hps__query_prepare(st, "SELECT number, state, objective, best_step,"
	    " started, ended, CASE state WHEN 'completed' THEN error END AS"
	    " infeasible FROM trial WHERE study_id = ? ORDER BY number",
	    &s, err, errlen) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		t = report_row(s, 0);
		json_object_set_new(t, "params", json_object());
		json_object_set_new(t, "metrics", json_object());
		json_object_set_new(t, "test", json_object());
		json_array_append_new(trials, t);
	}
	return hps__query_finish(st, s, rc, err, errlen);
}

/*
 * The trial numbered number, walking forward from *cur: the queries below
 * come in trial-number order like the array, so the walk is linear.
 */
static json_t *
report_trial_at(json_t *trials, size_t *cur, long long number)
{
	json_t *t;

	for (; *cur < json_array_size(trials); (*cur)++) {
		t = json_array_get(trials, *cur);
		if (json_integer_value(json_object_get(t, "number")) >= number)
			break;
	}
	t = json_array_get(trials, *cur);
	if (t == NULL || json_integer_value(json_object_get(t, "number")) !=
	    number)
		return NULL;
	return t;
}

static int
report_params(struct hps_store *st, long long id, json_t *trials,
    char *err, size_t errlen)
{
	sqlite3_stmt *s;
	json_t *t;
	size_t cur = 0;
	int rc;

	if (hps__query_prepare(st, "SELECT t.number, p.name, p.kind, p.num,"
	    " p.text FROM trial t JOIN param p ON p.trial_id = t.id WHERE"
	    " t.study_id = ? ORDER BY t.number, p.position", &s, err,
	    errlen) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		t = report_trial_at(trials, &cur, sqlite3_column_int64(s, 0));
		if (t != NULL)
			json_object_set_new(json_object_get(t, "params"),
			    (const char *)sqlite3_column_text(s, 1),
			    report_param_value(s, 2));
	}
	return hps__query_finish(st, s, rc, err, errlen);
}

/*
 * Every trial's other metrics at its best step, and the last value of
 * each test_* metric: the validation and test columns of the top table.
 */
static int
report_metrics(struct hps_store *st, long long id, json_t *trials,
    char *err, size_t errlen)
{
	sqlite3_stmt *s;
	const char *name;
	json_t *t;
	size_t cur = 0;
	int rc;

	if (hps__query_prepare(st, "SELECT t.number, m.name, m.value,"
	    " substr(m.name, 1, 5) = 'test_' FROM trial t JOIN metric m"
	    " ON m.trial_id = t.id WHERE t.study_id = ? AND"
	    " (substr(m.name, 1, 5) = 'test_' OR m.step = t.best_step)"
	    " ORDER BY t.number, m.step", &s, err, errlen) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		t = report_trial_at(trials, &cur, sqlite3_column_int64(s, 0));
		name = (const char *)sqlite3_column_text(s, 1);
		if (t != NULL)
			json_object_set_new(json_object_get(t,
			    sqlite3_column_int(s, 3) ? "test" : "metrics"),
			    name, hps__query_column(s, 2));
	}
	return hps__query_finish(st, s, rc, err, errlen);
}

/*
 * With several objectives: each trial's "objectives" (every objective's
 * value) and "front" (its non-dominated rank among the feasible completed
 * trials, 1 for the Pareto front; null for any other trial), and the
 * study's "objectives" and "front" summary. The front's trials come in
 * number order too, so one walk pairs them.
 */
static int
report_objectives(struct hps_store *st, long long id, json_t *rep,
    char *err, size_t errlen)
{
	struct hps_space *sp = hps__query_outcomes(st, id);
	struct hps__objvals ov;
	struct hps__front f;
	double v[HPS_OBJECTIVES_MAX];
	sqlite3_stmt *s;
	json_t *t, *trials = json_object_get(rep, "trials");
	size_t cur = 0, j = 0;
	int rc;

	if (!hps__query_several(sp)) {
		hps_space_free(sp);
		return 0;
	}
	if (hps__front_load(st, sp, id, &f) != 0) {
		hps_space_free(sp);
		return hps_errf(err, errlen, HPS_EDB, "report query failed: %s",
		    hps_store_errmsg(st));
	}
	json_object_set_new(rep, "objectives", hps_space_objectives_json(sp));
	json_object_set_new(rep, "front", hps__front_summary(&f));
	if (hps__objvals_init(&ov, st, sp) != 0 ||
	    hps__query_prepare(st, "SELECT id, number, objective FROM trial"
	    " WHERE study_id = ? ORDER BY number", &s, err, errlen) != 0) {
		hps__objvals_clear(&ov);
		hps__front_free(&f);
		hps_space_free(sp);
		return HPS_EDB;
	}
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		t = report_trial_at(trials, &cur, sqlite3_column_int64(s, 1));
		if (t == NULL)
			continue;
		hps__objvals_get(&ov, sqlite3_column_int64(s, 0), s, 2, v);
		json_object_set_new(t, "objectives", hps__objvals_json(sp, v));
		if (j < f.n && f.ids[j] == sqlite3_column_int64(s, 0))
			json_object_set_new(t, "front",
			    json_integer(f.rank[j++] + 1));
		else
			json_object_set_new(t, "front", json_null());
	}
	hps__objvals_clear(&ov);
	hps__front_free(&f);
	hps_space_free(sp);
	return hps__query_finish(st, s, rc, err, errlen);
}

/* {name: {"step": [...], "value": [...]}} for one trial, test_* aside. */
static int
report_curve(struct hps_store *st, long long trial_id, json_t *curve,
    char *err, size_t errlen)
{
	sqlite3_stmt *s;
	json_t *metrics = json_object(), *m;
	const char *name;
	int rc;

	json_object_set_new(curve, "metrics", metrics);
	if (hps__query_prepare(st, "SELECT name, step, value FROM metric WHERE"
	    " trial_id = ? AND substr(name, 1, 5) <> 'test_'"
	    " ORDER BY name, step", &s, err, errlen) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, trial_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		if ((m = json_object_get(metrics, name)) == NULL) {
			m = json_pack("{s:[], s:[]}", "step", "value");
			json_object_set_new(metrics, name, m);
		}
		json_array_append_new(json_object_get(m, "step"),
		    hps__query_column(s, 1));
		json_array_append_new(json_object_get(m, "value"),
		    hps__query_column(s, 2));
	}
	return hps__query_finish(st, s, rc, err, errlen);
}

/* The curves of the best completed trials, best first. */
static int
report_curves(struct hps_store *st, long long id, int maximize,
    json_t *curves, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	json_t *c;
	int rc;

	if (hps__query_prepare(st, "SELECT id, number, objective, best_step"
	    " FROM"
	    " trial WHERE study_id = ?1 AND state = 'completed' AND objective"
	    " IS NOT NULL AND error IS NULL ORDER BY objective * ?2, number"
	    " LIMIT ?3", &s, err,
	    errlen) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, maximize ? -1 : 1);
	sqlite3_bind_int(s, 3, REPORT_CURVES);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c = report_row(s, 1);
		json_array_append_new(curves, c);
		if (report_curve(st, sqlite3_column_int64(s, 0), c, err,
		    errlen) != 0) {
			sqlite3_finalize(s);
			return HPS_EDB;
		}
	}
	return hps__query_finish(st, s, rc, err, errlen);
}

static int
query_report(struct hps_store *st, const char *study, json_t **out,
    char *err, size_t errlen)
{
	json_t *rep = NULL, *trials = json_array(), *curves = json_array();
	long long id = 0;
	int maximize = 0, rc;

	*out = NULL;
	if ((rc = report_study(st, study, &id, &maximize, &rep, err,
	    errlen)) != 0) {
		json_decref(trials);
		json_decref(curves);
		return rc;
	}
	json_object_set_new(rep, "trials", trials);
	json_object_set_new(rep, "curves", curves);
	if ((rc = report_trials(st, id, trials, err, errlen)) != 0 ||
	    (rc = report_params(st, id, trials, err, errlen)) != 0 ||
	    (rc = report_metrics(st, id, trials, err, errlen)) != 0 ||
	    (rc = report_objectives(st, id, rep, err, errlen)) != 0 ||
	    (rc = report_curves(st, id, maximize, curves, err, errlen)) != 0) {
		json_decref(rep);
		return rc;
	}
	*out = rep;
	return 0;
}

static int
run_report(struct hps_store *st, json_t *args, json_t **out, char *err,
    size_t errlen)
{
	return query_report(st, hps_args_str(args, "study"), out, err,
	    errlen);
}

const struct hps_query hps_query_report_entry = {"report",
    hps__query_study_arg, run_report};
