/*
 * hps-functions: a trial program that evaluates a standard test function,
 * for trying search strategies where the answer is known. It speaks only
 * the trial protocol, as a user's own script would: parameters come on the
 * command line or as HPS_PARAM_x1, HPS_PARAM_x2, ... in the environment,
 * and the result goes to stdout as metric lines ("value=0.397887").
 *
 *   hps-functions [options] NAME [x1 x2 ...]
 *   hps-functions --self-test | --list
 *
 * Options may come anywhere; negative numbers are values, not options.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "functions.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define USAGE_EXIT 2

struct opts {
	double noise;		/* standard deviation of added noise */
	uint64_t seed;
	int seed_set;
	long steps;		/* 0: one plain value line */
	double sleep;		/* seconds before each line */
	const char *name;
	char **xs;		/* values from the command line */
	int nxs;
};

static const char usage_text[] =
    "usage: hps-functions [--noise SIGMA] [--seed S] [--steps K] "
    "[--sleep SECONDS]\n"
    "                     NAME [x1 x2 ...]\n"
    "       hps-functions --self-test | --list\n"
    "Without values, x1, x2, ... are read from HPS_PARAM_x1, ... in the\n"
    "environment. Prints value=F, or with --steps K the lines\n"
    "step=1 value=... to step=K value=F, converging to F.\n";

/* Say what is wrong and how to call the program; exit 2. */
static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hps-functions: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage_text);
	exit(USAGE_EXIT);
}

/* A finite number filling the whole of s, or a usage error. */
static double
parse_double(const char *s, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
		usage_error("%s: not a finite number: \"%s\"", what, s);
	return v;
}

static long
parse_steps(const char *s)
{
	double v = parse_double(s, "--steps");

	if (v < 1 || v > 1000000 || v != floor(v))
		usage_error("--steps wants a whole number from 1 to 1000000, "
		    "not %s", s);
	return (long)v;
}

static uint64_t
parse_seed(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || *end != '\0' || errno == ERANGE || s[0] == '-')
		usage_error("--seed wants a non-negative integer, not \"%s\"",
		    s);
	return v;
}

/* The value after option argv[*i], or a usage error. */
static const char *
opt_arg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		usage_error("%s needs a value", argv[*i]);
	return argv[++*i];
}

static int self_test(void);
static void list_functions(void);

/* Handle one "--" option at argv[*i]; exits for the ones that finish. */
static void
parse_option(int argc, char **argv, int *i, struct opts *o)
{
	const char *a = argv[*i];

	if (strcmp(a, "--noise") == 0) {
		o->noise = parse_double(opt_arg(argc, argv, i), a);
		if (o->noise < 0)
			usage_error("--noise must not be negative");
	} else if (strcmp(a, "--seed") == 0) {
		o->seed = parse_seed(opt_arg(argc, argv, i));
		o->seed_set = 1;
	} else if (strcmp(a, "--steps") == 0)
		o->steps = parse_steps(opt_arg(argc, argv, i));
	else if (strcmp(a, "--sleep") == 0) {
		o->sleep = parse_double(opt_arg(argc, argv, i), a);
		if (o->sleep < 0)
			usage_error("--sleep must not be negative");
	} else if (strcmp(a, "--self-test") == 0)
		exit(self_test() == 0 ? 0 : 1);
	else if (strcmp(a, "--list") == 0) {
		list_functions();
		exit(0);
	} else if (strcmp(a, "--help") == 0) {
		fputs(usage_text, stdout);
		exit(0);
	} else
		usage_error("unknown option %s", a);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	int i, positional = 0;

	o->xs = calloc(argc, sizeof *o->xs);
	if (o->xs == NULL) {
		perror("hps-functions");
		exit(1);
	}
	for (i = 1; i < argc; i++) {
		if (!positional && strcmp(argv[i], "--") == 0)
			positional = 1;
		else if (!positional && strncmp(argv[i], "--", 2) == 0)
			parse_option(argc, argv, &i, o);
		else if (o->name == NULL)
			o->name = argv[i];
		else
			o->xs[o->nxs++] = argv[i];
	}
	if (o->name == NULL)
		usage_error("no function named");
}

/* The d values, from the command line or else from the environment. */
static void
read_point(const struct opts *o, const struct fn_def *fn, int d, double *x)
{
	char var[32];
	const char *s;
	int i;

	if (o->nxs != 0 && o->nxs != d)
		usage_error("%s takes %d values (x1 .. x%d), got %d; give "
		    "none to read HPS_PARAM_x1 .. from the environment",
		    o->name, d, d, o->nxs);
	for (i = 0; i < d; i++) {
		snprintf(var, sizeof var, "HPS_PARAM_x%d", i + 1);
		if (o->nxs != 0)
			s = o->xs[i];
		else if ((s = getenv(var)) == NULL)
			usage_error("%s is not set and no values were given",
			    var);
		x[i] = parse_double(s, o->nxs != 0 ? "value" : var);
		/* Outside the domain is a poor choice, not an error. */
		if (x[i] < fn_lo(fn, i) || x[i] > fn_hi(fn, i))
			fprintf(stderr, "hps-functions: warning: x%d = %g is "
			    "outside %s's domain [%g, %g]\n", i + 1, x[i],
			    fn->name, fn_lo(fn, i), fn_hi(fn, i));
	}
}

/* splitmix64: enough randomness for measurement noise. */
static uint64_t
noise_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A standard normal draw (Box-Muller). */
static double
noise_gauss(uint64_t *s)
{
	double u = ((noise_next(s) >> 11) + 1) * 0x1.0p-53;	/* (0, 1] */
	double v = (noise_next(s) >> 11) * 0x1.0p-53;

	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static void
pause_for(double seconds)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * The learning curve for --steps: step i of k reports
 * f + (1 + |f|) (1 - i/k)^2, reaching f at the last step. For every
 * step before the last the factor is below 1, so the report is increasing
 * in f: a worse final value is worse at every step, as early-stopping
 * rules assume of well-behaved curves.
 */
static double
curve(double f, long i, long k)
{
	double g = 1 - (double)i / (double)k;

	return f + (1 + fabs(f)) * g * g;
}

static void
report(const struct opts *o, double f)
{
	uint64_t s = o->seed_set ? o->seed :
	    (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	long i;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* each line as it happens */
	if (o->steps == 0) {
		pause_for(o->sleep);
		printf("value=%.12g\n", f + o->noise * noise_gauss(&s));
		return;
	}
	for (i = 1; i <= o->steps; i++) {
		pause_for(o->sleep);
		printf("step=%ld value=%.12g\n", i, curve(f, i, o->steps) +
		    o->noise * noise_gauss(&s));
	}
}

static void
list_functions(void)
{
	int i, j;

	for (i = 0; i < fn_count; i++) {
		const struct fn_def *fn = &fn_table[i];

		if (fn->dim != 0) {
			printf("%-12s %d-D, ", fn->name, fn->dim);
			for (j = 0; j < fn->dim; j++)
				printf("%s[%g, %g]", j ? "x" : "", fn->lo[j],
				    fn->hi[j]);
			printf(", minimum %.6f\n", fn->fmin);
		} else
			printf("%sD%*s D-D (D >= %d), [%g, %g]^D, minimum "
			    "%.6f%s\n", fn->name, (int)(11 - strlen(fn->name)),
			    "", fn->min_dim, fn->lo[0], fn->hi[0], fn->fmin,
			    fn->per_dim ? " * D" : "");
	}
}

/*
 * Values at points other than the minimum, to 10 decimals. The round ones
 * are by hand; the rest come from an independent implementation (Python).
 * They are checked tightly, so that a mistyped constant shows.
 */
static const struct spot {
	const char *name;
	double x[FN_FIXDIM];
	double want;
} spots[] = {
	{"branin", {0, 0}, 55.6021126423},	/* 56 - 10 / (8 pi) */
	{"branin", {1, 2}, 21.6276353921},
	{"hartmann3", {0, 0, 0}, -0.0679741166},
	{"hartmann3", {0.5, 0.5, 0.5}, -0.6280220151},
	{"hartmann3", {0.0381, 0.5743, 0.8828}, -3.7618011097},
	{"hartmann3", {0.1091, 0.8732, 0.5547}, -3.0796180200},
	{"hartmann6", {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, -0.5053149917},
	{"hartmann6", {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665},
	    -3.2035956431},
	{"hartmann6", {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381},
	    -3.2027920074},
	{"rosenbrock2", {0, 0}, 1},
	{"rosenbrock2", {-1, 1}, 4},
	{"rosenbrock3", {0.5, 0.5, 0.5}, 13},
	{"ackley2", {1, 1}, 3.6253849384},	/* 20 - 20 exp(-0.2) */
	{"ackley3", {0.5, -1, 2}, 5.9720297799},
	{"levy2", {0, 0}, 0.7158445541},
	{"levy3", {2, 3, 4}, 3.2639719002},
	{"styblinski2", {1, 1}, -10},
	{"sphere3", {1, 2, 3}, 14},
};

/* Names that must not resolve. */
static const char *const bad_names[] = {
	"rosenbrock1", "sphere0", "sphere65", "branin2", "ackley5x", "levy",
	"hartmann", "", "sphere03",
};

#define MINIMUM_TOL 1e-4	/* the minima are published to 6 digits */
#define SPOT_TOL 1e-9

static int
check(const char *what, double got, double want, double tol)
{
	if (fabs(got - want) <= tol)
		return 0;
	fprintf(stderr, "self-test: %s = %.10g, want %.10g\n", what, got,
	    want);
	return 1;
}

/* Every function at each known minimiser, for a few dimensions. */
static int
self_test_minima(void)
{
	static const int dims[] = {2, 4, 5};
	double x[FN_MAXDIM];
	char what[64];
	int i, j, k, d, bad = 0;

	for (i = 0; i < fn_count; i++) {
		const struct fn_def *fn = &fn_table[i];

		for (j = 0; j < 3; j++) {
			d = fn->dim != 0 ? fn->dim : dims[j];
			for (k = 0; k < fn->nxmin; k++) {
				fn_minimiser(fn, k, d, x);
				snprintf(what, sizeof what, "%s (d=%d) at "
				    "minimiser %d", fn->name, d, k + 1);
				bad += check(what, fn->f(x, d), fn_min(fn, d),
				    MINIMUM_TOL);
			}
			if (fn->dim != 0)
				break;
		}
	}
	return bad;
}

static int
self_test(void)
{
	const struct fn_def *fn;
	size_t i;
	int d, bad = self_test_minima();

	for (i = 0; i < sizeof spots / sizeof spots[0]; i++) {
		if ((fn = fn_lookup(spots[i].name, &d)) == NULL) {
			fprintf(stderr, "self-test: no %s\n", spots[i].name);
			bad++;
			continue;
		}
		bad += check(spots[i].name, fn->f(spots[i].x, d),
		    spots[i].want, SPOT_TOL);
	}
	for (i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
		if (fn_lookup(bad_names[i], &d) != NULL) {
			fprintf(stderr, "self-test: \"%s\" resolved\n",
			    bad_names[i]);
			bad++;
		}
	}
	if ((fn = fn_lookup("styblinski4", &d)) == NULL || d != 4 ||
	    check("styblinski4 minimum", fn_min(fn, d), -156.66466,
	    MINIMUM_TOL) != 0)
		bad++;
	printf("self-test: %s (%d mismatches)\n", bad ? "FAILED" : "ok",
	    bad);
	return bad;
}

int
main(int argc, char **argv)
{
	struct opts o = {0};
	const struct fn_def *fn;
	double x[FN_MAXDIM], f;
	int d;

	parse_args(argc, argv, &o);
	if ((fn = fn_lookup(o.name, &d)) == NULL)
		usage_error("unknown function \"%s\" (see --list)", o.name);
	read_point(&o, fn, d, x);
	f = fn->f(x, d);
	if (!isfinite(f)) {
		fprintf(stderr, "hps-functions: %s is not finite here\n",
		    o.name);
		return 1;
	}
	report(&o, f);
	free(o.xs);
	return 0;
}
