/*
 * The small lexical pieces every metric form shares: blanks, digits,
 * metric names and numbers. Every scan is bounded by the length it is
 * given, so a line of garbage is read in linear time and never past its
 * end.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metric_int.h"

/*
 * Longest number token read. Printed doubles are far shorter; the bound
 * keeps the work per candidate constant.
 */
#define NUMBER_MAX 64

int
hps__mx_blank(int c)
{
	return c == ' ' || c == '\t';
}

int
hps__mx_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
name_char(int c)
{
	return name_start(c) || hps__mx_digit(c) || c == '.' || c == '/' ||
	    c == '-' || c == '@' || c == '+';
}

size_t
hps__mx_name_span(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !name_start((unsigned char)s[0]))
		return 0;
	for (i = 1; i < n && name_char((unsigned char)s[i]); i++)
		;
	return i;
}

size_t
hps__mx_skip_blank(const char *s, size_t n, size_t i)
{
	while (i < n && hps__mx_blank((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * The common "-0.3120" exactly and fast: at most 15 digits make a whole
 * number below 2^53 and 10^k is exact for k <= 22, so one IEEE division
 * rounds just as strtod does. 0 when the token is of another shape.
 */
static int
plain_decimal(const char *s, size_t n, double *v)
{
	static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	size_t i = s[0] == '-', digits = 0, frac = 0;
	uint64_t m = 0;
	int dot = 0;

	for (; i < n; i++) {
		if (s[i] == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (!hps__mx_digit((unsigned char)s[i]) || ++digits > 15)
			return 0;
		m = m * 10 + (uint64_t)(s[i] - '0');
		frac += dot;
	}
	if (digits == 0)
		return 0;
	*v = (double)m / pow10[frac];
	if (s[0] == '-')
		*v = -*v;
	return 1;
}

/*
 * strtod reads "nan", "inf" and "1e-4" alike; anything left over refuses
 * the token ("0.5abc" is not a number). The copy gives strtod its NUL.
 */
int
hps__mx_number(const char *s, size_t n, double *v)
{
	char buf[NUMBER_MAX + 1], *end;
	unsigned char c;

	if (n == 0 || n > NUMBER_MAX)
		return -1;
	if (plain_decimal(s, n, v))
		return 0;
	c = (unsigned char)s[0];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return -1;
	/* Hexadecimal floats are strtod's, not a trainer's. */
	if (memchr(s, 'x', n) != NULL || memchr(s, 'X', n) != NULL)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*v = strtod(buf, &end);
	return end == buf + n ? 0 : -1;
}

long
hps__mx_digits(const char *s, size_t n, size_t *i)
{
	long v = 0;
	size_t start = *i;

	while (*i < n && hps__mx_digit((unsigned char)s[*i])) {
		if (*i - start == 18)
			return -1;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	return *i == start ? -1 : v;
}

size_t
hps__mx_dash(const char *s, size_t n, size_t i)
{
	const char *d;

	while (i + 3 <= n && (d = memchr(s + i + 1, '-', n - i - 2)) != NULL) {
		i = (size_t)(d - s) - 1;
		if (s[i] == ' ' && d[1] == ' ')
			return i;
		i += 2;
	}
	return n;
}

int
hps__mx_prefix(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	return n >= k && memcmp(s, word, k) == 0;
}

int
hps__mx_step_ok(double v)
{
	return isfinite(v) && v >= 0 && v < HPS_METRIC_STEP_LIMIT;
}
