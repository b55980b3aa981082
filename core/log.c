/* Timestamped log lines; the daemon points them at its log file. */
#include <stdarg.h>
#include <time.h>

#include "hps/log.h"

static FILE *log_fp;
static enum hps_log_level log_min = HPS_LOG_INFO;

void
hps_log_open(FILE *fp, enum hps_log_level min)
{
	log_fp = fp;
	log_min = min;
}

void
hps_log(enum hps_log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	FILE *fp = log_fp ? log_fp : stderr;
	char stamp[32];
	struct tm tm;
	time_t now;
	va_list ap;

	if (level < log_min)
		return;
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(fp, "%s %s: ", stamp, names[level]);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	fflush(fp);
}
