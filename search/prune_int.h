/*
 * What the early-stopping rules share: the pruner's curves, kept per trial
 * with values turned so that smaller is better, and the table each rule
 * exports (search/prune_median.c, search/prune_asha.c,
 * search/prune_hyperband.c).
 */
#ifndef HPS_PRUNE_INT_H
#define HPS_PRUNE_INT_H

#include <stddef.h>

#include "hps/prune.h"

struct hps__ppoint {
	double step;
	double value;		/* goal applied: smaller is better */
};

struct hps__ptrial {
	long number;
	struct hps__ppoint *pts;	/* ascending steps */
	size_t npts, cap;
	double best;		/* smallest value so far */
	int ended;
	struct hps__ptrial *more;	/* with several objectives, the
					   further ones' curves (nmore; their
					   number and ended unused) */
};

/*
 * An ASHA rung: the values recorded there, ascending; with several
 * objectives, n rows of 1 + nmore values (goal applied) in arrival order.
 */
struct hps__rung {
	long step;
	double *vals;
	size_t n, cap;
};

struct hps_pruner;

struct hps__prune_rule {
	const char *name;
	int pruned_counts;
	/* Read the rule's options (already checked against the spec). */
	int (*setup)(struct hps_pruner *p, const struct hps_section *s,
	    char *err, size_t errlen);
	/*
	 * t has just stored value v at step; prev is its largest step before
	 * (-INFINITY when none). 1: stop, 0: continue, < 0: error.
	 */
	int (*judge)(struct hps_pruner *p, struct hps__ptrial *t, double prev,
	    double step, double v);
	void (*free)(struct hps_pruner *p);
};

struct hps_pruner {
	const struct hps__prune_rule *rule;
	const struct hps_space *sp;
	int maximize;
	int rank_best;		/* summary: best, so rank by best so far */
	size_t nmore;		/* objectives beyond the first (asha) */

	struct hps__ptrial **trials;	/* by number, ascending */
	size_t ntrials, cap;
	long ncompleted;
	double *work;		/* one slot per trial, for the median */

	/* median */
	long min_trials, warmup, interval;
	/* asha */
	long min_steps, max_steps;	/* max_steps 0: no bound */
	double eta;			/* asha and hyperband */
	struct hps__rung *rungs;
	size_t nrungs, rungcap;
	/* hyperband */
	long *bands;			/* ascending counts of values */
	size_t nbands;
	int strict;			/* judge the value at the band, not
					   the best so far */

	char reason[320];
};

extern const struct hps__prune_rule hps__prune_median;
extern const struct hps__prune_rule hps__prune_asha;
extern const struct hps__prune_rule hps__prune_hyperband;

/* t's value at the last step <= step; 0 when it has none there. */
int hps__prune_value_at(const struct hps__ptrial *t, double step,
    double *v);
/*
 * Select: on return a[k] holds the k-th smallest of a[0..n), everything
 * before it is <= a[k] and everything after is >= a[k].
 */
void hps__prune_select(double *a, long n, long k);
/* t's value at the last step <= step, or its best up to step when
 * best; 0 when it has none there. */
int hps__prune_summary_at(const struct hps__ptrial *t, double step,
    int best, double *v);
/* The value as reported (undo the goal), for messages. */
double hps__prune_raw(const struct hps_pruner *p, double v);

#endif
