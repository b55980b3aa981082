/*
 * Overfitting diagnosis from a trial's stored curves, and the text chart
 * that `hps curve` prints. The rules are written down in
 * include/hps/diagnose.h.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hps/diagnose.h"
#include "hps/error.h"

static const char *const diag_val_prefixes[] = {"validation", "valid",
    "val"};
static const char *const diag_train_prefixes[] = {"", "train", "training"};

/* The part of name after a validation prefix and its '_' or '/'. */
static const char *
diag_val_base(const char *name, char *sep)
{
	size_t i, n;

	for (i = 0; i < sizeof diag_val_prefixes / sizeof *diag_val_prefixes;
	    i++) {
		n = strlen(diag_val_prefixes[i]);
		if (strncmp(name, diag_val_prefixes[i], n) == 0 &&
		    (name[n] == '_' || name[n] == '/') && name[n + 1] != '\0') {
			*sep = name[n];
			return name + n + 1;
		}
	}
	return NULL;
}

/* Whether name is prefix + sep + base ("" prefix: base alone). */
static int
diag_is(const char *name, const char *prefix, char sep, const char *base)
{
	size_t n = strlen(prefix);

	if (n == 0)
		return strcmp(name, base) == 0;
	return strncmp(name, prefix, n) == 0 && name[n] == sep &&
	    strcmp(name + n + 1, base) == 0;
}

const char *
hps_diag_train_name(const char *val_name, const char *const *names,
    size_t nnames)
{
	const char *base, *prefix;
	size_t i, j;
	char sep;

	if ((base = diag_val_base(val_name, &sep)) == NULL)
		return NULL;
	for (i = 0;
	    i < sizeof diag_train_prefixes / sizeof *diag_train_prefixes; i++) {
		prefix = diag_train_prefixes[i];
		for (j = 0; j < nnames; j++)
			if (diag_is(names[j], prefix, sep, base))
				return names[j];
	}
	return NULL;
}

int
hps_diag_metric_maximize(const char *name)
{
	static const char *const lower[] = {"loss", "err", "mse", "mae",
	    "mape", "nll", "perplexity", "cost"};
	char buf[128];
	size_t i;

	for (i = 0; name[i] != '\0' && i + 1 < sizeof buf; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[i] = '\0';
	for (i = 0; i < sizeof lower / sizeof *lower; i++)
		if (strstr(buf, lower[i]) != NULL)
			return 0;
	return 1;
}

static int
diag_ok(const struct hps_curve_point *p)
{
	return p->present && isfinite(p->value);
}

/* Whether a is strictly better than b. */
static int
diag_better(double a, double b, int maximize)
{
	return maximize ? a > b : a < b;
}

/* The training value at step (see the header); 0 when there is none. */
static int
diag_train_at(const struct hps_curve_point *t, size_t n, double step,
    double *v)
{
	int found = 0;
	size_t i;

	for (i = 0; i < n && t[i].step <= step; i++) {
		if (diag_ok(&t[i])) {
			*v = t[i].value;
			found = 1;
		}
	}
	return found;
}

/* Index of the best present value (the first on ties), or nval. */
static size_t
diag_best(const struct hps_curve_point *val, size_t nval, int maximize)
{
	size_t i, best = nval;

	for (i = 0; i < nval; i++)
		if (diag_ok(&val[i]) && (best == nval ||
		    diag_better(val[i].value, val[best].value, maximize)))
			best = i;
	return best;
}

/* The stretch after the best; sets out->overfit and out->overfit_step. */
static void
diag_overfit(const struct hps_curve_point *val, size_t nval, size_t best,
    const struct hps_curve_point *train, size_t ntrain, int maximize,
    long patience, struct hps_diagnosis *out)
{
	double t0 = 0, t1 = 0;
	double start = 0;
	long run = 0;
	size_t j;

	if (!diag_train_at(train, ntrain, val[best].step, &t0))
		return;
	for (j = best + 1; j < nval; j++) {
		if (!diag_ok(&val[j]))
			continue;
		if (!diag_better(out->best_value, val[j].value, maximize)) {
			run = 0;
			continue;
		}
		if (run++ == 0)
			start = val[j].step;
		if (run >= patience &&
		    diag_train_at(train, ntrain, val[j].step, &t1) &&
		    diag_better(t1, t0, maximize)) {
			out->overfit = 1;
			out->overfit_step = start;
			return;
		}
	}
}

int
hps_diagnose(const struct hps_curve_point *val, size_t nval,
    const struct hps_curve_point *train, size_t ntrain, int maximize,
    long patience, struct hps_diagnosis *out)
{
	size_t best, i;
	double t;

	memset(out, 0, sizeof *out);
	if (patience < 1)
		return HPS_EINVAL;
	if ((best = diag_best(val, nval, maximize)) == nval)
		return HPS_ENOTFOUND;
	out->best_step = val[best].step;
	out->best_value = val[best].value;
	for (i = nval; i-- > 0;)
		if (diag_ok(&val[i]))
			break;
	out->final_value = val[i].value;
	out->final_drop = maximize ? out->best_value - out->final_value :
	    out->final_value - out->best_value;
	if (train == NULL)
		ntrain = 0;
	if (diag_train_at(train, ntrain, out->best_step, &t)) {
		out->has_gap = 1;
		out->gap = maximize ? t - out->best_value :
		    out->best_value - t;
	}
	diag_overfit(val, nval, best, train, ntrain, maximize, patience, out);
	return 0;
}

/* The chart's canvas and scales while it is drawn. */
struct chart {
	char cell[HPS_CHART_MAXH][HPS_CHART_MAXW + 1];
	int w, h;		/* plot area */
	int labw;		/* y label column */
	double lo, hi;
	double xmin, xmax;
	int npoints;
	int both;		/* some cell holds both series */
};

/* Output that counts what it could not write, like snprintf. */
struct chart_out {
	char *buf;
	size_t len, off;
};

static void
chart_printf(struct chart_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
chart_printf(struct chart_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->off < o->len ? o->buf + o->off : NULL,
	    o->off < o->len ? o->len - o->off : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->off += (size_t)n;
}

static void
chart_range(struct chart *ch, const struct hps_curve_point *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!diag_ok(&p[i]))
			continue;
		if (ch->npoints++ == 0) {
			ch->lo = ch->hi = p[i].value;
			ch->xmin = ch->xmax = p[i].step;
		}
		ch->lo = fmin(ch->lo, p[i].value);
		ch->hi = fmax(ch->hi, p[i].value);
		ch->xmin = p[i].step < ch->xmin ? p[i].step : ch->xmin;
		ch->xmax = p[i].step > ch->xmax ? p[i].step : ch->xmax;
	}
}

/*
 * A flat range would divide by zero and pin the curve to the top row;
 * widening it by 10% (or 1 around zero) centres a constant curve.
 */
static void
chart_widen(struct chart *ch)
{
	double d;

	if (ch->hi > ch->lo)
		return;
	d = ch->lo != 0 ? fabs(ch->lo) * 0.1 : 1;
	ch->lo -= d;
	ch->hi += d;
}

static int
chart_col(const struct chart *ch, double step)
{
	if (ch->xmax == ch->xmin)
		return 0;
	return (int)lround((step - ch->xmin) / (ch->xmax - ch->xmin) *
	    (ch->w - 1));
}

static int
chart_row(const struct chart *ch, double v)
{
	return (int)lround((ch->hi - v) / (ch->hi - ch->lo) * (ch->h - 1));
}

/* Put a series' marks; where the other series is already drawn, '#'. */
static void
chart_plot(struct chart *ch, const struct hps_curve_point *p, size_t n,
    char mark, char other)
{
	char *c;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!diag_ok(&p[i]))
			continue;
		c = &ch->cell[chart_row(ch, p[i].value)][chart_col(ch,
		    p[i].step)];
		*c = *c == other || *c == '#' ? '#' : mark;
		ch->both |= *c == '#';
	}
}

/* The best point as '*', when it lies on this chart. */
static void
chart_mark(struct chart *ch, const struct hps_diagnosis *d)
{
	int r;

	if (!(d->best_value >= ch->lo && d->best_value <= ch->hi) ||
	    d->best_step < ch->xmin || d->best_step > ch->xmax)
		return;
	r = chart_row(ch, d->best_value);
	ch->cell[r][chart_col(ch, d->best_step)] = '*';
}

/* The y label of row r: top, middle and bottom rows only. */
static int
chart_label(const struct chart *ch, int r, char *buf, size_t len)
{
	buf[0] = '\0';
	if (r != 0 && r != ch->h - 1 && r != (ch->h - 1) / 2)
		return 0;
	return snprintf(buf, len, "%.4g",
	    ch->hi - (ch->hi - ch->lo) * r / (ch->h - 1));
}

static int
chart_setup(struct chart *ch, const struct hps_chart *c)
{
	int width = c->width ? c->width : HPS_CHART_WIDTH;
	char label[64];
	int r, n;

	ch->h = c->height ? c->height : HPS_CHART_HEIGHT;
	if (ch->h < 3 || ch->h > HPS_CHART_MAXH || width > HPS_CHART_MAXW)
		return HPS_EINVAL;
	for (r = 0; r < ch->h; r++)
		if ((n = chart_label(ch, r, label, sizeof label)) > ch->labw)
			ch->labw = n;
	ch->w = width - ch->labw - 2;
	if (ch->w < 10)
		return HPS_EINVAL;
	for (r = 0; r < ch->h; r++) {
		memset(ch->cell[r], ' ', (size_t)ch->w);
		ch->cell[r][ch->w] = '\0';
	}
	return 0;
}

/* The x axis with '^' under the best step, and the first and last step. */
static void
chart_axis(struct chart_out *o, const struct chart *ch,
    const struct hps_diagnosis *d)
{
	char line[HPS_CHART_MAXW + 1];
	int first;

	memset(line, '-', (size_t)ch->w);
	line[ch->w] = '\0';
	if (d != NULL && d->best_step >= ch->xmin && d->best_step <= ch->xmax)
		line[chart_col(ch, d->best_step)] = '^';
	chart_printf(o, "%*s +%s\n", ch->labw, "", line);
	first = snprintf(NULL, 0, "%g", ch->xmin);
	chart_printf(o, "%*s  %g", ch->labw, "", ch->xmin);
	/* The last step ends under the last column. */
	if (ch->xmax != ch->xmin)
		chart_printf(o, "%*g", ch->w - first, ch->xmax);
	chart_printf(o, "\n");
}

/* What the marks mean, then the best point and the flag on their own line. */
static void
chart_legend(struct chart_out *o, const struct chart *ch,
    const struct hps_chart *c)
{
	const struct hps_diagnosis *d = c->diag;

	chart_printf(o, "%*s  o %s  + %s%s\n", ch->labw, "",
	    c->val_name ? c->val_name : "validation",
	    c->train_name ? c->train_name : "training",
	    ch->both ? "  # both" : "");
	if (d == NULL)
		return;
	chart_printf(o, "%*s  * best %.4g at step %g", ch->labw, "",
	    d->best_value, d->best_step);
	if (d->overfit)
		chart_printf(o, "; overfitting from step %g",
		    d->overfit_step);
	chart_printf(o, "\n");
}

int
hps_diag_chart(const struct hps_chart *c, const struct hps_curve_point *val,
    size_t nval, const struct hps_curve_point *train, size_t ntrain,
    char *buf, size_t len)
{
	struct chart_out o = {buf, len, 0};
	const struct hps_diagnosis *d = c->diag;
	struct chart ch;
	char label[64];
	int r, rc;

	if (len > 0)
		buf[0] = '\0';
	memset(&ch, 0, sizeof ch);
	if (train == NULL)
		ntrain = 0;
	chart_range(&ch, val, nval);
	chart_range(&ch, train, ntrain);
	if (ch.npoints == 0) {
		chart_printf(&o, "(no values)\n");
		return (int)o.off;
	}
	chart_widen(&ch);
	if ((rc = chart_setup(&ch, c)) != 0)
		return rc;
	chart_plot(&ch, train, ntrain, '+', 'o');
	chart_plot(&ch, val, nval, 'o', '+');
	if (d != NULL)
		chart_mark(&ch, d);
	for (r = 0; r < ch.h; r++) {
		chart_label(&ch, r, label, sizeof label);
		chart_printf(&o, "%*s |%s\n", ch.labw, label, ch.cell[r]);
	}
	chart_axis(&o, &ch, d);
	chart_legend(&o, &ch, c);
	return (int)o.off;
}
