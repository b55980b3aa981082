/*
 * Constraints of a search space (constraints: in the space file):
 * expressions over the parameters that every trial's values satisfy. No
 * search ever runs a point that breaks one.
 *
 *   numbers (1e-3), 'strings', true and false
 *   a parameter by name; units[i], element i of a per: list
 *   + - * / and parentheses; < <= > >= == != (chained: a < b < c)
 *   and, or, not
 *   sum(...), min(...), max(...) of numbers and per: lists; len(list);
 *   log(x), the natural logarithm
 *
 * A constraint must compare (sum(units) <= 2048, not sum(units) alone).
 * Strings compare with == and != only (optimizer != 'sgd'), booleans count
 * as 0 and 1, and a list is only ever an argument of sum, min, max or
 * len, which see its active elements. A constraint that names a parameter
 * (or a list) inactive in the values holds: the question does not arise
 * for that trial. A value that is not a number (0 / 0, log(-1)) breaks
 * it.
 */
#ifndef HPS_CONSTRAINT_H
#define HPS_CONSTRAINT_H

#include <stddef.h>

#include "hps/space.h"

struct hps_constraint;

/*
 * Compile text against sp's parameters and lists (which sp must keep
 * while the constraint lives). NULL on error, with the message in err and
 * the 0-based offset in text where it is in *at (or NULL for no memory,
 * *at then SIZE_MAX).
 */
struct hps_constraint *hps_constraint_new(const struct hps_space *sp,
    const char *text, char *err, size_t errlen, size_t *at);
void hps_constraint_free(struct hps_constraint *c);
/* Whether vals (one per sp->params) satisfy it. */
int hps_constraint_holds(const struct hps_constraint *c,
    const struct hps_value *vals);
/* Its text as written. */
const char *hps_constraint_text(const struct hps_constraint *c);

#endif
