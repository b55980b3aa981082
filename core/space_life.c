/*
 * The space file's keys for a study's life (hps/life.h): warm_start
 * (points and from), budget.time, budget.until, budget.patience,
 * budget.hard, stall, stall_action and on. core/space.c lists them in
 * its key tables; each is checked here with file:line:column messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/point.h"
#include "space_int.h"

#define TRIALS_MAX 1000000000L

/* ---- budget: time, until, patience, hard ---- */

int
hps__life_time(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_duration(c, n, "time", &c->sp->life.time);
}

/* "07:30": the next time the clock shows it, local time. */
int
hps__life_until(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_life *l = &c->sp->life;
	int h, m, end = 0, rc;
	const char *s;

	if ((rc = hps__space_node_str(c, n, "until", &s)) != 0)
		return rc;
	if (l->time > 0)
		return hps__space_node_err(c, n, "give budget.time or"
		    " budget.until, not both");
	if (sscanf(s, "%2d:%2d%n", &h, &m, &end) != 2 || s[end] != '\0' ||
	    h < 0 || h > 23 || m < 0 || m > 59 || strlen(s) < 4)
		return hps__space_node_err(c, n, "until must be a local time of"
		    " day as HH:MM (\"07:30\"), not '%.32s'", s);
	l->has_until = 1;
	l->until = h * 60 + m;
	return 0;
}

int
hps__life_patience(struct hps__pctx *c, const struct hps__ynode *n)
{
	int rc;

	if ((rc = hps__space_needs_metric(c, n, "budget.patience")) != 0)
		return rc;
	return hps__space_node_long(c, n, "patience", 1, TRIALS_MAX,
	    &c->sp->life.patience);
}

int
hps__life_hard(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_life *l = &c->sp->life;
	int rc;

	if ((rc = hps__space_node_bool(c, n, "hard", &l->hard)) != 0)
		return rc;
	if (l->hard && l->time <= 0 && !l->has_until)
		return hps__space_node_err(c, n, "hard: true stops the trials"
		    " at the deadline; give budget.time or budget.until");
	return 0;
}

/* ---- warm_start: points and from ---- */

/* The value node val of parameter k in a point. */
static int
point_value(struct hps__pctx *c, const struct hps__ynode *val, int k,
    struct hps_value *out)
{
	const struct hps_param *p = &c->sp->params[k];
	struct hps_value v = {HPS_V_STR, 0, NULL};
	char why[128];
	int rc;

	if ((rc = hps__space_node_value(c, val, p->name, &v)) != 0)
		return rc;
	rc = hps_point_value(c->sp, p, &v, out, why, sizeof why);
	hps_value_clear(&v);
	if (rc == 1)
		return hps__space_node_err(c, val, "%s: %.64s %s", p->name,
		    val->text ? val->text : "", why);
	return rc;
}

static int
unknown_name(struct hps__pctx *c, const struct hps__ynode *key)
{
	const char *names[HPS__YAML_MAXITEMS], *near;
	size_t i;

	for (i = 0; i < c->sp->nparams && i < HPS__YAML_MAXITEMS; i++)
		names[i] = c->sp->params[i].name;
	near = hps_space_suggest(key->text, names, i);
	return hps__space_node_err(c, key, "warm_start point names '%.64s',"
	    " which is not a parameter%s%s%s", key->text, near ?
	    " (did you mean " : "", near ? near : "", near ? "?)" : "");
}

/* A parameter the point leaves out: its default, or its constant. */
static int
point_default(struct hps__pctx *c, const struct hps__ynode *map, size_t k,
    struct hps_value *out)
{
	const struct hps_param *p = &c->sp->params[k];

	if (p->type == HPS_P_CONST)
		return hps_value_copy(out, &p->values[0]);
	if (p->dflt != NULL)
		return hps_value_copy(out, p->dflt);
	if (hps_point_may_lack(p)) {	/* hps_point_fit decides */
		*out = (struct hps_value){HPS_V_NONE, 0, NULL};
		return 0;
	}
	return hps__space_node_err(c, map, "warm_start point has no %s and %s"
	    " has no default:; give %s: VALUE in the point", p->name, p->name,
	    p->name);
}

static int
point_read(struct hps__pctx *c, const struct hps__ynode *map,
    struct hps_point *pt)
{
	const struct hps_space *sp = c->sp;
	char *given, why[160];
	size_t i;
	int k, rc = 0;

	if (map->type != HPS__Y_MAP)
		return hps__space_node_err(c, map, "a warm_start point must be"
		    " a mapping of parameter: value, like {lr: 0.001}");
	pt->line = map->line;
	pt->col = map->col;
	if ((pt->vals = calloc(sp->nparams + 1, sizeof *pt->vals)) == NULL ||
	    (given = calloc(sp->nparams + 1, 1)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; rc == 0 && i < map->nkids; i += 2) {
		if ((k = hps_space_find(sp, map->kids[i]->text)) < 0)
			rc = unknown_name(c, map->kids[i]);
		else if ((rc = point_value(c, map->kids[i + 1], k,
		    &pt->vals[k])) == 0)
			given[k] = 1;
	}
	for (i = 0; rc == 0 && i < sp->nparams; i++)
		if (!given[i])
			rc = point_default(c, map, i, &pt->vals[i]);
	free(given);
	if (rc == 0 && hps_point_fit(sp, pt->vals, why, sizeof why) != 0)
		rc = hps__space_node_err(c, map, "warm_start point %s", why);
	return rc;
}

static int
warm_points(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_life *l = &c->sp->life;
	size_t i;
	int rc;

	if (n->type != HPS__Y_SEQ)
		return hps__space_node_err(c, n, "points must be a list of"
		    " points, like [{lr: 0.001, units: 512}]");
	if ((l->points = calloc(n->nkids + 1, sizeof *l->points)) == NULL)
		return HPS_ENOMEM;
	l->points_line = n->line;
	l->points_col = n->col;
	/* Counted before it is read, so a bad one is freed with the rest. */
	for (i = 0; i < n->nkids; i++) {
		l->npoints++;
		if ((rc = point_read(c, n->kids[i], &l->points[i])) != 0)
			return rc;
	}
	if (c->sp->trials > 0 && (long)l->npoints > c->sp->trials)
		return hps__space_node_err(c, n, "%zu points but budget.trials"
		    " is %ld, and the points count toward it; raise the budget"
		    " or give fewer points", l->npoints, c->sp->trials);
	return 0;
}

/* One study name of warm_start.from. */
static int
from_add(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_life *l = &c->sp->life;
	const char *name;
	int rc;

	if ((rc = hps__space_node_str(c, n, "a study in from", &name)) != 0)
		return rc;
	if ((l->from[l->nfrom] = strdup(name)) == NULL)
		return HPS_ENOMEM;
	l->from_pos[2 * l->nfrom] = n->line;
	l->from_pos[2 * l->nfrom + 1] = n->col;
	l->nfrom++;
	return 0;
}

/* Study names: a list, or one name alone. */
static int
warm_from(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_life *l = &c->sp->life;
	size_t i, count = n->type == HPS__Y_SEQ ? n->nkids : 1;
	int rc;

	if ((rc = hps__space_needs_metric(c, n, "warm_start.from")) != 0)
		return rc;
	if (n->type == HPS__Y_MAP)
		return hps__space_node_err(c, n, "from must be a list of study"
		    " names, like [fashion-monday]");
	l->from = calloc(count + 1, sizeof *l->from);
	l->from_pos = calloc(2 * count + 2, sizeof *l->from_pos);
	if (l->from == NULL || l->from_pos == NULL)
		return HPS_ENOMEM;
	if (n->type == HPS__Y_SCALAR)
		return from_add(c, n);
	for (i = 0; rc == 0 && i < count; i++)
		rc = from_add(c, n->kids[i]);
	return rc;
}

static const struct hps__key warm_keys[] = {
	{"points", warm_points, 0, NULL},
	{"from", warm_from, 0, NULL},
};

int
hps__life_warm_start(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_dispatch(c, n, "warm_start", warm_keys,
	    sizeof warm_keys / sizeof warm_keys[0]);
}

/* ---- stall, stall_action ---- */

int
hps__life_stall(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_duration(c, n, "stall", &c->sp->life.stall);
}

int
hps__life_stall_action(struct hps__pctx *c, const struct hps__ynode *n)
{
	static const char *const words[] = {"warn", "stop"};
	size_t i;
	int rc;

	if ((rc = hps__space_node_word(c, n, "stall_action", words, 2,
	    &i)) != 0)
		return rc;
	if (c->sp->life.stall <= 0)
		return hps__space_node_err(c, n, "stall_action acts on stalled"
		    " trials; give stall: DURATION (how long a trial may be"
		    " silent)");
	c->sp->life.stall_stop = i == 1;
	return 0;
}

/* ---- on: hooks ---- */

/* Placeholders in a hook's word: only the event's own. */
static int
hook_word(struct hps__pctx *c, const struct hps__ynode *n, const char *event,
    const char *word)
{
	static const char *const names[] = {"study", "trial", "best", "state",
	    "event"};
	const char *p = word, *start;
	size_t len, i;
	int k;

	while ((k = hps__cmdline_piece(&p, &start, &len)) > 0) {
		for (i = 0; k == 2 && i < 5; i++)
			if (strlen(names[i]) == len &&
			    memcmp(names[i], start, len) == 0)
				break;
		if (k == 2 && i == 5)
			return hps__space_node_err(c, n, "on.%s: unknown"
			    " placeholder {%.*s}; use {study}, {trial}, {best},"
			    " {state} or {event}", event, (int)len, start);
	}
	if (k < 0)
		return hps__space_node_err(c, n, "on.%s: a lone or empty brace"
		    " in '%.64s'; write {{ or }} for a literal one", event,
		    word);
	return 0;
}

/* A list of words, or a string split as a shell would (no shell runs). */
static int
hook_words(struct hps__pctx *c, const struct hps__ynode *n, const char *event,
    struct hps_hook *h)
{
	char msg[HPS_ERRMAX];
	size_t i;
	int rc;

	if (n->type == HPS__Y_SCALAR) {
		rc = hps_cmd_split(n->text, &h->argv, &h->argc, msg,
		    sizeof msg);
		return rc == HPS_EPARSE ? hps__space_node_err(c, n, "on.%s: %s",
		    event, msg) : rc;
	}
	if (n->type != HPS__Y_SEQ)
		return hps__space_node_err(c, n, "on.%s must be a command: a"
		    " string or a list of words", event);
	if ((h->argv = calloc(n->nkids + 1, sizeof *h->argv)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < n->nkids; i++) {
		if (n->kids[i]->type != HPS__Y_SCALAR)
			return hps__space_node_err(c, n->kids[i], "on.%s: each"
			    " word must be a string", event);
		if ((h->argv[i] = strdup(n->kids[i]->text)) == NULL)
			return HPS_ENOMEM;
		h->argc++;
	}
	return 0;
}

static int
hook_read(struct hps__pctx *c, const struct hps__ynode *n,
    enum hps_event ev)
{
	struct hps_hook *h = &c->sp->life.hooks[ev];
	const char *event = hps_event_name(ev);
	size_t i;
	int rc;

	if ((rc = hook_words(c, n, event, h)) != 0)
		return rc;
	if (h->argc == 0 || h->argv[0][0] == '\0')
		return hps__space_node_err(c, n, "on.%s is empty; give the"
		    " program and its arguments", event);
	for (i = 0; i < h->argc; i++)
		if ((rc = hook_word(c, n->type == HPS__Y_SEQ ? n->kids[i] : n,
		    event, h->argv[i])) != 0)
			return rc;
	return 0;
}

int
hps__life_on(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps__key keys[HPS_EV_N + 1];
	const struct hps__ynode *vals[HPS_EV_N + 1];
	int i, rc;

	for (i = 0; i < HPS_EV_N; i++)
		keys[i] = (struct hps__key){hps_event_name(i), NULL, 0, NULL};
	keys[HPS_EV_N] = (struct hps__key){"timeout", NULL, 0, NULL};
	if ((rc = hps__space_node_collect(c, n, "on", keys, HPS_EV_N + 1,
	    vals)) != 0)
		return rc;
	if (vals[HPS_EV_NEW_BEST] != NULL && (rc = hps__space_needs_metric(c,
	    vals[HPS_EV_NEW_BEST], "on.new_best")) != 0)
		return rc;
	for (i = 0; i < HPS_EV_N; i++)
		if (vals[i] != NULL && (rc = hook_read(c, vals[i], i)) != 0)
			return rc;
	if (vals[HPS_EV_N] != NULL)
		return hps__space_node_duration(c, vals[HPS_EV_N], "timeout",
		    &c->sp->life.hook_timeout);
	return 0;
}

void
hps__life_free(struct hps_life *l, struct hps_param *params, size_t nparams)
{
	size_t i;

	for (i = 0; i < nparams; i++)
		hps_values_free(params[i].dflt, params[i].dflt != NULL);

	for (i = 0; i < l->npoints; i++)
		hps_values_free(l->points[i].vals, nparams);
	free(l->points);
	for (i = 0; i < l->nfrom; i++)
		free(l->from[i]);
	free(l->from);
	free(l->from_pos);
	for (i = 0; i < HPS_EV_N; i++)
		hps_argv_free(l->hooks[i].argv);
}
