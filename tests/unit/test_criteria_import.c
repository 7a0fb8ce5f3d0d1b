#include "config.h"
/* Importing criteria set files into the database, listing and finding sets, and binding years to
 * sets as a user's decision. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/criteria.h"
#include "helpers.h"
#include "util/strbuf.h"

#define KV_FILE "tests/fixtures/criteria-kv.ini"
#define OFFICIAL_FILE "tests/fixtures/criteria-official-2026.ini"
#define BAD_FILE "tests/fixtures/criteria-bad.ini"

TestSuite(criteria_import, .init = tdb_setup, .fini = tdb_teardown);

/* Imports a file of the source tree; returns criteria_import's result, errors in *errors. */
static int import(const char *rel, strbuf *errors, int64_t *id)
{
	char *path = test_join(test_srcdir(), rel);
	sb_init(errors);
	int rc = criteria_import(tdb, path, errors, id);
	free(path);
	return rc;
}

/* Imports a file that must import cleanly; returns the new set's id. */
static int64_t import_ok(const char *rel)
{
	strbuf errors;
	int64_t id = 0;
	int rc = import(rel, &errors, &id);
	cr_assert_eq(rc, 0, "import %s: %s\n%s", rel, db_error(tdb), errors.s ? errors.s : "");
	cr_expect_eq(errors.len, 0, "import %s reported: %s", rel, errors.s);
	cr_assert_neq(id, 0);
	sb_free(&errors);
	return id;
}

static int64_t find(const char *code)
{
	int64_t id = 0;
	cr_assert_eq(criteria_find(tdb, code, &id), 0, "criteria_find(%s): %s", code, db_error(tdb));
	cr_assert_neq(id, 0);
	return id;
}

static int64_t set_for_year(int year)
{
	int64_t id = -1;
	cr_assert_eq(criteria_set_for_year(tdb, year, &id), 0, "%s", db_error(tdb));
	return id;
}

/* Rows of the tables an import writes to, as one comparable string. */
static char *counts(void)
{
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "sets=%lld groups=%lld criteria=%lld thresholds=%lld levels=%lld bound=%lld",
		  (long long)tdb_int(tdb, "SELECT count(*) FROM criteria_set"),
		  (long long)tdb_int(tdb, "SELECT count(*) FROM criteria_group"),
		  (long long)tdb_int(tdb, "SELECT count(*) FROM criterion"),
		  (long long)tdb_int(tdb, "SELECT count(*) FROM criterion_area_threshold"),
		  (long long)tdb_int(tdb, "SELECT count(*) FROM criterion_level"),
		  (long long)tdb_int(tdb, "SELECT count(*) FROM year_criteria_set"));
	return sb_take(&b);
}

static const criteria_set_info *info_of(const criteria_set_info *list, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].code, code) == 0)
			return &list[i];
	cr_assert_fail("set %s not listed", code);
	return NULL;
}

/* ---- import ---------------------------------------------------------------------------------- */

Test(criteria_import, both_fixtures_import_and_are_listed)
{
	int64_t kv = import_ok(KV_FILE);
	int64_t ld = import_ok(OFFICIAL_FILE);
	cr_expect_neq(kv, ld);

	criteria_set_info *list;
	size_t n;
	cr_assert_eq(criteria_list(tdb, &list, &n), 0, "%s", db_error(tdb));
	cr_assert_eq(n, 3, "the illustrative set and the two imported ones, not %zu", n);

	const criteria_set_info *s = info_of(list, n, "ld-2026");
	cr_expect_eq(s->id, ld);
	cr_expect_eq(s->ncriteria, 8);
	cr_expect_not(s->illustrative);
	cr_expect_eq(s->year_from, 2026);
	cr_expect_eq(s->year_to, 0, "open-ended");
	cr_expect_str_eq(s->decision_no, "15/QĐ-MTTQ-BTT");
	cr_expect_str_eq(s->decision_date, "2026-01-20");
	cr_expect_str_eq(s->years_bound, "");

	s = info_of(list, n, "test-kv-2026");
	cr_expect_eq(s->id, kv);
	cr_expect_eq(s->ncriteria, 5);
	cr_expect(s->illustrative);
	cr_expect_str_eq(s->decision_date, "2026-01-05");

	s = info_of(list, n, "minh-hoa-2021");
	cr_expect(s->illustrative);
	cr_expect_eq(s->year_from, 2021);
	/* Newest first: the sets of 2026 before the one of 2021. */
	cr_expect_str_eq(list[n - 1].code, "minh-hoa-2021");
	criteria_infos_free(list, n);

	/* Stored as read: groups, criteria in order, per-type thresholds, levels. */
	criteria_set set;
	cr_assert_eq(criteria_load(tdb, ld, &set), 0, "%s", db_error(tdb));
	cr_expect_eq(set.ngroups, 3);
	cr_assert_eq(set.ncriteria, 8);
	cr_expect_str_eq(set.criteria[0].code, "TC01");
	cr_expect_str_eq(set.criteria[7].code, "TC08");
	cr_expect_eq(set.criteria[0].n_area_thresholds, 2);
	cr_expect_eq(set.criteria[7].nlevels, 4);
	criteria_set_free(&set);
}

Test(criteria_import, bad_file_reports_every_error_and_changes_nothing)
{
	char *before = counts();
	strbuf errors;
	int64_t id = 99;
	cr_assert_eq(import(BAD_FILE, &errors, &id), -1);
	cr_expect_eq(id, 0);
	cr_assert_not_null(errors.s);
	static const int lines[] = { 18, 20, 21, 22, 29, 34, 37, 40, 44, 52, 59, 60, 66, 69, 75 };
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		char needle[40];
		snprintf(needle, sizeof needle, "criteria-bad.ini:%d: ", lines[i]);
		cr_expect_not_null(strstr(errors.s, needle), "no error on line %d in:\n%s", lines[i], errors.s);
	}
	int nlines = 0;
	for (const char *p = errors.s; *p; p++)
		nlines += *p == '\n';
	cr_expect_geq(nlines, 15, "every problem on its own line:\n%s", errors.s);
	cr_expect_neq(strlen(db_error(tdb)), 0, "a message for the refusal");
	char *after = counts();
	cr_expect_str_eq(after, before, "the database is unchanged");
	free(before);
	free(after);
	sb_free(&errors);
}

Test(criteria_import, missing_file_is_refused)
{
	char *before = counts();
	strbuf errors;
	int64_t id;
	cr_assert_eq(import("tests/fixtures/no-such-file.ini", &errors, &id), -1);
	cr_expect_neq(errors.len, 0, "the reason is reported");
	char *after = counts();
	cr_expect_str_eq(after, before);
	free(before);
	free(after);
	sb_free(&errors);
}

Test(criteria_import, same_set_twice_is_refused)
{
	import_ok(OFFICIAL_FILE);
	char *before = counts();
	strbuf errors;
	int64_t id = 99;
	cr_assert_eq(import(OFFICIAL_FILE, &errors, &id), -1, "the second import is refused");
	cr_expect_eq(id, 0);
	cr_expect_not_null(strstr(db_error(tdb), "ld-2026"), "the message names the code: %s", db_error(tdb));
	char *after = counts();
	cr_expect_str_eq(after, before, "nothing added by the refused import");
	free(before);
	free(after);
	sb_free(&errors);
	/* And a later write still works: the refused import left no transaction open. */
	import_ok(KV_FILE);
}

Test(criteria_import, the_year_takes_the_newest_non_illustrative_set)
{
	int64_t illustrative = find("minh-hoa-2021");
	cr_expect_eq(set_for_year(2026), illustrative, "before: the only set");
	int64_t kv = import_ok(KV_FILE);
	cr_expect_eq(set_for_year(2026), kv, "an illustrative set of 2026 over one of 2021");
	int64_t ld = import_ok(OFFICIAL_FILE);
	cr_expect_eq(set_for_year(2026), ld, "the official set over illustrative ones");
	cr_expect_eq(set_for_year(2030), ld);
	cr_expect_eq(set_for_year(2025), illustrative, "years before the new sets are not affected");
	/* An explicit binding wins over everything. */
	cr_assert_eq(criteria_bind_year_checked(tdb, 2026, illustrative, false), 0, "%s", db_error(tdb));
	cr_expect_eq(set_for_year(2026), illustrative);
	cr_expect_eq(set_for_year(2027), ld);
}

/* ---- find ------------------------------------------------------------------------------------ */

Test(criteria_import, find_by_code)
{
	int64_t ld = import_ok(OFFICIAL_FILE);
	cr_expect_eq(find("ld-2026"), ld);
	cr_expect_eq(find("LD-2026"), ld, "case is ignored when no set has the exact code");
	cr_expect_neq(find("minh-hoa-2021"), ld);
	int64_t id = 99;
	cr_expect_eq(criteria_find(tdb, "no-such-set", &id), -1);
	cr_expect_eq(id, 0);
	cr_expect_not_null(strstr(db_error(tdb), "no-such-set"), "%s", db_error(tdb));
}

/* ---- bind ------------------------------------------------------------------------------------ */

Test(criteria_import, bind_refused_when_the_year_has_assessments_of_another_set)
{
	/* A judgement in 2026 under the illustrative set (the only one then): it binds 2026. */
	int64_t village = tdb_add_village("Lạc Xuân", "Thôn 1");
	int64_t illustrative = find("minh-hoa-2021");
	criteria_set old;
	cr_assert_eq(criteria_load(tdb, illustrative, &old), 0, "%s", db_error(tdb));
	const criterion_def *vh01 = NULL;
	for (size_t i = 0; i < old.ncriteria; i++)
		if (strcmp(old.criteria[i].code, "VH01") == 0)
			vh01 = &old.criteria[i];
	cr_assert_not_null(vh01);
	judgement met = { .assessed = true, .met = true };
	cr_assert_eq(assessment_write(tdb, village, 2026, vh01, STAGE_SELF, &met), 0, "%s", db_error(tdb));
	int64_t vh01_id = vh01->id;
	criteria_set_free(&old);

	int64_t ld = import_ok(OFFICIAL_FILE);
	cr_expect_eq(set_for_year(2026), illustrative, "2026 stays with the set it was assessed with");

	cr_assert_eq(criteria_bind_year_checked(tdb, 2026, ld, false), -1, "refused without force");
	const char *msg = db_error(tdb);
	cr_expect_not_null(strstr(msg, "minh-hoa-2021"), "names the set in use: %s", msg);
	cr_expect_not_null(strstr(msg, " 1 "), "gives the number of assessments: %s", msg);
	cr_expect_eq(set_for_year(2026), illustrative, "the refusal changed nothing");

	cr_assert_eq(criteria_bind_year_checked(tdb, 2026, ld, true), 0, "%s", db_error(tdb));
	cr_expect_eq(set_for_year(2026), ld, "bound with force");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM assessment WHERE year = 2026"), 1,
		     "the old assessment is kept");
	cr_expect_eq(tdb_int(tdb, "SELECT criterion_id FROM assessment WHERE year = 2026"), vh01_id,
		     "and still points at its criterion");
	cr_expect_eq(tdb_int(tdb, "SELECT met FROM assessment WHERE year = 2026"), 1, "unchanged");

	/* The year's checklist now shows the new set, nothing assessed. */
	checklist cl;
	cr_assert_eq(checklist_load(tdb, village, 2026, &cl), 0, "%s", db_error(tdb));
	cr_expect_str_eq(cl.set.code, "ld-2026");
	cr_expect_eq(cl.n, 8);
	cr_expect_eq(cl.assessed[STAGE_SELF], 0);
	checklist_free(&cl);

	/* Binding back to the old set: the year now has no assessment against another set than it. */
	cr_expect_eq(criteria_bind_year_checked(tdb, 2026, illustrative, false), 0, "%s", db_error(tdb));
	cr_expect_eq(set_for_year(2026), illustrative);
}

Test(criteria_import, bind_refused_when_the_years_do_not_cover)
{
	int64_t ld = import_ok(OFFICIAL_FILE);
	int64_t illustrative = find("minh-hoa-2021");
	cr_assert_eq(criteria_bind_year_checked(tdb, 2025, ld, false), -1, "2025 is before 2026-");
	cr_expect_not_null(strstr(db_error(tdb), "ld-2026"), "%s", db_error(tdb));
	cr_expect_not_null(strstr(db_error(tdb), "2025"), "%s", db_error(tdb));
	cr_expect_eq(set_for_year(2025), illustrative);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM year_criteria_set"), 0);

	cr_assert_eq(criteria_bind_year_checked(tdb, 2025, ld, true), 0, "%s", db_error(tdb));
	cr_expect_eq(set_for_year(2025), ld);
	/* Binding to the set already bound: a no-op, even without force. */
	cr_expect_eq(criteria_bind_year_checked(tdb, 2025, ld, false), 0, "%s", db_error(tdb));
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM year_criteria_set"), 1);
}

Test(criteria_import, bind_to_the_same_set_is_a_no_op_and_years_are_listed)
{
	int64_t ld = import_ok(OFFICIAL_FILE);
	cr_assert_eq(criteria_bind_year_checked(tdb, 2027, ld, false), 0, "%s", db_error(tdb));
	cr_assert_eq(criteria_bind_year_checked(tdb, 2026, ld, false), 0, "%s", db_error(tdb));
	cr_assert_eq(criteria_bind_year_checked(tdb, 2026, ld, false), 0, "%s", db_error(tdb));
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM year_criteria_set"), 2);
	criteria_set_info *list;
	size_t n;
	cr_assert_eq(criteria_list(tdb, &list, &n), 0, "%s", db_error(tdb));
	cr_expect_str_eq(info_of(list, n, "ld-2026")->years_bound, "2026, 2027");
	cr_expect_str_eq(info_of(list, n, "minh-hoa-2021")->years_bound, "");
	criteria_infos_free(list, n);
	/* An unknown set id is refused. */
	cr_expect_eq(criteria_bind_year_checked(tdb, 2026, 12345, true), -1);
	cr_expect_eq(set_for_year(2026), ld);
}
