/* Fuzz target: the resource CSV import's reading and checking of rows
 * (src/domain/resource_import.c), as a dry run: nothing is ever stored. The database is created
 * once, in memory, with a few areas (a province and district, two communes and a village of
 * each) and one user, a commune cadre of Lạc Xuân, so that Đạ Ròn's rows are refused. The date
 * is pinned (KIEUMAU_TODAY). Properties: the result is 0 (every row good) or 1 (some refused),
 * never an error; the counts agree with each other and with the error list (at most max_errors
 * lines, then a count of the rest); errors are "LINE: reason" lines, in line order, safe to show;
 * progress goes forward, within its total; nothing is written to the database. */
#include "config.h"
#include <string.h>
#include "domain/area.h"
#include "domain/auth.h"
#include "domain/resource_import.h"
#include "fuzz.h"
#include "storage/db.h"
#include "util/strbuf.h"

#define MAX_ERRORS 4

static km_db *db;

static int64_t add_area(int64_t parent, const char *name, area_kind kind, const char *code)
{
	int64_t id = 0;
	FUZZ_CHECK(db_begin(db) == 0 && area_insert(db, parent, name, kind, code, code != NULL, "default", &id) == 0 &&
		   db_commit(db) == 0, "adding %s: %s", name, db_error(db));
	return id;
}

static void close_db(void)
{
	db_close(db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setenv("KIEUMAU_TODAY", "2025-06-15", 1);
	char *err = NULL;
	db = db_open(":memory:", &err);
	FUZZ_CHECK(db, "db_open: %s", err);
	int64_t province = add_area(0, "Lâm Đồng", AREA_PROVINCE, "68");
	int64_t district = add_area(province, "Đơn Dương", AREA_DISTRICT, "677");
	int64_t lac_xuan = add_area(district, "Lạc Xuân", AREA_COMMUNE, "24934");
	int64_t da_ron = add_area(district, "Đạ Ròn", AREA_COMMUNE, "24937");
	add_area(lac_xuan, "Thôn 1", AREA_VILLAGE, NULL);   /* 24934-01 */
	add_area(da_ron, "Thôn Đạ Ròn", AREA_VILLAGE, NULL); /* 24937-01 */
	/* The first user is an administrator, and another keeps the users manageable. */
	FUZZ_CHECK(user_add(db, db_user(db), ROLE_ADMIN, 0) == 0 && user_add(db, "quantri", ROLE_ADMIN, 0) == 0 &&
		   user_set(db, db_user(db), ROLE_COMMUNE, lac_xuan) == 0, "users: %s", db_error(db));
	atexit(close_db);
	return 0;
}

static int64_t count(const char *sql)
{
	sqlite3_stmt *st = NULL;
	FUZZ_CHECK(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW,
		   "%s: %s", sql, sqlite3_errmsg(db_handle(db)));
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* "LINE: reason\n" lines in line order, then possibly "... and N more bad row(s)". */
static void check_errors(const char *errors, const import_result *res)
{
	FUZZ_CHECK(fuzz_valid_utf8(errors) && fuzz_no_controls(errors, "\n"), "errors not safe to show: %s", errors);
	int64_t listed = 0;
	long prev = 0;
	bool more = false;
	for (const char *p = errors; *p;) {
		const char *nl = strchr(p, '\n');
		FUZZ_CHECK(nl && !more, "errors do not end with a newline, or go on after the count: %s", errors);
		if (strncmp(p, "... and ", 8) == 0) {
			char *end;
			long long n = strtoll(p + 8, &end, 10);
			FUZZ_CHECK(n == res->bad - listed && n > 0, "\"%.*s\" after %lld listed of %lld bad", (int)(nl - p),
				   p, (long long)listed, (long long)res->bad);
			more = true;
		} else {
			char *end;
			long line = strtol(p, &end, 10);
			FUZZ_CHECK(end > p && end[0] == ':' && end[1] == ' ' && line >= 1 && line >= prev,
				   "error line \"%.*s\" after line %ld", (int)(nl - p), p, prev);
			prev = line;
			listed++;
		}
		p = nl + 1;
	}
	FUZZ_CHECK(listed == (res->bad < MAX_ERRORS ? res->bad : MAX_ERRORS),
		   "%lld errors listed for %lld bad rows", (long long)listed, (long long)res->bad);
	FUZZ_CHECK(more == (res->bad > MAX_ERRORS), "the count of the rest is %s", more ? "there" : "missing");
}

/* Progress goes forward within a phase and never past its total. */
typedef struct progress_seen {
	const char *phase;
	int64_t done;
} progress_seen;

static void on_progress(void *ctx, int64_t done, int64_t total, const char *phase)
{
	progress_seen *p = ctx;
	if (!p->phase || strcmp(p->phase, phase) != 0)
		p->done = 0;
	FUZZ_CHECK(done >= p->done && done <= total, "%s: %lld of %lld after %lld", phase, (long long)done,
		   (long long)total, (long long)p->done);
	p->phase = phase;
	p->done = done;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	strbuf errors;
	sb_init(&errors);
	import_result res;
	progress_seen seen = { NULL, 0 };
	import_progress progress = { on_progress, &seen };
	int rc = resource_import(db, path, true, MAX_ERRORS, &progress, &errors, &res);
	FUZZ_CHECK(rc == 0 || rc == 1, "resource_import returned %d: %s", rc, db_error(db));
	FUZZ_CHECK(res.imported == 0 && res.bad >= 0 && res.rows >= 0 && res.bad <= res.rows + 1,
		   "rows %lld, bad %lld, imported %lld", (long long)res.rows, (long long)res.bad,
		   (long long)res.imported);
	if (rc == 0)
		FUZZ_CHECK(res.bad == 0 && errors.len == 0, "all good, yet: %s", errors.s);
	else
		FUZZ_CHECK(res.bad > 0 && errors.len > 0, "rows refused without a reason");
	check_errors(errors.s, &res);
	FUZZ_CHECK(count("SELECT count(*) FROM resource_entry") == 0 &&
		   count("SELECT count(*) FROM resource_history") == 0, "a dry run stored something");
	sb_free(&errors);
	return 0;
}
