/*
 * Unit tests for Pareto ranks and hypervolume (core/pareto.c): ranks of
 * known sets, and the exact hypervolume in 2, 3 and 4 objectives checked
 * against counting the unit cells that integer points dominate.
 */
#include <stdint.h>

#include "hps/pareto.h"
#include "test.h"

TEST(dominance_needs_one_better)
{
	double a[] = {1, 2}, b[] = {1, 3}, c[] = {1, 2};

	ASSERT(hps_pareto_dominates(a, b, 2));
	ASSERT(!hps_pareto_dominates(b, a, 2));
	ASSERT(!hps_pareto_dominates(a, c, 2));	/* equal */
}

TEST(ranks_peel_fronts)
{
	/* Front (1,4) (2,2) (4,1); then (3,3) (5,2); then (6,6). */
	double y[] = {3, 3, 1, 4, 6, 6, 2, 2, 5, 2, 4, 1, 2, 2};
	int rank[7], want[] = {1, 0, 2, 0, 1, 0, 0};
	size_t i;

	ASSERT_EQ(hps_pareto_rank(y, 7, 2, rank), 3);
	for (i = 0; i < 7; i++)
		ASSERT_EQ(rank[i], want[i]);
	ASSERT_EQ(hps_pareto_rank(y, 0, 2, rank), 0);
}

TEST(hv_2d_by_hand)
{
	double y[] = {1, 4, 2, 2, 4, 1, 3, 3}, ref[] = {5, 5};

	/* 4·1 + 3·2 + 1·1 = 11; (3,3) is dominated; below nothing. */
	ASSERT_EQ_DBL(hps_pareto_hv(y, 4, 2, ref), 11, 1e-12);
	ASSERT_EQ_DBL(hps_pareto_hv(y, 0, 2, ref), 0, 0);
	/* A point outside the reference adds nothing. */
	ref[0] = 3.5;
	ASSERT_EQ_DBL(hps_pareto_hv(y, 4, 2, ref), 1 * 1 + 1.5 * 3, 1e-12);
}

/* A small deterministic generator, so failures repeat. */
static uint32_t
next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

/* The cells [c, c+1)^m in [0, side)^m that some point dominates. */
static double
cells(const double *y, size_t n, size_t m, int side)
{
	double count = 0;
	int c[4] = {0}, k;
	size_t i, j, total = 1;

	for (j = 0; j < m; j++)
		total *= (size_t)side;
	for (j = 0; j < total; j++) {
		size_t v = j;
		for (k = 0; k < (int)m; k++, v /= (size_t)side)
			c[k] = (int)(v % (size_t)side);
		for (i = 0; i < n; i++) {
			for (k = 0; k < (int)m && y[i * m + k] <= c[k]; k++)
				;
			if (k == (int)m) {
				count++;
				break;
			}
		}
	}
	return count;
}

TEST(hv_exact_against_cells)
{
	double y[40 * 4], ref[4] = {8, 8, 8, 8};
	uint64_t s = 7;
	size_t m, n, i, trial;

	for (m = 2; m <= 4; m++)
		for (trial = 0; trial < 20; trial++) {
			n = 1 + next(&s) % 40;
			for (i = 0; i < n * m; i++)
				y[i] = next(&s) % 9;	/* some on ref */
			ASSERT_EQ_DBL(hps_pareto_hv(y, n, m, ref),
			    cells(y, n, m, 8), 1e-9);
		}
}

TEST(contribution_is_what_only_a_point_covers)
{
	double y[] = {1, 4, 2, 2, 4, 1, 3, 3, 2, 2}, ref[] = {5, 5}, c[5];

	ASSERT_EQ(hps_pareto_contrib(y, 5, 2, ref, c), 0);
	ASSERT_EQ_DBL(c[0], 1 * 1, 1e-12);	/* x 1..2, y 4..5 */
	ASSERT_EQ_DBL(c[1], 0, 1e-12);		/* duplicated by y[4] */
	ASSERT_EQ_DBL(c[2], 1 * 1, 1e-12);	/* x 4..5, y 1..2 */
	ASSERT_EQ_DBL(c[3], 0, 1e-12);		/* dominated */
	ASSERT_EQ_DBL(c[4], 0, 1e-12);
}

TEST(order_by_rank_then_contribution)
{
	/* Front (1,4) (2,3) (3,1); (4,4) next; (6,6) last. */
	double y[] = {6, 6, 1, 4, 3, 1, 2, 3, 4, 4}, ref[] = {7, 7};
	size_t order[5];

	ASSERT_EQ(hps_pareto_order(y, 5, 2, ref, order), 0);
	/* Alone (3,1) covers 4·2, (1,4) 1·3, (2,3) 1·1. */
	ASSERT_EQ(order[0], 2);
	ASSERT_EQ(order[1], 1);
	ASSERT_EQ(order[2], 3);
	ASSERT_EQ(order[3], 4);
	ASSERT_EQ(order[4], 0);
}

TEST(reference_given_or_worst_plus_a_tenth_of_the_spread)
{
	double y[] = {1, 5, 3, 5, 2, 5}, ref[2], given[] = {10, 0};
	int has[] = {0, 0};

	/* Spread 2 in the first; none in the second: a tenth of its size. */
	hps_pareto_reference(y, 3, 2, NULL, NULL, ref);
	ASSERT_EQ_DBL(ref[0], 3.2, 1e-12);
	ASSERT_EQ_DBL(ref[1], 5.5, 1e-12);
	has[0] = 1;
	hps_pareto_reference(y, 3, 2, has, given, ref);
	ASSERT_EQ_DBL(ref[0], 10, 0);
	ASSERT_EQ_DBL(ref[1], 5.5, 1e-12);
	/* All at 0: a unit past it. */
	y[1] = y[3] = y[5] = 0;
	hps_pareto_reference(y, 3, 2, NULL, NULL, ref);
	ASSERT_EQ_DBL(ref[1], 1, 0);
}

TEST(insert_keeps_the_front_in_order)
{
	double f[6 * 2], y[2];
	long tag[6];
	size_t n = 0;
	int covered;

	/* (3,3) joins; (1,5) and (5,1) join beside it, in order. */
	y[0] = 3, y[1] = 3;
	n = hps_pareto_insert(f, tag, n, 2, y, 10, &covered);
	ASSERT_EQ(n, 1);
	ASSERT(!covered);
	y[0] = 5, y[1] = 1;
	n = hps_pareto_insert(f, tag, n, 2, y, 11, &covered);
	y[0] = 1, y[1] = 5;
	n = hps_pareto_insert(f, tag, n, 2, y, 12, &covered);
	ASSERT_EQ(n, 3);
	ASSERT_EQ(tag[0], 12);
	ASSERT_EQ(tag[1], 10);
	ASSERT_EQ(tag[2], 11);
	/* Dominated: nothing changes. */
	y[0] = 4, y[1] = 4;
	ASSERT_EQ(hps_pareto_insert(f, tag, n, 2, y, 13, &covered), 3);
	ASSERT(covered);
	/* Equal to a row: it joins beside it, and adds no volume. */
	y[0] = 3, y[1] = 3;
	n = hps_pareto_insert(f, tag, n, 2, y, 14, &covered);
	ASSERT_EQ(n, 4);
	ASSERT(covered);
	/* (2,2) dominates both (3,3): they leave, it takes their place. */
	y[0] = 2, y[1] = 2;
	n = hps_pareto_insert(f, tag, n, 2, y, 15, &covered);
	ASSERT_EQ(n, 3);
	ASSERT(!covered);
	ASSERT_EQ(tag[0], 12);
	ASSERT_EQ(tag[1], 15);
	ASSERT_EQ(tag[2], 11);
	ASSERT_EQ_DBL(f[2], 2, 0);
	ASSERT_EQ_DBL(f[3], 2, 0);
	/* Without tags. */
	y[0] = 0, y[1] = 0;
	ASSERT_EQ(hps_pareto_insert(f, NULL, n, 2, y, 0, &covered), 1);
	ASSERT_EQ_DBL(f[0], 0, 0);
}

TEST_MAIN(dominance_needs_one_better, ranks_peel_fronts, hv_2d_by_hand,
    hv_exact_against_cells, contribution_is_what_only_a_point_covers,
    order_by_rank_then_contribution,
    reference_given_or_worst_plus_a_tenth_of_the_spread,
    insert_keeps_the_front_in_order)
