/*
 * A trial: its lifecycle and its objective. A trial's state changes here
 * alone, as a study's does in study_set_state: the state in memory, its
 * store write, the watchers' event and the log line go together. Which
 * store write depends on the change: a run's start records its process
 * and directory, its end its result, a run lost with hpsd counts the
 * crash, anything else the state alone. The objective follows the study's
 * metric as the trial's metric lines arrive: its last or best value and
 * the step where it was seen; the study's further objectives (each by its
 * own summary, and into the early-stopping rule) and the metrics of its
 * limits are followed too, for the strategies and the feasibility test
 * when the trial completes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/limits.h"
#include "hps/log.h"
#include "hpsd.h"

struct trial *
trial_new(struct study *s, long number, enum hps_tstate st,
    struct hps_value *params)
{
	struct trial *t;

	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	t->study = s;
	t->number = number;
	t->state = st;
	t->params = params;
	t->repeat_of = -1;
	if ((s->sp->nlimits > 0 && (t->limit_last = calloc(s->sp->nlimits,
	    sizeof *t->limit_last)) == NULL) || (s->sp->nobj > 0 &&
	    (t->obj = calloc(s->sp->nobj, sizeof *t->obj)) == NULL)) {
		free(t->limit_last);
		free(t);
		return NULL;
	}
	trial_forget_values(t);
	return t;
}

void
trial_forget_values(struct trial *t)
{
	size_t i;

	for (i = 0; i < t->study->sp->nobj; i++)
		t->obj[i] = NAN;
	for (i = 0; i < t->study->sp->nlimits; i++)
		t->limit_last[i] = NAN;
}

void
trial_free(struct trial *t)
{
	if (t == NULL)
		return;
	hps_values_free(t->params, t->study->sp->nparams);
	disk_forget(t);
	free(t->limit_last);
	free(t->obj);
	free(t);
}

/* The change itself in memory; the caller stores it before it returns
 * to the loop. */
static void
changed(struct trial *t, enum hps_tstate st, const char *why)
{
	t->state = st;
	events_trial(t);
	log_debug("study %s: trial %ld %s%s%s", t->study->sp->name, t->number,
	    hps_tstate_name(st), why ? ": " : "", why ? why : "");
}

void
trial_set_state(struct trial *t, enum hps_tstate st, const char *why)
{
	struct daemon *d = t->study->d;

	disk_check(d, hps_store_trial_state(d->store, t->id, st),
	    "study %s: trial %ld %s", t->study->sp->name, t->number,
	    hps_tstate_name(st));
	changed(t, st, why);
}

void
trial_started(struct trial *t, enum hps_tstate st, const struct exec_id *id,
    const char *dir)
{
	struct daemon *d = t->study->d;
	int rc;

	t->has_objective = 0;
	t->has_last = 0;
	t->started = hps_store_now();
	t->stalled = 0;
	t->infeasible = 0;
	trial_forget_values(t);
	rc = hps_store_trial_start(d->store, t->id, id->pid, id->start, dir,
	    t->has_resume_step ? &t->resume_step : NULL);
	if (rc == 0 && st != HPS_T_RUNNING)
		rc = hps_store_trial_state(d->store, t->id, st);
	disk_check(d, rc, "study %s: starting trial %ld", t->study->sp->name,
	    t->number);
	resume_replay(t);
	changed(t, st, NULL);
}

/* The result, and the events it raises, stored in one transaction. */
void
trial_ended(struct trial *t, const struct hps_store_result *res)
{
	struct daemon *d = t->study->d;

	t->crashes += res->crashed != 0;
	changed(t, res->state, res->error);
	life_trial_ending(t->study, t);
	hook_store_raised(d);
	disk_record(d, t, res);
	hook_start_raised(d);
	study_trial_done(t->study, t);
}

void
trial_imported(struct trial *t, double objective, const char *source)
{
	struct hps_store_result res = {0};
	char why[160];

	res.state = HPS_T_IMPORTED;
	res.has_objective = 1;
	res.objective = objective;
	res.exit_code = -1;
	t->has_objective = 1;
	t->objective = objective;
	if (t->obj != NULL)
		t->obj[0] = objective;
	t->ended = hps_store_now();
	disk_record(t->study->d, t, &res);
	snprintf(why, sizeof why, "from %s", source);
	changed(t, HPS_T_IMPORTED, why);
}

void
trial_crashed(struct trial *t, enum hps_tstate st, const char *why)
{
	struct daemon *d = t->study->d;

	t->crashes++;
	disk_check(d, hps_store_trial_crashed(d->store, t->id, st, why),
	    "study %s: trial %ld %s", t->study->sp->name, t->number,
	    hps_tstate_name(st));
	changed(t, st, why);
}

int
trial_better(const struct hps_space *sp, double a, double b)
{
	return sp->goal == HPS_MAXIMIZE ? a > b : a < b;
}

void
trial_observe(struct trial *t, double step, double value)
{
	const struct hps_space *sp = t->study->sp;

	if (sp->summary == HPS_SUM_LAST || !t->has_objective ||
	    trial_better(sp, value, t->objective)) {
		t->objective = value;
		t->best_step = step;
	}
	if (t->obj != NULL)
		t->obj[0] = t->objective;
	t->has_objective = 1;
	t->has_last = 1;
	t->last_step = step;
	t->last_value = value;
}

int
trial_rankable(const struct trial *t)
{
	return t->state == HPS_T_COMPLETED && t->has_objective &&
	    !t->infeasible;
}

/* A limited metric's last value, or a further objective's by its
 * summary: the objective's index k >= 1, or 0 when name is none. */
static size_t
follow_value(struct trial *t, const char *name, size_t len, double value)
{
	const struct hps_space *sp = t->study->sp;
	const struct hps_objective *o;
	long k, l;

	if ((l = hps_limits_index(sp, name, len)) >= 0)
		t->limit_last[l] = value;
	if ((k = hps_space_objective_index(sp, name, len)) < 1)
		return 0;
	o = &sp->objectives[k];
	if (o->summary == HPS_SUM_LAST || isnan(t->obj[k]) ||
	    hps_objective_min(o, value) < hps_objective_min(o, t->obj[k]))
		t->obj[k] = value;
	return (size_t)k;
}

void
trial_follow(struct trial *t, const char *name, size_t len, double step,
    double value)
{
	size_t k = follow_value(t, name, len, value);

	if (k > 0 && t->origin != HPS_O_REPEAT)
		hps_pruner_report_more(t->study->pruner, t->number, k, step,
		    value);
}

void
trial_recall(struct trial *t, const char *name, double step, double value)
{
	const struct hps_space *sp = t->study->sp;

	if (sp->metric != NULL && strcmp(name, sp->metric) == 0)
		trial_observe(t, step, value);
	else
		follow_value(t, name, strlen(name), value);
}

/* The limits' metrics and the further objectives on the line. */
static void
follow_line(struct trial *t, const struct hps_metric_line *ml)
{
	size_t i;

	for (i = 0; i < ml->n; i++)
		if (ml->m[i].finite)
			trial_follow(t, ml->m[i].name, ml->m[i].namelen,
			    ml->step, ml->m[i].value);
}

const char *
trial_unreported(const struct trial *t)
{
	const struct hps_space *sp = t->study->sp;
	size_t k;

	if (!t->has_objective)
		return sp->metric;
	for (k = 1; k < sp->nobj; k++)
		if (isnan(t->obj[k]))
			return sp->objectives[k].metric;
	return NULL;
}

int
trial_metric(struct trial *t, const struct hps_metric_line *ml,
    double *value)
{
	const struct hps_space *sp = t->study->sp;
	size_t i, n;
	int found = 0;

	follow_line(t, ml);
	if (sp->metric == NULL)
		return 0;
	n = strlen(sp->metric);
	for (i = 0; i < ml->n; i++) {
		const struct hps_metric *m = &ml->m[i];

		if (!m->finite || m->namelen != n ||
		    memcmp(m->name, sp->metric, n) != 0)
			continue;
		trial_observe(t, ml->step, m->value);
		*value = m->value;
		found = 1;
	}
	return found;
}
