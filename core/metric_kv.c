/*
 * The two free-text forms: key=value words (epoch=3 loss=0.31 val_acc=0.8,
 * as print(f"...") writes them, a trailing comma allowed) and " - name:
 * value" pairs on a line that is not a Keras bar (a script imitating
 * Keras, a logging format). "name: value" without the " - " is never
 * read, so that log lines such as "time: 12:30" do not become metrics;
 * words whose value is not a number are not metrics either. A name given
 * twice makes the line doubtful.
 *
 * A line that starts like a Python object's repr, TrainOutput(...) or
 * argparse's Namespace(lr=0.1, ...), holds settings or results of a call,
 * not an epoch's metrics: it is not read.
 */
#include <string.h>

#include "metric_int.h"

/* One key=value word; words of any other shape are ignored. */
static void
kv_word(struct hps__pairs *pr, const char *s, size_t i, size_t end)
{
	size_t namelen, v;
	double x;

	namelen = hps__mx_name_span(s + i, end - i);
	if (namelen == 0 || i + namelen == end || s[i + namelen] != '=')
		return;
	v = i + namelen + 1;
	if (end > v && s[end - 1] == ',')
		end--;
	if (namelen <= HPS_METRIC_NAMEMAX &&
	    hps__mx_number(s + v, end - v, &x) == 0)
		hps__pairs_num(pr, s + i, namelen, x);
}

/* Name( at the start: a Python object's repr. */
static int
is_repr(const char *s, size_t n)
{
	size_t i = hps__mx_skip_blank(s, n, 0), k;

	k = hps__mx_name_span(s + i, n - i);
	return k > 0 && i + k < n && s[i + k] == '(';
}

int
hps__metric_kv(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	struct hps_metric_line *ml = &p->out;
	struct hps__pairs pr;
	size_t i = 0, end;

	if (is_repr(t->s, t->len))
		return 0;
	hps__ml_reset(p, ml, HPS_MF_KV, t->line);
	hps__pairs_init(&pr, ml);
	while ((i = hps__mx_skip_blank(t->s, t->len, i)) < t->len) {
		for (end = i; end < t->len &&
		    !hps__mx_blank((unsigned char)t->s[end]); end++)
			;
		kv_word(&pr, t->s, i, end);
		i = end;
	}
	return hps__pairs_end(p, &pr);
}

/*
 * The pair whose name would start at s[i], just after " - ". Returns
 * where to go on looking: past the name and its colon but not past the
 * value, as in " - y: - z: 2" the next pair starts there. A value is
 * scanned at most 65 bytes, so a line of garbage stays linear.
 */
static size_t
dash_pair(struct hps__pairs *pr, const char *s, size_t n, size_t i)
{
	size_t namelen, v, vlen;
	double x;

	namelen = hps__mx_name_span(s + i, n - i);
	if (namelen == 0 || i + namelen == n || s[i + namelen] != ':')
		return i + namelen;
	v = i + namelen + 1;
	if (v == n || !hps__mx_blank((unsigned char)s[v]))
		return v;
	v = hps__mx_skip_blank(s, n, v);
	for (vlen = 0; v + vlen < n && vlen <= 64 &&
	    !hps__mx_blank((unsigned char)s[v + vlen]); vlen++)
		;
	if (namelen <= HPS_METRIC_NAMEMAX &&
	    hps__mx_number(s + v, vlen, &x) == 0)
		hps__pairs_num(pr, s + i, namelen, x);
	return i + namelen + 1;
}

int
hps__metric_dash(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	struct hps_metric_line *ml = &p->out;
	struct hps__pairs pr;
	size_t i = 0;

	hps__ml_reset(p, ml, HPS_MF_DASH, t->line);
	hps__pairs_init(&pr, ml);
	while ((i = hps__mx_dash(t->s, t->len, i)) < t->len)
		i = dash_pair(&pr, t->s, t->len, i + 3);
	return hps__pairs_end(p, &pr);
}
