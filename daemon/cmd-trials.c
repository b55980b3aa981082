/* trials STUDY [--state S] [--sort K]: the study's trials as rows. */
#include "hps/query.h"
#include "hpsd.h"

static int
exec_trials(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	disk_flush(ctx->d);
	return hps_query_trials(ctx->d->store, cmd_arg_str(args, "study"),
	    cmd_arg_str(args, "state"), cmd_arg_str(args, "sort"), result, err,
	    errlen);
}

static const struct cmd_arg args[] = {
	{"study", JSON_STRING, 1},
	{"state", JSON_STRING, 0},
	{"sort", JSON_STRING, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_trials_entry = {"trials", args, exec_trials};
