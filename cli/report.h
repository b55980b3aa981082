/*
 * hps report: the model a report page is drawn from, built once from the
 * answer of the "report" query (hps_query_report), and the writers of the
 * page's parts. Everything the page shows comes from this model, so the
 * writers only lay it out.
 */
#ifndef HPS_REPORT_H
#define HPS_REPORT_H

#include <jansson.h>
#include <stddef.h>

#include "svg.h"

/* A numeric parameter is drawn on a scale, a categorical one by value. */
enum rp_kind { RP_NUM, RP_CAT };

struct rp_param {
	const char *name;		/* borrowed from the answer */
	enum rp_kind kind;
	int log;			/* declared log: true in the space */
	int cond;			/* may be inactive (when:, per:): a
					 * trial without it is drawn at the
					 * axis's "inactive" place */
	double min, max;		/* declared bounds; NaN when unknown */
	char **cats;			/* RP_CAT: labels, declared order first */
	size_t ncats;
	double *x;			/* per trial: the value or category index;
					 * NaN when the trial lacks it */
	double explained;		/* main-effect share of the objective's
					 * variance, in [0, 1] */
	double share;			/* explained, normalised over params */
};

struct rp_trial {
	long number;
	const char *state;
	double obj;			/* NaN: no objective */
	double best_step;		/* -1: none */
	json_t *json;			/* the trial's object in the answer */
};

/*
 * With several objectives (the answer's "objectives"): their names and
 * goals, each trial's value of each, its non-dominated rank among the
 * feasible completed trials (1: the Pareto front; 0: not ranked) and
 * whether it completed outside a limit.
 */
#define RP_OBJ_MAX 4
struct rp_front {
	size_t nobj;			/* 0: one objective, no front drawn */
	const char *names[RP_OBJ_MAX];	/* borrowed from the answer */
	int maximize[RP_OBJ_MAX];
	double *v;			/* ntrials rows of nobj; NaN: none */
	int *rank;
	int *infeasible;
	size_t size;			/* trials on the front */
	double ref[RP_OBJ_MAX];		/* the reference point of hps status,
					 * turned to minimise */
};

struct report {
	json_t *res;			/* the query's answer, owned */
	const char *study, *metric, *method, *state;
	int maximize;
	int unranked;		/* no metric: nothing is ranked */
	long top;			/* rows of the top table */
	struct rp_trial *trials;	/* in number order */
	size_t ntrials;
	struct rp_param *params;	/* constants left out */
	size_t nparams;
	size_t *ranked;			/* completed trials with an objective,
					 * best first (indices into trials) */
	size_t nranked;
	double lo, hi;			/* the objective's range over ranked */
	struct rp_front front;
};

/* report.c. A trial's numeric value (a number, a boolean); NaN otherwise. */
double report_num(json_t *v);

/* importance.c: the objective variance one parameter explains alone. */
double report_importance(const double *x, const double *y, size_t n,
    int categorical);

/* html.c: the whole page. */
void html_page(struct svg_buf *b, const struct report *r);

/* html_chart.c and html_params.c: the charts, each a <section>. */
/* The stroke width of n dots, at most `most` (few dots). */
double html_dot_width(size_t n, double most);
void html_history(struct svg_buf *b, const struct report *r);
void html_curves(struct svg_buf *b, const struct report *r);
void html_parallel(struct svg_buf *b, const struct report *r);
void html_slices(struct svg_buf *b, const struct report *r);
/* html_front.c: the Pareto front, with several objectives. */
void html_front(struct svg_buf *b, const struct report *r);
/* hv[i]: the hypervolume of the front of the feasible completed trials
 * among trials[0..i] against front.ref (NaN before the first); -1 when
 * out of memory. */
int html_front_hv(const struct report *r, double *hv);

#endif
