/*
 * The grid of one parameter: how many points it has and which value is the
 * i-th. Grid search walks these points; random search reuses them to draw
 * uniformly over a stepped range, so both agree on what "on the grid" is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "hps/error.h"
#include "hps/space.h"

/*
 * Slack when counting steps, so that max = min + k*step still counts the
 * k-th point although (max - min) / step came out as k - 1e-15.
 */
#define PARAM_STEP_SLACK 1e-9

/* Integers keep a default step of 1 even if a hand-built param says 0. */
static double
param_int_step(const struct hps_param *p)
{
	return p->step > 0 ? p->step : 1;
}

/* floor(x) + 1 as a count, saturating; 0 for a range that is empty. */
static uint64_t
param_count(double x)
{
	if (!(x >= 0))
		return 0;
	if (x >= 18446744073709551615.0)
		return UINT64_MAX;
	return (uint64_t)floor(x) + 1;
}

/*
 * Remove the noise of binary arithmetic (0.1 + 2 * 0.1 is
 * 0.30000000000000004) by reading back the value's 12- or 15-digit
 * decimal form, but only when that moves it by less than tol: a value
 * whose digits matter beyond that is left alone.
 */
static double
param_clean(double x, double tol)
{
	static const int precs[] = {12, 15};
	char buf[64];
	double t;
	size_t i;

	for (i = 0; i < sizeof precs / sizeof precs[0]; i++) {
		snprintf(buf, sizeof buf, "%.*g", precs[i], x);
		t = strtod(buf, NULL);
		if (fabs(t - x) <= tol)
			return t;
	}
	return x;
}

uint64_t
hps_param_grid_size(const struct hps_param *p)
{
	switch (p->type) {
	case HPS_P_CONST:
		return 1;
	case HPS_P_CAT:
		return p->nvalues;
	case HPS_P_INT:
		/* Log ints still list every step: log changes sampling only. */
		return param_count((p->max - p->min) / param_int_step(p));
	case HPS_P_FLOAT:
		if (p->step > 0)
			return param_count((p->max - p->min) / p->step +
			    PARAM_STEP_SLACK);
		if (p->grid_points > 0 && p->max >= p->min)
			return (uint64_t)p->grid_points;
		return 0;
	}
	return 0;
}

/* The i-th of grid_points values, geometric when log. */
static double
param_points_value(const struct hps_param *p, uint64_t i)
{
	double n1 = p->grid_points - 1, x, lo, hi;

	if (p->grid_points == 1 || i == 0)
		return p->min;
	if (i == (uint64_t)p->grid_points - 1)
		return p->max;	/* exactly, not min + span * 1.0000000001 */
	if (p->log && p->min > 0) {
		lo = log10(p->min);
		hi = log10(p->max);
		x = pow(10, lo + (hi - lo) * (double)i / n1);
		return param_clean(x, x * PARAM_STEP_SLACK);
	}
	x = p->min + (p->max - p->min) * (double)i / n1;
	return param_clean(x, (p->max - p->min) / n1 * PARAM_STEP_SLACK);
}

/* min + i * step, cleaned and kept inside the range. */
static double
param_step_value(const struct hps_param *p, uint64_t i)
{
	double x;

	x = param_clean(p->min + (double)i * p->step,
	    p->step * PARAM_STEP_SLACK);
	return x > p->max ? p->max : x;
}

int
hps_param_grid_value(const struct hps_param *p, uint64_t i,
    struct hps_value *out)
{
	if (i >= hps_param_grid_size(p))
		return HPS_EINVAL;
	out->str = NULL;
	switch (p->type) {
	case HPS_P_CONST:
		return hps_value_copy(out, &p->values[0]);
	case HPS_P_CAT:
		return hps_value_copy(out, &p->values[i]);
	case HPS_P_INT:
		out->kind = HPS_V_INT;
		out->num = p->min + (double)i * param_int_step(p);
		return 0;
	case HPS_P_FLOAT:
		out->kind = HPS_V_FLOAT;
		if (p->step > 0)
			out->num = param_step_value(p, i);
		else
			out->num = param_points_value(p, i);
		return 0;
	}
	return HPS_EINVAL;
}
