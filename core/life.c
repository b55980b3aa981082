/*
 * A study's life settings at work (hps/life.h): the events' names, a
 * hook's words with their placeholders filled, and the deadline that
 * budget.time or budget.until gives a study when it is submitted.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hps/error.h"
#include "hps/life.h"
#include "hps/space.h"
#include "space_int.h"

static const char *const event_names[HPS_EV_N] = {
	[HPS_EV_NEW_BEST] = "new_best",
	[HPS_EV_COMPLETED] = "completed",
	[HPS_EV_FAILED] = "failed",
	[HPS_EV_TRIAL_FAILED] = "trial_failed",
	[HPS_EV_STALLED] = "stalled",
};

const char *
hps_event_name(enum hps_event e)
{
	return (unsigned)e < HPS_EV_N ? event_names[e] : "unknown";
}

/* A placeholder's value; the parser let no other name through. */
static const char *
var(const struct hps_hook_vars *v, const char *name, size_t len)
{
	const char *const names[] = {"study", "trial", "best", "state",
	    "event"};
	const char *const vals[] = {v->study, v->trial, v->best, v->state,
	    v->event};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return vals[i] ? vals[i] : "";
	return "";
}

/* One word with its placeholders filled; malloc'ed, NULL: no memory. */
static char *
fill(const char *word, const struct hps_hook_vars *v)
{
	const char *p = word, *start, *val;
	size_t len, n = 0, cap = strlen(word) + 1;
	char *out = malloc(cap), *grown;
	int k;

	while (out != NULL && (k = hps__cmdline_piece(&p, &start, &len)) > 0) {
		val = k == 2 ? var(v, start, len) : start;
		len = k == 2 ? strlen(val) : len;
		if (n + len + 1 > cap) {
			cap = (n + len + 1) * 2;
			if ((grown = realloc(out, cap)) == NULL) {
				free(out);
				return NULL;
			}
			out = grown;
		}
		memcpy(out + n, val, len);
		n += len;
	}
	if (out != NULL)
		out[n] = '\0';
	return out;
}

int
hps_hook_argv(const struct hps_hook *h, const struct hps_hook_vars *v,
    char ***argv)
{
	size_t i;

	if ((*argv = calloc(h->argc + 1, sizeof **argv)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < h->argc; i++)
		if (((*argv)[i] = fill(h->argv[i], v)) == NULL) {
			hps_argv_free(*argv);
			*argv = NULL;
			return HPS_ENOMEM;
		}
	return 0;
}

/* The next moment after now whose local time of day is minute m. */
static double
next_time_of_day(int m, double now)
{
	time_t t = (time_t)now, at;
	struct tm tm;
	int day;

	localtime_r(&t, &tm);
	for (day = 0; day < 3; day++) {
		struct tm want = tm;

		want.tm_mday += day;
		want.tm_hour = m / 60;
		want.tm_min = m % 60;
		want.tm_sec = 0;
		want.tm_isdst = -1;
		if ((at = mktime(&want)) != (time_t)-1 && (double)at > now)
			return (double)at;
	}
	return now + 86400;
}

double
hps_life_deadline(const struct hps_life *l, double now)
{
	if (l->time > 0)
		return now + l->time;
	if (l->has_until)
		return next_time_of_day(l->until, now);
	return 0;
}
