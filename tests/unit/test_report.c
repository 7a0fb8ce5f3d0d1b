#include "config.h"
/* The periodic report: every figure of the summary for a quarter (2025-Q2), a half-year
 * (2025-H1) and a year (2025), with events on the periods' boundaries (31/03 and 01/04, 30/06 and
 * 01/07, 31/12); the same period a year earlier, the change, the year to date and the progress
 * towards the year's targets; the rows of each section; the scope; the CSV of a small fixture
 * byte for byte; text, Markdown and .xlsx (a zip file). Fixtures are written directly in the
 * tables, with bound parameters. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/criteria.h"
#include "domain/report.h"
#include "helpers.h"
#include "util/strbuf.h"
#include "util/text.h"

#define TODAY "2026-01-15"
#define NONE NAN                /* an empty cell */

static report rep;
static bool built;

static void setup(void)
{
	setenv("KIEUMAU_TODAY", TODAY, 1);
	tdb_setup();
	built = false;
}

static void teardown(void)
{
	if (built)
		report_free(&rep);
	built = false;
	tdb_teardown();
}

TestSuite(report, .init = setup, .fini = teardown);

/* ---- fixtures ---- */

/* Runs sql with the given parameters: 'i' an int64_t, 's' a string (NULL binds NULL), 'd' a
 * double. */
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
			double d = va_arg(ap, double);
			if (!isnan(d))
				sqlite3_bind_double(st, i + 1, d);
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

static int64_t next_id = 5000;

static void reg(int64_t area, int64_t year, const char *on)
{
	exec("INSERT INTO registration(area_id, year, title, registered_on, recorded_by, recorded_at) "
	     "VALUES (?1, ?2, 'exemplary', ?3, 'test', '2025-01-01T00:00:00Z')", "iis", area, year, on);
}

static void step(int64_t area, int64_t year, const char *which, const char *on)
{
	exec("INSERT INTO cycle_step(area_id, year, step, done_on, done_by, recorded_at) "
	     "VALUES (?1, ?2, ?3, ?4, 'test', '2025-01-01T00:00:00Z')", "iiss", area, year, which, on);
}

/* A recognition; revoked_on NULL if in force. */
static void recog(int64_t area, int64_t year, const char *title, const char *level, const char *no,
		  const char *date, const char *revoked_on, const char *reason)
{
	exec("INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date, "
	     "revoked_decision_no, revoked_on, revoke_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	     "iiisssssss", next_id++, area, year, title, level, no, date, revoked_on ? "QĐ-THU-HOI" : NULL,
	     revoked_on, reason);
}

/* A commendation; amount NAN for none. */
static void award(int64_t area, const char *kind, const char *recipient, const char *form,
		  const char *level, const char *no, const char *date, double amount)
{
	exec("INSERT INTO award(id, recipient_kind, recipient, area_id, form, level, decision_no, "
	     "decision_date, amount, created_by, created_at, updated_by, updated_at) "
	     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 't', 'x', 't', 'x')", "ississssd",
	     next_id++, kind, recipient, area, form, level, no, date, amount);
}

/* A resource entry; quantity NAN for none. */
static void resource(int64_t area, const char *date, const char *source, const char *form,
		     double quantity, int64_t value)
{
	exec("INSERT INTO resource_entry(id, area_id, entry_date, source, form, quantity, value_dong, "
	     "created_by, created_at, updated_by, updated_at) "
	     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 't', 'x', 't', 'x')", "iisssdi",
	     next_id++, area, date, source, form, quantity, value);
}

static void set_target(int64_t area, int64_t year, int64_t district, int64_t province, int64_t dong)
{
	exec("INSERT INTO target(area_id, year, recognised_district, recognised_province, resources_dong, "
	     "updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 't', 'x')", "iiiii",
	     area, year, district, province, dong);
}

/* A judgement of the 2025 set's criterion code at stage, for year. */
static void judge(int64_t area, int64_t year, const char *code, const char *stage, int64_t met)
{
	int64_t set_id = 0;
	cr_assert_eq(criteria_set_for_year(tdb, (int)year, &set_id), 0, "%s", db_error(tdb));
	cr_assert_neq(set_id, 0, "no criteria set for %lld", (long long)year);
	exec("INSERT INTO assessment(area_id, year, criterion_id, stage, met, judged_by, judged_on, updated_at) "
	     "SELECT ?1, ?2, id, ?3, ?4, 'test', '2025-06-01', 'x' FROM criterion WHERE set_id = ?5 AND code = ?6",
	     "iisiis", area, year, stage, met, set_id, code);
}

static const char *const all_codes[] = {
	"KT01", "KT02", "KT03", "VH01", "VH02", "VH03", "MT01", "MT02", "MT03", "MT04", "MT05", "MT06",
	"MT07", "AN01", "AN02", "AN03", "DC01", "DC02",
};

static int64_t A, B, C, D, LX, DD;

/* Villages A, B, C in Lạc Xuân, D in Đạ Ròn; events on the periods' boundaries. */
static void fixture(void)
{
	A = tdb_add_village("Lạc Xuân", "Thôn 1");
	B = tdb_add_village("Lạc Xuân", "Thôn 2");
	C = tdb_add_village("Lạc Xuân", "Thôn 3");
	D = tdb_add_village("Đạ Ròn", "Thôn 1");
	LX = tdb_area("Lạc Xuân");
	DD = tdb_area("Đơn Dương");

	reg(A, 2025, "2025-03-31");
	reg(B, 2025, "2025-04-01");
	reg(C, 2025, "2025-07-01");
	reg(D, 2025, "2025-06-30");
	reg(D, 2026, "2025-12-31");     /* registered early for the next year: counted by its date */
	reg(A, 2024, "2024-04-01");
	reg(B, 2024, "2024-06-30");
	reg(C, 2024, "2024-12-31");

	step(A, 2025, "self_assessed", "2025-06-01");
	step(A, 2025, "appraised", "2025-06-30");
	step(B, 2025, "self_assessed", "2025-06-01");
	step(B, 2025, "appraised", "2025-07-01");
	step(D, 2025, "self_assessed", "2025-03-01");
	step(D, 2025, "appraised", "2025-03-31");
	step(C, 2025, "self_assessed", "2025-05-01");   /* not an appraisal */
	step(A, 2024, "self_assessed", "2024-05-01");
	step(A, 2024, "appraised", "2024-05-10");

	recog(A, 2025, "exemplary", "district", "R1/QĐ", "2025-04-01", NULL, NULL);
	recog(B, 2025, "exemplary", "province", "R2/QĐ", "2025-06-30", "2025-07-01", "Vi phạm");
	recog(D, 2025, "exemplary", "district", "R3/QĐ", "2025-05-15", "2025-06-30", "Không giữ vững");
	recog(C, 2025, "model", "province", "R4/QĐ", "2025-12-31", NULL, NULL);
	recog(A, 2024, "exemplary", "district", "R5/QĐ", "2024-03-31", "2025-04-01", "Sai hồ sơ");
	recog(B, 2024, "exemplary", "province", "R6/QĐ", "2024-06-30", NULL, NULL);

	award(A, "area", "Thôn 1", "Giấy khen", "district", "W1/QĐ", "2025-03-31", 1000000);
	award(B, "household", "Hộ ông Ba", "Bằng khen", "province", "W2/QĐ", "2025-04-01", 2500000);
	award(D, "organisation", "Chi hội Phụ nữ", "Giấy khen", "commune", "W3/QĐ", "2025-06-30", NONE);
	award(C, "area", "Thôn 3", "Giấy khen", "district", "W4/QĐ", "2025-07-01", 500000);
	award(A, "household", "Hộ bà Năm", "Giấy khen", "district", "W5/QĐ", "2025-12-31", 1500000);
	award(A, "area", "Thôn 1", "Giấy khen", "district", "W6/QĐ", "2024-06-30", 3000000);

	resource(A, "2025-03-31", "residents", "cash", NONE, 1500000);
	resource(B, "2025-04-01", "province", "labour", 10, 2000000);
	resource(LX, "2025-06-30", "pooled", "land", 87.5, 43750000);
	resource(D, "2025-07-01", "enterprise", "materials", NONE, 500000);
	resource(A, "2025-12-31", "residents", "cash", NONE, 7000);
	resource(A, "2024-04-01", "residents", "cash", NONE, 1000000);
	resource(B, "2024-06-30", "province", "labour", 4.5, 900000);

	set_target(DD, 2025, 4, 2, 100000000);

	for (size_t i = 0; i < sizeof all_codes / sizeof *all_codes; i++)
		judge(A, 2025, all_codes[i], "appraisal",
		      strcmp(all_codes[i], "KT01") != 0 && strcmp(all_codes[i], "VH02") != 0);
	judge(B, 2025, "KT01", "appraisal", 1);
	judge(B, 2025, "KT02", "appraisal", 0);
	judge(B, 2025, "VH02", "appraisal", 0);
	judge(D, 2025, "KT01", "appraisal", 0);
	judge(C, 2025, "KT01", "self", 1);            /* not the appraisal stage */
	judge(A, 2024, "KT01", "appraisal", 1);       /* not the year */
}

static void build(int64_t area, const char *period_text)
{
	if (built)
		report_free(&rep);
	built = false;
	period p;
	const char *err = NULL;
	cr_assert(period_parse(period_text, &p, &err), "%s: %s", period_text, err);
	cr_assert_eq(report_build(tdb, area, &p, TODAY, NULL, &rep), 0, "%s", db_error(tdb));
	built = true;
}

/* ---- reading the model ---- */

static const report_section *section(const char *key)
{
	for (size_t i = 0; i < rep.nsections; i++)
		if (strcmp(rep.sections[i].key, key) == 0)
			return &rep.sections[i];
	cr_assert_fail("no section %s", key);
	return NULL;
}

static const report_cell *cell(const report_section *s, size_t row, int col)
{
	cr_assert_lt(row, s->nrows, "%s: row %zu missing (only %zu)", s->key, row, s->nrows);
	cr_assert_lt(col, s->ncols);
	return &s->cells[row * (size_t)s->ncols + (size_t)col];
}

/* The number in a cell, or NONE when empty. */
static double num(const report_section *s, size_t row, int col)
{
	const report_cell *c = cell(s, row, col);
	return c->empty ? NONE : c->value;
}

static const char *txt(const report_section *s, size_t row, int col)
{
	const report_cell *c = cell(s, row, col);
	return c->empty || !c->text ? "" : c->text;
}

static void expect_num(const report_section *s, size_t row, int col, double want, const char *what)
{
	double got = num(s, row, col);
	if (isnan(want))
		cr_expect(isnan(got), "%s: %s row %zu col %d: %g, expected empty", what, s->key, row, col, got);
	else
		cr_expect(!isnan(got) && fabs(got - want) < 1e-9, "%s: %s row %zu col %d: %g, expected %g",
			  what, s->key, row, col, got, want);
}

static void expect_txt(const report_section *s, size_t row, int col, const char *want)
{
	cr_expect_str_eq(txt(s, row, col), want, "%s row %zu col %d", s->key, row, col);
}

enum { S_REGISTERED, S_APPRAISED, S_DISTRICT, S_PROVINCE, S_REVOKED, S_AWARDS, S_AMOUNT, S_RESOURCES,
       S_LABOUR, S_LAND, S_ROWS };

/* One summary row: this period, last year's, the change, the year to date, the target and the
 * progress (NONE: empty). */
static void fig(int row, double now, double before, double ytd, double target, double progress)
{
	static const char *const names[] = { "registered", "appraised", "district", "province", "revoked",
					     "awards", "amount", "resources", "labour", "land" };
	const report_section *s = section("summary");
	cr_assert_eq(s->nrows, S_ROWS);
	expect_num(s, (size_t)row, 1, now, names[row]);
	expect_num(s, (size_t)row, 2, before, names[row]);
	expect_num(s, (size_t)row, 3, now - before, names[row]);
	expect_num(s, (size_t)row, 4, ytd, names[row]);
	expect_num(s, (size_t)row, 5, target, names[row]);
	expect_num(s, (size_t)row, 6, progress, names[row]);
}

/* ---- the model ---- */

Test(report, sections_and_periods)
{
	fixture();
	build(DD, "2025-Q2");
	static const char *const keys[] = { "summary", "recognition", "criteria", "resources", "awards", "late" };
	cr_assert_eq(rep.nsections, 6);
	for (size_t i = 0; i < 6; i++) {
		const report_section *s = &rep.sections[i];
		cr_expect_str_eq(s->key, keys[i]);
		cr_expect(s->title && *s->title, "%s has no title", s->key);
		for (int c = 0; c < s->ncols; c++)
			cr_expect(s->headers[c] && *s->headers[c], "%s column %d has no header", s->key, c);
	}
	cr_expect_eq(rep.area_id, DD);
	cr_expect_str_eq(rep.area_name, "Đơn Dương");
	cr_expect_str_eq(rep.period.from, "2025-04-01");
	cr_expect_str_eq(rep.period.to, "2025-06-30");
	cr_expect_str_eq(rep.previous.label, "2024-Q2");
	cr_expect_str_eq(rep.previous.from, "2024-04-01");
	cr_expect_str_eq(rep.previous.to, "2024-06-30");
	cr_expect(rep.generated_at && strlen(rep.generated_at) == 16, "generated at \"%s\"", rep.generated_at);

	build(LX, "2025-H1");
	cr_expect_str_eq(rep.area_name, "Đơn Dương › Lạc Xuân");
	cr_expect_str_eq(rep.previous.label, "2024-H1");
	build(A, "2025");
	cr_expect_str_eq(rep.area_name, "Đơn Dương › Lạc Xuân › Thôn 1");
	cr_expect_str_eq(rep.previous.label, "2024");
	cr_expect_str_eq(rep.previous.from, "2024-01-01");
	cr_expect_str_eq(rep.previous.to, "2024-12-31");
	/* Dates: a leap day becomes 28/02 a year earlier. */
	build(tdb_area("Lâm Đồng"), "01/12/2023-29/02/2024");
	cr_expect_str_eq(rep.area_name, "Lâm Đồng");
	cr_expect_str_eq(rep.previous.from, "2022-12-01");
	cr_expect_str_eq(rep.previous.to, "2023-02-28");
	cr_expect_str_eq(rep.previous.label, "01/12/2022-28/02/2023");
}

Test(report, summary_quarter)
{
	fixture();
	build(DD, "2025-Q2");
	fig(S_REGISTERED, 2, 2, 3, NONE, NONE);          /* B 01/04, D 30/06; A 31/03 is Q1 */
	fig(S_APPRAISED, 1, 1, 2, NONE, NONE);           /* A 30/06; B 01/07 is Q3 */
	fig(S_DISTRICT, 1, 0, 1, 4, 25);                 /* R1; R3 revoked within the quarter */
	fig(S_PROVINCE, 1, 1, 1, 2, 50);                 /* R2, revoked only on 01/07 */
	fig(S_REVOKED, 2, 0, 2, NONE, NONE);             /* R3 30/06, R5 01/04 */
	fig(S_AWARDS, 2, 1, 3, NONE, NONE);
	fig(S_AMOUNT, 2500000, 3000000, 3500000, NONE, NONE);
	fig(S_RESOURCES, 45750000, 1900000, 47250000, 100000000, 47.3);
	fig(S_LABOUR, 10, 4.5, 10, NONE, NONE);
	fig(S_LAND, 87.5, 0, 87.5, NONE, NONE);
}

Test(report, summary_half_year)
{
	fixture();
	build(DD, "2025-H1");
	fig(S_REGISTERED, 3, 2, 3, NONE, NONE);
	fig(S_APPRAISED, 2, 1, 2, NONE, NONE);
	fig(S_DISTRICT, 1, 1, 1, 4, 25);                 /* last year: R5, revoked only in 2025 */
	fig(S_PROVINCE, 1, 1, 1, 2, 50);
	fig(S_REVOKED, 2, 0, 2, NONE, NONE);
	fig(S_AWARDS, 3, 1, 3, NONE, NONE);
	fig(S_AMOUNT, 3500000, 3000000, 3500000, NONE, NONE);
	fig(S_RESOURCES, 47250000, 1900000, 47250000, 100000000, 47.3);
	fig(S_LABOUR, 10, 4.5, 10, NONE, NONE);
	fig(S_LAND, 87.5, 0, 87.5, NONE, NONE);
}

Test(report, summary_year)
{
	fixture();
	build(DD, "2025");
	fig(S_REGISTERED, 5, 3, 5, NONE, NONE);          /* with D's registration for 2026 on 31/12 */
	fig(S_APPRAISED, 3, 1, 3, NONE, NONE);
	fig(S_DISTRICT, 1, 1, 1, 4, 25);
	fig(S_PROVINCE, 1, 1, 1, 2, 50);                 /* R4 on 31/12; R2 revoked on 01/07 */
	fig(S_REVOKED, 3, 0, 3, NONE, NONE);
	fig(S_AWARDS, 5, 1, 5, NONE, NONE);
	fig(S_AMOUNT, 5500000, 3000000, 5500000, NONE, NONE);
	fig(S_RESOURCES, 47757000, 1900000, 47757000, 100000000, 47.8);
	fig(S_LABOUR, 10, 4.5, 10, NONE, NONE);
	fig(S_LAND, 87.5, 0, 87.5, NONE, NONE);
	/* Later quarters: 01/07 and 31/12 fall in them. */
	build(DD, "2025-Q3");
	fig(S_REGISTERED, 1, 0, 4, NONE, NONE);
	fig(S_APPRAISED, 1, 0, 3, NONE, NONE);
	fig(S_PROVINCE, 0, 0, 0, 2, 0);                  /* R2 decided in Q2, revoked by the end of Q3 */
	fig(S_REVOKED, 1, 0, 3, NONE, NONE);
	build(DD, "2025-Q4");
	fig(S_REGISTERED, 1, 1, 5, NONE, NONE);
	fig(S_PROVINCE, 1, 0, 1, 2, 50);
	fig(S_RESOURCES, 7000, 0, 47757000, 100000000, 47.8);
}

Test(report, scope_and_targets)
{
	fixture();
	/* Lạc Xuân: no D, no target of its own. */
	build(LX, "2025-Q2");
	fig(S_REGISTERED, 1, 2, 2, NONE, NONE);
	fig(S_DISTRICT, 1, 0, 1, NONE, NONE);
	fig(S_REVOKED, 1, 0, 1, NONE, NONE);
	fig(S_AWARDS, 1, 1, 2, NONE, NONE);
	fig(S_RESOURCES, 45750000, 1900000, 47250000, NONE, NONE);
	/* The province (and everything) holds everything. */
	build(tdb_area("Lâm Đồng"), "2025-Q2");
	fig(S_REGISTERED, 2, 2, 3, NONE, NONE);
	fig(S_RESOURCES, 45750000, 1900000, 47250000, NONE, NONE);
	build(0, "2025-Q2");
	cr_expect_str_eq(rep.area_name, "All areas");
	fig(S_AWARDS, 2, 1, 3, NONE, NONE);
	/* A target of 0: no progress. */
	set_target(LX, 2025, 0, 1, 0);
	build(LX, "2025");
	fig(S_DISTRICT, 1, 1, 1, 0, NONE);
	fig(S_PROVINCE, 1, 1, 1, 1, 100);
	fig(S_RESOURCES, 47257000, 1900000, 47257000, 0, NONE);
}

Test(report, recognitions)
{
	fixture();
	build(DD, "2025-Q2");
	const report_section *s = section("recognition");
	cr_assert_eq(s->nrows, 4);
	/* Decided or revoked in the quarter, by decision date. */
	const char *want[4][7] = {
		{ "Lạc Xuân › Thôn 1", "exemplary", "district", "R5/QĐ", "2024-03-31", "2025-04-01", "Sai hồ sơ" },
		{ "Lạc Xuân › Thôn 1", "exemplary", "district", "R1/QĐ", "2025-04-01", "", "" },
		{ "Đạ Ròn › Thôn 1", "exemplary", "district", "R3/QĐ", "2025-05-15", "2025-06-30", "Không giữ vững" },
		{ "Lạc Xuân › Thôn 2", "exemplary", "province", "R2/QĐ", "2025-06-30", "", "" },   /* revoked later */
	};
	for (size_t r = 0; r < 4; r++) {
		cr_expect(strstr(txt(s, r, 0), want[r][0]) != NULL, "row %zu: area %s", r, txt(s, r, 0));
		cr_expect(strncmp(txt(s, r, 0), "Đơn Dương › ", strlen("Đơn Dương › ")) == 0,
			  "row %zu: the path below the province: %s", r, txt(s, r, 0));
		cr_expect(strstr(txt(s, r, 1), want[r][1]) != NULL, "row %zu: title %s", r, txt(s, r, 1));
		cr_expect(strstr(txt(s, r, 2), want[r][2]) != NULL, "row %zu: level %s", r, txt(s, r, 2));
		for (int c = 3; c < 7; c++)
			expect_txt(s, r, c, want[r][c]);
		cr_expect_eq(cell(s, r, 4)->kind, CELLK_DATE);
	}
	build(DD, "2025-H2");
	s = section("recognition");
	cr_assert_eq(s->nrows, 2);
	expect_txt(s, 0, 3, "R2/QĐ");
	expect_txt(s, 0, 5, "2025-07-01");
	expect_txt(s, 0, 6, "Vi phạm");
	expect_txt(s, 1, 3, "R4/QĐ");
	cr_expect(strstr(txt(s, 1, 1), "model") != NULL, "title %s", txt(s, 1, 1));
	build(LX, "2025");
	s = section("recognition");
	cr_expect_eq(s->nrows, 4, "R5, R1, R2, R4; not R3 of Đạ Ròn (%zu)", s->nrows);
}

Test(report, criteria)
{
	fixture();
	build(DD, "2025-Q2");
	const report_section *s = section("criteria");
	cr_assert_eq(s->nrows, 5 + 1 + 5);
	/* Groups: criteria, met, judged, share. */
	const double g[5][4] = { { 3, 3, 6, 50 }, { 3, 2, 4, 50 }, { 7, 7, 7, 100 }, { 3, 3, 3, 100 },
				 { 2, 2, 2, 100 } };
	for (size_t r = 0; r < 5; r++) {
		char code[8];
		snprintf(code, sizeof code, "%zu", r + 1);
		expect_txt(s, r, 0, "Group");
		expect_txt(s, r, 1, code);
		cr_expect(*txt(s, r, 2), "group %zu has no name", r + 1);
		for (int c = 0; c < 4; c++)
			expect_num(s, r, 3 + c, g[r][c], "group");
	}
	expect_txt(s, 5, 0, "Total");
	expect_num(s, 5, 3, 18, "total");
	expect_num(s, 5, 4, 17, "total");
	expect_num(s, 5, 5, 22, "total");
	expect_num(s, 5, 6, 77.3, "total");
	/* The weakest: lowest share met, then the set's order. */
	const char *codes[5] = { "VH02", "KT01", "KT02", "KT03", "VH01" };
	const double w[5][3] = { { 0, 2, 0 }, { 1, 3, 33.3 }, { 1, 2, 50 }, { 1, 1, 100 }, { 1, 1, 100 } };
	for (size_t r = 0; r < 5; r++) {
		expect_txt(s, 6 + r, 0, "Weakest criterion");
		expect_txt(s, 6 + r, 1, codes[r]);
		cr_expect(*txt(s, 6 + r, 2), "%s has no name", codes[r]);
		expect_num(s, 6 + r, 3, NONE, "weakest");
		for (int c = 0; c < 3; c++)
			expect_num(s, 6 + r, 4 + c, w[r][c], codes[r]);
	}
	/* Lạc Xuân: without D's KT01. */
	build(LX, "2025");
	s = section("criteria");
	expect_num(s, 0, 4, 3, "group 1 met");
	expect_num(s, 0, 5, 5, "group 1 judged");
	expect_num(s, 0, 6, 60, "group 1 share");
	/* A year without judgements: groups with nothing judged, no weakest. */
	build(LX, "2023");
	s = section("criteria");
	cr_assert_eq(s->nrows, 6);
	expect_num(s, 0, 5, 0, "judged");
	expect_num(s, 0, 6, NONE, "share");
}

Test(report, resources)
{
	fixture();
	build(DD, "2025-Q2");
	const report_section *s = section("resources");
	cr_assert_eq(s->nrows, 10 + 6 + 1);
	cr_assert_eq(s->ncols, 5);
	/* Sources: central, province, district, commune, pooled, credit, enterprise, residents, donors,
	 * other; forms: cash, labour, land, materials, machinery, other; the total. */
	const double now[17] = { 0, 2000000, 0, 0, 43750000, 0, 0, 0, 0, 0,
				 0, 2000000, 43750000, 0, 0, 0, 45750000 };
	const double before[17] = { 0, 900000, 0, 0, 0, 0, 0, 1000000, 0, 0,
				    1000000, 900000, 0, 0, 0, 0, 1900000 };
	for (size_t r = 0; r < 17; r++) {
		expect_txt(s, r, 0, r < 10 ? "By source" : r < 16 ? "By form" : "Total");
		cr_expect(*txt(s, r, 1), "row %zu has no label", r);
		expect_num(s, r, 2, now[r], "this period");
		expect_num(s, r, 3, before[r], "last year");
		expect_num(s, r, 4, now[r] - before[r], "change");
		cr_expect_eq(cell(s, r, 2)->kind, CELLK_MONEY);
	}
	expect_txt(s, 7, 1, "Residents");
	expect_txt(s, 12, 1, "Donated land");
	build(DD, "2025");
	s = section("resources");
	expect_num(s, 6, 2, 500000, "enterprise");
	expect_num(s, 7, 2, 1507000, "residents");
	expect_num(s, 16, 2, 47757000, "total");
}

Test(report, awards)
{
	fixture();
	build(DD, "2025-Q2");
	const report_section *s = section("awards");
	cr_assert_eq(s->nrows, 2);
	expect_txt(s, 0, 0, "2025-04-01");
	expect_txt(s, 0, 1, "W2/QĐ");
	expect_txt(s, 0, 2, "Bằng khen");
	cr_expect(strstr(txt(s, 0, 3), "province") != NULL, "level %s", txt(s, 0, 3));
	expect_txt(s, 0, 4, "Hộ ông Ba");
	expect_txt(s, 0, 5, "Đơn Dương › Lạc Xuân › Thôn 2");
	expect_num(s, 0, 6, 2500000, "amount");
	expect_txt(s, 1, 0, "2025-06-30");
	expect_txt(s, 1, 1, "W3/QĐ");
	expect_txt(s, 1, 4, "Chi hội Phụ nữ");
	expect_txt(s, 1, 5, "Đơn Dương › Đạ Ròn › Thôn 1");
	expect_num(s, 1, 6, NONE, "no amount");
	build(DD, "2025");
	s = section("awards");
	cr_assert_eq(s->nrows, 5);
	expect_txt(s, 0, 0, "2025-03-31");
	expect_txt(s, 4, 0, "2025-12-31");
	expect_num(s, 4, 6, 1500000, "amount");
}

Test(report, late)
{
	fixture();
	build(DD, "2025-Q2");
	const report_section *s = section("late");
	cr_assert_eq(s->nrows, 2);
	/* R1 (01/04/2025) has no commendation of the area: 289 days, 259 beyond the 30 allowed. */
	expect_txt(s, 0, 1, "Đơn Dương › Lạc Xuân › Thôn 1");
	expect_txt(s, 0, 2, "2025-04-01");
	expect_num(s, 0, 3, 259, "days late");
	/* B's title of 2024 is due for its re-check: undated. */
	expect_txt(s, 1, 1, "Đơn Dương › Lạc Xuân › Thôn 2");
	expect_num(s, 1, 2, NONE, "since");
	expect_num(s, 1, 3, 0, "days late");
	cr_expect_str_neq(txt(s, 0, 0), txt(s, 1, 0));
	/* A commendation of the area after the decision takes it off. */
	award(A, "area", "Thôn 1", "Giấy khen", "district", "W7/QĐ", "2025-04-20", 100000);
	build(DD, "2025-Q2");
	cr_expect_eq(section("late")->nrows, 1);
}

Test(report, errors)
{
	period p;
	memset(&p, 0, sizeof p);
	strcpy(p.from, "2025-07-01");
	strcpy(p.to, "2025-06-30");
	cr_expect_eq(report_build(tdb, 0, &p, TODAY, NULL, &rep), -1, "a period ending before it begins");
	const char *err = NULL;
	cr_assert(period_parse("2025", &p, &err));
	cr_expect_eq(report_build(tdb, 0, &p, "15/01/2026", NULL, &rep), -1, "today not yyyy-mm-dd");
	cr_expect_eq(report_build(tdb, 987654321, &p, TODAY, NULL, &rep), -1, "no such area");
	cr_expect_eq(report_format_parse("text"), REPORT_TEXT);
	cr_expect_eq(report_format_parse("md"), REPORT_MD);
	cr_expect_eq(report_format_parse("csv"), REPORT_CSV);
	cr_expect_eq(report_format_parse("xlsx"), REPORT_XLSX);
	cr_expect_eq(report_format_parse("pdf"), -1);
	cr_expect_eq(report_format_parse(NULL), -1);
}

/* ---- rendering ---- */

/* Display columns of line up to end. */
static int text_width_prefix(const char *line, const char *end)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%.*s", (int)(end - line), line);
	return text_width(buf);
}

/* The report written in format f, as a malloc'd string. */
static char *render(report_format f, bool bom)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_not_null(out);
	char err[256];
	int rc = report_write(&rep, f, out, NULL, bom, err, sizeof err);
	fclose(out);
	cr_assert_eq(rc, 0, "%s", err);
	return buf;
}

/* One village of Ka Đô, one of each thing in 2025-Q2. */
static void small_fixture(void)
{
	int64_t k = tdb_add_village("Ka Đô", "Thôn 1");
	reg(k, 2025, "2025-04-02");
	step(k, 2025, "self_assessed", "2025-04-20");
	step(k, 2025, "appraised", "2025-05-04");
	recog(k, 2025, "exemplary", "district", "12/QĐ-UBND", "2025-05-06", NULL, NULL);
	award(k, "household", "Hộ ông \"Tư\"", "Giấy khen, loại 1", "district", "7/QĐ", "2025-05-20", 1500000);
	award(k, "area", "Thôn 1", "Giấy khen", "commune", "8/QĐ", "2025-06-01", NONE);
	resource(k, "2025-04-10", "residents", "cash", NONE, 2000000);
	resource(k, "2025-06-30", "residents", "labour", 12.25, 2450000);
	resource(k, "2024-05-01", "donors", "cash", NONE, 1000000);
	set_target(tdb_area("Ka Đô"), 2025, 3, 0, 9000000);     /* a target of 0: no progress */
	build(tdb_area("Ka Đô"), "2025-Q2");
}

Test(report, csv_exact)
{
	small_fixture();
	char *crlf = render(REPORT_CSV, false);
	/* RFC 4180: every record ends with CRLF; compare the text with plain newlines. */
	size_t lf = 0, pairs = 0;
	for (const char *p = crlf; *p; p++) {
		lf += *p == '\n';
		pairs += *p == '\n' && p > crlf && p[-1] == '\r';
	}
	cr_expect_eq(pairs, lf, "every line ends with CRLF");
	char *csv = xstrdup(crlf);
	char *w = csv;
	for (const char *p = crlf; *p; p++)
		if (*p != '\r')
			*w++ = *p;
	*w = '\0';
	free(crlf);
	const char *want =
		"Key figures\n"
		"Indicator,This period,Same period last year,Change,Year to date,Year's target,Progress %\n"
		"Areas registered,1,0,1,1,,\n"
		"Areas appraised,1,0,1,1,,\n"
		"Recognised at district level,1,0,1,1,3,33.3\n"
		"Recognised at province level,0,0,0,0,0,\n"
		"Recognitions revoked,0,0,0,0,,\n"
		"Commendations,2,0,2,2,,\n"
		"Commendation amounts,1500000,0,1500000,1500000,,\n"
		"Resources mobilised,4450000,1000000,3450000,4450000,9000000,49.4\n"
		"Labour days contributed,12.25,0,12.25,12.25,,\n"
		"Land donated (m²),0,0,0,0,,\n"
		"\n"
		"Recognitions decided or revoked in the period\n"
		"Area,Title,Level,Decision,Decision date,Revoked on,Reason for revocation\n"
		"Đơn Dương › Ka Đô › Thôn 1,exemplary residential area,district level,12/QĐ-UBND,06/05/2025,,\n"
		"\n"
		"\"Criteria met at appraisal, 2025: by group, and the weakest\"\n"
		"Line,Code,Name,Criteria,Met,Judged,Share met %\n"
		"Group,1,\"Đoàn kết tham gia phát triển kinh tế, giúp nhau giảm nghèo bền vững, nâng cao đời sống\",3,0,0,\n"
		"Group,2,\"Đoàn kết xây dựng đời sống văn hóa, giáo dục, y tế; xây dựng gia đình văn hóa\",3,0,0,\n"
		"Group,3,\"Đoàn kết bảo vệ môi trường, ứng phó biến đổi khí hậu, cảnh quan sáng, xanh, sạch, đẹp\",7,0,0,\n"
		"Group,4,\"Đoàn kết chấp hành pháp luật, bảo đảm trật tự, an toàn xã hội\",3,0,0,\n"
		"Group,5,\"Đoàn kết phát huy dân chủ, giám sát và phản biện xã hội, xây dựng hệ thống chính trị cơ sở\",2,0,0,\n"
		"Total,,All criteria,18,0,0,\n"
		"\n"
		"Resources mobilised by source and by form (đồng)\n"
		"Breakdown,Item,This period,Same period last year,Change\n"
		"By source,State budget: central,0,0,0\n"
		"By source,State budget: province,0,0,0\n"
		"By source,State budget: district,0,0,0\n"
		"By source,State budget: commune,0,0,0\n"
		"By source,Pooled programmes,0,0,0\n"
		"By source,Credit,0,0,0\n"
		"By source,Enterprises,0,0,0\n"
		"By source,Residents,4450000,0,4450000\n"
		"By source,Donors,0,1000000,-1000000\n"
		"By source,Other,0,0,0\n"
		"By form,Cash,2000000,1000000,1000000\n"
		"By form,Labour days,2450000,0,2450000\n"
		"By form,Donated land,0,0,0\n"
		"By form,Materials,0,0,0\n"
		"By form,Machinery,0,0,0\n"
		"By form,Other,0,0,0\n"
		"Total,All resources,4450000,1000000,3450000\n"
		"\n"
		"Commendations decided in the period\n"
		"Date,Decision,Form,Level,Recipient,Area,Amount\n"
		"20/05/2025,7/QĐ,\"Giấy khen, loại 1\",district level,\"Hộ ông \"\"Tư\"\"\",Đơn Dương › Ka Đô › Thôn 1,1500000\n"
		"01/06/2025,8/QĐ,Giấy khen,commune level,Thôn 1,Đơn Dương › Ka Đô › Thôn 1,\n"
		"\n"
		"Due or late as of 15/01/2026 (worklist 2025)\n"
		"Kind,Area,Since,Days late\n";
	cr_expect_str_eq(csv, want);
	free(csv);
	/* With a byte order mark for Excel. */
	csv = render(REPORT_CSV, true);
	cr_expect(strncmp(csv, "\xef\xbb\xbfKey figures\r\n", 16) == 0, "no BOM: %.20s", csv);
	char *plain = render(REPORT_CSV, false);
	cr_expect_str_eq(csv + 3, plain);
	free(plain);
	free(csv);
}

Test(report, text_and_markdown)
{
	small_fixture();
	char *text = render(REPORT_TEXT, false);
	cr_expect(strstr(text, "Ka Đô") != NULL);
	cr_expect(strstr(text, "2025-Q2 (01/04/2025-30/06/2025)") != NULL, "%s", text);
	cr_expect(strstr(text, "2024-Q2 (01/04/2024-30/06/2024)") != NULL);
	cr_expect(strstr(text, "1.500.000 đ") != NULL, "money the Vietnamese way");
	cr_expect(strstr(text, "4.450.000 đ") != NULL);
	cr_expect(strstr(text, "33,3%") != NULL, "percent with a decimal comma");
	cr_expect(strstr(text, "12,25") != NULL, "labour days with a decimal comma");
	cr_expect(strstr(text, "06/05/2025") != NULL, "dates dd/mm/yyyy");
	cr_expect(strstr(text, "1. Key figures\n") != NULL);
	cr_expect(strstr(text, "6. Due or late as of 15/01/2026 (worklist 2025)\n") != NULL);
	/* Columns line up by display width: the values of a number column end at the same column. */
	const char *a = strstr(text, "\nAreas registered");
	const char *b = strstr(text, "\nCommendation amounts");
	cr_assert(a && b);
	const char *ea = strchr(a + 1, '\n'), *eb = strchr(b + 1, '\n');
	cr_assert(ea && eb);
	char la[256], lb[256];
	snprintf(la, sizeof la, "%.*s", (int)(ea - a - 1), a + 1);
	snprintf(lb, sizeof lb, "%.*s", (int)(eb - b - 1), b + 1);
	/* "This period" column: the first number's end. */
	const char *na = strstr(la, " 1 "), *nb = strstr(lb, "1.500.000 đ");
	cr_assert(na && nb, "%s / %s", la, lb);
	cr_expect_eq(text_width_prefix(la, na + 2), text_width_prefix(lb, nb + strlen("1.500.000 đ")),
		     "\n%s\n%s", la, lb);
	free(text);

	char *md = render(REPORT_MD, false);
	cr_expect(strstr(md, "# Periodic report: Đơn Dương › Ka Đô\n") != NULL, "%s", md);
	cr_expect(strstr(md, "\n## Key figures\n\n| Indicator | This period |") != NULL, "%s", md);
	cr_expect(strstr(md, "| --- | ---: | ---: |") != NULL);
	cr_expect(strstr(md, "| Commendation amounts | 1.500.000 đ | 0 đ | 1.500.000 đ |") != NULL, "%s", md);
	cr_expect(strstr(md, "| 20/05/2025 | 7/QĐ | Giấy khen, loại 1 |") != NULL);
	free(md);
}

/* Texts written into the database by another program (here, straight into the table) with escape
 * sequences, C1 controls, a bidi override, invalid UTF-8, a storm of marks and Markdown markup:
 * the text and Markdown reports show them harmlessly, and the columns still line up. */
Test(report, hostile_text_is_shown_safely)
{
	int64_t k = tdb_add_village("Ka Đô", "Thôn 1");
	award(k, "household", "R\x1b]0;PWNED\x07|x*y_<b>\xc2\x9b" "2J\xe2\x80\xae" "end",
	      "F\x1b[2J\x9bo\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81" "m", "district", "7/QĐ",
	      "2025-05-20", 1500000);
	award(k, "household", "Plain", "Form", "district", "8/QĐ", "2025-05-21", 1500000);
	build(tdb_area("Ka Đô"), "2025-Q2");
	const char *shown_recipient = "R\xef\xbf\xbd]0;PWNED\xef\xbf\xbd|x*y_<b>\xef\xbf\xbd" "2Jend";
	const char *shown_form = "F\xef\xbf\xbd[2J\xef\xbf\xbdo\xcc\x81\xcc\x81\xcc\x81\xcc\x81" "m";

	char *text = render(REPORT_TEXT, false);
	cr_expect_null(strchr(text, '\x1b'), "an escape character in the text report");
	cr_expect_null(strstr(text, "\xc2\x9b"), "a C1 CSI in the text report");
	cr_expect_null(strstr(text, "\xe2\x80\xae"), "a bidi override in the text report");
	cr_expect(text_valid_utf8(text));
	cr_expect(strstr(text, shown_recipient) != NULL, "%s", text);
	cr_expect(strstr(text, shown_form) != NULL, "%s", text);
	/* the Level column starts at the same column on both rows */
	const char *a = strstr(text, "7/QĐ"), *b = strstr(text, "8/QĐ");
	cr_assert(a && b);
	while (a > text && a[-1] != '\n')
		a--;
	while (b > text && b[-1] != '\n')
		b--;
	const char *la = strstr(a, "district level"), *lb = strstr(b, "district level");
	cr_assert(la && lb);
	cr_expect_eq(text_width_prefix(a, la), text_width_prefix(b, lb), "\n%.120s\n%.120s", a, b);
	free(text);

	char *md = render(REPORT_MD, false);
	cr_expect_null(strchr(md, '\x1b'), "an escape character in the Markdown report");
	cr_expect_null(strstr(md, "\xe2\x80\xae"));
	cr_expect(strstr(md, "| R\xef\xbf\xbd\\]0;PWNED\xef\xbf\xbd\\|x\\*y\\_\\<b\\>\xef\xbf\xbd" "2Jend |")
		  != NULL, "%s", md);
	free(md);
}

Test(report, xlsx_is_a_zip)
{
	small_fixture();
	char *path = test_join(tdb_dir, "r.xlsx");
	char err[256] = "";
	cr_assert_eq(report_write(&rep, REPORT_XLSX, NULL, path, false, err, sizeof err), 0, "%s", err);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	char magic[4] = { 0 };
	size_t n = fread(magic, 1, 4, f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	cr_expect_eq(n, 4);
	cr_expect(memcmp(magic, "PK\x03\x04", 4) == 0, "not a zip file");
	cr_expect_gt(size, 2000);
	/* No path, or one that cannot be written: an error, not a crash. */
	cr_expect_eq(report_write(&rep, REPORT_XLSX, NULL, NULL, false, err, sizeof err), -1);
	cr_expect(*err, "no message");
	char *bad = test_join(tdb_dir, "no/such/dir/r.xlsx");
	err[0] = '\0';
	cr_expect_eq(report_write(&rep, REPORT_XLSX, NULL, bad, false, err, sizeof err), -1);
	cr_expect(*err, "no message");
	free(bad);
	free(path);
}
