/*
 * pause STUDY [now] and resume STUDY: a paused study lets its running
 * trials finish and starts no new ones until it is resumed; with now, its
 * running trials are stopped (SIGTERM, so they can checkpoint) and wait,
 * paused, to resume where they stopped.
 */
#include "hps/error.h"
#include "hpsd.h"

/* The named study, or an error naming what to do. */
struct study *
cmd_study(struct cmd_ctx *ctx, json_t *args, char *err, size_t errlen)
{
	const char *name = hps_args_str(args, "study");
	struct study *s = study_find(ctx->d, name);

	if (s == NULL)
		hps_errf(err, errlen, HPS_ENOTFOUND, "no study named '%s' that"
		    " hpsd can still change (hps status lists them)", name);
	return s;
}

static int
exec_pause(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct study *s = cmd_study(ctx, args, err, errlen);
	int now = hps_args_bool(args, "now"), stopped = 0;

	if (s == NULL)
		return HPS_ENOTFOUND;
	/* --now also stops what a plain pause left running. */
	if (s->state != STUDY_RUNNING && !(now && s->state == STUDY_PAUSED))
		return hps_errf(err, errlen, HPS_ESTATE, "study '%s' is %s, not"
		    " running", s->sp->name, study_state_name(s->state));
	study_set_state(s, STUDY_PAUSED, NULL);
	if (now)
		stopped = study_pause_now(s);
	*result = json_pack("{s:s, s:i, s:i}", "study", s->sp->name,
	    "running", s->running - stopped, "stopping", stopped);
	return 0;
}

static int
exec_resume(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct study *s = cmd_study(ctx, args, err, errlen);

	if (s == NULL)
		return HPS_ENOTFOUND;
	if (s->state != STUDY_PAUSED)
		return hps_errf(err, errlen, HPS_ESTATE, "study '%s' is %s, not"
		    " paused", s->sp->name, study_state_name(s->state));
	study_set_state(s, STUDY_RUNNING, NULL);
	study_check(s);
	sched_kick(ctx->d);
	*result = json_pack("{s:s, s:s}", "study", s->sp->name, "state",
	    study_state_name(s->state));
	return 0;
}

static const struct hps_arg pause_args[] = {
	{"study", JSON_STRING, 1},
	{"now", JSON_TRUE, 0},
	{NULL, 0, 0},
};

static const struct hps_arg args[] = {
	{"study", JSON_STRING, 1},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_pause_entry = {"pause", pause_args, exec_pause};
const struct cmd_entry cmd_resume_entry = {"resume", args, exec_resume};
