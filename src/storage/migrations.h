/* The schema history: migration N brings user_version from N-1 to N. Never edit a released
 * migration; add a new one. */
#ifndef KM_MIGRATIONS_H
#define KM_MIGRATIONS_H
#include <sqlite3.h>
#include <stdbool.h>

struct migration {
	int version;
	const char *description;
	const char *sql;
	/* Run after sql, in the same transaction, for steps SQL alone cannot express. May be NULL. */
	int (*apply)(sqlite3 *h);
	/* Rebuilds tables (see storage/schema_rebuild.h): run with foreign keys off and
	 * legacy_alter_table on, and refused if PRAGMA foreign_key_check then finds a problem. */
	bool rebuilds;
};

extern const struct migration migrations[];
extern const int migration_count;
/* Recomputes the status table's running totals (area_year_total) from their sources. */
extern const char totals_rebuild_sql[];

/* Applies every migration above the file's user_version, each in its own transaction. Returns 0,
 * or -1 with *err (malloc'd) set. Refuses a database newer than this program. */
int migrations_apply(sqlite3 *h, char **err);
/* Some migration is still to apply (the file is older than this program). */
bool migrations_pending(sqlite3 *h);
/* The same, stopping at schema version (tests make databases of older versions with it). */
int migrations_apply_to(sqlite3 *h, int version, char **err);
#endif
