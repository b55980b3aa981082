/* shutdown: stop trials (they run again on restart) and exit. */
#include <unistd.h>

#include "hpsd.h"

static int
exec_shutdown(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	(void)args;
	(void)err;
	(void)errlen;
	*result = json_pack("{s:i, s:i}", "pid", (int)getpid(), "stopping",
	    ctx->d->running);
	daemon_stop(ctx->d);
	return 0;
}

static const struct hps_arg args[] = {{NULL, 0, 0}};

const struct cmd_entry cmd_shutdown_entry = {"shutdown", args,
    exec_shutdown};
