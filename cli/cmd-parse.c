/*
 * hps parse FILE [--space FILE]: what hpsd would record from a trainer's
 * output, read by the daemon's own splitter and reader. Each line that
 * gives values is listed with the form it was read as and its step, each
 * doubtful line with the reason it is skipped, then the values step by
 * step as the store would keep them (the last one for a step and name
 * wins). With --space, the study's metric_patterns are used and the
 * study's metric is looked for: exit 1 when it never appears, as the
 * trial would then fail. FILE "-" is standard input. Needs no daemon.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "hps/error.h"
#include "hps/linebuf.h"
#include "hps/metric.h"
#include "hps/space.h"

struct value {
	double step;
	size_t name;		/* index into names */
	double v;
	int finite;
};

struct parse {
	struct cli *cli;
	struct hps_metric_parser *p;
	char **names;
	size_t nnames;
	struct value *vals;
	size_t nvals, cap;
	long lines, doubtful;
	json_t *jlines;		/* --json: every line reported */
};

static size_t
name_index(struct parse *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->nnames; i++)
		if (strcmp(ps->names[i], name) == 0)
			return i;
	ps->names = realloc(ps->names, (ps->nnames + 1) * sizeof *ps->names);
	if (ps->names == NULL || (ps->names[ps->nnames] = strdup(name)) == NULL)
		abort();
	return ps->nnames++;
}

static void
keep(struct parse *ps, double step, const struct hps_metric *m)
{
	if (ps->nvals == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 256;
		if ((ps->vals = realloc(ps->vals, ps->cap *
		    sizeof *ps->vals)) == NULL)
			abort();
	}
	ps->vals[ps->nvals].step = step;
	ps->vals[ps->nvals].name = name_index(ps, m->name);
	ps->vals[ps->nvals].v = m->value;
	ps->vals[ps->nvals++].finite = m->finite;
}

/* One reported line: listed (text or JSON) and its values kept. */
static void
on_line(void *arg, const struct hps_metric_line *ml)
{
	struct parse *ps = arg;
	json_t *o, *mets;
	size_t i;

	ps->doubtful += ml->doubt != NULL;
	if (ps->jlines != NULL) {
		o = json_pack("{s:I, s:s}", "line", (json_int_t)ml->line,
		    "form", hps_metric_form_name(ml->form));
		if (ml->doubt != NULL)
			json_object_set_new(o, "doubt", json_string(ml->doubt));
		else {
			json_object_set_new(o, "step", json_real(ml->step));
			mets = json_object();
			for (i = 0; i < ml->n; i++)
				json_object_set_new(mets, ml->m[i].name,
				    ml->m[i].finite ? json_real(ml->m[i].value)
				    : json_null());
			json_object_set_new(o, "metrics", mets);
		}
		json_array_append_new(ps->jlines, o);
	} else if (ml->doubt != NULL)
		printf("%6ld  %-14s  doubtful: %s\n", ml->line,
		    hps_metric_form_name(ml->form), ml->doubt);
	else {
		printf("%6ld  %-14s  step %-6g", ml->line,
		    hps_metric_form_name(ml->form), ml->step);
		for (i = 0; i < ml->n; i++)
			printf(" %s=%.10g", ml->m[i].name, ml->m[i].value);
		putchar('\n');
	}
	for (i = 0; i < ml->n; i++)
		keep(ps, ml->step, &ml->m[i]);
}

static int
by_step(const void *a, const void *b)
{
	const struct value *x = a, *y = b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return 0;
}

/* Values step by step, the last for each step and name. */
static json_t *
steps_json(struct parse *ps)
{
	json_t *steps = json_array(), *row = NULL, *mets = NULL;
	size_t i;

	qsort(ps->vals, ps->nvals, sizeof *ps->vals, by_step);
	for (i = 0; i < ps->nvals; i++) {
		if (row == NULL || ps->vals[i].step != ps->vals[i - 1].step) {
			mets = json_object();
			row = json_pack("{s:f, s:o}", "step", ps->vals[i].step,
			    "metrics", mets);
			json_array_append_new(steps, row);
		}
		json_object_set_new(mets, ps->names[ps->vals[i].name],
		    ps->vals[i].finite ? json_real(ps->vals[i].v) :
		    json_null());
	}
	return steps;
}

static void
print_steps(struct parse *ps, json_t *steps)
{
	char (*buf)[32] = calloc(ps->nnames + 1, sizeof *buf);
	const char **cells = calloc(ps->nnames + 1, sizeof *cells);
	struct table *t;
	json_t *row, *v;
	size_t i, k;

	if (buf == NULL || cells == NULL)
		abort();
	cells[0] = "step";
	for (k = 0; k < ps->nnames; k++)
		cells[k + 1] = ps->names[k];
	t = table_new(ps->nnames + 1, cells);
	json_array_foreach(steps, i, row) {
		snprintf(buf[0], sizeof buf[0], "%g", json_number_value(
		    json_object_get(row, "step")));
		for (k = 0; k < ps->nnames; k++) {
			v = json_object_get(json_object_get(row, "metrics"),
			    ps->names[k]);
			snprintf(buf[k + 1], sizeof buf[k + 1], v == NULL ? "" :
			    json_is_null(v) ? "nan" : "%.10g",
			    json_number_value(v));
		}
		for (k = 0; k <= ps->nnames; k++)
			cells[k] = buf[k];
		table_add(t, cells);
	}
	printf("\nwhat hpsd would record, step by step:\n");
	table_print(t, stdout);
	table_free(t);
	free(cells);
	free(buf);
}

/* Run the file through the splitter and reader. */
static int
read_all(FILE *fp, struct hps_linebuf *lb, const char *path)
{
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		hps_linebuf_feed(lb, buf, n);
	if (ferror(fp))
		return cli_error("%s: %s", path, strerror(errno));
	hps_linebuf_finish(lb);
	return EXIT_OK;
}

/* The report's end: counts, and whether the study's metric was seen. */
static int
summary(struct parse *ps, const struct hps_linebuf *lb, json_t *steps,
    const char *metric)
{
	int found = 0;
	size_t i;

	for (i = 0; metric != NULL && i < ps->nnames; i++)
		found |= strcmp(ps->names[i], metric) == 0;
	if (ps->cli->json) {
		json_t *o = json_pack("{s:o, s:o, s:I, s:I, s:I}", "lines",
		    ps->jlines, "steps", steps, "read", (json_int_t)ps->lines,
		    "doubtful", (json_int_t)ps->doubtful,
		    "too_long", (json_int_t)lb->skipped);
		if (metric != NULL)
			json_object_set_new(o, "metric_found",
			    json_boolean(found));
		cli_print_json(o);
		json_decref(o);
	} else {
		if (json_array_size(steps) > 0)
			print_steps(ps, steps);
		json_decref(steps);
		printf("\n%ld doubtful line%s skipped, %ld line%s over %d"
		    " bytes skipped\n", ps->doubtful, ps->doubtful == 1 ? "" :
		    "s", lb->skipped, lb->skipped == 1 ? "" : "s",
		    HPS_LINE_MAX);
		if (metric != NULL)
			printf("the study's metric %s: %s\n", metric, found ?
			    "found" : "never reported, so the trial would"
			    " fail");
	}
	return metric == NULL || found ? EXIT_OK : EXIT_ERR;
}

/* The splitter's pieces, counted as lines, on to the reader. */
static void
count_line(void *arg, char *piece, size_t len, int flags)
{
	struct parse *ps = arg;

	ps->lines += (flags & HPS_LINE_CR) == 0;
	hps_metric_feed(ps->p, piece, len, flags);
}

static int
parse_output(struct cli *cli, const char *path, const struct hps_space *sp)
{
	struct parse ps = {.cli = cli};
	struct hps_linebuf lb;
	FILE *fp;
	size_t i;
	int rc;

	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL)
		return cli_error("%s: %s", path, strerror(errno));
	ps.jlines = cli->json ? json_array() : NULL;
	ps.p = hps_metric_parser_new(sp ? sp->patterns : NULL,
	    sp ? sp->metric : NULL, on_line, &ps);
	if (ps.p == NULL || hps_linebuf_init(&lb, HPS_LINE_MAX, count_line,
	    &ps) != 0)
		return cli_error("out of memory");
	if ((rc = read_all(fp, &lb, path)) == EXIT_OK) {
		hps_metric_finish(ps.p);
		rc = summary(&ps, &lb, steps_json(&ps), sp ? sp->metric :
		    NULL);
	}
	if (fp != stdin)
		fclose(fp);
	hps_linebuf_free(&lb);
	hps_metric_parser_free(ps.p);
	for (i = 0; i < ps.nnames; i++)
		free(ps.names[i]);
	free(ps.names);
	free(ps.vals);
	return rc;
}

static int
exec_parse(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"space", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct hps_space *sp = NULL;
	const char *space = NULL;
	char err[HPS_ERRMAX], *text;
	size_t len;
	int rc;

	while (cli_getopt(&cli_cmd_parse, argc, argv, "hs:", longopts) != -1)
		space = optarg;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_parse, "parse needs one FILE (- for"
		    " standard input)");
	if (space != NULL) {
		if ((text = cli_read_file(space, &len)) == NULL)
			return EXIT_ERR;
		rc = hps_space_parse(space, text, len, &sp, err, sizeof err);
		free(text);
		if (rc != 0)
			return cli_error("%s", err);
	}
	rc = parse_output(cli, argv[optind], sp);
	hps_space_free(sp);
	return rc;
}

const struct cli_command cli_cmd_parse = {"parse", "FILE [--space FILE]",
    "what hpsd would record from a trainer's output", exec_parse};
