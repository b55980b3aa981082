/* Checks and terminal-safe copies of outside text (see hps/text.h). */
#include <stdio.h>
#include <string.h>

#include "hps/text.h"

/* Length of the UTF-8 sequence at p (at most n bytes), 0 if invalid:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t need, i;
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		need = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		need = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return need;
}

int
hps_text_check(const char *s, size_t len, int *line, int *col,
    const char **why)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	*line = 1;
	*col = 1;
	while (i < len) {
		if (p[i] == '\0') {
			*why = "a NUL byte";
			return 1;
		}
		if ((n = utf8_len(p + i, len - i)) == 0) {
			*why = "a byte that is not UTF-8";
			return 1;
		}
		if (p[i] == '\n') {
			++*line;
			*col = 0;
		}
		++*col;
		i += n;
	}
	return 0;
}

/* Whether the character of n bytes at p is a control character. */
static int
control(const unsigned char *p, size_t n)
{
	return (n == 1 && (p[0] < 0x20 || p[0] == 0x7f)) ||
	    (n == 2 && p[0] == 0xc2 && p[1] < 0xa0);
}

int
hps_text_printable(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	for (; len > 0; p += n, len -= n)
		if ((n = utf8_len(p, len)) == 0 || control(p, n) || p[0] == 0)
			return 0;
	return 1;
}

struct out {
	char *buf;
	size_t len;
	size_t need;		/* the whole copy's length */
	size_t kept;		/* what fits, whole pieces only */
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->kept == o->need && o->need + n < o->len) {
		memcpy(o->buf + o->kept, p, n);
		o->kept += n;
	}
	o->need += n;
}

size_t
hps_text_visible(const char *s, char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	struct out o = {buf, len, 0, 0};
	size_t left = strlen(s), n, i;
	char esc[5];

	for (; left > 0; p += n, left -= n) {
		n = utf8_len(p, left);
		if (n != 0 && !control(p, n)) {
			put(&o, p, n);
			continue;
		}
		n = n ? n : 1;
		for (i = 0; i < n; i++) {
			snprintf(esc, sizeof esc, "\\x%02x", p[i]);
			put(&o, esc, 4);
		}
	}
	if (len > 0)
		buf[o.kept] = '\0';
	return o.need;
}
