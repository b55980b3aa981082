/* Unit tests for core/paths.c: the defaults never land in a shared
 * directory, and the state directory's privacy check. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/paths.h"
#include "test.h"

TEST(default_without_home_uses_passwd)
{
	struct passwd *pw = getpwuid(getuid());
	char *dir;

	unsetenv("HPS_STATE_DIR");
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ASSERT(pw != NULL);
	dir = hps_default_state_dir();
	ASSERT(dir != NULL);
	ASSERT(strncmp(dir, pw->pw_dir, strlen(pw->pw_dir)) == 0);
	ASSERT_STR_CONTAINS(dir, "/.local/state/hpsd");
	free(dir);
	setenv("HOME", "/somewhere", 1);
	dir = hps_default_state_dir();
	ASSERT_STR_EQ(dir, "/somewhere/.local/state/hpsd");
	free(dir);
}

/* A fresh directory under /tmp (sticky, world-writable: allowed). */
static char *
tmpdir(void)
{
	static char path[64];

	strcpy(path, "/tmp/hps-paths.XXXXXX");
	ASSERT(mkdtemp(path) != NULL);
	return path;
}

TEST(state_dir_must_be_private)
{
	char err[HPS_ERRMAX], sub[128], *dir = tmpdir();

	ASSERT_EQ(hps_state_dir_check(dir, err, sizeof err), 0);
	chmod(dir, 0755);
	ASSERT_EQ(hps_state_dir_check(dir, err, sizeof err), 0);
	chmod(dir, 0775);
	ASSERT_EQ(hps_state_dir_check(dir, err, sizeof err), HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "is writable by others (mode 775); run"
	    " chmod go-w");
	/* Under a directory everyone may write, without the sticky bit. */
	chmod(dir, 0777);
	snprintf(sub, sizeof sub, "%s/state", dir);
	ASSERT_EQ(mkdir(sub, 0700), 0);
	ASSERT_EQ(hps_state_dir_check(sub, err, sizeof err), HPS_EINVAL);
	ASSERT_STR_CONTAINS(err, "is writable by everyone; use a state"
	    " directory elsewhere");
	chmod(dir, 01777);
	ASSERT_EQ(hps_state_dir_check(sub, err, sizeof err), 0);
	ASSERT_EQ(hps_state_dir_check("/nonexistent/x", err, sizeof err),
	    HPS_EIO);
	rmdir(sub);
	rmdir(dir);
}

TEST_MAIN(default_without_home_uses_passwd, state_dir_must_be_private)
