/*
 * Internal to the W&B sweep translator (core/wandb.c, core/wandb_param.c):
 * what the two halves share while one sweep file is translated.
 */
#ifndef HPS_WANDB_INT_H
#define HPS_WANDB_INT_H

#include <stdio.h>

#include "hps/space.h"
#include "space_int.h"

/* The W&B keys read at the top of a sweep file. */
enum {
	T_NAME, T_DESCRIPTION, T_PROJECT, T_ENTITY, T_KIND, T_APIVERSION,
	T_PROGRAM, T_COMMAND, T_METHOD, T_METRIC, T_RUN_CAP, T_PARAMETERS,
	T_EARLY_TERMINATE, T_CONTROLLER, T_JOB, T_IMAGE_URI, T_N
};

/* hpsd's longest parameter name, also for a flattened nested one. */
#define HPS__WANDB_NAMEMAX 64

/* One parameter, flattened: opt: {parameters: {lr: ...}} is "opt.lr". */
struct hps__wparam {
	char name[HPS__WANDB_NAMEMAX + 1];
	const struct hps__ynode *key;	/* its name in the file */
	int nested;		/* inside a nested parameters: dictionary */
	int dotted;		/* its own W&B name has a '.' */
	int can_bool;		/* may be true or false */
	int bool_const;		/* constant true 1, false 0; else -1 */
	char *spec;		/* the hpsd spec: "{type: float, ...}" */
	char *note;		/* a comment for its line, or NULL */
};

struct hps__wandb {
	const char *path;
	char *err;
	size_t errlen;
	const struct hps__ynode *root;
	const struct hps__ynode *top[T_N];
	const char *method;		/* grid, random or bayes */
	struct hps__wparam *params;
	size_t nparams, cap;
	FILE *fp;		/* the translation being written */
	char *out;		/* its text, once fp is closed */
	size_t nwords;		/* command words written so far */
};

/* What PyYAML, which W&B uses, makes of a scalar (core/wandb_scalar.c). */
enum hps__pykind {
	HPS__PY_NULL, HPS__PY_BOOL, HPS__PY_INT, HPS__PY_FLOAT, HPS__PY_STR,
	HPS__PY_DATE
};

struct hps__pyval {
	enum hps__pykind kind;
	double num;		/* BOOL (0 or 1), INT, FLOAT */
	const char *str;	/* the node's text */
};

/*
 * Resolve scalar n as PyYAML does: YAML 1.1 plain scalars (010 is 8,
 * 1:30 is 90, 1e-5 a string, yes a boolean) and the tags !!str, !!int,
 * !!float and !!bool. 1 when PyYAML would fail on it (a tagged text that
 * is not of its kind, an integer past 2^53, a list or mapping), else 0.
 */
int hps__wandb_scalar(const struct hps__ynode *n, struct hps__pyval *out);

/* "path:line:col: message" at node n; returns HPS_EPARSE. */
int hps__wandb_err(struct hps__wandb *w, const struct hps__ynode *n,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 1 or 0 for a scalar PyYAML reads as a boolean (yes, On, ...), else -1. */
int hps__wandb_bool(const struct hps__ynode *n);
/* A number as W&B reads it, or a refusal that says why (1e-5 is a string). */
/* Readers that fail with a message naming what. */
int hps__wandb_str(struct hps__wandb *w, const struct hps__ynode *n,
    const char *what, const char **out);
int hps__wandb_number(struct hps__wandb *w, const struct hps__ynode *n,
    const char *what, double *out, int *isint);

/* A string as a YAML scalar: plain when that reads back the same. */
void hps__wandb_put_str(FILE *fp, const char *s);
/* A double in the shortest form that reads back exactly. */
void hps__wandb_put_num(FILE *fp, double x);
/* A literal command word: {{ and }} for braces, then quoted as needed. */
void hps__wandb_put_word(FILE *fp, const char *s);

/* The command: key (core/wandb_command.c). */
int hps__wandb_put_command(struct hps__wandb *w);
/* early_terminate as early_stopping: (core/wandb_stop.c); 0 without it. */
int hps__wandb_put_stop(struct hps__wandb *w);

/* Read and translate parameters: into w->params (core/wandb_param.c). */
int hps__wandb_params(struct hps__wandb *w, const struct hps__ynode *root);
/* Write the parameters: section. */
void hps__wandb_put_params(struct hps__wandb *w);
void hps__wandb_params_free(struct hps__wandb *w);

#endif
