/*
 * libFuzzer target: the W&B sweep translator never crashes or leaks, and
 * whatever it accepts parses as a space file whose trials get an argv and
 * a W&B run config file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/space.h"
#include "hps/wandb.h"
#include "fuzz_values.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hps_space *sp;
	struct hps_value *v;
	char err[HPS_ERRMAX], *yaml, **argv;

	hps_wandb_is_sweep((const char *)data, size);
	if (hps_wandb_translate("/tmp/fuzz.yaml", (const char *)data, size,
	    &yaml, err, sizeof err) != 0)
		return 0;
	if (hps_space_parse("/tmp/fuzz.yaml", yaml, strlen(yaml), &sp, err,
	    sizeof err) != 0)
		abort();	/* the translator promises a parsable file */
	if ((v = fuzz_first_values(sp)) != NULL) {
		if (hps_space_argv(sp, v, NULL, 0, &argv) == 0)
			hps_argv_free(argv);
		free(hps_wandb_config_text(sp, v));
		free(v);
	}
	hps_space_free(sp);
	free(yaml);
	return 0;
}
