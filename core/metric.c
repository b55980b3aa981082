/*
 * The metric-line parser: the one place where a trial's stdout is read.
 * Every line is untrusted, so it is scanned in place and strictly within
 * len, nothing is allocated, every scan is linear in the line's length, and
 * whatever is not clearly a metric is ignored rather than reported.
 *
 * A line is first reduced to what a terminal would finally show: the text
 * after its last '\r' (progress bars redraw in place), without backspaces
 * or ANSI escape sequences. Then it is read as the first form that fits:
 *
 *   {"epoch": 3, "val_acc": 0.874}   a flat JSON object; numbers only
 *   Epoch 3/20                       a Keras epoch header (no metrics)
 *   469/469 [===] - 1s 2ms/step - loss: 0.31 - val_accuracy: 0.87
 *                                    Keras fit(): " - name: value" pairs
 *   epoch=3 loss=0.31 val_acc=0.874  key=value words
 *
 * "name: value" is accepted only after Keras' " - " separator, so that log
 * lines such as "time: 12:30" do not become metrics.
 *
 * The step of a line is its own "epoch" or "step" value ("step" wins when
 * both are given: it is the finer count), else for Keras lines the last
 * "Epoch N/M" header, else the parser's counter, which numbers the lines
 * that carry metrics 1, 2, 3... so that a trainer printing one line per
 * epoch gets the same steps as one printing epoch=N.
 *
 * Each metric's name is also NUL-terminated in place (the '=', ':' or
 * closing quote after it is overwritten), so m[i].name is a C string too.
 */
#include <math.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hps/metric.h"

/*
 * Longest number token read. Printed doubles are far shorter; the bound
 * keeps the work per candidate constant, so garbage stays linear.
 */
#define NUMBER_MAX 64

/* Deepest nesting of a skipped JSON value; deeper is treated as invalid. */
#define JSON_DEPTH_MAX 32

/* Whole numbers beyond 2^53 are not exact in a double. */
#define STEP_LIMIT 9007199254740992.0

/* Where the line's own step came from; a later source overrides. */
enum step_src {
	STEP_NONE,
	STEP_EPOCH,
	STEP_STEP,
};

/* One line being read. */
struct scan {
	char *s;			/* the cleaned line */
	size_t len;
	size_t pos;			/* JSON reading position */
	long step;
	enum step_src src;
	struct hps_metric_line *out;
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_name_char(int c)
{
	return is_name_start(c) || is_digit(c) || c == '.' || c == '/' ||
	    c == '-';
}

/* Length of the metric name at the start of s[0..n), 0 if none. */
static size_t
name_span(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !is_name_start((unsigned char)s[0]))
		return 0;
	for (i = 1; i < n && is_name_char((unsigned char)s[i]); i++)
		;
	return i;
}

/* Index of the first byte at or after i in s[0..n) that is not blank. */
static size_t
skip_blank(const char *s, size_t n, size_t i)
{
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * Read all of s[0..n) as strtod reads a number (so "nan", "inf" and
 * "1e-4" pass) but refuse anything left over: "0.5abc" is not a number.
 * The copy gives strtod its NUL without reading past the caller's line.
 */
static int
number_parse(const char *s, size_t n, double *v)
{
	char buf[NUMBER_MAX + 1], *end;
	unsigned char c;

	if (n == 0 || n > NUMBER_MAX)
		return -1;
	/* strtod would skip leading white space; a token has none. */
	c = (unsigned char)s[0];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*v = strtod(buf, &end);
	return end == buf + n ? 0 : -1;
}

/* Keep a metric, or count it as dropped once the line is full. */
static void
metric_add(struct hps_metric_line *out, char *name, size_t namelen,
    double v)
{
	struct hps_metric *m;

	if (out->n == HPS_METRIC_MAX) {
		out->dropped++;
		return;
	}
	m = &out->m[out->n++];
	m->name = name;
	m->namelen = namelen;
	m->value = v;
	m->finite = isfinite(v);
	/* The byte after a name is its separator, no longer needed. */
	name[namelen] = '\0';
}

/*
 * "epoch" and "step" give the line its step and are not metrics. A value
 * that is not a whole number >= 0 is dropped, neither step nor metric.
 */
static int
step_take(struct scan *sc, const char *name, size_t namelen, double v)
{
	enum step_src src;

	if (namelen == 5 && memcmp(name, "epoch", 5) == 0)
		src = STEP_EPOCH;
	else if (namelen == 4 && memcmp(name, "step", 4) == 0)
		src = STEP_STEP;
	else
		return 0;
	if (v >= 0 && v < STEP_LIMIT && v < (double)LONG_MAX &&
	    v == floor(v) && src >= sc->src) {
		sc->src = src;
		sc->step = (long)v;
	}
	return 1;
}

/* A name and the text of its value, from the Keras or key=value form. */
static void
pair_add(struct scan *sc, char *name, size_t namelen, const char *val,
    size_t vallen)
{
	double v;

	if (namelen > HPS_METRIC_NAMEMAX ||
	    number_parse(val, vallen, &v) != 0)
		return;
	if (!step_take(sc, name, namelen, v))
		metric_add(sc->out, name, namelen, v);
}

/*
 * Index just past the escape sequence whose ESC is at s[i]. CSI sequences
 * (ESC '[' parameters intermediates final, as in Keras 3's "\x1b[1m") are
 * dropped whole; for any other ESC only the byte after it goes too.
 */
static size_t
escape_skip(const char *s, size_t n, size_t i)
{
	if (++i == n)
		return i;
	if (s[i] != '[')
		return s[i] >= 0x20 && s[i] <= 0x7e ? i + 1 : i;
	for (i++; i < n && s[i] >= 0x30 && s[i] <= 0x3f; i++)
		;
	for (; i < n && s[i] >= 0x20 && s[i] <= 0x2f; i++)
		;
	if (i < n && s[i] >= 0x40 && s[i] <= 0x7e)
		i++;
	return i;
}

/*
 * Reduce the line to what a terminal would finally show. Progress bars
 * redraw with backspaces and '\r', so only the text after the last '\r'
 * is current; '\r' at the very end is a CRLF line end, not a redraw.
 * Works in place and returns the start; *len becomes the new length.
 */
static char *
line_clean(char *line, size_t *len)
{
	size_t n = *len, start, r, w;
	char *s;

	while (n > 0 && line[n - 1] == '\r')
		n--;
	for (start = n; start > 0 && line[start - 1] != '\r'; start--)
		;
	s = line + start;
	n -= start;
	for (r = w = 0; r < n;) {
		if (s[r] == '\b')
			r++;
		else if (s[r] == '\033')
			r = escape_skip(s, n, r);
		else
			s[w++] = s[r++];
	}
	*len = w;
	return s;
}

static void
json_ws(struct scan *sc)
{
	while (sc->pos < sc->len && (sc->s[sc->pos] == ' ' ||
	    sc->s[sc->pos] == '\t' || sc->s[sc->pos] == '\n' ||
	    sc->s[sc->pos] == '\r'))
		sc->pos++;
}

/* Consume c (after white space), or fail. */
static int
json_expect(struct scan *sc, char c)
{
	json_ws(sc);
	if (sc->pos == sc->len || sc->s[sc->pos] != c)
		return -1;
	sc->pos++;
	return 0;
}

static int
json_literal(struct scan *sc, const char *word)
{
	size_t n = strlen(word);

	if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n) != 0)
		return -1;
	sc->pos += n;
	return 0;
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Length of the valid escape after the backslash at s[i], 0 if invalid. */
static size_t
json_escape_len(const char *s, size_t n, size_t i)
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
 * Read the string whose opening quote is at pos. On success *start and
 * *slen give its raw contents and *esc says whether it had escapes.
 * Unescaped control characters are invalid, as JSON says; other bytes,
 * UTF-8 or not, are taken as they are.
 */
static int
json_string(struct scan *sc, size_t *start, size_t *slen, int *esc)
{
	size_t i, k;

	*esc = 0;
	for (i = sc->pos + 1; i < sc->len; i++) {
		if (sc->s[i] == '"') {
			*start = sc->pos + 1;
			*slen = i - *start;
			sc->pos = i + 1;
			return 0;
		}
		if ((unsigned char)sc->s[i] < 0x20)
			return -1;
		if (sc->s[i] == '\\') {
			if ((k = json_escape_len(sc->s, sc->len, i)) == 0)
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
	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * Length of the JSON number at the start of s[0..n), 0 if there is none.
 * Python's json.dumps also writes NaN, Infinity and -Infinity, so they
 * are numbers here too.
 */
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
	if (i == n || !is_digit((unsigned char)s[i]))
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

static int json_object(struct scan *, int, int);
static int json_array(struct scan *, int);

/*
 * Read one value. A number under a usable top-level key (name != NULL)
 * becomes a metric; everything else is checked and skipped.
 */
static int
json_value(struct scan *sc, int depth, char *name, size_t namelen)
{
	size_t start, slen, span;
	int esc;

	json_ws(sc);
	if (sc->pos == sc->len)
		return -1;
	switch (sc->s[sc->pos]) {
	case '{':
		return json_object(sc, depth + 1, 0);
	case '[':
		return json_array(sc, depth + 1);
	case '"':
		return json_string(sc, &start, &slen, &esc);
	case 't':
		return json_literal(sc, "true");
	case 'f':
		return json_literal(sc, "false");
	case 'n':
		return json_literal(sc, "null");
	}
	span = json_number_span(sc->s + sc->pos, sc->len - sc->pos);
	if (span == 0)
		return -1;
	if (name != NULL)
		pair_add(sc, name, namelen, sc->s + sc->pos, span);
	sc->pos += span;
	return 0;
}

/*
 * Read the key of a member and its colon. Keys are not unescaped: a key
 * with an escape is skipped (*name stays NULL), which loses nothing real,
 * as a valid metric name is plain ASCII that needs no escaping.
 */
static int
json_key(struct scan *sc, int top, char **name, size_t *namelen)
{
	size_t start;
	int esc;

	*name = NULL;
	json_ws(sc);
	if (sc->pos == sc->len || sc->s[sc->pos] != '"' ||
	    json_string(sc, &start, namelen, &esc) != 0)
		return -1;
	if (top && !esc && *namelen <= HPS_METRIC_NAMEMAX &&
	    name_span(sc->s + start, *namelen) == *namelen && *namelen > 0)
		*name = sc->s + start;
	return json_expect(sc, ':');
}

/* Read the object whose '{' is at pos; top is the line's own object. */
static int
json_object(struct scan *sc, int depth, int top)
{
	size_t namelen;
	char *name;

	if (depth > JSON_DEPTH_MAX)
		return -1;
	sc->pos++;
	json_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		if (json_key(sc, top, &name, &namelen) != 0 ||
		    json_value(sc, depth, name, namelen) != 0)
			return -1;
		json_ws(sc);
		if (sc->pos == sc->len)
			return -1;
		if (sc->s[sc->pos++] == '}')
			return 0;
		if (sc->s[sc->pos - 1] != ',')
			return -1;
	}
}

/* Read (and skip) the array whose '[' is at pos. */
static int
json_array(struct scan *sc, int depth)
{
	if (depth > JSON_DEPTH_MAX)
		return -1;
	sc->pos++;
	json_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		if (json_value(sc, depth, NULL, 0) != 0)
			return -1;
		json_ws(sc);
		if (sc->pos == sc->len)
			return -1;
		if (sc->s[sc->pos++] == ']')
			return 0;
		if (sc->s[sc->pos - 1] != ',')
			return -1;
	}
}

/*
 * A line that starts with '{' is one JSON object or nothing: if it turns
 * out invalid, whatever was read from it is forgotten.
 */
static void
json_parse(struct scan *sc)
{
	if (json_object(sc, 1, 1) == 0) {
		json_ws(sc);
		if (sc->pos == sc->len)
			return;
	}
	sc->out->n = 0;
	sc->out->dropped = 0;
	sc->src = STEP_NONE;
}

/* Read a run of at most 18 digits at s[*i] (no overflow); -1 if none. */
static long
digits_value(const char *s, size_t n, size_t *i)
{
	long v = 0;
	size_t start = *i;

	while (*i < n && is_digit((unsigned char)s[*i])) {
		if (*i - start == 18)
			return -1;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	return *i == start ? -1 : v;
}

/* "Epoch 3/20": Keras prints it before each epoch when there are several. */
static int
keras_epoch_parse(const char *s, size_t n, long *epoch)
{
	size_t i;
	long e;

	i = skip_blank(s, n, 0);
	if (n - i < 6 || memcmp(s + i, "Epoch", 5) != 0 ||
	    !is_blank((unsigned char)s[i + 5]))
		return -1;
	i = skip_blank(s, n, i + 5);
	if ((e = digits_value(s, n, &i)) <= 0 || i == n || s[i] != '/')
		return -1;
	i++;
	if (digits_value(s, n, &i) < 0 || skip_blank(s, n, i) != n)
		return -1;
	*epoch = e;
	return 0;
}

/*
 * Try the Keras pair whose name would start at s[i], just after " - ".
 * Returns where to go on looking: past the name (names hold no spaces, so
 * no " - " starts inside one) and its colon, but not past the value, as
 * in " - y: - z: 2" the next pair starts there. A value is scanned at most
 * NUMBER_MAX + 1 bytes, so a line of garbage stays linear.
 */
static size_t
keras_pair(struct scan *sc, size_t i)
{
	size_t namelen, v, vlen;

	namelen = name_span(sc->s + i, sc->len - i);
	if (namelen == 0 || i + namelen == sc->len || sc->s[i + namelen] != ':')
		return i + namelen;
	v = i + namelen + 1;
	if (v == sc->len || !is_blank((unsigned char)sc->s[v]))
		return v;
	v = skip_blank(sc->s, sc->len, v);
	for (vlen = 0; v + vlen < sc->len && vlen <= NUMBER_MAX &&
	    !is_blank((unsigned char)sc->s[v + vlen]); vlen++)
		;
	pair_add(sc, sc->s + i, namelen, sc->s + v, vlen);
	return i + namelen + 1;
}

/*
 * Keras fit() output: " - name: value" pairs after the bar. The bar and
 * timing parts ("[====] - 1s 2ms/step", "- ETA: 0s") have no such pair.
 */
static void
keras_parse(struct scan *sc)
{
	size_t i = 0;

	while (i + 3 <= sc->len) {
		if (memcmp(sc->s + i, " - ", 3) != 0)
			i++;
		else
			i = keras_pair(sc, i + 3);
	}
}

/* Whether s[0..n) holds " ETA:" (Keras 2 still counting down). */
static int
keras_has_eta(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 5 <= n; i++) {
		if (memcmp(s + i, " ETA:", 5) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether a Keras line is a redraw inside an epoch rather than its final
 * line: the bar counts fewer steps than its target ("  12/469 [", or
 * "    120/Unknown" in a first epoch of unknown length), or an ETA is still
 * shown. Only a pipe without dynamic display gives these their own lines.
 */
static int
keras_partial(const char *s, size_t n)
{
	size_t i;
	long cur, target;

	i = skip_blank(s, n, 0);
	if ((cur = digits_value(s, n, &i)) >= 0 && i < n && s[i] == '/') {
		i++;
		if (n - i >= 7 && memcmp(s + i, "Unknown", 7) == 0)
			return 1;
		if ((target = digits_value(s, n, &i)) >= 0 && cur < target)
			return 1;
	}
	return keras_has_eta(s, n);
}

/* key=value words; words of any other shape are ignored. */
static void
kv_word(struct scan *sc, size_t i, size_t end)
{
	size_t namelen, v;

	namelen = name_span(sc->s + i, end - i);
	if (namelen == 0 || i + namelen == end || sc->s[i + namelen] != '=')
		return;
	v = i + namelen + 1;
	/* One trailing comma, as print(f"loss={l}, acc={a}") writes. */
	if (end > v && sc->s[end - 1] == ',')
		end--;
	pair_add(sc, sc->s + i, namelen, sc->s + v, end - v);
}

static void
kv_parse(struct scan *sc)
{
	size_t i = 0, end;

	while ((i = skip_blank(sc->s, sc->len, i)) < sc->len) {
		for (end = i; end < sc->len &&
		    !is_blank((unsigned char)sc->s[end]); end++)
			;
		kv_word(sc, i, end);
		i = end;
	}
}

/*
 * The step of a line that has metrics. Keras redraws inside an epoch, met
 * before any "Epoch" header (a single-epoch fit), share the step that the
 * epoch's final line will take, so they do not use up counter values.
 */
static long
step_of(struct hps_metric_parser *p, const struct scan *sc, int keras)
{
	if (sc->src != STEP_NONE)
		return sc->step;
	if (keras && p->keras_epoch > 0)
		return p->keras_epoch;
	if (keras && keras_partial(sc->s, sc->len))
		return p->counter + 1;
	return ++p->counter;
}

void
hps_metric_parser_init(struct hps_metric_parser *p)
{
	p->counter = 0;
	p->keras_epoch = 0;
}

size_t
hps_metric_parse(struct hps_metric_parser *p, char *line, size_t len,
    struct hps_metric_line *out)
{
	struct scan sc;
	long epoch;
	int keras = 0;

	out->step = 0;
	out->n = 0;
	out->dropped = 0;
	memset(&sc, 0, sizeof sc);
	sc.s = line_clean(line, &len);
	sc.len = len;
	sc.out = out;
	sc.pos = skip_blank(sc.s, sc.len, 0);
	if (sc.pos < sc.len && sc.s[sc.pos] == '{')
		json_parse(&sc);
	else if (keras_epoch_parse(sc.s, sc.len, &epoch) == 0) {
		p->keras_epoch = epoch;
		return 0;
	} else {
		keras_parse(&sc);
		keras = out->n > 0;
		if (!keras) {
			/* A Keras " - epoch: 3" alone does not count here. */
			sc.src = STEP_NONE;
			kv_parse(&sc);
		}
	}
	if (out->n == 0)
		return 0;
	out->step = step_of(p, &sc, keras);
	return out->n;
}

int
hps_metric_is_test(const char *name)
{
	return name != NULL && strncmp(name, "test_", 5) == 0;
}
