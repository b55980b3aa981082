/* hps budget STUDY [--trials N] [--parallel P]: change a running
 * study's budget. */
#include <getopt.h>
#include <stdlib.h>

#include "hps.h"

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
	return cli_study_call(cli, &cli_cmd_budget, argc, argv, args,
	    "budget changed");
}

const struct cli_command cli_cmd_budget = {"budget",
    "STUDY [--trials N] [--parallel P]", "change a running study's budget",
    exec_budget};
