/* Unit tests for search/bayes.c: the strategy through its ask/tell face. */
#include "cond_fixture.h"
#include "hps/encode.h"
#include "hps/error.h"
#include "hps/pareto.h"
#include "hps/rng.h"
#include "hps/search.h"
#include "test.h"

#define MAXT 256

/* A study held in memory: trials done and pending, as the daemon keeps
 * them, with owned parameter values. */
struct study {
	const struct hps_space *sp;
	struct hps_trial_rec done[MAXT], pending[MAXT];
	size_t ndone, npending;
	uint64_t index;
	void *state;
};

static void
study_init(struct study *s, const struct hps_space *sp)
{
	char err[HPS_ERRMAX];

	memset(s, 0, sizeof *s);
	s->sp = sp;
	if (hps_search_bayes.alloc(&s->state, sp, err, sizeof err) != 0)
		TEST_FAIL_("alloc: %s", err);
}

static void
study_free(struct study *s)
{
	size_t i;

	for (i = 0; i < s->ndone; i++)
		hps_values_free((struct hps_value *)s->done[i].params,
		    s->sp->nparams);
	for (i = 0; i < s->npending; i++)
		hps_values_free((struct hps_value *)s->pending[i].params,
		    s->sp->nparams);
	hps_search_bayes.free(s->state);
}

/* One suggestion, checked for validity, left pending; its values. */
static const struct hps_value *
study_ask(struct study *s)
{
	struct hps_ask ask = {s->sp, s->done, s->ndone, s->pending,
	    s->npending, s->index, NULL, 0};
	struct hps_value *v = calloc(s->sp->nparams, sizeof *v);
	size_t i;
	int rc;

	ASSERT(v != NULL);
	rc = hps_search_bayes.suggest(s->state, &ask, v);
	if (rc != 0)
		TEST_FAIL_("suggest %llu: %s", (unsigned long long)s->index,
		    hps_strerror(rc));
	for (i = 0; i < s->sp->nparams; i++) {
		const struct hps_param *p = &s->sp->params[i];

		if ((p->type == HPS_P_FLOAT || p->type == HPS_P_INT) &&
		    v[i].kind != HPS_V_NONE)
			ASSERT(isfinite(v[i].num) && v[i].num >= p->min &&
			    v[i].num <= p->max);
	}
	s->pending[s->npending].number = (long)s->index++;
	s->pending[s->npending].state = HPS_T_RUNNING;
	s->pending[s->npending++].params = v;
	return v;
}

/* The k-th pending trial finishes. */
static void
study_tell(struct study *s, size_t k, enum hps_tstate st, double obj)
{
	struct hps_trial_rec t = s->pending[k];

	ASSERT(s->ndone < MAXT);
	memmove(&s->pending[k], &s->pending[k + 1],
	    (s->npending - k - 1) * sizeof t);
	s->npending--;
	t.state = st;
	t.has_objective = st == HPS_T_COMPLETED;
	t.objective = obj;
	s->done[s->ndone++] = t;
}

static double
branin(double x1, double x2)
{
	double b = 5.1 / (4 * M_PI * M_PI), c = 5 / M_PI, t = 1 / (8 * M_PI);
	double u = x2 - b * x1 * x1 + c * x1 - 6;

	return u * u + 10 * (1 - t) * cos(x1) + 10;
}

static struct hps_param branin_params[] = {
	{.name = "x1", .type = HPS_P_FLOAT, .min = -5, .max = 10},
	{.name = "x2", .type = HPS_P_FLOAT, .max = 15},
};

static struct hps_space branin_space = {.params = branin_params,
    .nparams = 2, .goal = HPS_MINIMIZE, .method = "bayes"};

/* Best Branin value of a sequential run of n trials. */
static double
run_branin(const struct hps_search_type *type, uint64_t seed, int n)
{
	struct hps_space sp = branin_space;
	struct hps_trial_rec done[64];
	struct hps_value vals[64][2];
	double best = INFINITY, f;
	char err[HPS_ERRMAX];
	void *state;
	int i;

	sp.seed = seed;
	ASSERT(n <= 64);
	ASSERT_EQ(type->alloc(&state, &sp, err, sizeof err), 0);
	for (i = 0; i < n; i++) {
		struct hps_ask ask = {&sp, done, (size_t)i, NULL, 0,
		    (uint64_t)i, NULL, 0};

		ASSERT_EQ(type->suggest(state, &ask, vals[i]), 0);
		f = branin(vals[i][0].num, vals[i][1].num);
		done[i] = (struct hps_trial_rec){.number = i, .state =
		    HPS_T_COMPLETED, .params = vals[i], .objective = f,
		    .has_objective = 1};
		best = f < best ? f : best;
	}
	type->free(state);
	return best;
}

TEST(is_the_bayes_method)
{
	ASSERT(hps_search_find("bayes") == &hps_search_bayes);
	ASSERT_STR_EQ(hps_search_bayes.name, "bayes");
}

/* bayes finds Branin's minimum (0.397887) far better than random at 40
 * trials, on each of several seeds, not just on average. */
TEST(beats_random_on_branin)
{
	const double fmin = 0.397887357729739;
	double rb, rr, worst = 0;
	uint64_t seed;
	int wins = 0;

	for (seed = 1; seed <= 5; seed++) {
		rb = run_branin(&hps_search_bayes, seed, 40) - fmin;
		rr = run_branin(&hps_search_random, seed, 40) - fmin;
		wins += rb < rr;
		worst = rb > worst ? rb : worst;
	}
	ASSERT_EQ(wins, 5);
	ASSERT(worst < 0.05);
}

TEST(same_seed_same_sweep)
{
	ASSERT_EQ_DBL(run_branin(&hps_search_bayes, 3, 20),
	    run_branin(&hps_search_bayes, 3, 20), 0);
}

/* Four workers: four suggestions in a row with the earlier ones pending
 * are far apart, not four copies of the model's favourite. */
TEST(pending_trials_get_distinct_points)
{
	struct study s;
	const struct hps_value *v[4];
	double dx, dy;
	size_t i, j;

	branin_space.seed = 11;
	study_init(&s, &branin_space);
	for (i = 0; i < 20; i++) {
		v[0] = study_ask(&s);
		study_tell(&s, 0, HPS_T_COMPLETED,
		    branin(v[0][0].num, v[0][1].num));
	}
	for (i = 0; i < 4; i++)
		v[i] = study_ask(&s);
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++) {
			dx = (v[i][0].num - v[j][0].num) / 15;
			dy = (v[i][1].num - v[j][1].num) / 15;
			if (!(dx * dx + dy * dy > 1e-6))
				TEST_FAIL_("suggestions %zu and %zu coincide: "
				    "(%g, %g)", i, j, v[i][0].num,
				    v[i][1].num);
		}
	study_free(&s);
}

/* Failed trials are not observations, and a history of nothing but
 * failures keeps the sweep going with new points. */
TEST(all_failed_history_keeps_sampling)
{
	struct study s;
	size_t i;

	study_init(&s, &branin_space);
	for (i = 0; i < 40; i++) {
		study_ask(&s);
		study_tell(&s, 0, i % 3 ? HPS_T_FAILED : HPS_T_PRUNED, NAN);
	}
	study_ask(&s);
	study_tell(&s, 0, HPS_T_COMPLETED, 3.0);
	for (i = 0; i < 5; i++)
		study_ask(&s);
	study_free(&s);
}

/* A constant objective has no scale to standardise by; the model must
 * still propose valid, new points. */
TEST(constant_objective_is_handled)
{
	struct study s;
	size_t i;

	study_init(&s, &branin_space);
	for (i = 0; i < 30; i++) {
		study_ask(&s);
		study_tell(&s, 0, HPS_T_COMPLETED, 1.0);
	}
	for (i = 0; i < 5; i++)
		study_ask(&s);
	study_free(&s);
}

/* The same configuration observed again and again (a singular kernel
 * matrix but for noise), with conflicting results. */
TEST(repeated_points_are_handled)
{
	struct study s;
	struct hps_value *v;
	size_t i;

	study_init(&s, &branin_space);
	for (i = 0; i < 30; i++) {
		study_ask(&s);
		v = (struct hps_value *)s.pending[0].params;
		v[0].num = 2.5;
		v[1].num = 7.5;
		study_tell(&s, 0, HPS_T_COMPLETED, (double)(i % 5));
	}
	for (i = 0; i < 10; i++) {
		study_ask(&s);
		study_tell(&s, 0, HPS_T_COMPLETED, 0.5);
	}
	study_free(&s);
}

static struct hps_value bools[] = {{HPS_V_BOOL, 0, NULL},
    {HPS_V_BOOL, 1, NULL}};
static struct hps_param small_params[] = {
	{.name = "k", .type = HPS_P_INT, .min = 1, .max = 3, .step = 1},
	{.name = "b", .type = HPS_P_CAT, .values = bools, .nvalues = 2},
};
static struct hps_space small_space = {.params = small_params,
    .nparams = 2, .goal = HPS_MAXIMIZE};

/* A space of six points: six different proposals (past the start-up,
 * where the model's favourite repeats a trial), then exhaustion. */
TEST(duplicates_are_never_proposed)
{
	struct hps_value *got[6];
	struct study s;
	struct hps_ask ask;
	struct hps_value v[2];
	size_t i, j;

	study_init(&s, &small_space);
	for (i = 0; i < 6; i++) {
		got[i] = (struct hps_value *)study_ask(&s);
		for (j = 0; j < i; j++)
			ASSERT(!(hps_value_eq(&got[i][0], &got[j][0]) &&
			    hps_value_eq(&got[i][1], &got[j][1])));
		study_tell(&s, 0, HPS_T_COMPLETED, got[i][0].num +
		    got[i][1].num);
	}
	ask = (struct hps_ask){s.sp, s.done, s.ndone, NULL, 0, 6, NULL, 0};
	memset(v, 0, sizeof v);
	ASSERT_EQ(hps_search_bayes.suggest(s.state, &ask, v), HPS_EEXHAUSTED);
	study_free(&s);
}

/* With the start-up over (n_startup 2), a discrete space where the
 * model's best point is always taken: each proposal is still new. */
TEST(model_duplicates_give_way)
{
	struct hps_value *v;
	struct study s;
	struct hps_opt opt = {"n_startup", 1, 1, 0, {HPS_V_INT, 2, NULL},
	    NULL, 0};
	struct hps_section sec = {"bayes", 1, 1, &opt, 1};
	struct hps_space sp = small_space;
	size_t i, j;

	sp.sections = &sec;
	sp.nsections = 1;
	study_init(&s, &sp);
	for (i = 0; i < 6; i++) {
		v = (struct hps_value *)study_ask(&s);
		for (j = 0; j < s.ndone; j++)
			ASSERT(!(hps_value_eq(&v[0], &s.done[j].params[0]) &&
			    hps_value_eq(&v[1], &s.done[j].params[1])));
		study_tell(&s, 0, HPS_T_COMPLETED, v[0].num);
	}
	study_free(&s);
}

TEST(bad_options_are_refused)
{
	struct hps_opt opt = {"n_startup", 3, 5, 0, {HPS_V_INT, 0, NULL},
	    NULL, 0};
	struct hps_section sec = {"bayes", 2, 1, &opt, 1};
	struct hps_space sp = branin_space;
	char err[HPS_ERRMAX] = "";
	void *state;

	sp.path = "s.yaml";
	sp.sections = &sec;
	sp.nsections = 1;
	ASSERT_EQ(hps_search_bayes.alloc(&state, &sp, err, sizeof err),
	    HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "s.yaml:3:5");
	opt.key = "n_starup";
	ASSERT_EQ(hps_search_bayes.alloc(&state, &sp, err, sizeof err),
	    HPS_EPARSE);
	ASSERT_STR_CONTAINS(err, "n_startup");
}

/*
 * A restart: a fresh state sees the whole history at once and proposes
 * what any fresh state proposes for it. With this many trials its first
 * fit is on a subset and the next on all of them. The history has found
 * all three minima (0.398) to four digits, so EI is as small there as at
 * an unexplored edge, and either may come first (the study itself tries
 * an edge now and then); of the first proposal and the next, with the
 * first observed, one must refine at a minimum.
 */
TEST(fresh_state_rebuilds_from_history)
{
	struct study s;
	struct hps_value a[2], b[2];
	struct hps_ask ask;
	char err[HPS_ERRMAX];
	void *s1, *s2;
	size_t i;

	study_init(&s, &branin_space);
	for (i = 0; i < 70; i++) {
		const struct hps_value *v = study_ask(&s);

		study_tell(&s, 0, HPS_T_COMPLETED, branin(v[0].num, v[1].num));
	}
	ask = (struct hps_ask){s.sp, s.done, s.ndone, NULL, 0, s.index, NULL, 0};
	ASSERT_EQ(hps_search_bayes.alloc(&s1, s.sp, err, sizeof err), 0);
	ASSERT_EQ(hps_search_bayes.alloc(&s2, s.sp, err, sizeof err), 0);
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	ASSERT_EQ(hps_search_bayes.suggest(s1, &ask, a), 0);
	ASSERT_EQ(hps_search_bayes.suggest(s2, &ask, b), 0);
	ASSERT(hps_value_eq(&a[0], &b[0]) && hps_value_eq(&a[1], &b[1]));
	s.done[s.ndone++] = (struct hps_trial_rec){.number = (long)s.index,
	    .state = HPS_T_COMPLETED, .params = a, .objective =
	    branin(a[0].num, a[1].num), .has_objective = 1};
	ask = (struct hps_ask){s.sp, s.done, s.ndone, NULL, 0, ++s.index, NULL, 0};
	ASSERT_EQ(hps_search_bayes.suggest(s1, &ask, b), 0);
	ASSERT(fmin(branin(a[0].num, a[1].num), branin(b[0].num,
	    b[1].num)) < 0.5);
	s.ndone--;
	hps_search_bayes.free(s1);
	hps_search_bayes.free(s2);
	study_free(&s);
}

/* Unit intervals: the first four make a cube, all eight a wider one. */
static struct hps_param unit_params[] = {
	{.name = "a", .type = HPS_P_FLOAT, .max = 1},
	{.name = "b", .type = HPS_P_FLOAT, .max = 1},
	{.name = "c", .type = HPS_P_FLOAT, .max = 1},
	{.name = "d", .type = HPS_P_FLOAT, .max = 1},
	{.name = "e", .type = HPS_P_FLOAT, .max = 1},
	{.name = "f", .type = HPS_P_FLOAT, .max = 1},
	{.name = "g", .type = HPS_P_FLOAT, .max = 1},
	{.name = "h", .type = HPS_P_FLOAT, .max = 1},
};
static struct hps_space cube_space = {.params = unit_params, .nparams = 4,
    .goal = HPS_MINIMIZE};

/*
 * A bowl inside the cube: the model knows where the good trials are
 * and must refine there, not spend trials on corners only because
 * nothing is known about them (the prior mean is the worst trial, not
 * the average one).
 */
TEST(unexplored_corners_are_not_chased)
{
	const struct hps_value *v;
	struct study s;
	size_t i, j, corners = 0, nb;
	double f;

	for (cube_space.seed = 1; cube_space.seed <= 4; cube_space.seed++) {
		study_init(&s, &cube_space);
		for (i = 0; i < 50; i++) {
			v = study_ask(&s);
			for (f = 0, nb = 0, j = 0; j < 4; j++) {
				f += (v[j].num - 0.3) * (v[j].num - 0.3);
				nb += v[j].num == 0 || v[j].num == 1;
			}
			corners += nb == 4;
			study_tell(&s, 0, HPS_T_COMPLETED, f);
		}
		study_free(&s);
	}
	ASSERT_EQ(corners, 0);
}

static struct hps_value ten = {HPS_V_INT, 10, NULL};
static struct hps_param const_params[] = {
	{.name = "epochs", .type = HPS_P_CONST, .values = &ten, .nvalues = 1},
};

/* Nothing varies: the one configuration, then exhaustion. */
TEST(constant_space_has_one_point)
{
	struct hps_space sp = {.params = const_params, .nparams = 1};
	struct hps_value v[1];
	struct study s;
	struct hps_ask ask;

	study_init(&s, &sp);
	study_ask(&s);
	ask = (struct hps_ask){s.sp, s.done, s.ndone, s.pending, s.npending,
	    s.index, NULL, 0};
	memset(v, 0, sizeof v);
	ASSERT_EQ(hps_search_bayes.suggest(s.state, &ask, v), HPS_EEXHAUSTED);
	study_free(&s);
}

static struct hps_space wide_space = {.params = unit_params, .nparams = 8,
    .goal = HPS_MINIMIZE};

/*
 * Eight dimensions with `running` trials always running: the model's
 * scratch grows with the dimensions as well as the rows (under ASan this
 * overran a buffer sized for rows alone), and the model still beats its
 * Sobol start-up on a bowl.
 */
static void
wide_bowl(size_t running)
{
	struct study s;
	const struct hps_value *v;
	double y, start = INFINITY, model = INFINITY;
	size_t i, j;

	study_init(&s, &wide_space);
	for (i = 0; i < 48; i++) {
		study_ask(&s);
		if (s.npending < running)
			continue;
		v = s.pending[0].params;
		for (y = 0, j = 0; j < 8; j++)
			y += (v[j].num - 0.3) * (v[j].num - 0.3);
		study_tell(&s, 0, HPS_T_COMPLETED, y);
		if (s.ndone <= 16)
			start = y < start ? y : start;
		else
			model = y < model ? y : model;
	}
	ASSERT(model < start);
	study_free(&s);
}

TEST(many_dimensions_with_trials_pending)
{
	wide_bowl(4);
}

/* Seven trials pending in eight dimensions: more ways to put one
 * coordinate of a pending trial into the best point (56) than bayes
 * keeps (32). */
TEST(more_pending_coordinates_than_kept)
{
	wide_bowl(8);
}


/* A per-layer objective over the issue's space, lowest at two layers of
 * 512 and 256 with adam. */
static double
cond_objective(const struct hps_space *sp, const struct hps_value *v)
{
	double f = v[3].num == 2 ? 0 : 1;
	size_t i;

	for (i = 4; i < 6 && i < sp->nparams; i++)
		if (v[i].kind != HPS_V_NONE)
			f += fabs(log2(v[i].num) - (13 - (double)i)) / 10;
	return f + (strcmp(v[0].str, "adam") == 0 ? 0 : 0.5);
}

/*
 * On the issue's space, three at once: every proposal active exactly
 * where it applies and within the constraints, none repeated, and the
 * model finds the better branches.
 */
TEST(conditional_proposals_are_valid)
{
	struct hps_space *sp = cond_space("bayes", 7, COND_ISSUE);
	struct study *s = calloc(1, sizeof *s);
	const struct hps_value *v;
	double best = INFINITY, f;
	size_t i, j;

	study_init(s, sp);
	for (i = 0; i < 45; i++) {
		v = study_ask(s);
		cond_check(sp, v);
		for (j = 0; j + 1 < s->ndone + s->npending; j++) {
			const struct hps_value *w = j < s->ndone ?
			    s->done[j].params : s->pending[j - s->ndone].params;

			ASSERT(!hps_values_eq(v, w, sp->nparams));
		}
		if (s->npending == 3) {
			f = cond_objective(sp, s->pending[0].params);
			best = f < best ? f : best;
			study_tell(s, 0, HPS_T_COMPLETED, f);
		}
	}
	ASSERT(best < 0.5);
	study_free(s);
	free(s);
	hps_space_free(sp);
}

/* The start-up counts the largest branch's dimensions, not all. */
TEST(conditional_startup_counts_a_branch)
{
	struct hps_space *sp = cond_space("bayes", 7, "parameters:\n"
	    "  x1: {values: [0, 1]}\n"
	    "  a: {type: float, min: 0, max: 1, when: {x1: 0}}\n"
	    "  b: {type: float, min: 0, max: 1, when: {x1: 0}}\n"
	    "  c: {type: float, min: 0, max: 1, when: {x1: 0}}\n"
	    "  d: {type: float, min: 0, max: 1, when: {x1: 0}}\n"
	    "  e: {type: float, min: 0, max: 1, when: {x1: 0}}\n"
	    "  f: {type: float, min: 0, max: 1, when: {x1: 1}}\n"
	    "  g: {type: float, min: 0, max: 1, when: {x1: 1}}\n"
	    "  h: {type: float, min: 0, max: 1, when: {x1: 1}}\n"
	    "  i: {type: float, min: 0, max: 1, when: {x1: 1}}\n"
	    "  j: {type: float, min: 0, max: 1, when: {x1: 1}}\n");
	struct hps_encoding e;

	/* 11 dimensions, 6 at most in a branch: 12 start-up points, not 22 */
	ASSERT_EQ(hps_encoding_init(&e, sp), 0);
	ASSERT_EQ(e.ndims, 11);
	ASSERT_EQ(e.dmax, 6);
	hps_encoding_free(&e);
	hps_space_free(sp);
}

/*
 * Several objectives and limits: a problem with three unit-interval
 * parameters, ZDT1's two objectives (minimised), and for the limit
 * tests a metric c = x1 that must be at least 0.5.
 */
#define MULTI_N 30
#define MULTI_PAR 3

static struct hps_param unit3[] = {
	{.name = "x1", .type = HPS_P_FLOAT, .max = 1},
	{.name = "x2", .type = HPS_P_FLOAT, .max = 1},
	{.name = "x3", .type = HPS_P_FLOAT, .max = 1},
};
static struct hps_objective zdt_objs[] = {
	{.metric = "f1", .goal = HPS_MINIMIZE},
	{.metric = "f2", .goal = HPS_MAXIMIZE},	/* reported negated */
};
static struct hps_limit c_limit = {.metric = "c", .has_min = 1, .min = 0.5};

struct multi_run {
	struct hps_trial_rec done[MULTI_N], pending[MULTI_PAR];
	struct hps_value vals[MULTI_N][3];
	double y[MULTI_N][2], c[MULTI_N];
	size_t ndone, npending;
};

/* ZDT1 of x into y (f2 negated: it is maximised), and c. */
static void
multi_eval(const struct hps_value *v, double *y, double *c)
{
	double g = 1 + 9 * (v[1].num + v[2].num) / 2;

	y[0] = v[0].num;
	y[1] = -g * (1 - sqrt(v[0].num / g));
	*c = v[0].num;
}

static void
multi_finish(struct multi_run *r, const struct hps_space *sp, size_t k)
{
	struct hps_trial_rec t = r->pending[k];
	size_t i = (size_t)t.number;

	memmove(&r->pending[k], &r->pending[k + 1], (r->npending - k - 1) *
	    sizeof t);
	r->npending--;
	multi_eval(t.params, r->y[i], &r->c[i]);
	t.state = HPS_T_COMPLETED;
	t.obj = r->y[i];
	t.objective = r->y[i][0];
	t.lim = sp->nlimits ? &r->c[i] : NULL;
	t.has_objective = sp->nlimits == 0 || r->c[i] >= c_limit.min;
	r->done[r->ndone++] = t;
}

/* n trials of type on sp, par at once (the oldest finishing first). */
static void
multi_run(struct multi_run *r, const struct hps_search_type *type,
    const struct hps_space *sp, size_t par)
{
	char err[HPS_ERRMAX];
	void *state;
	size_t i;

	memset(r, 0, sizeof *r);
	ASSERT_EQ(type->alloc(&state, sp, err, sizeof err), 0);
	for (i = 0; i < MULTI_N; i++) {
		struct hps_ask ask = {sp, r->done, r->ndone, r->pending,
		    r->npending, i, NULL, 0};

		if (r->npending == par)
			multi_finish(r, sp, 0);
		ask.ndone = r->ndone;
		ask.npending = r->npending;
		ASSERT_EQ(type->suggest(state, &ask, r->vals[i]), 0);
		r->pending[r->npending++] = (struct hps_trial_rec){.number =
		    (long)i, .state = HPS_T_RUNNING, .params = r->vals[i]};
	}
	while (r->npending > 0)
		multi_finish(r, sp, 0);
	type->free(state);
}

/* The hypervolume of the feasible trials, as (f1, -(-f2)) minimised,
 * against (1.1, 1.1). */
static double
multi_hv(const struct multi_run *r)
{
	static const double ref[2] = {1.1, 1.1};
	double y[MULTI_N * 2];
	size_t i, n = 0;

	for (i = 0; i < r->ndone; i++)
		if (r->done[i].has_objective) {
			y[2 * n] = r->y[i][0];
			y[2 * n + 1] = -r->y[i][1];
			n++;
		}
	return hps_pareto_hv(y, n, 2, ref);
}

static void
multi_space(struct hps_space *sp, uint64_t seed, size_t nobj, int limited)
{
	*sp = (struct hps_space){.params = unit3, .nparams = 3,
	    .method = "bayes", .seed = seed, .goal = HPS_MINIMIZE,
	    .objectives = zdt_objs, .nobj = nobj};
	if (limited) {
		sp->limits = &c_limit;
		sp->nlimits = 1;
	}
}

/*
 * With two objectives, bayes's 30 trials dominate more than random's do
 * with the same seed: expected hypervolume improvement aims at the
 * front.
 */
TEST(two_objectives_beat_random)
{
	static struct multi_run r;
	struct hps_space sp;
	double hb, hr;

	multi_space(&sp, 5, 2, 0);
	multi_run(&r, &hps_search_bayes, &sp, 1);
	hb = multi_hv(&r);
	multi_run(&r, &hps_search_random, &sp, 1);
	hr = multi_hv(&r);
	/* 0.23 against 0 when written */
	ASSERT(hb > 0.15);
	ASSERT(hb > 2 * hr);
}

/* The number of trials from the model's (past the start-up's 10) that
 * lie where c = x1 breaks its limit by more than a little. */
static size_t
multi_outside(const struct multi_run *r)
{
	size_t i, n = 0;

	for (i = 10; i < MULTI_N; i++)
		n += r->vals[i][0].num < 0.45;
	return n;
}

/*
 * One objective, f1 = x1, minimised, with the limit x1 >= 0.5: EI alone
 * would pull every proposal towards x1 = 0; the probability of meeting
 * the limit keeps them at its edge, and the best feasible trial ends
 * near 0.5.
 */
TEST(limits_steer_away_from_what_they_forbid)
{
	static struct multi_run r;
	struct hps_space sp;
	double best = INFINITY;
	size_t i;

	multi_space(&sp, 3, 1, 1);
	multi_run(&r, &hps_search_bayes, &sp, 1);
	for (i = 0; i < r.ndone; i++)
		if (r.done[i].has_objective && r.y[i][0] < best)
			best = r.y[i][0];
	ASSERT(multi_outside(&r) <= 3);
	ASSERT(best < 0.52);
}

/* Two objectives, a limit and trials pending: every path of the model
 * at once, each proposal new and in the box. */
TEST(two_objectives_with_limits_and_pending)
{
	static struct multi_run r;
	struct hps_space sp;
	size_t i, j;

	multi_space(&sp, 7, 2, 1);
	multi_run(&r, &hps_search_bayes, &sp, MULTI_PAR);
	for (i = 0; i < MULTI_N; i++)
		for (j = 0; j < i; j++)
			ASSERT(!hps_values_eq(r.vals[i], r.vals[j], 3));
	ASSERT(multi_outside(&r) <= 8);
}

TEST_MAIN(is_the_bayes_method, beats_random_on_branin, same_seed_same_sweep,
    pending_trials_get_distinct_points, all_failed_history_keeps_sampling,
    constant_objective_is_handled, repeated_points_are_handled,
    duplicates_are_never_proposed, model_duplicates_give_way,
    bad_options_are_refused, fresh_state_rebuilds_from_history,
    unexplored_corners_are_not_chased, constant_space_has_one_point,
    many_dimensions_with_trials_pending, more_pending_coordinates_than_kept,
    conditional_proposals_are_valid, conditional_startup_counts_a_branch,
    two_objectives_beat_random, limits_steer_away_from_what_they_forbid,
    two_objectives_with_limits_and_pending)
