/*
 * The executor backends, found by name (`executor: {type: NAME}`, else
 * hpsd --executor), and the executor: section every backend shares: type
 * and gpus, plus the keys of each backend. A file may carry the keys of
 * any backend, so the same sweep moves from a laptop to a cluster by
 * changing type alone.
 */
#include <stdio.h>
#include <string.h>

#include "hps/error.h"
#include "hpsd.h"

static const struct executor_ops *const backends[] = {
#define EXECUTOR_OPS(name) &exec_##name##_ops,
	EXECUTORS(EXECUTOR_OPS)
#undef EXECUTOR_OPS
};
#define NBACKENDS (sizeof backends / sizeof backends[0])

/* Room for type, gpus and every backend's keys. */
#define SPEC_MAX 32

const struct executor_ops *
executor_find(const char *name)
{
	size_t i;

	for (i = 0; i < NBACKENDS; i++)
		if (strcmp(backends[i]->name, name) == 0)
			return backends[i];
	return NULL;
}

const char *
executor_names(void)
{
	static char words[128];
	size_t i, n = 0;

	if (words[0] != '\0')
		return words;
	for (i = 0; i < NBACKENDS; i++)
		n += (size_t)snprintf(words + n, sizeof words - n, "%s%s",
		    i ? "|" : "", backends[i]->name);
	return words;
}

/* type and gpus, then each backend's own keys: built once. */
static const struct hps_optspec *
section_spec(void)
{
	static struct hps_optspec spec[SPEC_MAX];
	const struct hps_optspec *o;
	size_t i, n = 0;

	if (spec[0].key != NULL)
		return spec;
	spec[n++] = (struct hps_optspec){"type", HPS_OPTSPEC_STR, 0, 0,
	    executor_names()};
	spec[n++] = (struct hps_optspec){"gpus", HPS_OPTSPEC_INT, 0, 64,
	    NULL};
	for (i = 0; i < NBACKENDS; i++)
		for (o = backends[i]->spec; o->key != NULL && n < SPEC_MAX - 1;
		    o++)
			spec[n++] = *o;
	return spec;
}

int
executor_init(struct daemon *d, const struct hps_space *sp,
    struct executor *x, char *err, size_t errlen)
{
	const struct hps_section *s = hps_space_section(sp, "executor");
	int rc;

	memset(x, 0, sizeof *x);
	if ((rc = hps_section_check(sp, s, section_spec(), err, errlen)) != 0)
		return rc;
	x->ops = executor_find(hps_section_str(s, "type", d->executor));
	x->gpus = (int)hps_section_num(s, "gpus", 0);
	return x->ops->configure(x, d, sp, err, errlen);
}

void
executor_free(struct executor *x)
{
	if (x->ops != NULL && x->ops->unconfigure != NULL)
		x->ops->unconfigure(x);
	x->conf = NULL;
}
