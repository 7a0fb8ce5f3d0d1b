#include "config.h"
#include "app.h"
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "domain/auth.h"
#include "storage/seed.h"
#include "util/i18n.h"
#include "util/inifile.h"
#include "util/paths.h"

/* Curses needs a UTF-8 character type to show Vietnamese; gettext needs a non-C message locale
 * to honour LANGUAGE. Fall back to C.UTF-8, which every Debian system has. */
static void setup_locale(void)
{
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	if (!cs || strcmp(cs, "UTF-8") != 0) {
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			setlocale(LC_CTYPE, "C.utf8");
	}
	const char *msg = setlocale(LC_MESSAGES, NULL);
	if (!msg || strcmp(msg, "C") == 0 || strcmp(msg, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* Numbers are formatted the Vietnamese way by our own code; keep the C library's plain. */
	setlocale(LC_NUMERIC, "C");
}

/* The system configuration, the district server's (not the user's): $KIEUMAU_SYSCONFDIR/config.ini,
 * else SYSCONFDIR/kieumau/config.ini. [access] unknown = read|none: what logins that are not
 * users may do once users exist. A bad value counts as none (the safe side), reported. */
static void read_system_config(app *a)
{
	/* Not from the environment of a set-user-id or set-group-id run (secure_getenv): the
	 * system configuration is what restricts the user. */
	const char *dir = secure_getenv("KIEUMAU_SYSCONFDIR");
	char *path = dir && *dir ? paths_join(dir, "config.ini")
				 : xstrdup(KM_SYSCONFDIR "/kieumau/config.ini");
	if (access(path, F_OK) == 0) {
		inifile f;
		bool ok = inifile_load(&f, path) && f.dict;
		const char *v = ok ? iniparser_getstring(f.dict, "access:unknown", NULL) : NULL;
		if (v && strcmp(v, "read") != 0 && strcmp(v, "none") != 0) {
			inifile_error(&f, inifile_line_of(&f, "access", "unknown"),
				      _("unknown must be read or none; taken as none"));
			ok = false;
		}
		/* Unreadable, or a bad value: the safe side. */
		auth_set_unknown_can_read(ok && (!v || strcmp(v, "read") == 0));
		const char *dbp = f.dict ? iniparser_getstring(f.dict, "database:path", NULL) : NULL;
		if (dbp && *dbp)
			a->system_db_path = xstrdup(dbp);
		int r = f.dict ? iniparser_getboolean(f.dict, "security:restricted", 0) : 0;
		/* An unreadable system configuration restricts rather than frees. */
		a->restricted = r == 1 || !f.dict;
		const char *ex = f.dict ? iniparser_getstring(f.dict, "security:export_dir", NULL) : NULL;
		if (ex && *ex)
			a->export_dir = xstrdup(ex);
		sb_add(&a->config_errors, f.errors.s);
		inifile_free(&f);
	}
	free(path);
}

void app_init(app *a, const char *lang_option, const char *db_option)
{
	memset(a, 0, sizeof *a);
	sb_init(&a->config_errors);
	setup_locale();
	char *cfg_path = paths_config_file("config.ini");
	config_load(&a->cfg, cfg_path, &a->config_errors);
	free(cfg_path);
	a->lang = lang_option ? lang_option : a->cfg.lang ? a->cfg.lang : "vi";
	/* The UI language is the program's choice, not the locale's: Vietnamese unless asked. */
	setenv("LANGUAGE", a->lang, 1);
	bindtextdomain(PACKAGE, paths_locale_dir());
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	read_system_config(a);
	const char *env_db = secure_getenv("KIEUMAU_DB");
	if (a->restricted) {
		/* Files the program creates stay within the kieumau group. */
		umask(007);
		if (db_option)
			a->refusal = xstrdup(_("--db is not allowed here (restricted mode): everyone uses the shared database"));
		a->db_path = xstrdup(a->system_db_path ? a->system_db_path : "/var/lib/kieumau/kieumau.db");
	} else if (db_option)
		a->db_path = xstrdup(db_option);
	else if (env_db && *env_db)
		a->db_path = xstrdup(env_db);
	else if (a->cfg.db_path)
		a->db_path = xstrdup(a->cfg.db_path);
	else if (a->system_db_path)
		a->db_path = xstrdup(a->system_db_path);
	else
		a->db_path = paths_default_db();
}

char *app_export_path(app *a, const char *requested, char **err)
{
	*err = NULL;
	if (!a->restricted)
		return xstrdup(requested);
	if (!a->export_dir) {
		*err = xstrdup(_("exports are not allowed here (restricted mode without an export_dir)"));
		return NULL;
	}
	if (strchr(requested, '/') || requested[0] == '.' || !*requested) {
		*err = xstrdup(_("in restricted mode give a plain file name: it is written in the export directory"));
		return NULL;
	}
	return paths_join(a->export_dir, requested);
}

int app_open_db(app *a, char **err)
{
	if (a->refusal) {
		*err = xstrdup(a->refusal);
		return -1;
	}
	a->db = db_open(a->db_path, err);
	if (!a->db)
		return -1;
	if (seed_defaults(a->db, paths_data_dir()) < 0) {
		*err = xstrdup(db_error(a->db));
		db_close(a->db);
		a->db = NULL;
		return -1;
	}
	/* A login the system configuration shuts out (not a user, [access] unknown = none). */
	user_info me;
	bool allowed = auth_current(a->db, &me);
	user_info_free(&me);
	if (!allowed) {
		/* With the configuration's problems: a bad [access] value is what shuts one out. */
		strbuf b;
		sb_init(&b);
		sb_printf(&b, "%s\n%s", db_error(a->db), a->config_errors.s);
		while (b.len && b.s[b.len - 1] == '\n')
			b.s[--b.len] = '\0';
		*err = sb_take(&b);
		db_close(a->db);
		a->db = NULL;
		return -1;
	}
	return 0;
}

void app_free(app *a)
{
	db_close(a->db);
	config_free(&a->cfg);
	free(a->system_db_path);
	free(a->export_dir);
	free(a->refusal);
	sb_free(&a->config_errors);
	free(a->db_path);
	memset(a, 0, sizeof *a);
}
