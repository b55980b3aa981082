/* ping: is the daemon there, and which one. */
#include <unistd.h>

#include "hps/proto.h"
#include "hps/version.h"
#include "hpsd.h"

static int
exec_ping(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	(void)args;
	(void)err;
	(void)errlen;
	*result = json_pack("{s:i, s:s, s:i, s:s, s:i, s:i, s:o}", "pid",
	    (int)getpid(), "version", hps_version(), "protocol",
	    HPS_PROTO_VERSION, "state_dir",
	    ctx->d->state_dir, "slots", ctx->d->slots, "running",
	    ctx->d->running, "lag", lag_stats(ctx->d));
	return 0;
}

static const struct hps_arg args[] = {{NULL, 0, 0}};

const struct cmd_entry cmd_ping_entry = {"ping", args, exec_ping};
