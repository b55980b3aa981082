/* hps pause STUDY and hps resume STUDY: running trials finish and no new
 * ones start, then they start again. */
#include <getopt.h>

#include "hps.h"

static int
exec_pause(struct cli *cli, int argc, char **argv)
{
	while (cli_getopt(&cli_cmd_pause, argc, argv, "h", cli_help_only) !=
	    -1)
		;
	return cli_study_call(cli, &cli_cmd_pause, argc, argv, json_object(),
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

const struct cli_command cli_cmd_pause = {"pause", "STUDY",
    "let running trials finish and start no new ones", exec_pause};
const struct cli_command cli_cmd_resume = {"resume", "STUDY",
    "start trials again after pause", exec_resume};
