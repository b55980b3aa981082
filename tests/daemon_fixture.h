/*
 * A daemon for the daemon's unit tests, without a socket: a private loop,
 * a store and a state directory under /tmp, its handles set up as hpsd
 * sets them (daemon_init), and studies made from inline space files the
 * way a submit makes them (study_new, study_add).
 */
#ifndef HPS_DAEMON_FIXTURE_H
#define HPS_DAEMON_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hps/query.h"
#include "hpsd.h"
#include "test.h"

struct dfix {
	struct daemon d;
	uv_loop_t loop;
	char dir[64];
};

static inline void
df_init(struct dfix *f)
{
	char err[HPS_ERRMAX], db[128];

	memset(f, 0, sizeof *f);
	hps_log_open(stderr, HPS_LOG_WARN);
	snprintf(f->dir, sizeof f->dir, "/tmp/hps-daemon-XXXXXX");
	ASSERT(mkdtemp(f->dir) != NULL);
	ASSERT_EQ(uv_loop_init(&f->loop), 0);
	TAILQ_INIT(&f->d.studies);
	f->d.loop = &f->loop;
	f->d.state_dir = strdup(f->dir);
	f->d.slots = 2;
	f->d.grace = 1;
	f->d.executor = "local";
	f->d.log_cap = 1 << 20;
	f->d.keeper = HPS_KEEPER;
	f->d.track.mode = TRACK_SUBREAPER;
	snprintf(db, sizeof db, "%s/hpsd.db", f->dir);
	ASSERT_EQ(hps_store_open(db, HPS_STORE_RW, &f->d.store, err,
	    sizeof err), 0);
	daemon_init(&f->d);
}

/* The result of study_new (0 or an error in err) for a space file. */
static inline int
df_try_study(struct dfix *f, const char *yaml, struct study **out,
    char *err, size_t errlen)
{
	struct hps_space *sp;
	char path[128];
	int rc;

	snprintf(path, sizeof path, "%s/s.yaml", f->dir);
	if ((rc = hps_space_parse(path, yaml, strlen(yaml), &sp, err,
	    errlen)) != 0)
		return rc;
	if ((rc = study_new(&f->d, sp, out, err, errlen)) != 0)
		hps_space_free(sp);
	return rc;
}

/* A stored study for a space file that must be good. */
static inline struct study *
df_study(struct dfix *f, const char *yaml)
{
	struct study *s;
	char err[HPS_ERRMAX];

	if (df_try_study(f, yaml, &s, err, sizeof err) != 0 ||
	    study_add(s, err, sizeof err) != 0)
		TEST_FAIL_("study: %s", err);
	return s;
}

/* The study's next trial, as the scheduler makes it. */
static inline struct trial *
df_trial(struct study *s)
{
	struct hps_value *params;
	struct trial *t;
	char err[HPS_ERRMAX];

	ASSERT_EQ(study_next(s, &params, err, sizeof err), 0);
	if ((t = study_new_trial(s, params, HPS_O_SEARCH, NULL, err,
	    sizeof err)) == NULL)
		TEST_FAIL_("trial: %s", err);
	return t;
}

/* Trial number's row of `hps trials`, from the store; the caller
 * decrefs *rows. */
static inline json_t *
df_row(struct dfix *f, struct study *s, long number, json_t **rows)
{
	char err[HPS_ERRMAX];
	json_t *args = json_pack("{s:s}", "study", s->sp->name);

	ASSERT_EQ(hps_query_run(f->d.store, "trials", args, rows, err,
	    sizeof err), 0);
	json_decref(args);
	return json_array_get(json_object_get(*rows, "trials"),
	    (size_t)number);
}

/* The stored state of trial number. */
static inline const char *
df_stored_state(struct dfix *f, struct study *s, long number)
{
	static char state[32];
	json_t *rows, *row = df_row(f, s, number, &rows);

	snprintf(state, sizeof state, "%s", json_string_value(json_object_get(
	    row, "state")));
	json_decref(rows);
	return state;
}

/* Run the loop until nothing is left to do. */
static inline void
df_run(struct dfix *f)
{
	uv_run(&f->loop, UV_RUN_DEFAULT);
}

static inline void
df_free(struct dfix *f)
{
	struct study *s;
	char cmd[128];

	uv_close((uv_handle_t *)&f->d.flush_timer, NULL);
	uv_close((uv_handle_t *)&f->d.checkpoint_timer, NULL);
	uv_close((uv_handle_t *)&f->d.stop_timer, NULL);
	uv_close((uv_handle_t *)&f->d.kick, NULL);
	life_close(&f->d);
	disk_close(&f->d);
	df_run(f);
	while ((s = TAILQ_FIRST(&f->d.studies)) != NULL) {
		TAILQ_REMOVE(&f->d.studies, s, entry);
		study_free(s);
	}
	hps_store_close(f->d.store);
	ASSERT_EQ(uv_loop_close(&f->loop), 0);
	free(f->d.state_dir);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	ASSERT_EQ(system(cmd), 0);
}

#endif
