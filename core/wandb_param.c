/*
 * The parameters of a W&B sweep, each as the hpsd parameter that draws
 * the same values in the same way, or refused with what to write instead.
 * W&B's meanings are those of wandb/sweeps params.py (random and bayes)
 * and grid_search.py (grid, where q_uniform is numpy's arange and so
 * differs from the random draw). Nested parameters: dictionaries are
 * flattened to dotted names; {@params_json} nests them again.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "wandb_int.h"

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

enum {
	P_DISTRIBUTION, P_VALUE, P_VALUES, P_PROBABILITIES, P_MIN, P_MAX,
	P_Q, P_MU, P_SIGMA, P_A, P_B, P_PARAMETERS, P_N
};

static const char *const pkey_names[P_N] = {
	"distribution", "value", "values", "probabilities", "min", "max", "q",
	"mu", "sigma", "a", "b", "parameters",
};

enum dist {
	D_CONSTANT, D_CATEGORICAL, D_INT_UNIFORM, D_UNIFORM,
	D_LOG_UNIFORM_VALUES, D_LOG_UNIFORM, D_Q_UNIFORM,
	D_Q_LOG_UNIFORM_VALUES, D_N
};

#define K(k) (1u << (k))
#define K_RANGE (K(P_MIN) | K(P_MAX))

/* The distributions hpsd honours: their keys, and whether W&B grids them. */
static const struct {
	const char *name;
	unsigned keys;
	int grid;
} dists[D_N] = {
	[D_CONSTANT] = {"constant", K(P_VALUE), 1},
	[D_CATEGORICAL] = {"categorical", K(P_VALUES), 1},
	[D_INT_UNIFORM] = {"int_uniform", K_RANGE, 1},
	[D_UNIFORM] = {"uniform", K_RANGE, 0},
	[D_LOG_UNIFORM_VALUES] = {"log_uniform_values", K_RANGE, 0},
	[D_LOG_UNIFORM] = {"log_uniform", K_RANGE, 0},
	[D_Q_UNIFORM] = {"q_uniform", K_RANGE | K(P_Q), 1},
	[D_Q_LOG_UNIFORM_VALUES] = {"q_log_uniform_values", K_RANGE | K(P_Q),
	    0},
};

/* The ones it does not, and what to write instead. */
static const struct {
	const char *name, *instead;
} refused[] = {
	{"normal", "use distribution: uniform with min: and max: (say mu "
	    "-/+ 2 sigma)"},
	{"q_normal", "use q_uniform with min:, max: and q:"},
	{"log_normal", "use log_uniform_values with min: and max:"},
	{"q_log_normal", "use q_log_uniform_values with min:, max: and q: 1"},
	{"beta", "use uniform with min: 0 and max: 1"},
	{"q_beta", "use q_uniform with min: 0, max: 1 and q:"},
	{"inv_log_uniform", "use log_uniform_values with min: and max: as "
	    "values"},
	{"inv_log_uniform_values", "use log_uniform_values with min: and "
	    "max:"},
	{"q_log_uniform", "use q_log_uniform_values with min: and max: as "
	    "values"},
	{"categorical_w_probabilities", "hpsd draws every value equally "
	    "often; remove probabilities:"},
};

struct pspec {
	struct hps__wparam *p;
	const struct hps__ynode *map;
	const struct hps__ynode *n[P_N];
	enum dist dist;
	FILE *fp;		/* p->spec */
	FILE *nfp;		/* p->note */
};

static int
spec_collect(struct hps__wandb *w, struct pspec *ps)
{
	const struct hps__ynode *map = ps->map, *key;
	size_t i, j;

	for (i = 0; i < map->nkids; i += 2) {
		key = map->kids[i];
		for (j = 0; j < P_N; j++)
			if (strcmp(key->text, pkey_names[j]) == 0)
				break;
		if (j == P_N)
			return hps__wandb_err(w, key, "unknown key '%.64s' in "
			    "parameter '%s'; W&B's are distribution, value, "
			    "values, min, max, q and parameters", key->text,
			    ps->p->name);
		ps->n[j] = map->kids[i + 1];
	}
	return 0;
}

static int
refuse_dist(struct hps__wandb *w, const struct hps__ynode *n,
    const char *name, const char *pname)
{
	size_t i;

	for (i = 0; i < NWORDS(refused); i++)
		if (strcmp(name, refused[i].name) == 0)
			return hps__wandb_err(w, n, "parameter '%s': "
			    "distribution %s is not supported by hpsd; %s",
			    pname, name, refused[i].instead);
	return hps__wandb_err(w, n, "parameter '%s': unknown distribution "
	    "'%.64s'; hpsd takes constant, categorical, int_uniform, uniform, "
	    "log_uniform_values, log_uniform, q_uniform and "
	    "q_log_uniform_values", pname, name);
}

/*
 * W&B's inference (wandb's _validate_config_and_fill_distribution): min
 * and max both integers make an int_uniform, both floats a uniform, and
 * one of each `wandb sweep` refuses as ambiguous.
 */
static int
spec_infer(struct hps__wandb *w, struct pspec *ps)
{
	const struct hps__ynode **n = ps->n;
	double x = 0;
	int ilo, ihi, rc;

	if (n[P_VALUE] != NULL)
		ps->dist = D_CONSTANT;
	else if (n[P_VALUES] != NULL && n[P_PROBABILITIES] != NULL)
		return refuse_dist(w, n[P_PROBABILITIES],
		    "categorical_w_probabilities", ps->p->name);
	else if (n[P_VALUES] != NULL)
		ps->dist = D_CATEGORICAL;
	else if (n[P_MIN] != NULL && n[P_MAX] != NULL) {
		if ((rc = hps__wandb_number(w, n[P_MIN], "min", &x,
		    &ilo)) != 0 || (rc = hps__wandb_number(w, n[P_MAX], "max",
		    &x, &ihi)) != 0)
			return rc;
		if (ilo != ihi)
			return hps__wandb_err(w, n[ilo ? P_MIN : P_MAX],
			    "parameter '%s': min is an %s and max %s, which "
			    "wandb sweep refuses as ambiguous; write both as "
			    "floats (%s.0) for uniform, both as integers for "
			    "int_uniform, or give distribution:", ps->p->name,
			    ilo ? "integer" : "float", ilo ? "a float" :
			    "an integer", n[ilo ? P_MIN : P_MAX]->text);
		ps->dist = ilo ? D_INT_UNIFORM : D_UNIFORM;
	} else if (n[P_MU] || n[P_SIGMA] || n[P_A] || n[P_B])
		return hps__wandb_err(w, ps->map, "parameter '%s' has no "
		    "distribution: (mu, sigma, a and b belong to normal and "
		    "beta, which hpsd does not support); use min: and max:",
		    ps->p->name);
	else
		return hps__wandb_err(w, ps->map, "parameter '%s' needs "
		    "value:, values:, min: and max:, or parameters:",
		    ps->p->name);
	return 0;
}

static int
spec_dist(struct hps__wandb *w, struct pspec *ps)
{
	const struct hps__ynode *n = ps->n[P_DISTRIBUTION];
	const char *s = NULL;
	size_t d;
	int rc;

	if (n == NULL)
		return spec_infer(w, ps);
	if ((rc = hps__wandb_str(w, n, "distribution", &s)) != 0)
		return rc;
	for (d = 0; d < D_N; d++)
		if (strcmp(s, dists[d].name) == 0)
			break;
	if (d == D_N)
		return refuse_dist(w, n, s, ps->p->name);
	if (ps->n[P_PROBABILITIES] != NULL)
		return refuse_dist(w, ps->n[P_PROBABILITIES],
		    "categorical_w_probabilities", ps->p->name);
	ps->dist = (enum dist)d;
	return 0;
}

/* Keys the distribution has no use for, and the ones it needs. */
static int
spec_keys(struct hps__wandb *w, struct pspec *ps)
{
	unsigned keys = dists[ps->dist].keys;
	size_t i;

	for (i = P_VALUE; i < P_N; i++)
		if (ps->n[i] != NULL && !(keys & K(i)))
			return hps__wandb_err(w, ps->n[i], "'%s' does not "
			    "apply to distribution %s (parameter '%s'); "
			    "remove it", pkey_names[i], dists[ps->dist].name,
			    ps->p->name);
	for (i = P_VALUE; i < P_N; i++)
		if (i != P_Q && (keys & K(i)) && ps->n[i] == NULL)
			return hps__wandb_err(w, ps->map, "parameter '%s' "
			    "(distribution %s) needs %s:", ps->p->name,
			    dists[ps->dist].name, pkey_names[i]);
	if (strcmp(w->method, "grid") == 0 && !dists[ps->dist].grid)
		return hps__wandb_err(w, ps->p->key, "method: grid needs every "
		    "parameter on a grid, and '%s' (%s) is continuous (W&B's "
		    "grid refuses it too); use values:, int_uniform or "
		    "q_uniform, or method: random", ps->p->name,
		    dists[ps->dist].name);
	return 0;
}

/*
 * A list or mapping's key as W&B's grid tells values apart (yaml_hash:
 * yaml.dump with sorted keys), or with hpsd set its text as the trial
 * gets it. Scalars: a whole float is the integer, a boolean is not a
 * number; hpsd's text writes 3.0 as 3. Malloc'ed; NULL: out of memory.
 */
static char *
value_key(const struct hps__ynode *n, json_t *compound, int hpsd)
{
	struct hps_value h = {HPS_V_FLOAT, 0, NULL};
	struct hps__pyval v;
	char buf[64], *s;
	size_t len;

	if (compound != NULL && !hpsd)
		return json_dumps(compound, JSON_COMPACT | JSON_SORT_KEYS |
		    JSON_REAL_PRECISION(17));
	if (compound != NULL)
		return hps_value_from_json(&h, compound) == 0 ? h.str : NULL;
	hps__wandb_scalar(n, &v);
	if (v.kind == HPS__PY_BOOL)
		snprintf(buf, sizeof buf, "%s", v.num ? "true" : "false");
	else if (v.kind == HPS__PY_INT || v.kind == HPS__PY_FLOAT) {
		h.num = v.num;
		if (hpsd)
			hps_value_format(&h, buf, sizeof buf);
		else
			snprintf(buf, sizeof buf, "n:%.17g", v.num);
	} else {
		len = strlen(n->text) + 3;
		if ((s = malloc(len)) != NULL)
			snprintf(s, len, "%s%s", hpsd ? "" : "s:", n->text);
		return s;
	}
	return strdup(buf);
}

/* A float that hpsd reads back as the same float (1.0 stays a float). */
static void
put_float(FILE *fp, double x)
{
	struct hps_value v = {HPS_V_FLOAT, x, NULL};
	char buf[64];

	if (x == floor(x) && fabs(x) < 1e16)
		fprintf(fp, "%.1f", x);
	else {
		hps_value_format(&v, buf, sizeof buf);
		fputs(buf, fp);
	}
}

/*
 * A scalar as PyYAML (W&B) reads it, or the refusal of one hpsd cannot
 * pass on: a tag PyYAML fails on, a date, a number that is not finite.
 */
static int
py_scalar(struct hps__wandb *w, struct pspec *ps, const struct hps__ynode *n,
    struct hps__pyval *v)
{
	if (hps__wandb_scalar(n, v) != 0)
		return hps__wandb_err(w, n, "parameter '%s': PyYAML, which "
		    "W&B uses, cannot read '%.64s' as its tag says",
		    ps->p->name, n->text);
	if (v->kind == HPS__PY_DATE)
		return hps__wandb_err(w, n, "parameter '%s': PyYAML, which "
		    "W&B uses, reads '%.32s' as a date; quote it to pass the "
		    "text", ps->p->name, n->text);
	if (v->kind == HPS__PY_FLOAT && !isfinite(v->num))
		return hps__wandb_err(w, n, "parameter '%s': '%.32s' is not a "
		    "finite number, which hpsd values must be", ps->p->name,
		    n->text);
	return 0;
}

static json_t *py_json(struct hps__wandb *, struct pspec *,
    const struct hps__ynode *, int *);

static json_t *
py_scalar_json(struct hps__wandb *w, struct pspec *ps,
    const struct hps__ynode *n, int *rc)
{
	struct hps__pyval v;

	if ((*rc = py_scalar(w, ps, n, &v)) != 0)
		return NULL;
	switch (v.kind) {
	case HPS__PY_NULL:
		return json_null();
	case HPS__PY_BOOL:
		return json_boolean(v.num != 0);
	case HPS__PY_INT:
		return json_integer((json_int_t)v.num);
	case HPS__PY_FLOAT:
		return json_real(v.num);
	default:
		return json_string(n->text);
	}
}

/* A mapping's members; PyYAML's keys must be strings, as JSON's are. */
static int
py_members(struct hps__wandb *w, struct pspec *ps, const struct hps__ynode *n,
    json_t *obj)
{
	struct hps__pyval k;
	json_t *kid;
	size_t i;
	int rc = 0;

	for (i = 0; i < n->nkids; i += 2) {
		if (hps__wandb_scalar(n->kids[i], &k) != 0 ||
		    k.kind != HPS__PY_STR)
			return hps__wandb_err(w, n->kids[i], "parameter '%s': "
			    "key '%.32s' is not a string to PyYAML, and hpsd "
			    "passes mappings as JSON, whose keys are; quote it",
			    ps->p->name, n->kids[i]->text);
		if ((kid = py_json(w, ps, n->kids[i + 1], &rc)) == NULL)
			return rc;
		if (json_object_set_new(obj, n->kids[i]->text, kid) != 0)
			return HPS_ENOMEM;
	}
	return 0;
}

/* A value as PyYAML (W&B) reads it, as JSON; NULL with *rc on failure. */
static json_t *
py_json(struct hps__wandb *w, struct pspec *ps, const struct hps__ynode *n,
    int *rc)
{
	json_t *j, *kid;
	size_t i;

	if (n->type == HPS__Y_SCALAR)
		return py_scalar_json(w, ps, n, rc);
	if ((j = n->type == HPS__Y_MAP ? json_object() : json_array()) == NULL) {
		*rc = HPS_ENOMEM;
		return NULL;
	}
	if (n->type == HPS__Y_MAP)
		*rc = py_members(w, ps, n, j);
	for (i = 0; n->type == HPS__Y_SEQ && *rc == 0 && i < n->nkids; i++) {
		if ((kid = py_json(w, ps, n->kids[i], rc)) != NULL &&
		    json_array_append_new(j, kid) != 0)
			*rc = HPS_ENOMEM;
	}
	if (*rc != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/*
 * A list or mapping: its JSON text, which hpsd reads back as the same
 * value; the command gives it as W&B's agent does, with Python's str()
 * ({@params_py:name}: --h=[128, 128]).
 */
static int
put_compound(struct hps__wandb *w, struct pspec *ps,
    const struct hps__ynode *n)
{
	struct hps_value v;
	json_t *j;
	int rc = 0;

	if ((j = py_json(w, ps, n, &rc)) == NULL)
		return rc;
	rc = hps_value_from_json(&v, j);
	json_decref(j);
	if (rc != 0)
		return rc;
	fputs(v.str, ps->fp);
	hps_value_clear(&v);
	return 0;
}

/*
 * One value as hpsd YAML that reads back as the value PyYAML (W&B) read:
 * yes and True are booleans there, 010 is 8 and 1e-5 the string "1e-5".
 */
static int
put_value(struct hps__wandb *w, struct pspec *ps, const struct hps__ynode *n,
    const char *what)
{
	struct hps__pyval v;
	int rc;

	if (n->type != HPS__Y_SCALAR)
		return put_compound(w, ps, n);
	if ((rc = py_scalar(w, ps, n, &v)) != 0)
		return rc;
	switch (v.kind) {
	case HPS__PY_NULL:
		return hps__wandb_err(w, n, "parameter '%s': %s is null "
		    "(None), and W&B's agent fails every run given a None "
		    "value (create_sweep_command_args: 'No \"value\" found'); "
		    "write a string such as none", ps->p->name, what);
	case HPS__PY_BOOL:
		ps->p->can_bool = 1;
		fputs(v.num ? "true" : "false", ps->fp);
		return 0;
	case HPS__PY_INT:
		fprintf(ps->fp, "%.0f", v.num);
		return 0;
	case HPS__PY_FLOAT:
		put_float(ps->fp, v.num);
		return 0;
	default:
		break;
	}
	hps__wandb_put_str(ps->fp, n->text);
	return 0;
}

static int
spec_const(struct hps__wandb *w, struct pspec *ps)
{
	struct hps__pyval v;
	int rc;

	fputs("{value: ", ps->fp);
	if ((rc = put_value(w, ps, ps->n[P_VALUE], "value")) != 0)
		return rc;
	fputs("}", ps->fp);
	if (ps->p->can_bool && hps__wandb_scalar(ps->n[P_VALUE], &v) == 0)
		ps->p->bool_const = v.num != 0;
	return 0;
}

/* Item n's two keys (value_key): W&B's, then the text hpsd passes. */
static int
item_keys(struct hps__wandb *w, struct pspec *ps, const struct hps__ynode *n,
    char **key, char **text)
{
	json_t *j = NULL;
	int rc = 0;

	*key = *text = NULL;
	if (n->type != HPS__Y_SCALAR && (j = py_json(w, ps, n, &rc)) == NULL)
		return rc;
	*key = value_key(n, j, 0);
	*text = value_key(n, j, 1);
	json_decref(j);
	return *key != NULL && *text != NULL ? 0 : HPS_ENOMEM;
}

/*
 * Index of an earlier value of seq equal to item i, else -1. W&B's grid
 * runs a repeated value once; random and bayes draw it twice as often,
 * which hpsd cannot say, so there it is refused. Values W&B tells apart
 * but hpsd would pass as the same text (3.0 and "3") are refused too.
 */
static int
value_repeat(struct hps__wandb *w, struct pspec *ps, size_t i, int *rc)
{
	const struct hps__ynode *seq = ps->n[P_VALUES], *n = seq->kids[i];
	char *a, *b = NULL, *ha, *hb = NULL;
	size_t j;
	int same = -1;

	if ((*rc = item_keys(w, ps, n, &a, &ha)) != 0)
		goto done;
	for (j = 0; same < 0 && j < i; j++) {
		free(b);
		free(hb);
		if ((*rc = item_keys(w, ps, seq->kids[j], &b, &hb)) != 0)
			goto done;
		if (strcmp(a, b) != 0 && strcmp(ha, hb) != 0)
			continue;
		same = (int)j;
		if (strcmp(a, b) != 0)
			*rc = hps__wandb_err(w, n, "parameter '%s': values "
			    "'%.32s' and '%.32s' (line %d) both reach the "
			    "program as %.32s in hpsd, which writes a whole "
			    "float without its '.0'; make them distinct",
			    ps->p->name, n->text ? n->text : ha,
			    seq->kids[j]->text ? seq->kids[j]->text : hb,
			    seq->kids[j]->line, ha);
		else if (strcmp(w->method, "grid") != 0)
			*rc = hps__wandb_err(w, n, "parameter '%s': value "
			    "'%.32s' is listed twice (first at line %d), so "
			    "W&B draws it twice as often, which hpsd cannot "
			    "do; list it once", ps->p->name, n->text ? n->text :
			    ha, seq->kids[j]->line);
	}
done:
	free(a);
	free(b);
	free(ha);
	free(hb);
	return *rc != 0 ? 0 : same;
}

static int
spec_categorical(struct hps__wandb *w, struct pspec *ps)
{
	const struct hps__ynode *seq = ps->n[P_VALUES];
	size_t i, n = 0;
	int rc;

	if (seq->type != HPS__Y_SEQ || seq->nkids == 0)
		return hps__wandb_err(w, seq, "parameter '%s': values must be "
		    "a list of at least one value", ps->p->name);
	fputs("{values: [", ps->fp);
	for (i = 0; i < seq->nkids; i++) {
		if (value_repeat(w, ps, i, &rc) >= 0) {
			if (rc != 0)
				return rc;
			fprintf(ps->nfp, "%s'%.32s' once, as W&B's grid runs "
			    "it", ftell(ps->nfp) > 0 ? "; " : "",
			    seq->kids[i]->text ? seq->kids[i]->text :
			    "a list or mapping");
			continue;
		}
		if (n++ > 0)
			fputs(", ", ps->fp);
		if ((rc = put_value(w, ps, seq->kids[i], "a value")) != 0)
			return rc;
	}
	fputs("]}", ps->fp);
	return 0;
}

/* min and max, which W&B also requires in order. */
static int
read_range(struct hps__wandb *w, struct pspec *ps, double *lo, double *hi,
    int *ilo, int *ihi)
{
	int rc;

	if ((rc = hps__wandb_number(w, ps->n[P_MIN], "min", lo, ilo)) != 0 ||
	    (rc = hps__wandb_number(w, ps->n[P_MAX], "max", hi, ihi)) != 0)
		return rc;
	if (!(*lo < *hi))
		return hps__wandb_err(w, ps->n[P_MIN], "parameter '%s': min "
		    "%.32s must be less than max %.32s", ps->p->name,
		    ps->n[P_MIN]->text, ps->n[P_MAX]->text);
	return 0;
}

static void
put_range(struct pspec *ps, const char *type, double lo, double hi)
{
	fprintf(ps->fp, "{type: %s, min: ", type);
	hps__wandb_put_num(ps->fp, lo);
	fputs(", max: ", ps->fp);
	hps__wandb_put_num(ps->fp, hi);
}

static int
spec_int_uniform(struct hps__wandb *w, struct pspec *ps)
{
	double lo, hi;
	int ilo, ihi, rc;

	if ((rc = read_range(w, ps, &lo, &hi, &ilo, &ihi)) != 0)
		return rc;
	if (!ilo || !ihi)
		return hps__wandb_err(w, ilo ? ps->n[P_MAX] : ps->n[P_MIN],
		    "parameter '%s': int_uniform needs integer min and max",
		    ps->p->name);
	put_range(ps, "int", lo, hi);
	fputs("}", ps->fp);
	return 0;
}

/* uniform, log_uniform_values and log_uniform: continuous floats. */
static int
spec_float(struct hps__wandb *w, struct pspec *ps)
{
	double lo, hi;
	int ilo, ihi, rc;

	if ((rc = read_range(w, ps, &lo, &hi, &ilo, &ihi)) != 0)
		return rc;
	if (ps->dist == D_UNIFORM) {
		put_range(ps, "float", lo, hi);
		fputs("}", ps->fp);
		return 0;
	}
	if (ps->dist == D_LOG_UNIFORM_VALUES && !(lo > 0))
		return hps__wandb_err(w, ps->n[P_MIN], "parameter '%s': "
		    "log_uniform_values needs min > 0", ps->p->name);
	if (ps->dist == D_LOG_UNIFORM) {
		/* W&B's log_uniform: min and max are natural exponents. */
		fprintf(ps->nfp, "W&B log_uniform: e^%s .. e^%s",
		    ps->n[P_MIN]->text, ps->n[P_MAX]->text);
		lo = exp(lo);
		hi = exp(hi);
		if (!(lo > 0) || !isfinite(hi) || !(lo < hi))
			return hps__wandb_err(w, ps->n[P_MIN], "parameter "
			    "'%s': e^min .. e^max is not a range of positive "
			    "doubles; use log_uniform_values with min: and "
			    "max: as values", ps->p->name);
	}
	put_range(ps, "float", lo, hi);
	fputs(", log: true}", ps->fp);
	return 0;
}

/*
 * x without the noise of binary arithmetic (0.05 + 9 * 0.1 is
 * 0.9500000000000001), as hpsd's grid cleans its own points: its
 * 12-digit form when that moves it by far less than the step q.
 */
static double
clean(double x, double q)
{
	char buf[64];
	double t;

	snprintf(buf, sizeof buf, "%.12g", x);
	t = strtod(buf, NULL);
	return fabs(t - x) <= q * 1e-9 ? t : x;
}

/* Two values or one: hpsd's step must fit inside max - min exactly. */
static int
put_points(struct pspec *ps, int isint, double lo, double q, double n)
{
	if (n == 1) {
		fputs("{value: ", ps->fp);
		hps__wandb_put_num(ps->fp, lo);
		fputs("}", ps->fp);
		return 1;
	}
	if (n == 2 && !isint) {
		fputs("{values: [", ps->fp);
		hps__wandb_put_num(ps->fp, lo);
		fputs(", ", ps->fp);
		hps__wandb_put_num(ps->fp, lo + q);
		fputs("]}", ps->fp);
		return 1;
	}
	return 0;
}

/*
 * q_uniform. Random and bayes: round(U(min, max) / q) * q, so the
 * multiples of q from round(min/q)*q to round(max/q)*q (an integer q
 * gives integers). Grid: numpy's arange(min, max, q), so min, min + q,
 * ... below max, integers when min, max and q are.
 */
static int
spec_q_uniform(struct hps__wandb *w, struct pspec *ps)
{
	const struct hps__ynode *qn = ps->n[P_Q];
	double lo, hi, q = 1, n, first;
	int ilo, ihi, iq = 0, isint, rc;

	if ((rc = read_range(w, ps, &lo, &hi, &ilo, &ihi)) != 0 ||
	    (qn != NULL && (rc = hps__wandb_number(w, qn, "q", &q, &iq)) != 0))
		return rc;
	if (!(q > 0))
		return hps__wandb_err(w, qn, "parameter '%s': q must be more "
		    "than 0", ps->p->name);
	if (strcmp(w->method, "grid") == 0) {
		isint = iq && ilo && ihi;
		first = lo;
		n = ceil((hi - lo) / q);
		fprintf(ps->nfp, "W&B grid q_uniform: min, min+q, ... < max");
	} else {
		isint = iq;
		first = nearbyint(lo / q) * q;
		n = nearbyint(hi / q) - nearbyint(lo / q) + 1;
		fprintf(ps->nfp, "W&B q_uniform: multiples of q (W&B draws "
		    "the two ends half as often)");
	}
	if (n > 1e9)
		return hps__wandb_err(w, qn ? qn : ps->map, "parameter '%s': "
		    "more than 1e9 multiples of q; raise q", ps->p->name);
	if (put_points(ps, isint, first, q, n))
		return 0;
	put_range(ps, isint ? "int" : "float", first, clean(first + (n - 1) *
	    q, q));
	fputs(", step: ", ps->fp);
	hps__wandb_put_num(ps->fp, q);
	fputs("}", ps->fp);
	return 0;
}

/*
 * q_log_uniform_values with q 1: round(X) for X log-uniform in [min, max],
 * which is hpsd's int with log: true. Other q have no hpsd equivalent
 * (a log-scaled int steps by 1).
 */
static int
spec_q_log(struct hps__wandb *w, struct pspec *ps)
{
	const struct hps__ynode *qn = ps->n[P_Q];
	double lo, hi, q = 1;
	int ilo, ihi, iq = 0, rc;

	if ((rc = read_range(w, ps, &lo, &hi, &ilo, &ihi)) != 0 ||
	    (qn != NULL && (rc = hps__wandb_number(w, qn, "q", &q, &iq)) != 0))
		return rc;
	if (q != 1)
		return hps__wandb_err(w, qn, "parameter '%s': q_log_uniform_"
		    "values with q other than 1 has no hpsd equivalent (a "
		    "log-scaled int steps by 1); use q: 1, or list the values "
		    "you want with values: [...]", ps->p->name);
	lo = nearbyint(lo);
	hi = nearbyint(hi);
	if (!(lo >= 1))
		return hps__wandb_err(w, ps->n[P_MIN], "parameter '%s': values "
		    "below 0.5 round to 0, which hpsd's log scale cannot hold; "
		    "make min at least 1", ps->p->name);
	if (!iq)
		fprintf(ps->nfp, "W&B passes 5.0 where hpsd passes 5 (its q "
		    "is 1.0, not 1)");
	if (lo == hi) {
		fprintf(ps->fp, "{value: %.0f}", lo);
		return 0;
	}
	fprintf(ps->fp, "{type: int, min: %.0f, max: %.0f, log: true}", lo,
	    hi);
	return 0;
}

static int
spec_translate(struct hps__wandb *w, struct pspec *ps)
{
	int rc;

	if ((rc = spec_dist(w, ps)) != 0 || (rc = spec_keys(w, ps)) != 0)
		return rc;
	switch (ps->dist) {
	case D_CONSTANT:
		return spec_const(w, ps);
	case D_CATEGORICAL:
		return spec_categorical(w, ps);
	case D_INT_UNIFORM:
		return spec_int_uniform(w, ps);
	case D_UNIFORM:
	case D_LOG_UNIFORM_VALUES:
	case D_LOG_UNIFORM:
		return spec_float(w, ps);
	case D_Q_UNIFORM:
		return spec_q_uniform(w, ps);
	case D_Q_LOG_UNIFORM_VALUES:
	case D_N:
		break;
	}
	return spec_q_log(w, ps);
}

/* W&B's names: [A-Za-z_][A-Za-z0-9_.-]*, which hpsd takes too. */
static int
param_name(struct hps__wandb *w, struct hps__wparam *p,
    const struct hps__ynode *key, const char *prefix)
{
	const char *s = key->text;
	size_t i, len = strlen(s);

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	    *s == '_') || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJK"
	    "LMNOPQRSTUVWXYZ0123456789_.-") != len)
		return hps__wandb_err(w, key, "bad parameter name '%.64s': use "
		    "letters, digits, '_', '.' or '-', starting with a letter "
		    "or '_'", s);
	if (strlen(prefix) + len > HPS__WANDB_NAMEMAX)
		return hps__wandb_err(w, key, "parameter name '%s%.64s' is "
		    "longer than hpsd's %d characters; shorten it", prefix, s,
		    HPS__WANDB_NAMEMAX);
	memcpy(p->name, prefix, strlen(prefix));
	memcpy(p->name + strlen(prefix), s, len + 1);
	p->key = key;
	p->nested = *prefix != '\0';
	p->dotted = strchr(s, '.') != NULL;
	for (i = 0; i < w->nparams; i++)
		if (strcmp(w->params[i].name, p->name) == 0)
			return hps__wandb_err(w, key, "parameter '%s' is given "
			    "twice (first at line %d), once as a dotted name",
			    p->name, w->params[i].key->line);
	return 0;
}

static struct hps__wparam *
param_new(struct hps__wandb *w)
{
	struct hps__wparam *p;
	size_t cap;

	if (w->nparams == w->cap) {
		cap = w->cap ? w->cap * 2 : 16;
		if ((p = realloc(w->params, cap * sizeof *p)) == NULL)
			return NULL;
		w->params = p;
		w->cap = cap;
	}
	p = &w->params[w->nparams];
	memset(p, 0, sizeof *p);
	p->bool_const = -1;
	return p;
}

static int
param_one(struct hps__wandb *w, struct hps__wparam *p,
    const struct hps__ynode *map)
{
	struct pspec ps = {.p = p, .map = map};
	size_t slen, nlen = 0;
	int rc;

	if ((rc = spec_collect(w, &ps)) != 0)
		return rc;
	ps.fp = open_memstream(&p->spec, &slen);
	ps.nfp = open_memstream(&p->note, &nlen);
	if (ps.fp == NULL || ps.nfp == NULL)
		rc = HPS_ENOMEM;
	else
		rc = spec_translate(w, &ps);
	if ((ps.fp != NULL && fclose(ps.fp) != 0) ||
	    (ps.nfp != NULL && fclose(ps.nfp) != 0))
		rc = rc ? rc : HPS_ENOMEM;
	if (rc == 0 && nlen == 0) {
		free(p->note);
		p->note = NULL;
	}
	return rc;
}

static int params_map(struct hps__wandb *, const struct hps__ynode *,
    const char *);

/* name: {parameters: {...}}, a nested dictionary, or one parameter. */
static int
param_entry(struct hps__wandb *w, const struct hps__ynode *key,
    const struct hps__ynode *spec, const char *prefix)
{
	struct hps__wparam *p;
	char sub[HPS__WANDB_NAMEMAX + 2];
	size_t i;
	int rc;

	if ((p = param_new(w)) == NULL)
		return HPS_ENOMEM;
	if ((rc = param_name(w, p, key, prefix)) != 0)
		return rc;
	if (spec->type != HPS__Y_MAP)
		return hps__wandb_err(w, spec, "parameter '%s' must be a "
		    "mapping ({values: [...]}, {min: A, max: B}, ...)",
		    p->name);
	for (i = 0; i < spec->nkids; i += 2)
		if (strcmp(spec->kids[i]->text, "parameters") == 0)
			break;
	if (i < spec->nkids) {
		if (spec->nkids > 2)
			return hps__wandb_err(w, spec->kids[i ? 0 : 2], "a "
			    "nested parameter dictionary holds only "
			    "parameters:; remove '%.64s'",
			    spec->kids[i ? 0 : 2]->text);
		snprintf(sub, sizeof sub, "%s.", p->name);
		return params_map(w, spec->kids[i + 1], sub);
	}
	if ((rc = param_one(w, p, spec)) != 0) {
		free(p->spec);
		free(p->note);
		return rc;
	}
	w->nparams++;
	return 0;
}

static int
by_key(const void *a, const void *b)
{
	const struct hps__ynode *const *x = a, *const *y = b;

	return strcmp(x[0]->text, y[0]->text);
}

/*
 * The entries of a parameters: mapping sorted by name, as W&B walks them
 * (params.py, sorted(d.items())): the order of the grid, of ${args} and
 * of the run config file.
 */
static int
params_map(struct hps__wandb *w, const struct hps__ynode *map,
    const char *prefix)
{
	const struct hps__ynode **kv;
	size_t i;
	int rc = 0;

	if (map->type != HPS__Y_MAP || map->nkids == 0)
		return hps__wandb_err(w, map, "parameters must be a mapping of "
		    "at least one name: {...}");
	if ((kv = malloc(map->nkids * sizeof *kv)) == NULL)
		return HPS_ENOMEM;
	memcpy(kv, map->kids, map->nkids * sizeof *kv);
	qsort(kv, map->nkids / 2, 2 * sizeof *kv, by_key);
	for (i = 0; i < map->nkids && rc == 0; i += 2)
		rc = param_entry(w, kv[i], kv[i + 1], prefix);
	free(kv);
	return rc;
}

int
hps__wandb_params(struct hps__wandb *w, const struct hps__ynode *root)
{
	if (w->top[T_PARAMETERS] == NULL)
		return hps__wandb_err(w, root, "a W&B sweep needs parameters: "
		    "{name: {values: [...]}, ...}");
	return params_map(w, w->top[T_PARAMETERS], "");
}

void
hps__wandb_put_params(struct hps__wandb *w)
{
	const struct hps__wparam *p;
	size_t i;

	fputs("parameters:\n", w->fp);
	for (i = 0; i < w->nparams; i++) {
		p = &w->params[i];
		fprintf(w->fp, "  %s: %s", p->name, p->spec);
		if (p->note != NULL)
			fprintf(w->fp, "  # %s", p->note);
		fputc('\n', w->fp);
	}
}

void
hps__wandb_params_free(struct hps__wandb *w)
{
	size_t i;

	for (i = 0; i < w->nparams; i++) {
		free(w->params[i].spec);
		free(w->params[i].note);
	}
	free(w->params);
	w->params = NULL;
	w->nparams = w->cap = 0;
}
