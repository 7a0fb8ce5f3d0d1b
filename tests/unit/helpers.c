#include "config.h"
#include "helpers.h"
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "storage/seed.h"
#include "util/strbuf.h"

km_db *tdb;
char tdb_dir[64];
static char tdb_path[128];

const char *test_srcdir(void)
{
	const char *dir = getenv("KM_SRCDIR");
	return dir && *dir ? dir : ".";
}

char *test_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

void tdb_setup(void)
{
	snprintf(tdb_dir, sizeof tdb_dir, "/tmp/kieumau-unit-XXXXXX");
	cr_assert_not_null(mkdtemp(tdb_dir), "mkdtemp failed");
	snprintf(tdb_path, sizeof tdb_path, "%s/kieumau.db", tdb_dir);
	char *err = NULL;
	tdb = db_open(tdb_path, &err);
	cr_assert_not_null(tdb, "db_open: %s", err);
	char *data = test_join(test_srcdir(), "data");
	int rc = seed_defaults(tdb, data);
	free(data);
	cr_assert_eq(rc, 0, "seed_defaults: %s", db_error(tdb));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void tdb_teardown(void)
{
	db_close(tdb);
	tdb = NULL;
	if (tdb_dir[0])
		nftw(tdb_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	tdb_dir[0] = '\0';
}

const char *tdb_file(void)
{
	return tdb_path;
}

km_db *tdb_open_again(void)
{
	char *err = NULL;
	km_db *db = db_open(tdb_path, &err);
	cr_assert_not_null(db, "db_open: %s", err);
	return db;
}

int64_t tdb_area(const char *spec)
{
	int64_t id = 0;
	cr_assert_eq(area_resolve(tdb, spec, &id), 0, "area_resolve(%s): %s", spec, db_error(tdb));
	return id;
}

int64_t tdb_add_village(const char *parent_spec, const char *name)
{
	int64_t id = 0;
	cr_assert_eq(area_add(tdb, tdb_area(parent_spec), name, AREA_VILLAGE, &id), 0,
		     "area_add(%s): %s", name, db_error(tdb));
	return id;
}

int64_t tdb_int(km_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	cr_assert_eq(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
		     sqlite3_errmsg(db_handle(db)));
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s: no row", sql);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}
