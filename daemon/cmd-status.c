/* status: every study with its counts and best value so far. */
#include "hps/query.h"
#include "hpsd.h"

static int
exec_status(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	(void)args;
	hps_store_flush(ctx->d->store);
	return hps_query_status(ctx->d->store, result, err, errlen);
}

static const struct cmd_arg args[] = {{NULL, 0, 0}};

const struct cmd_entry cmd_status_entry = {"status", args, exec_status};
