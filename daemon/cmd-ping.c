/* ping: is the daemon there, and which one; its slots, its loop's lag, the
 * heap it holds in use and SQLite's part of it (what a leak grows, unlike
 * RSS, which keeps freed pages the allocator has not given back). */
#include <malloc.h>
#include <unistd.h>

#include "hps/proto.h"
#include "hps/store.h"
#include "hps/version.h"
#include "hpsd.h"

static int
exec_ping(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct mallinfo2 mi;

	(void)args;
	(void)err;
	(void)errlen;
	mi = mallinfo2();
	*result = json_pack("{s:i, s:s, s:i, s:s, s:i, s:i, s:o, s:I, s:I}",
	    "pid", (int)getpid(), "version", hps_version(), "protocol",
	    HPS_PROTO_VERSION, "state_dir",
	    ctx->d->state_dir, "slots", ctx->d->slots, "running",
	    ctx->d->running, "lag", lag_stats(ctx->d), "heap",
	    (json_int_t)(mi.uordblks + mi.hblkhd), "store_heap",
	    (json_int_t)hps_store_memory());
	return 0;
}

static const struct hps_arg args[] = {{NULL, 0, 0}};

const struct cmd_entry cmd_ping_entry = {"ping", args, exec_ping};
