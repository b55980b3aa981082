/*
 * The acquisition function of Bayesian search, log expected improvement
 * (Ament et al., 2023, "Unexpected improvements to expected improvement"),
 * and its maximisation over the unit-space encoding: scrambled Sobol
 * candidates and perturbations of the best points, then local searches
 * from the most promising of them.
 */
#ifndef HPS_ACQ_H
#define HPS_ACQ_H

#include <stddef.h>
#include <stdint.h>

#include "hps/encode.h"
#include "hps/gp.h"

/*
 * log h(z), h(z) = phi(z) + z Phi(z) (so EI = sigma h(z)), accurate to a
 * few ulps of its value for every z (no underflow for very negative z);
 * its derivative Phi(z) / h(z) in *dlogh when not NULL.
 */
double hps_log_h(double z, double *dlogh);

/*
 * log EI of a Gaussian N(mu, var) over best (maximising), with the
 * derivatives in mu and var when dmu is not NULL. A variance below
 * HPS_ACQ_VARMIN counts as that.
 */
#define HPS_ACQ_VARMIN 1e-12
double hps_logei(double mu, double var, double best, double *dmu,
    double *dvar);

/*
 * log Phi(z), the standard normal's distribution function, accurate far
 * into the lower tail (no underflow to -inf for very negative z).
 */
double hps_log_cdf(double z);

/*
 * log of the expected hypervolume improvement of a point whose two
 * objectives (minimised) are independent N(mu[k], sd[k]^2), over the
 * front f (n rows of 2, non-dominated, sorted by the first objective
 * ascending) and reference ref: exact, by the vertical strips of the
 * region the front does not dominate (as in Emmerich et al. 2016), in
 * O(n). With dmu not NULL, its derivatives in mu and sd into dmu and
 * dsd. -inf where the improvement underflows.
 */
double hps_log_ehvi2(const double *f, size_t n, const double *ref,
    const double *mu, const double *sd, double *dmu, double *dsd);

/*
 * A term added to the log of the acquisition (hps_acq_set_term): for
 * example the log probability that a point meets outcome limits, which
 * weights EI by it, or a whole acquisition of its own. many gets count
 * points (row-major, at most HPS_ACQ_BLOCK) and writes their values;
 * one gives one point's value and, when g is not NULL, its gradient.
 * size is the model's size that sets how long a local search climbs.
 */
#define HPS_ACQ_BLOCK 256
struct hps_acq_term {
	void (*many)(void *ctx, const double *x, size_t count, double *val);
	double (*one)(void *ctx, const double *x, double *g);
	void *ctx;
	size_t size;
};

struct hps_acq;

/*
 * A maximiser for the encoding e: candidates Sobol points per run (a
 * power of two keeps each run's block a net), local searches from the
 * best local of them; seed picks the Sobol scramble and perturbations.
 * HPS_EINVAL (no dimensions, too many) or HPS_ENOMEM.
 */
int hps_acq_new(const struct hps_encoding *e, size_t candidates,
    size_t local, uint64_t seed, struct hps_acq **out);
void hps_acq_free(struct hps_acq *a);

/*
 * Rank points by log EI under gp (factored) over best; a model with
 * draws of its pending points (hps_gp_set_draws) gives one best for each
 * draw, and the log of EI's mean over the draws ranks. Sobol block round
 * of the candidates, perturbations of the nanchors anchors (row-major;
 * the best points so far, best first), and the local searches' results.
 * The Sobol candidates fill the box of side region around the first
 * anchor, clipped to the unit cube, in the non-categorical coordinates
 * (HUGE_VAL, or no anchors: the whole cube); the perturbations and the
 * local searches are not confined. Workspace grows here once when the
 * model did; nothing is allocated inside the loops. Returns 0 or
 * HPS_ENOMEM.
 */
int hps_acq_run(struct hps_acq *a, const struct hps_gp *gp,
    const double *best, uint64_t round, const double *anchors,
    size_t nanchors, double region);
/*
 * Add t to the log EI of later runs (NULL: nothing). A run with gp or
 * best NULL then ranks by the term alone. t must outlive those runs.
 */
void hps_acq_set_term(struct hps_acq *a, const struct hps_acq_term *t);
/*
 * Thompson sampling among EI's best: the first few ranked points
 * (ACQ_SHORTLIST in search/acq.c) reordered by one joint draw of the
 * model's posterior at them, highest first, from normals of the stream
 * of round (as in hps_acq_run). The points ranked below stay where they
 * are, and so does the order when the draw cannot be made. Returns 0
 * or HPS_ENOMEM.
 */
int hps_acq_thompson(struct hps_acq *a, const struct hps_gp *gp,
    uint64_t round);
/*
 * The side of a trust region (after TuRBO, Eriksson et al. 2019) after
 * the observations y[0..n) (maximised, in the order they finished),
 * replayed from observation start on; HUGE_VAL while n <= start. It
 * begins at 0.8; three observations in a row that better the best by a
 * relative 1e-3 double it (to at most 1.6), two in a row that do not
 * halve it, and below 1/128 it begins again. TuRBO counts batches;
 * counted per trial, the side mostly steps down through the scales
 * 0.8 ... 1/128, one every two misses, and holds the one at which the
 * best last improved. With trials at once, a trial suggested before the
 * best was seen could not aim beyond it, so it is a miss only if it
 * was: number[j] is observation j's ordinal among the suggestions, and
 * with lag trials pending at each suggestion, the one made right after
 * observation k finished is number k + 1 + lag (sequentially, lag 0,
 * every observation counts). Failed and pruned trials finishing in
 * between number it later, so some results of suggestions made before
 * the best was seen still count as misses, as without the rule. With
 * first > 0 the side begins at first instead of 0.8 (bayes after
 * imported trials); below 1/128 it still begins again at 0.8.
 */
double hps_acq_region(const double *y, const long *number, size_t n,
    size_t start, size_t lag, double first);

/* Points ranked by the last run, and the rank-th of them (best first)
 * with its log EI in *value when not NULL. */
size_t hps_acq_count(const struct hps_acq *a);
const double *hps_acq_point(const struct hps_acq *a, size_t rank,
    double *value);

#endif
