/*
 * The line splitter (see hps/linebuf.h). It copies each piece into one
 * buffer of fixed size and hands it on when the piece is complete. A '\r'
 * is decided only by the byte after it: '\n' makes the piece a line (CRLF),
 * another '\r' changes nothing, anything else makes it a redraw. The scan
 * for '\n' is kept across the pieces of a chunk, so a progress bar that
 * redraws a thousand times on one line is still read in linear time.
 */
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/linebuf.h"

int
hps_linebuf_init(struct hps_linebuf *lb, size_t cap, hps_linebuf_fn fn,
    void *arg)
{
	memset(lb, 0, sizeof *lb);
	if ((lb->buf = malloc(cap + 1)) == NULL)
		return HPS_ENOMEM;
	lb->cap = cap;
	lb->fn = fn;
	lb->arg = arg;
	return 0;
}

void
hps_linebuf_free(struct hps_linebuf *lb)
{
	free(lb->buf);
	lb->buf = NULL;
}

/* Hand on the current piece and start the next one. */
static void
piece_end(struct hps_linebuf *lb, int flags)
{
	if (lb->overlong) {
		flags |= HPS_LINE_SKIPPED;
		lb->skipped++;
		lb->len = 0;
	}
	lb->buf[lb->len] = '\0';
	lb->fn(lb->arg, lb->buf, lb->len, flags);
	lb->len = 0;
	lb->cr = 0;
	lb->overlong = 0;
}

static void
piece_add(struct hps_linebuf *lb, const char *p, size_t n)
{
	if (lb->overlong)
		return;
	if (n > lb->cap - lb->len) {
		lb->overlong = 1;
		return;
	}
	memcpy(lb->buf + lb->len, p, n);
	lb->len += n;
}

/* One '\r' or '\n'. */
static void
piece_break(struct hps_linebuf *lb, char c)
{
	if (c == '\n')
		piece_end(lb, 0);
	else
		lb->cr = 1;
}

void
hps_linebuf_feed(struct hps_linebuf *lb, const char *p, size_t n)
{
	const char *end = p + n, *nl = NULL, *cr, *stop;

	while (p < end) {
		if (lb->cr && *p != '\n' && *p != '\r')
			piece_end(lb, HPS_LINE_CR);
		if (nl < p && (nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		cr = memchr(p, '\r', (size_t)(nl - p));
		stop = cr != NULL ? cr : nl;
		piece_add(lb, p, (size_t)(stop - p));
		if (stop == end)
			return;
		piece_break(lb, *stop);
		p = stop + 1;
	}
}

void
hps_linebuf_finish(struct hps_linebuf *lb)
{
	if (lb->len > 0 || lb->cr || lb->overlong)
		piece_end(lb, 0);
}
