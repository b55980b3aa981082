/*
 * Bayesian search with several objectives and outcome limits (the state
 * is search/bayes_int.h's; the model is built by search/bayes.c).
 *
 * Two objectives: a GP for each, and the expected hypervolume
 * improvement of a point over the front of the feasible trials
 * (hps_log_ehvi2: exact, in O(front)), both objectives taken as the
 * models have them (flipped to minimise), against the front's own
 * nadir pushed out by a tenth of its range, as BoTorch infers a
 * reference point. Pending trials join the front at the models' means
 * when those meet the limits (the kriging believer, as with one
 * objective); the draws of their outcomes are not made.
 *
 * Three or more: ParEGO (Knowles 2006): each suggestion draws weights
 * from the simplex and models the augmented Chebyshev scalarisation
 * max_k w_k f_k + 0.05 sum_k w_k f_k of the objectives scaled to [0, 1]
 * over the trials so far, which one objective's search then maximises
 * as it would any metric (log EI, pending draws, trust region), so the
 * suggestions spread over the front as the weights do.
 *
 * Limits: a GP for each limited metric, and the log of the probability
 * that a point meets every limit (the product over limits, as if they
 * were independent; Gardner et al. 2014) is added to the log of the
 * acquisition. Trials outside the limits stay in every model: their
 * objective says where the objective is, their limited metric where
 * the boundary is; only the best (EI's incumbent) and the front are
 * feasible trials alone. While no trial is feasible, the probability
 * alone ranks the candidates, which walks the search into the limits.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bayes_int.h"
#include "hps/error.h"
#include "hps/multi.h"
#include "hps/pareto.h"
#include "hps/rng.h"

#define FRONT_LOG_SQRT2PI 0.91893853320467274178
/* ParEGO's augmentation, and its weights' stream ("bpar"). */
#define FRONT_RHO 0.05
#define FRONT_WEIGHT_STREAM 0x62706172ULL

void
hps__bayes_scalar_setup(struct bayes *b, const struct hps_ask *ask)
{
	double y[HPS_OBJECTIVES_MAX], sum = 0;
	struct hps_rng r;
	size_t i, k, m = b->sp->nobj;

	for (k = 0; k < m; k++) {
		b->lo[k] = INFINITY;
		b->hi[k] = -INFINITY;
	}
	for (i = 0; i < ask->ndone; i++)
		for (k = 0; hps_multi_point(b->sp, &ask->done[i], y) &&
		    k < m; k++) {
			b->lo[k] = fmin(b->lo[k], y[k]);
			b->hi[k] = fmax(b->hi[k], y[k]);
		}
	hps_rng_seed2(&r, b->sp->seed ^ FRONT_WEIGHT_STREAM, ask->index);
	for (k = 0; k < m; k++)
		sum += b->w[k] = -log1p(-hps_rng_uniform(&r));
	for (k = 0; k < m; k++)
		b->w[k] = sum > 0 ? b->w[k] / sum : 1.0 / (double)m;
}

double
hps__bayes_scalar(const struct bayes *b, const double *y)
{
	double top = -INFINITY, sum = 0, v, span;
	size_t k;

	for (k = 0; k < b->sp->nobj; k++) {
		span = b->hi[k] > b->lo[k] ? b->hi[k] - b->lo[k] : 1;
		v = b->w[k] * (y[k] - b->lo[k]) / span;
		top = v > top ? v : top;
		sum += v;
	}
	return top + FRONT_RHO * sum;
}

/*
 * log P(limit holds) for a latent N(mu, var) on the limit's model
 * scale, with its derivatives in mu and var when dmu is not NULL.
 */
static double
front_log_pof(const struct hps_limit *l, const struct bayes_out *o,
    double mu, double var, double *dmu, double *dvar)
{
	double s = sqrt(var > HPS_ACQ_VARMIN ? var : HPS_ACQ_VARMIN);
	double a = l->has_max ? ((l->max - o->shift) / o->scale - mu) / s :
	    INFINITY;
	double c = l->has_min ? ((l->min - o->shift) / o->scale - mu) / s :
	    -INFINITY;
	double lp, pa, pc, ds;

	/* P = Phi(a) - Phi(c), each difference taken where it is small */
	if (!l->has_min)
		lp = hps_log_cdf(a);
	else if (!l->has_max)
		lp = hps_log_cdf(-c);
	else if (c >= 0)
		lp = hps_log_cdf(-c) + log1p(-exp(hps_log_cdf(-a) -
		    hps_log_cdf(-c)));
	else if (a <= 0)
		lp = hps_log_cdf(a) + log1p(-exp(hps_log_cdf(c) -
		    hps_log_cdf(a)));
	else
		lp = log1p(-(exp(hps_log_cdf(c)) + exp(hps_log_cdf(-a))));
	if (dmu == NULL)
		return lp;
	/* phi(a) / P and phi(c) / P */
	pa = isfinite(a) ? exp(-a * a / 2 - FRONT_LOG_SQRT2PI - lp) : 0;
	pc = isfinite(c) ? exp(-c * c / 2 - FRONT_LOG_SQRT2PI - lp) : 0;
	*dmu = -(pa - pc) / s;
	ds = -((isfinite(a) ? a * pa : 0) - (isfinite(c) ? c * pc : 0)) / s;
	*dvar = var > HPS_ACQ_VARMIN ? ds / (2 * s) : 0;
	return lp;
}

/* log EHVI for the two objectives' latent means and variances (the
 * models maximise; the front is minimised), with derivatives. */
static double
front_ehvi(const struct bayes *b, const double *mu, const double *var,
    double *dmu, double *dvar)
{
	double m[2], sd[2], dm[2], ds[2], f;
	size_t k;

	for (k = 0; k < 2; k++) {
		m[k] = -mu[k];
		sd[k] = sqrt(var[k] > HPS_ACQ_VARMIN ? var[k] :
		    HPS_ACQ_VARMIN);
	}
	f = hps_log_ehvi2(b->front, b->nfront, b->ref, m, sd,
	    dmu ? dm : NULL, ds);
	for (k = 0; dmu != NULL && k < 2; k++) {
		dmu[k] = -dm[k];
		dvar[k] = var[k] > HPS_ACQ_VARMIN ? ds[k] / (2 * sd[k]) : 0;
	}
	return f;
}

/* Whether output i takes part in the term. */
static int
front_uses(const struct bayes *b, size_t i)
{
	if (i < b->nobj)
		return b->mode == BAYES_EHVI && b->nfront > 0;
	return b->out[i].nobs > 0;
}

static void
front_many(void *ctx, const double *x, size_t count, double *val)
{
	struct bayes *b = ctx;
	const size_t B = HPS_ACQ_BLOCK;
	double mu[2], var[2];
	size_t i, j;

	for (i = 0; i < b->nout; i++)
		if (front_uses(b, i))
			hps_gp_predict_many(b->out[i].gp, x, count,
			    b->tmu + i * B, b->tvar + i * B, b->tw);
	for (j = 0; j < count; j++) {
		val[j] = 0;
		if (front_uses(b, 0)) {
			mu[0] = b->tmu[j];
			mu[1] = b->tmu[B + j];
			var[0] = b->tvar[j];
			var[1] = b->tvar[B + j];
			val[j] = front_ehvi(b, mu, var, NULL, NULL);
		}
		for (i = b->nobj; i < b->nout; i++)
			if (front_uses(b, i))
				val[j] += front_log_pof(&b->sp->limits[i -
				    b->nobj], &b->out[i], b->tmu[i * B + j],
				    b->tvar[i * B + j], NULL, NULL);
	}
}

/* g += a dmu + c dvar, over d coordinates */
static void
front_chain(double *g, size_t d, double a, const double *dmu, double c,
    const double *dvar)
{
	size_t k;

	for (k = 0; k < d; k++)
		g[k] += a * dmu[k] + c * dvar[k];
}

static double
front_one(void *ctx, const double *x, double *g)
{
	struct bayes *b = ctx;
	double mu[2], var[2], dm[2], dv[2], f = 0, *gm = b->tdmu;
	double *gv = b->tdvar;
	size_t i, d = b->d, k;

	if (g != NULL)
		memset(g, 0, d * sizeof *g);
	if (front_uses(b, 0)) {
		for (k = 0; k < 2; k++)
			hps_gp_predict(b->out[k].gp, x, &mu[k], &var[k],
			    g ? gm + k * d : NULL, gv + k * d, b->tw);
		f = front_ehvi(b, mu, var, g ? dm : NULL, dv);
		for (k = 0; g != NULL && k < 2; k++)
			front_chain(g, d, dm[k], gm + k * d, dv[k], gv + k * d);
	}
	for (i = b->nobj; i < b->nout; i++) {
		if (!front_uses(b, i))
			continue;
		hps_gp_predict(b->out[i].gp, x, mu, var, g ? gm : NULL, gv,
		    b->tw);
		f += front_log_pof(&b->sp->limits[i - b->nobj], &b->out[i],
		    mu[0], var[0], g ? dm : NULL, dv);
		if (g != NULL)
			front_chain(g, d, dm[0], gm, dv[0], gv);
	}
	return f;
}

/* Whether the limits' models' means at pending trial p meet every
 * limit (a limit with no model yet does not count). */
static int
front_meets(const struct bayes *b, size_t p)
{
	const struct hps_limit *l;
	const struct bayes_out *o;
	double v;
	size_t i;

	for (i = b->nobj; i < b->nout; i++) {
		o = &b->out[i];
		l = &b->sp->limits[i - b->nobj];
		if (o->nobs == 0)
			continue;
		v = o->ystd[o->nobs + p] * o->scale + o->shift;
		if ((l->has_max && v > l->max) || (l->has_min && v < l->min))
			return 0;
	}
	return 1;
}

static int
front_cmp(const void *pa, const void *pb)
{
	const double *a = pa, *b = pb;

	return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 :
	    (a[1] < b[1] ? -1 : a[1] > b[1]);
}

/* Whether row j of both objectives' models is on the front's set: a
 * feasible observation, or a pending trial whose means meet the limits. */
static int
front_member(const struct bayes *b, size_t j)
{
	return j < b->out[0].nobs ? b->ok[j] :
	    front_meets(b, j - b->out[0].nobs);
}

/*
 * The EHVI front (minimised, sorted by the first objective) into
 * b->front, and the reference into b->ref.
 */
static int
front_build(struct bayes *b)
{
	size_t n = hps_gp_size(b->out[0].gp), j, k = 0;
	double *y = b->front;
	int *rank;

	for (j = 0; j < n; j++) {
		if (!front_member(b, j))
			continue;
		y[2 * k] = -b->out[0].ystd[j];
		y[2 * k + 1] = -b->out[1].ystd[j];
		k++;
	}
	b->nfront = 0;
	if (k == 0)
		return 0;
	if ((rank = malloc(k * sizeof *rank)) == NULL ||
	    hps_pareto_rank(y, k, 2, rank) == (size_t)-1) {
		free(rank);
		return HPS_ENOMEM;
	}
	for (j = 0; j < k; j++)
		if (rank[j] == 0) {
			memmove(y + 2 * b->nfront, y + 2 * j, 2 * sizeof *y);
			b->nfront++;
		}
	free(rank);
	qsort(y, b->nfront, 2 * sizeof *y, front_cmp);
	hps_pareto_reference(y, b->nfront, 2, NULL, NULL, b->ref);
	return 0;
}

/* The term's prediction scratch, for the models as they are now. */
static int
front_scratch(struct bayes *b)
{
	size_t need = 0, i, w;
	double *t;

	for (i = 0; i < b->nout; i++) {
		if (hps_gp_size(b->out[i].gp) == 0)
			continue;
		w = hps_gp_work_size_many(b->out[i].gp, HPS_ACQ_BLOCK);
		need = w > need ? w : need;
		w = hps_gp_work_size(b->out[i].gp);
		need = w > need ? w : need;
	}
	if (need <= b->twcap)
		return 0;
	if ((t = realloc(b->tw, need * sizeof *t)) == NULL)
		return HPS_ENOMEM;
	b->tw = t;
	b->twcap = need;
	return 0;
}

int
hps__bayes_term(struct bayes *b, int *on)
{
	size_t i;
	int rc;

	*on = 0;
	b->nfront = 0;
	if (b->mode == BAYES_EHVI && (rc = front_build(b)) != 0)
		return rc;
	for (i = 0; i < b->nout; i++)
		*on |= front_uses(b, i);
	if (!*on)
		return 0;
	if ((rc = front_scratch(b)) != 0)
		return rc;
	b->term = (struct hps_acq_term){.many = front_many, .one = front_one,
	    .ctx = b, .size = hps_gp_size(b->out[0].gp)};
	return 0;
}

size_t
hps__bayes_front_anchors(struct bayes *b, size_t max)
{
	const struct bayes_out *o = b->out;
	size_t n = 0, j, *order, *row, k;
	double *y;

	y = malloc(2 * o->nobs * sizeof *y);
	row = malloc(o->nobs * sizeof *row);
	order = malloc(o->nobs * sizeof *order);
	for (j = 0; y != NULL && row != NULL && order != NULL &&
	    j < o->nobs; j++)
		if (b->ok[j]) {
			y[2 * n] = -o->ystd[j];
			y[2 * n + 1] = -b->out[1].ystd[j];
			row[n++] = j;
		}
	if (n > 0 && hps_pareto_order(y, n, 2, b->ref, order) != 0)
		n = 0;
	for (k = 0; k < n && k < max; k++)
		memcpy(b->anchors + k * b->d, hps_gp_point(o->gp,
		    row[order[k]]), b->d * sizeof(double));
	free(y);
	free(row);
	free(order);
	return k;
}
