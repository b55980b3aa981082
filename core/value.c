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
 * The shortest text that reads back to the same double, written without
 * an exponent in the range people write numbers in (10, not 1e+01;
 * 0.0001, not 1e-04), as Python's repr does.
 */
static int
format_double(double d, char *buf, size_t len)
{
	char tmp[64], *dot;
	int prec, exp10;

	for (prec = 1; prec < 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	if (strchr(tmp, 'e') != NULL && fabs(d) >= 1e-4 && fabs(d) < 1e16) {
		exp10 = (int)floor(log10(fabs(d)));
		snprintf(tmp, sizeof tmp, "%.*f", prec - 1 - exp10 > 0 ?
		    prec - 1 - exp10 : 0, d);
		if ((dot = strchr(tmp, '.')) != NULL) {
			char *end = tmp + strlen(tmp) - 1;

			while (end > dot && *end == '0')
				*end-- = '\0';
			if (end == dot)
				*end = '\0';
		}
	}
	return snprintf(buf, len, "%s", tmp);
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
