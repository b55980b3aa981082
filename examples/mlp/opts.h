/*
 * hps-mlp's options. One table gives each option's name, type, range and
 * help; it drives the command-line parser, the HPS_PARAM_<name> variables
 * and the usage text.
 */
#ifndef MLP_OPTS_H
#define MLP_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "optim.h"

enum decay {
	DECAY_NONE,
	DECAY_EXP,
	DECAY_COSINE,
};

/*
 * A per-layer option (--units 512,256): one value for every layer, or one
 * per layer.
 */
struct optlist {
	double v[MODEL_MAXHIDDEN];
	int n;
};

struct options {
	const char *data;
	long layers;		/* -1 until given: then the lists' length */
	struct optlist units;
	long activation;	/* index into relu, tanh, sigmoid */
	struct optlist dropout;
	double l1, l2;
	long batchnorm;
	long optimizer;		/* enum optim_kind */
	long nesterov;
	double momentum;	/* NAN: none for sgd, 0.9 for momentum */
	double rho, beta1, beta2;	/* RMSprop's and Adam's */
	double lr;		/* NAN: Keras' default for the optimizer */
	long batch, epochs;
	long lr_decay;		/* enum decay */
	double decay_rate;
	long patience;
	long seed;
	long subset, val_subset;
	long threads;
	const char *checkpoint;	/* NULL or "": none */
	long help;
};

/*
 * Fill o from defaults, then HPS_PARAM_<name> variables (a dash in a name
 * is an underscore there: HPS_PARAM_lr_decay), then argv, each overriding
 * the one before. Returns 0, or -1 with a message in err.
 */
int opts_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen);
void opts_usage(FILE *f);

/* What a checkpoint must match: every option that changes the training
 * (not --data, --checkpoint or --threads). */
uint64_t opts_fingerprint(const struct options *o);
enum act opts_act(const struct options *o);
void opts_model_config(const struct options *o, struct model_config *c);
/* The update rule the options ask for, and its hyperparameters onto o. */
enum optim_kind opts_optim_kind(const struct options *o);
void opts_optim(const struct options *op, struct optim *o);

#endif
