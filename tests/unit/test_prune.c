/*
 * Unit tests for the early-stopping rules (search/prune*.c): hand-made
 * curves where the trial to stop, and the step, are known in advance.
 */
#include "hps/error.h"
#include "hps/prune.h"
#include "test.h"

#define OPT_S(k, s, l) {(k), (l), 3, 0, {HPS_V_STR, 0, (s)}, NULL, 0}
#define OPT_I(k, n, l) {(k), (l), 3, 0, {HPS_V_INT, (n), NULL}, NULL, 0}
#define OPT_F(k, n, l) {(k), (l), 3, 0, {HPS_V_FLOAT, (n), NULL}, NULL, 0}
#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

static struct hps_space space;
static struct hps_section section;

/* A space whose only interesting part is its early_stopping: section. */
static const struct hps_space *
space_with(struct hps_opt *opts, size_t n, enum hps_goal goal,
    enum hps_summary summary)
{
	memset(&space, 0, sizeof space);
	space.path = "sp.yaml";
	space.goal = goal;
	space.summary = summary;
	section.name = "early_stopping";
	section.line = 10;
	section.col = 1;
	section.opts = opts;
	section.nopts = n;
	space.sections = &section;
	space.nsections = opts ? 1 : 0;
	return &space;
}

static struct hps_pruner *
pruner(struct hps_opt *opts, size_t n, enum hps_goal goal,
    enum hps_summary summary)
{
	struct hps_pruner *p;
	char err[HPS_ERRMAX];
	int rc;

	rc = hps_pruner_new(space_with(opts, n, goal, summary), &p, err,
	    sizeof err);
	if (rc != 0)
		TEST_FAIL_("hps_pruner_new: %s", err);
	return p;
}

/* hps_pruner_new's error for these options (it must fail). */
static const char *
pruner_err(struct hps_opt *opts, size_t n)
{
	static char err[HPS_ERRMAX];
	struct hps_pruner *p = NULL;

	err[0] = '\0';
	ASSERT_EQ(hps_pruner_new(space_with(opts, n, HPS_MINIMIZE,
	    HPS_SUM_LAST), &p, err, sizeof err), HPS_EPARSE);
	ASSERT(p == NULL);
	return err;
}

/* Feed a whole curve (steps 1..n) and end the trial; no stop expected. */
static void
feed_completed(struct hps_pruner *p, long trial, const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ASSERT_EQ(hps_pruner_report(p, trial, (long)i + 1, v[i]), 0);
	hps_pruner_end(p, trial, HPS_T_COMPLETED);
}

/* Three finished curves, steps 1..6, that the median tests compare with. */
static void
median_history(struct hps_pruner *p)
{
	static const double a[] = {1.0, 0.8, 0.6, 0.5, 0.4, 0.35};
	static const double b[] = {1.1, 0.85, 0.65, 0.55, 0.45, 0.4};
	static const double c[] = {0.9, 0.7, 0.55, 0.45, 0.35, 0.3};

	feed_completed(p, 0, a, 6);
	feed_completed(p, 1, b, 6);
	feed_completed(p, 2, c, 6);
}

static struct hps_opt median3[] = {OPT_S("rule", "median", 11),
    OPT_I("min_trials", 3, 12)};

TEST(median_stops_clearly_worse_trial)
{
	struct hps_pruner *p = pruner(median3, 2, HPS_MINIMIZE, HPS_SUM_LAST);

	median_history(p);
	/* Step 1 is the warm-up: never judged, however bad. */
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 5.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 2, 1.4), 1);
	ASSERT_STR_EQ(hps_pruner_name(p), "median");
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "step 2:");
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "best 1.4");
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "median 0.8 of 3 trials");
	ASSERT_EQ(hps_pruner_pruned_counts(p), 0);
	hps_pruner_free(p);
}

TEST(median_compares_best_so_far)
{
	struct hps_pruner *p = pruner(median3, 2, HPS_MINIMIZE, HPS_SUM_LAST);

	median_history(p);
	/* 0.75 at step 2 beats the median 0.8; a bump to 0.9 at step 3 is
	 * still judged by the best so far (0.75 > 0.6 stops it). */
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 0.9), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 2, 0.75), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 3, 0.9), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "best 0.75");
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "median 0.6 ");
	hps_pruner_free(p);
}

TEST(median_never_stops_the_best_or_a_tie)
{
	struct hps_pruner *p = pruner(median3, 2, HPS_MINIMIZE, HPS_SUM_LAST);
	static const double good[] = {0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
	static const double tie[] = {1.0, 0.8, 0.6, 0.5, 0.4, 0.35};
	size_t i;

	median_history(p);
	/* The tie reports each step before the good trial gets there, so
	 * its median is exactly trial 0's value. */
	for (i = 0; i < 6; i++) {
		ASSERT_EQ(hps_pruner_report(p, 4, (long)i + 1, tie[i]), 0);
		ASSERT_EQ(hps_pruner_report(p, 3, (long)i + 1, good[i]), 0);
	}
	hps_pruner_free(p);
}

TEST(median_waits_for_min_trials)
{
	static struct hps_opt o[] = {OPT_S("rule", "median", 11)};
	static const double ok[] = {1.0, 0.8, 0.6, 0.5};
	struct hps_pruner *p = pruner(o, 1, HPS_MINIMIZE, HPS_SUM_LAST);
	long t;

	/* The default min_trials is 5: four completed trials are not enough,
	 * however many running trials have values. */
	for (t = 0; t < 4; t++)
		feed_completed(p, t, ok, 4);
	ASSERT_EQ(hps_pruner_report(p, 10, 1, 9.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 10, 2, 9.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 11, 1, 9.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 11, 2, 9.0), 0);
	/* Failed and pruned trials are not completed ones. */
	ASSERT_EQ(hps_pruner_report(p, 12, 1, 0.5), 0);
	hps_pruner_end(p, 12, HPS_T_FAILED);
	hps_pruner_end(p, 11, HPS_T_PRUNED);
	ASSERT_EQ(hps_pruner_report(p, 10, 3, 9.0), 0);
	feed_completed(p, 4, ok, 4);
	ASSERT_EQ(hps_pruner_report(p, 10, 4, 9.0), 1);
	hps_pruner_free(p);
}

TEST(median_warmup_and_interval)
{
	static struct hps_opt o[] = {OPT_S("rule", "median", 11),
	    OPT_I("min_trials", 3, 12), OPT_I("warmup_steps", 2, 13),
	    OPT_I("interval", 3, 14)};
	static const double late[] = {0.9, 0.7, 0.55, 0.7, 0.7, 0.7};
	struct hps_pruner *p = pruner(o, 4, HPS_MINIMIZE, HPS_SUM_LAST);

	median_history(p);
	/* Checkpoints at steps 3, 6, 9: terrible at 1 and 2 (warm-up), good
	 * at 3, behind at 4 and 5 (not checkpoints), stopped at 6. */
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 9.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 2, 9.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 3, late[2]), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 4, late[3]), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 5, late[4]), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 6, late[5]), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "step 6:");
	hps_pruner_free(p);
}

TEST(median_skipped_steps_meet_checkpoints)
{
	static struct hps_opt o[] = {OPT_S("rule", "median", 11),
	    OPT_I("min_trials", 3, 12), OPT_I("warmup_steps", 0, 13),
	    OPT_I("interval", 3, 14)};
	struct hps_pruner *p = pruner(o, 4, HPS_MINIMIZE, HPS_SUM_LAST);

	median_history(p);
	/* Checkpoints 1, 4, 7: a trial reporting at 2, 3 and 5 is judged at
	 * 2 (the first report past 1; 0.79 beats the median 0.8), not at 3
	 * (where the median 0.6 would stop it), and at 5 (first past 4). */
	ASSERT_EQ(hps_pruner_report(p, 3, 2, 0.79), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 3, 0.79), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 5, 0.79), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "step 5:");
	hps_pruner_free(p);
}

TEST(median_counts_running_trials_that_reached_the_step)
{
	static struct hps_opt o[] = {OPT_S("rule", "median", 11),
	    OPT_I("min_trials", 1, 12)};
	static const double done[] = {1.0, 0.5, 0.4};
	struct hps_pruner *p = pruner(o, 2, HPS_MINIMIZE, HPS_SUM_LAST);

	feed_completed(p, 0, done, 3);
	/* Two running trials reached step 2 with 0.2 and 0.3; one more
	 * running trial has only step 1 and does not count at step 2. */
	ASSERT_EQ(hps_pruner_report(p, 1, 1, 0.3), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 2, 0.2), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 1, 0.3), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 2, 0.3), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 0.1), 0);
	/* Median of 0.5, 0.2, 0.3 is 0.3: 0.45 is behind it although it
	 * beats the one completed trial. */
	ASSERT_EQ(hps_pruner_report(p, 4, 1, 2.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 4, 2, 0.45), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "median 0.3 of 3 trials");
	hps_pruner_free(p);
}

TEST(median_carries_a_skipped_step_forward)
{
	static struct hps_opt o[] = {OPT_S("rule", "median", 11),
	    OPT_I("min_trials", 2, 12), OPT_I("warmup_steps", 0, 13)};
	struct hps_pruner *p = pruner(o, 3, HPS_MINIMIZE, HPS_SUM_LAST);

	/* Trial 0 reported steps 1 and 3 only: at step 2 it counts with its
	 * step-1 value, 0.9. Trial 1 has 0.6 at step 2: the median is 0.75.
	 * Trial 2 never reached step 2 and does not count. */
	ASSERT_EQ(hps_pruner_report(p, 0, 1, 0.9), 0);
	ASSERT_EQ(hps_pruner_report(p, 0, 3, 0.5), 0);
	hps_pruner_end(p, 0, HPS_T_COMPLETED);
	ASSERT_EQ(hps_pruner_report(p, 1, 2, 0.6), 0);
	hps_pruner_end(p, 1, HPS_T_COMPLETED);
	ASSERT_EQ(hps_pruner_report(p, 2, 1, 0.1), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 2, 0.8), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "median 0.75 of 2 trials");
	hps_pruner_free(p);
}

TEST(median_maximize)
{
	struct hps_pruner *p = pruner(median3, 2, HPS_MAXIMIZE, HPS_SUM_LAST);
	static const double a[] = {0.5, 0.6, 0.7};
	static const double b[] = {0.55, 0.65, 0.75};
	static const double c[] = {0.45, 0.62, 0.72};

	feed_completed(p, 0, a, 3);
	feed_completed(p, 1, b, 3);
	feed_completed(p, 2, c, 3);
	/* Accuracy: higher is better; 0.63 at step 2 beats the median 0.62,
	 * 0.64 at step 3 is behind the median 0.72. */
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 0.1), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 2, 0.63), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 3, 0.64), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "best 0.64 worse than the "
	    "median 0.72");
	/* The best at every step is never stopped. */
	ASSERT_EQ(hps_pruner_report(p, 4, 2, 0.9), 0);
	ASSERT_EQ(hps_pruner_report(p, 4, 3, 0.95), 0);
	hps_pruner_free(p);
}

TEST(nonfinite_values_and_ended_trials_are_ignored)
{
	struct hps_pruner *p = pruner(median3, 2, HPS_MINIMIZE, HPS_SUM_LAST);

	median_history(p);
	ASSERT_EQ(hps_pruner_report(p, 3, 2, NAN), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 2, INFINITY), 0);
	/* A value after the end (the daemon never sends one) changes
	 * nothing: trial 0 still has 0.6 at step 3, so the median stays. */
	ASSERT_EQ(hps_pruner_report(p, 0, 3, 99), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 3, 0.61), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "median 0.6 ");
	hps_pruner_free(p);
}

static struct hps_opt asha27[] = {OPT_S("rule", "asha", 11),
    OPT_I("min_steps", 1, 12), OPT_I("max_steps", 27, 13),
    OPT_I("eta", 3, 14)};

TEST(asha_keeps_the_top_third_of_each_rung)
{
	struct hps_pruner *p = pruner(asha27, 4, HPS_MINIMIZE, HPS_SUM_LAST);
	static const double v[] = {0.5, 0.6, 0.4, 0.45, 0.7, 0.3, 0.42,
	    0.35};
	static const int stop[] = {0, 1, 0, 1, 1, 0, 1, 0};
	long t;

	/* n at the rung and how many go on: 1:1 2:1 3:1 4:1 5:1 6:2 7:2 8:2.
	 * The first trial at the rung always goes on. */
	for (t = 0; t < 8; t++)
		ASSERT_EQ(hps_pruner_report(p, t, 1, v[t]), stop[t]);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "ranks 3 of 7");
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "top 2 go on");
	ASSERT_STR_EQ(hps_pruner_name(p), "asha");
	ASSERT_EQ(hps_pruner_pruned_counts(p), 1);
	hps_pruner_free(p);
}

TEST(asha_steps_between_rungs_are_free)
{
	struct hps_pruner *p = pruner(asha27, 4, HPS_MINIMIZE, HPS_SUM_LAST);

	ASSERT_EQ(hps_pruner_report(p, 0, 1, 0.5), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 1, 0.4), 0);
	/* Trial 1 is far behind at step 2, but 2 is no rung. */
	ASSERT_EQ(hps_pruner_report(p, 0, 2, 0.1), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 2, 0.9), 0);
	ASSERT_EQ(hps_pruner_report(p, 0, 3, 0.1), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 3, 0.9), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "rung 1 at step 3");
	hps_pruner_free(p);
}

TEST(asha_asynchronous_out_of_order)
{
	struct hps_pruner *p = pruner(asha27, 4, HPS_MINIMIZE, HPS_SUM_LAST);

	/* Trials start and finish out of order; nobody waits for a rung to
	 * fill. Trial 2 gets to rung 9 first and goes on alone; trial 0,
	 * arriving there later and worse, is stopped. */
	ASSERT_EQ(hps_pruner_report(p, 0, 1, 0.50), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 1, 0.40), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 3, 0.30), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 1, 0.60), 1);
	hps_pruner_end(p, 1, HPS_T_PRUNED);
	ASSERT_EQ(hps_pruner_report(p, 0, 3, 0.35), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "ranks 2 of 2");
	hps_pruner_end(p, 0, HPS_T_PRUNED);
	ASSERT_EQ(hps_pruner_report(p, 2, 9, 0.20), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 27, 0.10), 0);
	hps_pruner_end(p, 2, HPS_T_COMPLETED);
	/* A later trial that beats trial 2 at rung 3 goes on; one behind
	 * both is stopped (n = 4 there, so only the best goes on). */
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 0.1), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 3, 0.25), 0);
	ASSERT_EQ(hps_pruner_report(p, 4, 1, 0.05), 0);
	ASSERT_EQ(hps_pruner_report(p, 4, 3, 0.27), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "ranks 2 of 4");
	hps_pruner_free(p);
}

TEST(asha_no_rung_at_max_steps)
{
	static struct hps_opt o9[] = {OPT_S("rule", "asha", 11),
	    OPT_I("max_steps", 9, 13)};
	static struct hps_opt o10[] = {OPT_S("rule", "asha", 11),
	    OPT_I("max_steps", 10, 13)};
	struct hps_pruner *p;
	int i;

	/* Rungs 1 and 3 below max_steps 9; with max_steps 10 also rung 9. */
	for (i = 0; i < 2; i++) {
		p = pruner(i ? o10 : o9, 2, HPS_MINIMIZE, HPS_SUM_LAST);
		ASSERT_EQ(hps_pruner_report(p, 0, 1, 0.5), 0);
		ASSERT_EQ(hps_pruner_report(p, 0, 3, 0.4), 0);
		ASSERT_EQ(hps_pruner_report(p, 0, 9, 0.1), 0);
		ASSERT_EQ(hps_pruner_report(p, 1, 1, 0.4), 0);
		ASSERT_EQ(hps_pruner_report(p, 1, 3, 0.3), 0);
		ASSERT_EQ(hps_pruner_report(p, 1, 9, 0.9), i);
		hps_pruner_free(p);
	}
}

TEST(asha_jumping_over_rungs_records_each)
{
	static struct hps_opt o[] = {OPT_S("rule", "asha", 11)};
	struct hps_pruner *p = pruner(o, 1, HPS_MINIMIZE, HPS_SUM_LAST);

	/* Without max_steps the rungs go on: 1, 3, 9, 27, ... Trial 0 jumps
	 * from step 1 to 10, so it is recorded at rungs 3 and 9 with 0.2. */
	ASSERT_EQ(hps_pruner_report(p, 0, 1, 0.5), 0);
	ASSERT_EQ(hps_pruner_report(p, 0, 10, 0.2), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 1, 0.4), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 3, 0.3), 1);
	ASSERT_EQ(hps_pruner_report(p, 2, 1, 0.3), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 3, 0.1), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 9, 0.25), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "rung 2 at step 9");
	ASSERT_EQ(hps_pruner_report(p, 2, 81, 0.01), 0);
	/* A jump from 1 to 9 with 0.15 leads at rung 9 but ranks 2 of 4 at
	 * rung 3: every rung it passed judges it. */
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 0.2), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 9, 0.15), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "rung 1 at step 3): 0.15 "
	    "ranks 2 of 4");
	hps_pruner_free(p);
}

TEST(asha_ties_go_on_together)
{
	struct hps_pruner *p = pruner(asha27, 4, HPS_MINIMIZE, HPS_SUM_LAST);

	ASSERT_EQ(hps_pruner_report(p, 0, 1, 0.5), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 1, 0.5), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 1, 0.5), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 1, 0.5000001), 1);
	hps_pruner_free(p);
}

TEST(asha_rung_value_follows_the_summary)
{
	struct hps_pruner *p;
	int best;

	/* Trial 1 dipped to 0.3 at step 2 and is at 0.6 at rung 3; trial 0
	 * has 0.5 there. Ranked by the best so far it goes on; by the last
	 * value it is stopped. */
	for (best = 0; best < 2; best++) {
		p = pruner(asha27, 4, HPS_MINIMIZE,
		    best ? HPS_SUM_BEST : HPS_SUM_LAST);
		ASSERT_EQ(hps_pruner_report(p, 0, 1, 0.7), 0);
		ASSERT_EQ(hps_pruner_report(p, 0, 3, 0.5), 0);
		ASSERT_EQ(hps_pruner_report(p, 1, 1, 0.6), 0);
		ASSERT_EQ(hps_pruner_report(p, 1, 2, 0.3), 0);
		ASSERT_EQ(hps_pruner_report(p, 1, 3, 0.6), !best);
		hps_pruner_free(p);
	}
}

TEST(asha_maximize_and_fractional_eta)
{
	static struct hps_opt o[] = {OPT_S("rule", "asha", 11),
	    OPT_I("min_steps", 2, 12), OPT_F("eta", 1.5, 14)};
	struct hps_pruner *p = pruner(o, 3, HPS_MAXIMIZE, HPS_SUM_LAST);

	/* Rungs at 2, 3, 5 (ceil of 2, 3, 4.5); higher is better; with
	 * eta 1.5, 3 trials at a rung keep 2. */
	ASSERT_EQ(hps_pruner_report(p, 0, 2, 0.5), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 2, 0.7), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 2, 0.6), 0);
	ASSERT_EQ(hps_pruner_report(p, 3, 2, 0.55), 1);
	ASSERT_EQ(hps_pruner_report(p, 1, 4, 0.8), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 4, 0.7), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "rung 1 at step 3");
	ASSERT_EQ(hps_pruner_report(p, 1, 5, 0.9), 0);
	hps_pruner_free(p);
}

/* One report of a scripted run: trial, step, value (end: step < 0). */
struct ev {
	long trial, step;
	double value;
};

static void
run_events(struct hps_pruner *p, const struct ev *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (e[i].step < 0)
			hps_pruner_end(p, e[i].trial, (enum hps_tstate)
			    -e[i].step);
		else
			(void)hps_pruner_report(p, e[i].trial, e[i].step,
			    e[i].value);
	}
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->trial != y->trial)
		return x->trial < y->trial ? -1 : 1;
	/* Ends (negative steps) after the values, as the daemon replays. */
	if ((x->step < 0) != (y->step < 0))
		return x->step < 0 ? 1 : -1;
	return x->step < y->step ? -1 : x->step > y->step;
}

/*
 * An interleaved live run, then the daemon's replay of the same stored
 * data in trial order: every probe afterwards must be judged alike.
 */
static void
check_replay(struct hps_opt *o, size_t no, enum hps_summary sum)
{
	static const struct ev live[] = {
	    {0, 1, 1.0}, {1, 1, 0.9}, {2, 1, 1.2}, {0, 2, 0.8}, {3, 1, 0.7},
	    {1, 2, 0.85}, {2, 2, 1.1}, {2, -HPS_T_PRUNED, 0}, {0, 3, 0.6},
	    {4, 1, 0.95}, {3, 2, 0.5}, {1, 3, 0.7}, {0, 4, 0.5},
	    {1, -HPS_T_FAILED, 0}, {0, -HPS_T_COMPLETED, 0}, {3, 3, 0.45},
	    {4, 2, 0.9}, {4, 4, 0.85}, {3, 4, 0.4}, {4, -HPS_T_PRUNED, 0},
	    {3, -HPS_T_COMPLETED, 0}, {5, 2, 0.6}, {5, 3, 0.55}};
	static const struct ev probe[] = {{6, 1, 0.8}, {6, 2, 0.75},
	    {6, 3, 0.62}, {6, 4, 0.52}, {7, 1, 0.6}, {7, 3, 0.9},
	    {7, 4, 0.3}, {8, 2, 0.55}, {8, 3, 0.56}};
	struct ev sorted[sizeof live / sizeof live[0]];
	struct hps_pruner *a, *b;
	char ra[256], rb[256];
	size_t i;
	int da, db, stops = 0;

	a = pruner(o, no, HPS_MINIMIZE, sum);
	b = pruner(o, no, HPS_MINIMIZE, sum);
	run_events(a, live, NOPTS(live));
	memcpy(sorted, live, sizeof sorted);
	qsort(sorted, NOPTS(sorted), sizeof sorted[0], ev_cmp);
	run_events(b, sorted, NOPTS(sorted));
	for (i = 0; i < NOPTS(probe); i++) {
		da = hps_pruner_report(a, probe[i].trial, probe[i].step,
		    probe[i].value);
		snprintf(ra, sizeof ra, "%s", hps_pruner_reason(a));
		db = hps_pruner_report(b, probe[i].trial, probe[i].step,
		    probe[i].value);
		snprintf(rb, sizeof rb, "%s", hps_pruner_reason(b));
		ASSERT_EQ(da, db);
		if (da)
			ASSERT_STR_EQ(ra, rb);
		stops += da;
	}
	/* The probes must exercise the rule, or the test proves nothing. */
	ASSERT(stops > 0);
	hps_pruner_free(a);
	hps_pruner_free(b);
}

TEST(median_replay_gives_the_same_state)
{
	static struct hps_opt o[] = {OPT_S("rule", "median", 11),
	    OPT_I("min_trials", 2, 12)};

	check_replay(o, NOPTS(o), HPS_SUM_LAST);
}

TEST(asha_replay_gives_the_same_state)
{
	static struct hps_opt o[] = {OPT_S("rule", "asha", 11),
	    OPT_F("eta", 2, 12)};

	check_replay(o, NOPTS(o), HPS_SUM_LAST);
	check_replay(o, NOPTS(o), HPS_SUM_BEST);
}

TEST(no_section_or_rule_none_never_prunes)
{
	static struct hps_opt o[] = {OPT_S("rule", "none", 11),
	    OPT_I("eta", 3, 12), OPT_I("min_trials", 1, 13)};
	struct hps_pruner *p;
	long t;
	int i;

	for (i = 0; i < 2; i++) {
		p = i ? pruner(o, 3, HPS_MINIMIZE, HPS_SUM_LAST) :
		    pruner(NULL, 0, HPS_MINIMIZE, HPS_SUM_LAST);
		for (t = 0; t < 20; t++) {
			ASSERT_EQ(hps_pruner_report(p, t, 1, (double)t), 0);
			ASSERT_EQ(hps_pruner_report(p, t, 2, (double)t), 0);
			hps_pruner_end(p, t, HPS_T_COMPLETED);
		}
		ASSERT_STR_EQ(hps_pruner_name(p), "none");
		ASSERT_STR_EQ(hps_pruner_reason(p), "");
		hps_pruner_free(p);
	}
}

TEST(unknown_key_gets_a_suggestion)
{
	static struct hps_opt o[] = {OPT_S("rule", "median", 11),
	    OPT_I("min_trails", 3, 12)};
	const char *err = pruner_err(o, 2);

	ASSERT_STR_CONTAINS(err, "sp.yaml:12:3: ");
	ASSERT_STR_CONTAINS(err, "min_trails");
	ASSERT_STR_CONTAINS(err, "did you mean");
	ASSERT_STR_CONTAINS(err, "min_trials");
}

TEST(eta_must_exceed_one)
{
	static struct hps_opt o[] = {OPT_S("rule", "asha", 11),
	    OPT_F("eta", 1, 14)};
	static struct hps_opt lo[] = {OPT_S("rule", "asha", 11),
	    OPT_F("eta", 0.5, 14)};

	ASSERT_STR_CONTAINS(pruner_err(o, 2), "sp.yaml:14:3: "
	    "early_stopping.eta must be greater than 1");
	ASSERT_STR_CONTAINS(pruner_err(lo, 2), "sp.yaml:14:3: ");
}

TEST(bad_rule_word)
{
	static struct hps_opt o[] = {OPT_S("rule", "medain", 11)};
	static struct hps_opt none[] = {OPT_I("min_trials", 3, 12)};

	ASSERT_STR_CONTAINS(pruner_err(o, 1), "sp.yaml:11:3: ");
	ASSERT_STR_CONTAINS(pruner_err(none, 1), "sp.yaml:10:1: "
	    "early_stopping needs a rule");
}

TEST(option_of_the_other_rule)
{
	static struct hps_opt m[] = {OPT_S("rule", "median", 11),
	    OPT_I("eta", 3, 12)};
	static struct hps_opt a[] = {OPT_S("rule", "asha", 11),
	    OPT_I("warmup_steps", 3, 13)};

	ASSERT_STR_CONTAINS(pruner_err(m, 2), "sp.yaml:12:3: "
	    "early_stopping.eta is an option of rule asha, not of rule median");
	ASSERT_STR_CONTAINS(pruner_err(a, 2), "sp.yaml:13:3: "
	    "early_stopping.warmup_steps is an option of rule median, not of "
	    "rule asha");
}

TEST(option_ranges)
{
	static struct hps_opt mx[] = {OPT_S("rule", "asha", 11),
	    OPT_I("min_steps", 4, 12), OPT_I("max_steps", 4, 13)};
	static struct hps_opt iv[] = {OPT_S("rule", "median", 11),
	    OPT_I("interval", 0, 12)};
	static struct hps_opt mt[] = {OPT_S("rule", "median", 11),
	    OPT_I("min_trials", -1, 15)};

	ASSERT_STR_CONTAINS(pruner_err(mx, 3), "sp.yaml:13:3: "
	    "early_stopping.max_steps (4) must be greater than min_steps (4)");
	ASSERT_STR_CONTAINS(pruner_err(iv, 2), "sp.yaml:12:3: ");
	ASSERT_STR_CONTAINS(pruner_err(mt, 2), "sp.yaml:15:3: ");
}

TEST_MAIN(median_stops_clearly_worse_trial, median_compares_best_so_far,
    median_never_stops_the_best_or_a_tie, median_waits_for_min_trials,
    median_warmup_and_interval, median_skipped_steps_meet_checkpoints,
    median_counts_running_trials_that_reached_the_step,
    median_carries_a_skipped_step_forward, median_maximize,
    nonfinite_values_and_ended_trials_are_ignored,
    asha_keeps_the_top_third_of_each_rung, asha_steps_between_rungs_are_free,
    asha_asynchronous_out_of_order, asha_no_rung_at_max_steps,
    asha_jumping_over_rungs_records_each, asha_ties_go_on_together,
    asha_rung_value_follows_the_summary, asha_maximize_and_fractional_eta,
    median_replay_gives_the_same_state, asha_replay_gives_the_same_state,
    no_section_or_rule_none_never_prunes, unknown_key_gets_a_suggestion,
    eta_must_exceed_one, bad_rule_word, option_of_the_other_rule,
    option_ranges)
