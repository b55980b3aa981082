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

#include "hps/metric.h"
#include "hps/prune.h"
#include "hps/search.h"
#include "hps/space.h"
#include "hps/store.h"

/* Longest stdout line parsed for metrics; longer ones are skipped. */
#define HPSD_LINE_MAX (64 * 1024)
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
};

struct run;

/* executor.c: where a study's trials run. */
struct executor {
	int slurm;			/* else local processes */
	const char *partition;		/* these point into the space */
	int cpus;
	const char *mem;
	int gpus;
	double time_limit;		/* seconds, 0: none */
	const char *const *extra;
	size_t nextra;
};

struct run;

struct trial {
	struct study *study;
	long long id;
	long number;
	enum hps_tstate state;
	struct hps_value *params;	/* study->sp->nparams values */
	int has_objective;
	double objective;
	long best_step;
	int has_last;			/* the objective metric's latest value */
	long last_step;
	double last_value;
	double ended;			/* when it finished; orders the history */
	struct hps_store_result *unrecorded;	/* result waiting for disk */
	struct run *run;		/* non-NULL while a process runs */
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
};

TAILQ_HEAD(study_list, study);

struct server;
struct client;
struct lag;

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
	uint64_t log_cap;		/* bytes kept of each trial output */
	int stopping;
	struct study_list studies;
	struct server *server;
	struct lag *lag;		/* --probe-lag */
	uv_timer_t flush_timer;
	uv_timer_t stop_timer;
	uv_timer_t disk_timer;
	int disk_full;			/* the store could not write */
	uv_idle_t kick;
	uv_signal_t sig_term, sig_int, sig_hup;
};

/* study.c */
const char *study_state_name(enum study_state s);
/* Grid budgets are the whole grid unless the file asks for fewer. */
void study_settle_budget(struct hps_space *sp);
int study_create(struct daemon *d, struct hps_space *sp, struct study **out,
    char *err, size_t errlen);
int study_load_all(struct daemon *d);
struct study *study_find(struct daemon *d, const char *name);
struct trial *study_new_trial(struct study *s, struct hps_value *params,
    char *err, size_t errlen);
/* The strategy's view of the trials (see struct hps_ask), in a buffer
 * the study owns and reuses: valid until the next call. */
int study_history(struct study *s, struct hps_trial_rec **recs,
    size_t *ndone, size_t *npending);
/* Free the settled trials a strategy without history no longer needs
 * (their record is in the store): memory stays flat however long the
 * study runs. */
void study_collect(struct study *s);
/* Trials in state st, in memory or not. */
long study_count(const struct study *s, enum hps_tstate st);
/* Whether the budget (none: open-ended) and the space allow a new trial. */
int study_may_add(const struct study *s);
/* Trials went back to the queue (retry): the finishing order changes. */
void study_reordered(struct study *s);

/* think.c: asking the strategy for the next configuration. 0 with
 * *params; HPS_EBUSY while a slow strategy thinks off the loop thread
 * (the scheduler is kicked when it is done); HPS_EEXHAUSTED; or an error
 * with a message. */
int study_next(struct study *s, struct hps_value **params, char *err,
    size_t errlen);
void study_trial_done(struct study *s, struct trial *t);
/* Fail the study past max_failures; complete it when nothing is left. */
void study_check(struct study *s);
void study_set_state(struct study *s, enum study_state st, const char *why);
void study_cancel(struct study *s);
void study_free(struct study *s);

/* trial.c */
void trial_free(struct trial *t);
/* Whether objective a beats b under the study's goal. */
int trial_better(const struct hps_space *sp, double a, double b);
/* Follow the objective through a metric line; 1 with the objective
 * metric's value in *value when the line reports it. */
int trial_metric(struct trial *t, const struct hps_metric_line *ml,
    double *value);

/* runner.c */
enum run_stop {
	RUN_STOP_TIMEOUT,
	RUN_STOP_CANCEL,
	RUN_STOP_SHUTDOWN,
	RUN_STOP_PRUNE,
};
int run_start(struct daemon *d, struct trial *t);
void run_stop(struct trial *t, enum run_stop why);

/* outlog.c: a trial's stdout or stderr on disk, capped (head + tail). */
struct outlog {
	const char *dir;
	const char *name;		/* "stdout" or "stderr" */
	uint64_t cap;
	uint64_t written;
	uint64_t tail_written;
	int head_fd, tail_fd;
	int full;			/* the disk filled up */
	size_t ring_len;
	char ring[4096];		/* the last bytes, for the stderr tail */
};
int outlog_open(struct outlog *o, const char *dir, const char *name,
    uint64_t cap);
void outlog_write(struct outlog *o, const char *p, size_t n);
void outlog_close(struct outlog *o);
/* The last `lines` lines (malloc'ed), or NULL when there is no output. */
char *outlog_tail(const struct outlog *o, int lines);

/* lag.c: the event-loop lag probe and its percentiles (null when off) */
int lag_start(struct daemon *d);
json_t *lag_stats(struct daemon *d);
void lag_stop(struct daemon *d);

int executor_init(struct daemon *d, const struct hps_space *sp,
    struct executor *x, char *err, size_t errlen);
void executor_job_name(const struct trial *t, char *buf, size_t len);
/* The srun argv around a trial's argv (NULL-terminated, malloc'ed). */
char **executor_wrap(const struct trial *t, const struct executor *x,
    char **argv);
/* Whether stderr text holds the mark a Slurm task writes as it starts. */
int executor_started(const char *p, size_t n);
/* scancel the trial's job: the signal (e.g. "TERM") to its task, or with
 * sig NULL the job itself. Does not wait. */
void executor_cancel(const struct trial *t, const char *sig);
void executor_cancel_leftover(const struct trial *t);

/* gpu.c: local GPU slots (hpsd --gpus). */
int gpu_parse(struct daemon *d, const char *list);
void gpu_detect(struct daemon *d);
int gpu_free(const struct daemon *d);
/* Take n free GPUs for trial id; their numbers as "1,3" in buf. */
int gpu_take(struct daemon *d, long long id, int n, char *buf, size_t len);
void gpu_release(struct daemon *d, long long id);

/* disk.c: living through a full disk. */
void disk_init(struct daemon *d);
void disk_close(struct daemon *d);
/* A store write failed with rc: a full disk stops new trials. */
void disk_trouble(struct daemon *d, int rc);
/* Record a trial's result, or keep it until there is space. */
void disk_record(struct daemon *d, struct trial *t,
    const struct hps_store_result *res);
void disk_forget(struct trial *t);

/* child.c: a trial's process, started with posix_spawn and watched
 * through a pidfd. exit_cb gets the exit status or the signal. */
struct child {
	uv_poll_t watch;
	pid_t pid;
	int pidfd;
	int exited;
	void *data;			/* the owner */
	void (*exit_cb)(struct child *c, int64_t status, int sig);
	uv_close_cb close_cb;
};
/* 0, or a negative errno (ENOENT: no such program). out and err are
 * initialised pipe handles; they get the child's stdout and stderr. */
int child_spawn(uv_loop_t *loop, struct child *c, char *const *argv,
    char *const *env, const char *cwd, uv_pipe_t *out, uv_pipe_t *err);
/* Close the watch; cb gets a handle whose data is c->data. */
void child_close(struct child *c, uv_close_cb cb);

/* proc.c: the start time of a process (clock ticks since boot). */
int proc_start_time(long pid, unsigned long long *out);

/* sched.c */
void sched_kick(struct daemon *d);
void sched_init(struct daemon *d);

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

/* cmd.c: the command table, looked up by the server */
struct cmd_ctx {
	struct daemon *d;
	struct client *client;	/* who asked */
};
struct cmd_arg {
	const char *name;
	json_type type;
	int required;
};
struct cmd_entry {
	const char *name;
	const struct cmd_arg *args;	/* ends with {NULL} */
	int (*exec)(struct cmd_ctx *ctx, json_t *args, json_t **result,
	    char *err, size_t errlen);
};
int cmd_dispatch(struct cmd_ctx *ctx, const char *name, json_t *args,
    json_t **result, char *err, size_t errlen);
const char *cmd_arg_str(json_t *args, const char *name);
long long cmd_arg_int(json_t *args, const char *name, long long dflt);
int cmd_arg_bool(json_t *args, const char *name);

/* The study named by args' "study", or NULL with an error in err. */
struct study *cmd_study(struct cmd_ctx *ctx, json_t *args, char *err,
    size_t errlen);

extern const struct cmd_entry cmd_best_entry;
extern const struct cmd_entry cmd_budget_entry;
extern const struct cmd_entry cmd_cancel_entry;
extern const struct cmd_entry cmd_curve_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_pause_entry;
extern const struct cmd_entry cmd_ping_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_resume_entry;
extern const struct cmd_entry cmd_retry_entry;
extern const struct cmd_entry cmd_shutdown_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_submit_entry;
extern const struct cmd_entry cmd_trials_entry;
extern const struct cmd_entry cmd_watch_entry;

/* main.c */
void daemon_stop(struct daemon *d);
void daemon_maybe_exit(struct daemon *d);
void daemon_flush_soon(struct daemon *d);

#endif
