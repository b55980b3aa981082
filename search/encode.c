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

static void
init_dim(struct hps_dim *d, const struct hps_param *p)
{
	double half;

	d->log = p->log;
	if (p->type == HPS_P_CAT) {
		d->kind = HPS_DIM_CAT;
		d->ncat = p->nvalues;
		return;
	}
	d->kind = p->type == HPS_P_INT || p->step > 0 ? HPS_DIM_DISC :
	    HPS_DIM_CONT;
	half = d->kind == HPS_DIM_DISC ? (p->step > 0 ? p->step : 1) / 2 : 0;
	/* A log dimension cannot widen below zero; keep the edge inside. */
	d->lo = fwd(d, d->log && p->min - half <= 0 ? p->min / 2 + 1e-300 :
	    p->min - half);
	d->hi = fwd(d, p->max + half);
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

/* The numeric value of a unit coordinate, on the parameter's grid. */
static double
decode_num(const struct hps_dim *d, const struct hps_param *p, double u)
{
	double v = inv(d, d->lo + clamp(u, 0, 1) * (d->hi - d->lo));
	double step = p->step > 0 ? p->step : 1;

	if (d->kind == HPS_DIM_DISC)
		v = p->min + round((v - p->min) / step) * step;
	return clamp(v, p->min, p->max);
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
		v->num = decode_num(d, p, x[i]);
		v->str = NULL;
	}
	return 0;
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
			x[i] = (fwd(d, decode_num(d, p, x[i])) - d->lo) /
			    (d->hi - d->lo);
		else
			x[i] = clamp(x[i], 0, 1);
	}
}
