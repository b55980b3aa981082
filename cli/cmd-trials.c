/* hps trials STUDY: one row per trial, with its state and objective (each
 * objective's value with several). */
#include <getopt.h>
#include <string.h>

#include "hps.h"

/* The objective columns' heads: each objective, or the metric, or
 * "(no metric)" for a study without one. */
static size_t
trial_heads(json_t *res, const char **head)
{
	json_t *objs = json_object_get(res, "objectives"), *o;
	size_t k;

	head[0] = json_string_value(json_object_get(res, "metric"));
	if (head[0] == NULL)
		head[0] = "(no metric)";
	json_array_foreach(objs, k, o)
		head[k] = json_string_value(json_object_get(o, "name"));
	return objs ? json_array_size(objs) : 1;
}

/* NOTE: a repeat's trial and seed (confirm:), then the error or the
 * overfitting flag. */
static void
fmt_note(json_t *r, char *buf, size_t len)
{
	json_t *of = json_object_get(r, "repeat_of");
	const char *why = json_is_string(json_object_get(r, "error")) ?
	    json_string_value(json_object_get(r, "error")) : json_is_true(
	    json_object_get(json_object_get(r, "diagnosis"), "overfit")) ?
	    "overfits (hps curve shows it)" : "";
	int n = 0;

	if (json_is_integer(of))
		n = snprintf(buf, len, "repeat of #%lld, seed %lld%s",
		    (long long)json_integer_value(of), (long long)
		    json_integer_value(json_object_get(r, "seed")), *why ?
		    "; " : "");
	snprintf(buf + n, len - (size_t)n, "%s", why);
}

static void
print_trials(json_t *res)
{
	const char *head[HPS_OBJECTIVES_MAX + 6] = {"TRIAL", "STATE"};
	char num[24], obj[HPS_OBJECTIVES_MAX][32], step[24], time[24],
	    params[1024], note[256];
	const char *row[HPS_OBJECTIVES_MAX + 6];
	struct table *t;
	size_t i, k, nobj;
	json_t *r;

	nobj = trial_heads(res, head + 2);
	head[2 + nobj] = "STEP";
	head[3 + nobj] = "TIME";
	head[4 + nobj] = "PARAMETERS";
	head[5 + nobj] = "NOTE";
	t = table_new(6 + nobj, head);
	json_array_foreach(json_object_get(res, "trials"), i, r) {
		fmt_json(json_object_get(r, "number"), num, sizeof num);
		row[0] = num;
		row[1] = json_string_value(json_object_get(r, "state"));
		fmt_json(json_object_get(r, "objective"), obj[0], sizeof obj[0]);
		for (k = 0; k < nobj && nobj > 1; k++)
			fmt_json(json_array_get(json_object_get(r,
			    "objectives"), k), obj[k], sizeof obj[k]);
		for (k = 0; k < nobj; k++)
			row[2 + k] = obj[k];
		fmt_json(json_object_get(r, "best_step"), step, sizeof step);
		fmt_duration(json_is_number(json_object_get(r, "seconds")) ?
		    json_number_value(json_object_get(r, "seconds")) : -1,
		    time, sizeof time);
		fmt_params(json_object_get(r, "params"), params, sizeof params);
		fmt_note(r, note, sizeof note);
		row[2 + nobj] = step;
		row[3 + nobj] = time;
		row[4 + nobj] = params;
		row[5 + nobj] = note;
		table_add(t, row);
	}
	table_print(t, stdout);
	table_free(t);
}

static int
exec_trials(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"state", required_argument, NULL, 's'},
		{"sort", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	json_t *args = json_object(), *res;
	int ch, rc;

	while ((ch = cli_getopt(&cli_cmd_trials, argc, argv, "h",
	    longopts)) != -1)
		json_object_set_new(args, ch == 's' ? "state" : "sort",
		    json_string(optarg));
	if (optind + 1 != argc) {
		json_decref(args);
		return cli_usage(&cli_cmd_trials, "trials needs one STUDY");
	}
	json_object_set_new(args, "study", json_string(argv[optind]));
	if ((rc = cli_query(cli, "trials", args, &res)) != 0)
		return rc;
	if (cli->json)
		cli_print_json(res);
	else
		print_trials(res);
	json_decref(res);
	return EXIT_OK;
}

const struct cli_command cli_cmd_trials = {"trials",
    "STUDY [--state S] [--sort number|objective|duration]",
    "the study's trials as a table", exec_trials};
