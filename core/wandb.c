/*
 * W&B sweep files in, hpsd space files out. The sweep is read with the
 * space parser's YAML tree (core/space_yaml.c), so every refusal points at
 * the W&B file's own line and column; its scalars are read as PyYAML reads
 * them (core/wandb_scalar.c); the translation is written as text and
 * parsed once more before it is handed out, so the daemon never sees one
 * that does not parse.
 *
 * W&B's meanings come from wandb/sweeps (params.py, grid_search.py,
 * hyperband_stopping.py, config/schema.json) and wandb/wandb's agent
 * (sweep command macros, the run config file). Where hpsd can say the same
 * thing, the translation says it; where W&B itself would refuse the file
 * or run something other than it says, the file is refused with what to
 * write instead. This file has the top level, the metric and the budget;
 * the parameters are in core/wandb_param.c, the command in
 * core/wandb_command.c, early_terminate in core/wandb_stop.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/metric.h"
#include "hps/space.h"
#include "hps/wandb.h"
#include "wandb_int.h"

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const top_names[T_N] = {
	[T_NAME] = "name",
	[T_DESCRIPTION] = "description",
	[T_PROJECT] = "project",
	[T_ENTITY] = "entity",
	[T_KIND] = "kind",
	[T_APIVERSION] = "apiVersion",
	[T_PROGRAM] = "program",
	[T_COMMAND] = "command",
	[T_METHOD] = "method",
	[T_METRIC] = "metric",
	[T_RUN_CAP] = "run_cap",
	[T_PARAMETERS] = "parameters",
	[T_EARLY_TERMINATE] = "early_terminate",
	[T_CONTROLLER] = "controller",
	[T_JOB] = "job",
	[T_IMAGE_URI] = "image_uri",
};

/* W&B keys hpsd cannot honour, and why. */
static const struct {
	const char *key, *instead;
} top_refused[] = {
	{"scheduler", "a W&B scheduler (Optuna, a custom one) chooses the "
	    "runs, and it does not run on hpsd; remove scheduler: and use "
	    "method: grid, random or bayes"},
	{"metrics", "several objectives need W&B's method: custom (a "
	    "scheduler), which does not run on hpsd; use metric: {name: ..., "
	    "goal: ...}, or write an hpsd space file whose metric: is a list "
	    "of objectives"},
};

int
hps__wandb_err(struct hps__wandb *w, const struct hps__ynode *n,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = hps__space_yaml_verrf(w->err, w->errlen, w->path, n->line,
	    n->col, fmt, ap);
	va_end(ap);
	return rc;
}

int
hps__wandb_bool(const struct hps__ynode *n)
{
	struct hps__pyval v;

	if (hps__wandb_scalar(n, &v) != 0 || v.kind != HPS__PY_BOOL)
		return -1;
	return v.num != 0;
}

int
hps__wandb_str(struct hps__wandb *w, const struct hps__ynode *n,
    const char *what, const char **out)
{
	if (n->type != HPS__Y_SCALAR)
		return hps__wandb_err(w, n, "%s must be a single value, not a "
		    "%s", what, n->type == HPS__Y_SEQ ? "list" : "mapping");
	if (hps__space_yaml_isnull(n))
		return hps__wandb_err(w, n, "%s has no value", what);
	*out = n->text;
	return 0;
}

/* How YAML 1.1 spells the number s: 1e-5 is 1.0e-5, 1.5e3 is 1.5e+3. */
static void
yaml11_spelling(const char *s, char *buf, size_t len)
{
	size_t e = strcspn(s, "eE"), n = 0;

	n = (size_t)snprintf(buf, len, "%.*s%s", (int)e, s,
	    memchr(s, '.', e) ? "" : ".0");
	if (s[e] != '\0' && n < len)
		snprintf(buf + n, len - n, "e%s%s", strchr("+-", s[e + 1]) ?
		    "" : "+", s + e + 1);
}

int
hps__wandb_number(struct hps__wandb *w, const struct hps__ynode *n,
    const char *what, double *out, int *isint)
{
	struct hps__pyval v;
	char fix[80];
	double d;

	if (n->type != HPS__Y_SCALAR)
		return hps__wandb_err(w, n, "%s must be a number, not a %s",
		    what, n->type == HPS__Y_SEQ ? "list" : "mapping");
	if (hps__wandb_scalar(n, &v) != 0)
		return hps__wandb_err(w, n, "%s: PyYAML, which W&B uses, "
		    "cannot read '%.64s' as a number", what, n->text);
	if (v.kind == HPS__PY_STR && n->plain &&
	    hps__space_yaml_number(n->text, &d) != 0) {
		yaml11_spelling(n->text, fix, sizeof fix);
		return hps__wandb_err(w, n, "%s: PyYAML, which W&B uses, reads "
		    "'%.32s' as a string (a YAML 1.1 float needs a '.' and a "
		    "signed exponent), so W&B rejects this sweep; write %s or "
		    "!!float %.32s", what, n->text, fix, n->text);
	}
	if (v.kind != HPS__PY_INT && v.kind != HPS__PY_FLOAT)
		return hps__wandb_err(w, n, "%s must be a number, not '%.64s'",
		    what, n->text);
	if (!isfinite(v.num))
		return hps__wandb_err(w, n, "%s must be a finite number, not "
		    "'%.64s'", what, n->text);
	*out = v.num;
	if (isint != NULL)
		*isint = v.kind == HPS__PY_INT;
	return 0;
}

/* A plain YAML word that reads back as the same string in any YAML. */
static int
plain_safe(const char *s)
{
	static const char *const words[] = {"true", "True", "TRUE", "false",
	    "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on",
	    "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "y", "Y",
	    "n", "N"};
	double d;
	size_t i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	    *s == '_' || *s == '/'))
		return 0;
	if (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_./-") != strlen(s) || hps__space_yaml_number(s, &d))
		return 0;
	for (i = 0; i < NWORDS(words); i++)
		if (strcmp(s, words[i]) == 0)
			return 0;
	return 1;
}

void
hps__wandb_put_str(FILE *fp, const char *s)
{
	if (plain_safe(s))
		fputs(s, fp);
	else
		hps__put_quoted(fp, s, '"');
}

void
hps__wandb_put_num(FILE *fp, double x)
{
	struct hps_value v = {HPS_V_FLOAT, x, NULL};
	char buf[64];

	/* %g would write 10 as 1e+01. */
	if (x == floor(x) && fabs(x) < 1e15) {
		fprintf(fp, "%.0f", x);
		return;
	}
	hps_value_format(&v, buf, sizeof buf);
	fputs(buf, fp);
}

/* One line of free text (a description) as a comment. */
static void
put_comment(FILE *fp, const char *label, const char *s)
{
	size_t i, n = strlen(s);

	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		n--;
	fprintf(fp, "# %s: ", label);
	for (i = 0; i < n && i < 200; i++)
		fputc(s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], fp);
	fputs(i < n ? "...\n" : "\n", fp);
}

static int
top_collect(struct hps__wandb *w, const struct hps__ynode *root)
{
	const struct hps__ynode *key;
	const char *near;
	size_t i, j;

	for (i = 0; i < root->nkids; i += 2) {
		key = root->kids[i];
		for (j = 0; j < T_N; j++)
			if (strcmp(key->text, top_names[j]) == 0)
				break;
		if (j < T_N) {
			w->top[j] = root->kids[i + 1];
			continue;
		}
		for (j = 0; j < NWORDS(top_refused); j++)
			if (strcmp(key->text, top_refused[j].key) == 0)
				return hps__wandb_err(w, key, "%s: is not "
				    "supported by hpsd: %s", key->text,
				    top_refused[j].instead);
		near = hps__space_node_suggest(key->text, strlen(key->text),
		    top_names, T_N);
		return hps__wandb_err(w, key, "unknown key '%.64s' in a W&B "
		    "sweep (W&B calls such a file malformed)%s%s%s",
		    key->text, near ? "; did you mean '" : "; W&B's keys are "
		    "program, command, method, metric, run_cap, parameters, "
		    "early_terminate, name, description, project, entity and "
		    "controller", near ? near : "", near ? "'?" : "");
	}
	return 0;
}

/* [A-Za-z0-9._-]{1,64}: hpsd's study names. */
static int
study_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

/* The file's base name without its extension, made a valid study name. */
static void
name_from_path(const char *path, char *out, size_t len)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t i, n;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot != NULL && dot > base ? (size_t)(dot - base) : strlen(base);
	if (n > 64)
		n = 64;
	if (n >= len)
		n = len - 1;
	for (i = 0; i < n; i++)
		out[i] = strchr("._-", base[i]) || (base[i] >= '0' &&
		    base[i] <= '9') || (base[i] >= 'a' && base[i] <= 'z') ||
		    (base[i] >= 'A' && base[i] <= 'Z') ? base[i] : '-';
	out[n] = '\0';
	if (n == 0)
		snprintf(out, len, "sweep");
}

static int
put_name(struct hps__wandb *w)
{
	const char *s = NULL;
	char buf[80];
	int rc;

	if (w->top[T_NAME] != NULL &&
	    (rc = hps__wandb_str(w, w->top[T_NAME], "name", &s)) != 0)
		return rc;
	if (s != NULL && study_name_ok(s)) {
		fprintf(w->fp, "name: %s\n", s);
		return 0;
	}
	name_from_path(w->path, buf, sizeof buf);
	if (s != NULL)
		fprintf(w->fp, "# W&B name '%.64s' is not a study name "
		    "([A-Za-z0-9._-]{1,64}); named after the file instead.\n",
		    s);
	fprintf(w->fp, "name: %s\n", buf);
	return 0;
}

static int
put_metadata(struct hps__wandb *w)
{
	static const int keys[] = {T_DESCRIPTION, T_PROJECT, T_ENTITY};
	const char *s = NULL;
	size_t i;
	int rc;

	for (i = 0; i < NWORDS(keys); i++) {
		if (w->top[keys[i]] == NULL)
			continue;
		if ((rc = hps__wandb_str(w, w->top[keys[i]],
		    top_names[keys[i]], &s)) != 0)
			return rc;
		put_comment(w->fp, keys[i] == T_DESCRIPTION ? "description" :
		    keys[i] == T_PROJECT ? "W&B project (not used by hpsd)" :
		    "W&B entity (not used by hpsd)", s);
	}
	return 0;
}

/*
 * controller, job and image_uri choose where W&B runs things, not what:
 * hpsd is its own controller, and `wandb agent` runs program: (or
 * command:) whatever Launch job the file names for wandb launch-sweep.
 */
static int
put_runner_keys(struct hps__wandb *w)
{
	const struct hps__ynode *c = w->top[T_CONTROLLER], *type = NULL;
	const char *s = "";
	size_t i;
	int j;

	for (i = 0; c != NULL && c->type == HPS__Y_MAP && i < c->nkids;
	    i += 2)
		if (strcmp(c->kids[i]->text, "type") == 0)
			type = c->kids[i + 1];
	if (c != NULL && (type == NULL || type->type != HPS__Y_SCALAR ||
	    (strcmp(type->text, "local") != 0 &&
	    strcmp(type->text, "cloud") != 0)))
		return hps__wandb_err(w, type ? type : c, "controller must be "
		    "{type: local} or {type: cloud} (W&B refuses others)");
	if (c != NULL)
		fprintf(w->fp, "# W&B controller (%s): hpsd chooses and stops "
		    "the trials itself, the same way.\n", type->text);
	for (j = T_JOB; j <= T_IMAGE_URI; j++) {
		if (w->top[j] == NULL)
			continue;
		if (w->top[T_PROGRAM] == NULL && w->top[T_COMMAND] == NULL)
			return hps__wandb_err(w, w->top[j], "W&B Launch %s do "
			    "not run on hpsd; give program: (and command:), "
			    "which wandb agent runs", j == T_JOB ? "jobs" :
			    "images");
		if (hps__wandb_str(w, w->top[j], top_names[j], &s) != 0)
			return HPS_EPARSE;
		fprintf(w->fp, "# W&B Launch %s '%.64s' is for wandb "
		    "launch-sweep; like wandb agent, hpsd runs the command.\n",
		    top_names[j], s);
	}
	return 0;
}

static int
read_method(struct hps__wandb *w, const struct hps__ynode *root)
{
	const struct hps__ynode *n = w->top[T_METHOD];
	const char *s = NULL;
	int rc;

	if (n == NULL)
		return hps__wandb_err(w, root, "a W&B sweep needs method: "
		    "grid, random or bayes");
	if ((rc = hps__wandb_str(w, n, "method", &s)) != 0)
		return rc;
	if (strcmp(s, "grid") == 0 || strcmp(s, "random") == 0 ||
	    strcmp(s, "bayes") == 0)
		w->method = s;
	else if (strcmp(s, "custom") == 0)
		return hps__wandb_err(w, n, "method: custom needs a W&B "
		    "scheduler, which does not run on hpsd; use method: grid, "
		    "random or bayes");
	else
		return hps__wandb_err(w, n, "unknown method '%.64s'; use grid, "
		    "random or bayes", s);
	return 0;
}

/* Any wandb.log key that prints as text: hpsd's metric names. */
static int
metric_name(struct hps__wandb *w, const struct hps__ynode *n, const char **out)
{
	int rc;

	if ((rc = hps__wandb_str(w, n, "metric name", out)) != 0)
		return rc;
	if (!hps_metric_name_ok(*out, strlen(*out)))
		return hps__wandb_err(w, n, "a metric name is 1 to %d bytes of "
		    "text without control characters", HPS_METRIC_NAMEMAX);
	if (hps_metric_is_test(*out))
		return hps__wandb_err(w, n, "metric '%.64s' is a test metric, "
		    "which hpsd never optimises; optimise a validation metric "
		    "and let the test set judge the winner once", *out);
	return 0;
}

enum { M_NAME, M_GOAL, M_TARGET, M_IMPUTE, M_IMPUTE_RUNNING, M_N };

static const char *const metric_keys[M_N] = {"name", "goal", "target",
    "impute", "impute_while_running"};

static int
metric_collect(struct hps__wandb *w, const struct hps__ynode *map,
    const struct hps__ynode **v)
{
	const char *k;
	size_t i, j;

	for (i = 0; i < map->nkids; i += 2) {
		k = map->kids[i]->text;
		for (j = 0; j < M_N && strcmp(k, metric_keys[j]) != 0; j++)
			;
		if (j == M_N)
			return hps__wandb_err(w, map->kids[i], "unknown key "
			    "'%.64s' in metric; W&B's are name, goal, target, "
			    "impute and impute_while_running", k);
		v[j] = map->kids[i + 1];
	}
	if (v[M_NAME] == NULL)
		return hps__wandb_err(w, map, "metric needs name: <metric the "
		    "program prints>");
	return 0;
}

/*
 * impute and impute_while_running say what W&B's Bayesian model assumes
 * for a failed or a running run. hpsd's bayes is another model: it learns
 * from finished trials only, and never from a made-up value.
 */
static int
metric_impute(struct hps__wandb *w, const struct hps__ynode *n, int key)
{
	static const char *const words[] = {"latest", "best", "worst",
	    "false"};
	const char *s = NULL;
	size_t i, nw = key == M_IMPUTE ? 3 : 4;
	int rc;

	if (n == NULL)
		return 0;
	if ((rc = hps__wandb_str(w, n, metric_keys[key], &s)) != 0)
		return rc;
	for (i = 0; i < nw && strcmp(s, words[i]) != 0; i++)
		;
	if (i == nw)
		return hps__wandb_err(w, n, "unknown %s '%.32s'; W&B's are "
		    "latest, best, worst%s", metric_keys[key], s,
		    key == M_IMPUTE ? "" : " and false");
	fprintf(w->fp, "# W&B's metric.%s (%s) is for W&B's Bayesian model; "
	    "hpsd's bayes learns\n# from finished trials only, and never "
	    "from an imputed value.\n", metric_keys[key], s);
	return 0;
}

/*
 * W&B ranks a run by its summary value, which is the last value logged
 * unless the script says otherwise: summary: last.
 */
static int
put_metric(struct hps__wandb *w, const struct hps__ynode *root)
{
	const struct hps__ynode *map = w->top[T_METRIC], *v[M_N] = {0};
	const char *name = NULL, *goal = "minimize";
	double target;
	int rc;

	if (map == NULL)
		return hps__wandb_err(w, root, "this sweep has no metric:, so "
		    "W&B runs it without ranking its runs (and W&B's bayes "
		    "and hyperband refuse it); hpsd ranks trials by a metric: "
		    "add metric: {name: <metric>, goal: minimize or "
		    "maximize}");
	if (map->type != HPS__Y_MAP)
		return hps__wandb_err(w, map, "metric must be a mapping: "
		    "{name: ..., goal: ...}");
	if ((rc = metric_collect(w, map, v)) != 0 ||
	    (rc = metric_name(w, v[M_NAME], &name)) != 0)
		return rc;
	if (v[M_GOAL] != NULL && ((rc = hps__wandb_str(w, v[M_GOAL], "goal",
	    &goal)) != 0))
		return rc;
	if (strcmp(goal, "minimize") != 0 && strcmp(goal, "maximize") != 0)
		return hps__wandb_err(w, v[M_GOAL], "unknown goal '%.64s': W&B "
		    "calls the file malformed and minimizes; write minimize or "
		    "maximize", goal);
	if ((v[M_TARGET] != NULL && (rc = hps__wandb_number(w, v[M_TARGET],
	    "target", &target, NULL)) != 0) ||
	    (rc = metric_impute(w, v[M_IMPUTE], M_IMPUTE)) != 0 ||
	    (rc = metric_impute(w, v[M_IMPUTE_RUNNING], M_IMPUTE_RUNNING)) !=
	    0)
		return rc;
	fprintf(w->fp, "metric: {name: ");
	hps__wandb_put_str(w->fp, name);
	fprintf(w->fp, ", goal: %s, summary: last", goal);
	if (v[M_TARGET] != NULL) {
		fprintf(w->fp, ", target: ");
		hps__wandb_put_num(w->fp, target);
	}
	fprintf(w->fp, "}\n");
	if (v[M_TARGET] != NULL)
		fprintf(w->fp, "# target: the study stops once a trial "
		    "reaches it, as W&B's sweep does.\n");
	return 0;
}

/* run_cap is the budget; without it only a grid ends by itself. */
static int
put_budget(struct hps__wandb *w)
{
	const struct hps__ynode *n = w->top[T_RUN_CAP];
	double cap;
	int isint = 0, rc;

	fprintf(w->fp, "# W&B agents run one trial at a time: raise parallel "
	    "to run more at once.\n");
	if (n == NULL && strcmp(w->method, "grid") == 0) {
		fprintf(w->fp, "budget: {parallel: 1}\n");
		return 0;
	}
	if (n == NULL) {
		fprintf(w->fp, "# No run_cap: like W&B, the study runs until "
		    "you stop it (hps cancel),\n# or reaches metric.target; "
		    "hps submit --trials N runs N, as wandb agent --count N.\n"
		    "budget: {parallel: 1}\n");
		return 0;
	}
	if ((rc = hps__wandb_number(w, n, "run_cap", &cap, &isint)) != 0)
		return rc;
	if (!isint || cap < 1 || cap > 1e9)
		return hps__wandb_err(w, n, "run_cap must be an integer from 1 "
		    "to 1000000000, not %.32s", n->text);
	fprintf(w->fp, "budget: {trials: %.0f, parallel: 1}\n", cap);
	return 0;
}

/*
 * W&B's run config file for every trial, so wandb.config has the trial's
 * values; nested when the sweep has nested parameters, which a name with
 * a dot of its own would then join (W&B keeps it whole).
 */
static int
put_wandb_config(struct hps__wandb *w)
{
	size_t i, nested = 0;

	for (i = 0; i < w->nparams; i++)
		nested += (size_t)w->params[i].nested;
	for (i = 0; nested > 0 && i < w->nparams; i++)
		if (w->params[i].dotted)
			return hps__wandb_err(w, w->params[i].key, "W&B keeps "
			    "'%s' whole in wandb.config, beside nested "
			    "parameters, and hpsd's run config file nests "
			    "every dotted name once any is nested; rename it "
			    "(say with '_')", w->params[i].name);
	fprintf(w->fp, "# wandb.init() reads the trial's values from W&B's "
	    "run config file, as under wandb agent.\nwandb_config: %s\n",
	    nested ? "nested" : "flat");
	return 0;
}

/* Keys given twice: PyYAML, and so W&B, keeps the last; say so. */
static void
put_repeats(struct hps__wandb *w, const struct hps__ynode *n)
{
	size_t i;

	for (i = 0; i < n->nkids; i++) {
		if (n->type == HPS__Y_MAP && i % 2 == 0 && n->kids[i]->dup_line)
			fprintf(w->fp, "# '%.64s' is given twice (lines %d and "
			    "%d); like W&B (PyYAML), hpsd keeps the last.\n",
			    n->kids[i]->text, n->kids[i]->dup_line,
			    n->kids[i]->line);
		put_repeats(w, n->kids[i]);
	}
}

static int
translate(struct hps__wandb *w, const struct hps__ynode *root)
{
	int rc;

	if (root->type != HPS__Y_MAP)
		return hps__wandb_err(w, root, "a W&B sweep must be a mapping "
		    "(program: ..., method: ..., parameters: ...)");
	fprintf(w->fp, "# hpsd space file translated from the W&B sweep "
	    "%s\n# (hps convert prints it; edit and submit it like any "
	    "space file).\n", w->path);
	put_repeats(w, root);
	if ((rc = top_collect(w, root)) != 0 ||
	    (rc = put_name(w)) != 0 ||
	    (rc = put_metadata(w)) != 0 ||
	    (rc = put_runner_keys(w)) != 0 ||
	    (rc = read_method(w, root)) != 0)
		return rc;
	fprintf(w->fp, "method: %s\n", w->method);
	if (strcmp(w->method, "grid") == 0)
		fprintf(w->fp, "# W&B's grid order: itertools.product over the "
		    "parameters sorted by name.\ngrid: {order: listed}\n");
	if ((rc = put_metric(w, root)) != 0 ||
	    (rc = put_budget(w)) != 0 ||
	    (rc = hps__wandb_params(w, root)) != 0 ||
	    (rc = hps__wandb_put_command(w)) != 0 ||
	    (rc = put_wandb_config(w)) != 0)
		return rc;
	fprintf(w->fp, "# print() reaches hpsd at once, not when the buffer "
	    "fills.\nenv: {PYTHONUNBUFFERED: \"1\"}\n");
	hps__wandb_put_params(w);
	return hps__wandb_put_stop(w);
}

/* The translation must parse; if it does not, that is a bug here. */
static int
self_check(const char *path, const char *text, char *err, size_t errlen)
{
	struct hps_space *sp;
	char msg[HPS_ERRMAX];
	int rc;

	rc = hps_space_parse(path, text, strlen(text), &sp, msg, sizeof msg);
	if (rc == 0) {
		hps_space_free(sp);
		return 0;
	}
	if (rc == HPS_ENOMEM)
		return hps_errf(err, errlen, rc, "out of memory");
	return hps_errf(err, errlen, HPS_EPARSE, "%s: the translated space "
	    "file does not parse (a bug in hps; please report it): %s",
	    path, msg);
}

int
hps_wandb_translate(const char *path, const char *text, size_t len,
    char **yaml_out, char *err, size_t errlen)
{
	struct hps__wandb w = {.path = path ? path : "<sweep>", .err = err,
	    .errlen = errlen};
	struct hps__ynode *root = NULL;
	size_t olen;
	int rc;

	*yaml_out = NULL;
	if ((rc = hps__space_yaml_load_last(w.path, text ? text : "",
	    text ? len : 0, &root, err, errlen)) != 0)
		return rc;
	if ((w.fp = open_memstream(&w.out, &olen)) == NULL) {
		hps__space_yaml_free(root);
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	}
	w.root = root;
	rc = translate(&w, root);
	if (fclose(w.fp) != 0 && rc == 0)
		rc = HPS_ENOMEM;
	hps__wandb_params_free(&w);
	hps__space_yaml_free(root);
	if (rc == 0)
		rc = self_check(w.path, w.out, err, errlen);
	if (rc == HPS_ENOMEM)
		hps_errf(err, errlen, rc, "%s: out of memory", w.path);
	if (rc != 0) {
		free(w.out);
		return rc;
	}
	*yaml_out = w.out;
	return 0;
}

/* Does a parameter's spec use W&B's words (distribution:, parameters:)? */
static int
wandb_params(const struct hps__ynode *map)
{
	const struct hps__ynode *spec;
	size_t i, j;

	if (map == NULL || map->type != HPS__Y_MAP)
		return 0;
	for (i = 1; i < map->nkids; i += 2) {
		spec = map->kids[i];
		if (spec->type != HPS__Y_MAP)
			continue;
		for (j = 0; j < spec->nkids; j += 2)
			if (strcmp(spec->kids[j]->text, "distribution") == 0 ||
			    strcmp(spec->kids[j]->text, "parameters") == 0)
				return 1;
	}
	return 0;
}

/* A command list with an item that is one of W&B's macros. */
static int
macro_command(const struct hps__ynode *cmd)
{
	static const char *const macros[] = {"${env}", "${interpreter}",
	    "${program}", "${args}", "${args_no_hyphens}", "${args_no_equals}",
	    "${args_no_boolean_flags}", "${args_json}", "${args_json_file}",
	    "${args_append_hydra}", "${args_override_hydra}"};
	const char *s = NULL;
	size_t i, j;

	if (cmd == NULL || cmd->type != HPS__Y_SEQ)
		return 0;
	for (i = 0; i < cmd->nkids; i++) {
		if (cmd->kids[i]->type != HPS__Y_SCALAR)
			continue;
		s = cmd->kids[i]->text;
		for (j = 0; j < NWORDS(macros); j++)
			if (strcmp(s, macros[j]) == 0)
				return 1;
	}
	return 0;
}

/* A parameter spec with hpsd's type: (W&B's have distribution:). */
static int
typed_params(const struct hps__ynode *map)
{
	const struct hps__ynode *spec;
	size_t i, j;

	for (i = 1; i < map->nkids; i += 2) {
		spec = map->kids[i];
		for (j = 0; spec->type == HPS__Y_MAP && j < spec->nkids; j += 2)
			if (strcmp(spec->kids[j]->text, "type") == 0)
				return 1;
	}
	return 0;
}

/* A command list none of whose words has an hpsd {placeholder}. */
static int
plain_command(const struct hps__ynode *cmd)
{
	size_t i;

	if (cmd->type != HPS__Y_SEQ)
		return 0;
	for (i = 0; i < cmd->nkids; i++)
		if (cmd->kids[i]->type != HPS__Y_SCALAR ||
		    strchr(cmd->kids[i]->text, '{') != NULL)
			return 0;
	return 1;
}

/*
 * Parameters with a method or a metric and only keys both formats have
 * (name, command, method, metric, parameters): a W&B sweep when no
 * parameter has hpsd's type: and the command, if any, is a list with no
 * hpsd {placeholder}, as sweeps made for wandb.agent(..., function=...)
 * or with a fixed command are. A key only hpsd has keeps a file hpsd's.
 */
static int
wandb_shaped(const struct hps__ynode *root)
{
	static const char *const only_hpsd[] = {"budget", "workdir", "shell",
	    "env", "env_from", "seed", "executor", "bayes", "genetic", "grid",
	    "early_stopping", "wandb_config"};
	const struct hps__ynode *params = NULL, *v;
	int method = 0;
	const char *k;
	size_t i, j;

	for (i = 0; i < root->nkids; i += 2) {
		k = root->kids[i]->text;
		v = root->kids[i + 1];
		for (j = 0; j < NWORDS(only_hpsd); j++)
			if (strcmp(k, only_hpsd[j]) == 0)
				return 0;
		if (strcmp(k, "command") == 0 && !plain_command(v))
			return 0;
		if (strcmp(k, "parameters") == 0 && v->type == HPS__Y_MAP)
			params = v;
		method |= strcmp(k, "method") == 0 || strcmp(k, "metric") == 0;
	}
	return params != NULL && method && !typed_params(params);
}

int
hps_wandb_is_sweep(const char *text, size_t len)
{
	static const char *const only_wandb[] = {"program", "run_cap",
	    "early_terminate", "controller", "job", "image_uri", "scheduler",
	    "metrics"};
	struct hps__ynode *root = NULL;
	const struct hps__ynode *k, *cmd = NULL, *params = NULL;
	char err[HPS_ERRMAX];
	size_t i, j;
	int yes = 0;

	if (text == NULL || hps__space_yaml_load_last("", text, len, &root, err,
	    sizeof err) != 0)
		return 0;
	for (i = 0; root->type == HPS__Y_MAP && i < root->nkids; i += 2) {
		k = root->kids[i];
		for (j = 0; j < NWORDS(only_wandb); j++)
			if (strcmp(k->text, only_wandb[j]) == 0)
				yes = 1;
		if (strcmp(k->text, "command") == 0)
			cmd = root->kids[i + 1];
		else if (strcmp(k->text, "parameters") == 0)
			params = root->kids[i + 1];
	}
	yes = yes || macro_command(cmd) || wandb_params(params) ||
	    (root->type == HPS__Y_MAP && wandb_shaped(root));
	hps__space_yaml_free(root);
	return yes;
}
