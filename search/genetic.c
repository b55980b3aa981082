/*
 * Genetic search: an asynchronous steady-state (mu + 1) evolutionary
 * strategy for a daemon whose trials finish one at a time, in any order.
 *
 * There are no generations. Every finished trial competes for a place in
 * the population as soon as it is seen (by default it replaces the worst
 * member if it is no worse), and every free slot gets one child bred from
 * the population as it stands: two tournaments pick the parents,
 * simulated binary crossover and polynomial mutation (Deb) act on the
 * numeric dimensions of the unit-space encoding (hps/encode.h), uniform
 * crossover and resampling on the categorical ones, and decoding rounds
 * ints and stepped floats back onto their grids. The first `population`
 * trials are scrambled Sobol points, so the start covers the space evenly.
 *
 * The defaults are tuned for a few hundred trials (bench/search/GENETIC.md:
 * at 300 trials a median regret 3 to 700 times lower than with a
 * population of 50, binary tournaments and Deb's eta 15 and 20): a
 * population of 30; a lead parent that wins a tournament of 100 draws, so
 * nearly always the best member, mated with a binary tournament's winner;
 * a wide SBX spread (eta 1) keeping the offspring on the lead parent's
 * side, so that a child is a variation of the best point; and mutations
 * of two sizes, fine ones (eta 50) that refine and, three in five, wide
 * ones (eta 1) that carry a coordinate into another basin. The wide ones
 * are what makes so greedy a search safe on multimodal functions: without
 * them a small population settles in a local minimum of Styblinski-Tang
 * in three runs of four.
 *
 * Replacing the worst rather than the oldest (regularized evolution,
 * Real et al. 2019) gave lower regret on every benchmark function at 300
 * trials, and on all but Rosenbrock-4 at 1,000 (bench/search/GENETIC.md):
 * ageing discards the best member, the point the lead parent breeds from.
 * `replace: oldest` stays for noisy objectives, where a lucky value should
 * not live forever.
 *
 * The population has no state file: it is a pure function of the
 * finished trials in the order they finished, folded in from where the
 * last ask stopped. A restarted daemon hands a fresh instance the whole
 * history, which folds to the same population, and suggestion k draws
 * only from its own generator seeded with (study seed, k), so a study
 * resumes exactly where it was.
 *
 * A child that decodes to a configuration already finished, running or
 * queued is mutated again, harder each time; then fresh random points are
 * tried; a finite space is finally scanned point by point, so
 * HPS_EEXHAUSTED means every point of it is taken.
 *
 * In a space with conditions, crossover and mutation act on the
 * dimensions active in the lead parent (an inactive coordinate,
 * HPS_ENC_INACTIVE, is never crossed or mutated), and a child whose
 * switches changed, by crossover or mutation, takes the parameters of its
 * new branch from the mate where the mate has them, else fresh
 * (hps_encoding_canon). A child that breaks a constraint counts as taken,
 * so it is mutated again or replaced like a duplicate.
 *
 * With outcome limits (limits:), a trial outside them (infeasible) ranks
 * after every feasible one, and infeasible ones rank among themselves by
 * how far they break the limits (hps_multi_violation), so that while no
 * trial is feasible the search still moves towards the limits. Failures
 * rank last.
 *
 * With several objectives the population is kept as SMS-EMOA keeps it
 * (Beume et al. 2007), its steady-state form: a newcomer joins, and the
 * member of the worst non-dominated rank that adds least hypervolume to
 * that rank leaves (hps_pareto_order), the newcomer itself when it is
 * that one. Each member's place in that order (0 the best) is its
 * fitness for the tournaments. The hypervolumes are taken against the
 * population's own nadir pushed out by a tenth of each objective's
 * range, so the ends of the front add volume too and are kept.
 * The lead parent's tournament of 100 then nearly always picks the
 * member that adds most hypervolume, beside the widest gap of the front
 * or at one of its ends: at 300 trials that gave a median hypervolume
 * about twice a binary tournament's on ZDT1 and ZDT3, and 5% less on
 * DTLZ2 (bench/search/README.md, "Several objectives").
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hps/encode.h"
#include "hps/error.h"
#include "hps/multi.h"
#include "hps/pareto.h"
#include "hps/rng.h"
#include "hps/search.h"
#include "hps/sobol.h"

/* Re-mutations of a duplicate child, then random draws, before a scan;
 * with constraints, the random draws go on for one that satisfies them
 * (hps submit refuses a space where fewer than 1 in 10^4 points do). */
#define GENETIC_REMUTATE 16
#define GENETIC_RANDOM 64
#define GENETIC_RANDOM_FEASIBLE (1 << 18)
/* The distribution index of a wide mutation. */
#define GENETIC_ETA_WIDE 1
/* An empty slot of the table of finished trials. */
#define GENETIC_EMPTY SIZE_MAX

enum genetic_replace {
	GENETIC_WORST,
	GENETIC_OLDEST,
};

struct genetic_opts {
	size_t population;
	size_t lead;		/* the first parent's tournament */
	size_t tournament;	/* its mate's */
	double pc;		/* crossover probability */
	double eta_c;		/* SBX distribution index */
	double pm;		/* per-dimension mutation probability */
	double eta_m;		/* polynomial mutation distribution index */
	double wide;		/* share of mutations with GENETIC_ETA_WIDE */
	enum genetic_replace replace;
};

/*
 * The finished trials by a hash of their values, so that a duplicate is
 * found in constant time however long the study. Slots hold an index into
 * ask->done: the values themselves live in the caller's records.
 */
struct genetic_seen {
	uint64_t *hash;
	size_t *idx;
	size_t cap;		/* a power of two */
	size_t n;
};

struct genetic {
	const struct hps_space *sp;
	struct hps_encoding enc;
	size_t d;
	struct hps_sobol *sobol;	/* NULL: no dims, or too many */
	struct genetic_opts opt;
	uint64_t finite;	/* points of a discrete space, 0: infinite */

	double *x;		/* population: npop points of d coordinates */
	double *fit;		/* minimised; failures are +inf; with several
				   objectives, the member's place */
	double *viol;		/* how far outside the limits: 0 feasible,
				   +inf failed; ranks before fit */
	size_t *born;		/* the done[] index each member came from */
	size_t m;		/* objectives, when several; else 0 */
	double *y;		/* their minimised values, m per member (one
				   with one objective, unused) */
	size_t *order, *fidx;	/* workspace, population + 1 each */
	double *yf, *ref;	/* the feasible members' rows, the reference */
	size_t npop;
	size_t worst;		/* index of the worst member */
	size_t next;		/* slot of the oldest member, when full */

	size_t consumed;	/* done[] entries folded in */
	long last;		/* number of the last one, to detect a rewind */
	struct genetic_seen seen;
	uint64_t *phash;	/* this ask's pending trials' hashes */
	size_t phcap;

	double *child;		/* workspace: d coordinates */
};

static const struct hps_optspec genetic_spec[] = {
	{"population", HPS_OPTSPEC_INT, 2, 100000, NULL},
	{"tournament", HPS_OPTSPEC_INT, 2, 100000, NULL},
	{"lead_tournament", HPS_OPTSPEC_INT, 1, 100000, NULL},
	{"crossover_prob", HPS_OPTSPEC_NUM, 0, 1, NULL},
	{"eta_crossover", HPS_OPTSPEC_NUM, 0, 1000, NULL},
	{"mutation_prob", HPS_OPTSPEC_NUM, 0, 1, NULL},
	{"eta_mutation", HPS_OPTSPEC_NUM, 0, 1000, NULL},
	{"wide_mutation", HPS_OPTSPEC_NUM, 0, 1, NULL},
	{"replace", HPS_OPTSPEC_STR, 0, 0, "worst|oldest"},
	{NULL, 0, 0, 0, NULL},
};

/* FNV-1a over a string, for hashing categorical choices. */
static uint64_t
genetic_strhash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; s != NULL && *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* A hash of a configuration, equal whenever hps_value_eq says equal. */
static uint64_t
genetic_hash(const struct hps_space *sp, const struct hps_value *v)
{
	uint64_t h = 0, bits;
	double num;
	size_t i;

	for (i = 0; i < sp->nparams; i++) {
		if (hps_value_has_str(&v[i]))
			bits = genetic_strhash(v[i].str);
		else {
			num = v[i].num + 0.0;	/* -0 and 0 are equal */
			memcpy(&bits, &num, sizeof bits);
		}
		h = hps_mix64(h ^ hps_mix64(bits ^ (uint64_t)v[i].kind));
	}
	return h;
}

static int
seen_init(struct genetic_seen *s, size_t cap)
{
	size_t i;

	s->hash = calloc(cap, sizeof *s->hash);
	s->idx = calloc(cap, sizeof *s->idx);
	if (s->hash == NULL || s->idx == NULL) {
		free(s->hash);
		free(s->idx);
		return HPS_ENOMEM;
	}
	for (i = 0; i < cap; i++)
		s->idx[i] = GENETIC_EMPTY;
	s->cap = cap;
	s->n = 0;
	return 0;
}

static void
seen_put(struct genetic_seen *s, uint64_t h, size_t idx)
{
	size_t slot = (size_t)h & (s->cap - 1);

	while (s->idx[slot] != GENETIC_EMPTY)
		slot = (slot + 1) & (s->cap - 1);
	s->hash[slot] = h;
	s->idx[slot] = idx;
	s->n++;
}

/* Make room for n entries in all, keeping the table half empty. */
static int
seen_reserve(struct genetic_seen *s, size_t n)
{
	struct genetic_seen t;
	size_t i, cap = s->cap;

	while (2 * n > cap)
		cap *= 2;
	if (cap == s->cap)
		return 0;
	if (seen_init(&t, cap) != 0)
		return HPS_ENOMEM;
	for (i = 0; i < s->cap; i++)
		if (s->idx[i] != GENETIC_EMPTY)
			seen_put(&t, s->hash[i], s->idx[i]);
	free(s->hash);
	free(s->idx);
	*s = t;
	return 0;
}

static void
seen_clear(struct genetic_seen *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		s->idx[i] = GENETIC_EMPTY;
	s->n = 0;
}

/* Whether a finished trial has these values. */
static int
seen_has(const struct genetic_seen *s, const struct hps_ask *ask, uint64_t h,
    const struct hps_value *v)
{
	size_t slot = (size_t)h & (s->cap - 1), i;

	for (; (i = s->idx[slot]) != GENETIC_EMPTY;
	    slot = (slot + 1) & (s->cap - 1))
		if (s->hash[slot] == h &&
		    hps_values_eq(ask->done[i].params, v, ask->space->nparams))
			return 1;
	return 0;
}

/*
 * The fitness to minimise. Failures, timeouts and infeasible trials (no
 * objective: hps/search.h) are worst; a pruned trial
 * arrives with has_objective only when the early-stopping rule lets its
 * last value stand, and is worst otherwise.
 */
static double
genetic_fitness(const struct hps_space *sp, const struct hps_trial_rec *t)
{
	if (!t->has_objective || t->state == HPS_T_FAILED ||
	    t->state == HPS_T_TIMEOUT || !isfinite(t->objective))
		return INFINITY;
	return sp->goal == HPS_MAXIMIZE ? -t->objective : t->objective;
}

/*
 * A finished trial's rank keys: its violation of the limits (0 when
 * feasible, +inf when failed or when its objectives are missing), and
 * with limits or several objectives its minimised objectives into y
 * (an infeasible trial's too, so one objective still orders the
 * infeasible ones of equal violation).
 */
static double
genetic_keys(const struct genetic *g, const struct hps_trial_rec *t,
    double *y)
{
	double v;

	if (g->m == 0 && g->sp->nlimits == 0) {
		y[0] = genetic_fitness(g->sp, t);
		return isfinite(y[0]) ? 0 : INFINITY;
	}
	if (t->state == HPS_T_FAILED || t->state == HPS_T_TIMEOUT ||
	    !hps_multi_point(g->sp, t, y)) {
		y[0] = INFINITY;
		return INFINITY;
	}
	v = t->has_objective ? 0 : hps_multi_violation(g->sp, t);
	/* infeasible for a reason the limits do not show */
	return v > 0 || t->has_objective ? v : INFINITY;
}

/* Whether member a ranks before member b. */
static int
genetic_before(const struct genetic *g, size_t a, size_t b)
{
	if (g->viol[a] != g->viol[b])
		return g->viol[a] < g->viol[b];
	return g->fit[a] < g->fit[b];
}

/* The worst member, the oldest among equals. */
static size_t
genetic_worst(const struct genetic *g)
{
	size_t i, v = 0;

	for (i = 1; i < g->npop; i++)
		if (genetic_before(g, v, i) || (!genetic_before(g, i, v) &&
		    g->born[i] < g->born[v]))
			v = i;
	return v;
}

/*
 * Members 0..n-1 best first into order (with several objectives): the
 * feasible ones by hps_pareto_order, then the others by violation, the
 * newest first among equals, so that the oldest of equals comes last.
 * HPS_ENOMEM when the ordering runs out of memory.
 */
static int
genetic_order(struct genetic *g, size_t n)
{
	size_t i, j, nf = 0, k;

	for (i = 0; i < n; i++)
		if (g->viol[i] == 0) {
			memcpy(g->yf + nf * g->m, g->y + i * g->m,
			    g->m * sizeof *g->y);
			g->fidx[nf++] = i;
		}
	/* their nadir pushed out by a tenth of each objective's range */
	hps_pareto_reference(g->yf, nf, g->m, NULL, NULL, g->ref);
	if (nf > 0 && hps_pareto_order(g->yf, nf, g->m, g->ref, g->order) != 0)
		return HPS_ENOMEM;
	for (k = 0; k < nf; k++)
		g->order[k] = g->fidx[g->order[k]];
	for (i = 0; i < n; i++) {
		if (g->viol[i] == 0)
			continue;
		for (j = k++; j > nf && (g->viol[g->order[j - 1]] > g->viol[i] ||
		    (g->viol[g->order[j - 1]] == g->viol[i] &&
		    g->born[g->order[j - 1]] < g->born[i])); j--)
			g->order[j] = g->order[j - 1];
		g->order[j] = i;
	}
	return 0;
}

/* Each member's place in genetic_order as its fitness. */
static int
genetic_places(struct genetic *g)
{
	size_t k;
	int rc;

	if ((rc = genetic_order(g, g->npop)) != 0)
		return rc;
	for (k = 0; k < g->npop; k++)
		g->fit[g->order[k]] = (double)k;
	return 0;
}

/*
 * The member a newcomer (in slot npop, past the population) replaces in
 * a full population, or SIZE_MAX when it stays out. Members join in the
 * order they finished, each taking the oldest's slot, so the oldest is
 * always the next slot round.
 */
static int
genetic_victim(struct genetic *g, size_t *v)
{
	int rc;

	/* Everyone ages out, failures included; they lose every
	 * tournament meanwhile. */
	*v = g->next;
	if (g->opt.replace == GENETIC_OLDEST)
		return 0;
	/* A failure never displaces anything. */
	*v = SIZE_MAX;
	if (!isfinite(g->viol[g->npop]))
		return 0;
	if (g->m > 0) {
		/* SMS-EMOA: the last of all, the newcomer included */
		if ((rc = genetic_order(g, g->npop + 1)) != 0)
			return rc;
		*v = g->order[g->npop] == g->npop ? SIZE_MAX :
		    g->order[g->npop];
		return 0;
	}
	/* No worse than the worst is enough: ties let the population drift
	 * across plateaus. */
	if (!genetic_before(g, g->worst, g->npop))
		*v = g->worst;
	return 0;
}

/* Member v from slot s. */
static void
genetic_move(struct genetic *g, size_t v, size_t s)
{
	memmove(g->x + v * g->d, g->x + s * g->d, g->d * sizeof *g->x);
	memmove(g->y + v * g->m, g->y + s * g->m, g->m * sizeof *g->y);
	g->fit[v] = g->fit[s];
	g->viol[v] = g->viol[s];
	g->born[v] = g->born[s];
}

/* Let one finished trial, with its point and keys in slot npop, compete
 * for a place. */
static int
genetic_admit(struct genetic *g)
{
	size_t v = g->npop;
	int rc;

	if (g->npop == g->opt.population) {
		if ((rc = genetic_victim(g, &v)) != 0)
			return rc;
		if (v == SIZE_MAX)
			return 0;
		genetic_move(g, v, g->npop);
	} else
		g->npop++;
	g->next = (v + 1) % g->opt.population;
	if (g->m > 0)
		return genetic_places(g);
	if (g->opt.replace == GENETIC_WORST)
		g->worst = genetic_worst(g);
	return 0;
}

/* A finished trial into slot npop, past the population. */
static void
genetic_slot(struct genetic *g, const struct hps_trial_rec *t, size_t born)
{
	size_t s = g->npop;
	double *x = g->x + s * g->d, *y = g->y + s * (g->m ? g->m : 1);

	hps_encode(&g->enc, t->params, x);
	hps_encoding_snap(&g->enc, x);
	g->viol[s] = genetic_keys(g, t, y);
	g->fit[s] = y[0];
	g->born[s] = born;
}

static void
genetic_reset(struct genetic *g)
{
	g->npop = 0;
	g->worst = g->next = 0;
	g->consumed = 0;
	g->last = -1;
	seen_clear(&g->seen);
}

/*
 * Fold the trials that finished since the last ask into the population.
 * done[] only grows between asks; should it not (a new instance would see
 * the same), start over from the whole history.
 */
static int
genetic_fold(struct genetic *g, const struct hps_ask *ask)
{
	const struct hps_trial_rec *t;
	size_t i;
	int rc;

	if (ask->ndone < g->consumed || (g->consumed > 0 &&
	    ask->done[g->consumed - 1].number != g->last))
		genetic_reset(g);
	if (seen_reserve(&g->seen, g->seen.n + ask->ndone - g->consumed) != 0)
		return HPS_ENOMEM;
	for (i = g->consumed; i < ask->ndone; i++) {
		t = &ask->done[i];
		seen_put(&g->seen, genetic_hash(g->sp, t->params), i);
		genetic_slot(g, t, i);
		if ((rc = genetic_admit(g)) != 0)
			return rc;
		g->consumed = i + 1;
		g->last = t->number;
	}
	return 0;
}

/* Hash this ask's pending trials once, for the duplicate checks. */
static int
genetic_pending(struct genetic *g, const struct hps_ask *ask)
{
	uint64_t *p;
	size_t i;

	if (ask->npending > g->phcap) {
		if ((p = realloc(g->phash, ask->npending * sizeof *p)) == NULL)
			return HPS_ENOMEM;
		g->phash = p;
		g->phcap = ask->npending;
	}
	for (i = 0; i < ask->npending; i++)
		g->phash[i] = genetic_hash(g->sp, ask->pending[i].params);
	return 0;
}

/* Whether a configuration is finished, running or queued already. */
static int
genetic_taken(const struct genetic *g, const struct hps_ask *ask,
    const struct hps_value *v)
{
	uint64_t h = genetic_hash(g->sp, v);
	size_t i;

	for (i = 0; i < ask->npending; i++)
		if (g->phash[i] == h &&
		    hps_values_eq(ask->pending[i].params, v, g->sp->nparams))
			return 1;
	return seen_has(&g->seen, ask, h, v);
}

/* A unit coordinate u in [0, 1) as dimension j's coordinate. */
static double
genetic_coord(const struct genetic *g, size_t j, double u)
{
	const struct hps_dim *dim = &g->enc.dims[j];

	if (dim->kind != HPS_DIM_CAT)
		return u;
	u = floor(u * (double)dim->ncat);
	return u < (double)dim->ncat - 1 ? u : (double)dim->ncat - 1;
}

static void
genetic_random(const struct genetic *g, struct hps_rng *r, double *x)
{
	size_t j;

	for (j = 0; j < g->d; j++)
		x[j] = genetic_coord(g, j, hps_rng_uniform(r));
}

/* A start-up point: Sobol point `index`, so a restart continues them. */
static void
genetic_start(const struct genetic *g, struct hps_rng *r, uint64_t index,
    double *x)
{
	size_t j;

	if (g->sobol == NULL) {
		genetic_random(g, r, x);
		return;
	}
	hps_sobol_point(g->sobol, index, x);
	for (j = 0; j < g->d; j++)
		x[j] = genetic_coord(g, j, x[j]);
}

/* A tournament: the fittest of n members drawn with replacement. */
static size_t
genetic_tournament(const struct genetic *g, struct hps_rng *r, size_t n)
{
	size_t best, c, k;

	best = hps_rng_below(r, g->npop);
	for (k = 1; k < n; k++) {
		c = hps_rng_below(r, g->npop);
		if (genetic_before(g, c, best))
			best = c;
	}
	return best;
}

/* One side of bounded SBX: the spread factor for a draw u. */
static double
genetic_betaq(double u, double beta, double eta)
{
	double alpha = 2 - pow(beta, -(eta + 1));

	if (u <= 1 / alpha)
		return pow(u * alpha, 1 / (eta + 1));
	return pow(1 / (2 - u * alpha), 1 / (eta + 1));
}

/*
 * Simulated binary crossover of a and b on [0, 1] (Deb and Agrawal, with
 * the bounded spread of Deb's NSGA-II code): of the two offspring, the one
 * on a's side of the midpoint.
 */
static double
genetic_sbx(struct hps_rng *r, double a, double b, double eta)
{
	double y1 = fmin(a, b), y2 = fmax(a, b), d = y2 - y1, beta, c;

	if (d < 1e-14)
		return a;
	/* The spread is bounded by the distance from a's side to its bound. */
	beta = a < b ? 1 + 2 * y1 / d : 1 + 2 * (1 - y2) / d;
	c = genetic_betaq(hps_rng_uniform(r), beta, eta) * d / 2;
	c = a < b ? (y1 + y2) / 2 - c : (y1 + y2) / 2 + c;
	return fmin(fmax(c, 0), 1);
}

/*
 * Cross x (a copy of the lead parent, becoming the child) with y: SBX on
 * every numeric dimension, each taking the offspring on the lead parent's
 * side, and uniform crossover on the categorical ones. The child is a
 * variation of the lead parent, towards its mate or away from it; taking
 * either offspring at random (as Optuna does) had 3.5 times the regret at
 * 300 trials. Deb's code crosses only half the dimensions; crossing all of
 * them converged faster on every benchmark function
 * (bench/search/GENETIC.md).
 */
static void
genetic_cross(const struct genetic *g, struct hps_rng *r, double *x,
    const double *y)
{
	size_t j;

	for (j = 0; j < g->d; j++) {
		if (x[j] == HPS_ENC_INACTIVE)
			continue;
		if (g->enc.dims[j].kind == HPS_DIM_CAT) {
			if (hps_rng_uniform(r) < 0.5)
				x[j] = y[j];
		} else if (y[j] != HPS_ENC_INACTIVE)
			x[j] = genetic_sbx(r, x[j], y[j], g->opt.eta_c);
	}
}

/* Polynomial mutation of u on [0, 1] (Deb and Goyal, bounded form). */
static double
genetic_poly(struct hps_rng *r, double u, double eta)
{
	double v = hps_rng_uniform(r), p = 1 / (eta + 1), q;

	if (v < 0.5) {
		q = 2 * v + (1 - 2 * v) * pow(1 - u, eta + 1);
		u += pow(q, p) - 1;
	} else {
		q = 2 * (1 - v) + 2 * (v - 0.5) * pow(u, eta + 1);
		u += 1 - pow(q, p);
	}
	return fmin(fmax(u, 0), 1);
}

static void
genetic_mutate_dim(const struct genetic *g, struct hps_rng *r, double *x,
    size_t j, double eta)
{
	const struct hps_dim *dim = &g->enc.dims[j];
	uint64_t k;

	if (x[j] == HPS_ENC_INACTIVE)
		return;
	if (dim->kind != HPS_DIM_CAT) {
		x[j] = genetic_poly(r, x[j], eta);
		return;
	}
	/* Resample among the other choices: a mutation that keeps the
	 * same choice is wasted, and categoricals are often small. */
	if (dim->ncat < 2)
		return;
	k = hps_rng_below(r, dim->ncat - 1);
	x[j] = (double)k >= x[j] ? (double)(k + 1) : (double)k;
}

/* One of x's active dimensions at random (d when none is). */
static size_t
genetic_any_active(const struct genetic *g, struct hps_rng *r,
    const double *x)
{
	size_t j, n = 0, k;

	for (j = 0; j < g->d; j++)
		n += x[j] != HPS_ENC_INACTIVE;
	if (n == 0)
		return g->d;
	k = hps_rng_below(r, n);
	for (j = 0; k > 0 || x[j] == HPS_ENC_INACTIVE; j++)
		k -= x[j] != HPS_ENC_INACTIVE;
	return j;
}

/*
 * Mutate each dimension with probability pm, a share `wide` of them with
 * GENETIC_ETA_WIDE rather than eta; with force, one active dimension at
 * least.
 */
static void
genetic_mutate(const struct genetic *g, struct hps_rng *r, double *x,
    double eta, double wide, int force)
{
	size_t j, forced = force ? genetic_any_active(g, r, x) : g->d;

	for (j = 0; j < g->d; j++) {
		if (j != forced && hps_rng_uniform(r) >= g->opt.pm)
			continue;
		genetic_mutate_dim(g, r, x, j, wide > 0 &&
		    hps_rng_uniform(r) < wide ? GENETIC_ETA_WIDE : eta);
	}
}

/* A child of two tournament winners, distinct ones when possible. */
static void
genetic_breed(const struct genetic *g, struct hps_rng *r, double *x)
{
	size_t a, b, k;

	a = genetic_tournament(g, r, g->opt.lead);
	b = genetic_tournament(g, r, g->opt.tournament);
	for (k = 0; b == a && k < 4; k++)
		b = genetic_tournament(g, r, g->opt.tournament);
	memcpy(x, g->x + a * g->d, g->d * sizeof *x);
	if (hps_rng_uniform(r) < g->opt.pc)
		genetic_cross(g, r, x, g->x + b * g->d);
	genetic_mutate(g, r, x, g->opt.eta_m, g->opt.wide, 0);
	hps_encoding_canon(&g->enc, x, g->x + b * g->d, r);
}

static void
genetic_values_clear(const struct genetic *g, struct hps_value *out)
{
	size_t i;

	for (i = 0; i < g->sp->nparams; i++)
		hps_value_clear(&out[i]);
	memset(out, 0, g->sp->nparams * sizeof *out);
}

/* Decode x into out: 1 when it is new and satisfies the constraints, 0
 * (out cleared) when not. */
static int
genetic_try(const struct genetic *g, const struct hps_ask *ask, double *x,
    struct hps_value *out)
{
	int rc;

	hps_encoding_snap(&g->enc, x);
	rc = hps_decode(&g->enc, x, out);
	if (rc == 0 && hps_space_feasible(g->sp, out) &&
	    !genetic_taken(g, ask, out))
		return 1;
	genetic_values_clear(g, out);
	return rc;
}

/* Points of a space whose every dimension is discrete; 0 if infinite. */
static uint64_t
genetic_count(const struct genetic *g)
{
	uint64_t n = 1, k;
	size_t j;

	for (j = 0; j < g->d; j++) {
		const struct hps_dim *dim = &g->enc.dims[j];

		if (dim->kind == HPS_DIM_CONT)
			return 0;
		k = dim->kind == HPS_DIM_CAT ? dim->ncat :
		    hps_param_grid_size(&g->sp->params[dim->param]);
		if (k == 0 || n > UINT64_MAX / k)
			return 0;
		n *= k;
	}
	return n;
}

/* The i-th point of a finite space (mixed radix over its grids). */
static void
genetic_point(const struct genetic *g, uint64_t i, double *x)
{
	uint64_t n, k;
	double v, step;
	size_t j;

	for (j = 0; j < g->d; j++) {
		const struct hps_dim *dim = &g->enc.dims[j];
		const struct hps_param *p = &g->sp->params[dim->param];

		n = dim->kind == HPS_DIM_CAT ? dim->ncat :
		    hps_param_grid_size(p);
		k = i % n;
		i /= n;
		if (dim->kind == HPS_DIM_CAT) {
			x[j] = (double)k;
			continue;
		}
		step = p->step > 0 ? p->step : 1;
		v = fmin(p->min + (double)k * step, p->max);
		v = dim->log ? log(v) : v;
		x[j] = (v - dim->lo) / (dim->hi - dim->lo);
	}
}

/*
 * The last resort in a finite space: walk its points from a random one.
 * At most (taken + 1) steps find a free point when there is one.
 */
static int
genetic_scan(const struct genetic *g, const struct hps_ask *ask,
    struct hps_rng *r, struct hps_value *out)
{
	uint64_t start, k;
	int rc;

	start = hps_rng_below(r, g->finite);
	for (k = 0; k < g->finite; k++) {
		genetic_point(g, (start + k) % g->finite, g->child);
		if ((rc = genetic_try(g, ask, g->child, out)) != 0)
			return rc < 0 ? rc : 0;
	}
	return HPS_EEXHAUSTED;
}

/*
 * Turn the candidate in g->child into a configuration no trial has: mutate
 * a duplicate again with a falling distribution index (a wider spread each
 * time, so discrete dimensions leave their bin), then draw random points,
 * then scan a finite space.
 */
static int
genetic_place(struct genetic *g, const struct hps_ask *ask,
    struct hps_rng *r, struct hps_value *out)
{
	double eta = g->opt.eta_m;
	long k, tries = g->sp->nconstraints > 0 ? GENETIC_RANDOM_FEASIBLE :
	    GENETIC_RANDOM;
	int rc;

	rc = genetic_try(g, ask, g->child, out);
	for (k = 0; rc == 0 && g->d > 0 && k < GENETIC_REMUTATE; k++) {
		genetic_mutate(g, r, g->child, eta, 0, 1);
		eta /= 2;
		rc = genetic_try(g, ask, g->child, out);
	}
	for (k = 0; rc == 0 && g->d > 0 && k < tries; k++) {
		genetic_random(g, r, g->child);
		rc = genetic_try(g, ask, g->child, out);
	}
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (g->finite > 0)
		return genetic_scan(g, ask, r, out);
	/* A continuous space that random draws could not escape: only
	 * possible with bounds a few ulps wide. Take the duplicate, if it
	 * satisfies the constraints. */
	if ((rc = hps_decode(&g->enc, g->child, out)) != 0 ||
	    hps_space_feasible(g->sp, out))
		return rc;
	genetic_values_clear(g, out);
	return HPS_EEXHAUSTED;
}

static int
genetic_suggest(void *state, const struct hps_ask *ask, struct hps_value *out)
{
	struct genetic *g = state;
	struct hps_rng r;
	int rc;

	memset(out, 0, g->sp->nparams * sizeof *out);
	if ((rc = genetic_fold(g, ask)) != 0 ||
	    (rc = genetic_pending(g, ask)) != 0)
		return rc;
	hps_rng_seed2(&r, g->sp->seed, ask->index);
	if (ask->index < g->opt.population || g->npop < 2)
		genetic_start(g, &r, ask->index, g->child);
	else
		genetic_breed(g, &r, g->child);
	return genetic_place(g, ask, &r, out);
}

/* Read and check the genetic: section; mutation_prob < 0 means 1/d. */
static int
genetic_options(const struct hps_space *sp, struct genetic_opts *o,
    char *err, size_t errlen)
{
	const struct hps_section *s = hps_space_section(sp, "genetic");
	const struct hps_opt *t;
	int rc;

	if ((rc = hps_section_check(sp, s, genetic_spec, err, errlen)) != 0)
		return rc;
	o->population = (size_t)hps_section_num(s, "population", 30);
	o->tournament = (size_t)hps_section_num(s, "tournament", 2);
	o->lead = (size_t)hps_section_num(s, "lead_tournament", 100);
	o->pc = hps_section_num(s, "crossover_prob", 0.9);
	o->eta_c = hps_section_num(s, "eta_crossover", 1);
	o->pm = hps_section_num(s, "mutation_prob", -1);
	o->eta_m = hps_section_num(s, "eta_mutation", 50);
	o->wide = hps_section_num(s, "wide_mutation", 0.6);
	o->replace = strcmp(hps_section_str(s, "replace", "worst"),
	    "oldest") == 0 ? GENETIC_OLDEST : GENETIC_WORST;
	if (o->tournament > o->population &&
	    (t = hps_section_get(s, "tournament")) != NULL)
		return hps_space_errat(sp, t->line, t->col, err, errlen,
		    "genetic.tournament %zu must not exceed genetic.population"
		    " %zu", o->tournament, o->population);
	return 0;
}

static void
genetic_free(void *state)
{
	struct genetic *g = state;

	if (g == NULL)
		return;
	hps_encoding_free(&g->enc);
	hps_sobol_free(g->sobol);
	free(g->x);
	free(g->fit);
	free(g->viol);
	free(g->born);
	free(g->y);
	free(g->order);
	free(g->fidx);
	free(g->yf);
	free(g->ref);
	free(g->seen.hash);
	free(g->seen.idx);
	free(g->phash);
	free(g->child);
	free(g);
}

/* Everything but the table of finished trials, sized up front: the
 * population with a slot past it for a newcomer. */
static int
genetic_buffers(struct genetic *g)
{
	size_t d = g->d ? g->d : 1, n = g->opt.population + 1;
	size_t m = g->m ? g->m : 1;

	g->x = calloc(n * d, sizeof *g->x);
	g->fit = calloc(n, sizeof *g->fit);
	g->viol = calloc(n, sizeof *g->viol);
	g->born = calloc(n, sizeof *g->born);
	g->y = calloc(n * m, sizeof *g->y);
	g->order = calloc(n, sizeof *g->order);
	g->fidx = calloc(n, sizeof *g->fidx);
	g->yf = calloc(n * m, sizeof *g->yf);
	g->ref = calloc(m, sizeof *g->ref);
	g->child = calloc(d, sizeof *g->child);
	if (g->x == NULL || g->fit == NULL || g->viol == NULL ||
	    g->born == NULL || g->y == NULL || g->order == NULL ||
	    g->fidx == NULL || g->yf == NULL || g->ref == NULL ||
	    g->child == NULL)
		return HPS_ENOMEM;
	return seen_init(&g->seen, 64);
}

static int
genetic_alloc(void **state, const struct hps_space *sp, char *err,
    size_t errlen)
{
	struct genetic *g;
	int rc;

	*state = NULL;
	if ((g = calloc(1, sizeof *g)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	g->sp = sp;
	g->last = -1;
	g->m = sp->nobj > 1 ? sp->nobj : 0;
	if ((rc = genetic_options(sp, &g->opt, err, errlen)) != 0) {
		free(g);
		return rc;
	}
	if ((rc = hps_encoding_init(&g->enc, sp)) != 0)
		goto fail;
	g->d = g->enc.ndims;
	if (g->opt.pm < 0)
		g->opt.pm = g->d > 0 ? 1.0 / (double)g->d : 0;
	g->finite = genetic_count(g);
	if (g->d > 0 && g->d <= HPS_SOBOL_MAXDIM &&
	    (rc = hps_sobol_new(g->d, sp->seed, &g->sobol)) != 0)
		goto fail;
	if ((rc = genetic_buffers(g)) != 0)
		goto fail;
	*state = g;
	return 0;
fail:
	genetic_free(g);
	return hps_errf(err, errlen, rc, "genetic search: %s",
	    hps_strerror(rc));
}

const struct hps_search_type hps_search_genetic = {
	.name = "genetic",
	.alloc = genetic_alloc,
	.suggest = genetic_suggest,
	.free = genetic_free,
	.history = 1,
};
