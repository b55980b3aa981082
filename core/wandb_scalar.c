/*
 * Scalars of a W&B sweep file as W&B reads them. W&B loads sweep files
 * with PyYAML, which resolves plain scalars by YAML 1.1 rules, not by the
 * YAML 1.2 core schema that hpsd's own space files use: 010 is 8, 1:30 is
 * 90, 1_000 is 1000, 0x10 is 16, yes and off are booleans, and 1e-5 (no
 * dot) is a string. The translator reads every value of a sweep through
 * here, so a value reaches the trial as W&B would have passed it. The
 * rules are PyYAML's resolver (yaml/resolver.py) and constructors
 * (yaml/constructor.py) for the tags !!null, !!bool, !!int, !!float and
 * !!str, explicit or implied.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wandb_int.h"

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))
/* Past 2^53 a double no longer holds every integer exactly. */
#define EXACT_MAX 9007199254740992.0

static const char *const bool_words[] = {"yes", "Yes", "YES", "no", "No",
    "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
    "ON", "off", "Off", "OFF"};

/* PyYAML's bool_values: the words whose lower case is true, yes or on. */
static int
bool_value(const char *s, int *out)
{
	static const char *const t[] = {"yes", "true", "on"};
	static const char *const f[] = {"no", "false", "off"};
	size_t i;

	for (i = 0; i < NWORDS(t); i++) {
		if (strcasecmp(s, t[i]) == 0) {
			*out = 1;
			return 1;
		}
		if (strcasecmp(s, f[i]) == 0) {
			*out = 0;
			return 1;
		}
	}
	return 0;
}

static int
is_null(const char *s)
{
	return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* Characters from set, at least one: the length, else 0. */
static size_t
run(const char *s, const char *set)
{
	return strspn(s, set);
}

#define DIG "0123456789"
#define DIG_ "0123456789_"

/* [0-9][0-9_]*(:[0-5]?[0-9])+: the sexagesimal head; its length or 0. */
static size_t
sexagesimal(const char *s, int first_nonzero)
{
	size_t n = 0, k;

	if (!isdigit((unsigned char)s[0]) || (first_nonzero && s[0] == '0'))
		return 0;
	n = 1 + run(s + 1, DIG_);
	if (s[n] != ':')
		return 0;
	while (s[n] == ':') {
		k = run(s + n + 1, DIG);
		if (k == 0 || k > 2 || (k == 2 && s[n + 1] > '5'))
			return 0;
		n += 1 + k;
	}
	return n;
}

/*
 * PyYAML's int pattern: 0b[01_]+, 0[0-7_]+, 0, [1-9][0-9_]*, 0x[0-9a-fA-F_]+
 * or sexagesimal [1-9][0-9_]*(:[0-5]?[0-9])+, each with an optional sign.
 */
static int
int_syntax(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (strncmp(s, "0b", 2) == 0)
		return s[2] != '\0' && run(s + 2, "01_") == strlen(s + 2);
	if (strncmp(s, "0x", 2) == 0)
		return s[2] != '\0' && run(s + 2, DIG "abcdefABCDEF_") ==
		    strlen(s + 2);
	if (s[0] == '0')
		return run(s + 1, "01234567_") == strlen(s + 1);
	if (s[0] >= '1' && s[0] <= '9' && run(s, DIG_) == strlen(s))
		return 1;
	return *s != '\0' && sexagesimal(s, 1) == strlen(s);
}

/* [eE][-+][0-9]+ at s, or nothing: the length taken, -1 if malformed. */
static int
exponent(const char *s)
{
	size_t k;

	if (*s != 'e' && *s != 'E')
		return 0;
	if (s[1] != '-' && s[1] != '+')
		return -1;
	k = run(s + 2, DIG);
	return k == 0 ? -1 : (int)(2 + k);
}

/*
 * PyYAML's float pattern: [-+]?[0-9][0-9_]*\.[0-9_]*(exp)?, \.[0-9][0-9_]*
 * (exp)? (no sign), sexagesimal [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*,
 * [-+]?\.(inf|Inf|INF) and \.(nan|NaN|NAN). The exponent needs its sign:
 * 1.0e5 is a string to PyYAML.
 */
static int
float_syntax(const char *s)
{
	const char *p = s;
	size_t n;
	int e;

	if (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 ||
	    strcmp(s, ".NAN") == 0)
		return 1;
	if (*p == '-' || *p == '+')
		p++;
	if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 ||
	    strcmp(p, ".INF") == 0)
		return 1;
	if (*s == '.') {
		if (!isdigit((unsigned char)s[1]))
			return 0;
		n = 1 + run(s + 1, DIG_);
	} else if ((n = sexagesimal(p, 0)) > 0) {
		if (p[n] != '.')
			return 0;
		return run(p + n + 1, DIG_) == strlen(p + n + 1);
	} else {
		if (!isdigit((unsigned char)*p))
			return 0;
		n = run(p, DIG_);
		if (p[n] != '.')
			return 0;
		n += 1 + run(p + n + 1, DIG_);
		s = p;
	}
	if ((e = exponent(s + n)) < 0)
		return 0;
	return s[n + (size_t)e] == '\0';
}

/* A copy of s without '_' into buf (len bytes); 0 if it does not fit. */
static int
strip(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (*s != '_') {
			if (n + 1 >= len)
				return 0;
			buf[n++] = *s;
		}
	buf[n] = '\0';
	return 1;
}

/* a:b:c in base 60, each part read by part(). */
static double
base60(char *s, double (*part)(const char *))
{
	double v = 0;
	char *c;

	for (c = strtok(s, ":"); c != NULL; c = strtok(NULL, ":"))
		v = v * 60 + part(c);
	return v;
}

static double
part_int(const char *s)
{
	return (double)strtoll(s, NULL, 10);
}

static double
part_float(const char *s)
{
	return strtod(s, NULL);
}

/* PyYAML's construct_yaml_int on text that int_syntax accepts. */
static int
int_value(const char *text, double *out)
{
	char buf[128], *s = buf;
	double sign = 1;

	if (!strip(text, buf, sizeof buf))
		return 0;
	if (*s == '-' || *s == '+')
		sign = *s++ == '-' ? -1 : 1;
	if (strcmp(s, "0") == 0)
		*out = 0;
	else if (strncmp(s, "0b", 2) == 0)
		*out = (double)strtoull(s + 2, NULL, 2);
	else if (strncmp(s, "0x", 2) == 0)
		*out = (double)strtoull(s + 2, NULL, 16);
	else if (s[0] == '0')
		*out = (double)strtoull(s, NULL, 8);
	else if (strchr(s, ':') != NULL)
		*out = base60(s, part_int);
	else
		*out = strtod(s, NULL);
	*out *= sign;
	return fabs(*out) <= EXACT_MAX;
}

/*
 * PyYAML's construct_yaml_float: '_' dropped, .inf, .nan, base 60, or
 * Python's float() of the rest (which also takes 1e-5 under !!float).
 */
static int
float_value(const char *text, double *out)
{
	char buf[128], *s = buf, *end;
	double sign = 1;
	size_t i;

	if (!strip(text, buf, sizeof buf))
		return 0;
	for (i = 0; buf[i] != '\0'; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
	if (*s == '-' || *s == '+')
		sign = *s++ == '-' ? -1 : 1;
	if (strcmp(s, ".inf") == 0)
		*out = sign * INFINITY;
	else if (strcmp(s, ".nan") == 0)
		*out = NAN;
	else if (strchr(s, ':') != NULL)
		*out = sign * base60(s, part_float);
	else {
		/* float() takes digits, a point, an exponent; not hex. */
		if (*s == '\0' || strncmp(s, "0x", 2) == 0)
			return 0;
		*out = sign * strtod(s, &end);
		return *end == '\0';
	}
	return 1;
}

/* YYYY-MM-DD, or YYYY-M-D with a time: PyYAML makes a date of these. */
static int
timestamp(const char *s)
{
	size_t k;

	if (run(s, DIG) != 4 || s[4] != '-')
		return 0;
	k = run(s + 5, DIG);
	if (k < 1 || k > 2 || s[5 + k] != '-')
		return 0;
	s += 6 + k;
	k = run(s, DIG);
	return k >= 1 && k <= 2 && (s[k] == '\0' || strchr("Tt \t", s[k]));
}

static int
resolve_plain(const char *s, struct hps__pyval *out)
{
	size_t i;
	int b;

	if (is_null(s)) {
		out->kind = HPS__PY_NULL;
		return 0;
	}
	for (i = 0; i < NWORDS(bool_words); i++)
		if (strcmp(s, bool_words[i]) == 0) {
			out->kind = HPS__PY_BOOL;
			out->num = bool_value(s, &b) && b;
			return 0;
		}
	if (int_syntax(s)) {
		out->kind = HPS__PY_INT;
		return int_value(s, &out->num) ? 0 : 1;
	}
	if (float_syntax(s)) {
		out->kind = HPS__PY_FLOAT;
		return float_value(s, &out->num) ? 0 : 1;
	}
	out->kind = timestamp(s) ? HPS__PY_DATE : HPS__PY_STR;
	return 0;
}

int
hps__wandb_scalar(const struct hps__ynode *n, struct hps__pyval *out)
{
	int b = 0;

	memset(out, 0, sizeof *out);
	out->str = n->text;
	out->kind = HPS__PY_STR;
	if (n->type != HPS__Y_SCALAR)
		return 1;
	switch (n->tag) {
	case HPS__TAG_NONE:
		return n->plain ? resolve_plain(n->text, out) : 0;
	case HPS__TAG_STR:
		return 0;
	case HPS__TAG_BOOL:
		out->kind = HPS__PY_BOOL;
		if (!bool_value(n->text, &b))
			return 1;
		out->num = b;
		return 0;
	case HPS__TAG_INT:
		out->kind = HPS__PY_INT;
		return int_syntax(n->text) && int_value(n->text, &out->num) ?
		    0 : 1;
	case HPS__TAG_FLOAT:
		out->kind = HPS__PY_FLOAT;
		return float_value(n->text, &out->num) ? 0 : 1;
	}
	return 1;
}
