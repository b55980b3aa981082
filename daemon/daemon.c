/*
 * The daemon's life on its loop: its handles set up, the batch of metric
 * values committed soon after they arrive, and the stop, which ends the
 * loop once every trial is recorded. main.c does the rest: options, the
 * state directory, the lock, signals and detaching.
 */
#include "hpsd.h"

#define FLUSH_MS 250

void
daemon_init(struct daemon *d)
{
	uv_timer_init(d->loop, &d->flush_timer);
	d->flush_timer.data = d;
	uv_timer_init(d->loop, &d->stop_timer);
	d->stop_timer.data = d;
	disk_init(d);
	sched_init(d);
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
 * Stop every trial; the loop ends once they are all recorded. The exit
 * check runs on the next turn of the loop, so a reply already queued (to
 * `hps shutdown`) is written first.
 */
void
daemon_stop(struct daemon *d)
{
	struct study *s;
	size_t i;

	if (d->stopping)
		return;
	d->stopping = 1;
	TAILQ_FOREACH(s, &d->studies, entry)
		for (i = 0; i < s->nmem; i++)
			run_stop(s->trials[i], RUN_STOP_SHUTDOWN);
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
	disk_close(d);
	uv_close((uv_handle_t *)&d->flush_timer, NULL);
	uv_close((uv_handle_t *)&d->kick, NULL);
	uv_close((uv_handle_t *)&d->sig_term, NULL);
	uv_close((uv_handle_t *)&d->sig_int, NULL);
	uv_close((uv_handle_t *)&d->sig_hup, NULL);
}
