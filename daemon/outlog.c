/*
 * A trial's captured output, bounded, as the keeper (or, for srun, the
 * daemon) writes it and the daemon reads it back. The first half of the
 * cap goes to <name>.log; past it the stream goes to <name>.tail.log in
 * segments of a quarter of the cap each, the previous segment kept as
 * <name>.tail.1.log, so the head and the most recent output are kept and
 * a trial printing a gigabyte costs at most the cap on disk. Segments are
 * exact, so a stream offset names one place: the head holds bytes
 * [0, cap/2), tail segment n (n >= 1) bytes [cap/2 + (n-1) cap/4,
 * cap/2 + n cap/4). A writer that rotates says so through rotate_cb, so a
 * reader knows which segment each tail file holds (keeper.c, kept.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keeper.h"

/* Bytes read back for a failed trial's stderr tail. */
#define TAIL_BYTES 4096

static uint64_t
head_size(uint64_t cap)
{
	return cap / 2;
}

static uint64_t
seg_size(uint64_t cap)
{
	return cap / 4;
}

uint64_t
outlog_cap(uint64_t cap)
{
	return cap < OUTLOG_CAP_MIN ? OUTLOG_CAP_MIN : cap;
}

/* The file of segment seg: the head, the tail, or the previous tail. */
static void
file_path(char *buf, size_t len, const char *dir, const char *name,
    long seg, int previous)
{
	if (seg == 0)
		snprintf(buf, len, "%s/%s.log", dir, name);
	else
		snprintf(buf, len, "%s/%s.tail%s.log", dir, name,
		    previous ? ".1" : "");
}

static int
create(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
}

int
outlog_open(struct outlog *o, const char *dir, const char *name,
    uint64_t cap)
{
	char path[PATH_MAX];

	memset(o, 0, sizeof *o);
	o->dir = dir;
	o->name = name;
	o->cap = outlog_cap(cap);
	o->tail_fd = -1;
	file_path(path, sizeof path, dir, name, 0, 0);
	return (o->head_fd = create(path)) < 0 ? errno : 0;
}

/* Bytes written; short only when the disk is full (o->full). */
static size_t
put(struct outlog *o, int fd, const char *p, size_t n)
{
	ssize_t w;

	o->full = 0;
	if (fd < 0 || (w = write(fd, p, n)) == (ssize_t)n)
		return n;
	if (errno == ENOSPC || errno == EDQUOT) {
		o->full = 1;
		return w > 0 ? (size_t)w : 0;
	}
	return n;	/* any other failure: dropped, as a lost file */
}

/* Start tail segment seg, keeping the previous one as .tail.1.log. */
static void
rotate(struct outlog *o, long seg)
{
	char from[PATH_MAX], to[PATH_MAX];

	if (o->rotate_cb != NULL)
		o->rotate_cb(o, 0, o->arg);
	file_path(from, sizeof from, o->dir, o->name, 1, 0);
	if (o->tail_fd >= 0) {
		close(o->tail_fd);
		file_path(to, sizeof to, o->dir, o->name, 1, 1);
		rename(from, to);
	}
	o->seg = seg;
	o->tail_fd = create(from);
	if (o->rotate_cb != NULL)
		o->rotate_cb(o, 1, o->arg);
}

size_t
outlog_write(struct outlog *o, const char *p, size_t n)
{
	struct outlog_where w;
	size_t take, done = 0;

	while (n > 0) {
		outlog_where(o->cap, o->written, &w);
		if (w.seg != o->seg)
			rotate(o, w.seg);
		take = w.end - o->written < n ? (size_t)(w.end - o->written) :
		    n;
		take = put(o, w.seg == 0 ? o->head_fd : o->tail_fd, p, take);
		o->written += take;
		done += take;
		if (o->full)
			break;
		p += take;
		n -= take;
	}
	return done;
}

void
outlog_close(struct outlog *o)
{
	char note[256];
	int n;

	/* The note goes after the head's bytes, where no reader of the
	 * stream looks (it reads the head up to cap/2). */
	if (o->seg > 0 && o->head_fd >= 0) {
		n = snprintf(note, sizeof note, "\n[hpsd: %llu bytes of output;"
		    " only the first %llu are here, the last ones are in"
		    " %s.tail.1.log and %s.tail.log]\n",
		    (unsigned long long)o->written,
		    (unsigned long long)head_size(o->cap), o->name, o->name);
		(void)put(o, o->head_fd, note, (size_t)n);
	}
	if (o->tail_fd >= 0)
		close(o->tail_fd);
	if (o->head_fd >= 0)
		close(o->head_fd);
	o->head_fd = o->tail_fd = -1;
}

void
outlog_where(uint64_t cap, uint64_t off, struct outlog_where *w)
{
	uint64_t h = head_size(cap), s = seg_size(cap);

	if (off < h) {
		w->seg = 0;
		w->base = 0;
		w->end = h;
		return;
	}
	w->seg = 1 + (long)((off - h) / s);
	w->base = h + (uint64_t)(w->seg - 1) * s;
	w->end = w->base + s;
}

void
outlog_remove(const char *dir, const char *name)
{
	char path[PATH_MAX];

	file_path(path, sizeof path, dir, name, 0, 0);
	unlink(path);
	file_path(path, sizeof path, dir, name, 1, 0);
	unlink(path);
	file_path(path, sizeof path, dir, name, 1, 1);
	unlink(path);
}

int
outlog_open_seg(const char *dir, const char *name, long seg, long cur)
{
	char path[PATH_MAX];

	if (seg != 0 && seg != cur && seg != cur - 1) {
		errno = ENOENT;
		return -1;
	}
	file_path(path, sizeof path, dir, name, seg, seg != 0 && seg != cur);
	return open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
}

/* The length of the stream whose last segment is seg, from its files. */
static uint64_t
stream_length(const char *dir, const char *name, uint64_t cap, long seg)
{
	char path[PATH_MAX];
	struct outlog_where w;
	struct stat st;
	uint64_t n, base;

	file_path(path, sizeof path, dir, name, seg, 0);
	n = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
	base = seg == 0 ? 0 : head_size(cap) + (uint64_t)(seg - 1) *
	    seg_size(cap);
	outlog_where(cap, base, &w);
	return base + (n < w.end - w.base ? n : w.end - w.base);
}

/* The last `lines` lines of buf (without trailing newlines), copied. */
static char *
last_lines(const char *buf, size_t len, int lines)
{
	const char *end = buf + len, *p = end;
	char *s;

	while (p > buf && p[-1] == '\n')
		end = --p;
	while (p > buf && !(p[-1] == '\n' && --lines == 0))
		p--;
	if (end == p || (s = malloc((size_t)(end - p) + 1)) == NULL)
		return NULL;
	memcpy(s, p, (size_t)(end - p));
	s[end - p] = '\0';
	return s;
}

char *
outlog_tail(const char *dir, const char *name, uint64_t cap, long seg,
    int lines)
{
	char buf[TAIL_BYTES];
	struct outlog_where w;
	uint64_t len, off;
	size_t n = 0;
	ssize_t got;
	int fd;

	cap = outlog_cap(cap);
	len = stream_length(dir, name, cap, seg);
	off = len > TAIL_BYTES ? len - TAIL_BYTES : 0;
	while (off < len) {
		outlog_where(cap, off, &w);
		if ((fd = outlog_open_seg(dir, name, w.seg, seg)) < 0) {
			off = w.end;	/* rotated away: what follows */
			n = 0;
			continue;
		}
		got = pread(fd, buf + n, (size_t)((w.end < len ? w.end : len) -
		    off), (off_t)(off - w.base));
		close(fd);
		if (got <= 0)
			break;
		n += (size_t)got;
		off += (uint64_t)got;
	}
	return last_lines(buf, n, lines);
}
