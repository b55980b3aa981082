/*
 * The daemon's life on its loop: its handles set up, the batch of metric
 * values committed soon after they arrive and checkpointed into the
 * database file soon after that, and the stop, which ends the loop once
 * every trial is recorded. main.c does the rest: options, signals and
 * detaching; statedir.c the state directory, its lock and the store.
 */
#include "hpsd.h"

#define FLUSH_MS 250
#define CHECKPOINT_MS 2000

static void
on_checkpoint(uv_timer_t *timer)
{
	struct daemon *d = timer->data;

	disk_check(d, hps_store_checkpoint(d->store, 0), "checkpointing the"
	    " database");
}

/*
 * Within CHECKPOINT_MS of a commit, its pages are copied from the WAL into
 * the database file: a WAL lost after a crash (deleted, or on a disk that
 * failed) then costs those seconds at most, not everything since start.
 */
static void
on_commit(void *arg)
{
	struct daemon *d = arg;

	if (!uv_is_active((uv_handle_t *)&d->checkpoint_timer))
		uv_timer_start(&d->checkpoint_timer, on_checkpoint,
		    CHECKPOINT_MS, 0);
}

void
daemon_init(struct daemon *d)
{
	uv_timer_init(d->loop, &d->flush_timer);
	d->flush_timer.data = d;
	uv_timer_init(d->loop, &d->checkpoint_timer);
	d->checkpoint_timer.data = d;
	hps_store_on_commit(d->store, on_commit, d);
	uv_timer_init(d->loop, &d->stop_timer);
	d->stop_timer.data = d;
	disk_init(d);
	sched_init(d);
	TAILQ_INIT(&d->hooks);
	life_init(d);
}

static void
on_flush(uv_timer_t *timer)
{
	struct daemon *d = timer->data;

	disk_flush(d);
}

/* Commit the open metric batch within FLUSH_MS; idle daemons never wake. */
void
daemon_flush_soon(struct daemon *d)
{
	if (!uv_is_active((uv_handle_t *)&d->flush_timer))
		uv_timer_start(&d->flush_timer, on_flush, FLUSH_MS, 0);
}

static void
on_stop(uv_timer_t *timer)
{
	daemon_maybe_exit(timer->data);
}

/*
 * Let go of every trial, or stop them; the loop ends once none is left.
 * The exit check runs on the next turn of the loop, so a reply already
 * queued (to `hps shutdown`) is written first.
 */
void
daemon_stop(struct daemon *d, int stop_trials)
{
	struct study *s;
	size_t i;

	if (d->stopping)
		return;
	d->stopping = 1;
	TAILQ_FOREACH(s, &d->studies, entry)
		for (i = 0; i < s->nmem; i++) {
			if (stop_trials)
				run_stop(s->trials[i], RUN_STOP_SHUTDOWN);
			else
				run_detach(s->trials[i]);
		}
	uv_timer_start(&d->stop_timer, on_stop, 0, 0);
}

void
daemon_maybe_exit(struct daemon *d)
{
	if (!d->stopping || d->running > 0 || d->server == NULL)
		return;
	server_close(d);
	lag_stop(d);
	uv_close((uv_handle_t *)&d->stop_timer, NULL);
	life_close(d);
	disk_close(d);
	uv_close((uv_handle_t *)&d->flush_timer, NULL);
	uv_close((uv_handle_t *)&d->checkpoint_timer, NULL);
	uv_close((uv_handle_t *)&d->kick, NULL);
	uv_close((uv_handle_t *)&d->sig_term, NULL);
	uv_close((uv_handle_t *)&d->sig_int, NULL);
	uv_close((uv_handle_t *)&d->sig_hup, NULL);
}
