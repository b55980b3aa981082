/*
 * hps-mlp: train a multilayer perceptron on Fashion-MNIST and report
 * per-epoch metrics as `key=value` lines on stdout, the trial protocol of
 * hpsd. It uses none of the daemon's code; it is what a user's own
 * training program looks like to the daemon.
 *
 * Exit status: 0 done, 1 data or training failure, 2 usage error.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#if defined(__SSE2__)
#include <pmmintrin.h>
#include <xmmintrin.h>
#endif

#include "data.h"
#include "opts.h"
#include "train.h"

/*
 * Flush subnormal floats to zero, as TensorFlow does on its CPU threads.
 * Adam's moments of a rarely active weight decay geometrically into the
 * subnormal range, where each operation on them costs a microcode assist:
 * without this, epochs at batch 32 grow slower by the epoch. Values that
 * small change nothing the model computes.
 */
static void
flush_denormals(void)
{
#if defined(__SSE2__)
	_MM_SET_FLUSH_ZERO_MODE(_MM_FLUSH_ZERO_ON);
	_MM_SET_DENORMALS_ZERO_MODE(_MM_DENORMALS_ZERO_ON);
#endif
}

int
main(int argc, char **argv)
{
	struct options o;
	struct dataset d;
	char err[512];
	int rc;

	if (opts_parse(&o, argc, argv, err, sizeof err) != 0) {
		fprintf(stderr, "hps-mlp: %s\nusage: hps-mlp [--option value | "
		    "--option=value] ... (--help lists the options)\n", err);
		return 2;
	}
	if (o.help) {
		opts_usage(stdout);
		return 0;
	}
	flush_denormals();
	/* One thread unless asked: trials already run side by side. */
	openblas_set_num_threads((int)o.threads);
	if (data_load(&d, o.data, (int)o.subset, (int)o.val_subset, err,
	    sizeof err) != 0) {
		fprintf(stderr, "hps-mlp: %s\n", err);
		return 1;
	}
	rc = train_run(&o, &d, stdout);
	data_free(&d);
	return rc;
}
