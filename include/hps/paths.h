/*
 * Where hpsd keeps its state, shared by the daemon and the client so both
 * agree on the defaults: the state directory ($HPS_STATE_DIR, else
 * $XDG_STATE_HOME/hpsd, else ~/.local/state/hpsd) and the socket
 * ($HPS_SOCKET, else $XDG_RUNTIME_DIR/hpsd/hpsd.sock, else
 * <state dir>/hpsd.sock). Both return malloc'ed strings, or NULL when
 * there is no home directory to put them in.
 */
#include <stddef.h>

#ifndef HPS_PATHS_H
#define HPS_PATHS_H

char *hps_default_state_dir(void);
char *hps_default_socket(const char *state_dir);
/* mkdir -p with mode 0700 for new directories; 0 or -1 with errno. */
int hps_mkdirs(const char *path);
/*
 * Whether dir is private to this user: a directory the user owns that no
 * one else may write, under ancestors that are root's or the user's and
 * not writable by everyone unless sticky. 0, or HPS_EINVAL / HPS_EIO with
 * a message naming the directory and the fix.
 */
int hps_state_dir_check(const char *dir, char *err, size_t errlen);
/* path joined to dir ("dir/name"); malloc'ed. */
char *hps_path_join(const char *dir, const char *name);

#endif
