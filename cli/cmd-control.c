/* hps cancel STUDY and hps shutdown: commands that change the daemon. */
#include <getopt.h>

#include "hps.h"

static const struct option help_only[] = {
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int
exec_cancel(struct cli *cli, int argc, char **argv)
{
	json_t *res;
	int rc;

	while (cli_getopt(&cli_cmd_cancel, argc, argv, "h", help_only) != -1)
		;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_cancel, "cancel needs one STUDY");
	if ((rc = cli_call(cli, "cancel", json_pack("{s:s}", "study",
	    argv[optind]), &res)) != 0)
		return rc;
	if (cli->json)
		cli_print_json(res);
	else
		printf("%s: cancelled; stopping %lld running trials\n",
		    argv[optind], (long long)json_integer_value(
		    json_object_get(res, "stopping")));
	json_decref(res);
	return EXIT_OK;
}

static int
exec_shutdown(struct cli *cli, int argc, char **argv)
{
	json_t *res;
	int rc;

	while (cli_getopt(&cli_cmd_shutdown, argc, argv, "h", help_only) != -1)
		;
	if (optind != argc)
		return cli_usage(&cli_cmd_shutdown, "shutdown takes no"
		    " arguments");
	cli->no_start = 1;
	if ((rc = cli_call(cli, "shutdown", json_object(), &res)) != 0)
		return rc;
	if (cli->json)
		cli_print_json(res);
	else
		printf("hpsd %lld: shutting down; %lld running trials will run"
		    " again on restart\n", (long long)json_integer_value(
		    json_object_get(res, "pid")), (long long)
		    json_integer_value(json_object_get(res, "stopping")));
	json_decref(res);
	return EXIT_OK;
}

const struct cli_command cli_cmd_cancel = {"cancel", "STUDY",
    "stop a study's running trials and start no more", exec_cancel};
const struct cli_command cli_cmd_shutdown = {"shutdown", "",
    "stop hpsd; running trials run again on restart", exec_shutdown};
