/*
 * The unit-space encoding shared by the model-based strategies (bayes,
 * genetic), after Optuna's: every non-constant parameter is one dimension.
 * Floats and ints map to [0, 1], log parameters after a log transform; ints
 * and stepped floats use bounds widened by half a step and are rounded on
 * decode, so every grid value owns an equal share of [0, 1]. Categoricals
 * and booleans are one dimension holding the choice's index (0..k-1).
 */
#ifndef HPS_ENCODE_H
#define HPS_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "hps/space.h"

enum hps_dim_kind {
	HPS_DIM_CONT,		/* continuous float */
	HPS_DIM_DISC,		/* int or stepped float: rounded on decode */
	HPS_DIM_CAT,		/* categorical index */
};

struct hps_dim {
	size_t param;		/* index into space->params */
	enum hps_dim_kind kind;
	size_t ncat;		/* HPS_DIM_CAT: number of choices */
	uint64_t npts;		/* HPS_DIM_DISC: number of grid values */
	int log;
	double lo, hi;		/* bounds in the (log-)transformed space */
};

struct hps_encoding {
	const struct hps_space *space;
	size_t ndims;
	struct hps_dim *dims;
};

/* Build the encoding of sp; HPS_ENOMEM on failure. */
int hps_encoding_init(struct hps_encoding *e, const struct hps_space *sp);
void hps_encoding_free(struct hps_encoding *e);

/* Parameter values (one per space param) to a point x (ndims). */
void hps_encode(const struct hps_encoding *e, const struct hps_value *vals,
    double *x);
/*
 * A point to parameter values: out has one value per space param (owned
 * copies; constants included). Coordinates are clamped to [0, 1] (or to a
 * valid index), so any x decodes to a valid configuration.
 */
int hps_decode(const struct hps_encoding *e, const double *x,
    struct hps_value *out);
/* Move x onto the point its decoded values encode to (rounds discrete
 * dimensions), so two points that decode alike become equal. */
void hps_encoding_snap(const struct hps_encoding *e, double *x);
/* A point of the unit cube (a Sobol point) to one the encoding uses: each
 * categorical coordinate becomes the index of its equal share of [0, 1),
 * then the point is snapped. */
void hps_encoding_from_unit(const struct hps_encoding *e, double *x);

#endif
