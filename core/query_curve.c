/*
 * Learning curves from the store: a trial's validation metric with its
 * paired training metric (val_loss with loss), the overfitting diagnosis
 * of hps/diagnose.h over them, and `hps curve`'s data.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/diagnose.h"
#include "hps/error.h"
#include "hps/proto.h"
#include "hps/query.h"
#include "query_int.h"

/* The default number of worse validation steps that flags overfitting. */
#define PATIENCE 3

struct curve {
	struct hps_curve_point *p;
	size_t n;
};

static int
load_curve(struct hps_store *st, long long trial_id, const char *name,
    struct curve *c)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	void *grown;
	int rc;

	c->p = NULL;
	c->n = 0;
	if (hps__query_prepare(st, "SELECT step, value FROM metric WHERE"
	    " trial_id = ? AND name = ? ORDER BY step", &s, NULL, 0) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, trial_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (c->n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((grown = realloc(c->p, cap * sizeof *c->p)) == NULL)
				break;
			c->p = grown;
		}
		c->p[c->n].step = sqlite3_column_double(s, 0);
		c->p[c->n].present = sqlite3_column_type(s, 1) != SQLITE_NULL;
		c->p[c->n++].value = sqlite3_column_double(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : HPS_EDB;
}

/* The training metric paired with metric among the trial's names. */
static char *
train_name(struct hps_store *st, long long trial_id, const char *metric)
{
	const char *names[256], *found;
	sqlite3_stmt *s;
	size_t n = 0, i;
	char *out = NULL;

	if (hps__query_prepare(st, "SELECT DISTINCT name FROM metric WHERE"
	    " trial_id = ?", &s, NULL, 0) != 0)
		return NULL;
	sqlite3_bind_int64(s, 1, trial_id);
	while (n < 256 && sqlite3_step(s) == SQLITE_ROW)
		names[n++] = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	found = hps_diag_train_name(metric, names, n);
	if (found != NULL)
		out = strdup(found);
	for (i = 0; i < n; i++)
		free((char *)names[i]);
	return out;
}

static json_t *
number_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *
diagnosis_json(const struct hps_diagnosis *d, const char *train)
{
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:b}", "best_step",
	    hps_proto_step(d->best_step), "best", number_or_null(d->best_value),
	    "final", number_or_null(d->final_value), "drop",
	    number_or_null(d->final_drop), "overfit", d->overfit);

	json_object_set_new(o, "gap", d->has_gap ? number_or_null(d->gap) :
	    json_null());
	json_object_set_new(o, "train_metric", train ? json_string(train) :
	    json_null());
	json_object_set_new(o, "overfit_step", d->overfit ?
	    hps_proto_step(d->overfit_step) : json_null());
	return o;
}

/* Diagnose a trial from its curves; *val and *train are the curves. */
static json_t *
diagnose(struct hps_store *st, long long trial_id, const char *metric,
    int maximize, long patience, struct curve *val, struct curve *train,
    char **tname)
{
	struct hps_diagnosis d;

	*tname = NULL;
	train->p = val->p = NULL;
	train->n = val->n = 0;
	if (metric == NULL)		/* a study without a metric */
		return json_null();
	*tname = train_name(st, trial_id, metric);
	if (load_curve(st, trial_id, metric, val) != 0 || (*tname != NULL &&
	    load_curve(st, trial_id, *tname, train) != 0))
		return json_null();
	if (hps_diagnose(val->p, val->n, train->p, train->n, maximize,
	    patience > 0 ? patience : PATIENCE, &d) != 0)
		return json_null();
	return diagnosis_json(&d, *tname);
}

json_t *
hps__query_diagnosis(struct hps_store *st, long long trial_id,
    const char *metric, int maximize, long patience)
{
	struct curve val, train;
	char *tname;
	json_t *d;

	d = diagnose(st, trial_id, metric, maximize, patience, &val, &train,
	    &tname);
	free(val.p);
	free(train.p);
	free(tname);
	return d;
}

static json_t *
points_json(const struct curve *c)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < c->n; i++)
		json_array_append_new(a, json_pack("[o, o]",
		    hps_proto_step(c->p[i].step), c->p[i].present ?
		    number_or_null(c->p[i].value) : json_null()));
	return a;
}

/* Every metric the trial recorded: {name: [[step, value]...]}. */
static json_t *
all_metrics(struct hps_store *st, long long trial_id)
{
	json_t *all = json_object(), *pts;
	sqlite3_stmt *s;
	const char *name;

	if (hps__query_prepare(st, "SELECT name, step, value FROM metric WHERE"
	    " trial_id = ? ORDER BY name, step", &s, NULL, 0) != 0)
		return all;
	sqlite3_bind_int64(s, 1, trial_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		if ((pts = json_object_get(all, name)) == NULL) {
			pts = json_array();
			json_object_set_new(all, name, pts);
		}
		json_array_append_new(pts, json_pack("[o, o]", hps_proto_step(
		    sqlite3_column_double(s, 1)), hps__query_column(s, 2)));
	}
	sqlite3_finalize(s);
	return all;
}

static int
query_curve(struct hps_store *st, const char *study, long number,
    long patience, json_t **out, char *err, size_t errlen)
{
	struct curve val, train;
	sqlite3_stmt *s;
	long long id, trial_id;
	char *tname;
	int maximize, rc;
	json_t *d;

	if ((rc = hps__query_study(st, study, &id, &maximize, out, err,
	    errlen)) != 0)
		return rc;
	if (hps__query_prepare(st, "SELECT id, state, error FROM trial WHERE"
	    " study_id = ? AND number = ?", &s, err, errlen) != 0)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, number);
	rc = sqlite3_step(s);
	trial_id = sqlite3_column_int64(s, 0);
	json_object_set_new(*out, "state", hps__query_column(s, 1));
	json_object_set_new(*out, "error", hps__query_column(s, 2));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW) {
		hps_errf(err, errlen, HPS_ENOTFOUND, "study '%s' has no trial"
		    " %ld (hps trials %s lists them)", study, number, study);
		json_decref(*out);
		*out = NULL;
		return HPS_ENOTFOUND;
	}
	d = diagnose(st, trial_id, json_string_value(json_object_get(*out,
	    "metric")), maximize, patience, &val, &train, &tname);
	json_object_set_new(*out, "trial", json_integer(number));
	json_object_set_new(*out, "train_metric", tname ? json_string(tname) :
	    json_null());
	json_object_set_new(*out, "val", points_json(&val));
	json_object_set_new(*out, "train", points_json(&train));
	json_object_set_new(*out, "diagnosis", d);
	json_object_set_new(*out, "metrics", all_metrics(st, trial_id));
	free(val.p);
	free(train.p);
	free(tname);
	return 0;
fail:
	json_decref(*out);
	*out = NULL;
	return HPS_EDB;
}

static int
run_curve(struct hps_store *st, json_t *args, json_t **out, char *err,
    size_t errlen)
{
	return query_curve(st, hps_args_str(args, "study"),
	    (long)hps_args_int(args, "trial", 0), (long)hps_args_int(args,
	    "patience", 0), out, err, errlen);
}

static const struct hps_arg curve_args[] = {
	{"study", JSON_STRING, 1},
	{"trial", JSON_INTEGER, 1},
	{"patience", JSON_INTEGER, 0},
	{NULL, 0, 0},
};

const struct hps_query hps_query_curve_entry = {"curve", curve_args,
    run_curve};
