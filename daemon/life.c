/*
 * A study's life around its trials, as its space file sets it (hps/life.h):
 *
 * - its deadline (budget.time, budget.until): no trial starts once the
 *   time left is shorter than the study's median trial so far; at the
 *   deadline the study completes with the reason, and its running trials
 *   finish, or with budget.hard get the stop signal;
 * - its patience (budget.patience): completed trials in a row without a
 *   new best end it; with several objectives a new best is a trial that
 *   raises the front's hypervolume (front.c);
 * - stalled trials (stall:): a running trial silent that long is marked,
 *   logged and its hook run, and with stall_action: stop stopped as a
 *   failure;
 * - its hooks (on:): see hook.c.
 *
 * One timer, once a second, checks deadlines and stalls; the rest follows
 * the trials as they finish.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

#define LIFE_TICK_MS 1000

/* Keep the finished runs' durations sorted: the median is the middle. */
static void
add_duration(struct study_life *l, double secs)
{
	double *d;
	size_t i;

	if (l->ndurations == l->durcap) {
		d = realloc(l->durations, (l->durcap * 2 + 16) * sizeof *d);
		if (d == NULL)
			return;
		l->durations = d;
		l->durcap = l->durcap * 2 + 16;
	}
	for (i = l->ndurations; i > 0 && l->durations[i - 1] > secs; i--)
		l->durations[i] = l->durations[i - 1];
	l->durations[i] = secs;
	l->ndurations++;
}

static double
median(const struct study_life *l)
{
	size_t n = l->ndurations;

	if (n == 0)
		return 0;
	return n % 2 ? l->durations[n / 2] : (l->durations[n / 2 - 1] +
	    l->durations[n / 2]) / 2;
}

/* Whether t's objective beats the study's best so far (and now is it). */
static int
new_first(struct study *s, const struct trial *t)
{
	struct study_life *l = &s->life;

	/* A repeat's run is confirm:'s, not the search's. */
	if (!t->has_objective || t->infeasible || (t->state !=
	    HPS_T_COMPLETED && t->state != HPS_T_IMPORTED) ||
	    t->origin == HPS_O_REPEAT)
		return 0;
	if (l->has_best && !trial_better(s->sp, t->objective, l->best))
		return 0;
	l->has_best = 1;
	l->best = t->objective;
	return 1;
}

/*
 * Whether t is a new best: with one objective it beats the best so far;
 * with several it raises the front's hypervolume (*joined is front_add's
 * answer), while the first objective's best still follows it for {best}.
 */
static int
new_best(struct study *s, const struct trial *t, int *joined)
{
	int first = new_first(s, t);

	*joined = front_add(s, t);
	return s->sp->nobj > 1 ? *joined > 0 : first;
}

void
life_begin(struct study *s)
{
	s->life.deadline = hps_life_deadline(&s->sp->life, s->created);
}

/* t into the study's best (and front: *joined as new_best) and its run
 * of completed trials without a new one; whether t is a new best. */
static int
follow_best(struct study *s, const struct trial *t, int *joined)
{
	if (new_best(s, t, joined)) {
		s->life.since_best = 0;
		return 1;
	}
	if (t->state == HPS_T_COMPLETED && t->origin != HPS_O_REPEAT)
		s->life.since_best++;
	return 0;
}

void
life_loaded(struct study *s, const struct trial *t)
{
	int joined;

	if (s->life.deadline > 0 && t->started > 0 && t->ended > t->started)
		add_duration(&s->life, t->ended - t->started);
	follow_best(s, t, &joined);
}

/* The deadline's words for a reason: "budget.time 2h" or "until". */
static void
deadline_words(const struct hps_life *l, char *buf, size_t len)
{
	if (l->has_until)
		snprintf(buf, len, "budget.until %02d:%02d", l->until / 60,
		    l->until % 60);
	else
		snprintf(buf, len, "budget.time %gs", l->time);
}

/* The study is out of time: it completes, its running trials finish. */
static void
out_of_time(struct study *s, double left)
{
	char what[64], why[200];

	deadline_words(&s->sp->life, what, sizeof what);
	if (left <= 0)
		snprintf(why, sizeof why, "its deadline (%s) passed", what);
	else
		snprintf(why, sizeof why, "%.0fs left before its deadline (%s),"
		    " less than its median trial (%.0fs)", left, what,
		    median(&s->life));
	study_set_state(s, STUDY_COMPLETED, why);
}

int
life_may_start(struct study *s)
{
	double left;

	if (s->life.deadline <= 0)
		return 1;
	left = s->life.deadline - hps_store_now();
	if (left > 0 && left >= median(&s->life))
		return 1;
	out_of_time(s, left);
	return 0;
}

void
life_trial_ending(struct study *s, const struct trial *t)
{
	int joined, best = follow_best(s, t, &joined);

	if (t->state == HPS_T_FAILED || t->state == HPS_T_TIMEOUT)
		hook_fire(s, HPS_EV_TRIAL_FAILED, t);
	if (joined >= 0)
		events_front(s, t, joined);
	if (best)
		hook_fire(s, HPS_EV_NEW_BEST, t);
}

void
life_trial_done(struct study *s, struct trial *t)
{
	long patience = s->sp->life.patience;
	char why[200];

	if (s->life.deadline > 0 && t->started > 0 && t->ended > t->started)
		add_duration(&s->life, t->ended - t->started);
	if (t->state != HPS_T_COMPLETED || t->origin == HPS_O_REPEAT ||
	    patience <= 0 || s->life.since_best < patience || s->state !=
	    STUDY_RUNNING)
		return;
	snprintf(why, sizeof why, "%ld completed trials in a row without %s"
	    " (budget.patience)", s->life.since_best, s->sp->nobj > 1 ?
	    "raising the front's hypervolume" : "a new best");
	study_set_state(s, STUDY_COMPLETED, why);
}

void
life_study_event(struct study *s, enum study_state st)
{
	if (st == STUDY_COMPLETED)
		hook_fire(s, HPS_EV_COMPLETED, NULL);
	else if (st == STUDY_FAILED)
		hook_fire(s, HPS_EV_FAILED, NULL);
}

/* A running trial silent past stall: marked, logged, maybe stopped. */
static void
stalled(struct study *s, struct trial *t)
{
	char why[200];

	t->stalled = 1;
	snprintf(why, sizeof why, "trial %ld stalled: no output for %.0fs"
	    " (stall: %gs)%s", t->number, run_silent_for(t),
	    s->sp->life.stall, s->sp->life.stall_stop ? "; stopped" : "");
	log_warn("study %s: %s", s->sp->name, why);
	hook_fire(s, HPS_EV_STALLED, t);
	hook_store_raised(s->d);
	disk_check(s->d, hps_store_set_study_state(s->d->store, s->id,
	    study_state_name(s->state), why), "study %s: storing a stall",
	    s->sp->name);
	hook_start_raised(s->d);
	if (s->sp->life.stall_stop)
		run_stop(t, RUN_STOP_STALL);
}

/* Once a second: deadlines reached, hard stops, stalled trials. */
static void
check(struct study *s, double now)
{
	const struct hps_life *l = &s->sp->life;
	size_t i;

	if (s->life.deadline > 0 && now >= s->life.deadline &&
	    s->state == STUDY_RUNNING)
		out_of_time(s, s->life.deadline - now);
	for (i = 0; i < s->nmem && s->running > 0; i++) {
		struct trial *t = s->trials[i];

		if (t->run == NULL || t->state != HPS_T_RUNNING)
			continue;
		if (l->hard && s->life.deadline > 0 && now >= s->life.deadline)
			run_stop(t, RUN_STOP_DEADLINE);
		else if (l->stall > 0 && !t->stalled &&
		    run_silent_for(t) >= l->stall)
			stalled(s, t);
	}
}

static void
on_tick(uv_timer_t *timer)
{
	struct daemon *d = timer->data;
	double now = hps_store_now();
	struct study *s;

	TAILQ_FOREACH(s, &d->studies, entry)
		check(s, now);
}

void
life_init(struct daemon *d)
{
	uv_timer_init(d->loop, &d->life_timer);
	d->life_timer.data = d;
	uv_timer_start(&d->life_timer, on_tick, LIFE_TICK_MS, LIFE_TICK_MS);
	/* It watches; it never keeps the loop alive by itself. */
	uv_unref((uv_handle_t *)&d->life_timer);
}

void
life_close(struct daemon *d)
{
	uv_close((uv_handle_t *)&d->life_timer, NULL);
	hook_close_all(d);
}

void
life_free(struct study *s)
{
	hook_forget(s);
	free(s->life.durations);
}
