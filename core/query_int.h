/*
 * Internal to the read queries (core/query*.c): statement set-up with
 * messages, rows as JSON, and the study lookup every query starts with.
 */
#ifndef HPS_QUERY_INT_H
#define HPS_QUERY_INT_H

#include <jansson.h>
#include <sqlite3.h>

#include "hps/store.h"
#include "store_int.h"

/*
 * A study's metric and goal as its header shows them: null for a study
 * without a metric, which the store holds as metric '' (a name is never
 * empty).
 */
#define HPS__QUERY_OBJECTIVE "NULLIF(metric, '') AS metric, CASE metric" \
	" WHEN '' THEN NULL ELSE goal END AS goal"

/* The arguments of a query that takes a study alone. */
extern const struct hps_arg hps__query_study_arg[];

/* Prepare sql; HPS_EDB with SQLite's message in err on failure. */
int hps__query_prepare(struct hps_store *st, const char *sql,
    sqlite3_stmt **s, char *err, size_t errlen);
/* Finalize s; 0 when rc is SQLITE_DONE, else HPS_EDB with a message. */
int hps__query_finish(struct hps_store *st, sqlite3_stmt *s, int rc,
    char *err, size_t errlen);
/* Column i as a JSON value: NULL becomes null. */
json_t *hps__query_column(sqlite3_stmt *s, int i);
/* Add columns [first, ncols) of the current row to obj by column name. */
void hps__query_row_into(json_t *obj, sqlite3_stmt *s, int first);
/* Look up a study by name: its id, its goal and a header object {study,
 * metric, goal, method, state}; HPS_ENOTFOUND names the fix. */
int hps__query_study(struct hps_store *st, const char *name, long long *id,
    int *maximize, json_t **out, char *err, size_t errlen);
/* The overfitting diagnosis of a trial's stored curves (hps/diagnose.h)
 * as JSON, or null when its metric has no value. */
json_t *hps__query_diagnosis(struct hps_store *st, long long trial_id,
    const char *metric, int maximize, long patience);

#endif
