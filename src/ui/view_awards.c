#include "config.h"
/* The commendations of an area and everything below it, for the year (the decisions dated in
 * it), newest first: one line each with a totals line; a adds one in a form, Enter edits the
 * selected one, x deletes it, F filters by level, form or recipient kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/award.h"
#include "storage/db.h"
#include "ui/form.h"
#include "ui/picker.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

#define FORM_COLS 18     /* the form column at most (longer ones end in …) */
#define LEVEL_COLS 10
#define AMOUNT_COLS 17

typedef struct awards_view {
	int64_t scope_area_id;
	award *list;
	size_t n;
	bool loaded;
	double total;          /* of the amounts */
	/* the filter (besides the year) */
	int level, kind;       /* -1: any */
	char *form;            /* NULL: any */
	/* column widths, from what is shown */
	int form_w, level_w, amount_w, area_w;   /* area_w 0: every award is of one area */
} awards_view;

static awards_view *W(view *v) { return v->data; }

/* Rows: with awards, a heading, one row each, then the totals; without, one row saying so. */
static int nrows(view *v) { return W(v)->n ? (int)W(v)->n + 2 : 1; }
static bool selectable(view *v, int r) { return W(v)->n && r >= 1 && r <= (int)W(v)->n; }
static award *award_at(view *v, int r) { return selectable(v, r) ? &W(v)->list[r - 1] : NULL; }

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

/* The level in a word, for the list ("district"; the form says "district level"). */
static const char *level_short(award_level l)
{
	static const char *const words[AWARD_LEVEL_COUNT] = {
		[AWARD_COMMUNE] = N_("commune"), [AWARD_DISTRICT] = N_("district"),
		[AWARD_PROVINCE] = N_("province"), [AWARD_MINISTRY] = N_("ministry"),
		[AWARD_NATIONAL] = N_("national"),
	};
	return (int)l >= 0 && l < AWARD_LEVEL_COUNT ? _(words[l]) : "?";
}

/* A form as cadres abbreviate it in tables: "Giấy khen của Chủ tịch UBND huyện" -> "GK CT UBND
 * huyện". Into buf. */
static void form_short(const char *form, char *buf, size_t cap)
{
	static const char *const abbrev[][2] = {
		{ "Giấy khen", "GK" }, { "Bằng khen", "BK" }, { "Huân chương", "HC" },
		{ "Huy chương", "HC" }, { "Thủ tướng Chính phủ", "TTCP" }, { "Chủ tịch ", "CT " },
		{ " của ", " " },
	};
	strbuf b;
	sb_init(&b);
	sb_add(&b, form ? form : "");
	for (size_t i = 0; i < sizeof abbrev / sizeof abbrev[0]; i++) {
		const char *from = abbrev[i][0], *to = abbrev[i][1];
		char *at;
		while ((at = strstr(b.s, from)) != NULL) {
			strbuf n;
			sb_init(&n);
			sb_addn(&n, b.s, (size_t)(at - b.s));
			sb_add(&n, to);
			sb_add(&n, at + strlen(from));
			sb_free(&b);
			b = n;
		}
	}
	snprintf(buf, cap, "%s", b.s);
	sb_free(&b);
}

static int at_least(int w, const char *s)
{
	int sw = text_width(s);
	return sw > w ? sw : w;
}

static void measure(awards_view *w)
{
	char buf[256];
	w->form_w = text_width(_("Form"));
	w->level_w = text_width(_("Level"));
	w->area_w = text_width(_("Area"));
	w->amount_w = at_least(text_width(_("Amount")), vn_format_money(w->total, buf, sizeof buf));
	bool one_area = true;
	for (size_t i = 0; i < w->n; i++) {
		const award *a = &w->list[i];
		form_short(a->form, buf, sizeof buf);
		w->form_w = at_least(w->form_w, buf);
		w->level_w = at_least(w->level_w, level_short(a->level));
		w->area_w = at_least(w->area_w, a->area_name ? a->area_name : "");
		one_area = one_area && a->area_id == w->list[0].area_id;
		if (a->has_amount)
			w->amount_w = at_least(w->amount_w, vn_format_money(a->amount, buf, sizeof buf));
	}
	if (w->form_w > FORM_COLS)
		w->form_w = FORM_COLS;
	if (w->level_w > LEVEL_COLS)
		w->level_w = LEVEL_COLS;
	if (w->amount_w > AMOUNT_COLS)
		w->amount_w = AMOUNT_COLS;
	if (one_area)   /* the header says which */
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
	awards_view *w = W(v);
	if (w->loaded)
		awards_free(w->list, w->n);
	w->list = NULL;
	w->n = 0;
	w->total = 0;
	w->loaded = false;
	km_db *db = tui_db(t);
	award_filter f = { .scope_area_id = w->scope_area_id, .year = tui_year(t), .level = w->level,
			   .kind = w->kind, .form = w->form };
	if (award_list(db, &f, &w->list, &w->n) < 0) {
		tui_message(t, true, "%s", db_error(db));
		w->list = NULL;
		w->n = 0;
	} else {
		w->loaded = true;
	}
	for (size_t i = 0; i < w->n; i++)
		if (w->list[i].has_amount)
			w->total += w->list[i].amount;
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

/* An empty list says how to add one (not from load: a reload of a view under another one must
 * not talk). */
static void hint_if_empty(tui *t, view *v)
{
	if (W(v)->loaded && !W(v)->n) {
		char key[32];
		action_key(t, ACT_ADD_AWARD, key, sizeof key);
		tui_message(t, false, _("%s: add a commendation"), key);
	}
}

static bool filtered(const awards_view *w)
{
	return w->level >= 0 || w->kind >= 0 || w->form;
}

/* "district, Giấy khen, household" ("" without a filter). */
static void filter_text(const awards_view *w, strbuf *out)
{
	const char *sep = "";
	if (w->level >= 0) {
		sb_add(out, award_level_label((award_level)w->level));
		sep = ", ";
	}
	if (w->form) {
		sb_printf(out, "%s%s", sep, w->form);
		sep = ", ";
	}
	if (w->kind >= 0)
		sb_printf(out, "%s%s", sep, recipient_kind_label((recipient_kind)w->kind));
}

/* Draws the columns of a row: date, form, level, recipient, area, amount. */
static void draw_columns(awards_view *w, int y, int width, attr_t attr, const char *date,
			 const char *form, const char *level, const char *recipient, const char *where,
			 const char *amount)
{
	int x = 1, right = width;   /* columns x .. right-1 */
	if (right - x < 20)
		return;
	screen_text(y, x, "", right - x, attr, true);
	char buf[256];
	int amount_x = right - w->amount_w;
	/* Whatever is left between the level and the amount: the recipient, then the area. */
	int fixed = 10 + 1 + w->form_w + 1 + w->level_w + 1;
	int rest = amount_x - 2 - x - fixed;
	int area_w = w->area_w;
	if (area_w > rest / 3)
		area_w = rest / 3;
	int recipient_w = area_w ? rest - area_w - 1 : rest;
	if (recipient_w < 4) {   /* narrow: no area column */
		recipient_w = rest;
		area_w = 0;
	}
	screen_text(y, x, date, 10, attr, false);
	x += 11;
	fit(form, w->form_w, buf, sizeof buf);
	screen_text(y, x, buf, w->form_w, attr, false);
	x += w->form_w + 1;
	fit(level, w->level_w, buf, sizeof buf);
	screen_text(y, x, buf, w->level_w, attr, false);
	x += w->level_w + 1;
	if (recipient_w > 0) {
		fit(recipient, recipient_w, buf, sizeof buf);
		screen_text(y, x, buf, recipient_w, attr, false);
		x += recipient_w + 1;
	}
	if (area_w > 0) {
		fit(where, area_w, buf, sizeof buf);
		screen_text(y, x, buf, area_w, attr, false);
	}
	screen_text_right(y, amount_x, amount, w->amount_w, attr);
}

static void draw_row(tui *t, view *v, int r, int y, int width, bool selected)
{
	awards_view *w = W(v);
	if (!w->n) {
		if (!w->loaded)
			return;
		strbuf b;
		sb_init(&b);
		if (filtered(w)) {
			strbuf ft;
			sb_init(&ft);
			filter_text(w, &ft);
			sb_printf(&b, _("No commendations in %d matching the filter (%s)."), tui_year(t), ft.s);
			sb_free(&ft);
		} else {
			sb_printf(&b, _("No commendations in %d."), tui_year(t));
		}
		screen_text(y, 1, b.s, width - 2, screen_attr(PAIR_DIM), false);
		sb_free(&b);
		return;
	}
	char amount[64] = "";
	if (r == 0) {
		draw_columns(w, y, width, A_BOLD, _("Date"), _("Form"), _("Level"), _("Recipient"), _("Area"),
			     _("Amount"));
		return;
	}
	if (r == (int)w->n + 1) {
		char label[128];
		snprintf(label, sizeof label, ngettext("Total: %d commendation", "Total: %d commendations",
						       (unsigned long)w->n), (int)w->n);
		vn_format_money(w->total, amount, sizeof amount);
		int right = width;
		screen_text(y, 1, label, right - w->amount_w - 2, A_BOLD, false);
		screen_text_right(y, right - w->amount_w, amount, w->amount_w, A_BOLD);
		return;
	}
	const award *a = &w->list[r - 1];
	char date[16], recipient[256], form[256];
	form_short(a->form, form, sizeof form);
	vn_format_iso_date(a->decision_date ? a->decision_date : "", date, sizeof date);
	snprintf(recipient, sizeof recipient, "%s (%s)", a->recipient ? a->recipient : "",
		 recipient_kind_label(a->kind));
	if (a->has_amount)
		vn_format_money(a->amount, amount, sizeof amount);
	draw_columns(w, y, width, selected ? A_REVERSE : A_NORMAL, date, form,
		     level_short(a->level), recipient, a->area_name ? a->area_name : "", amount);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	awards_view *w = W(v);
	area *path;
	size_t n;
	if (area_path(tui_db(t), w->scope_area_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	if (filtered(w)) {
		strbuf ft;
		sb_init(&ft);
		filter_text(w, &ft);
		sb_printf(out, _("  (commendations, %d, %s)"), tui_year(t), ft.s);
		sb_free(&ft);
	} else {
		sb_printf(out, _("  (commendations, %d)"), tui_year(t));
	}
}

/* ---- the form ---- */

enum { F_KIND, F_RECIPIENT, F_FORM, F_LEVEL, F_ISSUER, F_NUMBER, F_DATE, F_AMOUNT, F_REASON, F_NOTE,
       F_COUNT };

struct form_ctx {
	tui *t;
	int64_t id, area_id, recognition_id;
	int64_t version;    /* the version read for an edit: saving over a newer one is refused */
	int64_t saved_id;
	strbuf summary;     /* "Giấy khen to Thôn 1, decision 12/QĐ-UBND of 15/12/2025" */
};

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ')
			return false;
	return true;
}

static char *text_or_null(const form_field *f)
{
	return blank(f->text) ? NULL : f->text;
}

static bool save_award(void *p, form_field *f, int n, char *message, size_t cap)
{
	struct form_ctx *x = p;
	(void)n;
	km_db *db = tui_db(x->t);
	award a = { 0 };
	a.id = x->id;
	a.area_id = x->area_id;
	a.recognition_id = x->recognition_id;
	a.version = x->version;
	a.kind = f[F_KIND].choice >= 0 ? (recipient_kind)f[F_KIND].choice : RECIPIENT_AREA;
	a.level = f[F_LEVEL].choice >= 0 ? (award_level)f[F_LEVEL].choice : AWARD_DISTRICT;
	a.recipient = f[F_RECIPIENT].text;
	a.form = f[F_FORM].text;
	a.issuer = text_or_null(&f[F_ISSUER]);
	a.decision_no = f[F_NUMBER].text;
	char iso[16];
	if (!form_date_iso(&f[F_DATE], iso, sizeof iso)) {
		snprintf(f[F_DATE].error, sizeof f[F_DATE].error, "%s", _("Required"));
		return false;
	}
	char today[16];
	if (strcmp(iso, vn_today_iso(today, sizeof today)) > 0) {
		snprintf(f[F_DATE].error, sizeof f[F_DATE].error, "%s", _("After today"));
		return false;
	}
	a.decision_date = iso;
	a.has_amount = form_money(&f[F_AMOUNT], &a.amount);
	if (a.has_amount && a.amount < 0) {
		snprintf(f[F_AMOUNT].error, sizeof f[F_AMOUNT].error, "%s", _("Cannot be negative"));
		return false;
	}
	a.reason = text_or_null(&f[F_REASON]);
	a.note = text_or_null(&f[F_NOTE]);
	int64_t id = 0;
	if (award_save(db, &a, &id) < 0) {
		snprintf(message, cap, "%s", db_error(db));
		return false;
	}
	x->saved_id = id;
	char date[16];
	vn_format_iso_date(iso, date, sizeof date);
	sb_clear(&x->summary);
	sb_printf(&x->summary, _("%s to %s, decision %s of %s"), f[F_FORM].text, f[F_RECIPIENT].text,
		  f[F_NUMBER].text, date);
	return true;
}

/* Runs the form for old (an edit) or a new award of area_id; true if saved, with its id in
 * *saved_id and the message set. */
static bool run_form(tui *t, const award *old, int64_t area_id, int64_t *saved_id)
{
	km_db *db = tui_db(t);
	const char *kinds[RECIPIENT_KIND_COUNT], *levels[AWARD_LEVEL_COUNT];
	for (int i = 0; i < RECIPIENT_KIND_COUNT; i++)
		kinds[i] = recipient_kind_label((recipient_kind)i);
	for (int i = 0; i < AWARD_LEVEL_COUNT; i++)
		levels[i] = award_level_label((award_level)i);
	size_t nforms = 0;
	const char *const *forms = award_common_forms(&nforms);

	area ar = { 0 };
	bool have_area = area_get(db, area_id, &ar) == 0;
	strbuf title;
	sb_init(&title);
	area *path;
	size_t np;
	strbuf where;
	sb_init(&where);
	if (area_path(db, area_id, &path, &np) == 0) {
		area_path_text(path, np, " › ", &where);
		areas_free(path, np);
	}
	sb_printf(&title, old ? _("Commendation of %s") : _("New commendation of %s"), where.s);
	sb_free(&where);

	form_field f[F_COUNT];
	memset(f, 0, sizeof f);
	f[F_KIND] = (form_field){ .label = _("Recipient kind"), .kind = FIELD_CHOICE, .required = true,
				  .options = kinds, .noptions = RECIPIENT_KIND_COUNT,
				  .choice = old ? (int)old->kind : RECIPIENT_AREA };
	f[F_RECIPIENT] = (form_field){ .label = _("Recipient"), .kind = FIELD_TEXT, .required = true,
				       .hint = _("who receives it") };
	f[F_FORM] = (form_field){ .label = _("Form"), .kind = FIELD_CHOICE, .required = true,
				  .options = forms, .noptions = (int)nforms, .choice = -1, .free_text = true,
				  .hint = _("PgUp/PgDn: list") };
	f[F_LEVEL] = (form_field){ .label = _("Level"), .kind = FIELD_CHOICE, .required = true,
				   .options = levels, .noptions = AWARD_LEVEL_COUNT,
				   .choice = old ? (int)old->level : AWARD_DISTRICT };
	f[F_ISSUER] = (form_field){ .label = _("Issuing body"), .kind = FIELD_TEXT,
				    .hint = _("e.g. UBND huyện") };
	f[F_NUMBER] = (form_field){ .label = _("Decision number"), .kind = FIELD_TEXT, .required = true,
				    .hint = _("e.g. 12/QĐ-UBND") };
	f[F_DATE] = (form_field){ .label = _("Decision date"), .kind = FIELD_DATE, .required = true,
				  .hint = _("dd/mm/yyyy") };
	f[F_AMOUNT] = (form_field){ .label = _("Amount (đồng)"), .kind = FIELD_MONEY,
				    .hint = _("e.g. 1,5 triệu") };
	f[F_REASON] = (form_field){ .label = _("Reason / campaign"), .kind = FIELD_TEXT };
	f[F_NOTE] = (form_field){ .label = _("Note"), .kind = FIELD_TEXT };
	if (old) {
		char buf[64];
		f[F_RECIPIENT].text = xstrdup(old->recipient ? old->recipient : "");
		f[F_FORM].text = xstrdup(old->form ? old->form : "");
		for (size_t i = 0; i < nforms; i++)
			if (old->form && strcmp(forms[i], old->form) == 0)
				f[F_FORM].choice = (int)i;
		f[F_ISSUER].text = xstrdup(old->issuer ? old->issuer : "");
		f[F_NUMBER].text = xstrdup(old->decision_no ? old->decision_no : "");
		f[F_DATE].text = xstrdup(old->decision_date
					 ? vn_format_iso_date(old->decision_date, buf, sizeof buf) : "");
		f[F_AMOUNT].text = xstrdup(old->has_amount ? vn_format_number(old->amount, 0, buf, sizeof buf) : "");
		f[F_REASON].text = xstrdup(old->reason ? old->reason : "");
		f[F_NOTE].text = xstrdup(old->note ? old->note : "");
	} else if (have_area) {
		/* Most often the area itself: a commune (town, ward) as a commune. */
		f[F_RECIPIENT].text = xstrdup(ar.name);
		if (area_kind_level(ar.kind) == 2)
			f[F_KIND].choice = RECIPIENT_COMMUNE;
	}

	struct form_ctx x = { .t = t, .id = old ? old->id : 0, .version = old ? old->version : 0,
			      .area_id = old ? old->area_id : area_id,
			      .recognition_id = old ? old->recognition_id : 0 };
	sb_init(&x.summary);
	bool saved = form_run(t, title.s, f, F_COUNT, save_award, &x);
	if (saved) {
		tui_message(t, false, _("Saved: commendation %s"), x.summary.s);
		if (saved_id)
			*saved_id = x.saved_id;
	}
	sb_free(&x.summary);
	form_fields_free(f, F_COUNT);
	sb_free(&title);
	if (have_area)
		area_free(&ar);
	return saved;
}

bool view_awards_add(tui *t, int64_t area_id)
{
	return run_form(t, NULL, area_id, NULL);
}

/* After a save: the list again, the saved award selected (or a word on why it is not shown). */
static void show_saved(tui *t, view *v, int64_t id)
{
	load(t, v);
	awards_view *w = W(v);
	for (size_t i = 0; i < w->n; i++)
		if (w->list[i].id == id) {
			v->cursor = (int)i + 1;
			return;
		}
	/* Saved, but not in this list: say why. */
	award a;
	if (award_get(tui_db(t), id, &a) == 0) {
		int year = a.decision_date ? atoi(a.decision_date) : 0;
		if (year != tui_year(t))
			tui_message(t, false, _("Saved; decided in %d, so not in the list of %d"), year, tui_year(t));
		else {
			char key[32];
			action_key(t, ACT_FILTER, key, sizeof key);
			tui_message(t, false, _("Saved; the filter hides it (%s to change it)"), key);
		}
		award_free(&a);
	}
}

/* The area a new commendation is for: the scope, or (when it has areas below it) one of them. */
static int64_t choose_area(tui *t, awards_view *w)
{
	km_db *db = tui_db(t);
	area *kids = NULL;
	size_t n = 0;
	if (area_children(db, w->scope_area_id, &kids, &n) < 0)
		return w->scope_area_id;
	if (n == 0) {
		areas_free(kids, n);
		return w->scope_area_id;
	}
	area self;
	if (area_get(db, w->scope_area_id, &self) < 0) {
		areas_free(kids, n);
		return w->scope_area_id;
	}
	const char **opts = xcalloc(n + 1, sizeof *opts);
	opts[0] = self.name;
	for (size_t i = 0; i < n; i++)
		opts[i + 1] = kids[i].name;
	int c = picker_choose(t, _("Commendation for which area?"), opts, (int)n + 1, 0);
	int64_t id = c < 0 ? 0 : c == 0 ? self.id : kids[c - 1].id;
	free(opts);
	area_free(&self);
	areas_free(kids, n);
	return id;
}

static void add(tui *t, view *v)
{
	int64_t area_id = choose_area(t, W(v)), id = 0;
	if (area_id && run_form(t, NULL, area_id, &id))
		show_saved(t, v, id);
}

static void edit(tui *t, view *v)
{
	award *sel = award_at(v, v->cursor);
	if (!sel)
		return;
	award a;
	if (award_get(tui_db(t), sel->id, &a) < 0) {
		tui_message(t, true, "%s", db_error(tui_db(t)));
		return;
	}
	int64_t id = 0;
	if (run_form(t, &a, a.area_id, &id))
		show_saved(t, v, id);
	award_free(&a);
}

static void delete_selected(tui *t, view *v)
{
	award *sel = award_at(v, v->cursor);
	if (!sel)
		return;
	char date[16], question[512];
	vn_format_iso_date(sel->decision_date ? sel->decision_date : "", date, sizeof date);
	snprintf(question, sizeof question, _("Delete the commendation %s to %s (decision %s of %s)? (y/n)"),
		 sel->form ? sel->form : "", sel->recipient ? sel->recipient : "",
		 sel->decision_no ? sel->decision_no : "", date);
	if (!tui_confirm(t, question))
		return;
	km_db *db = tui_db(t);
	char *what = xstrdup(sel->form ? sel->form : "");
	char *who = xstrdup(sel->recipient ? sel->recipient : "");
	if (award_delete(db, sel->id) < 0) {
		tui_message(t, true, "%s", db_error(db));
	} else {
		load(t, v);
		char key[32];
		action_key(t, ACT_ADD_AWARD, key, sizeof key);
		if (W(v)->n)
			tui_message(t, false, _("Deleted: commendation %s to %s"), what, who);
		else
			tui_message(t, false, _("Deleted: commendation %s to %s (%s: add one)"), what, who, key);
	}
	free(what);
	free(who);
}

/* ---- the filter ---- */

static void choose_filter(tui *t, view *v)
{
	awards_view *w = W(v);
	const char *what[] = { _("Level"), _("Form"), _("Recipient kind"), _("Clear filters") };
	int c = picker_choose(t, _("Filter by"), what, 4, 0);
	if (c < 0)
		return;
	tui_draw(t);   /* the second pop-up over the list, not over the first */
	if (c == 0) {
		const char *opts[AWARD_LEVEL_COUNT + 1];
		opts[0] = _("Any level");
		for (int i = 0; i < AWARD_LEVEL_COUNT; i++)
			opts[i + 1] = award_level_label((award_level)i);
		int l = picker_choose(t, _("Level"), opts, AWARD_LEVEL_COUNT + 1, w->level + 1);
		if (l < 0)
			return;
		w->level = l - 1;
	} else if (c == 1) {
		size_t nforms = 0;
		const char *const *forms = award_common_forms(&nforms);
		const char **opts = xcalloc(nforms + 2, sizeof *opts);
		opts[0] = _("Any form");
		int initial = 0;
		for (size_t i = 0; i < nforms; i++) {
			opts[i + 1] = forms[i];
			if (w->form && strcmp(w->form, forms[i]) == 0)
				initial = (int)i + 1;
		}
		opts[nforms + 1] = _("Other: type it…");
		int k = picker_choose(t, _("Form"), opts, (int)nforms + 2, initial);
		free(opts);
		if (k < 0)
			return;
		char *form = NULL;
		if (k == (int)nforms + 1) {
			form = tui_prompt(t, _("Form (tone marks optional):"), w->form ? w->form : "", NULL, NULL);
			if (!form)
				return;
			if (blank(form)) {
				free(form);
				form = NULL;
			}
		} else if (k > 0) {
			form = xstrdup(forms[k - 1]);
		}
		free(w->form);
		w->form = form;
	} else if (c == 2) {
		const char *opts[RECIPIENT_KIND_COUNT + 1];
		opts[0] = _("Any recipient");
		for (int i = 0; i < RECIPIENT_KIND_COUNT; i++)
			opts[i + 1] = recipient_kind_label((recipient_kind)i);
		int k = picker_choose(t, _("Recipient kind"), opts, RECIPIENT_KIND_COUNT + 1, w->kind + 1);
		if (k < 0)
			return;
		w->kind = k - 1;
	} else {
		w->level = w->kind = -1;
		free(w->form);
		w->form = NULL;
	}
	v->cursor = 1;
	v->top = 0;
	load(t, v);
	if (!filtered(w)) {
		tui_message(t, false, "%s", _("No filter: every commendation of the year"));
		hint_if_empty(t, v);
		return;
	}
	strbuf ft;
	sb_init(&ft);
	filter_text(w, &ft);
	tui_message(t, false, _("Filter: %s (%d shown)"), ft.s, (int)w->n);
	sb_free(&ft);
}

static bool act(tui *t, view *v, int action)
{
	switch (action) {
	case ACT_OPEN:
		edit(t, v);
		return true;
	case ACT_ADD_AWARD:
		add(t, v);
		return true;
	case ACT_CLEAR:
		delete_selected(t, v);
		return true;
	case ACT_FILTER:
		choose_filter(t, v);
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
	return W(v)->scope_area_id;
}

static void destroy(view *v)
{
	awards_view *w = W(v);
	if (w->loaded)
		awards_free(w->list, w->n);
	free(w->form);
	free(w);
	free(v);
}

/* The selected commendation, for its audit trail (U). */
static bool record(view *v, const char **table, char *key, size_t cap)
{
	award *sel = award_at(v, v->cursor);
	if (!sel)
		return false;
	*table = "award";
	snprintf(key, cap, "%lld", (long long)sel->id);
	return true;
}

static const view_ops awards_ops = {
	.bit = VIEW_AWARDS,
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

view *view_awards_new(tui *t, int64_t scope_area_id)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &awards_ops;
	awards_view *w = xcalloc(1, sizeof *w);
	w->scope_area_id = scope_area_id;
	w->level = w->kind = -1;
	v->data = w;
	v->cursor = 1;
	load(t, v);
	hint_if_empty(t, v);
	return v;
}
