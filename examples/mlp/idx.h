/*
 * Reader for the IDX files that MNIST and Fashion-MNIST ship in, gzip
 * compressed or not (zlib reads both).
 */
#ifndef MLP_IDX_H
#define MLP_IDX_H

#include <stddef.h>
#include <stdint.h>

#define IDX_MAXDIMS 4

/* An array of unsigned bytes; data is owned, freed by idx_free. */
struct idx {
	int ndims;
	uint32_t dims[IDX_MAXDIMS];
	uint8_t *data;
	size_t size;		/* bytes in data: the product of dims */
};

/*
 * Read an unsigned-byte IDX file whose dimensions must be `ndims` and,
 * past the first (the count), equal `shape` (ndims - 1 values; NULL
 * accepts any). Returns 0, or -1 with a message naming the file, what was
 * expected and what was found in err.
 */
int idx_load(const char *path, int ndims, const uint32_t *shape,
    struct idx *out, char *err, size_t errlen);
void idx_free(struct idx *x);

#endif
