/*
 * Every process a trial starts, whatever it does (a new session, a double
 * fork), is found and stopped with the trial. The best the machine allows
 * is chosen at start:
 *
 *   cgroup2    a group of its own under `<our cgroup v2>/hpsd`: children
 *              cannot leave it, cgroup.kill kills them all at once and
 *              cgroup.events says when the last one is gone;
 *   cgroup1    the same in a cgroup v1 freezer hierarchy (frozen, then
 *              killed, then thawed), or a pids one (killed until empty);
 *   subreaper  without a writable cgroup (an unprivileged user without
 *              delegation): the keeper is a child subreaper, so orphans of
 *              the trial become its children instead of init's, and it
 *              signals its whole tree; the trial's process group is all
 *              that the daemon can still find of a trial whose keeper was
 *              killed.
 *
 * The keeper always runs as a subreaper, so it reaps every orphan of its
 * trial in any mode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "keeper.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

static const char *const mode_names[] = {
	[TRACK_CGROUP2] = "cgroup2",
	[TRACK_CGROUP1] = "cgroup1",
	[TRACK_SUBREAPER] = "subreaper",
};

const char *
track_mode_name(enum track_mode m)
{
	return mode_names[m];
}

int
track_mode_parse(const char *name, enum track_mode *m)
{
	size_t i;

	for (i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++)
		if (strcmp(name, mode_names[i]) == 0) {
			*m = (enum track_mode)i;
			return 0;
		}
	return -1;
}

/* Whether word is one of the comma-separated words of list. */
static int
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; p != NULL; p = strchr(p, ',')) {
		p += *p == ',';
		if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

/* The mount point of a cgroup file system: v2 (want NULL), or the v1
 * hierarchy of controller want. */
static int
find_mount(const char *want, char *out, size_t len)
{
	char line[4096], mnt[PATH_MAX], *dash, fstype[64], opts[1024];
	FILE *fp;
	int found = 0;

	if ((fp = fopen("/proc/self/mountinfo", "re")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof line, fp) != NULL) {
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    (dash = strstr(line, " - ")) == NULL ||
		    sscanf(dash + 3, "%63s %*s %1023s", fstype, opts) != 2)
			continue;
		if (want == NULL ? strcmp(fstype, "cgroup2") == 0 :
		    strcmp(fstype, "cgroup") == 0 && has_word(opts, want))
			found = snprintf(out, len, "%s", mnt) < (int)len;
	}
	fclose(fp);
	return found ? 0 : -1;
}

/* Our own cgroup in that hierarchy, from /proc/self/cgroup. */
static int
own_cgroup(const char *want, char *out, size_t len)
{
	char line[4096], *ctl, *path;
	FILE *fp;
	int found = 0;

	if ((fp = fopen("/proc/self/cgroup", "re")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		/* "id:controllers:path"; v2's is "0::path". */
		if ((ctl = strchr(line, ':')) == NULL ||
		    (path = strchr(ctl + 1, ':')) == NULL)
			continue;
		*ctl++ = '\0';
		*path++ = '\0';
		if (want == NULL ? strcmp(line, "0") == 0 && *ctl == '\0' :
		    has_word(ctl, want))
			found = snprintf(out, len, "%s", strcmp(path, "/") ?
			    path : "") < (int)len;
	}
	fclose(fp);
	return found ? 0 : -1;
}

static int
can(const char *dir, const char *file, int mode)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof path, "%s/%s", dir, file);
	return access(path, mode) == 0;
}

/*
 * `<own>/hpsd` in the hierarchy, if a group made in it can be joined and
 * has the files this mode needs: 0, or the errno that says why not.
 */
static int
try_parent(struct track *tr, const char *want, const char *need)
{
	char mnt[PATH_MAX], own[PATH_MAX], base[PATH_MAX], probe[PATH_MAX];
	int ok, err;

	if (find_mount(want, mnt, sizeof mnt) != 0 ||
	    own_cgroup(want, own, sizeof own) != 0)
		return ENOENT;
	if ((size_t)snprintf(base, sizeof base, "%s%s", mnt, own) >=
	    sizeof base || (size_t)snprintf(tr->parent, sizeof tr->parent,
	    "%s/hpsd", base) >= sizeof tr->parent)
		return ENAMETOOLONG;
	if (mkdir(tr->parent, 0755) != 0 && errno != EEXIST)
		return errno;
	snprintf(probe, sizeof probe, "%.*s/probe.%ld", PATH_MAX - 32,
	    tr->parent, (long)getpid());
	if (mkdir(probe, 0755) != 0 && errno != EEXIST)
		return errno;
	/* Moving a process between groups needs write access to the
	 * cgroup.procs of their common ancestor, ours. */
	ok = can(probe, need, W_OK) && can(probe, "cgroup.procs", W_OK) &&
	    can(base, "cgroup.procs", W_OK);
	err = ok ? 0 : EACCES;
	if (ok && want != NULL)
		tr->freezer = can(probe, "freezer.state", W_OK);
	rmdir(probe);
	return err;
}

void
track_detect(struct track *tr, enum track_mode most, char *why, size_t len)
{
	int e2 = EPERM, ef = EPERM, ep = EPERM;

	memset(tr, 0, sizeof *tr);
	why[0] = '\0';
	if (most <= TRACK_CGROUP2 &&
	    (e2 = try_parent(tr, NULL, "cgroup.kill")) == 0) {
		tr->mode = TRACK_CGROUP2;
		return;
	}
	if (most <= TRACK_CGROUP1 &&
	    ((ef = try_parent(tr, "freezer", "freezer.state")) == 0 ||
	    (ep = try_parent(tr, "pids", "pids.max")) == 0)) {
		tr->mode = TRACK_CGROUP1;
		snprintf(why, len, "cgroup v2: %s", strerror(e2));
		return;
	}
	tr->mode = TRACK_SUBREAPER;
	tr->parent[0] = '\0';
	snprintf(why, len, "cgroup v2: %s; cgroup v1 freezer: %s, pids: %s",
	    strerror(e2), strerror(ef), strerror(ep));
}

int
tgroup_create(struct tgroup *g, const struct track *tr, pid_t keeper,
    unsigned long long start)
{
	memset(g, 0, sizeof *g);
	g->mode = tr->mode;
	g->freezer = tr->freezer;
	g->keeper = keeper;
	if (tr->mode == TRACK_SUBREAPER)
		return 0;
	if ((size_t)snprintf(g->path, sizeof g->path, "%s/t%ld.%llu",
	    tr->parent, (long)keeper, start) >= sizeof g->path)
		return ENAMETOOLONG;
	if (mkdir(g->path, 0755) != 0 && errno != EEXIST)
		return errno;
	return 0;
}

/* Write a short string to a file of the group: 0 or an errno. */
static int
put(const struct tgroup *g, const char *file, const char *text)
{
	char path[PATH_MAX + 32];
	ssize_t n;
	int fd, err;

	snprintf(path, sizeof path, "%s/%s", g->path, file);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return errno;
	n = write(fd, text, strlen(text));
	err = errno;
	close(fd);
	return n < 0 ? err : 0;
}

int
tgroup_join_pid(const struct tgroup *g, pid_t pid)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%ld", (long)pid);
	return g->mode == TRACK_SUBREAPER ? 0 : put(g, "cgroup.procs", buf);
}

/* Read a file of the group (at most len - 1 bytes, NUL-terminated). */
static ssize_t
get(const struct tgroup *g, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX + 32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", g->path, file);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* sig to each process listed in cgroup.procs; how many there were. */
static int
signal_procs(const struct tgroup *g, int sig)
{
	char buf[65536], *p, *end;
	long pid;
	int n = 0;

	if (get(g, "cgroup.procs", buf, sizeof buf) <= 0)
		return 0;
	for (p = buf; (pid = strtol(p, &end, 10)) > 0; p = end, n++)
		kill((pid_t)pid, sig);
	return n;
}

static void
pause_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};

	nanosleep(&ts, NULL);
}

/* cgroup v1: frozen, nothing can fork while it is killed; without a
 * freezer, killed again until it is empty. */
static void
kill_v1(const struct tgroup *g)
{
	char state[64];
	int i;

	if (g->freezer && put(g, "freezer.state", "FROZEN") == 0) {
		for (i = 0; i < 1000; i++) {
			if (get(g, "freezer.state", state, sizeof state) <= 0 ||
			    strncmp(state, "FROZEN", 6) == 0)
				break;
			pause_ms(1);
		}
		signal_procs(g, SIGKILL);
		put(g, "freezer.state", "THAWED");
		return;
	}
	for (i = 0; i < 100 && signal_procs(g, SIGKILL) > 0; i++)
		pause_ms(1);
}

static void
signal_one(pid_t pid, void *arg)
{
	kill(pid, *(int *)arg);
}

void
tgroup_signal(const struct tgroup *g, int sig)
{
	switch (g->mode) {
	case TRACK_CGROUP2:
		if (sig != SIGKILL || put(g, "cgroup.kill", "1") != 0)
			signal_procs(g, sig);
		break;
	case TRACK_CGROUP1:
		if (sig == SIGKILL)
			kill_v1(g);
		else
			signal_procs(g, sig);
		break;
	case TRACK_SUBREAPER:
		proc_each_descendant(g->keeper, signal_one, &sig);
		break;
	}
}

static void
count_one(pid_t pid, void *arg)
{
	(void)pid;
	(void)arg;
}

int
tgroup_empty(const struct tgroup *g)
{
	char buf[256];

	switch (g->mode) {
	case TRACK_CGROUP2:
		if (get(g, "cgroup.events", buf, sizeof buf) > 0)
			return strstr(buf, "populated 0") != NULL;
		return 1;
	case TRACK_CGROUP1:
		return get(g, "cgroup.procs", buf, sizeof buf) <= 0;
	case TRACK_SUBREAPER:
		break;
	}
	return proc_each_descendant(g->keeper, count_one, NULL) == 0;
}

/* A group whose last process has exited may stay busy a moment, while
 * the kernel releases it: removed within a second. */
void
tgroup_remove(const struct tgroup *g)
{
	int i;

	if (g->mode == TRACK_SUBREAPER)
		return;
	for (i = 0; i < 100 && rmdir(g->path) != 0 && errno == EBUSY; i++)
		pause_ms(10);
}

int
tgroup_from_file(struct tgroup *g, const char *track, const char *path,
    pid_t keeper, unsigned long long start)
{
	char name[64];
	const char *base = strrchr(path, '/');
	struct statfs sf;

	memset(g, 0, sizeof *g);
	g->keeper = keeper;
	if (track_mode_parse(track, &g->mode) != 0 ||
	    g->mode == TRACK_SUBREAPER)
		return -1;
	snprintf(name, sizeof name, "t%ld.%llu", (long)keeper, start);
	if (path[0] != '/' || strstr(path, "/..") != NULL || base == NULL ||
	    strcmp(base + 1, name) != 0 || statfs(path, &sf) != 0 ||
	    (sf.f_type != CGROUP2_SUPER_MAGIC &&
	    sf.f_type != CGROUP_SUPER_MAGIC))
		return -1;
	snprintf(g->path, sizeof g->path, "%s", path);
	/* A v1 group freezes when its hierarchy has the file. */
	g->freezer = g->mode == TRACK_CGROUP1 &&
	    can(g->path, "freezer.state", W_OK);
	return 0;
}
