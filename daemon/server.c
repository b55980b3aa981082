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
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hps/proto.h"
#include "hpsd.h"

/* Most clients at once; past it the longest idle one makes room. */
#define SERVER_MAX_CLIENTS 512
/* Events queued for a watcher that does not read, past one reply: over
 * this, the watcher is dropped. */
#define SERVER_MAX_QUEUED (4 * 1024 * 1024)
/* A client that sends half a message and stalls, or leaves a reply
 * unread, is dropped after this. */
#define SERVER_STALL_MS 10000
/* A connection with nothing asked, owed or watched is closed after this. */
#define SERVER_IDLE_MS 120000
/* Descriptors kept back from clients for trials, the store and logs. */
#define SERVER_SPARE_FDS 64

struct client {
	uv_pipe_t pipe;
	struct server *srv;
	LIST_ENTRY(client) entry;
	char *buf;
	size_t len, cap;
	uint64_t partial_since;	/* loop time the unfinished message began */
	uint64_t active;	/* loop time it last sent or read something */
	size_t unread;		/* bytes queued at the last sweep */
	int closing;		/* out of the list, its handle closing */
	int closed;		/* the handle is closed */
	int owed;		/* a reply is being computed on a worker */
	int reading;
	int watching;		/* receives events */
	char *watch_study;	/* NULL: every study's */
};

struct server {
	uv_pipe_t listener;
	uv_timer_t sweep;	/* drops stalled and idle clients */
	struct daemon *d;
	LIST_HEAD(, client) clients;
	int nclients;
	int max_clients;
	int nwatchers;
	int open_handles;	/* while closing */
};

struct write_req {
	uv_write_t req;
	struct client *c;
	char *data;
};

static void drain_lines(struct client *c);

static void
client_free(struct client *c)
{
	free(c->watch_study);
	free(c->buf);
	free(c);
}

/* Freed once its handle is closed and no worker owes it a reply. */
static void
on_client_close(uv_handle_t *h)
{
	struct client *c = h->data;

	c->closed = 1;
	if (!c->owed)
		client_free(c);
}

/* Take the client out of the server's books. */
static int
client_detach(struct client *c)
{
	if (c->closing)
		return -1;
	c->closing = 1;
	LIST_REMOVE(c, entry);
	c->srv->nclients--;
	if (c->watching)
		c->srv->nwatchers--;
	return 0;
}

static void
client_close(struct client *c)
{
	if (client_detach(c) == 0)
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
	client_detach(c);
}

static size_t
queued(const struct client *c)
{
	return uv_stream_get_write_queue_size((const uv_stream_t *)&c->pipe);
}

/* Whether the client may have its next request handled: nothing owed,
 * nothing unread. One reply at a time bounds what a client costs. */
static int
client_ready(const struct client *c)
{
	return !c->closing && !c->owed && queued(c) == 0;
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf);
static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf);

/* Read while the client may send; stop while it owes us a read. */
static void
client_reading(struct client *c, int on)
{
	if (c->closing || c->reading == on)
		return;
	c->reading = on;
	if (on)
		uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
	else
		uv_read_stop((uv_stream_t *)&c->pipe);
}

static void
on_write(uv_write_t *req, int status)
{
	struct write_req *w = (struct write_req *)req;
	struct client *c = w->c;

	free(w->data);
	free(w);
	if (status != 0 || c->closing)
		return;
	c->active = uv_now(c->srv->d->loop);
	if (queued(c) == 0)
		drain_lines(c);
}

/* Queue a line (taken over) to the client. Past one reply, a client that
 * does not read is dropped rather than kept in memory. */
static void
client_send(struct client *c, char *line, size_t len)
{
	struct write_req *w;
	uv_buf_t buf;

	if (line == NULL || c->closing) {
		free(line);
		if (line == NULL)
			client_close(c);
		return;
	}
	if (queued(c) > 0 && queued(c) + len > SERVER_MAX_QUEUED) {
		log_warn("dropped a client that left %zu bytes unread",
		    queued(c));
		free(line);
		client_close(c);
		return;
	}
	if ((w = malloc(sizeof *w)) == NULL) {
		free(line);
		client_close(c);
		return;
	}
	if (queued(c) == 0)	/* its time to read starts now */
		c->active = uv_now(c->srv->d->loop);
	w->c = c;
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

/* A read command's reply, from a worker; the client may be gone. */
static void
on_reply(void *arg, char *line, size_t len)
{
	struct client *c = arg;

	c->owed = 0;
	if (c->closed) {
		free(line);
		client_free(c);
		return;
	}
	client_send(c, line, len);
	drain_lines(c);
}

static void
handle_message(struct client *c, const char *line, size_t len)
{
	struct cmd_ctx ctx = {c->srv->d, c};
	const struct cmd_entry *e = NULL;
	struct hps_request req;
	char err[HPS_ERRMAX], *out;
	json_t *result = NULL;
	size_t olen;
	int rc;

	rc = hps_proto_decode_request(line, len, &req, err, sizeof err);
	if (rc == 0)
		rc = cmd_find(req.cmd, req.args, &e, err, sizeof err);
	if (rc == 0 && e == NULL) {	/* a read query */
		disk_flush(ctx.d);
		if ((rc = reader_submit(ctx.d, req.cmd, req.id, req.args,
		    on_reply, c)) == 0)
			c->owed = 1;
		else
			hps_errf(err, sizeof err, rc, "out of memory");
	} else if (rc == 0)
		rc = e->exec(&ctx, req.args, &result, err, sizeof err);
	if (rc != 0)
		send_error(c, req.id, rc, err);
	else if (e != NULL) {
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

/* Why a client should go now, or NULL: it stalled half-way through a
 * message, left a reply unread, or has sat idle. */
static const char *
stale(const struct client *c, uint64_t now)
{
	if (c->owed)
		return NULL;
	if (c->len > 0 && c->reading && now - c->partial_since >=
	    SERVER_STALL_MS)
		return "sent half a message and stalled";
	if (queued(c) > 0)
		return !c->watching && now - c->active >= SERVER_STALL_MS ?
		    "left a reply unread" : NULL;
	if (!c->watching && c->len == 0 && now - c->active >= SERVER_IDLE_MS)
		return "sat idle";
	return NULL;
}

static void
on_sweep(uv_timer_t *timer)
{
	struct server *srv = timer->data;
	struct client *c, *next;
	uint64_t now = uv_now(srv->d->loop);
	const char *why;

	for (c = LIST_FIRST(&srv->clients); c != NULL; c = next) {
		next = LIST_NEXT(c, entry);
		if (queued(c) < c->unread)	/* reading, if slowly */
			c->active = now;
		c->unread = queued(c);
		if ((why = stale(c, now)) == NULL)
			continue;
		log_info("dropped a client that %s", why);
		client_close(c);
	}
	if (LIST_EMPTY(&srv->clients))
		uv_timer_stop(timer);
}

/*
 * Handle the complete lines in the client's buffer, one reply at a time:
 * while a reply is owed or unread, the rest waits and the socket is not
 * read, so a client that sends without reading costs one reply at most.
 */
static void
drain_lines(struct client *c)
{
	char *start = c->buf, *nl = NULL;
	size_t left = c->len;

	while (client_ready(c) && (nl = memchr(start, '\n', left)) != NULL) {
		handle_message(c, start, (size_t)(nl - start));
		left -= (size_t)(nl - start) + 1;
		start = nl + 1;
	}
	if (c->closing)
		return;
	memmove(c->buf, start, left);
	if (start != c->buf)	/* what is left began after a full line */
		c->partial_since = uv_now(c->srv->d->loop);
	c->len = left;
	if (!client_ready(c)) {
		client_reading(c, 0);
		return;
	}
	if (c->len > HPS_PROTO_MAXMSG) {
		client_reading(c, 0);
		send_error(c, 0, HPS_ETOOBIG, "message exceeds the 1 MiB limit;"
		    " closing the connection");
		client_close_flushed(c);
		return;
	}
	client_reading(c, 1);
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
	c->active = uv_now(c->srv->d->loop);
	if (c->len == 0)
		c->partial_since = c->active;
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

/* At the limit, the client that has waited longest without being owed
 * a reply makes room: a new `hps` is never locked out by idle ones. */
static int
make_room(struct server *srv)
{
	struct client *c, *oldest = NULL;

	LIST_FOREACH(c, &srv->clients, entry)
		if (!c->owed && (oldest == NULL || c->active <= oldest->active))
			oldest = c;
	if (oldest == NULL)
		return -1;
	log_info("%d clients connected: dropped the one idle longest",
	    srv->nclients);
	client_close(oldest);
	return 0;
}

static void
on_connection(uv_stream_t *listener, int status)
{
	struct server *srv = listener->data;
	struct client *c;
	int full;

	if (status != 0 || (c = calloc(1, sizeof *c)) == NULL)
		return;
	c->srv = srv;
	uv_pipe_init(srv->d->loop, &c->pipe, 0);
	c->pipe.data = c;
	full = srv->nclients >= srv->max_clients && make_room(srv) != 0;
	LIST_INSERT_HEAD(&srv->clients, c, entry);
	srv->nclients++;
	c->active = uv_now(srv->d->loop);
	if (uv_accept(listener, (uv_stream_t *)&c->pipe) != 0) {
		client_close(c);
		return;
	}
	if (!peer_allowed(&c->pipe)) {
		log_warn("refused a connection from another user");
		client_close(c);
		return;
	}
	if (full) {
		send_error(c, 0, HPS_EBUSY, "too many clients, each waiting"
		    " for a reply; try again");
		client_close_flushed(c);
		return;
	}
	if (!uv_is_active((uv_handle_t *)&srv->sweep))
		uv_timer_start(&srv->sweep, on_sweep, 1000, 1000);
	client_reading(c, 1);
}

/* As many clients as the descriptors allow beside SERVER_SPARE_FDS and
 * four per trial slot, up to SERVER_MAX_CLIENTS. */
static int
max_clients(const struct daemon *d)
{
	struct rlimit rl;
	long n;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return SERVER_MAX_CLIENTS;
	n = (long)rl.rlim_cur - SERVER_SPARE_FDS - 4L * d->slots;
	return n < 8 ? 8 : n > SERVER_MAX_CLIENTS ? SERVER_MAX_CLIENTS :
	    (int)n;
}

int
server_start(struct daemon *d, char *err, size_t errlen)
{
	struct server *srv;
	mode_t old;
	int rc, lock;

	if ((rc = sockpath_prepare(d->socket_path, &lock, err, errlen)) != 0)
		return rc;
	if ((srv = calloc(1, sizeof *srv)) == NULL) {
		sockpath_release(d->socket_path, lock);
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	}
	srv->d = d;
	srv->max_clients = max_clients(d);
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
	sockpath_release(d->socket_path, lock);
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
