/* The client side of the control socket (blocking; one request at a time). */
#ifndef HPS_CLIENT_H
#define HPS_CLIENT_H

#include <jansson.h>
#include <stddef.h>

struct client {
	int fd;
	long long next_id;
	char *buf;		/* bytes read past the last reply */
	size_t len, cap;
};

/*
 * Connect to the daemon at path; when none answers and autostart is set,
 * start hpsd on that socket first (as tmux starts its server).
 */
int client_connect(struct client *c, const char *path, int autostart,
    char *err, size_t errlen);
/* Send one request (args stolen) and wait for its reply. */
int client_call(struct client *c, const char *cmd, json_t *args,
    json_t **result, char *err, size_t errlen);
/*
 * The next pushed message (an event after `watch`): 1 with *msg (a new
 * reference), 0 when nothing came within timeout_ms, -1 when the
 * connection closed or sent garbage.
 */
int client_next(struct client *c, int timeout_ms, json_t **msg);
void client_close(struct client *c);

#endif
