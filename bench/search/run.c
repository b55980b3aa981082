/*
 * search-bench: run one search strategy in-process on a standard test
 * function (examples/functions) and print how well and how fast it did.
 *
 *   search-bench -m bayes -f branin -n 50 -s 3 [-p 4]
 *     one run: a line "method function seed parallel budget best regret
 *     mean_s max_s" (seconds per suggestion, mean and worst)
 *   search-bench -m bayes -f hartmann6 -c 50,100,200,500,1000,2000
 *     the cost curve: for each n, a fresh strategy sees n observations
 *     of random points, then makes 10 more suggestions, each observed;
 *     a line "curve function n first_s steady_s" (the first suggestion
 *     rebuilds the model from the history, the next ones extend it)
 *   search-bench -m bayes -f perlayer -n 40 -s 3 -x 'bayes: {n_startup: 12}'
 *     a conditional problem with more of the space file (the method's
 *     options)
 *   search-bench -m bayes -f levy5 -n 100 -s 3 -p 4 -t
 *     the run, with a line per suggestion before its result: "trace
 *     index pending regret best_regret distance", the suggested point's
 *     regret, the best completed trial's when it was made, and the L-inf
 *     distance between the two points (each range scaled to 1);
 *     bench/search/lag reads these
 *
 * With -p P, P trials run at once (a study's parallel: P): while P are
 * running a random one of them completes, so each suggestion is made
 * with P - 1 trials still pending. The
 * strategy is looked up by its method name, so every strategy that
 * hps_search_find() knows is benchmarked the same way.
 *
 * A function is one of examples/functions (a box of floats) or one of
 * the conditional problems of cond.c, whose space file is parsed as a
 * study's would be (when:, per:, constraints:); every suggestion for
 * those is checked: each parameter active exactly when it applies, and
 * every constraint met.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cond.h"
#include "functions.h"
#include "hps/error.h"
#include "hps/rng.h"
#include "hps/search.h"

struct bench {
	const struct hps_search_type *type;
	const struct fn_def *fn;
	const struct cond_problem *cond;	/* or fn */
	const char *fname;
	int d;			/* values per suggestion */
	struct hps_space *space;	/* &sp, or cond's parsed */
	struct hps_space sp;
	struct hps_param params[FN_MAXDIM];
	char names[FN_MAXDIM][8];
	struct hps_trial_rec *done, *pending;
	size_t ndone, npending;
	struct hps_value *vals;		/* budget x d */
	int trace;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
bench_space(struct bench *b, const char *m, long budget, uint64_t seed)
{
	int i, g;

	/* grid needs a finite grid: about budget points in all */
	g = (int)floor(pow((double)budget, 1.0 / b->d));
	for (i = 0; i < b->d; i++) {
		snprintf(b->names[i], sizeof b->names[i], "x%d", i + 1);
		b->params[i] = (struct hps_param){.name = b->names[i],
		    .type = HPS_P_FLOAT, .min = fn_lo(b->fn, i),
		    .max = fn_hi(b->fn, i), .grid_points = g < 2 ? 2 : g};
	}
	b->sp.params = b->params;
	b->sp.nparams = (size_t)b->d;
	b->sp.method = (char *)m;
	b->sp.goal = HPS_MINIMIZE;
	b->sp.seed = seed;
	b->sp.trials = budget;
	b->sp.path = "bench";
	b->space = &b->sp;
}

/* A conditional problem's space, parsed as a study's file. */
static int
bench_cond_space(struct bench *b, const char *m, long budget, uint64_t seed,
    const char *extra)
{
	char text[4096], err[HPS_ERRMAX];

	snprintf(text, sizeof text, "name: bench\ncommand: ./x\n"
	    "metric: {name: y, goal: minimize}\nmethod: %s\n"
	    "seed: %llu\nbudget: {trials: %ld}\n%s\n%s", m,
	    (unsigned long long)seed, budget, extra, b->cond->space);
	if (hps_space_parse("bench.yaml", text, strlen(text), &b->space, err,
	    sizeof err) != 0) {
		fprintf(stderr, "search-bench: %s\n", err);
		return -1;
	}
	b->d = (int)b->space->nparams;
	return 0;
}

static double
bench_min(const struct bench *b)
{
	return b->cond ? b->cond->fmin : fn_min(b->fn, b->d);
}

static double
bench_eval(const struct bench *b, const struct hps_value *v)
{
	double x[FN_MAXDIM];
	int i;

	if (b->cond != NULL) {
		if (!hps_space_valid(b->space, v)) {
			fprintf(stderr, "search-bench: %s proposed a point "
			    "that is not valid\n", b->type->name);
			exit(1);
		}
		return b->cond->f(b->space, v);
	}
	for (i = 0; i < b->d; i++)
		x[i] = v[i].num;
	return b->fn->f(x, b->d);
}

/* The trace line of suggestion v (see the top of the file). */
static void
bench_trace(const struct bench *b, uint64_t index, const struct hps_value *v)
{
	double best = INFINITY, dist = 0, e, lo = bench_min(b);
	size_t j, k = 0;
	int i;

	for (j = 0; j < b->ndone; j++)
		if (b->done[j].objective < best) {
			best = b->done[j].objective;
			k = j;
		}
	for (i = 0; b->fn != NULL && b->ndone > 0 && i < b->d; i++) {
		e = fabs(v[i].num - b->done[k].params[i].num) /
		    (fn_hi(b->fn, i) - fn_lo(b->fn, i));
		dist = e > dist ? e : dist;
	}
	printf("trace %llu %zu %.6g %.6g %.4g\n", (unsigned long long)index,
	    b->npending, bench_eval(b, v) - lo, best - lo, dist);
}

static void
bench_complete(struct bench *b, size_t k)
{
	struct hps_trial_rec t = b->pending[k];

	memmove(&b->pending[k], &b->pending[k + 1],
	    (b->npending - k - 1) * sizeof t);
	b->npending--;
	t.state = HPS_T_COMPLETED;
	t.objective = bench_eval(b, t.params);
	t.has_objective = 1;
	b->done[b->ndone++] = t;
}

/* One suggestion, timed; it becomes pending. 1 when exhausted. */
static int
bench_ask(struct bench *b, void *state, uint64_t index, double *secs)
{
	struct hps_ask ask = {b->space, b->done, b->ndone, b->pending,
	    b->npending, index, NULL, 0};
	struct hps_value *v = b->vals + index * (size_t)b->d;
	double t0 = now();
	int rc;

	rc = b->type->suggest(state, &ask, v);
	*secs = now() - t0;
	if (rc == HPS_EEXHAUSTED)
		return 1;
	if (rc != 0) {
		fprintf(stderr, "suggest: %s\n", hps_strerror(rc));
		exit(1);
	}
	if (b->trace)
		bench_trace(b, index, v);
	b->pending[b->npending++] = (struct hps_trial_rec){.number =
	    (long)index, .state = HPS_T_RUNNING, .params = v};
	return 0;
}

static int
bench_alloc(struct bench *b, long budget, void **state)
{
	char err[HPS_ERRMAX];

	b->done = calloc((size_t)budget, sizeof *b->done);
	b->pending = calloc((size_t)budget, sizeof *b->pending);
	b->vals = calloc((size_t)budget * b->d, sizeof *b->vals);
	if (b->done == NULL || b->pending == NULL || b->vals == NULL)
		return -1;
	if (b->type->alloc(state, b->space, err, sizeof err) != 0) {
		fprintf(stderr, "alloc: %s\n", err);
		return -1;
	}
	return 0;
}

static int
bench_run(struct bench *b, long budget, int par, uint64_t seed)
{
	double best = INFINITY, s, total = 0, worst = 0;
	struct hps_rng r;
	void *state;
	long i, asked = 0;

	if (bench_alloc(b, budget, &state) != 0)
		return 1;
	hps_rng_seed2(&r, seed, 0x62656e63);
	for (i = 0; i < budget; i++) {
		while (b->npending > 0 && b->npending >= (size_t)par)
			bench_complete(b, hps_rng_below(&r, b->npending));
		if (bench_ask(b, state, (uint64_t)i, &s) != 0)
			break;
		asked++;
		total += s;
		worst = s > worst ? s : worst;
	}
	while (b->npending > 0)
		bench_complete(b, hps_rng_below(&r, b->npending));
	for (i = 0; i < (long)b->ndone; i++)
		best = fmin(best, b->done[i].objective);
	printf("%s %s %llu %d %ld %.10g %.6g %.6g %.6g\n", b->type->name,
	    b->fname, (unsigned long long)seed,
	    par, budget, best, best - bench_min(b),
	    asked ? total / asked : 0, worst);
	b->type->free(state);
	return 0;
}

/* n observations of random points, then 10 timed suggestions. */
static void
bench_curve_at(struct bench *b, long n)
{
	const struct hps_search_type *rnd = &hps_search_random;
	double s, first = 0, steady = 0;
	void *state, *rstate;
	char err[HPS_ERRMAX];
	long i;

	b->ndone = b->npending = 0;
	if (rnd->alloc(&rstate, b->space, err, sizeof err) != 0)
		exit(1);
	for (i = 0; i < n; i++) {
		struct hps_ask ask = {b->space, b->done, b->ndone, NULL, 0,
		    (uint64_t)i, NULL, 0};

		if (rnd->suggest(rstate, &ask, b->vals + i * b->d) != 0)
			exit(1);
		b->pending[b->npending++] = (struct hps_trial_rec){.number =
		    i, .state = HPS_T_RUNNING, .params = b->vals + i * b->d};
		bench_complete(b, 0);
	}
	rnd->free(rstate);
	if (b->type->alloc(&state, b->space, err, sizeof err) != 0)
		exit(1);
	for (i = n; i < n + 11; i++) {
		if (bench_ask(b, state, (uint64_t)i, &s) != 0)
			break;
		bench_complete(b, 0);
		if (i == n)
			first = s;
		else
			steady += s / 10;
	}
	printf("curve %s %ld %.6g %.6g\n", b->fname, n, first, steady);
	fflush(stdout);
	b->type->free(state);
}

static int
bench_curve(struct bench *b, const char *list)
{
	long n, max = 0;
	const char *p;
	void *state;

	for (p = list; *p != '\0'; p += strcspn(p, ",") + (p[strcspn(p,
	    ",")] == ',')) {
		n = atol(p);
		max = n > max ? n : max;
	}
	if (bench_alloc(b, max + 16, &state) != 0)
		return 1;
	b->type->free(state);
	for (p = list; *p != '\0'; p += strcspn(p, ",") + (p[strcspn(p,
	    ",")] == ','))
		bench_curve_at(b, atol(p));
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: search-bench -m method -f function [-n budget] "
	    "[-s seed] [-p pending] [-t] [-c n,n,...] [-x yaml]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *method = NULL, *fname = NULL, *curve = NULL, *extra = "";
	struct bench b;
	long budget = 50;
	uint64_t seed = 1;
	int par = 0, trace = 0, ch;

	while ((ch = getopt(argc, argv, "m:f:n:s:p:tc:x:")) != -1) {
		switch (ch) {
		case 'm':
			method = optarg;
			break;
		case 'f':
			fname = optarg;
			break;
		case 'n':
			budget = atol(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'p':
			par = atoi(optarg);
			break;
		case 't':
			trace = 1;
			break;
		case 'c':
			curve = optarg;
			break;
		case 'x':
			extra = optarg;
			break;
		default:
			usage();
		}
	}
	if (method == NULL || fname == NULL || budget < 1 || par < 0)
		usage();
	memset(&b, 0, sizeof b);
	b.trace = trace;
	if ((b.cond = cond_lookup(fname)) == NULL &&
	    (b.fn = fn_lookup(fname, &b.d)) == NULL) {
		fprintf(stderr, "search-bench: no function %s\n", fname);
		return 2;
	}
	if ((b.type = hps_search_find(method)) == NULL) {
		fprintf(stderr, "search-bench: method %s is not built in\n",
		    method);
		return 3;
	}
	b.fname = fname;
	if (b.cond == NULL)
		bench_space(&b, method, budget, seed);
	else if (bench_cond_space(&b, method, budget, seed, extra) != 0)
		return 2;
	if (curve != NULL)
		return bench_curve(&b, curve);
	return bench_run(&b, budget, par, seed);
}
