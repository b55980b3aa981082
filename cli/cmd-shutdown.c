/* hps shutdown [--stop]: stop hpsd; running trials go on and the next hpsd
 * adopts them, or, with --stop, they are stopped and run again on
 * restart. */
#include <getopt.h>

#include "hps.h"

static int
exec_shutdown(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"stop", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	json_t *args = json_object(), *res;
	long long running;
	int rc, ch;

	while ((ch = cli_getopt(&cli_cmd_shutdown, argc, argv, "h",
	    longopts)) != -1)
		json_object_set_new(args, "stop", json_true());
	if (optind != argc) {
		json_decref(args);
		return cli_usage(&cli_cmd_shutdown, "shutdown takes no"
		    " arguments but --stop");
	}
	cli->no_start = 1;
	if ((rc = cli_call(cli, "shutdown", args, &res)) != 0)
		return rc;
	running = json_integer_value(json_object_get(res, "running"));
	if (cli->json)
		cli_print_json(res);
	else if (json_is_true(json_object_get(res, "stop")))
		printf("hpsd %lld: shutting down; %lld running trials are"
		    " stopped and run again on restart\n", (long long)
		    json_integer_value(json_object_get(res, "pid")), running);
	else
		printf("hpsd %lld: shutting down; %lld running trials go on"
		    " and are adopted on restart\n", (long long)
		    json_integer_value(json_object_get(res, "pid")), running);
	json_decref(res);
	return EXIT_OK;
}

const struct cli_command cli_cmd_shutdown = {"shutdown", "[--stop]",
    "stop hpsd; running trials go on (--stop: they stop, and run again"
    " on restart)", exec_shutdown};
