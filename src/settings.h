/* User settings from $XDG_CONFIG_HOME/kieumau/config.ini (see doc/config.example.ini). */
#ifndef KM_SETTINGS_H
#define KM_SETTINGS_H
#include "util/strbuf.h"

typedef struct km_config {
	char *lang;        /* "vi" or "en"; NULL = default (vi) */
	char *keymap;      /* "default" or "vi"; NULL = default */
	char *db_path;     /* NULL = the XDG default */
	int year;          /* year shown first; 0 = newest year with data, else this year */
	int no_color;      /* 1: no colours */
	int appraisal_days;      /* worklist: days allowed from self-assessment to appraisal (30) */
	int commendation_days;   /* worklist: days allowed from recognition to commendation (30) */
} km_config;

/* Reads path (a missing file is fine). Problems go to errors as "PATH:LINE: message\n"; the valid
 * settings still apply. */
void config_load(km_config *cfg, const char *path, strbuf *errors);
void config_free(km_config *cfg);
#endif
