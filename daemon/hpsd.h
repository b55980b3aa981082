/*
 * hpsd's internal interfaces: the daemon, its studies and their trials,
 * the trial runner, the scheduler, the control socket and the command
 * table. Everything here runs on the one libuv loop thread.
 */
#ifndef HPSD_H
#define HPSD_H

#include <jansson.h>
#include <sys/queue.h>
#include <uv.h>

#include "hps/args.h"
#include "hps/linebuf.h"
#include "hps/metric.h"
#include "hps/prune.h"
#include "hps/search.h"
#include "hps/space.h"
#include "hps/store.h"
#include "keeper.h"

/* Longest stdout line parsed for metrics; longer ones are skipped. */
#define HPSD_LINE_MAX HPS_LINE_MAX
/* Metric values stored per trial; a trial printing more is followed
 * only for its objective (and the store stays bounded). */
#define HPSD_VALUES_MAX 200000
/* Lines of stderr kept with a failed trial. */
#define HPSD_STDERR_TAIL 20

enum study_state {
	STUDY_RUNNING,
	STUDY_PAUSED,
	STUDY_COMPLETED,
	STUDY_FAILED,
	STUDY_CANCELLED,
	STUDY_WAITING,		/* needs what this hpsd lacks (env_from) */
};

struct run;
struct child;
struct exec_id;

/* executor.c: where a study's trials run (see struct executor_ops). */
struct executor {
	const struct executor_ops *ops;
	int gpus;			/* executor.gpus */
	void *conf;			/* the backend's own settings */
};

struct trial {
	struct study *study;
	long long id;
	long number;
	enum hps_tstate state;		/* changed in trial.c alone */
	enum hps_origin origin;		/* the method's, given, imported or a
					   repeat */
	unsigned long seed;		/* HPS_SEED, {seed}: 0 but for repeats */
	long repeat_of;			/* the trial a repeat runs again; -1 */
	struct hps_value *params;	/* study->sp->nparams values */
	int has_objective;
	double objective;
	double best_step;
	int has_last;			/* the objective metric's latest value */
	double last_step;
	double last_value;
	double started;			/* when its last run started; 0: never */
	double *limit_last;		/* each limit's metric's latest value,
					   NAN until seen; NULL without limits */
	double *obj;			/* each objective's last or best value
					   (obj[0] is objective), NAN until
					   seen: what strategies see */
	int infeasible;			/* completed outside a limit */
	double ended;			/* when it finished; orders the history */
	int stalled;			/* its run went silent past stall: */
	long crashes;			/* runs lost (budget.retries) */
	int resume;			/* this run continues the last one */
	int has_resume_step;		/* and hpsd recorded steps of it: */
	double resume_step;		/* HPS_RESUME_STEP, the last one */
	struct hps_store_result *unrecorded;	/* result waiting for disk */
	struct run *run;		/* non-NULL while a process runs */
};

/* life.c: what a study's life (hps/life.h) keeps while it runs. */
struct study_life {
	double deadline;		/* budget.time or until; 0: none */
	double *durations;		/* its finished runs' seconds, sorted */
	size_t ndurations, durcap;
	int has_best;
	double best;			/* the best objective, imported too */
	long since_best;		/* completed trials since it improved */
	struct hook_run *hooks[HPS_EV_N];	/* the one running per kind */
};

/* front.c: the live Pareto front of a study with several objectives. */
struct study_front {
	size_t m;			/* objectives; 0 until the first point */
	double *y;			/* n members, rows of m turned to
					   minimise, by the first objective */
	long *number;			/* each member's trial number */
	size_t n, cap;
	size_t feasible;		/* feasible completed trials seen */
	double lo[HPS_OBJECTIVES_MAX];	/* and each objective's range over */
	double hi[HPS_OBJECTIVES_MAX];	/* them (turned) */
};

struct study {
	TAILQ_ENTRY(study) entry;
	struct daemon *d;
	long long id;
	struct hps_space *sp;
	const struct hps_search_type *type;
	void *search;
	enum study_state state;
	double created;
	/* The trials in memory, in creation order: every trial while the
	 * strategy reads the history, else only those not yet settled
	 * (study_collect). */
	struct trial **trials;
	size_t nmem, cap;
	size_t ntrials;			/* trials created: the next number */
	long given;			/* of those, given (warm_start.points,
					   hps enqueue): in the budget */
	long imported;			/* and imported (warm_start.from):
					   not in the budget */
	long repeats;			/* and repeats (confirm:): not in the
					   budget */
	/* For a strategy that reads them (ask->given): copies of the points
	 * given or imported, in number order. */
	struct hps_given *givens;
	size_t ngivens, givencap;
	long gone[HPS_T_NSTATES];	/* settled trials no longer in memory */
	struct trial *best_gone;	/* the best of them, for watchers */
	/* With history: the finished trials, in finishing order. */
	struct trial **order;
	size_t norder, ordercap;
	int order_stale;		/* rebuild order before using it */
	struct hps_trial_rec *recs;	/* the strategy's view, reused */
	size_t reccap;
	int running;
	long failures;
	int exhausted;			/* the strategy has nothing left */
	struct hps_pruner *pruner;	/* the early-stopping rule */
	struct executor exec;
	int pruned_counts;		/* a pruned trial's value is its objective */
	int thinking;			/* a suggestion is being computed */
	struct hps_value *ready;	/* a suggestion computed in the background */
	int ready_rc;			/* its status */
	struct study_life life;		/* life.c */
	struct study_front front;	/* front.c */
	int unstored;			/* the store lacks its state */
	char *unstored_why;		/* and the reason that goes with it */
};

TAILQ_HEAD(study_list, study);
struct hook_run;
TAILQ_HEAD(hook_list, hook_run);

struct server;
struct client;
struct lag;
struct readers;

struct daemon {
	uv_loop_t *loop;
	struct hps_store *store;
	char *state_dir;
	char *socket_path;
	char *log_path;
	int slots;			/* global limit on local trials */
	int running;			/* trials with a process, any executor */
	int remote;			/* of those, running on Slurm */
	const char *executor;		/* the default: "local" or "slurm" */
	int ngpus;			/* local GPUs (--gpus) */
	int gpu[64];			/* their device numbers */
	long gpu_holder[64];		/* trial id holding each, 0: free */
	double grace;			/* seconds between SIGTERM and SIGKILL */
	const char *keeper;		/* the hpsd-keeper program */
	char *keeper_buf;		/* its path when found beside hpsd */
	struct track track;		/* how trials' processes are held */
	uint64_t log_cap;		/* bytes kept of each trial output */
	int stopping;
	struct study_list studies;
	struct server *server;
	struct lag *lag;		/* --probe-lag */
	struct readers *readers;	/* read-only connections of workers */
	uv_timer_t flush_timer;
	uv_timer_t checkpoint_timer;	/* WAL into the database file */
	uv_timer_t stop_timer;
	uv_timer_t disk_timer;
	uv_timer_t life_timer;		/* deadlines and stalls, each second */
	struct hook_list hooks;		/* hooks started (hook.c) */
	struct hook_run *raised[HPS_EV_N];	/* raised, not yet stored */
	struct hps_store_event raised_ev[HPS_EV_N];	/* their rows */
	size_t nraised;
	uv_timer_t space_timer;		/* the state directory's free space */
	int disk_full;			/* the disk refused a write: its
					   HPS_ENOSPC or HPS_EIO, else 0 */
	uv_idle_t kick;
	uv_signal_t sig_term, sig_int, sig_hup;
};

/* study.c */
const char *study_state_name(enum study_state s);
/* A study for sp (which it then owns) after every check a submit runs;
 * not stored yet. `hps submit --check` stops here. */
int study_new(struct daemon *d, struct hps_space *sp, struct study **out,
    char *err, size_t errlen);
/* Store a new study and start scheduling it; on error the caller still
 * owns s (study_free). */
int study_add(struct study *s, char *err, size_t errlen);
int study_load_all(struct daemon *d);
/* The study of that name: in memory, else loaded from the store (a
 * finished one, for budget or retry); NULL when there is none. */
struct study *study_find(struct daemon *d, const char *name);
/* Free the finished studies, with nothing in flight, past the most
 * recent few: memory holds the studies that may still change, not every
 * study ever run. */
void study_retire_old(struct daemon *d);
/* A new queued trial of params (taken over on success), proposed by the
 * method or given (origin); source names an imported trial's original. */
struct trial *study_new_trial(struct study *s, struct hps_value *params,
    enum hps_origin origin, const char *source, char *err, size_t errlen);
/* The strategy's view of the trials (see struct hps_ask), in a buffer
 * the study owns and reuses: valid until the next call. */
int study_history(struct study *s, struct hps_trial_rec **recs,
    size_t *ndone, size_t *npending);
/* Free the settled trials a strategy without history no longer needs
 * (their record is in the store): memory stays flat however long the
 * study runs. */
void study_collect(struct study *s);
/* Whether t waits to run: queued, or lost or paused (to resume). */
int study_waits(const struct trial *t);
/* Trials in state st, in memory or not. */
long study_count(const struct study *s, enum hps_tstate st);
/* Run the failed (and timed-out) and/or lost trials' points again, in
 * the same trials; their numbers are appended to numbers. A finished
 * study runs again. Returns how many. */
int study_retry(struct study *s, int failed, int lost, json_t *numbers);
/* Change the budget while the study runs: more trials reopen a finished
 * study; fewer than it already has are refused (HPS_EINVAL, err). */
int study_set_budget(struct study *s, long long trials, long long parallel,
    char *err, size_t errlen);
/* Whether the budget (none: open-ended) and the space allow a new trial. */
int study_may_add(const struct study *s);
/* The trials that count in budget.trials: neither imported nor repeats. */
long study_spent(const struct study *s);
/* A queued repeat of trial number repeat_of with its params (taken over on
 * success) and seed; NULL with err when it cannot be stored. */
struct trial *study_new_repeat(struct study *s, struct hps_value *params,
    long repeat_of, unsigned long seed, char *err, size_t errlen);

/* confirm.c: confirm: once the budget is spent. */
/* Queue the repeats of the top configurations that are not yet there:
 * how many were queued (0 when none are missing or the file has no
 * confirm:). Called when the search has nothing left to run; the top
 * trials and their repeats come from the store, so it picks the same
 * ones again after a restart. */
long confirm_begin(struct study *s);

/* warm.c: points given to a study rather than proposed by its method. */
/* Queue the warm_start points of a study just stored. */
int warm_points(struct study *s, char *err, size_t errlen);
/* hps enqueue: the point of "name=value" words, queued to run next. */
struct trial *warm_enqueue(struct study *s, json_t *words, char *err,
    size_t errlen);
/* warm_start.from: with dry, check what would import (refusing a study
 * that does not exist, or one this space cannot map) and count it in
 * *counts ({"imported": n, "outside": m}, new); else import it into s,
 * stored. */
int warm_import(struct study *s, int dry, json_t **counts, char *err,
    size_t errlen);

/* life.c: a study's life around its trials: its deadline (budget.time,
 * until, hard), patience, stalled trials and the hooks (on:) its events
 * run. The timer checks deadlines and stalls once a second. */
void life_init(struct daemon *d);
void life_close(struct daemon *d);
/* A study stored or loaded: its deadline from its creation. */
void life_begin(struct study *s);
/* A finished trial read at start-up or imported, in the order trials
 * finished: its duration and objective. */
void life_loaded(struct study *s, const struct trial *t);
/* A trial's end, before its result is stored: its events (a failure, a
 * new best) are raised, to be stored with the result. */
void life_trial_ending(struct study *s, const struct trial *t);
/* The trial's end is stored: its duration, patience. */
void life_trial_done(struct study *s, struct trial *t);
/* Whether s may start a trial now; past its deadline, or with less time
 * left than its median trial takes, it completes instead (0). */
int life_may_start(struct study *s);
/* The study's state changes to st: its event, if any, is raised (before
 * the state is stored). */
void life_study_event(struct study *s, enum study_state st);
void life_free(struct study *s);

/* hook.c: the on: commands of a study's events (see there). */
/* Raise ev of s, if it has a hook for it; t is the trial, NULL for the
 * study's own events. The state write that raises it stores it: around
 * that write, hook_store_raised hands the raised events to the store and
 * hook_start_raised runs their hooks (or queues them behind their kind). */
void hook_fire(struct study *s, enum hps_event ev, const struct trial *t);
void hook_store_raised(struct daemon *d);
void hook_start_raised(struct daemon *d);
/* The study leaves memory (hpsd stops: a study with hooks to run is not
 * retired): its waiting hooks are dropped, their events stay stored; its
 * running ones finish alone. */
void hook_forget(struct study *s);
/* hpsd stops: the waiting hooks are dropped, the running ones killed;
 * their events stay stored. */
void hook_close_all(struct daemon *d);
/* At start-up, after the studies are loaded: the hooks of the stored
 * events the last hpsd did not see to their end run. */
void hook_replay_all(struct daemon *d);

/* think.c: asking the strategy for the next configuration. 0 with
 * *params; HPS_EBUSY while a slow strategy thinks off the loop thread
 * (the scheduler is kicked when it is done); HPS_EEXHAUSTED; or an error
 * with a message. */
int study_next(struct study *s, struct hps_value **params, char *err,
    size_t errlen);
void study_trial_done(struct study *s, struct trial *t);
/* Fail the study past max_failures; complete it when nothing is left. */
void study_check(struct study *s);
/* Running is waiting instead while the study needs what this hpsd lacks;
 * running again clears a waiting study's reason. */
void study_set_state(struct study *s, enum study_state st, const char *why);
/* Store the state a failed write could not (disk.c's retry): whether
 * it is still not stored. */
int study_store_state(struct study *s);
/* The first env_from variable hpsd's environment lacks, or NULL. */
const char *study_missing_env(const struct hps_space *sp);
void study_cancel(struct study *s);
/* hps pause --now: stop the running trials (SIGTERM, then SIGKILL after
 * the grace) to be resumed; how many. */
int study_pause_now(struct study *s);
void study_free(struct study *s);

/* trial.c: the trial lifecycle. t->state changes in these functions
 * alone, each doing the state, its store write, the watchers' event and
 * the log line together. */
struct trial *trial_new(struct study *s, long number, enum hps_tstate st,
    struct hps_value *params);
void trial_free(struct trial *t);
/* A change that records the state alone (pending → running, a retry). */
void trial_set_state(struct trial *t, enum hps_tstate st, const char *why);
/* A run started (st: running, or pending in a queue), found again by id,
 * in its trial directory dir. */
void trial_started(struct trial *t, enum hps_tstate st,
    const struct exec_id *id, const char *dir);
/* A run ended (or never started) with res, which is recorded with it;
 * the study learns of it (study_trial_done). */
void trial_ended(struct trial *t, const struct hps_store_result *res);
/* A trial of an earlier study (source "study#number") copied into this
 * one with its result (warm_start.from): imported, never run. */
void trial_imported(struct trial *t, double objective, const char *source);
/* At start-up: a run lost with a dead hpsd, now st (lost or failed). */
void trial_crashed(struct trial *t, enum hps_tstate st, const char *why);
/* Whether objective a beats b under the study's goal. */
int trial_better(const struct hps_space *sp, double a, double b);
/* The objective metric's value at step: the objective (and the first of
 * t->obj) follows it. */
void trial_observe(struct trial *t, double step, double value);
/* Whether t can be best: completed, with an objective, and feasible. */
int trial_rankable(const struct trial *t);
/* Forget the objectives' and limits' values (NAN): a run starts. */
void trial_forget_values(struct trial *t);
/* Follow one value of a further objective (not the first: into t->obj
 * and the early-stopping rule) or of a limited metric: as a line brings
 * it, or as the store replays it. */
void trial_follow(struct trial *t, const char *name, size_t len,
    double step, double value);
/* A stored value of t's own curve, as its run reported it: into the
 * objectives and limits' values, never into the early-stopping rule,
 * which has it already (a resumed run's values so far). */
void trial_recall(struct trial *t, const char *name, double step,
    double value);
/* The first objective t never reported, or NULL when it reported each. */
const char *trial_unreported(const struct trial *t);
/* Follow the objective through a metric line; 1 with the objective
 * metric's value in *value when the line reports it. */
int trial_metric(struct trial *t, const struct hps_metric_line *ml,
    double *value);

/* runner.c */
enum run_stop {
	RUN_STOP_NONE,
	RUN_STOP_LEFTOVERS,	/* it exited; what holds its output is not */
	RUN_STOP_TIMEOUT,
	RUN_STOP_CANCEL,
	RUN_STOP_SHUTDOWN,
	RUN_STOP_PAUSE,		/* hps pause --now */
	RUN_STOP_PRUNE,
	RUN_STOP_DEADLINE,	/* budget.hard: the study's time is up */
	RUN_STOP_STALL,		/* stall_action: stop */
	RUN_STOP_VANISHED,	/* its backend lost it */
};
/* Start a trial; one that cannot start (no directory, no program, no
 * memory) fails at once with the reason, so the scheduler moves on. */
void run_start(struct daemon *d, struct trial *t);
void run_stop(struct trial *t, enum run_stop why);
/* Seconds since the running trial last wrote to stdout or stderr (or
 * started); 0 when it has no run. */
double run_silent_for(const struct trial *t);
/* At start-up: take up again a run a previous hpsd started (row); 0, or
 * an error when its backend cannot (the run is lost). */
int run_adopt(struct daemon *d, struct trial *t,
    const struct hps_store_trial *row);
/* hps shutdown: let go of a run whose backend lets it outlive hpsd (it is
 * adopted at the next start), or stop it (it runs again). */
void run_detach(struct trial *t);

/* resume.c: the checkpoint protocol. Before a run of t starts in its
 * trial directory dir: whether it resumes (t->resume, t->resume_step) and
 * its checkpoint directory, made, or emptied for a fresh run; 0, or -1
 * with errno. */
int resume_prepare(struct trial *t, const char *dir);
/* A run of t starts again within the same job (Slurm requeued it): it
 * resumes after the last step stored. */
void resume_again(struct trial *t);
/* HPS_CHECKPOINT_DIR and HPS_RESUME_STEP into env (room for two):
 * how many. */
size_t resume_env(const struct trial *t, const char *dir, char **env);
/* Whether a value the run reports at step is one the curve has. */
int resume_skips(const struct trial *t, double step);
/* A resumed run's objective and limits, from its kept curve. */
void resume_replay(struct trial *t);

/* lag.c: the event-loop lag probe and its percentiles (null when off) */
int lag_start(struct daemon *d);
json_t *lag_stats(struct daemon *d);
void lag_stop(struct daemon *d);

/*
 * An executor backend: how a trial's command becomes a running trial, how
 * it is stopped, and what is left of it after hpsd died; found by the
 * name in `executor: {type: NAME}` (or hpsd --executor), as OpenSMTPD
 * picks its queue and scheduler backends. The runner (runner.c) owns the
 * trial's life: its files, metrics, timeout and final state; a backend
 * owns the job and reports back through the run_* functions below, from
 * the loop thread, in any order but each once: run_started (when queues),
 * run_output and run_output_end for stdout and stderr, run_exited, and,
 * after release, run_released.
 */
struct exec_launch {
	struct run *run;		/* where the backend reports */
	const struct trial *t;
	const struct executor *x;
	const struct daemon *d;
	uv_loop_t *loop;
	char **argv;			/* the trial's own command line */
	char **env;
	const char *cwd;
	const char *dir;		/* its trial directory */
};

/* What finds a started trial again after a restart; stored with it. */
struct exec_id {
	long pid;			/* its keeper, process group, or
					 * Slurm job id */
	unsigned long long start;	/* and that process's start time */
};

/* A run to take up again after a restart (executor_ops.adopt). */
struct exec_adopt {
	struct run *run;		/* where the backend reports */
	const struct trial *t;
	const struct daemon *d;
	uv_loop_t *loop;
	const struct exec_id *id;
	const char *dir;		/* its trial directory */
	uint64_t from;			/* stdout already read */
	double *started;		/* set: when the trial started */
	char *gpus;			/* set: its CUDA_VISIBLE_DEVICES, or "" */
	size_t gpuslen;
};

struct executor_ops {
	const char *name;
	/* The keys it reads in executor:, beside type and gpus. */
	const struct hps_optspec *spec;
	/* A running trial holds one of hpsd --slots and the local GPUs it
	 * asks for; else its resources are the backend's (Slurm's). */
	int takes_local_slot;
	/* A started trial waits, pending, until the backend calls
	 * run_started (a job in a queue); else it runs at once. */
	int queues;
	/* Its jobs write their own output files (a keeper's): the runner
	 * reads what run_output hands it and writes nothing; else the
	 * runner keeps what arrives in the trial's files. */
	int keeps_output;
	/* Read and check the section (x->gpus is set); x->conf is the
	 * backend's, freed by unconfigure. */
	int (*configure)(struct executor *x, const struct daemon *d,
	    const struct hps_space *sp, char *err, size_t errlen);
	void (*unconfigure)(struct executor *x);
	/* Start the trial: 0 with *job, or an error and nothing held. */
	int (*start)(const struct exec_launch *l, void **job,
	    struct exec_id *id, char *msg, size_t len);
	/* Stop it: SIGTERM first, SIGKILL after hpsd's grace period. */
	void (*signal)(void *job, int sig);
	/* Let go of a job that has ended, or (with adopt) one left running
	 * for the next hpsd; run_released follows. */
	void (*release)(void *job);
	/* At start-up: take up again a job a previous hpsd started, its
	 * stdout from byte a->from on: 0 with *job, or an error (the run is
	 * lost and cancel_leftover follows). NULL: jobs end with hpsd. */
	int (*adopt)(const struct exec_adopt *a, void **job, char *msg,
	    size_t len);
	/* At start-up: stop what a dead hpsd left of a trial it ran. */
	void (*cancel_leftover)(const struct trial *t,
	    const struct exec_id *id, const char *dir);
};

/* Every backend, by name; each is exec_<name>_ops in exec-<name>.c. A
 * new one is its file and its name here. */
#define EXECUTORS(X) X(local) X(slurm)

#define EXECUTOR_OPS(name) extern const struct executor_ops \
	exec_##name##_ops;
EXECUTORS(EXECUTOR_OPS)
#undef EXECUTOR_OPS

/* kept.c: a trial run by a keeper (keeper.h), the local backend's job.
 * init finds the keeper and how trials are tracked (no better than
 * most); -1 when the keeper is not there. */
int kept_init(struct daemon *d, enum track_mode most);
int kept_start(const struct exec_launch *l, const struct daemon *d,
    void **job, struct exec_id *id, char *msg, size_t len);
int kept_adopt(const struct exec_adopt *a, uint64_t cap, void **job,
    char *msg, size_t len);
/* SIGTERM to every process of the trial, SIGKILL to all at once. */
void kept_signal(void *job, int sig);
void kept_release(void *job);
void kept_cancel_leftover(const struct trial *t, const struct exec_id *id,
    const char *dir);

/* The backend called name, or NULL. */
const struct executor_ops *executor_find(const char *name);
/* The names of every backend, as "local|slurm". */
const char *executor_names(void);
/* Check sp's executor: section and configure its backend. */
int executor_init(struct daemon *d, const struct hps_space *sp,
    struct executor *x, char *err, size_t errlen);
void executor_free(struct executor *x);

/* runner.c: what a backend reports about a job it started (above). */
enum run_stream { RUN_STDOUT, RUN_STDERR };
void run_started(struct run *r);
void run_output(struct run *r, enum run_stream s, const char *p, size_t n);
/* The stream has ended; for keeps_output, its tail file holds segment
 * seg (outlog.c). */
void run_output_end(struct run *r, enum run_stream s, long seg);
void run_exited(struct run *r, int64_t status, int sig);
/* The backend lost the job without an exit status (why): the trial runs
 * again. */
void run_vanished(struct run *r, const char *why);
/* The job went back to the backend's queue (Slurm requeued it): the
 * trial shows pending until run_started. */
void run_requeued(struct run *r, const char *why);
/* What the job prints from here is a new run of the trial within it (a
 * requeued job started again): a fresh parse of its output that resumes
 * the curve after its last stored step. */
void run_again(struct run *r);
void run_released(struct run *r);

/* gpu.c: local GPU slots (hpsd --gpus). */
int gpu_parse(struct daemon *d, const char *list);
void gpu_detect(struct daemon *d);
int gpu_free(const struct daemon *d);
/* Take n free GPUs for trial id; their numbers as "1,3" in buf. */
int gpu_take(struct daemon *d, long long id, int n, char *buf, size_t len);
/* An adopted trial id holds the GPUs of list ("1,3") again. */
void gpu_hold(struct daemon *d, long long id, const char *list);
void gpu_release(struct daemon *d, long long id);

/* disk.c: store writes checked, and living through a full disk. */
void disk_init(struct daemon *d);
void disk_close(struct daemon *d);
/* The one path for a store write's result rc: an error is logged with
 * what was being written (printf-style) and SQLite's message, and a disk
 * that refuses writes stops new trials. Returns rc. */
int disk_check(struct daemon *d, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Commit the open batch of metric values, checked. */
int disk_flush(struct daemon *d);
/* A write failed with rc: a full, read-only or failing disk (HPS_ENOSPC,
 * HPS_EIO) stops new trials until writes work again. */
void disk_trouble(struct daemon *d, int rc);
/* Record a trial's result, or keep it until there is space. */
void disk_record(struct daemon *d, struct trial *t,
    const struct hps_store_result *res);
void disk_forget(struct trial *t);

/* child.c: a process started with posix_spawn in a session of its own,
 * its exit watched through a pidfd and its stdout and stderr read from
 * pipes; the callbacks get what arrives (which: 0 stdout, 1 stderr). */
struct child {
	uv_poll_t watch;
	uv_pipe_t out, err;
	pid_t pid;
	int pidfd;
	int exited;
	int open;
	void *data;			/* the owner */
	void (*output_cb)(struct child *c, int which, const char *p,
	    size_t n);
	void (*eof_cb)(struct child *c, int which);
	void (*exit_cb)(struct child *c, int64_t status, int sig);
	void (*closed_cb)(struct child *c);
};
/* argv[0] as execvp would find it with the trial's PATH (in env), in
 * buf: 0 or an errno. */
int child_resolve(const char *file, char *const *env, const char *cwd,
    char *buf, size_t len);
/* 0, or HPS_ENOTFOUND (no such program), HPS_ENOMEM or HPS_EIO with
 * "cannot run ..." in err; on error nothing is left to close. */
int child_spawn(uv_loop_t *loop, struct child *c, char *const *argv,
    char *const *env, const char *cwd, char *err, size_t errlen);
/* Close its handles; closed_cb follows. */
void child_close(struct child *c, void (*closed_cb)(struct child *c));
/* sig to its whole process group. */
void child_signal(struct child *c, int sig);
/* SIGKILL what is left of a group a dead hpsd started, if its leader is
 * still the process that started at `started` (never a reused PID). */
void child_kill_leftover(const struct trial *t, long pgid,
    unsigned long long started);

/* notify.c: tell systemd (Type=notify) that hpsd listens. */
void notify_ready(void);

/* sched.c */
void sched_kick(struct daemon *d);
void sched_init(struct daemon *d);

/* reader.c: the read queries (hps/query.h) on the thread pool. done gets
 * the reply line (malloc'ed, taken over; NULL when out of memory) on the
 * loop thread. */
typedef void (*reader_done_cb)(void *arg, char *line, size_t len);
int reader_init(struct daemon *d, const char *db_path);
void reader_close(struct daemon *d);
int reader_submit(struct daemon *d, const char *query, long long id,
    json_t *args, reader_done_cb done, void *arg);

/* statedir.c: the state directory and the store in it. open makes,
 * checks and locks the directory; open_store opens the database (kept
 * aside when damaged, refused when it lost the studies/ beside it). */
int statedir_open(struct daemon *d, char *err, size_t errlen);
int statedir_open_store(struct daemon *d, char *err, size_t errlen);
/* open(2) a file of the state directory: created 0600, no symlink. */
int statedir_open_file(const char *path, int flags);

/* sockpath.c: the control socket's path. prepare checks the length,
 * makes the directory, refuses a live socket or another file there and
 * removes a stale socket, holding a start-up lock that release drops. */
int sockpath_check_length(const char *path, char *err, size_t errlen);
int sockpath_prepare(const char *path, int *lock_fd, char *err,
    size_t errlen);
void sockpath_release(const char *path, int lock_fd);

/* server.c */
int server_start(struct daemon *d, char *err, size_t errlen);
void server_close(struct daemon *d);
/* Subscribe a client to the events of one study (NULL: all). */
int server_watch(struct client *c, const char *study);
int server_has_watchers(struct daemon *d);
/* Send an event (stolen) to the clients watching study. */
void server_publish(struct daemon *d, const char *study, json_t *ev);

/* events.c: live events for watchers (hps watch, submit --wait) */
json_t *events_snapshot(struct daemon *d, const char *study);
void events_trial(struct trial *t);
void events_metric(struct trial *t);
void events_study(struct study *s);
/* A feasible completed trial t came to the front (joined: it raised the
 * front's hypervolume). */
void events_front(struct study *s, const struct trial *t, int joined);

/*
 * front.c. With several objectives, a finished (or replayed) trial goes
 * to the front: -1 when it cannot be on it (one objective, not completed,
 * infeasible, a value missing), 1 when it raises the front's hypervolume
 * (no member is as good in every objective, and it lies inside every
 * given reference), else 0.
 */
int front_add(struct study *s, const struct trial *t);
/* {size, feasible, hypervolume, reference, points: [{trial, values}]}:
 * the front as hps status computes it, values as reported, points by
 * the first objective (best first); reference null in an objective
 * without a given one while no trial is feasible. */
json_t *front_json(const struct study *s);
void front_free(struct study *s);

/* cmd.c: the command table, looked up by the server */
struct cmd_ctx {
	struct daemon *d;
	struct client *client;	/* who asked */
};
struct cmd_entry {
	const char *name;
	const struct hps_arg *args;	/* ends with {NULL} */
	int (*exec)(struct cmd_ctx *ctx, json_t *args, json_t **result,
	    char *err, size_t errlen);
};
/* The entry for name with its arguments checked; or, for a read query of
 * core's registry, 0 with *e NULL: the server runs it on a worker thread
 * (reader.c). An error for any other name. */
int cmd_find(const char *name, json_t *args, const struct cmd_entry **e,
    char *err, size_t errlen);

/* The study named by args' "study", or NULL with an error in err. */
struct study *cmd_study(struct cmd_ctx *ctx, json_t *args, char *err,
    size_t errlen);

extern const struct cmd_entry cmd_budget_entry;
extern const struct cmd_entry cmd_cancel_entry;
extern const struct cmd_entry cmd_enqueue_entry;
extern const struct cmd_entry cmd_pause_entry;
extern const struct cmd_entry cmd_ping_entry;
extern const struct cmd_entry cmd_resume_entry;
extern const struct cmd_entry cmd_retry_entry;
extern const struct cmd_entry cmd_shutdown_entry;
extern const struct cmd_entry cmd_submit_entry;
extern const struct cmd_entry cmd_watch_entry;

/* daemon.c */
/* The loop's own handles: timers and the scheduler (d->loop is set). */
void daemon_init(struct daemon *d);
/* Stop serving and exit once every trial is let go of (they go on and
 * are adopted at the next start) or, with stop_trials, recorded. */
void daemon_stop(struct daemon *d, int stop_trials);
void daemon_maybe_exit(struct daemon *d);
void daemon_flush_soon(struct daemon *d);

#endif
