#include "config.h"
/* The worklist: one query per kind of item, each a join over the villages at or below the scope
 * (a recursive walk down area.parent_id that also builds each village's path and tree order);
 * only the eligibility of villages not yet recognised needs their checklists, loaded for the few
 * candidates SQL leaves. */
#include "domain/worklist.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const struct {
	const char *key;
	const char *label;
} kinds[WORK_KIND_COUNT] = {
	[WORK_NOT_SELF_ASSESSED] = { "not_self_assessed", N_("Registered, self-assessment not done") },
	[WORK_NOT_APPRAISED] = { "not_appraised", N_("Self-assessed, appraisal overdue") },
	[WORK_NOT_RECOGNISED] = { "not_recognised", N_("Eligible, no recognition decision") },
	[WORK_NOT_COMMENDED] = { "not_commended", N_("Recognised, commendation overdue") },
	[WORK_RECHECK_DUE] = { "recheck_due", N_("Re-check of an earlier title due") },
};

const char *work_kind_key(work_kind k)
{
	return (unsigned)k < WORK_KIND_COUNT ? kinds[k].key : "";
}

const char *work_kind_label(work_kind k)
{
	return (unsigned)k < WORK_KIND_COUNT ? _(kinds[k].label) : "";
}

/* The villages and residential groups at or below ?1 (0: everywhere), as v(id, path, tkey):
 * path is the names below the province joined by " › " (?2 is the scope's ancestors' part, with
 * its trailing separator, or ''); tkey orders as the tree does (sort keys joined by 0x01). ?3 is
 * the year, ?4 today (yyyy-mm-dd), ?5 the allowed delay in days where one applies. */
#define SCOPE_CTE \
	"WITH RECURSIVE sub(id, kind, path, tkey) AS (" \
	"  SELECT a.id, a.kind, CASE WHEN a.kind = 'province' THEN '' ELSE ?2 || a.name END, a.sort_key" \
	"  FROM area a WHERE a.id = ?1" \
	"  UNION ALL" \
	"  SELECT a.id, a.kind, CASE WHEN a.kind = 'province' THEN '' ELSE a.name END, a.sort_key" \
	"  FROM area a WHERE ?1 = 0 AND a.parent_id IS NULL" \
	"  UNION ALL" \
	"  SELECT c.id, c.kind, CASE WHEN s.path = '' THEN c.name ELSE s.path || ' › ' || c.name END," \
	"         CAST(s.tkey || x'01' || c.sort_key AS BLOB)" \
	"  FROM sub s JOIN area c ON c.parent_id = s.id" \
	"  WHERE s.kind NOT IN ('village', 'residential_group'))," \
	" v AS (SELECT s.id, s.path, s.tkey, a.code FROM sub s JOIN area a ON a.id = s.id" \
	"       WHERE s.kind IN ('village', 'residential_group')) "

/* Every kind's query returns: area id, code, path, tree key, since (or NULL). */
static const char *const kind_sql[WORK_KIND_COUNT] = {
	[WORK_NOT_SELF_ASSESSED] = SCOPE_CTE
		"SELECT v.id, v.code, v.path, v.tkey, r.registered_on FROM v"
		" JOIN registration r ON r.area_id = v.id AND r.year = ?3"
		" WHERE NOT EXISTS (SELECT 1 FROM cycle_step s WHERE s.area_id = v.id AND s.year = ?3"
		"                   AND s.step = 'self_assessed')"
		/* A decision closes the year's cycle: its earlier steps are no longer due. */
		" AND NOT EXISTS (SELECT 1 FROM recognition c WHERE c.area_id = v.id AND c.year = ?3)",
	[WORK_NOT_APPRAISED] = SCOPE_CTE
		"SELECT v.id, v.code, v.path, v.tkey, s.done_on FROM v"
		" JOIN cycle_step s ON s.area_id = v.id AND s.year = ?3 AND s.step = 'self_assessed'"
		" WHERE NOT EXISTS (SELECT 1 FROM cycle_step p WHERE p.area_id = v.id AND p.year = ?3"
		"                   AND p.step = 'appraised')"
		" AND NOT EXISTS (SELECT 1 FROM recognition c WHERE c.area_id = v.id AND c.year = ?3)"
		" AND julianday(?4) - julianday(s.done_on) > ?5",
	/* Candidates only: judged at appraisal for the year and without any recognition row. */
	[WORK_NOT_RECOGNISED] = SCOPE_CTE
		"SELECT v.id, v.code, v.path, v.tkey,"
		" (SELECT p.done_on FROM cycle_step p WHERE p.area_id = v.id AND p.year = ?3"
		"  AND p.step = 'appraised') FROM v"
		" WHERE EXISTS (SELECT 1 FROM assessment x WHERE x.area_id = v.id AND x.year = ?3"
		"               AND x.stage = 'appraisal')"
		/* Recognition needs a registration: without one the village is not yet a candidate. */
		" AND EXISTS (SELECT 1 FROM registration g WHERE g.area_id = v.id AND g.year = ?3)"
		/* A title held from an earlier year is re-checked, not granted again. */
		" AND NOT EXISTS (SELECT 1 FROM recognition h JOIN registration g ON g.area_id = h.area_id"
		"                 AND g.year = ?3 AND g.title = h.title"
		"                 WHERE h.area_id = v.id AND h.year < ?3 AND h.revoked_on IS NULL)"
		" AND NOT EXISTS (SELECT 1 FROM recognition r WHERE r.area_id = v.id AND r.year = ?3)",
	[WORK_NOT_COMMENDED] = SCOPE_CTE
		"SELECT v.id, v.code, v.path, v.tkey, r.decision_date FROM v"
		" JOIN recognition r ON r.area_id = v.id AND r.year = ?3"
		" WHERE r.revoked_on IS NULL AND julianday(?4) - julianday(r.decision_date) > ?5"
		" AND NOT EXISTS (SELECT 1 FROM award w WHERE w.recognition_id = r.id)"
		" AND NOT EXISTS (SELECT 1 FROM award w WHERE w.area_id = v.id"
		"                 AND w.recipient_kind = 'area' AND w.decision_date >= r.decision_date)",
	[WORK_RECHECK_DUE] = SCOPE_CTE
		"SELECT v.id, v.code, v.path, v.tkey, NULL FROM v"
		" WHERE EXISTS (SELECT 1 FROM recognition r WHERE r.area_id = v.id AND r.year < ?3"
		"               AND r.revoked_on IS NULL)"
		" AND NOT EXISTS (SELECT 1 FROM recheck k WHERE k.area_id = v.id AND k.year = ?3)",
};

/* An item while building: the tree key orders items of equal waiting. */
typedef struct keyed_item {
	work_item it;
	unsigned char *tkey;
	size_t tlen;
} keyed_item;

typedef struct builder {
	keyed_item *v;
	size_t n, cap;
} builder;

static void builder_free(builder *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].it.area_code);
		free(b->v[i].it.area_path);
		free(b->v[i].it.since);
		free(b->v[i].tkey);
	}
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
}

/* Days from 0000-03-01 of the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe;
}

static bool parse_iso(const char *s, long *day)
{
	int y, m, d;
	char tail;
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	*day = days_from_civil(y, m, d);
	return true;
}

/* Adds the row the statement is on as an item of kind k. */
static void add_row(builder *b, sqlite3_stmt *st, work_kind k, int year, long today, int allowed)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->v = xrealloc(b->v, b->cap * sizeof *b->v);
	}
	keyed_item *ki = &b->v[b->n++];
	memset(ki, 0, sizeof *ki);
	work_item *it = &ki->it;
	it->kind = k;
	it->area_id = sqlite3_column_int64(st, 0);
	it->area_code = db_column_dup(st, 1);
	if (!it->area_code)
		it->area_code = xstrdup("");
	it->area_path = db_column_dup(st, 2);
	if (!it->area_path)
		it->area_path = xstrdup("");
	size_t len = (size_t)sqlite3_column_bytes(st, 3);
	const void *key = sqlite3_column_blob(st, 3);
	ki->tkey = xmalloc(len ? len : 1);
	if (len)
		memcpy(ki->tkey, key, len);
	ki->tlen = len;
	it->year = year;
	it->since = db_column_dup(st, 4);
	long since;
	if (it->since && parse_iso(it->since, &since)) {
		long days = today - since;
		it->days = days > 0 ? (int)days : 0;
		if (allowed >= 0 && it->days > allowed)
			it->days_late = it->days - allowed;
	}
}

/* Required criteria met at appraisal, each with its evidence written. */
static bool eligible_with_evidence(const checklist *cl)
{
	if (!checklist_eligible(cl))
		return false;
	for (size_t i = 0; i < cl->n; i++) {
		const checklist_item *it = &cl->items[i];
		if (!it->crit->required)
			continue;
		const judgement *j = &it->j[STAGE_APPRAISAL];
		if (!j->assessed || !j->met || !j->evidence || !*j->evidence)
			return false;
	}
	return true;
}

static int run_kind(km_db *db, work_kind k, int64_t scope, const char *prefix, int year,
		    const char *today_iso, long today, int allowed, builder *b)
{
	sqlite3_stmt *st = db_stmt(db, kind_sql[k]);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, scope);
	sqlite3_bind_text(st, 2, prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_text(st, 4, today_iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, allowed);
	size_t first = b->n;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_row(b, st, k, year, today, k == WORK_NOT_APPRAISED || k == WORK_NOT_COMMENDED ? allowed : -1);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, _("reading the worklist"));
	if (k != WORK_NOT_RECOGNISED)
		return 0;
	/* Keep the candidates that are eligible, with evidence. The statement is reset: loading
	 * checklists runs other statements. */
	size_t kept = first;
	for (size_t i = first; i < b->n; i++) {
		checklist cl;
		if (checklist_load(db, b->v[i].it.area_id, year, &cl) < 0)
			return -1;
		bool ok = eligible_with_evidence(&cl);
		checklist_free(&cl);
		if (ok) {
			b->v[kept++] = b->v[i];
		} else {
			free(b->v[i].it.area_code);
			free(b->v[i].it.area_path);
			free(b->v[i].it.since);
			free(b->v[i].tkey);
		}
	}
	b->n = kept;
	return 0;
}

static int cmp_items(const void *pa, const void *pb)
{
	const keyed_item *a = pa, *b = pb;
	if (a->it.kind != b->it.kind)
		return a->it.kind < b->it.kind ? -1 : 1;
	if (a->it.days != b->it.days)
		return a->it.days > b->it.days ? -1 : 1;
	size_t n = a->tlen < b->tlen ? a->tlen : b->tlen;
	int c = memcmp(a->tkey, b->tkey, n);
	if (c)
		return c;
	if (a->tlen != b->tlen)
		return a->tlen < b->tlen ? -1 : 1;
	if (a->it.area_id != b->it.area_id)
		return a->it.area_id < b->it.area_id ? -1 : 1;
	/* The same area twice in a kind (two titles): by date. */
	return strcmp(a->it.since ? a->it.since : "", b->it.since ? b->it.since : "");
}

/* The names of the scope's ancestors below the province, each followed by " › ". */
static int scope_prefix(km_db *db, int64_t scope, strbuf *out)
{
	if (!scope)
		return 0;
	area *path;
	size_t n;
	if (area_path(db, scope, &path, &n) < 0)
		return -1;
	for (size_t i = 0; i + 1 < n; i++) {
		if (path[i].kind == AREA_PROVINCE)
			continue;
		sb_add(out, path[i].name);
		sb_add(out, " › ");
	}
	areas_free(path, n);
	return 0;
}

int worklist_build(km_db *db, int64_t scope_area_id, int year, const char *today,
		   const work_settings *s, work_item **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	long tday;
	if (!parse_iso(today, &tday))
		return db_fail(db, _("invalid date \"%s\" (yyyy-mm-dd expected)"), today ? today : "");
	if (year < 1900 || year > 2999)
		return db_fail(db, _("The year must be between 1900 and 2999"));
	work_settings defaults = { 30, 30 };
	if (!s)
		s = &defaults;
	strbuf prefix;
	sb_init(&prefix);
	if (scope_prefix(db, scope_area_id, &prefix) < 0) {
		sb_free(&prefix);
		return -1;
	}
	builder b = { 0 };
	int rc = 0;
	for (int k = 0; k < WORK_KIND_COUNT && rc == 0; k++) {
		int allowed = k == WORK_NOT_APPRAISED ? s->appraisal_days
			    : k == WORK_NOT_COMMENDED ? s->commendation_days : 0;
		/* A year that has not begun has no re-check due yet. */
		if (k == WORK_RECHECK_DUE && atoi(today) < year)
			continue;
		rc = run_kind(db, (work_kind)k, scope_area_id, prefix.s, year, today, tday, allowed, &b);
	}
	sb_free(&prefix);
	if (rc < 0) {
		builder_free(&b);
		return -1;
	}
	if (b.n)
		qsort(b.v, b.n, sizeof *b.v, cmp_items);
	work_item *list = xcalloc(b.n ? b.n : 1, sizeof *list);
	for (size_t i = 0; i < b.n; i++) {
		list[i] = b.v[i].it;
		free(b.v[i].tkey);
	}
	free(b.v);
	*out = list;
	*n = b.n;
	return 0;
}

void worklist_free(work_item *list, size_t n)
{
	if (!list)
		return;
	for (size_t i = 0; i < n; i++) {
		free(list[i].area_code);
		free(list[i].area_path);
		free(list[i].since);
	}
	free(list);
}
