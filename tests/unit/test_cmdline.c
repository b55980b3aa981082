/*
 * Unit tests for core/cmdline.c: splitting commands like sh, and building
 * a trial's argv, where a value must never be read as more than a value.
 */
#include <fcntl.h>
#include <stdint.h>

#include "hps/error.h"
#include "hps/rng.h"
#include "hps/space.h"
#include "test.h"

#define INLINE HPS_TEST_DATA "/space/inline.yaml"

static char **
split_ok(const char *cmd, size_t want)
{
	char **argv = NULL, err[HPS_ERRMAX];
	size_t argc = 0;

	if (hps_cmd_split(cmd, &argv, &argc, err, sizeof err) != 0)
		TEST_FAIL_("split \"%s\": %s", cmd, err);
	ASSERT_EQ(argc, want);
	ASSERT(argv[argc] == NULL);
	return argv;
}

static void
split_fails(const char *cmd, const char *words)
{
	char **argv = (char **)1, err[HPS_ERRMAX] = "";
	size_t argc = 1;

	ASSERT_EQ(hps_cmd_split(cmd, &argv, &argc, err, sizeof err),
	    HPS_EPARSE);
	ASSERT(argv == NULL);
	ASSERT_EQ(argc, 0);
	ASSERT_STR_CONTAINS(err, words);
}

static struct hps_space *
space(const char *command, int shell)
{
	struct hps_space *sp = NULL;
	char text[1024], err[HPS_ERRMAX];

	snprintf(text, sizeof text, "name: t\ncommand: %s\nshell: %s\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 1}\n"
	    "parameters:\n  lr: {type: float, min: 0, max: 1}\n"
	    "  units: {type: int, min: 1, max: 9}\n"
	    "  opt: {values: [a, b]}\n  flag: {type: bool}\n", command,
	    shell ? "true" : "false");
	if (hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("parse: %s", err);
	return sp;
}

/* Values for space(): lr, units, opt, flag. */
static void
values(struct hps_value *v, double lr, const char *opt)
{
	v[0] = (struct hps_value){HPS_V_FLOAT, lr, NULL};
	v[1] = (struct hps_value){HPS_V_INT, 64, NULL};
	v[2] = (struct hps_value){HPS_V_STR, 0, (char *)opt};
	v[3] = (struct hps_value){HPS_V_BOOL, 1, NULL};
}

TEST(split_blanks)
{
	char **argv = split_ok("  ./train\t--lr  0.1\n--x ", 4);

	ASSERT_STR_EQ(argv[0], "./train");
	ASSERT_STR_EQ(argv[1], "--lr");
	ASSERT_STR_EQ(argv[2], "0.1");
	ASSERT_STR_EQ(argv[3], "--x");
	hps_argv_free(argv);
}

TEST(split_quotes_and_escapes)
{
	char **argv;

	argv = split_ok("'a b' \"c \\\"d\\\" \\n\" e\\ f --x='1 2'3 ''", 5);

	ASSERT_STR_EQ(argv[0], "a b");
	ASSERT_STR_EQ(argv[1], "c \"d\" \\n");
	ASSERT_STR_EQ(argv[2], "e f");
	ASSERT_STR_EQ(argv[3], "--x=1 23");
	ASSERT_STR_EQ(argv[4], "");
	hps_argv_free(argv);
}

TEST(split_no_expansion)
{
	char **argv = split_ok("echo $HOME ~ *.c 'a\\b' \"$x\" ; | >out", 9);

	ASSERT_STR_EQ(argv[1], "$HOME");
	ASSERT_STR_EQ(argv[2], "~");
	ASSERT_STR_EQ(argv[3], "*.c");
	ASSERT_STR_EQ(argv[4], "a\\b");
	ASSERT_STR_EQ(argv[5], "$x");
	ASSERT_STR_EQ(argv[6], ";");
	ASSERT_STR_EQ(argv[8], ">out");
	hps_argv_free(argv);
	argv = split_ok("a\\\nb \"c\\\nd\"", 2);
	ASSERT_STR_EQ(argv[0], "ab");
	ASSERT_STR_EQ(argv[1], "cd");
	hps_argv_free(argv);
}

TEST(split_errors)
{
	split_fails("./train 'abc", "unterminated ' quote");
	split_fails("./train \"abc\\\"", "unterminated \" quote");
	split_fails("", "command is empty");
	split_fails(" \t\n", "command is empty");
	split_fails("./train \\", "ends with a backslash");
}

TEST(argv_substitutes_values)
{
	struct hps_space *sp = space("./train --lr={lr} -u {units} {opt}{flag} "
	    "'{{x}}' -- {lr}", 0);
	struct hps_value v[4];
	char **argv;

	values(v, 0.0001, "adam");
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	ASSERT_STR_EQ(argv[0], "./train");
	ASSERT_STR_EQ(argv[1], "--lr=0.0001");
	ASSERT_STR_EQ(argv[2], "-u");
	ASSERT_STR_EQ(argv[3], "64");
	ASSERT_STR_EQ(argv[4], "adamtrue");
	ASSERT_STR_EQ(argv[5], "{x}");
	ASSERT_STR_EQ(argv[7], "0.0001");
	ASSERT(argv[8] == NULL);
	hps_argv_free(argv);
	hps_space_free(sp);
}

TEST(argv_value_is_one_element)
{
	struct hps_space *sp = space("./train --opt {opt}", 0);
	static const char *const evil[] = {
		"; rm -rf ~", "$(touch /tmp/x)", "a b\tc\nd", "'\"\\", "{lr}",
		"",
	};
	struct hps_value v[4];
	char **argv;
	size_t i;

	for (i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		values(v, 0.5, evil[i]);
		ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
		ASSERT_STR_EQ(argv[2], evil[i]);
		ASSERT(argv[3] == NULL);
		hps_argv_free(argv);
	}
	hps_space_free(sp);
}

TEST(shell_quotes_values)
{
	struct hps_space *sp = space("\"./train --opt {opt} --lr {lr}\"", 1);
	struct hps_value v[4];
	char **argv;

	values(v, 0.25, "it's; rm -rf ~");
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	ASSERT_STR_EQ(argv[0], "/bin/sh");
	ASSERT_STR_EQ(argv[1], "-c");
	ASSERT_STR_EQ(argv[2],
	    "./train --opt 'it'\\''s; rm -rf ~' --lr '0.25'");
	ASSERT(argv[3] == NULL);
	hps_argv_free(argv);
	hps_space_free(sp);
}

/* Run argv and return what it printed on stdout. */
static char *
run_capture(char **argv)
{
	static char out[4096];
	int fds[2], status;
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	ASSERT_EQ(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + len, sizeof out - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return out;
}

TEST(shell_round_trip)
{
	struct hps_space *sp = space("\"printf '[%s]' {opt} {lr}\"", 1);
	static const char *const evil[] = {
		"; rm -rf ~", "$(echo no)", "`echo no`", "it's", "a  b",
		"'\"\\$", "",
	};
	struct hps_value v[4];
	char **argv, want[256];
	size_t i;

	for (i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		values(v, 0.5, evil[i]);
		ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
		snprintf(want, sizeof want, "[%s][0.5]", evil[i]);
		ASSERT_STR_EQ(run_capture(argv), want);
		hps_argv_free(argv);
	}
	hps_space_free(sp);
}

TEST(argv_rejects_unvalidated_space)
{
	struct hps_space *sp = space("./train {lr}", 0);
	struct hps_value v[4];
	char **argv = (char **)1;

	/* A hand-made space with an unknown placeholder is refused. */
	free(sp->argv[1]);
	sp->argv[1] = strdup("{nope}");
	values(v, 0.5, "a");
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), HPS_EINVAL);
	ASSERT(argv == NULL);
	hps_space_free(sp);
	hps_argv_free(NULL);
}

/* A space with dotted names and a command of reserved placeholders. */
static struct hps_space *
space_reserved(const char *command, int shell, char *err, int *rc)
{
	struct hps_space *sp = NULL;
	char text[1024];

	snprintf(text, sizeof text, "name: t\ncommand: %s\nshell: %s\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 1}\n"
	    "parameters:\n  opt.lr: {type: float, min: 0, max: 1}\n"
	    "  opt.name: {values: [adam]}\n  n: {type: int, min: 1, max: 9}\n",
	    command, shell ? "true" : "false");
	*rc = hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    HPS_ERRMAX);
	return sp;
}

TEST(argv_reserved_placeholders)
{
	struct hps_value v[3] = {
		{HPS_V_FLOAT, 0.25, NULL}, {HPS_V_STR, 0, "adam"},
		{HPS_V_INT, 3, NULL},
	};
	struct hps_space *sp;
	char err[HPS_ERRMAX], dir[] = "/tmp/hps-cmdline-XXXXXX", path[256];
	char **argv, buf[256];
	ssize_t n;
	int rc, fd;

	sp = space_reserved("\"./t {@params_json} --dir={@trial_dir} "
	    "{@params_json_file}\"", 0, err, &rc);
	if (rc != 0)
		TEST_FAIL_("parse: %s", err);
	ASSERT(mkdtemp(dir) != NULL);
	ASSERT_EQ(hps_space_argv(sp, v, dir, 0, &argv), 0);
	ASSERT_STR_EQ(argv[1], "{\"opt\":{\"lr\":0.25,\"name\":\"adam\"},"
	    "\"n\":3}");
	snprintf(path, sizeof path, "--dir=%s", dir);
	ASSERT_STR_EQ(argv[2], path);
	snprintf(path, sizeof path, "%s/" HPS_PARAMS_NESTED_FILE, dir);
	ASSERT_STR_EQ(argv[3], path);
	ASSERT((fd = open(path, O_RDONLY)) >= 0);
	ASSERT((n = read(fd, buf, sizeof buf - 1)) > 0);
	buf[n] = '\0';
	close(fd);
	ASSERT_STR_EQ(buf, "{\"opt\":{\"lr\":0.25,\"name\":\"adam\"},"
	    "\"n\":3}\n");
	hps_argv_free(argv);
	/* Without a trial directory, the placeholders that need one fail. */
	argv = (char **)1;
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), HPS_EINVAL);
	ASSERT(argv == NULL);
	unlink(path);
	rmdir(dir);
	hps_space_free(sp);
	/* Quoted like any value under shell: true. */
	sp = space_reserved("\"echo {@params_json}\"", 1, err, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	ASSERT_STR_EQ(argv[2], "echo '{\"opt\":{\"lr\":0.25,\"name\":"
	    "\"adam\"},\"n\":3}'");
	hps_argv_free(argv);
	hps_space_free(sp);
}

TEST(reserved_placeholder_errors)
{
	struct hps_space *sp;
	char err[HPS_ERRMAX], text[512];
	int rc;

	sp = space_reserved("./t {@params}", 0, err, &rc);
	ASSERT(sp == NULL);
	ASSERT_EQ(rc, HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "inline.yaml:2:10: command uses {@params}, "
	    "which is not a placeholder of hpsd; use {@params_json}, "
	    "{@params_json_file}, {@params_py:NAME} or {@trial_dir}");
	/* "a" and "a.b" cannot both be in nested JSON. */
	snprintf(text, sizeof text, "name: t\ncommand: [./t, "
	    "'{@params_json_file}']\nmetric: {name: l, goal: minimize}\n"
	    "budget: {trials: 1}\nparameters:\n  a: {values: [1]}\n"
	    "  a.b: {values: [2]}\n");
	ASSERT_EQ(hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "inline.yaml:2:16: {@params_json} nests "
	    "dotted names, so parameters 'a' and 'a.b' would collide");
	/* Without a JSON placeholder they are two parameters like any. */
	snprintf(text, sizeof text, "name: t\ncommand: [./t, '{a}', "
	    "'{a.b}']\nmetric: {name: l, goal: minimize}\nbudget: "
	    "{trials: 1}\nparameters:\n  a: {values: [1]}\n"
	    "  a.b: {values: [2]}\n");
	ASSERT_EQ(hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err), 0);
	hps_space_free(sp);
}


/* A space with an sgd-only momentum and a per-layer list. */
static struct hps_space *
space_cond(const char *command, int shell)
{
	struct hps_space *sp = NULL;
	char text[1024], err[HPS_ERRMAX];

	snprintf(text, sizeof text, "name: t\ncommand: %s\nshell: %s\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 1}\n"
	    "parameters:\n  opt: {values: [sgd, adam]}\n"
	    "  momentum: {type: float, min: 0, max: 1, when: {opt: sgd}}\n"
	    "  layers: {type: int, min: 1, max: 3}\n"
	    "  units: {type: int, min: 1, max: 999, per: layers}\n",
	    command, shell ? "true" : "false");
	if (hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("parse: %s", err);
	return sp;
}

/* opt, momentum (when sgd), layers 2: units 512,256. */
static void
values_cond(struct hps_value *v, const char *opt)
{
	v[0] = (struct hps_value){HPS_V_STR, 0, (char *)opt};
	v[1] = strcmp(opt, "sgd") == 0 ? (struct hps_value){HPS_V_FLOAT, 0.9,
	    NULL} : (struct hps_value){HPS_V_NONE, 0, NULL};
	v[2] = (struct hps_value){HPS_V_INT, 2, NULL};
	v[3] = (struct hps_value){HPS_V_INT, 512, NULL};
	v[4] = (struct hps_value){HPS_V_INT, 256, NULL};
	v[5] = (struct hps_value){HPS_V_NONE, 0, NULL};
}

/* The argv of command for opt, as one line of words joined by '|'. */
static void
argv_line(const char *command, int shell, const char *opt, char *line,
    size_t len)
{
	struct hps_space *sp = space_cond(command, shell);
	struct hps_value v[6];
	size_t i, used = 0;
	char **argv;

	values_cond(v, opt);
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	line[0] = '\0';
	for (i = shell ? 2 : 0; argv[i] != NULL; i++)
		used += (size_t)snprintf(line + used, len - used, "%s%s",
		    used ? "|" : "", argv[i]);
	hps_argv_free(argv);
	hps_space_free(sp);
}

/* A word with an inactive parameter's placeholder goes, and with it a
 * bare option word right before it. */
TEST(argv_drops_inactive_words)
{
	char line[512];

	argv_line("./t --momentum {momentum} --opt={opt} -m {momentum} "
	    "--momentum={momentum} x{momentum}y -5 {momentum} --u {units}", 0,
	    "adam", line, sizeof line);
	ASSERT_STR_EQ(line, "./t|--opt=adam|-5|--u|512,256");
	argv_line("./t --momentum {momentum} --opt={opt} -m {momentum} "
	    "--momentum={momentum} x{momentum}y -5 {momentum} --u {units}", 0,
	    "sgd", line, sizeof line);
	ASSERT_STR_EQ(line, "./t|--momentum|0.9|--opt=sgd|-m|0.9|"
	    "--momentum=0.9|x0.9y|-5|0.9|--u|512,256");
	/* only the word just before, and only a bare option */
	argv_line("./t --flag=1 {momentum} pos {momentum} {opt} {momentum}",
	    0, "adam", line, sizeof line);
	ASSERT_STR_EQ(line, "./t|--flag=1|pos|adam");
	/* an element of a list past its length */
	argv_line("./t --third {units[3]} --second {units[2]}", 0, "adam",
	    line, sizeof line);
	ASSERT_STR_EQ(line, "./t|--second|256");
}

TEST(argv_args_gives_every_active_value)
{
	char line[512];

	argv_line("./t {@args} --end", 0, "adam", line, sizeof line);
	ASSERT_STR_EQ(line, "./t|--opt=adam|--layers=2|--units=512,256|"
	    "--end");
	argv_line("./t {@args}", 0, "sgd", line, sizeof line);
	ASSERT_STR_EQ(line, "./t|--opt=sgd|--momentum=0.9|--layers=2|"
	    "--units=512,256");
	argv_line("./t {@args}", 1, "sgd", line, sizeof line);
	ASSERT_STR_EQ(line, "./t '--opt=sgd' '--momentum=0.9' '--layers=2' "
	    "'--units=512,256'");
}

TEST(shell_drops_inactive_words)
{
	char line[512];

	argv_line("./t --momentum {momentum}  --opt {opt} \\'a b\\' "
	    "--m={momentum}; echo done", 1, "adam", line, sizeof line);
	ASSERT_STR_EQ(line, "./t  --opt 'adam' \\'a b\\' echo done");
	argv_line("./t --momentum {momentum} --units {units}", 1, "sgd",
	    line, sizeof line);
	ASSERT_STR_EQ(line, "./t --momentum '0.9' --units '512,256'");
}

TEST(args_must_be_a_word_of_its_own)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];
	const char *text = "name: t\ncommand: ./t --all={@args}\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 1}\n"
	    "parameters:\n  a: {values: [1]}\n";

	ASSERT_EQ(hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "{@args} gives a word per parameter");
}

/* The JSON placeholders give a list as an array, no inactive key. */
TEST(argv_json_of_a_conditional_space)
{
	struct hps_space *sp = space_cond("./t {@params_json}", 0);
	struct hps_value v[6];
	char **argv;

	values_cond(v, "adam");
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	ASSERT_STR_EQ(argv[1], "{\"opt\":\"adam\",\"layers\":2,"
	    "\"units\":[512,256]}");
	hps_argv_free(argv);
	hps_space_free(sp);
}

/*
 * A list or mapping value: {name} is its JSON text, {@params_py:name}
 * Python's str() of it as W&B's agent writes it (a string as it is), and
 * HPS_PARAMS_JSON holds it as JSON, not as a string.
 */
TEST(argv_list_and_mapping_values)
{
	static const char text[] = "name: t\ncommand: [./t, '{h}', "
	    "'--h={@params_py:h}', '{@params_py:m}', '--s={@params_py:s}', "
	    "'{@params_py:s}', '{@params_json}']\n"
	    "metric: {name: loss, goal: minimize}\nbudget: {trials: 1}\n"
	    "parameters:\n"
	    "  h: {values: [[128, 128], [64, 1.5e-5, \"a'b\", null, true]]}\n"
	    "  m: {value: {a: [1, 2.0], b: c}}\n"
	    "  s: {values: [plain, [1]]}\n";
	static const char *const want[] = {"./t",
	    "[64, 1.5e-05, \"a'b\", null, true]",
	    "--h=[64, 1.5e-05, \"a'b\", None, True]",
	    "{'a': [1, 2.0], 'b': 'c'}", "--s=plain", "[1]",
	    "{\"h\":[64,1.5e-5,\"a'b\",null,true],"
	    "\"m\":{\"a\":[1,2.0],\"b\":\"c\"},\"s\":[1]}"};
	struct hps_space *sp = NULL;
	struct hps_value v[3];
	char err[HPS_ERRMAX], **argv, *env;
	size_t i;

	if (hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("parse: %s", err);
	ASSERT_EQ(sp->params[0].type, HPS_P_CAT);
	ASSERT_EQ(sp->params[0].values[0].kind, HPS_V_JSON);
	ASSERT_STR_EQ(sp->params[0].values[0].str, "[128, 128]");
	ASSERT_EQ(sp->params[2].values[0].kind, HPS_V_STR);
	ASSERT_EQ(hps_value_copy(&v[0], &sp->params[0].values[1]), 0);
	ASSERT_EQ(hps_value_copy(&v[1], &sp->params[1].values[0]), 0);
	ASSERT_EQ(hps_value_copy(&v[2], &sp->params[2].values[0]), 0);
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	for (i = 0; i < 5; i++)
		ASSERT_STR_EQ(argv[i], want[i]);
	hps_argv_free(argv);
	hps_value_clear(&v[2]);
	ASSERT_EQ(hps_value_copy(&v[2], &sp->params[2].values[1]), 0);
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	ASSERT_STR_EQ(argv[4], "--s=[1]");
	ASSERT_STR_EQ(argv[5], want[5]);
	ASSERT_STR_EQ(argv[6], want[6]);
	hps_argv_free(argv);
	ASSERT((env = hps_space_params_text(sp, v)) != NULL);
	ASSERT_STR_EQ(env, want[6]);
	free(env);
	for (i = 0; i < 3; i++)
		hps_value_clear(&v[i]);
	hps_space_free(sp);
}

/*
 * {@params_py:NAME} of a float is Python's str() of it, checked against
 * python3 itself: random bit patterns of every magnitude, and the edges
 * of Python's switch between fixed and exponent notation.
 */
static void
py_float_write(FILE *fp, struct hps_space *sp, double x)
{
	struct hps_value v[2] = {{HPS_V_FLOAT, x, NULL}, {HPS_V_BOOL, x > 0,
	    NULL}};
	char **argv;
	uint64_t bits;

	if (!isfinite(x))	/* hpsd holds finite values only */
		return;
	memcpy(&bits, &x, sizeof bits);
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	ASSERT_STR_EQ(argv[2], x > 0 ? "True" : "False");
	fprintf(fp, "%016llx %s\n", (unsigned long long)bits, argv[1]);
	hps_argv_free(argv);
}

TEST(params_py_floats_are_pythons_str)
{
	static const char text[] = "name: t\ncommand: [./t, "
	    "'{@params_py:x}', '{@params_py:b}']\nbudget: {trials: 1}\n"
	    "parameters:\n  x: {type: float, min: 0, max: 1}\n"
	    "  b: {type: bool}\n";
	static const double edges[] = {0.0, -0.0, 1.0, 3.0, -3.0, 0.1, 0.5,
	    1e-5, 1e-4, 0.0001, 0.00012345, 9.9999999999999991e-05, 1e15,
	    1e16, 9999999999999998.0, 1.5e300, 5e-324,
	    2.2250738585072014e-308, 1.7976931348623157e308, 123456789.125,
	    0.30000000000000004, 9007199254740993.0, 1e22, 1e23, 2.5e-7,
	    100.0, 1e-310};
	char path[] = "/tmp/hps-pyfloat.XXXXXX", err[HPS_ERRMAX], cmd[1024];
	struct hps_space *sp = NULL;
	struct hps_rng rng;
	uint64_t bits;
	double x;
	FILE *fp;
	size_t i;
	int fd;

	if (hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("parse: %s", err);
	ASSERT((fd = mkstemp(path)) >= 0);
	ASSERT((fp = fdopen(fd, "w")) != NULL);
	for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		py_float_write(fp, sp, edges[i]);
		py_float_write(fp, sp, nextafter(edges[i], INFINITY));
		py_float_write(fp, sp, nextafter(edges[i], -INFINITY));
	}
	for (i = 0; i < 30; i++)	/* powers of ten around the switches */
		py_float_write(fp, sp, pow(10, (double)i - 10));
	hps_rng_seed(&rng, 28);
	for (i = 0; i < 40000; i++) {
		bits = hps_rng_next(&rng);
		memcpy(&x, &bits, sizeof x);
		if (isfinite(x))
			py_float_write(fp, sp, x);
		/* and values of the sizes hyperparameters have */
		py_float_write(fp, sp, hps_rng_uniform(&rng) * pow(10,
		    (double)hps_rng_below(&rng, 30) - 15));
	}
	ASSERT(fclose(fp) == 0);
	snprintf(cmd, sizeof cmd, "python3 -c 'import struct, sys\n"
	    "bad = 0\nfor line in open(sys.argv[1]):\n"
	    "    h, t = line.split()\n"
	    "    x = struct.unpack(\">d\", bytes.fromhex(h))[0]\n"
	    "    if str(x) != t:\n"
	    "        bad += 1; print(h, repr(t), \"python:\", str(x))\n"
	    "sys.exit(bad > 0)' %s", path);
	i = (size_t)system(cmd);
	unlink(path);
	ASSERT_EQ(i, 0);
	hps_space_free(sp);
}

/*
 * {@params_py:NAME} of a parameter named NAME is that value alone, so
 * "opt" and "opt.lr" (Hydra's names in a W&B sweep) both work, where a
 * group (a dict of the nested values) would find them colliding.
 */
TEST(params_py_of_one_parameter_beside_dotted_names)
{
	static const char text[] = "name: t\ncommand: [./t, "
	    "'--opt={@params_py:opt}', '--opt.lr={@params_py:opt.lr}']\n"
	    "budget: {trials: 1}\nparameters:\n  opt: {values: [adam]}\n"
	    "  opt.lr: {values: [0.5]}\n";
	struct hps_value v[2] = {{HPS_V_STR, 0, "adam"},
	    {HPS_V_FLOAT, 0.5, NULL}};
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX], **argv;

	if (hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("parse: %s", err);
	ASSERT_EQ(hps_space_argv(sp, v, NULL, 0, &argv), 0);
	ASSERT_STR_EQ(argv[1], "--opt=adam");
	ASSERT_STR_EQ(argv[2], "--opt.lr=0.5");
	ASSERT(argv[3] == NULL);
	hps_argv_free(argv);
	hps_space_free(sp);
}

TEST_MAIN(split_blanks, split_quotes_and_escapes, split_no_expansion,
    split_errors, argv_substitutes_values, argv_value_is_one_element,
    shell_quotes_values, shell_round_trip, argv_rejects_unvalidated_space,
    argv_reserved_placeholders, reserved_placeholder_errors,
    argv_drops_inactive_words, argv_args_gives_every_active_value,
    shell_drops_inactive_words, args_must_be_a_word_of_its_own,
    argv_json_of_a_conditional_space, argv_list_and_mapping_values,
    params_py_floats_are_pythons_str,
    params_py_of_one_parameter_beside_dotted_names)
