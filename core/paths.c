/*
 * Default locations of the state directory and the control socket, and
 * the check that the state directory is private: hpsd's database, logs
 * and trial directories must not be readable or replaceable by another
 * user.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/paths.h"

int
hps_mkdirs(const char *path)
{
	char buf[4096], *p;

	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;	/* the usual case: the parent exists */
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

char *
hps_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static const char *
env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* $HOME, else the home directory of the user's passwd entry: never a
 * shared directory such as /tmp. */
static const char *
home(void)
{
	const char *v = env_nonempty("HOME");
	struct passwd *pw;

	if (v != NULL)
		return v;
	pw = getpwuid(getuid());
	return pw != NULL && pw->pw_dir != NULL && *pw->pw_dir == '/' ?
	    pw->pw_dir : NULL;
}

char *
hps_default_state_dir(void)
{
	const char *v;
	char *base, *dir;

	if ((v = env_nonempty("HPS_STATE_DIR")) != NULL)
		return strdup(v);
	if ((v = env_nonempty("XDG_STATE_HOME")) != NULL)
		return hps_path_join(v, "hpsd");
	if ((v = home()) == NULL)
		return NULL;
	base = hps_path_join(v, ".local/state");
	dir = base ? hps_path_join(base, "hpsd") : NULL;
	free(base);
	return dir;
}

char *
hps_default_socket(const char *state_dir)
{
	const char *v;

	if ((v = env_nonempty("HPS_SOCKET")) != NULL)
		return strdup(v);
	if ((v = env_nonempty("XDG_RUNTIME_DIR")) != NULL)
		return hps_path_join(v, "hpsd/hpsd.sock");
	return state_dir != NULL ? hps_path_join(state_dir, "hpsd.sock") :
	    NULL;
}

/* An ancestor of the state directory may be root's or the user's, and
 * writable by others only with the sticky bit (as /tmp is). */
static int
check_ancestor(const char *path, const char *dir, char *err, size_t errlen)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", path,
		    strerror(errno));
	if (sb.st_uid != 0 && sb.st_uid != getuid())
		return hps_errf(err, errlen, HPS_EINVAL, "%s, above the state"
		    " directory %s, belongs to another user (uid %u), who could"
		    " replace it; use a state directory of your own"
		    " (--state-dir)", path, dir, (unsigned)sb.st_uid);
	if ((sb.st_mode & 002) && !(sb.st_mode & S_ISVTX))
		return hps_errf(err, errlen, HPS_EINVAL, "%s, above the state"
		    " directory %s, is writable by everyone; use a state"
		    " directory elsewhere (--state-dir)", path, dir);
	return 0;
}

static int
check_dir(const char *path, char *err, size_t errlen)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", path,
		    strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return hps_errf(err, errlen, HPS_EINVAL, "state directory %s"
		    " is not a directory", path);
	if (sb.st_uid != getuid())
		return hps_errf(err, errlen, HPS_EINVAL, "state directory %s"
		    " belongs to another user (uid %u), who could read and"
		    " replace hpsd's files; use one of your own (--state-dir)",
		    path, (unsigned)sb.st_uid);
	if (sb.st_mode & 022)
		return hps_errf(err, errlen, HPS_EINVAL, "state directory %s"
		    " is writable by others (mode %03o); run chmod go-w %s",
		    path, (unsigned)(sb.st_mode & 0777), path);
	return 0;
}

int
hps_state_dir_check(const char *dir, char *err, size_t errlen)
{
	char *real = realpath(dir, NULL), *slash;
	int rc;

	if (real == NULL)
		return hps_errf(err, errlen, HPS_EIO, "%s: %s", dir,
		    strerror(errno));
	rc = check_dir(real, err, errlen);
	while (rc == 0 && (slash = strrchr(real, '/')) != NULL &&
	    slash != real) {
		*slash = '\0';
		rc = check_ancestor(real, dir, err, errlen);
	}
	free(real);
	return rc;
}
