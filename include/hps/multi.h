/*
 * Several objectives and outcome limits as the search strategies see a
 * finished trial (search/multi.c): its objectives as one point to
 * minimise, and how far it lies outside the study's limits. Genetic
 * search ranks by these; Bayesian search models them.
 */
#ifndef HPS_MULTI_H
#define HPS_MULTI_H

#include "hps/search.h"

/*
 * Whether t has an objective value to learn from: a completed or pruned
 * trial with an objective, or a completed one outside the limits
 * (infeasible), whose values still say where the objectives are.
 */
int hps_multi_reported(const struct hps_trial_rec *t);

/*
 * t's objectives (sp->nobj of them; one, t->objective, when the space
 * has fewer than two) into y, each negated where it is maximised so
 * that every one is minimised. Returns 1 when t reported them all and
 * every value is finite, 0 otherwise (y is then partly unset).
 */
int hps_multi_point(const struct hps_space *sp, const struct hps_trial_rec *t,
    double *y);

/*
 * How far t lies outside the study's limits: 0 when every limit holds
 * (and when there are none), otherwise the sum over the broken ones of
 * the distance beyond the bound, relative to the bound (|bound|, or 1
 * for a bound of 0), so that limits on metrics of different scales
 * count alike; INFINITY when a limited metric was never reported.
 */
double hps_multi_violation(const struct hps_space *sp,
    const struct hps_trial_rec *t);

#endif
