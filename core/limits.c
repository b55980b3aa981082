/*
 * Outcome limits: limits: in the space file, read into sp->limits with
 * every mistake at file:line:column, and the feasibility test the daemon
 * applies to a trial's last values when it completes (hps/limits.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/limits.h"
#include "hps/metric.h"
#include "space_int.h"

static const struct hps__key bound_keys[] = {
	{"min", NULL, 0, NULL},
	{"max", NULL, 0, NULL},
};

/* {min: x, max: y}, one or both, with min <= max. */
static int
limit_bounds(struct hps__pctx *c, const struct hps__ynode *key,
    const struct hps__ynode *spec, struct hps_limit *l)
{
	const struct hps__ynode *v[2];
	char where[HPS_METRIC_NAMEMAX + 16];
	int rc;

	snprintf(where, sizeof where, "limits.%s", key->text);
	if ((rc = hps__space_node_collect(c, spec, where, bound_keys, 2,
	    v)) != 0)
		return rc;
	if (v[0] == NULL && v[1] == NULL)
		return hps__space_node_err(c, spec, "%s gives no bound; add"
		    " max: <number> or min: <number>", where);
	if (v[0] != NULL && (rc = hps__space_node_number(c, v[0], "min", 0,
	    &l->min)) != 0)
		return rc;
	if (v[1] != NULL && (rc = hps__space_node_number(c, v[1], "max", 0,
	    &l->max)) != 0)
		return rc;
	l->has_min = v[0] != NULL;
	l->has_max = v[1] != NULL;
	if (l->has_min && l->has_max && l->min > l->max)
		return hps__space_node_err(c, v[0], "%s: min %g is above max"
		    " %g, so no trial could be feasible", where, l->min,
		    l->max);
	return 0;
}

int
hps__space_limits(struct hps__pctx *c, const struct hps__ynode *map)
{
	struct hps_space *sp = c->sp;
	size_t i, n;
	int rc;

	if (map->type != HPS__Y_MAP || map->nkids == 0)
		return hps__space_node_err(c, map, "limits must be a mapping of"
		    " metric names to bounds, e.g. limits: {epoch_seconds:"
		    " {max: 5}}");
	n = map->nkids / 2;
	if (n > HPS_LIMITS_MAX)
		return hps__space_node_err(c, map->kids[2 * HPS_LIMITS_MAX],
		    "more than %d limits", HPS_LIMITS_MAX);
	if ((sp->limits = calloc(n, sizeof *sp->limits)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < n; i++) {
		const struct hps__ynode *key = map->kids[2 * i];
		struct hps_limit *l = &sp->limits[i];

		if ((rc = hps__space_choosing_metric(c, key, key->text,
		    "limit")) != 0 ||
		    (rc = limit_bounds(c, key, map->kids[2 * i + 1], l)) != 0)
			return rc;
		if ((l->metric = strdup(key->text)) == NULL)
			return HPS_ENOMEM;
		sp->nlimits = i + 1;
	}
	return 0;
}

void
hps__space_limits_free(struct hps_space *sp)
{
	size_t i;

	for (i = 0; i < sp->nlimits; i++)
		free(sp->limits[i].metric);
	free(sp->limits);
}

long
hps_limits_index(const struct hps_space *sp, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sp->nlimits; i++)
		if (strlen(sp->limits[i].metric) == len &&
		    memcmp(sp->limits[i].metric, name, len) == 0)
			return (long)i;
	return -1;
}

/* Why limit l does not hold for v, into why; 1 when it holds. */
static int
limit_holds(const struct hps_limit *l, double v, char *why, size_t len)
{
	if (isnan(v))
		snprintf(why, len, "infeasible: %s was never reported (limit"
		    " %s %g)", l->metric, l->has_max ? "max" : "min",
		    l->has_max ? l->max : l->min);
	else if (l->has_max && v > l->max)
		snprintf(why, len, "infeasible: %s was %g, above its limit max"
		    " %g", l->metric, v, l->max);
	else if (l->has_min && v < l->min)
		snprintf(why, len, "infeasible: %s was %g, below its limit min"
		    " %g", l->metric, v, l->min);
	else
		return 1;
	return 0;
}

int
hps_limits_hold(const struct hps_space *sp, const double *last, char *why,
    size_t len)
{
	size_t i;

	for (i = 0; i < sp->nlimits; i++)
		if (!limit_holds(&sp->limits[i], last[i], why, len))
			return 0;
	return 1;
}
