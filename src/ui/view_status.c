#include "config.h"
/* The status table of an area for the TUI's year: one row per unit below it (the communes of a
 * district, the villages of a commune), then the totals. Enter drills down (a commune's table, a
 * village's checklist), / filters by name, o sorts by the next column (again: reverse), { and }
 * scroll the columns with the unit's name kept, t edits the year's targets, M opens the criteria
 * matrix of a commune. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/status.h"
#include "domain/target.h"
#include "storage/db.h"
#include "ui/form.h"
#include "ui/picker.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

#define NAME_COLS 18     /* the name column at most (longer names end in …) */
#define BAR_CELLS 10     /* the criteria bar */

enum column {
	C_NAME, C_VILLAGES, C_REGISTERED, C_SELF, C_ELIGIBLE, C_RECOGNISED, C_CRITERIA, C_RESOURCES,
	C_LABOUR, C_LAND, C_AWARDS, C_PROGRESS, C_COUNT
};

/* Column titles (short: the table fits 80 columns up to the resources). */
static const char *const titles[C_COUNT] = {
	[C_NAME] = N_("Unit"), [C_VILLAGES] = N_("Villages"), [C_REGISTERED] = N_("Reg."),
	[C_SELF] = N_("Self"), [C_ELIGIBLE] = N_("Eligible"), [C_RECOGNISED] = N_("Recog. D/P"),
	[C_CRITERIA] = N_("Criteria met"), [C_RESOURCES] = N_("Resources"),
	[C_LABOUR] = N_("Labour days"), [C_LAND] = N_("Land m²"), [C_AWARDS] = N_("Awards"),
	[C_PROGRESS] = N_("Progress"),
};

/* The columns' names in messages and the header ("sorted by registered"). */
static const char *const names[C_COUNT] = {
	[C_NAME] = N_("unit"), [C_VILLAGES] = N_("villages"), [C_REGISTERED] = N_("registered"),
	[C_SELF] = N_("self-assessed"), [C_ELIGIBLE] = N_("eligible"),
	[C_RECOGNISED] = N_("recognised"), [C_CRITERIA] = N_("criteria met"),
	[C_RESOURCES] = N_("resources"), [C_LABOUR] = N_("labour days"), [C_LAND] = N_("land"),
	[C_AWARDS] = N_("commendations"), [C_PROGRESS] = N_("progress"),
};

typedef struct status_view {
	int64_t area_id;
	int level;               /* of the area: 0 province ... 2 commune */
	char *area_name;
	status_table table;
	bool loaded;
	char **folded;           /* the rows' names folded for the filter */
	int *order;              /* the rows shown: indices into table.rows, filtered and sorted */
	int nshown;
	char *filter;            /* as typed (NULL: none) */
	int sort_col;            /* 0: the units' order */
	bool sort_rev;
	int hscroll;             /* the first column shown after the name (C_VILLAGES ...) */
	int width[C_COUNT];      /* of each column, from what is shown */
} status_view;

static status_view *W(view *v) { return v->data; }

/* The first column after the name: a commune's table has no villages column (one each). */
static int first_col(const status_view *w) { return w->level >= 2 ? C_REGISTERED : C_VILLAGES; }

/* Rows: the titles, one row per unit shown (or one saying there is none), the totals. */
static int nrows(view *v)
{
	status_view *w = W(v);
	return w->nshown ? w->nshown + 2 : 3;
}

static bool selectable(view *v, int r) { return W(v)->nshown && r >= 1 && r <= W(v)->nshown; }

static const status_row *row_at(view *v, int r)
{
	status_view *w = W(v);
	return selectable(v, r) ? &w->table.rows[w->order[r - 1]] : NULL;
}

/* s in at most cols columns, ending in … when cut. */
static void fit(const char *s, int cols, char *buf, size_t cap)
{
	if (cols <= 0) {
		buf[0] = '\0';
		return;
	}
	if (text_width(s) <= cols) {
		snprintf(buf, cap, "%s", s);
		return;
	}
	size_t n = text_fit(s, cols - 1, NULL);
	snprintf(buf, cap, "%.*s…", (int)n, s);
}

static void action_key(tui *t, int action, char *buf, size_t cap)
{
	const keymap *km = tui_keymap(t);
	if (km->nkeys[action])
		keymap_key_name(km->keys[action][0], buf, cap);
	else
		snprintf(buf, cap, "%s", "?");
}

/* ---- cells ---- */

static const char *name_title(const status_view *w)
{
	switch (w->level) {
	case 0: return _("District");
	case 1: return _("Commune");
	case 2: return _("Village");
	default: return _(titles[C_NAME]);
	}
}

static int percent(double part, double whole)
{
	if (whole <= 0)
		return 0;
	int p = (int)(100.0 * part / whole + 0.5);
	if (p >= 100 && part < whole)   /* 100% only when all of it */
		p = 99;
	if (p <= 0 && part > 0)
		p = 1;
	return p;
}

/* "D 2/3 P 1/1 R 45%": recognised at district and at province level against the year's targets,
 * resources mobilised as a share of theirs; "-" without targets. */
static char *progress_text(const status_row *r, char *buf, size_t cap)
{
	strbuf b;
	sb_init(&b);
	const target *g = &r->target;
	if (g->has_district)
		sb_printf(&b, _("D %d/%d"), r->recognised_district, g->recognised_district);
	if (g->has_province) {
		if (b.len)
			sb_add(&b, " ");
		sb_printf(&b, _("P %d/%d"), r->recognised_province, g->recognised_province);
	}
	if (g->has_resources) {
		int p = g->resources_dong > 0 ? (int)(100.0 * (double)r->resources_dong / (double)g->resources_dong + 0.5)
					       : 100;
		if (b.len)
			sb_add(&b, " ");
		sb_printf(&b, _("R %d%%"), p);
	}
	snprintf(buf, cap, "%s", b.len ? b.s : "-");
	sb_free(&b);
	return buf;
}

/* The text of a cell (the criteria bar is drawn by draw_bar; this gives its width). */
static char *cell_text(const status_row *r, int col, char *buf, size_t cap)
{
	char n[48];
	switch (col) {
	case C_NAME: snprintf(buf, cap, "%s", r->name ? r->name : ""); break;
	case C_VILLAGES: vn_format_number(r->villages, 0, buf, cap); break;
	case C_REGISTERED: vn_format_number(r->registered, 0, buf, cap); break;
	case C_SELF: vn_format_number(r->self_assessed, 0, buf, cap); break;
	case C_ELIGIBLE: vn_format_number(r->eligible, 0, buf, cap); break;
	case C_RECOGNISED: snprintf(buf, cap, "%d/%d", r->recognised_district, r->recognised_province); break;
	case C_CRITERIA:
		if (r->criteria_total > 0)
			snprintf(buf, cap, "%*s %3d%%", BAR_CELLS, "", percent(r->criteria_met, r->criteria_total));
		else
			snprintf(buf, cap, "-");
		break;
	case C_RESOURCES:
		snprintf(buf, cap, _("%s tr"), vn_format_number((double)r->resources_dong / 1e6, 1, n, sizeof n));
		break;
	case C_LABOUR: vn_format_number(r->labour_days, 1, buf, cap); break;
	case C_LAND: vn_format_number(r->land_m2, 1, buf, cap); break;
	case C_AWARDS: vn_format_number(r->awards, 0, buf, cap); break;
	case C_PROGRESS: progress_text(r, buf, cap); break;
	default: buf[0] = '\0'; break;
	}
	return buf;
}

/* What a column sorts by (larger first, unless reversed). */
static double sort_key(const status_row *r, int col)
{
	switch (col) {
	case C_VILLAGES: return r->villages;
	case C_REGISTERED: return r->registered;
	case C_SELF: return r->self_assessed;
	case C_ELIGIBLE: return r->eligible;
	case C_RECOGNISED: return r->recognised_district + r->recognised_province + r->recognised_province / 1e4;
	case C_CRITERIA: return r->criteria_total > 0 ? (double)r->criteria_met / r->criteria_total : -1;
	case C_RESOURCES: return (double)r->resources_dong;
	case C_LABOUR: return r->labour_days;
	case C_LAND: return r->land_m2;
	case C_AWARDS: return r->awards;
	case C_PROGRESS: {
		/* The mean of the shares of the targets reached; without targets, last. */
		const target *g = &r->target;
		double sum = 0;
		int n = 0;
		if (g->has_district) {
			sum += g->recognised_district ? (double)r->recognised_district / g->recognised_district : 1;
			n++;
		}
		if (g->has_province) {
			sum += g->recognised_province ? (double)r->recognised_province / g->recognised_province : 1;
			n++;
		}
		if (g->has_resources) {
			sum += g->resources_dong ? (double)r->resources_dong / (double)g->resources_dong : 1;
			n++;
		}
		return n ? sum / n : -1;
	}
	default: return 0;
	}
}

static int at_least(int w, const char *s)
{
	int sw = text_width(s);
	return sw > w ? sw : w;
}

static void measure(status_view *w)
{
	char buf[128];
	for (int c = 0; c < C_COUNT; c++)
		w->width[c] = text_width(c == C_NAME ? name_title(w) : _(titles[c]));
	w->width[C_NAME] = at_least(w->width[C_NAME], _("Total"));
	for (size_t i = 0; i <= w->table.n; i++) {
		const status_row *r = i < w->table.n ? &w->table.rows[i] : &w->table.total;
		for (int c = 0; c < C_COUNT; c++)
			if (c != C_NAME || i < w->table.n)
				w->width[c] = at_least(w->width[c], cell_text(r, c, buf, sizeof buf));
	}
	if (w->width[C_NAME] > NAME_COLS)
		w->width[C_NAME] = NAME_COLS;
}

/* ---- the rows shown: filter and sort ---- */

static bool sort_before(const status_view *w, int a, int b)
{
	if (w->sort_col) {
		double ka = sort_key(&w->table.rows[a], w->sort_col), kb = sort_key(&w->table.rows[b], w->sort_col);
		if (ka != kb)
			return w->sort_rev ? ka < kb : ka > kb;
	}
	return a < b;   /* the units' own (Vietnamese) order */
}

static void arrange(status_view *w)
{
	free(w->order);
	w->order = xcalloc(w->table.n + 1, sizeof *w->order);
	w->nshown = 0;
	char *q = w->filter ? text_fold(w->filter) : NULL;
	for (size_t i = 0; i < w->table.n; i++)
		if (!q || text_folded_contains(w->folded[i], q))
			w->order[w->nshown++] = (int)i;
	free(q);
	for (int i = 1; i < w->nshown; i++)   /* few rows: insertion sort, stable */
		for (int j = i; j > 0 && sort_before(w, w->order[j], w->order[j - 1]); j--) {
			int s = w->order[j];
			w->order[j] = w->order[j - 1];
			w->order[j - 1] = s;
		}
}

/* Puts the cursor on the row of area_id if it is shown, else on the first row. */
static void select_area(view *v, int64_t area_id)
{
	status_view *w = W(v);
	v->cursor = w->nshown ? 1 : 0;
	for (int i = 0; i < w->nshown; i++)
		if (w->table.rows[w->order[i]].area_id == area_id)
			v->cursor = i + 1;
}

static int64_t selected_area(view *v)
{
	const status_row *r = row_at(v, v->cursor);
	return r ? r->area_id : 0;
}

static void free_table(status_view *w)
{
	if (w->folded) {
		for (size_t i = 0; i < w->table.n; i++)
			free(w->folded[i]);
		free(w->folded);
		w->folded = NULL;
	}
	if (w->loaded)
		status_table_free(&w->table);
	memset(&w->table, 0, sizeof w->table);
	w->loaded = false;
	free(w->order);
	w->order = NULL;
	w->nshown = 0;
}

static void load(tui *t, view *v)
{
	status_view *w = W(v);
	int64_t keep = selected_area(v);
	free_table(w);
	km_db *db = tui_db(t);
	if (status_table_build(db, w->area_id, tui_year(t), &w->table) < 0) {
		tui_message(t, true, "%s", db_error(db));
		memset(&w->table, 0, sizeof w->table);
	} else {
		w->loaded = true;
	}
	w->folded = xcalloc(w->table.n + 1, sizeof *w->folded);
	for (size_t i = 0; i < w->table.n; i++)
		w->folded[i] = text_fold(w->table.rows[i].name ? w->table.rows[i].name : "");
	arrange(w);
	measure(w);
	select_area(v, keep);
}

/* ---- drawing ---- */

/* The columns shown after the name at width: from w->hscroll to *last (inclusive); x of each in
 * xs. Returns the x where the first one starts. */
static int layout(const status_view *w, int width, int name_w, int xs[C_COUNT], int *last)
{
	int start = 1 + name_w + 3, x = start, right = width - 1;   /* right: the › marker */
	*last = w->hscroll - 1;
	for (int c = w->hscroll; c < C_COUNT; c++) {
		if (x + w->width[c] > right && c > w->hscroll)
			break;
		xs[c] = x;
		*last = c;
		x += w->width[c] + 1;
		if (x > right)
			break;
	}
	return start;
}

static int name_width(const status_view *w, int width)
{
	int nw = w->width[C_NAME], most = width / 3;
	return nw > most ? most : nw;
}

/* A bar of BAR_CELLS cells and the share in per cent: "███████░░░  73%". */
static void draw_bar(int y, int x, int cols, const status_row *r, attr_t attr)
{
	if (r->criteria_total <= 0) {
		screen_text_right(y, x, "-", cols, attr);
		return;
	}
	int p = percent(r->criteria_met, r->criteria_total);
	int full = (int)((double)BAR_CELLS * r->criteria_met / r->criteria_total + 0.5);
	if (full >= BAR_CELLS && r->criteria_met < r->criteria_total)
		full = BAR_CELLS - 1;
	if (full <= 0 && r->criteria_met > 0)
		full = 1;
	strbuf on, off;
	sb_init(&on);
	sb_init(&off);
	for (int i = 0; i < BAR_CELLS; i++)
		sb_add(i < full ? &on : &off, i < full ? "█" : "░");
	char pct[16];
	snprintf(pct, sizeof pct, " %3d%%", p);
	int used = screen_text(y, x, on.s, cols, attr | screen_attr(PAIR_MET), false);
	used += screen_text(y, x + used, off.s, cols - used, attr | screen_attr(PAIR_DIM), false);
	screen_text(y, x + used, pct, cols - used, attr, false);
	sb_free(&on);
	sb_free(&off);
}

static void draw_line(status_view *w, int y, int width, attr_t attr, const status_row *r)
{
	int name_w = name_width(w, width), xs[C_COUNT], last;
	int start = layout(w, width, name_w, xs, &last);
	char buf[256], cell[128];
	screen_text(y, 1, "", width - 1, attr, true);
	if (!r) {   /* the titles */
		screen_text(y, 1, name_title(w), name_w, attr, false);
		if (w->hscroll > first_col(w))
			screen_text(y, start - 2, "‹", 1, attr, false);
		for (int c = w->hscroll; c <= last; c++) {
			int cw = w->width[c] < width - 1 - xs[c] ? w->width[c] : width - 1 - xs[c];
			fit(_(titles[c]), cw, buf, sizeof buf);
			if (c == C_CRITERIA)
				screen_text(y, xs[c], buf, cw, attr, false);
			else
				screen_text_right(y, xs[c], buf, cw, attr);
		}
		if (last < C_COUNT - 1)
			screen_text(y, width - 1, "›", 1, attr, false);
		return;
	}
	fit(r->area_id ? (r->name ? r->name : "") : _("Total"), name_w, buf, sizeof buf);
	screen_text(y, 1, buf, name_w, attr, false);
	for (int c = w->hscroll; c <= last; c++) {
		int cw = w->width[c] < width - 1 - xs[c] ? w->width[c] : width - 1 - xs[c];
		if (cw <= 0)
			break;
		if (c == C_CRITERIA) {
			draw_bar(y, xs[c], cw, r, attr);
			continue;
		}
		fit(cell_text(r, c, cell, sizeof cell), cw, buf, sizeof buf);
		screen_text_right(y, xs[c], buf, cw, attr);
	}
}

static void draw_row(tui *t, view *v, int r, int y, int width, bool selected)
{
	status_view *w = W(v);
	if (width < 20)
		return;
	if (r == 0) {
		draw_line(w, y, width, A_BOLD, NULL);
		return;
	}
	if (!w->nshown && r == 1) {
		char buf[512];
		if (!w->loaded)
			return;
		if (w->filter)
			snprintf(buf, sizeof buf, _("No unit matches \"%s\"."), w->filter);
		else
			snprintf(buf, sizeof buf, _("No units below %s in %d."), w->area_name, tui_year(t));
		screen_text(y, 1, buf, width - 2, screen_attr(PAIR_DIM), false);
		return;
	}
	if (r == nrows(v) - 1) {
		if (w->loaded)
			draw_line(w, y, width, A_BOLD, &w->table.total);
		return;
	}
	draw_line(w, y, width, selected ? A_REVERSE : A_NORMAL, row_at(v, r));
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	status_view *w = W(v);
	area *path;
	size_t n;
	if (area_path(tui_db(t), w->area_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	sb_printf(out, _("  (status table, %d"), tui_year(t));
	if (w->sort_col)
		sb_printf(out, w->sort_rev ? _(", sorted by %s ↑") : _(", sorted by %s ↓"), _(names[w->sort_col]));
	if (w->filter)
		sb_printf(out, _(", filter \"%s\""), w->filter);
	sb_add(out, ")");
}

/* ---- actions ---- */

static void open_row(tui *t, view *v)
{
	const status_row *r = row_at(v, v->cursor);
	if (!r)
		return;
	if (r->is_village)
		tui_open_checklist(t, r->area_id);
	else
		tui_open_status(t, r->area_id);
}

static void open_matrix(tui *t, view *v)
{
	status_view *w = W(v);
	if (w->level == 2) {   /* a commune's table: its villages */
		tui_open_matrix(t, w->area_id);
		return;
	}
	const status_row *r = row_at(v, v->cursor);
	if (r && w->level == 1) {
		tui_open_matrix(t, r->area_id);
		return;
	}
	tui_message(t, true, "%s", _("The criteria matrix is for a commune: open the table of a district and select one"));
}

/* Keeps the sort column in sight. */
static void show_column(status_view *w, int col)
{
	if (col < first_col(w))
		return;
	if (col < w->hscroll) {
		w->hscroll = col;
		return;
	}
	int xs[C_COUNT], last;
	for (;;) {
		layout(w, COLS, name_width(w, COLS), xs, &last);
		if (col <= last || w->hscroll >= col)
			break;
		w->hscroll++;
	}
}

static void sort_next(tui *t, view *v)
{
	status_view *w = W(v);
	int64_t keep = selected_area(v);
	if (!w->sort_col) {
		w->sort_col = first_col(w);
		w->sort_rev = false;
	} else if (!w->sort_rev) {
		w->sort_rev = true;
	} else {
		w->sort_col = (w->sort_col + 1) % C_COUNT;
		if (w->sort_col == C_PROGRESS && w->level >= 2)   /* villages have no targets */
			w->sort_col = 0;
		w->sort_rev = false;
	}
	arrange(w);
	select_area(v, keep);
	char key[32];
	action_key(t, ACT_SORT, key, sizeof key);
	if (!w->sort_col) {
		tui_message(t, false, "%s", _("In the units' order"));
		return;
	}
	show_column(w, w->sort_col);
	if (w->sort_rev)
		tui_message(t, false, _("Sorted by %s, smallest first (%s: the next column)"), _(names[w->sort_col]), key);
	else
		tui_message(t, false, _("Sorted by %s, largest first (%s again: reverse)"), _(names[w->sort_col]), key);
}

static void scroll_columns(tui *t, view *v, int dir)
{
	status_view *w = W(v);
	int xs[C_COUNT], last;
	layout(w, COLS, name_width(w, COLS), xs, &last);
	if (dir > 0 && last < C_COUNT - 1)
		w->hscroll++;
	else if (dir < 0 && w->hscroll > first_col(w))
		w->hscroll--;
	else
		tui_message(t, false, "%s", dir > 0 ? _("No more columns to the right") : _("No more columns to the left"));
}

/* ---- targets ---- */

enum { T_DISTRICT, T_PROVINCE, T_RESOURCES, T_COUNT };

struct target_ctx {
	tui *t;
	target old;
	bool any;                /* saved with a target set */
};

static bool whole_number(form_field *f, bool *has, int *out)
{
	*has = false;
	const char *s = f->text ? f->text : "";
	while (*s == ' ')
		s++;
	if (!*s)
		return true;
	double d;
	const char *err;
	if (!vn_parse_number(s, &d, &err)) {
		snprintf(f->error, sizeof f->error, "%s", _(err));
		return false;
	}
	if (d < 0 || d != (double)(long)d || d > 1e6) {
		snprintf(f->error, sizeof f->error, "%s", _("A whole number, 0 or more"));
		return false;
	}
	*has = true;
	*out = (int)d;
	return true;
}

static bool save_target(void *p, form_field *f, int n, char *message, size_t cap)
{
	struct target_ctx *x = p;
	(void)n;
	target g = x->old;
	if (!whole_number(&f[T_DISTRICT], &g.has_district, &g.recognised_district) ||
	    !whole_number(&f[T_PROVINCE], &g.has_province, &g.recognised_province))
		return false;
	double dong = 0;
	g.has_resources = form_money(&f[T_RESOURCES], &dong);
	g.resources_dong = g.has_resources ? (int64_t)(dong + 0.5) : 0;
	km_db *db = tui_db(x->t);
	if (target_set(db, &g) < 0) {
		snprintf(message, cap, "%s", db_error(db));
		return false;
	}
	x->any = g.has_district || g.has_province || g.has_resources;
	return true;
}

/* The form for the targets of area_id in the TUI's year; true if saved. */
static bool edit_target(tui *t, int64_t area_id)
{
	km_db *db = tui_db(t);
	int year = tui_year(t);
	struct target_ctx x = { .t = t };
	if (target_get(db, area_id, year, &x.old) < 0) {
		tui_message(t, true, "%s", db_error(db));
		return false;
	}
	x.old.area_id = area_id;
	x.old.year = year;
	strbuf title, where;
	sb_init(&title);
	sb_init(&where);
	area *path;
	size_t np;
	if (area_path(db, area_id, &path, &np) == 0) {
		area_path_text(path, np, " › ", &where);
		areas_free(path, np);
	}
	sb_printf(&title, _("Targets of %s for %d"), where.s, year);
	form_field f[T_COUNT];
	memset(f, 0, sizeof f);
	f[T_DISTRICT] = (form_field){ .label = _("Recognised by district"), .kind = FIELD_NUMBER,
				      .hint = _("empty: none") };
	f[T_PROVINCE] = (form_field){ .label = _("Recognised by province"), .kind = FIELD_NUMBER,
				      .hint = _("empty: none") };
	f[T_RESOURCES] = (form_field){ .label = _("Resources (đồng)"), .kind = FIELD_MONEY,
				       .hint = _("e.g. 1,5 tỷ") };
	char buf[64];
	f[T_DISTRICT].text = xstrdup(x.old.has_district ? vn_format_number(x.old.recognised_district, 0, buf, sizeof buf) : "");
	f[T_PROVINCE].text = xstrdup(x.old.has_province ? vn_format_number(x.old.recognised_province, 0, buf, sizeof buf) : "");
	f[T_RESOURCES].text = xstrdup(x.old.has_resources ? vn_format_number((double)x.old.resources_dong, 0, buf, sizeof buf) : "");
	bool saved = form_run(t, title.s, f, T_COUNT, save_target, &x);
	if (saved)
		tui_message(t, false, x.any ? _("Saved: the targets of %s for %d") : _("No targets for %s in %d now"),
			    where.s, year);
	form_fields_free(f, T_COUNT);
	target_free(&x.old);
	sb_free(&where);
	sb_free(&title);
	return saved;
}

/* t: the targets of the selected unit; in a commune's table (villages have none) or with no unit
 * shown, of the area itself; else a choice between the unit and the whole area. */
static void targets(tui *t, view *v)
{
	status_view *w = W(v);
	const status_row *r = row_at(v, v->cursor);
	int64_t id = w->area_id;
	if (r && !r->is_village) {
		char whole[512];
		snprintf(whole, sizeof whole, _("%s (the whole area: the totals row)"), w->area_name);
		const char *opts[] = { r->name ? r->name : "", whole };
		int c = picker_choose(t, _("Targets of"), opts, 2, 0);
		if (c < 0)
			return;
		id = c == 0 ? r->area_id : w->area_id;
	}
	if (edit_target(t, id))
		load(t, v);
}

static bool act(tui *t, view *v, int action)
{
	status_view *w = W(v);
	switch (action) {
	case ACT_OPEN:
		open_row(t, v);
		return true;
	case ACT_BACK:
		if (!w->filter)
			return false;   /* the TUI closes the view */
		{
			int64_t keep = selected_area(v);
			free(w->filter);
			w->filter = NULL;
			arrange(w);
			select_area(v, keep);
			tui_message(t, false, "%s", _("Filter cleared: every unit"));
		}
		return true;
	case ACT_SORT:
		sort_next(t, v);
		return true;
	case ACT_SCROLL_LEFT:
		scroll_columns(t, v, -1);
		return true;
	case ACT_SCROLL_RIGHT:
		scroll_columns(t, v, 1);
		return true;
	case ACT_TARGET:
		targets(t, v);
		return true;
	case ACT_MATRIX:
		open_matrix(t, v);
		return true;
	default:
		return false;
	}
}

/* /: keeps the units whose name contains the query (tone marks and case ignored); a new query
 * replaces the filter, an empty one clears it. */
static bool search(tui *t, view *v, const char *query, int direction)
{
	status_view *w = W(v);
	(void)direction;
	int64_t keep = selected_area(v);
	char *q = text_fold(query ? query : "");
	if (!*q) {
		free(q);
		free(w->filter);
		w->filter = NULL;
		arrange(w);
		select_area(v, keep);
		tui_message(t, false, "%s", _("Filter cleared: every unit"));
		return true;
	}
	int found = 0;
	for (size_t i = 0; i < w->table.n; i++)
		found += text_folded_contains(w->folded[i], q);
	free(q);
	if (!found)
		return false;   /* the filter stays as it was; the TUI says "not found" */
	free(w->filter);
	w->filter = xstrdup(query);
	arrange(w);
	select_area(v, keep);
	char key[32];
	action_key(t, ACT_BACK, key, sizeof key);
	tui_message(t, false, _("%d of %d units match \"%s\" (%s: every unit)"), w->nshown, (int)w->table.n,
		    query, key);
	return true;
}

static void reload(tui *t, view *v)
{
	load(t, v);
}

static int64_t current_area(view *v)
{
	int64_t id = selected_area(v);
	return id ? id : W(v)->area_id;
}

static void destroy(view *v)
{
	status_view *w = W(v);
	free_table(w);
	free(w->filter);
	free(w->area_name);
	free(w);
	free(v);
}

static const view_ops status_ops = {
	.bit = VIEW_STATUS,
	.nrows = nrows,
	.selectable = selectable,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.reload = reload,
	.search = search,
	.destroy = destroy,
	.area = current_area,
};

view *view_status_new(tui *t, int64_t area_id)
{
	km_db *db = tui_db(t);
	if (!area_id) {
		tui_message(t, true, "%s", _("Select an area first"));
		return NULL;
	}
	area a;
	if (area_get(db, area_id, &a) < 0) {
		tui_message(t, true, "%s", db_error(db));
		return NULL;
	}
	/* A village has no units below it: the table of its commune, with the village selected. */
	int64_t select = 0;
	if (area_kind_level(a.kind) >= 3 && a.parent_id) {
		select = a.id;
		int64_t parent = a.parent_id;
		area_free(&a);
		if (area_get(db, parent, &a) < 0) {
			tui_message(t, true, "%s", db_error(db));
			return NULL;
		}
	}
	view *v = xcalloc(1, sizeof *v);
	v->ops = &status_ops;
	status_view *w = xcalloc(1, sizeof *w);
	w->area_id = a.id;
	w->level = area_kind_level(a.kind);
	w->area_name = xstrdup(a.name);
	w->hscroll = first_col(w);
	area_free(&a);
	v->data = w;
	load(t, v);
	select_area(v, select);
	return v;
}
