/*
 * Chart geometry for hps report: linear and log scales with nice ticks,
 * SVG path data that leaves out missing values, axes, a colour map, and
 * the growable text buffer the page is written into. Pure functions over
 * numbers and text, so the unit tests check them without a browser.
 */
#ifndef HPS_SVG_H
#define HPS_SVG_H

#include <stddef.h>

/* A growable string; oom is set (and output dropped) when malloc fails. */
struct svg_buf {
	char *s;
	size_t len, cap;
	int oom;
};

void svg_buf_printf(struct svg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void svg_buf_puts(struct svg_buf *b, const char *s);
/* Append s with &, <, >, " and ' escaped for HTML text and attributes. */
void svg_buf_escape(struct svg_buf *b, const char *s);
void svg_buf_free(struct svg_buf *b);

/*
 * A scale maps the domain [d0, d1] onto the range [r0, r1] (pixels; r0 may
 * be larger than r1, as for a y axis). A log scale maps log10 of the value
 * and requires 0 < d0.
 */
struct svg_scale {
	int log;
	int integer;	/* ticks at whole numbers only (trials, steps) */
	double d0, d1;
	double r0, r1;
};

/*
 * Set a scale's domain to [lo, hi] (integer off). Bad bounds are repaired rather than
 * refused: a non-finite or (on a log scale) non-positive bound falls back
 * to [0, 1] or [1, 10], and an empty domain (lo == hi, a single trial or a
 * constant objective) is widened around its value.
 */
void svg_scale_init(struct svg_scale *s, double lo, double hi, int log,
    double r0, double r1);
/*
 * Fit a scale to the usable values of v (finite and, on a log scale,
 * positive; NaN marks a missing value) and round the domain out to nice
 * numbers. Returns how many values were usable.
 */
size_t svg_scale_fit(struct svg_scale *s, const double *v, size_t n,
    int log, double r0, double r1);
/*
 * Widen the domain by frac of its extent at each end (of its decades on a
 * log scale), so marks at the extremes do not sit on the frame.
 */
void svg_scale_pad(struct svg_scale *s, double frac);
/* Whether the scale can place v at all. */
int svg_scale_usable(const struct svg_scale *s, double v);
/* The pixel position of v, or NaN when v is not usable. */
double svg_scale_map(const struct svg_scale *s, double v);
/*
 * Up to max tick values inside the domain, ascending: multiples of 1, 2
 * or 5 times a power of ten (linear) or powers of ten (log, with 2 and 5
 * between them when the domain spans less than two decades).
 */
size_t svg_ticks(const struct svg_scale *s, double *ticks, size_t max);
/* A short label for a tick or a value: "0.25", "1e-4", "1200", "3.5e+6". */
void svg_label(double v, char *buf, size_t len);

/*
 * Path data (the d attribute) from pixel coordinates. svg_path_line joins
 * consecutive points and breaks the line at a NaN coordinate, so a missing
 * epoch leaves a gap instead of a false segment; an isolated point becomes
 * a zero-length segment that a round line cap draws as a dot.
 * svg_path_dots draws every point that way. svg_path_steps draws a
 * step-after line (a best-so-far curve), skipping NaN points. Each returns
 * how many points it drew.
 */
size_t svg_path_line(struct svg_buf *b, const double *x, const double *y,
    size_t n);
size_t svg_path_dots(struct svg_buf *b, const double *x, const double *y,
    size_t n);
size_t svg_path_steps(struct svg_buf *b, const double *x, const double *y,
    size_t n);

/*
 * Axes in a plot area: horizontal grid lines and labels at the y ticks,
 * labels at the x ticks, and the axis titles (either may be NULL). The
 * plot area is the scales' ranges.
 */
void svg_axes(struct svg_buf *b, const struct svg_scale *x,
    const struct svg_scale *y, const char *xtitle, const char *ytitle);
/* An x axis of categories at 0, 1, ..., n - 1 on scale x. */
void svg_axis_cats(struct svg_buf *b, const struct svg_scale *x,
    const struct svg_scale *y, const char *const *labels, size_t n,
    const char *xtitle);

/* "#rrggbb" of the viridis map at t in [0, 1] (clamped); grey for NaN. */
void svg_color(double t, char out[8]);

#endif
