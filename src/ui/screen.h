/* The terminal: curses set-up (a real terminal, or a headless one for scripted runs), colours,
 * and width-aware drawing of UTF-8 text. */
#ifndef KM_SCREEN_H
#define KM_SCREEN_H
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>

enum colour_pair {
	PAIR_HEADER = 1,
	PAIR_MET,
	PAIR_NOT_MET,
	PAIR_DIM,
	PAIR_ERROR,
	PAIR_KEY,
	PAIR_ILLUSTRATIVE,
};

/* Starts curses. headless: draw into memory only (output to /dev/null), size from cols x rows.
 * colour: use colours if the terminal has them. Returns false with a message on stderr. */
bool screen_start(bool headless, int cols, int rows, bool colour);
void screen_stop(void);
bool screen_headless(void);
/* Attributes for a colour pair (A_NORMAL-ish fallbacks without colour). */
attr_t screen_attr(enum colour_pair p);

/* Draws s at (y, x) in at most width columns, clipped at a character boundary; pads with spaces
 * to width when pad. Returns the columns drawn. */
int screen_text(int y, int x, const char *s, int width, attr_t attr, bool pad);
/* Same, right-aligned in width columns. */
void screen_text_right(int y, int x, const char *s, int width, attr_t attr);

/* Writes the screen's text (one line per row, trailing spaces removed) to path. */
bool screen_dump(const char *path);
/* Resizes the headless screen (scripted tests of resizing). */
void screen_resize(int cols, int rows);
#endif
