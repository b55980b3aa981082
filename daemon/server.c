/*
 * The control socket: a Unix socket in a 0700 directory, mode 0600, that
 * takes only connections from the daemon's own user (SO_PEERCRED). Each
 * client sends one JSON request per line and gets one reply per line. This
 * is the boundary for socket input: size, framing and JSON are checked here
 * and in hps_proto_decode_request; a bad message gets an error reply and
 * the daemon carries on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hps/proto.h"
#include "hpsd.h"

/* Most clients at once; more are refused until one leaves. */
#define SERVER_MAX_CLIENTS 512
/* A client whose unread replies pile up past this is dropped. */
#define SERVER_MAX_QUEUED (16 * 1024 * 1024)
/* A client that sends half a message and stalls is dropped after this. */
#define SERVER_STALL_MS 10000

struct client {
	uv_pipe_t pipe;
	struct server *srv;
	LIST_ENTRY(client) entry;
	char *buf;
	size_t len, cap;
	uint64_t partial_since;	/* loop time the unfinished message began */
	int closing;
	int watching;		/* receives events */
	char *watch_study;	/* NULL: every study's */
};

struct server {
	uv_pipe_t listener;
	uv_timer_t sweep;	/* drops stalled clients */
	struct daemon *d;
	LIST_HEAD(, client) clients;
	int nclients;
	int nwatchers;
	int open_handles;	/* while closing */
};

struct write_req {
	uv_write_t req;
	char *data;
};

static void
on_client_close(uv_handle_t *h)
{
	struct client *c = h->data;

	if (c->watching)
		c->srv->nwatchers--;
	free(c->watch_study);
	free(c->buf);
	free(c);
}

static void
client_close(struct client *c)
{
	if (c->closing)
		return;
	c->closing = 1;
	LIST_REMOVE(c, entry);
	c->srv->nclients--;
	uv_close((uv_handle_t *)&c->pipe, on_client_close);
}

static void
on_shutdown(uv_shutdown_t *req, int status)
{
	(void)status;
	uv_close((uv_handle_t *)req->handle, on_client_close);
	free(req);
}

/* Close after the replies already queued have been written. */
static void
client_close_flushed(struct client *c)
{
	uv_shutdown_t *req;

	if (c->closing)
		return;
	if ((req = malloc(sizeof *req)) == NULL ||
	    uv_shutdown(req, (uv_stream_t *)&c->pipe, on_shutdown) != 0) {
		free(req);
		client_close(c);
		return;
	}
	c->closing = 1;
	LIST_REMOVE(c, entry);
	c->srv->nclients--;
}

static void
on_write(uv_write_t *req, int status)
{
	struct write_req *w = (struct write_req *)req;

	(void)status;
	free(w->data);
	free(w);
}

/* Queue a line (taken over) to the client; drop a client who never reads. */
static void
client_send(struct client *c, char *line, size_t len)
{
	struct write_req *w;
	uv_buf_t buf;

	if (line == NULL || c->closing) {
		free(line);
		return;
	}
	if (uv_stream_get_write_queue_size((uv_stream_t *)&c->pipe) >
	    SERVER_MAX_QUEUED || (w = malloc(sizeof *w)) == NULL) {
		free(line);
		client_close(c);
		return;
	}
	w->data = line;
	buf = uv_buf_init(line, (unsigned)len);
	if (uv_write(&w->req, (uv_stream_t *)&c->pipe, &buf, 1,
	    on_write) != 0) {
		free(line);
		free(w);
		client_close(c);
	}
}

/* A malloc'ed copy of line with '\n' appended. */
static char *
line_copy(const char *line, size_t len)
{
	char *p = malloc(len + 2);

	if (p != NULL) {
		memcpy(p, line, len);
		p[len] = '\n';
		p[len + 1] = '\0';
	}
	return p;
}

static void
send_error(struct client *c, long long id, int code, const char *msg)
{
	size_t len;
	char *line = hps_proto_error(id, code, msg, &len);

	client_send(c, line, len);
}

static void
handle_message(struct client *c, const char *line, size_t len)
{
	struct cmd_ctx ctx = {c->srv->d, c};
	struct hps_request req;
	char err[HPS_ERRMAX], *out;
	json_t *result = NULL;
	size_t olen;
	int rc;

	rc = hps_proto_decode_request(line, len, &req, err, sizeof err);
	if (rc == 0)
		rc = cmd_dispatch(&ctx, req.cmd, req.args, &result, err,
		    sizeof err);
	if (rc != 0)
		send_error(c, req.id, rc, err);
	else {
		out = hps_proto_result(req.id, result, &olen);
		client_send(c, out, olen);
	}
	hps_request_clear(&req);
}

int
server_watch(struct client *c, const char *study)
{
	if (study != NULL && (c->watch_study = strdup(study)) == NULL)
		return -1;
	if (!c->watching)
		c->srv->nwatchers++;
	c->watching = 1;
	return 0;
}

int
server_has_watchers(struct daemon *d)
{
	return d->server != NULL && d->server->nwatchers > 0;
}

void
server_publish(struct daemon *d, const char *study, json_t *ev)
{
	struct client *c, *next;
	char *line;
	size_t len;

	json_object_set_new(ev, "v", json_integer(HPS_PROTO_VERSION));
	line = json_dumps(ev, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(ev);
	if (line == NULL)
		return;
	len = strlen(line);
	for (c = LIST_FIRST(&d->server->clients); c != NULL; c = next) {
		next = LIST_NEXT(c, entry);
		if (!c->watching || (c->watch_study != NULL &&
		    strcmp(c->watch_study, study) != 0))
			continue;
		client_send(c, line_copy(line, len), len + 1);
	}
	free(line);
}

/* Drop clients that stalled in the middle of a message. */
static void
on_sweep(uv_timer_t *timer)
{
	struct server *srv = timer->data;
	struct client *c, *next;
	uint64_t now = uv_now(srv->d->loop);
	int waiting = 0;

	for (c = LIST_FIRST(&srv->clients); c != NULL; c = next) {
		next = LIST_NEXT(c, entry);
		if (c->len == 0)
			continue;
		if (now - c->partial_since < SERVER_STALL_MS) {
			waiting = 1;
			continue;
		}
		log_warn("dropped a client that sent half a message and"
		    " stalled for %ds", SERVER_STALL_MS / 1000);
		client_close(c);
	}
	if (!waiting)
		uv_timer_stop(timer);
}

/* Take complete lines out of the client's buffer. */
static void
drain_lines(struct client *c)
{
	char *start = c->buf, *nl;
	size_t left = c->len;

	while (!c->closing && (nl = memchr(start, '\n', left)) != NULL) {
		handle_message(c, start, (size_t)(nl - start));
		left -= (size_t)(nl - start) + 1;
		start = nl + 1;
	}
	memmove(c->buf, start, left);
	if (start != c->buf)	/* what is left began after a full line */
		c->partial_since = uv_now(c->srv->d->loop);
	c->len = left;
	if (left > 0 && !uv_is_active((uv_handle_t *)&c->srv->sweep))
		uv_timer_start(&c->srv->sweep, on_sweep, 1000, 1000);
	if (c->len > HPS_PROTO_MAXMSG) {
		uv_read_stop((uv_stream_t *)&c->pipe);
		send_error(c, 0, HPS_ETOOBIG, "message exceeds the 1 MiB limit;"
		    " closing the connection");
		client_close_flushed(c);
	}
}

static void
on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct client *c = h->data;
	size_t want = c->len + 64 * 1024;
	char *p;

	(void)suggested;
	if (want > c->cap) {
		if ((p = realloc(c->buf, want)) == NULL) {
			*buf = uv_buf_init(NULL, 0);
			return;
		}
		c->buf = p;
		c->cap = want;
	}
	*buf = uv_buf_init(c->buf + c->len, (unsigned)(c->cap - c->len));
}

static void
on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct client *c = s->data;

	(void)buf;
	if (n < 0) {
		client_close(c);
		return;
	}
	if (c->len == 0)
		c->partial_since = uv_now(c->srv->d->loop);
	c->len += (size_t)n;
	drain_lines(c);
}

/* Whether the peer runs as our own user. */
static int
peer_allowed(uv_pipe_t *p)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	uv_os_fd_t fd;

	if (uv_fileno((uv_handle_t *)p, &fd) != 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
		return 0;
	return cred.uid == getuid();
}

static void
on_connection(uv_stream_t *listener, int status)
{
	struct server *srv = listener->data;
	struct client *c;

	if (status != 0 || (c = calloc(1, sizeof *c)) == NULL)
		return;
	c->srv = srv;
	uv_pipe_init(srv->d->loop, &c->pipe, 0);
	c->pipe.data = c;
	LIST_INSERT_HEAD(&srv->clients, c, entry);
	srv->nclients++;
	if (uv_accept(listener, (uv_stream_t *)&c->pipe) != 0) {
		client_close(c);
		return;
	}
	if (!peer_allowed(&c->pipe)) {
		log_warn("refused a connection from another user");
		client_close(c);
		return;
	}
	if (srv->nclients > SERVER_MAX_CLIENTS) {
		send_error(c, 0, HPS_EBUSY, "too many clients; try again");
		client_close(c);
		return;
	}
	uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
}

/* Make the socket's directory (0700) and clear a stale socket. */
static int
prepare_path(const char *path, char *err, size_t errlen)
{
	char dir[4096], *slash;
	struct stat sb;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return hps_errf(err, errlen, HPS_EIO, "%s: %s", dir,
			    strerror(errno));
		if (stat(dir, &sb) == 0 && (sb.st_mode & 077) != 0 &&
		    sb.st_uid == getuid())
			chmod(dir, 0700);
	}
	if (unlink(path) != 0 && errno != ENOENT)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", path,
		    strerror(errno));
	return 0;
}

int
server_start(struct daemon *d, char *err, size_t errlen)
{
	struct server *srv;
	mode_t old;
	int rc;

	if (prepare_path(d->socket_path, err, errlen) != 0)
		return HPS_EIO;
	if ((srv = calloc(1, sizeof *srv)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	srv->d = d;
	LIST_INIT(&srv->clients);
	uv_pipe_init(d->loop, &srv->listener, 0);
	srv->listener.data = srv;
	uv_timer_init(d->loop, &srv->sweep);
	srv->sweep.data = srv;
	d->server = srv;
	old = umask(0177);
	rc = uv_pipe_bind(&srv->listener, d->socket_path);
	umask(old);
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&srv->listener, SOMAXCONN,
		    on_connection);
	if (rc != 0)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", d->socket_path,
		    uv_strerror(rc));
	chmod(d->socket_path, 0600);
	return 0;
}

static void
on_server_close(uv_handle_t *h)
{
	struct server *srv = h->data;

	if (--srv->open_handles == 0)
		free(srv);
}

void
server_close(struct daemon *d)
{
	struct server *srv = d->server;

	if (srv == NULL)
		return;
	while (!LIST_EMPTY(&srv->clients))
		client_close_flushed(LIST_FIRST(&srv->clients));
	unlink(d->socket_path);
	srv->open_handles = 2;
	uv_close((uv_handle_t *)&srv->listener, on_server_close);
	uv_close((uv_handle_t *)&srv->sweep, on_server_close);
	d->server = NULL;
}
