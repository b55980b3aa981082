/* A command's arguments checked against its list (see hps/args.h). */
#include <string.h>

#include "hps/args.h"
#include "hps/error.h"

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

int
hps_args_check(const char *cmd, const struct hps_arg *spec, json_t *args,
    char *err, size_t errlen)
{
	const struct hps_arg *a;
	const char *key;
	json_t *v;

	json_object_foreach(args, key, v) {
		for (a = spec; a->name != NULL; a++)
			if (strcmp(a->name, key) == 0)
				break;
		if (a->name == NULL)
			return hps_errf(err, errlen, HPS_EINVAL,
			    "%s: unknown argument \"%s\"", cmd, key);
		if (!type_ok(v, a->type))
			return hps_errf(err, errlen, HPS_EINVAL,
			    "%s: argument \"%s\" must be %s", cmd, key,
			    type_name(a->type));
	}
	for (a = spec; a->name != NULL; a++)
		if (a->required && json_object_get(args, a->name) == NULL)
			return hps_errf(err, errlen, HPS_EINVAL,
			    "%s: missing argument \"%s\"", cmd, a->name);
	return 0;
}

const char *
hps_args_str(json_t *args, const char *name)
{
	return json_string_value(json_object_get(args, name));
}

long long
hps_args_int(json_t *args, const char *name, long long dflt)
{
	json_t *v = json_object_get(args, name);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int
hps_args_bool(json_t *args, const char *name)
{
	return json_is_true(json_object_get(args, name));
}
