/*
 * Grid search: every combination of the parameters' grid points exactly
 * once, in an order shuffled by the study's seed, or with grid: {order:
 * listed} in the order itertools.product walks the lists (as W&B's grid
 * does): parameters in the file's order, the last changing fastest, each
 * one's values in their own order.
 *
 * It keeps no record of what it has proposed. Suggestion number k is
 * combination perm(k), where perm is a keyed pseudo-random bijection on
 * [0, N): a Feistel network over the smallest even power of two that holds
 * N, with cycle walking to stay below N (Black and Rogaway's construction
 * for ciphers on arbitrary domains). Because k is the number of trials the
 * study already has, a restarted daemon continues the same order, parallel
 * slots never receive the same point, and a grid of 10^12 points costs no
 * more memory than one of 9.
 *
 * In a space with conditions the combinations are those of its branches
 * (hps/branch.h): a parameter that does not apply in a branch takes no
 * value there, so two points never differ in an inactive parameter alone,
 * and combination c is a point of the branch whose range holds it. With
 * constraints, suggestion k is the k-th point of the order that satisfies
 * them: a scan that goes on from the last suggestion's place, or starts
 * again from the first point after a restart (k / feasible share decodes).
 */
#include <stdlib.h>
#include <string.h>

#include "hps/branch.h"
#include "hps/error.h"
#include "hps/rng.h"
#include "hps/search.h"

/* Luby and Rackoff ask for 4 rounds; more is cheap and mixes small
 * domains (a few bits per half) better. */
#define GRID_ROUNDS 8
/* Stream of the seed's generator that grid keys come from ("grid"). */
#define GRID_STREAM 0x67726964ULL

struct grid {
	const struct hps_space *sp;
	struct hps_branches *br;
	uint64_t n;			/* combinations, saturated */
	int half;			/* bits in each Feistel half */
	uint64_t keys[GRID_ROUNDS];
	uint64_t shear;			/* key of the digit shear */
	int listed;			/* order: listed */
	uint64_t next_k, next_pos;	/* with constraints: the scan */
};

static const struct hps_optspec grid_spec[] = {
	{"order", HPS_OPTSPEC_STR, 0, 0, "shuffled|listed"},
	{NULL, 0, 0, 0, NULL},
};

/* Bits needed to write x (0 for 0). */
static int
grid_bits(uint64_t x)
{
	int b = 0;

	while (x != 0) {
		b++;
		x >>= 1;
	}
	return b;
}

/* One pass of the Feistel network over 2 * g->half bits. */
static uint64_t
grid_feistel(const struct grid *g, uint64_t x)
{
	uint64_t mask = (1ULL << g->half) - 1;
	uint64_t l = x >> g->half, r = x & mask, t;
	int i;

	for (i = 0; i < GRID_ROUNDS; i++) {
		t = l ^ (hps_mix64(r ^ g->keys[i]) & mask);
		l = r;
		r = t;
	}
	return (l << g->half) | r;
}

/*
 * The k-th combination, k < n. Cycle walking stays a bijection on [0, n)
 * and ends because k's own cycle returns below n; the domain is under 4n,
 * so it takes fewer than 4 passes on average.
 */
static uint64_t
grid_perm(const struct grid *g, uint64_t k)
{
	uint64_t x = k;

	if (g->n <= 1)
		return 0;
	do
		x = grid_feistel(g, x);
	while (x >= g->n);
	return x;
}

/* (a + b) mod m for a, b < m, without overflow. */
static uint64_t
grid_addmod(uint64_t a, uint64_t b, uint64_t m)
{
	return a >= m - b ? a - (m - b) : a + b;
}

static void
grid_clear(const struct grid *g, struct hps_value *out, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < g->sp->nparams; i++)
		hps_value_clear(&out[i]);
}

/*
 * Split combination c into one grid index per parameter active in its
 * branch by mixed radix, then shift each digit by a hash of the digits
 * before it. The shift is a bijection of the whole grid (the earlier
 * digits are recovered first, so each shift can be undone), so distinct c
 * still give distinct points. It matters when the grid has more than 2^64
 * points: c then covers only a prefix of the mixed-radix range, and
 * without the shift the last parameters would be stuck at their first
 * values.
 */
static int
grid_decode(const struct grid *g, uint64_t c, struct hps_value *out)
{
	uint64_t acc = g->shear, d, s;
	size_t i, k = hps_branches_find(g->br, c);
	int error;

	c -= hps_branches_start(g->br, k);
	for (i = 0; i < g->sp->nparams; i++) {
		out[i] = (struct hps_value){HPS_V_NONE, 0, NULL};
		if (!hps_branches_active(g->br, k, i))
			continue;
		s = hps_branches_radix(g->br, k, i);
		d = c % s;
		c /= s;
		error = hps_param_grid_value(&g->sp->params[i],
		    hps_branches_value(g->br, k, i, grid_addmod(d, acc % s, s)),
		    &out[i]);
		if (error != 0) {
			grid_clear(g, out, i);
			return error;
		}
		acc = hps_mix64(acc ^ d);
	}
	return 0;
}

/* Combination c in product order: branch by branch, mixed radix, the
 * last digit fastest. */
static int
grid_decode_listed(const struct grid *g, uint64_t c, struct hps_value *out)
{
	size_t i = g->sp->nparams, k = hps_branches_find(g->br, c);
	uint64_t s;
	int error;

	c -= hps_branches_start(g->br, k);
	while (i-- > 0) {
		out[i] = (struct hps_value){HPS_V_NONE, 0, NULL};
		if (!hps_branches_active(g->br, k, i))
			continue;
		s = hps_branches_radix(g->br, k, i);
		error = hps_param_grid_value(&g->sp->params[i],
		    hps_branches_value(g->br, k, i, c % s), &out[i]);
		if (error != 0) {
			grid_clear(g, out + i + 1, g->sp->nparams - i - 1);
			return error;
		}
		c /= s;
	}
	return 0;
}

/* Name the first parameter without a finite grid, for the error. */
static int
grid_no_grid(const struct hps_space *sp, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++) {
		if (hps_param_grid_size(&sp->params[i]) == 0)
			break;
	}
	return hps_errf(err, errlen, HPS_EINVAL,
	    "grid search: parameter %s has no grid points; give a float "
	    "a step or grid_points", i < sp->nparams ?
	    sp->params[i].name : "?");
}

static void
grid_keys(struct grid *g, uint64_t seed)
{
	struct hps_rng r;
	int i;

	hps_rng_seed2(&r, seed, GRID_STREAM);
	for (i = 0; i < GRID_ROUNDS; i++)
		g->keys[i] = hps_rng_next(&r);
	g->shear = hps_rng_next(&r);
	g->half = (grid_bits(g->n - 1) + 1) / 2;
	if (g->half == 0)
		g->half = 1;
}

/* The space's branches, or the reason a grid cannot walk them. */
static int
grid_branches(struct grid *g, const struct hps_space *sp, char *err,
    size_t errlen)
{
	int rc = hps_branches_new(sp, HPS_BRANCHES_MAX, &g->br);

	if (rc == HPS_ETOOBIG)
		return hps_errf(err, errlen, HPS_EINVAL, "grid search: the "
		    "conditions (when:, per:) make more than %d branches; give"
		    " the parameters they name fewer values or use another "
		    "method", HPS_BRANCHES_MAX);
	if (rc != 0)
		return hps_errf(err, errlen, rc, "out of memory");
	if ((g->n = hps_branches_total(g->br)) == 0)
		return grid_no_grid(sp, err, errlen);
	return 0;
}

static void grid_free(void *state);

static int
grid_alloc(void **state, const struct hps_space *sp, char *err,
    size_t errlen)
{
	const struct hps_section *s = hps_space_section(sp, "grid");
	struct grid *g;
	int rc;

	*state = NULL;
	if ((rc = hps_section_check(sp, s, grid_spec, err, errlen)) != 0)
		return rc;
	if ((g = calloc(1, sizeof *g)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	g->sp = sp;
	if ((rc = grid_branches(g, sp, err, errlen)) != 0) {
		grid_free(g);
		return rc;
	}
	grid_keys(g, sp->seed);
	g->listed = strcmp(hps_section_str(s, "order", "shuffled"),
	    "listed") == 0;
	*state = g;
	return 0;
}

/* Combination number pos of the order. */
static int
grid_point(const struct grid *g, uint64_t pos, struct hps_value *out)
{
	if (g->listed)
		return grid_decode_listed(g, pos, out);
	return grid_decode(g, grid_perm(g, pos), out);
}

/* The index-th point that satisfies the constraints, scanning on. */
static int
grid_scan(struct grid *g, uint64_t index, struct hps_value *out)
{
	int rc;

	if (index != g->next_k)
		g->next_k = g->next_pos = 0;
	for (; g->next_pos < g->n; g->next_pos++) {
		if ((rc = grid_point(g, g->next_pos, out)) != 0)
			return rc;
		if (!hps_space_feasible(g->sp, out)) {
			grid_clear(g, out, g->sp->nparams);
			continue;
		}
		if (g->next_k++ == index) {
			g->next_pos++;
			return 0;
		}
		grid_clear(g, out, g->sp->nparams);
	}
	return HPS_EEXHAUSTED;
}

static int
grid_suggest(void *state, const struct hps_ask *ask, struct hps_value *out)
{
	struct grid *g = state;

	if (g->sp->nconstraints > 0)
		return grid_scan(g, ask->index, out);
	if (ask->index >= g->n)
		return HPS_EEXHAUSTED;
	return grid_point(g, ask->index, out);
}

static void
grid_free(void *state)
{
	struct grid *g = state;

	if (g == NULL)
		return;
	hps_branches_free(g->br);
	free(g);
}

const struct hps_search_type hps_search_grid = {
	.name = "grid",
	.alloc = grid_alloc,
	.suggest = grid_suggest,
	.free = grid_free,
};
