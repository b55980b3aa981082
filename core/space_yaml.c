/*
 * The YAML half of the space-file parser: libyaml's events become a small
 * tree of nodes that remember where they start. Only what a space file
 * needs is accepted. Aliases and anchors are refused rather than resolved:
 * they would let a few bytes expand into a huge (or cyclic) tree. Tags
 * other than the scalar ones (!!str, !!int, !!float, !!bool), a second
 * document, duplicate keys and nesting deeper than HPS__YAML_MAXDEPTH are
 * refused too, so the checks in core/space.c only ever see plain data.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "hps/error.h"
#include "space_int.h"

/* The scalar tags a node may carry, by enum hps__ytag. */
static const char *const scalar_tags[] = {
	[HPS__TAG_STR] = "tag:yaml.org,2002:str",
	[HPS__TAG_INT] = "tag:yaml.org,2002:int",
	[HPS__TAG_FLOAT] = "tag:yaml.org,2002:float",
	[HPS__TAG_BOOL] = "tag:yaml.org,2002:bool",
};

/* The tag's enum value, or HPS__TAG_NONE for one not in the table. */
static enum hps__ytag
tag_find(const yaml_char_t *tag)
{
	size_t i;

	for (i = HPS__TAG_STR; i < sizeof scalar_tags / sizeof scalar_tags[0];
	    i++)
		if (strcmp((const char *)tag, scalar_tags[i]) == 0)
			return (enum hps__ytag)i;
	return HPS__TAG_NONE;
}

struct yload {
	yaml_parser_t parser;
	const char *path;
	const char *text;
	size_t len;
	char *err;
	size_t errlen;
	int last_wins;		/* a key given twice keeps the last */
};

static int yload_node(struct yload *, yaml_event_t *, int,
    struct hps__ynode **);

int
hps__space_yaml_verrf(char *err, size_t errlen, const char *path, int line,
    int col, const char *fmt, va_list ap)
{
	char msg[HPS_ERRMAX];

	vsnprintf(msg, sizeof msg, fmt, ap);
	return hps_errf(err, errlen, HPS_EPARSE, "%s:%d:%d: %s", path, line,
	    col, msg);
}

static int
yload_errf(struct yload *l, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
yload_errf(struct yload *l, int line, int col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = hps__space_yaml_verrf(l->err, l->errlen, l->path, line, col, fmt,
	    ap);
	va_end(ap);
	return rc;
}

/* Line and column of a byte offset, for errors libyaml gives no mark. */
static void
offset_pos(const char *text, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}

static int
yload_syntax(struct yload *l)
{
	yaml_parser_t *p = &l->parser;
	const char *problem = p->problem ? p->problem : "syntax error";
	int line, col;

	if (p->error == YAML_MEMORY_ERROR)
		return HPS_ENOMEM;
	if (p->error == YAML_READER_ERROR) {
		offset_pos(l->text, p->problem_offset < l->len ?
		    p->problem_offset : l->len, &line, &col);
		return yload_errf(l, line, col, "%s", problem);
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	if (p->context != NULL)
		return yload_errf(l, line, col, "%s %s at line %d", problem,
		    p->context, (int)p->context_mark.line + 1);
	return yload_errf(l, line, col, "%s", problem);
}

static int
yload_next(struct yload *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->parser, ev))
		return yload_syntax(l);
	return 0;
}

void
hps__space_yaml_free(struct hps__ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		hps__space_yaml_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

/* Refuse what core/space.c should never have to think about. */
static int
yload_check(struct yload *l, const yaml_event_t *ev, int depth)
{
	int line = (int)ev->start_mark.line + 1;
	int col = (int)ev->start_mark.column + 1;
	const yaml_char_t *anchor = NULL, *tag = NULL;

	if (ev->type == YAML_ALIAS_EVENT)
		return yload_errf(l, line, col,
		    "YAML aliases are not supported; write the value out");
	if (ev->type == YAML_SCALAR_EVENT) {
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
	} else if (ev->type == YAML_SEQUENCE_START_EVENT) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else if (ev->type == YAML_MAPPING_START_EVENT) {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	} else
		return yload_errf(l, line, col, "unexpected YAML event");
	if (anchor != NULL)
		return yload_errf(l, line, col,
		    "YAML anchors and aliases are not supported; "
		    "remove '&%.32s'", (const char *)anchor);
	if (tag != NULL && (ev->type != YAML_SCALAR_EVENT ||
	    tag_find(tag) == HPS__TAG_NONE))
		return yload_errf(l, line, col, "YAML tag '%.32s' is not "
		    "supported (only !!str, !!int, !!float and !!bool on a "
		    "value); remove it", (const char *)tag);
	if (depth > HPS__YAML_MAXDEPTH)
		return yload_errf(l, line, col,
		    "nesting is too deep (at most %d levels)",
		    HPS__YAML_MAXDEPTH);
	return 0;
}

static int
yload_scalar(struct yload *l, const yaml_event_t *ev, struct hps__ynode *n)
{
	size_t len = ev->data.scalar.length;

	/* A double-quoted "\0" puts a NUL inside the value itself. */
	if (memchr(ev->data.scalar.value, '\0', len) != NULL)
		return yload_errf(l, n->line, n->col,
		    "value contains a NUL byte");
	if ((n->text = malloc(len + 1)) == NULL)
		return HPS_ENOMEM;
	memcpy(n->text, ev->data.scalar.value, len);
	n->text[len] = '\0';
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.tag == NULL;
	if (ev->data.scalar.tag != NULL)
		n->tag = tag_find(ev->data.scalar.tag);
	return 0;
}

static int
yload_new(struct yload *l, const yaml_event_t *ev, struct hps__ynode **out)
{
	struct hps__ynode *n;

	if ((n = calloc(1, sizeof *n)) == NULL)
		return HPS_ENOMEM;
	*out = n;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	if (ev->type == YAML_SCALAR_EVENT) {
		n->type = HPS__Y_SCALAR;
		return yload_scalar(l, ev, n);
	}
	n->type = ev->type == YAML_MAPPING_START_EVENT ? HPS__Y_MAP :
	    HPS__Y_SEQ;
	return 0;
}

/*
 * A key given twice: refused in a space file; with last_wins (PyYAML's
 * way) the earlier pair goes, and the key remembers where it was.
 */
static int
yload_key(struct yload *l, struct hps__ynode *map, struct hps__ynode *key)
{
	size_t i;

	if (key->type != HPS__Y_SCALAR)
		return yload_errf(l, key->line, key->col,
		    "keys must be plain words, not lists or mappings");
	for (i = 0; i < map->nkids; i += 2) {
		if (strcmp(map->kids[i]->text, key->text) != 0)
			continue;
		if (!l->last_wins)
			return yload_errf(l, key->line, key->col,
			    "duplicate key '%.64s' (first at line %d); "
			    "remove one", key->text, map->kids[i]->line);
		key->dup_line = map->kids[i]->line;
		hps__space_yaml_free(map->kids[i]);
		hps__space_yaml_free(map->kids[i + 1]);
		memmove(&map->kids[i], &map->kids[i + 2], (map->nkids - i - 2) *
		    sizeof *map->kids);
		map->nkids -= 2;
		return 0;
	}
	return 0;
}

static int
yload_push(struct yload *l, struct hps__ynode *n, struct hps__ynode *kid)
{
	struct hps__ynode **kids;
	size_t max = HPS__YAML_MAXITEMS;
	int rc;

	if (n->type == HPS__Y_MAP) {
		max *= 2;
		if (n->nkids % 2 == 0 && (rc = yload_key(l, n, kid)) != 0)
			return rc;
	}
	if (n->nkids >= max)
		return yload_errf(l, kid->line, kid->col,
		    "too many items (at most %d in one list or mapping)",
		    HPS__YAML_MAXITEMS);
	kids = realloc(n->kids, (n->nkids + 1) * sizeof *kids);
	if (kids == NULL)
		return HPS_ENOMEM;
	n->kids = kids;
	n->kids[n->nkids++] = kid;
	return 0;
}

static int
yload_kids(struct yload *l, struct hps__ynode *n, int depth)
{
	struct hps__ynode *kid;
	yaml_event_t ev;
	int rc;

	for (;;) {
		if ((rc = yload_next(l, &ev)) != 0)
			return rc;
		if (ev.type == YAML_SEQUENCE_END_EVENT ||
		    ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if ((rc = yload_node(l, &ev, depth + 1, &kid)) != 0)
			return rc;
		if ((rc = yload_push(l, n, kid)) != 0) {
			hps__space_yaml_free(kid);
			return rc;
		}
	}
}

/* Build the node that starts with ev (which this consumes). */
static int
yload_node(struct yload *l, yaml_event_t *ev, int depth,
    struct hps__ynode **out)
{
	int rc, container;

	*out = NULL;
	container = ev->type == YAML_SEQUENCE_START_EVENT ||
	    ev->type == YAML_MAPPING_START_EVENT;
	rc = yload_check(l, ev, depth);
	if (rc == 0)
		rc = yload_new(l, ev, out);
	yaml_event_delete(ev);
	if (rc == 0 && container)
		rc = yload_kids(l, *out, depth);
	if (rc != 0) {
		hps__space_yaml_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Expect an event of type t, else a syntax error at it. */
static int
yload_expect(struct yload *l, yaml_event_type_t t, const char *what)
{
	yaml_event_t ev;
	yaml_event_type_t got;
	int rc, line, col;

	if ((rc = yload_next(l, &ev)) != 0)
		return rc;
	got = ev.type;
	line = (int)ev.start_mark.line + 1;
	col = (int)ev.start_mark.column + 1;
	yaml_event_delete(&ev);
	if (got != t)
		return yload_errf(l, line, col, "%s", what);
	return 0;
}

static int
yload_stream(struct yload *l, struct hps__ynode **root)
{
	yaml_event_t ev;
	int rc;

	if ((rc = yload_expect(l, YAML_STREAM_START_EVENT, "no YAML")) != 0)
		return rc;
	if ((rc = yload_next(l, &ev)) != 0)
		return rc;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return yload_errf(l, 1, 1, "file is empty; a space file "
		    "needs name:, command: and parameters: (and metric: to "
		    "rank trials)");
	}
	yaml_event_delete(&ev);
	if ((rc = yload_next(l, &ev)) != 0)
		return rc;
	if ((rc = yload_node(l, &ev, 0, root)) != 0)
		return rc;
	rc = yload_expect(l, YAML_DOCUMENT_END_EVENT, "expected end of "
	    "document");
	if (rc == 0)
		rc = yload_expect(l, YAML_STREAM_END_EVENT, "only one YAML "
		    "document is allowed; remove the second '---'");
	return rc;
}

static int
yload_text(struct yload l, struct hps__ynode **root)
{
	const char *nul;
	int rc, line, col;

	*root = NULL;
	if ((nul = memchr(l.text, '\0', l.len)) != NULL) {
		offset_pos(l.text, (size_t)(nul - l.text), &line, &col);
		return yload_errf(&l, line, col, "file contains a NUL byte");
	}
	if (!yaml_parser_initialize(&l.parser))
		return HPS_ENOMEM;
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)l.text,
	    l.len);
	rc = yload_stream(&l, root);
	yaml_parser_delete(&l.parser);
	if (rc != 0) {
		hps__space_yaml_free(*root);
		*root = NULL;
	}
	return rc;
}

int
hps__space_yaml_load(const char *path, const char *text, size_t len,
    struct hps__ynode **root, char *err, size_t errlen)
{
	struct yload l = {.path = path, .text = text, .len = len, .err = err,
	    .errlen = errlen};

	return yload_text(l, root);
}

int
hps__space_yaml_load_last(const char *path, const char *text, size_t len,
    struct hps__ynode **root, char *err, size_t errlen)
{
	struct yload l = {.path = path, .text = text, .len = len, .err = err,
	    .errlen = errlen, .last_wins = 1};

	return yload_text(l, root);
}

int
hps__space_yaml_isnull(const struct hps__ynode *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	size_t i;

	if (n->type != HPS__Y_SCALAR || !n->plain)
		return 0;
	for (i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (strcmp(n->text, nulls[i]) == 0)
			return 1;
	return 0;
}

static const char *
skip_digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/*
 * 1 for a YAML 1.2 core-schema integer, 2 for a float, 0 otherwise. Not
 * strtod alone: it also takes "inf", "0x10" and leading blanks.
 */
static int
number_syntax(const char *s)
{
	const char *p = s, *q;
	int isfloat = 0;

	if (*p == '-' || *p == '+')
		p++;
	q = skip_digits(p);
	if (*q == '.') {
		isfloat = 1;
		q = skip_digits(q + 1);
	}
	if (q == p || (q == p + 1 && *p == '.'))
		return 0;
	if (*q == 'e' || *q == 'E') {
		isfloat = 1;
		p = q + 1;
		if (*p == '-' || *p == '+')
			p++;
		if ((q = skip_digits(p)) == p)
			return 0;
	}
	if (*q != '\0')
		return 0;
	return isfloat ? 2 : 1;
}

int
hps__space_yaml_number(const char *s, double *out)
{
	int syn;

	if ((syn = number_syntax(s)) != 0)
		*out = strtod(s, NULL);
	return syn;
}

static int
value_str(const struct hps__ynode *n, struct hps_value *out)
{
	out->kind = HPS_V_STR;
	out->num = 0;
	if ((out->str = strdup(n->text)) == NULL)
		return HPS_ENOMEM;
	return 0;
}

/* A value tagged !!int, !!float or !!bool: its text must be one. */
static int
value_tagged(const struct hps__ynode *n, struct hps_value *out,
    const char **why)
{
	int syn = number_syntax(n->text);

	if (n->tag == HPS__TAG_BOOL) {
		out->kind = HPS_V_BOOL;
		out->num = strcmp(n->text, "true") == 0;
		if (out->num == 0 && strcmp(n->text, "false") != 0) {
			*why = "!!bool needs true or false";
			return 1;
		}
		return 0;
	}
	if (syn == 0 || (n->tag == HPS__TAG_INT && syn != 1)) {
		*why = n->tag == HPS__TAG_INT ? "!!int needs an integer" :
		    "!!float needs a number";
		return 1;
	}
	out->num = strtod(n->text, NULL);
	out->kind = n->tag == HPS__TAG_INT ? HPS_V_INT : HPS_V_FLOAT;
	if (!isfinite(out->num) || (out->kind == HPS_V_INT &&
	    fabs(out->num) > 9007199254740992.0)) {
		*why = "number is out of range";
		return 1;
	}
	return 0;
}

int
hps__space_yaml_value(const struct hps__ynode *n, struct hps_value *out,
    const char **why)
{
	int syn;

	memset(out, 0, sizeof *out);
	if (n->type != HPS__Y_SCALAR) {
		*why = n->type == HPS__Y_SEQ ? "expected a single value, not "
		    "a list" : "expected a single value, not a mapping";
		return 1;
	}
	if (n->tag > HPS__TAG_STR)
		return value_tagged(n, out, why);
	if (!n->plain)
		return value_str(n, out);
	if (hps__space_yaml_isnull(n)) {
		*why = "missing value (write \"\" for an empty string)";
		return 1;
	}
	if (strcmp(n->text, "true") == 0 || strcmp(n->text, "false") == 0) {
		out->kind = HPS_V_BOOL;
		out->num = n->text[0] == 't';
		return 0;
	}
	if ((syn = hps__space_yaml_number(n->text, &out->num)) == 0)
		return value_str(n, out);
	if (!isfinite(out->num)) {
		*why = "number is out of range";
		return 1;
	}
	/* Past 2^53 a double no longer holds every integer exactly. */
	out->kind = syn == 1 && fabs(out->num) <= 9007199254740992.0 ?
	    HPS_V_INT : HPS_V_FLOAT;
	return 0;
}
