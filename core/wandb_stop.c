/*
 * A W&B sweep's early_terminate: W&B's hyperband becomes hpsd's rule
 * hyperband (search/prune_hyperband.c), which decides as W&B's
 * hyperband_stop_runs does, with W&B's own numbers. What W&B ignores is
 * dropped with a comment: min_iter beside max_iter (W&B takes max_iter),
 * s without max_iter, keys its hyperband schema does not know (W&B
 * deletes them before it stops runs). What W&B fails on is refused.
 */
#include <stdio.h>
#include <string.h>

#include "hps/error.h"
#include "wandb_int.h"

/* The rule's own limits (search/prune.c), checked here to point at W&B's. */
#define MIN_ITER_MAX 1e9
#define MAX_ITER_MAX 1e12
#define S_MAX 100

enum { E_TYPE, E_MIN_ITER, E_MAX_ITER, E_S, E_ETA, E_STRICT, E_N };

static const char *const et_keys[E_N] = {"type", "min_iter", "max_iter",
    "s", "eta", "strict"};

/* The keys hyperband reads; the others W&B drops, and so does this. */
static int
et_collect(struct hps__wandb *w, const struct hps__ynode *map,
    const struct hps__ynode **v)
{
	size_t i, j;

	if (map->type != HPS__Y_MAP)
		return hps__wandb_err(w, map, "early_terminate must be a "
		    "mapping: {type: hyperband, min_iter: N, eta: 3}");
	for (i = 0; i < map->nkids; i += 2) {
		for (j = 0; j < E_N; j++)
			if (strcmp(map->kids[i]->text, et_keys[j]) == 0)
				break;
		if (j < E_N)
			v[j] = map->kids[i + 1];
		else
			fprintf(w->fp, "# early_terminate.%.64s is not a "
			    "hyperband key; W&B ignores it, and so does "
			    "this.\n", map->kids[i]->text);
	}
	return 0;
}

/* An integer from lo to hi, as W&B's schema and code need it. */
static int
et_int(struct hps__wandb *w, const struct hps__ynode *n, const char *what,
    double lo, double hi, long *out)
{
	double x = 0;
	int isint = 0, rc;

	if ((rc = hps__wandb_number(w, n, what, &x, &isint)) != 0)
		return rc;
	if (!isint || x < lo || x > hi)
		return hps__wandb_err(w, n, "%s must be an integer from %.0f "
		    "to %.0f, not %.32s", what, lo, hi, n->text);
	*out = (long)x;
	return 0;
}

/* min_iter, or max_iter with s: which bands, and what W&B ignores. */
static int
et_bands(struct hps__wandb *w, const struct hps__ynode *map,
    const struct hps__ynode **v, double eta)
{
	long min_iter = 0, max_iter = 0, s = 0;
	int rc;

	if (v[E_MAX_ITER] == NULL) {
		if (v[E_MIN_ITER] == NULL)
			return hps__wandb_err(w, map, "hyperband needs "
			    "min_iter: N, or max_iter: N with s: K");
		if ((rc = et_int(w, v[E_MIN_ITER], "min_iter", 1,
		    MIN_ITER_MAX, &min_iter)) != 0)
			return rc;
		if (v[E_S] != NULL)
			fprintf(w->fp, "# W&B ignores s beside min_iter (s "
			    "counts the bands below max_iter).\n");
		fprintf(w->fp, "early_stopping: {rule: hyperband, min_iter: "
		    "%ld", min_iter);
		return 0;
	}
	if (v[E_S] == NULL)
		return hps__wandb_err(w, v[E_MAX_ITER], "max_iter needs s: "
		    "(the number of bands below max_iter); W&B fails without "
		    "it");
	if ((rc = et_int(w, v[E_MAX_ITER], "max_iter", 1, MAX_ITER_MAX,
	    &max_iter)) != 0 || (rc = et_int(w, v[E_S], "s", 1, S_MAX,
	    &s)) != 0)
		return rc;
	if ((double)max_iter / eta < 1)
		return hps__wandb_err(w, v[E_MAX_ITER], "max_iter %ld with eta "
		    "%g leaves no band (max_iter / eta < 1), which W&B "
		    "refuses; raise max_iter or lower eta", max_iter, eta);
	if (v[E_MIN_ITER] != NULL)
		fprintf(w->fp, "# W&B ignores min_iter beside max_iter and "
		    "s.\n");
	fprintf(w->fp, "early_stopping: {rule: hyperband, max_iter: %ld, s: "
	    "%ld", max_iter, s);
	return 0;
}

int
hps__wandb_put_stop(struct hps__wandb *w)
{
	const struct hps__ynode *map = w->top[T_EARLY_TERMINATE],
	    *v[E_N] = {0};
	const char *type;
	double eta = 3;
	int strict = 1, rc;

	if (map == NULL)
		return 0;
	if ((rc = et_collect(w, map, v)) != 0)
		return rc;
	if (v[E_TYPE] == NULL)
		return hps__wandb_err(w, map, "early_terminate needs type: "
		    "hyperband");
	if ((rc = hps__wandb_str(w, v[E_TYPE], "type", &type)) != 0)
		return rc;
	if (strcmp(type, "hyperband") != 0)
		return hps__wandb_err(w, v[E_TYPE], "unknown early_terminate "
		    "type '%.64s'; W&B's only type is hyperband", type);
	if (v[E_ETA] != NULL && (rc = hps__wandb_number(w, v[E_ETA], "eta",
	    &eta, NULL)) != 0)
		return rc;
	if (!(eta > 1) || eta > 1e3)
		return hps__wandb_err(w, v[E_ETA], "eta must be more than 1 "
		    "(W&B's schema) and at most 1000");
	if (v[E_STRICT] != NULL && (strict = hps__wandb_bool(v[E_STRICT])) < 0)
		return hps__wandb_err(w, v[E_STRICT], "strict must be true or "
		    "false");
	fprintf(w->fp, "# W&B's hyperband: bands count the values a trial "
	    "has reported, and a trial\n# is stopped exactly when W&B's "
	    "hyperband_stop_runs would stop it.\n");
	if ((rc = et_bands(w, map, v, eta)) != 0)
		return rc;
	fputs(", eta: ", w->fp);
	hps__wandb_put_num(w->fp, eta);
	fprintf(w->fp, "%s}\n", strict ? "" : ", strict: false");
	return 0;
}
