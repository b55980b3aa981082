/*
 * The space file's metric_patterns: a list of PCRE2 regular expressions
 * for a trainer whose output no built-in form reads, e.g.
 *
 *   metric_patterns:
 *     - 'Test set: Average loss: (?<test_loss>[0-9.]+), Accuracy: [0-9]+/[0-9]+ \((?<test_acc>[0-9]+)%\)'
 *
 * They are compiled here, at submit, so that a mistake is reported as
 * file:line:column with PCRE2's own message, the column pointing at the
 * character of the pattern where PCRE2 stopped.
 */
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/metric.h"
#include "space_int.h"

/* Most patterns one study may give. */
#define PATTERNS_MAX 64

/* Where line (1-based) starts in text, or NULL. */
static const char *
line_start(const char *text, int line)
{
	while (text != NULL && --line > 0)
		if ((text = strchr(text, '\n')) != NULL)
			text++;
	return text;
}

/* Source bytes of the escape at p in a double-quoted scalar. */
static size_t
escape_len(const char *p)
{
	switch (p[1]) {
	case 'x':
		return 4;
	case 'u':
		return 6;
	case 'U':
		return 10;
	case '\0':
		return 1;
	}
	return 2;
}

/*
 * The file's column of byte off of scalar n: its source is walked through
 * the quotes and escapes that YAML removed. A scalar over several lines
 * gives its own column.
 */
static int
source_col(const char *text, const struct hps__ynode *n, size_t off)
{
	const char *start = line_start(text, n->line), *p;
	char q;

	if (start == NULL || (size_t)n->col - 1 > strcspn(start, "\n"))
		return n->col;
	p = start + n->col - 1;
	q = *p == '\'' || *p == '"' ? *p++ : 0;
	for (; off > 0 && *p != '\0' && *p != '\n'; off--) {
		if (q == '\'' && p[0] == '\'' && p[1] == '\'')
			p += 2;
		else if (q == '"' && *p == '\\')
			p += escape_len(p);
		else
			p++;
	}
	return off > 0 ? n->col : (int)(p - start) + 1;
}

static int
compile_all(struct hps__pctx *c, const struct hps__ynode *list,
    const char **src)
{
	struct hps__ynode at;
	char msg[HPS_ERRMAX];
	size_t bad, off;
	int rc;

	rc = hps_metric_patterns_new(src, list->nkids, &c->sp->patterns, &bad,
	    &off, msg, sizeof msg);
	if (rc != HPS_EPARSE)
		return rc;
	at = *list->kids[bad];
	at.col = source_col(c->sp->text, list->kids[bad], off);
	return hps__space_node_err(c, &at, "metric_patterns[%zu]: %s",
	    bad, msg);
}

int
hps__space_metric_patterns(struct hps__pctx *c, const struct hps__ynode *list)
{
	const char *src[PATTERNS_MAX];
	size_t i;

	if (list->type != HPS__Y_SEQ || list->nkids == 0)
		return hps__space_node_err(c, list, "metric_patterns must be a"
		    " list of regular expressions whose named groups are"
		    " metrics, e.g. ['loss (?<loss>[0-9.]+)']");
	if (list->nkids > PATTERNS_MAX)
		return hps__space_node_err(c, list->kids[PATTERNS_MAX],
		    "more than %d metric_patterns", PATTERNS_MAX);
	for (i = 0; i < list->nkids; i++) {
		if (list->kids[i]->type != HPS__Y_SCALAR)
			return hps__space_node_err(c, list->kids[i],
			    "a metric pattern must be a string");
		src[i] = list->kids[i]->text;
	}
	return compile_all(c, list, src);
}
