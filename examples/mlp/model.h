/*
 * The multilayer perceptron: 0 to MODEL_MAXHIDDEN hidden dense layers,
 * each optionally followed by batch normalization (then without a bias,
 * which beta replaces), an activation and inverted dropout, and a dense
 * softmax output layer. All memory is allocated by model_init for batches
 * of up to `cap` rows; the passes allocate nothing.
 */
#ifndef MLP_MODEL_H
#define MLP_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "layers.h"
#include "optim.h"
#include "rng.h"

#define MODEL_MAXHIDDEN 4

struct model_config {
	int inputs, classes;
	int layers;		/* hidden layers */
	int units[MODEL_MAXHIDDEN];	/* each one's width */
	enum act act;
	float dropout[MODEL_MAXHIDDEN];	/* after each; 0 for none */
	float l1, l2;		/* kernel penalties */
	int batchnorm;
};

struct layer {
	int in, out;
	enum act act;
	float *w, *b;		/* b is NULL under batch normalization */
	float *gw, *gb;
	struct bn bn;		/* cols == 0 when off */
	float *z, *xhat;	/* batch normalization's input and output */
	float *h;		/* activation output (logits at the top) */
	float *d;		/* dropout output, or h */
	float *mask;		/* dropout's: 0 or 1 / (1 - p) */
	float *g;		/* the gradient with respect to d */
};

/* A run of parameters the optimizer updates together. */
struct segment {
	float *w, *g;
	size_t off, n;
	int penalised;
};

struct model {
	struct model_config cfg;
	int cap;
	int nlayers;		/* hidden layers + 1 */
	struct layer layer[MODEL_MAXHIDDEN + 1];
	struct segment seg[3 * (MODEL_MAXHIDDEN + 1)];
	int nseg;
	float *params;		/* trainable parameters, then BN statistics */
	size_t ntrain, nall;	/* counts of the above */
	float *grads;
	float *work;
	float *x;		/* input batch, cap x inputs */
	uint8_t *y;		/* its labels */
	struct rng drop_rng;
};

/* Allocate everything for batches of up to cap rows; 0 or -1. */
int model_init(struct model *m, const struct model_config *c, int cap);
void model_free(struct model *m);
/* The trainable parameters: weights, biases, batch norm's scales and
 * shifts (ntrain counts the padding between them too). */
size_t model_count(const struct model *m);

/*
 * He-uniform kernels before ReLU, Glorot-uniform before tanh, sigmoid and
 * the softmax; zero biases and beta, unit gamma and running variance.
 */
void model_init_weights(struct model *m, uint64_t seed);

/* Forward m->x[0..rows); training uses dropout and batch statistics. */
void model_forward(struct model *m, int rows, int training);
/* Softmax cross-entropy of the last forward pass: summed data loss. */
double model_loss(struct model *m, int rows, int *correct);
/* model_loss plus the backward pass, filling m->grads. */
double model_backward(struct model *m, int rows, int *correct);
/* The kernel penalty at the current weights. */
double model_penalty(const struct model *m);
/* One optimizer step; returns the penalty of the weights it replaced. */
double model_update(struct model *m, struct optim *o, float lr);

#endif
