/*
 * retry STUDY [failed] [lost]: run exactly those trials' points again. The
 * trials keep their numbers and parameters; a finished study runs again.
 */
#include "hps/error.h"
#include "hpsd.h"

static int
exec_retry(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct study *s = cmd_study(ctx, args, err, errlen);
	int failed = hps_args_bool(args, "failed"), lost = hps_args_bool(args,
	    "lost");
	json_t *list;

	if (s == NULL)
		return HPS_ENOTFOUND;
	if (!failed && !lost)
		failed = lost = 1;
	list = json_array();
	study_retry(s, failed, lost, list);
	*result = json_pack("{s:s, s:o}", "study", s->sp->name, "trials",
	    list);
	return 0;
}

static const struct hps_arg args[] = {
	{"study", JSON_STRING, 1},
	{"failed", JSON_TRUE, 0},
	{"lost", JSON_TRUE, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_retry_entry = {"retry", args, exec_retry};
