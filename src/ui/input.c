#include "config.h"
#include "ui/input.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/keymap.h"
#include "ui/screen.h"
#include "util/strbuf.h"
#include "util/text.h"

#define MAX_RESIZE 1000   /* the largest side :resize accepts */

static FILE *script;
static int script_line;
static strbuf pending;       /* keys still to deliver from the current script line, as text */
static size_t pending_pos;
static bool typing;          /* pending holds literal text (:type) rather than key names */
static char error[256];

bool input_open(const char *path)
{
	sb_init(&pending);
	if (!path)
		return true;
	script = fopen(path, "r");
	if (!script) {
		fprintf(stderr, "kieumau: cannot read the script %s\n", path);
		return false;
	}
	return true;
}

void input_close(void)
{
	if (script)
		fclose(script);
	script = NULL;
	sb_free(&pending);
}

bool input_scripted(void) { return script != NULL; }
const char *input_script_error(void) { return error; }

static int keyboard_key(int timeout_ms)
{
	timeout(timeout_ms);
	wint_t ch;
	int r = get_wch(&ch);
	if (r == ERR)
		return KEY_CODE_NONE;
	if (r == KEY_CODE_YES && ch == KEY_RESIZE)
		return KEY_CODE_RESIZE;
	int key = key_normalise((int)ch, r == KEY_CODE_YES);
	/* ESC then a key within the escape delay is Alt+key. */
	if (key == KEY_CODE_ESC) {
		timeout(0);
		wint_t next;
		int r2 = get_wch(&next);
		if (r2 != ERR)
			return KM_ALT | key_normalise((int)next, r2 == KEY_CODE_YES);
	}
	return key;
}

/* Runs a ':' command; returns the key it stands for (KEY_CODE_NONE if none). */
static int run_command(const char *cmd)
{
	if (strncmp(cmd, ":type ", 6) == 0) {
		sb_clear(&pending);
		sb_add(&pending, cmd + 6);
		pending_pos = 0;
		typing = true;
	} else if (strncmp(cmd, ":dump ", 6) == 0) {
		refresh();
		if (!screen_dump(cmd + 6))
			snprintf(error, sizeof error, "script line %d: cannot write %s", script_line, cmd + 6);
	} else if (strncmp(cmd, ":resize ", 8) == 0) {
		int c, r;
		/* Bounded: curses keeps sizes in shorts, and three screens of cells must fit in memory. */
		if (sscanf(cmd + 8, "%dx%d", &c, &r) == 2 && c > 0 && r > 0 && c <= MAX_RESIZE &&
		    r <= MAX_RESIZE) {
			screen_resize(c, r);
			return KEY_CODE_RESIZE;
		}
		snprintf(error, sizeof error, "script line %d: bad size %s", script_line, cmd + 8);
	} else {
		snprintf(error, sizeof error, "script line %d: unknown command %s", script_line, cmd);
	}
	return KEY_CODE_NONE;
}

/* Takes the next key from pending: a literal character, or a key name. 0 when empty. */
static int next_pending(int *key)
{
	const char *s = pending.s + pending_pos;
	if (typing) {
		if (!*s)
			return 0;
		size_t n = text_char_len(s);
		char one[8] = { 0 };
		memcpy(one, s, n < 7 ? n : 7);
		pending_pos += n;
		*key = key_from_name(one);
		if (strcmp(one, " ") == 0)
			*key = ' ';
		return 1;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return 0;
	const char *e = s;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	char name[64];
	snprintf(name, sizeof name, "%.*s", (int)(e - s), s);
	pending_pos = (size_t)(e - pending.s);
	*key = key_from_name(name);
	if (*key < 0) {
		snprintf(error, sizeof error, "script line %d: unknown key %s", script_line, name);
		*key = KEY_CODE_NONE;
	}
	return 1;
}

static int script_key(void)
{
	for (;;) {
		int key;
		if (next_pending(&key))
			return key;
		char *line = NULL;
		size_t cap = 0;
		ssize_t n = getline(&line, &cap, script);
		if (n < 0) {
			free(line);
			return KEY_CODE_EOF;
		}
		script_line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		typing = false;
		sb_clear(&pending);
		pending_pos = 0;
		int special = KEY_CODE_NONE;
		if (line[0] == ':')
			special = run_command(line);
		else if (line[0] != '#')
			sb_add(&pending, line);
		free(line);
		if (special != KEY_CODE_NONE)
			return special;
	}
}

int input_key(int timeout_ms)
{
	if (script)
		return script_key();
	return keyboard_key(timeout_ms);
}
