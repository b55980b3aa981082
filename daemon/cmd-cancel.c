/* cancel STUDY: stop its running trials and start no more. */
#include "hps/error.h"
#include "hpsd.h"

static int
exec_cancel(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct study *s = cmd_study(ctx, args, err, errlen);

	if (s == NULL)
		return HPS_ENOTFOUND;
	if (s->state != STUDY_RUNNING && s->state != STUDY_PAUSED &&
	    s->state != STUDY_WAITING)
		return hps_errf(err, errlen, HPS_ESTATE, "study '%s' is"
		    " already %s", s->sp->name, study_state_name(s->state));
	study_cancel(s);
	*result = json_pack("{s:s, s:i}", "study", s->sp->name, "stopping",
	    s->running);
	return 0;
}

static const struct hps_arg args[] = {
	{"study", JSON_STRING, 1},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_cancel_entry = {"cancel", args, exec_cancel};
