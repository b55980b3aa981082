/*
 * The trial runner: a trial's life from its start to its final state, on
 * any executor backend (executor.c). The runner builds the command line,
 * environment and directory, hands them to the backend, and gets back the
 * trial's stdout and stderr, which it copies to capped log files
 * (outlog.c) unless the backend's job writes them itself (a keeper's),
 * and, for stdout, splits into lines for the metric parser, storing how
 * far it has read with the metrics so an adopted run reads on from there.
 * As in tmux's job.c, a trial is finished only when its process has
 * exited AND its output has reached EOF; only then is its final state
 * written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/linebuf.h"
#include "hps/limits.h"
#include "hps/log.h"
#include "hps/paths.h"
#include "hps/wandb.h"
#include "hpsd.h"

extern char **environ;

/* One of the trial's outputs and where it is kept. */
struct stream {
	struct outlog log;	/* when the runner writes the files */
	int eof;
	long seg;		/* the segment in its tail file at the end */
};

struct run {
	const struct executor_ops *ops;
	void *job;		/* the backend's */
	struct stream out, err;
	uv_timer_t timer;	/* timeout, then the SIGKILL grace period */
	struct trial *t;
	struct daemon *d;
	char *dir;
	uint64_t out_read;	/* stdout bytes read */
	int exited;
	int64_t exit_status;
	int term_signal;
	enum run_stop stop;	/* why it is being stopped, or NONE */
	int open_handles;
	int seen_metric;
	long values;		/* metric values reported */
	long crowded;		/* lines with more than HPS_METRIC_MAX metrics */
	char gpus[128];		/* CUDA_VISIBLE_DEVICES held, or "" */
	char why[384];		/* the early-stopping rule's reason */
	uint64_t heard;		/* uv_now of its last output, or start */
	long nonfinite;
	long doubtful;		/* lines the parser could not be sure of */
	struct hps_linebuf lines;	/* stdout's lines */
	struct hps_metric_parser *parser;
};

static void maybe_finish(struct run *r);
static int open_parser(struct run *r, const struct trial *t);

/* NAME=value, with characters not allowed in names replaced by '_'. */
static char *
env_entry(const char *prefix, const char *name, const char *value)
{
	size_t n = strlen(prefix) + strlen(name) + strlen(value) + 2;
	char *s = malloc(n), *p;

	if (s == NULL)
		return NULL;
	snprintf(s, n, "%s%s=%s", prefix, name, value);
	for (p = s + strlen(prefix); *p != '='; p++)
		if (!(*p == '_' || (*p >= '0' && *p <= '9') ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			*p = '_';
	return s;
}

/* HPS_PARAMS_JSON's text, also written to params.json in the trial dir. */
static char *
params_text(const struct trial *t)
{
	return hps_space_params_text(t->study->sp, t->params);
}

static void
write_params(const struct run *r)
{
	char path[4096], *js = params_text(r->t);
	int fd;

	snprintf(path, sizeof path, "%s/params.json", r->dir);
	if (js != NULL && (fd = statedir_open_file(path, O_WRONLY |
	    O_TRUNC)) >= 0) {
		dprintf(fd, "%s\n", js);
		close(fd);
	}
	free(js);
}

/* The trial's environment: ours, the space's env, then HPS_*. */
static char **
trial_env(const struct run *r)
{
	const struct trial *t = r->t;
	const char *dir = r->dir;
	const struct hps_space *sp = t->study->sp;
	size_t nenv = 0, i, n = 0;
	char **env, buf[64], path[4096], *js;

	while (environ[nenv] != NULL)
		nenv++;
	env = calloc(nenv + sp->nenv + sp->nenv_from + sp->nparams + 10,
	    sizeof *env);
	if (env == NULL)
		return NULL;
	for (i = 0; i < nenv; i++)
		if (strncmp(environ[i], "HPS_", 4) != 0)
			env[n++] = strdup(environ[i]);
	for (i = 0; i < sp->nenv_from; i++)
		if (getenv(sp->env_from[i]) != NULL)
			env[n++] = env_entry("", sp->env_from[i],
			    getenv(sp->env_from[i]));
	for (i = 0; i < sp->nenv; i++)
		env[n++] = strdup(sp->env[i]);
	if (r->gpus[0] != '\0')
		env[n++] = env_entry("", "CUDA_VISIBLE_DEVICES", r->gpus);
	env[n++] = env_entry("HPS_", "STUDY", sp->name);
	snprintf(buf, sizeof buf, "%ld", t->number);
	env[n++] = env_entry("HPS_", "TRIAL_ID", buf);
	env[n++] = env_entry("HPS_", "TRIAL_DIR", dir);
	snprintf(buf, sizeof buf, "%lu", t->seed);
	env[n++] = env_entry("HPS_", "SEED", buf);
	n += resume_env(t, dir, env + n);
	if (sp->wandb_config != HPS_WANDB_CONFIG_NONE) {
		snprintf(path, sizeof path, "%s/%s", dir,
		    HPS_WANDB_CONFIG_FILE);
		env[n++] = env_entry("", "WANDB_SWEEP_PARAM_PATH", path);
	}
	js = params_text(t);
	env[n++] = env_entry("HPS_", "PARAMS_JSON", js ? js : "{}");
	free(js);
	/* as the command shows them: a list joined, inactive ones absent */
	for (i = 0; i < sp->nparams; i++) {
		size_t len;
		char *val;

		if (hps_space_view_name(sp, i) == NULL ||
		    t->params[i].kind == HPS_V_NONE)
			continue;
		len = (size_t)hps_space_view_text(sp, t->params, i, NULL, 0) +
		    1;
		if ((val = malloc(len)) == NULL)
			continue;
		hps_space_view_text(sp, t->params, i, val, len);
		env[n++] = env_entry("HPS_PARAM_", hps_space_view_name(sp, i),
		    val);
		free(val);
	}
	return env;
}

static void
free_strv(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void
run_free(struct run *r)
{
	hps_linebuf_free(&r->lines);
	hps_metric_parser_free(r->parser);
	free(r->dir);
	free(r);
}

/* The run is freed once its timer and its backend's job are closed. */
static void
run_unref(struct run *r)
{
	if (--r->open_handles > 0)
		return;
	run_free(r);
}

static void
on_close(uv_handle_t *h)
{
	run_unref(h->data);
}

void
run_released(struct run *r)
{
	run_unref(r);
}

/* Stop signals go through the backend (to the group, or scancel). */
static void
signal_group(struct run *r, int sig)
{
	r->ops->signal(r->job, sig);
}

static void
on_kill_timer(uv_timer_t *timer)
{
	signal_group(timer->data, SIGKILL);
}

/* SIGTERM to the whole group now, SIGKILL after the grace period. */
static void
terminate(struct run *r)
{
	signal_group(r, SIGTERM);
	uv_timer_start(&r->timer, on_kill_timer,
	    (uint64_t)(r->d->grace * 1000), 0);
}

static int
keeps_files(const struct run *r)
{
	return !r->ops->keeps_output;
}

/* The first reason to stop a run is the one its result tells. */
static void
stop(struct run *r, enum run_stop why)
{
	if (r->stop != RUN_STOP_NONE)
		return;
	r->stop = why;
	terminate(r);
}

void
run_stop(struct trial *t, enum run_stop why)
{
	if (t->run != NULL && !t->run->exited)
		stop(t->run, why);
}

double
run_silent_for(const struct trial *t)
{
	if (t->run == NULL)
		return 0;
	return (double)(uv_now(t->run->d->loop) - t->run->heard) / 1000;
}

static void
on_timeout(uv_timer_t *timer)
{
	struct run *r = timer->data;

	log_info("study %s: trial %ld timed out", r->t->study->sp->name,
	    r->t->number);
	stop(r, RUN_STOP_TIMEOUT);
}

/*
 * SIGKILL that hpsd did not send: a lost node, the OOM killer, someone's
 * kill -9. Not the trial's failure: it runs again, resuming.
 */
static int
killed_outside(const struct run *r)
{
	return r->term_signal == SIGKILL && (r->stop == RUN_STOP_NONE ||
	    r->stop == RUN_STOP_LEFTOVERS);
}

/* A run lost from outside hpsd (what: how) runs again, up to
 * budget.retries times. */
static void
lost_outside(const struct run *r, const char *what, const char *again,
    struct hps_store_result *res, char *msg, size_t len)
{
	const struct trial *t = r->t;

	res->crashed = 1;
	if (t->crashes >= t->study->sp->retries) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "%s, %ld runs lost (budget.retries is %ld)",
		    what, t->crashes + 1, t->study->sp->retries);
		return;
	}
	res->state = HPS_T_LOST;
	snprintf(msg, len, "%s%s", what, again);
}

/* Ask the early-stopping rule about a new objective value. */
static void
judge(struct run *r, double step, double value)
{
	struct study *s = r->t->study;

	/* A repeat runs to its end: its value is what it confirms. */
	if (r->t->origin == HPS_O_REPEAT)
		return;
	if (r->stop != RUN_STOP_NONE || hps_pruner_report(s->pruner,
	    r->t->number, step, value) != 1)
		return;
	snprintf(r->why, sizeof r->why, "pruned by the %s rule: %s",
	    hps_pruner_name(s->pruner), hps_pruner_reason(s->pruner));
	log_info("study %s: trial %ld %s", s->sp->name, r->t->number, r->why);
	run_stop(r->t, RUN_STOP_PRUNE);
}

/* A line the parser could not read with certainty: counted, and the
 * first one logged with its reason. */
static void
doubtful(struct run *r, const struct hps_metric_line *ml)
{
	if (r->doubtful++ == 0)
		log_warn("study %s: trial %ld: output line %ld skipped: %s",
		    r->t->study->sp->name, r->t->number, ml->line, ml->doubt);
}

static void
on_metric(void *arg, const struct hps_metric_line *ml)
{
	struct run *r = arg;
	double value;
	size_t i;

	if (ml->doubt != NULL) {
		doubtful(r, ml);
		return;
	}
	if (resume_skips(r->t, ml->step))
		return;
	r->seen_metric = 1;
	if (ml->dropped > 0 && r->crowded++ == 0)
		log_warn("study %s: trial %ld printed %zu metrics on one line;"
		    " only %d are read, its objective among them",
		    r->t->study->sp->name, r->t->number, ml->n + ml->dropped,
		    HPS_METRIC_MAX);
	if (trial_metric(r->t, ml, &value)) {
		events_metric(r->t);
		judge(r, ml->step, value);
	}
	if ((r->values += ml->n) > HPSD_VALUES_MAX) {
		if (r->values - ml->n <= HPSD_VALUES_MAX)
			log_warn("study %s: trial %ld reported more than %d"
			    " metric values; only its objective is followed"
			    " from here on", r->t->study->sp->name,
			    r->t->number, HPSD_VALUES_MAX);
		return;
	}
	for (i = 0; i < ml->n; i++) {
		const struct hps_metric *m = &ml->m[i];

		if (!m->finite && r->nonfinite++ == 0)
			log_warn("study %s: trial %ld reported a non-finite"
			    " %.*s; recorded as missing",
			    r->t->study->sp->name, r->t->number,
			    (int)m->namelen, m->name);
		disk_check(r->d, hps_store_add_metric(r->d->store, r->t->id,
		    m->name, m->namelen, ml->step, m->value, m->finite),
		    "study %s: trial %ld: recording %.*s",
		    r->t->study->sp->name, r->t->number, (int)m->namelen,
		    m->name);
	}
	daemon_flush_soon(r->d);
}

/* The trial's timeout (and its silence) counts from now: its start, not
 * its submission. */
static void
arm_timeout(struct run *r)
{
	double timeout = r->t->study->sp->timeout;

	r->heard = uv_now(r->d->loop);
	if (timeout > 0)
		uv_timer_start(&r->timer, on_timeout,
		    (uint64_t)(timeout * 1000), 0);
}

/*
 * A queued trial's task started (a Slurm job left the queue): its
 * timeout starts now (time waiting in the queue is not the trial's: a
 * busy cluster would otherwise time out trials that never ran).
 */
void
run_started(struct run *r)
{
	if (r->t->state != HPS_T_PENDING)
		return;
	trial_set_state(r->t, HPS_T_RUNNING, "its task started");
	arm_timeout(r);
}

/*
 * A job that outlives hpsd is read on, after a restart, from the end of
 * the last whole line whose metrics are stored: the offset goes to the
 * store with the batch of metric rows (a line read twice stores the same
 * rows again).
 */
static void
mark_read(struct run *r, const char *p, size_t n)
{
	const char *nl = memrchr(p, '\n', n);

	r->out_read += n;
	if (nl == NULL || r->ops->adopt == NULL)
		return;
	if (hps_store_trial_offset(r->d->store, r->t->id, r->out_read -
	    (n - (size_t)(nl - p) - 1)) == 0)
		daemon_flush_soon(r->d);
}

void
run_output(struct run *r, enum run_stream s, const char *p, size_t n)
{
	struct stream *st = s == RUN_STDOUT ? &r->out : &r->err;

	if (keeps_files(r))
		outlog_write(&st->log, p, n);
	r->heard = uv_now(r->d->loop);
	if (st == &r->out) {
		hps_linebuf_feed(&r->lines, p, n);
		mark_read(r, p, n);
	}
}

void
run_output_end(struct run *r, enum run_stream s, long seg)
{
	struct stream *st = s == RUN_STDOUT ? &r->out : &r->err;

	st->seg = keeps_files(r) ? st->log.seg : seg;
	if (st == &r->out) {
		hps_linebuf_finish(&r->lines);	/* a last line without '\n' */
		hps_metric_finish(r->parser);
	}
	st->eof = 1;
	maybe_finish(r);
}

static int
output_done(const struct run *r)
{
	return r->out.eof && r->err.eof;
}

void
run_exited(struct run *r, int64_t status, int sig)
{
	r->exited = 1;
	r->exit_status = status;
	r->term_signal = sig;
	/* Leftover children still holding the pipes are part of the trial:
	 * they are stopped too, whatever stopped the trial (if anything). */
	if (!output_done(r)) {
		if (r->stop == RUN_STOP_NONE)
			r->stop = RUN_STOP_LEFTOVERS;
		terminate(r);
	}
	maybe_finish(r);
}

void
run_vanished(struct run *r, const char *why)
{
	r->stop = RUN_STOP_VANISHED;
	snprintf(r->why, sizeof r->why, "%s", why);
	run_exited(r, 0, 0);
}

void
run_requeued(struct run *r, const char *why)
{
	if (r->t->state != HPS_T_RUNNING)
		return;
	uv_timer_stop(&r->timer);
	trial_set_state(r->t, HPS_T_PENDING, why);
}

void
run_again(struct run *r)
{
	struct hps_metric_parser *old = r->parser;
	struct hps_linebuf lines = r->lines;

	hps_linebuf_finish(&r->lines);	/* the last run's last line */
	hps_metric_finish(r->parser);
	if (open_parser(r, r->t) != 0) {
		/* Out of memory: the old parser reads on, as it may. */
		hps_metric_parser_free(r->parser);
		r->parser = old;
		r->lines = lines;
		log_error("study %s: trial %ld: out of memory; its output is"
		    " read as one run", r->t->study->sp->name, r->t->number);
	} else {
		hps_linebuf_free(&lines);
		hps_metric_parser_free(old);
	}
	resume_again(r->t);
}

/* Decide the final state of a trial whose process and output are done. */
static void
result_of(struct run *r, struct hps_store_result *res, char *msg,
    size_t len)
{
	struct trial *t = r->t;
	const char *missing;

	memset(res, 0, sizeof *res);
	res->exit_code = r->term_signal ? -1 : (int)r->exit_status;
	res->term_signal = r->term_signal;
	res->has_objective = t->has_objective;
	res->objective = t->objective;
	res->best_step = t->best_step;
	res->error = msg;
	if (r->stop == RUN_STOP_SHUTDOWN) {
		res->state = HPS_T_LOST;
		snprintf(msg, len, "stopped by hpsd shutdown; runs again on"
		    " restart");
	} else if (r->stop == RUN_STOP_VANISHED) {
		lost_outside(r, r->why, "; runs again", res, msg, len);
	} else if (r->stop == RUN_STOP_TIMEOUT) {
		res->state = HPS_T_TIMEOUT;
		snprintf(msg, len, "timed out after %gs",
		    t->study->sp->timeout);
	} else if (r->stop == RUN_STOP_PRUNE) {
		res->state = HPS_T_PRUNED;
		snprintf(msg, len, "%s", r->why);
	} else if (r->stop == RUN_STOP_CANCEL) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "cancelled with the study");
	} else if (r->stop == RUN_STOP_DEADLINE) {
		res->state = HPS_T_TIMEOUT;
		snprintf(msg, len, "stopped at the study's deadline (budget.hard)");
	} else if (r->stop == RUN_STOP_STALL) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "stopped after no output for %gs (stall_action:"
		    " stop)", t->study->sp->life.stall);
	} else if (r->stop == RUN_STOP_PAUSE) {
		res->state = HPS_T_PAUSED;
		snprintf(msg, len, "paused by hps pause --now; resumes on hps"
		    " resume");
	} else if (killed_outside(r)) {
		lost_outside(r, "killed by SIGKILL from outside hpsd", " (a lost"
		    " node, the OOM killer, kill -9); runs again from its"
		    " checkpoint", res, msg, len);
	} else if (r->term_signal) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "killed by signal %d (%s)", r->term_signal,
		    strsignal(r->term_signal));
	} else if (r->exit_status != 0) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "exited with status %d",
		    (int)r->exit_status);
	} else if ((missing = trial_unreported(t)) != NULL) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "exited without reporting the metric '%s'",
		    missing);
	} else {
		/* Completed either way; a broken limit is its note. */
		res->state = HPS_T_COMPLETED;
		t->infeasible = !hps_limits_hold(t->study->sp, t->limit_last,
		    msg, len);
		res->error = t->infeasible ? msg : NULL;
	}
}

static void
close_handles(struct run *r)
{
	r->ops->release(r->job);
	uv_close((uv_handle_t *)&r->timer, on_close);
}

static void
close_files(struct run *r)
{
	if (!keeps_files(r))
		return;
	outlog_close(&r->out.log);
	outlog_close(&r->err.log);
}

/* The trial no longer has this run: its slot, GPUs and handles go. */
static void
let_go(struct run *r)
{
	struct trial *t = r->t;

	close_files(r);
	t->run = NULL;
	t->study->running--;
	r->d->running--;
	r->d->remote -= !r->ops->takes_local_slot;
	gpu_release(r->d, t->id);
	close_handles(r);
}

static void
maybe_finish(struct run *r)
{
	struct trial *t = r->t;
	struct hps_store_result res;
	char msg[400], *tail = NULL;

	if (!r->exited || !output_done(r))
		return;
	result_of(r, &res, msg, sizeof msg);
	if (res.state != HPS_T_COMPLETED)
		res.stderr_tail = tail = outlog_tail(r->dir, "stderr",
		    r->d->log_cap, r->err.seg, HPSD_STDERR_TAIL);
	if (r->lines.skipped > 0)
		log_warn("study %s: trial %ld: %ld lines over %d bytes skipped",
		    t->study->sp->name, t->number, r->lines.skipped,
		    HPSD_LINE_MAX);
	if (r->doubtful > 0)
		log_warn("study %s: trial %ld: %ld output line%s skipped as"
		    " doubtful (hps parse shows them)", t->study->sp->name,
		    t->number,
		    r->doubtful, r->doubtful == 1 ? "" : "s");
	let_go(r);
	trial_ended(t, &res);
	free(tail);
	daemon_maybe_exit(r->d);
}

/* Whether errno says the disk refused a write (full, read-only, denied,
 * failing) rather than something about the trial. */
static int
disk_refused(int err)
{
	return err == ENOSPC || err == EDQUOT || err == EROFS ||
	    err == EACCES || err == EPERM || err == EIO;
}

/* Create the trial directory and open its log files. */
static int
open_files(struct run *r)
{
	const struct hps_space *sp = r->t->study->sp;
	char path[4096];
	size_t n;

	n = (size_t)snprintf(path, sizeof path, "%s/studies/%s/%ld",
	    r->d->state_dir, sp->name, r->t->number);
	if (n >= sizeof path || hps_mkdirs(path) != 0 ||
	    (r->dir = strdup(path)) == NULL || resume_prepare(r->t,
	    r->dir) != 0)
		return -1;
	if (sp->wandb_config != HPS_WANDB_CONFIG_NONE &&
	    hps_wandb_config_write(sp, r->t->params, r->dir) != 0)
		return -1;
	if (keeps_files(r) && (errno = outlog_open(&r->out.log, r->dir,
	    "stdout", r->d->log_cap)) != 0)
		return -1;
	if (keeps_files(r) && (errno = outlog_open(&r->err.log, r->dir,
	    "stderr", r->d->log_cap)) != 0) {
		outlog_close(&r->out.log);
		return -1;
	}
	write_params(r);
	return 0;
}

/* Hand the trial to its backend. */
static int
spawn(struct run *r, struct exec_id *id, char *msg, size_t len)
{
	const struct hps_space *sp = r->t->study->sp;
	struct exec_launch l = {.run = r, .t = r->t, .x = &r->t->study->exec,
	    .d = r->d, .loop = r->d->loop, .cwd = sp->workdir, .dir = r->dir};
	int rc;

	if (hps_space_argv(sp, r->t->params, r->dir, r->t->seed,
	    &l.argv) != 0 ||
	    (l.env = trial_env(r)) == NULL) {
		hps_argv_free(l.argv);
		snprintf(msg, len, "cannot build the command line: %s",
		    strerror(errno));
		return HPS_ENOMEM;
	}
	rc = r->ops->start(&l, &r->job, id, msg, len);
	hps_argv_free(l.argv);
	free_strv(l.env);
	return rc;
}

/* A trial that could not start fails at once, with the reason. */
static void
fail_to_start(struct trial *t, const char *msg)
{
	struct hps_store_result res;

	memset(&res, 0, sizeof res);
	res.state = HPS_T_FAILED;
	res.exit_code = -1;
	res.error = msg;
	log_warn("study %s: trial %ld: %s", t->study->sp->name, t->number,
	    msg);
	trial_ended(t, &res);
}

/* The parser of the run's stdout and the lines that feed it. */
static int
open_parser(struct run *r, const struct trial *t)
{
	if ((r->parser = hps_metric_parser_new(t->study->sp->patterns,
	    t->study->sp->metric, on_metric, r)) == NULL)
		return -1;
	return hps_linebuf_init(&r->lines, HPSD_LINE_MAX, hps_metric_feed,
	    r->parser);
}

/* A run of t, before its job starts; NULL when out of memory. */
static struct run *
run_new(struct daemon *d, struct trial *t)
{
	struct run *r;

	if ((r = calloc(1, sizeof *r)) == NULL || open_parser(r, t) != 0) {
		if (r != NULL)
			run_free(r);
		return NULL;
	}
	r->t = t;
	r->d = d;
	r->ops = t->study->exec.ops;
	return r;
}

/* The job runs: the trial has this run, its slot and its timer. */
static void
attach(struct run *r)
{
	uv_timer_init(r->d->loop, &r->timer);
	r->timer.data = r;
	r->open_handles = 2;	/* the timer and the backend's job */
	r->t->run = r;
	r->t->study->running++;
	r->d->running++;
	r->d->remote += !r->ops->takes_local_slot;
}

void
run_start(struct daemon *d, struct trial *t)
{
	const struct executor *x = &t->study->exec;
	struct exec_id id;
	struct run *r;
	char msg[HPS_ERRMAX];
	int err;

	if ((r = run_new(d, t)) == NULL) {
		fail_to_start(t, "hpsd is out of memory");
		return;
	}
	if (open_files(r) != 0) {
		err = errno;
		snprintf(msg, sizeof msg, "cannot create the trial directory"
		    " under %s: %s", d->state_dir, strerror(err));
		run_free(r);
		if (!disk_refused(err)) {
			fail_to_start(t, msg);
			return;
		}
		/* The disk's fault, not the trial's: it waits in the queue. */
		log_error("study %s: trial %ld: %s", t->study->sp->name,
		    t->number, msg);
		disk_trouble(d, err == ENOSPC || err == EDQUOT ? HPS_ENOSPC :
		    HPS_EIO);
		return;
	}
	if (r->ops->takes_local_slot && x->gpus > 0)
		gpu_take(d, t->id, x->gpus, r->gpus, sizeof r->gpus);
	if (spawn(r, &id, msg, sizeof msg) != 0) {
		gpu_release(d, t->id);
		close_files(r);
		run_free(r);
		fail_to_start(t, msg);
		return;
	}
	attach(r);
	trial_started(t, r->ops->queues ? HPS_T_PENDING : HPS_T_RUNNING, &id,
	    r->dir);
	if (!r->ops->queues)
		arm_timeout(r);
}

/* An adopted trial's timeout counts from its start, hpsd's downtime
 * included; one already past it is stopped now. Its silence (stall:)
 * counts from the adoption: what it printed while no hpsd ran is read
 * now. */
static void
arm_adopted_timeout(struct run *r, double started)
{
	double timeout = r->t->study->sp->timeout, left;

	r->heard = uv_now(r->d->loop);
	if (timeout <= 0)
		return;
	left = timeout - (hps_store_now() - started);
	uv_timer_start(&r->timer, on_timeout, left > 0 ?
	    (uint64_t)(left * 1000) : 0, 0);
}

int
run_adopt(struct daemon *d, struct trial *t,
    const struct hps_store_trial *row)
{
	struct exec_id id = {row->pid, row->proc_start};
	struct exec_adopt a = {.t = t, .d = d, .loop = d->loop, .id = &id,
	    .dir = row->dir, .from = row->out_offset};
	char msg[HPS_ERRMAX];
	double started = 0;
	struct run *r;
	int rc;

	if (t->study->exec.ops->adopt == NULL || row->dir == NULL)
		return HPS_ENOTFOUND;
	if ((r = run_new(d, t)) == NULL || (r->dir = strdup(row->dir)) ==
	    NULL) {
		if (r != NULL)
			run_free(r);
		return HPS_ENOMEM;
	}
	a.run = r;
	a.started = &started;
	a.gpus = r->gpus;
	a.gpuslen = sizeof r->gpus;
	if ((rc = r->ops->adopt(&a, &r->job, msg, sizeof msg)) != 0) {
		log_warn("study %s: trial %ld cannot be adopted: %s",
		    t->study->sp->name, t->number, msg);
		run_free(r);
		return rc;
	}
	r->out_read = row->out_offset;
	/* Its GPUs stay its own: no new trial is given them. */
	if (t->study->exec.gpus > 0)
		gpu_hold(d, t->id, r->gpus);
	else
		r->gpus[0] = '\0';
	attach(r);
	arm_adopted_timeout(r, started);
	log_info("study %s: trial %ld adopted (its output from byte %llu%s%s)",
	    t->study->sp->name, t->number, row->out_offset, r->gpus[0] ?
	    ", GPUs " : "", r->gpus);
	return 0;
}

void
run_detach(struct trial *t)
{
	struct run *r = t->run;

	/* A run being stopped ends here, with its reason recorded. */
	if (r == NULL || r->exited || r->stop != RUN_STOP_NONE)
		return;
	if (r->ops->adopt == NULL) {
		stop(r, RUN_STOP_SHUTDOWN);
		return;
	}
	log_info("study %s: trial %ld goes on without hpsd",
	    t->study->sp->name, t->number);
	let_go(r);
}
