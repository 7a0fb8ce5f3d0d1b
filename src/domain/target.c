#include "config.h"
/* Yearly targets: one row per area and year, each target nullable (unset). */
#include "domain/target.h"
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/auth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"

#define MAX_NOTE 2000
#define MAX_COUNT 1000000
#define MAX_DONG 1000000000000000LL   /* 1e15 đồng, as the ledger's limit */

void target_free(target *t)
{
	if (!t)
		return;
	free(t->note);
	t->note = NULL;
}

int target_get(km_db *db, int64_t area_id, int year, target *out)
{
	memset(out, 0, sizeof *out);
	out->area_id = area_id;
	out->year = year;
	sqlite3_stmt *st = db_stmt(db, "SELECT recognised_district, recognised_province, resources_dong, "
				       "note FROM target WHERE area_id = ?1 AND year = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			out->has_district = true;
			out->recognised_district = sqlite3_column_int(st, 0);
		}
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			out->has_province = true;
			out->recognised_province = sqlite3_column_int(st, 1);
		}
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			out->has_resources = true;
			out->resources_dong = sqlite3_column_int64(st, 2);
		}
		const unsigned char *note = sqlite3_column_text(st, 3);
		if (note && *note)
			out->note = xstrdup((const char *)note);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail_sql(db, _("reading the targets"));
	return 0;
}

/* Checks what does not need the database. */
static int check_values(km_db *db, const target *t)
{
	if (t->year < 1900 || t->year > 2999)
		return db_fail(db, _("The year must be between 1900 and 2999"));
	if (t->has_district && (t->recognised_district < 0 || t->recognised_district > MAX_COUNT))
		return db_fail(db, _("The number of areas to recognise at the district level must be "
				     "between 0 and %d"), MAX_COUNT);
	if (t->has_province && (t->recognised_province < 0 || t->recognised_province > MAX_COUNT))
		return db_fail(db, _("The number of areas to recognise at the province level must be "
				     "between 0 and %d"), MAX_COUNT);
	if (t->has_resources && (t->resources_dong < 0 || t->resources_dong > MAX_DONG))
		return db_fail(db, _("The resources to mobilise must be between 0 and 1.000.000.000.000.000 đ"));
	return 0;
}

static int step_done(km_db *db, sqlite3_stmt *st, const char *context)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, context);
}

static int write_row(km_db *db, const target *t, const char *note)
{
	if (!t->has_district && !t->has_province && !t->has_resources && !note) {
		sqlite3_stmt *st = db_stmt(db, "DELETE FROM target WHERE area_id = ?1 AND year = ?2");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, t->area_id);
		sqlite3_bind_int(st, 2, t->year);
		return step_done(db, st, _("removing the targets"));
	}
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO target(area_id, year, recognised_district, recognised_province, resources_dong, "
		"note, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
		"ON CONFLICT(area_id, year) DO UPDATE SET recognised_district = excluded.recognised_district, "
		"recognised_province = excluded.recognised_province, resources_dong = excluded.resources_dong, "
		"note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at");
	if (!st)
		return -1;
	char now[32];
	db_now_iso(now, sizeof now);
	sqlite3_bind_int64(st, 1, t->area_id);
	sqlite3_bind_int(st, 2, t->year);
	if (t->has_district)
		sqlite3_bind_int(st, 3, t->recognised_district);
	if (t->has_province)
		sqlite3_bind_int(st, 4, t->recognised_province);
	if (t->has_resources)
		sqlite3_bind_int64(st, 5, t->resources_dong);
	if (note)
		sqlite3_bind_text(st, 6, note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, db_user(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	return step_done(db, st, _("saving the targets"));
}

int target_set(km_db *db, const target *t)
{
	if (check_values(db, t) < 0)
		return -1;
	char *note = NULL;
	if (t->note) {
		note = text_sanitize(t->note);
		if (!*note) {
			free(note);
			note = NULL;
		} else if (strlen(note) > MAX_NOTE) {
			free(note);
			return db_fail(db, _("%s is longer than %zu bytes"), _("The note"), (size_t)MAX_NOTE);
		}
	}
	if (db_begin(db) < 0) {
		free(note);
		return -1;
	}
	area a;
	int rc = area_get(db, t->area_id, &a);
	if (rc == 0) {
		if (area_kind_level(a.kind) > 2)
			rc = db_fail(db, _("Targets are set for a commune, a district or a province, not for "
					   "%s %s"), area_kind_label(a.kind), a.name);
		/* A commune's own targets: its commune cadre may set them too. */
		else if (!auth_check(db, area_kind_level(a.kind) == 2 ? PERM_APPRAISAL : PERM_DISTRICT,
				     t->area_id))
			rc = -1;
		area_free(&a);
	}
	if (rc == 0)
		rc = write_row(db, t, note);
	free(note);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
