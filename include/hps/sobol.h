/*
 * Scrambled Sobol points for space-filling starts (random, genetic and
 * bayes start-ups, acquisition candidates). Point i depends only on
 * (dims, seed, i), so a study that restarts continues the same sequence.
 */
#ifndef HPS_SOBOL_H
#define HPS_SOBOL_H

#include <stddef.h>
#include <stdint.h>

/* Most dimensions supported. */
#define HPS_SOBOL_MAXDIM 64

struct hps_sobol;

/* HPS_EINVAL when dims is 0 or above HPS_SOBOL_MAXDIM; HPS_ENOMEM. */
int hps_sobol_new(size_t dims, uint64_t seed, struct hps_sobol **out);
/* The index-th point, each coordinate in [0, 1). */
void hps_sobol_point(const struct hps_sobol *s, uint64_t index, double *x);
void hps_sobol_free(struct hps_sobol *s);

#endif
