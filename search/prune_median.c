/*
 * The median rule (as in Google Vizier and Optuna's MedianPruner): stop a
 * trial whose best value so far is worse than the median of what the
 * other trials had at the same step. Which trials count, skipped steps and
 * the checkpoints are described in include/hps/prune.h.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "hps/error.h"
#include "prune_int.h"

static int
median_setup(struct hps_pruner *p, const struct hps_section *s, char *err,
    size_t errlen)
{
	(void)err;
	(void)errlen;
	p->min_trials = (long)hps_section_num(s, "min_trials", 5);
	p->warmup = (long)hps_section_num(s, "warmup_steps", 1);
	p->interval = (long)hps_section_num(s, "interval", 1);
	return 0;
}

/*
 * Whether a report at step, after the trial's largest step prev, is the
 * first at or past a checkpoint warmup + 1 + k * interval. Depending on
 * the trial's own steps only keeps it the same after a replay.
 */
static int
median_checkpoint(const struct hps_pruner *p, double prev, double step)
{
	double first = (double)p->warmup + 1, c;

	if (step < first)
		return 0;
	c = first + floor((step - first) / (double)p->interval) *
	    (double)p->interval;
	return c > prev;
}

static double
median_of(double *a, long n)
{
	double lower;
	long i;

	hps__prune_select(a, n, n / 2);
	if (n % 2 == 1)
		return a[n / 2];
	lower = a[0];
	for (i = 1; i < n / 2; i++)
		if (a[i] > lower)
			lower = a[i];
	return (lower + a[n / 2]) / 2;
}

/* The other trials' values at step into p->work; their count. */
static long
median_gather(struct hps_pruner *p, const struct hps__ptrial *t,
    double step)
{
	const struct hps__ptrial *u;
	long n = 0;
	size_t i;
	double v;

	for (i = 0; i < p->ntrials; i++) {
		u = p->trials[i];
		if (u == t || u->npts == 0 || u->pts[u->npts - 1].step < step)
			continue;
		if (hps__prune_value_at(u, step, &v))
			p->work[n++] = v;
	}
	return n;
}

static int
median_judge(struct hps_pruner *p, struct hps__ptrial *t, double prev,
    double step, double v)
{
	double median;
	long n;

	(void)v;
	if (!median_checkpoint(p, prev, step))
		return 0;
	if (p->ncompleted < p->min_trials)
		return 0;
	if ((n = median_gather(p, t, step)) == 0)
		return 0;
	median = median_of(p->work, n);
	if (!(t->best > median))
		return 0;
	snprintf(p->reason, sizeof p->reason,
	    "step %g: best %.6g worse than the median %.6g of %ld trial%s",
	    step, hps__prune_raw(p, t->best), hps__prune_raw(p, median), n,
	    n == 1 ? "" : "s");
	return 1;
}

const struct hps__prune_rule hps__prune_median = {
	"median",
	0,
	median_setup,
	median_judge,
	NULL,
};
