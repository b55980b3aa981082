/*
 * Parameter importance for hps report, by a variance decomposition of the
 * main effects: the trials are grouped by the parameter's value (a
 * category, each distinct value when there are at most 10, else 10
 * quantile bins), and the importance is the share of the objective's
 * variance that the group means carry,
 *
 *     sum_b n_b (mean_b - mean)^2 / sum_i (y_i - mean)^2.
 *
 * It works the same for every strategy and needs no model; with few trials
 * per group it overstates, which the page says.
 */
#include <math.h>
#include <stdlib.h>

#include "report.h"

/* Groups a numeric parameter is cut into. */
#define IMPORTANCE_BINS 10

struct pt {
	double x, y;
};

static int
pt_cmp(const void *a, const void *b)
{
	const struct pt *p = a, *q = b;

	return (p->x > q->x) - (p->x < q->x);
}

/* Distinct x values of sorted points. */
static size_t
distinct(const struct pt *p, size_t n)
{
	size_t i, d = n > 0;

	for (i = 1; i < n; i++)
		d += p[i].x != p[i - 1].x;
	return d;
}

/*
 * The between-group sum of squares: a group closes once it holds its
 * share of the points and the next value differs, so ties never straddle
 * two bins.
 */
static double
between_groups(const struct pt *p, size_t n, size_t target, double mean)
{
	double sum = 0, between = 0;
	size_t i, cnt = 0;

	for (i = 0; i < n; i++) {
		sum += p[i].y;
		cnt++;
		if (i + 1 < n && (cnt < target || p[i + 1].x == p[i].x))
			continue;
		between += (double)cnt * (sum / cnt - mean) * (sum / cnt - mean);
		sum = 0;
		cnt = 0;
	}
	return between;
}

double
report_importance(const double *x, const double *y, size_t n,
    int categorical)
{
	struct pt *p;
	double mean = 0, total = 0, between;
	size_t i, m = 0, target;

	if ((p = calloc(n ? n : 1, sizeof *p)) == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (isfinite(x[i]) && isfinite(y[i])) {
			p[m].x = x[i];
			p[m++].y = y[i];
			mean += y[i];
		}
	if (m < 2) {
		free(p);
		return 0;
	}
	mean /= (double)m;
	for (i = 0; i < m; i++)
		total += (p[i].y - mean) * (p[i].y - mean);
	qsort(p, m, sizeof *p, pt_cmp);
	target = categorical || distinct(p, m) <= IMPORTANCE_BINS ? 1 :
	    (m + IMPORTANCE_BINS - 1) / IMPORTANCE_BINS;
	between = between_groups(p, m, target, mean);
	free(p);
	/*
	 * A constant objective has nothing to explain; rounding in the mean
	 * leaves a total of ~1e-32 that must not read as a signal.
	 */
	if (!(total > 1e-18 * (double)m * fmax(mean * mean, 1e-280)))
		return 0;
	return fmin(1, between / total);
}
