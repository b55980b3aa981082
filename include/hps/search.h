/*
 * Search strategies behind one ask/tell interface, after GSL's algorithm
 * tables: each strategy exports one const struct hps_search_type, and the
 * caller drives it. Strategies know nothing of processes or sockets; they
 * see trials only as records.
 */
#ifndef HPS_SEARCH_H
#define HPS_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "hps/space.h"
#include "hps/trial.h"

/* A trial as a strategy sees it. */
struct hps_trial_rec {
	long number;			/* 0, 1, 2... within the study */
	enum hps_tstate state;
	const struct hps_value *params;	/* one per space param, in order */
	double objective;		/* valid when has_objective */
	int has_objective;		/* 0 also for a completed trial outside
					   the study's limits (infeasible),
					   which is never a best */
	const double *obj;		/* space->nobj values as the trial
					   reported them (NAN: never; obj[0]
					   is objective), NULL when it has
					   none; set for an infeasible one */
	const double *lim;		/* space->nlimits last values (NAN:
					   never reported), NULL when the
					   space has no limits */
};

/*
 * A point given to a study (warm_start.points, hps enqueue) or imported
 * into it (warm_start.from), whatever became of its trial: index is the
 * strategy's ask->index when it came, the number of suggestions the
 * strategy had made before it.
 */
struct hps_given {
	const struct hps_value *params;	/* one per space param, in order */
	uint64_t index;
};

/*
 * What a strategy is asked: the space, the finished trials (completed,
 * failed, timeout, pruned, imported) in the order they finished, the
 * pending ones (queued, running, lost) in creation order, and the
 * ordinal of this suggestion among the strategy's own suggestions (0 for
 * the first; it survives restarts because it is the number of trials the
 * study has, less those it was given: warm_start points, hps enqueue's,
 * and trials imported from earlier studies, which are in done and
 * pending like any other).
 * After a restart a strategy is allocated afresh and sees the whole
 * history in its first ask, so state rebuilt from ask->done (for example
 * by consuming done[] from where the previous ask stopped) survives
 * restarts without a state file.
 */
struct hps_ask {
	const struct hps_space *space;
	const struct hps_trial_rec *done;
	size_t ndone;
	const struct hps_trial_rec *pending;
	size_t npending;
	uint64_t index;
	/* For a strategy with the given flag: every point given or
	 * imported, in trial-number order (the list only grows). */
	const struct hps_given *given;
	size_t ngiven;
};

struct hps_search_type {
	const char *name;
	/* Allocate state for sp (which outlives it). err gets a message. */
	int (*alloc)(void **state, const struct hps_space *sp, char *err,
	    size_t errlen);
	/*
	 * Propose one configuration: out has sp->nparams values, filled with
	 * owned copies (the caller frees them with hps_value_clear). Returns
	 * 0, HPS_EEXHAUSTED when there is nothing left to propose, or another
	 * error.
	 */
	int (*suggest)(void *state, const struct hps_ask *ask,
	    struct hps_value *out);
	void (*free)(void *state);
	/*
	 * Non-zero when suggest takes long (milliseconds and up): the daemon
	 * then calls it on a worker thread, so it must touch only its own
	 * state and the ask.
	 */
	int slow;
	/*
	 * Non-zero when suggest reads ask->done. A strategy that does not
	 * (grid and random need only ask->index) gets ndone 0, and the
	 * daemon keeps none of its finished trials in memory.
	 */
	int history;
	/*
	 * Non-zero when suggest reads ask->given (grid: it skips the grid
	 * points the study was given or imported). The daemon keeps a copy
	 * of those points alone, not the finished trials, and grows that
	 * list on its loop thread: a strategy with this flag is not slow.
	 */
	int given;
};

/*
 * Every strategy, by the name a space file's method: gives it; each is
 * hps_search_<name> in search/<name>.c. A new one is its file and its
 * name here.
 */
#define HPS_SEARCH_METHODS(X) X(grid) X(random) X(genetic) X(bayes)

#define HPS_SEARCH_TYPE(name) extern const struct hps_search_type \
	hps_search_##name;
HPS_SEARCH_METHODS(HPS_SEARCH_TYPE)
#undef HPS_SEARCH_TYPE

struct hps_rng;

/*
 * One point as random search draws it, from r: every parameter from its
 * own distribution, then those that do not apply dropped (HPS_V_NONE).
 * Constraints are not looked at. out gets owned copies.
 */
int hps_random_draw(const struct hps_space *sp, struct hps_rng *r,
    struct hps_value *out);

/*
 * The shape of sp as hps submit --check shows it (search/shape.c), as
 * JSON: "dims" (non-constant parameters), "branches" (null: more than
 * HPS_BRANCHES_MAX) with "max_dims" and "listed" (the first few as
 * {"when": "optimizer=sgd layers=2", "dims": 5}), "grid" (the active
 * combinations; null when some parameter has no finite grid),
 * "constraints", "feasible" (the share of random draws that satisfy
 * them; null without) and "draws". A space whose constraints leave less
 * than HPS_FEASIBLE_MIN of it is refused: HPS_EPARSE with
 * file:line:column and the share.
 */
#define HPS_FEASIBLE_MIN 1e-4
int hps_search_shape(const struct hps_space *sp, json_t **out, char *err,
    size_t errlen);

/* The strategy called name, or NULL. */
const struct hps_search_type *hps_search_find(const char *name);
/* The strategy of sp's method; HPS_EPARSE with "file:line:column:
 * unknown method ..." (a "did you mean" and the list) when none has its
 * name. */
int hps_search_for(const struct hps_space *sp,
    const struct hps_search_type **out, char *err, size_t errlen);

/* Number of grid points of the whole space (with conditions, its active
 * combinations), saturating at UINT64_MAX; 0 when some parameter has no
 * finite grid, or the conditions make more than HPS_BRANCHES_MAX
 * branches. */
uint64_t hps_grid_size(const struct hps_space *sp);

#endif
