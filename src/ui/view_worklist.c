#include "config.h"
/* The worklist: what is due or late below an area for the year, grouped by kind, longest waiting
 * first; Enter opens the line's village in its recognition cycle, F shows one kind at a time. */
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/worklist.h"

#include "storage/db.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/vnum.h"

typedef struct row {
	int item;          /* index into the items, or -1 for a heading (or the empty list's line) */
	int kind;          /* the heading's kind */
	int count;         /* the heading's number of items */
} row;

typedef struct worklist_view {
	int64_t scope;
	char *scope_path;          /* NULL: everywhere */
	work_settings settings;
	int filter;                /* -1: every kind; else one work_kind */
	work_item *items;
	size_t n;
	bool loaded;
	row *rows;
	int nrows;
	int code_w, path_w;        /* widest code and path of the items shown */
	int right_w;               /* widest "since ...   N days, M late" */
} worklist_view;

static worklist_view *W(view *v) { return v->data; }

static void free_items(worklist_view *w)
{
	if (w->loaded)
		worklist_free(w->items, w->n);
	w->items = NULL;
	w->n = 0;
	w->loaded = false;
}

/* The right part of an item's line: "since 12/10/2025", "45 days", ", 15 late" (empty if undated). */
static void item_texts(const work_item *it, char *when, char *days, char *late, size_t cap)
{
	when[0] = days[0] = late[0] = '\0';
	if (!it->since)
		return;
	char d[16];
	vn_format_iso_date(it->since, d, sizeof d);
	snprintf(when, cap, _("since %s"), d);
	snprintf(days, cap, _("%d days"), it->days);
	if (it->days_late > 0)
		snprintf(late, cap, _(", %d late"), it->days_late);
}

static int right_width(const char *when, const char *days, const char *late)
{
	if (!*when)
		return 0;
	return 3 + text_width(when) + 3 + text_width(days) + text_width(late);
}

static void build_rows(worklist_view *w)
{
	free(w->rows);
	w->rows = xcalloc(w->n * 2 + 1, sizeof *w->rows);
	w->nrows = 0;
	w->code_w = w->path_w = w->right_w = 0;
	int heading = -1;
	for (size_t i = 0; i < w->n; i++) {
		const work_item *it = &w->items[i];
		if (w->filter >= 0 && (int)it->kind != w->filter)
			continue;
		if (heading < 0 || w->rows[heading].kind != (int)it->kind) {
			heading = w->nrows;
			w->rows[w->nrows++] = (row){ -1, (int)it->kind, 0 };
		}
		w->rows[heading].count++;
		w->rows[w->nrows++] = (row){ (int)i, (int)it->kind, 0 };
		int cw = text_width(it->area_code), pw = text_width(it->area_path);
		w->code_w = cw > w->code_w ? cw : w->code_w;
		w->path_w = pw > w->path_w ? pw : w->path_w;
		char when[64], days[64], late[64];
		item_texts(it, when, days, late, sizeof when);
		int rw = right_width(when, days, late);
		w->right_w = rw > w->right_w ? rw : w->right_w;
	}
	if (!w->nrows)   /* one line saying so */
		w->rows[w->nrows++] = (row){ -1, -1, 0 };
}

static int item_count(worklist_view *w)
{
	int n = 0;
	for (int r = 0; r < w->nrows; r++)
		n += w->rows[r].item >= 0;
	return n;
}

static int64_t row_area(worklist_view *w, int r)
{
	if (r < 0 || r >= w->nrows || w->rows[r].item < 0)
		return 0;
	return w->items[w->rows[r].item].area_id;
}

/* Puts the cursor on the row of area (and kind) if shown, else on the first item. */
static void place_cursor(view *v, int64_t area_id, int kind)
{
	worklist_view *w = W(v);
	int first = -1, same_area = -1;
	for (int r = 0; r < w->nrows; r++) {
		if (w->rows[r].item < 0)
			continue;
		if (first < 0)
			first = r;
		if (area_id && row_area(w, r) == area_id) {
			if (w->rows[r].kind == kind) {
				v->cursor = r;
				return;
			}
			if (same_area < 0)
				same_area = r;
		}
	}
	v->cursor = same_area >= 0 ? same_area : first >= 0 ? first : 0;
}

static void load(tui *t, view *v)
{
	worklist_view *w = W(v);
	int64_t keep = row_area(w, v->cursor);
	int keep_kind = v->cursor < w->nrows ? w->rows[v->cursor].kind : -1;
	free_items(w);
	char today[16];
	vn_today_iso(today, sizeof today);
	if (worklist_build(tui_db(t), w->scope, tui_year(t), today, &w->settings, &w->items, &w->n) < 0) {
		tui_message(t, true, "%s", db_error(tui_db(t)));
		w->items = NULL;
		w->n = 0;
	} else {
		w->loaded = true;
	}
	build_rows(w);
	place_cursor(v, keep, keep_kind);
}

static int nrows(view *v) { return W(v)->nrows; }
static bool selectable(view *v, int r) { return W(v)->rows[r].item >= 0; }

/* A path fitted into width columns by dropping its leading parts: the village's name stays. */
static const char *fit_path(const char *path, int width, char *buf, size_t cap)
{
	static const char sep[] = " › ";
	if (text_width(path) <= width)
		return path;
	const char *s = path, *next;
	while ((next = strstr(s, sep)) != NULL) {
		s = next + strlen(sep);
		snprintf(buf, cap, "… %s", s);
		if (text_width(buf) <= width)
			return buf;
	}
	return buf[0] ? buf : path;
}

/* "  24934-01 Đơn Dương › Lạc Xuân › Thôn 1   since 12/10/2025   45 days, 15 late" */
static void draw_row(tui *t, view *v, int r, int y, int width, bool selected)
{
	worklist_view *w = W(v);
	const row *rw = &w->rows[r];
	if (rw->item < 0) {
		char head[256];
		if (rw->kind < 0)
			snprintf(head, sizeof head, _("Nothing is due or late in %d."), tui_year(t));
		else
			snprintf(head, sizeof head, "%s (%d)", work_kind_label((work_kind)rw->kind), rw->count);
		screen_text(y, 0, head, width, rw->kind < 0 ? A_NORMAL : A_BOLD, false);
		return;
	}
	const work_item *it = &w->items[rw->item];
	attr_t base = selected ? A_REVERSE : A_NORMAL;
	char when[64], days[64], late[64];
	item_texts(it, when, days, late, sizeof when);
	if (selected)
		screen_text(y, 0, "", width, A_REVERSE, true);
	int x = 2;
	x += screen_text(y, x, it->area_code, w->code_w, base, true);
	x += screen_text(y, x, " ", 1, base, false);
	/* The path column, as wide as the widest path that fits beside the dates. */
	int path_w = w->path_w;
	if (path_w > width - x - w->right_w)
		path_w = width - x - w->right_w;
	if (path_w < 12)
		path_w = 12;
	char fitted[512] = "";
	x += screen_text(y, x, fit_path(it->area_path, path_w, fitted, sizeof fitted), path_w, base, true);
	if (x >= width || !*when)
		return;
	x += screen_text(y, x, "   ", width - x, base, false);
	x += screen_text(y, x, when, width - x, base, false);
	if (x >= width)
		return;
	x += screen_text(y, x, "   ", width - x, base, false);
	x += screen_text(y, x, days, width - x, base, false);
	if (*late && x < width)
		screen_text(y, x, late, width - x, screen_attr(PAIR_NOT_MET) | (selected ? A_REVERSE : 0), false);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	(void)t;
	worklist_view *w = W(v);
	sb_printf(out, _("Worklist: %s (%d items)"), w->scope_path ? w->scope_path : _("everywhere"),
		  item_count(w));
	if (w->filter >= 0)
		sb_printf(out, " › %s", work_kind_label((work_kind)w->filter));
}

static bool act(tui *t, view *v, int action)
{
	worklist_view *w = W(v);
	switch (action) {
	case ACT_OPEN: {
		int64_t id = row_area(w, v->cursor);
		if (id)
			tui_open_cycle(t, id);
		return true;
	}
	case ACT_FILTER: {
		int64_t keep = row_area(w, v->cursor);
		int keep_kind = v->cursor < w->nrows ? w->rows[v->cursor].kind : -1;
		w->filter = w->filter + 1 >= WORK_KIND_COUNT ? -1 : w->filter + 1;
		build_rows(w);
		place_cursor(v, keep, keep_kind);
		v->top = 0;
		if (w->filter < 0)
			tui_message(t, false, _("Showing every kind"));
		else
			tui_message(t, false, _("Showing only: %s"), work_kind_label((work_kind)w->filter));
		return true;
	}
	default:
		return false;
	}
}

static void reload(tui *t, view *v)
{
	load(t, v);
}

static void destroy(view *v)
{
	worklist_view *w = W(v);
	free_items(w);
	free(w->rows);
	free(w->scope_path);
	free(w);
	free(v);
}

static int64_t current_area(view *v)
{
	return row_area(W(v), v->cursor);
}

static const view_ops worklist_ops = {
	.bit = VIEW_WORKLIST,
	.nrows = nrows,
	.selectable = selectable,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.reload = reload,
	.destroy = destroy,
	.area = current_area,
};

/* The allowed delays from the user's settings. */
static void read_settings(tui *t, work_settings *s)
{
	s->appraisal_days = tui_config(t)->appraisal_days;
	s->commendation_days = tui_config(t)->commendation_days;
}

view *view_worklist_new(tui *t, int64_t scope_area_id)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &worklist_ops;
	worklist_view *w = xcalloc(1, sizeof *w);
	w->scope = scope_area_id;
	w->filter = -1;
	v->data = w;
	read_settings(t, &w->settings);
	if (scope_area_id) {
		area *path;
		size_t n;
		if (area_path(tui_db(t), scope_area_id, &path, &n) == 0) {
			strbuf b;
			sb_init(&b);
			area_path_text(path, n, " › ", &b);
			w->scope_path = sb_take(&b);
			areas_free(path, n);
		}
	}
	load(t, v);
	return v;
}
