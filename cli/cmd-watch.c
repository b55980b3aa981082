/*
 * hps watch [STUDY] and submit --wait: follow the daemon's events. On a
 * terminal the view redraws in place (progress against the budget,
 * elapsed time and an estimate of what is left, the best value and its
 * parameters, the running trials with their latest step and, with several
 * objectives, each one's value and the live Pareto front: its size,
 * hypervolume and trials); elsewhere it prints one plain line per event.
 */
#include <getopt.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hps.h"

static long long
finished(json_t *s)
{
	return cli_count(s, "completed") + cli_count(s, "failed") + cli_count(s,
	    "timeout") + cli_count(s, "pruned");
}

/* ", best 0.25": nothing for a study without a metric, which has none. */
static void
fmt_best(json_t *s, const char *sep, char *buf, size_t len)
{
	char v[32];

	fmt_json(json_object_get(s, "best"), v, sizeof v);
	if (json_is_string(json_object_get(s, "metric")))
		snprintf(buf, len, "%sbest %s", sep, v);
	else
		buf[0] = '\0';
}

/* " val_acc 0.91 params 12730": each objective's value, with several. */
static void
print_values(json_t *s, json_t *values)
{
	json_t *o;
	char v[32];
	size_t k;

	json_array_foreach(json_object_get(s, "objectives"), k, o) {
		fmt_json(json_array_get(values, k), v, sizeof v);
		printf(" %s %s", json_string_value(json_object_get(o, "name")),
		    v);
	}
}

/* Front members drawn on a terminal; the rest are counted. */
#define FRONT_DRAWN 8

/* "3 trials, hypervolume 0.52": the front's size and volume. */
static void
print_front_size(json_t *front)
{
	char hv[32];

	fmt_json(json_object_get(front, "hypervolume"), hv, sizeof hv);
	printf("%lld trial%s, hypervolume %s", (long long)
	    json_integer_value(json_object_get(front, "size")),
	    json_integer_value(json_object_get(front, "size")) == 1 ? "" : "s",
	    hv);
}

/* The front's trials, one a line, each objective's value beside. */
static void
draw_front(json_t *s)
{
	json_t *front = json_object_get(s, "front"), *p;
	size_t i;

	if (front == NULL)
		return;
	printf("  front ");
	print_front_size(front);
	putchar('\n');
	json_array_foreach(json_object_get(front, "points"), i, p) {
		if (i == FRONT_DRAWN) {
			printf("    ... and %zu more (hps best)\n",
			    json_array_size(json_object_get(front, "points")) -
			    i);
			break;
		}
		printf("    #%-4lld", (long long)json_integer_value(
		    json_object_get(p, "trial")));
		print_values(s, json_object_get(p, "values"));
		putchar('\n');
	}
}

/* The running trials: each one's latest step and value of the metric, or
 * of each objective with several. */
static void
draw_running(json_t *s)
{
	const char *metric = json_string_value(json_object_get(s, "metric"));
	char val[32], params[1024];
	json_t *r;
	size_t k;

	json_array_foreach(json_object_get(s, "running"), k, r) {
		fmt_json(json_object_get(r, "value"), val, sizeof val);
		fmt_params(json_object_get(r, "params"), params, 80);
		printf("    #%-4lld step %-4g", (long long)
		    json_integer_value(json_object_get(r, "trial")),
		    json_number_value(json_object_get(r, "step")));
		if (json_object_get(s, "objectives") != NULL)
			print_values(s, json_object_get(r, "values"));
		else
			printf(" %s %-10s", metric ? metric : "", metric ? val :
			    "");
		printf(" %s\n", params);
	}
}

static void
draw_study(json_t *s, double now)
{
	long long budget = json_integer_value(json_object_get(s, "budget"));
	long long done = finished(s);
	double created = json_number_value(json_object_get(s, "created"));
	char bar[41], el[16], left[16], best[48], params[1024], progress[48],
	    goals[320];
	int i, fill = budget > 0 ? (int)(40 * done / budget) : 0;

	for (i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = '\0';
	fmt_duration(now - created, el, sizeof el);
	fmt_duration(done > 0 && budget > done ? (now - created) / (double)done *
	    (double)(budget - done) : NAN, left, sizeof left);
	fmt_goals(s, goals, sizeof goals);
	printf("%s  %s search, %s  [%s]\n", json_string_value(json_object_get(s,
	    "name")), json_string_value(json_object_get(s, "method")), goals,
	    json_string_value(json_object_get(s, "state")));
	fmt_done(progress, sizeof progress, done, budget);
	printf("  [%s] %s%s  %lld running  %lld queued  %lld pruned"
	    "  %lld failed\n", bar, progress, budget > 0 ? " done" : "",
	    cli_count(s, "running"),
	    cli_count(s, "queued") + cli_count(s, "lost") +
	    cli_count(s, "paused"), cli_count(s, "pruned"),
	    cli_count(s, "failed") + cli_count(s, "timeout"));
	printf("  elapsed %s  left ~%s\n", el, left);
	fmt_best(s, "  ", best, sizeof best);
	fmt_params(json_object_get(s, "best_params"), params, sizeof params);
	if (best[0] != '\0') {
		printf("%s", best);
		if (json_is_integer(json_object_get(s, "best_trial")))
			printf(" (trial %lld): %s", (long long)
			    json_integer_value(json_object_get(s,
			    "best_trial")), params);
		putchar('\n');
	}
	draw_front(s);
	draw_running(s);
}

/* Clear the screen and draw every study watched. */
static void
draw(json_t *studies)
{
	json_t *s;
	size_t i;

	printf("\033[H\033[J");
	json_array_foreach(studies, i, s) {
		draw_study(s, (double)time(NULL));
		putchar('\n');
	}
	printf("(hps watch: Ctrl-C to stop watching; the sweep goes on)\n");
	fflush(stdout);
}

/* One plain line for an event, for logs and pipes. */
static void
print_event(json_t *ev)
{
	json_t *s = json_object_get(ev, "summary");
	const char *kind = json_string_value(json_object_get(ev, "event"));
	char v[32], best[48], progress[48];
	long long budget;

	fmt_best(s, ", ", best, sizeof best);
	printf("%s: ", json_string_value(json_object_get(ev, "study")));
	if (strcmp(kind, "metric") == 0) {
		fmt_json(json_object_get(ev, "value"), v, sizeof v);
		printf("trial %lld step %g %s %s\n", (long long)
		    json_integer_value(json_object_get(ev, "trial")),
		    json_number_value(json_object_get(ev, "step")),
		    json_string_value(json_object_get(s, "metric")), v);
	} else if (strcmp(kind, "trial") == 0) {
		fmt_json(json_object_get(ev, "objective"), v, sizeof v);
		budget = json_integer_value(json_object_get(s, "budget"));
		fmt_done(progress, sizeof progress, finished(s), budget);
		printf("trial %lld %s", (long long)json_integer_value(
		    json_object_get(ev, "trial")), json_string_value(
		    json_object_get(ev, "state")));
		if (json_object_get(ev, "objectives") != NULL)
			print_values(s, json_object_get(ev, "objectives"));
		else
			printf(" %s", v);
		printf("  [%s%s%s]\n", progress, budget > 0 ? " done" : "",
		    best);
	} else if (strcmp(kind, "front") == 0) {
		printf("trial %lld %s the front: ", (long long)
		    json_integer_value(json_object_get(ev, "trial")),
		    json_is_true(json_object_get(ev, "joined")) ? "raised" :
		    "did not raise");
		print_front_size(json_object_get(ev, "front"));
		putchar('\n');
	} else if (best[0] != '\0')
		printf("study %s  [%s]\n", json_string_value(
		    json_object_get(ev, "state")), best + 2);
	else
		printf("study %s\n", json_string_value(json_object_get(ev,
		    "state")));
	fflush(stdout);
}

/* Replace the summary of the event's study in the list. */
static void
update(json_t *studies, json_t *ev)
{
	json_t *sum = json_object_get(ev, "summary"), *s;
	size_t i;

	json_array_foreach(studies, i, s) {
		if (strcmp(json_string_value(json_object_get(s, "name")),
		    json_string_value(json_object_get(sum, "name"))) == 0) {
			json_array_set(studies, i, sum);
			return;
		}
	}
	json_array_append(studies, sum);
}

static int
ended(json_t *studies, const char *study, const char **state)
{
	json_t *s;
	size_t i;

	json_array_foreach(studies, i, s) {
		*state = json_string_value(json_object_get(s, "state"));
		if (strcmp(json_string_value(json_object_get(s, "name")),
		    study) == 0)
			return strcmp(*state, "running") != 0 &&
			    strcmp(*state, "paused") != 0;
	}
	return 0;
}

int
cli_watch(struct cli *cli, const char *study, int until_done)
{
	int tty = isatty(STDOUT_FILENO) && !cli->json, rc, dirty = 1;
	const char *state = "running";
	json_t *res, *studies, *ev;
	struct timespec last = {0, 0}, now;

	if ((rc = cli_call(cli, "watch", study ? json_pack("{s:s}", "study",
	    study) : json_object(), &res)) != 0)
		return rc;
	studies = json_incref(json_object_get(res, "studies"));
	json_decref(res);
	/* JSON lines start with where things stand, so a reader that
	 * subscribes after a change still sees it. */
	if (cli->json) {
		ev = json_pack("{s:s, s:O}", "event", "snapshot", "studies",
		    studies);
		cli_print_json_line(ev);
		fflush(stdout);
		json_decref(ev);
	}
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (tty && dirty && (now.tv_sec - last.tv_sec) * 1000 +
		    (now.tv_nsec - last.tv_nsec) / 1000000 >= 100) {
			draw(studies);
			last = now;
			dirty = 0;
		}
		if (study != NULL && until_done && ended(studies, study,
		    &state))
			break;
		rc = client_next(&cli->client, tty ? 200 : -1, &ev);
		if (rc < 0) {
			json_decref(studies);
			return cli_error("hpsd closed the connection");
		}
		dirty |= rc == 0 && now.tv_sec != last.tv_sec;
		if (rc == 0)
			continue;
		update(studies, ev);
		if (cli->json) {
			cli_print_json_line(ev);
			fflush(stdout);	/* one event a line, as it happens */
		} else if (!tty)
			print_event(ev);
		dirty = 1;
		json_decref(ev);
	}
	if (tty)
		draw(studies);
	if (!cli->json)
		printf("\n%s: %s\n\n", study, state);
	rc = strcmp(state, "completed") == 0 ? EXIT_OK : EXIT_ERR;
	json_decref(studies);
	return rc;
}

static int
exec_watch(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};

	while (cli_getopt(&cli_cmd_watch, argc, argv, "h", longopts) != -1)
		;
	if (optind + 1 < argc)
		return cli_usage(&cli_cmd_watch, "watch takes at most one"
		    " STUDY");
	if (cli->db != NULL)
		return cli_error("watch follows a running hpsd; --db cannot");
	return cli_watch(cli, optind < argc ? argv[optind] : NULL,
	    optind < argc);
}

const struct cli_command cli_cmd_watch = {"watch", "[STUDY]",
    "follow the sweep live (progress, best, running trials)", exec_watch};
