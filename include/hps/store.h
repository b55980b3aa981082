/*
 * The SQLite store: studies, trials, their parameters and every metric
 * value per step. One database file in WAL mode with a versioned schema
 * (PRAGMA user_version) migrated forward on open. The daemon is the only
 * writer; `hps --db` opens it read-only.
 *
 * Metric rows are batched: hps_store_add_metric keeps them in memory and
 * hps_store_flush writes them in one transaction (the daemon flushes on a
 * timer). Every other write commits the pending batch first and then
 * itself (a trial's result commits together with the batch), so a state
 * change is durable before the caller acts on it. A batch that cannot be
 * written (a full or read-only disk) is kept for the next flush.
 *
 * Opening for writing checks the whole file (PRAGMA quick_check):
 * HPS_ECORRUPT with the first problem found when it is damaged.
 * Write errors come back as HPS_ENOSPC (disk full), HPS_EIO (read-only
 * or failing disk), HPS_EBUSY (locked) or HPS_EDB.
 */
#ifndef HPS_STORE_H
#define HPS_STORE_H

#include <stddef.h>

#include "hps/space.h"
#include "hps/trial.h"

/* The schema version this build writes. */
#define HPS_STORE_VERSION 6

struct hps_store;

enum {
	HPS_STORE_RW = 0,
	HPS_STORE_RDONLY = 1,
};

int hps_store_open(const char *path, int flags, struct hps_store **out,
    char *err, size_t errlen);
/* Flushes, closes and frees; NULL is fine. */
void hps_store_close(struct hps_store *st);
/* The last SQLite error message. */
const char *hps_store_errmsg(struct hps_store *st);
/* Current wall-clock time in seconds, as stored. */
double hps_store_now(void);

/* Studies. HPS_EEXISTS when the name is taken. */
int hps_store_add_study(struct hps_store *st, const struct hps_space *sp,
    long long *id_out);
int hps_store_set_study_state(struct hps_store *st, long long id,
    const char *state, const char *error);
int hps_store_set_budget(struct hps_store *st, long long id, long trials,
    int parallel);

struct hps_store_study {
	long long id;
	const char *name;
	const char *state;
	const char *space_path;
	const char *space_text;
	long budget;		/* the budget as last set (hps budget) */
	int parallel;
	double created;
};
/* Call fn for every study in creation order; a non-zero return stops. */
int hps_store_each_study(struct hps_store *st,
    int (*fn)(const struct hps_store_study *s, void *arg), void *arg);

/* Trials. */
int hps_store_add_trial(struct hps_store *st, long long study_id,
    long number, const struct hps_space *sp, const struct hps_value *vals,
    long long *id_out);
/* A trial whose point the study was given (warm_start, hps enqueue) or
 * imported (source: "study#number", else NULL), queued like any other. */
int hps_store_add_trial_from(struct hps_store *st, long long study_id,
    long number, const struct hps_space *sp, const struct hps_value *vals,
    enum hps_origin origin, const char *source, long long *id_out);
/* A repeat (confirm:) of trial number repeat_of, run with seed. */
int hps_store_add_repeat(struct hps_store *st, long long study_id, long number,
    const struct hps_space *sp, const struct hps_value *vals,
    long repeat_of, unsigned long seed, long long *id_out);
/* A run started: its process group and the process's start time (in
 * clock ticks since boot, /proc/PID/stat), so a later hpsd can tell the
 * trial's own leftovers from a process that reused the PID. keep_to NULL
 * clears its curve (a fresh run); else the rows at steps up to *keep_to
 * stay (a resumed run continues them) and later ones go. */
int hps_store_trial_start(struct hps_store *st, long long trial_id,
    long pid, unsigned long long proc_start, const char *dir,
    const double *keep_to);
/* A trial that was running when hpsd died: lost (crashes + 1), or failed
 * with error when it has been lost too often. */
int hps_store_trial_crashed(struct hps_store *st, long long trial_id,
    enum hps_tstate state, const char *error);

struct hps_store_result {
	enum hps_tstate state;
	int has_objective;
	double objective;
	double best_step;
	int exit_code;		/* -1: none (killed by a signal) */
	int term_signal;	/* 0: none */
	const char *error;	/* NULL or a short message; on a completed
				   trial, the limit it broke (infeasible) */
	const char *stderr_tail;
	int crashed;		/* the run was lost: crashes + 1 */
};
int hps_store_trial_finish(struct hps_store *st, long long trial_id,
    const struct hps_store_result *r);
/* Set a trial's state alone (queued, lost...). */
int hps_store_trial_state(struct hps_store *st, long long trial_id,
    enum hps_tstate state);

struct hps_store_trial {
	long long id;
	long number;
	enum hps_tstate state;
	struct hps_value *params;	/* owned by the callee; copy to keep */
	int has_objective;
	double objective;
	double best_step;
	int infeasible;			/* completed outside a limit: its
					   error says which (hps/limits.h) */
	double ended;			/* 0 when not finished */
	long pid;			/* its last run's keeper (process) */
	unsigned long long proc_start;	/* and that process's start time */
	long crashes;			/* runs lost to a crash of hpsd */
	int origin;			/* enum hps_origin; -1: unknown */
	double started;			/* its last run's start; 0: none */
	const char *dir;		/* its directory, NULL: none; valid
					   during the call */
	unsigned long long out_offset;	/* stdout read and recorded */
	unsigned long seed;		/* HPS_SEED, {seed} */
	long repeat_of;			/* the trial it repeats; -1: none */
};
/* Call fn for each trial of a study in number order. */
int hps_store_each_trial(struct hps_store *st, long long study_id,
    const struct hps_space *sp,
    int (*fn)(const struct hps_store_trial *t, void *arg), void *arg);

/* A finished trial of a study, its parameters by name: what another
 * study imports from it (warm_start.from). */
struct hps_store_named {
	long number;
	double objective;
	const char *const *names;	/* owned by the callee */
	const struct hps_value *vals;
	size_t n;
};
/* Call fn for each trial of the study named study that completed (or was
 * imported into it) with an objective, in number order; a study that
 * does not exist has none. */
int hps_store_each_result(struct hps_store *st, const char *study,
    int (*fn)(const struct hps_store_named *r, void *arg), void *arg);
/* Call fn for every stored value of one metric of a study (missing values
 * skipped), trials in number order, steps ascending: how the daemon
 * replays the early-stopping rule's state after a restart. */
/*
 * The checkpoint protocol's view of one trial. last_step: the largest step
 * of any of its metric rows (after a flush), HPS_ENOTFOUND when it has
 * none. each_trial_metric: its recorded values (missing ones left out), in
 * step order.
 */
int hps_store_trial_last_step(struct hps_store *st, long long trial_id,
    double *step);
int hps_store_each_trial_metric(struct hps_store *st, long long trial_id,
    void (*fn)(const char *name, double step, double value, void *arg),
    void *arg);
int hps_store_each_value(struct hps_store *st, long long study_id,
    const char *metric, void (*fn)(long number, double step, double value,
    void *arg), void *arg);

/*
 * Metrics: batched, see above. finite == 0 stores NULL (missing). The step
 * is as the trial printed it: whole (an integer in SQLite) or fractional
 * (Hugging Face's epoch 0.5, a real), so the two never collide. While
 * flushes fail, rows wait up to a bound; past it a row is dropped and
 * counted (HPS_ENOSPC).
 */
int hps_store_add_metric(struct hps_store *st, long long trial_id,
    const char *name, size_t namelen, double step, double value,
    int finite);
int hps_store_flush(struct hps_store *st);
/* How far a running trial's stdout has been read: written with the batch,
 * after the metric rows read before it, so a daemon started again reads
 * on from there and loses no row (a row read twice is the same row). */
int hps_store_trial_offset(struct hps_store *st, long long trial_id,
    unsigned long long offset);
/* Rows dropped since the last call (and the count reset). */
long hps_store_dropped(struct hps_store *st);

/*
 * Hook events (on:) raised and not yet run to their end
 * (core/store_hook.c). An event is written by the state change that
 * raises it, in that change's transaction: the caller hands its events to
 * hps_store_with_events, and the next hps_store_trial_finish or
 * hps_store_set_study_state writes them with the trial's result or the
 * study's state, all or nothing. Each is removed when its hook has ended,
 * so a restarted hpsd runs those the last one did not finish, and never
 * misses one whose state change it finds stored. The strings are the
 * placeholders' values ({trial} {best} {state}, "" where the event has
 * none) as the event had them.
 */
struct hps_store_event {
	long long study_id;
	const char *event, *trial, *best, *state;
	long long id;			/* set by the write; 0 if it failed */
};
/* ev (n of them) stays the caller's until the next state write returns;
 * that write sets each id, or 0 when it failed, and forgets ev. */
void hps_store_with_events(struct hps_store *st, struct hps_store_event *ev,
    size_t n);

struct hps_store_hook {
	long long id;
	const char *study;		/* the study's name */
	const char *event, *trial, *best, *state;
};
int hps_store_done_hook(struct hps_store *st, long long id);
/* Each waiting event, oldest first; cb's non-zero return stops the walk
 * and is returned. */
int hps_store_each_hook(struct hps_store *st,
    int (*cb)(const struct hps_store_hook *h, void *arg), void *arg);

/* cb runs after every commit of this (writing) connection. */
void hps_store_on_commit(struct hps_store *st, void (*cb)(void *arg),
    void *arg);
/* Commit the batch, then copy the write-ahead log into the database file,
 * so what it holds no longer depends on the log; truncate also empties
 * the log (at a clean stop, so the database file alone holds
 * everything). */
int hps_store_checkpoint(struct hps_store *st, int truncate);
/* Bytes SQLite holds on the heap now, for every connection: page caches
 * (each capped), schemas, statements. */
long long hps_store_memory(void);

#endif
