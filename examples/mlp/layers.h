/*
 * The network's building blocks as plain kernels over row-major float
 * matrices of `rows` examples. Forward passes write their outputs; backward
 * passes take the gradient of the loss with respect to a block's output in
 * g and leave there the gradient with respect to its input, so one buffer
 * per layer carries the gradient down the network.
 */
#ifndef MLP_LAYERS_H
#define MLP_LAYERS_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

enum act {
	ACT_LINEAR,
	ACT_RELU,
	ACT_TANH,
	ACT_SIGMOID,
};

/* Keras' BatchNormalization defaults. */
#define BN_MOMENTUM 0.99f
#define BN_EPSILON 1e-3f

/* y[rows x out] = x[rows x in] w[in x out]. */
void dense_forward(const float *x, const float *w, float *y, int rows,
    int in, int out);
/* gw = x^T dy; dx = dy w^T unless dx is NULL (the input layer's). */
void dense_backward(const float *x, const float *w, const float *dy,
    float *gw, float *dx, int rows, int in, int out);
/* gb = column sums of dy. */
void bias_backward(const float *dy, float *gb, int rows, int cols);

/* h = act(h + b) in place, b may be NULL. */
void act_forward(float *h, const float *b, int rows, int cols, enum act a);
/*
 * g = g * mask * act'(h), where h is the activation's output (so no
 * pre-activation buffer is kept) and mask, if not NULL, dropout's.
 */
void act_backward(const float *h, float *g, size_t n, enum act a,
    const float *mask);

/*
 * Inverted dropout: draw a mask of 1 / (1 - p) for each unit kept, with
 * probability 1 - p, and 0 for each dropped, then d = h * mask. The mask
 * is floats rather than bits so both passes vectorise. dropout_apply
 * reuses a given mask.
 */
void dropout_forward(const float *h, float *d, float *mask, size_t n,
    float p, struct rng *r);
void dropout_apply(const float *h, float *d, const float *mask, size_t n);

/* Batch normalization over each column; buffers of `cols` floats. */
struct bn {
	int cols;
	float *gamma, *beta;		/* parameters */
	float *gamma_g, *beta_g;	/* their gradients */
	float *rmean, *rvar;		/* running statistics, for inference */
	float *mean, *inv;		/* batch mean, 1/sqrt(var + eps) */
};

/*
 * Training mode: normalise with the batch's statistics (xhat is kept for
 * the backward pass), y = gamma xhat + beta, and move the running
 * statistics toward the batch's by `momentum` (the biased variance, as
 * Keras 3 does).
 */
void bn_forward_train(struct bn *bn, const float *z, float *xhat, float *y,
    int rows, float momentum);
/* Inference mode: normalise with the running statistics. */
void bn_forward_infer(const struct bn *bn, const float *z, float *y,
    int rows);
/* g: dL/dy in, dL/dz out; accumulates nothing, writes gamma_g, beta_g. */
void bn_backward(struct bn *bn, const float *xhat, float *g, int rows);

/*
 * Softmax cross-entropy over `classes` logits per row. Returns the summed
 * (not mean) loss in double, counts correct argmax predictions into
 * *correct, and, if g is not NULL, writes dL/dz for the MEAN loss:
 * (softmax - onehot) / rows.
 */
double softmax_xent(const float *z, const uint8_t *y, float *g, int rows,
    int classes, int *correct);

/*
 * Kernel penalties as Keras' regularizers: l1 sum|w| + l2 sum w^2. The
 * per-weight gradient is inline so the optimizer can fold it into its own
 * pass over the weights.
 */
static inline float
penalty_grad1(float w, float l1, float l2)
{
	return l1 * (float)((w > 0) - (w < 0)) + 2.0f * l2 * w;
}

double penalty_value(const float *w, size_t n, float l1, float l2);
/* g += d penalty / dw. */
void penalty_grad(const float *w, float *g, size_t n, float l1, float l2);

#endif
