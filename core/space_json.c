/*
 * A list or mapping as a parameter's value (values: [[128, 128], {a: 1}],
 * value: [mlm]): the YAML node becomes one JSON value whose scalars are
 * read as any other value is (hps__space_yaml_value), null allowed
 * inside. The search treats such a value as one opaque choice.
 */
#include <jansson.h>

#include "hps/error.h"
#include "space_int.h"

static json_t *node_json(struct hps__pctx *, const struct hps__ynode *,
    const char *, int *);

static json_t *
scalar_json(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, int *rc)
{
	struct hps_value v;
	const char *why = NULL;
	json_t *j;

	if (hps__space_yaml_isnull(n))
		return json_null();
	if ((*rc = hps__space_yaml_value(n, &v, &why)) != 0) {
		if (*rc == 1)
			*rc = hps__space_node_err(c, n, "%s: %s", what, why);
		return NULL;
	}
	j = v.kind == HPS_V_STR ? json_string(v.str) : hps_value_json(&v);
	hps_value_clear(&v);
	if (j == NULL)
		*rc = HPS_ENOMEM;
	return j;
}

/* The items of a list, or the members of a mapping, into j. */
static int
kids_json(struct hps__pctx *c, const struct hps__ynode *n, const char *what,
    json_t *j)
{
	size_t i, step = n->type == HPS__Y_MAP ? 2 : 1;
	json_t *kid;
	int rc = 0;

	for (i = 0; i < n->nkids; i += step) {
		if ((kid = node_json(c, n->kids[i + step - 1], what, &rc)) ==
		    NULL)
			return rc;
		if ((n->type == HPS__Y_MAP ? json_object_set_new(j,
		    n->kids[i]->text, kid) : json_array_append_new(j, kid)) != 0)
			return HPS_ENOMEM;
	}
	return 0;
}

static json_t *
node_json(struct hps__pctx *c, const struct hps__ynode *n, const char *what,
    int *rc)
{
	json_t *j;

	if (n->type == HPS__Y_SCALAR)
		return scalar_json(c, n, what, rc);
	if ((j = n->type == HPS__Y_MAP ? json_object() : json_array()) == NULL)
		*rc = HPS_ENOMEM;
	else if ((*rc = kids_json(c, n, what, j)) != 0) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

int
hps__space_node_item(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, struct hps_value *out)
{
	json_t *j;
	int rc = 0;

	if (n->type == HPS__Y_SCALAR)
		return hps__space_node_value(c, n, what, out);
	if ((j = node_json(c, n, what, &rc)) == NULL)
		return rc;
	rc = hps_value_from_json(out, j);
	json_decref(j);
	return rc;
}
