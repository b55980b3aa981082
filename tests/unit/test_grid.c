/*
 * Unit tests for grid search (search/grid.c), parameter grids
 * (core/param.c) and the shared helpers in search/search.c. Spaces are
 * built by hand so these tests do not depend on the space-file parser.
 */
#include <stdint.h>
#include <time.h>

#include "hps/error.h"
#include "hps/search.h"
#include "hps/space.h"
#include "cond_fixture.h"
#include "space_fixture.h"
#include "test.h"

/* Suggestion number idx as "v1,v2,..."; returns suggest's status. */
static int
suggest_key(const struct hps_search_type *st, void *state,
    const struct hps_space *sp, uint64_t idx, char *key, size_t len)
{
	struct hps_ask ask = {sp, NULL, 0, NULL, 0, idx, NULL, 0};
	struct hps_value out[TS_MAXP];
	size_t i, off = 0;
	int error;

	key[0] = '\0';
	if ((error = st->suggest(state, &ask, out)) != 0)
		return error;
	for (i = 0; i < sp->nparams; i++) {
		off += hps_value_format(&out[i], key + off, len - off);
		if (i + 1 < sp->nparams)
			key[off++] = ',';
		ASSERT(off < len);
		hps_value_clear(&out[i]);
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* All n suggestions of a grid as keys, in suggestion order. */
static char **
all_keys(const struct hps_space *sp, size_t n)
{
	char **keys = calloc(n, sizeof *keys), err[HPS_ERRMAX];
	void *state;
	size_t i;

	ASSERT(keys != NULL);
	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	for (i = 0; i < n; i++) {
		keys[i] = malloc(256);
		ASSERT_EQ(suggest_key(&hps_search_grid, state, sp, i, keys[i],
		    256), 0);
	}
	hps_search_grid.free(state);
	return keys;
}

static void
keys_free(char **keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* Sort a copy and check no two are equal. */
static void
assert_distinct(char **keys, size_t n)
{
	char **s = malloc(n * sizeof *s);
	size_t i;

	memcpy(s, keys, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_str);
	for (i = 1; i < n; i++) {
		if (strcmp(s[i - 1], s[i]) == 0)
			TEST_FAIL_("duplicate suggestion %s", s[i]);
	}
	free(s);
}

static double
grid_num(const struct hps_param *p, uint64_t i)
{
	struct hps_value v;

	ASSERT_EQ(hps_param_grid_value(p, i, &v), 0);
	return v.num;
}

TEST(param_int_grid)
{
	struct tspace t;
	struct hps_param *p;

	ts_init(&t, "grid", 0);
	p = ts_add(&t, HPS_P_INT, 1, 10, 3, 0);
	ASSERT_EQ(hps_param_grid_size(p), 4);
	ASSERT_EQ(grid_num(p, 0), 1);
	ASSERT_EQ(grid_num(p, 3), 10);
	p = ts_add(&t, HPS_P_INT, 1, 11, 3, 0);	/* 11 is not on the grid */
	ASSERT_EQ(hps_param_grid_size(p), 4);
	p = ts_add(&t, HPS_P_INT, 1, 64, 1, 0);
	p->log = 1;				/* log ints: every integer */
	ASSERT_EQ(hps_param_grid_size(p), 64);
	ASSERT_EQ(grid_num(p, 5), 6);
	{
		struct hps_value v;
		ASSERT_EQ(hps_param_grid_value(p, 64, &v), HPS_EINVAL);
		ASSERT_EQ(hps_param_grid_value(p, 63, &v), 0);
		ASSERT_EQ(v.kind, HPS_V_INT);
	}
}

TEST(param_float_step_grid_has_no_noise)
{
	struct tspace t;
	struct hps_param *p;

	ts_init(&t, "grid", 0);
	p = ts_add(&t, HPS_P_FLOAT, 0, 1, 0.1, 0);
	ASSERT_EQ(hps_param_grid_size(p), 11);
	ASSERT(grid_num(p, 3) == 0.3);	/* not 0.30000000000000004 */
	ASSERT(grid_num(p, 7) == 0.7);
	ASSERT(grid_num(p, 10) == 1.0);
	p = ts_add(&t, HPS_P_FLOAT, 0.05, 0.45, 0.1, 0);	/* off-zero origin */
	ASSERT_EQ(hps_param_grid_size(p), 5);
	ASSERT(grid_num(p, 2) == 0.25);
	ASSERT(grid_num(p, 4) == 0.45);
	p = ts_add(&t, HPS_P_FLOAT, 1e-7, 5e-7, 1e-7, 0);	/* tiny steps */
	ASSERT_EQ(hps_param_grid_size(p), 5);
	ASSERT(grid_num(p, 2) == 3e-7);
}

TEST(param_grid_points)
{
	struct tspace t;
	struct hps_param *p;

	ts_init(&t, "grid", 0);
	p = ts_add(&t, HPS_P_FLOAT, 0, 1, 0, 0);
	ASSERT_EQ(hps_param_grid_size(p), 0);	/* continuous: no grid */
	p->grid_points = 5;
	ASSERT_EQ(hps_param_grid_size(p), 5);
	ASSERT(grid_num(p, 1) == 0.25);
	ASSERT(grid_num(p, 4) == 1.0);
	p = ts_add(&t, HPS_P_FLOAT, 1e-4, 1e-1, 0, 0);
	p->grid_points = 4;
	p->log = 1;
	ASSERT(grid_num(p, 0) == 1e-4);
	ASSERT(grid_num(p, 1) == 1e-3);
	ASSERT(grid_num(p, 2) == 1e-2);
	ASSERT(grid_num(p, 3) == 1e-1);
}

TEST(grid_size_product_and_saturation)
{
	struct tspace t;
	int i;

	ts_init(&t, "grid", 0);
	ts_add(&t, HPS_P_INT, 0, 2, 1, 0);
	ts_add(&t, HPS_P_INT, 0, 2, 1, 0);
	ASSERT_EQ(hps_grid_size(&t.sp), 9);
	for (i = 0; i < 20; i++)
		ts_add(&t, HPS_P_INT, 0, 9, 1, 0);
	ASSERT(hps_grid_size(&t.sp) == UINT64_MAX);
	ts_add(&t, HPS_P_FLOAT, 0, 1, 0, 0);	/* a later 0 still wins */
	ASSERT_EQ(hps_grid_size(&t.sp), 0);
}

TEST(grid_refuses_continuous_float)
{
	struct tspace t;
	char err[HPS_ERRMAX] = "";
	void *state = (void *)1;

	ts_init(&t, "grid", 0);
	ts_add(&t, HPS_P_INT, 0, 2, 1, 0);
	ts_add(&t, HPS_P_FLOAT, 0, 1, 0, 0)->name = "lr";
	ASSERT_EQ(hps_search_grid.alloc(&state, &t.sp, err, sizeof err),
	    HPS_EINVAL);
	ASSERT(state == NULL);
	ASSERT_STR_CONTAINS(err, "lr");
	ASSERT_STR_CONTAINS(err, "grid_points");
}

TEST(grid_3x3_covers_once)
{
	static const char *want[] = {"0,a", "0,b", "0,c", "1,a", "1,b",
	    "1,c", "2,a", "2,b", "2,c"};
	static const char *abc[] = {"a", "b", "c"};
	struct tspace t;
	char **keys;
	size_t i;

	ts_init(&t, "grid", 42);
	ts_add(&t, HPS_P_INT, 0, 2, 1, 0);
	ts_strings(&t, HPS_P_CAT, abc, 3);
	keys = all_keys(&t.sp, 9);
	qsort(keys, 9, sizeof *keys, cmp_str);
	for (i = 0; i < 9; i++)
		ASSERT_STR_EQ(keys[i], want[i]);
	keys_free(keys, 9);
}

TEST(grid_exhausted_past_end)
{
	static const char *abc[] = {"a", "b", "c"};
	struct tspace t;
	char key[256], err[HPS_ERRMAX];
	void *state;

	ts_init(&t, "grid", 1);
	ts_add(&t, HPS_P_INT, 0, 2, 1, 0);
	ts_strings(&t, HPS_P_CAT, abc, 3);
	ASSERT_EQ(hps_search_grid.alloc(&state, &t.sp, err, sizeof err), 0);
	ASSERT_EQ(suggest_key(&hps_search_grid, state, &t.sp, 8, key,
	    sizeof key), 0);
	ASSERT_EQ(suggest_key(&hps_search_grid, state, &t.sp, 9, key,
	    sizeof key), HPS_EEXHAUSTED);
	ASSERT_EQ(suggest_key(&hps_search_grid, state, &t.sp, UINT64_MAX,
	    key, sizeof key), HPS_EEXHAUSTED);
	hps_search_grid.free(state);
}

/* 4 strings x float step (3) x log grid_points (2) = 24 points. */
TEST(grid_mixed_4x3x2)
{
	static const char *opt[] = {"sgd", "adam", "rmsprop", "adagrad"};
	struct tspace t;
	struct hps_param *p;
	char **keys, want[64];
	size_t i, j, k, n = 0;

	ts_init(&t, "grid", 7);
	ts_strings(&t, HPS_P_CAT, opt, 4);
	ts_add(&t, HPS_P_FLOAT, 0, 0.2, 0.1, 0);
	p = ts_add(&t, HPS_P_FLOAT, 1e-3, 1e-1, 0, 0);
	p->log = 1;
	p->grid_points = 2;
	ASSERT_EQ(hps_grid_size(&t.sp), 24);
	keys = all_keys(&t.sp, 24);
	assert_distinct(keys, 24);
	qsort(keys, 24, sizeof *keys, cmp_str);
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 3; j++) {
			for (k = 0; k < 2; k++) {
				snprintf(want, sizeof want, "%s,%s,%s", opt[i],
				    j == 0 ? "0" : j == 1 ? "0.1" : "0.2",
				    k == 0 ? "0.001" : "0.1");
				ASSERT(bsearch(&(char *){want}, keys, 24,
				    sizeof *keys, cmp_str) != NULL);
				n++;
			}
		}
	}
	ASSERT_EQ(n, 24);
	keys_free(keys, 24);
}

/* order: listed walks itertools.product: the last parameter fastest. */
TEST(grid_listed_order_is_the_product)
{
	static const char *opt[] = {"sgd", "adam"};
	static const char *const want[] = {"sgd,3,0", "sgd,3,0.5", "sgd,4,0",
	    "sgd,4,0.5", "sgd,5,0", "sgd,5,0.5", "adam,3,0", "adam,3,0.5",
	    "adam,4,0", "adam,4,0.5", "adam,5,0", "adam,5,0.5"};
	struct tspace t;
	char **keys, err[HPS_ERRMAX];
	void *state;
	size_t i;

	ts_init(&t, "grid", 7);
	ts_strings(&t, HPS_P_CAT, opt, 2);
	ts_add(&t, HPS_P_INT, 3, 5, 1, 0);
	ts_add(&t, HPS_P_FLOAT, 0, 0.5, 0.5, 0);
	t.opt[0] = (struct hps_opt){"order", 3, 9, 0, {HPS_V_STR, 0,
	    "listed"}, NULL, 0};
	t.sec.nopts = 1;
	keys = all_keys(&t.sp, 12);
	for (i = 0; i < 12; i++)
		ASSERT_STR_EQ(keys[i], want[i]);
	keys_free(keys, 12);
	t.opt[0].value.str = "sorted";
	t.sp.path = "g.yaml";
	ASSERT_EQ(hps_search_grid.alloc(&state, &t.sp, err, sizeof err),
	    HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "g.yaml:3:9: ");
	ASSERT_STR_CONTAINS(err, "shuffled");
}

/* The permutation is a bijection for every size, small ones included. */
TEST(grid_every_size_is_covered)
{
	struct tspace t;
	char **keys;
	uint64_t n;

	for (n = 1; n <= 300; n++) {
		ts_init(&t, "grid", n * 31);
		ts_add(&t, HPS_P_INT, 0, (double)n - 1, 1, 0);
		keys = all_keys(&t.sp, n);
		assert_distinct(keys, n);
		keys_free(keys, n);
	}
}

TEST(grid_seeds_change_order_not_set)
{
	struct tspace t;
	char **a, **b;
	size_t i, same = 0;

	ts_init(&t, "grid", 1);
	ts_add(&t, HPS_P_INT, 0, 9, 1, 0);
	ts_add(&t, HPS_P_INT, 0, 9, 1, 0);
	a = all_keys(&t.sp, 100);
	t.sp.seed = 2;
	b = all_keys(&t.sp, 100);
	for (i = 0; i < 100; i++)
		same += strcmp(a[i], b[i]) == 0;
	ASSERT(same < 10);
	/* Shuffled at all: not the plain mixed-radix order. */
	ASSERT(strcmp(a[0], "0,0") != 0 || strcmp(a[1], "1,0") != 0);
	qsort(a, 100, sizeof *a, cmp_str);
	qsort(b, 100, sizeof *b, cmp_str);
	for (i = 0; i < 100; i++)
		ASSERT_STR_EQ(a[i], b[i]);
	keys_free(a, 100);
	keys_free(b, 100);
}

/*
 * Neighbouring suggestions are not neighbouring points: early trials of
 * a grid cut short by its budget should spread over the whole range.
 */
TEST(grid_order_is_shuffled)
{
	struct tspace t;
	char **keys;
	size_t i, adjacent = 0, n = 1000;
	long a, b;

	ts_init(&t, "grid", 1);
	ts_add(&t, HPS_P_INT, 0, (double)n - 1, 1, 0);
	keys = all_keys(&t.sp, n);
	for (i = 1; i < n; i++) {
		a = atol(keys[i - 1]);
		b = atol(keys[i]);
		adjacent += labs(a - b) == 1 || labs(a - b) == (long)n - 1;
	}
	/* About 2 expected by chance; a walk in order gives 999. */
	ASSERT(adjacent < 20);
	keys_free(keys, n);
}

/* A restarted daemon makes a new state; suggestion k must not change. */
TEST(grid_restart_continues_order)
{
	struct tspace t;
	char **a, key[256], err[HPS_ERRMAX];
	void *state;
	size_t i;

	ts_init(&t, "grid", 99);
	ts_add(&t, HPS_P_INT, 0, 6, 1, 0);
	ts_add(&t, HPS_P_FLOAT, 0, 1, 0.25, 0);
	a = all_keys(&t.sp, 35);
	ASSERT_EQ(hps_search_grid.alloc(&state, &t.sp, err, sizeof err), 0);
	for (i = 34; i >= 20; i--) {
		ASSERT_EQ(suggest_key(&hps_search_grid, state, &t.sp, i, key,
		    sizeof key), 0);
		ASSERT_STR_EQ(key, a[i]);
	}
	hps_search_grid.free(state);
	keys_free(a, 35);
}

/* 10^12 points: O(1) memory, fast, and no repeats early on. */
TEST(grid_huge_is_fast_and_distinct)
{
	struct tspace t;
	struct hps_ask ask = {&t.sp, NULL, 0, NULL, 0, 0, NULL, 0};
	struct hps_value out[4];
	uint64_t *seen, code;
	char err[HPS_ERRMAX];
	clock_t start = clock();
	void *state;
	size_t i, j, n = 10000;

	ts_init(&t, "grid", 5);
	for (j = 0; j < 4; j++)
		ts_add(&t, HPS_P_INT, 0, 999, 1, 0);
	ASSERT(hps_grid_size(&t.sp) == 1000000000000ULL);
	ASSERT_EQ(hps_search_grid.alloc(&state, &t.sp, err, sizeof err), 0);
	seen = malloc(n * sizeof *seen);
	for (i = 0; i < n; i++) {
		ask.index = i;
		ASSERT_EQ(hps_search_grid.suggest(state, &ask, out), 0);
		for (code = 0, j = 0; j < 4; j++) {
			ASSERT(out[j].num >= 0 && out[j].num <= 999);
			code = code * 1000 + (uint64_t)out[j].num;
		}
		seen[i] = code;
	}
	qsort(seen, n, sizeof *seen, cmp_u64);
	for (i = 1; i < n; i++)
		ASSERT(seen[i - 1] != seen[i]);
	/* Spread over the space, not a corner of it. */
	ASSERT(seen[0] < 1000000000ULL && seen[n - 1] > 999000000000ULL);
	ASSERT((double)(clock() - start) / CLOCKS_PER_SEC < 2.0);
	ask.index = 999999999999ULL;
	ASSERT_EQ(hps_search_grid.suggest(state, &ask, out), 0);
	ask.index = 1000000000000ULL;
	ASSERT_EQ(hps_search_grid.suggest(state, &ask, out), HPS_EEXHAUSTED);
	free(seen);
	hps_search_grid.free(state);
}

/* Past 2^64 points every parameter must still vary, the last included. */
TEST(grid_beyond_2_64_spreads_every_param)
{
	struct tspace t;
	char **keys, *last;
	size_t i, j, n = 1000, nvals = 0;
	int hit[10] = {0};

	ts_init(&t, "grid", 3);
	for (j = 0; j < 22; j++)
		ts_add(&t, HPS_P_INT, 0, 9, 1, 0);
	ASSERT(hps_grid_size(&t.sp) == UINT64_MAX);
	keys = all_keys(&t.sp, n);
	assert_distinct(keys, n);
	for (i = 0; i < n; i++) {
		last = strrchr(keys[i], ',') + 1;
		hit[atoi(last)] = 1;
	}
	for (j = 0; j < 10; j++)
		nvals += hit[j];
	ASSERT_EQ(nvals, 10);
	keys_free(keys, n);
}

TEST(tstate_names_round_trip)
{
	static const char *names[] = {"queued", "running", "completed",
	    "failed", "timeout", "pruned", "lost"};
	int i;

	for (i = 0; i < 7; i++) {
		ASSERT_STR_EQ(hps_tstate_name((enum hps_tstate)i), names[i]);
		ASSERT_EQ(hps_tstate_parse(names[i]), i);
	}
	ASSERT_EQ(hps_tstate_parse("done"), -1);
	ASSERT_EQ(hps_tstate_parse(NULL), -1);
	ASSERT_EQ(hps_tstate_parse("Completed"), -1);
}

TEST(search_for_method)
{
	ASSERT(hps_search_find("grid") == &hps_search_grid);
	ASSERT(hps_search_find("random") == &hps_search_random);
	ASSERT_STR_EQ(hps_search_find("grid")->name, "grid");
	ASSERT_STR_EQ(hps_search_find("random")->name, "random");
	ASSERT(hps_search_find("rnadom") == NULL);
}

/* A method no strategy has is refused where the file names it. */
TEST(unknown_method_is_refused_at_its_place)
{
	const struct hps_search_type *type;
	struct tspace t;
	char err[HPS_ERRMAX];

	ts_init(&t, "rnadom", 0);
	t.sp.path = "s.yaml";
	t.sp.method_line = 7;
	t.sp.method_col = 9;
	ASSERT_EQ(hps_search_for(&t.sp, &type, err, sizeof err), HPS_EPARSE);
	ASSERT_STR_EQ(err, "s.yaml:7:9: unknown method 'rnadom'; did you mean"
	    " 'random'? (use grid, random, genetic or bayes)");
	ts_init(&t, "bayes", 0);
	ASSERT_EQ(hps_search_for(&t.sp, &type, err, sizeof err), 0);
	ASSERT(type == &hps_search_bayes);
}


/* The grid: momentum only for sgd makes 3 points, not 4. */
TEST(grid_conditional_counts_active_combinations)
{
	struct hps_space *sp = cond_space("grid", 3, "parameters:\n"
	    "  optimizer: {values: [sgd, adam]}\n"
	    "  momentum: {values: [0.5, 0.9], when: {optimizer: sgd}}\n");
	struct hps_space *listed;
	char **keys, key[64], err[HPS_ERRMAX];
	void *state;
	size_t i, seen = 0;

	ASSERT_EQ(hps_grid_size(sp), 3);
	keys = all_keys(sp, 3);
	assert_distinct(keys, 3);
	for (i = 0; i < 3; i++)
		seen |= strcmp(keys[i], "sgd,0.5") == 0 ? 1 :
		    strcmp(keys[i], "sgd,0.9") == 0 ? 2 :
		    strcmp(keys[i], "adam,") == 0 ? 4 : 8;
	ASSERT_EQ(seen, 7);
	keys_free(keys, 3);
	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	ASSERT_EQ(suggest_key(&hps_search_grid, state, sp, 3, key,
	    sizeof key), HPS_EEXHAUSTED);
	hps_search_grid.free(state);
	hps_space_free(sp);
	/* listed: branch by branch */
	listed = cond_space("grid", 3, "grid: {order: listed}\nparameters:\n"
	    "  optimizer: {values: [sgd, adam]}\n"
	    "  momentum: {values: [0.5, 0.9], when: {optimizer: sgd}}\n");
	keys = all_keys(listed, 3);
	ASSERT_STR_EQ(keys[0], "sgd,0.5");
	ASSERT_STR_EQ(keys[1], "sgd,0.9");
	ASSERT_STR_EQ(keys[2], "adam,");
	keys_free(keys, 3);
	hps_space_free(listed);
}

/* Per-layer lists and a constraint: exactly the feasible points, each
 * once, valid, in an order a restart continues. */
TEST(grid_conditional_constrained_walks_feasible_points)
{
	struct hps_space *sp = cond_space("grid", 5, "parameters:\n"
	    "  layers: {type: int, min: 1, max: 3}\n"
	    "  units: {values: [8, 16], per: layers}\n"
	    "constraints: [sum(units) <= 24]\n");
	struct hps_value out[8];
	struct hps_ask ask = {sp, NULL, 0, NULL, 0, 0, NULL, 0};
	char **keys, key[64], err[HPS_ERRMAX];
	void *state;
	size_t i;

	/* 2 + 4 + 8 active combinations; 2 + 3 + 1 within the constraint */
	ASSERT_EQ(hps_grid_size(sp), 14);
	keys = all_keys(sp, 6);
	assert_distinct(keys, 6);
	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	for (ask.index = 0; ask.index < 6; ask.index++) {
		ASSERT_EQ(hps_search_grid.suggest(state, &ask, out), 0);
		cond_check(sp, out);
		for (i = 0; i < sp->nparams; i++)
			hps_value_clear(&out[i]);
	}
	ASSERT_EQ(hps_search_grid.suggest(state, &ask, out), HPS_EEXHAUSTED);
	hps_search_grid.free(state);
	/* a fresh state asked for point 4 gives the same point */
	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	ASSERT_EQ(suggest_key(&hps_search_grid, state, sp, 4, key,
	    sizeof key), 0);
	ASSERT_STR_EQ(key, keys[4]);
	hps_search_grid.free(state);
	keys_free(keys, 6);
	hps_space_free(sp);
}

TEST(grid_refuses_too_many_branches)
{
	struct hps_space *sp = cond_space("grid", 5, "parameters:\n"
	    "  a: {type: int, min: 1, max: 64}\n"
	    "  b: {type: int, min: 1, max: 64}\n"
	    "  c: {type: int, min: 1, max: 3}\n"
	    "  u: {values: [1, 2], per: a}\n"
	    "  v: {values: [1, 2], per: b}\n"
	    "  w: {values: [1, 2], per: c}\n");
	char err[HPS_ERRMAX];
	void *state;

	/* 64 x 64 x 3 branches */
	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "more than 10000 branches");
	ASSERT_EQ(hps_grid_size(sp), 0);
	hps_space_free(sp);
}

TEST_MAIN(param_int_grid, param_float_step_grid_has_no_noise,
    param_grid_points, grid_size_product_and_saturation,
    grid_refuses_continuous_float, grid_3x3_covers_once,
    grid_exhausted_past_end, grid_mixed_4x3x2,
    grid_listed_order_is_the_product, grid_every_size_is_covered,
    grid_seeds_change_order_not_set, grid_order_is_shuffled,
    grid_restart_continues_order, grid_huge_is_fast_and_distinct,
    grid_beyond_2_64_spreads_every_param, tstate_names_round_trip,
    search_for_method, unknown_method_is_refused_at_its_place,
    grid_conditional_counts_active_combinations,
    grid_conditional_constrained_walks_feasible_points,
    grid_refuses_too_many_branches)
