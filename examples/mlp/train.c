/*
 * The training loop. Everything is allocated before the first epoch. The
 * reported numbers follow Keras: the training loss is the mean over the
 * epoch's batches (weighted by their rows) of each batch's loss in
 * training mode plus the kernel penalty, and val_loss and test_loss also
 * include the penalty.
 *
 * With --patience the model kept at the end is the one with the lowest
 * val_loss, whether or not training stopped early (Keras restores it only
 * when it stops); without, the last epoch's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "train.h"

struct trainer {
	const struct options *o;
	const struct dataset *d;
	struct model m;
	struct optim opt;
	int *perm;		/* the training order */
	int *seq;		/* 0, 1, 2, ...: the evaluation order */
	float *best;		/* parameters of the best epoch */
	struct rng shuffle;
	long step, steps;
};

struct result {
	double loss, acc;
};

static double
train_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

double
train_lr(const struct options *o, int epoch, long step, long steps)
{
	switch (o->lr_decay) {
	case DECAY_EXP:
		return o->lr * pow(o->decay_rate, epoch);
	case DECAY_COSINE:
		return o->lr * 0.5 * (1.0 + cos(M_PI * (double)step /
		    (double)steps));
	default:
		return o->lr;
	}
}

static int
train_alloc(struct trainer *t)
{
	struct model_config c;
	int i, n, cap;

	opts_model_config(t->o, &c);
	cap = t->o->batch > TRAIN_EVAL_ROWS ? (int)t->o->batch :
	    TRAIN_EVAL_ROWS;
	if (model_init(&t->m, &c, cap) != 0)
		return -1;
	model_init_weights(&t->m, (uint64_t)t->o->seed);
	if (optim_init(&t->opt, opts_optim_kind(t->o), t->m.ntrain) != 0)
		return -1;
	opts_optim(t->o, &t->opt);
	n = t->d->train.n > t->d->test.n ? t->d->train.n : t->d->test.n;
	t->perm = malloc(sizeof(int) * (size_t)t->d->train.n);
	t->seq = malloc(sizeof(int) * (size_t)n);
	t->best = malloc(sizeof(float) * t->m.nall);
	if (t->perm == NULL || t->seq == NULL || t->best == NULL)
		return -1;
	for (i = 0; i < n; i++)
		t->seq[i] = i;
	memcpy(t->perm, t->seq, sizeof(int) * (size_t)t->d->train.n);
	rng_seed(&t->shuffle, (uint64_t)t->o->seed, 2);
	t->steps = t->o->epochs * ((t->d->train.n + t->o->batch - 1) /
	    t->o->batch);
	return 0;
}

static void
train_free(struct trainer *t)
{
	model_free(&t->m);
	optim_free(&t->opt);
	free(t->perm);
	free(t->seq);
	free(t->best);
}

static void
train_shuffle(struct trainer *t)
{
	int i, j, tmp;

	for (i = t->d->train.n - 1; i > 0; i--) {
		j = (int)rng_below(&t->shuffle, (uint32_t)i + 1);
		tmp = t->perm[i];
		t->perm[i] = t->perm[j];
		t->perm[j] = tmp;
	}
}

static struct result
train_epoch(struct trainer *t, int epoch)
{
	const struct split *s = &t->d->train;
	int start, rows, correct, total = 0;
	double sum = 0.0, loss, pen;
	float lr;

	train_shuffle(t);
	for (start = 0; start < s->n; start += rows) {
		rows = s->n - start < t->o->batch ? s->n - start :
		    (int)t->o->batch;
		lr = (float)train_lr(t->o, epoch, t->step++, t->steps);
		data_gather(s, t->perm + start, rows, t->m.x, t->m.y);
		model_forward(&t->m, rows, 1);
		loss = model_backward(&t->m, rows, &correct);
		pen = model_update(&t->m, &t->opt, lr);
		sum += loss + rows * pen;
		total += correct;
	}
	return (struct result){sum / s->n, (double)total / s->n};
}

static struct result
train_evaluate(struct trainer *t, const struct split *s)
{
	int start, rows, correct, total = 0;
	double sum = 0.0;

	for (start = 0; start < s->n; start += rows) {
		rows = s->n - start < TRAIN_EVAL_ROWS ? s->n - start :
		    TRAIN_EVAL_ROWS;
		data_gather(s, t->seq + start, rows, t->m.x, t->m.y);
		model_forward(&t->m, rows, 0);
		sum += model_loss(&t->m, rows, &correct);
		total += correct;
	}
	return (struct result){sum / s->n + model_penalty(&t->m),
	    (double)total / s->n};
}

/* Early stopping's bookkeeping, after Keras' EarlyStopping. */
static int
train_improved(struct trainer *t, double val_loss, double *best, int *wait)
{
	if (val_loss < *best) {
		*best = val_loss;
		*wait = 0;
		memcpy(t->best, t->m.params, sizeof(float) * t->m.nall);
		return 1;
	}
	++*wait;
	return 0;
}

/*
 * Run the epochs; returns the kept epoch, whose parameters are left in
 * place, or -1 when the training loss stopped being finite.
 */
static int
train_epochs(struct trainer *t, FILE *out)
{
	struct result tr, va;
	double t0, best = INFINITY;
	int e, ran = 0, best_epoch = 0, wait = 0;

	for (e = 1; e <= t->o->epochs; e++) {
		t0 = train_now();
		tr = train_epoch(t, e - 1);
		va = train_evaluate(t, &t->d->val);
		fprintf(out, "epoch=%d loss=%.5g acc=%.5g val_loss=%.5g "
		    "val_acc=%.5g seconds=%.3f\n", e, tr.loss, tr.acc,
		    va.loss, va.acc, train_now() - t0);
		fflush(out);
		if (!isfinite(tr.loss))
			return -1;
		ran = e;
		if (t->o->patience == 0)
			continue;
		if (train_improved(t, va.loss, &best, &wait))
			best_epoch = e;
		else if (wait >= t->o->patience)
			break;
	}
	/* No finite val_loss at all leaves the last epoch's model. */
	if (t->o->patience == 0 || best_epoch == 0)
		return ran;
	memcpy(t->m.params, t->best, sizeof(float) * t->m.nall);
	return best_epoch;
}

int
train_run(const struct options *o, const struct dataset *d, FILE *out)
{
	struct trainer t;
	struct result te;
	int kept;

	memset(&t, 0, sizeof t);
	t.o = o;
	t.d = d;
	if (train_alloc(&t) != 0) {
		fprintf(stderr, "hps-mlp: out of memory\n");
		train_free(&t);
		return 1;
	}
	kept = train_epochs(&t, out);
	if (kept < 0) {
		fprintf(stderr, "hps-mlp: training diverged (the loss is not "
		    "finite); try a lower --lr\n");
		train_free(&t);
		return 1;
	}
	te = train_evaluate(&t, &d->test);
	fprintf(out, "test_loss=%.5g test_acc=%.5g kept_epoch=%d\n", te.loss,
	    te.acc, kept);
	fflush(out);
	train_free(&t);
	return 0;
}
