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
	['@'] = HPS__MX_NAME, ['+'] = HPS__MX_NAME,
};

/* The digits from p into *m (wrapping past 19 digits); past them. */
static const char *
decimal_digits(const char *p, const char *end, uint64_t *m)
{
	uint64_t x = *m;
	unsigned d;

	for (; p < end && (d = (unsigned char)*p - '0') < 10; p++)
		x = x * 10 + d;
	*m = x;
	return p;
}

/*
 * The common "-0.3120" and "8.7000e-04" exactly and fast: at most 15
 * digits make a whole number m below 2^53, and 10^k is exact for
 * k <= 22, so one IEEE multiplication or division by it rounds just as
 * strtod does. Reads from s to the first byte that is not the number's
 * and returns where that is; NULL when the number is of another shape.
 */
static const char *
plain_decimal(const char *s, const char *end, double *v)
{
	static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
	    1e19, 1e20, 1e21, 1e22};
	const char *p = s + (s[0] == '-'), *q;
	uint64_t m = 0, x = 0;
	long digits, k = 0;

	q = decimal_digits(p, end, &m);
	digits = q - p;
	if (q < end && *q == '.') {
		p = q + 1;
		q = decimal_digits(p, end, &m);
		digits += k = q - p;
		k = -k;
	}
	if (end - q > 1 && (*q == 'e' || *q == 'E')) {
		p = q + 1 + (q[1] == '-' || q[1] == '+');
		q = decimal_digits(p, end, &x);
		if (q == p || q - p > 3)
			return NULL;
		k += p[-1] == '-' ? -(long)x : (long)x;
	}
	if (digits == 0 || digits > 15 || k < -22 || k > 22)
		return NULL;
	*v = k < 0 ? (double)m / pow10[-k] : (double)m * pow10[k];
	if (s[0] == '-')
		*v = -*v;
	return q;
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
	if (plain_decimal(s, s + n, v) == s + n)
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

int
hps__mx_number_word(const char *s, size_t n, double *v, size_t *len)
{
	const char *end = s + (n > NUMBER_MAX + 1 ? NUMBER_MAX + 1 : n);
	const char *q = n > 0 ? plain_decimal(s, end, v) : NULL;

	if (q != NULL && q <= s + NUMBER_MAX && (q == s + n ||
	    hps__mx_blank(*q))) {
		*len = (size_t)(q - s);
		return 0;
	}
	for (q = s; q < end && !hps__mx_blank(*q); q++)
		;
	*len = (size_t)(q - s);
	return hps__mx_number(s, *len, v);
}

size_t
hps__mx_dash(const char *s, size_t n, size_t i)
{
	const char *d;

	if (i + 3 <= n && s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ')
		return i;
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
