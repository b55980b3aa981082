/* hps pause STUDY [--now] and hps resume STUDY: running trials finish
 * (or, --now, stop to resume later) and no new ones start, then they
 * start again. */
#include <getopt.h>

#include "hps.h"

static int
exec_pause(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"now", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	json_t *args = json_object();
	int now = 0;

	while (cli_getopt(&cli_cmd_pause, argc, argv, "h", longopts) != -1)
		now = 1;
	if (now)
		json_object_set_new(args, "now", json_true());
	return cli_study_call(cli, &cli_cmd_pause, argc, argv, args, now ?
	    "paused; running trials stop to resume where they left off" :
	    "paused; running trials finish, no new ones start");
}

static int
exec_resume(struct cli *cli, int argc, char **argv)
{
	while (cli_getopt(&cli_cmd_resume, argc, argv, "h", cli_help_only) !=
	    -1)
		;
	return cli_study_call(cli, &cli_cmd_resume, argc, argv, json_object(),
	    "running again");
}

const struct cli_command cli_cmd_pause = {"pause", "STUDY [--now]",
    "start no new trials; --now also stops the running ones to resume"
    " later", exec_pause};
const struct cli_command cli_cmd_resume = {"resume", "STUDY",
    "start trials again after pause", exec_resume};
