/*
 * Unit tests for the executor backends (daemon/executor.c, exec-local.c)
 * and the generic runner over them (daemon/runner.c): backends are found
 * by name, the executor: section is checked with file:line:column, and a
 * local trial runs through the table to its final state.
 */
#include "daemon_fixture.h"

#define HEAD "name: s\nmetric: {name: loss, goal: minimize}\n" \
	"budget: {trials: 1}\nparameters:\n  x: {values: [0.5]}\n"

TEST(backends_are_found_by_name)
{
	const struct executor_ops *local = executor_find("local");
	const struct executor_ops *slurm = executor_find("slurm");

	ASSERT(local == &exec_local_ops);
	ASSERT(slurm == &exec_slurm_ops);
	ASSERT(executor_find("slrum") == NULL);
	ASSERT_STR_EQ(executor_names(), "local|slurm");
	/* A local trial holds a local slot and runs at once; a Slurm job
	 * waits in Slurm's queue and holds none. */
	ASSERT(local->takes_local_slot && !local->queues);
	ASSERT(!slurm->takes_local_slot && slurm->queues);
}

/* study_new fails for a space with this executor: line, with words. */
static void
expect_refused(const char *executor, const char *words)
{
	char yaml[512], err[HPS_ERRMAX];
	struct study *s;
	struct dfix f;

	df_init(&f);
	snprintf(yaml, sizeof yaml, HEAD "command: 'true'\n%s\n", executor);
	ASSERT_NE(df_try_study(&f, yaml, &s, err, sizeof err), 0);
	ASSERT_STR_CONTAINS(err, words);
	df_free(&f);
}

TEST(section_is_checked)
{
	expect_refused("executor: {type: slrum}",
	    "s.yaml:7:18: executor.type must be one of local|slurm");
	expect_refused("executor: {partiton: gpu}",
	    "s.yaml:7:22: unknown option 'partiton' in executor; did you mean"
	    " 'partition'?");
	expect_refused("executor: {gpus: 2}",
	    "executor.gpus is 2 but hpsd has 0 GPUs");
}

/* Run one trial of a study with this command to its end. */
static struct trial *
run_one(struct dfix *f, const char *command, int stop_at_once)
{
	char yaml[512];
	struct study *s;
	struct trial *t;

	snprintf(yaml, sizeof yaml, HEAD "command: %s\n", command);
	s = df_study(f, yaml);
	t = df_trial(s);
	run_start(&f->d, t);
	ASSERT(t->run != NULL);
	ASSERT_EQ(t->state, HPS_T_RUNNING);
	ASSERT_EQ(f->d.running, 1);
	ASSERT_EQ(f->d.remote, 0);
	if (stop_at_once)
		run_stop(t, RUN_STOP_CANCEL);
	df_run(f);
	ASSERT(t->run == NULL);
	ASSERT_EQ(f->d.running, 0);
	return t;
}

TEST(local_trial_runs_to_completion)
{
	struct dfix f;
	struct trial *t;
	char path[128];

	df_init(&f);
	t = run_one(&f, "sh -c 'echo epoch=1 loss={x}; echo note >&2'", 0);
	ASSERT_EQ(t->state, HPS_T_COMPLETED);
	ASSERT_EQ_DBL(t->objective, 0.5, 0);
	ASSERT_STR_EQ(df_stored_state(&f, t->study, 0), "completed");
	snprintf(path, sizeof path, "%s/studies/s/0/stderr.log", f.dir);
	ASSERT_EQ(access(path, R_OK), 0);
	df_free(&f);
}

TEST(local_trial_failures_say_why)
{
	struct dfix f;
	struct trial *t;
	json_t *rows, *row;

	df_init(&f);
	t = run_one(&f, "sh -c 'exit 3'", 0);
	ASSERT_EQ(t->state, HPS_T_FAILED);
	row = df_row(&f, t->study, 0, &rows);
	ASSERT_EQ(json_integer_value(json_object_get(row, "exit_code")), 3);
	json_decref(rows);
	df_free(&f);

	df_init(&f);
	t = run_one(&f, "sleep 30", 1);
	ASSERT_EQ(t->state, HPS_T_FAILED);
	row = df_row(&f, t->study, 0, &rows);
	ASSERT_STR_EQ(json_string_value(json_object_get(row, "error")),
	    "cancelled with the study");
	json_decref(rows);
	df_free(&f);
}

TEST(missing_program_fails_at_once)
{
	char yaml[512];
	struct dfix f;
	struct study *s;
	struct trial *t;
	json_t *rows, *row;

	df_init(&f);
	snprintf(yaml, sizeof yaml, HEAD "command: ./no-such-trainer\n");
	s = df_study(&f, yaml);
	t = df_trial(s);
	run_start(&f.d, t);
	ASSERT(t->run == NULL);
	ASSERT_EQ(t->state, HPS_T_FAILED);
	ASSERT_EQ(f.d.running, 0);
	row = df_row(&f, s, 0, &rows);
	ASSERT_STR_CONTAINS(json_string_value(json_object_get(row, "error")),
	    "cannot run './no-such-trainer'");
	json_decref(rows);
	df_free(&f);
}

TEST_MAIN(backends_are_found_by_name, section_is_checked,
    local_trial_runs_to_completion, local_trial_failures_say_why,
    missing_program_fails_at_once)
