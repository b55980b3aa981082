/*
 * Points given to a study rather than proposed by its method: the
 * warm_start points of its file, queued in order when the study is
 * stored, and hps enqueue's, queued while it runs. Both count toward the
 * budget and run before the method's next proposal (the scheduler starts
 * queued trials first); a method that reads the history learns from
 * their results like any trial's.
 */
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hps/point.h"
#include "hpsd.h"

/* Queue vals (taken over, freed on error). */
static struct trial *
give(struct study *s, struct hps_value *vals, enum hps_origin origin,
    char *err, size_t errlen)
{
	struct trial *t = study_new_trial(s, vals, origin, NULL, err, errlen);

	if (t == NULL)
		hps_values_free(vals, s->sp->nparams);
	return t;
}

int
warm_points(struct study *s, char *err, size_t errlen)
{
	const struct hps_life *l = &s->sp->life;
	struct hps_value *vals;
	size_t i, k;

	for (i = 0; i < l->npoints; i++) {
		if ((vals = calloc(s->sp->nparams + 1, sizeof *vals)) == NULL)
			return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
		for (k = 0; k < s->sp->nparams; k++)
			if (hps_value_copy(&vals[k], &l->points[i].vals[k]) != 0) {
				hps_values_free(vals, s->sp->nparams);
				return hps_errf(err, errlen, HPS_ENOMEM,
				    "out of memory");
			}
		if (give(s, vals, HPS_O_POINT, err, errlen) == NULL)
			return HPS_EIO;
	}
	if (l->npoints > 0)
		log_info("study %s: %zu warm_start points queued", s->sp->name,
		    l->npoints);
	return 0;
}

/* Whether s may take one more trial now; else why not, in err. */
static int
may_enqueue(const struct study *s, char *err, size_t errlen)
{
	const struct hps_space *sp = s->sp;

	if (s->state != STUDY_RUNNING && s->state != STUDY_PAUSED &&
	    s->state != STUDY_WAITING)
		return hps_errf(err, errlen, HPS_ESTATE, "study '%s' is %s;"
		    " hps enqueue adds to a running or paused study",
		    sp->name, study_state_name(s->state));
	if (sp->trials > 0 && study_spent(s) >= sp->trials)
		return hps_errf(err, errlen, HPS_ESTATE, "study '%s' has used"
		    " its budget of %ld trials, which enqueued points count"
		    " toward; raise it first (hps budget %s --trials %ld)",
		    sp->name, sp->trials, sp->name, sp->trials + 1);
	return 0;
}

struct trial *
warm_enqueue(struct study *s, json_t *words, char *err, size_t errlen)
{
	size_t i, n = json_array_size(words);
	struct hps_value *vals;
	char **w;
	int rc;

	if (may_enqueue(s, err, errlen) != 0)
		return NULL;
	w = calloc(n + 1, sizeof *w);
	vals = calloc(s->sp->nparams + 1, sizeof *vals);
	for (i = 0; w != NULL && i < n; i++)
		if ((w[i] = (char *)json_string_value(json_array_get(words,
		    i))) == NULL) {
			hps_errf(err, errlen, HPS_EINVAL, "each value must be"
			    " a string name=value");
			break;
		}
	if (w == NULL || vals == NULL)
		hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	rc = w == NULL || vals == NULL || i < n ? HPS_EINVAL :
	    hps_point_parse(s->sp, w, n, vals, err, errlen);
	free(w);
	if (rc != 0) {
		free(vals);
		return NULL;
	}
	return give(s, vals, HPS_O_ENQUEUED, err, errlen);
}

/* ---- warm_start.from: earlier studies' trials imported ---- */

struct importing {
	struct study *s;
	struct hps_import *im;
	const char *source;
	int dry;
	long count;
	int rc;
	char *err;
	size_t errlen;
};

static int
import_one(const struct hps_store_named *r, void *arg)
{
	struct importing *g = arg;
	struct hps_value *vals;
	struct trial *t;
	char source[128];
	int rc;

	if ((vals = calloc(g->s->sp->nparams + 1, sizeof *vals)) == NULL)
		return HPS_ENOMEM;
	if ((rc = hps_import_offer(g->im, r->names, r->vals, r->n, vals)) <= 0) {
		free(vals);
		return rc;
	}
	g->count++;
	if (g->dry) {
		hps_values_free(vals, g->s->sp->nparams);
		return 0;
	}
	snprintf(source, sizeof source, "%s#%ld", g->source, r->number);
	if ((t = study_new_trial(g->s, vals, HPS_O_IMPORTED, source, g->err,
	    g->errlen)) == NULL) {
		hps_values_free(vals, g->s->sp->nparams);
		return HPS_EIO;
	}
	trial_imported(t, r->objective, source);
	life_loaded(g->s, t);
	return 0;
}

static int
named_study(const struct hps_store_study *row, void *arg)
{
	return strcmp(row->name, arg) == 0;
}

/* The trials of one study named in from (the k-th). */
static int
import_from(struct importing *g, size_t k, long *outside)
{
	const struct hps_space *sp = g->s->sp;
	const int *pos = &sp->life.from_pos[2 * k];
	int rc;

	g->source = sp->life.from[k];
	if (strcmp(g->source, sp->name) == 0 || hps_store_each_study(
	    g->s->d->store, named_study, (void *)g->source) != 1)
		return hps_space_errat(sp, pos[0], pos[1], g->err, g->errlen,
		    "warm_start.from: no earlier study named '%s' (hps status"
		    " lists them)", g->source);
	if ((rc = hps_import_new(sp, &g->im)) != 0)
		return hps_errf(g->err, g->errlen, rc, "out of memory");
	rc = hps_store_each_result(g->s->d->store, g->source, import_one, g);
	if (rc == 0 && g->dry)
		rc = hps_import_check(g->im, g->source, g->err, g->errlen);
	if (rc == HPS_EINVAL) {
		char why[HPS_ERRMAX];

		snprintf(why, sizeof why, "%s", g->err);
		hps_space_errat(sp, pos[0], pos[1], g->err, g->errlen,
		    "warm_start.from: %s", why);
	}
	else if (rc != 0 && rc != HPS_EIO)
		hps_errf(g->err, g->errlen, rc, "importing study '%s': %s",
		    g->source, hps_strerror(rc));
	*outside += hps_import_outside(g->im);
	hps_import_free(g->im);
	g->im = NULL;
	return rc;
}

int
warm_import(struct study *s, int dry, json_t **counts, char *err,
    size_t errlen)
{
	struct importing g = {s, NULL, NULL, dry, 0, 0, err, errlen};
	long outside = 0;
	size_t k;
	int rc = 0;

	for (k = 0; rc == 0 && k < s->sp->life.nfrom; k++)
		rc = import_from(&g, k, &outside);
	if (rc == 0 && !dry && g.count > 0) {
		s->order_stale = 1;
		log_info("study %s: %ld trials imported (warm_start.from)",
		    s->sp->name, g.count);
	}
	if (counts != NULL)
		*counts = rc == 0 ? json_pack("{s:I, s:I}", "imported",
		    (json_int_t)g.count, "outside", (json_int_t)outside) : NULL;
	return rc;
}
