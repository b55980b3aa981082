/* libFuzzer target: the space-file parser never crashes or leaks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "hps/error.h"
#include "hps/space.h"
#include "fuzz_values.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hps_space *sp;
	char err[HPS_ERRMAX];
	char **argv;

	if (hps_space_parse("/tmp/fuzz.yaml", (const char *)data, size, &sp, err,
	    sizeof err) == 0) {
		/* A parsed space must also build a trial's argv. */
		struct hps_value *v = fuzz_first_values(sp);

		if (v != NULL && hps_space_argv(sp, v, NULL, 0, &argv) == 0)
			hps_argv_free(argv);
		free(v);
		hps_space_free(sp);
	}
	return 0;
}
