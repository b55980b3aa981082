/*
 * The SQLite store. Schema migrations are an ordered list of SQL scripts;
 * PRAGMA user_version counts how many have run. Prepared statements are
 * kept for the hot paths (trial rows and metric rows).
 *
 * Steps (metric.step, trial.best_step) are bound as doubles into columns
 * declared INTEGER: SQLite's integer affinity keeps a whole step an
 * integer and a fractional one (Hugging Face's epoch 0.5) a real, both
 * exact, so fractional steps needed no schema change; 1 and 1.0 are the
 * same key.
 *
 * Metric rows wait in memory until a flush writes them in one transaction.
 * A flush that fails (a full or read-only disk) keeps them for the next
 * one, up to STORE_PENDING_MAX rows; rows past that are counted, and the
 * count is the caller's to report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "hps/error.h"
#include "hps/metric.h"
#include "hps/store.h"
#include "store_int.h"

/* migrations[i] takes the schema from version i to version i + 1. */
static const char *const migrations[HPS_STORE_VERSION] = {
	"CREATE TABLE study ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  state TEXT NOT NULL,"
	"  method TEXT NOT NULL,"
	"  metric TEXT NOT NULL,"
	"  goal TEXT NOT NULL,"
	"  budget INTEGER NOT NULL,"
	"  parallel INTEGER NOT NULL,"
	"  space_path TEXT,"
	"  space_text TEXT NOT NULL,"
	"  created REAL NOT NULL,"
	"  ended REAL,"
	"  error TEXT);"
	"CREATE TABLE trial ("
	"  id INTEGER PRIMARY KEY,"
	"  study_id INTEGER NOT NULL REFERENCES study(id),"
	"  number INTEGER NOT NULL,"
	"  state TEXT NOT NULL,"
	"  objective REAL,"
	"  best_step INTEGER,"
	"  exit_code INTEGER,"
	"  term_signal INTEGER,"
	"  error TEXT,"
	"  stderr_tail TEXT,"
	"  dir TEXT,"
	"  pid INTEGER,"
	"  created REAL NOT NULL,"
	"  started REAL,"
	"  ended REAL,"
	"  UNIQUE (study_id, number));"
	"CREATE TABLE param ("
	"  trial_id INTEGER NOT NULL REFERENCES trial(id),"
	"  position INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  num REAL,"
	"  text TEXT,"
	"  PRIMARY KEY (trial_id, position)) WITHOUT ROWID;"
	"CREATE TABLE metric ("
	"  trial_id INTEGER NOT NULL REFERENCES trial(id),"
	"  name TEXT NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  value REAL,"
	"  time REAL NOT NULL,"
	"  PRIMARY KEY (trial_id, name, step)) WITHOUT ROWID;",

	/* 2: recovery after a crash needs to know the trial's processes. */
	"ALTER TABLE trial ADD COLUMN proc_start INTEGER;"
	"ALTER TABLE trial ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;",

	/* 3: trials given to a study (warm_start, hps enqueue) or imported
	 * from another (source: "study#number"). */
	"ALTER TABLE trial ADD COLUMN origin TEXT NOT NULL DEFAULT 'search';"
	"ALTER TABLE trial ADD COLUMN source TEXT;",

	/* 4: a trial outlives hpsd; the next one reads on where it stopped. */
	"ALTER TABLE trial ADD COLUMN out_offset INTEGER NOT NULL DEFAULT 0;",
	/* 5: hook events (on:) raised and not yet run to their end, with
	 * their placeholders' values, so a restarted hpsd runs them
	 * (core/store_hook.c). */
	"CREATE TABLE hook_event ("
	"  id INTEGER PRIMARY KEY,"
	"  study_id INTEGER NOT NULL REFERENCES study(id),"
	"  event TEXT NOT NULL,"
	"  trial TEXT NOT NULL,"
	"  best TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  created REAL NOT NULL);",
	/* 6: confirm: runs a trial's configuration again with another seed;
	 * a repeat names the trial it repeats. Every run has its seed (0
	 * for the first run of a configuration). */
	"ALTER TABLE trial ADD COLUMN seed INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE trial ADD COLUMN repeat_of INTEGER;",
};

enum {
	S_ADD_TRIAL,
	S_ADD_PARAM,
	S_ADD_METRIC,
	S_TRIAL_START,
	S_TRIAL_FINISH,
	S_TRIAL_STATE,
	S_TRIAL_CLEAR,
	S_TRIAL_CRASHED,
	S_TRIAL_OFFSET,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_ADD_TRIAL] = "INSERT INTO trial (study_id, number, state, created,"
			" origin, source, repeat_of, seed)"
			" VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)",
	[S_ADD_PARAM] = "INSERT INTO param (trial_id, position, name, kind,"
			" num, text) VALUES (?, ?, ?, ?, ?, ?)",
	[S_ADD_METRIC] = "INSERT OR REPLACE INTO metric (trial_id, name, step,"
			 " value, time) VALUES (?, ?, ?, ?, ?)",
	[S_TRIAL_START] = "UPDATE trial SET state = 'running', pid = ?,"
			  " proc_start = ?, dir = ?, started = ?,"
			  " objective = NULL, out_offset = 0,"
			  " best_step = NULL, exit_code = NULL,"
			  " term_signal = NULL, error = NULL,"
			  " stderr_tail = NULL, ended = NULL WHERE id = ?",
	[S_TRIAL_CLEAR] = "DELETE FROM metric WHERE trial_id = ?1 AND"
			  " (?2 IS NULL OR step > ?2)",
	[S_TRIAL_CRASHED] = "UPDATE trial SET state = ?, crashes = crashes + 1,"
			    " error = ?, ended = ? WHERE id = ?",
	[S_TRIAL_FINISH] = "UPDATE trial SET state = ?, objective = ?,"
			   " best_step = ?, exit_code = ?, term_signal = ?,"
			   " error = ?, stderr_tail = ?, ended = ?,"
			   " crashes = crashes + ? WHERE id = ?",
	[S_TRIAL_STATE] = "UPDATE trial SET state = ? WHERE id = ?",
	[S_TRIAL_OFFSET] = "UPDATE trial SET out_offset = ? WHERE id = ?",
};

/* How long the writer waits on another process's lock, in ms. */
#define STORE_WRITER_BUSY_MS 20
/* Rows a flush writes at once in normal running. */
#define STORE_BATCH_ROWS 4096
/* Rows kept while flushes fail (about 170 bytes each). */
#define STORE_PENDING_MAX 65536

struct metric_row {
	long long trial_id;
	double step;		/* bound as a double: see the top */
	double value;
	double time;
	int finite;
	char name[HPS_METRIC_NAMEMAX + 1];
};

/* How far a trial's stdout has been read, as of the rows before it. */
struct offset_row {
	long long trial_id;
	unsigned long long offset;
};

struct hps_store {
	sqlite3 *db;
	int readonly;
	int failing;		/* the last flush failed */
	struct metric_row *rows;	/* waiting to be written */
	size_t nrows, rowcap;
	struct offset_row *offsets;	/* written with the rows */
	size_t noffsets, offcap;
	long dropped;		/* rows lost while flushes failed */
	char msg[256];		/* the message of a rolled-back write */
	int rolled_back;	/* msg is the next hps_store_errmsg */
	void (*commit_cb)(void *arg);
	void *commit_arg;
	struct hps_store_event *events;	/* for the next state write */
	size_t nevents;
	sqlite3_stmt *stmt[S_COUNT];
};

static const char *const kind_names[] = {
	[HPS_V_FLOAT] = "float",
	[HPS_V_INT] = "int",
	[HPS_V_BOOL] = "bool",
	[HPS_V_STR] = "str",
	[HPS_V_NONE] = "none",	/* inactive: num and text stay NULL */
	[HPS_V_JSON] = "json",
};

enum hps_vkind
hps__store_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (name != NULL && strcmp(kind_names[i], name) == 0)
			return (enum hps_vkind)i;
	return HPS_V_FLOAT;
}

double
hps_store_now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

sqlite3 *
hps__store_db(struct hps_store *st)
{
	return st->db;
}

const char *
hps_store_errmsg(struct hps_store *st)
{
	if (st->rolled_back) {
		st->rolled_back = 0;
		return st->msg;
	}
	return sqlite3_errmsg(st->db);
}

static int
db_error(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return HPS_ENOSPC;
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return HPS_EIO;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return HPS_ECORRUPT;
	case SQLITE_NOMEM:
		return HPS_ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return HPS_EBUSY;
	case SQLITE_CONSTRAINT:
		return HPS_EEXISTS;
	}
	return HPS_EDB;
}

int
hps__store_error(int rc)
{
	return rc == SQLITE_DONE || rc == SQLITE_OK ? 0 : db_error(rc);
}

static int
exec(struct hps_store *st, const char *sql)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_error(rc);
}

/* End a failed transaction, unless SQLite already did: the error of the
 * write that failed stays the one hps_store_errmsg tells. */
static void
rollback(struct hps_store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return;
	/* ROLLBACK succeeds, and SQLite's message then says so. */
	snprintf(st->msg, sizeof st->msg, "%s", sqlite3_errmsg(st->db));
	st->rolled_back = 1;
	exec(st, "ROLLBACK");
}

static int
migrate(struct hps_store *st, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int version, rc;
	char sql[64];

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return hps_errf(err, errlen, HPS_EDB, "%s",
		    sqlite3_errmsg(st->db));
	rc = sqlite3_step(s);
	version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_finalize(s);
	if (version < 0)
		return hps_errf(err, errlen, HPS_EDB, "%s",
		    sqlite3_errmsg(st->db));
	if (version > HPS_STORE_VERSION)
		return hps_errf(err, errlen, HPS_EDB,
		    "database schema version %d is newer than this hpsd "
		    "understands (%d); upgrade hpsd", version,
		    HPS_STORE_VERSION);
	if (version == HPS_STORE_VERSION)
		return 0;
	if (st->readonly)
		return hps_errf(err, errlen, HPS_EDB,
		    "database schema version %d is older than %d; start hpsd "
		    "once to migrate it", version, HPS_STORE_VERSION);
	for (; version < HPS_STORE_VERSION; version++) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
		    version + 1);
		if (exec(st, "BEGIN IMMEDIATE") != 0 ||
		    exec(st, migrations[version]) != 0 || exec(st, sql) != 0 ||
		    exec(st, "COMMIT") != 0) {
			hps_errf(err, errlen, HPS_EDB,
			    "migrating the database to version %d: %s",
			    version + 1, sqlite3_errmsg(st->db));
			rollback(st);
			return HPS_EDB;
		}
	}
	return 0;
}

/* A message on one line: newlines become spaces. */
static void
one_line(char *msg)
{
	char *p;

	while (msg != NULL && (p = strchr(msg, '\n')) != NULL)
		*p = ' ';
}

/* The first problem PRAGMA quick_check finds: every page and index is
 * read, so a damaged file is found before the daemon runs on it. */
static int
check(struct hps_store *st, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	const char *row;
	int rc;

	if ((rc = sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &s,
	    NULL)) != SQLITE_OK)
		return hps_errf(err, errlen, db_error(rc), "%s",
		    sqlite3_errmsg(st->db));
	rc = sqlite3_step(s);
	row = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) :
	    NULL;
	if (row != NULL && strcmp(row, "ok") == 0)
		rc = 0;
	else
		rc = hps_errf(err, errlen, row != NULL ? HPS_ECORRUPT :
		    db_error(rc), "%s", row != NULL ? row :
		    sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	one_line(err);
	return rc;
}

/* Each commit of the writer: SQLite's own checkpoint past 1000 pages (a
 * WAL hook replaces it), then the owner's callback. */
static int
on_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct hps_store *st = arg;

	if (pages >= 1000)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
	if (st->commit_cb != NULL)
		st->commit_cb(st->commit_arg);
	return SQLITE_OK;
}

static int
configure(struct hps_store *st, char *err, size_t errlen)
{
	int i, rc = 0, rw = !st->readonly;

	sqlite3_busy_timeout(st->db, 5000);
	if (rw && ((rc = exec(st, "PRAGMA journal_mode = WAL")) != 0 ||
	    (rc = exec(st, "PRAGMA synchronous = NORMAL")) != 0 ||
	    (rc = exec(st, "PRAGMA foreign_keys = ON")) != 0))
		return hps_errf(err, errlen, rc == HPS_ECORRUPT ? rc : HPS_EDB,
		    "configuring: %s", sqlite3_errmsg(st->db));
	if (rw && (rc = check(st, err, errlen)) != 0)
		return rc;
	if (rw)
		sqlite3_wal_hook(st->db, on_commit, st);
	if (migrate(st, err, errlen) != 0)
		return HPS_EDB;
	/* Once open, the writer (the daemon's loop) never waits long on a
	 * lock another process holds: the write fails with HPS_EBUSY and
	 * the caller tries again later. */
	if (rw)
		sqlite3_busy_timeout(st->db, STORE_WRITER_BUSY_MS);
	for (i = 0; i < S_COUNT && !st->readonly; i++) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmt[i], NULL) != SQLITE_OK)
			return hps_errf(err, errlen, HPS_EDB, "preparing: %s",
			    sqlite3_errmsg(st->db));
	}
	return 0;
}

int
hps_store_open(const char *path, int flags, struct hps_store **out,
    char *err, size_t errlen)
{
	struct hps_store *st;
	int oflags, rc;

	*out = NULL;
	if ((st = calloc(1, sizeof *st)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	st->readonly = (flags & HPS_STORE_RDONLY) != 0;
	oflags = st->readonly ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW;
	rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		hps_errf(err, errlen, HPS_EIO, "%s: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : "cannot open");
		hps_store_close(st);
		return HPS_EIO;
	}
	if ((rc = configure(st, err, errlen)) != 0) {
		hps_store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

void
hps_store_close(struct hps_store *st)
{
	int i;

	if (st == NULL)
		return;
	hps_store_flush(st);
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->rows);
	free(st->offsets);
	free(st);
}

void
hps_store_on_commit(struct hps_store *st, void (*cb)(void *arg), void *arg)
{
	st->commit_cb = cb;
	st->commit_arg = arg;
}

long
hps_store_dropped(struct hps_store *st)
{
	long n = st->dropped;

	st->dropped = 0;
	return n;
}

static int step(sqlite3_stmt *s);

/* The waiting stdout offsets, after the rows they follow. */
static int
write_offsets(struct hps_store *st)
{
	sqlite3_stmt *s = st->stmt[S_TRIAL_OFFSET];
	size_t i;
	int rc;

	for (i = 0; i < st->noffsets; i++) {
		sqlite3_bind_int64(s, 1, (sqlite3_int64)st->offsets[i].offset);
		sqlite3_bind_int64(s, 2, st->offsets[i].trial_id);
		if ((rc = step(s)) != 0)
			return rc;
	}
	return 0;
}

/* Insert the waiting metric rows, inside the caller's transaction. */
static int
write_rows(struct hps_store *st)
{
	sqlite3_stmt *s = st->stmt[S_ADD_METRIC];
	const struct metric_row *r;
	size_t i;
	int rc;

	for (i = 0; i < st->nrows; i++) {
		r = &st->rows[i];
		sqlite3_bind_int64(s, 1, r->trial_id);
		sqlite3_bind_text(s, 2, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_double(s, 3, r->step);
		if (r->finite)
			sqlite3_bind_double(s, 4, r->value);
		sqlite3_bind_double(s, 5, r->time);
		if ((rc = step(s)) != 0)
			return rc;
	}
	return 0;
}

/* Commit the transaction the caller began, rows first; the rows are
 * written only if it all commits. */
static int
commit_with_rows(struct hps_store *st, sqlite3_stmt *also)
{
	int rc;

	if ((rc = write_rows(st)) != 0 || (rc = write_offsets(st)) != 0 ||
	    (also != NULL && (rc = step(also)) != 0) ||
	    (rc = exec(st, "COMMIT")) != 0) {
		rollback(st);
		st->failing = 1;
		return rc;
	}
	st->nrows = 0;
	st->noffsets = 0;
	st->failing = 0;
	return 0;
}

int
hps_store_checkpoint(struct hps_store *st, int truncate)
{
	int rc;

	if ((rc = hps_store_flush(st)) != 0)
		return rc;
	/* A checkpoint may wait on readers as before: one cut short leaves
	 * the database file holding part of what the WAL holds. */
	sqlite3_busy_timeout(st->db, 5000);
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, truncate ?
	    SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	sqlite3_busy_timeout(st->db, STORE_WRITER_BUSY_MS);
	return rc == SQLITE_OK ? 0 : db_error(rc);
}

long long
hps_store_memory(void)
{
	return sqlite3_memory_used();
}

int
hps_store_flush(struct hps_store *st)
{
	int rc;

	if (st->nrows == 0 && st->noffsets == 0)
		return 0;
	if ((rc = exec(st, "BEGIN")) != 0) {
		st->failing = 1;
		return rc;
	}
	return commit_with_rows(st, NULL);
}

/* Run a prepared statement to completion and reset it. */
static int
step(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error(rc);
}

static void
bind_text_or_null(sqlite3_stmt *s, int i, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

int
hps_store_add_study(struct hps_store *st, const struct hps_space *sp,
    long long *id_out)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = hps_store_flush(st)) != 0)
		return rc;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO study (name, state,"
	    " method, metric, goal, budget, parallel, space_path, space_text,"
	    " created) VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?,"
	    " ?)", -1, &s, NULL) != SQLITE_OK)
		return HPS_EDB;
	sqlite3_bind_text(s, 1, sp->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sp->method, -1,
	    SQLITE_STATIC);
	/* No metric is '', which no metric's name is (HPS__QUERY_OBJECTIVE). */
	sqlite3_bind_text(s, 3, sp->metric ? sp->metric : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 4, sp->goal == HPS_MAXIMIZE ? "maximize" :
	    "minimize", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, sp->trials);
	sqlite3_bind_int(s, 6, sp->parallel);
	bind_text_or_null(s, 7, sp->path);
	sqlite3_bind_text(s, 8, sp->text, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 9, hps_store_now());
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(rc);
	*id_out = sqlite3_last_insert_rowid(st->db);
	return 0;
}

void
hps_store_with_events(struct hps_store *st, struct hps_store_event *ev,
    size_t n)
{
	st->events = ev;
	st->nevents = n;
}

/* The state write rc ended: its events are forgotten, their ids 0 unless
 * it committed. */
static int
events_written(struct hps_store *st, int rc)
{
	size_t i;

	for (i = 0; rc != 0 && i < st->nevents; i++)
		st->events[i].id = 0;
	st->events = NULL;
	st->nevents = 0;
	return rc;
}

static int
set_study_state(struct hps_store *st, long long id, const char *state,
    const char *error)
{
	sqlite3_stmt *s;
	int rc, final;

	if ((rc = hps_store_flush(st)) != 0)
		return rc;
	/* Running again, a study's old reason no longer holds. */
	if (sqlite3_prepare_v2(st->db, "UPDATE study SET state = ?1, error ="
	    " CASE ?1 WHEN 'running' THEN ?2 ELSE coalesce(?2, error) END,"
	    " ended = ?3 WHERE id = ?4", -1, &s, NULL) != SQLITE_OK)
		return HPS_EDB;
	final = strcmp(state, "running") != 0 && strcmp(state, "paused") != 0 &&
	    strcmp(state, "waiting") != 0;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	bind_text_or_null(s, 2, error);
	if (final)
		sqlite3_bind_double(s, 3, hps_store_now());
	sqlite3_bind_int64(s, 4, id);
	/* The state and the events it raises: all or nothing. */
	if ((rc = exec(st, "BEGIN")) == 0 && (rc = hps__store_add_events(st,
	    st->events, st->nevents)) == 0) {
		rc = sqlite3_step(s);
		rc = rc == SQLITE_DONE ? exec(st, "COMMIT") : db_error(rc);
	}
	if (rc != 0)
		rollback(st);
	sqlite3_finalize(s);
	return rc;
}

int
hps_store_set_study_state(struct hps_store *st, long long id,
    const char *state, const char *error)
{
	return events_written(st, set_study_state(st, id, state, error));
}

int
hps_store_set_budget(struct hps_store *st, long long id, long trials,
    int parallel)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = hps_store_flush(st)) != 0)
		return rc;
	if (sqlite3_prepare_v2(st->db, "UPDATE study SET budget = ?,"
	    " parallel = ? WHERE id = ?", -1, &s, NULL) != SQLITE_OK)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, trials);
	sqlite3_bind_int(s, 2, parallel);
	sqlite3_bind_int64(s, 3, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(rc);
}

int
hps_store_each_study(struct hps_store *st,
    int (*fn)(const struct hps_store_study *s, void *arg), void *arg)
{
	struct hps_store_study row;
	sqlite3_stmt *s;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT id, name, state, space_path,"
	    " space_text, budget, parallel, created FROM study ORDER BY id",
	    -1, &s,
	    NULL) != SQLITE_OK)
		return HPS_EDB;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(s, 0);
		row.name = (const char *)sqlite3_column_text(s, 1);
		row.state = (const char *)sqlite3_column_text(s, 2);
		row.space_path = (const char *)sqlite3_column_text(s, 3);
		row.space_text = (const char *)sqlite3_column_text(s, 4);
		row.budget = (long)sqlite3_column_int64(s, 5);
		row.parallel = sqlite3_column_int(s, 6);
		row.created = sqlite3_column_double(s, 7);
		stop = fn(&row, arg);
	}
	sqlite3_finalize(s);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : db_error(rc);
}

static int
add_params(struct hps_store *st, long long trial_id,
    const struct hps_space *sp, const struct hps_value *vals)
{
	sqlite3_stmt *s = st->stmt[S_ADD_PARAM];
	size_t i;
	int rc;

	for (i = 0; i < sp->nparams; i++) {
		sqlite3_bind_int64(s, 1, trial_id);
		sqlite3_bind_int(s, 2, (int)i);
		sqlite3_bind_text(s, 3, sp->params[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, kind_names[vals[i].kind], -1,
		    SQLITE_STATIC);
		if (hps_value_has_str(&vals[i])) {
			sqlite3_bind_null(s, 5);
			sqlite3_bind_text(s, 6, vals[i].str, -1, SQLITE_STATIC);
		} else if (vals[i].kind == HPS_V_NONE) {
			sqlite3_bind_null(s, 5);
			sqlite3_bind_null(s, 6);
		} else
			sqlite3_bind_double(s, 5, vals[i].num);
		if ((rc = step(s)) != 0)
			return rc;
	}
	return 0;
}

int
hps_store_add_trial(struct hps_store *st, long long study_id, long number,
    const struct hps_space *sp, const struct hps_value *vals,
    long long *id_out)
{
	return hps_store_add_trial_from(st, study_id, number, sp, vals,
	    HPS_O_SEARCH, NULL, id_out);
}

/* Every new trial's row: repeat_of < 0 for none. */
static int
add_trial(struct hps_store *st, long long study_id, long number,
    const struct hps_space *sp, const struct hps_value *vals,
    enum hps_origin origin, const char *source, long repeat_of,
    unsigned long seed, long long *id_out)
{
	sqlite3_stmt *s = st->stmt[S_ADD_TRIAL];
	int rc;

	if ((rc = hps_store_flush(st)) != 0 ||
	    (rc = exec(st, "BEGIN")) != 0)
		return rc;
	sqlite3_bind_int64(s, 1, study_id);
	sqlite3_bind_int64(s, 2, number);
	sqlite3_bind_double(s, 3, hps_store_now());
	sqlite3_bind_text(s, 4, hps_origin_name(origin), -1, SQLITE_STATIC);
	bind_text_or_null(s, 5, source);
	if (repeat_of >= 0)
		sqlite3_bind_int64(s, 6, repeat_of);
	else
		sqlite3_bind_null(s, 6);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)seed);
	if ((rc = step(s)) == 0) {
		*id_out = sqlite3_last_insert_rowid(st->db);
		rc = add_params(st, *id_out, sp, vals);
	}
	if (rc == 0)
		rc = exec(st, "COMMIT");
	if (rc != 0)
		rollback(st);
	return rc;
}

int
hps_store_add_trial_from(struct hps_store *st, long long study_id,
    long number, const struct hps_space *sp, const struct hps_value *vals,
    enum hps_origin origin, const char *source, long long *id_out)
{
	return add_trial(st, study_id, number, sp, vals, origin, source, -1,
	    0, id_out);
}

int
hps_store_add_repeat(struct hps_store *st, long long study_id, long number,
    const struct hps_space *sp, const struct hps_value *vals,
    long repeat_of, unsigned long seed, long long *id_out)
{
	return add_trial(st, study_id, number, sp, vals, HPS_O_REPEAT, NULL,
	    repeat_of, seed, id_out);
}

int
hps_store_trial_start(struct hps_store *st, long long trial_id, long pid,
    unsigned long long proc_start, const char *dir, const double *keep_to)
{
	sqlite3_stmt *s = st->stmt[S_TRIAL_START];
	int rc;

	if ((rc = hps_store_flush(st)) != 0)
		return rc;
	/* A fresh run keeps nothing of an earlier attempt; a resumed one
	 * keeps the curve up to its resume step. */
	if ((rc = exec(st, "BEGIN")) != 0)
		return rc;
	sqlite3_bind_int64(st->stmt[S_TRIAL_CLEAR], 1, trial_id);
	if (keep_to != NULL)
		sqlite3_bind_double(st->stmt[S_TRIAL_CLEAR], 2, *keep_to);
	else
		sqlite3_bind_null(st->stmt[S_TRIAL_CLEAR], 2);
	sqlite3_bind_int64(s, 1, pid);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)proc_start);
	bind_text_or_null(s, 3, dir);
	sqlite3_bind_double(s, 4, hps_store_now());
	sqlite3_bind_int64(s, 5, trial_id);
	if ((rc = step(st->stmt[S_TRIAL_CLEAR])) != 0 || (rc = step(s)) != 0 ||
	    (rc = exec(st, "COMMIT")) != 0) {
		rollback(st);
		return rc;
	}
	return 0;
}

int
hps_store_trial_crashed(struct hps_store *st, long long trial_id,
    enum hps_tstate state, const char *error)
{
	sqlite3_stmt *s = st->stmt[S_TRIAL_CRASHED];
	int rc;

	if ((rc = hps_store_flush(st)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, hps_tstate_name(state), -1, SQLITE_STATIC);
	bind_text_or_null(s, 2, error);
	if (state != HPS_T_LOST)
		sqlite3_bind_double(s, 3, hps_store_now());
	sqlite3_bind_int64(s, 4, trial_id);
	return step(s);
}

static int
trial_finish(struct hps_store *st, long long trial_id,
    const struct hps_store_result *r)
{
	sqlite3_stmt *s = st->stmt[S_TRIAL_FINISH];
	int rc;

	/* The result commits with the waiting metric rows and the events it
	 * raises: all or none. */
	if ((rc = exec(st, "BEGIN")) != 0 || (rc = hps__store_add_events(st,
	    st->events, st->nevents)) != 0) {
		rollback(st);
		st->failing = 1;
		return rc;
	}
	sqlite3_bind_text(s, 1, hps_tstate_name(r->state), -1, SQLITE_STATIC);
	if (r->has_objective) {
		sqlite3_bind_double(s, 2, r->objective);
		sqlite3_bind_double(s, 3, r->best_step);
	}
	if (r->exit_code >= 0)
		sqlite3_bind_int(s, 4, r->exit_code);
	if (r->term_signal > 0)
		sqlite3_bind_int(s, 5, r->term_signal);
	bind_text_or_null(s, 6, r->error);
	bind_text_or_null(s, 7, r->stderr_tail);
	sqlite3_bind_double(s, 8, hps_store_now());
	sqlite3_bind_int(s, 9, r->crashed != 0);
	sqlite3_bind_int64(s, 10, trial_id);
	return commit_with_rows(st, s);
}

int
hps_store_trial_finish(struct hps_store *st, long long trial_id,
    const struct hps_store_result *r)
{
	return events_written(st, trial_finish(st, trial_id, r));
}

int
hps_store_trial_state(struct hps_store *st, long long trial_id,
    enum hps_tstate state)
{
	sqlite3_stmt *s = st->stmt[S_TRIAL_STATE];
	int rc;

	if ((rc = hps_store_flush(st)) != 0)
		return rc;
	sqlite3_bind_text(s, 1, hps_tstate_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, trial_id);
	return step(s);
}

/* Read the params of one trial into vals (sp->nparams entries). */
static int
load_params(sqlite3_stmt *s, long long trial_id,
    const struct hps_space *sp, struct hps_value *vals)
{
	const char *kind, *text;
	size_t pos;
	int rc;

	sqlite3_bind_int64(s, 1, trial_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pos = (size_t)sqlite3_column_int(s, 0);
		if (pos >= sp->nparams)
			continue;
		kind = (const char *)sqlite3_column_text(s, 1);
		text = (const char *)sqlite3_column_text(s, 3);
		vals[pos].num = sqlite3_column_double(s, 2);
		vals[pos].kind = hps__store_kind(kind);
		if (hps_value_has_str(&vals[pos]) &&
		    (vals[pos].str = strdup(text ? text : "")) == NULL)
			rc = SQLITE_NOMEM;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_error(rc);
}

int
hps_store_each_trial(struct hps_store *st, long long study_id,
    const struct hps_space *sp,
    int (*fn)(const struct hps_store_trial *t, void *arg), void *arg)
{
	struct hps_store_trial row;
	sqlite3_stmt *s, *ps;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT id, number, state, objective,"
	    " best_step, ended, pid, proc_start, crashes, origin, started,"
	    " state = 'completed' AND error IS NOT NULL, dir, out_offset,"
	    " seed, repeat_of FROM trial"
	    " WHERE study_id = ? ORDER BY number", -1, &s,
	    NULL) != SQLITE_OK)
		return HPS_EDB;
	if (sqlite3_prepare_v2(st->db, "SELECT position, kind, num, text"
	    " FROM param WHERE trial_id = ?", -1, &ps, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		return HPS_EDB;
	}
	sqlite3_bind_int64(s, 1, study_id);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		row.id = sqlite3_column_int64(s, 0);
		row.number = sqlite3_column_int64(s, 1);
		row.state = hps_tstate_parse((const char *)
		    sqlite3_column_text(s, 2));
		row.has_objective = sqlite3_column_type(s, 3) != SQLITE_NULL;
		row.objective = sqlite3_column_double(s, 3);
		row.best_step = sqlite3_column_double(s, 4);
		row.ended = sqlite3_column_double(s, 5);
		row.pid = (long)sqlite3_column_int64(s, 6);
		row.proc_start = (unsigned long long)sqlite3_column_int64(s, 7);
		row.crashes = (long)sqlite3_column_int64(s, 8);
		row.origin = hps_origin_parse((const char *)
		    sqlite3_column_text(s, 9));
		row.started = sqlite3_column_double(s, 10);
		row.infeasible = sqlite3_column_int(s, 11);
		row.dir = (const char *)sqlite3_column_text(s, 12);
		row.out_offset = (unsigned long long)sqlite3_column_int64(s,
		    13);
		row.seed = (unsigned long)sqlite3_column_int64(s, 14);
		row.repeat_of = sqlite3_column_type(s, 15) == SQLITE_NULL ?
		    -1 : (long)sqlite3_column_int64(s, 15);
		row.params = calloc(sp->nparams ? sp->nparams : 1,
		    sizeof *row.params);
		if (row.params == NULL) {
			stop = HPS_ENOMEM;
			break;
		}
		stop = load_params(ps, row.id, sp, row.params);
		if (stop == 0)
			stop = fn(&row, arg);
		hps_values_free(row.params, sp->nparams);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(ps);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : db_error(rc);
}

/* Group the rows of one trial's parameters, in position order. */
struct named_trial {
	struct hps_store_named row;
	const char **names;
	struct hps_value *vals;
	size_t n, cap;
};

static int
named_add(struct named_trial *t, sqlite3_stmt *s)
{
	const char *name = (const char *)sqlite3_column_text(s, 3);
	const char *text = (const char *)sqlite3_column_text(s, 6);
	struct hps_value *v;

	if (t->n == t->cap) {
		size_t cap = t->cap * 2 + 8;
		const char **nn = realloc(t->names, cap * sizeof *nn);

		if (nn == NULL)
			return HPS_ENOMEM;
		t->names = nn;
		if ((v = realloc(t->vals, cap * sizeof *v)) == NULL)
			return HPS_ENOMEM;
		t->vals = v;
		t->cap = cap;
	}
	v = &t->vals[t->n];
	memset(v, 0, sizeof *v);
	v->kind = hps__store_kind((const char *)sqlite3_column_text(s, 4));
	v->num = sqlite3_column_double(s, 5);
	if ((t->names[t->n] = strdup(name ? name : "")) == NULL ||
	    (v->kind == HPS_V_STR && (v->str = strdup(text ? text : "")) ==
	    NULL)) {
		free((char *)t->names[t->n]);
		return HPS_ENOMEM;
	}
	t->n++;
	return 0;
}

static void
named_clear(struct named_trial *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free((char *)t->names[i]);
		hps_value_clear(&t->vals[i]);
	}
	t->n = 0;
}

/* Hand the trial gathered so far to fn, then start the next. */
static int
named_flush(struct named_trial *t, int (*fn)(const struct hps_store_named
    *r, void *arg), void *arg)
{
	int rc = 0;

	if (t->n > 0) {
		t->row.names = t->names;
		t->row.vals = t->vals;
		t->row.n = t->n;
		rc = fn(&t->row, arg);
	}
	named_clear(t);
	return rc;
}

int
hps_store_each_result(struct hps_store *st, const char *study,
    int (*fn)(const struct hps_store_named *r, void *arg), void *arg)
{
	struct named_trial t = {0};
	sqlite3_stmt *s;
	long number = -1;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT t.number, t.objective, t.state,"
	    " p.name, p.kind, p.num, p.text FROM study s JOIN trial t ON"
	    " t.study_id = s.id JOIN param p ON p.trial_id = t.id WHERE"
	    " s.name = ? AND t.state IN ('completed', 'imported') AND"
	    " t.objective IS NOT NULL ORDER BY t.number, p.position", -1, &s,
	    NULL) != SQLITE_OK)
		return HPS_EDB;
	sqlite3_bind_text(s, 1, study, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_int64(s, 0) != number) {
			if ((stop = named_flush(&t, fn, arg)) != 0)
				break;
			number = (long)sqlite3_column_int64(s, 0);
			t.row.number = number;
			t.row.objective = sqlite3_column_double(s, 1);
		}
		stop = named_add(&t, s);
	}
	if (!stop && rc == SQLITE_DONE)
		stop = named_flush(&t, fn, arg);
	named_clear(&t);
	free(t.names);
	free(t.vals);
	sqlite3_finalize(s);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : db_error(rc);
}

int
hps_store_trial_last_step(struct hps_store *st, long long trial_id,
    double *step)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = hps_store_flush(st)) != 0)
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT MAX(step) FROM metric WHERE"
	    " trial_id = ?", -1, &s, NULL) != SQLITE_OK)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, trial_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rc = sqlite3_column_type(s, 0) == SQLITE_NULL ? HPS_ENOTFOUND :
		    0;
		*step = sqlite3_column_double(s, 0);
	} else
		rc = db_error(rc);
	sqlite3_finalize(s);
	return rc;
}

int
hps_store_each_trial_metric(struct hps_store *st, long long trial_id,
    void (*fn)(const char *name, double step, double value, void *arg),
    void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT name, step, value FROM metric"
	    " WHERE trial_id = ? AND value IS NOT NULL ORDER BY step, name",
	    -1, &s, NULL) != SQLITE_OK)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, trial_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(s, 0),
		    sqlite3_column_double(s, 1), sqlite3_column_double(s, 2),
		    arg);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(rc);
}

int
hps_store_each_value(struct hps_store *st, long long study_id,
    const char *metric, void (*fn)(long number, double step, double value,
    void *arg), void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT t.number, m.step, m.value FROM"
	    " metric m JOIN trial t ON t.id = m.trial_id WHERE t.study_id = ?"
	    " AND m.name = ? AND m.value IS NOT NULL ORDER BY t.number, m.step",
	    -1, &s, NULL) != SQLITE_OK)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, study_id);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn((long)sqlite3_column_int64(s, 0),
		    sqlite3_column_double(s, 1),
		    sqlite3_column_double(s, 2), arg);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(rc);
}

int
hps_store_add_metric(struct hps_store *st, long long trial_id,
    const char *name, size_t namelen, double step_no, double value,
    int finite)
{
	struct metric_row *r;
	size_t cap;

	if (st->nrows == st->rowcap) {
		if (st->rowcap == STORE_PENDING_MAX) {
			st->dropped++;
			return HPS_ENOSPC;
		}
		cap = st->rowcap ? st->rowcap * 2 : 256;
		if (cap > STORE_PENDING_MAX)
			cap = STORE_PENDING_MAX;
		if ((r = realloc(st->rows, cap * sizeof *r)) == NULL) {
			st->dropped++;
			return HPS_ENOMEM;
		}
		st->rows = r;
		st->rowcap = cap;
	}
	r = &st->rows[st->nrows++];
	r->trial_id = trial_id;
	r->step = step_no;
	r->value = value;
	r->finite = finite;
	r->time = hps_store_now();
	if (namelen >= sizeof r->name)
		namelen = sizeof r->name - 1;
	memcpy(r->name, name, namelen);
	r->name[namelen] = '\0';
	if (st->nrows >= STORE_BATCH_ROWS && !st->failing)
		return hps_store_flush(st);
	return 0;
}

int
hps_store_trial_offset(struct hps_store *st, long long trial_id,
    unsigned long long offset)
{
	struct offset_row *o;
	size_t i, cap;

	for (i = 0; i < st->noffsets; i++)
		if (st->offsets[i].trial_id == trial_id) {
			st->offsets[i].offset = offset;
			return 0;
		}
	if (st->noffsets == st->offcap) {
		cap = st->offcap ? st->offcap * 2 : 16;
		if ((o = realloc(st->offsets, cap * sizeof *o)) == NULL)
			return HPS_ENOMEM;
		st->offsets = o;
		st->offcap = cap;
	}
	st->offsets[st->noffsets].trial_id = trial_id;
	st->offsets[st->noffsets++].offset = offset;
	return 0;
}
