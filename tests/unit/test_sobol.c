/* Unit tests for search/sobol.c: scrambled Sobol points. */
#include "hps/error.h"
#include "hps/sobol.h"
#include "test.h"

TEST(rejects_bad_dims)
{
	struct hps_sobol *s;

	ASSERT_EQ(hps_sobol_new(0, 1, &s), HPS_EINVAL);
	ASSERT(s == NULL);
	ASSERT_EQ(hps_sobol_new(HPS_SOBOL_MAXDIM + 1, 1, &s), HPS_EINVAL);
	ASSERT_EQ(hps_sobol_new(HPS_SOBOL_MAXDIM, 1, &s), 0);
	hps_sobol_free(s);
}

TEST(points_in_unit_cube_and_distinct)
{
	static double x[4096][HPS_SOBOL_MAXDIM];
	struct hps_sobol *s;
	size_t i, j, k;

	ASSERT_EQ(hps_sobol_new(HPS_SOBOL_MAXDIM, 7, &s), 0);
	for (i = 0; i < 4096; i++) {
		hps_sobol_point(s, i, x[i]);
		for (j = 0; j < HPS_SOBOL_MAXDIM; j++)
			ASSERT(x[i][j] >= 0 && x[i][j] < 1);
	}
	/* Distinct in every coordinate: a net puts one point per cell. */
	for (j = 0; j < HPS_SOBOL_MAXDIM; j += 9)
		for (i = 0; i < 4096; i++)
			for (k = i + 1; k < 4096; k++)
				ASSERT(x[i][j] != x[k][j]);
	hps_sobol_free(s);
}

/* Each of the first 2^k points lies in its own interval of width 2^-k,
 * in every coordinate, for every seed. */
TEST(first_points_are_stratified)
{
	unsigned char seen[1 << 12];
	struct hps_sobol *s;
	double x[HPS_SOBOL_MAXDIM];
	uint64_t seed, i, cell;
	size_t j;
	int k;

	for (seed = 0; seed < 4; seed++) {
		ASSERT_EQ(hps_sobol_new(HPS_SOBOL_MAXDIM, seed, &s), 0);
		for (k = 1; k <= 12; k++) {
			for (j = 0; j < HPS_SOBOL_MAXDIM; j++) {
				memset(seen, 0, sizeof seen);
				for (i = 0; i < (1ULL << k); i++) {
					hps_sobol_point(s, i, x);
					cell = (uint64_t)(x[j] * (1 << k));
					ASSERT_EQ(seen[cell], 0);
					seen[cell] = 1;
				}
			}
		}
		hps_sobol_free(s);
	}
}

/* Two-dimensional stratification too: 2^k points of dimensions (0, 1)
 * fill each of the 2^k elementary boxes of shape 2^-a x 2^-(k-a) once,
 * for a t = 0 pair. */
TEST(first_two_dims_form_a_net)
{
	unsigned char seen[256];
	struct hps_sobol *s;
	double x[2];
	uint64_t i, cell;
	int a, k = 8;

	ASSERT_EQ(hps_sobol_new(2, 42, &s), 0);
	for (a = 0; a <= k; a++) {
		memset(seen, 0, sizeof seen);
		for (i = 0; i < 256; i++) {
			hps_sobol_point(s, i, x);
			cell = (uint64_t)(x[0] * (1 << a)) << (k - a) |
			    (uint64_t)(x[1] * (1 << (k - a)));
			ASSERT_EQ(seen[cell], 0);
			seen[cell] = 1;
		}
	}
	hps_sobol_free(s);
}

TEST(seed_changes_points_and_index_is_direct)
{
	struct hps_sobol *a, *b, *c;
	double x[8], y[8], z[8];
	size_t j, same = 0;

	ASSERT_EQ(hps_sobol_new(8, 1, &a), 0);
	ASSERT_EQ(hps_sobol_new(8, 2, &b), 0);
	ASSERT_EQ(hps_sobol_new(8, 1, &c), 0);
	hps_sobol_point(a, 37, x);
	hps_sobol_point(b, 37, y);
	for (j = 0; j < 8; j++)
		same += x[j] == y[j];
	ASSERT_EQ(same, 0);
	/* Same seed, same point, whatever was asked before. */
	hps_sobol_point(c, 5, z);
	hps_sobol_point(c, 37, z);
	for (j = 0; j < 8; j++)
		ASSERT(x[j] == z[j]);
	/* Point 0 is not the corner: the scramble shifts it. */
	hps_sobol_point(a, 0, x);
	ASSERT(x[0] != 0 || x[1] != 0);
	hps_sobol_free(a);
	hps_sobol_free(b);
	hps_sobol_free(c);
}

/* A scrambled Sobol set integrates a smooth function far better than
 * its size suggests (error well below the 1/sqrt(n) of random points). */
TEST(integrates_smooth_function)
{
	struct hps_sobol *s;
	double x[5], sum = 0, f;
	size_t i, j;

	ASSERT_EQ(hps_sobol_new(5, 3, &s), 0);
	for (i = 0; i < 4096; i++) {
		hps_sobol_point(s, i, x);
		for (f = 1, j = 0; j < 5; j++)
			f *= 1.5 * sqrt(x[j]);
		sum += f;
	}
	/* Each factor integrates to 1. */
	ASSERT_EQ_DBL(sum / 4096, 1.0, 2e-3);
	hps_sobol_free(s);
}

TEST_MAIN(rejects_bad_dims, points_in_unit_cube_and_distinct,
    first_points_are_stratified, first_two_dims_form_a_net,
    seed_changes_points_and_index_is_direct, integrates_smooth_function)
