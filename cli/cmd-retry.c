/* hps retry STUDY [--failed] [--lost]: run those trials' points again. */
#include <getopt.h>

#include "hps.h"

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
	return cli_study_call(cli, &cli_cmd_retry, argc, argv, args,
	    "those trials are queued to run again");
}

const struct cli_command cli_cmd_retry = {"retry", "STUDY [--failed] [--lost]",
    "run failed and/or lost trials' points again", exec_retry};
