#include "config.h"
#include "ui/lineedit.h"
#include <string.h>
#include "ui/keymap.h"
#include "ui/screen.h"
#include "util/text.h"

void le_init(lineedit *e, const char *initial)
{
	sb_init(&e->text);
	sb_add(&e->text, initial ? initial : "");
	e->cursor = e->text.len;
	e->scroll = 0;
}

void le_free(lineedit *e)
{
	sb_free(&e->text);
}

static void delete_range(lineedit *e, size_t from, size_t to)
{
	memmove(e->text.s + from, e->text.s + to, e->text.len - to + 1);
	e->text.len -= to - from;
	if (e->cursor > to)
		e->cursor -= to - from;
	else if (e->cursor > from)
		e->cursor = from;
}

static void insert_utf8(lineedit *e, int cp)
{
	char buf[4];
	size_t n;
	if (cp < 0x80) {
		buf[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		buf[0] = (char)(0xF0 | (cp >> 18));
		buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	size_t tail = e->text.len - e->cursor;
	sb_addn(&e->text, buf, n);   /* grows the buffer; then move the tail right */
	memmove(e->text.s + e->cursor + n, e->text.s + e->cursor, tail);
	memcpy(e->text.s + e->cursor, buf, n);
	e->cursor += n;
}

bool le_key(lineedit *e, int key)
{
	switch (key) {
	case KM_FKEY | KEY_LEFT:
		e->cursor -= text_prev_char_len(e->text.s, e->cursor);
		return true;
	case KM_FKEY | KEY_RIGHT:
		e->cursor += text_char_len(e->text.s + e->cursor);
		return true;
	case KM_FKEY | KEY_HOME:
	case 1: /* C-a */
		e->cursor = 0;
		return true;
	case KM_FKEY | KEY_END:
	case 5: /* C-e */
		e->cursor = e->text.len;
		return true;
	case KM_FKEY | KEY_BACKSPACE:
		if (e->cursor)
			delete_range(e, e->cursor - text_prev_char_len(e->text.s, e->cursor), e->cursor);
		return true;
	case KM_FKEY | KEY_DC:
	case 4: /* C-d */
		if (e->cursor < e->text.len)
			delete_range(e, e->cursor, e->cursor + text_char_len(e->text.s + e->cursor));
		return true;
	case 21: /* C-u */
		delete_range(e, 0, e->cursor);
		return true;
	case 11: /* C-k */
		delete_range(e, e->cursor, e->text.len);
		return true;
	case 23: { /* C-w: the word before the cursor */
		size_t p = e->cursor;
		while (p && e->text.s[p - 1] == ' ')
			p--;
		while (p && e->text.s[p - 1] != ' ')
			p -= text_prev_char_len(e->text.s, p);
		delete_range(e, p, e->cursor);
		return true;
	}
	default:
		if (key >= 0x20 && key != 0x7F && key < 0x110000 && !(key >= 0x80 && key < 0xA0) &&
		    !(key >= 0xD800 && key < 0xE000)) {
			/* Past the limit a paste is cut short: no field takes that much, and a longer text
			 * would make each key slower (the save says what the field takes). */
			if (e->text.len + 4 <= LE_MAX_BYTES)
				insert_utf8(e, key);
			return true;
		}
		return false;
	}
}

/* Columns from the start of s to byte offset end. */
static int width_to(const char *s, size_t end)
{
	text_glyphs g;
	int32_t cp;
	int w, col = 0;
	text_glyphs_start(&g, s, false);
	while ((size_t)(g.p - s) < end && text_glyph_next(&g, &cp, &w))
		col += w;
	return col;
}

void le_draw(lineedit *e, int y, int x, int width)
{
	if (width < 2)
		return;
	int cursor_col = width_to(e->text.s, e->cursor);
	/* Keep the cursor visible, with a little context on the left when scrolling back. */
	if (cursor_col < e->scroll)
		e->scroll = cursor_col > width / 3 ? cursor_col - width / 3 : 0;
	if (cursor_col >= e->scroll + width)
		e->scroll = cursor_col - width + 1;
	text_glyphs g;
	const char *p = e->text.s;
	int32_t cp;
	int w, col = 0;
	text_glyphs_start(&g, p, false);
	while (col < e->scroll && text_glyph_next(&g, &cp, &w)) {
		col += w;
		p = g.p;
	}
	screen_text(y, x, p, width, A_UNDERLINE, true);
	move(y, x + cursor_col - col);
}
