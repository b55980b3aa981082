/*
 * Unit tests for the space-file parser (core/space*.c): the example from
 * the issue, each error with its exact file:line:column, and garbage in.
 */
#include <limits.h>
#include <stdint.h>

#include "hps/error.h"
#include "hps/space.h"
#include "parse_fixture.h"
#include "test.h"

/* The smallest valid file; tests append parameters: and more to it. */
#define HEAD                                                                  \
	"name: t\n"                                                           \
	"command: ./train {lr}\n"                                             \
	"metric: {name: loss, goal: minimize}\n"                              \
	"budget: {trials: 5}\n"
#define LR "parameters:\n  lr: {type: float, min: 0.1, max: 1}\n"

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	ASSERT(f != NULL);
	buf = malloc(65536);
	ASSERT(buf != NULL);
	*len = fread(buf, 1, 65535, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static struct hps_space *
parse_example(void)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX], *text;
	size_t len;

	text = read_file(SPACE_DIR "/example.yaml", &len);
	if (hps_space_parse(SPACE_DIR "/example.yaml", text, len, &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("example: %s", err);
	ASSERT_EQ(strlen(sp->text), len);
	ASSERT(memcmp(sp->text, text, len) == 0);
	free(text);
	return sp;
}

TEST(example_top_level)
{
	struct hps_space *sp = parse_example();
	char real[PATH_MAX];

	ASSERT_STR_EQ(sp->path, SPACE_DIR "/example.yaml");
	ASSERT_STR_EQ(sp->name, "fashion-mlp");
	ASSERT_EQ(sp->name_line, 2);
	ASSERT_EQ(sp->name_col, 7);
	ASSERT(realpath(SPACE_DIR, real) != NULL);
	ASSERT_STR_EQ(sp->workdir, real);
	ASSERT_EQ(sp->workdir[0], '/');
	ASSERT_STR_EQ(sp->method, "random");
	ASSERT_STR_EQ(sp->metric, "val_acc");
	ASSERT_EQ(sp->goal, HPS_MAXIMIZE);
	ASSERT_EQ(sp->summary, HPS_SUM_BEST);
	ASSERT_EQ(sp->trials, 50);
	ASSERT_EQ(sp->parallel, 2);
	ASSERT_EQ_DBL(sp->timeout, 1800, 0);
	ASSERT_EQ(sp->max_failures, 5);
	ASSERT_EQ(sp->seed, 7);
	ASSERT_EQ(sp->shell, 0);
	ASSERT_EQ(sp->nenv, 1);
	ASSERT_STR_EQ(sp->env[0], "OMP_NUM_THREADS=1");
	hps_space_free(sp);
}

TEST(example_command)
{
	struct hps_space *sp = parse_example();

	ASSERT_STR_EQ(sp->command,
	    "./train --lr {lr} --units {units} --optimizer {optimizer}");
	ASSERT_EQ(sp->argc, 7);
	ASSERT_STR_EQ(sp->argv[0], "./train");
	ASSERT_STR_EQ(sp->argv[2], "{lr}");
	ASSERT_STR_EQ(sp->argv[6], "{optimizer}");
	hps_space_free(sp);
}

TEST(example_parameters)
{
	struct hps_space *sp = parse_example();
	const struct hps_param *p = sp->params;

	ASSERT_EQ(sp->nparams, 5);
	ASSERT_STR_EQ(p[0].name, "lr");
	ASSERT_EQ(p[0].type, HPS_P_FLOAT);
	ASSERT_EQ_DBL(p[0].min, 1e-4, 0);
	ASSERT_EQ_DBL(p[0].max, 0.1, 0);
	ASSERT_EQ(p[0].log, 1);
	ASSERT_EQ_DBL(p[0].step, 0, 0);
	ASSERT_EQ(p[0].grid_points, 0);
	ASSERT_STR_EQ(p[1].name, "units");
	ASSERT_EQ(p[1].type, HPS_P_INT);
	ASSERT_EQ_DBL(p[1].min, 32, 0);
	ASSERT_EQ_DBL(p[1].max, 1024, 0);
	ASSERT_EQ(p[1].log, 1);
	ASSERT_EQ_DBL(p[1].step, 1, 0);
	ASSERT_EQ(p[2].type, HPS_P_FLOAT);
	ASSERT_EQ(p[2].log, 0);
	ASSERT_EQ_DBL(p[2].step, 0.1, 0);
	ASSERT_EQ_DBL(p[2].max, 0.5, 0);
	hps_space_free(sp);
}

TEST(example_values_and_constant)
{
	struct hps_space *sp = parse_example();
	const struct hps_param *p = sp->params;

	ASSERT_EQ(p[3].type, HPS_P_CAT);
	ASSERT_EQ(p[3].nvalues, 3);
	ASSERT_EQ(p[3].values[0].kind, HPS_V_STR);
	ASSERT_STR_EQ(p[3].values[0].str, "sgd");
	ASSERT_STR_EQ(p[3].values[2].str, "adam");
	ASSERT_STR_EQ(p[4].name, "epochs");
	ASSERT_EQ(p[4].type, HPS_P_CONST);
	ASSERT_EQ(p[4].nvalues, 1);
	ASSERT_EQ(p[4].values[0].kind, HPS_V_INT);
	ASSERT_EQ_DBL(p[4].values[0].num, 10, 0);
	ASSERT_EQ(hps_space_find(sp, "optimizer"), 3);
	ASSERT_EQ(hps_space_find(sp, "nope"), -1);
	hps_space_free(sp);
}

TEST(defaults)
{
	struct hps_space *sp = parse_ok(HEAD LR);
	char real[PATH_MAX];

	ASSERT_STR_EQ(sp->method, "random");
	ASSERT_EQ(sp->summary, HPS_SUM_LAST);
	ASSERT_EQ(sp->goal, HPS_MINIMIZE);
	ASSERT_EQ(sp->parallel, 1);
	ASSERT_EQ(sp->max_failures, 10);
	ASSERT_EQ_DBL(sp->timeout, 0, 0);
	ASSERT_EQ(sp->seed, 0);
	ASSERT_EQ(sp->shell, 0);
	ASSERT_EQ(sp->nenv, 0);
	ASSERT(realpath(SPACE_DIR, real) != NULL);
	ASSERT_STR_EQ(sp->workdir, real);
	hps_space_free(sp);
}

TEST(later_methods_accepted)
{
	static const char *const words[] = {"genetic", "bayes", "grid"};
	char buf[512];
	size_t i;

	for (i = 0; i < 3; i++) {
		struct hps_space *sp;

		snprintf(buf, sizeof buf, HEAD "method: %s\nparameters:\n"
		    "  lr: {values: [1, 2]}\n", words[i]);
		sp = parse_ok(buf);
		ASSERT_STR_EQ(sp->method, words[i]);
		hps_space_free(sp);
	}
}

TEST(value_kinds)
{
	struct hps_space *sp = parse_ok(HEAD LR
	    "  k: {values: [1, -2.5, true, abc, \"7\", 'false', 1e3, yes]}\n");
	const struct hps_value *v = sp->params[1].values;

	ASSERT_EQ(sp->params[1].nvalues, 8);
	ASSERT_EQ(v[0].kind, HPS_V_INT);
	ASSERT_EQ(v[1].kind, HPS_V_FLOAT);
	ASSERT_EQ_DBL(v[1].num, -2.5, 0);
	ASSERT_EQ(v[2].kind, HPS_V_BOOL);
	ASSERT_EQ_DBL(v[2].num, 1, 0);
	ASSERT_EQ(v[3].kind, HPS_V_STR);
	ASSERT_EQ(v[4].kind, HPS_V_STR);
	ASSERT_STR_EQ(v[4].str, "7");
	ASSERT_EQ(v[5].kind, HPS_V_STR);
	ASSERT_EQ(v[6].kind, HPS_V_FLOAT);
	ASSERT_EQ_DBL(v[6].num, 1000, 0);
	ASSERT_EQ(v[7].kind, HPS_V_STR);
	hps_space_free(sp);
}

TEST(bool_type_and_grid)
{
	struct hps_space *sp = parse_ok("name: g\ncommand: ./t\n"
	    "metric: {name: m, goal: maximize}\nmethod: grid\nparameters:\n"
	    "  b: {type: bool}\n  n: {type: int, min: 1, max: 4}\n"
	    "  x: {type: float, min: 0, max: 1, step: 0.25}\n"
	    "  y: {type: float, min: 1, max: 100, log: true, grid_points: 3}\n"
	    "  c: {type: const, value: hi}\n");

	ASSERT_STR_EQ(sp->method, "grid");
	ASSERT_EQ(sp->trials, 0);
	ASSERT_EQ(sp->params[0].type, HPS_P_CAT);
	ASSERT_EQ(sp->params[0].nvalues, 2);
	ASSERT_EQ(sp->params[0].values[0].kind, HPS_V_BOOL);
	ASSERT_EQ_DBL(sp->params[0].values[1].num, 1, 0);
	ASSERT_EQ(sp->params[3].grid_points, 3);
	ASSERT_EQ(sp->params[4].type, HPS_P_CONST);
	ASSERT_STR_EQ(sp->params[4].values[0].str, "hi");
	hps_space_free(sp);
}

TEST(grid_needs_finite_grid)
{
	EXPECT_ERR("name: g\ncommand: ./t\nmetric: {name: m, goal: maximize}\n"
	    "method: grid\nparameters:\n  n: {type: int, min: 1, max: 4}\n"
	    "  lr: {type: float, min: 0.1, max: 1}\n", "7:3",
	    "parameter 'lr' has no finite grid: add step: or grid_points: "
	    "(or use method: random)");
}

TEST(durations)
{
	static const struct {
		const char *text;
		double secs;
	} cases[] = {
		{"90", 90}, {"2.5", 2.5}, {"90s", 90}, {"30m", 1800},
		{"1.5h", 5400}, {"'45'", 45},
	};
	char buf[512];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct hps_space *sp;

		snprintf(buf, sizeof buf, "name: t\ncommand: ./train {lr}\n"
		    "metric: {name: loss, goal: minimize}\n"
		    "budget: {trials: 5, timeout: %s}\n" LR, cases[i].text);
		sp = parse_ok(buf);
		ASSERT_EQ_DBL(sp->timeout, cases[i].secs, 0);
		hps_space_free(sp);
	}
}

TEST(bad_durations)
{
	static const char *const bad[] = {"30x", "m", "1.5.h", "-", "30 m"};
	char buf[512];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(buf, sizeof buf, "name: t\ncommand: ./train {lr}\n"
		    "metric: {name: loss, goal: minimize}\n"
		    "budget: {trials: 5, timeout: %s}\n" LR, bad[i]);
		EXPECT_ERR(buf, "4:30", "bad duration");
	}
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\n"
	    "budget: {trials: 5, timeout: 0}\n" LR, "4:30",
	    "timeout must be more than 0");
}

TEST(syntax_error_position)
{
	/* libyaml's own problem text, at its problem mark. */
	EXPECT_ERR("name: t\ncommand: [a, b\nmetric: x\n", "3:7",
	    "did not find expected ',' or ']'");
	EXPECT_ERR("name: t\n  bad: indent\n", "2:6",
	    "mapping values are not allowed");
}

TEST(unknown_key_suggests)
{
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metirc: {name: loss, goal: minimize}\n" LR, "3:1",
	    "unknown key 'metirc'; did you mean 'metric'?");
	EXPECT_ERR(HEAD LR "plugins: {}\n", "7:1",
	    "unknown key 'plugins'; expected name, workdir");
}

TEST(unknown_key_nested)
{
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trails: 5}\n" LR,
	    "4:10", "unknown key 'trails' in budget; did you mean 'trials'?");
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, gaol: minimize}\n" LR, "3:22",
	    "unknown key 'gaol' in metric; did you mean 'goal'?");
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: float, mn: 0.1, max: 1}\n",
	    "6:21", "unknown key 'mn' in parameter 'lr'; did you mean 'min'?");
}

TEST(missing_required)
{
	EXPECT_ERR("name: t\nmetric: {name: loss, goal: minimize}\n"
	    "budget: {trials: 5}\n" LR, "1:1",
	    "missing required key 'command'");
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric:\n  name: loss\n" LR, "4:3",
	    "missing required key 'goal' in metric; add goal: minimize or "
	    "goal: maximize");
}

/* Without budget.trials a study is open-ended, whatever its method. */
TEST(open_ended_without_trials)
{
	static const char *const methods[] = {"random", "bayes", "genetic"};
	struct hps_space *sp;
	char text[512];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(text, sizeof text, "name: t\ncommand: ./train {lr}\n"
		    "method: %s\nmetric: {name: loss, goal: minimize}\n" LR,
		    methods[i]);
		sp = parse_ok(text);
		ASSERT_EQ(sp->trials, 0);
		hps_space_free(sp);
	}
	sp = parse_ok("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {parallel: 2}\n" LR);
	ASSERT_EQ(sp->trials, 0);
	ASSERT_EQ(sp->parallel, 2);
	hps_space_free(sp);
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 0}\n" LR,
	    "4:18", "trials");
}

TEST(not_a_mapping_and_empty)
{
	EXPECT_ERR("- a\n- b\n", "1:1", "must be a mapping");
	EXPECT_ERR("just words\n", "1:1", "must be a mapping");
	EXPECT_ERR("", "1:1", "file is empty");
	EXPECT_ERR("# only a comment\n\n", "1:1", "file is empty");
	EXPECT_ERR("---\n", "1:1", "file is empty");
	EXPECT_ERR(HEAD LR "---\nname: again\n", "7:1",
	    "only one YAML document");
}

TEST(duplicate_key)
{
	EXPECT_ERR("name: a\ncommand: ./t\nname: b\n", "3:1",
	    "duplicate key 'name' (first at line 1)");
	EXPECT_ERR(HEAD "parameters:\n  lr: {value: 1}\n  lr: {value: 2}\n",
	    "7:3", "duplicate key 'lr'");
}

TEST(nul_byte)
{
	static const char text[] = "name: t\ncomm\0and: x\n";
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	ASSERT_EQ(hps_space_parse(INLINE, text, sizeof text - 1, &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT(sp == NULL);
	ASSERT_STR_EQ(err, INLINE ":2:5: file contains a NUL byte");
	EXPECT_ERR("name: \"a\\0b\"\n", "1:7", "NUL byte");
}

TEST(aliases_and_tags)
{
	EXPECT_ERR("name: &n t\ncommand: *n\n", "1:7",
	    "YAML anchors and aliases are not supported");
	EXPECT_ERR("name: t\ncommand: *n\n", "2:10",
	    "YAML aliases are not supported");
	EXPECT_ERR("name: !!binary aGk=\n", "1:7", "YAML tag "
	    "'tag:yaml.org,2002:binary' is not supported (only !!str, !!int, "
	    "!!float and !!bool on a value)");
	EXPECT_ERR("name: !mine t\n", "1:7", "YAML tag '!mine' is not "
	    "supported");
	EXPECT_ERR("name: !!seq [t]\n", "1:7", "is not supported");
	EXPECT_ERR(HEAD LR "  s: {value: !!int 1.5}\n", "7:14",
	    "!!int needs an integer");
	EXPECT_ERR(HEAD LR "  s: {value: !!float abc}\n", "7:14",
	    "!!float needs a number");
	EXPECT_ERR(HEAD LR "  s: {value: !!bool yes}\n", "7:14",
	    "!!bool needs true or false");
	{
		struct hps_space *sp = parse_ok(HEAD LR
		    "  s: {value: !!str 5}\n  f: {value: !!float 1e-5}\n"
		    "  i: {value: !!int \"3\"}\n  b: {value: !!bool false}\n"
		    "  g: {type: float, min: !!float 1, max: 2}\n");
		ASSERT_EQ(sp->params[1].values[0].kind, HPS_V_STR);
		ASSERT_EQ(sp->params[2].values[0].kind, HPS_V_FLOAT);
		ASSERT_EQ_DBL(sp->params[2].values[0].num, 1e-5, 0);
		ASSERT_EQ(sp->params[3].values[0].kind, HPS_V_INT);
		ASSERT_EQ_DBL(sp->params[3].values[0].num, 3, 0);
		ASSERT_EQ(sp->params[4].values[0].kind, HPS_V_BOOL);
		ASSERT_EQ_DBL(sp->params[4].values[0].num, 0, 0);
		ASSERT_EQ_DBL(sp->params[5].min, 1, 0);
		hps_space_free(sp);
	}
}

TEST(nesting_is_bounded)
{
	char buf[4096];
	size_t i, off;

	off = (size_t)snprintf(buf, sizeof buf, "name: ");
	for (i = 0; i < 1000; i++)
		buf[off++] = '[';
	buf[off] = '\0';
	EXPECT_ERR(buf, "1:39", "nesting is too deep");
}

TEST(bad_names)
{
	EXPECT_ERR("name: my study\ncommand: x\n"
	    "metric: {name: loss, goal: minimize}\n" LR, "1:7",
	    "bad study name 'my study'");
	EXPECT_ERR(HEAD "parameters:\n  9lr: {value: 1}\n", "6:3",
	    "bad parameter name '9lr'");
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: \"a\\tb\", goal: minimize}\n" LR, "3:16",
	    "bad metric name: a metric name is 1 to 128 bytes of text without"
	    " control characters");
}

/* A metric's name is any text a trial can print as a JSON key. */
TEST(metric_names_any_text)
{
	static const char *const names[][2] = {{"'val loss'", "val loss"},
	    {"val_recall@1", "val_recall@1"},
	    {"eval/score_t+64", "eval/score_t+64"},
	    {"'best_val F1'", "best_val F1"}, {"\"q\\\"x\"", "q\"x"},
	    {"val_\xc3\x9f", "val_\xc3\x9f"}};
	struct hps_space *sp;
	char text[256];
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(text, sizeof text, "name: t\ncommand: ./train {lr}\n"
		    "metric: {name: %s, goal: minimize}\n" LR, names[i][0]);
		sp = parse_ok(text);
		ASSERT_STR_EQ(sp->metric, names[i][1]);
		hps_space_free(sp);
	}
}

/*
 * Any method name parses (the search layer knows which exist; test_grid
 * checks its message), and its options live under its own name: another
 * method's section is an unknown key.
 */
TEST(method_and_its_section)
{
	struct hps_space *sp = parse_ok(HEAD LR "method: bayes\n"
	    "bayes: {n_startup: 3}\n");

	ASSERT_STR_EQ(sp->method, "bayes");
	ASSERT_EQ(sp->method_line, 7);
	ASSERT_EQ(sp->method_col, 9);
	ASSERT(hps_space_section(sp, "bayes") != NULL);
	hps_space_free(sp);
	sp = parse_ok(HEAD LR "method: rnadom\n");
	ASSERT_STR_EQ(sp->method, "rnadom");
	hps_space_free(sp);
	sp = parse_ok(HEAD LR "random: {}\n");
	ASSERT(hps_space_section(sp, "random") != NULL);
	hps_space_free(sp);
	EXPECT_ERR(HEAD LR "method: bayes\ngenetic: {population: 5}\n", "8:1",
	    "unknown key 'genetic'");
	EXPECT_ERR(HEAD LR "method: my method\n", "7:9",
	    "bad method name 'my method'");
}

TEST(bad_words_list_accepted)
{
	EXPECT_ERR("name: t\ncommand: x\n"
	    "metric: {name: loss, goal: up}\n" LR, "3:28",
	    "unknown goal 'up'; use minimize or maximize");
	EXPECT_ERR("name: t\ncommand: x\n"
	    "metric: {name: loss, goal: minimize, summary: mean}\n" LR,
	    "3:47",
	    "unknown summary 'mean'; use last or best");
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: real, min: 0, max: 1}\n",
	    "6:14", "unknown type 'real'; use float, int, categorical, const "
	    "or bool");
}

TEST(range_errors)
{
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: float, min: 1, max: 0.1}\n",
	    "6:26", "min 1 must be less than max 0.1");
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: int, min: 3, max: 3}\n",
	    "6:24", "(for a constant write value: X)");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: float, min: 0, max: 1, log: true}\n", "6:26",
	    "min must be more than 0 with log: true");
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: float, min: abc, max: 1}\n",
	    "6:26", "min must be a number, not 'abc'");
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: int, min: 1.5, max: 9}\n",
	    "6:24", "min must be an integer");
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: float, min: 0, max: 1, "
	    "log: yes}\n", "6:42", "log must be true or false");
	EXPECT_ERR(HEAD "parameters:\n  lr: {min: 0, max: 1}\n", "6:7",
	    "has a range but no type; add type: float or type: int");
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: float, min: 0}\n", "6:7",
	    "needs min: and max:");
}

TEST(step_errors)
{
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: float, min: 0, max: 1, step: 0}\n", "6:43",
	    "step must be more than 0");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: float, min: 0, max: 1, step: 2}\n", "6:43",
	    "step 2 is larger than max - min");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: int, min: 1, max: 64, log: true, step: 2}\n", "6:53",
	    "step must be 1 for an int with log: true");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: float, min: 0, max: 1, step: 0.5, grid_points: 3}\n",
	    "6:61", "use step: or grid_points:, not both");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: float, min: 0, max: 1, grid_points: 1}\n", "6:50",
	    "grid_points must be an integer from 2");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: float, min: 1, max: 9, log: true, step: 1}\n",
	    "6:54", "use grid_points: N");
}

TEST(values_errors)
{
	EXPECT_ERR(HEAD "parameters:\n  lr: {values: []}\n", "6:16",
	    "values is empty");
	EXPECT_ERR(HEAD "parameters:\n  lr: {values: [a, b, a]}\n", "6:23",
	    "duplicate value 'a' in values");
	EXPECT_ERR(HEAD "parameters:\n  lr: {values: [1, 1.0]}\n", "6:20",
	    "duplicate value '1'");
	EXPECT_ERR(HEAD "parameters:\n  lr: {values: [a, [!!int b]]}\n",
	    "6:21", "values: !!int needs an integer");
	EXPECT_ERR(HEAD "parameters:\n  lr: {values: [[1, 2], [1, 2]]}\n",
	    "6:25", "duplicate value '[1, 2]' in values");
	EXPECT_ERR(HEAD "parameters:\n  lr: {values: a}\n", "6:16",
	    "values must be a list");
	EXPECT_ERR(HEAD "parameters:\n  lr: {value: ~}\n", "6:15",
	    "missing value");
	EXPECT_ERR(HEAD "parameters:\n  lr: {type: float, values: [1, 2]}\n",
	    "6:29", "'values' does not apply to parameter 'lr' (type: float)");
	EXPECT_ERR(HEAD "parameters:\n  lr: 0.1\n", "6:7",
	    "parameter 'lr' must be a mapping");
	EXPECT_ERR(HEAD "parameters: {}\n", "5:13",
	    "parameters is empty");
}

TEST(command_placeholders)
{
	struct hps_space *sp;

	EXPECT_ERR("name: t\ncommand: ./train --lr {lrate}\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:10", "command uses {lrate}, which is not a parameter; did you "
	    "mean {lr}?");
	EXPECT_ERR("name: t\ncommand: ./train {LR}\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:10", "did you mean {lr}?");
	EXPECT_ERR("name: t\ncommand: ./train {zzz}\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:10", "command uses {zzz}, which is not a parameter");
	EXPECT_ERR("name: t\ncommand: ./train {lr\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:10", "unmatched '{'");
	EXPECT_ERR("name: t\ncommand: ./train }\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:10", "unmatched '}'");
	sp = parse_ok("name: t\ncommand: './t --lr={lr},{{x}} {lr}{lr}'\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR
	    "  unused: {value: 3}\n");
	ASSERT_EQ(sp->argc, 3);
	ASSERT_STR_EQ(sp->argv[1], "--lr={lr},{{x}}");
	hps_space_free(sp);
}

TEST(command_errors)
{
	EXPECT_ERR("name: t\ncommand: ./train 'oops\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:10", "unterminated ' quote");
	EXPECT_ERR("name: t\ncommand: '   '\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:10", "command is empty");
	EXPECT_ERR("name: t\ncommand: []\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:10", "command is empty");
	EXPECT_ERR("name: t\ncommand: [./t, {lr}]\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "2:16", "command items must be strings");
	EXPECT_ERR("name: t\nshell: true\ncommand: [./t]\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "3:10", "shell: true needs command as one string");
}

TEST(command_sequence)
{
	struct hps_space *sp = parse_ok("name: t\ncommand:\n  - ./train\n"
	    "  - --lr\n  - '{lr}'\n  - a b\n  - \"it's\"\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR);
	char **argv, err[HPS_ERRMAX];
	size_t argc, i;

	ASSERT_EQ(sp->argc, 5);
	ASSERT_STR_EQ(sp->argv[2], "{lr}");
	ASSERT_STR_EQ(sp->argv[3], "a b");
	ASSERT(sp->argv[5] == NULL);
	/* The display form splits back into the same words. */
	ASSERT_EQ(hps_cmd_split(sp->command, &argv, &argc, err, sizeof err),
	    0);
	ASSERT_EQ(argc, sp->argc);
	for (i = 0; i < argc; i++)
		ASSERT_STR_EQ(argv[i], sp->argv[i]);
	hps_argv_free(argv);
	hps_space_free(sp);
	EXPECT_ERR("name: t\ncommand:\n  - ./train\n  - '{lrr}'\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR,
	    "4:5", "command uses {lrr}");
}

TEST(env_entries)
{
	struct hps_space *sp = parse_ok(HEAD LR
	    "env: {A: 1, B_2: \"x y\", C: , D: true}\n");

	ASSERT_EQ(sp->nenv, 4);
	ASSERT_STR_EQ(sp->env[0], "A=1");
	ASSERT_STR_EQ(sp->env[1], "B_2=x y");
	ASSERT_STR_EQ(sp->env[2], "C=");
	ASSERT_STR_EQ(sp->env[3], "D=true");
	ASSERT(sp->env[4] == NULL);
	hps_space_free(sp);
	EXPECT_ERR(HEAD LR "env: {HPS_TRIAL: 1}\n", "7:7",
	    "environment name 'HPS_TRIAL' is reserved");
	EXPECT_ERR(HEAD LR "env: {1X: 1}\n", "7:7",
	    "bad environment name '1X'");
	EXPECT_ERR(HEAD LR "env: {A-B: 1}\n", "7:7",
	    "bad environment name 'A-B'");
	EXPECT_ERR(HEAD LR "env: {A: [1]}\n", "7:10", "single value");
}

TEST(workdir_resolution)
{
	struct hps_space *sp = parse_ok(HEAD LR "workdir: ..\n");
	char real[PATH_MAX];

	ASSERT(realpath(HPS_TEST_DATA, real) != NULL);
	ASSERT_STR_EQ(sp->workdir, real);
	hps_space_free(sp);
	sp = parse_ok(HEAD LR "workdir: /\n");
	ASSERT_STR_EQ(sp->workdir, "/");
	hps_space_free(sp);
	EXPECT_ERR(HEAD LR "workdir: no-such-dir\n", "7:10",
	    "workdir '" SPACE_DIR "/no-such-dir' does not exist");
	EXPECT_ERR(HEAD LR "workdir: example.yaml\n", "7:10",
	    "is not a directory");
}

TEST(relative_path_uses_cwd)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX], real[PATH_MAX];
	const char *text = HEAD LR;

	ASSERT_EQ(chdir(HPS_TEST_DATA), 0);
	ASSERT_EQ(hps_space_parse("space/x.yaml", text, strlen(text), &sp,
	    err, sizeof err), 0);
	ASSERT(realpath(".", real) != NULL);
	strcat(real, "/space");
	ASSERT_STR_EQ(sp->workdir, real);
	hps_space_free(sp);
}

TEST(budget_and_seed_ranges)
{
	struct hps_space *sp;

	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\n"
	    "budget: {trials: 0}\n" LR, "4:18",
	    "trials must be an integer from 1 to");
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\n"
	    "budget: {trials: 5, parallel: 1025}\n" LR, "4:31",
	    "parallel must be an integer from 1 to 1024");
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\n"
	    "budget: {trials: '5'}\n" LR, "4:18", "trials must be a number");
	EXPECT_ERR("name: t\ncommand: ./train {lr}\n"
	    "metric: {name: loss, goal: minimize}\n"
	    "budget: {trials: 5, max_failures: 0}\n" LR, "4:35",
	    "max_failures must be an integer from 1");
	EXPECT_ERR(HEAD LR "seed: -1\n", "7:7",
	    "seed must be a non-negative integer");
	EXPECT_ERR(HEAD LR "seed: 18446744073709551616\n", "7:7",
	    "seed must be a non-negative integer");
	sp = parse_ok(HEAD LR "seed: 18446744073709551615\n");
	ASSERT(sp->seed == UINT64_MAX);
	hps_space_free(sp);
}

TEST(too_large)
{
	size_t len = (1 << 20) + 1;
	char *text = malloc(len), err[HPS_ERRMAX];
	struct hps_space *sp = NULL;

	ASSERT(text != NULL);
	memset(text, '#', len);
	ASSERT_EQ(hps_space_parse(INLINE, text, len, &sp, err, sizeof err),
	    HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "larger than");
	free(text);
}

/* A fixed xorshift so a failure can be replayed. */
static uint32_t
fuzz_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
fuzz_one(const char *text, size_t len)
{
	struct hps_space *sp = (struct hps_space *)1;
	char err[HPS_ERRMAX];
	int rc;

	err[0] = '\0';
	rc = hps_space_parse(INLINE, text, len, &sp, err, sizeof err);
	if (rc == 0) {
		ASSERT(sp != NULL);
		hps_space_free(sp);
		return;
	}
	ASSERT_EQ(rc, HPS_EPARSE);
	ASSERT(sp == NULL);
	ASSERT(strncmp(err, INLINE ":", strlen(INLINE ":")) == 0);
}

TEST(fuzz_random_bytes)
{
	static const char alpha[] = "abc{}[]:,-#&*!|>'\"\\ \n\t?%@`0123.e";
	uint32_t seed = 12345;
	char buf[256];
	size_t i, j, len;

	for (i = 0; i < 600; i++) {
		len = fuzz_rand(&seed) % sizeof buf;
		for (j = 0; j < len; j++) {
			uint32_t r = fuzz_rand(&seed);
			buf[j] = r % 4 == 0 ? (char)(r >> 8) :
			    alpha[(r >> 8) % (sizeof alpha - 1)];
		}
		fuzz_one(buf, len);
	}
}

TEST(fuzz_truncations_and_mutations)
{
	uint32_t seed = 777;
	size_t len, i, n = 0;
	char *text = read_file(SPACE_DIR "/example.yaml", &len);
	char *copy = malloc(len + 1);

	ASSERT(copy != NULL);
	for (i = 0; i <= len; i++) {
		memcpy(copy, text, i);
		fuzz_one(copy, i);
	}
	for (i = 0; i < 400; i++) {
		memcpy(copy, text, len);
		copy[fuzz_rand(&seed) % len] = (char)fuzz_rand(&seed);
		copy[fuzz_rand(&seed) % len] = "{}[]:#\n '\""[i % 10];
		fuzz_one(copy, len);
		n++;
	}
	ASSERT_EQ(n, 400);
	free(copy);
	free(text);
}

/* shell: true with a placeholder where sh would not read it unquoted. */
#define SHELL_SPACE(cmd)                                                      \
	"name: t\ncommand: " cmd "\nshell: true\n"                            \
	"metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR

TEST(shell_quoted_placeholders)
{
	struct hps_space *sp;

	EXPECT_ERR(SHELL_SPACE("echo \"{lr}\""), "2:16",
	    "{lr} is inside \"...\"; with shell: true hpsd quotes each value");
	EXPECT_ERR(SHELL_SPACE("echo '{lr}' done"), "2:16",
	    "{lr} is inside '...'");
	EXPECT_ERR(SHELL_SPACE("'x=\"$(echo {lr})\"'"), "2:21",
	    "{lr} is inside \"...\"");
	EXPECT_ERR(SHELL_SPACE("|\n  cat <<EOF\n  {lr}\n  EOF"), "4:1",
	    "{lr} is inside a here-document");
	sp = parse_ok(SHELL_SPACE("echo {lr} \\\"{lr}\\\" '{{x}}' \"{{y}}\""));
	hps_space_free(sp);
	sp = parse_ok(SHELL_SPACE("|\n  cat <<EOF\n  text\n  EOF\n"
	    "  echo {lr}"));
	hps_space_free(sp);
	/* Without shell: true quotes only group words: nothing runs. */
	sp = parse_ok("name: t\ncommand: echo \"{lr}\"\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n" LR);
	hps_space_free(sp);
}

TEST(hostile_names_and_ranges)
{
	EXPECT_ERR("name: ..\ncommand: x\n"
	    "metric: {name: loss, goal: minimize}\n" LR, "1:7", "not . or ..");
	EXPECT_ERR("name: '.'\ncommand: x\n"
	    "metric: {name: loss, goal: minimize}\n" LR, "1:7", "not . or ..");
	{
		struct hps_space *sp = parse_ok(HEAD LR);
		char err[HPS_ERRMAX];

		ASSERT_EQ(hps_space_rename(sp, "..", err, sizeof err),
		    HPS_EINVAL);
		ASSERT_STR_CONTAINS(err, "not . or ..");
		ASSERT_EQ(hps_space_rename(sp, "a.b", err, sizeof err), 0);
		hps_space_free(sp);
	}
	EXPECT_ERR("name: t\ncommand: x\n"
	    "metric: {name: epoch, goal: minimize}\n" LR, "3:16",
	    "metric 'epoch' is the step");
	EXPECT_ERR("name: t\ncommand: x\n"
	    "metric: {name: step, goal: maximize}\n" LR, "3:16",
	    "metric 'step' is the step");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: float, min: -1.7e308, max: 1.7e308}\n", "6:26",
	    "wider than a double holds");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: int, min: -9223372036854775808, max: 5}\n", "6:24",
	    "min -9223372036854775808 is past 2^53");
	EXPECT_ERR(HEAD "parameters:\n"
	    "  lr: {type: int, min: 0, max: 9223372036854775807}\n", "6:32",
	    "max 9223372036854775807 is past 2^53");
	{
		struct hps_space *sp = parse_ok(HEAD "parameters:\n"
		    "  lr: {type: int, min: -9007199254740992, "
		    "max: 9007199254740992}\n");
		hps_space_free(sp);
		sp = parse_ok(HEAD "parameters:\n"
		    "  lr: {type: float, min: -1e300, max: 1e300}\n");
		hps_space_free(sp);
	}
}

/* A space whose values are short and n copies of fill. */
static char *
space_with_value(const char *command, const char *fill, size_t n)
{
	static const char head[] = "name: t\ncommand: %s\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 5}\n"
	    "parameters:\n  v: {values: [short, ";
	size_t len = sizeof head + strlen(command) + n * strlen(fill) + 8, i;
	char *text = malloc(len);
	int k;

	ASSERT(text != NULL);
	k = snprintf(text, len, head, command);
	for (i = 0; i < n; i++, k += (int)strlen(fill))
		memcpy(text + k, fill, strlen(fill));
	strcpy(text + k, "]}\n");
	return text;
}

/* Values the kernel would refuse in argv or the environment. */
TEST(values_too_long_for_a_spawn)
{
	char err[HPS_ERRMAX], *text;
	struct hps_space *sp;

	text = space_with_value("./t {v}", "a", 400000);
	ASSERT_EQ(parse_err(text, err, sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, INLINE ":2:10: with its longest values the"
	    " command's word is 400000 bytes, past the 131071");
	free(text);
	/* 50,000 bytes of UTF-8, six times as long as JSON's \u00e9. */
	text = space_with_value("./t {v}", "\xc3\xa9", 25000);
	ASSERT_EQ(parse_err(text, err, sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "as JSON (HPS_PARAMS_JSON)");
	free(text);
	/* HPS_PARAMS_JSON is flat: measured so even where v and v.b could
	 * not both be nested (the command does not nest them). */
	text = space_with_value("./t {v.b}", "a", 140000);
	text = realloc(text, strlen(text) + 32);
	ASSERT(text != NULL);
	strcat(text, "  v.b: {values: [1]}\n");
	ASSERT_EQ(parse_err(text, err, sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "140016 bytes as JSON (HPS_PARAMS_JSON)");
	free(text);
	text = space_with_value("sh -c 'echo $0 $0' {v}", "a", 100000);
	sp = parse_ok(text);
	hps_space_free(sp);
	free(text);
}

/*
 * Without metric: a grid or random study runs its trials unranked, as a
 * W&B sweep without one; what compares trials is refused where it is.
 */
#define NOMETRIC "name: t\ncommand: ./train {lr}\n"

TEST(no_metric_for_grid_and_random_only)
{
	struct hps_space *sp;

	sp = parse_ok(NOMETRIC "budget: {trials: 5}\n" LR);
	ASSERT(sp->metric == NULL);
	ASSERT(hps_space_goal(sp) == NULL);
	ASSERT_STR_EQ(sp->method, "random");
	hps_space_free(sp);
	sp = parse_ok(NOMETRIC "method: grid\nparameters:\n"
	    "  lr: {values: [0.1, 0.2]}\n");
	ASSERT(sp->metric == NULL);
	hps_space_free(sp);
	sp = parse_ok(HEAD LR);
	ASSERT_STR_EQ(hps_space_goal(sp), "minimize");
	hps_space_free(sp);
	EXPECT_ERR(NOMETRIC "method: bayes\n" LR, "3:9", "method bayes "
	    "learns from the metric, and this file has no metric:");
	EXPECT_ERR(NOMETRIC "method: genetic\n" LR, "3:9", "or use method: "
	    "grid or random");
	EXPECT_ERR(NOMETRIC "early_stopping: {rule: median}\n" LR, "3:17",
	    "early_stopping compares trials by the metric, and this file "
	    "has no metric:");
	EXPECT_ERR(NOMETRIC "limits: {mem: {max: 5}}\n" LR, "3:9",
	    "limits compares trials by the metric");
	EXPECT_ERR(NOMETRIC "budget: {trials: 5, patience: 2}\n" LR, "3:31",
	    "budget.patience compares trials by the metric");
	EXPECT_ERR(NOMETRIC "on: {new_best: [echo]}\n" LR, "3:16",
	    "on.new_best compares trials by the metric");
	EXPECT_ERR(NOMETRIC "warm_start: {from: [old]}\n" LR, "3:20",
	    "warm_start.from compares trials by the metric");
}

TEST_MAIN(example_top_level, example_command, example_parameters,
    example_values_and_constant, defaults, later_methods_accepted,
    value_kinds, bool_type_and_grid,
    grid_needs_finite_grid, durations, bad_durations, syntax_error_position,
    unknown_key_suggests, unknown_key_nested, missing_required,
    open_ended_without_trials, no_metric_for_grid_and_random_only,
    not_a_mapping_and_empty, duplicate_key, nul_byte, aliases_and_tags,
    nesting_is_bounded, bad_names, metric_names_any_text,
    method_and_its_section,
    bad_words_list_accepted, range_errors,
    step_errors, values_errors, command_placeholders, command_errors,
    command_sequence, env_entries, workdir_resolution,
    relative_path_uses_cwd, budget_and_seed_ranges, too_large,
    shell_quoted_placeholders, hostile_names_and_ranges,
    values_too_long_for_a_spawn, fuzz_random_bytes,
    fuzz_truncations_and_mutations)
