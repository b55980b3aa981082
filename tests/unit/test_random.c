/*
 * Unit tests for random search (search/random.c): reproducible by seed and
 * by suggestion number, inside the bounds, on the steps, and distributed
 * as the space asks (uniform, log-uniform, categorical). Spaces are built
 * by hand so these tests do not depend on the space-file parser.
 */
#include <stdint.h>

#include "hps/error.h"
#include "hps/search.h"
#include "hps/space.h"
#include "cond_fixture.h"
#include "space_fixture.h"
#include "test.h"

#define NDRAWS 100000

/* One of every kind of parameter. */
static void
ts_mixed(struct tspace *t, uint64_t seed)
{
	static const char *opt[] = {"sgd", "adam", "rmsprop"};
	static const char *act[] = {"relu"};

	ts_init(t, "random", seed);
	ts_add(t, HPS_P_FLOAT, -1, 1, 0, 0);
	ts_add(t, HPS_P_FLOAT, 1e-5, 1, 0, 1);
	ts_add(t, HPS_P_INT, 16, 512, 16, 0);
	ts_add(t, HPS_P_INT, 1, 1000, 1, 1);
	ts_strings(t, HPS_P_CAT, opt, 3);
	ts_strings(t, HPS_P_CONST, act, 1);
	ts_add(t, HPS_P_FLOAT, 0, 0.9, 0.1, 0);
}

/* Draw suggestion idx into out (sp->nparams values). */
static void
draw(void *state, const struct hps_space *sp, uint64_t idx,
    struct hps_value *out)
{
	struct hps_ask ask = {sp, NULL, 0, NULL, 0, idx, NULL, 0};

	ASSERT_EQ(hps_search_random.suggest(state, &ask, out), 0);
}

static void
clear(struct hps_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		hps_value_clear(&v[i]);
}

/* Suggestion idx of a fresh state, as "v1,v2,...". */
static void
key_of(const struct hps_space *sp, uint64_t idx, char *key, size_t len)
{
	struct hps_value out[TS_MAXP];
	char err[HPS_ERRMAX];
	void *state;
	size_t i, off = 0;

	ASSERT_EQ(hps_search_random.alloc(&state, sp, err, sizeof err), 0);
	draw(state, sp, idx, out);
	for (i = 0; i < sp->nparams; i++) {
		off += hps_value_format(&out[i], key + off, len - off);
		key[off++] = ',';
		ASSERT(off < len);
	}
	key[off] = '\0';
	clear(out, sp->nparams);
	hps_search_random.free(state);
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* NDRAWS draws of a one-parameter space, as numbers. */
static double *
draws_of(const struct hps_space *sp)
{
	struct hps_value v;
	double *x = malloc(NDRAWS * sizeof *x);
	char err[HPS_ERRMAX];
	void *state;
	size_t i;

	ASSERT(x != NULL && sp->nparams == 1);
	ASSERT_EQ(hps_search_random.alloc(&state, sp, err, sizeof err), 0);
	for (i = 0; i < NDRAWS; i++) {
		draw(state, sp, i, &v);
		x[i] = v.num;
	}
	hps_search_random.free(state);
	return x;
}

TEST(same_seed_same_sequence)
{
	struct tspace a, b;
	char ka[512], kb[512];
	uint64_t i;
	int differ = 0;

	ts_mixed(&a, 1);
	ts_mixed(&b, 1);
	for (i = 0; i < 200; i++) {
		key_of(&a.sp, i, ka, sizeof ka);
		key_of(&b.sp, i, kb, sizeof kb);
		ASSERT_STR_EQ(ka, kb);
	}
	b.sp.seed = 2;
	for (i = 0; i < 200; i++) {
		key_of(&a.sp, i, ka, sizeof ka);
		key_of(&b.sp, i, kb, sizeof kb);
		differ += strcmp(ka, kb) != 0;
	}
	ASSERT(differ > 190);
}

/* Suggestion k depends on (seed, k) only: not on history or order. */
TEST(suggestion_depends_on_index_only)
{
	struct tspace t;
	struct hps_value out[TS_MAXP], prev[TS_MAXP];
	struct hps_trial_rec rec = {.state = HPS_T_COMPLETED, .objective = 1.0,
	    .has_objective = 1};
	struct hps_ask ask = {NULL, &rec, 1, &rec, 1, 57, NULL, 0};
	char k1[512], k2[512], err[HPS_ERRMAX];
	void *state;
	size_t i, off = 0;

	ts_mixed(&t, 11);
	key_of(&t.sp, 57, k1, sizeof k1);
	ASSERT_EQ(hps_search_random.alloc(&state, &t.sp, err, sizeof err), 0);
	draw(state, &t.sp, 3, prev);	/* earlier calls do not matter */
	rec.params = prev;
	ask.space = &t.sp;
	ASSERT_EQ(hps_search_random.suggest(state, &ask, out), 0);
	for (i = 0; i < t.sp.nparams; i++) {
		off += hps_value_format(&out[i], k2 + off, sizeof k2 - off);
		k2[off++] = ',';
	}
	k2[off] = '\0';
	ASSERT_STR_EQ(k1, k2);
	key_of(&t.sp, 58, k2, sizeof k2);
	ASSERT(strcmp(k1, k2) != 0);
	clear(out, t.sp.nparams);
	clear(prev, t.sp.nparams);
	hps_search_random.free(state);
}

TEST(draws_stay_in_bounds_and_on_steps)
{
	struct tspace t;
	struct hps_value v[TS_MAXP];
	char err[HPS_ERRMAX];
	void *state;
	double x, k;
	size_t i;

	ts_mixed(&t, 3);
	ASSERT_EQ(hps_search_random.alloc(&state, &t.sp, err, sizeof err), 0);
	for (i = 0; i < NDRAWS; i++) {
		draw(state, &t.sp, i, v);
		ASSERT(v[0].kind == HPS_V_FLOAT);
		ASSERT(v[0].num >= -1 && v[0].num <= 1);
		ASSERT(v[1].num >= 1e-5 && v[1].num <= 1);
		ASSERT(v[2].kind == HPS_V_INT);
		x = v[2].num;
		ASSERT(x >= 16 && x <= 512 && fmod(x - 16, 16) == 0);
		ASSERT(v[3].kind == HPS_V_INT);
		x = v[3].num;
		ASSERT(x >= 1 && x <= 1000 && x == floor(x));
		ASSERT(v[4].kind == HPS_V_STR);
		ASSERT_STR_EQ(v[5].str, "relu");
		x = v[6].num;
		k = round(x * 10);
		ASSERT(x >= 0 && x <= 0.9 && x == k / 10);	/* 0.3, not ...04 */
		clear(v, t.sp.nparams);
	}
	hps_search_random.free(state);
}

/* Every step of a stepped range is reached, ends included, uniformly. */
TEST(stepped_ranges_uniform)
{
	struct tspace t;
	double *x;
	size_t i, count[5] = {0};

	ts_init(&t, "random", 4);
	ts_add(&t, HPS_P_INT, 3, 20, 4, 0);	/* 3 7 11 15 19 */
	x = draws_of(&t.sp);
	for (i = 0; i < NDRAWS; i++)
		count[(size_t)(x[i] - 3) / 4]++;
	for (i = 0; i < 5; i++)
		ASSERT(count[i] > 19000 && count[i] < 21000);
	free(x);
	ts_init(&t, "random", 4);
	ts_add(&t, HPS_P_FLOAT, 0, 1, 0.25, 0);
	x = draws_of(&t.sp);
	memset(count, 0, sizeof count);
	for (i = 0; i < NDRAWS; i++) {
		ASSERT(x[i] * 4 == floor(x[i] * 4));
		count[(size_t)(x[i] * 4)]++;
	}
	for (i = 0; i < 5; i++)
		ASSERT(count[i] > 19000 && count[i] < 21000);
	free(x);
}

static double
median(double *x, size_t n)
{
	qsort(x, n, sizeof *x, cmp_dbl);
	return (x[n / 2 - 1] + x[n / 2]) / 2;
}

TEST(log_scale_median)
{
	struct tspace t;
	double *x;

	ts_init(&t, "random", 5);
	ts_add(&t, HPS_P_FLOAT, 1e-4, 1e-1, 0, 1);
	x = draws_of(&t.sp);
	ASSERT_EQ_DBL(log10(median(x, NDRAWS)), -2.5, 0.02);
	free(x);
	/* The same range without log: the median is near the middle. */
	t.p[0].log = 0;
	x = draws_of(&t.sp);
	ASSERT_EQ_DBL(median(x, NDRAWS), 0.05, 0.001);
	free(x);
}

/*
 * Log ints draw log-uniformly over [min - 0.5, max + 0.5] and round: for
 * 1..1000, P(x <= 10) = ln(10.5 / 0.5) / ln(1000.5 / 0.5) = 0.4005.
 */
TEST(log_int_distribution)
{
	struct tspace t;
	double *x;
	size_t i, small = 0, ends = 0;

	ts_init(&t, "random", 6);
	ts_add(&t, HPS_P_INT, 1, 1000, 1, 1);
	x = draws_of(&t.sp);
	for (i = 0; i < NDRAWS; i++) {
		ASSERT(x[i] >= 1 && x[i] <= 1000 && x[i] == floor(x[i]));
		small += x[i] <= 10;
		ends += x[i] == 1000;
	}
	ASSERT_EQ_DBL((double)small / NDRAWS, 0.4005, 0.01);
	ASSERT(ends > 0);
	free(x);
}

TEST(categorical_frequencies_uniform)
{
	static const char *names[] = {"a", "b", "c", "d"};
	struct tspace t;
	struct hps_value v;
	char err[HPS_ERRMAX];
	void *state;
	size_t i, count[4] = {0};

	ts_init(&t, "random", 8);
	ts_strings(&t, HPS_P_CAT, names, 4);
	ASSERT_EQ(hps_search_random.alloc(&state, &t.sp, err, sizeof err), 0);
	for (i = 0; i < NDRAWS; i++) {
		draw(state, &t.sp, i, &v);
		ASSERT(v.kind == HPS_V_STR && v.str != names[v.str[0] - 'a']);
		count[v.str[0] - 'a']++;
		hps_value_clear(&v);
	}
	/* 25000 expected, standard deviation 137. */
	for (i = 0; i < 4; i++)
		ASSERT(count[i] > 24300 && count[i] < 25700);
	hps_search_random.free(state);
}

TEST(constants_constant)
{
	static const char *act[] = {"relu"};
	struct tspace t;
	struct hps_value v[2];
	char err[HPS_ERRMAX];
	void *state;
	size_t i;

	ts_init(&t, "random", 9);
	ts_strings(&t, HPS_P_CONST, act, 1);
	ts_add(&t, HPS_P_CONST, 0, 0, 0, 0);
	t.v[1][0].kind = HPS_V_FLOAT;
	t.v[1][0].num = 0.125;
	t.p[1].nvalues = 1;
	ASSERT_EQ(hps_search_random.alloc(&state, &t.sp, err, sizeof err), 0);
	for (i = 0; i < 1000; i++) {
		draw(state, &t.sp, i, v);
		ASSERT_STR_EQ(v[0].str, "relu");
		ASSERT(v[0].str != act[0]);	/* an owned copy */
		ASSERT(v[1].kind == HPS_V_FLOAT && v[1].num == 0.125);
		clear(v, 2);
	}
	hps_search_random.free(state);
}


/*
 * The issue's space: every draw valid (the knobs of its own optimizer,
 * as many units as layers, both constraints met), each optimizer and
 * depth drawn, and the same (seed, index) the same draw.
 */
TEST(conditional_draws_are_valid_and_cover_the_branches)
{
	struct hps_space *sp = cond_space("random", 11, COND_ISSUE);
	struct hps_value out[16];
	struct hps_ask ask = {sp, NULL, 0, NULL, 0, 0, NULL, 0};
	size_t i, opt[3] = {0}, depth[5] = {0};
	char a[256], b[256];

	for (ask.index = 0; ask.index < 3000; ask.index++) {
		ASSERT_EQ(hps_search_random.suggest(NULL, &ask, out), 0);
		cond_check(sp, out);
		opt[out[0].str[0] == 's' ? 0 : out[0].str[0] == 'a' ? 1 : 2]++;
		depth[(size_t)out[3].num]++;
		for (i = 0; i < sp->nparams; i++)
			hps_value_clear(&out[i]);
	}
	for (i = 0; i < 3; i++)
		ASSERT(opt[i] > 800);
	/* one layer is never cut by the constraints, four often are */
	for (i = 1; i <= 4; i++)
		ASSERT(depth[i] > 100);
	ASSERT(depth[1] > depth[4]);
	key_of(sp, 77, a, sizeof a);
	key_of(sp, 77, b, sizeof b);
	ASSERT_STR_EQ(a, b);
	hps_space_free(sp);
}

/* A tight constraint is met by rejection, never broken. */
TEST(constraints_are_never_broken)
{
	struct hps_space *sp = cond_space("random", 2, "parameters:\n"
	    "  x: {type: float, min: 0, max: 1}\n"
	    "  y: {type: float, min: 0, max: 1}\n"
	    "constraints: [x + y < 0.05, x > y]\n");
	struct hps_value out[2];
	struct hps_ask ask = {sp, NULL, 0, NULL, 0, 0, NULL, 0};

	for (ask.index = 0; ask.index < 500; ask.index++) {
		ASSERT_EQ(hps_search_random.suggest(NULL, &ask, out), 0);
		ASSERT(out[0].num + out[1].num < 0.05 && out[0].num > out[1].num);
	}
	hps_space_free(sp);
}

TEST_MAIN(same_seed_same_sequence, suggestion_depends_on_index_only,
    draws_stay_in_bounds_and_on_steps, stepped_ranges_uniform,
    log_scale_median, log_int_distribution, categorical_frequencies_uniform,
    constants_constant,
    conditional_draws_are_valid_and_cover_the_branches,
    constraints_are_never_broken)
