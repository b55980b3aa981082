/* xoshiro256** seeded through splitmix64 (Blackman and Vigna). */
#include <math.h>

#include "hps/rng.h"

uint64_t
hps_mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void
hps_rng_seed(struct hps_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++) {
		seed += 0x9e3779b97f4a7c15ULL;
		r->s[i] = hps_mix64(seed);
	}
}

void
hps_rng_seed2(struct hps_rng *r, uint64_t seed, uint64_t stream)
{
	hps_rng_seed(r, hps_mix64(seed) ^ hps_mix64(~stream));
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
hps_rng_next(struct hps_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double
hps_rng_uniform(struct hps_rng *r)
{
	return (double)(hps_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Box-Muller; 1 - u is in (0, 1], so the log is finite. */
double
hps_rng_normal(struct hps_rng *r)
{
	double u = hps_rng_uniform(r), v = hps_rng_uniform(r);

	return sqrt(-2 * log(1 - u)) * cos(2 * M_PI * v);
}

uint64_t
hps_rng_below(struct hps_rng *r, uint64_t n)
{
	uint64_t x, limit = -n % n;	/* 2^64 mod n: reject below it */

	do
		x = hps_rng_next(r);
	while (x < limit);
	return x % n;
}
