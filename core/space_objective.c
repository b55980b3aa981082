/*
 * metric: in the space file, the study's objectives. A mapping is one
 * objective ({name, goal, summary, target, reference}); a list of such
 * mappings is several, optimised together as a Pareto front. Every
 * objective is in sp->objectives; the parser alone copies the first into
 * sp->metric, sp->goal and sp->summary, which the code that knows one
 * objective reads. Metric names are checked here for objectives and for
 * limits alike (hps__space_choosing_metric).
 */
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/metric.h"
#include "hps/space.h"
#include "space_int.h"

static const char *const goal_words[] = {
	[HPS_MINIMIZE] = "minimize",
	[HPS_MAXIMIZE] = "maximize",
};
static const char *const summary_words[] = {
	[HPS_SUM_LAST] = "last",
	[HPS_SUM_BEST] = "best",
};
#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

int
hps__space_choosing_metric(struct hps__pctx *c, const struct hps__ynode *n,
    const char *s, const char *verb)
{
	if (!hps_metric_name_ok(s, strlen(s)))
		return hps__space_node_err(c, n, "bad metric name: a metric "
		    "name is 1 to %d bytes of text without control characters",
		    HPS_METRIC_NAMEMAX);
	if (hps_metric_is_test(s))
		return hps__space_node_err(c, n, "metric '%s' is a test metric;"
		    " %s a validation metric (e.g. val_%s) and let the"
		    " test set judge the winner once", s, verb, s + 5);
	if (strcmp(s, "epoch") == 0 || strcmp(s, "step") == 0)
		return hps__space_node_err(c, n, "metric '%s' is the step a"
		    " trial reports its values at, never a value itself; name"
		    " the metric to %s (e.g. val_loss)", s, verb);
	return 0;
}

/* The objective being read: the next one after those already read. */
static struct hps_objective *
reading(struct hps__pctx *c)
{
	return &c->sp->objectives[c->sp->nobj];
}

static int
metric_name(struct hps__pctx *c, const struct hps__ynode *n)
{
	const char *s;
	size_t i;
	int rc;

	if ((rc = hps__space_node_str(c, n, "metric name", &s)) != 0 ||
	    (rc = hps__space_choosing_metric(c, n, s, "optimise")) != 0)
		return rc;
	for (i = 0; i < c->sp->nobj; i++)
		if (strcmp(c->sp->objectives[i].metric, s) == 0)
			return hps__space_node_err(c, n, "metric '%s' is"
			    " already objective %zu; name each objective once",
			    s, i + 1);
	if ((reading(c)->metric = strdup(s)) == NULL)
		return HPS_ENOMEM;
	return 0;
}

static int
metric_goal(struct hps__pctx *c, const struct hps__ynode *n)
{
	size_t i;
	int rc;

	rc = hps__space_node_word(c, n, "goal", goal_words, NWORDS(goal_words),
	    &i);
	reading(c)->goal = (enum hps_goal)i;
	return rc;
}

static int
metric_summary(struct hps__pctx *c, const struct hps__ynode *n)
{
	size_t i;
	int rc;

	rc = hps__space_node_word(c, n, "summary", summary_words,
	    NWORDS(summary_words), &i);
	reading(c)->summary = (enum hps_summary)i;
	return rc;
}

/* The hypervolume's bound in this objective, in its own units. */
static int
metric_reference(struct hps__pctx *c, const struct hps__ynode *n)
{
	int rc;

	rc = hps__space_node_number(c, n, "reference", 0,
	    &reading(c)->reference);
	reading(c)->has_reference = rc == 0;
	return rc;
}

/* A finite number; the daemon stops the study when a trial reaches it. */
static int
metric_target(struct hps__pctx *c, const struct hps__ynode *n)
{
	int rc;

	rc = hps__space_node_number(c, n, "target", 0, &c->sp->target);
	c->sp->has_target = rc == 0;
	return rc;
}

/*
 * With several objectives no single value ends a study: a trial that
 * reaches one objective's target may still be dominated on the front.
 */
static int
metric_target_refused(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_err(c, n, "target ends a study at one"
	    " objective's value, and with several objectives no one value"
	    " decides the front; remove target: (budget: {trials: N} or"
	    " budget.patience end the study), or keep one objective and"
	    " bound the others with limits: {NAME: {max: ...}}");
}

static const struct hps__key metric_keys[] = {
	{"name", metric_name, 1, "add name: <metric the trial prints>"},
	/* No default: a wrong one would silently optimise the wrong way. */
	{"goal", metric_goal, 1, "add goal: minimize or goal: maximize"},
	{"summary", metric_summary, 0, NULL},
	{"target", metric_target, 0, NULL},
	{"reference", metric_reference, 0, NULL},
};

/*
 * Read the objective in map (of n in all) as sp->objectives[sp->nobj]:
 * one of several has the same keys, but target is refused.
 */
static int
objective(struct hps__pctx *c, const struct hps__ynode *map, size_t n)
{
	struct hps__key keys[NWORDS(metric_keys)];
	size_t i;
	int rc;

	memcpy(keys, metric_keys, sizeof keys);
	for (i = 0; i < NWORDS(keys) && n > 1; i++)
		if (keys[i].fn == metric_target)
			keys[i].fn = metric_target_refused;
	reading(c)->summary = HPS_SUM_LAST;
	rc = hps__space_node_dispatch(c, map, "metric", keys, NWORDS(keys));
	if (rc != 0) {
		free(reading(c)->metric);
		reading(c)->metric = NULL;
		return rc;
	}
	c->sp->nobj++;
	return 0;
}

/* The first objective as the code that knows one objective reads it. */
static int
first_objective(struct hps_space *sp)
{
	if ((sp->metric = strdup(sp->objectives[0].metric)) == NULL)
		return HPS_ENOMEM;
	sp->goal = sp->objectives[0].goal;
	sp->summary = sp->objectives[0].summary;
	return 0;
}

int
hps__space_metric(struct hps__pctx *c, const struct hps__ynode *n)
{
	const struct hps__ynode *const *items = &n;
	size_t i, nitems = 1;
	int rc;

	if (n->type == HPS__Y_SEQ) {
		items = (const struct hps__ynode *const *)n->kids;
		nitems = n->nkids;
		if (nitems == 0)
			return hps__space_node_err(c, n, "metric lists no"
			    " objective; give one or more {name: ..., goal:"
			    " ...}");
		if (nitems > HPS_OBJECTIVES_MAX)
			return hps__space_node_err(c, n->kids[HPS_OBJECTIVES_MAX],
			    "more than %d objectives: the hypervolume of a"
			    " front grows too costly to compute exactly; bound"
			    " the others with limits:", HPS_OBJECTIVES_MAX);
	}
	if ((c->sp->objectives = calloc(nitems, sizeof *c->sp->objectives)) ==
	    NULL)
		return HPS_ENOMEM;
	for (i = 0; i < nitems; i++)
		if ((rc = objective(c, items[i], nitems)) != 0)
			return rc;
	return first_objective(c->sp);
}

long
hps_space_objective_index(const struct hps_space *sp, const char *name,
    size_t len)
{
	size_t k;

	for (k = 0; k < sp->nobj; k++)
		if (strlen(sp->objectives[k].metric) == len &&
		    memcmp(sp->objectives[k].metric, name, len) == 0)
			return (long)k;
	return -1;
}

json_t *
hps_space_objectives_json(const struct hps_space *sp)
{
	json_t *list = json_array(), *o;
	size_t k;

	for (k = 0; k < sp->nobj; k++) {
		const struct hps_objective *ob = &sp->objectives[k];

		o = json_pack("{s:s, s:s, s:s}", "name", ob->metric, "goal",
		    ob->goal == HPS_MAXIMIZE ? "maximize" : "minimize",
		    "summary", ob->summary == HPS_SUM_BEST ? "best" : "last");
		json_object_set_new(o, "reference", ob->has_reference ?
		    json_real(ob->reference) : json_null());
		json_array_append_new(list, o);
	}
	return list;
}

void
hps__space_objectives_free(struct hps_space *sp)
{
	size_t i;

	for (i = 0; i < sp->nobj; i++)
		free(sp->objectives[i].metric);
	free(sp->objectives);
	free(sp->metric);
}
