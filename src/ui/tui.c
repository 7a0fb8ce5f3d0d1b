#include "config.h"
#include "ui/tui.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "domain/area.h"
#include "domain/demo.h"
#include "storage/db.h"
#include "ui/draft.h"
#include "ui/input.h"
#include "ui/lineedit.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/vnum.h"

#define MAX_VIEWS 8
/* Below this the screen cannot show a list with its header and bars. */
#define MIN_COLS 30
#define MIN_ROWS 6

struct tui {
	app *a;
	keymap km;
	int year;
	stage stage;
	view *stack[MAX_VIEWS];
	int depth;
	char message[512];
	bool message_error;
	bool quit;
	bool demo;           /* the database holds illustrative demo data */
	char *last_search;
	strbuf problems;     /* mistakes found in config.ini and keymap.ini */
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

bool tui_interrupted(void) { return got_signal != 0; }

bool tui_terminal_gone(void)
{
	static int gone = -1;   /* decided once: a hung-up terminal does not come back */
	if (got_signal != SIGHUP || screen_headless())
		return false;
	if (gone < 0) {
		/* After a hangup the terminal refuses everything (EIO); a SIGHUP sent by hand while the
		 * terminal is still there leaves it working, and then it is restored as usual. */
		struct termios tio;
		gone = tcgetattr(STDOUT_FILENO, &tio) < 0;
	}
	return gone;
}

static view *top_view(tui *t) { return t->stack[t->depth - 1]; }
view *tui_top_view(tui *t) { return top_view(t); }
const keymap *tui_keymap(tui *t) { return &t->km; }
struct km_db *tui_db(tui *t) { return t->a->db; }
const char *tui_problems(tui *t) { return t->problems.s; }
const struct km_config *tui_config(tui *t) { return &t->a->cfg; }
int tui_year(tui *t) { return t->year; }
stage tui_stage(tui *t) { return t->stage; }

void tui_message(tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->message, sizeof t->message, fmt, ap);
	va_end(ap);
	t->message_error = error;
}

void tui_load_keymap(app *a, keymap *km, strbuf *errors)
{
	bool vi = a->cfg.keymap && strcmp(a->cfg.keymap, "vi") == 0;
	keymap_defaults(km, vi);
	char *user = paths_config_file("keymap.ini");
	if (access(user, F_OK) == 0)
		keymap_load(km, user, errors);
	free(user);
}

/* A problem in the user's files is shown once, not at every start: remember what was shown. */
static bool already_reported(const char *errors)
{
	char *path = paths_state_file("reported-errors");
	FILE *fp = fopen(path, "r");
	bool same = false;
	if (fp) {
		strbuf old;
		sb_init(&old);
		char buf[1024];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
			sb_addn(&old, buf, n);
		fclose(fp);
		same = strcmp(old.s, errors) == 0;
		sb_free(&old);
	}
	if (!same) {
		char *dir = paths_dirname(path);
		if (dir && paths_mkdir_p(dir) == 0 && (fp = fopen(path, "w")) != NULL) {
			fputs(errors, fp);
			fclose(fp);
		}
		free(dir);
	}
	free(path);
	return same;
}

/* ---- drawing ---- */

/* Fits "A › B › C" into width columns by dropping leading parts: the end says where you are. */
static const char *fit_crumbs(const char *s, int width)
{
	static const char sep[] = " › ";
	while (text_width(s) > width) {
		const char *next = strstr(s, sep);
		if (!next)
			break;
		s = next + strlen(sep);
	}
	return s;
}

static void draw_header(tui *t)
{
	strbuf crumbs;
	sb_init(&crumbs);
	view *v = top_view(t);
	if (v->ops->crumbs)
		v->ops->crumbs(t, v, &crumbs);
	char right[64];
	snprintf(right, sizeof right, _(" Year %d "), t->year);
	/* Demo data, or a checklist of the illustrative criteria set, is marked as such. */
	bool marked = t->demo || (v->ops->illustrative && v->ops->illustrative(v));
	const char *demo = marked ? _(" DEMO ") : "";
	/* A database opened for reading only says so before anyone types an entry in vain. */
	const char *ro = db_readonly(t->a->db) ? _(" READ-ONLY ") : "";
	int rw = text_width(right), dw = COLS > 50 ? text_width(demo) : 0;
	int ow = COLS > 50 ? text_width(ro) : 0;
	attr_t h = screen_attr(PAIR_HEADER);
	screen_text(0, 0, "", COLS, h, true);
	int avail = COLS - rw - dw - ow - 2;
	const char *shown = fit_crumbs(crumbs.s, avail - 2);
	int x = 1;
	if (shown != crumbs.s)
		x += screen_text(0, x, "… ", avail, h, false);
	screen_text(0, x, shown, avail - (x - 1), h, false);
	if (dw)
		screen_text(0, COLS - rw - dw, demo, dw, screen_attr(PAIR_ILLUSTRATIVE), false);
	if (ow)
		screen_text(0, COLS - rw - dw - ow, ro, ow, screen_attr(PAIR_ERROR), false);
	screen_text_right(0, 0, right, COLS, h);
	sb_free(&crumbs);
}

static void draw_hints(tui *t, int y)
{
	unsigned bit = top_view(t)->ops->bit;
	int order[ACT_COUNT], n = 0;
	for (int i = 0; i < ACT_COUNT; i++)
		if (action_table[i].hint && (action_table[i].views & bit) && t->km.nkeys[i])
			order[n++] = i;
	for (int i = 1; i < n; i++)   /* few items: insertion sort by hint order */
		for (int j = i; j > 0 && action_table[order[j]].hint < action_table[order[j - 1]].hint; j--) {
			int s = order[j];
			order[j] = order[j - 1];
			order[j - 1] = s;
		}
	/* Each hint is drawn whole or not at all; help and quit always keep their place. */
	int width[ACT_COUNT], reserved = 0;
	char key[ACT_COUNT][32];
	for (int i = 0; i < n; i++) {
		keymap_key_name(t->km.keys[order[i]][0], key[i], sizeof key[i]);
		/* One hint for the pair of year keys: "[/] Year". */
		if (order[i] == ACT_PREV_YEAR && t->km.nkeys[ACT_NEXT_YEAR]) {
			char next[32];
			keymap_key_name(t->km.keys[ACT_NEXT_YEAR][0], next, sizeof next);
			size_t len = strlen(key[i]);
			snprintf(key[i] + len, sizeof key[i] - len, "/%s", next);
		}
		width[i] = text_width(key[i]) + 1 + text_width(_(action_table[order[i]].label)) + 2;
		if (order[i] == ACT_HELP || order[i] == ACT_QUIT)
			reserved += width[i];
	}
	int x = 0;
	for (int i = 0; i < n; i++) {
		bool essential = order[i] == ACT_HELP || order[i] == ACT_QUIT;
		if (essential)
			reserved -= width[i];
		if (x + width[i] + reserved > COLS + 2)   /* the last two spaces may fall off */
			continue;
		x += screen_text(y, x, key[i], COLS - x, screen_attr(PAIR_KEY), false);
		x += screen_text(y, x, " ", COLS - x, A_NORMAL, false);
		x += screen_text(y, x, _(action_table[order[i]].label), COLS - x, A_NORMAL, false);
		x += screen_text(y, x, "  ", COLS - x, A_NORMAL, false);
	}
}

static int body_height(void) { return LINES - 3; }

static void draw_body(tui *t)
{
	view *v = top_view(t);
	int n = v->ops->nrows(v), h = body_height();
	if (v->cursor >= n)
		v->cursor = n ? n - 1 : 0;
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + h)
		v->top = v->cursor - h + 1;
	if (v->top > 0 && v->top + h > n)
		v->top = n > h ? n - h : 0;
	/* On the last line that can be selected, show what follows it too (totals, notes). */
	if (v->ops->selectable && n > h) {
		int last = n - 1;
		while (last > 0 && !v->ops->selectable(v, last))
			last--;
		if (v->cursor == last && n - h <= v->cursor)
			v->top = n - h;
	}
	for (int r = 0; r < h && v->top + r < n; r++)
		v->ops->draw_row(t, v, v->top + r, 1 + r, COLS, v->top + r == v->cursor);
}

bool tui_too_small(void)
{
	return COLS < MIN_COLS || LINES < MIN_ROWS;
}

/* Says that the terminal is too small, in as many rows as it has: whole words where they fit. */
static void draw_too_small(void)
{
	char msg[256];
	snprintf(msg, sizeof msg, _("Terminal too small (%dx%d); at least %dx%d needed. q quits."),
		 COLS, LINES, MIN_COLS, MIN_ROWS);
	const char *p = msg;
	for (int y = 0; y < LINES && *p; y++) {
		size_t n = text_fit(p, COLS, NULL);
		if (!n)
			break;
		/* Cut inside the text: the row ends at the last space that fits, if there is one. */
		if (p[n]) {
			size_t space = n;
			while (space > 0 && p[space] != ' ')
				space--;
			if (space > 0)
				n = space;
		}
		char line[sizeof msg];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		screen_text(y, 0, line, COLS, A_NORMAL, false);
		for (p += n; *p == ' '; p++)
			;
	}
}

void tui_draw(tui *t)
{
	if (tui_terminal_gone())
		return;
	erase();
	if (tui_too_small()) {
		draw_too_small();
		refresh();
		return;
	}
	draw_header(t);
	draw_body(t);
	if (t->message[0])
		screen_text(LINES - 2, 0, t->message, COLS,
			    t->message_error ? screen_attr(PAIR_ERROR) : A_NORMAL, false);
	draw_hints(t, LINES - 1);
	refresh();
}

/* ---- prompts ---- */

char *tui_prompt(tui *t, const char *label, const char *initial, prompt_check check, void *ctx)
{
	if (got_signal)
		return NULL;
	lineedit e;
	le_init(&e, initial);
	char err[256] = "";
	char *result = NULL;
	bool redraw = true;
	curs_set(1);
	for (;;) {
		if (got_signal) {
			/* Cut off (a dropped connection, SIGTERM, Ctrl-C): keep what was typed. */
			if (e.text.s[0] && strcmp(e.text.s, initial ? initial : "") != 0)
				tui_keep_draft(t, label, 1, &label, (const char *const *)&e.text.s);
			break;
		}
		if (redraw) {
			tui_draw(t);
			if (!tui_too_small()) {
				/* The label may take most of the line; the editor keeps at least 20 columns. */
				int lw = screen_text(LINES - 2, 0, label, COLS > 40 ? COLS - 20 : COLS / 2, A_BOLD,
						     false);
				screen_text(LINES - 1, 0, "", COLS, A_NORMAL, true);
				if (err[0])
					screen_text(LINES - 1, 0, err, COLS, screen_attr(PAIR_ERROR), false);
				else
					screen_text(LINES - 1, 0, _("Enter: save   Esc: cancel"), COLS,
						    screen_attr(PAIR_DIM), false);
				le_draw(&e, LINES - 2, lw + 1, COLS - lw - 1);
			}
			refresh();
		}
		redraw = true;
		/* Wakes every second, so that a signal that came between two keys is seen. */
		int key = input_key(1000);
		if (key == KEY_CODE_NONE) {
			redraw = false;
			continue;
		}
		if (got_signal)
			continue;
		if (key == KEY_CODE_EOF || key == KEY_CODE_ESC)
			break;
		if (key == KEY_CODE_RESIZE)
			continue;
		if (key == KEY_CODE_ENTER) {
			if (!check || check(ctx, e.text.s, err, sizeof err)) {
				result = xstrdup(e.text.s);
				break;
			}
			continue;   /* refused: the text stays, the message shows */
		}
		if (le_key(&e, key))
			err[0] = '\0';
	}
	if (!tui_terminal_gone())
		curs_set(0);
	le_free(&e);
	return result;
}

bool tui_confirm(tui *t, const char *question)
{
	bool redraw = true;
	for (;;) {
		if (got_signal)
			return false;
		if (redraw) {
			tui_draw(t);
			if (!tui_too_small())
				screen_text(LINES - 2, 0, question, COLS, A_BOLD, true);
			refresh();
		}
		int key = input_key(1000);   /* wakes every second to see a signal */
		redraw = key != KEY_CODE_NONE;
		if (key == 'y' || key == 'Y' || key == 'c' || key == 'C')
			return true;
		if (key == 'n' || key == 'N' || key == 'k' || key == 'K' || key == KEY_CODE_ESC ||
		    key == KEY_CODE_EOF || got_signal)
			return false;
	}
}

/* ---- views ---- */

static void push_view(tui *t, view *v)
{
	if (!v)
		return;
	if (t->depth == MAX_VIEWS) {
		view *old = t->stack[1];
		old->ops->destroy(old);
		memmove(&t->stack[1], &t->stack[2], sizeof t->stack[0] * (MAX_VIEWS - 2));
		t->depth--;
	}
	t->stack[t->depth++] = v;
}

void tui_push_view(tui *t, view *v)
{
	push_view(t, v);
}

static void pop_view(tui *t)
{
	if (t->depth <= 1)
		return;
	view *v = t->stack[--t->depth];
	v->ops->destroy(v);
}

void tui_open_checklist(tui *t, int64_t area_id)
{
	push_view(t, view_checklist_new(t, area_id));
}

void tui_open_facts(tui *t, int64_t area_id)
{
	push_view(t, view_facts_new(t, area_id));
}

void tui_open_history(tui *t, int64_t area_id, int64_t criterion_id)
{
	push_view(t, view_history_new(t, area_id, criterion_id));
}

void tui_open_cycle(tui *t, int64_t area_id)
{
	push_view(t, view_cycle_new(t, area_id));
}

void tui_open_awards(tui *t, int64_t scope_area_id)
{
	push_view(t, view_awards_new(t, scope_area_id));
}

void tui_open_ledger(tui *t, int64_t area_id)
{
	push_view(t, view_ledger_new(t, area_id));
}

void tui_open_status(tui *t, int64_t area_id)
{
	push_view(t, view_status_new(t, area_id));
}

void tui_open_matrix(tui *t, int64_t commune_id)
{
	push_view(t, view_matrix_new(t, commune_id));
}

void tui_open_report(tui *t, int64_t area_id)
{
	push_view(t, view_report_new(t, area_id));
}

void tui_open_worklist(tui *t, int64_t scope_area_id)
{
	push_view(t, view_worklist_new(t, scope_area_id));
}

int64_t tui_current_area(tui *t)
{
	for (int i = t->depth - 1; i >= 0; i--) {
		view *v = t->stack[i];
		int64_t id = v->ops->area ? v->ops->area(v) : 0;
		if (id)
			return id;
	}
	return 0;
}

void tui_reveal_area(tui *t, int64_t area_id)
{
	while (t->depth > 1)
		pop_view(t);
	view_tree_reveal(t, t->stack[0], area_id);
}

static void reload_all(tui *t)
{
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i]->ops->reload)
			t->stack[i]->ops->reload(t, t->stack[i]);
}

/* Cursor movement is the same in every list: skip rows that cannot be selected. */
static void move_cursor(view *v, int delta, int target)
{
	int n = v->ops->nrows(v);
	if (!n)
		return;
	int c = target >= 0 ? target : v->cursor + delta;
	if (c < 0)
		c = 0;
	if (c >= n)
		c = n - 1;
	int step = delta < 0 || (target >= 0 && target >= n - 1) ? -1 : 1;
	if (v->ops->selectable) {
		int tries = n;
		while (tries-- > 0 && !v->ops->selectable(v, c)) {
			c += step;
			if (c < 0 || c >= n) {
				step = -step;
				c = c < 0 ? 0 : n - 1;
			}
		}
	}
	v->cursor = c;
}

static void search(tui *t, int direction, bool ask)
{
	view *v = top_view(t);
	if (!v->ops->search)
		return;
	if (ask) {
		char *q = tui_prompt(t, _("Find:"), t->last_search, NULL, NULL);
		if (!q)
			return;
		if (!*q) {
			free(q);
			return;
		}
		free(t->last_search);
		t->last_search = q;
	} else if (!t->last_search) {
		tui_message(t, false, _("Nothing to repeat: search first with %s"), "/");
		return;
	}
	if (!v->ops->search(t, v, t->last_search, direction) && !t->message[0])
		tui_message(t, true, _("Not found: %s"), t->last_search);
}


static void handle_action(tui *t, int act)
{
	view *v = top_view(t);
	int h = body_height();
	switch (act) {
	case ACT_QUIT: t->quit = true; return;
	case ACT_MOVE_UP: move_cursor(v, -1, -1); return;
	case ACT_MOVE_DOWN: move_cursor(v, 1, -1); return;
	/* A page turns the view as well as the cursor, as a pager does. */
	case ACT_PAGE_UP:
		v->top -= h > 1 ? h - 1 : 1;
		if (v->top < 0)
			v->top = 0;
		move_cursor(v, -(h > 1 ? h - 1 : 1), -1);
		return;
	case ACT_PAGE_DOWN:
		v->top += h > 1 ? h - 1 : 1;
		move_cursor(v, h > 1 ? h - 1 : 1, -1);
		return;
	case ACT_FIRST: move_cursor(v, 1, 0); return;
	case ACT_LAST: move_cursor(v, -1, v->ops->nrows(v) - 1); return;
	case ACT_REDRAW: clearok(curscr, TRUE); return;
	case ACT_HELP: push_view(t, view_help_new(t)); return;
	case ACT_WORKLIST: tui_open_worklist(t, tui_current_area(t)); return;
	case ACT_AUDIT: {
		const char *table = NULL;
		char key[64] = "";
		if (v->ops->record && v->ops->record(v, &table, key, sizeof key))
			push_view(t, view_audit_new(t, table, key, 0));
		else
			push_view(t, view_audit_new(t, NULL, NULL, tui_current_area(t)));
		return;
	}
	case ACT_LEDGER: tui_open_ledger(t, tui_current_area(t)); return;
	case ACT_STATUS_TABLE: tui_open_status(t, tui_current_area(t)); return;
	case ACT_REPORT: tui_open_report(t, tui_current_area(t)); return;
	case ACT_DRAFT: draft_open(t); return;
	case ACT_PREV_YEAR:
	case ACT_NEXT_YEAR:
		if ((act == ACT_PREV_YEAR && t->year <= 1900) || (act == ACT_NEXT_YEAR && t->year >= 2999))
			return;
		t->year += act == ACT_NEXT_YEAR ? 1 : -1;
		reload_all(t);
		return;
	case ACT_SWITCH_STAGE:
		t->stage = t->stage == STAGE_SELF ? STAGE_APPRAISAL : STAGE_SELF;
		reload_all(t);
		tui_message(t, false, _("Now recording: %s"), stage_label(t->stage));
		return;
	case ACT_SEARCH: search(t, 1, true); return;
	case ACT_SEARCH_NEXT: search(t, 1, false); return;
	case ACT_SEARCH_PREV: search(t, -1, false); return;
	default:
		break;
	}
	if (v->ops->act && v->ops->act(t, v, act))
		return;
	if (act == ACT_BACK)
		pop_view(t);
}

static void report_start_problems(tui *t, strbuf *errors)
{
	if (!errors->len) {
		/* All fixed: forget what was shown, so that a mistake made again is reported again. */
		char *path = paths_state_file("reported-errors");
		unlink(path);
		free(path);
		return;
	}
	if (already_reported(errors->s))
		return;
	/* The first problem on the message line; all of them on the help screen and from
	 * `kieumau keys`. */
	const char *nl = strchr(errors->s, '\n');
	int count = 0;
	for (const char *p = errors->s; *p; p++)
		count += *p == '\n';
	tui_message(t, true, count > 1 ? _("%.*s (and %d more: see ? for all)") : "%.*s",
		    (int)(nl ? nl - errors->s : (long)strlen(errors->s)), errors->s, count - 1);
}

static int choose_year(app *a, int year)
{
	if (year)
		return year;
	if (a->cfg.year)
		return a->cfg.year;
	char today[16];
	vn_today_iso(today, sizeof today);
	return atoi(today);
}

int tui_run(app *a, const char *script, int year)
{
	if (!input_open(script))
		return 1;
	bool headless = script && !isatty(STDOUT_FILENO);
	const char *nc = getenv("NO_COLOR");
	if (!screen_start(headless, 80, 24, !(nc && *nc) && !a->cfg.no_color)) {
		input_close();
		return 1;
	}
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	tui t = { 0 };
	t.a = a;
	t.year = choose_year(a, year);
	t.stage = STAGE_SELF;
	sb_init(&t.problems);
	sb_add(&t.problems, a->config_errors.s);
	tui_load_keymap(a, &t.km, &t.problems);
	demo_present(a->db, &t.demo);
	push_view(&t, view_tree_new(&t));
	/* A draft left by a session that was cut off comes first; problems in the settings are then
	 * reported at the next start (and are on the help screen meanwhile). */
	if (!draft_offer(&t)) {
		if (db_readonly(a->db))
			tui_message(&t, true, _("The database is read-only: you can browse and make reports, "
						"not save (%s)"), db_readonly(a->db));
		else
			report_start_problems(&t, &t.problems);
	}

	int data_version = db_data_version(a->db);
	bool dirty = true;
	while (!t.quit && !got_signal) {
		if (dirty)
			tui_draw(&t);
		dirty = false;
		int key = input_key(1000);
		if (key == KEY_CODE_NONE) {
			/* Idle: if another session or the command line changed the data, show it (the
			 * cursors stay where they were). */
			int dv = db_data_version(a->db);
			if (dv >= 0 && dv != data_version) {
				data_version = dv;
				reload_all(&t);
				dirty = true;
			}
			continue;
		}
		dirty = true;
		if (key == KEY_CODE_EOF)
			break;
		if (key == KEY_CODE_RESIZE)
			continue;
		bool had_message = t.message[0] != '\0';
		t.message[0] = '\0';
		if (tui_too_small()) {
			int act = keymap_action(&t.km, key, top_view(&t)->ops->bit);
			if (act == ACT_QUIT)
				break;
			continue;
		}
		int act = keymap_action(&t.km, key, top_view(&t)->ops->bit);
		if (act == ACT_NONE) {
			if (!had_message) {
				char name[32];
				tui_message(&t, false, _("%s does nothing here; ? lists the keys"),
					    keymap_key_name(key, name, sizeof name));
			}
			continue;
		}
		handle_action(&t, act);
	}
	while (t.depth) {
		view *v = t.stack[--t.depth];
		v->ops->destroy(v);
	}
	free(t.last_search);
	sb_free(&t.problems);
	/* After a hangup the terminal is gone: nothing more is written to it. */
	bool gone = tui_terminal_gone();
	if (!gone)
		screen_stop();
	input_close();
	if (draft_error[0] && !gone)
		fprintf(stderr, _("kieumau: the typed text could not be kept: %s\n"), draft_error);
	/* Nothing else to save: every confirmed change was committed when it was made, and text left
	 * in a prompt or form is in the draft. A signal still shows in the exit status, as shells
	 * expect (130 for Ctrl-C). */
	return got_signal ? 128 + got_signal : 0;
}
