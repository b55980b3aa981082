/*
 * The structure of a search space: which parameters apply to which trials.
 *
 * when: {p: v} or {p: [v1, v2]} makes a parameter apply only while every
 * parameter it names is active and has one of those values; per: P makes
 * it a list with one parameter per element, element i applying while P is
 * at least i. Both become conditions (struct hps_cond) on plain
 * parameters, so that everything past the parser (searches, the store,
 * the command line) sees one kind of thing: a parameter that applies to a
 * point or does not. Activity is decided here alone, walking sp->order,
 * which puts every parent before its children.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "space_int.h"

/* Elements of one per: list at most: a count beyond it is no layer
 * count, and each element is a dimension of every search. */
#define PER_MAX 64

size_t
hps_space_at(const struct hps_space *sp, size_t k)
{
	return sp->order != NULL ? sp->order[k] : k;
}

static int
cond_holds(const struct hps_cond *c, const struct hps_value *vals)
{
	const struct hps_value *v = &vals[c->parent];
	size_t j;

	if (v->kind == HPS_V_NONE)
		return 0;
	if (c->values == NULL)
		return v->num >= (double)c->atleast;
	for (j = 0; j < c->nvalues; j++)
		if (hps_value_eq(v, &c->values[j]))
			return 1;
	return 0;
}

int
hps_space_active(const struct hps_space *sp, const struct hps_value *vals,
    size_t i)
{
	const struct hps_param *p = &sp->params[i];
	size_t k;

	for (k = 0; k < p->nconds; k++)
		if (!cond_holds(&p->conds[k], vals))
			return 0;
	return 1;
}

void
hps_space_deactivate(const struct hps_space *sp, struct hps_value *vals)
{
	size_t k, i;

	if (!sp->conditional)
		return;
	for (k = 0; k < sp->nparams; k++) {
		i = hps_space_at(sp, k);
		if (vals[i].kind == HPS_V_NONE || hps_space_active(sp, vals, i))
			continue;
		hps_value_clear(&vals[i]);
		vals[i] = (struct hps_value){HPS_V_NONE, 0, NULL};
	}
}

int
hps_space_valid(const struct hps_space *sp, const struct hps_value *vals)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (hps_space_active(sp, vals, i) !=
		    (vals[i].kind != HPS_V_NONE))
			return 0;
	return hps_space_feasible(sp, vals);
}

/* ---- building the structure from the declarations ---- */

void
hps__space_pdecl_free(struct hps__pdecl *d, size_t n)
{
	size_t i;

	for (i = 0; d != NULL && i < n; i++)
		hps__space_param_free(&d[i].p);
	free(d);
}

/*
 * What expanding the declarations needs: their names (which the
 * parameters keep as they move out of them), the first parameter of
 * each, its per: count and length (n[k] = 0: not a list), and per
 * parameter the node a message about its conditions points at.
 */
struct shape {
	const char **names;
	size_t *first;
	size_t *count, *n;
	const struct hps__ynode **when;
};

static int
decl_find(const struct shape *sh, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(sh->names[i], name) == 0)
			return (int)i;
	return -1;
}

/* The "did you mean" of an unknown name among the declarations. */
static int
unknown_name(struct hps__pctx *c, const struct hps__ynode *at,
    const char *what, const char *name, const struct shape *sh, size_t n)
{
	const char *near;

	near = hps__space_node_suggest(name, strlen(name), sh->names, n);
	return hps__space_node_err(c, at, "%s names '%.64s', which is not a "
	    "parameter%s%s%s", what, name, near ? "; did you mean '" : "",
	    near ? near : "", near ? "'?" : "");
}

/* The largest value of a count parameter, or 0 when its values are not
 * all integers of 1 or more. */
static long
count_max(const struct hps_param *p)
{
	double top = 0;
	size_t i;

	if (p->type == HPS_P_INT)
		return p->min >= 1 ? (long)p->max : 0;
	if (p->type == HPS_P_FLOAT)
		return 0;
	for (i = 0; i < p->nvalues; i++) {
		if (p->values[i].kind != HPS_V_INT || p->values[i].num < 1)
			return 0;
		top = p->values[i].num > top ? p->values[i].num : top;
	}
	return (long)top;
}

/* per: NAME of declaration k: the count's declaration and its largest
 * value into *count and *n. */
static int
per_count(struct hps__pctx *c, const struct hps__pdecl *d, size_t nd,
    const struct shape *sh, size_t k, size_t *count, size_t *n)
{
	const struct hps__ynode *per = d[k].per;
	const char *name = d[k].p.name;
	long top;
	int j;

	if (per->type != HPS__Y_SCALAR || hps__space_yaml_isnull(per))
		return hps__space_node_err(c, per, "per: takes the name of an "
		    "int parameter, like per: layers");
	if ((j = decl_find(sh, nd, per->text)) < 0)
		return unknown_name(c, per, "per:", per->text, sh, nd);
	if ((size_t)j == k || d[j].per != NULL)
		return hps__space_node_err(c, per, "per: %.64s: a list's length "
		    "must be a parameter of its own, not %s", per->text,
		    (size_t)j == k ? "itself" : "another per: list");
	if ((top = count_max(&d[j].p)) < 1)
		return hps__space_node_err(c, per, "per: %.64s needs %.64s to be "
		    "an int parameter whose values are 1 or more (the number "
		    "of elements of %.64s)", per->text, per->text, name);
	if (top > PER_MAX)
		return hps__space_node_err(c, per, "per: %.64s can reach %ld; a "
		    "list has at most %d elements", per->text, top, PER_MAX);
	*count = (size_t)j;
	*n = (size_t)top;
	return 0;
}

/* A deep copy of a parameter's spec under another name, no conditions. */
static int
param_copy(struct hps_param *dst, const struct hps_param *src,
    const char *name)
{
	size_t i;

	*dst = *src;
	dst->conds = NULL;
	dst->nconds = 0;
	dst->values = NULL;
	if ((dst->name = strdup(name)) == NULL)
		return HPS_ENOMEM;
	if (src->nvalues == 0)
		return 0;
	if ((dst->values = calloc(src->nvalues, sizeof *dst->values)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < src->nvalues; i++)
		if (hps_value_copy(&dst->values[i], &src->values[i]) != 0)
			return HPS_ENOMEM;
	return 0;
}

static int
add_cond(struct hps_param *p, size_t parent, const struct hps_value *vals,
    size_t nvals, long atleast)
{
	struct hps_cond *c;
	size_t i;

	if ((c = realloc(p->conds, (p->nconds + 1) * sizeof *c)) == NULL)
		return HPS_ENOMEM;
	p->conds = c;
	c = &c[p->nconds++];
	*c = (struct hps_cond){parent, NULL, 0, atleast};
	if (vals == NULL)
		return 0;
	if ((c->values = calloc(nvals, sizeof *c->values)) == NULL)
		return HPS_ENOMEM;
	c->nvalues = nvals;
	for (i = 0; i < nvals; i++)
		if (hps_value_copy(&c->values[i], &vals[i]) != 0)
			return HPS_ENOMEM;
	return 0;
}

/* Declaration k's parameters: itself, or its elements name[1..n]. */
static int
expand(struct hps__pctx *c, struct hps__pdecl *d, size_t k,
    const struct shape *sh)
{
	struct hps_space *sp = c->sp;
	struct hps_param *p = &sp->params[sh->first[k]];
	char name[96];
	size_t i;
	int rc;

	if (sh->n[k] == 0) {
		*p = d[k].p;
		memset(&d[k].p, 0, sizeof d[k].p);
		return 0;
	}
	sp->lists[sp->nlists] = (struct hps_plist){NULL, sh->first[k],
	    sh->n[k], 0};
	if ((sp->lists[sp->nlists].name = strdup(d[k].p.name)) == NULL)
		return HPS_ENOMEM;
	for (i = 0; i < sh->n[k]; i++) {
		snprintf(name, sizeof name, "%s[%zu]", d[k].p.name, i + 1);
		if ((rc = param_copy(&p[i], &d[k].p, name)) != 0)
			return rc;
		p[i].elem = i + 1;
		p[i].list = sp->nlists;
	}
	sp->nlists++;
	return 0;
}

/* The text of a value as a trial sees it, for comparing what a when:
 * lists with a parent's values. */
static void
value_text(const struct hps_value *v, char *buf, size_t len)
{
	if (v->kind == HPS_V_STR)
		snprintf(buf, len, "%s", v->str ? v->str : "");
	else
		hps_value_format(v, buf, len);
}

/* The parent's own value equal to the one node n gives, into *out
 * (shallow for a categorical's, whose values the parent owns). */
static int
when_value(struct hps__pctx *c, const struct hps_param *parent,
    const struct hps__ynode *n, struct hps_value *out)
{
	struct hps_value v = {0};
	char want[128], have[128];
	double k;
	size_t i;
	int rc;

	if ((rc = hps__space_node_value(c, n, "when", &v)) != 0)
		return rc;
	value_text(&v, want, sizeof want);
	hps_value_clear(&v);
	if (parent->type == HPS_P_INT) {
		k = (v.num - parent->min) / (parent->step > 0 ?
		    parent->step : 1);
		if (v.kind == HPS_V_INT && v.num >= parent->min &&
		    v.num <= parent->max && k == (double)(long)k) {
			*out = (struct hps_value){HPS_V_INT, v.num, NULL};
			return 0;
		}
		return hps__space_node_err(c, n, "when: %s: %.64s is not one "
		    "of %s's values (integers from %g to %g)", parent->name,
		    want, parent->name, parent->min, parent->max);
	}
	for (i = 0; i < parent->nvalues; i++) {
		value_text(&parent->values[i], have, sizeof have);
		if (strcmp(want, have) == 0) {
			*out = parent->values[i];
			return 0;
		}
	}
	return hps__space_node_err(c, n, "when: %s: '%.64s' is not one of "
	    "%s's values", parent->name, want, parent->name);
}

/* One parent: values of a when: entry, checked, onto each parameter of
 * declaration k. */
static int
when_entry(struct hps__pctx *c, size_t nd, size_t k,
    const struct hps__ynode *key, const struct hps__ynode *val,
    const struct shape *sh)
{
	struct hps_space *sp = c->sp;
	const struct hps_param *parent;
	struct hps_value vals[64];
	size_t nv, i;
	int j, rc;

	if ((j = decl_find(sh, nd, key->text)) < 0)
		return unknown_name(c, key, "when:", key->text, sh, nd);
	if (sh->n[j] > 0)
		return hps__space_node_err(c, key, "when: %.64s is a per: list; "
		    "a condition names a single parameter (or an element's "
		    "list length)", key->text);
	parent = &sp->params[sh->first[j]];
	if (parent->type == HPS_P_FLOAT)
		return hps__space_node_err(c, key, "when: %.64s is a float; a "
		    "condition's parameter must be categorical, bool or int",
		    key->text);
	if (val->type == HPS__Y_MAP || (val->type == HPS__Y_SEQ &&
	    (val->nkids == 0 || val->nkids > 64)))
		return hps__space_node_err(c, val, "when: %.64s takes a value "
		    "or a list of 1 to 64 values", key->text);
	nv = val->type == HPS__Y_SEQ ? val->nkids : 1;
	for (i = 0; i < nv; i++)
		if ((rc = when_value(c, parent, val->type == HPS__Y_SEQ ?
		    val->kids[i] : val, &vals[i])) != 0)
			return rc;
	for (i = 0; i < (sh->n[k] ? sh->n[k] : 1); i++)
		if ((rc = add_cond(&sp->params[sh->first[k] + i],
		    sh->first[j], vals, nv, 0)) != 0)
			return rc;
	return 0;
}

static int
when_conds(struct hps__pctx *c, const struct hps__pdecl *d, size_t nd,
    size_t k, const struct shape *sh)
{
	const struct hps__ynode *w = d[k].when;
	size_t i;
	int rc;

	if (w == NULL)
		return 0;
	if (w->type != HPS__Y_MAP || w->nkids == 0)
		return hps__space_node_err(c, w, "when: takes a mapping of "
		    "parameter: value(s), like when: {optimizer: sgd}");
	for (i = 0; i < w->nkids; i += 2)
		if ((rc = when_entry(c, nd, k, w->kids[i], w->kids[i + 1],
		    sh)) != 0)
			return rc;
	return 0;
}

/* Element i of a list applies while its count is at least i. */
static int
per_conds(struct hps__pctx *c, size_t k, const struct shape *sh)
{
	struct hps_space *sp = c->sp;
	size_t i;
	int rc;

	for (i = 0; i < sh->n[k]; i++)
		if ((rc = add_cond(&sp->params[sh->first[k] + i],
		    sh->first[sh->count[k]], NULL, 0, (long)i + 1)) != 0)
			return rc;
	if (sh->n[k] > 0)
		sp->lists[sp->params[sh->first[k]].list].count =
		    sh->first[sh->count[k]];
	return 0;
}

/* Whether every parent of parameter i is placed. */
static int
parents_placed(const struct hps_param *p, const unsigned char *placed)
{
	size_t k;

	for (k = 0; k < p->nconds; k++)
		if (!placed[p->conds[k].parent])
			return 0;
	return 1;
}

/* A parameter on a cycle: follow unplaced parents from an unplaced one
 * until one repeats. */
static size_t
cycle_member(const struct hps_space *sp, const unsigned char *placed)
{
	size_t i = 0, steps, k;

	while (placed[i])
		i++;
	for (steps = 0; steps < sp->nparams; steps++)
		for (k = 0; k < sp->params[i].nconds; k++)
			if (!placed[sp->params[i].conds[k].parent]) {
				i = sp->params[i].conds[k].parent;
				break;
			}
	return i;
}

/*
 * sp->order: repeatedly the first parameter in file order whose parents
 * are all placed, so a space without conditions keeps its file order.
 */
static int
order(struct hps__pctx *c, const struct shape *sh)
{
	struct hps_space *sp = c->sp;
	unsigned char *placed;
	size_t k, i, m;

	if ((sp->order = calloc(sp->nparams, sizeof *sp->order)) == NULL ||
	    (placed = calloc(sp->nparams, 1)) == NULL)
		return HPS_ENOMEM;
	for (k = 0; k < sp->nparams; k++) {
		for (i = 0; i < sp->nparams; i++)
			if (!placed[i] && parents_placed(&sp->params[i],
			    placed))
				break;
		if (i == sp->nparams)
			break;
		placed[i] = 1;
		sp->order[k] = i;
	}
	if (k == sp->nparams) {
		free(placed);
		return 0;
	}
	m = cycle_member(sp, placed);
	free(placed);
	return hps__space_node_err(c, sh->when[m], "when: %s depends on "
	    "itself through its conditions; a chain of when: must not lead "
	    "back to where it starts", sp->params[m].name);
}

static int
shape_init(struct hps__pctx *c, struct hps__pdecl *d, size_t nd,
    struct shape *sh, size_t *nparams)
{
	size_t k, total = 0;
	int rc;

	sh->names = calloc(nd, sizeof *sh->names);
	sh->first = calloc(nd, sizeof *sh->first);
	sh->count = calloc(nd, sizeof *sh->count);
	sh->n = calloc(nd, sizeof *sh->n);
	if (sh->names == NULL || sh->first == NULL || sh->count == NULL ||
	    sh->n == NULL)
		return HPS_ENOMEM;
	for (k = 0; k < nd; k++)
		sh->names[k] = d[k].p.name;
	for (k = 0; k < nd; k++) {
		sh->first[k] = total;
		if (d[k].per != NULL && (rc = per_count(c, d, nd, sh, k,
		    &sh->count[k], &sh->n[k])) != 0)
			return rc;
		total += sh->n[k] ? sh->n[k] : 1;
	}
	*nparams = total;
	if ((sh->when = calloc(total, sizeof *sh->when)) == NULL)
		return HPS_ENOMEM;
	return 0;
}

static void
shape_free(struct shape *sh)
{
	free(sh->names);
	free(sh->first);
	free(sh->count);
	free(sh->n);
	free(sh->when);
}

static int
structure(struct hps__pctx *c, struct hps__pdecl *d, size_t nd,
    struct shape *sh)
{
	struct hps_space *sp = c->sp;
	size_t k, i, nlists = 0;
	int rc;

	if ((rc = shape_init(c, d, nd, sh, &sp->nparams)) != 0)
		return rc;
	for (k = 0; k < nd; k++)
		nlists += sh->n[k] > 0;
	sp->params = calloc(sp->nparams, sizeof *sp->params);
	sp->lists = calloc(nlists + 1, sizeof *sp->lists);
	if (sp->params == NULL || sp->lists == NULL)
		return HPS_ENOMEM;
	for (k = 0; k < nd; k++) {
		for (i = 0; i < (sh->n[k] ? sh->n[k] : 1); i++)
			sh->when[sh->first[k] + i] = d[k].when ? d[k].when :
			    d[k].per ? d[k].per : d[k].key;
		if ((rc = expand(c, d, k, sh)) != 0)
			return rc;
	}
	for (k = 0; k < nd; k++)
		if ((rc = when_conds(c, d, nd, k, sh)) != 0 ||
		    (rc = per_conds(c, k, sh)) != 0)
			return rc;
	for (i = 0; i < sp->nparams; i++)
		sp->conditional |= sp->params[i].nconds > 0;
	return order(c, sh);
}

int
hps__space_structure(struct hps__pctx *c, struct hps__pdecl *d, size_t n)
{
	struct shape sh = {0};
	int rc;

	rc = structure(c, d, n, &sh);
	shape_free(&sh);
	return rc;
}
