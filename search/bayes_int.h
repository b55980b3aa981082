/*
 * Bayesian search's state, shared by search/bayes.c (the model and the
 * proposals) and search/bayes_front.c (several objectives and outcome
 * limits: the front, the scalarisation and the acquisition term that
 * weights by feasibility).
 */
#ifndef HPS_BAYES_INT_H
#define HPS_BAYES_INT_H

#include "hps/acq.h"
#include "hps/encode.h"
#include "hps/gp.h"
#include "hps/search.h"
#include "hps/sobol.h"

/* How several objectives are searched: one objective (or none but the
 * first), expected hypervolume improvement for two, ParEGO beyond. */
enum bayes_mode { BAYES_ONE, BAYES_EHVI, BAYES_PAREGO };

/* What one output of the model predicts. */
enum bayes_kind {
	BAYES_OBJ,		/* objective `which`, flipped to maximise */
	BAYES_SCALAR,		/* ParEGO's scalarisation, flipped */
	BAYES_LIMIT,		/* the metric limit `which` bounds, as is */
};

/*
 * One GP and its observations: the trials that reported its value, in
 * the order they finished, then the pending trials at its mean.
 */
struct bayes_out {
	enum bayes_kind kind;
	size_t which;
	struct hps_gp *gp;
	size_t nobs;		/* observation rows at the model's head */
	size_t nfit;		/* observations at the last fit; 0: none */
	double *yraw;		/* raw targets, then the pending means */
	double *ystd;		/* the targets as the model has them */
	long *number;		/* each observation's trial number */
	double shift, scale;	/* a limit's model: (raw - shift) / scale */
};

struct bayes {
	const struct hps_space *sp;
	struct hps_encoding enc;
	size_t d;
	uint64_t n_startup;
	struct hps_sobol *sobol;
	struct hps_acq *acq;
	enum bayes_mode mode;
	/* out[0] the objective (ParEGO's scalar), out[1] the second
	 * objective with EHVI, then one per limit */
	struct bayes_out *out;
	size_t nout, nobj;	/* outputs, those of objectives */
	size_t nimported;	/* out[0]'s rows up to the last imported one */
	/* grown per suggestion, never inside a loop over candidates */
	size_t cap;
	double *work;
	size_t *idx;
	unsigned char *ok;	/* out[0]'s rows: feasible */
	double *x, *anchors;
	double *z;		/* BAYES_DRAWS x pending normals */
	/* several objectives and limits (search/bayes_front.c) */
	double *front;		/* 2 x cap: the EHVI front, minimised */
	size_t nfront;
	double ref[2];
	double w[HPS_OBJECTIVES_MAX], lo[HPS_OBJECTIVES_MAX],
	    hi[HPS_OBJECTIVES_MAX];	/* ParEGO's weights and ranges */
	double *tmu, *tvar, *tw, *tdmu, *tdvar;	/* the term's scratch */
	size_t twcap;
	struct hps_acq_term term;
};

/* ParEGO: the ranges of the objectives and this suggestion's weights. */
void hps__bayes_scalar_setup(struct bayes *b, const struct hps_ask *ask);
/* The augmented Chebyshev scalarisation of minimised objectives y. */
double hps__bayes_scalar(const struct bayes *b, const double *y);

/*
 * The acquisition term of several objectives and limits, for this ask's
 * models: the EHVI front (BAYES_EHVI), then the term into b->term (log
 * EHVI, plus the log probability of meeting every limit). Returns 0
 * with *on 0 when there is no term (one objective, no limits), HPS_ENOMEM.
 */
int hps__bayes_term(struct bayes *b, int *on);

/* The best points of the EHVI front for the anchors, into b->anchors;
 * returns how many. */
size_t hps__bayes_front_anchors(struct bayes *b, size_t max);

#endif
