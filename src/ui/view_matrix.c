#include "config.h"
/* The criteria matrix of a commune for the TUI's year: one row per village, one short column per
 * criterion of the year's set, a mark in each cell (met, not met, not assessed, or the
 * self-assessment and the appraisal disagree), how many villages meet each criterion, and a
 * legend. { and } scroll the criteria with the villages' names kept; Enter opens a village's
 * checklist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/status.h"
#include "storage/db.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"

#define NAME_COLS 20     /* the name column at most (longer names end in …) */

typedef struct matrix_view {
	int64_t commune_id;
	char *commune_name;
	criteria_matrix m;
	bool loaded;
	int *met;                /* per village: criteria met */
	int *villages_met;       /* per criterion: villages meeting it */
	int name_w, met_w, code_w;
	int hscroll;             /* the first criterion shown */
} matrix_view;

static matrix_view *W(view *v) { return v->data; }

static bool empty(const matrix_view *w) { return !w->m.nvillages || !w->m.ncriteria; }

/* Rows: the codes, one row per village, the count of villages meeting each criterion, a blank
 * line and the legend; without villages or criteria, one row saying so. */
static int nrows(view *v)
{
	matrix_view *w = W(v);
	return empty(w) ? 1 : (int)w->m.nvillages + 4;
}

static bool selectable(view *v, int r) { return !empty(W(v)) && r >= 1 && r <= (int)W(v)->m.nvillages; }

static bool cell_met(matrix_cell c) { return c == CELL_MET || c == CELL_DISAGREE_MET; }

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

static int at_least(int w, const char *s)
{
	int sw = text_width(s);
	return sw > w ? sw : w;
}

static void free_matrix(matrix_view *w)
{
	if (w->loaded)
		criteria_matrix_free(&w->m);
	memset(&w->m, 0, sizeof w->m);
	w->loaded = false;
	free(w->met);
	free(w->villages_met);
	w->met = w->villages_met = NULL;
}

static int64_t selected_village(view *v)
{
	matrix_view *w = W(v);
	return selectable(v, v->cursor) ? w->m.village_ids[v->cursor - 1] : 0;
}

static void select_village(view *v, int64_t id)
{
	matrix_view *w = W(v);
	v->cursor = empty(w) ? 0 : 1;
	for (size_t i = 0; i < w->m.nvillages && !empty(w); i++)
		if (w->m.village_ids[i] == id)
			v->cursor = (int)i + 1;
}

static void load(tui *t, view *v)
{
	matrix_view *w = W(v);
	int64_t keep = selected_village(v);
	free_matrix(w);
	km_db *db = tui_db(t);
	if (criteria_matrix_build(db, w->commune_id, tui_year(t), &w->m) < 0) {
		tui_message(t, true, "%s", db_error(db));
		memset(&w->m, 0, sizeof w->m);
	} else {
		w->loaded = true;
	}
	size_t nv = w->m.nvillages, nc = w->m.ncriteria;
	w->met = xcalloc(nv + 1, sizeof *w->met);
	w->villages_met = xcalloc(nc + 1, sizeof *w->villages_met);
	for (size_t i = 0; i < nv; i++)
		for (size_t j = 0; j < nc; j++)
			if (cell_met(w->m.cells[i * nc + j])) {
				w->met[i]++;
				w->villages_met[j]++;
			}
	char buf[64];
	w->name_w = at_least(text_width(_("Village")), _("Villages meeting it"));
	for (size_t i = 0; i < nv; i++)
		w->name_w = at_least(w->name_w, w->m.village_names[i] ? w->m.village_names[i] : "");
	if (w->name_w > NAME_COLS)
		w->name_w = NAME_COLS;
	snprintf(buf, sizeof buf, "%zu/%zu", nc, nc);
	w->met_w = at_least(text_width(_("Met")), buf);
	w->code_w = 1;
	for (size_t j = 0; j < nc; j++) {
		w->code_w = at_least(w->code_w, w->m.criterion_codes[j] ? w->m.criterion_codes[j] : "");
		snprintf(buf, sizeof buf, "%d", w->villages_met[j]);
		w->code_w = at_least(w->code_w, buf);
	}
	if (w->hscroll >= (int)nc)
		w->hscroll = nc ? (int)nc - 1 : 0;
	select_village(v, keep);
}

/* ---- drawing ---- */

static int name_width(const matrix_view *w, int width)
{
	int most = width / 3;
	return w->name_w > most ? most : w->name_w;
}

/* Where the criteria start and how many are shown from w->hscroll at width. */
static int layout(const matrix_view *w, int width, int *shown)
{
	int start = 1 + name_width(w, width) + 1 + w->met_w + 3, right = width - 1;   /* right: the › */
	int n = (right - start + 1) / (w->code_w + 1);
	int left = (int)w->m.ncriteria - w->hscroll;
	if (n < 1)
		n = 1;
	*shown = n < left ? n : left;
	return start;
}

static void draw_mark(int y, int x, matrix_cell c, attr_t base)
{
	switch (c) {
	case CELL_MET: screen_text(y, x, "x", 1, base | screen_attr(PAIR_MET), false); break;
	case CELL_NOT_MET: screen_text(y, x, ".", 1, base | screen_attr(PAIR_NOT_MET), false); break;
	case CELL_DISAGREE_MET:
	case CELL_DISAGREE_NOT_MET: screen_text(y, x, "≠", 1, base | A_BOLD | screen_attr(PAIR_NOT_MET), false); break;
	default: screen_text(y, x, "-", 1, base | screen_attr(PAIR_DIM), false); break;
	}
}

static void draw_legend(int y, int width)
{
	static const struct { matrix_cell c; const char *label; } items[] = {
		{ CELL_MET, N_("met") }, { CELL_NOT_MET, N_("not met") }, { CELL_NOT_ASSESSED, N_("not assessed") },
		{ CELL_DISAGREE_MET, N_("self-assessment and appraisal disagree") },
	};
	int x = 1;
	for (size_t i = 0; i < sizeof items / sizeof items[0] && x < width - 3; i++) {
		draw_mark(y, x, items[i].c, A_NORMAL);
		x += 2;
		x += screen_text(y, x, _(items[i].label), width - 1 - x, screen_attr(PAIR_DIM), false);
		x += 3;
	}
}

static void draw_row(tui *t, view *v, int r, int y, int width, bool selected)
{
	matrix_view *w = W(v);
	if (width < 20)
		return;
	if (empty(w)) {
		if (!w->loaded)
			return;
		char buf[512];
		if (!w->m.nvillages)
			snprintf(buf, sizeof buf, _("No villages in %s."), w->commune_name);
		else
			snprintf(buf, sizeof buf, _("No criteria set for %d."), tui_year(t));
		screen_text(y, 1, buf, width - 2, screen_attr(PAIR_DIM), false);
		return;
	}
	size_t nv = w->m.nvillages, nc = w->m.ncriteria;
	if (r == (int)nv + 2)
		return;   /* blank, above the legend */
	if (r == (int)nv + 3) {
		draw_legend(y, width);
		return;
	}
	int name_w = name_width(w, width), shown;
	int start = layout(w, width, &shown), met_x = 1 + name_w + 1;
	char buf[256];
	attr_t attr = r == 0 || r == (int)nv + 1 ? A_BOLD : selected ? A_REVERSE : A_NORMAL;
	screen_text(y, 1, "", width - 1, attr, true);
	if (r == 0) {
		screen_text(y, 1, _("Village"), name_w, attr, false);
		screen_text_right(y, met_x, _("Met"), w->met_w, attr);
		if (w->hscroll > 0)
			screen_text(y, start - 2, "‹", 1, attr, false);
		for (int k = 0; k < shown; k++) {
			const char *code = w->m.criterion_codes[w->hscroll + k];
			fit(code ? code : "", w->code_w, buf, sizeof buf);
			screen_text_right(y, start + k * (w->code_w + 1), buf, w->code_w, attr);
		}
		if (w->hscroll + shown < (int)nc)
			screen_text(y, width - 1, "›", 1, attr, false);
		return;
	}
	if (r == (int)nv + 1) {   /* how many villages meet each criterion */
		fit(_("Villages meeting it"), name_w, buf, sizeof buf);
		screen_text(y, 1, buf, name_w, attr, false);
		for (int k = 0; k < shown; k++) {
			snprintf(buf, sizeof buf, "%d", w->villages_met[w->hscroll + k]);
			screen_text_right(y, start + k * (w->code_w + 1), buf, w->code_w, attr);
		}
		return;
	}
	size_t i = (size_t)r - 1;
	fit(w->m.village_names[i] ? w->m.village_names[i] : "", name_w, buf, sizeof buf);
	screen_text(y, 1, buf, name_w, attr, false);
	snprintf(buf, sizeof buf, "%d/%zu", w->met[i], nc);
	screen_text_right(y, met_x, buf, w->met_w, attr);
	for (int k = 0; k < shown; k++) {
		/* the mark under the code's last character, like the counts */
		int x = start + k * (w->code_w + 1) + w->code_w - 1 - (w->code_w - 1) / 2;
		draw_mark(y, x, w->m.cells[i * nc + (size_t)(w->hscroll + k)], selected ? A_REVERSE : A_NORMAL);
	}
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	matrix_view *w = W(v);
	area *path;
	size_t n;
	if (area_path(tui_db(t), w->commune_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	sb_printf(out, _("  (criteria matrix, %d)"), tui_year(t));
}

static bool act(tui *t, view *v, int action)
{
	matrix_view *w = W(v);
	int shown;
	switch (action) {
	case ACT_OPEN: {
		int64_t id = selected_village(v);
		if (id)
			tui_open_checklist(t, id);
		return true;
	}
	case ACT_SCROLL_LEFT:
		if (w->hscroll > 0)
			w->hscroll--;
		else
			tui_message(t, false, "%s", _("No more columns to the left"));
		return true;
	case ACT_SCROLL_RIGHT:
		layout(w, COLS, &shown);
		if (w->hscroll + shown < (int)w->m.ncriteria)
			w->hscroll++;
		else
			tui_message(t, false, "%s", _("No more columns to the right"));
		return true;
	default:
		return false;
	}
}

static void reload(tui *t, view *v)
{
	load(t, v);
}

static int64_t current_area(view *v)
{
	int64_t id = selected_village(v);
	return id ? id : W(v)->commune_id;
}

static void destroy(view *v)
{
	matrix_view *w = W(v);
	free_matrix(w);
	free(w->commune_name);
	free(w);
	free(v);
}

static const view_ops matrix_ops = {
	.bit = VIEW_MATRIX,
	.nrows = nrows,
	.selectable = selectable,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.reload = reload,
	.destroy = destroy,
	.area = current_area,
};

view *view_matrix_new(tui *t, int64_t commune_id)
{
	km_db *db = tui_db(t);
	if (!commune_id) {
		tui_message(t, true, "%s", _("Select a commune first"));
		return NULL;
	}
	area a;
	if (area_get(db, commune_id, &a) < 0) {
		tui_message(t, true, "%s", db_error(db));
		return NULL;
	}
	/* A village: the matrix of its commune, with the village selected. */
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
	if (area_kind_level(a.kind) != 2) {
		area_free(&a);
		tui_message(t, true, "%s", _("The criteria matrix is for a commune: select one"));
		return NULL;
	}
	view *v = xcalloc(1, sizeof *v);
	v->ops = &matrix_ops;
	matrix_view *w = xcalloc(1, sizeof *w);
	w->commune_id = a.id;
	w->commune_name = xstrdup(a.name);
	area_free(&a);
	v->data = w;
	load(t, v);
	select_village(v, select);
	return v;
}
