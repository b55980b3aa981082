/*
 * A trial's view of its values: what the command line, the environment,
 * params.json and hps watch show. A per: list shows as one parameter under
 * its own name, its active elements joined (512,256) or as a JSON array,
 * at the place of its first element; an inactive parameter does not show
 * at all.
 */
#include <stdio.h>
#include <string.h>

#include "hps/space.h"

const char *
hps_space_view_name(const struct hps_space *sp, size_t i)
{
	const struct hps_param *p = &sp->params[i];

	if (p->elem == 0)
		return p->name;
	return p->elem == 1 ? sp->lists[p->list].name : NULL;
}

int
hps_space_view_find(const struct hps_space *sp, const char *name,
    size_t len)
{
	const char *n;
	size_t i;

	for (i = 0; i < sp->nparams; i++) {
		n = hps_space_view_name(sp, i);
		if (n != NULL && strlen(n) == len && memcmp(n, name, len) == 0)
			return (int)i;
	}
	return -1;
}

/* The active elements of the list element i belongs to: a list's active
 * elements are a prefix (element k applies while the count is at least
 * k), from l->first on. */
static size_t
list_active(const struct hps_space *sp, const struct hps_value *vals,
    size_t i, size_t *first)
{
	const struct hps_plist *l = &sp->lists[sp->params[i].list];
	size_t n = 0;

	while (n < l->n && vals[l->first + n].kind != HPS_V_NONE)
		n++;
	*first = l->first;
	return n;
}

int
hps_space_view_text(const struct hps_space *sp, const struct hps_value *vals,
    size_t i, char *buf, size_t len)
{
	size_t k, n, first, used = 0;
	int w;

	if (sp->params[i].elem == 0)
		return hps_value_format(&vals[i], buf, len);
	if (len > 0)
		buf[0] = '\0';
	n = list_active(sp, vals, i, &first);
	for (k = 0; k < n; k++) {
		if (k > 0 && used + 1 < len) {
			buf[used] = ',';
			buf[used + 1] = '\0';
		}
		used += k > 0;
		w = hps_value_format(&vals[first + k], used < len ? buf + used :
		    NULL, used < len ? len - used : 0);
		used += w > 0 ? (size_t)w : 0;
	}
	return (int)used;
}

json_t *
hps_space_view_json(const struct hps_space *sp, const struct hps_value *vals,
    size_t i)
{
	json_t *a;
	size_t k, n, first;

	if (sp->params[i].elem == 0)
		return hps_value_json(&vals[i]);
	a = json_array();
	n = list_active(sp, vals, i, &first);
	for (k = 0; a != NULL && k < n; k++)
		json_array_append_new(a, hps_value_json(&vals[first + k]));
	return a;
}

json_t *
hps_space_params_json(const struct hps_space *sp,
    const struct hps_value *vals)
{
	json_t *obj = json_object();
	const char *name;
	size_t i;

	for (i = 0; obj != NULL && i < sp->nparams; i++) {
		name = hps_space_view_name(sp, i);
		if (name != NULL && vals[i].kind != HPS_V_NONE)
			json_object_set_new(obj, name,
			    hps_space_view_json(sp, vals, i));
	}
	return obj;
}

char *
hps_space_params_text(const struct hps_space *sp,
    const struct hps_value *vals)
{
	json_t *o = hps_space_params_json(sp, vals);
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(17)) : NULL;

	json_decref(o);
	return text;
}
