/*
 * The search space: a study's parsed space file. hps_space_parse is the one
 * boundary where a space file is checked; past it every field is valid.
 */
#ifndef HPS_SPACE_H
#define HPS_SPACE_H

#include <stddef.h>
#include <stdint.h>

#include "hps/life.h"
#include "hps/value.h"

enum hps_ptype {
	HPS_P_FLOAT,	/* min, max, optional log, step, grid_points */
	HPS_P_INT,	/* min, max, optional log, step (default 1) */
	HPS_P_CAT,	/* values[] (strings, numbers or booleans) */
	HPS_P_CONST,	/* values[0] */
};

/*
 * One condition of a parameter's activity. The parent must be active
 * (its value not HPS_V_NONE) and either equal one of values (when:
 * {parent: [v1, v2]}, values given as the parent's own) or, for element
 * i of a per: list, be at least atleast = i.
 */
struct hps_cond {
	size_t parent;			/* index into sp->params */
	struct hps_value *values;	/* when:; NULL for a per: element */
	size_t nvalues;
	long atleast;
};

/*
 * A parameter: one dimension of the search. A per: list (units: {per:
 * layers}) is one parameter per element, named units[1], units[2]...,
 * described by sp->lists. A parameter applies to a trial when every one of
 * its conditions holds (hps_space_active); without conditions it always
 * does. A hand-built parameter left zero beyond its range has none.
 */
struct hps_param {
	char *name;
	enum hps_ptype type;
	double min, max;
	double step;		/* 0: continuous float; int default 1 */
	int log;
	int grid_points;	/* float without step, for grid; 0 unset */
	struct hps_value *dflt;	/* default:, or NULL: the value of points
				   and imported trials that lack one */
	struct hps_value *values;
	size_t nvalues;
	struct hps_cond *conds;
	size_t nconds;
	size_t elem;		/* element number of a per: list; 0: none */
	size_t list;		/* elem > 0: index into sp->lists */
	int line, col;		/* where the file names it; 0 when built */
};

/* A per: list: params[first .. first + n) are its elements 1..n; its
 * length is the value of params[count]. */
struct hps_plist {
	char *name;
	size_t first, n;
	size_t count;
};

struct hps_constraint;

/*
 * An option of a section that a strategy or rule reads itself (bayes:,
 * genetic:, early_stopping:, executor:). The parser checks the YAML shape
 * (a mapping of scalars or lists of scalars); the owner checks keys, types
 * and ranges with hps_section_check, so its errors still carry
 * file:line:column.
 */
struct hps_opt {
	char *key;
	int line, col;
	int is_list;
	struct hps_value value;	/* scalar, typed as YAML wrote it */
	char **list;		/* is_list: the items as text */
	size_t nlist;
};

struct hps_section {
	char *name;
	int line, col;
	struct hps_opt *opts;
	size_t nopts;
};

enum hps_optspec_type {
	HPS_OPTSPEC_NUM,	/* a number in [min, max] */
	HPS_OPTSPEC_INT,	/* an integer in [min, max] */
	HPS_OPTSPEC_BOOL,
	HPS_OPTSPEC_STR,	/* any string, or one of words (|-separated) */
	HPS_OPTSPEC_LIST,	/* a list of scalars */
};

struct hps_optspec {
	const char *key;
	enum hps_optspec_type type;
	double min, max;
	const char *words;	/* HPS_OPTSPEC_STR: "median|asha|none" */
};

/* wandb_config: W&B's run config file for each trial (core/wandb_config.c). */
enum hps_wandb_config {
	HPS_WANDB_CONFIG_NONE,
	HPS_WANDB_CONFIG_FLAT,		/* every name as it is */
	HPS_WANDB_CONFIG_NESTED,	/* dotted names nested */
};
enum hps_goal { HPS_MINIMIZE, HPS_MAXIMIZE };
enum hps_summary { HPS_SUM_LAST, HPS_SUM_BEST };

struct hps_metric_patterns;

/*
 * An objective: metric: in the space file, a mapping for one objective or
 * a list for several (at most HPS_OBJECTIVES_MAX, each metric once).
 * reference bounds the hypervolume of the Pareto front, in the
 * objective's own units and direction (reference: per objective;
 * has_reference 0 when derived from the trials).
 */
#define HPS_OBJECTIVES_MAX 4
struct hps_objective {
	char *metric;
	enum hps_goal goal;
	enum hps_summary summary;
	int has_reference;
	double reference;
};

/* v, a value of objective o, turned so that smaller is better (negated
 * when maximised), as hps/pareto.h takes it; the same turns it back. */
static inline double
hps_objective_min(const struct hps_objective *o, double v)
{
	return o->goal == HPS_MAXIMIZE ? -v : v;
}

/*
 * An outcome limit (limits: in the space file, core/limits.c): the last
 * value a trial reports of metric must lie within [min, max]. A completed
 * trial outside one, or that never reported the metric, is infeasible.
 */
#define HPS_LIMITS_MAX 24
struct hps_limit {
	char *metric;
	int has_min, has_max;
	double min, max;
};

/*
 * confirm: (core/space_confirm.c): once the budget is spent, the first
 * `top` trials hps best lists run `repeats` more times each, repeat k
 * with seed k (the first run's seed is 0): HPS_SEED and {seed}. top 0:
 * no confirm: in the file.
 */
#define HPS_CONFIRM_MAX 100
#define HPS_SEED_NAME "seed"
struct hps_confirm {
	long top;
	long repeats;
};

struct hps_space {
	char *path;		/* the file's path as given (for messages) */
	char *text;		/* the file's text, stored with the study */
	char *name;
	int name_line, name_col;	/* where the name is, for messages */
	char *command;
	char **argv;		/* command split like a shell would */
	size_t argc;
	int shell;		/* run "sh -c command" with quoted values */
	char *workdir;		/* absolute: resolved against the file's dir */
	/* The search method's name as written (default "random"); the
	 * search layer finds its strategy by it (hps_search_for), and the
	 * section of that name holds its options. */
	char *method;
	int method_line, method_col;	/* where it is; 0 when defaulted */
	/* The objectives, nobj of them from the parser; metric, goal and
	 * summary are the first one's, which the parser alone copies there,
	 * for the code that knows one objective. A file without metric:
	 * has metric NULL and nobj 0: its trials run unranked. A space
	 * built by hand may set only metric, goal and summary, with nobj 0. */
	char *metric;
	enum hps_goal goal;
	enum hps_summary summary;
	struct hps_objective *objectives;
	size_t nobj;
	int has_target;		/* metric target: given (one objective) */
	double target;		/* stop the study once a completed trial's
				   objective reaches it (>= when maximising,
				   <= when minimising) */
	long trials;		/* budget; 0: none given, which for grid
				   means "whole grid" and for any other
				   method an open-ended study */
	int parallel;		/* default 1 */
	double timeout;		/* seconds, 0: none */
	long max_failures;	/* default 10 */
	long retries;		/* runs of a trial lost to crashes; default 2 */
	uint64_t seed;		/* default 0 when the file gives none */
	struct hps_param *params;
	size_t nparams;
	struct hps_plist *lists;	/* per: lists, in file order */
	size_t nlists;
	int conditional;	/* some parameter has conditions */
	size_t *order;		/* the params with every parent before its
				   children; NULL: in file order */
	struct hps_limit *limits;	/* limits:, in file order */
	size_t nlimits;
	struct hps_constraint **constraints;	/* constraints:, compiled */
	size_t nconstraints;
	int constraints_line, constraints_col;
	char **env;		/* "NAME=value" strings for every trial */
	size_t nenv;
	char **env_from;	/* names passed on from hpsd's environment */
	size_t nenv_from;
	struct hps_section *sections;	/* bayes:, genetic:, ... */
	size_t nsections;
	struct hps_metric_patterns *patterns;	/* metric_patterns:, or NULL */
	enum hps_wandb_config wandb_config;
	struct hps_life life;	/* warm_start, deadline, patience, stall,
				   hooks (hps/life.h) */
	struct hps_confirm confirm;
};

/*
 * Parse and validate a space file's text. path names the file in messages
 * (file:line:column: ...) and its directory anchors a relative workdir; it
 * should be absolute when workdir matters. On error returns HPS_EPARSE (or
 * HPS_ENOMEM) with the message in err; *out is left NULL.
 */
int hps_space_parse(const char *path, const char *text, size_t len,
    struct hps_space **out, char *err, size_t errlen);
/*
 * The same for a stored study's text read back: metric: and limits: alone
 * (objectives, metric, goal, summary, limits), nothing else read or
 * checked, so a study whose workdir is gone still has its outcomes.
 */
int hps_space_parse_outcomes(const char *path, const char *text, size_t len,
    struct hps_space **out, char *err, size_t errlen);
void hps_space_free(struct hps_space *sp);
/* Give the study another name (hps submit --name); checks the name. */
int hps_space_rename(struct hps_space *sp, const char *name, char *err,
    size_t errlen);

/* The index of the objective on metric name[0..len) in sp->objectives,
 * or -1. */
long hps_space_objective_index(const struct hps_space *sp, const char *name,
    size_t len);

/* [{name, goal, summary, reference (null: derived)}], one per objective. */
json_t *hps_space_objectives_json(const struct hps_space *sp);

/* The section called name, or NULL when the file has none. */
const struct hps_section *hps_space_section(const struct hps_space *sp,
    const char *name);
/*
 * Check a section's options against spec (ends with {NULL}): unknown keys
 * (with a "did you mean"), wrong types, values out of range or not among
 * the words. HPS_EPARSE with "file:line:column: ..." in err. s may be NULL.
 */
int hps_section_check(const struct hps_space *sp, const struct hps_section *s,
    const struct hps_optspec *spec, char *err, size_t errlen);
/* An option, or NULL; and typed reads with a default when absent. */
const struct hps_opt *hps_section_get(const struct hps_section *s,
    const char *key);
double hps_section_num(const struct hps_section *s, const char *key,
    double dflt);
const char *hps_section_str(const struct hps_section *s, const char *key,
    const char *dflt);
int hps_section_bool(const struct hps_section *s, const char *key, int dflt);
/* Format "file:line:column: message" into err and return HPS_EPARSE. */
int hps_space_errat(const struct hps_space *sp, int line, int col, char *err,
    size_t errlen, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A duration: a number of seconds, or "90s", "30m", "1.5h"; -1 if bad. */
double hps_parse_duration(const char *text);

/*
 * The values (one per sp->params, in order) as one JSON object, as a
 * trial sees them: each active parameter of its own kind
 * (hps_value_json), a per: list as the array of its active elements, and
 * no key for an inactive parameter (params.json, HPS_PARAMS_JSON, hps
 * watch).
 */
json_t *hps_space_params_json(const struct hps_space *sp,
    const struct hps_value *vals);
/* That object as HPS_PARAMS_JSON's text (compact, ASCII, every double
 * read back exactly); malloc'ed, NULL when out of memory. */
char *hps_space_params_text(const struct hps_space *sp,
    const struct hps_value *vals);

/*
 * Activity (core/space_cond.c). A parameter applies to a trial when each
 * of its conditions' parents is active and matches; only the parents'
 * values in vals are read, so walking sp->order decides a whole point.
 */
int hps_space_active(const struct hps_space *sp,
    const struct hps_value *vals, size_t i);
/* Walking parents before children, make every parameter that does not
 * apply HPS_V_NONE (freeing its string); the others are left alone. */
void hps_space_deactivate(const struct hps_space *sp,
    struct hps_value *vals);
/* The i-th parameter of sp->order (file order without conditions). */
size_t hps_space_at(const struct hps_space *sp, size_t k);
/* Whether every constraint holds for vals (core/constraint.c): a
 * constraint naming an inactive parameter holds. */
int hps_space_feasible(const struct hps_space *sp,
    const struct hps_value *vals);
/* Whether a search may run vals: each parameter has a value exactly
 * when it applies, and every constraint holds. */
int hps_space_valid(const struct hps_space *sp,
    const struct hps_value *vals);

/*
 * What a trial sees (core/space_view.c): parameter i under the name
 * hps_space_view_name gives, or not at all when that is NULL (an element
 * of a per: list after the first: the list shows at its first element's
 * place). A shown parameter is active when vals[i] is not HPS_V_NONE (a
 * list's first element applies whenever the list does). Its text is the
 * value's, or for any element of a list the list's active elements
 * joined by ','; its JSON the value's or the array of them.
 */
const char *hps_space_view_name(const struct hps_space *sp, size_t i);
int hps_space_view_text(const struct hps_space *sp,
    const struct hps_value *vals, size_t i, char *buf, size_t len);
json_t *hps_space_view_json(const struct hps_space *sp,
    const struct hps_value *vals, size_t i);
/* The shown parameter (a plain one, or a list's first element) named
 * name (len bytes), or -1. */
int hps_space_view_find(const struct hps_space *sp, const char *name,
    size_t len);

/* Index of the parameter called name, or -1. */
int hps_space_find(const struct hps_space *sp, const char *name);

/* "minimize" or "maximize"; NULL for a file without metric:, whose
 * trials run unranked (grid and random only). */
const char *hps_space_goal(const struct hps_space *sp);
/* Whether the method is grid, whose rules the file follows: a finite
 * grid for every parameter, and budget.trials may be left out. */
int hps_space_grid(const struct hps_space *sp);
/* The candidate closest to word when it is close enough to be a likely
 * typo ("did you mean"), else NULL. */
const char *hps_space_suggest(const char *word, const char *const *cands,
    size_t n);

/*
 * Number of points on a parameter's grid (categorical values, int steps,
 * float steps or grid_points), or 0 when it has no finite grid.
 */
uint64_t hps_param_grid_size(const struct hps_param *p);
/* The i-th grid point (0 <= i < grid size) into *out. */
int hps_param_grid_value(const struct hps_param *p, uint64_t i,
    struct hps_value *out);

/*
 * The trial's argv for these values (one per sp->params, in order):
 * {name} inside an element becomes the value's text, {{ and }} are literal
 * braces. Reserved placeholders give what no single {name} can:
 *   {@params_json}       every value as one compact JSON object, dotted
 *                        names nested ({"opt": {"lr": 0.1}} for opt.lr)
 *   {@params_json_file}  trial_dir/params-nested.json, which this writes
 *                        first with the same object as {@params_json}
 *   {@params_py:NAME}    Python's str() of the value under NAME, as a
 *                        W&B agent passes it: a group (opt for opt.lr)
 *                        as a dict, {'lr': 0.1}, a list or mapping as
 *                        [128, 128], a string as it is
 *   {@trial_dir}         trial_dir itself
 *   {seed}               seed, the run's seed (HPS_SEED), unless a
 *                        parameter is called seed
 * (The daemon's own params.json and HPS_PARAMS_JSON stay flat.) With
 * sp->shell, the result is {"/bin/sh", "-c", cmd} with each value
 * single-quoted. trial_dir may be NULL when the command uses neither
 * {@params_json_file} nor {@trial_dir}. *argv_out is NULL-terminated; free
 * with hps_argv_free. HPS_EINVAL for a placeholder the command check
 * refuses or a missing trial_dir, HPS_EIO when the file cannot be
 * written, HPS_ENOMEM.
 */
int hps_space_argv(const struct hps_space *sp, const struct hps_value *vals,
    const char *trial_dir, unsigned long seed, char ***argv_out);
/*
 * The values as one JSON object with dotted names nested, as
 * {@params_json} has them; NULL when names collide or out of memory.
 */
json_t *hps_space_params_nested(const struct hps_space *sp,
    const struct hps_value *vals);
/* The file {@params_json_file} names, inside the trial directory. */
#define HPS_PARAMS_NESTED_FILE "params-nested.json"
void hps_argv_free(char **argv);

/*
 * Split a command line into words as sh would without expansions: blanks
 * separate, '...' and "..." quote, backslash escapes. HPS_EPARSE with a
 * message on an unterminated quote.
 */
int hps_cmd_split(const char *cmd, char ***argv_out, size_t *argc_out,
    char *err, size_t errlen);

#endif
