/*
 * Unit tests for core/linebuf.c, the line splitter: where pieces end,
 * what a '\r' means, the bound on a piece, and the end of the output.
 */
#include "hps/linebuf.h"
#include "test.h"

/* The pieces seen, as "text|" or "text^" (redraw) or "#" (skipped). */
struct seen {
	char buf[4096];
	size_t n;
};

static void
on_piece(void *arg, char *piece, size_t len, int flags)
{
	struct seen *s = arg;

	ASSERT(piece[len] == '\0');
	if (flags & HPS_LINE_SKIPPED) {
		ASSERT_EQ(len, 0);
		s->buf[s->n++] = '#';
	}
	memcpy(s->buf + s->n, piece, len);
	s->n += len;
	s->buf[s->n++] = (flags & HPS_LINE_CR) ? '^' : '|';
	s->buf[s->n] = '\0';
}

/* Split text fed chunk bytes at a time, then end the output. */
static const char *
split(struct seen *s, const char *text, size_t len, size_t cap, size_t chunk)
{
	struct hps_linebuf lb;
	size_t i, k;

	s->n = 0;
	s->buf[0] = '\0';
	ASSERT_EQ(hps_linebuf_init(&lb, cap, on_piece, s), 0);
	for (i = 0; i < len; i += k) {
		k = len - i < chunk ? len - i : chunk;
		hps_linebuf_feed(&lb, text + i, k);
	}
	hps_linebuf_finish(&lb);
	hps_linebuf_free(&lb);
	return s->buf;
}

/* The same pieces whatever the reads: one at a time, or all at once. */
#define ASSERT_SPLIT(text, want)                                              \
	do {                                                                  \
		struct seen s_;                                               \
		size_t c_;                                                    \
		for (c_ = 1; c_ <= 64; c_ *= 4)                               \
			ASSERT_STR_EQ(split(&s_, text, sizeof(text) - 1, 16,  \
			    c_), want);                                       \
	} while (0)

TEST(lines)
{
	ASSERT_SPLIT("a\nbc\n\nd\n", "a|bc||d|");
	ASSERT_SPLIT("", "");
	ASSERT_SPLIT("\n", "|");
}

/* Finding 4: the last line without '\n' still counts at the end. */
TEST(unterminated_last_line)
{
	ASSERT_SPLIT("epoch=1\nepoch=2", "epoch=1|epoch=2|");
	ASSERT_SPLIT("x\r", "x|");
}

TEST(carriage_returns)
{
	ASSERT_SPLIT("a\r\nb\n", "a|b|");
	ASSERT_SPLIT("a\rb\rc\n", "a^b^c|");
	ASSERT_SPLIT("a\r\r\r\nb", "a|b|");
	ASSERT_SPLIT("\rab\b\b\rcd\n", "^ab\b\b^cd|");
	ASSERT_SPLIT("a\r\rb\n", "a^b|");
}

TEST(nul_bytes_kept)
{
	struct seen s;

	split(&s, "a\0b\nc", 5, 16, 2);
	ASSERT_EQ(s.n, 6);
	ASSERT(memcmp(s.buf, "a\0b|c|", 6) == 0);
}

/* A piece past the limit is skipped and counted; the next one is whole. */
TEST(overlong_pieces_skipped)
{
	struct hps_linebuf lb;
	struct seen s;

	ASSERT_SPLIT("0123456789abcdef\n0123456789abcdefg\nok\n",
	    "0123456789abcdef|#|ok|");
	ASSERT_SPLIT("0123456789abcdefXYZ\rok\r0123456789abcdefXYZ",
	    "#^ok^#|");
	s.n = 0;
	ASSERT_EQ(hps_linebuf_init(&lb, 4, on_piece, &s), 0);
	hps_linebuf_feed(&lb, "abcdefgh\rij\nklmnopq\n", 20);
	ASSERT_EQ(lb.skipped, 2);
	hps_linebuf_free(&lb);
}

static void
count_piece(void *arg, char *piece, size_t len, int flags)
{
	(void)piece;
	(void)flags;
	ASSERT_EQ(len, 7);
	++*(size_t *)arg;
}

/*
 * A progress bar redrawn a million times on one line: quadratic work here
 * would run past the test's timeout.
 */
TEST(long_redrawn_line_is_linear)
{
	struct hps_linebuf lb;
	size_t i, n = 8 << 20, pieces = 0;
	char *buf;

	buf = malloc(n);
	ASSERT(buf != NULL);
	for (i = 0; i < n; i++)
		buf[i] = i % 8 == 7 ? '\r' : 'x';
	ASSERT_EQ(hps_linebuf_init(&lb, 16, count_piece, &pieces), 0);
	hps_linebuf_feed(&lb, buf, n);
	hps_linebuf_finish(&lb);
	ASSERT_EQ(pieces, n / 8);
	hps_linebuf_free(&lb);
	free(buf);
}

TEST_MAIN(lines, unterminated_last_line, carriage_returns, nul_bytes_kept,
    overlong_pieces_skipped, long_redrawn_line_is_linear)
