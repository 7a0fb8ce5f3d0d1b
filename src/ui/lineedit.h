/* A one-line editor for UTF-8 text: insert anywhere, Left/Right, Home/End (C-a, C-e), Backspace,
 * Delete, C-u (delete to start), C-k (delete to end), C-w (delete word); scrolls sideways by
 * display width so wide or long text stays editable. Holds at most LE_MAX_BYTES: what is typed
 * or pasted beyond is left out. */
#ifndef KM_LINEEDIT_H
#define KM_LINEEDIT_H
#include <stdbool.h>
#include "util/strbuf.h"

/* The most text the editor holds, in bytes: twice the longest field (evidence, 4000 bytes). */
#define LE_MAX_BYTES 8192

typedef struct lineedit {
	strbuf text;
	size_t cursor;   /* byte offset, always at a character boundary */
	int scroll;      /* first display column shown */
} lineedit;

void le_init(lineedit *e, const char *initial);
void le_free(lineedit *e);
/* Applies an editing key. Returns true if the key was an editing key (handled). */
bool le_key(lineedit *e, int key);
/* Draws the text at (y, x) in width columns and places the cursor. */
void le_draw(lineedit *e, int y, int x, int width);
#endif
