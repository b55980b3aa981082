/*
 * A parameter value: a number, an integer, a boolean or a string, a list
 * or mapping (W&B's values: [[128, 128], {a: 1}]) that the search treats
 * as one opaque choice, or none at all for a parameter that does not
 * apply to a trial (its when: condition fails, or it is an element of a
 * per: list past the list's length). Values are what a search strategy
 * proposes and what a trial receives; an inactive parameter reaches no
 * trial and is stored as NULL.
 */
#ifndef HPS_VALUE_H
#define HPS_VALUE_H

#include <jansson.h>
#include <stddef.h>

enum hps_vkind {
	HPS_V_FLOAT,
	HPS_V_INT,
	HPS_V_BOOL,
	HPS_V_STR,
	HPS_V_NONE,	/* inactive: the parameter does not apply */
	HPS_V_JSON,	/* a list or mapping: its JSON text in str */
};

struct hps_value {
	enum hps_vkind kind;
	double num;	/* FLOAT, INT (exact up to 2^53) and BOOL (0 or 1) */
	char *str;	/* STR and JSON; owned by whoever owns the value */
};

/* Whether v holds its content in str (a string, a list or mapping). */
int hps_value_has_str(const struct hps_value *v);

/*
 * A list or mapping as a JSON value: its text as Python's json.dumps
 * writes it ([128, 128], {"a": 1.0}; UTF-8 kept as it is), the one text
 * it has everywhere (the store, {name}, hps trials). HPS_ENOMEM, or
 * HPS_EINVAL for a scalar.
 */
int hps_value_from_json(struct hps_value *out, json_t *j);

/*
 * Text of a value as a trial sees it: integers without a decimal point,
 * floats in the shortest form that reads back to the same double,
 * booleans as "true"/"false", a list or mapping as its JSON text, an
 * inactive value as "". Returns the length snprintf would write.
 */
int hps_value_format(const struct hps_value *v, char *buf, size_t len);

/* Deep copy (dst->str is strdup'ed); HPS_ENOMEM on failure. */
int hps_value_copy(struct hps_value *dst, const struct hps_value *src);
/* Free v->str; v itself belongs to the caller. */
void hps_value_clear(struct hps_value *v);
/* Equal kind and equal content. */
int hps_value_eq(const struct hps_value *a, const struct hps_value *b);

/* Equal arrays of n values. */
int hps_values_eq(const struct hps_value *a, const struct hps_value *b,
    size_t n);
/* The value as JSON of its kind (integer, real, boolean, string, the
 * list or mapping itself; null for an inactive one). */
json_t *hps_value_json(const struct hps_value *v);

/* Free an array of n values and their strings; NULL is fine. */
void hps_values_free(struct hps_value *v, size_t n);

#endif
