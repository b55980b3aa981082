/* Default locations of the state directory and the control socket. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

char *
hps_default_state_dir(void)
{
	const char *v;
	char *base, *dir;

	if ((v = env_nonempty("HPS_STATE_DIR")) != NULL)
		return strdup(v);
	if ((v = env_nonempty("XDG_STATE_HOME")) != NULL)
		return hps_path_join(v, "hpsd");
	if ((v = env_nonempty("HOME")) == NULL)
		v = "/tmp";
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
	return hps_path_join(state_dir, "hpsd.sock");
}
