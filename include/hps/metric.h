/*
 * The metric-line parser: turns one line of a trial's stdout into metric
 * values. It is the boundary for trial output; it never allocates and never
 * fails on garbage (a line that is not a metric line yields no metrics).
 *
 * Three forms are understood:
 *   epoch=3 loss=0.31 val_acc=0.874          key=value words
 *   {"epoch": 3, "val_acc": 0.874}           one JSON object (numbers only)
 *   Epoch 3/20  then  ... - loss: 0.31 - val_accuracy: 0.87   Keras fit()
 * including Keras verbose=1 progress bars redrawn with '\r', '\b' and ANSI
 * escapes: only the text after the last redraw counts.
 */
#ifndef HPS_METRIC_H
#define HPS_METRIC_H

#include <stddef.h>

/* Most metrics taken from one line; the rest are counted as dropped. */
#define HPS_METRIC_MAX 64
/* Longest metric name kept. */
#define HPS_METRIC_NAMEMAX 128

struct hps_metric {
	const char *name;	/* points into the caller's line buffer */
	size_t namelen;
	double value;
	int finite;		/* 0: "nan", "inf"...: record as missing */
};

struct hps_metric_line {
	long step;		/* from epoch/step, the Keras epoch, or counter */
	size_t n;
	struct hps_metric m[HPS_METRIC_MAX];
	size_t dropped;		/* metrics beyond HPS_METRIC_MAX */
};

/* Per-trial parser state: the implicit step counter and Keras epoch. */
struct hps_metric_parser {
	long counter;		/* lines with metrics but no explicit step */
	long keras_epoch;	/* last "Epoch N/M" seen, 0 none */
};

void hps_metric_parser_init(struct hps_metric_parser *p);

/*
 * Parse one line (without its '\n'; it may contain '\r', NULs or anything
 * else). line is modified in place so names can point into it. Returns the
 * number of metrics found (out->n); 0 means not a metric line.
 */
size_t hps_metric_parse(struct hps_metric_parser *p, char *line, size_t len,
    struct hps_metric_line *out);

/* Metrics whose name starts with "test_" are shown but never ranked. */
int hps_metric_is_test(const char *name);

#endif
