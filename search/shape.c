/*
 * The shape of a search space, as hps submit --check shows it: its
 * branches with the dimensions each has active, its exact grid size (the
 * active combinations), and the share of it that satisfies its
 * constraints, estimated from random search's own draws. The estimate is
 * also what refuses a space whose constraints leave almost nothing:
 * below HPS_FEASIBLE_MIN, every method would spend its time rejecting
 * points.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hps/branch.h"
#include "hps/error.h"
#include "hps/rng.h"
#include "hps/search.h"

/* Branches listed one by one; the rest are counted. */
#define SHAPE_LISTED 32
/* Draws of the estimate at most, and the feasible ones that settle it
 * sooner (a relative error of about 1.5%). */
#define SHAPE_DRAWS (1L << 18)
#define SHAPE_ENOUGH 4096
/* Stream of the seed's generator for the estimate ("feas"). */
#define SHAPE_STREAM 0x66656173ULL

/* The share of random draws that satisfy the constraints, and how many
 * were drawn; 1 without constraints. */
static int
shape_feasible(const struct hps_space *sp, double *share, long *drawn)
{
	struct hps_value *v;
	struct hps_rng r;
	long n, ok = 0;
	size_t i;
	int rc = 0;

	*share = 1;
	*drawn = 0;
	if (sp->nconstraints == 0)
		return 0;
	if ((v = calloc(sp->nparams + 1, sizeof *v)) == NULL)
		return HPS_ENOMEM;
	hps_rng_seed2(&r, sp->seed, SHAPE_STREAM);
	for (n = 0; rc == 0 && n < SHAPE_DRAWS && ok < SHAPE_ENOUGH; n++) {
		if ((rc = hps_random_draw(sp, &r, v)) != 0)
			break;
		ok += hps_space_feasible(sp, v);
		for (i = 0; i < sp->nparams; i++)
			hps_value_clear(&v[i]);
	}
	free(v);
	*share = n > 0 ? (double)ok / (double)n : 0;
	*drawn = n;
	return rc;
}

static json_t *
shape_branches(const struct hps_branches *b)
{
	json_t *list = json_array();
	char label[256];
	size_t k;

	for (k = 0; k < hps_branches_count(b) && k < SHAPE_LISTED; k++) {
		hps_branches_label(b, k, label, sizeof label);
		json_array_append_new(list, json_pack("{s:s, s:I}", "when",
		    label, "dims", (json_int_t)hps_branches_dims(b, k)));
	}
	return list;
}

/* Branches and grid size into shape; nothing of them when there are
 * more branches than HPS_BRANCHES_MAX. */
static int
shape_structure(const struct hps_space *sp, json_t *shape)
{
	struct hps_branches *b;
	uint64_t grid;
	int rc;

	rc = hps_branches_new(sp, HPS_BRANCHES_MAX, &b);
	if (rc == HPS_ETOOBIG) {
		json_object_set_new(shape, "branches", json_null());
		json_object_set_new(shape, "grid", json_null());
		return 0;
	}
	if (rc != 0)
		return rc;
	grid = hps_branches_total(b);
	json_object_set_new(shape, "branches", json_integer(
	    (json_int_t)hps_branches_count(b)));
	json_object_set_new(shape, "max_dims", json_integer(
	    (json_int_t)hps_branches_maxdims(b)));
	json_object_set_new(shape, "listed", shape_branches(b));
	/* a count past 2^53 would not survive JSON as an integer */
	json_object_set_new(shape, "grid", grid == 0 ? json_null() :
	    grid < (1ULL << 53) ? json_integer((json_int_t)grid) :
	    json_real((double)grid));
	hps_branches_free(b);
	return 0;
}

int
hps_search_shape(const struct hps_space *sp, json_t **out, char *err,
    size_t errlen)
{
	json_t *shape;
	double share;
	char left[32];
	long drawn;
	size_t i, dims = 0;
	int rc;

	*out = NULL;
	if ((shape = json_object()) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	for (i = 0; i < sp->nparams; i++)
		dims += sp->params[i].type != HPS_P_CONST;
	json_object_set_new(shape, "dims", json_integer((json_int_t)dims));
	if ((rc = shape_structure(sp, shape)) != 0 ||
	    (rc = shape_feasible(sp, &share, &drawn)) != 0) {
		json_decref(shape);
		return hps_errf(err, errlen, rc, "%s", hps_strerror(rc));
	}
	json_object_set_new(shape, "constraints", json_integer(
	    (json_int_t)sp->nconstraints));
	json_object_set_new(shape, "feasible", sp->nconstraints ?
	    json_real(share) : json_null());
	json_object_set_new(shape, "draws", json_integer(drawn));
	if (sp->nconstraints > 0 && share < HPS_FEASIBLE_MIN) {
		json_decref(shape);
		if (share > 0)
			snprintf(left, sizeof left, "about %.2g", share);
		else
			snprintf(left, sizeof left, "none");
		return hps_space_errat(sp, sp->constraints_line,
		    sp->constraints_col, err, errlen, "the constraints leave "
		    "%s of the space (%.0f of %ld random draws satisfy them); "
		    "a search needs at least 1 in 10^4: loosen them or narrow "
		    "the ranges they cut", left, share * (double)drawn, drawn);
	}
	*out = shape;
	return 0;
}
