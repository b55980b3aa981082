/*
 * Internal to core: the SQLite handle behind a store, for the read
 * queries (core/query*.c) and the hook events (core/store_hook.c). SQL
 * stays in core; nothing above it sees sqlite3.
 */
#ifndef HPS_STORE_INT_H
#define HPS_STORE_INT_H

#include <sqlite3.h>

#include "hps/store.h"

sqlite3 *hps__store_db(struct hps_store *st);
/* 0 for SQLITE_OK or SQLITE_DONE, else the HPS_E* of an SQLite error
 * (HPS_ENOSPC for a full disk...). */
int hps__store_error(int rc);
/* A parameter's kind from its name in the param table ("float"...). */
enum hps_vkind hps__store_kind(const char *name);
/* Insert the n events, inside the caller's transaction, and set their
 * ids (core/store_hook.c). */
int hps__store_add_events(struct hps_store *st, struct hps_store_event *ev,
    size_t n);

#endif
