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

#define NAME (HPS__MX_NAME0 | HPS__MX_NAME)

const unsigned char hps__mx_class[256] = {
	[' '] = HPS__MX_BLANK, ['\t'] = HPS__MX_BLANK,
	['0' ... '9'] = HPS__MX_DIGIT | HPS__MX_NAME,
	['A' ... 'Z'] = NAME, ['a' ... 'z'] = NAME, ['_'] = NAME,
	['.'] = HPS__MX_NAME, ['/'] = HPS__MX_NAME, ['-'] = HPS__MX_NAME,
	['@'] = HPS__MX_NAME,
};

/* The digits at s[*i] into *m (wrapping past 19); how many. */
static size_t
decimal_digits(const char *s, size_t n, size_t *i, uint64_t *m)
{
	size_t start = *i;

	for (; *i < n && hps__mx_digit(s[*i]); (*i)++)
		*m = *m * 10 + (uint64_t)(s[*i] - '0');
	return *i - start;
}

/*
 * The common "-0.3120" and "8.7000e-04" exactly and fast: at most 15
 * digits make a whole number m below 2^53, and 10^k is exact for
 * k <= 22, so one IEEE multiplication or division by it rounds just as
 * strtod does. 0 when the token is of another shape.
 */
static int
plain_decimal(const char *s, size_t n, double *v)
{
	static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
	    1e19, 1e20, 1e21, 1e22};
	size_t i = s[0] == '-', digits, frac = 0, e;
	uint64_t m = 0, x = 0;
	long k;

	digits = decimal_digits(s, n, &i, &m);
	if (i < n && s[i] == '.') {
		i++;
		digits += frac = decimal_digits(s, n, &i, &m);
	}
	k = -(long)frac;
	if (i < n && (s[i] == 'e' || s[i] == 'E') && i + 1 < n) {
		i += s[i + 1] == '-' || s[i + 1] == '+' ? 2 : 1;
		e = decimal_digits(s, n, &i, &x);
		if (e == 0 || e > 3)
			return 0;
		k += s[i - e - 1] == '-' ? -(long)x : (long)x;
	}
	if (i != n || digits == 0 || digits > 15 || k < -22 || k > 22)
		return 0;
	*v = k < 0 ? (double)m / pow10[-k] : (double)m * pow10[k];
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
hps__mx_step_ok(double v)
{
	return isfinite(v) && v >= 0 && v < HPS_METRIC_STEP_LIMIT;
}
