/*
 * The scheduler: keeps every free slot busy. A global limit (hpsd --slots)
 * is shared by all studies, each study runs at most budget.parallel trials,
 * and studies take turns one trial at a time so none starves the others.
 * It runs from an idle handle, so events only ask for a pass (sched_kick)
 * and a cascade of failures never recurses.
 */
#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

/* A queued, lost or paused trial waiting to run (again), or NULL. */
static struct trial *
waiting_trial(struct study *s)
{
	size_t i;

	for (i = 0; i < s->nmem; i++)
		if (study_waits(s->trials[i]))
			return s->trials[i];
	return NULL;
}

/* A new trial from the strategy, or NULL when the study has no more. */
static struct trial *
next_trial(struct study *s)
{
	struct hps_value *params;
	struct trial *t;
	char err[HPS_ERRMAX];
	int rc;

	if (!study_may_add(s))
		return NULL;
	rc = study_next(s, &params, err, sizeof err);
	if (rc == HPS_EBUSY)
		return NULL;
	if (rc == HPS_EEXHAUSTED) {
		s->exhausted = 1;
		return NULL;
	}
	if (rc != 0) {
		study_set_state(s, STUDY_FAILED, err);
		return NULL;
	}
	/* No trial runs with a parameter that does not apply or a broken
	 * constraint, whatever a strategy proposes. */
	if (!hps_space_valid(s->sp, params)) {
		hps_values_free(params, s->sp->nparams);
		study_set_state(s, STUDY_FAILED, "the search proposed a point "
		    "outside the space's conditions or constraints");
		return NULL;
	}
	if ((t = study_new_trial(s, params, HPS_O_SEARCH, NULL, err,
	    sizeof err)) == NULL) {
		hps_values_free(params, s->sp->nparams);
		log_error("study %s: %s", s->sp->name, err);
	}
	return t;
}

/* Start one trial of s if it may; 1 when one was started. */
static int
start_one(struct daemon *d, struct study *s)
{
	struct trial *t;

	if (s->state != STUDY_RUNNING || s->running >= s->sp->parallel)
		return 0;
	/* Local trials take a local slot, and their GPUs must be free. */
	if (s->exec.ops->takes_local_slot && (d->running - d->remote >=
	    d->slots ||
	    gpu_free(d) < s->exec.gpus))
		return 0;
	if (!life_may_start(s))
		return 0;
	if ((t = waiting_trial(s)) == NULL && (t = next_trial(s)) == NULL) {
		study_check(s);
		return 0;
	}
	run_start(d, t);
	return 1;
}

static void
on_kick(uv_idle_t *idle)
{
	struct daemon *d = idle->data;
	struct study *s;
	int started = 1;

	uv_idle_stop(idle);
	study_retire_old(d);
	TAILQ_FOREACH(s, &d->studies, entry)
		study_collect(s);
	while (!d->stopping && !d->disk_full && started) {
		started = 0;
		TAILQ_FOREACH(s, &d->studies, entry)
			started |= start_one(d, s);
	}
}

void
sched_kick(struct daemon *d)
{
	uv_idle_start(&d->kick, on_kick);
}

void
sched_init(struct daemon *d)
{
	uv_idle_init(d->loop, &d->kick);
	d->kick.data = d;
}
