/*
 * Readiness for systemd, by sd_notify(3)'s protocol without libsystemd: a
 * unit of Type=notify starts hpsd -f with NOTIFY_SOCKET naming a datagram
 * socket, and "READY=1" sent there once the control socket listens tells
 * systemd (and the units ordered after hpsd) that clients can connect. The
 * variable is then removed, so trials do not inherit it.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "hps/log.h"
#include "hpsd.h"

/* The notify socket's address: a path, or "@name" in the abstract
 * namespace; its length, or 0 when there is none to use. */
static socklen_t
notify_addr(const char *path, struct sockaddr_un *sa)
{
	size_t len;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    (len = strlen(path)) >= sizeof sa->sun_path)
		return 0;
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, path, len);
	if (path[0] == '@')
		sa->sun_path[0] = '\0';
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
}

void
notify_ready(void)
{
	static const char msg[] = "READY=1";
	struct sockaddr_un sa;
	socklen_t len = notify_addr(getenv("NOTIFY_SOCKET"), &sa);
	int fd;

	if (len == 0)
		return;
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0 ||
	    sendto(fd, msg, sizeof msg - 1, MSG_NOSIGNAL,
	    (struct sockaddr *)&sa, len) < 0)
		log_error("telling systemd hpsd is ready: %s",
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	unsetenv("NOTIFY_SOCKET");
}
