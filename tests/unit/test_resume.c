/*
 * Unit tests for the checkpoint protocol (daemon/resume.c) through the
 * runner: a trial killed from outside with SIGKILL is lost and runs again
 * with HPS_RESUME_STEP and the checkpoint directory it left, its curve
 * continued (what the re-run reports up to the resume step is ignored);
 * past budget.retries it fails; `hps retry` runs it afresh, with an empty
 * checkpoint directory and no HPS_RESUME_STEP. A resumed run keeps every
 * objective and limit of the kept curve, and what it reports again up to
 * the resume step counts for none of them.
 */
#include <sys/stat.h>

#include "daemon_fixture.h"

#define ONE_METRIC "{name: value, goal: minimize, summary: best}"

/* Run trial 0 of a study of this script (in f->dir/trial.sh), with these
 * outcomes (metric: and what follows it), until the loop has nothing
 * left: its re-runs included. */
static struct trial *
run_outcomes(struct dfix *f, const char *script, const char *outcomes,
    const char *budget)
{
	char yaml[1024], path[128];
	struct study *s;
	struct trial *t;
	FILE *fp;

	snprintf(path, sizeof path, "%s/trial.sh", f->dir);
	ASSERT((fp = fopen(path, "w")) != NULL);
	fputs(script, fp);
	fclose(fp);
	snprintf(yaml, sizeof yaml, "name: s\ncommand: sh %s\nmetric: %s\n"
	    "budget: {trials: 1%s}\nenv: {OK: %s/ok}\nparameters:\n  x:"
	    " {values: [1]}\n", path, outcomes, budget, f->dir);
	s = df_study(f, yaml);
	t = df_trial(s);
	run_start(&f->d, t);
	df_run(f);
	return t;
}

static struct trial *
run_script(struct dfix *f, const char *script, const char *budget)
{
	return run_outcomes(f, script, ONE_METRIC, budget);
}

/* The file `runs` the script wrote in its trial directory. */
static void
read_runs(struct dfix *f, char *buf, size_t len)
{
	char path[128];
	FILE *fp;
	size_t n;

	snprintf(path, sizeof path, "%s/studies/s/0/runs", f->dir);
	ASSERT((fp = fopen(path, "r")) != NULL);
	n = fread(buf, 1, len - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

/* The steps and values of the trial's stored curve, "1=10 2=9". */
static void
curve(struct dfix *f, char *buf, size_t len)
{
	char err[HPS_ERRMAX];
	json_t *args = json_pack("{s:s, s:i}", "study", "s", "trial", 0);
	json_t *out, *pt;
	size_t i, n = 0;

	ASSERT_EQ(hps_query_run(f->d.store, "curve", args, &out, err,
	    sizeof err), 0);
	json_decref(args);
	buf[0] = '\0';
	json_array_foreach(json_object_get(json_object_get(out, "metrics"),
	    "value"), i, pt)
		n += (size_t)snprintf(buf + n, len - n, "%s%g=%g", i ? " " : "",
		    json_number_value(json_array_get(pt, 0)),
		    json_number_value(json_array_get(pt, 1)));
	json_decref(out);
}

/* The first run saves and is killed after step 3; the second replays
 * steps 2 and 3 with other values (ignored) and goes on. */
static const char lost_once[] =
    "echo \"${HPS_RESUME_STEP-none} $(ls -A \"$HPS_CHECKPOINT_DIR\")\""
    " >>\"$HPS_TRIAL_DIR/runs\"\n"
    "if [ ! -e \"$HPS_CHECKPOINT_DIR/saved\" ]; then\n"
    "  echo step=1 value=10; echo step=2 value=9; echo step=3 value=8\n"
    "  touch \"$HPS_CHECKPOINT_DIR/saved\"\n"
    "  kill -9 $$\n"
    "fi\n"
    "echo step=2 value=100; echo step=3 value=100\n"
    "echo step=4 value=7; echo step=5 value=9\n";

TEST(a_run_killed_from_outside_resumes)
{
	char buf[256], path[160];
	struct dfix f;
	struct trial *t;
	struct stat sb;

	df_init(&f);
	t = run_script(&f, lost_once, "");
	ASSERT_EQ(t->state, HPS_T_COMPLETED);
	ASSERT_EQ(t->crashes, 1);
	read_runs(&f, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "none \n3 saved\n");
	curve(&f, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1=10 2=9 3=8 4=7 5=9");
	/* The objective is the best of the whole curve, the first run's. */
	ASSERT_EQ_DBL(t->objective, 7, 0);
	ASSERT_EQ_DBL(t->best_step, 4, 0);
	snprintf(path, sizeof path, "%s/studies/s/0/checkpoint", f.dir);
	ASSERT_EQ(stat(path, &sb), 0);
	ASSERT_EQ(sb.st_mode & 0777, 0700);
	df_free(&f);
}

/* Two objectives and a limit: params only in the first run, which is
 * killed after step 3; the second replays steps 2 and 3 with values that
 * would make it infeasible and better in params (ignored), then goes on. */
static const char lost_several[] =
    "if [ ! -e \"$HPS_CHECKPOINT_DIR/saved\" ]; then\n"
    "  echo step=1 value=10 params=500 secs=1; echo step=2 value=9 secs=1\n"
    "  echo step=3 value=8 secs=2\n"
    "  touch \"$HPS_CHECKPOINT_DIR/saved\"\n"
    "  kill -9 $$\n"
    "fi\n"
    "echo step=2 value=100 params=1 secs=100; echo step=3 secs=100\n"
    "echo step=4 value=7 secs=3\n";

TEST(a_resumed_run_keeps_every_objective_and_limit)
{
	char buf[256];
	struct dfix f;
	struct trial *t;

	df_init(&f);
	t = run_outcomes(&f, lost_several, "\n  - " ONE_METRIC "\n  - {name:"
	    " params, goal: minimize}\nlimits: {secs: {max: 5}}", "");
	ASSERT_EQ(t->crashes, 1);
	/* params came from the first run alone: read back from its curve. */
	ASSERT_EQ(t->state, HPS_T_COMPLETED);
	ASSERT_EQ(t->infeasible, 0);
	ASSERT_EQ_DBL(t->obj[0], 7, 0);
	ASSERT_EQ_DBL(t->obj[1], 500, 0);
	ASSERT_EQ_DBL(t->limit_last[0], 3, 0);
	curve(&f, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1=10 2=9 3=8 4=7");
	df_free(&f);
}

/* Killed after step 1 until the test's OK file exists. */
static const char lost_always[] =
    "echo \"${HPS_RESUME_STEP-none} $(ls -A \"$HPS_CHECKPOINT_DIR\")\""
    " >>\"$HPS_TRIAL_DIR/runs\"\n"
    "touch \"$HPS_CHECKPOINT_DIR/saved\"\n"
    "echo step=1 value=1\n"
    "[ -e \"$OK\" ] || kill -9 $$\n";

TEST(lost_past_retries_fails_and_retry_starts_afresh)
{
	char buf[256], path[160];
	struct dfix f;
	struct trial *t;
	json_t *list = json_array();

	df_init(&f);
	t = run_script(&f, lost_always, ", retries: 1");
	ASSERT_EQ(t->state, HPS_T_FAILED);
	ASSERT_EQ(t->crashes, 2);
	ASSERT_EQ(t->study->failures, 1);
	read_runs(&f, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "none \n1 saved\n");
	snprintf(path, sizeof path, "%s/ok", f.dir);
	fclose(fopen(path, "w"));
	ASSERT_EQ(study_retry(t->study, 1, 0, list), 1);
	json_decref(list);
	df_run(&f);
	ASSERT_EQ(t->state, HPS_T_COMPLETED);
	read_runs(&f, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "none \n1 saved\nnone \n");
	curve(&f, buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1=1");
	df_free(&f);
}

TEST_MAIN(a_run_killed_from_outside_resumes,
    a_resumed_run_keeps_every_objective_and_limit,
    lost_past_retries_fails_and_retry_starts_afresh)
