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

/* The query behind a read command, run on the read-only store. */
static int
local_query(struct cli *cli, const char *cmd, json_t *args, json_t **out,
    char *err, size_t errlen)
{
	const char *study = json_string_value(json_object_get(args, "study"));
	const char *state = json_string_value(json_object_get(args, "state"));
	const char *sort = json_string_value(json_object_get(args, "sort"));
	json_t *top = json_object_get(args, "top");
	int rc;

	if (cli->store == NULL && (rc = hps_store_open(cli->db,
	    HPS_STORE_RDONLY, &cli->store, err, errlen)) != 0)
		return rc;
	if (strcmp(cmd, "status") == 0)
		return hps_query_status(cli->store, out, err, errlen);
	if (strcmp(cmd, "curve") == 0)
		return hps_query_curve(cli->store, study, (long)
		    json_integer_value(json_object_get(args, "trial")), (long)
		    json_integer_value(json_object_get(args, "patience")), out,
		    err, errlen);
	if (strcmp(cmd, "export") == 0)
		return hps_query_export(cli->store, study, out, err, errlen);
	if (strcmp(cmd, "report") == 0)
		return hps_query_report(cli->store, study, out, err, errlen);
	if (strcmp(cmd, "trials") == 0)
		return hps_query_trials(cli->store, study, state, sort, out,
		    err, errlen);
	return hps_query_best(cli->store, study, top ?
	    (long)json_integer_value(top) : 5, out, err, errlen);
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

void
cli_close(struct cli *cli)
{
	if (cli->connected)
		client_close(&cli->client);
	hps_store_close(cli->store);
	free(cli->socket);
}
