#include "config.h"
#include "ui/screen.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"

static SCREEN *term;
static FILE *null_out, *null_in;
static bool headless, colours;

/* Whether the terminal named by TERM can show a full screen: known here, and able to move the
 * cursor anywhere (not dumb, not a printer). If not, says why on stderr, before anything is
 * written to the terminal. */
static bool terminal_usable(void)
{
	const char *name = getenv("TERM");
	if (!name || !*name) {
		fprintf(stderr, "kieumau: %s\n",
			_("TERM is not set, so the terminal is unknown; set it (for example "
			  "TERM=xterm-256color) to open the interface. Commands work without it: "
			  "see kieumau --help"));
		return false;
	}
	int err = 0;
	if (setupterm(name, STDOUT_FILENO, &err) != OK) {
		fprintf(stderr, "kieumau: ");
		fprintf(stderr, _("unknown terminal type TERM=%s; set TERM to one this system knows "
				  "(for example xterm-256color). Commands work without it: see kieumau --help"),
			name);
		fputc('\n', stderr);
		return false;
	}
	const char *cup = tigetstr("cup");
	bool usable = cup && cup != (char *)-1 && tigetflag("hc") <= 0;
	del_curterm(cur_term);
	if (!usable) {
		fprintf(stderr, "kieumau: ");
		fprintf(stderr, _("the terminal TERM=%s cannot move the cursor, which the full-screen "
				  "interface needs; use a full terminal (for example TERM=xterm-256color). "
				  "Commands work without one: see kieumau --help"),
			name);
		fputc('\n', stderr);
	}
	return usable;
}

bool screen_start(bool is_headless, int cols, int rows, bool colour)
{
	headless = is_headless;
	if (headless) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", cols);
		setenv("COLUMNS", buf, 1);
		snprintf(buf, sizeof buf, "%d", rows);
		setenv("LINES", buf, 1);
		null_out = fopen("/dev/null", "w");
		null_in = fopen("/dev/null", "r");
		/* Nothing is shown: any terminal type will do when TERM names none that can. */
		const char *t = getenv("TERM");
		if (t && *t && strcmp(t, "dumb") != 0)
			term = newterm(t, null_out, null_in);
		if (!term)
			term = newterm("xterm-256color", null_out, null_in);
	} else {
		if (!terminal_usable())
			return false;
		term = newterm(NULL, stdout, stdin);
	}
	if (!term) {
		fprintf(stderr, "kieumau: ");
		fprintf(stderr, _("cannot use the terminal (TERM=%s)"), getenv("TERM") ? getenv("TERM") : "");
		fputc('\n', stderr);
		return false;
	}
	set_term(term);
	/* A lone ESC must answer at once: wait only as long as a slow link needs for the rest of
	 * an escape sequence. */
	set_escdelay(25);
	/* cbreak, not raw: Ctrl-C stays an interrupt, which quits cleanly (see tui_run). */
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	curs_set(0);
	colours = colour && has_colors();
	if (colours) {
		start_color();
		use_default_colors();
		init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_MET, COLOR_GREEN, -1);
		init_pair(PAIR_NOT_MET, COLOR_RED, -1);
		init_pair(PAIR_DIM, COLOR_CYAN, -1);
		init_pair(PAIR_ERROR, COLOR_WHITE, COLOR_RED);
		init_pair(PAIR_KEY, COLOR_YELLOW, -1);
		init_pair(PAIR_ILLUSTRATIVE, COLOR_BLACK, COLOR_YELLOW);
	}
	return true;
}

void screen_stop(void)
{
	if (!term)
		return;
	endwin();
	delscreen(term);
	term = NULL;
	if (null_out)
		fclose(null_out);
	if (null_in)
		fclose(null_in);
	null_out = null_in = NULL;
}

bool screen_headless(void) { return headless; }

attr_t screen_attr(enum colour_pair p)
{
	if (colours)
		return COLOR_PAIR(p) | (p == PAIR_HEADER || p == PAIR_ERROR ? A_BOLD : 0);
	switch (p) {
	case PAIR_HEADER: return A_REVERSE;
	case PAIR_ERROR: return A_REVERSE | A_BOLD;
	case PAIR_KEY: return A_BOLD;
	case PAIR_ILLUSTRATIVE: return A_BOLD;
	case PAIR_NOT_MET: return A_BOLD;
	default: return A_NORMAL;
	}
}

/* The wide characters to draw for the start of s that fits in width columns, each taking the
 * columns text_width counts (see text.h: nothing in data can drive the terminal). Where the C
 * library, which ncurses and the terminal follow, gives a character another width than utf8proc
 * does, U+FFFD and spaces take its place so that the columns still line up. */
static const wchar_t *to_draw(const char *s, int width, int *used, int *count)
{
	static wchar_t *buf;
	static size_t cap;
	size_t need = (size_t)width * (TEXT_MAX_MARKS + 1) + 1;
	if (need > cap) {
		cap = need;
		buf = xrealloc(buf, cap * sizeof *buf);
	}
	text_glyphs g;
	int32_t cp;
	int w, cols = 0, n = 0;
	text_glyphs_start(&g, s, false);
	while (text_glyph_next(&g, &cp, &w) && cols + w <= width) {
		if (cp < 0)
			continue;
		if (wcwidth((wchar_t)cp) != w) {
			if (w == 0)
				continue;
			buf[n++] = 0xFFFD;
			for (int i = 1; i < w; i++)
				buf[n++] = L' ';
		} else {
			buf[n++] = (wchar_t)cp;
		}
		cols += w;
	}
	buf[n] = L'\0';
	*used = cols;
	*count = n;
	return buf;
}

int screen_text(int y, int x, const char *s, int width, attr_t attr, bool pad)
{
	if (width <= 0)
		return 0;
	int used, n;
	const wchar_t *w = to_draw(s, width, &used, &n);
	attr_set(attr, 0, NULL);
	if (colours && (attr & A_COLOR))
		attr_set(attr, (short)PAIR_NUMBER(attr), NULL);
	mvaddnwstr(y, x, w, n);
	if (pad)
		for (int i = used; i < width; i++)
			addch(' ');
	attr_set(A_NORMAL, 0, NULL);
	return pad ? width : used;
}

void screen_text_right(int y, int x, const char *s, int width, attr_t attr)
{
	int w = text_width(s);
	if (w > width)
		w = width;
	screen_text(y, x + width - w, s, w, attr, false);
}

bool screen_dump(const char *path)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return false;
	int rows = getmaxy(stdscr), cols = getmaxx(stdscr);
	cchar_t *line = calloc((size_t)cols + 1, sizeof *line);
	strbuf b;
	sb_init(&b);
	for (int y = 0; y < rows; y++) {
		sb_clear(&b);
		for (int x = 0; x < cols; x++) {
			cchar_t cc;
			if (mvwin_wch(stdscr, y, x, &cc) == ERR)
				break;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			if (getcchar(&cc, wch, &a, &pair, NULL) == ERR)
				continue;
			/* A wide character fills two cells and reads back from both: write it once. */
			int cw = wch[0] ? wcwidth(wch[0]) : 0;
			if (cw > 1)
				x += cw - 1;
			for (int i = 0; wch[i]; i++) {
				char mb[MB_LEN_MAX];
				mbstate_t st;
				memset(&st, 0, sizeof st);
				size_t k = wcrtomb(mb, wch[i], &st);
				if (k != (size_t)-1)
					sb_addn(&b, mb, k);
			}
		}
		while (b.len && b.s[b.len - 1] == ' ')
			b.s[--b.len] = '\0';
		fprintf(fp, "%s\n", b.s);
	}
	sb_free(&b);
	free(line);
	return fclose(fp) == 0;
}

void screen_resize(int cols, int rows)
{
	resizeterm(rows, cols);
}
