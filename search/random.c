/*
 * Random search: each configuration is drawn independently.
 *
 * Suggestion k uses its own generator seeded from (study seed, k), so it
 * depends on nothing else: the same seed gives the same sequence, and a
 * restarted daemon, whose next k is the number of trials the study has,
 * continues that sequence instead of replaying it. Plain independent draws
 * rather than a low-discrepancy (Sobol) sequence: they need no tables,
 * stay valid for any number of parameters, mix freely with categorical
 * choices, and random search's guarantees (Bergstra and Bengio, 2012) are
 * stated for them.
 *
 * With conditions a draw is top-down in effect: every parameter is drawn
 * from its own distribution and those that do not apply under the values
 * drawn for their parents are then dropped, which draws each branch as
 * often as its switches' values do and each active parameter as the
 * space says. Constraints are met by rejection: draws from the same
 * generator until one satisfies them (hps submit refuses a space where
 * fewer than 1 in 10^4 do, so that takes 10^4 draws at the most likely).
 */
#include <math.h>
#include <stdlib.h>

#include "hps/error.h"
#include "hps/rng.h"
#include "hps/search.h"

/* Draws before a suggestion gives up: at the feasible share hps submit
 * accepts, failing is a chance of e^-100. */
#define RANDOM_TRIES (1L << 20)

/* A draw log-uniform in [lo, hi], 0 < lo <= hi, kept inside it. */
static double
random_loguniform(struct hps_rng *r, double lo, double hi)
{
	double x;

	x = exp(log(lo) + hps_rng_uniform(r) * (log(hi) - log(lo)));
	return x < lo ? lo : x > hi ? hi : x;
}

/*
 * A log-scaled draw on a stepped range (log ints, log floats with a step):
 * log-uniform over [min - step/2, max + step/2], rounded to the nearest
 * point. Each point gets the stretch of the line that rounds to it, so the
 * end points are not drawn half as often as their neighbours. The lower
 * edge stays positive for the logarithm.
 */
static uint64_t
random_log_step(struct hps_rng *r, const struct hps_param *p, double step,
    uint64_t n)
{
	double lo = fmax(p->min - step / 2, p->min / 2), k;

	k = round((random_loguniform(r, lo, p->max + step / 2) - p->min) /
	    step);
	if (!(k > 0))
		return 0;
	return k >= (double)(n - 1) ? n - 1 : (uint64_t)k;
}

/* A stepped parameter (int, float with step): pick one grid point. */
static int
random_stepped(struct hps_rng *r, const struct hps_param *p,
    struct hps_value *out)
{
	uint64_t n = hps_param_grid_size(p), k;
	double step = p->step > 0 ? p->step : 1;

	if (n == 0)
		return HPS_EINVAL;
	if (p->log && p->min > 0)
		k = random_log_step(r, p, step, n);
	else
		k = hps_rng_below(r, n);
	return hps_param_grid_value(p, k, out);
}

/* A continuous float: uniform or log-uniform in [min, max]. */
static void
random_float(struct hps_rng *r, const struct hps_param *p,
    struct hps_value *out)
{
	double x;

	out->kind = HPS_V_FLOAT;
	out->str = NULL;
	if (p->log && p->min > 0) {
		out->num = random_loguniform(r, p->min, p->max);
		return;
	}
	x = p->min + hps_rng_uniform(r) * (p->max - p->min);
	out->num = x > p->max ? p->max : x;
}

static int
random_param(struct hps_rng *r, const struct hps_param *p,
    struct hps_value *out)
{
	switch (p->type) {
	case HPS_P_CONST:
		return hps_value_copy(out, &p->values[0]);
	case HPS_P_CAT:
		if (p->nvalues == 0)
			return HPS_EINVAL;
		return hps_value_copy(out, &p->values[hps_rng_below(r,
		    p->nvalues)]);
	case HPS_P_INT:
		return random_stepped(r, p, out);
	case HPS_P_FLOAT:
		if (p->step > 0)
			return random_stepped(r, p, out);
		random_float(r, p, out);
		return 0;
	}
	return HPS_EINVAL;
}

/* Stateless: everything a draw needs is in the ask. */
static int
random_alloc(void **state, const struct hps_space *sp, char *err,
    size_t errlen)
{
	(void)sp;
	(void)err;
	(void)errlen;
	*state = NULL;
	return 0;
}

int
hps_random_draw(const struct hps_space *sp, struct hps_rng *r,
    struct hps_value *out)
{
	size_t i;
	int error;

	for (i = 0; i < sp->nparams; i++) {
		error = random_param(r, &sp->params[i], &out[i]);
		if (error != 0) {
			while (i-- > 0)
				hps_value_clear(&out[i]);
			return error;
		}
	}
	hps_space_deactivate(sp, out);
	return 0;
}

static int
random_suggest(void *state, const struct hps_ask *ask, struct hps_value *out)
{
	const struct hps_space *sp = ask->space;
	struct hps_rng r;
	long k;
	size_t i;
	int error;

	(void)state;
	hps_rng_seed2(&r, sp->seed, ask->index);
	for (k = 0; k < RANDOM_TRIES; k++) {
		if ((error = hps_random_draw(sp, &r, out)) != 0)
			return error;
		if (hps_space_feasible(sp, out))
			return 0;
		for (i = 0; i < sp->nparams; i++)
			hps_value_clear(&out[i]);
	}
	return HPS_EEXHAUSTED;
}

static void
random_free(void *state)
{
	(void)state;
}

const struct hps_search_type hps_search_random = {
	.name = "random",
	.alloc = random_alloc,
	.suggest = random_suggest,
	.free = random_free,
};
