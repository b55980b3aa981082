/* shutdown: exit, leaving trials running for the next hpsd to adopt, or
 * (stop) stopping them (they run again on restart). */
#include <unistd.h>

#include "hpsd.h"

static int
exec_shutdown(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	int stop = hps_args_bool(args, "stop");

	(void)err;
	(void)errlen;
	*result = json_pack("{s:i, s:i, s:b}", "pid", (int)getpid(),
	    "running", ctx->d->running, "stop", stop);
	daemon_stop(ctx->d, stop);
	return 0;
}

static const struct hps_arg args[] = {
	{"stop", JSON_TRUE, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_shutdown_entry = {"shutdown", args,
    exec_shutdown};
