/*
 * Unit tests for cli/importance.c, the variance decomposition behind the
 * report's parameter importance. Like test_svg.c, the client source is
 * compiled in here (it needs libc and libm only).
 */
#include "report.h"
#include "test.h"

TEST(parameter_that_decides_everything_explains_everything)
{
	double x[] = {1, 1, 2, 2, 3, 3}, y[] = {5, 5, 7, 7, 9, 9};

	ASSERT_EQ_DBL(report_importance(x, y, 6, 0), 1, 1e-12);
}

TEST(unrelated_parameter_explains_nothing)
{
	double x[] = {1, 2, 1, 2}, y[] = {0, 0, 1, 1};

	ASSERT_EQ_DBL(report_importance(x, y, 4, 0), 0, 1e-12);
}

TEST(half_explained)
{
	/* Group means 0.5 and 1.5 around 1: between 4 * 0.25 = 1 of 2. */
	double x[] = {0, 0, 1, 1}, y[] = {0, 1, 1, 2};

	ASSERT_EQ_DBL(report_importance(x, y, 4, 1), 0.5, 1e-12);
}

TEST(constant_objective_explains_nothing)
{
	double x[] = {1, 2, 3, 4}, y[] = {0.8, 0.8, 0.8, 0.8};
	double z[] = {0.1 + 0.2, 0.3, 0.1 + 0.2, 0.3};

	ASSERT_EQ_DBL(report_importance(x, y, 4, 0), 0, 0);
	ASSERT_EQ_DBL(report_importance(x, z, 4, 0), 0, 0);
}

TEST(too_few_trials_explain_nothing)
{
	double x[] = {1}, y[] = {2};

	ASSERT_EQ_DBL(report_importance(x, y, 1, 0), 0, 0);
	ASSERT_EQ_DBL(report_importance(x, y, 0, 0), 0, 0);
}

TEST(missing_values_are_left_out)
{
	double x[] = {1, 1, 2, 2, NAN, 3}, y[] = {5, 5, 7, 7, 100, NAN};

	ASSERT_EQ_DBL(report_importance(x, y, 6, 0), 1, 1e-12);
}

TEST(many_values_are_binned)
{
	double x[200], y[200], f;
	size_t i;

	/* y = x: 10 quantile bins keep most of the variance, not all. */
	for (i = 0; i < 200; i++)
		x[i] = y[i] = (double)i;
	f = report_importance(x, y, 200, 0);
	ASSERT(f > 0.95 && f < 1);
	/* Categorical: each value its own group, everything explained. */
	ASSERT_EQ_DBL(report_importance(x, y, 200, 1), 1, 1e-12);
}

TEST(ties_stay_in_one_bin)
{
	double x[40], y[40];
	size_t i;

	/*
	 * 35 distinct values, so 10 bins of 4; the six trials at 0 are the
	 * only good ones, and a bin that split them would mix them with
	 * the bad ones.
	 */
	for (i = 0; i < 40; i++) {
		x[i] = i < 6 ? 0 : (double)i;
		y[i] = i < 6 ? 1 : 0;
	}
	ASSERT_EQ_DBL(report_importance(x, y, 40, 0), 1, 1e-12);
}

TEST_MAIN(parameter_that_decides_everything_explains_everything,
    unrelated_parameter_explains_nothing, half_explained,
    constant_objective_explains_nothing, too_few_trials_explain_nothing,
    missing_values_are_left_out, many_values_are_binned, ties_stay_in_one_bin)
