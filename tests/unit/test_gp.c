/* Unit tests for search/gp.c: kernel, posterior, fit and factor. */
#include "hps/error.h"
#include "hps/gp.h"
#include "hps/rng.h"
#include "test.h"

/* The additive part's share of the signal in these tests, and the factor
 * of its length-scales. */
#define W_ADD 0.25
#define KAPPA 0.5

/* theta for length-scales l, signal s2, noise (above the floor), the
 * additive share W_ADD and KAPPA. */
static void
set_theta(struct hps_gp *gp, const double *l, size_t d, double s2,
    double noise)
{
	double t[16];
	size_t i;

	for (i = 0; i < d; i++)
		t[i] = log(l[i]);
	t[d] = log(s2);
	t[d + 1] = log(noise);
	t[d + 2] = log(W_ADD / (1 - W_ADD));
	t[d + 3] = log(KAPPA);
	hps_gp_set_hyper(gp, t);
}

TEST(kernel_matches_hand_computed_values)
{
	static const unsigned char cat[3] = {0, 0, 1};
	const double l[3] = {0.5, 2, 1};
	const double a[3] = {0.1, 0.2, 0}, b[3] = {0.4, 0.6, 1};
	const double c[3] = {0.4, 0.6, 0};
	struct hps_gp *gp;

	ASSERT_EQ(hps_gp_new(3, cat, &gp), 0);
	set_theta(gp, l, 3, 2.0, 1e-3);
	/*
	 * 2 (3/4 m(r^2) h + 1/4 (m(u_1^2) + m(u_2^2) + h) / 3) with m(r^2) =
	 * (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r), r^2 = (0.3/0.5)^2 +
	 * (0.4/2)^2 = 0.4, u_1^2 = (0.3/0.5/KAPPA)^2 = 1.44, u_2^2 =
	 * (0.4/2/KAPPA)^2 = 0.16, and h = exp(-1/l) when the category
	 * differs, else 1 (values from mpmath at 30 digits).
	 */
	ASSERT_EQ_DBL(hps_gp_kernel(gp, a, b), 0.6911779037504556, 1e-14);
	ASSERT_EQ_DBL(hps_gp_kernel(gp, a, c), 1.506731616877193, 1e-14);
	ASSERT_EQ_DBL(hps_gp_kernel(gp, a, a), 2.0, 1e-15);
	ASSERT_EQ_DBL(hps_gp_kernel(gp, b, a), hps_gp_kernel(gp, a, b), 0);
	hps_gp_free(gp);
}

/* Two observations in 1-D: the posterior against the 2 x 2 closed form
 * mu = k' K^-1 y, var = k(x,x) - k' K^-1 k. */
TEST(posterior_matches_closed_form)
{
	const double l = 0.3, s2 = 1.5, nz = 1e-2;
	const double x1 = 0.2, x2 = 0.5, y1 = 1.0, y2 = -0.5;
	double work[64], x, mu, var, k1, k2, k11, k12, det, e, v;
	double dmu, dvar, mu2, var2;
	struct hps_gp *gp;
	int i;

	ASSERT_EQ(hps_gp_new(1, NULL, &gp), 0);
	set_theta(gp, &l, 1, s2, nz);
	ASSERT_EQ(hps_gp_add(gp, &x1, y1), 0);
	ASSERT_EQ(hps_gp_add(gp, &x2, y2), 0);
	ASSERT_EQ(hps_gp_factor(gp), 0);
	k11 = s2 + nz + HPS_GP_NOISE_FLOOR;
	k12 = hps_gp_kernel(gp, &x1, &x2);
	det = k11 * k11 - k12 * k12;
	for (i = 0; i <= 10; i++) {
		x = i / 10.0;
		k1 = hps_gp_kernel(gp, &x, &x1);
		k2 = hps_gp_kernel(gp, &x, &x2);
		e = (k1 * (k11 * y1 - k12 * y2) + k2 * (k11 * y2 - k12 * y1)) /
		    det;
		v = s2 - (k11 * (k1 * k1 + k2 * k2) - 2 * k12 * k1 * k2) / det;
		hps_gp_predict(gp, &x, &mu, &var, &dmu, &dvar, work);
		ASSERT_EQ_DBL(mu, e, 1e-12);
		ASSERT_EQ_DBL(var, v, 1e-12);
		/* the gradients against central differences */
		x += 1e-6;
		hps_gp_predict(gp, &x, &mu2, &var2, NULL, NULL, work);
		x -= 2e-6;
		hps_gp_predict(gp, &x, &mu, &var, NULL, NULL, work);
		ASSERT_EQ_DBL(dmu, (mu2 - mu) / 2e-6, 1e-5);
		ASSERT_EQ_DBL(dvar, (var2 - var) / 2e-6, 1e-5);
	}
	/* and the batched form agrees */
	{
		double xs[3] = {0, 0.35, 0.9}, m3[3], v3[3];

		hps_gp_predict_many(gp, xs, 3, m3, v3, work);
		for (i = 0; i < 3; i++) {
			hps_gp_predict(gp, &xs[i], &mu, &var, NULL, NULL,
			    work + 16);
			ASSERT_EQ_DBL(m3[i], mu, 1e-13);
			ASSERT_EQ_DBL(v3[i], var, 1e-13);
		}
	}
	hps_gp_free(gp);
}

/*
 * A joint draw at three points is the posterior mean plus a factor C of
 * the closed-form posterior covariance times z: with z = 0 the mean, with
 * z the j-th unit vector the mean plus C's column j, so C C' recovers the
 * covariance. Coinciding points (a singular covariance) still draw, alike.
 */
TEST(draw_matches_the_posterior)
{
	const double l = 0.3, s2 = 1.5, nz = 1e-2, x1 = 0.2, x2 = 0.5;
	const double xs[3] = {0.1, 0.35, 0.9}, same[2] = {0.6, 0.6};
	double f0[3], f[3][3], z[3], mu, var, work[64], k11, k12, det, want;
	double a1, a2, b1, b2, cc;
	struct hps_gp *gp;
	size_t i, j, k;

	ASSERT_EQ(hps_gp_new(1, NULL, &gp), 0);
	set_theta(gp, &l, 1, s2, nz);
	ASSERT_EQ(hps_gp_add(gp, &x1, 1.0), 0);
	ASSERT_EQ(hps_gp_draw(gp, xs, 3, z, f0, work), HPS_ESTATE);
	ASSERT_EQ(hps_gp_add(gp, &x2, -0.5), 0);
	ASSERT_EQ(hps_gp_factor(gp), 0);
	ASSERT(hps_gp_work_size_draw(gp, 3) <= 64);
	memset(z, 0, sizeof z);
	ASSERT_EQ(hps_gp_draw(gp, xs, 3, z, f0, work), 0);
	for (i = 0; i < 3; i++) {
		hps_gp_predict(gp, &xs[i], &mu, &var, NULL, NULL, work);
		ASSERT_EQ_DBL(f0[i], mu, 1e-12);
	}
	for (j = 0; j < 3; j++) {
		memset(z, 0, sizeof z);
		z[j] = 1;
		ASSERT_EQ(hps_gp_draw(gp, xs, 3, z, f[j], work), 0);
	}
	k11 = s2 + nz + HPS_GP_NOISE_FLOOR;
	k12 = hps_gp_kernel(gp, &x1, &x2);
	det = k11 * k11 - k12 * k12;
	for (i = 0; i < 3; i++)
		for (k = 0; k < 3; k++) {
			a1 = hps_gp_kernel(gp, &xs[i], &x1);
			a2 = hps_gp_kernel(gp, &xs[i], &x2);
			b1 = hps_gp_kernel(gp, &xs[k], &x1);
			b2 = hps_gp_kernel(gp, &xs[k], &x2);
			want = hps_gp_kernel(gp, &xs[i], &xs[k]) - (k11 * (a1 * b1 +
			    a2 * b2) - k12 * (a1 * b2 + a2 * b1)) / det;
			for (cc = 0, j = 0; j < 3; j++)
				cc += (f[j][i] - f0[i]) * (f[j][k] - f0[k]);
			ASSERT_EQ_DBL(cc, want, 1e-8);
		}
	z[0] = 0.7;
	z[1] = -1.3;
	ASSERT_EQ(hps_gp_draw(gp, same, 2, z, f0, work), 0);
	ASSERT(isfinite(f0[0]) && fabs(f0[0] - f0[1]) < 1e-3);
	hps_gp_free(gp);
}

static void
toy_data(struct hps_gp *gp, size_t n, size_t d, uint64_t seed)
{
	struct hps_rng r;
	double x[8], y;
	size_t i, j;

	hps_rng_seed(&r, seed);
	for (i = 0; i < n; i++) {
		for (y = 0, j = 0; j < d; j++) {
			x[j] = hps_rng_uniform(&r);
			y += sin(3 * x[j] * (j + 1));
		}
		ASSERT_EQ(hps_gp_add(gp, x, y), 0);
	}
}

/* 40 toy points in 3-D whose middle dimension is categorical (it holds
 * an index, 0 or 1). */
static struct hps_gp *
mixed_toy(void)
{
	static const unsigned char cat[3] = {0, 1, 0};
	struct hps_gp *gp;
	double *x;
	size_t i;

	ASSERT_EQ(hps_gp_new(3, cat, &gp), 0);
	toy_data(gp, 40, 3, 5);
	for (i = 0; i < 40; i++) {
		x = (double *)hps_gp_point(gp, i);
		x[1] = x[1] < 0.5 ? 0 : 1;
	}
	return gp;
}

/* The MAP objective's analytic gradient against central differences. */
TEST(objective_gradient_matches_differences)
{
	double th[7] = {log(0.3), log(0.7), log(0.5), log(1.3), log(0.02),
	    -0.4, log(0.6)};
	double g[7], tp[7], tm[7], fp, fm;
	size_t idx[40], i;
	struct hps_gp *gp = mixed_toy();

	for (i = 0; i < 40; i++)
		idx[i] = i;
	ASSERT(isfinite(hps_gp_objective(gp, th, idx, 40, g)));
	for (i = 0; i < 7; i++) {
		memcpy(tp, th, sizeof th);
		memcpy(tm, th, sizeof th);
		tp[i] += 1e-5;
		tm[i] -= 1e-5;
		fp = hps_gp_objective(gp, tp, idx, 40, NULL);
		fm = hps_gp_objective(gp, tm, idx, 40, NULL);
		ASSERT_EQ_DBL(g[i], (fp - fm) / 2e-5, 1e-6);
	}
	hps_gp_free(gp);
}

/* The posterior's gradients in x against central differences, in 3-D;
 * the categorical coordinate gets none. */
TEST(prediction_gradient_matches_differences)
{
	const double l[3] = {0.3, 0.7, 0.5};
	double work[8 * 40], x[3], mu, var, dmu[3], dvar[3], mp, vp, mm, vm;
	struct hps_gp *gp = mixed_toy();
	size_t t, i;

	set_theta(gp, l, 3, 1.3, 0.02);
	ASSERT_EQ(hps_gp_factor(gp), 0);
	for (t = 0; t < 5; t++) {
		x[0] = 0.1 + 0.2 * (double)t;
		x[1] = (double)(t % 2);
		x[2] = 0.9 - 0.15 * (double)t;
		hps_gp_predict(gp, x, &mu, &var, dmu, dvar, work);
		ASSERT(dmu[1] == 0 && dvar[1] == 0);
		for (i = 0; i < 3; i += 2) {
			x[i] += 1e-6;
			hps_gp_predict(gp, x, &mp, &vp, NULL, NULL, work);
			x[i] -= 2e-6;
			hps_gp_predict(gp, x, &mm, &vm, NULL, NULL, work);
			x[i] += 1e-6;
			ASSERT_EQ_DBL(dmu[i], (mp - mm) / 2e-6, 1e-5);
			ASSERT_EQ_DBL(dvar[i], (vp - vm) / 2e-6, 1e-5);
		}
	}
	hps_gp_free(gp);
}

/*
 * Predictions take e^-sqrt5 |u| / l as a product of the two points'
 * factors; they must agree with the kernel's direct exponentials, on a
 * dimension so short (l = 1e-3) that its factors would overflow at 0.95
 * and it keeps the direct form as well.
 */
TEST(kernel_factors_match_direct_exponentials)
{
	static const unsigned char cat[3] = {0, 0, 1};
	const double l[3] = {0.3, 1e-3, 0.8}, b[3] = {0.7, 0.95, 1};
	const double k11 = 1.5 + 1e-2 + HPS_GP_NOISE_FLOOR;
	double work[64], x[9], mu, var, m3[3], v3[3], k;
	struct hps_gp *gp;
	size_t t;

	ASSERT_EQ(hps_gp_new(3, cat, &gp), 0);
	ASSERT_EQ(hps_gp_add(gp, b, 1.0), 0);
	set_theta(gp, l, 3, 1.5, 1e-2);
	ASSERT_EQ(hps_gp_factor(gp), 0);
	for (t = 0; t < 3; t++) {
		x[3 * t] = 0.05 + 0.4 * (double)t;
		x[3 * t + 1] = 0.95 - 0.0007 * (double)t;
		x[3 * t + 2] = (double)(t % 2);
	}
	hps_gp_predict_many(gp, x, 3, m3, v3, work);
	for (t = 0; t < 3; t++) {
		hps_gp_predict(gp, x + 3 * t, &mu, &var, NULL, NULL, work);
		k = hps_gp_kernel(gp, x + 3 * t, b);
		ASSERT(k > 1e-3);
		ASSERT_EQ_DBL(mu, k / k11, 1e-14);
		ASSERT_EQ_DBL(var, 1.5 - k * k / k11, 1e-14);
		ASSERT_EQ_DBL(m3[t], mu, 1e-14);
		ASSERT_EQ_DBL(v3[t], var, 1e-14);
	}
	hps_gp_free(gp);
}

/* The fit gives the additive part more of the signal on a sum of
 * one-dimensional effects than on a product of them (bayes uses the
 * share to spread the pending trials' draws). */
TEST(fit_weighs_the_additive_part_by_the_data)
{
	struct hps_gp *sum, *prod;
	struct hps_rng r;
	double x[3], th[7], wsum, wprod;
	size_t idx[60], i, j;

	ASSERT_EQ(hps_gp_new(3, NULL, &sum), 0);
	ASSERT_EQ(hps_gp_new(3, NULL, &prod), 0);
	hps_rng_seed(&r, 11);
	for (i = 0; i < 60; i++) {
		for (j = 0; j < 3; j++)
			x[j] = hps_rng_uniform(&r);
		ASSERT_EQ(hps_gp_add(sum, x, sin(5 * x[0]) + cos(4 * x[1]) +
		    x[2] * x[2]), 0);
		ASSERT_EQ(hps_gp_add(prod, x, 3 * sin(5 * x[0]) *
		    cos(4 * x[1]) * (x[2] - 0.5)), 0);
		idx[i] = i;
	}
	ASSERT_EQ(hps_gp_fit(sum, idx, 60, 0, 1), 0);
	ASSERT_EQ(hps_gp_fit(prod, idx, 60, 0, 1), 0);
	wsum = hps_gp_additive_share(sum);
	wprod = hps_gp_additive_share(prod);
	hps_gp_hyper(sum, th);
	ASSERT_EQ_DBL(wsum, 1 / (1 + exp(-th[5])), 1e-12);
	ASSERT(wsum > 0.9);
	ASSERT(wprod < 0.15);	/* the prior's median is 0.27 */
	hps_gp_free(sum);
	hps_gp_free(prod);
}

/* A random point in the unit cube (3-D) and sum_i sin(12 x_i) there. */
static double
wiggly_point(struct hps_rng *r, double *x)
{
	double y = 0;
	size_t j;

	for (j = 0; j < 3; j++) {
		x[j] = hps_rng_uniform(r);
		y += sin(12 * x[j]);
	}
	return y;
}

/* Squared error of gp's mean against the wiggly sum at 200 points. */
static double
wiggly_error(struct hps_gp *gp)
{
	double x[3], y, mu, var, err = 0, *work;
	struct hps_rng r;
	size_t i;

	ASSERT_EQ(hps_gp_factor(gp), 0);
	ASSERT((work = malloc(hps_gp_work_size(gp) * sizeof *work)) != NULL);
	hps_rng_seed(&r, 99);
	for (i = 0; i < 200; i++) {
		y = wiggly_point(&r, x);
		hps_gp_predict(gp, x, &mu, &var, NULL, NULL, work);
		err += (mu - y) * (mu - y);
	}
	free(work);
	return err;
}

/* On a sum of fast one-dimensional effects the fit shortens the
 * additive part's length-scales (kappa < 1), and the model predicts
 * better with them than with kappa = 1 and the rest of the fit kept. */
TEST(fit_shortens_the_additive_length_scales_on_a_wiggly_sum)
{
	struct hps_gp *gp;
	struct hps_rng r;
	double x[3], y, th[7], fitted;
	size_t idx[80], i;

	ASSERT_EQ(hps_gp_new(3, NULL, &gp), 0);
	hps_rng_seed(&r, 7);
	for (i = 0; i < 80; i++) {
		y = wiggly_point(&r, x);
		ASSERT_EQ(hps_gp_add(gp, x, y), 0);
		idx[i] = i;
	}
	ASSERT_EQ(hps_gp_fit(gp, idx, 80, 0, 1), 0);
	hps_gp_hyper(gp, th);
	ASSERT(exp(th[6]) < 0.7);
	fitted = wiggly_error(gp);
	th[6] = 0;
	hps_gp_set_hyper(gp, th);
	ASSERT(fitted < 0.5 * wiggly_error(gp));
	hps_gp_free(gp);
}

/* Appending to the factor gives what factoring from scratch gives. */
TEST(incremental_factor_matches_full)
{
	const double l[2] = {0.4, 0.6};
	double *work, x[2] = {0.31, 0.77}, mu1, v1, mu2, v2;
	struct hps_gp *a, *b;
	size_t n;

	ASSERT_EQ(hps_gp_new(2, NULL, &a), 0);
	ASSERT_EQ(hps_gp_new(2, NULL, &b), 0);
	set_theta(a, l, 2, 1.0, 1e-4);
	set_theta(b, l, 2, 1.0, 1e-4);
	toy_data(a, 120, 2, 9);
	ASSERT_EQ(hps_gp_factor(a), 0);
	toy_data(a, 50, 2, 10);	/* appended: the factor grows in place */
	ASSERT_EQ(hps_gp_factor(a), 0);
	toy_data(b, 120, 2, 9);
	toy_data(b, 50, 2, 10);
	ASSERT_EQ(hps_gp_factor(b), 0);
	n = hps_gp_work_size(a) > hps_gp_work_size(b) ?
	    hps_gp_work_size(a) : hps_gp_work_size(b);
	ASSERT((work = malloc(n * sizeof *work)) != NULL);
	hps_gp_predict(a, x, &mu1, &v1, NULL, NULL, work);
	hps_gp_predict(b, x, &mu2, &v2, NULL, NULL, work);
	ASSERT_EQ_DBL(mu1, mu2, 1e-9);
	ASSERT_EQ_DBL(v1, v2, 1e-9);
	/* truncating keeps the leading factor valid */
	hps_gp_truncate(a, 120);
	hps_gp_truncate(b, 120);
	ASSERT_EQ(hps_gp_factor(a), 0);
	hps_gp_free(b);
	ASSERT_EQ(hps_gp_new(2, NULL, &b), 0);
	set_theta(b, l, 2, 1.0, 1e-4);
	toy_data(b, 120, 2, 9);
	ASSERT_EQ(hps_gp_factor(b), 0);
	hps_gp_predict(a, x, &mu1, &v1, NULL, NULL, work);
	hps_gp_predict(b, x, &mu2, &v2, NULL, NULL, work);
	ASSERT_EQ_DBL(mu1, mu2, 1e-9);
	ASSERT_EQ_DBL(v1, v2, 1e-9);
	free(work);
	hps_gp_free(a);
	hps_gp_free(b);
}

/*
 * Draws of pending targets: a model holding two pending points at their
 * predicted means, given draws z, predicts under each draw what a model
 * that observed those targets predicts. The reference conditions one
 * pending point at a time (the factor's last block is that sequence):
 * y1 = m1 + sqrt(v1 + noise) z1, then y2 likewise given y1.
 */
TEST(draws_match_models_that_saw_them)
{
	const double l[2] = {0.3, 0.5}, nz = 1e-3, z[4] = {1.3, -0.7, -1.3,
	    0.7};
	double work[3 * 64], p1[2] = {0.2, 0.8}, p2[2] = {0.25, 0.7};
	double x[2] = {0.3, 0.6}, mu[2], dmu[4], dv[2], var, m, v, y1, y2,
	    top[2], ref, rvar, m2, mp[2], mm[2];
	struct hps_gp *a, *b;
	size_t s, i;

	ASSERT_EQ(hps_gp_new(2, NULL, &a), 0);
	set_theta(a, l, 2, 1.0, nz);
	toy_data(a, 30, 2, 4);
	ASSERT_EQ(hps_gp_factor(a), 0);
	hps_gp_predict(a, p1, &m, &v, NULL, NULL, work);
	hps_gp_predict(a, p2, &m2, &v, NULL, NULL, work);
	ASSERT_EQ(hps_gp_add(a, p1, m), 0);
	ASSERT_EQ(hps_gp_add(a, p2, m2), 0);
	ASSERT_EQ(hps_gp_factor(a), 0);
	ASSERT_EQ(hps_gp_ndraws(a), 1);
	ASSERT_EQ(hps_gp_set_draws(a, 2, 2, z, top), 0);
	ASSERT_EQ(hps_gp_ndraws(a), 2);
	hps_gp_predict(a, x, mu, &var, dmu, dv, work);
	for (s = 0; s < 2; s++) {
		ASSERT_EQ(hps_gp_new(2, NULL, &b), 0);
		set_theta(b, l, 2, 1.0, nz);
		toy_data(b, 30, 2, 4);
		ASSERT_EQ(hps_gp_factor(b), 0);
		hps_gp_predict(b, p1, &m, &v, NULL, NULL, work);
		y1 = m + sqrt(v + nz + HPS_GP_NOISE_FLOOR) * z[2 * s];
		ASSERT_EQ(hps_gp_add(b, p1, y1), 0);
		ASSERT_EQ(hps_gp_factor(b), 0);
		hps_gp_predict(b, p2, &m, &v, NULL, NULL, work);
		y2 = m + sqrt(v + nz + HPS_GP_NOISE_FLOOR) * z[2 * s + 1];
		ASSERT_EQ(hps_gp_add(b, p2, y2), 0);
		ASSERT_EQ(hps_gp_factor(b), 0);
		hps_gp_predict(b, x, &ref, &rvar, NULL, NULL, work);
		ASSERT_EQ_DBL(mu[s], ref, 1e-9);
		ASSERT_EQ_DBL(var, rvar, 1e-9);
		ASSERT_EQ_DBL(top[s], y1 > y2 ? y1 : y2, 1e-9);
		hps_gp_free(b);
	}
	/* each draw's gradient against central differences */
	for (i = 0; i < 2; i++) {
		x[i] += 1e-6;
		hps_gp_predict(a, x, mp, &v, NULL, NULL, work);
		x[i] -= 2e-6;
		hps_gp_predict(a, x, mm, &v, NULL, NULL, work);
		x[i] += 1e-6;
		for (s = 0; s < 2; s++)
			ASSERT_EQ_DBL(dmu[s * 2 + i], (mp[s] - mm[s]) / 2e-6,
			    1e-5);
	}
	/* any change to the model drops the draws */
	hps_gp_truncate(a, 31);
	ASSERT_EQ(hps_gp_ndraws(a), 1);
	hps_gp_free(a);
}

/* Many copies of one point with conflicting targets make K singular but
 * for the noise floor, which keeps it factorable; predictions stay
 * finite. */
TEST(singular_matrix_is_handled)
{
	const double l[2] = {1000, 1000};
	double x[2] = {0.5, 0.5}, z[2] = {0.1, 0.9}, work[3 * 64], mu, var;
	struct hps_gp *gp;
	int i;

	ASSERT_EQ(hps_gp_new(2, NULL, &gp), 0);
	set_theta(gp, l, 2, 1000, 1e-12);
	for (i = 0; i < 40; i++) {
		ASSERT_EQ(hps_gp_add(gp, x, i % 2 ? 1.0 : -1.0), 0);
	}
	ASSERT_EQ(hps_gp_factor(gp), 0);
	hps_gp_predict(gp, z, &mu, &var, NULL, NULL, work);
	ASSERT(isfinite(mu) && isfinite(var) && var >= 0);
	hps_gp_free(gp);
}

/* A fit on a smooth 1-D function interpolates it between the points and
 * gives a finite, better-than-default objective. */
TEST(fit_learns_a_smooth_function)
{
	double work[3 * 64], th[5], x, mu, var, f0, f1;
	size_t idx[30], i;
	struct hps_gp *gp;

	ASSERT_EQ(hps_gp_new(1, NULL, &gp), 0);
	for (i = 0; i < 30; i++) {
		x = (i + 0.5) / 30;
		ASSERT_EQ(hps_gp_add(gp, &x, sin(6 * x)), 0);
		idx[i] = i;
	}
	hps_gp_default_hyper(gp, th);
	f0 = hps_gp_objective(gp, th, idx, 30, NULL);
	ASSERT_EQ(hps_gp_fit(gp, idx, 30, 0, 1), 0);
	hps_gp_hyper(gp, th);
	f1 = hps_gp_objective(gp, th, idx, 30, NULL);
	ASSERT(f1 < f0);
	ASSERT(exp(th[2]) < 1e-3);	/* noiseless data: little noise */
	ASSERT_EQ(hps_gp_factor(gp), 0);
	for (i = 0; i < 20; i++) {
		x = 0.02 + 0.96 * i / 19;
		hps_gp_predict(gp, &x, &mu, &var, NULL, NULL, work);
		ASSERT_EQ_DBL(mu, sin(6 * x), 2e-3);
	}
	/* a warm refit from there stays as good */
	ASSERT_EQ(hps_gp_fit(gp, idx, 30, 1, 0), 0);
	hps_gp_hyper(gp, th);
	ASSERT(hps_gp_objective(gp, th, idx, 30, NULL) <= f1 + 1e-9);
	hps_gp_free(gp);
}

/*
 * A warm start never leaves a fit worse than a cold start alone: the cold
 * run beside it runs its own course. The warm start here is the fit of
 * the first 12 points, as a sweep's previous suggestion would give.
 */
TEST(a_warm_start_never_makes_a_fit_worse)
{
	struct hps_gp *warm, *cold;
	double th[7], fw, fc;
	size_t idx[40], i;
	uint64_t seed;

	for (i = 0; i < 40; i++)
		idx[i] = i;
	for (seed = 1; seed <= 12; seed++) {
		ASSERT_EQ(hps_gp_new(3, NULL, &warm), 0);
		ASSERT_EQ(hps_gp_new(3, NULL, &cold), 0);
		toy_data(warm, 40, 3, seed);
		toy_data(cold, 40, 3, seed);
		ASSERT_EQ(hps_gp_fit(warm, idx, 12, 0, 1), 0);
		ASSERT_EQ(hps_gp_fit(warm, idx, 40, 1, 1), 0);
		ASSERT_EQ(hps_gp_fit(cold, idx, 40, 0, 1), 0);
		hps_gp_hyper(warm, th);
		fw = hps_gp_objective(warm, th, idx, 40, NULL);
		hps_gp_hyper(cold, th);
		fc = hps_gp_objective(cold, th, idx, 40, NULL);
		ASSERT(fw <= fc + 1e-12);
		hps_gp_free(warm);
		hps_gp_free(cold);
	}
}

/* A matrix no jitter can save (a NaN coordinate) ends in HPS_ESTATE
 * after the jitter steps and the default hyperparameters, not a crash;
 * the model then predicts the prior. */
TEST(hopeless_matrix_is_an_error)
{
	double x[2] = {0.5, NAN}, work[3 * 8], mu, var;
	struct hps_gp *gp;

	ASSERT_EQ(hps_gp_new(2, NULL, &gp), 0);
	ASSERT_EQ(hps_gp_add(gp, x, 1.0), 0);
	x[1] = 0.2;
	ASSERT_EQ(hps_gp_add(gp, x, 2.0), 0);
	ASSERT_EQ(hps_gp_factor(gp), HPS_ESTATE);
	hps_gp_predict(gp, x, &mu, &var, NULL, NULL, work);
	ASSERT(mu == 0 && isfinite(var));
	hps_gp_free(gp);
}


/*
 * A conditional dimension: two points inactive there are as alike as two
 * with equal values; one inactive against one active is the same
 * distance whatever the active value, with no slope in it.
 */
TEST(inactive_is_exact)
{
	static const unsigned char kind[2] = {0, HPS_GP_COND};
	const double l[2] = {0.5, 0.7};
	const double a[2] = {0.1, -1}, b[2] = {0.4, -1}, c[2] = {0.4, 0.2};
	const double d[2] = {0.4, 0.9}, e[2] = {0.1, 0.3};
	const double a2[2] = {0.1, 0.6}, b2[2] = {0.4, 0.6};
	double work[256], mu, var, dmu[2], dvar[2];
	struct hps_gp *gp;

	ASSERT_EQ(hps_gp_new(2, kind, &gp), 0);
	set_theta(gp, l, 2, 1.5, 1e-3);
	ASSERT_EQ_DBL(hps_gp_kernel(gp, a, b), hps_gp_kernel(gp, a2, b2),
	    1e-15);
	ASSERT_EQ_DBL(hps_gp_kernel(gp, a, c), hps_gp_kernel(gp, a, d), 0);
	ASSERT(hps_gp_kernel(gp, a, c) < hps_gp_kernel(gp, a, b));
	/* the gap is the range's width: as far as 0 from 1 */
	ASSERT_EQ_DBL(hps_gp_kernel(gp, b, c), hps_gp_kernel(gp,
	    (double[]){0.4, 0}, (double[]){0.4, 1}), 1e-15);
	ASSERT_EQ(hps_gp_add(gp, a, 1.0), 0);
	ASSERT_EQ(hps_gp_add(gp, e, -1.0), 0);
	ASSERT_EQ(hps_gp_factor(gp), 0);
	hps_gp_predict(gp, c, &mu, &var, dmu, dvar, work);
	ASSERT(isfinite(mu) && isfinite(var));
	/* at an inactive coordinate, nothing moves the prediction */
	hps_gp_predict(gp, b, &mu, &var, dmu, dvar, work);
	ASSERT_EQ_DBL(dmu[1], 0, 0);
	ASSERT_EQ_DBL(dvar[1], 0, 0);
	hps_gp_free(gp);
}

/* The likelihood's gradient holds with inactive coordinates. */
TEST(objective_gradient_with_inactive_points)
{
	static const unsigned char kind[3] = {0, HPS_GP_COND,
	    HPS_GP_COND | HPS_GP_CAT};
	const double x[6][3] = {{0.1, -1, 0}, {0.5, 0.3, -1}, {0.9, 0.8, 1},
	    {0.3, -1, -1}, {0.7, 0.1, 0}, {0.2, 0.6, -1}};
	double theta[7], g[7], tp[7], tm[7], f, h = 1e-6;
	size_t idx[6], i, j;
	struct hps_gp *gp;

	ASSERT_EQ(hps_gp_new(3, kind, &gp), 0);
	for (i = 0; i < 6; i++) {
		ASSERT_EQ(hps_gp_add(gp, x[i], sin(3 * x[i][0]) + x[i][1]), 0);
		idx[i] = i;
	}
	hps_gp_default_hyper(gp, theta);
	theta[0] = -1.1;
	theta[1] = -0.4;
	theta[6] = 0.3;
	f = hps_gp_objective(gp, theta, idx, 6, g);
	ASSERT(isfinite(f));
	for (j = 0; j < 7; j++) {
		memcpy(tp, theta, sizeof tp);
		memcpy(tm, theta, sizeof tm);
		tp[j] += h;
		tm[j] -= h;
		ASSERT_EQ_DBL(g[j], (hps_gp_objective(gp, tp, idx, 6, NULL) -
		    hps_gp_objective(gp, tm, idx, 6, NULL)) / (2 * h), 1e-5);
	}
	hps_gp_free(gp);
}

TEST_MAIN(kernel_matches_hand_computed_values, posterior_matches_closed_form,
    draw_matches_the_posterior,
    a_warm_start_never_makes_a_fit_worse,
    draws_match_models_that_saw_them,
    objective_gradient_matches_differences,
    prediction_gradient_matches_differences,
    kernel_factors_match_direct_exponentials,
    fit_weighs_the_additive_part_by_the_data,
    fit_shortens_the_additive_length_scales_on_a_wiggly_sum,
    incremental_factor_matches_full,
    singular_matrix_is_handled, hopeless_matrix_is_an_error,
    fit_learns_a_smooth_function,
    inactive_is_exact, objective_gradient_with_inactive_points)
