/* Fuzz target: the INI layer (src/util/inifile.c over iniparser), the keymap file parser
 * (src/ui/keymap.c) and key names. Properties: iniparser reads exactly the key lines inifile
 * recorded (the same keys, in the same sections, which iniparser lists), so that line numbers and
 * checks match the values used; every error is one "PATH:..." line, safe to show (valid UTF-8,
 * no control characters); whatever the file, the keymap
 * it gives has at most KM_MAX_KEYS distinct keys per action, no key bound to two actions that
 * work in the same view, and only keys whose canonical names read back as the same key (also
 * through keymap_describe); a key name read from the input names the same key again once printed.
 * The configuration files' own parsers have their target, fuzz_config.c. */
#include "config.h"
#include <string.h>
#include "fuzz.h"
#include "ui/keymap.h"
#include "util/inifile.h"
#include "util/strbuf.h"

static void check_key_name(int key)
{
	char name[64];
	keymap_key_name(key, name, sizeof name);
	FUZZ_CHECK(key_from_name(name) == key, "key %#x is named \"%s\", which reads as %#x", (unsigned)key, name,
		   (unsigned)key_from_name(name));
}

typedef struct binding {
	int key, action;
} binding;

static int by_key(const void *x, const void *y)
{
	const binding *a = x, *b = y;
	return a->key != b->key ? (a->key < b->key ? -1 : 1) : a->action - b->action;
}

/* The keys and description of action a (skipped where it is as in def, checked once). */
static void check_action(const keymap *km, const keymap *def, int a)
{
	if (def && km->nkeys[a] == def->nkeys[a] &&
	    memcmp(km->keys[a], def->keys[a], (size_t)km->nkeys[a] * sizeof(int)) == 0)
		return;
	for (int i = 0; i < km->nkeys[a]; i++)
		check_key_name(km->keys[a][i]);
	/* The description lists the keys by names that read back as them. */
	strbuf d;
	sb_init(&d);
	keymap_describe(km, a, &d);
	int n = 0;
	for (char *p = d.s; *p; n++) {
		char *end = strstr(p, ", ");
		if (end)
			*end = '\0';
		FUZZ_CHECK(n < km->nkeys[a] && key_from_name(p) == km->keys[a][n], "%s: described key \"%s\" is not its key %d",
			   action_table[a].name, p, n);
		p = end ? end + 2 : p + strlen(p);
	}
	FUZZ_CHECK(n == km->nkeys[a], "%s: %d keys described, %d bound", action_table[a].name, n, km->nkeys[a]);
	sb_free(&d);
}

static void check_keymap(const keymap *km, const keymap *def)
{
	binding all[ACT_COUNT * KM_MAX_KEYS];
	size_t n = 0;
	for (int a = 0; a < ACT_COUNT; a++) {
		FUZZ_CHECK(km->nkeys[a] >= 0 && km->nkeys[a] <= KM_MAX_KEYS, "%s has %d keys", action_table[a].name,
			   km->nkeys[a]);
		for (int i = 0; i < km->nkeys[a]; i++)
			all[n++] = (binding){ km->keys[a][i], a };
		check_action(km, def, a);
	}
	/* Sorted by key: an action's repeated key, or one key of two actions sharing a view, is a run. */
	qsort(all, n, sizeof *all, by_key);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n && all[j].key == all[i].key; j++) {
			int a = all[i].action, b = all[j].action;
			FUZZ_CHECK(a != b, "%s has key %#x twice", action_table[a].name, (unsigned)all[i].key);
			FUZZ_CHECK(!(action_table[a].views & action_table[b].views), "key %#x is bound to both %s and %s",
				   (unsigned)all[i].key, action_table[a].name, action_table[b].name);
		}
	}
}

static keymap defaults[2];   /* built-in keymaps: default, vi */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	for (int vi = 0; vi <= 1; vi++) {
		keymap_defaults(&defaults[vi], vi);
		check_keymap(&defaults[vi], NULL);
	}
	return 0;
}

static void check_errors(const char *errors, const char *path)
{
	FUZZ_CHECK(fuzz_valid_utf8(errors) && fuzz_no_controls(errors, "\n"), "errors not safe to show: %s", errors);
	for (const char *p = errors; *p;) {
		const char *nl = strchr(p, '\n');
		FUZZ_CHECK(nl, "errors do not end with a newline: %s", errors);
		FUZZ_CHECK(strncmp(p, path, strlen(path)) == 0 && p[strlen(path)] == ':',
			   "an error line without its path: %.*s", (int)(nl - p), p);
		p = nl + 1;
	}
}

/* iniparser's view of the file and inifile's record of its lines agree. */
static void check_inifile(const char *path)
{
	inifile f;
	bool ok = inifile_load(&f, path);
	check_errors(f.errors.s, path);
	if (!ok) {
		FUZZ_CHECK(f.nerrors > 0 && !f.dict, "a file that cannot be read without a reason");
		inifile_free(&f);
		return;
	}
	const dictionary *d = f.dict;
	strbuf full;
	sb_init(&full);
	for (size_t i = 0; i < f.nlines; i++) {
		const ini_line *l = &f.lines[i];
		sb_clear(&full);
		sb_printf(&full, "%s:%s", l->section, l->key);
		FUZZ_CHECK(iniparser_getstring(d, full.s, NULL), "line %d, [%s] %s, is not what iniparser read", l->line,
			   l->section, l->key);
		bool listed = !*l->section;
		for (int s = 0; !listed && s < iniparser_getnsec(d); s++)
			listed = strcmp(iniparser_getsecname(d, s), l->section) == 0;
		FUZZ_CHECK(listed, "line %d is in section [%s], which iniparser does not list", l->line, l->section);
	}
	for (ssize_t k = 0; k < d->size; k++) {
		if (!d->key[k] || !d->val[k])
			continue;   /* a free slot, or a section */
		bool found = false;
		for (size_t i = 0; !found && i < f.nlines; i++) {
			sb_clear(&full);
			sb_printf(&full, "%s:%s", f.lines[i].section, f.lines[i].key);
			found = strcmp(full.s, d->key[k]) == 0;
		}
		FUZZ_CHECK(found, "iniparser read %s = %s from no line inifile recorded", d->key[k], d->val[k]);
	}
	sb_free(&full);
	inifile_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The input as one key name, and its first four bytes as a key code. */
	char *s = fuzz_string(data, size);
	int key = key_from_name(s);
	if (key >= 0)
		check_key_name(key);
	if (size >= 4) {
		int code;
		memcpy(&code, data, sizeof code);
		char small[8], name[64];
		keymap_key_name(code, small, sizeof small);
		keymap_key_name(code, name, sizeof name);
		FUZZ_CHECK(strlen(small) < sizeof small && strncmp(small, name, strlen(small)) == 0,
			   "key %#x named \"%s\" in 8 bytes, \"%s\" in 64", (unsigned)code, small, name);
	}
	free(s);

	check_inifile(fuzz_file(data, size));

	/* The input as a keymap file over each built-in keymap. */
	for (int vi = 0; vi <= 1; vi++) {
		keymap km = defaults[vi];
		strbuf errors;
		sb_init(&errors);
		const char *path = fuzz_file(data, size);
		keymap_load(&km, path, &errors);
		check_errors(errors.s, path);
		check_keymap(&km, &defaults[vi]);
		sb_free(&errors);
	}
	return 0;
}
