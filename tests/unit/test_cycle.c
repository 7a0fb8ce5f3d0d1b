#include "config.h"
/* The yearly recognition cycle: registration, steps in order and in date order, recognition only
 * with every required criterion met at appraisal with evidence, revocation, re-check, and the
 * history of titles. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/criteria.h"
#include "domain/cycle.h"
#include "helpers.h"
#include "util/strbuf.h"

#define YEAR 2024

static int64_t village;
static criteria_set set;    /* the set of YEAR, as stored */

static void setup(void)
{
	cr_assert_eq(setenv("KIEUMAU_TODAY", "2025-12-31", 1), 0);
	tdb_setup();
	village = tdb_add_village("Lạc Xuân", "Thôn 1");
	int64_t set_id = 0;
	cr_assert_eq(criteria_set_for_year(tdb, YEAR, &set_id), 0);
	cr_assert_neq(set_id, 0);
	cr_assert_eq(criteria_load(tdb, set_id, &set), 0, "%s", db_error(tdb));
}

static void teardown(void)
{
	criteria_set_free(&set);
	tdb_teardown();
}

TestSuite(cycle, .init = setup, .fini = teardown);

/* ---- helpers ---- */

#define OK(call) cr_assert_eq((call), 0, "%s", db_error(tdb))
/* The call is refused, with a message containing what. */
#define REFUSED(call, what) do { \
		cr_assert_eq((call), -1, "accepted: %s", #call); \
		cr_assert(strstr(db_error(tdb), (what)), "message \"%s\" lacks \"%s\"", db_error(tdb), (what)); \
	} while (0)

static void reg(int year, const char *date)
{
	OK(cycle_register(tdb, village, year, TITLE_MODEL, date, "đăng ký"));
}

static void all_steps(int year)
{
	OK(cycle_step_done(tdb, village, year, STEP_SELF_ASSESSED, "2024-03-01", NULL));
	OK(cycle_step_done(tdb, village, year, STEP_APPRAISED, "2024-04-01", "xã thẩm định"));
	OK(cycle_step_done(tdb, village, year, STEP_INSPECTED, "2024-05-01", NULL));
}

/* Judges criterion c met at appraisal in year, with the given evidence (NULL: none). */
static void meet(const criterion_def *c, int year, const char *evidence)
{
	const char *text = c->measure == MEASURE_YESNO ? "đạt" : c->measure == MEASURE_COUNT ? "0"
		: c->measure == MEASURE_RATING ? c->levels[c->nlevels - 1] : "100";
	judgement j;
	char err[256] = "";
	cr_assert(assessment_parse(c, text, NULL, &j, err, sizeof err), "%s \"%s\": %s", c->code, text, err);
	cr_assert(j.met, "%s \"%s\" should be met", c->code, text);
	char ev[200];
	snprintf(ev, sizeof ev, "%s", evidence ? evidence : "");
	j.evidence = evidence ? ev : NULL;
	OK(assessment_write(tdb, village, year, c, STAGE_APPRAISAL, &j));
}

/* Every required criterion met at appraisal with evidence, except skip (a code, or NULL). */
static void meet_all(int year, const char *skip)
{
	for (size_t i = 0; i < set.ncriteria; i++)
		if (set.criteria[i].required && !(skip && strcmp(skip, set.criteria[i].code) == 0))
			meet(&set.criteria[i], year, "Biên bản thẩm định số 5");
}

static size_t required_count(void)
{
	size_t n = 0;
	for (size_t i = 0; i < set.ncriteria; i++)
		n += set.criteria[i].required;
	return n;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const criterion_def *crit(const char *code)
{
	for (size_t i = 0; i < set.ncriteria; i++)
		if (strcmp(set.criteria[i].code, code) == 0)
			return &set.criteria[i];
	cr_assert_fail("no criterion %s", code);
	return NULL;
}

/* ---- keys and labels ---- */

Test(cycle, keys_and_labels)
{
	cr_expect_eq(title_from_key("model"), TITLE_MODEL);
	cr_expect_eq(title_from_key("exemplary"), TITLE_EXEMPLARY);
	cr_expect_eq(title_from_key("kieu-mau"), -1);
	cr_expect_eq(title_from_key(NULL), -1);
	cr_expect_eq(step_from_key("self-assessed"), STEP_SELF_ASSESSED);
	cr_expect_eq(step_from_key("self_assessed"), STEP_SELF_ASSESSED);
	cr_expect_eq(step_from_key("inspected"), STEP_INSPECTED);
	cr_expect_eq(step_from_key("inspect"), -1);
	cr_expect_eq(recheck_from_key("not-maintained"), RECHECK_NOT_MAINTAINED);
	cr_expect_eq(recheck_from_key("not_maintained"), RECHECK_NOT_MAINTAINED);
	cr_expect_eq(recog_level_from_key("province"), LEVEL_PROVINCE);
	cr_expect_eq(recog_level_from_key("commune"), -1);
	cr_expect_str_eq(step_key(STEP_APPRAISED), "appraised");
	cr_expect_str_eq(recheck_key(RECHECK_NOT_MAINTAINED), "not_maintained");
	cr_expect_str_eq(title_label(TITLE_MODEL), "model residential area");
	cr_expect_str_eq(title_label(TITLE_EXEMPLARY), "exemplary residential area");
	cr_expect_str_eq(step_label(STEP_SELF_ASSESSED), "self-assessment done");
	cr_expect_str_eq(step_label(STEP_APPRAISED), "commune appraisal done");
	cr_expect_str_eq(step_label(STEP_INSPECTED), "district inspection done");
	cr_expect_str_eq(recog_level_label(LEVEL_DISTRICT), "district level");
	cr_expect_str_eq(recheck_label(RECHECK_IMPROVED), "improved");
	cr_expect_str_eq(recheck_label(RECHECK_NOT_MAINTAINED), "not maintained");
}

/* ---- the whole cycle ---- */

Test(cycle, full_cycle_on_a_village)
{
	cycle c;
	OK(cycle_load(tdb, village, YEAR, &c));
	cr_expect_not(c.registered);
	cr_expect_eq(c.recognition.id, 0);
	cycle_free(&c);

	reg(YEAR, "2024-02-01");
	all_steps(YEAR);
	OK(cycle_load(tdb, village, YEAR, &c));
	cr_assert(c.registered);
	cr_expect_eq(c.title, TITLE_MODEL);
	cr_expect_str_eq(c.registered_on, "2024-02-01");
	cr_expect_str_eq(c.registration_note, "đăng ký");
	for (int s = 0; s < STEP_COUNT; s++) {
		cr_assert(c.steps[s].done, "step %d", s);
		cr_expect_str_eq(c.steps[s].done_by, db_user(tdb));
	}
	cr_expect_str_eq(c.steps[STEP_APPRAISED].done_on, "2024-04-01");
	cr_expect_str_eq(c.steps[STEP_APPRAISED].note, "xã thẩm định");
	cycle_free(&c);

	/* Nothing judged at appraisal: refused, every required criterion named. */
	strbuf miss;
	sb_init(&miss);
	OK(cycle_missing(tdb, village, YEAR, &miss));
	cr_expect_eq(count_lines(miss.s), required_count(), "%s", miss.s);
	int64_t id = 99;
	cr_assert_eq(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "12/QĐ-MTTQ", "2024-12-20",
				     NULL, &id), -1);
	cr_expect_eq(id, 0);
	const char *e = db_error(tdb);
	cr_expect(strncmp(e, "Cannot recognise:", 17) == 0, "%s", e);
	for (size_t i = 0; i < set.ncriteria; i++) {
		if (!set.criteria[i].required)
			continue;
		char line[300];
		snprintf(line, sizeof line, "%s %s: not assessed at appraisal", set.criteria[i].code,
			 set.criteria[i].name);
		cr_expect(strstr(e, line), "\"%s\" not in: %s", line, e);
	}
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM recognition"), 0);

	/* Judged at self-assessment only: still missing at appraisal. */
	judgement yes = { .assessed = true, .met = true, .evidence = (char *)"ảnh chụp" };
	OK(assessment_write(tdb, village, YEAR, crit("VH01"), STAGE_SELF, &yes));
	/* One criterion judged not met at appraisal. */
	judgement no = { .assessed = true, .met = false, .evidence = (char *)"biên bản" };
	OK(assessment_write(tdb, village, YEAR, crit("VH01"), STAGE_APPRAISAL, &no));
	OK(cycle_missing(tdb, village, YEAR, &miss));
	cr_expect(strstr(miss.s, "VH01 Nhà văn hóa và khu thể thao thôn: not met at appraisal"), "%s", miss.s);

	/* Everything met with evidence: eligible, recognised. */
	meet_all(YEAR, NULL);
	OK(cycle_missing(tdb, village, YEAR, &miss));
	cr_expect_str_eq(miss.s, "");
	OK(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "  12/QĐ-MTTQ ", "2024-12-20",
			   "Ủy ban MTTQ tỉnh Lâm Đồng", &id));
	cr_assert_neq(id, 0);
	OK(cycle_load(tdb, village, YEAR, &c));
	cr_expect_eq(c.recognition.id, id);
	cr_expect_eq(c.recognition.title, TITLE_MODEL);
	cr_expect_eq(c.recognition.level, LEVEL_PROVINCE);
	cr_expect_str_eq(c.recognition.decision_no, "12/QĐ-MTTQ");
	cr_expect_str_eq(c.recognition.decision_date, "2024-12-20");
	cr_expect_str_eq(c.recognition.issuer, "Ủy ban MTTQ tỉnh Lâm Đồng");
	cr_expect_not(c.recognition.revoked);
	cr_expect_eq(c.awards, 0);
	cycle_free(&c);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM recognition WHERE origin = 'user' "
			     "AND recorded_by IS NOT NULL AND recorded_at IS NOT NULL"), 1);

	/* Once recognised, the registration and steps are frozen. */
	REFUSED(cycle_step_undo(tdb, village, YEAR, STEP_INSPECTED), "recognised");
	REFUSED(cycle_unregister(tdb, village, YEAR), "recognised");
	REFUSED(cycle_register(tdb, village, YEAR, TITLE_EXEMPLARY, "2024-02-01", NULL), "recognised");

	/* The next year's re-check, re-recorded (it replaces). */
	OK(cycle_recheck(tdb, village, YEAR + 1, RECHECK_MAINTAINED, "2025-06-01", NULL));
	OK(cycle_recheck(tdb, village, YEAR + 1, RECHECK_IMPROVED, "2025-06-02", "thêm đèn đường"));
	OK(cycle_load(tdb, village, YEAR + 1, &c));
	cr_expect(c.recheck_done);
	cr_expect_eq(c.recheck, RECHECK_IMPROVED);
	cr_expect_str_eq(c.recheck_on, "2025-06-02");
	cr_expect_str_eq(c.recheck_note, "thêm đèn đường");
	cycle_free(&c);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM recheck"), 1);

	/* Revoked: a decision, a date not before the recognition, a reason. */
	REFUSED(cycle_revoke(tdb, village, YEAR, "", "2025-07-01", "vi phạm"), "decision");
	REFUSED(cycle_revoke(tdb, village, YEAR, "3/QĐ", "2025-07-01", "  "), "reason");
	REFUSED(cycle_revoke(tdb, village, YEAR, "3/QĐ", "2024-12-19", "vi phạm"), "before the recognition");
	REFUSED(cycle_revoke(tdb, village, YEAR - 1, "3/QĐ", "2025-07-01", "vi phạm"), "no recognition");
	OK(cycle_revoke(tdb, village, YEAR, "3/QĐ-MTTQ", "2025-07-01", "Không giữ vững tiêu chí"));
	OK(cycle_load(tdb, village, YEAR, &c));
	cr_expect(c.recognition.revoked);
	cr_expect_str_eq(c.recognition.revoked_decision_no, "3/QĐ-MTTQ");
	cr_expect_str_eq(c.recognition.revoked_on, "2025-07-01");
	cr_expect_str_eq(c.recognition.revoke_reason, "Không giữ vững tiêu chí");
	cycle_free(&c);
	REFUSED(cycle_revoke(tdb, village, YEAR, "4/QĐ", "2025-07-02", "lại"), "already revoked");
	/* A revoked title is no longer re-checked. */
	REFUSED(cycle_recheck(tdb, village, YEAR + 1, RECHECK_MAINTAINED, "2025-08-01", NULL),
		"earlier year");
	sb_free(&miss);
}

/* ---- refusals ---- */

Test(cycle, only_villages_and_valid_years)
{
	int64_t commune = tdb_area("Lạc Xuân");
	REFUSED(cycle_register(tdb, commune, YEAR, TITLE_MODEL, "2024-02-01", NULL),
		"villages and residential groups");
	REFUSED(cycle_register(tdb, village, 1899, TITLE_MODEL, "2024-02-01", NULL), "1900");
	REFUSED(cycle_register(tdb, village, 3000, TITLE_MODEL, "2024-02-01", NULL), "1900");
	strbuf m;
	sb_init(&m);
	cr_expect_eq(cycle_missing(tdb, commune, YEAR, &m), -1);
	sb_free(&m);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM registration"), 0);
}

Test(cycle, registration_changes_and_cancel)
{
	reg(YEAR, "2024-02-01");
	OK(cycle_register(tdb, village, YEAR, TITLE_EXEMPLARY, "2024-01-15", "  "));
	cycle c;
	OK(cycle_load(tdb, village, YEAR, &c));
	cr_expect_eq(c.title, TITLE_EXEMPLARY);
	cr_expect_str_eq(c.registered_on, "2024-01-15");
	cr_expect_null(c.registration_note);
	cycle_free(&c);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM registration"), 1);

	OK(cycle_step_done(tdb, village, YEAR, STEP_SELF_ASSESSED, "2024-03-01", NULL));
	/* Moving the registration after a step is refused. */
	REFUSED(cycle_register(tdb, village, YEAR, TITLE_MODEL, "2024-03-02", NULL), "after");
	REFUSED(cycle_unregister(tdb, village, YEAR), "undo");
	OK(cycle_step_undo(tdb, village, YEAR, STEP_SELF_ASSESSED));
	OK(cycle_unregister(tdb, village, YEAR));
	REFUSED(cycle_unregister(tdb, village, YEAR), "not registered");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM registration"), 0);
}

Test(cycle, steps_out_of_order_refused)
{
	REFUSED(cycle_step_done(tdb, village, YEAR, STEP_SELF_ASSESSED, "2024-03-01", NULL), "not registered");
	reg(YEAR, "2024-02-01");
	REFUSED(cycle_step_done(tdb, village, YEAR, STEP_APPRAISED, "2024-03-01", NULL), "in order");
	REFUSED(cycle_step_done(tdb, village, YEAR, STEP_INSPECTED, "2024-03-01", NULL), "in order");
	OK(cycle_step_done(tdb, village, YEAR, STEP_SELF_ASSESSED, "2024-03-01", NULL));
	REFUSED(cycle_step_done(tdb, village, YEAR, STEP_INSPECTED, "2024-03-01", NULL), "in order");
	OK(cycle_step_done(tdb, village, YEAR, STEP_APPRAISED, "2024-03-01", NULL));
	/* Undo from the last step back. */
	REFUSED(cycle_step_undo(tdb, village, YEAR, STEP_SELF_ASSESSED), "undo it");
	REFUSED(cycle_step_undo(tdb, village, YEAR, STEP_INSPECTED), "not recorded");
	OK(cycle_step_undo(tdb, village, YEAR, STEP_APPRAISED));
	OK(cycle_step_undo(tdb, village, YEAR, STEP_SELF_ASSESSED));
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM cycle_step"), 0);
}

Test(cycle, a_date_before_the_previous_step_refused)
{
	reg(YEAR, "2024-02-01");
	REFUSED(cycle_step_done(tdb, village, YEAR, STEP_SELF_ASSESSED, "2024-01-31", NULL),
		"before the registration");
	OK(cycle_step_done(tdb, village, YEAR, STEP_SELF_ASSESSED, "2024-03-10", NULL));
	REFUSED(cycle_step_done(tdb, village, YEAR, STEP_APPRAISED, "2024-03-09", NULL),
		"before \"self-assessment done\"");
	OK(cycle_step_done(tdb, village, YEAR, STEP_APPRAISED, "2024-03-10", NULL));   /* same day: fine */
	/* Re-dating a step after the next one is refused too. */
	REFUSED(cycle_step_done(tdb, village, YEAR, STEP_SELF_ASSESSED, "2024-03-11", NULL),
		"after \"commune appraisal done\"");
	cycle c;
	OK(cycle_load(tdb, village, YEAR, &c));
	cr_expect_str_eq(c.steps[STEP_SELF_ASSESSED].done_on, "2024-03-10");
	cycle_free(&c);
}

Test(cycle, future_and_malformed_dates_refused)
{
	cr_assert_eq(setenv("KIEUMAU_TODAY", "2024-06-15", 1), 0);
	REFUSED(cycle_register(tdb, village, YEAR, TITLE_MODEL, "2024-06-16", NULL), "after today");
	REFUSED(cycle_register(tdb, village, YEAR, TITLE_MODEL, "2024-02-30", NULL), "Invalid date");
	REFUSED(cycle_register(tdb, village, YEAR, TITLE_MODEL, "15/06/2024", NULL), "Invalid date");
	REFUSED(cycle_register(tdb, village, YEAR, TITLE_MODEL, "2024-6-1", NULL), "Invalid date");
	REFUSED(cycle_register(tdb, village, YEAR, TITLE_MODEL, "", NULL), "Invalid date");
	REFUSED(cycle_register(tdb, village, YEAR, TITLE_MODEL, NULL, NULL), "Invalid date");
	OK(cycle_register(tdb, village, YEAR, TITLE_MODEL, "2024-02-29", NULL));   /* leap day */
	OK(cycle_register(tdb, village, YEAR, TITLE_MODEL, "2024-06-15", NULL));   /* today */
	REFUSED(cycle_step_done(tdb, village, YEAR, STEP_SELF_ASSESSED, "2024-06-16", NULL), "after today");
	meet_all(YEAR, NULL);
	REFUSED(cycle_recognise(tdb, village, YEAR, LEVEL_DISTRICT, "1/QĐ", "2025-01-01", NULL, NULL),
		"after today");
	REFUSED(cycle_recognise(tdb, village, YEAR, LEVEL_DISTRICT, "1/QĐ", "2024-06-14", NULL, NULL),
		"before the registration");
	REFUSED(cycle_recognise(tdb, village, YEAR, LEVEL_DISTRICT, " ", "2024-06-15", NULL, NULL),
		"decision number");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM recognition"), 0);
	OK(cycle_recognise(tdb, village, YEAR, LEVEL_DISTRICT, "1/QĐ", "2024-06-15", NULL, NULL));
}

Test(cycle, recognise_without_evidence_refused)
{
	reg(YEAR, "2024-02-01");
	meet_all(YEAR, "MT06");
	meet(crit("MT06"), YEAR, NULL);
	meet(crit("DC01"), YEAR, NULL);   /* written again without evidence: the old one is kept */
	strbuf m;
	sb_init(&m);
	OK(cycle_missing(tdb, village, YEAR, &m));
	cr_expect_str_eq(m.s, "MT06 Biển báo đầu trục, cắm mốc hành lang: no evidence at appraisal\n");
	sb_free(&m);
	REFUSED(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "5/QĐ", "2024-12-01", NULL, NULL),
		"MT06 Biển báo đầu trục, cắm mốc hành lang: no evidence at appraisal");
	cr_expect_null(strstr(db_error(tdb), "DC01"), "%s", db_error(tdb));
	OK(assessment_set_evidence(tdb, village, YEAR, crit("MT06"), STAGE_APPRAISAL, "Ảnh biển báo"));
	OK(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "5/QĐ", "2024-12-01", NULL, NULL));
}

Test(cycle, not_registered_is_missing)
{
	meet_all(YEAR, NULL);
	strbuf m;
	sb_init(&m);
	OK(cycle_missing(tdb, village, YEAR, &m));
	cr_expect_str_eq(m.s, "not registered for 2024\n");
	sb_free(&m);
	REFUSED(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "5/QĐ", "2024-12-01", NULL, NULL),
		"not registered for 2024");
}

Test(cycle, recognise_twice_refused)
{
	reg(YEAR, "2024-02-01");
	meet_all(YEAR, NULL);
	int64_t id1 = 0;
	OK(cycle_recognise(tdb, village, YEAR, LEVEL_DISTRICT, "7/QĐ", "2024-11-01", NULL, &id1));
	REFUSED(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "8/QĐ", "2024-12-01", NULL, NULL),
		"Already recognised for 2024");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM recognition"), 1);
	/* Revoked: not recognised again for the same year and title. */
	OK(cycle_revoke(tdb, village, YEAR, "9/QĐ", "2024-12-02", "sai sót hồ sơ"));
	REFUSED(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "10/QĐ", "2024-12-03", NULL, NULL),
		"revoked");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM recognition"), 1);
}

Test(cycle, recheck_needs_an_earlier_recognition)
{
	REFUSED(cycle_recheck(tdb, village, YEAR, RECHECK_MAINTAINED, "2024-06-01", NULL), "earlier year");
	reg(YEAR, "2024-02-01");
	meet_all(YEAR, NULL);
	OK(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "5/QĐ", "2024-12-01", NULL, NULL));
	/* The same year's recognition is not an earlier one. */
	REFUSED(cycle_recheck(tdb, village, YEAR, RECHECK_MAINTAINED, "2024-12-15", NULL), "earlier year");
	REFUSED(cycle_recheck(tdb, village, YEAR + 1, RECHECK_MAINTAINED, "2024-11-30", NULL),
		"before the recognition");
	OK(cycle_recheck(tdb, village, YEAR + 1, RECHECK_NOT_MAINTAINED, "2025-12-01", NULL));
	/* Later years still refer back to it. */
	cr_assert_eq(setenv("KIEUMAU_TODAY", "2026-12-31", 1), 0);
	OK(cycle_recheck(tdb, village, YEAR + 2, RECHECK_MAINTAINED, "2026-12-01", NULL));
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM recheck"), 2);
}

Test(cycle, title_history_order_and_contents)
{
	title_event *ev;
	size_t n;
	OK(cycle_title_history(tdb, village, &ev, &n));
	cr_expect_eq(n, 0);
	title_events_free(ev, n);

	/* Recorded out of order: 2024 first, then 2023. */
	reg(YEAR, "2024-01-10");
	meet_all(YEAR, NULL);
	OK(cycle_recognise(tdb, village, YEAR, LEVEL_PROVINCE, "12/QĐ-MTTQ", "2024-12-20", NULL, NULL));
	OK(cycle_register(tdb, village, 2023, TITLE_EXEMPLARY, "2023-02-01", NULL));
	meet_all(2023, NULL);
	OK(cycle_recognise(tdb, village, 2023, LEVEL_DISTRICT, "4/QĐ-MTTQ", "2023-11-30",
			   "Ban Thường trực Ủy ban MTTQ huyện", NULL));
	OK(cycle_recheck(tdb, village, YEAR, RECHECK_MAINTAINED, "2024-03-01", NULL));
	OK(cycle_recheck(tdb, village, 2025, RECHECK_IMPROVED, "2025-05-05", "thêm cây xanh"));
	OK(cycle_revoke(tdb, village, YEAR, "2/QĐ-MTTQ", "2025-06-01", "Vi phạm tiêu chí an ninh"));

	OK(cycle_title_history(tdb, village, &ev, &n));
	static const struct { int year; const char *date; int kind; const char *text; } want[] = {
		{ 2023, "2023-02-01", EV_REGISTERED,
		  "2023: registered for the title of exemplary residential area on 01/02/2023" },
		{ 2023, "2023-11-30", EV_RECOGNISED,
		  "2023: recognised as exemplary residential area, district level, decision 4/QĐ-MTTQ of "
		  "30/11/2023 by Ban Thường trực Ủy ban MTTQ huyện" },
		{ 2024, "2024-01-10", EV_REGISTERED,
		  "2024: registered for the title of model residential area on 10/01/2024" },
		{ 2024, "2024-03-01", EV_RECHECKED, "2024: re-check of the title: maintained, on 01/03/2024" },
		{ 2024, "2024-12-20", EV_RECOGNISED,
		  "2024: recognised as model residential area, province level, decision 12/QĐ-MTTQ of 20/12/2024" },
		{ 2024, "2025-06-01", EV_REVOKED,
		  "2024: recognition revoked, decision 2/QĐ-MTTQ of 01/06/2025: Vi phạm tiêu chí an ninh" },
		{ 2025, "2025-05-05", EV_RECHECKED,
		  "2025: re-check of the title: improved, on 05/05/2025 (thêm cây xanh)" },
	};
	size_t nw = sizeof want / sizeof want[0];
	cr_assert_eq(n, nw, "%zu events", n);
	for (size_t i = 0; i < nw; i++) {
		cr_expect_eq(ev[i].year, want[i].year, "event %zu", i);
		cr_expect_str_eq(ev[i].date, want[i].date, "event %zu", i);
		cr_expect_eq((int)ev[i].kind, want[i].kind, "event %zu", i);
		cr_expect_str_eq(ev[i].text, want[i].text, "event %zu", i);
	}
	title_events_free(ev, n);
}
