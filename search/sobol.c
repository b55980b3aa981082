/*
 * Scrambled Sobol points (see hps/sobol.h).
 *
 * The generator matrices come from Joe and Kuo's direction numbers
 * (new-joe-kuo-6.21201, the first 64 dimensions); dimension 0 is the van
 * der Corput sequence. Each dimension is scrambled with a random lower
 * triangular binary matrix (a linear matrix scramble, Matousek 1998)
 * followed by a random digital shift, both drawn from the seed. Both
 * preserve the net property, so the first 2^k points still fall one per
 * dyadic interval of width 2^-k in every coordinate, while different seeds
 * give independent-looking point sets.
 *
 * Point i is computed directly from the bits of i (no Gray code, no state),
 * so it costs one XOR per set bit per dimension and any index can be
 * asked for in any order. The nets have 32 digits; the bits below them are
 * filled from a hash of (seed, dimension, index), so points are not stuck
 * on a 2^-32 lattice and indices past 2^32 still differ.
 */
#include <stdlib.h>

#include "hps/error.h"
#include "hps/rng.h"
#include "hps/sobol.h"

#define SOBOL_BITS 32
/* Highest degree of a primitive polynomial in the table. */
#define SOBOL_MAXDEG 9
/* Stream of the seed's generator that scrambles come from ("sobo"). */
#define SOBOL_STREAM 0x736f626fULL

/*
 * Dimensions 1..63: the primitive polynomial, written with its leading
 * and constant terms as bits (degree s = bit length - 1), and the s
 * initial direction integers m_1..m_s (odd, m_k < 2^k).
 */
static const struct {
	unsigned poly;
	unsigned m[SOBOL_MAXDEG];
} sobol_jk[HPS_SOBOL_MAXDIM - 1] = {
	{3, {1}},
	{7, {1, 3}},
	{11, {1, 3, 1}},
	{13, {1, 1, 1}},
	{19, {1, 1, 3, 3}},
	{25, {1, 3, 5, 13}},
	{37, {1, 1, 5, 5, 17}},
	{41, {1, 1, 5, 5, 5}},
	{47, {1, 1, 7, 11, 19}},
	{55, {1, 1, 5, 1, 1}},
	{59, {1, 1, 1, 3, 11}},
	{61, {1, 3, 5, 5, 31}},
	{67, {1, 3, 3, 9, 7, 49}},
	{91, {1, 1, 1, 15, 21, 21}},
	{97, {1, 3, 1, 13, 27, 49}},
	{103, {1, 1, 1, 15, 7, 5}},
	{109, {1, 3, 1, 15, 13, 25}},
	{115, {1, 1, 5, 5, 19, 61}},
	{131, {1, 3, 7, 11, 23, 15, 103}},
	{137, {1, 3, 7, 13, 13, 15, 69}},
	{143, {1, 1, 3, 13, 7, 35, 63}},
	{145, {1, 3, 5, 9, 1, 25, 53}},
	{157, {1, 3, 1, 13, 9, 35, 107}},
	{167, {1, 3, 1, 5, 27, 61, 31}},
	{171, {1, 1, 5, 11, 19, 41, 61}},
	{185, {1, 3, 5, 3, 3, 13, 69}},
	{191, {1, 1, 7, 13, 1, 19, 1}},
	{193, {1, 3, 7, 5, 13, 19, 59}},
	{203, {1, 1, 3, 9, 25, 29, 41}},
	{211, {1, 3, 5, 13, 23, 1, 55}},
	{213, {1, 3, 7, 3, 13, 59, 17}},
	{229, {1, 3, 1, 3, 5, 53, 69}},
	{239, {1, 1, 5, 5, 23, 33, 13}},
	{241, {1, 1, 7, 7, 1, 61, 123}},
	{247, {1, 1, 7, 9, 13, 61, 49}},
	{253, {1, 3, 3, 5, 3, 55, 33}},
	{285, {1, 3, 1, 15, 31, 13, 49, 245}},
	{299, {1, 3, 5, 15, 31, 59, 63, 97}},
	{301, {1, 3, 1, 11, 11, 11, 77, 249}},
	{333, {1, 3, 1, 11, 27, 43, 71, 9}},
	{351, {1, 1, 7, 15, 21, 11, 81, 45}},
	{355, {1, 3, 7, 3, 25, 31, 65, 79}},
	{357, {1, 3, 1, 1, 19, 11, 3, 205}},
	{361, {1, 1, 5, 9, 19, 21, 29, 157}},
	{369, {1, 3, 7, 11, 1, 33, 89, 185}},
	{391, {1, 3, 3, 3, 15, 9, 79, 71}},
	{397, {1, 3, 7, 11, 15, 39, 119, 27}},
	{425, {1, 1, 3, 1, 11, 31, 97, 225}},
	{451, {1, 1, 1, 3, 23, 43, 57, 177}},
	{463, {1, 3, 7, 7, 17, 17, 37, 71}},
	{487, {1, 3, 1, 5, 27, 63, 123, 213}},
	{501, {1, 1, 3, 5, 11, 43, 53, 133}},
	{529, {1, 3, 5, 5, 29, 17, 47, 173, 479}},
	{539, {1, 3, 3, 11, 3, 1, 109, 9, 69}},
	{545, {1, 1, 1, 5, 17, 39, 23, 5, 343}},
	{557, {1, 3, 1, 5, 25, 15, 31, 103, 499}},
	{563, {1, 1, 1, 11, 11, 17, 63, 105, 183}},
	{601, {1, 1, 5, 11, 9, 29, 97, 231, 363}},
	{607, {1, 1, 5, 15, 19, 45, 41, 7, 383}},
	{617, {1, 3, 7, 7, 31, 19, 83, 137, 221}},
	{623, {1, 1, 1, 3, 23, 15, 111, 223, 83}},
	{631, {1, 1, 5, 13, 31, 15, 55, 25, 161}},
	{637, {1, 1, 3, 13, 25, 47, 39, 87, 257}},
};

struct hps_sobol {
	size_t dims;
	uint64_t seed;
	/* dims x SOBOL_BITS scrambled direction numbers, then shifts */
	uint32_t *v;
	uint32_t *shift;
};

static int
sobol_degree(unsigned poly)
{
	int s = -1;

	while (poly != 0) {
		s++;
		poly >>= 1;
	}
	return s;
}

/*
 * The direction integers m_k of dimension j (Bratley and Fox's
 * recurrence): m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^s m_{k-s} ^
 * m_{k-s}, a_i being the polynomial's inner coefficients.
 */
static void
sobol_mvals(size_t j, uint32_t *m)
{
	unsigned poly;
	int s, k, i;

	if (j == 0) {
		for (k = 0; k < SOBOL_BITS; k++)
			m[k] = 1;
		return;
	}
	poly = sobol_jk[j - 1].poly;
	s = sobol_degree(poly);
	for (k = 0; k < s; k++)
		m[k] = sobol_jk[j - 1].m[k];
	for (k = s; k < SOBOL_BITS; k++) {
		m[k] = m[k - s] ^ (m[k - s] << s);
		for (i = 1; i < s; i++)
			if ((poly >> (s - i)) & 1)
				m[k] ^= m[k - i] << i;
	}
}

/* Parity of the set bits of x. */
static uint32_t
sobol_parity(uint32_t x)
{
	x ^= x >> 16;
	x ^= x >> 8;
	x ^= x >> 4;
	x ^= x >> 2;
	x ^= x >> 1;
	return x & 1;
}

/*
 * Multiply a direction number (digit r is bit 31 - r) by the lower
 * triangular matrix whose row r is rows[r]: output digit r is the parity
 * of row r and the input digits.
 */
static uint32_t
sobol_lms(const uint32_t *rows, uint32_t v)
{
	uint32_t out = 0;
	int r;

	for (r = 0; r < SOBOL_BITS; r++)
		out |= sobol_parity(rows[r] & v) << (SOBOL_BITS - 1 - r);
	return out;
}

/* Row r has a one on the diagonal and random digits before it. */
static void
sobol_rows(struct hps_rng *rng, uint32_t *rows)
{
	uint32_t diag, above;
	int r;

	for (r = 0; r < SOBOL_BITS; r++) {
		diag = 1U << (SOBOL_BITS - 1 - r);
		above = r == 0 ? 0 : ~(uint32_t)0 << (SOBOL_BITS - r);
		rows[r] = diag | ((uint32_t)hps_rng_next(rng) & above);
	}
}

static void
sobol_init_dim(struct hps_sobol *s, size_t j, struct hps_rng *rng)
{
	uint32_t m[SOBOL_BITS], rows[SOBOL_BITS];
	int k;

	sobol_mvals(j, m);
	sobol_rows(rng, rows);
	for (k = 0; k < SOBOL_BITS; k++)
		s->v[j * SOBOL_BITS + k] = sobol_lms(rows,
		    m[k] << (SOBOL_BITS - 1 - k));
	s->shift[j] = (uint32_t)hps_rng_next(rng);
}

int
hps_sobol_new(size_t dims, uint64_t seed, struct hps_sobol **out)
{
	struct hps_sobol *s;
	struct hps_rng rng;
	size_t j;

	*out = NULL;
	if (dims == 0 || dims > HPS_SOBOL_MAXDIM)
		return HPS_EINVAL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return HPS_ENOMEM;
	s->v = calloc(dims * SOBOL_BITS, sizeof *s->v);
	s->shift = calloc(dims, sizeof *s->shift);
	if (s->v == NULL || s->shift == NULL) {
		hps_sobol_free(s);
		return HPS_ENOMEM;
	}
	s->dims = dims;
	s->seed = seed;
	hps_rng_seed2(&rng, seed, SOBOL_STREAM);
	for (j = 0; j < dims; j++)
		sobol_init_dim(s, j, &rng);
	*out = s;
	return 0;
}

void
hps_sobol_point(const struct hps_sobol *s, uint64_t index, double *x)
{
	uint64_t i, tail;
	uint32_t acc;
	size_t j;
	int k;

	for (j = 0; j < s->dims; j++) {
		acc = s->shift[j];
		i = index;
		for (k = 0; i != 0 && k < SOBOL_BITS; k++, i >>= 1)
			if (i & 1)
				acc ^= s->v[j * SOBOL_BITS + k];
		/* 21 more bits make a full 53-bit double below 1. */
		tail = hps_mix64(s->seed ^ hps_mix64(index ^ ((uint64_t)j <<
		    56))) >> 43;
		x[j] = ((double)acc * 2097152.0 + (double)tail) *
		    0x1p-53;
	}
}

void
hps_sobol_free(struct hps_sobol *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s->shift);
	free(s);
}
