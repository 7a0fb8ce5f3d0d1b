#include "config.h"
#include "ui/form.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/input.h"
#include "ui/keymap.h"
#include "ui/lineedit.h"
#include "ui/screen.h"
#include "ui/tui.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

void form_fields_free(form_field *fields, int n)
{
	for (int i = 0; i < n; i++) {
		free(fields[i].text);
		fields[i].text = NULL;
	}
}

bool form_date_iso(const form_field *f, char *iso, size_t cap)
{
	int y, m, d;
	const char *err;
	if (!f->text || !*f->text || !vn_parse_date(f->text, &y, &m, &d, &err))
		return false;
	vn_iso_date(y, m, d, iso, cap);
	return true;
}

bool form_money(const form_field *f, double *dong)
{
	const char *err;
	return f->text && *f->text && vn_parse_money(f->text, dong, &err);
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ')
			return false;
	return true;
}

/* A field's own checks: required, and the form of dates, numbers and amounts. */
static bool check_field(form_field *f)
{
	f->error[0] = '\0';
	const char *err = NULL;
	double v;
	int y, m, d;
	if (blank(f->text)) {
		if (f->required && !(f->kind == FIELD_CHOICE && !f->free_text && f->choice >= 0))
			snprintf(f->error, sizeof f->error, "%s", _("Required"));
		return !f->error[0];
	}
	switch (f->kind) {
	case FIELD_DATE:
		if (!vn_parse_date(f->text, &y, &m, &d, &err))
			snprintf(f->error, sizeof f->error, "%s", _(err));
		break;
	case FIELD_NUMBER:
		if (!vn_parse_number(f->text, &v, &err))
			snprintf(f->error, sizeof f->error, "%s", _(err));
		break;
	case FIELD_MONEY:
		if (!vn_parse_money(f->text, &v, &err))
			snprintf(f->error, sizeof f->error, "%s", _(err));
		break;
	default:
		break;
	}
	return !f->error[0];
}

static void set_text(form_field *f, const char *text)
{
	free(f->text);
	f->text = xstrdup(text);
}

/* A choice field without free text cycles its options; with free text, PgUp/PgDn offer them. */
static void cycle_choice(form_field *f, lineedit *e, int step)
{
	if (f->noptions <= 0)
		return;
	f->choice = f->choice < 0 ? (step > 0 ? 0 : f->noptions - 1)
				  : (f->choice + step + f->noptions) % f->noptions;
	set_text(f, f->options[f->choice]);
	le_free(e);
	le_init(e, f->text);
	f->error[0] = '\0';
}

/* The columns of a field's error, out of the w after its label: all but 14 for the field, and
 * none (not fewer) when there is no room. */
static int error_width(const form_field *f, int w)
{
	int err_w = f->error[0] ? text_width(f->error) + 2 : 0;
	if (err_w > w - 14)
		err_w = w - 14;
	return err_w > 0 ? err_w : 0;
}

static void draw(struct tui *t, const char *title, form_field *fields, int n, int cur, lineedit *e,
		 int label_w, const char *message)
{
	tui_draw(t);
	if (tui_too_small()) {
		refresh();
		return;
	}
	/* The labels take at most a third of the width the terminal has now. */
	if (label_w > COLS / 3)
		label_w = COLS / 3;
	int top = 1, rows = LINES - 3;
	for (int y = top; y < top + rows; y++)
		screen_text(y, 0, "", COLS, A_NORMAL, true);
	screen_text(top, 1, title, COLS - 2, A_BOLD, false);
	int first = cur >= rows - 2 ? cur - (rows - 3) : 0;
	for (int i = first; i < n && 2 + i - first < rows; i++) {
		int y = top + 2 + i - first;
		form_field *f = &fields[i];
		char label[128];
		snprintf(label, sizeof label, "%s%s", f->label, f->required ? " *" : "");
		screen_text(y, 1, label, label_w, i == cur ? A_BOLD : A_NORMAL, false);
		int x = label_w + 2, w = COLS - x - 1;
		/* The error may take all but a short field: what is wrong matters more than room. */
		int err_w = error_width(f, w);
		int field_w = w - err_w;
		if (f->kind == FIELD_CHOICE && !f->free_text) {
			char shown[160];
			snprintf(shown, sizeof shown, "‹ %s ›", f->choice >= 0 ? f->options[f->choice] : "—");
			screen_text(y, x, shown, field_w, i == cur ? A_REVERSE : A_NORMAL, false);
		} else if (i == cur) {
			le_draw(e, y, x, field_w > 40 ? 40 : field_w);
		} else {
			screen_text(y, x, f->text ? f->text : "", field_w > 40 ? 40 : field_w, A_UNDERLINE, true);
		}
		if (f->error[0])
			screen_text(y, x + field_w + 1, f->error, err_w - 1, screen_attr(PAIR_ERROR), false);
		else if (blank(f->text) && f->hint && i != cur)
			screen_text(y, x + 42, f->hint, w - 42, screen_attr(PAIR_DIM), false);
	}
	screen_text(LINES - 2, 0, message, COLS, message[0] ? screen_attr(PAIR_ERROR) : A_NORMAL, true);
	screen_text(LINES - 1, 0, _("Tab/Shift-Tab: next/previous field   Enter: save   Esc: cancel"), COLS,
		    screen_attr(PAIR_DIM), true);
	/* Drawn last so that the cursor ends in the field being edited, beside its error. */
	if (!(fields[cur].kind == FIELD_CHOICE && !fields[cur].free_text)) {
		int w = COLS - label_w - 3, err_w = error_width(&fields[cur], w);
		le_draw(e, top + 2 + cur - first, label_w + 2, w - err_w > 40 ? 40 : w - err_w);
	}
	refresh();
}

/* Whether anything differs from what the form started with. */
static bool changed(form_field *fields, int n, char **initial)
{
	for (int i = 0; i < n; i++)
		if (strcmp(fields[i].text ? fields[i].text : "", initial[i]) != 0)
			return true;
	return false;
}

/* The session is being cut off (a signal): what was typed is kept as a draft, if anything was. */
static void keep_draft(struct tui *t, const char *title, form_field *fields, int n, int cur,
		       const lineedit *e, char **initial)
{
	form_field *f = &fields[cur];
	if (!(f->kind == FIELD_CHOICE && !f->free_text))
		set_text(f, e->text.s);
	if (!changed(fields, n, initial))
		return;
	const char **labels = xcalloc((size_t)n, sizeof *labels);
	const char **texts = xcalloc((size_t)n, sizeof *texts);
	for (int i = 0; i < n; i++) {
		labels[i] = fields[i].label;
		texts[i] = fields[i].text ? fields[i].text : "";
	}
	tui_keep_draft(t, title, n, labels, texts);
	free(labels);
	free(texts);
}

bool form_run(struct tui *t, const char *title, form_field *fields, int n, form_save save, void *ctx)
{
	if (tui_interrupted())
		return false;
	int label_w = 0;
	char **initial = xcalloc((size_t)n, sizeof *initial);
	for (int i = 0; i < n; i++) {
		if (!fields[i].text)
			fields[i].text = xstrdup(fields[i].kind == FIELD_CHOICE && fields[i].choice >= 0
						 ? fields[i].options[fields[i].choice] : "");
		initial[i] = xstrdup(fields[i].text);
		int w = text_width(fields[i].label) + (fields[i].required ? 2 : 0);
		if (w > label_w)
			label_w = w;
	}
	int cur = 0;
	lineedit e;
	le_init(&e, fields[0].text);
	char message[256] = "";
	bool saved = false, redraw = true;
	curs_set(1);
	for (;;) {
		if (tui_interrupted()) {
			keep_draft(t, title, fields, n, cur, &e, initial);
			break;
		}
		if (redraw)
			draw(t, title, fields, n, cur, &e, label_w, message);
		redraw = true;
		/* Wakes every second, so that a signal that came between two keys is seen. */
		int key = input_key(1000);
		if (key == KEY_CODE_NONE) {
			redraw = false;
			continue;
		}
		if (key == KEY_CODE_EOF)
			break;
		if (tui_interrupted() || key == KEY_CODE_RESIZE)
			continue;
		form_field *f = &fields[cur];
		if (!(f->kind == FIELD_CHOICE && !f->free_text))
			set_text(f, e.text.s);
		int move = 0;
		if (key == '\t' || key == (KM_FKEY | KEY_DOWN))
			move = 1;
		else if (key == (KM_FKEY | KEY_BTAB) || key == (KM_FKEY | KEY_UP))
			move = -1;
		if (move) {
			check_field(f);
			cur = (cur + move + n) % n;
			le_free(&e);
			le_init(&e, fields[cur].text);
			continue;
		}
		if (key == KEY_CODE_ESC) {
			if (!changed(fields, n, initial) || tui_confirm(t, _("Throw away what you typed? (y/n)")))
				break;
			continue;
		}
		if (key == KEY_CODE_ENTER) {
			int bad = -1;
			for (int i = 0; i < n; i++)
				if (!check_field(&fields[i]) && bad < 0)
					bad = i;
			message[0] = '\0';
			if (bad < 0 && save(ctx, fields, n, message, sizeof message)) {
				saved = true;
				break;
			}
			for (int i = 0; i < n && bad < 0; i++)
				if (fields[i].error[0])
					bad = i;
			if (bad >= 0 && bad != cur) {
				cur = bad;
				le_free(&e);
				le_init(&e, fields[cur].text);
			}
			continue;
		}
		if (f->kind == FIELD_CHOICE && !f->free_text) {
			if (key == ' ' || key == (KM_FKEY | KEY_RIGHT))
				cycle_choice(f, &e, 1);
			else if (key == (KM_FKEY | KEY_LEFT))
				cycle_choice(f, &e, -1);
			continue;
		}
		if (f->kind == FIELD_CHOICE && (key == (KM_FKEY | KEY_NPAGE) || key == (KM_FKEY | KEY_PPAGE))) {
			cycle_choice(f, &e, key == (KM_FKEY | KEY_NPAGE) ? 1 : -1);
			continue;
		}
		/* Typing over a suggestion that was picked replaces it rather than extending it. */
		if (f->kind == FIELD_CHOICE && f->choice >= 0 && key >= 0x20 && key < KM_FKEY && key != 0x7F) {
			le_free(&e);
			le_init(&e, "");
		}
		if (le_key(&e, key)) {
			set_text(f, e.text.s);
			f->error[0] = '\0';
			if (f->kind == FIELD_CHOICE)
				f->choice = -1;   /* typed: no longer one of the options (unless it matches) */
			for (int i = 0; f->kind == FIELD_CHOICE && i < f->noptions; i++)
				if (strcmp(f->options[i], f->text) == 0)
					f->choice = i;
		}
	}
	if (!tui_terminal_gone())
		curs_set(0);
	le_free(&e);
	for (int i = 0; i < n; i++)
		free(initial[i]);
	free(initial);
	return saved;
}
