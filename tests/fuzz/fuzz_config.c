/* Fuzz target: the user configuration (src/settings.c) and the system configuration (read by
 * app_init in src/app.c), both read from the input: $XDG_CONFIG_HOME/kieumau/config.ini and
 * $KIEUMAU_SYSCONFDIR/config.ini are one symbolic link to the input's in-memory file, in a
 * temporary directory removed at exit. Nothing else is written. Properties: every setting taken
 * is a valid one, whatever the file; every problem is reported as one "PATH:..." line, safe to
 * show; the database is the one asked for, in restricted mode the shared one; restricted exports
 * stay plain names inside the export directory. */
#include "config.h"
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "app.h"
#include "fuzz.h"

static char dir[64], subdir[80], link_path[100];

static void remove_dir(void)
{
	unlink(link_path);
	rmdir(subdir);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/kieumau-fuzz-XXXXXX", tmp && *tmp && strlen(tmp) < 30 ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dir), "mkdtemp %s: %s", dir, strerror(errno));
	snprintf(subdir, sizeof subdir, "%s/kieumau", dir);
	snprintf(link_path, sizeof link_path, "%s/config.ini", subdir);
	FUZZ_CHECK(mkdir(subdir, 0700) == 0, "mkdir %s: %s", subdir, strerror(errno));
	FUZZ_CHECK(symlink(fuzz_file(NULL, 0), link_path) == 0, "symlink: %s", strerror(errno));
	atexit(remove_dir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_DATA_HOME", dir, 1);
	setenv("KIEUMAU_SYSCONFDIR", subdir, 1);
	unsetenv("KIEUMAU_DB");
	return 0;
}

static bool one_of(const char *s, const char *a, const char *b)
{
	return strcmp(s, a) == 0 || strcmp(s, b) == 0;
}

static void check_errors(const char *errors)
{
	FUZZ_CHECK(fuzz_valid_utf8(errors) && fuzz_no_controls(errors, "\n"), "errors not safe to show: %s", errors);
	for (const char *p = errors; *p;) {
		const char *nl = strchr(p, '\n');
		FUZZ_CHECK(nl, "errors do not end with a newline: %s", errors);
		FUZZ_CHECK(strncmp(p, link_path, strlen(link_path)) == 0 && p[strlen(link_path)] == ':',
			   "an error line without its path: %.*s", (int)(nl - p), p);
		p = nl + 1;
	}
}

static void check_exports(app *a)
{
	static const char *const names[] = { "report.xlsx", "../report.xlsx", "/etc/passwd", ".hidden", "",
					     "a/b.csv" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *err;
		char *path = app_export_path(a, names[i], &err);
		if (!a->restricted) {
			FUZZ_CHECK(path && strcmp(path, names[i]) == 0, "export %s goes to %s", names[i], path);
		} else if (path) {
			size_t n = strlen(a->export_dir);
			bool plain = names[i][0] && names[i][0] != '.' && !strchr(names[i], '/');
			FUZZ_CHECK(plain && strncmp(path, a->export_dir, n) == 0, "restricted export %s goes to %s",
				   names[i], path);
		} else {
			FUZZ_CHECK(err && *err, "refused export without a reason");
		}
		free(path);
		free(err);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file(data, size);
	app a;
	app_init(&a, NULL, NULL);
	const km_config *c = &a.cfg;
	FUZZ_CHECK(!c->lang || one_of(c->lang, "vi", "en"), "lang %s", c->lang);
	FUZZ_CHECK(!c->keymap || one_of(c->keymap, "default", "vi"), "keymap %s", c->keymap);
	FUZZ_CHECK(c->year == 0 || (c->year >= 1900 && c->year <= 2999), "year %d", c->year);
	FUZZ_CHECK(c->appraisal_days >= 0 && c->appraisal_days <= 3650 && c->commendation_days >= 0 &&
		   c->commendation_days <= 3650, "days %d %d", c->appraisal_days, c->commendation_days);
	FUZZ_CHECK(c->no_color == 0 || c->no_color == 1, "no_color %d", c->no_color);
	FUZZ_CHECK(one_of(a.lang, "vi", "en"), "language %s", a.lang);
	FUZZ_CHECK(a.db_path && *a.db_path, "no database path");
	if (a.restricted)
		FUZZ_CHECK(strcmp(a.db_path, a.system_db_path ? a.system_db_path : "/var/lib/kieumau/kieumau.db") == 0,
			   "restricted mode uses %s", a.db_path);
	else if (c->db_path)
		FUZZ_CHECK(strcmp(a.db_path, c->db_path) == 0, "the database is %s, not %s", a.db_path, c->db_path);
	FUZZ_CHECK(!a.refusal, "refused without --db");
	check_errors(a.config_errors.s);
	check_exports(&a);
	app_free(&a);
	return 0;
}
