#include "config.h"
#include "storage/migrations.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/i18n.h"
#include "util/strbuf.h"

/* The tables whose every change goes to the audit log (the rest are derived, imported with a set,
 * or histories themselves). */
static const char *const audited[] = {
	"area", "criteria_set", "year_criteria_set", "assessment", "area_fact", "criterion_org",
	"registration", "cycle_step", "recognition", "recheck", "award", "resource_entry", "target",
	"app_user",
};

/* Appends "json_object('c1', P.c1, ...)" for every column of table, P being OLD or NEW. */
static void row_json(sqlite3 *h, const char *table, const char *p, strbuf *b)
{
	sqlite3_stmt *st;
	sb_add(b, "json_object(");
	if (sqlite3_prepare_v2(h, "SELECT name, upper(type) = 'BLOB' FROM pragma_table_info(?1) ORDER BY cid",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		/* JSON holds no BLOB: those (collation keys) are logged as hex. */
		for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++)
			sb_printf(b, sqlite3_column_int(st, 1) ? "%s'%s', hex(%s.\"%s\")" : "%s'%s', %s.\"%s\"",
				  i ? ", " : "", sqlite3_column_text(st, 0), p, sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sb_addc(b, ')');
}

/* The row's key as text: its id, or a JSON array of its primary key columns. */
static void row_key(sqlite3 *h, const char *table, const char *p, strbuf *b)
{
	sqlite3_stmt *st;
	strbuf cols;
	sb_init(&cols);
	int n = 0;
	if (sqlite3_prepare_v2(h, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			sb_printf(&cols, "%s%s.\"%s\"", n++ ? ", " : "", p, sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (n == 1)
		sb_printf(b, "CAST(%s AS TEXT)", cols.s);
	else
		sb_printf(b, "json_array(%s)", cols.s);
	sb_free(&cols);
}

static bool has_column(sqlite3 *h, const char *table, const char *col)
{
	sqlite3_stmt *st;
	bool yes = false;
	if (sqlite3_prepare_v2(h, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return yes;
}

/* Triggers that log every insert, update and delete of the audited tables. The SQL is built from
 * the schema's own table and column names (no user data). km_user() and km_audit() are
 * registered by the program on each connection: a write from a tool without them fails, so no
 * change escapes the log; km_audit() is false only while the program writes generated
 * illustrative data (demo, benchmarks), which is not anyone's change. */
static int audit_triggers(sqlite3 *h)
{
	static const struct { const char *when, *action; bool old_row, new_row; } kinds[] = {
		{ "INSERT", "insert", false, true },
		{ "UPDATE", "update", true, true },
		{ "DELETE", "delete", true, false },
	};
	int rc = SQLITE_OK;
	for (size_t t = 0; t < sizeof audited / sizeof *audited && rc == SQLITE_OK; t++) {
		const char *table = audited[t];
		const char *area = strcmp(table, "area") == 0 ? "id"
				 : has_column(h, table, "area_id") ? "area_id" : NULL;
		for (size_t k = 0; k < sizeof kinds / sizeof *kinds && rc == SQLITE_OK; k++) {
			const char *p = kinds[k].new_row ? "NEW" : "OLD";
			strbuf b;
			sb_init(&b);
			sb_printf(&b, "CREATE TRIGGER audit_%s_%s AFTER %s ON \"%s\" WHEN km_audit() BEGIN "
				  "INSERT INTO audit(at, user, tbl, row_key, action, area_id, old_row, new_row) VALUES ("
				  "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'), km_user(), '%s', ",
				  table, kinds[k].action, kinds[k].when, table, table);
			row_key(h, table, p, &b);
			sb_printf(&b, ", '%s', ", kinds[k].action);
			if (area)
				sb_printf(&b, "%s.\"%s\"", p, area);
			else
				sb_add(&b, "NULL");
			sb_add(&b, ", ");
			if (kinds[k].old_row)
				row_json(h, table, "OLD", &b);
			else
				sb_add(&b, "NULL");
			sb_add(&b, ", ");
			if (kinds[k].new_row)
				row_json(h, table, "NEW", &b);
			else
				sb_add(&b, "NULL");
			sb_add(&b, "); END;");
			rc = sqlite3_exec(h, b.s, NULL, NULL, NULL);
			sb_free(&b);
		}
	}
	return rc;
}

/* Every table has a stable primary key, assigned by the program (see db_new_id) or natural, so
 * that copies of the database can later be synced with SQLite's session extension. */
const struct migration migrations[] = {
	{ 1, "areas, criteria sets, assessments",
	  "CREATE TABLE meta (\n"
	  "  key TEXT PRIMARY KEY,\n"
	  "  value\n"
	  ") WITHOUT ROWID;\n"
	  /* The area hierarchy: province > district > commune/town/ward > village/residential group. */
	  "CREATE TABLE area (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  code TEXT NOT NULL UNIQUE,\n"
	  "  code_official INTEGER NOT NULL DEFAULT 0 CHECK (code_official IN (0, 1)),\n"
	  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
	  "  kind TEXT NOT NULL CHECK (kind IN ('province', 'district', 'commune', 'town', 'ward',\n"
	  "                                     'village', 'residential_group')),\n"
	  "  parent_id INTEGER REFERENCES area(id),\n"
	  "  name_folded TEXT NOT NULL,\n"
	  "  sort_key BLOB NOT NULL,\n"
	  "  origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('default', 'demo', 'user')),\n"
	  "  created_at TEXT NOT NULL,\n"
	  "  updated_at TEXT NOT NULL\n"
	  ");\n"
	  "CREATE INDEX area_by_parent ON area(parent_id, sort_key);\n"
	  "CREATE INDEX area_by_folded_name ON area(name_folded);\n"
	  /* Criteria sets are data: one per decision, bound to years. */
	  "CREATE TABLE criteria_set (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  code TEXT NOT NULL UNIQUE,\n"
	  "  name TEXT NOT NULL,\n"
	  "  decision_no TEXT,\n"
	  "  decision_date TEXT,\n"
	  "  issuer TEXT,\n"
	  "  year_from INTEGER NOT NULL,\n"
	  "  year_to INTEGER,\n"
	  "  illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),\n"
	  "  origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('default', 'demo', 'user')),\n"
	  "  imported_at TEXT NOT NULL\n"
	  ");\n"
	  "CREATE TABLE criteria_group (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  set_id INTEGER NOT NULL REFERENCES criteria_set(id) ON DELETE CASCADE,\n"
	  "  position INTEGER NOT NULL,\n"
	  "  code TEXT NOT NULL,\n"
	  "  name TEXT NOT NULL,\n"
	  "  UNIQUE (set_id, code)\n"
	  ");\n"
	  "CREATE TABLE criterion (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  set_id INTEGER NOT NULL REFERENCES criteria_set(id) ON DELETE CASCADE,\n"
	  "  group_id INTEGER NOT NULL REFERENCES criteria_group(id) ON DELETE CASCADE,\n"
	  "  position INTEGER NOT NULL,\n"
	  "  code TEXT NOT NULL,\n"
	  "  name TEXT NOT NULL,\n"
	  "  measure TEXT NOT NULL CHECK (measure IN ('yesno', 'percent', 'count', 'rating')),\n"
	  "  comparison TEXT CHECK (comparison IN ('>=', '>', '<=', '<', '=')),\n"
	  "  threshold REAL,\n"
	  "  unit TEXT,\n"
	  "  base TEXT,\n"
	  "  required INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),\n"
	  "  org TEXT,\n"
	  "  UNIQUE (set_id, code)\n"
	  ");\n"
	  "CREATE INDEX criterion_by_set ON criterion(set_id, position);\n"
	  "CREATE TABLE criterion_area_threshold (\n"
	  "  criterion_id INTEGER NOT NULL REFERENCES criterion(id) ON DELETE CASCADE,\n"
	  "  area_type TEXT NOT NULL,\n"
	  "  threshold REAL NOT NULL,\n"
	  "  PRIMARY KEY (criterion_id, area_type)\n"
	  ") WITHOUT ROWID;\n"
	  "CREATE TABLE criterion_level (\n"
	  "  criterion_id INTEGER NOT NULL REFERENCES criterion(id) ON DELETE CASCADE,\n"
	  "  position INTEGER NOT NULL,\n"
	  "  label TEXT NOT NULL,\n"
	  "  PRIMARY KEY (criterion_id, position)\n"
	  ") WITHOUT ROWID;\n"
	  "CREATE TABLE year_criteria_set (\n"
	  "  year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2999),\n"
	  "  set_id INTEGER NOT NULL REFERENCES criteria_set(id)\n"
	  ");\n"
	  /* One judgement per area, year, criterion and stage; no row = not assessed. A rating's
	   * value is the index of its level. */
	  "CREATE TABLE assessment (\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),\n"
	  "  criterion_id INTEGER NOT NULL REFERENCES criterion(id),\n"
	  "  stage TEXT NOT NULL CHECK (stage IN ('self', 'appraisal')),\n"
	  "  met INTEGER NOT NULL CHECK (met IN (0, 1)),\n"
	  "  value REAL,\n"
	  "  part REAL,\n"
	  "  base REAL,\n"
	  "  evidence TEXT,\n"
	  "  judged_by TEXT NOT NULL,\n"
	  "  judged_on TEXT NOT NULL,\n"
	  "  updated_at TEXT NOT NULL,\n"
	  "  PRIMARY KEY (area_id, year, criterion_id, stage)\n"
	  ") WITHOUT ROWID;\n"
	  "CREATE INDEX assessment_by_year ON assessment(year);\n"
	  /* Every change of an assessment, kept for the history view (met NULL = not assessed). */
	  "CREATE TABLE assessment_history (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL,\n"
	  "  criterion_id INTEGER NOT NULL REFERENCES criterion(id),\n"
	  "  stage TEXT NOT NULL,\n"
	  "  old_met INTEGER,\n"
	  "  old_value REAL,\n"
	  "  new_met INTEGER,\n"
	  "  new_value REAL,\n"
	  "  changed_by TEXT NOT NULL,\n"
	  "  changed_at TEXT NOT NULL\n"
	  ");\n"
	  "CREATE INDEX assessment_history_by_key ON assessment_history(area_id, year, criterion_id);\n"
	  /* Titles granted (used by the demo's recognition figures; the full cycle comes later). */
	  "CREATE TABLE recognition (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL,\n"
	  "  title TEXT NOT NULL CHECK (title IN ('exemplary', 'model')),\n"
	  "  level TEXT NOT NULL CHECK (level IN ('district', 'province')),\n"
	  "  decision_no TEXT NOT NULL,\n"
	  "  decision_date TEXT NOT NULL,\n"
	  "  issuer TEXT,\n"
	  "  origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('default', 'demo', 'user')),\n"
	  "  UNIQUE (area_id, year, title)\n"
	  ");\n",
	  NULL },
	{ 2, "area facts per year, organisations in charge per area",
	  /* The bases criteria are measured against (households, road km ...) and the area type
	   * (KV1/KV2) that picks a criterion's threshold: one value per area, year and key. */
	  "CREATE TABLE area_fact (\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),\n"
	  "  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40),\n"
	  "  value_num REAL,\n"
	  "  value_text TEXT,\n"
	  "  updated_by TEXT NOT NULL,\n"
	  "  updated_at TEXT NOT NULL,\n"
	  "  CHECK ((value_num IS NULL) <> (value_text IS NULL)),\n"
	  "  PRIMARY KEY (area_id, year, key)\n"
	  ") WITHOUT ROWID;\n"
	  /* Who is in charge of a criterion in an area, when not the set's default organisation. */
	  "CREATE TABLE criterion_org (\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  criterion_id INTEGER NOT NULL REFERENCES criterion(id),\n"
	  "  org TEXT NOT NULL CHECK (length(org) BETWEEN 1 AND 200),\n"
	  "  updated_by TEXT NOT NULL,\n"
	  "  updated_at TEXT NOT NULL,\n"
	  "  PRIMARY KEY (area_id, criterion_id)\n"
	  ") WITHOUT ROWID;\n"
	  /* The history also keeps what the evidence said before and after. */
	  "ALTER TABLE assessment_history ADD COLUMN old_evidence TEXT;\n"
	  "ALTER TABLE assessment_history ADD COLUMN new_evidence TEXT;\n",
	  NULL },
	{ 3, "the yearly recognition cycle and commendations",
	  /* An area registers for a title each year, then goes through dated steps. */
	  "CREATE TABLE registration (\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),\n"
	  "  title TEXT NOT NULL CHECK (title IN ('exemplary', 'model')),\n"
	  "  registered_on TEXT NOT NULL,\n"
	  "  note TEXT,\n"
	  "  origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('default', 'demo', 'user')),\n"
	  "  recorded_by TEXT NOT NULL,\n"
	  "  recorded_at TEXT NOT NULL,\n"
	  "  PRIMARY KEY (area_id, year)\n"
	  ") WITHOUT ROWID;\n"
	  "CREATE TABLE cycle_step (\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),\n"
	  "  step TEXT NOT NULL CHECK (step IN ('self_assessed', 'appraised', 'inspected')),\n"
	  "  done_on TEXT NOT NULL,\n"
	  "  done_by TEXT NOT NULL,\n"
	  "  note TEXT,\n"
	  "  origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('default', 'demo', 'user')),\n"
	  "  recorded_at TEXT NOT NULL,\n"
	  "  PRIMARY KEY (area_id, year, step)\n"
	  ") WITHOUT ROWID;\n"
	  /* A recognition may later be revoked by its own decision. */
	  "ALTER TABLE recognition ADD COLUMN revoked_decision_no TEXT;\n"
	  "ALTER TABLE recognition ADD COLUMN revoked_on TEXT;\n"
	  "ALTER TABLE recognition ADD COLUMN revoke_reason TEXT;\n"
	  "ALTER TABLE recognition ADD COLUMN recorded_by TEXT;\n"
	  "ALTER TABLE recognition ADD COLUMN recorded_at TEXT;\n"
	  "CREATE INDEX recognition_by_area ON recognition(area_id, year);\n"
	  /* Each later year, a recognised area is checked again: kept up, raised, or not kept. */
	  "CREATE TABLE recheck (\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),\n"
	  "  result TEXT NOT NULL CHECK (result IN ('maintained', 'improved', 'not_maintained')),\n"
	  "  checked_on TEXT NOT NULL,\n"
	  "  note TEXT,\n"
	  "  origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('default', 'demo', 'user')),\n"
	  "  recorded_by TEXT NOT NULL,\n"
	  "  recorded_at TEXT NOT NULL,\n"
	  "  PRIMARY KEY (area_id, year)\n"
	  ") WITHOUT ROWID;\n"
	  /* Commendations (Giấy khen, Bằng khen ...) of areas, households, people, organisations,
	   * communes; linked to the recognition they reward when there is one. */
	  "CREATE TABLE award (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  recipient_kind TEXT NOT NULL CHECK (recipient_kind IN\n"
	  "    ('area', 'household', 'person', 'organisation', 'commune')),\n"
	  "  recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 200),\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  form TEXT NOT NULL CHECK (length(form) BETWEEN 1 AND 100),\n"
	  "  issuer TEXT,\n"
	  "  level TEXT NOT NULL CHECK (level IN ('commune', 'district', 'province', 'ministry', 'national')),\n"
	  "  decision_no TEXT NOT NULL,\n"
	  "  decision_date TEXT NOT NULL,\n"
	  "  reason TEXT,\n"
	  "  amount REAL CHECK (amount IS NULL OR amount >= 0),\n"
	  "  note TEXT,\n"
	  "  recognition_id INTEGER REFERENCES recognition(id),\n"
	  "  origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('default', 'demo', 'user')),\n"
	  "  created_by TEXT NOT NULL,\n"
	  "  created_at TEXT NOT NULL,\n"
	  "  updated_by TEXT NOT NULL,\n"
	  "  updated_at TEXT NOT NULL\n"
	  ");\n"
	  "CREATE INDEX award_by_area ON award(area_id, decision_date);\n"
	  "CREATE INDEX award_by_recognition ON award(recognition_id);\n",
	  NULL },
	{ 4, "the resource mobilisation ledger",
	  /* What a village or commune mobilised: from whom, in what form, worth how much. */
	  "CREATE TABLE resource_entry (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  entry_date TEXT NOT NULL,\n"
	  "  source TEXT NOT NULL CHECK (source IN ('central', 'province', 'district', 'commune',\n"
	  "    'pooled', 'credit', 'enterprise', 'residents', 'donors', 'other')),\n"
	  "  form TEXT NOT NULL CHECK (form IN ('cash', 'labour', 'land', 'materials', 'machinery', 'other')),\n"
	  "  quantity REAL CHECK (quantity IS NULL OR quantity >= 0),\n"
	  "  unit TEXT,\n"
	  "  value_dong INTEGER NOT NULL CHECK (value_dong >= 0),\n"
	  "  work TEXT,\n"
	  "  contributor TEXT,\n"
	  "  note TEXT,\n"
	  "  origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('default', 'demo', 'user')),\n"
	  "  created_by TEXT NOT NULL,\n"
	  "  created_at TEXT NOT NULL,\n"
	  "  updated_by TEXT NOT NULL,\n"
	  "  updated_at TEXT NOT NULL\n"
	  ");\n"
	  "CREATE INDEX resource_by_area_date ON resource_entry(area_id, entry_date);\n"
	  "CREATE INDEX resource_by_date ON resource_entry(entry_date);\n"
	  /* Every change of an entry: the row before and after, as the CSV line it exports to. */
	  "CREATE TABLE resource_history (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  entry_id INTEGER NOT NULL,\n"
	  "  action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'import')),\n"
	  "  old_row TEXT,\n"
	  "  new_row TEXT,\n"
	  "  changed_by TEXT NOT NULL,\n"
	  "  changed_at TEXT NOT NULL\n"
	  ");\n"
	  "CREATE INDEX resource_history_by_entry ON resource_history(entry_id);\n",
	  NULL },
	{ 5, "yearly targets",
	  /* A commune's (or a district's) targets for a year, from its yearly plan: how many areas
	   * to recognise at each level, and the resources to mobilise. */
	  "CREATE TABLE target (\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),\n"
	  "  recognised_district INTEGER CHECK (recognised_district >= 0),\n"
	  "  recognised_province INTEGER CHECK (recognised_province >= 0),\n"
	  "  resources_dong INTEGER CHECK (resources_dong >= 0),\n"
	  "  note TEXT,\n"
	  "  updated_by TEXT NOT NULL,\n"
	  "  updated_at TEXT NOT NULL,\n"
	  "  PRIMARY KEY (area_id, year)\n"
	  ") WITHOUT ROWID;\n",
	  NULL },
	{ 6, "users and roles, the audit log",
	  /* Users are Unix login names; a role and the part of the hierarchy it covers. */
	  "CREATE TABLE app_user (\n"
	  "  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),\n"
	  "  role TEXT NOT NULL CHECK (role IN ('viewer', 'village', 'commune', 'district', 'admin')),\n"
	  "  scope_area_id INTEGER REFERENCES area(id),\n"
	  "  created_by TEXT NOT NULL,\n"
	  "  created_at TEXT NOT NULL,\n"
	  "  updated_by TEXT NOT NULL,\n"
	  "  updated_at TEXT NOT NULL\n"
	  ") WITHOUT ROWID;\n"
	  /* Every change to the data: who, when, which row, before and after. Append only. The id is
	   * local to this file (the log is not synced). */
	  "CREATE TABLE audit (\n"
	  "  id INTEGER PRIMARY KEY,\n"
	  "  at TEXT NOT NULL,\n"
	  "  user TEXT NOT NULL,\n"
	  "  tbl TEXT NOT NULL,\n"
	  "  row_key TEXT NOT NULL,\n"
	  "  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),\n"
	  "  area_id INTEGER,\n"
	  "  old_row TEXT,\n"
	  "  new_row TEXT\n"
	  ");\n"
	  "CREATE INDEX audit_by_row ON audit(tbl, row_key);\n"
	  "CREATE INDEX audit_by_area ON audit(area_id, at);\n"
	  "CREATE INDEX audit_by_user ON audit(user, at);\n"
	  "CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit\n"
	  "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;\n"
	  "CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit\n"
	  "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;\n"
	  /* INSERT OR REPLACE deletes without firing the delete trigger: refuse reusing an id. */
	  "CREATE TRIGGER audit_append_only_replace BEFORE INSERT ON audit\n"
	  "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)\n"
	  "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;\n",
	  audit_triggers },
	{ 7, "audit rows written by the program only",
	  /* Appending is all the log allows, but a forged row is a change too: a row must name the
	   * user of the connection writing it (km_user(), which only the program registers; the
	   * sqlite3 tool has no such function, so its INSERT fails). */
	  "CREATE TRIGGER audit_append_only_forge BEFORE INSERT ON audit\n"
	  "WHEN NEW.user IS NOT km_user()\n"
	  "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;\n",
	  NULL },
};
const int migration_count = (int)(sizeof migrations / sizeof migrations[0]);

static int user_version(sqlite3 *h)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

static int fail(char **err, const char *what, sqlite3 *h)
{
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "%s: %s", what, sqlite3_errmsg(h));
	*err = sb_take(&b);
	sb_free(&b);
	return -1;
}

int migrations_apply(sqlite3 *h, char **err)
{
	int v = user_version(h);
	if (v < 0)
		return fail(err, _("cannot read the schema version"), h);
	int newest = migrations[migration_count - 1].version;
	if (v > newest) {
		strbuf b;
		sb_init(&b);
		sb_printf(&b, _("the database has schema version %d, newer than this program (%d): "
				"use a newer kieumau"), v, newest);
		*err = sb_take(&b);
		sb_free(&b);
		return -1;
	}
	for (int i = 0; i < migration_count; i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= v)
			continue;
		if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return fail(err, _("cannot start the schema upgrade"), h);
		/* Re-read inside the lock: another process may have migrated meanwhile. */
		if (user_version(h) >= m->version) {
			sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
			continue;
		}
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
		if (sqlite3_exec(h, m->sql, NULL, NULL, NULL) != SQLITE_OK ||
		    (m->apply && m->apply(h) != SQLITE_OK) ||
		    sqlite3_exec(h, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			int r = fail(err, _("schema upgrade failed"), h);
			sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
			return r;
		}
		if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			int r = fail(err, _("schema upgrade failed"), h);
			sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
			return r;
		}
	}
	return 0;
}
