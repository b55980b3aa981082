/*
 * Unit tests for the W&B sweep translator (core/wandb*.c): sweep files
 * shaped like real ones, each translated to the exact hpsd text expected
 * (so the format is pinned) that hps_space_parse then accepts, what the
 * trials of a translation receive, and every refusal at its position.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

#include "hps/error.h"
#include "hps/space.h"
#include "hps/wandb.h"
#include "test.h"

/* The sweep files claim to live here; only the directory has to exist. */
#define SWEEP HPS_TEST_DATA "/space/sweep.yaml"
#define HEADER "# hpsd space file translated from the W&B sweep " SWEEP "\n"

/* Translate text, compare with want, and parse the result. */
static struct hps_space *
translate_ok(const char *text, const char *want)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX], *yaml = NULL;

	if (hps_wandb_translate(SWEEP, text, strlen(text), &yaml, err,
	    sizeof err) != 0)
		TEST_FAIL_("translate failed: %s", err);
	if (want != NULL)
		ASSERT_STR_EQ(yaml, want);
	if (hps_space_parse(SWEEP, yaml, strlen(yaml), &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("translation does not parse: %s\n%s", err, yaml);
	free(yaml);
	return sp;
}

static const struct hps_param *
param(const struct hps_space *sp, const char *name)
{
	int i = hps_space_find(sp, name);

	if (i < 0)
		TEST_FAIL_("no parameter %s", name);
	return &sp->params[i];
}

/* A temporary trial directory (removed by the caller's rm_dir). */
static char *
trial_dir(void)
{
	static char dir[] = "/tmp/hps-wandb-XXXXXX";

	ASSERT(mkdtemp(dir) != NULL);
	return dir;
}

static char *
slurp(const char *path)
{
	static char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	ASSERT(fd >= 0);
	n = read(fd, buf, sizeof buf - 1);
	ASSERT(n >= 0);
	buf[n] = '\0';
	close(fd);
	return buf;
}

static void
rm_dir(const char *dir)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, HPS_PARAMS_NESTED_FILE);
	unlink(path);
	ASSERT_EQ(rmdir(dir), 0);
}

static const char in_default_command[] =
	"# A typical sweep from the W&B docs: default command, bayes, "
	"run_cap.\n"
	"program: train.py\n"
	"method: bayes\n"
	"metric:\n"
	"  name: val_loss\n"
	"  goal: minimize\n"
	"run_cap: 30\n"
	"parameters:\n"
	"  learning_rate:\n"
	"    distribution: log_uniform_values\n"
	"    min: 0.0001\n"
	"    max: 0.1\n"
	"  batch_size:\n"
	"    values: [16, 32, 64]\n"
	"  epochs:\n"
	"    value: 5\n";

static const char want_default_command[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: bayes\n"
	"metric: {name: val_loss, goal: minimize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {trials: 30, parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python); it runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, "
	"\"--learning_rate={learning_rate}\", \"--batch_size={batch_size}\", "
	"\"--epochs={epochs}\"]\n"
	"workdir: .\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  learning_rate: {type: float, min: 0.0001, max: 0.1, log: true}\n"
	"  batch_size: {values: [16, 32, 64]}\n"
	"  epochs: {value: 5}\n";

static const char in_distributions[] =
	"program: train.py\n"
	"method: random\n"
	"metric: {name: val_acc, goal: maximize}\n"
	"run_cap: 10\n"
	"parameters:\n"
	"  c: {distribution: constant, value: fixed}\n"
	"  cat: {distribution: categorical, values: [relu, \"tanh\", 0.5, 3, "
	"yes]}\n"
	"  iu: {distribution: int_uniform, min: -2, max: 8}\n"
	"  u: {distribution: uniform, min: 0, max: 1}\n"
	"  luv: {distribution: log_uniform_values, min: 1e-5, max: 1e-1}\n"
	"  lu: {distribution: log_uniform, min: -4, max: 0}\n"
	"  qu: {distribution: q_uniform, min: 0.04, max: 0.96, q: 0.1}\n"
	"  qi: {distribution: q_uniform, min: 30, max: 130, q: 32}\n"
	"  qlv: {distribution: q_log_uniform_values, min: 8, max: 512, q: "
	"1}\n"
	"  qlf: {distribution: q_log_uniform_values, min: 1.4, max: 100}\n";

static const char want_distributions[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: random\n"
	"metric: {name: val_acc, goal: maximize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {trials: 10, parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python); it runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--c={c}\", "
	"\"--cat={cat}\", \"--iu={iu}\", \"--u={u}\", \"--luv={luv}\", "
	"\"--lu={lu}\", \"--qu={qu}\", \"--qi={qi}\", \"--qlv={qlv}\", "
	"\"--qlf={qlf}\"]\n"
	"workdir: .\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  c: {value: fixed}\n"
	"  cat: {values: [relu, tanh, 0.5, 3, true]}\n"
	"  iu: {type: int, min: -2, max: 8}\n"
	"  u: {type: float, min: 0, max: 1}\n"
	"  luv: {type: float, min: 1e-05, max: 0.1, log: true}\n"
	"  lu: {type: float, min: 0.01831563888873418, max: 1, log: true}  # "
	"W&B log_uniform: e^-4 .. e^0\n"
	"  qu: {type: float, min: 0, max: 1, step: 0.1}  # W&B q_uniform: "
	"multiples of q (W&B draws the two ends half as often)\n"
	"  qi: {type: int, min: 32, max: 128, step: 32}  # W&B q_uniform: "
	"multiples of q (W&B draws the two ends half as often)\n"
	"  qlv: {type: int, min: 8, max: 512, log: true}\n"
	"  qlf: {type: int, min: 1, max: 100, log: true}  # W&B passes 5.0 "
	"where hpsd passes 5 (its q is 1.0, not 1)\n";

static const char in_inference[] =
	"program: train.py\n"
	"method: random\n"
	"metric: {name: loss}\n"
	"run_cap: 4\n"
	"parameters:\n"
	"  ints: {min: 1, max: 10}\n"
	"  mixed: {min: 1, max: 10.0}\n"
	"  floats: {min: 0.5, max: 2.5}\n"
	"  forced: {distribution: uniform, min: 1, max: 3}\n";

static const char want_inference[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: random\n"
	"metric: {name: loss, goal: minimize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {trials: 4, parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python); it runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--ints={ints}\", "
	"\"--mixed={mixed}\", \"--floats={floats}\", \"--forced={forced}\"]\n"
	"workdir: .\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  ints: {type: int, min: 1, max: 10}\n"
	"  mixed: {type: float, min: 1, max: 10}\n"
	"  floats: {type: float, min: 0.5, max: 2.5}\n"
	"  forced: {type: float, min: 1, max: 3}\n";

static const char in_macros[] =
	"program: train.py\n"
	"method: grid\n"
	"metric: {name: loss, goal: minimize}\n"
	"command:\n"
	"  - ${env}\n"
	"  - ${interpreter}\n"
	"  - ${program}\n"
	"  - '--config={\"a\": 1}'\n"
	"  - ${args}\n"
	"  - ${args_no_hyphens}\n"
	"  - ${args_no_equals}\n"
	"  - --json\n"
	"  - ${args_json}\n"
	"  - --file\n"
	"  - ${args_json_file}\n"
	"parameters:\n"
	"  lr: {values: [0.1, 0.01]}\n"
	"  act: {value: relu}\n";

static const char want_macros[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: grid\n"
	"metric: {name: loss, goal: minimize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {parallel: 1}\n"
	"# ${interpreter} is python3 (W&B: python); it runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--config={{\\\"a\\\": "
	"1}}\", \"--lr={lr}\", \"--act={act}\", \"lr={lr}\", \"act={act}\", "
	"\"--lr\", \"{lr}\", \"--act\", \"{act}\", \"--json\", "
	"\"{@params_json}\", \"--file\", \"{@params_json_file}\"]\n"
	"workdir: .\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  lr: {values: [0.1, 0.01]}\n"
	"  act: {value: relu}\n";

static const char in_nested[] =
	"program: train-nested.py\n"
	"method: random\n"
	"metric: {name: loss, goal: minimize}\n"
	"run_cap: 6\n"
	"command:\n"
	"  - ${env}\n"
	"  - ${interpreter}\n"
	"  - ${program}\n"
	"  - ${args_json_file}\n"
	"parameters:\n"
	"  batch_size:\n"
	"    values: [32, 64]\n"
	"  optimizer:\n"
	"    parameters:\n"
	"      lr:\n"
	"        distribution: log_uniform_values\n"
	"        min: 0.0001\n"
	"        max: 0.1\n"
	"      nadam:\n"
	"        parameters:\n"
	"          beta:\n"
	"            values: [0.9, 0.95]\n";

static const char want_nested[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: random\n"
	"metric: {name: loss, goal: minimize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {trials: 6, parallel: 1}\n"
	"# ${interpreter} is python3 (W&B: python); it runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train-nested.py, "
	"\"{@params_json_file}\"]\n"
	"workdir: .\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  batch_size: {values: [32, 64]}\n"
	"  optimizer.lr: {type: float, min: 0.0001, max: 0.1, log: true}\n"
	"  optimizer.nadam.beta: {values: [0.9, 0.95]}\n";

static const char in_hyperband_min_iter[] =
	"program: train.py\n"
	"method: random\n"
	"metric: {name: val_loss, goal: minimize, target: 0.05}\n"
	"run_cap: 50\n"
	"early_terminate:\n"
	"  type: hyperband\n"
	"  min_iter: 3\n"
	"parameters:\n"
	"  lr: {min: 0.001, max: 0.1}\n";

static const char want_hyperband_min_iter[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: random\n"
	"metric: {name: val_loss, goal: minimize, summary: last, target: "
	"0.05}\n"
	"# target: the study stops once a trial reaches it, as W&B's sweep "
	"does.\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {trials: 50, parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python); it runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--lr={lr}\"]\n"
	"workdir: .\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  lr: {type: float, min: 0.001, max: 0.1}\n"
	"# W&B hyperband (min_iter) as ASHA: trials are judged at steps 3, "
	"9, 27, 81, ... as in W&B;\n"
	"# a step is the epoch= the program prints (W&B counts logged "
	"values).\n"
	"early_stopping: {rule: asha, min_steps: 3, eta: 3}\n";

static const char in_hyperband_max_iter[] =
	"program: train.py\n"
	"method: random\n"
	"metric: {name: val_acc, goal: maximize}\n"
	"run_cap: 50\n"
	"early_terminate:\n"
	"  type: hyperband\n"
	"  max_iter: 27\n"
	"  s: 2\n"
	"  eta: 3\n"
	"parameters:\n"
	"  lr: {min: 0.001, max: 0.1}\n";

static const char want_hyperband_max_iter[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: random\n"
	"metric: {name: val_acc, goal: maximize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {trials: 50, parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python); it runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--lr={lr}\"]\n"
	"workdir: .\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  lr: {type: float, min: 0.001, max: 0.1}\n"
	"# W&B hyperband (max_iter, s) as ASHA: trials are judged at steps "
	"3, 9 as in W&B;\n"
	"# a step is the epoch= the program prints (W&B counts logged "
	"values).\n"
	"early_stopping: {rule: asha, min_steps: 3, max_steps: 27, eta: 3}\n";

static const char in_grid[] =
	"name: grid-sweep\n"
	"description: |\n"
	"  A grid over\n"
	"  three parameters.\n"
	"project: demo\n"
	"entity: me\n"
	"program: train.py\n"
	"method: grid\n"
	"metric: {name: val_acc, goal: maximize}\n"
	"parameters:\n"
	"  x: {distribution: q_uniform, min: 0.05, max: 1, q: 0.1}\n"
	"  n: {distribution: q_uniform, min: 1, max: 10, q: 3}\n"
	"  d: {min: 1, max: 3}\n"
	"  aug: {values: [True, False]}\n";

static const char want_grid[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: grid-sweep\n"
	"# description: A grid over three parameters.\n"
	"# W&B project (not used by hpsd): demo\n"
	"# W&B entity (not used by hpsd): me\n"
	"method: grid\n"
	"metric: {name: val_acc, goal: maximize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python); it runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--x={x}\", "
	"\"--n={n}\", \"--d={d}\", \"--aug={aug}\"]\n"
	"workdir: .\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  x: {type: float, min: 0.05, max: 0.95, step: 0.1}  # W&B grid "
	"q_uniform: min, min+q, ... < max\n"
	"  n: {type: int, min: 1, max: 7, step: 3}  # W&B grid q_uniform: "
	"min, min+q, ... < max\n"
	"  d: {type: int, min: 1, max: 3}\n"
	"  aug: {values: [true, false]}\n";

TEST(default_command)
{
	struct hps_space *sp;

	sp = translate_ok(in_default_command, want_default_command);
	ASSERT_STR_EQ(sp->method, "bayes");
	ASSERT_EQ(sp->trials, 30);
	ASSERT_EQ(sp->parallel, 1);
	ASSERT_EQ(sp->summary, HPS_SUM_LAST);
	ASSERT_EQ(sp->has_target, 0);
	ASSERT_STR_EQ(sp->argv[0], "/usr/bin/env");
	ASSERT_STR_EQ(sp->argv[1], "python3");
	ASSERT_STR_EQ(sp->argv[2], "train.py");
	ASSERT_STR_EQ(sp->argv[3], "--learning_rate={learning_rate}");
	ASSERT_EQ(sp->argc, 6);
	hps_space_free(sp);
}

TEST(every_distribution)
{
	struct hps_space *sp;
	const struct hps_param *p;

	sp = translate_ok(in_distributions, want_distributions);
	p = param(sp, "lu");
	ASSERT(p->type == HPS_P_FLOAT && p->log);
	ASSERT_EQ_DBL(p->min, exp(-4), 1e-15);
	ASSERT_EQ_DBL(p->max, 1, 0);
	/* round(U(0.04, 0.96) / 0.1) * 0.1: 0, 0.1, ..., 1. */
	ASSERT_EQ(hps_param_grid_size(param(sp, "qu")), 11);
	/* An integer q gives integers: 32, 64, 96, 128. */
	p = param(sp, "qi");
	ASSERT(p->type == HPS_P_INT);
	ASSERT_EQ(hps_param_grid_size(p), 4);
	p = param(sp, "qlv");
	ASSERT(p->type == HPS_P_INT && p->log);
	/* W&B's "yes" is PyYAML's True. */
	p = param(sp, "cat");
	ASSERT_EQ(p->values[4].kind, HPS_V_BOOL);
	ASSERT_EQ(p->values[3].kind, HPS_V_INT);
	hps_space_free(sp);
}

TEST(int_or_float_as_wandb_infers)
{
	struct hps_space *sp;

	sp = translate_ok(in_inference, want_inference);
	ASSERT(param(sp, "ints")->type == HPS_P_INT);
	ASSERT(param(sp, "mixed")->type == HPS_P_FLOAT);
	ASSERT(param(sp, "floats")->type == HPS_P_FLOAT);
	ASSERT(param(sp, "forced")->type == HPS_P_FLOAT);
	hps_space_free(sp);
}

TEST(every_macro)
{
	static const char *const want[] = {
		"/usr/bin/env", "python3", "train.py", "--config={\"a\": 1}",
		"--lr=0.01", "--act=relu", "lr=0.01", "act=relu", "--lr",
		"0.01", "--act", "relu", "--json",
		"{\"lr\":0.01,\"act\":\"relu\"}", "--file",
	};
	struct hps_value v[2] = {
		{HPS_V_FLOAT, 0.01, NULL}, {HPS_V_STR, 0, "relu"},
	};
	struct hps_space *sp;
	char **argv, file[256], *dir = trial_dir();
	size_t i;

	sp = translate_ok(in_macros, want_macros);
	ASSERT_EQ(hps_space_argv(sp, v, dir, &argv), 0);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		ASSERT_STR_EQ(argv[i], want[i]);
	snprintf(file, sizeof file, "%s/params-nested.json", dir);
	ASSERT_STR_EQ(argv[i], file);
	ASSERT(argv[i + 1] == NULL);
	ASSERT_STR_EQ(slurp(file), "{\"lr\":0.01,\"act\":\"relu\"}\n");
	hps_argv_free(argv);
	rm_dir(dir);
	hps_space_free(sp);
}

/* Nested dictionaries: dotted names here, nested again in the JSON. */
TEST(nested_parameters)
{
	struct hps_value v[3] = {
		{HPS_V_INT, 32, NULL}, {HPS_V_FLOAT, 0.25, NULL},
		{HPS_V_FLOAT, 0.5, NULL},
	};
	struct hps_space *sp;
	char **argv, *dir = trial_dir();

	sp = translate_ok(in_nested, want_nested);
	ASSERT_EQ(sp->nparams, 3);
	ASSERT_STR_EQ(sp->params[2].name, "optimizer.nadam.beta");
	ASSERT_EQ(hps_space_argv(sp, v, dir, &argv), 0);
	ASSERT_STR_EQ(slurp(argv[3]), "{\"batch_size\":32,\"optimizer\":"
	    "{\"lr\":0.25,\"nadam\":{\"beta\":0.5}}}\n");
	hps_argv_free(argv);
	rm_dir(dir);
	hps_space_free(sp);
}

static void
expect_asha(const struct hps_space *sp, double min, double max)
{
	const struct hps_section *s = hps_space_section(sp, "early_stopping");

	ASSERT(s != NULL);
	ASSERT_STR_EQ(hps_section_str(s, "rule", NULL), "asha");
	ASSERT_EQ_DBL(hps_section_num(s, "min_steps", -1), min, 0);
	ASSERT_EQ_DBL(hps_section_num(s, "max_steps", 0), max, 0);
	ASSERT_EQ_DBL(hps_section_num(s, "eta", -1), 3, 0);
}

TEST(hyperband_min_iter)
{
	struct hps_space *sp;

	sp = translate_ok(in_hyperband_min_iter, want_hyperband_min_iter);
	expect_asha(sp, 3, 0);
	/* The metric's target comes along. */
	ASSERT_EQ(sp->has_target, 1);
	ASSERT_EQ_DBL(sp->target, 0.05, 0);
	hps_space_free(sp);
}

/* max_iter 27, s 2, eta 3: W&B's bands 9 and 3 are ASHA's 3, 9 < 27. */
TEST(hyperband_max_iter_s)
{
	struct hps_space *sp;

	sp = translate_ok(in_hyperband_max_iter, want_hyperband_max_iter);
	expect_asha(sp, 3, 27);
	ASSERT_EQ(sp->goal, HPS_MAXIMIZE);
	hps_space_free(sp);
}

/* W&B's grid: numpy's arange for q_uniform, every int of int_uniform. */
TEST(grid_as_wandb_walks_it)
{
	struct hps_space *sp;
	struct hps_value v;

	sp = translate_ok(in_grid, want_grid);
	ASSERT_STR_EQ(sp->name, "grid-sweep");
	ASSERT_STR_EQ(sp->method, "grid");
	ASSERT_EQ(sp->trials, 0);
	/* arange(0.05, 1, 0.1): 0.05 ... 0.95, ten points. */
	ASSERT_EQ(hps_param_grid_size(param(sp, "x")), 10);
	ASSERT_EQ(hps_param_grid_value(param(sp, "x"), 9, &v), 0);
	ASSERT_EQ_DBL(v.num, 0.95, 1e-12);
	/* arange(1, 10, 3): 1, 4, 7. */
	ASSERT_EQ(hps_param_grid_size(param(sp, "n")), 3);
	ASSERT_EQ(hps_param_grid_size(param(sp, "d")), 3);
	ASSERT_EQ(hps_param_grid_size(param(sp, "aug")), 2);
	hps_space_free(sp);
}

TEST(name_falls_back_to_the_file)
{
	struct hps_space *sp;

	sp = translate_ok("name: my sweep!\nprogram: t.py\nmethod: grid\n"
	    "metric: {name: loss}\nparameters:\n  x: {values: [1]}\n", NULL);
	ASSERT_STR_EQ(sp->name, "sweep");
	hps_space_free(sp);
	sp = translate_ok("name: lr-sweep.v2\nprogram: t.py\nmethod: grid\n"
	    "metric: {name: loss}\nparameters:\n  x: {values: [1]}\n", NULL);
	ASSERT_STR_EQ(sp->name, "lr-sweep.v2");
	hps_space_free(sp);
}

TEST(recognises_sweeps)
{
	static const char *const yes[] = {
		"program: train.py\n",
		"run_cap: 3\n",
		"name: x\ncommand:\n  - ${env}\n  - ./t\n",
		"parameters:\n  x: {distribution: uniform, min: 0, max: 1}\n",
		"parameters:\n  opt:\n    parameters:\n      lr: {value: 1}\n",
		"early_terminate: {type: hyperband, min_iter: 1}\n",
	};
	static const char *const no[] = {
		"name: t\ncommand: ./train {lr}\nmetric: {name: l, goal: "
		    "minimize}\nbudget: {trials: 2}\nparameters:\n  lr: "
		    "{type: float, min: 0, max: 1}\n",
		"name: t\ncommand: [./t, '${x}']\n",
		"[1, 2]\n", "", "a: [\n",
	};
	static const char nul[] = "name: t\0program: x\n";
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		ASSERT_EQ(hps_wandb_is_sweep(yes[i], strlen(yes[i])), 1);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		ASSERT_EQ(hps_wandb_is_sweep(no[i], strlen(no[i])), 0);
	/* Not YAML at all: hps_space_parse says what is wrong. */
	ASSERT_EQ(hps_wandb_is_sweep(nul, sizeof nul - 1), 0);
	ASSERT_EQ(hps_wandb_is_sweep(NULL, 0), 0);
}

/* The heads most error cases share. */
#define B "program: t.py\nmethod: random\nmetric: {name: loss}\nrun_cap: 3\n"
#define G "program: t.py\nmethod: grid\nmetric: {name: loss}\n"
#define X "parameters:\n  x: {values: [1]}\n"

static const struct {
	const char *text, *pos, *words;
} refusals[] = {
	{B "parameters:\n  x: {distribution: normal, mu: 0, sigma: 1}\n",
	    "6:21", "distribution normal is not supported by hpsd; use "
	    "distribution: uniform"},
	{B "parameters:\n  x: {distribution: q_normal}\n", "6:21",
	    "use q_uniform"},
	{B "parameters:\n  x: {distribution: beta}\n", "6:21",
	    "use uniform with min: 0 and max: 1"},
	{B "parameters:\n  x: {distribution: log_normal}\n", "6:21",
	    "use log_uniform_values"},
	{B "parameters:\n  x: {distribution: inv_log_uniform_values, min: 1, "
	    "max: 9}\n", "6:21", "inv_log_uniform_values is not supported"},
	{B "parameters:\n  x: {distribution: q_log_uniform, min: 1, max: 3}\n",
	    "6:21", "use q_log_uniform_values"},
	{B "parameters:\n  x: {distribution: zipf, min: 1, max: 9}\n", "6:21",
	    "unknown distribution 'zipf'; hpsd takes constant,"},
	{B "parameters:\n  x: {values: [1, 2], probabilities: [0.2, 0.8]}\n",
	    "6:38", "hpsd draws every value equally often; remove "
	    "probabilities:"},
	{B "parameters:\n  x: {mu: 0, sigma: 1}\n", "6:6", "use min: and max:"},
	{B "parameters:\n  x: {}\n", "6:6", "needs value:, values:, min: and "
	    "max:, or parameters:"},
	{B "parameters:\n  x: {min: 0, max: 1, step: 0.1}\n", "6:23",
	    "unknown key 'step' in parameter 'x'"},
	{B "parameters:\n  x: {distribution: uniform, min: 0, max: 1, q: 1}\n",
	    "6:49", "'q' does not apply to distribution uniform"},
	{B "parameters:\n  x: {distribution: int_uniform, min: 0.5, max: 4}\n",
	    "6:39", "int_uniform needs integer min and max"},
	{B "parameters:\n  x: {distribution: uniform, max: 4}\n", "6:6",
	    "(distribution uniform) needs min:"},
	{B "parameters:\n  x: {min: 5, max: 5}\n", "6:12",
	    "min 5 must be less than max 5"},
	{B "parameters:\n  x: {min: a, max: 5}\n", "6:12",
	    "min must be a number"},
	{B "parameters:\n  x: {distribution: log_uniform_values, min: 0, "
	    "max: 1}\n", "6:46", "log_uniform_values needs min > 0"},
	{B "parameters:\n  x: {distribution: log_uniform, min: 1, max: 800}\n",
	    "6:39", "use log_uniform_values with min: and max: as values"},
	{B "parameters:\n  x: {distribution: q_log_uniform_values, min: 8, "
	    "max: 256, q: 8}\n", "6:64", "no hpsd equivalent (a log-scaled "
	    "int steps by 1); use q: 1, or list the values"},
	{B "parameters:\n  x: {distribution: q_log_uniform_values, min: 0.1, "
	    "max: 9}\n", "6:48", "make min at least 1"},
	{B "parameters:\n  x: {distribution: q_uniform, min: 0, max: 1, "
	    "q: 0}\n", "6:51", "q must be more than 0"},
	{B "parameters:\n  x: {values: [[64, 64], [128]]}\n", "6:16",
	    "not lists; write it as a string"},
	{B "parameters:\n  x: {value: {a: 1}}\n", "6:14", "not mappings"},
	{B "parameters:\n  x: {value: null}\n", "6:14",
	    "hpsd values cannot be null"},
	{B "parameters:\n  x: {values: []}\n", "6:15",
	    "values must be a list of at least one value"},
	{B "parameters:\n  x: {values: [1, 1.0]}\n", "6:19",
	    "value '1' is listed twice (first at line 6)"},
	{B "parameters:\n  9x: {values: [1]}\n", "6:3",
	    "bad parameter name '9x'"},
	{B "parameters:\n  x: 3\n", "6:6", "parameter 'x' must be a mapping"},
	{B "parameters: {}\n", "5:13", "parameters must be a mapping of at "
	    "least one"},
	{B "parameters:\n  x.y: {values: [1]}\n  x:\n    parameters:\n"
	    "      y: {values: [2]}\n", "9:7", "parameter 'x.y' is given "
	    "twice (first at line 6)"},
	{G "parameters:\n  x: {min: 0.0, max: 1.0}\n", "5:3",
	    "'x' (uniform) is continuous (W&B's grid refuses it too); use "
	    "values:, int_uniform or q_uniform, or method: random"},
	{G "parameters:\n  x: {distribution: q_log_uniform_values, min: 1, "
	    "max: 9}\n", "5:3", "(q_log_uniform_values) is continuous"},
	{"program: t.py\nmethod: custom\nmetric: {name: l}\n" X, "2:9",
	    "method: custom needs a W&B scheduler"},
	{"program: t.py\nmethod: hyperopt\nmetric: {name: l}\n" X, "2:9",
	    "unknown method 'hyperopt'; use grid, random or bayes"},
	{"program: t.py\nmetric: {name: loss}\n" X, "1:1",
	    "a W&B sweep needs method: grid, random or bayes"},
	{G "controller: {type: local}\n" X, "4:1",
	    "controller: is not supported by hpsd"},
	{G "job: me/proj/job:v1\n" X, "4:1", "W&B Launch jobs do not run"},
	{G "scheduler: {engine: optuna}\n" X, "4:1", "use method: grid"},
	{G "metrics: [{name: a}, {name: b}]\n" X, "4:1",
	    "hpsd optimises one metric"},
	{G "metrc: {name: x}\n" X, "4:1", "unknown key 'metrc' in a W&B "
	    "sweep; did you mean 'metric'?"},
	{G "budget: {trials: 3}\n" X, "4:1", "unknown key 'budget' in a W&B "
	    "sweep (hpsd reads program,"},
	{"program: t.py\nmethod: bayes\nmetric: {name: loss}\n" X, "1:1",
	    "W&B runs a bayes sweep until you stop it, hpsd until it has run "
	    "run_cap trials; add run_cap: N"},
	{B "run_cap: 0\n" X, "5:1", "duplicate key 'run_cap'"},
	{"program: t.py\nmethod: random\nmetric: {name: l}\nrun_cap: 0\n" X,
	    "4:10", "run_cap must be an integer from 1"},
	{"program: t.py\nmethod: grid\n" X, "1:1", "hpsd needs a metric to "
	    "optimise; add metric:"},
	{"program: t.py\nmethod: grid\nmetric: {goal: minimize}\n" X, "3:9",
	    "metric needs name:"},
	{"program: t.py\nmethod: grid\nmetric: {name: test_acc, goal: "
	    "maximize}\n" X, "3:16", "metric 'test_acc' is a test metric"},
	{"program: t.py\nmethod: grid\nmetric: {name: val loss}\n" X, "3:16",
	    "metric name 'val loss' is not one hpsd can read"},
	{"program: t.py\nmethod: grid\nmetric: {name: acc, goal: maximise}\n"
	    X, "3:27", "unknown goal 'maximise'; use minimize or maximize"},
	{"program: t.py\nmethod: grid\nmetric: {name: acc, impute: worst}\n"
	    X, "3:21", "metric.impute is not supported"},
	{"program: t.py\nmethod: grid\nmetric: {name: acc, target: high}\n"
	    X, "3:29", "target must be a number"},
	{"method: grid\nmetric: {name: loss}\n" X, "1:1", "a W&B sweep "
	    "without command: runs its program:; add program: <script>"},
	{"method: grid\nmetric: {name: l}\ncommand:\n  - ${env}\n  - "
	    "${program}\n" X, "5:5", "command uses ${program}, but the file "
	    "has no program:"},
	{G "command: ./train {x}\n" X, "4:10", "command must be a list of "
	    "words in a W&B sweep"},
	{G "command:\n  - ${env}\n  - --cfg=${args_json}\n" X, "6:5",
	    "W&B expands a macro only when it is a whole command item"},
	{G "command:\n  - ${env}\n  - ${foo}\n" X, "6:5",
	    "unknown macro ${foo}; W&B's are ${env}, ${interpreter},"},
	{G "command:\n  - ${envvar:HOME}/train\n" X, "5:5",
	    "${envvar:...} is not supported; write the value itself"},
	{G "command:\n  - ./t\n  - ${args_no_boolean_flags}\nparameters:\n"
	    "  x: {values: [yes, no]}\n", "6:5", "hpsd cannot drop an "
	    "argument by its value; use ${args}"},
	{G "parameters:\n  opt:\n    parameters:\n      lr: {values: [1]}\n",
	    "7:7", "nested parameter 'opt.lr' reaches ${args} in W&B as a "
	    "Python dict"},
	{G "command:\n  - ./t\n  - ${args_json}\nparameters:\n  a.b: "
	    "{values: [1]}\n", "8:3", "'a.b' would arrive nested; rename it"},
	{G "command:\n  - ./t\n  - ${args_json_file}\nparameters:\n  opt:\n"
	    "    parameters:\n      lr: {values: [1]}\n    value: 3\n", "11:5",
	    "a nested parameter dictionary holds only parameters:"},
	{G "command:\n  - ./t\n  - ${args_json}\nparameters:\n  "
	    "a_very_long_group_name_that_goes_on:\n    parameters:\n      "
	    "and_on_and_on_until_it_is_too_long: {values: [1]}\n", "10:7",
	    "is longer than hpsd's 64 characters"},
	{G "early_terminate: {type: envelope}\n" X, "4:25",
	    "unknown early_terminate type 'envelope'; hpsd maps type: "
	    "hyperband onto its ASHA rule"},
	{G "early_terminate: {min_iter: 3}\n" X, "4:18",
	    "early_terminate needs type: hyperband"},
	{G "early_terminate: {type: hyperband}\n" X, "4:18",
	    "hyperband needs min_iter: N, or max_iter: N with s: K"},
	{G "early_terminate: {type: hyperband, max_iter: 27}\n" X, "4:18",
	    "max_iter needs s:"},
	{G "early_terminate: {type: hyperband, max_iter: 100, s: 3}\n" X,
	    "4:46", "W&B's hyperband bands lie at steps 3, 11, 33, but hpsd's "
	    "ASHA rungs at min_steps * eta^k would be 3, 9, 27, 81; use "
	    "min_iter: 3, or max_iter: 81 with s: 3"},
	{G "early_terminate: {type: hyperband, min_iter: 2, eta: 1.5}\n" X,
	    "4:46", "bands lie at steps 2, 3, 4, 6, ..., but hpsd's ASHA rungs "
	    "at min_steps * eta^k would be 2, 3, 5, 7, ...; use an integer "
	    "eta"},
	{G "early_terminate: {type: hyperband, min_iter: 2, eta: 1}\n" X,
	    "4:54", "eta must be more than 1"},
	{G "early_terminate: {type: hyperband, min_iter: 0}\n" X, "4:46",
	    "min_iter must be an integer from 1"},
	{G "early_terminate: {type: hyperband, max_iter: 2, s: 1, eta: 3}\n"
	    X, "4:46", "leaves no band"},
	{G "early_terminate: {type: hyperband, min_iter: 2, max_iter: 27, "
	    "s: 2}\n" X, "4:59", "give min_iter, or max_iter with s, not "
	    "both"},
	{G "early_terminate: {type: hyperband, min_iter: 2, brackets: 3}\n" X,
	    "4:49", "unknown key 'brackets' in early_terminate"},
	{"- program: t.py\n", "1:1", "a W&B sweep must be a mapping"},
	{"program: t.py\n  method: [\n", "2:9", "mapping values are not "
	    "allowed"},
};

TEST(refusals_say_where_and_what_instead)
{
	char err[HPS_ERRMAX], want[256], *yaml;
	size_t i;
	int rc;

	for (i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		yaml = (char *)1;
		err[0] = '\0';
		rc = hps_wandb_translate(SWEEP, refusals[i].text,
		    strlen(refusals[i].text), &yaml, err, sizeof err);
		if (rc != HPS_EPARSE || yaml != NULL)
			TEST_FAIL_("case %zu: rc %d, want a refusal", i, rc);
		snprintf(want, sizeof want, "%s:%s: ", SWEEP, refusals[i].pos);
		if (strncmp(err, want, strlen(want)) != 0)
			TEST_FAIL_("case %zu: \"%s\" does not start with "
			    "\"%s\"", i, err, want);
		ASSERT_STR_CONTAINS(err, refusals[i].words);
	}
}

TEST(metric_target_in_space_files)
{
	static const char head[] = "name: t\ncommand: ./t {x}\nbudget: "
	    "{trials: 2}\nparameters:\n  x: {values: [1]}\n";
	struct hps_space *sp;
	char text[512], err[HPS_ERRMAX];

	snprintf(text, sizeof text, "%smetric: {name: acc, goal: maximize, "
	    "target: 0.98}\n", head);
	ASSERT_EQ(hps_space_parse(SWEEP, text, strlen(text), &sp, err,
	    sizeof err), 0);
	ASSERT_EQ(sp->has_target, 1);
	ASSERT_EQ_DBL(sp->target, 0.98, 0);
	hps_space_free(sp);
	snprintf(text, sizeof text, "%smetric: {name: acc, goal: maximize, "
	    "target: lots}\n", head);
	ASSERT_EQ(hps_space_parse(SWEEP, text, strlen(text), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "target must be a number");
	snprintf(text, sizeof text, "%smetric: {name: acc, goal: maximize, "
	    "target: 1e999}\n", head);
	ASSERT_EQ(hps_space_parse(SWEEP, text, strlen(text), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "out of range");
}

/* Whatever the bytes, a refusal or a translation that parses. */
TEST(garbage_in)
{
	static const char *const junk[] = {
		"program: \"\\x00\"\n", "program: [1]\n", "{{{{", "\xff\xfe",
		"program: t\nmethod: grid\nmetric: {name: l}\nparameters:\n"
		    "  x: {values: [\"a\\nb\", \"{c}\", '\"']}\n",
	};
	char err[HPS_ERRMAX], *yaml;
	struct hps_space *sp;
	size_t i;

	for (i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		if (hps_wandb_translate(SWEEP, junk[i], strlen(junk[i]), &yaml,
		    err, sizeof err) != 0)
			continue;
		ASSERT_EQ(hps_space_parse(SWEEP, yaml, strlen(yaml), &sp, err,
		    sizeof err), 0);
		hps_space_free(sp);
		free(yaml);
	}
	ASSERT_EQ(hps_wandb_translate(SWEEP, NULL, 0, &yaml, err, sizeof err),
	    HPS_EPARSE);
}

TEST_MAIN(default_command, every_distribution, int_or_float_as_wandb_infers,
    every_macro, nested_parameters, hyperband_min_iter, hyperband_max_iter_s,
    grid_as_wandb_walks_it, name_falls_back_to_the_file, recognises_sweeps,
    refusals_say_where_and_what_instead, metric_target_in_space_files,
    garbage_in)
