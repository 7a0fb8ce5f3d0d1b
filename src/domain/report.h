/* Periodic reports (quarter, half-year, year, or dates) for an area: what happened in the period
 * and how it compares with the same period of the previous year and with the year's targets.
 * A report is a list of sections, each a titled table, rendered as text, Markdown, CSV or .xlsx. */
#ifndef KM_REPORT_H
#define KM_REPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "domain/resource.h"

struct km_db;

typedef enum cell_kind { CELLK_TEXT, CELLK_INT, CELLK_NUMBER, CELLK_MONEY, CELLK_PERCENT, CELLK_DATE } cell_kind;

typedef struct report_cell {
	cell_kind kind;
	char *text;                   /* CELLK_TEXT, CELLK_DATE (yyyy-mm-dd) */
	double value;                 /* the numeric kinds (percent as 0-100) */
	bool empty;                   /* no value (shown blank) */
} report_cell;

typedef struct report_section {
	char *key;                    /* "recognition", "criteria", "resources", "awards", "late", "summary" */
	char *title;                  /* translated */
	int ncols;
	char **headers;               /* translated */
	cell_kind *col_kinds;
	report_cell *cells;           /* nrows x ncols */
	size_t nrows;
} report_section;

typedef struct report {
	int64_t area_id;
	char *area_name;
	period period;
	period previous;              /* the same period a year earlier */
	char *generated_at;           /* local "dd/mm/yyyy hh:mm" */
	report_section *sections;
	size_t nsections;
} report;

struct work_settings;
/* Builds the report of area_id (and everything below it) for p, as of today (for late items,
 * with the allowed delays of delays; NULL: the defaults). */
int report_build(struct km_db *db, int64_t area_id, const period *p, const char *today,
		 const struct work_settings *delays, report *out);
void report_free(report *r);

typedef enum report_format { REPORT_TEXT, REPORT_MD, REPORT_CSV, REPORT_XLSX } report_format;
int report_format_parse(const char *s);         /* -1 if unknown */

/* Writes the report. TEXT/MD/CSV to out (CSV: RFC 4180, UTF-8, one block per section separated
 * by an empty line, bom adds a UTF-8 byte order mark for Excel); XLSX needs a path (one sheet per
 * section, headers, number formats, column widths). Returns 0, or -1 with a message in err. */
int report_write(const report *r, report_format f, FILE *out, const char *xlsx_path, bool bom,
		 char *err, size_t errcap);
#endif
