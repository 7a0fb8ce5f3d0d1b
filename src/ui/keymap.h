/* Key codes, key names and the keymap (which keys trigger which action).
 *
 * A key code is an int: a Unicode character as itself (Ctrl-A..Ctrl-Z are 1..26, Tab 9, Enter is
 * always KEY_CODE_ENTER whatever the terminal sends, Esc 27), a curses function key as
 * KM_FKEY | KEY_xxx, and Alt+key as KM_ALT | key. */
#ifndef KM_KEYMAP_H
#define KM_KEYMAP_H
#include <stdbool.h>
#include <stddef.h>
#include "ui/actions.h"
#include "util/strbuf.h"

#define KM_FKEY 0x01000000
#define KM_ALT 0x02000000
#define KEY_CODE_ENTER '\n'
#define KEY_CODE_ESC 27
#define KM_MAX_KEYS 8

typedef struct keymap {
	int keys[ACT_COUNT][KM_MAX_KEYS];
	int nkeys[ACT_COUNT];
} keymap;

/* Key names (case-sensitive for single characters; names of special keys are case-insensitive):
 *   a single character ("j", "?", "/", "đ"), Up Down Left Right Home End PgUp PgDn Insert Delete
 *   Enter Backspace Tab Space Esc F1..F12, C-x (Ctrl+letter), M-x (Alt+key, e.g. M-j, M-Down),
 *   and names for characters INI files make awkward: Comma, Semicolon, Hash, Equals.
 * Returns -1 for an unknown name. */
int key_from_name(const char *name);

/* The canonical name of a key, as accepted by key_from_name ("Up", "C-l", "Space", "?"). */
const char *keymap_key_name(int key, char *buf, size_t cap);

/* Normalises what get_wch returned (is_fkey: it returned KEY_CODE_YES) into a key code:
 * '\r', '\n' and KEY_ENTER give KEY_CODE_ENTER; 127, 8 and KEY_BACKSPACE give KM_FKEY|KEY_BACKSPACE. */
int key_normalise(int ch, bool is_fkey);

/* The built-in default keymap (vi_style: the vi-style one), identical to keymaps/default.ini and
 * keymaps/vi.ini. */
void keymap_defaults(keymap *km, bool vi_style);

/* Applies the [keys] section of an INI file over km: each "action = Key, Key" line replaces that
 * action's keys. Unknown actions, unknown key names, malformed lines are reported in errors as
 * "PATH:LINE: message\n" and skipped; the rest still applies. Returns false if the file could not
 * be read at all (a missing file is not an error for the caller to report: check existence first). */
bool keymap_load(keymap *km, const char *path, strbuf *errors);

/* The action bound to key among those that work in view (VIEW_* bit), or ACT_NONE. */
int keymap_action(const keymap *km, int key, unsigned view);

/* "Enter, Right, l" for an action: its keys' names joined with ", ". */
void keymap_describe(const keymap *km, int action, strbuf *out);
#endif
