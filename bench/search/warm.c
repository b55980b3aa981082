/*
 * warm-bench: bayes warm-started from an earlier study against bayes from
 * nothing, in-process on a standard test function (examples/functions),
 * the way hpsd runs a study with warm_start.from.
 *
 *   warm-bench -f branin -s 3 [-i 50] [-n 40]
 *     the earlier study: i random trials (seed s); then two bayes
 *     studies of n new trials each, one sequential trial at a time: warm
 *     (the i trials imported: in its history, not among its own
 *     suggestions, as hpsd hands them over) and cold. A line per
 *     checkpoint k in 10, 20, 40 (and n): "warm function seed k
 *     warm_new warm_all cold", the simple regrets (best - known minimum)
 *     of the warm study's first k new trials, of those and the imported
 *     ones, and of the cold study's first k trials.
 *
 * bench/search/warm runs it over seeds and functions and prints the
 * medians.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "functions.h"
#include "hps/error.h"
#include "hps/rng.h"
#include "hps/search.h"

struct warm {
	const struct fn_def *fn;
	const char *fname;
	int d;
	struct hps_space sp;
	struct hps_param params[FN_MAXDIM];
	char names[FN_MAXDIM][8];
	struct hps_trial_rec *done;
	size_t ndone;
	struct hps_value *vals;		/* (imported + new) x d */
};

static void
warm_space(struct warm *w, uint64_t seed)
{
	int i;

	for (i = 0; i < w->d; i++) {
		snprintf(w->names[i], sizeof w->names[i], "x%d", i + 1);
		w->params[i] = (struct hps_param){.name = w->names[i],
		    .type = HPS_P_FLOAT, .min = fn_lo(w->fn, i),
		    .max = fn_hi(w->fn, i)};
	}
	w->sp.params = w->params;
	w->sp.nparams = (size_t)w->d;
	w->sp.method = "bayes";
	w->sp.goal = HPS_MINIMIZE;
	w->sp.seed = seed;
	w->sp.path = "bench";
}

static double
eval(const struct warm *w, const struct hps_value *v)
{
	double x[FN_MAXDIM];
	int i;

	for (i = 0; i < w->d; i++)
		x[i] = v[i].num;
	return w->fn->f(x, w->d) - fn_min(w->fn, w->d);
}

/* Record the trial whose values are v (its regret is its objective). */
static void
add(struct warm *w, struct hps_value *v, long number, enum hps_tstate st)
{
	w->done[w->ndone++] = (struct hps_trial_rec){.number = number,
	    .state = st, .params = v, .objective = eval(w, v),
	    .has_objective = 1};
}

/* The earlier study: n uniform random points. */
static void
earlier(struct warm *w, long n, uint64_t seed)
{
	struct hps_rng r;
	struct hps_value *v;
	long k;
	int i;

	hps_rng_seed2(&r, seed, 0x7761726d);
	for (k = 0; k < n; k++) {
		v = w->vals + (size_t)k * (size_t)w->d;
		for (i = 0; i < w->d; i++)
			v[i] = (struct hps_value){HPS_V_FLOAT,
			    w->params[i].min + hps_rng_uniform(&r) *
			    (w->params[i].max - w->params[i].min), NULL};
		add(w, v, k, HPS_T_IMPORTED);
	}
}

/* n trials of bayes, one at a time, after what done holds; regrets[k]
 * is the best regret of its first k + 1 trials. */
static int
study(struct warm *w, long n, double *regrets)
{
	size_t first = w->ndone;
	struct hps_value *v;
	char err[HPS_ERRMAX];
	double best = INFINITY;
	void *state;
	long k;

	if (hps_search_bayes.alloc(&state, &w->sp, err, sizeof err) != 0) {
		fprintf(stderr, "alloc: %s\n", err);
		return -1;
	}
	for (k = 0; k < n; k++) {
		struct hps_ask ask = {&w->sp, w->done, w->ndone, NULL, 0,
		    (uint64_t)k, NULL, 0};

		v = w->vals + (first + (size_t)k) * (size_t)w->d;
		if (hps_search_bayes.suggest(state, &ask, v) != 0) {
			fprintf(stderr, "suggest failed\n");
			return -1;
		}
		add(w, v, (long)first + k, HPS_T_COMPLETED);
		best = fmin(best, w->done[w->ndone - 1].objective);
		regrets[k] = best;
	}
	hps_search_bayes.free(state);
	return 0;
}

static double
best_of(const struct warm *w, size_t n)
{
	double best = INFINITY;
	size_t i;

	for (i = 0; i < n; i++)
		best = fmin(best, w->done[i].objective);
	return best;
}

static int
run(struct warm *w, long imported, long n, uint64_t seed)
{
	static const long marks[] = {10, 20, 40};
	double *hot = calloc((size_t)n, sizeof *hot);
	double *cold = calloc((size_t)n, sizeof *cold), base;
	size_t i;

	w->done = calloc((size_t)(imported + n), sizeof *w->done);
	w->vals = calloc((size_t)(imported + n) * (size_t)w->d,
	    sizeof *w->vals);
	if (hot == NULL || cold == NULL || w->done == NULL || w->vals == NULL)
		return 1;
	earlier(w, imported, seed);
	base = best_of(w, w->ndone);
	if (study(w, n, hot) != 0)
		return 1;
	w->ndone = 0;
	if (study(w, n, cold) != 0)
		return 1;
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (marks[i] <= n)
			printf("warm %s %llu %ld %.6g %.6g %.6g\n", w->fname,
			    (unsigned long long)seed, marks[i],
			    hot[marks[i] - 1], fmin(hot[marks[i] - 1], base),
			    cold[marks[i] - 1]);
	free(hot);
	free(cold);
	free(w->done);
	free(w->vals);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: warm-bench -f function [-s seed] [-i imported]"
	    " [-n new]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *fname = NULL;
	long imported = 50, n = 40;
	uint64_t seed = 1;
	struct warm w;
	int ch;

	while ((ch = getopt(argc, argv, "f:s:i:n:")) != -1) {
		if (ch == 'f')
			fname = optarg;
		else if (ch == 's')
			seed = strtoull(optarg, NULL, 10);
		else if (ch == 'i')
			imported = atol(optarg);
		else if (ch == 'n')
			n = atol(optarg);
		else
			usage();
	}
	if (fname == NULL || imported < 0 || n < 1)
		usage();
	memset(&w, 0, sizeof w);
	if ((w.fn = fn_lookup(fname, &w.d)) == NULL) {
		fprintf(stderr, "warm-bench: no function %s\n", fname);
		return 2;
	}
	w.fname = fname;
	warm_space(&w, seed);
	return run(&w, imported, n, seed);
}
