/* status and tick. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/assessment.h"
#include "util/i18n.h"
#include "util/vnum.h"

static const char *state_key(const judgement *j)
{
	return !j->assessed ? "not_assessed" : j->met ? "met" : "not_met";
}

static const char *state_box(const judgement *j)
{
	return !j->assessed ? "[-]" : j->met ? "[x]" : "[ ]";
}

static void print_village_text(app *a, const area *v, const checklist *cl)
{
	area *path;
	size_t n;
	strbuf b;
	sb_init(&b);
	if (area_path(a->db, v->id, &path, &n) == 0) {
		area_path_text(path, n, " › ", &b);
		areas_free(path, n);
	}
	printf("%s  (%s)\n", b.s, v->code);
	printf(_("Year %d · %s%s\n"), cl->year, cl->set.name, cl->set.illustrative ? _(" (illustrative)") : "");
	for (int s = 0; s < STAGE_COUNT; s++)
		printf(_("%-16s %d/%zu met, %d required criteria missing\n"), stage_label(s), cl->met[s],
		       cl->n, cl->required_missing[s]);
	printf(_("Eligible for the title: %s\n"), cl->required_missing[STAGE_APPRAISAL] == 0 ? _("yes") : _("no"));
	printf("\n%-6s %-4s %-4s %-44s %-18s %s\n", _("Code"), _("Self"), _("Appr"), _("Criterion"),
	       _("Value"), _("Threshold"));
	const criteria_group *group = NULL;
	for (size_t i = 0; i < cl->n; i++) {
		const checklist_item *it = &cl->items[i];
		if (it->group != group) {
			group = it->group;
			printf("%s. %s\n", group ? group->code : "?", group ? group->name : "");
		}
		char value[64], thr[96];
		const judgement *shown = it->j[STAGE_APPRAISAL].assessed ? &it->j[STAGE_APPRAISAL] : &it->j[STAGE_SELF];
		judgement_value_text(it->crit, shown, value, sizeof value);
		criterion_describe_threshold(it->crit, thr, sizeof thr);
		printf("%-6s %-4s %-4s %s  %s  %s\n", it->crit->code, state_box(&it->j[STAGE_SELF]),
		       state_box(&it->j[STAGE_APPRAISAL]), it->crit->name, value, thr);
	}
	sb_free(&b);
}

static void csv_number(strbuf *b, const judgement *j)
{
	if (j->assessed && j->has_value)
		sb_printf(b, "%.10g", j->value);
}

static void print_village_csv(const checklist *cl)
{
	puts("code,group,name,measure,self_state,self_value,appraisal_state,appraisal_value");
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < cl->n; i++) {
		const checklist_item *it = &cl->items[i];
		sb_clear(&b);
		sb_add_csv(&b, it->crit->code);
		sb_addc(&b, ',');
		sb_add_csv(&b, it->group ? it->group->code : "");
		sb_addc(&b, ',');
		sb_add_csv(&b, it->crit->name);
		sb_printf(&b, ",%s,%s,", measure_key(it->crit->measure), state_key(&it->j[STAGE_SELF]));
		csv_number(&b, &it->j[STAGE_SELF]);
		sb_printf(&b, ",%s,", state_key(&it->j[STAGE_APPRAISAL]));
		csv_number(&b, &it->j[STAGE_APPRAISAL]);
		puts(b.s);
	}
	sb_free(&b);
}

/* One line per village below an area: criteria met at each stage, and eligibility. */
static int print_villages(app *a, int64_t parent, int year, bool csv, int *count)
{
	area *kids;
	size_t n;
	if (area_children(a->db, parent, &kids, &n) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!area_kind_assessable(kids[i].kind)) {
			rc = print_villages(a, kids[i].id, year, csv, count);
			continue;
		}
		checklist cl;
		if (checklist_load(a->db, kids[i].id, year, &cl) < 0) {
			rc = -1;
			break;
		}
		bool eligible = cl.has_set && cl.required_missing[STAGE_APPRAISAL] == 0;
		if (csv) {
			strbuf b;
			sb_init(&b);
			sb_add_csv(&b, kids[i].code);
			sb_addc(&b, ',');
			sb_add_csv(&b, kids[i].name);
			sb_printf(&b, ",%d,%d,%zu,%s", cl.met[STAGE_SELF], cl.met[STAGE_APPRAISAL], cl.n,
				  eligible ? "yes" : "no");
			puts(b.s);
			sb_free(&b);
		} else {
			printf("%-10s %-24s %2d/%-2zu  %2d/%-2zu  %s\n", kids[i].code, kids[i].name,
			       cl.met[STAGE_SELF], cl.n, cl.met[STAGE_APPRAISAL], cl.n,
			       eligible ? _("eligible") : "");
		}
		(*count)++;
		checklist_free(&cl);
	}
	areas_free(kids, n);
	return rc;
}

int cmd_status(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ 0, 0, 0, 0 },
	};
	int year = cli_default_year(a), c;
	bool csv = false;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'y') {
			if ((year = cli_parse_year(optarg)) < 0)
				return 2;
		} else if (c == 'f') {
			if (strcmp(optarg, "csv") == 0)
				csv = true;
			else if (strcmp(optarg, "text") != 0)
				return cli_error(_("unknown format \"%s\" (text or csv)"), optarg);
		} else {
			return cli_usage("status");
		}
	}
	if (optind != argc - 1)
		return cli_usage("status");
	int64_t id;
	if (area_resolve(a->db, argv[optind], &id) < 0)
		return cli_db_error(a);
	area v;
	if (area_get(a->db, id, &v) < 0)
		return cli_db_error(a);
	int rc = 0;
	if (area_kind_assessable(v.kind)) {
		checklist cl;
		if (checklist_load(a->db, id, year, &cl) < 0)
			rc = cli_db_error(a);
		else if (!cl.has_set)
			rc = cli_error(_("no criteria set applies to %d"), year);
		else if (csv)
			print_village_csv(&cl);
		else
			print_village_text(a, &v, &cl);
		if (rc == 0)
			checklist_free(&cl);
	} else {
		int count = 0;
		if (csv)
			puts("code,name,self_met,appraisal_met,criteria,eligible");
		else
			printf(_("%s · year %d\n%-10s %-24s %-6s  %-6s  %s\n"), v.name, year, _("Code"),
			       _("Village"), _("Self"), _("Appr"), _("Eligible"));
		if (print_villages(a, id, year, csv, &count) < 0)
			rc = cli_db_error(a);
	}
	area_free(&v);
	return rc;
}

int cmd_tick(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "value", required_argument, NULL, 'v' },
		{ "stage", required_argument, NULL, 's' },
		{ "off", no_argument, NULL, 'o' },
		{ "clear", no_argument, NULL, 'c' },
		{ 0, 0, 0, 0 },
	};
	int year = cli_default_year(a), c, modes = 0;
	const char *value = NULL;
	bool off = false, clear = false;
	stage stg = STAGE_SELF;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if ((year = cli_parse_year(optarg)) < 0)
				return 2;
			break;
		case 'v': value = optarg; modes++; break;
		case 'o': off = true; modes++; break;
		case 'c': clear = true; modes++; break;
		case 's': {
			int s = stage_from_key(optarg);
			if (s < 0)
				return cli_error(_("unknown stage \"%s\" (self or appraisal)"), optarg);
			stg = (stage)s;
			break;
		}
		default:
			return cli_usage("tick");
		}
	}
	if (optind != argc - 2 || modes > 1)
		return cli_usage("tick");
	int64_t id;
	if (area_resolve(a->db, argv[optind], &id) < 0)
		return cli_db_error(a);
	checklist cl;
	if (checklist_load(a->db, id, year, &cl) < 0)
		return cli_db_error(a);
	int rc = 0;
	int i = checklist_find(&cl, argv[optind + 1]);
	if (!cl.has_set)
		rc = cli_error(_("no criteria set applies to %d"), year);
	else if (i < 0)
		rc = cli_error(_("no criterion \"%s\" in the set of %d (%s)"), argv[optind + 1], year, cl.set.code);
	if (rc) {
		checklist_free(&cl);
		return rc;
	}
	const criterion_def *crit = cl.items[i].crit;
	judgement j = { 0 };
	char err[256];
	if (clear) {
		/* not assessed: j stays empty */
	} else if (value) {
		if (!assessment_parse(crit, value, NULL, &j, err, sizeof err))
			rc = cli_error("%s: %s", crit->code, err);
	} else if (crit->measure != MEASURE_YESNO) {
		rc = cli_error(_("%s needs a value: --value V"), crit->code);
	} else {
		j.assessed = true;
		j.met = !off;
	}
	if (rc == 0 && assessment_write(a->db, id, year, crit, stg, clear ? NULL : &j) < 0)
		rc = cli_db_error(a);
	checklist_free(&cl);
	return rc;
}
