/*
 * Points given to a study rather than proposed by its method: the
 * warm_start points of its file, the name=value words of hps enqueue,
 * and the trials of earlier studies imported into it (warm_start.from).
 * Every value is checked against the space where it enters: a point lies
 * in the space when the study's method could have proposed it (a grid's
 * points for method: grid; else the ranges, on their steps, and the
 * listed values), and is taken with the parameter's own kind and grid
 * value, so an imported 0.30000000000000004 runs as the step 0.3.
 */
#ifndef HPS_POINT_H
#define HPS_POINT_H

#include <stddef.h>
#include <stdint.h>

#include "hps/space.h"

/*
 * in as a value of parameter p of sp: 0 with *out (owned), 1 with the
 * reason in why ("is above max 0.1"), or HPS_ENOMEM.
 */
int hps_point_value(const struct hps_space *sp, const struct hps_param *p,
    const struct hps_value *in, struct hps_value *out, char *why,
    size_t len);

/*
 * Whether a and b (sp->nparams values each) are the same point: every
 * parameter's values equal, a number whatever its kind (512 is 512.0),
 * and inactive (HPS_V_NONE) in both where it does not apply. Values as
 * hps_point_value and a grid give them compare exactly.
 */
int hps_point_equal(const struct hps_space *sp, const struct hps_value *a,
    const struct hps_value *b);
/* A 64-bit hash of a point that equal points (hps_point_equal) share. */
uint64_t hps_point_hash(const struct hps_space *sp,
    const struct hps_value *vals);

/*
 * Whether a parameter may be left without a value in a point: it has a
 * when: condition or is an element of a per: list, so it may not apply
 * (hps_point_fit decides).
 */
int hps_point_may_lack(const struct hps_param *p);
/*
 * Fit a whole point to a conditional space: the parameters that do not
 * apply become inactive (HPS_V_NONE); one left without a value
 * (HPS_V_NONE) must not apply; every constraint must hold. 0, or 1 with
 * the reason in why.
 */
int hps_point_fit(const struct hps_space *sp, struct hps_value *vals,
    char *why, size_t len);

/*
 * A point from words "name=value" (hps enqueue): each value read as its
 * parameter's kind; a parameter not named takes its default: (a constant
 * its value). 0 with out[sp->nparams] filled (owned), or HPS_EINVAL with
 * a message saying what to fix, or HPS_ENOMEM; out is then clear.
 */
int hps_point_parse(const struct hps_space *sp, char *const *words,
    size_t n, struct hps_value *out, char *err, size_t errlen);

/*
 * Importing an earlier study's trials: each is offered with its
 * parameters by name, and lies in this space when every value it has for
 * a parameter of the space does (hps_point_value); a parameter of the
 * space it lacks takes its default:. Parameters it has that the space
 * dropped must have held one value over the trials that lie inside,
 * since the space can no longer tell them apart; hps_import_check says
 * so, and that a parameter without a default is missing.
 */
struct hps_import;

int hps_import_new(const struct hps_space *sp, struct hps_import **out);
void hps_import_free(struct hps_import *im);
/* 1 with out[sp->nparams] filled (owned) when the trial lies inside, 0
 * when it does not (out clear), HPS_ENOMEM. */
int hps_import_offer(struct hps_import *im, const char *const *names,
    const struct hps_value *vals, size_t n, struct hps_value *out);
/* After the last offer: 0, or HPS_EINVAL with what the user must change
 * in why (source names the study in it). */
int hps_import_check(const struct hps_import *im, const char *source,
    char *why, size_t len);
/* Trials offered that lay outside the space. */
long hps_import_outside(const struct hps_import *im);

#endif
