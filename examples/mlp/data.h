/*
 * Fashion-MNIST as the trainer sees it: the official files, the
 * training/validation split, and batches gathered as float pixels.
 */
#ifndef MLP_DATA_H
#define MLP_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "idx.h"

#define DATA_DIR "/usr/share/datasets/fashion-mnist"
#define DATA_PIXELS 784
#define DATA_CLASSES 10
#define DATA_TRAIN 50000	/* of the official 60,000 training images */
#define DATA_VAL 10000		/* the official training file's last 10,000 */

/* Images are bytes (0..255); labels are 0..9. Pointers into the idx data. */
struct split {
	const uint8_t *x;
	const uint8_t *y;
	int n;
};

struct dataset {
	struct split train, val, test;
	struct idx files[4];	/* owned */
};

/*
 * Load the four files from dir (NAME.gz, or NAME uncompressed). Training
 * uses the first `subset` of the first 50,000 images, validation the first
 * `val_subset` of the last 10,000. Returns 0, or -1 with a message.
 */
int data_load(struct dataset *d, const char *dir, int subset, int val_subset,
    char *err, size_t errlen);
void data_free(struct dataset *d);

/* Copy rows idx[0..rows) of images into x as floats scaled to [0, 1]. */
void data_gather(const struct split *s, const int *idx, int rows, float *x,
    uint8_t *y);

#endif
