/*
 * submit --wait: follow a study until it ends, with a progress line that
 * redraws in place on a terminal (one line per change otherwise), then
 * print its best trials.
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hps.h"

static json_t *
find_study(json_t *status, const char *name)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(status, "studies"), i, s)
		if (strcmp(json_string_value(json_object_get(s, "name")),
		    name) == 0)
			return s;
	return NULL;
}

static long long
count(json_t *s, const char *state)
{
	return json_integer_value(json_object_get(json_object_get(s,
	    "counts"), state));
}

/* "[#####.....] 12/50 done  2 running  1 failed  best val_acc 0.8812" */
static void
progress_line(json_t *s, char *buf, size_t len)
{
	long long budget = json_integer_value(json_object_get(s, "budget"));
	long long done = count(s, "completed") + count(s, "failed") +
	    count(s, "timeout") + count(s, "pruned");
	char bar[31], best[32];
	int i, fill = budget > 0 ? (int)(30 * done / budget) : 0;

	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	fmt_json(json_object_get(s, "best"), best, sizeof best);
	snprintf(buf, len, "[%s] %lld/%lld done  %lld running  %lld failed"
	    "  %lld pruned  best %s %s", bar, done, budget,
	    count(s, "running"), count(s, "failed") + count(s, "timeout"),
	    count(s, "pruned"), json_string_value(json_object_get(s,
	    "metric")), best);
}

int
cli_wait(struct cli *cli, const char *study)
{
	int tty = isatty(STDOUT_FILENO), rc, json = cli->json;
	char line[256], last[256] = "", el[16];
	time_t start = time(NULL);
	const char *state = "running";
	json_t *res, *s;

	for (;;) {
		if ((rc = cli_call(cli, "status", json_object(), &res)) != 0)
			return rc;
		if ((s = find_study(res, study)) == NULL) {
			json_decref(res);
			return cli_error("study '%s' disappeared", study);
		}
		state = json_string_value(json_object_get(s, "state"));
		progress_line(s, line, sizeof line);
		fmt_duration(difftime(time(NULL), start), el, sizeof el);
		if (!json && tty)
			printf("\r\033[K%s  %s", line, el);
		else if (!json && strcmp(line, last) != 0)
			printf("%s  %s\n", line, el);
		fflush(stdout);
		snprintf(last, sizeof last, "%s", line);
		if (strcmp(state, "running") != 0)
			break;
		json_decref(res);
		usleep(500 * 1000);
	}
	if (!json)
		printf("%s%s: %s\n\n", tty ? "\n" : "", study, state);
	rc = strcmp(state, "completed") == 0 ? EXIT_OK : EXIT_ERR;
	json_decref(res);
	cli_show_best(cli, study, 5);
	return rc;
}
