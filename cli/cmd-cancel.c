/* hps cancel STUDY: stop a study's running trials and start no more. */
#include <getopt.h>

#include "hps.h"

static int
exec_cancel(struct cli *cli, int argc, char **argv)
{
	json_t *res;
	int rc;

	while (cli_getopt(&cli_cmd_cancel, argc, argv, "h", cli_help_only) !=
	    -1)
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

const struct cli_command cli_cmd_cancel = {"cancel", "STUDY",
    "stop a study's running trials and start no more", exec_cancel};
