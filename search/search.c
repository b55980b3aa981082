/*
 * What all strategies share: the registry that finds a space file's
 * method by name (the strategies of HPS_SEARCH_METHODS), and the size of
 * a space's whole grid (its active combinations, branch by branch). The
 * section of the space file named as the method holds its options.
 */
#include <stdio.h>
#include <string.h>

#include "hps/branch.h"
#include "hps/error.h"
#include "hps/search.h"

static const struct hps_search_type *const types[] = {
#define HPS_SEARCH_TYPE(name) &hps_search_##name,
	HPS_SEARCH_METHODS(HPS_SEARCH_TYPE)
#undef HPS_SEARCH_TYPE
};
#define NTYPES (sizeof types / sizeof types[0])

const struct hps_search_type *
hps_search_find(const char *name)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (strcmp(types[i]->name, name) == 0)
			return types[i];
	return NULL;
}

/* "grid, random, genetic or bayes". */
static void
names(char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < NTYPES && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i == 0 ? "" :
		    i + 1 == NTYPES ? " or " : ", ", types[i]->name);
}

int
hps_search_for(const struct hps_space *sp, const struct hps_search_type **out,
    char *err, size_t errlen)
{
	const char *cands[NTYPES], *hint;
	char list[256];
	size_t i;

	if ((*out = hps_search_find(sp->method)) != NULL)
		return 0;
	for (i = 0; i < NTYPES; i++)
		cands[i] = types[i]->name;
	hint = hps_space_suggest(sp->method, cands, NTYPES);
	names(list, sizeof list);
	return hps_space_errat(sp, sp->method_line ? sp->method_line : 1,
	    sp->method_col ? sp->method_col : 1, err, errlen,
	    "unknown method '%.64s'%s%s%s (use %s)", sp->method,
	    hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "",
	    list);
}

uint64_t
hps_grid_size(const struct hps_space *sp)
{
	struct hps_branches *b;
	uint64_t n = 1, k;
	size_t i;

	if (sp->conditional) {
		if (hps_branches_new(sp, HPS_BRANCHES_MAX, &b) != 0)
			return 0;
		n = hps_branches_total(b);
		hps_branches_free(b);
		return n;
	}
	for (i = 0; i < sp->nparams; i++) {
		k = hps_param_grid_size(&sp->params[i]);
		if (k == 0)
			return 0;
		/* Keep scanning after saturating: a later 0 still wins. */
		n = n > UINT64_MAX / k ? UINT64_MAX : n * k;
	}
	return n;
}
