/* Unit tests for core/store.c: schema, migration, writes, read-only use. */
#include <stdlib.h>

#include "hps/error.h"
#include "hps/query.h"
#include "hps/store.h"
#include "../../core/store_int.h"
#include "test.h"

static char dbpath[64];

/* The database and the WAL files a read-only connection closing last
 * leaves behind. */
static void
drop(void)
{
	char side[sizeof dbpath + 4];

	unlink(dbpath);
	snprintf(side, sizeof side, "%s-wal", dbpath);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", dbpath);
	unlink(side);
}

static struct hps_store *
fresh(void)
{
	struct hps_store *st;
	char err[HPS_ERRMAX];
	int fd;

	snprintf(dbpath, sizeof dbpath, "/tmp/hps-store-XXXXXX");
	fd = mkstemp(dbpath);
	ASSERT(fd >= 0);
	close(fd);
	drop();
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	return st;
}

/* A read query with args (stolen); err holds HPS_ERRMAX bytes. */
static int
query(struct hps_store *st, const char *name, json_t *args, json_t **out,
    char *err)
{
	int rc = hps_query_run(st, name, args, out, err, HPS_ERRMAX);

	json_decref(args);
	return rc;
}

static int
user_version(struct hps_store *st)
{
	sqlite3_stmt *s;
	int v;

	ASSERT_EQ(sqlite3_prepare_v2(hps__store_db(st), "PRAGMA user_version",
	    -1, &s, NULL), SQLITE_OK);
	ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static struct hps_param params[] = {
	{.name = "lr", .type = HPS_P_FLOAT, .min = 1e-4, .max = 1e-1, .log = 1},
	{.name = "opt", .type = HPS_P_CAT},
};

static struct hps_space space = {
	.path = "/tmp/s.yaml", .text = "name: s\n", .name = "s",
	.method = "random", .metric = "val_acc", .goal = HPS_MAXIMIZE,
	.trials = 10, .parallel = 2, .params = params, .nparams = 2,
};

static long long
add_trial(struct hps_store *st, long long study, long number, double lr)
{
	struct hps_value v[2] = {{HPS_V_FLOAT, lr, NULL},
	    {HPS_V_STR, 0, "adam"}};
	long long id;

	ASSERT_EQ(hps_store_add_trial(st, study, number, &space, v, &id), 0);
	return id;
}

TEST(fresh_database_gets_current_schema)
{
	struct hps_store *st = fresh();

	ASSERT_EQ(user_version(st), HPS_STORE_VERSION);
	hps_store_close(st);
	drop();
}

TEST(newer_schema_is_refused)
{
	struct hps_store *st = fresh();
	char err[HPS_ERRMAX];

	sqlite3_exec(hps__store_db(st), "PRAGMA user_version = 99", NULL, NULL,
	    NULL);
	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    HPS_EDB);
	ASSERT_STR_CONTAINS(err, "newer than this hpsd");
	ASSERT(st == NULL);
	drop();
}

TEST(old_schema_is_migrated_forward)
{
	struct hps_store *st;
	char err[HPS_ERRMAX];
	sqlite3 *db;

	/* A version-0 file: someone else's empty SQLite database. */
	snprintf(dbpath, sizeof dbpath, "/tmp/hps-store-mig-%d.db",
	    (int)getpid());
	drop();
	ASSERT_EQ(sqlite3_open(dbpath, &db), SQLITE_OK);
	sqlite3_close(db);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RDONLY, &st, err,
	    sizeof err), HPS_EDB);
	ASSERT_STR_CONTAINS(err, "start hpsd once to migrate");
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	ASSERT_EQ(user_version(st), HPS_STORE_VERSION);
	hps_store_close(st);
	drop();
}

TEST(version_1_gains_the_recovery_columns)
{
	struct hps_store *st = fresh();
	char err[HPS_ERRMAX];
	sqlite3_stmt *s;

	/* Make it a version-1 database again. */
	ASSERT_EQ(sqlite3_exec(hps__store_db(st), "ALTER TABLE trial DROP COLUMN"
	    " proc_start; ALTER TABLE trial DROP COLUMN crashes;"
	    " ALTER TABLE trial DROP COLUMN origin;"
	    " ALTER TABLE trial DROP COLUMN source;"
	    " ALTER TABLE trial DROP COLUMN out_offset;"
	    " DROP TABLE hook_event;"
	    " ALTER TABLE trial DROP COLUMN seed; ALTER TABLE trial DROP COLUMN"
	    " repeat_of;"
	    " PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	ASSERT_EQ(user_version(st), HPS_STORE_VERSION);
	ASSERT_EQ(sqlite3_prepare_v2(hps__store_db(st), "SELECT proc_start,"
	    " crashes FROM trial", -1, &s, NULL), SQLITE_OK);
	sqlite3_finalize(s);
	hps_store_close(st);
	drop();
}

static int
origin_of(const struct hps_store_trial *t, void *arg)
{
	((int *)arg)[t->number] = t->origin;
	return 0;
}

/* A version-2 database's trials were all proposed by their method. */
TEST(version_2_trials_gain_their_origin)
{
	struct hps_store *st = fresh();
	struct hps_value vals[2] = {{HPS_V_FLOAT, 0.01, NULL},
	    {HPS_V_STR, 0, "adam"}};
	long long sid, tid;
	char err[HPS_ERRMAX];
	int origins[2] = {-2, -2};

	ASSERT_EQ(hps_store_add_study(st, &space, &sid), 0);
	ASSERT_EQ(hps_store_add_trial(st, sid, 0, &space, vals, &tid), 0);
	ASSERT_EQ(sqlite3_exec(hps__store_db(st), "ALTER TABLE trial DROP"
	    " COLUMN origin; ALTER TABLE trial DROP COLUMN source;"
	    " ALTER TABLE trial DROP COLUMN out_offset;"
	    " DROP TABLE hook_event;"
	    " ALTER TABLE trial DROP COLUMN seed; ALTER TABLE trial DROP COLUMN"
	    " repeat_of;"
	    " PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	ASSERT_EQ(user_version(st), HPS_STORE_VERSION);
	ASSERT_EQ(hps_store_add_trial_from(st, sid, 1, &space, vals,
	    HPS_O_ENQUEUED, NULL, &tid), 0);
	ASSERT_EQ(hps_store_each_trial(st, sid, &space, origin_of, origins),
	    0);
	ASSERT_EQ(origins[0], HPS_O_SEARCH);
	ASSERT_EQ(origins[1], HPS_O_ENQUEUED);
	hps_store_close(st);
	drop();
}

static int
offset_of(const struct hps_store_trial *t, void *arg)
{
	*(unsigned long long *)arg = t->out_offset;
	return 0;
}

static int
run_of(const struct hps_store_trial *t, void *arg)
{
	struct hps_store_trial *r = arg;

	r->state = t->state;
	r->pid = t->pid;
	r->proc_start = t->proc_start;
	r->origin = t->origin;
	r->out_offset = t->out_offset;
	return 0;
}

/* A version-3 database (trial origins) written by an hpsd whose trials
 * did not outlive it: its running trial is read from the start of its
 * output, everything else as it was. */
TEST(version_3_gains_the_stdout_offset)
{
	struct hps_store *st = fresh();
	struct hps_value vals[2] = {{HPS_V_FLOAT, 0.01, NULL},
	    {HPS_V_STR, 0, "adam"}};
	struct hps_store_trial r = {0};
	long long sid, tid;
	char err[HPS_ERRMAX];
	unsigned long long off = 1;

	ASSERT_EQ(hps_store_add_study(st, &space, &sid), 0);
	ASSERT_EQ(hps_store_add_trial_from(st, sid, 0, &space, vals,
	    HPS_O_ENQUEUED, NULL, &tid), 0);
	ASSERT_EQ(hps_store_trial_start(st, tid, 123, 456, "/tmp/x",
	    NULL), 0);
	ASSERT_EQ(sqlite3_exec(hps__store_db(st), "ALTER TABLE trial DROP COLUMN"
	    " out_offset; DROP TABLE hook_event;"
	    " ALTER TABLE trial DROP COLUMN seed; ALTER TABLE trial DROP COLUMN"
	    " repeat_of;"
	    " PRAGMA user_version = 3",
	    NULL, NULL, NULL), SQLITE_OK);
	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	ASSERT_EQ(user_version(st), HPS_STORE_VERSION);
	ASSERT_EQ(hps_store_each_trial(st, sid, &space, run_of, &r), 0);
	ASSERT_EQ(r.state, HPS_T_RUNNING);
	ASSERT_EQ(r.pid, 123);
	ASSERT_EQ(r.proc_start, 456);
	ASSERT_EQ(r.origin, HPS_O_ENQUEUED);
	ASSERT_EQ(r.out_offset, 0);
	/* And it takes offsets from now on. */
	ASSERT_EQ(hps_store_trial_offset(st, tid, 80), 0);
	ASSERT_EQ(hps_store_flush(st), 0);
	ASSERT_EQ(hps_store_each_trial(st, sid, &space, offset_of, &off), 0);
	ASSERT_EQ(off, 80);
	hps_store_close(st);
	drop();
}

static int
hook_seen(const struct hps_store_hook *h, void *arg)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 256 - n, "%s %s %s %s %s;", h->study, h->event,
	    h->trial, h->best, h->state);
	return 0;
}

/* A version-4 database gains the hook events; an event stays stored,
 * with its values, until it is done. */
TEST(hook_events_wait_until_done)
{
	struct hps_store *st = fresh();
	struct hps_store_event ev[2] = {
		{0, "new_best", "3", "0.25", "completed", -1},
		{0, "completed", "", "0.25", "completed", -1},
	};
	long long sid;
	char err[HPS_ERRMAX], seen[256] = "";

	ASSERT_EQ(sqlite3_exec(hps__store_db(st), "DROP TABLE hook_event;"
	    " ALTER TABLE trial DROP COLUMN seed; ALTER TABLE trial DROP COLUMN"
	    " repeat_of;"
	    " PRAGMA user_version = 4", NULL, NULL, NULL), SQLITE_OK);
	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	ASSERT_EQ(user_version(st), HPS_STORE_VERSION);
	ASSERT_EQ(hps_store_add_study(st, &space, &sid), 0);
	ev[0].study_id = ev[1].study_id = sid;
	hps_store_with_events(st, ev, 2);
	ASSERT_EQ(hps_store_set_study_state(st, sid, "completed", NULL), 0);
	ASSERT(ev[0].id > 0 && ev[1].id > ev[0].id);
	ASSERT_EQ(hps_store_done_hook(st, ev[0].id), 0);
	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	ASSERT_EQ(hps_store_each_hook(st, hook_seen, seen), 0);
	ASSERT_STR_EQ(seen, "s completed  0.25 completed;");
	ASSERT_EQ(hps_store_done_hook(st, ev[1].id), 0);
	seen[0] = '\0';
	ASSERT_EQ(hps_store_each_hook(st, hook_seen, seen), 0);
	ASSERT_STR_EQ(seen, "");
	hps_store_close(st);
	drop();
}

/* The first column of the first row of sql, into buf. */
static const char *
sql_text(struct hps_store *st, const char *sql, char *buf, size_t len)
{
	sqlite3_stmt *s;

	ASSERT_EQ(sqlite3_prepare_v2(hps__store_db(st), sql, -1, &s, NULL),
	    SQLITE_OK);
	ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
	snprintf(buf, len, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

/* What a restart would find: the trial's state, the study's, the events. */
static const char *
stored(struct hps_store *st, char *buf)
{
	char trial[32], study[32], seen[256] = "";

	ASSERT_EQ(hps_store_each_hook(st, hook_seen, seen), 0);
	snprintf(buf, 512, "%s|%s|%s", sql_text(st, "SELECT state FROM trial",
	    trial, sizeof trial), sql_text(st, "SELECT state FROM study",
	    study, sizeof study), seen);
	return buf;
}

/* The state write with ev: a trial's result (trial_end) or the study's
 * state. */
static int
state_write(struct hps_store *st, int trial_end, long long trial,
    struct hps_store_event *ev)
{
	struct hps_store_result res = {HPS_T_COMPLETED, 1, 0.9, 3, 0, 0, NULL,
	    NULL, 0};

	hps_store_with_events(st, ev, 1);
	return trial_end ? hps_store_trial_finish(st, trial, &res) :
	    hps_store_set_study_state(st, ev->study_id, "completed", NULL);
}

/* The state write cut short before cut ("INSERT ON hook_event"...), as
 * a crash in the middle of it would: it stores neither the change nor
 * its event. */
static void
cut_stores_nothing(struct hps_store *st, const char *cut, int trial_end,
    long long trial, struct hps_store_event *ev)
{
	char sql[160], buf[512];

	snprintf(sql, sizeof sql, "CREATE TEMP TRIGGER cut BEFORE %s BEGIN"
	    " SELECT RAISE(ABORT, 'cut'); END", cut);
	ASSERT_EQ(sqlite3_exec(hps__store_db(st), sql, NULL, NULL, NULL),
	    SQLITE_OK);
	ASSERT(state_write(st, trial_end, trial, ev) != 0);
	ASSERT_EQ(sqlite3_exec(hps__store_db(st), "DROP TRIGGER cut", NULL,
	    NULL, NULL), SQLITE_OK);
	ASSERT_EQ(ev->id, 0);
	ASSERT_STR_EQ(stored(st, buf), "running|running|");
}

/* A state change and the hook events it raises are one transaction: no
 * failure between them leaves one stored without the other. */
TEST(hook_events_commit_with_their_state_change)
{
	struct hps_store *st = fresh();
	struct hps_store_event best = {0, "new_best", "0", "0.9", "completed",
	    -1}, done = {0, "completed", "", "0.9", "completed", -1};
	long long sid, trial;
	char buf[512], err[HPS_ERRMAX];

	ASSERT_EQ(hps_store_add_study(st, &space, &sid), 0);
	best.study_id = done.study_id = sid;
	trial = add_trial(st, sid, 0, 0.01);
	ASSERT_EQ(hps_store_trial_start(st, trial, 1, 1, "/tmp/x", NULL), 0);
	cut_stores_nothing(st, "INSERT ON hook_event", 1, trial, &best);
	cut_stores_nothing(st, "UPDATE ON trial", 1, trial, &best);
	cut_stores_nothing(st, "INSERT ON hook_event", 0, trial, &done);
	cut_stores_nothing(st, "UPDATE ON study", 0, trial, &done);
	/* Whole, each comes with its event, and a restart finds both. */
	ASSERT_EQ(state_write(st, 1, trial, &best), 0);
	ASSERT(best.id > 0);
	ASSERT_EQ(state_write(st, 0, trial, &done), 0);
	ASSERT(done.id > best.id);
	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	ASSERT_STR_EQ(stored(st, buf), "completed|completed|s new_best 0 0.9"
	    " completed;s completed  0.9 completed;");
	hps_store_close(st);
	drop();
}

TEST(duplicate_study_name_is_eexists)
{
	struct hps_store *st = fresh();
	long long id;

	ASSERT_EQ(hps_store_add_study(st, &space, &id), 0);
	ASSERT_EQ(hps_store_add_study(st, &space, &id), HPS_EEXISTS);
	hps_store_close(st);
	drop();
}

static int
collect(const struct hps_store_trial *t, void *arg)
{
	int *n = arg;

	ASSERT_EQ(t->number, *n);
	ASSERT_EQ(t->params[0].kind, HPS_V_FLOAT);
	ASSERT_STR_EQ(t->params[1].str, "adam");
	(*n)++;
	return 0;
}

TEST(trials_and_params_round_trip)
{
	struct hps_store *st = fresh();
	long long study;
	int n = 0;

	ASSERT_EQ(hps_store_add_study(st, &space, &study), 0);
	add_trial(st, study, 0, 0.01);
	add_trial(st, study, 1, 0.001);
	ASSERT_EQ(hps_store_each_trial(st, study, &space, collect, &n), 0);
	ASSERT_EQ(n, 2);
	hps_store_close(st);
	drop();
}

static int
collect_list(const struct hps_store_trial *t, void *arg)
{
	const struct hps_value *want = arg;

	ASSERT(hps_value_eq(&t->params[1], want));
	return 0;
}

/*
 * A list or mapping value is stored as its JSON text and comes back as
 * the same value (a restarted daemon's search sees it again) and, in
 * queries, as JSON.
 */
TEST(list_values_round_trip)
{
	struct hps_store *st = fresh();
	struct hps_value v[2] = {{HPS_V_FLOAT, 0.1, NULL},
	    {HPS_V_JSON, 0, "[128, {\"a\": 1.0}]"}};
	json_t *out, *p, *want;
	char err[HPS_ERRMAX];
	long long study, id;

	ASSERT_EQ(hps_store_add_study(st, &space, &study), 0);
	ASSERT_EQ(hps_store_add_trial(st, study, 0, &space, v, &id), 0);
	ASSERT_EQ(hps_store_each_trial(st, study, &space, collect_list,
	    &v[1]), 0);
	ASSERT_EQ(query(st, "trials", json_pack("{s:s}", "study", "s"), &out,
	    err), 0);
	p = json_object_get(json_object_get(json_array_get(json_object_get(
	    out, "trials"), 0), "params"), "opt");
	want = json_loads("[128, {\"a\": 1.0}]", 0, NULL);
	ASSERT(json_equal(p, want));
	json_decref(want);
	json_decref(out);
	hps_store_close(st);
	drop();
}

static int
metric_rows(struct hps_store *st)
{
	sqlite3_stmt *s;
	int n;

	ASSERT_EQ(sqlite3_prepare_v2(hps__store_db(st), "SELECT count(*) FROM"
	    " metric", -1, &s, NULL), SQLITE_OK);
	ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

TEST(metrics_are_batched_until_flush)
{
	struct hps_store *st = fresh(), *ro;
	struct hps_store_result res = {HPS_T_COMPLETED, 1, 0.9, 2, 0, 0, NULL,
	    NULL, 0};
	char err[HPS_ERRMAX];
	long long study, trial;
	json_t *out;

	ASSERT_EQ(hps_store_add_study(st, &space, &study), 0);
	trial = add_trial(st, study, 0, 0.01);
	ASSERT_EQ(hps_store_trial_start(st, trial, 123, 456, "/tmp/x", NULL), 0);
	ASSERT_EQ(hps_store_add_metric(st, trial, "val_acc", 7, 1, 0.5, 1), 0);
	ASSERT_EQ(hps_store_add_metric(st, trial, "val_acc", 7, 2, 0.9, 1), 0);
	ASSERT_EQ(hps_store_add_metric(st, trial, "test_acc", 8, 2, 0.7, 1),
	    0);
	ASSERT_EQ(hps_store_add_metric(st, trial, "loss", 4, 2, 0, 0), 0);
	/* A reader sees nothing of the open batch... */
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RDONLY, &ro, err,
	    sizeof err), 0);
	ASSERT_EQ(metric_rows(ro), 0);
	/* ...and everything once the trial's result is committed. */
	ASSERT_EQ(hps_store_trial_finish(st, trial, &res), 0);
	ASSERT_EQ(metric_rows(ro), 4);
	ASSERT_EQ(query(ro, "best", json_pack("{s:s, s:i}", "study", "s",
	    "top", 5), &out, err), 0);
	json_t *t0 = json_array_get(json_object_get(out, "trials"), 0);
	ASSERT_EQ_DBL(json_real_value(json_object_get(t0, "objective")), 0.9,
	    0);
	ASSERT_EQ_DBL(json_real_value(json_object_get(json_object_get(t0,
	    "test"), "test_acc")), 0.7, 0);
	ASSERT(json_is_null(json_object_get(json_object_get(t0, "metrics"),
	    "loss")));
	json_decref(out);
	hps_store_close(ro);
	hps_store_close(st);
	drop();
}

TEST(stdout_offset_goes_with_the_batch)
{
	struct hps_store *st = fresh();
	unsigned long long off = 1;
	long long study, trial;

	ASSERT_EQ(hps_store_add_study(st, &space, &study), 0);
	trial = add_trial(st, study, 0, 0.01);
	ASSERT_EQ(hps_store_trial_start(st, trial, 123, 456, "/tmp/x",
	    NULL), 0);
	ASSERT_EQ(hps_store_add_metric(st, trial, "val_acc", 7, 1, 0.5, 1), 0);
	ASSERT_EQ(hps_store_trial_offset(st, trial, 40), 0);
	ASSERT_EQ(hps_store_trial_offset(st, trial, 80), 0);
	/* Not before the rows it follows... */
	ASSERT_EQ(hps_store_each_trial(st, study, &space, offset_of, &off), 0);
	ASSERT_EQ(off, 0);
	ASSERT_EQ(metric_rows(st), 0);
	/* ...and with them, the last one. */
	ASSERT_EQ(hps_store_flush(st), 0);
	ASSERT_EQ(hps_store_each_trial(st, study, &space, offset_of, &off), 0);
	ASSERT_EQ(off, 80);
	ASSERT_EQ(metric_rows(st), 1);
	/* A new run reads its output from the start. */
	ASSERT_EQ(hps_store_trial_start(st, trial, 124, 457, "/tmp/x",
	    NULL), 0);
	ASSERT_EQ(hps_store_each_trial(st, study, &space, offset_of, &off), 0);
	ASSERT_EQ(off, 0);
	hps_store_close(st);
	drop();
}

TEST(read_only_store_cannot_write)
{
	struct hps_store *st = fresh(), *ro;
	char err[HPS_ERRMAX];
	long long id;

	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RDONLY, &ro, err,
	    sizeof err), 0);
	ASSERT_NE(sqlite3_exec(hps__store_db(ro), "DELETE FROM study", NULL,
	    NULL, NULL), SQLITE_OK);
	(void)id;
	hps_store_close(ro);
	ASSERT_NE(hps_store_open("/nonexistent/dir/x.db", HPS_STORE_RDONLY,
	    &ro, err, sizeof err), 0);
	drop();
}

TEST(queries_rank_by_objective_not_test)
{
	struct hps_store *st = fresh();
	char err[HPS_ERRMAX];
	long long study, t;
	json_t *out;
	int i;

	ASSERT_EQ(hps_store_add_study(st, &space, &study), 0);
	for (i = 0; i < 3; i++) {
		struct hps_store_result r = {HPS_T_COMPLETED, 1, 0.5 + i * 0.1,
		    1, 0, 0, NULL, NULL, 0};

		t = add_trial(st, study, i, 0.01);
		hps_store_add_metric(st, t, "test_acc", 8, 1, 0.9 - i * 0.1, 1);
		hps_store_trial_finish(st, t, &r);
	}
	ASSERT_EQ(query(st, "best", json_pack("{s:s, s:i}", "study", "s",
	    "top", 2), &out, err), 0);
	ASSERT_EQ(json_array_size(json_object_get(out, "trials")), 2);
	ASSERT_EQ(json_integer_value(json_object_get(json_array_get(
	    json_object_get(out, "trials"), 0), "number")), 2);
	json_decref(out);
	ASSERT_EQ(query(st, "trials", json_pack("{s:s, s:s}", "study", "s", "sort",
	    "objective"), &out, err), 0);
	ASSERT_EQ(json_integer_value(json_object_get(json_array_get(
	    json_object_get(out, "trials"), 2), "number")), 0);
	json_decref(out);
	ASSERT_EQ(query(st, "trials", json_pack("{s:s, s:s}", "study", "s", "state",
	    "bogus"), &out, err), HPS_EINVAL);
	ASSERT_EQ(query(st, "best", json_pack("{s:s}", "study", "nope"), &out,
	    err),
	    HPS_ENOTFOUND);
	hps_store_close(st);
	drop();
}

/* The registry serves every read command by name, with its arguments
 * checked, and refuses a name it does not know (hps --db once answered
 * any unknown name with `best`). */
TEST(query_registry_finds_by_name)
{
	static const char *const names[] = {"status", "trials", "best",
	    "curve", "export", "report"};
	struct hps_store *st = fresh();
	char err[HPS_ERRMAX];
	long long study;
	json_t *out, *args;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		ASSERT_STR_EQ(hps_query_find(names[i])->name, names[i]);
	ASSERT(hps_query_find("watch") == NULL);
	ASSERT_EQ(hps_store_add_study(st, &space, &study), 0);
	add_trial(st, study, 0, 0.01);
	args = json_pack("{s:s, s:i}", "study", "s", "top", 1);
	ASSERT_EQ(hps_query_run(st, "best", args, &out, err, sizeof err), 0);
	ASSERT_STR_EQ(json_string_value(json_object_get(out, "study")), "s");
	json_decref(out);
	ASSERT_EQ(hps_query_run(st, "frobnicate", args, &out, err,
	    sizeof err), HPS_ENOTFOUND);
	ASSERT(out == NULL);
	ASSERT_STR_CONTAINS(err, "no read query named \"frobnicate\"");
	ASSERT_EQ(hps_query_run(st, "status", args, &out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "status: unknown argument");
	json_object_set_new(args, "top", json_integer(0));
	ASSERT_EQ(hps_query_run(st, "best", args, &out, err, sizeof err),
	    HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "top must be at least 1");
	json_object_del(args, "study");
	ASSERT_EQ(hps_query_run(st, "trials", args, &out, err, sizeof err),
	    HPS_EINVAL);
	json_decref(args);
	hps_store_close(st);
	drop();
}


static int
collect_none(const struct hps_store_trial *t, void *arg)
{
	ASSERT_EQ(t->params[0].kind, HPS_V_FLOAT);
	ASSERT_EQ(t->params[1].kind, HPS_V_NONE);
	(*(int *)arg)++;
	return 0;
}

/* An inactive parameter is stored as NULL and reads back inactive. */
TEST(inactive_params_are_null)
{
	struct hps_store *st = fresh();
	struct hps_value v[2] = {{HPS_V_FLOAT, 0.5, NULL},
	    {HPS_V_NONE, 0, NULL}};
	long long study, id;
	sqlite3_stmt *s;
	int n = 0;

	ASSERT_EQ(hps_store_add_study(st, &space, &study), 0);
	ASSERT_EQ(hps_store_add_trial(st, study, 0, &space, v, &id), 0);
	ASSERT_EQ(sqlite3_prepare_v2(hps__store_db(st), "SELECT num IS NULL"
	    " AND text IS NULL FROM param WHERE name = 'opt'", -1, &s, NULL),
	    SQLITE_OK);
	ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
	ASSERT_EQ(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	ASSERT_EQ(hps_store_each_trial(st, study, &space, collect_none, &n),
	    0);
	ASSERT_EQ(n, 1);
	hps_store_close(st);
	drop();
}

/* The steps of one metric in a curve query's answer, as "1 2 3". */
static void
curve_steps(struct hps_store *st, const char *metric, char *buf, size_t len)
{
	char err[HPS_ERRMAX];
	json_t *out, *pt;
	size_t i, n = 0;

	buf[0] = '\0';
	ASSERT_EQ(query(st, "curve", json_pack("{s:s, s:i}", "study", "s",
	    "trial", 0), &out, err), 0);
	json_array_foreach(json_object_get(json_object_get(out, "metrics"),
	    metric), i, pt)
		n += (size_t)snprintf(buf + n, len - n, "%s%g", i ? " " : "",
		    json_number_value(json_array_get(pt, 0)));
	json_decref(out);
}

static void
add_steps(struct hps_store *st, long long trial, int from, int to)
{
	int i;

	for (i = from; i <= to; i++) {
		ASSERT_EQ(hps_store_add_metric(st, trial, "val_acc", 7, i,
		    i / 10.0, 1), 0);
		ASSERT_EQ(hps_store_add_metric(st, trial, "loss", 4, i, 1.0 / i,
		    1), 0);
	}
}

struct replayed {
	char names[256];
	double last_step;
	int n;
};

static void
replay_row(const char *name, double step, double value, void *arg)
{
	struct replayed *r = arg;
	size_t len = strlen(r->names);

	(void)value;
	ASSERT(step >= r->last_step);
	r->last_step = step;
	r->n++;
	snprintf(r->names + len, sizeof r->names - len, "%s%s", len ? " " :
	    "", name);
}

static int
crashes_of(const struct hps_store_trial *t, void *arg)
{
	*(long *)arg = t->crashes;
	return 0;
}

/*
 * A run lost after step 3 and resumed: the curve keeps steps 1 to 3 and
 * the re-run's steps continue it, each step once; a fresh run (hps retry)
 * clears it; rows after the step a resumed run keeps from are dropped.
 */
TEST(a_resumed_run_continues_the_curve)
{
	struct hps_store_result lost = {HPS_T_LOST, 0, 0, 0, -1, 9, "lost",
	    NULL, 1};
	struct replayed r = {"", 0, 0};
	struct hps_store *st = fresh();
	long long study, trial;
	double step = -1, keep;
	long crashes = -1;
	char buf[128];

	ASSERT_EQ(hps_store_add_study(st, &space, &study), 0);
	trial = add_trial(st, study, 0, 0.01);
	ASSERT_EQ(hps_store_trial_start(st, trial, 1, 1, "/tmp/x", NULL), 0);
	ASSERT_EQ(hps_store_trial_last_step(st, trial, &step), HPS_ENOTFOUND);
	add_steps(st, trial, 1, 3);
	/* The last step counts what waits in the batch too. */
	ASSERT_EQ(hps_store_trial_last_step(st, trial, &step), 0);
	ASSERT_EQ_DBL(step, 3, 0);
	ASSERT_EQ(hps_store_trial_finish(st, trial, &lost), 0);
	ASSERT_EQ(hps_store_each_trial(st, study, &space, crashes_of,
	    &crashes), 0);
	ASSERT_EQ(crashes, 1);
	keep = step;
	ASSERT_EQ(hps_store_trial_start(st, trial, 2, 2, "/tmp/x", &keep), 0);
	curve_steps(st, "val_acc", buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1 2 3");
	add_steps(st, trial, 4, 5);
	ASSERT_EQ(hps_store_flush(st), 0);
	curve_steps(st, "val_acc", buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1 2 3 4 5");
	curve_steps(st, "loss", buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1 2 3 4 5");
	ASSERT_EQ(hps_store_each_trial_metric(st, trial, replay_row, &r), 0);
	ASSERT_EQ(r.n, 10);
	ASSERT_STR_EQ(r.names, "loss val_acc loss val_acc loss val_acc loss"
	    " val_acc loss val_acc");
	/* Kept up to 2: what the lost run recorded after it goes. */
	keep = 2;
	ASSERT_EQ(hps_store_trial_start(st, trial, 3, 3, "/tmp/x", &keep), 0);
	curve_steps(st, "loss", buf, sizeof buf);
	ASSERT_STR_EQ(buf, "1 2");
	/* A fresh run starts an empty curve. */
	ASSERT_EQ(hps_store_trial_start(st, trial, 4, 4, "/tmp/x", NULL), 0);
	curve_steps(st, "loss", buf, sizeof buf);
	ASSERT_STR_EQ(buf, "");
	ASSERT_EQ(hps_store_trial_last_step(st, trial, &step), HPS_ENOTFOUND);
	hps_store_close(st);
	drop();
}

static int
repeat_of(const struct hps_store_trial *t, void *arg)
{
	struct hps_store_trial *out = arg;

	out[t->number] = *t;
	out[t->number].params = NULL;
	out[t->number].dir = NULL;
	return 0;
}

/* A version-5 database's trials gain seed 0 and no repeat_of; a repeat
 * reads back with the trial it repeats and its seed. */
TEST(version_5_gains_seeds_and_repeats)
{
	struct hps_store *st = fresh();
	struct hps_value vals[2] = {{HPS_V_FLOAT, 0.01, NULL},
	    {HPS_V_STR, 0, "adam"}};
	struct hps_store_trial r[2];
	long long sid, tid;
	char err[HPS_ERRMAX];

	ASSERT_EQ(hps_store_add_study(st, &space, &sid), 0);
	ASSERT_EQ(hps_store_add_trial(st, sid, 0, &space, vals, &tid), 0);
	ASSERT_EQ(sqlite3_exec(hps__store_db(st), "ALTER TABLE trial DROP"
	    " COLUMN seed; ALTER TABLE trial DROP COLUMN repeat_of;"
	    " PRAGMA user_version = 5", NULL, NULL, NULL), SQLITE_OK);
	hps_store_close(st);
	ASSERT_EQ(hps_store_open(dbpath, HPS_STORE_RW, &st, err, sizeof err),
	    0);
	ASSERT_EQ(user_version(st), HPS_STORE_VERSION);
	ASSERT_EQ(hps_store_add_repeat(st, sid, 1, &space, vals, 0, 2, &tid),
	    0);
	ASSERT_EQ(hps_store_each_trial(st, sid, &space, repeat_of, r), 0);
	ASSERT_EQ(r[0].seed, 0);
	ASSERT_EQ(r[0].repeat_of, -1);
	ASSERT_EQ(r[0].origin, HPS_O_SEARCH);
	ASSERT_EQ(r[1].seed, 2);
	ASSERT_EQ(r[1].repeat_of, 0);
	ASSERT_EQ(r[1].origin, HPS_O_REPEAT);
	hps_store_close(st);
	drop();
}

TEST_MAIN(fresh_database_gets_current_schema, newer_schema_is_refused,
    old_schema_is_migrated_forward, version_1_gains_the_recovery_columns,
    version_2_trials_gain_their_origin, version_3_gains_the_stdout_offset,
    stdout_offset_goes_with_the_batch, hook_events_wait_until_done,
    hook_events_commit_with_their_state_change,
    version_5_gains_seeds_and_repeats,
    duplicate_study_name_is_eexists,
    trials_and_params_round_trip, list_values_round_trip,
    metrics_are_batched_until_flush,
    read_only_store_cannot_write, queries_rank_by_objective_not_test,
    query_registry_finds_by_name,
    inactive_params_are_null, a_resumed_run_continues_the_curve)
