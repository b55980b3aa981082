/*
 * confirm:'s repeats in the best query (hps/query.h): each repeated
 * trial's runs (its own, seed 0, and its completed repeats) as a mean
 * with its 95% t-interval (hps/runs.h), ranked by the mean, and whether
 * that order is resolved: no two neighbours' intervals overlap.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "query_int.h"

/* The repeated trials' own values, then every repeat's, by trial. */
#define RUNS_SQL \
	"SELECT t.number, t.objective, 0, 'completed' FROM trial t" \
	" WHERE t.study_id = ?1 AND t.state = 'completed' AND" \
	" t.error IS NULL AND t.objective IS NOT NULL AND t.number IN" \
	" (SELECT repeat_of FROM trial WHERE study_id = ?1)" \
	" UNION ALL SELECT r.repeat_of, r.objective, r.seed, r.state" \
	" FROM trial r WHERE r.study_id = ?1 AND r.repeat_of IS NOT NULL" \
	" ORDER BY 1, 3"

struct group {
	struct hps__confirmed c;
	double *v;
	size_t cap;
};

static struct group *
group_for(struct hps__confirm *cf, struct group **gs, long number)
{
	struct group *g;

	if (cf->n > 0 && (*gs)[cf->n - 1].c.number == number)
		return &(*gs)[cf->n - 1];
	if ((g = realloc(*gs, (cf->n + 1) * sizeof *g)) == NULL)
		return NULL;
	*gs = g;
	g = &g[cf->n++];
	memset(g, 0, sizeof *g);
	g->c.number = number;
	return g;
}

/* A value of one run; a repeat not yet finished is pending. */
static int
group_add(struct hps__confirm *cf, struct group *g, sqlite3_stmt *s)
{
	const char *state = (const char *)sqlite3_column_text(s, 3);
	double *v;

	if (strcmp(state, "completed") != 0 || sqlite3_column_type(s, 1) ==
	    SQLITE_NULL) {
		cf->pending += strcmp(state, "queued") == 0 ||
		    strcmp(state, "running") == 0 || strcmp(state, "lost") ==
		    0 || strcmp(state, "pending") == 0 || strcmp(state,
		    "paused") == 0;
		return 0;
	}
	if (g->c.runs.n == g->cap) {
		if ((v = realloc(g->v, (g->cap * 2 + 8) * sizeof *v)) == NULL)
			return HPS_ENOMEM;
		g->v = v;
		g->cap = g->cap * 2 + 8;
	}
	g->v[g->c.runs.n++] = sqlite3_column_double(s, 1);
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

/* Groups without a value of their own (the trial's run broke a limit)
 * are dropped; the others get their statistics. */
static int
settle(struct hps__confirm *cf, struct group *gs, int maximize)
{
	size_t i, n = 0;

	if ((cf->trials = calloc(cf->n + 1, sizeof *cf->trials)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < cf->n; i++) {
		if (gs[i].c.runs.n > 0) {
			cf->trials[n] = gs[i].c;
			hps_runs_of(gs[i].v, gs[i].c.runs.n,
			    &cf->trials[n++].runs);
		}
		free(gs[i].v);
	}
	cf->n = n;
	rank_by_mean(cf->trials, n, maximize);
	return 0;
}

int
hps__confirm_load(struct hps_store *st, long long study_id, int maximize,
    struct hps__confirm *cf)
{
	struct group *gs = NULL, *g;
	sqlite3_stmt *s;
	int rc = 0, step;

	memset(cf, 0, sizeof *cf);
	if (hps__query_prepare(st, RUNS_SQL, &s, NULL, 0) != 0)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, study_id);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if ((g = group_for(cf, &gs, (long)sqlite3_column_int64(s,
		    0))) == NULL)
			rc = HPS_ENOMEM;
		else
			rc = group_add(cf, g, s);
	}
	sqlite3_finalize(s);
	if (rc == 0)
		rc = settle(cf, gs, maximize);
	else
		while (cf->n > 0)
			free(gs[--cf->n].v);
	free(gs);
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
hps__confirm_runs_json(const struct hps_runs *r)
{
	return json_pack("{s:I, s:o, s:o, s:[o, o]}", "runs", (json_int_t)r->n,
	    "mean", num(r->mean), "sd", num(r->sd), "interval", num(r->lo),
	    num(r->hi));
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
