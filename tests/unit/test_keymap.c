#include "config.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include "ui/keymap.h"

/* Writes text to a new file under /tmp and returns its path (free it, unlink it). */
static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/km-keymap-XXXXXX");
	cr_assert_not_null(path);
	int fd = mkstemp(path);
	cr_assert(fd >= 0, "mkstemp failed");
	size_t len = strlen(text);
	cr_assert_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Loads text as a keymap file over the default keymap; errors go to errors. */
static void load_text(keymap *km, const char *text, strbuf *errors, char **path_out)
{
	char *path = write_temp(text);
	keymap_defaults(km, false);
	cr_assert(keymap_load(km, path, errors), "keymap_load failed: %s", errors->s);
	unlink(path);
	if (path_out)
		*path_out = path;
	else
		free(path);
}

static bool is_bound(const keymap *km, int action, int key)
{
	for (int i = 0; i < km->nkeys[action]; i++)
		if (km->keys[action][i] == key)
			return true;
	return false;
}

static bool same_key_set(const keymap *a, const keymap *b, int action)
{
	if (a->nkeys[action] != b->nkeys[action])
		return false;
	for (int i = 0; i < a->nkeys[action]; i++)
		if (!is_bound(b, action, a->keys[action][i]))
			return false;
	return true;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(keymap, canonical_names_round_trip)
{
	static const char *const names[] = {
		"Up", "Down", "Left", "Right", "Home", "End", "PgUp", "PgDn", "Insert", "Delete",
		"Enter", "Backspace", "Tab", "Space", "Esc", "F1", "F2", "F3", "F4", "F5", "F6",
		"F7", "F8", "F9", "F10", "F11", "F12", "C-l", "C-b", "M-j", "M-Down", "M-Enter",
		"M-C-x", "Comma", "Semicolon", "Hash", "=", "j", "J", "?", "/", "[", "]", "<", "đ",
		"Đ", "ư", "€", "😀",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int key = key_from_name(names[i]);
		cr_assert_neq(key, -1, "%s not recognised", names[i]);
		char buf[64];
		cr_expect_str_eq(keymap_key_name(key, buf, sizeof buf), names[i]);
	}
	/* Every Ctrl+letter that is not also a named key. */
	for (char c = 'a'; c <= 'z'; c++) {
		if (strchr("hijm", c))
			continue;
		char name[4] = { 'C', '-', c, '\0' }, buf[64];
		cr_expect_str_eq(keymap_key_name(key_from_name(name), buf, sizeof buf), name);
	}
}

Test(keymap, name_values)
{
	cr_expect_eq(key_from_name("Up"), KM_FKEY | KEY_UP);
	cr_expect_eq(key_from_name("PgDn"), KM_FKEY | KEY_NPAGE);
	cr_expect_eq(key_from_name("F10"), KM_FKEY | KEY_F(10));
	cr_expect_eq(key_from_name("Enter"), KEY_CODE_ENTER);
	cr_expect_eq(key_from_name("Esc"), KEY_CODE_ESC);
	cr_expect_eq(key_from_name("Tab"), '\t');
	cr_expect_eq(key_from_name("Space"), ' ');
	cr_expect_eq(key_from_name("Comma"), ',');
	cr_expect_eq(key_from_name("Semicolon"), ';');
	cr_expect_eq(key_from_name("Hash"), '#');
	cr_expect_eq(key_from_name("Equals"), '=');
	cr_expect_eq(key_from_name("="), '=');
}

Test(keymap, special_names_ignore_case_and_aliases)
{
	cr_expect_eq(key_from_name("enter"), KEY_CODE_ENTER);
	cr_expect_eq(key_from_name("ENTER"), KEY_CODE_ENTER);
	cr_expect_eq(key_from_name("Return"), KEY_CODE_ENTER);
	cr_expect_eq(key_from_name("pgdn"), KM_FKEY | KEY_NPAGE);
	cr_expect_eq(key_from_name("pagedown"), KM_FKEY | KEY_NPAGE);
	cr_expect_eq(key_from_name("PageUp"), KM_FKEY | KEY_PPAGE);
	cr_expect_eq(key_from_name("Del"), KM_FKEY | KEY_DC);
	cr_expect_eq(key_from_name("escape"), KEY_CODE_ESC);
	cr_expect_eq(key_from_name("f1"), KM_FKEY | KEY_F(1));
	cr_expect_eq(key_from_name("comma"), ',');
}

Test(keymap, enter_is_normalised)
{
	cr_expect_eq(key_normalise('\r', false), KEY_CODE_ENTER);
	cr_expect_eq(key_normalise('\n', false), KEY_CODE_ENTER);
	cr_expect_eq(key_normalise(KEY_ENTER, true), KEY_CODE_ENTER);
	cr_expect_eq(key_from_name("C-m"), KEY_CODE_ENTER);
	cr_expect_eq(key_from_name("C-j"), KEY_CODE_ENTER);
}

Test(keymap, backspace_is_normalised)
{
	int bs = KM_FKEY | KEY_BACKSPACE;
	cr_expect_eq(key_normalise(127, false), bs);
	cr_expect_eq(key_normalise(8, false), bs);
	cr_expect_eq(key_normalise(KEY_BACKSPACE, true), bs);
	cr_expect_eq(key_from_name("Backspace"), bs);
	cr_expect_eq(key_from_name("C-h"), bs);
}

Test(keymap, other_keys_pass_through_normalise)
{
	cr_expect_eq(key_normalise('j', false), 'j');
	cr_expect_eq(key_normalise(0x111, false), 0x111);
	cr_expect_eq(key_normalise(KEY_UP, true), KM_FKEY | KEY_UP);
	cr_expect_eq(key_normalise(27, false), KEY_CODE_ESC);
}

Test(keymap, utf8_characters)
{
	cr_expect_eq(key_from_name("đ"), 0x111);
	cr_expect_eq(key_from_name("Đ"), 0x110);
	cr_expect_eq(key_from_name("ơ"), 0x1A1);
	cr_expect_eq(key_from_name("€"), 0x20AC);
	cr_expect_eq(key_from_name("😀"), 0x1F600);
	char buf[16];
	cr_expect_str_eq(keymap_key_name(0x1EBF, buf, sizeof buf), "ế");
	/* More than one character, or broken UTF-8. */
	cr_expect_eq(key_from_name("đđ"), -1);
	cr_expect_eq(key_from_name("\xC4"), -1);
	cr_expect_eq(key_from_name("\xC0\xAF"), -1);   /* overlong '/' */
	cr_expect_eq(key_from_name("\xED\xA0\x80"), -1); /* surrogate */
}

Test(keymap, ctrl_and_alt_keys)
{
	cr_expect_eq(key_from_name("C-l"), 12);
	cr_expect_eq(key_from_name("C-a"), 1);
	cr_expect_eq(key_from_name("C-z"), 26);
	cr_expect_eq(key_from_name("C-L"), 12);
	cr_expect_eq(key_from_name("C-i"), '\t');
	cr_expect_eq(key_from_name("M-x"), KM_ALT | 'x');
	cr_expect_eq(key_from_name("M-X"), KM_ALT | 'X');
	cr_expect_eq(key_from_name("M-Down"), KM_ALT | KM_FKEY | KEY_DOWN);
	cr_expect_eq(key_from_name("M-đ"), KM_ALT | 0x111);
	char buf[32];
	cr_expect_str_eq(keymap_key_name(12, buf, sizeof buf), "C-l");
	cr_expect_str_eq(keymap_key_name(KM_ALT | 'j', buf, sizeof buf), "M-j");
	cr_expect_str_eq(keymap_key_name(KM_ALT | KM_FKEY | KEY_DOWN, buf, sizeof buf), "M-Down");
}

Test(keymap, unknown_names)
{
	static const char *const bad[] = {
		"", "Ctrl+X", "C-", "C-1", "C-ab", "C-đ", "M-", "M-M-x", "F0", "F13", "F1x", "F01",
		"Upp", "jj", "Shift-Tab", "\t", "\x7f",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(key_from_name(bad[i]), -1, "'%s' should be unknown", bad[i]);
	cr_expect_eq(key_from_name(NULL), -1);
}

Test(keymap, keymap_key_name_truncates_safely)
{
	char buf[4];
	cr_expect_str_eq(keymap_key_name(KM_FKEY | KEY_BACKSPACE, buf, sizeof buf), "Bac");
}

Test(keymap, defaults)
{
	keymap km;
	keymap_defaults(&km, false);
	cr_expect(is_bound(&km, ACT_MOVE_DOWN, KM_FKEY | KEY_DOWN));
	cr_expect(is_bound(&km, ACT_MOVE_DOWN, 'j'));
	cr_expect_eq(km.nkeys[ACT_MOVE_DOWN], 2);
	cr_expect(is_bound(&km, ACT_QUIT, 'q'));
	cr_expect(is_bound(&km, ACT_QUIT, KM_FKEY | KEY_F(10)));
	cr_expect_eq(km.nkeys[ACT_QUIT], 2);
	cr_expect(is_bound(&km, ACT_HELP, '?'));
	cr_expect(is_bound(&km, ACT_HELP, KM_FKEY | KEY_F(1)));
	cr_expect(is_bound(&km, ACT_SET_VALUE, '='));
	cr_expect(!is_bound(&km, ACT_PAGE_DOWN, 6));

	keymap vi;
	keymap_defaults(&vi, true);
	cr_expect(is_bound(&vi, ACT_PAGE_DOWN, 6));
	cr_expect(is_bound(&vi, ACT_QUIT, 'Z'));
	cr_expect(is_bound(&vi, ACT_MOVE_DOWN, 'j'));
}

Test(keymap, defaults_have_no_conflicts)
{
	for (int vi = 0; vi <= 1; vi++) {
		keymap km;
		keymap_defaults(&km, vi);
		for (int a = 0; a < ACT_COUNT; a++)
			for (int b = a + 1; b < ACT_COUNT; b++)
				for (int i = 0; i < km.nkeys[a]; i++)
					cr_expect(!(action_table[a].views & action_table[b].views) ||
						  !is_bound(&km, b, km.keys[a][i]),
						  "%s and %s share a key", action_table[a].name,
						  action_table[b].name);
	}
}

Test(keymap, action_honours_views)
{
	keymap km;
	keymap_defaults(&km, false);
	cr_expect_eq(keymap_action(&km, 'j', VIEW_TREE), ACT_MOVE_DOWN);
	cr_expect_eq(keymap_action(&km, 'a', VIEW_TREE), ACT_ADD_AREA);
	cr_expect_eq(keymap_action(&km, 'a', VIEW_CHECKLIST), ACT_NONE);
	cr_expect_eq(keymap_action(&km, '=', VIEW_CHECKLIST), ACT_SET_VALUE);
	cr_expect_eq(keymap_action(&km, '=', VIEW_TREE), ACT_NONE);
	cr_expect_eq(keymap_action(&km, '?', VIEW_HELP), ACT_NONE);
	cr_expect_eq(keymap_action(&km, 'q', VIEW_HELP), ACT_QUIT);
	cr_expect_eq(keymap_action(&km, KEY_CODE_ENTER, VIEW_CHECKLIST), ACT_OPEN);
	cr_expect_eq(keymap_action(&km, 'Q', VIEW_TREE), ACT_NONE);

	/* The same key in two actions with separate views: each view gets its own. */
	km.keys[ACT_ADD_AREA][0] = '=';
	cr_expect_eq(keymap_action(&km, '=', VIEW_TREE), ACT_ADD_AREA);
	cr_expect_eq(keymap_action(&km, '=', VIEW_CHECKLIST), ACT_SET_VALUE);
}

Test(keymap, describe)
{
	keymap km;
	keymap_defaults(&km, false);
	strbuf out;
	sb_init(&out);
	keymap_describe(&km, ACT_OPEN, &out);
	cr_expect_str_eq(out.s, "Enter, Right, l");
	sb_clear(&out);
	keymap_describe(&km, ACT_BACK, &out);
	cr_expect_str_eq(out.s, "Left, h, Backspace, Esc");
	sb_clear(&out);
	km.nkeys[ACT_QUIT] = 0;
	keymap_describe(&km, ACT_QUIT, &out);
	cr_expect_str_eq(out.s, "");
	sb_free(&out);
}

Test(keymap, load_applies_good_lines_and_reports_bad_ones)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	char *path;
	load_text(&km,
		  "[keys]\n"                 /* 1 */
		  "move-down = J, C-n\n"     /* 2 */
		  "fly-away = x\n"           /* 3 */
		  "move-up = Ctrl+X, k\n"    /* 4 */
		  "this line has no equals\n" /* 5 */
		  "quit = F10\n",            /* 6 */
		  &errors, &path);

	cr_expect_eq(km.nkeys[ACT_MOVE_DOWN], 2);
	cr_expect(is_bound(&km, ACT_MOVE_DOWN, 'J'));
	cr_expect(is_bound(&km, ACT_MOVE_DOWN, 14));
	cr_expect_eq(km.nkeys[ACT_QUIT], 1);
	cr_expect(is_bound(&km, ACT_QUIT, KM_FKEY | KEY_F(10)));

	/* The bad line for move-up is skipped: it keeps its keys, as do untouched actions. */
	keymap def;
	keymap_defaults(&def, false);
	for (int a = 0; a < ACT_COUNT; a++)
		if (a != ACT_MOVE_DOWN && a != ACT_QUIT)
			cr_expect(same_key_set(&km, &def, a), "%s changed", action_table[a].name);

	char want[512];
	snprintf(want, sizeof want, "%s:3: unknown action 'fly-away'\n", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	snprintf(want, sizeof want, "%s:4: unknown key 'Ctrl+X' for 'move-up'\n", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	snprintf(want, sizeof want, "%s:5: ", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	cr_expect_eq(count_lines(errors.s), 3, "errors: %s", errors.s);
	sb_free(&errors);
	free(path);
}

Test(keymap, load_empty_value_unbinds)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	load_text(&km, "[keys]\nquit =\nhelp = \"\"\n", &errors, NULL);
	cr_expect_str_eq(errors.s, "");
	cr_expect_eq(km.nkeys[ACT_QUIT], 0);
	cr_expect_eq(km.nkeys[ACT_HELP], 0);
	cr_expect_eq(keymap_action(&km, 'q', VIEW_TREE), ACT_NONE);
	sb_free(&errors);
}

Test(keymap, load_ini_awkward_characters)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	load_text(&km,
		  "[keys]\n"
		  "search = \"#, ;\"   ; quoted\n"
		  "search-next = Comma   # named\n"
		  "set-value = =\n"
		  "add-area = Equals\n"
		  "MOVE-UP = up, K, Up\n",
		  &errors, NULL);
	cr_expect_str_eq(errors.s, "");
	cr_expect_eq(km.nkeys[ACT_SEARCH], 2);
	cr_expect(is_bound(&km, ACT_SEARCH, '#'));
	cr_expect(is_bound(&km, ACT_SEARCH, ';'));
	cr_expect_eq(km.nkeys[ACT_SEARCH_NEXT], 1);
	cr_expect(is_bound(&km, ACT_SEARCH_NEXT, ','));
	cr_expect_eq(km.nkeys[ACT_SET_VALUE], 1);
	cr_expect(is_bound(&km, ACT_SET_VALUE, '='));
	cr_expect(is_bound(&km, ACT_ADD_AREA, '='));
	cr_expect_eq(km.nkeys[ACT_MOVE_UP], 2, "a repeated key counts once");
	cr_expect(is_bound(&km, ACT_MOVE_UP, KM_FKEY | KEY_UP));
	cr_expect(is_bound(&km, ACT_MOVE_UP, 'K'));
	sb_free(&errors);
}

Test(keymap, load_reports_empty_names_too_many_keys_and_sections)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	char *path;
	load_text(&km,
		  "stray = x\n"                               /* 1 */
		  "[keys]\n"                                  /* 2 */
		  "next-year = ], \n"                          /* 3 */
		  "prev-year = a, b, c, d, e, f, g, h, i\n"   /* 4 */
		  "[colours]\n"                               /* 5 */
		  "red = 1\n"                                 /* 6 */
		  "blue = 2\n",                               /* 7 */
		  &errors, &path);
	char want[512];
	snprintf(want, sizeof want, "%s:1: ", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	snprintf(want, sizeof want, "%s:3: ", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	snprintf(want, sizeof want, "%s:4: ", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	snprintf(want, sizeof want, "%s:6: unknown section '[colours]'\n", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	cr_expect_eq(count_lines(errors.s), 4, "errors: %s", errors.s);

	keymap def;
	keymap_defaults(&def, false);
	cr_expect(same_key_set(&km, &def, ACT_NEXT_YEAR));
	cr_expect(same_key_set(&km, &def, ACT_PREV_YEAR));
	sb_free(&errors);
	free(path);
}

/* Found by fuzzing: a byte order mark, and lines iniparser rejects with the whole file or reads
 * otherwise than the line numbers say, are each reported on their line; the rest applies. */
Test(keymap, load_byte_order_mark)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	load_text(&km, "\xef\xbb\xbf[keys]\r\nquit = Z\r\n", &errors, NULL);
	cr_expect_str_eq(errors.s, "");
	cr_expect(is_bound(&km, ACT_QUIT, 'Z'));
	sb_free(&errors);
}

Test(keymap, load_lines_iniparser_would_misread)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	char *path;
	load_text(&km,
		  "[keys]   ; mine\n"          /* 1: the header stands, the comment is reported */
		  "= x\n"                     /* 2: no name */
		  "search = \\\n"             /* 3: would take line 4 as its continuation */
		  "quit = Z\n"                /* 4 */
		  "; a comment ending in \\\n" /* 5: would swallow line 6 */
		  "help = F2\n"               /* 6 */
		  "[]\n"                      /* 7: iniparser would go on in [keys] */
		  "redraw = r\n"              /* 8 */
		  "[keys:more]\n"             /* 9: iniparser would not list it */
		  "first = f\n",              /* 10 */
		  &errors, &path);
	cr_expect(is_bound(&km, ACT_QUIT, 'Z'));
	cr_expect(is_bound(&km, ACT_HELP, KM_FKEY | KEY_F(2)));
	cr_expect(is_bound(&km, ACT_SEARCH, '/'));
	cr_expect(is_bound(&km, ACT_REDRAW, 12), "redraw keeps C-l");
	cr_expect(is_bound(&km, ACT_FIRST, KM_FKEY | KEY_HOME), "first keeps Home");
	static const int lines[] = { 1, 2, 3, 7, 9 };
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		char want[512];
		snprintf(want, sizeof want, "%s:%d: ", path, lines[i]);
		cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	}
	cr_expect_eq(count_lines(errors.s), 5, "errors: %s", errors.s);
	sb_free(&errors);
	free(path);
}

/* Errors quote names from the file: without their control characters (an escape sequence
 * would act on the terminal that `kieumau keys` prints to). */
Test(keymap, load_errors_are_safe_to_show)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	load_text(&km, "[keys]\nqu\x1b[2Jit = x\nquit = \x1b[31m\n", &errors, NULL);
	cr_expect(strstr(errors.s, ":2: unknown action 'qu[2jit'\n"), "errors: %s", errors.s);
	cr_expect(strstr(errors.s, ":3: unknown key '[31m' for 'quit'\n"), "errors: %s", errors.s);
	cr_expect(!strchr(errors.s, '\x1b'), "errors: %s", errors.s);
	sb_free(&errors);
}

Test(keymap, load_repeated_action_last_line_wins)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	load_text(&km, "[keys]\nquit = x\nquit = Z\n", &errors, NULL);
	cr_expect_eq(km.nkeys[ACT_QUIT], 1);
	cr_expect(is_bound(&km, ACT_QUIT, 'Z'));
	cr_expect(is_bound(&km, ACT_CLEAR, 'x'), "the first line must not take x from clear");
	cr_expect_eq(count_lines(errors.s), 1, "errors: %s", errors.s);

	/* A bad last line is reported once and leaves the defaults. */
	sb_clear(&errors);
	load_text(&km, "[keys]\nquit = x\nquit = Nope\n", &errors, NULL);
	cr_expect(strstr(errors.s, ":3: unknown key 'Nope' for 'quit'"), "errors: %s", errors.s);
	cr_expect_eq(count_lines(errors.s), 2, "errors: %s", errors.s);
	cr_expect(is_bound(&km, ACT_QUIT, 'q'));
	cr_expect(!is_bound(&km, ACT_QUIT, 'x'));
	sb_free(&errors);
}

Test(keymap, load_missing_file)
{
	keymap km, def;
	keymap_defaults(&km, false);
	keymap_defaults(&def, false);
	strbuf errors;
	sb_init(&errors);
	cr_expect(!keymap_load(&km, "/nonexistent/kieumau/keymap.ini", &errors));
	cr_expect(strstr(errors.s, "/nonexistent/kieumau/keymap.ini"), "errors: %s", errors.s);
	for (int a = 0; a < ACT_COUNT; a++)
		cr_expect(same_key_set(&km, &def, a));
	sb_free(&errors);
}

static void check_shipped(const char *file, bool vi_style)
{
	const char *dir = getenv("KM_SRCDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/keymaps/%s", dir && *dir ? dir : ".", file);

	keymap want, got;
	keymap_defaults(&want, vi_style);
	/* Start from an empty keymap so every binding must come from the file. */
	memset(&got, 0, sizeof got);
	strbuf errors;
	sb_init(&errors);
	cr_assert(keymap_load(&got, path, &errors), "cannot load %s: %s", path, errors.s);
	cr_expect_str_eq(errors.s, "");
	for (int a = 0; a < ACT_COUNT; a++)
		cr_expect(same_key_set(&got, &want, a), "%s: %s differs", path, action_table[a].name);
	sb_free(&errors);
}

Test(keymap, shipped_default_ini_matches_defaults)
{
	check_shipped("default.ini", false);
}

Test(keymap, shipped_vi_ini_matches_vi_defaults)
{
	check_shipped("vi.ini", true);
}

Test(keymap, conflict_is_reported_and_later_line_wins)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	char *path;
	load_text(&km,
		  "[keys]\n"
		  "search = /, v\n"   /* 2 */
		  "toggle = v\n"      /* 3 */
		  "quit = x, q\n",    /* 4: x is clear's default */
		  &errors, &path);
	char want[512];
	snprintf(want, sizeof want,
		 "%s:3: key 'v' is bound to both 'search' and 'toggle'; only 'toggle' keeps it\n", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	snprintf(want, sizeof want,
		 "%s:4: key 'x' is bound to both 'clear' and 'quit'; only 'quit' keeps it\n", path);
	cr_expect(strstr(errors.s, want), "no %s in: %s", want, errors.s);
	cr_expect_eq(count_lines(errors.s), 2, "errors: %s", errors.s);

	cr_expect(!is_bound(&km, ACT_SEARCH, 'v'));
	cr_expect(is_bound(&km, ACT_SEARCH, '/'));
	cr_expect(is_bound(&km, ACT_TOGGLE, 'v'));
	cr_expect(!is_bound(&km, ACT_CLEAR, 'x'));
	cr_expect(is_bound(&km, ACT_CLEAR, KM_FKEY | KEY_DC));
	cr_expect_eq(keymap_action(&km, 'x', VIEW_CHECKLIST), ACT_QUIT);
	sb_free(&errors);
	free(path);
}

Test(keymap, no_conflict_for_swaps_or_separate_views)
{
	keymap km;
	strbuf errors;
	sb_init(&errors);
	load_text(&km,
		  "[keys]\n"
		  "move-up = j\n"
		  "move-down = k\n"
		  "add-area = =\n",   /* tree only; set-value's = is checklist only */
		  &errors, NULL);
	cr_expect_str_eq(errors.s, "");
	cr_expect_eq(keymap_action(&km, 'j', VIEW_TREE), ACT_MOVE_UP);
	cr_expect_eq(keymap_action(&km, 'k', VIEW_TREE), ACT_MOVE_DOWN);
	cr_expect_eq(keymap_action(&km, '=', VIEW_TREE), ACT_ADD_AREA);
	cr_expect_eq(keymap_action(&km, '=', VIEW_CHECKLIST), ACT_SET_VALUE);
	sb_free(&errors);
}

/* The man page's table of keys (section KEYS, between .TS and .TE) names every default key of
 * every action, so the manual cannot drift from the action table. Each table line is
 * "keys<TAB>description"; keys are separated by ", " and " / ". */
Test(keymap, man_page_lists_every_default_key)
{
	const char *src = getenv("KM_SRCDIR") ? getenv("KM_SRCDIR") : ".";
	char path[4096];
	snprintf(path, sizeof path, "%s/doc/kieumau.1", src);
	FILE *fp = fopen(path, "r");
	cr_assert_not_null(fp, "cannot read %s", path);
	char line[512], keys[8192] = ",";
	bool in_keys = false, in_table = false;
	while (fgets(line, sizeof line, fp)) {
		if (strncmp(line, ".SH", 3) == 0)
			in_keys = strstr(line, "KEYS") != NULL;
		else if (in_keys && strncmp(line, ".TS", 3) == 0)
			in_table = true;
		else if (in_keys && strncmp(line, ".TE", 3) == 0)
			in_table = false;
		else if (in_table && strchr(line, '\t')) {
			*strchr(line, '\t') = '\0';
			/* "Up, k / Down, j" -> ",Up,k,Down,j,": " / " separates groups ("/" alone is
			 * the search key). */
			for (char *sep; (sep = strstr(line, " / ")) != NULL;)
				memcpy(sep, " , ", 3);
			for (char *tok = strtok(line, ","); tok; tok = strtok(NULL, ",")) {
				while (*tok == ' ')
					tok++;
				size_t n = strlen(tok);
				while (n && tok[n - 1] == ' ')
					tok[--n] = '\0';
				strncat(keys, tok, sizeof keys - strlen(keys) - 2);
				strcat(keys, ",");
			}
		}
	}
	fclose(fp);
	for (int a = 0; a < ACT_COUNT; a++) {
		char copy[256], want[64];
		snprintf(copy, sizeof copy, "%s", action_table[a].default_keys);
		for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
			while (*tok == ' ')
				tok++;
			snprintf(want, sizeof want, ",%s,", tok);
			cr_expect(strstr(keys, want) != NULL, "%s: key %s is not in the man page's KEYS table",
				  action_table[a].name, tok);
		}
	}
}
