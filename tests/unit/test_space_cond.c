/*
 * Unit tests for the structure of a space (core/space_cond.c,
 * core/space_view.c, core/space_branch.c): when: and per: parsed into
 * conditions with their errors at file:line:column, activity decided
 * parents first, what a trial sees of a list, and the branches with their
 * exact counts.
 */
#include <stdint.h>

#include "hps/branch.h"
#include "parse_fixture.h"

#define HEAD                                                                  \
	"name: t\n"                                                           \
	"command: ./train\n"                                                  \
	"metric: {name: loss, goal: minimize}\n"                              \
	"budget: {trials: 5}\n"

/* The issue's example. */
#define ISSUE                                                                 \
	HEAD                                                                  \
	"parameters:\n"                                                       \
	"  optimizer: {values: [sgd, adam, rmsprop]}\n"                       \
	"  momentum:  {type: float, min: 0.0, max: 0.99, when: {optimizer: "  \
	"sgd}}\n"                                                             \
	"  beta2:     {type: float, min: 0.9, max: 0.9999, when: {optimizer: "\
	"[adam, rmsprop]}}\n"                                                 \
	"  layers:    {type: int, min: 1, max: 4}\n"                          \
	"  units:     {type: int, min: 32, max: 1024, log: true, per: "       \
	"layers}\n"                                                           \
	"  dropout:   {type: float, min: 0.0, max: 0.5, per: layers}\n"       \
	"constraints:\n"                                                      \
	"  - sum(units) <= 2048\n"                                            \
	"  - units[1] >= units[2]\n"

static int
find(const struct hps_space *sp, const char *name)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (strcmp(sp->params[i].name, name) == 0)
			return (int)i;
	TEST_FAIL_("no parameter %s", name);
	return -1;
}

static void
set_str(struct hps_value *v, const char *s)
{
	*v = (struct hps_value){HPS_V_STR, 0, (char *)s};
}

static void
set_num(struct hps_value *v, enum hps_vkind k, double x)
{
	*v = (struct hps_value){k, x, NULL};
}

TEST(issue_example_structure)
{
	struct hps_space *sp = parse_ok(ISSUE);

	/* optimizer momentum beta2 layers units[1..4] dropout[1..4] */
	ASSERT_EQ(sp->nparams, 12);
	ASSERT_EQ(sp->nlists, 2);
	ASSERT(sp->conditional);
	ASSERT_STR_EQ(sp->params[4].name, "units[1]");
	ASSERT_STR_EQ(sp->params[7].name, "units[4]");
	ASSERT_STR_EQ(sp->params[11].name, "dropout[4]");
	ASSERT_STR_EQ(sp->lists[0].name, "units");
	ASSERT_EQ(sp->lists[0].first, 4);
	ASSERT_EQ(sp->lists[0].n, 4);
	ASSERT_EQ(sp->lists[0].count, 3);
	ASSERT_EQ(sp->params[find(sp, "units[3]")].elem, 3);
	ASSERT_EQ(sp->params[find(sp, "units[3]")].log, 1);
	ASSERT_EQ(sp->params[find(sp, "momentum")].nconds, 1);
	ASSERT_EQ(sp->params[find(sp, "beta2")].conds[0].nvalues, 2);
	ASSERT_EQ(sp->nconstraints, 2);
	hps_space_free(sp);
}

TEST(activity_follows_parents)
{
	struct hps_space *sp = parse_ok(ISSUE);
	struct hps_value v[12] = {0};

	set_str(&v[0], "sgd");
	set_num(&v[3], HPS_V_INT, 2);
	ASSERT(hps_space_active(sp, v, 1));
	ASSERT(!hps_space_active(sp, v, 2));
	ASSERT(hps_space_active(sp, v, find(sp, "units[2]")));
	ASSERT(!hps_space_active(sp, v, find(sp, "units[3]")));
	ASSERT(!hps_space_active(sp, v, find(sp, "dropout[4]")));
	set_str(&v[0], "rmsprop");
	ASSERT(!hps_space_active(sp, v, 1));
	ASSERT(hps_space_active(sp, v, 2));
	/* an inactive parent makes its children inactive */
	set_num(&v[3], HPS_V_NONE, 0);
	ASSERT(!hps_space_active(sp, v, find(sp, "units[1]")));
	hps_space_free(sp);
}

TEST(deactivate_and_valid)
{
	struct hps_space *sp = parse_ok(ISSUE);
	struct hps_value v[12];
	size_t i;

	for (i = 0; i < 12; i++)
		set_num(&v[i], HPS_V_FLOAT, 0.5);
	set_str(&v[0], "adam");
	set_num(&v[3], HPS_V_INT, 1);
	for (i = 4; i < 8; i++)
		set_num(&v[i], HPS_V_INT, 64);
	ASSERT(!hps_space_valid(sp, v));
	hps_space_deactivate(sp, v);
	ASSERT_EQ(v[1].kind, HPS_V_NONE);
	ASSERT_EQ(v[2].kind, HPS_V_FLOAT);
	ASSERT_EQ(v[find(sp, "units[1]")].kind, HPS_V_INT);
	ASSERT_EQ(v[find(sp, "units[2]")].kind, HPS_V_NONE);
	ASSERT_EQ(v[find(sp, "dropout[2]")].kind, HPS_V_NONE);
	ASSERT(hps_space_valid(sp, v));
	/* a value where none belongs, or none where one does */
	set_num(&v[1], HPS_V_FLOAT, 0.9);
	ASSERT(!hps_space_valid(sp, v));
	set_num(&v[1], HPS_V_NONE, 0);
	set_num(&v[2], HPS_V_NONE, 0);
	ASSERT(!hps_space_valid(sp, v));
	hps_space_free(sp);
}

TEST(view_of_lists)
{
	struct hps_space *sp = parse_ok(ISSUE);
	struct hps_value v[12];
	char buf[64], *js;
	json_t *o;
	size_t i;

	for (i = 0; i < 12; i++)
		set_num(&v[i], HPS_V_NONE, 0);
	set_str(&v[0], "sgd");
	set_num(&v[1], HPS_V_FLOAT, 0.9);
	set_num(&v[3], HPS_V_INT, 2);
	set_num(&v[4], HPS_V_INT, 512);
	set_num(&v[5], HPS_V_INT, 256);
	set_num(&v[8], HPS_V_FLOAT, 0.2);
	set_num(&v[9], HPS_V_FLOAT, 0.3);
	ASSERT_STR_EQ(hps_space_view_name(sp, 4), "units");
	ASSERT(hps_space_view_name(sp, 5) == NULL);
	ASSERT_EQ(hps_space_view_text(sp, v, 4, buf, sizeof buf), 7);
	ASSERT_STR_EQ(buf, "512,256");
	/* any element gives its whole list */
	ASSERT_EQ(hps_space_view_text(sp, v, 7, buf, sizeof buf), 7);
	ASSERT_STR_EQ(buf, "512,256");
	/* truncated like snprintf, with the whole length returned */
	ASSERT_EQ(hps_space_view_text(sp, v, 4, buf, 5), 7);
	ASSERT_STR_EQ(buf, "512,");
	ASSERT_EQ(hps_space_view_find(sp, "units", 5), 4);
	ASSERT_EQ(hps_space_view_find(sp, "units[2]", 8), -1);
	o = hps_space_params_json(sp, v);
	js = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	ASSERT_STR_EQ(js, "{\"optimizer\":\"sgd\",\"momentum\":0.9,"
	    "\"layers\":2,\"units\":[512,256],\"dropout\":[0.2,0.3]}");
	free(js);
	json_decref(o);
	hps_space_free(sp);
}

TEST(order_puts_parents_first)
{
	struct hps_space *sp = parse_ok(HEAD
	    "parameters:\n"
	    "  c: {type: float, min: 0, max: 1, when: {b: true}}\n"
	    "  b: {type: bool, when: {a: x}}\n"
	    "  a: {values: [x, y]}\n");
	size_t pos[3], k;

	for (k = 0; k < 3; k++)
		pos[hps_space_at(sp, k)] = k;
	ASSERT(pos[2] < pos[1]);
	ASSERT(pos[1] < pos[0]);
	hps_space_free(sp);
	/* no conditions: the file's order */
	sp = parse_ok(HEAD "parameters:\n  z: {values: [1]}\n"
	    "  a: {values: [2]}\n");
	ASSERT_EQ(hps_space_at(sp, 0), 0);
	ASSERT(!sp->conditional);
	hps_space_free(sp);
}

TEST(when_errors)
{
	EXPECT_ERR(HEAD "parameters:\n  optimizer: {values: [x]}\n"
	    "  b: {type: float, min: 0, max: 1, when: {optimiser: x}}\n",
	    "7:43", "names 'optimiser', which is not a parameter; did you "
	    "mean 'optimizer'");
	EXPECT_ERR(HEAD "parameters:\n  a: {type: float, min: 0, max: 1}\n"
	    "  b: {type: float, min: 0, max: 1, when: {a: 0.5}}\n",
	    "7:43", "a is a float");
	EXPECT_ERR(HEAD "parameters:\n  a: {values: [x, y]}\n"
	    "  b: {type: float, min: 0, max: 1, when: {a: z}}\n",
	    "7:46", "'z' is not one of a's values");
	EXPECT_ERR(HEAD "parameters:\n  a: {type: int, min: 1, max: 4}\n"
	    "  b: {type: float, min: 0, max: 1, when: {a: [2, 9]}}\n",
	    "7:50", "9 is not one of a's values");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  a: {values: [x, y], when: {b: true}}\n"
	    "  b: {type: bool, when: {a: x}}\n",
	    "6:29", "depends on itself");
	EXPECT_ERR(HEAD "parameters:\n  a: {values: [x], when: {a: x}}\n",
	    "6:26", "depends on itself");
	EXPECT_ERR(HEAD "parameters:\n  a: {values: [x], when: a}\n",
	    "6:26", "when: takes a mapping");
	EXPECT_ERR(HEAD "parameters:\n  n: {type: int, min: 1, max: 3}\n"
	    "  u: {type: int, min: 1, max: 9, per: n}\n"
	    "  v: {type: int, min: 1, max: 9, when: {u: 3}}\n",
	    "8:41", "u is a per: list");
}

TEST(per_errors)
{
	EXPECT_ERR(HEAD "parameters:\n  n: {type: int, min: 0, max: 3}\n"
	    "  u: {type: int, min: 1, max: 9, per: n}\n",
	    "7:39", "values are 1 or more");
	EXPECT_ERR(HEAD "parameters:\n  n: {type: float, min: 1, max: 3}\n"
	    "  u: {type: int, min: 1, max: 9, per: n}\n",
	    "7:39", "int parameter");
	EXPECT_ERR(HEAD "parameters:\n  n: {type: int, min: 1, max: 65}\n"
	    "  u: {type: int, min: 1, max: 9, per: n}\n",
	    "7:39", "at most 64 elements");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  u: {type: int, min: 1, max: 9, per: layer}\n"
	    "  layers: {type: int, min: 1, max: 3}\n",
	    "6:39", "did you mean 'layers'");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  u: {type: int, min: 1, max: 9, per: u}\n",
	    "6:39", "not itself");
}

/* A count may be categorical; a list may have its own when:. */
TEST(per_counts_and_when)
{
	struct hps_space *sp = parse_ok(HEAD "parameters:\n"
	    "  arch: {values: [mlp, linear]}\n"
	    "  n: {values: [1, 3], when: {arch: mlp}}\n"
	    "  u: {type: int, min: 1, max: 9, per: n, when: {arch: mlp}}\n");
	struct hps_value v[5];

	ASSERT_EQ(sp->nparams, 5);
	ASSERT_EQ(sp->lists[0].n, 3);
	ASSERT_EQ(sp->params[2].nconds, 2);
	set_str(&v[0], "mlp");
	set_num(&v[1], HPS_V_INT, 3);
	ASSERT(hps_space_active(sp, v, 4));
	set_str(&v[0], "linear");
	set_num(&v[1], HPS_V_NONE, 0);
	ASSERT(!hps_space_active(sp, v, 2));
	hps_space_free(sp);
}

/* The issue's grid: 3 points, not 4. */
TEST(branches_count_active_combinations)
{
	struct hps_space *sp = parse_ok(HEAD "method: grid\nparameters:\n"
	    "  optimizer: {values: [sgd, adam]}\n"
	    "  momentum: {values: [0.5, 0.9], when: {optimizer: sgd}}\n");
	struct hps_branches *b;
	char label[64];

	ASSERT_EQ(hps_branches_new(sp, HPS_BRANCHES_MAX, &b), 0);
	ASSERT_EQ(hps_branches_count(b), 2);
	ASSERT_EQ(hps_branches_total(b), 3);
	ASSERT_EQ(hps_branches_size(b, 0), 2);
	ASSERT_EQ(hps_branches_dims(b, 0), 2);
	ASSERT_EQ(hps_branches_dims(b, 1), 1);
	hps_branches_label(b, 1, label, sizeof label);
	ASSERT_STR_EQ(label, "optimizer=adam");
	ASSERT(!hps_branches_active(b, 1, 1));
	hps_branches_free(b);
	hps_space_free(sp);
}

/* Layers 1..3, 4 units values each: 4 + 16 + 64 points. An int switch
 * named by a when: splits into its named values and the rest. */
TEST(branches_of_lists_and_int_switches)
{
	struct hps_space *sp = parse_ok(HEAD "method: grid\nparameters:\n"
	    "  layers: {type: int, min: 1, max: 3}\n"
	    "  units: {values: [8, 16, 32, 64], per: layers}\n"
	    "  batch: {type: int, min: 1, max: 10}\n"
	    "  warm: {values: [0, 1], when: {batch: [2, 5]}}\n");
	struct hps_branches *b;
	char label[64];
	size_t k, other = 0;

	ASSERT_EQ(hps_branches_new(sp, HPS_BRANCHES_MAX, &b), 0);
	/* 3 layer counts x (batch 2, batch 5, batch other) */
	ASSERT_EQ(hps_branches_count(b), 9);
	/* (4 + 16 + 64) x (2 + 2 + 8) */
	ASSERT_EQ(hps_branches_total(b), 84 * 12);
	for (k = 0; k < hps_branches_count(b); k++) {
		hps_branches_label(b, k, label, sizeof label);
		if (strstr(label, "batch=other") == NULL)
			continue;
		other++;
		ASSERT_EQ(hps_branches_radix(b, k, 4), 8);
		ASSERT_EQ(hps_branches_value(b, k, 4, 0), 0);	/* 1 */
		ASSERT_EQ(hps_branches_value(b, k, 4, 1), 2);	/* 3 */
		ASSERT_EQ(hps_branches_value(b, k, 4, 3), 5);	/* 6 */
	}
	ASSERT_EQ(other, 3);
	ASSERT_EQ(hps_branches_maxdims(b), 1 + 3 + 1 + 1);
	hps_branches_free(b);
	ASSERT_EQ(hps_branches_new(sp, 5, &b), HPS_ETOOBIG);
	hps_space_free(sp);
}

TEST_MAIN(issue_example_structure, activity_follows_parents,
    deactivate_and_valid, view_of_lists, order_puts_parents_first,
    when_errors, per_errors, per_counts_and_when,
    branches_count_active_combinations, branches_of_lists_and_int_switches)
