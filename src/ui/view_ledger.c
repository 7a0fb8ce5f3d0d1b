#include "config.h"
/* The resource ledger of an area and everything below it, for a period (the TUI's year, or one
 * chosen with p: a quarter, a half year, any range of days), newest first: one row per entry,
 * then the period's totals by source and by form. a adds an entry in a form, Enter edits the
 * selected one, x deletes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/resource.h"
#include "storage/db.h"
#include "ui/form.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

#define AREA_COLS 18     /* the columns at most (longer texts end in …) */
#define SOURCE_COLS 12
#define FORM_COLS 16
#define VALUE_COLS 17
#define WORK_MIN 10      /* the work keeps this much before other columns shrink */

/* The areas an entry may be for: a village's ledger has one (no field); a commune's, the commune
 * and its villages; a district's or province's, every commune and village below it. */
typedef struct area_options {
	int64_t *ids;
	char **labels;
	int n;
} area_options;

static void options_add(area_options *o, int64_t id, const char *label)
{
	o->ids = xrealloc(o->ids, sizeof *o->ids * (size_t)(o->n + 1));
	o->labels = xrealloc(o->labels, sizeof *o->labels * (size_t)(o->n + 1));
	o->ids[o->n] = id;
	o->labels[o->n] = xstrdup(label);
	o->n++;
}

static void options_free(area_options *o)
{
	for (int i = 0; i < o->n; i++)
		free(o->labels[i]);
	free(o->labels);
	free(o->ids);
	memset(o, 0, sizeof *o);
}

/* Communes below parent_id (at any depth) and their villages ("Thôn 1 (Lạc Xuân)"). */
static void collect_below(km_db *db, int64_t parent_id, area_options *o)
{
	area *kids = NULL;
	size_t n = 0;
	if (area_children(db, parent_id, &kids, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		int level = area_kind_level(kids[i].kind);
		if (level < 2) {
			collect_below(db, kids[i].id, o);
			continue;
		}
		options_add(o, kids[i].id, kids[i].name);
		if (level != 2)
			continue;
		area *villages = NULL;
		size_t nv = 0;
		if (area_children(db, kids[i].id, &villages, &nv) < 0)
			continue;
		for (size_t j = 0; j < nv; j++) {
			char label[512];
			snprintf(label, sizeof label, "%s (%s)", villages[j].name, kids[i].name);
			options_add(o, villages[j].id, label);
		}
		areas_free(villages, nv);
	}
	areas_free(kids, n);
}

static void area_options_of(km_db *db, int64_t area_id, int level, area_options *o)
{
	memset(o, 0, sizeof *o);
	if (level >= 3)
		return;
	if (level == 2) {
		area self;
		if (area_get(db, area_id, &self) < 0)
			return;
		options_add(o, self.id, self.name);
		area_free(&self);
		area *kids = NULL;
		size_t n = 0;
		if (area_children(db, area_id, &kids, &n) == 0) {
			for (size_t i = 0; i < n; i++)
				options_add(o, kids[i].id, kids[i].name);
			areas_free(kids, n);
		}
		return;
	}
	collect_below(db, area_id, o);
}

/* Which option typed text names: the same text, else the one option containing it (tone marks and
 * case ignored). -1 if none, -2 if several. */
static int match_area(const area_options *o, const char *text)
{
	char *q = text_fold(text);
	int exact = -1, found = -1, count = 0;
	for (int i = 0; i < o->n && exact < 0; i++) {
		char *l = text_fold(o->labels[i]);
		if (strcmp(l, q) == 0)
			exact = i;
		else if (text_folded_contains(l, q) && count++ == 0)
			found = i;
		free(l);
	}
	free(q);
	if (exact >= 0)
		return exact;
	return count > 1 ? -2 : found;
}

typedef struct ledger_view {
	int64_t area_id;
	int level;               /* of the area: 0 province ... 3 village */
	period period;
	bool custom;             /* chosen with p (else the TUI's year) */
	int year;                /* the TUI's year the period was last set for */
	resource_entry *list;
	size_t n;
	bool loaded;
	resource_totals totals;
	area_options names;      /* a district's or province's: which commune a village is in */
	int sources[SOURCE_COUNT], nsources;   /* the sources and forms with a non-zero total */
	int forms[FORM_COUNT], nforms;
	/* column widths, from what is shown */
	int area_w, source_w, form_w, value_w;   /* area_w 0: every entry is of the area itself */
} ledger_view;

static ledger_view *W(view *v) { return v->data; }

/* The area of an entry as the list names it: "Thôn 1", or "Thôn 1 (Lạc Xuân)" in the ledger of a
 * district or province (villages of different communes often have the same name). */
static const char *entry_area(const ledger_view *w, const resource_entry *e)
{
	for (int i = 0; i < w->names.n; i++)
		if (w->names.ids[i] == e->area_id)
			return w->names.labels[i];
	return e->area_name ? e->area_name : "";
}

/* Rows: with entries, a heading, one row each, the total, the heading of the totals by source and
 * by form, their lines side by side; without, one row saying so. */
#define SIDE_BY_SIDE_COLS 60   /* narrower: the totals by form below those by source */
static int total_row(const ledger_view *w) { return (int)w->n + 1; }
static bool side_by_side(void) { return COLS >= SIDE_BY_SIDE_COLS; }
/* The rows of the totals by source and by form, headings included. */
static int nlines(const ledger_view *w)
{
	if (!side_by_side())
		return 2 + w->nsources + w->nforms;
	return 1 + (w->nsources > w->nforms ? w->nsources : w->nforms);
}

static int nrows(view *v)
{
	ledger_view *w = W(v);
	if (!w->n)
		return 1;
	int n = (int)w->n + 2 + nlines(w);
	/* The totals cannot be selected, so the cursor cannot scroll to them: on the last entry, show
	 * the end of the list (the TUI then keeps the cursor in sight). */
	int h = LINES - 3;
	if (v->cursor == (int)w->n && n > h && h > 0) {
		int top = n - h;
		v->top = top < v->cursor ? top : v->cursor;
	}
	return n;
}

static bool selectable(view *v, int r) { return W(v)->n && r >= 1 && r <= (int)W(v)->n; }
static resource_entry *entry_at(view *v, int r) { return selectable(v, r) ? &W(v)->list[r - 1] : NULL; }

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

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ')
			return false;
	return true;
}

/* A source in a word, for the list (the totals and the form use source_label). */
static const char *source_short(resource_source s)
{
	static const char *const words[SOURCE_COUNT] = {
		[SOURCE_CENTRAL] = N_("central"), [SOURCE_PROVINCE] = N_("province"),
		[SOURCE_DISTRICT] = N_("district"), [SOURCE_COMMUNE] = N_("commune"),
		[SOURCE_POOLED] = N_("pooled"), [SOURCE_CREDIT] = N_("credit"),
		[SOURCE_ENTERPRISE] = N_("enterprise"), [SOURCE_RESIDENTS] = N_("residents"),
		[SOURCE_DONORS] = N_("donors"), [SOURCE_OTHER] = N_("other"),
	};
	return (int)s >= 0 && s < SOURCE_COUNT ? _(words[s]) : "?";
}

static const char *form_short(resource_form f)
{
	static const char *const words[FORM_COUNT] = {
		[FORM_CASH] = N_("cash"), [FORM_LABOUR] = N_("labour"), [FORM_LAND] = N_("land"),
		[FORM_MATERIALS] = N_("materials"), [FORM_MACHINERY] = N_("machinery"),
		[FORM_OTHER] = N_("other"),
	};
	return (int)f >= 0 && f < FORM_COUNT ? _(words[f]) : "?";
}

/* The form of an entry as the list shows it: its quantity and unit when it has one ("35 ngày
 * công", "87,8 m²"), else the form in a word ("cash"). Into buf. */
static char *entry_form_text(const resource_entry *e, char *buf, size_t cap)
{
	if (e->has_quantity && e->form != FORM_CASH) {
		char q[40];
		vn_format_number(e->quantity, 2, q, sizeof q);
		const char *unit = e->unit && *e->unit ? e->unit : form_default_unit(e->form);
		if (unit)
			snprintf(buf, cap, "%s %s", q, unit);
		else
			snprintf(buf, cap, "%s %s", q, form_short(e->form));
	} else {
		snprintf(buf, cap, "%s", form_short(e->form));
	}
	return buf;
}

static void measure(ledger_view *w)
{
	char buf[256];
	w->area_w = text_width(_("Area"));
	w->source_w = text_width(_("Source"));
	w->form_w = text_width(_("Form"));
	w->value_w = text_width(_("Value"));
	bool other_area = false;
	for (size_t i = 0; i < w->n; i++) {
		const resource_entry *e = &w->list[i];
		w->area_w = at_least(w->area_w, entry_area(w, e));
		other_area = other_area || e->area_id != w->area_id;
		w->source_w = at_least(w->source_w, source_short(e->source));
		w->form_w = at_least(w->form_w, entry_form_text(e, buf, sizeof buf));
		w->value_w = at_least(w->value_w, vn_format_money((double)e->value, buf, sizeof buf));
	}
	if (w->area_w > AREA_COLS)
		w->area_w = AREA_COLS;
	if (w->source_w > SOURCE_COLS)
		w->source_w = SOURCE_COLS;
	if (w->form_w > FORM_COLS)
		w->form_w = FORM_COLS;
	if (w->value_w > VALUE_COLS)
		w->value_w = VALUE_COLS;
	if (!other_area)   /* the header says which */
		w->area_w = 0;
}

static void action_key(tui *t, int action, char *buf, size_t cap)
{
	const keymap *km = tui_keymap(t);
	if (km->nkeys[action])
		keymap_key_name(km->keys[action][0], buf, cap);
	else
		snprintf(buf, cap, "%s", "?");
}

static void load(tui *t, view *v)
{
	ledger_view *w = W(v);
	if (w->loaded)
		resource_entries_free(w->list, w->n);
	w->list = NULL;
	w->n = 0;
	w->loaded = false;
	memset(&w->totals, 0, sizeof w->totals);
	w->nsources = w->nforms = 0;
	km_db *db = tui_db(t);
	options_free(&w->names);
	if (w->level < 2)
		area_options_of(db, w->area_id, w->level, &w->names);
	resource_query q = { .area_id = w->area_id, .roll_up = true, .period = &w->period,
			     .source = -1, .form = -1 };
	if (resource_list(db, &q, &w->list, &w->n) < 0) {
		tui_message(t, true, "%s", db_error(db));
		w->list = NULL;
		w->n = 0;
	} else if (resource_totals_get(db, &q, &w->totals) < 0) {
		tui_message(t, true, "%s", db_error(db));
		resource_entries_free(w->list, w->n);
		w->list = NULL;
		w->n = 0;
	} else {
		w->loaded = true;
	}
	for (int s = 0; s < SOURCE_COUNT; s++)
		if (w->totals.by_source[s])
			w->sources[w->nsources++] = s;
	for (int f = 0; f < FORM_COUNT; f++)
		if (w->totals.by_form[f])
			w->forms[w->nforms++] = f;
	measure(w);
	if (w->n) {
		if (v->cursor < 1)
			v->cursor = 1;
		if (v->cursor > (int)w->n)
			v->cursor = (int)w->n;
	} else {
		v->cursor = 0;
		v->top = 0;
	}
}

/* An empty ledger says how to add an entry (not from load: a reload of a view under another one
 * must not talk). */
static void hint_if_empty(tui *t, view *v)
{
	if (W(v)->loaded && !W(v)->n) {
		char key[32];
		action_key(t, ACT_ADD_ENTRY, key, sizeof key);
		tui_message(t, false, _("%s: add an entry"), key);
	}
}

/* ---- drawing ---- */

/* The columns the date, area, source, form and value take, each with the space after it (a width
 * of 0: not shown). */
static int columns_need(int area_w, int source_w, int form_w, int value_w)
{
	return 11 + (area_w ? area_w + 1 : 0) + (source_w ? source_w + 1 : 0) + (form_w ? form_w + 1 : 0) +
	       value_w + 1;
}

/* Takes up to over columns from *col, keeping at least min; returns what is still over. */
static int shrink(int *col, int min, int over)
{
	if (over > 0 && *col > min) {
		int by = *col - min < over ? *col - min : over;
		*col -= by;
		over -= by;
	}
	return over;
}

/* Draws the columns of a row: date, area, source, form, value, work. */
static void draw_columns(ledger_view *w, int y, int width, attr_t attr, const char *date,
			 const char *where, const char *source, const char *form, const char *value,
			 const char *work)
{
	int x = 1, right = width;   /* columns x .. right-1 */
	if (right - x < 20)
		return;
	screen_text(y, x, "", right - x, attr, true);
	char buf[512];
	/* Narrow: the area shorter, then gone; the form and source shorter, then gone; the work gets
	 * what is left. */
	int area_w = w->area_w, source_w = w->source_w, form_w = w->form_w, avail = right - x;
	int over = columns_need(area_w, source_w, form_w, w->value_w) + WORK_MIN - avail;
	if (over > 0 && area_w) {
		area_w -= over;
		if (area_w < 6)
			area_w = 0;
	}
	over = columns_need(area_w, source_w, form_w, w->value_w) + WORK_MIN - avail;
	over = shrink(&form_w, 8, over);
	shrink(&source_w, 5, over);
	if (columns_need(area_w, source_w, form_w, w->value_w) > avail)
		source_w = 0;
	if (columns_need(area_w, source_w, form_w, w->value_w) > avail)
		form_w = 0;
	int rest = avail - columns_need(area_w, source_w, form_w, w->value_w);
	screen_text(y, x, date, 10, attr, false);
	x += 11;
	if (area_w) {
		fit(where, area_w, buf, sizeof buf);
		screen_text(y, x, buf, area_w, attr, false);
		x += area_w + 1;
	}
	if (source_w) {
		fit(source, source_w, buf, sizeof buf);
		screen_text(y, x, buf, source_w, attr, false);
		x += source_w + 1;
	}
	if (form_w) {
		fit(form, form_w, buf, sizeof buf);
		screen_text(y, x, buf, form_w, attr, false);
		x += form_w + 1;
	}
	fit(value, w->value_w, buf, sizeof buf);
	screen_text_right(y, x, buf, w->value_w, attr);
	x += w->value_w + 1;
	if (rest > 0) {
		fit(work, rest, buf, sizeof buf);
		screen_text(y, x, buf, rest, attr, false);
	}
}

/* A label and an amount, right-aligned, in columns x .. x+width-1. */
static void draw_amount_line(int y, int x, int width, const char *label, double dong, attr_t attr)
{
	char amount[64], buf[256];
	vn_format_money(dong, amount, sizeof amount);
	int aw = text_width(amount);
	if (aw > width)
		aw = width;
	fit(label, width - aw - 1, buf, sizeof buf);
	screen_text(y, x, buf, width - aw - 1, attr, false);
	screen_text_right(y, x + width - aw, amount, aw, attr);
}

static void draw_totals(ledger_view *w, int r, int y, int width)
{
	int first = total_row(w);
	if (r == first) {
		strbuf b;
		sb_init(&b);
		sb_printf(&b, ngettext("Total: %d entry", "Total: %d entries", (unsigned long)w->totals.count),
			  (int)w->totals.count);
		char q[40];
		if (w->totals.labour_days > 0) {
			const char *unit = form_default_unit(FORM_LABOUR);
			sb_printf(&b, ", %s %s", vn_format_number(w->totals.labour_days, 2, q, sizeof q),
				  unit ? unit : form_short(FORM_LABOUR));
		}
		if (w->totals.land_m2 > 0) {
			const char *unit = form_default_unit(FORM_LAND);
			sb_printf(&b, ", %s %s", vn_format_number(w->totals.land_m2, 2, q, sizeof q),
				  unit ? unit : form_short(FORM_LAND));
		}
		draw_amount_line(y, 1, width - 1, b.s, (double)w->totals.value, A_BOLD);
		sb_free(&b);
		return;
	}
	int i = r - first - 1;
	if (!side_by_side()) {   /* by source, then by form */
		if (i == 0 || i == w->nsources + 1) {
			screen_text(y, 1, i ? _("By form") : _("By source"), width - 1, A_BOLD, false);
		} else if (i <= w->nsources) {
			resource_source s = (resource_source)w->sources[i - 1];
			draw_amount_line(y, 2, width - 2, source_label(s), (double)w->totals.by_source[s], A_NORMAL);
		} else {
			resource_form f = (resource_form)w->forms[i - w->nsources - 2];
			draw_amount_line(y, 2, width - 2, form_label(f), (double)w->totals.by_form[f], A_NORMAL);
		}
		return;
	}
	/* Two columns: by source on the left (the longer names: "State budget: province"), by form
	 * on the right. */
	int left_w = width * 11 / 20 - 3, right_x = left_w + 4, right_w = width - right_x;
	if (i == 0) {
		screen_text(y, 1, _("By source"), left_w + 1, A_BOLD, false);
		screen_text(y, right_x, _("By form"), right_w, A_BOLD, false);
		return;
	}
	i--;
	if (i < w->nsources) {
		resource_source s = (resource_source)w->sources[i];
		draw_amount_line(y, 2, left_w, source_label(s), (double)w->totals.by_source[s], A_NORMAL);
	}
	if (i < w->nforms) {
		resource_form f = (resource_form)w->forms[i];
		draw_amount_line(y, right_x + 1, right_w - 1, form_label(f), (double)w->totals.by_form[f], A_NORMAL);
	}
}

static void draw_row(tui *t, view *v, int r, int y, int width, bool selected)
{
	(void)t;
	ledger_view *w = W(v);
	if (!w->n) {
		if (!w->loaded)
			return;
		char buf[256];
		snprintf(buf, sizeof buf, _("No resource entries in %s."), w->period.label);
		screen_text(y, 1, buf, width - 2, screen_attr(PAIR_DIM), false);
		return;
	}
	if (r == 0) {
		draw_columns(w, y, width, A_BOLD, _("Date"), _("Area"), _("Source"), _("Form"), _("Value"),
			     _("Work"));
		return;
	}
	if (r > (int)w->n) {
		draw_totals(w, r, y, width);
		return;
	}
	const resource_entry *e = &w->list[r - 1];
	char date[16], form[128], value[64];
	vn_format_iso_date(e->date, date, sizeof date);
	entry_form_text(e, form, sizeof form);
	vn_format_money((double)e->value, value, sizeof value);
	draw_columns(w, y, width, selected ? A_REVERSE : A_NORMAL, date,
		     entry_area(w, e), source_short(e->source), form, value,
		     e->work ? e->work : "");
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	ledger_view *w = W(v);
	area *path;
	size_t n;
	if (area_path(tui_db(t), w->area_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	sb_printf(out, _("  (resources, %s)"), w->period.label);
}

/* ---- the form ---- */

enum { F_DATE, F_AREA, F_SOURCE, F_FORM, F_QUANTITY, F_UNIT, F_VALUE, F_WORK, F_CONTRIBUTOR, F_NOTE,
       F_COUNT };

struct form_ctx {
	tui *t;
	int64_t id;              /* the entry edited (0: a new one) */
	int64_t version;         /* the version read for an edit (see resource_save) */
	int64_t fixed_area_id;   /* without an Area field */
	const area_options *areas;
	int at[F_COUNT];         /* each field's place in the form, -1 if not in it */
	int64_t saved_id;
	strbuf summary;          /* "1.500.000 đ from residents (cash) on 15/12/2025" */
};

static char *text_or_null(const form_field *f)
{
	return blank(f->text) ? NULL : f->text;
}

static void refuse(form_field *f, const char *why)
{
	snprintf(f->error, sizeof f->error, "%s", why);
}

static bool save_entry(void *p, form_field *fields, int n, char *message, size_t cap)
{
	struct form_ctx *x = p;
	(void)n;
	km_db *db = tui_db(x->t);
	form_field *f_date = &fields[x->at[F_DATE]], *f_source = &fields[x->at[F_SOURCE]],
		   *f_form = &fields[x->at[F_FORM]], *f_qty = &fields[x->at[F_QUANTITY]],
		   *f_unit = &fields[x->at[F_UNIT]], *f_value = &fields[x->at[F_VALUE]];
	resource_entry e = { 0 };
	e.id = x->id;
	e.version = x->version;
	e.area_id = x->fixed_area_id;
	if (x->at[F_AREA] >= 0) {
		form_field *f_area = &fields[x->at[F_AREA]];
		int i = f_area->choice >= 0 ? f_area->choice : match_area(x->areas, f_area->text);
		if (i == -2) {
			refuse(f_area, _("Several match: use PgUp/PgDn"));
			return false;
		}
		if (i < 0) {
			refuse(f_area, _("No such area: use PgUp/PgDn"));
			return false;
		}
		e.area_id = x->areas->ids[i];
	}
	char iso[11], today[11];
	if (!form_date_iso(f_date, iso, sizeof iso)) {
		refuse(f_date, _("Required"));
		return false;
	}
	if (strcmp(iso, vn_today_iso(today, sizeof today)) > 0) {
		refuse(f_date, _("After today"));
		return false;
	}
	memcpy(e.date, iso, sizeof e.date);
	e.source = f_source->choice >= 0 ? (resource_source)f_source->choice : SOURCE_OTHER;
	e.form = f_form->choice >= 0 ? (resource_form)f_form->choice : FORM_CASH;
	if (!blank(f_qty->text)) {
		const char *err;
		if (!vn_parse_number(f_qty->text, &e.quantity, &err)) {
			refuse(f_qty, _(err));
			return false;
		}
		if (e.quantity < 0) {
			refuse(f_qty, _("Cannot be negative"));
			return false;
		}
		e.has_quantity = true;
	}
	double dong;
	if (!form_money(f_value, &dong)) {
		refuse(f_value, _("Required"));
		return false;
	}
	e.value = (int64_t)(dong + 0.5);
	if (e.form == FORM_CASH && e.has_quantity && e.quantity != (double)e.value) {
		refuse(f_qty, _("For cash, the value is the amount: leave this empty"));
		return false;
	}
	char unit[128] = "";
	if (!blank(f_unit->text))
		snprintf(unit, sizeof unit, "%s", f_unit->text);
	else if (form_default_unit(e.form))
		snprintf(unit, sizeof unit, "%s", form_default_unit(e.form));
	e.unit = unit[0] ? unit : NULL;
	e.work = text_or_null(&fields[x->at[F_WORK]]);
	e.contributor = text_or_null(&fields[x->at[F_CONTRIBUTOR]]);
	e.note = text_or_null(&fields[x->at[F_NOTE]]);
	if (!resource_check(db, &e, message, cap))
		return false;
	int64_t id = 0;
	if (resource_save(db, &e, &id) < 0) {
		snprintf(message, cap, "%s", db_error(db));
		return false;
	}
	x->saved_id = id;
	char value[64], date[16], form[128];
	sb_clear(&x->summary);
	sb_printf(&x->summary, _("%s from %s (%s) on %s"), vn_format_money((double)e.value, value, sizeof value),
		  source_short(e.source), entry_form_text(&e, form, sizeof form),
		  vn_format_iso_date(iso, date, sizeof date));
	return true;
}

/* Runs the form for old (an edit) or a new entry in the ledger of w; true if saved, with its id
 * in *saved_id and the message set. */
static bool run_form(tui *t, ledger_view *w, const resource_entry *old, int64_t *saved_id)
{
	km_db *db = tui_db(t);
	const char *sources[SOURCE_COUNT], *forms[FORM_COUNT];
	for (int i = 0; i < SOURCE_COUNT; i++)
		sources[i] = source_label((resource_source)i);
	for (int i = 0; i < FORM_COUNT; i++)
		forms[i] = form_label((resource_form)i);
	area_options areas;
	area_options_of(db, w->area_id, w->level, &areas);

	/* Defaults of a new entry: the date, area and source of this user's last entry. */
	resource_entry last;
	bool have_last = !old && resource_last(db, &last);

	strbuf title, where;
	sb_init(&title);
	sb_init(&where);
	area *path;
	size_t np;
	if (area_path(db, w->area_id, &path, &np) == 0) {
		area_path_text(path, np, " › ", &where);
		areas_free(path, np);
	}
	sb_printf(&title, old ? _("Resource entry in the ledger of %s") : _("New resource entry for %s"), where.s);
	sb_free(&where);

	struct form_ctx x = { .t = t, .id = old ? old->id : 0, .version = old ? old->version : 0, .areas = &areas,
			      .fixed_area_id = old ? old->area_id : w->area_id };
	sb_init(&x.summary);
	form_field f[F_COUNT];
	memset(f, 0, sizeof f);
	int n = 0;
	for (int k = 0; k < F_COUNT; k++) {
		if (k == F_AREA && w->level >= 3) {
			x.at[k] = -1;
			continue;
		}
		x.at[k] = n++;
	}
	char buf[64];
	form_field *fd = &f[x.at[F_DATE]];
	*fd = (form_field){ .label = _("Date"), .kind = FIELD_DATE, .required = true, .hint = _("dd/mm/yyyy") };
	if (x.at[F_AREA] >= 0) {
		form_field *fa = &f[x.at[F_AREA]];
		int64_t want = old ? old->area_id : have_last ? last.area_id : 0;
		int choice = -1;
		for (int i = 0; i < areas.n; i++)
			if (areas.ids[i] == want)
				choice = i;
		bool many = w->level < 2;   /* a district's or province's: type a name, or PgUp/PgDn */
		if (choice < 0 && !many && areas.n)
			choice = 0;
		*fa = (form_field){ .label = _("Area"), .kind = FIELD_CHOICE, .required = true,
				    .options = (const char *const *)areas.labels, .noptions = areas.n,
				    .choice = choice, .free_text = many,
				    .hint = many ? _("PgUp/PgDn: list") : NULL };
	}
	f[x.at[F_SOURCE]] = (form_field){ .label = _("Source"), .kind = FIELD_CHOICE, .required = true,
					  .options = sources, .noptions = SOURCE_COUNT,
					  .choice = old ? (int)old->source
						  : have_last ? (int)last.source : SOURCE_RESIDENTS };
	f[x.at[F_FORM]] = (form_field){ .label = _("Form"), .kind = FIELD_CHOICE, .required = true,
					.options = forms, .noptions = FORM_COUNT,
					.choice = old ? (int)old->form : FORM_CASH };
	f[x.at[F_QUANTITY]] = (form_field){ .label = _("Quantity"), .kind = FIELD_NUMBER,
					    .hint = _("days, m², tonnes…") };
	f[x.at[F_UNIT]] = (form_field){ .label = _("Unit"), .kind = FIELD_TEXT,
					.hint = _("empty: by the form") };
	f[x.at[F_VALUE]] = (form_field){ .label = _("Value (đồng)"), .kind = FIELD_MONEY, .required = true,
					 .hint = _("e.g. 1,5 triệu") };
	f[x.at[F_WORK]] = (form_field){ .label = _("Work"), .kind = FIELD_TEXT,
					.hint = _("what it was for") };
	f[x.at[F_CONTRIBUTOR]] = (form_field){ .label = _("Contributor"), .kind = FIELD_TEXT,
					       .hint = _("household, enterprise") };
	f[x.at[F_NOTE]] = (form_field){ .label = _("Note"), .kind = FIELD_TEXT };
	if (old) {
		fd->text = xstrdup(vn_format_iso_date(old->date, buf, sizeof buf));
		f[x.at[F_QUANTITY]].text = xstrdup(old->has_quantity ? vn_format_number(old->quantity, 6, buf, sizeof buf) : "");
		f[x.at[F_UNIT]].text = xstrdup(old->unit ? old->unit : "");
		f[x.at[F_VALUE]].text = xstrdup(vn_format_number((double)old->value, 0, buf, sizeof buf));
		f[x.at[F_WORK]].text = xstrdup(old->work ? old->work : "");
		f[x.at[F_CONTRIBUTOR]].text = xstrdup(old->contributor ? old->contributor : "");
		f[x.at[F_NOTE]].text = xstrdup(old->note ? old->note : "");
	} else if (have_last && last.date[0]) {
		fd->text = xstrdup(vn_format_iso_date(last.date, buf, sizeof buf));
	} else {
		char today[16];
		fd->text = xstrdup(vn_format_iso_date(vn_today_iso(today, sizeof today), buf, sizeof buf));
	}
	if (have_last)
		resource_entry_free(&last);

	bool saved = form_run(t, title.s, f, n, save_entry, &x);
	if (saved) {
		tui_message(t, false, _("Saved: %s"), x.summary.s);
		if (saved_id)
			*saved_id = x.saved_id;
	}
	sb_free(&x.summary);
	form_fields_free(f, n);
	options_free(&areas);
	sb_free(&title);
	return saved;
}

/* After a save: the list again, the saved entry selected (or a word on why it is not shown). */
static void show_saved(tui *t, view *v, int64_t id)
{
	load(t, v);
	ledger_view *w = W(v);
	for (size_t i = 0; i < w->n; i++)
		if (w->list[i].id == id) {
			v->cursor = (int)i + 1;
			return;
		}
	resource_entry e;
	if (resource_get(tui_db(t), id, &e) == 0) {
		char date[16];
		vn_format_iso_date(e.date, date, sizeof date);
		tui_message(t, false, _("Saved; dated %s, so not in the period %s"), date, w->period.label);
		resource_entry_free(&e);
	}
}

static void add(tui *t, view *v)
{
	int64_t id = 0;
	if (run_form(t, W(v), NULL, &id))
		show_saved(t, v, id);
}

static void edit(tui *t, view *v)
{
	resource_entry *sel = entry_at(v, v->cursor);
	if (!sel)
		return;
	resource_entry e;
	if (resource_get(tui_db(t), sel->id, &e) < 0) {
		tui_message(t, true, "%s", db_error(tui_db(t)));
		return;
	}
	int64_t id = 0;
	if (run_form(t, W(v), &e, &id))
		show_saved(t, v, id);
	resource_entry_free(&e);
}

static void delete_selected(tui *t, view *v)
{
	resource_entry *sel = entry_at(v, v->cursor);
	if (!sel)
		return;
	char date[16], value[64], form[128];
	vn_format_iso_date(sel->date, date, sizeof date);
	vn_format_money((double)sel->value, value, sizeof value);
	entry_form_text(sel, form, sizeof form);
	strbuf what;
	sb_init(&what);
	sb_printf(&what, _("%s from %s (%s) on %s"), value, source_short(sel->source), form, date);
	char question[512];
	snprintf(question, sizeof question, _("Delete the entry %s? (y/n)"), what.s);
	if (tui_confirm(t, question)) {
		km_db *db = tui_db(t);
		if (resource_delete(db, sel->id) < 0) {
			tui_message(t, true, "%s", db_error(db));
		} else {
			load(t, v);
			tui_message(t, false, _("Deleted: %s"), what.s);
			hint_if_empty(t, v);
		}
	}
	sb_free(&what);
}

/* ---- the period ---- */

static bool check_period(void *ctx, const char *text, char *err, size_t cap)
{
	(void)ctx;
	period p;
	const char *why = NULL;
	if (blank(text) || period_parse(text, &p, &why))
		return true;
	snprintf(err, cap, "%s", why ? _(why) : _("Not a period"));
	return false;
}

static void choose_period(tui *t, view *v)
{
	ledger_view *w = W(v);
	char *text = tui_prompt(t, _("Period (2025, 2025-H1, 2025-Q2, dd/mm/yyyy-dd/mm/yyyy):"),
				w->period.label, check_period, NULL);
	if (!text)
		return;
	const char *why = NULL;
	if (blank(text)) {
		period_year(tui_year(t), &w->period);
		w->custom = false;
	} else if (period_parse(text, &w->period, &why)) {
		w->custom = true;
	}
	w->year = tui_year(t);
	free(text);
	v->cursor = 1;
	v->top = 0;
	load(t, v);
	tui_message(t, false, ngettext("Period %s: %d entry", "Period %s: %d entries", (unsigned long)W(v)->n),
		    w->period.label, (int)W(v)->n);
	hint_if_empty(t, v);
}

/* iso moved by years whole years (29 February becomes 28), as dd/mm/yyyy into buf. */
static void shift_date(const char *iso, int years, char *buf, size_t cap)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3) {
		snprintf(buf, cap, "%s", iso);
		return;
	}
	y += years;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		d = 28;
	snprintf(buf, cap, "%02d/%02d/%04d", d, m, y);
}

/* The year keys moved the TUI's year by delta: the year's period follows it; a chosen one moves by
 * as many years (2025-Q1 -> 2024-Q1). */
static void follow_year(ledger_view *w, int year, int delta)
{
	if (w->custom) {
		char text[64];
		const char *label = w->period.label;
		size_t len = strlen(label);
		int y = atoi(label);
		if (len >= 4 && y >= 1000 && strspn(label, "0123456789") == 4 && (len == 4 || label[4] == '-'))
			snprintf(text, sizeof text, "%d%s", y + delta, label + 4);
		else {
			char from[16], to[16];
			shift_date(w->period.from, delta, from, sizeof from);
			shift_date(w->period.to, delta, to, sizeof to);
			snprintf(text, sizeof text, "%s-%s", from, to);
		}
		period p;
		const char *why;
		if (period_parse(text, &p, &why)) {
			w->period = p;
			return;
		}
	}
	period_year(year, &w->period);
	w->custom = false;
}

static bool act(tui *t, view *v, int action)
{
	switch (action) {
	case ACT_OPEN:
		edit(t, v);
		return true;
	case ACT_ADD_ENTRY:
		add(t, v);
		return true;
	case ACT_CLEAR:
		delete_selected(t, v);
		return true;
	case ACT_PERIOD:
		choose_period(t, v);
		return true;
	default:
		return false;
	}
}

static void reload(tui *t, view *v)
{
	ledger_view *w = W(v);
	int year = tui_year(t);
	if (year != w->year) {
		follow_year(w, year, year - w->year);
		w->year = year;
	}
	load(t, v);
}

static int64_t current_area(view *v)
{
	return W(v)->area_id;
}

static void destroy(view *v)
{
	ledger_view *w = W(v);
	if (w->loaded)
		resource_entries_free(w->list, w->n);
	options_free(&w->names);
	free(w);
	free(v);
}

/* The selected entry, for its audit trail (U). */
static bool record(view *v, const char **table, char *key, size_t cap)
{
	resource_entry *sel = entry_at(v, v->cursor);
	if (!sel)
		return false;
	*table = "resource_entry";
	snprintf(key, cap, "%lld", (long long)sel->id);
	return true;
}

static const view_ops ledger_ops = {
	.bit = VIEW_LEDGER,
	.nrows = nrows,
	.selectable = selectable,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.reload = reload,
	.destroy = destroy,
	.area = current_area,
	.record = record,
};

view *view_ledger_new(tui *t, int64_t area_id)
{
	km_db *db = tui_db(t);
	area a;
	if (!area_id) {
		tui_message(t, true, "%s", _("Select an area first"));
		return NULL;
	}
	if (area_get(db, area_id, &a) < 0) {
		tui_message(t, true, "%s", db_error(db));
		return NULL;
	}
	view *v = xcalloc(1, sizeof *v);
	v->ops = &ledger_ops;
	ledger_view *w = xcalloc(1, sizeof *w);
	w->area_id = area_id;
	w->level = area_kind_level(a.kind);
	area_free(&a);
	w->year = tui_year(t);
	period_year(w->year, &w->period);
	v->data = w;
	v->cursor = 1;
	load(t, v);
	hint_if_empty(t, v);
	return v;
}
