/*
 * The branches of a search space (see hps/branch.h), found by a
 * depth-first walk over the switches in sp->order: at each switch that
 * applies, one step per class of its values; at the end, which of the
 * other parameters apply follows from the switches' values, and the
 * branch's points are the product of the values each active parameter
 * may take.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/branch.h"
#include "hps/error.h"

/* A class of none: the parameter does not apply in the branch. */
#define CLS_OFF UINT16_MAX

/*
 * A switch's classes: specials[c] is the grid index of class c's one
 * value for c < nspecial; class nspecial, when the switch has more
 * values than specials, is all the others.
 */
struct sw {
	size_t param;
	uint64_t *specials;	/* ascending */
	size_t nspecial;
	size_t nclass;
};

struct hps_branches {
	const struct hps_space *sp;
	struct sw *sw;
	size_t nsw;
	size_t *swof;		/* per parameter: its switch + 1, 0: none */
	size_t n, cap;
	uint16_t *cls;		/* n x nparams: a switch's class, 0 for any
				   other active parameter, CLS_OFF */
	uint64_t *size, *start;
	size_t *dims;
	uint64_t total;
	int infinite;		/* some active parameter has no grid */
	struct hps_value *rep;	/* the walk's values, shallow */
	uint16_t *cur;		/* the walk's classes */
	size_t max;
};

static uint64_t
mul_sat(uint64_t a, uint64_t b)
{
	return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/* The grid index of value v of parameter p, or UINT64_MAX. */
static uint64_t
grid_index(const struct hps_param *p, const struct hps_value *v)
{
	size_t i;

	if (p->type == HPS_P_INT)
		return (uint64_t)((v->num - p->min) / (p->step > 0 ? p->step :
		    1));
	for (i = 0; i < p->nvalues; i++)
		if (hps_value_eq(&p->values[i], v))
			return i;
	return UINT64_MAX;
}

static int
special_add(struct sw *s, uint64_t idx)
{
	uint64_t *n;
	size_t j;

	for (j = 0; j < s->nspecial; j++)
		if (s->specials[j] == idx)
			return 0;
	if ((n = realloc(s->specials, (s->nspecial + 1) * sizeof *n)) ==
	    NULL)
		return HPS_ENOMEM;
	s->specials = n;
	for (j = s->nspecial++; j > 0 && n[j - 1] > idx; j--)
		n[j] = n[j - 1];
	n[j] = idx;
	return 0;
}

/* What condition c tells apart of its parent's values: each value it
 * names, or for a per: count each of the count's values. */
static int
cond_specials(const struct hps_space *sp, struct sw *s,
    const struct hps_cond *c)
{
	const struct hps_param *p = &sp->params[s->param];
	uint64_t k, n = hps_param_grid_size(p);
	size_t j;
	int rc;

	if (c->values == NULL || p->type != HPS_P_INT) {
		for (k = 0; k < n; k++)
			if ((rc = special_add(s, k)) != 0)
				return rc;
		return 0;
	}
	for (j = 0; j < c->nvalues; j++)
		if ((rc = special_add(s, grid_index(p, &c->values[j]))) != 0)
			return rc;
	return 0;
}

/* The switch of parameter i, made on first use. */
static struct sw *
sw_of(struct hps_branches *b, size_t i)
{
	if (b->swof[i] == 0) {
		b->sw[b->nsw].param = i;
		b->swof[i] = ++b->nsw;
	}
	return &b->sw[b->swof[i] - 1];
}

static int
find_switches(struct hps_branches *b)
{
	const struct hps_space *sp = b->sp;
	const struct hps_param *p;
	struct sw *s;
	size_t i, k;
	int rc;

	for (i = 0; i < sp->nparams; i++) {
		p = &sp->params[i];
		for (k = 0; k < p->nconds; k++)
			if ((rc = cond_specials(sp, sw_of(b, p->conds[k].parent),
			    &p->conds[k])) != 0)
				return rc;
	}
	for (k = 0; k < b->nsw; k++) {
		s = &b->sw[k];
		s->nclass = s->nspecial + (hps_param_grid_size(
		    &sp->params[s->param]) > s->nspecial);
	}
	return 0;
}

/* The d-th value of class c of switch s as a grid index. */
static uint64_t
class_value(const struct sw *s, size_t c, uint64_t d)
{
	size_t j;

	if (c < s->nspecial)
		return s->specials[c];
	for (j = 0; j < s->nspecial && s->specials[j] <= d; j++)
		d++;
	return d;
}

/* A value of p (shallow: a categorical's own) for a walk. */
static void
rep_value(const struct hps_param *p, uint64_t idx, struct hps_value *v)
{
	if (p->type == HPS_P_INT) {
		*v = (struct hps_value){HPS_V_INT, p->min + (double)idx *
		    (p->step > 0 ? p->step : 1), NULL};
		return;
	}
	*v = p->values[p->type == HPS_P_CAT ? idx : 0];
}

static int
grow(struct hps_branches *b)
{
	size_t cap = b->cap ? 2 * b->cap : 16, np = b->sp->nparams;
	uint16_t *cls;
	uint64_t *size, *start;
	size_t *dims;

	if ((cls = realloc(b->cls, cap * (np ? np : 1) * sizeof *cls)) != NULL)
		b->cls = cls;
	if ((size = realloc(b->size, cap * sizeof *size)) != NULL)
		b->size = size;
	if ((start = realloc(b->start, cap * sizeof *start)) != NULL)
		b->start = start;
	if ((dims = realloc(b->dims, cap * sizeof *dims)) != NULL)
		b->dims = dims;
	if (cls == NULL || size == NULL || start == NULL || dims == NULL)
		return HPS_ENOMEM;
	b->cap = cap;
	return 0;
}

/* The walk's switches decided: the branch they make. */
static int
leaf(struct hps_branches *b)
{
	const struct hps_space *sp = b->sp;
	uint16_t *row;
	uint64_t size = 1, r;
	size_t i, dims = 0;
	int rc;

	if (b->n == b->max)
		return HPS_ETOOBIG;
	if (b->n == b->cap && (rc = grow(b)) != 0)
		return rc;
	row = b->cls + b->n * sp->nparams;
	for (i = 0; i < sp->nparams; i++) {
		row[i] = b->swof[i] ? b->cur[i] : hps_space_active(sp, b->rep,
		    i) ? 0 : CLS_OFF;
		if (row[i] == CLS_OFF)
			continue;
		dims += sp->params[i].type != HPS_P_CONST;
		r = hps_branches_radix(b, b->n, i);
		b->infinite |= r == 0;
		size = mul_sat(size, r);
	}
	b->size[b->n] = size;
	b->start[b->n] = b->total;
	b->dims[b->n++] = dims;
	b->total = b->total > UINT64_MAX - size ? UINT64_MAX : b->total + size;
	return 0;
}

/* Switches k.. of the order, in every way; the ones before are set. */
static int
walk(struct hps_branches *b, size_t k)
{
	const struct hps_space *sp = b->sp;
	const struct sw *s;
	size_t i, c;
	int rc;

	while (k < sp->nparams && b->swof[hps_space_at(sp, k)] == 0)
		k++;
	if (k == sp->nparams)
		return leaf(b);
	i = hps_space_at(sp, k);
	s = &b->sw[b->swof[i] - 1];
	if (!hps_space_active(sp, b->rep, i)) {
		b->cur[i] = CLS_OFF;
		b->rep[i] = (struct hps_value){HPS_V_NONE, 0, NULL};
		return walk(b, k + 1);
	}
	for (c = 0; c < s->nclass; c++) {
		b->cur[i] = (uint16_t)c;
		rep_value(&sp->params[i], class_value(s, c, 0), &b->rep[i]);
		if ((rc = walk(b, k + 1)) != 0)
			return rc;
	}
	return 0;
}

void
hps_branches_free(struct hps_branches *b)
{
	size_t k;

	if (b == NULL)
		return;
	for (k = 0; k < b->nsw; k++)
		free(b->sw[k].specials);
	free(b->sw);
	free(b->swof);
	free(b->cls);
	free(b->size);
	free(b->start);
	free(b->dims);
	free(b->rep);
	free(b->cur);
	free(b);
}

int
hps_branches_new(const struct hps_space *sp, size_t max,
    struct hps_branches **out)
{
	struct hps_branches *b;
	size_t np = sp->nparams ? sp->nparams : 1;
	int rc;

	*out = NULL;
	if ((b = calloc(1, sizeof *b)) == NULL)
		return HPS_ENOMEM;
	b->sp = sp;
	b->max = max;
	b->sw = calloc(np, sizeof *b->sw);
	b->swof = calloc(np, sizeof *b->swof);
	b->rep = calloc(np, sizeof *b->rep);
	b->cur = calloc(np, sizeof *b->cur);
	if (b->sw == NULL || b->swof == NULL || b->rep == NULL ||
	    b->cur == NULL)
		rc = HPS_ENOMEM;
	else if ((rc = find_switches(b)) == 0)
		rc = walk(b, 0);
	if (rc != 0) {
		hps_branches_free(b);
		return rc;
	}
	if (b->infinite)
		b->total = 0;
	*out = b;
	return 0;
}

size_t
hps_branches_count(const struct hps_branches *b)
{
	return b->n;
}

uint64_t
hps_branches_total(const struct hps_branches *b)
{
	return b->total;
}

uint64_t
hps_branches_size(const struct hps_branches *b, size_t k)
{
	return b->size[k];
}

uint64_t
hps_branches_start(const struct hps_branches *b, size_t k)
{
	return b->start[k];
}

size_t
hps_branches_dims(const struct hps_branches *b, size_t k)
{
	return b->dims[k];
}

size_t
hps_branches_maxdims(const struct hps_branches *b)
{
	size_t k, m = 0;

	for (k = 0; k < b->n; k++)
		m = b->dims[k] > m ? b->dims[k] : m;
	return m;
}

size_t
hps_branches_find(const struct hps_branches *b, uint64_t c)
{
	size_t lo = 0, hi = b->n, mid;

	/* the last branch starting at or before c */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (b->start[mid] <= c)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int
hps_branches_active(const struct hps_branches *b, size_t k, size_t i)
{
	return b->cls[k * b->sp->nparams + i] != CLS_OFF;
}

uint64_t
hps_branches_radix(const struct hps_branches *b, size_t k, size_t i)
{
	const struct sw *s;
	uint64_t n = hps_param_grid_size(&b->sp->params[i]);
	uint16_t c = b->cls[k * b->sp->nparams + i];

	if (b->swof[i] == 0)
		return n;
	s = &b->sw[b->swof[i] - 1];
	return c < s->nspecial ? 1 : n - s->nspecial;
}

uint64_t
hps_branches_value(const struct hps_branches *b, size_t k, size_t i,
    uint64_t d)
{
	if (b->swof[i] == 0)
		return d;
	return class_value(&b->sw[b->swof[i] - 1], b->cls[k *
	    b->sp->nparams + i], d);
}

void
hps_branches_label(const struct hps_branches *b, size_t k, char *buf,
    size_t len)
{
	const struct hps_param *p;
	const struct sw *s;
	struct hps_value v;
	char text[64];
	size_t i, j, used = 0;
	uint16_t c;

	buf[0] = '\0';
	for (j = 0; j < b->sp->nparams && used < len; j++) {
		i = hps_space_at(b->sp, j);
		if (b->swof[i] == 0 || (c = b->cls[k * b->sp->nparams + i]) ==
		    CLS_OFF)
			continue;
		s = &b->sw[b->swof[i] - 1];
		p = &b->sp->params[i];
		if (c < s->nspecial) {
			rep_value(p, s->specials[c], &v);
			hps_value_format(&v, text, sizeof text);
		} else
			snprintf(text, sizeof text, "other");
		used += (size_t)snprintf(buf + used, len - used, "%s%s=%s",
		    used ? " " : "", p->name, text);
	}
}
