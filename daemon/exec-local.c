/*
 * The local executor (`executor: {type: local}`, the default): a trial is
 * a process of this machine in its own session (child.c), holding one of
 * hpsd's --slots and the GPUs it asks for; it is stopped by signalling
 * its process group.
 */
#include <stdlib.h>

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

static void
on_output(struct child *c, int which, const char *p, size_t n)
{
	run_output(c->data, which ? RUN_STDERR : RUN_STDOUT, p, n);
}

static void
on_eof(struct child *c, int which)
{
	run_output_end(c->data, which ? RUN_STDERR : RUN_STDOUT);
}

static void
on_child_exit(struct child *c, int64_t status, int sig)
{
	run_exited(c->data, status, sig);
}

int
exec_local_spawn(const struct exec_launch *l, char **argv, struct child *c,
    struct exec_id *id, char *msg, size_t len)
{
	int rc;

	c->data = l->run;
	c->output_cb = on_output;
	c->eof_cb = on_eof;
	c->exit_cb = on_child_exit;
	if ((rc = child_spawn(l->loop, c, argv, l->env, l->cwd, msg,
	    len)) != 0)
		return rc;
	id->pid = c->pid;
	if (proc_start_time(c->pid, &id->start) != 0)
		id->start = 0;
	return 0;
}

static int
local_start(const struct exec_launch *l, void **job, struct exec_id *id,
    char *msg, size_t len)
{
	struct child *c;
	int rc;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return hps_errf(msg, len, HPS_ENOMEM, "out of memory");
	if ((rc = exec_local_spawn(l, l->argv, c, id, msg, len)) != 0) {
		free(c);
		return rc;
	}
	*job = c;
	return 0;
}

static void
local_signal(void *job, int sig)
{
	child_signal(job, sig);
}

static void
on_closed(struct child *c)
{
	struct run *r = c->data;

	free(c);
	run_released(r);
}

void
exec_local_release(void *job)
{
	child_close(job, on_closed);
}

void
exec_local_cancel_leftover(const struct trial *t, const struct exec_id *id)
{
	child_kill_leftover(t, id->pid, id->start);
}

const struct executor_ops exec_local_ops = {
	.name = "local",
	.spec = local_spec,
	.takes_local_slot = 1,
	.configure = local_configure,
	.start = local_start,
	.signal = local_signal,
	.release = exec_local_release,
	.cancel_leftover = exec_local_cancel_leftover,
};
