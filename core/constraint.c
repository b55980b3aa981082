/*
 * Constraints (see hps/constraint.h): a recursive-descent parser from a
 * constraint's text to a small tree, typed when it is built so that every
 * mistake is refused with its place in the text, and an evaluator over a
 * point's values. Names resolve to parameters once, so evaluating is a
 * walk of the tree with no lookups: a few hundred nanoseconds.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/constraint.h"
#include "hps/error.h"
#include "space_int.h"

/* Longer text or deeper nesting than a constraint needs is refused. */
#define CON_MAXLEN 2000
#define CON_MAXDEPTH 64

enum tok {
	K_END, K_NUM, K_STR, K_NAME, K_LP, K_RP, K_LB, K_RB, K_COMMA,
	K_PLUS, K_MINUS, K_STAR, K_SLASH, K_LT, K_LE, K_GT, K_GE, K_EQ, K_NE,
	K_AND, K_OR, K_NOT, K_TRUE, K_FALSE, K_BAD
};

enum op {
	OP_NUM, OP_STR, OP_PARAM, OP_LIST, OP_NEG, OP_NOT, OP_ADD, OP_SUB,
	OP_MUL, OP_DIV, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_AND,
	OP_OR, OP_SUM, OP_MIN, OP_MAX, OP_LEN, OP_LOG
};

/* What a node gives: a number, a truth (a number too), a string or a
 * list (only a function's argument). */
enum vtype { V_NUM, V_BOOL, V_STR, V_LIST };

struct node {
	enum op op;
	enum vtype type;
	double num;		/* OP_NUM */
	size_t off, len;	/* OP_STR: the literal within the text */
	size_t ref;		/* OP_PARAM: param index; OP_LIST: list */
	int a, b;		/* operands, -1 when none */
	int next;		/* a function's next argument, -1 */
	size_t at;		/* where it starts in the text */
};

struct hps_constraint {
	char *text;
	const struct hps_space *sp;
	struct node *nodes;
	size_t n, cap;
	int root;
	size_t *refs;		/* parameters named (a list: its first
				   element), whose inactivity lets it hold */
	size_t nrefs;
};

struct parser {
	struct hps_constraint *c;
	const char *s;
	size_t pos;		/* after the current token */
	enum tok t;
	size_t start, len;	/* the current token */
	double num;
	int depth;
	char *err;
	size_t errlen;
	size_t *at;
};

/* ---- tokens ---- */

static const struct {
	const char *text;
	enum tok t;
} ops[] = {
	{"<=", K_LE}, {">=", K_GE}, {"==", K_EQ}, {"!=", K_NE}, {"<", K_LT},
	{">", K_GT}, {"(", K_LP}, {")", K_RP}, {"[", K_LB}, {"]", K_RB},
	{",", K_COMMA}, {"+", K_PLUS}, {"-", K_MINUS}, {"*", K_STAR},
	{"/", K_SLASH},
};

static const struct {
	const char *text;
	enum tok t;
} words[] = {
	{"and", K_AND}, {"or", K_OR}, {"not", K_NOT}, {"true", K_TRUE},
	{"false", K_FALSE},
};

static int
name_char(char ch, int dash)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.' ||
	    (dash && ch == '-');
}

/* A name: the longest run that names a parameter or list, with '-'
 * inside a name only when the name has it ("lr-decay"), so "a-b"
 * subtracts. */
static void
lex_name(struct parser *p)
{
	size_t e = p->start, plain;

	while (name_char(p->s[e], 1))
		e++;
	if (hps_space_view_find(p->c->sp, p->s + p->start, e - p->start) < 0) {
		for (plain = p->start; name_char(p->s[plain], 0); plain++)
			;
		e = plain;
	}
	p->len = e - p->start;
	p->t = K_NAME;
}

static void
lex_number(struct parser *p)
{
	char buf[64];
	size_t e = p->start;

	while (isdigit((unsigned char)p->s[e]) || p->s[e] == '.')
		e++;
	if ((p->s[e] == 'e' || p->s[e] == 'E') && (isdigit((unsigned char)
	    p->s[e + 1]) || ((p->s[e + 1] == '+' || p->s[e + 1] == '-') &&
	    isdigit((unsigned char)p->s[e + 2])))) {
		e += 2;
		while (isdigit((unsigned char)p->s[e]))
			e++;
	}
	p->len = e - p->start;
	p->t = K_BAD;
	if (p->len >= sizeof buf)
		return;
	memcpy(buf, p->s + p->start, p->len);
	buf[p->len] = '\0';
	p->num = strtod(buf, NULL);
	if (strspn(buf, "0123456789.eE+-") == p->len && strchr(buf, '.') ==
	    strrchr(buf, '.') && isfinite(p->num))
		p->t = K_NUM;
}

static void
lex_string(struct parser *p)
{
	const char *end = strchr(p->s + p->start + 1, p->s[p->start]);

	p->t = end != NULL ? K_STR : K_BAD;
	p->len = end != NULL ? (size_t)(end - p->s - p->start) + 1 : 1;
}

static int
lex_op(struct parser *p)
{
	size_t i, n;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		n = strlen(ops[i].text);
		if (strncmp(p->s + p->start, ops[i].text, n) == 0) {
			p->t = ops[i].t;
			p->len = n;
			return 1;
		}
	}
	return 0;
}

static void
lex_word(struct parser *p)
{
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].text) == p->len && memcmp(p->s + p->start,
		    words[i].text, p->len) == 0)
			p->t = words[i].t;
}

static void
next(struct parser *p)
{
	char ch;

	while (isspace((unsigned char)p->s[p->pos]))
		p->pos++;
	p->start = p->pos;
	p->len = 0;
	ch = p->s[p->start];
	if (ch == '\0')
		p->t = K_END;
	else if (isdigit((unsigned char)ch) || (ch == '.' &&
	    isdigit((unsigned char)p->s[p->start + 1])))
		lex_number(p);
	else if (ch == '\'' || ch == '"')
		lex_string(p);
	else if (isalpha((unsigned char)ch) || ch == '_') {
		lex_name(p);
		lex_word(p);
	} else if (!lex_op(p)) {
		p->t = K_BAD;
		p->len = 1;
	}
	p->pos = p->start + p->len;
}

/* ---- errors ---- */

static int
fail_at(struct parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail_at(struct parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;

	if (*p->at == SIZE_MAX - 1) {
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
		*p->at = at;
	}
	return -1;
}

/* "unexpected ..." for the current token. */
static int
unexpected(struct parser *p, const char *want)
{
	if (p->t == K_END)
		return fail_at(p, p->start, "the constraint ends where %s "
		    "should be", want);
	if (p->t == K_BAD && p->s[p->start] == '=')
		return fail_at(p, p->start, "'=' alone: compare with ==");
	if (p->t == K_BAD && (p->s[p->start] == '&' || p->s[p->start] == '|'
	    || p->s[p->start] == '!'))
		return fail_at(p, p->start, "'%c': write and, or, not",
		    p->s[p->start]);
	if (p->t == K_BAD && (p->s[p->start] == '\'' ||
	    p->s[p->start] == '"'))
		return fail_at(p, p->start, "unterminated string");
	return fail_at(p, p->start, "unexpected '%.*s' where %s should be",
	    (int)(p->len > 32 ? 32 : p->len), p->s + p->start, want);
}

/* ---- the tree ---- */

/* A node starting at the left operand, or without one at offset at. */
static int
mk_at(struct parser *p, enum op op, enum vtype type, int a, int b,
    size_t at)
{
	struct hps_constraint *c = p->c;
	struct node *n;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		if ((n = realloc(c->nodes, c->cap * sizeof *n)) == NULL) {
			*p->at = SIZE_MAX;
			return -1;
		}
		c->nodes = n;
	}
	n = &c->nodes[c->n];
	memset(n, 0, sizeof *n);
	n->op = op;
	n->type = type;
	n->a = a;
	n->b = b;
	n->next = -1;
	n->at = a >= 0 ? c->nodes[a].at : at;
	return (int)c->n++;
}

/* A node at the current token. */
static int
mk(struct parser *p, enum op op, enum vtype type, int a, int b)
{
	return mk_at(p, op, type, a, b, p->start);
}

static enum vtype
type_of(const struct parser *p, int k)
{
	return p->c->nodes[k].type;
}

static int
numeric(const struct parser *p, int k)
{
	return type_of(p, k) == V_NUM || type_of(p, k) == V_BOOL;
}

/* Operand k must be a number (or truth) for what. */
static int
want_num(struct parser *p, int k, const char *what)
{
	if (numeric(p, k))
		return 0;
	return fail_at(p, p->c->nodes[k].at, "%s needs numbers; this is %s",
	    what,
	    type_of(p, k) == V_STR ? "a string (compare strings with == or "
	    "!=)" : "a per: list (use an element, list[i], or sum, min, max, "
	    "len)");
}

static int
add_ref(struct parser *p, size_t param)
{
	struct hps_constraint *c = p->c;
	size_t *r;

	if ((r = realloc(c->refs, (c->nrefs + 1) * sizeof *r)) == NULL) {
		*p->at = SIZE_MAX;
		return -1;
	}
	c->refs = r;
	c->refs[c->nrefs++] = param;
	return 0;
}

static int p_or(struct parser *p);

/* The type a parameter's values give. */
static enum vtype
param_type(const struct hps_param *q)
{
	size_t i, bools = 0;

	for (i = 0; i < q->nvalues; i++) {
		if (hps_value_has_str(&q->values[i]))
			return V_STR;
		bools += q->values[i].kind == HPS_V_BOOL;
	}
	return q->nvalues > 0 && bools == q->nvalues ? V_BOOL : V_NUM;
}

static int
p_param(struct parser *p, size_t i, size_t at)
{
	const struct hps_param *q = &p->c->sp->params[i];
	int k;

	if (add_ref(p, i) != 0)
		return -1;
	if ((k = mk_at(p, OP_PARAM, param_type(q), -1, -1, at)) >= 0)
		p->c->nodes[k].ref = i;
	return k;
}

/* units[i]: the current token is '['. */
static int
p_element(struct parser *p, const struct hps_plist *l, size_t at)
{
	double i;

	next(p);
	if (p->t != K_NUM)
		return unexpected(p, "an element number");
	i = p->num;
	if (i != floor(i) || i < 1 || i > (double)l->n)
		return fail_at(p, p->start, "%s has elements 1 to %zu, not "
		    "%.*s", l->name, l->n, (int)p->len, p->s + p->start);
	next(p);
	if (p->t != K_RB)
		return unexpected(p, "']'");
	next(p);
	return p_param(p, l->first + (size_t)i - 1, at);
}

/*
 * A name: a parameter, an element (units[2]) or a list, which only a
 * function takes; a list node's num is 1 when its values are strings.
 */
static int
p_name(struct parser *p)
{
	const struct hps_space *sp = p->c->sp;
	size_t at = p->start;
	int i, k;

	i = hps_space_view_find(sp, p->s + p->start, p->len);
	if (i < 0)
		return fail_at(p, at, "'%.*s' is not a parameter",
		    (int)(p->len > 64 ? 64 : p->len), p->s + p->start);
	next(p);
	if (sp->params[i].elem == 0)
		return p_param(p, (size_t)i, at);
	if (p->t == K_LB)
		return p_element(p, &sp->lists[sp->params[i].list], at);
	if (add_ref(p, (size_t)i) != 0 ||
	    (k = mk_at(p, OP_LIST, V_LIST, -1, -1, at)) < 0)
		return -1;
	p->c->nodes[k].ref = sp->params[i].list;
	p->c->nodes[k].num = param_type(&sp->params[i]) == V_STR;
	return k;
}

static const struct {
	const char *name;
	enum op op;
	int nargs;		/* exactly this many; 0: one or more */
} funcs[] = {
	{"sum", OP_SUM, 0}, {"min", OP_MIN, 0}, {"max", OP_MAX, 0},
	{"len", OP_LEN, 1}, {"log", OP_LOG, 1},
};

/* One argument of function f, checked. */
static int
p_arg(struct parser *p, size_t f)
{
	size_t at = p->start;
	int k;

	if ((k = p_or(p)) < 0)
		return -1;
	if (funcs[f].op == OP_LEN && type_of(p, k) != V_LIST)
		return fail_at(p, at, "len() takes a per: list");
	if (type_of(p, k) == V_LIST && funcs[f].op == OP_LOG)
		return want_num(p, k, "log()");
	if (type_of(p, k) == V_LIST && p->c->nodes[k].num != 0)
		return fail_at(p, at, "%s() needs numbers; this list holds "
		    "strings", funcs[f].name);
	if (type_of(p, k) != V_LIST)
		return want_num(p, k, funcs[f].name) < 0 ? -1 : k;
	return k;
}

/* name( args ): the current token is '('. */
static int
p_call(struct parser *p, size_t f, size_t at)
{
	int k, arg, last = -1, n = 0;

	if ((k = mk_at(p, funcs[f].op, V_NUM, -1, -1, at)) < 0)
		return -1;
	next(p);
	while (p->t != K_RP) {
		if (n > 0 && p->t != K_COMMA)
			return unexpected(p, "',' or ')'");
		if (n > 0)
			next(p);
		if ((arg = p_arg(p, f)) < 0)
			return -1;
		if (last < 0)
			p->c->nodes[k].a = arg;
		else
			p->c->nodes[last].next = arg;
		last = arg;
		n++;
	}
	next(p);
	if (n == 0 || (funcs[f].nargs > 0 && n != funcs[f].nargs))
		return fail_at(p, at, "%s() takes %s", funcs[f].name,
		    funcs[f].nargs == 1 ? "one argument" :
		    "one or more arguments");
	return k;
}

/* A function when a name of one comes before '(', else a name. */
static int
p_word(struct parser *p)
{
	size_t f, after = p->pos;

	while (isspace((unsigned char)p->s[after]))
		after++;
	for (f = 0; f < sizeof funcs / sizeof funcs[0]; f++)
		if (strlen(funcs[f].name) == p->len && memcmp(p->s + p->start,
		    funcs[f].name, p->len) == 0 && p->s[after] == '(') {
			size_t at = p->start;

			next(p);
			return p_call(p, f, at);
		}
	return p_name(p);
}

static int
p_atom(struct parser *p)
{
	int k;

	switch (p->t) {
	case K_NUM:
	case K_TRUE:
	case K_FALSE:
		k = mk(p, OP_NUM, p->t == K_NUM ? V_NUM : V_BOOL, -1, -1);
		if (k >= 0)
			p->c->nodes[k].num = p->t == K_NUM ? p->num :
			    p->t == K_TRUE;
		next(p);
		return k;
	case K_STR:
		if ((k = mk(p, OP_STR, V_STR, -1, -1)) >= 0) {
			p->c->nodes[k].off = p->start + 1;
			p->c->nodes[k].len = p->len - 2;
		}
		next(p);
		return k;
	case K_NAME:
		return p_word(p);
	case K_LP:
		next(p);
		if ((k = p_or(p)) < 0)
			return -1;
		if (p->t != K_RP)
			return unexpected(p, "')'");
		next(p);
		return k;
	default:
		return unexpected(p, "a number, a parameter or '('");
	}
}

static int
p_unary(struct parser *p)
{
	size_t at = p->start;
	enum tok t = p->t;
	int k;

	if (t != K_MINUS && t != K_PLUS)
		return p_atom(p);
	if (++p->depth > CON_MAXDEPTH)
		return fail_at(p, at, "nested too deeply");
	next(p);
	if ((k = p_unary(p)) < 0 || want_num(p, k, "a sign") < 0)
		return -1;
	p->depth--;
	return t == K_PLUS ? k : mk(p, OP_NEG, V_NUM, k, -1);
}

/* A binary arithmetic node of a and what next parses, for op. */
static int
arith(struct parser *p, int (*sub)(struct parser *), int a, enum op op)
{
	int b;

	next(p);
	if ((b = sub(p)) < 0 || want_num(p, a, "arithmetic") < 0 ||
	    want_num(p, b, "arithmetic") < 0)
		return -1;
	return mk(p, op, V_NUM, a, b);
}

static int
p_term(struct parser *p)
{
	int a = p_unary(p);

	while (a >= 0 && (p->t == K_STAR || p->t == K_SLASH))
		a = arith(p, p_unary, a, p->t == K_STAR ? OP_MUL : OP_DIV);
	return a;
}

static int
p_sum(struct parser *p)
{
	int a = p_term(p);

	while (a >= 0 && (p->t == K_PLUS || p->t == K_MINUS))
		a = arith(p, p_term, a, p->t == K_PLUS ? OP_ADD : OP_SUB);
	return a;
}

static int
cmp_op(enum tok t, enum op *op)
{
	static const enum op map[] = {
		[K_LT] = OP_LT, [K_LE] = OP_LE, [K_GT] = OP_GT,
		[K_GE] = OP_GE, [K_EQ] = OP_EQ, [K_NE] = OP_NE,
	};

	if (t < K_LT || t > K_NE)
		return 0;
	*op = map[t];
	return 1;
}

/* a op b, both numbers, or both strings under == and !=. */
static int
compare(struct parser *p, enum op op, int a, int b, size_t at)
{
	int strs = type_of(p, a) == V_STR && type_of(p, b) == V_STR;

	if (strs && op != OP_EQ && op != OP_NE)
		return fail_at(p, at, "strings compare with == and != only");
	if (!strs && (type_of(p, a) == V_STR || type_of(p, b) == V_STR))
		return fail_at(p, at, "a string compares with a string, like "
		    "optimizer == 'sgd'");
	if (!strs && (want_num(p, a, "a comparison") < 0 ||
	    want_num(p, b, "a comparison") < 0))
		return -1;
	return mk(p, op, V_BOOL, a, b);
}

/* a < b <= c is (a < b) and (b <= c), as in Python. */
static int
p_cmp(struct parser *p)
{
	int a = p_sum(p), b, r = -1, c;
	enum op op;
	size_t at;

	while (a >= 0 && cmp_op(p->t, &op)) {
		at = p->start;
		next(p);
		if ((b = p_sum(p)) < 0 || (c = compare(p, op, a, b, at)) < 0)
			return -1;
		r = r < 0 ? c : mk(p, OP_AND, V_BOOL, r, c);
		a = b;
	}
	return a < 0 ? -1 : r >= 0 ? r : a;
}

static int
p_not(struct parser *p)
{
	size_t at = p->start;
	int k;

	if (p->t != K_NOT)
		return p_cmp(p);
	if (++p->depth > CON_MAXDEPTH)
		return fail_at(p, at, "nested too deeply");
	next(p);
	if ((k = p_not(p)) < 0 || want_num(p, k, "not") < 0)
		return -1;
	p->depth--;
	return mk(p, OP_NOT, V_BOOL, k, -1);
}

/* and, or: left to right, each over the level below. */
static int
logic(struct parser *p, int (*sub)(struct parser *), enum tok t, enum op op)
{
	int a = sub(p), b;

	while (a >= 0 && p->t == t) {
		next(p);
		if ((b = sub(p)) < 0 || want_num(p, a, "and/or") < 0 ||
		    want_num(p, b, "and/or") < 0)
			return -1;
		a = mk(p, op, V_BOOL, a, b);
	}
	return a;
}

static int
p_and(struct parser *p)
{
	return logic(p, p_not, K_AND, OP_AND);
}

static int
p_or(struct parser *p)
{
	int k;

	if (++p->depth > CON_MAXDEPTH)
		return fail_at(p, p->start, "nested too deeply");
	k = logic(p, p_and, K_OR, OP_OR);
	p->depth--;
	return k;
}

void
hps_constraint_free(struct hps_constraint *c)
{
	if (c == NULL)
		return;
	free(c->text);
	free(c->nodes);
	free(c->refs);
	free(c);
}

const char *
hps_constraint_text(const struct hps_constraint *c)
{
	return c->text;
}

static int
parse(struct parser *p)
{
	int root;

	next(p);
	if ((root = p_or(p)) < 0)
		return -1;
	if (p->t != K_END)
		return unexpected(p, "the end, an operator or and/or");
	if (type_of(p, root) != V_BOOL)
		return fail_at(p, 0, "a constraint must compare, like "
		    "sum(units) <= 2048");
	return root;
}

struct hps_constraint *
hps_constraint_new(const struct hps_space *sp, const char *text, char *err,
    size_t errlen, size_t *at)
{
	struct parser p = {.s = text, .err = err, .errlen = errlen, .at = at};
	struct hps_constraint *c;

	*at = SIZE_MAX;
	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (c->text = strdup(text)) == NULL) {
		free(c);
		return NULL;
	}
	c->sp = sp;
	p.c = c;
	/* fail_at keeps the first message; no memory sets SIZE_MAX */
	*at = SIZE_MAX - 1;
	if (strlen(text) > CON_MAXLEN)
		fail_at(&p, CON_MAXLEN, "a constraint is at most %d "
		    "characters", CON_MAXLEN);
	else
		c->root = parse(&p);
	if (*at == SIZE_MAX - 1)
		return c;
	hps_constraint_free(c);
	return NULL;
}

/* ---- evaluation ---- */

static double eval(const struct hps_constraint *c, int k,
    const struct hps_value *vals);

/* The string node k gives (a literal, or a parameter's value's text). */
static const char *
str_of(const struct hps_constraint *c, int k, const struct hps_value *vals,
    char *buf, size_t len)
{
	const struct node *n = &c->nodes[k];
	const struct hps_value *v;

	if (n->op == OP_STR) {
		snprintf(buf, len, "%.*s", (int)n->len, c->text + n->off);
		return buf;
	}
	v = &vals[n->ref];
	if (v->kind == HPS_V_STR)
		return v->str ? v->str : "";
	hps_value_format(v, buf, len);
	return buf;
}

static double
eval_eq(const struct hps_constraint *c, const struct node *n,
    const struct hps_value *vals)
{
	char ba[128], bb[128];
	int eq;

	if (c->nodes[n->a].type == V_STR)
		eq = strcmp(str_of(c, n->a, vals, ba, sizeof ba),
		    str_of(c, n->b, vals, bb, sizeof bb)) == 0;
	else
		eq = eval(c, n->a, vals) == eval(c, n->b, vals);
	return n->op == OP_EQ ? eq : !eq;
}

/* sum, min or max of one more value x into *acc (first: none yet). */
static void
fold(enum op op, double x, double *acc, int *first)
{
	if (*first || isnan(x))
		*acc = x;
	else if (!isnan(*acc))
		*acc = op == OP_SUM ? *acc + x : op == OP_MIN ? fmin(*acc, x) :
		    fmax(*acc, x);
	*first = 0;
}

/* sum, min, max or len over the arguments, lists by active element. */
static double
eval_fold(const struct hps_constraint *c, const struct node *n,
    const struct hps_value *vals)
{
	const struct hps_plist *l;
	double acc = n->op == OP_SUM || n->op == OP_LEN ? 0 : NAN;
	int k, first = n->op != OP_SUM;
	size_t e;

	for (k = n->a; k >= 0; k = c->nodes[k].next) {
		if (c->nodes[k].type != V_LIST) {
			fold(n->op, eval(c, k, vals), &acc, &first);
			continue;
		}
		l = &c->sp->lists[c->nodes[k].ref];
		for (e = l->first; e < l->first + l->n &&
		    vals[e].kind != HPS_V_NONE; e++) {
			if (n->op == OP_LEN)
				acc++;
			else
				fold(n->op, vals[e].num, &acc, &first);
		}
	}
	return acc;
}

/* A truth from x: NaN stays NaN, so that it breaks the constraint. */
static double
truth(double x)
{
	return isnan(x) ? NAN : x != 0;
}

static double
eval_not(double x)
{
	return isnan(x) ? NAN : x == 0;
}

static double
eval_logic(const struct hps_constraint *c, const struct node *n,
    const struct hps_value *vals)
{
	double a = truth(eval(c, n->a, vals));

	if (isnan(a))
		return NAN;
	if (n->op == OP_AND ? a == 0 : a != 0)
		return a;
	return truth(eval(c, n->b, vals));
}

static double
eval_cmp(double a, double b, enum op op)
{
	if (isnan(a) || isnan(b))
		return NAN;
	switch (op) {
	case OP_LT:
		return a < b;
	case OP_LE:
		return a <= b;
	case OP_GT:
		return a > b;
	default:
		return a >= b;
	}
}

static double
eval(const struct hps_constraint *c, int k, const struct hps_value *vals)
{
	const struct node *n = &c->nodes[k];

	switch (n->op) {
	case OP_NUM:
		return n->num;
	case OP_PARAM:
		return vals[n->ref].num;
	case OP_NEG:
		return -eval(c, n->a, vals);
	case OP_NOT:
		return eval_not(eval(c, n->a, vals));
	case OP_ADD:
		return eval(c, n->a, vals) + eval(c, n->b, vals);
	case OP_SUB:
		return eval(c, n->a, vals) - eval(c, n->b, vals);
	case OP_MUL:
		return eval(c, n->a, vals) * eval(c, n->b, vals);
	case OP_DIV:
		return eval(c, n->a, vals) / eval(c, n->b, vals);
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		return eval_cmp(eval(c, n->a, vals), eval(c, n->b, vals),
		    n->op);
	case OP_EQ:
	case OP_NE:
		return eval_eq(c, n, vals);
	case OP_AND:
	case OP_OR:
		return eval_logic(c, n, vals);
	case OP_SUM:
	case OP_MIN:
	case OP_MAX:
	case OP_LEN:
		return eval_fold(c, n, vals);
	case OP_LOG:
		return log(eval(c, n->a, vals));
	case OP_STR:
	case OP_LIST:
		break;
	}
	return NAN;
}

int
hps_constraint_holds(const struct hps_constraint *c,
    const struct hps_value *vals)
{
	double v;
	size_t i;

	for (i = 0; i < c->nrefs; i++)
		if (vals[c->refs[i]].kind == HPS_V_NONE)
			return 1;
	v = eval(c, c->root, vals);
	return !isnan(v) && v != 0;
}

int
hps_space_feasible(const struct hps_space *sp, const struct hps_value *vals)
{
	size_t i;

	for (i = 0; i < sp->nconstraints; i++)
		if (!hps_constraint_holds(sp->constraints[i], vals))
			return 0;
	return 1;
}

/* ---- constraints: in the space file ---- */

/* Where offset at of scalar n's text is: exact on one line (a quoted
 * scalar's text starts after its quote), else the scalar's start. */
static void
text_pos(const struct hps__ynode *n, size_t at, int *line, int *col)
{
	*line = n->line;
	*col = n->col;
	if (strchr(n->text, '\n') == NULL && at <= strlen(n->text))
		*col += (int)at + !n->plain;
}

static int
constraint_at(struct hps__pctx *c, const struct hps__ynode *n, size_t i)
{
	char msg[HPS_ERRMAX];
	size_t at;
	int line, col;

	if (n->type != HPS__Y_SCALAR || hps__space_yaml_isnull(n))
		return hps__space_node_err(c, n, "each constraint is one "
		    "expression, like - sum(units) <= 2048");
	c->sp->constraints[i] = hps_constraint_new(c->sp, n->text, msg,
	    sizeof msg, &at);
	if (c->sp->constraints[i] != NULL)
		return 0;
	if (at == SIZE_MAX)
		return HPS_ENOMEM;
	text_pos(n, at, &line, &col);
	return hps_errf(c->err, c->errlen, HPS_EPARSE, "%s:%d:%d: constraint: "
	    "%s", c->path, line, col, msg);
}

int
hps__space_constraints(struct hps__pctx *c, const struct hps__ynode *list)
{
	struct hps_space *sp = c->sp;
	size_t i;
	int rc;

	if (list->type != HPS__Y_SEQ)
		return hps__space_node_err(c, list, "constraints: takes a list "
		    "of expressions, like constraints: [sum(units) <= 2048]");
	sp->constraints_line = list->line;
	sp->constraints_col = list->col;
	if (list->nkids == 0)
		return 0;
	if ((sp->constraints = calloc(list->nkids, sizeof *sp->constraints)) ==
	    NULL)
		return HPS_ENOMEM;
	for (i = 0; i < list->nkids; i++) {
		if ((rc = constraint_at(c, list->kids[i], i)) != 0)
			return rc;
		sp->nconstraints++;
	}
	return 0;
}
