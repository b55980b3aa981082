/* hps shutdown: stop hpsd; running trials run again on restart. */
#include <getopt.h>

#include "hps.h"

static int
exec_shutdown(struct cli *cli, int argc, char **argv)
{
	json_t *res;
	int rc;

	while (cli_getopt(&cli_cmd_shutdown, argc, argv, "h", cli_help_only) !=
	    -1)
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

const struct cli_command cli_cmd_shutdown = {"shutdown", "",
    "stop hpsd; running trials run again on restart", exec_shutdown};
