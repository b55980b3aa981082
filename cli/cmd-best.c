/*
 * hps best STUDY: the top trials ranked by the validation objective, with
 * the step where it was seen, the test_* metrics beside it (never used to
 * rank) and each trial's directory. With several objectives, the Pareto
 * front of the feasible completed trials (every non-dominated rank with
 * --front all), ranked by the first objective, each objective's value
 * beside, and the front's hypervolume against its reference point.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"

/* Column names: every metric seen in the trials' objects called field
 * ("test": the test_* metrics; "metrics": the others). */
static json_t *
metric_names(json_t *trials, const char *field)
{
	json_t *names = json_array(), *r, *v;
	const char *key;
	size_t i, j;

	json_array_foreach(trials, i, r) {
		json_object_foreach(json_object_get(r, field), key, v) {
			json_t *n;
			int seen = 0;

			json_array_foreach(names, j, n)
				seen |= strcmp(json_string_value(n), key) == 0;
			if (!seen)
				json_array_append_new(names, json_string(key));
		}
	}
	return names;
}

/* FINAL, GAP and OVERFIT cells from a trial's diagnosis (64 bytes each). */
static void
fmt_diagnosis(json_t *d, char *final, char *gap, char *overfit)
{
	fmt_json(json_object_get(d, "final"), final, 64);
	fmt_json(json_object_get(d, "gap"), gap, 64);
	if (json_is_true(json_object_get(d, "overfit")))
		snprintf(overfit, 64, "from step %g", json_number_value(
		    json_object_get(d, "overfit_step")));
	else
		snprintf(overfit, 64, "-");
}

static void
warn_test(json_t *check)
{
	if (!json_is_true(json_object_get(check, "warning")))
		return;
	printf("\nwarning: ranked by %s instead, these %lld trials would come"
	    " out in a very different order (Spearman %.2f). hpsd ranks by"
	    " validation only; a test set used to choose is no longer a test"
	    " set.\n", json_string_value(json_object_get(check,
	    "test_metric")), (long long)json_integer_value(json_object_get(
	    check, "trials")), json_real_value(json_object_get(check,
	    "spearman")));
}

/* Each trial's parameters and directory, below the table. */
static void
print_params(json_t *trials)
{
	char params[1024];
	json_t *r;
	size_t i;

	json_array_foreach(trials, i, r) {
		fmt_params(json_object_get(r, "params"), params, sizeof params);
		printf("\n#%lld  %s\n    %s\n", (long long)json_integer_value(
		    json_object_get(r, "number")), params, json_string_value(
		    json_object_get(r, "dir")) ? json_string_value(
		    json_object_get(r, "dir")) : "");
	}
}

/*
 * A study without a metric ranks nothing, as a W&B sweep without one:
 * its completed trials in order, with the last value of each metric.
 */
static void
print_unranked(json_t *res)
{
	json_t *trials = json_object_get(res, "trials"), *names, *tests, *r,
	    *n;
	const char **head, **row;
	char (*cells)[64];
	size_t i, j, ncols;
	struct table *t;

	names = metric_names(trials, "metrics");
	tests = metric_names(trials, "test");
	json_array_extend(names, tests);
	json_decref(tests);
	ncols = 1 + json_array_size(names);
	head = calloc(ncols, sizeof *head);
	row = calloc(ncols, sizeof *row);
	cells = calloc(ncols, sizeof *cells);
	head[0] = "TRIAL";
	json_array_foreach(names, j, n)
		head[1 + j] = json_string_value(n);
	printf("%s: no metric, so no trial is best; the first %zu of %lld "
	    "completed trials, with the last value of each metric (hps "
	    "trials lists them all)\n\n", json_string_value(json_object_get(
	    res, "study")), json_array_size(trials), cli_count(res,
	    "completed"));
	t = table_new(ncols, head);
	json_array_foreach(trials, i, r) {
		fmt_json(json_object_get(r, "number"), cells[0], 64);
		json_array_foreach(names, j, n) {
			json_t *v = json_object_get(json_object_get(r,
			    "metrics"), json_string_value(n));

			fmt_json(v ? v : json_object_get(json_object_get(r,
			    "test"), json_string_value(n)), cells[1 + j], 64);
		}
		for (j = 0; j < ncols; j++)
			row[j] = cells[j];
		table_add(t, row);
	}
	table_print(t, stdout);
	table_free(t);
	print_params(trials);
	free(head);
	free(row);
	free(cells);
	json_decref(names);
}

/* The objective columns: every objective with several, else the metric. */
static size_t
objective_heads(json_t *res, const char **head)
{
	json_t *objs = json_object_get(res, "objectives"), *o;
	size_t k;

	if (objs == NULL) {
		head[0] = json_string_value(json_object_get(res, "metric"));
		return 1;
	}
	json_array_foreach(objs, k, o)
		head[k] = json_string_value(json_object_get(o, "name"));
	return json_array_size(objs);
}

/* A trial's value of each objective into cells, 64 bytes each. */
static void
objective_cells(json_t *r, size_t nobj, char (*cells)[64])
{
	json_t *vals = json_object_get(r, "objectives");
	size_t k;

	if (vals == NULL) {
		fmt_json(json_object_get(r, "objective"), cells[0], 64);
		return;
	}
	for (k = 0; k < nobj; k++)
		fmt_json(json_array_get(vals, k), cells[k], 64);
}

/* "val_acc 0.5 (given), params 1.1e+06 (derived)" */
static void
fmt_reference(json_t *res, char *buf, size_t len)
{
	json_t *front = json_object_get(res, "front"), *o;
	size_t k, n = 0;
	char v[64];

	buf[0] = '\0';
	json_array_foreach(json_object_get(res, "objectives"), k, o) {
		fmt_json(json_array_get(json_object_get(front, "reference"), k),
		    v, sizeof v);
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s %s"
		    " (%s)", k ? ", " : "", json_string_value(json_object_get(o,
		    "name")), v, json_is_true(json_array_get(json_object_get(
		    front, "reference_given"), k)) ? "given" : "derived");
	}
}

static void
print_front_head(json_t *res, size_t ntrials, int all)
{
	json_t *front = json_object_get(res, "front");
	char ref[512], hv[64], goals[320];

	fmt_goals(res, goals, sizeof goals);
	printf("%s: %s %zu of %lld completed trials (%s; ranked by the first;"
	    " test metrics are shown, never ranked)\n", json_string_value(
	    json_object_get(res, "study")), all ? "every non-dominated rank:" :
	    "the Pareto front,", ntrials, cli_count(res, "completed"), goals);
	fmt_json(json_object_get(front, "hypervolume"), hv, sizeof hv);
	fmt_reference(res, ref, sizeof ref);
	printf("front of %lld, hypervolume %s up to %s\n", (long long)
	    json_integer_value(json_object_get(front, "size")), hv, ref);
}

static long long
int_of(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* Each repeated trial's pairs in the ranking whose intervals overlap. */
static void
print_unresolved(json_t *cf)
{
	json_t *pair;
	size_t i;

	printf("the order is not resolved: ");
	json_array_foreach(json_object_get(cf, "unresolved"), i, pair)
		printf("%s#%lld and #%lld overlap", i ? ", " : "", (long long)
		    json_integer_value(json_array_get(pair, 0)), (long long)
		    json_integer_value(json_array_get(pair, 1)));
	if (json_array_size(json_object_get(cf, "unresolved")) > 0)
		printf("; more repeats (confirm.repeats) would tell them"
		    " apart");
	if (int_of(cf, "pending") > 0)
		printf("%s%lld repeats still to run", json_array_size(
		    json_object_get(cf, "unresolved")) ? "; " : "",
		    int_of(cf, "pending"));
	printf("\n");
}

/* confirm: the repeated trials lead the ranking by the mean of their
 * runs: each one's mean and interval, and whether the order holds. */
static void
print_confirm(json_t *res)
{
	json_t *cf = json_object_get(res, "confirm"), *r, *iv;
	char mean[64], lo[64], hi[64];
	size_t i;

	if (cf == NULL)
		return;
	printf("confirmed by repeats: ranked by the mean of each trial's runs,"
	    " with the %s\n", json_string_value(json_object_get(cf,
	    "interval")));
	json_array_foreach(json_object_get(res, "trials"), i, r) {
		if ((iv = json_object_get(r, "interval")) == NULL)
			continue;
		fmt_json(json_object_get(r, "mean"), mean, sizeof mean);
		fmt_json(json_array_get(iv, 0), lo, sizeof lo);
		fmt_json(json_array_get(iv, 1), hi, sizeof hi);
		printf("  #%lld  mean %s over %lld runs, %s .. %s\n",
		    int_of(r, "number"), mean, int_of(r, "runs"), lo, hi);
	}
	if (json_is_true(json_object_get(cf, "resolved")))
		printf("the order is resolved: no two neighbours' intervals"
		    " overlap\n");
	else
		print_unresolved(cf);
}

static void
print_best(json_t *res, int all)
{
	json_t *trials = json_object_get(res, "trials"), *tests, *r, *n;
	const char **head, **row;
	char (*cells)[64];
	size_t i, j, ncols, nobj, c, front = all ? 1 : 0;
	struct table *t;

	tests = metric_names(trials, "test");
	nobj = json_array_size(json_object_get(res, "objectives"));
	ncols = 6 + front + (nobj ? nobj : 1) + json_array_size(tests);
	head = calloc(ncols, sizeof *head);
	row = calloc(ncols, sizeof *row);
	cells = calloc(ncols, sizeof *cells);
	head[0] = "RANK";
	head[1] = "TRIAL";
	if (front)
		head[2] = "FRONT";
	c = 2 + front;
	nobj = objective_heads(res, head + c);
	c += nobj;
	head[c] = "STEP";
	head[c + 1] = "FINAL";
	head[c + 2] = "GAP";
	head[c + 3] = "OVERFIT";
	json_array_foreach(tests, j, n)
		head[c + 4 + j] = json_string_value(n);
	if (json_object_get(res, "objectives") != NULL)
		print_front_head(res, json_array_size(trials), all);
	else
		printf("%s: top %zu of %lld completed trials by %s (%s; test"
		    " metrics are shown, never ranked)\n", json_string_value(
		    json_object_get(res, "study")), json_array_size(trials),
		    cli_count(res, "completed"), head[2], json_string_value(
		    json_object_get(res, "goal")));
	if (cli_count(res, "infeasible") > 0)
		printf("%lld infeasible (outside limits:, never ranked; hps"
		    " trials shows why)\n", cli_count(res, "infeasible"));
	print_confirm(res);
	putchar('\n');
	t = table_new(ncols, head);
	json_array_foreach(trials, i, r) {
		fmt_json(json_object_get(r, "rank"), cells[0], 64);
		fmt_json(json_object_get(r, "number"), cells[1], 64);
		if (front)
			fmt_json(json_object_get(r, "front"), cells[2], 64);
		objective_cells(r, nobj, cells + 2 + front);
		fmt_json(json_object_get(r, "best_step"), cells[c], 64);
		fmt_diagnosis(json_object_get(r, "diagnosis"), cells[c + 1],
		    cells[c + 2], cells[c + 3]);
		json_array_foreach(tests, j, n)
			fmt_json(json_object_get(json_object_get(r, "test"),
			    json_string_value(n)), cells[c + 4 + j], 64);
		for (j = 0; j < ncols; j++)
			row[j] = cells[j];
		table_add(t, row);
	}
	table_print(t, stdout);
	table_free(t);
	warn_test(json_object_get(res, "test_check"));
	print_params(trials);
	free(head);
	free(row);
	free(cells);
	json_decref(tests);
}

int
cli_show_best(struct cli *cli, const char *study, long top, int all)
{
	json_t *args = json_pack("{s:s}", "study", study), *res;
	int rc;

	if (top > 0)
		json_object_set_new(args, "top", json_integer(top));
	if (all)
		json_object_set_new(args, "front", json_string("all"));
	if ((rc = cli_query(cli, "best", args, &res)) != 0)
		return rc;
	if (cli->json)
		cli_print_json(res);
	else if (json_array_size(json_object_get(res, "trials")) == 0)
		printf("%s: no completed trials yet\n", study);
	else if (!json_is_string(json_object_get(res, "metric")))
		print_unranked(res);
	else
		print_best(res, all);
	json_decref(res);
	return EXIT_OK;
}

static int
exec_best(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"top", required_argument, NULL, 'k'},
		{"front", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	long top = 0;
	char *end;
	int ch, all = 0;

	while ((ch = cli_getopt(&cli_cmd_best, argc, argv, "hk:",
	    longopts)) != -1) {
		if (ch == 'f') {
			if (strcmp(optarg, "all") != 0)
				return cli_usage(&cli_cmd_best, "--front takes"
				    " all (every non-dominated rank)");
			all = 1;
			continue;
		}
		top = strtol(optarg, &end, 10);
		if (*end != '\0' || top < 1)
			return cli_usage(&cli_cmd_best, "--top takes a positive"
			    " number");
	}
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_best, "best needs one STUDY");
	return cli_show_best(cli, argv[optind], top, all);
}

const struct cli_command cli_cmd_best = {"best",
    "STUDY [--top K] [--front all]",
    "the best trials by the validation metric (with several objectives"
    " the Pareto front), test metrics beside", exec_best};
