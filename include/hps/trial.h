/* Trial states: the names users see in every listing and type in filters. */
#ifndef HPS_TRIAL_H
#define HPS_TRIAL_H

enum hps_tstate {
	HPS_T_QUEUED,
	HPS_T_RUNNING,
	HPS_T_COMPLETED,
	HPS_T_FAILED,
	HPS_T_TIMEOUT,
	HPS_T_PRUNED,
	HPS_T_LOST,
	HPS_T_PENDING,		/* waiting in a cluster's queue (Slurm) */
	HPS_T_IMPORTED,		/* an earlier study's result (warm_start.from) */
	HPS_T_PAUSED,		/* stopped by hps pause --now; resumes */
	HPS_T_NSTATES
};

/* Where a trial's point came from: the study's method, or given to it. */
enum hps_origin {
	HPS_O_SEARCH,		/* the search method proposed it */
	HPS_O_POINT,		/* warm_start.points */
	HPS_O_ENQUEUED,		/* hps enqueue */
	HPS_O_IMPORTED,		/* warm_start.from */
	HPS_O_REPEAT,		/* confirm: a trial's configuration again */
	HPS_O_N
};

/* Name as shown to users ("completed"), and back; -1 if unknown. */
const char *hps_tstate_name(enum hps_tstate s);
int hps_tstate_parse(const char *name);
/* "search", "point", "enqueued", "imported", "repeat", and back; -1 if unknown. */
const char *hps_origin_name(enum hps_origin o);
int hps_origin_parse(const char *name);

#endif
