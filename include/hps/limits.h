/*
 * Outcome limits (limits: in the space file): bounds on what a trial
 * reports, such as "epoch_seconds at most 5". A completed trial is
 * feasible when the last value it reported of every limited metric lies
 * within that metric's bounds; it is infeasible otherwise, and then it is
 * recorded as it is but never ranked, never best and never reaches the
 * study's target.
 */
#ifndef HPS_LIMITS_H
#define HPS_LIMITS_H

#include <stddef.h>

#include "hps/space.h"

/* The index of the limit on metric name[0..len) in sp->limits, or -1. */
long hps_limits_index(const struct hps_space *sp, const char *name,
    size_t len);

/*
 * Whether every limit holds for last, one value per sp->limits (NAN: the
 * trial never reported that metric, which breaks its limit). When one
 * does not, returns 0 with why set to the first broken limit, e.g.
 * "infeasible: epoch_seconds was 6.2, above its limit max 5".
 */
int hps_limits_hold(const struct hps_space *sp, const double *last,
    char *why, size_t len);

#endif
