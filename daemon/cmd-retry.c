/*
 * retry STUDY [failed] [lost]: run exactly those trials' points again. The
 * trials keep their numbers and parameters; a finished study runs again.
 */
#include "hps/error.h"
#include "hpsd.h"

static int
wanted(const struct trial *t, int failed, int lost)
{
	if (t->run != NULL)
		return 0;
	if (failed && (t->state == HPS_T_FAILED || t->state == HPS_T_TIMEOUT))
		return 1;
	return lost && t->state == HPS_T_LOST;
}

static int
exec_retry(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct study *s = cmd_study(ctx, args, err, errlen);
	int failed = cmd_arg_bool(args, "failed"), lost = cmd_arg_bool(args,
	    "lost");
	json_t *list;
	size_t i;

	if (s == NULL)
		return HPS_ENOTFOUND;
	if (!failed && !lost)
		failed = lost = 1;
	list = json_array();
	for (i = 0; i < s->nmem; i++) {
		struct trial *t = s->trials[i];

		if (!wanted(t, failed, lost))
			continue;
		if (t->state != HPS_T_LOST)
			s->failures--;
		t->state = HPS_T_QUEUED;
		hps_store_trial_state(ctx->d->store, t->id, HPS_T_QUEUED);
		json_array_append_new(list, json_integer(t->number));
	}
	study_reordered(s);
	if (json_array_size(list) > 0 && s->state != STUDY_PAUSED)
		study_set_state(s, STUDY_RUNNING, NULL);
	sched_kick(ctx->d);
	*result = json_pack("{s:s, s:o}", "study", s->sp->name, "trials",
	    list);
	return 0;
}

static const struct cmd_arg args[] = {
	{"study", JSON_STRING, 1},
	{"failed", JSON_TRUE, 0},
	{"lost", JSON_TRUE, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_retry_entry = {"retry", args, exec_retry};
