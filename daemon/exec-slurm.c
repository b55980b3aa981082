/*
 * The Slurm executor (`executor: {type: slurm, submit, partition,
 * cpus_per_trial, mem, gpus, time_limit, warn_before, extra_args}`): the
 * section, and the srun way of running a trial (`submit: srun`, for an
 * interactive allocation; the batch way, the default, is exec-sbatch.c).
 * Under srun a trial is its own command under `srun -u` (stdout on a pty
 * so it streams; see shared/slurm-notes.md), named hps-<study>-<trial> so
 * it can be found again; it waits in Slurm's queue (pending) until its
 * task announces itself on stderr. It is stopped with `scancel
 * --signal=TERM` and then `scancel`, never by killing srun's process
 * group, which would leak the allocation; it holds no local slot, since
 * Slurm manages the cluster's resources, and it ends with hpsd.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"
#include "slurm.h"

/* The first line of stderr a Slurm trial writes when its task starts. */
#define STARTED_MARK "hpsd: slurm task started"

static const struct hps_optspec slurm_spec[] = {
	{"submit", HPS_OPTSPEC_STR, 0, 0, "sbatch|srun"},
	{"partition", HPS_OPTSPEC_STR, 0, 0, NULL},
	{"cpus_per_trial", HPS_OPTSPEC_INT, 1, 4096, NULL},
	{"mem", HPS_OPTSPEC_STR, 0, 0, NULL},
	{"time_limit", HPS_OPTSPEC_STR, 0, 0, NULL},
	{"warn_before", HPS_OPTSPEC_STR, 0, 0, NULL},
	{"extra_args", HPS_OPTSPEC_LIST, 0, 0, NULL},
	{NULL, 0, 0, 0, NULL},
};

/* A trial under srun: the srun process, first, as child_close frees. */
struct slurm_job {
	struct child c;
	int started;
	char name[160];			/* hps-<study>-<trial> */
};

/* The largest CPU count of a node in the partition (sinfo), or -1. */
static long
partition_cpus(const char *partition)
{
	char cmd[512], line[64];
	long most = -1, n;
	FILE *fp;

	snprintf(cmd, sizeof cmd, "timeout 10 sinfo -h -o %%c%s%s 2>/dev/null",
	    partition ? " -p " : "", partition ? partition : "");
	if ((fp = popen(cmd, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL)
		if ((n = strtol(line, NULL, 10)) > most)
			most = n;
	pclose(fp);
	return most;
}

/* A Slurm request no node can ever satisfy fails now, not in the queue. */
static int
check_cluster(const struct hps_space *sp, const struct slurm_conf *x,
    char *err, size_t errlen)
{
	const struct hps_section *s = hps_space_section(sp, "executor");
	const struct hps_opt *o = hps_section_get(s, "cpus_per_trial");
	long most = partition_cpus(x->partition);

	if (most < 0)
		return hps_errf(err, errlen, HPS_EINVAL, "%s: executor slurm: no"
		    " Slurm cluster answers (sinfo failed%s%s); is SLURM_CONF"
		    " set for hpsd?", sp->path, x->partition ? " for partition "
		    : "", x->partition ? x->partition : "");
	if (x->cpus > most)
		return hps_space_errat(sp, o->line, o->col, err, errlen,
		    "executor.cpus_per_trial is %d, but no node in %s has more"
		    " than %ld CPUs; the trials would wait forever", x->cpus,
		    x->partition ? x->partition : "the default partition", most);
	return 0;
}

static int
read_config(const struct hps_space *sp, const struct hps_section *s,
    struct slurm_conf *x, char *err, size_t errlen)
{
	const struct hps_opt *o;
	const char *tl;

	x->partition = hps_section_str(s, "partition", NULL);
	x->cpus = (int)hps_section_num(s, "cpus_per_trial", 1);
	x->mem = hps_section_str(s, "mem", NULL);
	if ((tl = hps_section_str(s, "time_limit", NULL)) != NULL &&
	    (x->time_limit = hps_parse_duration(tl)) <= 0) {
		o = hps_section_get(s, "time_limit");
		return hps_space_errat(sp, o->line, o->col, err, errlen,
		    "executor.time_limit must be a duration like 90m or 2h");
	}
	x->warn = 60;
	if ((tl = hps_section_str(s, "warn_before", NULL)) != NULL &&
	    (x->warn = hps_parse_duration(tl)) <= 0) {
		o = hps_section_get(s, "warn_before");
		return hps_space_errat(sp, o->line, o->col, err, errlen,
		    "executor.warn_before must be a duration like 60s or 5m");
	}
	if ((o = hps_section_get(s, "extra_args")) != NULL) {
		x->extra = (const char *const *)o->list;
		x->nextra = o->nlist;
	}
	return 0;
}

/* Both ways of submitting read the section here; sbatch's ops take over
 * the executor unless it says `submit: srun`. */
int
slurm_configure(struct executor *x, const struct daemon *d,
    const struct hps_space *sp, char *err, size_t errlen)
{
	const struct hps_section *s = hps_space_section(sp, "executor");
	struct slurm_conf *c;
	int rc;

	(void)d;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	x->conf = c;
	if ((rc = read_config(sp, s, c, err, errlen)) != 0)
		return rc;
	if (strcmp(hps_section_str(s, "submit", "sbatch"), "sbatch") == 0)
		x->ops = &exec_sbatch_ops;
	return check_cluster(sp, c, err, errlen);
}

void
slurm_unconfigure(struct executor *x)
{
	free(x->conf);
}

int
slurm_push(char ***v, size_t *n, size_t *cap, const char *s)
{
	char **grown;

	if (*n + 2 > *cap) {
		*cap = *cap ? *cap * 2 : 32;
		if ((grown = realloc(*v, *cap * sizeof **v)) == NULL)
			return -1;
		*v = grown;
	}
	if (((*v)[(*n)++] = strdup(s)) == NULL)
		return -1;
	(*v)[*n] = NULL;
	return 0;
}

int
slurm_request(char ***v, size_t *n, size_t *cap, const char *name,
    const struct executor *ex)
{
	const struct slurm_conf *x = ex->conf;
	char buf[160];
	size_t i;
	int bad = 0;

	bad |= slurm_push(v, n, cap, "-J") | slurm_push(v, n, cap, name);
	snprintf(buf, sizeof buf, "--cpus-per-task=%d", x->cpus);
	bad |= slurm_push(v, n, cap, buf);
	if (x->partition != NULL) {
		snprintf(buf, sizeof buf, "--partition=%s", x->partition);
		bad |= slurm_push(v, n, cap, buf);
	}
	if (x->mem != NULL) {
		snprintf(buf, sizeof buf, "--mem=%s", x->mem);
		bad |= slurm_push(v, n, cap, buf);
	}
	if (ex->gpus > 0) {
		snprintf(buf, sizeof buf, "--gres=gpu:%d", ex->gpus);
		bad |= slurm_push(v, n, cap, buf);
	}
	if (x->time_limit > 0) {
		snprintf(buf, sizeof buf, "--time=%ld",
		    (long)((x->time_limit + 59) / 60));
		bad |= slurm_push(v, n, cap, buf);
	}
	for (i = 0; i < x->nextra; i++)
		bad |= slurm_push(v, n, cap, x->extra[i]);
	return bad;
}

/*
 * The srun line around a trial's argv. The task announces itself on
 * stderr before exec'ing the command, so the daemon can tell a trial
 * waiting in Slurm's queue (pending) from one that runs.
 */
static char **
wrap(const char *name, const struct executor *ex, char **argv)
{
	char **v = NULL;
	size_t n = 0, cap = 0, i;
	int bad = 0;

	bad |= slurm_push(&v, &n, &cap, "srun") | slurm_push(&v, &n, &cap,
	    "-u") | slurm_push(&v, &n, &cap, "-n1") | slurm_request(&v, &n,
	    &cap, name, ex);
	bad |= slurm_push(&v, &n, &cap, "/bin/sh") | slurm_push(&v, &n, &cap,
	    "-c") | slurm_push(&v, &n, &cap, "echo '" STARTED_MARK "' >&2;"
	    " exec \"$@\"") | slurm_push(&v, &n, &cap, "hps-trial");
	for (i = 0; argv[i] != NULL; i++)
		bad |= slurm_push(&v, &n, &cap, argv[i]);
	if (bad) {
		hps_argv_free(v);
		return NULL;
	}
	return v;
}

static void
on_eof(struct child *c, int which)
{
	run_output_end(c->data, which ? RUN_STDERR : RUN_STDOUT, 0);
}

static void
on_child_exit(struct child *c, int64_t status, int sig)
{
	run_exited(c->data, status, sig);
}

void
slurm_job_name(const struct trial *t, char *buf, size_t len)
{
	snprintf(buf, len, "hps-%s-%ld", t->study->sp->name, t->number);
}

/* Stderr until the task's mark: the trial leaves the queue there. */
static void
on_output(struct child *c, int which, const char *p, size_t n)
{
	struct slurm_job *j = (struct slurm_job *)c;

	if (which == 1 && !j->started &&
	    memmem(p, n, STARTED_MARK, sizeof STARTED_MARK - 1) != NULL) {
		j->started = 1;
		run_started(c->data);
	}
	run_output(c->data, which ? RUN_STDERR : RUN_STDOUT, p, n);
}

static int
slurm_start(const struct exec_launch *l, void **job, struct exec_id *id,
    char *msg, size_t len)
{
	struct slurm_job *j;
	char **argv;
	int rc;

	if ((j = calloc(1, sizeof *j)) == NULL)
		return hps_errf(msg, len, HPS_ENOMEM, "out of memory");
	slurm_job_name(l->t, j->name, sizeof j->name);
	if ((argv = wrap(j->name, l->x, l->argv)) == NULL) {
		free(j);
		return hps_errf(msg, len, HPS_ENOMEM, "out of memory");
	}
	j->c.data = l->run;
	j->c.output_cb = on_output;
	j->c.eof_cb = on_eof;
	j->c.exit_cb = on_child_exit;
	rc = child_spawn(l->loop, &j->c, argv, l->env, l->cwd, msg, len);
	hps_argv_free(argv);
	if (rc != 0) {
		free(j);
		return rc;
	}
	id->pid = j->c.pid;
	if (proc_start_time(j->c.pid, &id->start) != 0)
		id->start = 0;
	*job = j;
	return 0;
}

/*
 * The grandchild does the work, so no zombie waits on the daemon. With
 * `--full` a signal reaches the batch script as well as its children;
 * Slurm 22.05 then signalled nothing of an srun job's task (it has no
 * batch step: tests/e2e/slurm.sh checks this), so srun jobs go without.
 */
void
slurm_scancel(const char *target, int by_name, const char *sig, int full)
{
	char opt[64];
	char *argv[8];
	int n = 0;
	pid_t pid;

	if ((pid = fork()) != 0) {
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return;
	}
	if (fork() == 0) {
		argv[n++] = "scancel";
		if (sig != NULL) {
			snprintf(opt, sizeof opt, "--signal=%s", sig);
			argv[n++] = opt;
		}
		if (full)
			argv[n++] = "--full";
		if (by_name)
			argv[n++] = "--name";
		argv[n++] = (char *)target;
		argv[n] = NULL;
		execvp("scancel", argv);
	}
	_exit(0);
}

/* Through Slurm while srun runs; what outlives it, to its group. */
static void
slurm_signal(void *job, int sig)
{
	struct slurm_job *j = job;

	if (j->c.exited)
		child_signal(&j->c, sig);
	else
		slurm_scancel(j->name, 1, sig == SIGTERM ? "TERM" : NULL, 0);
}

static void
on_closed(struct child *c)
{
	struct run *r = c->data;

	free(c);
	run_released(r);
}

static void
slurm_release(void *job)
{
	child_close(job, on_closed);
}

/* At start-up: a job a dead daemon left in Slurm is cancelled for good. */
static void
slurm_cancel_leftover(const struct trial *t, const struct exec_id *id,
    const char *dir)
{
	char name[160], cmd[256];

	(void)dir;
	child_kill_leftover(t, id->pid, id->start);
	slurm_job_name(t, name, sizeof name);
	snprintf(cmd, sizeof cmd, "timeout 10 scancel --name '%s' 2>/dev/null",
	    name);
	if (system(cmd) != 0)
		log_warn("scancel --name %s failed", name);
}

const struct executor_ops exec_slurm_ops = {
	.name = "slurm",
	.spec = slurm_spec,
	.queues = 1,
	.configure = slurm_configure,
	.unconfigure = slurm_unconfigure,
	.start = slurm_start,
	.signal = slurm_signal,
	.release = slurm_release,
	.cancel_leftover = slurm_cancel_leftover,
};
