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
#include "hps/search.h"
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

/* The trial's argv for values v is exactly want (n words). */
static void
expect_argv(const struct hps_space *sp, const struct hps_value *v,
    const char *const *want, size_t n)
{
	char **argv;
	size_t i;

	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	for (i = 0; i < n; i++)
		ASSERT_STR_EQ(argv[i], want[i]);
	ASSERT(argv[i] == NULL);
	hps_argv_free(argv);
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
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, "
	"\"--batch_size={@params_py:batch_size}\", "
	"\"--epochs={@params_py:epochs}\", "
	"\"--learning_rate={@params_py:learning_rate}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  batch_size: {values: [16, 32, 64]}\n"
	"  epochs: {value: 5}\n"
	"  learning_rate: {type: float, min: 0.0001, max: 0.1, log: true}\n";

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
	"  luv: {distribution: log_uniform_values, min: 1.0e-5, max: "
	"!!float 1e-1}\n"
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
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--c={@params_py:c}\", "
	"\"--cat={@params_py:cat}\", \"--iu={@params_py:iu}\", "
	"\"--lu={@params_py:lu}\", \"--luv={@params_py:luv}\", "
	"\"--qi={@params_py:qi}\", \"--qlf={@params_py:qlf}\", "
	"\"--qlv={@params_py:qlv}\", \"--qu={@params_py:qu}\", "
	"\"--u={@params_py:u}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  c: {value: fixed}\n"
	"  cat: {values: [relu, tanh, 0.5, 3, true]}\n"
	"  iu: {type: int, min: -2, max: 8}\n"
	"  lu: {type: float, min: 0.01831563888873418, max: 1, log: true}  # "
	"W&B log_uniform: e^-4 .. e^0\n"
	"  luv: {type: float, min: 1e-05, max: 0.1, log: true}\n"
	"  qi: {type: int, min: 32, max: 128, step: 32}  # W&B q_uniform: "
	"multiples of q (W&B draws the two ends half as often)\n"
	"  qlf: {type: int, min: 1, max: 100, log: true}  # W&B passes 5.0 "
	"where hpsd passes 5 (its q is 1.0, not 1)\n"
	"  qlv: {type: int, min: 8, max: 512, log: true}\n"
	"  qu: {type: float, min: 0, max: 1, step: 0.1}  # W&B q_uniform: "
	"multiples of q (W&B draws the two ends half as often)\n"
	"  u: {type: float, min: 0, max: 1}\n";

static const char in_inference[] =
	"program: train.py\n"
	"method: random\n"
	"metric: {name: loss}\n"
	"run_cap: 4\n"
	"parameters:\n"
	"  ints: {min: 1, max: 10}\n"
	"  mixed: {distribution: uniform, min: 1, max: 10.0}\n"
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
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, "
	"\"--floats={@params_py:floats}\", "
	"\"--forced={@params_py:forced}\", \"--ints={@params_py:ints}\", "
	"\"--mixed={@params_py:mixed}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  floats: {type: float, min: 0.5, max: 2.5}\n"
	"  forced: {type: float, min: 1, max: 3}\n"
	"  ints: {type: int, min: 1, max: 10}\n"
	"  mixed: {type: float, min: 1, max: 10}\n";

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
	"  - ${args_append_hydra}\n"
	"  - ${args_override_hydra}\n"
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
	"# W&B's grid order: itertools.product over the parameters sorted by "
	"name.\n"
	"grid: {order: listed}\n"
	"metric: {name: loss, goal: minimize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {parallel: 1}\n"
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--config={{\\\"a\\\": "
	"1}}\", \"--act={@params_py:act}\", \"--lr={@params_py:lr}\", "
	"\"act={@params_py:act}\", \"lr={@params_py:lr}\", "
	"\"--act\", \"{@params_py:act}\", \"--lr\", \"{@params_py:lr}\", "
	"\"+act={@params_py:act}\", "
	"\"+lr={@params_py:lr}\", \"++act={@params_py:act}\", "
	"\"++lr={@params_py:lr}\", \"--json\", "
	"\"{@params_json}\", \"--file\", \"{@params_json_file}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  act: {value: relu}\n"
	"  lr: {values: [0.1, 0.01]}\n";

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
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train-nested.py, "
	"\"{@params_json_file}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: nested\n"
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
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--lr={@params_py:lr}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  lr: {type: float, min: 0.001, max: 0.1}\n"
	"# W&B's hyperband: bands count the values a trial has reported, and "
	"a trial\n"
	"# is stopped exactly when W&B's hyperband_stop_runs would stop it.\n"
	"early_stopping: {rule: hyperband, min_iter: 3, eta: 3}\n";

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
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--lr={@params_py:lr}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  lr: {type: float, min: 0.001, max: 0.1}\n"
	"# W&B's hyperband: bands count the values a trial has reported, and "
	"a trial\n"
	"# is stopped exactly when W&B's hyperband_stop_runs would stop it.\n"
	"early_stopping: {rule: hyperband, max_iter: 27, s: 2, eta: 3}\n";

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
	"# W&B's grid order: itertools.product over the parameters sorted by "
	"name.\n"
	"grid: {order: listed}\n"
	"metric: {name: val_acc, goal: maximize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, "
	"\"--aug={@params_py:aug}\", "
	"\"--d={@params_py:d}\", \"--n={@params_py:n}\", "
	"\"--x={@params_py:x}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  aug: {values: [true, false]}\n"
	"  d: {type: int, min: 1, max: 3}\n"
	"  n: {type: int, min: 1, max: 7, step: 3}  # W&B grid q_uniform: "
	"min, min+q, ... < max\n"
	"  x: {type: float, min: 0.05, max: 0.95, step: 0.1}  # W&B grid "
	"q_uniform: min, min+q, ... < max\n";

static const char in_open_ended[] =
	"# No run_cap: W&B runs it until the agent's --count or a person "
	"stops it.\n"
	"program: train.py\n"
	"method: bayes\n"
	"metric: {name: val_loss, goal: minimize}\n"
	"parameters:\n"
	"  lr: {min: 0.0001, max: 0.1}\n";

static const char want_open_ended[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: bayes\n"
	"metric: {name: val_loss, goal: minimize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"# No run_cap: like W&B, the study runs until you stop it (hps "
	"cancel),\n"
	"# or reaches metric.target; hps submit --trials N runs N, as wandb "
	"agent --count N.\n"
	"budget: {parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--lr={@params_py:lr}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  lr: {type: float, min: 0.0001, max: 0.1}\n";

/* What published sweeps do: controller, a Launch job beside program,
 * impute, literal words, constant flags, a repeated grid value, and
 * hyperband keys W&B ignores. */
static const char in_idioms[] =
	"description: the idioms of published sweeps\n"
	"program: train.py\n"
	"method: grid\n"
	"controller:\n"
	"  type: local\n"
	"job: me/proj/job:v1\n"
	"metric: {name: val_loss, goal: minimize, impute: best}\n"
	"command:\n"
	"  - ${env}\n"
	"  - python\n"
	"  - ${program}\n"
	"  - ${args_no_boolean_flags}\n"
	"  - --epochs\n"
	"  - 010\n"
	"  - --scale\n"
	"  - 1.50\n"
	"  - yes\n"
	"parameters:\n"
	"  lr: {values: [0.1, 0.01, 0.1]}\n"
	"  fp16: {value: true}\n"
	"  cpu: {value: off}\n"
	"  opt: {values: [adam, sgd]}\n"
	"early_terminate:\n"
	"  type: hyperband\n"
	"  min_iter: 3\n"
	"  max_iter: 27\n"
	"  s: 2\n"
	"  brackets: 3\n"
	"  strict: false\n";

static const char want_idioms[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"# description: the idioms of published sweeps\n"
	"# W&B controller (local): hpsd chooses and stops the trials itself, "
	"the same way.\n"
	"# W&B Launch job 'me/proj/job:v1' is for wandb launch-sweep; like "
	"wandb agent, hpsd runs the command.\n"
	"method: grid\n"
	"# W&B's grid order: itertools.product over the parameters sorted by "
	"name.\n"
	"grid: {order: listed}\n"
	"# W&B's metric.impute (best) is for W&B's Bayesian model; hpsd's "
	"bayes learns\n"
	"# from finished trials only, and never from an imputed value.\n"
	"metric: {name: val_loss, goal: minimize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"budget: {parallel: 1}\n"
	"# It runs in this file's directory.\n"
	"command: [/usr/bin/env, python, train.py, \"--fp16\", "
	"\"--lr={@params_py:lr}\", \"--opt={@params_py:opt}\", \"--epochs\", "
	"\"8\", \"--scale\", "
	"\"1.5\", \"True\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  cpu: {value: false}\n"
	"  fp16: {value: true}\n"
	"  lr: {values: [0.1, 0.01]}  # '0.1' once, as W&B's grid runs it\n"
	"  opt: {values: [adam, sgd]}\n"
	"# early_terminate.brackets is not a hyperband key; W&B ignores it, "
	"and so does this.\n"
	"# W&B's hyperband: bands count the values a trial has reported, and "
	"a trial\n"
	"# is stopped exactly when W&B's hyperband_stop_runs would stop it.\n"
	"# W&B ignores min_iter beside max_iter and s.\n"
	"early_stopping: {rule: hyperband, max_iter: 27, s: 2, eta: 3, "
	"strict: false}\n";

/* Values as PyYAML (YAML 1.1) reads them; see also e2e.wandb_yaml11. */
static const char in_yaml11[] =
	"program: train.py\n"
	"method: random\n"
	"metric: {name: acc, goal: maximize}\n"
	"early_terminate: {type: hyperband, min_iter: 100, s: 2}\n"
	"parameters:\n"
	"  x: {values: [010, 0o10, 1:30, 1_000, 0x10, 1e-5, 1.0e5, 1.5e+3, "
	".5, 1., 09, +2, yes, Off, \"on\", !!float 3, !!int \"12\", !!str 4, "
	"2.5]}\n"
	"  t: {distribution: uniform, min: 0b11, max: !!float 1e1}\n";

static const char want_yaml11[] =
	HEADER
	"# (hps convert prints it; edit and submit it like any space file).\n"
	"name: sweep\n"
	"method: random\n"
	"metric: {name: acc, goal: maximize, summary: last}\n"
	"# W&B agents run one trial at a time: raise parallel to run more at "
	"once.\n"
	"# No run_cap: like W&B, the study runs until you stop it (hps "
	"cancel),\n"
	"# or reaches metric.target; hps submit --trials N runs N, as wandb "
	"agent --count N.\n"
	"budget: {parallel: 1}\n"
	"# W&B's default command: ${env} ${interpreter} ${program} ${args}.\n"
	"# ${interpreter} is python3 (W&B: python). It runs in this file's "
	"directory.\n"
	"command: [/usr/bin/env, python3, train.py, \"--t={@params_py:t}\", "
	"\"--x={@params_py:x}\"]\n"
	"workdir: .\n"
	"# wandb.init() reads the trial's values from W&B's run config file, "
	"as under wandb agent.\n"
	"wandb_config: flat\n"
	"# print() reaches hpsd at once, not when the buffer fills.\n"
	"env: {PYTHONUNBUFFERED: \"1\"}\n"
	"parameters:\n"
	"  t: {type: float, min: 3, max: 10}\n"
	"  x: {values: [8, \"0o10\", 90, 1000, 16, \"1e-5\", \"1.0e5\", "
	"1500.0, 0.5, 1.0, \"09\", 2, true, false, \"on\", 3.0, 12, \"4\", "
	"2.5]}\n"
	"# W&B's hyperband: bands count the values a trial has reported, and "
	"a trial\n"
	"# is stopped exactly when W&B's hyperband_stop_runs would stop it.\n"
	"# W&B ignores s beside min_iter (s counts the bands below "
	"max_iter).\n"
	"early_stopping: {rule: hyperband, min_iter: 100, eta: 3}\n";

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
	/* W&B's order: the parameters sorted by name. */
	ASSERT_STR_EQ(sp->argv[3], "--batch_size={@params_py:batch_size}");
	ASSERT_STR_EQ(sp->argv[5],
	    "--learning_rate={@params_py:learning_rate}");
	ASSERT_EQ(sp->argc, 6);
	ASSERT_EQ(sp->wandb_config, HPS_WANDB_CONFIG_FLAT);
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
		"--act=relu", "--lr=0.01", "act=relu", "lr=0.01", "--act",
		"relu", "--lr", "0.01", "+act=relu", "+lr=0.01", "++act=relu",
		"++lr=0.01", "--json", "{\"act\":\"relu\",\"lr\":0.01}",
		"--file",
	};
	struct hps_value v[2] = {
		{HPS_V_STR, 0, "relu"}, {HPS_V_FLOAT, 0.01, NULL},
	};
	struct hps_space *sp;
	char **argv, file[256], *dir = trial_dir();
	size_t i;

	sp = translate_ok(in_macros, want_macros);
	ASSERT_EQ(hps_space_argv(sp, v, dir, 0, &argv), 0);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		ASSERT_STR_EQ(argv[i], want[i]);
	snprintf(file, sizeof file, "%s/params-nested.json", dir);
	ASSERT_STR_EQ(argv[i], file);
	ASSERT(argv[i + 1] == NULL);
	ASSERT_STR_EQ(slurp(file), "{\"act\":\"relu\",\"lr\":0.01}\n");
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
	ASSERT_EQ(hps_space_argv(sp, v, dir, 0, &argv), 0);
	ASSERT_STR_EQ(slurp(argv[3]), "{\"batch_size\":32,\"optimizer\":"
	    "{\"lr\":0.25,\"nadam\":{\"beta\":0.5}}}\n");
	hps_argv_free(argv);
	rm_dir(dir);
	hps_space_free(sp);
}

/* The rule hyperband with W&B's numbers (0: the option is absent). */
static void
expect_hyperband(const struct hps_space *sp, double min_iter,
    double max_iter, double s_bands, int strict)
{
	const struct hps_section *s = hps_space_section(sp, "early_stopping");

	ASSERT(s != NULL);
	ASSERT_STR_EQ(hps_section_str(s, "rule", NULL), "hyperband");
	ASSERT_EQ_DBL(hps_section_num(s, "min_iter", 0), min_iter, 0);
	ASSERT_EQ_DBL(hps_section_num(s, "max_iter", 0), max_iter, 0);
	ASSERT_EQ_DBL(hps_section_num(s, "s", 0), s_bands, 0);
	ASSERT_EQ_DBL(hps_section_num(s, "eta", -1), 3, 0);
	ASSERT_EQ(hps_section_bool(s, "strict", 1), strict);
}

TEST(hyperband_min_iter)
{
	struct hps_space *sp;

	sp = translate_ok(in_hyperband_min_iter, want_hyperband_min_iter);
	expect_hyperband(sp, 3, 0, 0, 1);
	/* The metric's target comes along. */
	ASSERT_EQ(sp->has_target, 1);
	ASSERT_EQ_DBL(sp->target, 0.05, 0);
	hps_space_free(sp);
}

/* max_iter 27, s 2, eta 3: W&B's numbers, the rule's bands 3 and 9. */
TEST(hyperband_max_iter_s)
{
	struct hps_space *sp;

	sp = translate_ok(in_hyperband_max_iter, want_hyperband_max_iter);
	expect_hyperband(sp, 0, 27, 2, 1);
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

/* Without run_cap a random or bayes sweep is open-ended, as in W&B. */
TEST(open_ended_without_run_cap)
{
	struct hps_space *sp;

	sp = translate_ok(in_open_ended, want_open_ended);
	ASSERT_EQ(sp->trials, 0);
	ASSERT_STR_EQ(sp->method, "bayes");
	hps_space_free(sp);
}

TEST(idioms_of_published_sweeps)
{
	static const char *const want[] = {"/usr/bin/env", "python",
	    "train.py", "--fp16", "--lr=0.01", "--opt=sgd", "--epochs", "8",
	    "--scale", "1.5", "True"};
	struct hps_value v[4] = {
		{HPS_V_BOOL, 0, NULL}, {HPS_V_BOOL, 1, NULL},
		{HPS_V_FLOAT, 0.01, NULL}, {HPS_V_STR, 0, "sgd"},
	};
	struct hps_space *sp;

	sp = translate_ok(in_idioms, want_idioms);
	/* A grid runs a repeated value once, as W&B's does. */
	ASSERT_EQ(param(sp, "lr")->nvalues, 2);
	expect_hyperband(sp, 0, 27, 2, 0);
	expect_argv(sp, v, want, sizeof want / sizeof want[0]);
	hps_space_free(sp);
}

/*
 * A nested group through ${args}: W&B's agent writes f"--{k}={v}" with v
 * a dict, so the program gets Python's repr of it, as here.
 */
TEST(nested_group_through_args_as_a_python_dict)
{
	static const char text[] = "program: t.py\nmethod: grid\n"
	    "metric: {name: l, goal: minimize}\ncommand:\n  - ${program}\n"
	    "  - ${args}\n  - ${args_no_equals}\nparameters:\n  bs: "
	    "{value: 32}\n  opt:\n    parameters:\n      lr: {values: "
	    "[0.001]}\n      name: {value: \"it's\"}\n      nadam:\n"
	    "        parameters:\n          beta: {value: 1.0}\n"
	    "          on: {value: yes}\n";
	static const char *const want[] = {"t.py", "--bs=32",
	    "--opt={'lr': 1e-05, 'nadam': {'beta': 1.0, 'on': True}, "
	    "'name': \"it's\"}", "--bs", "32", "--opt",
	    "{'lr': 1e-05, 'nadam': {'beta': 1.0, 'on': True}, "
	    "'name': \"it's\"}"};
	struct hps_value v[5] = {
		{HPS_V_INT, 32, NULL}, {HPS_V_FLOAT, 1e-5, NULL},
		{HPS_V_FLOAT, 1, NULL}, {HPS_V_BOOL, 1, NULL},
		{HPS_V_STR, 0, "it's"},
	};
	static const char bad[] = "name: t\ncommand: [./t, "
	    "'{@params_py:opt}']\nmetric: {name: l, goal: minimize}\n"
	    "parameters:\n  lr: {value: 1}\n";
	struct hps_space *sp;
	char **argv, err[HPS_ERRMAX];
	size_t i;

	sp = translate_ok(text, NULL);
	ASSERT_STR_EQ(sp->params[1].name, "opt.lr");
	ASSERT_STR_EQ(sp->params[4].name, "opt.name");
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		ASSERT_STR_EQ(argv[i], want[i]);
	ASSERT(argv[i] == NULL);
	hps_argv_free(argv);
	hps_space_free(sp);
	/* A group no parameter is in is refused where it is written. */
	ASSERT_EQ(hps_space_parse(SWEEP, bad, strlen(bad), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "sweep.yaml:2:16: command uses "
	    "{@params_py:opt}, but no parameter is named opt or opt.<name>");
}

/* The i-th suggestion of a grid as "v,v,...". */
static void
grid_key(const struct hps_space *sp, void *state, uint64_t i, char *key,
    size_t len)
{
	struct hps_ask ask = {sp, NULL, 0, NULL, 0, i, NULL, 0};
	struct hps_value v[8];
	size_t k, off = 0;

	ASSERT(sp->nparams <= 8);
	ASSERT_EQ(hps_search_grid.suggest(state, &ask, v), 0);
	for (k = 0; k < sp->nparams; k++) {
		off += (size_t)hps_value_format(&v[k], key + off, len - off);
		key[off++] = k + 1 < sp->nparams ? ',' : '\0';
		hps_value_clear(&v[k]);
	}
}

/*
 * wandb/sweeps' grid tests with their order checked: itertools.product
 * over the parameters sorted by name, values as listed, a repeated value
 * once (test_grid_search.py); int_uniform and q_uniform as W&B lists
 * them (range, numpy's arange).
 */
TEST(grid_order_as_wandb_walks_it)
{
	static const char dup[] = "program: t.py\nmethod: grid\n"
	    "metric: {name: l, goal: minimize}\nparameters:\n"
	    "  v2: {values: [1, 2, 3]}\n  v1: {values: [a, b, c, a]}\n";
	static const char *const want_dup[] = {"a,1", "a,2", "a,3", "b,1",
	    "b,2", "b,3", "c,1", "c,2", "c,3"};
	static const char ranges[] = "program: t.py\nmethod: grid\n"
	    "metric: {name: l, goal: minimize}\nparameters:\n"
	    "  q: {distribution: q_uniform, min: 0, max: 1, q: 0.5}\n"
	    "  i: {min: 1, max: 2}\n  c: {value: k}\n";
	static const char *const want_ranges[] = {"k,1,0", "k,1,0.5",
	    "k,2,0", "k,2,0.5"};
	char err[HPS_ERRMAX], key[64];
	struct hps_space *sp;
	void *state;
	size_t i;

	sp = translate_ok(dup, NULL);
	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	ASSERT_EQ(hps_grid_size(sp), 9);
	for (i = 0; i < 9; i++) {
		grid_key(sp, state, i, key, sizeof key);
		ASSERT_STR_EQ(key, want_dup[i]);
	}
	hps_search_grid.free(state);
	hps_space_free(sp);
	sp = translate_ok(ranges, NULL);
	ASSERT_EQ(hps_search_grid.alloc(&state, sp, err, sizeof err), 0);
	ASSERT_EQ(hps_grid_size(sp), 4);
	for (i = 0; i < 4; i++) {
		grid_key(sp, state, i, key, sizeof key);
		ASSERT_STR_EQ(key, want_ranges[i]);
	}
	hps_search_grid.free(state);
	hps_space_free(sp);
}

/* A key given twice keeps its last value, as PyYAML loads it. */
TEST(repeated_key_keeps_the_last)
{
	static const char text[] = "program: t.py\nmethod: grid\n"
	    "metric: {name: l, goal: minimize}\nparameters:\n  x:\n"
	    "    values: [1, 2]\n    values: [3, 4, 5]\n";
	struct hps_space *sp;

	sp = translate_ok(text, NULL);
	ASSERT_EQ(param(sp, "x")->nvalues, 3);
	ASSERT_STR_CONTAINS(sp->text, "# 'values' is given twice (lines 6 "
	    "and 7); like W&B (PyYAML), hpsd keeps the last.\n");
	hps_space_free(sp);
}

/* The values PyYAML (and so W&B) reads: 010 is 8, 1e-5 a string. */
TEST(scalars_as_pyyaml_reads_them)
{
	static const struct {
		enum hps_vkind kind;
		double num;
		const char *str;
	} want[] = {
		{HPS_V_INT, 8, NULL}, {HPS_V_STR, 0, "0o10"},
		{HPS_V_INT, 90, NULL}, {HPS_V_INT, 1000, NULL},
		{HPS_V_INT, 16, NULL}, {HPS_V_STR, 0, "1e-5"},
		{HPS_V_STR, 0, "1.0e5"}, {HPS_V_FLOAT, 1500, NULL},
		{HPS_V_FLOAT, 0.5, NULL}, {HPS_V_FLOAT, 1, NULL},
		{HPS_V_STR, 0, "09"}, {HPS_V_INT, 2, NULL},
		{HPS_V_BOOL, 1, NULL}, {HPS_V_BOOL, 0, NULL},
		{HPS_V_STR, 0, "on"}, {HPS_V_FLOAT, 3, NULL},
		{HPS_V_INT, 12, NULL}, {HPS_V_STR, 0, "4"},
		{HPS_V_FLOAT, 2.5, NULL},
	};
	const struct hps_param *p;
	struct hps_space *sp;
	size_t i;

	sp = translate_ok(in_yaml11, want_yaml11);
	p = param(sp, "x");
	ASSERT_EQ(p->nvalues, sizeof want / sizeof want[0]);
	for (i = 0; i < p->nvalues; i++) {
		ASSERT_EQ(p->values[i].kind, want[i].kind);
		if (want[i].str != NULL)
			ASSERT_STR_EQ(p->values[i].str, want[i].str);
		else
			ASSERT_EQ_DBL(p->values[i].num, want[i].num, 0);
	}
	/* 0b11 is 3; !!float 1e1 is 10. */
	p = param(sp, "t");
	ASSERT_EQ(p->type, HPS_P_FLOAT);
	ASSERT_EQ_DBL(p->min, 3, 0);
	ASSERT_EQ_DBL(p->max, 10, 0);
	expect_hyperband(sp, 100, 0, 0, 1);
	hps_space_free(sp);
}

/*
 * W&B's run config file, as wandb agent writes it and PyYAML reads it
 * back: floats as Python writes them, strings YAML 1.1 would misread
 * quoted, keys too ("on" is a boolean to PyYAML).
 */
TEST(run_config_file_as_wandb_writes_it)
{
	static const char space[] = "name: t\ncommand: [./t]\n"
	    "metric: {name: l, goal: minimize}\nwandb_config: flat\n"
	    "parameters:\n  lr: {type: float, min: 1.0e-6, max: 1}\n"
	    "  width: {type: float, min: 1, max: 8}\n"
	    "  n: {type: int, min: 1, max: 9}\n  on: {type: bool}\n"
	    "  act: {values: [relu, \"yes\", \"010\", \"a b\"]}\n"
	    "  opt.lr: {value: 3}\n";
	struct hps_value v[6] = {
		{HPS_V_FLOAT, 1e-5, NULL}, {HPS_V_FLOAT, 3, NULL},
		{HPS_V_INT, 7, NULL}, {HPS_V_BOOL, 1, NULL},
		{HPS_V_STR, 0, "yes"}, {HPS_V_INT, 3, NULL},
	};
	struct hps_value nv[3] = {
		{HPS_V_INT, 32, NULL}, {HPS_V_FLOAT, 0.25, NULL},
		{HPS_V_FLOAT, 0.5, NULL},
	};
	struct hps_space *sp;
	char err[HPS_ERRMAX], path[256], *text, *dir = trial_dir();

	ASSERT_EQ(hps_space_parse(SWEEP, space, strlen(space), &sp, err,
	    sizeof err), 0);
	ASSERT_EQ(sp->wandb_config, HPS_WANDB_CONFIG_FLAT);
	text = hps_wandb_config_text(sp, v);
	ASSERT_STR_EQ(text, "wandb_version: 1\n\nlr:\n  value: 1.0e-05\n"
	    "width:\n  value: 3.0\n\"n\":\n  value: 7\n\"on\":\n  value: true\n"
	    "act:\n  value: \"yes\"\nopt.lr:\n  value: 3\n");
	free(text);
	v[4].str = "010";
	ASSERT_EQ(hps_wandb_config_write(sp, v, dir), 0);
	snprintf(path, sizeof path, "%s/" HPS_WANDB_CONFIG_FILE, dir);
	ASSERT_STR_CONTAINS(slurp(path), "act:\n  value: \"010\"\n");
	unlink(path);
	hps_space_free(sp);
	/* Nested: W&B's {value: ...} around each top-level group. */
	sp = translate_ok(in_nested, want_nested);
	ASSERT_EQ(sp->wandb_config, HPS_WANDB_CONFIG_NESTED);
	text = hps_wandb_config_text(sp, nv);
	ASSERT_STR_EQ(text, "wandb_version: 1\n\nbatch_size:\n  value: 32\n"
	    "optimizer:\n  value:\n    lr: 0.25\n    nadam:\n"
	    "      beta: 0.5\n");
	free(text);
	hps_space_free(sp);
	rm_dir(dir);
}

/* wandb_config: nested needs names that nest without colliding. */
TEST(run_config_nested_names_must_not_collide)
{
	static const char space[] = "name: t\ncommand: [./t]\n"
	    "metric: {name: l, goal: minimize}\nwandb_config: nested\n"
	    "parameters:\n  a: {value: 1}\n  a.b: {value: 2}\n";
	struct hps_space *sp;
	char err[HPS_ERRMAX];

	ASSERT_EQ(hps_space_parse(SWEEP, space, strlen(space), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "sweep.yaml:4:15: wandb_config: nested nests "
	    "dotted names, so parameters 'a' and 'a.b' would collide");
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
		/* For wandb.agent(function=...): no command, no program. */
		"method: grid\nmetric: {name: l}\nparameters:\n  x: "
		    "{values: [1]}\n",
		"metric: {name: l}\nparameters:\n  x: {min: 1, max: 2}\n",
		/* A fixed command list, as in wandb/wandb's own tests. */
		"name: m\ncommand: [echo, hello world]\nmethod: bayes\n"
		    "metric: {name: m, goal: maximize}\nparameters:\n  p: "
		    "{values: [1, 2]}\n",
	};
	static const char *const no[] = {
		"name: t\ncommand: ./train {lr}\nmetric: {name: l, goal: "
		    "minimize}\nbudget: {trials: 2}\nparameters:\n  lr: "
		    "{type: float, min: 0, max: 1}\n",
		"name: t\ncommand: [./t, '${x}']\n",
		/* A space file that forgot command: stays one. */
		"name: t\nmethod: grid\nmetric: {name: l}\nbudget: "
		    "{trials: 2}\nparameters:\n  x: {values: [1]}\n",
		"name: t\nparameters:\n  x: {values: [1]}\n",
		"name: t\ncommand: [./t, '{x}']\nmethod: grid\nmetric: "
		    "{name: l, goal: minimize}\nparameters:\n  x: {values: "
		    "[1]}\n",
		"name: t\ncommand: [./t]\nmethod: grid\nmetric: {name: l, "
		    "goal: minimize}\nparameters:\n  x: {type: bool}\n",
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
	/* wandb sweep infers nothing from an int and a float. */
	{B "parameters:\n  x: {min: 1, max: 10.0}\n", "6:12",
	    "parameter 'x': min is an integer and max a float, which wandb "
	    "sweep refuses as ambiguous; write both as floats (1.0) for "
	    "uniform"},
	/* PyYAML reads 1e-5 as a string: W&B's schema refuses it. */
	{B "parameters:\n  x: {distribution: log_uniform_values, min: 1e-5, "
	    "max: 0.1}\n", "6:46", "min: PyYAML, which W&B uses, reads '1e-5' "
	    "as a string (a YAML 1.1 float needs a '.' and a signed "
	    "exponent), so W&B rejects this sweep; write 1.0e-5 or !!float "
	    "1e-5"},
	{B "parameters:\n  x: {min: 0.1, max: 5e3}\n", "6:22", "write 5.0e+3 "
	    "or !!float 5e3"},
	{B "parameters:\n  x: {min: !!int 1.5, max: 5}\n", "6:12",
	    "min: PyYAML, which W&B uses, cannot read '1.5' as a number"},
	{B "parameters:\n  x: {values: [2024-01-01]}\n", "6:16",
	    "reads '2024-01-01' as a date; quote it"},
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
	{B "parameters:\n  x: {values: [[2024-01-01]]}\n", "6:17",
	    "reads '2024-01-01' as a date"},
	{B "parameters:\n  x: {value: {1: a}}\n", "6:15", "key '1' is not a "
	    "string to PyYAML, and hpsd passes mappings as JSON"},
	{B "parameters:\n  x: {values: [[1], [1]]}\n", "6:21",
	    "value '[1]' is listed twice"},
	{B "parameters:\n  x: {value: null}\n", "6:14",
	    "W&B's agent fails every run given a None value"},
	{B "parameters:\n  x: {values: []}\n", "6:15",
	    "values must be a list of at least one value"},
	/* Random draws a repeated value twice as often; hpsd cannot. */
	{B "parameters:\n  x: {values: [1, 1.0]}\n", "6:19",
	    "value '1.0' is listed twice (first at line 6), so W&B draws it "
	    "twice as often"},
	{B "parameters:\n  x: {values: [!!float 3, !!str 3]}\n", "6:27",
	    "values '3' and '3' (line 6) both reach the program as 3 in hpsd"},
	{B "parameters:\n  9x: {values: [1]}\n", "6:3",
	    "bad parameter name '9x'"},
	{B "parameters:\n  x: 3\n", "6:6", "parameter 'x' must be a mapping"},
	{B "parameters: {}\n", "5:13", "parameters must be a mapping of at "
	    "least one"},
	{B "parameters:\n  x.y: {values: [1]}\n  x:\n    parameters:\n"
	    "      y: {values: [2]}\n", "6:3", "parameter 'x.y' is given "
	    "twice (first at line 9)"},
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
	{G "controller: {type: remote}\n" X, "4:20", "controller must be "
	    "{type: local} or {type: cloud}"},
	{"method: grid\nmetric: {name: l}\njob: me/proj/job:v1\n" X, "3:6",
	    "W&B Launch jobs do not run on hpsd; give program:"},
	{G "scheduler: {engine: optuna}\n" X, "4:1", "use method: grid"},
	{G "metrics: [{name: a}, {name: b}]\n" X, "4:1",
	    "whose metric: is a list of objectives"},
	{G "metrc: {name: x}\n" X, "4:1", "unknown key 'metrc' in a W&B "
	    "sweep (W&B calls such a file malformed); did you mean 'metric'?"},
	{G "budget: {trials: 3}\n" X, "4:1", "unknown key 'budget' in a W&B "
	    "sweep (W&B calls such a file malformed); W&B's keys are program,"},
	/* PyYAML keeps the last of a key given twice: run_cap 0 here. */
	{B "run_cap: 0\n" X, "5:10", "run_cap must be an integer from 1"},
	{"program: t.py\nmethod: random\nmetric: {name: l}\nrun_cap: 0\n" X,
	    "4:10", "run_cap must be an integer from 1"},
	/* Without metric: W&B's bayes and hyperband refuse the sweep. */
	{"program: t.py\nmethod: bayes\n" X, "2:9", "method: bayes learns "
	    "from the metric, and this sweep has no metric: (W&B refuses it "
	    "too)"},
	{"program: t.py\nmethod: random\nearly_terminate: {type: hyperband,"
	    " min_iter: 1}\n" X, "3:18", "early_terminate compares runs by "
	    "the metric, and this sweep has no metric:"},
	{"program: t.py\nmethod: grid\nmetric: {goal: minimize}\n" X, "3:9",
	    "metric needs name:"},
	{"program: t.py\nmethod: grid\nmetric: {name: test_acc, goal: "
	    "maximize}\n" X, "3:16", "metric 'test_acc' is a test metric"},
	{"program: t.py\nmethod: grid\nmetric: {name: \"val\\tloss\"}\n" X,
	    "3:16", "a metric name is 1 to 128 bytes of text without control "
	    "characters"},
	{"program: t.py\nmethod: grid\nmetric: {name: acc, goal: maximise}\n"
	    X, "3:27", "unknown goal 'maximise': W&B calls the file malformed "
	    "and minimizes"},
	{"program: t.py\nmethod: grid\nmetric: {name: acc, impute: often}\n"
	    X, "3:29", "unknown impute 'often'; W&B's are latest, best, "
	    "worst"},
	{"program: t.py\nmethod: grid\nmetric: {name: acc, target: high}\n"
	    X, "3:29", "target must be a number"},
	{"method: grid\nmetric: {name: loss}\n" X, "1:1", "this W&B sweep has "
	    "neither program: nor command:, so it runs only from Python, "
	    "through wandb.agent(sweep_id, function=...)"},
	{"method: grid\nmetric: {name: l}\ncommand:\n  - ${env}\n  - "
	    "${program}\n" X, "5:5", "command uses ${program}, but the file "
	    "has no program:"},
	{G "command: ./train {x}\n" X, "4:10", "command must be a list of "
	    "words in a W&B sweep"},
	{G "command:\n  - ${env}\n  - --cfg=${args_json}\n" X, "6:5",
	    "W&B expands a macro only when it is a whole command item"},
	/* The agent drops a macro it does not know: the flag loses its value. */
	{G "command:\n  - ${env}\n  - --x\n  - ${x}\n" X, "7:5",
	    "W&B's agent knows no macro ${x} and drops the item, so the "
	    "program would not get it; W&B's macros are ${env}, "
	    "${interpreter}, ${program}, ${args}, ${args_no_hyphens}, "
	    "${args_no_equals}, ${args_no_boolean_flags}, ${args_append_hydra}, "
	    "${args_override_hydra}, ${args_json} and ${args_json_file}"},
	{G "command:\n  - ${envvar:HOME}/train\n" X, "5:5",
	    "${envvar:...} is not supported; write the value itself"},
	{G "command:\n  - ./t\n  - ${args_no_boolean_flags}\nparameters:\n"
	    "  x: {values: [yes, no]}\n", "6:5", "hpsd cannot drop an "
	    "argument by its value, so 'x' must be a constant boolean here; "
	    "use ${args}"},
	{G "command:\n  - ./t\n  - ${args_hydra}\nparameters:\n  opt:\n"
	    "    parameters:\n      lr: {values: [1]}\n", "6:5", "knows no "
	    "macro ${args_hydra}"},
	{G "command:\n  - ./t\n  - ${args_json}\nparameters:\n  a.b: "
	    "{values: [1]}\n", "8:3", "'a.b' would arrive nested; rename it"},
	{G "command:\n  - ./t\n  - ${args_json_file}\nparameters:\n  opt:\n"
	    "    parameters:\n      lr: {values: [1]}\n    value: 3\n", "11:5",
	    "a nested parameter dictionary holds only parameters:"},
	{G "command:\n  - ./t\n  - ${args_json}\nparameters:\n  "
	    "a_very_long_group_name_that_goes_on:\n    parameters:\n      "
	    "and_on_and_on_until_it_is_too_long: {values: [1]}\n", "10:7",
	    "is longer than hpsd's 64 characters"},
	/* wandb.config keeps a.b whole beside the nested opt. */
	{G "command: [./t]\nparameters:\n  a.b: {values: [1]}\n  opt:\n"
	    "    parameters:\n      lr: {values: [1]}\n", "6:3", "W&B keeps "
	    "'a.b' whole in wandb.config, beside nested parameters"},
	{G "early_terminate: {type: envelope}\n" X, "4:25",
	    "unknown early_terminate type 'envelope'; W&B's only type is "
	    "hyperband"},
	{G "early_terminate: {min_iter: 3}\n" X, "4:18",
	    "early_terminate needs type: hyperband"},
	{G "early_terminate: {type: hyperband}\n" X, "4:18",
	    "hyperband needs min_iter: N, or max_iter: N with s: K"},
	{G "early_terminate: {type: hyperband, max_iter: 27}\n" X, "4:46",
	    "max_iter needs s: (the number of bands below max_iter); W&B "
	    "fails without it"},
	{G "early_terminate: {type: hyperband, min_iter: 3, max_iter: 27}\n"
	    X, "4:59", "max_iter needs s:"},
	{G "early_terminate: {type: hyperband, max_iter: 27, s: 1.5}\n" X,
	    "4:53", "s must be an integer from 1 to 100"},
	{G "early_terminate: {type: hyperband, min_iter: 2, eta: 1}\n" X,
	    "4:54", "eta must be more than 1"},
	{G "early_terminate: {type: hyperband, min_iter: 0}\n" X, "4:46",
	    "min_iter must be an integer from 1"},
	{G "early_terminate: {type: hyperband, max_iter: 2, s: 1, eta: 3}\n"
	    X, "4:46", "leaves no band (max_iter / eta < 1), which W&B "
	    "refuses"},
	{G "early_terminate: {type: hyperband, min_iter: 2, strict: maybe}\n"
	    X, "4:57", "strict must be true or false"},
	{"- program: t.py\n", "1:1", "a W&B sweep must be a mapping"},
	{"program: t.py\n  method: [\n", "2:9", "mapping values are not "
	    "allowed"},
};

/*
 * A grid or random sweep without metric: runs, as under W&B, with no
 * metric to rank by; the words of ${args} are the agent's str() of each
 * value (True, 3.0, 1e-05), whatever the parameter's kind.
 */
TEST(no_metric_runs_unranked_with_pythons_words)
{
	static const char text[] = "program: t.py\nmethod: grid\n"
	    "parameters:\n  flag: {values: [true, false]}\n"
	    "  lr: {values: [3.0, 1.0e-5, 0.1]}\n  n: {values: [8]}\n"
	    "  s: {values: [a b]}\n";
	const char *want[] = {"/usr/bin/env", "python3", "t.py",
	    "--flag=True", "--lr=3.0", "--n=8", "--s=a b"};
	struct hps_value v[4] = {
		{HPS_V_BOOL, 1, NULL}, {HPS_V_FLOAT, 3.0, NULL},
		{HPS_V_INT, 8, NULL}, {HPS_V_STR, 0, "a b"},
	};
	struct hps_space *sp;

	sp = translate_ok(text, NULL);
	ASSERT(sp->metric == NULL);
	ASSERT(hps_space_goal(sp) == NULL);
	expect_argv(sp, v, want, sizeof want / sizeof want[0]);
	v[0].num = 0;
	v[1].num = 1e-5;
	want[3] = "--flag=False";
	want[4] = "--lr=1e-05";
	expect_argv(sp, v, want, sizeof want / sizeof want[0]);
	hps_space_free(sp);
}

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
    open_ended_without_run_cap, idioms_of_published_sweeps,
    run_config_file_as_wandb_writes_it,
    run_config_nested_names_must_not_collide,
    scalars_as_pyyaml_reads_them, repeated_key_keeps_the_last,
    nested_group_through_args_as_a_python_dict, grid_order_as_wandb_walks_it,
    refusals_say_where_and_what_instead,
    no_metric_runs_unranked_with_pythons_words, metric_target_in_space_files,
    garbage_in)
