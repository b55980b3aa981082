/*
 * The local executor (`executor: {type: local}`, the default): a trial is
 * a process of this machine under a keeper (kept.c), holding one of
 * hpsd's --slots and the GPUs it asks for. Its output and exit status do
 * not depend on hpsd: it outlives a restart and is adopted again.
 */
#include "hps/error.h"
#include "hpsd.h"

static const struct hps_optspec local_spec[] = {
	{NULL, 0, 0, 0, NULL},
};

static int
local_configure(struct executor *x, const struct daemon *d,
    const struct hps_space *sp, char *err, size_t errlen)
{
	if (x->gpus > d->ngpus)
		return hps_errf(err, errlen, HPS_EINVAL, "%s: executor.gpus is"
		    " %d but hpsd has %d GPUs (hpsd --gpus 0,1,...)", sp->path,
		    x->gpus, d->ngpus);
	return 0;
}

static int
local_start(const struct exec_launch *l, void **job, struct exec_id *id,
    char *msg, size_t len)
{
	return kept_start(l, l->d, job, id, msg, len);
}

static int
local_adopt(const struct exec_adopt *a, void **job, char *msg, size_t len)
{
	return kept_adopt(a, a->d->log_cap, job, msg, len);
}

const struct executor_ops exec_local_ops = {
	.name = "local",
	.spec = local_spec,
	.takes_local_slot = 1,
	.keeps_output = 1,
	.configure = local_configure,
	.start = local_start,
	.signal = kept_signal,
	.release = kept_release,
	.adopt = local_adopt,
	.cancel_leftover = kept_cancel_leftover,
};
