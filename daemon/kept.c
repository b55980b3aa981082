/*
 * A trial run by a keeper (keeper.c), as the daemon sees it: the keeper
 * started in a session of its own, its exit watched through a pidfd, the
 * trial's stdout followed in the files the keeper writes (woken by inotify
 * on the trial directory, and by a slow timer where the file system sends
 * no events), and at the end the exit status read from the keeper's state
 * file. Nothing here holds the trial: a daemon that dies or lets go
 * (hps shutdown) leaves the keeper running, and the next one adopts it
 * again, found by the keeper's pid and start time (never a reused pid),
 * reading on from the stdout offset it stored with the metrics.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

/* The backup poll of the output, for file systems without inotify. */
#define TICK_MS 1000
/* Bytes read in one turn of the loop before it serves others. */
#define TURN_BYTES (4 << 20)

struct kept {
	struct run *run;
	uv_loop_t *loop;
	char *dir;
	uint64_t cap;
	pid_t pid;			/* the keeper */
	unsigned long long start;
	int pidfd;
	uv_poll_t watch;		/* the keeper's exit */
	uv_fs_event_t ev;		/* the trial directory changed */
	uv_timer_t tick;		/* read again */
	uint64_t off;			/* stdout bytes handed on */
	int fd;				/* the open segment of stdout, or -1 */
	long fd_seg;
	int gone;			/* the keeper has exited */
	int skipped;			/* output rotated away unread */
	int open;			/* handles not yet closed */
};

/*
 * The keeper beside hpsd (a build tree), else where the install puts it
 * relative to hpsd (HPSD_KEEPER_REL, e.g. ../libexec/hpsd): found from
 * hpsd's own path, so an installed tree moved elsewhere still works.
 */
static int
find_keeper(struct daemon *d)
{
	static const char *const rel[] = {".", HPSD_KEEPER_REL};
	char self[PATH_MAX];
	ssize_t n;
	size_t i;

	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) < 0)
		return -1;
	self[n] = '\0';
	dirname(self);
	for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
		free(d->keeper_buf);
		if (asprintf(&d->keeper_buf, "%s/%s/" KEEPER_NAME, self,
		    rel[i]) < 0) {
			d->keeper_buf = NULL;
			return -1;
		}
		d->keeper = d->keeper_buf;
		if (access(d->keeper, X_OK) == 0)
			return 0;
	}
	return -1;
}

int
kept_init(struct daemon *d, enum track_mode most)
{
	char why[512];

	if (d->keeper == NULL ? find_keeper(d) != 0 :
	    access(d->keeper, X_OK) != 0)
		return -1;
	track_detect(&d->track, most, why, sizeof why);
	log_info("trials are tracked with %s%s%s%s",
	    track_mode_name(d->track.mode), why[0] ? " (" : "", why,
	    why[0] ? ")" : "");
	return 0;
}

/* The segment holding stream offset off, opened; -1 with errno EAGAIN
 * while it is not there yet (or being rotated), ENOENT when it is gone. */
static int
open_seg(struct kept *k, long seg)
{
	struct keep_state a, b;
	int fd, err;

	if (seg == 0)
		return outlog_open_seg(k->dir, "stdout", 0, 0);
	if (keepfile_read(k->dir, &a) != 0 || a.rotating || seg > a.out_seg) {
		errno = EAGAIN;
		return -1;
	}
	fd = outlog_open_seg(k->dir, "stdout", seg, a.out_seg);
	err = errno;
	/* A rotation between the two reads may have moved the file. */
	if (keepfile_read(k->dir, &b) != 0 || b.gen != a.gen) {
		if (fd >= 0)
			close(fd);
		errno = EAGAIN;
		return -1;
	}
	errno = err;
	return fd;
}

/* Past a segment the keeper rotated away before it was read. */
static void
skip_to(struct kept *k, long seg)
{
	struct outlog_where w;

	outlog_where(k->cap, k->off, &w);
	if (k->skipped++ == 0)
		log_warn("%s: stdout rotated away before it was read; the"
		    " metrics of %s.tail.1.log on are read", k->dir, "stdout");
	while (w.seg < seg) {
		k->off = w.end;
		outlog_where(k->cap, k->off, &w);
	}
}

/* Hand on what the files hold past k->off, up to max bytes; whether
 * there may be more. */
static int
follow(struct kept *k, uint64_t max)
{
	struct keep_state ks;
	struct outlog_where w;
	uint64_t got = 0;
	char buf[65536];
	ssize_t n;

	while (got < max) {
		outlog_where(k->cap, k->off, &w);
		if (k->fd >= 0 && k->fd_seg != w.seg) {
			close(k->fd);
			k->fd = -1;
		}
		if (k->fd < 0 && (k->fd = open_seg(k, w.seg)) < 0) {
			if (errno != ENOENT || w.seg == 0 ||
			    keepfile_read(k->dir, &ks) != 0)
				return 0;
			skip_to(k, ks.out_seg - 1);
			continue;
		}
		k->fd_seg = w.seg;
		n = pread(k->fd, buf, w.end - k->off < sizeof buf ?
		    (size_t)(w.end - k->off) : sizeof buf,
		    (off_t)(k->off - w.base));
		if (n <= 0)
			return 0;
		k->off += (uint64_t)n;
		got += (uint64_t)n;
		run_output(k->run, RUN_STDOUT, buf, (size_t)n);
	}
	return 1;
}

static void on_tick(uv_timer_t *h);
static void ended(struct kept *k);

/* Read what arrived; a large backlog is read a turn at a time. */
static void
catch_up(struct kept *k)
{
	if (k->gone)
		return;
	uv_timer_start(&k->tick, on_tick, follow(k, TURN_BYTES) ? 0 :
	    TICK_MS, 0);
}

/*
 * Each tick also looks at the keeper itself: its exit notice (the pidfd
 * turning readable) ends a run at once, and a keeper found gone here ends
 * it all the same, whether the notice never came or could not be set up
 * (the keeper was gone before hpsd watched it).
 */
static void
on_tick(uv_timer_t *h)
{
	struct kept *k = h->data;

	if (k->gone)
		return;
	if (!proc_is(k->pid, k->start)) {
		if (k->open == 3)
			uv_poll_stop(&k->watch);
		ended(k);
		return;
	}
	catch_up(k);
}

static void
on_change(uv_fs_event_t *h, const char *file, int events, int status)
{
	struct kept *k = h->data;

	(void)events;
	(void)status;
	if (file == NULL || strncmp(file, "stdout", 6) == 0 ||
	    strcmp(file, KEEPFILE_NAME) == 0)
		catch_up(k);
}

/* What is left of a trial whose keeper is gone without saying how it
 * ended: its cgroup, or its leader's process group. */
static void
kill_rest(const struct keep_state *ks)
{
	struct tgroup g;

	if (tgroup_from_file(&g, ks->track, ks->group, (pid_t)ks->pid,
	    ks->start) == 0)
		tgroup_signal(&g, SIGKILL);
	if (ks->leader > 0 && proc_is(ks->leader, ks->leader_start))
		kill(-(pid_t)ks->leader, SIGKILL);
}

/* The keeper has exited: the rest of the output, then how it ended. */
static void
ended(struct kept *k)
{
	struct keep_state ks;
	int rc;

	k->gone = 1;
	uv_timer_stop(&k->tick);
	waitpid(k->pid, NULL, WNOHANG);		/* when it is ours */
	if ((rc = keepfile_read(k->dir, &ks)) != 0 || ks.pid != k->pid ||
	    ks.start != k->start || !ks.done) {
		if (rc == 0 && ks.pid == k->pid && ks.start == k->start)
			kill_rest(&ks);
		while (follow(k, UINT64_MAX))
			;
		run_output_end(k->run, RUN_STDOUT, 0);
		run_output_end(k->run, RUN_STDERR, rc == 0 ? ks.err_seg : 0);
		run_vanished(k->run, "its keeper ended without saying how the"
		    " trial ended");
		return;
	}
	while (follow(k, UINT64_MAX))
		;
	run_output_end(k->run, RUN_STDOUT, ks.out_seg);
	run_output_end(k->run, RUN_STDERR, ks.err_seg);
	run_exited(k->run, ks.status, ks.sig);
}

static void
on_exit_ready(uv_poll_t *w, int status, int events)
{
	struct kept *k = w->data;

	(void)status;
	(void)events;
	uv_poll_stop(w);
	ended(k);
}

/*
 * Watch the keeper and its files. A keeper that is already gone (it
 * finished while no daemon ran) ends on the next turn of the loop.
 */
static void
watch(struct kept *k)
{
	uv_timer_init(k->loop, &k->tick);
	uv_fs_event_init(k->loop, &k->ev);
	k->tick.data = k->ev.data = k->watch.data = k;
	k->open = 2;
	uv_fs_event_start(&k->ev, on_change, k->dir, 0);
	if ((k->pidfd = (int)syscall(SYS_pidfd_open, k->pid, 0)) >= 0 &&
	    proc_is(k->pid, k->start) &&
	    uv_poll_init(k->loop, &k->watch, k->pidfd) == 0) {
		k->open = 3;
		uv_poll_start(&k->watch, UV_READABLE, on_exit_ready);
		/* The first read comes from the loop, as every later one:
		 * an adoption happens before the daemon serves. */
		uv_timer_start(&k->tick, on_tick, 0, 0);
		return;
	}
	if (k->pidfd >= 0)
		close(k->pidfd);
	k->pidfd = -1;
	uv_timer_start(&k->tick, on_tick, 0, 0);
}

static struct kept *
kept_new(struct run *run, uv_loop_t *loop, const char *dir, uint64_t cap)
{
	struct kept *k;

	if ((k = calloc(1, sizeof *k)) == NULL ||
	    (k->dir = strdup(dir)) == NULL) {
		free(k);
		return NULL;
	}
	k->run = run;
	k->loop = loop;
	k->cap = outlog_cap(cap);
	k->fd = -1;
	k->pidfd = -1;
	return k;
}

static void
kept_free(struct kept *k)
{
	if (k->fd >= 0)
		close(k->fd);
	free(k->dir);
	free(k);
}

/* The keeper's command line around the trial's program and argv. */
static char **
keeper_argv(const struct daemon *d, const char *dir, const char *path,
    char **argv)
{
	char cap[32], grace[32], **v;
	size_t n = 0, i, argc = 0;

	while (argv[argc] != NULL)
		argc++;
	if ((v = calloc(argc + 16, sizeof *v)) == NULL)
		return NULL;
	snprintf(cap, sizeof cap, "%llu", (unsigned long long)d->log_cap);
	snprintf(grace, sizeof grace, "%ld", (long)(d->grace * 1000));
	v[n++] = strdup(d->keeper);
	v[n++] = strdup("-d");
	v[n++] = strdup(dir);
	v[n++] = strdup("-c");
	v[n++] = strdup(cap);
	v[n++] = strdup("-g");
	v[n++] = strdup(grace);
	v[n++] = strdup("-m");
	v[n++] = strdup(track_mode_name(d->track.mode));
	v[n++] = strdup("-p");
	v[n++] = strdup(d->track.parent);
	if (d->track.freezer)
		v[n++] = strdup("-F");
	v[n++] = strdup("--");
	v[n++] = strdup(path);
	for (i = 0; i < argc; i++)
		v[n++] = strdup(argv[i]);
	for (i = 0; i < n; i++)
		if (v[i] == NULL) {
			hps_argv_free(v);
			return NULL;
		}
	return v;
}

/* posix_spawn the keeper: a session of its own, no stdio of ours. */
static int
spawn(pid_t *pid, char **argv, char *const *env, const char *cwd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t held, all;
	int rc;

	/* The keeper starts with the signals it takes from the daemon
	 * blocked, so one sent at once waits for it instead of killing it. */
	sigemptyset(&held);
	sigaddset(&held, SIGTERM);
	sigaddset(&held, SIGUSR1);
	sigaddset(&held, SIGCHLD);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addchdir_np(&fa, cwd);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&at, &held);
	posix_spawnattr_setsigdefault(&at, &all);
	rc = posix_spawn(pid, argv[0], &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* The trial's program as the keeper runs it (from its cwd), checked
 * here so a trial that cannot run fails at once with the reason. */
static int
program(const struct exec_launch *l, char *path, size_t len)
{
	char found[PATH_MAX];
	int rc;

	if ((rc = child_resolve(l->argv[0], l->env, l->cwd, found,
	    sizeof found)) != 0)
		return rc;
	if ((size_t)snprintf(path, len, "%s%s%s", found[0] == '/' ? "" :
	    l->cwd, found[0] == '/' ? "" : "/", found) >= len)
		return ENAMETOOLONG;
	return access(path, X_OK) == 0 ? 0 : errno;
}

/*
 * A re-run of a trial (lost, paused, retried) starts in the directory of
 * its earlier run: that run's output and state file go first, so what the
 * daemon follows from offset 0 is this run's, never what the new keeper
 * has not truncated yet.
 */
static void
forget_last_run(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", dir, KEEPFILE_NAME);
	unlink(path);
	outlog_remove(dir, "stdout");
	outlog_remove(dir, "stderr");
}

int
kept_start(const struct exec_launch *l, const struct daemon *d,
    void **job, struct exec_id *id, char *msg, size_t len)
{
	char path[PATH_MAX], **argv;
	struct kept *k;
	int rc;

	if ((rc = program(l, path, sizeof path)) != 0)
		return hps_errf(msg, len, HPS_ENOTFOUND, "cannot run '%s' in"
		    " %s: %s", l->argv[0], l->cwd, strerror(rc));
	if ((k = kept_new(l->run, l->loop, l->dir, d->log_cap)) == NULL ||
	    (argv = keeper_argv(d, l->dir, path, l->argv)) == NULL) {
		if (k != NULL)
			kept_free(k);
		return hps_errf(msg, len, HPS_ENOMEM, "out of memory");
	}
	forget_last_run(l->dir);
	rc = spawn(&k->pid, argv, l->env, l->cwd);
	hps_argv_free(argv);
	if (rc != 0) {
		kept_free(k);
		return hps_errf(msg, len, HPS_EIO, "cannot run %s: %s",
		    d->keeper, strerror(rc));
	}
	if (proc_start_time(k->pid, &k->start) != 0)
		k->start = 0;
	id->pid = k->pid;
	id->start = k->start;
	watch(k);
	*job = k;
	return 0;
}

int
kept_adopt(const struct exec_adopt *a, uint64_t cap, void **job,
    char *msg, size_t len)
{
	struct keep_state ks;
	struct kept *k;

	if (a->dir == NULL || keepfile_read(a->dir, &ks) != 0 ||
	    ks.pid != a->id->pid || ks.start != a->id->start)
		return hps_errf(msg, len, HPS_ENOTFOUND, "no keeper's state"
		    " of this run in %s", a->dir ? a->dir : "its directory");
	if (!ks.done && !proc_is(ks.pid, ks.start))
		return hps_errf(msg, len, HPS_ENOTFOUND, "its keeper is gone"
		    " without saying how the trial ended");
	if ((k = kept_new(a->run, a->loop, a->dir, cap)) == NULL)
		return hps_errf(msg, len, HPS_ENOMEM, "out of memory");
	k->pid = (pid_t)ks.pid;
	k->start = ks.start;
	k->off = a->from;
	*a->started = ks.started;
	/* The trial's environment is its keeper's. */
	if (ks.done || proc_env(ks.pid, "CUDA_VISIBLE_DEVICES", a->gpus,
	    a->gpuslen) != 0)
		a->gpus[0] = '\0';
	watch(k);
	*job = k;
	return 0;
}

void
kept_signal(void *job, int sig)
{
	struct kept *k = job;

	if (k->pidfd >= 0 && !k->gone)
		syscall(SYS_pidfd_send_signal, k->pidfd, sig == SIGKILL ?
		    SIGUSR1 : sig, NULL, 0);
}

static void
on_closed(uv_handle_t *h)
{
	struct kept *k = h->data;
	struct run *r = k->run;

	if (--k->open > 0)
		return;
	if (k->pidfd >= 0)
		close(k->pidfd);
	kept_free(k);
	run_released(r);
}

void
kept_release(void *job)
{
	struct kept *k = job;

	uv_close((uv_handle_t *)&k->tick, on_closed);
	uv_close((uv_handle_t *)&k->ev, on_closed);
	if (k->open == 3)
		uv_close((uv_handle_t *)&k->watch, on_closed);
}

void
kept_cancel_leftover(const struct trial *t, const struct exec_id *id,
    const char *dir)
{
	struct keep_state ks;

	if (dir == NULL || keepfile_read(dir, &ks) != 0 ||
	    ks.pid != id->pid || ks.start != id->start) {
		child_kill_leftover(t, id->pid, id->start);
		return;
	}
	log_warn("study %s: trial %ld: stopping what is left of it",
	    t->study->sp->name, t->number);
	kill_rest(&ks);
	/* The keeper goes too, before it can write over the state file of
	 * the trial's next run. */
	if (proc_is(ks.pid, ks.start))
		kill((pid_t)ks.pid, SIGKILL);
}
