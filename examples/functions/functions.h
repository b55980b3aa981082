/*
 * Standard test functions for optimisers (after the Virtual Library of
 * Simulation Experiments, Surjanovic and Bingham): each with its domain,
 * its known global minimum and where that minimum lies, so a search can be
 * scored by how close it gets. This file is part of an example trial
 * program and uses none of hpsd's libraries.
 */
#ifndef FUNCTIONS_H
#define FUNCTIONS_H

/* Most variables any function takes ("sphere64"). */
#define FN_MAXDIM 64
/* Most variables of a fixed-dimension function (Hartmann-6). */
#define FN_FIXDIM 6
/* Most known minimisers listed for one function (Branin has 3). */
#define FN_MAXMIN 3

struct fn_def {
	const char *name;	/* "branin"; for scalable ones the stem */
	int dim;		/* fixed dimension, or 0: the name's suffix */
	int min_dim;		/* smallest dimension allowed when dim is 0 */
	/*
	 * Domain. Fixed-dimension functions list each variable's bounds;
	 * scalable ones give lo[0] and hi[0] for every variable.
	 */
	double lo[FN_FIXDIM];
	double hi[FN_FIXDIM];
	/* The global minimum, per variable when per_dim is set. */
	double fmin;
	int per_dim;
	/*
	 * Where the minimum lies: nxmin points of dim coordinates, or for
	 * scalable functions one coordinate repeated in every variable.
	 */
	double xmin[FN_MAXMIN][FN_FIXDIM];
	int nxmin;
	double (*f)(const double *x, int d);
};

extern const struct fn_def fn_table[];
extern const int fn_count;

/*
 * The function called name ("branin", "rosenbrock4") and its dimension
 * in *d, or NULL when there is none or the suffix is out of range.
 */
const struct fn_def *fn_lookup(const char *name, int *d);

/* Bounds of variable i (0-based), the minimum for dimension d, and the
 * k-th known minimiser written into x (d values). */
double fn_lo(const struct fn_def *fn, int i);
double fn_hi(const struct fn_def *fn, int i);
double fn_min(const struct fn_def *fn, int d);
void fn_minimiser(const struct fn_def *fn, int k, int d, double *x);

#endif
