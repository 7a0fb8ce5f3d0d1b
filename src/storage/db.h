/* The database: one SQLite file in WAL mode with foreign keys on, its schema brought up to date by
 * ordered migrations when opened. Writes go through short BEGIN IMMEDIATE transactions.
 *
 * Errors: functions return 0 on success and -1 on failure, leaving a translated message in
 * db_error(db). */
#ifndef KM_DB_H
#define KM_DB_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

typedef struct km_db km_db;

/* Opens (creating it and its directory if needed) and migrates path. On failure returns NULL and
 * *err receives a malloc'd message. A database that cannot be written here (the file, its
 * directory or its file system is read-only) opens for reading: every write is then refused. */
km_db *db_open(const char *path, char **err);
void db_close(km_db *db);

sqlite3 *db_handle(km_db *db);
const char *db_path(km_db *db);
const char *db_error(km_db *db);
/* Why the database was opened for reading only ("no permission to write to FILE"...), or NULL
 * when it can be written. */
const char *db_readonly(km_db *db);
/* The cause of an SQLite failure in words, added to out: the disk full, a read-only database, a
 * file size limit, a permission... from the (extended) result code and the system's error number
 * behind it; else SQLite's own message. The one place these are worded. */
void db_describe(strbuf *out, int code, int sys_errno, const char *sqlite_message);
/* Catches SIGXFSZ: past a limit on the size of files (ulimit -f) a write then fails with EFBIG,
 * reported ("the size limit for files was reached") and rolled back like a full disk, instead of
 * the signal killing the program in the middle of a transaction. */
void db_catch_file_size_limit(void);
/* Sets the error message (printf-style, already translated by the caller). Returns -1. */
int db_fail(km_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets the error from SQLite's last message with a short context. Returns -1. */
int db_fail_sql(km_db *db, const char *context);

/* A prepared statement for sql (a string literal: statements are cached by its address, reset
 * and with bindings cleared on each call). NULL on error (message set). */
sqlite3_stmt *db_stmt(km_db *db, const char *sql);

int db_begin(km_db *db);      /* BEGIN IMMEDIATE: waits for other writers (busy timeout) */
int db_commit(km_db *db);
void db_rollback(km_db *db);  /* safe to call when no transaction is open */

/* A new primary key, unique across every copy of this database that is synced with it: the
 * database's random site number in the high bits, a counter in the low bits (never reused).
 * Must be called inside a write transaction. Returns 0 on error. */
int64_t db_new_id(km_db *db);
/* count (>= 1) consecutive new ids at once, for bulk inserts: one UPDATE of the counter. Returns
 * the first (the others follow it: first + 1 ... first + count - 1), or 0 on error. Must be called
 * inside a write transaction. */
int64_t db_new_ids(km_db *db, int64_t count);
/* Reserves count ids that the next db_new_id calls of this transaction hand out without writing
 * (bulk generators); what is left unused at commit or rollback is dropped, never reused. */
int db_reserve_ids(km_db *db, int64_t count);

/* Meta values (key/value table). */
int db_meta_get(km_db *db, const char *key, char **value);   /* *value NULL if unset */
int db_meta_set(km_db *db, const char *key, const char *value);

/* Stops (and restarts) the audit log while the program itself writes generated illustrative data
 * (the demo, benchmark data): only for those, never for a user's change. */
void db_audit_pause(km_db *db, bool paused);

/* The version of a row as the audit log knows it: the id of its last change (0 if none logged).
 * Saving an edit compares it with the version the user saw (optimistic concurrency). */
int64_t db_row_version(km_db *db, const char *table, int64_t id);

/* A text column as a malloc'd string, or NULL when the column is NULL. */
char *db_column_dup(sqlite3_stmt *st, int col);

/* Runs a statement with no result (only for fixed SQL without parameters). */
int db_exec(km_db *db, const char *sql);

/* The current UTC time as "yyyy-mm-ddThh:mm:ssZ" into buf (cap >= 21). */
const char *db_now_iso(char *buf, size_t cap);
/* Who is making changes: the login name of the process. */
const char *db_user(km_db *db);

/* The schema version after migration (PRAGMA user_version). */
int db_schema_version(km_db *db);

/* A number that changes when another connection (another session, the command line) commits a
 * change to the database, and not for this connection's own commits (PRAGMA data_version): cheap
 * enough to poll every second. -1 on error. */
int db_data_version(km_db *db);
/* Rows changed by this connection since it opened (with db_data_version: has anything changed). */
int64_t db_total_changes(km_db *db);
#endif
