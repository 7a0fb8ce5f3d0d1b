/* A village's recognition cycle for the year, one line per stage: registration, the three steps,
 * the decision (with what is still missing, line by line), revocation, the yearly re-check,
 * commendations, and the titles of every year. Enter records the line's stage, x clears it. */
#include "config.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/award.h"
#include "domain/cycle.h"
#include "storage/db.h"
#include "ui/form.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

typedef enum row_kind {
	ROW_TEXT,            /* a heading or a detail: not selectable */
	ROW_REGISTER,
	ROW_STEP,
	ROW_RECOGNISE,
	ROW_REVOKE,
	ROW_RECHECK,
	ROW_AWARDS,
} row_kind;

typedef struct row {
	row_kind kind;
	int step;            /* ROW_STEP: which */
	char *label;
	char *value;
	attr_t attr;
} row;

typedef struct cycle_view {
	int64_t area_id;
	cycle c;
	bool loaded;
	row *rows;
	int n;
} cycle_view;

static cycle_view *CV(view *v) { return v->data; }

static void add(cycle_view *cv, row_kind kind, int step, attr_t attr, const char *label,
		const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void add(cycle_view *cv, row_kind kind, int step, attr_t attr, const char *label,
		const char *fmt, ...)
{
	strbuf b;
	sb_init(&b);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	cv->rows = xrealloc(cv->rows, (size_t)(cv->n + 1) * sizeof *cv->rows);
	cv->rows[cv->n++] = (row){ kind, step, xstrdup(label ? label : ""), sb_take(&b), attr };
}

static void clear_rows(cycle_view *cv)
{
	for (int i = 0; i < cv->n; i++) {
		free(cv->rows[i].label);
		free(cv->rows[i].value);
	}
	free(cv->rows);
	cv->rows = NULL;
	cv->n = 0;
}

static const char *date_text(const char *iso, char *buf, size_t cap)
{
	return iso ? vn_format_iso_date(iso, buf, cap) : "";
}

static void build(tui *t, view *v)
{
	cycle_view *cv = CV(v);
	clear_rows(cv);
	if (cv->loaded)
		cycle_free(&cv->c);
	cv->loaded = false;
	if (cycle_load(tui_db(t), cv->area_id, tui_year(t), &cv->c) < 0) {
		add(cv, ROW_TEXT, 0, screen_attr(PAIR_ERROR), "", "%s", db_error(tui_db(t)));
		return;
	}
	cv->loaded = true;
	cycle *c = &cv->c;
	char d[16];
	add(cv, ROW_TEXT, 0, A_BOLD, "", _("Recognition cycle of %d"), c->year);
	if (c->registered)
		add(cv, ROW_REGISTER, 0, A_NORMAL, _("Registered"), "%s · %s%s%s", title_label(c->title),
		    date_text(c->registered_on, d, sizeof d), c->registration_note ? " · " : "",
		    c->registration_note ? c->registration_note : "");
	else
		add(cv, ROW_REGISTER, 0, screen_attr(PAIR_DIM), _("Registered"), "%s", _("not yet (Enter: register)"));
	for (int s = 0; s < STEP_COUNT; s++) {
		cycle_step_info *st = &c->steps[s];
		if (st->done)
			add(cv, ROW_STEP, s, A_NORMAL, step_label((cycle_step_kind)s), "%s · %s%s%s",
			    date_text(st->done_on, d, sizeof d), st->done_by ? st->done_by : "",
			    st->note ? " · " : "", st->note ? st->note : "");
		else
			add(cv, ROW_STEP, s, screen_attr(PAIR_DIM), step_label((cycle_step_kind)s), "%s", "—");
	}
	/* A title held from an earlier year (not revoked) is re-checked, not sought again. */
	title_event *ev;
	size_t nev = 0;
	if (cycle_title_history(tui_db(t), cv->area_id, &ev, &nev) < 0)
		ev = NULL;
	int held = 0;
	for (size_t i = 0; i < nev; i++) {
		if (ev[i].kind == EV_RECOGNISED && ev[i].year < c->year)
			held = ev[i].year;
		if (ev[i].kind == EV_REVOKED && ev[i].year == held)
			held = 0;
	}
	recognition_info *r = &c->recognition;
	if (!r->id && held) {
		add(cv, ROW_RECOGNISE, 0, screen_attr(PAIR_MET), _("Recognised"),
		    _("title held since %d, re-checked yearly"), held);
	} else if (r->id) {
		/* The title is on the registration line: here the decision, short enough for 80 columns. */
		add(cv, ROW_RECOGNISE, 0, screen_attr(PAIR_MET), _("Recognised"), _("%s · decision %s of %s%s%s"),
		    recog_level_label(r->level), r->decision_no, date_text(r->decision_date, d, sizeof d),
		    r->issuer ? " · " : "", r->issuer ? r->issuer : "");
		char d2[16];
		if (r->revoked)
			add(cv, ROW_REVOKE, 0, screen_attr(PAIR_NOT_MET), _("Revoked"), _("decision %s of %s · %s"),
			    r->revoked_decision_no, date_text(r->revoked_on, d2, sizeof d2),
			    r->revoke_reason ? r->revoke_reason : "");
		else
			add(cv, ROW_REVOKE, 0, screen_attr(PAIR_DIM), _("Revoked"), "%s", _("no (Enter: record a revocation)"));
	} else {
		strbuf missing;
		sb_init(&missing);
		if (cycle_missing(tui_db(t), cv->area_id, c->year, &missing) < 0)
			sb_add(&missing, db_error(tui_db(t)));
		if (!missing.len) {
			add(cv, ROW_RECOGNISE, 0, screen_attr(PAIR_MET), _("Recognised"), "%s",
			    _("not yet: eligible (Enter: record the decision)"));
		} else {
			add(cv, ROW_RECOGNISE, 0, screen_attr(PAIR_DIM), _("Recognised"), "%s", _("not yet: not eligible"));
			char *copy = xstrdup(missing.s), *save = NULL;
			for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
				add(cv, ROW_TEXT, 0, screen_attr(PAIR_NOT_MET), "", "  ✗ %s", l);
			free(copy);
		}
		sb_free(&missing);
	}
	if (c->recheck_done)
		add(cv, ROW_RECHECK, 0, A_NORMAL, _("Re-checked"), "%s · %s%s%s", recheck_label(c->recheck),
		    date_text(c->recheck_on, d, sizeof d), c->recheck_note ? " · " : "",
		    c->recheck_note ? c->recheck_note : "");
	else
		add(cv, ROW_RECHECK, 0, screen_attr(PAIR_DIM), _("Re-checked"), "%s",
		    _("— (for a title of an earlier year)"));
	add(cv, ROW_AWARDS, 0, A_NORMAL, _("Commendations"), _("%d for this recognition (Enter: list, a: add)"),
	    c->awards);
	add(cv, ROW_TEXT, 0, A_NORMAL, "", "%s", "");
	add(cv, ROW_TEXT, 0, A_BOLD, "", "%s", _("Titles over the years"));
	if (!nev)
		add(cv, ROW_TEXT, 0, screen_attr(PAIR_DIM), "", "  %s", _("none yet"));
	for (size_t i = 0; i < nev; i++)
		add(cv, ROW_TEXT, 0, A_NORMAL, "", "  %s", ev[i].text);
	if (ev)
		title_events_free(ev, nev);
}

static int nrows(view *v) { return CV(v)->n; }
static bool selectable(view *v, int r) { return CV(v)->rows[r].kind != ROW_TEXT; }

static void draw_row(tui *t, view *v, int r, int y, int width, bool selected)
{
	(void)t;
	row *rw = &CV(v)->rows[r];
	if (rw->kind == ROW_TEXT) {
		screen_text(y, 1, rw->value, width - 1, rw->attr, false);
		return;
	}
	int x = 1 + screen_text(y, 1, rw->label, 26, selected ? A_REVERSE : A_NORMAL, false);
	x = x < 28 ? 28 : x + 1;
	screen_text(y, x, rw->value, width - x, rw->attr, false);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	area *path;
	size_t n;
	if (area_path(tui_db(t), CV(v)->area_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	sb_add(out, _("  (recognition)"));
}

/* ---- recording a line ---- */

struct ctx {
	tui *t;
	cycle_view *cv;
	row_kind kind;
	int step;
};

static void today_text(char *buf, size_t cap)
{
	char iso[16];
	vn_format_iso_date(vn_today_iso(iso, sizeof iso), buf, cap);
}

static bool fail(struct ctx *x, char *message, size_t cap)
{
	snprintf(message, cap, "%s", db_error(tui_db(x->t)));
	return false;
}

static const char *opt(const form_field *f)
{
	return f->text && *f->text ? f->text : NULL;
}

static bool save(void *p, form_field *f, int n, char *message, size_t cap)
{
	(void)n;
	struct ctx *x = p;
	km_db *db = tui_db(x->t);
	int64_t village = x->cv->area_id, id;
	int year = tui_year(x->t);
	char iso[16];
	switch (x->kind) {
	case ROW_REGISTER:
		form_date_iso(&f[1], iso, sizeof iso);
		return cycle_register(db, village, year, (title_kind)f[0].choice, iso, opt(&f[2])) == 0 || fail(x, message, cap);
	case ROW_STEP:
		form_date_iso(&f[0], iso, sizeof iso);
		return cycle_step_done(db, village, year, (cycle_step_kind)x->step, iso, opt(&f[1])) == 0 || fail(x, message, cap);
	case ROW_RECOGNISE:
		form_date_iso(&f[2], iso, sizeof iso);
		return cycle_recognise(db, village, year, (recog_level)f[0].choice, f[1].text, iso, opt(&f[3]), &id) == 0 ||
		       fail(x, message, cap);
	case ROW_REVOKE:
		form_date_iso(&f[1], iso, sizeof iso);
		return cycle_revoke(db, village, year, f[0].text, iso, f[2].text) == 0 || fail(x, message, cap);
	case ROW_RECHECK:
		form_date_iso(&f[1], iso, sizeof iso);
		return cycle_recheck(db, village, year, (recheck_result)f[0].choice, iso, opt(&f[2])) == 0 ||
		       fail(x, message, cap);
	default:
		return false;
	}
}

static void record(tui *t, view *v, row *rw)
{
	cycle_view *cv = CV(v);
	struct ctx x = { t, cv, rw->kind, rw->step };
	char today[16], title[160];
	today_text(today, sizeof today);
	const char *titles[TITLE_COUNT], *levels[RECOG_LEVEL_COUNT], *results[RECHECK_COUNT];
	for (int i = 0; i < TITLE_COUNT; i++)
		titles[i] = title_label((title_kind)i);
	for (int i = 0; i < RECOG_LEVEL_COUNT; i++)
		levels[i] = recog_level_label((recog_level)i);
	for (int i = 0; i < RECHECK_COUNT; i++)
		results[i] = recheck_label((recheck_result)i);
	form_field f[4];
	memset(f, 0, sizeof f);
	int n = 0;
	switch (rw->kind) {
	case ROW_REGISTER:
		snprintf(title, sizeof title, _("Register for the title of %d"), tui_year(t));
		f[n++] = (form_field){ .label = _("Title"), .kind = FIELD_CHOICE, .required = true, .options = titles,
				      .noptions = TITLE_COUNT, .choice = cv->c.registered ? (int)cv->c.title : TITLE_MODEL };
		f[n++] = (form_field){ .label = _("Date"), .kind = FIELD_DATE, .required = true, .text = xstrdup(today) };
		f[n++] = (form_field){ .label = _("Note"), .kind = FIELD_TEXT };
		break;
	case ROW_STEP:
		snprintf(title, sizeof title, "%s (%d)", step_label((cycle_step_kind)rw->step), tui_year(t));
		f[n++] = (form_field){ .label = _("Date"), .kind = FIELD_DATE, .required = true, .text = xstrdup(today) };
		f[n++] = (form_field){ .label = _("Note"), .kind = FIELD_TEXT };
		break;
	case ROW_RECOGNISE:
		if (cv->c.recognition.id) {
			tui_message(t, false, _("Already recognised for %d; Enter on the revocation line to revoke"), tui_year(t));
			return;
		}
		snprintf(title, sizeof title, _("Decision recognising the village (%d)"), tui_year(t));
		f[n++] = (form_field){ .label = _("Level"), .kind = FIELD_CHOICE, .required = true, .options = levels,
				      .noptions = RECOG_LEVEL_COUNT, .choice = cv->c.title == TITLE_MODEL ? LEVEL_PROVINCE : LEVEL_DISTRICT };
		f[n++] = (form_field){ .label = _("Decision number"), .kind = FIELD_TEXT, .required = true };
		f[n++] = (form_field){ .label = _("Decision date"), .kind = FIELD_DATE, .required = true };
		f[n++] = (form_field){ .label = _("Issuing body"), .kind = FIELD_TEXT };
		break;
	case ROW_REVOKE:
		if (!cv->c.recognition.id || cv->c.recognition.revoked) {
			tui_message(t, true, "%s", cv->c.recognition.revoked ? _("Already revoked")
					      : _("Nothing to revoke: the village is not recognised this year"));
			return;
		}
		snprintf(title, sizeof title, _("Decision revoking the recognition of %d"), tui_year(t));
		f[n++] = (form_field){ .label = _("Decision number"), .kind = FIELD_TEXT, .required = true };
		f[n++] = (form_field){ .label = _("Decision date"), .kind = FIELD_DATE, .required = true };
		f[n++] = (form_field){ .label = _("Reason"), .kind = FIELD_TEXT, .required = true };
		break;
	case ROW_RECHECK:
		snprintf(title, sizeof title, _("Re-check of %d"), tui_year(t));
		f[n++] = (form_field){ .label = _("Result"), .kind = FIELD_CHOICE, .required = true, .options = results,
				      .noptions = RECHECK_COUNT, .choice = RECHECK_MAINTAINED };
		f[n++] = (form_field){ .label = _("Date"), .kind = FIELD_DATE, .required = true, .text = xstrdup(today) };
		f[n++] = (form_field){ .label = _("Note"), .kind = FIELD_TEXT };
		break;
	case ROW_AWARDS:
		tui_open_awards(t, cv->area_id);
		return;
	default:
		return;
	}
	/* Say what is missing before asking for a decision that would be refused. */
	if (rw->kind == ROW_RECOGNISE) {
		strbuf missing;
		sb_init(&missing);
		int rc = cycle_missing(tui_db(t), cv->area_id, tui_year(t), &missing);
		int count = 0;
		for (const char *p = missing.s; *p; p++)
			count += *p == '\n';
		if (missing.len && !count)
			count = 1;
		sb_free(&missing);
		if (rc == 0 && count) {
			form_fields_free(f, n);
			tui_message(t, true, _("Not eligible yet: %d things missing, listed under this line"), count);
			return;
		}
	}
	if (form_run(t, title, f, n, save, &x)) {
		build(t, v);
		tui_message(t, false, _("Saved: %s"), title);
	}
	form_fields_free(f, n);
}

static void undo(tui *t, view *v, row *rw)
{
	cycle_view *cv = CV(v);
	int rc = 0;
	if (rw->kind == ROW_STEP && cv->c.steps[rw->step].done) {
		if (!tui_confirm(t, _("Undo this step? (y/n)")))
			return;
		rc = cycle_step_undo(tui_db(t), cv->area_id, tui_year(t), (cycle_step_kind)rw->step);
	} else if (rw->kind == ROW_REGISTER && cv->c.registered) {
		if (!tui_confirm(t, _("Cancel the registration? (y/n)")))
			return;
		rc = cycle_unregister(tui_db(t), cv->area_id, tui_year(t));
	} else {
		tui_message(t, false, "%s", _("Nothing to clear here: decisions are changed by a new decision"));
		return;
	}
	if (rc < 0)
		tui_message(t, true, "%s", db_error(tui_db(t)));
	else {
		build(t, v);
		tui_message(t, false, "%s", _("Cleared"));
	}
}

static bool act(tui *t, view *v, int action)
{
	cycle_view *cv = CV(v);
	if (!cv->n)
		return false;
	row *rw = &cv->rows[v->cursor];
	switch (action) {
	case ACT_OPEN:
		if (rw->kind != ROW_TEXT)
			record(t, v, rw);
		return true;
	case ACT_CLEAR:
		undo(t, v, rw);
		return true;
	case ACT_ADD_AWARD:
		if (view_awards_add(t, cv->area_id))
			build(t, v);
		return true;
	case ACT_AWARDS:
		tui_open_awards(t, cv->area_id);
		return true;
	default:
		return false;
	}
}

static void reload(tui *t, view *v)
{
	build(t, v);
}

static int64_t current_area(view *v)
{
	return CV(v)->area_id;
}

static void destroy(view *v)
{
	cycle_view *cv = CV(v);
	clear_rows(cv);
	if (cv->loaded)
		cycle_free(&cv->c);
	free(cv);
	free(v);
}

static const view_ops cycle_ops = {
	.bit = VIEW_CYCLE,
	.nrows = nrows,
	.selectable = selectable,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.reload = reload,
	.destroy = destroy,
	.area = current_area,
};

view *view_cycle_new(tui *t, int64_t area_id)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &cycle_ops;
	cycle_view *cv = xcalloc(1, sizeof *cv);
	cv->area_id = area_id;
	v->data = cv;
	build(t, v);
	v->cursor = 1;
	return v;
}
