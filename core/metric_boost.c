/*
 * The gradient-boosting libraries' evaluation lines, one per round:
 *
 *   [10]\tvalidation_0-logloss:0.12340\tvalidation_1-error:0.05000
 *                                     XGBoost (EvaluationMonitor; xgb.cv
 *                                     adds "+std" to each value)
 *   [10]\ttraining's l2: 0.1\tvalid_1's l2: 0.2
 *                                     LightGBM (log_evaluation; lgb.cv
 *                                     adds " + std", and before 4.6 names
 *                                     its data "cv_agg's valid l2")
 *
 * The step is the round as printed. XGBoost's names are kept as they are;
 * LightGBM's "data's metric" becomes "data-metric" (valid_0-l2), with
 * "cv_agg" left out and blanks in the metric as '-', so that both cv
 * forms give valid-l2. A cross-validation value is its mean. Every item
 * of the line must read, or none of it counts.
 */
#include <string.h>

#include "metric_int.h"

/* The value text (mean, or "mean+std"/"mean + std") as its mean. */
static int
mean_value(const char *s, size_t n, double *v)
{
	const char *plus;
	size_t i;

	for (i = 1; i < n; i++) {
		plus = s + i;
		if (*plus == '+' && plus[-1] != 'e' && plus[-1] != 'E')
			break;
	}
	while (i > 0 && hps__mx_blank((unsigned char)s[i - 1]))
		i--;
	return hps__mx_number(s, i < n ? i : n, v);
}

/* "data-metric" from LightGBM's "data's metric"; 0 when too long. */
static size_t
lgb_name(const char *s, size_t n, char *out)
{
	const char *apos = memchr(s, '\'', n);
	size_t dlen = (size_t)(apos - s), w = 0, i;

	if (!(dlen == 6 && memcmp(s, "cv_agg", 6) == 0)) {
		if (dlen + 1 > HPS_METRIC_NAMEMAX)
			return 0;
		memcpy(out, s, dlen);
		out[dlen] = '-';
		w = dlen + 1;
	}
	for (i = dlen + 3; i < n; i++) {
		if (w == HPS_METRIC_NAMEMAX)
			return 0;
		out[w++] = s[i] == ' ' ? '-' : s[i];
	}
	return w;
}

/* One tab-separated item; -1 when it does not read. */
static int
item(struct hps_metric_line *ml, const char *s, size_t n, int lgb)
{
	char name[HPS_METRIC_NAMEMAX + 1];
	const char *colon = lgb ? NULL : memchr(s, ':', n);
	const char *apos = memchr(s, '\'', n);
	size_t namelen, v;
	double x;

	if (lgb) {
		for (v = 0; v + 1 < n && !(s[v] == ':' && s[v + 1] == ' '); v++)
			;
		if (apos == NULL || v + 1 >= n || !hps__mx_prefix(apos,
		    (size_t)(s + n - apos), "'s ") ||
		    (namelen = lgb_name(s, v, name)) == 0)
			return -1;
		v += 2;
	} else {
		if (colon == NULL || (size_t)(colon - s) > HPS_METRIC_NAMEMAX)
			return -1;
		namelen = (size_t)(colon - s);
		memcpy(name, s, namelen);
		v = namelen + 1;
	}
	if (hps__mx_name_span(name, namelen) != namelen ||
	    mean_value(s + v, n - v, &x) != 0)
		return -1;
	return hps__ml_add(ml, "", name, namelen, x) == 0 ? 0 : -1;
}

int
hps__metric_boost(struct hps_metric_parser *p, const struct hps__mtext *t)
{
	struct hps_metric_line *ml = &p->out;
	const char *s = t->s, *tab;
	size_t n = t->len, i = 1, end;
	long round;
	int lgb;

	if (n < 4 || s[0] != '[' || (round = hps__mx_digits(s, n, &i)) < 0 ||
	    !hps__mx_prefix(s + i, n - i, "]\t"))
		return 0;
	i += 2;
	lgb = memchr(s + i, '\'', n - i) != NULL;
	hps__ml_reset(p, ml, lgb ? HPS_MF_LIGHTGBM : HPS_MF_XGBOOST, t->line);
	for (; i < n; i = end + 1) {
		tab = memchr(s + i, '\t', n - i);
		end = tab ? (size_t)(tab - s) : n;
		while (end > i && hps__mx_blank((unsigned char)s[end - 1]) &&
		    tab == NULL)
			end--;
		if (item(ml, s + i, end - i, lgb) != 0) {
			hps__mp_doubt(p, t->line, ml->form, "an item of a"
			    " boosting round's line does not read");
			return 1;
		}
		if (tab == NULL)
			break;
	}
	ml->step = (double)round;
	hps__mp_emit(p, ml, 1);
	return 1;
}
