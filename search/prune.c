/*
 * Early stopping, the common part: the early_stopping: section's checks,
 * the per-trial curves that every rule reads, and the dispatch to a rule's
 * table. The rules themselves are in prune_median.c, prune_asha.c and
 * prune_hyperband.c; the semantics are written down in include/hps/prune.h.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "prune_int.h"

/* Every key of every rule, so a misspelling is named with a suggestion. */
static const struct hps_optspec prune_spec[] = {
	{"rule", HPS_OPTSPEC_STR, 0, 0, "median|asha|hyperband|none"},
	{"min_trials", HPS_OPTSPEC_INT, 0, 1e6, NULL},
	{"warmup_steps", HPS_OPTSPEC_INT, 0, 1e9, NULL},
	{"interval", HPS_OPTSPEC_INT, 1, 1e9, NULL},
	{"min_steps", HPS_OPTSPEC_INT, 1, 1e9, NULL},
	{"max_steps", HPS_OPTSPEC_INT, 1, 1e12, NULL},
	{"eta", HPS_OPTSPEC_NUM, 1, 1e3, NULL},
	{"min_iter", HPS_OPTSPEC_INT, 1, 1e9, NULL},
	{"max_iter", HPS_OPTSPEC_INT, 1, 1e12, NULL},
	{"s", HPS_OPTSPEC_INT, 1, 100, NULL},
	{"strict", HPS_OPTSPEC_BOOL, 0, 0, NULL},
	{NULL, 0, 0, 0, NULL},
};

/* Which rules own each option (rule itself belongs to all). */
static const struct {
	const char *key;
	const char *rules;
} prune_owner[] = {
	{"min_trials", "median"},
	{"warmup_steps", "median"},
	{"interval", "median"},
	{"min_steps", "asha"},
	{"max_steps", "asha"},
	{"eta", "asha or hyperband"},
	{"min_iter", "hyperband"},
	{"max_iter", "hyperband"},
	{"s", "hyperband"},
	{"strict", "hyperband"},
};

static const struct hps__prune_rule prune_none = {"none", 0, NULL, NULL,
    NULL};

static const struct hps__prune_rule *
prune_rule_find(const char *name)
{
	if (strcmp(name, "median") == 0)
		return &hps__prune_median;
	if (strcmp(name, "asha") == 0)
		return &hps__prune_asha;
	if (strcmp(name, "hyperband") == 0)
		return &hps__prune_hyperband;
	return &prune_none;
}

/* Whether rule is one of the words of rules ("asha or hyperband"). */
static int
prune_owns(const char *rules, const char *rule)
{
	size_t n = strlen(rule);
	const char *p;

	for (p = strstr(rules, rule); p != NULL; p = strstr(p + 1, rule))
		if ((p == rules || p[-1] == ' ') && (p[n] == '\0' ||
		    p[n] == ' '))
			return 1;
	return 0;
}

/*
 * An option of the other rule is an error rather than silently unused:
 * "eta" under rule median means the file says something it does not do.
 * Rule none accepts both sets, so switching a rule off is a one-word edit.
 */
static int
prune_check_owners(const struct hps_space *sp, const struct hps_section *s,
    const char *rule, char *err, size_t errlen)
{
	const struct hps_opt *o;
	size_t i, j;

	if (strcmp(rule, "none") == 0)
		return 0;
	for (i = 0; i < s->nopts; i++) {
		o = &s->opts[i];
		for (j = 0; j < sizeof prune_owner / sizeof prune_owner[0];
		    j++) {
			if (strcmp(o->key, prune_owner[j].key) == 0 &&
			    !prune_owns(prune_owner[j].rules, rule))
				return hps_space_errat(sp, o->line, o->col,
				    err, errlen, "early_stopping.%s is an "
				    "option of rule %s, not of rule %s",
				    o->key, prune_owner[j].rules, rule);
		}
	}
	return 0;
}

/*
 * With several objectives a trial is ranked by its Pareto rank and its
 * hypervolume contribution (ASHA); the median rule and W&B's hyperband
 * compare single values, which several objectives do not have.
 */
static int
prune_check_several(const struct hps_space *sp, const struct hps_section *s,
    const char *rule, char *err, size_t errlen)
{
	const struct hps_opt *o = hps_section_get(s, "rule");

	if (sp->nobj < 2 || (strcmp(rule, "median") != 0 &&
	    strcmp(rule, "hyperband") != 0))
		return 0;
	return hps_space_errat(sp, o->line, o->col, err, errlen,
	    "early_stopping rule %s compares one value per trial (%s), and"
	    " with %zu objectives a trial has %zu; use rule: asha, which ranks"
	    " the trials at each rung by non-dominated rank and hypervolume"
	    " contribution, or rule: none", rule, strcmp(rule, "median") ==
	    0 ? "its best against the median of the others" : "against a"
	    " threshold value at each band", sp->nobj, sp->nobj);
}

static int
prune_check(const struct hps_space *sp, const struct hps_section *s,
    const char **rule, char *err, size_t errlen)
{
	int rc;

	*rule = "none";
	if (s == NULL)
		return 0;
	if ((rc = hps_section_check(sp, s, prune_spec, err, errlen)) != 0)
		return rc;
	if (hps_section_get(s, "rule") == NULL)
		return hps_space_errat(sp, s->line, s->col, err, errlen,
		    "early_stopping needs a rule: median, asha, hyperband "
		    "or none");
	*rule = hps_section_str(s, "rule", "none");
	if ((rc = prune_check_several(sp, s, *rule, err, errlen)) != 0)
		return rc;
	return prune_check_owners(sp, s, *rule, err, errlen);
}

int
hps_pruner_new(const struct hps_space *sp, struct hps_pruner **out,
    char *err, size_t errlen)
{
	const struct hps_section *s;
	struct hps_pruner *p;
	const char *rule;
	int rc;

	*out = NULL;
	s = hps_space_section(sp, "early_stopping");
	if ((rc = prune_check(sp, s, &rule, err, errlen)) != 0)
		return rc;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	p->rule = prune_rule_find(rule);
	p->sp = sp;
	p->maximize = sp->goal == HPS_MAXIMIZE;
	p->rank_best = sp->summary == HPS_SUM_BEST;
	p->nmore = sp->nobj > 1 ? sp->nobj - 1 : 0;
	if (p->rule->setup != NULL &&
	    (rc = p->rule->setup(p, s, err, errlen)) != 0) {
		hps_pruner_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

static void
prune_trial_free(const struct hps_pruner *p, struct hps__ptrial *t)
{
	size_t k;

	for (k = 0; t->more != NULL && k < p->nmore; k++)
		free(t->more[k].pts);
	free(t->more);
	free(t->pts);
	free(t);
}

void
hps_pruner_free(struct hps_pruner *p)
{
	size_t i;

	if (p == NULL)
		return;
	if (p->rule->free != NULL)
		p->rule->free(p);
	for (i = 0; i < p->ntrials; i++)
		prune_trial_free(p, p->trials[i]);
	free(p->trials);
	free(p->work);
	free(p);
}

/* Index of the first trial numbered >= number. */
static size_t
prune_trial_pos(const struct hps_pruner *p, long number)
{
	size_t lo = 0, hi = p->ntrials, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->trials[mid]->number < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct hps__ptrial *
prune_trial_find(const struct hps_pruner *p, long number)
{
	size_t i = prune_trial_pos(p, number);

	if (i < p->ntrials && p->trials[i]->number == number)
		return p->trials[i];
	return NULL;
}

/*
 * Grow the table and the median's workspace together, so a judgement
 * never allocates: the workspace has a slot for every trial.
 */
static int
prune_grow(struct hps_pruner *p)
{
	size_t cap = p->cap ? p->cap * 2 : 16;
	struct hps__ptrial **t;
	double *w;

	if ((t = realloc(p->trials, cap * sizeof *t)) == NULL)
		return HPS_ENOMEM;
	p->trials = t;
	if ((w = realloc(p->work, cap * sizeof *w)) == NULL)
		return HPS_ENOMEM;
	p->work = w;
	p->cap = cap;
	return 0;
}

static struct hps__ptrial *
prune_trial_add(struct hps_pruner *p, long number)
{
	struct hps__ptrial *t;
	size_t i, k;

	if (p->ntrials == p->cap && prune_grow(p) != 0)
		return NULL;
	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	if (p->nmore > 0 && (t->more = calloc(p->nmore, sizeof *t->more)) ==
	    NULL) {
		free(t);
		return NULL;
	}
	for (k = 0; k < p->nmore; k++)
		t->more[k].best = INFINITY;
	t->number = number;
	t->best = INFINITY;
	i = prune_trial_pos(p, number);
	memmove(&p->trials[i + 1], &p->trials[i],
	    (p->ntrials - i) * sizeof *p->trials);
	p->trials[i] = t;
	p->ntrials++;
	return t;
}

/* Index of the first point with a step >= step. */
static size_t
prune_point_pos(const struct hps__ptrial *t, double step)
{
	size_t lo = 0, hi = t->npts, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->pts[mid].step < step)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
hps__prune_value_at(const struct hps__ptrial *t, double step, double *v)
{
	size_t i = prune_point_pos(t, step);

	if (i < t->npts && t->pts[i].step == step) {
		*v = t->pts[i].value;
		return 1;
	}
	if (i == 0)
		return 0;
	*v = t->pts[i - 1].value;
	return 1;
}

int
hps__prune_summary_at(const struct hps__ptrial *t, double step, int best,
    double *v)
{
	size_t i, n = prune_point_pos(t, step);

	if (!best)
		return hps__prune_value_at(t, step, v);
	if (n < t->npts && t->pts[n].step == step)
		n++;
	if (n == 0)
		return 0;
	for (*v = t->pts[0].value, i = 1; i < n; i++)
		*v = fmin(*v, t->pts[i].value);
	return 1;
}

static void
select_swap(double *a, long i, long j)
{
	double x = a[i];

	a[i] = a[j];
	a[j] = x;
}

/*
 * Hoare's selection. Linear on average; the middle pivot keeps sorted
 * input (the common case) linear too.
 */
void
hps__prune_select(double *a, long n, long k)
{
	long lo = 0, hi = n - 1, i, j;
	double pivot;

	while (lo < hi) {
		pivot = a[lo + (hi - lo) / 2];
		i = lo;
		j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j)
				select_swap(a, i++, j--);
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

double
hps__prune_raw(const struct hps_pruner *p, double v)
{
	return p->maximize ? -v : v;
}

static void
prune_rebest(struct hps__ptrial *t)
{
	size_t i;

	t->best = INFINITY;
	for (i = 0; i < t->npts; i++)
		t->best = fmin(t->best, t->pts[i].value);
}

/*
 * Store a point in step order. Appending is the normal case; a repeated
 * step replaces its value (a rerun trial) and the best is recomputed.
 */
static int
prune_store(struct hps__ptrial *t, double step, double v)
{
	struct hps__ppoint *n;
	size_t i, cap;

	i = prune_point_pos(t, step);
	if (i < t->npts && t->pts[i].step == step) {
		t->pts[i].value = v;
		prune_rebest(t);
		return 0;
	}
	if (t->npts == t->cap) {
		cap = t->cap ? t->cap * 2 : 16;
		if ((n = realloc(t->pts, cap * sizeof *n)) == NULL)
			return HPS_ENOMEM;
		t->pts = n;
		t->cap = cap;
	}
	memmove(&t->pts[i + 1], &t->pts[i], (t->npts - i) * sizeof *t->pts);
	t->pts[i].step = step;
	t->pts[i].value = v;
	t->npts++;
	t->best = fmin(t->best, v);
	return 0;
}

/* The trial numbered trial, added when new; NULL: out of memory. */
static struct hps__ptrial *
prune_trial_get(struct hps_pruner *p, long trial)
{
	struct hps__ptrial *t = prune_trial_find(p, trial);

	return t != NULL ? t : prune_trial_add(p, trial);
}

int
hps_pruner_report(struct hps_pruner *p, long trial, double step,
    double value)
{
	struct hps__ptrial *t;
	double prev;
	double v;

	/* Rule none keeps nothing: a long study's memory stays flat. */
	if (!isfinite(value) || p->rule->judge == NULL)
		return 0;
	if ((t = prune_trial_get(p, trial)) == NULL)
		return HPS_ENOMEM;
	if (t->ended)
		return 0;
	prev = t->npts ? t->pts[t->npts - 1].step : -INFINITY;
	v = p->maximize ? -value : value;
	if (prune_store(t, step, v) != 0)
		return HPS_ENOMEM;
	if (p->rule->judge == NULL || step <= prev)
		return 0;
	return p->rule->judge(p, t, prev, step, v);
}

int
hps_pruner_report_more(struct hps_pruner *p, long trial, size_t k,
    double step, double value)
{
	struct hps__ptrial *t;

	if (!isfinite(value) || p->rule->judge == NULL || k == 0 ||
	    k > p->nmore)
		return 0;
	if ((t = prune_trial_get(p, trial)) == NULL)
		return HPS_ENOMEM;
	if (t->ended)
		return 0;
	return prune_store(&t->more[k - 1], step,
	    hps_objective_min(&p->sp->objectives[k], value));
}

void
hps_pruner_end(struct hps_pruner *p, long trial, enum hps_tstate state)
{
	struct hps__ptrial *t;

	if (p->rule->judge == NULL || (state != HPS_T_COMPLETED &&
	    state != HPS_T_FAILED && state != HPS_T_TIMEOUT &&
	    state != HPS_T_PRUNED))
		return;
	t = prune_trial_get(p, trial);
	if (t != NULL && t->ended)
		return;
	/* Out of memory, a completed trial still counts toward min_trials. */
	if (t != NULL)
		t->ended = 1;
	if (state == HPS_T_COMPLETED)
		p->ncompleted++;
}

int
hps_pruner_pruned_counts(const struct hps_pruner *p)
{
	return p->rule->pruned_counts;
}

const char *
hps_pruner_name(const struct hps_pruner *p)
{
	return p->rule->name;
}

const char *
hps_pruner_reason(const struct hps_pruner *p)
{
	return p->reason;
}
