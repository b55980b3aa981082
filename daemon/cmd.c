/*
 * The command table, after tmux's cmd_table[]: each command lives in its
 * own cmd-<name>.c as one entry. Arguments are checked here, once, against
 * the entry's list (names, JSON types, required) before any exec runs.
 */
#include <string.h>

#include "hps/error.h"
#include "hpsd.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_best_entry,
	&cmd_budget_entry,
	&cmd_cancel_entry,
	&cmd_curve_entry,
	&cmd_export_entry,
	&cmd_pause_entry,
	&cmd_ping_entry,
	&cmd_report_entry,
	&cmd_resume_entry,
	&cmd_retry_entry,
	&cmd_shutdown_entry,
	&cmd_status_entry,
	&cmd_submit_entry,
	&cmd_trials_entry,
	&cmd_watch_entry,
};

static const char *
type_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		break;
	}
	return "null";
}

static int
type_ok(json_t *v, json_type want)
{
	if (want == JSON_TRUE || want == JSON_FALSE)
		return json_is_boolean(v);
	if (want == JSON_REAL)
		return json_is_number(v);
	return json_typeof(v) == want;
}

static int
check_args(const struct cmd_entry *e, json_t *args, char *err,
    size_t errlen)
{
	const struct cmd_arg *a;
	const char *key;
	json_t *v;

	json_object_foreach(args, key, v) {
		for (a = e->args; a->name != NULL; a++)
			if (strcmp(a->name, key) == 0)
				break;
		if (a->name == NULL)
			return hps_errf(err, errlen, HPS_EINVAL,
			    "%s: unknown argument \"%s\"", e->name, key);
		if (!type_ok(v, a->type))
			return hps_errf(err, errlen, HPS_EINVAL,
			    "%s: argument \"%s\" must be %s", e->name, key,
			    type_name(a->type));
	}
	for (a = e->args; a->name != NULL; a++)
		if (a->required && json_object_get(args, a->name) == NULL)
			return hps_errf(err, errlen, HPS_EINVAL,
			    "%s: missing argument \"%s\"", e->name, a->name);
	return 0;
}

int
cmd_dispatch(struct cmd_ctx *ctx, const char *name, json_t *args,
    json_t **result, char *err, size_t errlen)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof cmd_table / sizeof cmd_table[0]; i++) {
		if (strcmp(cmd_table[i]->name, name) != 0)
			continue;
		if ((rc = check_args(cmd_table[i], args, err, errlen)) != 0)
			return rc;
		return cmd_table[i]->exec(ctx, args, result, err, errlen);
	}
	return hps_errf(err, errlen, HPS_EINVAL, "unknown command \"%.64s\"",
	    name);
}

const char *
cmd_arg_str(json_t *args, const char *name)
{
	return json_string_value(json_object_get(args, name));
}

long long
cmd_arg_int(json_t *args, const char *name, long long dflt)
{
	json_t *v = json_object_get(args, name);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int
cmd_arg_bool(json_t *args, const char *name)
{
	return json_is_true(json_object_get(args, name));
}
