/*
 * Unit tests for the trial lifecycle (daemon/trial.c) and the study
 * operations on it (daemon/study.c): every change of a trial's state is
 * in memory and in the store at once, and a study counts what it must.
 */
#include "daemon_fixture.h"

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
	    NULL, NULL, 0};
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
	    "exited with status 3", NULL, 0};
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
	    "timed out", NULL, 0};
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

TEST_MAIN(new_trial_is_queued_and_stored,
    start_and_end_are_stored_with_the_state,
    failures_count_and_retry_requeues, max_failures_fails_the_study,
    crash_is_recorded_as_lost, budget_changes_are_checked_and_stored,
    open_ended_study_stays_open)
