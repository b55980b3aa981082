/*
 * The report page: one HTML file with its CSS and a few lines of script
 * inline, nothing fetched, so it opens from a mail attachment or an
 * air-gapped cluster. The charts come from html_chart.c; this file holds
 * the frame, the importance bars, the top table and the space file.
 * Everything read from the database is escaped on the way out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hps.h"
#include "report.h"

/*
 * Styles: one column at most 1100 px wide, system fonts, the series
 * colours of the charts. Readable on a 1366x768 laptop screen.
 */
static const char page_css[] =
    ":root{--fg:#1d2330;--muted:#5b6475;--line:#e2e5eb;--bg:#f4f5f7;"
    "--train:#4c78a8;--val:#f58518;--best:#d62728}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45"
    " system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',"
    "'DejaVu Sans',sans-serif}"
    "main{max-width:1100px;margin:0 auto;padding:20px 16px 32px}"
    "h1{font-size:24px;margin:0 0 4px}h1 small{font-weight:400;"
    "color:var(--muted);font-size:15px}"
    "h2{font-size:18px;margin:0 0 4px}"
    "h3{font-size:14px;margin:14px 0 6px}"
    ".meta{color:var(--muted);margin:0}"
    "nav{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:10px}"
    "nav a{color:#2a5db0;text-decoration:none}nav a:hover{"
    "text-decoration:underline}"
    "section{background:#fff;border:1px solid var(--line);"
    "border-radius:8px;padding:16px 20px;margin:16px 0}"
    ".note{color:var(--muted);margin:0 0 10px;max-width:90ch}"
    ".empty{color:var(--muted);font-style:italic}"
    "svg{display:block;width:100%;height:auto;overflow:visible}"
    "svg text{font-family:inherit}"
    ".axis text{font-size:11px;fill:#5b6475}"
    ".axis .title{font-size:12px;fill:var(--fg)}"
    ".grid{stroke:#eceef2}.tick,.frame{stroke:#a3a9b4;fill:none}"
    ".dots{fill:none;stroke:var(--train);stroke-width:7;"
    "stroke-linecap:round;stroke-opacity:.7}"
    ".best{fill:none;stroke:var(--best);stroke-width:2}"
    ".train,.val{fill:none;stroke-width:1.7;stroke-linecap:round;"
    "stroke-linejoin:round}.train{stroke:var(--train)}"
    ".val{stroke:var(--val)}"
    ".bstep{stroke:#8a8f99;stroke-dasharray:3 3}"
    ".bdot{fill:var(--val);stroke:#fff;stroke-width:1}"
    ".ptitle{font-size:11px;fill:var(--fg);font-weight:600}"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 18px;color:var(--muted);"
    "font-size:13px;margin:2px 0 8px}"
    ".sw{display:inline-block;width:18px;height:3px;border-radius:2px;"
    "vertical-align:middle;margin-right:6px}"
    ".dot{display:inline-block;width:8px;height:8px;border-radius:50%;"
    "vertical-align:middle;margin-right:6px;opacity:.7}"
    ".multiples{display:grid;grid-template-columns:repeat(5,1fr);gap:4px}"
    ".slices{display:grid;grid-template-columns:repeat(3,1fr);"
    "gap:8px 14px}"
    ".t{fill:none;stroke-width:1.3;stroke-opacity:.7;"
    "stroke-linejoin:round}"
    ".many .t{stroke-width:.8;stroke-opacity:.4}"
    ".t:hover,.t.hl,.many .t:hover,.many .t.hl{stroke:#d62728;"
    "stroke-width:3;stroke-opacity:1}"
    ".panel.hl{outline:2px solid #d62728;border-radius:4px}"
    ".paxis{pointer-events:none}.paxis text{font-size:11px;fill:#5b6475;"
    "paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
    ".paxis .name{font-size:12px;fill:var(--fg);font-weight:600}"
    ".paxis line{stroke:#7d8490}"
    ".paxis circle.inactive{fill:#7d8490}.paxis text.inactive{"
    "font-style:italic}"
    ".bar{fill:#4c78a8}.blabel{font-size:12px;fill:var(--fg)}"
    ".bval{font-size:12px;fill:#5b6475}"
    ".scroll{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%;font-size:13px;"
    "font-variant-numeric:tabular-nums}"
    "th,td{padding:5px 8px;border-bottom:1px solid var(--line);"
    "text-align:right;white-space:nowrap}"
    "th{background:#f0f2f5;font-weight:600}"
    "th.p,td.p{text-align:left}td.obj{font-weight:700}"
    "th.test,td.test{background:#fff6ea}"
    "tbody tr:hover,tbody tr.hl{background:#fff3c4}"
    "pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;"
    "padding:12px;margin:0;overflow:auto;max-height:480px;"
    "font:12.5px/1.45 ui-monospace,'DejaVu Sans Mono',monospace}"
    "footer{color:var(--muted);font-size:12px;text-align:center}"
    ".front{fill:none;stroke:var(--best);stroke-width:2}"
    ".fdots{fill:none;stroke:var(--best);stroke-width:9;"
    "stroke-linecap:round}"
    ".infeasible{fill:none;stroke:#8a8f99;stroke-width:1.6}"
    ".pairs{display:grid;grid-template-columns:repeat(3,1fr);gap:8px 14px}"
    "@media (max-width:900px){.multiples{grid-template-columns:"
    "repeat(3,1fr)}.slices{grid-template-columns:repeat(2,1fr)}}";

/*
 * Before anything else runs: count script errors, failed loads (there
 * should be none: nothing is fetched) and console errors on the root
 * element, where a headless browser's DOM dump shows them to the tests.
 */
static const char page_guard_js[] =
    "(function(){var d=document.documentElement,n=0;"
    "function bump(){d.setAttribute('data-errors',String(++n))}"
    "window.addEventListener('error',bump,true);"
    "window.addEventListener('unhandledrejection',bump);"
    "var ce=console.error;console.error=function(){bump();"
    "return ce.apply(console,arguments)}})();";

/* Hovering a trial anywhere (table row, line, panel) marks it everywhere. */
static const char page_hover_js[] =
    "(function(){var cur=null;document.addEventListener('mouseover',"
    "function(e){var t=e.target.closest?e.target.closest('[data-n]'):null;"
    "var n=t?t.getAttribute('data-n'):null;if(n===cur)return;cur=n;"
    "document.querySelectorAll('.hl').forEach(function(x){"
    "x.classList.remove('hl')});if(n!==null)document.querySelectorAll("
    "'[data-n=\"'+n+'\"]').forEach(function(x){x.classList.add('hl')})})"
    "})();";

static const char *const state_order[] = {
	"completed", "running", "queued", "pruned", "failed", "timeout",
	"lost",
};

/* Why the study ended as it did (a deadline, patience, a target), when
 * the daemon recorded a reason. */
static void
html_reason(struct svg_buf *b, const struct report *r)
{
	const char *why = json_string_value(json_object_get(r->res, "error"));

	if (why == NULL)
		return;
	svg_buf_puts(b, " (");
	svg_buf_escape(b, why);
	svg_buf_puts(b, ")");
}

static void
html_counts(struct svg_buf *b, const struct report *r)
{
	size_t i, k, n;

	svg_buf_printf(b, "%zu trial%s", r->ntrials, r->ntrials == 1 ? "" :
	    "s");
	for (k = 0; k < sizeof state_order / sizeof state_order[0]; k++) {
		for (n = 0, i = 0; i < r->ntrials; i++)
			n += strcmp(r->trials[i].state, state_order[k]) == 0;
		if (n > 0)
			svg_buf_printf(b, "%s %zu %s", k == 0 ? ":" : ",", n,
			    state_order[k]);
	}
}

static void
html_header(struct svg_buf *b, const struct report *r)
{
	const struct rp_trial *best;
	char v[64];

	svg_buf_puts(b, "<header><h1>");
	svg_buf_escape(b, r->study);
	svg_buf_puts(b, " <small>hps report</small></h1><p class=\"meta\">");
	svg_buf_escape(b, r->method);
	svg_buf_puts(b, " search &middot; ");
	svg_buf_puts(b, r->maximize ? "maximize " : "minimize ");
	svg_buf_escape(b, r->metric);
	svg_buf_puts(b, " &middot; study ");
	svg_buf_escape(b, r->state);
	html_reason(b, r);
	svg_buf_puts(b, " &middot; ");
	html_counts(b, r);
	if (r->nranked > 0) {
		best = &r->trials[r->ranked[0]];
		fmt_json(json_object_get(best->json, "objective"), v, sizeof v);
		svg_buf_printf(b, " &middot; best %s (trial #%ld, step %g)",
		    v, best->number, best->best_step);
	}
	svg_buf_printf(b, "</p><nav>%s<a href=\"#history\">History</a>",
	    r->front.nobj > 0 ? "<a href=\"#front\">Pareto front</a>" : "");
	svg_buf_puts(b, "<a href=\"#curves\">Learning curves</a>"
	    "<a href=\"#parallel\">Parallel coordinates</a>"
	    "<a href=\"#slices\">Slices</a>"
	    "<a href=\"#importance\">Importance</a>"
	    "<a href=\"#top\">Top trials</a>"
	    "<a href=\"#space\">Space file</a></nav></header>");
}

static void
importance_note(struct svg_buf *b, const struct report *r)
{
	svg_buf_puts(b, "<p class=\"note\">How it is computed: a variance"
	    " decomposition of the main effects over the ");
	svg_buf_printf(b, "%zu", r->nranked);
	svg_buf_puts(b, " completed trials. The trials are grouped by the"
	    " parameter's value (by category; a numeric parameter by value"
	    " when it takes at most 10 values, otherwise into 10 quantile"
	    " bins), and the variance of the group means of ");
	svg_buf_escape(b, r->metric);
	svg_buf_puts(b, ", weighted by group size, is divided by its total"
	    " variance. Bars show these fractions normalised to 100%, and"
	    " beside them the fraction of the variance the parameter explains"
	    " alone. Interactions are not counted, and with few trials per"
	    " group the fractions overstate. The same method is used for"
	    " every search strategy.</p>");
}

/* Parameters by share, largest first. */
static size_t *
importance_order(const struct report *r)
{
	size_t *o = calloc(r->nparams + 1, sizeof *o), i, j, t;

	if (o == NULL)
		return NULL;
	for (i = 0; i < r->nparams; i++)
		o[i] = i;
	for (i = 1; i < r->nparams; i++)
		for (j = i; j > 0 && r->params[o[j]].share >
		    r->params[o[j - 1]].share; j--) {
			t = o[j];
			o[j] = o[j - 1];
			o[j - 1] = t;
		}
	return o;
}

/* A fraction as a percentage; a small one is not shown as zero. */
static void
percent(struct svg_buf *b, double f)
{
	if (f > 0 && f < 0.005)
		svg_buf_puts(b, "&lt;1%");
	else
		svg_buf_printf(b, "%.0f%%", f * 100);
}

static void
html_importance(struct svg_buf *b, const struct report *r)
{
	size_t *o, i;
	double y;

	svg_buf_printf(b, "<section id=\"importance\" data-params=\"%zu\">"
	    "<h2>Parameter importance</h2>", r->nparams);
	importance_note(b, r);
	if (r->nranked < 2 || r->nparams == 0 || !(r->hi > r->lo) ||
	    (o = importance_order(r)) == NULL) {
		svg_buf_puts(b, "<p class=\"empty\">Not enough variation to"
		    " tell: this needs two completed trials with different"
		    " objectives and at least one varying parameter.</p>"
		    "</section>");
		return;
	}
	svg_buf_printf(b, "<svg viewBox=\"0 0 1040 %zu\" role=\"img\">",
	    r->nparams * 30 + 8);
	for (i = 0; i < r->nparams; i++) {
		const struct rp_param *p = &r->params[o[i]];

		y = 4 + (double)i * 30;
		svg_buf_printf(b, "<text class=\"blabel\" x=\"170\" y=\"%.1f\""
		    " text-anchor=\"end\">", y + 16);
		svg_buf_escape(b, p->name);
		svg_buf_printf(b, "</text><rect class=\"bar\" x=\"180\""
		    " y=\"%.1f\" width=\"%.1f\" height=\"22\" rx=\"3\"/>"
		    "<text class=\"bval\" x=\"%.1f\" y=\"%.1f\">",
		    y, fmax(1, p->share * 700), 188 + p->share * 700, y + 16);
		percent(b, p->share);
		svg_buf_puts(b, " &middot; alone ");
		percent(b, p->explained);
		svg_buf_puts(b, "</text>");
	}
	svg_buf_puts(b, "</svg></section>");
	free(o);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The metric names in field ("metrics" or "test") of the top rows,
 * sorted; with skip, only val_* names other than skip (the objective).
 * The names belong to the answer; free the array. NULL: no memory.
 */
static const char **
top_names(const struct report *r, size_t rows, const char *field,
    const char *skip, size_t *n)
{
	const char **names = NULL, **grown, *key;
	size_t i, j;
	json_t *v;

	*n = 0;
	for (i = 0; i < rows; i++) {
		json_object_foreach(json_object_get(r->trials[r->ranked[i]].json,
		    field), key, v) {
			if (skip != NULL && (strcmp(key, skip) == 0 ||
			    strncmp(key, "val_", 4) != 0))
				continue;
			for (j = 0; j < *n && strcmp(names[j], key) != 0; j++)
				;
			if (j < *n)
				continue;
			if ((grown = realloc(names, (*n + 1) *
			    sizeof *names)) == NULL) {
				free(names);
				return NULL;
			}
			names = grown;
			names[(*n)++] = key;
		}
	}
	if (names != NULL)
		qsort(names, *n, sizeof *names, name_cmp);
	return names;
}

static void
cell(struct svg_buf *b, const char *cls, json_t *v)
{
	char text[128];

	fmt_json(v, text, sizeof text);
	svg_buf_printf(b, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
	    cls ? "\"" : "");
	svg_buf_escape(b, text);
	svg_buf_puts(b, "</td>");
}

static void
head(struct svg_buf *b, const char *cls, const char *name)
{
	svg_buf_printf(b, "<th%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
	    cls ? "\"" : "");
	svg_buf_escape(b, name);
	svg_buf_puts(b, "</th>");
}

static void
top_row(struct svg_buf *b, const struct report *r, size_t rank,
    const char **vals, size_t nvals, const char **tests, size_t ntests)
{
	const struct rp_trial *t = &r->trials[r->ranked[rank]];
	json_t *m = json_object_get(t->json, "metrics");
	size_t j;

	svg_buf_printf(b, "<tr data-n=\"%ld\"><td>%zu</td><td>#%ld</td>",
	    t->number, rank + 1, t->number);
	cell(b, "obj", json_object_get(t->json, "objective"));
	cell(b, NULL, json_object_get(t->json, "best_step"));
	for (j = 0; j < nvals; j++)
		cell(b, NULL, json_object_get(m, vals[j]));
	for (j = 0; j < ntests; j++)
		cell(b, "test", json_object_get(json_object_get(t->json,
		    "test"), tests[j]));
	for (j = 0; j < r->nparams; j++)
		cell(b, "p", json_object_get(json_object_get(t->json,
		    "params"), r->params[j].name));
	svg_buf_puts(b, "</tr>");
}

static void
html_top(struct svg_buf *b, const struct report *r)
{
	size_t rows = (size_t)r->top < r->nranked ? (size_t)r->top :
	    r->nranked, nvals, ntests, i;
	const char **vals, **tests;

	svg_buf_printf(b, "<section id=\"top\" data-rows=\"%zu\"><h2>Top %zu"
	    " trials</h2><p class=\"note\">Ranked by the validation metric ",
	    rows, rows);
	svg_buf_escape(b, r->metric);
	svg_buf_puts(b, " at each trial's step shown; the other validation"
	    " metrics are taken at that step. Test metrics (shaded) are the"
	    " last values reported and are shown beside the ranking, never"
	    " used for it.</p>");
	if (rows == 0) {
		svg_buf_puts(b, "<p class=\"empty\">No completed trial"
		    " yet.</p></section>");
		return;
	}
	vals = top_names(r, rows, "metrics", r->metric, &nvals);
	tests = top_names(r, rows, "test", NULL, &ntests);
	svg_buf_puts(b, "<div class=\"scroll\"><table><thead><tr><th>Rank</th>"
	    "<th>Trial</th>");
	head(b, NULL, r->metric);
	svg_buf_puts(b, "<th>Step</th>");
	for (i = 0; i < nvals; i++)
		head(b, NULL, vals[i]);
	for (i = 0; i < ntests; i++)
		head(b, "test", tests[i]);
	for (i = 0; i < r->nparams; i++)
		head(b, "p", r->params[i].name);
	svg_buf_puts(b, "</tr></thead><tbody>");
	for (i = 0; i < rows; i++)
		top_row(b, r, i, vals, nvals, tests, ntests);
	svg_buf_puts(b, "</tbody></table></div></section>");
	free(vals);
	free(tests);
}

static void
html_space(struct svg_buf *b, const struct report *r)
{
	const char *path = json_string_value(json_object_get(r->res,
	    "space_path"));
	const char *text = json_string_value(json_object_get(r->res,
	    "space_text"));

	svg_buf_puts(b, "<section id=\"space\"><h2>Space file</h2>"
	    "<p class=\"note\">");
	svg_buf_escape(b, path ? path : "(submitted without a path)");
	svg_buf_puts(b, ", as submitted.</p><pre>");
	svg_buf_escape(b, text ? text : "");
	svg_buf_puts(b, "</pre></section>");
}

void
html_page(struct svg_buf *b, const struct report *r)
{
	char when[64];
	time_t now = time(NULL);

	strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&now));
	svg_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\" data-errors=\"0\">"
	    "<head><meta charset=\"utf-8\"><meta name=\"viewport\""
	    " content=\"width=device-width,initial-scale=1\"><title>");
	svg_buf_escape(b, r->study);
	svg_buf_printf(b, " - hps report</title><script>%s</script><style>%s"
	    "</style></head>\n<body><main>", page_guard_js, page_css);
	html_header(b, r);
	html_front(b, r);
	html_history(b, r);
	html_curves(b, r);
	html_parallel(b, r);
	html_slices(b, r);
	html_importance(b, r);
	html_top(b, r);
	html_space(b, r);
	svg_buf_printf(b, "<footer>Written by hps report on %s. The page is"
	    " self-contained: nothing is fetched.</footer></main><script>%s"
	    "</script></body></html>\n", when, page_hover_js);
}
