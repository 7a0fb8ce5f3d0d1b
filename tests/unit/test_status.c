#include "config.h"
/* The status table, the criteria matrix and the yearly targets, on a fixture whose every figure is
 * known: a district "Huyện Thử" with the commune Ân Hảo (Thôn 1, 2, 3, 10) and the town Bình Minh
 * (Tổ 1, Tổ 2), a criteria set of three criteria (two required, one not) bound to the year, and
 * registrations, steps, judgements, recognitions, resources, commendations and targets in the year
 * and around it. The set's criterion ids are not one contiguous range (a criterion of another set
 * sits between them, and is judged): the lookup of each judgement's criterion is exercised; the
 * default set (contiguous, all required) is exercised by its own test. Fixtures are written in the
 * tables directly, with bound parameters; targets through target_set. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/criteria.h"
#include "domain/status.h"
#include "domain/target.h"
#include "helpers.h"

#define YEAR 2025

/* The set's criteria, in display order A1, A2 (group 1), B1 (group 2, not required); X1 is a
 * criterion of another set. */
enum { SET = 4000, OLD_SET = 4001, G1 = 4100, G2 = 4101, G_OLD = 4102,
       A2 = 5001, X1 = 5002, B1 = 5003, A1 = 5005 };

static int64_t district, an, bm, v1, v2, v3, v10, t1, t2;

/* Runs sql with the given parameters: 'i' an int64_t, 'd' a double, 's' a string (NULL binds
 * NULL). */
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
		} else if (types[i] == 'd') {
			sqlite3_bind_double(st, i + 1, va_arg(ap, double));
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

static int64_t add_area(int64_t parent, const char *name, area_kind kind)
{
	int64_t id = 0;
	cr_assert_eq(area_add(tdb, parent, name, kind, &id), 0, "area_add(%s): %s", name, db_error(tdb));
	return id;
}

static void reg(int64_t area_id, int64_t year)
{
	exec("INSERT INTO registration(area_id, year, title, registered_on, recorded_by, recorded_at) "
	     "VALUES (?1, ?2, 'exemplary', '2025-02-01', 't', 'x')", "ii", area_id, year);
}

static void self_done(int64_t area_id, int64_t year)
{
	exec("INSERT INTO cycle_step(area_id, year, step, done_on, done_by, recorded_at) "
	     "VALUES (?1, ?2, 'self_assessed', '2025-03-01', 't', 'x')", "ii", area_id, year);
}

/* A judgement: met 1/0; evidence NULL for none. */
static void judge(int64_t area_id, int64_t year, int64_t crit, const char *stg, int64_t met,
		  const char *evidence)
{
	exec("INSERT INTO assessment(area_id, year, criterion_id, stage, met, evidence, judged_by, "
	     "judged_on, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 't', '2025-05-01', 'x')", "iiisis",
	     area_id, year, crit, stg, met, evidence);
}

static int64_t next_id = 9000;

static void recog(int64_t area_id, int64_t year, const char *level, const char *revoked_on)
{
	exec("INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date, "
	     "revoked_decision_no, revoked_on, revoke_reason) "
	     "VALUES (?1, ?2, ?3, 'exemplary', ?4, 'QĐ-1', '2025-12-01', ?5, ?6, ?7)", "iiissss",
	     next_id++, area_id, year, level, revoked_on ? "QĐ-2" : NULL, revoked_on,
	     revoked_on ? "không giữ được" : NULL);
}

/* A resource entry: form, quantity (< 0: none), value in đồng. */
static void resource(int64_t area_id, const char *date, const char *form, double quantity, int64_t value)
{
	if (quantity >= 0)
		exec("INSERT INTO resource_entry(area_id, entry_date, source, form, quantity, value_dong, "
		     "created_by, created_at, updated_by, updated_at) "
		     "VALUES (?1, ?2, 'residents', ?3, ?4, ?5, 't', 'x', 't', 'x')", "issdi",
		     area_id, date, form, quantity, value);
	else
		exec("INSERT INTO resource_entry(area_id, entry_date, source, form, value_dong, "
		     "created_by, created_at, updated_by, updated_at) "
		     "VALUES (?1, ?2, 'residents', ?3, ?4, 't', 'x', 't', 'x')", "issi", area_id, date, form, value);
}

static void award(int64_t area_id, const char *kind, const char *date)
{
	exec("INSERT INTO award(id, recipient_kind, recipient, area_id, form, level, decision_no, "
	     "decision_date, created_by, created_at, updated_by, updated_at) "
	     "VALUES (?1, ?2, 'ai đó', ?3, 'Giấy khen', 'district', 'QĐ-9', ?4, 't', 'x', 't', 'x')",
	     "isis", next_id++, kind, area_id, date);
}

static void set_target(int64_t area_id, int year, int d, int p, int64_t dong, const char *note)
{
	target t = { .area_id = area_id, .year = year, .has_district = d >= 0, .has_province = p >= 0,
		     .has_resources = dong >= 0, .recognised_district = d < 0 ? 0 : d,
		     .recognised_province = p < 0 ? 0 : p, .resources_dong = dong < 0 ? 0 : dong,
		     .note = (char *)note };
	cr_assert_eq(target_set(tdb, &t), 0, "target_set: %s", db_error(tdb));
}

static void criteria_sets(void)
{
	exec("INSERT INTO criteria_set(id, code, name, year_from, imported_at) VALUES "
	     "(?1, 'thu-2025', 'Bộ tiêu chí thử', 2025, 'x'), (?2, 'cu', 'Bộ cũ', 2030, 'x')", "ii",
	     (int64_t)SET, (int64_t)OLD_SET);
	exec("INSERT INTO criteria_group(id, set_id, position, code, name) VALUES "
	     "(?1, ?3, 1, '1', 'Nhóm 1'), (?2, ?3, 2, '2', 'Nhóm 2'), (?4, ?5, 1, '1', 'Nhóm cũ')", "iiiii",
	     (int64_t)G1, (int64_t)G2, (int64_t)SET, (int64_t)G_OLD, (int64_t)OLD_SET);
	exec("INSERT INTO criterion(id, set_id, group_id, position, code, name, measure, required) VALUES "
	     "(?1, ?4, ?5, 1, 'A1', 'Tiêu chí A1', 'yesno', 1),"
	     "(?2, ?4, ?5, 2, 'A2', 'Tiêu chí A2', 'yesno', 1),"
	     "(?3, ?4, ?6, 1, 'B1', 'Tiêu chí B1', 'yesno', 0)", "iiiiii",
	     (int64_t)A1, (int64_t)A2, (int64_t)B1, (int64_t)SET, (int64_t)G1, (int64_t)G2);
	exec("INSERT INTO criterion(id, set_id, group_id, position, code, name, measure, required) VALUES "
	     "(?1, ?2, ?3, 1, 'X1', 'Tiêu chí cũ', 'yesno', 1)", "iii", (int64_t)X1, (int64_t)OLD_SET,
	     (int64_t)G_OLD);
	exec("INSERT INTO year_criteria_set(year, set_id) VALUES (?1, ?2)", "ii", (int64_t)YEAR, (int64_t)SET);
}

static void setup(void)
{
	tdb_setup();
	criteria_sets();
	district = add_area(tdb_area("68"), "Huyện Thử", AREA_DISTRICT);
	/* Added out of Vietnamese order (and "Ân" sorts before "B", unlike its bytes). */
	bm = add_area(district, "Bình Minh", AREA_TOWN);
	an = add_area(district, "Ân Hảo", AREA_COMMUNE);
	v10 = add_area(an, "Thôn 10", AREA_VILLAGE);
	v2 = add_area(an, "Thôn 2", AREA_VILLAGE);
	v1 = add_area(an, "Thôn 1", AREA_VILLAGE);
	v3 = add_area(an, "Thôn 3", AREA_VILLAGE);
	t2 = add_area(bm, "Tổ 2", AREA_RESIDENTIAL_GROUP);
	t1 = add_area(bm, "Tổ 1", AREA_RESIDENTIAL_GROUP);

	/* Registered: Thôn 1, 2, 10 and Tổ 1; Tổ 2 only the year before. */
	reg(v1, YEAR);
	reg(v2, YEAR);
	reg(v10, YEAR);
	reg(t1, YEAR);
	reg(t2, YEAR - 1);
	/* Self-assessment done: Thôn 1, Thôn 2, Tổ 1; Tổ 2 only the year before. */
	self_done(v1, YEAR);
	self_done(v2, YEAR);
	self_done(t1, YEAR);
	self_done(t2, YEAR - 1);

	/* Thôn 1: the required criteria met with evidence, the optional one not: eligible. */
	judge(v1, YEAR, A1, "appraisal", 1, "Biên bản 1");
	judge(v1, YEAR, A2, "appraisal", 1, "Biên bản 2");
	judge(v1, YEAR, B1, "appraisal", 0, NULL);
	judge(v1, YEAR, A1, "self", 1, NULL);
	judge(v1, YEAR, A2, "self", 1, NULL);
	judge(v1, YEAR, B1, "self", 0, NULL);
	/* The year before, every criterion met (of no concern to this year). */
	judge(v1, YEAR - 1, A1, "appraisal", 1, "x");
	judge(v1, YEAR - 1, A2, "appraisal", 1, "x");
	judge(v1, YEAR - 1, B1, "appraisal", 1, "x");
	/* Thôn 2: all met at appraisal, but A2 without evidence (and B1's evidence empty): not
	 * eligible. The self-assessment judged B1 not met: a disagreement. */
	judge(v2, YEAR, A1, "appraisal", 1, "Biên bản");
	judge(v2, YEAR, A2, "appraisal", 1, NULL);
	judge(v2, YEAR, B1, "appraisal", 1, "");
	judge(v2, YEAR, B1, "self", 0, NULL);
	/* Thôn 10: the stages disagree on A1 (met at appraisal) and A2 (not met at appraisal). */
	judge(v10, YEAR, A1, "appraisal", 1, "BB");
	judge(v10, YEAR, A2, "appraisal", 0, "BB");
	judge(v10, YEAR, B1, "appraisal", 1, "BB");
	judge(v10, YEAR, A1, "self", 0, NULL);
	judge(v10, YEAR, A2, "self", 1, NULL);
	judge(v10, YEAR, B1, "self", 1, NULL);
	/* Thôn 3: nothing at all. Tổ 1: everything met with evidence, and a judgement against a
	 * criterion of another set that must not count. */
	judge(t1, YEAR, A1, "appraisal", 1, "BB");
	judge(t1, YEAR, A2, "appraisal", 1, "BB");
	judge(t1, YEAR, B1, "appraisal", 1, "BB");
	judge(t1, YEAR, X1, "appraisal", 1, "BB");
	/* Tổ 2: self-assessed only. */
	judge(t2, YEAR, A1, "self", 1, "tự đánh giá");
	judge(t2, YEAR, A2, "self", 0, NULL);

	/* Recognitions in the year: Thôn 1 (district), Tổ 1 (province); Thôn 2's was revoked;
	 * Thôn 10's was the year before. */
	recog(v1, YEAR, "district", NULL);
	recog(t1, YEAR, "province", NULL);
	recog(v2, YEAR, "district", "2025-12-20");
	recog(v10, YEAR - 1, "district", NULL);

	/* Resources: Ân Hảo 11.000.000 đ (3.000.000 its own), 10 labour days, 50 m²; Bình Minh
	 * 1.900.000 đ, 4,5 labour days; the district's own 10.000.000 đ; entries of other years. */
	resource(v1, "2025-03-01", "cash", -1, 1000000);
	resource(v1, "2025-05-01", "labour", 10, 2000000);
	resource(v2, "2025-12-31", "land", 50, 5000000);
	resource(an, "2025-01-01", "cash", 3000000, 3000000);
	resource(v1, "2024-12-31", "cash", -1, 7000000);
	resource(t2, "2025-06-01", "labour", 4.5, 900000);
	resource(t2, "2025-06-02", "materials", 2, 1000000);
	resource(bm, "2026-01-01", "land", 100, 8000000);
	resource(district, "2025-02-02", "cash", -1, 10000000);

	/* Commendations decided in the year: Thôn 1, the commune Ân Hảo, the district itself; Tổ 1's
	 * comes the next year, Thôn 10's was the year before. */
	award(v1, "area", "2025-12-20");
	award(an, "commune", "2025-06-01");
	award(district, "organisation", "2025-03-03");
	award(t1, "area", "2026-01-05");
	award(v10, "household", "2024-12-31");

	/* Targets. */
	set_target(an, YEAR, 2, 1, 20000000, NULL);
	set_target(bm, YEAR, -1, 1, -1, NULL);
	set_target(district, YEAR, 5, 2, 50000000, "Kế hoạch số 12");
	set_target(an, YEAR - 1, 9, -1, -1, NULL);
}

TestSuite(status, .init = setup, .fini = tdb_teardown);
TestSuite(target, .init = setup, .fini = tdb_teardown);

/* ---- expectations ---- */

typedef struct expect {
	const char *name;
	int villages, registered, self_assessed, eligible, rd, rp, met, total;
	int64_t dong;
	double labour, land;
	int awards;
	int td, tp;          /* -1: unset */
	int64_t tdong;       /* -1: unset */
} expect;

static void check_row(const status_row *r, const expect *e, const char *what)
{
	cr_expect_str_eq(r->name, e->name, "%s: name", what);
	cr_expect_eq(r->villages, e->villages, "%s: villages %d, expected %d", what, r->villages, e->villages);
	cr_expect_eq(r->registered, e->registered, "%s: registered %d, expected %d", what, r->registered,
		     e->registered);
	cr_expect_eq(r->self_assessed, e->self_assessed, "%s: self-assessed %d, expected %d", what,
		     r->self_assessed, e->self_assessed);
	cr_expect_eq(r->eligible, e->eligible, "%s: eligible %d, expected %d", what, r->eligible, e->eligible);
	cr_expect_eq(r->recognised_district, e->rd, "%s: recognised (district) %d, expected %d", what,
		     r->recognised_district, e->rd);
	cr_expect_eq(r->recognised_province, e->rp, "%s: recognised (province) %d, expected %d", what,
		     r->recognised_province, e->rp);
	cr_expect_eq(r->criteria_met, e->met, "%s: criteria met %d, expected %d", what, r->criteria_met, e->met);
	cr_expect_eq(r->criteria_total, e->total, "%s: criteria total %d, expected %d", what,
		     r->criteria_total, e->total);
	cr_expect_eq(r->resources_dong, e->dong, "%s: resources %lld, expected %lld", what,
		     (long long)r->resources_dong, (long long)e->dong);
	cr_expect(fabs(r->labour_days - e->labour) < 1e-9, "%s: labour days %g, expected %g", what,
		  r->labour_days, e->labour);
	cr_expect(fabs(r->land_m2 - e->land) < 1e-9, "%s: land %g, expected %g", what, r->land_m2, e->land);
	cr_expect_eq(r->awards, e->awards, "%s: awards %d, expected %d", what, r->awards, e->awards);
	cr_expect_eq(r->target.has_district, e->td >= 0, "%s: district target set", what);
	cr_expect_eq(r->target.has_province, e->tp >= 0, "%s: province target set", what);
	cr_expect_eq(r->target.has_resources, e->tdong >= 0, "%s: resources target set", what);
	if (e->td >= 0)
		cr_expect_eq(r->target.recognised_district, e->td, "%s: district target %d", what,
			     r->target.recognised_district);
	if (e->tp >= 0)
		cr_expect_eq(r->target.recognised_province, e->tp, "%s: province target %d", what,
			     r->target.recognised_province);
	if (e->tdong >= 0)
		cr_expect_eq(r->target.resources_dong, e->tdong, "%s: resources target %lld", what,
			     (long long)r->target.resources_dong);
}

static void build(int64_t area_id, int year, status_table *t)
{
	cr_assert_eq(status_table_build(tdb, area_id, year, t), 0, "status_table_build: %s", db_error(tdb));
}

/* ---- the status table ---- */

Test(status, district_rows_and_totals)
{
	status_table t;
	build(district, YEAR, &t);
	cr_expect_eq(t.area_id, district);
	cr_expect_eq(t.year, YEAR);
	cr_assert_eq(t.n, 2, "%zu rows", t.n);
	const expect rows[2] = {
		{ "Ân Hảo", 4, 3, 2, 1, 1, 0, 7, 12, 11000000, 10, 50, 2, 2, 1, 20000000 },
		{ "Bình Minh", 2, 1, 1, 1, 0, 1, 3, 6, 1900000, 4.5, 0, 0, -1, 1, -1 },
	};
	cr_expect_eq(t.rows[0].area_id, an);
	cr_expect_eq(t.rows[1].area_id, bm);
	for (size_t i = 0; i < 2; i++) {
		cr_expect_not(t.rows[i].is_village, "row %zu is not a village row", i);
		check_row(&t.rows[i], &rows[i], rows[i].name);
	}
	area a;
	cr_assert_eq(area_get(tdb, an, &a), 0);
	cr_expect_str_eq(t.rows[0].code, a.code);
	area_free(&a);
	/* The totals: the rows, the district's own resources and commendation, its targets. */
	const expect total = { "Huyện Thử", 6, 4, 3, 2, 1, 1, 10, 18, 22900000, 14.5, 50, 3, 5, 2, 50000000 };
	cr_expect_eq(t.total.area_id, 0);
	check_row(&t.total, &total, "total");
	cr_expect_str_eq(t.total.target.note, "Kế hoạch số 12");
	cr_expect_null(t.rows[0].target.note);
	status_table_free(&t);
}

Test(status, commune_rows_are_villages)
{
	status_table t;
	build(an, YEAR, &t);
	cr_assert_eq(t.n, 4, "%zu rows", t.n);
	const expect rows[4] = {
		{ "Thôn 1", 1, 1, 1, 1, 1, 0, 2, 3, 3000000, 10, 0, 1, -1, -1, -1 },
		{ "Thôn 2", 1, 1, 1, 0, 0, 0, 3, 3, 5000000, 0, 50, 0, -1, -1, -1 },
		{ "Thôn 3", 1, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, -1, -1, -1 },
		{ "Thôn 10", 1, 1, 0, 0, 0, 0, 2, 3, 0, 0, 0, 0, -1, -1, -1 },
	};
	const int64_t ids[4] = { v1, v2, v3, v10 };
	for (size_t i = 0; i < 4; i++) {
		cr_expect_eq(t.rows[i].area_id, ids[i], "row %zu", i);
		cr_expect(t.rows[i].is_village, "row %zu is a village row", i);
		check_row(&t.rows[i], &rows[i], rows[i].name);
	}
	/* The commune's own entry (3.000.000 đ) and commendation count in its total only. */
	const expect total = { "Ân Hảo", 4, 3, 2, 1, 1, 0, 7, 12, 11000000, 10, 50, 2, 2, 1, 20000000 };
	check_row(&t.total, &total, "total");
	status_table_free(&t);
}

Test(status, town_with_residential_groups)
{
	status_table t;
	build(bm, YEAR, &t);
	cr_assert_eq(t.n, 2, "%zu rows", t.n);
	const expect rows[2] = {
		{ "Tổ 1", 1, 1, 1, 1, 0, 1, 3, 3, 0, 0, 0, 0, -1, -1, -1 },
		{ "Tổ 2", 1, 0, 0, 0, 0, 0, 0, 3, 1900000, 4.5, 0, 0, -1, -1, -1 },
	};
	for (size_t i = 0; i < 2; i++) {
		cr_expect(t.rows[i].is_village);
		check_row(&t.rows[i], &rows[i], rows[i].name);
	}
	const expect total = { "Bình Minh", 2, 1, 1, 1, 0, 1, 3, 6, 1900000, 4.5, 0, 0, -1, 1, -1 };
	check_row(&t.total, &total, "total");
	status_table_free(&t);
}

Test(status, a_village_alone)
{
	status_table t;
	build(v1, YEAR, &t);
	cr_expect_eq(t.n, 0);
	cr_expect(t.total.is_village);
	const expect total = { "Thôn 1", 1, 1, 1, 1, 1, 0, 2, 3, 3000000, 10, 0, 1, -1, -1, -1 };
	check_row(&t.total, &total, "total");
	status_table_free(&t);
}

Test(status, the_year_before)
{
	/* 2024 has the default set (no binding): this fixture's judgements are of another set and
	 * do not count; Thôn 10's recognition, Tổ 2's registration and step, the entry of
	 * 31/12/2024, Thôn 10's commendation and Ân Hảo's target of that year do. */
	int64_t nset = tdb_int(tdb, "SELECT count(*) FROM criterion c JOIN criteria_set s ON s.id = c.set_id "
				    "WHERE s.code = 'minh-hoa-2021'");
	status_table t;
	build(district, YEAR - 1, &t);
	cr_assert_eq(t.n, 2);
	const expect rows[2] = {
		{ "Ân Hảo", 4, 0, 0, 0, 1, 0, 0, 4 * (int)nset, 7000000, 0, 0, 1, 9, -1, -1 },
		{ "Bình Minh", 2, 1, 1, 0, 0, 0, 0, 2 * (int)nset, 0, 0, 0, 0, -1, -1, -1 },
	};
	for (size_t i = 0; i < 2; i++)
		check_row(&t.rows[i], &rows[i], rows[i].name);
	const expect total = { "Huyện Thử", 6, 1, 1, 0, 1, 0, 0, 6 * (int)nset, 7000000, 0, 0, 1, -1, -1, -1 };
	check_row(&t.total, &total, "total");
	status_table_free(&t);
}

Test(status, the_year_after)
{
	/* 2026: the entry of 01/01/2026 (Bình Minh's own, in its row) and Tổ 1's commendation. */
	exec("INSERT INTO year_criteria_set(year, set_id) VALUES (2026, ?1)", "i", (int64_t)SET);
	status_table t;
	build(district, 2026, &t);
	cr_assert_eq(t.n, 2);
	const expect rows[2] = {
		{ "Ân Hảo", 4, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, -1, -1, -1 },
		{ "Bình Minh", 2, 0, 0, 0, 0, 0, 0, 6, 8000000, 0, 100, 1, -1, -1, -1 },
	};
	for (size_t i = 0; i < 2; i++)
		check_row(&t.rows[i], &rows[i], rows[i].name);
	status_table_free(&t);
}

Test(status, no_criteria_set)
{
	status_table t;
	build(district, 1990, &t);
	cr_assert_eq(t.n, 2);
	for (size_t i = 0; i < 2; i++) {
		cr_expect_eq(t.rows[i].criteria_total, 0);
		cr_expect_eq(t.rows[i].eligible, 0);
	}
	cr_expect_eq(t.total.villages, 6);
	status_table_free(&t);
}

Test(status, province_rows)
{
	/* Lâm Đồng: Đơn Dương (no villages below it) and Huyện Thử, in Vietnamese order (đ before h). */
	status_table t;
	build(tdb_area("68"), YEAR, &t);
	cr_assert_eq(t.n, 2, "%zu rows", t.n);
	cr_expect_str_eq(t.rows[0].name, "Đơn Dương");
	cr_expect_str_eq(t.rows[1].name, "Huyện Thử");
	cr_expect_eq(t.rows[0].villages, 0);
	const expect huyen = { "Huyện Thử", 6, 4, 3, 2, 1, 1, 10, 18, 22900000, 14.5, 50, 3, 5, 2, 50000000 };
	check_row(&t.rows[1], &huyen, "Huyện Thử");
	const expect total = { "Lâm Đồng", 6, 4, 3, 2, 1, 1, 10, 18, 22900000, 14.5, 50, 3, -1, -1, -1 };
	check_row(&t.total, &total, "total");
	status_table_free(&t);
}

Test(status, everywhere)
{
	/* Area 0: every root (the province) as a row. */
	status_table t;
	build(0, YEAR, &t);
	cr_assert_eq(t.n, 1);
	cr_expect_str_eq(t.rows[0].name, "Lâm Đồng");
	cr_expect_eq(t.rows[0].villages, 6);
	cr_expect_eq(t.total.villages, 6);
	cr_expect_eq(t.total.resources_dong, 22900000);
	status_table_free(&t);
}

Test(status, refusals)
{
	status_table t;
	cr_expect_eq(status_table_build(tdb, 123456789, YEAR, &t), -1);
	cr_expect_eq(t.n, 0);
	cr_expect_eq(status_table_build(tdb, district, 1800, &t), -1);
	/* Nothing left open: a write works. */
	set_target(district, 2027, 1, 1, 1, NULL);
}

/* Judges every criterion of the default set at appraisal, met, with evidence except for the first
 * required criterion when skip_evidence. */
static void judge_all(int64_t area_id, int year, bool skip_evidence)
{
	checklist cl;
	cr_assert_eq(checklist_load(tdb, area_id, year, &cl), 0, "%s", db_error(tdb));
	cr_assert(cl.has_set && cl.n > 0);
	bool skipped = false;
	for (size_t i = 0; i < cl.n; i++) {
		const criterion_def *c = cl.items[i].crit;
		judgement j = { .assessed = true, .met = true, .evidence = (char *)"Biên bản thẩm định" };
		if (c->measure != MEASURE_YESNO) {
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
		if (skip_evidence && !skipped && c->required) {
			j.evidence = NULL;
			skipped = true;
		}
		cr_assert_eq(assessment_write(tdb, area_id, year, c, STAGE_APPRAISAL, &j), 0, "%s: %s", c->code,
			     db_error(tdb));
	}
	checklist_free(&cl);
}

Test(status, default_set_all_required)
{
	/* The default set (every criterion required, ids in one range) in 2023. */
	int64_t lx = tdb_area("24934");
	int64_t a = tdb_add_village("Lạc Xuân", "Thôn A"), b = tdb_add_village("Lạc Xuân", "Thôn B");
	judge_all(a, 2023, false);
	judge_all(b, 2023, true);
	int n = (int)tdb_int(tdb, "SELECT count(*) FROM criterion c JOIN criteria_set s ON s.id = c.set_id "
				  "WHERE s.code = 'minh-hoa-2021'");
	status_table t;
	build(lx, 2023, &t);
	cr_assert_eq(t.n, 2);
	cr_expect_eq(t.rows[0].eligible, 1);
	cr_expect_eq(t.rows[1].eligible, 0, "no evidence on one criterion");
	cr_expect_eq(t.rows[0].criteria_met, n);
	cr_expect_eq(t.rows[1].criteria_met, n);
	cr_expect_eq(t.total.criteria_total, 2 * n);
	cr_expect_eq(t.total.eligible, 1);
	status_table_free(&t);
}

/* ---- the criteria matrix ---- */

Test(status, matrix_of_a_commune)
{
	criteria_matrix m;
	cr_assert_eq(criteria_matrix_build(tdb, an, YEAR, &m), 0, "%s", db_error(tdb));
	cr_expect_eq(m.year, YEAR);
	cr_assert_eq(m.nvillages, 4);
	cr_assert_eq(m.ncriteria, 3);
	const char *names[4] = { "Thôn 1", "Thôn 2", "Thôn 3", "Thôn 10" };
	const int64_t ids[4] = { v1, v2, v3, v10 };
	const char *codes[3] = { "A1", "A2", "B1" };
	for (size_t i = 0; i < 4; i++) {
		cr_expect_str_eq(m.village_names[i], names[i]);
		cr_expect_eq(m.village_ids[i], ids[i]);
	}
	for (size_t c = 0; c < 3; c++)
		cr_expect_str_eq(m.criterion_codes[c], codes[c]);
	const matrix_cell want[4][3] = {
		{ CELL_MET, CELL_MET, CELL_NOT_MET },
		{ CELL_MET, CELL_MET, CELL_DISAGREE_MET },
		{ CELL_NOT_ASSESSED, CELL_NOT_ASSESSED, CELL_NOT_ASSESSED },
		{ CELL_DISAGREE_MET, CELL_DISAGREE_NOT_MET, CELL_MET },
	};
	for (size_t v = 0; v < 4; v++)
		for (size_t c = 0; c < 3; c++)
			cr_expect_eq(m.cells[v * 3 + c], want[v][c], "%s %s: %d, expected %d", names[v], codes[c],
				     m.cells[v * 3 + c], want[v][c]);
	criteria_matrix_free(&m);
}

Test(status, matrix_of_a_town)
{
	/* Tổ 2 has no appraisal: its self-assessment shows; Tổ 1's judgement of another set's
	 * criterion is not a column. */
	criteria_matrix m;
	cr_assert_eq(criteria_matrix_build(tdb, bm, YEAR, &m), 0, "%s", db_error(tdb));
	cr_assert_eq(m.nvillages, 2);
	cr_assert_eq(m.ncriteria, 3);
	cr_expect_str_eq(m.village_names[0], "Tổ 1");
	cr_expect_str_eq(m.village_names[1], "Tổ 2");
	const matrix_cell want[6] = { CELL_MET, CELL_MET, CELL_MET, CELL_MET, CELL_NOT_MET, CELL_NOT_ASSESSED };
	for (size_t i = 0; i < 6; i++)
		cr_expect_eq(m.cells[i], want[i], "cell %zu: %d, expected %d", i, m.cells[i], want[i]);
	criteria_matrix_free(&m);
}

Test(status, matrix_of_a_year_without_judgements)
{
	exec("INSERT INTO year_criteria_set(year, set_id) VALUES (2026, ?1)", "i", (int64_t)SET);
	criteria_matrix m;
	cr_assert_eq(criteria_matrix_build(tdb, an, 2026, &m), 0, "%s", db_error(tdb));
	cr_assert_eq(m.nvillages, 4);
	cr_assert_eq(m.ncriteria, 3);
	for (size_t i = 0; i < 12; i++)
		cr_expect_eq(m.cells[i], CELL_NOT_ASSESSED);
	criteria_matrix_free(&m);
}

Test(status, matrix_refusals)
{
	criteria_matrix m;
	cr_expect_eq(criteria_matrix_build(tdb, district, YEAR, &m), -1, "a district");
	cr_expect_eq(m.nvillages, 0);
	cr_expect_eq(criteria_matrix_build(tdb, v1, YEAR, &m), -1, "a village");
	cr_expect_eq(criteria_matrix_build(tdb, 123456789, YEAR, &m), -1, "no such area");
	cr_expect_eq(criteria_matrix_build(tdb, an, 3000, &m), -1, "a year out of range");
	/* No set for the year: villages without columns. */
	cr_assert_eq(criteria_matrix_build(tdb, an, 1990, &m), 0, "%s", db_error(tdb));
	cr_expect_eq(m.nvillages, 4);
	cr_expect_eq(m.ncriteria, 0);
	criteria_matrix_free(&m);
}

/* ---- targets ---- */

Test(target, get_what_was_set)
{
	target t;
	cr_assert_eq(target_get(tdb, district, YEAR, &t), 0, "%s", db_error(tdb));
	cr_expect_eq(t.area_id, district);
	cr_expect_eq(t.year, YEAR);
	cr_expect(t.has_district && t.has_province && t.has_resources);
	cr_expect_eq(t.recognised_district, 5);
	cr_expect_eq(t.recognised_province, 2);
	cr_expect_eq(t.resources_dong, 50000000);
	cr_expect_str_eq(t.note, "Kế hoạch số 12");
	target_free(&t);
	cr_assert_eq(target_get(tdb, bm, YEAR, &t), 0);
	cr_expect_not(t.has_district);
	cr_expect(t.has_province);
	cr_expect_eq(t.recognised_province, 1);
	cr_expect_not(t.has_resources);
	cr_expect_null(t.note);
	target_free(&t);
}

Test(target, none_is_not_an_error)
{
	target t;
	cr_assert_eq(target_get(tdb, district, 2030, &t), 0, "%s", db_error(tdb));
	cr_expect_eq(t.area_id, district);
	cr_expect_eq(t.year, 2030);
	cr_expect_not(t.has_district || t.has_province || t.has_resources);
	cr_expect_null(t.note);
	target_free(&t);
}

Test(target, update_and_remove)
{
	set_target(an, YEAR, 3, -1, 0, "  Nghị quyết\tĐại hội  ");
	target t;
	cr_assert_eq(target_get(tdb, an, YEAR, &t), 0);
	cr_expect(t.has_district && !t.has_province && t.has_resources);
	cr_expect_eq(t.recognised_district, 3);
	cr_expect_eq(t.resources_dong, 0, "zero is a target");
	cr_expect_str_eq(t.note, "Nghị quyết Đại hội", "the note is cleaned");
	target_free(&t);
	/* A note alone is kept. */
	set_target(an, YEAR, -1, -1, -1, "chưa giao chỉ tiêu");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM target WHERE note = 'chưa giao chỉ tiêu'"), 1);
	/* Nothing set: the row goes; the year before stays. */
	int64_t before = tdb_int(tdb, "SELECT count(*) FROM target");
	set_target(an, YEAR, -1, -1, -1, "   ");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM target"), before - 1);
	cr_assert_eq(target_get(tdb, an, YEAR, &t), 0);
	cr_expect_not(t.has_district || t.has_province || t.has_resources);
	target_free(&t);
	cr_assert_eq(target_get(tdb, an, YEAR - 1, &t), 0);
	cr_expect(t.has_district);
	cr_expect_eq(t.recognised_district, 9);
	target_free(&t);
	/* Removing what is not there is fine. */
	set_target(an, 2031, -1, -1, -1, NULL);
	/* The one who set it is recorded. */
	set_target(an, 2032, 1, 1, 1, NULL);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM target WHERE year = 2032 AND updated_by <> '' "
				  "AND updated_at LIKE '____-__-__T__:__:__Z'"), 1);
}

Test(target, validation)
{
	int64_t before = tdb_int(tdb, "SELECT count(*) FROM target");
	target t = { .area_id = an, .year = YEAR, .has_district = true, .recognised_district = -1 };
	cr_expect_eq(target_set(tdb, &t), -1, "a negative count");
	cr_expect_str_neq(db_error(tdb), "");
	t = (target){ .area_id = an, .year = YEAR, .has_province = true, .recognised_province = -3 };
	cr_expect_eq(target_set(tdb, &t), -1, "a negative count");
	t = (target){ .area_id = an, .year = YEAR, .has_resources = true, .resources_dong = -1 };
	cr_expect_eq(target_set(tdb, &t), -1, "negative resources");
	t = (target){ .area_id = v1, .year = YEAR, .has_district = true, .recognised_district = 1 };
	cr_expect_eq(target_set(tdb, &t), -1, "a village has no targets");
	t = (target){ .area_id = t1, .year = YEAR, .has_district = true, .recognised_district = 1 };
	cr_expect_eq(target_set(tdb, &t), -1, "a residential group has no targets");
	t = (target){ .area_id = 123456789, .year = YEAR, .has_district = true, .recognised_district = 1 };
	cr_expect_eq(target_set(tdb, &t), -1, "no such area");
	t = (target){ .area_id = an, .year = 1899, .has_district = true, .recognised_district = 1 };
	cr_expect_eq(target_set(tdb, &t), -1, "a year out of range");
	char *long_note = malloc(2100);
	memset(long_note, 'a', 2099);
	long_note[2099] = '\0';
	t = (target){ .area_id = an, .year = YEAR, .has_district = true, .recognised_district = 1,
		      .note = long_note };
	cr_expect_eq(target_set(tdb, &t), -1, "a note too long");
	free(long_note);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM target"), before, "nothing written");
	/* Ân Hảo's targets are unchanged. */
	target g;
	cr_assert_eq(target_get(tdb, an, YEAR, &g), 0);
	cr_expect_eq(g.recognised_district, 2);
	cr_expect_eq(g.recognised_province, 1);
	cr_expect_eq(g.resources_dong, 20000000);
	target_free(&g);
	/* A province and a district take targets; no transaction is left open. */
	set_target(tdb_area("68"), YEAR, 100, 40, -1, NULL);
	set_target(tdb_area("677"), YEAR, 20, 12, -1, NULL);
}

Test(target, shown_in_the_table)
{
	/* A change of target shows in the next table; a village row never has one. */
	set_target(bm, YEAR, 4, 0, 1500000, NULL);
	status_table t;
	build(district, YEAR, &t);
	cr_assert_eq(t.n, 2);
	cr_expect(t.rows[1].target.has_district && t.rows[1].target.has_province && t.rows[1].target.has_resources);
	cr_expect_eq(t.rows[1].target.recognised_district, 4);
	cr_expect_eq(t.rows[1].target.recognised_province, 0);
	cr_expect_eq(t.rows[1].target.resources_dong, 1500000);
	status_table_free(&t);
	build(an, YEAR, &t);
	for (size_t i = 0; i < t.n; i++)
		cr_expect_not(t.rows[i].target.has_district || t.rows[i].target.has_province ||
			      t.rows[i].target.has_resources);
	cr_expect_eq(t.total.target.recognised_district, 2);
	status_table_free(&t);
}
