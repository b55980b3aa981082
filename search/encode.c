/*
 * The unit-space encoding of a search space (see hps/encode.h). A point is
 * walked parents first (sp->order), so that each dimension's activity
 * follows from the values already read: the one path by which points are
 * snapped, filled and decoded.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/branch.h"
#include "hps/encode.h"
#include "hps/error.h"
#include "hps/rng.h"

static double
fwd(const struct hps_dim *d, double v)
{
	return d->log ? log(v) : v;
}

static double
inv(const struct hps_dim *d, double t)
{
	return d->log ? exp(t) : t;
}

static double
step_of(const struct hps_param *p)
{
	return p->step > 0 ? p->step : 1;
}

/* The numeric value of grid point k of a discrete dimension. */
static double
grid_num(const struct hps_param *p, uint64_t k)
{
	struct hps_value v = {0};

	(void)hps_param_grid_value(p, k, &v);
	return v.num;
}

/*
 * A discrete dimension spans its first and last grid values widened by
 * half a step; the last is below max when the step does not divide the
 * range. (A log int has min >= 1, so min - 1/2 stays positive.)
 */
static void
init_dim(struct hps_dim *d, const struct hps_param *p)
{
	double half = 0, top = p->max;

	d->log = p->log;
	if (p->type == HPS_P_CAT) {
		d->kind = HPS_DIM_CAT;
		d->ncat = p->nvalues;
		return;
	}
	d->kind = p->type == HPS_P_INT || p->step > 0 ? HPS_DIM_DISC :
	    HPS_DIM_CONT;
	if (d->kind == HPS_DIM_DISC) {
		d->npts = hps_param_grid_size(p);
		half = step_of(p) / 2;
		top = grid_num(p, d->npts - 1);
	}
	d->lo = fwd(d, p->min - half);
	d->hi = fwd(d, top + half);
}

/* The most dimensions any branch has active: all of them without
 * conditions, or when the branches are too many to count. */
static size_t
encoding_dmax(const struct hps_space *sp, size_t n)
{
	struct hps_branches *b;
	size_t m;

	if (!sp->conditional || hps_branches_new(sp, HPS_BRANCHES_MAX,
	    &b) != 0)
		return n;
	m = hps_branches_maxdims(b);
	hps_branches_free(b);
	return m < n ? m : n;
}

int
hps_encoding_init(struct hps_encoding *e, const struct hps_space *sp)
{
	size_t i, n = 0, np = sp->nparams ? sp->nparams : 1;

	memset(e, 0, sizeof *e);
	e->space = sp;
	e->dims = calloc(np, sizeof *e->dims);
	e->dim_of = calloc(np, sizeof *e->dim_of);
	e->view = calloc(np, sizeof *e->view);
	e->xs = calloc(np, sizeof *e->xs);
	if (e->dims == NULL || e->dim_of == NULL || e->view == NULL ||
	    e->xs == NULL) {
		hps_encoding_free(e);
		return HPS_ENOMEM;
	}
	for (i = 0; i < sp->nparams; i++) {
		e->dim_of[i] = SIZE_MAX;
		if (sp->params[i].type == HPS_P_CONST)
			continue;
		e->dims[n].param = i;
		init_dim(&e->dims[n], &sp->params[i]);
		e->dims[n].cond = sp->params[i].nconds > 0;
		e->dim_of[i] = n++;
	}
	e->ndims = n;
	e->dmax = encoding_dmax(sp, n);
	return 0;
}

void
hps_encoding_free(struct hps_encoding *e)
{
	free(e->dims);
	free(e->dim_of);
	free(e->view);
	free(e->xs);
	e->dims = NULL;
	e->dim_of = NULL;
	e->view = NULL;
	e->xs = NULL;
	e->ndims = 0;
}

static size_t
cat_index(const struct hps_param *p, const struct hps_value *v)
{
	size_t i;

	for (i = 0; i < p->nvalues; i++)
		if (hps_value_eq(&p->values[i], v))
			return i;
	return 0;
}

void
hps_encode(const struct hps_encoding *e, const struct hps_value *vals,
    double *x)
{
	size_t i;

	for (i = 0; i < e->ndims; i++) {
		const struct hps_dim *d = &e->dims[i];
		const struct hps_param *p = &e->space->params[d->param];
		const struct hps_value *v = &vals[d->param];

		if (v->kind == HPS_V_NONE)
			x[i] = HPS_ENC_INACTIVE;
		else if (d->kind == HPS_DIM_CAT)
			x[i] = (double)cat_index(p, v);
		else
			x[i] = (fwd(d, v->num) - d->lo) / (d->hi - d->lo);
	}
}

static double
clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A unit coordinate in the parameter's own units (unclamped). */
static double
unit_to_param(const struct hps_dim *d, double u)
{
	return inv(d, d->lo + clamp(u, 0, 1) * (d->hi - d->lo));
}

/* The index of the grid value nearest a discrete unit coordinate. */
static uint64_t
grid_index(const struct hps_dim *d, const struct hps_param *p, double u)
{
	double k = round((unit_to_param(d, u) - p->min) / step_of(p));

	return (uint64_t)clamp(k, 0, (double)(d->npts - 1));
}

/* Dimension j's value at coordinate u into v: shallow (a categorical's
 * own value), a grid value as grid search writes it (0.3, not
 * 0.30000000000000004), or a float clamped into its range. */
static void
dim_value(const struct hps_encoding *e, size_t j, double u,
    struct hps_value *v)
{
	const struct hps_dim *d = &e->dims[j];
	const struct hps_param *p = &e->space->params[d->param];

	if (d->kind == HPS_DIM_CAT) {
		*v = p->values[(size_t)clamp(round(u), 0, (double)d->ncat -
		    1)];
		return;
	}
	v->kind = p->type == HPS_P_INT ? HPS_V_INT : HPS_V_FLOAT;
	v->num = d->kind == HPS_DIM_DISC ? grid_num(p, grid_index(d, p, u)) :
	    clamp(unit_to_param(d, u), p->min, p->max);
	v->str = NULL;
}

/* u onto dimension j's nearest point. */
static double
snap_dim(const struct hps_encoding *e, size_t j, double u)
{
	const struct hps_dim *d = &e->dims[j];
	const struct hps_param *p = &e->space->params[d->param];

	if (d->kind == HPS_DIM_CAT)
		return clamp(round(u), 0, (double)d->ncat - 1);
	if (d->kind == HPS_DIM_DISC)
		return (fwd(d, p->min + (double)grid_index(d, p, u) *
		    step_of(p)) - d->lo) / (d->hi - d->lo);
	return clamp(u, 0, 1);
}

/* A coordinate for dimension j when it comes to apply: from's, a draw,
 * or its middle. */
static double
dim_fill(const struct hps_encoding *e, size_t j, const double *from,
    struct hps_rng *r)
{
	const struct hps_dim *d = &e->dims[j];
	double u;

	if (from != NULL && from[j] != HPS_ENC_INACTIVE)
		return from[j];
	u = r != NULL ? hps_rng_uniform(r) : 0.5;
	return d->kind == HPS_DIM_CAT ? fmin(floor(u * (double)d->ncat),
	    (double)d->ncat - 1) : u;
}

/*
 * Walk x parents first: a dimension that does not apply under the values
 * before it becomes HPS_ENC_INACTIVE, one that applies without a
 * coordinate is filled, and each is snapped; e->view gets the values
 * (as decode reads them, before snapping). Without conditions and with
 * no values wanted, a plain snap.
 */
static void
walk(const struct hps_encoding *e, double *x, const double *from,
    struct hps_rng *r, int values)
{
	const struct hps_space *sp = e->space;
	size_t k, i, j;

	if (!sp->conditional && !values) {
		for (j = 0; j < e->ndims; j++)
			x[j] = snap_dim(e, j, x[j]);
		return;
	}
	for (k = 0; k < sp->nparams; k++) {
		i = hps_space_at(sp, k);
		j = e->dim_of[i];
		if (!hps_space_active(sp, e->view, i)) {
			e->view[i] = (struct hps_value){HPS_V_NONE, 0, NULL};
			if (j != SIZE_MAX)
				x[j] = HPS_ENC_INACTIVE;
			continue;
		}
		if (j == SIZE_MAX) {
			e->view[i] = sp->params[i].values[0];
			continue;
		}
		if (x[j] == HPS_ENC_INACTIVE)
			x[j] = dim_fill(e, j, from, r);
		dim_value(e, j, x[j], &e->view[i]);
		x[j] = snap_dim(e, j, x[j]);
	}
}

int
hps_decode(const struct hps_encoding *e, const double *x,
    struct hps_value *out)
{
	const struct hps_space *sp = e->space;
	size_t i;
	int rc;

	if (e->ndims > 0)
		memcpy(e->xs, x, e->ndims * sizeof *x);
	walk(e, e->xs, NULL, NULL, 1);
	for (i = 0; i < sp->nparams; i++)
		if ((rc = hps_value_copy(&out[i], &e->view[i])) != 0)
			return rc;
	return 0;
}

void
hps_encoding_from_unit(const struct hps_encoding *e, double *x)
{
	size_t i;
	double k;

	for (i = 0; i < e->ndims; i++) {
		if (e->dims[i].kind != HPS_DIM_CAT)
			continue;
		k = (double)e->dims[i].ncat;
		x[i] = floor(x[i] * k);
		if (x[i] > k - 1)
			x[i] = k - 1;
	}
	hps_encoding_snap(e, x);
}

void
hps_encoding_snap(const struct hps_encoding *e, double *x)
{
	walk(e, x, NULL, NULL, 0);
}

void
hps_encoding_canon(const struct hps_encoding *e, double *x,
    const double *from, struct hps_rng *r)
{
	walk(e, x, from, r, 0);
}

int
hps_encoding_feasible(const struct hps_encoding *e, const double *x)
{
	if (e->space->nconstraints == 0)
		return 1;
	if (e->ndims > 0)
		memcpy(e->xs, x, e->ndims * sizeof *x);
	walk(e, e->xs, NULL, NULL, 1);
	return hps_space_feasible(e->space, e->view);
}
