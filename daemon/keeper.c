/*
 * hpsd-keeper: runs one trial for hpsd and outlives it. hpsd starts a
 * keeper per local trial, in a session of its own; the keeper starts the
 * trial in a group that holds every process it makes (track.c), copies
 * its stdout and stderr into capped files of the trial directory
 * (outlog.c) and, when the trial's first process has exited, stops what
 * is left of the group (SIGTERM, SIGKILL after the grace period), reaps
 * everything and writes the exit status to the state file (keepfile.c).
 * No pipe reader and no exit status depends on the daemon: a daemon that
 * dies and starts again finds the keeper (or its state file) and goes on.
 *
 * The daemon stops a trial through the keeper: SIGTERM is passed to every
 * process of the trial, and SIGKILL follows after the grace period unless
 * they are gone; SIGUSR1 kills them all at once. Other signals are
 * ignored: the keeper ends when its trial has.
 *
 *   hpsd-keeper -d DIR -c CAP -g GRACE_MS -m MODE [-p PARENT] [-F]
 *               -- PROGRAM ARGV0 ARG...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keeper.h"

/* How long output held by a killed process is waited for. */
#define GIVE_UP_MS 2000
/* How often a group that outlived its pipes is looked at again. */
#define RECHECK_MS 100

struct keeper {
	const char *dir;
	struct keep_state st;
	struct tgroup g;
	struct outlog log[2];	/* stdout, stderr */
	int fd[2];		/* their pipes, -1 at EOF */
	/* What a full disk did not take yet: the pipe is not read until it
	 * is written (the trial waits on its output, nothing is lost). */
	char held[2][65536];
	size_t nheld[2];
	int sfd;		/* signalfd */
	pid_t leader;
	int reaped;		/* the leader's status is in st */
	long grace_ms;
	long long kill_at;	/* when SIGKILL is due, 0: not */
	long long give_up_at;	/* when output is no longer waited for */
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
wall(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

/* The state file follows each rotation: a reader of a tail file checks
 * that no rotation happened around its open. */
static void
on_rotate(struct outlog *o, int phase, void *arg)
{
	struct keeper *k = arg;

	k->st.rotating = phase == 0;
	k->st.out_seg = k->log[0].seg;
	k->st.err_seg = k->log[1].seg;
	(void)o;
	keepfile_write(k->dir, &k->st);
}

static void
usage(void)
{
	fprintf(stderr, "usage: " KEEPER_NAME " -d DIR -c CAP -g GRACE_MS"
	    " -m MODE [-p PARENT] [-F] -- PROGRAM ARGV0 ARG...\n");
	exit(2);
}

static void
parse(struct keeper *k, struct track *tr, int argc, char **argv)
{
	int c;

	memset(tr, 0, sizeof *tr);
	tr->mode = TRACK_SUBREAPER;
	while ((c = getopt(argc, argv, "d:c:g:m:p:F")) != -1) {
		switch (c) {
		case 'd':
			k->dir = optarg;
			break;
		case 'c':
			k->st.cap = outlog_cap(strtoull(optarg, NULL, 10));
			break;
		case 'g':
			k->grace_ms = strtol(optarg, NULL, 10);
			break;
		case 'm':
			if (track_mode_parse(optarg, &tr->mode) != 0)
				usage();
			break;
		case 'p':
			snprintf(tr->parent, sizeof tr->parent, "%s", optarg);
			break;
		case 'F':
			tr->freezer = 1;
			break;
		default:
			usage();
		}
	}
	if (k->dir == NULL || argc - optind < 2)
		usage();
}

/* Signals arrive on a descriptor the loop polls. */
static int
signals(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* The trial's process, once the keeper has put it in its group (sync
 * reaches EOF when the keeper closes its end). */
static void
child(int out, int err, const int sync[2], char **argv)
{
	sigset_t none;
	char c;

	setpgid(0, 0);
	dup2(out, 1);
	dup2(err, 2);
	close(sync[1]);
	while (read(sync[0], &c, 1) < 0 && errno == EINTR)
		;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	execv(argv[0], argv + 1);
	dprintf(2, KEEPER_NAME ": cannot run '%s': %s\n", argv[1],
	    strerror(errno));
	_exit(127);
}

/* Start the trial in the group; 0 or an errno. */
static int
start(struct keeper *k, char **argv)
{
	int o[2], e[2], s[2];
	pid_t pid;

	if (pipe2(o, O_CLOEXEC) != 0 || pipe2(e, O_CLOEXEC) != 0 ||
	    pipe2(s, O_CLOEXEC) != 0)
		return errno;
	if ((pid = fork()) < 0)
		return errno;
	if (pid == 0)
		child(o[1], e[1], s, argv);
	close(o[1]);
	close(e[1]);
	close(s[0]);
	/* Moved by the keeper, before it runs anything: a group that cannot
	 * take it leaves the keeper's tree to track it. */
	if (k->g.mode != TRACK_SUBREAPER && tgroup_join_pid(&k->g, pid) != 0) {
		tgroup_remove(&k->g);
		k->g.mode = TRACK_SUBREAPER;
		k->g.path[0] = '\0';
	}
	close(s[1]);
	k->fd[0] = o[0];
	k->fd[1] = e[0];
	k->leader = pid;
	k->st.leader = pid;
	if (proc_start_time(pid, &k->st.leader_start) != 0)
		k->st.leader_start = 0;
	snprintf(k->st.track, sizeof k->st.track, "%s",
	    track_mode_name(k->g.mode));
	snprintf(k->st.group, sizeof k->st.group, "%s", k->g.path);
	return 0;
}

/* Stop the trial's processes: SIGTERM now, SIGKILL after the grace. */
static void
terminate(struct keeper *k)
{
	tgroup_signal(&k->g, SIGTERM);
	if (k->kill_at == 0 && k->give_up_at == 0)
		k->kill_at = now_ms() + k->grace_ms;
}

static void
kill_all(struct keeper *k)
{
	tgroup_signal(&k->g, SIGKILL);
	k->kill_at = 0;
	if (k->give_up_at == 0)
		k->give_up_at = now_ms() + GIVE_UP_MS;
}

/* The leader is gone: what it left (holding the output or not) goes. */
static void
leader_exited(struct keeper *k, int ws)
{
	k->reaped = 1;
	k->st.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 0;
	k->st.sig = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
	/* Output still unread (a full disk holds it back) is no reason:
	 * a process of the group is. */
	if (!tgroup_empty(&k->g))
		terminate(k);
}

static void
reap(struct keeper *k)
{
	pid_t pid;
	int ws;

	while ((pid = waitpid(-1, &ws, WNOHANG)) > 0)
		if (pid == k->leader)
			leader_exited(k, ws);
}

static void
on_signals(struct keeper *k)
{
	struct signalfd_siginfo si;

	while (read(k->sfd, &si, sizeof si) == sizeof si) {
		if (si.ssi_signo == SIGCHLD)
			reap(k);
		else if (si.ssi_signo == SIGTERM)
			terminate(k);
		else if (si.ssi_signo == SIGUSR1)
			kill_all(k);
	}
}

/* Write what a full disk held back; whether it is all written. */
static int
flush_held(struct keeper *k, int i)
{
	size_t w;

	if (k->nheld[i] == 0)
		return 1;
	w = outlog_write(&k->log[i], k->held[i], k->nheld[i]);
	memmove(k->held[i], k->held[i] + w, k->nheld[i] - w);
	k->nheld[i] -= w;
	return k->nheld[i] == 0;
}

static void
drain(struct keeper *k, int i)
{
	ssize_t n;

	if (!flush_held(k, i))
		return;
	n = read(k->fd[i], k->held[i], sizeof k->held[i]);
	if (n > 0) {
		k->nheld[i] = (size_t)n;
		flush_held(k, i);
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	close(k->fd[i]);
	k->fd[i] = -1;
}

static int
done(struct keeper *k)
{
	if (!k->reaped || k->fd[0] >= 0 || k->fd[1] >= 0)
		return 0;
	return tgroup_empty(&k->g) || (k->give_up_at != 0 &&
	    now_ms() >= k->give_up_at);
}

/* The poll timeout: the next deadline, or a recheck of the group. */
static int
timeout(const struct keeper *k)
{
	long long t = -1, now = now_ms();

	if (k->kill_at != 0)
		t = k->kill_at - now;
	if (k->give_up_at != 0 && (t < 0 || k->give_up_at - now < t))
		t = k->give_up_at - now;
	if (((k->reaped && k->fd[0] < 0 && k->fd[1] < 0) || k->nheld[0] ||
	    k->nheld[1]) && (t < 0 || t > RECHECK_MS))
		t = RECHECK_MS;
	return t < 0 ? -1 : (int)t;
}

static void
deadlines(struct keeper *k)
{
	long long now = now_ms();
	int i;

	if (k->kill_at != 0 && now >= k->kill_at)
		kill_all(k);
	if (k->give_up_at != 0 && now >= k->give_up_at)
		for (i = 0; i < 2; i++)
			if (k->fd[i] >= 0) {
				close(k->fd[i]);
				k->fd[i] = -1;
			}
}

static void
loop(struct keeper *k)
{
	struct pollfd p[3];
	int i;

	while (!done(k)) {
		p[0] = (struct pollfd){k->sfd, POLLIN, 0};
		/* A stream held back by a full disk is retried, not read. */
		p[1] = (struct pollfd){k->nheld[0] ? -1 : k->fd[0], POLLIN, 0};
		p[2] = (struct pollfd){k->nheld[1] ? -1 : k->fd[1], POLLIN, 0};
		if (poll(p, 3, timeout(k)) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			on_signals(k);
		for (i = 0; i < 2; i++)
			if (k->fd[i] >= 0 && (p[i + 1].revents || k->nheld[i]))
				drain(k, i);
		deadlines(k);
	}
}

int
main(int argc, char **argv)
{
	static struct keeper k;
	struct track tr;
	int rc;

	parse(&k, &tr, argc, argv);
	k.fd[0] = k.fd[1] = -1;
	if ((k.sfd = signals()) < 0)
		return 125;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	k.st.pid = getpid();
	if (proc_start_time(k.st.pid, &k.st.start) != 0)
		return 125;
	k.st.started = wall();
	if (tgroup_create(&k.g, &tr, k.st.pid, k.st.start) != 0) {
		k.g.mode = TRACK_SUBREAPER;
		k.g.path[0] = '\0';
	}
	if (outlog_open(&k.log[0], k.dir, "stdout", k.st.cap) != 0 ||
	    outlog_open(&k.log[1], k.dir, "stderr", k.st.cap) != 0)
		return 125;
	k.log[0].rotate_cb = k.log[1].rotate_cb = on_rotate;
	k.log[0].arg = k.log[1].arg = &k;
	if ((rc = start(&k, argv + optind)) != 0) {
		dprintf(k.log[1].head_fd, KEEPER_NAME ": cannot start the"
		    " trial: %s\n", strerror(rc));
		k.st.status = 125;
		k.reaped = 1;
	}
	keepfile_write(k.dir, &k.st);
	loop(&k);
	outlog_close(&k.log[0]);
	outlog_close(&k.log[1]);
	k.st.done = 1;
	/* How the trial ended waits for room on a full disk: a daemon sees
	 * the keeper running until it is written. */
	while ((rc = keepfile_write(k.dir, &k.st)) == ENOSPC || rc == EDQUOT)
		sleep(1);
	tgroup_remove(&k.g);
	return rc == 0 ? 0 : 125;
}
