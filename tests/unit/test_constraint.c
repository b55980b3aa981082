/*
 * Unit tests for constraints (core/constraint.c): the grammar and its
 * precedence, lists and elements, strings, inactive parameters, values
 * that are not numbers, and each mistake refused at file:line:column.
 */
#include <stdint.h>

#include "hps/constraint.h"
#include "hps/error.h"
#include "hps/space.h"
#include "test.h"

#define INLINE HPS_TEST_DATA "/space/inline.yaml"

#define SPACE                                                                 \
	"name: t\n"                                                           \
	"command: ./train\n"                                                  \
	"metric: {name: loss, goal: minimize}\n"                              \
	"budget: {trials: 5}\n"                                               \
	"parameters:\n"                                                       \
	"  optimizer: {values: [sgd, adam]}\n"                                \
	"  momentum: {type: float, min: 0, max: 1, when: {optimizer: sgd}}\n" \
	"  layers: {type: int, min: 1, max: 3}\n"                             \
	"  units: {type: int, min: 1, max: 2048, per: layers}\n"              \
	"  lr-decay: {type: float, min: 0, max: 1}\n"                         \
	"  bn: {type: bool}\n"

/* optimizer momentum layers units[1..3] lr-decay bn */
#define NP 8

static struct hps_space *
space(void)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	if (hps_space_parse(INLINE, SPACE, strlen(SPACE), &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("parse failed: %s", err);
	return sp;
}

/* sgd, momentum 0.9, two layers of 512 and 256, lr-decay 0.5, bn. */
static void
point(struct hps_value *v)
{
	v[0] = (struct hps_value){HPS_V_STR, 0, "sgd"};
	v[1] = (struct hps_value){HPS_V_FLOAT, 0.9, NULL};
	v[2] = (struct hps_value){HPS_V_INT, 2, NULL};
	v[3] = (struct hps_value){HPS_V_INT, 512, NULL};
	v[4] = (struct hps_value){HPS_V_INT, 256, NULL};
	v[5] = (struct hps_value){HPS_V_NONE, 0, NULL};
	v[6] = (struct hps_value){HPS_V_FLOAT, 0.5, NULL};
	v[7] = (struct hps_value){HPS_V_BOOL, 1, NULL};
}

/* Whether text holds for v; fails the test when it does not compile. */
static int
holds(const struct hps_space *sp, const char *text,
    const struct hps_value *v)
{
	struct hps_constraint *c;
	char err[HPS_ERRMAX];
	size_t at;
	int r;

	if ((c = hps_constraint_new(sp, text, err, sizeof err, &at)) == NULL)
		TEST_FAIL_("%s: %s at %zu", text, err, at);
	r = hps_constraint_holds(c, v);
	hps_constraint_free(c);
	return r;
}

/* text is refused at offset at with a message containing words. */
static void
refused(const struct hps_space *sp, const char *text, size_t want,
    const char *words)
{
	struct hps_constraint *c;
	char err[HPS_ERRMAX];
	size_t at;

	c = hps_constraint_new(sp, text, err, sizeof err, &at);
	if (c != NULL)
		TEST_FAIL_("'%s' compiled", text);
	if (at != want)
		TEST_FAIL_("'%s': error at %zu, not %zu: %s", text, at, want,
		    err);
	ASSERT_STR_CONTAINS(err, words);
}

TEST(arithmetic_and_precedence)
{
	struct hps_space *sp = space();
	struct hps_value v[NP];

	point(v);
	ASSERT(holds(sp, "1 + 2 * 3 == 7", v));
	ASSERT(holds(sp, "(1 + 2) * 3 == 9", v));
	ASSERT(holds(sp, "-2 * -3 == 6 and 7 / 2 == 3.5", v));
	ASSERT(holds(sp, "1e3 == 1000 and .5 == 0.5", v));
	ASSERT(holds(sp, "1 - 2 - 3 == -4", v));
	ASSERT(holds(sp, "not 1 > 2", v));
	ASSERT(holds(sp, "1 > 2 or 2 > 1 and 3 > 2", v));
	ASSERT(!holds(sp, "(1 > 2 or 2 > 1) and 3 < 2", v));
	ASSERT(holds(sp, "1 < 2 <= 2 < 3", v));
	ASSERT(!holds(sp, "1 < 3 < 2", v));
	ASSERT(holds(sp, "true and not false", v));
	hps_space_free(sp);
}

TEST(parameters_lists_and_functions)
{
	struct hps_space *sp = space();
	struct hps_value v[NP];

	point(v);
	ASSERT(holds(sp, "momentum > 0.8", v));
	ASSERT(holds(sp, "sum(units) == 768", v));
	ASSERT(holds(sp, "len(units) == layers", v));
	ASSERT(holds(sp, "min(units) == 256 and max(units) == 512", v));
	ASSERT(holds(sp, "max(units, 1000) == 1000", v));
	ASSERT(holds(sp, "sum(units, layers, 1) == 771", v));
	ASSERT(holds(sp, "units[1] >= units[2]", v));
	ASSERT(holds(sp, "log(units[1]) > 6.2 and log(units[1]) < 6.3", v));
	ASSERT(holds(sp, "lr-decay == 0.5", v));
	ASSERT(holds(sp, "bn == true and bn + 1 == 2", v));
	ASSERT(holds(sp, "bn", v));
	ASSERT(holds(sp, "sum (units) > 0", v));
	ASSERT(!holds(sp, "sum(units) <= 700", v));
	hps_space_free(sp);
}

TEST(strings)
{
	struct hps_space *sp = space();
	struct hps_value v[NP];

	point(v);
	ASSERT(holds(sp, "optimizer == 'sgd'", v));
	ASSERT(holds(sp, "optimizer != \"adam\"", v));
	ASSERT(holds(sp, "optimizer != 'sgd' or momentum >= 0.5", v));
	ASSERT(!holds(sp, "optimizer == 'adam'", v));
	hps_space_free(sp);
}

/* A constraint that names an inactive parameter holds. */
TEST(inactive_parameters_hold)
{
	struct hps_space *sp = space();
	struct hps_value v[NP];

	point(v);
	ASSERT(holds(sp, "units[3] > 10000", v));
	ASSERT(holds(sp, "units[3] > 10000 and 1 > 2", v));
	v[0].str = "adam";
	v[1] = (struct hps_value){HPS_V_NONE, 0, NULL};
	ASSERT(holds(sp, "momentum > 2", v));
	ASSERT(holds(sp, "not momentum < 2", v));
	/* a list counts its active elements only */
	ASSERT(holds(sp, "len(units) == 2", v));
	v[2].num = 1;
	v[4] = (struct hps_value){HPS_V_NONE, 0, NULL};
	ASSERT(holds(sp, "units[1] >= units[2]", v));
	ASSERT(holds(sp, "sum(units) == 512", v));
	/* a whole list inactive */
	v[2] = (struct hps_value){HPS_V_NONE, 0, NULL};
	v[3] = (struct hps_value){HPS_V_NONE, 0, NULL};
	ASSERT(holds(sp, "sum(units) > 10000", v));
	hps_space_free(sp);
}

/* Not a number breaks it. */
TEST(not_a_number_breaks)
{
	struct hps_space *sp = space();
	struct hps_value v[NP];

	point(v);
	ASSERT(!holds(sp, "0 / 0 < 1", v));
	ASSERT(!holds(sp, "not 0 / 0 < 1", v));
	ASSERT(!holds(sp, "log(-1) < 1 or 1 < 2", v));
	ASSERT(holds(sp, "1 / 0 > 1e300", v));
	hps_space_free(sp);
}

TEST(mistakes_refused_where_they_are)
{
	struct hps_space *sp = space();

	refused(sp, "sum(units) <= 2048 +", 20, "ends where");
	refused(sp, "sum(unit) <= 2048", 4, "'unit' is not a parameter");
	refused(sp, "units <= 2048", 0, "a per: list");
	refused(sp, "units[4] > 1", 6, "elements 1 to 3");
	refused(sp, "units[0] > 1", 6, "elements 1 to 3");
	refused(sp, "sum(units)", 0, "must compare");
	refused(sp, "momentum = 1", 9, "compare with ==");
	refused(sp, "momentum > 1 && bn", 13, "write and, or, not");
	refused(sp, "optimizer < 'x'", 10, "== and != only");
	refused(sp, "optimizer == 1", 10, "compares with a string");
	refused(sp, "optimizer + 1 > 0", 0, "needs numbers");
	refused(sp, "len(layers) > 0", 4, "len() takes a per: list");
	refused(sp, "log(1, 2) > 0", 0, "one argument");
	refused(sp, "min() > 0", 0, "one or more");
	refused(sp, "(1 > 2", 6, "')'");
	refused(sp, "optimizer == 'sgd", 13, "unterminated");
	refused(sp, "1 > 2 3", 6, "unexpected '3'");
	refused(sp, "1.2.3 > 0", 0, "unexpected '1.2.3'");
	hps_space_free(sp);
}

TEST(deep_nesting_refused)
{
	struct hps_space *sp = space();
	char text[400];
	struct hps_constraint *c;
	char err[HPS_ERRMAX];
	size_t at;

	memset(text, '(', 200);
	strcpy(text + 200, "1 > 0");
	ASSERT((c = hps_constraint_new(sp, text, err, sizeof err, &at)) ==
	    NULL);
	ASSERT_STR_CONTAINS(err, "nested too deeply");
	memset(text, '-', 200);
	ASSERT((c = hps_constraint_new(sp, text, err, sizeof err, &at)) ==
	    NULL);
	hps_space_free(sp);
}

/* In a space file: errors at file:line:column. */
TEST(space_file_positions)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX], text[1024];

	snprintf(text, sizeof text, "%sconstraints:\n"
	    "  - sum(units) <= 2048\n"
	    "  - 'units[1] >= unit[2]'\n", SPACE);
	ASSERT_EQ(hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "inline.yaml:14:18: constraint: 'unit' is "
	    "not a parameter");
	snprintf(text, sizeof text, "%sconstraints: {a: 1}\n", SPACE);
	ASSERT_EQ(hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "inline.yaml:12:14: constraints: takes a "
	    "list");
	snprintf(text, sizeof text, "%sconstraints: [sum(units) < 9, 1 < 2]\n",
	    SPACE);
	ASSERT_EQ(hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err), 0);
	ASSERT_EQ(sp->nconstraints, 2);
	ASSERT_STR_EQ(hps_constraint_text(sp->constraints[0]),
	    "sum(units) < 9");
	hps_space_free(sp);
}

TEST(feasible_is_every_constraint)
{
	struct hps_space *sp = NULL;
	struct hps_value v[NP];
	char err[HPS_ERRMAX], text[1024];

	snprintf(text, sizeof text, "%sconstraints:\n"
	    "  - sum(units) <= 1024\n"
	    "  - units[1] >= units[2]\n", SPACE);
	ASSERT_EQ(hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err), 0);
	point(v);
	ASSERT(hps_space_feasible(sp, v));
	v[4].num = 600;
	ASSERT(!hps_space_feasible(sp, v));
	v[3].num = 400;
	v[4].num = 300;
	ASSERT(hps_space_feasible(sp, v));
	v[4].num = 500;
	ASSERT(!hps_space_feasible(sp, v));
	hps_space_free(sp);
}

TEST_MAIN(arithmetic_and_precedence, parameters_lists_and_functions,
    strings, inactive_parameters_hold, not_a_number_breaks,
    mistakes_refused_where_they_are, deep_nesting_refused,
    space_file_positions, feasible_is_every_constraint)
