#include "config.h"
#include "storage/migrations.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "storage/db.h"
#include "storage/schema_rebuild.h"
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
 * illustrative data (demo, benchmarks), which is not anyone's change. (An import of resource
 * entries logs itself, one row per area for a range of ids, schema v7: see resource_import.c.) */
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

/* The running totals per area and year that the status table reads (see migration 8): for each
 * source, the area and year a row counts in, and what it adds to each total. P is OLD or NEW. */
static const struct total_source {
	const char *table, *when, *area, *year;
	const char *const cols[7];   /* total column, then its delta expression, pairs; NULL-ended */
} total_sources[] = {
	{ "resource_entry", "1", "%s.area_id", "CAST(substr(%s.entry_date, 1, 4) AS INTEGER)",
	  { "resources_dong", "%s.value_dong",
	    "labour_days", "CASE WHEN %s.form = 'labour' THEN coalesce(%s.quantity, 0) ELSE 0 END",
	    "land_m2", "CASE WHEN %s.form = 'land' THEN coalesce(%s.quantity, 0) ELSE 0 END", NULL } },
	{ "award", "1", "%s.area_id", "CAST(substr(%s.decision_date, 1, 4) AS INTEGER)",
	  { "awards", "1", NULL } },
	/* An appraisal counts when its criterion belongs to the set bound to its year; "proven":
	 * a required criterion met with its evidence written (what eligibility needs). */
	{ "assessment", "%s.stage = 'appraisal'", "%s.area_id", "%s.year",
	  { "criteria_met", "%s.met * EXISTS (SELECT 1 FROM criterion c JOIN year_criteria_set y "
	    "ON y.set_id = c.set_id AND y.year = %s.year WHERE c.id = %s.criterion_id)",
	    "required_proven", "(%s.met AND coalesce(%s.evidence, '') <> '' AND EXISTS (SELECT 1 FROM "
	    "criterion c JOIN year_criteria_set y ON y.set_id = c.set_id AND y.year = %s.year "
	    "WHERE c.id = %s.criterion_id AND c.required = 1))", NULL } },
};

/* Appends fmt with every %s replaced by p. */
static void sb_add_row(strbuf *b, const char *fmt, const char *p)
{
	for (const char *f = fmt; *f; f++) {
		if (f[0] == '%' && f[1] == 's') {
			sb_add(b, p);
			f++;
		} else {
			sb_addc(b, *f);
		}
	}
}

/* INSERT ... ON CONFLICT that adds (sign +1) or takes away (-1) row P's part of the totals. */
static void total_upsert(strbuf *b, const struct total_source *t, const char *p, int sign)
{
	sb_add(b, "INSERT INTO area_year_total(area_id, year");
	for (int i = 0; t->cols[i]; i += 2)
		sb_printf(b, ", %s", t->cols[i]);
	sb_add(b, ") SELECT ");
	sb_add_row(b, t->area, p);
	sb_add(b, ", ");
	sb_add_row(b, t->year, p);
	for (int i = 0; t->cols[i]; i += 2) {
		sb_printf(b, ", %s(", sign < 0 ? "-" : "");
		sb_add_row(b, t->cols[i + 1], p);
		sb_addc(b, ')');
	}
	sb_add(b, " WHERE ");
	sb_add_row(b, t->when, p);
	sb_add(b, " ON CONFLICT (area_id, year) DO UPDATE SET ");
	for (int i = 0; t->cols[i]; i += 2)
		sb_printf(b, "%s%s = %s + excluded.%s", i ? ", " : "", t->cols[i], t->cols[i], t->cols[i]);
	sb_add(b, ";");
}

/* Triggers that keep area_year_total up to date on every change of its sources. */
static int total_triggers(sqlite3 *h)
{
	int rc = SQLITE_OK;
	for (size_t i = 0; i < sizeof total_sources / sizeof *total_sources && rc == SQLITE_OK; i++) {
		const struct total_source *t = &total_sources[i];
		static const char *const kinds[] = { "INSERT", "UPDATE", "DELETE" };
		static const char *const names[] = { "insert", "update", "delete" };
		for (int k = 0; k < 3 && rc == SQLITE_OK; k++) {
			strbuf b;
			sb_init(&b);
			sb_printf(&b, "CREATE TRIGGER total_%s_%s AFTER %s ON %s BEGIN ", t->table, names[k], kinds[k],
				  t->table);
			if (k > 0)
				total_upsert(&b, t, "OLD", -1);
			if (k < 2)
				total_upsert(&b, t, "NEW", +1);
			sb_add(&b, " END;");
			rc = sqlite3_exec(h, b.s, NULL, NULL, NULL);
			sb_free(&b);
		}
	}
	return rc;
}

/* The criteria totals of the appraisals matching cond (over x, the assessment), from scratch. */
#define TOTAL_RECOMPUTE(cond) \
	"INSERT INTO area_year_total(area_id, year, criteria_met, required_proven)" \
	" SELECT x.area_id, x.year, sum(x.met), sum(x.met AND coalesce(x.evidence, '') <> '' AND c.required = 1)" \
	" FROM assessment x JOIN year_criteria_set y ON y.year = x.year" \
	" JOIN criterion c ON c.id = x.criterion_id AND c.set_id = y.set_id" \
	" WHERE x.stage = 'appraisal' AND " cond " AND x.area_id IN (SELECT id FROM area)" \
	" GROUP BY x.area_id, x.year" \
	" ON CONFLICT (area_id, year) DO UPDATE SET criteria_met = excluded.criteria_met," \
	" required_proven = excluded.required_proven;"

/* Every running total computed afresh from its sources (migration 8, `kieumau check --repair`). */
#define TOTALS_REBUILD_SQL \
	"DELETE FROM area_year_total;\n" \
	TOTAL_RECOMPUTE("1") "\n" \
	"INSERT INTO area_year_total(area_id, year, resources_dong, labour_days, land_m2)\n" \
	"  SELECT area_id, CAST(substr(entry_date, 1, 4) AS INTEGER), sum(value_dong),\n" \
	"    total(CASE WHEN form = 'labour' THEN quantity END), total(CASE WHEN form = 'land' THEN quantity END)\n" \
	"  FROM resource_entry WHERE area_id IN (SELECT id FROM area) GROUP BY 1, 2\n" \
	"  ON CONFLICT (area_id, year) DO UPDATE SET resources_dong = excluded.resources_dong,\n" \
	"    labour_days = excluded.labour_days, land_m2 = excluded.land_m2;\n" \
	"INSERT INTO area_year_total(area_id, year, awards)\n" \
	"  SELECT area_id, CAST(substr(decision_date, 1, 4) AS INTEGER), count(*) FROM award\n" \
	"  WHERE area_id IN (SELECT id FROM area) GROUP BY 1, 2\n" \
	"  ON CONFLICT (area_id, year) DO UPDATE SET awards = excluded.awards;\n"

const char totals_rebuild_sql[] = TOTALS_REBUILD_SQL;

/* Every CHECK (column IN (...)) of the schema as an OR of comparisons: SQLite 3.40 fills a
 * temporary table with the list for every row it writes (a tenth of an import's time). */
static int rebuild_in_checks(sqlite3 *h)
{
	return schema_rebuild_tables(h, checks_without_in);
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
	  NULL, false },
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
	  NULL, false },
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
	  NULL, false },
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
	  NULL, false },
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
	  NULL, false },
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
	  audit_triggers, false },
	{ 7, "cheaper checks; the audit log records bulk imports by id range",
	  /* A change to many rows at once (an import): one row of the log for the rows with ids
	   * first_id to last_id, all written by it; row_key is then 'first_id-last_id'. */
	  "ALTER TABLE audit ADD COLUMN first_id INTEGER;\n"
	  "ALTER TABLE audit ADD COLUMN last_id INTEGER;\n"
	  "CREATE INDEX audit_by_range ON audit(tbl, last_id) WHERE last_id IS NOT NULL;\n",
	  rebuild_in_checks, true },
	{ 8, "running totals per area and year for the status table",
	  /* What the status table adds up, kept per area and year by triggers on the sources
	   * (resource_entry, award, assessment), so that a table of the whole country reads 80,000
	   * short rows instead of every judgement, entry and commendation of the year. Derived data:
	   * `kieumau check` recomputes it, and it is neither audited nor synced. */
	  "CREATE TABLE area_year_total (\n"
	  "  area_id INTEGER NOT NULL REFERENCES area(id),\n"
	  "  year INTEGER NOT NULL,\n"
	  "  criteria_met INTEGER NOT NULL DEFAULT 0,\n"
	  "  required_proven INTEGER NOT NULL DEFAULT 0,\n"
	  "  resources_dong INTEGER NOT NULL DEFAULT 0,\n"
	  "  labour_days REAL NOT NULL DEFAULT 0,\n"
	  "  land_m2 REAL NOT NULL DEFAULT 0,\n"
	  "  awards INTEGER NOT NULL DEFAULT 0,\n"
	  "  PRIMARY KEY (area_id, year)\n"
	  ") WITHOUT ROWID;\n"
	  /* Binding a year to another set (or a criterion becoming required or not) changes which
	   * judgements count: that year's (those years') criteria totals are computed again. */
	  "CREATE TRIGGER total_year_set_insert AFTER INSERT ON year_criteria_set BEGIN\n"
	  "  UPDATE area_year_total SET criteria_met = 0, required_proven = 0 WHERE year = NEW.year;\n"
	  "  " TOTAL_RECOMPUTE("x.year = NEW.year") "\n"
	  "END;\n"
	  "CREATE TRIGGER total_year_set_update AFTER UPDATE ON year_criteria_set\n"
	  "WHEN OLD.set_id IS NOT NEW.set_id OR OLD.year IS NOT NEW.year BEGIN\n"
	  "  UPDATE area_year_total SET criteria_met = 0, required_proven = 0 WHERE year IN (OLD.year, NEW.year);\n"
	  "  " TOTAL_RECOMPUTE("x.year IN (OLD.year, NEW.year)") "\n"
	  "END;\n"
	  "CREATE TRIGGER total_year_set_delete AFTER DELETE ON year_criteria_set BEGIN\n"
	  "  UPDATE area_year_total SET criteria_met = 0, required_proven = 0 WHERE year = OLD.year;\n"
	  "END;\n"
	  "CREATE TRIGGER total_criterion_update AFTER UPDATE OF required, set_id ON criterion\n"
	  "WHEN OLD.required IS NOT NEW.required OR OLD.set_id IS NOT NEW.set_id BEGIN\n"
	  "  UPDATE area_year_total SET criteria_met = 0, required_proven = 0 WHERE year IN\n"
	  "    (SELECT year FROM year_criteria_set WHERE set_id IN (OLD.set_id, NEW.set_id));\n"
	  "  " TOTAL_RECOMPUTE("x.year IN (SELECT year FROM year_criteria_set WHERE set_id IN (OLD.set_id, NEW.set_id))") "\n"
	  "END;\n"
	  /* The totals of the data already there. */
	  TOTALS_REBUILD_SQL,
	  total_triggers, false },
	{ 9, "audit rows written by the program only",
	  /* Appending is all the log allows, but a forged row is a change too: a row must name the
	   * user of the connection writing it (km_user(), which only the program registers; the
	   * sqlite3 tool has no such function, so its INSERT fails). */
	  "CREATE TRIGGER audit_append_only_forge BEFORE INSERT ON audit\n"
	  "WHEN NEW.user IS NOT km_user()\n"
	  "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;\n",
	  NULL, false },
};
const int migration_count = (int)(sizeof migrations / sizeof migrations[0]);

/* An integer PRAGMA's value, -1 on error. */
static int pragma_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

static int user_version(sqlite3 *h)
{
	return pragma_int(h, "PRAGMA user_version");
}

static int fail_msg(char **err, const char *what, const char *why)
{
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "%s: %s", what, why);
	*err = sb_take(&b);
	return -1;
}

static int fail(char **err, const char *what, sqlite3 *h)
{
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "%s: ", what);
	db_describe(&b, sqlite3_extended_errcode(h), sqlite3_system_errno(h), sqlite3_errmsg(h));
	*err = sb_take(&b);
	sb_free(&b);
	return -1;
}

bool migrations_pending(sqlite3 *h)
{
	int v = user_version(h);
	return v >= 0 && v < migrations[migration_count - 1].version;
}

/* PRAGMA foreign_key_check's rows, one a line, into out: the references that find no row. */
static int broken_references(sqlite3 *h, strbuf *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		sb_printf(out, "%s|%lld|%s|%d\n", (const char *)sqlite3_column_text(st, 0),
			  (long long)sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 2),
			  sqlite3_column_int(st, 3));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Migration m in its own transaction (with the settings a rebuild needs around it). */
static int apply_one(sqlite3 *h, const struct migration *m, char **err)
{
	int fk = -1;
	if (m->rebuilds) {
		/* Neither can change inside a transaction (foreign_keys) or should outlive it. */
		fk = pragma_int(h, "PRAGMA foreign_keys");
		if (sqlite3_exec(h, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(h, "PRAGMA legacy_alter_table = ON", NULL, NULL, NULL) != SQLITE_OK)
			return fail(err, _("cannot start the schema upgrade"), h);
	}
	int r = 0;
	if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		r = fail(err, _("cannot start the schema upgrade"), h);
	} else if (user_version(h) >= m->version) {
		/* Re-read inside the lock: another process may have migrated meanwhile. */
		sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	} else {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
		/* A rebuild must leave every reference as it found it (one already broken, which
		 * `kieumau check` reports, does not stop the upgrade). */
		strbuf before, after;
		sb_init(&before);
		sb_init(&after);
		int rc = m->rebuilds ? broken_references(h, &before) : SQLITE_OK;
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(h, m->sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK && m->apply)
			rc = m->apply(h);
		if (rc == SQLITE_OK && m->rebuilds && (rc = broken_references(h, &after)) == SQLITE_OK &&
		    strcmp(before.s, after.s) != 0)
			r = fail_msg(err, _("schema upgrade failed"),
				     _("it would break references between tables (PRAGMA foreign_key_check)"));
		sb_free(&before);
		sb_free(&after);
		if (r == 0 && rc == SQLITE_OK)
			rc = sqlite3_exec(h, pragma, NULL, NULL, NULL);
		if (r == 0 && rc == SQLITE_OK)
			rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
		if (r == 0 && rc != SQLITE_OK)
			r = fail(err, _("schema upgrade failed"), h);
		if (r < 0)
			sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	}
	if (m->rebuilds) {
		sqlite3_exec(h, "PRAGMA legacy_alter_table = OFF", NULL, NULL, NULL);
		if (fk == 1)
			sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	}
	return r;
}

int migrations_apply(sqlite3 *h, char **err)
{
	return migrations_apply_to(h, migrations[migration_count - 1].version, err);
}

int migrations_apply_to(sqlite3 *h, int version, char **err)
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
		if (m->version <= v || m->version > version)
			continue;
		int r = apply_one(h, m, err);
		if (r < 0)
			return r;
	}
	return 0;
}
