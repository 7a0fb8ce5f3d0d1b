#include "config.h"
/* The worklist: each kind of item with its boundaries (exactly the allowed delay is not late, one
 * day more is), what keeps an area off the list (a revoked recognition, a linked commendation, a
 * re-check done, missing evidence), the order, and the scope. Fixtures are written directly in
 * the tables, with bound parameters; eligibility through assessment_write. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/criteria.h"
#include "domain/worklist.h"
#include "helpers.h"
#include "util/strbuf.h"

#define YEAR 2025
#define TODAY "2025-12-01"

static const work_settings S = { 30, 30 };
static work_item *w;
static size_t n;

static void setup(void)
{
	tdb_setup();
	w = NULL;
	n = 0;
}

static void teardown(void)
{
	worklist_free(w, n);
	w = NULL;
	n = 0;
	tdb_teardown();
}

TestSuite(worklist, .init = setup, .fini = teardown);

/* ---- fixtures ---- */

/* Runs sql with the given parameters: 'i' an int64_t, 's' a string (NULL binds NULL). */
static void exec(const char *sql, const char *types, ...)
{
	sqlite3 *h = db_handle(tdb);
	sqlite3_stmt *st = NULL;
	cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(h));
	va_list ap;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 'i') {
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
		} else {
			const char *s = va_arg(ap, const char *);
			if (s)
				sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT);
		}
	}
	va_end(ap);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	cr_assert_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(h));
}

static void reg(int64_t area_id, int64_t year, const char *on)
{
	exec("INSERT INTO registration(area_id, year, title, registered_on, recorded_by, recorded_at) "
	     "VALUES (?1, ?2, 'exemplary', ?3, 'test', '2025-01-01T00:00:00Z')", "iis", area_id, year, on);
}

static void step(int64_t area_id, int64_t year, const char *which, const char *on)
{
	exec("INSERT INTO cycle_step(area_id, year, step, done_on, done_by, recorded_at) "
	     "VALUES (?1, ?2, ?3, ?4, 'test', '2025-01-01T00:00:00Z')", "iiss", area_id, year, which, on);
}

static int64_t next_id = 1000;

/* A recognition; revoked_on NULL if in force. Returns its id. */
static int64_t recog(int64_t area_id, int64_t year, const char *date, const char *revoked_on)
{
	int64_t id = next_id++;
	exec("INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date, "
	     "revoked_decision_no, revoked_on, revoke_reason) "
	     "VALUES (?1, ?2, ?3, 'exemplary', 'district', 'QĐ-1', ?4, ?5, ?6, ?7)", "iiissss",
	     id, area_id, year, date, revoked_on ? "QĐ-2" : NULL, revoked_on, revoked_on ? "test" : NULL);
	return id;
}

/* A commendation; recognition 0 for none. */
static void award(int64_t area_id, const char *kind, const char *date, int64_t recognition)
{
	sqlite3 *h = db_handle(tdb);
	sqlite3_stmt *st = NULL;
	cr_assert_eq(sqlite3_prepare_v2(h,
		"INSERT INTO award(id, recipient_kind, recipient, area_id, form, level, decision_no, "
		"decision_date, recognition_id, created_by, created_at, updated_by, updated_at) "
		"VALUES (?1, ?2, 'someone', ?3, 'Giấy khen', 'district', 'QĐ-9', ?4, ?5, 't', 'x', 't', 'x')",
		-1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
	sqlite3_bind_int64(st, 1, next_id++);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, area_id);
	sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
	if (recognition)
		sqlite3_bind_int64(st, 5, recognition);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	cr_assert_eq(rc, SQLITE_DONE, "award: %s", sqlite3_errmsg(h));
}

static void recheck(int64_t area_id, int64_t year, const char *on)
{
	exec("INSERT INTO recheck(area_id, year, result, checked_on, recorded_by, recorded_at) "
	     "VALUES (?1, ?2, 'maintained', ?3, 'test', '2025-01-01T00:00:00Z')", "iis", area_id, year, on);
}

/* Judges every criterion of the year's set met at appraisal, with evidence; except that
 * skip_evidence (a criterion code, or NULL) gets none. Returns whether the village's checklist is
 * then eligible by checklist_eligible alone. */
static bool judge_all(int64_t area_id, int year, bool with_evidence_everywhere)
{
	checklist cl;
	cr_assert_eq(checklist_load(tdb, area_id, year, &cl), 0, "%s", db_error(tdb));
	cr_assert(cl.has_set && cl.n > 0, "no criteria set for %d", year);
	bool skipped = false;
	for (size_t i = 0; i < cl.n; i++) {
		const criterion_def *c = cl.items[i].crit;
		judgement j = { .assessed = true, .met = true, .evidence = (char *)"Biên bản thẩm định" };
		if (c->measure != MEASURE_YESNO) {
			/* A value that meets the threshold (the checklist judges values itself). */
			double tries[] = { c->threshold, c->threshold + 1, c->threshold - 1, 0, 100,
					   c->nlevels ? c->nlevels - 1 : 0 };
			j.has_value = true;
			j.value = tries[0];
			for (size_t k = 0; k < sizeof tries / sizeof *tries; k++)
				if (tries[k] >= 0 && criterion_met_by(c, tries[k], cl.area_type)) {
					j.value = tries[k];
					break;
				}
		}
		if (!with_evidence_everywhere && !skipped && c->required) {
			j.evidence = NULL;
			skipped = true;
		}
		cr_assert_eq(assessment_write(tdb, area_id, year, c, STAGE_APPRAISAL, &j), 0, "%s: %s", c->code,
			     db_error(tdb));
	}
	cr_assert(with_evidence_everywhere || skipped, "no required criterion in the set");
	checklist_free(&cl);
	cr_assert_eq(checklist_load(tdb, area_id, year, &cl), 0, "%s", db_error(tdb));
	bool ok = checklist_eligible(&cl);
	checklist_free(&cl);
	return ok;
}

static void build(int64_t scope, int year, const char *today)
{
	worklist_free(w, n);
	w = NULL;
	n = 0;
	cr_assert_eq(worklist_build(tdb, scope, year, today, &S, &w, &n), 0, "%s", db_error(tdb));
}

static char *code_of(int64_t id)
{
	area a;
	cr_assert_eq(area_get(tdb, id, &a), 0, "%s", db_error(tdb));
	char *code = strdup(a.code);
	area_free(&a);
	return code;
}

/* Item i is (kind, area, since, days, days_late). */
static void expect_item(size_t i, work_kind kind, int64_t area_id, const char *since, int days, int late)
{
	cr_assert_lt(i, n, "item %zu missing (only %zu)", i, n);
	const work_item *it = &w[i];
	cr_expect_eq(it->kind, kind, "item %zu: kind %s, expected %s", i, work_kind_key(it->kind),
		     work_kind_key(kind));
	cr_expect_eq(it->area_id, area_id, "item %zu (%s): area %s", i, work_kind_key(kind), it->area_path);
	cr_expect_eq(it->year, YEAR, "item %zu: year %d", i, it->year);
	if (since)
		cr_expect(it->since && strcmp(it->since, since) == 0, "item %zu (%s): since %s, expected %s",
			  i, it->area_path, it->since ? it->since : "(none)", since);
	else
		cr_expect_null(it->since, "item %zu (%s): since %s, expected none", i, it->area_path, it->since);
	cr_expect_eq(it->days, days, "item %zu (%s): %d days, expected %d", i, it->area_path, it->days, days);
	cr_expect_eq(it->days_late, late, "item %zu (%s): %d late, expected %d", i, it->area_path,
		     it->days_late, late);
}

static void dump_list(void)
{
	for (size_t i = 0; i < n; i++)
		cr_log_info("%zu %s %s %s %d %d", i, work_kind_key(w[i].kind), w[i].area_path,
			    w[i].since ? w[i].since : "-", w[i].days, w[i].days_late);
}

/* ---- tests ---- */

Test(worklist, keys_and_labels)
{
	static const char *const keys[WORK_KIND_COUNT] = { "not_self_assessed", "not_appraised",
		"not_recognised", "not_commended", "recheck_due" };
	for (int k = 0; k < WORK_KIND_COUNT; k++) {
		cr_expect_str_eq(work_kind_key((work_kind)k), keys[k]);
		cr_expect(*work_kind_label((work_kind)k), "kind %d has no label", k);
	}
}

Test(worklist, empty)
{
	build(0, YEAR, TODAY);
	cr_expect_eq(n, 0);
	build(tdb_area("Lạc Xuân"), YEAR, TODAY);
	cr_expect_eq(n, 0);
}

Test(worklist, bad_arguments)
{
	cr_expect_eq(worklist_build(tdb, 0, YEAR, "01/12/2025", &S, &w, &n), -1);
	cr_expect_eq(worklist_build(tdb, 0, 1800, TODAY, &S, &w, &n), -1);
	cr_expect_eq(worklist_build(tdb, 987654321, YEAR, TODAY, &S, &w, &n), -1, "an unknown scope");
	cr_expect_eq(n, 0);
}

/* The whole picture: every kind, with what must stay off the list, in order. */
Test(worklist, every_kind_exact)
{
	int64_t t1 = tdb_add_village("Lạc Xuân", "Thôn 1");
	int64_t t2 = tdb_add_village("Lạc Xuân", "Thôn 2");
	int64_t t3 = tdb_add_village("Lạc Xuân", "Thôn 3");
	int64_t t4 = tdb_add_village("Lạc Xuân", "Thôn 4");
	int64_t t5 = tdb_add_village("Lạc Xuân", "Thôn 5");
	int64_t t6 = tdb_add_village("Lạc Xuân", "Thôn 6");
	int64_t t7 = tdb_add_village("Lạc Xuân", "Thôn 7");
	int64_t t8 = tdb_add_village("Lạc Xuân", "Thôn 8");
	int64_t t9 = tdb_add_village("Lạc Xuân", "Thôn 9");
	int64_t t10 = tdb_add_village("Lạc Xuân", "Thôn 10");
	int64_t t11 = tdb_add_village("Lạc Xuân", "Thôn 11");
	int64_t t12 = tdb_add_village("Lạc Xuân", "Thôn 12");
	int64_t t13 = tdb_add_village("Lạc Xuân", "Thôn 13");
	int64_t t14 = tdb_add_village("Lạc Xuân", "Thôn 14");
	int64_t t15 = tdb_add_village("Lạc Xuân", "Thôn 15");
	int64_t k1 = tdb_add_village("Ka Đô", "Thôn 1");

	/* Not self-assessed: due, never late; the longest waiting first. */
	reg(t1, YEAR, "2025-10-01");                       /* 61 days */
	reg(t2, YEAR, "2025-11-01");                       /* 30 days */
	reg(k1, YEAR, "2025-09-01");                       /* another commune: 91 days */
	reg(t15, YEAR - 1, "2024-10-01");                  /* another year: not listed */
	/* Not appraised: exactly 30 days is in time; 31 is one day late. */
	reg(t3, YEAR, "2025-09-01");
	step(t3, YEAR, "self_assessed", "2025-11-01");     /* 30 days: not listed */
	reg(t4, YEAR, "2025-09-01");
	step(t4, YEAR, "self_assessed", "2025-10-31");     /* 31 days: late by 1 */
	reg(t5, YEAR, "2025-09-01");
	step(t5, YEAR, "self_assessed", "2025-09-01");
	step(t5, YEAR, "appraised", "2025-11-21");         /* appraised: not in "not appraised" */
	/* Eligible with evidence, no recognition: listed since the appraisal (10 days). */
	cr_assert(judge_all(t5, YEAR, true));
	/* Eligible by the criteria, but a required one has no evidence: not listed. */
	cr_assert(judge_all(t6, YEAR, false));
	/* Eligible, not even appraised as a step: listed, undated. */
	cr_assert(judge_all(t7, YEAR, true));
	reg(t7, YEAR, "2025-03-01");
	step(t7, YEAR, "self_assessed", "2025-11-20");     /* 11 days: not late */
	/* Eligible but not registered: recognition would be refused, so not a candidate. */
	int64_t t16 = tdb_add_village("Lạc Xuân", "Thôn 16");
	cr_assert(judge_all(t16, YEAR, true));
	/* Eligible but recognised (then revoked): not in "not recognised". */
	cr_assert(judge_all(t8, YEAR, true));
	recog(t8, YEAR, "2025-10-01", "2025-11-15");
	/* Recognised 47 days ago, no commendation: late by 17. */
	recog(t9, YEAR, "2025-10-15", NULL);
	/* Exactly 30 days: in time. */
	recog(t10, YEAR, "2025-11-01", NULL);
	/* A commendation linked to the recognition: done. */
	int64_t r11 = recog(t11, YEAR, "2025-09-01", NULL);
	award(t11, "household", "2025-09-20", r11);
	/* The area commended after the decision, not linked: done too. */
	recog(t12, YEAR, "2025-09-01", NULL);
	award(t12, "area", "2025-09-01", 0);
	/* A household commended, not linked, and the area's own commendation before the decision:
	 * still not commended (91 days, 61 late). */
	recog(t13, YEAR, "2025-09-01", NULL);
	award(t13, "household", "2025-10-01", 0);
	award(t13, "area", "2025-08-31", 0);
	/* Re-checks: recognised earlier and in force, not re-checked this year. */
	recog(t14, YEAR - 2, "2023-12-01", NULL);          /* due */
	recog(t15, YEAR - 1, "2024-12-01", NULL);
	recheck(t15, YEAR, "2025-06-01");                  /* done */
	recog(t1, YEAR - 1, "2024-12-01", "2025-02-01");   /* revoked: none due */
	/* A revoked recognition of this year is not waiting for a commendation either. */
	recog(t3, YEAR, "2025-09-01", "2025-10-01");

	int64_t lx = tdb_area("Lạc Xuân");
	build(lx, YEAR, TODAY);
	dump_list();
	size_t i = 0;
	expect_item(i++, WORK_NOT_SELF_ASSESSED, t1, "2025-10-01", 61, 0);
	expect_item(i++, WORK_NOT_SELF_ASSESSED, t2, "2025-11-01", 30, 0);
	expect_item(i++, WORK_NOT_APPRAISED, t4, "2025-10-31", 31, 1);
	expect_item(i++, WORK_NOT_RECOGNISED, t5, "2025-11-21", 10, 0);
	expect_item(i++, WORK_NOT_RECOGNISED, t7, NULL, 0, 0);
	expect_item(i++, WORK_NOT_COMMENDED, t13, "2025-09-01", 91, 61);
	expect_item(i++, WORK_NOT_COMMENDED, t9, "2025-10-15", 47, 17);
	expect_item(i++, WORK_RECHECK_DUE, t14, NULL, 0, 0);
	cr_expect_eq(n, i, "%zu items, expected %zu", n, i);

	/* Codes and paths below the province. */
	char *code = code_of(t1);
	cr_expect_str_eq(w[0].area_code, code);
	free(code);
	cr_expect_str_eq(w[0].area_path, "Đơn Dương › Lạc Xuân › Thôn 1");
	cr_expect_str_eq(w[2].area_path, "Đơn Dương › Lạc Xuân › Thôn 4");

	/* Everywhere: the other commune's village comes in, first (91 days). */
	build(0, YEAR, TODAY);
	cr_assert_eq(n, 9);
	expect_item(0, WORK_NOT_SELF_ASSESSED, k1, "2025-09-01", 91, 0);
	cr_expect_str_eq(w[0].area_path, "Đơn Dương › Ka Đô › Thôn 1");
	expect_item(1, WORK_NOT_SELF_ASSESSED, t1, "2025-10-01", 61, 0);

	/* The district, and the village itself, as scopes. */
	build(tdb_area("Đơn Dương"), YEAR, TODAY);
	cr_expect_eq(n, 9);
	build(tdb_area("Ka Đô"), YEAR, TODAY);
	cr_assert_eq(n, 1);
	expect_item(0, WORK_NOT_SELF_ASSESSED, k1, "2025-09-01", 91, 0);
	build(t9, YEAR, TODAY);
	cr_assert_eq(n, 1);
	expect_item(0, WORK_NOT_COMMENDED, t9, "2025-10-15", 47, 17);
	cr_expect_str_eq(w[0].area_path, "Đơn Dương › Lạc Xuân › Thôn 9");
}

Test(worklist, appraisal_boundary_moves_with_today_and_settings)
{
	int64_t v = tdb_add_village("Lạc Xuân", "Thôn 1");
	reg(v, YEAR, "2025-09-01");
	step(v, YEAR, "self_assessed", "2025-11-01");
	/* 30 days: in time; the list has nothing. */
	build(0, YEAR, "2025-12-01");
	cr_expect_eq(n, 0);
	/* One more day: one day late. */
	build(0, YEAR, "2025-12-02");
	cr_assert_eq(n, 1);
	expect_item(0, WORK_NOT_APPRAISED, v, "2025-11-01", 31, 1);
	/* A shorter allowed delay from the settings. */
	work_settings s = { 10, 30 };
	worklist_free(w, n);
	cr_assert_eq(worklist_build(tdb, 0, YEAR, "2025-11-11", &s, &w, &n), 0);
	cr_expect_eq(n, 0, "exactly 10 days");
	worklist_free(w, n);
	cr_assert_eq(worklist_build(tdb, 0, YEAR, "2025-11-12", &s, &w, &n), 0);
	cr_assert_eq(n, 1);
	expect_item(0, WORK_NOT_APPRAISED, v, "2025-11-01", 11, 1);
	/* Appraised: off the list. */
	step(v, YEAR, "appraised", "2025-12-03");
	build(0, YEAR, "2025-12-10");
	cr_expect_eq(n, 0);
}

Test(worklist, commendation_boundary)
{
	int64_t v = tdb_add_village("Lạc Xuân", "Thôn 1");
	int64_t r = recog(v, YEAR, "2025-11-01", NULL);
	build(0, YEAR, "2025-12-01");
	cr_expect_eq(n, 0, "exactly 30 days after the decision: in time");
	build(0, YEAR, "2025-12-02");
	cr_assert_eq(n, 1);
	expect_item(0, WORK_NOT_COMMENDED, v, "2025-11-01", 31, 1);
	award(v, "person", "2025-12-05", r);
	build(0, YEAR, "2025-12-10");
	cr_expect_eq(n, 0, "a linked commendation");
}

Test(worklist, revoked_not_commended)
{
	int64_t v = tdb_add_village("Lạc Xuân", "Thôn 1");
	recog(v, YEAR, "2025-06-01", "2025-07-01");
	build(0, YEAR, TODAY);
	cr_expect_eq(n, 0, "a revoked recognition waits for no commendation");
}

Test(worklist, recheck_not_for_a_future_year)
{
	int64_t v = tdb_add_village("Lạc Xuân", "Thôn 1");
	recog(v, YEAR - 1, "2024-12-01", NULL);
	build(0, YEAR, "2024-12-31");
	cr_expect_eq(n, 0, "2025 has not begun");
	build(0, YEAR, "2025-01-01");
	cr_assert_eq(n, 1);
	expect_item(0, WORK_RECHECK_DUE, v, NULL, 0, 0);
	/* The year of the recognition itself: nothing to re-check. */
	build(0, YEAR - 1, "2025-01-01");
	cr_expect_eq(n, 1);
	cr_expect_eq(w[0].kind, WORK_NOT_COMMENDED, "the 2024 recognition is not commended");
	cr_expect_eq(w[0].year, YEAR - 1);
	recheck(v, YEAR, "2025-03-01");
	build(0, YEAR, "2025-04-01");
	cr_expect_eq(n, 0);
}

/* Equal waiting: by the tree's order ("Thôn 2" before "Thôn 10", D'Ran before Đạ Ròn). */
Test(worklist, order_by_days_then_tree)
{
	int64_t a10 = tdb_add_village("Lạc Xuân", "Thôn 10");
	int64_t a2 = tdb_add_village("Lạc Xuân", "Thôn 2");
	int64_t dr = tdb_add_village("Đạ Ròn", "Thôn 1");
	int64_t dn = tdb_add_village("D'Ran", "Tổ dân phố 1");
	int64_t old = tdb_add_village("Tu Tra", "Thôn 1");
	reg(a10, YEAR, "2025-11-01");
	reg(a2, YEAR, "2025-11-01");
	reg(dr, YEAR, "2025-11-01");
	reg(dn, YEAR, "2025-11-01");
	reg(old, YEAR, "2025-10-01");
	build(0, YEAR, TODAY);
	cr_assert_eq(n, 5);
	expect_item(0, WORK_NOT_SELF_ASSESSED, old, "2025-10-01", 61, 0);
	expect_item(1, WORK_NOT_SELF_ASSESSED, dn, "2025-11-01", 30, 0);
	expect_item(2, WORK_NOT_SELF_ASSESSED, dr, "2025-11-01", 30, 0);
	expect_item(3, WORK_NOT_SELF_ASSESSED, a2, "2025-11-01", 30, 0);
	expect_item(4, WORK_NOT_SELF_ASSESSED, a10, "2025-11-01", 30, 0);
	/* Self-assessed: off this kind. */
	step(old, YEAR, "self_assessed", "2025-11-30");
	build(0, YEAR, TODAY);
	cr_expect_eq(n, 4);
}

/* Once recognised, the eligible village leaves "not recognised"; its evidence matters. */
Test(worklist, eligibility_needs_evidence)
{
	int64_t v = tdb_add_village("Lạc Xuân", "Thôn 1");
	reg(v, YEAR, "2025-03-01");
	step(v, YEAR, "self_assessed", "2025-11-25");
	cr_assert(judge_all(v, YEAR, false));
	build(0, YEAR, TODAY);
	cr_expect_eq(n, 0, "a required criterion without evidence");
	checklist cl;
	cr_assert_eq(checklist_load(tdb, v, YEAR, &cl), 0);
	for (size_t i = 0; i < cl.n; i++)
		if (!cl.items[i].j[STAGE_APPRAISAL].evidence)
			cr_assert_eq(assessment_set_evidence(tdb, v, YEAR, cl.items[i].crit, STAGE_APPRAISAL,
							     "Ảnh chụp, biên bản"), 0, "%s", db_error(tdb));
	checklist_free(&cl);
	build(0, YEAR, TODAY);
	cr_assert_eq(n, 1);
	expect_item(0, WORK_NOT_RECOGNISED, v, NULL, 0, 0);
	recog(v, YEAR, "2025-11-20", NULL);
	build(0, YEAR, TODAY);
	cr_expect_eq(n, 0);
}
