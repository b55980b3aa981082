/*
 * Unit tests for the trial lifecycle (daemon/trial.c) and the study
 * operations on it (daemon/study.c): every change of a trial's state is
 * in memory and in the store at once, and a study counts what it must.
 */
#include <math.h>

#include "daemon_fixture.h"
#include "hps/limits.h"

#define SPACE "name: s\ncommand: 'true'\nmetric: {name: loss, goal: " \
	"minimize}\nbudget: {trials: 3, max_failures: 2}\nparameters:\n" \
	"  x: {type: float, min: 0, max: 1}\n"

static const struct exec_id some_run = {12345, 678};

TEST(new_trial_is_queued_and_stored)
{
	struct dfix f;
	struct study *s;
	struct trial *t;

	df_init(&f);
	s = df_study(&f, SPACE);
	t = df_trial(s);
	ASSERT_EQ(t->state, HPS_T_QUEUED);
	ASSERT_EQ(t->number, 0);
	ASSERT_STR_EQ(df_stored_state(&f, s, 0), "queued");
	df_free(&f);
}

TEST(start_and_end_are_stored_with_the_state)
{
	struct hps_store_result res = {HPS_T_COMPLETED, 1, 0.25, 3, 0, 0,
	    NULL, NULL};
	struct dfix f;
	struct study *s;
	struct trial *t;
	json_t *rows, *row;

	df_init(&f);
	s = df_study(&f, SPACE);
	t = df_trial(s);
	trial_started(t, HPS_T_PENDING, &some_run, "/tmp/nowhere");
	ASSERT_EQ(t->state, HPS_T_PENDING);
	ASSERT_STR_EQ(df_stored_state(&f, s, 0), "pending");
	trial_set_state(t, HPS_T_RUNNING, "its task started");
	ASSERT_EQ(t->state, HPS_T_RUNNING);
	ASSERT_STR_EQ(df_stored_state(&f, s, 0), "running");
	trial_ended(t, &res);
	ASSERT_EQ(t->state, HPS_T_COMPLETED);
	row = df_row(&f, s, 0, &rows);
	ASSERT_STR_EQ(json_string_value(json_object_get(row, "state")),
	    "completed");
	ASSERT_EQ_DBL(json_real_value(json_object_get(row, "objective")), 0.25,
	    0);
	ASSERT_STR_EQ(json_string_value(json_object_get(row, "dir")),
	    "/tmp/nowhere");
	json_decref(rows);
	ASSERT_EQ(study_count(s, HPS_T_COMPLETED), 1);
	ASSERT_EQ(s->failures, 0);
	df_free(&f);
}

TEST(failures_count_and_retry_requeues)
{
	struct hps_store_result res = {HPS_T_FAILED, 0, 0, 0, 3, 0,
	    "exited with status 3", NULL};
	struct dfix f;
	struct study *s;
	struct trial *t;
	json_t *numbers;

	df_init(&f);
	s = df_study(&f, SPACE);
	t = df_trial(s);
	trial_started(t, HPS_T_RUNNING, &some_run, f.dir);
	trial_ended(t, &res);
	ASSERT_EQ(s->failures, 1);
	ASSERT_STR_EQ(df_stored_state(&f, s, 0), "failed");
	numbers = json_array();
	ASSERT_EQ(study_retry(s, 0, 1, numbers), 0);	/* lost only */
	ASSERT_EQ(json_array_size(numbers), 0);
	ASSERT_EQ(study_retry(s, 1, 0, numbers), 1);
	ASSERT_EQ(json_integer_value(json_array_get(numbers, 0)), 0);
	json_decref(numbers);
	ASSERT_EQ(t->state, HPS_T_QUEUED);
	ASSERT_EQ(s->failures, 0);
	ASSERT_STR_EQ(df_stored_state(&f, s, 0), "queued");
	df_free(&f);
}

TEST(max_failures_fails_the_study)
{
	struct hps_store_result res = {HPS_T_TIMEOUT, 0, 0, 0, -1, 15,
	    "timed out", NULL};
	struct dfix f;
	struct study *s;
	struct trial *t;
	int i;

	df_init(&f);
	s = df_study(&f, SPACE);
	for (i = 0; i < 2; i++) {
		t = df_trial(s);
		trial_started(t, HPS_T_RUNNING, &some_run, f.dir);
		trial_ended(t, &res);
	}
	ASSERT_EQ(s->failures, 2);
	ASSERT_EQ(s->state, STUDY_FAILED);
	df_free(&f);
}

TEST(crash_is_recorded_as_lost)
{
	struct dfix f;
	struct study *s;
	struct trial *t;
	json_t *rows, *row;

	df_init(&f);
	s = df_study(&f, SPACE);
	t = df_trial(s);
	trial_started(t, HPS_T_RUNNING, &some_run, f.dir);
	trial_crashed(t, HPS_T_LOST, "lost when hpsd stopped; runs again");
	ASSERT_EQ(t->state, HPS_T_LOST);
	row = df_row(&f, s, 0, &rows);
	ASSERT_STR_EQ(json_string_value(json_object_get(row, "state")),
	    "lost");
	ASSERT_STR_EQ(json_string_value(json_object_get(row, "error")),
	    "lost when hpsd stopped; runs again");
	json_decref(rows);
	df_free(&f);
}

TEST(budget_changes_are_checked_and_stored)
{
	char err[HPS_ERRMAX];
	struct dfix f;
	struct study *s;
	json_t *st, *args = json_object();

	df_init(&f);
	s = df_study(&f, SPACE);
	df_trial(s);
	df_trial(s);
	ASSERT_EQ(study_set_budget(s, 1, 1, err, sizeof err), HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "already has 2 trials");
	ASSERT_EQ(study_set_budget(s, 5, 0, err, sizeof err), HPS_EINVAL);
	ASSERT_EQ(study_set_budget(s, 0, 1, err, sizeof err), HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "trials must be from 1");
	ASSERT_EQ(study_set_budget(s, -3, 1, err, sizeof err), HPS_EINVAL);
	ASSERT_EQ(study_set_budget(s, 5, 2, err, sizeof err), 0);
	ASSERT_EQ(s->sp->trials, 5);
	ASSERT_EQ(s->sp->parallel, 2);
	ASSERT_EQ(hps_query_run(f.d.store, "status", args, &st, err,
	    sizeof err), 0);
	ASSERT_EQ(json_integer_value(json_object_get(json_array_get(
	    json_object_get(st, "studies"), 0), "budget")), 5);
	json_decref(st);
	json_decref(args);
	df_free(&f);
}

/* Without budget.trials a study is open-ended, and stays so when only
 * its parallelism changes. */
TEST(open_ended_study_stays_open)
{
	char err[HPS_ERRMAX];
	struct dfix f;
	struct study *s;

	df_init(&f);
	s = df_study(&f, "name: s\ncommand: 'true'\nmetric: {name: loss, "
	    "goal: minimize}\nparameters:\n  x: {type: float, min: 0, "
	    "max: 1}\n");
	ASSERT_EQ(s->sp->trials, 0);
	df_trial(s);
	ASSERT(study_may_add(s));
	ASSERT_EQ(study_set_budget(s, 0, 2, err, sizeof err), 0);
	ASSERT_EQ(s->sp->trials, 0);
	ASSERT_EQ(s->sp->parallel, 2);
	ASSERT(study_may_add(s));
	ASSERT_EQ(study_set_budget(s, 1, 2, err, sizeof err), 0);
	ASSERT(!study_may_add(s));
	df_free(&f);
}

#define SEVERAL "name: mo\ncommand: 'true'\nmethod: genetic\nmetric:\n" \
	"  - {name: val_acc, goal: maximize, summary: best}\n" \
	"  - {name: params, goal: minimize}\nlimits: {epoch_seconds: {max:" \
	" 5}}\nparameters:\n  x: {type: float, min: 0, max: 1}\n"

/* One line of t's output, "name=value" pairs in names and vals, as the
 * runner takes it: followed, and stored. */
static void
say(struct trial *t, double step, const char *const *names,
    const double *vals, size_t n)
{
	struct hps_metric_line ml = {.step = step, .n = n};
	double v;
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(ml.m[i].name, sizeof ml.m[i].name, "%s", names[i]);
		ml.m[i].namelen = strlen(names[i]);
		ml.m[i].value = vals[i];
		ml.m[i].finite = 1;
		ASSERT_EQ(hps_store_add_metric(t->study->d->store, t->id,
		    names[i], strlen(names[i]), step, vals[i], 1), 0);
	}
	trial_metric(t, &ml, &v);
}

/* The one finished trial's record, as the strategy sees it. */
static const struct hps_trial_rec *
only_done(struct study *s)
{
	struct hps_trial_rec *recs;
	size_t ndone, npending;

	ASSERT_EQ(study_history(s, &recs, &ndone, &npending), 0);
	ASSERT_EQ(ndone, 1);
	return &recs[0];
}

static void
check_several(const struct hps_trial_rec *r)
{
	ASSERT(r->obj != NULL && r->lim != NULL);
	ASSERT_EQ_DBL(r->obj[0], 0.8, 0);	/* its best */
	ASSERT_EQ_DBL(r->obj[1], 1000, 0);
	ASSERT_EQ_DBL(r->lim[0], 6, 0);		/* its last */
	ASSERT_EQ(r->has_objective, 0);		/* infeasible */
}

TEST(several_objectives_and_limits_reach_the_strategy)
{
	static const char *const all[] = {"val_acc", "params",
	    "epoch_seconds"};
	const double first[] = {0.8, 1000, 4}, second[] = {0.7, 6};
	struct hps_store_result res = {HPS_T_COMPLETED, 1, 0, 1, 0, 0, NULL,
	    NULL};
	struct dfix f;
	struct study *s;
	struct trial *t;
	char why[128];
	const char *later[] = {"val_acc", "epoch_seconds"};

	df_init(&f);
	s = df_study(&f, SEVERAL);
	t = df_trial(s);
	trial_started(t, HPS_T_RUNNING, &some_run, f.dir);
	ASSERT_STR_EQ(trial_unreported(t), "val_acc");
	say(t, 1, all, first, 3);
	say(t, 2, later, second, 2);
	ASSERT(trial_unreported(t) == NULL);
	t->infeasible = !hps_limits_hold(s->sp, t->limit_last, why,
	    sizeof why);
	ASSERT_STR_EQ(why, "infeasible: epoch_seconds was 6, above its limit"
	    " max 5");
	res.objective = t->objective;
	res.error = why;
	trial_ended(t, &res);
	check_several(only_done(s));
	/* After a restart, from the stored metric rows. */
	TAILQ_REMOVE(&f.d.studies, s, entry);
	study_free(s);
	ASSERT((s = study_find(&f.d, "mo")) != NULL);
	check_several(only_done(s));
	df_free(&f);
}

TEST(a_trial_missing_an_objective_names_it)
{
	static const char *const acc[] = {"val_acc"};
	const double v[] = {0.5};
	struct dfix f;
	struct study *s;
	struct trial *t;

	df_init(&f);
	s = df_study(&f, SEVERAL);
	t = df_trial(s);
	trial_started(t, HPS_T_RUNNING, &some_run, f.dir);
	say(t, 1, acc, v, 1);
	ASSERT_STR_EQ(trial_unreported(t), "params");
	ASSERT(isnan(t->obj[1]) && isnan(t->limit_last[0]));
	df_free(&f);
}

TEST_MAIN(new_trial_is_queued_and_stored,
    start_and_end_are_stored_with_the_state,
    failures_count_and_retry_requeues, max_failures_fails_the_study,
    crash_is_recorded_as_lost, budget_changes_are_checked_and_stored,
    open_ended_study_stays_open,
    several_objectives_and_limits_reach_the_strategy,
    a_trial_missing_an_objective_names_it)
