/*
 * hps export STUDY --format csv|json [-o FILE]: one row per trial with its
 * parameters, objective, state and every final metric, as CSV or a JSON
 * list of flat records; both load in pandas as they are.
 */
#include <getopt.h>
#include <string.h>

#include "hps.h"

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void
csv_field(FILE *fp, json_t *v)
{
	char buf[512];
	const char *s, *p;

	if (json_is_null(v))
		return;
	if (json_is_real(v)) {
		fprintf(fp, "%.17g", json_real_value(v));
		return;
	}
	fmt_json(v, buf, sizeof buf);
	s = json_is_string(v) ? json_string_value(v) : buf;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

static void
write_csv(FILE *fp, json_t *res)
{
	json_t *row, *v;
	size_t i, j;

	json_array_foreach(json_object_get(res, "columns"), j, v) {
		fputs(j ? "," : "", fp);
		csv_field(fp, v);
	}
	fputc('\n', fp);
	json_array_foreach(json_object_get(res, "rows"), i, row) {
		json_array_foreach(row, j, v) {
			fputs(j ? "," : "", fp);
			csv_field(fp, v);
		}
		fputc('\n', fp);
	}
}

static void
write_json(FILE *fp, json_t *res)
{
	json_t *cols = json_object_get(res, "columns"), *list = json_array();
	json_t *row, *v;
	size_t i, j;

	json_array_foreach(json_object_get(res, "rows"), i, row) {
		json_t *rec = json_object();

		json_array_foreach(row, j, v)
			json_object_set(rec, json_string_value(json_array_get(
			    cols, j)), v);
		json_array_append_new(list, rec);
	}
	json_dumpf(list, fp, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(17));
	fputc('\n', fp);
	json_decref(list);
}

static int
exec_export(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "csv", *out = NULL;
	json_t *res;
	FILE *fp = stdout;
	int ch, rc;

	while ((ch = cli_getopt(&cli_cmd_export, argc, argv, "ho:",
	    longopts)) != -1)
		*(ch == 'f' ? &format : &out) = optarg;
	if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage(&cli_cmd_export, "--format is csv or json");
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_export, "export needs one STUDY");
	if ((rc = cli_query(cli, "export", json_pack("{s:s}", "study",
	    argv[optind]), &res)) != 0)
		return rc;
	if (out != NULL && (fp = fopen(out, "w")) == NULL) {
		json_decref(res);
		return cli_error("%s: cannot write", out);
	}
	if (strcmp(format, "csv") == 0)
		write_csv(fp, res);
	else
		write_json(fp, res);
	if (fp != stdout && fclose(fp) != 0)
		rc = cli_error("%s: write failed", out);
	json_decref(res);
	return rc;
}

const struct cli_command cli_cmd_export = {"export",
    "STUDY [--format csv|json] [-o FILE]",
    "one row per trial: parameters, objective, state, final metrics",
    exec_export};
