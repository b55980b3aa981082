/*
 * Unit tests for genetic search (search/genetic.c). A small in-process
 * study drives the strategy as the daemon does: ask for a configuration,
 * keep a few trials pending, finish them in a shuffled order, and append
 * each to the finished list. Spaces are built by hand except where the
 * options' file:line:column messages need the parser.
 */
#include <stdint.h>
#include <time.h>

#include "hps/encode.h"
#include "hps/error.h"
#include "hps/rng.h"
#include "hps/search.h"
#include "hps/sobol.h"
#include "hps/space.h"
#include "cond_fixture.h"
#include "space_fixture.h"
#include "test.h"

#define MAXT 4096

#define SPACE_FILE HPS_TEST_DATA "/space/inline.yaml"

static void
ts_bool(struct tspace *t)
{
	struct hps_param *p = ts_add(t, HPS_P_CAT, 0, 0, 0, 0);

	p->values[0].kind = p->values[1].kind = HPS_V_BOOL;
	p->values[1].num = 1;
	p->nvalues = 2;
}

/* An option of the genetic: section, as the parser would keep it. */
static void
ts_opt(struct tspace *t, const char *key, enum hps_vkind kind, double num,
    const char *str)
{
	struct hps_opt *o = &t->opt[t->sec.nopts++];

	ASSERT(t->sec.nopts <= TS_MAXOPT);
	o->key = (char *)key;
	o->value.kind = kind;
	o->value.num = num;
	o->value.str = (char *)str;
}

/* n floats in [-5, 5]: the sphere's domain. */
static void
ts_floats(struct tspace *t, uint64_t seed, size_t n)
{
	ts_init(t, "genetic", seed);
	while (n-- > 0)
		ts_add(t, HPS_P_FLOAT, -5, 5, 0, 0);
}

/* An in-process study: the strategy, finished and pending trials. */
struct study {
	const struct hps_search_type *type;
	void *st;
	const struct hps_space *sp;
	struct hps_trial_rec done[MAXT], pend[MAXT];
	size_t ndone, npend;
	uint64_t index;
	struct hps_value *vals[MAXT];	/* every trial's values, by number */
};

static void
study_open(struct study *s, const struct hps_search_type *type,
    const struct hps_space *sp)
{
	char err[HPS_ERRMAX];

	memset(s, 0, sizeof *s);
	s->type = type;
	s->sp = sp;
	if (type->alloc(&s->st, sp, err, sizeof err) != 0)
		TEST_FAIL_("alloc: %s", err);
}

static void
study_close(struct study *s)
{
	uint64_t i;

	s->type->free(s->st);
	for (i = 0; i < s->index; i++)
		hps_values_free(s->vals[i], s->sp->nparams);
}

static int
study_suggest(struct study *s, void *st, struct hps_value *out)
{
	struct hps_ask ask = {s->sp, s->done, s->ndone, s->pend, s->npend,
	    s->index, NULL, 0};

	return s->type->suggest(st, &ask, out);
}

/* Ask for a trial and make it pending; the return code of suggest. */
static int
study_ask(struct study *s)
{
	struct hps_value *v;
	int rc;

	ASSERT(s->index < MAXT);
	v = calloc(s->sp->nparams, sizeof *v);
	ASSERT(v != NULL);
	if ((rc = study_suggest(s, s->st, v)) != 0) {
		free(v);
		return rc;
	}
	s->vals[s->index] = v;
	s->pend[s->npend++] = (struct hps_trial_rec){.number =
	    (long)s->index, .state = HPS_T_RUNNING, .params = v};
	s->index++;
	return 0;
}

/* Finish pending trial k with a state and, for has, an objective. */
static void
study_finish(struct study *s, size_t k, enum hps_tstate state, double obj,
    int has)
{
	struct hps_trial_rec t = s->pend[k];

	memmove(&s->pend[k], &s->pend[k + 1], (s->npend - k - 1) *
	    sizeof *s->pend);
	s->npend--;
	t.state = state;
	t.objective = obj;
	t.has_objective = has;
	s->done[s->ndone++] = t;
}

/* The sum of squares of the numeric values. */
static double
sphere(const struct hps_space *sp, const struct hps_value *v)
{
	double f = 0;
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (v[i].kind == HPS_V_FLOAT || v[i].kind == HPS_V_INT)
			f += v[i].num * v[i].num;
	return f;
}

/*
 * Run n trials, `par` at a time, finishing a random pending one each time
 * (from rng r). Returns the best sphere value seen.
 */
static double
study_run(struct study *s, size_t n, size_t par, struct hps_rng *r)
{
	double best = INFINITY, f;
	size_t k;

	while (s->ndone < n) {
		while (s->npend < par && s->index < n)
			ASSERT_EQ(study_ask(s), 0);
		k = hps_rng_below(r, s->npend);
		f = sphere(s->sp, s->pend[k].params);
		best = f < best ? f : best;
		if (s->sp->goal == HPS_MAXIMIZE)
			f = -f;
		study_finish(s, k, HPS_T_COMPLETED, f, 1);
	}
	return best;
}

static int
same_values(const struct hps_space *sp, const struct hps_value *a,
    const struct hps_value *b)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (!hps_value_eq(&a[i], &b[i]))
			return 0;
	return 1;
}

/* One of every kind of parameter, with a small population. */
static void
ts_mixed(struct tspace *t, uint64_t seed)
{
	static const char *opt[] = {"sgd", "adam", "rmsprop", "lamb"};
	static const char *act[] = {"relu"};

	ts_init(t, "genetic", seed);
	ts_add(t, HPS_P_FLOAT, -1, 1, 0, 0);
	ts_add(t, HPS_P_FLOAT, 1e-5, 1, 0, 1);
	ts_add(t, HPS_P_INT, 16, 512, 16, 0);
	ts_add(t, HPS_P_INT, 1, 1000, 1, 1);
	ts_strings(t, HPS_P_CAT, opt, 4);
	ts_strings(t, HPS_P_CONST, act, 1);
	ts_add(t, HPS_P_FLOAT, 0, 0.9, 0.1, 0);
	ts_bool(t);
	ts_opt(t, "population", HPS_V_INT, 10, NULL);
}

static int
among_values(const struct hps_param *p, const struct hps_value *v)
{
	size_t i;

	for (i = 0; i < p->nvalues; i++)
		if (hps_value_eq(&p->values[i], v))
			return 1;
	return 0;
}

static void
check_valid(const struct hps_space *sp, const struct hps_value *v)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++) {
		const struct hps_param *p = &sp->params[i];
		double k;

		if (p->type == HPS_P_CAT || p->type == HPS_P_CONST) {
			ASSERT(among_values(p, &v[i]));
			continue;
		}
		ASSERT_EQ(v[i].kind, p->type == HPS_P_INT ? HPS_V_INT :
		    HPS_V_FLOAT);
		ASSERT(v[i].num >= p->min && v[i].num <= p->max);
		if (p->step > 0) {
			k = (v[i].num - p->min) / p->step;
			ASSERT_EQ_DBL(k, round(k), 1e-9);
		}
	}
}

/*
 * Thousands of children of a small population, on every kind of
 * parameter: inside the bounds, ints on their steps, choices valid.
 */
TEST(children_stay_valid)
{
	struct study *s = calloc(1, sizeof *s);
	struct tspace t;
	struct hps_rng r;
	size_t i;

	ts_mixed(&t, 3);
	hps_rng_seed(&r, 5);
	study_open(s, &hps_search_genetic, &t.sp);
	study_run(s, 3000, 4, &r);
	for (i = 0; i < s->ndone; i++)
		check_valid(&t.sp, s->done[i].params);
	study_close(s);
	free(s);
}

/* The first `population` suggestions are Sobol points ask->index. */
TEST(start_follows_sobol_index)
{
	struct hps_value v[2], w[2];
	struct hps_encoding e;
	struct hps_sobol *sob;
	struct study *s = calloc(1, sizeof *s);
	struct tspace t;
	double x[2];
	uint64_t k;

	ts_floats(&t, 11, 2);
	ASSERT_EQ(hps_encoding_init(&e, &t.sp), 0);
	ASSERT_EQ(hps_sobol_new(2, 11, &sob), 0);
	study_open(s, &hps_search_genetic, &t.sp);
	for (k = 0; k < 50; k += 7) {
		s->index = k;	/* a restarted study resumes mid-sequence */
		ASSERT_EQ(study_suggest(s, s->st, v), 0);
		hps_sobol_point(sob, k, x);
		ASSERT_EQ(hps_decode(&e, x, w), 0);
		ASSERT(same_values(&t.sp, v, w));
	}
	s->index = 0;
	hps_sobol_free(sob);
	hps_encoding_free(&e);
	study_close(s);
	free(s);
}

/* Best sphere value after n trials, median over 5 seeds. */
static double
median_best(const struct hps_search_type *type, int replace_oldest,
    enum hps_goal goal, size_t n)
{
	struct study *s = calloc(1, sizeof *s);
	double best[5], tmp;
	struct tspace t;
	struct hps_rng r;
	int i, j;

	for (i = 0; i < 5; i++) {
		ts_floats(&t, 100 + i, 4);
		t.sp.goal = goal;
		if (replace_oldest)
			ts_opt(&t, "replace", HPS_V_STR, 0, "oldest");
		hps_rng_seed(&r, 7 + i);
		study_open(s, type, &t.sp);
		best[i] = study_run(s, n, 4, &r);
		study_close(s);
	}
	free(s);
	for (i = 1; i < 5; i++)
		for (j = i; j > 0 && best[j] < best[j - 1]; j--) {
			tmp = best[j];
			best[j] = best[j - 1];
			best[j - 1] = tmp;
		}
	return best[2];
}

/* On a 4-D sphere the population closes in far below random search. */
TEST(converges_on_sphere)
{
	double rnd = median_best(&hps_search_random, 0, HPS_MINIMIZE, 400);
	double gen = median_best(&hps_search_genetic, 0, HPS_MINIMIZE, 400);
	double old = median_best(&hps_search_genetic, 1, HPS_MINIMIZE, 400);

	printf("random %g genetic worst %g oldest %g\n", rnd, gen, old);
	ASSERT(gen < rnd / 20);
	ASSERT(old < rnd / 3);
}

/* goal: maximize turns the search around, not away from the optimum. */
TEST(maximize_converges_too)
{
	double rnd = median_best(&hps_search_random, 0, HPS_MAXIMIZE, 400);
	double gen = median_best(&hps_search_genetic, 0, HPS_MAXIMIZE, 400);

	ASSERT(gen < rnd / 20);
}

/*
 * Trials with x0 > 0 fail. Failures rank last, so the population leaves
 * that half: nearly all later children land on the other side.
 */
TEST(failures_rank_last)
{
	struct study *s = calloc(1, sizeof *s);
	struct tspace t;
	struct hps_rng r;
	size_t i, k, left = 0;
	double f;

	ts_floats(&t, 9, 3);
	hps_rng_seed(&r, 1);
	study_open(s, &hps_search_genetic, &t.sp);
	while (s->ndone < 600) {
		while (s->npend < 4)
			ASSERT_EQ(study_ask(s), 0);
		k = hps_rng_below(&r, s->npend);
		/* the optimum, at x0 = -3, is well inside the good half;
		 * every value is positive, so a failure taken for 0 would
		 * look best */
		f = sphere(&t.sp, s->pend[k].params) +
		    6 * s->pend[k].params[0].num + 10;
		if (s->pend[k].params[0].num > 0)
			study_finish(s, k, HPS_T_FAILED, 0, 0);
		else
			study_finish(s, k, HPS_T_COMPLETED, f, 1);
	}
	for (i = 400; i < 600; i++)
		left += s->vals[i][0].num <= 0;
	printf("%zu of the last 200 in the good half\n", left);
	ASSERT(left > 180);
	study_close(s);
	free(s);
}

#define NEXT 10

/* What a fresh instance suggests for the next NEXT indices, given s's
 * history (3 floats each). */
static void
fresh_suggest(struct study *s, struct hps_value out[NEXT][3])
{
	char err[HPS_ERRMAX];
	uint64_t index = s->index;
	void *st;
	int i;

	ASSERT_EQ(s->type->alloc(&st, s->sp, err, sizeof err), 0);
	for (i = 0; i < NEXT; i++, s->index++)
		ASSERT_EQ(study_suggest(s, st, out[i]), 0);
	s->index = index;
	s->type->free(st);
}

static int
same_next(const struct hps_space *sp, struct hps_value a[NEXT][3],
    struct hps_value b[NEXT][3])
{
	int i;

	for (i = 0; i < NEXT; i++)
		if (!same_values(sp, a[i], b[i]))
			return 0;
	return 1;
}

/*
 * A pruned trial counts with its value when it comes with one (the rule
 * let it stand), and as a failure when not: the next suggestions match
 * those of a study where it completed, or failed.
 */
TEST(pruned_counts_by_has_objective)
{
	struct study *s = calloc(1, sizeof *s);
	struct hps_value done[NEXT][3], pruned[NEXT][3], failed[NEXT][3];
	struct hps_value cut[NEXT][3];
	struct hps_trial_rec *last;
	struct tspace t;
	struct hps_rng r;

	ts_floats(&t, 4, 3);
	ts_opt(&t, "population", HPS_V_INT, 8, NULL);
	hps_rng_seed(&r, 2);
	study_open(s, &hps_search_genetic, &t.sp);
	study_run(s, 40, 1, &r);
	last = &s->done[39];
	*last = (struct hps_trial_rec){.number = last->number, .state =
	    HPS_T_COMPLETED, .params = last->params, .objective = -1,
	    .has_objective = 1};	/* the best value of all */
	fresh_suggest(s, done);
	last->state = HPS_T_PRUNED;
	fresh_suggest(s, pruned);
	last->has_objective = 0;
	fresh_suggest(s, cut);
	last->state = HPS_T_FAILED;
	fresh_suggest(s, failed);
	ASSERT(same_next(&t.sp, pruned, done));
	ASSERT(same_next(&t.sp, cut, failed));
	ASSERT(!same_next(&t.sp, cut, done));
	study_close(s);
	free(s);
}

/*
 * A restarted daemon allocates the strategy afresh and hands it the whole
 * history: a fresh instance must suggest what the running one suggests.
 * With population 0, the default (30) and every default operator.
 */
static void
restart_matches(size_t population, int oldest)
{
	struct study *s = calloc(1, sizeof *s);
	struct hps_value v[4];
	struct tspace t;
	struct hps_rng r;
	char err[HPS_ERRMAX];
	size_t k, n, checks = 0;
	void *fresh;

	ts_floats(&t, 21, 4);
	if (population > 0)
		ts_opt(&t, "population", HPS_V_INT, (double)population, NULL);
	if (oldest)
		ts_opt(&t, "replace", HPS_V_STR, 0, "oldest");
	hps_rng_seed(&r, 3);
	study_open(s, &hps_search_genetic, &t.sp);
	while (s->index < 300) {
		while (s->npend < 6)
			ASSERT_EQ(study_ask(s), 0);
		/* several may finish between two asks */
		for (n = 1 + hps_rng_below(&r, 4); n > 0; n--) {
			k = hps_rng_below(&r, s->npend);
			study_finish(s, k, hps_rng_below(&r, 10) == 0 ?
			    HPS_T_FAILED : HPS_T_COMPLETED,
			    sphere(&t.sp, s->pend[k].params), 1);
		}
		if (hps_rng_below(&r, 8) != 0)
			continue;
		ASSERT_EQ(hps_search_genetic.alloc(&fresh, &t.sp, err,
		    sizeof err), 0);
		ASSERT_EQ(study_suggest(s, fresh, v), 0);
		ASSERT_EQ(study_ask(s), 0);
		ASSERT(same_values(&t.sp, v, s->vals[s->index - 1]));
		hps_search_genetic.free(fresh);
		checks++;
	}
	ASSERT(checks > 10);
	study_close(s);
	free(s);
}

TEST(restart_rebuilds_population)
{
	restart_matches(12, 0);
}

TEST(restart_rebuilds_population_oldest)
{
	restart_matches(12, 1);
}

TEST(restart_rebuilds_population_defaults)
{
	restart_matches(0, 0);
}

/*
 * Should the history given not extend the one last seen (it cannot happen
 * in the daemon, but a strategy must not trust it), the population is
 * rebuilt from scratch, as a fresh instance would.
 */
TEST(rewritten_history_is_refolded)
{
	struct study *s = calloc(1, sizeof *s);
	struct hps_value a[NEXT][3], b[NEXT][3], v[3];
	struct hps_trial_rec tmp;
	struct tspace t;
	struct hps_rng r;
	int i;

	ts_floats(&t, 6, 3);
	ts_opt(&t, "population", HPS_V_INT, 8, NULL);
	/* with oldest out, the population is the last 8 to finish */
	ts_opt(&t, "replace", HPS_V_STR, 0, "oldest");
	hps_rng_seed(&r, 12);
	study_open(s, &hps_search_genetic, &t.sp);
	study_run(s, 60, 3, &r);
	ASSERT_EQ(study_suggest(s, s->st, v), 0);
	/* the same trials, finished in the reverse order */
	for (i = 0; i < 30; i++) {
		tmp = s->done[i];
		s->done[i] = s->done[59 - i];
		s->done[59 - i] = tmp;
	}
	fresh_suggest(s, a);
	for (i = 0; i < NEXT; i++, s->index++)
		ASSERT_EQ(study_suggest(s, s->st, b[i]), 0);
	s->index -= NEXT;
	ASSERT(same_next(&t.sp, a, b));
	study_close(s);
	free(s);
}

/* A space of 4 x 3 x 2 x 5 = 120 points. */
static void
ts_discrete(struct tspace *t, uint64_t seed)
{
	static const char *opt[] = {"a", "b", "c"};

	ts_init(t, "genetic", seed);
	ts_add(t, HPS_P_INT, 1, 4, 1, 0);
	ts_strings(t, HPS_P_CAT, opt, 3);
	ts_bool(t);
	ts_add(t, HPS_P_FLOAT, 0, 0.4, 0.1, 0);
	ts_opt(t, "population", HPS_V_INT, 10, NULL);
}

/*
 * With 4 trials pending at all times, no configuration is suggested
 * twice; the space fills up to its last point, and only then is it
 * reported exhausted.
 */
TEST(no_duplicates_until_exhausted)
{
	struct study *s = calloc(1, sizeof *s);
	struct tspace t;
	struct hps_rng r;
	size_t i, j, k;
	int rc = 0;

	ts_discrete(&t, 8);
	hps_rng_seed(&r, 4);
	study_open(s, &hps_search_genetic, &t.sp);
	while (rc == 0) {
		while (s->npend < 4 && (rc = study_ask(s)) == 0)
			;
		if (s->npend == 0)
			break;
		k = hps_rng_below(&r, s->npend);
		study_finish(s, k, HPS_T_COMPLETED,
		    sphere(&t.sp, s->pend[k].params), 1);
	}
	ASSERT_EQ(rc, HPS_EEXHAUSTED);
	ASSERT_EQ(s->index, 120);
	for (i = 0; i < s->index; i++) {
		check_valid(&t.sp, s->vals[i]);
		for (j = 0; j < i; j++)
			ASSERT(!same_values(&t.sp, s->vals[i], s->vals[j]));
	}
	study_close(s);
	free(s);
}

/* A space of constants has one point: one trial, then exhausted. */
TEST(constant_space_exhausts_after_one)
{
	static const char *c[] = {"x"};
	struct study *s = calloc(1, sizeof *s);
	struct tspace t;

	ts_init(&t, "genetic", 1);
	ts_strings(&t, HPS_P_CONST, c, 1);
	study_open(s, &hps_search_genetic, &t.sp);
	ASSERT_EQ(study_ask(s), 0);
	ASSERT_EQ(study_ask(s), HPS_EEXHAUSTED);
	study_finish(s, 0, HPS_T_COMPLETED, 1, 1);
	ASSERT_EQ(study_ask(s), HPS_EEXHAUSTED);
	study_close(s);
	free(s);
}

/* The smallest valid space file with a genetic: section appended. */
#define HEAD                                                                  \
	"name: t\n"                                                           \
	"command: ./train {x}\n"                                              \
	"method: genetic\n"                                                   \
	"metric: {name: loss, goal: minimize}\n"                              \
	"budget: {trials: 5}\n"                                               \
	"parameters:\n"                                                       \
	"  x: {type: float, min: 0, max: 1}\n"                                \
	"genetic:\n"

/* alloc's error for a section, or "" when it is accepted. */
static void
alloc_err(const char *text, char *err, size_t len)
{
	struct hps_space *sp = NULL;
	void *st = NULL;
	int rc;

	err[0] = '\0';
	if (hps_space_parse(SPACE_FILE, text, strlen(text), &sp, err,
	    len) != 0)
		TEST_FAIL_("parse failed: %s", err);
	rc = hps_search_genetic.alloc(&st, sp, err, len);
	ASSERT(rc == 0 || rc == HPS_EPARSE);
	ASSERT(rc == 0 || st == NULL);
	if (rc == 0) {
		err[0] = '\0';
		hps_search_genetic.free(st);
	}
	hps_space_free(sp);
}

#define EXPECT_OPT_ERR(opts, pos, words)                                      \
	do {                                                                  \
		char err_[HPS_ERRMAX];                                        \
		alloc_err(HEAD opts, err_, sizeof err_);                      \
		ASSERT_STR_CONTAINS(err_, SPACE_FILE ":" pos ": ");           \
		ASSERT_STR_CONTAINS(err_, words);                             \
	} while (0)

TEST(options_errors_carry_position)
{
	char err[HPS_ERRMAX];

	EXPECT_OPT_ERR("  popluation: 20\n", "9:15", "did you mean "
	    "'population'");
	EXPECT_OPT_ERR("  population: 1\n", "9:15", "between 2 and");
	EXPECT_OPT_ERR("  population: 2.5\n", "9:15", "integer");
	EXPECT_OPT_ERR("  replace: best\n", "9:12", "worst|oldest");
	EXPECT_OPT_ERR("  mutation_prob: 1.5\n", "9:18", "between 0 and 1");
	EXPECT_OPT_ERR("  eta_crossover: fast\n", "9:18", "number");
	EXPECT_OPT_ERR("  population: 4\n  tournament: 5\n", "10:15",
	    "must not exceed");
	EXPECT_OPT_ERR("  lead_tournament: 0\n", "9:20", "between 1 and");
	EXPECT_OPT_ERR("  wide_mutation: 2\n", "9:18", "between 0 and 1");
	alloc_err(HEAD "  population: 20\n  replace: oldest\n"
	    "  crossover_prob: 0.8\n  eta_crossover: 10\n"
	    "  mutation_prob: 0.5\n  eta_mutation: 30\n  tournament: 3\n"
	    "  lead_tournament: 50\n  wide_mutation: 0.25\n",
	    err, sizeof err);
	ASSERT_STR_EQ(err, "");
}

/* The process's CPU seconds: other work on the machine does not count. */
static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * Under 1 ms of CPU a suggestion at 1,000 trials. A fresh instance's
 * first one, after a restart, folds the whole history in: a one-off,
 * allowed 10 ms so that a sanitizer build does not fail it (it takes
 * about 0.1 ms in a plain build).
 */
TEST(fast_at_1000_trials)
{
	struct study *s = calloc(1, sizeof *s);
	struct hps_value v[8];
	struct tspace t;
	struct hps_rng r;
	char err[HPS_ERRMAX];
	double t0, each, first;
	void *fresh;
	int i;

	ts_floats(&t, 5, 8);
	hps_rng_seed(&r, 6);
	study_open(s, &hps_search_genetic, &t.sp);
	study_run(s, 1000, 4, &r);
	t0 = cpu_now();
	for (i = 0; i < 200; i++)
		ASSERT_EQ(study_suggest(s, s->st, v), 0);
	each = (cpu_now() - t0) / 200;
	first = 0;
	for (i = 0; i < 20; i++) {
		ASSERT_EQ(hps_search_genetic.alloc(&fresh, &t.sp, err,
		    sizeof err), 0);
		t0 = cpu_now();
		ASSERT_EQ(study_suggest(s, fresh, v), 0);
		first += (cpu_now() - t0) / 20;
		hps_search_genetic.free(fresh);
	}
	printf("suggest %.1f us; fresh instance's first %.1f us\n",
	    each * 1e6, first * 1e6);
	ASSERT(each < 1e-3);
	ASSERT(first < 1e-2);
	study_close(s);
	free(s);
}


/*
 * On the issue's space, thousands of children: every one active exactly
 * where it applies (a child whose optimizer or depth changed has the
 * knobs of its new branch), within the constraints, none repeated, and
 * children keep coming from every branch.
 */
TEST(conditional_children_are_valid)
{
	struct hps_space *sp = cond_space("genetic", 4, COND_ISSUE);
	struct study *s = calloc(1, sizeof *s);
	struct hps_rng r;
	size_t i, j, opt[3] = {0}, deep = 0;

	hps_rng_seed(&r, 9);
	study_open(s, &hps_search_genetic, sp);
	study_run(s, 1500, 3, &r);
	for (i = 0; i < s->ndone; i++) {
		const struct hps_value *v = s->done[i].params;

		cond_check(sp, v);
		if (i < 500)
			continue;
		opt[v[0].str[0] == 's' ? 0 : v[0].str[0] == 'a' ? 1 : 2]++;
		deep += v[3].num >= 3;
	}
	for (i = 0; i < 3; i++)
		ASSERT(opt[i] > 0);
	ASSERT(deep > 0);
	for (i = 0; i < 300; i++)
		for (j = 0; j < i; j++)
			ASSERT(!same_values(sp, s->done[i].params,
			    s->done[j].params));
	study_close(s);
	free(s);
	hps_space_free(sp);
}

/*
 * Several objectives: four finished trials at far-apart points of the
 * unit square, with given objectives (minimised), in a population of 3.
 * With no crossover, no mutation of its own and a random lead parent,
 * every child is its parent moved a little (the duplicate's forced
 * mutation with eta 1000), so the children show who is in the
 * population. Which one is not is the test's question.
 */
static void
front_space(struct tspace *t, struct hps_objective *objs,
    struct hps_limit *lim)
{
	ts_init(t, "genetic", 11);
	ts_add(t, HPS_P_FLOAT, 0, 1, 0, 0);
	ts_add(t, HPS_P_FLOAT, 0, 1, 0, 0);
	ts_opt(t, "population", HPS_V_INT, 3, NULL);
	ts_opt(t, "lead_tournament", HPS_V_INT, 1, NULL);
	ts_opt(t, "crossover_prob", HPS_V_INT, 0, NULL);
	ts_opt(t, "mutation_prob", HPS_V_INT, 0, NULL);
	ts_opt(t, "eta_mutation", HPS_V_INT, 1000, NULL);
	objs[0] = (struct hps_objective){.metric = "a", .goal = HPS_MINIMIZE};
	objs[1] = (struct hps_objective){.metric = "b", .goal = HPS_MAXIMIZE};
	t->sp.objectives = objs;
	t->sp.nobj = 2;
	if (lim != NULL) {
		t->sp.limits = lim;
		t->sp.nlimits = 1;
	}
}

static const double front_at[4][2] = {{0.1, 0.1}, {0.9, 0.9}, {0.5, 0.2},
    {0.3, 0.8}};

/* Trial k of front_at with objectives (a, b) and limit value c. */
static void
front_trial(struct study *s, size_t k, const double *y, const double *c,
    int feasible)
{
	struct hps_value *v = calloc(2, sizeof *v);

	ASSERT(v != NULL);
	v[0] = (struct hps_value){HPS_V_FLOAT, front_at[k][0], NULL};
	v[1] = (struct hps_value){HPS_V_FLOAT, front_at[k][1], NULL};
	s->vals[s->index] = v;
	s->done[s->ndone++] = (struct hps_trial_rec){.number = (long)k,
	    .state = HPS_T_COMPLETED, .params = v, .objective = y[0],
	    .has_objective = feasible, .obj = y, .lim = c};
	s->index++;
}

/* How many of 200 children are near each trial of front_at. */
static void
front_children(struct study *s, size_t *near)
{
	struct hps_value out[2];
	double dx, dy;
	size_t i, k;

	memset(near, 0, 4 * sizeof *near);
	for (i = 0; i < 200; i++) {
		struct hps_ask ask = {s->sp, s->done, s->ndone, NULL, 0,
		    100 + i, NULL, 0};

		ASSERT_EQ(s->type->suggest(s->st, &ask, out), 0);
		for (k = 0; k < 4; k++) {
			dx = out[0].num - front_at[k][0];
			dy = out[1].num - front_at[k][1];
			near[k] += dx * dx + dy * dy < 0.05 * 0.05;
		}
		hps_value_clear(&out[0]);
		hps_value_clear(&out[1]);
	}
}

/*
 * (0, 0), (1, -1), (0.5, -0.5) and (0.52, -0.51) as (a, -b): none
 * dominates another, and the last adds least hypervolume (0.0048 against
 * the third's 0.01 and the ends' 0.05), so SMS-EMOA drops it.
 */
TEST(several_objectives_keep_the_front)
{
	static double y[4][2] = {{0, 0}, {1, 1}, {0.5, 0.5}, {0.52, 0.51}};
	struct hps_objective objs[2];
	struct study *s = calloc(1, sizeof *s);
	struct tspace t;
	size_t near[4], k;

	ASSERT(s != NULL);
	front_space(&t, objs, NULL);
	study_open(s, &hps_search_genetic, &t.sp);
	for (k = 0; k < 4; k++)
		front_trial(s, k, y[k], NULL, 1);
	front_children(s, near);
	ASSERT_EQ(near[3], 0);
	for (k = 0; k < 3; k++)
		ASSERT(near[k] > 20);
	study_close(s);
	free(s);
}

/*
 * With a limit, a trial outside it ranks after every feasible one
 * however good its objectives, and of two infeasible ones the nearer to
 * the limit ranks first.
 */
TEST(infeasible_trials_rank_after_feasible)
{
	static double y[4][2] = {{0.5, 0.5}, {0.6, 0.4}, {-9, 9}, {-9, 9}};
	static double c[4] = {1, 2, 3.5, 7};
	struct hps_limit lim = {.metric = "c", .has_max = 1, .max = 3};
	struct hps_objective objs[2];
	struct study *s = calloc(1, sizeof *s);
	struct tspace t;
	size_t near[4], k;

	ASSERT(s != NULL);
	front_space(&t, objs, &lim);
	study_open(s, &hps_search_genetic, &t.sp);
	for (k = 0; k < 4; k++)
		front_trial(s, k, y[k], &c[k], c[k] <= 3);
	front_children(s, near);
	ASSERT(near[0] > 20 && near[1] > 20 && near[2] > 20);
	ASSERT_EQ(near[3], 0);
	study_close(s);
	free(s);
}

TEST_MAIN(children_stay_valid, start_follows_sobol_index, converges_on_sphere,
    maximize_converges_too, failures_rank_last,
    pruned_counts_by_has_objective, restart_rebuilds_population,
    restart_rebuilds_population_oldest, restart_rebuilds_population_defaults,
    rewritten_history_is_refolded,
    no_duplicates_until_exhausted,
    constant_space_exhausts_after_one, options_errors_carry_position,
    fast_at_1000_trials,
    conditional_children_are_valid, several_objectives_keep_the_front,
    infeasible_trials_rank_after_feasible)
