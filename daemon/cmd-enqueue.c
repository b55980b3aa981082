/*
 * enqueue STUDY values: ["name=value", ...]: add a point to a study's
 * queue, checked against its space; it runs before the method's next
 * proposal and counts toward the budget.
 */
#include "hps/error.h"
#include "hpsd.h"

static int
exec_enqueue(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct study *s = cmd_study(ctx, args, err, errlen);
	struct trial *t;

	if (s == NULL)
		return HPS_ENOTFOUND;
	if ((t = warm_enqueue(s, json_object_get(args, "values"), err,
	    errlen)) == NULL)
		return HPS_EINVAL;
	*result = json_pack("{s:s, s:I, s:o}", "study", s->sp->name, "trial",
	    (json_int_t)t->number, "params", hps_space_params_json(s->sp,
	    t->params));
	sched_kick(ctx->d);
	return 0;
}

static const struct hps_arg args[] = {
	{"study", JSON_STRING, 1},
	{"values", JSON_ARRAY, 1},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_enqueue_entry = {"enqueue", args, exec_enqueue};
