/*
 * Asynchronous successive halving (ASHA, Li et al., "A System for Massively
 * Parallel Hyperparameter Tuning", 2020), in the stopping form that Ray
 * Tune and Optuna use: trials cannot be paused and resumed, so instead of
 * promoting a waiting trial, a trial arriving at a rung either goes on or
 * is stopped there. With several objectives a rung orders its trials by
 * non-dominated rank and hypervolume contribution (multi-objective ASHA,
 * Schmucker et al. 2021). Rungs, ranks and ties are described in
 * include/hps/prune.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/pareto.h"
#include "prune_int.h"

/*
 * Rungs stop here: no trainer reports a step this large, and a trial that
 * prints a wild step with an eta close to 1 must not make a million rungs.
 */
#define ASHA_STEP_LIMIT 1e15
#define ASHA_MAX_RUNGS 64

static int
asha_setup(struct hps_pruner *p, const struct hps_section *s, char *err,
    size_t errlen)
{
	const struct hps_opt *o;

	p->min_steps = (long)hps_section_num(s, "min_steps", 1);
	p->max_steps = (long)hps_section_num(s, "max_steps", 0);
	p->eta = hps_section_num(s, "eta", 3);
	if ((o = hps_section_get(s, "eta")) != NULL && !(p->eta > 1))
		return hps_space_errat(p->sp, o->line, o->col, err, errlen,
		    "early_stopping.eta must be greater than 1 (each rung "
		    "keeps the top 1/eta of its trials)");
	o = hps_section_get(s, "max_steps");
	if (o != NULL && p->max_steps <= p->min_steps)
		return hps_space_errat(p->sp, o->line, o->col, err, errlen,
		    "early_stopping.max_steps (%ld) must be greater than "
		    "min_steps (%ld)",
		    p->max_steps, p->min_steps);
	return 0;
}

static void
asha_free(struct hps_pruner *p)
{
	size_t i;

	for (i = 0; i < p->nrungs; i++)
		free(p->rungs[i].vals);
	free(p->rungs);
}

/*
 * The step of rung k: ceil(min_steps * eta^k), kept strictly above the
 * rung before, since a small eta would otherwise round two rungs onto one
 * step. 0 when there is no such rung (past max_steps or the limits).
 */
static long
asha_rung_step(const struct hps_pruner *p, size_t k, long before)
{
	double x = ceil((double)p->min_steps * pow(p->eta, (double)k) - 1e-9);

	if (k > 0 && x <= (double)before)
		x = (double)before + 1;
	if (x >= ASHA_STEP_LIMIT || k >= ASHA_MAX_RUNGS)
		return 0;
	if (p->max_steps > 0 && (long)x >= p->max_steps)
		return 0;
	return (long)x;
}

/* Make sure the rungs up to step exist; the number of rungs at or below. */
static int
asha_rungs_upto(struct hps_pruner *p, double step, size_t *count)
{
	struct hps__rung *r;
	size_t cap;
	long s;

	for (;;) {
		if (p->nrungs > 0 && p->rungs[p->nrungs - 1].step > step)
			break;
		s = asha_rung_step(p, p->nrungs,
		    p->nrungs ? p->rungs[p->nrungs - 1].step : 0);
		if (s == 0)
			break;
		if (p->nrungs == p->rungcap) {
			cap = p->rungcap ? p->rungcap * 2 : 8;
			if ((r = realloc(p->rungs, cap * sizeof *r)) == NULL)
				return HPS_ENOMEM;
			p->rungs = r;
			p->rungcap = cap;
		}
		memset(&p->rungs[p->nrungs], 0, sizeof *p->rungs);
		p->rungs[p->nrungs++].step = s;
	}
	*count = p->nrungs;
	while (*count > 0 && p->rungs[*count - 1].step > step)
		(*count)--;
	return 0;
}

/* Index of the first value >= v in the rung: the number strictly better. */
static size_t
asha_better(const struct hps__rung *r, double v)
{
	size_t lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->vals[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Record v at the rung; its rank there (1 + the number better). */
static int
asha_record(struct hps__rung *r, double v, size_t *rank)
{
	double *n;
	size_t i, cap;

	if (r->n == r->cap) {
		cap = r->cap ? r->cap * 2 : 16;
		if ((n = realloc(r->vals, cap * sizeof *n)) == NULL)
			return HPS_ENOMEM;
		r->vals = n;
		r->cap = cap;
	}
	i = asha_better(r, v);
	*rank = i + 1;
	/* Insert after equal values: the order of equals does not matter. */
	while (i < r->n && r->vals[i] == v)
		i++;
	memmove(&r->vals[i + 1], &r->vals[i], (r->n - i) * sizeof *r->vals);
	r->vals[i] = v;
	r->n++;
	return 0;
}

/* How many of the n trials at a rung go on: max(1, floor(n / eta)). */
static size_t
asha_keep(const struct hps_pruner *p, size_t n)
{
	double k = floor((double)n / p->eta + 1e-9);

	return k < 1 ? 1 : (size_t)k;
}

/*
 * t's values at rung r, one per objective, into x (the first is x0);
 * 0 when it has not reported each by the rung's step.
 */
static int
asha_vector(const struct hps_pruner *p, const struct hps__ptrial *t,
    const struct hps__rung *r, double x0, double *x)
{
	size_t k;

	x[0] = x0;
	for (k = 0; k < p->nmore; k++)
		if (!hps__prune_summary_at(&t->more[k], (double)r->step,
		    p->sp->objectives[k + 1].summary == HPS_SUM_BEST, &x[k + 1]))
			return 0;
	return 1;
}

/* Append row x (m values) to the rung's rows. */
static int
asha_append(struct hps__rung *r, const double *x, size_t m)
{
	double *n;
	size_t cap;

	if (r->n == r->cap) {
		cap = r->cap ? r->cap * 2 : 16;
		if ((n = realloc(r->vals, cap * m * sizeof *n)) == NULL)
			return HPS_ENOMEM;
		r->vals = n;
		r->cap = cap;
	}
	memcpy(r->vals + r->n * m, x, m * sizeof *x);
	r->n++;
	return 0;
}

/*
 * Record x (m values) at the rung: its place (1-based) among the rung's
 * rows by non-dominated rank, then hypervolume contribution; its rank in
 * *front (1: non-dominated).
 */
static int
asha_record_front(const struct hps_pruner *p, struct hps__rung *r,
    const double *x, size_t m, size_t *place, int *front)
{
	double ref[HPS_OBJECTIVES_MAX], given[HPS_OBJECTIVES_MAX];
	int has[HPS_OBJECTIVES_MAX], *rank = NULL;
	size_t *order = NULL, i, last;
	int rc = HPS_ENOMEM;

	if (asha_append(r, x, m) != 0)
		return HPS_ENOMEM;
	for (i = 0; i < m; i++) {
		has[i] = p->sp->objectives[i].has_reference;
		given[i] = hps_objective_min(&p->sp->objectives[i],
		    p->sp->objectives[i].reference);
	}
	hps_pareto_reference(r->vals, r->n, m, has, given, ref);
	order = malloc(r->n * sizeof *order);
	rank = malloc(r->n * sizeof *rank);
	if (order == NULL || rank == NULL ||
	    hps_pareto_order(r->vals, r->n, m, ref, order) != 0 ||
	    hps_pareto_rank(r->vals, r->n, m, rank) == (size_t)-1)
		goto out;
	last = r->n - 1;
	for (i = 0; order[i] != last; i++)
		;
	*place = i + 1;
	*front = rank[last] + 1;
	rc = 0;
out:
	free(order);
	free(rank);
	return rc;
}

/* asha_judge with several objectives: rungs hold value rows. */
static int
asha_judge_front(struct hps_pruner *p, struct hps__ptrial *t, double prev,
    double step, double x0)
{
	double x[HPS_OBJECTIVES_MAX];
	size_t k, upto, place, keep, m = p->nmore + 1;
	int stop = 0, front;

	if (asha_rungs_upto(p, step, &upto) != 0)
		return HPS_ENOMEM;
	for (k = 0; k < upto; k++) {
		if (p->rungs[k].step <= prev ||
		    !asha_vector(p, t, &p->rungs[k], x0, x))
			continue;
		if (asha_record_front(p, &p->rungs[k], x, m, &place,
		    &front) != 0)
			return HPS_ENOMEM;
		keep = asha_keep(p, p->rungs[k].n);
		if (place > keep && !stop) {
			snprintf(p->reason, sizeof p->reason,
			    "step %g (rung %zu at step %ld): non-dominated"
			    " rank %d, place %zu of %zu by rank and"
			    " hypervolume contribution; only the top %zu go"
			    " on", step, k, p->rungs[k].step, front, place,
			    p->rungs[k].n, keep);
			stop = 1;
		}
	}
	return stop;
}

static int
asha_judge(struct hps_pruner *p, struct hps__ptrial *t, double prev,
    double step, double v)
{
	size_t k, upto, rank, keep;
	int stop = 0;
	double x = p->rank_best ? t->best : v;

	if (p->nmore > 0)
		return asha_judge_front(p, t, prev, step, x);
	if (asha_rungs_upto(p, step, &upto) != 0)
		return HPS_ENOMEM;
	/* Every rung this report reached or jumped over. */
	for (k = 0; k < upto; k++) {
		if (p->rungs[k].step <= prev)
			continue;
		if (asha_record(&p->rungs[k], x, &rank) != 0)
			return HPS_ENOMEM;
		keep = asha_keep(p, p->rungs[k].n);
		if (rank > keep && !stop) {
			snprintf(p->reason, sizeof p->reason,
			    "step %g (rung %zu at step %ld): %.6g ranks %zu "
			    "of %zu; only the top %zu go on", step, k,
			    p->rungs[k].step, hps__prune_raw(p, x), rank,
			    p->rungs[k].n, keep);
			stop = 1;
		}
	}
	return stop;
}

const struct hps__prune_rule hps__prune_asha = {
	"asha",
	1,
	asha_setup,
	asha_judge,
	asha_free,
};
