#include "config.h"
#include "util/paths.h"
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/strbuf.h"

char *paths_join(const char *a, const char *b)
{
	strbuf s;
	sb_init(&s);
	sb_add(&s, a);
	if (s.len && s.s[s.len - 1] != '/')
		sb_addc(&s, '/');
	sb_add(&s, b[0] == '/' ? b + 1 : b);
	return s.s;
}

int paths_in_build_tree(void)
{
	static int cached = -1;
	if (cached >= 0)
		return cached;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	cached = 0;
	if (n > 0) {
		exe[n] = '\0';
		/* Unit tests link the same code: treat their binaries as build-tree ones too. */
		static const char *const dirs[] = { KM_BUILDDIR "/src/", KM_BUILDDIR "/tests/" };
		for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
			if (strncmp(exe, dirs[i], strlen(dirs[i])) == 0)
				cached = 1;
	}
	return cached;
}

static const char *pick(const char *env, const char *in_tree, const char *installed, char **slot)
{
	if (*slot)
		return *slot;
	/* Ignored by a set-user-id or set-group-id run: translations and data are trusted input. */
	const char *v = env ? secure_getenv(env) : NULL;
	if (v && *v)
		*slot = xstrdup(v);
	else if (paths_in_build_tree())
		*slot = xstrdup(in_tree);
	else
		*slot = xstrdup(installed);
	return *slot;
}

const char *paths_data_dir(void)
{
	static char *dir;
	return pick("KIEUMAU_DATADIR", KM_SRCDIR "/data", KM_PKGDATADIR, &dir);
}

const char *paths_keymaps_dir(void)
{
	static char *dir;
	return pick("KIEUMAU_KEYMAPDIR", KM_SRCDIR "/keymaps", KM_PKGDATADIR "/keymaps", &dir);
}

const char *paths_locale_dir(void)
{
	static char *dir;
	return pick("KIEUMAU_LOCALEDIR", KM_BUILDDIR "/po/locale", KM_LOCALEDIR, &dir);
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

/* $VAR/kieumau/name, or ~/fallback/kieumau/name. */
static char *xdg_file(const char *var, const char *fallback, const char *name)
{
	const char *base = getenv(var);
	char *dir;
	/* The XDG spec says relative values are invalid and must be ignored. */
	if (base && base[0] == '/')
		dir = paths_join(base, "kieumau");
	else {
		char *b = paths_join(home_dir(), fallback);
		dir = paths_join(b, "kieumau");
		free(b);
	}
	char *p = paths_join(dir, name);
	free(dir);
	return p;
}

char *paths_default_db(void) { return xdg_file("XDG_DATA_HOME", ".local/share", "kieumau.db"); }
char *paths_config_file(const char *name) { return xdg_file("XDG_CONFIG_HOME", ".config", name); }
char *paths_state_file(const char *name) { return xdg_file("XDG_STATE_HOME", ".local/state", name); }

char *paths_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	if (slash == path)
		return xstrdup("/");
	char *d = xmalloc((size_t)(slash - path) + 1);
	memcpy(d, path, (size_t)(slash - path));
	d[slash - path] = '\0';
	return d;
}

int paths_mkdir_p(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				int e = errno;
				free(p);
				errno = e;
				return -1;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return 0;
}
