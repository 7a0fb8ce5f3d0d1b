#include "config.h"
/* audit, backup and check: the audit log read back, a consistent copy of the database made while
 * others write, and the check of the file and of the data's rules. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/audit.h"
#include "storage/maintenance.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

/* The widest a column of the text output grows (a longer path is cut). */
#define PATH_MAX_COLS 40

static void add_padded(strbuf *b, const char *s, int width)
{
	sb_add(b, s);
	for (int w = text_width(s); w < width; w++)
		sb_addc(b, ' ');
}

static int max_int(int a, int b) { return a > b ? a : b; }

/* ---- audit ---- */

static void audit_csv(const audit_row *r, size_t n)
{
	strbuf b;
	sb_init(&b);
	sb_add(&b, "at,user,action,table,row_key,area_code,old_row,new_row");
	puts(b.s);
	for (size_t i = 0; i < n; i++) {
		sb_clear(&b);
		const char *f[] = { r[i].at, r[i].user, r[i].action, r[i].table, r[i].row_key,
				    r[i].area_code, r[i].old_row, r[i].new_row };
		for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
			if (k)
				sb_addc(&b, ',');
			sb_add_csv(&b, f[k]);
		}
		puts(b.s);
	}
	sb_free(&b);
}

/* A path cut to cols columns, with "…" if cut (malloc'd). */
static char *fit_path(const char *path, int cols)
{
	if (text_width(path) <= cols)
		return xstrdup(path);
	strbuf b;
	sb_init(&b);
	sb_addn(&b, path, text_fit(path, cols - 1, NULL));
	sb_add(&b, "…");
	return sb_take(&b);
}

static void audit_text(const audit_row *r, size_t n)
{
	if (!n) {
		puts(_("No changes found."));
		return;
	}
	int user_w = 0, action_w = 0, table_w = 0, path_w = 0;
	char **paths = xcalloc(n, sizeof *paths);
	for (size_t i = 0; i < n; i++) {
		paths[i] = fit_path(r[i].area_path, PATH_MAX_COLS);
		user_w = max_int(user_w, text_width(r[i].user));
		action_w = max_int(action_w, text_width(audit_action_label(r[i].action)));
		table_w = max_int(table_w, text_width(audit_table_label(r[i].table)));
		path_w = max_int(path_w, text_width(paths[i]));
	}
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n; i++) {
		char at[32];
		sb_clear(&b);
		sb_add(&b, vn_format_timestamp(r[i].at, at, sizeof at));
		sb_add(&b, "  ");
		add_padded(&b, r[i].user, user_w);
		sb_add(&b, "  ");
		add_padded(&b, audit_action_label(r[i].action), action_w);
		sb_add(&b, "  ");
		add_padded(&b, audit_table_label(r[i].table), table_w);
		if (path_w) {
			sb_add(&b, "  ");
			add_padded(&b, paths[i], path_w);
		}
		sb_add(&b, "  ");
		audit_summary(r[i].action, r[i].old_row, r[i].new_row, &b);
		while (b.len && b.s[b.len - 1] == ' ')
			b.s[--b.len] = '\0';
		puts(b.s);
		free(paths[i]);
	}
	free(paths);
	sb_free(&b);
	printf(ngettext("%zu change\n", "%zu changes\n", (unsigned long)n), n);
}

int cmd_audit(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "area", required_argument, NULL, 'a' },
		{ "user", required_argument, NULL, 'u' },
		{ "since", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ 0, 0, 0, 0 },
	};
	const char *area_spec = NULL, *user = NULL, *since = NULL;
	bool csv = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a') {
			area_spec = optarg;
		} else if (c == 'u') {
			user = optarg;
		} else if (c == 's') {
			since = optarg;
		} else if (c == 'f') {
			if (cli_parse_format(optarg, &csv))
				return 1;
		} else {
			return cli_usage("audit");
		}
	}
	if (optind != argc)
		return cli_usage("audit");
	audit_filter f = { .user = user };
	char since_iso[16];
	if (since) {
		if (cli_parse_date(since, since_iso, sizeof since_iso))
			return 1;
		f.since = since_iso;
	}
	if (area_spec && area_resolve(a->db, area_spec, &f.area_id) < 0)
		return cli_db_error(a);
	audit_row *rows;
	size_t n;
	if (audit_list(a->db, &f, &rows, &n) < 0)
		return cli_db_error(a);
	if (csv)
		audit_csv(rows, n);
	else
		audit_text(rows, n);
	audit_rows_free(rows, n);
	return 0;
}

/* ---- backup ---- */

int cmd_backup(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { 0, 0, 0, 0 } };
	optind = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1 || optind != argc - 1 || !*argv[optind])
		return cli_usage("backup");
	strbuf report;
	sb_init(&report);
	int rc = db_backup_to(a->db, argv[optind], &report);
	if (rc == 0)
		fputs(report.s, stdout);
	sb_free(&report);
	return rc < 0 ? cli_db_error(a) : 0;
}

/* ---- check ---- */

static void check_csv(const check_result *r, size_t n)
{
	strbuf b;
	sb_init(&b);
	puts("check,status,count,detail");
	for (size_t i = 0; i < n; i++) {
		/* One line per problem (the first carries the count), or one line with the info. */
		size_t lines = r[i].nlines ? r[i].nlines : 1;
		for (size_t j = 0; j < lines; j++) {
			sb_clear(&b);
			sb_printf(&b, "%s,%s,%zu,", r[i].key, check_level_key(r[i].level), r[i].count);
			sb_add_csv(&b, r[i].nlines ? r[i].lines[j] : r[i].info);
			puts(b.s);
		}
	}
	sb_free(&b);
}

static void check_text(const check_result *r, size_t n)
{
	int title_w = 0, level_w = 0;
	for (size_t i = 0; i < n; i++) {
		title_w = max_int(title_w, text_width(_(r[i].title)));
		level_w = max_int(level_w, text_width(check_level_label(r[i].level)));
	}
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n; i++) {
		sb_clear(&b);
		add_padded(&b, _(r[i].title), title_w);
		sb_add(&b, "  ");
		sb_add(&b, check_level_label(r[i].level));
		if (r[i].count)
			sb_printf(&b, " (%zu)", r[i].count);
		if (r[i].info)
			sb_printf(&b, ": %s", r[i].info);
		puts(b.s);
		for (size_t j = 0; j < r[i].nlines; j++)
			printf("    - %s\n", r[i].lines[j]);
		if (r[i].count > r[i].nlines)
			printf(_("    ... and %zu more\n"), r[i].count - r[i].nlines);
	}
	sb_free(&b);
	check_level worst = check_worst(r, n);
	if (worst == CHECK_OK)
		puts(_("All checks passed."));
	else if (worst == CHECK_WARNING)
		puts(_("All checks passed, with warnings."));
	else
		puts(_("Problems found."));
}

int cmd_check(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ 0, 0, 0, 0 },
	};
	bool csv = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage("check");
		if (cli_parse_format(optarg, &csv))
			return 1;
	}
	if (optind != argc)
		return cli_usage("check");
	check_result *r;
	size_t n;
	if (db_check(a->db, &r, &n) < 0)
		return cli_db_error(a);
	if (csv)
		check_csv(r, n);
	else
		check_text(r, n);
	int rc = check_worst(r, n) == CHECK_ERROR ? 1 : 0;
	check_results_free(r, n);
	return rc;
}
