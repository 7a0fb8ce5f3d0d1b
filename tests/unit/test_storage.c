#include "config.h"
/* The database file: schema migrations, pragmas, defaults, ids, meta values, locking. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include "domain/area.h"
#include "helpers.h"
#include "storage/migrations.h"
#include "storage/seed.h"

TestSuite(storage, .init = tdb_setup, .fini = tdb_teardown);

static char *pragma_text(km_db *db, const char *sql)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	char *s = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static char *meta(km_db *db, const char *key)
{
	char *v = NULL;
	cr_assert_eq(db_meta_get(db, key, &v), 0, "%s", db_error(db));
	return v;
}

Test(storage, new_file_is_migrated_in_wal_mode_with_foreign_keys)
{
	int newest = migrations[migration_count - 1].version;
	cr_expect_eq(db_schema_version(tdb), newest);
	cr_expect_eq(tdb_int(tdb, "PRAGMA user_version"), newest);
	char *mode = pragma_text(tdb, "PRAGMA journal_mode");
	cr_expect_str_eq(mode, "wal");
	free(mode);
	cr_expect_eq(tdb_int(tdb, "PRAGMA foreign_keys"), 1);
	cr_expect_eq(tdb_int(tdb, "PRAGMA busy_timeout"), 10000);
}

Test(storage, defaults_are_loaded_once)
{
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM area"), 12);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM criteria_set"), 1);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM criterion"), 18);
	char *data = test_join(test_srcdir(), "data");
	cr_assert_eq(seed_defaults(tdb, data), 0, "%s", db_error(tdb));
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM area"), 12);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM criteria_set"), 1);
	bool only = false;
	cr_assert_eq(seed_only_defaults(tdb, &only), 0);
	cr_expect(only);
	free(data);
}

Test(storage, failed_seeding_leaves_nothing_and_can_be_retried)
{
	char *path = test_join(tdb_dir, "other.db"), *err = NULL;
	km_db *db = db_open(path, &err);
	cr_assert_not_null(db, "%s", err);
	cr_expect_eq(seed_defaults(db, "/nonexistent/kieumau-data"), -1);
	cr_expect(strstr(db_error(db), "/nonexistent/kieumau-data") != NULL, "%s", db_error(db));
	cr_expect_eq(tdb_int(db, "SELECT count(*) FROM area"), 0);
	char *data = test_join(test_srcdir(), "data");
	cr_expect_eq(seed_defaults(db, data), 0, "%s", db_error(db));
	cr_expect_eq(tdb_int(db, "SELECT count(*) FROM area"), 12);
	free(data);
	db_close(db);
	free(path);
}

Test(storage, reopening_keeps_schema_data_and_site)
{
	char *site = meta(tdb, "site_id");
	cr_assert_not_null(site);
	cr_assert_eq(db_meta_set(tdb, "marker", "still here"), 0);
	db_close(tdb);
	tdb = tdb_open_again();
	cr_expect_eq(db_schema_version(tdb), migrations[migration_count - 1].version);
	char *site2 = meta(tdb, "site_id"), *marker = meta(tdb, "marker");
	cr_expect_str_eq(site2, site);
	cr_expect_str_eq(marker, "still here");
	char *data = test_join(test_srcdir(), "data");
	cr_assert_eq(seed_defaults(tdb, data), 0, "%s", db_error(tdb));
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM area"), 12);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM criteria_set"), 1);
	free(data);
	free(site);
	free(site2);
	free(marker);
}

Test(storage, committed_ids_are_unique_and_increasing_with_the_site_in_high_bits)
{
	char *site_s = meta(tdb, "site_id");
	int64_t site = strtoll(site_s, NULL, 10);
	free(site_s);
	cr_assert_gt(site, 0);
	int64_t max_seeded = tdb_int(tdb, "SELECT max(id) FROM area");

	int64_t ids[6];
	cr_assert_eq(db_begin(tdb), 0);
	ids[0] = db_new_id(tdb);
	ids[1] = db_new_id(tdb);
	ids[2] = db_new_id(tdb);
	cr_assert_eq(db_commit(tdb), 0);
	/* Ids of a rolled-back transaction may come again (the counter rolls back too). */
	cr_assert_eq(db_begin(tdb), 0);
	cr_assert_neq(db_new_id(tdb), 0);
	db_rollback(tdb);
	cr_assert_eq(db_begin(tdb), 0);
	ids[3] = db_new_id(tdb);
	cr_assert_eq(db_commit(tdb), 0);
	/* Another connection continues the same counter. */
	km_db *other = tdb_open_again();
	cr_assert_eq(db_begin(other), 0);
	ids[4] = db_new_id(other);
	cr_assert_eq(db_commit(other), 0);
	db_close(other);
	cr_assert_eq(db_begin(tdb), 0);
	ids[5] = db_new_id(tdb);
	cr_assert_eq(db_commit(tdb), 0);

	cr_expect_gt(ids[0], max_seeded);
	for (int i = 0; i < 6; i++) {
		cr_expect_eq(ids[i] >> 32, site, "id %d: %lld", i, (long long)ids[i]);
		if (i)
			cr_expect_gt(ids[i], ids[i - 1], "id %d not above id %d", i, i - 1);
	}
}

Test(storage, newer_schema_is_refused)
{
	char *path = test_join(tdb_dir, "future.db");
	sqlite3 *h;
	cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
	int newest = migrations[migration_count - 1].version;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", newest + 1);
	cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	char *err = NULL;
	km_db *db = db_open(path, &err);
	cr_expect_null(db);
	cr_assert_not_null(err);
	cr_expect(strstr(err, "newer than this program") != NULL, "%s", err);
	snprintf(sql, sizeof sql, "version %d", newest + 1);
	cr_expect(strstr(err, sql) != NULL, "%s", err);
	free(err);
	db_close(db);
	free(path);
}

Test(storage, meta_round_trip)
{
	char *v = meta(tdb, "no-such-key");
	cr_expect_null(v);
	cr_assert_eq(db_meta_set(tdb, "greeting", "xin chào"), 0);
	v = meta(tdb, "greeting");
	cr_expect_str_eq(v, "xin chào");
	free(v);
	cr_assert_eq(db_meta_set(tdb, "greeting", "tạm biệt"), 0);
	v = meta(tdb, "greeting");
	cr_expect_str_eq(v, "tạm biệt");
	free(v);
	cr_assert_eq(db_meta_set(tdb, "count", "42"), 0);
	v = meta(tdb, "count");
	cr_expect_str_eq(v, "42");
	free(v);
}

/* Text that only looks like a number must come back as it was written. */
Test(storage, meta_keeps_number_like_text)
{
	const char *values[] = { "007", "+5", " 12", "1e3" };
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		cr_assert_eq(db_meta_set(tdb, "k", values[i]), 0);
		char *v = meta(tdb, "k");
		cr_expect_str_eq(v, values[i]);
		free(v);
	}
}

Test(storage, foreign_keys_are_enforced)
{
	char *err = NULL;
	int rc = sqlite3_exec(db_handle(tdb),
		"INSERT INTO assessment(area_id, year, criterion_id, stage, met, judged_by, judged_on, "
		"updated_at) VALUES (999, 2021, (SELECT min(id) FROM criterion), 'self', 1, 'x', "
		"'2021-01-01', '2021-01-01')", NULL, NULL, &err);
	cr_expect_eq(rc & 0xff, SQLITE_CONSTRAINT, "%s", err ? err : "(accepted)");
	cr_expect_eq(sqlite3_extended_errcode(db_handle(tdb)), SQLITE_CONSTRAINT_FOREIGNKEY);
	sqlite3_free(err);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM assessment"), 0);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

Test(storage, second_writer_waits_for_the_first)
{
	km_db *other = tdb_open_again();
	cr_assert_eq(db_begin(tdb), 0, "%s", db_error(tdb));
	cr_assert_eq(db_meta_set(tdb, "writer", "first"), 0);

	/* A short wait instead of the program's 10 s, to see the failure and its message. */
	sqlite3_busy_timeout(db_handle(other), 200);
	double t0 = now_s();
	cr_expect_eq(db_begin(other), -1);
	cr_expect_geq(now_s() - t0, 0.15, "db_begin did not wait");
	cr_expect(strstr(db_error(other), "busy") != NULL, "%s", db_error(other));

	cr_assert_eq(db_commit(tdb), 0, "%s", db_error(tdb));
	cr_assert_eq(db_begin(other), 0, "%s", db_error(other));
	cr_assert_eq(db_meta_set(other, "writer", "second"), 0);
	cr_assert_eq(db_commit(other), 0, "%s", db_error(other));
	db_close(other);
	char *v = meta(tdb, "writer");
	cr_expect_str_eq(v, "second");
	free(v);
}

/* db_describe words the cause of a failure from SQLite's code and the system's error number. */
static char *described(int code, int sys, const char *message)
{
	strbuf b;
	sb_init(&b);
	db_describe(&b, code, sys, message);
	return sb_take(&b);
}

Test(storage, failures_are_worded_by_their_cause)
{
	static const struct {
		int code, sys;
		const char *says;
	} cases[] = {
		{ SQLITE_FULL, 0, "the disk is full (no space left on the device)" },
		{ SQLITE_IOERR_WRITE, ENOSPC, "the disk is full (no space left on the device)" },
		{ SQLITE_IOERR_WRITE, EDQUOT, "the disk quota is used up" },
		{ SQLITE_IOERR_WRITE, EFBIG, "the size limit for files was reached (file too large)" },
		{ SQLITE_IOERR_SHMSIZE, EFBIG, "the size limit for files was reached (file too large)" },
		{ SQLITE_IOERR_WRITE, EROFS, "the database is read-only (its file system is mounted read-only)" },
		{ SQLITE_READONLY, 0, "the database is read-only (no permission to write to it)" },
		{ SQLITE_READONLY_CANTINIT, 0, "the database is read-only" },
		{ SQLITE_READONLY_DBMOVED, 0, "the database file was moved or deleted while in use" },
		{ SQLITE_CANTOPEN, EACCES, "permission denied" },
		{ SQLITE_CANTOPEN, ENOENT, "no such file or directory" },
		{ SQLITE_IOERR_READ, EIO, "a disk input/output error (Input/output error)" },
		{ SQLITE_IOERR_FSYNC, 0, "a disk input/output error" },
		{ SQLITE_CORRUPT, 0, "the database file is damaged" },
		{ SQLITE_NOTADB, 0, "the file is not a database" },
		{ SQLITE_BUSY, 0, "the database is busy (another session is writing); try again" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = described(cases[i].code, cases[i].sys, "raw SQLite message");
		cr_expect(strstr(s, cases[i].says) != NULL, "code %d, errno %d: \"%s\", not \"%s\"",
			  cases[i].code, cases[i].sys, s, cases[i].says);
		free(s);
	}
}

Test(storage, a_stale_system_error_does_not_name_the_cause)
{
	/* SQLite keeps the last system error of the connection: it says nothing about a constraint. */
	char *s = described(SQLITE_CONSTRAINT_UNIQUE, ENOSPC, "UNIQUE constraint failed: area.code");
	cr_expect_str_eq(s, "UNIQUE constraint failed: area.code");
	free(s);
}

Test(storage, a_full_disk_at_commit_is_said_and_nothing_is_saved)
{
	/* A database already big, then a file size limit below it: the commit cannot grow the WAL
	 * past it (SIGXFSZ caught, as the program does). */
	db_catch_file_size_limit();
	int64_t before = tdb_int(tdb, "SELECT count(*) FROM area");
	struct rlimit old, low;
	cr_assert_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	low = old;
	low.rlim_cur = 4096;
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &low), 0);
	cr_assert_eq(db_begin(tdb), 0, "%s", db_error(tdb));
	bool added = area_insert(tdb, tdb_area("Lạc Xuân"), "Thôn 1", AREA_VILLAGE, "24934-01", false,
				 "user", NULL) == 0;
	int rc = added ? db_commit(tdb) : -1;
	if (!added)
		db_rollback(tdb);
	setrlimit(RLIMIT_FSIZE, &old);
	cr_expect_eq(rc, -1);
	cr_expect(strstr(db_error(tdb), "the size limit for files was reached") != NULL, "%s",
		  db_error(tdb));
	cr_expect(strstr(db_error(tdb), "nothing was saved") != NULL, "%s", db_error(tdb));
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM area"), before);
}
