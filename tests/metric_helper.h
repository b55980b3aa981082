/*
 * What the metric reader's tests share: output is run through the real
 * line splitter and reader in small chunks (so that lines are cut across
 * reads, as pipes cut them), every reported line is kept and checked, and
 * values are looked up as the store keeps them: the last value for a step
 * and a name wins.
 */
#ifndef HPS_TEST_METRIC_HELPER_H
#define HPS_TEST_METRIC_HELPER_H

#include "hps/error.h"
#include "hps/linebuf.h"
#include "hps/metric.h"
#include "test.h"

struct got {
	struct hps_metric_line *l;	/* every line reported, in order */
	size_t n, cap;
	size_t values;			/* lines with values */
	size_t doubts;			/* doubtful lines */
};

/* What every reported line must be, whatever the input. */
static inline void
got_check(const struct hps_metric_line *ml)
{
	size_t i;

	ASSERT(ml->n <= HPS_METRIC_MAX);
	ASSERT(ml->dropped == 0 || ml->n == HPS_METRIC_MAX);
	ASSERT(ml->line >= 1);
	ASSERT(ml->form > HPS_MF_NONE && ml->form < HPS_MF_COUNT);
	ASSERT((ml->doubt != NULL) == (ml->n == 0));
	if (ml->n > 0)
		ASSERT(ml->step >= 0 && ml->step < HPS_METRIC_STEP_LIMIT);
	for (i = 0; i < ml->n; i++) {
		const struct hps_metric *m = &ml->m[i];

		ASSERT(m->namelen > 0 && m->namelen <= HPS_METRIC_NAMEMAX);
		ASSERT_EQ(strlen(m->name), m->namelen);
		ASSERT(hps_metric_name_ok(m->name, m->namelen));
		ASSERT_EQ(m->finite, isfinite(m->value) != 0);
	}
}

static inline void
got_emit(void *arg, const struct hps_metric_line *ml)
{
	struct got *g = arg;

	got_check(ml);
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->l = realloc(g->l, g->cap * sizeof *g->l);
		ASSERT(g->l != NULL);
	}
	g->l[g->n++] = *ml;
	if (ml->doubt != NULL)
		g->doubts++;
	else
		g->values++;
}

/*
 * Run len bytes of output through splitter and reader, chunk at a time,
 * for a study whose objective is the metric named (or none: NULL).
 */
static inline void
got_run_for(struct got *g, const char *text, size_t len,
    const struct hps_metric_patterns *pat, const char *objective,
    size_t chunk)
{
	struct hps_metric_parser *p;
	struct hps_linebuf lb;
	char *copy;
	size_t i, k;

	memset(g, 0, sizeof *g);
	p = hps_metric_parser_new(pat, objective, got_emit, g);
	ASSERT(p != NULL);
	ASSERT_EQ(hps_linebuf_init(&lb, 64 * 1024, hps_metric_feed, p), 0);
	for (i = 0; i < len; i += k) {
		k = len - i < chunk ? len - i : chunk;
		/* A heap copy of exactly k bytes: ASan sees any overread. */
		copy = malloc(k);
		ASSERT(copy != NULL);
		memcpy(copy, text + i, k);
		hps_linebuf_feed(&lb, copy, k);
		free(copy);
	}
	hps_linebuf_finish(&lb);
	hps_metric_finish(p);
	hps_linebuf_free(&lb);
	hps_metric_parser_free(p);
}

static inline void
got_run(struct got *g, const char *text, size_t len,
    const struct hps_metric_patterns *pat, size_t chunk)
{
	got_run_for(g, text, len, pat, NULL, chunk);
}

static inline void
got_free(struct got *g)
{
	free(g->l);
	memset(g, 0, sizeof *g);
}

/* The value stored for (step, name): 1 if there is one. */
static inline int
got_find(const struct got *g, double step, const char *name, double *v)
{
	size_t i, j;
	int found = 0;

	for (i = 0; i < g->n; i++) {
		for (j = 0; j < g->l[i].n; j++) {
			if (g->l[i].step == step &&
			    strcmp(g->l[i].m[j].name, name) == 0) {
				*v = g->l[i].m[j].value;
				found = 1;
			}
		}
	}
	return found;
}

#define RUN(g, lit) got_run((g), (lit), sizeof(lit) - 1, NULL, 7)

#define ASSERT_VAL(g, step, name, val)                                        \
	do {                                                                  \
		double v_ = 0;                                                \
		if (!got_find((g), (step), (name), &v_))                      \
			TEST_FAIL_("no %s at step %g", (name),                \
			    (double)(step));                                  \
		if (v_ != (double)(val))                                      \
			TEST_FAIL_("%s at step %g is %.17g, want %.17g",      \
			    (name), (double)(step), v_, (double)(val));       \
	} while (0)

#define ASSERT_NOVAL(g, step, name)                                           \
	do {                                                                  \
		double v_ = 0;                                                \
		if (got_find((g), (step), (name), &v_))                       \
			TEST_FAIL_("%s at step %g is %.17g, want none",       \
			    (name), (double)(step), v_);                      \
	} while (0)

/* Assert that the output gives no values and no doubts. */
#define ASSERT_NONE(lit)                                                      \
	do {                                                                  \
		struct got g_;                                                \
		RUN(&g_, lit);                                                \
		if (g_.n != 0)                                                \
			TEST_FAIL_("expected nothing from \"%s\", got %zu"    \
			    " lines", (lit), g_.n);                           \
		got_free(&g_);                                                \
	} while (0)

/* The total values over all lines (redraws of a step included). */
static inline size_t
got_nvalues(const struct got *g)
{
	size_t i, n = 0;

	for (i = 0; i < g->n; i++)
		n += g->l[i].n;
	return n;
}

/* Read a fixture file of tests/data into a malloc'ed buffer. */
static inline char *
got_slurp(const char *rel, size_t *len)
{
	char path[4096], *text;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", HPS_TEST_DATA, rel);
	if ((f = fopen(path, "rb")) == NULL)
		TEST_FAIL_("cannot open %s", path);
	text = malloc(4 << 20);
	ASSERT(text != NULL);
	*len = fread(text, 1, 4 << 20, f);
	fclose(f);
	ASSERT(*len < 4 << 20);
	return text;
}

struct expect {
	double step;
	char name[HPS_METRIC_NAMEMAX + 1];
	char text[64];
	double value;
	int seen;
};

/* Parse an .expect file; *doubts from its "# doubts N" line. */
static inline struct expect *
got_expect(const char *rel, size_t *n, size_t *doubts)
{
	char *text, *line, *save = NULL;
	struct expect *e;
	size_t len;

	text = got_slurp(rel, &len);
	text[len] = '\0';
	e = calloc(len / 4 + 1, sizeof *e);
	ASSERT(e != NULL);
	*n = *doubts = 0;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "# doubts %zu", doubts) == 1)
			continue;
		ASSERT(sscanf(line, "%lf %128s %63s", &e[*n].step, e[*n].name,
		    e[*n].text) == 3);
		e[*n].value = strtod(e[*n].text, NULL);
		(*n)++;
	}
	free(text);
	return e;
}

/* A reported value must be the expected one(s) for its step and name. */
static inline void
got_expected(const char *rel, const struct hps_metric_line *ml,
    const struct hps_metric *m, struct expect *e, size_t ne)
{
	size_t k;
	int found = 0;

	for (k = 0; k < ne; k++) {
		if (e[k].step != ml->step || strcmp(e[k].name, m->name) != 0)
			continue;
		if (e[k].value != m->value)
			TEST_FAIL_("%s: line %ld: %s = %.17g at step %g, want"
			    " %s", rel, ml->line, m->name, m->value, ml->step,
			    e[k].text);
		e[k].seen = found = 1;
	}
	if (!found)
		TEST_FAIL_("%s: line %ld: %s = %.17g at step %g is not"
		    " expected", rel, ml->line, m->name, m->value, ml->step);
}

/*
 * Check a fixture against its .expect file ("step name value" per line,
 * the values as the trainer printed them): every value reported is the
 * expected one for its step and name (a running average reported and
 * then overwritten fails here), every expected value is reported, and
 * exactly the expected number of lines is doubtful. Fed a byte at a time
 * and in large chunks alike.
 */
static inline void
got_fixture(const char *rel)
{
	char exp[1024];
	struct expect *e;
	size_t len, ne, doubts, chunk, i, j, k;
	struct got g;
	char *text;

	text = got_slurp(rel, &len);
	snprintf(exp, sizeof exp, "%.*s.expect", (int)(strrchr(rel, '.') -
	    rel), rel);
	e = got_expect(exp, &ne, &doubts);
	for (chunk = 1; chunk <= 4096; chunk *= 4096) {
		got_run(&g, text, len, NULL, chunk);
		for (k = 0; k < ne; k++)
			e[k].seen = 0;
		for (i = 0; i < g.n; i++) {
			for (j = 0; j < g.l[i].n; j++)
				got_expected(rel, &g.l[i], &g.l[i].m[j], e,
				    ne);
			if (g.l[i].doubt != NULL && doubts == 0)
				TEST_FAIL_("%s: line %ld is doubtful: %s", rel,
				    g.l[i].line, g.l[i].doubt);
		}
		for (k = 0; k < ne; k++)
			if (!e[k].seen)
				TEST_FAIL_("%s: no %s at step %g", rel,
				    e[k].name, e[k].step);
		ASSERT_EQ(g.doubts, doubts);
		got_free(&g);
	}
	free(e);
	free(text);
}

#endif
