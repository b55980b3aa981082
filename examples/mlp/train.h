/*
 * The training loop: epochs of shuffled mini-batches, validation after
 * each, early stopping, and the one evaluation on the test set. It prints
 * the trial protocol's metric lines.
 */
#ifndef MLP_TRAIN_H
#define MLP_TRAIN_H

#include <stdio.h>

#include "data.h"
#include "opts.h"

/* Rows per forward pass when evaluating, whatever the batch size. */
#define TRAIN_EVAL_ROWS 1000

/*
 * The learning rate for a step: `epoch` counts from 0, `step` is the
 * step's number within the whole run, `steps` the run's total.
 */
double train_lr(const struct options *o, int epoch, long step, long steps);

/*
 * Train and print one line per epoch and the test line to out. Returns 0,
 * 1 when training diverged or memory ran out (with a message on stderr).
 */
int train_run(const struct options *o, const struct dataset *d, FILE *out);

#endif
