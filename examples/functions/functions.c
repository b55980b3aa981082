/*
 * The test functions and their table. Definitions and constants follow
 * the Virtual Library of Simulation Experiments (Surjanovic and Bingham,
 * sfu.ca/~ssurjano); every function is written for minimisation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "functions.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Branin-Hoo: three global minima of 0.397887 on [-5,10] x [0,15]. */
static double
fn_branin(const double *x, int d)
{
	const double b = 5.1 / (4 * M_PI * M_PI), c = 5 / M_PI;
	const double t = 1 / (8 * M_PI);
	double u = x[1] - b * x[0] * x[0] + c * x[0] - 6;

	(void)d;
	return u * u + 10 * (1 - t) * cos(x[0]) + 10;
}

static const double fn_hart_alpha[4] = {1.0, 1.2, 3.0, 3.2};

static const double fn_hart3_a[4][3] = {
	{3.0, 10, 30}, {0.1, 10, 35}, {3.0, 10, 30}, {0.1, 10, 35},
};
static const double fn_hart3_p[4][3] = {
	{0.3689, 0.1170, 0.2673}, {0.4699, 0.4387, 0.7470},
	{0.1091, 0.8732, 0.5547}, {0.0381, 0.5743, 0.8828},
};

static const double fn_hart6_a[4][6] = {
	{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
	{3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14},
};
static const double fn_hart6_p[4][6] = {
	{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
	{0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
	{0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
	{0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381},
};

/* Hartmann: minus a sum of four Gaussian-like wells; a and p are 4 x d. */
static double
fn_hartmann(const double *x, int d, const double *a, const double *p)
{
	double sum = 0, e, u;
	int i, j;

	for (i = 0; i < 4; i++) {
		e = 0;
		for (j = 0; j < d; j++) {
			u = x[j] - p[i * d + j];
			e += a[i * d + j] * u * u;
		}
		sum += fn_hart_alpha[i] * exp(-e);
	}
	return -sum;
}

static double
fn_hartmann3(const double *x, int d)
{
	(void)d;
	return fn_hartmann(x, 3, &fn_hart3_a[0][0], &fn_hart3_p[0][0]);
}

static double
fn_hartmann6(const double *x, int d)
{
	(void)d;
	return fn_hartmann(x, 6, &fn_hart6_a[0][0], &fn_hart6_p[0][0]);
}

/* Rosenbrock: a long curved valley; minimum 0 at (1, ..., 1). */
static double
fn_rosenbrock(const double *x, int d)
{
	double sum = 0, u, v;
	int i;

	for (i = 0; i + 1 < d; i++) {
		u = x[i + 1] - x[i] * x[i];
		v = x[i] - 1;
		sum += 100 * u * u + v * v;
	}
	return sum;
}

/* Ackley: many local minima around one funnel; minimum 0 at 0. */
static double
fn_ackley(const double *x, int d)
{
	double sq = 0, cs = 0;
	int i;

	for (i = 0; i < d; i++) {
		sq += x[i] * x[i];
		cs += cos(2 * M_PI * x[i]);
	}
	return -20 * exp(-0.2 * sqrt(sq / d)) - exp(cs / d) + 20 + exp(1);
}

/* Levy: minimum 0 at (1, ..., 1). */
static double
fn_levy(const double *x, int d)
{
	double w, s, sum;
	int i;

	w = 1 + (x[0] - 1) / 4;
	s = sin(M_PI * w);
	sum = s * s;
	for (i = 0; i + 1 < d; i++) {
		w = 1 + (x[i] - 1) / 4;
		s = sin(M_PI * w + 1);
		sum += (w - 1) * (w - 1) * (1 + 10 * s * s);
	}
	w = 1 + (x[d - 1] - 1) / 4;
	s = sin(2 * M_PI * w);
	return sum + (w - 1) * (w - 1) * (1 + s * s);
}

/* Styblinski-Tang: minimum -39.16617 per variable at x = -2.903534. */
static double
fn_styblinski(const double *x, int d)
{
	double sum = 0, v;
	int i;

	for (i = 0; i < d; i++) {
		v = x[i] * x[i];
		sum += v * v - 16 * v + 5 * x[i];
	}
	return sum / 2;
}

static double
fn_sphere(const double *x, int d)
{
	double sum = 0;
	int i;

	for (i = 0; i < d; i++)
		sum += x[i] * x[i];
	return sum;
}

const struct fn_def fn_table[] = {
	{"branin", 2, 2, {-5, 0}, {10, 15}, 0.397887357729739, 0,
	    {{-M_PI, 12.275}, {M_PI, 2.275}, {9.42477796076938, 2.475}}, 3,
	    fn_branin},
	{"hartmann3", 3, 3, {0, 0, 0}, {1, 1, 1}, -3.86278214782076, 0,
	    {{0.114614, 0.555649, 0.852547}}, 1, fn_hartmann3},
	{"hartmann6", 6, 6, {0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1},
	    -3.32236801141551, 0,
	    {{0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}}, 1,
	    fn_hartmann6},
	{"rosenbrock", 0, 2, {-5}, {10}, 0, 0, {{1}}, 1, fn_rosenbrock},
	{"ackley", 0, 1, {-32.768}, {32.768}, 0, 0, {{0}}, 1, fn_ackley},
	{"levy", 0, 1, {-10}, {10}, 0, 0, {{1}}, 1, fn_levy},
	{"styblinski", 0, 1, {-5}, {5}, -39.1661657037714, 1,
	    {{-2.903534027771178}}, 1, fn_styblinski},
	{"sphere", 0, 1, {-5.12}, {5.12}, 0, 0, {{0}}, 1, fn_sphere},
};

const int fn_count = sizeof fn_table / sizeof fn_table[0];

/* The dimension written after a scalable function's stem, or -1. */
static int
fn_suffix(const struct fn_def *fn, const char *name)
{
	size_t len = strlen(fn->name);
	char *end;
	long d;

	if (strncmp(name, fn->name, len) != 0 || name[len] < '1' ||
	    name[len] > '9')
		return -1;
	d = strtol(name + len, &end, 10);
	if (*end != '\0' || d < fn->min_dim || d > FN_MAXDIM)
		return -1;
	return (int)d;
}

const struct fn_def *
fn_lookup(const char *name, int *d)
{
	int i;

	for (i = 0; i < fn_count; i++) {
		if (fn_table[i].dim != 0 &&
		    strcmp(fn_table[i].name, name) == 0) {
			*d = fn_table[i].dim;
			return &fn_table[i];
		}
		if (fn_table[i].dim == 0 &&
		    (*d = fn_suffix(&fn_table[i], name)) > 0)
			return &fn_table[i];
	}
	return NULL;
}

double
fn_lo(const struct fn_def *fn, int i)
{
	return fn->dim != 0 ? fn->lo[i] : fn->lo[0];
}

double
fn_hi(const struct fn_def *fn, int i)
{
	return fn->dim != 0 ? fn->hi[i] : fn->hi[0];
}

double
fn_min(const struct fn_def *fn, int d)
{
	return fn->per_dim ? fn->fmin * d : fn->fmin;
}

void
fn_minimiser(const struct fn_def *fn, int k, int d, double *x)
{
	int i;

	for (i = 0; i < d; i++)
		x[i] = fn->dim != 0 ? fn->xmin[k][i] : fn->xmin[k][0];
}
