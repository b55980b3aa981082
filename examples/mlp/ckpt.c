/*
 * Checkpoint files. Layout: the magic "HPSMLPC1", the fingerprint, the
 * number of regions and each one's size (all uint64, native byte order:
 * a checkpoint resumes on the machine kind that wrote it), the regions'
 * bytes, and an FNV-1a hash of everything before it, so a damaged file
 * is refused rather than resumed from.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ckpt.h"

static const char ckpt_magic[8] = "HPSMLPC1";

uint64_t
ckpt_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Write n bytes to fd, hashing them into *h; 0 or -1. */
static int
ckpt_put(int fd, const void *p, size_t n, uint64_t *h)
{
	const char *c = p;
	ssize_t w;

	*h = ckpt_hash(*h, p, n);
	while (n > 0) {
		if ((w = write(fd, c, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The header and the regions, hashed into *h. */
static int
ckpt_write_all(int fd, uint64_t fingerprint, const struct ckpt_region *r,
    size_t nr, uint64_t *h)
{
	uint64_t v;
	size_t i;

	v = nr;
	if (ckpt_put(fd, ckpt_magic, sizeof ckpt_magic, h) != 0 ||
	    ckpt_put(fd, &fingerprint, sizeof fingerprint, h) != 0 ||
	    ckpt_put(fd, &v, sizeof v, h) != 0)
		return -1;
	for (i = 0; i < nr; i++) {
		v = r[i].n;
		if (ckpt_put(fd, &v, sizeof v, h) != 0)
			return -1;
	}
	for (i = 0; i < nr; i++)
		if (ckpt_put(fd, r[i].p, r[i].n, h) != 0)
			return -1;
	return 0;
}

int
ckpt_save(const char *dir, uint64_t fingerprint,
    const struct ckpt_region *r, size_t nr, char *err, size_t errlen)
{
	char tmp[4096], path[4096];
	uint64_t h = CKPT_FNV_INIT, sum;
	int fd, rc;

	snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, CKPT_FILE);
	snprintf(path, sizeof path, "%s/%s", dir, CKPT_FILE);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) <
	    0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	rc = ckpt_write_all(fd, fingerprint, r, nr, &h);
	sum = h;
	if (rc == 0)
		rc = ckpt_put(fd, &sum, sizeof sum, &h);
	if (rc == 0)
		rc = fsync(fd);
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	return rc;
}

/* Read exactly n bytes, hashing them into *h; 0, or -1 (short or error). */
static int
ckpt_get(FILE *f, void *p, size_t n, uint64_t *h)
{
	if (fread(p, 1, n, f) != n)
		return -1;
	*h = ckpt_hash(*h, p, n);
	return 0;
}

/* The header: what it says must be what the caller expects. */
static int
ckpt_check_header(FILE *f, uint64_t fingerprint, const struct ckpt_region *r,
    size_t nr, uint64_t *h, const char **why)
{
	char magic[sizeof ckpt_magic];
	uint64_t v;
	size_t i;

	*why = "not a checkpoint of hps-mlp";
	if (ckpt_get(f, magic, sizeof magic, h) != 0 ||
	    memcmp(magic, ckpt_magic, sizeof magic) != 0)
		return -1;
	*why = "written by another configuration (other options); remove"
	    " it or give another --checkpoint";
	if (ckpt_get(f, &v, sizeof v, h) != 0 || v != fingerprint ||
	    ckpt_get(f, &v, sizeof v, h) != 0 || v != nr)
		return -1;
	for (i = 0; i < nr; i++)
		if (ckpt_get(f, &v, sizeof v, h) != 0 || v != r[i].n)
			return -1;
	return 0;
}

int
ckpt_load(const char *dir, uint64_t fingerprint,
    const struct ckpt_region *r, size_t nr, char *err, size_t errlen)
{
	char path[4096];
	const char *why = "truncated or damaged";
	uint64_t h = CKPT_FNV_INIT, stored, ignored = 0;
	size_t i;
	FILE *f;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, CKPT_FILE);
	if ((f = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = ckpt_check_header(f, fingerprint, r, nr, &h, &why);
	for (i = 0; rc == 0 && i < nr; i++)
		rc = ckpt_get(f, r[i].p, r[i].n, &h);
	if (rc == 0) {
		why = "truncated or damaged";
		rc = ckpt_get(f, &stored, sizeof stored, &ignored) != 0 ||
		    stored != h || fgetc(f) != EOF ? -1 : 0;
	}
	fclose(f);
	if (rc != 0)
		snprintf(err, errlen, "checkpoint %s: %s", path, why);
	return rc;
}
