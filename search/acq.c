/*
 * Log expected improvement and its maximisation (see hps/acq.h).
 *
 * EI = sigma h(z) underflows to 0 for z below about -38, and then its
 * gradient vanishes too: whole regions look equally worthless and a
 * gradient search cannot leave them. log h is computed instead, after
 * Ament et al. (2023): directly for z > -1; for z <= -1 as
 *   log h(z) = log phi(z) + log(1 - g),  g = x sqrt(pi) erfcx(x),
 * with x = -z / sqrt(2). Writing sqrt(pi) erfcx(x) = 1 / (x + t), where t
 * is the tail of the continued fraction erfc(x) = exp(-x^2) / sqrt(pi) /
 * (x + 1/2 / (x + 1 / (x + 3/2 / (x + ...)))), gives 1 - g = t / (x + t)
 * with no cancellation at all, and d log h / dz = 1 / (sqrt(2) t). The
 * paper's log1mexp of log erfcx is the same quantity; the continued
 * fraction computes it without the intermediate logarithm. Between
 * z = -1 and z = -3 sqrt(2) the continued fraction converges slowly, so
 * there g comes from libm's erfc and 1 - g loses at most a digit.
 *
 * The maximiser evaluates every candidate (Sobol points, and near the
 * best trials perturbations and moves of one coordinate) in blocks
 * through one triangular solve per block (BLAS 3), then climbs from the
 * best few with projected gradient ascent (Barzilai-Borwein steps,
 * Armijo backtracking) on the continuous and integer coordinates,
 * rounds, and polishes the discrete ones: every value of each
 * categorical, the two grid neighbours of each integer or stepped float.
 *
 * In a space with conditions every candidate is made canonical before it
 * is scored (hps_encoding_snap): only the dimensions its own switches
 * activate hold values, so the candidates fall into the branches as the
 * Sobol points fall on the switches' values, and each is scored by the
 * model of its branch. An inactive coordinate never moves in a climb or a
 * perturbation; a candidate whose point breaks a constraint is never
 * ranked.
 *
 * Last, hps_acq_thompson lets one joint draw of the posterior choose
 * among the best few by EI (Thompson sampling on EI's shortlist): the
 * first ranks are often near-ties around the best, where EI's order says
 * little, and one draw picks among them as the model's uncertainty does,
 * at scales that EI's maximum alone would pass over.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/acq.h"
#include "hps/error.h"
#include "hps/rng.h"
#include "hps/sobol.h"

#define ACQ_LOG_SQRT2PI 0.91893853320467274178
#define ACQ_SQRTPI 1.77245385090551602730
/* Below this x, g comes from erfc; above it, from the continued fraction,
 * whose tail with ACQ_CF_TERMS terms is then exact to a few ulps. */
#define ACQ_CF_X 3.0
#define ACQ_CF_TERMS 120
/* Candidates scored per block (the block's kernel matrix is n x this). */
#define ACQ_BLOCK HPS_ACQ_BLOCK
/* Perturbations of the anchors per run, and their scales (unit space). */
#define ACQ_PERTURB 512
/* Iterations of each local search; fewer on big models, where each
 * costs two O(n^2) triangular solves. */
#define ACQ_ITERS 40
#define ACQ_ITERS_BIG 12
#define ACQ_BIG 400
/* Stream of the seed's generator for perturbations ("acqp"). */
#define ACQ_STREAM 0x61637170ULL
/* Best-ranked points one posterior draw chooses among, and the stream of
 * its normals ("acqt"). */
#define ACQ_SHORTLIST 8
#define ACQ_DRAW_STREAM 0x61637174ULL

/* The trust region (hps_acq_region): its first, largest and smallest
 * sides, the relative gain that counts as a better best, and the runs of
 * observations that double or halve it. */
#define ACQ_REGION_START 0.8
#define ACQ_REGION_MAX 1.6
#define ACQ_REGION_MIN (1.0 / 128)
#define ACQ_REGION_GAIN 1e-3
#define ACQ_REGION_WINS 3
#define ACQ_REGION_MISSES 2

static const double acq_scales[] = {0.1, 0.03, 0.01, 0.003, 0.001};
#define ACQ_NSCALES (sizeof acq_scales / sizeof acq_scales[0])

/* t with sqrt(pi) erfcx(x) = 1 / (x + t), by the continued fraction
 * evaluated from its far end. */
static double
acq_cf_tail(double x)
{
	double t = 0;
	int k;

	for (k = ACQ_CF_TERMS; k >= 1; k--)
		t = 0.5 * k / (x + t);
	return t;
}

double
hps_log_h(double z, double *dlogh)
{
	double x, phi, cdf, h, g, t, lphi;

	if (z > -1) {
		phi = exp(-0.5 * z * z - ACQ_LOG_SQRT2PI);
		cdf = 0.5 * erfc(-z * M_SQRT1_2);
		h = phi + z * cdf;
		if (dlogh != NULL)
			*dlogh = cdf / h;
		return log(h);
	}
	if (z < -1e150)
		z = -1e150;
	x = -z * M_SQRT1_2;
	lphi = -0.5 * z * z - ACQ_LOG_SQRT2PI;
	if (x < ACQ_CF_X) {
		g = x * ACQ_SQRTPI * exp(x * x) * erfc(x);
		if (dlogh != NULL)
			*dlogh = g / (-z * (1 - g));
		return lphi + log1p(-g);
	}
	t = acq_cf_tail(x);
	if (dlogh != NULL)
		*dlogh = M_SQRT1_2 / t;
	return lphi + log(t / (x + t));
}

double
hps_logei(double mu, double var, double best, double *dmu, double *dvar)
{
	double v = var > HPS_ACQ_VARMIN ? var : HPS_ACQ_VARMIN;
	double s = sqrt(v), z = (mu - best) / s, dl, f;

	f = hps_log_h(z, &dl) + 0.5 * log(v);
	if (dmu != NULL) {
		*dmu = dl / s;
		*dvar = var > HPS_ACQ_VARMIN ? (1 - z * dl) / (2 * v) : 0;
	}
	return f;
}

double
hps_log_cdf(double z)
{
	double x = -z * M_SQRT1_2;

	if (x < ACQ_CF_X)
		return log(0.5 * erfc(x));
	/* Phi(z) = erfcx(x) exp(-x^2) / 2, erfcx by the continued fraction */
	return -x * x - log(2 * ACQ_SQRTPI * (x + acq_cf_tail(x)));
}

/*
 * One strip of the region the front leaves: z1 in [l, u), z2 below h.
 * Its expected improvement is A B, A = s1 (psi(a) - psi(b)), B = s2
 * psi(c), psi = phi + z Phi (hps_log_h), a, b, c the bounds
 * standardised; la, lb are log psi(a), log psi(b) with their slopes da,
 * db (lb = -inf for the strip left of the front, l = -inf). log A B into
 * *v, and its derivatives in mu and sd into dm, ds when dm is not NULL.
 */
static void
acq_strip(double a, double la, double da, double b, double lb, double db,
    double h, const double *mu, const double *sd, double *v, double *dm,
    double *ds)
{
	double c = (h - mu[1]) / sd[1], dc, r = isfinite(lb) ? exp(lb - la) :
	    0, q;

	*v = log(sd[0]) + la + log1p(-r) + log(sd[1]) + hps_log_h(c, &dc);
	if (dm == NULL)
		return;
	q = sd[0] * (1 - r);
	dm[0] = -(da - db * r) / q;
	ds[0] = ((1 - a * da) - (r > 0 ? (1 - b * db) * r : 0)) / q;
	dm[1] = -dc / sd[1];
	ds[1] = (1 - c * dc) / sd[1];
}

/*
 * The strips share their bounds (strip i's l is strip i - 1's u), so
 * each bound's log psi is computed once, and the terms are summed in
 * one pass, rescaled whenever a larger one appears.
 */
double
hps_log_ehvi2(const double *f, size_t n, const double *ref,
    const double *mu, const double *sd, double *dmu, double *dsd)
{
	double top = -INFINITY, sum = 0, v, w, dm[2], ds[2], l = -INFINITY;
	double u, h, a, la, da, b = -INFINITY, lb = -INFINITY, db = 0;
	size_t i, k;

	if (dmu != NULL)
		dmu[0] = dmu[1] = dsd[0] = dsd[1] = 0;
	for (i = 0; i <= n; i++, l = u, b = a, lb = la, db = da) {
		u = i == n ? ref[0] : f[2 * i];
		h = i == 0 ? ref[1] : f[2 * (i - 1) + 1];
		a = (u - mu[0]) / sd[0];
		la = hps_log_h(a, &da);
		if (!(u > l))
			continue;
		acq_strip(a, la, da, b, lb, db, h, mu, sd, &v,
		    dmu ? dm : NULL, ds);
		if (!(v > -INFINITY))
			continue;
		if (v > top) {
			w = exp(top - v);
			sum *= w;
			for (k = 0; dmu != NULL && k < 2; k++) {
				dmu[k] *= w;
				dsd[k] *= w;
			}
			top = v;
		}
		w = exp(v - top);
		sum += w;
		for (k = 0; dmu != NULL && k < 2; k++) {
			dmu[k] += w * dm[k];
			dsd[k] += w * ds[k];
		}
	}
	if (!(sum > 0))
		return -INFINITY;
	for (k = 0; dmu != NULL && k < 2; k++) {
		dmu[k] /= sum;
		dsd[k] /= sum;
	}
	return top + log(sum);
}

struct acq_rank {
	double value;
	size_t row;
};

struct hps_acq {
	const struct hps_encoding *e;
	size_t d, ncand, nlocal, rows, nrows;
	struct hps_sobol *sobol;
	uint64_t seed;
	double *pts, *val;		/* rows x d, rows */
	struct acq_rank *rank;
	double *mu, *var;		/* ACQ_BLOCK x draws, ACQ_BLOCK */
	double *work, *dmu;		/* the model's, draws x d */
	double *lw, *ldm, *ldv;		/* draws each */
	size_t work_cap, draws_cap;
	double *x, *g, *xn, *gn, *dvar;	/* d each */
	double *sx, *sz, *sf;	/* shortlist: d each, ACQ_SHORTLIST each */
	double *tv, *tg;	/* the term's: ACQ_BLOCK, d */
	const struct hps_acq_term *term;
	int has_disc;
};

int
hps_acq_new(const struct hps_encoding *e, size_t candidates, size_t local,
    uint64_t seed, struct hps_acq **out)
{
	struct hps_acq *a;
	size_t d = e->ndims, i;
	int rc;

	*out = NULL;
	if (d == 0 || d > HPS_SOBOL_MAXDIM || candidates == 0)
		return HPS_EINVAL;
	if ((a = calloc(1, sizeof *a)) == NULL)
		return HPS_ENOMEM;
	a->e = e;
	a->d = d;
	a->ncand = candidates;
	a->nlocal = local;
	a->seed = seed;
	a->rows = candidates + ACQ_PERTURB + local;
	a->pts = calloc(a->rows * d, sizeof *a->pts);
	a->val = calloc(a->rows, sizeof *a->val);
	a->rank = calloc(a->rows, sizeof *a->rank);
	a->var = calloc(ACQ_BLOCK, sizeof *a->var);
	a->x = calloc((6 + ACQ_SHORTLIST) * d + 2 * ACQ_SHORTLIST +
	    ACQ_BLOCK, sizeof *a->x);
	if (a->pts == NULL || a->val == NULL || a->rank == NULL ||
	    a->var == NULL || a->x == NULL) {
		hps_acq_free(a);
		return HPS_ENOMEM;
	}
	a->g = a->x + d;
	a->xn = a->x + 2 * d;
	a->gn = a->x + 3 * d;
	a->dvar = a->x + 4 * d;
	a->sx = a->x + 5 * d;
	a->sz = a->sx + ACQ_SHORTLIST * d;
	a->sf = a->sz + ACQ_SHORTLIST;
	a->tg = a->sf + ACQ_SHORTLIST;
	a->tv = a->tg + d;
	for (i = 0; i < d; i++)
		a->has_disc |= e->dims[i].kind != HPS_DIM_CONT;
	if ((rc = hps_sobol_new(d, seed, &a->sobol)) != 0) {
		hps_acq_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void
hps_acq_free(struct hps_acq *a)
{
	if (a == NULL)
		return;
	hps_sobol_free(a->sobol);
	free(a->pts);
	free(a->val);
	free(a->rank);
	free(a->mu);
	free(a->var);
	free(a->work);
	free(a->dmu);
	free(a->lw);
	free(a->x);
	free(a);
}

/* Scratch for the model's size, grown once per run when needed. */
static int
acq_reserve(struct hps_acq *a, const struct hps_gp *gp)
{
	size_t need, nd;
	double *w;

	if (gp == NULL)
		return 0;
	need = hps_gp_work_size_many(gp, ACQ_BLOCK);
	nd = hps_gp_ndraws(gp);
	if (hps_gp_work_size(gp) > need)
		need = hps_gp_work_size(gp);
	if (hps_gp_work_size_draw(gp, ACQ_SHORTLIST) > need)
		need = hps_gp_work_size_draw(gp, ACQ_SHORTLIST);
	if (need > a->work_cap) {
		if ((w = realloc(a->work, need * sizeof *w)) == NULL)
			return HPS_ENOMEM;
		a->work = w;
		a->work_cap = need;
	}
	if (nd > a->draws_cap) {
		if ((w = realloc(a->mu, ACQ_BLOCK * nd * sizeof *w)) == NULL)
			return HPS_ENOMEM;
		a->mu = w;
		if ((w = realloc(a->dmu, nd * a->d * sizeof *w)) == NULL)
			return HPS_ENOMEM;
		a->dmu = w;
		if ((w = realloc(a->lw, 3 * nd * sizeof *w)) == NULL)
			return HPS_ENOMEM;
		a->lw = w;
		a->ldm = w + nd;
		a->ldv = w + 2 * nd;
		a->draws_cap = nd;
	}
	return 0;
}

/*
 * The Sobol block into the box of side region around center, clipped to
 * the cube, on every coordinate but the categorical ones (which keep
 * their whole range); with no center, into the cube.
 */
static void
acq_sobol_rows(struct hps_acq *a, uint64_t round, const double *center,
    double region)
{
	double lo, hi, *x;
	size_t i, j;

	for (j = 0; j < a->ncand; j++) {
		x = a->pts + j * a->d;
		hps_sobol_point(a->sobol, round * a->ncand + j, x);
		for (i = 0; center != NULL && i < a->d; i++) {
			if (a->e->dims[i].kind == HPS_DIM_CAT ||
			    center[i] == HPS_ENC_INACTIVE)
				continue;
			lo = fmax(0, center[i] - region / 2);
			hi = fmin(1, center[i] + region / 2);
			x[i] = lo + (hi - lo) * x[i];
		}
		hps_encoding_from_unit(a->e, x);
	}
}

/* Every active coordinate of x moved by s times a Gaussian; a
 * categorical one gets a random value with probability 1 / d. */
static void
acq_jitter(struct hps_acq *a, struct hps_rng *r, double *x, double s)
{
	size_t i;

	for (i = 0; i < a->d; i++) {
		if (x[i] == HPS_ENC_INACTIVE)
			continue;
		if (a->e->dims[i].kind != HPS_DIM_CAT)
			x[i] += s * hps_rng_normal(r);
		else if (hps_rng_below(r, a->d) == 0)
			x[i] = (double)hps_rng_below(r, a->e->dims[i].ncat);
	}
}

/* One random coordinate of x redrawn over its whole range. */
static void
acq_axis_move(struct hps_acq *a, struct hps_rng *r, double *x)
{
	size_t i = (size_t)hps_rng_below(r, a->d);

	if (a->e->dims[i].kind == HPS_DIM_CAT)
		x[i] = (double)hps_rng_below(r, a->e->dims[i].ncat);
	else
		x[i] = hps_rng_uniform(r);
}

/*
 * Perturbations of the anchors at several scales: the incumbent's
 * neighbourhood is where EI's maximum usually is once the model is
 * good, and a few thousand space-filling points rarely land close
 * enough to it to refine the optimum to many digits. Every third round
 * over the anchors moves one coordinate far instead and keeps the
 * others: a trial can be good in all coordinates but one, which sits in
 * the wrong basin (each coordinate of Styblinski-Tang has two), and
 * random points almost never keep the good ones while trying the other
 * basin of that one.
 */
static void
acq_perturb_rows(struct hps_acq *a, uint64_t round, const double *anchors,
    size_t nanchors)
{
	struct hps_rng r;
	double *x;
	size_t p, k;

	hps_rng_seed2(&r, a->seed ^ ACQ_STREAM, round);
	for (p = 0; p < ACQ_PERTURB; p++) {
		x = a->pts + (a->ncand + p) * a->d;
		memcpy(x, anchors + (p % nanchors) * a->d, a->d * sizeof *x);
		k = p / nanchors;
		if (k % 3 == 2)
			acq_axis_move(a, &r, x);
		else
			acq_jitter(a, &r, x, acq_scales[k % ACQ_NSCALES]);
		hps_encoding_canon(a->e, x, NULL, &r);
	}
}

/*
 * log of the mean over the model's draws of the pending trials' outcomes
 * (hps_gp_set_draws) of EI over each draw's best; with one draw, log EI.
 * With dm not NULL, its derivatives in each draw's mean into dm (a->ldm
 * is allowed) and in the variance into *dv.
 */
static double
acq_mean_logei(struct hps_acq *a, size_t nd, const double *mu, double var,
    const double *best, double *dm, double *dv)
{
	double top = -INFINITY, sum = 0, w, *l = a->lw;
	size_t s;

	for (s = 0; s < nd; s++) {
		l[s] = hps_logei(mu[s], var, best[s], dm ? &a->ldm[s] : NULL,
		    &a->ldv[s]);
		top = l[s] > top ? l[s] : top;
	}
	for (s = 0; isfinite(top) && s < nd; s++)
		sum += exp(l[s] - top);
	if (dm != NULL)
		for (*dv = 0, s = 0; s < nd; s++) {
			w = isfinite(top) ? exp(l[s] - top) / sum : 0;
			dm[s] = w * a->ldm[s];
			*dv += w * a->ldv[s];
		}
	return isfinite(top) ? top + log(sum / (double)nd) : top;
}

/* log EI of rows [from, to) into val, a block at a time, plus the term;
 * -inf for a point that breaks a constraint. Without gp, the term alone. */
static void
acq_score_rows(struct hps_acq *a, const struct hps_gp *gp,
    const double *best, size_t from, size_t to)
{
	size_t j, b, count, nd = gp ? hps_gp_ndraws(gp) : 1;
	const double *x;

	for (b = from; b < to; b += ACQ_BLOCK) {
		count = to - b < ACQ_BLOCK ? to - b : ACQ_BLOCK;
		x = a->pts + b * a->d;
		if (gp != NULL)
			hps_gp_predict_many(gp, x, count, a->mu, a->var,
			    a->work);
		if (a->term != NULL)
			a->term->many(a->term->ctx, x, count, a->tv);
		for (j = 0; j < count; j++) {
			a->val[b + j] = !hps_encoding_feasible(a->e, x + j *
			    a->d) ? -INFINITY : gp == NULL ? 0 :
			    acq_mean_logei(a, nd, a->mu + j * nd, a->var[j],
			    best, NULL, NULL);
			if (a->term != NULL)
				a->val[b + j] += a->tv[j];
		}
	}
}

/* log EI at x plus the term, and its gradient (0 on categorical
 * coordinates) into g. */
static double
acq_eval(struct hps_acq *a, const struct hps_gp *gp,
    const double *best, const double *x, double *g)
{
	double var, dv = 0, f = 0;
	size_t i, s, nd;

	if (g != NULL)
		memset(g, 0, a->d * sizeof *g);
	if (gp != NULL) {
		nd = hps_gp_ndraws(gp);
		hps_gp_predict(gp, x, a->mu, &var, g ? a->dmu : NULL,
		    a->dvar, a->work);
		f = acq_mean_logei(a, nd, a->mu, var, best, a->ldm, &dv);
		for (i = 0; g != NULL && i < a->d; i++) {
			g[i] = dv * a->dvar[i];
			for (s = 0; s < nd; s++)
				g[i] += a->ldm[s] * a->dmu[s * a->d + i];
		}
	}
	if (a->term != NULL) {
		f += a->term->one(a->term->ctx, x, g ? a->tg : NULL);
		for (i = 0; g != NULL && i < a->d; i++)
			g[i] += a->tg[i];
	}
	return isfinite(f) ? f : -INFINITY;
}

/* Into the cube; an inactive coordinate stays as it is. */
static void
acq_clamp(double *x, size_t d)
{
	size_t i;

	for (i = 0; i < d; i++)
		if (x[i] != HPS_ENC_INACTIVE)
			x[i] = x[i] < 0 ? 0 : x[i] > 1 ? 1 : x[i];
}

/* One Armijo step along g from x (into xn, gn); 1 when accepted. */
static int
acq_step(struct hps_acq *a, const struct hps_gp *gp,
    const double *best, double *step, double f, double *fn)
{
	size_t i, k;
	double dot, moved;

	for (k = 0; k < 30; k++, *step *= 0.25) {
		for (i = 0; i < a->d; i++)
			a->xn[i] = a->x[i] + *step * a->g[i];
		acq_clamp(a->xn, a->d);
		for (dot = 0, moved = 0, i = 0; i < a->d; i++) {
			dot += a->g[i] * (a->xn[i] - a->x[i]);
			moved += fabs(a->xn[i] - a->x[i]);
		}
		if (moved < 1e-12)
			return 0;
		*fn = acq_eval(a, gp, best, a->xn, a->gn);
		if (*fn >= f + 1e-4 * dot)
			return 1;
	}
	return 0;
}

/* The Barzilai-Borwein step for the next iteration (ascent). */
static double
acq_bb(const struct hps_acq *a, double step)
{
	double ss = 0, sy = 0, u;
	size_t i;

	for (i = 0; i < a->d; i++) {
		u = a->xn[i] - a->x[i];
		ss += u * u;
		sy -= u * (a->gn[i] - a->g[i]);
	}
	if (!(sy > 0))
		return step * 4;
	return ss / sy;
}

/* Projected gradient ascent from x; returns log EI at the end point. */
static double
acq_climb(struct hps_acq *a, const struct hps_gp *gp,
    const double *best)
{
	double f, fn = -INFINITY, gmax = 0, step;
	size_t i;
	int it, iters, done;

	f = acq_eval(a, gp, best, a->x, a->g);
	for (i = 0; i < a->d; i++)
		gmax = fmax(gmax, fabs(a->g[i]));
	if (!isfinite(f) || !(gmax > 0))
		return f;
	step = 0.05 / gmax;
	iters = (gp ? hps_gp_size(gp) : a->term->size) > ACQ_BIG ?
	    ACQ_ITERS_BIG : ACQ_ITERS;
	for (it = 0; it < iters; it++) {
		if (!acq_step(a, gp, best, &step, f, &fn))
			break;
		step = acq_bb(a, step);
		memcpy(a->x, a->xn, a->d * sizeof *a->x);
		memcpy(a->g, a->gn, a->d * sizeof *a->g);
		done = fn - f < 1e-12 * fabs(f);
		f = fn;
		if (done)
			break;
	}
	return f;
}

/* The unit coordinate of the grid neighbour of x[i] in direction dir,
 * or -1 when x[i] is at the end of the range. */
static double
acq_neighbour(const struct hps_acq *a, size_t i, const double *x, int dir)
{
	const struct hps_dim *dm = &a->e->dims[i];
	const struct hps_param *p = &a->e->space->params[dm->param];
	double step = p->step > 0 ? p->step : 1, t, v;

	t = dm->lo + x[i] * (dm->hi - dm->lo);
	v = (dm->log ? exp(t) : t) + dir * step;
	if (v < p->min - step / 4 || v > p->max + step / 4)
		return -1;
	t = dm->log ? log(v) : v;
	return (t - dm->lo) / (dm->hi - dm->lo);
}

/*
 * Try each value of one discrete coordinate of x (value f); keep the
 * best. Snapping a switch's new value changes which other coordinates
 * apply, so each try starts from the point as it was (in xn) and the
 * best is kept whole (in gn).
 */
static double
acq_polish_dim(struct hps_acq *a, const struct hps_gp *gp,
    const double *best, size_t i, double f)
{
	const struct hps_dim *dm = &a->e->dims[i];
	double keep = a->x[i], fn, alt[2];
	size_t k, n, d = a->d;

	n = dm->kind == HPS_DIM_CAT ? dm->ncat : 2;
	alt[0] = acq_neighbour(a, i, a->x, -1);
	alt[1] = acq_neighbour(a, i, a->x, 1);
	memcpy(a->xn, a->x, d * sizeof *a->x);
	memcpy(a->gn, a->x, d * sizeof *a->x);
	for (k = 0; k < n; k++) {
		memcpy(a->x, a->xn, d * sizeof *a->x);
		a->x[i] = dm->kind == HPS_DIM_CAT ? (double)k : alt[k];
		if (a->x[i] < 0 || a->x[i] == keep)
			continue;
		hps_encoding_snap(a->e, a->x);
		if (!hps_encoding_feasible(a->e, a->x))
			continue;
		fn = acq_eval(a, gp, best, a->x, NULL);
		if (fn > f) {
			f = fn;
			memcpy(a->gn, a->x, d * sizeof *a->x);
		}
	}
	memcpy(a->x, a->gn, d * sizeof *a->x);
	return f;
}

/* Round the climb's end onto the grid, then polish discrete
 * coordinates one at a time. */
static double
acq_polish(struct hps_acq *a, const struct hps_gp *gp,
    const double *best)
{
	double f;
	size_t i;

	hps_encoding_snap(a->e, a->x);
	f = hps_encoding_feasible(a->e, a->x) ? acq_eval(a, gp, best, a->x,
	    NULL) : -INFINITY;
	if (!a->has_disc)
		return f;
	for (i = 0; i < a->d; i++)
		if (a->e->dims[i].kind != HPS_DIM_CONT &&
		    a->x[i] != HPS_ENC_INACTIVE)
			f = acq_polish_dim(a, gp, best, i, f);
	return f;
}

static int
acq_cmp(const void *pa, const void *pb)
{
	const struct acq_rank *x = pa, *y = pb;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static void
acq_sort(struct hps_acq *a, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++) {
		a->rank[j].value = isfinite(a->val[j]) ? a->val[j] : -INFINITY;
		a->rank[j].row = j;
	}
	qsort(a->rank, n, sizeof *a->rank, acq_cmp);
	a->nrows = n;
}

/* Local searches from the best nlocal scored rows, into the last rows. */
static void
acq_local(struct hps_acq *a, const struct hps_gp *gp,
    const double *best, size_t scored)
{
	size_t k, row;

	for (k = 0; k < a->nlocal && k < scored; k++) {
		row = scored + k;
		memcpy(a->x, a->pts + a->rank[k].row * a->d,
		    a->d * sizeof *a->x);
		acq_climb(a, gp, best);
		a->val[row] = acq_polish(a, gp, best);
		memcpy(a->pts + row * a->d, a->x, a->d * sizeof *a->x);
	}
}

int
hps_acq_run(struct hps_acq *a, const struct hps_gp *gp,
    const double *best, uint64_t round, const double *anchors,
    size_t nanchors, double region)
{
	size_t scored = a->ncand;
	int rc;

	if (best == NULL)
		gp = NULL;
	if ((rc = acq_reserve(a, gp)) != 0)
		return rc;
	acq_sobol_rows(a, round, nanchors > 0 ? anchors : NULL, region);
	if (nanchors > 0) {
		acq_perturb_rows(a, round, anchors, nanchors);
		scored += ACQ_PERTURB;
	}
	acq_score_rows(a, gp, best, 0, scored);
	acq_sort(a, scored);
	acq_local(a, gp, best, scored);
	acq_sort(a, scored + (a->nlocal < scored ? a->nlocal : scored));
	return 0;
}

void
hps_acq_set_term(struct hps_acq *a, const struct hps_acq_term *t)
{
	a->term = t;
}

int
hps_acq_thompson(struct hps_acq *a, const struct hps_gp *gp, uint64_t round)
{
	size_t m = a->nrows < ACQ_SHORTLIST ? a->nrows : ACQ_SHORTLIST;
	struct acq_rank t;
	struct hps_rng r;
	double f;
	size_t j, k;
	int rc;

	if (m < 2)
		return 0;
	if ((rc = acq_reserve(a, gp)) != 0)
		return rc;
	hps_rng_seed2(&r, a->seed ^ ACQ_DRAW_STREAM, round);
	for (j = 0; j < m; j++) {
		memcpy(a->sx + j * a->d, a->pts + a->rank[j].row * a->d,
		    a->d * sizeof *a->sx);
		a->sz[j] = hps_rng_normal(&r);
	}
	if (hps_gp_draw(gp, a->sx, m, a->sz, a->sf, a->work) != 0)
		return 0;
	/* insertion sort of the shortlist by the draw, highest first */
	for (j = 1; j < m; j++) {
		t = a->rank[j];
		f = a->sf[j];
		for (k = j; k > 0 && a->sf[k - 1] < f; k--) {
			a->rank[k] = a->rank[k - 1];
			a->sf[k] = a->sf[k - 1];
		}
		a->rank[k] = t;
		a->sf[k] = f;
	}
	return 0;
}

double
hps_acq_region(const double *y, const long *number, size_t n, size_t start,
    size_t lag, double first)
{
	double side = first > 0 ? first : ACQ_REGION_START, best = y[0];
	unsigned wins = 0, misses = 0;
	size_t j, seen = 0;

	if (n <= start)
		return HUGE_VAL;
	for (j = 1; j < n; j++) {
		if (j >= start && y[j] > best + ACQ_REGION_GAIN * fabs(best)) {
			misses = 0;
			if (++wins == ACQ_REGION_WINS) {
				side = fmin(2 * side, ACQ_REGION_MAX);
				wins = 0;
			}
		} else if (j >= start && number[j] >= (long)(seen + 1 + lag)) {
			wins = 0;
			if (++misses == ACQ_REGION_MISSES) {
				side /= 2;
				misses = 0;
			}
		}
		if (side < ACQ_REGION_MIN)
			side = ACQ_REGION_START;
		if (y[j] > best) {
			best = y[j];
			seen = j;
		}
	}
	return side;
}

size_t
hps_acq_count(const struct hps_acq *a)
{
	return a->nrows;
}

const double *
hps_acq_point(const struct hps_acq *a, size_t rank, double *value)
{
	if (value != NULL)
		*value = a->rank[rank].value;
	return a->pts + a->rank[rank].row * a->d;
}
