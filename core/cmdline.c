/*
 * Trial command lines: splitting a space file's command into words as sh
 * would (quotes and backslashes, no expansions), checking its {name}
 * placeholders when the file is parsed, and building each trial's argv.
 * Without shell: true a value is only ever one argv element, so nothing
 * in it is interpreted; with it, values are single-quoted for sh.
 */
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/space.h"
#include "space_int.h"

/* A growable string; oom sticks so callers check once at the end. */
struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
};

static void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	size_t cap;
	char *p;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* The finished string (never NULL unless out of memory). */
static char *
sbuf_take(struct sbuf *b)
{
	sbuf_add(b, "", 0);
	if (b->oom) {
		free(b->p);
		return NULL;
	}
	return b->p;
}

/* s quoted for sh: '...' with each ' written '\''. */
static void
sbuf_shquote(struct sbuf *b, const char *s)
{
	sbuf_add(b, "'", 1);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			sbuf_add(b, "'\\''", 4);
		else
			sbuf_add(b, s, 1);
	}
	sbuf_add(b, "'", 1);
}

void
hps_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

struct split {
	char **argv;
	size_t argc;
	struct sbuf word;
	int inword;
};

static int
split_push(struct split *s)
{
	char **argv, *w;

	if ((w = sbuf_take(&s->word)) == NULL)
		return HPS_ENOMEM;
	memset(&s->word, 0, sizeof s->word);
	s->inword = 0;
	if ((argv = realloc(s->argv, (s->argc + 2) * sizeof *argv)) == NULL) {
		free(w);
		return HPS_ENOMEM;
	}
	s->argv = argv;
	s->argv[s->argc++] = w;
	s->argv[s->argc] = NULL;
	return 0;
}

/* Inside "...": a backslash escapes only $ ` " \ and newline, as in sh. */
static const char *
split_dquote(struct split *s, const char *p)
{
	for (; *p != '"'; p++) {
		if (*p == '\0')
			return NULL;
		if (p[0] == '\\' && p[1] != '\0' && strchr("$`\"\\\n", p[1])) {
			if (*++p != '\n')
				sbuf_add(&s->word, p, 1);
		} else
			sbuf_add(&s->word, p, 1);
	}
	return p;
}

/* One character (or quoted run) at p; returns where it ends. */
static const char *
split_char(struct split *s, const char *p, const char **why)
{
	const char *q;

	if (*p == '\'') {
		if ((q = strchr(p + 1, '\'')) == NULL)
			*why = "unterminated ' quote in command";
		else
			sbuf_add(&s->word, p + 1, (size_t)(q - p - 1));
		s->inword = 1;
		return q;
	}
	if (*p == '"') {
		if ((q = split_dquote(s, p + 1)) == NULL)
			*why = "unterminated \" quote in command";
		s->inword = 1;
		return q;
	}
	if (*p == '\\' && p[1] == '\0') {
		*why = "command ends with a backslash; remove it or quote it";
		return NULL;
	}
	if (*p == '\\' && p[1] == '\n')
		return p + 1;		/* a line continuation */
	if (*p == '\\')
		p++;
	sbuf_add(&s->word, p, 1);
	s->inword = 1;
	return p;
}

static int
split_words(struct split *s, const char *p, char *err, size_t errlen)
{
	const char *why = NULL;
	int rc;

	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (s->inword && (rc = split_push(s)) != 0)
				return rc;
			continue;
		}
		if ((p = split_char(s, p, &why)) == NULL)
			return hps_errf(err, errlen, HPS_EPARSE, "%s", why);
	}
	if (s->inword && (rc = split_push(s)) != 0)
		return rc;
	if (s->word.oom)
		return HPS_ENOMEM;
	if (s->argc == 0)
		return hps_errf(err, errlen, HPS_EPARSE, "command is empty; "
		    "give the program and its arguments");
	return 0;
}

int
hps_cmd_split(const char *cmd, char ***argv_out, size_t *argc_out,
    char *err, size_t errlen)
{
	struct split s = {0};
	int rc;

	*argv_out = NULL;
	*argc_out = 0;
	if ((rc = split_words(&s, cmd, err, errlen)) != 0) {
		free(s.word.p);
		hps_argv_free(s.argv);
		return rc;
	}
	*argv_out = s.argv;
	*argc_out = s.argc;
	return 0;
}

enum { PH_END, PH_TEXT, PH_NAME, PH_EOPEN, PH_ECLOSE, PH_EEMPTY };

/*
 * The next piece of *sp: literal text, or the name inside {name}. {{ and
 * }} are one literal brace each, as in Python's str.format.
 */
static int
ph_next(const char **sp, const char **start, size_t *len)
{
	const char *s = *sp, *e;

	if (*s == '\0')
		return PH_END;
	if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
		*start = s;
		*len = 1;
		*sp = s + 2;
		return PH_TEXT;
	}
	if (*s == '}')
		return PH_ECLOSE;
	if (*s == '{') {
		if ((e = strchr(s + 1, '}')) == NULL)
			return PH_EOPEN;
		*start = s + 1;
		*len = (size_t)(e - s - 1);
		*sp = e + 1;
		return *len == 0 ? PH_EEMPTY : PH_NAME;
	}
	*start = s;
	*len = strcspn(s, "{}");
	*sp = s + *len;
	return PH_TEXT;
}

static int
param_index(const struct hps_space *sp, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++) {
		if (sp->params[i].name != NULL &&
		    strlen(sp->params[i].name) == len &&
		    memcmp(sp->params[i].name, name, len) == 0)
			return (int)i;
	}
	return -1;
}

static void
expand_value(struct sbuf *b, const struct hps_value *v, int quote)
{
	char small[64], *buf = small;
	int n;

	n = hps_value_format(v, small, sizeof small);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof small) {
		if ((buf = malloc((size_t)n + 1)) == NULL) {
			b->oom = 1;
			return;
		}
		hps_value_format(v, buf, (size_t)n + 1);
	}
	if (quote)
		sbuf_shquote(b, buf);
	else
		sbuf_add(b, buf, (size_t)n);
	if (buf != small)
		free(buf);
}

/* s with each {name} replaced; NULL with *rc set on failure. */
static char *
expand(const struct hps_space *sp, const struct hps_value *vals,
    const char *s, int quote, int *rc)
{
	struct sbuf b = {0};
	const char *start;
	size_t len;
	int t, i;

	while ((t = ph_next(&s, &start, &len)) != PH_END) {
		if (t == PH_TEXT)
			sbuf_add(&b, start, len);
		else if (t == PH_NAME && (i = param_index(sp, start,
		    len)) >= 0)
			expand_value(&b, &vals[i], quote);
		else {
			/* hps_space_parse lets no such command through. */
			free(b.p);
			*rc = HPS_EINVAL;
			return NULL;
		}
	}
	if ((s = sbuf_take(&b)) == NULL)
		*rc = HPS_ENOMEM;
	return (char *)s;
}

static int
shell_argv(const struct hps_space *sp, const struct hps_value *vals,
    char ***argv_out)
{
	char **argv;
	int rc = HPS_ENOMEM;

	if ((argv = calloc(4, sizeof *argv)) == NULL)
		return HPS_ENOMEM;
	if ((argv[0] = strdup("/bin/sh")) == NULL ||
	    (argv[1] = strdup("-c")) == NULL ||
	    (argv[2] = expand(sp, vals, sp->command, 1, &rc)) == NULL) {
		hps_argv_free(argv);
		return rc;
	}
	*argv_out = argv;
	return 0;
}

int
hps_space_argv(const struct hps_space *sp, const struct hps_value *vals,
    char ***argv_out)
{
	char **argv;
	size_t i;
	int rc = 0;

	*argv_out = NULL;
	if (sp->shell)
		return shell_argv(sp, vals, argv_out);
	if ((argv = calloc(sp->argc + 1, sizeof *argv)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < sp->argc; i++) {
		if ((argv[i] = expand(sp, vals, sp->argv[i], 0, &rc)) == NULL) {
			hps_argv_free(argv);
			return rc;
		}
	}
	*argv_out = argv;
	return 0;
}

static int
unknown_placeholder(struct hps__pctx *c, const struct hps__ynode *n,
    const char *name, size_t len)
{
	const struct hps_space *sp = c->sp;
	const char **cands, *near;
	int shown = len > 64 ? 64 : (int)len;
	size_t i;

	if ((cands = calloc(sp->nparams + 1, sizeof *cands)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < sp->nparams; i++)
		cands[i] = sp->params[i].name;
	near = hps__space_node_suggest(name, len, cands, sp->nparams);
	free(cands);
	if (near != NULL)
		return hps__space_node_err(c, n, "command uses {%.*s}, which "
		    "is not a parameter; did you mean {%s}?", shown, name,
		    near);
	return hps__space_node_err(c, n, "command uses {%.*s}, which is not "
	    "a parameter (write {{ and }} for literal braces)", shown, name);
}

static int
command_check(struct hps__pctx *c, const struct hps__ynode *n, const char *s)
{
	const char *start;
	size_t len;

	for (;;) {
		switch (ph_next(&s, &start, &len)) {
		case PH_END:
			return 0;
		case PH_TEXT:
			break;
		case PH_NAME:
			if (param_index(c->sp, start, len) < 0)
				return unknown_placeholder(c, n, start, len);
			break;
		case PH_EOPEN:
			return hps__space_node_err(c, n, "unmatched '{' in "
			    "command; write {{ for a literal brace");
		case PH_ECLOSE:
			return hps__space_node_err(c, n, "unmatched '}' in "
			    "command; write }} for a literal brace");
		default:
			return hps__space_node_err(c, n, "empty {} in command; "
			    "write {{}} for literal braces");
		}
	}
}

static int
command_string(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_space *sp = c->sp;
	char msg[HPS_ERRMAX];
	const char *s;
	int rc;

	if ((rc = hps__space_node_str(c, n, "command", &s)) != 0)
		return rc;
	rc = hps_cmd_split(s, &sp->argv, &sp->argc, msg, sizeof msg);
	if (rc == HPS_EPARSE)
		return hps__space_node_err(c, n, "%s", msg);
	if (rc != 0)
		return rc;
	if ((sp->command = strdup(s)) == NULL)
		return HPS_ENOMEM;
	return 0;
}

/* A word as sh would read it back: bare when that is safe, else '...'. */
static void
join_word(struct sbuf *b, const char *w)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./{}-";

	if (*w != '\0' && strspn(w, safe) == strlen(w))
		sbuf_add(b, w, strlen(w));
	else
		sbuf_shquote(b, w);
}

static int
command_list(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_space *sp = c->sp;
	struct sbuf b = {0};
	size_t i;

	if (sp->shell)
		return hps__space_node_err(c, n, "shell: true needs command as "
		    "one string, not a list");
	if (n->nkids == 0)
		return hps__space_node_err(c, n, "command is empty; give the "
		    "program and its arguments");
	if ((sp->argv = calloc(n->nkids + 1, sizeof *sp->argv)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < n->nkids; i++) {
		if (n->kids[i]->type != HPS__Y_SCALAR)
			return hps__space_node_err(c, n->kids[i], "command "
			    "items must be strings, not lists or mappings");
		if ((sp->argv[i] = strdup(n->kids[i]->text)) == NULL)
			return HPS_ENOMEM;
		sp->argc++;
	}
	/* A display form that hps_cmd_split turns back into argv. */
	for (i = 0; i < sp->argc; i++) {
		if (i > 0)
			sbuf_add(&b, " ", 1);
		join_word(&b, sp->argv[i]);
	}
	if ((sp->command = sbuf_take(&b)) == NULL)
		return HPS_ENOMEM;
	return 0;
}

int
hps__cmdline_command(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_space *sp = c->sp;
	size_t i;
	int rc;

	if (n->type == HPS__Y_MAP)
		return hps__space_node_err(c, n, "command must be a string or "
		    "a list of strings");
	rc = n->type == HPS__Y_SEQ ? command_list(c, n) : command_string(c, n);
	if (rc != 0)
		return rc;
	if (sp->argv[0][0] == '\0')
		return hps__space_node_err(c, n, "the program name in command "
		    "is empty");
	if (sp->shell)
		return command_check(c, n, sp->command);
	for (i = 0; i < sp->argc; i++) {
		rc = command_check(c, n->type == HPS__Y_SEQ ? n->kids[i] : n,
		    sp->argv[i]);
		if (rc != 0)
			return rc;
	}
	return 0;
}
