/* Unit tests for what hpsd and hpsd-keeper share (daemon/keeper.h): the
 * keeper's state file, a stream's capped files read back, and a variable
 * of another process's environment. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keeper.h"
#include "test.h"

static char dir[64];

static void
mkdir_tmp(void)
{
	snprintf(dir, sizeof dir, "/tmp/hps-keeper-XXXXXX");
	ASSERT(mkdtemp(dir) != NULL);
}

static void
put_file(const char *name, const char *text)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ASSERT((fp = fopen(path, "w")) != NULL);
	fputs(text, fp);
	fclose(fp);
}

TEST(state_file_round_trips)
{
	struct keep_state a = {0}, b;

	mkdir_tmp();
	a.pid = 42;
	a.start = 123456;
	a.leader = 43;
	a.leader_start = 123457;
	snprintf(a.track, sizeof a.track, "cgroup2");
	snprintf(a.group, sizeof a.group, "/sys/fs/cgroup/hpsd/t42.123456");
	a.cap = 1 << 20;
	a.out_seg = 3;
	a.started = 1700000000.5;
	ASSERT_EQ(keepfile_write(dir, &a), 0);
	ASSERT_EQ(keepfile_read(dir, &b), 0);
	ASSERT_EQ(b.pid, 42);
	ASSERT_EQ(b.leader_start, 123457ULL);
	ASSERT_STR_EQ(b.group, a.group);
	ASSERT_EQ(b.out_seg, 3);
	ASSERT_EQ(b.done, 0);
	a.done = 1;
	a.status = 3;
	ASSERT_EQ(keepfile_write(dir, &a), 0);
	ASSERT_EQ(keepfile_read(dir, &b), 0);
	ASSERT_EQ(b.done, 1);
	ASSERT_EQ(b.status, 3);
	ASSERT_EQ(b.gen, 2);
}

TEST(state_file_from_a_trial_is_checked)
{
	struct keep_state s;

	mkdir_tmp();
	ASSERT_EQ(keepfile_read(dir, &s), ENOENT);
	put_file(KEEPFILE_NAME, "keeper 1 2\ncap 12\n");	/* cap too small */
	ASSERT_EQ(keepfile_read(dir, &s), EINVAL);
	put_file(KEEPFILE_NAME, "keeper x y\n");
	ASSERT_EQ(keepfile_read(dir, &s), EINVAL);
	put_file(KEEPFILE_NAME, "keeper 5 6\ncap 8192\nexit 1 300\n");
	ASSERT_EQ(keepfile_read(dir, &s), EINVAL);	/* no such signal */
	put_file(KEEPFILE_NAME, "keeper 5 6\ncap 8192\nlater 1\n");
	ASSERT_EQ(keepfile_read(dir, &s), 0);		/* a later keeper's key */
}

TEST(segments_name_every_offset_once)
{
	struct outlog_where w;

	outlog_where(4096, 0, &w);
	ASSERT_EQ(w.seg, 0);
	ASSERT_EQ(w.end, 2048ULL);
	outlog_where(4096, 2048, &w);
	ASSERT_EQ(w.seg, 1);
	ASSERT_EQ(w.base, 2048ULL);
	ASSERT_EQ(w.end, 3072ULL);
	outlog_where(4096, 5000, &w);
	ASSERT_EQ(w.seg, 3);
	ASSERT_EQ(w.base, 4096ULL);
}

/* Read the stream back from offset off as a reader of the files does. */
static size_t
read_back(long cur, uint64_t off, char *buf, size_t len)
{
	struct outlog_where w;
	size_t n = 0;
	ssize_t got;
	int fd;

	for (;;) {
		outlog_where(4096, off, &w);
		if ((fd = outlog_open_seg(dir, "stdout", w.seg, cur)) < 0)
			return n;
		got = pread(fd, buf + n, len - n < w.end - off ? len - n :
		    (size_t)(w.end - off), (off_t)(off - w.base));
		close(fd);
		if (got <= 0)
			return n;
		n += (size_t)got;
		off += (uint64_t)got;
	}
}

TEST(capped_stream_reads_back_head_and_tail)
{
	struct outlog o;
	char line[16], buf[8192], *tail;
	size_t n;
	int i;

	mkdir_tmp();
	ASSERT_EQ(outlog_open(&o, dir, "stdout", 4096), 0);
	for (i = 0; i < 500; i++) {	/* 10 bytes a line: 5000 bytes */
		snprintf(line, sizeof line, "line %04d\n", i);
		outlog_write(&o, line, 10);
	}
	ASSERT_EQ(o.seg, 3);
	outlog_close(&o);
	/* The head reads back up to cap/2, not the note after it. */
	n = read_back(3, 0, buf, 2048);
	ASSERT_EQ(n, 2048);
	ASSERT(memcmp(buf, "line 0000\n", 10) == 0);
	/* Segment 1 is gone; 2 and 3 read on from any offset in them. */
	ASSERT_EQ(read_back(3, 2048, buf, sizeof buf), 0);
	n = read_back(3, 3100, buf, sizeof buf);
	ASSERT_EQ(n, 5000 - 3100);
	ASSERT(memcmp(buf, "line 0310\n", 10) == 0);
	tail = outlog_tail(dir, "stdout", 4096, 3, 2);
	ASSERT_STR_EQ(tail, "line 0498\nline 0499");
	free(tail);
}

/* An adopted keeper's CUDA_VISIBLE_DEVICES is read from its environment:
 * the whole name only, its value whole. */
TEST(environment_variable_of_another_process)
{
	char *const argv[] = {"sleep", "60", NULL};
	char *const env[] = {"HPS_GPUS_X=9", "HPS_GPUS=1,3", NULL};
	char buf[16];
	pid_t pid;

	ASSERT((pid = fork()) >= 0);
	if (pid == 0) {
		execve("/bin/sleep", argv, env);
		_exit(127);
	}
	/* Until the exec has replaced the test's environment. */
	while (proc_env(pid, "HPS_GPUS", buf, sizeof buf) != 0)
		usleep(1000);
	ASSERT_STR_EQ(buf, "1,3");
	ASSERT_EQ(proc_env(pid, "HPS_GPU", buf, sizeof buf), -1);
	ASSERT_EQ(proc_env(pid, "HPS_GPUS", buf, 3), -1);	/* cut short */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ASSERT_EQ(proc_env(pid, "HPS_GPUS", buf, sizeof buf), -1);
}

TEST_MAIN(state_file_round_trips, state_file_from_a_trial_is_checked,
    segments_name_every_offset_once, capped_stream_reads_back_head_and_tail,
    environment_variable_of_another_process)
