/*
 * What the two ways of running a trial on Slurm share: the executor:
 * section (exec-slurm.c reads it), the job's name and the options that ask
 * Slurm for its resources. A trial is a batch job (`submit: sbatch`, the
 * default; exec-sbatch.c) that outlives hpsd, or a command under srun
 * (`submit: srun`; exec-slurm.c) for an interactive allocation.
 */
#ifndef HPSD_SLURM_H
#define HPSD_SLURM_H

#include <stddef.h>

struct daemon;
struct executor;
struct executor_ops;
struct hps_space;
struct trial;

/* The batch way (exec-sbatch.c); exec_slurm_ops is the srun way. */
extern const struct executor_ops exec_sbatch_ops;

/* The settings; the strings point into the space. */
struct slurm_conf {
	const char *partition;
	int cpus;
	const char *mem;
	double time_limit;		/* seconds, 0: none */
	double warn;			/* the warning before it, seconds */
	const char *const *extra;
	size_t nextra;
};

/* Read and check the section (both ways); x->ops becomes
 * &exec_sbatch_ops unless it says `submit: srun`. */
int slurm_configure(struct executor *x, const struct daemon *d,
    const struct hps_space *sp, char *err, size_t errlen);
void slurm_unconfigure(struct executor *x);
/* A growing argv, NULL-terminated; -1 when out of memory. */
int slurm_push(char ***v, size_t *n, size_t *cap, const char *s);
/* The job's name and resources (-J, --cpus-per-task, --partition, --mem,
 * --gres, --time, extra_args) onto v; -1 when out of memory. */
int slurm_request(char ***v, size_t *n, size_t *cap, const char *name,
    const struct executor *ex);
/* "hps-<study>-<trial>": the job name that finds a trial in Slurm. */
void slurm_job_name(const struct trial *t, char *buf, size_t len);
/* scancel, detached (hpsd does not wait): target is a job id or, with
 * by_name, a job name; sig NULL cancels the job outright, else the signal
 * goes to its processes (with full, the batch script's too). */
void slurm_scancel(const char *target, int by_name, const char *sig,
    int full);

#endif
