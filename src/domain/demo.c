#include "config.h"
#include "domain/demo.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/auth.h"
#include "domain/criteria.h"
#include "domain/synth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/rng.h"
#include "util/text.h"

#define DEMO_SEED 20211001u
#define YEARS (DEMO_LAST_YEAR - DEMO_FIRST_YEAR + 1)
/* Villages meeting every criterion each year: 32 in 2021 as the directive says, then growing. */
static const int model_count[YEARS] = { 32, 38, 45, 52, 60 };
/* Recognised by the province, cumulative: 12 of the 32 in 2021. */
static const int province_count[YEARS] = { 12, 15, 19, 23, 28 };

int demo_present(km_db *db, bool *yes)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM area WHERE origin = 'demo')");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return db_fail_sql(db, _("reading the database"));
	*yes = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return 0;
}

/* Users' data: anything that is neither default nor demo. */
static int has_user_data(km_db *db, bool *yes)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT EXISTS (SELECT 1 FROM area WHERE origin = 'user') "
		"OR EXISTS (SELECT 1 FROM assessment s JOIN area a ON a.id = s.area_id WHERE a.origin <> 'demo') "
		"OR EXISTS (SELECT 1 FROM recognition WHERE origin <> 'demo') "
		"OR EXISTS (SELECT 1 FROM award WHERE origin <> 'demo') "
		"OR EXISTS (SELECT 1 FROM resource_entry WHERE origin <> 'demo') "
		"OR EXISTS (SELECT 1 FROM registration WHERE origin <> 'demo') "
		"OR EXISTS (SELECT 1 FROM criteria_set WHERE origin = 'user')");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return db_fail_sql(db, _("reading the database"));
	*yes = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return 0;
}

static int remove_demo(km_db *db)
{
	return db_exec(db,
		"DELETE FROM assessment WHERE area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM assessment_history WHERE area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM area_fact WHERE area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM criterion_org WHERE area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM resource_entry WHERE origin = 'demo' "
		"  OR area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM award WHERE origin = 'demo' "
		"  OR area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM registration WHERE area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM cycle_step WHERE area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM recheck WHERE area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM recognition WHERE origin = 'demo' "
		"  OR area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM area_year_total WHERE area_id IN (SELECT id FROM area WHERE origin = 'demo');"
		"DELETE FROM area WHERE origin = 'demo' AND kind IN ('village', 'residential_group');"
		"DELETE FROM area WHERE origin = 'demo';");
}

/* Adds 8-12 villages (residential groups in towns) to each commune-level unit. */
static int add_villages(km_db *db, rng *r, synth_village **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, kind FROM area WHERE kind IN ('commune', 'town', 'ward') "
				       "ORDER BY sort_key, id");
	if (!st)
		return -1;
	int64_t communes[4096];
	int kinds[4096];
	size_t nc = 0;
	while (sqlite3_step(st) == SQLITE_ROW && nc < 4096) {
		communes[nc] = sqlite3_column_int64(st, 0);
		kinds[nc++] = area_kind_from_key((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	size_t cap = 128, len = 0;
	synth_village *v = xmalloc(cap * sizeof *v);
	for (size_t c = 0; c < nc; c++) {
		area_kind kind = area_kind_default_child((area_kind)kinds[c]);
		const char *prefix = kind == AREA_VILLAGE ? "Thôn" : "Tổ dân phố";
		int count = rng_range(r, 8, 12);
		for (int i = 1, made = 0; made < count && i < 1000; i++) {
			char name[64];
			snprintf(name, sizeof name, "%s %d", prefix, i);
			int64_t id;
			if (area_insert(db, communes[c], name, kind, NULL, false, "demo", &id) < 0)
				continue;   /* a user's area already has that name: take the next number */
			if (len == cap)
				v = xrealloc(v, (cap *= 2) * sizeof *v);
			synth_village *vg = &v[len++];
			*vg = (synth_village){ id, 0, rng_range(r, 90, 420), rng_range(r, 0, 9) < 4 ? "KV1" : "KV2",
					       rng_range(r, 15, 80) / 10.0, rng_range(r, 20, 120) / 10.0, "" };
			snprintf(vg->name, sizeof vg->name, "%s", name);
			made++;
		}
	}
	/* A random order of merit decides which villages become model areas first. */
	for (size_t i = 0; i < len; i++)
		v[i].rank = (int)i;
	for (size_t i = len; i > 1; i--) {
		size_t j = (size_t)(rng_next(r) % i);
		int t = v[i - 1].rank;
		v[i - 1].rank = v[j].rank;
		v[j].rank = t;
	}
	*out = v;
	*n = len;
	return 0;
}

static const synth_plan demo_plan = {
	DEMO_FIRST_YEAR, DEMO_LAST_YEAR, model_count, province_count,
	"Ủy ban MTTQ Việt Nam huyện Đơn Dương (minh họa)", "Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng (minh họa)",
	"UBND huyện Đơn Dương (minh họa)", "UBND tỉnh Lâm Đồng (minh họa)", false,
};

static int fill_year(km_db *db, int year, const criteria_set *set, synth_village *v, size_t n, rng *r)
{
	int seq = 0;
	for (size_t i = 0; i < n; i++)
		if (synth_village_year(db, &demo_plan, set, &v[i], year, r, &seq) < 0)
			return -1;
	return criteria_bind_year(db, year, set->id);
}

int demo_fill(km_db *db, bool force)
{
	if (!auth_check(db, PERM_ADMIN, 0))
		return -1;
	bool user = false;
	if (has_user_data(db, &user) < 0)
		return -1;
	if (user && !force)
		return db_fail(db, _("This database holds users' data: the demo would mix with it. Use "
				     "another file (--db FILE), or --force to add the demo anyway."));
	int64_t set_id;
	if (criteria_set_for_year(db, DEMO_FIRST_YEAR, &set_id) < 0)
		return -1;
	if (!set_id)
		return db_fail(db, _("No criteria set applies to %d"), DEMO_FIRST_YEAR);
	criteria_set set;
	if (criteria_load(db, set_id, &set) < 0)
		return -1;
	if (db_begin(db) < 0) {
		criteria_set_free(&set);
		return -1;
	}
	rng r;
	rng_seed(&r, DEMO_SEED);
	synth_village *v = NULL;
	size_t n = 0;
	/* Generated illustrative rows are not anyone's change: kept out of the audit log. */
	db_audit_pause(db, true);
	int rc = remove_demo(db);
	if (rc == 0)
		rc = add_villages(db, &r, &v, &n);
	if (rc == 0 && n < (size_t)model_count[YEARS - 1])
		rc = db_fail(db, _("Too few communes for the demo"));
	for (int y = DEMO_FIRST_YEAR; rc == 0 && y <= DEMO_LAST_YEAR; y++)
		rc = fill_year(db, y, &set, v, n, &r);
	if (rc == 0)
		rc = db_meta_set(db, "demo", "1");
	db_audit_pause(db, false);
	free(v);
	criteria_set_free(&set);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
