#include "config.h"
/* The status table and the criteria matrix.
 *
 * The table is one aggregate query: a recursive CTE walks the area's subtree and carries down,
 * for every area, the child row it belongs to ("top": the child of the area at the head of its
 * branch; 0 for the area itself); each measure is a lookup per area (its running totals of the
 * year, or a short index range), summed with GROUP BY top. The cost grows with the areas
 * below, never with a query per village; the rows themselves and their targets are a second,
 * small query. Correlated lookups rather than joins keep the plan the same whatever the tables'
 * sizes and statistics (a join's Bloom filter would read a whole table for a single commune).
 * Everything is read in one snapshot. */
#include "domain/status.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/criteria.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define VILLAGE_KINDS "('village', 'residential_group')"
/* Two counts in one sum: low + PACK * high (each well below 2^31). */
#define PACK_SQL "4294967296"
#define PACK_SHIFT 32

/* The table's measures. ?1 the area (0: every root), ?2 the year, ?4 the year's set's required
 * criteria, ?5 its criteria.
 *
 * sub(id, top, v): every area at or below ?1, v for villages and residential groups (nothing lies
 * below them, the walk stops there). Per top: villages, registered, self-assessed, appraisal
 * judgements met + PACK * eligible (every required criterion met at appraisal with its evidence
 * written), district + PACK * province recognitions of the year not revoked, resources in đồng,
 * labour days, land m², commendations. The judgements, resources and commendations come from
 * the running totals per area and year (area_year_total, kept by triggers): one short row per
 * area instead of every row of the year. */
static const char table_sql[] =
	"WITH RECURSIVE sub(id, top, v) AS ("
	"  SELECT a.id, 0, a.kind IN " VILLAGE_KINDS " FROM area a WHERE a.id = ?1"
	"  UNION ALL"
	"  SELECT a.id, a.id, a.kind IN " VILLAGE_KINDS " FROM area a WHERE ?1 = 0 AND a.parent_id IS NULL"
	"  UNION ALL"
	"  SELECT c.id, CASE WHEN s.top = 0 THEN c.id ELSE s.top END, c.kind IN " VILLAGE_KINDS
	"  FROM sub s JOIN area c ON c.parent_id = s.id WHERE NOT s.v) "
	"SELECT s.top, sum(s.v),"
	" sum(CASE WHEN s.v THEN EXISTS (SELECT 1 FROM registration g WHERE g.area_id = s.id"
	"                                AND g.year = ?2) END),"
	" sum(CASE WHEN s.v THEN EXISTS (SELECT 1 FROM cycle_step p WHERE p.area_id = s.id"
	"                                AND p.year = ?2 AND p.step = 'self_assessed') END),"
	" sum(CASE WHEN s.v THEN coalesce(t.criteria_met, 0)"
	"                        + " PACK_SQL " * (?5 > 0 AND coalesce(t.required_proven, 0) = ?4) END),"
	" sum(CASE WHEN s.v THEN"
	"  (SELECT max(r.level = 'district') + " PACK_SQL " * max(r.level = 'province') FROM recognition r"
	"   WHERE r.area_id = s.id AND r.year = ?2 AND r.revoked_on IS NULL) END),"
	" sum(t.resources_dong), total(t.labour_days), total(t.land_m2), sum(t.awards)"
	" FROM sub s LEFT JOIN area_year_total t ON t.area_id = s.id AND t.year = ?2 GROUP BY s.top";

/* The rows: the children of ?1 (NULL: the roots) in Vietnamese order, with their targets. */
static const char rows_sql[] =
	"SELECT a.id, a.code, a.name, a.kind IN " VILLAGE_KINDS ","
	" t.area_id IS NOT NULL, t.recognised_district, t.recognised_province, t.resources_dong, t.note"
	" FROM area a LEFT JOIN target t ON t.area_id = a.id AND t.year = ?2"
	" WHERE a.parent_id IS ?1 ORDER BY a.sort_key, a.id";

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return xstrdup(s ? (const char *)s : "");
}

static void row_free(status_row *r)
{
	free(r->code);
	free(r->name);
	target_free(&r->target);
	memset(r, 0, sizeof *r);
}

void status_table_free(status_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		row_free(&t->rows[i]);
	free(t->rows);
	row_free(&t->total);
	memset(t, 0, sizeof *t);
}

/* Maps an area id to its row (sorted ids, binary search). */
typedef struct row_index {
	int64_t id;
	size_t row;
} row_index;

static int cmp_index(const void *pa, const void *pb)
{
	const row_index *a = pa, *b = pb;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The row of top: the totals-only part (the area itself) for top 0, NULL when not a row. */
static status_row *row_of(status_table *t, const row_index *idx, int64_t top, status_row *own)
{
	if (top == 0)
		return own;
	row_index key = { top, 0 };
	const row_index *hit = bsearch(&key, idx, t->n, sizeof *idx, cmp_index);
	return hit ? &t->rows[hit->row] : NULL;
}

static int load_rows(km_db *db, int64_t area_id, int year, status_table *out)
{
	sqlite3_stmt *st = db_stmt(db, rows_sql);
	if (!st)
		return -1;
	if (area_id)
		sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap)
			out->rows = xrealloc(out->rows, (cap = cap ? cap * 2 : 16) * sizeof *out->rows);
		status_row *r = &out->rows[out->n++];
		memset(r, 0, sizeof *r);
		r->area_id = sqlite3_column_int64(st, 0);
		r->code = col_dup(st, 1);
		r->name = col_dup(st, 2);
		r->is_village = sqlite3_column_int(st, 3) != 0;
		r->target.area_id = r->area_id;
		r->target.year = year;
		if (sqlite3_column_int(st, 4)) {
			if ((r->target.has_district = sqlite3_column_type(st, 5) != SQLITE_NULL))
				r->target.recognised_district = sqlite3_column_int(st, 5);
			if ((r->target.has_province = sqlite3_column_type(st, 6) != SQLITE_NULL))
				r->target.recognised_province = sqlite3_column_int(st, 6);
			if ((r->target.has_resources = sqlite3_column_type(st, 7) != SQLITE_NULL))
				r->target.resources_dong = sqlite3_column_int64(st, 7);
			const unsigned char *note = sqlite3_column_text(st, 8);
			if (note && *note)
				r->target.note = xstrdup((const char *)note);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the units of the status table"));
}

typedef struct set_info {
	int64_t set_id;
	int ncriteria, nrequired;
} set_info;

static int load_set_info(km_db *db, int year, set_info *si)
{
	memset(si, 0, sizeof *si);
	if (criteria_set_for_year(db, year, &si->set_id) < 0)
		return -1;
	if (!si->set_id)
		return 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*), total(required = 1) FROM criterion c WHERE c.set_id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, si->set_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		si->ncriteria = sqlite3_column_int(st, 0);
		si->nrequired = (int)sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail_sql(db, _("reading the criteria set"));
}

static int add_measures(km_db *db, status_table *t, const row_index *idx, status_row *own,
			const set_info *si)
{
	sqlite3_stmt *st = db_stmt(db, table_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, t->area_id);
	sqlite3_bind_int(st, 2, t->year);
	sqlite3_bind_int(st, 4, si->nrequired);
	sqlite3_bind_int(st, 5, si->ncriteria);
	const int64_t low = ((int64_t)1 << PACK_SHIFT) - 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		status_row *r = row_of(t, idx, sqlite3_column_int64(st, 0), own);
		if (!r)
			continue;
		int villages = sqlite3_column_int(st, 1);
		int64_t judged = sqlite3_column_int64(st, 4), recognised = sqlite3_column_int64(st, 5);
		r->villages += villages;
		r->registered += sqlite3_column_int(st, 2);
		r->self_assessed += sqlite3_column_int(st, 3);
		r->criteria_met += (int)(judged & low);
		r->eligible += (int)(judged >> PACK_SHIFT);
		r->criteria_total += villages * si->ncriteria;
		r->recognised_district += (int)(recognised & low);
		r->recognised_province += (int)(recognised >> PACK_SHIFT);
		r->resources_dong += sqlite3_column_int64(st, 6);
		r->labour_days += sqlite3_column_double(st, 7);
		r->land_m2 += sqlite3_column_double(st, 8);
		r->awards += sqlite3_column_int(st, 9);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("adding up the status table"));
}

static void add_to(status_row *sum, const status_row *r)
{
	sum->villages += r->villages;
	sum->registered += r->registered;
	sum->self_assessed += r->self_assessed;
	sum->eligible += r->eligible;
	sum->recognised_district += r->recognised_district;
	sum->recognised_province += r->recognised_province;
	sum->criteria_met += r->criteria_met;
	sum->criteria_total += r->criteria_total;
	sum->resources_dong += r->resources_dong;
	sum->labour_days += r->labour_days;
	sum->land_m2 += r->land_m2;
	sum->awards += r->awards;
}

static int build(km_db *db, int64_t area_id, int year, status_table *out)
{
	if (area_id) {
		area a;
		if (area_get(db, area_id, &a) < 0)
			return -1;
		out->total.code = xstrdup(a.code);
		out->total.name = xstrdup(a.name);
		out->total.is_village = area_kind_assessable(a.kind);
		area_free(&a);
		if (target_get(db, area_id, year, &out->total.target) < 0)
			return -1;
	} else {
		out->total.code = xstrdup("");
		out->total.name = xstrdup(_("All areas"));
		out->total.target.year = year;
	}
	set_info si;
	if (load_set_info(db, year, &si) < 0 || load_rows(db, area_id, year, out) < 0)
		return -1;
	row_index *idx = xmalloc((out->n ? out->n : 1) * sizeof *idx);
	for (size_t i = 0; i < out->n; i++)
		idx[i] = (row_index){ out->rows[i].area_id, i };
	qsort(idx, out->n, sizeof *idx, cmp_index);
	/* The area's own part (its own entries and commendations, or itself when a village). */
	status_row own;
	memset(&own, 0, sizeof own);
	int rc = add_measures(db, out, idx, &own, &si);
	free(idx);
	if (rc < 0)
		return -1;
	add_to(&out->total, &own);
	for (size_t i = 0; i < out->n; i++)
		add_to(&out->total, &out->rows[i]);
	return 0;
}

int status_table_build(km_db *db, int64_t area_id, int year, status_table *out)
{
	memset(out, 0, sizeof *out);
	out->area_id = area_id;
	out->year = year;
	if (year < 1900 || year > 2999)
		return db_fail(db, _("The year must be between 1900 and 2999"));
	/* One snapshot for every query, unless the caller already holds a transaction. */
	bool own_tx = sqlite3_get_autocommit(db_handle(db)) != 0;
	if (own_tx && db_exec(db, "BEGIN") < 0)
		return -1;
	int rc = build(db, area_id, year, out);
	if (own_tx)
		db_rollback(db);   /* nothing was written: ends the read transaction */
	if (rc < 0) {
		status_table_free(out);
		out->area_id = area_id;
		out->year = year;
		return -1;
	}
	return 0;
}

/* ---- the criteria matrix ---------------------------------------------------------------------- */

void criteria_matrix_free(criteria_matrix *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nvillages; i++)
		free(m->village_names[i]);
	for (size_t i = 0; i < m->ncriteria; i++)
		free(m->criterion_codes[i]);
	free(m->village_ids);
	free(m->village_names);
	free(m->criterion_codes);
	free(m->cells);
	memset(m, 0, sizeof *m);
}

static int find_index(const row_index *idx, size_t n, int64_t id)
{
	row_index key = { id, 0 };
	const row_index *hit = bsearch(&key, idx, n, sizeof *idx, cmp_index);
	return hit ? (int)hit->row : -1;
}

static int matrix_villages(km_db *db, int64_t commune_id, criteria_matrix *m)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id, name FROM area WHERE parent_id = ?1 AND kind IN "
				       VILLAGE_KINDS " ORDER BY sort_key, id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, commune_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (m->nvillages == cap) {
			cap = cap ? cap * 2 : 16;
			m->village_ids = xrealloc(m->village_ids, cap * sizeof *m->village_ids);
			m->village_names = xrealloc(m->village_names, cap * sizeof *m->village_names);
		}
		m->village_ids[m->nvillages] = sqlite3_column_int64(st, 0);
		m->village_names[m->nvillages] = col_dup(st, 1);
		m->nvillages++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the villages"));
}

static int matrix_criteria(km_db *db, int64_t set_id, criteria_matrix *m, int64_t **ids)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT c.id, c.code FROM criterion c "
				       "JOIN criteria_group g ON g.id = c.group_id "
				       "WHERE c.set_id = ?1 ORDER BY g.position, c.position");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (m->ncriteria == cap) {
			cap = cap ? cap * 2 : 32;
			*ids = xrealloc(*ids, cap * sizeof **ids);
			m->criterion_codes = xrealloc(m->criterion_codes, cap * sizeof *m->criterion_codes);
		}
		(*ids)[m->ncriteria] = sqlite3_column_int64(st, 0);
		m->criterion_codes[m->ncriteria] = col_dup(st, 1);
		m->ncriteria++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the criteria set"));
}

/* Judged states while reading: 0 not assessed, 1 met, 2 not met; per stage. */
static matrix_cell cell_of(unsigned char self, unsigned char appr)
{
	if (self && appr && self != appr)
		return appr == 1 ? CELL_DISAGREE_MET : CELL_DISAGREE_NOT_MET;
	unsigned char s = appr ? appr : self;
	return s == 1 ? CELL_MET : s == 2 ? CELL_NOT_MET : CELL_NOT_ASSESSED;
}

static int matrix_cells(km_db *db, int64_t commune_id, int64_t set_id, const int64_t *crit_ids,
			criteria_matrix *m)
{
	size_t ncells = m->nvillages * m->ncriteria;
	unsigned char *state = xcalloc(ncells ? ncells * 2 : 1, 1);
	row_index *vidx = xmalloc((m->nvillages ? m->nvillages : 1) * sizeof *vidx);
	row_index *cidx = xmalloc((m->ncriteria ? m->ncriteria : 1) * sizeof *cidx);
	for (size_t i = 0; i < m->nvillages; i++)
		vidx[i] = (row_index){ m->village_ids[i], i };
	for (size_t i = 0; i < m->ncriteria; i++)
		cidx[i] = (row_index){ crit_ids[i], i };
	qsort(vidx, m->nvillages, sizeof *vidx, cmp_index);
	qsort(cidx, m->ncriteria, sizeof *cidx, cmp_index);
	/* Every judgement of the commune's villages for the year, in one query. */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT x.area_id, x.criterion_id, x.stage = 'appraisal', x.met FROM area a "
		"JOIN assessment x ON x.area_id = a.id AND x.year = ?2 "
		"WHERE a.parent_id = ?1 AND a.kind IN " VILLAGE_KINDS
		" AND x.criterion_id IN (SELECT id FROM criterion WHERE set_id = ?3)");
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, commune_id);
		sqlite3_bind_int(st, 2, m->year);
		sqlite3_bind_int64(st, 3, set_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int v = find_index(vidx, m->nvillages, sqlite3_column_int64(st, 0));
			int c = find_index(cidx, m->ncriteria, sqlite3_column_int64(st, 1));
			if (v < 0 || c < 0)
				continue;
			size_t cell = (size_t)v * m->ncriteria + (size_t)c;
			state[cell * 2 + (sqlite3_column_int(st, 2) ? 1 : 0)] = sqlite3_column_int(st, 3) ? 1 : 2;
		}
		sqlite3_reset(st);
	}
	free(vidx);
	free(cidx);
	if (rc == SQLITE_DONE) {
		m->cells = xcalloc(ncells ? ncells : 1, sizeof *m->cells);
		for (size_t i = 0; i < ncells; i++)
			m->cells[i] = cell_of(state[i * 2], state[i * 2 + 1]);
	}
	free(state);
	if (!st)
		return -1;
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the judgements"));
}

static int matrix_build(km_db *db, int64_t commune_id, criteria_matrix *out)
{
	area a;
	if (area_get(db, commune_id, &a) < 0)
		return -1;
	int level = area_kind_level(a.kind);
	if (level != 2) {
		db_fail(db, _("The criteria matrix is drawn for a commune, a town or a ward; %s is %s"),
			a.name, area_kind_label(a.kind));
		area_free(&a);
		return -1;
	}
	area_free(&a);
	int64_t set_id;
	if (criteria_set_for_year(db, out->year, &set_id) < 0 || matrix_villages(db, commune_id, out) < 0)
		return -1;
	int64_t *crit_ids = NULL;
	int rc = set_id ? matrix_criteria(db, set_id, out, &crit_ids) : 0;
	if (rc == 0)
		rc = matrix_cells(db, commune_id, set_id, crit_ids, out);
	free(crit_ids);
	return rc;
}

int criteria_matrix_build(km_db *db, int64_t commune_id, int year, criteria_matrix *out)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	if (year < 1900 || year > 2999)
		return db_fail(db, _("The year must be between 1900 and 2999"));
	bool own_tx = sqlite3_get_autocommit(db_handle(db)) != 0;
	if (own_tx && db_exec(db, "BEGIN") < 0)
		return -1;
	int rc = matrix_build(db, commune_id, out);
	if (own_tx)
		db_rollback(db);
	if (rc < 0) {
		criteria_matrix_free(out);
		out->year = year;
		return -1;
	}
	return 0;
}
