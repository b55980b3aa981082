/*
 * Hook events in the store (hps/store.h): a row per event raised and not
 * yet run to its end. The row is written in the transaction of the state
 * change that raises the event (a trial's result, a study's state), so
 * no crash leaves a stored change without its event or an event without
 * its change; hpsd deletes the row when the hook has ended, so a hook
 * whose hpsd was killed before it ended runs again at the next start: at
 * least once, and twice when the kill came after the hook itself had run.
 */
#include <sqlite3.h>

#include "hps/error.h"
#include "hps/store.h"
#include "store_int.h"

int
hps__store_add_events(struct hps_store *st, struct hps_store_event *ev,
    size_t n)
{
	sqlite3 *db = hps__store_db(st);
	sqlite3_stmt *s;
	size_t i;
	int rc = SQLITE_DONE;

	if (n == 0)
		return 0;
	if (sqlite3_prepare_v2(db, "INSERT INTO hook_event (study_id, event,"
	    " trial, best, state, created) VALUES (?, ?, ?, ?, ?, ?)", -1, &s,
	    NULL) != SQLITE_OK)
		return HPS_EDB;
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(s, 1, ev[i].study_id);
		sqlite3_bind_text(s, 2, ev[i].event, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, ev[i].trial, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, ev[i].best, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, ev[i].state, -1, SQLITE_STATIC);
		sqlite3_bind_double(s, 6, hps_store_now());
		if ((rc = sqlite3_step(s)) == SQLITE_DONE)
			ev[i].id = sqlite3_last_insert_rowid(db);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return hps__store_error(rc);
}

int
hps_store_done_hook(struct hps_store *st, long long id)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(hps__store_db(st), "DELETE FROM hook_event"
	    " WHERE id = ?", -1, &s, NULL) != SQLITE_OK)
		return HPS_EDB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return hps__store_error(rc);
}

static const char *
col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? (const char *)t : "";
}

int
hps_store_each_hook(struct hps_store *st,
    int (*cb)(const struct hps_store_hook *h, void *arg), void *arg)
{
	struct hps_store_hook h;
	sqlite3_stmt *s;
	int rc, out = 0;

	if (sqlite3_prepare_v2(hps__store_db(st), "SELECT h.id, s.name,"
	    " h.event, h.trial, h.best, h.state FROM hook_event h JOIN study s"
	    " ON s.id = h.study_id ORDER BY h.id", -1, &s, NULL) != SQLITE_OK)
		return HPS_EDB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		h = (struct hps_store_hook){sqlite3_column_int64(s, 0),
		    col(s, 1), col(s, 2), col(s, 3), col(s, 4), col(s, 5)};
		if ((out = cb(&h, arg)) != 0)
			break;
	}
	sqlite3_finalize(s);
	return out != 0 ? out : hps__store_error(rc);
}
