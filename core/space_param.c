/*
 * One parameter of a space file: its name and its spec. A spec's keys are
 * collected first and then checked for the parameter's kind, so a key that
 * does not apply to it ('values' on a float) is named rather than ignored.
 * when: and per: name other parameters, so they are handed back as nodes
 * and resolved once every parameter is read (core/space_cond.c).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/point.h"
#include "space_int.h"

enum pkind { PK_FLOAT, PK_INT, PK_CAT, PK_CONST, PK_BOOL, PK_N };

static const char *const pkind_words[PK_N] = {
	[PK_FLOAT] = "float",
	[PK_INT] = "int",
	[PK_CAT] = "categorical",
	[PK_CONST] = "const",
	[PK_BOOL] = "bool",
};

enum {
	S_TYPE, S_MIN, S_MAX, S_LOG, S_STEP, S_GRID_POINTS, S_VALUES,
	S_VALUE, S_WHEN, S_PER, S_DEFAULT, S_N
};

/* Collected only; which apply depends on the kind (spec_applies). */
static const struct hps__key spec_keys[S_N] = {
	[S_TYPE] = {"type", NULL, 0, NULL},
	[S_MIN] = {"min", NULL, 0, NULL},
	[S_MAX] = {"max", NULL, 0, NULL},
	[S_LOG] = {"log", NULL, 0, NULL},
	[S_STEP] = {"step", NULL, 0, NULL},
	[S_GRID_POINTS] = {"grid_points", NULL, 0, NULL},
	[S_VALUES] = {"values", NULL, 0, NULL},
	[S_VALUE] = {"value", NULL, 0, NULL},
	[S_WHEN] = {"when", NULL, 0, NULL},
	[S_PER] = {"per", NULL, 0, NULL},
	[S_DEFAULT] = {"default", NULL, 0, NULL},
};

#define K(k) (1u << (k))
#define K_RANGE (K(PK_FLOAT) | K(PK_INT))
static const unsigned spec_applies[S_N] = {
	[S_TYPE] = ~0u,
	[S_MIN] = K_RANGE,
	[S_MAX] = K_RANGE,
	[S_LOG] = K_RANGE,
	[S_STEP] = K_RANGE,
	[S_GRID_POINTS] = K(PK_FLOAT),
	[S_VALUES] = K(PK_CAT),
	[S_VALUE] = K(PK_CONST),
	[S_WHEN] = ~0u,
	[S_PER] = ~0u,
	[S_DEFAULT] = K_RANGE | K(PK_CAT) | K(PK_BOOL),
};

struct pspec {
	struct hps_param *p;
	const struct hps__ynode *key;	/* the parameter's name */
	const struct hps__ynode *map;	/* its spec */
	const struct hps__ynode *n[S_N];
	enum pkind kind;
};

static int
spec_name(struct hps__pctx *c, struct hps_param *p,
    const struct hps__ynode *key)
{
	const char *s = key->text;
	size_t i, len = strlen(s);
	int ok = len >= 1 && len <= 64 && (s[0] == '_' ||
	    (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'));

	for (i = 1; ok && i < len; i++) {
		ok = (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr("_.-", s[i]);
	}
	if (!ok)
		return hps__space_node_err(c, key, "bad parameter name "
		    "'%.64s': use up to 64 letters, digits, '_', '.' or '-', "
		    "starting with a letter or '_'", s);
	if ((p->name = strdup(s)) == NULL)
		return HPS_ENOMEM;
	return 0;
}

static int
spec_kind(struct hps__pctx *c, struct pspec *ps)
{
	size_t i;
	int rc;

	if (ps->n[S_TYPE] != NULL) {
		rc = hps__space_node_word(c, ps->n[S_TYPE], "type",
		    pkind_words, PK_N, &i);
		ps->kind = (enum pkind)i;
		return rc;
	}
	if (ps->n[S_VALUES] != NULL)
		ps->kind = PK_CAT;
	else if (ps->n[S_VALUE] != NULL)
		ps->kind = PK_CONST;
	else if (ps->n[S_MIN] != NULL || ps->n[S_MAX] != NULL)
		return hps__space_node_err(c, ps->map, "parameter '%s' has a "
		    "range but no type; add type: float or type: int",
		    ps->p->name);
	else
		return hps__space_node_err(c, ps->map, "parameter '%s' needs "
		    "type: float or int with min: and max:, values: [...] or "
		    "value: X", ps->p->name);
	return 0;
}

static int
spec_applies_check(struct hps__pctx *c, const struct pspec *ps)
{
	size_t i;

	for (i = 0; i < S_N; i++) {
		if (ps->n[i] != NULL && !(spec_applies[i] & K(ps->kind)))
			return hps__space_node_err(c, ps->n[i], "'%s' does not "
			    "apply to parameter '%s' (type: %s); remove it",
			    spec_keys[i].name, ps->p->name,
			    pkind_words[ps->kind]);
	}
	return 0;
}

static int
spec_step(struct hps__pctx *c, const struct pspec *ps)
{
	struct hps_param *p = ps->p;
	const struct hps__ynode *n = ps->n[S_STEP];
	int isint = p->type == HPS_P_INT, rc;

	p->step = isint ? 1 : 0;
	if (n == NULL)
		return 0;
	if ((rc = hps__space_node_number(c, n, "step", isint, &p->step)) != 0)
		return rc;
	if (!(p->step > 0))
		return hps__space_node_err(c, n, "step must be more than 0");
	if (p->step > p->max - p->min)
		return hps__space_node_err(c, n, "step %.32s is larger than "
		    "max - min; make it smaller", n->text);
	if (p->log && isint && p->step != 1)
		return hps__space_node_err(c, n, "step must be 1 for an int "
		    "with log: true (log spacing sets its own steps)");
	/* A fixed step on a log scale has no one meaning; say so. */
	if (p->log && !isint)
		return hps__space_node_err(c, n, "step does not combine with "
		    "log: true for a float; use grid_points: N for a "
		    "log-spaced grid");
	return 0;
}

static int
spec_grid_points(struct hps__pctx *c, const struct pspec *ps)
{
	const struct hps__ynode *n = ps->n[S_GRID_POINTS];
	long v;
	int rc;

	if (n == NULL)
		return 0;
	if (ps->n[S_STEP] != NULL)
		return hps__space_node_err(c, n, "use step: or grid_points:, "
		    "not both");
	rc = hps__space_node_long(c, n, "grid_points", 2, INT_MAX, &v);
	ps->p->grid_points = (int)v;
	return rc;
}

static int
spec_range(struct hps__pctx *c, const struct pspec *ps)
{
	struct hps_param *p = ps->p;
	const struct hps__ynode *lo = ps->n[S_MIN], *hi = ps->n[S_MAX];
	int isint = ps->kind == PK_INT, rc;

	p->type = isint ? HPS_P_INT : HPS_P_FLOAT;
	if (lo == NULL || hi == NULL)
		return hps__space_node_err(c, ps->map, "parameter '%s' needs "
		    "min: and max:", p->name);
	if ((rc = hps__space_node_number(c, lo, "min", isint, &p->min)) != 0 ||
	    (rc = hps__space_node_number(c, hi, "max", isint, &p->max)) != 0)
		return rc;
	if (!(p->min < p->max))
		return hps__space_node_err(c, lo, "min %.32s must be less than "
		    "max %.32s%s", lo->text, hi->text, p->min == p->max ?
		    " (for a constant write value: X)" : "");
	if (!isfinite(p->max - p->min))
		return hps__space_node_err(c, lo, "the range from %.32s to"
		    " %.32s is wider than a double holds (max - min"
		    " overflows), so every draw would be the same; narrow it",
		    lo->text, hi->text);
	if (ps->n[S_LOG] != NULL &&
	    (rc = hps__space_node_bool(c, ps->n[S_LOG], "log", &p->log)) != 0)
		return rc;
	if (p->log && p->min <= 0)
		return hps__space_node_err(c, lo, "min must be more than 0 "
		    "with log: true, not %.32s", lo->text);
	if ((rc = spec_step(c, ps)) != 0)
		return rc;
	return spec_grid_points(c, ps);
}

/* Text as a trial sees it: two values with one text are one value. */
static const char *
value_text(const struct hps_value *v, char *buf, size_t len)
{
	if (hps_value_has_str(v))
		return v->str;
	hps_value_format(v, buf, len);
	return buf;
}

#define TEXTMAX 40

static int
spec_distinct(struct hps__pctx *c, const struct pspec *ps)
{
	const struct hps__ynode *seq = ps->n[S_VALUES];
	const struct hps_param *p = ps->p;
	const char **txt;
	char *bufs;
	size_t i, j;
	int rc = 0;

	txt = calloc(p->nvalues, sizeof *txt);
	bufs = malloc(p->nvalues * TEXTMAX);
	if (txt == NULL || bufs == NULL)
		rc = HPS_ENOMEM;
	for (i = 0; rc == 0 && i < p->nvalues; i++) {
		txt[i] = value_text(&p->values[i], bufs + i * TEXTMAX,
		    TEXTMAX);
		for (j = 0; rc == 0 && j < i; j++) {
			if (strcmp(txt[i], txt[j]) == 0)
				rc = hps__space_node_err(c, seq->kids[i],
				    "duplicate value '%.64s' in values (first "
				    "at line %d); values must be distinct",
				    txt[i], seq->kids[j]->line);
		}
	}
	free(txt);
	free(bufs);
	return rc;
}

static int
spec_values(struct hps__pctx *c, const struct pspec *ps)
{
	const struct hps__ynode *seq = ps->n[S_VALUES];
	struct hps_param *p = ps->p;
	size_t i;
	int rc;

	p->type = HPS_P_CAT;
	if (seq == NULL)
		return hps__space_node_err(c, ps->map, "parameter '%s' needs "
		    "values: [...]", p->name);
	if (seq->type != HPS__Y_SEQ)
		return hps__space_node_err(c, seq, "values must be a list, "
		    "like values: [a, b, c]");
	if (seq->nkids == 0)
		return hps__space_node_err(c, seq, "values is empty; list at "
		    "least one value");
	if ((p->values = calloc(seq->nkids, sizeof *p->values)) == NULL)
		return HPS_ENOMEM;
	p->nvalues = seq->nkids;
	for (i = 0; i < seq->nkids; i++) {
		rc = hps__space_node_item(c, seq->kids[i], "values",
		    &p->values[i]);
		if (rc != 0)
			return rc;
	}
	return spec_distinct(c, ps);
}

static int
spec_const(struct hps__pctx *c, const struct pspec *ps)
{
	struct hps_param *p = ps->p;

	p->type = HPS_P_CONST;
	if (ps->n[S_VALUE] == NULL)
		return hps__space_node_err(c, ps->map, "parameter '%s' needs "
		    "value: X", p->name);
	if ((p->values = calloc(1, sizeof *p->values)) == NULL)
		return HPS_ENOMEM;
	p->nvalues = 1;
	return hps__space_node_item(c, ps->n[S_VALUE], "value",
	    &p->values[0]);
}

/* type: bool is the categorical [false, true]. */
static int
spec_bool(struct hps_param *p)
{
	p->type = HPS_P_CAT;
	if ((p->values = calloc(2, sizeof *p->values)) == NULL)
		return HPS_ENOMEM;
	p->nvalues = 2;
	p->values[0].kind = p->values[1].kind = HPS_V_BOOL;
	p->values[1].num = 1;
	return 0;
}

static int
spec_grid(struct hps__pctx *c, const struct pspec *ps)
{
	const struct hps_param *p = ps->p;

	if (!hps_space_grid(c->sp) || p->type != HPS_P_FLOAT ||
	    p->step > 0 || p->grid_points > 0)
		return 0;
	return hps__space_node_err(c, ps->key, "parameter '%s' has no finite "
	    "grid: add step: or grid_points: (or use method: random)",
	    p->name);
}

/* default: a value of the parameter, for points and imported trials
 * that lack one (hps/point.h). */
static int
spec_default(struct hps__pctx *c, const struct pspec *ps)
{
	const struct hps__ynode *n = ps->n[S_DEFAULT];
	struct hps_value v = {HPS_V_STR, 0, NULL};
	char why[128];
	int rc;

	if (n == NULL)
		return 0;
	if ((rc = hps__space_node_value(c, n, "default", &v)) != 0)
		return rc;
	if ((ps->p->dflt = calloc(1, sizeof *ps->p->dflt)) == NULL)
		rc = HPS_ENOMEM;
	else
		rc = hps_point_value(c->sp, ps->p, &v, ps->p->dflt, why,
		    sizeof why);
	hps_value_clear(&v);
	if (rc == 1)
		return hps__space_node_err(c, n, "default %.64s %s", n->text,
		    why);
	return rc;
}

int
hps__space_param(struct hps__pctx *c, struct hps__pdecl *d,
    const struct hps__ynode *key, const struct hps__ynode *spec)
{
	struct hps_param *p = &d->p;
	struct pspec ps = {.p = p, .key = key, .map = spec};
	char where[96];
	int rc;

	if ((rc = spec_name(c, p, key)) != 0)
		return rc;
	if (spec->type != HPS__Y_MAP)
		return hps__space_node_err(c, spec, "parameter '%s' must be a "
		    "mapping: {type: float, min: A, max: B}, {values: [...]} "
		    "or {value: X}", p->name);
	snprintf(where, sizeof where, "parameter '%s'", p->name);
	p->line = key->line;
	p->col = key->col;
	d->key = key;
	if ((rc = hps__space_node_collect(c, spec, where, spec_keys, S_N,
	    ps.n)) != 0 || (rc = spec_kind(c, &ps)) != 0 ||
	    (rc = spec_applies_check(c, &ps)) != 0)
		return rc;
	d->when = ps.n[S_WHEN];
	d->per = ps.n[S_PER];
	switch (ps.kind) {
	case PK_FLOAT:
	case PK_INT:
		rc = spec_range(c, &ps);
		break;
	case PK_CAT:
		rc = spec_values(c, &ps);
		break;
	case PK_CONST:
		rc = spec_const(c, &ps);
		break;
	case PK_BOOL:
	case PK_N:
		rc = spec_bool(p);
		break;
	}
	if (rc == 0)
		rc = spec_grid(c, &ps);
	return rc == 0 ? spec_default(c, &ps) : rc;
}
