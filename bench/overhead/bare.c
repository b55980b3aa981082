/*
 * The physical floor for bench/overhead: start a program N times with no
 * bookkeeping, P at a time, doing the least a trial runner must do for
 * each one: fork, exec with stdout on a pipe, read the pipe to EOF, reap
 * the exit status. Prints "<trials> <seconds> <cpu seconds of this process>"
 * on one line. Built by ./run with cc -O2; not part of the CMake build.
 *
 * usage: bare PROGRAM N P [ARG]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXP 64

struct child {
	pid_t pid;
	int fd;			/* read end of its stdout; -1 at EOF */
	int reaped;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
cpu_self(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Fork and exec prog with stdout on a fresh pipe. */
static int
start(struct child *c, char *const argv[])
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	if ((c->pid = fork()) < 0)
		return -1;
	if (c->pid == 0) {
		dup2(fds[1], STDOUT_FILENO);	/* dup2 clears CLOEXEC */
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	c->fd = fds[0];
	c->reaped = 0;
	return 0;
}

/* Read whatever is there; close at EOF. */
static void
drain(struct child *c)
{
	char buf[4096];
	ssize_t n = read(c->fd, buf, sizeof buf);

	if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
		close(c->fd);
		c->fd = -1;
	}
}

int
main(int argc, char **argv)
{
	struct child kids[MAXP];
	struct pollfd pfd[MAXP];
	char *cargv[3];
	long n, p, started = 0, done = 0, i;
	double t0, c0;
	int status;

	if (argc < 4 || (n = atol(argv[2])) < 1 || (p = atol(argv[3])) < 1 ||
	    p > MAXP) {
		fprintf(stderr, "usage: bare PROGRAM N P [ARG]\n");
		return 2;
	}
	cargv[0] = argv[1];
	cargv[1] = argc > 4 ? argv[4] : "0.5";
	cargv[2] = NULL;
	for (i = 0; i < p; i++)
		kids[i].pid = 0;
	t0 = now();
	c0 = cpu_self();
	while (done < n) {
		for (i = 0; i < p && started < n; i++)
			if (kids[i].pid == 0) {
				if (start(&kids[i], cargv) != 0) {
					perror("bare");
					return 1;
				}
				started++;
			}
		for (i = 0; i < p; i++) {
			pfd[i].fd = kids[i].pid > 0 ? kids[i].fd : -1;
			pfd[i].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)p, -1) < 0 && errno != EINTR) {
			perror("bare: poll");
			return 1;
		}
		for (i = 0; i < p; i++) {
			struct child *c = &kids[i];

			if (c->pid <= 0 || pfd[i].revents == 0)
				continue;
			drain(c);
			if (c->fd >= 0)
				continue;
			/* EOF: the exit status is at most a moment away. */
			if (waitpid(c->pid, &status, 0) < 0 ||
			    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				fprintf(stderr, "bare: child failed\n");
				return 1;
			}
			c->pid = 0;
			done++;
		}
	}
	printf("%ld %.6f %.6f\n", n, now() - t0, cpu_self() - c0);
	return 0;
}
