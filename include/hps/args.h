/*
 * A command's arguments: the "args" object of a request (hps/proto.h),
 * checked once against the command's list before the command runs, then
 * read with typed getters. Daemon commands and read queries (hps/query.h)
 * declare theirs the same way.
 */
#ifndef HPS_ARGS_H
#define HPS_ARGS_H

#include <jansson.h>
#include <stddef.h>

/* An argument: its name, its JSON type (JSON_TRUE: any boolean,
 * JSON_REAL: any number) and whether it must be there. A list of them
 * ends with {NULL}. */
struct hps_arg {
	const char *name;
	json_type type;
	int required;
};

/* Unknown names, wrong types and missing required arguments of command
 * cmd: HPS_EINVAL with a message. */
int hps_args_check(const char *cmd, const struct hps_arg *spec, json_t *args,
    char *err, size_t errlen);
/* Typed reads: NULL, dflt or 0 when the argument is absent. */
const char *hps_args_str(json_t *args, const char *name);
long long hps_args_int(json_t *args, const char *name, long long dflt);
int hps_args_bool(json_t *args, const char *name);

#endif
