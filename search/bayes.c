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
 * Several objectives and outcome limits: the model is then one GP per
 * objective (or one of ParEGO's scalarisation) and one per limited
 * metric, each on the trials that reported its value, infeasible ones
 * included; the incumbent is the best feasible trial, and
 * search/bayes_front.c adds the term that weights the acquisition by
 * feasibility (and with two objectives is the acquisition).
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

#include "bayes_int.h"
#include "hps/error.h"
#include "hps/multi.h"
#include "hps/rng.h"

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

/* The outputs the space asks for: its objectives as the mode models
 * them, then its limits. */
static int
bayes_outputs(struct bayes *b)
{
	size_t i;

	b->mode = b->sp->nobj < 2 ? BAYES_ONE : b->sp->nobj == 2 ?
	    BAYES_EHVI : BAYES_PAREGO;
	b->nobj = b->mode == BAYES_EHVI ? 2 : 1;
	b->nout = b->nobj + b->sp->nlimits;
	if ((b->out = calloc(b->nout, sizeof *b->out)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < b->nout; i++) {
		b->out[i].kind = i >= b->nobj ? BAYES_LIMIT :
		    b->mode == BAYES_PAREGO ? BAYES_SCALAR : BAYES_OBJ;
		b->out[i].which = i >= b->nobj ? i - b->nobj : i;
		b->out[i].scale = 1;
	}
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
	if ((rc = bayes_outputs(b)) != 0)
		return rc;
	for (i = 0; i < b->nout; i++)
		if ((rc = hps_gp_new(b->d, kind, &b->out[i].gp)) != 0)
			return rc;
	if ((rc = hps_sobol_new(b->d, b->sp->seed, &b->sobol)) != 0 ||
	    (rc = hps_acq_new(&b->enc, ncand, nlocal, hps_mix64(b->sp->seed),
	    &b->acq)) != 0)
		return rc;
	b->x = calloc(b->d, sizeof *b->x);
	b->anchors = calloc((BAYES_ANCHORS + BAYES_MIXES) * b->d,
	    sizeof *b->anchors);
	b->tdmu = calloc(4 * b->d, sizeof *b->tdmu);
	b->tmu = calloc(2 * b->nout * HPS_ACQ_BLOCK, sizeof *b->tmu);
	if (b->x == NULL || b->anchors == NULL || b->tdmu == NULL ||
	    b->tmu == NULL)
		return HPS_ENOMEM;
	b->tdvar = b->tdmu + 2 * b->d;
	b->tvar = b->tmu + b->nout * HPS_ACQ_BLOCK;
	return 0;
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
	size_t i;

	if (b == NULL)
		return;
	hps_sobol_free(b->sobol);
	for (i = 0; b->out != NULL && i < b->nout; i++) {
		hps_gp_free(b->out[i].gp);
		free(b->out[i].yraw);
		free(b->out[i].ystd);
		free(b->out[i].number);
	}
	free(b->out);
	hps_acq_free(b->acq);
	hps_encoding_free(&b->enc);
	free(b->work);
	free(b->idx);
	free(b->ok);
	free(b->x);
	free(b->anchors);
	free(b->z);
	free(b->front);
	free(b->tmu);
	free(b->tw);
	free(b->tdmu);
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

/*
 * Output o's value for trial t into *y: 1 when t has one to learn from.
 * An objective's comes from every trial that reported it, those outside
 * the limits included (hps_multi_reported); a limit's from every
 * completed trial that reported its metric.
 */
static int
bayes_target(const struct bayes *b, const struct bayes_out *o,
    const struct hps_trial_rec *t, double *y)
{
	double p[HPS_OBJECTIVES_MAX];

	if (o->kind == BAYES_LIMIT) {
		if (t->state != HPS_T_COMPLETED || t->lim == NULL ||
		    !isfinite(t->lim[o->which]))
			return 0;
		*y = t->lim[o->which];
		return 1;
	}
	if (!hps_multi_point(b->sp, t, p))
		return 0;
	*y = o->kind == BAYES_SCALAR ? -hps__bayes_scalar(b, p) :
	    -p[o->which];
	return 1;
}

/* The observations of the objective, which start-up counts. */
static size_t
bayes_count_obs(const struct bayes *b, const struct hps_ask *ask)
{
	double y;
	size_t i, n = 0;

	for (i = 0; i < ask->ndone; i++)
		n += bayes_target(b, &b->out[0], &ask->done[i], &y);
	return n;
}

/* Make room for cap rows in output o. */
static int
bayes_reserve_out(struct bayes_out *o, size_t cap)
{
	double *y, *s;
	long *num;
	int rc;

	if ((rc = hps_gp_reserve(o->gp, cap)) != 0)
		return rc;
	if ((y = realloc(o->yraw, cap * sizeof *y)) != NULL)
		o->yraw = y;
	if ((s = realloc(o->ystd, cap * sizeof *s)) != NULL)
		o->ystd = s;
	if ((num = realloc(o->number, cap * sizeof *num)) != NULL)
		o->number = num;
	return y == NULL || s == NULL || num == NULL ? HPS_ENOMEM : 0;
}

/*
 * Buffers for n observations and m rows in all. The scratch serves the
 * models' predictions, and two rows of cap (at least as many).
 */
static int
bayes_reserve(struct bayes *b, size_t n, size_t m)
{
	size_t cap = m > n ? m : n, need = 0, i;
	unsigned char *ok;
	double *w;
	size_t *idx;
	int rc;

	if (cap <= b->cap)
		return 0;
	cap = cap * 2;
	for (i = 0; i < b->nout; i++) {
		if ((rc = bayes_reserve_out(&b->out[i], cap)) != 0)
			return rc;
		if (hps_gp_work_size(b->out[i].gp) > need)
			need = hps_gp_work_size(b->out[i].gp);
	}
	if ((w = realloc(b->work, need * sizeof *w)) != NULL)
		b->work = w;
	if ((idx = realloc(b->idx, cap * sizeof *idx)) != NULL)
		b->idx = idx;
	if ((ok = realloc(b->ok, cap)) != NULL)
		b->ok = ok;
	if (w == NULL || idx == NULL || ok == NULL)
		return HPS_ENOMEM;
	if ((w = realloc(b->z, BAYES_DRAWS * cap * sizeof *w)) == NULL)
		return HPS_ENOMEM;
	b->z = w;
	if ((w = realloc(b->front, 2 * cap * sizeof *w)) == NULL)
		return HPS_ENOMEM;
	b->front = w;
	b->cap = cap;
	return 0;
}

/*
 * Output o's observations into its model's head rows, in the order they
 * finished: rows that still match are kept (and with them their part of
 * the Cholesky factor), the rest replaced. Raw targets into yraw, trial
 * numbers into number; for out[0], whether each is feasible into ok.
 */
static int
bayes_load(struct bayes *b, struct bayes_out *o, const struct hps_ask *ask)
{
	const struct hps_trial_rec *t;
	size_t i, j = 0;
	double y;
	int rc;

	hps_gp_truncate(o->gp, o->nobs);
	if (o == b->out)
		b->nimported = 0;
	for (i = 0; i < ask->ndone; i++) {
		t = &ask->done[i];
		if (!bayes_target(b, o, t, &y))
			continue;
		if (t->state == HPS_T_IMPORTED && o == b->out)
			b->nimported = j + 1;
		hps_encode(&b->enc, t->params, b->x);
		o->number[j] = t->number;
		o->yraw[j] = y;
		if (o == b->out)
			b->ok[j] = t->has_objective != 0;
		if (j < hps_gp_size(o->gp) && memcmp(hps_gp_point(o->gp, j),
		    b->x, b->d * sizeof *b->x) == 0) {
			j++;
			continue;
		}
		hps_gp_truncate(o->gp, j);
		if ((rc = hps_gp_add(o->gp, b->x, 0)) != 0)
			return rc;
		j++;
	}
	hps_gp_truncate(o->gp, j);
	o->nobs = j;
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

/* mean and standard deviation of y[0..n) (1 when not positive) */
static void
bayes_moments(const double *y, size_t n, double *mean, double *sd)
{
	double m = 0, v = 0;
	size_t j;

	for (j = 0; j < n; j++)
		m += y[j];
	m /= (double)n;
	for (j = 0; j < n; j++)
		v += (y[j] - m) * (y[j] - m);
	*mean = m;
	*sd = sqrt(v / (double)n);
	if (!(*sd > 0) || !isfinite(*sd))
		*sd = 1;
}

/*
 * Scale an objective's targets to unit variance with the worst at 0, the
 * model's prior mean; returns the best scaled one among the feasible
 * trials (-inf when none is). A constant objective gets unit scale.
 *
 * Far from every observation the model reverts to its prior mean with
 * its full variance. Were that the targets' mean, each unexplored
 * corner of the cube (2^d of them) would look like an average trial
 * that might be far better, and EI would spend a trial on one corner
 * after another (up to a quarter of 100 trials on Hartmann-6, a third
 * on Ackley-5). With the worst trial there, a region nothing is known
 * about is worth a trial only once the known ones are worth little more.
 *
 * A limit's model predicts the metric itself, centred on its mean: its
 * bounds are then compared with the prediction as they are.
 */
static double
bayes_standardise(struct bayes *b, struct bayes_out *o)
{
	double mean, sd, lo = INFINITY, best = -INFINITY;
	double *y = o->ystd;
	size_t j, n = o->nobs;

	memcpy(y, o->yraw, n * sizeof *y);
	if (o->kind != BAYES_LIMIT)
		bayes_warp(b, y, n);
	bayes_moments(y, n, &mean, &sd);
	for (j = 0; j < n; j++)
		lo = y[j] < lo ? y[j] : lo;
	o->shift = o->kind == BAYES_LIMIT ? mean : lo;
	o->scale = sd;
	for (j = 0; j < n; j++) {
		y[j] = (y[j] - o->shift) / sd;
		hps_gp_set_y(o->gp, j, y[j]);
		if (o == b->out && b->ok[j])
			best = y[j] > best ? y[j] : best;
	}
	return best;
}

/* The rows a fit looks at: all, or a random subset of cap. */
static size_t
bayes_subset(struct bayes *b, size_t n, uint64_t index, size_t cap)
{
	struct hps_rng r;
	size_t j, k, t;

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
bayes_fit(struct bayes *b, struct bayes_out *o, uint64_t index)
{
	size_t m, n = o->nobs;

	if (o->nfit > 0 && n > BAYES_REFIT_ALL && n < o->nfit + o->nfit / 10)
		return;
	/*
	 * The first fit of many points (after a restart) is a cold one on a
	 * subset, as small as those that get a cold start anyway; counting
	 * that subset as the points fitted, the next suggestion refits on
	 * all of them from there. On failure the defaults are set, which is
	 * all there is to do.
	 */
	if (o->nfit == 0 && n > BAYES_COLD_UPTO) {
		m = bayes_subset(b, n, index, BAYES_COLD_UPTO);
		(void)hps_gp_fit(o->gp, b->idx, m, 0, 1);
		o->nfit = m;
		return;
	}
	m = bayes_subset(b, n, index, HPS_GP_FITMAX);
	(void)hps_gp_fit(o->gp, b->idx, m, o->nfit > 0, m <= BAYES_COLD_UPTO);
	o->nfit = n;
}

/*
 * Pending trials as observations of the model's own mean: every mean
 * comes from the observations' model (adding a point at its mean leaves
 * the mean elsewhere unchanged, so the order does not matter), then all
 * are appended and the factor extended once.
 */
static int
bayes_fantasise(struct bayes *b, struct bayes_out *o,
    const struct hps_ask *ask)
{
	double *mu = o->ystd + o->nobs, var;
	size_t i;
	int rc;

	for (i = 0; i < ask->npending; i++) {
		hps_encode(&b->enc, ask->pending[i].params, b->x);
		hps_gp_predict(o->gp, b->x, &mu[i], &var, NULL, NULL, b->work);
	}
	for (i = 0; i < ask->npending; i++) {
		hps_encode(&b->enc, ask->pending[i].params, b->x);
		if (!isfinite(mu[i]))
			mu[i] = 0;
		if ((rc = hps_gp_add(o->gp, b->x, mu[i])) != 0)
			return rc;
	}
	return ask->npending > 0 ? hps_gp_factor(o->gp) : 0;
}

/*
 * The best feasible observations' points, best first, into anchors, and
 * after them infeasible ones while there is room; then, for
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
	const struct bayes_out *o = b->out;
	size_t top[BAYES_ANCHORS], n = 0, j, k, i, end;
	const double *y = o->yraw, *p;
	double *x;

#define BAYES_KEY(j) (b->ok[j] ? y[j] : -INFINITY)
	for (j = 0; j < o->nobs; j++) {
		if (n == BAYES_ANCHORS && !(BAYES_KEY(j) > BAYES_KEY(top[n - 1])))
			continue;
		k = n < BAYES_ANCHORS ? n++ : n - 1;
		for (; k > 0 && BAYES_KEY(top[k - 1]) < BAYES_KEY(j); k--)
			top[k] = top[k - 1];
		top[k] = j;
	}
#undef BAYES_KEY
	for (k = 0; k < n; k++)
		memcpy(b->anchors + k * b->d, hps_gp_point(o->gp, top[k]),
		    b->d * sizeof(double));
	if (n == 0)
		return 0;
	for (end = n + BAYES_MIXES, j = o->nobs; j < hps_gp_size(o->gp); j++) {
		p = hps_gp_point(o->gp, j);
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

/*
 * Build every output's model for this ask; the best feasible target of
 * the objective's into *best. 0, or an error (the caller falls back).
 */
static int
bayes_model(struct bayes *b, const struct hps_ask *ask, double *best)
{
	struct bayes_out *o;
	size_t i;
	double y;
	int rc;

	if ((rc = bayes_reserve(b, ask->ndone, ask->ndone + ask->npending))
	    != 0)
		return rc;
	for (i = 0; i < b->nout; i++) {
		o = &b->out[i];
		if ((rc = bayes_load(b, o, ask)) != 0)
			return rc;
		if (o->nobs < 2) {
			/* a limit too few trials reported yet: no model */
			hps_gp_truncate(o->gp, 0);
			o->nobs = 0;
			continue;
		}
		y = bayes_standardise(b, o);
		if (i == 0)
			*best = y;
		bayes_fit(b, o, ask->index);
		if ((rc = hps_gp_factor(o->gp)) != 0 ||
		    (rc = bayes_fantasise(b, o, ask)) != 0)
			return rc;
	}
	return 0;
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
	struct hps_gp *gp = b->out[0].gp;
	struct hps_rng r;
	size_t p = ask->npending, s, j;
	double c;
	int rc;

	top[0] = best;
	if (p == 0)
		return 0;
	c = 1 - hps_gp_additive_share(gp);
	c *= c;
	hps_rng_seed2(&r, b->sp->seed ^ BAYES_DRAW_STREAM, ask->index);
	for (s = 0; s < BAYES_DRAWS; s += 2)
		for (j = 0; j < p; j++) {
			b->z[s * p + j] = c * hps_rng_normal(&r);
			b->z[(s + 1) * p + j] = -b->z[s * p + j];
		}
	if ((rc = hps_gp_set_draws(gp, p, BAYES_DRAWS, b->z, top)) != 0)
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

/*
 * The trust region's side: after the objective's observations, counting
 * only feasible ones as improvements (an infeasible one counts as the
 * worst, in b->work); the whole cube with EHVI, whose proposals spread
 * along a front rather than close in on a point.
 */
static double
bayes_region(struct bayes *b, const struct hps_ask *ask)
{
	const struct bayes_out *o = b->out;
	double *y = b->work, lo = INFINITY;
	size_t j, start = b->nimported > b->n_startup ? b->nimported :
	    b->n_startup;

	if (b->mode == BAYES_EHVI)
		return HUGE_VAL;
	if (b->sp->nlimits == 0)
		return hps_acq_region(o->yraw, o->number, o->nobs, start,
		    ask->npending, bayes_first_side(b));
	for (j = 0; j < o->nobs; j++)
		lo = fmin(lo, o->yraw[j]);
	for (j = 0; j < o->nobs; j++)
		y[j] = b->ok[j] ? o->yraw[j] : lo;
	return hps_acq_region(y, o->number, o->nobs, start, ask->npending,
	    bayes_first_side(b));
}

/* Rank points by the acquisition: log EI over best (NULL: none
 * feasible yet), plus the term of several objectives and limits. */
static int
bayes_rank(struct bayes *b, const struct hps_ask *ask, double best)
{
	double top[BAYES_DRAWS], region;
	const double *pbest = top;
	size_t na;
	int rc, on;

	if ((rc = hps__bayes_term(b, &on)) != 0)
		return rc;
	hps_acq_set_term(b->acq, on ? &b->term : NULL);
	if (b->mode == BAYES_EHVI || !isfinite(best))
		pbest = NULL;
	else if ((rc = bayes_draws(b, ask, best, top)) != 0)
		return rc;
	if (pbest == NULL && !on)
		return HPS_ESTATE;
	na = b->mode == BAYES_EHVI ? hps__bayes_front_anchors(b,
	    BAYES_ANCHORS) : bayes_anchors(b);
	region = bayes_region(b, ask);
	if ((rc = hps_acq_run(b->acq, b->out[0].gp, pbest, ask->index,
	    b->anchors, na, region)) != 0)
		return rc;
	/* The draw knows one objective and no limits. */
	if (b->mode != BAYES_EHVI && !on)
		return hps_acq_thompson(b->acq, b->out[0].gp, ask->index);
	return 0;
}

static int
bayes_suggest_gp(struct bayes *b, const struct hps_ask *ask,
    struct hps_value *out)
{
	double best = -INFINITY;
	size_t k;
	int rc;

	if ((rc = bayes_model(b, ask, &best)) != 0 ||
	    (rc = bayes_rank(b, ask, best)) != 0)
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
	if (b->mode == BAYES_PAREGO)
		hps__bayes_scalar_setup(b, ask);
	if (ask->ndone + ask->npending < b->n_startup ||
	    bayes_count_obs(b, ask) < 2)
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
