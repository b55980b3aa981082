/*
 * PyTorch Lightning's results table, printed at the end of trainer.test()
 * and trainer.validate() (_EvaluationLoop._print_results, the same from
 * Lightning 1.6 to 2.5). With rich installed, rich draws it:
 *
 *   ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
 *   ┃        Test metric        ┃       DataLoader 0        ┃
 *   ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
 *   │         test_acc          │    0.8234000205993652     │
 *   └───────────────────────────┴───────────────────────────┘
 *
 * (with "+", "|" and "-" where the output's encoding is ASCII); without
 * rich, every cell is centered in columns of one width between bars of
 * U+2500 or '-' as wide as the terminal:
 *
 *   ────────────────────────────────────────────────────────────
 *          Test metric             DataLoader 0
 *   ────────────────────────────────────────────────────────────
 *            test_acc           0.8234000205993652
 *   ────────────────────────────────────────────────────────────
 *
 * Lightning before 1.6 printed a dict instead, with pprint (one item a
 * line when it does not fit in 80 columns):
 *
 *   --------------------------------------------------------------------
 *   DATALOADER:0 TEST RESULTS
 *   {'test_acc': 0.8234000205993652,
 *    'test_loss': 0.41120004653930664}
 *   --------------------------------------------------------------------
 *
 * Lightning prints each value as Python prints the tensor's item(), so
 * it is read exactly. test()'s values are recorded as test_<name> (a name
 * that starts with test_ as it is) at the last step taken, beside the
 * last epoch's validation values and never over them; with several
 * dataloaders, as Lightning logs them, with "/dataloader_idx_N" after
 * the name. validate()'s table repeats validation values that each epoch
 * has recorded already, so it is skipped (and counted).
 *
 * A row that cannot be read exactly is skipped and counted: a value that
 * is not a number (a list, or rich's "…" in a column too narrow), a name
 * rich or Lightning carries over to the next line, a name cut at half the
 * terminal's width.
 */
#include <stdio.h>
#include <string.h>

#include "metric_int.h"

enum { PT_IDLE, PT_TOP, PT_HEAD, PT_BODY, PT_DICT };

/* The lines of one drawing of the table. */
struct hps__ptstyle {
	const char *top, *head, *head_end, *row, *bottom;
};

static const struct hps__ptstyle rich_utf8 = {
	"\xe2\x94\x8f", "\xe2\x94\x83", "\xe2\x94\xa1", "\xe2\x94\x82",
	"\xe2\x94\x94"};
static const struct hps__ptstyle rich_ascii = {"+-", "|", "|-", "|", "+-"};

/* A plain table's bar: only U+2500 or only '-', 20 columns at least. */
static size_t
bar_width(const char *s, size_t n)
{
	size_t i;

	if (n >= 20 && s[0] == '-') {
		for (i = 0; i < n && s[i] == '-'; i++)
			;
		return i == n ? n : 0;
	}
	if (n < 60 || n % 3 != 0)
		return 0;
	for (i = 0; i < n; i += 3) {
		if (memcmp(s + i, "\xe2\x94\x80", 3) != 0)
			return 0;
	}
	return n / 3;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && hps__mx_blank((*s)[0]))
		(*s)++, (*n)--;
	while (*n > 0 && hps__mx_blank((*s)[*n - 1]))
		(*n)--;
}

/* The first v (vl bytes) in s[0..n), NULL if none. */
static const char *
find(const char *s, size_t n, const char *v, size_t vl)
{
	const char *end = s + n, *q;

	for (; (q = memchr(s, v[0], (size_t)(end - s))) != NULL; s = q + 1) {
		if ((size_t)(end - q) >= vl && memcmp(q, v, vl) == 0)
			return q;
	}
	return NULL;
}

/* Split a rich line "V cell V cell V" into its trimmed cells. */
static int
rich_cells(const char *s, size_t n, const char *v, const char **cell,
    size_t *len, size_t max)
{
	size_t vl = strlen(v), k = 0;
	const char *end = s + n, *q;

	if (!hps__mx_prefix(s, n, v) || n < 2 * vl ||
	    memcmp(end - vl, v, vl) != 0)
		return -1;
	for (s += vl; s < end; s = q + vl) {
		if ((q = find(s, (size_t)(end - s), v, vl)) == NULL || k == max)
			return -1;
		cell[k] = s;
		len[k] = (size_t)(q - s);
		trim(&cell[k], &len[k]);
		k++;
	}
	return (int)k;
}

/*
 * Whether the m bytes at s are a cell centered in w columns as Python's
 * "{:^w}" centers it (the line's last cell has lost its right padding);
 * the cell's text, trimmed, in *cell and *len.
 */
static int
centered(const char *s, size_t m, size_t w, int last, const char **cell,
    size_t *len)
{
	size_t l;

	*cell = s;
	*len = m;
	trim(cell, len);
	l = (size_t)(*cell - s);
	if (*len == 0)
		return !last && m == w;
	if (*len >= w)
		return l == 0 && *len == (last ? m : w);
	return l == (w - *len) / 2 && (!last || l + *len == m);
}

/*
 * A plain line cut into columns of t->width, the last taking the rest;
 * with pad, the columns the line's end left out are empty. The number of
 * cells, or -1 unless each is centered in its column.
 */
static int
plain_cells(const struct hps__pltable *t, const char *s, size_t n,
    const char **cell, size_t *len, size_t max, int pad)
{
	size_t w = t->width, k = 0, at = 0, m;

	for (; at < n; at += m, k++) {
		if (k == max)
			return -1;
		m = n - at < w || k + 1 == max ? n - at : w;
		if (!centered(s + at, m, w, at + m == n, &cell[k], &len[k]))
			return -1;
	}
	for (; pad && k < max; k++) {
		cell[k] = s + n;
		len[k] = 0;
	}
	return (int)k;
}

/* "Test metric" or "Validate metric", then "DataLoader N" cells. */
static int
header(struct hps__pltable *t, const char **cell, const size_t *len, int k)
{
	int i;
	size_t j;

	if (k < 2 || k - 1 > HPS__PT_COLS)
		return 0;
	if (len[0] == 11 && memcmp(cell[0], "Test metric", 11) == 0)
		t->test = 1;
	else if (len[0] == 15 && memcmp(cell[0], "Validate metric", 15) == 0)
		t->test = 0;
	else
		return 0;
	for (i = 1; i < k; i++) {
		j = 11;
		if (!hps__mx_prefix(cell[i], len[i], "DataLoader ") ||
		    (t->dl[i - 1] = hps__mx_digits(cell[i], len[i], &j)) < 0 ||
		    j != len[i])
			return 0;
	}
	t->ncols = (size_t)k - 1;
	return 1;
}

/* A plain header: find the columns' width that centers it as printed. */
static int
plain_header(struct hps__pltable *t, const char *s, size_t n)
{
	const char *cell[HPS__PT_COLS + 1];
	size_t len[HPS__PT_COLS + 1], lead = hps__mx_skip_blank(s, n, 0);
	size_t first = hps__mx_prefix(s + lead, n - lead, "Test") ? 11 : 15;
	int k, odd;

	for (odd = 0; odd < 2; odd++) {
		t->width = 2 * lead + first + (size_t)odd;
		k = plain_cells(t, s, n, cell, len, HPS__PT_COLS + 1, 0);
		if (k > 0 && header(t, cell, len, k))
			return 1;
	}
	return 0;
}

/* The row held last runs over into this line: it cannot be read. */
static void
row_doubt(struct hps_metric_parser *p, const char *why)
{
	struct hps__pltable *t = &p->pltable;

	t->tl.n = t->row_from;
	t->row_held = 0;
	hps__mp_doubt(p, t->row_line, HPS_MF_LIGHTNING_TEST, why);
}

/* test_<name>, and its dataloader's suffix if the table has several. */
static int
value_name(const struct hps__pltable *t, const char *name, size_t len,
    size_t col, char *buf)
{
	int k;

	k = snprintf(buf, HPS_METRIC_NAMEMAX + 1, "%s%.*s",
	    hps__mx_prefix(name, len, "test_") ? "" : "test_", (int)len, name);
	if (k < 0 || k > HPS_METRIC_NAMEMAX)
		return -1;
	if (t->ncols > 1 || t->dl[0] != 0)
		k += snprintf(buf + k, HPS_METRIC_NAMEMAX + 1 - (size_t)k,
		    "/dataloader_idx_%ld", t->dl[col]);
	return k > HPS_METRIC_NAMEMAX ? -1 : k;
}

/* One row of test() results into t->tl. */
static void
row(struct hps_metric_parser *p, long line, const char **cell,
    const size_t *len)
{
	struct hps__pltable *t = &p->pltable;
	char name[HPS_METRIC_NAMEMAX + 1];
	size_t i;
	double v;
	int k;

	t->row_from = t->tl.n;
	t->row_line = line;
	t->row_held = 1;
	if (hps__mx_name_span(cell[0], len[0]) != len[0] ||
	    (t->style == NULL && len[0] == t->half)) {
		row_doubt(p, "a Lightning result's name is cut or not a name");
		return;
	}
	for (i = 0; i < t->ncols; i++) {
		if (len[i + 1] == 0)
			continue;
		if (hps__mx_number(cell[i + 1], len[i + 1], &v) != 0) {
			row_doubt(p, "a Lightning result is not a number (or is"
			    " cut short)");
			return;
		}
		if ((k = value_name(t, cell[0], len[0], i, name)) < 0 ||
		    hps__ml_add(&t->tl, "", name, (size_t)k, v) != 0) {
			row_doubt(p, "a Lightning result's name is too long or"
			    " repeats");
			return;
		}
	}
}

/* A line of the table's body: a row, or the rest of the last one. */
static void
body(struct hps_metric_parser *p, long line, const char **cell,
    const size_t *len)
{
	struct hps__pltable *t = &p->pltable;
	size_t i, filled = 0;

	for (i = 1; i <= t->ncols; i++)
		filled += len[i] > 0;
	if (len[0] == 0 || filled == 0) {
		if (t->row_held)
			row_doubt(p, "a Lightning result runs over two lines");
		return;
	}
	if (t->test)
		row(p, line, cell, len);
}

/* "DATALOADER:0 TEST RESULTS" (or VALIDATE): Lightning before 1.6. */
static int
dict_header(struct hps__pltable *t, const char *s, size_t n)
{
	size_t i = 11;

	if (!hps__mx_prefix(s, n, "DATALOADER:") || hps__mx_digits(s, n, &i) < 0)
		return 0;
	if (n - i == 13 && memcmp(s + i, " TEST RESULTS", 13) == 0)
		t->test = 1;
	else if (n - i == 17 && memcmp(s + i, " VALIDATE RESULTS", 17) == 0)
		t->test = 0;
	else
		return 0;
	t->ncols = 1;
	t->dl[0] = 0;	/* the names carry their dataloader already */
	t->dict_len = 0;
	return 1;
}

static void
dict_add(struct hps_metric_parser *p, const struct hps__mtext *x)
{
	struct hps__pltable *t = &p->pltable;

	if (t->dict_len > sizeof t->dict)
		return;
	if (x->len > sizeof t->dict - t->dict_len) {
		t->dict_len = sizeof t->dict + 1;	/* too long to read */
		return;
	}
	memcpy(t->dict + t->dict_len, x->s, x->len);
	t->dict_len += x->len;
}

/* What the dict reader reports from the printed dict, into t->tl. */
static void
dict_take(void *arg, const struct hps_metric_line *ml)
{
	struct hps_metric_parser *p = arg;
	struct hps__pltable *t = &p->pltable;
	size_t i;

	if (ml->doubt != NULL)
		t->dict_doubt = ml->doubt;
	for (i = 0; i < ml->n; i++) {
		const struct hps_metric *m = &ml->m[i];

		if (hps__ml_add(&t->tl, hps_metric_is_test(m->name) ? "" :
		    "test_", m->name, m->namelen, m->value) != 0)
			t->dict_doubt = "a Lightning result's name is too long"
			    " or repeats";
	}
}

/*
 * The printed dict, read by the dict reader (core/metric_json.c) as if
 * it were one line, its values taken into t->tl rather than reported.
 */
static void
dict_read(struct hps_metric_parser *p)
{
	struct hps__pltable *t = &p->pltable;
	hps_metric_emit_fn emit = p->emit;
	void *arg = p->arg;
	double last = p->last_step;
	struct hps__mtext x = {.s = t->dict, .len = t->dict_len,
	    .line = t->tl.line};

	t->dict_doubt = t->dict_len > sizeof t->dict ?
	    "a Lightning results dict too long to read" : NULL;
	if (t->dict_doubt == NULL && t->test) {
		p->emit = dict_take;
		p->arg = p;
		hps__metric_json(p, &x);
		p->emit = emit;
		p->arg = arg;
		p->last_step = last;
	}
	if (t->dict_doubt != NULL) {
		t->tl.n = 0;
		hps__mp_doubt(p, t->tl.line, HPS_MF_LIGHTNING_TEST,
		    t->dict_doubt);
	}
}

/* The table is complete: report test()'s values, skip validate()'s. */
static void
table_end(struct hps_metric_parser *p)
{
	struct hps__pltable *t = &p->pltable;

	if (t->state == PT_DICT)
		dict_read(p);
	t->state = PT_IDLE;
	if (!t->test) {
		hps__mp_doubt(p, t->tl.line, HPS_MF_LIGHTNING_TEST,
		    "trainer.validate()'s results are not recorded: each"
		    " epoch's validation values are");
		return;
	}
	t->tl.step = p->last_step < 0 ? 0 : p->last_step;
	hps__mp_emit(p, &t->tl, 1);
}

/* The table stops before its end: nothing in it is certain. */
static void
table_cut(struct hps_metric_parser *p)
{
	struct hps__pltable *t = &p->pltable;

	if (t->state == PT_BODY || t->state == PT_DICT)
		hps__mp_doubt(p, t->tl.line, HPS_MF_LIGHTNING_TEST,
		    "a Lightning results table ends early");
	t->state = PT_IDLE;
}

/* Rich's top and bottom lines in ASCII: "+-----+" and nothing else. */
static int
ascii_rule(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && (s[i] == '+' || s[i] == '-'); i++)
		;
	return i == n;
}

static int
table_start(struct hps_metric_parser *p, const struct hps__mtext *x)
{
	struct hps__pltable *t = &p->pltable;
	size_t w;

	if (hps__mx_prefix(x->s, x->len, rich_utf8.top))
		t->style = &rich_utf8;
	else if (hps__mx_prefix(x->s, x->len, rich_ascii.top) &&
	    ascii_rule(x->s, x->len))
		t->style = &rich_ascii;
	else if ((w = bar_width(x->s, x->len)) > 0) {
		t->style = NULL;
		t->half = w / 2;
	} else
		return 0;
	t->state = PT_TOP;
	t->width = 0;
	t->bar_len = x->len;
	return 1;
}

/* The line that closes the header, or the table. */
static int
is_rule(const struct hps__pltable *t, const struct hps__mtext *x,
    int bottom)
{
	if (t->style == NULL)
		return x->len == t->bar_len && bar_width(x->s, x->len) > 0;
	return hps__mx_prefix(x->s, x->len, bottom ? t->style->bottom :
	    t->style->head_end);
}

static int
cells(const struct hps__pltable *t, const struct hps__mtext *x, int head,
    const char **cell, size_t *len)
{
	if (t->style == NULL)
		return plain_cells(t, x->s, x->len, cell, len, t->ncols + 1,
		    1);
	return rich_cells(x->s, x->len, head ? t->style->head :
	    t->style->row, cell, len, head ? HPS__PT_COLS + 1 : t->ncols + 1);
}

static int
table_line(struct hps_metric_parser *p, const struct hps__mtext *x)
{
	struct hps__pltable *t = &p->pltable;
	const char *cell[HPS__PT_COLS + 1];
	size_t len[HPS__PT_COLS + 1];
	int k;

	switch (t->state) {
	case PT_TOP:
		if (t->style == NULL && dict_header(t, x->s, x->len)) {
			t->state = PT_DICT;
			hps__ml_reset(p, &t->tl, HPS_MF_LIGHTNING_TEST,
			    x->line);
		} else if (t->style == NULL ? !plain_header(t, x->s, x->len) :
		    (k = cells(t, x, 1, cell, len)) < 0 ||
		    !header(t, cell, len, k))
			break;
		else
			t->state = PT_HEAD;
		/* The fit is over: its last epoch is reported first. */
		hps__metric_tqdm_fit_end(p);
		return 1;
	case PT_DICT:
		if (!is_rule(t, x, 1)) {
			dict_add(p, x);
			return 1;
		}
		table_end(p);
		/* The next dataloader's results may follow the bar. */
		t->state = PT_TOP;
		return 1;
	case PT_HEAD:
		if (!is_rule(t, x, 0))
			break;
		t->state = PT_BODY;
		t->row_held = 0;
		hps__ml_reset(p, &t->tl, HPS_MF_LIGHTNING_TEST, x->line);
		return 1;
	case PT_BODY:
		if (is_rule(t, x, 1)) {
			table_end(p);
			return 1;
		}
		if ((k = cells(t, x, 0, cell, len)) != (int)t->ncols + 1)
			break;
		body(p, x->line, cell, len);
		return 1;
	}
	table_cut(p);
	return table_start(p, x);
}

int
hps__metric_pltable(struct hps_metric_parser *p, const struct hps__mtext *x)
{
	unsigned char c = x->len > 0 ? (unsigned char)x->s[0] : 0;

	if (p->pltable.state != PT_IDLE)
		return table_line(p, x);
	if (c != 0xe2 && c != '+' && c != '-')
		return 0;
	return table_start(p, x);
}

void
hps__metric_pltable_finish(struct hps_metric_parser *p)
{
	table_cut(p);
}
