/*
 * IDX reader. The format is a big-endian header (two zero bytes, a type
 * byte, a dimension count, then one 32-bit size per dimension) followed by
 * the data. Everything read is checked against what the caller expects, so
 * a truncated download or the wrong file is reported rather than trained
 * on.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "idx.h"

#define IDX_UBYTE 0x08

static int
idx_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Read exactly n bytes. Returns the count read (short at end of file) or
 * -1 when zlib reports the stream damaged.
 */
static long long
idx_read(gzFile f, void *buf, size_t n)
{
	size_t done = 0;
	int got;

	while (done < n) {
		unsigned chunk = n - done > (1u << 30) ? 1u << 30 :
		    (unsigned)(n - done);

		got = gzread(f, (char *)buf + done, chunk);
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		done += (size_t)got;
	}
	return (long long)done;
}

static const char *
idx_zerror(gzFile f)
{
	int code;
	const char *msg = gzerror(f, &code);

	/* zlib reports a cut-off stream as an error with this code. */
	if (code == Z_BUF_ERROR)
		return "the compressed stream ends early (truncated file)";
	return msg;
}

static uint32_t
idx_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
idx_header(gzFile f, const char *path, int ndims, const uint32_t *shape,
    struct idx *out, char *err, size_t errlen)
{
	uint8_t h[4 + 4 * IDX_MAXDIMS];
	long long got;
	int i;

	got = idx_read(f, h, 4);
	if (got < 0)
		return idx_fail(err, errlen, "%s: %s", path, idx_zerror(f));
	if (got < 4)
		return idx_fail(err, errlen, "%s: truncated: expected a 4-byte "
		    "IDX magic number, found %lld bytes", path, got);
	if (h[0] != 0 || h[1] != 0 || h[2] != IDX_UBYTE || h[3] != ndims)
		return idx_fail(err, errlen, "%s: not an unsigned-byte IDX "
		    "file of %d dimensions: expected magic 0x000008%02x, found "
		    "0x%02x%02x%02x%02x", path, ndims, ndims, h[0], h[1], h[2],
		    h[3]);
	got = idx_read(f, h + 4, 4 * (size_t)ndims);
	if (got < 0)
		return idx_fail(err, errlen, "%s: %s", path, idx_zerror(f));
	if (got < 4 * ndims)
		return idx_fail(err, errlen, "%s: truncated: expected %d bytes "
		    "of dimensions, found %lld", path, 4 * ndims, got);
	out->ndims = ndims;
	for (i = 0; i < ndims; i++) {
		out->dims[i] = idx_be32(h + 4 + 4 * i);
		if (i > 0 && shape != NULL && out->dims[i] != shape[i - 1])
			return idx_fail(err, errlen, "%s: expected dimension "
			    "%d to be %u, found %u", path, i, shape[i - 1],
			    out->dims[i]);
	}
	return 0;
}

static int
idx_body(gzFile f, const char *path, struct idx *out, char *err,
    size_t errlen)
{
	long long got;
	uint8_t extra;
	size_t n = 1;
	int i;

	for (i = 0; i < out->ndims; i++)
		n *= out->dims[i];
	if (n == 0)
		return idx_fail(err, errlen, "%s: expected items, found none",
		    path);
	if ((out->data = malloc(n)) == NULL)
		return idx_fail(err, errlen, "%s: no memory for %zu bytes",
		    path, n);
	out->size = n;
	got = idx_read(f, out->data, n);
	if (got < 0)
		return idx_fail(err, errlen, "%s: %s", path, idx_zerror(f));
	if ((size_t)got < n)
		return idx_fail(err, errlen, "%s: truncated: expected %zu "
		    "bytes of data after the header, found %lld", path, n, got);
	/* Trailing bytes mean the header does not describe this file. */
	got = idx_read(f, &extra, 1);
	if (got != 0)
		return idx_fail(err, errlen, "%s: %s", path, got < 0 ?
		    idx_zerror(f) : "unexpected data after the last item");
	return 0;
}

int
idx_load(const char *path, int ndims, const uint32_t *shape, struct idx *out,
    char *err, size_t errlen)
{
	gzFile f;
	int rc;

	memset(out, 0, sizeof *out);
	if (ndims < 1 || ndims > IDX_MAXDIMS)
		return idx_fail(err, errlen, "%s: bad dimension count", path);
	errno = 0;
	if ((f = gzopen(path, "rb")) == NULL)
		return idx_fail(err, errlen, "%s: %s", path,
		    errno ? strerror(errno) : "cannot open");
	gzbuffer(f, 1 << 17);
	rc = idx_header(f, path, ndims, shape, out, err, errlen);
	if (rc == 0)
		rc = idx_body(f, path, out, err, errlen);
	gzclose(f);
	if (rc != 0)
		idx_free(out);
	return rc;
}

void
idx_free(struct idx *x)
{
	free(x->data);
	memset(x, 0, sizeof *x);
}
