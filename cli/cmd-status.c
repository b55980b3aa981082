/*
 * hps status: every study, its progress against the budget and its best;
 * with several objectives the size and hypervolume of its Pareto front,
 * and with limits how many trials broke each.
 */
#include <getopt.h>
#include <string.h>

#include "hps.h"
#include "hps/version.h"

/* Why each study is as it is, where the daemon says: a waiting study
 * waits for a variable, a finished one ended early (deadline, patience,
 * target) or failed, a running one has a stalled trial. */
static void
print_reasons(json_t *res)
{
	const char *why;
	size_t i;
	json_t *s;

	json_array_foreach(json_object_get(res, "studies"), i, s) {
		why = json_string_value(json_object_get(s, "error"));
		if (why != NULL)
			printf("%s %s\n", json_string_value(json_object_get(s,
			    "name")), why);
	}
}

/* BEST: the best value, or with several objectives the front's size. */
static void
fmt_best(json_t *s, char *buf, size_t len)
{
	json_t *front = json_object_get(s, "front");

	if (json_object_get(s, "objectives") == NULL)
		fmt_json(json_object_get(s, "best"), buf, len);
	else if (front == NULL)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "front of %lld", (long long)
		    json_integer_value(json_object_get(front, "size")));
}

/*
 * Below the table, for each study with several objectives: its front's
 * hypervolume and the reference point it is measured against (derived
 * ones shown, so a user can fix them with reference:); and with limits:
 * how many completed trials broke each.
 */
static void
print_outcomes(json_t *res)
{
	json_t *s, *front, *o, *l;
	size_t i, k;
	char v[64];

	json_array_foreach(json_object_get(res, "studies"), i, s) {
		if ((front = json_object_get(s, "front")) != NULL) {
			fmt_json(json_object_get(front, "hypervolume"), v,
			    sizeof v);
			printf("%s: front of %lld trials, hypervolume %s up to",
			    json_string_value(json_object_get(s, "name")),
			    (long long)json_integer_value(json_object_get(front,
			    "size")), v);
			json_array_foreach(json_object_get(s, "objectives"),
			    k, o) {
				fmt_json(json_array_get(json_object_get(front,
				    "reference"), k), v, sizeof v);
				printf("%s %s %s (%s)", k ? "," : "",
				    json_string_value(json_object_get(o,
				    "name")), v, json_is_true(json_array_get(
				    json_object_get(front, "reference_given"),
				    k)) ? "given" : "derived");
			}
			putchar('\n');
		}
		json_array_foreach(json_object_get(s, "limits"), k, l) {
			printf("%s: limit %s", json_string_value(
			    json_object_get(s, "name")), json_string_value(
			    json_object_get(l, "metric")));
			if (json_is_number(json_object_get(l, "min")))
				printf(" min %g", json_number_value(
				    json_object_get(l, "min")));
			if (json_is_number(json_object_get(l, "max")))
				printf(" max %g", json_number_value(
				    json_object_get(l, "max")));
			printf(": broken by %lld completed trials\n",
			    (long long)json_integer_value(json_object_get(l,
			    "broken")));
		}
	}
}

static void
print_status(json_t *res)
{
	static const char *const head[] = {"STUDY", "METHOD", "STATE", "DONE",
	    "RUNNING", "QUEUED", "FAILED", "PRUNED", "BEST", "METRIC"};
	char done[48], run[24], queued[24], failed[24], pruned[24], best[32],
	    metric[320];
	struct table *t = table_new(10, head);
	size_t i;
	json_t *s;

	json_array_foreach(json_object_get(res, "studies"), i, s) {
		const char *row[10];

		fmt_done(done, sizeof done, cli_count(s, "completed") -
		    cli_count(s, "repeats_completed"), json_integer_value(
		    json_object_get(s, "budget")));
		if (cli_count(s, "repeats") > 0)	/* confirm: */
			snprintf(done + strlen(done), sizeof done -
			    strlen(done), " +%lld/%lld repeats", cli_count(s,
			    "repeats_completed"), cli_count(s, "repeats"));
		snprintf(run, sizeof run, "%lld", cli_count(s, "running"));
		snprintf(queued, sizeof queued, "%lld", cli_count(s, "queued") +
		    cli_count(s, "lost") + cli_count(s, "paused"));
		snprintf(failed, sizeof failed, "%lld", cli_count(s, "failed") +
		    cli_count(s, "timeout"));
		snprintf(pruned, sizeof pruned, "%lld", cli_count(s, "pruned"));
		fmt_best(s, best, sizeof best);
		fmt_objective(s, metric, sizeof metric);
		row[0] = json_string_value(json_object_get(s, "name"));
		row[1] = json_string_value(json_object_get(s, "method"));
		row[2] = json_string_value(json_object_get(s, "state"));
		row[3] = done;
		row[4] = run;
		row[5] = queued;
		row[6] = failed;
		row[7] = pruned;
		row[8] = best;
		row[9] = metric;
		table_add(t, row);
	}
	if (json_array_size(json_object_get(res, "studies")) == 0)
		printf("no studies yet: hps submit SPACE.yaml starts one\n");
	else
		table_print(t, stdout);
	table_free(t);
	print_reasons(res);
	print_outcomes(res);
}

/* A daemon of another version than this client may behave otherwise than
 * the client and its manual say: warn until hpsd is restarted. */
static void
check_daemon_version(struct cli *cli)
{
	const char *v;
	json_t *res;

	if (cli->db != NULL || cli_call(cli, "ping", json_object(), &res) != 0)
		return;
	v = json_string_value(json_object_get(res, "version"));
	if (v == NULL || strcmp(v, hps_version()) != 0)
		fprintf(stderr, "hps: warning: hpsd is version %s and hps %s:"
		    " restart hpsd (hps shutdown) to run this version\n",
		    v != NULL ? v : "unknown", hps_version());
	json_decref(res);
}

static int
exec_status(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	json_t *res;
	int rc;

	while (cli_getopt(&cli_cmd_status, argc, argv, "h", longopts) != -1)
		;
	if (optind != argc)
		return cli_usage(&cli_cmd_status, "status takes no arguments");
	if ((rc = cli_query(cli, "status", json_object(), &res)) != 0)
		return rc;
	if (json_is_string(json_object_get(res, "warning")))
		fprintf(stderr, "hps: warning: %s\n", json_string_value(
		    json_object_get(res, "warning")));
	check_daemon_version(cli);
	if (cli->json)
		cli_print_json(res);
	else
		print_status(res);
	json_decref(res);
	return EXIT_OK;
}

const struct cli_command cli_cmd_status = {"status", "",
    "every study: method, state, progress, best value", exec_status};
