/*
 * Points given to a study rather than proposed by its method: the
 * warm_start points of its file, queued in order when the study is
 * stored, and hps enqueue's, queued while it runs. Both count toward the
 * budget and run before the method's next proposal (the scheduler starts
 * queued trials first); a method that reads the history learns from
 * their results like any trial's.
 */
#include <stdlib.h>

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
	if (sp->trials > 0 && (long)s->ntrials - s->imported >= sp->trials)
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
