/*
 * The reference point that bounds a front's hypervolume (hps/pareto.h):
 * the user's where given, else derived from the points themselves, so
 * hps status, the report and multi-objective ASHA bound volumes alike.
 */
#include <math.h>

#include "hps/pareto.h"

void
hps_pareto_reference(const double *y, size_t n, size_t m, const int *has,
    const double *given, double *ref)
{
	double lo, hi, spread;
	size_t i, k;

	for (k = 0; k < m; k++) {
		if (has != NULL && has[k]) {
			ref[k] = given[k];
			continue;
		}
		lo = INFINITY;
		hi = -INFINITY;
		for (i = 0; i < n; i++) {
			lo = fmin(lo, y[i * m + k]);
			hi = fmax(hi, y[i * m + k]);
		}
		if (n == 0) {
			ref[k] = 0;
			continue;
		}
		spread = hi > lo ? hi - lo : fabs(hi);
		ref[k] = hi + (spread > 0 ? spread / 10 : 1);
	}
}
