/*
 * W&B's hyperband stopping rule, decision for decision: the function
 * hyperband_stop_runs of wandb/sweeps (hyperband_stopping.py) applied to
 * the curves reported so far. Bands are counts of reported values: from
 * min_iter, the bands are min_iter * eta^k (k < 100, each truncated to an
 * integer); from max_iter and s, max_iter / eta^i for i = 1..s while that
 * is at least 1, truncated and sorted. At band b the threshold is
 * sorted(values)[int(n / eta)], the values being every trial's b-th value
 * (running or ended, n of them). A trial is judged at its last band
 * reached so far, each time it reports: stopped when its value at that
 * band (strict, W&B's default) or its best value so far (strict: false)
 * is worse than the threshold. Ties go on.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hps/error.h"
#include "prune_int.h"

/* W&B lists 100 bands from min_iter. */
#define HB_MIN_ITER_BANDS 100
/* No trial reports more values than this; larger bands are never reached. */
#define HB_BAND_LIMIT 1e15

/* The bands from min_iter: int(band) with band *= eta, as W&B counts. */
static size_t
hb_bands_min(long min_iter, double eta, long *b)
{
	double band = (double)min_iter;
	size_t k;

	for (k = 0; k < HB_MIN_ITER_BANDS && band < HB_BAND_LIMIT; k++) {
		b[k] = (long)band;
		band *= eta;
	}
	return k;
}

/* The bands below max_iter: band /= eta, s times while band >= 1. */
static size_t
hb_bands_max(long max_iter, long s, double eta, long *b)
{
	double band = (double)max_iter;
	size_t k = 0, i;
	long t;

	for (i = 0; i < (size_t)s; i++) {
		if ((band /= eta) < 1)
			break;
		b[k++] = (long)band;
	}
	/* Descending as made: sorted is reversed. */
	for (i = 0; i < k / 2; i++) {
		t = b[i];
		b[i] = b[k - 1 - i];
		b[k - 1 - i] = t;
	}
	return k;
}

/* min_iter, or max_iter with s, as W&B's schema and code require them. */
static int
hb_check(struct hps_pruner *p, const struct hps_section *s, char *err,
    size_t errlen)
{
	const struct hps_opt *min = hps_section_get(s, "min_iter"),
	    *max = hps_section_get(s, "max_iter"), *n = hps_section_get(s, "s"),
	    *eta = hps_section_get(s, "eta");

	if (eta != NULL && !(p->eta > 1))
		return hps_space_errat(p->sp, eta->line, eta->col, err, errlen,
		    "early_stopping.eta must be greater than 1 (each band "
		    "keeps the best 1/eta of its trials)");
	if (min != NULL && max != NULL)
		return hps_space_errat(p->sp, max->line, max->col, err, errlen,
		    "give min_iter, or max_iter with s, not both");
	if (max != NULL && n == NULL)
		return hps_space_errat(p->sp, max->line, max->col, err, errlen,
		    "max_iter needs s: the number of bands below it");
	if (n != NULL && max == NULL)
		return hps_space_errat(p->sp, n->line, n->col, err, errlen,
		    "s counts the bands below max_iter; give max_iter, or "
		    "remove s");
	if (min == NULL && max == NULL)
		return hps_space_errat(p->sp, s->line, s->col, err, errlen,
		    "rule hyperband needs min_iter: N, or max_iter: N with "
		    "s: K");
	return 0;
}

static int
hb_setup(struct hps_pruner *p, const struct hps_section *s, char *err,
    size_t errlen)
{
	const struct hps_opt *max = hps_section_get(s, "max_iter");
	int rc;

	p->eta = hps_section_num(s, "eta", 3);
	p->strict = hps_section_bool(s, "strict", 1);
	if ((rc = hb_check(p, s, err, errlen)) != 0)
		return rc;
	if ((p->bands = calloc(HB_MIN_ITER_BANDS, sizeof *p->bands)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	if (max == NULL)
		p->nbands = hb_bands_min((long)hps_section_num(s, "min_iter",
		    1), p->eta, p->bands);
	else
		p->nbands = hb_bands_max((long)max->value.num,
		    (long)hps_section_num(s, "s", 1), p->eta, p->bands);
	if (p->nbands == 0)
		return hps_space_errat(p->sp, max->line, max->col, err, errlen,
		    "max_iter %.0f with eta %g leaves no band (max_iter / eta "
		    "< 1); raise max_iter or lower eta", max->value.num,
		    p->eta);
	return 0;
}

static void
hb_free(struct hps_pruner *p)
{
	free(p->bands);
}

/* The last band t has reached (0: none yet). */
static long
hb_band(const struct hps_pruner *p, const struct hps__ptrial *t)
{
	long band = 0;
	size_t i;

	for (i = 0; i < p->nbands && p->bands[i] <= (long)t->npts; i++)
		band = p->bands[i];
	return band;
}

/* sorted(values at band)[int(n / eta)] over every trial that reached it. */
static double
hb_threshold(struct hps_pruner *p, long band, long *n, long *k)
{
	size_t i;

	*n = 0;
	for (i = 0; i < p->ntrials; i++)
		if ((long)p->trials[i]->npts >= band)
			p->work[(*n)++] = p->trials[i]->pts[band - 1].value;
	/* r * n with r = 1.0 / eta, both doubles, as W&B computes it. */
	*k = (long)(1.0 / p->eta * (double)*n);
	hps__prune_select(p->work, *n, *k);
	return p->work[*k];
}

static int
hb_judge(struct hps_pruner *p, struct hps__ptrial *t, double prev,
    double step, double v)
{
	long band = hb_band(p, t), n, k;
	double threshold, x;

	(void)prev;
	(void)v;
	if (band == 0)
		return 0;
	threshold = hb_threshold(p, band, &n, &k);
	x = p->strict ? t->pts[band - 1].value : t->best;
	if (!(x > threshold))
		return 0;
	snprintf(p->reason, sizeof p->reason, "step %g (band %ld): %s "
	    "%.6g is worse than the band's threshold %.6g (number %ld of the "
	    "%ld trials' values there, best first)", step, band, p->strict ?
	    "its value" : "its best", hps__prune_raw(p, x),
	    hps__prune_raw(p, threshold), k + 1, n);
	return 1;
}

const struct hps__prune_rule hps__prune_hyperband = {
	"hyperband",
	1,
	hb_setup,
	hb_judge,
	hb_free,
};
