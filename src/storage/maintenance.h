/* Looking after the database file: a consistent copy taken while others keep writing, and a
 * check of the file and of the data's own rules. */
#ifndef KM_MAINTENANCE_H
#define KM_MAINTENANCE_H
#include <stddef.h>
#include "storage/db.h"
#include "util/strbuf.h"

/* Copies the open database into path, a new file (refused if it, or a journal of it, exists),
 * with SQLite's online backup API: 256 pages a step with a short pause between steps, all of it
 * from one read snapshot, so the copy is the database as of one moment while other sessions go on
 * writing (WAL: readers do not hold writers up). Then opens the copy and runs PRAGMA
 * integrity_check on it. On success appends to report (translated lines) the file, its size and
 * page count and the check's result; on failure removes what was written. The copy is created
 * readable by its owner only (it holds everyone's data). Not inside a transaction. */
int db_backup_to(km_db *db, const char *path, strbuf *report);

typedef enum check_level { CHECK_OK, CHECK_WARNING, CHECK_ERROR } check_level;

typedef struct check_result {
	const char *key;        /* "integrity", "foreign_keys" ...: stable, for CSV and scripts */
	const char *title;      /* msgid: show with _() */
	check_level level;      /* CHECK_OK: nothing found */
	size_t count;           /* problems found (more than the lines kept, maybe) */
	char **lines;           /* one per problem, translated; at most CHECK_MAX_LINES */
	size_t nlines;
	char *info;             /* a line of information when OK (the audit log's size), or NULL */
} check_result;

#define CHECK_MAX_LINES 50

/* Runs every check (the file's integrity, foreign keys, the domain's rules, the audit log's
 * triggers and size), in a fixed order. A check that cannot run (an SQL error on a damaged file)
 * is reported as an error of that check, not as a failure of db_check, which fails only when it
 * cannot start at all. */
int db_check(km_db *db, check_result **out, size_t *n);
/* Recomputes the status table's running totals from the data, in one transaction. */
int db_rebuild_totals(km_db *db);
void check_results_free(check_result *r, size_t n);
/* The worst level of the results. */
check_level check_worst(const check_result *r, size_t n);
const char *check_level_key(check_level l);      /* "ok", "warning", "error" */
const char *check_level_label(check_level l);    /* translated: "OK", "WARNING", "ERROR" */
#endif
