/*
 * Chart geometry for hps report (see svg.h). Numbers are printed with one
 * decimal: a tenth of a pixel is invisible and keeps a 2,000-trial page
 * small.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

/* Space for ticks computed on the way to an axis. */
#define SVG_MAXTICKS 16

static int
buf_grow(struct svg_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *s;

	if (b->oom)
		return -1;
	if (b->len + need + 1 <= b->cap)
		return 0;
	while (cap < b->len + need + 1)
		cap *= 2;
	if ((s = realloc(b->s, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

void
svg_buf_printf(struct svg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
svg_buf_puts(struct svg_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (buf_grow(b, n) != 0)
		return;
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void
svg_buf_escape(struct svg_buf *b, const char *s)
{
	const char *run = s;

	/* Copy unescaped runs whole; a page of 2,000 trials is mostly text. */
	for (; *s != '\0'; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		}
		if (rep == NULL)
			continue;
		if (buf_grow(b, (size_t)(s - run)) == 0) {
			memcpy(b->s + b->len, run, (size_t)(s - run));
			b->len += (size_t)(s - run);
			b->s[b->len] = '\0';
		}
		svg_buf_puts(b, rep);
		run = s + 1;
	}
	svg_buf_puts(b, run);
}

void
svg_buf_free(struct svg_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}

int
svg_scale_usable(const struct svg_scale *s, double v)
{
	return isfinite(v) && (!s->log || v > 0);
}

void
svg_scale_init(struct svg_scale *s, double lo, double hi, int log,
    double r0, double r1)
{
	s->log = log;
	s->integer = 0;
	s->r0 = r0;
	s->r1 = r1;
	if (!isfinite(lo) || !isfinite(hi) || (log && (lo <= 0 || hi <= 0))) {
		lo = log ? 1 : 0;
		hi = log ? 10 : 1;
	}
	if (lo > hi) {
		double t = lo;

		lo = hi;
		hi = t;
	}
	/* One value alone still needs an axis around it. */
	if (lo == hi && log) {
		lo /= sqrt(10);
		hi *= sqrt(10);
	} else if (lo == hi) {
		double pad = lo == 0 ? 1 : fabs(lo) * 0.1;

		lo -= pad;
		hi += pad;
	}
	s->d0 = lo;
	s->d1 = hi;
}

/* 1, 2 or 5 times a power of ten, near span / (max - 1). */
static double
nice_step(double span, size_t max)
{
	double raw = span / (double)(max > 1 ? max - 1 : 1);
	double p = pow(10, floor(log10(raw))), m = raw / p;

	if (m <= 1)
		return p;
	if (m <= 2)
		return 2 * p;
	if (m <= 5)
		return 5 * p;
	return 10 * p;
}

/* Round the domain out to tick multiples (linear) or decades (log). */
static void
scale_nice(struct svg_scale *s)
{
	double step;

	if (s->log) {
		s->d0 = pow(10, floor(log10(s->d0) + 1e-9));
		s->d1 = pow(10, ceil(log10(s->d1) - 1e-9));
		return;
	}
	step = nice_step(s->d1 - s->d0, 6);
	s->d0 = floor(s->d0 / step + 1e-9) * step;
	s->d1 = ceil(s->d1 / step - 1e-9) * step;
}

void
svg_scale_pad(struct svg_scale *s, double frac)
{
	double w;

	if (s->log) {
		w = log10(s->d1 / s->d0) * frac;
		s->d0 /= pow(10, w);
		s->d1 *= pow(10, w);
		return;
	}
	w = (s->d1 - s->d0) * frac;
	s->d0 -= w;
	s->d1 += w;
}

size_t
svg_scale_fit(struct svg_scale *s, const double *v, size_t n, int log,
    double r0, double r1)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i, used = 0;

	s->log = log;
	for (i = 0; i < n; i++) {
		if (!svg_scale_usable(s, v[i]))
			continue;
		lo = fmin(lo, v[i]);
		hi = fmax(hi, v[i]);
		used++;
	}
	svg_scale_init(s, lo, hi, log, r0, r1);
	scale_nice(s);
	return used;
}

double
svg_scale_map(const struct svg_scale *s, double v)
{
	double t;

	if (!svg_scale_usable(s, v))
		return NAN;
	if (s->log)
		t = (log10(v) - log10(s->d0)) / (log10(s->d1) - log10(s->d0));
	else
		t = (v - s->d0) / (s->d1 - s->d0);
	return s->r0 + t * (s->r1 - s->r0);
}

/*
 * The smallest step of 1, 2 or 5 times a power of ten that puts at most
 * max ticks in [d0, d1]; at least 1 on an integer scale.
 */
static size_t
linear_ticks(double d0, double d1, int integer, double *ticks, size_t max)
{
	static const double mult[] = {1, 2, 5};
	double step = 0, first = 0, p, count = 0;
	size_t i, n;

	p = pow(10, floor(log10((d1 - d0) / (double)max)));
	if (integer && p < 1)
		p = 1;
	for (i = 0; i < 9; i++) {
		step = mult[i % 3] * p * pow(10, (double)(i / 3));
		first = ceil(d0 / step - 1e-9);
		count = floor(d1 / step + 1e-9) - first + 1;
		if (count <= (double)max)
			break;
	}
	n = count < 0 ? 0 : count > (double)max ? max : (size_t)count;
	for (i = 0; i < n; i++) {
		double t = (first + (double)i) * step;

		/* 0.1 * 3 - 0.3 is not zero; a label "-5.55e-17" is wrong. */
		ticks[i] = fabs(t) < step * 1e-9 ? 0 : t;
	}
	return n;
}

/* 1, 2 and 5 times each power of ten inside [d0, d1]. */
static size_t
log_125_ticks(double d0, double d1, double *ticks, size_t max)
{
	static const double mult[] = {1, 2, 5};
	int e;
	size_t i, n = 0;

	for (e = (int)floor(log10(d0)); e <= (int)ceil(log10(d1)); e++)
		for (i = 0; i < 3; i++) {
			double t = mult[i] * pow(10, e);

			if (t >= d0 * (1 - 1e-9) && t <= d1 * (1 + 1e-9)) {
				if (n == max)
					return max + 1;
				ticks[n++] = t;
			}
		}
	return n;
}

size_t
svg_ticks(const struct svg_scale *s, double *ticks, size_t max)
{
	int e0, e1, e, stride;
	size_t n = 0;

	if (max == 0)
		return 0;
	if (!s->log)
		return linear_ticks(s->d0, s->d1, s->integer, ticks, max);
	e0 = (int)ceil(log10(s->d0) - 1e-9);
	e1 = (int)floor(log10(s->d1) + 1e-9);
	if (e1 - e0 < 2) {
		n = log_125_ticks(s->d0, s->d1, ticks, max);
		if (n >= 2 && n <= max)
			return n;
		if (n < 2)
			return linear_ticks(s->d0, s->d1, s->integer, ticks, max);
	}
	stride = (e1 - e0) / (int)max + 1;
	for (n = 0, e = e0; e <= e1 && n < max; e += stride)
		ticks[n++] = pow(10, e);
	return n;
}

void
svg_label(double v, char *buf, size_t len)
{
	char tmp[32], *e, *d;

	if (!isfinite(v)) {
		snprintf(buf, len, "-");
		return;
	}
	snprintf(tmp, sizeof tmp, "%.4g", v);
	/* "1e-05" reads better as "1e-5", "2e+06" as "2e6". */
	if ((e = strchr(tmp, 'e')) != NULL) {
		d = e + 1;
		if (*d == '+')
			memmove(d, d + 1, strlen(d));
		if (*d == '-')
			d++;
		while (d[0] == '0' && d[1] != '\0')
			memmove(d, d + 1, strlen(d));
	}
	snprintf(buf, len, "%s", tmp);
}

static int
point_ok(double x, double y)
{
	return isfinite(x) && isfinite(y);
}

size_t
svg_path_line(struct svg_buf *b, const double *x, const double *y,
    size_t n)
{
	size_t i, drawn = 0;
	int pen = 0;

	for (i = 0; i < n; i++) {
		if (!point_ok(x[i], y[i])) {
			pen = 0;
			continue;
		}
		if (pen)
			svg_buf_printf(b, "L%.1f %.1f", x[i], y[i]);
		else if (i + 1 < n && point_ok(x[i + 1], y[i + 1]))
			svg_buf_printf(b, "M%.1f %.1f", x[i], y[i]);
		else
			svg_buf_printf(b, "M%.1f %.1fh0", x[i], y[i]);
		pen = 1;
		drawn++;
	}
	return drawn;
}

size_t
svg_path_dots(struct svg_buf *b, const double *x, const double *y,
    size_t n)
{
	size_t i, drawn = 0;

	for (i = 0; i < n; i++) {
		if (!point_ok(x[i], y[i]))
			continue;
		svg_buf_printf(b, "M%.1f %.1fh0", x[i], y[i]);
		drawn++;
	}
	return drawn;
}

size_t
svg_path_steps(struct svg_buf *b, const double *x, const double *y,
    size_t n)
{
	size_t i, drawn = 0;

	for (i = 0; i < n; i++) {
		if (!point_ok(x[i], y[i]))
			continue;
		if (drawn == 0)
			svg_buf_printf(b, "M%.1f %.1f", x[i], y[i]);
		else
			svg_buf_printf(b, "H%.1fV%.1f", x[i], y[i]);
		drawn++;
	}
	return drawn;
}

/* How many ticks fit along a range of px pixels, one per spacing. */
static size_t
tick_budget(double px, double spacing, size_t lo, size_t hi)
{
	size_t n = (size_t)(fabs(px) / spacing);

	return n < lo ? lo : n > hi ? hi : n;
}

static void
axis_titles(struct svg_buf *b, const struct svg_scale *x,
    const struct svg_scale *y, const char *xtitle, const char *ytitle)
{
	double bottom = fmax(y->r0, y->r1), left = fmin(x->r0, x->r1);
	double xmid = (x->r0 + x->r1) / 2, ymid = (y->r0 + y->r1) / 2;

	svg_buf_printf(b, "<path class=\"frame\" d=\"M%.1f %.1fV%.1fH%.1f\"/>",
	    left, fmin(y->r0, y->r1), bottom, fmax(x->r0, x->r1));
	if (xtitle != NULL) {
		svg_buf_printf(b, "<text class=\"title\" x=\"%.1f\" y=\"%.1f\""
		    " text-anchor=\"middle\">", xmid, bottom + 32);
		svg_buf_escape(b, xtitle);
		svg_buf_puts(b, "</text>");
	}
	if (ytitle != NULL) {
		svg_buf_printf(b, "<text class=\"title\" transform=\"translate("
		    "%.1f %.1f) rotate(-90)\" text-anchor=\"middle\">",
		    left - 46, ymid);
		svg_buf_escape(b, ytitle);
		svg_buf_puts(b, "</text>");
	}
}

static void
axis_y(struct svg_buf *b, const struct svg_scale *x, const struct svg_scale *y)
{
	double t[SVG_MAXTICKS], py, left = fmin(x->r0, x->r1);
	size_t i, n;
	char lbl[32];

	n = svg_ticks(y, t, tick_budget(y->r1 - y->r0, 30, 3, 8));
	for (i = 0; i < n; i++) {
		py = svg_scale_map(y, t[i]);
		svg_label(t[i], lbl, sizeof lbl);
		svg_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\""
		    " y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\""
		    " text-anchor=\"end\">%s</text>", left, fmax(x->r0, x->r1),
		    py, py, left - 6, py + 4, lbl);
	}
}

void
svg_axes(struct svg_buf *b, const struct svg_scale *x,
    const struct svg_scale *y, const char *xtitle, const char *ytitle)
{
	double t[SVG_MAXTICKS], px, bottom = fmax(y->r0, y->r1);
	size_t i, n;
	char lbl[32];

	svg_buf_puts(b, "<g class=\"axis\">");
	axis_y(b, x, y);
	n = svg_ticks(x, t, tick_budget(x->r1 - x->r0, 60, 3, 10));
	for (i = 0; i < n; i++) {
		px = svg_scale_map(x, t[i]);
		svg_label(t[i], lbl, sizeof lbl);
		svg_buf_printf(b, "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\""
		    " y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\""
		    " text-anchor=\"middle\">%s</text>", px, px, bottom,
		    bottom + 4, px, bottom + 16, lbl);
	}
	axis_titles(b, x, y, xtitle, ytitle);
	svg_buf_puts(b, "</g>");
}

void
svg_axis_cats(struct svg_buf *b, const struct svg_scale *x,
    const struct svg_scale *y, const char *const *labels, size_t n,
    const char *xtitle)
{
	double px, bottom = fmax(y->r0, y->r1);
	size_t i;

	svg_buf_puts(b, "<g class=\"axis\">");
	axis_y(b, x, y);
	for (i = 0; i < n; i++) {
		px = svg_scale_map(x, (double)i);
		svg_buf_printf(b, "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\""
		    " y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\""
		    " text-anchor=\"middle\">", px, px, bottom, bottom + 4, px,
		    bottom + 16);
		svg_buf_escape(b, labels[i]);
		svg_buf_puts(b, "</text>");
	}
	axis_titles(b, x, y, xtitle, NULL);
	svg_buf_puts(b, "</g>");
}

void
svg_color(double t, char out[8])
{
	/* viridis at 0, 0.1, ..., 1: perceptually even, readable in grey. */
	static const unsigned char stops[11][3] = {
		{0x44, 0x01, 0x54}, {0x48, 0x24, 0x75}, {0x41, 0x44, 0x87},
		{0x35, 0x5f, 0x8d}, {0x2a, 0x78, 0x8e}, {0x21, 0x91, 0x8c},
		{0x22, 0xa8, 0x84}, {0x44, 0xbf, 0x70}, {0x7a, 0xd1, 0x51},
		{0xbd, 0xdf, 0x26}, {0xfd, 0xe7, 0x25},
	};
	double f;
	int i, c[3], k;

	if (isnan(t)) {
		snprintf(out, 8, "#9e9e9e");
		return;
	}
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	i = t >= 1 ? 9 : (int)(t * 10);
	f = t * 10 - i;
	for (k = 0; k < 3; k++)
		c[k] = (int)lround(stops[i][k] + f * (stops[i + 1][k] -
		    stops[i][k]));
	snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}
