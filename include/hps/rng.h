/*
 * Small, seedable random numbers (xoshiro256** seeded by splitmix64). The
 * same seed gives the same stream on every machine.
 */
#ifndef HPS_RNG_H
#define HPS_RNG_H

#include <stdint.h>

struct hps_rng {
	uint64_t s[4];
};

/* Seed from one 64-bit value, or from a seed and a stream index (so the
 * k-th suggestion of a study can be drawn without replaying k-1 others). */
void hps_rng_seed(struct hps_rng *r, uint64_t seed);
void hps_rng_seed2(struct hps_rng *r, uint64_t seed, uint64_t stream);
uint64_t hps_rng_next(struct hps_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double hps_rng_uniform(struct hps_rng *r);
/* Standard normal. */
double hps_rng_normal(struct hps_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t hps_rng_below(struct hps_rng *r, uint64_t n);
/* One splitmix64 step: a good 64-bit mix of x. */
uint64_t hps_mix64(uint64_t x);

#endif
