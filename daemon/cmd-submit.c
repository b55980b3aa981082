/*
 * submit: parse and validate a space file sent by the client, store the
 * study and start scheduling it (importing warm_start.from's trials,
 * counted in the answer). With "check", validate only and answer the
 * space's shape too (hps_search_shape); with "trials", run at most that
 * many trials (hps submit --trials N, as wandb agent --count N). A bad
 * file changes nothing in the store.
 */
#include <stdlib.h>

#include "hps/error.h"
#include "hpsd.h"

/* Secrets named by env_from must be in hpsd's environment. */
static int
check_env_from(const struct hps_space *sp, char *err, size_t errlen)
{
	const char *var = study_missing_env(sp);

	if (var != NULL)
		return hps_errf(err, errlen, HPS_EINVAL, "%s: env_from names"
		    " %s, which hpsd's environment does not have; start hpsd"
		    " with it set (or remove it)", sp->path, var);
	return 0;
}

/* --trials N caps the study: the file's budget, or none, or the grid. */
static int
cap_trials(struct hps_space *sp, json_t *args, char *err, size_t errlen)
{
	long long n = hps_args_int(args, "trials", 0);

	if (json_object_get(args, "trials") == NULL)
		return 0;
	if (n < 1 || n > 1000000000)
		return hps_errf(err, errlen, HPS_EINVAL, "--trials must be "
		    "from 1 to 1000000000");
	if (sp->trials <= 0 || n < sp->trials)
		sp->trials = (long)n;
	if ((size_t)sp->trials < sp->life.npoints)
		return hps_errf(err, errlen, HPS_EINVAL, "--trials %lld is"
		    " fewer than the file's %zu warm_start points, which count"
		    " toward the budget", n, sp->life.npoints);
	return 0;
}

static json_t *
describe(const struct hps_space *sp)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:i, s:I}", "study",
	    sp->name, "method", sp->method, "metric",
	    sp->metric, "goal", sp->goal == HPS_MAXIMIZE ? "maximize" :
	    "minimize", "trials", (json_int_t)sp->trials, "parallel",
	    sp->parallel, "parameters", (json_int_t)sp->nparams);

	if (sp->nobj > 1)
		json_object_set_new(o, "objectives",
		    hps_space_objectives_json(sp));
	return o;
}

/*
 * The space file of a submit, parsed, renamed, capped at --trials and its
 * env_from met.
 */
static int
read_space(json_t *args, struct hps_space **out, char *err, size_t errlen)
{
	const char *name = hps_args_str(args, "name");
	int rc;

	if ((rc = hps_space_parse(hps_args_str(args, "path"), hps_args_str(args,
	    "text"), json_string_length(json_object_get(args, "text")), out,
	    err, errlen)) != 0)
		return rc;
	if ((name != NULL && (rc = hps_space_rename(*out, name, err,
	    errlen)) != 0) || (rc = cap_trials(*out, args, err, errlen)) != 0 ||
	    (rc = check_env_from(*out, err, errlen)) != 0) {
		hps_space_free(*out);
		*out = NULL;
	}
	return rc;
}

/* A submit and --check run the same checks; only a submit stores. */
static int
exec_submit(struct cmd_ctx *ctx, json_t *args, json_t **result, char *err,
    size_t errlen)
{
	struct hps_space *sp;
	struct study *s;
	json_t *shape = NULL, *imports = NULL;
	int rc;

	if ((rc = read_space(args, &sp, err, errlen)) != 0)
		return rc;
	if ((rc = hps_search_shape(sp, &shape, err, errlen)) != 0 ||
	    (rc = study_new(ctx->d, sp, &s, err, errlen)) != 0) {
		json_decref(shape);
		hps_space_free(sp);
		return rc;
	}
	rc = warm_import(s, 1, &imports, err, errlen);
	if (rc == 0 && !hps_args_bool(args, "check") && ctx->d->stopping)
		rc = hps_errf(err, errlen, HPS_ESTATE, "hpsd is shutting"
		    " down; submit again once it has restarted");
	else if (rc == 0 && !hps_args_bool(args, "check"))
		rc = study_add(s, err, errlen);
	if (rc == 0)
		*result = describe(sp);
	if (rc == 0 && hps_args_bool(args, "check"))
		json_object_set(*result, "shape", shape);
	json_decref(shape);
	if (rc == 0 && sp->life.nfrom > 0)
		json_object_set(*result, "warm_start", imports);
	json_decref(imports);
	if (rc != 0 || hps_args_bool(args, "check"))
		study_free(s);
	else
		sched_kick(ctx->d);
	return rc;
}

static const struct hps_arg args[] = {
	{"path", JSON_STRING, 1},
	{"text", JSON_STRING, 1},
	{"check", JSON_TRUE, 0},
	{"name", JSON_STRING, 0},
	{"trials", JSON_INTEGER, 0},
	{NULL, 0, 0},
};

const struct cmd_entry cmd_submit_entry = {"submit", args, exec_submit};
