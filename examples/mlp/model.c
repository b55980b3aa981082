/*
 * Building, initialising and running the network. The parameters and the
 * batch-normalization statistics share one block (m->params), so keeping
 * the best epoch's model is one memcpy; the gradients mirror the trainable
 * part of that block.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/*
 * Carving one allocation into buffers. Counting and assigning are the same
 * walk: with base NULL it only counts. Each buffer starts on a 64-byte
 * line so the vectorised loops and OpenBLAS see aligned rows.
 */
struct arena {
	float *base;
	size_t used;
};

static float *
arena_take(struct arena *a, size_t n)
{
	float *p = a->base ? a->base + a->used : NULL;

	a->used += (n + 15) & ~(size_t)15;
	return p;
}

static void
model_layout_params(struct model *m, struct arena *p, struct arena *g)
{
	struct layer *l;
	int i;

	for (i = 0; i < m->nlayers; i++) {
		l = &m->layer[i];
		l->w = arena_take(p, (size_t)l->in * l->out);
		l->gw = arena_take(g, (size_t)l->in * l->out);
		if (l->bn.cols) {
			l->bn.gamma = arena_take(p, l->out);
			l->bn.gamma_g = arena_take(g, l->out);
			l->bn.beta = arena_take(p, l->out);
			l->bn.beta_g = arena_take(g, l->out);
		} else {
			l->b = arena_take(p, l->out);
			l->gb = arena_take(g, l->out);
		}
	}
	m->ntrain = p->used;
	/* Running statistics last: saved with the model, not trained. */
	for (i = 0; i < m->nlayers; i++) {
		l = &m->layer[i];
		if (l->bn.cols) {
			l->bn.rmean = arena_take(p, l->out);
			l->bn.rvar = arena_take(p, l->out);
		}
	}
	m->nall = p->used;
}

size_t
model_count(const struct model *m)
{
	const struct layer *l;
	size_t n = 0;
	int i;

	for (i = 0; i < m->nlayers; i++) {
		l = &m->layer[i];
		n += (size_t)l->in * l->out + (l->bn.cols ? 2 : 1) *
		    (size_t)l->out;
	}
	return n;
}

static void
model_layout_work(struct model *m, struct arena *w)
{
	size_t cap = (size_t)m->cap, n;
	struct layer *l;
	int i, top;

	m->x = arena_take(w, cap * m->cfg.inputs);
	m->y = (uint8_t *)arena_take(w, cap / 4 + 1);
	for (i = 0; i < m->nlayers; i++) {
		l = &m->layer[i];
		top = i == m->nlayers - 1;
		n = cap * l->out;
		l->h = arena_take(w, n);
		l->g = arena_take(w, n);
		l->d = l->h;
		if (!top && m->cfg.dropout[i] > 0.0f) {
			l->d = arena_take(w, n);
			l->mask = arena_take(w, n);
		}
		if (l->bn.cols) {
			l->z = arena_take(w, n);
			l->xhat = arena_take(w, n);
			l->bn.mean = arena_take(w, l->out);
			l->bn.inv = arena_take(w, l->out);
		}
	}
}

static void
model_segments(struct model *m)
{
	struct layer *l;
	int i;

	m->nseg = 0;
	for (i = 0; i < m->nlayers; i++) {
		l = &m->layer[i];
		m->seg[m->nseg++] = (struct segment){l->w, l->gw, 0,
		    (size_t)l->in * l->out, 1};
		if (l->bn.cols) {
			m->seg[m->nseg++] = (struct segment){l->bn.gamma,
			    l->bn.gamma_g, 0, l->out, 0};
			m->seg[m->nseg++] = (struct segment){l->bn.beta,
			    l->bn.beta_g, 0, l->out, 0};
		} else {
			m->seg[m->nseg++] = (struct segment){l->b, l->gb, 0,
			    l->out, 0};
		}
	}
	for (i = 0; i < m->nseg; i++)
		m->seg[i].off = (size_t)(m->seg[i].w - m->params);
}

static void
model_shape(struct model *m)
{
	const struct model_config *c = &m->cfg;
	struct layer *l;
	int i;

	m->nlayers = c->layers + 1;
	for (i = 0; i < m->nlayers; i++) {
		l = &m->layer[i];
		memset(l, 0, sizeof *l);
		l->in = i == 0 ? c->inputs : c->units[i - 1];
		l->out = i == c->layers ? c->classes : c->units[i];
		l->act = i == c->layers ? ACT_LINEAR : c->act;
		if (i < c->layers && c->batchnorm)
			l->bn.cols = l->out;
	}
}

int
model_init(struct model *m, const struct model_config *c, int cap)
{
	struct arena p = {NULL, 0}, g = {NULL, 0}, w = {NULL, 0};

	memset(m, 0, sizeof *m);
	if (c->layers < 0 || c->layers > MODEL_MAXHIDDEN || cap < 1)
		return -1;
	m->cfg = *c;
	m->cap = cap;
	model_shape(m);
	model_layout_params(m, &p, &g);
	model_layout_work(m, &w);
	m->params = aligned_alloc(64, p.used * sizeof(float));
	m->grads = aligned_alloc(64, g.used * sizeof(float));
	m->work = aligned_alloc(64, w.used * sizeof(float));
	if (m->params == NULL || m->grads == NULL || m->work == NULL) {
		model_free(m);
		return -1;
	}
	memset(m->params, 0, p.used * sizeof(float));
	memset(m->grads, 0, g.used * sizeof(float));
	memset(m->work, 0, w.used * sizeof(float));
	p = (struct arena){m->params, 0};
	g = (struct arena){m->grads, 0};
	w = (struct arena){m->work, 0};
	model_layout_params(m, &p, &g);
	model_layout_work(m, &w);
	model_segments(m);
	return 0;
}

void
model_free(struct model *m)
{
	free(m->params);
	free(m->grads);
	free(m->work);
	m->params = m->grads = m->work = NULL;
}

static void
model_init_layer(struct layer *l, struct rng *r)
{
	size_t i, n = (size_t)l->in * l->out;
	double limit;

	/* He uniform for ReLU, Glorot uniform otherwise (Keras' names). */
	if (l->act == ACT_RELU)
		limit = sqrt(6.0 / l->in);
	else
		limit = sqrt(6.0 / (l->in + l->out));
	for (i = 0; i < n; i++)
		l->w[i] = (float)((2.0 * rng_uniform(r) - 1.0) * limit);
	if (l->bn.cols) {
		for (i = 0; i < (size_t)l->out; i++) {
			l->bn.gamma[i] = 1.0f;
			l->bn.beta[i] = 0.0f;
			l->bn.rmean[i] = 0.0f;
			l->bn.rvar[i] = 1.0f;
		}
	} else {
		memset(l->b, 0, sizeof(float) * (size_t)l->out);
	}
}

void
model_init_weights(struct model *m, uint64_t seed)
{
	struct rng r;
	int i;

	rng_seed(&r, seed, 1);
	for (i = 0; i < m->nlayers; i++)
		model_init_layer(&m->layer[i], &r);
	rng_seed(&m->drop_rng, seed, 3);
}

static void
model_forward_layer(struct model *m, struct layer *l, const float *in,
    int rows, int training)
{
	size_t n = (size_t)rows * l->out;

	if (l->bn.cols) {
		dense_forward(in, l->w, l->z, rows, l->in, l->out);
		if (training)
			bn_forward_train(&l->bn, l->z, l->xhat, l->h, rows,
			    BN_MOMENTUM);
		else
			bn_forward_infer(&l->bn, l->z, l->h, rows);
		act_forward(l->h, NULL, rows, l->out, l->act);
	} else {
		dense_forward(in, l->w, l->h, rows, l->in, l->out);
		act_forward(l->h, l->b, rows, l->out, l->act);
	}
	if (l->mask != NULL && training)
		dropout_forward(l->h, l->d, l->mask, n,
		    m->cfg.dropout[l - m->layer], &m->drop_rng);
}

/* Inference skips dropout, so the next layer reads h, not d. */
void
model_forward(struct model *m, int rows, int training)
{
	const float *in = m->x;
	int i;

	for (i = 0; i < m->nlayers; i++) {
		model_forward_layer(m, &m->layer[i], in, rows, training);
		in = training ? m->layer[i].d : m->layer[i].h;
	}
}

double
model_loss(struct model *m, int rows, int *correct)
{
	struct layer *top = &m->layer[m->nlayers - 1];

	return softmax_xent(top->h, m->y, NULL, rows, top->out, correct);
}

static void
model_backward_layer(struct model *m, int i, int rows)
{
	struct layer *l = &m->layer[i];
	const float *in = i == 0 ? m->x : m->layer[i - 1].d;
	float *dx = i == 0 ? NULL : m->layer[i - 1].g;

	if (i < m->nlayers - 1) {
		act_backward(l->h, l->g, (size_t)rows * l->out, l->act,
		    l->mask);
		if (l->bn.cols)
			bn_backward(&l->bn, l->xhat, l->g, rows);
	}
	dense_backward(in, l->w, l->g, l->gw, dx, rows, l->in, l->out);
	if (l->b != NULL)
		bias_backward(l->g, l->gb, rows, l->out);
}

double
model_backward(struct model *m, int rows, int *correct)
{
	struct layer *top = &m->layer[m->nlayers - 1];
	double loss;
	int i;

	loss = softmax_xent(top->h, m->y, top->g, rows, top->out, correct);
	for (i = m->nlayers - 1; i >= 0; i--)
		model_backward_layer(m, i, rows);
	return loss;
}

double
model_penalty(const struct model *m)
{
	double p = 0.0;
	int i;

	for (i = 0; i < m->nlayers; i++)
		p += penalty_value(m->layer[i].w,
		    (size_t)m->layer[i].in * m->layer[i].out, m->cfg.l1,
		    m->cfg.l2);
	return p;
}

double
model_update(struct model *m, struct optim *o, float lr)
{
	const struct segment *s;
	double pen = 0.0;
	int i;

	optim_tick(o);
	for (i = 0; i < m->nseg; i++) {
		s = &m->seg[i];
		pen += optim_update(o, s->w, s->g, s->off, s->n, lr,
		    s->penalised ? m->cfg.l1 : 0.0f,
		    s->penalised ? m->cfg.l2 : 0.0f);
	}
	return pen;
}
