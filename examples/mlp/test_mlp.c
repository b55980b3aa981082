/*
 * Tests of the trainer's modules: finite-difference gradient checks of
 * every layer and penalty and of whole networks, each optimizer against
 * hand-computed updates, batch normalization's inference mode, the IDX
 * reader on good and damaged files, the option parser, the learning
 * rate schedules, and a run killed and resumed from its checkpoint.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <zlib.h>

#include "ckpt.h"
#include "data.h"
#include "idx.h"
#include "layers.h"
#include "model.h"
#include "optim.h"
#include "opts.h"
#include "test.h"
#include "train.h"

/* Central differences with this step, checked to this relative error. */
#define GC_STEP 1e-3
#define GC_TOL 2e-2

typedef double (*loss_fn)(void *ctx);

/* Uniform values on [-1, 1] at least `gap` away from zero. */
static void
fill(float *x, size_t n, struct rng *r, float gap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		float u = 2.0f * rng_uniform(r) - 1.0f;

		x[i] = u < 0 ? u - gap : u + gap;
	}
}

static double
dot(const float *a, const float *b, size_t n)
{
	double s = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		s += (double)a[i] * b[i];
	return s;
}

/* Compare grad[0..n) with the numerical gradient of f in x[0..n). */
static void
gradcheck(loss_fn f, void *ctx, float *x, const float *grad, size_t n,
    const char *what)
{
	double lp, lm, num, tol;
	size_t i;
	float save;

	for (i = 0; i < n; i++) {
		save = x[i];
		x[i] = save + (float)GC_STEP;
		lp = f(ctx);
		x[i] = save - (float)GC_STEP;
		lm = f(ctx);
		x[i] = save;
		num = (lp - lm) / (2 * GC_STEP);
		tol = GC_TOL * (fabs(num) + 1e-2);
		if (!(fabs(num - grad[i]) <= tol))
			TEST_FAIL_("%s[%zu]: numerical %.6g, analytic %.6g",
			    what, i, num, (double)grad[i]);
	}
}

/* Dense: L = sum r .* (x w + b). */
struct dense_ctx {
	float x[3 * 4], w[4 * 5], b[5], r[3 * 5], y[3 * 5];
};

static double
dense_loss(void *p)
{
	struct dense_ctx *c = p;

	dense_forward(c->x, c->w, c->y, 3, 4, 5);
	act_forward(c->y, c->b, 3, 5, ACT_LINEAR);
	return dot(c->r, c->y, 15);
}

TEST(grad_dense)
{
	struct dense_ctx c;
	float gw[20], gb[5], dx[12];
	struct rng r;

	rng_seed(&r, 1, 0);
	fill(c.x, 12, &r, 0);
	fill(c.w, 20, &r, 0);
	fill(c.b, 5, &r, 0);
	fill(c.r, 15, &r, 0);
	dense_backward(c.x, c.w, c.r, gw, dx, 3, 4, 5);
	bias_backward(c.r, gb, 3, 5);
	gradcheck(dense_loss, &c, c.w, gw, 20, "dense w");
	gradcheck(dense_loss, &c, c.b, gb, 5, "dense b");
	gradcheck(dense_loss, &c, c.x, dx, 12, "dense x");
}

/* Activation, optionally with dropout: L = sum r .* drop(act(z + b)). */
struct act_ctx {
	enum act a;
	const float *mask;
	float z[4 * 6], b[6], r[4 * 6], h[4 * 6], d[4 * 6];
};

static double
act_loss(void *p)
{
	struct act_ctx *c = p;

	memcpy(c->h, c->z, sizeof c->z);
	act_forward(c->h, c->b, 4, 6, c->a);
	if (c->mask == NULL)
		return dot(c->r, c->h, 24);
	dropout_apply(c->h, c->d, c->mask, 24);
	return dot(c->r, c->d, 24);
}

static void
check_act(enum act a, const float *mask, const char *what)
{
	struct act_ctx c;
	float g[24], gb[6];
	struct rng r;

	rng_seed(&r, 2, a);
	c.a = a;
	c.mask = mask;
	/* Keep ReLU's inputs clear of its kink at zero. */
	fill(c.z, 24, &r, 0.05f);
	memset(c.b, 0, sizeof c.b);
	fill(c.r, 24, &r, 0);
	act_loss(&c);
	memcpy(g, c.r, sizeof g);
	act_backward(c.h, g, 24, a, mask);
	bias_backward(g, gb, 4, 6);
	gradcheck(act_loss, &c, c.z, g, 24, what);
	gradcheck(act_loss, &c, c.b, gb, 6, what);
}

TEST(grad_relu)
{
	check_act(ACT_RELU, NULL, "relu");
}

TEST(grad_tanh)
{
	check_act(ACT_TANH, NULL, "tanh");
}

TEST(grad_sigmoid)
{
	check_act(ACT_SIGMOID, NULL, "sigmoid");
}

TEST(grad_dropout_fixed_mask)
{
	float mask[24];
	int i;

	/* A fixed mask of dropout 0.25: every fourth unit dropped. */
	for (i = 0; i < 24; i++)
		mask[i] = i % 4 != 1 ? 1.0f / (1.0f - 0.25f) : 0.0f;
	check_act(ACT_LINEAR, mask, "dropout");
	check_act(ACT_RELU, mask, "relu+dropout");
	check_act(ACT_TANH, mask, "tanh+dropout");
}

TEST(dropout_keeps_expected_share)
{
	static float h[10000], d[10000], mask[10000];
	struct rng r;
	int i, kept = 0;

	rng_seed(&r, 3, 0);
	for (i = 0; i < 10000; i++)
		h[i] = 1.0f;
	dropout_forward(h, d, mask, 10000, 0.2f, &r);
	for (i = 0; i < 10000; i++) {
		kept += mask[i] != 0.0f;
		ASSERT(mask[i] == 0.0f || mask[i] == 1.25f);
		ASSERT_EQ_DBL(d[i], mask[i], 1e-6);
	}
	ASSERT(kept > 7800 && kept < 8200);
}

/* Batch normalization in training mode: L = sum r .* bn(z). */
struct bn_ctx {
	struct bn bn;
	float z[6 * 4], xhat[6 * 4], y[6 * 4], r[6 * 4];
	float gamma[4], beta[4], gg[4], gbt[4], rm[4], rv[4], mean[4],
	    inv[4];
};

static void
bn_ctx_init(struct bn_ctx *c)
{
	c->bn = (struct bn){4, c->gamma, c->beta, c->gg, c->gbt, c->rm, c->rv,
	    c->mean, c->inv};
	memset(c->rm, 0, sizeof c->rm);
	for (int j = 0; j < 4; j++)
		c->rv[j] = 1.0f;
}

static double
bn_loss(void *p)
{
	struct bn_ctx *c = p;

	bn_forward_train(&c->bn, c->z, c->xhat, c->y, 6, BN_MOMENTUM);
	return dot(c->r, c->y, 24);
}

TEST(grad_batchnorm_train)
{
	struct bn_ctx c;
	float g[24];
	struct rng r;

	rng_seed(&r, 4, 0);
	bn_ctx_init(&c);
	fill(c.z, 24, &r, 0);
	fill(c.gamma, 4, &r, 0.5f);
	fill(c.beta, 4, &r, 0);
	fill(c.r, 24, &r, 0);
	bn_loss(&c);
	memcpy(g, c.r, sizeof g);
	bn_backward(&c.bn, c.xhat, g, 6);
	gradcheck(bn_loss, &c, c.z, g, 24, "bn z");
	gradcheck(bn_loss, &c, c.gamma, c.gg, 4, "bn gamma");
	gradcheck(bn_loss, &c, c.beta, c.gbt, 4, "bn beta");
}

TEST(batchnorm_running_stats)
{
	struct bn_ctx c;
	int i;

	bn_ctx_init(&c);
	/* Column 0 holds 1, 2, ..., 6: mean 3.5, biased variance 35/12. */
	for (i = 0; i < 24; i++)
		c.z[i] = i % 4 == 0 ? (float)(i / 4 + 1) : 2.0f;
	for (i = 0; i < 4; i++) {
		c.gamma[i] = 1.0f;
		c.beta[i] = 0.0f;
	}
	bn_forward_train(&c.bn, c.z, c.xhat, c.y, 6, BN_MOMENTUM);
	ASSERT_EQ_DBL(c.rm[0], 0.01 * 3.5, 1e-6);
	ASSERT_EQ_DBL(c.rv[0], 0.99 + 0.01 * 35.0 / 12.0, 1e-6);
	ASSERT_EQ_DBL(c.rm[1], 0.02, 1e-6);
	ASSERT_EQ_DBL(c.rv[1], 0.99, 1e-6);
	ASSERT_EQ_DBL(c.y[0], (1 - 3.5) / sqrt(35.0 / 12.0 + 1e-3), 1e-5);
}

TEST(batchnorm_inference_uses_running_stats)
{
	struct bn_ctx c;
	float y[24];
	struct rng r;
	int i;

	rng_seed(&r, 5, 0);
	bn_ctx_init(&c);
	fill(c.z, 24, &r, 0);
	fill(c.gamma, 4, &r, 0.5f);
	fill(c.beta, 4, &r, 0);
	/* Momentum 0 makes the running statistics the batch's own. */
	bn_forward_train(&c.bn, c.z, c.xhat, c.y, 6, 0.0f);
	bn_forward_infer(&c.bn, c.z, y, 6);
	for (i = 0; i < 24; i++)
		ASSERT_EQ_DBL(y[i], c.y[i], 1e-5);
	/* And other statistics give other outputs. */
	c.rm[0] += 1.0f;
	bn_forward_infer(&c.bn, c.z, y, 6);
	ASSERT(fabs(y[0] - c.y[0]) > 0.1);
}

/* Penalties: L = l1 sum|w| + l2 sum w^2. */
struct pen_ctx {
	float w[16], l1, l2;
};

static double
pen_loss(void *p)
{
	struct pen_ctx *c = p;

	return penalty_value(c->w, 16, c->l1, c->l2);
}

static void
check_penalty(float l1, float l2, const char *what)
{
	struct pen_ctx c = {.l1 = l1, .l2 = l2};
	float g[16] = {0};
	struct rng r;

	rng_seed(&r, 6, 0);
	fill(c.w, 16, &r, 0.01f);
	penalty_grad(c.w, g, 16, l1, l2);
	gradcheck(pen_loss, &c, c.w, g, 16, what);
}

TEST(grad_l1)
{
	check_penalty(0.3f, 0.0f, "l1");
}

TEST(grad_l2)
{
	check_penalty(0.0f, 0.7f, "l2");
	check_penalty(0.2f, 0.4f, "l1+l2");
}

TEST(penalty_value_by_hand)
{
	float w[3] = {1.0f, -2.0f, 0.0f};

	ASSERT_EQ_DBL(penalty_value(w, 3, 0.5f, 0.0f), 1.5, 1e-7);
	ASSERT_EQ_DBL(penalty_value(w, 3, 0.0f, 0.25f), 1.25, 1e-7);
}

/* Softmax cross-entropy, mean over rows. */
struct sm_ctx {
	float z[4 * 10];
	uint8_t y[4];
};

static double
sm_loss(void *p)
{
	struct sm_ctx *c = p;
	int correct;

	return softmax_xent(c->z, c->y, NULL, 4, 10, &correct) / 4;
}

TEST(grad_softmax_xent)
{
	struct sm_ctx c = {.y = {0, 3, 9, 3}};
	float g[40];
	struct rng r;
	int correct;

	rng_seed(&r, 7, 0);
	fill(c.z, 40, &r, 0);
	softmax_xent(c.z, c.y, g, 4, 10, &correct);
	gradcheck(sm_loss, &c, c.z, g, 40, "softmax");
}

TEST(softmax_xent_by_hand)
{
	float z[4] = {0.0f, 0.0f, 1000.0f, 1000.0f};
	uint8_t y[2] = {1, 0};
	int correct;

	/* Row 0: two equal logits, loss log 2; row 1 too, and no overflow. */
	ASSERT_EQ_DBL(softmax_xent(z, y, NULL, 2, 2, &correct),
	    2 * log(2.0), 1e-6);
	ASSERT_EQ(correct, 1);
}

/* A whole network: the mean data loss of a training-mode forward pass. */
static double
model_mean_loss(void *p)
{
	struct model *m = p;
	int correct;

	model_forward(m, 5, 1);
	return model_loss(m, 5, &correct) / 5;
}

static void
check_model(enum act a, int layers, int bn)
{
	/* each hidden layer narrower than the one before */
	struct model_config c = {.inputs = 6, .classes = 3, .layers = layers,
	    .units = {5, 4, 3, 2}, .act = a, .batchnorm = bn};
	struct model m;
	struct rng r;
	float *g;
	int i, correct;

	ASSERT_EQ(model_init(&m, &c, 5), 0);
	model_init_weights(&m, 11);
	rng_seed(&r, 8, 0);
	fill(m.x, 30, &r, 0);
	for (i = 0; i < 5; i++)
		m.y[i] = (uint8_t)(i % 3);
	/* Biases away from zero so no ReLU input sits on its kink. */
	for (i = 0; i < m.nseg; i++)
		if (!m.seg[i].penalised)
			fill(m.seg[i].w, m.seg[i].n, &r, 0.1f);
	model_forward(&m, 5, 1);
	model_backward(&m, 5, &correct);
	g = malloc(sizeof(float) * m.ntrain);
	memcpy(g, m.grads, sizeof(float) * m.ntrain);
	for (i = 0; i < m.nseg; i++)
		gradcheck(model_mean_loss, &m, m.seg[i].w,
		    g + m.seg[i].off, m.seg[i].n, "model");
	free(g);
	model_free(&m);
}

TEST(grad_model)
{
	check_model(ACT_RELU, 2, 0);
	check_model(ACT_TANH, 2, 1);
	check_model(ACT_SIGMOID, 1, 1);
	check_model(ACT_RELU, 0, 0);
}

/* Two steps from w = (1, -2) with the gradient (0.5, -0.25), lr 0.1. */
static void
check_optim(enum optim_kind k, int nesterov, float l1, float l2, double w0,
    double w1)
{
	float w[2] = {1.0f, -2.0f}, g[2] = {0.5f, -0.25f};
	struct optim o;
	double pen;
	int i;

	ASSERT_EQ(optim_init(&o, k, 2), 0);
	o.nesterov = nesterov;
	for (i = 0; i < 2; i++) {
		optim_tick(&o);
		pen = optim_update(&o, w, g, 0, 2, 0.1f, l1, l2);
	}
	ASSERT_EQ_DBL(w[0], w0, 1e-5);
	ASSERT_EQ_DBL(w[1], w1, 1e-5);
	/* The penalty returned is that of the weights before step 2. */
	if (l2 != 0.0f)
		ASSERT(pen > 0.0);
	optim_free(&o);
}

TEST(optim_sgd)
{
	check_optim(OPTIM_SGD, 0, 0, 0, 0.9, -1.95);
}

TEST(optim_sgd_with_penalties)
{
	float w[2] = {1.0f, -2.0f}, g[2] = {0.5f, -0.25f};
	struct optim o;

	/* w -= lr (g + l1 sign w + 2 l2 w), twice. */
	check_optim(OPTIM_SGD, 0, 0.001f, 0.01f, 0.8959042, -1.9418582);
	ASSERT_EQ(optim_init(&o, OPTIM_SGD, 2), 0);
	optim_tick(&o);
	ASSERT_EQ_DBL(optim_update(&o, w, g, 0, 2, 0.1f, 0.001f, 0.01f),
	    0.001 * 3 + 0.01 * 5, 1e-7);
	optim_free(&o);
}

TEST(optim_momentum)
{
	/* v = -0.05, then -0.095: w = 1 - 0.05 - 0.095. */
	check_optim(OPTIM_MOMENTUM, 0, 0, 0, 0.855, -1.9275);
}

TEST(optim_nesterov)
{
	/* w += mu v - lr g: 1 - 0.095, then - 0.0855 - 0.05. */
	check_optim(OPTIM_MOMENTUM, 1, 0, 0, 0.7695, -1.88475);
}

TEST(optim_rmsprop)
{
	check_optim(OPTIM_RMSPROP, 0, 0, 0, 0.45435737, -1.45436);
}

TEST(optim_adam)
{
	/* Bias-corrected Adam moves each weight by about lr per step. */
	check_optim(OPTIM_ADAM, 0, 0, 0, 0.80000108, -1.80000216);
}

/* One step with a tiny gradient, where epsilon's place shows. */
static double
tiny_step(enum optim_kind k, float g)
{
	float w = 1.0f;
	struct optim o;

	ASSERT_EQ(optim_init(&o, k, 1), 0);
	optim_tick(&o);
	optim_update(&o, &w, &g, 0, 1, 0.1f, 0, 0);
	optim_free(&o);
	return w;
}

TEST(optim_epsilon_placement)
{
	/* RMSprop: lr g / sqrt(a + eps), a = 0.1 g^2 = 1e-9. */
	ASSERT_EQ_DBL(tiny_step(OPTIM_RMSPROP, 1e-4f), 0.96853416, 1e-5);
	/*
	 * Adam: eps next to sqrt(v) before the bias correction (Keras); after
	 * it (PyTorch) the step would be 0.0909.
	 */
	ASSERT_EQ_DBL(tiny_step(OPTIM_ADAM, 1e-6f), 0.97597469, 1e-5);
}

/* IDX files written into a private directory. */
static char idx_dir[64];

static const char *
idx_tmp(const char *name)
{
	static char path[128];

	const char *tmp = getenv("TMPDIR");

	if (idx_dir[0] == '\0') {
		snprintf(idx_dir, sizeof idx_dir, "%s/mlp-tests.XXXXXX",
		    tmp && strlen(tmp) < 40 ? tmp : "/tmp");
		ASSERT(mkdtemp(idx_dir) != NULL);
	}
	snprintf(path, sizeof path, "%s/%s", idx_dir, name);
	return path;
}

/* Each case runs in its own process, so each removes its own directory. */
static void
idx_cleanup(void)
{
	struct dirent *e;
	char path[512];
	DIR *d;

	if (idx_dir[0] == '\0' || (d = opendir(idx_dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", idx_dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(idx_dir);
}

/* An idx3 file of n 2x3 images whose bytes count up; gz or plain. */
static void
idx_write(const char *path, uint32_t n, size_t cut, int gz)
{
	uint8_t buf[16 + 600];
	size_t len = 16 + 6 * (size_t)n, i;
	uint32_t dims[3] = {n, 2, 3};
	gzFile f;

	ASSERT(len <= sizeof buf);
	memcpy(buf, "\0\0\x08\x03", 4);
	for (i = 0; i < 3; i++) {
		buf[4 + 4 * i] = (uint8_t)(dims[i] >> 24);
		buf[5 + 4 * i] = (uint8_t)(dims[i] >> 16);
		buf[6 + 4 * i] = (uint8_t)(dims[i] >> 8);
		buf[7 + 4 * i] = (uint8_t)dims[i];
	}
	for (i = 16; i < len; i++)
		buf[i] = (uint8_t)(i - 16);
	len -= cut;
	ASSERT((f = gzopen(path, gz ? "wb" : "wbT")) != NULL);
	ASSERT_EQ(gzwrite(f, buf, (unsigned)len), len);
	ASSERT_EQ(gzclose(f), Z_OK);
}

static const uint32_t idx_shape[2] = {2, 3};

TEST(idx_reads_good_files)
{
	struct idx x;
	char err[256];

	idx_write(idx_tmp("good.gz"), 5, 0, 1);
	ASSERT_EQ(idx_load(idx_tmp("good.gz"), 3, idx_shape, &x, err,
	    sizeof err), 0);
	ASSERT_EQ(x.dims[0], 5);
	ASSERT_EQ(x.size, 30);
	ASSERT_EQ(x.data[29], 29);
	idx_free(&x);
	idx_write(idx_tmp("plain"), 4, 0, 0);
	ASSERT_EQ(idx_load(idx_tmp("plain"), 3, idx_shape, &x, err,
	    sizeof err), 0);
	ASSERT_EQ(x.dims[0], 4);
	idx_free(&x);
	idx_cleanup();
}

static void
idx_expect_error(const char *name, int ndims, const char *what)
{
	struct idx x;
	char err[256];

	ASSERT_EQ(idx_load(idx_tmp(name), ndims, idx_shape, &x, err,
	    sizeof err), -1);
	ASSERT_STR_CONTAINS(err, name);
	ASSERT_STR_CONTAINS(err, what);
	ASSERT(x.data == NULL);
}

TEST(idx_truncated_data)
{
	idx_write(idx_tmp("short.gz"), 5, 7, 1);
	idx_expect_error("short.gz", 3, "truncated: expected 30 bytes of "
	    "data after the header, found 23");
	idx_write(idx_tmp("header.gz"), 5, 30 + 10, 1);
	idx_expect_error("header.gz", 3, "truncated: expected 12 bytes");
	idx_cleanup();
}

TEST(idx_truncated_gzip_stream)
{
	char path[128];
	FILE *f;
	long size;

	idx_write(idx_tmp("cut.gz"), 100, 0, 1);
	snprintf(path, sizeof path, "%s", idx_tmp("cut.gz"));
	ASSERT((f = fopen(path, "r+")) != NULL);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	ASSERT(ftruncate(fileno(f), size / 2) == 0);
	fclose(f);
	idx_expect_error("cut.gz", 3, "truncated");
	idx_cleanup();
}

TEST(idx_corrupt_gzip)
{
	char path[128];
	FILE *f;
	long size, i;

	idx_write(idx_tmp("bad.gz"), 100, 0, 1);
	snprintf(path, sizeof path, "%s", idx_tmp("bad.gz"));
	ASSERT((f = fopen(path, "r+")) != NULL);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	/* Scribble over the deflate data between header and trailer. */
	fseek(f, 12, SEEK_SET);
	for (i = 12; i < size - 8; i++)
		fputc(0xa5 ^ (int)i, f);
	fclose(f);
	idx_expect_error("bad.gz", 3, ":");
	idx_cleanup();
}

TEST(idx_wrong_file)
{
	static const uint32_t mnist[2] = {28, 28};
	struct idx x;
	char err[256];

	/* An images file where labels (1 dimension) are expected. */
	idx_write(idx_tmp("images.gz"), 5, 0, 1);
	idx_expect_error("images.gz", 1, "expected magic 0x00000801, found "
	    "0x00000803");
	/* Images of another shape. */
	ASSERT_EQ(idx_load(idx_tmp("images.gz"), 3, mnist, &x, err,
	    sizeof err), -1);
	ASSERT_STR_CONTAINS(err, "expected dimension 1 to be 28, found 2");
	idx_expect_error("missing.gz", 3, "No such file");
	idx_cleanup();
}

TEST(idx_trailing_data)
{
	uint8_t buf[16 + 12 + 3] = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2,
	    0, 0, 0, 3};
	gzFile f;

	ASSERT((f = gzopen(idx_tmp("trail.gz"), "wb")) != NULL);
	ASSERT_EQ(gzwrite(f, buf, sizeof buf), sizeof buf);
	gzclose(f);
	idx_expect_error("trail.gz", 3, "unexpected data after the last item");
	idx_cleanup();
}

TEST(data_gather_scales)
{
	uint8_t img[2 * DATA_PIXELS], lab[2] = {4, 7}, y[2];
	struct split s = {img, lab, 2};
	float x[2 * DATA_PIXELS];
	int idx[2] = {1, 0};

	memset(img, 0, DATA_PIXELS);
	memset(img + DATA_PIXELS, 255, DATA_PIXELS);
	img[3] = 51;
	data_gather(&s, idx, 2, x, y);
	ASSERT_EQ_DBL(x[0], 1.0, 0);
	ASSERT_EQ_DBL(x[DATA_PIXELS + 3], 0.2, 1e-7);
	ASSERT_EQ(y[0], 7);
	ASSERT_EQ(y[1], 4);
}

static int
parse(struct options *o, const char *const *args, int n, char *err)
{
	char *argv[16];
	int i;

	argv[0] = "hps-mlp";
	for (i = 0; i < n; i++)
		argv[i + 1] = (char *)args[i];
	return opts_parse(o, n + 1, argv, err, 256);
}

TEST(opts_forms)
{
	const char *a[] = {"--lr", "0.05", "--units=64", "--batchnorm",
	    "--dropout", "0.3", "--optimizer=rmsprop", "--nesterov", "false",
	    "--activation", "tanh"};
	struct options o;
	char err[256];

	ASSERT_EQ(parse(&o, a, 11, err), 0);
	ASSERT_EQ_DBL(o.lr, 0.05, 0);
	ASSERT_EQ(o.units.n, 1);
	ASSERT_EQ(o.units.v[0], 64);
	ASSERT_EQ(o.layers, 1);
	ASSERT_EQ(o.batchnorm, 1);
	ASSERT_EQ_DBL(o.dropout.v[0], 0.3, 0);
	ASSERT_EQ(o.optimizer, OPTIM_RMSPROP);
	ASSERT_EQ(o.nesterov, 0);
	ASSERT_EQ(opts_act(&o), ACT_TANH);
}

TEST(opts_booleans)
{
	const char *a[] = {"--batchnorm", "true", "--nesterov=0"};
	const char *b[] = {"--batchnorm", "--epochs", "3"};
	const char *c[] = {"--batchnorm=maybe"};
	struct options o;
	char err[256];

	ASSERT_EQ(parse(&o, a, 3, err), 0);
	ASSERT_EQ(o.batchnorm, 1);
	ASSERT_EQ(o.nesterov, 0);
	ASSERT_EQ(parse(&o, b, 3, err), 0);
	ASSERT_EQ(o.batchnorm, 1);
	ASSERT_EQ(o.epochs, 3);
	ASSERT_EQ(parse(&o, c, 1, err), -1);
	ASSERT_STR_CONTAINS(err, "--batchnorm");
}

TEST(opts_errors)
{
	const char *a[] = {"--bogus", "1"};
	const char *b[] = {"--layers", "5"};
	const char *c[] = {"--units", "12.5"};
	const char *d[] = {"--lr"};
	const char *e[] = {"--optimizer", "lbfgs"};
	struct options o;
	char err[256];

	ASSERT_EQ(parse(&o, a, 2, err), -1);
	ASSERT_STR_CONTAINS(err, "unknown option --bogus");
	ASSERT_EQ(parse(&o, b, 2, err), -1);
	ASSERT_STR_CONTAINS(err, "out of range");
	ASSERT_EQ(parse(&o, c, 2, err), -1);
	ASSERT_STR_CONTAINS(err, "not an integer");
	ASSERT_EQ(parse(&o, d, 1, err), -1);
	ASSERT_STR_CONTAINS(err, "needs a value");
	ASSERT_EQ(parse(&o, e, 2, err), -1);
	ASSERT_STR_CONTAINS(err, "lbfgs");
}

TEST(opts_env_precedence)
{
	const char *a[] = {"--units", "128"};
	struct options o;
	char err[256];

	setenv("HPS_PARAM_units", "256", 1);
	setenv("HPS_PARAM_lr", "0.02", 1);
	setenv("HPS_PARAM_lr_decay", "cosine", 1);
	setenv("HPS_PARAM_batchnorm", "True", 1);
	setenv("HPS_PARAM_not_an_option", "x", 1);
	ASSERT_EQ(parse(&o, a, 2, err), 0);
	ASSERT_EQ(o.units.v[0], 128);		/* argv beats the environment */
	ASSERT_EQ_DBL(o.lr, 0.02, 0);		/* which beats the default */
	ASSERT_EQ(o.lr_decay, DECAY_COSINE);
	ASSERT_EQ(o.batchnorm, 1);
	setenv("HPS_PARAM_epochs", "zero", 1);
	ASSERT_EQ(parse(&o, a, 2, err), -1);
	ASSERT_STR_CONTAINS(err, "HPS_PARAM_epochs");
}

TEST(opts_default_lr_follows_optimizer)
{
	const char *a[] = {"--optimizer", "sgd"};
	struct options o;
	char err[256];

	ASSERT_EQ(parse(&o, a, 2, err), 0);
	ASSERT_EQ_DBL(o.lr, 0.01, 0);
	ASSERT_EQ(parse(&o, a, 0, err), 0);
	ASSERT_EQ_DBL(o.lr, 0.001, 0);
}

TEST(lr_schedules)
{
	struct options o;
	char err[256];

	ASSERT_EQ(parse(&o, NULL, 0, err), 0);
	o.lr = 0.1;
	ASSERT_EQ_DBL(train_lr(&o, 5, 123, 1000), 0.1, 0);
	o.lr_decay = DECAY_EXP;
	o.decay_rate = 0.5;
	ASSERT_EQ_DBL(train_lr(&o, 0, 0, 1000), 0.1, 1e-12);
	ASSERT_EQ_DBL(train_lr(&o, 3, 0, 1000), 0.0125, 1e-12);
	o.lr_decay = DECAY_COSINE;
	ASSERT_EQ_DBL(train_lr(&o, 0, 0, 1000), 0.1, 1e-12);
	ASSERT_EQ_DBL(train_lr(&o, 0, 500, 1000), 0.05, 1e-12);
	ASSERT_EQ_DBL(train_lr(&o, 0, 1000, 1000), 0.0, 1e-12);
}


/* Per-layer lists, as hpsd passes a per: list; one value is every
 * layer's. */
TEST(opts_per_layer_lists)
{
	const char *a[] = {"--units", "512,256,128", "--dropout=0.2,0.3,0.3"};
	const char *b[] = {"--layers", "3", "--units", "64", "--dropout",
	    "0.1"};
	const char *c[] = {"--layers", "2", "--units", "64,32,16"};
	const char *d[] = {"--units", "64,,32"};
	const char *e[] = {"--units", "1,2,3,4,5"};
	struct model_config mc;
	struct options o;
	char err[256];

	ASSERT_EQ(parse(&o, a, 3, err), 0);
	ASSERT_EQ(o.layers, 3);
	opts_model_config(&o, &mc);
	ASSERT_EQ(mc.layers, 3);
	ASSERT_EQ(mc.units[0], 512);
	ASSERT_EQ(mc.units[2], 128);
	ASSERT_EQ_DBL(mc.dropout[1], 0.3f, 0);
	ASSERT_EQ(parse(&o, b, 6, err), 0);
	opts_model_config(&o, &mc);
	ASSERT_EQ(mc.units[2], 64);
	ASSERT_EQ_DBL(mc.dropout[2], 0.1f, 0);
	ASSERT_EQ(parse(&o, c, 4, err), -1);
	ASSERT_STR_CONTAINS(err, "--units gives 3 values for 2 layers");
	ASSERT_EQ(parse(&o, d, 2, err), -1);
	ASSERT_STR_CONTAINS(err, "--units: not a number");
	ASSERT_EQ(parse(&o, e, 2, err), -1);
	ASSERT_STR_CONTAINS(err, "more values than the 4 layers");
}

/* The optimizers' own knobs; sgd with a momentum is the momentum rule. */
TEST(opts_optimizer_knobs)
{
	const char *a[] = {"--optimizer", "sgd", "--momentum", "0.8"};
	const char *b[] = {"--optimizer=adam", "--beta1", "0.8", "--beta2",
	    "0.99"};
	const char *c[] = {"--optimizer=rmsprop", "--rho=0.95"};
	const char *d[] = {"--optimizer=momentum"};
	const char *e[] = {"--beta2", "1"};
	struct options o;
	struct optim op;
	char err[256];

	ASSERT_EQ(parse(&o, a, 4, err), 0);
	ASSERT_EQ(opts_optim_kind(&o), OPTIM_MOMENTUM);
	ASSERT_EQ(optim_init(&op, opts_optim_kind(&o), 4), 0);
	opts_optim(&o, &op);
	ASSERT_EQ_DBL(op.momentum, 0.8f, 0);
	optim_free(&op);
	ASSERT_EQ(parse(&o, b, 5, err), 0);
	ASSERT_EQ(opts_optim_kind(&o), OPTIM_ADAM);
	ASSERT_EQ(optim_init(&op, opts_optim_kind(&o), 4), 0);
	opts_optim(&o, &op);
	ASSERT_EQ_DBL(op.beta1, 0.8f, 0);
	ASSERT_EQ_DBL(op.beta2, 0.99f, 0);
	optim_free(&op);
	ASSERT_EQ(parse(&o, c, 2, err), 0);
	ASSERT_EQ(optim_init(&op, opts_optim_kind(&o), 4), 0);
	opts_optim(&o, &op);
	ASSERT_EQ_DBL(op.rho, 0.95f, 0);
	optim_free(&op);
	ASSERT_EQ(parse(&o, d, 1, err), 0);
	ASSERT_EQ(optim_init(&op, opts_optim_kind(&o), 4), 0);
	opts_optim(&o, &op);
	ASSERT_EQ_DBL(op.momentum, 0.9f, 0);
	optim_free(&op);
	ASSERT_EQ(parse(&o, e, 2, err), -1);
	ASSERT_STR_CONTAINS(err, "out of range");
}

/* A small random data set: 200 training, 50 validation, 50 test rows. */
static uint8_t syn_x[300 * DATA_PIXELS], syn_y[300];

static void
syn_data(struct dataset *d)
{
	struct rng r;
	size_t i;

	rng_seed(&r, 11, 0);
	for (i = 0; i < sizeof syn_x; i++)
		syn_x[i] = (uint8_t)rng_below(&r, 256);
	for (i = 0; i < sizeof syn_y; i++)
		syn_y[i] = (uint8_t)rng_below(&r, DATA_CLASSES);
	memset(d, 0, sizeof *d);
	d->train = (struct split){syn_x, syn_y, 200};
	d->val = (struct split){syn_x + 200 * DATA_PIXELS, syn_y + 200, 50};
	d->test = (struct split){syn_x + 250 * DATA_PIXELS, syn_y + 250, 50};
}

/* A stream that kills its process when the third epoch line is written:
 * the checkpoint on disk is then epoch 2's. */
static ssize_t
kill_at_epoch_3(void *cookie, const char *buf, size_t n)
{
	int *lines = cookie;

	if (n >= 6 && memcmp(buf, "epoch=", 6) == 0 && ++*lines == 3)
		raise(SIGKILL);
	return (ssize_t)n;
}

/* Train with dir as --checkpoint into a string (malloc'ed). */
static char *
train_into(const char *dir, const struct dataset *d)
{
	const char *a[] = {"--units", "16", "--dropout", "0.2", "--batch",
	    "16", "--epochs", "5", "--patience", "4", "--seed", "3",
	    "--checkpoint", dir};
	struct options o;
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ASSERT(f != NULL);
	ASSERT_EQ(parse(&o, a, 14, err), 0);
	ASSERT_EQ(train_run(&o, d, f), 0);
	fclose(f);
	return text;
}

/* Lines without their wall-clock seconds. */
static void
strip_seconds(char *s)
{
	char *p, *end;

	while ((p = strstr(s, " seconds=")) != NULL) {
		end = p + strcspn(p, "\n");
		memmove(p, end, strlen(end) + 1);
	}
}

/* The checkpoint's bytes before the epochs' lines (and their seconds). */
static char *
state_bytes(const char *dir, size_t *n)
{
	char path[256], *buf;
	FILE *f;
	long size;

	snprintf(path, sizeof path, "%s/%s", dir, CKPT_FILE);
	ASSERT((f = fopen(path, "rb")) != NULL);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	/* Last come the lines (5 epochs of 5 doubles) and the hash. */
	*n = (size_t)size - 5 * 5 * sizeof(double) - 8;
	ASSERT((buf = malloc(*n)) != NULL);
	ASSERT_EQ(fread(buf, 1, *n, f), *n);
	fclose(f);
	return buf;
}

static void
remove_dir(const char *dir)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, CKPT_FILE);
	unlink(path);
	snprintf(path, sizeof path, "%s/.%s.tmp", dir, CKPT_FILE);
	unlink(path);
	rmdir(dir);
}

/*
 * A run killed after epoch 2's checkpoint and run again on the same
 * directory prints the lines and ends with the state (weights, optimizer,
 * random streams, early stopping) of a run never interrupted.
 */
TEST(checkpoint_resumes_exactly)
{
	char a[] = "/tmp/mlp-ckpt-a-XXXXXX", b[] = "/tmp/mlp-ckpt-b-XXXXXX";
	char *whole, *resumed, *sa, *sb;
	struct dataset d;
	struct options o;
	size_t na, nb;
	int status, lines = 0;
	cookie_io_functions_t io = {NULL, kill_at_epoch_3, NULL, NULL};
	pid_t pid;

	syn_data(&d);
	ASSERT(mkdtemp(a) != NULL && mkdtemp(b) != NULL);
	whole = train_into(a, &d);
	if ((pid = fork()) == 0) {
		const char *args[] = {"--units", "16", "--dropout", "0.2",
		    "--batch", "16", "--epochs", "5", "--patience", "4",
		    "--seed", "3", "--checkpoint", b};
		char err[256];
		FILE *f = fopencookie(&lines, "w", io);

		setvbuf(f, NULL, _IONBF, 0);
		parse(&o, args, 14, err);
		train_run(&o, &d, f);
		_exit(0);
	}
	ASSERT(waitpid(pid, &status, 0) == pid);
	ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	resumed = train_into(b, &d);
	strip_seconds(whole);
	strip_seconds(resumed);
	ASSERT_STR_EQ(resumed, whole);
	ASSERT(strstr(whole, "epoch=5 ") != NULL);
	sa = state_bytes(a, &na);
	sb = state_bytes(b, &nb);
	ASSERT_EQ(na, nb);
	ASSERT(memcmp(sa, sb, na) == 0);
	free(whole);
	free(resumed);
	free(sa);
	free(sb);
	remove_dir(a);
	remove_dir(b);
}

/* Another configuration's checkpoint is refused, not resumed from. */
TEST(checkpoint_of_other_options_is_refused)
{
	char dir[] = "/tmp/mlp-ckpt-o-XXXXXX";
	const char *a[] = {"--units", "16", "--epochs", "1", "--checkpoint",
	    dir};
	const char *b[] = {"--units", "8", "--epochs", "1", "--checkpoint",
	    dir};
	struct dataset d;
	struct options o;
	char err[256];
	FILE *f = fopen("/dev/null", "w");

	syn_data(&d);
	ASSERT(mkdtemp(dir) != NULL);
	ASSERT_EQ(parse(&o, a, 6, err), 0);
	ASSERT_EQ(train_run(&o, &d, f), 0);
	ASSERT_EQ(parse(&o, b, 6, err), 0);
	ASSERT_EQ(train_run(&o, &d, f), 1);
	fclose(f);
	remove_dir(dir);
}

TEST_MAIN(grad_dense, grad_relu, grad_tanh, grad_sigmoid,
    grad_dropout_fixed_mask, dropout_keeps_expected_share,
    grad_batchnorm_train, batchnorm_running_stats,
    batchnorm_inference_uses_running_stats, grad_l1, grad_l2,
    penalty_value_by_hand, grad_softmax_xent, softmax_xent_by_hand,
    grad_model, optim_sgd, optim_sgd_with_penalties, optim_momentum,
    optim_nesterov, optim_rmsprop, optim_adam, optim_epsilon_placement,
    idx_reads_good_files,
    idx_truncated_data, idx_truncated_gzip_stream, idx_corrupt_gzip,
    idx_wrong_file, idx_trailing_data, data_gather_scales, opts_forms,
    opts_booleans, opts_errors, opts_env_precedence,
    opts_default_lr_follows_optimizer, lr_schedules, opts_per_layer_lists,
    opts_optimizer_knobs, checkpoint_resumes_exactly,
    checkpoint_of_other_options_is_refused)
