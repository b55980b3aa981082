/*
 * Parameter values: formatting for trials, copies and comparison, and the
 * one JSON text of a list or mapping value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/value.h"
#include "space_int.h"

/*
 * The shortest text that reads back to the same double, in Python's
 * repr's notation: an exponent below 1e-4 and from 1e16 on (1e-05,
 * 1.5e+16), plain digits between (10, not 1e+01; 0.0001, not 1e-04).
 * Python writes a whole float with ".0", which hps__py_float adds.
 */
static int
format_double(double d, char *buf, size_t len)
{
	char tmp[64], out[64], *e;
	int prec, exp10, k, o = 0, at;

	if (!isfinite(d))
		return snprintf(buf, len, "%g", d);
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	e = strchr(tmp, 'e');
	exp10 = atoi(e + 1);
	if (exp10 < -4 || exp10 >= 16)
		return snprintf(buf, len, "%s", tmp);
	/* The digits of "-d.ddde+XX" with the point moved exp10 places:
	 * leading zeros below 1, trailing zeros for a whole number. */
	if (signbit(d))
		out[o++] = '-';
	if (exp10 < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (k = 0; k < -exp10 - 1; k++)
			out[o++] = '0';
	}
	for (k = signbit(d) ? 1 : 0, at = 0; tmp + k < e; k++) {
		if (tmp[k] == '.')
			continue;
		if (exp10 >= 0 && at == exp10 + 1)
			out[o++] = '.';
		out[o++] = tmp[k];
		at++;
	}
	for (; exp10 >= 0 && at < exp10 + 1; at++)
		out[o++] = '0';
	out[o] = '\0';
	return snprintf(buf, len, "%s", out);
}

int
hps_value_format(const struct hps_value *v, char *buf, size_t len)
{
	switch (v->kind) {
	case HPS_V_INT:
		return snprintf(buf, len, "%lld", (long long)v->num);
	case HPS_V_BOOL:
		return snprintf(buf, len, "%s", v->num != 0 ? "true" : "false");
	case HPS_V_STR:
	case HPS_V_JSON:
		return snprintf(buf, len, "%s", v->str ? v->str : "");
	case HPS_V_NONE:
		return snprintf(buf, len, "%s", "");
	case HPS_V_FLOAT:
		break;
	}
	return format_double(v->num, buf, len);
}

int
hps_value_has_str(const struct hps_value *v)
{
	return v->kind == HPS_V_STR || v->kind == HPS_V_JSON;
}

int
hps_value_from_json(struct hps_value *out, json_t *j)
{
	char *text;

	if (!json_is_array(j) && !json_is_object(j))
		return HPS_EINVAL;
	if ((text = hps__py_json(j)) == NULL)
		return HPS_ENOMEM;
	out->kind = HPS_V_JSON;
	out->num = 0;
	out->str = text;
	return 0;
}

int
hps_value_copy(struct hps_value *dst, const struct hps_value *src)
{
	*dst = *src;
	if (hps_value_has_str(src) && src->str != NULL) {
		dst->str = strdup(src->str);
		if (dst->str == NULL)
			return HPS_ENOMEM;
	} else
		dst->str = NULL;
	return 0;
}

void
hps_value_clear(struct hps_value *v)
{
	free(v->str);
	v->str = NULL;
}

int
hps_value_eq(const struct hps_value *a, const struct hps_value *b)
{
	if (a->kind != b->kind)
		return 0;
	if (hps_value_has_str(a))
		return strcmp(a->str ? a->str : "", b->str ? b->str : "") == 0;
	return a->kind == HPS_V_NONE || a->num == b->num;
}

int
hps_values_eq(const struct hps_value *a, const struct hps_value *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!hps_value_eq(&a[i], &b[i]))
			return 0;
	return 1;
}

json_t *
hps_value_json(const struct hps_value *v)
{
	switch (v->kind) {
	case HPS_V_INT:
		return json_integer((json_int_t)v->num);
	case HPS_V_BOOL:
		return json_boolean(v->num != 0);
	case HPS_V_STR:
		return json_string(v->str ? v->str : "");
	case HPS_V_NONE:
		return json_null();
	case HPS_V_JSON:
		return json_loads(v->str ? v->str : "null", JSON_DECODE_ANY,
		    NULL);
	case HPS_V_FLOAT:
		break;
	}
	return json_real(v->num);
}

void
hps_values_free(struct hps_value *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		hps_value_clear(&v[i]);
	free(v);
}
