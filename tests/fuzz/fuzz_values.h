/*
 * For the fuzz targets that go past the parser: the first value of each
 * parameter of a parsed space, as a trial might get it (none where the
 * parameter does not apply under the values before it), and whether its
 * constraints hold there.
 */
#ifndef HPS_FUZZ_VALUES_H
#define HPS_FUZZ_VALUES_H

#include <stdlib.h>

#include "hps/space.h"

/* sp->nparams values (calloc'ed, the caller frees), or NULL. */
static inline struct hps_value *
fuzz_first_values(const struct hps_space *sp)
{
	struct hps_value *v = calloc(sp->nparams + 1, sizeof *v);
	size_t i, k;

	for (k = 0; v != NULL && k < sp->nparams; k++) {
		i = hps_space_at(sp, k);
		if (!hps_space_active(sp, v, i))
			v[i].kind = HPS_V_NONE;
		else if (sp->params[i].type == HPS_P_CAT ||
		    sp->params[i].type == HPS_P_CONST)
			v[i] = sp->params[i].values[0];
		else {
			v[i].kind = sp->params[i].type == HPS_P_INT ?
			    HPS_V_INT : HPS_V_FLOAT;
			v[i].num = sp->params[i].min;
		}
	}
	if (v != NULL)
		(void)hps_space_feasible(sp, v);
	return v;
}

#endif
