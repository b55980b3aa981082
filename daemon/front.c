/*
 * The live Pareto front of a study with several objectives: its feasible
 * completed trials that no other dominates, kept as they finish (and as
 * they are replayed at start-up, so it outlives the trials study_collect
 * lets go), with what `hps status` derives its reference point from: each
 * objective's range over every feasible completed trial. It says whether
 * a trial raised the front's hypervolume (what budget.patience and
 * on.new_best count with several objectives) and gives the front to the
 * watchers (events.c) as hps status would show it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/pareto.h"
#include "hpsd.h"

/* t's value of each objective, turned to minimise; 0 when it has them
 * all and can be on the front. */
static int
point(const struct study *s, const struct trial *t, double *y)
{
	const struct hps_space *sp = s->sp;
	size_t k;

	/* A repeat's run is confirm:'s, never a point of its own. */
	if (!trial_rankable(t) || t->origin == HPS_O_REPEAT)
		return -1;
	for (k = 0; k < sp->nobj; k++) {
		y[k] = k == 0 ? t->objective : t->obj[k];
		if (!isfinite(y[k]))
			return -1;
		y[k] = hps_objective_min(&sp->objectives[k], y[k]);
	}
	return 0;
}

/* Whether y lies below every given reference: only then it can add
 * volume (a derived reference lies past every trial). */
static int
inside(const struct hps_space *sp, const double *y)
{
	size_t k;

	for (k = 0; k < sp->nobj; k++)
		if (sp->objectives[k].has_reference && y[k] >=
		    hps_objective_min(&sp->objectives[k],
		    sp->objectives[k].reference))
			return 0;
	return 1;
}

static int
grow(struct study_front *f)
{
	size_t cap = f->cap * 2 + 8;
	double *y;
	long *number;

	if (f->n < f->cap)
		return 0;
	if ((y = realloc(f->y, cap * f->m * sizeof *y)) == NULL)
		return -1;
	f->y = y;
	if ((number = realloc(f->number, cap * sizeof *number)) == NULL)
		return -1;
	f->number = number;
	f->cap = cap;
	return 0;
}

int
front_add(struct study *s, const struct trial *t)
{
	struct study_front *f = &s->front;
	double y[HPS_OBJECTIVES_MAX];
	size_t k;
	int covered;

	if (s->sp->nobj < 2 || point(s, t, y) != 0)
		return -1;
	f->m = s->sp->nobj;
	for (k = 0; k < f->m; k++) {
		f->lo[k] = f->feasible ? fmin(f->lo[k], y[k]) : y[k];
		f->hi[k] = f->feasible ? fmax(f->hi[k], y[k]) : y[k];
	}
	f->feasible++;
	if (grow(f) != 0)
		return 0;	/* the front shows less; the trials are kept */
	f->n = hps_pareto_insert(f->y, f->number, f->n, f->m, y, t->number,
	    &covered);
	return !covered && inside(s->sp, y);
}

/* The reference point, turned to minimise, as hps status derives it. */
static void
reference(const struct study *s, double *ref)
{
	const struct study_front *f = &s->front;
	double range[2 * HPS_OBJECTIVES_MAX], given[HPS_OBJECTIVES_MAX];
	int has[HPS_OBJECTIVES_MAX];
	size_t k, m = s->sp->nobj;

	for (k = 0; k < m; k++) {
		range[k] = f->lo[k];
		range[m + k] = f->hi[k];
		has[k] = s->sp->objectives[k].has_reference;
		given[k] = hps_objective_min(&s->sp->objectives[k],
		    s->sp->objectives[k].reference);
	}
	/* The worst value and the spread are the range's. */
	hps_pareto_reference(range, f->feasible ? 2 : 0, m, has, given, ref);
}

/* [{trial, values}], the members as reported, by the first objective. */
static json_t *
points_json(const struct study *s)
{
	const struct study_front *f = &s->front;
	json_t *list = json_array(), *v;
	size_t i, k;

	for (i = 0; i < f->n; i++) {
		v = json_array();
		for (k = 0; k < f->m; k++)
			json_array_append_new(v, json_real(hps_objective_min(
			    &s->sp->objectives[k], f->y[i * f->m + k])));
		json_array_append_new(list, json_pack("{s:I, s:o}", "trial",
		    (json_int_t)f->number[i], "values", v));
	}
	return list;
}

json_t *
front_json(const struct study *s)
{
	const struct study_front *f = &s->front;
	double ref[HPS_OBJECTIVES_MAX], hv = 0;
	json_t *r = json_array();
	size_t k;

	reference(s, ref);
	if (f->n > 0 && (hv = hps_pareto_hv(f->y, f->n, f->m, ref)) < 0)
		hv = NAN;
	/* Nothing to derive a reference from: null where none is given. */
	for (k = 0; k < s->sp->nobj; k++)
		json_array_append_new(r, f->feasible == 0 &&
		    !s->sp->objectives[k].has_reference ? json_null() :
		    json_real(hps_objective_min(&s->sp->objectives[k],
		    ref[k])));
	return json_pack("{s:I, s:I, s:o, s:o, s:o}", "size", (json_int_t)f->n,
	    "feasible", (json_int_t)f->feasible, "hypervolume", isnan(hv) ?
	    json_null() : json_real(hv), "reference", r, "points",
	    points_json(s));
}

void
front_free(struct study *s)
{
	free(s->front.y);
	free(s->front.number);
	memset(&s->front, 0, sizeof s->front);
}
