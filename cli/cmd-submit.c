/*
 * hps submit FILE [--wait] [--check] [--trials N]: send a space file to
 * hpsd, at most N trials of it (as wandb agent --count N). The file
 * is read here and sent whole, with its absolute path so the daemon can
 * resolve workdir and name the file in error messages. A W&B sweep file is
 * translated here first (hps convert shows the translation), and the
 * translation is what the daemon runs and stores; the translator checks
 * every W&B field itself, so its errors point into the file as written.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hps.h"
#include "hps/branch.h"
#include "hps/error.h"
#include "hps/proto.h"
#include "hps/text.h"
#include "hps/wandb.h"

/* A space file is UTF-8 text: say where it is not. */
static int
is_text(const char *path, const char *buf, size_t n)
{
	const char *why;
	int line, col;

	if (hps_text_check(buf, n, &line, &col, &why) == 0)
		return 1;
	cli_error("%s:%d:%d: the file holds %s here; a space file is UTF-8"
	    " text", path, line, col, why);
	return 0;
}

char *
cli_read_file(const char *path, size_t *len)
{
	size_t cap = 65536, n = 0, r;
	char *buf = malloc(cap), *p;
	FILE *fp = fopen(path, "r");

	if (fp == NULL || buf == NULL) {
		cli_error("%s: %s", path, strerror(errno));
		free(buf);
		if (fp)
			fclose(fp);
		return NULL;
	}
	while ((r = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += r;
		if (n > HPS_PROTO_MAXMSG / 2) {
			cli_error("%s: too large for a space file", path);
			break;
		}
		if (n == cap && (p = realloc(buf, cap *= 2)) != NULL)
			buf = p;
	}
	fclose(fp);
	if (n > HPS_PROTO_MAXMSG / 2 || !is_text(path, buf, n)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* A W&B sweep's hpsd translation in place of its text (which is freed). */
static char *
translate(const char *abs, char *text, size_t *len)
{
	char err[HPS_ERRMAX], *yaml;

	if (hps_wandb_translate(abs, text, *len, &yaml, err, sizeof err) != 0)
		cli_error("%s", err);
	else {
		fprintf(stderr, "hps: %s is a W&B sweep; submitting its hpsd "
		    "translation (hps convert shows it)\n", abs);
		*len = strlen(yaml);
	}
	free(text);
	return yaml;
}

/* What submit sends besides the file. */
struct submit_opts {
	int check;
	const char *name;
	long trials;		/* 0: as the file says */
};

static int
submit(struct cli *cli, const char *path, const struct submit_opts *o,
    json_t **res)
{
	char abs[PATH_MAX], *text;
	size_t len;
	json_t *args;

	if ((text = cli_read_file(path, &len)) == NULL)
		return EXIT_ERR;
	if (realpath(path, abs) == NULL)
		snprintf(abs, sizeof abs, "%s", path);
	if (hps_wandb_is_sweep(text, len) && (text = translate(abs, text,
	    &len)) == NULL)
		return EXIT_ERR;
	args = json_pack("{s:s, s:s#}", "path", abs, "text", text, len);
	free(text);
	if (args == NULL)
		return cli_error("%s: not valid UTF-8 text", path);
	if (o->check)
		json_object_set_new(args, "check", json_true());
	if (o->name != NULL)
		json_object_set_new(args, "name", json_string(o->name));
	if (o->trials > 0)
		json_object_set_new(args, "trials", json_integer(o->trials));
	return cli_call(cli, "submit", args, res);
}

/* How many trials warm_start.from imports, and how many lie outside. */
static void
print_imports(json_t *w, int check)
{
	if (w == NULL)
		return;
	printf("  %s %lld trials from warm_start.from (%lld outside this"
	    " space)\n", check ? "would import" : "imported",
	    (long long)json_integer_value(json_object_get(w, "imported")),
	    (long long)json_integer_value(json_object_get(w, "outside")));
}

/* "20 trials", or "open-ended" for a study without a budget. */
static void
print_submitted(const char *path, int check, json_t *res)
{
	long long n = json_integer_value(json_object_get(res, "trials"));
	char trials[48], goals[320];

	if (n > 0)
		snprintf(trials, sizeof trials, "%lld trials", n);
	else
		/* Only one objective can have a target. */
		snprintf(trials, sizeof trials, "open-ended (until cancelled"
		    "%s)", json_is_string(json_object_get(res, "metric")) &&
		    json_object_get(res, "objectives") == NULL ?
		    " or its target" : "");
	fmt_goals(res, goals, sizeof goals);
	printf("%s: %s study '%s', %s search, %s, %lld at once, %s\n",
	    path, check ? "valid" : "submitted", json_string_value(
	    json_object_get(res, "study")), json_string_value(json_object_get(
	    res, "method")), trials, (long long)json_integer_value(
	    json_object_get(res, "parallel")), goals);
	print_imports(json_object_get(res, "warm_start"), check);
}

/*
 * --check: the space's shape. "12 dimensions; 4 branches, at most 5
 * dimensions active in one:", a line per branch, then the grid's size
 * and the share of the space the constraints leave.
 */
static void
print_shape(json_t *sh)
{
	json_t *b, *g = json_object_get(sh, "grid");
	long long n = json_integer_value(json_object_get(sh, "branches"));
	size_t i;

	printf("  %lld dimensions", (long long)json_integer_value(
	    json_object_get(sh, "dims")));
	if (json_is_null(json_object_get(sh, "branches")))
		printf("; more than %d branches\n", HPS_BRANCHES_MAX);
	else if (n <= 1)
		printf(", all active in every trial\n");
	else
		printf("; %lld branches, at most %lld dimensions active in "
		    "one:\n", n, (long long)json_integer_value(
		    json_object_get(sh, "max_dims")));
	json_array_foreach(json_object_get(sh, "listed"), i, b)
		if (n > 1)
			printf("    %s: %lld dimensions\n", json_string_value(
			    json_object_get(b, "when")), (long long)
			    json_integer_value(json_object_get(b, "dims")));
	if (n > (long long)json_array_size(json_object_get(sh, "listed")))
		printf("    ... and %lld more\n", n - (long long)
		    json_array_size(json_object_get(sh, "listed")));
	if (json_is_number(g))
		printf("  grid: %.17g points (every active combination "
		    "once)\n", json_number_value(g));
	else
		printf("  grid: none (a float without step or grid_points)\n");
	if (json_is_number(json_object_get(sh, "feasible")))
		printf("  constraints: about %.3g of the space satisfies "
		    "them (%lld random draws)\n", json_number_value(
		    json_object_get(sh, "feasible")), (long long)
		    json_integer_value(json_object_get(sh, "draws")));
}

static int
exec_submit(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"wait", no_argument, NULL, 'w'},
		{"check", no_argument, NULL, 'c'},
		{"name", required_argument, NULL, 'n'},
		{"trials", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct submit_opts o = {0};
	int ch, wait = 0, rc;
	const char *study;
	char *end;
	json_t *res;

	while ((ch = cli_getopt(&cli_cmd_submit, argc, argv, "h",
	    longopts)) != -1) {
		if (ch == 'n')
			o.name = optarg;
		else if (ch == 't' && ((o.trials = strtol(optarg, &end,
		    10)) < 1 || *end != '\0'))
			return cli_usage(&cli_cmd_submit, "--trials takes a "
			    "positive number");
		else if (ch != 't')
			*(ch == 'w' ? &wait : &o.check) = 1;
	}
	if (optind + 1 != argc)
		return cli_usage(&cli_cmd_submit, "submit needs one FILE");
	if ((rc = submit(cli, argv[optind], &o, &res)) != 0)
		return rc;
	study = json_string_value(json_object_get(res, "study"));
	if (cli->json)
		cli_print_json(res);
	else
		print_submitted(argv[optind], o.check, res);
	if (!cli->json && o.check && json_object_get(res, "shape") != NULL)
		print_shape(json_object_get(res, "shape"));
	fflush(stdout);
	if (wait && !o.check) {
		rc = cli_watch(cli, study, 1);
		client_close(&cli->client);
		cli->connected = 0;
		/* The daemon that ran the study answers, or none: a daemon
		 * gone mid-watch is not started again just to show this. */
		cli->no_start = 1;
		cli_show_best(cli, study, 0, 0);
	} else
		rc = EXIT_OK;
	json_decref(res);
	return rc;
}

const struct cli_command cli_cmd_submit = {"submit",
    "FILE [--wait] [--check] [--name NAME] [--trials N]",
    "submit a search-space file (--check: validate only; --trials: run at "
    "most N trials)", exec_submit};
