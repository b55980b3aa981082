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
 *
 * Points the study was given (warm_start.points, hps enqueue) or imported
 * (warm_start.from) are grid points already done: the scan skips them
 * too, so the grid's own suggestions and those points cover the grid
 * once, and the method is exhausted when they have. A point given when
 * the grid had made i suggestions is skipped only where the scan looks
 * for suggestion i or later; a grid point already proposed before it
 * came is not taken back, and the scan after a restart makes the same
 * choices as the one before. The grid keeps a hash table of the given
 * points (their hash, that index, and where the ask lists them, to
 * compare exactly), not the history.
 */
#include <stdlib.h>
#include <string.h>

#include "hps/branch.h"
#include "hps/error.h"
#include "hps/point.h"
#include "hps/rng.h"
#include "hps/search.h"

/* Luby and Rackoff ask for 4 rounds; more is cheap and mixes small
 * domains (a few bits per half) better. */
#define GRID_ROUNDS 8
/* Stream of the seed's generator that grid keys come from ("grid"). */
#define GRID_STREAM 0x67726964ULL

/* A given point in the table: its hash, the suggestion from which it is
 * skipped, and its place in ask->given. */
struct grid_given {
	uint64_t hash;
	uint64_t from;
	size_t at;
	int used;
};

struct grid {
	const struct hps_space *sp;
	struct hps_branches *br;
	uint64_t n;			/* combinations, saturated */
	int half;			/* bits in each Feistel half */
	uint64_t keys[GRID_ROUNDS];
	uint64_t shear;			/* key of the digit shear */
	int listed;			/* order: listed */
	uint64_t next_k, next_pos;	/* with constraints: the scan */
	struct grid_given *given;	/* open addressing, a power of two */
	size_t givencap, ngiven;	/* slots, and points read from asks */
	size_t nslots;			/* slots used */
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

/* The slot of point vals (hash h) in the table, or the empty slot where
 * it goes. */
static struct grid_given *
grid_slot(const struct grid *g, const struct hps_ask *ask, uint64_t h,
    const struct hps_value *vals)
{
	size_t mask = g->givencap - 1, i = (size_t)h & mask;
	struct grid_given *e;

	for (;; i = (i + 1) & mask) {
		e = &g->given[i];
		if (!e->used || (e->hash == h && hps_point_equal(g->sp,
		    ask->given[e->at].params, vals)))
			return e;
	}
}

/* Twice the slots, the entries placed again. */
static int
grid_grow(struct grid *g)
{
	struct grid_given *old = g->given, *e;
	size_t n = g->givencap, i, mask;

	g->givencap = n ? n * 2 : 64;
	if ((g->given = calloc(g->givencap, sizeof *g->given)) == NULL) {
		g->given = old;
		g->givencap = n;
		return HPS_ENOMEM;
	}
	mask = g->givencap - 1;
	for (i = 0; i < n; i++) {
		if (!old[i].used)
			continue;
		for (e = &g->given[old[i].hash & mask]; e->used;
		    e = &g->given[(size_t)(e - g->given + 1) & mask])
			;
		*e = old[i];
	}
	free(old);
	return 0;
}

/* The given points the table lacks, from the ask. */
static int
grid_read_given(struct grid *g, const struct hps_ask *ask)
{
	const struct hps_given *p;
	struct grid_given *e;
	uint64_t h;
	int rc;

	for (; g->ngiven < ask->ngiven; g->ngiven++) {
		if ((g->nslots + 1) * 2 > g->givencap &&
		    (rc = grid_grow(g)) != 0)
			return rc;
		p = &ask->given[g->ngiven];
		h = hps_point_hash(g->sp, p->params);
		e = grid_slot(g, ask, h, p->params);
		if (e->used) {
			e->from = p->index < e->from ? p->index : e->from;
			continue;
		}
		*e = (struct grid_given){h, p->index, g->ngiven, 1};
		g->nslots++;
	}
	return 0;
}

/* Whether the scan looking for suggestion k passes over point vals. */
static int
grid_skips(const struct grid *g, const struct hps_ask *ask, uint64_t k,
    const struct hps_value *vals)
{
	const struct grid_given *e;

	if (!hps_space_feasible(g->sp, vals))
		return 1;
	if (g->nslots == 0)
		return 0;
	e = grid_slot(g, ask, hps_point_hash(g->sp, vals), vals);
	return e->used && e->from <= k;
}

/* The index-th point that satisfies the constraints and was not given,
 * scanning on. */
static int
grid_scan(struct grid *g, const struct hps_ask *ask, struct hps_value *out)
{
	int rc;

	if (ask->index != g->next_k)
		g->next_k = g->next_pos = 0;
	for (; g->next_pos < g->n; g->next_pos++) {
		if ((rc = grid_point(g, g->next_pos, out)) != 0)
			return rc;
		if (grid_skips(g, ask, g->next_k, out)) {
			grid_clear(g, out, g->sp->nparams);
			continue;
		}
		if (g->next_k++ == ask->index) {
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
	int rc;

	if ((rc = grid_read_given(g, ask)) != 0)
		return rc;
	if (g->sp->nconstraints > 0 || g->nslots > 0)
		return grid_scan(g, ask, out);
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
	free(g->given);
	free(g);
}

const struct hps_search_type hps_search_grid = {
	.name = "grid",
	.alloc = grid_alloc,
	.suggest = grid_suggest,
	.free = grid_free,
	.given = 1,
};
