/*
 * The sgemm lower bound of an epoch of the benchmark model (784-512-10,
 * one thread): time cblas_sgemm at exactly the shapes and transposes that
 * hps-mlp calls per training step (each layer's forward product and weight
 * gradient, and the input gradient of every layer but the first, which no
 * trainer needs) and per validation pass, take the median of several
 * timings of each, and add them up over an epoch of 50,000 training and
 * 10,000 validation images. A trainer can be no faster than this on the
 * same machine; its multiple of this bound says what its other work costs.
 * with_dx1_s adds the first layer's input gradient, for comparison.
 *
 * The clock is the thread's CPU time, not the wall's: on a shared machine
 * other processes' turns on the core would otherwise count as sgemm's.
 *
 * usage: sgemm_peak [BATCH...]   (default 32 128)
 * Prints one line per batch size: key=value fields, seconds per epoch;
 * with SGEMM_PEAK_VERBOSE set, also each training shape's share.
 */
#define _POSIX_C_SOURCE 200809L

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRAIN 50000
#define VAL 10000
#define EVAL_ROWS 1000		/* hps-mlp's rows per evaluation pass */
#define REPS 7

struct shape {
	const char *name;
	int ta, tb;		/* transposed A, B */
	int m, n, k;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median seconds of one call, each timing over enough calls for ~20 ms. */
static double
time_shape(const struct shape *s, float *a, float *b, float *c)
{
	double t[REPS], t0, flops = 2.0 * s->m * s->n * s->k;
	int calls = (int)(2e9 / flops) + 1, r, i;
	int lda = s->ta ? s->m : s->k, ldb = s->tb ? s->k : s->n;

	for (r = 0; r < REPS; r++) {
		t0 = now();
		for (i = 0; i < calls; i++)
			cblas_sgemm(CblasRowMajor,
			    s->ta ? CblasTrans : CblasNoTrans,
			    s->tb ? CblasTrans : CblasNoTrans, s->m, s->n,
			    s->k, 1.0f, a, lda, b, ldb, 0.0f, c, s->n);
		t[r] = (now() - t0) / calls;
	}
	qsort(t, REPS, sizeof t[0], cmp_double);
	return t[REPS / 2];
}

static void
bound(int batch, float *a, float *b, float *c)
{
	const struct shape step[] = {
		{"fwd1", 0, 0, batch, 512, 784},
		{"fwd2", 0, 0, batch, 10, 512},
		{"dW2", 1, 0, 512, 10, batch},
		{"dX2", 0, 1, batch, 512, 10},
		{"dW1", 1, 0, 784, 512, batch},
	};
	const struct shape dx1 = {"dX1", 0, 1, batch, 784, 512};
	const struct shape eval[] = {
		{"vfwd1", 0, 0, EVAL_ROWS, 512, 784},
		{"vfwd2", 0, 0, EVAL_ROWS, 10, 512},
	};
	double train = 0, val = 0, flops = 0, extra;
	int steps = (TRAIN + batch - 1) / batch;
	size_t i;

	for (i = 0; i < sizeof step / sizeof step[0]; i++) {
		double t = time_shape(&step[i], a, b, c) * steps;

		if (getenv("SGEMM_PEAK_VERBOSE") != NULL)
			printf("batch=%d shape=%s seconds=%.3f\n", batch,
			    step[i].name, t);
		train += t;
		flops += 2.0 * step[i].m * step[i].n * step[i].k * steps;
	}
	for (i = 0; i < sizeof eval / sizeof eval[0]; i++)
		val += time_shape(&eval[i], a, b, c) * (VAL / EVAL_ROWS);
	/* The input's gradient, which no trainer needs, for comparison. */
	extra = time_shape(&dx1, a, b, c) * steps;
	printf("batch=%d train_s=%.3f val_s=%.3f bound_s=%.3f gflops=%.1f "
	    "with_dx1_s=%.3f\n", batch, train, val, train + val,
	    flops / train * 1e-9, train + val + extra);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	size_t n = 1000 * 1024;
	float *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b),
	      *c = calloc(n, sizeof *c);
	int i;

	if (a == NULL || b == NULL || c == NULL)
		return 1;
	for (i = 0; i < (int)n; i++) {
		a[i] = (float)(i % 97) * 0.01f;
		b[i] = (float)(i % 89) * 0.01f;
	}
	openblas_set_num_threads(1);
	if (argc < 2) {
		bound(32, a, b, c);
		bound(128, a, b, c);
	}
	for (i = 1; i < argc; i++)
		bound(atoi(argv[i]), a, b, c);
	free(a);
	free(b);
	free(c);
	return 0;
}
