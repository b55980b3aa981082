/* The hps client: shared state and helpers of its commands. */
#ifndef HPS_CLI_H
#define HPS_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "client.h"
#include "hps/query.h"
#include "hps/store.h"

/* Exit statuses: the CLI contract. */
enum { EXIT_OK = 0, EXIT_ERR = 1, EXIT_USAGE = 2 };

struct cli {
	char *socket;
	const char *db;		/* --db: read this database directly */
	int json;
	int no_start;
	struct client client;
	int connected;
	struct hps_store *store;
};

struct cli_command {
	const char *name;
	const char *usage;	/* arguments after the name */
	const char *help;	/* one line */
	int (*exec)(struct cli *cli, int argc, char **argv);
};

/* call.c: a request to the daemon (errors printed; returns exit status). */
int cli_call(struct cli *cli, const char *cmd, json_t *args,
    json_t **result);
/* A read query: from the daemon, or from the store with --db. */
int cli_query(struct cli *cli, const char *cmd, json_t *args,
    json_t **result);
void cli_close(struct cli *cli);
void cli_print_json(json_t *v);
/* v on one line: a stream's event (JSON Lines). */
void cli_print_json_line(json_t *v);
/* Print "hps: <msg>" on stderr and return EXIT_ERR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Usage error for a command: message and usage line; EXIT_USAGE. */
int cli_usage(const struct cli_command *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Parse a command's own options with getopt_long; handles --help. */
int cli_getopt(const struct cli_command *c, int argc, char **argv,
    const char *shortopts, const void *longopts);
/* The long options of a command that has none but --help. */
extern const struct option cli_help_only[];
/* Send c's request with args (stolen) plus "study", the one STUDY
 * argument left after getopt; print the reply, or "STUDY: done". */
int cli_study_call(struct cli *cli, const struct cli_command *c, int argc,
    char **argv, json_t *args, const char *done);

/* cmd-submit.c: a space file's text; NULL with a message printed. */
char *cli_read_file(const char *path, size_t *len);

/* table.c: aligned text tables. */
struct table;
struct table *table_new(size_t ncols, const char *const *headers);
void table_add(struct table *t, const char *const *cells);
void table_print(struct table *t, FILE *fp);
void table_free(struct table *t);
/* A study's or answer's count of trials in state ("counts"), 0 if none. */
long long cli_count(json_t *o, const char *state);
/* A JSON scalar as short text ("-" for null/missing). */
void fmt_json(json_t *v, char *buf, size_t len);
/* "name=value name=value" for a params object. */
void fmt_params(json_t *params, char *buf, size_t len);
/* What o (a study, a submit's answer) optimises: "val_acc (maximize)",
 * or "val_acc (maximize), params (minimize)" from its "objectives", or
 * "no metric (trials unranked)" for a study without one (its metric and
 * goal are null). */
void fmt_objective(json_t *o, char *buf, size_t len);
/* The same goal first: "maximize val_acc, minimize params". */
void fmt_goals(json_t *o, char *buf, size_t len);
/* Progress against a budget: "5/20", or "5 done, open" without one. */
void fmt_done(char *buf, size_t len, long long done, long long budget);
/* Seconds as "1h02m", "3m05s", "4.2s". */
void fmt_duration(double seconds, char *buf, size_t len);

/* Follow the daemon's events (cmd-watch.c): until the study ends when
 * until_done, else until interrupted. The exit status says whether the
 * study completed. */
int cli_watch(struct cli *cli, const char *study, int until_done);
/* hps best: top 0 is the query's default (5, or the whole front with
 * several objectives); all shows every non-dominated rank. */
int cli_show_best(struct cli *cli, const char *study, long top, int all);

extern const struct cli_command cli_cmd_budget;
extern const struct cli_command cli_cmd_cancel;
extern const struct cli_command cli_cmd_convert;
extern const struct cli_command cli_cmd_enqueue;
extern const struct cli_command cli_cmd_parse;
extern const struct cli_command cli_cmd_pause;
extern const struct cli_command cli_cmd_resume;
extern const struct cli_command cli_cmd_retry;
extern const struct cli_command cli_cmd_shutdown;
extern const struct cli_command cli_cmd_submit;
extern const struct cli_command cli_cmd_watch;
/* Each read query of core's registry is a command cli/cmd-<name>.c. */
#define CLI_QUERY_COMMAND(name) extern const struct cli_command \
	cli_cmd_##name;
HPS_QUERIES(CLI_QUERY_COMMAND)
#undef CLI_QUERY_COMMAND

#endif
