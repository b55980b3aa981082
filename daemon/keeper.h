/*
 * What hpsd and hpsd-keeper share. A local trial runs under a keeper
 * (keeper.c), a small process of its own that outlives the daemon: it
 * starts the trial, keeps its output in capped files of the trial
 * directory and writes its state (at the end, the trial's exit status) to
 * the file `keeper` there, so nothing about a running trial depends on the
 * daemon that started it; a daemon follows those files and adopts the
 * keeper again after a restart (kept.c). These modules use libc alone:
 * the keeper links nothing else.
 *
 *   keepfile.c   the state file, written atomically, read with a check
 *   outlog.c     a stream's capped files
 *   track.c      every process of a trial: a cgroup, or the keeper as a
 *                subreaper with its process tree
 *   proc.c       a process's start time and its descendants, from /proc
 */
#ifndef HPSD_KEEPER_H
#define HPSD_KEEPER_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

/* The keeper's program, found beside hpsd. */
#define KEEPER_NAME "hpsd-keeper"
/* The state file in the trial directory. */
#define KEEPFILE_NAME "keeper"

/* proc.c */
/* The start time of a process (clock ticks since boot): with the pid it
 * names the process for good (never a reused pid). 0 or -1. */
int proc_start_time(long pid, unsigned long long *out);
/* Whether pid is the process that started at `start` and has not exited
 * (a zombie has). */
int proc_is(long pid, unsigned long long start);
/* The value of variable name in the environment pid started with (its
 * first 64 KiB), in buf: 0, or -1 when it has none. */
int proc_env(long pid, const char *name, char *buf, size_t len);
/* Call fn for each process in the tree under root (root excluded),
 * parents before their children; returns how many. */
int proc_each_descendant(pid_t root, void (*fn)(pid_t pid, void *arg),
    void *arg);

/* track.c: how every process of a trial is found and stopped. */
enum track_mode {
	TRACK_CGROUP2,		/* a cgroup v2 group: cgroup.kill, events */
	TRACK_CGROUP1,		/* a cgroup v1 freezer (or pids) group */
	TRACK_SUBREAPER,	/* the keeper's descendants */
};
struct track {
	enum track_mode mode;
	char parent[PATH_MAX];	/* where trial groups are made (cgroups) */
	int freezer;		/* cgroup v1: the hierarchy freezes */
};
/* The best mode this process may use (no better than `most`), with why
 * the better ones are not usable in why (for the log). Makes `<own
 * cgroup>/hpsd` when it can. */
void track_detect(struct track *tr, enum track_mode most, char *why,
    size_t len);
const char *track_mode_name(enum track_mode m);
int track_mode_parse(const char *name, enum track_mode *m);

/* A trial's processes: its cgroup (path), or the keeper's descendants. */
struct tgroup {
	enum track_mode mode;
	int freezer;
	pid_t keeper;
	char path[PATH_MAX];	/* the trial's cgroup, "" for subreaper */
};
/* Make the trial's group under tr's parent, named after the keeper; an
 * errno when it cannot (the keeper then falls back to subreaper). */
int tgroup_create(struct tgroup *g, const struct track *tr, pid_t keeper,
    unsigned long long start);
/* Move process pid into the group: 0 or an errno. */
int tgroup_join_pid(const struct tgroup *g, pid_t pid);
/* sig to every process of the group; SIGKILL takes them all at once
 * (cgroup.kill, or frozen then killed). */
void tgroup_signal(const struct tgroup *g, int sig);
/* Whether no process of the group is left. */
int tgroup_empty(const struct tgroup *g);
/* Remove an empty group's cgroup. */
void tgroup_remove(const struct tgroup *g);
/* The group a state file names, for a keeper that is gone: 0 when path
 * is a cgroup of that keeper (pid, start) under a cgroup file system, its
 * last part t<pid>.<start>. A state file is in the trial's directory, so
 * nothing it names is trusted further than that. */
int tgroup_from_file(struct tgroup *g, const char *track, const char *path,
    pid_t keeper, unsigned long long start);

/* keepfile.c: the keeper's state, as the file says it. */
struct keep_state {
	long pid;		/* the keeper */
	unsigned long long start;
	long leader;		/* the trial's first process, 0: none yet */
	unsigned long long leader_start;
	char track[16];		/* track_mode_name */
	char group[PATH_MAX];	/* the trial's cgroup, or "" */
	uint64_t cap;		/* the streams' cap */
	long out_seg;		/* the segment in stdout.tail.log, 0: none */
	long err_seg;
	long gen;		/* counts writes */
	int rotating;		/* a tail file is being rotated */
	double started;		/* wall-clock time the trial started */
	int done;		/* the rest is set: the trial ended */
	int status;		/* exit status */
	int sig;		/* the signal that ended it, or 0 */
};
/* Write dir/keeper atomically (a temporary file renamed over it); 0 or
 * an errno. */
int keepfile_write(const char *dir, struct keep_state *s);
/* 0, ENOENT when there is none, EINVAL when it does not parse. */
int keepfile_read(const char *dir, struct keep_state *s);

/* outlog.c: a stream's capped files. The first half of the cap is
 * <name>.log; past it the stream goes to <name>.tail.log in segments of a
 * quarter of the cap each, the previous one kept as <name>.tail.1.log. */
#define OUTLOG_CAP_MIN 4096
struct outlog {
	const char *dir;
	const char *name;	/* "stdout" or "stderr" */
	uint64_t cap;
	uint64_t written;	/* the stream's length */
	long seg;		/* the segment in the tail file, 0: none */
	int head_fd, tail_fd;
	int full;		/* the disk filled up */
	/* Called before (phase 0) and after (phase 1) a rotation, so a
	 * reader can tell which segment each tail file holds. */
	void (*rotate_cb)(struct outlog *o, int phase, void *arg);
	void *arg;
};
/* The cap as the files use it (at least OUTLOG_CAP_MIN). */
uint64_t outlog_cap(uint64_t cap);
/* Create the stream's files afresh; 0 or an errno. */
int outlog_open(struct outlog *o, const char *dir, const char *name,
    uint64_t cap);
/* Bytes written: all, or fewer when the disk is full (o->full set), so
 * a writer can keep the rest and try again. */
size_t outlog_write(struct outlog *o, const char *p, size_t n);
/* Close, noting in <name>.log where the rest went if it overflowed. */
void outlog_close(struct outlog *o);

/* Where stream byte off is: the segment (0: <name>.log, n: tail segment
 * n) and the stream range it holds. */
struct outlog_where {
	long seg;
	uint64_t base, end;
};
void outlog_where(uint64_t cap, uint64_t off, struct outlog_where *w);
/* Remove a stream's files, those of an earlier run of the trial. */
void outlog_remove(const char *dir, const char *name);
/* Open segment seg of the stream while the tail file holds cur: -1 with
 * errno ENOENT when it is gone or not there yet. */
int outlog_open_seg(const char *dir, const char *name, long seg, long cur);
/* The last lines (at most `lines`) of a stream whose tail file holds
 * segment seg, read from its files (malloc'ed; NULL when there is no
 * output). */
char *outlog_tail(const char *dir, const char *name, uint64_t cap, long seg,
    int lines);

#endif
