/*
 * Unit tests for a study's life across memory and the store
 * (daemon/study.c): finished studies leave memory and come back when a
 * command needs them, under the name they were stored with; a study whose
 * env_from variable this hpsd lacks waits instead of running.
 */
#include "daemon_fixture.h"

#define SPACE(name) "name: " name "\ncommand: 'true'\nmetric: {name: loss," \
	" goal: minimize}\nbudget: {trials: 3}\nparameters:\n" \
	"  x: {type: float, min: 0, max: 1}\n"

static int
in_memory(struct dfix *f)
{
	struct study *s;
	int n = 0;

	TAILQ_FOREACH(s, &f->d.studies, entry)
		n++;
	return n;
}

/* Completed studies x0, x1... until memory holds only some of them. */
static void
push_out(struct dfix *f, int n)
{
	char yaml[256], name[16];
	struct study *s;
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "x%d", i);
		snprintf(yaml, sizeof yaml, SPACE("%s"), name);
		s = df_study(f, yaml);
		study_set_state(s, STUDY_COMPLETED, NULL);
	}
	study_retire_old(&f->d);
}

TEST(finished_studies_leave_memory_and_come_back)
{
	struct study *s;
	struct dfix f;

	df_init(&f);
	s = df_study(&f, SPACE("kept"));
	study_set_state(s, STUDY_PAUSED, NULL);
	push_out(&f, 100);
	ASSERT(in_memory(&f) < 100);
	ASSERT(in_memory(&f) > 1);
	ASSERT(study_find(&f.d, "kept") == s);	/* paused: never retired */
	s = study_find(&f.d, "x3");
	ASSERT(s != NULL);
	ASSERT_STR_EQ(s->sp->name, "x3");
	ASSERT_EQ(s->state, STUDY_COMPLETED);
	ASSERT(study_find(&f.d, "nothing") == NULL);
	df_free(&f);
}

TEST(the_stored_name_wins)
{
	char err[HPS_ERRMAX];
	struct study *s;
	struct dfix f;

	df_init(&f);
	ASSERT_EQ(df_try_study(&f, SPACE("file-name"), &s, err, sizeof err),
	    0);
	ASSERT_EQ(hps_space_rename(s->sp, "given", err, sizeof err), 0);
	ASSERT_EQ(study_add(s, err, sizeof err), 0);
	study_set_state(s, STUDY_COMPLETED, NULL);
	push_out(&f, 100);
	s = study_find(&f.d, "given");
	ASSERT(s != NULL);
	ASSERT_STR_EQ(s->sp->name, "given");
	ASSERT(study_find(&f.d, "file-name") == NULL);
	df_free(&f);
}

TEST(missing_env_from_waits)
{
	struct study *s;
	struct dfix f;

	unsetenv("TEST_STUDY_SECRET");
	df_init(&f);
	s = df_study(&f, SPACE("w") "env_from: [TEST_STUDY_SECRET]\n");
	ASSERT_STR_EQ(study_missing_env(s->sp), "TEST_STUDY_SECRET");
	study_set_state(s, STUDY_PAUSED, NULL);
	study_set_state(s, STUDY_RUNNING, NULL);
	ASSERT_EQ(s->state, STUDY_WAITING);
	setenv("TEST_STUDY_SECRET", "x", 1);
	study_set_state(s, STUDY_RUNNING, NULL);
	ASSERT_EQ(s->state, STUDY_RUNNING);
	df_free(&f);
}

TEST_MAIN(finished_studies_leave_memory_and_come_back, the_stored_name_wins,
    missing_env_from_waits)
