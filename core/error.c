/* Error code names and messages, generated from HPS_ERRNO_MAP. */
#include <stdarg.h>
#include <stdio.h>

#include "hps/error.h"

const char *
hps_strerror(int err)
{
	switch (err) {
	case HPS_OK:
		return "success";
#define X(name, msg)                                                          \
	case HPS_E##name:                                                     \
		return msg;
		HPS_ERRNO_MAP(X)
#undef X
	}
	return "unknown error";
}

const char *
hps_err_name(int err)
{
	switch (err) {
	case HPS_OK:
		return "OK";
#define X(name, msg)                                                          \
	case HPS_E##name:                                                     \
		return "E" #name;
		HPS_ERRNO_MAP(X)
#undef X
	}
	return "EUNKNOWN";
}

int
hps_errf(char *buf, size_t len, int err, const char *fmt, ...)
{
	va_list ap;

	if (buf != NULL && len > 0) {
		va_start(ap, fmt);
		vsnprintf(buf, len, fmt, ap);
		va_end(ap);
	}
	return err;
}
