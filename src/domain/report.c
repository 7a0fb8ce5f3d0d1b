#include "config.h"
/* The periodic report: a few aggregate queries over the area's subtree (a recursive walk down
 * area.parent_id that also builds each area's path below the province and its tree order), run
 * for the period, the same period a year earlier and the year to date; the year's criteria
 * judgements; the worklist as of today. Figures are "as of the end of the period": a recognition
 * decided in the period counts unless it was revoked by the period's end, so a report for a past
 * period reads the same whenever it is made. */
#include "domain/report.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/award.h"
#include "domain/criteria.h"
#include "domain/cycle.h"
#include "domain/target.h"
#include "domain/worklist.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/vnum.h"

#define WEAKEST 5                /* criteria listed as the weakest */

/* The areas in scope as sub(id, kind, path, tkey): ?1 and everything below it (?1 = 0: every
 * root); path is the names below the province joined by " › " (?2 is the scope's ancestors' part,
 * with its trailing separator, or ''), tkey orders as the tree does. ?3 and ?4 are the period's
 * first and last days (yyyy-mm-dd). */
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
	"  FROM sub s JOIN area c ON c.parent_id = s.id) "

/* What the queries need besides the period. */
typedef struct scope {
	int64_t area_id;
	const char *prefix;
} scope;

/* ---- the model ---- */

static report_section *section_add(report *r, const char *key, const char *title, int ncols,
				   const char *const *headers, const cell_kind *kinds)
{
	r->sections = xrealloc(r->sections, (r->nsections + 1) * sizeof *r->sections);
	report_section *s = &r->sections[r->nsections++];
	memset(s, 0, sizeof *s);
	s->key = xstrdup(key);
	s->title = xstrdup(title);
	s->ncols = ncols;
	s->headers = xcalloc((size_t)ncols, sizeof *s->headers);
	s->col_kinds = xcalloc((size_t)ncols, sizeof *s->col_kinds);
	for (int c = 0; c < ncols; c++) {
		s->headers[c] = xstrdup(headers[c]);
		s->col_kinds[c] = kinds[c];
	}
	return s;
}

/* A new row of empty cells of the columns' kinds; valid until the next row is added. */
static report_cell *row_add(report_section *s)
{
	s->cells = xrealloc(s->cells, (s->nrows + 1) * (size_t)s->ncols * sizeof *s->cells);
	report_cell *row = &s->cells[s->nrows++ * (size_t)s->ncols];
	for (int c = 0; c < s->ncols; c++)
		row[c] = (report_cell){ s->col_kinds[c], NULL, 0, true };
	return row;
}

static void set_text(report_cell *c, const char *text)
{
	c->kind = CELLK_TEXT;
	free(c->text);
	c->text = xstrdup(text ? text : "");
	c->empty = !text || !*text;
}

/* A date (yyyy-mm-dd), or empty when NULL. */
static void set_date(report_cell *c, const char *iso)
{
	c->kind = CELLK_DATE;
	free(c->text);
	c->text = iso && *iso ? xstrdup(iso) : NULL;
	c->empty = !c->text;
}

/* A number of the given kind, rounded as it is shown: whole numbers for counts and đồng, one
 * decimal for a percentage, two for quantities. */
static void set_num(report_cell *c, cell_kind k, double v)
{
	c->kind = k;
	free(c->text);
	c->text = NULL;
	if (k == CELLK_PERCENT)
		v = round(v * 10) / 10;
	else if (k == CELLK_NUMBER)
		v = round(v * 100) / 100;
	else
		v = round(v);
	c->value = v == 0 ? 0 : v;   /* no "-0" */
	c->empty = false;
}

static void set_empty(report_cell *c, cell_kind k)
{
	c->kind = k;
	free(c->text);
	c->text = NULL;
	c->value = 0;
	c->empty = true;
}

/* ---- periods ---- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The same day a year earlier (29/02 becomes 28/02). */
static void year_earlier(const char *iso, char *out, size_t cap)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		snprintf(out, cap, "%s", iso);
		return;
	}
	y--;
	if (m == 2 && d == 29 && !leap(y))
		d = 28;
	vn_iso_date(y, m, d, out, cap);
}

static void previous_period(const period *p, period *prev)
{
	memset(prev, 0, sizeof *prev);
	year_earlier(p->from, prev->from, sizeof prev->from);
	year_earlier(p->to, prev->to, sizeof prev->to);
	if (!strchr(p->label, '/') && strlen(p->label) >= 4 && atoi(p->label) > 0) {
		/* "2025", "2025-Q2", "2025-H1": the same with the year before */
		snprintf(prev->label, sizeof prev->label, "%04d%s", atoi(p->label) - 1, p->label + 4);
	} else {
		char a[16], b[16];
		snprintf(prev->label, sizeof prev->label, "%s-%s",
			 vn_format_iso_date(prev->from, a, sizeof a), vn_format_iso_date(prev->to, b, sizeof b));
	}
}

/* ---- figures ---- */

enum {
	F_REGISTERED, F_APPRAISED, F_DISTRICT, F_PROVINCE, F_REVOKED, F_AWARDS, F_AMOUNT,
	F_RESOURCES, F_LABOUR, F_LAND, NFIGURES
};

static void bind_scope(sqlite3_stmt *st, const scope *sc, const period *p)
{
	sqlite3_bind_int64(st, 1, sc->area_id);
	sqlite3_bind_text(st, 2, sc->prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, p->from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, p->to, -1, SQLITE_TRANSIENT);
}

/* Runs st (bound) and reads its one row's columns into v[0..n). */
static int one_row(km_db *db, sqlite3_stmt *st, double *v, int n, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		for (int i = 0; i < n; i++)
			v[i] = sqlite3_column_double(st, i);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail_sql(db, what);
	return 0;
}

static int figures_get(km_db *db, const scope *sc, const period *p, double *f)
{
	memset(f, 0, NFIGURES * sizeof *f);
	sqlite3_stmt *st = db_stmt(db, SCOPE_CTE
		"SELECT (SELECT count(*) FROM sub JOIN registration g ON g.area_id = sub.id"
		"        WHERE g.registered_on BETWEEN ?3 AND ?4),"
		"       (SELECT count(*) FROM sub JOIN cycle_step s ON s.area_id = sub.id"
		"        WHERE s.step = 'appraised' AND s.done_on BETWEEN ?3 AND ?4)");
	if (!st)
		return -1;
	bind_scope(st, sc, p);
	if (one_row(db, st, &f[F_REGISTERED], 2, _("counting registrations and appraisals")) < 0)
		return -1;
	/* Recognised in the period and not revoked by its end; revoked in the period. */
	st = db_stmt(db, SCOPE_CTE
		"SELECT count(CASE WHEN r.level = 'district' AND r.decision_date BETWEEN ?3 AND ?4"
		"                   AND (r.revoked_on IS NULL OR r.revoked_on > ?4) THEN 1 END),"
		"       count(CASE WHEN r.level = 'province' AND r.decision_date BETWEEN ?3 AND ?4"
		"                   AND (r.revoked_on IS NULL OR r.revoked_on > ?4) THEN 1 END),"
		"       count(CASE WHEN r.revoked_on BETWEEN ?3 AND ?4 THEN 1 END)"
		" FROM sub JOIN recognition r ON r.area_id = sub.id");
	if (!st)
		return -1;
	bind_scope(st, sc, p);
	if (one_row(db, st, &f[F_DISTRICT], 3, _("counting recognitions")) < 0)
		return -1;
	st = db_stmt(db, SCOPE_CTE
		"SELECT count(*), total(w.amount) FROM sub JOIN award w ON w.area_id = sub.id"
		" WHERE w.decision_date BETWEEN ?3 AND ?4");
	if (!st)
		return -1;
	bind_scope(st, sc, p);
	if (one_row(db, st, &f[F_AWARDS], 2, _("counting commendations")) < 0)
		return -1;
	resource_query q = { sc->area_id, true, p, -1, -1 };
	resource_totals t;
	if (resource_totals_get(db, &q, &t) < 0)
		return -1;
	f[F_RESOURCES] = (double)t.value;
	f[F_LABOUR] = t.labour_days;
	f[F_LAND] = t.land_m2;
	return 0;
}

/* ---- sections ---- */

static int build_summary(km_db *db, const scope *sc, const report *r, int year, report_section *s)
{
	period ytd;
	memset(&ytd, 0, sizeof ytd);
	vn_iso_date(year, 1, 1, ytd.from, sizeof ytd.from);
	snprintf(ytd.to, sizeof ytd.to, "%s", r->period.to);
	double now[NFIGURES], before[NFIGURES], todate[NFIGURES];
	if (figures_get(db, sc, &r->period, now) < 0 || figures_get(db, sc, &r->previous, before) < 0 ||
	    figures_get(db, sc, &ytd, todate) < 0)
		return -1;
	target t;
	memset(&t, 0, sizeof t);
	if (sc->area_id && target_get(db, sc->area_id, year, &t) < 0)
		return -1;
	static const struct {
		int fig;
		cell_kind kind;
		const char *label;
	} rows[NFIGURES] = {
		{ F_REGISTERED, CELLK_INT, N_("Areas registered") },
		{ F_APPRAISED, CELLK_INT, N_("Areas appraised") },
		{ F_DISTRICT, CELLK_INT, N_("Recognised at district level") },
		{ F_PROVINCE, CELLK_INT, N_("Recognised at province level") },
		{ F_REVOKED, CELLK_INT, N_("Recognitions revoked") },
		{ F_AWARDS, CELLK_INT, N_("Commendations") },
		{ F_AMOUNT, CELLK_MONEY, N_("Commendation amounts") },
		{ F_RESOURCES, CELLK_MONEY, N_("Resources mobilised") },
		{ F_LABOUR, CELLK_NUMBER, N_("Labour days contributed") },
		{ F_LAND, CELLK_NUMBER, N_("Land donated (m²)") },
	};
	for (int i = 0; i < NFIGURES; i++) {
		int f = rows[i].fig;
		cell_kind k = rows[i].kind;
		report_cell *row = row_add(s);
		set_text(&row[0], _(rows[i].label));
		set_num(&row[1], k, now[f]);
		set_num(&row[2], k, before[f]);
		set_num(&row[3], k, row[1].value - row[2].value);
		set_num(&row[4], k, todate[f]);
		/* The year's target and how much of it the year to date reached. */
		bool has = (f == F_DISTRICT && t.has_district) || (f == F_PROVINCE && t.has_province) ||
			   (f == F_RESOURCES && t.has_resources);
		double goal = f == F_DISTRICT ? t.recognised_district
			    : f == F_PROVINCE ? t.recognised_province : (double)t.resources_dong;
		if (has) {
			set_num(&row[5], k, goal);
			if (goal > 0)
				set_num(&row[6], CELLK_PERCENT, row[4].value * 100 / goal);
		} else {
			set_empty(&row[5], k);
		}
	}
	target_free(&t);
	return 0;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* An area's path below the province; the area's name for the province itself. */
static const char *path_of(sqlite3_stmt *st, int path_col, int name_col)
{
	const char *p = col(st, path_col);
	return p && *p ? p : col(st, name_col);
}

static int build_recognitions(km_db *db, const scope *sc, const period *p, report_section *s)
{
	sqlite3_stmt *st = db_stmt(db, SCOPE_CTE
		"SELECT sub.path, a.name, r.title, r.level, r.decision_no, r.decision_date, r.revoked_on,"
		"       r.revoke_reason"
		" FROM sub JOIN area a ON a.id = sub.id JOIN recognition r ON r.area_id = sub.id"
		" WHERE r.decision_date BETWEEN ?3 AND ?4 OR r.revoked_on BETWEEN ?3 AND ?4"
		" ORDER BY r.decision_date, sub.tkey, r.id");
	if (!st)
		return -1;
	bind_scope(st, sc, p);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		report_cell *row = row_add(s);
		set_text(&row[0], path_of(st, 0, 1));
		int t = title_from_key(col(st, 2));
		set_text(&row[1], t >= 0 ? title_label((title_kind)t) : col(st, 2));
		int l = recog_level_from_key(col(st, 3));
		set_text(&row[2], l >= 0 ? recog_level_label((recog_level)l) : col(st, 3));
		set_text(&row[3], col(st, 4));
		set_date(&row[4], col(st, 5));
		/* A revocation after the period is not part of it. */
		const char *revoked = col(st, 6);
		if (revoked && strcmp(revoked, p->to) <= 0) {
			set_date(&row[5], revoked);
			set_text(&row[6], col(st, 7));
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, _("reading the recognitions"));
	return 0;
}

typedef struct crit_stat {
	int64_t group_id;
	char *code, *name;
	int judged, met;
	int order;
} crit_stat;

/* Lowest share met first; then the most judged; then the set's order. */
static int cmp_weakest(const void *pa, const void *pb)
{
	const crit_stat *a = pa, *b = pb;
	/* a.met / a.judged < b.met / b.judged, without division */
	long long l = (long long)a->met * b->judged, r = (long long)b->met * a->judged;
	if (l != r)
		return l < r ? -1 : 1;
	if (a->judged != b->judged)
		return a->judged > b->judged ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

static void stat_cells(report_cell *row, int met, int judged)
{
	set_num(&row[4], CELLK_INT, met);
	set_num(&row[5], CELLK_INT, judged);
	if (judged > 0)
		set_num(&row[6], CELLK_PERCENT, 100.0 * met / judged);
}

static int build_criteria(km_db *db, const scope *sc, int year, report_section *s)
{
	int64_t set_id = 0;
	if (criteria_set_for_year(db, year, &set_id) < 0)
		return -1;
	if (!set_id)
		return 0;
	sqlite3_stmt *st = db_stmt(db, SCOPE_CTE
		", j(cid, n, m) AS (SELECT x.criterion_id, count(*), sum(x.met) FROM assessment x"
		"   JOIN sub ON sub.id = x.area_id WHERE x.year = ?5 AND x.stage = 'appraisal'"
		"   GROUP BY x.criterion_id)"
		"SELECT c.group_id, c.code, c.name, coalesce(j.n, 0), coalesce(j.m, 0)"
		" FROM criterion c JOIN criteria_group g ON g.id = c.group_id LEFT JOIN j ON j.cid = c.id"
		" WHERE c.set_id = ?6 ORDER BY g.position, c.position, c.id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, sc->area_id);
	sqlite3_bind_text(st, 2, sc->prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, year);
	sqlite3_bind_int64(st, 6, set_id);
	crit_stat *cs = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap)
			cs = xrealloc(cs, (cap = cap ? cap * 2 : 32) * sizeof *cs);
		crit_stat *c = &cs[n];
		c->group_id = sqlite3_column_int64(st, 0);
		c->code = xstrdup(col(st, 1) ? col(st, 1) : "");
		c->name = xstrdup(col(st, 2) ? col(st, 2) : "");
		c->judged = sqlite3_column_int(st, 3);
		c->met = sqlite3_column_int(st, 4);
		c->order = (int)n++;
	}
	sqlite3_reset(st);
	int result = 0;
	if (rc != SQLITE_DONE)
		result = db_fail_sql(db, _("reading the criteria judgements"));
	if (result == 0)
		st = db_stmt(db, "SELECT id, code, name FROM criteria_group WHERE set_id = ?1 "
				 "ORDER BY position, id");
	if (result == 0 && !st)
		result = -1;
	int all_met = 0, all_judged = 0, all_criteria = 0;
	if (result == 0) {
		sqlite3_bind_int64(st, 1, set_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t gid = sqlite3_column_int64(st, 0);
			int ncrit = 0, met = 0, judged = 0;
			for (size_t i = 0; i < n; i++) {
				if (cs[i].group_id != gid)
					continue;
				ncrit++;
				met += cs[i].met;
				judged += cs[i].judged;
			}
			report_cell *row = row_add(s);
			set_text(&row[0], _("Group"));
			set_text(&row[1], col(st, 1));
			set_text(&row[2], col(st, 2));
			set_num(&row[3], CELLK_INT, ncrit);
			stat_cells(row, met, judged);
			all_criteria += ncrit;
			all_met += met;
			all_judged += judged;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			result = db_fail_sql(db, _("reading the criteria groups"));
	}
	if (result == 0) {
		report_cell *row = row_add(s);
		set_text(&row[0], _("Total"));
		set_text(&row[2], _("All criteria"));
		set_num(&row[3], CELLK_INT, all_criteria);
		stat_cells(row, all_met, all_judged);
		/* The weakest of the criteria judged at all. */
		size_t kept = 0;
		for (size_t i = 0; i < n; i++) {
			if (cs[i].judged > 0) {
				crit_stat tmp = cs[kept];
				cs[kept++] = cs[i];
				cs[i] = tmp;
			}
		}
		qsort(cs, kept, sizeof *cs, cmp_weakest);
		for (size_t i = 0; i < kept && i < WEAKEST; i++) {
			row = row_add(s);
			set_text(&row[0], _("Weakest criterion"));
			set_text(&row[1], cs[i].code);
			set_text(&row[2], cs[i].name);
			stat_cells(row, cs[i].met, cs[i].judged);
		}
	}
	for (size_t i = 0; i < n; i++) {
		free(cs[i].code);
		free(cs[i].name);
	}
	free(cs);
	return result;
}

static int build_resources(km_db *db, const scope *sc, const report *r, report_section *s)
{
	resource_query q = { sc->area_id, true, &r->period, -1, -1 };
	resource_totals now, before;
	if (resource_totals_get(db, &q, &now) < 0)
		return -1;
	q.period = &r->previous;
	if (resource_totals_get(db, &q, &before) < 0)
		return -1;
	for (int i = 0; i < SOURCE_COUNT + FORM_COUNT + 1; i++) {
		report_cell *row = row_add(s);
		int64_t a, b;
		if (i < SOURCE_COUNT) {
			set_text(&row[0], _("By source"));
			set_text(&row[1], source_label((resource_source)i));
			a = now.by_source[i];
			b = before.by_source[i];
		} else if (i < SOURCE_COUNT + FORM_COUNT) {
			int f = i - SOURCE_COUNT;
			set_text(&row[0], _("By form"));
			set_text(&row[1], form_label((resource_form)f));
			a = now.by_form[f];
			b = before.by_form[f];
		} else {
			set_text(&row[0], _("Total"));
			set_text(&row[1], _("All resources"));
			a = now.value;
			b = before.value;
		}
		set_num(&row[2], CELLK_MONEY, (double)a);
		set_num(&row[3], CELLK_MONEY, (double)b);
		set_num(&row[4], CELLK_MONEY, (double)(a - b));
	}
	return 0;
}

static int build_awards(km_db *db, const scope *sc, const period *p, report_section *s)
{
	sqlite3_stmt *st = db_stmt(db, SCOPE_CTE
		"SELECT w.decision_date, w.decision_no, w.form, w.level, w.recipient, sub.path, a.name,"
		"       w.amount"
		" FROM sub JOIN area a ON a.id = sub.id JOIN award w ON w.area_id = sub.id"
		" WHERE w.decision_date BETWEEN ?3 AND ?4"
		" ORDER BY w.decision_date, w.decision_no, sub.tkey, w.id");
	if (!st)
		return -1;
	bind_scope(st, sc, p);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		report_cell *row = row_add(s);
		set_date(&row[0], col(st, 0));
		set_text(&row[1], col(st, 1));
		set_text(&row[2], col(st, 2));
		int l = award_level_from_key(col(st, 3));
		set_text(&row[3], l >= 0 ? award_level_label((award_level)l) : col(st, 3));
		set_text(&row[4], col(st, 4));
		set_text(&row[5], path_of(st, 5, 6));
		if (sqlite3_column_type(st, 7) != SQLITE_NULL)
			set_num(&row[6], CELLK_MONEY, sqlite3_column_double(st, 7));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, _("reading the commendations"));
	return 0;
}

static int build_late(km_db *db, int64_t area_id, int year, const char *today,
		      const work_settings *delays, report_section *s)
{
	work_item *w;
	size_t n;
	if (worklist_build(db, area_id, year, today, delays, &w, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		report_cell *row = row_add(s);
		set_text(&row[0], work_kind_label(w[i].kind));
		set_text(&row[1], w[i].area_path);
		set_date(&row[2], w[i].since);
		set_num(&row[3], CELLK_INT, w[i].days_late);
	}
	worklist_free(w, n);
	return 0;
}

/* The scope's ancestors below the province, each followed by " › ", into prefix; the area's
 * path (its name for a province) into name. */
static int scope_names(km_db *db, int64_t area_id, strbuf *prefix, strbuf *name)
{
	if (!area_id) {
		sb_add(name, _("All areas"));
		return 0;
	}
	area *path;
	size_t n;
	if (area_path(db, area_id, &path, &n) < 0)
		return -1;
	for (size_t i = 0; i + 1 < n; i++) {
		if (path[i].kind == AREA_PROVINCE)
			continue;
		sb_add(prefix, path[i].name);
		sb_add(prefix, " › ");
	}
	if (path[n - 1].kind != AREA_PROVINCE)
		sb_add(name, prefix->s);
	sb_add(name, path[n - 1].name);
	areas_free(path, n);
	return 0;
}

static bool valid_iso(const char *s)
{
	int y, m, d;
	char tail;
	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 &&
	       m <= 12 && d >= 1 && d <= 31;
}

int report_build(km_db *db, int64_t area_id, const period *p, const char *today,
		 const work_settings *delays, report *out)
{
	memset(out, 0, sizeof *out);
	if (!p || !valid_iso(p->from) || !valid_iso(p->to) || strcmp(p->from, p->to) > 0)
		return db_fail(db, "%s", _("Enter a period as 2025, 2025-Q1, 2025-H1 or dd/mm/yyyy-dd/mm/yyyy"));
	if (!valid_iso(today))
		return db_fail(db, _("invalid date \"%s\" (yyyy-mm-dd expected)"), today ? today : "");
	strbuf prefix, name;
	sb_init(&prefix);
	sb_init(&name);
	if (scope_names(db, area_id, &prefix, &name) < 0) {
		sb_free(&prefix);
		sb_free(&name);
		return -1;
	}
	out->area_id = area_id;
	out->area_name = sb_take(&name);
	out->period = *p;
	previous_period(p, &out->previous);
	char now[32], local[32];
	db_now_iso(now, sizeof now);
	out->generated_at = xstrdup(vn_format_timestamp(now, local, sizeof local));
	scope sc = { area_id, prefix.s ? prefix.s : "" };
	int year = atoi(p->to);
	char buf[160], on[16];

	static const cell_kind summary_kinds[] = { CELLK_TEXT, CELLK_NUMBER, CELLK_NUMBER, CELLK_NUMBER,
						   CELLK_NUMBER, CELLK_NUMBER, CELLK_PERCENT };
	const char *summary_heads[] = { _("Indicator"), _("This period"), _("Same period last year"),
					_("Change"), _("Year to date"), _("Year's target"),
					_("Progress %") };
	static const cell_kind recog_kinds[] = { CELLK_TEXT, CELLK_TEXT, CELLK_TEXT, CELLK_TEXT,
						 CELLK_DATE, CELLK_DATE, CELLK_TEXT };
	const char *recog_heads[] = { _("Area"), _("Title"), _("Level"), _("Decision"),
				      _("Decision date"), _("Revoked on"), _("Reason for revocation") };
	static const cell_kind crit_kinds[] = { CELLK_TEXT, CELLK_TEXT, CELLK_TEXT, CELLK_INT,
						CELLK_INT, CELLK_INT, CELLK_PERCENT };
	const char *crit_heads[] = { _("Line"), _("Code"), _("Name"), _("Criteria"), _("Met"),
				     _("Judged"), _("Share met %") };
	static const cell_kind res_kinds[] = { CELLK_TEXT, CELLK_TEXT, CELLK_MONEY, CELLK_MONEY,
					       CELLK_MONEY };
	const char *res_heads[] = { _("Breakdown"), _("Item"), _("This period"),
				    _("Same period last year"), _("Change") };
	static const cell_kind award_kinds[] = { CELLK_DATE, CELLK_TEXT, CELLK_TEXT, CELLK_TEXT,
						 CELLK_TEXT, CELLK_TEXT, CELLK_MONEY };
	const char *award_heads[] = { _("Date"), _("Decision"), _("Form"), _("Level"),
				      _("Recipient"), _("Area"), _("Amount") };
	static const cell_kind late_kinds[] = { CELLK_TEXT, CELLK_TEXT, CELLK_DATE, CELLK_INT };
	const char *late_heads[] = { _("Kind"), _("Area"), _("Since"), _("Days late") };

	int rc = build_summary(db, &sc, out, year,
			       section_add(out, "summary", _("Key figures"), 7, summary_heads, summary_kinds));
	if (rc == 0)
		rc = build_recognitions(db, &sc, p, section_add(out, "recognition",
			_("Recognitions decided or revoked in the period"), 7, recog_heads, recog_kinds));
	if (rc == 0) {
		snprintf(buf, sizeof buf, _("Criteria met at appraisal, %d: by group, and the weakest"), year);
		rc = build_criteria(db, &sc, year, section_add(out, "criteria", buf, 7, crit_heads, crit_kinds));
	}
	if (rc == 0)
		rc = build_resources(db, &sc, out, section_add(out, "resources",
			_("Resources mobilised by source and by form (đồng)"), 5, res_heads, res_kinds));
	if (rc == 0)
		rc = build_awards(db, &sc, p, section_add(out, "awards",
			_("Commendations decided in the period"), 7, award_heads, award_kinds));
	if (rc == 0) {
		snprintf(buf, sizeof buf, _("Due or late as of %s (worklist %d)"),
			 vn_format_iso_date(today, on, sizeof on), year);
		rc = build_late(db, area_id, year, today, delays, section_add(out, "late", buf, 4, late_heads, late_kinds));
	}
	sb_free(&prefix);
	if (rc < 0) {
		report_free(out);
		return -1;
	}
	return 0;
}

void report_free(report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nsections; i++) {
		report_section *s = &r->sections[i];
		for (size_t k = 0; k < s->nrows * (size_t)s->ncols; k++)
			free(s->cells[k].text);
		free(s->cells);
		for (int c = 0; c < s->ncols; c++)
			free(s->headers[c]);
		free(s->headers);
		free(s->col_kinds);
		free(s->key);
		free(s->title);
	}
	free(r->sections);
	free(r->area_name);
	free(r->generated_at);
	memset(r, 0, sizeof *r);
}

int report_format_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "text") == 0 || strcmp(s, "txt") == 0)
		return REPORT_TEXT;
	if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
		return REPORT_MD;
	if (strcmp(s, "csv") == 0)
		return REPORT_CSV;
	if (strcmp(s, "xlsx") == 0)
		return REPORT_XLSX;
	return -1;
}
