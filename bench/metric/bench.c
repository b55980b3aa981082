/*
 * metric-bench FILE... [-m MB] [-r RUNS]: how fast the metric reader reads
 * a trainer's output on one core. Each FILE (the Keras fixtures of
 * tests/data/keras by default, through bench/metric/run) is repeated to
 * MB megabytes in memory and fed through the line splitter and the reader
 * in 64 KiB reads, as the daemon reads a pipe, RUNS times; the median
 * and range of the runs' MB/s are printed. The time is the thread's CPU
 * time, so a machine shared with other work still shows the speed of
 * one core (wall-clock time would count the waits for it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hps/linebuf.h"
#include "hps/metric.h"

static size_t values;

static void
count(void *arg, const struct hps_metric_line *ml)
{
	(void)arg;
	values += ml->n;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The file repeated to at least mb megabytes. */
static char *
load(const char *path, size_t mb, size_t *len)
{
	size_t n, cap = mb << 20;
	char *buf = malloc(cap + (4 << 20));
	FILE *f = fopen(path, "rb");

	if (buf == NULL || f == NULL) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, 4 << 20, f);
	fclose(f);
	for (*len = n; *len < cap; *len += n)
		memcpy(buf + *len, buf, n);
	return buf;
}

static double
one_run(const char *buf, size_t len)
{
	struct hps_metric_parser *p = hps_metric_parser_new(NULL, NULL, count,
	    NULL);
	struct hps_linebuf lb;
	double t0;
	size_t i, k;

	if (p == NULL || hps_linebuf_init(&lb, HPS_LINE_MAX, hps_metric_feed,
	    p) != 0)
		exit(1);
	t0 = now();
	for (i = 0; i < len; i += k) {
		k = len - i < 65536 ? len - i : 65536;
		hps_linebuf_feed(&lb, buf + i, k);
	}
	hps_linebuf_finish(&lb);
	hps_metric_finish(p);
	t0 = now() - t0;
	hps_linebuf_free(&lb);
	hps_metric_parser_free(p);
	return (double)len / (1 << 20) / t0;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	size_t mb = 256, runs = 7, len, r;
	double rate[64], all[64 * 16];
	size_t nall = 0;
	int i, c;
	char *buf;

	while ((c = getopt(argc, argv, "m:r:")) != -1) {
		if (c == 'm')
			mb = strtoul(optarg, NULL, 10);
		else if (c == 'r')
			runs = strtoul(optarg, NULL, 10);
	}
	if (optind == argc || runs == 0 || runs > 64) {
		fprintf(stderr, "usage: metric-bench [-m MB] [-r RUNS] FILE...\n");
		return 2;
	}
	printf("%-28s %8s %8s %10s\n", "file", "MB", "median", "runs MB/s (CPU time)");
	for (i = optind; i < argc && nall + runs <= 64 * 16; i++) {
		buf = load(argv[i], mb, &len);
		for (r = 0; r < runs; r++)
			all[nall++] = rate[r] = one_run(buf, len);
		qsort(rate, runs, sizeof *rate, cmp);
		printf("%-28s %8zu %8.0f  %.0f..%.0f\n", strrchr(argv[i], '/') ?
		    strrchr(argv[i], '/') + 1 : argv[i], len >> 20,
		    rate[runs / 2], rate[0], rate[runs - 1]);
		free(buf);
	}
	qsort(all, nall, sizeof *all, cmp);
	printf("median over all files and runs: %.0f MB/s (%zu values read)\n",
	    all[nall / 2], values);
	return 0;
}
