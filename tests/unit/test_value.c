/* Unit tests for core/value.c and core/rng.c. */
#include "hps/rng.h"
#include "hps/value.h"
#include "test.h"

TEST(format_shortest_float)
{
	struct hps_value v = {HPS_V_FLOAT, 0.1, NULL};
	char buf[64];

	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "0.1");
	v.num = 1e-4;
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "0.0001");
	v.num = 1.0 / 3.0;
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_EQ_DBL(strtod(buf, NULL), 1.0 / 3.0, 0);
	v.num = 10;
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "10");
	v.num = 1500;
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1500");
	v.num = 2.5e-5;
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "2.5e-05");
	v.num = 0.00025;
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "0.00025");
	v.num = 1e-7;
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1e-07");
	v.num = -0.5;
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "-0.5");
}

TEST(format_int_bool_str)
{
	struct hps_value i = {HPS_V_INT, 512, NULL};
	struct hps_value b = {HPS_V_BOOL, 1, NULL};
	struct hps_value s = {HPS_V_STR, 0, "; rm -rf ~"};
	char buf[64];

	hps_value_format(&i, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "512");
	hps_value_format(&b, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "true");
	hps_value_format(&s, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "; rm -rf ~");
}

TEST(rng_reproducible_and_bounded)
{
	struct hps_rng a, b;
	int i;

	hps_rng_seed2(&a, 7, 3);
	hps_rng_seed2(&b, 7, 3);
	for (i = 0; i < 1000; i++) {
		double u = hps_rng_uniform(&a);
		ASSERT_EQ_DBL(u, hps_rng_uniform(&b), 0);
		ASSERT(u >= 0 && u < 1);
		ASSERT(hps_rng_below(&a, 7) < 7);
		hps_rng_below(&b, 7);
	}
	hps_rng_seed2(&b, 7, 4);
	ASSERT_NE(hps_rng_next(&a), hps_rng_next(&b));
}

TEST_MAIN(format_shortest_float, format_int_bool_str,
    rng_reproducible_and_bounded)
