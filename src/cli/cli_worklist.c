#include "config.h"
/* worklist: what is due or late in a part of the hierarchy for a year, as of today. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/worklist.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

/* Pads text with spaces to width terminal columns. */
static void add_padded(strbuf *b, const char *text, int width)
{
	sb_add(b, text);
	for (int w = text_width(text); w < width; w++)
		sb_addc(b, ' ');
}

static void print_csv(const work_item *w, size_t n)
{
	puts("kind,area_code,area,year,since,days,days_late");
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n; i++) {
		char since[16] = "";
		if (w[i].since)
			vn_format_iso_date(w[i].since, since, sizeof since);
		sb_clear(&b);
		sb_printf(&b, "%s,", work_kind_key(w[i].kind));
		sb_add_csv(&b, w[i].area_code);
		sb_addc(&b, ',');
		sb_add_csv(&b, w[i].area_path);
		sb_printf(&b, ",%d,", w[i].year);
		sb_add_csv(&b, since);
		sb_printf(&b, ",%d,%d", w[i].days, w[i].days_late);
		puts(b.s);
	}
	sb_free(&b);
}

static void print_text(const char *scope, int year, const char *today, const work_item *w, size_t n)
{
	char on[16];
	vn_format_iso_date(today, on, sizeof on);
	printf(_("Worklist %d: %s, as of %s (%zu items)\n"), year, scope, on, n);
	if (!n) {
		printf(_("Nothing is due or late.\n"));
		return;
	}
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n;) {
		size_t end = i;
		int code_w = 0, path_w = 0;
		while (end < n && w[end].kind == w[i].kind) {
			int cw = text_width(w[end].area_code), pw = text_width(w[end].area_path);
			code_w = cw > code_w ? cw : code_w;
			path_w = pw > path_w ? pw : path_w;
			end++;
		}
		printf("\n%s (%zu)\n", work_kind_label(w[i].kind), end - i);
		for (; i < end; i++) {
			sb_clear(&b);
			sb_add(&b, "  ");
			add_padded(&b, w[i].area_code, code_w);
			sb_add(&b, "  ");
			if (w[i].since) {
				add_padded(&b, w[i].area_path, path_w);
				char since[16];
				vn_format_iso_date(w[i].since, since, sizeof since);
				sb_add(&b, "  ");
				sb_printf(&b, _("since %s"), since);
				sb_add(&b, "  ");
				sb_printf(&b, _("%d days"), w[i].days);
				if (w[i].days_late > 0) {
					sb_add(&b, ", ");
					sb_printf(&b, _("late %d days"), w[i].days_late);
				}
			} else {
				sb_add(&b, w[i].area_path);
			}
			puts(b.s);
		}
	}
	sb_free(&b);
}

int cmd_worklist(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "area", required_argument, NULL, 'a' },
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ 0, 0, 0, 0 },
	};
	int year = 0, c;
	bool csv = false;
	const char *area_spec = NULL;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a') {
			area_spec = optarg;
		} else if (c == 'y') {
			if ((year = cli_parse_year(optarg)) < 0)
				return 2;
		} else if (c == 'f') {
			if (cli_parse_format(optarg, &csv))
				return 1;
		} else {
			return cli_usage("worklist");
		}
	}
	if (optind != argc)
		return cli_usage("worklist");
	if (!year)
		year = cli_default_year(a);
	int64_t scope = 0;
	if (area_spec && area_resolve(a->db, area_spec, &scope) < 0)
		return cli_db_error(a);
	strbuf where;
	sb_init(&where);
	if (scope) {
		area *path;
		size_t np;
		if (area_path(a->db, scope, &path, &np) < 0) {
			sb_free(&where);
			return cli_db_error(a);
		}
		area_path_text(path, np, " › ", &where);
		areas_free(path, np);
	} else {
		sb_add(&where, _("everywhere"));
	}
	char today[16];
	vn_today_iso(today, sizeof today);
	work_settings s = { a->cfg.appraisal_days, a->cfg.commendation_days };
	work_item *w;
	size_t n;
	if (worklist_build(a->db, scope, year, today, &s, &w, &n) < 0) {
		sb_free(&where);
		return cli_db_error(a);
	}
	if (csv)
		print_csv(w, n);
	else
		print_text(where.s, year, today, w, n);
	worklist_free(w, n);
	sb_free(&where);
	return 0;
}
