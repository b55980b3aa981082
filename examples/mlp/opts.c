/*
 * Option parsing. Options are --name VALUE or --name=VALUE; a boolean may
 * stand alone (--batchnorm) or take true|false|1|0 (any case, also yes|no
 * and on|off) as its value, so a sweep can write --batchnorm {bn}. The
 * same names, with dashes as underscores, are read from HPS_PARAM_<name>
 * when the command line does not give them: argv wins over the
 * environment, which wins over the defaults. A per-layer option takes one
 * value for every layer or one per layer, as hpsd passes a per: list
 * (--units 512,256); without --layers, the lists' length is the depth.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ckpt.h"
#include "data.h"
#include "opts.h"

enum opt_type {
	OT_INT,
	OT_FLOAT,
	OT_BOOL,
	OT_STR,
	OT_CHOICE,
	OT_INTS,	/* a per-layer list of integers (struct optlist) */
	OT_FLOATS,	/* of numbers */
};

struct opt_def {
	const char *name;
	enum opt_type type;
	size_t off;
	double min, max;
	const char *const *choices;	/* NULL-terminated, for OT_CHOICE */
	const char *arg;		/* the value's name in the usage */
	const char *help;
};

static const char *const opt_acts[] = {"relu", "tanh", "sigmoid", NULL};
static const char *const opt_optims[] = {"sgd", "momentum", "rmsprop",
    "adam", NULL};
static const char *const opt_decays[] = {"none", "exp", "cosine", NULL};

#define O(f) offsetof(struct options, f)
static const struct opt_def opt_table[] = {
	{"data", OT_STR, O(data), 0, 0, NULL, "DIR",
	    "directory of the idx files (default " DATA_DIR ")"},
	{"layers", OT_INT, O(layers), 0, MODEL_MAXHIDDEN, NULL, "N",
	    "hidden layers, 0 to 4 (default 1, or the lists' length)"},
	{"units", OT_INTS, O(units), 1, 65536, NULL, "N[,N...]",
	    "units of every hidden layer, or of each (default 512)"},
	{"activation", OT_CHOICE, O(activation), 0, 0, opt_acts, "F",
	    "relu, tanh or sigmoid (default relu)"},
	{"dropout", OT_FLOATS, O(dropout), 0, 0.99, NULL, "P[,P...]",
	    "dropout rate after every hidden layer, or each (default 0)"},
	{"l1", OT_FLOAT, O(l1), 0, 1e6, NULL, "X",
	    "L1 kernel penalty (default 0)"},
	{"l2", OT_FLOAT, O(l2), 0, 1e6, NULL, "X",
	    "L2 kernel penalty (default 0)"},
	{"batchnorm", OT_BOOL, O(batchnorm), 0, 1, NULL, "[BOOL]",
	    "batch normalization before each hidden activation"},
	{"optimizer", OT_CHOICE, O(optimizer), 0, 0, opt_optims, "NAME",
	    "sgd, momentum, rmsprop or adam (default adam)"},
	{"nesterov", OT_BOOL, O(nesterov), 0, 1, NULL, "[BOOL]",
	    "Nesterov momentum (with --optimizer momentum)"},
	{"momentum", OT_FLOAT, O(momentum), 0, 0.999, NULL, "M",
	    "momentum of sgd (0: none) or momentum (default 0.9)"},
	{"rho", OT_FLOAT, O(rho), 0, 0.9999, NULL, "R",
	    "RMSprop's decay of the squared gradients (default 0.9)"},
	{"beta1", OT_FLOAT, O(beta1), 0, 0.9999, NULL, "B",
	    "Adam's decay of the gradients' mean (default 0.9)"},
	{"beta2", OT_FLOAT, O(beta2), 0, 0.99999, NULL, "B",
	    "Adam's decay of the squared gradients (default 0.999)"},
	{"lr", OT_FLOAT, O(lr), 1e-12, 1e6, NULL, "X",
	    "learning rate (default 0.01 for sgd, momentum; else 0.001)"},
	{"batch", OT_INT, O(batch), 1, 65536, NULL, "N",
	    "batch size (default 32)"},
	{"epochs", OT_INT, O(epochs), 1, 100000, NULL, "N",
	    "epochs (default 10)"},
	{"lr-decay", OT_CHOICE, O(lr_decay), 0, 0, opt_decays, "KIND",
	    "none, exp (lr * rate^epoch) or cosine (per step to 0)"},
	{"decay-rate", OT_FLOAT, O(decay_rate), 1e-6, 1, NULL, "R",
	    "per-epoch factor of --lr-decay exp (default 0.9)"},
	{"patience", OT_INT, O(patience), 0, 100000, NULL, "N",
	    "stop after N epochs without a lower val_loss and keep the "
	    "best (default 0: off)"},
	{"seed", OT_INT, O(seed), 0, 2147483647, NULL, "N",
	    "seed of initialisation, shuffling and dropout (default 1)"},
	{"subset", OT_INT, O(subset), 1, DATA_TRAIN, NULL, "N",
	    "train on the first N of the 50,000 images (default all)"},
	{"val-subset", OT_INT, O(val_subset), 1, DATA_VAL, NULL, "N",
	    "validate on the first N of the 10,000 (default all)"},
	{"threads", OT_INT, O(threads), 1, 256, NULL, "N",
	    "OpenBLAS threads (default 1)"},
	{"checkpoint", OT_STR, O(checkpoint), 0, 0, NULL, "DIR",
	    "save the state each epoch in DIR, resume from it (default"
	    " $HPS_CHECKPOINT_DIR; \"\": none)"},
	{"help", OT_BOOL, O(help), 0, 1, NULL, "", "print this and exit"},
};
#undef O
#define OPT_COUNT (sizeof opt_table / sizeof opt_table[0])

static int
opts_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void
opts_defaults(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->data = DATA_DIR;
	o->layers = -1;
	o->units = (struct optlist){{512}, 1};
	o->dropout = (struct optlist){{0}, 1};
	o->optimizer = OPTIM_ADAM;
	o->momentum = NAN;
	o->rho = 0.9;
	o->beta1 = 0.9;
	o->beta2 = 0.999;
	o->lr = NAN;
	o->batch = 32;
	o->epochs = 10;
	o->decay_rate = 0.9;
	o->seed = 1;
	o->subset = DATA_TRAIN;
	o->val_subset = DATA_VAL;
	o->threads = 1;
	o->checkpoint = getenv("HPS_CHECKPOINT_DIR");
}

static const struct opt_def *
opts_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < OPT_COUNT; i++) {
		if (strlen(opt_table[i].name) == len &&
		    strncmp(opt_table[i].name, name, len) == 0)
			return &opt_table[i];
	}
	return NULL;
}

/* 1 or 0 for a boolean literal, -1 for anything else. */
static int
opts_bool(const char *s)
{
	static const char *const yes[] = {"true", "1", "yes", "on"};
	static const char *const no[] = {"false", "0", "no", "off"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

static int
opts_number(const struct opt_def *d, const char *s, double *out, char *err,
    size_t errlen)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
		return opts_fail(err, errlen, "--%s: not a number: \"%s\"",
		    d->name, s);
	if ((d->type == OT_INT || d->type == OT_INTS) && v != floor(v))
		return opts_fail(err, errlen, "--%s: not an integer: \"%s\"",
		    d->name, s);
	if (v < d->min || v > d->max)
		return opts_fail(err, errlen, "--%s: %s is out of range "
		    "[%g, %g]", d->name, s, d->min, d->max);
	*out = v;
	return 0;
}

static int
opts_choice(const struct opt_def *d, const char *s, long *out, char *err,
    size_t errlen)
{
	long i;

	for (i = 0; d->choices[i] != NULL; i++) {
		if (strcmp(d->choices[i], s) == 0) {
			*out = i;
			return 0;
		}
	}
	return opts_fail(err, errlen, "--%s: unknown value \"%s\"", d->name,
	    s);
}

/* "512,256": one number per layer into l, each checked as d's. */
static int
opts_list(const struct opt_def *d, const char *s, struct optlist *l,
    char *err, size_t errlen)
{
	char item[64];
	size_t len;

	l->n = 0;
	for (;;) {
		len = strcspn(s, ",");
		if (l->n == MODEL_MAXHIDDEN || len >= sizeof item)
			return opts_fail(err, errlen, "--%s: more values than "
			    "the %d layers there can be", d->name,
			    MODEL_MAXHIDDEN);
		memcpy(item, s, len);
		item[len] = '\0';
		if (opts_number(d, item, &l->v[l->n++], err, errlen) != 0)
			return -1;
		if (s[len] == '\0')
			return 0;
		s += len + 1;
	}
}

static int
opts_set(struct options *o, const struct opt_def *d, const char *s,
    char *err, size_t errlen)
{
	char *field = (char *)o + d->off;
	double v = 0.0;
	int b;

	switch (d->type) {
	case OT_STR:
		*(const char **)field = s;
		return 0;
	case OT_CHOICE:
		return opts_choice(d, s, (long *)field, err, errlen);
	case OT_BOOL:
		if ((b = opts_bool(s)) < 0)
			return opts_fail(err, errlen, "--%s: expected true, "
			    "false, 1 or 0, found \"%s\"", d->name, s);
		*(long *)field = b;
		return 0;
	case OT_INTS:
	case OT_FLOATS:
		return opts_list(d, s, (struct optlist *)field, err, errlen);
	case OT_INT:
	case OT_FLOAT:
		if (opts_number(d, s, &v, err, errlen) != 0)
			return -1;
		if (d->type == OT_INT)
			*(long *)field = (long)v;
		else
			*(double *)field = v;
		return 0;
	}
	return -1;
}

static int
opts_env(struct options *o, char *err, size_t errlen)
{
	char var[64], *p;
	const char *val;
	size_t i;

	for (i = 0; i < OPT_COUNT; i++) {
		snprintf(var, sizeof var, "HPS_PARAM_%s", opt_table[i].name);
		for (p = var; *p != '\0'; p++)
			if (*p == '-')
				*p = '_';
		if ((val = getenv(var)) == NULL)
			continue;
		if (opts_set(o, &opt_table[i], val, err, errlen) != 0) {
			/* Say where the bad value came from. */
			size_t n = strlen(err);

			snprintf(err + n, errlen - n, " (from %s)", var);
			return -1;
		}
	}
	return 0;
}

/* Parse argv[*i]; consumes its value and advances *i. */
static int
opts_arg(struct options *o, int argc, char **argv, int *i, char *err,
    size_t errlen)
{
	const char *arg = argv[*i], *eq, *val = NULL;
	const struct opt_def *d;
	size_t len;

	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return opts_fail(err, errlen, "unexpected argument \"%s\"",
		    arg);
	arg += 2;
	eq = strchr(arg, '=');
	len = eq ? (size_t)(eq - arg) : strlen(arg);
	if ((d = opts_find(arg, len)) == NULL)
		return opts_fail(err, errlen, "unknown option --%.*s",
		    (int)len, arg);
	if (eq != NULL)
		val = eq + 1;
	else if (d->type == OT_BOOL)
		val = *i + 1 < argc && opts_bool(argv[*i + 1]) >= 0 ?
		    argv[++*i] : "true";
	else if (*i + 1 < argc)
		val = argv[++*i];
	else
		return opts_fail(err, errlen, "--%s needs a value", d->name);
	return opts_set(o, d, val, err, errlen);
}

/* The per-layer lists against the depth: without --layers, their
 * length (1 when every list has one value) is it. */
static int
opts_depth(struct options *o, char *err, size_t errlen)
{
	const struct optlist *l[2] = {&o->units, &o->dropout};
	const char *names[2] = {"units", "dropout"};
	int i, n = 1;

	for (i = 0; i < 2; i++)
		n = l[i]->n > n ? l[i]->n : n;
	if (o->layers < 0)
		o->layers = n;
	for (i = 0; i < 2; i++)
		if (l[i]->n != 1 && l[i]->n != o->layers)
			return opts_fail(err, errlen, "--%s gives %d values "
			    "for %ld layers; give one, or one per layer",
			    names[i], l[i]->n, o->layers);
	return 0;
}

int
opts_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	int i;

	opts_defaults(o);
	if (opts_env(o, err, errlen) != 0)
		return -1;
	for (i = 1; i < argc; i++)
		if (opts_arg(o, argc, argv, &i, err, errlen) != 0)
			return -1;
	if (opts_depth(o, err, errlen) != 0)
		return -1;
	if (isnan(o->lr))
		o->lr = o->optimizer == OPTIM_SGD ||
		    o->optimizer == OPTIM_MOMENTUM ? 0.01 : 0.001;
	return 0;
}

void
opts_usage(FILE *f)
{
	char left[64];
	size_t i;

	fprintf(f, "usage: hps-mlp [--option value | --option=value] ...\n"
	    "Train a Fashion-MNIST MLP; options may also come from "
	    "HPS_PARAM_<name>.\n");
	for (i = 0; i < OPT_COUNT; i++) {
		snprintf(left, sizeof left, "--%s %s", opt_table[i].name,
		    opt_table[i].arg);
		fprintf(f, "  %-22s %s\n", left, opt_table[i].help);
	}
}

uint64_t
opts_fingerprint(const struct options *o)
{
	struct options c;

	/* Whole bytes, padding included: opts_defaults zeroed them. */
	memcpy(&c, o, sizeof c);
	c.data = NULL;
	c.checkpoint = NULL;
	c.threads = 0;
	c.help = 0;
	return ckpt_hash(CKPT_FNV_INIT, &c, sizeof c);
}

enum act
opts_act(const struct options *o)
{
	static const enum act acts[] = {ACT_RELU, ACT_TANH, ACT_SIGMOID};

	return acts[o->activation];
}

void
opts_model_config(const struct options *o, struct model_config *c)
{
	c->inputs = DATA_PIXELS;
	c->classes = DATA_CLASSES;
	int i;

	c->layers = (int)o->layers;
	for (i = 0; i < MODEL_MAXHIDDEN; i++) {
		c->units[i] = (int)o->units.v[o->units.n == 1 ? 0 : i];
		c->dropout[i] = (float)o->dropout.v[o->dropout.n == 1 ? 0 :
		    i];
	}
	c->act = opts_act(o);
	c->l1 = (float)o->l1;
	c->l2 = (float)o->l2;
	c->batchnorm = (int)o->batchnorm;
}

enum optim_kind
opts_optim_kind(const struct options *o)
{
	if (o->optimizer == OPTIM_SGD && o->momentum > 0)
		return OPTIM_MOMENTUM;
	return (enum optim_kind)o->optimizer;
}

/* Each knob is its optimizer's; the others' are not read. */
void
opts_optim(const struct options *op, struct optim *o)
{
	o->nesterov = (int)op->nesterov;
	if (!isnan(op->momentum))
		o->momentum = (float)op->momentum;
	o->rho = (float)op->rho;
	o->beta1 = (float)op->beta1;
	o->beta2 = (float)op->beta2;
}
