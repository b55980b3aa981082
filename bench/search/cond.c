/*
 * Conditional problems for search-bench, written as hpsd space files so
 * that the strategies see them exactly as a study would (when:, per:,
 * constraints:); bench/search/peers.py states the same problems to Optuna
 * in its define-by-run form.
 *
 * jenatton: the tree-structured function of Jenatton et al. (2017),
 * "Bayesian optimization with tree-structured dependencies", as BoTorch
 * and Ax test hierarchical search with it: x1 picks a subtree, x2 or x3 a
 * leaf with its own x4..x7 on [0, 1], and r8 or r9 is shared by the
 * leaves of a subtree; f = x_leaf^2 + 0.1, 0.2, 0.3 or 0.4 + r. Minimum
 * 0.1 at x1 = x2 = 0, x4 = r8 = 0.
 *
 * jenatton-flat: the same function over the same nine parameters with no
 * when: - what a search that knows no conditions sees: every parameter is
 * drawn (and modelled) in every trial, though f reads only those on the
 * leaf's path.
 *
 * perlayer: a model search of the course's kind, a synthetic validation
 * error over an optimizer (sgd with its momentum, or adam), a learning
 * rate, a depth of 1 to 4 layers and each layer's width (log) and dropout
 * (per: layers), with widths summing to at most 2048. Two layers are
 * best, widths halving from 512, dropout rising from 0.2 by 0.1 a layer,
 * adam at 1e-3 (sgd at 0.05 with momentum 0.9 is 0.03 worse): minimum
 * 0.1 at adam, lr 1e-3, units 512,256, dropout 0.2,0.3.
 *
 * mlp: the course's whole model search (examples/fashion/conditional.yaml)
 * with a synthetic validation error: 1 to 4 layers with their widths and
 * dropouts, a funnel of widths within 2048, sgd with momentum and
 * Nesterov, RMSprop with rho or Adam with beta1 and beta2, each with its
 * own best learning rate, a schedule (exp with its rate, cosine or none),
 * the batch size and batch norm: 21 dimensions, 18 at most in one of 36
 * branches. Three layers of 512, 256, 128 with dropout 0.3, 0.2, 0.1,
 * Adam at 2e-3 with beta1 0.9 and beta2 0.999, cosine, batch 64 and
 * batch norm are best: minimum 0.08.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cond.h"

/* The value of the parameter called name (0 when it is inactive). */
static double
num(const struct hps_space *sp, const struct hps_value *v, const char *name)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (strcmp(sp->params[i].name, name) == 0)
			return v[i].kind == HPS_V_NONE ? 0 : v[i].num;
	return 0;
}

static const char *
str(const struct hps_space *sp, const struct hps_value *v, const char *name)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (strcmp(sp->params[i].name, name) == 0)
			return v[i].kind == HPS_V_STR ? v[i].str : "";
	return "";
}

static double
jenatton(const struct hps_space *sp, const struct hps_value *v)
{
	double x;

	if (num(sp, v, "x1") == 0) {
		x = num(sp, v, num(sp, v, "x2") == 0 ? "x4" : "x5");
		return x * x + (num(sp, v, "x2") == 0 ? 0.1 : 0.2) +
		    num(sp, v, "r8");
	}
	x = num(sp, v, num(sp, v, "x3") == 0 ? "x6" : "x7");
	return x * x + (num(sp, v, "x3") == 0 ? 0.3 : 0.4) + num(sp, v, "r9");
}

static double
perlayer(const struct hps_space *sp, const struct hps_value *v)
{
	static const double depth[] = {0, 0.3, 0.1, 0.14, 0.2};
	char name[32];
	double f, lr = log10(num(sp, v, "lr")), u, p, e = 0;
	int l = (int)num(sp, v, "layers"), i;

	for (i = 1; i <= l; i++) {
		snprintf(name, sizeof name, "units[%d]", i);
		u = log2(num(sp, v, name)) - (10 - i);
		snprintf(name, sizeof name, "dropout[%d]", i);
		p = num(sp, v, name) - (0.1 + 0.1 * i);
		e += 0.01 * u * u + 0.5 * p * p;
	}
	f = depth[l] + e / l;
	if (strcmp(str(sp, v, "optimizer"), "adam") == 0)
		return f + 0.02 * (lr + 3) * (lr + 3);
	p = num(sp, v, "momentum") - 0.9;
	return f + 0.03 + 0.02 * (lr - log10(0.05)) * (lr - log10(0.05)) +
	    0.2 * p * p;
}

static double
mlp_optimizer(const struct hps_space *sp, const struct hps_value *v)
{
	const char *opt = str(sp, v, "optimizer");
	double lr = log10(num(sp, v, "lr")), a, b;

	if (strcmp(opt, "adam") == 0) {
		a = num(sp, v, "beta1") - 0.9;
		b = log10(1 - num(sp, v, "beta2")) + 3;
		return 0.01 * (lr + 2.7) * (lr + 2.7) + 0.2 * a * a +
		    0.002 * b * b;
	}
	if (strcmp(opt, "rmsprop") == 0) {
		a = num(sp, v, "rho") - 0.9;
		return 0.01 + 0.01 * (lr + 3) * (lr + 3) + 0.1 * a * a;
	}
	a = num(sp, v, "momentum") - 0.95;
	return 0.015 + 0.01 * (lr + 1.5) * (lr + 1.5) + 0.2 * a * a +
	    (num(sp, v, "nesterov") != 0 ? 0 : 0.004);
}

static double
mlp(const struct hps_space *sp, const struct hps_value *v)
{
	static const double depth[] = {0, 0.16, 0.1, 0.08, 0.09};
	const char *decay = str(sp, v, "lr_decay");
	char name[32];
	double f, u, p, e = 0, batch = num(sp, v, "batch");
	int l = (int)num(sp, v, "layers"), i;

	for (i = 1; i <= l; i++) {
		snprintf(name, sizeof name, "units[%d]", i);
		u = log2(num(sp, v, name)) - (10 - i);
		snprintf(name, sizeof name, "dropout[%d]", i);
		p = num(sp, v, name) - (0.4 - 0.1 * i);
		e += 0.004 * u * u + 0.1 * p * p;
	}
	f = depth[l] + e / l + mlp_optimizer(sp, v);
	if (strcmp(decay, "exp") == 0) {
		p = num(sp, v, "decay_rate") - 0.9;
		f += 0.002 + 0.1 * p * p;
	} else if (strcmp(decay, "none") == 0)
		f += 0.01;
	f += batch == 32 ? 0.003 : batch == 128 ? 0.004 : 0;
	return f + (num(sp, v, "batchnorm") != 0 ? 0 : 0.008);
}

static const struct cond_problem problems[] = {
	{"jenatton",
	    "parameters:\n"
	    "  x1: {values: [0, 1]}\n"
	    "  x2: {values: [0, 1], when: {x1: 0}}\n"
	    "  x3: {values: [0, 1], when: {x1: 1}}\n"
	    "  x4: {type: float, min: 0, max: 1, when: {x2: 0}}\n"
	    "  x5: {type: float, min: 0, max: 1, when: {x2: 1}}\n"
	    "  x6: {type: float, min: 0, max: 1, when: {x3: 0}}\n"
	    "  x7: {type: float, min: 0, max: 1, when: {x3: 1}}\n"
	    "  r8: {type: float, min: 0, max: 1, when: {x1: 0}}\n"
	    "  r9: {type: float, min: 0, max: 1, when: {x1: 1}}\n",
	    0.1, jenatton},
	{"jenatton-flat",
	    "parameters:\n"
	    "  x1: {values: [0, 1]}\n"
	    "  x2: {values: [0, 1]}\n"
	    "  x3: {values: [0, 1]}\n"
	    "  x4: {type: float, min: 0, max: 1}\n"
	    "  x5: {type: float, min: 0, max: 1}\n"
	    "  x6: {type: float, min: 0, max: 1}\n"
	    "  x7: {type: float, min: 0, max: 1}\n"
	    "  r8: {type: float, min: 0, max: 1}\n"
	    "  r9: {type: float, min: 0, max: 1}\n",
	    0.1, jenatton},
	{"perlayer",
	    "parameters:\n"
	    "  optimizer: {values: [sgd, adam]}\n"
	    "  lr: {type: float, min: 1.0e-4, max: 1.0, log: true}\n"
	    "  momentum: {type: float, min: 0.0, max: 0.99, when: "
	    "{optimizer: sgd}}\n"
	    "  layers: {type: int, min: 1, max: 4}\n"
	    "  units: {type: int, min: 16, max: 1024, log: true, per: "
	    "layers}\n"
	    "  dropout: {type: float, min: 0.0, max: 0.6, per: layers}\n"
	    "constraints:\n"
	    "  - sum(units) <= 2048\n",
	    0.1, perlayer},
	{"mlp",
	    "parameters:\n"
	    "  layers: {type: int, min: 1, max: 4}\n"
	    "  units: {type: int, min: 32, max: 1024, log: true, per: layers}\n"
	    "  dropout: {type: float, min: 0.0, max: 0.5, per: layers}\n"
	    "  batchnorm: {type: bool}\n"
	    "  optimizer: {values: [sgd, rmsprop, adam]}\n"
	    "  lr: {type: float, min: 1.0e-4, max: 1.0e-1, log: true}\n"
	    "  momentum: {type: float, min: 0.5, max: 0.99, when: "
	    "{optimizer: sgd}}\n"
	    "  nesterov: {type: bool, when: {optimizer: sgd}}\n"
	    "  rho: {type: float, min: 0.8, max: 0.99, when: "
	    "{optimizer: rmsprop}}\n"
	    "  beta1: {type: float, min: 0.8, max: 0.95, when: "
	    "{optimizer: adam}}\n"
	    "  beta2: {type: float, min: 0.99, max: 0.9999, when: "
	    "{optimizer: adam}}\n"
	    "  lr_decay: {values: [none, exp, cosine]}\n"
	    "  decay_rate: {type: float, min: 0.7, max: 0.99, when: "
	    "{lr_decay: exp}}\n"
	    "  batch: {values: [32, 64, 128]}\n"
	    "constraints:\n"
	    "  - sum(units) <= 2048\n"
	    "  - units[1] >= units[2]\n"
	    "  - units[2] >= units[3]\n"
	    "  - units[3] >= units[4]\n",
	    0.08, mlp},
};

const struct cond_problem *
cond_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof problems / sizeof problems[0]; i++)
		if (strcmp(problems[i].name, name) == 0)
			return &problems[i];
	return NULL;
}
