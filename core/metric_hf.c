/*
 * Hugging Face's Trainer. Its log lines are Python dicts (core/
 * metric_json.c reads them: {'loss': 0.69, 'learning_rate': 4.5e-05,
 * 'epoch': 0.27}, the epoch fractional between evaluations); this file
 * adds what is Trainer's own:
 *
 *  - train() ends with a summary dict holding train_runtime. An
 *    evaluation after it (trainer.evaluate(), which may run on the best
 *    checkpoint) is not an epoch's: its eval_* values are recorded as
 *    test_*, at the epoch it prints, and never touch that epoch's eval_*.
 *  - trainer.log_metrics() prints blocks, after training:
 *
 *      ***** eval metrics *****
 *        epoch                   =        3.0
 *        eval_accuracy           =     0.8752
 *        eval_runtime            = 0:00:05.12
 *
 *    read up to the first line of another shape; their step is the block's
 *    epoch, else the last epoch printed. "eval" blocks give test_* as
 *    above; durations, "123MB" and "4GF" are not metrics.
 *  - TrainOutput(global_step=..., training_loss=...) is a repr, not a
 *    metric line (core/metric_kv.c leaves reprs alone).
 */
#include <string.h>

#include "metric_int.h"

/* eval_x becomes test_x: an evaluation after training. */
static void
eval_as_test(const struct hps_metric_parser *p, struct hps_metric_line *ml)
{
	struct hps_metric_line out;
	size_t i;

	hps__ml_reset(p, &out, ml->form, ml->line);
	for (i = 0; i < ml->n; i++) {
		const struct hps_metric *m = &ml->m[i];

		if (strncmp(m->name, "eval_", 5) == 0)
			hps__ml_add(&out, "test_", m->name + 5, m->namelen - 5,
			    m->value);
		else
			hps__ml_add(&out, "", m->name, m->namelen, m->value);
	}
	out.dropped = ml->dropped;
	hps__ml_copy(ml, &out);
}

void
hps__metric_hf_dict(struct hps_metric_parser *p, struct hps__pairs *pr)
{
	struct hps__hf *h = &p->hf;

	if (pr->src == 1) {
		h->epoch = pr->step;
		h->has_epoch = 1;
	}
	if (h->trained)
		eval_as_test(p, pr->ml);
	if (hps__ml_find(pr->ml, "train_runtime", 13) >= 0)
		h->trained = 1;
}

/* "***** NAME metrics *****": which block begins. */
static int
block_start(const char *s, size_t n, int *test)
{
	size_t i = hps__mx_skip_blank(s, n, 0), k;

	if (!hps__mx_prefix(s + i, n - i, "***** "))
		return 0;
	i += 6;
	k = hps__mx_name_span(s + i, n - i);
	if (k == 0 || !hps__mx_prefix(s + i + k, n - i - k, " metrics *****"))
		return 0;
	*test = k == 4 && memcmp(s + i, "eval", 4) == 0;
	return hps__mx_skip_blank(s, n, i + k + 14) == n;
}

/* "  name = value": 1 when the line is one (its value may be no number). */
static int
block_line(struct hps_metric_parser *p, const char *s, size_t n)
{
	size_t i = hps__mx_skip_blank(s, n, 0), k, v;
	double x;

	if (i == 0 || (k = hps__mx_name_span(s + i, n - i)) == 0)
		return 0;
	v = hps__mx_skip_blank(s, n, i + k);
	if (v == n || s[v] != '=')
		return 0;
	v = hps__mx_skip_blank(s, n, v + 1);
	if (hps__mx_number(s + v, n - v, &x) == 0)
		hps__pairs_num(&p->hf.pr, s + i, k, x);
	return 1;
}

/* The block is over: report it. */
static void
block_end(struct hps_metric_parser *p)
{
	struct hps__hf *h = &p->hf;

	if (!h->block)
		return;
	h->block = 0;
	if (h->pr.src == 0 && h->has_epoch) {
		h->pr.src = 1;
		h->pr.step = h->epoch;
	}
	if (h->pr.src == 0 && h->bl.n > 0) {
		hps__mp_doubt(p, h->bl.line, HPS_MF_HF_BLOCK, "a Hugging Face"
		    " metrics block with no epoch, printed before any");
		return;
	}
	if (h->block_test)
		eval_as_test(p, &h->bl);
	hps__pairs_end(p, &h->pr);
}

int
hps__metric_hf(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	struct hps__hf *h = &p->hf;
	int test;

	if (h->block && block_line(p, t->s, t->len))
		return 1;
	block_end(p);
	if (!block_start(t->s, t->len, &test))
		return 0;
	h->block = 1;
	h->block_test = test;
	hps__ml_reset(p, &h->bl, HPS_MF_HF_BLOCK, t->line);
	hps__pairs_init(&h->pr, &h->bl);
	return 1;
}

void
hps__metric_hf_finish(struct hps_metric_parser *p)
{
	block_end(p);
}
