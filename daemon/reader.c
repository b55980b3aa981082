/*
 * The read queries of core's registry (hps/query.h: status, trials, best,
 * curve, export, report) run on libuv's thread pool, each on a read-only
 * store connection of its own, so
 * a big reply (thousands of trials, every curve of a study) neither stalls
 * the loop nor makes other clients wait behind it. SQLite's WAL lets these
 * readers run beside the daemon's one writer; they see what the writer has
 * committed, and the caller commits the open metric batch first. The reply
 * line is encoded on the worker too: the loop only writes bytes.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/proto.h"
#include "hps/query.h"
#include "hpsd.h"

/* Idle connections kept for the next query (libuv runs 4 workers). */
#define READERS_KEPT 4
/* Reply bytes built before memory is given back to the system. */
#define READER_TRIM_BYTES (1024 * 1024)

struct readers {
	uv_mutex_t lock;
	char *path;
	struct hps_store *idle[READERS_KEPT];
	int nidle;
	int jobs;			/* in flight */
	size_t since_trim;		/* reply bytes since the last trim */
};

struct read_job {
	uv_work_t req;
	struct readers *rd;
	const struct hps_query *q;
	long long id;
	json_t *args;
	char *warning;			/* added to the reply, or NULL */
	char *line;			/* the reply */
	size_t len;
	reader_done_cb done;
	void *arg;
};

int
reader_init(struct daemon *d, const char *db_path)
{
	struct readers *rd = calloc(1, sizeof *rd);

	if (rd == NULL || (rd->path = strdup(db_path)) == NULL ||
	    uv_mutex_init(&rd->lock) != 0) {
		if (rd != NULL)
			free(rd->path);
		free(rd);
		return HPS_ENOMEM;
	}
	d->readers = rd;
	return 0;
}

void
reader_close(struct daemon *d)
{
	struct readers *rd = d->readers;

	if (rd == NULL)
		return;
	while (rd->nidle > 0)
		hps_store_close(rd->idle[--rd->nidle]);
	uv_mutex_destroy(&rd->lock);
	free(rd->path);
	free(rd);
	d->readers = NULL;
}

/* A connection for this worker: an idle one, else a new one. */
static int
take(struct readers *rd, struct hps_store **st, char *err, size_t errlen)
{
	*st = NULL;
	uv_mutex_lock(&rd->lock);
	if (rd->nidle > 0)
		*st = rd->idle[--rd->nidle];
	uv_mutex_unlock(&rd->lock);
	if (*st != NULL)
		return 0;
	return hps_store_open(rd->path, HPS_STORE_RDONLY, st, err, errlen);
}

static void
give_back(struct readers *rd, struct hps_store *st)
{
	uv_mutex_lock(&rd->lock);
	if (rd->nidle < READERS_KEPT) {
		rd->idle[rd->nidle++] = st;
		st = NULL;
	}
	uv_mutex_unlock(&rd->lock);
	hps_store_close(st);
}

static void
on_work(uv_work_t *req)
{
	struct read_job *j = req->data;
	struct hps_store *st;
	json_t *result = NULL;
	char err[HPS_ERRMAX];
	int rc;

	if ((rc = take(j->rd, &st, err, sizeof err)) == 0) {
		rc = hps_query_run(st, j->q->name, j->args, &result, err,
		    sizeof err);
		give_back(j->rd, st);
	}
	if (rc == 0 && j->warning != NULL && json_is_object(result))
		json_object_set_new(result, "warning",
		    json_string(j->warning));
	if (rc == 0)
		j->line = hps_proto_result(j->id, result, &j->len);
	else
		j->line = hps_proto_error(j->id, rc, err, &j->len);
}

static void
job_free(struct read_job *j)
{
	json_decref(j->args);
	free(j->warning);
	free(j);
}

/*
 * A big reply is built from many small pieces on a worker, whose malloc
 * arena keeps the freed pieces for reuse. Once the queries are done, give
 * them back: a burst of big replies must not hold memory for good.
 */
static void
trim(struct readers *rd)
{
	if (rd->jobs > 0 || rd->since_trim < READER_TRIM_BYTES)
		return;
	rd->since_trim = 0;
	malloc_trim(0);
}

static void
on_after(uv_work_t *req, int status)
{
	struct read_job *j = req->data;
	struct readers *rd = j->rd;

	(void)status;
	rd->jobs--;
	rd->since_trim += j->len;
	j->done(j->arg, j->line, j->len);
	job_free(j);
	trim(rd);
}

/* What every read reply says while the daemon cannot write. */
static char *
warning(const struct daemon *d)
{
	const char *fmt = d->disk_full == HPS_ENOSPC ? "no space left on the"
	    " device of %s: no new trials start until there is" :
	    d->disk_full == HPS_EBUSY ? "another process holds a lock on"
	    " %s/hpsd.db: no new trials start until it lets go" : "cannot"
	    " write to %s: no new trials start until it takes writes again";
	size_t n;
	char *w;

	if (!d->disk_full)
		return NULL;
	n = strlen(fmt) + strlen(d->state_dir);
	if ((w = malloc(n)) != NULL)
		snprintf(w, n, fmt, d->state_dir);
	return w;
}

int
reader_submit(struct daemon *d, const char *query, long long id,
    json_t *args, reader_done_cb done, void *arg)
{
	struct read_job *j = calloc(1, sizeof *j);

	if (j == NULL)
		return HPS_ENOMEM;
	j->req.data = j;
	j->rd = d->readers;
	j->q = hps_query_find(query);
	j->id = id;
	j->args = json_incref(args);
	j->warning = warning(d);
	j->done = done;
	j->arg = arg;
	if (uv_queue_work(d->loop, &j->req, on_work, on_after) != 0) {
		job_free(j);
		return HPS_ENOMEM;
	}
	d->readers->jobs++;
	return 0;
}
