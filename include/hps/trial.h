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
	HPS_T_NSTATES
};

/* Name as shown to users ("completed"), and back; -1 if unknown. */
const char *hps_tstate_name(enum hps_tstate s);
int hps_tstate_parse(const char *name);

#endif
