/* status: every study with its counts and best value so far (the read
 * query of the same name), and a warning while the disk is full. */
#include "hps/query.h"
#include "hpsd.h"

static int
exec_status(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	int rc;

	disk_flush(ctx->d);
	if ((rc = hps_query_run(ctx->d->store, "status", args, result, err,
	    errlen)) != 0)
		return rc;
	if (ctx->d->disk_full)
		json_object_set_new(*result, "warning", json_sprintf("no space"
		    " left on the device of %s: no new trials start until there"
		    " is", ctx->d->state_dir));
	return 0;
}

static const struct hps_arg args[] = {{NULL, 0, 0}};

const struct cmd_entry cmd_status_entry = {"status", args, exec_status};
