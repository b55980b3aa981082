/*
 * The result of every store write, and a disk that refuses writes. Each
 * write the daemon makes goes through disk_check: a failure is logged with
 * what was being written and SQLite's own message. When the disk refuses
 * a write — full (HPS_ENOSPC), read-only or failing (HPS_EIO), locked by
 * another process (HPS_EBUSY: the loop waits at most a few ms on the
 * lock), or a trial directory that cannot be made — the daemon says so
 * (log, hps status),
 * starts no new trials, keeps answering queries, and holds the results
 * and metric values it could not record in memory; every two seconds it
 * tries to record them again, and once that works it carries on where it
 * stopped. The database stays intact: SQLite rolls back what it could not
 * write.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

#define RETRY_MS 2000
#define SPACE_MS 1000
#define ROOM (2ULL << 20)
/* The same failure again within this many seconds is not logged again
 * (a trial printing metrics to a locked store would flood the log). */
#define QUIET_S 1.0

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
unrecorded_free(struct trial *t)
{
	if (t->unrecorded == NULL)
		return;
	free((char *)t->unrecorded->error);
	free((char *)t->unrecorded->stderr_tail);
	free(t->unrecorded);
	t->unrecorded = NULL;
}

/* Record what waits; 0 when nothing is left waiting. */
static int
retry_all(struct daemon *d)
{
	struct study *s;
	size_t i;
	int left = hps_store_flush(d->store) != 0;

	TAILQ_FOREACH(s, &d->studies, entry) {
		for (i = 0; i < s->nmem; i++) {
			struct trial *t = s->trials[i];

			if (t->unrecorded == NULL)
				continue;
			if (hps_store_trial_finish(d->store, t->id,
			    t->unrecorded) != 0) {
				left = 1;
				continue;
			}
			unrecorded_free(t);
		}
		left |= study_store_state(s);	/* after its trials' */
	}
	return left;
}

/* Room to work again: writable, with a few MiB free where the state
 * lives. */
static int
has_room(const struct daemon *d)
{
	struct statvfs sv;

	if (statvfs(d->state_dir, &sv) != 0)
		return 1;
	return !(sv.f_flag & ST_RDONLY) &&
	    (unsigned long long)sv.f_bavail * sv.f_frsize >= ROOM;
}

/* Whether rc says the write may work later: the disk refused it, or
 * another process holds a lock on the database. */
static int
disk_fault(int rc)
{
	return rc == HPS_ENOSPC || rc == HPS_EIO || rc == HPS_EBUSY;
}

static const char *
fault_name(int rc)
{
	return rc == HPS_ENOSPC ? "space is back" : rc == HPS_EBUSY ?
	    "the database is no longer locked" : "writes work again";
}

static void
on_retry(uv_timer_t *timer)
{
	struct daemon *d = timer->data;
	long dropped;

	if (!has_room(d) || retry_all(d))
		return;
	uv_timer_stop(timer);
	if ((dropped = hps_store_dropped(d->store)) > 0)
		log_error("%ld metric values could not be kept while the disk"
		    " refused writes", dropped);
	log_info("%s: results recorded, trials start again",
	    fault_name(d->disk_full));
	d->disk_full = 0;
	sched_kick(d);
}

void
disk_trouble(struct daemon *d, int rc)
{
	if (!disk_fault(rc) || d->disk_full)
		return;
	d->disk_full = rc;
	if (rc == HPS_EBUSY)
		log_error("another process holds a lock on %s/hpsd.db: no new"
		    " trials start until it lets go; results wait in memory;"
		    " queries still work", d->state_dir);
	else
		log_error("%s %s: no new trials start until it takes writes"
		    " again; queries still work", rc == HPS_ENOSPC ? "no space"
		    " left on the device of" : "cannot write to", d->state_dir);
	uv_timer_start(&d->disk_timer, on_retry, RETRY_MS, RETRY_MS);
}

/* Whether this failure was just logged. */
static int
quiet(int rc)
{
	static int last_rc;
	static double last_time;
	double now = hps_store_now();

	if (rc == last_rc && now - last_time < QUIET_S)
		return 1;
	last_rc = rc;
	last_time = now;
	return 0;
}

int
disk_check(struct daemon *d, int rc, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (rc == 0)
		return 0;
	if (!(disk_fault(rc) && d->disk_full) && !quiet(rc)) {
		va_start(ap, fmt);
		vsnprintf(what, sizeof what, fmt, ap);
		va_end(ap);
		log_error("%s: %s (%s)", what, hps_store_errmsg(d->store),
		    hps_strerror(rc));
	}
	disk_trouble(d, rc);
	return rc;
}

int
disk_flush(struct daemon *d)
{
	return disk_check(d, hps_store_flush(d->store), "committing metric"
	    " values");
}

void
disk_record(struct daemon *d, struct trial *t,
    const struct hps_store_result *res)
{
	int rc = hps_store_trial_finish(d->store, t->id, res);

	if (!disk_fault(disk_check(d, rc, "study %s: recording trial %ld",
	    t->study->sp->name, t->number)) ||
	    (t->unrecorded = malloc(sizeof *res)) == NULL)
		return;
	*t->unrecorded = *res;
	t->unrecorded->error = dup_or_null(res->error);
	t->unrecorded->stderr_tail = dup_or_null(res->stderr_tail);
}

/*
 * Keepers write the trials' output into the state directory, where no
 * write of the daemon's shows a full disk: while trials run, its free
 * space is looked at every SPACE_MS.
 */
static void
on_space(uv_timer_t *timer)
{
	struct daemon *d = timer->data;

	if (d->running > 0 && !d->disk_full && !has_room(d))
		disk_trouble(d, HPS_ENOSPC);
}

void
disk_init(struct daemon *d)
{
	uv_timer_init(d->loop, &d->disk_timer);
	d->disk_timer.data = d;
	uv_timer_init(d->loop, &d->space_timer);
	d->space_timer.data = d;
	uv_timer_start(&d->space_timer, on_space, SPACE_MS, SPACE_MS);
	uv_unref((uv_handle_t *)&d->space_timer);
}

void
disk_close(struct daemon *d)
{
	uv_close((uv_handle_t *)&d->disk_timer, NULL);
	uv_close((uv_handle_t *)&d->space_timer, NULL);
}

void
disk_forget(struct trial *t)
{
	unrecorded_free(t);
}
