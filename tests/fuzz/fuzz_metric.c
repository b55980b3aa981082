/*
 * libFuzzer target: a trial's output through the line splitter and the
 * metric reader together, cut into reads of a size the input chooses, with
 * a study pattern and an objective in play. Neither ever crashes or reads past what it was
 * given, and every reported line is well formed: a step in range, names
 * that are C strings of name characters, values finite when said so, and
 * a doubtful line with no values.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hps/linebuf.h"
#include "hps/metric.h"

static void
check(void *arg, const struct hps_metric_line *ml)
{
	size_t i;

	(void)arg;
	if (ml->n > HPS_METRIC_MAX || (ml->dropped > 0 && ml->n <
	    HPS_METRIC_MAX) || (ml->doubt != NULL) != (ml->n == 0) ||
	    ml->line < 1 || ml->form <= HPS_MF_NONE ||
	    ml->form >= HPS_MF_COUNT)
		abort();
	if (ml->n > 0 && !(ml->step >= 0 &&
	    ml->step < HPS_METRIC_STEP_LIMIT))
		abort();
	for (i = 0; i < ml->n; i++) {
		const struct hps_metric *m = &ml->m[i];

		if (strlen(m->name) != m->namelen ||
		    !hps_metric_name_ok(m->name, m->namelen) ||
		    (m->finite != 0) != (isfinite(m->value) != 0))
			abort();
	}
}

static struct hps_metric_patterns *
patterns(void)
{
	static const char *const src[] = {
		"^loss (?<p_loss>\\S+)(?: at (?<step>\\S+))?$",
	};
	static struct hps_metric_patterns *pat;
	char err[256];
	size_t bad, off;

	if (pat == NULL && hps_metric_patterns_new(src, 1, &pat, &bad, &off,
	    err, sizeof err) != 0)
		abort();
	return pat;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hps_metric_parser *p;
	struct hps_linebuf lb;
	size_t chunk, i, k;
	char *copy;

	if (size == 0)
		return 0;
	chunk = 1 + data[0] % 64;
	data++;
	size--;
	p = hps_metric_parser_new(size % 2 ? patterns() : NULL,
	    size % 2 ? "p_loss" : "loss", check, NULL);
	if (p == NULL || hps_linebuf_init(&lb, 4096, hps_metric_feed, p) != 0)
		abort();
	for (i = 0; i < size; i += k) {
		k = size - i < chunk ? size - i : chunk;
		if ((copy = malloc(k)) == NULL)
			abort();
		memcpy(copy, data + i, k);
		hps_linebuf_feed(&lb, copy, k);
		free(copy);
	}
	hps_linebuf_finish(&lb);
	hps_metric_finish(p);
	hps_linebuf_free(&lb);
	hps_metric_parser_free(p);
	return 0;
}
