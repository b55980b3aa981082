/*
 * The unit-space encoding shared by the model-based strategies (bayes,
 * genetic), after Optuna's: every non-constant parameter is one dimension.
 * Floats and ints map to [0, 1], log parameters after a log transform; ints
 * and stepped floats use bounds widened by half a step and are rounded on
 * decode, so every grid value owns an equal share of [0, 1]. Categoricals
 * and booleans are one dimension holding the choice's index (0..k-1).
 *
 * A parameter that does not apply to a point (when:, per:) has the
 * coordinate HPS_ENC_INACTIVE there, outside every dimension's range, so
 * that a model can tell "inactive" apart from every value rather than
 * see a made-up one. A point is canonical when exactly the dimensions of
 * parameters that apply under its own values hold a value: snapping makes
 * it so, deciding activity parents first (hps_space_active).
 *
 * An encoding keeps scratch for the points it walks, so one encoding is
 * used by one thread at a time.
 */
#ifndef HPS_ENCODE_H
#define HPS_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "hps/space.h"

/* The coordinate of a dimension whose parameter does not apply. */
#define HPS_ENC_INACTIVE (-1.0)

struct hps_rng;

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
	int cond;		/* the parameter may not apply */
};

struct hps_encoding {
	const struct hps_space *space;
	size_t ndims;
	struct hps_dim *dims;
	size_t *dim_of;		/* per parameter: its dimension, or
				   SIZE_MAX for a constant */
	size_t dmax;		/* most dimensions active at once */
	struct hps_value *view;	/* scratch: the last walked point's values,
				   shallow */
	double *xs;		/* scratch: a point */
};

/* Build the encoding of sp; HPS_ENOMEM on failure. */
int hps_encoding_init(struct hps_encoding *e, const struct hps_space *sp);
void hps_encoding_free(struct hps_encoding *e);

/* Parameter values (one per space param) to a point x (ndims); an
 * inactive one's coordinate is HPS_ENC_INACTIVE. */
void hps_encode(const struct hps_encoding *e, const struct hps_value *vals,
    double *x);
/*
 * A point to parameter values: out has one value per space param (owned
 * copies; constants included; HPS_V_NONE where a parameter does not apply
 * under the values before it). Coordinates are clamped to [0, 1] (or to a
 * valid index), and an active dimension holding HPS_ENC_INACTIVE reads as
 * its middle, so any x decodes to a valid configuration.
 */
int hps_decode(const struct hps_encoding *e, const double *x,
    struct hps_value *out);
/* Move x onto the point its decoded values encode to (rounds discrete
 * dimensions, marks the dimensions that do not apply HPS_ENC_INACTIVE and
 * puts those that now apply in their middle), so two points that decode
 * alike become equal. */
void hps_encoding_snap(const struct hps_encoding *e, double *x);
/*
 * The same, but a dimension that now applies takes from's coordinate
 * where from (a point, or NULL) has one, else a uniform draw from r (or,
 * r NULL, its middle): how a child whose switch changed gets the new
 * branch's parameters from the other parent or fresh.
 */
void hps_encoding_canon(const struct hps_encoding *e, double *x,
    const double *from, struct hps_rng *r);
/* Whether the point x decodes to satisfies the space's constraints. */
int hps_encoding_feasible(const struct hps_encoding *e, const double *x);
/* A point of the unit cube (a Sobol point) to one the encoding uses: each
 * categorical coordinate becomes the index of its equal share of [0, 1),
 * then the point is snapped. */
void hps_encoding_from_unit(const struct hps_encoding *e, double *x);

#endif
