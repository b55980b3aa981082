/*
 * Python's text of a JSON value, in its two dialects: repr(), what a W&B
 * agent puts on a command line when it formats a value with f"{value}"
 * (str() of a number, a boolean, a list or a dict is its repr), and
 * json.dumps(ensure_ascii=False), the one text of a list or mapping
 * parameter value. Floats are Python's shortest repr in both (0.001,
 * 1e-05, 3.0). repr writes booleans True and False, null None, strings
 * in single quotes unless they hold one and no double quote; json.dumps
 * true, false, null and double-quoted strings. Lists and objects keep
 * their own order: [1, 'a'], {'key': value, ...}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/value.h"
#include "space_int.h"

/* What the two dialects write differently. */
struct dialect {
	const char *yes, *no, *null;
	int json;
};

static const struct dialect py_dialect = {"True", "False", "None", 0};
static const struct dialect json_dialect = {"true", "false", "null", 1};

/* repr(float): hps_value_format's shortest text, ".0" kept on a whole. */
void
hps__py_float(double x, char *buf, size_t len)
{
	struct hps_value v = {HPS_V_FLOAT, x, NULL};

	hps_value_format(&v, buf, len);
	if (strpbrk(buf, ".eni") == NULL && strlen(buf) + 3 <= len)
		strcat(buf, ".0");
}

/* s between quotes; other control characters as \xHH, or JSON's \uHHHH. */
static void
put_quoted(FILE *fp, const char *s, int quote, int json)
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
		else if (json && *p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else if (!json && (*p < 0x20 || *p == 0x7f))
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc(quote, fp);
}

void
hps__put_quoted(FILE *fp, const char *s, int quote)
{
	put_quoted(fp, s, quote, 0);
}

/* A string: repr's single quotes unless it holds one and no double. */
static void
put_str(FILE *fp, const char *s, const struct dialect *d)
{
	put_quoted(fp, s, d->json || (strchr(s, '\'') != NULL &&
	    strchr(s, '"') == NULL) ? '"' : '\'', d->json);
}

/* v in dialect d (jansson holds only finite numbers). */
static void
put_value(FILE *fp, json_t *v, const struct dialect *d)
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
			put_value(fp, kid, d);
		}
		fputc(']', fp);
		return;
	case JSON_OBJECT:
		fputc('{', fp);
		json_object_foreach(v, key, kid) {
			fputs(sep, fp);
			put_str(fp, key, d);
			fputs(": ", fp);
			put_value(fp, kid, d);
			sep = ", ";
		}
		fputc('}', fp);
		return;
	case JSON_STRING:
		put_str(fp, json_string_value(v), d);
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
		fputs(json_is_true(v) ? d->yes : d->no, fp);
		return;
	default:
		fputs(d->null, fp);
		return;
	}
}

static char *
text_of(json_t *v, const struct dialect *d)
{
	char *text = NULL;
	size_t len;
	FILE *fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		return NULL;
	put_value(fp, v, d);
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

char *
hps__py_repr(json_t *v)
{
	return text_of(v, &py_dialect);
}

char *
hps__py_json(json_t *v)
{
	return text_of(v, &json_dialect);
}
