/*
 * fastai's epoch table, as its console progress bar prints it (fastai's
 * ProgressCallback through fastprogress's ConsoleMasterBar.write):
 *
 *   epoch     train_loss  valid_loss  accuracy  time
 *   0         0.469180    0.301428    0.903000  00:05
 *
 * The header names the columns; each row under it is one epoch, the first
 * column its number as printed. "#na#" is fastai's missing value and the
 * time column is not a metric. fine_tune() prints a second table whose
 * epochs start again from 0: its steps continue after the first's.
 */
#include <string.h>

#include "metric_int.h"

/* The next blank-separated token at or after *i; its length. */
static size_t
token(const char *s, size_t n, size_t *i)
{
	size_t start;

	*i = hps__mx_skip_blank(s, n, *i);
	start = *i;
	while (*i < n && !hps__mx_blank((unsigned char)s[*i]))
		(*i)++;
	return *i - start;
}

/* "epoch" and then names only: a new table. */
static int
header(struct hps__fastai *f, const char *s, size_t n)
{
	char cols[16][HPS_METRIC_NAMEMAX + 1];
	size_t i = 0, k, ncols = 0;

	while ((k = token(s, n, &i)) > 0) {
		if (ncols == 16 || k > HPS_METRIC_NAMEMAX ||
		    hps__mx_name_span(s + i - k, k) != k)
			return 0;
		memcpy(cols[ncols], s + i - k, k);
		cols[ncols++][k] = '\0';
	}
	if (ncols < 2 || strcmp(cols[0], "epoch") != 0)
		return 0;
	memcpy(f->cols, cols, sizeof cols);
	f->ncols = ncols;
	return 1;
}

/* A clock time such as 00:05 or 1:02:03. */
static int
is_time(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!hps__mx_digit((unsigned char)s[i]) && s[i] != ':')
			return 0;
	}
	return memchr(s, ':', n) != NULL;
}

/*
 * A row under the header: -1 when it is not one, else 0 with the values
 * in ml (or *why set).
 */
static int
row(const struct hps__fastai *f, const char *s, size_t n,
    struct hps_metric_line *ml, long *epoch, const char **why)
{
	size_t i = 0, k, col = 0, j;
	double v;

	if ((k = token(s, n, &i)) == 0)
		return -1;
	j = i - k;
	if ((*epoch = hps__mx_digits(s, i, &j)) < 0 || j != i)
		return -1;
	for (col = 1; (k = token(s, n, &i)) > 0; col++) {
		if (col == f->ncols)
			return -1;
		if (hps__mx_number(s + i - k, k, &v) == 0)
			hps__ml_add(ml, "", f->cols[col], strlen(f->cols[col]),
			    v);
		else if (!(k == 4 && memcmp(s + i - k, "#na#", 4) == 0) &&
		    !is_time(s + i - k, k))
			*why = "a fastai table cell is not a number";
	}
	return col == f->ncols ? 0 : -1;
}

int
hps__metric_table(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	struct hps__fastai *f = &p->fastai;
	struct hps_metric_line *ml = &p->out;
	const char *why = NULL;
	long epoch;

	if (header(f, t->s, t->len))
		return 1;
	if (f->ncols == 0)
		return 0;
	hps__ml_reset(p, ml, HPS_MF_FASTAI, t->line);
	if (row(f, t->s, t->len, ml, &epoch, &why) != 0)
		return 0;
	if (why != NULL) {
		hps__mp_doubt(p, t->line, HPS_MF_FASTAI, why);
		return 1;
	}
	ml->step = hps__seq_step(&f->seq, (double)epoch);
	f->seq.last = ml->step;
	hps__mp_emit(p, ml, 1);
	return 1;
}
