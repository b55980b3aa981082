/*
 * Event-loop lag probe (hpsd --probe-lag): a timer that should fire every
 * 50 ms records how late it fires. Its percentiles, in the reply to the
 * socket's "ping" request, say whether the loop keeps pace under load;
 * idle daemons don't run it.
 */
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hpsd.h"

#define LAG_PERIOD_MS 50
#define LAG_SAMPLES 4096	/* a ring of the most recent samples */

struct lag {
	uv_timer_t timer;
	uint64_t expected;	/* loop time the next tick is due */
	double samples[LAG_SAMPLES];	/* milliseconds late */
	size_t n, next;
};

static void
on_tick(uv_timer_t *timer)
{
	struct lag *l = timer->data;
	uint64_t now;

	uv_update_time(timer->loop);
	now = uv_now(timer->loop);
	l->samples[l->next] = now > l->expected ? (double)(now - l->expected) :
	    0;
	l->next = (l->next + 1) % LAG_SAMPLES;
	if (l->n < LAG_SAMPLES)
		l->n++;
	l->expected = now + LAG_PERIOD_MS;
}

int
lag_start(struct daemon *d)
{
	struct lag *l = calloc(1, sizeof *l);

	if (l == NULL)
		return HPS_ENOMEM;
	uv_timer_init(d->loop, &l->timer);
	l->timer.data = l;
	l->expected = uv_now(d->loop) + LAG_PERIOD_MS;
	uv_timer_start(&l->timer, on_tick, LAG_PERIOD_MS, LAG_PERIOD_MS);
	d->lag = l;
	return 0;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

json_t *
lag_stats(struct daemon *d)
{
	struct lag *l = d->lag;
	double *v;
	json_t *o;

	if (l == NULL || l->n == 0 || (v = malloc(l->n * sizeof *v)) == NULL)
		return json_null();
	memcpy(v, l->samples, l->n * sizeof *v);
	qsort(v, l->n, sizeof *v, by_value);
	o = json_pack("{s:f, s:f, s:f, s:I}", "p50_ms", v[l->n / 2], "p99_ms",
	    v[l->n * 99 / 100], "max_ms", v[l->n - 1], "samples",
	    (json_int_t)l->n);
	free(v);
	return o;
}

static void
on_lag_close(uv_handle_t *h)
{
	free(h->data);
}

void
lag_stop(struct daemon *d)
{
	if (d->lag != NULL)
		uv_close((uv_handle_t *)&d->lag->timer, on_lag_close);
	d->lag = NULL;
}
