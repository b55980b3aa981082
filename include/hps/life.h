/*
 * A study's life around its trials, as its space file sets it: where it
 * starts (warm_start: points to run first, earlier studies to learn
 * from), when it ends (budget.time or budget.until, budget.patience),
 * when a running trial counts as stalled (stall:), and which commands
 * hear of its events (on:). The space parser fills struct hps_life
 * (core/space_life.c); the daemon acts on it.
 */
#ifndef HPS_LIFE_H
#define HPS_LIFE_H

#include <stddef.h>

#include "hps/value.h"

/* The events a hook (on:) may run on, by the names the file uses. */
enum hps_event {
	HPS_EV_NEW_BEST,	/* a trial beat every result so far */
	HPS_EV_COMPLETED,	/* the study completed */
	HPS_EV_FAILED,		/* the study failed */
	HPS_EV_TRIAL_FAILED,	/* a trial failed or timed out */
	HPS_EV_STALLED,		/* a running trial wrote nothing for stall: */
	HPS_EV_N
};

/* A hook's words, as the file gives a command (a string split as a shell
 * would, or a list), each holding {study} {trial} {best} {state}
 * {event} placeholders; never run through a shell. */
struct hps_hook {
	char **argv;		/* NULL: no hook for the event */
	size_t argc;
};

/* A warm_start point: one value per parameter, checked and defaulted. */
struct hps_point {
	struct hps_value *vals;
	int line, col;
};

struct hps_life {
	struct hps_point *points;	/* warm_start.points, run first */
	size_t npoints;
	int points_line, points_col;
	char **from;			/* warm_start.from: study names */
	int *from_pos;			/* line, column of each name */
	size_t nfrom;
	double time;			/* budget.time in seconds; 0: none */
	int has_until;			/* budget.until given: */
	int until;			/* minutes after midnight, local */
	long patience;			/* budget.patience; 0: none */
	int hard;			/* budget.hard: stop trials at the
					   deadline */
	double stall;			/* stall: seconds; 0: none */
	int stall_stop;			/* stall_action: stop */
	struct hps_hook hooks[HPS_EV_N];
	double hook_timeout;		/* on.timeout, seconds; 0: the
					   default, HPS_HOOK_TIMEOUT */
};

/* Seconds a hook may run before it is killed, unless on.timeout says. */
#define HPS_HOOK_TIMEOUT 60

/* What a hook's placeholders become (and its HPS_* environment). */
struct hps_hook_vars {
	const char *study;
	const char *trial;		/* "" when the event has none */
	const char *best;		/* "" before any result */
	const char *state;
	const char *event;
};

/* "new_best", "completed", "failed", "trial_failed", "stalled". */
const char *hps_event_name(enum hps_event e);
/* The hook's argv with its placeholders filled ({{ and }} are single
 * braces); NULL-terminated, freed with hps_argv_free. HPS_ENOMEM. */
int hps_hook_argv(const struct hps_hook *h, const struct hps_hook_vars *v,
    char ***argv);
/* The deadline of a study submitted at `now` (seconds since the epoch):
 * now + budget.time, or the next local time of day budget.until after
 * now; 0 when the file sets neither. */
double hps_life_deadline(const struct hps_life *l, double now);

#endif
