#include "config.h"
/* import resources FILE.csv [--dry-run]: every row checked first, all or nothing, with a progress
 * bar on stderr when it is a terminal. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"
#include "domain/resource_import.h"
#include "util/i18n.h"
#include "util/vnum.h"

#define MAX_ERRORS 100     /* bad rows listed; the rest are counted */
#define BAR_WIDTH 30
#define REDRAW_NS 50000000LL   /* at most 20 redraws a second */

typedef struct bar {
	int64_t last_ns;
	bool drawn;
} bar;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* "\rChecking  [#############.................]  45%  45.000/100.000 rows" */
static void bar_report(void *ctx, int64_t done, int64_t total, const char *phase)
{
	bar *b = ctx;
	int64_t t = now_ns();
	if (b->drawn && done < total && t - b->last_ns < REDRAW_NS)
		return;
	b->last_ns = t;
	b->drawn = true;
	int pct = total > 0 ? (int)(done * 100 / total) : 0;
	int fill = total > 0 ? (int)(done * BAR_WIDTH / total) : 0;
	char cells[BAR_WIDTH + 1];
	for (int i = 0; i < BAR_WIDTH; i++)
		cells[i] = i < fill ? '#' : '.';
	cells[BAR_WIDTH] = '\0';
	char d[32], n[32];
	vn_format_number((double)done, 0, d, sizeof d);
	vn_format_number((double)total, 0, n, sizeof n);
	const char *label = strcmp(phase, "import") == 0 ? _("Importing") : _("Checking");
	FILE *tty = cli_raw_stderr();   /* the bar's own escapes pass; it shows no data */
	fprintf(tty, "\r%s [%s] %3d%%  ", label, cells, pct);
	fprintf(tty, _("%s/%s rows"), d, n);
	fputs("\033[K", tty);   /* clears what a longer earlier line left */
	fflush(tty);
}

static void bar_clear(bar *b)
{
	if (b->drawn) {
		fputs("\r\033[K", cli_raw_stderr());
		fflush(cli_raw_stderr());
	}
	b->drawn = false;
}

/* The error lines, each "LINE: reason" shown as "FILE:LINE: reason". */
static void print_errors(const char *path, const char *errors)
{
	for (const char *p = errors; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (*p >= '0' && *p <= '9')
			fprintf(stderr, "%s:", path);
		fprintf(stderr, "%.*s\n", (int)len, p);
		p += len + (nl != NULL);
	}
}

int cmd_import(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { "dry-run", no_argument, NULL, 'n' }, { 0, 0, 0, 0 } };
	bool dry_run = false;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			return cli_usage("import");
		dry_run = true;
	}
	if (argc - optind != 2)
		return cli_usage("import");
	if (strcmp(argv[optind], "resources") != 0) {
		cli_error(_("unknown kind of import \"%s\" (resources)"), argv[optind]);
		return cli_usage("import");
	}
	const char *path = argv[optind + 1];

	bar b = { 0, false };
	import_progress progress = { bar_report, &b };
	bool tty = isatty(STDERR_FILENO);
	strbuf errors;
	sb_init(&errors);
	import_result res;
	int rc = resource_import(a->db, path, dry_run, MAX_ERRORS, tty ? &progress : NULL, &errors,
				 &res);
	bar_clear(&b);
	if (rc < 0) {
		sb_free(&errors);
		return cli_db_error(a);
	}
	if (rc > 0) {
		print_errors(path, errors.s);
		sb_free(&errors);
		return cli_error(ngettext("Nothing imported: %lld bad row", "Nothing imported: %lld bad rows",
					  (unsigned long)res.bad), (long long)res.bad);
	}
	sb_free(&errors);
	if (dry_run)
		printf(ngettext("Checked %lld row: all good (dry run)\n",
				"Checked %lld rows: all good (dry run)\n", (unsigned long)res.rows),
		       (long long)res.rows);
	else
		printf(ngettext("Imported %lld entry\n", "Imported %lld entries\n",
				(unsigned long)res.imported), (long long)res.imported);
	return 0;
}
