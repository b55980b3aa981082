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
	    "early_stopping.eta is an option of rule asha or hyperband, not "
	    "of rule median");
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


/*
 * W&B's hyperband (wandb/sweeps hyperband_stopping.py), its tests ported.
 * W&B judges a snapshot of every run's history at once; hpsd judges a
 * trial each time it reports, against every curve so far. So a run's
 * snapshot decision is the decision at its last report once every other
 * run's history is in: wandb_stop_runs replays each running run last into
 * a fresh pruner (finished runs are ended) and keeps that decision.
 */
struct wrun {
	int running;
	const double *h;
	size_t n;
};

#define RUN(r, ...) {(r), (const double[]){__VA_ARGS__},                    \
	sizeof((const double[]){__VA_ARGS__}) / sizeof(double)}

static void
wrun_feed(struct hps_pruner *p, long trial, const struct wrun *r, int *last)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		*last = hps_pruner_report(p, trial, (long)i + 1, r->h[i]);
	if (!r->running)
		hps_pruner_end(p, trial, HPS_T_COMPLETED);
}

/* The runs hyperband_stop_runs would stop: stop[i] for run i. */
static void
wandb_stop_runs(struct hps_opt *opts, size_t nopts, enum hps_goal goal,
    const struct wrun *runs, size_t n, int *stop)
{
	struct hps_pruner *p;
	size_t i, j;
	int last, ignored;

	for (i = 0; i < n; i++) {
		stop[i] = 0;
		if (!runs[i].running)
			continue;
		p = pruner(opts, nopts, goal, HPS_SUM_LAST);
		for (j = 0; j < n; j++)
			if (j != i)
				wrun_feed(p, (long)j, &runs[j], &ignored);
		last = 0;
		wrun_feed(p, (long)i, &runs[i], &last);
		ASSERT(last == 0 || last == 1);
		stop[i] = last;
		hps_pruner_free(p);
	}
}

/* stop[] as a string of 0 and 1, for one readable assertion. */
static const char *
stopped(const int *stop, size_t n)
{
	static char buf[256];
	size_t i;

	for (i = 0; i < n && i + 1 < sizeof buf; i++)
		buf[i] = stop[i] ? '1' : '0';
	buf[i] = '\0';
	return buf;
}

#define HB_MIN_ITER(m, e) {OPT_S("rule", "hyperband", 11),                   \
	OPT_I("min_iter", (m), 12), OPT_F("eta", (e), 13)}
#define HB_MAX_ITER(m, n, e) {OPT_S("rule", "hyperband", 11),                \
	OPT_I("max_iter", (m), 12), OPT_I("s", (n), 13), OPT_F("eta", (e), 14)}

/* test_hyperband_min_iter_bands and _bands_max: bands 3, 9, 27. */
TEST(hyperband_min_iter_bands)
{
	static struct hps_opt o[] = HB_MIN_ITER(3, 3);
	const struct wrun min[] = {
		RUN(1, 10, 10, 10, 10),
		RUN(1, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
	};
	const struct wrun max[] = {
		RUN(1, 10, 10, 10, 10),
		RUN(1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19),
	};
	int stop[2];

	wandb_stop_runs(o, 3, HPS_MINIMIZE, min, 2, stop);
	ASSERT_STR_EQ(stopped(stop, 2), "10");
	wandb_stop_runs(o, 3, HPS_MAXIMIZE, max, 2, stop);
	ASSERT_STR_EQ(stopped(stop, 2), "10");
}

/* Bands are counts of values: judged at 3, 9 and 27 values, not at 4. */
TEST(hyperband_bands_are_value_counts)
{
	static struct hps_opt o[] = HB_MIN_ITER(3, 3);
	struct hps_pruner *p = pruner(o, 3, HPS_MINIMIZE, HPS_SUM_LAST);
	long step;

	for (step = 1; step <= 27; step++)
		ASSERT_EQ(hps_pruner_report(p, 0, step, 1.0), 0);
	/* 2.0 at the 3rd value is worse than the threshold 1.0 there. */
	ASSERT_EQ(hps_pruner_report(p, 1, 1, 2.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 2, 2.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 1, 3, 2.0), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "step 3 (band 3): its "
	    "value 2 is worse than the band's threshold 1 (number 1 of the 2 "
	    "trials' values there");
	/* Steps are not bands: the 3rd value is at step 30 here. */
	ASSERT_EQ(hps_pruner_report(p, 2, 10, 5.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 20, 5.0), 0);
	ASSERT_EQ(hps_pruner_report(p, 2, 30, 5.0), 1);
	ASSERT_STR_CONTAINS(hps_pruner_reason(p), "step 30 (band 3)");
	ASSERT_EQ(hps_pruner_pruned_counts(p), 1);
	ASSERT_STR_EQ(hps_pruner_name(p), "hyperband");
	hps_pruner_free(p);
}

/* test_hyperband_max_iter_bands (81, s 3: 3, 9, 27), test_init_from_max_iter
 * (18, s 2: 2, 6). */
TEST(hyperband_max_iter_bands)
{
	static struct hps_opt o81[] = HB_MAX_ITER(81, 3, 3);
	static struct hps_opt o18[] = HB_MAX_ITER(18, 2, 3);
	const struct wrun runs[] = {
		RUN(1, 10, 10, 10, 10),
		RUN(1, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
	};
	/* At band 2 the 2nd value 11 is worse than 9; with band 3 it is
	 * not judged yet. */
	const struct wrun two[] = {
		RUN(1, 10, 11),
		RUN(1, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
	};
	int stop[2];

	wandb_stop_runs(o81, 4, HPS_MINIMIZE, runs, 2, stop);
	ASSERT_STR_EQ(stopped(stop, 2), "10");
	wandb_stop_runs(o18, 4, HPS_MINIMIZE, runs, 2, stop);
	ASSERT_STR_EQ(stopped(stop, 2), "10");
	wandb_stop_runs(o18, 4, HPS_MINIMIZE, two, 2, stop);
	ASSERT_STR_EQ(stopped(stop, 2), "10");
	wandb_stop_runs(o81, 4, HPS_MINIMIZE, two, 2, stop);
	ASSERT_STR_EQ(stopped(stop, 2), "00");
}

/* test_single_run and test_2runs_band1_pass: strict false, best so far. */
TEST(hyperband_not_strict_uses_the_best_so_far)
{
	static struct hps_opt o[] = {OPT_S("rule", "hyperband", 11),
	    OPT_I("max_iter", 18, 12), OPT_I("s", 2, 13), OPT_F("eta", 3, 14),
	    {"strict", 15, 3, 0, {HPS_V_BOOL, 0, NULL}, NULL, 0}};
	static struct hps_opt strict[] = HB_MAX_ITER(18, 2, 3);
	const struct wrun one[] = {
		RUN(1, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
	};
	const struct wrun two[] = {
		RUN(1, 10, 10, 6),
		RUN(1, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
	};
	int stop[2];

	wandb_stop_runs(o, 5, HPS_MINIMIZE, one, 1, stop);
	ASSERT_STR_EQ(stopped(stop, 1), "0");
	wandb_stop_runs(o, 5, HPS_MINIMIZE, two, 2, stop);
	ASSERT_STR_EQ(stopped(stop, 2), "00");
	/* Strict: the 2nd value, 10, is worse than 9 at band 2. */
	wandb_stop_runs(strict, 4, HPS_MINIMIZE, two, 2, stop);
	ASSERT_STR_EQ(stopped(stop, 2), "10");
}

/* test_5runs_band1_stop_2 and _1stnoband: max_iter 5, eta 2: bands 1, 2. */
TEST(hyperband_five_runs)
{
	static struct hps_opt o[] = HB_MAX_ITER(5, 2, 2);
	const struct wrun runs[] = {
		RUN(0, 10, 9),
		RUN(1, 10, 10),
		RUN(1, 10, 8, 8),
		RUN(1, 10, 7, 7),
		RUN(0, 10, 6, 6),
	};
	const struct wrun noband[] = {
		RUN(0, 10),
		RUN(1, 11),
		RUN(1, 10, 8, 8),
		RUN(1, 10, 7, 7),
		RUN(0, 10, 6, 6),
	};
	int stop[5];

	wandb_stop_runs(o, 4, HPS_MINIMIZE, runs, 5, stop);
	ASSERT_STR_EQ(stopped(stop, 5), "01000");
	wandb_stop_runs(o, 4, HPS_MINIMIZE, noband, 5, stop);
	ASSERT_STR_EQ(stopped(stop, 5), "01100");
}

/* test_eta_3 and test_eta_3_max: bands 1 and 3, thresholds 7 and 4. */
TEST(hyperband_eta_3)
{
	static struct hps_opt o[] = {OPT_S("rule", "hyperband", 11),
	    OPT_I("max_iter", 9, 12), OPT_I("s", 2, 13), OPT_F("eta", 3, 14),
	    {"strict", 15, 3, 0, {HPS_V_BOOL, 0, NULL}, NULL, 0}};
	const struct wrun min[] = {
		RUN(0, 9, 8),
		RUN(1, 11, 11),
		RUN(1, 10, 8, 3),
		RUN(1, 10, 7, 4),
		RUN(1, 10, 6, 6),
	};
	const struct wrun max[] = {
		RUN(0, -10, -9),
		RUN(1, -11, -11),
		RUN(1, -10, -8, -5, -3),
		RUN(1, -10, -6, -2),
		RUN(1, -10, -6, -6, -6),
	};
	int stop[5];

	wandb_stop_runs(o, 5, HPS_MINIMIZE, min, 5, stop);
	ASSERT_STR_EQ(stopped(stop, 5), "01001");
	wandb_stop_runs(o, 5, HPS_MAXIMIZE, max, 5, stop);
	ASSERT_STR_EQ(stopped(stop, 5), "01001");
}

/* The finished runs of W&B's NaN test, as logged. */
static const double nan_d[] = {
	6.214405059814453, 6.050266265869141, 5.525775909423828,
	5.143455982208252, 4.64034366607666, 4.741260528564453,
	4.611443519592285, 4.968087673187256, 4.743710517883301,
	4.415197849273682, 4.741386413574219, 5.067233085632324,
	4.5482563972473145, 4.0536723136901855, 4.09683895111084,
	4.25504732131958, 4.438877582550049, 4.651344299316406,
	3.8646578788757324, 4.26999568939209, 4.551799774169922,
	4.867758274078369, 4.54986572265625, 4.639401912689209,
	4.570009231567383, 4.1927008628845215, 4.218729496002197,
	4.279715538024902, 4.14383602142334, 4.373849391937256,
	4.477828025817871, 4.309680461883545, 4.336307048797607,
	4.2981953620910645, 4.259463310241699, 4.340827465057373,
	4.13071870803833, 4.145589351654053, 4.247255802154541,
	4.490720272064209, 4.3509697914123535, 4.2368855476379395,
	3.785416841506958, 4.1248555183410645, 4.16594123840332,
	4.210123062133789, 4.134521007537842, 4.481637954711914,
	3.8986079692840576, 4.7607035636901855, 4.429342746734619,
	4.2787957191467285, 4.423038482666016, 4.479197978973389,
	4.2208333015441895, 4.325165748596191, 4.398067951202393,
	4.34964656829834, 4.7197394371032715, 4.056498050689697,
	4.42212438583374,
};
static const double nan_e[] = {
	6.784717559814453, 5.467315196990967, 4.862574577331543,
	5.149237155914307, 4.713217258453369, 4.645257472991943,
	4.654730319976807, 4.218390464782715, 4.540946960449219,
	4.710428714752197, 4.327051162719727, 4.395434379577637,
	4.212771892547607, 4.131608963012695, 4.5795159339904785,
	4.4573750495910645, 4.383418560028076, 4.822948455810547,
	4.4155707359313965, 4.176084995269775, 4.340216636657715,
	4.1993794441223145, 4.623438835144043, 4.61974573135376,
	4.306433200836182, 4.174667835235596, 4.4847493171691895,
	3.8551318645477295, 4.469892978668213, 4.2765727043151855,
	4.316288948059082, 4.273141384124756, 4.58651876449585,
	4.162075519561768, 4.0801591873168945, 4.499518871307373,
	4.574384689331055, 4.025749683380127, 4.137139320373535,
	4.478872299194336, 4.130046367645264, 4.551371097564697,
	4.507683753967285, 4.316148281097412, 4.449378490447998,
	4.43292236328125, 3.856088876724243, 3.8799805641174316,
	4.233527660369873, 4.096866607666016, 4.5571112632751465,
	4.188418865203857, 3.938608407974243, 4.292693138122559,
	4.055037021636963, 4.307272434234619, 4.0329108238220215,
	4.152763366699219, 4.2551350593566895, 3.7090814113616943,
	4.495356559753418,
};

/* test_hyperband_runs_with_nan_metrics: NaN is no value, so the running
 * run has one value and no band (33, 100) yet. */
TEST(hyperband_nan_is_no_value)
{
	static struct hps_opt o[] = HB_MAX_ITER(300, 2, 3);
	struct hps_pruner *p = pruner(o, 4, HPS_MINIMIZE, HPS_SUM_LAST);
	long i;

	for (i = 0; i < 61; i++) {
		hps_pruner_report(p, 1, i + 1, nan_d[i]);
		hps_pruner_report(p, 2, i + 1, nan_e[i]);
	}
	hps_pruner_end(p, 1, HPS_T_COMPLETED);
	hps_pruner_end(p, 2, HPS_T_COMPLETED);
	ASSERT_EQ(hps_pruner_report(p, 0, 1, 19.68895149230957), 0);
	for (i = 2; i <= 57; i++)
		ASSERT_EQ(hps_pruner_report(p, 0, i, NAN), 0);
	hps_pruner_free(p);
}

/* The case: losses 2.0, 1.0, 1.5 at band 1 of max_iter 9, s 2,
 * eta 3. The threshold of three values is the 2nd best, 1.5: ties go on,
 * so the 1.5 run continues where a top-1/eta cut (ASHA) stops it. */
TEST(hyperband_threshold_ties_go_on)
{
	static struct hps_opt o[] = HB_MAX_ITER(9, 2, 3);
	const struct wrun runs[] = {
		RUN(1, 2.0), RUN(1, 1.0), RUN(1, 1.5),
	};
	int stop[3];

	wandb_stop_runs(o, 4, HPS_MINIMIZE, runs, 3, stop);
	ASSERT_STR_EQ(stopped(stop, 3), "100");
}

#define HB_RUNS 116
#define HB_VALUES 100

static double hb_data[HB_RUNS][HB_VALUES];
static size_t hb_len[HB_RUNS];

/* wandb/sweeps' tests/data/hyper-data.yaml as text, one run a line (a
 * few runs have fewer than 100 values). */
static void
hb_load(void)
{
	FILE *fp = fopen(HPS_TEST_DATA "/wandb/hyperband-curves.txt", "r");
	char line[4096], *p, *end;
	size_t i;

	ASSERT(fp != NULL);
	for (i = 0; i < HB_RUNS; i++) {
		ASSERT(fgets(line, sizeof line, fp) != NULL);
		for (p = line, hb_len[i] = 0; hb_len[i] < HB_VALUES;
		    p = end, hb_len[i]++) {
			hb_data[i][hb_len[i]] = strtod(p, &end);
			if (end == p)
				break;
		}
	}
	ASSERT(fgets(line, sizeof line, fp) == NULL);
	fclose(fp);
}

/*
 * One stop_runs call of the extensive tests: every run not yet stopped
 * (alive), running, its first upto values; marks and counts the stopped.
 */
static size_t
hb_round(struct hps_opt *o, size_t nopts, int *alive, size_t upto)
{
	static struct wrun runs[HB_RUNS];
	static int stop[HB_RUNS];
	size_t idx[HB_RUNS], i, n = 0, k = 0;

	for (i = 0; i < HB_RUNS; i++)
		if (alive[i]) {
			runs[n].running = 1;
			runs[n].h = hb_data[i];
			runs[n].n = upto < hb_len[i] ? upto : hb_len[i];
			idx[n++] = i;
		}
	wandb_stop_runs(o, nopts, HPS_MAXIMIZE, runs, n, stop);
	for (i = 0; i < n; i++)
		if (stop[i]) {
			alive[idx[i]] = 0;
			k++;
		}
	return k;
}

/* test_hyperband_extensive_relaxed: 15, 10 and 5 runs stopped. */
TEST(hyperband_extensive_relaxed)
{
	static struct hps_opt o[] = {OPT_S("rule", "hyperband", 11),
	    OPT_I("min_iter", 30, 12), OPT_F("eta", 1.5, 13),
	    {"strict", 15, 3, 0, {HPS_V_BOOL, 0, NULL}, NULL, 0}};
	int alive[HB_RUNS];
	size_t i, n;

	hb_load();
	for (i = 0; i < HB_RUNS; i++)
		alive[i] = 1;
	ASSERT_EQ(hb_round(o, 4, alive, 30 + 2), 15);
	ASSERT_EQ(hb_round(o, 4, alive, 45 + 2), 10);
	ASSERT_EQ(hb_round(o, 4, alive, HB_VALUES), 5);
	for (n = 0, i = 0; i < HB_RUNS; i++)
		n += !alive[i];
	ASSERT_EQ(n, 30);
}

/* test_hyperband_extensive_strict: at bands 30, 45 and 67, within one of
 * int(n * (1 - 1/eta)) of the n runs left each time. */
TEST(hyperband_extensive_strict)
{
	static struct hps_opt o[] = HB_MIN_ITER(30, 1.5);
	static const size_t bands[] = {30, 45, 67};
	int alive[HB_RUNS];
	size_t i, b, left, want = 0, got = 0;

	hb_load();
	for (i = 0; i < HB_RUNS; i++)
		alive[i] = 1;
	for (b = 0; b < 3; b++) {
		for (left = 0, i = 0; i < HB_RUNS; i++)
			left += (size_t)alive[i];
		want += (size_t)((double)left * (1 - 1 / 1.5));
		got += hb_round(o, 3, alive, bands[b] + 5);
	}
	ASSERT(got + 1 >= want && got <= want + 1);
}

TEST(hyperband_options)
{
	static struct hps_opt both[] = {OPT_S("rule", "hyperband", 11),
	    OPT_I("min_iter", 3, 12), OPT_I("max_iter", 27, 13),
	    OPT_I("s", 2, 14)};
	static struct hps_opt nos[] = {OPT_S("rule", "hyperband", 11),
	    OPT_I("max_iter", 27, 12)};
	static struct hps_opt lone_s[] = {OPT_S("rule", "hyperband", 11),
	    OPT_I("min_iter", 3, 12), OPT_I("s", 2, 13)};
	static struct hps_opt none[] = {OPT_S("rule", "hyperband", 11)};
	static struct hps_opt noband[] = HB_MAX_ITER(2, 1, 3);
	static struct hps_opt eta[] = HB_MIN_ITER(3, 1);
	static struct hps_opt asha[] = {OPT_S("rule", "asha", 11),
	    OPT_I("min_iter", 3, 12)};

	ASSERT_STR_CONTAINS(pruner_err(both, 4), "sp.yaml:13:3: give "
	    "min_iter, or max_iter with s, not both");
	ASSERT_STR_CONTAINS(pruner_err(nos, 2), "sp.yaml:12:3: max_iter "
	    "needs s");
	ASSERT_STR_CONTAINS(pruner_err(lone_s, 3), "sp.yaml:13:3: s counts "
	    "the bands below max_iter");
	ASSERT_STR_CONTAINS(pruner_err(none, 1), "sp.yaml:10:1: rule "
	    "hyperband needs min_iter");
	ASSERT_STR_CONTAINS(pruner_err(noband, 4), "sp.yaml:12:3: max_iter 2 "
	    "with eta 3 leaves no band");
	ASSERT_STR_CONTAINS(pruner_err(eta, 3), "sp.yaml:13:3: "
	    "early_stopping.eta must be greater than 1");
	ASSERT_STR_CONTAINS(pruner_err(asha, 2), "sp.yaml:12:3: "
	    "early_stopping.min_iter is an option of rule hyperband, not of "
	    "rule asha");
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
    option_ranges, hyperband_min_iter_bands, hyperband_bands_are_value_counts,
    hyperband_max_iter_bands, hyperband_not_strict_uses_the_best_so_far,
    hyperband_five_runs, hyperband_eta_3, hyperband_nan_is_no_value,
    hyperband_threshold_ties_go_on, hyperband_extensive_relaxed,
    hyperband_extensive_strict, hyperband_options)
