/* kieumau: recording the building of model residential areas (khu dân cư kiểu mẫu).
 * With no command it opens the full-screen TUI; with one it runs that command and exits. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "app.h"
#include "cli/cli.h"
#include "domain/demo.h"
#include "storage/db.h"
#include "ui/tui.h"
#include "util/i18n.h"
#include "util/paths.h"

static void usage(FILE *out)
{
	fprintf(out, _("Usage: kieumau [OPTIONS] [COMMAND [ARGS]]\n"
		       "Records the building of model residential areas: the area tree, criteria, "
		       "assessments.\n\n"
		       "Options:\n"
		       "  --db FILE        the database (default: $KIEUMAU_DB, else "
		       "~/.local/share/kieumau/kieumau.db)\n"
		       "  --lang vi|en     the language of the interface (default: vi)\n"
		       "  --demo           open the TUI on a demo database (~/.local/share/kieumau/demo.db)\n"
		       "  --year Y         the year the TUI shows first\n"
		       "  --script FILE    read keys from FILE instead of the keyboard (tests)\n"
		       "  --help, --version\n\n"
		       "Commands (none: open the TUI):\n"));
	cli_print_commands(out);
	fprintf(out, _("\nSee kieumau(1) for details.\n"));
}

/* The demo database: --db FILE if given, else one beside the user's data, filled on first use. */
static int open_demo(app *a, bool db_given)
{
	if (!db_given) {
		free(a->db_path);
		char *dbp = paths_default_db();
		char *dir = paths_dirname(dbp);
		a->db_path = paths_join(dir ? dir : ".", "demo.db");
		free(dir);
		free(dbp);
	}
	char *err = NULL;
	if (app_open_db(a, &err) < 0) {
		fprintf(stderr, "kieumau: %s\n", err);
		free(err);
		return 1;
	}
	bool present = false;
	if (demo_present(a->db, &present) < 0 || (!present && demo_fill(a->db, false) < 0)) {
		fprintf(stderr, "kieumau: %s\n", db_error(a->db));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'L' },
		{ "demo", no_argument, NULL, 'D' },
		{ "year", required_argument, NULL, 'y' },
		{ "script", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0, 0, 0, 0 },
	};
	/* Past a limit on the size of files (ulimit -f) a write fails and is reported, instead of
	 * the signal killing the program in the middle of a transaction (and of curses mode). */
	db_catch_file_size_limit();
	const char *db = NULL, *lang = NULL, *script = NULL, *year_arg = NULL;
	bool demo = false, help = false, version = false;
	int c;
	/* Messages may quote what was typed or read from files. */
	cli_guard_terminal(false, true);
	/* '+': options stop at the command; the command parses its own. */
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'L': lang = optarg; break;
		case 'D': demo = true; break;
		case 'y': year_arg = optarg; break;
		case 's': script = optarg; break;
		case 'h': help = true; break;
		case 'V': version = true; break;
		default:
			fprintf(stderr, "Try 'kieumau --help'.\n");
			return 2;
		}
	}
	if (lang && strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0) {
		fprintf(stderr, "kieumau: --lang takes vi or en\n");
		return 2;
	}
	app a;
	app_init(&a, lang, db);
	int rc = 0;
	if (version) {
		printf("kieumau %s\n", PACKAGE_VERSION);
	} else if (help) {
		usage(stdout);
	} else if (optind < argc) {
		cli_guard_terminal(true, false);   /* not for the TUI: curses needs the terminal itself */
		rc = cli_run(&a, argc - optind, argv + optind);
	} else {
		int year = 0;
		if (year_arg && (year = cli_parse_year(year_arg)) < 0)
			rc = 2;
		else if ((!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) && !script)
			rc = cli_error(_("the interactive interface needs a terminal; see kieumau --help for commands"));
		else {
			char *err = NULL;
			if (demo && a.restricted)
				rc = cli_error("%s", _("--demo is not allowed here (restricted mode)"));
			else if (demo)
				rc = open_demo(&a, db != NULL);
			else if (app_open_db(&a, &err) < 0) {
				cli_error("%s", err);
				free(err);
				rc = 1;
			}
			if (rc == 0)
				rc = tui_run(&a, script, year ? year : demo ? DEMO_LAST_YEAR : 0);
		}
	}
	app_free(&a);
	return rc;
}
