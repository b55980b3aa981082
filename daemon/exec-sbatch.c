/*
 * Slurm batch jobs (`executor: {type: slurm}`, `submit: sbatch`, the
 * default): each trial is a job submitted with `sbatch --parsable`, found
 * again by its id, that outlives hpsd. Its batch script (job.sh in the
 * trial directory, SCRIPT below) runs the trial's command with stdout and
 * stderr in stdout.log and stderr.log there, which hpsd follows as it
 * follows a keeper's files; at its end the script writes the exit status
 * to `exit` there, so no accounting database is needed to learn it (the
 * test cluster, like many, has none). The job is requeueable: Slurm runs
 * the script again after a preemption or a node failure, the script notes
 * in `runs` where each run's output begins, and hpsd parses each run's
 * output afresh, resuming the curve after its last stored step
 * (run_again). One `squeue --me` for all jobs every POLL_MS tells which
 * are waiting in the queue (pending: never started, or requeued) and
 * which have left it. A job is stopped with `scancel --full --signal=TERM`
 * (the script and every process of the trial), then `scancel`; before its
 * time limit Slurm sends the script SIGUSR1 (--signal), which it passes on
 * to the trial as SIGTERM, so the trial can checkpoint.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"
#include "slurm.h"

/* How often squeue is asked about every job, and how often a job's files
 * are read where the file system sends no change events. */
#define POLL_MS 3000
#define TICK_MS 1000
/* Bytes read in one turn of the loop before it serves others. */
#define TURN_BYTES (4 << 20)

/*
 * The batch script. SLURM_RESTART_COUNT numbers the runs of the job; a
 * run removes the last run's exit status, notes its number, start time
 * and where its output begins, and runs the trial as its child, waiting
 * through signals: a SIGTERM to the whole job (scancel, preemption, the
 * time limit) is marked in the exit status, so hpsd can tell a trial
 * stopped from outside from one that ended by itself.
 */
static const char SCRIPT[] =
    "#!/bin/sh\n"
    "# hpsd runs one trial as this Slurm batch job; Slurm runs it again\n"
    "# when it requeues the job.\n"
    "d=$HPS_TRIAL_DIR\n"
    "n=${SLURM_RESTART_COUNT:-0}\n"
    "rm -f \"$d/exit\"\n"
    "if [ \"$n\" -gt 0 ] && [ -s \"$d/resume_step\" ]; then\n"
    "\tHPS_RESUME_STEP=$(cat \"$d/resume_step\")\n"
    "\texport HPS_RESUME_STEP\n"
    "fi\n"
    "export PYTHONUNBUFFERED=${PYTHONUNBUFFERED-1}\n"
    "echo \"$n $(date +%s) $(wc -c <\"$d/stdout.log\")\" >>\"$d/runs\"\n"
    "term=\n"
    "trap 'term=1' TERM\n"
    "\"$@\" &\n"
    "pid=$!\n"
    "trap 'kill -TERM $pid 2>/dev/null' USR1\n"
    "while :; do\n"
    "\twait $pid\n"
    "\tst=$?\n"
    "\t[ $st -gt 128 ] && kill -0 $pid 2>/dev/null || break\n"
    "done\n"
    "echo \"$n $st${term:+ term}\" >\"$d/exit.tmp\" &&\n"
    "\tmv -f \"$d/exit.tmp\" \"$d/exit\"\n";

struct sbatch_job {
	struct run *run;
	uv_loop_t *loop;
	struct hps_store *store;
	long long trial_id;
	char *dir;
	long id;			/* the Slurm job id */
	uint64_t off;			/* stdout bytes handed on */
	int fd;				/* stdout.log, or -1 */
	long runs;			/* runs of the job read into */
	int stopping;			/* hpsd is stopping it */
	int listed;			/* squeue: 1 listed, 0 gone, -1 ? */
	int unlisted;			/* answers in a row not listing it */
	int queued;			/* listed as waiting */
	long round;			/* the poll round it was submitted in */
	long run_round;			/* the round its latest run began in */
	int ended;
	int has_step;			/* resume_step written: */
	double step;
	uv_timer_t tick;
	uv_fs_event_t ev;
	int open;			/* handles not yet closed */
	struct sbatch_job *next;
};

/* The one squeue for every job, on the thread pool. */
static struct {
	struct sbatch_job *jobs;
	uv_timer_t timer;
	uv_work_t work;
	int timer_open;
	int busy;
	long round;			/* squeue runs started */
	int rc;				/* the last one's exit status */
	char *out;			/* and its output */
	int failed;			/* squeue failures in a row */
} poll_;

static void on_poll(uv_timer_t *h);

static void
poll_start(uv_loop_t *loop)
{
	uv_timer_init(loop, &poll_.timer);
	poll_.timer_open = 1;
	uv_timer_start(&poll_.timer, on_poll, POLL_MS, POLL_MS);
}

static void
poll_add(struct sbatch_job *j)
{
	j->round = poll_.round;
	j->next = poll_.jobs;
	poll_.jobs = j;
	if (!poll_.timer_open)
		poll_start(j->loop);
}

/* The timer closes when no job is left (so none holds the loop); a job
 * that came while it closed starts it again. */
static void
on_poll_closed(uv_handle_t *h)
{
	poll_.timer_open = 0;
	if (poll_.jobs != NULL)
		poll_start(h->loop);
}

static void
poll_remove(struct sbatch_job *j)
{
	struct sbatch_job **p;

	for (p = &poll_.jobs; *p != NULL; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	if (poll_.jobs == NULL && poll_.timer_open == 1) {
		poll_.timer_open = 2;	/* closing */
		uv_close((uv_handle_t *)&poll_.timer, on_poll_closed);
	}
}

/* Run argv (env) and keep its stdout and stderr in out: its exit status,
 * or -1 when it could not run. */
static int
capture(char *const *argv, char *const *env, char *out, size_t len)
{
	posix_spawn_file_actions_t fa;
	size_t got = 0;
	ssize_t n;
	int p[2], st, rc;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		return -1;
	}
	while ((n = read(p[0], out + got, len - 1 - got)) > 0 ||
	    (n < 0 && errno == EINTR))
		if (n > 0 && (got += (size_t)n) == len - 1)
			break;
	out[got] = '\0';
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
squeue_work(uv_work_t *w)
{
	static char *const argv[] = {"timeout", "20", "squeue", "-h", "--me",
	    "-o", "%i %T", NULL};
	extern char **environ;
	size_t len = 1 << 20;

	(void)w;
	free(poll_.out);
	if ((poll_.out = malloc(len)) == NULL) {
		poll_.rc = -1;
		return;
	}
	poll_.rc = capture(argv, environ, poll_.out, len);
}

/* What squeue says of job id: 1 listed (state in *queued), 0 not. */
static int
squeue_says(const char *out, long id, int *queued)
{
	const char *p;
	char *end;

	for (p = out; *p != '\0'; p += strcspn(p, "\n"), p += *p == '\n')
		if (strtol(p, &end, 10) == id && *end == ' ') {
			end++;
			*queued = strncmp(end, "PENDING", 7) == 0 ||
			    strncmp(end, "REQUEUE", 7) == 0 ||
			    strncmp(end, "PREEMPTED", 9) == 0 ||
			    strncmp(end, "SUSPENDED", 9) == 0;
			return 1;
		}
	return 0;
}

static void look(struct sbatch_job *j);
static void note_step(struct sbatch_job *j);

/*
 * What squeue said of j in round. A job leaves squeue for a moment while
 * Slurm requeues it, so it is gone only when two answers in a row leave it
 * out. An answer from a round that began before the job's latest run did
 * may predate that run: it does not say the job waits.
 */
static void
tell(struct sbatch_job *j, int listed, long round)
{
	j->unlisted = listed ? 0 : j->unlisted + 1;
	j->listed = listed || j->unlisted < 2;
	if (!listed || j->run_round >= round)
		j->queued = 0;
}

static void
squeue_done(uv_work_t *w, int status)
{
	struct sbatch_job *j, *next;
	long round = poll_.round;

	(void)w;
	poll_.busy = 0;
	if (status != 0 || poll_.rc != 0) {
		if (poll_.failed++ == 0)
			log_warn("squeue failed (%s): the Slurm jobs are looked"
			    " at again in %d s", poll_.rc < 0 ? "could not run" :
			    poll_.out, POLL_MS / 1000);
		return;
	}
	if (poll_.failed > 0)
		log_info("squeue answers again");
	poll_.failed = 0;
	for (j = poll_.jobs; j != NULL; j = next) {
		next = j->next;
		if (j->round >= round)
			continue;	/* submitted after squeue started */
		tell(j, squeue_says(poll_.out, j->id, &j->queued), round);
		note_step(j);
		look(j);
	}
}

static void
on_poll(uv_timer_t *h)
{
	if (poll_.busy)
		return;
	poll_.busy = 1;
	poll_.round++;
	poll_.work.data = NULL;
	if (uv_queue_work(h->loop, &poll_.work, squeue_work, squeue_done) != 0)
		poll_.busy = 0;
}

/* The runs of the job so far (the lines of `runs`), and where run k's
 * output begins in *start (UINT64_MAX when there is no run k). */
static long
read_runs(const struct sbatch_job *j, long k, uint64_t *start,
    double *began)
{
	char path[4096], line[128];
	unsigned long long off;
	long n = 0, num;
	double t;
	FILE *fp;

	*start = UINT64_MAX;
	snprintf(path, sizeof path, "%s/runs", j->dir);
	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strchr(line, '\n') == NULL ||
		    sscanf(line, "%ld %lf %llu", &num, &t, &off) != 3)
			break;		/* a line being written */
		if (n == k) {
			*start = off;
			if (began != NULL)
				*began = t;
		}
		n++;
	}
	fclose(fp);
	return n;
}

/* The exit status the last run wrote: 1 with it, 0 when there is none
 * for run `last` yet; *term when the run may have been stopped from
 * outside (a SIGTERM to the job, or the trial dead of a signal). */
static int
read_exit(const struct sbatch_job *j, long last, int *status, int *term)
{
	char path[4096], line[64], word[16] = "";
	long n;
	FILE *fp;
	int got;

	snprintf(path, sizeof path, "%s/exit", j->dir);
	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	got = fgets(line, sizeof line, fp) != NULL &&
	    sscanf(line, "%ld %d %15s", &n, status, word) >= 2 && n == last;
	fclose(fp);
	/* A trial dead of a signal may have been the first process of the
	 * job that Slurm signalled, before the script learned of it. */
	*term = strcmp(word, "term") == 0 || (got && *status > 128);
	return got;
}

/* Hand on stdout up to offset limit, at most max bytes: whether it read
 * as much (there may be more). */
static int
follow_to(struct sbatch_job *j, uint64_t limit, uint64_t max)
{
	char path[4096], buf[65536];
	uint64_t got = 0;
	ssize_t n;
	size_t want;

	if (j->fd < 0) {
		snprintf(path, sizeof path, "%s/stdout.log", j->dir);
		if ((j->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			return 0;
	}
	while (got < max && j->off < limit) {
		want = limit - j->off < sizeof buf ? (size_t)(limit - j->off) :
		    sizeof buf;
		if ((n = pread(j->fd, buf, want, (off_t)j->off)) <= 0)
			return 0;
		j->off += (uint64_t)n;
		got += (uint64_t)n;
		run_output(j->run, RUN_STDOUT, buf, (size_t)n);
	}
	return got >= max;
}

/* Read what arrived, each run of the job parsed on its own: whether
 * there may be more. */
static int
follow(struct sbatch_job *j, uint64_t max)
{
	uint64_t start;
	long nruns;

	for (;;) {
		nruns = read_runs(j, j->runs, &start, NULL);
		if (j->runs < nruns && j->off >= start) {
			j->run_round = poll_.round;
			j->queued = 0;
			if (j->runs++ > 0)
				run_again(j->run);
			run_started(j->run);
			continue;
		}
		return follow_to(j, start, max);
	}
}

/* The job has ended: the rest of its output, read to the end. */
static void
drain(struct sbatch_job *j)
{
	j->ended = 1;
	uv_timer_stop(&j->tick);
	poll_remove(j);
	while (follow(j, UINT64_MAX))
		;
	run_output_end(j->run, RUN_STDOUT, 0);
	run_output_end(j->run, RUN_STDERR, 0);
}

static void
finish(struct sbatch_job *j, int64_t status, int sig)
{
	drain(j);
	run_exited(j->run, status, sig);
}

/* A job gone without an exit status: cancelled too, in case Slurm
 * still holds it, so it never runs beside the trial's next run. */
static void
vanished(struct sbatch_job *j, const char *why)
{
	char id[32];

	snprintf(id, sizeof id, "%ld", j->id);
	slurm_scancel(id, 0, NULL, 0);
	drain(j);
	run_vanished(j->run, why);
}

/*
 * Whether the job has ended, and how. A trial that ended by itself ends
 * here at once; one stopped by something other than hpsd waits for
 * squeue: a preempted job is requeued (it waits, pending, and runs
 * again), anything else (scancel from outside, the time limit) ends it.
 * A job gone from squeue with no exit status lost its run (a failed
 * node): the trial runs again, within budget.retries.
 */
static void
decide(struct sbatch_job *j)
{
	uint64_t start;
	long nruns = read_runs(j, 0, &start, NULL);
	int status, term, have;
	char why[512];

	have = nruns > 0 && j->runs == nruns &&
	    read_exit(j, nruns - 1, &status, &term);
	if (have && (!term || j->stopping || j->listed == 0)) {
		finish(j, status, 0);
	} else if (j->listed == 0 && j->stopping) {
		finish(j, 0, SIGKILL);
	} else if (j->listed == 0 && nruns == 0) {
		snprintf(why, sizeof why, "Slurm job %ld ended without a trace"
		    " in %s: is the state directory on a file system the"
		    " compute nodes share? (see its stderr.log, and Slurm's"
		    " log of the job)", j->id, j->dir);
		vanished(j, why);
	} else if (j->listed == 0) {
		snprintf(why, sizeof why, "Slurm job %ld ended without an exit"
		    " status (a failed node, or scancel from outside hpsd)",
		    j->id);
		vanished(j, why);
	} else if (j->queued && j->runs > 0) {
		run_requeued(j->run, "requeued by Slurm (preempted, or its"
		    " node failed); it resumes when it runs again");
	} else if (j->listed == 1 && j->runs > 0) {
		/* An adopted job that runs again after it was requeued. */
		run_started(j->run);
	}
}

static void on_tick(uv_timer_t *h);

/* Read, then see whether the job ended; a large backlog a turn at a
 * time. */
static void
look(struct sbatch_job *j)
{
	int more;

	if (j->ended)
		return;
	if (!(more = follow(j, TURN_BYTES)))
		decide(j);
	if (!j->ended)
		uv_timer_start(&j->tick, on_tick, more ? 0 : TICK_MS, 0);
}

static void
on_tick(uv_timer_t *h)
{
	look(h->data);
}

static void
on_change(uv_fs_event_t *h, const char *file, int events, int status)
{
	struct sbatch_job *j = h->data;

	(void)events;
	(void)status;
	if (file == NULL || strcmp(file, "stdout.log") == 0 ||
	    strcmp(file, "runs") == 0 || strcmp(file, "exit") == 0)
		look(j);
}

/*
 * A requeued run learns HPS_RESUME_STEP from the file resume_step, which
 * hpsd keeps at the last step it stored (as of its last squeue round):
 * the job's environment is fixed when it is submitted.
 */
static void
note_step(struct sbatch_job *j)
{
	char path[4096], tmp[4096];
	double step;
	FILE *fp;

	if (j->ended || hps_store_trial_last_step(j->store, j->trial_id,
	    &step) != 0 || (j->has_step && step == j->step))
		return;
	snprintf(path, sizeof path, "%s/resume_step", j->dir);
	snprintf(tmp, sizeof tmp, "%s/resume_step.tmp", j->dir);
	if ((fp = fopen(tmp, "we")) == NULL)
		return;
	fprintf(fp, "%.15g\n", step);
	if (fclose(fp) == 0 && rename(tmp, path) == 0) {
		j->has_step = 1;
		j->step = step;
	}
}

static struct sbatch_job *
job_new(struct run *run, uv_loop_t *loop, const struct daemon *d,
    const struct trial *t, const char *dir)
{
	struct sbatch_job *j;

	if ((j = calloc(1, sizeof *j)) == NULL ||
	    (j->dir = strdup(dir)) == NULL) {
		free(j);
		return NULL;
	}
	j->run = run;
	j->loop = loop;
	j->store = d->store;
	j->trial_id = t->id;
	j->fd = -1;
	j->listed = -1;
	return j;
}

static void
job_free(struct sbatch_job *j)
{
	if (j->fd >= 0)
		close(j->fd);
	free(j->dir);
	free(j);
}

/* Watch the job's files and ask squeue about it. */
static void
watch(struct sbatch_job *j)
{
	uv_timer_init(j->loop, &j->tick);
	uv_fs_event_init(j->loop, &j->ev);
	j->tick.data = j->ev.data = j;
	j->open = 2;
	uv_fs_event_start(&j->ev, on_change, j->dir, 0);
	uv_timer_start(&j->tick, on_tick, 0, 0);
	poll_add(j);
}

/* A new run of the trial starts in the directory of its earlier ones:
 * what they left goes first, so what hpsd follows is this run's. */
static int
forget_last_run(const char *dir)
{
	static const char *const files[] = {"runs", "exit", "resume_step"};
	char path[4096];
	size_t i;
	int fd;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	outlog_remove(dir, "stdout");
	outlog_remove(dir, "stderr");
	snprintf(path, sizeof path, "%s/job.sh", dir);
	if ((fd = statedir_open_file(path, O_WRONLY | O_TRUNC)) < 0)
		return -1;
	if (write(fd, SCRIPT, sizeof SCRIPT - 1) != (ssize_t)(sizeof SCRIPT -
	    1)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* The sbatch line around a trial's argv. */
static char **
sbatch_argv(const struct exec_launch *l, const char *name)
{
	const struct slurm_conf *x = l->x->conf;
	char **v = NULL, buf[4200];
	size_t n = 0, cap = 0, i;
	int bad = 0;

	bad |= slurm_push(&v, &n, &cap, "timeout") | slurm_push(&v, &n, &cap,
	    "60") | slurm_push(&v, &n, &cap, "sbatch") | slurm_push(&v, &n,
	    &cap, "--parsable") | slurm_push(&v, &n, &cap, "--requeue") |
	    slurm_push(&v, &n, &cap, "--open-mode=append");
	snprintf(buf, sizeof buf, "--output=%s/stdout.log", l->dir);
	bad |= slurm_push(&v, &n, &cap, buf);
	snprintf(buf, sizeof buf, "--error=%s/stderr.log", l->dir);
	bad |= slurm_push(&v, &n, &cap, buf);
	snprintf(buf, sizeof buf, "--chdir=%s", l->cwd);
	bad |= slurm_push(&v, &n, &cap, buf);
	if (x->time_limit > 0) {
		snprintf(buf, sizeof buf, "--signal=B:USR1@%ld",
		    (long)x->warn);
		bad |= slurm_push(&v, &n, &cap, buf);
	}
	bad |= slurm_request(&v, &n, &cap, name, l->x);
	snprintf(buf, sizeof buf, "%s/job.sh", l->dir);
	bad |= slurm_push(&v, &n, &cap, buf);
	for (i = 0; l->argv[i] != NULL; i++)
		bad |= slurm_push(&v, &n, &cap, l->argv[i]);
	if (bad) {
		hps_argv_free(v);
		return NULL;
	}
	return v;
}

/* sbatch, waited for (it returns once slurmctld has the job): the job
 * id, or 0 with sbatch's words in msg. */
static long
submit(const struct exec_launch *l, char *msg, size_t len)
{
	char name[160], out[2048], **argv, *end;
	long id;
	int rc;

	slurm_job_name(l->t, name, sizeof name);
	if ((argv = sbatch_argv(l, name)) == NULL) {
		snprintf(msg, len, "out of memory");
		return 0;
	}
	rc = capture(argv, l->env, out, sizeof out);
	hps_argv_free(argv);
	id = strtol(out, &end, 10);
	if (rc == 0 && id > 0 && (*end == '\n' || *end == ';'))
		return id;
	out[strcspn(out, "\n")] = '\0';
	snprintf(msg, len, "sbatch failed (%s): %s", rc < 0 ? "could not run"
	    : "exit status", out[0] ? out : "no message");
	return 0;
}

static int
sbatch_start(const struct exec_launch *l, void **job, struct exec_id *id,
    char *msg, size_t len)
{
	struct sbatch_job *j;

	if ((j = job_new(l->run, l->loop, l->d, l->t, l->dir)) == NULL)
		return hps_errf(msg, len, HPS_ENOMEM, "out of memory");
	if (forget_last_run(l->dir) != 0) {
		snprintf(msg, len, "cannot write %s/job.sh: %s", l->dir,
		    strerror(errno));
		job_free(j);
		return HPS_EIO;
	}
	if ((j->id = submit(l, msg, len)) == 0) {
		job_free(j);
		return HPS_EIO;
	}
	log_info("study %s: trial %ld is Slurm job %ld", l->t->study->sp->name,
	    l->t->number, j->id);
	id->pid = j->id;
	id->start = 0;
	watch(j);
	*job = j;
	return 0;
}

/*
 * A job a previous hpsd submitted: its output is read on from a->from.
 * Runs of the job that began before that were read into already; when
 * the latest of them is not the first, the trial resumes in it.
 */
static int
sbatch_adopt(const struct exec_adopt *a, void **job, char *msg, size_t len)
{
	struct sbatch_job *j;
	uint64_t start;
	double began = 0;
	long nruns;

	if (a->id->pid <= 0)
		return hps_errf(msg, len, HPS_ENOTFOUND, "no Slurm job id was"
		    " stored");
	if ((j = job_new(a->run, a->loop, a->d, a->t, a->dir)) == NULL)
		return hps_errf(msg, len, HPS_ENOMEM, "out of memory");
	j->id = a->id->pid;
	j->off = a->from;
	nruns = read_runs(j, 0, &start, NULL);
	while (j->runs < nruns && (read_runs(j, j->runs, &start, NULL),
	    start <= j->off))
		j->runs++;
	if (j->runs > 0)
		read_runs(j, j->runs - 1, &start, &began);
	if (j->runs > 1)
		run_again(j->run);
	*a->started = began > 0 ? began : hps_store_now();
	a->gpus[0] = '\0';
	watch(j);
	*job = j;
	return 0;
}

/* scancel by id: SIGTERM to the script and every process of the trial,
 * or the job cancelled outright. */
static void
sbatch_signal(void *job, int sig)
{
	struct sbatch_job *j = job;
	char id[32];

	if (j->ended)
		return;
	j->stopping = 1;
	snprintf(id, sizeof id, "%ld", j->id);
	slurm_scancel(id, 0, sig == SIGTERM ? "TERM" : NULL, sig == SIGTERM);
}

static void
on_closed(uv_handle_t *h)
{
	struct sbatch_job *j = h->data;
	struct run *r = j->run;

	if (--j->open > 0)
		return;
	job_free(j);
	run_released(r);
}

/* An ended job, or one left to run on without hpsd (hps shutdown). */
static void
sbatch_release(void *job)
{
	struct sbatch_job *j = job;

	poll_remove(j);
	uv_close((uv_handle_t *)&j->tick, on_closed);
	uv_close((uv_handle_t *)&j->ev, on_closed);
}

/* At start-up: a job a dead hpsd left that cannot be adopted goes. */
static void
sbatch_cancel_leftover(const struct trial *t, const struct exec_id *id,
    const char *dir)
{
	char cmd[128];

	(void)dir;
	if (id->pid <= 0)
		return;
	snprintf(cmd, sizeof cmd, "timeout 10 scancel %ld 2>/dev/null",
	    id->pid);
	if (system(cmd) != 0)
		log_warn("study %s: trial %ld: scancel %ld failed",
		    t->study->sp->name, t->number, id->pid);
}

const struct executor_ops exec_sbatch_ops = {
	.name = "slurm",
	.spec = NULL,
	.queues = 1,
	.keeps_output = 1,
	.configure = slurm_configure,
	.unconfigure = slurm_unconfigure,
	.start = sbatch_start,
	.signal = sbatch_signal,
	.release = sbatch_release,
	.adopt = sbatch_adopt,
	.cancel_leftover = sbatch_cancel_leftover,
};
