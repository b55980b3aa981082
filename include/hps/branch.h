/*
 * The branches of a search space: each way its switches (the parameters
 * that conditions name) decide which parameters apply. A switch's values
 * fall into classes that its conditions cannot tell apart: each value a
 * when: names, each value of a per: list's length, and all its other
 * values together; a branch takes one class of every switch that applies
 * in it. Grid search walks the branches' points (every active
 * combination once, none that differs only in an inactive parameter),
 * hps submit --check lists them and bayes sizes its start by the largest.
 * A space without conditions is one branch.
 */
#ifndef HPS_BRANCH_H
#define HPS_BRANCH_H

#include <stddef.h>
#include <stdint.h>

#include "hps/space.h"

/* Branches hps_branches_new enumerates at most by default. */
#define HPS_BRANCHES_MAX 10000

struct hps_branches;

/*
 * The branches of sp, at most max of them (HPS_ETOOBIG beyond; HPS_ENOMEM).
 * sp must outlive them.
 */
int hps_branches_new(const struct hps_space *sp, size_t max,
    struct hps_branches **out);
void hps_branches_free(struct hps_branches *b);

size_t hps_branches_count(const struct hps_branches *b);
/* Points of all branches (saturating at UINT64_MAX), 0 when a parameter
 * that applies somewhere has no finite grid. */
uint64_t hps_branches_total(const struct hps_branches *b);
/* Points of branch k (0: no finite grid) and of the branches before it. */
uint64_t hps_branches_size(const struct hps_branches *b, size_t k);
uint64_t hps_branches_start(const struct hps_branches *b, size_t k);
/* Non-constant parameters that apply in branch k, and the most of any. */
size_t hps_branches_dims(const struct hps_branches *b, size_t k);
size_t hps_branches_maxdims(const struct hps_branches *b);
/* The branch holding point c of all (c < total). */
size_t hps_branches_find(const struct hps_branches *b, uint64_t c);

/* Whether parameter i applies in branch k. */
int hps_branches_active(const struct hps_branches *b, size_t k, size_t i);
/* The values parameter i takes in branch k: its grid size, or a switch's
 * class's size. */
uint64_t hps_branches_radix(const struct hps_branches *b, size_t k,
    size_t i);
/* The grid index (hps_param_grid_value) of the d-th of them. */
uint64_t hps_branches_value(const struct hps_branches *b, size_t k,
    size_t i, uint64_t d);
/* "optimizer=sgd layers=2": the switches of branch k ("batch=other" for
 * a class of the values no condition names); "" without switches. */
void hps_branches_label(const struct hps_branches *b, size_t k, char *buf,
    size_t len);

#endif
