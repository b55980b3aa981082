/*
 * A finished trial's objectives and limits as strategies use them (see
 * hps/multi.h).
 */
#include <math.h>

#include "hps/multi.h"

int
hps_multi_reported(const struct hps_trial_rec *t)
{
	if (t->has_objective)
		return 1;
	/* infeasible: completed, values kept, no objective */
	return t->state == HPS_T_COMPLETED && t->obj != NULL;
}

int
hps_multi_point(const struct hps_space *sp, const struct hps_trial_rec *t,
    double *y)
{
	size_t k;
	double v;

	if (!hps_multi_reported(t))
		return 0;
	if (sp->nobj < 2) {
		v = t->has_objective ? t->objective : t->obj[0];
		y[0] = sp->goal == HPS_MAXIMIZE ? -v : v;
		return isfinite(y[0]);
	}
	if (t->obj == NULL)
		return 0;
	for (k = 0; k < sp->nobj; k++) {
		v = t->obj[k];
		y[k] = sp->objectives[k].goal == HPS_MAXIMIZE ? -v : v;
		if (!isfinite(y[k]))
			return 0;
	}
	return 1;
}

/* The distance of v beyond bound b, relative to b. */
static double
multi_beyond(double v, double b)
{
	return fabs(v - b) / (b != 0 ? fabs(b) : 1);
}

double
hps_multi_violation(const struct hps_space *sp, const struct hps_trial_rec *t)
{
	const struct hps_limit *l;
	double sum = 0, v;
	size_t i;

	if (sp->nlimits == 0)
		return 0;
	if (t->lim == NULL)
		return INFINITY;
	for (i = 0; i < sp->nlimits; i++) {
		l = &sp->limits[i];
		v = t->lim[i];
		if (isnan(v))
			return INFINITY;
		if (l->has_max && v > l->max)
			sum += multi_beyond(v, l->max);
		else if (l->has_min && v < l->min)
			sum += multi_beyond(v, l->min);
	}
	return sum;
}
