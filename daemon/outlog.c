/*
 * A trial's captured output, bounded: the first half of the cap goes to
 * <name>.log, and past that the output goes to <name>.tail.log, which is
 * rotated to <name>.tail.1.log each quarter of the cap, so the head and
 * the most recent output are kept and a trial printing a gigabyte costs at
 * most the cap on disk. The last few KiB also stay in memory for the
 * stderr tail recorded with a failed trial.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hpsd.h"

static int
open_file(const struct outlog *o, const char *suffix)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s%s", o->dir, o->name, suffix);
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

int
outlog_open(struct outlog *o, const char *dir, const char *name,
    uint64_t cap)
{
	memset(o, 0, sizeof *o);
	o->dir = dir;
	o->name = name;
	o->cap = cap < 4096 ? 4096 : cap;
	o->tail_fd = -1;
	o->head_fd = open_file(o, ".log");
	return o->head_fd < 0 ? HPS_EIO : 0;
}

static void
put(struct outlog *o, int fd, const char *p, size_t n)
{
	if (write(fd, p, n) < 0 && errno == ENOSPC && !o->full) {
		o->full = 1;
		log_warn("%s/%s: no space left on device; output not kept",
		    o->dir, o->name);
	}
}

/* Start a new tail file, keeping the previous one as .tail.1.log. */
static void
rotate(struct outlog *o)
{
	char from[4096], to[4096];

	if (o->tail_fd >= 0) {
		close(o->tail_fd);
		snprintf(from, sizeof from, "%s/%s.tail.log", o->dir, o->name);
		snprintf(to, sizeof to, "%s/%s.tail.1.log", o->dir, o->name);
		rename(from, to);
	}
	o->tail_fd = open_file(o, ".tail.log");
	o->tail_written = 0;
}

static void
remember(struct outlog *o, const char *p, size_t n)
{
	size_t keep = sizeof o->ring;

	if (n >= keep) {
		memcpy(o->ring, p + n - keep, keep);
		o->ring_len = keep;
		return;
	}
	if (o->ring_len + n > keep) {
		memmove(o->ring, o->ring + o->ring_len + n - keep,
		    keep - n);
		o->ring_len = keep - n;
	}
	memcpy(o->ring + o->ring_len, p, n);
	o->ring_len += n;
}

void
outlog_write(struct outlog *o, const char *p, size_t n)
{
	uint64_t head = o->cap / 2;
	size_t take;

	remember(o, p, n);
	if (o->written < head) {
		take = head - o->written < n ? (size_t)(head - o->written) : n;
		put(o, o->head_fd, p, take);
		o->written += take;
		p += take;
		n -= take;
	}
	if (n == 0)
		return;
	if (o->tail_fd < 0 || o->tail_written >= o->cap / 4)
		rotate(o);
	if (o->tail_fd >= 0)
		put(o, o->tail_fd, p, n);
	o->written += n;
	o->tail_written += n;
}

void
outlog_close(struct outlog *o)
{
	char note[256];
	int n;

	if (o->tail_fd >= 0) {
		n = snprintf(note, sizeof note, "\n[hpsd: %llu bytes of output;"
		    " only the first %llu are here, the last ones are in"
		    " %s.tail.1.log and %s.tail.log]\n",
		    (unsigned long long)o->written,
		    (unsigned long long)(o->cap / 2), o->name, o->name);
		put(o, o->head_fd, note, (size_t)n);
		close(o->tail_fd);
	}
	if (o->head_fd >= 0)
		close(o->head_fd);
	o->head_fd = o->tail_fd = -1;
}

char *
outlog_tail(const struct outlog *o, int lines)
{
	const char *end = o->ring + o->ring_len, *p = end;
	char *s;

	while (p > o->ring && p[-1] == '\n')
		end = --p;
	while (p > o->ring && !(p[-1] == '\n' && --lines == 0))
		p--;
	if (end == p || (s = malloc((size_t)(end - p) + 1)) == NULL)
		return NULL;
	memcpy(s, p, (size_t)(end - p));
	s[end - p] = '\0';
	return s;
}
