#include "config.h"
/* The audit log (every change to the data, by whom, before and after; append-only) read back with
 * its filters and summaries; and the maintenance of the file: backup while others write, check. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/audit.h"
#include "domain/criteria.h"
#include "domain/demo.h"
#include "domain/facts.h"
#include "domain/resource.h"
#include "helpers.h"
#include "storage/maintenance.h"
#include "util/strbuf.h"

#define YEAR 2025
#define TODAY "2025-06-15"

static int64_t village;     /* Lạc Xuân › Thôn 1 */
static criteria_set set;    /* the year's set */

static void setup(void)
{
	cr_assert_eq(setenv("KIEUMAU_TODAY", TODAY, 1), 0);
	tdb_setup();
	village = tdb_add_village("Lạc Xuân", "Thôn 1");
	int64_t set_id = 0;
	cr_assert_eq(criteria_set_for_year(tdb, YEAR, &set_id), 0, "%s", db_error(tdb));
	cr_assert_eq(criteria_load(tdb, set_id, &set), 0, "%s", db_error(tdb));
}

static void teardown(void)
{
	criteria_set_free(&set);
	tdb_teardown();
}

TestSuite(audit, .init = setup, .fini = teardown);
TestSuite(maintenance, .init = setup, .fini = teardown);

static const criterion_def *crit(const char *code)
{
	for (size_t i = 0; i < set.ncriteria; i++)
		if (strcmp(set.criteria[i].code, code) == 0)
			return &set.criteria[i];
	cr_assert_fail("no criterion %s", code);
	return NULL;
}

/* The log's rows matching f, newest first (the caller frees them). */
static audit_row *list(const audit_filter *f, size_t *n)
{
	audit_row *rows = NULL;
	cr_assert_eq(audit_list(tdb, f, &rows, n), 0, "audit_list: %s", db_error(tdb));
	return rows;
}

static audit_row *of_table(const char *table, size_t *n)
{
	audit_filter f = { .table = table };
	return list(&f, n);
}

static char *summary(const audit_row *r)
{
	strbuf b;
	sb_init(&b);
	audit_summary(r->action, r->old_row, r->new_row, &b);
	return sb_take(&b);
}

/* r is action by this process's user, on table, of the village. */
static void expect_row(const audit_row *r, const char *action, const char *table)
{
	cr_expect_str_eq(r->action, action);
	cr_expect_str_eq(r->table, table);
	cr_expect_str_eq(r->user, db_user(tdb));
	cr_expect_eq(r->area_id, village);
	cr_expect_str_eq(r->area_code, "24934-01");
	cr_expect_str_eq(r->area_path, "Lạc Xuân › Thôn 1");
	cr_expect_eq(strlen(r->at), 20, "%s", r->at);
	if (strcmp(action, "insert") == 0)
		cr_expect_null(r->old_row);
	else
		cr_expect_not_null(r->old_row);
	if (strcmp(action, "delete") == 0)
		cr_expect_null(r->new_row);
	else
		cr_expect_not_null(r->new_row);
}

static void expect_contains(const char *hay, const char *needle)
{
	cr_expect(hay && strstr(hay, needle), "expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

Test(audit, a_tick_is_logged_with_before_and_after)
{
	judgement yes = { .assessed = true, .met = true }, no = { .assessed = true, .met = false };
	cr_assert_eq(assessment_write(tdb, village, YEAR, crit("VH01"), STAGE_SELF, &yes), 0, "%s", db_error(tdb));
	cr_assert_eq(assessment_write(tdb, village, YEAR, crit("VH01"), STAGE_SELF, &no), 0, "%s", db_error(tdb));
	size_t n;
	audit_row *r = of_table("assessment", &n);
	cr_assert_eq(n, 2);
	expect_row(&r[0], "update", "assessment");
	expect_row(&r[1], "insert", "assessment");
	cr_expect_gt(r[0].id, r[1].id, "newest first");
	expect_contains(r[1].new_row, "\"met\":1");
	expect_contains(r[0].old_row, "\"met\":1");
	expect_contains(r[0].new_row, "\"met\":0");
	expect_contains(r[0].new_row, "\"stage\":\"self\"");
	/* The key: the JSON array of the primary key, the same for both changes. */
	char key[128];
	snprintf(key, sizeof key, "[%lld,%d,%lld,\"self\"]", (long long)village, YEAR,
		 (long long)crit("VH01")->id);
	cr_expect_str_eq(r[0].row_key, key);
	cr_expect_str_eq(r[1].row_key, key);
	char *s = summary(&r[0]);
	cr_expect_str_eq(s, "met: 1 → 0");
	free(s);
	audit_rows_free(r, n);
	/* Clearing it deletes the row: logged with what was lost. */
	cr_assert_eq(assessment_write(tdb, village, YEAR, crit("VH01"), STAGE_SELF, NULL), 0, "%s", db_error(tdb));
	r = of_table("assessment", &n);
	cr_assert_eq(n, 3);
	expect_row(&r[0], "delete", "assessment");
	expect_contains(r[0].old_row, "\"met\":0");
	audit_rows_free(r, n);
}

Test(audit, a_rename_is_logged_with_the_changed_name_only)
{
	cr_assert_eq(area_rename(tdb, village, "Thôn Một"), 0, "%s", db_error(tdb));
	audit_filter f = { .table = "area", .limit = 1 };
	size_t n;
	audit_row *r = list(&f, &n);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(r[0].action, "update");
	cr_expect_str_eq(r[0].user, db_user(tdb));
	cr_expect_eq(r[0].area_id, village);
	cr_expect_str_eq(r[0].area_path, "Lạc Xuân › Thôn Một");
	expect_contains(r[0].old_row, "\"name\":\"Thôn 1\"");
	expect_contains(r[0].new_row, "\"name\":\"Thôn Một\"");
	char *s = summary(&r[0]);
	cr_expect_str_eq(s, "name: Thôn 1 → Thôn Một");
	free(s);
	/* The full list of changed columns has the derived ones too. */
	strbuf b;
	sb_init(&b);
	audit_changed_fields(r[0].old_row, r[0].new_row, &b);
	expect_contains(b.s, "name");
	expect_contains(b.s, "name_folded");
	expect_contains(b.s, "sort_key");
	sb_free(&b);
	audit_rows_free(r, n);
}

Test(audit, a_facts_change_is_logged)
{
	cr_assert_eq(facts_set(tdb, village, YEAR, "households", "120"), 0, "%s", db_error(tdb));
	cr_assert_eq(facts_set(tdb, village, YEAR, "households", "1.250"), 0, "%s", db_error(tdb));
	size_t n;
	audit_row *r = of_table("area_fact", &n);
	cr_assert_eq(n, 2);
	expect_row(&r[0], "update", "area_fact");
	expect_row(&r[1], "insert", "area_fact");
	expect_contains(r[1].new_row, "\"key\":\"households\"");
	char *s = summary(&r[0]);
	cr_expect_str_eq(s, "value_num: 120.0 → 1250.0");
	free(s);
	s = summary(&r[1]);
	cr_expect_str_eq(s, "year: 2025; key: households; value_num: 120.0");
	free(s);
	audit_rows_free(r, n);
}

Test(audit, resource_add_edit_delete_are_logged)
{
	resource_entry e;
	memset(&e, 0, sizeof e);
	e.area_id = village;
	snprintf(e.date, sizeof e.date, "2025-03-31");
	e.source = SOURCE_RESIDENTS;
	e.form = FORM_CASH;
	e.value = 1500000;
	int64_t id = 0;
	cr_assert_eq(resource_save(tdb, &e, &id), 0, "%s", db_error(tdb));
	e.value = 2000000;
	e.note = "xi măng \"PC40\"";
	cr_assert_eq(resource_save(tdb, &e, &id), 0, "%s", db_error(tdb));
	cr_assert_eq(resource_delete(tdb, id), 0, "%s", db_error(tdb));
	size_t n;
	audit_row *r = of_table("resource_entry", &n);
	cr_assert_eq(n, 3);
	expect_row(&r[0], "delete", "resource_entry");
	expect_row(&r[1], "update", "resource_entry");
	expect_row(&r[2], "insert", "resource_entry");
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)id);
	for (size_t i = 0; i < n; i++)
		cr_expect_str_eq(r[i].row_key, key);
	expect_contains(r[2].new_row, "\"value_dong\":1500000");
	expect_contains(r[1].old_row, "\"value_dong\":1500000");
	expect_contains(r[1].new_row, "\"value_dong\":2000000");
	expect_contains(r[0].old_row, "\"value_dong\":2000000");
	expect_contains(r[0].old_row, "\"source\":\"residents\"");
	char *s = summary(&r[1]);
	cr_expect_str_eq(s, "value_dong: 1500000 → 2000000; note: — → xi măng \"PC40\"");
	free(s);
	s = summary(&r[0]);
	expect_contains(s, "value_dong: 2000000");
	expect_contains(s, "entry_date: 2025-03-31");
	free(s);
	audit_rows_free(r, n);
	/* The per-record view: this entry's three changes, and nothing of another entry. */
	e.note = NULL;
	int64_t other = 0;
	cr_assert_eq(resource_save(tdb, &(resource_entry){ .area_id = village, .date = "2025-04-01",
			.source = SOURCE_COMMUNE, .form = FORM_CASH, .value = 5 }, &other), 0, "%s", db_error(tdb));
	audit_filter f = { .table = "resource_entry", .row_key = key };
	r = list(&f, &n);
	cr_expect_eq(n, 3);
	audit_rows_free(r, n);
	f.limit = 2;
	r = list(&f, &n);
	cr_expect_eq(n, 2);
	cr_expect_str_eq(r[0].action, "delete");
	audit_rows_free(r, n);
}

/* A hash of the whole log, to see that nothing in it changed. */
static int64_t log_state(void)
{
	return tdb_int(tdb, "SELECT count(*) * 1000003 + coalesce(sum(length(user) + length(coalesce(old_row, '')) "
			    "+ length(coalesce(new_row, '')) + length(at) + id), 0) FROM audit");
}

Test(audit, the_log_cannot_be_changed_or_emptied)
{
	cr_assert_eq(area_rename(tdb, village, "Thôn Một"), 0, "%s", db_error(tdb));
	int64_t before = log_state();
	cr_assert_gt(tdb_int(tdb, "SELECT count(*) FROM audit"), 1);
	static const char *const attempts[] = {
		"UPDATE audit SET user = 'someone else'",
		"UPDATE audit SET new_row = NULL WHERE tbl = 'area'",
		"DELETE FROM audit",
		"DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)",
		"UPDATE OR REPLACE audit SET id = id + 1000000",
	};
	for (size_t i = 0; i < sizeof attempts / sizeof *attempts; i++) {
		char *err = NULL;
		int rc = sqlite3_exec(db_handle(tdb), attempts[i], NULL, NULL, &err);
		cr_expect_neq(rc, SQLITE_OK, "accepted: %s", attempts[i]);
		sqlite3_free(err);
		cr_expect_eq(log_state(), before, "changed by: %s", attempts[i]);
	}
	/* A second connection (another user's session) cannot either. */
	km_db *other = tdb_open_again();
	cr_expect_neq(sqlite3_exec(db_handle(other), "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
	db_close(other);
	cr_expect_eq(log_state(), before);
}

/* REPLACE's implicit delete fires no trigger (recursive_triggers is off), so the two triggers of
 * migration 6 do not stop this; it needs a BEFORE INSERT trigger on audit refusing an id that
 * exists. Disabled until the schema has it. */
Test(audit, insert_or_replace_cannot_rewrite_the_log)
{
	int64_t before = log_state();
	cr_expect_neq(sqlite3_exec(db_handle(tdb), "INSERT OR REPLACE INTO audit(id, at, user, tbl, row_key, action) "
				   "SELECT id, at, 'forged', tbl, row_key, action FROM audit", NULL, NULL, NULL),
		      SQLITE_OK);
	cr_expect_eq(log_state(), before);
}

/* Appending a row is allowed to the program's own triggers only: a forged row, naming another
 * user or not, is refused. */
Test(audit, a_row_cannot_be_forged)
{
	int64_t before = log_state();
	static const char *const attempts[] = {
		"INSERT INTO audit(at, user, tbl, row_key, action) VALUES ('2024-01-01T00:00:00Z', "
		"'someone else', 'area', '1', 'delete')",
		"INSERT INTO audit(at, user, tbl, row_key, action) SELECT at, 'someone else', tbl, row_key, "
		"action FROM audit",
		"INSERT INTO audit(user, at, tbl, row_key, action) VALUES (NULL, 'x', 'area', '1', 'insert')",
	};
	for (size_t i = 0; i < sizeof attempts / sizeof *attempts; i++) {
		cr_expect_neq(sqlite3_exec(db_handle(tdb), attempts[i], NULL, NULL, NULL), SQLITE_OK,
			      "accepted: %s", attempts[i]);
		cr_expect_eq(log_state(), before, "changed by: %s", attempts[i]);
	}
	/* Without the program's functions (the sqlite3 tool), not even a row naming this user. */
	sqlite3 *raw;
	cr_assert_eq(sqlite3_open(db_path(tdb), &raw), SQLITE_OK);
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO audit(at, user, tbl, row_key, action) VALUES ('x', '%s', "
		 "'area', '1', 'insert')", db_user(tdb));
	cr_expect_neq(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	cr_expect_eq(log_state(), before);
}

static void expect_summary(const char *action, const char *old_row, const char *new_row, const char *want)
{
	strbuf b;
	sb_init(&b);
	audit_summary(action, old_row, new_row, &b);
	cr_expect_str_eq(b.s, want, "%s %s -> %s", action, old_row ? old_row : "NULL", new_row ? new_row : "NULL");
	sb_free(&b);
}

Test(audit, the_changed_fields_summary)
{
	/* Only what changed, in the row's column order; bookkeeping left out. */
	expect_summary("update",
		       "{\"id\":7,\"name\":\"Thôn 1\",\"kind\":\"village\",\"updated_at\":\"a\",\"updated_by\":\"x\"}",
		       "{\"id\":7,\"name\":\"Thôn Một\",\"kind\":\"village\",\"updated_at\":\"b\",\"updated_by\":\"y\"}",
		       "name: Thôn 1 → Thôn Một");
	expect_summary("update", "{\"a\":1,\"b\":null,\"c\":\"x\"}", "{\"a\":2,\"b\":\"y\",\"c\":null}",
		       "a: 1 → 2; b: — → y; c: x → —");
	/* Nothing else changed: the bookkeeping is shown. */
	expect_summary("update", "{\"a\":1,\"updated_at\":\"2025-01-01\"}", "{\"a\":1,\"updated_at\":\"2025-02-01\"}",
		       "updated_at: 2025-01-01 → 2025-02-01");
	expect_summary("update", "{\"a\":1}", "{\"a\":1}", "");
	/* A number is not the same as the string of its digits; 1 and 1.0 are kept as written. */
	expect_summary("update", "{\"a\":1}", "{\"a\":\"1\"}", "a: 1 → 1");
	/* JSON escapes decoded; line breaks and control characters do not break the line. */
	expect_summary("update", "{\"n\":\"say \\\"hi\\\"\\\\\"}", "{\"n\":\"a\\nb\\u00e2\\u1ea1\\ud83d\\ude00\"}",
		       "n: say \"hi\"\\ → a bâạ😀");
	/* Inserts and deletes: the fields with a value, without id, area_id and bookkeeping. */
	expect_summary("insert", NULL,
		       "{\"id\":5,\"area_id\":9,\"source\":\"residents\",\"quantity\":null,\"value_dong\":1500000,"
		       "\"created_at\":\"x\",\"sort_key\":\"ABCD\"}",
		       "source: residents; value_dong: 1500000");
	expect_summary("delete", "{\"id\":5,\"name\":\"Thôn 1\",\"note\":null}", NULL, "name: Thôn 1");
	/* A long value is cut. */
	char longv[400], json[512];
	memset(longv, 'x', 300);
	longv[300] = '\0';
	snprintf(json, sizeof json, "{\"note\":\"%s\"}", longv);
	strbuf b;
	sb_init(&b);
	audit_summary("insert", NULL, json, &b);
	cr_expect_lt(b.len, 80);
	expect_contains(b.s, "…");
	sb_free(&b);
	/* Not JSON, or nothing: nothing (and no crash). */
	expect_summary("update", "{\"a\":", "{\"a\":1}", "");
	expect_summary("update", NULL, NULL, "");
	expect_summary("insert", NULL, "[1,2]", "");
	expect_summary("insert", NULL, "{\"a\":\"unterminated}", "");
	expect_summary("insert", NULL, "{}", "");
	/* Nested values are kept whole. */
	expect_summary("insert", NULL, "{\"a\":[1,\"x,}\",{\"b\":2}],\"c\":3}", "a: [1,\"x,}\",{\"b\":2}]; c: 3");
	/* The changed fields as names. */
	sb_init(&b);
	audit_changed_fields("{\"a\":1,\"b\":2,\"c\":3}", "{\"a\":1,\"b\":5,\"c\":null}", &b);
	cr_expect_str_eq(b.s, "b, c");
	sb_free(&b);
}

Test(audit, filters_area_below_user_since)
{
	int64_t dr1 = tdb_add_village("Đạ Ròn", "Thôn 1");
	cr_assert_eq(facts_set(tdb, village, YEAR, "households", "120"), 0, "%s", db_error(tdb));
	cr_assert_eq(facts_set(tdb, dr1, YEAR, "households", "80"), 0, "%s", db_error(tdb));
	size_t n_all, n;
	audit_row *all = list(NULL, &n_all);
	cr_assert_gt(n_all, 4);
	for (size_t i = 1; i < n_all; i++)
		cr_expect_gt(all[i - 1].id, all[i].id, "newest first");
	audit_rows_free(all, n_all);
	/* The commune: itself and its village, not the other commune's. */
	audit_filter f = { .area_id = tdb_area("Lạc Xuân") };
	audit_row *r = list(&f, &n);
	cr_assert_eq(n, 3, "the commune's own insert, the village's insert, its fact");
	for (size_t i = 0; i < n; i++)
		cr_expect(strncmp(r[i].area_code, "24934", 5) == 0, "%s", r[i].area_code);
	cr_expect_str_eq(r[2].area_path, "Lạc Xuân");
	audit_rows_free(r, n);
	/* The district: everything with an area under it. */
	f.area_id = tdb_area("Đơn Dương");
	r = list(&f, &n);
	size_t with_area = (size_t)tdb_int(tdb, "SELECT count(*) FROM audit WHERE area_id IS NOT NULL") - 1;
	cr_expect_eq(n, with_area, "all but the province's own row");
	cr_expect_str_eq(r[n - 1].area_path, "Đơn Dương");
	audit_rows_free(r, n);
	/* The village alone. */
	f.area_id = dr1;
	r = list(&f, &n);
	cr_expect_eq(n, 2);
	audit_rows_free(r, n);
	/* A user. */
	audit_filter fu = { .user = db_user(tdb) };
	r = list(&fu, &n);
	cr_expect_eq(n, n_all);
	audit_rows_free(r, n);
	fu.user = "nobody-at-all";
	r = list(&fu, &n);
	cr_expect_eq(n, 0);
	audit_rows_free(r, n);
	/* Since a date (local midnight): all of today's changes from yesterday, none from a later
	 * day. The log is written with the real clock. */
	char yesterday[16], tomorrow[16];
	time_t now = time(NULL);
	struct tm tm;
	time_t t = now - 86400;
	localtime_r(&t, &tm);
	strftime(yesterday, sizeof yesterday, "%Y-%m-%d", &tm);
	t = now + 2 * 86400;
	localtime_r(&t, &tm);
	strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", &tm);
	audit_filter fs = { .since = yesterday };
	r = list(&fs, &n);
	cr_expect_eq(n, n_all);
	audit_rows_free(r, n);
	fs.since = tomorrow;
	r = list(&fs, &n);
	cr_expect_eq(n, 0);
	audit_rows_free(r, n);
	/* Filters together. */
	audit_filter both = { .area_id = tdb_area("Lạc Xuân"), .table = "area_fact", .user = db_user(tdb),
			      .since = yesterday };
	r = list(&both, &n);
	cr_expect_eq(n, 1);
	audit_rows_free(r, n);
}

Test(audit, labels)
{
	cr_expect_str_eq(audit_action_label("update"), "changed");
	cr_expect_str_eq(audit_table_label("resource_entry"), "resource entry");
	cr_expect_str_eq(audit_table_label("no_such_table"), "no_such_table");
}

/* ---- maintenance ---- */

static int64_t count_in(km_db *db, const char *table_sql)
{
	return tdb_int(db, table_sql);
}

static const char *const counted[] = {
	"SELECT count(*) FROM area", "SELECT count(*) FROM audit", "SELECT count(*) FROM assessment",
	"SELECT count(*) FROM area_fact", "SELECT count(*) FROM resource_entry",
	"SELECT count(*) FROM criterion", "SELECT count(*) FROM recognition",
};

static char *backup_path(const char *name)
{
	return test_join(tdb_dir, name);
}

Test(maintenance, backup_has_the_same_data)
{
	cr_assert_eq(demo_fill(tdb, true), 0, "%s", db_error(tdb));
	cr_assert_eq(area_rename(tdb, village, "Thôn Một"), 0, "%s", db_error(tdb));
	char *path = backup_path("copy.db");
	strbuf report;
	sb_init(&report);
	cr_assert_eq(db_backup_to(tdb, path, &report), 0, "%s", db_error(tdb));
	expect_contains(report.s, path);
	expect_contains(report.s, "pages");
	expect_contains(report.s, "ok");
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "the copy is its owner's only: %o", st.st_mode & 0777);
	cr_expect_gt(st.st_size, 100000);
	/* A self-contained file: no journal beside it. */
	char *wal = backup_path("copy.db-wal");
	cr_expect_neq(access(wal, F_OK), 0);
	free(wal);
	char *err = NULL;
	km_db *copy = db_open(path, &err);
	cr_assert_not_null(copy, "%s", err);
	for (size_t i = 0; i < sizeof counted / sizeof *counted; i++)
		cr_expect_eq(count_in(copy, counted[i]), count_in(tdb, counted[i]), "%s", counted[i]);
	cr_expect_gt(count_in(copy, "SELECT count(*) FROM assessment"), 1000);
	cr_expect_eq(tdb_int(copy, "SELECT count(*) FROM area WHERE name = 'Thôn Một'"), 1);
	check_result *r;
	size_t n;
	cr_assert_eq(db_check(copy, &r, &n), 0, "%s", db_error(copy));
	cr_expect_neq(check_worst(r, n), CHECK_ERROR);
	check_results_free(r, n);
	db_close(copy);
	sb_free(&report);
	free(path);
}

Test(maintenance, backup_refuses_an_existing_file)
{
	char *path = backup_path("taken.db");
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("precious", f);
	fclose(f);
	strbuf report;
	sb_init(&report);
	cr_expect_eq(db_backup_to(tdb, path, &report), -1);
	expect_contains(db_error(tdb), "exists");
	cr_expect_eq(report.len, 0);
	char buf[32] = "";
	f = fopen(path, "r");
	cr_assert_not_null(f);
	cr_expect_not_null(fgets(buf, sizeof buf, f));
	fclose(f);
	cr_expect_str_eq(buf, "precious");
	/* The database's own file too. */
	cr_expect_eq(db_backup_to(tdb, tdb_file(), &report), -1);
	/* A leftover journal of the name would be rolled into the copy: refused as well. */
	char *other = backup_path("new.db"), *journal = backup_path("new.db-journal");
	f = fopen(journal, "w");
	cr_assert_not_null(f);
	fclose(f);
	cr_expect_eq(db_backup_to(tdb, other, &report), -1);
	cr_expect_neq(access(other, F_OK), 0, "nothing created");
	/* A directory that does not exist: an error, nothing left. */
	char *nodir = backup_path("no/such/dir.db");
	cr_expect_eq(db_backup_to(tdb, nodir, &report), -1);
	free(nodir);
	free(other);
	free(journal);
	sb_free(&report);
	free(path);
}

/* Another session adding resource entries until told to stop: its own connection, in a thread
 * (a connection must not cross a fork). */
static volatile int writer_stop;
static int writer_status;

static void *writer(void *arg)
{
	(void)arg;
	char *err = NULL;
	km_db *db = db_open(tdb_file(), &err);
	if (!db) {
		writer_status = -1;
		free(err);
		return NULL;
	}
	for (int i = 0; !writer_stop; i++) {
		resource_entry e = { .area_id = village, .date = "2025-01-02", .source = SOURCE_RESIDENTS,
				     .form = FORM_CASH, .value = 1000 + i };
		int64_t id = 0;
		if (resource_save(db, &e, &id) < 0) {
			writer_status = -2;
			break;
		}
		writer_status++;
	}
	db_close(db);
	return NULL;
}

Test(maintenance, backup_while_another_session_writes_is_consistent)
{
	cr_assert_eq(demo_fill(tdb, true), 0, "%s", db_error(tdb));
	pthread_t th;
	writer_stop = 0;
	writer_status = 0;
	cr_assert_eq(pthread_create(&th, NULL, writer, NULL), 0);
	/* Let it start writing, then take copies while it goes on. */
	for (int i = 0; i < 500 && writer_status < 20; i++)
		usleep(10000);
	int64_t copied[3] = { 0 };
	for (int k = 0; k < 3; k++) {
		char name[32];
		snprintf(name, sizeof name, "live%d.db", k);
		char *path = backup_path(name);
		strbuf report;
		sb_init(&report);
		cr_assert_eq(db_backup_to(tdb, path, &report), 0, "%s", db_error(tdb));
		sb_free(&report);
		char *err = NULL;
		km_db *copy = db_open(path, &err);
		cr_assert_not_null(copy, "%s", err);
		/* One moment: every entry in the copy has its insert and history line in the copy, no
		 * more. */
		int64_t entries = tdb_int(copy, "SELECT count(*) FROM resource_entry WHERE origin = 'user'");
		int64_t logged = tdb_int(copy, "SELECT count(*) FROM audit WHERE tbl = 'resource_entry' AND action = 'insert'");
		int64_t history = tdb_int(copy, "SELECT count(*) FROM resource_history");
		cr_expect_gt(entries, 0);
		cr_expect_eq(entries, logged);
		cr_expect_eq(entries, history);
		copied[k] = entries;
		db_close(copy);
		free(path);
	}
	writer_stop = 1;
	pthread_join(th, NULL);
	cr_expect_gt(writer_status, 20, "the writer went on writing (or failed: %d)", writer_status);
	cr_expect_leq(copied[0], copied[2]);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_entry WHERE origin = 'user'"), writer_status);
}

static const check_result *find_check(const check_result *r, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].key, key) == 0)
			return &r[i];
	cr_assert_fail("no check %s", key);
	return NULL;
}

Test(maintenance, check_of_a_good_database)
{
	judgement yes = { .assessed = true, .met = true };
	cr_assert_eq(assessment_write(tdb, village, YEAR, crit("VH01"), STAGE_SELF, &yes), 0, "%s", db_error(tdb));
	cr_assert_eq(facts_set(tdb, village, YEAR, "households", "120"), 0, "%s", db_error(tdb));
	check_result *r;
	size_t n;
	cr_assert_eq(db_check(tdb, &r, &n), 0, "%s", db_error(tdb));
	cr_assert_geq(n, 10);
	for (size_t i = 0; i < n; i++) {
		cr_expect_eq(r[i].level, CHECK_OK, "%s: %s", r[i].key, r[i].nlines ? r[i].lines[0] : "");
		cr_expect_eq(r[i].count, 0, "%s", r[i].key);
	}
	cr_expect_eq(check_worst(r, n), CHECK_OK);
	const check_result *log = find_check(r, n, "audit_log");
	cr_assert_not_null(log->info);
	expect_contains(log->info, "changes logged");
	check_results_free(r, n);
	/* No transaction left open. */
	cr_expect(sqlite3_get_autocommit(db_handle(tdb)));
}

/* Runs sql with foreign keys off, as a tool or a careless hand would. */
static void break_with(const char *sql)
{
	char *err = NULL;
	sqlite3 *h = db_handle(tdb);
	cr_assert_eq(sqlite3_exec(h, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL), SQLITE_OK);
	int rc = sqlite3_exec(h, sql, NULL, NULL, &err);
	cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, err ? err : "");
	sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

static void expect_found(const char *key, check_level level, const char *needle)
{
	check_result *r;
	size_t n;
	cr_assert_eq(db_check(tdb, &r, &n), 0, "%s", db_error(tdb));
	const check_result *c = find_check(r, n, key);
	cr_expect_eq(c->level, level, "%s: level %d", key, c->level);
	cr_expect_geq(c->count, 1, "%s", key);
	/* One of the lines names it (a broken row may show in several checks' lines). */
	if (c->nlines && needle) {
		bool named = false;
		for (size_t i = 0; i < c->nlines; i++)
			named = named || strstr(c->lines[i], needle);
		cr_expect(named, "expected \"%s\" in the lines of %s, first \"%s\"", needle, key, c->lines[0]);
	}
	cr_expect_eq(check_worst(r, n), level);
	check_results_free(r, n);
}

Test(maintenance, check_finds_a_missing_reference)
{
	break_with("INSERT INTO resource_entry(id, area_id, entry_date, source, form, value_dong, created_by, "
		   "created_at, updated_by, updated_at) VALUES (1, 999, '2025-01-01', 'residents', 'cash', 5, "
		   "'x', 'x', 'x', 'x')");
	expect_found("foreign_keys", CHECK_ERROR, "resource_entry");
}

Test(maintenance, check_finds_an_assessment_of_a_commune)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO assessment(area_id, year, criterion_id, stage, met, judged_by, judged_on, updated_at) "
		 "VALUES (%lld, %d, %lld, 'self', 1, 'x', '2025-01-01', 'x')",
		 (long long)tdb_area("Lạc Xuân"), YEAR, (long long)crit("VH01")->id);
	break_with(sql);
	expect_found("assessed_areas", CHECK_ERROR, "Lạc Xuân (24934)");
}

Test(maintenance, check_warns_of_assessments_of_another_set)
{
	judgement yes = { .assessed = true, .met = true };
	cr_assert_eq(assessment_write(tdb, village, YEAR, crit("VH01"), STAGE_SELF, &yes), 0, "%s", db_error(tdb));
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO criteria_set(id, code, name, year_from, imported_at) "
		 "VALUES (77, 'other', 'Other', 2025, 'x'); UPDATE year_criteria_set SET set_id = 77 WHERE year = %d",
		 YEAR);
	break_with(sql);
	expect_found("assessment_sets", CHECK_WARNING, "other");
}

Test(maintenance, check_finds_a_recognition_without_registration)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date) "
		 "VALUES (5, %lld, %d, 'model', 'district', '12/QĐ', '2025-05-01')", (long long)village, YEAR);
	break_with(sql);
	expect_found("recognition_registration", CHECK_ERROR, "12/QĐ");
}

Test(maintenance, check_finds_an_award_linked_to_another_area)
{
	int64_t other = tdb_add_village("Lạc Xuân", "Thôn 2");
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO registration(area_id, year, title, registered_on, recorded_by, recorded_at) "
		 "VALUES (%lld, %d, 'model', '2025-01-01', 'x', 'x');"
		 "INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date) "
		 "VALUES (5, %lld, %d, 'model', 'district', '12/QĐ', '2025-05-01');"
		 "INSERT INTO award(id, recipient_kind, recipient, area_id, form, level, decision_no, decision_date, "
		 "recognition_id, created_by, created_at, updated_by, updated_at) VALUES (6, 'area', 'Thôn 2', %lld, "
		 "'Giấy khen', 'district', '13/QĐ', '2025-05-02', 5, 'x', 'x', 'x', 'x')",
		 (long long)village, YEAR, (long long)village, YEAR, (long long)other);
	break_with(sql);
	expect_found("award_recognition", CHECK_ERROR, "Thôn 2");
}

Test(maintenance, check_warns_of_resources_dated_in_the_future)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO resource_entry(id, area_id, entry_date, source, form, value_dong, created_by, "
		 "created_at, updated_by, updated_at) VALUES (1, %lld, '2025-06-16', 'residents', 'cash', 5, "
		 "'x', 'x', 'x', 'x')", (long long)village);
	break_with(sql);
	expect_found("resource_dates", CHECK_WARNING, "16/06/2025");
}

Test(maintenance, check_finds_a_village_under_a_district)
{
	char sql[512];
	snprintf(sql, sizeof sql, "UPDATE area SET parent_id = %lld WHERE id = %lld",
		 (long long)tdb_area("Đơn Dương"), (long long)village);
	break_with(sql);
	expect_found("area_kinds", CHECK_ERROR, "Thôn 1 (24934-01)");
}

Test(maintenance, check_finds_siblings_with_the_same_name)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO area(id, code, name, kind, parent_id, name_folded, sort_key, created_at, updated_at) "
		 "VALUES (42, '24934-99', 'THÔN  1', 'village', %lld, 'different', x'05', 'x', 'x')",
		 (long long)tdb_area("Lạc Xuân"));
	break_with(sql);
	expect_found("sibling_names", CHECK_ERROR, "Lạc Xuân (24934)");
}

Test(maintenance, check_finds_a_dropped_audit_trigger)
{
	break_with("DROP TRIGGER audit_resource_entry_delete; DROP TRIGGER audit_append_only_delete");
	check_result *r;
	size_t n;
	cr_assert_eq(db_check(tdb, &r, &n), 0, "%s", db_error(tdb));
	const check_result *c = find_check(r, n, "audit_triggers");
	cr_expect_eq(c->level, CHECK_ERROR);
	cr_expect_eq(c->count, 2);
	check_results_free(r, n);
}

Test(maintenance, check_finds_the_log_open_to_replaced_or_forged_rows)
{
	break_with("DROP TRIGGER audit_append_only_replace; DROP TRIGGER audit_append_only_forge");
	check_result *r;
	size_t n;
	cr_assert_eq(db_check(tdb, &r, &n), 0, "%s", db_error(tdb));
	const check_result *c = find_check(r, n, "audit_triggers");
	cr_expect_eq(c->level, CHECK_ERROR);
	cr_expect_eq(c->count, 1);
	cr_expect(c->nlines == 1 && strstr(c->lines[0], "replace, forge"), "%s", c->nlines ? c->lines[0] : "");
	check_results_free(r, n);
}

Test(maintenance, check_finds_a_damaged_file)
{
	/* A page in the middle of the file overwritten behind SQLite's back. */
	cr_assert_eq(demo_fill(tdb, true), 0, "%s", db_error(tdb));
	db_close(tdb);
	tdb = NULL;
	FILE *f = fopen(tdb_file(), "r+b");
	cr_assert_not_null(f);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	cr_assert_gt(size, 8 * 4096);
	/* Not page 1 (the header and schema): one in the middle. */
	cr_assert_eq(fseek(f, (size / 4096 / 2) * 4096 + 100, SEEK_SET), 0);
	for (int i = 0; i < 2000; i++)
		fputc(0x5A, f);
	fclose(f);
	char *err = NULL;
	tdb = db_open(tdb_file(), &err);
	if (!tdb)
		return;   /* damaged past opening: nothing to check (also right) */
	check_result *r;
	size_t n;
	cr_assert_eq(db_check(tdb, &r, &n), 0, "%s", db_error(tdb));
	cr_expect_eq(check_worst(r, n), CHECK_ERROR);
	cr_expect_eq(find_check(r, n, "integrity")->level, CHECK_ERROR);
	check_results_free(r, n);
}
