/* Unit tests for core/value.c and core/rng.c. */
#include "hps/error.h"
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

/*
 * A list or mapping has one text, json.dumps's: floats as Python's repr
 * so that they read back as floats, order kept, UTF-8 as it is; it
 * compares, copies and reads back as that text.
 */
TEST(json_values)
{
	struct hps_value v, w, s = {HPS_V_STR, 0, "[128, 128]"};
	json_t *j, *back;
	char buf[128];

	j = json_loads("{\"b\": [128, 3.0, 1e-05, 1e16, -0.0, true, null],"
	    " \"a\": {\"q\\\"\\n\": \"\u00e9\"}, \"c\": []}", 0, NULL);
	ASSERT(j != NULL);
	ASSERT_EQ(hps_value_from_json(&v, j), 0);
	ASSERT_EQ(v.kind, HPS_V_JSON);
	ASSERT(hps_value_has_str(&v));
	ASSERT_STR_EQ(v.str, "{\"b\": [128, 3.0, 1e-05, 1e+16, -0.0, true, "
	    "null], \"a\": {\"q\\\"\\n\": \"\xc3\xa9\"}, \"c\": []}");
	hps_value_format(&v, buf, sizeof buf);
	ASSERT_STR_EQ(buf, v.str);
	back = hps_value_json(&v);
	ASSERT(json_equal(back, j));
	ASSERT(json_is_real(json_array_get(json_object_get(back, "b"), 1)));
	json_decref(back);
	ASSERT_EQ(hps_value_copy(&w, &v), 0);
	ASSERT(w.str != v.str && hps_value_eq(&w, &v));
	/* The same text as a string is another value. */
	json_decref(j);
	j = json_loads("[128, 128]", 0, NULL);
	hps_value_clear(&w);
	ASSERT_EQ(hps_value_from_json(&w, j), 0);
	ASSERT_STR_EQ(w.str, s.str);
	ASSERT(!hps_value_eq(&w, &s) && !hps_value_eq(&w, &v));
	hps_value_clear(&w);
	hps_value_clear(&v);
	json_decref(j);
	/* A scalar is no such value. */
	j = json_real(1.5);
	ASSERT_EQ(hps_value_from_json(&v, j), HPS_EINVAL);
	json_decref(j);
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

TEST_MAIN(format_shortest_float, format_int_bool_str, json_values,
    rng_reproducible_and_bounded)
