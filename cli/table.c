/*
 * Aligned text tables and short value formats for the hps client. What a
 * trial or a space file put in a cell or a parameter value (an escape
 * sequence, a carriage return) is printed escaped, never to the terminal
 * as it is.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "hps/text.h"

struct table {
	size_t ncols, nrows, cap;
	char **cells;		/* (nrows + 1) * ncols, row 0 the header */
};

struct table *
table_new(size_t ncols, const char *const *headers)
{
	struct table *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->ncols = ncols;
	table_add(t, headers);
	return t;
}

/* A malloc'ed copy of s that is safe on a terminal. */
static char *
visible(const char *s)
{
	size_t n = hps_text_visible(s, NULL, 0) + 1;
	char *p = malloc(n);

	if (p == NULL)
		abort();
	hps_text_visible(s, p, n);
	return p;
}

void
table_add(struct table *t, const char *const *cells)
{
	char **n;
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		n = realloc(t->cells, t->cap * t->ncols * sizeof *n);
		if (n == NULL)
			abort();
		t->cells = n;
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = visible(cells[i] ?
		    cells[i] : "");
	t->nrows++;
}

/* Numbers and "-" align right, text left. */
static int
numeric(const char *s)
{
	char *end;

	if (strcmp(s, "-") == 0)
		return 1;
	strtod(s, &end);
	return *s != '\0' && *end == '\0';
}

void
table_print(struct table *t, FILE *fp)
{
	size_t r, c, w[32] = {0}, n;
	const char *cell;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols && c < 32; c++)
			if ((n = strlen(t->cells[r * t->ncols + c])) > w[c])
				w[c] = n;
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols && c < 32; c++) {
			cell = t->cells[r * t->ncols + c];
			if (c + 1 == t->ncols)
				fprintf(fp, "%s", cell);
			else if (r > 0 && numeric(cell))
				fprintf(fp, "%*s  ", (int)w[c], cell);
			else
				fprintf(fp, "%-*s  ", (int)w[c], cell);
		}
		fputc('\n', fp);
	}
}

void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

long long
cli_count(json_t *o, const char *state)
{
	return json_integer_value(json_object_get(json_object_get(o,
	    "counts"), state));
}

void
fmt_json(json_t *v, char *buf, size_t len)
{
	if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, len, "%.6g", json_real_value(v));
	else if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false");
	else if (json_is_array(v) || json_is_object(v)) {
		if (json_dumpb(v, buf, len - 1, JSON_COMPACT |
		    JSON_REAL_PRECISION(6)) >= len - 1)
			snprintf(buf + len - 4, 4, "...");
		else
			buf[json_dumpb(v, NULL, 0, JSON_COMPACT |
			    JSON_REAL_PRECISION(6))] = '\0';
	} else
		snprintf(buf, len, "-");
}

/*
 * A stored per: list comes as one key per element (units[1], units[2]),
 * shown as the trial saw it (units=512,256); a list or mapping value (a
 * W&B categorical, or a live per: list) as its JSON; an inactive
 * parameter (null) is left out.
 */
void
fmt_params(json_t *params, char *buf, size_t len)
{
	const char *key, *last = "";
	char val[256], shown[256];
	size_t used = 0, base, lastlen = 0;
	json_t *v;

	buf[0] = '\0';
	json_object_foreach(params, key, v) {
		if (json_is_null(v))
			continue;
		fmt_json(v, val, sizeof val);
		hps_text_visible(val, shown, sizeof shown);
		base = strcspn(key, "[");
		if (key[base] == '[' && base == lastlen &&
		    strncmp(key, last, base) == 0)
			used += (size_t)snprintf(buf + used, used < len ?
			    len - used : 0, ",%s", shown);
		else
			used += (size_t)snprintf(buf + used, used < len ?
			    len - used : 0, "%s%.*s=%s", used ? " " : "",
			    (int)base, key, shown);
		last = key;
		lastlen = key[base] == '[' ? base : SIZE_MAX;
		if (used >= len)
			break;
	}
}

void
fmt_done(char *buf, size_t len, long long done, long long budget)
{
	if (budget > 0)
		snprintf(buf, len, "%lld/%lld", done, budget);
	else
		snprintf(buf, len, "%lld done, open", done);
}

void
fmt_duration(double s, char *buf, size_t len)
{
	if (!isfinite(s) || s < 0)
		snprintf(buf, len, "-");
	else if (s < 60)
		snprintf(buf, len, "%.1fs", s);
	else if (s < 3600)
		snprintf(buf, len, "%dm%02ds", (int)s / 60, (int)s % 60);
	else
		snprintf(buf, len, "%dh%02dm", (int)s / 3600,
		    (int)s % 3600 / 60);
}

void
fmt_goals(json_t *o, char *buf, size_t len)
{
	json_t *objs = json_object_get(o, "objectives"), *ob;
	size_t k, n = 0;

	if (objs == NULL) {
		snprintf(buf, len, "%s %s", json_string_value(json_object_get(o,
		    "goal")), json_string_value(json_object_get(o, "metric")));
		return;
	}
	buf[0] = '\0';
	json_array_foreach(objs, k, ob)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s %s",
		    k ? ", " : "", json_string_value(json_object_get(ob,
		    "goal")), json_string_value(json_object_get(ob, "name")));
}
