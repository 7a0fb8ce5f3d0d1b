/* Where things live: XDG user directories, and the program's own data (criteria sets, area list,
 * keymaps, translations), found in the source tree when run from the build tree and in the
 * installed locations otherwise. */
#ifndef KM_PATHS_H
#define KM_PATHS_H

/* Directory holding areas.csv and criteria/ (KIEUMAU_DATADIR overrides). */
const char *paths_data_dir(void);
/* Directory holding default.ini and vi.ini. */
const char *paths_keymaps_dir(void);
/* Directory holding LANG/LC_MESSAGES/kieumau.mo. */
const char *paths_locale_dir(void);
/* True when running the binary of the build tree. */
int paths_in_build_tree(void);

/* $XDG_DATA_HOME/kieumau/kieumau.db (default ~/.local/share/kieumau/kieumau.db). malloc'd. */
char *paths_default_db(void);
/* $XDG_CONFIG_HOME/kieumau/NAME (default ~/.config/kieumau/NAME). malloc'd. */
char *paths_config_file(const char *name);
/* $XDG_STATE_HOME/kieumau/NAME (default ~/.local/state/kieumau/NAME). malloc'd. */
char *paths_state_file(const char *name);

/* "a/b/c" -> "a/b"; NULL when there is no directory part. malloc'd. */
char *paths_dirname(const char *path);
/* mkdir -p with mode 0700 for new directories (user data stays private). 0 or -1 (errno set). */
int paths_mkdir_p(const char *dir);
/* Joins two path parts with one '/'. malloc'd. */
char *paths_join(const char *a, const char *b);
#endif
