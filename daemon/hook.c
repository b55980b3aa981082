/*
 * Hooks (on: in the space file): a command run on a study's event with
 * its placeholders filled ({study} {trial} {best} {state} {event}) and
 * the same values in HPS_STUDY, HPS_TRIAL, HPS_BEST, HPS_STATE and
 * HPS_EVENT. A hook runs detached (its own session, stdin and output on
 * /dev/null), never through a shell unless its words ask for one, in the
 * study's workdir, and is killed with its whole group at on.timeout. Per
 * study, one hook process per event kind runs at a time; later events of
 * that kind wait their turn (up to HOOK_QUEUE_MAX, then are dropped and
 * logged). A hook's failure is logged and never touches the study; a
 * hook still running when hpsd stops is killed with it.
 *
 * Each event is stored with its placeholders' values by the state write
 * that raises it, in the same transaction (hook_fire holds it until then:
 * hook_store_raised, the write, hook_start_raised), and deleted when its
 * hook has ended (or could not start). Its hook starts only once the
 * write has returned. So a crash never leaves a stored change without its
 * event, and one that hpsd did not see to its end (killed, stopped, or
 * still waiting its turn) runs when hpsd starts again (hook_replay_all):
 * at least once, and twice when hpsd died after the hook ran but before
 * it noted so.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

extern char **environ;

/* Events of one kind waiting behind a running hook, per study. */
#define HOOK_QUEUE_MAX 64

struct hook_run {
	TAILQ_ENTRY(hook_run) entry;	/* d->hooks: every one started */
	struct daemon *d;
	struct study *s;		/* NULL once the study left memory */
	enum hps_event ev;
	char **argv;
	char **env;
	char *cwd;
	struct hook_run *next;		/* the next of its kind and study */
	uv_process_t proc;
	uv_timer_t timer;
	int handles;			/* open libuv handles */
	int killed;			/* at its timeout */
	double timeout;			/* seconds */
	long long row;			/* its stored event; 0: none */
	char trial[32], best[32];	/* its {trial} and {best} */
	const char *state;		/* its {state} (a static name) */
};

static void
hook_free(struct hook_run *h)
{
	hps_argv_free(h->argv);
	hps_argv_free(h->env);
	free(h->cwd);
	free(h);
}

/* environ, then HPS_STUDY... for v. NULL: no memory. */
static char **
hook_env(const struct hps_hook_vars *v)
{
	const char *names[] = {"HPS_STUDY", "HPS_TRIAL", "HPS_BEST",
	    "HPS_STATE", "HPS_EVENT"};
	const char *vals[] = {v->study, v->trial, v->best, v->state, v->event};
	size_t n = 0, i, k = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	if ((env = calloc(n + 6, sizeof *env)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "HPS_", 4) != 0 &&
		    (env[k++] = strdup(environ[i])) == NULL)
			goto fail;
	for (i = 0; i < 5; i++) {
		size_t len = strlen(names[i]) + strlen(vals[i]) + 2;

		if ((env[k] = malloc(len)) == NULL)
			goto fail;
		snprintf(env[k++], len, "%s=%s", names[i], vals[i]);
	}
	return env;
fail:
	hps_argv_free(env);
	return NULL;
}

static void start(struct hook_run *h);

static void
on_closed(uv_handle_t *handle)
{
	struct hook_run *h = handle->data;

	if (--h->handles > 0)
		return;
	TAILQ_REMOVE(&h->d->hooks, h, entry);
	hook_free(h);
}

/* The hook's event is dealt with: no restart runs it again. */
static void
settle(struct hook_run *h)
{
	if (h->row != 0)
		disk_check(h->d, hps_store_done_hook(h->d->store, h->row),
		    "hook on.%s: clearing its stored event",
		    hps_event_name(h->ev));
	h->row = 0;
}

/* The hook is over: the next of its kind for its study starts. */
static void
finish(struct hook_run *h)
{
	struct hook_run *next = h->next;

	settle(h);
	if (h->s != NULL)
		h->s->life.hooks[h->ev] = next;
	h->next = NULL;
	uv_close((uv_handle_t *)&h->proc, on_closed);
	uv_close((uv_handle_t *)&h->timer, on_closed);
	if (next != NULL)
		start(next);
}

static void
on_exit_cb(uv_process_t *proc, int64_t status, int sig)
{
	struct hook_run *h = proc->data;
	const char *study = h->s ? h->s->sp->name : "(gone)";

	if (h->killed)
		log_warn("study %s: hook on.%s killed at its timeout",
		    study, hps_event_name(h->ev));
	else if (sig != 0)
		log_warn("study %s: hook on.%s killed by signal %d", study,
		    hps_event_name(h->ev), sig);
	else if (status != 0)
		log_warn("study %s: hook on.%s exited with status %d", study,
		    hps_event_name(h->ev), (int)status);
	uv_timer_stop(&h->timer);
	finish(h);
}

static void
on_timeout(uv_timer_t *timer)
{
	struct hook_run *h = timer->data;

	h->killed = 1;
	kill(-h->proc.pid, SIGKILL);
}

static void
start(struct hook_run *h)
{
	uv_stdio_container_t stdio[3] = {{UV_IGNORE, {0}}, {UV_IGNORE, {0}},
	    {UV_IGNORE, {0}}};
	uv_process_options_t o = {0};
	int rc;

	o.exit_cb = on_exit_cb;
	o.file = h->argv[0];
	o.args = h->argv;
	o.env = h->env;
	o.cwd = h->cwd;
	o.flags = UV_PROCESS_DETACHED;
	o.stdio_count = 3;
	o.stdio = stdio;
	h->proc.data = h;
	h->timer.data = h;
	uv_timer_init(h->d->loop, &h->timer);
	h->handles = 2;
	TAILQ_INSERT_TAIL(&h->d->hooks, h, entry);
	if ((rc = uv_spawn(h->d->loop, &h->proc, &o)) != 0) {
		log_warn("study %s: hook on.%s: cannot run %s: %s",
		    h->s ? h->s->sp->name : "(gone)", hps_event_name(h->ev),
		    h->argv[0], uv_strerror(rc));
		finish(h);
		return;
	}
	uv_timer_start(&h->timer, on_timeout, (uint64_t)(h->timeout * 1000),
	    0);
}

/* The placeholders' values for an event of s (t NULL: the study's). */
static void
vars_of(struct study *s, enum hps_event ev, const struct trial *t,
    struct hps_hook_vars *v, char *trial, char *best, size_t len)
{
	snprintf(trial, len, "%ld", t ? t->number : -1L);
	if (t == NULL)
		trial[0] = '\0';
	snprintf(best, len, "%.10g", s->life.best);
	if (!s->life.has_best)
		best[0] = '\0';
	v->study = s->sp->name;
	v->trial = trial;
	v->best = best;
	v->state = t ? hps_tstate_name(t->state) : study_state_name(s->state);
	v->event = hps_event_name(ev);
}

/* Queue h behind the running hook of its kind; 0 when the queue is full. */
static int
enqueue(struct study *s, struct hook_run *h)
{
	struct hook_run **p = &s->life.hooks[h->ev];
	int n = 0;

	for (; *p != NULL; p = &(*p)->next)
		if (++n > HOOK_QUEUE_MAX)
			return 0;
	*p = h;
	return 1;
}

/* Run h now, or after the one of its kind running. */
static void
run(struct hook_run *h)
{
	struct study *s = h->s;

	if (s->life.hooks[h->ev] == NULL) {
		s->life.hooks[h->ev] = h;
		start(h);
	} else if (!enqueue(s, h)) {
		log_warn("study %s: hook on.%s: %d still waiting; this one is"
		    " dropped", s->sp->name, hps_event_name(h->ev),
		    HOOK_QUEUE_MAX);
		settle(h);
		hook_free(h);
	}
}

/* Prepare s's hook for ev with the values v, its event stored as row
 * (0: none); NULL when out of memory (logged). */
static struct hook_run *
prepare(struct study *s, enum hps_event ev, const struct hps_hook_vars *v,
    long long row)
{
	const struct hps_hook *hook = &s->sp->life.hooks[ev];
	struct hook_run *h;

	if ((h = calloc(1, sizeof *h)) == NULL || hps_hook_argv(hook, v,
	    &h->argv) != 0 || (h->env = hook_env(v)) == NULL ||
	    (h->cwd = strdup(s->sp->workdir)) == NULL) {
		log_error("study %s: hook on.%s: out of memory", s->sp->name,
		    hps_event_name(ev));
		if (h != NULL)
			hook_free(h);
		return NULL;
	}
	h->d = s->d;
	h->s = s;
	h->ev = ev;
	h->row = row;
	h->timeout = s->sp->life.hook_timeout > 0 ? s->sp->life.hook_timeout :
	    HPS_HOOK_TIMEOUT;
	return h;
}

void
hook_fire(struct study *s, enum hps_event ev, const struct trial *t)
{
	struct daemon *d = s->d;
	struct hps_hook_vars v;
	struct hook_run *h;
	char trial[32], best[32];

	if (s->sp->life.hooks[ev].argv == NULL)
		return;
	vars_of(s, ev, t, &v, trial, best, sizeof trial);
	if ((h = prepare(s, ev, &v, 0)) == NULL)
		return;
	if (d->nraised == HPS_EV_N) {
		log_warn("study %s: hook on.%s: its event is not stored",
		    s->sp->name, v.event);
		run(h);
		return;
	}
	memcpy(h->trial, trial, sizeof h->trial);
	memcpy(h->best, best, sizeof h->best);
	h->state = v.state;
	d->raised[d->nraised++] = h;
}

void
hook_store_raised(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->nraised; i++) {
		struct hook_run *h = d->raised[i];

		d->raised_ev[i] = (struct hps_store_event){h->s->id,
		    hps_event_name(h->ev), h->trial, h->best,
		    h->state, 0};
	}
	hps_store_with_events(d->store, d->raised_ev, d->nraised);
}

void
hook_start_raised(struct daemon *d)
{
	size_t i, n = d->nraised;

	d->nraised = 0;
	for (i = 0; i < n; i++) {
		d->raised[i]->row = d->raised_ev[i].id;
		run(d->raised[i]);
	}
}

/* A stored event, copied out of the store's walk. */
struct waiting {
	long long id;
	char *study, *event, *trial, *best, *state;
};

struct waiting_list {
	struct waiting *w;
	size_t n, cap;
};

static void
waiting_free(struct waiting *w)
{
	free(w->study);
	free(w->event);
	free(w->trial);
	free(w->best);
	free(w->state);
}

static int
collect(const struct hps_store_hook *h, void *arg)
{
	struct waiting_list *l = arg;
	struct waiting *w;

	if (l->n == l->cap) {
		if ((w = realloc(l->w, (l->cap * 2 + 16) * sizeof *w)) == NULL)
			return HPS_ENOMEM;
		l->w = w;
		l->cap = l->cap * 2 + 16;
	}
	w = &l->w[l->n];
	*w = (struct waiting){h->id, strdup(h->study), strdup(h->event),
	    strdup(h->trial), strdup(h->best), strdup(h->state)};
	if (w->study == NULL || w->event == NULL || w->trial == NULL ||
	    w->best == NULL || w->state == NULL) {
		waiting_free(w);
		return HPS_ENOMEM;
	}
	l->n++;
	return 0;
}

static int
event_parse(const char *name)
{
	int ev;

	for (ev = 0; ev < HPS_EV_N; ev++)
		if (strcmp(hps_event_name((enum hps_event)ev), name) == 0)
			return ev;
	return -1;
}

/* One stored event: its study's hook runs with the values it had. */
static void
replay(struct daemon *d, const struct waiting *w)
{
	struct hps_hook_vars v = {w->study, w->trial, w->best, w->state,
	    w->event};
	int ev = event_parse(w->event);
	struct study *s = study_find(d, w->study);
	struct hook_run *h;

	if (s == NULL || ev < 0 || s->sp->life.hooks[ev].argv == NULL) {
		log_warn("study %s: hook on.%s cannot run again; its event is"
		    " dropped", w->study, w->event);
		disk_check(d, hps_store_done_hook(d->store, w->id), "hook"
		    " on.%s: clearing its stored event", w->event);
		return;
	}
	log_info("study %s: hook on.%s runs again: hpsd stopped before it"
	    " ended", w->study, w->event);
	if ((h = prepare(s, (enum hps_event)ev, &v, w->id)) != NULL)
		run(h);
}

void
hook_replay_all(struct daemon *d)
{
	struct waiting_list l = {NULL, 0, 0};
	size_t i;

	disk_check(d, hps_store_each_hook(d->store, collect, &l), "reading"
	    " the hook events still to run");
	for (i = 0; i < l.n; i++) {
		replay(d, &l.w[i]);
		waiting_free(&l.w[i]);
	}
	free(l.w);
}

void
hook_forget(struct study *s)
{
	struct hook_run *h, *next;
	int ev;

	for (ev = 0; ev < HPS_EV_N; ev++) {
		if ((h = s->life.hooks[ev]) == NULL)
			continue;
		for (next = h->next; next != NULL; next = h->next) {
			h->next = next->next;
			hook_free(next);
		}
		h->s = NULL;
		s->life.hooks[ev] = NULL;
	}
}

void
hook_close_all(struct daemon *d)
{
	struct hook_run *h;
	struct study *s;

	TAILQ_FOREACH(s, &d->studies, entry)
		hook_forget(s);
	/* hpsd stops: no hook outlives it without its timeout's watch. */
	TAILQ_FOREACH(h, &d->hooks, entry)
		if (!uv_is_closing((uv_handle_t *)&h->proc)) {
			kill(-h->proc.pid, SIGKILL);
			uv_close((uv_handle_t *)&h->proc, on_closed);
			uv_close((uv_handle_t *)&h->timer, on_closed);
		}
}
