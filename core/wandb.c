/*
 * W&B sweep files in, hpsd space files out. The sweep is read with the
 * space parser's YAML tree (core/space_yaml.c), so every refusal points at
 * the W&B file's own line and column; the translation is written as text
 * and parsed once more before it is handed out, so the daemon never sees
 * one that does not parse.
 *
 * W&B's meanings come from wandb/sweeps (params.py, grid_search.py,
 * hyperband_stopping.py, config/schema.json) and the agent (sweep command
 * macros). Where hpsd can say the same thing, the translation says it;
 * where it cannot, the file is refused with what to write instead. The
 * parameters are in core/wandb_param.c.
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

/* ASHA's own limits (search/prune.c), checked here to point at W&B's. */
#define ASHA_STEPS_MAX 1e9
#define ASHA_ETA_MAX 1e3
/* W&B lists 100 min_iter bands; the ones below this are compared. */
#define BAND_LIMIT 1e6
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
};

/* W&B keys hpsd cannot honour, and what to do instead. */
static const struct {
	const char *key, *instead;
} top_refused[] = {
	{"controller", "hpsd runs the trials itself, so there is no "
	    "controller to choose; remove controller:"},
	{"job", "W&B Launch jobs do not run on hpsd; give program: (and "
	    "command:) instead"},
	{"image_uri", "W&B Launch images do not run on hpsd; give program: "
	    "(and command:) instead"},
	{"scheduler", "hpsd chooses trials itself; remove scheduler: and use "
	    "method: grid, random or bayes"},
	{"metrics", "hpsd optimises one metric; use metric: {name: ..., "
	    "goal: ...}"},
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

/* Keys as PyYAML, which W&B uses, reads them: yes/no/on/off are booleans. */
int
hps__wandb_bool(const struct hps__ynode *n)
{
	static const char *const t[] = {"true", "True", "TRUE", "yes", "Yes",
	    "YES", "on", "On", "ON"};
	static const char *const f[] = {"false", "False", "FALSE", "no", "No",
	    "NO", "off", "Off", "OFF"};
	size_t i;

	if (n->type != HPS__Y_SCALAR || !n->plain)
		return -1;
	for (i = 0; i < NWORDS(t); i++) {
		if (strcmp(n->text, t[i]) == 0)
			return 1;
		if (strcmp(n->text, f[i]) == 0)
			return 0;
	}
	return -1;
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

int
hps__wandb_number(struct hps__wandb *w, const struct hps__ynode *n,
    const char *what, double *out, int *isint)
{
	struct hps_value v;
	const char *why = NULL;
	int rc;

	if ((rc = hps__space_yaml_value(n, &v, &why)) == 1)
		return hps__wandb_err(w, n, "%s: %s", what, why);
	if (rc != 0)
		return rc;
	hps_value_clear(&v);
	if ((v.kind != HPS_V_INT && v.kind != HPS_V_FLOAT) ||
	    hps__wandb_bool(n) >= 0)
		return hps__wandb_err(w, n, "%s must be a number, not '%.64s'",
		    what, n->text);
	*out = v.num;
	if (isint != NULL)
		*isint = v.kind == HPS_V_INT;
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
	const unsigned char *p;

	if (plain_safe(s)) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
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
		    "sweep%s%s%s", key->text, near ? "; did you mean '" :
		    " (hpsd reads program, command, method, metric, run_cap, "
		    "parameters, early_terminate, name)", near ? near : "",
		    near ? "'?" : "");
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

/* Letters, digits, '_', '.', '-', ':' and '/': hpsd's metric names. */
static int
metric_name(struct hps__wandb *w, const struct hps__ynode *n, const char **out)
{
	size_t len;
	int rc;

	if ((rc = hps__wandb_str(w, n, "metric name", out)) != 0)
		return rc;
	len = strlen(*out);
	if (len >= HPS_METRIC_NAMEMAX || strspn(*out, "abcdefghijklmnopqrstu"
	    "vwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-:/") != len)
		return hps__wandb_err(w, n, "metric name '%.64s' is not one "
		    "hpsd can read from a trial's output: use letters, digits, "
		    "'_', '.', '-', ':' or '/'", *out);
	if (hps_metric_is_test(*out))
		return hps__wandb_err(w, n, "metric '%.64s' is a test metric, "
		    "which hpsd never optimises; optimise a validation metric "
		    "and let the test set judge the winner once", *out);
	return 0;
}

enum { M_NAME, M_GOAL, M_TARGET, M_N };

static int
metric_collect(struct hps__wandb *w, const struct hps__ynode *map,
    const struct hps__ynode **v)
{
	static const char *const keys[M_N] = {"name", "goal", "target"};
	const char *k;
	size_t i, j;

	for (i = 0; i < map->nkids; i += 2) {
		k = map->kids[i]->text;
		for (j = 0; j < M_N && strcmp(k, keys[j]) != 0; j++)
			;
		if (j < M_N) {
			v[j] = map->kids[i + 1];
			continue;
		}
		if (strncmp(k, "impute", 6) == 0)
			return hps__wandb_err(w, map->kids[i], "metric."
			    "%.32s is not supported: hpsd does not impute "
			    "values for failed trials; remove it",
			    k);
		return hps__wandb_err(w, map->kids[i], "unknown key '%.64s' in "
		    "metric; expected name, goal or target", k);
	}
	if (v[M_NAME] == NULL)
		return hps__wandb_err(w, map, "metric needs name: <metric the "
		    "program prints>");
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
		return hps__wandb_err(w, root, "hpsd needs a metric to "
		    "optimise; add metric: {name: <metric>, goal: minimize or "
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
		return hps__wandb_err(w, v[M_GOAL], "unknown goal '%.64s'; use "
		    "minimize or maximize", goal);
	if (v[M_TARGET] != NULL && (rc = hps__wandb_number(w, v[M_TARGET],
	    "target", &target, NULL)) != 0)
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

/* run_cap is the budget; only a grid has a natural end without one. */
static int
put_budget(struct hps__wandb *w, const struct hps__ynode *root)
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
	if (n == NULL)
		return hps__wandb_err(w, root, "hpsd needs a budget: W&B runs "
		    "a %s sweep until you stop it, hpsd until it has run "
		    "run_cap trials; add run_cap: N", w->method);
	if ((rc = hps__wandb_number(w, n, "run_cap", &cap, &isint)) != 0)
		return rc;
	if (!isint || cap < 1 || cap > 1e9)
		return hps__wandb_err(w, n, "run_cap must be an integer from 1 "
		    "to 1000000000, not %.32s", n->text);
	fprintf(w->fp, "budget: {trials: %.0f, parallel: 1}\n", cap);
	return 0;
}

/*
 * {@params_json} nests dotted names, which is how W&B's nested parameters
 * come back; a W&B name that has a dot of its own it would nest too.
 */
static int
json_dotted(struct hps__wandb *w, const char *macro)
{
	size_t i;

	for (i = 0; i < w->nparams; i++)
		if (w->params[i].dotted)
			return hps__wandb_err(w, w->params[i].key, "hpsd's "
			    "${%s} nests dotted names and W&B's does not, so "
			    "'%s' would arrive nested; rename it (say with "
			    "'_') or make it a nested parameters: dictionary",
			    macro, w->params[i].name);
	return 0;
}

/*
 * The W&B agent's values of the macros that stand for one word. Others
 * expand to one word per parameter (args...) or need the trial's values
 * as JSON ({@params_json}).
 */
static int
macro_word(struct hps__wandb *w, const struct hps__ynode *n, const char *name)
{
	const char *prog;
	int rc;

	if (strcmp(name, "env") == 0)
		hps__wandb_put_str(w->fp, "/usr/bin/env");
	else if (strcmp(name, "interpreter") == 0)
		hps__wandb_put_str(w->fp, "python3");
	else if (strcmp(name, "args_json") == 0 ||
	    strcmp(name, "args_json_file") == 0) {
		if ((rc = json_dotted(w, name)) != 0)
			return rc;
		hps__wandb_put_str(w->fp, name[9] ? "{@params_json_file}" :
		    "{@params_json}");
	}
	else if (strcmp(name, "program") == 0) {
		if (w->top[T_PROGRAM] == NULL)
			return hps__wandb_err(w, n, "command uses ${program}, "
			    "but the file has no program:; add program: "
			    "<script>");
		if ((rc = hps__wandb_str(w, w->top[T_PROGRAM], "program",
		    &prog)) != 0)
			return rc;
		hps__wandb_put_word(w->fp, prog);
	} else
		return 1;
	return 0;
}

static int
bool_params(const struct hps__wandb *w)
{
	size_t i;

	for (i = 0; i < w->nparams; i++)
		if (w->params[i].can_bool)
			return 1;
	return 0;
}

/* ${args} and its kin: one word (or two) per parameter. */
static int
macro_args(struct hps__wandb *w, const struct hps__ynode *n, const char *name)
{
	static const char *const forms[] = {"args", "args_no_hyphens",
	    "args_no_equals", "args_no_boolean_flags"};
	const struct hps__wparam *p;
	size_t f, i;

	for (f = 0; f < NWORDS(forms) && strcmp(name, forms[f]) != 0; f++)
		;
	if (f == NWORDS(forms))
		return 1;
	if (f == 3 && bool_params(w))
		return hps__wandb_err(w, n, "${args_no_boolean_flags} leaves "
		    "out the flags whose value is false, and hpsd cannot drop "
		    "an argument by its value; use ${args} and parse "
		    "--flag=true/false");
	for (i = 0; i < w->nparams; i++) {
		p = &w->params[i];
		if (p->nested)
			return hps__wandb_err(w, p->key, "nested parameter "
			    "'%s' reaches ${%s} in W&B as a Python dict "
			    "(--%.*s={...}), which hpsd does not reproduce; "
			    "use ${args_json} or ${args_json_file}, which "
			    "nest it as W&B does", p->name, name,
			    (int)strcspn(p->name, "."), p->name);
		if (i > 0)
			fputs(", ", w->fp);
		if (f == 2)
			fprintf(w->fp, "\"--%s\", \"{%s}\"", p->name, p->name);
		else
			fprintf(w->fp, "\"%s%s={%s}\"", f == 1 ? "" : "--",
			    p->name, p->name);
	}
	return 0;
}

/*
 * One item of W&B's command. The agent expands an item that is exactly
 * ${name} and passes anything else on as it is; an unknown macro it
 * drops. hpsd refuses both of those, which are almost surely mistakes.
 */
static int
command_item(struct hps__wandb *w, const struct hps__ynode *n)
{
	const char *s = NULL;
	char name[64];
	size_t len;
	int b, rc;

	if (n->type != HPS__Y_SCALAR || hps__space_yaml_isnull(n))
		return hps__wandb_err(w, n, "command items must be words");
	s = n->text;
	if ((b = hps__wandb_bool(n)) >= 0)
		s = b ? "True" : "False";	/* Python's str() of it */
	len = strlen(s);
	if (strstr(s, "${envvar:") != NULL)
		return hps__wandb_err(w, n, "${envvar:...} is not supported; "
		    "write the value itself, or pass it through the trial's "
		    "environment (env: in the converted file)");
	if (len > 3 && strncmp(s, "${", 2) == 0 && s[len - 1] == '}' &&
	    len - 3 < sizeof name && strchr(s + 2, '$') == NULL) {
		memcpy(name, s + 2, len - 3);
		name[len - 3] = '\0';
		if ((rc = macro_word(w, n, name)) <= 0 ||
		    (rc = macro_args(w, n, name)) <= 0)
			return rc;
		return hps__wandb_err(w, n, "unknown macro ${%s}; W&B's are "
		    "${env}, ${interpreter}, ${program}, ${args}, "
		    "${args_no_hyphens}, ${args_no_equals}, ${args_json} and "
		    "${args_json_file}", name);
	}
	if (strstr(s, "${") != NULL)
		return hps__wandb_err(w, n, "W&B expands a macro only when it "
		    "is a whole command item, so '%.64s' would reach the "
		    "program as it is; make the macro its own item", s);
	hps__wandb_put_word(w->fp, s);
	return 0;
}

/*
 * The command; W&B's default is ${env} ${interpreter} ${program} ${args}.
 * ${interpreter} becomes python3, not python: Debian and others ship no
 * "python", and a virtual environment has both.
 */
static int
put_command(struct hps__wandb *w)
{
	static const struct hps__ynode dflt[] = {
		{.type = HPS__Y_SCALAR, .line = 1, .col = 1, .text = "${env}"},
		{.type = HPS__Y_SCALAR, .line = 1, .col = 1,
		    .text = "${interpreter}"},
		{.type = HPS__Y_SCALAR, .line = 1, .col = 1,
		    .text = "${program}"},
		{.type = HPS__Y_SCALAR, .line = 1, .col = 1, .text = "${args}"},
	};
	const struct hps__ynode *cmd = w->top[T_COMMAND];
	size_t i, n = cmd ? cmd->nkids : NWORDS(dflt);
	int rc;

	if (cmd != NULL && cmd->type != HPS__Y_SEQ)
		return hps__wandb_err(w, cmd, "command must be a list of words "
		    "in a W&B sweep ([${env}, ${interpreter}, ${program}, "
		    "${args}])");
	if (cmd != NULL && n == 0)
		return hps__wandb_err(w, cmd, "command is empty");
	if (cmd == NULL && w->top[T_PROGRAM] == NULL)
		return hps__wandb_err(w, w->root, "a W&B sweep without "
		    "command: runs its program:; add program: <script> (or "
		    "command:)");
	if (cmd == NULL)
		fprintf(w->fp, "# W&B's default command: ${env} ${interpreter} "
		    "${program} ${args}.\n");
	fprintf(w->fp, "# ${interpreter} is python3 (W&B: python); it runs in "
	    "this file's directory.\ncommand: [");
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", w->fp);
		if ((rc = command_item(w, cmd ? cmd->kids[i] : &dflt[i])) != 0)
			return rc;
	}
	fprintf(w->fp, "]\nworkdir: .\n");
	return 0;
}

/* A literal command word: braces doubled, since hpsd reads {name}. */
void
hps__wandb_put_word(FILE *fp, const char *s)
{
	char *buf, *q;

	if ((buf = malloc(2 * strlen(s) + 1)) == NULL) {
		fputs("\"\"", fp);	/* the stream's error tells */
		return;
	}
	for (q = buf; *s != '\0'; s++) {
		if (*s == '{' || *s == '}')
			*q++ = *s;
		*q++ = *s;
	}
	*q = '\0';
	hps__wandb_put_str(fp, buf);
	free(buf);
}

enum { E_TYPE, E_MIN_ITER, E_MAX_ITER, E_S, E_ETA, E_STRICT, E_N };

static int
hb_collect(struct hps__wandb *w, const struct hps__ynode *map,
    const struct hps__ynode **v)
{
	static const char *const keys[E_N] = {"type", "min_iter", "max_iter",
	    "s", "eta", "strict"};
	size_t i, j;

	if (map->type != HPS__Y_MAP)
		return hps__wandb_err(w, map, "early_terminate must be a "
		    "mapping: {type: hyperband, min_iter: N, eta: 3}");
	for (i = 0; i < map->nkids; i += 2) {
		for (j = 0; j < E_N; j++)
			if (strcmp(map->kids[i]->text, keys[j]) == 0)
				break;
		if (j == E_N)
			return hps__wandb_err(w, map->kids[i], "unknown key "
			    "'%.64s' in early_terminate; expected type, "
			    "min_iter, max_iter, s or eta", map->kids[i]->text);
		v[j] = map->kids[i + 1];
	}
	return 0;
}

static int
hb_int(struct hps__wandb *w, const struct hps__ynode *n, const char *what,
    long *out)
{
	double x = 0;
	int isint = 0, rc;

	if ((rc = hps__wandb_number(w, n, what, &x, &isint)) != 0)
		return rc;
	if (!isint || x < 1 || x > ASHA_STEPS_MAX)
		return hps__wandb_err(w, n, "%s must be an integer from 1 to "
		    "%.0f, not %.32s", what, ASHA_STEPS_MAX, n->text);
	*out = (long)x;
	return 0;
}

/* ASHA's rungs (search/prune_asha.c) below max_steps (0: none), at most n. */
static size_t
asha_rungs(long min, long max, double eta, long *r, size_t n)
{
	double x = 0;
	size_t k;

	for (k = 0; k < n; k++) {
		x = ceil(min * pow(eta, (double)k) - 1e-9);
		if (k > 0 && x <= (double)r[k - 1])
			x = (double)r[k - 1] + 1;
		if (x >= BAND_LIMIT || (max > 0 && x >= (double)max))
			break;
		r[k] = (long)x;
	}
	return k;
}

/* W&B's bands (hyperband_stopping.py), sorted, below BAND_LIMIT. */
static size_t
wandb_bands(long min_iter, long max_iter, long s, double eta, long *r,
    size_t n)
{
	double band;
	size_t k = 0, i;
	long t;

	if (max_iter > 0) {
		band = (double)max_iter;
		for (i = 0; i < (size_t)s && k < n; i++) {
			if ((band /= eta) < 1)
				break;
			r[k++] = (long)band;
		}
		for (i = 0; i < k / 2; i++) {
			t = r[i];
			r[i] = r[k - 1 - i];
			r[k - 1 - i] = t;
		}
		return k;
	}
	for (band = (double)min_iter; k < n && band < BAND_LIMIT; band *= eta)
		r[k++] = (long)band;
	return k;
}

/* At most 4 steps, then "...". */
static void
put_list(FILE *fp, const long *r, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 4; i++)
		fprintf(fp, "%s%ld", i ? ", " : "", r[i]);
	if (n > 4)
		fputs(", ...", fp);
}

static int
hb_refuse(struct hps__wandb *w, const struct hps__ynode *at,
    const long *bands, size_t nb, const long *rungs, size_t nr, double eta)
{
	char *text = NULL;
	size_t tlen;
	FILE *fp;

	if ((fp = open_memstream(&text, &tlen)) == NULL)
		return HPS_ENOMEM;
	fprintf(fp, "W&B's hyperband bands lie at steps ");
	put_list(fp, bands, nb);
	fprintf(fp, ", but hpsd's ASHA rungs at min_steps * eta^k would be ");
	put_list(fp, rungs, nr);
	if (eta != floor(eta))
		fprintf(fp, "; use an integer eta");
	else
		fprintf(fp, "; use min_iter: %ld, or max_iter: %.0f with s: "
		    "%zu", bands[0], bands[0] * pow(eta, (double)nb), nb);
	if (fclose(fp) != 0 || text == NULL) {
		free(text);
		return HPS_ENOMEM;
	}
	hps__wandb_err(w, at, "%s", text);
	free(text);
	return HPS_EPARSE;
}

/*
 * W&B's hyperband and hpsd's ASHA both stop a trial that is not in the
 * top 1/eta at a band (rung); the mapping is exact when the steps agree,
 * and refused otherwise.
 */
static int
hb_map(struct hps__wandb *w, const struct hps__ynode *at, long min_iter,
    long max_iter, long s, double eta)
{
	long bands[64], rungs[64];
	size_t nb, nr;

	nb = wandb_bands(min_iter, max_iter, s, eta, bands, 64);
	if (nb == 0)
		return hps__wandb_err(w, at, "max_iter %ld with eta %g leaves "
		    "no band (max_iter / eta < 1); raise max_iter or lower "
		    "eta", max_iter, eta);
	nr = asha_rungs(bands[0], max_iter, eta, rungs, nb < 64 ? nb + 1 :
	    64);
	if (nr != nb || memcmp(bands, rungs, nb * sizeof *bands) != 0)
		return hb_refuse(w, at, bands, nb, rungs, nr, eta);
	fprintf(w->fp, "# W&B hyperband (%s) as ASHA: trials are judged at "
	    "steps ", max_iter ? "max_iter, s" : "min_iter");
	put_list(w->fp, rungs, nr);
	fprintf(w->fp, " as in W&B;\n# a step is the epoch= the program "
	    "prints (W&B counts logged values).\nearly_stopping: {rule: "
	    "asha, min_steps: %ld", bands[0]);
	if (max_iter > 0)
		fprintf(w->fp, ", max_steps: %ld", max_iter);
	fprintf(w->fp, ", eta: ");
	hps__wandb_put_num(w->fp, eta);
	fprintf(w->fp, "}\n");
	return 0;
}

static int
put_early_stopping(struct hps__wandb *w)
{
	const struct hps__ynode *map = w->top[T_EARLY_TERMINATE], *v[E_N] = {0};
	const char *type;
	long min_iter = 0, max_iter = 0, s = 0;
	double eta = 3;
	int rc;

	if (map == NULL)
		return 0;
	if ((rc = hb_collect(w, map, v)) != 0)
		return rc;
	if (v[E_TYPE] == NULL)
		return hps__wandb_err(w, map, "early_terminate needs type: "
		    "hyperband");
	if ((rc = hps__wandb_str(w, v[E_TYPE], "type", &type)) != 0)
		return rc;
	if (strcmp(type, "hyperband") != 0)
		return hps__wandb_err(w, v[E_TYPE], "unknown early_terminate "
		    "type '%.64s'; hpsd maps type: hyperband onto its ASHA "
		    "rule", type);
	if (v[E_MIN_ITER] != NULL && v[E_MAX_ITER] != NULL)
		return hps__wandb_err(w, v[E_MAX_ITER], "give min_iter, or "
		    "max_iter with s, not both (W&B then ignores min_iter)");
	if (v[E_ETA] != NULL && ((rc = hps__wandb_number(w, v[E_ETA], "eta",
	    &eta, NULL)) != 0))
		return rc;
	if (!(eta > 1) || eta > ASHA_ETA_MAX)
		return hps__wandb_err(w, v[E_ETA], "eta must be more than 1 "
		    "and at most %g", ASHA_ETA_MAX);
	if (v[E_STRICT] != NULL && hps__wandb_bool(v[E_STRICT]) < 0)
		return hps__wandb_err(w, v[E_STRICT], "strict must be true or "
		    "false");
	if (v[E_MAX_ITER] != NULL) {
		if ((rc = hb_int(w, v[E_MAX_ITER], "max_iter", &max_iter)) != 0)
			return rc;
		if (v[E_S] == NULL)
			return hps__wandb_err(w, map, "max_iter needs s: (the "
			    "number of bands below max_iter)");
		if ((rc = hb_int(w, v[E_S], "s", &s)) != 0)
			return rc;
		return hb_map(w, v[E_MAX_ITER], 0, max_iter, s, eta);
	}
	if (v[E_MIN_ITER] == NULL)
		return hps__wandb_err(w, map, "hyperband needs min_iter: N, or "
		    "max_iter: N with s: K");
	if ((rc = hb_int(w, v[E_MIN_ITER], "min_iter", &min_iter)) != 0)
		return rc;
	return hb_map(w, v[E_MIN_ITER], min_iter, 0, 0, eta);
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
	if ((rc = top_collect(w, root)) != 0 ||
	    (rc = put_name(w)) != 0 ||
	    (rc = put_metadata(w)) != 0 ||
	    (rc = read_method(w, root)) != 0)
		return rc;
	fprintf(w->fp, "method: %s\n", w->method);
	if ((rc = put_metric(w, root)) != 0 ||
	    (rc = put_budget(w, root)) != 0 ||
	    (rc = hps__wandb_params(w, root)) != 0 ||
	    (rc = put_command(w)) != 0)
		return rc;
	fprintf(w->fp, "# print() reaches hpsd at once, not when the buffer "
	    "fills.\nenv: {PYTHONUNBUFFERED: \"1\"}\n");
	hps__wandb_put_params(w);
	return put_early_stopping(w);
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
	if ((rc = hps__space_yaml_load(w.path, text ? text : "", text ? len :
	    0, &root, err, errlen)) != 0)
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
	    "${args_no_boolean_flags}", "${args_json}", "${args_json_file}"};
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

int
hps_wandb_is_sweep(const char *text, size_t len)
{
	static const char *const only_wandb[] = {"program", "run_cap",
	    "early_terminate", "controller"};
	struct hps__ynode *root = NULL;
	const struct hps__ynode *k, *cmd = NULL, *params = NULL;
	char err[HPS_ERRMAX];
	size_t i, j;
	int yes = 0;

	if (text == NULL || hps__space_yaml_load("", text, len, &root, err,
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
	yes = yes || macro_command(cmd) || wandb_params(params);
	hps__space_yaml_free(root);
	return yes;
}
