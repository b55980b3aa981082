/*
 * The charts of the report page over time, each a <section> holding
 * inline SVG computed here: the optimisation history and the learning
 * curves of the top trials (html_params.c draws the parameters). A series
 * is one <path> wherever it can be (all the dots of a chart, a curve), so
 * a study of 2,000 trials stays a page the browser draws at once; each
 * chart carries data-trials, the number of trials it drew, for the tests.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "report.h"

/* Learning-curve rows (metric pairs) drawn at most. */
#define CURVE_ROWS 3

/* The page's own objects, sized to the trials; NULL: out of memory. */
static double *
xy_alloc(size_t n)
{
	return calloc(n + 1, 2 * sizeof(double));
}

double
html_dot_width(size_t n, double most)
{
	/* Thousands of dots as wide as a few would merge into a blot. */
	if (n <= 100)
		return most;
	if (n <= 500)
		return most * 0.75;
	return most * 0.55;
}

static void
section_open(struct svg_buf *b, const char *id, const char *title,
    size_t drawn)
{
	svg_buf_printf(b, "<section id=\"%s\" data-trials=\"%zu\"><h2>%s</h2>",
	    id, drawn, title);
}

static void
empty(struct svg_buf *b, const char *why)
{
	svg_buf_printf(b, "<p class=\"empty\">%s</p></section>", why);
}

static void
html_history_note(struct svg_buf *b, const struct report *r)
{
	if (r->front.nobj > 0) {
		svg_buf_puts(b, "<p class=\"note\">The hypervolume of the Pareto"
		    " front of the feasible completed trials up to each trial"
		    " number (against the reference point of hps status;"
		    " higher is better), a dot where a trial raised it.</p>");
		return;
	}
	svg_buf_puts(b, "<p class=\"note\">Each completed trial's objective (");
	svg_buf_escape(b, r->metric);
	svg_buf_printf(b, ", %s) against its number, and the best value so"
	    " far.</p><div class=\"legend\"><span><i class=\"dot\" style=\""
	    "background:var(--train)\"></i>trial</span><span><i class=\"sw\""
	    " style=\"background:var(--best)\"></i>best so far</span></div>",
	    r->maximize ? "higher is better" : "lower is better");
}

/* What the history draws of each trial: its objective, or with several
 * objectives the front's hypervolume after it. */
static int
history_values(const struct report *r, double *v)
{
	size_t i;

	if (r->front.nobj > 0)
		return html_front_hv(r, v);
	for (i = 0; i < r->ntrials; i++)
		v[i] = strcmp(r->trials[i].state, "completed") == 0 ?
		    r->trials[i].obj : NAN;
	return 0;
}

/* The history's chart: num holds the trial numbers, then (after
 * ntrials + 1) the values drawn; px room for twice as many points. */
static void
history_chart(struct svg_buf *b, const struct report *r, double *num,
    double *px)
{
	struct svg_scale xs, ys;
	double *obj = num + r->ntrials + 1, *py = px + r->ntrials + 1;
	double best = NAN;
	int several = r->front.nobj > 0, up = several || r->maximize;
	size_t i, nb = 0;

	/* Trial numbers fill the width: no nice rounding past the last. */
	svg_scale_init(&xs, num[0], num[r->ntrials - 1], 0, 64, 1024);
	svg_scale_pad(&xs, 0.015);
	xs.integer = 1;
	svg_scale_fit(&ys, obj, r->ntrials, 0, 256, 12);
	svg_buf_printf(b, "<svg viewBox=\"0 0 1040 300\" role=\"img\""
	    " data-trials=\"%zu\">", r->nranked);
	svg_axes(b, &xs, &ys, "trial number", several ? "hypervolume" :
	    r->metric);
	/* Best so far: a point wherever it improves, and at the last trial. */
	for (i = 0; i < r->ntrials; i++) {
		if (isfinite(obj[i]) && (isnan(best) || (up ? obj[i] > best :
		    obj[i] < best))) {
			best = obj[i];
			px[nb] = svg_scale_map(&xs, num[i]);
			py[nb++] = svg_scale_map(&ys, best);
		}
	}
	px[nb] = svg_scale_map(&xs, num[r->ntrials - 1]);
	py[nb] = py[nb - 1];
	svg_buf_puts(b, "<path class=\"best\" d=\"");
	svg_path_steps(b, px, py, nb + 1);
	/* The dots: every trial's objective, or where the volume rose. */
	if (!several) {
		for (i = 0; i < r->ntrials; i++) {
			px[i] = svg_scale_map(&xs, num[i]);
			py[i] = svg_scale_map(&ys, obj[i]);
		}
		nb = r->ntrials;
	}
	svg_buf_printf(b, "\"/><path class=\"dots\" style=\"stroke-width:%.1f\""
	    " d=\"", html_dot_width(several ? nb : r->nranked, 7));
	svg_path_dots(b, px, py, nb);
	svg_buf_puts(b, "\"/></svg></section>");
}

void
html_history(struct svg_buf *b, const struct report *r)
{
	double *num, *px, *obj;
	int several = r->front.nobj > 0;
	size_t i;

	section_open(b, "history", "Optimisation history", r->nranked);
	html_history_note(b, r);
	if (r->nranked == 0) {
		empty(b, "No completed trial yet.");
		return;
	}
	if ((num = xy_alloc(r->ntrials)) == NULL ||
	    (px = xy_alloc(r->ntrials)) == NULL) {
		free(num);
		b->oom = 1;
		return;
	}
	obj = num + r->ntrials + 1;
	for (i = 0; i < r->ntrials; i++)
		num[i] = (double)r->trials[i].number;
	if (history_values(r, obj) != 0)
		b->oom = 1;
	/* The volume, once there is one, carries on to the last trial. */
	else if (several && !isfinite(obj[r->ntrials - 1]))
		empty(b, "No feasible completed trial yet.");
	else
		history_chart(b, r, num, px);
	free(num);
	free(px);
}

/* A training metric and its validation twin; either may be NULL. */
struct pair {
	const char *train, *val;
};

static int
curves_have(json_t *curves, const char *name)
{
	json_t *c;
	size_t i;

	json_array_foreach(curves, i, c)
		if (json_object_get(json_object_get(c, "metrics"), name))
			return 1;
	return 0;
}

/* The name without its val_ prefix when the curves hold it; else NULL. */
static const char *
train_twin(json_t *curves, const char *val)
{
	if (strncmp(val, "val_", 4) != 0 || !curves_have(curves, val + 4))
		return NULL;
	return val + 4;
}

/*
 * The rows of learning curves: the objective with its training twin
 * first (val_acc beside acc), then every other val_X beside X.
 */
static size_t
curve_pairs(json_t *curves, const char *metric, struct pair *out)
{
	const char *name;
	size_t i, n = 0;
	json_t *c, *v;

	out[n].val = metric;
	out[n].train = train_twin(curves, metric);
	n += curves_have(curves, metric);
	json_array_foreach(curves, i, c) {
		json_object_foreach(json_object_get(c, "metrics"), name, v) {
			size_t j;

			if (n == CURVE_ROWS || strcmp(name, metric) == 0 ||
			    train_twin(curves, name) == NULL)
				continue;
			for (j = 0; j < n && strcmp(out[j].val, name) != 0; j++)
				;
			if (j == n) {
				out[n].val = name;
				out[n++].train = train_twin(curves, name);
			}
		}
	}
	return n;
}

/* Fill steps and values of one metric of a curve; returns the count. */
static size_t
series(json_t *curve, const char *name, double *step, double *val)
{
	json_t *m, *s, *v;
	size_t i;

	if (name == NULL ||
	    (m = json_object_get(json_object_get(curve, "metrics"), name)) ==
	    NULL)
		return 0;
	s = json_object_get(m, "step");
	v = json_object_get(m, "value");
	for (i = 0; i < json_array_size(s); i++) {
		step[i] = report_num(json_array_get(s, i));
		val[i] = report_num(json_array_get(v, i));
	}
	return i;
}

static size_t
series_len(json_t *curve, const char *name)
{
	return name == NULL ? 0 : json_array_size(json_object_get(
	    json_object_get(json_object_get(curve, "metrics"), name), "step"));
}

/* One metric's line in a panel, in pixels; NaN values leave gaps. */
static void
panel_line(struct svg_buf *b, const char *cls, double *st, double *v,
    size_t n, const struct svg_scale *xs, const struct svg_scale *ys)
{
	size_t i;

	for (i = 0; i < n; i++) {
		st[i] = svg_scale_map(xs, st[i]);
		v[i] = svg_scale_map(ys, v[i]);
	}
	svg_buf_printf(b, "<path class=\"%s\" d=\"", cls);
	svg_path_line(b, st, v, n);
	svg_buf_puts(b, "\"/>");
}

/* The best step: a dashed line, and a dot on the validation curve. */
static void
panel_best(struct svg_buf *b, json_t *curve, const struct pair *p,
    double *st, double *v, const struct svg_scale *xs,
    const struct svg_scale *ys)
{
	double bs = report_num(json_object_get(curve, "best_step"));
	double x = svg_scale_map(xs, bs);
	size_t i, n;

	if (!isfinite(x))
		return;
	svg_buf_printf(b, "<line class=\"bstep\" x1=\"%.1f\" x2=\"%.1f\""
	    " y1=\"%.1f\" y2=\"%.1f\"/>", x, x, ys->r1, ys->r0);
	n = series(curve, p->val, st, v);
	for (i = 0; i < n; i++)
		if (st[i] == bs && isfinite(svg_scale_map(ys, v[i])))
			svg_buf_printf(b, "<circle class=\"bdot\" cx=\"%.1f\""
			    " cy=\"%.1f\" r=\"3.5\"/>", x, svg_scale_map(ys,
			    v[i]));
}

static void
curve_panel(struct svg_buf *b, json_t *curve, size_t rank,
    const struct pair *p, struct svg_scale *xs, struct svg_scale *ys,
    double *st, double *v)
{
	size_t n;

	svg_buf_printf(b, "<svg class=\"panel\" viewBox=\"0 0 204 150\""
	    " data-n=\"%lld\"><text class=\"ptitle\" x=\"38\" y=\"12\">#%lld"
	    " &middot; rank %zu</text>", (long long)json_integer_value(
	    json_object_get(curve, "number")), (long long)json_integer_value(
	    json_object_get(curve, "number")), rank + 1);
	svg_axes(b, xs, ys, NULL, NULL);
	n = series(curve, p->train, st, v);
	panel_line(b, "train", st, v, n, xs, ys);
	n = series(curve, p->val, st, v);
	panel_line(b, "val", st, v, n, xs, ys);
	panel_best(b, curve, p, st, v, xs, ys);
	svg_buf_puts(b, "</svg>");
}

/* Scales shared by a row of panels, so the trials compare at a glance. */
static void
row_scales(json_t *curves, size_t n, const struct pair *p,
    struct svg_scale *xs, struct svg_scale *ys, double *st, double *v)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		m += series(json_array_get(curves, i), p->train, st + m, v + m);
		m += series(json_array_get(curves, i), p->val, st + m, v + m);
	}
	svg_scale_fit(xs, st, m, 0, 38, 198);
	xs->integer = 1;
	svg_scale_fit(ys, v, m, 0, 126, 20);
}

static void
curve_row(struct svg_buf *b, json_t *curves, size_t n, const struct pair *p)
{
	struct svg_scale xs, ys;
	double *st, *v;
	size_t i, cap = 0;

	for (i = 0; i < n; i++)
		cap += series_len(json_array_get(curves, i), p->train) +
		    series_len(json_array_get(curves, i), p->val);
	if ((st = xy_alloc(cap)) == NULL) {
		b->oom = 1;
		return;
	}
	v = st + cap;
	svg_buf_puts(b, "<h3>");
	if (p->train != NULL) {
		svg_buf_escape(b, p->train);
		svg_buf_puts(b, " (training) and ");
	}
	svg_buf_escape(b, p->val);
	svg_buf_puts(b, " (validation) by step</h3><div class=\"multiples\">");
	row_scales(curves, n, p, &xs, &ys, st, v);
	for (i = 0; i < n; i++)
		curve_panel(b, json_array_get(curves, i), i, p, &xs, &ys, st, v);
	svg_buf_puts(b, "</div>");
	free(st);
}

void
html_curves(struct svg_buf *b, const struct report *r)
{
	json_t *curves = json_object_get(r->res, "curves");
	struct pair pairs[CURVE_ROWS];
	size_t n = json_array_size(curves), np, i;

	if ((size_t)r->top < n)
		n = (size_t)r->top;
	section_open(b, "curves", "Learning curves", n);
	svg_buf_printf(b, "<p class=\"note\">Training and validation metrics"
	    " per step of the %zu best trials, best first, on shared axes; a"
	    " validation curve that turns while the training curve keeps"
	    " improving is overfitting. The dashed line marks the step the"
	    " trial's objective was taken from.</p><div class=\"legend\">"
	    "<span><i class=\"sw\" style=\"background:var(--train)\"></i>"
	    "training</span><span><i class=\"sw\" style=\"background:"
	    "var(--val)\"></i>validation</span><span><i class=\"sw\" style=\""
	    "background:#8a8f99\"></i>best step</span></div>", n);
	np = curve_pairs(curves, r->metric, pairs);
	if (n == 0 || np == 0) {
		empty(b, "No completed trial with per-step metrics yet.");
		return;
	}
	for (i = 0; i < np; i++)
		curve_row(b, curves, n, &pairs[i]);
	svg_buf_puts(b, "</section>");
}
