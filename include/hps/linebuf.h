/*
 * The line splitter for a trial's output: bytes in, pieces out, in bounded
 * memory. A piece ends at '\n' (a line) or at '\r' (a redraw: a terminal
 * writes the next piece over it, as progress bars do). "\r\n" ends a line,
 * and '\r's in a row end one piece. A piece longer than the limit is
 * skipped and counted; the end of the output ends the last piece, whatever
 * it ended with.
 */
#ifndef HPS_LINEBUF_H
#define HPS_LINEBUF_H

#include <stddef.h>

/* The longest piece of a trial's output that hpsd reads. */
#define HPS_LINE_MAX (64 * 1024)

/* What ended a piece: flags for the callback. */
enum {
	HPS_LINE_CR = 1,	/* '\r': the piece is redrawn over */
	HPS_LINE_SKIPPED = 2,	/* over the limit: its text is dropped */
};

/*
 * Called for each piece, in order. piece is NUL-terminated at len and may
 * be changed in place; it is valid only during the call. A piece without
 * HPS_LINE_CR ends a line.
 */
typedef void (*hps_linebuf_fn)(void *arg, char *piece, size_t len,
    int flags);

struct hps_linebuf {
	char *buf;		/* the current piece, cap + 1 bytes */
	size_t cap, len;
	int cr;			/* buf holds a piece that ended with '\r' */
	int overlong;		/* the current piece is past cap */
	long skipped;		/* pieces over cap so far */
	hps_linebuf_fn fn;
	void *arg;
};

/* HPS_ENOMEM or 0; cap is the longest piece kept. */
int hps_linebuf_init(struct hps_linebuf *lb, size_t cap, hps_linebuf_fn fn,
    void *arg);
void hps_linebuf_free(struct hps_linebuf *lb);
/* Split n more bytes, calling fn for every piece they complete. */
void hps_linebuf_feed(struct hps_linebuf *lb, const char *p, size_t n);
/* The output ended: hand on the piece still open, if any. */
void hps_linebuf_finish(struct hps_linebuf *lb);

#endif
