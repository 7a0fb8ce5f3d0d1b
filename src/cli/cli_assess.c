/* status, tick, assess, history, org: judging criteria from the command line. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/assessment.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

static const char *state_key(const judgement *j)
{
	return !j->assessed ? "not_assessed" : j->met ? "met" : "not_met";
}

static const char *state_box(const judgement *j)
{
	return !j->assessed ? "[-]" : j->met ? "[x]" : "[ ]";
}

/* Pads text with spaces to width terminal columns (Vietnamese letters are one column each). */
static void add_padded(strbuf *b, const char *text, int width)
{
	sb_add(b, text);
	for (int w = text_width(text); w < width; w++)
		sb_addc(b, ' ');
}

static void print_group_counts(const checklist *cl, const criteria_group *g)
{
	int n = 0, met[STAGE_COUNT] = { 0 };
	for (size_t i = 0; i < cl->n; i++) {
		if (cl->items[i].group != g)
			continue;
		n++;
		for (int s = 0; s < STAGE_COUNT; s++)
			met[s] += cl->items[i].j[s].assessed && cl->items[i].j[s].met;
	}
	printf(_("\n%s. %s  (self %d/%d, appraisal %d/%d)\n"), g ? g->code : "?", g ? g->name : "",
	       met[STAGE_SELF], n, met[STAGE_APPRAISAL], n);
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
	printf(_("Year %d · %s%s · area type: %s\n"), cl->year, cl->set.name,
	       cl->set.illustrative ? _(" (illustrative)") : "", cl->area_type ? cl->area_type : _("not recorded"));
	for (int s = 0; s < STAGE_COUNT; s++) {
		sb_clear(&b);
		add_padded(&b, stage_label((stage)s), 14);
		printf(_("%s %2d/%zu met · %d required missing · %d without evidence\n"), b.s, cl->met[s],
		       cl->n, cl->required_missing[s], cl->without_evidence[s]);
	}
	if (cl->disagreements)
		printf(_("The stages disagree on %d criteria (marked ≠).\n"), cl->disagreements);
	printf(_("Eligible for the title: %s\n"), checklist_eligible(cl) ? _("yes")
	       : _("no (every required criterion must be met at appraisal)"));
	const criteria_group *group = NULL;
	for (size_t i = 0; i < cl->n; i++) {
		const checklist_item *it = &cl->items[i];
		if (it->group != group || i == 0) {
			group = it->group;
			print_group_counts(cl, group);
		}
		char value[64], appr[64], thr[96];
		judgement_value_text(it->crit, &it->j[STAGE_SELF], value, sizeof value);
		judgement_value_text(it->crit, &it->j[STAGE_APPRAISAL], appr, sizeof appr);
		thr[0] = '\0';
		if (it->crit->measure != MEASURE_YESNO)
			criterion_describe_threshold(it->crit, thr, sizeof thr);
		sb_clear(&b);
		sb_printf(&b, "  %-5s %s%s%s%s ", it->crit->code, state_box(&it->j[STAGE_SELF]),
			  state_box(&it->j[STAGE_APPRAISAL]), it->disagree ? "≠" : " ",
			  (it->j[STAGE_SELF].assessed && !it->j[STAGE_SELF].evidence) ||
			  (it->j[STAGE_APPRAISAL].assessed && !it->j[STAGE_APPRAISAL].evidence) ? "*" : " ");
		add_padded(&b, it->crit->name, 50);
		if (*value || *appr) {
			sb_printf(&b, "  %s", *value ? value : "-");
			if (*appr && strcmp(appr, value) != 0)
				sb_printf(&b, " → %s", appr);
		}
		if (*thr)
			sb_printf(&b, "  (%s)", thr);
		if (it->org)
			sb_printf(&b, "  [%s]", it->org);
		puts(b.s);
	}
	puts(_("\n[x] met  [ ] not met  [-] not assessed · left: self-assessment, right: appraisal · "
	       "≠ the stages disagree · * no evidence"));
	sb_free(&b);
}

static void csv_number(strbuf *b, const judgement *j)
{
	if (j->assessed && j->has_value)
		sb_printf(b, "%.10g", j->value);
}

static void print_village_csv(const checklist *cl)
{
	puts("code,group,name,measure,self_state,self_value,appraisal_state,appraisal_value,"
	     "self_evidence,appraisal_evidence,org");
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
		for (int st = 0; st < STAGE_COUNT; st++) {
			sb_addc(&b, ',');
			if (it->j[st].evidence)
				sb_add_csv(&b, it->j[st].evidence);
		}
		sb_addc(&b, ',');
		if (it->org)
			sb_add_csv(&b, it->org);
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
		bool eligible = checklist_eligible(&cl);
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
			strbuf b;
			sb_init(&b);
			add_padded(&b, kids[i].code, 10);
			sb_addc(&b, ' ');
			add_padded(&b, kids[i].name, 24);
			sb_printf(&b, " %2d/%-2zu   %2d/%-2zu   %s", cl.met[STAGE_SELF], cl.n,
				  cl.met[STAGE_APPRAISAL], cl.n, eligible ? _("eligible") : "");
			puts(b.s);
			sb_free(&b);
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
			if (cli_parse_format(optarg, &csv))
				return 1;
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
		{
			strbuf h;
			sb_init(&h);
			sb_printf(&h, _("%s · year %d\n"), v.name, year);
			add_padded(&h, _("Code"), 10);
			sb_addc(&h, ' ');
			add_padded(&h, _("Village"), 24);
			sb_addc(&h, ' ');
			add_padded(&h, _("Self"), 7);
			sb_addc(&h, ' ');
			add_padded(&h, _("Appr"), 7);
			sb_printf(&h, " %s", _("Eligible"));
			puts(h.s);
			sb_free(&h);
		}
		if (print_villages(a, id, year, csv, &count) < 0)
			rc = cli_db_error(a);
	}
	area_free(&v);
	return rc;
}

/* tick and assess: the same judgement, with tick's shortcuts (a yes/no criterion is met unless
 * --off) and assess's explicitness (a stage and a value or state are required). */
static int judge(app *a, int argc, char **argv, bool explicit)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "value", required_argument, NULL, 'v' },
		{ "stage", required_argument, NULL, 's' },
		{ "evidence", required_argument, NULL, 'e' },
		{ "off", no_argument, NULL, 'o' },
		{ "not-met", no_argument, NULL, 'o' },
		{ "met", no_argument, NULL, 'm' },
		{ "clear", no_argument, NULL, 'c' },
		{ 0, 0, 0, 0 },
	};
	const char *cmd = explicit ? "assess" : "tick";
	int year = cli_default_year(a), c, modes = 0;
	const char *value = NULL, *evidence = NULL;
	bool off = false, clear = false, stage_given = false;
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
		case 'm': modes++; break;
		case 'c': clear = true; modes++; break;
		case 'e': evidence = optarg; break;
		case 's': {
			int st = stage_from_key(optarg);
			if (st < 0)
				return cli_error(_("unknown stage \"%s\" (self or appraisal)"), optarg);
			stg = (stage)st;
			stage_given = true;
			break;
		}
		default:
			return cli_usage(cmd);
		}
	}
	if (optind != argc - 2 || modes > 1 || (explicit && (!stage_given || modes != 1)) ||
	    (clear && evidence))
		return cli_usage(cmd);
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
		if (!checklist_parse(&cl, crit, value, &j, err, sizeof err))
			rc = cli_error("%s \"%s\": %s", crit->code, value, err);
	} else if (crit->measure != MEASURE_YESNO && !off) {
		rc = cli_error(_("%s needs a value: --value V"), crit->code);
	} else {
		if (crit->measure != MEASURE_YESNO)
			rc = cli_error(_("%s is judged by its value: --value V"), crit->code);
		j.assessed = true;
		j.met = !off;
	}
	char *clean = evidence ? text_sanitize(evidence) : NULL;
	j.evidence = clean;
	if (rc == 0 && assessment_write(a->db, id, year, crit, stg, clear ? NULL : &j) < 0)
		rc = cli_db_error(a);
	free(clean);
	checklist_free(&cl);
	return rc;
}

int cmd_tick(app *a, int argc, char **argv)
{
	return judge(a, argc, argv, false);
}

int cmd_assess(app *a, int argc, char **argv)
{
	return judge(a, argc, argv, true);
}

/* "đạt 91%" / "chưa đánh giá": a history entry's state, for text and CSV. */
static void history_state(const criterion_def *c, bool assessed, bool met, bool has_value, double value,
			  bool csv, strbuf *b)
{
	if (csv) {
		sb_printf(b, "%s,", !assessed ? "not_assessed" : met ? "met" : "not_met");
		if (assessed && has_value)
			sb_printf(b, "%.10g", value);
		return;
	}
	if (!assessed) {
		sb_add(b, _("not assessed"));
		return;
	}
	sb_add(b, met ? _("met") : _("not met"));
	char v[64] = "";
	judgement j = { .assessed = true, .has_value = has_value, .value = value };
	if (c)
		judgement_value_text(c, &j, v, sizeof v);
	if (*v)
		sb_printf(b, " %s", v);
}

int cmd_history(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ 0, 0, 0, 0 },
	};
	int year = 0, c;
	bool csv = false;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'y') {
			if ((year = cli_parse_year(optarg)) < 0)
				return 2;
		} else if (c == 'f') {
			if (cli_parse_format(optarg, &csv))
				return 1;
		} else {
			return cli_usage("history");
		}
	}
	if (optind != argc - 1 && optind != argc - 2)
		return cli_usage("history");
	int64_t id;
	if (area_resolve(a->db, argv[optind], &id) < 0)
		return cli_db_error(a);
	const char *code = optind == argc - 2 ? argv[optind + 1] : NULL;
	history_entry *e;
	size_t n;
	if (assessment_history(a->db, id, year, 0, &e, &n) < 0)
		return cli_db_error(a);
	if (csv)
		puts("changed_at,changed_by,year,criterion,stage,old_state,old_value,new_state,new_value,"
		     "old_evidence,new_evidence");
	/* Criteria for formatting values: the set of each entry's year, loaded as needed. */
	checklist cl = { 0 };
	bool have = false;
	strbuf b;
	sb_init(&b);
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (code && strcasecmp(code, e[i].code) != 0)
			continue;
		if (!have || cl.year != e[i].year) {
			if (have)
				checklist_free(&cl);
			have = checklist_load(a->db, id, e[i].year, &cl) == 0;
		}
		const criterion_def *crit = NULL;
		for (size_t k = 0; have && k < cl.n; k++)
			if (cl.items[k].crit->id == e[i].criterion_id)
				crit = cl.items[k].crit;
		sb_clear(&b);
		if (csv) {
			sb_printf(&b, "%s,", e[i].at);
			sb_add_csv(&b, e[i].by);
			sb_printf(&b, ",%d,", e[i].year);
			sb_add_csv(&b, e[i].code);
			sb_printf(&b, ",%s,", stage_key(e[i].stage));
			history_state(crit, e[i].old_assessed, e[i].old_met, e[i].old_has_value, e[i].old_value, true, &b);
			sb_addc(&b, ',');
			history_state(crit, e[i].new_assessed, e[i].new_met, e[i].new_has_value, e[i].new_value, true, &b);
			sb_addc(&b, ',');
			if (e[i].old_evidence)
				sb_add_csv(&b, e[i].old_evidence);
			sb_addc(&b, ',');
			if (e[i].new_evidence)
				sb_add_csv(&b, e[i].new_evidence);
		} else {
			char when[32];
			sb_printf(&b, "%s  %-10s %d  %-5s %s: ", vn_format_timestamp(e[i].at, when, sizeof when),
				  e[i].by, e[i].year, e[i].code, stage_label(e[i].stage));
			history_state(crit, e[i].old_assessed, e[i].old_met, e[i].old_has_value, e[i].old_value, false, &b);
			sb_add(&b, " → ");
			history_state(crit, e[i].new_assessed, e[i].new_met, e[i].new_has_value, e[i].new_value, false, &b);
			bool ev_changed = (e[i].old_evidence == NULL) != (e[i].new_evidence == NULL) ||
				(e[i].old_evidence && e[i].new_evidence && strcmp(e[i].old_evidence, e[i].new_evidence));
			if (ev_changed)
				sb_printf(&b, _("; evidence: %s"), e[i].new_evidence ? e[i].new_evidence : _("(removed)"));
		}
		puts(b.s);
		shown++;
	}
	if (!csv && shown == 0)
		puts(_("No change recorded."));
	if (have)
		checklist_free(&cl);
	sb_free(&b);
	history_free(e, n);
	return 0;
}

int cmd_org(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { "default", no_argument, NULL, 'd' }, { 0, 0, 0, 0 } };
	bool reset = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage("org");
		reset = true;
	}
	int rest = argc - optind;
	if (rest < 2 || rest > 3 || (reset && rest == 3))
		return cli_usage("org");
	int64_t id;
	if (area_resolve(a->db, argv[optind], &id) < 0)
		return cli_db_error(a);
	checklist cl;
	if (checklist_load(a->db, id, cli_default_year(a), &cl) < 0)
		return cli_db_error(a);
	int i = checklist_find(&cl, argv[optind + 1]);
	int rc = 0;
	if (i < 0)
		rc = cli_error(_("no criterion \"%s\" in the current criteria set"), argv[optind + 1]);
	else if (rest == 3 || reset) {
		if (assessment_set_org(a->db, id, cl.items[i].crit, reset ? NULL : argv[optind + 2]) < 0)
			rc = cli_db_error(a);
	} else {
		printf("%s%s\n", cl.items[i].org ? cl.items[i].org : _("none"),
		       cl.items[i].org_overridden ? _(" (set for this area)") : "");
	}
	checklist_free(&cl);
	return rc;
}
