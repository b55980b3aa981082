/*
 * confirm:'s repeats in the best query (hps/query.h): each repeated
 * trial's runs (its own, seed 0, and its feasible completed repeats) as a
 * mean with its 95% t-interval (hps/runs.h) for every objective, ranked
 * by the first objective's mean, and whether that order is resolved: no
 * two neighbours' intervals of it overlap.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "query_int.h"

/* The repeated trials' own runs, then every repeat, by trial: number,
 * objective, seed, state, id, and whether it has a feasible value. */
#define RUNS_SQL \
	"SELECT t.number, t.objective, 0, t.state, t.id, 1 FROM trial t" \
	" WHERE t.study_id = ?1 AND t.state = 'completed' AND" \
	" t.error IS NULL AND t.objective IS NOT NULL AND t.number IN" \
	" (SELECT repeat_of FROM trial WHERE study_id = ?1)" \
	" UNION ALL SELECT r.repeat_of, r.objective, r.seed, r.state, r.id," \
	" r.state = 'completed' AND r.error IS NULL AND r.objective IS NOT" \
	" NULL FROM trial r WHERE r.study_id = ?1 AND r.repeat_of IS NOT" \
	" NULL ORDER BY 1, 3"

/* One repeated trial's runs: n of m values each, run after run. */
struct group {
	struct hps__confirmed c;
	double *v;
	size_t n, cap;
};

struct load {
	struct hps__confirm *cf;
	struct group *gs;
	size_t m;
	struct hps__objvals *ov;	/* several objectives, else NULL */
};

static struct group *
group_for(struct load *l, long number)
{
	struct hps__confirm *cf = l->cf;
	struct group *g;

	if (cf->n > 0 && l->gs[cf->n - 1].c.number == number)
		return &l->gs[cf->n - 1];
	if ((g = realloc(l->gs, (cf->n + 1) * sizeof *g)) == NULL)
		return NULL;
	l->gs = g;
	g = &g[cf->n++];
	memset(g, 0, sizeof *g);
	g->c.number = number;
	return g;
}

/* Whether a run in this state is still to end. */
static int
unsettled(const char *state)
{
	static const char *const words[] = {"queued", "running", "lost",
	    "pending", "paused"};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(state, words[i]) == 0)
			return 1;
	return 0;
}

/* The values of one run, every objective's; a repeat not yet finished
 * is pending, one without every value is left out. */
static int
group_add(struct load *l, struct group *g, sqlite3_stmt *s)
{
	double v[HPS_OBJECTIVES_MAX], *nv;
	size_t k;

	if (!sqlite3_column_int(s, 5)) {
		l->cf->pending += unsettled((const char *)sqlite3_column_text(s,
		    3));
		return 0;
	}
	v[0] = sqlite3_column_double(s, 1);
	if (l->ov != NULL)
		hps__objvals_get(l->ov, sqlite3_column_int64(s, 4), s, 1, v);
	for (k = 0; k < l->m; k++)
		if (isnan(v[k]))
			return 0;
	if (g->n == g->cap) {
		nv = realloc(g->v, (g->cap * 2 + 8) * l->m * sizeof *nv);
		if (nv == NULL)
			return HPS_ENOMEM;
		g->v = nv;
		g->cap = g->cap * 2 + 8;
	}
	memcpy(g->v + g->n++ * l->m, v, l->m * sizeof *v);
	return 0;
}

/* Whether a ranks above b: the better mean, ties by number. */
static int
above(const struct hps__confirmed *a, const struct hps__confirmed *b,
    int maximize)
{
	if (a->runs.mean != b->runs.mean)
		return maximize ? a->runs.mean > b->runs.mean :
		    a->runs.mean < b->runs.mean;
	return a->number < b->number;
}

/* Insertion sort: top: keeps a hundred trials at most. */
static void
rank_by_mean(struct hps__confirmed *t, size_t n, int maximize)
{
	struct hps__confirmed x;
	size_t i, j;

	for (i = 1; i < n; i++) {
		x = t[i];
		for (j = i; j > 0 && above(&x, &t[j - 1], maximize); j--)
			t[j] = t[j - 1];
		t[j] = x;
	}
}

/* Objective k's values of g's runs into v. */
static void
column(const struct group *g, size_t m, size_t k, double *v)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		v[i] = g->v[i * m + k];
}

/* Each group with runs gets its statistics (one without, whose own run
 * is gone, is dropped). */
static int
settle(struct load *l, int maximize)
{
	struct hps__confirm *cf = l->cf;
	size_t i, k, n = 0;
	double *v;

	if ((cf->trials = calloc(cf->n + 1, sizeof *cf->trials)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < cf->n; i++) {
		const struct group *g = &l->gs[i];

		if (g->n == 0 || (v = malloc(g->n * sizeof *v)) == NULL)
			continue;
		cf->trials[n] = g->c;
		for (k = 0; k < l->m; k++) {
			column(g, l->m, k, v);
			hps_runs_of(v, g->n, &cf->trials[n].obj[k]);
		}
		cf->trials[n].runs = cf->trials[n].obj[0];
		n++;
		free(v);
	}
	cf->n = n;
	cf->m = l->m;
	rank_by_mean(cf->trials, n, maximize);
	return 0;
}

int
hps__confirm_load(struct hps_store *st, const struct hps_space *sp,
    long long study_id, int maximize, struct hps__confirm *cf)
{
	struct hps__objvals ov;
	struct load l = {cf, NULL, 1, NULL};
	struct group *g;
	sqlite3_stmt *s;
	size_t i;
	int rc = 0;

	memset(cf, 0, sizeof *cf);
	if (hps__query_several(sp)) {
		if (hps__objvals_init(&ov, st, sp) != 0)
			return HPS_EDB;
		l.ov = &ov;
		l.m = sp->nobj;
	}
	if (hps__query_prepare(st, RUNS_SQL, &s, NULL, 0) == 0) {
		sqlite3_bind_int64(s, 1, study_id);
		while (rc == 0 && sqlite3_step(s) == SQLITE_ROW)
			rc = (g = group_for(&l, (long)sqlite3_column_int64(s,
			    0))) == NULL ? HPS_ENOMEM : group_add(&l, g, s);
		sqlite3_finalize(s);
	} else
		rc = HPS_EDB;
	if (rc == 0)
		rc = settle(&l, maximize);
	for (i = 0; i < cf->n && l.gs != NULL; i++)
		free(l.gs[i].v);
	free(l.gs);
	if (l.ov != NULL)
		hps__objvals_clear(l.ov);
	return rc;
}

void
hps__confirm_free(struct hps__confirm *cf)
{
	free(cf->trials);
	memset(cf, 0, sizeof *cf);
}

/* Pairs of neighbours in the ranking whose intervals overlap. */
static json_t *
unresolved(const struct hps__confirm *cf)
{
	json_t *pairs = json_array();
	size_t i;

	for (i = 0; i + 1 < cf->n; i++)
		if (hps_runs_overlap(&cf->trials[i].runs,
		    &cf->trials[i + 1].runs))
			json_array_append_new(pairs, json_pack("[I, I]",
			    (json_int_t)cf->trials[i].number,
			    (json_int_t)cf->trials[i + 1].number));
	return pairs;
}

static json_t *
num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *
hps__confirm_runs_json(const struct hps__confirm *cf,
    const struct hps__confirmed *c)
{
	const struct hps_runs *r = &c->runs;
	json_t *obj, *means, *ivs;
	size_t k;

	obj = json_pack("{s:I, s:o, s:o, s:[o, o]}", "runs", (json_int_t)r->n,
	    "mean", num(r->mean), "sd", num(r->sd), "interval", num(r->lo),
	    num(r->hi));
	if (cf->m < 2)
		return obj;
	means = json_array();
	ivs = json_array();
	for (k = 0; k < cf->m; k++) {
		json_array_append_new(means, num(c->obj[k].mean));
		json_array_append_new(ivs, json_pack("[o, o]",
		    num(c->obj[k].lo), num(c->obj[k].hi)));
	}
	json_object_set_new(obj, "means", means);
	json_object_set_new(obj, "intervals", ivs);
	return obj;
}

const struct hps__confirmed *
hps__confirm_find(const struct hps__confirm *cf, long long number,
    size_t *place)
{
	size_t i;

	for (i = 0; i < cf->n; i++)
		if (cf->trials[i].number == number) {
			if (place != NULL)
				*place = i;
			return &cf->trials[i];
		}
	return NULL;
}

json_t *
hps__confirm_json(const struct hps__confirm *cf)
{
	json_t *pairs = unresolved(cf);

	return json_pack("{s:s, s:I, s:I, s:b, s:o}", "interval",
	    "95% Student-t interval of the mean", "trials", (json_int_t)cf->n,
	    "pending", (json_int_t)cf->pending, "resolved",
	    json_array_size(pairs) == 0 && cf->pending == 0, "unresolved",
	    pairs);
}
