/* Trial state names, shared by the store, the queries and the daemon. */
#include <string.h>

#include "hps/trial.h"

static const char *const names[HPS_T_NSTATES] = {
	"queued", "running", "completed", "failed", "timeout", "pruned", "lost",
	"pending",
};

const char *
hps_tstate_name(enum hps_tstate s)
{
	return (unsigned)s < HPS_T_NSTATES ? names[s] : "unknown";
}

int
hps_tstate_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < HPS_T_NSTATES; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}
