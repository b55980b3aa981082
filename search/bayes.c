/*
 * Gaussian-process Bayesian search (method: bayes).
 *
 * Start-up: the first n_startup trials (default max(10, 2 d), d being the
 * number of non-constant parameters; trials given to the study or imported
 * into it count among them) are scrambled Sobol points, point
 * number ask->index, so a restarted study continues the sequence; so is
 * every trial while fewer than two trials have an objective (failed and
 * pruned trials are not observations, and a sweep whose trials all fail
 * keeps exploring instead of stopping).
 *
 * Model: each suggestion fits a GP (hps/gp.h) to the observations in the
 * unit-space encoding (hps/encode.h), the objective flipped to maximise
 * and scaled with the worst trial as the prior mean (bayes_standardise
 * says why).
 *
 * Candidates: scrambled Sobol points, perturbations of the best
 * observations, and perturbations of the best with one coordinate taken
 * from a pending trial (bayes_anchors): on a separable objective a
 * pending trial that wins may win by one coordinate, and random points
 * almost never hit the best point with that coordinate. Once the
 * start-up trials are observed, the Sobol points fill a trust region
 * around the best observation instead of the whole cube (hps_acq_region,
 * after TuRBO): its side steps down from 0.8 to 1/128 while the best does
 * not improve and holds where it last did, so in turn the candidates
 * cover each scale around the best densely in all coordinates at once;
 * far points still come from the anchors' moves along one axis and from
 * the region's restarts. A result that was suggested before the best it
 * fails to beat had been seen does not shrink the region: it could not
 * have known that best. Trials imported from an earlier study are not
 * the method's proposals: the region's replay starts after the last of
 * them, rather than stepping down through the order in which that study
 * happened to finish them, and at about their spacing, n^(-1/d) for n
 * of them (bayes_first_side), not 0.8: the model already knows the cube
 * at that scale. On bench/search/warm this halves the regret after 10
 * new trials on Levy-5 and lowers it on Branin and Hartmann-6, at some
 * cost after 40 (bench/search/README.md).
 *
 * Acquisition: log expected improvement (hps/acq.h), refined by local
 * searches from the best candidates. Trials still pending are fantasised
 * at the model's predicted mean (the kriging believer, Ginsbourger et al.
 * 2010), which removes the variance around each pending point and so
 * keeps proposals apart, and the EI is averaged over BAYES_DRAWS joint
 * draws of their outcomes, each over the best of the observations and
 * that draw (the improvement a point adds to the running ones, as in
 * Snoek et al. 2012 and BoTorch's pending points): with the mean alone,
 * each pending point near the best pushes the next proposal to explore
 * elsewhere, which slows the last steps of convergence. The draws spread
 * (1 - w)^2 times as far as the model's own, w being the fitted additive
 * share (hps/gp.h). A pending trial's possible gain raises the bar a new
 * point must clear, as if only the larger of two gains could count;
 * where the objective is a sum of one-parameter effects, gains in
 * different parameters add up in a later trial, so a point near the best
 * that learns about another parameter keeps its worth whichever pending
 * trial wins, and the bar should rise less. The square rather than
 * 1 - w is measured, not derived: other spreads gain on one test
 * function what they lose on another (bench/search/README.md).
 *
 * Choice: of the 8 points EI ranks best (ACQ_SHORTLIST in search/acq.c),
 * one joint draw of the posterior picks the proposal (hps_acq_thompson,
 * Thompson sampling on EI's shortlist): the best few are often near-ties around the best
 * observation at different scales, and the draw chooses among them at
 * the scale of the model's own uncertainty. Every proposal is compared,
 * decoded, with every trial done or pending; a duplicate gives way to
 * the next-ranked point, and when none is left to a Sobol point.
 *
 * What each of these rules gains on the benchmark functions, and the
 * rules that were tried and rejected, are in bench/search/README.md.
 *
 * Conditional spaces (when:, per:) are modelled as they are: a parameter
 * that does not apply to a trial is "inactive" in the encoding, never a
 * made-up value, and the kernel treats inactive exactly (hps/gp.h: two
 * trials that both lack a parameter are alike in it, and one that lacks
 * it is a fixed distance from any that has it, as in Swersky et al.
 * 2014's arc kernel), so trials of one branch inform each other fully and
 * those of other branches through the parameters they share. Candidates
 * are made canonical in their own branch before they are scored
 * (search/acq.c), and those that break a constraint are never ranked.
 * The start-up counts the dimensions of the largest branch, not all of
 * them: a trial only ever explores one branch's. The measurements that
 * chose this over imputing values with indicators are in
 * bench/search/README.md ("Conditional spaces").
 *
 * Cost: hyperparameters are fitted by MAP with BFGS, warm-started from
 * the previous fit, on every suggestion up to BAYES_REFIT_ALL
 * observations; beyond that on a random subset of at most HPS_GP_FITMAX
 * observations, and only when the observations have grown by a tenth
 * since the last fit. Between fits the hyperparameters stay, and the
 * Cholesky factor of the previous suggestion is extended by the new
 * observations' rows in O(n^2) each, so a suggestion costs about
 * O(n^2 (new rows + candidates)) instead of O(n^3).
 *
 * The state is a cache of what the ask holds: the model's rows are
 * checked against ask->done on every suggestion and rebuilt where they
 * differ, so a fresh state after a restart gives a valid, equivalent
 * model. suggest touches nothing but its own state and the ask, so it
 * may run on a worker thread.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/acq.h"
#include "hps/encode.h"
#include "hps/error.h"
#include "hps/gp.h"
#include "hps/rng.h"
#include "hps/search.h"
#include "hps/sobol.h"

#define BAYES_CANDIDATES 2048
#define BAYES_LOCAL 5
/* Best observations whose neighbourhoods are searched. */
#define BAYES_ANCHORS 8
/* Most points searched beside them: the best with one coordinate of a
 * pending trial. */
#define BAYES_MIXES 32
/* Observations up to which the hyperparameters are refitted each time. */
#define BAYES_REFIT_ALL 100
/* A cold start is tried beside the warm one on fits this small. */
#define BAYES_COLD_UPTO 60
/* Random points tried when Sobol's proposal is a duplicate; with
 * constraints, for one that satisfies them (hps submit refuses a space
 * where fewer than 1 in 10^4 points do). */
#define BAYES_TRIES 256
#define BAYES_TRIES_FEASIBLE (1 << 18)
/* Streams of the seed's generator ("bsub", "bdup", "bdrw"). */
#define BAYES_SUB_STREAM 0x62737562ULL
#define BAYES_DUP_STREAM 0x62647570ULL
#define BAYES_DRAW_STREAM 0x62647277ULL
/* Draws of the pending trials' outcomes, in antithetic pairs. */
#define BAYES_DRAWS 16

static const struct hps_optspec bayes_spec[] = {
	{"n_startup", HPS_OPTSPEC_INT, 1, 10000, NULL},
	{"candidates", HPS_OPTSPEC_INT, 16, 65536, NULL},
	{"local_searches", HPS_OPTSPEC_INT, 0, 64, NULL},
	{NULL, 0, 0, 0, NULL},
};

struct bayes {
	const struct hps_space *sp;
	struct hps_encoding enc;
	size_t d;
	uint64_t n_startup;
	struct hps_sobol *sobol;
	struct hps_gp *gp;
	struct hps_acq *acq;
	size_t nobs;		/* observation rows at the model's head */
	size_t nimported;	/* rows up to the last imported one */
	size_t nfit;		/* observations at the last fit; 0: none */
	/* grown per suggestion, never inside a loop over candidates */
	size_t cap;
	double *yraw, *work;
	long *number;		/* each observation's trial number */
	size_t *idx;
	double *x, *anchors;
	double *z;		/* BAYES_DRAWS x pending normals */
};

static void bayes_free(void *state);

static int
bayes_options(struct bayes *b, const struct hps_space *sp, size_t *ncand,
    size_t *nlocal, char *err, size_t errlen)
{
	const struct hps_section *s = hps_space_section(sp, "bayes");
	double dflt = b->enc.dmax * 2 > 10 ? (double)b->enc.dmax * 2 : 10;
	int rc;

	if ((rc = hps_section_check(sp, s, bayes_spec, err, errlen)) != 0)
		return rc;
	b->n_startup = (uint64_t)hps_section_num(s, "n_startup", dflt);
	*ncand = (size_t)hps_section_num(s, "candidates", BAYES_CANDIDATES);
	*nlocal = (size_t)hps_section_num(s, "local_searches", BAYES_LOCAL);
	return 0;
}

static int
bayes_models(struct bayes *b, size_t ncand, size_t nlocal)
{
	unsigned char kind[HPS_SOBOL_MAXDIM];
	size_t i;
	int rc;

	for (i = 0; i < b->d; i++)
		kind[i] = (b->enc.dims[i].kind == HPS_DIM_CAT ? HPS_GP_CAT : 0) |
		    (b->enc.dims[i].cond ? HPS_GP_COND : 0);
	if ((rc = hps_sobol_new(b->d, b->sp->seed, &b->sobol)) != 0 ||
	    (rc = hps_gp_new(b->d, kind, &b->gp)) != 0 ||
	    (rc = hps_acq_new(&b->enc, ncand, nlocal, hps_mix64(b->sp->seed),
	    &b->acq)) != 0)
		return rc;
	b->x = calloc(b->d, sizeof *b->x);
	b->anchors = calloc((BAYES_ANCHORS + BAYES_MIXES) * b->d,
	    sizeof *b->anchors);
	return b->x == NULL || b->anchors == NULL ? HPS_ENOMEM : 0;
}

static int
bayes_alloc(void **state, const struct hps_space *sp, char *err,
    size_t errlen)
{
	struct bayes *b;
	size_t ncand, nlocal;
	int rc;

	*state = NULL;
	if ((b = calloc(1, sizeof *b)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	b->sp = sp;
	if ((rc = hps_encoding_init(&b->enc, sp)) != 0) {
		free(b);
		return hps_errf(err, errlen, rc, "out of memory");
	}
	b->d = b->enc.ndims;
	if ((rc = bayes_options(b, sp, &ncand, &nlocal, err, errlen)) != 0) {
		bayes_free(b);
		return rc;
	}
	if (b->d > HPS_SOBOL_MAXDIM) {
		rc = hps_errf(err, errlen, HPS_EINVAL, "bayes search: %zu "
		    "parameters vary; at most %d can", b->d, HPS_SOBOL_MAXDIM);
		bayes_free(b);
		return rc;
	}
	if (b->d > 0 && (rc = bayes_models(b, ncand, nlocal)) != 0) {
		bayes_free(b);
		return hps_errf(err, errlen, rc, "bayes search: %s",
		    hps_strerror(rc));
	}
	*state = b;
	return 0;
}

static void
bayes_free(void *state)
{
	struct bayes *b = state;

	if (b == NULL)
		return;
	hps_sobol_free(b->sobol);
	hps_gp_free(b->gp);
	hps_acq_free(b->acq);
	hps_encoding_free(&b->enc);
	free(b->yraw);
	free(b->work);
	free(b->idx);
	free(b->number);
	free(b->x);
	free(b->anchors);
	free(b->z);
	free(b);
}

/* ---- proposals and duplicates ---- */

/* Whether vals equals a trial done or pending. */
static int
bayes_dup(const struct hps_ask *ask, const struct hps_value *vals)
{
	size_t i, n = ask->space->nparams;

	for (i = 0; i < ask->ndone; i++)
		if (hps_values_eq(ask->done[i].params, vals, n))
			return 1;
	for (i = 0; i < ask->npending; i++)
		if (hps_values_eq(ask->pending[i].params, vals, n))
			return 1;
	return 0;
}

static void
bayes_clear(const struct hps_space *sp, struct hps_value *out)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		hps_value_clear(&out[i]);
	memset(out, 0, sp->nparams * sizeof *out);
}

/* Decode x into out unless it repeats a trial or breaks a constraint:
 * 0, HPS_EEXISTS or an error (out is then clear). */
static int
bayes_offer(struct bayes *b, const struct hps_ask *ask, const double *x,
    struct hps_value *out)
{
	size_t i;
	int rc;

	for (i = 0; i < b->d; i++)
		if (!isfinite(x[i]))
			return HPS_EEXISTS;
	if (!hps_encoding_feasible(&b->enc, x))
		return HPS_EEXISTS;
	memset(out, 0, b->sp->nparams * sizeof *out);
	if ((rc = hps_decode(&b->enc, x, out)) != 0) {
		bayes_clear(b->sp, out);
		return rc;
	}
	if (bayes_dup(ask, out)) {
		bayes_clear(b->sp, out);
		return HPS_EEXISTS;
	}
	return 0;
}

/*
 * The space-filling proposal: Sobol point ask->index, or when that
 * repeats a trial (small discrete spaces) or breaks a constraint, random
 * points from a stream of its own. HPS_EEXHAUSTED when none of them is
 * new.
 */
static int
bayes_sobol(struct bayes *b, const struct hps_ask *ask, struct hps_value *out)
{
	size_t i, k, tries = b->sp->nconstraints > 0 ? BAYES_TRIES_FEASIBLE :
	    BAYES_TRIES;
	struct hps_rng r;
	int rc;

	hps_sobol_point(b->sobol, ask->index, b->x);
	hps_rng_seed2(&r, b->sp->seed ^ BAYES_DUP_STREAM, ask->index);
	for (k = 0; k < tries; k++) {
		if (k > 0)
			for (i = 0; i < b->d; i++)
				b->x[i] = hps_rng_uniform(&r);
		hps_encoding_from_unit(&b->enc, b->x);
		rc = bayes_offer(b, ask, b->x, out);
		if (rc != HPS_EEXISTS)
			return rc;
	}
	return HPS_EEXHAUSTED;
}

/* No parameter varies: the one configuration, once. */
static int
bayes_constant(struct bayes *b, const struct hps_ask *ask,
    struct hps_value *out)
{
	int rc = bayes_offer(b, ask, b->x, out);

	return rc == HPS_EEXISTS ? HPS_EEXHAUSTED : rc;
}

/* ---- the model ---- */

static int
bayes_is_obs(const struct hps_trial_rec *t)
{
	return t->has_objective && isfinite(t->objective);
}

static size_t
bayes_count_obs(const struct hps_ask *ask)
{
	size_t i, n = 0;

	for (i = 0; i < ask->ndone; i++)
		n += bayes_is_obs(&ask->done[i]);
	return n;
}

/*
 * Buffers for n observations and m rows in all. The scratch serves the
 * model's predictions, and two rows of cap (at least as many).
 */
static int
bayes_reserve(struct bayes *b, size_t n, size_t m)
{
	size_t cap = m > n ? m : n;
	double *y, *w;
	size_t *idx;
	long *num;
	int rc;

	if (cap <= b->cap)
		return 0;
	cap = cap * 2;
	if ((rc = hps_gp_reserve(b->gp, cap)) != 0)
		return rc;
	y = realloc(b->yraw, cap * sizeof *y);
	if (y != NULL)
		b->yraw = y;
	w = realloc(b->work, hps_gp_work_size(b->gp) * sizeof *w);
	if (w != NULL)
		b->work = w;
	idx = realloc(b->idx, cap * sizeof *idx);
	if (idx != NULL)
		b->idx = idx;
	num = realloc(b->number, cap * sizeof *num);
	if (num != NULL)
		b->number = num;
	if (y == NULL || w == NULL || idx == NULL || num == NULL)
		return HPS_ENOMEM;
	if ((w = realloc(b->z, BAYES_DRAWS * cap * sizeof *w)) == NULL)
		return HPS_ENOMEM;
	b->z = w;
	b->cap = cap;
	return 0;
}

/*
 * The observations into the model's head rows, in the order they
 * finished: rows that still match are kept (and with them their part of
 * the Cholesky factor), the rest replaced. Raw targets, flipped to
 * maximise, into yraw, and trial numbers into number.
 */
static int
bayes_load(struct bayes *b, const struct hps_ask *ask)
{
	const struct hps_trial_rec *t;
	size_t i, j = 0;
	int rc;

	hps_gp_truncate(b->gp, b->nobs);
	b->nimported = 0;
	for (i = 0; i < ask->ndone; i++) {
		t = &ask->done[i];
		if (!bayes_is_obs(t))
			continue;
		if (t->state == HPS_T_IMPORTED)
			b->nimported = j + 1;
		hps_encode(&b->enc, t->params, b->x);
		b->number[j] = t->number;
		b->yraw[j] = b->sp->goal == HPS_MAXIMIZE ? t->objective :
		    -t->objective;
		if (j < hps_gp_size(b->gp) && memcmp(hps_gp_point(b->gp, j),
		    b->x, b->d * sizeof *b->x) == 0) {
			j++;
			continue;
		}
		hps_gp_truncate(b->gp, j);
		if ((rc = hps_gp_add(b->gp, b->x, 0)) != 0)
			return rc;
		j++;
	}
	hps_gp_truncate(b->gp, j);
	b->nobs = j;
	return 0;
}

static int
bayes_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Compress the bad tail: values below the median (we maximise) move to
 * median - s log(1 + (median - y) / s), s the interquartile range. The
 * better half, where the optimum is, stays linear; a few disastrous
 * trials (Rosenbrock's 10^6 beside a minimum of 0) no longer squash the
 * rest into a flat line after standardising, which would make the GP
 * see a constant with spikes. The order of the values is kept.
 */
static void
bayes_warp(struct bayes *b, double *y, size_t n)
{
	double *t = b->work, med, s;
	size_t j;

	memcpy(t, y, n * sizeof *t);
	qsort(t, n, sizeof *t, bayes_cmp_double);
	med = t[n / 2];
	s = t[(3 * n) / 4] - t[n / 4];
	if (!(s > 0))
		return;
	for (j = 0; j < n; j++)
		if (y[j] < med)
			y[j] = med - s * log1p((med - y[j]) / s);
}

/*
 * Scale the targets to unit variance with the worst at 0, the model's
 * prior mean; returns the best scaled one. A constant objective gets
 * unit scale.
 *
 * Far from every observation the model reverts to its prior mean with
 * its full variance. Were that the targets' mean, each unexplored
 * corner of the cube (2^d of them) would look like an average trial
 * that might be far better, and EI would spend a trial on one corner
 * after another (up to a quarter of 100 trials on Hartmann-6, a third
 * on Ackley-5). With the worst trial there, a region nothing is known
 * about is worth a trial only once the known ones are worth little more.
 */
static double
bayes_standardise(struct bayes *b)
{
	double mean = 0, var = 0, sd, lo = INFINITY, best = -INFINITY;
	double *y = b->work + b->cap;
	size_t j, n = b->nobs;

	memcpy(y, b->yraw, n * sizeof *y);
	bayes_warp(b, y, n);
	for (j = 0; j < n; j++) {
		mean += y[j];
		lo = y[j] < lo ? y[j] : lo;
	}
	mean /= (double)n;
	for (j = 0; j < n; j++)
		var += (y[j] - mean) * (y[j] - mean);
	sd = sqrt(var / (double)n);
	if (!(sd > 0) || !isfinite(sd))
		sd = 1;
	for (j = 0; j < n; j++) {
		hps_gp_set_y(b->gp, j, (y[j] - lo) / sd);
		best = y[j] > best ? y[j] : best;
	}
	return (best - lo) / sd;
}

/* The rows a fit looks at: all, or a random subset of cap. */
static size_t
bayes_subset(struct bayes *b, uint64_t index, size_t cap)
{
	struct hps_rng r;
	size_t j, k, t, n = b->nobs;

	for (j = 0; j < n; j++)
		b->idx[j] = j;
	if (n <= cap)
		return n;
	hps_rng_seed2(&r, b->sp->seed ^ BAYES_SUB_STREAM, index);
	for (j = 0; j < cap; j++) {
		k = j + (size_t)hps_rng_below(&r, n - j);
		t = b->idx[j];
		b->idx[j] = b->idx[k];
		b->idx[k] = t;
	}
	return cap;
}

static void
bayes_fit(struct bayes *b, uint64_t index)
{
	size_t m, n = b->nobs;

	if (b->nfit > 0 && n > BAYES_REFIT_ALL && n < b->nfit + b->nfit / 10)
		return;
	/*
	 * The first fit of many points (after a restart) is a cold one on a
	 * subset, as small as those that get a cold start anyway; counting
	 * that subset as the points fitted, the next suggestion refits on
	 * all of them from there. On failure the defaults are set, which is
	 * all there is to do.
	 */
	if (b->nfit == 0 && n > BAYES_COLD_UPTO) {
		m = bayes_subset(b, index, BAYES_COLD_UPTO);
		(void)hps_gp_fit(b->gp, b->idx, m, 0, 1);
		b->nfit = m;
		return;
	}
	m = bayes_subset(b, index, HPS_GP_FITMAX);
	(void)hps_gp_fit(b->gp, b->idx, m, b->nfit > 0, m <= BAYES_COLD_UPTO);
	b->nfit = n;
}

/*
 * Pending trials as observations of the model's own mean: every mean
 * comes from the observations' model (adding a point at its mean leaves
 * the mean elsewhere unchanged, so the order does not matter), then all
 * are appended and the factor extended once.
 */
static int
bayes_fantasise(struct bayes *b, const struct hps_ask *ask)
{
	double *mu = b->yraw + b->nobs, var;
	size_t i;
	int rc;

	for (i = 0; i < ask->npending; i++) {
		hps_encode(&b->enc, ask->pending[i].params, b->x);
		hps_gp_predict(b->gp, b->x, &mu[i], &var, NULL, NULL, b->work);
	}
	for (i = 0; i < ask->npending; i++) {
		hps_encode(&b->enc, ask->pending[i].params, b->x);
		if ((rc = hps_gp_add(b->gp, b->x, isfinite(mu[i]) ? mu[i] :
		    0)) != 0)
			return rc;
	}
	return ask->npending > 0 ? hps_gp_factor(b->gp) : 0;
}

/*
 * The best observations' points, best first, into anchors; then, for
 * each pending trial (the model's rows after the observations) and each
 * coordinate in which it differs from the best, the best point with that
 * one coordinate of the pending trial. Where the objective is a sum of
 * one-parameter effects, a pending trial that wins may win by one of its
 * coordinates, and the best point with that coordinate then wins more:
 * a combination the model scores under each draw of the pending
 * outcomes, but that random candidates almost never hit.
 */
static size_t
bayes_anchors(struct bayes *b)
{
	size_t top[BAYES_ANCHORS], n = 0, j, k, i, end;
	const double *y = b->yraw, *p;
	double *x;

	for (j = 0; j < b->nobs; j++) {
		if (n == BAYES_ANCHORS && !(y[j] > y[top[n - 1]]))
			continue;
		k = n < BAYES_ANCHORS ? n++ : n - 1;
		for (; k > 0 && y[top[k - 1]] < y[j]; k--)
			top[k] = top[k - 1];
		top[k] = j;
	}
	for (k = 0; k < n; k++)
		memcpy(b->anchors + k * b->d, hps_gp_point(b->gp, top[k]),
		    b->d * sizeof(double));
	if (n == 0)
		return 0;
	for (end = n + BAYES_MIXES, j = b->nobs; j < hps_gp_size(b->gp); j++) {
		p = hps_gp_point(b->gp, j);
		for (i = 0; i < b->d && n < end; i++) {
			if (p[i] == b->anchors[i])
				continue;
			x = b->anchors + n++ * b->d;
			memcpy(x, b->anchors, b->d * sizeof *x);
			x[i] = p[i];
		}
	}
	return n;
}

/* Build the model for this ask; 0, or an error (the caller falls back). */
static int
bayes_model(struct bayes *b, const struct hps_ask *ask, double *best)
{
	size_t n = bayes_count_obs(ask);
	int rc;

	if ((rc = bayes_reserve(b, n, n + ask->npending)) != 0 ||
	    (rc = bayes_load(b, ask)) != 0)
		return rc;
	*best = bayes_standardise(b);
	bayes_fit(b, ask->index);
	if ((rc = hps_gp_factor(b->gp)) != 0)
		return rc;
	return bayes_fantasise(b, ask);
}

/*
 * The best target of each draw of the pending trials' outcomes into top
 * (BAYES_DRAWS of them; one, the best observation, when none is
 * pending), spread as the header says. The normals come in antithetic
 * pairs, so the draws' mean is the model's, and from the suggestion's
 * own stream, so a sweep stays reproducible.
 */
static int
bayes_draws(struct bayes *b, const struct hps_ask *ask, double best,
    double *top)
{
	struct hps_rng r;
	size_t p = ask->npending, s, j;
	double c;
	int rc;

	top[0] = best;
	if (p == 0)
		return 0;
	c = 1 - hps_gp_additive_share(b->gp);
	c *= c;
	hps_rng_seed2(&r, b->sp->seed ^ BAYES_DRAW_STREAM, ask->index);
	for (s = 0; s < BAYES_DRAWS; s += 2)
		for (j = 0; j < p; j++) {
			b->z[s * p + j] = c * hps_rng_normal(&r);
			b->z[(s + 1) * p + j] = -b->z[s * p + j];
		}
	if ((rc = hps_gp_set_draws(b->gp, p, BAYES_DRAWS, b->z, top)) != 0)
		return rc;
	for (s = 0; s < BAYES_DRAWS; s++)
		top[s] = top[s] > best ? top[s] : best;
	return 0;
}

/*
 * The trust region's first side: after imported trials, about the
 * spacing of that many points spread over the cube, n^(-1/d) (the best
 * of them lies within about that of a better point), no larger than the
 * default; without imports, the default (0).
 */
static double
bayes_first_side(const struct bayes *b)
{
	double side;

	if (b->nimported <= b->n_startup)
		return 0;
	side = pow((double)b->nimported, -1.0 / (double)b->enc.dmax);
	return side < 0.8 ? side : 0;
}

static int
bayes_suggest_gp(struct bayes *b, const struct hps_ask *ask,
    struct hps_value *out)
{
	double best, top[BAYES_DRAWS];
	size_t k, na;
	int rc;

	if ((rc = bayes_model(b, ask, &best)) != 0 ||
	    (rc = bayes_draws(b, ask, best, top)) != 0)
		return rc;
	na = bayes_anchors(b);
	if ((rc = hps_acq_run(b->acq, b->gp, top, ask->index, b->anchors,
	    na, hps_acq_region(b->yraw, b->number, b->nobs, b->nimported >
	    b->n_startup ? b->nimported : b->n_startup, ask->npending,
	    bayes_first_side(b)))) != 0 ||
	    (rc = hps_acq_thompson(b->acq, b->gp, ask->index)) != 0)
		return rc;
	for (k = 0; k < hps_acq_count(b->acq); k++) {
		rc = bayes_offer(b, ask, hps_acq_point(b->acq, k, NULL), out);
		if (rc != HPS_EEXISTS)
			return rc;
	}
	return HPS_EEXISTS;
}

static int
bayes_suggest(void *state, const struct hps_ask *ask, struct hps_value *out)
{
	struct bayes *b = state;
	int rc;

	if (b->d == 0)
		return bayes_constant(b, ask, out);
	if (ask->ndone + ask->npending < b->n_startup ||
	    bayes_count_obs(ask) < 2)
		return bayes_sobol(b, ask, out);
	rc = bayes_suggest_gp(b, ask, out);
	if (rc == HPS_ENOMEM || rc == 0)
		return rc;
	/* No usable model, or every ranked point repeats a trial. */
	return bayes_sobol(b, ask, out);
}

const struct hps_search_type hps_search_bayes = {
	.name = "bayes",
	.alloc = bayes_alloc,
	.suggest = bayes_suggest,
	.free = bayes_free,
	.slow = 1,
	.history = 1,
};
