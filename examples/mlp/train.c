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
 *
 * With --checkpoint the whole state is saved after each epoch's line
 * (ckpt.c): weights and batch-norm statistics, the optimizer's moments and
 * step count, both random streams, the shuffled order, the epoch, early
 * stopping's best and its weights, and every epoch's numbers. A run that
 * finds a checkpoint prints the saved epochs' lines again, as they were,
 * and goes on from there: its output and its final weights are those of a
 * run never interrupted, bit for bit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ckpt.h"
#include "train.h"

/* What an epoch's line says. */
struct epoch_line {
	double loss, acc, val_loss, val_acc, seconds;
};

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
	struct epoch_line *lines;	/* each epoch's, o->epochs of them */
	int epoch;		/* epochs done */
	int stopped;		/* early stopping ended the epochs */
	int best_epoch, wait;	/* early stopping's bookkeeping */
	double best_loss;
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
	t->best = calloc(t->m.nall, sizeof(float));
	t->lines = calloc((size_t)t->o->epochs, sizeof *t->lines);
	if (t->perm == NULL || t->seq == NULL || t->best == NULL ||
	    t->lines == NULL)
		return -1;
	t->best_loss = INFINITY;
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
	free(t->lines);
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
static void
train_patience(struct trainer *t, double val_loss)
{
	if (val_loss < t->best_loss) {
		t->best_loss = val_loss;
		t->wait = 0;
		t->best_epoch = t->epoch;
		memcpy(t->best, t->m.params, sizeof(float) * t->m.nall);
	} else if (++t->wait >= t->o->patience)
		t->stopped = 1;
}

static void
train_print(FILE *out, int epoch, const struct epoch_line *l)
{
	fprintf(out, "epoch=%d loss=%.5g acc=%.5g val_loss=%.5g "
	    "val_acc=%.5g seconds=%.3f\n", epoch, l->loss, l->acc,
	    l->val_loss, l->val_acc, l->seconds);
	fflush(out);
}

/* One epoch, validated, printed and judged; -1 when the training loss
 * stopped being finite. */
static int
train_next_epoch(struct trainer *t, FILE *out)
{
	struct epoch_line *l = &t->lines[t->epoch];
	struct result tr, va;
	double t0 = train_now();

	tr = train_epoch(t, t->epoch);
	va = train_evaluate(t, &t->d->val);
	*l = (struct epoch_line){tr.loss, tr.acc, va.loss, va.acc,
	    train_now() - t0};
	train_print(out, ++t->epoch, l);
	if (!isfinite(tr.loss))
		return -1;
	if (t->o->patience > 0)
		train_patience(t, va.loss);
	return 0;
}

/* The state a checkpoint holds, as regions of the trainer; how many. */
static size_t
train_regions(struct trainer *t, struct ckpt_region *r)
{
	size_t n = 0;

#define REGION(ptr, bytes) (r[n++] = (struct ckpt_region){(ptr), (bytes)})
	REGION(t->m.params, sizeof(float) * t->m.nall);
	REGION(t->opt.m, sizeof(float) * t->opt.n);
	REGION(t->opt.v, sizeof(float) * t->opt.n);
	REGION(&t->opt.t, sizeof t->opt.t);
	REGION(&t->m.drop_rng, sizeof t->m.drop_rng);
	REGION(&t->shuffle, sizeof t->shuffle);
	REGION(t->perm, sizeof(int) * (size_t)t->d->train.n);
	REGION(&t->step, sizeof t->step);
	REGION(&t->epoch, sizeof t->epoch);
	REGION(&t->stopped, sizeof t->stopped);
	REGION(&t->best_epoch, sizeof t->best_epoch);
	REGION(&t->wait, sizeof t->wait);
	REGION(&t->best_loss, sizeof t->best_loss);
	REGION(t->best, sizeof(float) * t->m.nall);
	REGION(t->lines, sizeof *t->lines * (size_t)t->o->epochs);
#undef REGION
	return n;
}

#define TRAIN_REGIONS 15

/* With --checkpoint, this epoch's state; a failure is reported, and
 * training goes on (an older checkpoint still resumes correctly). */
static void
train_save(struct trainer *t)
{
	struct ckpt_region r[TRAIN_REGIONS];
	char err[512];

	if (t->o->checkpoint == NULL || t->o->checkpoint[0] == '\0')
		return;
	if (ckpt_save(t->o->checkpoint, opts_fingerprint(t->o), r,
	    train_regions(t, r), err, sizeof err) != 0)
		fprintf(stderr, "hps-mlp: cannot save the checkpoint: %s\n",
		    err);
}

/* With --checkpoint and a checkpoint there: the state it holds, and the
 * saved epochs' lines printed again. 0, or -1 with a message. */
static int
train_resume(struct trainer *t, FILE *out)
{
	struct ckpt_region r[TRAIN_REGIONS];
	char err[512];
	int rc, e;

	if (t->o->checkpoint == NULL || t->o->checkpoint[0] == '\0')
		return 0;
	rc = ckpt_load(t->o->checkpoint, opts_fingerprint(t->o), r,
	    train_regions(t, r), err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "hps-mlp: %s\n", err);
		return -1;
	}
	if (rc == 1)
		return 0;
	for (e = 0; e < t->epoch; e++)
		train_print(out, e + 1, &t->lines[e]);
	return 0;
}

/*
 * Run the epochs; returns the kept epoch, whose parameters are left in
 * place, or -1 when the training loss stopped being finite.
 */
static int
train_epochs(struct trainer *t, FILE *out)
{
	while (!t->stopped && t->epoch < t->o->epochs) {
		if (train_next_epoch(t, out) != 0)
			return -1;
		train_save(t);
	}
	/* No finite val_loss at all leaves the last epoch's model. */
	if (t->o->patience == 0 || t->best_epoch == 0)
		return t->epoch;
	memcpy(t->m.params, t->best, sizeof(float) * t->m.nall);
	return t->best_epoch;
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
	/* The trainable parameters, once: an objective for the model's size. */
	fprintf(out, "params=%zu\n", model_count(&t.m));
	fflush(out);
	if (train_resume(&t, out) != 0) {
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
