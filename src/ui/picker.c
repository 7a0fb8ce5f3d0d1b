#include "config.h"
#include "ui/picker.h"
#include "ui/input.h"
#include "ui/keymap.h"
#include "ui/screen.h"
#include "ui/tui.h"
#include "util/text.h"

/* The list in a framed box in the middle of the screen, the selected option highlighted. */
static void draw_box(const char *title, const char *const *options, int n, int sel)
{
	int w = text_width(title) + 4;
	for (int i = 0; i < n; i++)
		if (text_width(options[i]) + 6 > w)
			w = text_width(options[i]) + 6;
	if (w > COLS - 2)
		w = COLS - 2;
	int h = n + 2 > LINES - 2 ? LINES - 2 : n + 2;
	int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
	int visible = h - 2, top = sel >= visible ? sel - visible + 1 : 0;
	attr_t frame = screen_attr(PAIR_HEADER);
	screen_text(y0, x0, "", w, frame, true);
	screen_text(y0, x0 + 2, title, w - 4, frame, false);
	for (int r = 0; r < visible; r++) {
		int i = top + r;
		attr_t a = i == sel ? A_REVERSE : A_NORMAL;
		screen_text(y0 + 1 + r, x0, " ", 1, frame, false);
		screen_text(y0 + 1 + r, x0 + 1, "", w - 2, a, true);
		if (i < n)
			screen_text(y0 + 1 + r, x0 + 2, options[i], w - 4, a, false);
		screen_text(y0 + 1 + r, x0 + w - 1, " ", 1, frame, false);
	}
	screen_text(y0 + h - 1, x0, "", w, frame, true);
}

int picker_choose(struct tui *t, const char *title, const char *const *options, int n, int initial)
{
	int sel = initial >= 0 && initial < n ? initial : 0;
	for (;;) {
		if (tui_too_small())
			tui_draw(t);   /* only the message saying so: no room for the box */
		else
			draw_box(title, options, n, sel);
		refresh();
		/* Wake each second only to notice a signal: nothing is redrawn while idle. */
		int key;
		do
			key = input_key(1000);
		while (key == KEY_CODE_NONE && !tui_interrupted());
		if (key == KEY_CODE_EOF || tui_interrupted())
			return -1;
		if (key == KEY_CODE_RESIZE) {
			tui_draw(t);
			continue;
		}
		if (key == KEY_CODE_ENTER)
			return sel;
		if (key == KEY_CODE_ESC)
			return -1;
		int act = keymap_action(tui_keymap(t), key, VIEW_TREE | VIEW_CHECKLIST | VIEW_HELP);
		if (act == ACT_MOVE_UP && sel > 0)
			sel--;
		else if (act == ACT_MOVE_DOWN && sel < n - 1)
			sel++;
		else if (act == ACT_FIRST)
			sel = 0;
		else if (act == ACT_LAST)
			sel = n - 1;
		else if (act == ACT_OPEN)
			return sel;
		else if (act == ACT_BACK || act == ACT_QUIT)
			return -1;
		else if (key >= '1' && key <= '9' && key - '1' < n)
			return key - '1';
	}
}
