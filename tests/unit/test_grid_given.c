/*
 * Unit tests for grid search with given points (search/grid.c,
 * ask->given): points a study was given or imported are grid points
 * already done, skipped from the suggestion they came at, and the grid is
 * exhausted once its suggestions and those points cover it; a fresh state
 * (a restart) makes the same suggestions.
 */
#include <stdint.h>

#include "hps/error.h"
#include "hps/point.h"
#include "hps/search.h"
#include "hps/space.h"
#include "cond_fixture.h"
#include "test.h"

#define MAXP 8
#define MAXN 64

/* Suggestion idx with the given points as "v1,v2,..."; suggest's
 * status. */
static int
key_at(void *state, const struct hps_space *sp, uint64_t idx,
    const struct hps_given *given, size_t ngiven, char *key, size_t len)
{
	struct hps_ask ask = {sp, NULL, 0, NULL, 0, idx, given, ngiven};
	struct hps_value out[MAXP];
	size_t i, off = 0;
	int rc;

	key[0] = '\0';
	if ((rc = hps_search_grid.suggest(state, &ask, out)) != 0)
		return rc;
	for (i = 0; i < sp->nparams; i++) {
		off += hps_value_format(&out[i], key + off, len - off);
		if (i + 1 < sp->nparams)
			key[off++] = ',';
		hps_value_clear(&out[i]);
	}
	return 0;
}

/* Point number idx of the grid without given points, into out. */
static void
point_at(const struct hps_space *sp, uint64_t idx, struct hps_value *out)
{
	struct hps_ask ask = {sp, NULL, 0, NULL, 0, idx, NULL, 0};
	char err[HPS_ERRMAX];
	void *state;

	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	ASSERT_EQ(hps_search_grid.suggest(state, &ask, out), 0);
	hps_search_grid.free(state);
}

static void
point_free(const struct hps_space *sp, struct hps_value *v)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		hps_value_clear(&v[i]);
}

/* Every suggestion of a fresh state until it is exhausted, each asked
 * with the points given up to then (given[i] counts from its index);
 * returns how many. */
static size_t
walk(const struct hps_space *sp, const struct hps_given *given,
    size_t ngiven, char keys[MAXN][64])
{
	char err[HPS_ERRMAX];
	void *state;
	size_t k, n;
	int rc;

	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	for (k = 0; k < MAXN; k++) {
		for (n = 0; n < ngiven && given[n].index <= k; n++)
			;
		rc = key_at(state, sp, k, given, n, keys[k], 64);
		if (rc == HPS_EEXHAUSTED)
			break;
		ASSERT_EQ(rc, 0);
	}
	hps_search_grid.free(state);
	return k;
}

static int
has(char keys[MAXN][64], size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return 1;
	return 0;
}

static const char *const SPACE_3X3 = "parameters:\n"
    "  a: {type: int, min: 0, max: 2}\n"
    "  b: {values: [x, y, z]}\n";

/* Two points given at the start: the grid proposes the other 7, once. */
TEST(given_points_are_skipped_and_count_toward_the_grid)
{
	struct hps_space *sp = cond_space("grid", 7, SPACE_3X3);
	struct hps_value p[2][MAXP];
	struct hps_given given[2];
	char keys[MAXN][64], all[MAXN][64], gk[2][64];
	size_t n, i;

	ASSERT_EQ(walk(sp, NULL, 0, all), 9);
	for (i = 0; i < 2; i++) {
		point_at(sp, 2 + 3 * i, p[i]);
		given[i] = (struct hps_given){p[i], 0};
		snprintf(gk[i], sizeof gk[i], "%s", all[2 + 3 * i]);
	}
	n = walk(sp, given, 2, keys);
	ASSERT_EQ(n, 7);
	for (i = 0; i < 9; i++)
		ASSERT_EQ(has(keys, n, all[i]), strcmp(all[i], gk[0]) != 0 &&
		    strcmp(all[i], gk[1]) != 0);
	/* the same point given twice is one grid point */
	given[1] = (struct hps_given){p[0], 0};
	ASSERT_EQ(walk(sp, given, 2, keys), 8);
	ASSERT(!has(keys, 8, gk[0]));
	point_free(sp, p[0]);
	point_free(sp, p[1]);
	hps_space_free(sp);
}

/* A point given after the grid proposed it is not taken back; one given
 * before the grid reaches it is skipped. */
TEST(given_mid_study_skips_only_points_still_ahead)
{
	struct hps_space *sp = cond_space("grid", 7, SPACE_3X3);
	struct hps_value behind[MAXP], ahead[MAXP];
	struct hps_given given[2];
	char keys[MAXN][64], all[MAXN][64];

	ASSERT_EQ(walk(sp, NULL, 0, all), 9);
	point_at(sp, 1, behind);
	point_at(sp, 6, ahead);
	given[0] = (struct hps_given){behind, 4};
	ASSERT_EQ(walk(sp, given, 1, keys), 9);
	ASSERT_STR_EQ(keys[8], all[8]);
	given[1] = (struct hps_given){ahead, 4};
	ASSERT_EQ(walk(sp, given, 2, keys), 8);
	ASSERT_STR_EQ(keys[3], all[3]);
	ASSERT_STR_EQ(keys[6], all[7]);
	ASSERT(!has(keys, 8, all[6]));
	point_free(sp, behind);
	point_free(sp, ahead);
	hps_space_free(sp);
}

/* A fresh state asked for suggestion k with every point given so far
 * (a restarted daemon) makes the suggestion the running one made. */
TEST(given_restart_makes_the_same_suggestions)
{
	struct hps_space *sp = cond_space("grid", 3, SPACE_3X3);
	struct hps_value p[3][MAXP];
	struct hps_given given[3];
	char keys[MAXN][64], key[64], err[HPS_ERRMAX];
	void *state;
	size_t n, k, i;

	for (i = 0; i < 3; i++) {
		point_at(sp, 3 * i + 1, p[i]);
		given[i] = (struct hps_given){p[i], 2 * i};
	}
	n = walk(sp, given, 3, keys);
	for (k = 0; k < n; k++) {
		ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err),
		    0);
		ASSERT_EQ(key_at(state, sp, k, given, 3, key, sizeof key), 0);
		ASSERT_STR_EQ(key, keys[k]);
		hps_search_grid.free(state);
	}
	for (i = 0; i < 3; i++)
		point_free(sp, p[i]);
	hps_space_free(sp);
}

/* With conditions, a given point has no value where a parameter does not
 * apply, as the grid's own points: adam alone is the whole adam branch. */
TEST(given_conditional_point_matches_its_branch)
{
	struct hps_space *sp = cond_space("grid", 3, "parameters:\n"
	    "  optimizer: {values: [sgd, adam]}\n"
	    "  momentum: {values: [0.5, 0.9], when: {optimizer: sgd}}\n");
	struct hps_value p[MAXP] = {{HPS_V_STR, 0, (char *)"adam"},
	    {HPS_V_NONE, 0, NULL}};
	struct hps_given given = {p, 0};
	char keys[MAXN][64];

	ASSERT_EQ(walk(sp, &given, 1, keys), 2);
	ASSERT(has(keys, 2, "sgd,0.5"));
	ASSERT(has(keys, 2, "sgd,0.9"));
	hps_space_free(sp);
}

/* A number given as an integer or a float is the same grid point, and
 * the hash agrees with the equality. */
TEST(point_equal_and_hash_agree_on_numbers)
{
	struct hps_space *sp = cond_space("grid", 3, SPACE_3X3);
	struct hps_value a[2] = {{HPS_V_INT, 2, NULL},
	    {HPS_V_STR, 0, (char *)"y"}};
	struct hps_value b[2] = {{HPS_V_FLOAT, 2.0, NULL},
	    {HPS_V_STR, 0, (char *)"y"}};
	struct hps_value c[2] = {{HPS_V_FLOAT, 2.0, NULL},
	    {HPS_V_STR, 0, (char *)"z"}};

	ASSERT(hps_point_equal(sp, a, b));
	ASSERT_EQ(hps_point_hash(sp, a), hps_point_hash(sp, b));
	ASSERT(!hps_point_equal(sp, a, c));
	ASSERT_NE(hps_point_hash(sp, a), hps_point_hash(sp, c));
	hps_space_free(sp);
}

/* A grid of 10^12 points with a point given: the suggestions before it
 * are the plain grid's, the one at its place moves on, and nothing
 * grows with the grid. */
TEST(given_in_a_huge_grid_is_skipped_in_place)
{
	struct hps_space *sp = cond_space("grid", 11, "parameters:\n"
	    "  a: {type: int, min: 1, max: 1000000}\n"
	    "  b: {type: int, min: 1, max: 1000000}\n");
	struct hps_value p[MAXP];
	struct hps_given given;
	char key[64], plain[64], err[HPS_ERRMAX];
	void *state, *bare;
	uint64_t k;

	point_at(sp, 5, p);
	given = (struct hps_given){p, 0};
	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	ASSERT_EQ(hps_search_grid.alloc(&bare, sp, err, sizeof err), 0);
	for (k = 0; k < 10; k++) {
		ASSERT_EQ(key_at(state, sp, k, &given, 1, key, sizeof key), 0);
		ASSERT_EQ(key_at(bare, sp, k < 5 ? k : k + 1, NULL, 0, plain,
		    sizeof plain), 0);
		ASSERT_STR_EQ(key, plain);
	}
	hps_search_grid.free(state);
	hps_search_grid.free(bare);
	point_free(sp, p);
	hps_space_free(sp);
}

TEST_MAIN(given_points_are_skipped_and_count_toward_the_grid,
    given_mid_study_skips_only_points_still_ahead,
    given_restart_makes_the_same_suggestions,
    given_conditional_point_matches_its_branch,
    point_equal_and_hash_agree_on_numbers,
    given_in_a_huge_grid_is_skipped_in_place)
