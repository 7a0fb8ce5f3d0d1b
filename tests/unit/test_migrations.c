#include "config.h"
/* Schema v7: a v6 database (made by migrations 1 to 6, with data and its audit log) is rebuilt
 * with CHECKs that SQLite evaluates cheaply; every row, index, trigger and reference survives,
 * the checks still refuse what they refused, and a failed upgrade leaves the file as it was. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "storage/maintenance.h"
#include "storage/migrations.h"
#include "storage/schema_rebuild.h"
#include "util/strbuf.h"

static char dir[64];
static char path[128];

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/kieumau-unit-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/v6.db", dir);
	/* tdb_teardown removes tdb_dir and everything in it. */
	snprintf(tdb_dir, 64, "%s", dir);
}

TestSuite(migration7, .init = setup, .fini = tdb_teardown);

/* The program's audit functions (the triggers call them), as db_open registers them. */
static void fn_user(sqlite3_context *c, int n, sqlite3_value **v)
{
	(void)n, (void)v;
	sqlite3_result_text(c, "tester", -1, SQLITE_STATIC);
}

static void fn_audit(sqlite3_context *c, int n, sqlite3_value **v)
{
	(void)n, (void)v;
	sqlite3_result_int(c, 1);
}

static sqlite3 *open_raw(void)
{
	sqlite3 *h;
	cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_create_function(h, "km_user", 0, SQLITE_UTF8, NULL, fn_user, NULL, NULL);
	sqlite3_create_function(h, "km_audit", 0, SQLITE_UTF8, NULL, fn_audit, NULL, NULL);
	cr_assert_eq(sqlite3_exec(h, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL", NULL, NULL, NULL),
		     SQLITE_OK);
	return h;
}

static void exec_ok(sqlite3 *h, const char *sql)
{
	cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(h));
}

static int64_t int_of(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(h));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Rows of every kind in every table of schema v6, written with the audit triggers on. */
static const char v6_data[] =
	"INSERT INTO area(id, code, name, kind, parent_id, name_folded, sort_key, origin, created_at, updated_at) VALUES "
	"  (1, '68', 'Lâm Đồng', 'province', NULL, 'lam dong', x'01', 'default', '2025-01-01', '2025-01-01'),"
	"  (2, '677', 'Đơn Dương', 'district', 1, 'don duong', x'02', 'default', '2025-01-01', '2025-01-01'),"
	"  (3, '24934', 'Lạc Xuân', 'commune', 2, 'lac xuan', x'03', 'default', '2025-01-01', '2025-01-01'),"
	"  (4, '24934-01', 'Thôn 1', 'village', 3, 'thon 1', x'04', 'user', '2025-01-01', '2025-01-01');"
	"INSERT INTO criteria_set(id, code, name, year_from, imported_at) VALUES (10, 'qd-1', 'Bộ 1', 2021, '2025-01-01');"
	"INSERT INTO criteria_group(id, set_id, position, code, name) VALUES (11, 10, 1, 'I', 'Nhóm I');"
	"INSERT INTO criterion(id, set_id, group_id, position, code, name, measure, comparison, threshold) VALUES "
	"  (12, 10, 11, 1, '1', 'Đường', 'percent', '>=', 80), (13, 10, 11, 2, '2', 'Nhà', 'yesno', NULL, NULL);"
	"INSERT INTO criterion_level(criterion_id, position, label) VALUES (12, 1, 'Khá');"
	"INSERT INTO criterion_area_threshold(criterion_id, area_type, threshold) VALUES (12, 'KV1', 70);"
	"INSERT INTO year_criteria_set(year, set_id) VALUES (2025, 10);"
	"INSERT INTO assessment(area_id, year, criterion_id, stage, met, value, judged_by, judged_on, updated_at) VALUES "
	"  (4, 2025, 12, 'self', 1, 85, 'tester', '2025-03-01', '2025-03-01'),"
	"  (4, 2025, 13, 'appraisal', 0, NULL, 'tester', '2025-03-02', '2025-03-02');"
	"INSERT INTO assessment_history(id, area_id, year, criterion_id, stage, new_met, changed_by, changed_at) VALUES "
	"  (14, 4, 2025, 12, 'self', 1, 'tester', '2025-03-01');"
	"INSERT INTO area_fact(area_id, year, key, value_num, updated_by, updated_at) VALUES (4, 2025, 'households', 120, 'tester', '2025-01-02');"
	"INSERT INTO criterion_org(area_id, criterion_id, org, updated_by, updated_at) VALUES (4, 12, 'Hội Nông dân', 'tester', '2025-01-02');"
	"INSERT INTO registration(area_id, year, title, registered_on, recorded_by, recorded_at) VALUES (4, 2025, 'model', '2025-02-01', 'tester', '2025-02-01');"
	"INSERT INTO cycle_step(area_id, year, step, done_on, done_by, recorded_at) VALUES (4, 2025, 'self_assessed', '2025-06-01', 'tester', '2025-06-01');"
	"INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date) VALUES (20, 4, 2025, 'model', 'district', '12/QĐ', '2025-11-01');"
	"INSERT INTO recheck(area_id, year, result, checked_on, recorded_by, recorded_at) VALUES (4, 2025, 'maintained', '2025-12-01', 'tester', '2025-12-01');"
	"INSERT INTO award(id, recipient_kind, recipient, area_id, form, level, decision_no, decision_date, amount, recognition_id, created_by, created_at, updated_by, updated_at) VALUES "
	"  (30, 'household', 'Hộ ông A', 4, 'Giấy khen', 'commune', '5/QĐ', '2025-11-02', 500000, 20, 'tester', '2025-11-02', 'tester', '2025-11-02');"
	"INSERT INTO resource_entry(id, area_id, entry_date, source, form, quantity, unit, value_dong, work, contributor, created_by, created_at, updated_by, updated_at) VALUES "
	"  (40, 4, '2025-04-01', 'residents', 'labour', 12, 'ngày công', 2400000, 'Đường thôn', 'Hộ bà B', 'tester', '2025-04-01', 'tester', '2025-04-01'),"
	"  (41, 3, '2025-04-02', 'central', 'cash', NULL, NULL, 90000000, NULL, NULL, 'tester', '2025-04-02', 'tester', '2025-04-02'),"
	"  (42, 4, '2025-04-03', 'donors', 'materials', 3, 'tấn', 5100000, NULL, NULL, 'tester', '2025-04-03', 'tester', '2025-04-03');"
	"INSERT INTO resource_history(id, entry_id, action, new_row, changed_by, changed_at) VALUES (43, 40, 'import', 'a,b', 'tester', '2025-04-01');"
	"INSERT INTO target(area_id, year, recognised_district, resources_dong, updated_by, updated_at) VALUES (3, 2025, 2, 100000000, 'tester', '2025-01-03');"
	"INSERT INTO app_user(name, role, scope_area_id, created_by, created_at, updated_by, updated_at) VALUES ('b', 'village', 4, 'tester', '2025-01-01', 'tester', '2025-01-01');"
	"INSERT INTO meta(key, value) VALUES ('site_id', 7), ('next_id', 100);"
	/* Changes and a deletion, for the log's update and delete rows. */
	"UPDATE resource_entry SET value_dong = 2500000 WHERE id = 40;"
	"UPDATE award SET amount = 600000 WHERE id = 30;"
	"DELETE FROM resource_entry WHERE id = 42;";

/* A new v6 database with v6_data, closed. */
static void make_v6(void)
{
	sqlite3 *h = open_raw();
	char *err = NULL;
	cr_assert_eq(migrations_apply_to(h, 6, &err), 0, "%s", err);
	cr_assert_eq(int_of(h, "PRAGMA user_version"), 6);
	exec_ok(h, v6_data);
	cr_assert_gt(int_of(h, "SELECT count(*) FROM audit WHERE action = 'update'"), 0);
	sqlite3_close(h);
}

/* Every row of every table as text, the columns each had in v6 (v7 adds two to the audit). */
static char *contents(sqlite3 *h, const strbuf *columns_of_v6)
{
	strbuf out;
	sb_init(&out);
	const char *p = columns_of_v6->s;
	while (*p) {
		const char *nl = strchr(p, '\n');
		strbuf q;
		sb_init(&q);
		sb_printf(&q, "%.*s", (int)(nl - p), p);
		p = nl + 1;
		sqlite3_stmt *st;
		cr_assert_eq(sqlite3_prepare_v2(h, q.s, -1, &st, NULL), SQLITE_OK, "%s: %s", q.s, sqlite3_errmsg(h));
		sb_printf(&out, "%s\n", q.s);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const unsigned char *t = sqlite3_column_text(st, c);
				sb_printf(&out, "%d:%s|", sqlite3_column_type(st, c), t ? (const char *)t : "");
			}
			sb_addc(&out, '\n');
		}
		sqlite3_finalize(st);
		sb_free(&q);
	}
	return sb_take(&out);
}

/* "SELECT cols FROM table ORDER BY ..." for every table, one a line. */
static void v6_queries(sqlite3 *h, strbuf *out)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(h,
		"SELECT 'SELECT ' || (SELECT group_concat('\"' || c.name || '\"', ', ') FROM pragma_table_info(t.name) c) "
		"  || ' FROM \"' || t.name || '\" ORDER BY ' "
		"  || (SELECT group_concat(c.cid + 1, ', ') FROM pragma_table_info(t.name) c) FROM sqlite_schema t "
		"WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite%' ORDER BY t.name", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		sb_printf(out, "%s\n", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* The names of the schema's objects of type (but the index v7 adds). */
static char *schema_names(sqlite3 *h, const char *type)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(h, "SELECT group_concat(name, ' ') FROM "
				       "(SELECT name FROM sqlite_schema WHERE type = ?1 AND name <> 'audit_by_range' "
				       "ORDER BY name)", -1, &st, NULL),
		     SQLITE_OK);
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	char *s = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

/* sql fails with a CHECK constraint. */
static void refused_by_check(sqlite3 *h, const char *sql)
{
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	cr_expect_eq(sqlite3_extended_errcode(h), SQLITE_CONSTRAINT_CHECK, "%s: %d %s", sql, rc,
		     sqlite3_errmsg(h));
}

Test(migration7, a_v6_file_keeps_its_rows_indexes_triggers_and_log)
{
	make_v6();
	sqlite3 *h = open_raw();
	strbuf queries;
	sb_init(&queries);
	v6_queries(h, &queries);
	char *before = contents(h, &queries);
	char *indexes = schema_names(h, "index"), *triggers = schema_names(h, "trigger");
	int64_t logged = int_of(h, "SELECT count(*) FROM audit");
	cr_assert_gt(logged, 20);
	cr_assert_gt(int_of(h, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (% IN (%'"), 10);

	char *err = NULL;
	cr_assert_eq(migrations_apply_to(h, 7, &err), 0, "%s", err);
	cr_expect_eq(int_of(h, "PRAGMA user_version"), 7);

	char *after = contents(h, &queries);
	cr_expect_str_eq(after, before, "every row of every table as it was");
	char *indexes7 = schema_names(h, "index"), *triggers7 = schema_names(h, "trigger");
	cr_expect_str_eq(indexes7, indexes, "the same indexes");
	cr_expect_eq(int_of(h, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_by_range'"), 1);
	cr_expect_str_eq(triggers7, triggers, "the same triggers");
	cr_expect_eq(int_of(h, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (% IN (%'"), 0,
		     "no CHECK uses IN any more");
	cr_expect_eq(int_of(h, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'km_rebuild%'"), 0);
	cr_expect_eq(int_of(h, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	cr_expect_eq(int_of(h, "PRAGMA foreign_keys"), 1, "foreign keys back on");
	cr_expect_eq(int_of(h, "PRAGMA legacy_alter_table"), 0, "the legacy rename mode off again");

	/* The rewritten checks refuse what IN refused, and let NULL through as IN did. */
	refused_by_check(h, "INSERT INTO resource_entry(id, area_id, entry_date, source, form, value_dong, "
			    "created_by, created_at, updated_by, updated_at) VALUES (90, 4, '2025-05-01', "
			    "'lottery', 'cash', 1, 't', 't', 't', 't')");
	refused_by_check(h, "UPDATE resource_entry SET form = 'gold' WHERE id = 40");
	refused_by_check(h, "UPDATE resource_entry SET origin = 'Demo' WHERE id = 40");
	refused_by_check(h, "UPDATE resource_history SET action = 'imported' WHERE id = 43");
	refused_by_check(h, "UPDATE area SET kind = 'hamlet' WHERE id = 4");
	refused_by_check(h, "UPDATE area SET code_official = 2 WHERE id = 4");
	refused_by_check(h, "UPDATE assessment SET stage = 'final' WHERE criterion_id = 12");
	refused_by_check(h, "UPDATE award SET level = 'village' WHERE id = 30");
	refused_by_check(h, "UPDATE app_user SET role = 'root' WHERE name = 'b'");
	refused_by_check(h, "INSERT INTO audit(at, user, tbl, row_key, action) VALUES ('t', 'u', 't', '1', 'import')");
	exec_ok(h, "UPDATE criterion SET comparison = NULL WHERE id = 12");
	exec_ok(h, "UPDATE criterion SET comparison = '<' WHERE id = 12");
	exec_ok(h, "UPDATE resource_entry SET source = 'donors', form = 'land' WHERE id = 40");

	/* The log still records every change and still refuses to be rewritten. */
	cr_expect_eq(int_of(h, "SELECT count(*) FROM audit"), logged + 1);
	cr_expect_eq(int_of(h, "SELECT count(*) FROM audit WHERE tbl = 'resource_entry' AND row_key = '40' "
			       "AND action = 'update' AND json_extract(new_row, '$.form') = 'land'"), 1);
	cr_expect_neq(sqlite3_exec(h, "UPDATE audit SET user = 'x'", NULL, NULL, NULL), SQLITE_OK);
	cr_expect_neq(sqlite3_exec(h, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
	/* And references are enforced again. */
	cr_expect_eq(sqlite3_exec(h, "UPDATE resource_entry SET area_id = 999 WHERE id = 40", NULL, NULL, NULL),
		     SQLITE_CONSTRAINT);
	sqlite3_close(h);

	/* Opened by the program: nothing more to migrate, and `kieumau check` finds it sound. */
	km_db *db = db_open(path, &err);
	cr_assert_not_null(db, "%s", err);
	check_result *r;
	size_t n;
	cr_assert_eq(db_check(db, &r, &n), 0, "%s", db_error(db));
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(r[i].level, CHECK_OK, "%s: %s", r[i].key, r[i].nlines ? r[i].lines[0] : "");
	check_results_free(r, n);
	db_close(db);

	free(before);
	free(after);
	free(indexes);
	free(indexes7);
	free(triggers);
	free(triggers7);
	sb_free(&queries);
}

Test(migration7, a_reference_already_broken_does_not_stop_it)
{
	make_v6();
	sqlite3 *h = open_raw();
	exec_ok(h, "PRAGMA foreign_keys = OFF; UPDATE resource_entry SET area_id = 999 WHERE id = 41; "
		   "PRAGMA foreign_keys = ON");
	char *err = NULL;
	cr_assert_eq(migrations_apply(h, &err), 0, "%s", err);
	cr_expect_eq(int_of(h, "PRAGMA user_version"), migrations[migration_count - 1].version);
	cr_expect_eq(int_of(h, "SELECT count(*) FROM pragma_foreign_key_check"), 1, "still there, for check");
	cr_expect_eq(int_of(h, "SELECT area_id FROM resource_entry WHERE id = 41"), 999);
	sqlite3_close(h);
}

Test(migration7, a_failed_upgrade_leaves_the_file_and_the_connection_as_they_were)
{
	make_v6();
	sqlite3 *h = open_raw();
	/* A table in the way of the rebuild of area. */
	exec_ok(h, "CREATE TABLE km_rebuild_area(x)");
	strbuf queries;
	sb_init(&queries);
	v6_queries(h, &queries);
	char *before = contents(h, &queries);
	char *err = NULL;
	cr_expect_eq(migrations_apply(h, &err), -1);
	cr_assert_not_null(err);
	cr_expect(strstr(err, "km_rebuild_area") != NULL, "%s", err);
	free(err);
	cr_expect_eq(int_of(h, "PRAGMA user_version"), 6);
	char *after = contents(h, &queries);
	cr_expect_str_eq(after, before);
	cr_expect_eq(int_of(h, "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'first_id'"), 0);
	cr_expect_eq(int_of(h, "PRAGMA foreign_keys"), 1);
	cr_expect_eq(int_of(h, "PRAGMA legacy_alter_table"), 0);
	free(before);
	free(after);
	sb_free(&queries);
	sqlite3_close(h);
}

static void rewrites_to(const char *sql, const char *want)
{
	char *got = checks_without_in(sql);
	if (!want)
		cr_expect_null(got, "%s -> %s", sql, got);
	else
		cr_expect_str_eq(got ? got : "(null)", want);
	free(got);
}

Test(migration7, checks_with_in_become_comparisons_and_nothing_else_changes)
{
	rewrites_to("CREATE TABLE t (a TEXT CHECK (a IN ('x', 'y')), b INT CHECK (b IN (0,1)))",
		    "CREATE TABLE t (a TEXT CHECK (a = 'x' OR a = 'y'), b INT CHECK (b = 0 OR b = 1))");
	rewrites_to("CREATE TABLE t (\"my col\" TEXT check(\"my col\" in\n    ('it''s, ok', 'b')))",
		    "CREATE TABLE t (\"my col\" TEXT CHECK (\"my col\" = 'it''s, ok' OR \"my col\" = 'b'))");
	rewrites_to("CREATE TABLE t (n INT CHECK (n IN (-1, 2)))", "CREATE TABLE t (n INT CHECK (n = -1 OR n = 2))");
	/* Other checks, NOT IN, expressions, and text that only looks like a check: as they are. */
	rewrites_to("CREATE TABLE t (a INT CHECK (a BETWEEN 1 AND 2), b CHECK (b NOT IN (1)), "
		    "c CHECK (lower(c) IN ('x')), d CHECK (d IN (SELECT 1)), e DEFAULT 'CHECK (e IN (1))')", NULL);
	rewrites_to("CREATE TABLE t (a INT) -- CHECK (a IN (1))", NULL);
	rewrites_to("CREATE TABLE t (a CHECK (a IN (1, 'x'))) /* CHECK (b IN (1)) */",
		    "CREATE TABLE t (a CHECK (a = 1 OR a = 'x')) /* CHECK (b IN (1)) */");
}
