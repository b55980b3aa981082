/* curve STUDY TRIAL: one trial's learning curves and diagnosis. */
#include "hps/query.h"
#include "hpsd.h"

static int
exec_curve(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	disk_flush(ctx->d);
	return hps_query_curve(ctx->d->store, cmd_arg_str(args, "study"),
	    (long)cmd_arg_int(args, "trial", 0), (long)cmd_arg_int(args,
	    "patience", 0), result, err, errlen);
}

static const struct cmd_arg args[] = {
	{"study", JSON_STRING, 1},
	{"trial", JSON_INTEGER, 1},
	{"patience", JSON_INTEGER, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_curve_entry = {"curve", args, exec_curve};
