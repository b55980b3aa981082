/*
 * A configuration's runs (hps/runs.h): mean, sample standard
 * deviation and the two-sided 95% Student-t interval of the mean, the
 * interval hps best shows for confirm:'s repeats.
 */
#include <math.h>

#include "hps/runs.h"

/* t(0.975, df) for df 1..30, to three decimals (any statistics table). */
static const double t975[30] = {
	12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
	2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
	2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
	2.048, 2.045, 2.042,
};

/* Past the table, the Cornish-Fisher expansion about the normal
 * quantile: within 0.001 of the exact value from df 30 on. */
double
hps_runs_t975(long df)
{
	const double z = 1.959964;
	double d = (double)df;

	if (df < 1)
		return INFINITY;
	if (df <= 30)
		return t975[df - 1];
	return z + (z * z * z + z) / (4 * d) + (5 * pow(z, 5) +
	    16 * z * z * z + 3 * z) / (96 * d * d);
}

void
hps_runs_of(const double *v, size_t n, struct hps_runs *out)
{
	double sum = 0, ss = 0, half;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	out->n = n;
	out->mean = n > 0 ? sum / (double)n : NAN;
	for (i = 0; i < n; i++)
		ss += (v[i] - out->mean) * (v[i] - out->mean);
	out->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
	half = n > 1 ? hps_runs_t975((long)n - 1) * out->sd /
	    sqrt((double)n) : 0;
	out->lo = out->mean - half;
	out->hi = out->mean + half;
}

int
hps_runs_overlap(const struct hps_runs *a, const struct hps_runs *b)
{
	return a->lo <= b->hi && b->lo <= a->hi;
}
