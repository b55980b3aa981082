/*
 * Sections a strategy, a rule or an executor reads itself (bayes:,
 * genetic:, grid:, early_stopping:, executor:). The parser keeps their options
 * with positions; the owner checks them with hps_section_check, so its
 * messages read like the parser's: file:line:column: what and how.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "space_int.h"

static int
opt_list(struct hps__pctx *c, struct hps_opt *o, const struct hps__ynode *n)
{
	size_t i;

	o->is_list = 1;
	if ((o->list = calloc(n->nkids + 1, sizeof *o->list)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < n->nkids; i++) {
		if (n->kids[i]->type != HPS__Y_SCALAR)
			return hps__space_node_err(c, n->kids[i], "%s: list "
			    "items must be plain values", o->key);
		if ((o->list[o->nlist++] = strdup(n->kids[i]->text)) == NULL)
			return HPS_ENOMEM;
	}
	return 0;
}

static int
opt_read(struct hps__pctx *c, struct hps_opt *o, const struct hps__ynode *key,
    const struct hps__ynode *val)
{
	if ((o->key = strdup(key->text)) == NULL)
		return HPS_ENOMEM;
	o->line = val->line;
	o->col = val->col;
	if (val->type == HPS__Y_SEQ)
		return opt_list(c, o, val);
	if (val->type == HPS__Y_MAP)
		return hps__space_node_err(c, val, "%s: expected a value or a "
		    "list, not a mapping", o->key);
	return hps__space_node_value(c, val, o->key, &o->value);
}

int
hps__space_section(struct hps__pctx *c, const char *name,
    const struct hps__ynode *map)
{
	struct hps_space *sp = c->sp;
	struct hps_section *s, *n;
	size_t i;
	int rc;

	if (map->type != HPS__Y_MAP)
		return hps__space_node_err(c, map, "%s must be a mapping of "
		    "options ({key: value, ...})", name);
	n = realloc(sp->sections, (sp->nsections + 1) * sizeof *n);
	if (n == NULL)
		return HPS_ENOMEM;
	sp->sections = n;
	s = &n[sp->nsections++];
	memset(s, 0, sizeof *s);
	s->line = map->line;
	s->col = map->col;
	s->name = strdup(name);
	s->opts = calloc(map->nkids / 2 + 1, sizeof *s->opts);
	if (s->name == NULL || s->opts == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < map->nkids; i += 2) {
		rc = opt_read(c, &s->opts[s->nopts++], map->kids[i],
		    map->kids[i + 1]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct hps_section *
hps_space_section(const struct hps_space *sp, const char *name)
{
	size_t i;

	for (i = 0; i < sp->nsections; i++)
		if (strcmp(sp->sections[i].name, name) == 0)
			return &sp->sections[i];
	return NULL;
}

const struct hps_opt *
hps_section_get(const struct hps_section *s, const char *key)
{
	size_t i;

	for (i = 0; s != NULL && i < s->nopts; i++)
		if (strcmp(s->opts[i].key, key) == 0)
			return &s->opts[i];
	return NULL;
}

double
hps_section_num(const struct hps_section *s, const char *key, double dflt)
{
	const struct hps_opt *o = hps_section_get(s, key);

	if (o == NULL || o->is_list || o->value.kind == HPS_V_STR)
		return dflt;
	return o->value.num;
}

const char *
hps_section_str(const struct hps_section *s, const char *key,
    const char *dflt)
{
	const struct hps_opt *o = hps_section_get(s, key);

	if (o == NULL || o->is_list || o->value.kind != HPS_V_STR)
		return dflt;
	return o->value.str;
}

int
hps_section_bool(const struct hps_section *s, const char *key, int dflt)
{
	const struct hps_opt *o = hps_section_get(s, key);

	if (o == NULL || o->is_list || o->value.kind != HPS_V_BOOL)
		return dflt;
	return o->value.num != 0;
}

int
hps_space_errat(const struct hps_space *sp, int line, int col, char *err,
    size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = hps__space_yaml_verrf(err, errlen, sp->path ? sp->path :
	    "<space>", line, col, fmt, ap);
	va_end(ap);
	return rc;
}

/* Is word one of the |-separated words? */
static int
among(const char *words, const char *word)
{
	size_t n = strlen(word);
	const char *p = words;

	while (*p != '\0') {
		size_t len = strcspn(p, "|");

		if (len == n && strncmp(p, word, n) == 0)
			return 1;
		p += len + (p[len] == '|');
	}
	return 0;
}

static int
check_opt(const struct hps_space *sp, const struct hps_section *s,
    const struct hps_opt *o, const struct hps_optspec *k, char *err,
    size_t errlen)
{
	const struct hps_value *v = &o->value;
	int numeric = !o->is_list && (v->kind == HPS_V_FLOAT ||
	    v->kind == HPS_V_INT);

	switch (k->type) {
	case HPS_OPTSPEC_INT:
		if (!numeric || v->num != floor(v->num))
			return hps_space_errat(sp, o->line, o->col, err, errlen,
			    "%s.%s must be an integer", s->name, o->key);
		/* FALLTHROUGH */
	case HPS_OPTSPEC_NUM:
		if (!numeric)
			return hps_space_errat(sp, o->line, o->col, err, errlen,
			    "%s.%s must be a number", s->name, o->key);
		if (v->num < k->min || v->num > k->max)
			return hps_space_errat(sp, o->line, o->col, err, errlen,
			    "%s.%s must be between %g and %g", s->name, o->key,
			    k->min, k->max);
		return 0;
	case HPS_OPTSPEC_BOOL:
		if (o->is_list || v->kind != HPS_V_BOOL)
			return hps_space_errat(sp, o->line, o->col, err, errlen,
			    "%s.%s must be true or false", s->name, o->key);
		return 0;
	case HPS_OPTSPEC_STR:
		if (o->is_list || v->kind != HPS_V_STR || (k->words != NULL &&
		    !among(k->words, v->str)))
			return hps_space_errat(sp, o->line, o->col, err, errlen,
			    "%s.%s must be %s%s", s->name, o->key, k->words ?
			    "one of " : "a string", k->words ? k->words : "");
		return 0;
	case HPS_OPTSPEC_LIST:
		if (!o->is_list)
			return hps_space_errat(sp, o->line, o->col, err, errlen,
			    "%s.%s must be a list ([a, b])", s->name, o->key);
		return 0;
	}
	return 0;
}

int
hps_section_check(const struct hps_space *sp, const struct hps_section *s,
    const struct hps_optspec *spec, char *err, size_t errlen)
{
	const char *names[64], *hint;
	size_t i, j, n = 0;
	int rc;

	for (j = 0; spec[j].key != NULL && n < 64; j++)
		names[n++] = spec[j].key;
	for (i = 0; s != NULL && i < s->nopts; i++) {
		const struct hps_opt *o = &s->opts[i];

		for (j = 0; j < n && strcmp(spec[j].key, o->key) != 0; j++)
			;
		if (j == n) {
			hint = hps__space_node_suggest(o->key, strlen(o->key),
			    names, n);
			return hps_space_errat(sp, o->line, o->col, err, errlen,
			    "unknown option '%s' in %s%s%s%s", o->key, s->name,
			    hint ? "; did you mean '" : "", hint ? hint : "",
			    hint ? "'?" : "");
		}
		if ((rc = check_opt(sp, s, o, &spec[j], err, errlen)) != 0)
			return rc;
	}
	return 0;
}

double
hps_parse_duration(const char *text)
{
	double v, mult = 1;
	size_t len = strlen(text);
	char num[64];

	if (len > 0 && strchr("smh", text[len - 1]) != NULL) {
		mult = text[len - 1] == 'h' ? 3600 : text[len - 1] == 'm' ?
		    60 : 1;
		len--;
	}
	if (len == 0 || len >= sizeof num)
		return -1;
	memcpy(num, text, len);
	num[len] = '\0';
	if (hps__space_yaml_number(num, &v) == 0 || !(v >= 0) || isinf(v))
		return -1;
	return v * mult;
}
