/*
 * hps report STUDY -o FILE: one self-contained HTML page about a study
 * (history, learning curves, parallel coordinates, slices, importance,
 * the top trials and the space file; with several objectives the Pareto
 * front first), from a running hpsd or, with --db,
 * from the database read-only. This file holds the command and the model
 * the page is drawn from; html.c and html_chart.c lay it out.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "hps/error.h"
#include "report.h"

double
report_num(json_t *v)
{
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_boolean(v))
		return json_is_true(v);
	return NAN;
}

static const char *
str_field(json_t *obj, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : dflt;
}

/* Sort key of a ranked trial: better first, then by number. */
struct rank_key {
	double key;
	long number;
	size_t idx;
};

static int
rank_cmp(const void *a, const void *b)
{
	const struct rank_key *p = a, *q = b;

	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return (p->number > q->number) - (p->number < q->number);
}

static int
load_ranking(struct report *r)
{
	struct rank_key *k;
	size_t i, n = 0;

	if ((k = calloc(r->ntrials + 1, sizeof *k)) == NULL ||
	    (r->ranked = calloc(r->ntrials + 1, sizeof *r->ranked)) == NULL) {
		free(k);
		return HPS_ENOMEM;
	}
	r->lo = INFINITY;
	r->hi = -INFINITY;
	for (i = 0; i < r->ntrials; i++) {
		const struct rp_trial *t = &r->trials[i];

		if (strcmp(t->state, "completed") != 0 || !isfinite(t->obj) ||
		    json_is_string(json_object_get(t->json, "infeasible")))
			continue;
		k[n].key = r->maximize ? -t->obj : t->obj;
		k[n].number = t->number;
		k[n++].idx = i;
		r->lo = fmin(r->lo, t->obj);
		r->hi = fmax(r->hi, t->obj);
	}
	qsort(k, n, sizeof *k, rank_cmp);
	for (i = 0; i < n; i++)
		r->ranked[i] = k[i].idx;
	r->nranked = n;
	free(k);
	return 0;
}

static int
load_trials(struct report *r)
{
	json_t *trials = json_object_get(r->res, "trials"), *t, *v;
	size_t i;

	r->ntrials = json_array_size(trials);
	if ((r->trials = calloc(r->ntrials + 1, sizeof *r->trials)) == NULL)
		return HPS_ENOMEM;
	json_array_foreach(trials, i, t) {
		r->trials[i].json = t;
		r->trials[i].number = (long)json_integer_value(
		    json_object_get(t, "number"));
		r->trials[i].state = str_field(t, "state", "?");
		r->trials[i].obj = report_num(json_object_get(t, "objective"));
		v = json_object_get(t, "best_step");
		r->trials[i].best_step = json_is_number(v) ?
		    json_number_value(v) : -1;
	}
	return load_ranking(r);
}

/* With several objectives: each trial's values, front rank and
 * feasibility (see struct rp_front). */
static int
load_front(struct report *r)
{
	struct rp_front *f = &r->front;
	json_t *objs = json_object_get(r->res, "objectives"), *o, *t;
	size_t i, k;

	if (json_array_size(objs) < 2 || json_array_size(objs) > RP_OBJ_MAX)
		return 0;
	f->nobj = json_array_size(objs);
	json_array_foreach(objs, k, o) {
		f->names[k] = str_field(o, "name", "?");
		f->maximize[k] = strcmp(str_field(o, "goal", ""),
		    "maximize") == 0;
		f->ref[k] = report_num(json_array_get(json_object_get(
		    json_object_get(r->res, "front"), "reference"), k));
		if (f->maximize[k])
			f->ref[k] = -f->ref[k];
	}
	f->v = calloc((r->ntrials + 1) * f->nobj, sizeof *f->v);
	f->rank = calloc(r->ntrials + 1, sizeof *f->rank);
	f->infeasible = calloc(r->ntrials + 1, sizeof *f->infeasible);
	if (f->v == NULL || f->rank == NULL || f->infeasible == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < r->ntrials; i++) {
		t = r->trials[i].json;
		for (k = 0; k < f->nobj; k++)
			f->v[i * f->nobj + k] = report_num(json_array_get(
			    json_object_get(t, "objectives"), k));
		f->rank[i] = (int)json_integer_value(json_object_get(t,
		    "front"));
		f->infeasible[i] = json_is_string(json_object_get(t,
		    "infeasible"));
		f->size += f->rank[i] == 1;
	}
	return 0;
}

/* The index of label among p's categories, added when new; -1: no memory. */
static long
cat_index(struct rp_param *p, const char *label)
{
	char **cats;
	size_t i;

	for (i = 0; i < p->ncats; i++)
		if (strcmp(p->cats[i], label) == 0)
			return (long)i;
	if ((cats = realloc(p->cats, (p->ncats + 1) * sizeof *cats)) == NULL)
		return -1;
	p->cats = cats;
	if ((cats[p->ncats] = strdup(label)) == NULL)
		return -1;
	return (long)p->ncats++;
}

/* Each trial's value of p: a number, or its category's index. */
static int
load_values(struct report *r, struct rp_param *p)
{
	char label[128];
	json_t *v;
	size_t i;
	long k;

	if ((p->x = calloc(r->ntrials + 1, sizeof *p->x)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < r->ntrials; i++) {
		v = json_object_get(json_object_get(r->trials[i].json,
		    "params"), p->name);
		p->x[i] = NAN;
		if (v == NULL || json_is_null(v))
			continue;
		if (p->kind == RP_NUM) {
			p->x[i] = report_num(v);
			continue;
		}
		fmt_json(v, label, sizeof label);
		if ((k = cat_index(p, label)) < 0)
			return HPS_ENOMEM;
		p->x[i] = (double)k;
	}
	return 0;
}

static int
add_param(struct report *r, const char *name, enum rp_kind kind)
{
	struct rp_param *ps, *p;

	ps = realloc(r->params, (r->nparams + 1) * sizeof *ps);
	if (ps == NULL)
		return HPS_ENOMEM;
	r->params = ps;
	p = &ps[r->nparams++];
	memset(p, 0, sizeof *p);
	p->name = name;
	p->kind = kind;
	p->min = p->max = NAN;
	return 0;
}

/* The parameters as the space file declares them, constants left out. */
static int
params_declared(struct report *r, json_t *space)
{
	struct rp_param *p;
	char label[128];
	json_t *s, *v;
	size_t i, j;
	const char *type;

	json_array_foreach(space, i, s) {
		type = str_field(s, "type", "const");
		if (strcmp(type, "const") == 0)
			continue;
		if (add_param(r, str_field(s, "name", "?"), strcmp(type,
		    "cat") == 0 ? RP_CAT : RP_NUM) != 0)
			return HPS_ENOMEM;
		p = &r->params[r->nparams - 1];
		p->log = json_is_true(json_object_get(s, "log"));
		p->cond = json_is_true(json_object_get(s, "conditional"));
		p->min = report_num(json_object_get(s, "min"));
		p->max = report_num(json_object_get(s, "max"));
		if (p->kind != RP_CAT)
			continue;
		json_array_foreach(json_object_get(s, "values"), j, v) {
			fmt_json(v, label, sizeof label);
			if (cat_index(p, label) < 0)
				return HPS_ENOMEM;
		}
	}
	return 0;
}

/*
 * Without a readable space file, the parameters are what the trials
 * carry: numeric when every value is a number, categorical otherwise.
 */
static int
params_inferred(struct report *r)
{
	const char *name;
	json_t *v;
	size_t i, j;
	int numeric;

	for (i = 0; i < r->ntrials; i++) {
		json_object_foreach(json_object_get(r->trials[i].json,
		    "params"), name, v) {
			for (j = 0; j < r->nparams; j++)
				if (strcmp(r->params[j].name, name) == 0)
					break;
			if (j < r->nparams)
				continue;
			numeric = 1;
			for (j = i; j < r->ntrials; j++)
				numeric &= !json_is_string(json_object_get(
				    json_object_get(r->trials[j].json,
				    "params"), name));
			if (add_param(r, name, numeric ? RP_NUM : RP_CAT) != 0)
				return HPS_ENOMEM;
		}
	}
	return 0;
}

/* Each parameter's importance over the ranked trials. */
static int
load_importance(struct report *r)
{
	double *x, *y, sum = 0;
	size_t i, k;

	x = calloc(r->nranked + 1, sizeof *x);
	y = calloc(r->nranked + 1, sizeof *y);
	if (x == NULL || y == NULL) {
		free(x);
		free(y);
		return HPS_ENOMEM;
	}
	for (i = 0; i < r->nranked; i++)
		y[i] = r->trials[r->ranked[i]].obj;
	for (k = 0; k < r->nparams; k++) {
		for (i = 0; i < r->nranked; i++)
			x[i] = r->params[k].x[r->ranked[i]];
		r->params[k].explained = report_importance(x, y, r->nranked,
		    r->params[k].kind == RP_CAT);
		sum += r->params[k].explained;
	}
	for (k = 0; k < r->nparams; k++)
		r->params[k].share = sum > 0 ? r->params[k].explained / sum : 0;
	free(x);
	free(y);
	return 0;
}

static void
report_free(struct report *r)
{
	size_t i, j;

	for (i = 0; i < r->nparams; i++) {
		for (j = 0; j < r->params[i].ncats; j++)
			free(r->params[i].cats[j]);
		free(r->params[i].cats);
		free(r->params[i].x);
	}
	free(r->params);
	free(r->trials);
	free(r->ranked);
	free(r->front.v);
	free(r->front.rank);
	free(r->front.infeasible);
	json_decref(r->res);
	memset(r, 0, sizeof *r);
}

/* Takes res on success; HPS_ENOMEM when memory runs out. */
static int
report_load(struct report *r, json_t *res, long top)
{
	json_t *space = json_object_get(res, "space");
	size_t k;
	int rc;

	memset(r, 0, sizeof *r);
	r->res = res;
	r->top = top;
	r->study = str_field(res, "study", "?");
	r->metric = str_field(res, "metric", "objective");
	r->unranked = !json_is_string(json_object_get(res, "metric"));
	r->method = str_field(res, "method", "?");
	r->state = str_field(res, "state", "?");
	r->maximize = strcmp(str_field(res, "goal", ""), "maximize") == 0;
	if ((rc = load_trials(r)) != 0 ||
	    (rc = json_array_size(space) > 0 ? params_declared(r, space) :
	    params_inferred(r)) != 0)
		goto fail;
	for (k = 0; k < r->nparams; k++)
		if ((rc = load_values(r, &r->params[k])) != 0)
			goto fail;
	if ((rc = load_importance(r)) != 0 || (rc = load_front(r)) != 0)
		goto fail;
	return 0;
fail:
	r->res = NULL;
	report_free(r);
	return rc;
}

static int
write_file(const char *path, const struct svg_buf *b)
{
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL)
		return cli_error("%s: %s", path, strerror(errno));
	if (fwrite(b->s, 1, b->len, fp) != b->len || fflush(fp) != 0 ||
	    ferror(fp)) {
		fclose(fp);
		return cli_error("%s: %s", path, strerror(errno));
	}
	if (fclose(fp) != 0)
		return cli_error("%s: %s", path, strerror(errno));
	return EXIT_OK;
}

static int
render(json_t *res, long top, const char *path)
{
	struct report r;
	struct svg_buf b = {NULL, 0, 0, 0};
	int rc;

	if (report_load(&r, res, top) != 0) {
		json_decref(res);
		return cli_error("out of memory");
	}
	html_page(&b, &r);
	if (b.oom)
		rc = cli_error("out of memory");
	else if ((rc = write_file(path, &b)) == EXIT_OK && r.unranked)
		printf("wrote %s: %zu trials, none ranked (the study has no "
		    "metric)\n", path, r.ntrials);
	else if (rc == EXIT_OK)
		printf("wrote %s: %zu trials, %zu completed\n", path,
		    r.ntrials, r.nranked);
	svg_buf_free(&b);
	report_free(&r);
	return rc;
}

static int
exec_report(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"top", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	json_t *res;
	long top = 10;
	char *end;
	int ch, rc;

	while ((ch = cli_getopt(&cli_cmd_report, argc, argv, "ho:k:",
	    longopts)) != -1) {
		if (ch == 'o') {
			out = optarg;
			continue;
		}
		top = strtol(optarg, &end, 10);
		if (*end != '\0' || top < 1)
			return cli_usage(&cli_cmd_report, "--top takes a"
			    " positive number");
	}
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_report, "report needs one STUDY");
	if (out == NULL && !cli->json)
		return cli_usage(&cli_cmd_report, "report needs -o FILE");
	rc = cli_query(cli, "report", json_pack("{s:s}", "study",
	    argv[optind]), &res);
	if (rc != 0)
		return rc;
	if (cli->json) {
		cli_print_json(res);
		json_decref(res);
		return EXIT_OK;
	}
	return render(res, top, out);
}

const struct cli_command cli_cmd_report = {"report",
    "STUDY -o FILE [--top K]",
    "one HTML page: history, curves, parameters, top trials", exec_report};
