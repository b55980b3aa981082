/*
 * Operations on a running study: hps pause, resume, retry and budget.
 * Each names one study and prints what changed.
 */
#include <getopt.h>
#include <stdlib.h>

#include "hps.h"

static const struct option help_only[] = {
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Send cmd with args for the one STUDY argument; print the reply. */
static int
study_call(struct cli *cli, const struct cli_command *c, int argc,
    char **argv, json_t *args, const char *done)
{
	json_t *res;
	int rc;

	if (optind + 1 != argc) {
		json_decref(args);
		return cli_usage(c, "%s needs one STUDY", c->name);
	}
	json_object_set_new(args, "study", json_string(argv[optind]));
	if ((rc = cli_call(cli, c->name, args, &res)) != 0)
		return rc;
	if (cli->json)
		cli_print_json(res);
	else
		printf("%s: %s\n", argv[optind], done);
	json_decref(res);
	return EXIT_OK;
}

static int
exec_pause(struct cli *cli, int argc, char **argv)
{
	while (cli_getopt(&cli_cmd_pause, argc, argv, "h", help_only) != -1)
		;
	return study_call(cli, &cli_cmd_pause, argc, argv, json_object(),
	    "paused; running trials finish, no new ones start");
}

static int
exec_resume(struct cli *cli, int argc, char **argv)
{
	while (cli_getopt(&cli_cmd_resume, argc, argv, "h", help_only) != -1)
		;
	return study_call(cli, &cli_cmd_resume, argc, argv, json_object(),
	    "running again");
}

static int
exec_retry(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"failed", no_argument, NULL, 'f'},
		{"lost", no_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	json_t *args = json_object();
	int ch;

	while ((ch = cli_getopt(&cli_cmd_retry, argc, argv, "h",
	    longopts)) != -1)
		json_object_set_new(args, ch == 'f' ? "failed" : "lost",
		    json_true());
	return study_call(cli, &cli_cmd_retry, argc, argv, args,
	    "those trials are queued to run again");
}

static int
exec_budget(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"trials", required_argument, NULL, 't'},
		{"parallel", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	json_t *args = json_object();
	char *end;
	long v;
	int ch;

	while ((ch = cli_getopt(&cli_cmd_budget, argc, argv, "h",
	    longopts)) != -1) {
		v = strtol(optarg, &end, 10);
		if (*end != '\0' || v < 1) {
			json_decref(args);
			return cli_usage(&cli_cmd_budget, "--%s takes a positive"
			    " number", ch == 't' ? "trials" : "parallel");
		}
		json_object_set_new(args, ch == 't' ? "trials" : "parallel",
		    json_integer(v));
	}
	if (json_object_size(args) == 0) {
		json_decref(args);
		return cli_usage(&cli_cmd_budget, "say --trials N, --parallel P"
		    " or both");
	}
	return study_call(cli, &cli_cmd_budget, argc, argv, args,
	    "budget changed");
}

const struct cli_command cli_cmd_pause = {"pause", "STUDY",
    "let running trials finish and start no new ones", exec_pause};
const struct cli_command cli_cmd_resume = {"resume", "STUDY",
    "start trials again after pause", exec_resume};
const struct cli_command cli_cmd_retry = {"retry", "STUDY [--failed] [--lost]",
    "run failed and/or lost trials' points again", exec_retry};
const struct cli_command cli_cmd_budget = {"budget",
    "STUDY [--trials N] [--parallel P]", "change a running study's budget",
    exec_budget};
