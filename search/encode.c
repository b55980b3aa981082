/* The unit-space encoding of a search space (see hps/encode.h). */
#include <math.h>
#include <stdlib.h>

#include "hps/encode.h"
#include "hps/error.h"

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

int
hps_encoding_init(struct hps_encoding *e, const struct hps_space *sp)
{
	size_t i, n = 0;

	e->space = sp;
	e->dims = calloc(sp->nparams ? sp->nparams : 1, sizeof *e->dims);
	if (e->dims == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < sp->nparams; i++) {
		if (sp->params[i].type == HPS_P_CONST)
			continue;
		e->dims[n].param = i;
		init_dim(&e->dims[n++], &sp->params[i]);
	}
	e->ndims = n;
	return 0;
}

void
hps_encoding_free(struct hps_encoding *e)
{
	free(e->dims);
	e->dims = NULL;
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

		if (d->kind == HPS_DIM_CAT)
			x[i] = (double)cat_index(p, &vals[d->param]);
		else
			x[i] = (fwd(d, vals[d->param].num) - d->lo) /
			    (d->hi - d->lo);
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

int
hps_decode(const struct hps_encoding *e, const double *x,
    struct hps_value *out)
{
	const struct hps_space *sp = e->space;
	size_t i, k;
	int rc;

	for (i = 0; i < sp->nparams; i++)
		if (sp->params[i].type == HPS_P_CONST &&
		    (rc = hps_value_copy(&out[i], &sp->params[i].values[0])) != 0)
			return rc;
	for (i = 0; i < e->ndims; i++) {
		const struct hps_dim *d = &e->dims[i];
		const struct hps_param *p = &sp->params[d->param];
		struct hps_value *v = &out[d->param];

		if (d->kind == HPS_DIM_CAT) {
			k = (size_t)clamp(round(x[i]), 0, (double)d->ncat - 1);
			if ((rc = hps_value_copy(v, &p->values[k])) != 0)
				return rc;
			continue;
		}
		v->kind = p->type == HPS_P_INT ? HPS_V_INT : HPS_V_FLOAT;
		/* a grid value as grid search writes it: 0.3, not
		 * 0.30000000000000004 */
		v->num = d->kind == HPS_DIM_DISC ? grid_num(p, grid_index(d, p,
		    x[i])) : clamp(unit_to_param(d, x[i]), p->min, p->max);
		v->str = NULL;
	}
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
	size_t i;

	for (i = 0; i < e->ndims; i++) {
		const struct hps_dim *d = &e->dims[i];
		const struct hps_param *p = &e->space->params[d->param];

		if (d->kind == HPS_DIM_CAT)
			x[i] = clamp(round(x[i]), 0, (double)d->ncat - 1);
		else if (d->kind == HPS_DIM_DISC)
			x[i] = (fwd(d, p->min + (double)grid_index(d, p,
			    x[i]) * step_of(p)) - d->lo) / (d->hi - d->lo);
		else
			x[i] = clamp(x[i], 0, 1);
	}
}
