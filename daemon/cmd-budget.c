/*
 * budget STUDY [trials N] [parallel P]: change a study's budget while it
 * runs. More trials reopen a finished study; fewer than it already has
 * are refused.
 */
#include "hps/error.h"
#include "hpsd.h"

static int
exec_budget(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct study *s = cmd_study(ctx, args, err, errlen);
	long long trials, parallel;

	if (s == NULL)
		return HPS_ENOTFOUND;
	/* An open-ended study (trials 0) stays open unless given a number. */
	trials = cmd_arg_int(args, "trials", s->sp->trials);
	parallel = cmd_arg_int(args, "parallel", s->sp->parallel);
	if (trials > 0 && trials < (long long)s->ntrials)
		return hps_errf(err, errlen, HPS_EINVAL, "study '%s' already has"
		    " %zu trials; the budget cannot be lower", s->sp->name,
		    s->ntrials);
	if (parallel < 1 || parallel > 1024)
		return hps_errf(err, errlen, HPS_EINVAL, "parallel must be from"
		    " 1 to 1024");
	s->sp->trials = (long)trials;
	s->sp->parallel = (int)parallel;
	hps_store_set_budget(ctx->d->store, s->id, s->sp->trials,
	    s->sp->parallel);
	if ((long)s->ntrials < s->sp->trials && (s->state ==
	    STUDY_COMPLETED || (s->state == STUDY_FAILED &&
	    s->failures < s->sp->max_failures))) {
		s->exhausted = 0;
		study_set_state(s, STUDY_RUNNING, NULL);
	}
	sched_kick(ctx->d);
	*result = json_pack("{s:s, s:I, s:i, s:s}", "study", s->sp->name,
	    "trials", (json_int_t)s->sp->trials, "parallel", s->sp->parallel,
	    "state", study_state_name(s->state));
	return 0;
}

static const struct cmd_arg args[] = {
	{"study", JSON_STRING, 1},
	{"trials", JSON_INTEGER, 0},
	{"parallel", JSON_INTEGER, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_budget_entry = {"budget", args, exec_budget};
