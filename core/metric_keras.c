/*
 * Keras' progress output, as every version's Progbar and ProgbarLogger
 * print it (keras 1.x-2.3 keras/utils/generic_utils.py, tf.keras 2.x and
 * tf-keras, Keras 3 keras/src/utils/progbar.py):
 *
 *   Epoch 3/20                                     before each epoch when
 *                                                  fit() has several
 *   1875/1875 [====] - 3s 2ms/step - loss: 0.31    verbose=1, Keras 1/2
 *   1875/1875 ━━━━━━━━━━ 3s 2ms/step - loss: 0.31  verbose=1, Keras 3
 *   1875/1875 - 3s - loss: 0.31 - 1s/epoch         verbose=2, tf.keras and
 *   1875/1875 - 3s - 2ms/step - loss: 0.31         Keras 3
 *   3s - loss: 0.31 - val_loss: 0.35               verbose=2, Keras 1-2.3
 *
 * Only an epoch's final line counts: a bar still counting ("12/469",
 * "120/Unknown") or showing an ETA is a running average inside the epoch,
 * and is never reported. A final line with a name twice (redraw debris in
 * a notebook), a value that is not a number or a count past its target is
 * doubtful.
 *
 * Which step a final line belongs to is decided when the next Keras output
 * (or the end) shows what it was:
 *  - a line after an "Epoch k/M" header is epoch k of that fit(); a later
 *    fit() that numbers its epochs from 1 again continues the steps;
 *  - without a header, a line with val_* metrics is a fit(epochs=1);
 *  - after a training epoch, a line without val_* is evaluate() when the
 *    fit had val_* metrics or its bar is of another size, and is recorded
 *    as test_<name> at the last epoch's step; a bar of the training size
 *    after a fit(epochs > 1) could be either, and is doubtful;
 *  - a first line without val_* and without a header is training unless a
 *    header follows it (then it was an evaluate() before training).
 * Keras 3 draws the last batch with "0s" and the count at its target just
 * like the epoch's final line; when a callback prints between the two,
 * the final line comes as a redraw of the line before, and replaces it.
 */
#include <string.h>

#include "metric_int.h"

enum bar_style { BAR_CLASSIC, BAR_K3, BAR_V2, BAR_TIME };

struct bar {
	long cur, target;	/* target -1: not shown; -2: "Unknown" */
	enum bar_style style;
	int eta;		/* an ETA is shown */
	int zero;		/* Keras 3 verbose=1 shows "0s" */
	size_t pairs;		/* where " - name: value" pairs start */
};

/* U+2501, Keras 3's bar character, in UTF-8. */
#define K3_BAR "\xe2\x94\x81"

/* "Epoch 3/20" and nothing else. */
static int
header_parse(const char *s, size_t n, long *epoch)
{
	size_t i = hps__mx_skip_blank(s, n, 0);
	long e;

	if (!hps__mx_prefix(s + i, n - i, "Epoch") || n - i < 6 ||
	    !hps__mx_blank((unsigned char)s[i + 5]))
		return 0;
	i = hps__mx_skip_blank(s, n, i + 5);
	if ((e = hps__mx_digits(s, n, &i)) <= 0 || i == n || s[i] != '/')
		return 0;
	i++;
	if (hps__mx_digits(s, n, &i) < 0 || hps__mx_skip_blank(s, n, i) != n)
		return 0;
	*epoch = e;
	return 1;
}

/* "Epoch 3: ..." (a Keras callback's message about an epoch). */
static int
callback_message(const char *s, size_t n)
{
	size_t i = hps__mx_skip_blank(s, n, 0);

	if (!hps__mx_prefix(s + i, n - i, "Epoch "))
		return 0;
	i += 6;
	return hps__mx_digits(s, n, &i) >= 0 && i < n && s[i] == ':';
}

/* Keras 3's time after the bar: "0s", "12s", "1:02", "1:02:03". */
static size_t
k3_time(const char *s, size_t n, size_t i, int *zero)
{
	size_t start = i;

	while (i < n && (hps__mx_digit((unsigned char)s[i]) || s[i] == ':'))
		i++;
	*zero = i - start == 1 && s[start] == '0' && i < n && s[i] == 's';
	return i;
}

/* The part after "cur/target": which kind of bar this is. */
static int
bar_rest(const char *s, size_t n, size_t i, struct bar *b)
{
	const char *close;

	if (hps__mx_prefix(s + i, n - i, " [")) {
		if ((close = memchr(s + i, ']', n - i)) == NULL)
			return 0;
		b->style = BAR_CLASSIC;
		b->pairs = (size_t)(close - s) + 1;
		return 1;
	}
	if (hps__mx_prefix(s + i, n - i, " - ")) {
		b->style = BAR_V2;
		b->pairs = i;
		return 1;
	}
	if (hps__mx_prefix(s + i, n - i, " " K3_BAR) ||
	    (b->target == -2 && i + 1 < n && s[i] == ' ' &&
	    hps__mx_digit((unsigned char)s[i + 1]))) {
		for (i++; hps__mx_prefix(s + i, n - i, K3_BAR); i += 3)
			;
		b->style = BAR_K3;
		b->pairs = k3_time(s, n, hps__mx_skip_blank(s, n, i), &b->zero);
		return 1;
	}
	return 0;
}

/* "  12/469 ..." or "    120/Unknown ...". */
static int
bar_count(const char *s, size_t n, size_t i, struct bar *b)
{
	if ((b->cur = hps__mx_digits(s, n, &i)) < 0 || i == n || s[i] != '/')
		return 0;
	i++;
	if (hps__mx_prefix(s + i, n - i, "Unknown")) {
		b->target = -2;
		i += 7;
	} else if ((b->target = hps__mx_digits(s, n, &i)) <= 0)
		return 0;
	return bar_rest(s, n, i, b);
}

/* Keras 1-2.3 verbose=2: "3s - loss: ..." or " - 3s - loss: ...". */
static int
bar_time(const char *s, size_t n, size_t i, struct bar *b)
{
	if (hps__mx_prefix(s + i, n - i, "- "))
		i += 2;
	if (hps__mx_digits(s, n, &i) < 0 || i == n || s[i] != 's' ||
	    !hps__mx_prefix(s + i + 1, n - i - 1, " - "))
		return 0;
	b->cur = b->target = -1;
	b->style = BAR_TIME;
	b->pairs = i + 1;
	return 1;
}

static int
bar_parse(const char *s, size_t n, struct bar *b)
{
	size_t i = hps__mx_skip_blank(s, n, 0);

	memset(b, 0, sizeof *b);
	return bar_count(s, n, i, b) || bar_time(s, n, i, b);
}

/*
 * The bar's " - name: value" pairs into ml. " - ETA: 3s" is the bar's own;
 * every other value must be a number. Returns the doubt, or NULL.
 */
static const char *
bar_pairs(const char *s, size_t n, struct bar *b, struct hps_metric_line *ml)
{
	size_t i = b->pairs, k, v, vlen;
	double x;

	while ((i = hps__mx_dash(s, n, i)) < n) {
		i += 3;
		k = hps__mx_name_span(s + i, n - i);
		if (k == 0 || i + k == n || s[i + k] != ':')
			continue;
		if (k == 3 && memcmp(s + i, "ETA", 3) == 0) {
			b->eta = 1;
			continue;
		}
		v = hps__mx_skip_blank(s, n, i + k + 1);
		if (hps__mx_number_word(s + v, n - v, &x, &vlen) != 0)
			return "a Keras value is not a number";
		if (hps__ml_add(ml, "", s + i, k, x) != 0)
			return "a metric name repeats in one Keras line"
			    " (redraw debris)";
		/* A number holds no blank, so no " - " either. */
		i = v + vlen;
	}
	return NULL;
}

static int
has_val(const struct hps_metric_line *ml)
{
	size_t i;

	for (i = 0; i < ml->n; i++) {
		if (ml->m[i].namelen > 4 && memcmp(ml->m[i].name, "val_", 4) == 0)
			return 1;
	}
	return 0;
}

/* A training epoch at step: report it and remember the fit's shape. */
static void
train(struct hps_metric_parser *p, double step)
{
	struct hps__keras *k = &p->keras;

	k->hl.step = step;
	k->hl.form = HPS_MF_KERAS;
	hps__mp_emit(p, &k->hl, 1);
	k->seq.last = step;
	k->trained = 1;
	k->fit_headed = k->hdr;
	k->fit_val = k->hl_val;
	k->fit_target = k->hl_target;
	k->hdr = 0;
}

/*
 * evaluate(): test_<name> at the last epoch's step. (Not into p->out: a
 * release comes while the line that caused it is read there.)
 */
static void
evaluate(struct hps_metric_parser *p)
{
	struct hps__keras *k = &p->keras;
	struct hps_metric_line out, *ml = &out;
	size_t i;

	hps__ml_reset(p, ml, HPS_MF_KERAS_EVAL, k->hl.line);
	for (i = 0; i < k->hl.n; i++) {
		const struct hps_metric *m = &k->hl.m[i];

		hps__ml_add(ml, hps_metric_is_test(m->name) ? "" : "test_",
		    m->name, m->namelen, m->value);
	}
	ml->dropped = k->hl.dropped;
	ml->step = k->seq.last;
	hps__mp_emit(p, ml, 1);
}

/* The held line was final: report it where it belongs. */
static void
release(struct hps_metric_parser *p, int by_header)
{
	struct hps__keras *k = &p->keras;

	if (!k->held)
		return;
	k->held = 0;
	if (k->hdr)
		train(p, k->hdr_step);
	else if (k->hl_val || k->hl_target == -1)
		train(p, k->seq.last + 1);
	else if (!k->trained && by_header)
		hps__mp_doubt(p, k->hl.line, HPS_MF_KERAS, "a Keras"
		    " evaluate() before the first epoch");
	else if (!k->trained)
		train(p, k->seq.last + 1);
	else if (k->fit_val || k->hl_target != k->fit_target)
		evaluate(p);
	else if (!k->fit_headed)
		train(p, k->seq.last + 1);
	else
		hps__mp_doubt(p, k->hl.line, HPS_MF_KERAS, "a Keras bar of the"
		    " training size without an Epoch header: another fit()"
		    " or an evaluate()");
}

static void
on_header(struct hps_metric_parser *p, long e)
{
	struct hps__keras *k = &p->keras;

	release(p, 1);
	k->hdr = 1;
	k->hdr_step = hps__seq_step(&k->seq, (double)e);
}

/* A final line whose values are in p->out: hold it, or replace. */
static void
on_final(struct hps_metric_parser *p, const struct hps__mtext *t,
    const struct bar *b)
{
	struct hps__keras *k = &p->keras;
	int val = has_val(&p->out), replace = 0;

	if (k->held)
		replace = t->redraws || (k->hl_maybe_redrawn &&
		    b->target == k->hl_target && ((val && !k->hl_val) ||
		    k->hl_msg));
	if (!replace)
		release(p, 0);
	if (p->out.n == 0)
		return;
	k->held = 1;
	hps__ml_copy(&k->hl, &p->out);
	k->hl_target = b->target;
	k->hl_val = val;
	k->hl_maybe_redrawn = b->style == BAR_K3 && b->zero && !val;
	k->hl_msg = 0;
}

/* A doubtful final line still ends its epoch. */
static void
on_doubt(struct hps_metric_parser *p, const struct hps__mtext *t,
    const char *why)
{
	struct hps__keras *k = &p->keras;

	if (!t->redraws)
		release(p, 0);
	else
		k->held = 0;
	if (k->hdr) {
		k->seq.last = k->hdr_step;
		k->hdr = 0;
	}
	hps__mp_doubt(p, t->line, HPS_MF_KERAS, why);
}

int
hps__metric_keras(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	struct hps__keras *k = &p->keras;
	const char *why;
	struct bar b;
	long e;

	if (!t->cr && header_parse(t->s, t->len, &e)) {
		on_header(p, e);
		return 1;
	}
	if (!bar_parse(t->s, t->len, &b)) {
		if (!t->cr && k->held && callback_message(t->s, t->len))
			k->hl_msg = 1;
		return 0;
	}
	if (b.target == -2 || b.cur < b.target) {
		/* A bar still counting: a new one has begun. */
		release(p, 0);
		return 1;
	}
	if (t->cr)
		return 1;
	hps__ml_reset(p, &p->out, HPS_MF_KERAS, t->line);
	why = bar_pairs(t->s, t->len, &b, &p->out);
	if (why == NULL && b.cur > b.target)
		why = "a Keras bar counts past its target";
	if (why != NULL)
		on_doubt(p, t, why);
	else if (!b.eta)
		on_final(p, t, &b);
	return 1;
}

void
hps__metric_keras_finish(struct hps_metric_parser *p)
{
	release(p, 0);
}
