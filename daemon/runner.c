/*
 * The local trial runner. A trial is a process in its own session (so its
 * own process group) with stdin on /dev/null and stdout and stderr on
 * pipes that we copy to capped log files (outlog.c); stdout is also split
 * into lines for the metric parser. As in tmux's job.c, a trial is
 * finished only when its process has exited AND its output has reached
 * EOF; only then is its final state written.
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
#include "hps/log.h"
#include "hps/paths.h"
#include "hps/wandb.h"
#include "hpsd.h"

extern char **environ;

/* One of the trial's output pipes and where it is kept. */
struct stream {
	uv_pipe_t pipe;
	struct run *run;
	struct outlog log;
	int eof;
};

struct run {
	struct child proc;
	struct stream out, err;
	uv_timer_t timer;	/* timeout, then the SIGKILL grace period */
	struct trial *t;
	struct daemon *d;
	char *dir;
	int exited;
	int64_t exit_status;
	int term_signal;
	enum { STOP_NONE, STOP_TERM, STOP_KILL } stopping;
	int stop_why;		/* enum run_stop, valid when stopping */
	int stop_set;
	int open_handles;
	int seen_metric;
	long skipped;		/* overlong lines */
	long values;		/* metric values reported */
	char gpus[128];		/* CUDA_VISIBLE_DEVICES held, or "" */
	char why[200];		/* the early-stopping rule's reason */
	long nonfinite;
	int overlong;		/* inside a line past HPSD_LINE_MAX */
	size_t len;
	struct hps_metric_parser parser;
	char *line;		/* HPSD_LINE_MAX bytes, not zeroed */
};

static void maybe_finish(struct run *r);

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

static json_t *
params_json(const struct hps_space *sp, const struct hps_value *v)
{
	json_t *obj = json_object();
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		json_object_set_new(obj, sp->params[i].name,
		    hps_value_json(&v[i]));
	return obj;
}

/* HPS_PARAMS_JSON's text, also written to params.json in the trial dir. */
static char *
params_text(const struct trial *t)
{
	json_t *o = params_json(t->study->sp, t->params);
	char *text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(17));

	json_decref(o);
	return text;
}

static void
write_params(const struct run *r)
{
	char path[4096], *js = params_text(r->t);
	FILE *fp;

	snprintf(path, sizeof path, "%s/params.json", r->dir);
	if (js != NULL && (fp = fopen(path, "we")) != NULL) {
		fprintf(fp, "%s\n", js);
		fclose(fp);
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
	env = calloc(nenv + sp->nenv + sp->nenv_from + sp->nparams + 7,
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
	if (sp->wandb_config != HPS_WANDB_CONFIG_NONE) {
		snprintf(path, sizeof path, "%s/%s", dir,
		    HPS_WANDB_CONFIG_FILE);
		env[n++] = env_entry("", "WANDB_SWEEP_PARAM_PATH", path);
	}
	js = params_text(t);
	env[n++] = env_entry("HPS_", "PARAMS_JSON", js ? js : "{}");
	free(js);
	for (i = 0; i < sp->nparams; i++) {
		char val[512];

		hps_value_format(&t->params[i], val, sizeof val);
		env[n++] = env_entry("HPS_PARAM_", sp->params[i].name, val);
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
on_close(uv_handle_t *h)
{
	struct run *r = h->type == UV_NAMED_PIPE ?
	    ((struct stream *)h->data)->run : h->data;

	if (--r->open_handles > 0)
		return;
	free(r->line);
	free(r->dir);
	free(r);
}

/* Stop signals: Slurm trials through scancel, local ones to the group. */
static void
signal_group(struct run *r, int sig)
{
	if (r->t->study->exec.slurm && !r->exited) {
		executor_cancel(r->t, sig == SIGTERM ? "TERM" : NULL);
		return;
	}
	if (kill(-r->proc.pid, sig) != 0 && errno != ESRCH)
		log_warn("kill(-%d, %d): %s", r->proc.pid, sig,
		    strerror(errno));
}

static void
on_kill_timer(uv_timer_t *timer)
{
	struct run *r = timer->data;

	r->stopping = STOP_KILL;
	signal_group(r, SIGKILL);
}

/* SIGTERM to the whole group now, SIGKILL after the grace period. */
static void
terminate(struct run *r)
{
	if (r->stopping != STOP_NONE)
		return;
	r->stopping = STOP_TERM;
	signal_group(r, SIGTERM);
	uv_timer_start(&r->timer, on_kill_timer,
	    (uint64_t)(r->d->grace * 1000), 0);
}

void
run_stop(struct trial *t, enum run_stop why)
{
	struct run *r = t->run;

	if (r == NULL || r->exited)
		return;
	if (!r->stop_set) {
		r->stop_why = why;
		r->stop_set = 1;
	}
	terminate(r);
}

static void
on_timeout(uv_timer_t *timer)
{
	struct run *r = timer->data;

	log_info("study %s: trial %ld timed out", r->t->study->sp->name,
	    r->t->number);
	r->stop_why = RUN_STOP_TIMEOUT;
	r->stop_set = 1;
	terminate(r);
}

/* Ask the early-stopping rule about a new objective value. */
static void
judge(struct run *r, long step, double value)
{
	struct study *s = r->t->study;

	if (r->stop_set || hps_pruner_report(s->pruner, r->t->number, step,
	    value) != 1)
		return;
	snprintf(r->why, sizeof r->why, "pruned by the %s rule: %s",
	    hps_pruner_name(s->pruner), hps_pruner_reason(s->pruner));
	log_info("study %s: trial %ld %s", s->sp->name, r->t->number, r->why);
	run_stop(r->t, RUN_STOP_PRUNE);
}

static void
handle_line(struct run *r, char *line, size_t len)
{
	struct hps_metric_line ml;
	double value;
	size_t i;

	if (hps_metric_parse(&r->parser, line, len, &ml) == 0)
		return;
	r->seen_metric = 1;
	if (trial_metric(r->t, &ml, &value)) {
		events_metric(r->t);
		judge(r, ml.step, value);
	}
	if ((r->values += ml.n) > HPSD_VALUES_MAX) {
		if (r->values - ml.n <= HPSD_VALUES_MAX)
			log_warn("study %s: trial %ld reported more than %d"
			    " metric values; only its objective is followed"
			    " from here on", r->t->study->sp->name,
			    r->t->number, HPSD_VALUES_MAX);
		return;
	}
	for (i = 0; i < ml.n; i++) {
		const struct hps_metric *m = &ml.m[i];

		if (!m->finite && r->nonfinite++ == 0)
			log_warn("study %s: trial %ld reported a non-finite"
			    " %.*s; recorded as missing",
			    r->t->study->sp->name, r->t->number,
			    (int)m->namelen, m->name);
		hps_store_add_metric(r->d->store, r->t->id, m->name,
		    m->namelen, ml.step, m->value, m->finite);
	}
	daemon_flush_soon(r->d);
}

/*
 * Add n bytes to the current line. Keras redraws its progress bar in place
 * with '\r' and ends the epoch's line only when the epoch ends, so a long
 * epoch is one huge line; only the text after the last '\r' counts (see
 * core/metric.c), so that is what is kept when the line outgrows the limit.
 */
static void
append(struct run *r, const char *p, size_t n)
{
	const char *cr;
	size_t keep;

	if (r->overlong)
		return;
	if (r->len + n > HPSD_LINE_MAX) {
		if ((cr = memrchr(p, '\r', n)) != NULL) {
			r->len = 0;
			n -= (size_t)(cr + 1 - p);
			p = cr + 1;
		} else if ((cr = memrchr(r->line, '\r', r->len)) != NULL) {
			keep = r->len - (size_t)(cr + 1 - r->line);
			memmove(r->line, cr + 1, keep);
			r->len = keep;
		}
	}
	if (r->len + n > HPSD_LINE_MAX) {
		r->overlong = 1;
		r->skipped++;
		return;
	}
	memcpy(r->line + r->len, p, n);
	r->len += n;
}

/* Split what arrived into lines; a line over the limit is skipped. */
static void
feed(struct run *r, const char *buf, size_t n)
{
	const char *nl;

	while (n > 0) {
		nl = memchr(buf, '\n', n);
		size_t take = nl ? (size_t)(nl - buf) : n;

		append(r, buf, take);
		if (nl == NULL)
			return;
		if (!r->overlong)
			handle_line(r, r->line, r->len);
		r->len = 0;
		r->overlong = 0;
		buf += take + 1;
		n -= take + 1;
	}
}

static void
on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	static char chunk[64 * 1024];

	(void)h;
	(void)suggested;
	*buf = uv_buf_init(chunk, sizeof chunk);
}

/* The trial's timeout counts from now: its start, not its submission. */
static void
arm_timeout(struct run *r)
{
	double timeout = r->t->study->sp->timeout;

	if (timeout > 0)
		uv_timer_start(&r->timer, on_timeout,
		    (uint64_t)(timeout * 1000), 0);
}

/*
 * A Slurm trial's task started: it leaves the queue, and its timeout
 * starts (time waiting in the queue is not the trial's: a busy cluster
 * would otherwise time out trials that never ran).
 */
static void
now_running(struct run *r)
{
	r->t->state = HPS_T_RUNNING;
	hps_store_trial_state(r->d->store, r->t->id, HPS_T_RUNNING);
	events_trial(r->t);
	arm_timeout(r);
}

static void
on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct stream *st = s->data;
	struct run *r = st->run;

	if (n > 0) {
		outlog_write(&st->log, buf->base, (size_t)n);
		if (st == &r->out)
			feed(r, buf->base, (size_t)n);
		else if (r->t->state == HPS_T_PENDING &&
		    executor_started(buf->base, (size_t)n))
			now_running(r);
		return;
	}
	if (n == 0)
		return;
	if (st == &r->out && r->len > 0 && !r->overlong)
		handle_line(r, r->line, r->len);	/* no final '\n' */
	r->len = 0;
	st->eof = 1;
	uv_read_stop(s);
	maybe_finish(r);
}

static int
output_done(const struct run *r)
{
	return r->out.eof && r->err.eof;
}

static void
on_proc_exit(struct child *c, int64_t status, int sig)
{
	struct run *r = c->data;

	r->exited = 1;
	r->exit_status = status;
	r->term_signal = sig;
	/* Leftover children still holding the pipes are part of the trial. */
	if (!output_done(r)) {
		r->stopping = STOP_NONE;
		terminate(r);
	}
	maybe_finish(r);
}

/* Decide the final state of a trial whose process and output are done. */
static void
result_of(struct run *r, struct hps_store_result *res, char *msg,
    size_t len)
{
	struct trial *t = r->t;

	memset(res, 0, sizeof *res);
	res->exit_code = r->term_signal ? -1 : (int)r->exit_status;
	res->term_signal = r->term_signal;
	res->has_objective = t->has_objective;
	res->objective = t->objective;
	res->best_step = t->best_step;
	res->error = msg;
	if (r->stop_set && r->stop_why == RUN_STOP_SHUTDOWN) {
		res->state = HPS_T_LOST;
		snprintf(msg, len, "stopped by hpsd shutdown; runs again on"
		    " restart");
	} else if (r->stop_set && r->stop_why == RUN_STOP_TIMEOUT) {
		res->state = HPS_T_TIMEOUT;
		snprintf(msg, len, "timed out after %gs",
		    t->study->sp->timeout);
	} else if (r->stop_set && r->stop_why == RUN_STOP_PRUNE) {
		res->state = HPS_T_PRUNED;
		snprintf(msg, len, "%s", r->why);
	} else if (r->stop_set && r->stop_why == RUN_STOP_CANCEL) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "cancelled with the study");
	} else if (r->term_signal) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "killed by signal %d (%s)", r->term_signal,
		    strsignal(r->term_signal));
	} else if (r->exit_status != 0) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "exited with status %d",
		    (int)r->exit_status);
	} else if (!t->has_objective) {
		res->state = HPS_T_FAILED;
		snprintf(msg, len, "exited without reporting the metric '%s'",
		    t->study->sp->metric);
	} else {
		res->state = HPS_T_COMPLETED;
		res->error = NULL;
	}
}

static void
close_handles(struct run *r)
{
	child_close(&r->proc, on_close);
	uv_close((uv_handle_t *)&r->out.pipe, on_close);
	uv_close((uv_handle_t *)&r->err.pipe, on_close);
	uv_close((uv_handle_t *)&r->timer, on_close);
}

static void
maybe_finish(struct run *r)
{
	struct trial *t = r->t;
	struct study *s = t->study;
	struct hps_store_result res;
	char msg[256], *tail = NULL;

	if (!r->exited || !output_done(r))
		return;
	result_of(r, &res, msg, sizeof msg);
	if (res.state != HPS_T_COMPLETED)
		res.stderr_tail = tail = outlog_tail(&r->err.log,
		    HPSD_STDERR_TAIL);
	if (r->skipped > 0)
		log_warn("study %s: trial %ld: %ld lines over %d bytes skipped",
		    s->sp->name, t->number, r->skipped, HPSD_LINE_MAX);
	disk_record(r->d, t, &res);
	free(tail);
	outlog_close(&r->out.log);
	outlog_close(&r->err.log);
	t->state = res.state;
	t->run = NULL;
	s->running--;
	r->d->running--;
	r->d->remote -= s->exec.slurm;
	gpu_release(r->d, t->id);
	close_handles(r);
	log_debug("study %s: trial %ld %s", s->sp->name, t->number,
	    hps_tstate_name(t->state));
	events_trial(t);
	study_trial_done(s, t);
	daemon_maybe_exit(r->d);
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
	    (r->dir = strdup(path)) == NULL)
		return -1;
	if (sp->wandb_config != HPS_WANDB_CONFIG_NONE &&
	    hps_wandb_config_write(sp, r->t->params, r->dir) != 0)
		return -1;
	if (outlog_open(&r->out.log, r->dir, "stdout", r->d->log_cap) != 0)
		return -1;
	if (outlog_open(&r->err.log, r->dir, "stderr", r->d->log_cap) != 0) {
		outlog_close(&r->out.log);
		return -1;
	}
	write_params(r);
	return 0;
}

static int
spawn(struct run *r, char *msg, size_t len)
{
	const struct hps_space *sp = r->t->study->sp;
	char **argv = NULL, **env;
	int rc;

	if (hps_space_argv(sp, r->t->params, r->dir, &argv) != 0 ||
	    (env = trial_env(r)) == NULL) {
		hps_argv_free(argv);
		snprintf(msg, len, "cannot build the command line: %s",
		    strerror(errno));
		return UV_ENOMEM;
	}
	if (r->t->study->exec.slurm) {
		char **wrapped = executor_wrap(r->t, &r->t->study->exec, argv);

		hps_argv_free(argv);
		if ((argv = wrapped) == NULL) {
			free_strv(env);
			snprintf(msg, len, "out of memory");
			return UV_ENOMEM;
		}
	}
	r->proc.data = r;
	r->proc.exit_cb = on_proc_exit;
	rc = child_spawn(r->d->loop, &r->proc, argv, env, sp->workdir,
	    &r->out.pipe, &r->err.pipe);
	if (rc != 0)
		snprintf(msg, len, "cannot run '%s' in %s: %s", argv[0],
		    sp->workdir, strerror(-rc));
	hps_argv_free(argv);
	free_strv(env);
	return rc;
}

/* A trial that could not start fails at once, with the reason. */
static void
fail_to_start(struct daemon *d, struct trial *t, const char *msg)
{
	struct hps_store_result res;

	memset(&res, 0, sizeof res);
	res.state = HPS_T_FAILED;
	res.exit_code = -1;
	res.error = msg;
	log_warn("study %s: trial %ld: %s", t->study->sp->name, t->number,
	    msg);
	disk_record(d, t, &res);
	t->state = HPS_T_FAILED;
	events_trial(t);
	study_trial_done(t->study, t);
}

int
run_start(struct daemon *d, struct trial *t)
{
	struct run *r;
	char msg[HPS_ERRMAX];
	unsigned long long start;
	int rc, slurm = t->study->exec.slurm;

	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (r->line = malloc(HPSD_LINE_MAX)) == NULL) {
		free(r);
		return HPS_ENOMEM;
	}
	r->t = t;
	r->d = d;
	hps_metric_parser_init(&r->parser);
	if (open_files(r) != 0) {
		snprintf(msg, sizeof msg, "cannot create the trial directory"
		    " under %s: %s", d->state_dir, strerror(errno));
		free(r->line);
		free(r->dir);
		free(r);
		fail_to_start(d, t, msg);
		return 0;
	}
	uv_pipe_init(d->loop, &r->out.pipe, 0);
	uv_pipe_init(d->loop, &r->err.pipe, 0);
	uv_timer_init(d->loop, &r->timer);
	r->out.run = r->err.run = r;
	r->out.pipe.data = &r->out;
	r->err.pipe.data = &r->err;
	r->timer.data = r;
	r->open_handles = 4;
	if (!slurm && t->study->exec.gpus > 0)
		gpu_take(d, t->id, t->study->exec.gpus, r->gpus,
		    sizeof r->gpus);
	if ((rc = spawn(r, msg, sizeof msg)) != 0) {
		gpu_release(d, t->id);
		outlog_close(&r->out.log);
		outlog_close(&r->err.log);
		r->open_handles = 3;	/* no process to watch */
		uv_close((uv_handle_t *)&r->out.pipe, on_close);
		uv_close((uv_handle_t *)&r->err.pipe, on_close);
		uv_close((uv_handle_t *)&r->timer, on_close);
		fail_to_start(d, t, msg);
		return 0;
	}
	t->run = r;
	t->state = slurm ? HPS_T_PENDING : HPS_T_RUNNING;
	t->has_objective = 0;
	t->has_last = 0;
	t->study->running++;
	d->running++;
	d->remote += slurm;
	if (proc_start_time(r->proc.pid, &start) != 0)
		start = 0;
	hps_store_trial_start(d->store, t->id, r->proc.pid, start, r->dir);
	if (slurm)
		hps_store_trial_state(d->store, t->id, HPS_T_PENDING);
	events_trial(t);
	uv_read_start((uv_stream_t *)&r->out.pipe, on_alloc, on_read);
	uv_read_start((uv_stream_t *)&r->err.pipe, on_alloc, on_read);
	if (!slurm)
		arm_timeout(r);
	return 0;
}
