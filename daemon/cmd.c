/*
 * The command table, after tmux's cmd_table[]: each command lives in its
 * own cmd-<name>.c as one entry. Arguments are checked here, once, against
 * the entry's list (names, JSON types, required) before any exec runs. A
 * name not in the table is a read query of core's registry (hps/query.h):
 * status, best, trials, curve, export, report, which the server runs on a
 * worker thread (reader.c) once the batch of metric values is committed.
 */
#include <string.h>

#include "hps/error.h"
#include "hps/query.h"
#include "hpsd.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_budget_entry,
	&cmd_cancel_entry,
	&cmd_enqueue_entry,
	&cmd_pause_entry,
	&cmd_ping_entry,
	&cmd_resume_entry,
	&cmd_retry_entry,
	&cmd_shutdown_entry,
	&cmd_submit_entry,
	&cmd_watch_entry,
};

int
cmd_find(const char *name, json_t *args, const struct cmd_entry **e,
    char *err, size_t errlen)
{
	size_t i;

	*e = NULL;
	for (i = 0; i < sizeof cmd_table / sizeof cmd_table[0]; i++) {
		if (strcmp(cmd_table[i]->name, name) != 0)
			continue;
		*e = cmd_table[i];
		return hps_args_check(cmd_table[i]->name, cmd_table[i]->args,
		    args, err, errlen);
	}
	if (hps_query_find(name) == NULL)
		return hps_errf(err, errlen, HPS_EINVAL, "unknown command"
		    " \"%.64s\"", name);
	return 0;
}
