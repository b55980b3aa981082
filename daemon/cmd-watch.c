/*
 * watch [STUDY]: answer with a snapshot of the studies, then keep the
 * connection and push an event line for every change (see events.c).
 */
#include "hps/error.h"
#include "hpsd.h"

static int
exec_watch(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	const char *study = hps_args_str(args, "study");

	if (study != NULL && study_find(ctx->d, study) == NULL)
		return hps_errf(err, errlen, HPS_ENOTFOUND, "no study named"
		    " '%s' that hpsd is running (hps status lists them)", study);
	if (server_watch(ctx->client, study) != 0)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	*result = events_snapshot(ctx->d, study);
	return 0;
}

static const struct hps_arg args[] = {
	{"study", JSON_STRING, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_watch_entry = {"watch", args, exec_watch};
