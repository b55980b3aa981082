/*
 * Internal to the metric reader (core/metric*.c): the reader's state, one
 * part per trainer family that needs to remember something between lines,
 * and the helpers the families share to read names and numbers and to
 * build a line's values.
 */
#ifndef HPS_METRIC_INT_H
#define HPS_METRIC_INT_H

#include <stddef.h>
#include <string.h>

#include "hps/metric.h"

/* A cleaned piece of output: no '\r', '\b' or escape sequences. */
struct hps__mtext {
	const char *s;
	size_t len;
	long line;		/* its line number */
	int cr;			/* redrawn over (HPS_LINE_CR) */
	int redraws;		/* its line began by redrawing an earlier one */
};

/*
 * Steps from printed epoch numbers that a later run of the trainer starts
 * again from 0 or 1: each run's steps continue after the last one taken.
 */
struct hps__seq {
	double offset;		/* added to the printed epoch */
	double last;		/* the last step taken */
};
/* The step for printed epoch e; the caller sets last when it takes it. */
double hps__seq_step(struct hps__seq *q, double e);

/*
 * Name = value pairs of the key=value, JSON and dict forms: "epoch" and
 * "step" give the step ("step" wins), the rest are metrics.
 */
struct hps__pairs {
	struct hps_metric_line *ml;
	double step;
	int src;		/* 0 none, 1 epoch, 2 step */
	const char *doubt;
};

/* Keras fit() and evaluate(): core/metric_keras.c. */
struct hps__keras {
	struct hps__seq seq;	/* last: the last epoch's step, 0: none */
	double hdr_step;	/* the step the last header announced */
	int hdr;		/* a header waits for its epoch's line */
	int trained;		/* an epoch was recorded */
	int fit_headed;		/* ... after a header (fit(epochs > 1)) */
	int fit_val;		/* ... with val_* metrics */
	long fit_target;	/* ... with this many steps (-1: none shown) */
	/* The last epoch line, held until the next Keras output shows that
	 * it was the epoch's final line and what it belongs to. */
	int held;
	struct hps_metric_line hl;
	long hl_target;
	int hl_val, hl_maybe_redrawn, hl_msg;
};

/* PyTorch Lightning's tqdm bar: core/metric_tqdm.c. */
struct hps__lightning {
	int has;		/* an epoch's latest bar is held */
	long epoch;
	long cur, total;	/* total -1: unknown */
	int cut;		/* the postfix was cut short */
	int val_running;	/* validation drawn since the bar was */
	int val_done;		/* validation ran in this epoch */
	struct hps__seq seq;	/* last -1: none yet */
	struct hps_metric_line st;	/* the bar's postfix */
	struct hps_metric_line prev;	/* the last epoch recorded */
};

/* fastai's epoch table: core/metric_table.c. */
struct hps__fastai {
	size_t ncols;		/* 0: no header seen */
	char cols[16][HPS_METRIC_NAMEMAX + 1];
	struct hps__seq seq;	/* last -1: none yet */
};

/* Lightning's test() and validate() results table: core/metric_pltable.c. */
#define HPS__PT_COLS 32		/* dataloader columns read in one table */
struct hps__pltable {
	int state;		/* where in a table the last line was */
	const struct hps__ptstyle *style;	/* rich's lines, NULL: plain */
	size_t bar_len;		/* plain: the bar's length in bytes */
	size_t half;		/* plain: half the bar's width */
	size_t width;		/* plain: the columns' width */
	int test;		/* test(), not validate() */
	size_t ncols;		/* dataloader columns */
	long dl[HPS__PT_COLS];	/* their dataloaders' numbers */
	int row_held;		/* the last row read may run on */
	size_t row_from;	/* ... its values start at tl.m[row_from] */
	long row_line;
	char dict[4096];	/* before 1.6: the printed dict's lines */
	size_t dict_len;	/* past sizeof dict: too long */
	const char *dict_doubt;
	struct hps_metric_line tl;	/* the table's values */
};

/* Hugging Face: core/metric_hf.c. */
struct hps__hf {
	int trained;		/* train() has printed its summary */
	int has_epoch;
	double epoch;		/* the last epoch printed */
	int block;		/* inside a "***** x metrics *****" block */
	int block_test;		/* its eval_* names become test_* */
	struct hps_metric_line bl;
	struct hps__pairs pr;	/* reading into bl */
};

struct hps_metric_parser {
	hps_metric_emit_fn emit;
	void *arg;
	const struct hps_metric_patterns *pat;
	void *match;		/* PCRE2 match data, NULL without patterns */
	long line;		/* lines complete so far */
	int piece0;		/* no piece of the current line yet */
	int redraws;		/* the current line began with a redraw */
	double last_step;	/* largest step reported, -1: none */
	char keep[HPS_METRIC_NAMEMAX + 1];	/* the objective, or "" */
	struct hps__keras keras;
	struct hps__lightning lightning;
	struct hps__fastai fastai;
	struct hps__hf hf;
	struct hps__pltable pltable;
	struct hps_metric_line out;	/* scratch for the line being read */
};

/*
 * Lexical helpers. The small ones are inline: the forms call them for
 * nearly every byte of a trainer's output. The rest are in
 * core/metric_lex.c.
 */
/* Byte classes, one table lookup per byte. */
enum {
	HPS__MX_BLANK = 1,	/* ' ' and '\t' */
	HPS__MX_DIGIT = 2,
	HPS__MX_NAME0 = 4,	/* starts a metric name: letters and '_' */
	HPS__MX_NAME = 8,	/* continues one: also digits, ".", "/", "-", "@" */
};
extern const unsigned char hps__mx_class[256];

static inline int
hps__mx_blank(int c)
{
	return hps__mx_class[(unsigned char)c] & HPS__MX_BLANK;
}

static inline int
hps__mx_digit(int c)
{
	return hps__mx_class[(unsigned char)c] & HPS__MX_DIGIT;
}

/* Length of the metric name at s, 0 if none. */
static inline size_t
hps__mx_name_span(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(hps__mx_class[(unsigned char)s[0]] & HPS__MX_NAME0))
		return 0;
	for (i = 1; i < n && hps__mx_class[(unsigned char)s[i]] & HPS__MX_NAME;
	    i++)
		;
	return i;
}

static inline size_t
hps__mx_skip_blank(const char *s, size_t n, size_t i)
{
	while (i < n && hps__mx_blank((unsigned char)s[i]))
		i++;
	return i;
}

/* At most 18 digits at s[*i]; -1 if none. */
static inline long
hps__mx_digits(const char *s, size_t n, size_t *i)
{
	size_t k = *i, start = k;
	long v = 0;

	for (; k < n && hps__mx_digit((unsigned char)s[k]); k++) {
		if (k - start == 18)
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	*i = k;
	return k == start ? -1 : v;
}

/* s[0..n) starts with the NUL-terminated word (a literal, mostly). */
static inline int
hps__mx_prefix(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	return n >= k && memcmp(s, word, k) == 0;
}

/* All of s[0..n) as a number (strtod's syntax, so nan and inf too). */
int hps__mx_number(const char *s, size_t n, double *v);
/*
 * The word at s (up to a blank or the end; at most 65 bytes are looked
 * at) as a number: 0 and *v when it is one, its length in *len either way.
 */
int hps__mx_number_word(const char *s, size_t n, double *v, size_t *len);
/* Index of the next " - " at or after i in s[0..n), n if none. */
size_t hps__mx_dash(const char *s, size_t n, size_t i);
int hps__mx_step_ok(double v);

/* Building a line's values: core/metric.c. */
void hps__pairs_init(struct hps__pairs *pr, struct hps_metric_line *ml);
void hps__pairs_num(struct hps__pairs *pr, const char *name, size_t len,
    double v);
/* Emit the line (or its doubt); 1 when it had anything. */
int hps__pairs_end(struct hps_metric_parser *p, struct hps__pairs *pr);

/* Empty ml for a line of form f; it keeps p's objective when full. */
void hps__ml_reset(const struct hps_metric_parser *p,
    struct hps_metric_line *ml, enum hps_metric_form f, long line);
/*
 * Add prefix + name = v. Returns 0, 1 when the name is already there (the
 * line is not to be trusted), or -1 when the name is too long to keep. On
 * a full line the name is dropped (and counted), unless it is ml->keep,
 * which takes the last place from the metric there (counted instead).
 */
int hps__ml_addn(struct hps_metric_line *ml, const char *prefix,
    size_t plen, const char *name, size_t namelen, double v);
static inline int
hps__ml_add(struct hps_metric_line *ml, const char *prefix,
    const char *name, size_t namelen, double v)
{
	return hps__ml_addn(ml, prefix, strlen(prefix), name, namelen, v);
}
int hps__ml_find(const struct hps_metric_line *ml, const char *name,
    size_t namelen);
/* *dst = *src, copying only the metrics in use (a line is ~10 KiB). */
void hps__ml_copy(struct hps_metric_line *dst,
    const struct hps_metric_line *src);

/*
 * Report a line: its step is ml->step, or when step_given is 0 the step
 * after the largest one reported so far.
 */
void hps__mp_emit(struct hps_metric_parser *p, struct hps_metric_line *ml,
    int step_given);
void hps__mp_doubt(struct hps_metric_parser *p, long line,
    enum hps_metric_form f, const char *why);


/* The families. Each returns 1 when the text was its form. */
int hps__metric_json(struct hps_metric_parser *p,
    const struct hps__mtext *t);
int hps__metric_kv(struct hps_metric_parser *p, const struct hps__mtext *t);
int hps__metric_dash(struct hps_metric_parser *p,
    const struct hps__mtext *t);
int hps__metric_keras(struct hps_metric_parser *p,
    const struct hps__mtext *t);
void hps__metric_keras_finish(struct hps_metric_parser *p);
int hps__metric_tqdm(struct hps_metric_parser *p,
    const struct hps__mtext *t);
void hps__metric_tqdm_finish(struct hps_metric_parser *p);
/*
 * trainer.test() or validate() printed its results: the fit is over, and
 * a validation bar drawn since its last epoch's was validate()'s own (the
 * values that epoch shows unchanged without one are left out as ever).
 */
void hps__metric_tqdm_fit_end(struct hps_metric_parser *p);
int hps__metric_boost(struct hps_metric_parser *p,
    const struct hps__mtext *t);
int hps__metric_table(struct hps_metric_parser *p,
    const struct hps__mtext *t);
int hps__metric_hf(struct hps_metric_parser *p, const struct hps__mtext *t);
int hps__metric_pltable(struct hps_metric_parser *p,
    const struct hps__mtext *t);
void hps__metric_pltable_finish(struct hps_metric_parser *p);
void hps__metric_hf_finish(struct hps_metric_parser *p);
/* A dict line was read: Hugging Face's post-training naming. */
void hps__metric_hf_dict(struct hps_metric_parser *p,
    struct hps__pairs *pr);
int hps__metric_pattern(struct hps_metric_parser *p,
    const struct hps__mtext *t);
void *hps__metric_pattern_match_new(const struct hps_metric_patterns *pat);
void hps__metric_pattern_match_free(void *match);

#endif
