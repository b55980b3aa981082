/*
 * Live events for `hps watch` and `hps submit --wait`: a snapshot of the
 * studies from memory, then one JSON line per change pushed to the
 * clients that subscribed (trial started or finished, a new objective
 * value, a study's state). With several objectives a study names them and
 * carries its live Pareto front (front.c), a trial carries each one's
 * value, and a feasible completed trial is followed by a "front" event.
 * Nothing here polls the database.
 */
#include <math.h>
#include <string.h>

#include "hps/proto.h"
#include "hps/store.h"
#include "hpsd.h"

/* With several objectives, t's value of each (null: none yet). */
static json_t *
values_json(const struct trial *t)
{
	const struct hps_space *sp = t->study->sp;
	json_t *a = json_array();
	size_t k;

	for (k = 0; k < sp->nobj; k++)
		json_array_append_new(a, k == 0 ? (t->has_objective ?
		    json_real(t->objective) : json_null()) : isnan(t->obj[k]) ?
		    json_null() : json_real(t->obj[k]));
	return a;
}

/* A running trial: its last step and value, its parameters, and with
 * several objectives each one's value so far. */
static json_t *
running_json(const struct trial *t)
{
	json_t *o = json_pack("{s:I, s:o, s:o, s:o}", "trial",
	    (json_int_t)t->number, "step", hps_proto_step(t->last_step),
	    "value", t->has_last ? json_real(t->last_value) : json_null(),
	    "params", hps_space_params_json(t->study->sp, t->params));

	if (t->study->sp->nobj > 1)
		json_object_set_new(o, "values", values_json(t));
	return o;
}

/* Counts by state, the best completed trial (by the first objective),
 * and the running ones. */
static json_t *
study_json(const struct study *s)
{
	json_t *counts = json_object(), *running = json_array(), *o;
	const struct trial *best = s->best_gone, *t;
	size_t i;
	int k;

	for (i = 0; i < s->nmem; i++) {
		t = s->trials[i];
		if (trial_rankable(t) && (best == NULL || trial_better(s->sp, t->objective,
		    best->objective)))
			best = t;
		if (t->run != NULL)
			json_array_append_new(running, running_json(t));
	}
	for (k = 0; k < HPS_T_NSTATES; k++)
		json_object_set_new(counts, hps_tstate_name(k),
		    json_integer(study_count(s, k)));
	o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:I, s:i, s:o, s:o, s:f}",
	    "name", s->sp->name, "state", study_state_name(s->state), "method",
	    s->sp->method, "metric", s->sp->metric, "goal",
	    hps_space_goal(s->sp), "budget",
	    (json_int_t)s->sp->trials, "parallel", s->sp->parallel, "counts",
	    counts, "running", running, "now", hps_store_now());
	json_object_set_new(o, "created", json_real(s->created));
	json_object_set_new(o, "best", best ? json_real(best->objective) :
	    json_null());
	json_object_set_new(o, "best_trial", best ? json_integer(best->number) :
	    json_null());
	json_object_set_new(o, "best_params", best ?
	    hps_space_params_json(s->sp, best->params) : json_null());
	if (s->sp->nobj > 1) {
		json_object_set_new(o, "objectives",
		    hps_space_objectives_json(s->sp));
		json_object_set_new(o, "front", front_json(s));
	}
	return o;
}

json_t *
events_snapshot(struct daemon *d, const char *study)
{
	json_t *list = json_array();
	struct study *s;

	TAILQ_FOREACH(s, &d->studies, entry)
		if (study == NULL || strcmp(study, s->sp->name) == 0)
			json_array_append_new(list, study_json(s));
	return json_pack("{s:o}", "studies", list);
}

/* Every event carries the study's whole summary: clients keep no sums. */
static void
publish(struct study *s, json_t *ev)
{
	if (!server_has_watchers(s->d)) {
		json_decref(ev);
		return;
	}
	json_object_set_new(ev, "summary", study_json(s));
	server_publish(s->d, s->sp->name, ev);
}

void
events_trial(struct trial *t)
{
	struct study *s = t->study;
	json_t *ev;

	if (!server_has_watchers(s->d))
		return;
	ev = json_pack("{s:s, s:s, s:I, s:s, s:o}", "event", "trial",
	    "study", s->sp->name, "trial", (json_int_t)t->number, "state",
	    hps_tstate_name(t->state), "objective", t->has_objective ?
	    json_real(t->objective) : json_null());
	if (s->sp->nobj > 1)
		json_object_set_new(ev, "objectives", values_json(t));
	publish(s, ev);
}

void
events_metric(struct trial *t)
{
	struct study *s = t->study;

	if (!server_has_watchers(s->d))
		return;
	publish(s, json_pack("{s:s, s:s, s:I, s:o, s:f}", "event", "metric",
	    "study", s->sp->name, "trial", (json_int_t)t->number, "step",
	    hps_proto_step(t->last_step), "value", t->last_value));
}

void
events_study(struct study *s)
{
	if (!server_has_watchers(s->d))
		return;
	publish(s, json_pack("{s:s, s:s, s:s}", "event", "study", "study",
	    s->sp->name, "state", study_state_name(s->state)));
}

void
events_front(struct study *s, const struct trial *t, int joined)
{
	if (!server_has_watchers(s->d))
		return;
	publish(s, json_pack("{s:s, s:s, s:I, s:b, s:o}", "event", "front",
	    "study", s->sp->name, "trial", (json_int_t)t->number, "joined",
	    joined, "front", front_json(s)));
}
