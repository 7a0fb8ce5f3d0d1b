#include "config.h"
#include "storage/seed.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/criteria_file.h"
#include "storage/db.h"
#include "util/csv.h"
#include "util/i18n.h"
#include "util/paths.h"

static int find_code(struct km_db *db, const char *code, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM area WHERE code = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return 0;
}

/* areas.csv: code,name,kind,parent_code,official; parents before children. */
static int seed_areas(struct km_db *db, const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return db_fail(db, _("cannot read %s: %s"), path, strerror(errno));
	csv_reader r;
	csv_open(&r, fp);
	int rc = 0, got;
	bool header = true;
	while (rc == 0 && (got = csv_next(&r)) != 0) {
		if (got < 0 || r.nfields != 5) {
			rc = db_fail(db, _("%s:%d: expected code,name,kind,parent_code,official"), path, r.line);
			break;
		}
		if (header) {
			header = false;
			continue;
		}
		int kind = area_kind_from_key(r.fields[2]);
		int64_t parent = 0;
		if (kind < 0) {
			rc = db_fail(db, _("%s:%d: unknown kind %s"), path, r.line, r.fields[2]);
		} else if (*r.fields[3] && (find_code(db, r.fields[3], &parent) < 0 || !parent)) {
			rc = db_fail(db, _("%s:%d: unknown parent %s"), path, r.line, r.fields[3]);
		} else if (area_insert(db, parent, r.fields[1], (area_kind)kind, r.fields[0],
				       strcmp(r.fields[4], "1") == 0, "default", NULL) < 0) {
			rc = -1;
		}
	}
	csv_close(&r);
	fclose(fp);
	return rc;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int seed_criteria(struct km_db *db, const char *dir)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, by_name);
	if (n < 0)
		return db_fail(db, _("cannot read %s: %s"), dir, strerror(errno));
	int rc = 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(list[i]->d_name);
		if (rc == 0 && len > 4 && strcmp(list[i]->d_name + len - 4, ".ini") == 0) {
			char *path = paths_join(dir, list[i]->d_name);
			criteria_set set;
			strbuf errors;
			sb_init(&errors);
			if (!criteria_file_read(path, &set, &errors))
				rc = db_fail(db, "%s", errors.s);
			else {
				rc = criteria_store(db, &set);
				criteria_set_free(&set);
			}
			sb_free(&errors);
			free(path);
		}
		free(list[i]);
	}
	free(list);
	return rc;
}

int seed_defaults(struct km_db *db, const char *datadir)
{
	char *done = NULL;
	if (db_meta_get(db, "defaults_loaded", &done) < 0)
		return -1;
	if (done) {
		free(done);
		return 0;
	}
	if (db_begin(db) < 0)
		return -1;
	/* Another process may have loaded them while we waited for the lock. */
	if (db_meta_get(db, "defaults_loaded", &done) < 0) {
		db_rollback(db);
		return -1;
	}
	if (done) {
		free(done);
		db_rollback(db);
		return 0;
	}
	char *areas = paths_join(datadir, "areas.csv");
	char *criteria = paths_join(datadir, "criteria");
	char now[32];
	int rc = seed_areas(db, areas);
	if (rc == 0)
		rc = seed_criteria(db, criteria);
	if (rc == 0)
		rc = db_meta_set(db, "defaults_loaded", db_now_iso(now, sizeof now));
	free(areas);
	free(criteria);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int seed_only_defaults(struct km_db *db, bool *yes)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT (SELECT count(*) FROM area WHERE origin <> 'default') + "
		"(SELECT count(*) FROM assessment) + (SELECT count(*) FROM recognition) + "
		"(SELECT count(*) FROM criteria_set WHERE origin <> 'default')");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return db_fail_sql(db, _("reading the database"));
	*yes = sqlite3_column_int64(st, 0) == 0;
	sqlite3_reset(st);
	return 0;
}
