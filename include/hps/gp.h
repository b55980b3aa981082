/*
 * A Gaussian-process surrogate on the unit cube, for Bayesian search.
 *
 * The kernel is s2 ((1 - w) k_joint + w k_add), plus noise on the
 * diagonal. k_joint = matern52(r) * exp(-sum_c [a_c != b_c] / l_c): a
 * Matern-5/2 term with one length-scale per continuous (or discrete)
 * dimension, r^2 = sum_i (a_i - b_i)^2 / l_i^2, times a Hamming term over
 * the categorical dimensions (which hold a choice's index). k_add is the
 * mean over dimensions of each one's own term (a first-order additive
 * kernel, Duvenaud et al. 2011): it lets what is learnt about one
 * parameter's effect carry across the values of the others, which is how
 * most tuning problems behave, and the fitted share w decides how much
 * it counts. Its continuous length-scales are the joint ones times one
 * fitted factor kappa: two points lie about sqrt(d) times closer along
 * one axis than across the cube, so a one-dimensional term with the
 * joint length-scale is nearly flat between neighbours and learns little
 * (Levy-5's median regret at 100 trials, 120 seeds: 0.051 with
 * kappa = 1, 0.018 fitted). One factor, not d more length-scales, keeps
 * the fit small. Hyperparameters are fitted by maximum a posteriori in
 * log space; the Cholesky factor of the kernel matrix is extended in
 * place when points are appended and the hyperparameters are unchanged.
 *
 * A dimension may be conditional: where its parameter does not apply the
 * point's coordinate is negative (hps/encode.h's HPS_ENC_INACTIVE), and
 * the kernel treats "inactive" exactly, as Swersky et al. (2014)'s arc
 * kernel does, with no made-up value: two points inactive there are equal
 * in it, and one inactive against one active are as far apart as the ends
 * of its range (a categorical's different choices), whatever the active
 * one's value, so neither the distance nor its slope depends on a value
 * that never ran.
 *
 * The model is plain data owned by its caller: nothing is shared between
 * two models, so each may live on its own thread.
 */
#ifndef HPS_GP_H
#define HPS_GP_H

#include <stddef.h>

/* Most points a hyperparameter fit looks at (a subset beyond). */
#define HPS_GP_FITMAX 200

/*
 * The hyperparameter vector theta: log length-scale of each dimension
 * (in order), then log signal variance, then log of the noise variance
 * above its floor HPS_GP_NOISE_FLOOR (on the standardised scale), then
 * the logit of the additive share w, then log kappa.
 */
#define HPS_GP_NOISE_FLOOR 1e-6

struct hps_gp;

/* What kinds[i] says of dimension i: categorical, conditional (or both). */
#define HPS_GP_CAT 1
#define HPS_GP_COND 2

/* A model over dims dimensions of the kinds given (may be NULL: all
 * continuous, none conditional). HPS_EINVAL for 0 dims, HPS_ENOMEM. */
int hps_gp_new(size_t dims, const unsigned char *kinds,
    struct hps_gp **out);
void hps_gp_free(struct hps_gp *gp);

/* The hyperparameters (dims + 4 of them; see hps_gp_default_hyper). */
void hps_gp_hyper(const struct hps_gp *gp, double *theta);
/* Set theta; the factor is invalidated when it changes. */
void hps_gp_set_hyper(struct hps_gp *gp, const double *theta);
/* The start of a cold fit and the fallback when a fit fails. */
void hps_gp_default_hyper(const struct hps_gp *gp, double *theta);
/* The additive part's share w of the signal, in (0, 1). */
double hps_gp_additive_share(const struct hps_gp *gp);

/* The kernel between two points, without the noise term. */
double hps_gp_kernel(const struct hps_gp *gp, const double *a,
    const double *b);

/* Points: make room for n (keeps the factor), append one, drop all past
 * the first n (the factor of those n stays valid), change a target. */
int hps_gp_reserve(struct hps_gp *gp, size_t n);
int hps_gp_add(struct hps_gp *gp, const double *x, double y);
void hps_gp_truncate(struct hps_gp *gp, size_t n);
void hps_gp_set_y(struct hps_gp *gp, size_t i, double y);
size_t hps_gp_size(const struct hps_gp *gp);
const double *hps_gp_point(const struct hps_gp *gp, size_t i);

/*
 * Fit the hyperparameters by MAP on the m <= HPS_GP_FITMAX points listed
 * in idx, starting from the current theta when warm is set (a cold start
 * from the defaults is tried as well when that fails, or when cold is
 * set). Returns 0 with the best theta found set, or HPS_ESTATE when no
 * start gave a finite value (theta is then the default).
 */
int hps_gp_fit(struct hps_gp *gp, const size_t *idx, size_t m, int warm,
    int cold);
/* Minus the log marginal likelihood plus log prior of theta on the points
 * in idx, divided by m; with its gradient when grad is not NULL. For
 * tests and the fit. NAN when the matrix is not positive definite. */
double hps_gp_objective(struct hps_gp *gp, const double *theta,
    const size_t *idx, size_t m, double *grad);

/*
 * Factor the kernel matrix of all points and solve for the weights.
 * Points appended since the last factor with the same theta are added to
 * it in O(n^2) each. A matrix that is not positive definite gets jitter
 * 1e-6 * s2 on its diagonal, times 10 up to three times; then the
 * default hyperparameters are used. Returns 0, or HPS_ESTATE when even
 * that fails (the model must not be used).
 */
int hps_gp_factor(struct hps_gp *gp);

/*
 * Draws of the last p points' targets from the model of the points
 * before them (factored model): draw s is y + L22 z_s, z holding ndraws
 * standard normal vectors of p (row-major) and L22 the factor of those
 * targets' conditional covariance; top[s] gets the largest target of
 * draw s. Until the model next changes, predictions give a mean for each
 * draw: the model's had it seen that draw. HPS_ESTATE when not factored,
 * HPS_ENOMEM.
 */
int hps_gp_set_draws(struct hps_gp *gp, size_t p, size_t ndraws,
    const double *z, double *top);
/* Means a prediction gives: the draws set, else 1. */
size_t hps_gp_ndraws(const struct hps_gp *gp);

/* Doubles of scratch hps_gp_predict needs (for as many points as there
 * is room for), and hps_gp_predict_many for count points. */
size_t hps_gp_work_size(const struct hps_gp *gp);
size_t hps_gp_work_size_many(const struct hps_gp *gp, size_t count);

/*
 * Posterior mean (one for each of hps_gp_ndraws) and variance of the
 * latent function at x (factored model), with their gradients in x
 * when dmu (ndraws x dims) and dvar are not NULL (categorical
 * coordinates get 0). work: hps_gp_work_size doubles.
 */
void hps_gp_predict(const struct hps_gp *gp, const double *x, double *mu,
    double *var, double *dmu, double *dvar, double *work);
/* Means (ndraws for each point) and variance at count points (row-major,
 * dims each). */
void hps_gp_predict_many(const struct hps_gp *gp, const double *x,
    size_t count, double *mu, double *var, double *work);

/*
 * One joint draw of the latent function at count points (row-major, dims
 * each) from the posterior of a factored model into f: the mean (with
 * draws of pending points set, the mean over them, which is the kriging
 * believer's) plus the Cholesky factor of the posterior covariance times
 * z, count standard normals. Points may coincide, so the covariance gets
 * jitter 1e-9 s2 on its diagonal, ten times more up to three times when
 * it is not positive definite. work: hps_gp_work_size_draw doubles.
 * Returns 0, or HPS_ESTATE (not factored, or no factor; f is then unset).
 */
size_t hps_gp_work_size_draw(const struct hps_gp *gp, size_t count);
int hps_gp_draw(const struct hps_gp *gp, const double *x, size_t count,
    const double *z, double *f, double *work);

#endif
