/*
 * Loading Fashion-MNIST and splitting it. Validation is the fixed tail of
 * the official training file (images 50,000..59,999), as Keras'
 * validation_split takes it: every trial of a study, whatever its seed,
 * is scored on the same 10,000 images, and none of them is ever trained
 * on. The official test file is only read for the one evaluation after
 * training.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "data.h"

static const char *data_names[4] = {
	"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
	"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
};

/* Prefer NAME.gz, as the Debian package ships; fall back to NAME. */
static void
data_path(char *buf, size_t len, const char *dir, const char *name)
{
	struct stat st;

	snprintf(buf, len, "%s/%s.gz", dir, name);
	if (stat(buf, &st) != 0) {
		snprintf(buf, len, "%s/%s", dir, name);
		if (stat(buf, &st) != 0)
			snprintf(buf, len, "%s/%s.gz", dir, name);
	}
}

static int
data_check_labels(const struct idx *x, const char *name, char *err,
    size_t errlen)
{
	size_t i;

	for (i = 0; i < x->size; i++) {
		if (x->data[i] >= DATA_CLASSES) {
			snprintf(err, errlen, "%s: expected labels 0..%d, "
			    "found %u at item %zu", name, DATA_CLASSES - 1,
			    x->data[i], i);
			return -1;
		}
	}
	return 0;
}

static int
data_read(struct dataset *d, const char *dir, char *err, size_t errlen)
{
	static const uint32_t shape[2] = {28, 28};
	static const uint32_t want[4] = {60000, 60000, 10000, 10000};
	char path[4096];
	int i;

	for (i = 0; i < 4; i++) {
		data_path(path, sizeof path, dir, data_names[i]);
		if (idx_load(path, i % 2 ? 1 : 3, shape, &d->files[i], err,
		    errlen) != 0)
			return -1;
		if (d->files[i].dims[0] != want[i]) {
			snprintf(err, errlen, "%s: expected %u items, found %u",
			    path, want[i], d->files[i].dims[0]);
			return -1;
		}
		if (i % 2 && data_check_labels(&d->files[i], path, err,
		    errlen) != 0)
			return -1;
	}
	return 0;
}

int
data_load(struct dataset *d, const char *dir, int subset, int val_subset,
    char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	if (data_read(d, dir, err, errlen) != 0) {
		data_free(d);
		return -1;
	}
	d->train.x = d->files[0].data;
	d->train.y = d->files[1].data;
	d->train.n = subset;
	d->val.x = d->files[0].data + (size_t)DATA_TRAIN * DATA_PIXELS;
	d->val.y = d->files[1].data + DATA_TRAIN;
	d->val.n = val_subset;
	d->test.x = d->files[2].data;
	d->test.y = d->files[3].data;
	d->test.n = (int)d->files[2].dims[0];
	return 0;
}

void
data_free(struct dataset *d)
{
	int i;

	for (i = 0; i < 4; i++)
		idx_free(&d->files[i]);
}

void
data_gather(const struct split *s, const int *idx, int rows, float *x,
    uint8_t *y)
{
	const float scale = 1.0f / 255.0f;
	int r, j;

	for (r = 0; r < rows; r++) {
		const uint8_t *restrict src = s->x + (size_t)idx[r] *
		    DATA_PIXELS;
		float *restrict dst = x + (size_t)r * DATA_PIXELS;

		for (j = 0; j < DATA_PIXELS; j++)
			dst[j] = (float)src[j] * scale;
		y[r] = s->y[idx[r]];
	}
}
