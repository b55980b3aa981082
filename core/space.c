/*
 * The search-space file: hps_space_parse checks every setting of a study's
 * space file and builds struct hps_space; nothing past it re-checks them.
 *
 * Each section (the top level, budget, a parameter's spec) is a
 * table of keys, so a new setting is one line in a table plus its handler.
 * Handlers run in table order, not file order, so a key may rely on one
 * above it in the table: the grid check on method, command on parameters.
 * metric: is read in core/space_objective.c, limits: in core/limits.c.
 * Parameter specs are read in core/space_param.c, their when: and per:
 * structure in core/space_cond.c, constraints: in core/constraint.c, the
 * command in core/cmdline.c, typed values in core/space_node.c and the
 * YAML tree in core/space_yaml.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hps/constraint.h"
#include "hps/error.h"
#include "hps/metric.h"
#include "hps/space.h"
#include "space_int.h"

/* Larger than any real space file; keeps a fuzzer's inputs cheap. */
#define SPACE_MAXLEN (1 << 20)
#define TRIALS_MAX 1000000000L
#define PARALLEL_MAX 1024

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

/* Characters after the first; the first is checked by the caller. */
static int
name_chars(const char *s, const char *extra, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '_' &&
		    strchr(extra, s[i]) == NULL)
			return 0;
	}
	return i >= 1 && i <= max;
}

#define BAD_NAME "bad study name '%.64s': use 1 to 64 letters, digits, " \
	"'.', '_' or '-', not . or .. (it names the study's directory)"

/* A study's name is also its directory under studies/. */
static int
study_name_ok(const char *s)
{
	return name_chars(s, ".-", 64) && strcmp(s, ".") != 0 &&
	    strcmp(s, "..") != 0;
}

int
hps_space_rename(struct hps_space *sp, const char *name, char *err,
    size_t errlen)
{
	char *copy;

	if (!study_name_ok(name))
		return hps_errf(err, errlen, HPS_EINVAL, BAD_NAME, name);
	if ((copy = strdup(name)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	free(sp->name);
	sp->name = copy;
	return 0;
}

static int
top_name(struct hps__pctx *c, const struct hps__ynode *n)
{
	const char *s;
	int rc;

	if ((rc = hps__space_node_str(c, n, "name", &s)) != 0)
		return rc;
	if (!study_name_ok(s))
		return hps__space_node_err(c, n, BAD_NAME, s);
	if ((c->sp->name = strdup(s)) == NULL)
		return HPS_ENOMEM;
	c->sp->name_line = n->line;
	c->sp->name_col = n->col;
	return 0;
}

/* a, then b's first blen bytes: a malloc'ed string. */
static char *
str_cat(const char *a, const char *b, size_t blen)
{
	size_t alen = strlen(a);
	char *s;

	if ((s = malloc(alen + blen + 1)) == NULL)
		return NULL;
	memcpy(s, a, alen);
	memcpy(s + alen, b, blen);
	s[alen + blen] = '\0';
	return s;
}

/* The directory of the space file with a trailing '/', absolute. */
static char *
file_dir(const char *file)
{
	const char *slash = file ? strrchr(file, '/') : NULL;
	size_t len = slash == NULL ? 0 : (size_t)(slash - file) + 1;
	char *cwd, *dir;

	if (len > 0 && *file == '/')
		return str_cat("", file, len);
	if ((cwd = getcwd(NULL, 0)) == NULL)
		return NULL;
	if ((dir = str_cat(cwd, "/", 1)) != NULL) {
		free(cwd);
		cwd = dir;
		dir = str_cat(cwd, file ? file : "", len);
	}
	free(cwd);
	return dir;
}

static int
workdir_resolve(struct hps__pctx *c, const struct hps__ynode *n,
    const char *wd)
{
	char *dir, *joined, *real;
	struct stat st;
	int rc = 0;

	if ((dir = *wd == '/' ? strdup("") : file_dir(c->file)) == NULL)
		return HPS_ENOMEM;
	joined = str_cat(dir, wd, strlen(wd));
	free(dir);
	if (joined == NULL)
		return HPS_ENOMEM;
	if ((real = realpath(joined, NULL)) == NULL)
		rc = errno == ENOMEM ? HPS_ENOMEM : hps__space_node_err(c, n,
		    "workdir '%.200s' %s; create it or fix workdir:", joined,
		    errno == ENOENT ? "does not exist" : strerror(errno));
	else if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
		rc = hps__space_node_err(c, n, "workdir '%.200s' is not a "
		    "directory", real);
	free(joined);
	if (rc != 0)
		free(real);
	else
		c->sp->workdir = real;
	return rc;
}

static int
top_workdir(struct hps__pctx *c, const struct hps__ynode *n)
{
	const char *s;
	int rc;

	if ((rc = hps__space_node_str(c, n, "workdir", &s)) != 0)
		return rc;
	return workdir_resolve(c, n, s);
}

/* Any method name: the search layer knows which exist. */
static int
top_method(struct hps__pctx *c, const struct hps__ynode *n)
{
	const char *s;
	char *copy;
	int rc;

	if ((rc = hps__space_node_str(c, n, "method", &s)) != 0)
		return rc;
	if (!name_chars(s, "-", 64))
		return hps__space_node_err(c, n, "bad method name '%.64s': use "
		    "letters, digits, '_' or '-'", s);
	if ((copy = strdup(s)) == NULL)
		return HPS_ENOMEM;
	free(c->sp->method);
	c->sp->method = copy;
	c->sp->method_line = n->line;
	c->sp->method_col = n->col;
	return 0;
}

static int
top_shell(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_bool(c, n, "shell", &c->sp->shell);
}

/*
 * A file without metric: runs its trials unranked, as a W&B grid or
 * random sweep without one does; what compares trials needs the metric.
 * Handlers below metric in top_keys call this before reading n.
 */
int
hps__space_needs_metric(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what)
{
	if (c->sp->metric != NULL)
		return 0;
	return hps__space_node_err(c, n, "%s compares trials by the metric, "
	    "and this file has no metric:; add metric: {name: ..., goal: "
	    "minimize or maximize}", what);
}

/* Only grid and random run without a metric: bayes and genetic learn
 * from it. The method, read above metric, is checked once all is read. */
static int
method_needs_metric(struct hps__pctx *c)
{
	struct hps__ynode at = {.line = c->sp->method_line,
	    .col = c->sp->method_col};

	if (c->sp->metric != NULL || hps_space_grid(c->sp) ||
	    strcmp(c->sp->method, "random") == 0)
		return 0;
	return hps__space_node_err(c, &at, "method %s learns from the "
	    "metric, and this file has no metric:; add metric: {name: ..., "
	    "goal: minimize or maximize}, or use method: grid or random, "
	    "which run every trial unranked", c->sp->method);
}

/*
 * Without trials a grid runs its whole grid and any other method runs
 * until it is cancelled or reaches metric.target (sp->trials stays 0).
 */
static int
budget_trials(struct hps__pctx *c, const struct hps__ynode *n)
{
	long lo = hps_space_grid(c->sp) ? 0 : 1;

	return hps__space_node_long(c, n, "trials", lo, TRIALS_MAX,
	    &c->sp->trials);
}

static int
budget_parallel(struct hps__pctx *c, const struct hps__ynode *n)
{
	long v;
	int rc;

	rc = hps__space_node_long(c, n, "parallel", 1, PARALLEL_MAX, &v);
	c->sp->parallel = (int)v;
	return rc;
}

static int
budget_timeout(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_duration(c, n, "timeout", &c->sp->timeout);
}

static int
budget_max_failures(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_long(c, n, "max_failures", 1, TRIALS_MAX,
	    &c->sp->max_failures);
}

static int
budget_retries(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_long(c, n, "retries", 0, 100, &c->sp->retries);
}

static const struct hps__key budget_keys[] = {
	{"trials", budget_trials, 0, NULL},
	{"retries", budget_retries, 0, NULL},
	{"parallel", budget_parallel, 0, NULL},
	{"timeout", budget_timeout, 0, NULL},
	{"max_failures", budget_max_failures, 0, NULL},
	{"time", hps__life_time, 0, NULL},
	{"until", hps__life_until, 0, NULL},
	{"patience", hps__life_patience, 0, NULL},
	{"hard", hps__life_hard, 0, NULL},
};

static int
top_budget(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_dispatch(c, n, "budget", budget_keys,
	    NWORDS(budget_keys));
}

static int
top_seed(struct hps__pctx *c, const struct hps__ynode *n)
{
	const char *s;
	char *end;
	int rc;

	if ((rc = hps__space_node_str(c, n, "seed", &s)) != 0)
		return rc;
	if (*s < '0' || *s > '9')
		goto bad;
	errno = 0;
	c->sp->seed = strtoull(s, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		goto bad;
	return 0;
bad:
	return hps__space_node_err(c, n, "seed must be a non-negative integer "
	    "below 2^64, not '%.32s'", s);
}

static int
top_parameters(struct hps__pctx *c, const struct hps__ynode *map)
{
	struct hps__pdecl *d;
	size_t i, n;
	int rc = 0;

	if (map->type != HPS__Y_MAP)
		return hps__space_node_err(c, map, "parameters must be a "
		    "mapping of name: {type: ..., ...}");
	if ((n = map->nkids / 2) == 0)
		return hps__space_node_err(c, map, "parameters is empty; add "
		    "at least one parameter");
	if ((d = calloc(n, sizeof *d)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; rc == 0 && i < n; i++)
		rc = hps__space_param(c, &d[i], map->kids[2 * i],
		    map->kids[2 * i + 1]);
	if (rc == 0)
		rc = hps__space_structure(c, d, n);
	hps__space_pdecl_free(d, n);
	return rc;
}

static int
env_entry(struct hps__pctx *c, const struct hps__ynode *key,
    const struct hps__ynode *val, char **out)
{
	const char *name = key->text, *v;
	char *eq;

	if (!((*name >= 'A' && *name <= 'Z') || (*name >= 'a' &&
	    *name <= 'z') || *name == '_') || !name_chars(name, "", SIZE_MAX))
		return hps__space_node_err(c, key, "bad environment name "
		    "'%.64s': use letters, digits and '_', not starting with "
		    "a digit", name);
	if (strncmp(name, "HPS_", 4) == 0)
		return hps__space_node_err(c, key, "environment name '%.64s' "
		    "is reserved (hpsd sets HPS_ variables); rename it", name);
	if (val->type != HPS__Y_SCALAR)
		return hps__space_node_err(c, val, "env %.64s must be a single "
		    "value, not a list or mapping", name);
	v = hps__space_yaml_isnull(val) ? "" : val->text;
	if ((eq = str_cat(name, "=", 1)) == NULL)
		return HPS_ENOMEM;
	*out = str_cat(eq, v, strlen(v));
	free(eq);
	return *out == NULL ? HPS_ENOMEM : 0;
}

static int
top_env(struct hps__pctx *c, const struct hps__ynode *map)
{
	struct hps_space *sp = c->sp;
	size_t i;
	int rc;

	if (map->type != HPS__Y_MAP)
		return hps__space_node_err(c, map, "env must be a mapping of "
		    "NAME: value");
	/* NULL-terminated too, so it can extend an environ directly. */
	if ((sp->env = calloc(map->nkids / 2 + 1, sizeof *sp->env)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < map->nkids; i += 2) {
		rc = env_entry(c, map->kids[i], map->kids[i + 1],
		    &sp->env[sp->nenv]);
		if (rc != 0)
			return rc;
		sp->nenv++;
	}
	return 0;
}

/* env_from: names of variables the trial gets from hpsd's environment. */
static int
top_env_from(struct hps__pctx *c, const struct hps__ynode *list)
{
	struct hps_space *sp = c->sp;
	const char *name;
	size_t i;

	if (list->type != HPS__Y_SEQ)
		return hps__space_node_err(c, list, "env_from must be a list of "
		    "variable names, e.g. env_from: [WANDB_API_KEY]");
	if ((sp->env_from = calloc(list->nkids + 1, sizeof *sp->env_from)) ==
	    NULL)
		return HPS_ENOMEM;
	for (i = 0; i < list->nkids; i++) {
		name = list->kids[i]->type == HPS__Y_SCALAR ?
		    list->kids[i]->text : "";
		if (!((*name >= 'A' && *name <= 'Z') || (*name >= 'a' &&
		    *name <= 'z') || *name == '_') || !name_chars(name, "",
		    SIZE_MAX) || strncmp(name, "HPS_", 4) == 0)
			return hps__space_node_err(c, list->kids[i], "bad "
			    "env_from name '%.64s': use letters, digits and '_',"
			    " not starting with a digit or HPS_", name);
		if ((sp->env_from[sp->nenv_from++] = strdup(name)) == NULL)
			return HPS_ENOMEM;
	}
	return 0;
}

/*
 * wandb_config: flat | nested writes W&B's run config file for every
 * trial and points WANDB_SWEEP_PARAM_PATH at it, so wandb.init() puts the
 * trial's values in wandb.config; nested makes opt.lr opt: {lr: ...}.
 */
static int
top_wandb_config(struct hps__pctx *c, const struct hps__ynode *n)
{
	static const char *const words[] = {"none", "flat", "nested"};
	size_t i;
	int rc;

	if ((rc = hps__space_node_word(c, n, "wandb_config", words,
	    NWORDS(words), &i)) != 0)
		return rc;
	c->sp->wandb_config = (enum hps_wandb_config)i;
	if (c->sp->wandb_config == HPS_WANDB_CONFIG_NESTED)
		return hps__cmdline_nest_check(c, n, "wandb_config: nested");
	return 0;
}

/* Sections their owners check (see space_section.c). */
static int
top_early_stopping(struct hps__pctx *c, const struct hps__ynode *n)
{
	int rc;

	if ((rc = hps__space_needs_metric(c, n, "early_stopping")) != 0)
		return rc;
	return hps__space_section(c, "early_stopping", n);
}

static int
top_executor(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_section(c, "executor", n);
}

/* The method's own options, under its name (bayes:, genetic:...). */
static int
top_method_options(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_section(c, c->sp->method, n);
}

/* In table order: each handler may rely on those above it. */
static const struct hps__key top_keys[] = {
	{"name", top_name, 1, "add name: <study name>"},
	{"workdir", top_workdir, 0, NULL},
	{"method", top_method, 0, NULL},
	{"shell", top_shell, 0, NULL},
	{"metric", hps__space_metric, 0, NULL},
	{"limits", hps__space_limits, 0, NULL},
	{"budget", top_budget, 0, NULL},
	{"seed", top_seed, 0, NULL},
	{"parameters", top_parameters, 1, "add parameters: {name: {...}}"},
	{"constraints", hps__space_constraints, 0, NULL},
	{"command", hps__cmdline_command, 1, "add command: ./train {param}"},
	{"wandb_config", top_wandb_config, 0, NULL},
	{"env", top_env, 0, NULL},
	{"env_from", top_env_from, 0, NULL},
	{"early_stopping", top_early_stopping, 0, NULL},
	{"executor", top_executor, 0, NULL},
	{"metric_patterns", hps__space_metric_patterns, 0, NULL},
	{"warm_start", hps__life_warm_start, 0, NULL},
	{"stall", hps__life_stall, 0, NULL},
	{"stall_action", hps__life_stall_action, 0, NULL},
	{"on", hps__life_on, 0, NULL},
	{"confirm", hps__space_confirm, 0, NULL},
};

/*
 * The top level's keys: the table, then a section named as the file's
 * method (the default, random, when it names none) for that method's
 * options. It comes last, so the method is known when it is read.
 */
static size_t
top_table(const struct hps__ynode *root, struct hps__key *tab)
{
	const char *method = "random";
	size_t i, n = NWORDS(top_keys);

	memcpy(tab, top_keys, sizeof top_keys);
	for (i = 0; i + 1 < root->nkids; i += 2)
		if (strcmp(root->kids[i]->text, "method") == 0 &&
		    root->kids[i + 1]->type == HPS__Y_SCALAR)
			method = root->kids[i + 1]->text;
	for (i = 0; i < NWORDS(top_keys); i++)
		if (strcmp(top_keys[i].name, method) == 0)
			return n;
	tab[n] = (struct hps__key){method, top_method_options, 0, NULL};
	return n + 1;
}

static int
space_root(struct hps__pctx *c, const struct hps__ynode *root)
{
	struct hps__key tab[NWORDS(top_keys) + 1];
	struct hps__ynode top = {.line = 1, .col = 1};
	int rc;

	/* Only comments or a bare "---": empty, wherever libyaml put it. */
	if (root->type != HPS__Y_MAP && hps__space_yaml_isnull(root))
		return hps__space_node_err(c, &top, "file is empty; a space "
		    "file needs name:, command: and parameters: (and metric: "
		    "to rank trials)");
	if (root->type != HPS__Y_MAP)
		return hps__space_node_err(c, root, "a space file must be a "
		    "mapping of settings (name: ..., command: ...)");
	rc = hps__space_node_dispatch(c, root, NULL, tab, top_table(root,
	    tab));
	if (rc != 0 || (rc = method_needs_metric(c)) != 0)
		return rc;
	if (c->sp->workdir == NULL)
		return workdir_resolve(c, root, ".");
	return 0;
}

static struct hps_space *
space_new(const char *path, const char *text, size_t len)
{
	struct hps_space *sp;

	if ((sp = calloc(1, sizeof *sp)) == NULL)
		return NULL;
	sp->parallel = 1;
	sp->max_failures = 10;
	sp->retries = 2;
	sp->path = strdup(path);
	sp->text = malloc(len + 1);
	sp->method = strdup("random");
	if (sp->path == NULL || sp->text == NULL || sp->method == NULL) {
		hps_space_free(sp);
		return NULL;
	}
	if (len > 0)
		memcpy(sp->text, text, len);
	sp->text[len] = '\0';
	return sp;
}

/* A stored study's outcomes: metric: and limits:, nothing else read. */
static int
outcomes_root(struct hps__pctx *c, const struct hps__ynode *root)
{
	static const struct hps__key keys[] = {
		{"metric", hps__space_metric, 1, NULL},
		{"limits", hps__space_limits, 0, NULL},
	};
	size_t i, k;
	int rc;

	if (root->type != HPS__Y_MAP)
		return hps__space_node_err(c, root, "a space file must be a "
		    "mapping of settings (name: ..., command: ...)");
	for (k = 0; k < NWORDS(keys); k++)
		for (i = 0; i + 1 < root->nkids; i += 2)
			if (strcmp(root->kids[i]->text, keys[k].name) == 0 &&
			    (rc = keys[k].fn(c, root->kids[i + 1])) != 0)
				return rc;
	if (c->sp->nobj == 0)
		return hps__space_node_err(c, root, "missing required key"
		    " 'metric'");
	return 0;
}

/* Parse text with root as the top level's reader. */
static int
space_parse_with(const char *path, const char *text, size_t len,
    int (*root_fn)(struct hps__pctx *, const struct hps__ynode *),
    struct hps_space **out, char *err, size_t errlen)
{
	struct hps__pctx c = {.file = path, .path = path ? path : "<space>",
	    .err = err, .errlen = errlen};
	struct hps__ynode *root = NULL;
	int rc;

	*out = NULL;
	if (text == NULL)
		len = 0;
	if (len > SPACE_MAXLEN)
		return hps_errf(err, errlen, HPS_EPARSE, "%s:1:1: file is "
		    "larger than %d bytes", c.path, SPACE_MAXLEN);
	if ((c.sp = space_new(c.path, text, len)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	rc = hps__space_yaml_load(c.path, text ? text : "", len, &root, err,
	    errlen);
	if (rc == 0)
		rc = root_fn(&c, root);
	hps__space_yaml_free(root);
	if (rc != 0) {
		hps_space_free(c.sp);
		if (rc == HPS_ENOMEM)
			hps_errf(err, errlen, rc, "%s: out of memory", c.path);
		return rc;
	}
	*out = c.sp;
	return 0;
}

int
hps_space_parse(const char *path, const char *text, size_t len,
    struct hps_space **out, char *err, size_t errlen)
{
	return space_parse_with(path, text, len, space_root, out, err,
	    errlen);
}

int
hps_space_parse_outcomes(const char *path, const char *text, size_t len,
    struct hps_space **out, char *err, size_t errlen)
{
	return space_parse_with(path, text, len, outcomes_root, out, err,
	    errlen);
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Sections (bayes:, genetic:, ...) and their options. */
static void
sections_free(struct hps_section *s, size_t n)
{
	size_t i, j;

	for (i = 0; s != NULL && i < n; i++) {
		for (j = 0; j < s[i].nopts; j++) {
			free(s[i].opts[j].key);
			hps_value_clear(&s[i].opts[j].value);
			strv_free(s[i].opts[j].list, s[i].opts[j].nlist);
		}
		free(s[i].opts);
		free(s[i].name);
	}
	free(s);
}

void
hps__space_param_free(struct hps_param *p)
{
	size_t i;

	free(p->name);
	hps_values_free(p->values, p->nvalues);
	for (i = 0; i < p->nconds; i++)
		hps_values_free(p->conds[i].values, p->conds[i].nvalues);
	free(p->conds);
}

void
hps_space_free(struct hps_space *sp)
{
	size_t i;

	if (sp == NULL)
		return;
	hps__life_free(&sp->life, sp->params, sp->nparams);
	sections_free(sp->sections, sp->nsections);
	hps_metric_patterns_free(sp->patterns);
	for (i = 0; i < sp->nparams; i++)
		hps__space_param_free(&sp->params[i]);
	free(sp->params);
	for (i = 0; i < sp->nlists; i++)
		free(sp->lists[i].name);
	free(sp->lists);
	free(sp->order);
	for (i = 0; i < sp->nconstraints; i++)
		hps_constraint_free(sp->constraints[i]);
	free(sp->constraints);
	strv_free(sp->argv, sp->argc);
	strv_free(sp->env, sp->nenv);
	strv_free(sp->env_from, sp->nenv_from);
	free(sp->path);
	free(sp->text);
	free(sp->name);
	free(sp->command);
	free(sp->workdir);
	hps__space_objectives_free(sp);
	hps__space_limits_free(sp);
	free(sp->method);
	free(sp);
}

int
hps_space_find(const struct hps_space *sp, const char *name)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++) {
		if (sp->params[i].name != NULL &&
		    strcmp(sp->params[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

const char *
hps_space_goal(const struct hps_space *sp)
{
	if (sp->metric == NULL)
		return NULL;
	return sp->goal == HPS_MAXIMIZE ? "maximize" : "minimize";
}

int
hps_space_grid(const struct hps_space *sp)
{
	return strcmp(sp->method, "grid") == 0;
}

const char *
hps_space_suggest(const char *word, const char *const *cands, size_t n)
{
	return hps__space_node_suggest(word, strlen(word), cands, n);
}
