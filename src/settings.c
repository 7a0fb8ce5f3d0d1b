#include "config.h"
#include "settings.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/i18n.h"
#include "util/inifile.h"

static const char *const known[] = { "ui:lang", "ui:keymap", "ui:year", "ui:no_color", "database:path",
				     "worklist:appraisal_days", "worklist:commendation_days" };

static char *get(inifile *f, const char *key)
{
	const char *v = iniparser_getstring(f->dict, key, NULL);
	return v && *v ? xstrdup(v) : NULL;
}

static int line_of(inifile *f, const char *full)
{
	char sec[64];
	const char *colon = strchr(full, ':');
	snprintf(sec, sizeof sec, "%.*s", (int)(colon - full), full);
	return inifile_line_of(f, sec, colon + 1);
}

void config_load(km_config *cfg, const char *path, strbuf *errors)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->appraisal_days = 30;
	cfg->commendation_days = 30;
	if (access(path, F_OK) != 0)
		return;
	inifile f;
	if (!inifile_load(&f, path)) {
		sb_add(errors, f.errors.s);
		inifile_free(&f);
		return;
	}
	for (size_t i = 0; i < f.nlines; i++) {
		char full[256];
		snprintf(full, sizeof full, "%s:%s", f.lines[i].section, f.lines[i].key);
		bool ok = false;
		for (size_t k = 0; k < sizeof known / sizeof *known; k++)
			ok |= strcmp(full, known[k]) == 0;
		if (!ok)
			inifile_error(&f, f.lines[i].line, _("unknown setting '%s'"), full);
	}
	cfg->lang = get(&f, "ui:lang");
	if (cfg->lang && strcmp(cfg->lang, "vi") != 0 && strcmp(cfg->lang, "en") != 0) {
		inifile_error(&f, line_of(&f, "ui:lang"), _("lang must be vi or en"));
		free(cfg->lang);
		cfg->lang = NULL;
	}
	cfg->keymap = get(&f, "ui:keymap");
	if (cfg->keymap && strcmp(cfg->keymap, "default") != 0 && strcmp(cfg->keymap, "vi") != 0) {
		inifile_error(&f, line_of(&f, "ui:keymap"), _("keymap must be default or vi"));
		free(cfg->keymap);
		cfg->keymap = NULL;
	}
	cfg->db_path = get(&f, "database:path");
	char *year = get(&f, "ui:year");
	if (year) {
		char *end;
		long y = strtol(year, &end, 10);
		if (*end || y < 1900 || y > 2999)
			inifile_error(&f, line_of(&f, "ui:year"), _("year must be between 1900 and 2999"));
		else
			cfg->year = (int)y;
		free(year);
	}
	static const char *const days[] = { "worklist:appraisal_days", "worklist:commendation_days" };
	int *slots[] = { &cfg->appraisal_days, &cfg->commendation_days };
	for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
		char *v = get(&f, days[i]);
		if (!v)
			continue;
		char *end;
		long d = strtol(v, &end, 10);
		if (*end || d < 0 || d > 3650)
			inifile_error(&f, line_of(&f, days[i]), _("%s must be a number of days (0-3650)"),
				      strchr(days[i], ':') + 1);
		else
			*slots[i] = (int)d;
		free(v);
	}
	int nc = iniparser_getboolean(f.dict, "ui:no_color", -1);
	if (nc == -1 && inifile_line_of(&f, "ui", "no_color"))
		inifile_error(&f, line_of(&f, "ui:no_color"), _("no_color must be yes or no"));
	cfg->no_color = nc == 1;
	sb_add(errors, f.errors.s);
	inifile_free(&f);
}

void config_free(km_config *cfg)
{
	free(cfg->lang);
	free(cfg->keymap);
	free(cfg->db_path);
	memset(cfg, 0, sizeof *cfg);
}
