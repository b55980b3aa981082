/*
 * The metric reader: turns a trial's output, piece by piece as the line
 * splitter (hps/linebuf.h) cuts it, into metric values with their steps.
 * It is the boundary for trial output; it never fails on garbage, and a
 * value it cannot read with certainty is reported as doubtful (skipped and
 * counted), never recorded under a wrong step or name.
 *
 * The forms read, each as its trainer prints it (README, "The trial
 * protocol", has one example line of each):
 *   epoch=3 loss=0.31 val_acc=0.874          key=value words
 *   {"epoch": 3, "val_acc": 0.874}           a JSON object per line
 *   {'eval_loss': 0.35, 'epoch': 1.0}        a Python dict (Hugging Face)
 *   ***** eval metrics *****                 Hugging Face's metric blocks
 *   Epoch 3/20 + "N/N [===] - 1s - loss: 0.3 - val_acc: 0.8"
 *                                            Keras fit()/evaluate(), every
 *                                            version, verbose 1 and 2
 *   Epoch 2: 100%|###| 9/9 [.., val_acc=0.8] PyTorch Lightning's tqdm bar
 *   [10]\tvalidation_0-logloss:0.1234        XGBoost
 *   [10]\tvalid_0's l2: 0.1                  LightGBM
 *   epoch  train_loss  valid_loss  time      fastai's table
 *   and the study's own metric_patterns (PCRE2, named groups).
 */
#ifndef HPS_METRIC_H
#define HPS_METRIC_H

#include <stddef.h>

/*
 * Most metrics taken from one line; the rest are counted as dropped. The
 * objective named to the parser is never dropped: on a full line it takes
 * the last place.
 */
#define HPS_METRIC_MAX 64
/* Longest metric name kept. */
#define HPS_METRIC_NAMEMAX 128
/* Steps are whole or fractional numbers from 0 up to 2^53. */
#define HPS_METRIC_STEP_LIMIT 9007199254740992.0

/* Which form a line was read as. */
enum hps_metric_form {
	HPS_MF_NONE,
	HPS_MF_KV,		/* key=value words */
	HPS_MF_DASH,		/* " - name: value" pairs outside a Keras bar */
	HPS_MF_JSON,
	HPS_MF_PYDICT,
	HPS_MF_HF_BLOCK,
	HPS_MF_KERAS,		/* a Keras epoch */
	HPS_MF_KERAS_EVAL,	/* Keras evaluate(): recorded as test_* */
	HPS_MF_LIGHTNING,
	HPS_MF_LIGHTNING_TEST,	/* trainer.test()'s table: test_* */
	HPS_MF_XGBOOST,
	HPS_MF_LIGHTGBM,
	HPS_MF_FASTAI,
	HPS_MF_PATTERN,		/* the study's metric_patterns */
	HPS_MF_COUNT
};

struct hps_metric {
	char name[HPS_METRIC_NAMEMAX + 1];
	size_t namelen;
	double value;
	int finite;		/* 0: "nan", "inf"...: record as missing */
};

/*
 * One step's values from one line, or (n == 0, doubt != NULL) a line that
 * was skipped because it could not be read with certainty.
 */
struct hps_metric_line {
	double step;
	long line;		/* 1-based number of the line read */
	enum hps_metric_form form;
	const char *doubt;	/* static text: why the line was skipped */
	size_t n;
	size_t dropped;		/* metrics beyond HPS_METRIC_MAX */
	const char *keep;	/* the name kept on a full line, or NULL */
	struct hps_metric m[HPS_METRIC_MAX];
};

typedef void (*hps_metric_emit_fn)(void *arg,
    const struct hps_metric_line *ml);

struct hps_metric_patterns;
struct hps_metric_parser;

/*
 * A reader for one trial's output. Lines are reported to emit in the
 * order they are complete (a Keras 3 epoch line, for example, only once
 * the next line shows it was not redrawn). patterns may be NULL; it must
 * outlive the parser. objective (copied; may be NULL) is the metric that
 * keeps its place on a line of more than HPS_METRIC_MAX metrics. NULL
 * when out of memory.
 */
struct hps_metric_parser *hps_metric_parser_new(
    const struct hps_metric_patterns *patterns, const char *objective,
    hps_metric_emit_fn emit, void *arg);
void hps_metric_parser_free(struct hps_metric_parser *p);

/*
 * One piece of output as hps/linebuf.h cuts it (its hps_linebuf_fn, with
 * the parser as arg). The piece may be changed in place.
 */
void hps_metric_feed(void *parser, char *piece, size_t len, int flags);
/* The output ended: report what was waiting for a later line. */
void hps_metric_finish(struct hps_metric_parser *p);

/* Short name of a form ("keras", "xgboost"...). */
const char *hps_metric_form_name(enum hps_metric_form f);

/*
 * Whether name[0..len) can be a metric's name: 1 to HPS_METRIC_NAMEMAX
 * bytes of printable UTF-8 (hps_text_printable), any characters else, as
 * W&B takes any wandb.log key. Names are data: every output escapes them.
 */
int hps_metric_name_ok(const char *name, size_t len);

/* Metrics whose name starts with "test_" are shown but never ranked. */
int hps_metric_is_test(const char *name);

/*
 * User patterns: PCRE2 regular expressions whose named groups are metrics
 * and whose group "step", if any, is the step. Compile them all or fail
 * with HPS_EPARSE, the index of the bad pattern in *bad, the offset of the
 * error inside it in *offset and PCRE2's message in err.
 */
int hps_metric_patterns_new(const char *const *src, size_t n,
    struct hps_metric_patterns **out, size_t *bad, size_t *offset,
    char *err, size_t errlen);
void hps_metric_patterns_free(struct hps_metric_patterns *pat);

#endif
