/*
 * Trial command lines: splitting a space file's command into words as sh
 * would (quotes and backslashes, no expansions), checking its {name}
 * placeholders when the file is parsed, and building each trial's argv.
 * Without shell: true a value is only ever one argv element, so nothing
 * in it is interpreted; with it, values are single-quoted for sh.
 *
 * Reserved placeholders start with '@' (no parameter name can): all the
 * values as JSON, the path of a file holding that JSON, the trial's
 * directory, and every active value as --name=value words. They exist so
 * that commands written for other tools (W&B's ${args_json},
 * ${args_json_file}, ${args}) have an exact equivalent.
 *
 * A parameter that does not apply to a trial (when:, per:) is absent from
 * its command: a word holding its placeholder is left out, and so is a
 * bare option word just before it (--momentum {momentum} and
 * --momentum={momentum} both vanish). {list} of a per: list is its active
 * elements joined by ','.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

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

/*
 * The parameter {name} shows: a parameter or a per: list (its first
 * element; *list set) by its name, or one element (units[2]); -1 for
 * none.
 */
static int
param_index(const struct hps_space *sp, const char *name, size_t len,
    int *list)
{
	size_t i;
	int k;

	if ((k = hps_space_view_find(sp, name, len)) >= 0) {
		*list = sp->params[k].elem > 0;
		return k;
	}
	*list = 0;
	for (i = 0; i < sp->nparams; i++) {
		if (sp->params[i].name != NULL &&
		    strlen(sp->params[i].name) == len &&
		    memcmp(sp->params[i].name, name, len) == 0)
			return (int)i;
	}
	return -1;
}

/* Value i, or the list whose first element i is, as the trial sees it
 * (a list's active elements joined). */
static int
value_text(const struct hps_space *sp, const struct hps_value *vals,
    size_t i, int list, char *buf, size_t len)
{
	if (list)
		return hps_space_view_text(sp, vals, i, buf, len);
	return hps_value_format(&vals[i], buf, len);
}

static void
expand_value(struct sbuf *b, const struct hps_space *sp,
    const struct hps_value *vals, size_t i, int list, int quote)
{
	char small[64], *buf = small;
	int n;

	n = value_text(sp, vals, i, list, small, sizeof small);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof small) {
		if ((buf = malloc((size_t)n + 1)) == NULL) {
			b->oom = 1;
			return;
		}
		value_text(sp, vals, i, list, buf, (size_t)n + 1);
	}
	if (quote)
		sbuf_shquote(b, buf);
	else
		sbuf_add(b, buf, (size_t)n);
	if (buf != small)
		free(buf);
}

enum { R_PARAMS_JSON, R_PARAMS_JSON_FILE, R_TRIAL_DIR, R_ARGS, R_N };

static const char *const reserved_names[R_N] = {
	[R_PARAMS_JSON] = "@params_json",
	[R_PARAMS_JSON_FILE] = "@params_json_file",
	[R_TRIAL_DIR] = "@trial_dir",
	[R_ARGS] = "@args",
};

/*
 * {@params_py:NAME}: Python's str() of NAME's value, as W&B's agent writes
 * a value with f"{value}": True, 3.0, 1e-05, a list or mapping as its
 * repr, a string as it is, and a group of dotted names (NAME.x, NAME.y,
 * when no parameter is NAME itself) as a dict.
 */
#define PY_PREFIX "@params_py:"

/* Whether name is {@params_py:NAME}; *group and *glen are NAME. */
static int
py_group(const char *name, size_t len, const char **group, size_t *glen)
{
	size_t n = sizeof PY_PREFIX - 1;

	if (len <= n || memcmp(name, PY_PREFIX, n) != 0)
		return 0;
	*group = name + n;
	*glen = len - n;
	return 1;
}

/* Whether some parameter's name is group, or group.something. */
static int
py_group_exists(const struct hps_space *sp, const char *group, size_t glen)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (strncmp(sp->params[i].name, group, glen) == 0 &&
		    (sp->params[i].name[glen] == '.' ||
		    sp->params[i].name[glen] == '\0'))
			return 1;
	return 0;
}

static int
reserved_index(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < R_N; i++)
		if (strlen(reserved_names[i]) == len &&
		    memcmp(reserved_names[i], name, len) == 0)
			return (int)i;
	return -1;
}

/*
 * Put leaf at name in obj, a dotted name going into nested objects. -1
 * when that clashes with a value already there ("a" and "a.b"): the
 * command check refuses such spaces, so argv never sees one.
 */
static int
json_put(json_t *obj, const char *name, json_t *leaf)
{
	char key[128];
	const char *dot;
	json_t *kid;
	size_t len;

	while ((dot = strchr(name, '.')) != NULL) {
		if ((len = (size_t)(dot - name)) >= sizeof key)
			goto clash;
		memcpy(key, name, len);
		key[len] = '\0';
		if ((kid = json_object_get(obj, key)) == NULL) {
			kid = json_object();
			if (kid == NULL ||
			    json_object_set_new(obj, key, kid) != 0)
				goto clash;
		} else if (!json_is_object(kid))
			goto clash;
		obj = kid;
		name = dot + 1;
	}
	if (json_object_get(obj, name) != NULL)
		goto clash;
	return json_object_set_new(obj, name, leaf) == 0 ? 0 : -1;
clash:
	json_decref(leaf);
	return -1;
}

/*
 * The values as one nested object, as a trial sees them (a list as an
 * array, an inactive parameter left out); with vals NULL, a null for
 * every parameter (for the check). *bad is the index of the parameter
 * that clashed, else -1.
 */
static json_t *
params_object(const struct hps_space *sp, const struct hps_value *vals,
    int *bad)
{
	json_t *obj = json_object(), *leaf;
	const char *name;
	size_t i;

	*bad = -1;
	for (i = 0; obj != NULL && i < sp->nparams; i++) {
		name = hps_space_view_name(sp, i);
		if (name == NULL || (vals && vals[i].kind == HPS_V_NONE))
			continue;
		leaf = vals ? hps_space_view_json(sp, vals, i) : json_null();
		if (leaf == NULL || json_put(obj, name, leaf) != 0) {
			*bad = leaf == NULL ? -1 : (int)i;
			json_decref(obj);
			return NULL;
		}
	}
	return obj;
}

/* What a trial's argv is built from; the JSON is made once per argv. */
struct actx {
	const struct hps_space *sp;
	const struct hps_value *vals;
	const char *dir;
	unsigned long seed;	/* {seed} */
	char *json;
	char *file;
	int measure;		/* sizes only: no file is written */
};

static const char *
actx_json(struct actx *a, int *rc)
{
	json_t *obj;
	int bad;

	if (a->json != NULL)
		return a->json;
	if ((obj = params_object(a->sp, a->vals, &bad)) == NULL) {
		*rc = bad >= 0 ? HPS_EINVAL : HPS_ENOMEM;
		return NULL;
	}
	/* Precision as HPS_PARAMS_JSON: every double reads back exactly. */
	a->json = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(17));
	json_decref(obj);
	if (a->json == NULL)
		*rc = HPS_ENOMEM;
	return a->json;
}

static int
write_all(const char *path, const char *text)
{
	size_t len = strlen(text), off = 0;
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return HPS_EIO;
	while (rc == 0 && off < len) {
		if ((n = write(fd, text + off, len - off)) <= 0)
			rc = HPS_EIO;
		else
			off += (size_t)n;
	}
	if (rc == 0 && write(fd, "\n", 1) != 1)
		rc = HPS_EIO;
	if (close(fd) != 0)
		rc = HPS_EIO;
	return rc;
}

/* The nested JSON file, written the first time the command names it. */
static const char *
actx_file(struct actx *a, int *rc)
{
	const char *js;
	size_t len;

	if (a->file != NULL)
		return a->file;
	if (a->dir == NULL) {
		*rc = HPS_EINVAL;
		return NULL;
	}
	if ((js = actx_json(a, rc)) == NULL)
		return NULL;
	len = strlen(a->dir) + sizeof HPS_PARAMS_NESTED_FILE + 1;
	if ((a->file = malloc(len)) == NULL) {
		*rc = HPS_ENOMEM;
		return NULL;
	}
	snprintf(a->file, len, "%s/%s", a->dir, HPS_PARAMS_NESTED_FILE);
	if (!a->measure && (*rc = write_all(a->file, js)) != 0) {
		free(a->file);
		a->file = NULL;
	}
	return a->file;
}

static const char *
actx_reserved(struct actx *a, int r, int *rc)
{
	switch (r) {
	case R_PARAMS_JSON:
		return actx_json(a, rc);
	case R_PARAMS_JSON_FILE:
		return actx_file(a, rc);
	case R_TRIAL_DIR:
		if (a->dir == NULL)
			*rc = HPS_EINVAL;
		return a->dir;
	}
	*rc = HPS_EINVAL;
	return NULL;
}

/* --name=value of shown parameter i for {@args}; NULL: no memory. */
static char *
arg_word(const struct actx *a, size_t i)
{
	const char *name = hps_space_view_name(a->sp, i);
	struct sbuf b = {0};

	sbuf_add(&b, "--", 2);
	sbuf_add(&b, name, strlen(name));
	sbuf_add(&b, "=", 1);
	expand_value(&b, a->sp, a->vals, i, a->sp->params[i].elem > 0, 0);
	return sbuf_take(&b);
}

/* Whether parameter i shows in {@args}: shown and active. */
static int
arg_shown(const struct actx *a, size_t i)
{
	return hps_space_view_name(a->sp, i) != NULL &&
	    a->vals[i].kind != HPS_V_NONE;
}

/* {@args} inside a shell command: the words, each quoted for sh. */
static int
expand_args(struct actx *a, struct sbuf *b)
{
	size_t i, n = 0;
	char *w;

	for (i = 0; i < a->sp->nparams; i++) {
		if (!arg_shown(a, i))
			continue;
		if ((w = arg_word(a, i)) == NULL)
			return HPS_ENOMEM;
		if (n++ > 0)
			sbuf_add(b, " ", 1);
		sbuf_shquote(b, w);
		free(w);
	}
	return 0;
}

/* v as Python's str() writes it: a string as it is. */
static char *
py_str(json_t *v, int *rc)
{
	char *text = json_is_string(v) ? strdup(json_string_value(v)) :
	    hps__py_repr(v);

	if (text == NULL)
		*rc = HPS_ENOMEM;
	return text;
}

/*
 * The value of the parameter named group, or else of the group (a.b: a,
 * then b, in the nested values), as Python's str() writes it.
 */
static char *
actx_py(struct actx *a, const char *group, size_t glen, int *rc)
{
	char path[128], *key, *save = NULL, *text = NULL;
	json_t *obj, *v;
	int bad, k;

	*rc = HPS_EINVAL;
	if ((k = hps_space_view_find(a->sp, group, glen)) >= 0) {
		if (a->vals[k].kind == HPS_V_NONE)	/* inactive */
			return NULL;
		if ((v = hps_space_view_json(a->sp, a->vals, (size_t)k)) ==
		    NULL) {
			*rc = HPS_ENOMEM;
			return NULL;
		}
		text = py_str(v, rc);
		json_decref(v);
		return text;
	}
	if (glen >= sizeof path)
		return NULL;
	memcpy(path, group, glen);
	path[glen] = '\0';
	if ((obj = params_object(a->sp, a->vals, &bad)) == NULL) {
		*rc = bad >= 0 ? HPS_EINVAL : HPS_ENOMEM;
		return NULL;
	}
	for (v = obj, key = strtok_r(path, ".", &save); v != NULL &&
	    key != NULL; key = strtok_r(NULL, ".", &save))
		v = json_object_get(v, key);
	if (v != NULL)
		text = py_str(v, rc);
	json_decref(obj);
	return text;
}

/* One {name} or {@name} into b; 0, or the failure. */
/* {seed}, when no parameter takes the name: the run's seed. */
static int
is_seed(const char *name, size_t len)
{
	return len == strlen(HPS_SEED_NAME) && memcmp(name, HPS_SEED_NAME,
	    len) == 0;
}

static int
expand_one(struct actx *a, struct sbuf *b, const char *name, size_t len,
    int quote)
{
	const char *text, *group;
	char *py, seed[24];
	size_t glen;
	int i, list, rc = 0;

	if (py_group(name, len, &group, &glen)) {
		if ((py = actx_py(a, group, glen, &rc)) == NULL)
			return rc;
		if (quote)
			sbuf_shquote(b, py);
		else
			sbuf_add(b, py, strlen(py));
		free(py);
		return 0;
	}
	if (len > 0 && *name == '@') {
		if ((i = reserved_index(name, len)) < 0)
			return HPS_EINVAL;
		if (i == R_ARGS)
			return quote ? expand_args(a, b) : HPS_EINVAL;
		if ((text = actx_reserved(a, i, &rc)) == NULL)
			return rc;
		if (quote)
			sbuf_shquote(b, text);
		else
			sbuf_add(b, text, strlen(text));
		return 0;
	}
	/* hps_space_parse lets no unknown name through. */
	if ((i = param_index(a->sp, name, len, &list)) >= 0) {
		expand_value(b, a->sp, a->vals, (size_t)i, list, quote);
		return 0;
	}
	if (!is_seed(name, len))
		return HPS_EINVAL;
	snprintf(seed, sizeof seed, "%lu", a->seed);
	sbuf_add(b, seed, strlen(seed));
	return 0;
}

/* s with each placeholder replaced; NULL with *rc set on failure. */
static char *
expand(struct actx *a, const char *s, int quote, int *rc)
{
	struct sbuf b = {0};
	const char *start;
	size_t len;
	int t;

	while ((t = ph_next(&s, &start, &len)) != PH_END) {
		if (t == PH_TEXT)
			sbuf_add(&b, start, len);
		else if (t != PH_NAME ||
		    (*rc = expand_one(a, &b, start, len, quote)) != 0) {
			if (t != PH_NAME)
				*rc = HPS_EINVAL;
			free(b.p);
			return NULL;
		}
	}
	if ((s = sbuf_take(&b)) == NULL)
		*rc = HPS_ENOMEM;
	return (char *)s;
}

/* Whether word w names a parameter that is inactive in the values, as
 * {name} or {@params_py:name}. */
static int
word_inactive(const struct actx *a, const char *w, size_t n)
{
	const char *start, *end = w + n, *group;
	size_t len, glen;
	int t, i, list;

	while (w < end && (t = ph_next(&w, &start, &len)) != PH_END) {
		if (t == PH_NAME && py_group(start, len, &group, &glen)) {
			start = group;
			len = glen;
		}
		if (t != PH_NAME || *start == '@')
			continue;
		if ((i = param_index(a->sp, start, len, &list)) >= 0 &&
		    a->vals[i].kind == HPS_V_NONE)
			return 1;
	}
	return 0;
}

/* An option word with no value of its own: -x or --name, no '=', no
 * placeholder, not a negative number. */
static int
bare_option(const char *w, size_t n)
{
	return n >= 2 && w[0] == '-' && !(w[1] >= '0' && w[1] <= '9') &&
	    w[1] != '.' && memchr(w, '=', n) == NULL &&
	    memchr(w, '{', n) == NULL;
}

/* The end of the shell word starting at p: up to an unquoted blank. */
static const char *
shell_word_end(const char *p)
{
	char q = 0;

	for (; *p != '\0'; p++) {
		if (q == 0 && strchr(" \t\n", *p) != NULL)
			break;
		if (q != '\'' && *p == '\\' && p[1] != '\0')
			p++;
		else if (q == 0 && (*p == '\'' || *p == '"'))
			q = *p;
		else if (q != 0 && *p == q)
			q = 0;
	}
	return p;
}

/*
 * The shell command without the words (runs between unquoted blanks)
 * that name an inactive parameter, each with the blanks before it and a
 * bare option word right before it.
 */
static char *
shell_drop(const struct actx *a, const char *p)
{
	struct sbuf b = {0};
	const char *e, *prev = NULL;
	size_t mark = 0, prevmark = 0, prevlen = 0;

	while (*p != '\0') {
		mark = b.len;
		e = p + strspn(p, " \t\n");
		sbuf_add(&b, p, (size_t)(e - p));
		if (*(p = e) == '\0')
			break;
		e = shell_word_end(p);
		if (word_inactive(a, p, (size_t)(e - p))) {
			b.len = prev != NULL && bare_option(prev, prevlen) ?
			    prevmark : mark;
			prev = NULL;
		} else {
			sbuf_add(&b, p, (size_t)(e - p));
			prev = p;
			prevlen = (size_t)(e - p);
			prevmark = mark;
		}
		p = e;
	}
	return sbuf_take(&b);
}

static int
shell_argv(struct actx *a, char ***argv_out)
{
	char **argv, *cmd;
	int rc = HPS_ENOMEM;

	if ((argv = calloc(4, sizeof *argv)) == NULL)
		return HPS_ENOMEM;
	if ((cmd = shell_drop(a, a->sp->command)) == NULL ||
	    (argv[0] = strdup("/bin/sh")) == NULL ||
	    (argv[1] = strdup("-c")) == NULL ||
	    (argv[2] = expand(a, cmd, 1, &rc)) == NULL) {
		free(cmd);
		hps_argv_free(argv);
		return rc;
	}
	free(cmd);
	*argv_out = argv;
	return 0;
}

/* Whether w is {@args} alone. */
static int
is_args(const char *w)
{
	return strcmp(w, "{@args}") == 0;
}

/* The argv being built: words, and the command word the last came
 * from, so that an inactive word can take its option word with it. */
struct words {
	char **argv;
	size_t n;
	size_t last;		/* SIZE_MAX: the last came from no word */
};

static int
words_args(struct actx *a, struct words *w)
{
	size_t i;

	for (i = 0; i < a->sp->nparams; i++)
		if (arg_shown(a, i) &&
		    (w->argv[w->n++] = arg_word(a, i)) == NULL)
			return HPS_ENOMEM;
	w->last = SIZE_MAX;
	return 0;
}

static int
words_one(struct actx *a, struct words *w, size_t i)
{
	const char *t = a->sp->argv[i], *prev;
	int rc = 0;

	if (is_args(t))
		return words_args(a, w);
	if (word_inactive(a, t, strlen(t))) {
		prev = i > 0 ? a->sp->argv[i - 1] : NULL;
		if (w->last == i - 1 && i > 0 && bare_option(prev,
		    strlen(prev))) {
			free(w->argv[--w->n]);
			w->argv[w->n] = NULL;
		}
		w->last = SIZE_MAX;
		return 0;
	}
	if ((w->argv[w->n++] = expand(a, t, 0, &rc)) == NULL)
		return rc;
	w->last = i;
	return 0;
}

static int
words_argv(struct actx *a, char ***argv_out)
{
	const struct hps_space *sp = a->sp;
	struct words w = {NULL, 0, SIZE_MAX};
	size_t i;
	int rc = 0;

	/* {@args} gives a word per parameter at most */
	if ((w.argv = calloc(sp->argc * (sp->nparams + 1) + 1,
	    sizeof *w.argv)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; rc == 0 && i < sp->argc; i++)
		rc = words_one(a, &w, i);
	if (rc != 0) {
		hps_argv_free(w.argv);
		return rc;
	}
	*argv_out = w.argv;
	return 0;
}

int
hps_space_argv(const struct hps_space *sp, const struct hps_value *vals,
    const char *trial_dir, unsigned long seed, char ***argv_out)
{
	struct actx a = {.sp = sp, .vals = vals, .dir = trial_dir,
	    .seed = seed};
	int rc;

	*argv_out = NULL;
	rc = sp->shell ? shell_argv(&a, argv_out) : words_argv(&a, argv_out);
	free(a.json);
	free(a.file);
	return rc;
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
		cands[i] = hps_space_view_name(sp, i) ? hps_space_view_name(sp,
		    i) : sp->params[i].name;
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
unknown_reserved(struct hps__pctx *c, const struct hps__ynode *n,
    const char *name, size_t len)
{
	return hps__space_node_err(c, n, "command uses {%.*s}, which is not "
	    "a placeholder of hpsd; use {@params_json}, {@params_json_file}, "
	    "{@params_py:NAME} or {@trial_dir}, or {@args} for --name=value "
	    "words (a parameter name cannot start with '@')",
	    len > 64 ? 64 : (int)len, name);
}

/*
 * Does s nest the values: {@params_json}, its file, or {@params_py:...}
 * of a group (not of one parameter)?
 */
static int
uses_json(const struct hps_space *sp, const char *s)
{
	const char *start, *group;
	size_t len, glen;
	int t, r;

	while ((t = ph_next(&s, &start, &len)) != PH_END) {
		if (t == PH_TEXT)
			continue;
		if (t != PH_NAME)
			return 0;
		r = reserved_index(start, len);
		if (r == R_PARAMS_JSON || r == R_PARAMS_JSON_FILE ||
		    (py_group(start, len, &group, &glen) &&
		    hps_space_view_find(sp, group, glen) < 0))
			return 1;
	}
	return 0;
}

json_t *
hps_space_params_nested(const struct hps_space *sp,
    const struct hps_value *vals)
{
	int bad;

	return params_object(sp, vals, &bad);
}

/*
 * The JSON nests dotted names, so "a" and "a.b" cannot both be in it.
 * Refused when the file is parsed rather than at every trial.
 */
int
hps__cmdline_nest_check(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what)
{
	const struct hps_space *sp = c->sp;
	const char *bad, *dot;
	size_t i, len;
	json_t *obj;
	int k;

	if ((obj = params_object(sp, NULL, &k)) != NULL) {
		json_decref(obj);
		return 0;
	}
	if (k < 0)
		return HPS_ENOMEM;
	bad = hps_space_view_name(sp, (size_t)k);
	/* The earlier name that is a dotted prefix of it, or it of that. */
	for (i = 0; i < (size_t)k; i++) {
		const char *o = hps_space_view_name(sp, i);

		if (o == NULL)
			continue;
		len = strlen(o) < strlen(bad) ? strlen(o) : strlen(bad);
		dot = strlen(o) < strlen(bad) ? bad + len : o + len;
		if (strncmp(o, bad, len) == 0 && *dot == '.')
			break;
	}
	return hps__space_node_err(c, n, "%s nests dotted names, so "
	    "parameters '%s' and '%s' would collide in it; rename one", what,
	    i < (size_t)k ? hps_space_view_name(sp, i) : "?", bad);
}

static int
command_check(struct hps__pctx *c, const struct hps__ynode *n, const char *s)
{
	const char *start, *group;
	size_t len, glen;
	int list;

	for (;;) {
		switch (ph_next(&s, &start, &len)) {
		case PH_END:
			return 0;
		case PH_TEXT:
			break;
		case PH_NAME:
			if (py_group(start, len, &group, &glen)) {
				if (!py_group_exists(c->sp, group, glen))
					return hps__space_node_err(c, n,
					    "command uses {%.*s}, but no "
					    "parameter is named %.*s or "
					    "%.*s.<name>",
					    len > 64 ? 64 : (int)len, start,
					    glen > 64 ? 64 : (int)glen, group,
					    glen > 64 ? 64 : (int)glen, group);
				break;
			}
			if (*start == '@') {
				if (reserved_index(start, len) < 0)
					return unknown_reserved(c, n, start,
					    len);
				break;
			}
			if (param_index(c->sp, start, len, &list) < 0 &&
			    !is_seed(start, len))
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

/*
 * With shell: true each value is single-quoted, which is safe only where
 * sh reads the placeholder unquoted: inside '...' the value's own quotes
 * would end the quoting, inside "..." or a here-document $(...) in it
 * would run. This walks the command as sh reads it and returns the offset
 * of the first placeholder in such a place, with what that place is.
 */
struct shscan {
	const char *s;
	size_t i;
	char delim[64];		/* a here-document's end word, once seen */
	int pending;		/* its body starts at the next line */
};

/* After <<: note the end word (quotes dropped) of the here-document. */
static void
heredoc_word(struct shscan *h)
{
	const char *s = h->s;
	size_t n = 0;

	h->i += 2;
	if (s[h->i] == '-')
		h->i++;
	while (s[h->i] == ' ' || s[h->i] == '\t')
		h->i++;
	for (; s[h->i] != '\0' && !strchr(" \t\n;&|<>", s[h->i]); h->i++)
		if (!strchr("'\"\\", s[h->i]) && n + 1 < sizeof h->delim)
			h->delim[n++] = s[h->i];
	h->delim[n] = '\0';
	h->pending = n > 0;
	h->i--;
}

/* At the start of a line inside a here-document: its end, or the body. */
static const char *
heredoc_body(struct shscan *h, size_t *at)
{
	const char *line = h->s + h->i, *nl;
	size_t len, skip;

	for (;;) {
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		skip = strspn(line, "\t");
		if (len - skip == strlen(h->delim) &&
		    strncmp(line + skip, h->delim, len - skip) == 0)
			break;
		if (memchr(line, '{', len) != NULL) {
			*at = (size_t)((char *)memchr(line, '{', len) - h->s);
			return "a here-document";
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	h->i = (size_t)(line - h->s) + len;
	h->pending = 0;
	return NULL;
}

/* A placeholder starts at s[i] (not a {{ literal). */
static int
ph_at(const char *s, size_t i)
{
	return s[i] == '{' && s[i + 1] != '{' && (i == 0 || s[i - 1] != '{');
}

static const char *
shell_quoted_placeholder(const char *cmd, size_t *at)
{
	struct shscan h = {.s = cmd};
	const char *why;
	char q = 0;

	for (; cmd[h.i] != '\0'; h.i++) {
		char ch = cmd[h.i];

		if (q == 0 && ch == '\n' && h.pending) {
			h.i++;
			if ((why = heredoc_body(&h, at)) != NULL)
				return why;
			if (cmd[h.i] == '\0')
				break;
		} else if (q != 0 && ph_at(cmd, h.i)) {
			*at = h.i;
			return q == '\'' ? "'...'" : "\"...\"";
		} else if (q == '\'' && ch == '\'')
			q = 0;
		else if (q == '"' && ch == '"')
			q = 0;
		else if (q != '\'' && ch == '\\' && cmd[h.i + 1] != '\0')
			h.i++;
		else if (q == 0 && (ch == '\'' || ch == '"'))
			q = ch;
		else if (q == 0 && ch == '<' && cmd[h.i + 1] == '<')
			heredoc_word(&h);
	}
	return NULL;
}

/*
 * file:line:col of offset at in node n's text: exact for a one-line
 * scalar; in a block scalar (|), whose text starts on the line after its
 * indicator, the line and the column within the block.
 */
static int
err_in_text(struct hps__pctx *c, const struct hps__ynode *n, size_t at,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
err_in_text(struct hps__pctx *c, const struct hps__ynode *n, size_t at,
    const char *fmt, ...)
{
	const char *text = n->text, *bol = text;
	int block = !n->plain && strchr(text, '\n') != NULL;
	int line = n->line + block, col, rc;
	size_t i;
	va_list ap;

	for (i = 0; i < at; i++)
		if (text[i] == '\n') {
			line++;
			bol = text + i + 1;
		}
	col = (int)(text + at - bol) + 1;
	if (!block)
		col += n->col - 1 + !n->plain;
	va_start(ap, fmt);
	rc = hps__space_yaml_verrf(c->err, c->errlen, c->path, line, col, fmt,
	    ap);
	va_end(ap);
	return rc;
}

/* shell: true and a placeholder inside quotes: refused, with the fix. */
static int
shell_check(struct hps__pctx *c, const struct hps__ynode *n)
{
	const char *where;
	size_t at, len;

	if (n->type != HPS__Y_SCALAR ||
	    (where = shell_quoted_placeholder(n->text, &at)) == NULL)
		return 0;
	len = strcspn(n->text + at, "}") + 1;
	return err_in_text(c, n, at, "%.*s is inside %s; with shell: true hpsd"
	    " quotes each value itself, and there the value would run as shell"
	    " code: write %.*s outside quotes", len > 64 ? 64 : (int)len,
	    n->text + at, where, len > 64 ? 64 : (int)len, n->text + at);
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

/*
 * The kernel takes at most MAX_ARG_STRLEN bytes (32 pages, its NUL
 * included) in one argument or environment string, and ARG_MAX (usually
 * 2 MiB) in all of them together; past either, every spawn fails with
 * E2BIG. A file whose longest values would cross them is refused when it
 * is parsed, not at every trial. Half of ARG_MAX is left for the
 * environment hpsd passes on.
 */
#define ARG_STRMAX (32 * 4096 - 1)
#define ARG_TOTALMAX (1024 * 1024)
#define TRIAL_DIRMAX 4096	/* a trial directory's path, at most */

/* Bytes v takes once formatted and single-quoted ('\'' for each '). */
static size_t
quoted_size(const struct hps_value *v)
{
	char buf[64];
	const char *p;
	size_t n;

	if (!hps_value_has_str(v))
		return (size_t)hps_value_format(v, buf, sizeof buf) + 2;
	for (n = strlen(v->str) + 2, p = v->str; *p != '\0'; p++)
		n += *p == '\'' ? 3 : 0;
	return n;
}

/* The value of p that takes the most room, or range for a range. */
static const struct hps_value *
longest(const struct hps_param *p, const struct hps_value *range)
{
	const struct hps_value *best = range;
	size_t i, n, most = 0;

	for (i = 0; i < p->nvalues; i++) {
		const struct hps_value *v = &p->values[i];

		n = quoted_size(v);
		if (best == range || n > most) {
			best = v;
			most = n;
		}
	}
	return best;
}

/*
 * A trial's argv and the length of HPS_PARAMS_JSON (flat, whatever the
 * command nests) with every longest value; *argv is NULL on failure.
 */
static int
measure(const struct hps_space *sp, struct hps_value *vals, char ***argv,
    size_t *json)
{
	char dir[TRIAL_DIRMAX] = "", *text = NULL;
	struct actx a = {.sp = sp, .vals = vals, .dir = dir,
	    .seed = HPS_CONFIRM_MAX, .measure = 1};
	size_t i;
	int rc = 0;

	memset(dir, 'd', sizeof dir - 1);
	for (i = 0; i < sp->nparams; i++) {
		vals[i] = (struct hps_value){HPS_V_FLOAT, -1.0 / 3, NULL};
		vals[i] = *longest(&sp->params[i], &vals[i]);
	}
	rc = sp->shell ? shell_argv(&a, argv) : words_argv(&a, argv);
	free(a.json);
	free(a.file);
	if (rc == 0 && (text = hps_space_params_text(sp, vals)) == NULL) {
		hps_argv_free(*argv);
		*argv = NULL;
		rc = HPS_ENOMEM;
	}
	*json = text != NULL ? strlen(text) : 0;
	free(text);
	return rc;
}

static int
size_check(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_value *vals = calloc(c->sp->nparams + 1, sizeof *vals);
	size_t i, json = 0, len, total;
	char **argv = NULL;
	int rc;

	if (vals == NULL || (rc = measure(c->sp, vals, &argv, &json)) != 0) {
		free(vals);
		return vals == NULL ? HPS_ENOMEM : rc == HPS_ENOMEM ? rc : 0;
	}
	free(vals);	/* its strings are the space's own */
	total = json + sizeof "HPS_PARAMS_JSON=" + c->sp->nparams * 600;
	for (i = 0, rc = 0; rc == 0 && argv[i] != NULL; i++) {
		total += (len = strlen(argv[i])) + 1;
		if (len > ARG_STRMAX)
			rc = hps__space_node_err(c, n, "with its longest values"
			    " the command's %s is %zu bytes, past the %d the"
			    " kernel takes in one argument; shorten the values",
			    c->sp->shell ? "text" : "word", len, ARG_STRMAX);
	}
	hps_argv_free(argv);
	if (rc == 0 && json + sizeof "HPS_PARAMS_JSON=" > ARG_STRMAX)
		rc = hps__space_node_err(c, n, "with their longest values the"
		    " parameters are %zu bytes as JSON (HPS_PARAMS_JSON), past"
		    " the %d the kernel takes in one string; shorten the"
		    " values", json, ARG_STRMAX);
	if (rc == 0 && total > ARG_TOTALMAX)
		rc = hps__space_node_err(c, n, "with its longest values a"
		    " trial's command line and environment are %zu bytes, past"
		    " the %d hpsd allows; shorten the values", total,
		    ARG_TOTALMAX);
	return rc;
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
	if (sp->shell) {
		if ((rc = command_check(c, n, sp->command)) != 0 ||
		    (rc = shell_check(c, n)) != 0 ||
		    (uses_json(sp, sp->command) &&
		    (rc = hps__cmdline_nest_check(c, n, "{@params_json}")) !=
		    0))
			return rc;
		return size_check(c, n);
	}
	for (i = 0; i < sp->argc; i++) {
		rc = command_check(c, n->type == HPS__Y_SEQ ? n->kids[i] : n,
		    sp->argv[i]);
		if (rc == 0 && !is_args(sp->argv[i]) &&
		    strstr(sp->argv[i], "{@args}") != NULL)
			rc = hps__space_node_err(c, n->type == HPS__Y_SEQ ?
			    n->kids[i] : n, "{@args} gives a word per "
			    "parameter; write it as a command word of its own");
		if (rc != 0)
			return rc;
	}
	/* The nesting is the same for every word: one check. */
	for (i = 0; i < sp->argc && !uses_json(sp, sp->argv[i]); i++)
		;
	if (i < sp->argc && (rc = hps__cmdline_nest_check(c,
	    n->type == HPS__Y_SEQ ? n->kids[i] : n, "{@params_json}")) != 0)
		return rc;
	return size_check(c, n);
}

int
hps__cmdline_piece(const char **s, const char **start, size_t *len)
{
	int k = ph_next(s, start, len);

	return k == PH_END ? 0 : k == PH_TEXT ? 1 : k == PH_NAME ? 2 : -1;
}
