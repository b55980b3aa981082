/*
 * A trial's objective as its metric lines arrive: the last or the best
 * value of the study's metric, and the step where it was seen.
 */
#include <stdlib.h>
#include <string.h>

#include "hpsd.h"

void
trial_free(struct trial *t)
{
	if (t == NULL)
		return;
	hps_values_free(t->params, t->study->sp->nparams);
	disk_forget(t);
	free(t);
}

int
trial_better(const struct hps_space *sp, double a, double b)
{
	return sp->goal == HPS_MAXIMIZE ? a > b : a < b;
}

int
trial_metric(struct trial *t, const struct hps_metric_line *ml,
    double *value)
{
	const struct hps_space *sp = t->study->sp;
	size_t i, n = strlen(sp->metric);
	int found = 0;

	for (i = 0; i < ml->n; i++) {
		const struct hps_metric *m = &ml->m[i];

		if (!m->finite || m->namelen != n ||
		    memcmp(m->name, sp->metric, n) != 0)
			continue;
		if (sp->summary == HPS_SUM_LAST || !t->has_objective ||
		    trial_better(sp, m->value, t->objective)) {
			t->objective = m->value;
			t->best_step = ml->step;
		}
		t->has_objective = 1;
		t->has_last = 1;
		t->last_step = ml->step;
		t->last_value = m->value;
		*value = m->value;
		found = 1;
	}
	return found;
}
