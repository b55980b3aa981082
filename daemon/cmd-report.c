/* report STUDY: everything `hps report` draws (see hps_query_report). */
#include "hps/query.h"
#include "hpsd.h"

static int
exec_report(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	/* Metric rows still in the batch belong in the curves. */
	disk_flush(ctx->d);
	return hps_query_report(ctx->d->store, cmd_arg_str(args, "study"),
	    result, err, errlen);
}

static const struct cmd_arg args[] = {
	{"study", JSON_STRING, 1},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_report_entry = {"report", args, exec_report};
