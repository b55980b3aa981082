/*
 * Unit tests for a study's life in the space file (core/space_life.c,
 * core/life.c) and the points given to a study (core/point.c): the keys
 * and their errors with file:line:column, points checked and defaulted,
 * name=value words, hooks' placeholders, deadlines, and importing an
 * earlier study's trials into a changed space.
 */
#include <time.h>

#include "hps/error.h"
#include "hps/life.h"
#include "hps/point.h"
#include "hps/space.h"
#include "parse_fixture.h"
#include "test.h"

static void
clear(struct hps_value *v, size_t n)
{
	while (n-- > 0)
		hps_value_clear(&v[n]);
}

#define HEAD                                                                  \
	"name: t\n"                                                           \
	"command: ./train {lr} {units} {opt}\n"                               \
	"metric: {name: loss, goal: minimize}\n"                              \
	"budget: {trials: 5}\n"                                               \
	"parameters:\n"                                                       \
	"  lr: {type: float, min: 0.001, max: 0.1, log: true}\n"              \
	"  units: {type: int, min: 32, max: 512, step: 32, default: 64}\n"    \
	"  opt: {values: [sgd, adam]}\n"

TEST(points_are_checked_and_defaulted)
{
	struct hps_space *sp = parse_ok(HEAD "warm_start:\n  points:\n"
	    "    - {lr: 0.01, units: 256, opt: adam}\n"
	    "    - {lr: 0.001, opt: sgd}\n");
	const struct hps_life *l = &sp->life;

	ASSERT_EQ(l->npoints, 2);
	ASSERT_EQ_DBL(l->points[0].vals[0].num, 0.01, 0);
	ASSERT_EQ(l->points[0].vals[1].kind, HPS_V_INT);
	ASSERT_EQ_DBL(l->points[0].vals[1].num, 256, 0);
	ASSERT_STR_EQ(l->points[0].vals[2].str, "adam");
	/* units left out: its default. */
	ASSERT_EQ_DBL(l->points[1].vals[1].num, 64, 0);
	ASSERT_EQ(l->points[1].line, 12);
	hps_space_free(sp);
}

TEST(points_errors)
{
	EXPECT_ERR(HEAD "warm_start:\n  points:\n    - {lr: 0.5, opt: sgd}\n",
	    "11:12", "lr: 0.5 is outside its range");
	EXPECT_ERR(HEAD "warm_start:\n  points:\n    - {lr: 0.01, units: 50,"
	    " opt: sgd}\n", "11:25", "is not on its step 32 from 32");
	EXPECT_ERR(HEAD "warm_start:\n  points:\n    - {lr: 0.01, opt: rms}\n",
	    "11:23", "is not one of its values");
	EXPECT_ERR(HEAD "warm_start:\n  points:\n    - {units: 64, opt: sgd}\n",
	    "11:7", "has no lr and lr has no default:");
	EXPECT_ERR(HEAD "warm_start:\n  points:\n    - {lr: 0.01, opts: sgd}\n",
	    "11:18", "did you mean opt?");
	EXPECT_ERR(HEAD "warm_start:\n  points: {lr: 0.01}\n", "10:11",
	    "points must be a list");
	EXPECT_ERR(HEAD "warm_start:\n  points:\n    - {lr: 0.01, opt: sgd}\n"
	    "    - {lr: 0.01, opt: sgd}\n    - {lr: 0.01, opt: sgd}\n"
	    "    - {lr: 0.01, opt: sgd}\n    - {lr: 0.01, opt: sgd}\n"
	    "    - {lr: 0.01, opt: sgd}\n", "11:5", "6 points but"
	    " budget.trials is 5");
	EXPECT_ERR(HEAD "warm_start: {pionts: []}\n", "9:14",
	    "did you mean 'points'");
}

TEST(defaults_are_values_of_their_parameter)
{
	EXPECT_ERR("name: t\ncommand: ./t {x}\nmetric: {name: l, goal:"
	    " minimize}\nparameters:\n  x: {type: int, min: 1, max: 3,"
	    " default: 7}\n", "5:43", "default 7 is outside its range");
	EXPECT_ERR("name: t\ncommand: ./t {x}\nmetric: {name: l, goal:"
	    " minimize}\nparameters:\n  x: {value: 3, default: 3}\n", "5:26",
	    "'default' does not apply");
}

TEST(budget_time_until_patience_hard)
{
	struct hps_space *sp = parse_ok("name: t\ncommand: ./t {x}\nmetric:"
	    " {name: l, goal: minimize}\nbudget: {time: 2h, patience: 40,"
	    " hard: true}\nparameters:\n  x: {type: float, min: 0, max: 1}\n");

	ASSERT_EQ_DBL(sp->life.time, 7200, 0);
	ASSERT_EQ(sp->life.patience, 40);
	ASSERT_EQ(sp->life.hard, 1);
	ASSERT_EQ_DBL(hps_life_deadline(&sp->life, 1000), 8200, 0);
	hps_space_free(sp);
	sp = parse_ok("name: t\ncommand: ./t {x}\nmetric: {name: l, goal:"
	    " minimize}\nbudget: {until: \"07:30\"}\nparameters:\n  x: {type:"
	    " float, min: 0, max: 1}\n");
	ASSERT_EQ(sp->life.has_until, 1);
	ASSERT_EQ(sp->life.until, 450);
	hps_space_free(sp);
	EXPECT_ERR("name: t\ncommand: ./t {x}\nmetric: {name: l, goal:"
	    " minimize}\nbudget: {time: 1h, until: \"07:30\"}\nparameters:\n"
	    "  x: {type: float, min: 0, max: 1}\n", "4:27", "not both");
	EXPECT_ERR("name: t\ncommand: ./t {x}\nmetric: {name: l, goal:"
	    " minimize}\nbudget: {until: \"25:00\"}\nparameters:\n"
	    "  x: {type: float, min: 0, max: 1}\n", "4:17", "HH:MM");
	EXPECT_ERR("name: t\ncommand: ./t {x}\nmetric: {name: l, goal:"
	    " minimize}\nbudget: {hard: true}\nparameters:\n"
	    "  x: {type: float, min: 0, max: 1}\n", "4:16", "give budget.time");
	EXPECT_ERR("name: t\ncommand: ./t {x}\nmetric: {name: l, goal:"
	    " minimize}\nbudget: {time: soon}\nparameters:\n"
	    "  x: {type: float, min: 0, max: 1}\n", "4:16", "bad duration");
	EXPECT_ERR("name: t\ncommand: ./t {x}\nmetric: {name: l, goal:"
	    " minimize}\nbudget: {patience: 0}\nparameters:\n"
	    "  x: {type: float, min: 0, max: 1}\n", "4:20", "patience");
}

/* The next 07:30 is after now, within a day, at 07:30 local time. */
TEST(until_is_the_next_time_of_day)
{
	struct hps_life l = {.has_until = 1, .until = 450};
	double now = (double)time(NULL), at = hps_life_deadline(&l, now);
	time_t t = (time_t)at;
	struct tm tm;

	ASSERT(at > now);
	ASSERT(at <= now + 86400 + 3600);
	localtime_r(&t, &tm);
	ASSERT_EQ(tm.tm_hour, 7);
	ASSERT_EQ(tm.tm_min, 30);
}

TEST(stall_and_its_action)
{
	struct hps_space *sp = parse_ok(HEAD "stall: 20m\nstall_action:"
	    " stop\n");

	ASSERT_EQ_DBL(sp->life.stall, 1200, 0);
	ASSERT_EQ(sp->life.stall_stop, 1);
	hps_space_free(sp);
	EXPECT_ERR(HEAD "stall_action: stop\n", "9:15", "give stall:");
	EXPECT_ERR(HEAD "stall: 20m\nstall_action: kill\n", "10:15",
	    "unknown stall_action 'kill'");
}

TEST(hooks_fill_their_placeholders)
{
	struct hps_space *sp = parse_ok(HEAD "on:\n  new_best: [notify-send,"
	    " hpsd, \"{study}: {best} (trial {trial}) {{x}}\"]\n"
	    "  completed: sh -c 'echo {event} {state}'\n  timeout: 5s\n");
	struct hps_hook_vars v = {"s1", "7", "0.25", "completed", "new_best"};
	char **argv;

	ASSERT_EQ(sp->life.hooks[HPS_EV_NEW_BEST].argc, 3);
	ASSERT(sp->life.hooks[HPS_EV_FAILED].argv == NULL);
	ASSERT_EQ_DBL(sp->life.hook_timeout, 5, 0);
	ASSERT_EQ(hps_hook_argv(&sp->life.hooks[HPS_EV_NEW_BEST], &v, &argv),
	    0);
	ASSERT_STR_EQ(argv[0], "notify-send");
	ASSERT_STR_EQ(argv[2], "s1: 0.25 (trial 7) {x}");
	ASSERT(argv[3] == NULL);
	hps_argv_free(argv);
	ASSERT_EQ(hps_hook_argv(&sp->life.hooks[HPS_EV_COMPLETED], &v, &argv),
	    0);
	ASSERT_STR_EQ(argv[2], "echo new_best completed");
	hps_argv_free(argv);
	hps_space_free(sp);
	EXPECT_ERR(HEAD "on:\n  failed: [echo, \"{lr}\"]\n", "10:18",
	    "unknown placeholder {lr}");
	EXPECT_ERR(HEAD "on:\n  done: [echo]\n", "10:3", "unknown key 'done' in on");
	EXPECT_ERR(HEAD "on:\n  failed: []\n", "10:11", "on.failed is empty");
	EXPECT_ERR(HEAD "on:\n  stalled: [echo, \"{\"]\n", "10:19",
	    "lone or empty brace");
}

TEST(warm_start_from_names)
{
	struct hps_space *sp = parse_ok(HEAD "warm_start: {from: [a, b]}\n");

	ASSERT_EQ(sp->life.nfrom, 2);
	ASSERT_STR_EQ(sp->life.from[1], "b");
	hps_space_free(sp);
	sp = parse_ok(HEAD "warm_start: {from: monday}\n");
	ASSERT_EQ(sp->life.nfrom, 1);
	hps_space_free(sp);
	EXPECT_ERR(HEAD "warm_start: {from: {a: 1}}\n", "9:20",
	    "from must be a list");
}

TEST(name_value_words)
{
	struct hps_space *sp = parse_ok(HEAD);
	char *ok[] = {"lr=0.01", "opt=adam"}, *bad[] = {"lr=0.01", "opt=x"};
	char *unknown[] = {"lrr=0.1"}, *twice[] = {"lr=0.01", "lr=0.02"};
	char *noeq[] = {"lr"}, *nodefault[] = {"opt=sgd"};
	struct hps_value out[3];
	char err[HPS_ERRMAX];

	ASSERT_EQ(hps_point_parse(sp, ok, 2, out, err, sizeof err), 0);
	ASSERT_EQ_DBL(out[0].num, 0.01, 0);
	ASSERT_EQ_DBL(out[1].num, 64, 0);
	ASSERT_EQ(out[1].kind, HPS_V_INT);
	ASSERT_STR_EQ(out[2].str, "adam");
	clear(out, 3);
	ASSERT_EQ(hps_point_parse(sp, bad, 2, out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "opt=x: 'x' is not a number nor one of its"
	    " values");
	ASSERT_EQ(hps_point_parse(sp, unknown, 1, out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "did you mean lr?");
	ASSERT_EQ(hps_point_parse(sp, twice, 2, out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "lr is given twice");
	ASSERT_EQ(hps_point_parse(sp, noeq, 1, out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "is not name=value");
	ASSERT_EQ(hps_point_parse(sp, nodefault, 1, out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "give lr=VALUE");
	hps_space_free(sp);
}

/* Binary noise is on the step: 0.1 * 3 is the step 0.3. */
TEST(values_snap_to_their_step)
{
	struct hps_space *sp = parse_ok("name: t\ncommand: ./t {d}\nmetric:"
	    " {name: l, goal: minimize}\nparameters:\n  d: {type: float, min:"
	    " 0, max: 0.5, step: 0.1}\n");
	struct hps_value in = {HPS_V_FLOAT, 0.1 * 3, NULL}, out;
	char why[128];

	ASSERT_EQ(hps_point_value(sp, &sp->params[0], &in, &out, why,
	    sizeof why), 0);
	ASSERT_EQ_DBL(out.num, 0.3, 1e-15);
	in.num = 0.25;
	ASSERT_EQ(hps_point_value(sp, &sp->params[0], &in, &out, why,
	    sizeof why), 1);
	ASSERT_STR_CONTAINS(why, "not on its step");
	hps_space_free(sp);
}

/* Import lr and units (opt dropped, new param bs with a default). */
#define IMPORT_SPACE                                                          \
	"name: t\ncommand: ./t {lr} {units} {bs}\nmetric: {name: l, goal:"    \
	" minimize}\nparameters:\n  lr: {type: float, min: 0.01, max: 0.1}\n" \
	"  units: {type: int, min: 32, max: 512}\n"                           \
	"  bs: {values: [32, 64], default: 32}\n"

TEST(imports_map_into_a_changed_space)
{
	struct hps_space *sp = parse_ok(IMPORT_SPACE);
	const char *names[] = {"lr", "units", "opt"};
	struct hps_value in[3] = {{HPS_V_FLOAT, 0.05, NULL},
	    {HPS_V_FLOAT, 128.0, NULL}, {HPS_V_STR, 0, "adam"}};
	struct hps_value out[3];
	struct hps_import *im;
	char why[HPS_ERRMAX];

	ASSERT_EQ(hps_import_new(sp, &im), 0);
	ASSERT_EQ(hps_import_offer(im, names, in, 3, out), 1);
	ASSERT_EQ(out[1].kind, HPS_V_INT);
	ASSERT_EQ_DBL(out[2].num, 32, 0);
	clear(out, 3);
	in[0].num = 0.001;	/* the range shrank: outside */
	ASSERT_EQ(hps_import_offer(im, names, in, 3, out), 0);
	ASSERT_EQ(hps_import_outside(im), 1);
	ASSERT_EQ(hps_import_check(im, "monday", why, sizeof why), 0);
	in[0].num = 0.02;
	in[2].str = "sgd";	/* the dropped parameter varied */
	ASSERT_EQ(hps_import_offer(im, names, in, 3, out), 1);
	clear(out, 3);
	ASSERT_EQ(hps_import_check(im, "monday", why, sizeof why),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(why, "study 'monday' varied 'opt' (adam, sgd");
	hps_import_free(im);
	hps_space_free(sp);
}

TEST(imports_need_a_default_for_a_new_parameter)
{
	struct hps_space *sp = parse_ok("name: t\ncommand: ./t {lr} {k}\n"
	    "metric: {name: l, goal: minimize}\nparameters:\n  lr: {type:"
	    " float, min: 0.01, max: 0.1}\n  k: {type: int, min: 1, max:"
	    " 3}\n");
	const char *names[] = {"lr"};
	struct hps_value in[1] = {{HPS_V_FLOAT, 0.05, NULL}}, out[2];
	struct hps_import *im;
	char why[HPS_ERRMAX];

	ASSERT_EQ(hps_import_new(sp, &im), 0);
	ASSERT_EQ(hps_import_offer(im, names, in, 1, out), 0);
	ASSERT_EQ(hps_import_check(im, "monday", why, sizeof why),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(why, "give k a default:");
	hps_import_free(im);
	hps_space_free(sp);
}

/* In a conditional space a point leaves out what does not apply to it,
 * gives what does, and keeps the constraints; the file's points too. */
#define COND_SPACE "name: t\ncommand: ./t {opt} {m} {units}\n" \
	"metric: {name: l, goal: minimize}\nbudget: {trials: 9}\n" \
	"parameters:\n  opt: {values: [sgd, adam]}\n" \
	"  m: {type: float, min: 0, max: 1, when: {opt: sgd}}\n" \
	"  layers: {type: int, min: 1, max: 2}\n" \
	"  units: {type: int, min: 8, max: 64, per: layers}\n" \
	"constraints: ['sum(units) <= 64']\n"

TEST(points_in_a_conditional_space)
{
	struct hps_space *sp = parse_ok(COND_SPACE);
	char *adam[] = {"opt=adam", "layers=1", "units[1]=32"};
	char *sgd[] = {"opt=sgd", "layers=1", "units[1]=32"};
	char *wide[] = {"opt=adam", "layers=2", "units[1]=40", "units[2]=40"};
	char *lacks[] = {"opt=adam", "layers=2", "units[1]=40"};
	struct hps_value out[8];
	char err[HPS_ERRMAX];
	size_t n = sp->nparams;

	ASSERT_EQ(hps_point_parse(sp, adam, 3, out, err, sizeof err), 0);
	ASSERT_EQ(out[hps_space_find(sp, "m")].kind, HPS_V_NONE);
	ASSERT_EQ(out[hps_space_find(sp, "units[2]")].kind, HPS_V_NONE);
	ASSERT(hps_space_valid(sp, out));
	clear(out, n);
	ASSERT_EQ(hps_point_parse(sp, sgd, 3, out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "has no value for m, which applies");
	ASSERT_EQ(hps_point_parse(sp, wide, 4, out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "breaks the space's constraints");
	ASSERT_EQ(hps_point_parse(sp, lacks, 3, out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "has no value for units[2]");
	hps_space_free(sp);
	EXPECT_ERR(COND_SPACE "warm_start:\n  points:\n"
	    "    - {opt: sgd, layers: 1, \"units[1]\": 8}\n", "13:7",
	    "warm_start point has no value for m");
	sp = parse_ok(COND_SPACE "warm_start:\n  points:\n"
	    "    - {opt: sgd, m: 0.5, layers: 1, \"units[1]\": 8}\n");
	hps_space_free(sp);
}

TEST_MAIN(points_are_checked_and_defaulted, points_errors,
    defaults_are_values_of_their_parameter, budget_time_until_patience_hard,
    until_is_the_next_time_of_day, stall_and_its_action,
    hooks_fill_their_placeholders, warm_start_from_names, name_value_words,
    values_snap_to_their_step, imports_map_into_a_changed_space,
    imports_need_a_default_for_a_new_parameter,
    points_in_a_conditional_space)
