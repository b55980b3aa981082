/*
 * Unit tests for early stopping with several objectives (search/prune.c,
 * search/prune_asha.c): multi-objective ASHA on hand-made curves whose
 * decisions are worked out below (non-dominated rank, then hypervolume
 * contribution), and the rules refused with several objectives.
 */
#include "hps/error.h"
#include "hps/prune.h"
#include "test.h"

#define OPT_S(k, s, l) {(k), (l), 3, 0, {HPS_V_STR, 0, (s)}, NULL, 0}
#define OPT_I(k, n, l) {(k), (l), 3, 0, {HPS_V_INT, (n), NULL}, NULL, 0}
#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

static struct hps_space space;
static struct hps_section section;
static struct hps_objective objs[2];

/* Two objectives, loss and params, each with its goal and summary. */
static const struct hps_space *
space_with(struct hps_opt *opts, size_t n, enum hps_goal goal0,
    enum hps_summary summary1)
{
	memset(&space, 0, sizeof space);
	objs[0] = (struct hps_objective){"loss", goal0, HPS_SUM_LAST, 0, 0};
	objs[1] = (struct hps_objective){"params", HPS_MINIMIZE, summary1, 0,
	    0};
	space.path = "sp.yaml";
	space.metric = "loss";
	space.goal = goal0;
	space.summary = HPS_SUM_LAST;
	space.objectives = objs;
	space.nobj = 2;
	section = (struct hps_section){"early_stopping", 10, 1, opts, n};
	space.sections = &section;
	space.nsections = 1;
	return &space;
}

static struct hps_pruner *
pruner(struct hps_opt *opts, size_t n, enum hps_goal goal0,
    enum hps_summary summary1)
{
	struct hps_pruner *p;
	char err[HPS_ERRMAX];

	if (hps_pruner_new(space_with(opts, n, goal0, summary1), &p, err,
	    sizeof err) != 0)
		TEST_FAIL_("hps_pruner_new: %s", err);
	return p;
}

static struct hps_opt asha2[] = {OPT_S("rule", "asha", 11),
    OPT_I("min_steps", 1, 12), OPT_I("max_steps", 16, 13),
    OPT_I("eta", 2, 14)};

/* Trial t prints params once at step 0, then its loss at step. */
static int
arrive(struct hps_pruner *p, long t, double params, double step,
    double loss)
{
	ASSERT_EQ(hps_pruner_report_more(p, t, 1, 0, params), 0);
	return hps_pruner_report(p, t, step, loss);
}

TEST(a_dominated_trial_stops_and_contribution_orders_a_front)
{
	struct hps_pruner *p = pruner(asha2, NOPTS(asha2), HPS_MINIMIZE,
	    HPS_SUM_LAST);

	/* Rung at step 1; max(1, floor(n / 2)) go on. */
	ASSERT_EQ(arrive(p, 0, 1, 1, 1.0), 0);		/* (1, 1): first */
	ASSERT_EQ(arrive(p, 1, 2, 1, 2.0), 1);		/* (2, 2) dominated */
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "non-dominated rank 2,"
	    " place 2 of 2");
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "only the top 1 go on");
	/*
	 * (0.5, 3) is on the front with (1, 1), but the reference (each
	 * worst plus a tenth of the spread: 2.15, 3.21) leaves it 0.2 of
	 * exclusive volume against 2.3 for (1, 1): second, and n = 3 keeps
	 * one.
	 */
	ASSERT_EQ(arrive(p, 2, 3, 1, 0.5), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "non-dominated rank 1,"
	    " place 2 of 3");
	/* (0.9, 0.9) dominates (1, 1) and leads: n = 4 keeps two. */
	ASSERT_EQ(arrive(p, 3, 0.9, 1, 0.9), 0);
	/* (0.95, 2.5): dominated by (0.9, 0.9) only, so the second rank
	 * with (1, 1), which dominates far more there: place 4 of 5, and
	 * floor(5 / 2) = 2 go on. */
	ASSERT_EQ(arrive(p, 4, 2.5, 1, 0.95), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "non-dominated rank 2,"
	    " place 4 of 5");
	hps_pruner_free(p);
}

TEST(a_maximised_objective_is_turned)
{
	struct hps_pruner *p = pruner(asha2, NOPTS(asha2), HPS_MAXIMIZE,
	    HPS_SUM_LAST);

	ASSERT_EQ(arrive(p, 0, 100, 1, 0.8), 0);
	ASSERT_EQ(arrive(p, 1, 100, 1, 0.9), 0);	/* dominates trial 0 */
	ASSERT_EQ(arrive(p, 2, 200, 1, 0.7), 1);	/* dominated by both */
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "non-dominated rank 3");
	hps_pruner_free(p);
}

TEST(a_trial_without_every_objective_is_not_judged)
{
	struct hps_pruner *p = pruner(asha2, NOPTS(asha2), HPS_MINIMIZE,
	    HPS_SUM_LAST);

	ASSERT_EQ(arrive(p, 0, 1, 1, 1.0), 0);
	/* No params yet: however bad its loss, it goes on, unrecorded. */
	ASSERT_EQ(hps_pruner_report(p, 1, 1, 9.0), 0);
	ASSERT_EQ(arrive(p, 2, 2, 1, 2.0), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "place 2 of 2");
	/* Params that come only after the rung's step do not count there. */
	ASSERT_EQ(hps_pruner_report_more(p, 3, 1, 2, 0.1), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 9.0), 0);
	hps_pruner_free(p);
}

/* Trial 1's params fall from 3 to 0.5 at step 1 and rise to 3 at step 2;
 * it jumps to step 2, reaching rungs 1 and 2 at once. */
static int
jump_with_summary(enum hps_summary summary1)
{
	struct hps_pruner *p = pruner(asha2, NOPTS(asha2), HPS_MINIMIZE,
	    summary1);
	int stop;

	ASSERT_EQ(hps_pruner_report_more(p, 0, 1, 1, 1.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 0, 1, 1.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 0, 2, 1.0), 0);	/* (1, 1) at both */
	ASSERT_EQ(hps_pruner_report_more(p, 1, 1, 1, 0.5), 0);
	ASSERT_EQ(hps_pruner_report_more(p, 1, 1, 2, 3.0), 0);
	stop = hps_pruner_report(p, 1, 2, 1.0);
	hps_pruner_free(p);
	return stop;
}

TEST(each_objective_is_summarised_at_the_rung_step)
{
	/* Best: (1, 0.5) dominates (1, 1) at both rungs. Last: (1, 0.5) at
	 * rung 1, then (1, 3) is dominated at rung 2. */
	ASSERT_EQ(jump_with_summary(HPS_SUM_BEST), 0);
	ASSERT_EQ(jump_with_summary(HPS_SUM_LAST), 1);
}

/* Trial t's curve: params at steps 1..4 and loss at steps 1..4. */
static double
loss_of(long t, int step)
{
	return 1.0 / (double)(step + 1) + 0.07 * (double)((t * 5) % 7);
}

static double
params_of(long t, int step)
{
	return 10.0 + (double)((t * 3) % 5) - 0.5 * step;
}

TEST(replay_in_store_order_gives_the_same_state)
{
	struct hps_pruner *live = pruner(asha2, NOPTS(asha2), HPS_MINIMIZE,
	    HPS_SUM_BEST);
	struct hps_pruner *replay = pruner(asha2, NOPTS(asha2), HPS_MINIMIZE,
	    HPS_SUM_BEST);
	char reason[512];
	long t;
	int s, a, b;

	/* Live: line by line, the further objective first on each line. */
	for (t = 0; t < 8; t++) {
		for (s = 1; s <= 4; s++) {
			hps_pruner_report_more(live, t, 1, s, params_of(t, s));
			if (hps_pruner_report(live, t, s, loss_of(t, s)) == 1)
				break;
		}
		hps_pruner_end(live, t, s <= 4 ? HPS_T_PRUNED :
		    HPS_T_COMPLETED);
	}
	/* Replay: what the store has, params of every trial first. */
	for (t = 0; t < 8; t++)
		for (s = 1; s <= 4; s++)
			hps_pruner_report_more(replay, t, 1, s, params_of(t, s));
	for (t = 0; t < 8; t++) {
		for (s = 1; s <= 4; s++)
			if (hps_pruner_report(replay, t, s, loss_of(t, s)) == 1)
				break;
		hps_pruner_end(replay, t, s <= 4 ? HPS_T_PRUNED :
		    HPS_T_COMPLETED);
	}
	for (t = 8; t < 12; t++) {
		a = arrive(live, t, params_of(t, 1), 1, loss_of(t, 1));
		snprintf(reason, sizeof reason, "%s", hps_pruner_reason(live));
		b = arrive(replay, t, params_of(t, 1), 1, loss_of(t, 1));
		ASSERT_EQ(a, b);
		ASSERT_STR_EQ(reason, hps_pruner_reason(replay));
	}
	hps_pruner_free(live);
	hps_pruner_free(replay);
}

/* hps_pruner_new's error for rule with two objectives. */
static const char *
refused(struct hps_opt *opts, size_t n)
{
	static char err[HPS_ERRMAX];
	struct hps_pruner *p = NULL;

	ASSERT_EQ(hps_pruner_new(space_with(opts, n, HPS_MINIMIZE,
	    HPS_SUM_LAST), &p, err, sizeof err), HPS_EPARSE);
	ASSERT(p == NULL);
	return err;
}

TEST(median_and_hyperband_refused_with_the_reason)
{
	static struct hps_opt median[] = {OPT_S("rule", "median", 11)};
	static struct hps_opt hb[] = {OPT_S("rule", "hyperband", 12),
	    OPT_I("min_iter", 3, 13)};
	static struct hps_opt none[] = {OPT_S("rule", "none", 11)};
	struct hps_pruner *p;

	ASSERT_STR_CONTAINS(refused(median, 1), "sp.yaml:11:3: early_stopping"
	    " rule median compares one value per trial (its best against the"
	    " median of the others), and with 2 objectives a trial has 2;"
	    " use rule: asha");
	ASSERT_STR_CONTAINS(refused(hb, 2), "sp.yaml:12:3: early_stopping"
	    " rule hyperband compares one value per trial");
	p = pruner(none, 1, HPS_MINIMIZE, HPS_SUM_LAST);
	ASSERT_EQ(hps_pruner_report_more(p, 0, 1, 1, 5), 0);
	ASSERT_EQ(hps_pruner_report(p, 0, 1, 5), 0);
	hps_pruner_free(p);
}

TEST_MAIN(a_dominated_trial_stops_and_contribution_orders_a_front,
    a_maximised_objective_is_turned,
    a_trial_without_every_objective_is_not_judged,
    each_objective_is_summarised_at_the_rung_step,
    replay_in_store_order_gives_the_same_state,
    median_and_hyperband_refused_with_the_reason)
