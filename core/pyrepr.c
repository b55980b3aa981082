/*
 * Python's repr() of a JSON value: what a W&B agent puts on a command
 * line when it formats a value with f"{value}" (str() of a number, a
 * boolean or a dict is its repr). Floats are Python's shortest repr
 * (0.001, 1e-05, 3.0), booleans True and False, null None, strings in
 * single quotes unless they hold one and no double quote, lists [1, 'a']
 * and objects {'key': value, ...} in their own order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/value.h"
#include "space_int.h"

/* repr(float): hps_value_format's shortest text, ".0" kept on a whole. */
void
hps__py_float(double x, char *buf, size_t len)
{
	struct hps_value v = {HPS_V_FLOAT, x, NULL};

	hps_value_format(&v, buf, len);
	if (strpbrk(buf, ".eni") == NULL && strlen(buf) + 3 <= len)
		strcat(buf, ".0");
}

void
hps__put_quoted(FILE *fp, const char *s, int quote)
{
	const unsigned char *p;

	fputc(quote, fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\\' || *p == quote)
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc(quote, fp);
}

/* repr(str): single quotes, unless it holds one and no double quote. */
static void
py_str(FILE *fp, const char *s)
{
	hps__put_quoted(fp, s, strchr(s, '\'') != NULL && strchr(s, '"') ==
	    NULL ? '"' : '\'');
}

static void
py_value(FILE *fp, json_t *v)
{
	const char *key, *sep = "";
	char buf[64];
	json_t *kid;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_ARRAY:
		fputc('[', fp);
		json_array_foreach(v, i, kid) {
			fputs(i > 0 ? ", " : "", fp);
			py_value(fp, kid);
		}
		fputc(']', fp);
		return;
	case JSON_OBJECT:
		fputc('{', fp);
		json_object_foreach(v, key, kid) {
			fputs(sep, fp);
			py_str(fp, key);
			fputs(": ", fp);
			py_value(fp, kid);
			sep = ", ";
		}
		fputc('}', fp);
		return;
	case JSON_STRING:
		py_str(fp, json_string_value(v));
		return;
	case JSON_INTEGER:
		fprintf(fp, "%lld", (long long)json_integer_value(v));
		return;
	case JSON_REAL:
		hps__py_float(json_real_value(v), buf, sizeof buf);
		fputs(buf, fp);
		return;
	case JSON_TRUE:
	case JSON_FALSE:
		fputs(json_is_true(v) ? "True" : "False", fp);
		return;
	default:
		fputs("None", fp);
	}
}

char *
hps__py_repr(json_t *v)
{
	char *text = NULL;
	size_t len;
	FILE *fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		return NULL;
	py_value(fp, v);
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
