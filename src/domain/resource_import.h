/* Importing resource entries from CSV (the columns of resource_csv_columns, header row first,
 * UTF-8, numbers plain or Vietnamese): every row is checked first and every bad row reported with
 * its line and reason; nothing is imported unless all rows are good; then all rows go in one
 * transaction. */
#ifndef KM_RESOURCE_IMPORT_H
#define KM_RESOURCE_IMPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "util/strbuf.h"

struct km_db;

typedef struct import_progress {
	void (*report)(void *ctx, int64_t done, int64_t total, const char *phase);   /* may be NULL */
	void *ctx;
} import_progress;

typedef struct import_result {
	int64_t rows;               /* data rows read */
	int64_t bad;                /* rows refused */
	int64_t imported;           /* rows stored (0 on a dry run or any bad row) */
} import_result;

/* Imports path. errors gets "LINE: reason\n" for each bad row (at most max_errors lines, then a
 * count of the rest). dry_run checks only. Returns 0 when every row was good (and, unless dry
 * run, stored), 1 when rows were refused (nothing stored), -1 on another error (db_error). */
int resource_import(struct km_db *db, const char *path, bool dry_run, int max_errors,
		    const import_progress *progress, strbuf *errors, import_result *result);
#endif
