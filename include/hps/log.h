/* Logging for the daemon: timestamped lines to one stream. */
#ifndef HPS_LOG_H
#define HPS_LOG_H

#include <stdio.h>

enum hps_log_level { HPS_LOG_DEBUG, HPS_LOG_INFO, HPS_LOG_WARN, HPS_LOG_ERROR };

/* Where lines go (stderr until set) and the lowest level written. */
void hps_log_open(FILE *fp, enum hps_log_level min);
void hps_log(enum hps_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_debug(...) hps_log(HPS_LOG_DEBUG, __VA_ARGS__)
#define log_info(...) hps_log(HPS_LOG_INFO, __VA_ARGS__)
#define log_warn(...) hps_log(HPS_LOG_WARN, __VA_ARGS__)
#define log_error(...) hps_log(HPS_LOG_ERROR, __VA_ARGS__)

#endif
