/* Unit tests for search/acq.c: log EI and its maximisation. */
#include "hps/acq.h"
#include "hps/error.h"
#include "hps/pareto.h"
#include "hps/rng.h"
#include "hps/sobol.h"
#include "test.h"

/*
 * log h(z) and d log h / dz = Phi(z) / h(z), h = phi + z Phi, computed
 * with mpmath at 60 digits:
 *   h = lambda z: npdf(z) + z * ncdf(z); log(h(z)), ncdf(z) / h(z)
 */
static const double ref[][3] = {
	{-40.0, -808.29856835661996024, 40.049906657648518193},
	{-35.0, -620.5320766759480023, 35.057003708747498023},
	{-30.0, -457.72465376059800405, 30.066446154162418902},
	{-25.0, -319.86146358149595433, 25.079620234266532815},
	{-20.0, -206.91783850942509785, 20.099262811101281775},
	{-15.0, -118.84817068411358416, 15.131608564904813136},
	{-12.0, -77.909100545007348277, 12.163352571585739843},
	{-10.0, -55.553122036122355927, 10.194383033412553306},
	{-8.0, -37.122364261692633, 8.2393965068400668851},
	{-6.0, -22.578879392169797367, 6.309840773209831577},
	{-5.0, -16.744301162660990143, 5.3618162412880885298},
	{-4.5, -14.180488381868340313, 4.8942871938999713375},
	{-4.243, -12.95329489749635717, 4.6561224162048274444},
	{-4.0, -11.849061577550663111, 4.4324837418731182906},
	{-3.0, -7.8696860596030285171, 3.5323375176251605167},
	{-2.5, -6.2125416454435128635, 3.0984232967911619292},
	{-2.0, -4.7687835239171141569, 2.6794168839555859839},
	{-1.5, -3.5299359208057098515, 2.2795806941564461644},
	{-1.0000001, -2.4851212161397683908, 1.904271305527462158},
	{-1.0, -2.4851210257126413368, 1.9042712333296918229},
	{-0.9999999, -2.4851208352855217139, 1.9042711611319228024},
	{-0.5, -1.6205162643873199193, 1.5598731483480796712},
	{0.0, -0.91893853320467274178, 1.2533141373155002512},
	{0.5, -0.35982768374506381859, 0.99092271800410996015},
	{1.0, 0.080026218849306940029, 0.77663872520173925975},
	{2.0, 0.69738354578822831219, 0.48655931878528386862},
	{3.0, 1.0987396653277077727, 0.33284096845179523558},
	{5.0, 1.6094379231264313851, 0.19999994053122004649},
};

TEST(log_h_matches_high_precision_reference)
{
	double v, d;
	size_t i;

	for (i = 0; i < sizeof ref / sizeof ref[0]; i++) {
		v = hps_log_h(ref[i][0], &d);
		if (fabs(v - ref[i][1]) > 1e-14 * fmax(1, fabs(ref[i][1])))
			TEST_FAIL_("log_h(%g) = %.17g, want %.17g", ref[i][0],
			    v, ref[i][1]);
		if (fabs(d - ref[i][2]) > 1e-12 * ref[i][2])
			TEST_FAIL_("dlog_h(%g) = %.17g, want %.17g",
			    ref[i][0], d, ref[i][2]);
	}
	/* far out: -z^2/2 - log sqrt(2 pi) - 2 log|z| to first order */
	v = hps_log_h(-1e6, &d);
	ASSERT_EQ_DBL(v / -500000000028.54995965, 1, 1e-15);
	ASSERT_EQ_DBL(d, 1e6, 1);
}

/* Smooth and monotone across the branch points, finite everywhere. */
TEST(log_h_is_monotone_and_finite)
{
	double z, prev = -INFINITY, v, d;

	for (z = -60; z <= 8; z += 1e-3) {
		v = hps_log_h(z, &d);
		ASSERT(isfinite(v) && isfinite(d) && d > 0);
		ASSERT(v > prev);
		prev = v;
	}
	ASSERT(isfinite(hps_log_h(-1e200, NULL)));
	ASSERT(isfinite(hps_log_h(1e10, NULL)));
}

TEST(logei_matches_ei_and_its_derivatives)
{
	double mu = 0.3, var = 0.04, best = 0.5, s = 0.2, z, ei, f;
	double dm, dv, e = 1e-7;

	z = (mu - best) / s;
	ei = s * (exp(-z * z / 2) / sqrt(2 * M_PI) + z * 0.5 *
	    erfc(-z / sqrt(2)));
	f = hps_logei(mu, var, best, &dm, &dv);
	ASSERT_EQ_DBL(f, log(ei), 1e-13);
	ASSERT_EQ_DBL(dm, (hps_logei(mu + e, var, best, NULL, NULL) -
	    hps_logei(mu - e, var, best, NULL, NULL)) / (2 * e), 1e-6);
	ASSERT_EQ_DBL(dv, (hps_logei(mu, var + e, best, NULL, NULL) -
	    hps_logei(mu, var - e, best, NULL, NULL)) / (2 * e), 1e-5);
	/* no variance: still finite */
	ASSERT(isfinite(hps_logei(mu, 0, best, &dm, &dv)));
}

static struct hps_value cats[] = {{HPS_V_STR, 0, "a"}, {HPS_V_STR, 0, "b"},
    {HPS_V_STR, 0, "c"}};
static struct hps_param params[] = {
	{.name = "x", .type = HPS_P_FLOAT, .min = 0, .max = 1},
	{.name = "k", .type = HPS_P_INT, .min = 1, .max = 9, .step = 1},
	{.name = "c", .type = HPS_P_CAT, .min = 0, .max = 0, .values = cats,
	    .nvalues = 3},
};
static struct hps_space space = {.params = params, .nparams = 3};

/*
 * A model whose mean peaks at x = 0.7, k = 6, c = "b": the maximiser's
 * first point must be near there, on the grid, and score at least as
 * well as every candidate it ranked.
 */
TEST(maximiser_finds_the_peak_on_the_grid)
{
	static const unsigned char iscat[3] = {0, 0, 1};
	struct hps_encoding e;
	struct hps_acq *a;
	struct hps_gp *gp;
	double x[3], th[7] = {log(0.3), log(0.3), 0, 0, log(1e-6), -1, 0};
	double v, v1;
	double anchor[3], one = 1.0;
	const double *p;
	size_t i, j, k;

	ASSERT_EQ(hps_encoding_init(&e, &space), 0);
	ASSERT_EQ(hps_gp_new(3, iscat, &gp), 0);
	hps_gp_set_hyper(gp, th);
	for (i = 0; i < 6; i++)
		for (j = 0; j < 9; j++)
			for (k = 0; k < 3; k++) {
				x[0] = i / 5.0;
				x[1] = (j + 0.5) / 9;
				x[2] = (double)k;
				ASSERT_EQ(hps_gp_add(gp, x, -10 * (x[0] - 0.7) *
				    (x[0] - 0.7) - 3 * (x[1] - 5.5 / 9) *
				    (x[1] - 5.5 / 9) + (k == 1)), 0);
			}
	ASSERT_EQ(hps_gp_factor(gp), 0);
	anchor[0] = 0.6;
	anchor[1] = 5.5 / 9;
	anchor[2] = 1;
	ASSERT_EQ(hps_acq_new(&e, 256, 4, 1, &a), 0);
	ASSERT_EQ(hps_acq_run(a, gp, &one, 0, anchor, 1, HUGE_VAL), 0);
	ASSERT(hps_acq_count(a) >= 256);
	p = hps_acq_point(a, 0, &v);
	ASSERT(isfinite(v));
	ASSERT_EQ_DBL(p[0], 0.7, 0.05);
	ASSERT_EQ_DBL(p[1], 5.5 / 9, 1e-12);	/* k = 6, exactly on grid */
	ASSERT_EQ(p[2], 1);
	for (i = 1; i < hps_acq_count(a); i++) {
		p = hps_acq_point(a, i, &v1);
		ASSERT(v1 <= v);
		for (j = 0; j < 3; j++)
			ASSERT(p[j] >= 0 && p[j] <= (j == 2 ? 2 : 1));
		ASSERT_EQ_DBL(p[2], round(p[2]), 0);
	}
	hps_acq_free(a);
	hps_gp_free(gp);
	hps_encoding_free(&e);
}

/* Float parameters on [0, 1]: the unit cube (a test may take the first
 * two only). */
static struct hps_param cube[] = {
	{.name = "a", .type = HPS_P_FLOAT, .min = 0, .max = 1},
	{.name = "b", .type = HPS_P_FLOAT, .min = 0, .max = 1},
	{.name = "c", .type = HPS_P_FLOAT, .min = 0, .max = 1},
};

/* A factored model of three dimensions with one observation, 0 at x. */
static struct hps_gp *
model_at(const double *x, const unsigned char *iscat)
{
	struct hps_gp *gp;

	ASSERT_EQ(hps_gp_new(3, iscat, &gp), 0);
	ASSERT_EQ(hps_gp_add(gp, x, 0), 0);
	ASSERT_EQ(hps_gp_factor(gp), 0);
	return gp;
}

/*
 * Beside small perturbations, the anchor's neighbourhood includes moves
 * of a single coordinate across its range with the others kept: a model
 * that rates such a point best must be able to get it.
 */
TEST(anchor_moves_reach_along_one_axis)
{
	struct hps_space sp = {.params = cube, .nparams = 3};
	const double anchor[3] = {0.8, 0.8, 0.8}, zero = 0;
	size_t i, j, same, far, moves[3] = {0, 0, 0};
	struct hps_encoding e;
	struct hps_acq *a;
	struct hps_gp *gp;
	const double *p;

	ASSERT_EQ(hps_encoding_init(&e, &sp), 0);
	gp = model_at(anchor, NULL);
	ASSERT_EQ(hps_acq_new(&e, 16, 0, 7, &a), 0);
	ASSERT_EQ(hps_acq_run(a, gp, &zero, 0, anchor, 1, HUGE_VAL), 0);
	for (i = 0; i < hps_acq_count(a); i++) {
		p = hps_acq_point(a, i, NULL);
		for (same = 0, far = 0, j = 0; j < 3; j++) {
			same += p[j] == anchor[j];
			far = fabs(p[j] - anchor[j]) > 0.3 ? j + 1 : far;
		}
		if (same == 2 && far > 0)
			moves[far - 1]++;
	}
	for (j = 0; j < 3; j++)
		ASSERT(moves[j] >= 10);
	hps_acq_free(a);
	hps_gp_free(gp);
	hps_encoding_free(&e);
}

/*
 * With draws of pending points set on the model, a point ranks by the
 * log of EI's mean over the draws, each over its own best, best first.
 */
TEST(pending_draws_rank_by_mean_ei)
{
	struct hps_space sp = {.params = cube, .nparams = 2};
	const double z[8] = {0.9, -0.3, -0.9, 0.3, 0.4, 1.1, -0.4, -1.1};
	const double anchor[2] = {0.5, 0.5};
	double x[2], y, top[4], mu[4], var, want, got, work[3 * 64];
	struct hps_encoding e;
	struct hps_acq *a;
	struct hps_gp *gp;
	size_t i, s, rank;

	ASSERT_EQ(hps_encoding_init(&e, &sp), 0);
	ASSERT_EQ(hps_gp_new(2, NULL, &gp), 0);
	for (i = 0; i < 12; i++) {
		x[0] = (double)(i % 4) / 3;
		x[1] = (double)(i / 4) / 2;
		y = -(x[0] - 0.4) * (x[0] - 0.4) - (x[1] - 0.6) * (x[1] - 0.6);
		ASSERT_EQ(hps_gp_add(gp, x, i < 10 ? y : -0.1), 0);
	}
	ASSERT_EQ(hps_gp_factor(gp), 0);
	ASSERT_EQ(hps_gp_set_draws(gp, 2, 4, z, top), 0);
	for (s = 0; s < 4; s++)
		top[s] = top[s] > 0 ? top[s] : 0;
	ASSERT_EQ(hps_acq_new(&e, 64, 2, 3, &a), 0);
	ASSERT_EQ(hps_acq_run(a, gp, top, 0, anchor, 1, HUGE_VAL), 0);
	for (rank = 0; rank < hps_acq_count(a); rank += 17) {
		const double *p = hps_acq_point(a, rank, &got);

		hps_gp_predict(gp, p, mu, &var, NULL, NULL, work);
		for (want = 0, s = 0; s < 4; s++)
			want += exp(hps_logei(mu[s], var, top[s], NULL, NULL));
		ASSERT_EQ_DBL(got, log(want / 4), 1e-9 * fabs(got));
	}
	hps_acq_point(a, 0, &got);
	for (rank = 1; rank < hps_acq_count(a); rank++) {
		double v;

		hps_acq_point(a, rank, &v);
		ASSERT(v <= got);
	}
	hps_acq_free(a);
	hps_gp_free(gp);
	hps_encoding_free(&e);
}

/*
 * Thompson sampling reorders only the first 8 ranked points, by a draw
 * that is the same for the same round and differs between rounds, so
 * the first point is EI's best in some rounds and not in others.
 */
TEST(thompson_reorders_the_shortlist)
{
	struct hps_space sp = {.params = cube, .nparams = 2};
	const double anchor[2] = {0.5, 0.5}, zero = 0;
	const double *before[16], *first[2], *p;
	size_t i, j, round, top = 0, other = 0;
	struct hps_encoding e;
	struct hps_acq *a;
	struct hps_gp *gp;
	double x[2];

	ASSERT_EQ(hps_encoding_init(&e, &sp), 0);
	ASSERT_EQ(hps_gp_new(2, NULL, &gp), 0);
	for (i = 0; i < 9; i++) {
		x[0] = (double)(i % 3) / 2;
		x[1] = (double)(i / 3) / 2;
		ASSERT_EQ(hps_gp_add(gp, x, -(x[0] - 0.4) * (x[0] - 0.4) -
		    (x[1] - 0.6) * (x[1] - 0.6)), 0);
	}
	ASSERT_EQ(hps_gp_factor(gp), 0);
	ASSERT_EQ(hps_acq_new(&e, 64, 2, 3, &a), 0);
	for (round = 0; round < 32; round++) {
		for (j = 0; j < 2; j++) {
			ASSERT_EQ(hps_acq_run(a, gp, &zero, round, anchor, 1,
			    HUGE_VAL), 0);
			for (i = 0; i < 16; i++)
				before[i] = hps_acq_point(a, i, NULL);
			ASSERT_EQ(hps_acq_thompson(a, gp, round), 0);
			first[j] = hps_acq_point(a, 0, NULL);
		}
		ASSERT(first[0] == first[1]);
		for (i = 0; i < 16; i++) {
			p = hps_acq_point(a, i, NULL);
			for (j = 0; j < 8 && p != before[j]; j++)
				;
			ASSERT(i < 8 ? j < 8 : p == before[i]);
		}
		top += first[0] == before[0];
		other += first[0] != before[0];
	}
	ASSERT(top > 0 && other > 0);
	hps_acq_free(a);
	hps_gp_free(gp);
	hps_encoding_free(&e);
}

/*
 * Given a region, the Sobol block fills the box of that side around the
 * first anchor, clipped to the cube, in the float and int coordinates;
 * the categorical one keeps its whole range.
 */
TEST(sobol_candidates_fill_the_region)
{
	static const unsigned char iscat[3] = {0, 0, 1};
	const double anchor[3] = {0.95, 0.5, 1}, zero = 0;
	const double lo[2] = {0.85, 0.4}, hi[2] = {1, 0.6};
	double x[3], u[3];
	struct hps_encoding e;
	struct hps_sobol *sob;
	struct hps_acq *a;
	struct hps_gp *gp;
	size_t i, j, r, found = 0, cats[3] = {0, 0, 0};
	const double *p;

	ASSERT_EQ(hps_encoding_init(&e, &space), 0);
	gp = model_at(anchor, iscat);
	ASSERT_EQ(hps_acq_new(&e, 64, 0, 5, &a), 0);
	ASSERT_EQ(hps_sobol_new(3, 5, &sob), 0);
	ASSERT_EQ(hps_acq_run(a, gp, &zero, 2, anchor, 1, 0.2), 0);
	for (j = 0; j < 64; j++) {
		hps_sobol_point(sob, 2 * 64 + j, u);
		for (i = 0; i < 2; i++)
			x[i] = lo[i] + (hi[i] - lo[i]) * u[i];
		x[2] = u[2];
		hps_encoding_from_unit(&e, x);
		ASSERT(x[0] >= 0.85 && x[0] <= 1);
		cats[(size_t)x[2]]++;
		for (r = 0; r < hps_acq_count(a); r++) {
			p = hps_acq_point(a, r, NULL);
			if (memcmp(p, x, sizeof x) == 0) {
				found++;
				break;
			}
		}
	}
	ASSERT_EQ(found, 64);
	for (i = 0; i < 3; i++)
		ASSERT(cats[i] >= 10);
	hps_sobol_free(sob);
	hps_acq_free(a);
	hps_gp_free(gp);
	hps_encoding_free(&e);
}

/*
 * The trust region's side, replayed from the observations: two misses
 * halve it, three wins in a row double it up to 1.6, a miss breaks a
 * run of wins, a gain under a relative 1e-3 is a miss, and below 1/128
 * it begins again at 0.8. Observations before start only set the best.
 */
TEST(region_follows_wins_and_misses)
{
	const double flat[16] = {0}, up[7] = {0, 1, 2, 3, 4, 5, 6};
	const double broken[5] = {0, 1, 2, 2, 3};
	const double small[3] = {1, 1.0005, 1.0009};
	const double later[5] = {5, 6, 7, 1, 1};
	const double big[4] = {1, 1.002, 1.004, 1.007};
	const long order[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
	    14, 15};

	ASSERT(hps_acq_region(flat, order, 3, 3, 0, 0) == HUGE_VAL);
	ASSERT_EQ_DBL(hps_acq_region(flat, order, 2, 1, 0, 0), 0.8, 0);
	ASSERT_EQ_DBL(hps_acq_region(flat, order, 3, 1, 0, 0), 0.4, 0);
	ASSERT_EQ_DBL(hps_acq_region(flat, order, 13, 1, 0, 0), 0.8 / 64, 0);
	ASSERT_EQ_DBL(hps_acq_region(flat, order, 15, 1, 0, 0), 0.8, 0);
	ASSERT_EQ_DBL(hps_acq_region(flat, order, 16, 1, 0, 0), 0.8, 0);
	ASSERT_EQ_DBL(hps_acq_region(up, order, 4, 1, 0, 0), 1.6, 0);
	ASSERT_EQ_DBL(hps_acq_region(up, order, 7, 1, 0, 0), 1.6, 0);
	ASSERT_EQ_DBL(hps_acq_region(broken, order, 5, 1, 0, 0), 0.8, 0);
	ASSERT_EQ_DBL(hps_acq_region(small, order, 3, 1, 0, 0), 0.4, 0);
	ASSERT_EQ_DBL(hps_acq_region(big, order, 4, 1, 0, 0), 1.6, 0);
	ASSERT_EQ_DBL(hps_acq_region(later, order, 5, 3, 0, 0), 0.4, 0);
	/* a first side of its own, then the same steps */
	ASSERT_EQ_DBL(hps_acq_region(flat, order, 2, 1, 0, 0.25), 0.25, 0);
	ASSERT_EQ_DBL(hps_acq_region(flat, order, 3, 1, 0, 0.25), 0.125, 0);
	ASSERT_EQ_DBL(hps_acq_region(up, order, 4, 1, 0, 0.25), 0.5, 0);
}

/* Four at once (three pending): results suggested before the best was
 * seen are not misses; wins count whenever they were suggested. */
TEST(region_ignores_misses_that_could_not_know_the_best)
{
	const double y[7] = {0, 5, 1, 1, 1, 1, 1}, up[4] = {0, 1, 2, 3};
	const long late[7] = {0, 1, 3, 2, 4, 5, 6};

	/* Seen at observation 1, the best reaches suggestion 5 on. */
	ASSERT_EQ_DBL(hps_acq_region(y, late, 5, 1, 3, 0), 0.8, 0);
	ASSERT_EQ_DBL(hps_acq_region(y, late, 6, 1, 3, 0), 0.8, 0);
	ASSERT_EQ_DBL(hps_acq_region(y, late, 7, 1, 3, 0), 0.4, 0);
	ASSERT_EQ_DBL(hps_acq_region(y, late, 6, 1, 0, 0), 0.2, 0);
	ASSERT_EQ_DBL(hps_acq_region(up, late, 4, 1, 3, 0), 1.6, 0);
}

/* log Phi against erfc where erfc is exact, and finite far below. */
TEST(log_cdf_matches_erfc_and_stays_finite)
{
	double z;

	for (z = -30; z <= 5; z += 0.25)
		ASSERT(fabs(hps_log_cdf(z) - log(0.5 * erfc(-z / sqrt(2)))) <
		    1e-12 * fmax(1, fabs(hps_log_cdf(z))));
	ASSERT(isfinite(hps_log_cdf(-1e3)));
	ASSERT(fabs(hps_log_cdf(-1e3) - (-5e5 - log(1e3) - 0.5 *
	    log(2 * M_PI)) - log1p(-1e-6)) < 1e-7);
}

/* The central difference of log EHVI over the 3-point front f in *v,
 * one of mu's or sd's values. */
static double
ehvi2_slope(const double *f, const double *ref, double *mu, double *sd,
    double *v)
{
	double h = 1e-6, p, q;

	*v += h;
	p = hps_log_ehvi2(f, 3, ref, mu, sd, NULL, NULL);
	*v -= 2 * h;
	q = hps_log_ehvi2(f, 3, ref, mu, sd, NULL, NULL);
	*v += h;
	return (p - q) / (2 * h);
}

/*
 * The exact 2-D EHVI against a Monte Carlo estimate of the same
 * expectation (the improvement of draws of the point, by
 * hps_pareto_hv), and its derivatives against finite differences.
 */
TEST(ehvi2_matches_monte_carlo_and_its_derivatives)
{
	static const double f[6] = {0.1, 0.8, 0.4, 0.5, 0.7, 0.2};
	static const double ref[2] = {1, 1};
	double mu[2] = {0.45, 0.4}, sd[2] = {0.2, 0.3}, set[8], dm[2], ds[2];
	double base = hps_pareto_hv(f, 3, 2, ref), sum = 0, e;
	struct hps_rng r;
	size_t i, k, n = 200000;

	hps_rng_seed(&r, 9);
	memcpy(set, f, sizeof f);
	for (i = 0; i < n; i++) {
		set[6] = mu[0] + sd[0] * hps_rng_normal(&r);
		set[7] = mu[1] + sd[1] * hps_rng_normal(&r);
		sum += hps_pareto_hv(set, 4, 2, ref) - base;
	}
	e = hps_log_ehvi2(f, 3, ref, mu, sd, dm, ds);
	ASSERT(fabs(exp(e) - sum / (double)n) < 0.01 * exp(e));
	for (k = 0; k < 2; k++) {
		ASSERT(fabs(ehvi2_slope(f, ref, mu, sd, &mu[k]) - dm[k]) <
		    1e-5 * fmax(1, fabs(dm[k])));
		ASSERT(fabs(ehvi2_slope(f, ref, mu, sd, &sd[k]) - ds[k]) <
		    1e-5 * fmax(1, fabs(ds[k])));
	}
	/* far behind the front: tiny, but a finite log */
	mu[0] = mu[1] = 30;
	ASSERT(isfinite(hps_log_ehvi2(f, 3, ref, mu, sd, NULL, NULL)));
}

TEST_MAIN(log_h_matches_high_precision_reference,
    log_h_is_monotone_and_finite, logei_matches_ei_and_its_derivatives,
    maximiser_finds_the_peak_on_the_grid, anchor_moves_reach_along_one_axis,
    pending_draws_rank_by_mean_ei, thompson_reorders_the_shortlist,
    sobol_candidates_fill_the_region,
    region_follows_wins_and_misses,
    region_ignores_misses_that_could_not_know_the_best,
    log_cdf_matches_erfc_and_stays_finite,
    ehvi2_matches_monte_carlo_and_its_derivatives)
