/* The version text, generated at build time by cmake/version.cmake. */
#include "hps/version.h"
#include "hps/proto.h"
#include "hps/store.h"
#include "hps_version_text.h"

const char *
hps_version(void)
{
	return HPS_VERSION_TEXT;
}

void
hps_version_print(FILE *fp, const char *prog)
{
	fprintf(fp, "%s %s\nprotocol %d, database schema %d\n", prog,
	    HPS_VERSION_TEXT, HPS_PROTO_VERSION, HPS_STORE_VERSION);
}
