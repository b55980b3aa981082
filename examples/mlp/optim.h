/*
 * Optimizers with Keras' update rules and default hyperparameters. The
 * state (velocity, moments) is one buffer as long as the model's
 * parameters; a model updates its parameters in segments, each at its
 * offset into that state.
 */
#ifndef MLP_OPTIM_H
#define MLP_OPTIM_H

#include <stddef.h>

enum optim_kind {
	OPTIM_SGD,
	OPTIM_MOMENTUM,
	OPTIM_RMSPROP,
	OPTIM_ADAM,
};

struct optim {
	enum optim_kind kind;
	int nesterov;
	float momentum;		/* 0.9 */
	float rho;		/* RMSprop's 0.9 */
	float beta1, beta2;	/* Adam's 0.9, 0.999 */
	float eps;		/* 1e-7 */
	long t;			/* steps taken */
	float alpha;		/* this step's Adam step size factor */
	float *m, *v;		/* state, owned */
	size_t n;
};

/* Set Keras' defaults and allocate state for n parameters; 0 or -1. */
int optim_init(struct optim *o, enum optim_kind kind, size_t n);
void optim_free(struct optim *o);

/* Begin a step: count it and work out Adam's bias correction. */
void optim_tick(struct optim *o);

/*
 * Update w[0..n) from gradient g (of the data loss), its state at `off`,
 * adding the kernel penalty's gradient when l1 or l2 is not zero. Returns
 * the penalty of the weights before the update (0 without one), which is
 * the penalty the batch's loss was computed with.
 */
double optim_update(struct optim *o, float *w, const float *g, size_t off,
    size_t n, float lr, float l1, float l2);

#endif
