/*
 * Asking a study's strategy for its next configuration. Grid and random
 * answer in microseconds, on the loop thread. A slow strategy (a GP fit
 * and an acquisition search) runs on libuv's thread pool instead, so the
 * daemon keeps answering clients and collecting metrics while it thinks;
 * the answer is parked in study->ready and the scheduler kicked. While a
 * strategy thinks, only its own thread touches its state.
 */
#include <stdlib.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

struct ask_job {
	uv_work_t req;
	struct study *s;
	struct hps_trial_rec *recs;
	struct hps_ask ask;
	struct hps_value *params;
	int rc;
};

static void
job_free(struct ask_job *j)
{
	if (j == NULL)
		return;
	hps_values_free(j->params, j->s->sp->nparams);
	free(j);
}

static struct ask_job *
job_new(struct study *s)
{
	struct ask_job *j = calloc(1, sizeof *j);
	size_t ndone, npending;

	if (j == NULL)
		return NULL;
	j->s = s;
	j->req.data = j;
	if ((j->params = calloc(s->sp->nparams + 1, sizeof *j->params)) ==
	    NULL || study_history(s, &j->recs, &ndone,
	    &npending) != 0) {
		job_free(j);
		return NULL;
	}
	j->ask.space = s->sp;
	j->ask.done = j->recs;
	j->ask.ndone = ndone;
	j->ask.pending = j->recs + ndone;
	j->ask.npending = npending;
	j->ask.index = s->ntrials - (size_t)(s->given + s->imported +
	    s->repeats);
	j->ask.given = s->givens;
	j->ask.ngiven = s->ngivens;
	return j;
}

static void
job_run(struct ask_job *j)
{
	j->rc = j->s->type->suggest(j->s->search, &j->ask, j->params);
}

static void
on_work(uv_work_t *req)
{
	job_run(req->data);
}

static void
on_after_work(uv_work_t *req, int status)
{
	struct ask_job *j = req->data;
	struct study *s = j->s;

	s->thinking = 0;
	s->ready_rc = status != 0 ? HPS_EIO : j->rc;
	if (s->ready_rc == 0) {
		s->ready = j->params;
		j->params = NULL;
	}
	job_free(j);
	sched_kick(s->d);
}

/* The parked answer of a background suggestion, as study_next returns. */
static int
take_ready(struct study *s, struct hps_value **params)
{
	int rc = s->ready_rc;

	*params = s->ready;
	s->ready = NULL;
	s->ready_rc = 0;
	return rc;
}

static int
failed(struct study *s, int rc, char *err, size_t errlen)
{
	return hps_errf(err, errlen, rc, "%s search: %s", s->type->name,
	    hps_strerror(rc));
}

int
study_next(struct study *s, struct hps_value **params, char *err,
    size_t errlen)
{
	struct ask_job *j;
	int rc;

	*params = NULL;
	if (s->ready != NULL || s->ready_rc != 0) {
		if ((rc = take_ready(s, params)) != 0)
			return failed(s, rc, err, errlen);
		return 0;
	}
	if (s->thinking)
		return HPS_EBUSY;
	if ((j = job_new(s)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	if (s->type->slow) {
		s->thinking = 1;
		if (uv_queue_work(s->d->loop, &j->req, on_work,
		    on_after_work) == 0)
			return HPS_EBUSY;
		s->thinking = 0;	/* no thread pool: think here */
	}
	job_run(j);
	rc = j->rc;
	if (rc == 0) {
		*params = j->params;
		j->params = NULL;
	}
	job_free(j);
	return rc == 0 ? 0 : failed(s, rc, err, errlen);
}
