/*
 * What all strategies share: the table from a space file's method to its
 * strategy, and the size of a space's whole grid.
 */
#include "hps/search.h"

const struct hps_search_type *
hps_search_for(enum hps_method m)
{
	switch (m) {
	case HPS_M_GRID:
		return &hps_search_grid;
	case HPS_M_RANDOM:
		return &hps_search_random;
	case HPS_M_GENETIC:
		return &hps_search_genetic;
	case HPS_M_BAYES:
		return &hps_search_bayes;
	}
	return NULL;
}

uint64_t
hps_grid_size(const struct hps_space *sp)
{
	uint64_t n = 1, k;
	size_t i;

	for (i = 0; i < sp->nparams; i++) {
		k = hps_param_grid_size(&sp->params[i]);
		if (k == 0)
			return 0;
		/* Keep scanning after saturating: a later 0 still wins. */
		n = n > UINT64_MAX / k ? UINT64_MAX : n * k;
	}
	return n;
}
