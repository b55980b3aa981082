/*
 * Several objectives at once: Pareto dominance, non-dominated ranks and
 * the hypervolume a set of points dominates. Every objective here is
 * minimised: callers negate a maximised one first. A set of n points
 * with m objectives is n rows of m doubles (row-major); values are
 * finite.
 */
#ifndef HPS_PARETO_H
#define HPS_PARETO_H

#include <stddef.h>

/* Whether a is no worse than b in every objective and better in one. */
int hps_pareto_dominates(const double *a, const double *b, size_t m);

/*
 * rank[i] gets 0 for the points no other point dominates (the front), 1
 * for those only rank-0 points dominate, and so on. Returns the number of
 * ranks, or (size_t)-1 when out of memory.
 */
size_t hps_pareto_rank(const double *y, size_t n, size_t m, int *rank);

/*
 * The volume dominated by the points and bounded by ref: the measure of
 * { z : some point <= z <= ref }. A point not below ref in every
 * objective adds nothing. Exact: a sweep in 2-D, slices along the last
 * objective above that (O(n^2 log n) in 3-D), which suits the fronts a
 * sweep finds (hundreds of points, a few objectives). Returns -1 when out
 * of memory.
 */
double hps_pareto_hv(const double *y, size_t n, size_t m, const double *ref);

/*
 * contrib[i] gets the volume only point i dominates (the hypervolume
 * lost without it): 0 for a dominated point or a duplicate. Returns 0, or
 * -1 when out of memory.
 */
int hps_pareto_contrib(const double *y, size_t n, size_t m, const double *ref,
    double *contrib);

/*
 * order gets 0..n-1 sorted best first: by rank, then within a rank by
 * contribution to that rank's hypervolume (largest first; ties by index),
 * the order SMS-EMOA keeps and multi-objective ASHA promotes in. Returns
 * 0, or -1 when out of memory.
 */
int hps_pareto_order(const double *y, size_t n, size_t m, const double *ref,
    size_t *order);

/*
 * Keep a front as points arrive: front holds n rows of m that no row
 * dominates, in order of the first objective, with room for one more;
 * tag (NULL: none) one value per row that moves with it. y leaves it as
 * it is when a row dominates y; else the rows y dominates leave and y
 * joins in its place in the order (a row equal to y stays beside it).
 * Returns the new count; *covered gets whether a row equals or dominates
 * y, the case where y adds no hypervolume.
 */
size_t hps_pareto_insert(double *front, long *tag, size_t n, size_t m,
    const double *y, long ytag, int *covered);

/*
 * A reference point for n points (n rows of m): ref[k] is given[k] where
 * has[k] (has NULL: none given); else the worst value of the points in
 * objective k plus a tenth of their spread there (a tenth of its size
 * when they agree, 1 when that is 0 too), so every point adds volume.
 * With n 0, an objective without a given reference gets 0.
 */
void hps_pareto_reference(const double *y, size_t n, size_t m, const int *has,
    const double *given, double *ref);

#endif
