/*
 * The state directory: made if missing (0700), refused unless private to
 * this user (hps_state_dir_check), locked for the daemon's life, and the
 * store in it opened only when it is whole. Every file hpsd makes here is
 * 0600 whatever the umask and opened without following symlinks.
 *
 * The lock is on the directory itself: a lock file can be deleted under a
 * live daemon, and a second daemon would then take a new one and run on
 * the same database. hpsd.lock holds the pid, for people and scripts.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/paths.h"
#include "hpsd.h"

/* Create (or open) a file of the state directory: 0600, no symlink. */
int
statedir_open_file(const char *path, int flags)
{
	int fd = open(path, flags | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0)
		fchmod(fd, 0600);	/* one made by an older hpsd, too */
	return fd;
}

static int
write_pid(const struct daemon *d, char *err, size_t errlen)
{
	char *path = hps_path_join(d->state_dir, "hpsd.lock"), pid[32];
	int fd, n;

	fd = path ? statedir_open_file(path, O_WRONLY | O_TRUNC) : -1;
	free(path);
	n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
	if (fd < 0 || write(fd, pid, (size_t)n) != n) {
		hps_errf(err, errlen, HPS_EIO, "writing %s/hpsd.lock: %s",
		    d->state_dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return HPS_EIO;
	}
	close(fd);
	return 0;
}

int
statedir_open(struct daemon *d, char *err, size_t errlen)
{
	int fd, rc;

	if (hps_mkdirs(d->state_dir) != 0)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", d->state_dir,
		    strerror(errno));
	if ((rc = hps_state_dir_check(d->state_dir, err, errlen)) != 0)
		return rc;
	fd = open(d->state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", d->state_dir,
		    strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return hps_errf(err, errlen, HPS_EBUSY, "another hpsd is"
		    " already using %s", d->state_dir);
	}
	return write_pid(d, err, errlen);	/* fd stays open: the lock */
}

/* Copy src to dst (0600, not replacing anything); 0 or -1. */
static int
copy_file(const char *src, const char *dst)
{
	char buf[65536];
	ssize_t n = 0;
	int in, out;

	if ((in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : -1;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	while (out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	close(in);
	if (out < 0 || close(out) != 0 || n < 0)
		return -1;
	return 0;
}

/* A name for the copy that nothing has yet: db.damaged-TIME[.N]. */
static int
copy_name(const char *db, char *buf, size_t len)
{
	struct stat sb;
	int n, k;

	for (n = 0; n < 100; n++) {
		k = snprintf(buf, len, n ? "%s.damaged-%ld.%d" :
		    "%s.damaged-%ld", db, (long)time(NULL), n);
		if (k < 0 || (size_t)k >= len)
			break;
		if (lstat(buf, &sb) != 0 && errno == ENOENT)
			return 0;
	}
	errno = EEXIST;
	return -1;
}

/*
 * Keep a copy of a damaged database (and its WAL, which holds the latest
 * commits) before anyone tries to repair it; say where in err.
 */
static int
keep_damaged(const char *db, const char *why, char *err, size_t errlen)
{
	char copy[4000], wal[4100], walcopy[4100];

	snprintf(wal, sizeof wal, "%s-wal", db);
	if (copy_name(db, copy, sizeof copy) != 0 ||
	    (snprintf(walcopy, sizeof walcopy, "%s-wal", copy),
	    copy_file(db, copy) != 0) || copy_file(wal, walcopy) != 0)
		return hps_errf(err, errlen, HPS_ECORRUPT, "%s is damaged (%s);"
		    " hpsd will not run on it, and could not keep a copy (%s):"
		    " copy it aside, then recover it with sqlite3 %s .recover",
		    db, why, strerror(errno), db);
	return hps_errf(err, errlen, HPS_ECORRUPT, "%s is damaged (%s); hpsd"
	    " will not run on it. A copy is in %s. Recover what it holds with"
	    " `sqlite3 %s .recover | sqlite3 %s.new`, check it, then put"
	    " %s.new in place of %s", db, why, copy, copy, db, db, db);
}

static int
count_study(const struct hps_store_study *row, void *arg)
{
	(void)row;
	++*(long *)arg;
	return 0;
}

/* Trial directories under studies/, counted by study. */
static long
study_dirs(const char *state_dir)
{
	char *path = hps_path_join(state_dir, "studies");
	struct dirent *e;
	long n = 0;
	DIR *dir;

	if (path == NULL || (dir = opendir(path)) == NULL) {
		free(path);
		return 0;
	}
	while ((e = readdir(dir)) != NULL)
		n += e->d_name[0] != '.';
	closedir(dir);
	free(path);
	return n;
}

/* A database that lost its studies beside studies/ full of trials was
 * emptied or replaced: starting on it would run every study afresh. */
static int
check_not_lost(struct daemon *d, const char *db, char *err, size_t errlen)
{
	long nrows = 0, ndirs;

	if (hps_store_each_study(d->store, count_study, &nrows) != 0 ||
	    nrows > 0 || (ndirs = study_dirs(d->state_dir)) == 0)
		return 0;
	return hps_errf(err, errlen, HPS_ECORRUPT, "%s holds no study, but"
	    " %s/studies holds the trials of %ld: the database was emptied or"
	    " lost. Put it back from a backup, or move %s/studies aside to"
	    " start afresh", db, d->state_dir, ndirs, d->state_dir);
}

int
statedir_open_store(struct daemon *d, char *err, size_t errlen)
{
	char *db = hps_path_join(d->state_dir, "hpsd.db"), why[HPS_ERRMAX];
	int fd, rc;

	if (db == NULL)
		return hps_errf(err, errlen, HPS_ENOMEM, "out of memory");
	if ((fd = statedir_open_file(db, O_RDWR)) < 0)
		rc = hps_errf(err, errlen, HPS_EIO, "%s: %s", db,
		    strerror(errno));
	else {
		close(fd);
		rc = hps_store_open(db, HPS_STORE_RW, &d->store, why,
		    sizeof why);
		if (rc == HPS_ECORRUPT)
			rc = keep_damaged(db, why, err, errlen);
		else if (rc != 0)
			hps_errf(err, errlen, rc, "%s", why);
		else
			rc = check_not_lost(d, db, err, errlen);
	}
	if (rc == 0)
		rc = reader_init(d, db);
	free(db);
	return rc;
}
