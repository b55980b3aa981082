/*
 * Lines that start with '{': one JSON object ({"epoch": 3, "val_acc":
 * 0.874}) or one Python dict as print(dict) writes it ({'eval_loss': 0.35,
 * 'epoch': 1.0}, Hugging Face's Trainer). The whole line must be one valid
 * object, or nothing of it counts. Numbers under top-level keys are
 * metrics ("epoch" and "step" give the step); strings, booleans, null and
 * nested values are checked and skipped. A key is a metric's name as it
 * is, escapes decoded ({"val loss": 1}, {"val_\u00df": 1}), when that is
 * a name (hps_metric_name_ok); other keys are skipped.
 *
 * Python's repr differs from JSON in a few ways, all read here: quotes
 * may be single, True/False/None, nan/inf, numbers such as "1e-05" or
 * "5.", tuples, and numpy 2's scalars ("np.float64(0.5)").
 */
#include <string.h>

#include "metric_int.h"

/* Deepest nesting of a skipped value; deeper is treated as invalid. */
#define DEPTH_MAX 32

struct jscan {
	const char *s;
	size_t len, pos;
	int py;			/* Python's repr, not JSON */
	struct hps__pairs pr;
	char key[HPS_METRIC_NAMEMAX + 1];	/* a top-level key, decoded */
};

static void
ws(struct jscan *j)
{
	while (j->pos < j->len && (j->s[j->pos] == ' ' ||
	    j->s[j->pos] == '\t' || j->s[j->pos] == '\n'))
		j->pos++;
}

static int
at(struct jscan *j, char c)
{
	ws(j);
	return j->pos < j->len && j->s[j->pos] == c;
}

static int
expect(struct jscan *j, char c)
{
	if (!at(j, c))
		return -1;
	j->pos++;
	return 0;
}

static int
word(struct jscan *j, const char *w)
{
	size_t n = strlen(w);

	if (j->len - j->pos < n || memcmp(j->s + j->pos, w, n) != 0)
		return 0;
	j->pos += n;
	return 1;
}

static int
is_hex(int c)
{
	return hps__mx_digit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Length of the valid JSON escape at s[i] (a backslash), 0 if invalid. */
static size_t
escape_len(const char *s, size_t n, size_t i)
{
	size_t k;

	if (i + 1 == n)
		return 0;
	if (s[i + 1] != 'u')
		return memchr("\"\\/bfnrt", s[i + 1], 8) != NULL ? 2 : 0;
	for (k = 2; k < 6; k++) {
		if (i + k == n || !is_hex((unsigned char)s[i + k]))
			return 0;
	}
	return 6;
}

/*
 * The string whose quote is at pos: *start and *slen give its raw text,
 * *esc whether it had escapes. JSON refuses control characters and bad
 * escapes; Python's repr never writes either, so the same rules hold.
 */
static int
string(struct jscan *j, size_t *start, size_t *slen, int *esc)
{
	char q = j->s[j->pos];
	size_t i, k;

	*esc = 0;
	for (i = j->pos + 1; i < j->len; i++) {
		if (j->s[i] == q) {
			*start = j->pos + 1;
			*slen = i - *start;
			j->pos = i + 1;
			return 0;
		}
		if ((unsigned char)j->s[i] < 0x20)
			return -1;
		if (j->s[i] == '\\') {
			k = j->py ? (i + 1 < j->len ? 2 : 0) :
			    escape_len(j->s, j->len, i);
			if (k == 0)
				return -1;
			*esc = 1;
			i += k - 1;
		}
	}
	return -1;
}

static size_t
digits_span(const char *s, size_t n, size_t i)
{
	while (i < n && hps__mx_digit((unsigned char)s[i]))
		i++;
	return i;
}

/* A JSON number, NaN, Infinity or -Infinity (Python's json.dumps). */
static size_t
json_number_span(const char *s, size_t n)
{
	size_t i = 0, j;

	if (n >= 3 && memcmp(s, "NaN", 3) == 0)
		return 3;
	if (s[0] == '-')
		i++;
	if (n - i >= 8 && memcmp(s + i, "Infinity", 8) == 0)
		return i + 8;
	if (i == n || !hps__mx_digit((unsigned char)s[i]))
		return 0;
	i = s[i] == '0' ? i + 1 : digits_span(s, n, i);
	if (i < n && s[i] == '.') {
		if ((j = digits_span(s, n, i + 1)) == i + 1)
			return 0;
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if ((j = digits_span(s, n, i)) == i)
			return 0;
		i = j;
	}
	return i;
}

/* A Python float or int repr, nan or inf; strtod checks it after. */
static size_t
py_number_span(const char *s, size_t n)
{
	size_t i = 0;

	if (s[0] == '-')
		i++;
	if (n - i >= 3 && (memcmp(s + i, "nan", 3) == 0 ||
	    memcmp(s + i, "inf", 3) == 0))
		return i + 3;
	while (i < n && (hps__mx_digit((unsigned char)s[i]) || s[i] == '.' ||
	    s[i] == 'e' || s[i] == 'E' || s[i] == '+' || s[i] == '-' ||
	    s[i] == '_'))
		i++;
	return i;
}

/* numpy 2's repr of a scalar: np.float64(0.5), np.int64(3). */
static int
py_numpy(struct jscan *j, size_t *start, size_t *span)
{
	size_t save = j->pos;

	if (!word(j, "np."))
		return 0;
	while (j->pos < j->len && (hps__mx_digit((unsigned char)
	    j->s[j->pos]) || (j->s[j->pos] >= 'a' && j->s[j->pos] <= 'z')))
		j->pos++;
	if (!word(j, "(")) {
		j->pos = save;
		return 0;
	}
	*start = j->pos;
	*span = py_number_span(j->s + j->pos, j->len - j->pos);
	j->pos += *span;
	if (*span == 0 || !word(j, ")")) {
		j->pos = save;
		return 0;
	}
	return 1;
}

static int object(struct jscan *, int, int);
static int array(struct jscan *, int, char);

/* A number at pos; under a usable key (name != NULL) it is a metric. */
static int
number(struct jscan *j, const char *name, size_t namelen)
{
	size_t start = j->pos, span;
	double v;

	if (!(j->py && py_numpy(j, &start, &span))) {
		span = j->py ? py_number_span(j->s + start, j->len - start) :
		    json_number_span(j->s + start, j->len - start);
		j->pos += span;
	}
	if (span == 0 || hps__mx_number(j->s + start, span, &v) != 0)
		return -1;
	if (name != NULL)
		hps__pairs_num(&j->pr, name, namelen, v);
	return 0;
}

static int
literal(struct jscan *j)
{
	if (j->py)
		return word(j, "True") || word(j, "False") || word(j, "None");
	return word(j, "true") || word(j, "false") || word(j, "null");
}

static int
value(struct jscan *j, int depth, const char *name, size_t namelen)
{
	size_t start, slen;
	int esc;
	char c;

	ws(j);
	if (j->pos == j->len)
		return -1;
	c = j->s[j->pos];
	if (c == '{')
		return object(j, depth + 1, 0);
	if (c == '[' || (j->py && c == '('))
		return array(j, depth + 1, c == '[' ? ']' : ')');
	if (c == '"' || (j->py && c == '\''))
		return string(j, &start, &slen, &esc);
	if (literal(j))
		return 0;
	return number(j, name, namelen);
}

/* Code point cp as UTF-8 into out (room for 4 bytes); its length. */
static size_t
utf8_put(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The four hex digits at s (escape_len checked them). */
static unsigned long
hex4(const char *s)
{
	unsigned long v = 0;
	int i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		v = v << 4 | (unsigned long)(c <= '9' ? c - '0' :
		    (c | 0x20) - 'a' + 10);
	}
	return v;
}

/*
 * The escape at s[*i] (a backslash) decoded into out; 0 when it stands
 * for nothing a name holds. JSON's \uXXXX may be a surrogate pair;
 * Python's repr escapes only quotes and backslashes in printable text.
 */
static size_t
unescape(const struct jscan *j, size_t *i, size_t end, char *out)
{
	const char *s = j->s;
	unsigned long cp, lo;
	char c = s[*i + 1];

	if (c == '"' || c == '\\' || c == '\'' || (!j->py && c == '/')) {
		*i += 2;
		*out = c;
		return 1;
	}
	if (j->py || c != 'u')
		return 0;
	cp = hex4(s + *i + 2);
	*i += 6;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return 0;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (*i + 6 > end || s[*i] != '\\' || s[*i + 1] != 'u' ||
		    (lo = hex4(s + *i + 2)) < 0xdc00 || lo > 0xdfff)
			return 0;
		*i += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	return cp == 0 ? 0 : utf8_put(cp, out);
}

/* The key's text with its escapes decoded into j->key; NULL if none. */
static const char *
key_decode(struct jscan *j, size_t start, size_t len, size_t *outlen)
{
	char *k = j->key, buf[4];
	size_t i = start, n = 0, m;

	while (i < start + len) {
		if (j->s[i] != '\\') {
			buf[0] = j->s[i++];
			m = 1;
		} else if ((m = unescape(j, &i, start + len, buf)) == 0)
			return NULL;
		if (n + m > HPS_METRIC_NAMEMAX)
			return NULL;
		memcpy(k + n, buf, m);
		n += m;
	}
	*outlen = n;
	return k;
}

/*
 * A member's key and its colon. A top-level key is a metric's name when,
 * escapes decoded, it is one (hps_metric_name_ok); others are checked and
 * skipped.
 */
static int
key(struct jscan *j, int top, const char **name, size_t *namelen)
{
	size_t start, len;
	int esc;
	char c;

	*name = NULL;
	*namelen = 0;
	ws(j);
	if (j->pos == j->len)
		return -1;
	c = j->s[j->pos];
	if ((c != '"' && !(j->py && c == '\'')) ||
	    string(j, &start, &len, &esc) != 0)
		return -1;
	if (top) {
		*namelen = len;
		*name = esc ? key_decode(j, start, len, namelen) : j->s + start;
		if (*name != NULL && !hps_metric_name_ok(*name, *namelen))
			*name = NULL;
	}
	return expect(j, ':');
}

/* A comma-separated run of items up to close (the opener is at pos). */
static int
items(struct jscan *j, int depth, int top, char close)
{
	const char *name;
	size_t namelen;

	if (depth > DEPTH_MAX)
		return -1;
	j->pos++;
	if (at(j, close)) {
		j->pos++;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (key(j, top, &name, &namelen) != 0 ||
			    value(j, depth, name, namelen) != 0)
				return -1;
		} else if (value(j, depth, NULL, 0) != 0)
			return -1;
		ws(j);
		if (j->pos == j->len)
			return -1;
		if (j->s[j->pos++] == close)
			return 0;
		if (j->s[j->pos - 1] != ',')
			return -1;
		/* Python writes (1,) and {'a': 1,} never; JSON neither. */
		if (j->py && close == ')' && at(j, ')')) {
			j->pos++;
			return 0;
		}
	}
}

static int
object(struct jscan *j, int depth, int top)
{
	return items(j, depth, top, '}');
}

static int
array(struct jscan *j, int depth, char close)
{
	return items(j, depth, 0, close);
}

/* Whether the object's first key is quoted with ' (a Python dict). */
static int
looks_python(const char *s, size_t n, size_t i)
{
	i = hps__mx_skip_blank(s, n, i + 1);
	return i < n && s[i] == '\'';
}

int
hps__metric_json(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	struct hps_metric_line *ml = &p->out;
	struct jscan j;

	j.s = t->s;
	j.len = t->len;
	j.pos = hps__mx_skip_blank(t->s, t->len, 0);
	if (j.pos == j.len || j.s[j.pos] != '{')
		return 0;
	j.py = looks_python(j.s, j.len, j.pos);
	hps__ml_reset(p, ml, j.py ? HPS_MF_PYDICT : HPS_MF_JSON, t->line);
	hps__pairs_init(&j.pr, ml);
	if (object(&j, 1, 1) != 0 || (ws(&j), j.pos != j.len))
		return 1;
	if (j.py)
		hps__metric_hf_dict(p, &j.pr);
	hps__pairs_end(p, &j.pr);
	return 1;
}
