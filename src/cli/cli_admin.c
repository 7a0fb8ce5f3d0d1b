#include "config.h"
/* audit, backup and check: the audit log read back, a consistent copy of the database made while
 * others write, and the check of the file and of the data's rules. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/auth.h"
#include "domain/area.h"
#include "domain/audit.h"
#include "storage/maintenance.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

static void add_padded(strbuf *b, const char *s, int width)
{
	sb_add(b, s);
	for (int w = text_width(s); w < width; w++)
		sb_addc(b, ' ');
}

static int max_int(int a, int b) { return a > b ? a : b; }

/* ---- audit ---- */

/* The text output's columns (a longer path is cut, a longer user name shifts its line). */
#define USER_COLS 10
#define PATH_COLS 28

typedef struct audit_out {
	bool csv;
	size_t n;
	int action_w, table_w;
	strbuf b;
} audit_out;

static int print_csv_row(const audit_row *r, void *ctx)
{
	audit_out *o = ctx;
	sb_clear(&o->b);
	const char *f[] = { r->at, r->user, r->action, r->table, r->row_key, r->area_code, r->old_row,
			    r->new_row };
	for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
		if (k)
			sb_addc(&o->b, ',');
		sb_add_csv(&o->b, f[k]);
	}
	puts(o->b.s);
	o->n++;
	return 0;
}

/* Appends path cut to cols columns, "…" marking the cut, padded to cols. */
static void add_path(strbuf *b, const char *path, int cols)
{
	if (text_width(path) <= cols) {
		add_padded(b, path, cols);
		return;
	}
	int used = 0;
	sb_addn(b, path, text_fit(path, cols - 1, &used));
	sb_add(b, "…");
	for (used++; used < cols; used++)
		sb_addc(b, ' ');
}

static int print_text_row(const audit_row *r, void *ctx)
{
	audit_out *o = ctx;
	char at[32];
	strbuf *b = &o->b;
	sb_clear(b);
	sb_add(b, vn_format_timestamp(r->at, at, sizeof at));
	sb_add(b, "  ");
	add_padded(b, r->user, USER_COLS);
	sb_add(b, "  ");
	add_padded(b, audit_action_label(r->action), o->action_w);
	sb_add(b, "  ");
	add_padded(b, audit_table_label(r->table), o->table_w);
	sb_add(b, "  ");
	add_path(b, r->area_path, PATH_COLS);
	sb_add(b, "  ");
	audit_summary(r->action, r->old_row, r->new_row, b);
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	puts(b->s);
	o->n++;
	return 0;
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
	audit_out o = { 0 };
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
			if (cli_parse_format(optarg, &o.csv))
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
	/* Printed as read: the log may be long. */
	static const char *const actions[] = { "insert", "update", "delete" };
	for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
		o.action_w = max_int(o.action_w, text_width(audit_action_label(actions[i])));
	static const char *const tables[] = {
		"area", "criteria_set", "year_criteria_set", "assessment", "area_fact", "resource_entry", "award", "registration", "cycle_step",
		"recognition", "recheck", "target", "criterion_org", "app_user",
	};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		o.table_w = max_int(o.table_w, text_width(audit_table_label(tables[i])));
	sb_init(&o.b);
	if (o.csv)
		puts("at,user,action,table,row_key,area_code,old_row,new_row");
	int rc = audit_each(a->db, &f, o.csv ? print_csv_row : print_text_row, &o);
	sb_free(&o.b);
	if (rc < 0)
		return cli_db_error(a);
	if (!o.csv) {
		if (o.n)
			printf(ngettext("%zu change\n", "%zu changes\n", (unsigned long)o.n), o.n);
		else
			puts(_("No changes found."));
	}
	return 0;
}

/* ---- backup ---- */

int cmd_backup(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { 0, 0, 0, 0 } };
	optind = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1 || optind != argc - 1 || !*argv[optind])
		return cli_usage("backup");
	char *why = NULL, *target = app_export_path(a, argv[optind], &why);
	if (!target) {
		int r = cli_error("%s", why);
		free(why);
		return r;
	}
	strbuf report;
	sb_init(&report);
	int rc = db_backup_to(a->db, target, &report);
	free(target);
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
		{ "repair", no_argument, NULL, 'r' },
		{ 0, 0, 0, 0 },
	};
	bool csv = false, repair = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			repair = true;
		else if (c != 'f')
			return cli_usage("check");
		else if (cli_parse_format(optarg, &csv))
			return 1;
	}
	if (optind != argc)
		return cli_usage("check");
	/* The one thing a check can mend: derived data, computed again from what it derives from. */
	if (repair) {
		if (!auth_check(a->db, PERM_ADMIN, 0) || db_rebuild_totals(a->db) < 0)
			return cli_db_error(a);
		printf("%s\n", _("The status table's running totals were computed again from the data."));
	}
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
