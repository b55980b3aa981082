/*
 * Studies in the daemon: created from a submitted space or reloaded from
 * the store at start-up, holding their trials in memory for the search
 * strategy, and moving through running → completed / failed / cancelled.
 * The store has every trial; memory has those still to settle and, for a
 * strategy that reads the history (genetic, bayes), the finished ones.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

/* Finished studies kept in memory, the most recent; older ones leave it
 * and are loaded again when a command needs them (study_find). */
#define STUDY_KEPT 64

static const char *const state_names[] = {
	[STUDY_RUNNING] = "running",
	[STUDY_PAUSED] = "paused",
	[STUDY_COMPLETED] = "completed",
	[STUDY_FAILED] = "failed",
	[STUDY_CANCELLED] = "cancelled",
	[STUDY_WAITING] = "waiting",
};

const char *
study_state_name(enum study_state s)
{
	return state_names[s];
}

static enum study_state
state_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof state_names / sizeof state_names[0]; i++)
		if (strcmp(state_names[i], name) == 0)
			return (enum study_state)i;
	return STUDY_FAILED;
}

/* Grid budgets are the whole grid and the points given, unless the file
 * asks for fewer. The grid skips the given points, so it is the grid's
 * end that ends the study; the points only matter here when one is
 * given twice. */
static void
settle_budget(struct hps_space *sp)
{
	uint64_t n;

	if (!hps_space_grid(sp))
		return;
	n = hps_grid_size(sp) + sp->life.npoints;
	if (sp->trials <= 0 || (uint64_t)sp->trials > n)
		sp->trials = n > (uint64_t)LONG_MAX ? LONG_MAX : (long)n;
}

/*
 * The in-memory study and its strategy, not yet stored: every check a
 * submit runs beyond the parser's (the method's, the early-stopping
 * rule's and the executor's sections), so `hps submit --check` runs
 * exactly these and frees the result.
 */
int
study_new(struct daemon *d, struct hps_space *sp, struct study **out,
    char *err, size_t errlen)
{
	struct study *s;
	int rc;

	*out = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	s->d = d;
	s->sp = sp;
	settle_budget(sp);
	if ((rc = hps_search_for(sp, &s->type, err, errlen)) != 0) {
		free(s);
		return rc;
	}
	if ((rc = executor_init(d, sp, &s->exec, err, errlen)) != 0 ||
	    (rc = hps_pruner_new(sp, &s->pruner, err, errlen)) != 0) {
		executor_free(&s->exec);
		free(s);
		return rc;
	}
	s->pruned_counts = hps_pruner_pruned_counts(s->pruner);
	if ((rc = s->type->alloc(&s->search, sp, err, errlen)) != 0) {
		hps_pruner_free(s->pruner);
		executor_free(&s->exec);
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int
study_add(struct study *s, char *err, size_t errlen)
{
	struct daemon *d = s->d;
	const struct hps_space *sp = s->sp;
	char why[HPS_ERRMAX];
	int rc;

	rc = hps_store_add_study(d->store, sp, &s->id);
	if (rc == HPS_EEXISTS)
		return hps_errf(err, errlen, rc, "%s:%d:%d: a study named '%s'"
		    " already exists; choose another name (hps status lists"
		    " them)", sp->path, sp->name_line, sp->name_col, sp->name);
	if (disk_check(d, rc, "storing study %s", sp->name) != 0)
		return hps_errf(err, errlen, rc, "storing the study: %s",
		    hps_store_errmsg(d->store));
	s->created = hps_store_now();
	life_begin(s);
	TAILQ_INSERT_TAIL(&d->studies, s, entry);
	log_info("study %s submitted (%s, %ld trials)", sp->name,
	    sp->method, sp->trials);
	/* Stored: a disk that refuses its imports or points fails it,
	 * visibly. */
	if (warm_import(s, 0, NULL, why, sizeof why) != 0 ||
	    warm_points(s, why, sizeof why) != 0)
		study_set_state(s, STUDY_FAILED, why);
	return 0;
}

/* Keep a copy of given or imported t's point, and the strategy's count of
 * suggestions when it came, for a strategy that reads them. */
static int
keep_given(struct study *s, const struct trial *t)
{
	size_t n = s->sp->nparams, i;
	struct hps_value *v;
	struct hps_given *g;

	if (!s->type->given || t->origin == HPS_O_SEARCH ||
	    t->origin == HPS_O_REPEAT)
		return 0;
	if (s->ngivens == s->givencap) {
		if ((g = realloc(s->givens, (s->givencap * 2 + 16) *
		    sizeof *g)) == NULL)
			return HPS_ENOMEM;
		s->givens = g;
		s->givencap = s->givencap * 2 + 16;
	}
	if ((v = calloc(n + 1, sizeof *v)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < n; i++)
		if (hps_value_copy(&v[i], &t->params[i]) != 0) {
			hps_values_free(v, n);
			return HPS_ENOMEM;
		}
	s->givens[s->ngivens++] = (struct hps_given){v, (uint64_t)t->number -
	    (uint64_t)(s->given + s->imported + s->repeats)};
	return 0;
}

/* Append t (trials come in number order). */
static int
add_trial(struct study *s, struct trial *t)
{
	struct trial **n;
	size_t cap;

	if (keep_given(s, t) != 0)
		return HPS_ENOMEM;

	if (s->nmem == s->cap) {
		cap = s->cap ? s->cap * 2 : 64;
		if ((n = realloc(s->trials, cap * sizeof *n)) == NULL)
			return HPS_ENOMEM;
		s->trials = n;
		s->cap = cap;
	}
	s->trials[s->nmem++] = t;
	if ((size_t)t->number >= s->ntrials)
		s->ntrials = (size_t)t->number + 1;
	s->given += t->origin == HPS_O_POINT || t->origin == HPS_O_ENQUEUED;
	s->imported += t->origin == HPS_O_IMPORTED;
	s->repeats += t->origin == HPS_O_REPEAT;
	return 0;
}

/*
 * A trial that was running when the last hpsd stopped: adopted when its
 * job outlived hpsd, else its run is lost. A lost trial runs again with
 * the same parameters, unless it has been lost more than `retries` times,
 * which says the trial itself brings hpsd or the machine down.
 */
static void
recover_trial(struct study *s, struct trial *t,
    const struct hps_store_trial *row)
{
	struct exec_id id = {row->pid, row->proc_start};
	char why[160];

	if (run_adopt(s->d, t, row) == 0)
		return;
	s->exec.ops->cancel_leftover(t, &id, row->dir);
	if (row->crashes >= s->sp->retries) {
		snprintf(why, sizeof why, "lost %ld times when hpsd stopped"
		    " (budget.retries is %ld)", row->crashes + 1,
		    s->sp->retries);
		trial_crashed(t, HPS_T_FAILED, why);
		log_warn("study %s: trial %ld %s", s->sp->name, t->number, why);
		return;
	}
	trial_crashed(t, HPS_T_LOST, "lost when hpsd stopped; runs again");
	log_warn("study %s: trial %ld was running when hpsd stopped; it will"
	    " run again", s->sp->name, t->number);
}

/* A stored trial, at start-up; one that was running was lost. */
static int
load_trial(const struct hps_store_trial *row, void *arg)
{
	struct study *s = arg;
	const struct hps_space *sp = s->sp;
	struct hps_value *params;
	struct trial *t;
	size_t i;

	if ((params = calloc(sp->nparams, sizeof *params)) == NULL ||
	    (t = trial_new(s, row->number, row->state, params)) == NULL) {
		free(params);
		return HPS_ENOMEM;
	}
	t->id = row->id;
	t->origin = row->origin < 0 ? HPS_O_SEARCH : row->origin;
	t->seed = row->seed;
	t->repeat_of = row->repeat_of;
	t->has_objective = row->has_objective;
	t->objective = row->objective;
	t->best_step = row->best_step;
	t->started = row->started;
	t->crashes = row->crashes;
	t->infeasible = row->infeasible;
	t->ended = row->ended;
	if (t->obj != NULL && t->has_objective)
		t->obj[0] = t->objective;
	for (i = 0; i < sp->nparams; i++)
		hps_value_copy(&t->params[i], &row->params[i]);
	if (t->state == HPS_T_RUNNING || t->state == HPS_T_PENDING)
		recover_trial(s, t, row);
	if (t->state == HPS_T_FAILED || t->state == HPS_T_TIMEOUT)
		s->failures++;
	return add_trial(s, t);
}

/* The trial numbered number, in memory, or NULL. */
static struct trial *
find_number(const struct study *s, long number)
{
	size_t lo = 0, hi = s->nmem, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->trials[mid]->number < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nmem && s->trials[lo]->number == number ?
	    s->trials[lo] : NULL;
}

static int rebuild_order(struct study *s);

/*
 * The study's life as its trials finished, in the order they finished
 * (ties by number), as it followed them before the restart: patience
 * counts completed trials in a row without a new best in that order, not
 * by trial number. The finishing order is kept only for a strategy that
 * reads the history.
 */
static void
replay_life(struct study *s)
{
	size_t i;

	if (rebuild_order(s) != 0) {
		log_error("study %s: out of memory ordering its trials; "
		    "patience counts them by number", s->sp->name);
		for (i = 0; i < s->nmem; i++)
			life_loaded(s, s->trials[i]);
		return;
	}
	for (i = 0; i < s->norder; i++)
		life_loaded(s, s->order[i]);
	if (!s->type->history) {
		s->norder = 0;
		s->order_stale = 1;
	}
}

static void
replay_value(long number, double step, double value, void *arg)
{
	struct study *s = arg;
	struct trial *t = find_number(s, number);

	if (t == NULL || t->origin != HPS_O_REPEAT)
		hps_pruner_report(s->pruner, number, step, value);
	/* An adopted trial's objective so far is in its stored curve. */
	if (t != NULL && t->run != NULL)
		trial_observe(t, step, value);
}

struct replayed {
	struct study *s;
	const char *name;
};

static void
replay_follow(long number, double step, double value, void *arg)
{
	struct replayed *r = arg;
	struct trial *t = find_number(r->s, number);

	if (t != NULL)
		trial_follow(t, r->name, strlen(r->name), step, value);
}

/* Whether name is one of the first n of names. */
static int
named_before(const char *const *names, size_t n, const char *name)
{
	while (n-- > 0)
		if (strcmp(names[n], name) == 0)
			return 1;
	return 0;
}

/*
 * The further objectives' values and the limits' last values are the
 * stored metric rows: replay them, each metric once, through the path a
 * running trial's lines take (into the early-stopping rule too, before
 * the first objective's values: see hps/prune.h).
 */
static void
replay_values(struct study *s)
{
	const struct hps_space *sp = s->sp;
	const char *names[HPS_OBJECTIVES_MAX + HPS_LIMITS_MAX];
	struct replayed r = {s, NULL};
	size_t i, n = 0;

	for (i = 1; i < sp->nobj; i++)
		names[n++] = sp->objectives[i].metric;
	for (i = 0; i < sp->nlimits; i++)
		if (!named_before(names, n, sp->limits[i].metric))
			names[n++] = sp->limits[i].metric;
	for (i = 0; i < n; i++) {
		r.name = names[i];
		disk_check(s->d, hps_store_each_value(s->d->store, s->id,
		    names[i], replay_follow, &r), "study %s: reading its %s"
		    " values", sp->name, names[i]);
	}
}

/*
 * The early-stopping rule's state is the stored curves: replay them, and
 * the endings, in the order hps/prune.h asks for (the further objectives'
 * values first); adopted trials follow their first objective again from
 * them, every trial its further objectives and its limits' metrics.
 */
static void
replay_curves(struct study *s)
{
	size_t i;

	replay_values(s);
	disk_check(s->d, hps_store_each_value(s->d->store, s->id,
	    s->sp->metric, replay_value, s), "study %s: reading its"
	    " curves", s->sp->name);
	for (i = 0; i < s->nmem; i++)
		if (s->trials[i]->origin != HPS_O_REPEAT)
			hps_pruner_end(s->pruner, s->trials[i]->number,
			    s->trials[i]->state);
}

/* A stored study in memory, whatever its state; NULL with the reason in
 * err when its space no longer parses (its workdir gone, say). */
static struct study *
study_load(struct daemon *d, const struct hps_store_study *row, char *err,
    size_t errlen)
{
	struct hps_space *sp = NULL;
	struct study *s;

	/* The stored name wins: hps submit --name may have given another. */
	if (hps_space_parse(row->space_path ? row->space_path : row->name,
	    row->space_text, strlen(row->space_text), &sp, err, errlen) != 0 ||
	    hps_space_rename(sp, row->name, err, errlen) != 0 ||
	    study_new(d, sp, &s, err, errlen) != 0) {
		hps_space_free(sp);
		return NULL;
	}
	s->id = row->id;
	s->state = state_parse(row->state);
	s->order_stale = 1;
	sp->trials = row->budget;
	sp->parallel = row->parallel;
	s->created = row->created;
	life_begin(s);
	TAILQ_INSERT_TAIL(&d->studies, s, entry);
	disk_check(d, hps_store_each_trial(d->store, s->id, sp, load_trial, s),
	    "study %s: loading its trials", row->name);
	/* The life needs every objective's value, which the curves hold. */
	replay_curves(s);
	replay_life(s);
	study_collect(s);
	return s;
}

/* At start-up: the studies not yet finished carry on. */
static int
load_unfinished(const struct hps_store_study *row, void *arg)
{
	struct daemon *d = arg;
	enum study_state state = state_parse(row->state);
	char err[HPS_ERRMAX];
	struct study *s;

	if (state != STUDY_RUNNING && state != STUDY_PAUSED &&
	    state != STUDY_WAITING)
		return 0;
	if ((s = study_load(d, row, err, sizeof err)) == NULL) {
		log_error("study %s cannot continue: %s", row->name, err);
		disk_check(d, hps_store_set_study_state(d->store, row->id,
		    "failed", err), "study %s: storing its state", row->name);
		return 0;
	}
	if (state != STUDY_PAUSED)	/* or waiting, by this environment */
		study_set_state(s, STUDY_RUNNING, NULL);
	log_info("study %s resumed with %zu trials", row->name, s->ntrials);
	return 0;
}

int
study_load_all(struct daemon *d)
{
	return disk_check(d, hps_store_each_study(d->store, load_unfinished,
	    d), "loading the studies");
}

struct named {
	struct daemon *d;
	const char *name;
	struct study *s;
};

static int
load_named(const struct hps_store_study *row, void *arg)
{
	struct named *n = arg;
	char err[HPS_ERRMAX];

	if (strcmp(row->name, n->name) != 0)
		return 0;
	if ((n->s = study_load(n->d, row, err, sizeof err)) == NULL)
		log_error("study %s cannot be loaded: %s", row->name, err);
	return 1;
}

struct study *
study_find(struct daemon *d, const char *name)
{
	struct named n = {d, name, NULL};
	struct study *s;
	int rc;

	TAILQ_FOREACH(s, &d->studies, entry)
		if (strcmp(s->sp->name, name) == 0)
			return s;
	rc = hps_store_each_study(d->store, load_named, &n);
	disk_check(d, rc > 0 ? 0 : rc, "looking up study %s", name);
	return n.s;
}

/* A finished study with nothing in flight: the store has all of it. */
static int
retirable(const struct study *s)
{
	size_t i;

	if (s->state == STUDY_RUNNING || s->state == STUDY_PAUSED ||
	    s->state == STUDY_WAITING || s->running > 0 || s->thinking)
		return 0;
	for (i = 0; i < s->nmem; i++)
		if (s->trials[i]->run != NULL || s->trials[i]->unrecorded)
			return 0;
	/* Its hooks still waiting their turn need it. */
	for (i = 0; i < HPS_EV_N; i++)
		if (s->life.hooks[i] != NULL)
			return 0;
	return 1;
}

void
study_retire_old(struct daemon *d)
{
	struct study *s, *next;
	int n = 0;

	TAILQ_FOREACH(s, &d->studies, entry)
		n += retirable(s);
	for (s = TAILQ_FIRST(&d->studies); s != NULL && n > STUDY_KEPT;
	    s = next) {
		next = TAILQ_NEXT(s, entry);
		if (!retirable(s))
			continue;
		TAILQ_REMOVE(&d->studies, s, entry);
		study_free(s);
		n--;
	}
}

/* A new queued trial, stored by store_fn; NULL with err on failure. */
static struct trial *
new_trial(struct study *s, struct hps_value *params, enum hps_origin origin,
    const char *source, long repeat_of, unsigned long seed, char *err,
    size_t errlen)
{
	struct trial *t;
	int rc;

	if ((t = trial_new(s, (long)s->ntrials, HPS_T_QUEUED, params)) ==
	    NULL) {
		hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
		return NULL;
	}
	t->origin = origin;
	t->repeat_of = repeat_of;
	t->seed = seed;
	rc = origin == HPS_O_REPEAT ? hps_store_add_repeat(s->d->store, s->id,
	    t->number, s->sp, params, repeat_of, seed, &t->id) :
	    hps_store_add_trial_from(s->d->store, s->id, t->number, s->sp,
	    params, origin, source, &t->id);
	rc = disk_check(s->d, rc, "study %s: storing trial %ld", s->sp->name,
	    t->number);
	if (rc != 0 || add_trial(s, t) != 0) {
		hps_errf(err, errlen, rc ? rc : HPS_ENOMEM,
		    "storing a trial: %s", hps_store_errmsg(s->d->store));
		free(t);
		return NULL;
	}
	return t;
}

struct trial *
study_new_trial(struct study *s, struct hps_value *params,
    enum hps_origin origin, const char *source, char *err, size_t errlen)
{
	return new_trial(s, params, origin, source, -1, 0, err, errlen);
}

struct trial *
study_new_repeat(struct study *s, struct hps_value *params, long repeat_of,
    unsigned long seed, char *err, size_t errlen)
{
	return new_trial(s, params, HPS_O_REPEAT, NULL, repeat_of, seed, err,
	    errlen);
}

/* A repeat runs a point the strategy has already seen: it never shows
 * the strategy a second value for it. */
static int
searched(const struct trial *t)
{
	return t->origin != HPS_O_REPEAT;
}

static int
finished(const struct trial *t)
{
	return t->state != HPS_T_QUEUED && t->state != HPS_T_RUNNING &&
	    t->state != HPS_T_PENDING &&
	    t->state != HPS_T_LOST && t->state != HPS_T_PAUSED;
}

/* Finished trials in the order they finished (ties by number). */
static int
by_end(const void *a, const void *b)
{
	const struct trial *x = *(struct trial *const *)a;
	const struct trial *y = *(struct trial *const *)b;

	if (x->ended != y->ended)
		return x->ended < y->ended ? -1 : 1;
	return x->number < y->number ? -1 : x->number > y->number;
}

static void
fill_rec(struct hps_trial_rec *dst, const struct trial *t)
{
	dst->number = t->number;
	dst->state = t->state;
	dst->params = t->params;
	dst->objective = t->objective;
	dst->has_objective = t->state == HPS_T_COMPLETED ? trial_rankable(t) :
	    t->has_objective && (t->state == HPS_T_IMPORTED ||
	    (t->state == HPS_T_PRUNED && t->study->pruned_counts));
	dst->obj = finished(t) ? t->obj : NULL;
	dst->lim = finished(t) ? t->limit_last : NULL;
}

/*
 * The finishing order, rebuilt from scratch after a restart or a retry;
 * in between, each trial that finishes is appended (study_trial_done), so
 * a suggestion costs no sort.
 */
static int
rebuild_order(struct study *s)
{
	struct trial **o = realloc(s->order, (s->nmem + 1) * sizeof *o);
	size_t i;

	if (o == NULL)
		return HPS_ENOMEM;
	s->order = o;
	s->ordercap = s->nmem + 1;
	s->norder = 0;
	for (i = 0; i < s->nmem; i++)
		if (finished(s->trials[i]) && searched(s->trials[i]))
			o[s->norder++] = s->trials[i];
	qsort(o, s->norder, sizeof *o, by_end);
	s->order_stale = 0;
	return 0;
}

static void
append_order(struct study *s, struct trial *t)
{
	struct trial **o;

	if (s->order_stale || !searched(t))
		return;
	if (s->norder == s->ordercap) {
		if ((o = realloc(s->order, (s->ordercap * 2 + 64) *
		    sizeof *o)) == NULL) {
			s->order_stale = 1;
			return;
		}
		s->order = o;
		s->ordercap = s->ordercap * 2 + 64;
	}
	s->order[s->norder++] = t;
}

/*
 * Build the strategy's view of the trials: the finished ones in the order
 * they finished (for a strategy that reads them), then the pending ones
 * in creation order.
 */
int
study_history(struct study *s, struct hps_trial_rec **recs, size_t *ndone,
    size_t *npending)
{
	struct hps_trial_rec *r;
	size_t i, done = 0, pend;

	if (s->type->history && s->order_stale && rebuild_order(s) != 0)
		return HPS_ENOMEM;
	/* One buffer per study, grown, never freed per suggestion. */
	if (s->nmem + 1 > s->reccap) {
		r = realloc(s->recs, (s->nmem + 1) * 2 * sizeof *r);
		if (r == NULL)
			return HPS_ENOMEM;
		s->recs = r;
		s->reccap = (s->nmem + 1) * 2;
	}
	r = s->recs;
	if (s->type->history)
		for (; done < s->norder; done++)
			fill_rec(&r[done], s->order[done]);
	pend = done;
	for (i = 0; i < s->nmem; i++)
		if (!finished(s->trials[i]) && searched(s->trials[i]))
			fill_rec(&r[pend++], s->trials[i]);
	*recs = r;
	*ndone = done;
	*npending = pend - done;
	return 0;
}

/* Whether t is settled: finished for good (a failed trial may be retried)
 * and on disk. */
static int
settled(const struct trial *t)
{
	return (t->state == HPS_T_COMPLETED || t->state == HPS_T_PRUNED) &&
	    t->run == NULL && t->unrecorded == NULL;
}

/* Count a settled trial as gone and free it, or keep it as the best. */
static void
forget(struct study *s, struct trial *t)
{
	s->gone[t->state]++;
	if (trial_rankable(t) && (s->best_gone == NULL ||
	    trial_better(s->sp, t->objective, s->best_gone->objective))) {
		trial_free(s->best_gone);
		s->best_gone = t;
		return;
	}
	trial_free(t);
}

void
study_collect(struct study *s)
{
	size_t i, n = 0;

	if (s->type->history || s->thinking)
		return;
	for (i = 0; i < s->nmem; i++) {
		if (settled(s->trials[i]))
			forget(s, s->trials[i]);
		else
			s->trials[n++] = s->trials[i];
	}
	s->nmem = n;
}

long
study_count(const struct study *s, enum hps_tstate st)
{
	size_t i;
	long n = s->gone[st];

	for (i = 0; i < s->nmem; i++)
		n += s->trials[i]->state == st;
	return n;
}

const char *
study_missing_env(const struct hps_space *sp)
{
	size_t i;

	for (i = 0; i < sp->nenv_from; i++)
		if (getenv(sp->env_from[i]) == NULL)
			return sp->env_from[i];
	return NULL;
}

void
study_set_state(struct study *s, enum study_state st, const char *why)
{
	const char *var = study_missing_env(s->sp);
	char wait[200];

	if (st == STUDY_RUNNING && var != NULL) {
		snprintf(wait, sizeof wait, "waits for %s (env_from), which"
		    " this hpsd's environment lacks; restart hpsd with it set",
		    var);
		st = STUDY_WAITING;
		why = wait;
	}
	if (s->state == st)
		return;
	s->state = st;
	free(s->unstored_why);
	s->unstored_why = NULL;
	/* The state and the event it raises are stored together. */
	life_study_event(s, st);
	hook_store_raised(s->d);
	s->unstored = disk_check(s->d, hps_store_set_study_state(s->d->store,
	    s->id, state_names[st], why), "study %s: storing its state",
	    s->sp->name) != 0;
	hook_start_raised(s->d);
	if (s->unstored && why != NULL)
		s->unstored_why = strdup(why);
	events_study(s);
	log_info("study %s %s%s%s", s->sp->name, state_names[st],
	    why ? ": " : "", why ? why : "");
}

int
study_store_state(struct study *s)
{
	if (!s->unstored || hps_store_set_study_state(s->d->store, s->id,
	    state_names[s->state], s->unstored_why) != 0)
		return s->unstored;
	free(s->unstored_why);
	s->unstored_why = NULL;
	s->unstored = 0;
	return 0;
}

/*
 * Whether the strategy may add a trial: the budget is not spent (an
 * open-ended study, trials 0, has none to spend) and the space is not.
 */
int
study_may_add(const struct study *s)
{
	return !s->exhausted && (s->sp->trials <= 0 ||
	    study_spent(s) < s->sp->trials);
}

long
study_spent(const struct study *s)
{
	return (long)s->ntrials - s->imported - s->repeats;
}

int
study_waits(const struct trial *t)
{
	return t->state == HPS_T_QUEUED || t->state == HPS_T_LOST ||
	    t->state == HPS_T_PAUSED;
}

/* Whether the study has work left to start. */
static int
has_work(struct study *s)
{
	size_t i;

	for (i = 0; i < s->nmem; i++)
		if (study_waits(s->trials[i]))
			return 1;
	return study_may_add(s);
}

void
study_check(struct study *s)
{
	char why[160];

	if (s->state == STUDY_RUNNING && s->failures >= s->sp->max_failures) {
		snprintf(why, sizeof why, "%ld trials failed (max_failures is"
		    " %ld); see hps trials %s --state failed", s->failures,
		    s->sp->max_failures, s->sp->name);
		study_set_state(s, STUDY_FAILED, why);
	}
	if (s->state != STUDY_RUNNING || s->running > 0 || has_work(s))
		return;
	if (confirm_begin(s) > 0) {
		sched_kick(s->d);
		return;
	}
	if (study_count(s, HPS_T_COMPLETED) == 0)
		study_set_state(s, STUDY_FAILED, "no trial completed; see hps"
		    " trials for the reasons");
	else
		study_set_state(s, STUDY_COMPLETED, NULL);
}

/* metric.target: the first completed trial that reaches it ends the
 * study; trials still running finish and are recorded. */
static void
reached_target(struct study *s, const struct trial *t)
{
	const struct hps_space *sp = s->sp;
	char why[160];

	if (!sp->has_target || !trial_rankable(t) || !searched(t) ||
	    s->state != STUDY_RUNNING)
		return;
	if (sp->goal == HPS_MAXIMIZE ? t->objective < sp->target :
	    t->objective > sp->target)
		return;
	snprintf(why, sizeof why, "trial %ld reached the target %s %g",
	    t->number, sp->metric, sp->target);
	study_set_state(s, STUDY_COMPLETED, why);
}

void
study_trial_done(struct study *s, struct trial *t)
{
	t->ended = hps_store_now();
	if (finished(t) && s->type->history)
		append_order(s, t);
	if (searched(t))
		hps_pruner_end(s->pruner, t->number, t->state);
	if (t->state == HPS_T_FAILED || t->state == HPS_T_TIMEOUT)
		s->failures++;
	life_trial_done(s, t);
	reached_target(s, t);
	study_check(s);
	sched_kick(s->d);
}

/* Whether a retry of failed and/or lost trials takes t. */
static int
retried(const struct trial *t, int failed, int lost)
{
	if (t->run != NULL)
		return 0;
	if (failed && (t->state == HPS_T_FAILED || t->state == HPS_T_TIMEOUT))
		return 1;
	return lost && t->state == HPS_T_LOST;
}

int
study_retry(struct study *s, int failed, int lost, json_t *numbers)
{
	size_t i;
	int n = 0;

	for (i = 0; i < s->nmem; i++) {
		struct trial *t = s->trials[i];

		if (!retried(t, failed, lost))
			continue;
		if (t->state != HPS_T_LOST)
			s->failures--;
		trial_set_state(t, HPS_T_QUEUED, "retried");
		json_array_append_new(numbers, json_integer(t->number));
		n++;
	}
	s->order_stale = 1;	/* the finishing order changed */
	if (n > 0 && s->state != STUDY_PAUSED)
		study_set_state(s, STUDY_RUNNING, NULL);
	sched_kick(s->d);
	return n;
}

int
study_set_budget(struct study *s, long long trials, long long parallel,
    char *err, size_t errlen)
{
	/* An open-ended study (trials 0) stays open unless given a number;
	 * no study becomes open-ended. */
	if (trials != s->sp->trials && (trials < 1 || trials > 1000000000))
		return hps_errf(err, errlen, HPS_EINVAL, "trials must be from 1"
		    " to 1000000000");
	if (trials > 0 && trials < study_spent(s))
		return hps_errf(err, errlen, HPS_EINVAL, "study '%s' already has"
		    " %ld trials; the budget cannot be lower", s->sp->name,
		    study_spent(s));
	if (parallel < 1 || parallel > 1024)
		return hps_errf(err, errlen, HPS_EINVAL, "parallel must be from"
		    " 1 to 1024");
	s->sp->trials = (long)trials;
	s->sp->parallel = (int)parallel;
	disk_check(s->d, hps_store_set_budget(s->d->store, s->id,
	    s->sp->trials, s->sp->parallel), "study %s: storing the budget",
	    s->sp->name);
	if (study_spent(s) < s->sp->trials && (s->state ==
	    STUDY_COMPLETED || (s->state == STUDY_FAILED &&
	    s->failures < s->sp->max_failures))) {
		s->exhausted = 0;
		study_set_state(s, STUDY_RUNNING, NULL);
	}
	sched_kick(s->d);
	return 0;
}

void
study_cancel(struct study *s)
{
	size_t i;

	study_set_state(s, STUDY_CANCELLED, "cancelled by the user");
	for (i = 0; i < s->nmem; i++)
		if (s->trials[i]->run != NULL)
			run_stop(s->trials[i], RUN_STOP_CANCEL);
}

int
study_pause_now(struct study *s)
{
	size_t i;
	int n = 0;

	for (i = 0; i < s->nmem; i++)
		if (s->trials[i]->run != NULL) {
			run_stop(s->trials[i], RUN_STOP_PAUSE);
			n++;
		}
	return n;
}

void
study_free(struct study *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nmem; i++)
		trial_free(s->trials[i]);
	trial_free(s->best_gone);
	free(s->unstored_why);
	free(s->trials);
	free(s->order);
	free(s->recs);
	for (i = 0; i < s->ngivens; i++)
		hps_values_free((struct hps_value *)s->givens[i].params,
		    s->sp->nparams);
	free(s->givens);
	if (s->search != NULL)
		s->type->free(s->search);
	hps_values_free(s->ready, s->sp ? s->sp->nparams : 0);
	hps_pruner_free(s->pruner);
	executor_free(&s->exec);
	life_free(s);
	front_free(s);
	hps_space_free(s->sp);
	free(s);
}
