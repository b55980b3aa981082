/*
 * Talking to hpsd: connect (starting the daemon when none answers), send a
 * request line, read the reply line.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "hps/error.h"
#include "hps/proto.h"

static int
try_connect(const char *path)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* hpsd beside this hps binary, else the one on PATH. */
static void
daemon_path(char *buf, size_t len)
{
	char self[PATH_MAX - 8], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(buf, len, "%s/hpsd", self);
			if (access(buf, X_OK) == 0)
				return;
		}
	}
	snprintf(buf, len, "hpsd");
}

/* Run "hpsd --socket path", which returns once it is listening. */
static int
start_daemon(const char *path, char *err, size_t errlen)
{
	char prog[PATH_MAX];
	int status;
	pid_t pid;

	daemon_path(prog, sizeof prog);
	if ((pid = fork()) < 0)
		return hps_errf(err, errlen, HPS_EIO, "fork: %s",
		    strerror(errno));
	if (pid == 0) {
		execlp(prog, "hpsd", "--socket", path, (char *)NULL);
		fprintf(stderr, "hps: cannot run %s: %s\n", prog,
		    strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return hps_errf(err, errlen, HPS_EIO, "could not start hpsd"
		    " (see the message above)");
	return 0;
}

int
client_connect(struct client *c, const char *path, int autostart,
    char *err, size_t errlen)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->next_id = 1;
	if ((c->fd = try_connect(path)) >= 0)
		return 0;
	if (!autostart || (errno != ENOENT && errno != ECONNREFUSED))
		return hps_errf(err, errlen, HPS_EIO, "no hpsd at %s: %s%s",
		    path, strerror(errno), autostart ? "" :
		    " (start it with hpsd, or drop --no-start)");
	if ((rc = start_daemon(path, err, errlen)) != 0)
		return rc;
	if ((c->fd = try_connect(path)) < 0)
		return hps_errf(err, errlen, HPS_EIO, "hpsd started but %s"
		    " does not answer: %s", path, strerror(errno));
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Read until buf holds a full line; returns its length (without '\n'),
 * -1 at EOF or on an error, -2 when timeout_ms (>= 0) passed first.
 */
static ssize_t
read_line_within(struct client *c, int timeout_ms)
{
	struct pollfd pfd = {c->fd, POLLIN, 0};
	char *nl, *p;
	ssize_t n;

	while ((nl = c->buf ? memchr(c->buf, '\n', c->len) : NULL) == NULL) {
		if (timeout_ms >= 0 && poll(&pfd, 1, timeout_ms) == 0)
			return -2;
		if (c->len > HPS_PROTO_MAXMSG * 64)
			return -1;
		if (c->cap - c->len < 65536) {
			if ((p = realloc(c->buf, c->cap + 65536)) == NULL)
				return -1;
			c->buf = p;
			c->cap += 65536;
		}
		n = read(c->fd, c->buf + c->len, c->cap - c->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		c->len += (size_t)n;
	}
	return nl - c->buf;
}

static ssize_t
read_line(struct client *c)
{
	return read_line_within(c, -1);
}

/* Drop the first line (n bytes and its '\n') from the buffer. */
static void
consume(struct client *c, size_t n)
{
	c->len -= n + 1;
	memmove(c->buf, c->buf + n + 1, c->len);
}

int
client_next(struct client *c, int timeout_ms, json_t **msg)
{
	ssize_t n = read_line_within(c, timeout_ms);

	*msg = NULL;
	if (n == -2)
		return 0;
	if (n < 0)
		return -1;
	*msg = json_loadb(c->buf, (size_t)n, 0, NULL);
	consume(c, (size_t)n);
	return *msg != NULL ? 1 : -1;
}

int
client_call(struct client *c, const char *cmd, json_t *args,
    json_t **result, char *err, size_t errlen)
{
	char *line;
	size_t len;
	ssize_t n;
	int rc;

	*result = NULL;
	if ((line = hps_proto_request(c->next_id++, cmd, args, &len)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	rc = write_all(c->fd, line, len);
	free(line);
	if (rc != 0)
		return hps_errf(err, errlen, HPS_EIO, "sending to hpsd: %s",
		    strerror(errno));
	if ((n = read_line(c)) < 0)
		return hps_errf(err, errlen, HPS_EIO, "hpsd closed the"
		    " connection without replying");
	rc = hps_proto_decode_reply(c->buf, (size_t)n, result, err, errlen);
	consume(c, (size_t)n);
	return rc;
}

void
client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	c->buf = NULL;
	c->fd = -1;
}
