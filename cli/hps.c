/*
 * hps: the command-line client of hpsd. Global options may appear anywhere
 * on the line; each command parses its own. Exit 0 on success, 1 on an
 * error (message on stderr), 2 on a usage error.
 */
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "hps/paths.h"
#include "hps/version.h"

/* In the order usage lists them; the read queries in HPS_QUERIES's. */
static const struct cli_command *const commands[] = {
	&cli_cmd_submit,
	&cli_cmd_convert,
#define CLI_QUERY_COMMAND(name) &cli_cmd_##name,
	HPS_QUERIES(CLI_QUERY_COMMAND)
#undef CLI_QUERY_COMMAND
	&cli_cmd_watch,
	&cli_cmd_parse,
	&cli_cmd_pause,
	&cli_cmd_resume,
	&cli_cmd_retry,
	&cli_cmd_budget,
	&cli_cmd_enqueue,
	&cli_cmd_cancel,
	&cli_cmd_shutdown,
};

static void
usage(FILE *fp)
{
	size_t i;

	fputs("usage: hps [--socket PATH] [--db PATH] [--json] [--no-start]"
	    " COMMAND [ARGS]\n       hps --version\n\ncommands:\n", fp);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-9s %-28s %s\n", commands[i]->name,
		    commands[i]->usage, commands[i]->help);
	fputs("\n  --socket PATH  hpsd's socket (default $HPS_SOCKET or"
	    " $XDG_RUNTIME_DIR/hpsd/hpsd.sock)\n"
	    "  --db PATH      read a database directly, read-only, without"
	    " hpsd\n"
	    "  --json         machine-readable output\n"
	    "  --no-start     do not start hpsd when none is running\n"
	    "  --version      print the version, protocol and schema\n"
	    "\n`hps COMMAND --help` describes a command.\n", fp);
}

/* Take the global options out of argv, wherever they are. */
static int
global_options(struct cli *cli, int *argc, char **argv)
{
	int i, j = 1;

	for (i = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(a, "--json") == 0)
			cli->json = 1;
		else if (strcmp(a, "--no-start") == 0)
			cli->no_start = 1;
		else if ((strcmp(a, "--socket") == 0 ||
		    strcmp(a, "--db") == 0) && i + 1 < *argc) {
			if (a[2] == 's') {
				free(cli->socket);
				cli->socket = strdup(argv[++i]);
			} else
				cli->db = argv[++i];
		} else if (strncmp(a, "--socket=", 9) == 0) {
			free(cli->socket);
			cli->socket = strdup(a + 9);
		} else if (strncmp(a, "--db=", 5) == 0)
			cli->db = a + 5;
		else if (strcmp(a, "--socket") == 0 || strcmp(a, "--db") == 0)
			return -1;
		else
			argv[j++] = argv[i];
	}
	*argc = j;
	argv[j] = NULL;
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	char *state;
	size_t i;
	int rc;

	memset(&cli, 0, sizeof cli);
	if (global_options(&cli, &argc, argv) != 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		hps_version_print(stdout, "hps");
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (cli.socket == NULL) {
		state = hps_default_state_dir();
		cli.socket = hps_default_socket(state);
		free(state);
		if (cli.socket == NULL) {
			fprintf(stderr, "hps: no home directory to find hpsd's"
			    " socket in; pass --socket PATH (or set"
			    " HPS_SOCKET)\n");
			return EXIT_USAGE;
		}
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(commands[i]->name, argv[1]) != 0)
			continue;
		rc = commands[i]->exec(&cli, argc - 1, argv + 1);
		cli_close(&cli);
		return rc;
	}
	fprintf(stderr, "hps: unknown command '%s'\n", argv[1]);
	usage(stderr);
	cli_close(&cli);
	return EXIT_USAGE;
}
