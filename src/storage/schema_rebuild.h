/* Changing a table's constraints, which SQLite's ALTER TABLE cannot do: the table is rebuilt under
 * its new definition by the steps of https://sqlite.org/lang_altertable.html#otheralter (new
 * table, copy, drop, rename, indexes and triggers again). For migrations only. */
#ifndef KM_SCHEMA_REBUILD_H
#define KM_SCHEMA_REBUILD_H
#include <sqlite3.h>

/* create_sql (a CREATE TABLE statement) with every CHECK (column IN (literal, ...)) written as
 * CHECK (column = literal OR column = literal ...): the same test (the column's affinity and
 * collation apply to each comparison as to IN; NULL passes both), but SQLite 3.40 evaluates
 * the IN form by filling a temporary table for every row it writes. malloc'd; NULL when there is
 * no such CHECK (or nothing else it recognises). */
char *checks_without_in(const char *create_sql);

/* Rebuilds every table of the main schema whose definition rewrite(create_sql) changes (rewrite
 * returns a malloc'd CREATE TABLE statement for the same table with the same columns, or NULL to
 * keep the table). Rows keep their rowids; indexes and triggers on the table are created again
 * from their stored SQL. Every table rebuilt must have an INTEGER PRIMARY KEY or be WITHOUT ROWID
 * (rows are copied with SELECT *). The caller runs this inside a transaction with, on the
 * connection, foreign keys off (set before the transaction: dropping a table would delete its
 * rows; PRAGMA foreign_key_check afterwards) and legacy_alter_table on (the rename that ends a
 * rebuild otherwise checks every trigger of the schema, and those of other tables that write to
 * the table being rebuilt, like the audit's, fail while it is gone). Returns SQLITE_OK or the
 * error code (sqlite3_errmsg set). */
int schema_rebuild_tables(sqlite3 *h, char *(*rewrite)(const char *create_sql));
#endif
