/* Unit tests for search/encode.c: every parameter type round-trips. */
#include "hps/encode.h"
#include "hps/rng.h"
#include "test.h"

static struct hps_value cats[] = {{HPS_V_STR, 0, "sgd"},
    {HPS_V_STR, 0, "adam"}, {HPS_V_STR, 0, "rmsprop"}};
static struct hps_value bools[] = {{HPS_V_BOOL, 0, NULL},
    {HPS_V_BOOL, 1, NULL}};
static struct hps_value ten = {HPS_V_INT, 10, NULL};

static struct hps_param params[] = {
	{.name = "lr", .type = HPS_P_FLOAT, .min = 1e-4, .max = 1e-1, .log = 1},
	{.name = "units", .type = HPS_P_INT, .min = 32, .max = 1024, .step = 1,
	    .log = 1},
	{.name = "dropout", .type = HPS_P_FLOAT, .max = 0.5, .step = 0.1},
	{.name = "opt", .type = HPS_P_CAT, .values = cats, .nvalues = 3},
	{.name = "epochs", .type = HPS_P_CONST, .values = &ten, .nvalues = 1},
	{.name = "bn", .type = HPS_P_CAT, .values = bools, .nvalues = 2},
	{.name = "layers", .type = HPS_P_INT, .min = 1, .max = 3, .step = 1},
};

static struct hps_space space = {.params = params, .nparams = 7};

TEST(constants_are_not_dimensions)
{
	struct hps_encoding e;

	ASSERT_EQ(hps_encoding_init(&e, &space), 0);
	ASSERT_EQ(e.ndims, 6);
	ASSERT_EQ(e.dims[3].kind, HPS_DIM_CAT);
	ASSERT_EQ(e.dims[3].ncat, 3);
	ASSERT_EQ(e.dims[1].kind, HPS_DIM_DISC);
	ASSERT_EQ(e.dims[0].kind, HPS_DIM_CONT);
	hps_encoding_free(&e);
}

TEST(random_points_decode_valid_and_round_trip)
{
	struct hps_value v[7], w[7];
	struct hps_encoding e;
	struct hps_rng r;
	double x[6], y[6];
	size_t i, j;

	hps_rng_seed(&r, 1);
	ASSERT_EQ(hps_encoding_init(&e, &space), 0);
	for (i = 0; i < 2000; i++) {
		for (j = 0; j < 6; j++)
			x[j] = e.dims[j].kind == HPS_DIM_CAT ?
			    (double)hps_rng_below(&r, e.dims[j].ncat) :
			    hps_rng_uniform(&r) * 1.2 - 0.1;
		memset(v, 0, sizeof v);
		ASSERT_EQ(hps_decode(&e, x, v), 0);
		ASSERT(v[0].num >= 1e-4 && v[0].num <= 1e-1);
		ASSERT_EQ(v[1].kind, HPS_V_INT);
		ASSERT(v[1].num >= 32 && v[1].num <= 1024);
		ASSERT_EQ_DBL(v[1].num, round(v[1].num), 0);
		ASSERT_EQ_DBL(v[2].num * 10, round(v[2].num * 10), 1e-9);
		ASSERT_EQ(v[3].kind, HPS_V_STR);
		ASSERT_EQ(v[4].num, 10);
		ASSERT_EQ(v[5].kind, HPS_V_BOOL);
		/* encode(decode(x)) decodes to the same values again */
		hps_encode(&e, v, y);
		memset(w, 0, sizeof w);
		ASSERT_EQ(hps_decode(&e, y, w), 0);
		for (j = 0; j < 7; j++)
			ASSERT(hps_value_eq(&v[j], &w[j]));
		for (j = 0; j < 7; j++) {
			hps_value_clear(&v[j]);
			hps_value_clear(&w[j]);
		}
	}
	hps_encoding_free(&e);
}

TEST(grid_values_get_equal_shares)
{
	struct hps_encoding e;
	struct hps_value v[7];
	double x[6] = {0.5, 0.5, 0.5, 0, 0, 0};
	int count[3] = {0, 0, 0}, i;

	ASSERT_EQ(hps_encoding_init(&e, &space), 0);
	for (i = 0; i < 3000; i++) {
		x[5] = (i + 0.5) / 3000.0;
		memset(v, 0, sizeof v);
		hps_decode(&e, x, v);
		count[(int)v[6].num - 1]++;
		hps_value_clear(&v[3]);
	}
	for (i = 0; i < 3; i++)
		ASSERT(count[i] == 1000);
	hps_encoding_free(&e);
}

TEST(snap_makes_equal_decodes_equal)
{
	struct hps_encoding e;
	double a[6] = {0.3, 0.40001, 0.52, 1.2, 0, 0.1};
	double b[6] = {0.3, 0.40002, 0.53, 0.8, 0, 0.12};
	size_t j;

	ASSERT_EQ(hps_encoding_init(&e, &space), 0);
	hps_encoding_snap(&e, a);
	hps_encoding_snap(&e, b);
	for (j = 1; j < 6; j++)
		ASSERT_EQ_DBL(a[j], b[j], 1e-12);
	hps_encoding_free(&e);
}

/* A step that does not divide the range: 0, .3, .6, .9 and 0, 2, 4. */
static struct hps_param ragged[] = {
	{.name = "f", .type = HPS_P_FLOAT, .max = 1, .step = 0.3},
	{.name = "i", .type = HPS_P_INT, .max = 5, .step = 2},
};

TEST(a_ragged_step_decodes_onto_its_grid_in_equal_shares)
{
	struct hps_space sp = {.params = ragged, .nparams = 2};
	struct hps_value v[2], g;
	struct hps_encoding e;
	int count[2][4] = {{0}}, i, j, k;
	double x[2];

	ASSERT_EQ(hps_encoding_init(&e, &sp), 0);
	for (i = 0; i < 1200; i++) {
		x[0] = x[1] = (i + 0.5) / 1200.0;
		ASSERT_EQ(hps_decode(&e, x, v), 0);
		for (j = 0; j < 2; j++) {
			k = (int)round(v[j].num / ragged[j].step);
			ASSERT(k >= 0 && k < 4 - j);
			/* the very double grid search writes: 0.3, not
			 * 0.30000000000000004 */
			ASSERT_EQ(hps_param_grid_value(&ragged[j], (uint64_t)k,
			    &g), 0);
			ASSERT(v[j].num == g.num);
			count[j][k]++;
		}
	}
	for (k = 0; k < 4; k++)
		ASSERT_EQ(count[0][k], 300);
	for (k = 0; k < 3; k++)
		ASSERT_EQ(count[1][k], 400);
	hps_encoding_free(&e);
}

TEST(unit_points_become_indices_and_snap)
{
	struct hps_encoding e;
	double x[6] = {0.3, 0.40001, 0.52, 0.999, 0.5, 0.5};
	double y[6] = {0.3, 0.40001, 0.52, 2, 1, 0.5};

	ASSERT_EQ(hps_encoding_init(&e, &space), 0);
	hps_encoding_from_unit(&e, x);
	hps_encoding_snap(&e, y);
	ASSERT_EQ_DBL(x[3], 2, 0);
	ASSERT_EQ_DBL(x[4], 1, 0);
	for (size_t j = 0; j < 6; j++)
		ASSERT_EQ_DBL(x[j], y[j], 0);
	hps_encoding_free(&e);
}

TEST_MAIN(constants_are_not_dimensions,
    random_points_decode_valid_and_round_trip, grid_values_get_equal_shares,
    snap_makes_equal_decodes_equal,
    a_ragged_step_decodes_onto_its_grid_in_equal_shares,
    unit_points_become_indices_and_snap)
