/*
 * The charts of the report page over the parameters: parallel coordinates
 * (one line per completed trial, coloured by its objective) and one slice
 * plot per parameter (the objective against the parameter's value). Axes
 * are logarithmic where the space file says log; a categorical parameter
 * gets one position per value. A parameter that may not apply (when:,
 * per:) has one more position below its axis, "inactive", where the lines
 * of the trials it did not apply to pass.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "report.h"

/* Where the parallel axes stand and how tall they are. */
#define PC_LEFT 80
#define PC_RIGHT 920
#define PC_TOP 44
#define PC_BOTTOM 300
#define PC_INACTIVE 318

/*
 * A parameter's scale: its declared range widened to every value seen
 * (a log scale falls back to linear when a value is not positive), or
 * one slot per category.
 */
static void
param_scale(const struct report *r, const struct rp_param *p,
    struct svg_scale *s, double r0, double r1)
{
	double lo = p->min, hi = p->max, v;
	int log = p->log;
	size_t i;

	if (p->kind == RP_CAT) {
		svg_scale_init(s, -0.5, p->ncats > 0 ? (double)p->ncats - 0.5 :
		    0.5, 0, r0, r1);
		return;
	}
	for (i = 0; i < r->nranked; i++) {
		v = p->x[r->ranked[i]];
		if (!isfinite(v))
			continue;
		log &= v > 0;
		lo = fmin(lo, v);
		hi = fmax(hi, v);
	}
	svg_scale_init(s, lo, hi, log && lo > 0, r0, r1);
}

/* The objective's scale, rounded out to nice numbers. */
static void
objective_scale(const struct report *r, struct svg_scale *s, double r0,
    double r1)
{
	double v[2] = {r->lo, r->hi};

	svg_scale_fit(s, v, r->nranked > 0 ? 2 : 0, 0, r0, r1);
}

static void
pc_axis_ticks(struct svg_buf *b, const struct rp_param *p,
    const struct svg_scale *s, double x)
{
	double t[8];
	size_t i, n, every;
	char lbl[32];

	if (p != NULL && p->kind == RP_CAT) {
		every = p->ncats / 12 + 1;
		for (i = 0; i < p->ncats; i += every) {
			svg_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\""
			    " text-anchor=\"end\">", x - 6, svg_scale_map(s,
			    (double)i) + 4);
			svg_buf_escape(b, p->cats[i]);
			svg_buf_puts(b, "</text>");
		}
		return;
	}
	n = svg_ticks(s, t, 6);
	for (i = 0; i < n; i++) {
		svg_label(t[i], lbl, sizeof lbl);
		svg_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\""
		    " text-anchor=\"end\">%s</text>", x - 6, svg_scale_map(s,
		    t[i]) + 4, lbl);
	}
}

/* The "inactive" place of a conditional parameter's axis. */
static void
pc_inactive(struct svg_buf *b, double x)
{
	svg_buf_printf(b, "<circle class=\"inactive\" cx=\"%.1f\" cy=\"%d\""
	    " r=\"2\"/><text class=\"inactive\" x=\"%.1f\" y=\"%d\""
	    " text-anchor=\"end\">inactive</text>", x, PC_INACTIVE, x - 6,
	    PC_INACTIVE + 4);
}

/* The axes go over the lines, so labels stay readable. */
static void
pc_axes(struct svg_buf *b, const struct report *r,
    const struct svg_scale *sc, const double *ax)
{
	size_t k;

	svg_buf_puts(b, "<g class=\"paxis\">");
	for (k = 0; k <= r->nparams; k++) {
		svg_buf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\""
		    " y2=\"%d\"/><text class=\"name\" x=\"%.1f\" y=\"%d\""
		    " text-anchor=\"middle\">", ax[k], ax[k], PC_TOP,
		    PC_BOTTOM, ax[k], PC_TOP - 14);
		svg_buf_escape(b, k < r->nparams ? r->params[k].name :
		    r->metric);
		if (k < r->nparams && r->params[k].log && sc[k].log)
			svg_buf_puts(b, " (log)");
		svg_buf_puts(b, "</text>");
		pc_axis_ticks(b, k < r->nparams ? &r->params[k] : NULL, &sc[k],
		    ax[k]);
		if (k < r->nparams && r->params[k].cond)
			pc_inactive(b, ax[k]);
	}
	svg_buf_puts(b, "</g>");
}

/* The colour bar: the map from worst (bottom) to best (top). */
static void
pc_colorbar(struct svg_buf *b, const struct report *r)
{
	char col[8], best[32], median[32], worst[32];
	int i;

	svg_buf_puts(b, "<defs><linearGradient id=\"hps-cbar\" x1=\"0\""
	    " y1=\"1\" x2=\"0\" y2=\"0\">");
	for (i = 0; i <= 10; i++) {
		svg_color(i / 10.0, col);
		svg_buf_printf(b, "<stop offset=\"%.1f\" stop-color=\"%s\"/>",
		    i / 10.0, col);
	}
	svg_label(r->trials[r->ranked[0]].obj, best, sizeof best);
	svg_label(r->trials[r->ranked[r->nranked / 2]].obj, median,
	    sizeof median);
	svg_label(r->trials[r->ranked[r->nranked - 1]].obj, worst,
	    sizeof worst);
	svg_buf_printf(b, "</linearGradient></defs><g class=\"paxis\"><rect"
	    " x=\"976\" y=\"%d\" width=\"12\" height=\"%d\""
	    " fill=\"url(#hps-cbar)\"/><text x=\"982\" y=\"%d\""
	    " text-anchor=\"middle\">best %s</text><text x=\"994\""
	    " y=\"%d\">median</text><text x=\"994\" y=\"%d\">%s</text>"
	    "<text x=\"982\" y=\"%d\" text-anchor=\"middle\">worst %s</text>"
	    "</g>", PC_TOP, PC_BOTTOM - PC_TOP, PC_TOP - 8, best,
	    (PC_TOP + PC_BOTTOM) / 2, (PC_TOP + PC_BOTTOM) / 2 + 13, median,
	    PC_BOTTOM + 16, worst);
}

/* One trial's line through every axis; a missing value breaks it. */
static void
pc_trial(struct svg_buf *b, const struct report *r, size_t rank,
    const struct svg_scale *sc, const double *ax, double *py)
{
	size_t idx = r->ranked[rank];
	const struct rp_trial *t = &r->trials[idx];
	char col[8], v[64];
	size_t k;

	for (k = 0; k < r->nparams; k++)
		py[k] = r->params[k].cond && !isfinite(r->params[k].x[idx]) ?
		    PC_INACTIVE : svg_scale_map(&sc[k], r->params[k].x[idx]);
	py[k] = svg_scale_map(&sc[k], t->obj);
	/*
	 * Colour by rank, not value: objectives bunch up near the best, and
	 * a map by value would paint most lines the same yellow.
	 */
	svg_color(r->nranked > 1 ? 1 - (double)rank / (double)(r->nranked -
	    1) : 1, col);
	fmt_json(json_object_get(t->json, "objective"), v, sizeof v);
	svg_buf_printf(b, "<path class=\"t\" data-n=\"%ld\" stroke=\"%s\""
	    " d=\"", t->number, col);
	svg_path_line(b, ax, py, r->nparams + 1);
	svg_buf_printf(b, "\"><title>#%ld: ", t->number);
	svg_buf_escape(b, r->metric);
	svg_buf_printf(b, " %s</title></path>", v);
}

static void
pc_note(struct svg_buf *b, const struct report *r)
{
	svg_buf_puts(b, "<p class=\"note\">One line per completed trial"
	    " through its parameter values (log axes where the space file"
	    " says log), coloured by ");
	svg_buf_escape(b, r->metric);
	svg_buf_puts(b, " by rank, from purple (worst) to yellow (best);"
	    " the best trials are drawn on top; a parameter that did not apply"
	    " to a trial (when:, per:) is at its axis's \"inactive\" place,"
	    " below it. Point at a line, or at a row of the"
	    " top table, to pick a trial out.</p>");
}

void
html_parallel(struct svg_buf *b, const struct report *r)
{
	struct svg_scale *sc;
	double *ax;
	size_t k, i, naxes = r->nparams + 1;

	svg_buf_printf(b, "<section id=\"parallel\" data-trials=\"%zu\">"
	    "<h2>Parallel coordinates</h2>", r->nranked);
	pc_note(b, r);
	if (r->nranked == 0) {
		svg_buf_puts(b, "<p class=\"empty\">No completed trial"
		    " yet.</p></section>");
		return;
	}
	sc = calloc(naxes, sizeof *sc);
	ax = calloc(2 * naxes, sizeof *ax);
	if (sc == NULL || ax == NULL) {
		free(sc);
		free(ax);
		b->oom = 1;
		return;
	}
	for (k = 0; k < naxes; k++) {
		ax[k] = naxes == 1 ? (PC_LEFT + PC_RIGHT) / 2.0 : PC_LEFT +
		    (double)k * (PC_RIGHT - PC_LEFT) / (double)(naxes - 1);
		if (k < r->nparams)
			param_scale(r, &r->params[k], &sc[k], PC_BOTTOM,
			    PC_TOP);
	}
	objective_scale(r, &sc[r->nparams], PC_BOTTOM, PC_TOP);
	svg_buf_printf(b, "<svg viewBox=\"0 0 1040 330\" role=\"img\"%s"
	    " data-trials=\"%zu\">", r->nranked > 300 ? " class=\"many\"" :
	    "", r->nranked);
	pc_colorbar(b, r);
	for (i = r->nranked; i-- > 0;)
		pc_trial(b, r, i, sc, ax, ax + naxes);
	pc_axes(b, r, sc, ax);
	svg_buf_puts(b, "</svg></section>");
	free(sc);
	free(ax);
}

/* A fixed sideways offset per trial, so equal categories do not stack. */
static double
jitter(long number)
{
	unsigned long h = (unsigned long)number * 2654435761UL;

	return ((double)(h % 1000) / 1000.0 - 0.5) * 0.4;
}

static void
slice(struct svg_buf *b, const struct report *r, const struct rp_param *p,
    const struct svg_scale *ys, double *px, double *py)
{
	struct svg_scale xs;
	char title[160];
	size_t i, n;

	param_scale(r, p, &xs, 58, 330);
	if (p->kind == RP_NUM)
		svg_scale_pad(&xs, 0.04);
	for (i = 0; i < r->nranked; i++) {
		const struct rp_trial *t = &r->trials[r->ranked[i]];
		double x = p->x[r->ranked[i]];

		if (p->kind == RP_CAT && isfinite(x))
			x += jitter(t->number);
		px[i] = svg_scale_map(&xs, x);
		py[i] = svg_scale_map(ys, t->obj);
	}
	for (n = 0, i = 0; i < r->nranked; i++)
		n += isfinite(px[i]) && isfinite(py[i]);
	svg_buf_printf(b, "<svg class=\"slice\" viewBox=\"0 0 340 250\""
	    " data-trials=\"%zu\">", n);
	snprintf(title, sizeof title, "%s%s", p->name, xs.log ? " (log)" : "");
	if (p->kind == RP_CAT)
		svg_axis_cats(b, &xs, ys, (const char *const *)p->cats,
		    p->ncats, title);
	else
		svg_axes(b, &xs, ys, title, NULL);
	svg_buf_printf(b, "<path class=\"dots\" style=\"stroke-width:%.1f\""
	    " d=\"", html_dot_width(n, 6));
	svg_path_dots(b, px, py, r->nranked);
	svg_buf_puts(b, "\"/></svg>");
}

void
html_slices(struct svg_buf *b, const struct report *r)
{
	struct svg_scale ys;
	double *px;
	size_t k;

	svg_buf_printf(b, "<section id=\"slices\" data-trials=\"%zu\""
	    " data-plots=\"%zu\"><h2>Slices</h2><p class=\"note\">", r->nranked,
	    r->nranked > 0 ? r->nparams : 0);
	svg_buf_escape(b, r->metric);
	svg_buf_puts(b, " (vertical, shared by all plots) against each"
	    " parameter's value, one dot per completed trial; log axes where"
	    " the space file says log. Categories are spread a little"
	    " sideways so that equal values stay visible.</p>");
	if (r->nranked == 0 || r->nparams == 0) {
		svg_buf_puts(b, "<p class=\"empty\">No completed trial or no"
		    " varying parameter yet.</p></section>");
		return;
	}
	if ((px = calloc(2 * r->nranked, sizeof *px)) == NULL) {
		b->oom = 1;
		return;
	}
	objective_scale(r, &ys, 204, 12);
	svg_buf_puts(b, "<div class=\"slices\">");
	for (k = 0; k < r->nparams; k++)
		slice(b, r, &r->params[k], &ys, px, px + r->nranked);
	svg_buf_puts(b, "</div></section>");
	free(px);
}
