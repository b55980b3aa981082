/*
 * multi-bench: one search strategy in-process on a problem with several
 * objectives or an outcome limit, scored as a study would score it.
 *
 *   multi-bench -m bayes -f zdt1 -n 300 -s 3 [-a 100,300] [-o key=num]
 *     a line per checkpoint n of -a (at most the budget):
 *     "method problem seed n value mean_s recent_s": the hypervolume of
 *     the feasible trials among the first n against the problem's fixed
 *     reference (hps_pareto_hv), or for the constrained problem the best
 *     feasible objective (inf while none is), then the mean seconds per
 *     suggestion so far and over the last 10 suggestions before n
 *   multi-bench -f zdt1 -H -a 100,300 < points
 *     the same value for trials another tool ran: one line per trial in
 *     the order they ran, "feasible f1 f2 ..." (feasible 0 or 1); a line
 *     "peer problem 0 n value" per checkpoint
 *   multi-bench -m bayes -f zdt1 -c 100,300
 *     the cost: for each n, a fresh strategy sees n trials at random
 *     points, then makes 5 suggestions, each run; a line "curve problem
 *     n first_s steady_s" in CPU seconds (the first rebuilds the
 *     models, the others extend them)
 *   -o key=num sets an option of the method's section (genetic:, bayes:)
 *
 * Problems, every variable in [0, 1] but Branin's:
 *   zdt1, zdt2, zdt3 (Zitzler, Deb and Thiele 2000) with 6 variables,
 *     2 objectives, reference (1.1, 1.1);
 *   dtlz2 (Deb et al. 2002) with 6 variables (k = 4), 3 objectives,
 *     reference (1.1, 1.1, 1.1);
 *   cbranin: Branin on [-5, 10] x [0, 15], minimised subject to
 *     c = (x1 - 2.5)^2 + (x2 - 7.5)^2 <= 50 (Gardner et al. 2014), c as
 *     an outcome limit; the constrained minimum is 0.397887 at
 *     (pi, 2.275), the two other minima of Branin lying outside.
 * Trials run one at a time, as in search-bench without -p.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/pareto.h"
#include "hps/search.h"

#define MB_MAXD 8
#define MB_MAXM 3
#define MB_MAXOPT 8
#define MB_MAXAT 8
#define MB_RECENT 10

struct problem {
	const char *name;
	size_t d, m;		/* variables, objectives */
	int limited;		/* one limit: c <= 50 */
	double lo, hi;		/* every variable's range (Branin: none) */
	double ref[MB_MAXM];
	void (*f)(const double *x, size_t d, double *y, double *c);
};

static double
zdt_g(const double *x, size_t d)
{
	double s = 0;
	size_t i;

	for (i = 1; i < d; i++)
		s += x[i];
	return 1 + 9 * s / (double)(d - 1);
}

static void
zdt1(const double *x, size_t d, double *y, double *c)
{
	double g = zdt_g(x, d);

	(void)c;
	y[0] = x[0];
	y[1] = g * (1 - sqrt(x[0] / g));
}

static void
zdt2(const double *x, size_t d, double *y, double *c)
{
	double g = zdt_g(x, d);

	(void)c;
	y[0] = x[0];
	y[1] = g * (1 - (x[0] / g) * (x[0] / g));
}

static void
zdt3(const double *x, size_t d, double *y, double *c)
{
	double g = zdt_g(x, d), r = x[0] / g;

	(void)c;
	y[0] = x[0];
	y[1] = g * (1 - sqrt(r) - r * sin(10 * M_PI * x[0]));
}

static void
dtlz2(const double *x, size_t d, double *y, double *c)
{
	double g = 0, a = x[0] * M_PI / 2, b = x[1] * M_PI / 2;
	size_t i;

	(void)c;
	for (i = 2; i < d; i++)
		g += (x[i] - 0.5) * (x[i] - 0.5);
	y[0] = (1 + g) * cos(a) * cos(b);
	y[1] = (1 + g) * cos(a) * sin(b);
	y[2] = (1 + g) * sin(a);
}

static void
cbranin(const double *x, size_t d, double *y, double *c)
{
	double b = 5.1 / (4 * M_PI * M_PI), u;

	(void)d;
	u = x[1] - b * x[0] * x[0] + 5 / M_PI * x[0] - 6;
	y[0] = u * u + 10 * (1 - 1 / (8 * M_PI)) * cos(x[0]) + 10;
	*c = (x[0] - 2.5) * (x[0] - 2.5) + (x[1] - 7.5) * (x[1] - 7.5);
}

static const struct problem problems[] = {
	{"zdt1", 6, 2, 0, 0, 1, {1.1, 1.1}, zdt1},
	{"zdt2", 6, 2, 0, 0, 1, {1.1, 1.1}, zdt2},
	{"zdt3", 6, 2, 0, 0, 1, {1.1, 1.1}, zdt3},
	{"dtlz2", 6, 3, 0, 0, 1, {1.1, 1.1, 1.1}, dtlz2},
	{"cbranin", 2, 1, 1, 0, 0, {0}, cbranin},
};

#define CBRANIN_MAX 50

struct mbench {
	const struct problem *pb;
	const struct hps_search_type *type;
	struct hps_space sp;
	struct hps_param params[MB_MAXD];
	char names[MB_MAXD][8];
	struct hps_objective objs[MB_MAXM];
	struct hps_limit limit;
	struct hps_section sec;
	struct hps_opt opts[MB_MAXOPT];
	struct hps_trial_rec *done;
	struct hps_value *vals;
	double *y, *c, *secs;
	size_t n;
	long at[MB_MAXAT];
	size_t nat;
};

/* Wall-clock seconds, or with cpu the process's CPU seconds (the
 * strategies run on one thread), which a busy machine does not inflate. */
static double
now(int cpu)
{
	struct timespec ts;

	clock_gettime(cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
mb_space(struct mbench *b, const char *method, uint64_t seed)
{
	const struct problem *pb = b->pb;
	size_t i;

	for (i = 0; i < pb->d; i++) {
		snprintf(b->names[i], sizeof b->names[i], "x%zu", i + 1);
		b->params[i] = (struct hps_param){.name = b->names[i],
		    .type = HPS_P_FLOAT, .min = pb->lo, .max = pb->hi};
	}
	if (pb->limited) {
		b->params[0].min = -5;
		b->params[0].max = 10;
		b->params[1].min = 0;
		b->params[1].max = 15;
		b->limit = (struct hps_limit){.metric = "c", .has_max = 1,
		    .max = CBRANIN_MAX};
		b->sp.limits = &b->limit;
		b->sp.nlimits = 1;
	}
	for (i = 0; i < pb->m; i++)
		b->objs[i] = (struct hps_objective){.metric = "f",
		    .goal = HPS_MINIMIZE};
	b->sp.params = b->params;
	b->sp.nparams = pb->d;
	b->sp.method = (char *)method;
	b->sp.metric = "f";
	b->sp.goal = HPS_MINIMIZE;
	b->sp.objectives = b->objs;
	b->sp.nobj = pb->m;
	b->sp.seed = seed;
	b->sp.path = "bench";
	b->sec.name = (char *)method;
	b->sec.opts = b->opts;
	b->sp.sections = &b->sec;
	b->sp.nsections = 1;
}

/* -o key=num */
static int
mb_option(struct mbench *b, char *arg)
{
	char *eq = strchr(arg, '=');
	struct hps_opt *o;

	if (eq == NULL || b->sec.nopts == MB_MAXOPT)
		return -1;
	*eq = '\0';
	o = &b->opts[b->sec.nopts++];
	o->key = arg;
	o->value.kind = HPS_V_FLOAT;
	o->value.num = atof(eq + 1);
	if (strchr(eq + 1, '.') == NULL && strchr(eq + 1, 'e') == NULL)
		o->value.kind = HPS_V_INT;
	if (strcmp(arg, "replace") == 0) {
		o->value.kind = HPS_V_STR;
		o->value.str = eq + 1;
	}
	return 0;
}

/* Trial i's record from its values, as the daemon would fill it. */
static void
mb_record(struct mbench *b, size_t i, const struct hps_value *v)
{
	const struct problem *pb = b->pb;
	struct hps_trial_rec *t = &b->done[i];
	double x[MB_MAXD], *y = b->y + i * pb->m, *c = b->c + i;
	size_t j;

	for (j = 0; j < pb->d; j++)
		x[j] = v[j].num;
	*c = 0;
	pb->f(x, pb->d, y, c);
	*t = (struct hps_trial_rec){.number = (long)i,
	    .state = HPS_T_COMPLETED, .params = v, .objective = y[0],
	    .has_objective = !pb->limited || *c <= CBRANIN_MAX, .obj = y,
	    .lim = pb->limited ? c : NULL};
}

/* The value at n trials: hypervolume of the feasible ones, or the best
 * feasible objective. */
static double
mb_value(const struct problem *pb, const double *y, const int *feasible,
    size_t n)
{
	double *f, hv, best = INFINITY;
	size_t i, k = 0;

	if (pb->limited) {
		for (i = 0; i < n; i++)
			if (feasible[i] && y[i] < best)
				best = y[i];
		return best;
	}
	if ((f = malloc((n + 1) * pb->m * sizeof *f)) == NULL)
		exit(1);
	for (i = 0; i < n; i++)
		if (feasible[i])
			memcpy(f + k++ * pb->m, y + i * pb->m,
			    pb->m * sizeof *f);
	hv = hps_pareto_hv(f, k, pb->m, pb->ref);
	free(f);
	return hv;
}

static void
mb_print(struct mbench *b, const char *who, uint64_t seed, const int *feas)
{
	double total, recent;
	size_t k, i, n;

	for (k = 0; k < b->nat; k++) {
		n = (size_t)b->at[k] < b->n ? (size_t)b->at[k] : b->n;
		total = recent = 0;
		for (i = 0; b->secs != NULL && i < n; i++) {
			total += b->secs[i];
			if (i + MB_RECENT >= n)
				recent += b->secs[i] / MB_RECENT;
		}
		printf("%s %s %llu %zu %.10g %.6g %.6g\n", who, b->pb->name,
		    (unsigned long long)seed, n,
		    mb_value(b->pb, b->y, feas, n), n ? total / n : 0, recent);
	}
}

static int
mb_run(struct mbench *b, long budget, uint64_t seed)
{
	char err[HPS_ERRMAX];
	void *state;
	int *feas, rc;
	long i;
	double t0;

	b->done = calloc((size_t)budget, sizeof *b->done);
	b->vals = calloc((size_t)budget * b->pb->d, sizeof *b->vals);
	b->y = calloc((size_t)budget * b->pb->m, sizeof *b->y);
	b->c = calloc((size_t)budget, sizeof *b->c);
	b->secs = calloc((size_t)budget, sizeof *b->secs);
	feas = calloc((size_t)budget, sizeof *feas);
	if (b->done == NULL || b->vals == NULL || b->y == NULL ||
	    b->c == NULL || b->secs == NULL || feas == NULL)
		return 1;
	if (b->type->alloc(&state, &b->sp, err, sizeof err) != 0) {
		fprintf(stderr, "multi-bench: %s\n", err);
		return 1;
	}
	for (i = 0; i < budget; i++) {
		struct hps_ask ask = {&b->sp, b->done, b->n, NULL, 0,
		    (uint64_t)i};
		struct hps_value *v = b->vals + i * b->pb->d;

		t0 = now(0);
		rc = b->type->suggest(state, &ask, v);
		b->secs[i] = now(0) - t0;
		if (rc != 0) {
			fprintf(stderr, "multi-bench: suggest: %s\n",
			    hps_strerror(rc));
			return 1;
		}
		mb_record(b, (size_t)i, v);
		feas[i] = b->done[i].has_objective;
		b->n++;
	}
	mb_print(b, b->type->name, seed, feas);
	b->type->free(state);
	free(feas);
	return 0;
}

/* One timed suggestion of the strategy in state, which then runs. */
static double
mb_step(struct mbench *b, void *state, size_t i)
{
	struct hps_ask ask = {&b->sp, b->done, b->n, NULL, 0, i};
	double t0 = now(1);

	if (b->type->suggest(state, &ask, b->vals + i * b->pb->d) != 0)
		exit(1);
	t0 = now(1) - t0;
	mb_record(b, i, b->vals + i * b->pb->d);
	b->n++;
	return t0;
}

/* -c: the cost of a suggestion after n trials at random points. */
static int
mb_curve(struct mbench *b)
{
	const struct hps_search_type *type = b->type;
	double first = 0, steady = 0, s;
	size_t k, i, n, max = 0;
	void *rs, *state;
	char err[HPS_ERRMAX];

	for (k = 0; k < b->nat; k++)
		max = (size_t)b->at[k] > max ? (size_t)b->at[k] : max;
	b->done = calloc(max + 5, sizeof *b->done);
	b->vals = calloc((max + 5) * b->pb->d, sizeof *b->vals);
	b->y = calloc((max + 5) * b->pb->m, sizeof *b->y);
	b->c = calloc(max + 5, sizeof *b->c);
	if (b->done == NULL || b->vals == NULL || b->y == NULL || b->c == NULL)
		return 1;
	for (k = 0; k < b->nat; k++) {
		n = (size_t)b->at[k];
		b->n = 0;
		b->type = &hps_search_random;
		if (b->type->alloc(&rs, &b->sp, err, sizeof err) != 0)
			return 1;
		for (i = 0; i < n; i++)
			(void)mb_step(b, rs, i);
		b->type->free(rs);
		b->type = type;
		if (type->alloc(&state, &b->sp, err, sizeof err) != 0)
			return 1;
		for (i = n, steady = 0; i < n + 5; i++) {
			s = mb_step(b, state, i);
			if (i == n)
				first = s;
			else
				steady += s / 4;
		}
		type->free(state);
		printf("curve %s %zu %.6g %.6g\n", b->pb->name, n, first,
		    steady);
		fflush(stdout);
	}
	return 0;
}

/* -H: another tool's trials from stdin. */
static int
mb_score(struct mbench *b)
{
	size_t cap = 1024, m = b->pb->m, k;
	int *feas = malloc(cap * sizeof *feas), ok;

	b->y = malloc(cap * m * sizeof *b->y);
	while (feas != NULL && b->y != NULL && scanf("%d", &ok) == 1) {
		for (k = 0; k < m; k++)
			if (scanf("%lf", &b->y[b->n * m + k]) != 1)
				return 1;
		feas[b->n++] = ok;
		if (b->n == cap) {
			cap *= 2;
			feas = realloc(feas, cap * sizeof *feas);
			b->y = realloc(b->y, cap * m * sizeof *b->y);
		}
	}
	if (feas == NULL || b->y == NULL)
		return 1;
	mb_print(b, "peer", 0, feas);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: multi-bench -m method -f problem [-n budget] "
	    "[-s seed] [-a n,n,...] [-o key=num]...\n"
	    "       multi-bench -m method -f problem -c n,n,...\n"
	    "       multi-bench -f problem -H [-a n,n,...] < points\n");
	exit(2);
}

static void
mb_at(struct mbench *b, const char *list)
{
	const char *p;

	for (p = list, b->nat = 0; *p != '\0' && b->nat < MB_MAXAT;
	    p += strcspn(p, ",") + (p[strcspn(p, ",")] == ','))
		b->at[b->nat++] = atol(p);
}

int
main(int argc, char **argv)
{
	const char *method = NULL, *fname = NULL;
	struct mbench b;
	long budget = 300;
	uint64_t seed = 1;
	int score = 0, curve = 0, ch;
	size_t i;

	memset(&b, 0, sizeof b);
	mb_at(&b, "100,300");
	while ((ch = getopt(argc, argv, "m:f:n:s:a:o:Hc:")) != -1) {
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
		case 'a':
			mb_at(&b, optarg);
			break;
		case 'o':
			if (mb_option(&b, optarg) != 0)
				usage();
			break;
		case 'H':
			score = 1;
			break;
		case 'c':
			curve = 1;
			mb_at(&b, optarg);
			break;
		default:
			usage();
		}
	}
	for (i = 0; fname != NULL && i < sizeof problems / sizeof *problems;
	    i++)
		if (strcmp(problems[i].name, fname) == 0)
			b.pb = &problems[i];
	if (b.pb == NULL || budget < 1 || (!score && method == NULL))
		usage();
	if (score)
		return mb_score(&b);
	if ((b.type = hps_search_find(method)) == NULL) {
		fprintf(stderr, "multi-bench: method %s is not built in\n",
		    method);
		return 3;
	}
	mb_space(&b, method, seed);
	if (curve)
		return mb_curve(&b);
	return mb_run(&b, budget, seed);
}
