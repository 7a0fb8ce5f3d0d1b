/* A view: what fills the body of the screen (the area tree, a checklist, the help). Each is a
 * list of rows with a cursor; the TUI moves the cursor, the view draws rows and acts on keys. */
#ifndef KM_VIEW_H
#define KM_VIEW_H
#include <stdbool.h>
#include "ui/tui.h"
#include "util/strbuf.h"

typedef struct view view;

typedef struct view_ops {
	unsigned bit;                                   /* VIEW_TREE, ... */
	int (*nrows)(view *v);
	bool (*selectable)(view *v, int row);           /* NULL: every row */
	void (*draw_row)(tui *t, view *v, int row, int y, int width, bool selected);
	void (*crumbs)(tui *t, view *v, strbuf *out);   /* the header's "where am I" */
	bool (*act)(tui *t, view *v, int action);       /* true if handled */
	void (*reload)(tui *t, view *v);                /* the year or the data changed */
	bool (*search)(tui *t, view *v, const char *query, int direction);  /* true if found */
	void (*destroy)(view *v);
	bool (*illustrative)(view *v);                  /* shows illustrative data (NULL: no) */
	int64_t (*area)(view *v);                       /* the area it is about (NULL or 0: none) */
	/* The selected record, for its audit trail: its table and key (false: none selected). */
	bool (*record)(view *v, const char **table, char *key, size_t cap);
} view_ops;

struct view {
	const view_ops *ops;
	int cursor;      /* selected row */
	int top;         /* first row on screen */
	void *data;
};

view *view_tree_new(tui *t);
view *view_checklist_new(tui *t, int64_t area_id);
view *view_help_new(tui *t);
view *view_facts_new(tui *t, int64_t area_id);
view *view_history_new(tui *t, int64_t area_id, int64_t criterion_id);
view *view_cycle_new(tui *t, int64_t area_id);
view *view_awards_new(tui *t, int64_t scope_area_id);
view *view_worklist_new(tui *t, int64_t scope_area_id);
view *view_ledger_new(tui *t, int64_t area_id);
view *view_status_new(tui *t, int64_t area_id);
view *view_matrix_new(tui *t, int64_t commune_id);
view *view_report_new(tui *t, int64_t area_id);
/* The audit trail of one record (table and key), or of an area and everything below it. */
view *view_audit_new(tui *t, const char *table, const char *key, int64_t area_id);
/* The commendation form for a new award of area_id (from the awards and cycle views); true if
 * one was saved. */
bool view_awards_add(tui *t, int64_t area_id);

/* Tree view operations used by the TUI. */
void view_tree_reveal(tui *t, view *v, int64_t area_id);
#endif
