#include "config.h"
#include "cli/cli.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/i18n.h"
#include "util/vnum.h"

const cli_command cli_commands[] = {
	{ "init", cmd_init, N_("init"), N_("create the database with the default data"), 1 },
	{ "demo", cmd_demo, N_("demo [--force]"), N_("fill the database with illustrative demo data"), 1 },
	{ "areas", cmd_areas,
	  N_("areas [--format text|csv]\n"
	     "       areas add --parent AREA [--kind KIND] NAME\n"
	     "       areas rename AREA NAME"),
	  N_("list, add and rename areas"), 1 },
	{ "status", cmd_status, N_("status AREA [--year Y] [--format text|csv]"),
	  N_("the criteria of a village and their states, or a summary of an area's villages"), 1 },
	{ "tick", cmd_tick,
	  N_("tick AREA CRITERION [--year Y] [--stage self|appraisal] [--value V | --off | --clear]"),
	  N_("record a criterion as met (default), not met (--off), a value, or not assessed (--clear)"), 1 },
	{ "assess", cmd_assess,
	  N_("assess AREA CRITERION [--year Y] --stage self|appraisal (--value V | --met | --not-met | "
	     "--clear) [--evidence TEXT]"),
	  N_("record a judgement at a stage, with its evidence"), 1 },
	{ "history", cmd_history, N_("history AREA [CRITERION] [--year Y] [--format text|csv]"),
	  N_("every change of an area's judgements: who, when, old and new value"), 1 },
	{ "org", cmd_org, N_("org AREA CRITERION [ORGANISATION | --default]"),
	  N_("the organisation in charge of a criterion in an area"), 1 },
	{ "criteria", cmd_criteria,
	  N_("criteria list [--format text|csv]\n"
	     "       criteria show SET [--format text|csv]\n"
	     "       criteria import FILE\n"
	     "       criteria bind YEAR SET [--force]"),
	  N_("criteria sets: list, show, import from a file, bind a year to a set"), 1 },
	{ "facts", cmd_facts,
	  N_("facts AREA [--year Y] [--households N] [--population N] [--residents N] [--area-type KV1|KV2] "
	     "[--road-km X] [--lane-km X] [--set KEY=VALUE] [--unset KEY] [--format text|csv]"),
	  N_("an area's facts for a year (the bases of percentages, the area type): show or set"), 1 },
	{ "register", cmd_register,
	  N_("register AREA --year Y --title exemplary|model [--date D] [--note T]\n"
	     "       register AREA --year Y --cancel"),
	  N_("register a village for the year's title (dates as dd/mm/yyyy)"), 1 },
	{ "step", cmd_step,
	  N_("step AREA --year Y self-assessed|appraised|inspected [--date D] [--note T] [--undo]"),
	  N_("record a step of the recognition cycle as done"), 1 },
	{ "recognise", cmd_recognise,
	  N_("recognise AREA --year Y --level district|province --decision NUMBER --date D [--body ISSUER]"),
	  N_("record the decision recognising a village (refused with the reasons if not eligible)"), 1 },
	{ "revoke", cmd_revoke, N_("revoke AREA --year Y --decision NUMBER --date D --reason T"),
	  N_("record the decision revoking a recognition"), 1 },
	{ "recheck", cmd_recheck,
	  N_("recheck AREA --year Y maintained|improved|not-maintained [--date D] [--note T]"),
	  N_("record the yearly re-check of a recognised village"), 1 },
	{ "titles", cmd_titles, N_("titles AREA [--format text|csv]"),
	  N_("the history of a village's titles over the years"), 1 },
	{ "award", cmd_award,
	  N_("award add --recipient-kind area|household|person|organisation|commune --recipient NAME\n"
	     "         --area AREA --form FORM --level LEVEL --decision NUMBER --date D\n"
	     "         [--body ISSUER] [--amount V] [--reason T] [--note T]\n"
	     "       award list [--area AREA] [--year Y] [--level LEVEL] [--form FORM]\n"
	     "         [--recipient-kind KIND] [--format text|csv]\n"
	     "       award edit ID [the options of add]\n"
	     "       award delete ID"),
	  N_("commendations: add, list, edit, delete"), 1 },
	{ "worklist", cmd_worklist, N_("worklist [--area AREA] [--year Y] [--format text|csv]"),
	  N_("what is due or late: steps not done, recognitions and commendations not made in time"), 1 },
	{ "resources", cmd_resources,
	  N_("resources add --area AREA --date D --source SOURCE --form FORM --value V [--quantity Q]\n"
	     "         [--unit U] [--work T] [--contributor T] [--note T]\n"
	     "       resources list [--area AREA] [--period P] [--source S] [--form F] [--format text|csv]\n"
	     "       resources edit ID [the options of add]\n"
	     "       resources delete ID\n"
	     "       resources totals [--area AREA] [--period P] [--format text|csv]"),
	  N_("the resource mobilisation ledger: entries and totals (periods: 2025, 2025-H1, 2025-Q2, "
	     "dd/mm/yyyy-dd/mm/yyyy)"), 1 },
	{ "import", cmd_import, N_("import resources FILE.csv [--dry-run]"),
	  N_("import resource entries from CSV: every row checked first, all or nothing"), 1 },
	{ "status-table", cmd_status_table, N_("status-table [AREA] [--year Y] [--format text|csv]"),
	  N_("the status table: one row per unit below the area, and the totals"), 1 },
	{ "targets", cmd_targets,
	  N_("targets AREA [--year Y] [--district N] [--province N] [--resources V] [--note T] [--clear]"),
	  N_("the year's targets of a commune or district: areas to recognise, resources to mobilise"), 1 },
	{ "matrix", cmd_matrix, N_("matrix COMMUNE [--year Y] [--format text|csv]"),
	  N_("the criteria matrix of a commune: villages by criteria"), 1 },
	{ "report", cmd_report,
	  N_("report --period P [--area AREA] [--format text|md|csv|xlsx] [--output FILE] [--bom]"),
	  N_("the periodic report (2025-Q2, 2025-H1, 2025, or dd/mm/yyyy-dd/mm/yyyy)"), 1 },
	{ "user", cmd_user,
	  N_("user add|set NAME --role viewer|village|commune|district|admin [--scope AREA]\n"
	     "       user list\n"
	     "       user remove NAME"),
	  N_("the users (Unix login names), their roles and the part of the hierarchy they cover"), 1 },
	{ "audit", cmd_audit, N_("audit [--area AREA] [--user U] [--since D] [--format text|csv]"),
	  N_("every change to the data: who, when, what, before and after"), 1 },
	{ "backup", cmd_backup, N_("backup FILE"),
	  N_("a consistent copy of the database, made while others may be writing"), 1 },
	{ "check", cmd_check, N_("check [--format text|csv] [--repair]"),
	  N_("check the database: integrity, foreign keys and the data's own rules (--repair: compute the running totals again first)"), 1 },
	{ "bench-data", cmd_bench_data, N_("bench-data district|province|country [--seed N]"),
	  N_("fill a new database with generated data for benchmarks (5 years, every village)"), 1 },
	{ "keys", cmd_keys, N_("keys"), N_("list the actions and the keys bound to them"), 0 },
	{ NULL, NULL, NULL, NULL, 0 },
};

int cli_error(const char *fmt, ...)
{
	fputs("kieumau: ", stderr);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_db_error(app *a)
{
	return cli_error("%s", db_error(a->db));
}

int cli_usage(const char *command)
{
	for (const cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, command) == 0)
			fprintf(stderr, _("Usage: kieumau [--db FILE] [--lang vi|en] %s\n"), _(c->usage));
	return 2;
}

int cli_parse_format(const char *arg, bool *csv)
{
	if (strcmp(arg, "csv") == 0 || strcmp(arg, "text") == 0) {
		*csv = arg[0] == 'c';
		return 0;
	}
	return cli_error(_("unknown format \"%s\" (text or csv)"), arg);
}

int cli_parse_date(const char *s, char *iso, size_t cap)
{
	if (!s) {
		vn_today_iso(iso, cap);
		return 0;
	}
	int y, m, d;
	const char *why;
	if (!vn_parse_date(s, &y, &m, &d, &why))
		return cli_error(_("invalid date \"%s\": %s"), s, _(why));
	vn_iso_date(y, m, d, iso, cap);
	return 0;
}

int cli_parse_year(const char *s)
{
	char *end;
	long y = strtol(s, &end, 10);
	if (!*s || *end || y < 1900 || y > 2999) {
		cli_error(_("invalid year \"%s\" (1900-2999)"), s);
		return -1;
	}
	return (int)y;
}

int cli_default_year(app *a)
{
	if (a->cfg.year)
		return a->cfg.year;
	char today[16];
	vn_today_iso(today, sizeof today);
	return atoi(today);
}

void cli_print_commands(FILE *out)
{
	for (const cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, _(c->summary));
}

int cli_run(app *a, int argc, char **argv)
{
	for (const cli_command *c = cli_commands; c->name; c++) {
		if (strcmp(c->name, argv[0]) != 0)
			continue;
		if (c->needs_db) {
			char *err = NULL;
			if (app_open_db(a, &err) < 0) {
				cli_error("%s", err);
				free(err);
				return 1;
			}
		}
		return c->run(a, argc, argv);
	}
	cli_error(_("unknown command \"%s\"; see kieumau --help"), argv[0]);
	return 2;
}
