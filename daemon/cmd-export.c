/* export STUDY: one row per trial (parameters, objective, state, final
 * metrics); the client writes it as CSV or JSON. */
#include "hps/query.h"
#include "hpsd.h"

static int
exec_export(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	disk_flush(ctx->d);
	return hps_query_export(ctx->d->store, cmd_arg_str(args, "study"),
	    result, err, errlen);
}

static const struct cmd_arg args[] = {
	{"study", JSON_STRING, 1},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_export_entry = {"export", args, exec_export};
