/*
 * The study's own metric_patterns: PCRE2 regular expressions tried on
 * every line before the built-in forms. A named group is a metric of that
 * name, the group "step" the line's step; a line any pattern matches is
 * read by nothing else. Patterns are compiled once, at submit, in UTF
 * mode that tolerates invalid UTF-8 in the output, with JIT where PCRE2
 * has it, and matched under a bound on backtracking so that no pattern
 * can stall the daemon on a hostile line.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "metric_int.h"

/* Backtracking steps one match may take before it is abandoned. */
#define MATCH_LIMIT 1000000
#define DEPTH_LIMIT 10000

struct hps_metric_patterns {
	size_t n;
	pcre2_code **code;
	pcre2_match_context *mctx;
	uint32_t groups;	/* most capture groups of one pattern */
};

void
hps_metric_patterns_free(struct hps_metric_patterns *pat)
{
	size_t i;

	if (pat == NULL)
		return;
	for (i = 0; i < pat->n; i++)
		pcre2_code_free(pat->code[i]);
	free(pat->code);
	pcre2_match_context_free(pat->mctx);
	free(pat);
}

/* Whether the pattern names a group other than "step". */
static int
names_a_metric(const pcre2_code *code)
{
	PCRE2_SPTR table;
	uint32_t count, size, i;

	pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count; i++) {
		if (strcmp((const char *)table + i * size + 2, "step") != 0)
			return 1;
	}
	return 0;
}

static int
compile_one(struct hps_metric_patterns *pat, const char *src,
    size_t *offset, char *err, size_t errlen)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	uint32_t groups;
	int code;

	pat->code[pat->n] = pcre2_compile((PCRE2_SPTR)src,
	    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code,
	    &off, NULL);
	if (pat->code[pat->n] == NULL) {
		pcre2_get_error_message(code, msg, sizeof msg);
		*offset = off;
		return hps_errf(err, errlen, HPS_EPARSE, "%s", (char *)msg);
	}
	pcre2_jit_compile(pat->code[pat->n], PCRE2_JIT_COMPLETE);
	pcre2_pattern_info(pat->code[pat->n], PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups > pat->groups)
		pat->groups = groups;
	if (!names_a_metric(pat->code[pat->n++])) {
		*offset = 0;
		return hps_errf(err, errlen, HPS_EPARSE, "the pattern names no"
		    " metric: name a group after it, as in"
		    " (?<val_acc>[0-9.]+)");
	}
	return 0;
}

int
hps_metric_patterns_new(const char *const *src, size_t n,
    struct hps_metric_patterns **out, size_t *bad, size_t *offset,
    char *err, size_t errlen)
{
	struct hps_metric_patterns *pat;
	size_t i;
	int rc;

	*out = NULL;
	if ((pat = calloc(1, sizeof *pat)) == NULL ||
	    (pat->code = calloc(n ? n : 1, sizeof *pat->code)) == NULL ||
	    (pat->mctx = pcre2_match_context_create(NULL)) == NULL) {
		hps_metric_patterns_free(pat);
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	}
	pcre2_set_match_limit(pat->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(pat->mctx, DEPTH_LIMIT);
	for (i = 0; i < n; i++) {
		if ((rc = compile_one(pat, src[i], offset, err, errlen)) != 0) {
			*bad = i;
			hps_metric_patterns_free(pat);
			return rc;
		}
	}
	*out = pat;
	return 0;
}

void *
hps__metric_pattern_match_new(const struct hps_metric_patterns *pat)
{
	return pcre2_match_data_create(pat->groups + 1, NULL);
}

void
hps__metric_pattern_match_free(void *match)
{
	pcre2_match_data_free(match);
}

/* The named groups of a match into pr. */
static void
take_groups(struct hps__pairs *pr, const pcre2_code *code,
    const PCRE2_SIZE *ov, const char *s)
{
	PCRE2_SPTR table, e;
	uint32_t count, size, i, g;
	double v;

	pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count; i++) {
		e = table + i * size;
		g = (uint32_t)e[0] << 8 | e[1];
		if (ov[2 * g] == PCRE2_UNSET)
			continue;
		if (hps__mx_number(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g],
		    &v) != 0) {
			pr->doubt = "a metric_patterns group is not a number";
			continue;
		}
		hps__pairs_num(pr, (const char *)e + 2,
		    strlen((const char *)e + 2), v);
	}
}

int
hps__metric_pattern(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	const struct hps_metric_patterns *pat = p->pat;
	struct hps_metric_line *ml = &p->out;
	struct hps__pairs pr;
	size_t i;
	int matched = 0;

	hps__ml_reset(p, ml, HPS_MF_PATTERN, t->line);
	hps__pairs_init(&pr, ml);
	for (i = 0; i < pat->n; i++) {
		if (pcre2_match(pat->code[i], (PCRE2_SPTR)t->s, t->len, 0, 0,
		    p->match, pat->mctx) <= 0)
			continue;
		matched = 1;
		take_groups(&pr, pat->code[i],
		    pcre2_get_ovector_pointer(p->match), t->s);
	}
	if (matched && pr.doubt != NULL)
		hps__mp_doubt(p, t->line, HPS_MF_PATTERN, pr.doubt);
	else if (matched)
		hps__pairs_end(p, &pr);
	return matched;
}
