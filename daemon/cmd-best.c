/* best STUDY [--top K]: the top trials by the validation objective. */
#include "hps/error.h"
#include "hps/query.h"
#include "hpsd.h"

static int
exec_best(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	long long top = cmd_arg_int(args, "top", 5);

	if (top < 1)
		return hps_errf(err, errlen, HPS_EINVAL, "top must be at"
		    " least 1");
	disk_flush(ctx->d);
	return hps_query_best(ctx->d->store, cmd_arg_str(args, "study"),
	    (long)top, result, err, errlen);
}

static const struct cmd_arg args[] = {
	{"study", JSON_STRING, 1},
	{"top", JSON_INTEGER, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_best_entry = {"best", args, exec_best};
