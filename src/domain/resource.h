/* The resource mobilisation ledger: what each village or commune mobilised, from which source
 * (state budget at each level, pooled programmes, credit, enterprises, residents, donors), in
 * which form (cash, labour days, donated land, materials, machinery), with its value in đồng,
 * the work it served and the contributor. Totals by source and form, for a period, roll up the
 * hierarchy. Every add, edit and delete is one transaction with a history line. */
#ifndef KM_RESOURCE_H
#define KM_RESOURCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

struct km_db;

typedef enum resource_source {
	SOURCE_CENTRAL, SOURCE_PROVINCE, SOURCE_DISTRICT, SOURCE_COMMUNE, SOURCE_POOLED, SOURCE_CREDIT,
	SOURCE_ENTERPRISE, SOURCE_RESIDENTS, SOURCE_DONORS, SOURCE_OTHER, SOURCE_COUNT
} resource_source;

typedef enum resource_form {
	FORM_CASH, FORM_LABOUR, FORM_LAND, FORM_MATERIALS, FORM_MACHINERY, FORM_OTHER, FORM_COUNT
} resource_form;

const char *source_key(resource_source s);          /* "central" ... (files, CLI) */
const char *source_label(resource_source s);        /* translated: "Ngân sách trung ương" ... */
/* From a key or a label typed by a user (tone marks and case ignored: "nhan dan" finds
 * residents); -1 if unknown. */
int source_parse(const char *text);
const char *form_key(resource_form f);              /* "cash", "labour", "land" ... */
const char *form_label(resource_form f);
int form_parse(const char *text);
/* The usual unit of a form: "đ" for cash, "ngày công" for labour, "m²" for land, NULL else. */
const char *form_default_unit(resource_form f);

typedef struct resource_entry {
	int64_t id;                 /* 0 for a new one */
	int64_t area_id;
	char date[11];              /* yyyy-mm-dd */
	resource_source source;
	resource_form form;
	bool has_quantity;
	double quantity;            /* labour days, m², tonnes ... */
	char *unit;
	int64_t value;              /* đồng (for cash: the amount) */
	char *work;                 /* the work it served: "bê tông hóa đường thôn" */
	char *contributor;          /* a household, an enterprise; may be NULL */
	char *note;
	char *area_code, *area_name;   /* filled by resource_list */
	int64_t version;            /* set by resource_get: the last change seen; an edit saved over a
				     * newer change (another session's) is refused */
} resource_entry;

void resource_entry_free(resource_entry *e);
void resource_entries_free(resource_entry *list, size_t n);

/* Checks an entry as a user typed it: area exists and is a commune-level unit or a village; a
 * valid date not after today; value >= 0 and at most 1e15; quantity >= 0; for cash, the value is
 * the amount (a quantity, if given, must equal it). Returns false with a translated message. */
bool resource_check(struct km_db *db, const resource_entry *e, char *err, size_t cap);

/* Adds (id 0) or edits an entry, one transaction with its history line. *id gets the id. */
int resource_save(struct km_db *db, resource_entry *e, int64_t *id);
int resource_delete(struct km_db *db, int64_t id);
int resource_get(struct km_db *db, int64_t id, resource_entry *out);

/* A period: whole days from..to inclusive, yyyy-mm-dd. */
typedef struct period {
	char from[11], to[11];
	char label[40];             /* "2025", "2025-Q2", "2025-H1", "01/01/2025-31/03/2025" */
} period;

/* Parses "2025", "2025-Q1".."2025-Q4", "2025-H1"/"2025-H2", "dd/mm/yyyy-dd/mm/yyyy" (also with
 * ".." or " - "). false with *err (msgid) if not a period. */
bool period_parse(const char *text, period *p, const char **err);
/* The whole year y. */
void period_year(int y, period *p);

typedef struct resource_query {
	int64_t area_id;            /* the area, and (roll_up) everything below it; 0: everywhere */
	bool roll_up;
	const period *period;       /* NULL: all dates */
	int source;                 /* -1: any */
	int form;                   /* -1: any */
} resource_query;

/* Matching entries, newest first (date, then id). */
int resource_list(struct km_db *db, const resource_query *q, resource_entry **out, size_t *n);

typedef struct resource_totals {
	int64_t count;
	int64_t value;                          /* đồng, everything */
	int64_t by_source[SOURCE_COUNT];        /* đồng */
	int64_t by_form[FORM_COUNT];            /* đồng */
	double labour_days, land_m2;            /* quantities of those forms */
} resource_totals;

/* Totals of the matching entries (one aggregate query, not a loop over entries). */
int resource_totals_get(struct km_db *db, const resource_query *q, resource_totals *out);

/* The last entry this user made (for the form's defaults: date, source); false if none. */
bool resource_last(struct km_db *db, resource_entry *out);

/* CSV: the columns `list --format csv` writes and `import` reads, in this order. */
extern const char *const resource_csv_columns[];
extern const int resource_csv_ncolumns;
/* Appends one entry as a CSV line (no newline). */
void resource_csv_line(const resource_entry *e, strbuf *out);
#endif
