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
	int rc;

	if (s == NULL)
		return HPS_ENOTFOUND;
	if ((rc = study_set_budget(s, hps_args_int(args, "trials",
	    s->sp->trials), hps_args_int(args, "parallel", s->sp->parallel),
	    err, errlen)) != 0)
		return rc;
	*result = json_pack("{s:s, s:I, s:i, s:s}", "study", s->sp->name,
	    "trials", (json_int_t)s->sp->trials, "parallel", s->sp->parallel,
	    "state", study_state_name(s->state));
	return 0;
}

static const struct hps_arg args[] = {
	{"study", JSON_STRING, 1},
	{"trials", JSON_INTEGER, 0},
	{"parallel", JSON_INTEGER, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_budget_entry = {"budget", args, exec_budget};
