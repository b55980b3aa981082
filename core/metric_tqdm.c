/*
 * PyTorch Lightning's progress bar (TQDMProgressBar, drawn by tqdm on
 * stdout), read as it redraws:
 *
 *   Epoch 1: 100%|##########| 469/469 [00:05<00:00, 85.1it/s, v_num=0,
 *   train_loss=0.312, val_loss=0.164, val_acc=0.823]
 *
 * The bar is redrawn in place for every batch and carries the metrics the
 * module logs with prog_bar=True in its postfix. An epoch's values are its
 * bar's last draw, taken when the next epoch's bar appears (or the output
 * ends); the step is the epoch as printed, continued past the last one if
 * a later fit() numbers from 0 again. v_num is the logger's version, not a
 * metric. tqdm keeps a postfix across epochs, so the last draw is trusted
 * only when it is whole: its bar at its total, drawn after the validation
 * that began in it, and cut short by no terminal width (an item counts
 * only when ", " or the closing "]" follows it). Without a validation run
 * in the epoch, a value unchanged since the last epoch may be the last
 * epoch's own, and is left out as doubtful.
 */
#include <string.h>

#include "metric_int.h"

struct tbar {
	const char *desc;	/* the description before ": " */
	size_t desclen;
	long cur, total;	/* total -1: "?" */
	size_t post;		/* where the bracket's items start */
	size_t end;		/* the bracket's end (or the text's) */
	int cut;		/* no closing bracket */
};

/* "DESC: PCT%|BAR| CUR/TOTAL [ELAPSED<LEFT, RATE, k=v, ...]". */
static int
tbar_parse(const char *s, size_t n, struct tbar *b)
{
	const char *pct, *pipe;
	size_t i;

	if ((pct = memchr(s, '%', n)) == NULL || pct + 1 == s + n ||
	    pct[1] != '|')
		return 0;
	b->desc = s + hps__mx_skip_blank(s, n, 0);
	if ((pipe = memchr(b->desc, ':', (size_t)(pct - b->desc))) == NULL)
		return 0;
	b->desclen = (size_t)(pipe - b->desc);
	i = (size_t)(pct - s) + 2;
	if ((pipe = memchr(s + i, '|', n - i)) == NULL)
		return 0;
	i = (size_t)(pipe - s) + 1;
	if (i == n || s[i] != ' ')
		return 0;
	i++;
	if ((b->cur = hps__mx_digits(s, n, &i)) < 0 || i == n || s[i] != '/')
		return 0;
	i++;
	if (i < n && s[i] == '?') {
		b->total = -1;
		i++;
	} else if ((b->total = hps__mx_digits(s, n, &i)) < 0)
		return 0;
	if (!hps__mx_prefix(s + i, n - i, " ["))
		return 0;
	b->post = i + 2;
	while (n > b->post && hps__mx_blank((unsigned char)s[n - 1]))
		n--;
	b->cut = s[n - 1] != ']';
	b->end = b->cut ? n : n - 1;
	return 1;
}

/* The postfix's k=v items into ml; v_num and words are not metrics. */
static void
tbar_items(const char *s, const struct tbar *b, struct hps_metric_line *ml,
    const char **why)
{
	size_t i = b->post, end, k;
	const char *comma;
	double v;

	while (i < b->end) {
		comma = memchr(s + i, ',', b->end - i);
		if (comma == NULL && b->cut)
			return;
		end = comma ? (size_t)(comma - s) : b->end;
		i = hps__mx_skip_blank(s, end, i);
		k = hps__mx_name_span(s + i, end - i);
		if (k > 0 && i + k < end && s[i + k] == '=' &&
		    !(k == 5 && memcmp(s + i, "v_num", 5) == 0) &&
		    hps__mx_number(s + i + k + 1, end - i - k - 1, &v) == 0 &&
		    hps__ml_add(ml, "", s + i, k, v) > 0)
			*why = "a metric name repeats in one Lightning bar";
		i = end + 1;
	}
}

/* "Epoch N" as Lightning names the training bar. */
static long
epoch_of(const struct tbar *b)
{
	size_t i = 6;
	long e;

	if (b->desclen < 7 || memcmp(b->desc, "Epoch ", 6) != 0)
		return -1;
	e = hps__mx_digits(b->desc, b->desclen, &i);
	return i == b->desclen ? e : -1;
}

/* Leave out values unchanged since the last epoch; 1 if any went. */
static int
drop_stale(struct hps_metric_line *ml, const struct hps_metric_line *prev)
{
	size_t i, w = 0;
	int k, dropped = 0;

	for (i = 0; i < ml->n; i++) {
		k = hps__ml_find(prev, ml->m[i].name, ml->m[i].namelen);
		if (k >= 0 && prev->m[k].value == ml->m[i].value) {
			dropped = 1;
			continue;
		}
		ml->m[w++] = ml->m[i];
	}
	ml->n = w;
	return dropped;
}

/* The held epoch is over: report its last draw, if it can be trusted. */
static void
release(struct hps_metric_parser *p)
{
	struct hps__lightning *l = &p->lightning;
	double step;

	if (!l->has)
		return;
	l->has = 0;
	if (l->cur != l->total || l->val_running) {
		hps__mp_doubt(p, l->st.line, HPS_MF_LIGHTNING, l->val_running ?
		    "a Lightning epoch ended during its validation" :
		    "a Lightning epoch's bar did not reach its total");
		return;
	}
	if (!l->val_done && drop_stale(&l->st, &l->prev))
		hps__mp_doubt(p, l->st.line, HPS_MF_LIGHTNING, "a Lightning"
		    " value unchanged since the last epoch, with no validation"
		    " in between, may be that epoch's own");
	step = hps__seq_step(&l->seq, (double)l->epoch);
	l->seq.last = step;
	l->st.step = step;
	hps__ml_copy(&l->prev, &l->st);
	hps__mp_emit(p, &l->st, 1);
}

static void
on_train(struct hps_metric_parser *p, const struct hps__mtext *t,
    const struct tbar *b, long epoch)
{
	struct hps__lightning *l = &p->lightning;
	struct hps_metric_line *ml = &p->out;
	const char *why = NULL;

	if (l->has && epoch != l->epoch)
		release(p);
	if (l->has && b->cur < l->cur)
		return;		/* the bar reset for the next epoch */
	if (!l->has)
		l->val_done = 0;
	if (l->val_running)
		l->val_done = 1;
	l->val_running = 0;
	hps__ml_reset(p, ml, HPS_MF_LIGHTNING, t->line);
	tbar_items(t->s, b, ml, &why);
	if (why != NULL) {
		hps__mp_doubt(p, t->line, HPS_MF_LIGHTNING, why);
		return;
	}
	l->has = 1;
	l->epoch = epoch;
	l->cur = b->cur;
	l->total = b->total;
	hps__ml_copy(&l->st, ml);
}

int
hps__metric_tqdm(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	struct tbar b;
	long epoch;

	if (!tbar_parse(t->s, t->len, &b))
		return 0;
	if ((epoch = epoch_of(&b)) >= 0)
		on_train(p, t, &b, epoch);
	else if (p->lightning.has && b.desclen >= 10 &&
	    (memcmp(b.desc, "Validation", 10) == 0 ||
	    memcmp(b.desc, "Validating", 10) == 0))
		p->lightning.val_running = 1;
	return 1;
}

void
hps__metric_tqdm_finish(struct hps_metric_parser *p)
{
	release(p);
}

void
hps__metric_tqdm_fit_end(struct hps_metric_parser *p)
{
	p->lightning.val_running = 0;
	release(p);
}
