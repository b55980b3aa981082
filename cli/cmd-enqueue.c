/* hps enqueue STUDY name=value...: add a point to a running study's
 * queue; it runs next and counts toward the budget. */
#include <getopt.h>

#include "hps.h"

static int
exec_enqueue(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	json_t *args, *words, *res;
	int rc, i;

	while (cli_getopt(&cli_cmd_enqueue, argc, argv, "h", longopts) != -1)
		;
	if (optind + 1 >= argc)
		return cli_usage(&cli_cmd_enqueue, "say the study and at least"
		    " one name=value");
	words = json_array();
	for (i = optind + 1; i < argc; i++)
		json_array_append_new(words, json_string(argv[i]));
	args = json_pack("{s:s, s:o}", "study", argv[optind], "values", words);
	if ((rc = cli_call(cli, "enqueue", args, &res)) != 0)
		return rc;
	if (cli->json)
		cli_print_json(res);
	else
		printf("%s: trial %lld queued\n", argv[optind],
		    json_integer_value(json_object_get(res, "trial")));
	json_decref(res);
	return EXIT_OK;
}

const struct cli_command cli_cmd_enqueue = {"enqueue",
    "STUDY NAME=VALUE...", "add a point to a study's queue; it runs next",
    exec_enqueue};
