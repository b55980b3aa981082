/*
 * Internal to the space-file parser (core/space*.c and core/cmdline.c):
 * the small YAML tree that core/space_yaml.c builds from libyaml's events,
 * the typed node readers of core/space_node.c that fail with
 * file:line:column messages, and the per-section key tables.
 */
#ifndef HPS_SPACE_INT_H
#define HPS_SPACE_INT_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>

#include "hps/space.h"
#include "hps/value.h"

/* Deeper nesting than a space file needs is refused, not recursed into. */
#define HPS__YAML_MAXDEPTH 32
/* Items in one list or mapping; keeps the duplicate checks cheap. */
#define HPS__YAML_MAXITEMS 4096

enum hps__ytype { HPS__Y_SCALAR, HPS__Y_SEQ, HPS__Y_MAP };
/* A scalar's explicit tag (!!str, ...); HPS__TAG_NONE when it has none. */
enum hps__ytag {
	HPS__TAG_NONE, HPS__TAG_STR, HPS__TAG_INT, HPS__TAG_FLOAT,
	HPS__TAG_BOOL
};

struct hps__ynode {
	enum hps__ytype type;
	int line, col;			/* 1-based, where the node starts */
	char *text;			/* scalar text, NUL-terminated */
	int plain;			/* unquoted, untagged: may be a bool
					   or number */
	enum hps__ytag tag;		/* explicit tag, if any */
	int dup_line;			/* where a key given before was,
					   whose pair this one replaced */
	struct hps__ynode **kids;	/* list items; map keys and values
					   alternate (key 2i, value 2i+1) */
	size_t nkids;
};

/*
 * Parse text into a tree. Rejects NUL bytes, syntax errors, aliases and
 * anchors, tags other than !!str, !!int, !!float and !!bool on scalars,
 * duplicate or non-scalar keys, more than
 * one document, and nesting past HPS__YAML_MAXDEPTH. *root is NULL on
 * error; free it with hps__space_yaml_free.
 */
int hps__space_yaml_load(const char *path, const char *text, size_t len,
    struct hps__ynode **root, char *err, size_t errlen);
/*
 * The same, but as PyYAML loads YAML: a key given twice in a mapping keeps
 * its last value (the key's dup_line says where the first one was).
 */
int hps__space_yaml_load_last(const char *path, const char *text,
    size_t len, struct hps__ynode **root, char *err, size_t errlen);
void hps__space_yaml_free(struct hps__ynode *n);

/* "path:line:col: message" into err; returns HPS_EPARSE. */
int hps__space_yaml_verrf(char *err, size_t errlen, const char *path,
    int line, int col, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* Empty, ~ or null: a plain scalar with no value. */
int hps__space_yaml_isnull(const struct hps__ynode *n);

/*
 * 1 when s is a YAML 1.2 core-schema integer, 2 a float, 0 otherwise;
 * the number goes to *out (which may be inf when out of range).
 */
int hps__space_yaml_number(const char *s, double *out);

/*
 * A scalar's value: plain true/false are booleans, plain integers (exact
 * in a double) INT, other plain numbers FLOAT, everything else STR; a
 * scalar tagged !!int, !!float or !!bool is that kind, or an error.
 * Returns 0; 1 with a short reason in *why for a non-scalar, a null, a
 * tagged scalar that is not of its tag's kind or a number out of range;
 * or HPS_ENOMEM.
 */
int hps__space_yaml_value(const struct hps__ynode *n, struct hps_value *out,
    const char **why);

/* What the section handlers share while one file is parsed. */
struct hps__pctx {
	const char *file;		/* the path as given, maybe NULL */
	const char *path;		/* for messages */
	char *err;
	size_t errlen;
	struct hps_space *sp;		/* being filled */
};

typedef int (*hps__key_fn)(struct hps__pctx *, const struct hps__ynode *);

/* One key of a section: a new setting is one more line in a table. */
struct hps__key {
	const char *name;
	hps__key_fn fn;		/* called with the value; NULL: collect only */
	int required;
	const char *hint;	/* how to add it when it is missing */
};

/* Most keys in one section's table. */
#define HPS__KEYS_MAX 24

/* "file:line:col: message" at node n; returns HPS_EPARSE. */
int hps__space_node_err(struct hps__pctx *c, const struct hps__ynode *n,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Check that map is a mapping whose keys are all in tab (unknown ones get
 * a "did you mean"), and that required keys are there; vals[i] gets the
 * value of tab[i] or NULL. where names the section in messages ("budget";
 * NULL at the top level).
 */
int hps__space_node_collect(struct hps__pctx *c,
    const struct hps__ynode *map, const char *where,
    const struct hps__key *tab, size_t n, const struct hps__ynode **vals);
/* Collect, then call each present key's handler in table order. */
int hps__space_node_dispatch(struct hps__pctx *c,
    const struct hps__ynode *map, const char *where,
    const struct hps__key *tab, size_t n);

/*
 * Typed readers: each checks node n and fails with a message naming what
 * (the key), or returns HPS_ENOMEM.
 */
int hps__space_node_str(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, const char **out);
int hps__space_node_bool(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, int *out);
int hps__space_node_number(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, int want_int, double *out);
int hps__space_node_long(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, long lo, long hi, long *out);
/* One of words[nwords]; *out is its index. */
int hps__space_node_word(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, const char *const *words, size_t nwords, size_t *out);
/* Any value (hps__space_yaml_value) with messages; *out is owned. */
int hps__space_node_value(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, struct hps_value *out);
/* The same, or a list or mapping as one value (core/space_json.c). */
int hps__space_node_item(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, struct hps_value *out);

/*
 * The candidate closest to word by edit distance when it is close enough
 * to be a likely typo, else NULL.
 */
const char *hps__space_node_suggest(const char *word, size_t len,
    const char *const *cands, size_t n);

/* A parameter as the file declares it, before per: lists become one
 * parameter per element and when: names become conditions. */
struct hps__pdecl {
	struct hps_param p;
	const struct hps__ynode *key;	/* its name */
	const struct hps__ynode *when;	/* when: {...}, or NULL */
	const struct hps__ynode *per;	/* per: NAME, or NULL */
};

/* Parse one parameter: its name (key node) and spec (value node). */
int hps__space_param(struct hps__pctx *c, struct hps__pdecl *d,
    const struct hps__ynode *key, const struct hps__ynode *spec);
/*
 * The space's parameters from the n declared ones (core/space_cond.c):
 * each per: list expanded into its elements, when: conditions resolved
 * and checked, cycles refused, and sp->order set. Takes the declarations'
 * contents (what is left is freed with them by hps__space_pdecl_free).
 */
int hps__space_structure(struct hps__pctx *c, struct hps__pdecl *d,
    size_t n);
void hps__space_pdecl_free(struct hps__pdecl *d, size_t n);
/* A parameter's fields (not the struct itself). */
void hps__space_param_free(struct hps_param *p);
/* constraints: a list of expressions (core/constraint.c). */
int hps__space_constraints(struct hps__pctx *c,
    const struct hps__ynode *list);

/* A section its owner checks later: keep its options with positions. */
/* HPS_EPARSE at n, "what compares trials by the metric", when the file
 * has none (metric: is read before the keys that call it). */
int hps__space_needs_metric(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what);
int hps__space_section(struct hps__pctx *c, const char *name,
    const struct hps__ynode *map);

/* Python's repr() of v (core/pyrepr.c), malloc'ed; NULL: no memory. */
char *hps__py_repr(json_t *v);
/* Python's json.dumps(v, ensure_ascii=False), likewise. */
char *hps__py_json(json_t *v);
/* repr() of a float: 0.001, 1e-05, 3.0. */
void hps__py_float(double x, char *buf, size_t len);
/*
 * s between two quote characters, with \\, \n, \r, \t, \xNN and \quote
 * escapes: a Python string literal, and for '"' a YAML double-quoted one.
 */
void hps__put_quoted(FILE *fp, const char *s, int quote);

/*
 * The next piece of a word with {name} placeholders, as the command reads
 * it: 0 at the end, 1 literal text (a {{ or }} is one brace), 2 the name
 * inside {name}, -1 a lone or empty brace. *s moves past the piece.
 */
int hps__cmdline_piece(const char **s, const char **start, size_t *len);

/*
 * s, the name at n of a metric that chooses trials (what verb says:
 * "optimise", "limit"): one a trial can print, never a test_* metric nor
 * the step (epoch, step).
 */
int hps__space_choosing_metric(struct hps__pctx *c,
    const struct hps__ynode *n, const char *s, const char *verb);
/* metric: the objectives, and their memory (core/space_objective.c). */
int hps__space_metric(struct hps__pctx *c, const struct hps__ynode *n);
void hps__space_objectives_free(struct hps_space *sp);

/* limits: outcome limits on what a trial reports (core/limits.c). */
int hps__space_limits(struct hps__pctx *c, const struct hps__ynode *map);
void hps__space_limits_free(struct hps_space *sp);

/* The command: key: split it, check its {name} placeholders. */
int hps__cmdline_command(struct hps__pctx *c, const struct hps__ynode *n);
/* metric_patterns: (core/space_patterns.c). */
int hps__space_metric_patterns(struct hps__pctx *c,
    const struct hps__ynode *list);
/*
 * Refuse parameters whose dotted names collide once nested ("a" and
 * "a.b"), at n, for what (the feature that nests them).
 */
int hps__cmdline_nest_check(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what);

/* A duration (90, "90s", "30m", "1.5h") of more than 0 seconds, at most
 * HPS__DURATION_MAX (core/space_node.c). */
#define HPS__DURATION_MAX 1e9
int hps__space_node_duration(struct hps__pctx *c, const struct hps__ynode *n,
    const char *what, double *out);
/* A study's life (core/space_life.c): budget.time, until, patience and
 * hard; warm_start, stall, stall_action and on at the top level. */
int hps__life_time(struct hps__pctx *c, const struct hps__ynode *n);
int hps__life_until(struct hps__pctx *c, const struct hps__ynode *n);
int hps__life_patience(struct hps__pctx *c, const struct hps__ynode *n);
int hps__life_hard(struct hps__pctx *c, const struct hps__ynode *n);
int hps__life_warm_start(struct hps__pctx *c, const struct hps__ynode *n);
int hps__life_stall(struct hps__pctx *c, const struct hps__ynode *n);
int hps__life_stall_action(struct hps__pctx *c, const struct hps__ynode *n);
int hps__life_on(struct hps__pctx *c, const struct hps__ynode *n);
/* confirm: (core/space_confirm.c). */
int hps__space_confirm(struct hps__pctx *c, const struct hps__ynode *n);
/* The life's fields and the parameters' default: values. */
void hps__life_free(struct hps_life *l, struct hps_param *params,
    size_t nparams);

#endif
