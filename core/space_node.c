/*
 * Typed readers for the space-file parser: each checks one YAML node and
 * fails with a file:line:column message that says how to fix it. Also the
 * dispatcher for the per-section key tables, which names unknown keys with
 * a "did you mean" found by edit distance.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hps/error.h"
#include "space_int.h"

/* Words longer than this get no suggestion; keeps the table small. */
#define SUGGEST_MAX 64

int
hps__space_node_err(struct hps__pctx *c, const struct hps__ynode *n,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = hps__space_yaml_verrf(c->err, c->errlen, c->path, n->line,
	    n->col, fmt, ap);
	va_end(ap);
	return rc;
}

/* Case does not count: {LR} is surely a typo for {lr}. */
static int
same(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

/*
 * Optimal string alignment distance: Levenshtein plus swapping two
 * neighbours, so "metirc" is one edit from "metric".
 */
static unsigned
osa_distance(const char *a, size_t la, const char *b, size_t lb)
{
	uint8_t d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
	unsigned v;
	size_t i, j;

	for (i = 0; i <= la; i++)
		d[i][0] = (uint8_t)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (uint8_t)j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			v = d[i - 1][j - 1] + !same(a[i - 1], b[j - 1]);
			if (d[i - 1][j] + 1u < v)
				v = d[i - 1][j] + 1u;
			if (d[i][j - 1] + 1u < v)
				v = d[i][j - 1] + 1u;
			if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) &&
			    same(a[i - 2], b[j - 1]) &&
			    d[i - 2][j - 2] + 1u < v)
				v = d[i - 2][j - 2] + 1u;
			d[i][j] = (uint8_t)v;
		}
	}
	return d[la][lb];
}

const char *
hps__space_node_suggest(const char *word, size_t len,
    const char *const *cands, size_t n)
{
	const char *best = NULL;
	unsigned d, bestd = UINT32_MAX;
	size_t i, cl, longer, shorter;

	if (len == 0 || len > SUGGEST_MAX)
		return NULL;
	for (i = 0; i < n; i++) {
		if (cands[i] == NULL || (cl = strlen(cands[i])) > SUGGEST_MAX)
			continue;
		if ((d = osa_distance(word, len, cands[i], cl)) < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	if (best == NULL)
		return NULL;
	cl = strlen(best);
	longer = len > cl ? len : cl;
	shorter = len < cl ? len : cl;
	/* Close for its length, or a shortening: {lrate} for {lr}. */
	if (bestd * 3 <= longer || (bestd == 1 && longer > 2))
		return best;
	if (shorter >= 2 && strncasecmp(word, best, shorter) == 0)
		return best;
	return NULL;
}

/* "a, b, c or d" */
static void
words_list(char *buf, size_t len, const char *const *words, size_t n)
{
	size_t i, off = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++) {
		w = snprintf(buf + off, len - off, "%s%s",
		    i == 0 ? "" : i + 1 == n ? " or " : ", ", words[i]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

static int
unknown_key(struct hps__pctx *c, const struct hps__ynode *key,
    const char *where, const struct hps__key *tab, size_t n)
{
	const char *cands[HPS__KEYS_MAX] = {NULL}, *s;
	const char *in = where ? " in " : "", *w = where ? where : "";
	char list[256];
	size_t i;

	for (i = 0; i < n; i++)
		cands[i] = tab[i].name;
	s = hps__space_node_suggest(key->text, strlen(key->text), cands, n);
	if (s != NULL)
		return hps__space_node_err(c, key, "unknown key '%.64s'%s%s; "
		    "did you mean '%s'?", key->text, in, w, s);
	words_list(list, sizeof list, cands, n);
	return hps__space_node_err(c, key, "unknown key '%.64s'%s%s; "
	    "expected %s", key->text, in, w, list);
}

static int
key_index(const struct hps__key *tab, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
hps__space_node_collect(struct hps__pctx *c, const struct hps__ynode *map,
    const char *where, const struct hps__key *tab, size_t n,
    const struct hps__ynode **vals)
{
	size_t i;
	int k;

	if (map->type != HPS__Y_MAP)
		return hps__space_node_err(c, map, "%s must be a mapping "
		    "(key: value lines or {key: value, ...})",
		    where ? where : "the file");
	for (i = 0; i < n; i++)
		vals[i] = NULL;
	for (i = 0; i < map->nkids; i += 2) {
		if ((k = key_index(tab, n, map->kids[i]->text)) < 0)
			return unknown_key(c, map->kids[i], where, tab, n);
		vals[k] = map->kids[i + 1];
	}
	for (i = 0; i < n; i++) {
		if (tab[i].required && vals[i] == NULL)
			return hps__space_node_err(c, map, "missing required "
			    "key '%s'%s%s; %s", tab[i].name, where ? " in " :
			    "", where ? where : "", tab[i].hint ? tab[i].hint :
			    "add it");
	}
	return 0;
}

int
hps__space_node_dispatch(struct hps__pctx *c, const struct hps__ynode *map,
    const char *where, const struct hps__key *tab, size_t n)
{
	const struct hps__ynode *vals[HPS__KEYS_MAX];
	size_t i;
	int rc;

	if ((rc = hps__space_node_collect(c, map, where, tab, n, vals)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (vals[i] != NULL && tab[i].fn != NULL &&
		    (rc = tab[i].fn(c, vals[i])) != 0)
			return rc;
	}
	return 0;
}

int
hps__space_node_str(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, const char **out)
{
	if (n->type != HPS__Y_SCALAR)
		return hps__space_node_err(c, n, "%s must be a single value, "
		    "not a %s", what, n->type == HPS__Y_SEQ ? "list" :
		    "mapping");
	if (hps__space_yaml_isnull(n))
		return hps__space_node_err(c, n, "%s has no value", what);
	*out = n->text;
	return 0;
}

int
hps__space_node_value(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, struct hps_value *out)
{
	const char *why = NULL;
	int rc;

	rc = hps__space_yaml_value(n, out, &why);
	if (rc == 1)
		return hps__space_node_err(c, n, "%s: %s", what, why);
	return rc;
}

int
hps__space_node_number(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, int want_int, double *out)
{
	struct hps_value v = {HPS_V_STR, 0, NULL};
	int rc;

	if ((rc = hps__space_node_value(c, n, what, &v)) != 0)
		return rc;
	hps_value_clear(&v);
	if (v.kind == HPS_V_STR || v.kind == HPS_V_BOOL)
		return hps__space_node_err(c, n, "%s must be a number, not "
		    "'%.64s'", what, n->text);
	if (want_int && v.kind != HPS_V_INT &&
	    hps__space_yaml_number(n->text, &v.num) == 1)
		return hps__space_node_err(c, n, "%s %.64s is past 2^53"
		    " (9007199254740992): hpsd holds values as doubles, which"
		    " are exact integers only up to 2^53 either side of 0;"
		    " use a smaller int or type: float", what, n->text);
	if (want_int && v.kind != HPS_V_INT)
		return hps__space_node_err(c, n, "%s must be an integer, not "
		    "%.64s", what, n->text);
	*out = v.num;
	return 0;
}

int
hps__space_node_long(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, long lo, long hi, long *out)
{
	double v = 0;
	int rc;

	if ((rc = hps__space_node_number(c, n, what, 1, &v)) != 0)
		return rc;
	if (v < (double)lo || v > (double)hi)
		return hps__space_node_err(c, n, "%s must be an integer from "
		    "%ld to %ld, not %.64s", what, lo, hi, n->text);
	*out = (long)v;
	return 0;
}

int
hps__space_node_bool(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, int *out)
{
	struct hps_value v = {HPS_V_STR, 0, NULL};
	int rc;

	if ((rc = hps__space_node_value(c, n, what, &v)) != 0)
		return rc;
	hps_value_clear(&v);
	if (v.kind != HPS_V_BOOL)
		return hps__space_node_err(c, n, "%s must be true or false, "
		    "not '%.64s'", what, n->text);
	*out = v.num != 0;
	return 0;
}

int
hps__space_node_word(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, const char *const *words, size_t nwords, size_t *out)
{
	const char *s = NULL, *near;
	char list[256];
	size_t i;
	int rc;

	*out = 0;
	if ((rc = hps__space_node_str(c, n, what, &s)) != 0)
		return rc;
	for (i = 0; i < nwords; i++) {
		if (strcmp(s, words[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	words_list(list, sizeof list, words, nwords);
	near = hps__space_node_suggest(s, strlen(s), words, nwords);
	if (near != NULL)
		return hps__space_node_err(c, n, "unknown %s '%.64s'; did you "
		    "mean '%s'? (use %s)", what, s, near, list);
	return hps__space_node_err(c, n, "unknown %s '%.64s'; use %s", what,
	    s, list);
}

int
hps__space_node_duration(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, double *out)
{
	const char *s = NULL;
	double v;
	int rc;

	if ((rc = hps__space_node_str(c, n, what, &s)) != 0)
		return rc;
	if ((v = hps_parse_duration(s)) < 0)
		return hps__space_node_err(c, n, "bad duration '%.32s': use "
		    "seconds (90) or a number with s, m or h (90s, 30m, 1.5h)",
		    s);
	if (!(v > 0) || v > HPS__DURATION_MAX)
		return hps__space_node_err(c, n, "%s must be more than 0 and at"
		    " most %.0f seconds", what, HPS__DURATION_MAX);
	*out = v;
	return 0;
}
