/*
 * Trial state and origin names, shared by the store, the queries and the
 * daemon.
 */
#include <string.h>

#include "hps/trial.h"

static const char *const names[HPS_T_NSTATES] = {
	"queued", "running", "completed", "failed", "timeout", "pruned", "lost",
	"pending", "imported", "paused",
};

static const char *const origins[HPS_O_N] = {
	"search", "point", "enqueued", "imported", "repeat",
};

/* The index of name in list[n], or -1. */
static int
lookup(const char *const *list, int n, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(list[i], name) == 0)
			return i;
	return -1;
}

const char *
hps_tstate_name(enum hps_tstate s)
{
	return (unsigned)s < HPS_T_NSTATES ? names[s] : "unknown";
}

int
hps_tstate_parse(const char *name)
{
	return lookup(names, HPS_T_NSTATES, name);
}

const char *
hps_origin_name(enum hps_origin o)
{
	return (unsigned)o < HPS_O_N ? origins[o] : "unknown";
}

int
hps_origin_parse(const char *name)
{
	return lookup(origins, HPS_O_N, name);
}
