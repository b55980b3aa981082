/*
 * hps convert FILE: print the hpsd space file a W&B sweep file becomes,
 * the same translation hps submit runs, so it can be read, kept and
 * edited. A file that already is an hpsd space file is checked and
 * printed as it is. Needs no daemon.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "hps/error.h"
#include "hps/space.h"
#include "hps/wandb.h"

static void
print_result(struct cli *cli, const char *path, int wandb, const char *text)
{
	json_t *obj;

	if (!cli->json) {
		fputs(text, stdout);
		return;
	}
	obj = json_pack("{s:s, s:b, s:s}", "file", path, "wandb", wandb,
	    "space", text);
	if (obj != NULL)
		cli_print_json(obj);
	json_decref(obj);
}

/* Not a W&B sweep: say whether it is a valid hpsd space file. */
static int
check_native(struct cli *cli, const char *path, const char *text,
    size_t len)
{
	struct hps_space *sp;
	char err[HPS_ERRMAX];

	if (hps_space_parse(path, text, len, &sp, err, sizeof err) != 0)
		return cli_error("%s", err);
	hps_space_free(sp);
	if (!cli->json)
		fprintf(stderr, "hps: %s is already an hpsd space file; "
		    "printed as it is\n", path);
	print_result(cli, path, 0, text);
	return EXIT_OK;
}

static int
exec_convert(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char err[HPS_ERRMAX], *text, *yaml;
	const char *path;
	size_t len;
	int rc;

	while (cli_getopt(&cli_cmd_convert, argc, argv, "h", longopts) != -1)
		;
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_convert, "convert needs one FILE");
	path = argv[optind];
	if ((text = cli_read_file(path, &len)) == NULL)
		return EXIT_ERR;
	if (memchr(text, '\0', len) != NULL || !hps_wandb_is_sweep(text, len)) {
		rc = check_native(cli, path, text, len);
		free(text);
		return rc;
	}
	rc = hps_wandb_translate(path, text, len, &yaml, err, sizeof err);
	free(text);
	if (rc != 0)
		return cli_error("%s", err);
	print_result(cli, path, 1, yaml);
	free(yaml);
	return EXIT_OK;
}

const struct cli_command cli_cmd_convert = {"convert", "FILE",
    "print the hpsd space file a W&B sweep file becomes", exec_convert};
