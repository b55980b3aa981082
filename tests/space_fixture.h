/*
 * Hand-built search spaces for the strategy tests, without the parser:
 * ts_init, then ts_add / ts_strings per parameter, and ts_opt for an
 * option of the method's section (genetic:, bayes:...).
 */
#ifndef HPS_SPACE_FIXTURE_H
#define HPS_SPACE_FIXTURE_H

#include <string.h>

#include "hps/space.h"
#include "test.h"

#define TS_MAXP 24
#define TS_MAXOPT 8

struct tspace {
	struct hps_space sp;
	struct hps_param p[TS_MAXP];
	struct hps_value v[TS_MAXP][8];
	struct hps_section sec;		/* the method's options */
	struct hps_opt opt[TS_MAXOPT];
};

static inline void
ts_init(struct tspace *t, const char *method, uint64_t seed)
{
	memset(t, 0, sizeof *t);
	t->sp.params = t->p;
	t->sp.seed = seed;
	t->sp.method = (char *)method;
	t->sec.name = (char *)method;
	t->sec.opts = t->opt;
	t->sp.sections = &t->sec;
	t->sp.nsections = 1;
}

static inline struct hps_param *
ts_add(struct tspace *t, enum hps_ptype type, double min, double max,
    double step, int log)
{
	struct hps_param *p = &t->p[t->sp.nparams];

	ASSERT(t->sp.nparams < TS_MAXP);
	p->name = "p";
	p->type = type;
	p->min = min;
	p->max = max;
	p->step = step;
	p->log = log;
	p->values = t->v[t->sp.nparams];
	t->sp.nparams++;
	return p;
}

/* A categorical (or constant) of strings. */
static inline struct hps_param *
ts_strings(struct tspace *t, enum hps_ptype type, const char **names,
    size_t n)
{
	struct hps_param *p = ts_add(t, type, 0, 0, 0, 0);
	size_t i;

	for (i = 0; i < n; i++) {
		p->values[i].kind = HPS_V_STR;
		p->values[i].str = (char *)names[i];
	}
	p->nvalues = n;
	return p;
}

#endif
