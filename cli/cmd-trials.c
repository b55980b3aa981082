/* hps trials STUDY: one row per trial, with its state and objective. */
#include <getopt.h>
#include <string.h>

#include "hps.h"

static void
print_trials(json_t *res)
{
	static const char *head[] = {"TRIAL", "STATE", NULL, "STEP", "TIME",
	    "PARAMETERS", "NOTE"};
	char num[24], obj[32], step[24], time[24], params[1024], note[256];
	struct table *t;
	size_t i;
	json_t *r;

	head[2] = json_string_value(json_object_get(res, "metric"));
	if (head[2] == NULL)
		head[2] = "(no metric)";
	t = table_new(7, head);
	json_array_foreach(json_object_get(res, "trials"), i, r) {
		const char *row[7] = {num, NULL, obj, step, time, params, note};

		fmt_json(json_object_get(r, "number"), num, sizeof num);
		row[1] = json_string_value(json_object_get(r, "state"));
		fmt_json(json_object_get(r, "objective"), obj, sizeof obj);
		fmt_json(json_object_get(r, "best_step"), step, sizeof step);
		fmt_duration(json_is_number(json_object_get(r, "seconds")) ?
		    json_number_value(json_object_get(r, "seconds")) : -1,
		    time, sizeof time);
		fmt_params(json_object_get(r, "params"), params, sizeof params);
		snprintf(note, sizeof note, "%s", json_is_string(
		    json_object_get(r, "error")) ? json_string_value(
		    json_object_get(r, "error")) : json_is_true(
		    json_object_get(json_object_get(r, "diagnosis"),
		    "overfit")) ? "overfits (hps curve shows it)" : "");
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
