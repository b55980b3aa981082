/*
 * The metric reader's front: it takes the pieces the line splitter cuts,
 * reduces each to what a terminal shows (no backspaces or escape
 * sequences), and offers it to the forms in a fixed order: the study's own
 * patterns first (a line they match is read by nothing else), then the
 * forms with a shape of their own (a JSON or dict line starts with '{',
 * XGBoost's with "[N]\t", a Keras bar with "N/M"...), and key=value words
 * last. A piece that a terminal redraws over is offered only to the forms
 * that need redraws (the Keras and tqdm bars); every other form reads
 * whole lines.
 *
 * A line's step is its own (epoch=, a Keras header, a tqdm "Epoch N", an
 * XGBoost round...) or, for a line without one, the step after the
 * largest reported so far, so a trainer printing one line per epoch gets
 * steps 1, 2, 3 and a summary line never lands on an earlier epoch.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "hps/linebuf.h"
#include "hps/text.h"
#include "metric_int.h"

static const char *const form_names[HPS_MF_COUNT] = {
	[HPS_MF_NONE] = "none",
	[HPS_MF_KV] = "key=value",
	[HPS_MF_DASH] = "name: value",
	[HPS_MF_JSON] = "json",
	[HPS_MF_PYDICT] = "dict",
	[HPS_MF_HF_BLOCK] = "hf-block",
	[HPS_MF_KERAS] = "keras",
	[HPS_MF_KERAS_EVAL] = "keras-evaluate",
	[HPS_MF_LIGHTNING] = "lightning",
	[HPS_MF_LIGHTNING_TEST] = "lightning-test",
	[HPS_MF_XGBOOST] = "xgboost",
	[HPS_MF_LIGHTGBM] = "lightgbm",
	[HPS_MF_FASTAI] = "fastai",
	[HPS_MF_PATTERN] = "pattern",
};

const char *
hps_metric_form_name(enum hps_metric_form f)
{
	return (unsigned)f < HPS_MF_COUNT ? form_names[f] : "none";
}

int
hps_metric_name_ok(const char *name, size_t len)
{
	return len > 0 && len <= HPS_METRIC_NAMEMAX &&
	    hps_text_printable(name, len);
}

int
hps_metric_is_test(const char *name)
{
	return name != NULL && strncmp(name, "test_", 5) == 0;
}

void
hps__ml_reset(const struct hps_metric_parser *p, struct hps_metric_line *ml,
    enum hps_metric_form f, long line)
{
	ml->keep = p->keep[0] != '\0' ? p->keep : NULL;
	ml->step = 0;
	ml->line = line;
	ml->form = f;
	ml->doubt = NULL;
	ml->n = 0;
	ml->dropped = 0;
}

int
hps__ml_find(const struct hps_metric_line *ml, const char *name,
    size_t namelen)
{
	size_t i;

	for (i = 0; i < ml->n; i++) {
		if (ml->m[i].namelen == namelen &&
		    memcmp(ml->m[i].name, name, namelen) == 0)
			return (int)i;
	}
	return -1;
}

void
hps__ml_copy(struct hps_metric_line *dst, const struct hps_metric_line *src)
{
	memcpy(dst, src, offsetof(struct hps_metric_line, m) +
	    src->n * sizeof src->m[0]);
}

int
hps__ml_addn(struct hps_metric_line *ml, const char *prefix, size_t plen,
    const char *name, size_t namelen, double v)
{
	size_t len = plen + namelen;
	char full[HPS_METRIC_NAMEMAX + 1];
	/* The name is put together where it goes, if there is room. */
	char *at = ml->n < HPS_METRIC_MAX ? ml->m[ml->n].name : full;
	struct hps_metric *m;

	if (namelen == 0 || len > HPS_METRIC_NAMEMAX)
		return -1;
	if (plen > 0)
		memcpy(at, prefix, plen);
	memcpy(at + plen, name, namelen);
	at[len] = '\0';
	if (hps__ml_find(ml, at, len) >= 0)
		return 1;
	if (ml->n < HPS_METRIC_MAX)
		m = &ml->m[ml->n++];
	else {
		ml->dropped++;
		if (ml->keep == NULL || strcmp(full, ml->keep) != 0)
			return 0;
		m = &ml->m[HPS_METRIC_MAX - 1];
		memcpy(m->name, full, len + 1);
	}
	m->namelen = len;
	m->value = v;
	m->finite = isfinite(v);
	return 0;
}

void
hps__mp_emit(struct hps_metric_parser *p, struct hps_metric_line *ml,
    int step_given)
{
	if (ml->n == 0)
		return;
	if (!step_given)
		ml->step = p->last_step < 0 ? 1 : floor(p->last_step) + 1;
	if (ml->step > p->last_step)
		p->last_step = ml->step;
	p->emit(p->arg, ml);
}

void
hps__mp_doubt(struct hps_metric_parser *p, long line,
    enum hps_metric_form f, const char *why)
{
	struct hps_metric_line ml;

	hps__ml_reset(p, &ml, f, line);
	ml.doubt = why;
	p->emit(p->arg, &ml);
}

/*
 * As printed while the epochs go on past the last step (a first run, or
 * one resumed with its epoch number, as Keras' initial_epoch prints it);
 * a run numbering from the start again is moved after the last step.
 */
double
hps__seq_step(struct hps__seq *q, double e)
{
	if (e > q->last)
		q->offset = 0;
	else if (e + q->offset <= q->last)
		q->offset = q->last + 1 - e;
	return e + q->offset;
}

void
hps__pairs_init(struct hps__pairs *pr, struct hps_metric_line *ml)
{
	pr->ml = ml;
	pr->step = 0;
	pr->src = 0;
	pr->doubt = NULL;
}

void
hps__pairs_num(struct hps__pairs *pr, const char *name, size_t len,
    double v)
{
	int src = 0;

	if (len == 5 && memcmp(name, "epoch", 5) == 0)
		src = 1;
	else if (len == 4 && memcmp(name, "step", 4) == 0)
		src = 2;
	if (src == 0) {
		if (hps__ml_add(pr->ml, "", name, len, v) > 0)
			pr->doubt = "a metric name repeats in one line";
		return;
	}
	if (!hps__mx_step_ok(v))
		pr->doubt = "its step is not a number from 0 to 2^53";
	else if (src >= pr->src) {
		pr->src = src;
		pr->step = v;
	}
}

int
hps__pairs_end(struct hps_metric_parser *p, struct hps__pairs *pr)
{
	if (pr->doubt != NULL && (pr->ml->n > 0 || pr->src != 0)) {
		hps__mp_doubt(p, pr->ml->line, pr->ml->form, pr->doubt);
		return 1;
	}
	if (pr->ml->n == 0)
		return 0;
	pr->ml->step = pr->step;
	hps__mp_emit(p, pr->ml, pr->src != 0);
	return 1;
}

/*
 * Index just past the escape sequence whose ESC is at s[i]. CSI sequences
 * (ESC '[' parameters intermediates final, as in Keras 3's "\x1b[1m") are
 * dropped whole; for any other ESC only the byte after it goes too.
 */
static size_t
escape_skip(const char *s, size_t n, size_t i)
{
	if (++i == n)
		return i;
	if (s[i] != '[')
		return s[i] >= 0x20 && s[i] <= 0x7e ? i + 1 : i;
	for (i++; i < n && s[i] >= 0x30 && s[i] <= 0x3f; i++)
		;
	for (; i < n && s[i] >= 0x20 && s[i] <= 0x2f; i++)
		;
	if (i < n && s[i] >= 0x40 && s[i] <= 0x7e)
		i++;
	return i;
}

/* The next '\b' or ESC at or after i, n if none. */
static size_t
next_special(const char *s, size_t n, size_t i)
{
	const char *b = memchr(s + i, '\b', n - i);
	const char *e = memchr(s + i, '\033', b ? (size_t)(b - s) - i : n - i);

	return e ? (size_t)(e - s) : b ? (size_t)(b - s) : n;
}

/*
 * Drop backspaces and escape sequences, in place; the new length. The
 * text between them moves in runs (Keras 3 colours a few spans of a long
 * bar).
 */
static size_t
piece_clean(char *s, size_t n)
{
	size_t r = 0, w = 0, k;

	while (r < n) {
		k = next_special(s, n, r);
		memmove(s + w, s + r, k - r);
		w += k - r;
		if (k == n)
			break;
		if (s[k] == '\033')
			r = escape_skip(s, n, k);
		else
			for (r = k; r < n && s[r] == '\b'; r++)
				;
	}
	return w;
}

/* Whether a raw piece is nothing but backspaces: a redraw begins. */
static int
only_backspaces(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] == '\b'; i++)
		;
	return n > 0 && i == n;
}

/* A whole line, offered to each form in turn. */
static void
read_line(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	if (p->pat != NULL && hps__metric_pattern(p, t))
		return;
	/* A blank line ends a Hugging Face block and is no other form's. */
	if (hps__metric_hf(p, t) ||
	    hps__mx_skip_blank(t->s, t->len, 0) == t->len)
		return;
	if (hps__metric_pltable(p, t) || hps__metric_keras(p, t) ||
	    hps__metric_tqdm(p, t) || hps__metric_json(p, t) ||
	    hps__metric_boost(p, t) || hps__metric_table(p, t) ||
	    hps__metric_dash(p, t))
		return;
	hps__metric_kv(p, t);
}

void
hps_metric_feed(void *parser, char *piece, size_t len, int flags)
{
	struct hps_metric_parser *p = parser;
	struct hps__mtext t;

	if (p->piece0 && (flags & HPS_LINE_CR))
		p->redraws = only_backspaces(piece, len);
	p->piece0 = (flags & HPS_LINE_CR) == 0;
	t.line = p->line + 1;
	t.cr = (flags & HPS_LINE_CR) != 0;
	t.redraws = p->redraws;
	if (!t.cr)
		p->line++;
	if (flags & HPS_LINE_SKIPPED) {
		p->redraws = p->redraws && t.cr;
		return;
	}
	t.s = piece;
	t.len = piece_clean(piece, len);
	if (t.cr) {
		/* Only progress bars are drawn over; a redraw is theirs. */
		if (!hps__metric_keras(p, &t))
			hps__metric_tqdm(p, &t);
		return;
	}
	read_line(p, &t);
	p->redraws = 0;
}

void
hps_metric_finish(struct hps_metric_parser *p)
{
	hps__metric_keras_finish(p);
	hps__metric_tqdm_finish(p);
	hps__metric_hf_finish(p);
	hps__metric_pltable_finish(p);
}

struct hps_metric_parser *
hps_metric_parser_new(const struct hps_metric_patterns *patterns,
    const char *objective, hps_metric_emit_fn emit, void *arg)
{
	struct hps_metric_parser *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	if (objective != NULL && strlen(objective) < sizeof p->keep)
		strcpy(p->keep, objective);
	p->emit = emit;
	p->arg = arg;
	p->pat = patterns;
	p->piece0 = 1;
	p->last_step = -1;
	p->lightning.seq.last = -1;
	p->fastai.seq.last = -1;
	if (patterns != NULL &&
	    (p->match = hps__metric_pattern_match_new(patterns)) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void
hps_metric_parser_free(struct hps_metric_parser *p)
{
	if (p == NULL)
		return;
	hps__metric_pattern_match_free(p->match);
	free(p);
}
