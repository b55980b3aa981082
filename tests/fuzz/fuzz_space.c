/* libFuzzer target: the space-file parser never crashes or leaks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "hps/error.h"
#include "hps/space.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hps_space *sp;
	char err[HPS_ERRMAX];
	char **argv;

	if (hps_space_parse("/tmp/fuzz.yaml", (const char *)data, size, &sp, err,
	    sizeof err) == 0) {
		struct hps_value *v = calloc(sp->nparams + 1, sizeof *v);
		size_t i;

		/* A parsed space must also build a trial's argv. */
		for (i = 0; v != NULL && i < sp->nparams; i++)
			if (sp->params[i].type == HPS_P_CAT ||
			    sp->params[i].type == HPS_P_CONST)
				v[i] = sp->params[i].values[0];
			else {
				v[i].kind = sp->params[i].type == HPS_P_INT ?
				    HPS_V_INT : HPS_V_FLOAT;
				v[i].num = sp->params[i].min;
			}
		if (v != NULL && hps_space_argv(sp, v, NULL, &argv) == 0)
			hps_argv_free(argv);
		free(v);
		hps_space_free(sp);
	}
	return 0;
}
