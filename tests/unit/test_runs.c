/*
 * Unit tests for a configuration's runs (core/runs.c): the t quantile
 * against a statistics table, mean, standard deviation and interval of
 * known samples, and overlap.
 */
#include <math.h>

#include "hps/runs.h"
#include "test.h"

TEST(t_quantile_matches_the_table)
{
	ASSERT_EQ_DBL(hps_runs_t975(1), 12.706, 1e-3);
	ASSERT_EQ_DBL(hps_runs_t975(2), 4.303, 1e-3);
	ASSERT_EQ_DBL(hps_runs_t975(10), 2.228, 1e-3);
	/* Past the table: t(0.975, 40) = 2.0211, 120: 1.9799. */
	ASSERT_EQ_DBL(hps_runs_t975(31), 2.0395, 1e-3);
	ASSERT_EQ_DBL(hps_runs_t975(40), 2.0211, 1e-3);
	ASSERT_EQ_DBL(hps_runs_t975(120), 1.9799, 1e-3);
	ASSERT(isinf(hps_runs_t975(0)));
}

TEST(three_runs)
{
	const double v[] = {10, 11, 12};
	struct hps_runs r;

	hps_runs_of(v, 3, &r);
	ASSERT_EQ(r.n, 3);
	ASSERT_EQ_DBL(r.mean, 11, 1e-12);
	ASSERT_EQ_DBL(r.sd, 1, 1e-12);
	/* 11 -/+ 4.303 / sqrt(3) */
	ASSERT_EQ_DBL(r.lo, 8.5156, 1e-4);
	ASSERT_EQ_DBL(r.hi, 13.4844, 1e-4);
}

TEST(one_run_is_its_value)
{
	const double v[] = {0.25};
	struct hps_runs r;

	hps_runs_of(v, 1, &r);
	ASSERT_EQ_DBL(r.mean, 0.25, 0);
	ASSERT_EQ_DBL(r.sd, 0, 0);
	ASSERT_EQ_DBL(r.lo, 0.25, 0);
	ASSERT_EQ_DBL(r.hi, 0.25, 0);
}

TEST(overlap)
{
	const double a[] = {1, 4, 7}, b[] = {2, 2, 2}, c[] = {20, 21, 22};
	struct hps_runs ra, rb, rc;

	hps_runs_of(a, 3, &ra);
	hps_runs_of(b, 3, &rb);
	hps_runs_of(c, 3, &rc);
	ASSERT(hps_runs_overlap(&ra, &rb));
	ASSERT(hps_runs_overlap(&rb, &ra));
	ASSERT(!hps_runs_overlap(&ra, &rc));
	ASSERT(!hps_runs_overlap(&rb, &rc));
}

TEST_MAIN(t_quantile_matches_the_table, three_runs, one_run_is_its_value,
    overlap)
