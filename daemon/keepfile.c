/*
 * The keeper's state file, `keeper` in the trial directory: one "key
 * value" per line, replaced as a whole (written to a temporary file,
 * then renamed over it), so a reader sees one version or the next, never
 * a mix. The daemon reads it to adopt a trial, to find its output and to
 * learn how it ended. The trial may write there too: every field is
 * checked when read, and nothing it names is trusted beyond its own run
 * (the daemon checks the keeper's pid and start time against its store).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keeper.h"

/* Longest state file read. */
#define KEEPFILE_MAX 8192

/* A text field on one line: no newline of its own. */
static void
put_text(FILE *fp, const char *key, const char *text)
{
	fprintf(fp, "%s %.*s\n", key, (int)strcspn(text, "\n"), text);
}

int
keepfile_write(const char *dir, struct keep_state *s)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	FILE *fp;
	int fd, err = 0;

	snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, KEEPFILE_NAME);
	snprintf(path, sizeof path, "%s/%s", dir, KEEPFILE_NAME);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		if (fd >= 0)
			close(fd);
		return err;
	}
	s->gen++;
	fprintf(fp, "keeper %ld %llu\nleader %ld %llu\n", s->pid, s->start,
	    s->leader, s->leader_start);
	put_text(fp, "track", s->track);
	put_text(fp, "group", s->group);
	fprintf(fp, "cap %" PRIu64 "\nout %ld\nerr %ld\ngen %ld\n"
	    "rotating %d\nstarted %.3f\n", s->cap, s->out_seg, s->err_seg,
	    s->gen, s->rotating, s->started);
	if (s->done)
		fprintf(fp, "exit %d %d\n", s->status, s->sig);
	if (fflush(fp) != 0 || ferror(fp))
		err = errno ? errno : EIO;
	fclose(fp);
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	return err;
}

/* One line into s; 0, or -1 when its value does not parse. */
static int
parse_line(struct keep_state *s, const char *key, const char *v)
{
	int n = 0;

	if (strcmp(key, "keeper") == 0)
		n = sscanf(v, "%ld %llu", &s->pid, &s->start) == 2;
	else if (strcmp(key, "leader") == 0)
		n = sscanf(v, "%ld %llu", &s->leader, &s->leader_start) == 2;
	else if (strcmp(key, "track") == 0)
		n = snprintf(s->track, sizeof s->track, "%s", v) <
		    (int)sizeof s->track;
	else if (strcmp(key, "group") == 0)
		n = snprintf(s->group, sizeof s->group, "%s", v) <
		    (int)sizeof s->group;
	else if (strcmp(key, "cap") == 0)
		n = sscanf(v, "%" SCNu64, &s->cap) == 1;
	else if (strcmp(key, "out") == 0)
		n = sscanf(v, "%ld", &s->out_seg) == 1;
	else if (strcmp(key, "err") == 0)
		n = sscanf(v, "%ld", &s->err_seg) == 1;
	else if (strcmp(key, "gen") == 0)
		n = sscanf(v, "%ld", &s->gen) == 1;
	else if (strcmp(key, "rotating") == 0)
		n = sscanf(v, "%d", &s->rotating) == 1;
	else if (strcmp(key, "started") == 0)
		n = sscanf(v, "%lf", &s->started) == 1;
	else if (strcmp(key, "exit") == 0)
		n = s->done = sscanf(v, "%d %d", &s->status, &s->sig) == 2;
	else
		n = 1;		/* a key of a later keeper */
	return n ? 0 : -1;
}

/* Whether the numbers are ones a keeper writes. */
static int
sane(const struct keep_state *s)
{
	return s->pid > 0 && s->cap >= OUTLOG_CAP_MIN && s->cap <= (1ULL <<
	    50) && s->out_seg >= 0 && s->err_seg >= 0 && s->sig >= 0 &&
	    s->sig < 128 && s->status >= -1 && s->status < 256;
}

int
keepfile_read(const char *dir, struct keep_state *s)
{
	char path[PATH_MAX], buf[KEEPFILE_MAX], *line, *next, *sp;
	ssize_t n;
	int fd, bad = 0;

	memset(s, 0, sizeof *s);
	s->status = -1;
	snprintf(path, sizeof path, "%s/%s", dir, KEEPFILE_NAME);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return errno == ENOENT ? ENOENT : EINVAL;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return EINVAL;
	buf[n] = '\0';
	for (line = buf; !bad && line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((sp = strchr(line, ' ')) == NULL)
			sp = line + strlen(line);
		else
			*sp++ = '\0';
		bad = parse_line(s, line, sp);
	}
	return bad || !sane(s) ? EINVAL : 0;
}
