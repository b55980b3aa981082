/*
 * The update rules, as Keras writes them:
 *
 *   sgd       w -= lr g
 *   momentum  v = mu v - lr g; w += v            (nesterov: w += mu v - lr g)
 *   rmsprop   a = rho a + (1 - rho) g^2; w -= lr g / sqrt(a + eps)
 *   adam      m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 *             w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)
 *
 * RMSprop's epsilon sits inside the square root, as in Keras. Adam's is
 * added to sqrt(v) before the bias correction, as in Keras ("epsilon hat"
 * in Kingma and Ba), not after it as in PyTorch.
 *
 * Each rule is one pass over the weights that also adds the penalty's
 * gradient, so a step reads every weight once; only a penalised kernel
 * takes a second, read-only pass to sum its penalty for the loss.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layers.h"
#include "optim.h"

int
optim_init(struct optim *o, enum optim_kind kind, size_t n)
{
	size_t bytes;

	o->kind = kind;
	o->nesterov = 0;
	o->momentum = 0.9f;
	o->rho = 0.9f;
	o->beta1 = 0.9f;
	o->beta2 = 0.999f;
	o->eps = 1e-7f;
	o->t = 0;
	o->alpha = 1.0f;
	o->n = n;
	/*
	 * Cache-line aligned like the parameters: the update streams through
	 * w, g, m and v together, and misaligned vector loads of m and v cost
	 * twice the time of the whole step.
	 */
	bytes = ((n ? n : 1) * sizeof(float) + 63) & ~(size_t)63;
	o->m = aligned_alloc(64, bytes);
	o->v = aligned_alloc(64, bytes);
	if (o->m == NULL || o->v == NULL) {
		optim_free(o);
		return -1;
	}
	memset(o->m, 0, bytes);
	memset(o->v, 0, bytes);
	return 0;
}

void
optim_free(struct optim *o)
{
	free(o->m);
	free(o->v);
	o->m = o->v = NULL;
}

void
optim_tick(struct optim *o)
{
	double t;

	t = (double)++o->t;
	o->alpha = (float)(sqrt(1.0 - pow(o->beta2, t)) /
	    (1.0 - pow(o->beta1, t)));
}

/* The penalty of w[0..n) in float partial sums, vectorised. */
static double
optim_penalty(const float *w, size_t n, float l1, float l2)
{
	float a = 0.0f, s = 0.0f;
	size_t i;

#pragma omp simd reduction(+ : a, s)
	for (i = 0; i < n; i++) {
		a += fabsf(w[i]);
		s += w[i] * w[i];
	}
	return (double)l1 * a + (double)l2 * s;
}

/*
 * Each rule is written once, with `pen` saying whether to add the
 * penalty's gradient; optim_rule calls it with a constant, so the common
 * unpenalised case compiles to the bare rule. (Multiplying by zero
 * penalties would not fold away: 0 * w is not 0 for every float w.)
 */
static inline float
optim_grad(const float *g, const float *w, size_t i, int pen, float l1,
    float l2)
{
	return pen ? g[i] + penalty_grad1(w[i], l1, l2) : g[i];
}

static inline void
optim_sgd(float *restrict w, const float *restrict g, size_t n, float lr,
    int pen, float l1, float l2)
{
	size_t i;

	for (i = 0; i < n; i++)
		w[i] -= lr * optim_grad(g, w, i, pen, l1, l2);
}

static inline void
optim_momentum(const struct optim *o, float *restrict w,
    const float *restrict g, float *restrict v, size_t n, float lr, int pen,
    float l1, float l2)
{
	float mu = o->momentum, nest = o->nesterov ? 1.0f : 0.0f;
	size_t i;

	/* Nesterov: w += mu v - lr g; otherwise w += v. */
	for (i = 0; i < n; i++) {
		float gi = optim_grad(g, w, i, pen, l1, l2);

		v[i] = mu * v[i] - lr * gi;
		w[i] += nest ? mu * v[i] - lr * gi : v[i];
	}
}

static inline void
optim_rmsprop(const struct optim *o, float *restrict w,
    const float *restrict g, float *restrict a, size_t n, float lr, int pen,
    float l1, float l2)
{
	float rho = o->rho, eps = o->eps;
	size_t i;

	for (i = 0; i < n; i++) {
		float gi = optim_grad(g, w, i, pen, l1, l2);

		a[i] = rho * a[i] + (1.0f - rho) * gi * gi;
		w[i] -= lr * gi / sqrtf(a[i] + eps);
	}
}

static inline void
optim_adam(const struct optim *o, float *restrict w, const float *restrict g,
    float *restrict m, float *restrict v, size_t n, float lr, int pen,
    float l1, float l2)
{
	float b1 = o->beta1, b2 = o->beta2, eps = o->eps;
	float step = lr * o->alpha;
	size_t i;

	for (i = 0; i < n; i++) {
		float gi = optim_grad(g, w, i, pen, l1, l2);

		m[i] = b1 * m[i] + (1.0f - b1) * gi;
		v[i] = b2 * v[i] + (1.0f - b2) * gi * gi;
		w[i] -= step * m[i] / (sqrtf(v[i]) + eps);
	}
}

static inline void
optim_rule(struct optim *o, float *w, const float *g, size_t off, size_t n,
    float lr, int pen, float l1, float l2)
{
	switch (o->kind) {
	case OPTIM_SGD:
		optim_sgd(w, g, n, lr, pen, l1, l2);
		break;
	case OPTIM_MOMENTUM:
		optim_momentum(o, w, g, o->m + off, n, lr, pen, l1, l2);
		break;
	case OPTIM_RMSPROP:
		optim_rmsprop(o, w, g, o->v + off, n, lr, pen, l1, l2);
		break;
	case OPTIM_ADAM:
		optim_adam(o, w, g, o->m + off, o->v + off, n, lr, pen, l1,
		    l2);
		break;
	}
}

double
optim_update(struct optim *o, float *w, const float *g, size_t off, size_t n,
    float lr, float l1, float l2)
{
	double pen;

	if (l1 == 0.0f && l2 == 0.0f) {
		optim_rule(o, w, g, off, n, lr, 0, 0.0f, 0.0f);
		return 0.0;
	}
	pen = optim_penalty(w, n, l1, l2);
	optim_rule(o, w, g, off, n, lr, 1, l1, l2);
	return pen;
}
