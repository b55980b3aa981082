/*
 * Unit tests for confirm: (core/space_confirm.c) and {seed}
 * (core/cmdline.c): top and repeats read with their defaults, each
 * refusal at its file:line:column, and {seed} filled with the run's seed
 * unless a parameter is called seed.
 */
#include "hps/error.h"
#include "hps/space.h"
#include "parse_fixture.h"
#include "test.h"

#define HEAD                                                                  \
	"name: t\n"                                                           \
	"command: ./train {lr} --seed={seed}\n"                               \
	"metric: {name: loss, goal: minimize}\n"                              \
	"budget: {trials: 5}\n"                                               \
	"parameters:\n  lr: {type: float, min: 0.1, max: 1}\n"

TEST(top_and_repeats_read)
{
	struct hps_space *sp = parse_ok(HEAD "confirm: {top: 4, repeats: 7}\n");

	ASSERT_EQ(sp->confirm.top, 4);
	ASSERT_EQ(sp->confirm.repeats, 7);
	hps_space_free(sp);
}

TEST(defaults_three_and_three)
{
	struct hps_space *sp = parse_ok(HEAD "confirm: {}\n");

	ASSERT_EQ(sp->confirm.top, 3);
	ASSERT_EQ(sp->confirm.repeats, 3);
	hps_space_free(sp);
	sp = parse_ok(HEAD);
	ASSERT_EQ(sp->confirm.top, 0);
	hps_space_free(sp);
}

TEST(bad_values_refused_where_they_are)
{
	EXPECT_ERR(HEAD "confirm: {top: 0}\n", "7:16", "top");
	EXPECT_ERR(HEAD "confirm: {repeats: 101}\n", "7:20", "repeats");
	EXPECT_ERR(HEAD "confirm: {top: 2, repeat: 3}\n", "7:19",
	    "did you mean");
	EXPECT_ERR(HEAD "confirm: 3\n", "7:10", "{top: 3, repeats: 3}");
}

TEST(what_confirm_needs)
{
	EXPECT_ERR("name: t\ncommand: ./train {lr}\nparameters:\n  lr: "
	    "{values: [1, 2]}\nmethod: grid\nconfirm: {top: 2}\n", "6:10",
	    "no metric:");
	EXPECT_ERR("name: t\ncommand: ./train {lr}\nmetric: {name: loss, "
	    "goal: minimize}\nparameters:\n  lr: {type: float, min: 0.1, "
	    "max: 1}\nconfirm: {top: 2}\n", "6:10", "add budget: {trials: N}");
	EXPECT_ERR("name: t\ncommand: ./train {seed}\nmetric: {name: loss, "
	    "goal: minimize}\nbudget: {trials: 5}\nparameters:\n  seed: "
	    "{values: [1, 2]}\nconfirm: {top: 2}\n", "7:10",
	    "rename that parameter");
}

/* Several objectives: the front's points are repeated. */
TEST(several_objectives_taken)
{
	struct hps_space *sp = parse_ok("name: t\ncommand: ./train {lr}\n"
	    "metric:\n  - {name: a, goal: minimize}\n  - {name: b, goal: "
	    "minimize}\nbudget: {trials: 5}\nparameters:\n  lr: {type: "
	    "float, min: 0.1, max: 1}\nconfirm: {top: 2}\n");

	ASSERT_EQ(sp->nobj, 2);
	ASSERT_EQ(sp->confirm.top, 2);
	hps_space_free(sp);
}

/* A grid needs no budget.trials: it ends with its grid. */
TEST(a_grid_needs_no_trials)
{
	struct hps_space *sp = parse_ok("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\nmethod: grid\nparameters:\n"
	    "  lr: {values: [1, 2]}\nconfirm: {top: 1, repeats: 2}\n");

	ASSERT_EQ(sp->confirm.repeats, 2);
	hps_space_free(sp);
}

TEST(seed_fills_the_command)
{
	struct hps_space *sp = parse_ok(HEAD);
	struct hps_value v[1] = {{HPS_V_FLOAT, 0.5, NULL}};
	char **argv;

	ASSERT_EQ(hps_space_argv(sp, v, NULL, 7, &argv), 0);
	ASSERT_STR_EQ(argv[2], "--seed=7");
	hps_argv_free(argv);
	hps_space_free(sp);
	/* A parameter called seed is the parameter. */
	sp = parse_ok("name: t\ncommand: ./train {seed}\nparameters:\n"
	    "  seed: {values: [5]}\nmethod: grid\n");
	v[0] = (struct hps_value){HPS_V_INT, 5, NULL};
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 7, &argv), 0);
	ASSERT_STR_EQ(argv[1], "5");
	hps_argv_free(argv);
	hps_space_free(sp);
	EXPECT_ERR("name: t\ncommand: ./train {sed}\nparameters:\n  lr: "
	    "{values: [1]}\nmethod: grid\n", "2:10", "{sed}");
}

TEST_MAIN(top_and_repeats_read, defaults_three_and_three,
    bad_values_refused_where_they_are, what_confirm_needs,
    several_objectives_taken, a_grid_needs_no_trials,
    seed_fills_the_command)
