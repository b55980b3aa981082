/*
 * Facts about processes from /proc: a process's start time, which with its
 * PID names it uniquely, so hpsd adopts or kills only its own trials and
 * never a process that happens to have reused the PID; whether that
 * process still runs; a variable of the environment it started with; and
 * the tree of processes under a keeper.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keeper.h"

/* The start of /proc/PID/file in buf, NUL-terminated: its length, or -1. */
static long
read_proc(long pid, const char *file, char *buf, size_t len)
{
	char path[64];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%ld/%s", pid, file);
	if ((fp = fopen(path, "re")) == NULL)
		return -1;
	n = fread(buf, 1, len - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return (long)n;
}

/* Fields 3 (state), 4 (ppid) and 22 (start time) of /proc/PID/stat. */
static int
stat_fields(long pid, char *state, long *ppid, unsigned long long *start)
{
	char buf[1024], *p;
	int field;

	if (read_proc(pid, "stat", buf, sizeof buf) < 0)
		return -1;
	/* The command name (field 2) may hold spaces and ')': skip past it. */
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 1, " %c %ld",
	    state, ppid) != 2)
		return -1;
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p + 1, "%llu", start) != 1)
		return -1;
	return 0;
}

int
proc_start_time(long pid, unsigned long long *out)
{
	char state;
	long ppid;

	return pid > 0 ? stat_fields(pid, &state, &ppid, out) : -1;
}

int
proc_env(long pid, const char *name, char *buf, size_t len)
{
	char env[65536];
	size_t k = strlen(name), i;
	long n;

	if ((n = read_proc(pid, "environ", env, sizeof env)) < 0)
		return -1;
	/* NUL-separated NAME=value strings. */
	for (i = 0; i < (size_t)n; i += strlen(env + i) + 1)
		if (strncmp(env + i, name, k) == 0 && env[i + k] == '=')
			return snprintf(buf, len, "%s", env + i + k + 1) <
			    (int)len ? 0 : -1;
	return -1;
}

int
proc_is(long pid, unsigned long long start)
{
	unsigned long long now;
	char state;
	long ppid;

	return pid > 0 && stat_fields(pid, &state, &ppid, &now) == 0 &&
	    now == start && state != 'Z' && state != 'X';
}

struct ptab {
	pid_t *pid, *ppid;
	size_t n, cap;
};

/* Every process with its parent. */
static int
read_table(struct ptab *t)
{
	unsigned long long start;
	struct dirent *e;
	char state, *end;
	long pid, ppid;
	DIR *d;

	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		pid = strtol(e->d_name, &end, 10);
		if (*end != '\0' || pid <= 0 ||
		    stat_fields(pid, &state, &ppid, &start) != 0 ||
		    state == 'Z')
			continue;	/* a zombie's children have moved on */
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 512;
			pid_t *a = realloc(t->pid, cap * sizeof *a);
			pid_t *b = a ? realloc(t->ppid, cap * sizeof *b) : NULL;

			if (a != NULL)
				t->pid = a;
			if (b == NULL)
				break;
			t->ppid = b;
			t->cap = cap;
		}
		t->pid[t->n] = (pid_t)pid;
		t->ppid[t->n++] = (pid_t)ppid;
	}
	closedir(d);
	return 0;
}

int
proc_each_descendant(pid_t root, void (*fn)(pid_t pid, void *arg),
    void *arg)
{
	struct ptab t = {0};
	pid_t *queue;
	size_t head = 0, tail = 0, i;
	int n = 0;

	if (read_table(&t) != 0 || (queue = malloc((t.n + 1) *
	    sizeof *queue)) == NULL) {
		free(t.pid);
		free(t.ppid);
		return 0;
	}
	queue[tail++] = root;
	/* Breadth first: a parent is signalled before its children. */
	while (head < tail) {
		pid_t p = queue[head++];

		for (i = 0; i < t.n; i++)
			if (t.ppid[i] == p && t.pid[i] != root &&
			    tail <= t.n) {
				queue[tail++] = t.pid[i];
				fn(t.pid[i], arg);
				n++;
			}
	}
	free(queue);
	free(t.pid);
	free(t.ppid);
	return n;
}
