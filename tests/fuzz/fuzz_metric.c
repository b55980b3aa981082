/* libFuzzer target: the metric-line parser never crashes, never reads
 * past the line, and only reports well-formed metrics. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hps/metric.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hps_metric_parser p;
	struct hps_metric_line ml;
	char *line = malloc(size + 1);
	size_t i, n;

	if (line == NULL)
		return 0;
	memcpy(line, data, size);
	hps_metric_parser_init(&p);
	n = hps_metric_parse(&p, line, size, &ml);
	for (i = 0; i < n; i++)
		if (ml.m[i].namelen == 0 || ml.m[i].name < line ||
		    ml.m[i].name + ml.m[i].namelen > line + size ||
		    (ml.m[i].finite && !isfinite(ml.m[i].value)))
			abort();
	free(line);
	return 0;
}
