/*
 * The runs of one configuration (confirm:, hps/space.h): their mean and
 * the 95% Student-t interval of that mean, which hps best ranks by and
 * compares. With one run the interval is the single value.
 */
#ifndef HPS_RUNS_H
#define HPS_RUNS_H

#include <stddef.h>

struct hps_runs {
	size_t n;		/* runs with a value */
	double mean;
	double sd;		/* sample standard deviation; 0 for one run */
	double lo, hi;		/* mean -/+ t(0.975, n-1) * sd / sqrt(n) */
};

/* The runs' statistics from their n values (n >= 1). */
void hps_runs_of(const double *v, size_t n, struct hps_runs *out);
/* The 0.975 quantile of Student's t with df >= 1 degrees of freedom. */
double hps_runs_t975(long df);
/* Whether two configurations' intervals overlap: their order is not
 * resolved by the runs so far. */
int hps_runs_overlap(const struct hps_runs *a, const struct hps_runs *b);

#endif
