/*
 * Starting a trial's process. posix_spawn (a vfork-style clone in glibc)
 * costs a fraction of libuv's uv_spawn, which forks a copy of the whole
 * daemon and waits on a pipe until the child has exec'd; at hundreds of
 * trials a second that fork was a quarter of the daemon's CPU. The child
 * gets its own session (so its own process group), stdin on /dev/null,
 * stdout and stderr on pipes the loop reads, the trial's directory as
 * cwd and default signal dispositions; its exit is watched through a
 * pidfd polled by the loop, and reaped with waitpid. The pipes are read
 * here and what arrives goes to the owner's callbacks. This is how the
 * srun executor runs a trial (exec-slurm.c); the local one runs a keeper
 * (kept.c), which finds the trial's program the same way.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

int
child_resolve(const char *file, char *const *env, const char *cwd, char *buf,
    size_t len)
{
	const char *path = "/usr/local/bin:/usr/bin:/bin", *p;
	size_t i, n;

	if (strchr(file, '/') != NULL) {
		snprintf(buf, len, "%s", file);
		return 0;
	}
	for (i = 0; env[i] != NULL; i++)
		if (strncmp(env[i], "PATH=", 5) == 0)
			path = env[i] + 5;
	for (p = path; *p != '\0'; p += n + (p[n] == ':')) {
		n = strcspn(p, ":");
		if (n == 0)
			snprintf(buf, len, "%s/%s", cwd, file);
		else if (*p == '/')
			snprintf(buf, len, "%.*s/%s", (int)n, p, file);
		else
			snprintf(buf, len, "%s/%.*s/%s", cwd, (int)n, p, file);
		if (access(buf, X_OK) == 0)
			return 0;
	}
	return ENOENT;
}

static void
on_exit_ready(uv_poll_t *w, int status, int events)
{
	struct child *c = w->data;
	int st;

	(void)status;
	(void)events;
	if (waitpid(c->pid, &st, WNOHANG) != c->pid)
		return;
	uv_poll_stop(w);
	c->exited = 1;
	c->exit_cb(c, WIFEXITED(st) ? WEXITSTATUS(st) : 0,
	    WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static int
start(struct child *c, const char *path, char *const *argv,
    char *const *env, const char *cwd, int out, int err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int rc;

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, err, 2);
	posix_spawn_file_actions_addchdir_np(&fa, cwd);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	rc = posix_spawn(&c->pid, path, &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

static void
on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	static char chunk[64 * 1024];

	(void)h;
	(void)suggested;
	*buf = uv_buf_init(chunk, sizeof chunk);
}

static void
on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct child *c = s->data;
	int which = s == (uv_stream_t *)&c->err;

	if (n > 0)
		c->output_cb(c, which, buf->base, (size_t)n);
	else if (n < 0) {
		uv_read_stop(s);
		c->eof_cb(c, which);
	}
}

/* Watch the exit through a pidfd; on failure the child is stopped. */
static int
watch(uv_loop_t *loop, struct child *c)
{
	int rc;

	errno = 0;
	if ((c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0)) >= 0 &&
	    uv_poll_init(loop, &c->watch, c->pidfd) == 0)
		return 0;
	/* A child nobody watches would never be reaped: stop it. */
	rc = errno ? errno : EIO;
	kill(c->pid, SIGKILL);
	waitpid(c->pid, NULL, 0);
	if (c->pidfd >= 0)
		close(c->pidfd);
	return rc;
}

static void
read_pipe(uv_loop_t *loop, struct child *c, uv_pipe_t *p, int fd)
{
	uv_pipe_init(loop, p, 0);
	uv_pipe_open(p, fd);
	p->data = c;
	uv_read_start((uv_stream_t *)p, on_alloc, on_read);
}

int
child_spawn(uv_loop_t *loop, struct child *c, char *const *argv,
    char *const *env, const char *cwd, char *err, size_t errlen)
{
	char path[4096];
	int o[2] = {-1, -1}, e[2] = {-1, -1}, rc;

	if ((rc = child_resolve(argv[0], env, cwd, path, sizeof path)) != 0)
		goto fail;
	if (pipe2(o, O_CLOEXEC) != 0 || pipe2(e, O_CLOEXEC) != 0) {
		rc = errno;
		goto fail;
	}
	if ((rc = start(c, path, argv, env, cwd, o[1], e[1])) != 0)
		goto fail;
	close(o[1]);
	close(e[1]);
	o[1] = e[1] = -1;
	c->exited = 0;
	if ((rc = watch(loop, c)) != 0)
		goto fail;
	c->watch.data = c;
	uv_poll_start(&c->watch, UV_READABLE, on_exit_ready);
	read_pipe(loop, c, &c->out, o[0]);
	read_pipe(loop, c, &c->err, e[0]);
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (o[i] >= 0)
			close(o[i]);
		if (e[i] >= 0)
			close(e[i]);
	}
	return hps_errf(err, errlen, rc == ENOENT ? HPS_ENOTFOUND : rc ==
	    ENOMEM ? HPS_ENOMEM : HPS_EIO, "cannot run '%s' in %s: %s",
	    argv[0], cwd, strerror(rc));
}

static void
on_handle_close(uv_handle_t *h)
{
	struct child *c = h->data;

	if (h == (uv_handle_t *)&c->watch) {
		close(c->pidfd);
		c->pidfd = -1;
	}
	if (--c->open == 0)
		c->closed_cb(c);
}

void
child_close(struct child *c, void (*closed_cb)(struct child *c))
{
	c->closed_cb = closed_cb;
	c->open = 3;
	uv_close((uv_handle_t *)&c->watch, on_handle_close);
	uv_close((uv_handle_t *)&c->out, on_handle_close);
	uv_close((uv_handle_t *)&c->err, on_handle_close);
}

void
child_signal(struct child *c, int sig)
{
	if (kill(-c->pid, sig) != 0 && errno != ESRCH)
		log_warn("kill(-%d, %d): %s", c->pid, sig, strerror(errno));
}

/*
 * What a dead hpsd left of a trial's process group: killed, if its
 * leader is still the process that was started (a reused PID is not).
 */
void
child_kill_leftover(const struct trial *t, long pgid,
    unsigned long long started)
{
	if (pgid <= 0 || !proc_is(pgid, started))
		return;
	log_warn("study %s: trial %ld: killing its leftover processes"
	    " (group %ld)", t->study->sp->name, t->number, pgid);
	kill(-(pid_t)pgid, SIGKILL);
}
