/*
 * The control socket's path, made ready before the listener binds it. A
 * path libuv would cut short (over 107 bytes) is refused. Only a directory
 * hpsd creates itself gets mode 0700: an existing one (/tmp, $HOME) keeps
 * its mode. A socket another daemon answers on is never taken, and what is
 * not a socket is never removed; only a stale socket (nobody listening)
 * is. A lock file beside the socket keeps two daemons starting at once
 * from both taking a stale socket, as tmux does; it is removed once the
 * socket listens, since from then on a connect tells a live socket.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "hps/error.h"
#include "hpsd.h"

int
sockpath_check_length(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	size_t n = strlen(path);

	if (n < sizeof sa.sun_path)
		return 0;
	return hps_errf(err, errlen, HPS_EINVAL, "socket path %.80s... is %zu"
	    " bytes; a Unix socket path holds at most %zu: choose a shorter"
	    " --socket (or HPS_SOCKET)", path, n, sizeof sa.sun_path - 1);
}

/* Create the socket's directory (only its last part) as 0700. */
static int
make_dir(const char *path, char *err, size_t errlen)
{
	char dir[sizeof ((struct sockaddr_un *)0)->sun_path], *slash;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", dir,
		    strerror(errno));
	return 0;
}

/* Whether a server answers on the socket at path. */
static int
answers(const char *path)
{
	struct sockaddr_un sa;
	int fd, ok;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 ||
	    errno == EAGAIN;	/* a full backlog: alive, only busy */
	close(fd);
	return ok;
}

/* Remove a stale socket at path; refuse a live one or any other file. */
static int
clear_stale(const char *path, char *err, size_t errlen)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return errno == ENOENT ? 0 : hps_errf(err, errlen, HPS_EIO,
		    "%s: %s", path, strerror(errno));
	if (!S_ISSOCK(sb.st_mode))
		return hps_errf(err, errlen, HPS_EEXISTS, "%s exists and is not"
		    " a socket; hpsd leaves it alone: remove it or choose"
		    " another --socket", path);
	if (answers(path))
		return hps_errf(err, errlen, HPS_EBUSY, "another hpsd is"
		    " listening on %s; stop it (hps shutdown) or choose another"
		    " --socket", path);
	if (unlink(path) != 0 && errno != ENOENT)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", path,
		    strerror(errno));
	return 0;
}

int
sockpath_prepare(const char *path, int *lock_fd, char *err, size_t errlen)
{
	char lock[sizeof ((struct sockaddr_un *)0)->sun_path + 8];
	int fd, rc;

	*lock_fd = -1;
	if ((rc = sockpath_check_length(path, err, errlen)) != 0 ||
	    (rc = make_dir(path, err, errlen)) != 0)
		return rc;
	snprintf(lock, sizeof lock, "%s.lock", path);
	fd = open(lock, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", lock,
		    strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return hps_errf(err, errlen, HPS_EBUSY, "another hpsd is"
		    " starting on %s", path);
	}
	if ((rc = clear_stale(path, err, errlen)) != 0) {
		close(fd);
		return rc;
	}
	*lock_fd = fd;
	return 0;
}

void
sockpath_release(const char *path, int lock_fd)
{
	char lock[sizeof ((struct sockaddr_un *)0)->sun_path + 8];

	if (lock_fd < 0)
		return;
	snprintf(lock, sizeof lock, "%s.lock", path);
	unlink(lock);
	close(lock_fd);
}
