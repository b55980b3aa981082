/*
 * Facts about processes from /proc: a process's start time, which with its
 * PID names it uniquely, so a restarted hpsd kills only its own leftovers
 * and never a process that happens to have reused the PID.
 */
#include <stdio.h>
#include <string.h>

#include "hps/error.h"
#include "hpsd.h"

int
proc_start_time(long pid, unsigned long long *out)
{
	char path[64], buf[1024], *p;
	unsigned long long v;
	size_t n;
	FILE *fp;
	int field;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if ((fp = fopen(path, "re")) == NULL)
		return HPS_ENOTFOUND;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* The command name (field 2) may hold spaces and ')': skip past it. */
	if ((p = strrchr(buf, ')')) == NULL)
		return HPS_ENOTFOUND;
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p + 1, "%llu", &v) != 1)
		return HPS_ENOTFOUND;
	*out = v;
	return 0;
}
