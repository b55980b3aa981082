/*
 * The checkpoint protocol, hpsd's side. Every trial has a directory of its
 * own for checkpoints, `checkpoint` in its trial directory
 * (HPS_CHECKPOINT_DIR), which all its runs share. A run that continues an
 * earlier run of the same trial — one lost (hpsd died, or its processes
 * were killed from outside) or paused (hps pause --now) — resumes: it
 * finds the directory as the last run left it and, when hpsd recorded
 * steps of the trial, learns the last one (HPS_RESUME_STEP). Its curve
 * continues the stored one: the stored rows stay, and what the new run
 * reports at steps up to HPS_RESUME_STEP (a trainer replaying the epochs
 * since its last checkpoint, or its earlier lines) is ignored, so the
 * curve has no gap and no step twice, and the early-stopping rule judges
 * no step again. A run that starts afresh (the trial's first, or one that
 * `hps retry` asked for after the trial failed) finds the directory empty
 * and the curve cleared: a retry follows a fix of what made the trial
 * fail, and the state of the broken run is not to be carried on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

#define CHECKPOINT_DIR "checkpoint"

/* Remove one entry of the tree, deepest first; links are not followed. */
static int
remove_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* The trial's checkpoint directory, made (0700), emptied when fresh. */
static int
make_dir(const char *path, int fresh)
{
	struct stat sb;

	if (fresh && lstat(path, &sb) == 0 && nftw(path, remove_entry, 16,
	    FTW_DEPTH | FTW_PHYS) != 0)
		return -1;
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Whether t's next run continues its last one. */
static int
resumes(const struct trial *t)
{
	return t->state == HPS_T_LOST || t->state == HPS_T_PAUSED;
}

/* A resuming run's HPS_RESUME_STEP: the last step stored, if any. */
static int
learn_last_step(struct trial *t)
{
	struct daemon *d = t->study->d;
	int rc;

	t->has_resume_step = 0;
	if (!t->resume || (rc = hps_store_trial_last_step(d->store, t->id,
	    &t->resume_step)) == HPS_ENOTFOUND)
		return 0;
	/* Not knowing what is stored, the run must not start. */
	if (disk_check(d, rc, "study %s: trial %ld: reading its last step",
	    t->study->sp->name, t->number) != 0) {
		errno = EIO;
		return -1;
	}
	t->has_resume_step = 1;
	return 0;
}

int
resume_prepare(struct trial *t, const char *dir)
{
	char path[4096];

	t->resume = resumes(t);
	if (learn_last_step(t) != 0)
		return -1;
	if ((size_t)snprintf(path, sizeof path, "%s/" CHECKPOINT_DIR, dir) >=
	    sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (t->has_resume_step)
		log_info("study %s: trial %ld resumes after step %.15g",
		    t->study->sp->name, t->number, t->resume_step);
	else if (t->resume)
		log_info("study %s: trial %ld resumes (no step recorded)",
		    t->study->sp->name, t->number);
	return make_dir(path, !t->resume);
}

void
resume_again(struct trial *t)
{
	t->resume = 1;
	if (learn_last_step(t) == 0 && t->has_resume_step)
		log_info("study %s: trial %ld runs again in its job and resumes"
		    " after step %.15g", t->study->sp->name, t->number,
		    t->resume_step);
}

size_t
resume_env(const struct trial *t, const char *dir, char **env)
{
	size_t n = 0;

	if (asprintf(&env[n], "HPS_CHECKPOINT_DIR=%s/" CHECKPOINT_DIR,
	    dir) >= 0)
		n++;
	if (t->has_resume_step && asprintf(&env[n], "HPS_RESUME_STEP=%.15g",
	    t->resume_step) >= 0)
		n++;
	return n;
}

int
resume_skips(const struct trial *t, double step)
{
	return t->has_resume_step && step <= t->resume_step;
}

/* A stored value of the kept curve, as if the run had reported it. */
static void
replay(const char *name, double step, double value, void *arg)
{
	trial_recall(arg, name, step, value);
}

void
resume_replay(struct trial *t)
{
	if (!t->has_resume_step)
		return;
	disk_check(t->study->d, hps_store_each_trial_metric(t->study->d->store,
	    t->id, replay, t), "study %s: trial %ld: reading its curve",
	    t->study->sp->name, t->number);
}
