/*
 * Points given to a study (hps/point.h): values checked against the
 * space, name=value words read as their parameters' kinds, and earlier
 * studies' trials mapped into a new space.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/point.h"
#include "hps/rng.h"

/* How near a step or grid point a value must be to be on it, relative to
 * the spacing: binary noise (0.1 * 3) is on it, another value is not. */
#define POINT_SLACK 1e-9

/* Why a value is not in the space: 1, with the reason in why. */
static int __attribute__((format(printf, 3, 4)))
refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return 1;
}

static int
numeric(const struct hps_value *v)
{
	return v->kind == HPS_V_FLOAT || v->kind == HPS_V_INT;
}

/* Equal values; a number whatever its kind (an imported 512.0 is 512). */
static int
same(const struct hps_value *a, const struct hps_value *b)
{
	if (numeric(a) && numeric(b))
		return a->num == b->num;
	return hps_value_eq(a, b);
}

int
hps_point_equal(const struct hps_space *sp, const struct hps_value *a,
    const struct hps_value *b)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (!same(&a[i], &b[i]))
			return 0;
	return 1;
}

uint64_t
hps_point_hash(const struct hps_space *sp, const struct hps_value *vals)
{
	uint64_t h = 0x706f696e74ULL, x;	/* "point" */
	const unsigned char *c;
	size_t i;
	double num;

	for (i = 0; i < sp->nparams; i++) {
		const struct hps_value *v = &vals[i];

		if (numeric(v)) {
			num = v->num == 0 ? 0 : v->num;	/* -0 is 0 */
			memcpy(&x, &num, sizeof x);
		} else {
			x = (uint64_t)v->kind << 56 ^ (uint64_t)(v->num != 0);
			for (c = (const unsigned char *)(hps_value_has_str(v) &&
			    v->str ? v->str : ""); *c != '\0'; c++)
				x = (x ^ *c) * 0x100000001b3ULL;
		}
		h = hps_mix64(h ^ x);
	}
	return h;
}

/* A categorical's value or a constant. */
static int
on_list(const struct hps_param *p, const struct hps_value *in,
    struct hps_value *out, char *why, size_t len)
{
	size_t i;

	for (i = 0; i < p->nvalues; i++)
		if (same(in, &p->values[i]))
			return hps_value_copy(out, &p->values[i]);
	return refuse(why, len, "%s", p->type == HPS_P_CONST ? "is not the"
	    " constant" : "is not one of its values");
}

/* Where x falls among the n grid points, as a fractional index. */
static double
grid_place(const struct hps_param *p, double x, uint64_t n)
{
	double step = p->step > 0 ? p->step : 1;

	if (p->type == HPS_P_INT || p->step > 0)
		return (x - p->min) / step;
	if (n < 2)
		return 0;
	if (p->log && x > 0)
		return log(x / p->min) / log(p->max / p->min) * (double)(n - 1);
	return (x - p->min) / (p->max - p->min) * (double)(n - 1);
}

/* The grid point x is on: 1 with it in *out, else 0. */
static int
on_grid(const struct hps_param *p, double x, struct hps_value *out)
{
	uint64_t n = hps_param_grid_size(p), k;
	double at = grid_place(p, x, n), space, from;

	space = (p->max - p->min) / (double)(n > 1 ? n - 1 : 1);
	from = floor(at) - 1;
	for (k = from > 0 ? (uint64_t)from : 0; k < n && (double)k <= at + 1;
	    k++) {
		if (hps_param_grid_value(p, k, out) != 0)
			return 0;
		if (fabs(out->num - x) <= POINT_SLACK * (space + fabs(x)))
			return 1;
	}
	return 0;
}

/* Whether a number must be one of p's grid points to lie in the space. */
static int
gridded(const struct hps_space *sp, const struct hps_param *p)
{
	return p->type == HPS_P_INT || p->step > 0 || (hps_space_grid(sp) &&
	    p->grid_points > 0);
}

static int
on_range(const struct hps_space *sp, const struct hps_param *p,
    const struct hps_value *in, struct hps_value *out, char *why,
    size_t len)
{
	double x = in->num, slack = POINT_SLACK * (p->max - p->min);

	if (!numeric(in))
		return refuse(why, len, "must be a number");
	if (!isfinite(x) || x < p->min - slack || x > p->max + slack)
		return refuse(why, len, "is outside its range [%g, %g]",
		    p->min, p->max);
	x = fmin(fmax(x, p->min), p->max);
	if (p->type == HPS_P_INT && x != floor(x))
		return refuse(why, len, "is not an integer");
	if (!gridded(sp, p)) {
		*out = (struct hps_value){HPS_V_FLOAT, x, NULL};
		return 0;
	}
	if (on_grid(p, x, out))
		return 0;
	memset(out, 0, sizeof *out);
	if (p->type == HPS_P_INT || p->step > 0)
		return refuse(why, len, "is not on its step %g from %g",
		    p->type == HPS_P_INT && p->step <= 0 ? 1 : p->step, p->min);
	return refuse(why, len, "is not one of its %d grid points",
	    p->grid_points);
}

int
hps_point_value(const struct hps_space *sp, const struct hps_param *p,
    const struct hps_value *in, struct hps_value *out, char *why,
    size_t len)
{
	memset(out, 0, sizeof *out);
	if (p->type == HPS_P_CAT || p->type == HPS_P_CONST)
		return on_list(p, in, out, why, len);
	return on_range(sp, p, in, out, why, len);
}

/* ---- name=value words ---- */

/* The text of value v as a trial sees it. */
static const char *
text_of(const struct hps_value *v, char *buf, size_t len)
{
	if (v->kind == HPS_V_STR)
		return v->str;
	hps_value_format(v, buf, len);
	return buf;
}

/* The word's text as a value of p's kind, before its check. */
static int
read_text(const struct hps_param *p, const char *text, struct hps_value *v)
{
	char buf[64], *end;
	size_t i;

	for (i = 0; i < p->nvalues; i++)
		if (strcmp(text_of(&p->values[i], buf, sizeof buf), text) == 0) {
			*v = p->values[i];
			return 0;
		}
	v->kind = HPS_V_FLOAT;
	v->num = strtod(text, &end);
	return *text == '\0' || *end != '\0' ? -1 : 0;
}

/* One word into out[], marking the parameter given. */
static int
parse_word(const struct hps_space *sp, const char *word,
    struct hps_value *out, char *given, char *err, size_t errlen)
{
	const char *eq = strchr(word, '='), *near, *names[256];
	struct hps_value v = {HPS_V_FLOAT, 0, NULL};
	char name[80], why[128];
	size_t i;
	int k, rc;

	if (eq == NULL || eq == word || (size_t)(eq - word) >= sizeof name)
		return hps_errf(err, errlen, HPS_EINVAL, "'%.80s' is not"
		    " name=value", word);
	snprintf(name, sizeof name, "%.*s", (int)(eq - word), word);
	if ((k = hps_space_find(sp, name)) < 0) {
		for (i = 0; i < sp->nparams && i < 256; i++)
			names[i] = sp->params[i].name;
		near = hps_space_suggest(name, names, i);
		return hps_errf(err, errlen, HPS_EINVAL, "no parameter '%s'"
		    " in this study%s%s%s", name, near ? " (did you mean " :
		    "", near ? near : "", near ? "?)" : "");
	}
	if (given[k])
		return hps_errf(err, errlen, HPS_EINVAL, "%s is given twice",
		    name);
	given[k] = 1;
	if (read_text(&sp->params[k], eq + 1, &v) != 0)
		return hps_errf(err, errlen, HPS_EINVAL, "%s: '%.64s' is not"
		    " a number nor one of its values", word, eq + 1);
	rc = hps_point_value(sp, &sp->params[k], &v, &out[k], why,
	    sizeof why);
	if (rc == 1)
		return hps_errf(err, errlen, HPS_EINVAL, "%.120s %s", word,
		    why);
	return rc;
}

int
hps_point_may_lack(const struct hps_param *p)
{
	return p->nconds > 0 || p->elem > 0;
}

int
hps_point_fit(const struct hps_space *sp, struct hps_value *vals,
    char *why, size_t len)
{
	size_t i;

	hps_space_deactivate(sp, vals);
	for (i = 0; i < sp->nparams; i++)
		if (vals[i].kind == HPS_V_NONE && hps_space_active(sp, vals, i))
			return hps_errf(why, len, 1, "has no value for %s, which"
			    " applies to it (and has no default:)",
			    sp->params[i].name), 1;
	if (!hps_space_feasible(sp, vals))
		return hps_errf(why, len, 1, "breaks the space's"
		    " constraints"), 1;
	return 0;
}

/* A parameter the words did not name: its default or its constant, or
 * none when it may not apply (hps_point_fit then decides). */
static int
fill_unnamed(const struct hps_param *p, struct hps_value *out, char *err,
    size_t errlen)
{
	if (p->type == HPS_P_CONST)
		return hps_value_copy(out, &p->values[0]);
	if (p->dflt != NULL)
		return hps_value_copy(out, p->dflt);
	if (hps_point_may_lack(p)) {
		*out = (struct hps_value){HPS_V_NONE, 0, NULL};
		return 0;
	}
	return hps_errf(err, errlen, HPS_EINVAL, "give %s=VALUE (%s has no"
	    " default:)", p->name, p->name);
}

int
hps_point_parse(const struct hps_space *sp, char *const *words, size_t n,
    struct hps_value *out, char *err, size_t errlen)
{
	char *given = calloc(sp->nparams + 1, 1), why[160];
	size_t i;
	int rc = 0;

	memset(out, 0, sp->nparams * sizeof *out);
	if (given == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	for (i = 0; rc == 0 && i < n; i++)
		rc = parse_word(sp, words[i], out, given, err, errlen);
	for (i = 0; rc == 0 && i < sp->nparams; i++)
		if (!given[i])
			rc = fill_unnamed(&sp->params[i], &out[i], err, errlen);
	free(given);
	if (rc == 0 && hps_point_fit(sp, out, why, sizeof why) != 0)
		rc = hps_errf(err, errlen, HPS_EINVAL, "the point %s", why);
	if (rc == HPS_ENOMEM)
		hps_errf(err, errlen, rc, "out of memory");
	for (i = 0; rc != 0 && i < sp->nparams; i++)
		hps_value_clear(&out[i]);
	return rc;
}

/* ---- importing an earlier study's trials ---- */

/* A parameter of the source that the space dropped. */
struct dropped {
	char *name;
	struct hps_value first;		/* its value in the first trial */
	struct hps_value other;		/* another, once it varied */
	int varied;
};

struct hps_import {
	const struct hps_space *sp;
	long outside;
	int missing;			/* a parameter lacking, with no
					   default; -1: none */
	struct dropped *drop;
	size_t ndrop;
};

int
hps_import_new(const struct hps_space *sp, struct hps_import **out)
{
	if ((*out = calloc(1, sizeof **out)) == NULL)
		return HPS_ENOMEM;
	(*out)->sp = sp;
	(*out)->missing = -1;
	return 0;
}

void
hps_import_free(struct hps_import *im)
{
	size_t i;

	for (i = 0; im != NULL && i < im->ndrop; i++) {
		free(im->drop[i].name);
		hps_value_clear(&im->drop[i].first);
		hps_value_clear(&im->drop[i].other);
	}
	if (im != NULL)
		free(im->drop);
	free(im);
}

long
hps_import_outside(const struct hps_import *im)
{
	return im->outside;
}

static int
name_at(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* The value of parameter i of the space from the trial's values. */
static int
take(struct hps_import *im, size_t i, const char *const *names,
    const struct hps_value *vals, size_t n, struct hps_value *out)
{
	const struct hps_param *p = &im->sp->params[i];
	int j = name_at(names, n, p->name);
	char why[128];

	if (j >= 0 && vals[j].kind != HPS_V_NONE)
		return hps_point_value(im->sp, p, &vals[j], out, why,
		    sizeof why);
	if (p->dflt != NULL || p->type == HPS_P_CONST)
		return hps_value_copy(out, p->dflt ? p->dflt : &p->values[0]);
	if (j >= 0 || hps_point_may_lack(p)) {	/* hps_point_fit decides */
		*out = (struct hps_value){HPS_V_NONE, 0, NULL};
		return 0;
	}
	if (im->missing < 0)
		im->missing = (int)i;
	return 1;
}

/* Keep the value of a parameter the space dropped, to see if it varied. */
static int
note_dropped(struct hps_import *im, const char *name,
    const struct hps_value *v)
{
	struct dropped *d;
	size_t i;

	for (i = 0; i < im->ndrop; i++) {
		d = &im->drop[i];
		if (strcmp(d->name, name) != 0)
			continue;
		if (d->varied || same(&d->first, v))
			return 0;
		d->varied = 1;
		return hps_value_copy(&d->other, v);
	}
	if ((d = realloc(im->drop, (im->ndrop + 1) * sizeof *d)) == NULL)
		return HPS_ENOMEM;
	im->drop = d;
	d = &im->drop[im->ndrop];
	memset(d, 0, sizeof *d);
	if ((d->name = strdup(name)) == NULL)
		return HPS_ENOMEM;
	im->ndrop++;
	return hps_value_copy(&d->first, v);
}

int
hps_import_offer(struct hps_import *im, const char *const *names,
    const struct hps_value *vals, size_t n, struct hps_value *out)
{
	char why[160];
	size_t i;
	int rc = 0;

	memset(out, 0, im->sp->nparams * sizeof *out);
	for (i = 0; rc == 0 && i < im->sp->nparams; i++)
		rc = take(im, i, names, vals, n, &out[i]);
	for (i = 0; rc == 0 && i < n; i++)
		if (hps_space_find(im->sp, names[i]) < 0)
			rc = note_dropped(im, names[i], &vals[i]);
	if (rc == 0 && hps_point_fit(im->sp, out, why, sizeof why) == 0)
		return 1;
	for (i = 0; i < im->sp->nparams; i++)
		hps_value_clear(&out[i]);
	memset(out, 0, im->sp->nparams * sizeof *out);
	if (rc == HPS_ENOMEM)
		return rc;
	im->outside++;
	return 0;
}

int
hps_import_check(const struct hps_import *im, const char *source,
    char *why, size_t len)
{
	const struct dropped *d;
	char a[64], b[64];
	size_t i;

	if (im->missing >= 0)
		return hps_errf(why, len, HPS_EINVAL, "study '%s' has no"
		    " parameter '%s'; give %s a default: to import its trials"
		    " with that value", source, im->sp->params[im->missing].name,
		    im->sp->params[im->missing].name);
	for (i = 0; i < im->ndrop; i++) {
		d = &im->drop[i];
		if (!d->varied)
			continue;
		return hps_errf(why, len, HPS_EINVAL, "study '%s' varied '%s'"
		    " (%s, %s, ...), which this space drops, so its trials"
		    " cannot be told apart here; add %s back (as {value: X} to"
		    " import only the trials that had X)", source, d->name,
		    text_of(&d->first, a, sizeof a), text_of(&d->other, b,
		    sizeof b), d->name);
	}
	return 0;
}
