/* Storing and loading criteria sets; binding years to sets. */
#include "config.h"
#include "domain/criteria.h"
#include "domain/criteria_file.h"
#include <stdlib.h>
#include <string.h>
#include "domain/auth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(km_db *db, sqlite3_stmt *st, const char *context)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, context);
}

static int store_criterion(km_db *db, int64_t set_id, const criteria_set *set, criterion_def *c,
			   int position)
{
	int64_t group_id = 0;
	for (size_t g = 0; g < set->ngroups; g++)
		if (strcmp(set->groups[g].code, c->group_code) == 0)
			group_id = set->groups[g].id;
	if (!group_id)
		return db_fail(db, _("criterion %s refers to an unknown group %s"), c->code, c->group_code);
	c->id = db_new_id(db);
	if (!c->id)
		return -1;
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO criterion(id, set_id, group_id, position, code, name, measure, comparison, "
		"threshold, unit, base, required, org) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, set_id);
	sqlite3_bind_int64(st, 3, group_id);
	sqlite3_bind_int(st, 4, position);
	sqlite3_bind_text(st, 5, c->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, measure_key(c->measure), -1, SQLITE_STATIC);
	if (c->measure == MEASURE_YESNO)
		sqlite3_bind_null(st, 8);
	else
		sqlite3_bind_text(st, 8, cmp_symbol(c->cmp), -1, SQLITE_STATIC);
	if (c->has_threshold)
		sqlite3_bind_double(st, 9, c->threshold);
	bind_text_or_null(st, 10, c->unit);
	bind_text_or_null(st, 11, c->base);
	sqlite3_bind_int(st, 12, c->required);
	bind_text_or_null(st, 13, c->org);
	if (step_done(db, st, _("storing a criterion")) < 0)
		return -1;
	for (int i = 0; i < c->n_area_thresholds; i++) {
		st = db_stmt(db, "INSERT INTO criterion_area_threshold(criterion_id, area_type, threshold) "
				 "VALUES (?1, ?2, ?3)");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, c->id);
		sqlite3_bind_text(st, 2, c->area_type[i], -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, c->area_threshold[i]);
		if (step_done(db, st, _("storing a criterion")) < 0)
			return -1;
	}
	for (int i = 0; i < c->nlevels; i++) {
		st = db_stmt(db, "INSERT INTO criterion_level(criterion_id, position, label) VALUES (?1,?2,?3)");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, c->id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_text(st, 3, c->levels[i], -1, SQLITE_STATIC);
		if (step_done(db, st, _("storing a criterion")) < 0)
			return -1;
	}
	return 0;
}

int criteria_store(km_db *db, criteria_set *set)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM criteria_set WHERE code = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, set->code, -1, SQLITE_STATIC);
	int exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (exists)
		return db_fail(db, _("a criteria set with the code %s is already stored"), set->code);
	set->id = db_new_id(db);
	if (!set->id)
		return -1;
	char now[32];
	st = db_stmt(db, "INSERT INTO criteria_set(id, code, name, decision_no, decision_date, issuer, "
			 "year_from, year_to, illustrative, origin, imported_at) "
			 "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, set->id);
	sqlite3_bind_text(st, 2, set->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, set->name, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, set->decision_no);
	bind_text_or_null(st, 5, set->decision_date);
	bind_text_or_null(st, 6, set->issuer);
	sqlite3_bind_int(st, 7, set->year_from);
	if (set->year_to)
		sqlite3_bind_int(st, 8, set->year_to);
	sqlite3_bind_int(st, 9, set->illustrative);
	sqlite3_bind_text(st, 10, set->illustrative ? "default" : "user", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, db_now_iso(now, sizeof now), -1, SQLITE_STATIC);
	if (step_done(db, st, _("storing the criteria set")) < 0)
		return -1;
	for (size_t g = 0; g < set->ngroups; g++) {
		criteria_group *grp = &set->groups[g];
		grp->id = db_new_id(db);
		if (!grp->id)
			return -1;
		st = db_stmt(db, "INSERT INTO criteria_group(id, set_id, position, code, name) "
				 "VALUES (?1, ?2, ?3, ?4, ?5)");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, grp->id);
		sqlite3_bind_int64(st, 2, set->id);
		sqlite3_bind_int(st, 3, (int)g);
		sqlite3_bind_text(st, 4, grp->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, grp->name, -1, SQLITE_STATIC);
		if (step_done(db, st, _("storing the criteria set")) < 0)
			return -1;
	}
	for (size_t i = 0; i < set->ncriteria; i++)
		if (store_criterion(db, set->id, set, &set->criteria[i], (int)i) < 0)
			return -1;
	return 0;
}

static int load_extras(km_db *db, criterion_def *c)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT area_type, threshold FROM criterion_area_threshold "
				       "WHERE criterion_id = ?1 ORDER BY area_type");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	while (sqlite3_step(st) == SQLITE_ROW && c->n_area_thresholds < KM_MAX_AREA_TYPES) {
		c->area_type[c->n_area_thresholds] = db_column_dup(st, 0);
		c->area_threshold[c->n_area_thresholds++] = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	st = db_stmt(db, "SELECT label FROM criterion_level WHERE criterion_id = ?1 ORDER BY position");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	while (sqlite3_step(st) == SQLITE_ROW && c->nlevels < KM_MAX_LEVELS)
		c->levels[c->nlevels++] = db_column_dup(st, 0);
	sqlite3_reset(st);
	return 0;
}

int criteria_load(km_db *db, int64_t set_id, criteria_set *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name, decision_no, decision_date, issuer, "
				       "year_from, coalesce(year_to, 0), illustrative FROM criteria_set WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, _("no such criteria set"));
	}
	out->id = sqlite3_column_int64(st, 0);
	out->code = db_column_dup(st, 1);
	out->name = db_column_dup(st, 2);
	out->decision_no = db_column_dup(st, 3);
	out->decision_date = db_column_dup(st, 4);
	out->issuer = db_column_dup(st, 5);
	out->year_from = sqlite3_column_int(st, 6);
	out->year_to = sqlite3_column_int(st, 7);
	out->illustrative = sqlite3_column_int(st, 8) != 0;
	sqlite3_reset(st);

	st = db_stmt(db, "SELECT id, code, name FROM criteria_group WHERE set_id = ?1 ORDER BY position");
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, set_id);
	size_t cap = 8;
	out->groups = xcalloc(cap, sizeof *out->groups);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->ngroups == cap)
			out->groups = xrealloc(out->groups, (cap *= 2) * sizeof *out->groups);
		criteria_group *g = &out->groups[out->ngroups++];
		g->id = sqlite3_column_int64(st, 0);
		g->code = db_column_dup(st, 1);
		g->name = db_column_dup(st, 2);
	}
	sqlite3_reset(st);

	st = db_stmt(db, "SELECT c.id, c.code, c.name, g.code, c.measure, c.comparison, c.threshold, "
			 "c.unit, c.base, c.required, c.org FROM criterion c "
			 "JOIN criteria_group g ON g.id = c.group_id "
			 "WHERE c.set_id = ?1 ORDER BY g.position, c.position");
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, set_id);
	cap = 32;
	out->criteria = xcalloc(cap, sizeof *out->criteria);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->ncriteria == cap)
			out->criteria = xrealloc(out->criteria, (cap *= 2) * sizeof *out->criteria);
		criterion_def *c = &out->criteria[out->ncriteria++];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(st, 0);
		c->code = db_column_dup(st, 1);
		c->name = db_column_dup(st, 2);
		c->group_code = db_column_dup(st, 3);
		int m = measure_from_key((const char *)sqlite3_column_text(st, 4));
		c->measure = m < 0 ? MEASURE_YESNO : (measure_kind)m;
		const char *cmp = (const char *)sqlite3_column_text(st, 5);
		int ci = cmp ? cmp_from_symbol(cmp) : CMP_GE;
		c->cmp = ci < 0 ? CMP_GE : (cmp_op)ci;
		c->has_threshold = sqlite3_column_type(st, 6) != SQLITE_NULL;
		c->threshold = sqlite3_column_double(st, 6);
		c->unit = db_column_dup(st, 7);
		c->base = db_column_dup(st, 8);
		c->required = sqlite3_column_int(st, 9) != 0;
		c->org = db_column_dup(st, 10);
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < out->ncriteria; i++)
		if (load_extras(db, &out->criteria[i]) < 0)
			goto fail;
	return 0;
fail:
	criteria_set_free(out);
	return -1;
}

int criteria_set_for_year(km_db *db, int year, int64_t *set_id)
{
	*set_id = 0;
	sqlite3_stmt *st = db_stmt(db,
		"SELECT set_id FROM year_criteria_set WHERE year = ?1 "
		"UNION ALL SELECT * FROM (SELECT id FROM criteria_set "
		"  WHERE year_from <= ?1 AND (year_to IS NULL OR year_to >= ?1) "
		"  ORDER BY illustrative, year_from DESC, imported_at DESC) LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*set_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail_sql(db, _("finding the criteria set of the year"));
	return 0;
}

int criteria_bind_year(km_db *db, int year, int64_t set_id)
{
	/* A binding that is already so is not written again: no audit row, and no recomputing of
	 * the year's running totals (a whole country's judgements) on every tick. */
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO year_criteria_set(year, set_id) VALUES (?1, ?2) "
				       "ON CONFLICT(year) DO UPDATE SET set_id = excluded.set_id "
				       "WHERE set_id IS NOT excluded.set_id");
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, set_id);
	return step_done(db, st, _("binding the year to a criteria set"));
}

/* ---- Importing, listing, finding and binding sets as users' actions ------------------------- */

int criteria_import(km_db *db, const char *path, strbuf *errors, int64_t *set_id)
{
	*set_id = 0;
	if (!auth_check(db, PERM_CRITERIA, 0))
		return -1;
	criteria_set set;
	/* The whole file is read and checked before the database is touched. */
	if (!criteria_file_read(path, &set, errors))
		return db_fail(db, _("%s has errors: nothing was imported"), path);
	int rc = -1;
	if (db_begin(db) < 0)
		goto out;
	if (criteria_store(db, &set) < 0) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db) < 0)
		goto out;
	*set_id = set.id;
	rc = 0;
out:
	criteria_set_free(&set);
	return rc;
}

void criteria_infos_free(criteria_set_info *list, size_t n)
{
	if (!list)
		return;
	for (size_t i = 0; i < n; i++) {
		free(list[i].code);
		free(list[i].name);
		free(list[i].decision_no);
		free(list[i].decision_date);
		free(list[i].issuer);
		free(list[i].years_bound);
	}
	free(list);
}

/* "2021, 2022": the years explicitly bound to a set. */
static int years_bound_to(km_db *db, int64_t set_id, char **out)
{
	*out = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT year FROM year_criteria_set WHERE set_id = ?1 ORDER BY year");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	strbuf b;
	sb_init(&b);
	sb_add(&b, "");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		sb_printf(&b, "%s%d", b.len ? ", " : "", sqlite3_column_int(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sb_free(&b);
		return db_fail_sql(db, _("listing the criteria sets"));
	}
	*out = sb_take(&b);
	return 0;
}

int criteria_list(km_db *db, criteria_set_info **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
		"SELECT s.id, s.code, s.name, s.decision_no, s.decision_date, s.issuer, s.year_from, "
		"coalesce(s.year_to, 0), s.illustrative, "
		"(SELECT count(*) FROM criterion c WHERE c.set_id = s.id) "
		"FROM criteria_set s ORDER BY s.year_from DESC, s.imported_at DESC, s.code");
	if (!st)
		return -1;
	size_t cap = 8, len = 0;
	criteria_set_info *list = xcalloc(cap, sizeof *list);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap)
			list = xrealloc(list, (cap *= 2) * sizeof *list);
		criteria_set_info *s = &list[len++];
		memset(s, 0, sizeof *s);
		s->id = sqlite3_column_int64(st, 0);
		s->code = db_column_dup(st, 1);
		s->name = db_column_dup(st, 2);
		s->decision_no = db_column_dup(st, 3);
		s->decision_date = db_column_dup(st, 4);
		s->issuer = db_column_dup(st, 5);
		s->year_from = sqlite3_column_int(st, 6);
		s->year_to = sqlite3_column_int(st, 7);
		s->illustrative = sqlite3_column_int(st, 8) != 0;
		s->ncriteria = sqlite3_column_int(st, 9);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		criteria_infos_free(list, len);
		return db_fail_sql(db, _("listing the criteria sets"));
	}
	for (size_t i = 0; i < len; i++)
		if (years_bound_to(db, list[i].id, &list[i].years_bound) < 0) {
			criteria_infos_free(list, len);
			return -1;
		}
	*out = list;
	*n = len;
	return 0;
}

/* The ids of the sets with that code (exactly, or ignoring case): up to 2 of them. */
static int find_code(km_db *db, sqlite3_stmt *st, const char *code, int64_t ids[2], int *n)
{
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (*n < 2)
			ids[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("finding the criteria set"));
}

int criteria_find(km_db *db, const char *code, int64_t *set_id)
{
	*set_id = 0;
	int64_t ids[2];
	int n;
	/* The exact code first; else the code ignoring case, if only one set has it. */
	if (find_code(db, db_stmt(db, "SELECT id FROM criteria_set WHERE code = ?1"), code, ids, &n) < 0)
		return -1;
	if (n == 0 && find_code(db, db_stmt(db, "SELECT id FROM criteria_set "
						"WHERE code = ?1 COLLATE NOCASE LIMIT 2"), code, ids, &n) < 0)
		return -1;
	if (n == 0)
		return db_fail(db, _("no criteria set has the code \"%s\" (see: kieumau criteria list)"), code);
	if (n > 1)
		return db_fail(db, _("several criteria sets have the code \"%s\" when case is ignored: "
				     "type it exactly"), code);
	*set_id = ids[0];
	return 0;
}

/* "2021–2025", "2021–" (open-ended) or "2023". */
static void years_text(int from, int to, char *buf, size_t cap)
{
	strbuf b;
	sb_init(&b);
	if (to == from)
		sb_printf(&b, "%d", from);
	else if (to == 0)
		sb_printf(&b, "%d–", from);
	else
		sb_printf(&b, "%d–%d", from, to);
	size_t n = b.len < cap ? b.len : cap - 1;
	memcpy(buf, b.s, n);
	buf[n] = '\0';
	sb_free(&b);
}

static int bind_checked(km_db *db, int year, int64_t set_id, bool force)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT code, year_from, coalesce(year_to, 0) FROM criteria_set "
				       "WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, _("no such criteria set"));
	}
	char *code = db_column_dup(st, 0);
	int from = sqlite3_column_int(st, 1), to = sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	int rc = -1;

	/* Already bound to it: nothing to do. */
	st = db_stmt(db, "SELECT set_id FROM year_criteria_set WHERE year = ?1");
	if (!st)
		goto out;
	sqlite3_bind_int(st, 1, year);
	int step = sqlite3_step(st);
	bool bound_here = step == SQLITE_ROW && sqlite3_column_int64(st, 0) == set_id;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		db_fail_sql(db, _("binding the year to a criteria set"));
		goto out;
	}
	if (bound_here) {
		rc = 0;
		goto out;
	}

	if (!force && (year < from || (to && year > to))) {
		char years[32];
		years_text(from, to, years, sizeof years);
		db_fail(db, _("The criteria set %s applies to the years %s, not to %d. Use --force to bind "
			      "it anyway."), code, years, year);
		goto out;
	}

	/* Judgements of the year made against the criteria of other sets: the set most of them use,
	 * and how many it has. */
	st = db_stmt(db, "SELECT s.code, count(*) FROM assessment a "
			 "JOIN criterion c ON c.id = a.criterion_id JOIN criteria_set s ON s.id = c.set_id "
			 "WHERE a.year = ?1 AND c.set_id <> ?2 GROUP BY s.id ORDER BY 2 DESC, s.code LIMIT 1");
	if (!st)
		goto out;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, set_id);
	step = sqlite3_step(st);
	char *other = step == SQLITE_ROW ? db_column_dup(st, 0) : NULL;
	long long count = step == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		db_fail_sql(db, _("binding the year to a criteria set"));
		goto out;
	}
	if (other && !force) {
		db_fail(db, ngettext("The year %d is in use with the criteria set %s: %lld assessment was "
				     "made against its criteria. Binding the year to %s would set it aside (it "
				     "is kept, unchanged). Use --force to bind it anyway.",
				     "The year %d is in use with the criteria set %s: %lld assessments were "
				     "made against its criteria. Binding the year to %s would set them aside "
				     "(they are kept, unchanged). Use --force to bind it anyway.",
				     (unsigned long)count), year, other, count, code);
		free(other);
		goto out;
	}
	free(other);
	rc = criteria_bind_year(db, year, set_id);
out:
	free(code);
	return rc;
}

int criteria_bind_year_checked(km_db *db, int year, int64_t set_id, bool force)
{
	if (!auth_check(db, PERM_CRITERIA, 0))
		return -1;
	if (db_begin(db) < 0)
		return -1;
	if (bind_checked(db, year, set_id, force) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
