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
 * perlayer: a model search of the course's kind, a synthetic validation
 * error over an optimizer (sgd with its momentum, or adam), a learning
 * rate, a depth of 1 to 4 layers and each layer's width (log) and dropout
 * (per: layers), with widths summing to at most 2048. Two layers are
 * best, widths halving from 512, dropout rising from 0.2 by 0.1 a layer,
 * adam at 1e-3 (sgd at 0.05 with momentum 0.9 is 0.03 worse): minimum
 * 0.1 at adam, lr 1e-3, units 512,256, dropout 0.2,0.3.
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
