/*
 * The command table, after tmux's cmd_table[]: each command lives in its
 * own cmd-<name>.c as one entry. Arguments are checked here, once, against
 * the entry's list (names, JSON types, required) before any exec runs. A
 * name not in the table is a read query of core's registry (hps/query.h):
 * best, trials, curve, export, report, answered from the store once the
 * batch of metric values is committed. A command here may also wrap a
 * query to add what only the daemon knows (status).
 */
#include <string.h>

#include "hps/error.h"
#include "hps/query.h"
#include "hpsd.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_budget_entry,
	&cmd_cancel_entry,
	&cmd_pause_entry,
	&cmd_ping_entry,
	&cmd_resume_entry,
	&cmd_retry_entry,
	&cmd_shutdown_entry,
	&cmd_status_entry,
	&cmd_submit_entry,
	&cmd_watch_entry,
};

int
cmd_dispatch(struct cmd_ctx *ctx, const char *name, json_t *args,
    json_t **result, char *err, size_t errlen)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof cmd_table / sizeof cmd_table[0]; i++) {
		if (strcmp(cmd_table[i]->name, name) != 0)
			continue;
		if ((rc = hps_args_check(cmd_table[i]->name,
		    cmd_table[i]->args, args, err, errlen)) != 0)
			return rc;
		return cmd_table[i]->exec(ctx, args, result, err, errlen);
	}
	if (hps_query_find(name) == NULL)
		return hps_errf(err, errlen, HPS_EINVAL, "unknown command"
		    " \"%.64s\"", name);
	disk_flush(ctx->d);
	return hps_query_run(ctx->d->store, name, args, result, err, errlen);
}
