/*
 * Unit tests for core/metric.c, the metric-line parser. Every line is
 * parsed from a heap copy of exactly its length, so that AddressSanitizer
 * catches a read past len. The Keras fixtures in tests/data/keras are
 * byte-exact Progbar output (see make_fixtures.py there).
 */
#include <stdint.h>
#include <time.h>

#include "hps/metric.h"
#include "test.h"

/* The last parsed line's copy; names point into it until the next parse. */
static char *line_copy;

static size_t
parse_n(struct hps_metric_parser *p, const char *text, size_t n,
    struct hps_metric_line *out)
{
	free(line_copy);
	line_copy = malloc(n > 0 ? n : 1);
	ASSERT(line_copy != NULL);
	memcpy(line_copy, text, n);
	return hps_metric_parse(p, line_copy, n, out);
}

/* For string literals, embedded NULs included. */
#define PARSE(p, lit, out) parse_n((p), (lit), sizeof(lit) - 1, (out))

/* Index of the metric called name, -1 if absent. */
static int
find(const struct hps_metric_line *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->m[i].namelen == strlen(name) &&
		    memcmp(l->m[i].name, name, l->m[i].namelen) == 0)
			return (int)i;
	}
	return -1;
}

/* Assert that metric i is name = value (finite) and a C string. */
#define ASSERT_METRIC(l, i, nm, val)                                          \
	do {                                                                  \
		ASSERT((i) < (l)->n);                                         \
		ASSERT_STR_EQ((l)->m[i].name, nm);                            \
		ASSERT_EQ((l)->m[i].namelen, strlen(nm));                     \
		ASSERT_EQ_DBL((l)->m[i].value, val, 0);                       \
		ASSERT_EQ((l)->m[i].finite, 1);                               \
	} while (0)

/* Assert that a line yields no metrics. */
static void
assert_none(const char *text, size_t n)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	if (parse_n(&p, text, n, &l) != 0 || l.n != 0 || l.dropped != 0)
		TEST_FAIL_("expected no metrics from \"%.*s\", got %zu",
		    (int)n, text, l.n);
	ASSERT_EQ(p.counter, 0);
}

#define ASSERT_NONE(lit) assert_none((lit), sizeof(lit) - 1)

TEST(kv_epoch_gives_step)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "epoch=3 loss=0.31 val_loss=0.35\tval_acc=0.874",
	    &l), 3);
	ASSERT_EQ(l.step, 3);
	ASSERT_EQ(l.dropped, 0);
	ASSERT_METRIC(&l, 0, "loss", 0.31);
	ASSERT_METRIC(&l, 1, "val_loss", 0.35);
	ASSERT_METRIC(&l, 2, "val_acc", 0.874);
	ASSERT_EQ(p.counter, 0);
}

TEST(kv_step_wins_over_epoch)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "step=500 epoch=2 loss=1", &l), 1);
	ASSERT_EQ(l.step, 500);
	ASSERT_EQ(PARSE(&p, "epoch=2 step=700 loss=1", &l), 1);
	ASSERT_EQ(l.step, 700);
	ASSERT_EQ(PARSE(&p, "epoch=4.0 loss=1", &l), 1);
	ASSERT_EQ(l.step, 4);
	ASSERT_EQ(p.counter, 0);
}

TEST(kv_bad_step_is_neither_step_nor_metric)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "epoch=-1 loss=1", &l), 1);
	ASSERT_EQ(l.step, 1);
	ASSERT_EQ(find(&l, "epoch"), -1);
	ASSERT_EQ(PARSE(&p, "epoch=2.5 step=nan loss=1", &l), 1);
	ASSERT_EQ(l.step, 2);
	ASSERT_EQ(PARSE(&p, "step=1e300 loss=1", &l), 1);
	ASSERT_EQ(l.step, 3);
	ASSERT_NONE("epoch=5");
}

TEST(counter_numbers_lines_from_one)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "loss=0.9", &l), 1);
	ASSERT_EQ(l.step, 1);
	ASSERT_EQ(PARSE(&p, "nothing here", &l), 0);
	ASSERT_EQ(PARSE(&p, "epoch=10 loss=0.8", &l), 1);
	ASSERT_EQ(l.step, 10);
	ASSERT_EQ(PARSE(&p, "loss=0.7", &l), 1);
	ASSERT_EQ(l.step, 2);
	ASSERT_EQ(PARSE(&p, "{\"loss\": 0.6}", &l), 1);
	ASSERT_EQ(l.step, 3);
	ASSERT_EQ(p.counter, 3);
}

TEST(kv_ignores_other_words)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "INFO lr=0.01 done", &l), 1);
	ASSERT_METRIC(&l, 0, "lr", 0.01);
	ASSERT_EQ(PARSE(&p, "a=b=1 c==2 =3 4d=5 -e=6 f= g=1,2 h=7", &l), 1);
	ASSERT_METRIC(&l, 0, "h", 7);
	ASSERT_NONE("time: 12:30");
	ASSERT_NONE("2024-05-01 12:30:00 training started");
	ASSERT_NONE("loss: 0.31 acc: 0.9");
}

TEST(kv_names)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;
	char line[400];

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "_x=1 a.b/c-d_9=2 Val.Top-5=3", &l), 3);
	ASSERT_METRIC(&l, 1, "a.b/c-d_9", 2);
	ASSERT_METRIC(&l, 2, "Val.Top-5", 3);
	memset(line, 'n', HPS_METRIC_NAMEMAX);
	memcpy(line + HPS_METRIC_NAMEMAX, "=1", 3);
	ASSERT_EQ(parse_n(&p, line, strlen(line), &l), 1);
	ASSERT_EQ(l.m[0].namelen, HPS_METRIC_NAMEMAX);
	memset(line, 'n', HPS_METRIC_NAMEMAX + 1);
	memcpy(line + HPS_METRIC_NAMEMAX + 1, "=1", 3);
	ASSERT_EQ(parse_n(&p, line, strlen(line), &l), 0);
}

TEST(kv_trailing_comma)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "epoch=2, loss=0.5, acc=0.75", &l), 2);
	ASSERT_EQ(l.step, 2);
	ASSERT_METRIC(&l, 0, "loss", 0.5);
	ASSERT_METRIC(&l, 1, "acc", 0.75);
	ASSERT_NONE("loss=0.5,, acc=0.75,;");
}

TEST(numbers_fully_consumed)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	ASSERT_NONE("a=0.5abc");
	ASSERT_NONE("a=0.5.1 b=1e c=- d=. e=0x f=1_000 g=\"1\"");
	ASSERT_NONE("{\"a\": 0.5abc}");
	ASSERT_NONE("Epoch 1/2 - loss: 0.5abc");
	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "a=.5 b=5. c=-1e-4 d=+2 e=1E3", &l), 5);
	ASSERT_METRIC(&l, 0, "a", 0.5);
	ASSERT_METRIC(&l, 1, "b", 5);
	ASSERT_METRIC(&l, 2, "c", -1e-4);
	ASSERT_METRIC(&l, 3, "d", 2);
	ASSERT_METRIC(&l, 4, "e", 1000);
}

TEST(nonfinite_values)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;
	size_t i;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "a=nan b=inf c=-inf d=NaN e=Infinity f=1e999 g=2",
	    &l), 7);
	for (i = 0; i < 6; i++)
		ASSERT_EQ(l.m[i].finite, 0);
	ASSERT(isnan(l.m[0].value));
	ASSERT(isinf(l.m[2].value) && l.m[2].value < 0);
	ASSERT_METRIC(&l, 6, "g", 2);
	ASSERT_EQ(PARSE(&p, "Epoch 1/2", &l), 0);
	ASSERT_EQ(PARSE(&p, "9/9 [====] - 1s - loss: nan - acc: 0.1", &l), 2);
	ASSERT_EQ(l.m[0].finite, 0);
	ASSERT_EQ(l.m[1].finite, 1);
}

TEST(json_flat)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "  {\"epoch\": 3, \"val_acc\": 0.874,\"loss\":-1.5e-3,"
	    "\"n\":0, \"big\": 12E+2 }  ", &l), 4);
	ASSERT_EQ(l.step, 3);
	ASSERT_METRIC(&l, 0, "val_acc", 0.874);
	ASSERT_METRIC(&l, 1, "loss", -1.5e-3);
	ASSERT_METRIC(&l, 2, "n", 0);
	ASSERT_METRIC(&l, 3, "big", 1200);
	ASSERT_EQ(PARSE(&p, "{\"step\": 7, \"epoch\": 1, \"x\": 1}", &l), 1);
	ASSERT_EQ(l.step, 7);
	ASSERT_EQ(PARSE(&p, "{}", &l), 0);
	ASSERT_EQ(p.counter, 0);
}

TEST(json_nested_skipped)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "{\"a\": {\"b\": 1, \"c\": [1, {\"d\": 2}, []]}, "
	    "\"e\": [1, 2, [3]], \"f\": 3, \"g\": {}}", &l), 1);
	ASSERT_METRIC(&l, 0, "f", 3);
	ASSERT_EQ(PARSE(&p, "{\"s\": \"}{][\\\",\", \"t\": [\"]\"], \"u\": 4}",
	    &l), 1);
	ASSERT_METRIC(&l, 0, "u", 4);
}

TEST(json_non_numbers_skipped)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "{\"name\": \"run1\", \"ok\": true, \"bad\": false, "
	    "\"x\": null, \"epoch\": \"3\", \"loss\": 0.5, \"q\": \"\\u00e9\\n\"}",
	    &l), 1);
	ASSERT_METRIC(&l, 0, "loss", 0.5);
	ASSERT_EQ(l.step, 1);
	ASSERT_NONE("{\"model\": \"mlp\", \"done\": true}");
}

TEST(json_nonfinite)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "{\"a\": NaN, \"b\": Infinity, \"c\": -Infinity, "
	    "\"d\": 1}", &l), 4);
	ASSERT(isnan(l.m[0].value) && !l.m[0].finite);
	ASSERT(isinf(l.m[1].value) && l.m[1].value > 0 && !l.m[1].finite);
	ASSERT(isinf(l.m[2].value) && l.m[2].value < 0 && !l.m[2].finite);
	ASSERT_METRIC(&l, 3, "d", 1);
}

TEST(json_escaped_keys_skipped)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "{\"a\\/b\": 1, \"c\\u0041\": 2, \"d\": 3, "
	    "\"sp ace\": 4, \"\": 5, \"9x\": 6}", &l), 1);
	ASSERT_METRIC(&l, 0, "d", 3);
}

TEST(json_invalid_gives_nothing)
{
	ASSERT_NONE("{");
	ASSERT_NONE("{\"a\": 1");
	ASSERT_NONE("{\"a\": 1,}");
	ASSERT_NONE("{\"a\" 1}");
	ASSERT_NONE("{a: 1}");
	ASSERT_NONE("{'a': 1}");
	ASSERT_NONE("{\"a\": 01}");
	ASSERT_NONE("{\"a\": .5}");
	ASSERT_NONE("{\"a\": 1.}");
	ASSERT_NONE("{\"a\": +1}");
	ASSERT_NONE("{\"a\": -NaN}");
	ASSERT_NONE("{\"a\": nan}");
	ASSERT_NONE("{\"a\": tru}");
	ASSERT_NONE("{\"a\": 1} trailing");
	ASSERT_NONE("{\"a\": 1}{\"b\": 2}");
	ASSERT_NONE("{\"a\": 1, \"b\": [1,]}");
	ASSERT_NONE("{\"a\": 1, \"b\": [1 2]}");
	ASSERT_NONE("{\"a\": 1, \"b\": \"x\\q\"}");
	ASSERT_NONE("{\"a\": 1, \"b\": \"\\u12\"}");
	ASSERT_NONE("{\"a\": 1, \"b\": \"tab\there\"}");
	ASSERT_NONE("{\"a\": 1, \"b\": \"unterminated}");
	ASSERT_NONE("{\"a\": 1, \"b\": {\"c\": 2}");
	ASSERT_NONE("{\"a\": 1, \"b\": \"nul\0\"}");
	ASSERT_NONE("{\"a\": 1\0}");
}

TEST(json_depth_limited)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;
	char line[256];
	size_t n;

	/* 31 nested arrays are fine, 40 are not. */
	n = (size_t)snprintf(line, sizeof line, "{\"x\": 1, \"a\": ");
	memset(line + n, '[', 31);
	memset(line + n + 31, ']', 31);
	line[n + 62] = '}';
	hps_metric_parser_init(&p);
	ASSERT_EQ(parse_n(&p, line, n + 63, &l), 1);
	memset(line + n, '[', 40);
	memset(line + n + 40, ']', 40);
	line[n + 80] = '}';
	assert_none(line, n + 81);
}

TEST(keras_epoch_header)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "Epoch 3/20", &l), 0);
	ASSERT_EQ(p.keras_epoch, 3);
	ASSERT_EQ(PARSE(&p, "\033[H\033[KEpoch 4/20 ", &l), 0);
	ASSERT_EQ(p.keras_epoch, 4);
	ASSERT_EQ(PARSE(&p, "Epoch 0/20", &l), 0);
	ASSERT_EQ(PARSE(&p, "Epoch 5/20 done", &l), 0);
	ASSERT_EQ(PARSE(&p, "Epoch 5", &l), 0);
	ASSERT_EQ(p.keras_epoch, 4);
	ASSERT_EQ(PARSE(&p, "10/10 [====] - 0s 2ms/step - loss: 0.5", &l), 1);
	ASSERT_EQ(l.step, 4);
	/* key=value lines keep their own numbering. */
	ASSERT_EQ(PARSE(&p, "test_acc=0.9", &l), 1);
	ASSERT_EQ(l.step, 1);
	ASSERT_EQ(p.counter, 1);
}

TEST(keras_pairs_need_dash)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "12:30:01 - INFO - lr: 0.01 - time: 12:30 - "
	    "x:0.5 - y: - z: 2 -w: 3 - 5a: 1", &l), 2);
	ASSERT_METRIC(&l, 0, "lr", 0.01);
	ASSERT_METRIC(&l, 1, "z", 2);
	ASSERT_STR_EQ(l.m[1].name, "z");
}

TEST(keras_without_header_uses_counter)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	/* A one-epoch fit() prints no header; its redraws share step 1. */
	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "  1/469 [..............................] - ETA: "
	    "7:02 - loss: 0.7 - accuracy: 0.6", &l), 2);
	ASSERT_EQ(l.step, 1);
	ASSERT_EQ(PARSE(&p, "469/469 [==============================] - ETA: "
	    "0s - loss: 0.3 - accuracy: 0.9", &l), 2);
	ASSERT_EQ(l.step, 1);
	ASSERT_EQ(PARSE(&p, "    120/Unknown - 5s 40ms/step - loss: 0.2", &l),
	    1);
	ASSERT_EQ(l.step, 1);
	ASSERT_EQ(PARSE(&p, "469/469 [==============================] - 1s "
	    "3ms/step - loss: 0.3 - accuracy: 0.9 - val_loss: 0.2", &l), 3);
	ASSERT_EQ(l.step, 1);
	/* evaluate() afterwards is the next step. */
	ASSERT_EQ(PARSE(&p, "313/313 [==============================] - 0s "
	    "1ms/step - loss: 0.25 - accuracy: 0.91", &l), 2);
	ASSERT_EQ(l.step, 2);
	ASSERT_EQ(p.counter, 2);
}

TEST(redraws_keep_last_text)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "a=1 b=2\rc=3", &l), 1);
	ASSERT_METRIC(&l, 0, "c", 3);
	ASSERT_EQ(PARSE(&p, "a=1\b\b\b\rc\b=\b4\r", &l), 1);
	ASSERT_METRIC(&l, 0, "c", 4);
	ASSERT_EQ(PARSE(&p, "\033[1mloss\033[0m=\033[32;1m0.5\033[0m x\033=1",
	    &l), 1);
	ASSERT_METRIC(&l, 0, "loss", 0.5);
	ASSERT_EQ(PARSE(&p, "d=5\r\r\r", &l), 1);
	ASSERT_METRIC(&l, 0, "d", 5);
	ASSERT_NONE("a=1\r\033[");
	ASSERT_NONE("a=1 b=2\r\b\b");
}

TEST(nul_bytes_tolerated)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;

	hps_metric_parser_init(&p);
	ASSERT_EQ(PARSE(&p, "a=1\0 b=2 c\0=3 d=4", &l), 2);
	ASSERT_METRIC(&l, 0, "b", 2);
	ASSERT_METRIC(&l, 1, "d", 4);
	ASSERT_EQ(PARSE(&p, "1/1 [=] - 0s - loss: 0.5\0 - acc: 0.5", &l), 1);
	ASSERT_METRIC(&l, 0, "acc", 0.5);
	ASSERT_NONE("\0\0\0\0");
	ASSERT_NONE("");
}

TEST(only_equals_and_separators)
{
	ASSERT_NONE("=");
	ASSERT_NONE("==========");
	ASSERT_NONE("= = = =");
	ASSERT_NONE(" - : - : - ");
	ASSERT_NONE("{{{{");
	ASSERT_NONE("}");
	ASSERT_NONE("   \t  ");
}

TEST(too_many_metrics_dropped)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;
	char line[2048], name[16];
	size_t i, n = 0, j = 0;

	for (i = 0; i < HPS_METRIC_MAX + 6; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "m%zu=%zu ", i,
		    i);
	hps_metric_parser_init(&p);
	ASSERT_EQ(parse_n(&p, line, n, &l), HPS_METRIC_MAX);
	ASSERT_EQ(l.dropped, 6);
	for (i = 0; i < HPS_METRIC_MAX; i++) {
		snprintf(name, sizeof name, "m%zu", i);
		ASSERT_METRIC(&l, i, name, (double)i);
	}
	j = (size_t)snprintf(line, sizeof line, "{");
	for (i = 0; i < HPS_METRIC_MAX + 1; i++)
		j += (size_t)snprintf(line + j, sizeof line - j, "\"m%zu\": %zu,",
		    i, i);
	j += (size_t)snprintf(line + j, sizeof line - j, "\"step\": 9}");
	ASSERT_EQ(parse_n(&p, line, j, &l), HPS_METRIC_MAX);
	ASSERT_EQ(l.dropped, 1);
	ASSERT_EQ(l.step, 9);
}

TEST(is_test_names)
{
	ASSERT(hps_metric_is_test("test_acc"));
	ASSERT(hps_metric_is_test("test_"));
	ASSERT(!hps_metric_is_test("val_acc"));
	ASSERT(!hps_metric_is_test("test"));
	ASSERT(!hps_metric_is_test("testacc"));
	ASSERT(!hps_metric_is_test("my_test_acc"));
	ASSERT(!hps_metric_is_test(""));
	ASSERT(!hps_metric_is_test(NULL));
}

/* A small deterministic generator for the garbage tests. */
static uint32_t
lcg(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

/* What every parse must give, whatever the input. */
static void
assert_sane(const struct hps_metric_line *l, const char *buf, size_t n)
{
	size_t i, k;

	ASSERT(l->n <= HPS_METRIC_MAX);
	ASSERT(l->dropped == 0 || l->n == HPS_METRIC_MAX);
	for (i = 0; i < l->n; i++) {
		const struct hps_metric *m = &l->m[i];

		ASSERT(m->name >= buf && m->name + m->namelen < buf + n);
		ASSERT(m->namelen > 0 && m->namelen <= HPS_METRIC_NAMEMAX);
		ASSERT(m->name[m->namelen] == '\0');
		for (k = 0; k < m->namelen; k++)
			ASSERT(m->name[k] != '\0' && m->name[k] != ' ');
		ASSERT_EQ(m->finite, isfinite(m->value) != 0);
	}
}

TEST(garbage_random_bytes)
{
	static const char alphabet[] = "=:- {}[]\",.eE0123456789aZ_\r\b\033\t"
	    "nNI\\/";
	struct hps_metric_parser p;
	struct hps_metric_line l;
	uint32_t st = 12345;
	char buf[512];
	size_t i, k, n;

	hps_metric_parser_init(&p);
	for (i = 0; i < 20000; i++) {
		n = lcg(&st) % sizeof buf;
		for (k = 0; k < n; k++) {
			if (i % 2)
				buf[k] = (char)lcg(&st);
			else
				buf[k] = alphabet[lcg(&st) %
				    (sizeof alphabet)];
		}
		parse_n(&p, buf, n, &l);
		assert_sane(&l, line_copy, n);
	}
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Fill n bytes with pattern repeated after prefix; "" means NULs. */
static void
fill(char *buf, size_t n, const char *prefix, const char *pattern)
{
	size_t i = 0, k = strlen(pattern);

	while (*prefix != '\0' && i < n)
		buf[i++] = *prefix++;
	for (; i < n; i++)
		buf[i] = k > 0 ? pattern[i % k] : '\0';
}

TEST(garbage_long_lines_are_fast)
{
	static const char *cases[][2] = {
		{"", "="}, {"", "a"}, {"", "a="}, {"", "aa=1"}, {"", " - "},
		{"", " - a:"}, {"", " - a: "}, {"", " - a: 1x"}, {"", "a: "},
		{"{", "["}, {"{", "{\"a\":"}, {"{\"a\": ", "1"},
		{"{\"a\": \"", "\\\""}, {"", "\033["}, {"", "\033[1"},
		{"", "\b"}, {"", "\r"}, {"", ""}, {"", "0"}, {"", "-"},
		{"Epoch ", "9"}, {"", " ETA:"}, {"", "1/"}, {"", "a=1 "},
	};
	enum { LEN = 64 * 1024, REPS = 10 };
	struct hps_metric_parser p;
	struct hps_metric_line l;
	double t0, dt;
	char *buf;
	size_t i, r;

	buf = malloc(LEN);
	ASSERT(buf != NULL);
	hps_metric_parser_init(&p);
	t0 = now_s();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (r = 0; r < REPS; r++) {
			fill(buf, LEN, cases[i][0], cases[i][1]);
			parse_n(&p, buf, LEN, &l);
			assert_sane(&l, line_copy, LEN);
		}
	}
	dt = now_s() - t0;
	/* Linear work is a few ms here; quadratic would take minutes. */
	if (dt > 5.0)
		TEST_FAIL_("64 KiB lines took %.2f s", dt);
	free(buf);
}

/* One metric from a fixture, after the store's last-value-wins. */
struct expect {
	long step;
	const char *name;
	double value;
};

struct fixture_result {
	size_t raw;		/* metrics reported, redraws included */
	size_t n;		/* distinct (step, name) */
	struct expect m[256];
	char names[256][HPS_METRIC_NAMEMAX + 1];
};

static void
fixture_keep(struct fixture_result *r, long step, const char *name,
    double value)
{
	size_t i;

	r->raw++;
	for (i = 0; i < r->n; i++) {
		if (r->m[i].step == step && strcmp(r->m[i].name, name) == 0) {
			r->m[i].value = value;
			return;
		}
	}
	ASSERT(r->n < 256);
	snprintf(r->names[r->n], sizeof r->names[r->n], "%s", name);
	r->m[r->n].step = step;
	r->m[r->n].name = r->names[r->n];
	r->m[r->n].value = value;
	r->n++;
}

/* Split a fixture on '\n' as the daemon does and parse every line. */
static void
fixture_run(const char *file, struct fixture_result *r)
{
	struct hps_metric_parser p;
	struct hps_metric_line l;
	char path[1024], *text;
	size_t len, start, end, i;
	FILE *f;

	snprintf(path, sizeof path, "%s/keras/%s", HPS_TEST_DATA, file);
	if ((f = fopen(path, "rb")) == NULL)
		TEST_FAIL_("cannot open %s", path);
	text = malloc(1 << 20);
	ASSERT(text != NULL);
	len = fread(text, 1, 1 << 20, f);
	fclose(f);
	ASSERT(len > 0 && len < 1 << 20);
	memset(r, 0, sizeof *r);
	hps_metric_parser_init(&p);
	for (start = 0; start < len; start = end + 1) {
		for (end = start; end < len && text[end] != '\n'; end++)
			;
		parse_n(&p, text + start, end - start, &l);
		assert_sane(&l, line_copy, end - start);
		for (i = 0; i < l.n; i++)
			fixture_keep(r, l.step, l.m[i].name, l.m[i].value);
	}
	free(text);
}

/*
 * The fixture must give exactly want, in order, once each (step, name)
 * keeps its last value. exact: nothing but the final lines had metrics.
 */
static void
fixture_check(const char *file, const struct expect *want, size_t n,
    int exact)
{
	struct fixture_result *r;
	size_t i;

	r = malloc(sizeof *r);
	ASSERT(r != NULL);
	fixture_run(file, r);
	for (i = 0; i < n && i < r->n; i++) {
		if (r->m[i].step != want[i].step ||
		    strcmp(r->m[i].name, want[i].name) != 0 ||
		    r->m[i].value != want[i].value)
			TEST_FAIL_("%s: metric %zu is (%ld, %s, %.17g), want "
			    "(%ld, %s, %.17g)", file, i, r->m[i].step,
			    r->m[i].name, r->m[i].value, want[i].step,
			    want[i].name, want[i].value);
	}
	ASSERT_EQ(r->n, n);
	if (exact)
		ASSERT_EQ(r->raw, n);
	else
		ASSERT(r->raw > n);
	free(r);
}

#define FIXTURE_CHECK(file, want, exact)                                      \
	fixture_check(file, want, sizeof want / sizeof want[0], exact)

TEST(keras2_verbose1_tty)
{
	static const struct expect want[] = {
		{1, "loss", 0.3120}, {1, "accuracy", 0.9110},
		{1, "val_loss", 0.1642}, {1, "val_accuracy", 0.9510},
		{2, "loss", 0.1405}, {2, "accuracy", 0.9583},
		{2, "val_loss", 0.1123}, {2, "val_accuracy", 0.9662},
		{3, "loss", 0.0987}, {3, "accuracy", 0.9702},
		{3, "val_loss", 0.0954}, {3, "val_accuracy", 0.9711},
	};

	FIXTURE_CHECK("v1_tty_keras2.txt", want, 1);
}

TEST(keras2_verbose1_pipe)
{
	static const struct expect want[] = {
		{1, "loss", 0.2952}, {1, "accuracy", 0.9148},
		{1, "val_loss", 0.1573}, {1, "val_accuracy", 0.9532},
		{2, "loss", 0.1327}, {2, "accuracy", 0.9605},
		{2, "val_loss", 0.1091}, {2, "val_accuracy", 0.9674},
		{3, "loss", 0.0934}, {3, "accuracy", 0.9722},
		{3, "val_loss", 0.0907}, {3, "val_accuracy", 0.9726},
	};

	FIXTURE_CHECK("v1_pipe_keras2.txt", want, 0);
}

TEST(keras2_verbose2)
{
	static const struct expect want[] = {
		{1, "loss", 0.0412}, {1, "accuracy", 0.9871},
		{1, "val_loss", 0.0735}, {1, "val_accuracy", 0.9780},
		{2, "loss", 0.0071}, {2, "accuracy", 0.9980},
		{2, "val_loss", 0.0788}, {2, "val_accuracy", 0.9791},
		{3, "loss", 0.0019}, {3, "accuracy", 0.9997},
		{3, "val_loss", 0.0851}, {3, "val_accuracy", 0.9789},
		{4, "loss", 8.7000e-04}, {4, "accuracy", 1.0000},
		{4, "val_loss", 0.0912}, {4, "val_accuracy", 0.9792},
	};

	FIXTURE_CHECK("v2_keras2.txt", want, 1);
}

TEST(keras3_verbose1_tty)
{
	static const struct expect want[] = {
		{1, "accuracy", 0.8221}, {1, "loss", 0.5054},
		{1, "val_accuracy", 0.8491}, {1, "val_loss", 0.4217},
		{1, "learning_rate", 1.0000e-03},
		{2, "accuracy", 0.8640}, {2, "loss", 0.3762},
		{2, "val_accuracy", 0.8573}, {2, "val_loss", 0.3957},
		{2, "learning_rate", 1.0000e-03},
		{3, "accuracy", 0.8786}, {3, "loss", 0.3342},
		{3, "val_accuracy", 0.8695}, {3, "val_loss", 0.3602},
		{3, "learning_rate", 5.0000e-04},
	};

	FIXTURE_CHECK("v1_tty_keras3.txt", want, 1);
}

TEST(keras3_verbose1_pipe)
{
	static const struct expect want[] = {
		{1, "accuracy", 0.9135}, {1, "loss", 0.3020},
		{1, "val_accuracy", 0.9521}, {1, "val_loss", 0.1605},
		{2, "accuracy", 0.9591}, {2, "loss", 0.1376},
		{2, "val_accuracy", 0.9664}, {2, "val_loss", 0.1112},
		{3, "accuracy", 0.9710}, {3, "loss", 0.0956},
		{3, "val_accuracy", 0.9715}, {3, "val_loss", 0.0936},
	};

	FIXTURE_CHECK("v1_pipe_keras3.txt", want, 0);
}

TEST(keras3_verbose2)
{
	static const struct expect want[] = {
		{1, "accuracy", 0.8191}, {1, "loss", 0.5147},
		{1, "val_accuracy", 0.8420}, {1, "val_loss", 0.4361},
		{2, "accuracy", 0.8628}, {2, "loss", 0.3801},
		{2, "val_accuracy", 0.8561}, {2, "val_loss", 0.4002},
		{3, "accuracy", 0.8751}, {3, "loss", 0.3421},
		{3, "val_accuracy", 0.8680}, {3, "val_loss", 0.3665},
	};

	FIXTURE_CHECK("v2_keras3.txt", want, 1);
}

TEST_MAIN(kv_epoch_gives_step, kv_step_wins_over_epoch,
    kv_bad_step_is_neither_step_nor_metric, counter_numbers_lines_from_one,
    kv_ignores_other_words, kv_names, kv_trailing_comma,
    numbers_fully_consumed, nonfinite_values, json_flat,
    json_nested_skipped, json_non_numbers_skipped, json_nonfinite,
    json_escaped_keys_skipped, json_invalid_gives_nothing,
    json_depth_limited, keras_epoch_header, keras_pairs_need_dash,
    keras_without_header_uses_counter, redraws_keep_last_text,
    nul_bytes_tolerated, only_equals_and_separators, too_many_metrics_dropped,
    is_test_names, garbage_random_bytes, garbage_long_lines_are_fast,
    keras2_verbose1_tty, keras2_verbose1_pipe, keras2_verbose2,
    keras3_verbose1_tty, keras3_verbose1_pipe, keras3_verbose2)
