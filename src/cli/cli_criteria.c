/* criteria list, criteria show, criteria import, criteria bind. */
#include "config.h"
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/criteria.h"
#include "domain/facts.h"
#include "util/i18n.h"
#include "util/vnum.h"

/* "2021–2025", "2021–" (open-ended) or "2023". */
static void years_text(int from, int to, strbuf *b)
{
	if (to == from)
		sb_printf(b, "%d", from);
	else if (to == 0)
		sb_printf(b, "%d–", from);
	else
		sb_printf(b, "%d–%d", from, to);
}

/* Parses the options of list and show: --format text|csv. Returns 0, or the exit status. */
static int parse_format(int argc, char **argv, bool *csv)
{
	static const struct option opts[] = { { "format", required_argument, NULL, 'f' }, { 0, 0, 0, 0 } };
	int c;
	*csv = false;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage("criteria");
		if (cli_parse_format(optarg, csv))
			return 1;
	}
	return 0;
}

static const char *opt_str(const char *s)
{
	return s ? s : "";
}

/* ---- list ----------------------------------------------------------------------------------- */

static void list_text(const criteria_set_info *s, strbuf *b)
{
	sb_clear(b);
	sb_printf(b, "%s  %s", s->code, s->name);
	if (s->illustrative)
		sb_add(b, _(" (illustrative)"));
	puts(b->s);
	sb_clear(b);
	sb_printf(b, "    %s ", _("Years:"));
	years_text(s->year_from, s->year_to, b);
	sb_printf(b, " · %s %d", _("Criteria:"), s->ncriteria);
	sb_printf(b, " · %s %s", _("Years bound:"), *s->years_bound ? s->years_bound : _("none"));
	puts(b->s);
	if (s->decision_no || s->decision_date) {
		sb_clear(b);
		sb_printf(b, "    %s %s", _("Decision:"), opt_str(s->decision_no));
		if (s->decision_date) {
			char date[16];
			sb_printf(b, "%s%s", s->decision_no ? " · " : "",
				  vn_format_iso_date(s->decision_date, date, sizeof date));
		}
		puts(b->s);
	}
}

static void list_csv(const criteria_set_info *s, strbuf *b)
{
	sb_clear(b);
	sb_add_csv(b, s->code);
	sb_addc(b, ',');
	sb_add_csv(b, s->name);
	sb_printf(b, ",%d,", s->year_from);
	if (s->year_to)
		sb_printf(b, "%d", s->year_to);
	sb_addc(b, ',');
	sb_add_csv(b, opt_str(s->decision_no));
	sb_addc(b, ',');
	if (s->decision_date) {
		char date[16];
		sb_add_csv(b, vn_format_iso_date(s->decision_date, date, sizeof date));
	}
	sb_printf(b, ",%s,%d,", s->illustrative ? "yes" : "no", s->ncriteria);
	/* "2021;2022", as area thresholds are listed in show. */
	for (const char *p = s->years_bound; *p; p++)
		if (*p != ' ')
			sb_addc(b, *p == ',' ? ';' : *p);
	puts(b->s);
}

static int criteria_list_cmd(app *a, int argc, char **argv)
{
	bool csv;
	int rc = parse_format(argc, argv, &csv);
	if (rc)
		return rc;
	if (optind != argc)
		return cli_usage("criteria");
	criteria_set_info *list;
	size_t n;
	if (criteria_list(a->db, &list, &n) < 0)
		return cli_db_error(a);
	strbuf b;
	sb_init(&b);
	if (csv)
		puts("code,name,year_from,year_to,decision_no,decision_date,illustrative,criteria,years_bound");
	for (size_t i = 0; i < n; i++) {
		if (csv)
			list_csv(&list[i], &b);
		else
			list_text(&list[i], &b);
	}
	sb_free(&b);
	criteria_infos_free(list, n);
	return 0;
}

/* ---- show ----------------------------------------------------------------------------------- */

static const char *measure_label(measure_kind m)
{
	switch (m) {
	case MEASURE_YESNO: return _("yes/no");
	case MEASURE_PERCENT: return _("percentage");
	case MEASURE_COUNT: return _("count");
	case MEASURE_RATING: return _("rating");
	case MEASURE_COUNT_KINDS: break;
	}
	return "?";
}

static void csv_number(strbuf *b, double v)
{
	sb_printf(b, "%.10g", v);
}

/* The plain threshold as a CSV field: a number, a rating's level name, nothing for yes/no. */
static void csv_threshold(strbuf *b, const criterion_def *c)
{
	if (c->measure == MEASURE_YESNO || !c->has_threshold)
		return;
	if (c->measure == MEASURE_RATING) {
		long level = lround(c->threshold);
		if (level >= 0 && level < c->nlevels)
			sb_add_csv(b, c->levels[level]);
		return;
	}
	csv_number(b, c->threshold);
}

static void show_csv(const criteria_set *set)
{
	puts("group,code,name,measure,comparison,threshold,area_thresholds,unit,base,required,org");
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < set->ncriteria; i++) {
		const criterion_def *c = &set->criteria[i];
		sb_clear(&b);
		sb_add_csv(&b, c->group_code);
		sb_addc(&b, ',');
		sb_add_csv(&b, c->code);
		sb_addc(&b, ',');
		sb_add_csv(&b, c->name);
		sb_printf(&b, ",%s,%s,", measure_key(c->measure),
			  c->measure == MEASURE_YESNO ? "" : cmp_symbol(c->cmp));
		csv_threshold(&b, c);
		sb_addc(&b, ',');
		strbuf kv;
		sb_init(&kv);
		for (int k = 0; k < c->n_area_thresholds; k++) {
			sb_printf(&kv, "%s%s=", k ? ";" : "", c->area_type[k]);
			csv_number(&kv, c->area_threshold[k]);
		}
		sb_add_csv(&b, kv.s ? kv.s : "");
		sb_free(&kv);
		sb_addc(&b, ',');
		sb_add_csv(&b, opt_str(c->unit));
		sb_addc(&b, ',');
		sb_add_csv(&b, opt_str(c->base));
		sb_printf(&b, ",%s,", c->required ? "yes" : "no");
		sb_add_csv(&b, opt_str(c->org));
		puts(b.s);
	}
	sb_free(&b);
}

static void show_text(const criteria_set *set)
{
	strbuf b;
	sb_init(&b);
	printf("%s  (%s)\n", set->name, set->code);
	if (set->illustrative)
		printf("%s\n", _("Illustrative set: to be replaced by the official one."));
	if (set->decision_no || set->decision_date || set->issuer) {
		sb_printf(&b, "%s", _("Decision:"));
		if (set->decision_no)
			sb_printf(&b, " %s", set->decision_no);
		if (set->decision_date) {
			char date[16];
			sb_printf(&b, " %s %s", set->decision_no ? "·" : "",
				  vn_format_iso_date(set->decision_date, date, sizeof date));
		}
		if (set->issuer)
			sb_printf(&b, " · %s", set->issuer);
		puts(b.s);
	}
	sb_clear(&b);
	sb_printf(&b, "%s ", _("Years:"));
	years_text(set->year_from, set->year_to, &b);
	sb_printf(&b, " · %s %zu", _("Criteria:"), set->ncriteria);
	puts(b.s);
	for (size_t g = 0; g < set->ngroups; g++) {
		const criteria_group *grp = &set->groups[g];
		printf("\n%s. %s\n", grp->code, grp->name);
		for (size_t i = 0; i < set->ncriteria; i++) {
			const criterion_def *c = &set->criteria[i];
			if (strcmp(c->group_code, grp->code) != 0)
				continue;
			char thr[160];
			criterion_describe_threshold(c, thr, sizeof thr);
			printf("  %-6s %s\n", c->code, c->name);
			sb_clear(&b);
			sb_printf(&b, "         %s", measure_label(c->measure));
			if (c->base && *c->base) {
				const fact_def *base = fact_def_find(c->base);
				sb_printf(&b, _(" (of %s)"), base ? _(base->label) : c->base);
			}
			if (c->unit && *c->unit)
				sb_printf(&b, _(" · unit: %s"), c->unit);
			sb_printf(&b, " · %s · %s", thr, c->required ? _("required") : _("not required"));
			if (c->org && *c->org)
				sb_printf(&b, " · %s", c->org);
			puts(b.s);
		}
	}
	sb_free(&b);
}

static int criteria_show_cmd(app *a, int argc, char **argv)
{
	bool csv;
	int rc = parse_format(argc, argv, &csv);
	if (rc)
		return rc;
	if (optind != argc - 1)
		return cli_usage("criteria");
	int64_t id;
	if (criteria_find(a->db, argv[optind], &id) < 0)
		return cli_db_error(a);
	criteria_set set;
	if (criteria_load(a->db, id, &set) < 0)
		return cli_db_error(a);
	if (csv)
		show_csv(&set);
	else
		show_text(&set);
	criteria_set_free(&set);
	return 0;
}

/* ---- import --------------------------------------------------------------------------------- */

static int criteria_import_cmd(app *a, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("criteria");
	strbuf errors;
	sb_init(&errors);
	int64_t id;
	int rc = 0;
	if (criteria_import(a->db, argv[1], &errors, &id) < 0) {
		/* The file's problems, one a line as FILE:LINE: message, then the verdict. */
		if (errors.len)
			fputs(errors.s, stderr);
		rc = cli_db_error(a);
	}
	sb_free(&errors);
	if (rc)
		return rc;
	criteria_set set;
	if (criteria_load(a->db, id, &set) < 0)
		return cli_db_error(a);
	strbuf years;
	sb_init(&years);
	years_text(set.year_from, set.year_to, &years);
	printf(_("Imported %s: %s (%zu criteria, years %s)\n"), set.code, set.name, set.ncriteria, years.s);
	sb_free(&years);
	criteria_set_free(&set);
	return 0;
}

/* ---- bind ----------------------------------------------------------------------------------- */

static int criteria_bind_cmd(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { "force", no_argument, NULL, 'f' }, { 0, 0, 0, 0 } };
	bool force = false;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage("criteria");
		force = true;
	}
	if (optind != argc - 2)
		return cli_usage("criteria");
	int year = cli_parse_year(argv[optind]);
	if (year < 0)
		return 2;
	int64_t id;
	if (criteria_find(a->db, argv[optind + 1], &id) < 0)
		return cli_db_error(a);
	if (criteria_bind_year_checked(a->db, year, id, force) < 0)
		return cli_db_error(a);
	criteria_set set;
	if (criteria_load(a->db, id, &set) < 0)
		return cli_db_error(a);
	printf(_("%d is bound to the criteria set %s: %s\n"), year, set.code, set.name);
	criteria_set_free(&set);
	return 0;
}

int cmd_criteria(app *a, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-')
		return criteria_list_cmd(a, argc, argv);
	const char *sub = argv[1];
	if (strcmp(sub, "list") == 0)
		return criteria_list_cmd(a, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return criteria_show_cmd(a, argc - 1, argv + 1);
	if (strcmp(sub, "import") == 0)
		return criteria_import_cmd(a, argc - 1, argv + 1);
	if (strcmp(sub, "bind") == 0)
		return criteria_bind_cmd(a, argc - 1, argv + 1);
	return cli_error(_("unknown subcommand \"criteria %s\" (list, show, import, bind)"), sub);
}
