#include "config.h"
#include "ui/keymap.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include "util/i18n.h"
#include "util/inifile.h"

/* Named keys. The first entry for a code is its canonical name; later ones are aliases. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Up", KM_FKEY | KEY_UP },
	{ "Down", KM_FKEY | KEY_DOWN },
	{ "Left", KM_FKEY | KEY_LEFT },
	{ "Right", KM_FKEY | KEY_RIGHT },
	{ "Home", KM_FKEY | KEY_HOME },
	{ "End", KM_FKEY | KEY_END },
	{ "PgUp", KM_FKEY | KEY_PPAGE },
	{ "PageUp", KM_FKEY | KEY_PPAGE },
	{ "PgDn", KM_FKEY | KEY_NPAGE },
	{ "PageDown", KM_FKEY | KEY_NPAGE },
	{ "Insert", KM_FKEY | KEY_IC },
	{ "Ins", KM_FKEY | KEY_IC },
	{ "Delete", KM_FKEY | KEY_DC },
	{ "Del", KM_FKEY | KEY_DC },
	{ "Enter", KEY_CODE_ENTER },
	{ "Return", KEY_CODE_ENTER },
	{ "Backspace", KM_FKEY | KEY_BACKSPACE },
	{ "Tab", '\t' },
	{ "Space", ' ' },
	{ "Esc", KEY_CODE_ESC },
	{ "Escape", KEY_CODE_ESC },
	/* Characters iniparser would split on or take as the start of a comment. */
	{ "Comma", ',' },
	{ "Semicolon", ';' },
	{ "Hash", '#' },
	/* '=' works as a value; the name is accepted but "=" stays canonical (see keymap_key_name). */
	{ "Equals", '=' },
};

#define N_KEY_NAMES (sizeof key_names / sizeof key_names[0])
#define MAX_FKEY_NUMBER 12

/* Decodes s if it is exactly one UTF-8 encoded code point; returns it, or -1. */
static int decode_one_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int len;
	uint32_t cp, min;
	if (p[0] < 0x80) {
		len = 1, cp = p[0], min = 0;
	} else if ((p[0] & 0xE0) == 0xC0) {
		len = 2, cp = p[0] & 0x1F, min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3, cp = p[0] & 0x0F, min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4, cp = p[0] & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (p[len] != '\0' || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	return (int)cp;
}

/* Characters that can be shown and bound as themselves (independent of the locale). */
static bool is_printable_char(int c)
{
	return c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0) && c <= 0x10FFFF &&
	       !(c >= 0xD800 && c <= 0xDFFF);
}

int key_from_name(const char *name)
{
	if (!name || !*name)
		return -1;

	int c = decode_one_utf8(name);
	if (c >= 0)
		return is_printable_char(c) ? c : -1;

	if (strncasecmp(name, "M-", 2) == 0) {
		int k = key_from_name(name + 2);
		return k < 0 || (k & KM_ALT) ? -1 : KM_ALT | k;
	}
	if (strncasecmp(name, "C-", 2) == 0) {
		char letter = name[2];
		if (letter == '\0' || name[3] != '\0')
			return -1;
		if (letter >= 'A' && letter <= 'Z')
			letter = (char)(letter - 'A' + 'a');
		if (letter < 'a' || letter > 'z')
			return -1;
		/* As the terminal sends it: C-m arrives as Enter, C-h as Backspace. */
		return key_normalise(letter - 'a' + 1, false);
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= MAX_FKEY_NUMBER)
			return KM_FKEY | KEY_F((int)n);
		return -1;
	}
	for (size_t i = 0; i < N_KEY_NAMES; i++)
		if (strcasecmp(name, key_names[i].name) == 0)
			return key_names[i].key;
	return -1;
}

/* Writes code point c as UTF-8 into buf (at least 5 bytes). */
static void encode_utf8(int c, char *buf)
{
	unsigned u = (unsigned)c;
	if (u < 0x80) {
		buf[0] = (char)u;
		buf[1] = '\0';
	} else if (u < 0x800) {
		buf[0] = (char)(0xC0 | (u >> 6));
		buf[1] = (char)(0x80 | (u & 0x3F));
		buf[2] = '\0';
	} else if (u < 0x10000) {
		buf[0] = (char)(0xE0 | (u >> 12));
		buf[1] = (char)(0x80 | ((u >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (u & 0x3F));
		buf[3] = '\0';
	} else {
		buf[0] = (char)(0xF0 | (u >> 18));
		buf[1] = (char)(0x80 | ((u >> 12) & 0x3F));
		buf[2] = (char)(0x80 | ((u >> 6) & 0x3F));
		buf[3] = (char)(0x80 | (u & 0x3F));
		buf[4] = '\0';
	}
}

const char *keymap_key_name(int key, char *buf, size_t cap)
{
	if (cap == 0)
		return "";
	if (key >= 0 && (key & KM_ALT)) {
		char inner[64];
		snprintf(buf, cap, "M-%s", keymap_key_name(key & ~KM_ALT, inner, sizeof inner));
		return buf;
	}
	if (key >= 0 && key != '=') {
		for (size_t i = 0; i < N_KEY_NAMES; i++) {
			if (key_names[i].key == key) {
				snprintf(buf, cap, "%s", key_names[i].name);
				return buf;
			}
		}
	}
	if (key >= 0 && (key & KM_FKEY)) {
		int fk = key & ~KM_FKEY;
		if (fk >= KEY_F(1) && fk <= KEY_F(MAX_FKEY_NUMBER))
			snprintf(buf, cap, "F%d", fk - KEY_F0);
		else
			snprintf(buf, cap, "<key %#o>", (unsigned)fk);
	} else if (key >= 1 && key <= 26) {
		snprintf(buf, cap, "C-%c", 'a' + key - 1);
	} else if (is_printable_char(key)) {
		char utf8[5];
		encode_utf8(key, utf8);
		snprintf(buf, cap, "%s", utf8);
	} else {
		snprintf(buf, cap, "<%#x>", (unsigned)key);
	}
	return buf;
}

int key_normalise(int ch, bool is_fkey)
{
	if (is_fkey) {
		if (ch == KEY_ENTER)
			return KEY_CODE_ENTER;
		return KM_FKEY | ch;
	}
	if (ch == '\r' || ch == '\n')
		return KEY_CODE_ENTER;
	if (ch == 127 || ch == 8)
		return KM_FKEY | KEY_BACKSPACE;
	return ch;
}

/* Result of parsing a "Key, Key" list. */
enum parse_result { PARSE_OK, PARSE_UNKNOWN_KEY, PARSE_EMPTY_NAME, PARSE_TOO_MANY };

/* Parses a comma-separated list of key names into keys/nkeys (duplicates dropped). An empty or
 * all-blank list gives no keys. On PARSE_UNKNOWN_KEY the offending name is copied to bad. */
static enum parse_result parse_key_list(const char *list, int keys[KM_MAX_KEYS], int *nkeys,
					char *bad, size_t badcap)
{
	*nkeys = 0;
	const char *p = list;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return PARSE_OK;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *s = p;
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len == 0)
			return PARSE_EMPTY_NAME;

		char *name = xmalloc(len + 1);
		memcpy(name, s, len);
		name[len] = '\0';
		int key = key_from_name(name);
		if (key < 0) {
			snprintf(bad, badcap, "%s", name);
			free(name);
			return PARSE_UNKNOWN_KEY;
		}
		free(name);

		bool seen = false;
		for (int i = 0; i < *nkeys; i++)
			seen |= keys[i] == key;
		if (!seen) {
			if (*nkeys == KM_MAX_KEYS)
				return PARSE_TOO_MANY;
			keys[(*nkeys)++] = key;
		}
		if (!end)
			return PARSE_OK;
		p = end + 1;
	}
}

void keymap_defaults(keymap *km, bool vi_style)
{
	memset(km, 0, sizeof *km);
	for (int a = 0; a < ACT_COUNT; a++) {
		const char *list = vi_style ? action_table[a].vi_keys : action_table[a].default_keys;
		char bad[64];
		if (parse_key_list(list, km->keys[a], &km->nkeys[a], bad, sizeof bad) != PARSE_OK) {
			fprintf(stderr, "kieumau: bad built-in keys for %s: \"%s\"\n",
				action_table[a].name, list);
			abort();
		}
	}
}

static bool is_bound(const keymap *km, int action, int key)
{
	for (int i = 0; i < km->nkeys[action]; i++)
		if (km->keys[action][i] == key)
			return true;
	return false;
}

static void remove_key(keymap *km, int action, int key)
{
	int n = 0;
	for (int i = 0; i < km->nkeys[action]; i++)
		if (km->keys[action][i] != key)
			km->keys[action][n++] = km->keys[action][i];
	km->nkeys[action] = n;
}

/* Applies one "action = keys" line of [keys] to km; reports problems into f. Returns the action
 * it set, or ACT_NONE if the line was skipped. */
static int apply_line(inifile *f, const ini_line *l, keymap *km)
{
	/* A key set twice: only the last line counts (inifile has reported the repeat). */
	if (inifile_line_of(f, l->section, l->key) != l->line)
		return ACT_NONE;
	int action = action_by_name(l->key);
	if (action == ACT_NONE) {
		inifile_error(f, l->line, _("unknown action '%s'"), l->key);
		return ACT_NONE;
	}

	strbuf dict_key;
	sb_init(&dict_key);
	sb_printf(&dict_key, "%s:%s", l->section, l->key);
	const char *value = iniparser_getstring(f->dict, dict_key.s, NULL);
	sb_free(&dict_key);
	if (!value)   /* iniparser dropped the line and said why */
		return ACT_NONE;

	int keys[KM_MAX_KEYS], nkeys;
	char bad[256];
	switch (parse_key_list(value, keys, &nkeys, bad, sizeof bad)) {
	case PARSE_OK:
		memcpy(km->keys[action], keys, sizeof keys);
		km->nkeys[action] = nkeys;
		return action;
	case PARSE_UNKNOWN_KEY:
		inifile_error(f, l->line, _("unknown key '%s' for '%s'"), bad, l->key);
		break;
	case PARSE_EMPTY_NAME:
		inifile_error(f, l->line, _("empty key name for '%s' (write Comma for the ',' key)"),
			      l->key);
		break;
	case PARSE_TOO_MANY:
		inifile_error(f, l->line, _("too many keys for '%s' (at most %d)"), l->key,
			      KM_MAX_KEYS);
		break;
	}
	return ACT_NONE;
}

/* Reports [section] once, at its first key, unless an earlier line was in the same section. */
static void report_section(inifile *f, size_t index)
{
	const ini_line *l = &f->lines[index];
	for (size_t i = 0; i < index; i++)
		if (strcmp(f->lines[i].section, l->section) == 0)
			return;
	if (l->section[0] == '\0')
		inifile_error(f, l->line, _("lines before the [keys] section are ignored"));
	else
		inifile_error(f, l->line, _("unknown section '[%s]'"), l->section);
}

/* Conflicts are judged on the final bindings, so swapping two actions' keys is fine. Going through
 * the file in order, each line takes its keys away from the actions that were set before it (or
 * not set by the file at all, line 0) and work in some of the same views. */
static void resolve_conflicts(inifile *f, keymap *km, const int set_on_line[ACT_COUNT])
{
	for (size_t i = 0; i < f->nlines; i++) {
		int line = f->lines[i].line;
		int a = action_by_name(f->lines[i].key);
		if (a == ACT_NONE || set_on_line[a] != line)
			continue;
		for (int k = 0; k < km->nkeys[a]; k++) {
			int key = km->keys[a][k];
			for (int b = 0; b < ACT_COUNT; b++) {
				bool shared_views = action_table[a].views & action_table[b].views;
				if (b == a || set_on_line[b] > line || !shared_views || !is_bound(km, b, key))
					continue;
				char name[64];
				inifile_error(f, line,
					      _("key '%s' is bound to both '%s' and '%s'; only '%s' keeps it"),
					      keymap_key_name(key, name, sizeof name), action_table[b].name,
					      action_table[a].name, action_table[a].name);
				remove_key(km, b, key);
			}
		}
	}
}

bool keymap_load(keymap *km, const char *path, strbuf *errors)
{
	inifile f;
	bool ok = inifile_load(&f, path);
	if (ok) {
		keymap next = *km;
		int set_on_line[ACT_COUNT] = { 0 };   /* 0: not set by this file */
		for (size_t i = 0; i < f.nlines; i++) {
			if (strcmp(f.lines[i].section, "keys") != 0) {
				report_section(&f, i);
				continue;
			}
			int action = apply_line(&f, &f.lines[i], &next);
			if (action != ACT_NONE)
				set_on_line[action] = f.lines[i].line;
		}
		resolve_conflicts(&f, &next, set_on_line);
		*km = next;
	}
	sb_add(errors, f.errors.s);
	inifile_free(&f);
	return ok;
}

int keymap_action(const keymap *km, int key, unsigned view)
{
	for (int a = 0; a < ACT_COUNT; a++)
		if ((action_table[a].views & view) && is_bound(km, a, key))
			return a;
	return ACT_NONE;
}

void keymap_describe(const keymap *km, int action, strbuf *out)
{
	for (int i = 0; i < km->nkeys[action]; i++) {
		char name[64];
		if (i > 0)
			sb_add(out, ", ");
		sb_add(out, keymap_key_name(km->keys[action][i], name, sizeof name));
	}
}
