/*
 * Pareto ranks and hypervolume for several objectives (hps/pareto.h),
 * all minimised. The hypervolume is exact: in 2-D a sweep over the points
 * sorted by the first objective; above, slices along the last objective,
 * each the (m-1)-dimensional hypervolume of the points below it (HSO,
 * While et al. 2006), which is quadratic in 3-D and plenty for the fronts
 * of a sweep.
 */
#include <stdlib.h>
#include <string.h>

#include "hps/pareto.h"

int
hps_pareto_dominates(const double *a, const double *b, size_t m)
{
	int better = 0;
	size_t k;

	for (k = 0; k < m; k++) {
		if (a[k] > b[k])
			return 0;
		if (a[k] < b[k])
			better = 1;
	}
	return better;
}

static int
same(const double *p, const double *y, size_t m)
{
	size_t k;

	for (k = 0; k < m && p[k] == y[k]; k++)
		;
	return k == m;
}

size_t
hps_pareto_insert(double *front, long *tag, size_t n, size_t m,
    const double *y, long ytag, int *covered)
{
	size_t i, j;

	*covered = 0;
	for (i = 0; i < n; i++)
		if (hps_pareto_dominates(front + i * m, y, m)) {
			*covered = 1;
			return n;
		}
	for (i = j = 0; i < n; i++) {
		if (hps_pareto_dominates(y, front + i * m, m))
			continue;
		*covered |= same(front + i * m, y, m);
		memmove(front + j * m, front + i * m, m * sizeof *y);
		if (tag != NULL)
			tag[j] = tag[i];
		j++;
	}
	for (i = j; i > 0 && front[(i - 1) * m] > y[0]; i--) {
		memcpy(front + i * m, front + (i - 1) * m, m * sizeof *y);
		if (tag != NULL)
			tag[i] = tag[i - 1];
	}
	memcpy(front + i * m, y, m * sizeof *y);
	if (tag != NULL)
		tag[i] = ytag;
	return j + 1;
}

size_t
hps_pareto_rank(const double *y, size_t n, size_t m, int *rank)
{
	size_t *above, i, j, left, r;

	if (n == 0)
		return 0;
	if ((above = calloc(n, sizeof *above)) == NULL)
		return (size_t)-1;
	/* above[i]: how many points dominate i. */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (j != i && hps_pareto_dominates(y + j * m,
			    y + i * m, m))
				above[i]++;
	for (i = 0; i < n; i++)
		rank[i] = above[i] == 0 ? 0 : -1;
	/* Peel: rank r's points no longer count against the rest. */
	for (r = 0, left = n; ; r++) {
		for (i = 0; i < n; i++)
			if (rank[i] == (int)r)
				left--;
		if (left == 0)
			break;
		for (i = 0; i < n; i++) {
			if (rank[i] != (int)r)
				continue;
			for (j = 0; j < n; j++)
				if (rank[j] < 0 && hps_pareto_dominates(
				    y + i * m, y + j * m, m) && --above[j] == 0)
					rank[j] = -2;	/* next rank */
		}
		for (j = 0; j < n; j++)
			if (rank[j] == -2)
				rank[j] = (int)r + 1;
	}
	free(above);
	return r + 1;
}

/* A row with the value it is sorted by. */
struct keyed {
	double key, second;
	const double *row;
};

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->second != y->second)
		return x->second < y->second ? -1 : 1;
	return 0;
}

/* The hypervolume of rows[0..n) (each below ref) in their first m
 * objectives. */
static double
hv_rows(const double **rows, size_t n, size_t m, const double *ref)
{
	struct keyed *s;
	const double **below;
	double hv = 0, lo, sub, width;
	size_t i;

	if (n == 0)
		return 0;
	if (m == 1) {
		for (lo = ref[0], i = 0; i < n; i++)
			if (rows[i][0] < lo)
				lo = rows[i][0];
		return ref[0] - lo;
	}
	if ((s = malloc(n * sizeof *s)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		s[i].key = rows[i][m - 1];
		s[i].second = rows[i][0];
		s[i].row = rows[i];
	}
	qsort(s, n, sizeof *s, keyed_cmp);
	if (m == 2) {
		/* Sorted by the second objective: each point adds the strip
		 * left of the best first objective so far. */
		for (lo = ref[0], i = 0; i < n; i++) {
			if (s[i].second < lo) {
				hv += (lo - s[i].second) * (ref[1] - s[i].key);
				lo = s[i].second;
			}
		}
		free(s);
		return hv;
	}
	if ((below = malloc(n * sizeof *below)) == NULL) {
		free(s);
		return -1;
	}
	for (i = 0; i < n; i++) {
		below[i] = s[i].row;
		width = (i + 1 < n ? s[i + 1].key : ref[m - 1]) - s[i].key;
		if (width <= 0)
			continue;
		if ((sub = hv_rows(below, i + 1, m - 1, ref)) < 0) {
			hv = -1;
			break;
		}
		hv += sub * width;
	}
	free(below);
	free(s);
	return hv;
}

/* The hypervolume of y's rows but skip (n: none). */
static double
hv_without(const double *y, size_t n, size_t m, const double *ref,
    size_t skip)
{
	const double **rows;
	double hv;
	size_t i, k, nr = 0;

	if ((rows = malloc((n ? n : 1) * sizeof *rows)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (i == skip)
			continue;
		for (k = 0; k < m && y[i * m + k] < ref[k]; k++)
			;
		if (k == m)
			rows[nr++] = y + i * m;
	}
	hv = hv_rows(rows, nr, m, ref);
	free(rows);
	return hv;
}

double
hps_pareto_hv(const double *y, size_t n, size_t m, const double *ref)
{
	return hv_without(y, n, m, ref, n);
}

int
hps_pareto_contrib(const double *y, size_t n, size_t m, const double *ref,
    double *contrib)
{
	double all, less;
	size_t i;

	if ((all = hps_pareto_hv(y, n, m, ref)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((less = hv_without(y, n, m, ref, i)) < 0)
			return -1;
		contrib[i] = all - less > 0 ? all - less : 0;
	}
	return 0;
}

/* A point's place: rank, then contribution (larger first), then index. */
struct place {
	int rank;
	double contrib;
	size_t i;
};

static int
place_cmp(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->contrib != y->contrib)
		return x->contrib > y->contrib ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The contributions of the points of rank r to that rank's volume. */
static int
rank_contrib(const double *y, size_t n, size_t m, const double *ref,
    const int *rank, int r, struct place *p)
{
	double *sub, *c;
	size_t i, k = 0;
	int rc = -1;

	sub = malloc(n * m * sizeof *sub);
	c = malloc(n * sizeof *c);
	if (sub == NULL || c == NULL)
		goto out;
	for (i = 0; i < n; i++)
		if (rank[i] == r)
			memcpy(sub + k++ * m, y + i * m, m * sizeof *sub);
	if (hps_pareto_contrib(sub, k, m, ref, c) != 0)
		goto out;
	for (i = 0, k = 0; i < n; i++)
		if (rank[i] == r)
			p[i].contrib = c[k++];
	rc = 0;
out:
	free(sub);
	free(c);
	return rc;
}

int
hps_pareto_order(const double *y, size_t n, size_t m, const double *ref,
    size_t *order)
{
	struct place *p;
	int *rank;
	size_t i, nr;
	int rc = -1;

	if (n == 0)
		return 0;
	p = malloc(n * sizeof *p);
	rank = malloc(n * sizeof *rank);
	if (p == NULL || rank == NULL ||
	    (nr = hps_pareto_rank(y, n, m, rank)) == (size_t)-1)
		goto out;
	for (i = 0; i < n; i++) {
		p[i].rank = rank[i];
		p[i].contrib = 0;
		p[i].i = i;
	}
	for (i = 0; i < nr; i++)
		if (rank_contrib(y, n, m, ref, rank, (int)i, p) != 0)
			goto out;
	qsort(p, n, sizeof *p, place_cmp);
	for (i = 0; i < n; i++)
		order[i] = p[i].i;
	rc = 0;
out:
	free(p);
	free(rank);
	return rc;
}
