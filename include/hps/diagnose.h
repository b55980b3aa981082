/*
 * Overfitting made visible: a trial's stored validation and training
 * curves turned into a few numbers (best step, final drop, gap, an
 * overfitting flag) and a small text chart for a terminal. Pure C.
 *
 * Curves are arrays of points in ascending step order, as the store keeps
 * them; a point that is not present, or whose value is not finite, is a
 * missing value (a trial printed "nan") and is skipped everywhere.
 */
#ifndef HPS_DIAGNOSE_H
#define HPS_DIAGNOSE_H

#include <stddef.h>

struct hps_curve_point {
	double step;		/* as printed: whole, or a fractional epoch */
	double value;
	int present;
};

struct hps_diagnosis {
	double best_step;	/* the best validation value's step */
	double best_value;	/* the first one on ties */
	double final_value;	/* the last validation value */
	double final_drop;	/* final vs best, >= 0: how much worse */
	int has_gap;
	double gap;		/* validation - training at best_step, signed
				   so that positive = validation is worse */
	int overfit;
	double overfit_step;	/* the stretch's first step, or 0 */
};

/*
 * The training metric paired with a validation metric, looked up among the
 * trial's metric names: for "val_X" (also "valid_X", "validation_X" and
 * the same with '/'), the first of "X", "train_X", "training_X" that is in
 * names ("val_loss" -> "loss", "val_accuracy" -> "accuracy", "val/loss" ->
 * "train/loss"). Returns the element of names, or NULL.
 */
const char *hps_diag_train_name(const char *val_name,
    const char *const *names, size_t nnames);

/*
 * Whether a metric is better when higher, guessed from its name: names
 * containing "loss", "err" (error), "mse", "mae", "mape", "nll",
 * "perplexity" or "cost" (any case) are minimized; anything else, such as
 * accuracy, auc or f1, is maximized.
 */
int hps_diag_metric_maximize(const char *name);

/*
 * Diagnose a trial. train may be NULL (ntrain 0): no gap, no flag. The
 * training metric shares the validation metric's goal (maximize), since
 * val_X and X measure the same thing on different data.
 *
 * The training value at a step is the training point there, or when it
 * is missing the last present one before it. The trial overfits when,
 * after the best validation value, patience consecutive validation values
 * (missing ones skipped) are all worse than the best, and the training
 * value at the end of that stretch is better than at the best step: the
 * model kept fitting its training data while it generalised worse. If
 * training got worse too, the trouble is elsewhere (a learning rate too
 * high), and no flag is raised. overfit_step is the stretch's first step.
 *
 * Returns 0; HPS_ENOTFOUND when val has no present value (*out zeroed);
 * HPS_EINVAL when patience < 1.
 */
int hps_diagnose(const struct hps_curve_point *val, size_t nval,
    const struct hps_curve_point *train, size_t ntrain, int maximize,
    long patience, struct hps_diagnosis *out);

/* Chart size limits, and the default when width or height is 0. */
#define HPS_CHART_WIDTH 60
#define HPS_CHART_HEIGHT 12
#define HPS_CHART_MAXW 240
#define HPS_CHART_MAXH 60

struct hps_chart {
	int width;		/* characters per line, 0: 60 */
	int height;		/* rows of plot, 0: 12 */
	const char *val_name;	/* legend; NULL: "validation" */
	const char *train_name;	/* legend; NULL: "training" */
	const struct hps_diagnosis *diag;	/* the best to mark, or NULL */
};

/*
 * Draw a trial's curves for a terminal into buf (len bytes, always
 * NUL-terminated when len > 0):
 *
 *     0.912 |o
 *           | +o
 *     0.558 |   +o  o   o  o
 *           |     +o* o
 *     0.203 |        ++++++++
 *           +-------^--------
 *            1             20
 *            o val_loss  + loss  # both
 *            * best 0.31 at step 8; overfitting from step 9
 *
 * Every plot line is exactly width characters; the y labels are the top,
 * middle and bottom values; the step axis shows the first and last step
 * and '^' under the best step; the legend says "# both" only when the
 * two series share a cell, and a second legend line names the best
 * point when diag is given. Missing values are not drawn; a constant
 * curve sits in the middle rows. Returns the length of the whole chart
 * (as snprintf does: buf was too small when it is >= len), or
 * HPS_EINVAL when width or height is outside its limits or too small
 * for the labels.
 */
int hps_diag_chart(const struct hps_chart *c,
    const struct hps_curve_point *val, size_t nval,
    const struct hps_curve_point *train, size_t ntrain, char *buf,
    size_t len);

#endif
