/*
 * How a command reaches its answer: over the socket to hpsd, or, with
 * --db, by running the same read queries on the database opened read-only.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "hps/error.h"
#include "hps/query.h"

int
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("hps: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERR;
}

int
cli_usage(const struct cli_command *c, const char *fmt, ...)
{
	va_list ap;

	fputs("hps: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: hps %s %s\n", c->name, c->usage);
	return EXIT_USAGE;
}

int
cli_getopt(const struct cli_command *c, int argc, char **argv,
    const char *shortopts, const void *longopts)
{
	int ch = getopt_long(argc, argv, shortopts, longopts, NULL);

	if (ch == 'h') {
		printf("usage: hps %s %s\n%s\n", c->name, c->usage, c->help);
		exit(EXIT_OK);
	}
	if (ch == '?' || ch == ':') {
		fprintf(stderr, "usage: hps %s %s\n", c->name, c->usage);
		exit(EXIT_USAGE);
	}
	return ch;
}

void
cli_print_json(json_t *v)
{
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	putchar('\n');
}

void
cli_print_json_line(json_t *v)
{
	json_dumpf(v, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17));
	putchar('\n');
}

int
cli_call(struct cli *cli, const char *cmd, json_t *args, json_t **result)
{
	char err[HPS_ERRMAX];

	*result = NULL;
	if (cli->db != NULL) {
		json_decref(args);
		return cli_error("%s needs a running hpsd; --db only reads",
		    cmd);
	}
	if (!cli->connected) {
		if (client_connect(&cli->client, cli->socket, !cli->no_start,
		    err, sizeof err) != 0) {
			json_decref(args);
			return cli_error("%s", err);
		}
		cli->connected = 1;
	}
	if (client_call(&cli->client, cmd, args, result, err, sizeof err) != 0)
		return cli_error("%s", err);
	return EXIT_OK;
}

/* A read command's query, run on the read-only store. */
static int
local_query(struct cli *cli, const char *cmd, json_t *args, json_t **out,
    char *err, size_t errlen)
{
	int rc;

	if (cli->store == NULL && (rc = hps_store_open(cli->db,
	    HPS_STORE_RDONLY, &cli->store, err, errlen)) != 0)
		return rc;
	return hps_query_run(cli->store, cmd, args, out, err, errlen);
}

int
cli_query(struct cli *cli, const char *cmd, json_t *args, json_t **result)
{
	char err[HPS_ERRMAX];
	int rc;

	if (cli->db == NULL)
		return cli_call(cli, cmd, args, result);
	rc = local_query(cli, cmd, args, result, err, sizeof err);
	json_decref(args);
	return rc == 0 ? EXIT_OK : cli_error("%s", err);
}

const struct option cli_help_only[] = {
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Send cmd with args for the one STUDY argument; print the reply. */
int
cli_study_call(struct cli *cli, const struct cli_command *c, int argc,
    char **argv, json_t *args, const char *done)
{
	json_t *res;
	int rc;

	if (optind + 1 != argc) {
		json_decref(args);
		return cli_usage(c, "%s needs one STUDY", c->name);
	}
	json_object_set_new(args, "study", json_string(argv[optind]));
	if ((rc = cli_call(cli, c->name, args, &res)) != 0)
		return rc;
	if (cli->json)
		cli_print_json(res);
	else
		printf("%s: %s\n", argv[optind], done);
	json_decref(res);
	return EXIT_OK;
}

void
cli_close(struct cli *cli)
{
	if (cli->connected)
		client_close(&cli->client);
	hps_store_close(cli->store);
	free(cli->socket);
}
