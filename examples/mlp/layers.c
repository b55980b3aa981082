/*
 * Layer kernels. The matrix products go through OpenBLAS; everything else
 * is a single pass over a buffer written so the compiler can vectorise it:
 * the activation function is a constant in each specialised loop, and
 * dropout's mask and the activation's derivative are applied in the same
 * backward pass.
 */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "layers.h"

void
dense_forward(const float *x, const float *w, float *y, int rows, int in,
    int out)
{
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, out, in,
	    1.0f, x, in, w, out, 0.0f, y, out);
}

void
dense_backward(const float *x, const float *w, const float *dy, float *gw,
    float *dx, int rows, int in, int out)
{
	cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, in, out, rows,
	    1.0f, x, in, dy, out, 0.0f, gw, out);
	if (dx != NULL)
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, in,
		    out, 1.0f, dy, out, w, out, 0.0f, dx, in);
}

void
bias_backward(const float *dy, float *gb, int rows, int cols)
{
	int i, j;

	memset(gb, 0, sizeof *gb * (size_t)cols);
	for (i = 0; i < rows; i++) {
		const float *row = dy + (size_t)i * cols;

		for (j = 0; j < cols; j++)
			gb[j] += row[j];
	}
}

static inline float
act_value(float v, enum act a)
{
	switch (a) {
	case ACT_RELU:
		return v > 0.0f ? v : 0.0f;
	case ACT_TANH:
		return tanhf(v);
	case ACT_SIGMOID:
		return 1.0f / (1.0f + expf(-v));
	default:
		return v;
	}
}

/* The derivative written in terms of the activation's output h. */
static inline float
act_deriv(float h, enum act a)
{
	switch (a) {
	case ACT_RELU:
		return h > 0.0f ? 1.0f : 0.0f;
	case ACT_TANH:
		return 1.0f - h * h;
	case ACT_SIGMOID:
		return h * (1.0f - h);
	default:
		return 1.0f;
	}
}

static inline void
act_forward_k(float *h, const float *b, int rows, int cols, enum act a)
{
	int i, j;

	for (i = 0; i < rows; i++) {
		float *row = h + (size_t)i * cols;

		if (b != NULL) {
			for (j = 0; j < cols; j++)
				row[j] = act_value(row[j] + b[j], a);
		} else {
			for (j = 0; j < cols; j++)
				row[j] = act_value(row[j], a);
		}
	}
}

void
act_forward(float *h, const float *b, int rows, int cols, enum act a)
{
	switch (a) {
	case ACT_RELU:
		act_forward_k(h, b, rows, cols, ACT_RELU);
		break;
	case ACT_TANH:
		act_forward_k(h, b, rows, cols, ACT_TANH);
		break;
	case ACT_SIGMOID:
		act_forward_k(h, b, rows, cols, ACT_SIGMOID);
		break;
	default:
		act_forward_k(h, b, rows, cols, ACT_LINEAR);
		break;
	}
}

static inline void
act_backward_k(const float *restrict h, float *restrict g, size_t n,
    enum act a, const float *restrict mask)
{
	size_t i;

	if (mask != NULL) {
		for (i = 0; i < n; i++)
			g[i] *= mask[i] * act_deriv(h[i], a);
	} else {
		for (i = 0; i < n; i++)
			g[i] *= act_deriv(h[i], a);
	}
}

void
act_backward(const float *h, float *g, size_t n, enum act a,
    const float *mask)
{
	switch (a) {
	case ACT_RELU:
		act_backward_k(h, g, n, ACT_RELU, mask);
		break;
	case ACT_TANH:
		act_backward_k(h, g, n, ACT_TANH, mask);
		break;
	case ACT_SIGMOID:
		act_backward_k(h, g, n, ACT_SIGMOID, mask);
		break;
	default:
		act_backward_k(h, g, n, ACT_LINEAR, mask);
		break;
	}
}

void
dropout_apply(const float *restrict h, float *restrict d,
    const float *restrict mask, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = h[i] * mask[i];
}

/* Chris Wellons' lowbias32: a bijection of 32-bit integers, well mixed. */
static inline uint32_t
dropout_hash(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

/*
 * The mask is counter-based so the loop vectorises: one draw from the
 * generator keys the call, and unit i's uniform is the hash of i under
 * that key. A unit is kept when its uniform is at or above p * 2^32, so
 * with probability 1 - p to within 2^-32.
 */
void
dropout_forward(const float *restrict h, float *restrict d,
    float *restrict mask, size_t n, float p, struct rng *r)
{
	uint32_t thr = (uint32_t)((double)p * 4294967296.0);
	uint64_t key = rng_next(r);
	uint32_t k0 = (uint32_t)key, k1 = (uint32_t)(key >> 32);
	float scale = 1.0f / (1.0f - p);
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t u = dropout_hash(((uint32_t)i + k0) ^ k1);

		mask[i] = u >= thr ? scale : 0.0f;
		d[i] = h[i] * mask[i];
	}
}

/* Column means and biased variances of z into mean and var. */
static void
bn_moments(const float *z, float *mean, float *var, int rows, int cols)
{
	float k = 1.0f / (float)rows;
	int i, j;

	memset(mean, 0, sizeof *mean * (size_t)cols);
	memset(var, 0, sizeof *var * (size_t)cols);
	for (i = 0; i < rows; i++)
		for (j = 0; j < cols; j++)
			mean[j] += z[(size_t)i * cols + j];
	for (j = 0; j < cols; j++)
		mean[j] *= k;
	for (i = 0; i < rows; i++) {
		for (j = 0; j < cols; j++) {
			float c = z[(size_t)i * cols + j] - mean[j];

			var[j] += c * c;
		}
	}
	for (j = 0; j < cols; j++)
		var[j] *= k;
}

void
bn_forward_train(struct bn *bn, const float *z, float *xhat, float *y,
    int rows, float momentum)
{
	int i, j, cols = bn->cols;
	float *mean = bn->mean, *inv = bn->inv;

	/* inv holds the variance until it is inverted below. */
	bn_moments(z, mean, inv, rows, cols);
	for (j = 0; j < cols; j++) {
		bn->rmean[j] = momentum * bn->rmean[j] +
		    (1.0f - momentum) * mean[j];
		bn->rvar[j] = momentum * bn->rvar[j] +
		    (1.0f - momentum) * inv[j];
		inv[j] = 1.0f / sqrtf(inv[j] + BN_EPSILON);
	}
	for (i = 0; i < rows; i++) {
		const float *zr = z + (size_t)i * cols;
		float *xr = xhat + (size_t)i * cols, *yr = y + (size_t)i * cols;

		for (j = 0; j < cols; j++) {
			xr[j] = (zr[j] - mean[j]) * inv[j];
			yr[j] = bn->gamma[j] * xr[j] + bn->beta[j];
		}
	}
}

/*
 * Inference folds the running statistics and gamma, beta into one scale
 * and shift per column; bn->mean and bn->inv are only scratch here, but
 * the function stays const on the parameters.
 */
void
bn_forward_infer(const struct bn *bn, const float *z, float *y, int rows)
{
	int i, j, cols = bn->cols;
	float *a = bn->mean, *c = bn->inv;

	for (j = 0; j < cols; j++) {
		a[j] = bn->gamma[j] / sqrtf(bn->rvar[j] + BN_EPSILON);
		c[j] = bn->beta[j] - a[j] * bn->rmean[j];
	}
	for (i = 0; i < rows; i++) {
		const float *zr = z + (size_t)i * cols;
		float *yr = y + (size_t)i * cols;

		for (j = 0; j < cols; j++)
			yr[j] = a[j] * zr[j] + c[j];
	}
}

/*
 * With dy the incoming gradient, N the rows and xhat the normalised input:
 * dbeta = sum dy, dgamma = sum dy xhat, and
 * dz = gamma inv (dy - dbeta / N - xhat dgamma / N).
 */
void
bn_backward(struct bn *bn, const float *xhat, float *g, int rows)
{
	int i, j, cols = bn->cols;
	float k = 1.0f / (float)rows;

	memset(bn->beta_g, 0, sizeof(float) * (size_t)cols);
	memset(bn->gamma_g, 0, sizeof(float) * (size_t)cols);
	for (i = 0; i < rows; i++) {
		const float *gr = g + (size_t)i * cols;
		const float *xr = xhat + (size_t)i * cols;

		for (j = 0; j < cols; j++) {
			bn->beta_g[j] += gr[j];
			bn->gamma_g[j] += gr[j] * xr[j];
		}
	}
	for (i = 0; i < rows; i++) {
		float *gr = g + (size_t)i * cols;
		const float *xr = xhat + (size_t)i * cols;

		for (j = 0; j < cols; j++)
			gr[j] = bn->gamma[j] * bn->inv[j] * (gr[j] -
			    k * bn->beta_g[j] - k * xr[j] * bn->gamma_g[j]);
	}
}

static double
softmax_row(const float *z, int y, float *g, int classes, float k,
    int *correct)
{
	float max = z[0], sum = 0.0f;
	int j, best = 0;

	for (j = 1; j < classes; j++) {
		if (z[j] > max) {
			max = z[j];
			best = j;
		}
	}
	for (j = 0; j < classes; j++)
		sum += expf(z[j] - max);
	*correct += best == y;
	if (g != NULL) {
		for (j = 0; j < classes; j++)
			g[j] = (expf(z[j] - max) / sum - (float)(j == y)) * k;
	}
	return log((double)sum) - (double)(z[y] - max);
}

double
softmax_xent(const float *z, const uint8_t *y, float *g, int rows,
    int classes, int *correct)
{
	double loss = 0.0;
	float k = 1.0f / (float)rows;
	int i;

	*correct = 0;
	for (i = 0; i < rows; i++)
		loss += softmax_row(z + (size_t)i * classes, y[i],
		    g ? g + (size_t)i * classes : NULL, classes, k, correct);
	return loss;
}

double
penalty_value(const float *w, size_t n, float l1, float l2)
{
	double a = 0.0, s = 0.0;
	size_t i;

	if (l1 == 0.0f && l2 == 0.0f)
		return 0.0;
	for (i = 0; i < n; i++) {
		a += fabs((double)w[i]);
		s += (double)w[i] * w[i];
	}
	return l1 * a + l2 * s;
}

void
penalty_grad(const float *w, float *g, size_t n, float l1, float l2)
{
	size_t i;

	for (i = 0; i < n; i++)
		g[i] += penalty_grad1(w[i], l1, l2);
}
