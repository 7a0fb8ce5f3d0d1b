/* The audit log, read back: every change to the data (written by the triggers of schema v6), who
 * made it and when, the row before and after. For the `audit` command and the TUI's history of
 * one record. The log itself is append-only: nothing here writes to it. */
#ifndef KM_AUDIT_H
#define KM_AUDIT_H
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

struct km_db;

typedef struct audit_filter {
	int64_t area_id;        /* 0: everywhere; else this area and every area below it */
	const char *user;       /* NULL: anyone; else the login name exactly */
	const char *since;      /* NULL: from the start; else "yyyy-mm-dd", a local date: changes from
				 * its midnight on */
	const char *table;      /* NULL: every table; else "area", "resource_entry" ... */
	const char *row_key;    /* NULL: every row; with table, one record's changes. The key as the
				 * triggers write it: the id as text ("123"), or for a table with a
				 * composite key a JSON array of its key columns as SQLite's
				 * json_array() prints it, without spaces: [123,2025,456,"self"].
				 * An id also finds the import that added it: the log has one row per
				 * area of an import, for a range of ids (its row_key "first-last") */
	int limit;              /* 0: no limit; else at most this many (the newest) */
} audit_filter;

typedef struct audit_row {
	int64_t id;
	char *at;               /* UTC "yyyy-mm-ddThh:mm:ssZ" */
	char *user;
	char *table;
	char *row_key;
	char *action;           /* "insert", "update" or "delete" */
	int64_t area_id;        /* 0: the row belongs to no area (criteria sets, users ...) */
	char *area_code;        /* NULL when no area, or the area no longer exists */
	char *area_path;        /* short: from the commune down ("Lạc Xuân › Thôn 1"), or the
				 * district's or province's own name; "" when no area */
	char *old_row;          /* JSON object of the row's columns before (NULL for an insert) */
	char *new_row;          /* ... and after (NULL for a delete) */
} audit_row;

/* The matching changes, newest first. */
int audit_list(struct km_db *db, const audit_filter *f, audit_row **out, size_t *n);
/* The same one at a time, without holding them all (a log grows by every change for years): fn
 * gets each row (valid during the call only) and returns non-zero to stop. fn must not call
 * audit_each or audit_list itself. */
int audit_each(struct km_db *db, const audit_filter *f, int (*fn)(const audit_row *r, void *ctx), void *ctx);
void audit_rows_free(audit_row *rows, size_t n);

/* A one-line summary of a change, appended to out. For an update, only the fields that changed:
 * "name: Thôn 1 → Thôn Một; note: — → x" (— for no value); for an insert the new row's fields
 * that have a value, for a delete the old row's ("source: residents; value_dong: 1500000").
 * Bookkeeping columns (created_at, updated_by, sort_key, name_folded ...) are left out unless
 * nothing else changed; so are the row's id and area_id of an insert or delete (the log shows
 * them already). Values longer than about 60 columns are cut with "…"; line breaks become
 * spaces. Nothing is appended for a row that is not a JSON object. */
void audit_summary(const char *action, const char *old_row, const char *new_row, strbuf *out);

/* The changed fields of an update, as names: "name, updated_at" (every changed column, the
 * bookkeeping ones too), appended to out. For tests and the TUI's detail. */
void audit_changed_fields(const char *old_row, const char *new_row, strbuf *out);

/* Translated labels: "changed" for "update" ...; "resource entry" for "resource_entry" (an
 * unknown table: its name as is). */
const char *audit_action_label(const char *action);
const char *audit_table_label(const char *table);
#endif
