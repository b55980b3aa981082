/*
 * hps curve STUDY TRIAL: a trial's training and validation curves as a
 * compact text chart, with the overfitting diagnosis under it.
 */
#include <getopt.h>
#include <stdlib.h>

#include "hps.h"
#include "hps/diagnose.h"

/* A [[step, value]...] list as curve points. */
static struct hps_curve_point *
points(json_t *list, size_t *n)
{
	struct hps_curve_point *p;
	json_t *pt;
	size_t i;

	*n = json_array_size(list);
	if ((p = calloc(*n + 1, sizeof *p)) == NULL)
		return NULL;
	json_array_foreach(list, i, pt) {
		p[i].step = json_number_value(json_array_get(pt, 0));
		p[i].present = json_is_number(json_array_get(pt, 1));
		p[i].value = json_number_value(json_array_get(pt, 1));
	}
	return p;
}

/* "study trial 3 (failed: why)". */
static void
print_title(json_t *res)
{
	const char *state = json_string_value(json_object_get(res, "state"));
	const char *why = json_string_value(json_object_get(res, "error"));

	printf("%s trial %lld", json_string_value(json_object_get(res,
	    "study")), (long long)json_integer_value(json_object_get(res,
	    "trial")));
	if (state != NULL)
		printf(" (%s%s%s)", state, why ? ": " : "", why ? why : "");
	printf("\n\n");
}

/*
 * Without the study's metric (a trial that failed, or printed another
 * name): every value it did record, step by step.
 */
static void
print_recorded(json_t *metrics)
{
	const char *name;
	json_t *pts, *pt;
	char v[32];
	size_t i;

	if (json_object_size(metrics) == 0) {
		printf(" and nothing else recorded\n");
		return;
	}
	printf("; it recorded:\n");
	json_object_foreach(metrics, name, pts) {
		printf("  %s:", name);
		json_array_foreach(pts, i, pt) {
			fmt_json(json_array_get(pt, 1), v, sizeof v);
			printf(" %g=%s", json_number_value(json_array_get(pt,
			    0)), v);
		}
		putchar('\n');
	}
}

static void
print_curve(json_t *res, int width)
{
	struct hps_curve_point *val, *train;
	struct hps_diagnosis diag = {0};
	struct hps_chart c = {width, 0, NULL, NULL, NULL};
	json_t *d = json_object_get(res, "diagnosis");
	size_t nval, ntrain;
	char buf[32768];

	val = points(json_object_get(res, "val"), &nval);
	train = points(json_object_get(res, "train"), &ntrain);
	c.val_name = json_string_value(json_object_get(res, "metric"));
	c.train_name = json_string_value(json_object_get(res, "train_metric"));
	if (json_is_object(d)) {
		diag.best_step = json_number_value(json_object_get(d,
		    "best_step"));
		diag.best_value = json_number_value(json_object_get(d, "best"));
		diag.overfit = json_is_true(json_object_get(d, "overfit"));
		diag.overfit_step = json_number_value(json_object_get(d,
		    "overfit_step"));
		c.diag = &diag;
	}
	print_title(res);
	if (nval == 0) {
		if (c.val_name != NULL)
			printf("no %s values", c.val_name);
		else
			printf("the study has no metric");
		print_recorded(json_object_get(res, "metrics"));
	} else if (hps_diag_chart(&c, val, nval, train, ntrain, buf,
	    sizeof buf) >= 0)
		fputs(buf, stdout);
	free(val);
	free(train);
}

static int
exec_curve(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"width", required_argument, NULL, 'w'},
		{"patience", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	long number, patience = 0, width = 60;
	json_t *res;
	char *end;
	int ch, rc;

	while ((ch = cli_getopt(&cli_cmd_curve, argc, argv, "h",
	    longopts)) != -1) {
		*(ch == 'w' ? &width : &patience) = strtol(optarg, &end, 10);
		if (*end != '\0' || (ch == 'w' ? width < 20 || width > 240 :
		    patience < 1))
			return cli_usage(&cli_cmd_curve, "--width takes 20 to"
			    " 240, --patience a positive number");
	}
	if (optind + 2 != argc)
		return cli_usage(&cli_cmd_curve, "curve needs a STUDY and a"
		    " TRIAL number");
	number = strtol(argv[optind + 1], &end, 10);
	if (*end != '\0' || number < 0)
		return cli_usage(&cli_cmd_curve, "TRIAL is a trial number");
	if ((rc = cli_query(cli, "curve", json_pack("{s:s, s:I, s:I}", "study",
	    argv[optind], "trial", (json_int_t)number, "patience",
	    (json_int_t)patience), &res)) != 0)
		return rc;
	if (cli->json)
		cli_print_json(res);
	else
		print_curve(res, (int)width);
	json_decref(res);
	return EXIT_OK;
}

const struct cli_command cli_cmd_curve = {"curve",
    "STUDY TRIAL [--width N] [--patience N]",
    "a trial's training and validation curves as a text chart", exec_curve};
