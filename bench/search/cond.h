/*
 * The conditional problems of search-bench (bench/search/cond.c): each a
 * space file's parameters: (and constraints:) and an objective over the
 * values a strategy proposes, with its known minimum.
 */
#ifndef COND_H
#define COND_H

#include "hps/space.h"

struct cond_problem {
	const char *name;
	const char *space;	/* YAML: parameters: and constraints: */
	double fmin;
	double (*f)(const struct hps_space *sp, const struct hps_value *v);
};

/* The problem called name, or NULL. */
const struct cond_problem *cond_lookup(const char *name);

#endif
