/*
 * The Gaussian-process surrogate (see hps/gp.h).
 *
 * Matrices are column-major with the lower triangle in use, as LAPACK
 * wants them; BLAS and LAPACK come from OpenBLAS, float64 throughout.
 *
 * Priors (MAP, on the standardised objective, inputs in [0, 1]):
 * - log length-scale ~ Normal(sqrt(2) + log(d) / 2, sqrt(3)): the
 *   dimension-scaled log-normal of Hvarfner et al. (2024), BoTorch's
 *   default since 0.12. It is broad (95% between a thirtieth of its
 *   median and 30 times it) and favours smoother models as dimensions
 *   are added, which keeps a 100-point fit in 6 or more dimensions from
 *   overfitting.
 * - signal variance ~ Gamma(2, 1), mode 1 (Optuna's GPSampler): the
 *   objective is standardised, so its variance should be near 1.
 * - noise above the 1e-6 floor ~ Gamma(1.1, 30) (Optuna's): mode 0.0033,
 *   light enough that a deterministic objective drives it to the floor.
 * - logit of the additive share ~ Normal(-1, 2): about a quarter of the
 *   signal, anywhere from 1% to 95% if the data say so.
 * - log of the additive part's length factor kappa ~ Normal(0, 1): the
 *   one-dimensional terms as smooth as the joint one until the data say
 *   otherwise, 95% between a seventh and 7 times it.
 * Gamma log densities are taken in the variance itself (no Jacobian), as
 * Optuna and BoTorch do; the optimiser works on logs. Hyperparameters are
 * also kept in a box (log length-scales, log signal variance and the
 * share's logit within +-7, log noise excess within [-20, 2], log kappa
 * within +-3) by a quadratic wall, so a flat likelihood cannot send BFGS
 * off to an overflow. On a purely additive objective the joint
 * length-scales hardly matter and kappa often ends at its bound: the
 * additive ones are then the joint ones over 20.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cblas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>

#include "hps/error.h"
#include "hps/gp.h"

/*
 * LAPACK as OpenBLAS exports it (Debian ships OpenBLAS without the
 * LAPACKE header). The trailing length is gfortran's hidden argument for
 * the character; OpenBLAS's own C versions ignore it.
 */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda,
    int *info, size_t uplo_len);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda,
    int *info, size_t uplo_len);

#define GP_SQRT5 2.23606797749978969641
#define GP_LOG2PI 1.83787706640934548356
/*
 * BFGS iterations per start, and its gradient tolerance (the objective is
 * per point). Small fits run to convergence: an accurate MAP there is
 * worth its milliseconds in the acquisition's quality. Past
 * GP_FIT_SMALL points the cap bounds a fit's cost; a warm start is then
 * usually a few iterations from the optimum anyway.
 */
#define GP_FIT_ITERS 200
#define GP_FIT_ITERS_BIG 40
#define GP_FIT_SMALL 100
#define GP_FIT_GTOL 1e-5
/* A run also stops when GP_FIT_STALL iterations gained less than
 * GP_FIT_NATS in the log posterior: a likelihood ratio of 1.001, which
 * no data can tell from none. */
#define GP_FIT_STALL 5
#define GP_FIT_NATS 1e-3
/* Prior of the additive share's logit: mean and variance; of log kappa:
 * variance (its mean is 0). */
#define GP_W_MEAN -1.0
#define GP_W_VAR 4.0
#define GP_K_VAR 1.0
/* The box and the wall's stiffness. */
#define GP_LOGL_MAX 7.0
#define GP_LOGS2_MAX 7.0
#define GP_LOGN_MIN -20.0
#define GP_LOGN_MAX 2.0
#define GP_LOGIT_MAX 7.0
#define GP_LOGK_MAX 3.0
#define GP_WALL 100.0
/*
 * The largest lam = sqrt5 / (kappa l) for which the additive part's
 * e^-lam |u| is taken as a product of two factors of the points,
 * e^(+-lam (x - 1/2)): below it no factor of a point in [-0.2, 1.2]
 * overflows.
 */
#define GP_SEP_MAX 1000.0
/* The distance, in unit coordinates, between a conditional dimension's
 * "inactive" and any of its values: the width of its range. */
#define GP_INACTIVE_GAP 1.0

/* Kernel parameters in the form the loops use. */
struct gp_kp {
	double *il;		/* 1 / l^2 continuous, 1 / l categorical */
	double *lam;		/* sqrt5 / (kappa l) continuous */
	double *ec;		/* e^-1/l categorical */
	double *eoff;		/* e^-lam gap: inactive against active */
	double s2, noise;
	double w;		/* the additive part's share of s2 */
	double sf, sa;		/* s2 (1 - w), s2 w / d: the parts' weights */
	double ik2;		/* 1 / kappa^2 */
};

struct hps_gp {
	size_t d, nh;
	unsigned char *cat;
	unsigned char *cond;	/* conditional: negative means inactive */
	double *theta;
	struct gp_kp kp;
	double jitter;
	size_t n, cap, nfact;	/* points, room, rows factored */
	double *x, *y, *l, *alpha;
	double *ex;		/* the points' factors (gp_expfac) for kp */
	size_t nex;		/* points whose factors are current */
	size_t ndraw;		/* draws of the pending targets (0: none) */
	double *dalpha;		/* their weights, n each */
	/* the fit's workspace */
	struct gp_kp fkp;
	double *fk, *fy, *fa, *fsl, *fex, *ftheta, *fgrad, *xtheta;
	double *best_theta;
	const size_t *fidx;
	size_t fm;
	double best_f;
	gsl_multimin_fdfminimizer *min;
	gsl_vector *start;
};

static double
gp_lmean(const struct hps_gp *gp)
{
	return M_SQRT2 + 0.5 * log((double)gp->d);
}

static double
gp_clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static double
gp_lo(const struct hps_gp *gp, size_t i)
{
	return i < gp->d ? -GP_LOGL_MAX : i == gp->d ? -GP_LOGS2_MAX :
	    i == gp->d + 1 ? GP_LOGN_MIN : i == gp->d + 2 ? -GP_LOGIT_MAX :
	    -GP_LOGK_MAX;
}

static double
gp_hi(const struct hps_gp *gp, size_t i)
{
	return i < gp->d ? GP_LOGL_MAX : i == gp->d ? GP_LOGS2_MAX :
	    i == gp->d + 1 ? GP_LOGN_MAX : i == gp->d + 2 ? GP_LOGIT_MAX :
	    GP_LOGK_MAX;
}

/* Kernel parameters of theta, clamped into the box. */
static void
gp_kp_set(const struct hps_gp *gp, struct gp_kp *kp, const double *theta)
{
	size_t i;
	double t, ik;

	ik = exp(-gp_clamp(theta[gp->d + 3], -GP_LOGK_MAX, GP_LOGK_MAX));
	kp->ik2 = ik * ik;
	for (i = 0; i < gp->d; i++) {
		t = gp_clamp(theta[i], -GP_LOGL_MAX, GP_LOGL_MAX);
		kp->il[i] = gp->cat[i] ? exp(-t) : exp(-2 * t);
		kp->lam[i] = gp->cat[i] ? 0 : GP_SQRT5 * exp(-t) * ik;
		kp->ec[i] = gp->cat[i] ? exp(-kp->il[i]) : 0;
		kp->eoff[i] = gp->cond[i] ? exp(-GP_INACTIVE_GAP * kp->lam[i]) :
		    0;
	}
	kp->s2 = exp(gp_clamp(theta[gp->d], -GP_LOGS2_MAX, GP_LOGS2_MAX));
	kp->noise = HPS_GP_NOISE_FLOOR + exp(gp_clamp(theta[gp->d + 1],
	    GP_LOGN_MIN, GP_LOGN_MAX));
	kp->w = 1 / (1 + exp(-gp_clamp(theta[gp->d + 2], -GP_LOGIT_MAX,
	    GP_LOGIT_MAX)));
	kp->sf = kp->s2 * (1 - kp->w);
	kp->sa = kp->s2 * kp->w / (double)gp->d;
}

/* Whether dimension i is inactive in a or in b. */
static int
gp_off(const struct hps_gp *gp, size_t i, double a, double b)
{
	return gp->cond[i] && (a < 0 || b < 0);
}

/* a_i - b_i, or for a dimension inactive in one point or both the
 * distance "inactive" stands for (see hps/gp.h). */
static double
gp_gap(const struct hps_gp *gp, size_t i, double a, double b)
{
	if (!gp_off(gp, i, a, b))
		return a - b;
	if (a < 0 && b < 0)
		return 0;
	return gp->cat[i] ? 1 : GP_INACTIVE_GAP;
}

/*
 * A point's factors for the additive part: e[i] = e^(lam_i (x_i - 1/2))
 * and e[d + i] = e^(-lam_i (x_i - 1/2)) on each continuous dimension, so
 * that e^-lam_i |a_i - b_i| is one product, of a's and b's factors,
 * instead of an exp for every pair. An inactive coordinate has none: the
 * kernel takes its term directly.
 */
static void
gp_expfac(const struct hps_gp *gp, const struct gp_kp *kp, const double *x,
    double *e)
{
	size_t i;

	for (i = 0; i < gp->d; i++) {
		e[i] = e[gp->d + i] = 0;
		if (!gp->cat[i] && kp->lam[i] <= GP_SEP_MAX &&
		    !gp_off(gp, i, x[i], 0)) {
			e[i] = exp(kp->lam[i] * (x[i] - 0.5));
			e[gp->d + i] = exp(-kp->lam[i] * (x[i] - 0.5));
		}
	}
}

/*
 * The kernel between a and b, whose factors (gp_expfac) are ea and eb
 * (both NULL: none; each exponential is then taken directly):
 *
 *   s2 ((1 - w) m(r) e^-ham + w / d sum_i g_i)
 *
 * with m(r) = (1 + t + t^2 / 3) e^-t, t = sqrt5 r, over the continuous
 * dimensions, ham the Hamming sum over the categorical ones, and g_i
 * that dimension's own term: m of its distance alone over kappa l_i,
 * or e^-1/l_i when the category differs, else 1. With c not NULL, c[i]
 * gets the coefficient of dimension i's slopes: dk/dlog l_i = c_i u_i^2
 * / l_i^2 and dk/da_i = -c_i u_i / l_i^2 on a continuous dimension
 * (u = a - b), dk/dlog l_i = c_i / l_i on a categorical one whose values
 * differ; and dw[0] the slope in the additive share's logit, dw[1] in
 * log kappa (the additive part's share of the continuous slopes).
 */
static double
gp_kern(const struct hps_gp *gp, const struct gp_kp *kp, const double *a,
    const double *ea, const double *b, const double *eb, double *c,
    double *dw)
{
	double u, t, e, r2 = 0, ham = 0, add = 0, f, q, qi, dk = 0;
	size_t i, o, d = gp->d;

	for (i = 0; i < d; i++) {
		u = gp_gap(gp, i, a[i], b[i]);
		if (gp->cat[i]) {
			e = fabs(u) > 0.5 ? kp->ec[i] : 1;
			ham += fabs(u) > 0.5 ? kp->il[i] : 0;
			add += e;
			qi = fabs(u) > 0.5 ? e : 0;
		} else {
			r2 += u * u * kp->il[i];
			t = fabs(u) * kp->lam[i];
			/* (u < 0) picks the factors without a branch */
			o = (size_t)(u < 0) * d;
			if (gp_off(gp, i, a[i], b[i]))
				e = u == 0 ? 1 : kp->eoff[i];
			else if (ea == NULL || kp->lam[i] > GP_SEP_MAX)
				e = exp(-t);
			else
				e = ea[d - o + i] * eb[o + i];
			add += (1 + t + t * t * (1.0 / 3)) * e;
			qi = 5.0 / 3 * (1 + t) * e * kp->ik2;
			if (dw != NULL)
				dk += qi * u * u * kp->il[i];
		}
		if (c != NULL)
			c[i] = kp->sa * qi;
	}
	t = GP_SQRT5 * sqrt(r2);
	e = exp(-t - ham);
	f = (1 + t + t * t * (1.0 / 3)) * e;
	q = 5.0 / 3 * (1 + t) * e;
	if (c != NULL)
		for (i = 0; i < d; i++)
			c[i] += kp->sf * (gp->cat[i] ? fabs(gp_gap(gp, i, a[i],
			    b[i])) > 0.5 ? f : 0 : q);
	if (dw != NULL) {
		dw[0] = (1 - kp->w) * kp->sa * add - kp->w * kp->sf * f;
		dw[1] = kp->sa * dk;
	}
	return kp->sf * f + kp->sa * add;
}

double
hps_gp_kernel(const struct hps_gp *gp, const double *a, const double *b)
{
	return gp_kern(gp, &gp->kp, a, NULL, b, NULL, NULL, NULL);
}

int
hps_gp_new(size_t dims, const unsigned char *kinds, struct hps_gp **out)
{
	struct hps_gp *gp;
	size_t fm = HPS_GP_FITMAX, i;

	*out = NULL;
	if (dims == 0)
		return HPS_EINVAL;
	gsl_set_error_handler_off();
	if ((gp = calloc(1, sizeof *gp)) == NULL)
		return HPS_ENOMEM;
	gp->d = dims;
	gp->nh = dims + 4;
	gp->cat = calloc(dims, 1);
	gp->cond = calloc(dims, 1);
	gp->theta = calloc(gp->nh, sizeof *gp->theta);
	gp->kp.il = calloc(4 * dims, sizeof *gp->kp.il);
	gp->fkp.il = calloc(4 * dims, sizeof *gp->fkp.il);
	gp->fk = calloc(fm * fm, sizeof *gp->fk);
	gp->fy = calloc(fm, sizeof *gp->fy);
	gp->fa = calloc(fm, sizeof *gp->fa);
	gp->ftheta = calloc(gp->nh, sizeof *gp->ftheta);
	gp->fgrad = calloc(gp->nh, sizeof *gp->fgrad);
	gp->fsl = calloc(fm * (fm - 1) / 2 * (gp->nh - 1), sizeof *gp->fsl);
	gp->fex = calloc(fm * 2 * dims, sizeof *gp->fex);
	gp->xtheta = calloc(gp->nh, sizeof *gp->xtheta);
	gp->best_theta = calloc(gp->nh, sizeof *gp->best_theta);
	gp->min = gsl_multimin_fdfminimizer_alloc(
	    gsl_multimin_fdfminimizer_vector_bfgs2, gp->nh);
	gp->start = gsl_vector_alloc(gp->nh);
	if (gp->cat == NULL || gp->cond == NULL || gp->theta == NULL ||
	    gp->kp.il == NULL || gp->fkp.il == NULL || gp->fk == NULL ||
	    gp->fy == NULL || gp->fa == NULL || gp->ftheta == NULL ||
	    gp->fgrad == NULL || gp->fsl == NULL || gp->fex == NULL ||
	    gp->xtheta == NULL || gp->best_theta == NULL ||
	    gp->min == NULL || gp->start == NULL) {
		hps_gp_free(gp);
		return HPS_ENOMEM;
	}
	gp->kp.lam = gp->kp.il + dims;
	gp->kp.ec = gp->kp.il + 2 * dims;
	gp->kp.eoff = gp->kp.il + 3 * dims;
	gp->fkp.lam = gp->fkp.il + dims;
	gp->fkp.ec = gp->fkp.il + 2 * dims;
	gp->fkp.eoff = gp->fkp.il + 3 * dims;
	for (i = 0; kinds != NULL && i < dims; i++) {
		gp->cat[i] = (kinds[i] & HPS_GP_CAT) != 0;
		gp->cond[i] = (kinds[i] & HPS_GP_COND) != 0;
	}
	hps_gp_default_hyper(gp, gp->theta);
	gp_kp_set(gp, &gp->kp, gp->theta);
	*out = gp;
	return 0;
}

void
hps_gp_free(struct hps_gp *gp)
{
	if (gp == NULL)
		return;
	if (gp->min != NULL)
		gsl_multimin_fdfminimizer_free(gp->min);
	if (gp->start != NULL)
		gsl_vector_free(gp->start);
	free(gp->cat);
	free(gp->cond);
	free(gp->theta);
	free(gp->kp.il);
	free(gp->fkp.il);
	free(gp->fk);
	free(gp->fy);
	free(gp->fa);
	free(gp->ftheta);
	free(gp->fgrad);
	free(gp->fsl);
	free(gp->fex);
	free(gp->xtheta);
	free(gp->best_theta);
	free(gp->x);
	free(gp->y);
	free(gp->l);
	free(gp->alpha);
	free(gp->ex);
	free(gp->dalpha);
	free(gp);
}

void
hps_gp_hyper(const struct hps_gp *gp, double *theta)
{
	memcpy(theta, gp->theta, gp->nh * sizeof *theta);
}

void
hps_gp_set_hyper(struct hps_gp *gp, const double *theta)
{
	if (memcmp(gp->theta, theta, gp->nh * sizeof *theta) == 0)
		return;
	memcpy(gp->theta, theta, gp->nh * sizeof *theta);
	gp_kp_set(gp, &gp->kp, gp->theta);
	gp->nfact = 0;
	gp->nex = 0;
	gp->ndraw = 0;
}

double
hps_gp_additive_share(const struct hps_gp *gp)
{
	return gp->kp.w;
}

/*
 * The cold start: length-scales of a fifth of the cube's diagonal (the
 * data decide from there; starting at the prior's median, four times the
 * diagonal, BFGS would begin on a plateau), unit signal, noise 1e-3,
 * the additive share at its prior's median and kappa = 1.
 */
void
hps_gp_default_hyper(const struct hps_gp *gp, double *theta)
{
	size_t i;

	for (i = 0; i < gp->d; i++)
		theta[i] = gp->cat[i] ? 0 : log(0.2 * sqrt((double)gp->d));
	theta[gp->d] = 0;
	theta[gp->d + 1] = log(1e-3);
	theta[gp->d + 2] = GP_W_MEAN;
	theta[gp->d + 3] = 0;
}

/* Minus the log prior density of theta, and its gradient into grad
 * unless NULL (the priors are those of hps_gp_default_hyper above). */
static double
neg_log_prior(const struct hps_gp *gp, const double *theta, double *grad)
{
	const double mu = gp_lmean(gp), var = 3;
	double f = 0, u, s2, v;
	size_t i;

	for (i = 0; i < gp->d; i++) {
		u = theta[i] - mu;
		f += u * u / (2 * var);
		if (grad != NULL)
			grad[i] = u / var;
	}
	s2 = exp(theta[gp->d]);
	f -= theta[gp->d] - s2;
	v = exp(theta[gp->d + 1]);
	f -= 0.1 * theta[gp->d + 1] - 30 * v;
	u = theta[gp->d + 2] - GP_W_MEAN;
	f += u * u / (2 * GP_W_VAR);
	f += theta[gp->d + 3] * theta[gp->d + 3] / (2 * GP_K_VAR);
	if (grad != NULL) {
		grad[gp->d] = -(1 - s2);
		grad[gp->d + 1] = -(0.1 - 30 * v);
		grad[gp->d + 2] = u / GP_W_VAR;
		grad[gp->d + 3] = theta[gp->d + 3] / GP_K_VAR;
	}
	return f;
}

int
hps_gp_reserve(struct hps_gp *gp, size_t n)
{
	size_t cap, j;
	double *x, *y, *a, *l, *e;

	if (n <= gp->cap)
		return 0;
	cap = n > 2 * gp->cap ? n : 2 * gp->cap;
	if (cap < 16)
		cap = 16;
	x = realloc(gp->x, cap * gp->d * sizeof *x);
	if (x != NULL)
		gp->x = x;
	y = realloc(gp->y, cap * sizeof *y);
	if (y != NULL)
		gp->y = y;
	a = realloc(gp->alpha, cap * sizeof *a);
	if (a != NULL)
		gp->alpha = a;
	e = realloc(gp->ex, cap * 2 * gp->d * sizeof *e);
	if (e != NULL)
		gp->ex = e;
	l = malloc(cap * cap * sizeof *l);
	if (x == NULL || y == NULL || a == NULL || e == NULL || l == NULL) {
		free(l);
		return HPS_ENOMEM;
	}
	/* The factored block moves to the new leading dimension. */
	for (j = 0; j < gp->nfact; j++)
		memcpy(l + j * cap + j, gp->l + j * gp->cap + j,
		    (gp->nfact - j) * sizeof *l);
	free(gp->l);
	gp->l = l;
	gp->cap = cap;
	return 0;
}

int
hps_gp_add(struct hps_gp *gp, const double *x, double y)
{
	int rc;

	if ((rc = hps_gp_reserve(gp, gp->n + 1)) != 0)
		return rc;
	memcpy(gp->x + gp->n * gp->d, x, gp->d * sizeof *x);
	gp->y[gp->n++] = y;
	gp->ndraw = 0;
	return 0;
}

void
hps_gp_truncate(struct hps_gp *gp, size_t n)
{
	if (n < gp->n)
		gp->n = n;
	gp->ndraw = 0;
	if (n < gp->nfact)
		gp->nfact = n;
	if (n < gp->nex)
		gp->nex = n;
}

void
hps_gp_set_y(struct hps_gp *gp, size_t i, double y)
{
	gp->y[i] = y;
}

size_t
hps_gp_size(const struct hps_gp *gp)
{
	return gp->n;
}

const double *
hps_gp_point(const struct hps_gp *gp, size_t i)
{
	return gp->x + i * gp->d;
}

/* ---- the fit ---- */

/* The wall outside the box: value, and its slope into grad. */
static double
gp_wall(const struct hps_gp *gp, const double *theta, double *grad)
{
	double f = 0, u;
	size_t i;

	for (i = 0; i < gp->nh; i++) {
		u = theta[i] < gp_lo(gp, i) ? theta[i] - gp_lo(gp, i) :
		    theta[i] > gp_hi(gp, i) ? theta[i] - gp_hi(gp, i) : 0;
		f += 0.5 * GP_WALL * u * u;
		if (grad != NULL && u != 0)
			grad[i] = GP_WALL * u;
	}
	return f;
}

/*
 * The kernel between a and b and its slopes in theta, into sl (nh - 1
 * doubles): d/dlog l_i for each dimension, then k itself (its slope in
 * log s2), then the slopes in the additive share's logit and in log
 * kappa. (Noise enters the diagonal only.)
 */
static double
gp_slopes(const struct hps_gp *gp, const double *a, const double *ea,
    const double *b, const double *eb, double *sl)
{
	const struct gp_kp *kp = &gp->fkp;
	double k, u;
	size_t i;

	k = gp_kern(gp, kp, a, ea, b, eb, sl, &sl[gp->d + 1]);
	for (i = 0; i < gp->d; i++) {
		u = gp_gap(gp, i, a[i], b[i]);
		sl[i] *= gp->cat[i] ? (fabs(u) > 0.5 ? kp->il[i] : 0) :
		    u * u * kp->il[i];
	}
	sl[gp->d] = k;
	return k;
}

/*
 * The fit's kernel matrix (lower triangle) of the points in idx; with
 * the slopes of each pair below the diagonal in fsl, in column order,
 * when they are wanted for a gradient.
 */
static void
gp_fill_fit(struct hps_gp *gp, const size_t *idx, size_t m, int slopes)
{
	const double *xa, *xb, *ea, *eb;
	double *sl = gp->fsl;
	size_t a, b, ns = gp->nh - 1, d2 = 2 * gp->d;

	for (a = 0; a < m; a++)
		gp_expfac(gp, &gp->fkp, gp->x + idx[a] * gp->d,
		    gp->fex + a * d2);
	for (b = 0; b < m; b++) {
		xb = gp->x + idx[b] * gp->d;
		eb = gp->fex + b * d2;
		gp->fk[b + b * m] = gp->fkp.s2 + gp->fkp.noise;
		for (a = b + 1; a < m; a++) {
			xa = gp->x + idx[a] * gp->d;
			ea = gp->fex + a * d2;
			gp->fk[a + b * m] = slopes ?
			    gp_slopes(gp, xa, ea, xb, eb, sl) :
			    gp_kern(gp, &gp->fkp, xa, ea, xb, eb, NULL, NULL);
			sl += slopes ? ns : 0;
		}
	}
}

/*
 * The likelihood's gradient in theta, from the inverse of K (lower
 * triangle in fk), alpha and the pairs' slopes: d log p / d theta_j =
 * 1/2 tr(W dK/dtheta_j) with W = alpha alpha' - K^-1. Written into g
 * (minus, for minimising). On the diagonal k = s2 whatever the
 * length-scales, share and kappa.
 */
static void
gp_grad(struct hps_gp *gp, size_t m, double *g)
{
	const double *sl = gp->fsl;
	double w;
	size_t a, b, j, ns = gp->nh - 1;

	memset(g, 0, gp->nh * sizeof *g);
	for (b = 0; b < m; b++) {
		for (a = b + 1; a < m; a++, sl += ns) {
			w = gp->fa[a] * gp->fa[b] - gp->fk[a + b * m];
			for (j = 0; j <= gp->d; j++)
				g[j] -= w * sl[j];
			g[gp->d + 2] -= w * sl[gp->d + 1];
			g[gp->d + 3] -= w * sl[gp->d + 2];
		}
		w = 0.5 * (gp->fa[b] * gp->fa[b] - gp->fk[b + b * m]);
		g[gp->d] -= w * gp->fkp.s2;
		g[gp->d + 1] -= w * (gp->fkp.noise - HPS_GP_NOISE_FLOOR);
	}
}

/* Parts of the gradient for parameters held at the wall are the wall's. */
static void
gp_grad_box(const struct hps_gp *gp, const double *theta, double *g)
{
	size_t i;

	for (i = 0; i < gp->nh; i++)
		if (theta[i] < gp_lo(gp, i) || theta[i] > gp_hi(gp, i))
			g[i] = 0;
}

/* Factor the fit's matrix and solve for alpha; -1 when not positive
 * definite. */
static int
gp_fit_solve(struct hps_gp *gp, size_t m, double *logdet)
{
	int n = (int)m, info;
	size_t a;

	dpotrf_("L", &n, gp->fk, &n, &info, 1);
	if (info != 0)
		return -1;
	memcpy(gp->fa, gp->fy, m * sizeof *gp->fa);
	cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, n,
	    gp->fk, n, gp->fa, 1);
	cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans, CblasNonUnit, n,
	    gp->fk, n, gp->fa, 1);
	*logdet = 0;
	for (a = 0; a < m; a++)
		*logdet += 2 * log(gp->fk[a + a * m]);
	return 0;
}

/* Minus the log likelihood's gradient (in grad) from the factor. */
static int
gp_fit_grad(struct hps_gp *gp, size_t m, double *grad)
{
	int n = (int)m, info;

	dpotri_("L", &n, gp->fk, &n, &info, 1);
	if (info != 0)
		return -1;
	gp_grad(gp, m, grad);
	return 0;
}

double
hps_gp_objective(struct hps_gp *gp, const double *theta, const size_t *idx,
    size_t m, double *grad)
{
	double logdet, quad = 0, f;
	size_t a, i;

	if (m == 0 || m > HPS_GP_FITMAX)
		return NAN;
	for (i = 0; i < gp->nh; i++)
		gp->ftheta[i] = gp_clamp(theta[i], gp_lo(gp, i), gp_hi(gp, i));
	gp_kp_set(gp, &gp->fkp, gp->ftheta);
	gp->fidx = idx;
	for (a = 0; a < m; a++)
		gp->fy[a] = gp->y[idx[a]];
	gp_fill_fit(gp, idx, m, grad != NULL);
	if (gp_fit_solve(gp, m, &logdet) != 0)
		return NAN;
	for (a = 0; a < m; a++)
		quad += gp->fy[a] * gp->fa[a];
	f = 0.5 * quad + 0.5 * logdet + 0.5 * (double)m * GP_LOG2PI;
	f += neg_log_prior(gp, gp->ftheta, grad ? gp->fgrad : NULL);
	f = f / (double)m + gp_wall(gp, theta, NULL);
	if (grad != NULL) {
		if (gp_fit_grad(gp, m, grad) != 0)
			return NAN;
		for (i = 0; i < gp->nh; i++)
			grad[i] = (grad[i] + gp->fgrad[i]) / (double)m;
		gp_grad_box(gp, theta, grad);
		gp_wall(gp, theta, grad);
	}
	return isfinite(f) ? f : NAN;
}

/* The optimiser's point into xtheta. */
static void
gp_get(struct hps_gp *gp, const gsl_vector *v)
{
	size_t i;

	for (i = 0; i < gp->nh; i++)
		gp->xtheta[i] = gsl_vector_get(v, i);
}

/* Every value the optimiser sees is a candidate: a line search that ends
 * in an error still leaves its best point behind. */
static void
gp_record(struct hps_gp *gp, double f)
{
	if (isfinite(f) && f < gp->best_f) {
		gp->best_f = f;
		memcpy(gp->best_theta, gp->xtheta, gp->nh * sizeof(double));
	}
}

static double
gp_cb_f(const gsl_vector *v, void *arg)
{
	struct hps_gp *gp = arg;
	double f;

	gp_get(gp, v);
	f = hps_gp_objective(gp, gp->xtheta, gp->fidx, gp->fm, NULL);
	gp_record(gp, f);
	return f;
}

/* GSL's minimisers allocate their vectors contiguous (stride 1), so the
 * gradient is written in place; anything else reads as a failure. */
static void
gp_cb_fdf(const gsl_vector *v, void *arg, double *f, gsl_vector *g)
{
	struct hps_gp *gp = arg;

	gp_get(gp, v);
	*f = g->stride != 1 ? NAN :
	    hps_gp_objective(gp, gp->xtheta, gp->fidx, gp->fm, g->data);
	gp_record(gp, *f);
	if (!isfinite(*f))
		gsl_vector_set_zero(g);
}

static void
gp_cb_df(const gsl_vector *v, void *arg, gsl_vector *g)
{
	double f;

	gp_cb_fdf(v, arg, &f, g);
}

/* One BFGS run from theta0; the best point lands in best_theta. */
static void
gp_run(struct hps_gp *gp, const double *theta0)
{
	gsl_multimin_function_fdf fn = {gp_cb_f, gp_cb_df, gp_cb_fdf, gp->nh,
	    gp};
	double last[GP_FIT_STALL], f;
	size_t i;
	int it, iters = gp->fm <= GP_FIT_SMALL ? GP_FIT_ITERS :
	    GP_FIT_ITERS_BIG;

	for (i = 0; i < gp->nh; i++)
		gsl_vector_set(gp->start, i, theta0[i]);
	if (gsl_multimin_fdfminimizer_set(gp->min, &fn, gp->start, 0.1,
	    0.1) != GSL_SUCCESS)
		return;
	for (it = 0; it < iters; it++) {
		if (gsl_multimin_fdfminimizer_iterate(gp->min) != GSL_SUCCESS)
			break;
		if (gsl_multimin_test_gradient(
		    gsl_multimin_fdfminimizer_gradient(gp->min),
		    GP_FIT_GTOL) == GSL_SUCCESS)
			break;
		/* this run's own progress: best_f may be an earlier run's */
		f = gsl_multimin_fdfminimizer_minimum(gp->min);
		if (it >= GP_FIT_STALL && (last[it % GP_FIT_STALL] - f) *
		    (double)gp->fm < GP_FIT_NATS)
			break;
		last[it % GP_FIT_STALL] = f;
	}
}

int
hps_gp_fit(struct hps_gp *gp, const size_t *idx, size_t m, int warm,
    int cold)
{
	size_t i;

	if (m == 0 || m > HPS_GP_FITMAX)
		return HPS_EINVAL;
	gp->fidx = idx;
	gp->fm = m;
	gp->best_f = INFINITY;
	if (warm)
		gp_run(gp, gp->theta);
	if (cold || !warm || !isfinite(gp->best_f)) {
		hps_gp_default_hyper(gp, gp->xtheta);
		memcpy(gp->ftheta, gp->xtheta, gp->nh * sizeof(double));
		gp_run(gp, gp->ftheta);
	}
	if (!isfinite(gp->best_f)) {
		hps_gp_default_hyper(gp, gp->xtheta);
		hps_gp_set_hyper(gp, gp->xtheta);
		return HPS_ESTATE;
	}
	for (i = 0; i < gp->nh; i++)
		gp->best_theta[i] = gp_clamp(gp->best_theta[i], gp_lo(gp, i),
		    gp_hi(gp, i));
	hps_gp_set_hyper(gp, gp->best_theta);
	return 0;
}

/* ---- the factor ---- */

/* Rows from..n-1 of the kernel matrix's lower triangle into l. */
static void
gp_fill_rows(struct hps_gp *gp, size_t from)
{
	size_t a, b, c = gp->cap, d = gp->d;

	for (; gp->nex < gp->n; gp->nex++)
		gp_expfac(gp, &gp->kp, gp->x + gp->nex * d,
		    gp->ex + gp->nex * 2 * d);
	for (b = 0; b < gp->n; b++) {
		for (a = b > from ? b : from; a < gp->n; a++)
			gp->l[a + b * c] = gp_kern(gp, &gp->kp, gp->x + a * d,
			    gp->ex + a * 2 * d, gp->x + b * d,
			    gp->ex + b * 2 * d, NULL, NULL);
		if (b >= from)
			gp->l[b + b * c] += gp->kp.noise + gp->jitter;
	}
}

static int
gp_potrf(double *a, size_t n, size_t lda)
{
	int nn = (int)n, ld = (int)lda, info;

	if (n == 0)
		return 0;
	dpotrf_("L", &nn, a, &ld, &info, 1);
	return info == 0 ? 0 : -1;
}

/*
 * Append rows nfact..n-1 to the factor: with K = [K11 K12; K21 K22] and
 * K11 = L11 L11', L21 = K21 L11^-T and L22 = chol(K22 - L21 L21'), which
 * costs O(n^2) per new row instead of O(n^3) for the whole.
 */
static int
gp_extend(struct hps_gp *gp)
{
	size_t f = gp->nfact, m = gp->n - f, c = gp->cap;
	double *l = gp->l;

	gp_fill_rows(gp, f);
	if (f > 0 && m > 0) {
		cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans,
		    CblasNonUnit, (int)m, (int)f, 1.0, l, (int)c, l + f,
		    (int)c);
		cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, (int)m,
		    (int)f, -1.0, l + f, (int)c, 1.0, l + f + f * c, (int)c);
	}
	if (gp_potrf(l + f + f * c, m, c) != 0)
		return -1;
	gp->nfact = gp->n;
	return 0;
}

/* The whole factor, with jitter 1e-6 s2, 1e-5 s2, 1e-4 s2 when the
 * matrix is not numerically positive definite. */
static int
gp_factor_full(struct hps_gp *gp)
{
	int t;

	for (t = 0; t <= 3; t++) {
		gp->jitter = t == 0 ? 0 : 1e-6 * pow(10, t - 1) * gp->kp.s2;
		gp->nfact = 0;
		if (gp_extend(gp) == 0)
			return 0;
	}
	gp->nfact = 0;
	return -1;
}

static int
gp_solve(struct hps_gp *gp)
{
	int n = (int)gp->n, c = (int)gp->cap;
	size_t a;

	if (n == 0)
		return 0;
	memcpy(gp->alpha, gp->y, gp->n * sizeof *gp->alpha);
	cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, n,
	    gp->l, c, gp->alpha, 1);
	cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans, CblasNonUnit, n,
	    gp->l, c, gp->alpha, 1);
	for (a = 0; a < gp->n; a++)
		if (!isfinite(gp->alpha[a]))
			return -1;
	return 0;
}

int
hps_gp_factor(struct hps_gp *gp)
{
	int ok = gp->nfact == gp->n && gp->n > 0;

	gp->ndraw = 0;
	if (!ok && gp->nfact > 0)
		ok = gp_extend(gp) == 0;
	if (!ok)
		ok = gp_factor_full(gp) == 0;
	if (ok && gp_solve(gp) == 0)
		return 0;
	/* The fallback: default hyperparameters, then nothing. */
	hps_gp_default_hyper(gp, gp->xtheta);
	hps_gp_set_hyper(gp, gp->xtheta);
	if (gp_factor_full(gp) == 0 && gp_solve(gp) == 0)
		return 0;
	gp->nfact = 0;
	return HPS_ESTATE;
}

/*
 * With L = [L11 0; L21 L22] the factor, L22 L22' is the covariance of
 * the last p targets given the points before them, so y + L22 z is a
 * draw of them; the weights of the model that saw that draw are
 * K^-1 (y + [0; L22 z]) = alpha + L^-T [0; z], as L [0; z] = [0; L22 z].
 */
int
hps_gp_set_draws(struct hps_gp *gp, size_t p, size_t ndraws,
    const double *z, double *top)
{
	size_t n = gp->n, s, j, k, c = gp->cap;
	double *w, v;

	gp->ndraw = 0;
	if (gp->nfact != n || p > n || ndraws == 0)
		return HPS_ESTATE;
	if ((w = realloc(gp->dalpha, ndraws * n * sizeof *w)) == NULL)
		return HPS_ENOMEM;
	gp->dalpha = w;
	for (s = 0; s < ndraws; s++, w += n) {
		memset(w, 0, (n - p) * sizeof *w);
		memcpy(w + n - p, z + s * p, p * sizeof *w);
		top[s] = -INFINITY;
		for (j = n - p; j < n; j++) {
			for (v = gp->y[j], k = n - p; k <= j; k++)
				v += gp->l[j + k * c] * w[k];
			top[s] = v > top[s] ? v : top[s];
		}
		cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans,
		    CblasNonUnit, (int)n, gp->l, (int)c, w, 1);
		cblas_daxpy((int)n, 1.0, gp->alpha, 1, w, 1);
	}
	gp->ndraw = ndraws;
	return 0;
}

size_t
hps_gp_ndraws(const struct hps_gp *gp)
{
	return gp->ndraw > 0 ? gp->ndraw : 1;
}

/* The weights of draw s (alpha itself when none were set). */
static const double *
gp_weights(const struct hps_gp *gp, size_t s)
{
	return gp->ndraw > 0 ? gp->dalpha + s * gp->n : gp->alpha;
}

/* ---- prediction ---- */

size_t
hps_gp_work_size(const struct hps_gp *gp)
{
	return (2 + gp->d) * (gp->cap > 0 ? gp->cap : 1) + 2 * gp->d;
}

size_t
hps_gp_work_size_many(const struct hps_gp *gp, size_t count)
{
	return (gp->n > 0 ? gp->n : 1) * count + 2 * gp->d;
}

/* The gradient of mean and variance from K^-1 k (in v) and each point's
 * slope coefficients c (d for each point; see gp_kern). */
static void
gp_predict_grad(const struct hps_gp *gp, const double *x, const double *v,
    const double *c, double *dmu, double *dvar)
{
	const double *xa;
	double u;
	size_t a, i, s, nd = hps_gp_ndraws(gp), d = gp->d;

	memset(dmu, 0, nd * d * sizeof *dmu);
	memset(dvar, 0, d * sizeof *dvar);
	for (a = 0; a < gp->n; a++) {
		xa = gp->x + a * d;
		for (i = 0; i < d; i++) {
			/* an inactive coordinate has no slope */
			if (gp->cat[i] || gp_off(gp, i, x[i], xa[i]))
				continue;
			u = -(x[i] - xa[i]) * gp->kp.il[i] * c[a * d + i];
			for (s = 0; s < nd; s++)
				dmu[s * d + i] += gp_weights(gp, s)[a] * u;
			dvar[i] -= 2 * v[a] * u;
		}
	}
}

void
hps_gp_predict(const struct hps_gp *gp, const double *x, double *mu,
    double *var, double *dmu, double *dvar, double *work)
{
	size_t n = gp->n, a, d = gp->d;
	double *ks = work, *v = work + n, *c = work + 2 * n;
	double *ex = work + (2 + d) * n, s2 = gp->kp.s2;

	if (n == 0 || gp->nfact != n) {
		*mu = 0;
		*var = s2;
		if (dmu != NULL) {
			memset(dmu, 0, gp->d * sizeof *dmu);
			memset(dvar, 0, gp->d * sizeof *dvar);
		}
		return;
	}
	gp_expfac(gp, &gp->kp, x, ex);
	for (a = 0; a < n; a++)
		ks[a] = gp_kern(gp, &gp->kp, x, ex, gp->x + a * d,
		    gp->ex + a * 2 * d, dmu != NULL ? c + a * d : NULL, NULL);
	for (a = 0; a < hps_gp_ndraws(gp); a++)
		mu[a] = cblas_ddot((int)n, ks, 1, gp_weights(gp, a), 1);
	memcpy(v, ks, n * sizeof *v);
	cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit,
	    (int)n, gp->l, (int)gp->cap, v, 1);
	*var = s2 - cblas_ddot((int)n, v, 1, v, 1);
	if (*var < 0)
		*var = 0;
	if (dmu == NULL)
		return;
	cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans, CblasNonUnit,
	    (int)n, gp->l, (int)gp->cap, v, 1);
	gp_predict_grad(gp, x, v, c, dmu, dvar);
}

/*
 * For count points x of a factored model: each draw's mean into mu
 * (ndraws x count) and L^-1 k(X, x_j) into the columns of kx (n x
 * count). ex: 2 d doubles of scratch for the kernel's factored
 * exponentials, or NULL to take each exponential directly.
 */
static void
gp_cross(const struct hps_gp *gp, const double *x, size_t count,
    double *kx, double *mu, double *ex)
{
	size_t n = gp->n, a, j, d = gp->d;

	for (j = 0; j < count; j++) {
		if (ex != NULL)
			gp_expfac(gp, &gp->kp, x + j * d, ex);
		for (a = 0; a < n; a++)
			kx[a + j * n] = gp_kern(gp, &gp->kp, x + j * d, ex,
			    gp->x + a * d, ex != NULL ? gp->ex + a * 2 * d :
			    NULL, NULL, NULL);
	}
	cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans,
	    (int)hps_gp_ndraws(gp), (int)count, (int)n, 1.0, gp_weights(gp, 0),
	    (int)n, kx, (int)n, 0.0, mu, (int)hps_gp_ndraws(gp));
	cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans,
	    CblasNonUnit, (int)n, (int)count, 1.0, gp->l, (int)gp->cap, kx,
	    (int)n);
}

void
hps_gp_predict_many(const struct hps_gp *gp, const double *x, size_t count,
    double *mu, double *var, double *work)
{
	size_t n = gp->n, j;
	double s;

	if (n == 0 || gp->nfact != n) {
		for (j = 0; j < count; j++) {
			mu[j] = 0;
			var[j] = gp->kp.s2;
		}
		return;
	}
	gp_cross(gp, x, count, work, mu, work + n * count);
	for (j = 0; j < count; j++) {
		s = cblas_ddot((int)n, work + j * n, 1, work + j * n, 1);
		var[j] = gp->kp.s2 - s > 0 ? gp->kp.s2 - s : 0;
	}
}

size_t
hps_gp_work_size_draw(const struct hps_gp *gp, size_t count)
{
	return count * (gp->n + count + hps_gp_ndraws(gp));
}

/* The posterior covariance of the latent function at count points,
 * k(x_i, x_j) - kx_i' kx_j with kx = L^-1 k(X, x), plus jitter on its
 * diagonal, factored in place into cv (lower triangle, count x count);
 * 0, or -1 when not positive definite. */
static int
gp_draw_cov(const struct hps_gp *gp, const double *x, size_t count,
    const double *kx, double jitter, double *cv)
{
	size_t i, j, d = gp->d;

	for (j = 0; j < count; j++)
		for (i = j; i < count; i++)
			cv[i + j * count] = gp_kern(gp, &gp->kp, x + i * d, NULL,
			    x + j * d, NULL, NULL, NULL) + (i == j ? jitter : 0);
	cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int)count,
	    (int)gp->n, -1.0, kx, (int)gp->n, 1.0, cv, (int)count);
	return gp_potrf(cv, count, count);
}

int
hps_gp_draw(const struct hps_gp *gp, const double *x, size_t count,
    const double *z, double *f, double *work)
{
	size_t n = gp->n, nd = hps_gp_ndraws(gp), i, j;
	double *kx = work, *cv = work + n * count, *mu = cv + count * count;
	double jitter = 1e-9 * gp->kp.s2, s;
	int t;

	if (n == 0 || gp->nfact != n)
		return HPS_ESTATE;
	gp_cross(gp, x, count, kx, mu, NULL);	/* few points: no scratch */
	for (t = 0; gp_draw_cov(gp, x, count, kx, jitter, cv) != 0; t++) {
		if (t == 3)
			return HPS_ESTATE;
		jitter *= 10;
	}
	for (i = 0; i < count; i++) {
		for (s = 0, j = 0; j < nd; j++)
			s += mu[j + i * nd];
		f[i] = s / (double)nd;
		for (j = 0; j <= i; j++)
			f[i] += cv[i + j * count] * z[j];
	}
	return 0;
}
