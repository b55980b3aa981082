/*
 * confirm: (hps/space.h): once the search has nothing left to run, the top
 * configurations run again, repeat k of each with seed k (the first run
 * had seed 0), so hps best can rank them by their mean.
 *
 * The top trials are the first `top` that hps best lists (by the
 * objective; with several objectives the Pareto front, by the first),
 * and they and the repeats already queued are read from the store each
 * time, so the choice is the same after a restart and a repeat is never
 * queued twice: the repeats of a study are the rows that name the trial
 * they repeat, and their seeds. Repeats are not in budget.trials and
 * never reach the search strategy or the early-stopping rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hps/query.h"
#include "hpsd.h"

/* One of the top trials: its number and a copy of its point. */
struct top {
	long number;
	struct hps_value *params;
};

struct pick {
	struct study *s;
	struct top top[HPS_CONFIRM_MAX];
	size_t ntop;
	/* The repeats stored: (repeat_of, seed) pairs. */
	long (*have)[2];
	size_t nhave, havecap;
	int oom;
};

static struct hps_value *
copy_params(const struct hps_space *sp, const struct hps_value *v)
{
	struct hps_value *c = calloc(sp->nparams + 1, sizeof *c);
	size_t i;

	for (i = 0; c != NULL && i < sp->nparams; i++)
		if (hps_value_copy(&c[i], &v[i]) != 0) {
			hps_values_free(c, sp->nparams);
			return NULL;
		}
	return c;
}

static void
note_repeat(struct pick *p, const struct hps_store_trial *row)
{
	long (*h)[2];

	if (p->nhave == p->havecap) {
		h = realloc(p->have, (p->havecap * 2 + 16) * sizeof *h);
		if (h == NULL) {
			p->oom = 1;
			return;
		}
		p->have = h;
		p->havecap = p->havecap * 2 + 16;
	}
	p->have[p->nhave][0] = row->repeat_of;
	p->have[p->nhave++][1] = (long)row->seed;
}

/* The top trials' numbers, as hps best ranks them, into p. */
static int
top_numbers(struct pick *p)
{
	struct study *s = p->s;
	json_t *args, *res = NULL, *r;
	char err[HPS_ERRMAX];
	size_t i;
	int rc;

	/* The further objectives are read from the metric rows. */
	if ((rc = hps_store_flush(s->d->store)) != 0)
		return rc;
	args = json_pack("{s:s, s:I}", "study", s->sp->name, "top",
	    (json_int_t)s->sp->confirm.top);
	if (args == NULL)
		return HPS_ENOMEM;
	rc = hps_query_run(s->d->store, "best", args, &res, err, sizeof err);
	json_decref(args);
	if (rc != 0)
		return rc;
	json_array_foreach(json_object_get(res, "trials"), i, r)
		if (p->ntop < HPS_CONFIRM_MAX)
			p->top[p->ntop++].number = (long)json_integer_value(
			    json_object_get(r, "number"));
	json_decref(res);
	return 0;
}

/* The top trial numbered number, or NULL. */
static struct top *
top_of(struct pick *p, long number)
{
	size_t i;

	for (i = 0; i < p->ntop; i++)
		if (p->top[i].number == number)
			return &p->top[i];
	return NULL;
}

static int
pick_row(const struct hps_store_trial *row, void *arg)
{
	struct pick *p = arg;
	struct top *t;

	if (row->origin == HPS_O_REPEAT)
		note_repeat(p, row);
	else if ((t = top_of(p, row->number)) != NULL &&
	    (t->params = copy_params(p->s->sp, row->params)) == NULL)
		p->oom = 1;
	return p->oom ? HPS_ENOMEM : 0;
}

static int
stored(const struct pick *p, long number, long seed)
{
	size_t i;

	for (i = 0; i < p->nhave; i++)
		if (p->have[i][0] == number && p->have[i][1] == seed)
			return 1;
	return 0;
}

/* Queue the repeats of top that are missing; how many. */
static long
queue_missing(struct pick *p, const struct top *top)
{
	struct study *s = p->s;
	struct hps_value *params;
	char err[HPS_ERRMAX];
	long k, n = 0;

	for (k = 1; k <= s->sp->confirm.repeats; k++) {
		if (stored(p, top->number, k))
			continue;
		snprintf(err, sizeof err, "out of memory");
		if ((params = copy_params(s->sp, top->params)) == NULL ||
		    study_new_repeat(s, params, top->number, (unsigned long)k,
		    err, sizeof err) == NULL) {
			log_error("study %s: queueing a repeat of trial %ld: %s",
			    s->sp->name, top->number, err);
			hps_values_free(params, s->sp->nparams);
			break;
		}
		n++;
	}
	return n;
}

long
confirm_begin(struct study *s)
{
	struct pick p = {.s = s};
	long n = 0;
	size_t i;

	if (s->sp->confirm.top <= 0)
		return 0;
	if (disk_check(s->d, top_numbers(&p), "study %s: choosing the trials"
	    " to confirm", s->sp->name) == 0 && disk_check(s->d,
	    hps_store_each_trial(s->d->store, s->id, s->sp, pick_row, &p),
	    "study %s: reading the trials to confirm", s->sp->name) == 0)
		for (i = 0; i < p.ntop; i++)
			if (p.top[i].params != NULL)
				n += queue_missing(&p, &p.top[i]);
	for (i = 0; i < p.ntop; i++)
		hps_values_free(p.top[i].params, s->sp->nparams);
	free(p.have);
	if (n > 0)
		log_info("study %s: budget spent; %ld repeats of the top %zu"
		    " trials queued (confirm:)", s->sp->name, n, p.ntop);
	return n;
}
