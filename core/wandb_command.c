/*
 * A W&B sweep's command, as W&B's agent builds it (wandb/wandb,
 * wandb_agent.py and sdk/launch/sweeps/utils.py): the default is
 * ${env} ${interpreter} ${program} ${args}; an item that is exactly one
 * of the agent's macros becomes its words, ${envvar:NAME} is the agent's
 * environment, and any other item is passed on as str() of its value.
 * Each macro becomes hpsd's placeholders, so the trial gets the words
 * W&B's agent would give it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "wandb_int.h"

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

/* The agent's macros, for the message about one it does not know. */
#define MACROS "${env}, ${interpreter}, ${program}, ${args}, " \
	"${args_no_hyphens}, ${args_no_equals}, ${args_no_boolean_flags}, " \
	"${args_append_hydra}, ${args_override_hydra}, ${args_json} and " \
	"${args_json_file}"

/*
 * {@params_json} nests dotted names, which is how W&B's nested parameters
 * come back; a W&B name that has a dot of its own it would nest too.
 */
static int
json_dotted(struct hps__wandb *w, const char *macro)
{
	size_t i;

	for (i = 0; i < w->nparams; i++)
		if (w->params[i].dotted)
			return hps__wandb_err(w, w->params[i].key, "hpsd's "
			    "${%s} nests dotted names and W&B's does not, so "
			    "'%s' would arrive nested; rename it (say with "
			    "'_') or make it a nested parameters: dictionary",
			    macro, w->params[i].name);
	return 0;
}

/* Before each word of the command list: the comma after the last one. */
static void
word_begin(struct hps__wandb *w)
{
	if (w->nwords++ > 0)
		fputs(", ", w->fp);
}

/*
 * The W&B agent's values of the macros that stand for one word. Others
 * expand to one word per parameter (args...). 1 when name is not one.
 */
static int
macro_word(struct hps__wandb *w, const struct hps__ynode *n, const char *name)
{
	const char *prog;
	int rc;

	if (strcmp(name, "env") == 0) {
		word_begin(w);
		hps__wandb_put_str(w->fp, "/usr/bin/env");
	} else if (strcmp(name, "interpreter") == 0) {
		word_begin(w);
		hps__wandb_put_str(w->fp, "python3");
	}
	else if (strcmp(name, "args_json") == 0 ||
	    strcmp(name, "args_json_file") == 0) {
		if ((rc = json_dotted(w, name)) != 0)
			return rc;
		word_begin(w);
		hps__wandb_put_str(w->fp, name[9] ? "{@params_json_file}" :
		    "{@params_json}");
	} else if (strcmp(name, "program") == 0) {
		if (w->top[T_PROGRAM] == NULL)
			return hps__wandb_err(w, n, "command uses ${program}, "
			    "but the file has no program:; add program: "
			    "<script>");
		if ((rc = hps__wandb_str(w, w->top[T_PROGRAM], "program",
		    &prog)) != 0)
			return rc;
		word_begin(w);
		hps__wandb_put_word(w->fp, prog);
	} else
		return 1;
	return 0;
}

/* The macros with a word (or two) per parameter: what goes before it. */
enum { A_ARGS, A_NO_HYPHENS, A_NO_EQUALS, A_NO_BOOL, A_HYDRA_APPEND,
    A_HYDRA_OVERRIDE, A_N };

static const struct {
	const char *macro, *prefix;
} arg_forms[A_N] = {
	[A_ARGS] = {"args", "--"},
	[A_NO_HYPHENS] = {"args_no_hyphens", ""},
	[A_NO_EQUALS] = {"args_no_equals", "--"},
	[A_NO_BOOL] = {"args_no_boolean_flags", "--"},
	[A_HYDRA_APPEND] = {"args_append_hydra", "+"},
	[A_HYDRA_OVERRIDE] = {"args_override_hydra", "++"},
};

/*
 * ${args_no_boolean_flags}: a true boolean is the bare flag, a false one
 * is left out. hpsd cannot drop an argument by its value, so a parameter
 * that may be true or false must be a constant here. 1: written.
 */
static int
arg_no_bool(struct hps__wandb *w, const struct hps__ynode *n,
    const struct hps__wparam *p)
{
	if (!p->can_bool)
		return 0;
	if (p->bool_const < 0)
		return hps__wandb_err(w, n, "${args_no_boolean_flags} leaves "
		    "out the flags whose value is false, and hpsd cannot drop "
		    "an argument by its value, so '%s' must be a constant "
		    "boolean here; use ${args} and parse --%s=true/false",
		    p->name, p->name);
	if (p->bool_const) {
		word_begin(w);
		fprintf(w->fp, "\"--%s\"", p->name);
	}
	return 1;
}

/*
 * A nested parameter's group reaches ${args} as W&B's agent formats it,
 * f"--{name}={value}" with the value a dict: its Python repr, which
 * {@params_py:GROUP} gives. Parameters i of one group are contiguous.
 */
static int
arg_group(struct hps__wandb *w, size_t f, size_t i)
{
	const char *name = w->params[i].name;
	int len = (int)strcspn(name, ".");

	if (i > 0 && w->params[i - 1].nested &&
	    strncmp(w->params[i - 1].name, name, (size_t)len + 1) == 0)
		return 0;
	if (len > HPS__WANDB_NAMEMAX)
		return HPS_EPARSE;
	word_begin(w);
	if (f == A_NO_EQUALS)
		fprintf(w->fp, "\"--%.*s\", \"{@params_py:%.*s}\"", len,
		    name, len, name);
	else
		fprintf(w->fp, "\"%s%.*s={@params_py:%.*s}\"",
		    arg_forms[f].prefix, len, name, len, name);
	return 0;
}

/*
 * ${args} and its kin: the words of every parameter. 1: not one. The
 * agent writes each value with str(): {@params_py:name} gives True,
 * 3.0, 1e-05, [128, 128], and a string as it is.
 */
static int
macro_args(struct hps__wandb *w, const struct hps__ynode *n, const char *name)
{
	const struct hps__wparam *p;
	size_t f, i;
	int rc;

	for (f = 0; f < A_N && strcmp(name, arg_forms[f].macro) != 0; f++)
		;
	if (f == A_N)
		return 1;
	for (i = 0; i < w->nparams; i++) {
		p = &w->params[i];
		if (p->nested) {
			/* The whole group once, at its first parameter. */
			if ((rc = arg_group(w, f, i)) != 0)
				return rc;
			continue;
		}
		if (f == A_NO_BOOL && (rc = arg_no_bool(w, n, p)) != 0) {
			if (rc != 1)
				return rc;
			continue;
		}
		word_begin(w);
		if (f == A_NO_EQUALS)
			fprintf(w->fp, "\"--%s\", \"{@params_py:%s}\"",
			    p->name, p->name);
		else
			fprintf(w->fp, "\"%s%s={@params_py:%s}\"",
			    arg_forms[f].prefix, p->name, p->name);
	}
	return 0;
}

/* Python's str() of a scalar as PyYAML read it: the agent's str(c). */
static void
put_py_word(struct hps__wandb *w, const struct hps__ynode *n)
{
	struct hps__pyval py;
	char buf[64];

	hps__wandb_scalar(n, &py);
	word_begin(w);
	switch (py.kind) {
	case HPS__PY_NULL:
		hps__wandb_put_word(w->fp, "None");
		return;
	case HPS__PY_BOOL:
		hps__wandb_put_word(w->fp, py.num ? "True" : "False");
		return;
	case HPS__PY_INT:
		snprintf(buf, sizeof buf, "%.0f", py.num);
		break;
	case HPS__PY_FLOAT:
		hps__py_float(py.num, buf, sizeof buf);
		break;
	case HPS__PY_STR:
	case HPS__PY_DATE:
		hps__wandb_put_word(w->fp, n->text);
		return;
	}
	hps__wandb_put_word(w->fp, buf);
}

/*
 * One item of W&B's command. The agent passes on an item that is not
 * exactly one of its macros as it is, and drops a macro it does not
 * know: both are refused here, as the program would not get what the
 * file seems to say.
 */
static int
command_item(struct hps__wandb *w, const struct hps__ynode *n)
{
	const char *s;
	char name[64];
	size_t len;
	int rc;

	if (n->type != HPS__Y_SCALAR)
		return hps__wandb_err(w, n, "command items must be words");
	s = n->text;
	len = strlen(s);
	if (strstr(s, "${envvar:") != NULL)
		return hps__wandb_err(w, n, "${envvar:...} is not supported; "
		    "write the value itself, or pass it through the trial's "
		    "environment (env: in the converted file)");
	if (len > 3 && strncmp(s, "${", 2) == 0 && s[len - 1] == '}' &&
	    len - 3 < sizeof name && strchr(s + 2, '$') == NULL) {
		memcpy(name, s + 2, len - 3);
		name[len - 3] = '\0';
		if ((rc = macro_word(w, n, name)) <= 0 ||
		    (rc = macro_args(w, n, name)) != 1)
			return rc;
		return hps__wandb_err(w, n, "W&B's agent knows no macro ${%s} "
		    "and drops the item, so the program would not get it; "
		    "W&B's macros are " MACROS, name);
	}
	if (strstr(s, "${") != NULL)
		return hps__wandb_err(w, n, "W&B expands a macro only when it "
		    "is a whole command item, so '%.64s' would reach the "
		    "program as it is; make the macro its own item", s);
	put_py_word(w, n);
	return 0;
}

/* The command's items, as one YAML list of words. */
static int
put_items(struct hps__wandb *w, const struct hps__ynode *cmd)
{
	static const struct hps__ynode dflt[] = {
		{.type = HPS__Y_SCALAR, .line = 1, .col = 1, .text = "${env}"},
		{.type = HPS__Y_SCALAR, .line = 1, .col = 1,
		    .text = "${interpreter}"},
		{.type = HPS__Y_SCALAR, .line = 1, .col = 1,
		    .text = "${program}"},
		{.type = HPS__Y_SCALAR, .line = 1, .col = 1, .text = "${args}"},
	};
	size_t i, n = cmd ? cmd->nkids : NWORDS(dflt);
	int rc;

	fputs("command: [", w->fp);
	for (i = 0; i < n; i++)
		if ((rc = command_item(w, cmd ? cmd->kids[i] : &dflt[i])) != 0)
			return rc;
	fputs("]\n", w->fp);
	return 0;
}

static int
uses_interpreter(const struct hps__ynode *cmd)
{
	size_t i;

	for (i = 0; cmd != NULL && i < cmd->nkids; i++)
		if (strcmp(cmd->kids[i]->text ? cmd->kids[i]->text : "",
		    "${interpreter}") == 0)
			return 1;
	return cmd == NULL;
}

/*
 * The command; ${interpreter} becomes python3, not python: Debian and
 * others ship no "python", and a virtual environment has both.
 */
int
hps__wandb_put_command(struct hps__wandb *w)
{
	const struct hps__ynode *cmd = w->top[T_COMMAND];
	int rc;

	if (cmd != NULL && cmd->type != HPS__Y_SEQ)
		return hps__wandb_err(w, cmd, "command must be a list of words "
		    "in a W&B sweep ([${env}, ${interpreter}, ${program}, "
		    "${args}])");
	if (cmd != NULL && cmd->nkids == 0)
		return hps__wandb_err(w, cmd, "command is empty");
	if (cmd == NULL && w->top[T_PROGRAM] == NULL)
		return hps__wandb_err(w, w->root, "this W&B sweep has neither "
		    "program: nor command:, so it runs only from Python, "
		    "through wandb.agent(sweep_id, function=...), which hpsd "
		    "cannot call; add program: <the script that calls "
		    "wandb.init()>");
	if (cmd == NULL)
		fprintf(w->fp, "# W&B's default command: ${env} ${interpreter} "
		    "${program} ${args}.\n");
	fprintf(w->fp, "# %sIt runs in this file's directory.\n",
	    uses_interpreter(cmd) ? "${interpreter} is python3 (W&B: python). "
	    : "");
	if ((rc = put_items(w, cmd)) != 0)
		return rc;
	fprintf(w->fp, "workdir: .\n");
	return 0;
}

/* A literal command word: braces doubled, since hpsd reads {name}. */
void
hps__wandb_put_word(FILE *fp, const char *s)
{
	char *buf, *q;

	if ((buf = malloc(2 * strlen(s) + 1)) == NULL) {
		fputs("\"\"", fp);	/* the stream's error tells */
		return;
	}
	for (q = buf; *s != '\0'; s++) {
		if (*s == '{' || *s == '}')
			*q++ = *s;
		*q++ = *s;
	}
	*q = '\0';
	hps__wandb_put_str(fp, buf);
	free(buf);
}
