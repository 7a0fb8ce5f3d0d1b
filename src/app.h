/* What the command line and the TUI share: language set-up, settings, the open database. */
#ifndef KM_APP_H
#define KM_APP_H
#include <stdbool.h>
#include "settings.h"
#include "storage/db.h"
#include "util/strbuf.h"

typedef struct app {
	char *db_path;         /* resolved: --db, KIEUMAU_DB, config, XDG default */
	const char *lang;      /* "vi" or "en" */
	km_config cfg;
	strbuf config_errors;  /* problems found in config.ini (and later keymap.ini) */
	km_db *db;
	/* From the system configuration (/etc/kieumau/config.ini), which users cannot change. */
	char *system_db_path;  /* [database] path: the shared database */
	bool restricted;       /* [security] restricted: no --db, exports only into export_dir */
	char *export_dir;      /* [security] export_dir */
	char *refusal;         /* why the command line was refused (restricted mode), or NULL */
} app;

/* Sets the locale (a UTF-8 one even when LANG is unset or C) and the UI language: lang from the
 * command line (NULL: the config's, else Vietnamese). Reads config.ini. */
void app_init(app *a, const char *lang_option, const char *db_option);
/* Opens the database, creating it with the default data if new. Prints nothing; 0 or -1 with
 * *err (malloc'd). */
int app_open_db(app *a, char **err);
void app_free(app *a);
/* Where an export named by the user goes: the name as given, or in restricted mode a plain file
 * name inside the export directory (a path is refused). malloc'd, or NULL with *err set. */
char *app_export_path(app *a, const char *requested, char **err);
#endif
