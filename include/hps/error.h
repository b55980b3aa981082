/*
 * Error codes shared by every layer. Functions return 0 on success or a
 * negative HPS_E* code; a function that also fills a message buffer says so.
 */
#ifndef HPS_ERROR_H
#define HPS_ERROR_H

#include <stddef.h>

/* Longest diagnostic message a function writes into a caller's buffer. */
#define HPS_ERRMAX 512

#define HPS_ERRNO_MAP(X)                                                      \
	X(NOMEM, "out of memory")                                             \
	X(INVAL, "invalid argument")                                          \
	X(PARSE, "parse error")                                               \
	X(IO, "input/output error")                                           \
	X(DB, "database error")                                               \
	X(NOTFOUND, "not found")                                              \
	X(EXISTS, "already exists")                                           \
	X(PROTO, "protocol error")                                            \
	X(TOOBIG, "message too large")                                        \
	X(EXHAUSTED, "search space exhausted")                                \
	X(STATE, "not allowed in the current state")                          \
	X(NOSPC, "no space left on device")                                   \
	X(BUSY, "resource busy")                                              \
	X(CORRUPT, "database damaged")

enum {
	HPS_OK = 0,
#define X(name, msg) HPS_E##name,
	HPS__EFIRST = -100,
	HPS_ERRNO_MAP(X)
#undef X
};

/* Static text for an error code ("out of memory"); never NULL. */
const char *hps_strerror(int err);
/* Static name for an error code ("ENOMEM"); never NULL. */
const char *hps_err_name(int err);

/*
 * Write a printf-style message into buf (size len) and return err, so
 * failure paths read `return hps_errf(err, len, HPS_EINVAL, "...", ...)`.
 * buf may be NULL.
 */
int hps_errf(char *buf, size_t len, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
