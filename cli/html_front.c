/*
 * The Pareto front on the report page, for a study with several
 * objectives: with two, one scatter of every completed trial with the
 * front drawn as the staircase that bounds what it dominates; with three
 * or four, a scatter per pair of objectives and parallel coordinates of
 * all of them. Infeasible trials (outside limits:) are crosses, never on
 * the front. Each series is one <path>, as in html_chart.c. It also
 * gives the history (html_chart.c) the front's hypervolume after each
 * trial.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "hps/pareto.h"
#include "report.h"

/* Objective k's value of trial i (NaN when none). */
static double
ov(const struct report *r, size_t i, size_t k)
{
	return r->front.v[i * r->front.nobj + k];
}

/* Whether trial i is drawn: completed with every objective's value. */
static int
drawn(const struct report *r, size_t i)
{
	size_t k;

	if (strcmp(r->trials[i].state, "completed") != 0)
		return 0;
	for (k = 0; k < r->front.nobj; k++)
		if (!isfinite(ov(r, i, k)))
			return 0;
	return 1;
}

/*
 * A scale for objective k over the drawn trials; logarithmic when every
 * value is positive and they span two decades (a parameter count).
 */
static void
obj_scale(const struct report *r, size_t k, double *col, double r0,
    double r1, double pad, struct svg_scale *s)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i;

	for (i = 0; i < r->ntrials; i++) {
		col[i] = drawn(r, i) ? ov(r, i, k) : NAN;
		if (isfinite(col[i])) {
			lo = fmin(lo, col[i]);
			hi = fmax(hi, col[i]);
		}
	}
	svg_scale_fit(s, col, r->ntrials, lo > 0 && hi >= 100 * lo, r0, r1);
	svg_scale_pad(s, pad);
}

/* The axis title: "params (minimize)". */
static void
obj_title(const struct report *r, size_t k, char *buf, size_t len)
{
	snprintf(buf, len, "%s (%s)", r->front.names[k], r->front.maximize[k] ?
	    "maximize" : "minimize");
}

/* The worse of a and b in objective k. */
static double
worse(const struct report *r, size_t k, double a, double b)
{
	return r->front.maximize[k] ? fmin(a, b) : fmax(a, b);
}

/* A front trial and its value in the staircase's x objective. */
struct stair {
	double x;
	size_t i;
};

static int
stair_cmp(const void *a, const void *b)
{
	const struct stair *p = a, *q = b;

	return (p->x > q->x) - (p->x < q->x);
}

/*
 * The front's staircase in objectives kx, ky: its trials by kx, and
 * between two neighbours the corner that is the worse of both in each
 * objective, so the line bounds the region the front dominates.
 */
static void
staircase(struct svg_buf *b, const struct report *r, size_t kx, size_t ky,
    const struct svg_scale *xs, const struct svg_scale *ys)
{
	struct stair *o;
	size_t i, n = 0;
	double x, y;

	if ((o = calloc(r->ntrials + 1, sizeof *o)) == NULL) {
		b->oom = 1;
		return;
	}
	for (i = 0; i < r->ntrials; i++)
		if (r->front.rank[i] == 1 && drawn(r, i))
			o[n++] = (struct stair){ov(r, i, kx), i};
	qsort(o, n, sizeof *o, stair_cmp);
	svg_buf_puts(b, "<path class=\"front\" d=\"");
	for (i = 0; i < n; i++) {
		if (i > 0) {
			x = worse(r, kx, o[i - 1].x, o[i].x);
			y = worse(r, ky, ov(r, o[i - 1].i, ky), ov(r, o[i].i,
			    ky));
			svg_buf_printf(b, "L%.1f %.1f", svg_scale_map(xs, x),
			    svg_scale_map(ys, y));
		}
		svg_buf_printf(b, "%c%.1f %.1f", i ? 'L' : 'M', svg_scale_map(xs,
		    o[i].x), svg_scale_map(ys, ov(r, o[i].i, ky)));
	}
	svg_buf_puts(b, "\"/>");
	free(o);
}

/* The drawn trials of one kind as a path of dots, or of crosses. */
enum kind { K_DOMINATED, K_FRONT, K_INFEASIBLE };

static int
of_kind(const struct report *r, size_t i, enum kind k)
{
	if (!drawn(r, i))
		return 0;
	if (k == K_INFEASIBLE)
		return r->front.infeasible[i];
	if (k == K_FRONT)
		return r->front.rank[i] == 1;
	return !r->front.infeasible[i] && r->front.rank[i] != 1;
}

static size_t
marks(struct svg_buf *b, const struct report *r, enum kind kind, size_t kx,
    size_t ky, const struct svg_scale *xs, const struct svg_scale *ys,
    double width)
{
	static const char *const cls[] = {"dots", "fdots", "infeasible"};
	double x, y;
	size_t i, n = 0;

	svg_buf_printf(b, "<path class=\"%s\"", cls[kind]);
	if (kind != K_INFEASIBLE)
		svg_buf_printf(b, " style=\"stroke-width:%.1f\"", width);
	svg_buf_puts(b, " d=\"");
	for (i = 0; i < r->ntrials; i++) {
		if (!of_kind(r, i, kind))
			continue;
		x = svg_scale_map(xs, ov(r, i, kx));
		y = svg_scale_map(ys, ov(r, i, ky));
		if (kind == K_INFEASIBLE)
			svg_buf_printf(b, "M%.1f %.1fl7 7m0 -7l-7 7", x - 3.5,
			    y - 3.5);
		else
			svg_buf_printf(b, "M%.1f %.1fh0", x, y);
		n++;
	}
	svg_buf_puts(b, "\"/>");
	return n;
}

/*
 * One scatter of objectives kx against ky in a w x h box; with two
 * objectives the front's staircase too (with more, the front's trials
 * need not be a front in one pair).
 */
static void
scatter(struct svg_buf *b, const struct report *r, size_t kx, size_t ky,
    double w, double h, double *col)
{
	struct svg_scale xs, ys;
	char xt[96], yt[96];
	double dot = html_dot_width(r->ntrials, w > 500 ? 7 : 5);

	obj_scale(r, kx, col, 64, w - 16, 0.04, &xs);
	obj_scale(r, ky, col, h - 44, 12, 0.04, &ys);
	obj_title(r, kx, xt, sizeof xt);
	obj_title(r, ky, yt, sizeof yt);
	svg_buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\">", w,
	    h);
	svg_axes(b, &xs, &ys, xt, yt);
	marks(b, r, K_DOMINATED, kx, ky, &xs, &ys, dot);
	marks(b, r, K_INFEASIBLE, kx, ky, &xs, &ys, dot);
	if (r->front.nobj == 2)
		staircase(b, r, kx, ky, &xs, &ys);
	marks(b, r, K_FRONT, kx, ky, &xs, &ys, dot + 2);
	svg_buf_puts(b, "</svg>");
}

/* Every trial of one kind as a polyline across the objectives' axes
 * (infeasible ones dashed). */
static void
lines(struct svg_buf *b, const struct report *r, enum kind kind,
    const struct svg_scale *ys, const double *ax)
{
	static const char *const cls[] = {"t", "front", "infeasible"};
	size_t i, k, m = r->front.nobj;
	double px[RP_OBJ_MAX], py[RP_OBJ_MAX];

	static const char *const style[] = {" style=\"stroke:#9aa3b2\"", "",
	    " style=\"stroke-dasharray:4 3\""};

	svg_buf_printf(b, "<path class=\"%s\"%s d=\"", cls[kind],
	    style[kind]);
	for (i = 0; i < r->ntrials; i++) {
		if (!of_kind(r, i, kind))
			continue;
		for (k = 0; k < m; k++) {
			px[k] = ax[k];
			py[k] = svg_scale_map(&ys[k], ov(r, i, k));
		}
		svg_path_line(b, px, py, m);
	}
	svg_buf_puts(b, "\"/>");
}

/* Parallel coordinates of the objectives, each axis better at the top. */
static void
objective_axes(struct svg_buf *b, const struct report *r, double *col)
{
	struct svg_scale ys[RP_OBJ_MAX] = {{0}};
	double ax[RP_OBJ_MAX] = {0};
	char t[96], lo[32], hi[32];
	size_t k, m = r->front.nobj;

	svg_buf_puts(b, "<h3>All objectives</h3><svg viewBox=\"0 0 1040 300\""
	    " role=\"img\">");
	for (k = 0; k < m; k++) {
		ax[k] = 90 + (double)k * 860 / (double)(m - 1);
		obj_scale(r, k, col, r->front.maximize[k] ? 270 : 40,
		    r->front.maximize[k] ? 40 : 270, 0, &ys[k]);
	}
	lines(b, r, K_DOMINATED, ys, ax);
	lines(b, r, K_INFEASIBLE, ys, ax);
	lines(b, r, K_FRONT, ys, ax);
	for (k = 0; k < m; k++) {
		obj_title(r, k, t, sizeof t);
		svg_label(ys[k].d0, lo, sizeof lo);
		svg_label(ys[k].d1, hi, sizeof hi);
		svg_buf_printf(b, "<g class=\"paxis\"><line x1=\"%.1f\""
		    " x2=\"%.1f\" y1=\"40\" y2=\"270\"/><text class=\"name\""
		    " x=\"%.1f\" y=\"24\" text-anchor=\"middle\">", ax[k], ax[k],
		    ax[k]);
		svg_buf_escape(b, t);
		svg_buf_printf(b, "</text><text x=\"%.1f\" y=\"%d\""
		    " text-anchor=\"middle\">%s</text><text x=\"%.1f\""
		    " y=\"%d\" text-anchor=\"middle\">%s</text></g>", ax[k],
		    r->front.maximize[k] ? 286 : 36, lo, ax[k],
		    r->front.maximize[k] ? 36 : 286, hi);
	}
	svg_buf_puts(b, "</svg>");
}

static void
front_note(struct svg_buf *b, const struct report *r)
{
	json_t *f = json_object_get(r->res, "front");
	char hv[64];

	fmt_json(json_object_get(f, "hypervolume"), hv, sizeof hv);
	svg_buf_printf(b, "<p class=\"note\">The Pareto front: the %zu"
	    " feasible completed trials no other is at least as good as in"
	    " every objective and better in one. Its hypervolume is %s (the"
	    " volume it dominates up to the reference point hps status"
	    " shows). Infeasible trials, outside a limit, are crosses and"
	    " never on the front.</p><div class=\"legend\"><span><i"
	    " class=\"sw\" style=\"background:var(--best)\"></i>front</span>"
	    "<span><i class=\"dot\" style=\"background:var(--train)\"></i>"
	    "dominated</span><span>&times; infeasible</span></div>",
	    r->front.size, hv);
}

int
html_front_hv(const struct report *r, double *hv)
{
	size_t i, k, n = 0, m = r->front.nobj;
	double *front, y[RP_OBJ_MAX], cur = NAN;
	int covered;

	if ((front = calloc(r->ntrials + 1, m * sizeof *front)) == NULL)
		return -1;
	for (i = 0; i < r->ntrials; i++) {
		if (drawn(r, i) && !r->front.infeasible[i]) {
			for (k = 0; k < m; k++)
				y[k] = r->front.maximize[k] ? -ov(r, i, k) :
				    ov(r, i, k);
			n = hps_pareto_insert(front, NULL, n, m, y, 0,
			    &covered);
			if ((!covered || isnan(cur)) && (cur = hps_pareto_hv(
			    front, n, m, r->front.ref)) < 0)
				break;
		}
		hv[i] = cur;
	}
	free(front);
	return cur < 0 ? -1 : 0;
}

void
html_front(struct svg_buf *b, const struct report *r)
{
	size_t kx, ky, m = r->front.nobj;
	double *col;

	if (m < 2)
		return;
	if ((col = calloc(r->ntrials + 1, sizeof *col)) == NULL) {
		b->oom = 1;
		return;
	}
	svg_buf_printf(b, "<section id=\"front\" data-front=\"%zu\">"
	    "<h2>Pareto front</h2>", r->front.size);
	front_note(b, r);
	if (m == 2)
		scatter(b, r, 0, 1, 1040, 420, col);
	else {
		svg_buf_puts(b, "<div class=\"pairs\">");
		for (kx = 0; kx < m; kx++)
			for (ky = kx + 1; ky < m; ky++)
				scatter(b, r, kx, ky, 340, 300, col);
		svg_buf_puts(b, "</div>");
		objective_axes(b, r, col);
	}
	svg_buf_puts(b, "</section>");
	free(col);
}
