#include "config.h"
#include "domain/assessment.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/auth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

#define EVIDENCE_MAX 4000   /* bytes; the messages say it */

static const char *const stage_keys[STAGE_COUNT] = { "self", "appraisal" };
static const char *const stage_labels[STAGE_COUNT] = { N_("self-assessment"), N_("appraisal") };

const char *stage_key(stage s) { return stage_keys[s]; }
const char *stage_label(stage s) { return _(stage_labels[s]); }

int stage_from_key(const char *key)
{
	for (int i = 0; i < STAGE_COUNT; i++)
		if (strcmp(stage_keys[i], key) == 0)
			return i;
	return -1;
}

void judgement_free(judgement *j)
{
	free(j->evidence);
	free(j->judged_by);
	free(j->judged_on);
	memset(j, 0, sizeof *j);
}

void checklist_free(checklist *cl)
{
	for (size_t i = 0; i < cl->n; i++) {
		for (int s = 0; s < STAGE_COUNT; s++)
			judgement_free(&cl->items[i].j[s]);
		free(cl->items[i].org);
	}
	facts_free(&cl->facts);
	free(cl->items);
	if (cl->has_set)
		criteria_set_free(&cl->set);
	memset(cl, 0, sizeof *cl);
}

int checklist_find(const checklist *cl, const char *code)
{
	for (size_t i = 0; i < cl->n; i++)
		if (strcasecmp(cl->items[i].crit->code, code) == 0)
			return (int)i;
	return -1;
}

static int load_judgements(km_db *db, checklist *cl)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT criterion_id, stage, met, value, part, base, evidence, judged_by, judged_on "
		"FROM assessment WHERE area_id = ?1 AND year = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cl->area_id);
	sqlite3_bind_int(st, 2, cl->year);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cid = sqlite3_column_int64(st, 0);
		int s = stage_from_key((const char *)sqlite3_column_text(st, 1));
		if (s < 0)
			continue;
		for (size_t i = 0; i < cl->n; i++) {
			if (cl->items[i].crit->id != cid)
				continue;
			judgement *j = &cl->items[i].j[s];
			j->assessed = true;
			j->met = sqlite3_column_int(st, 2) != 0;
			j->has_value = sqlite3_column_type(st, 3) != SQLITE_NULL;
			j->value = sqlite3_column_double(st, 3);
			j->has_fraction = sqlite3_column_type(st, 4) != SQLITE_NULL &&
					  sqlite3_column_type(st, 5) != SQLITE_NULL;
			j->part = sqlite3_column_double(st, 4);
			j->base = sqlite3_column_double(st, 5);
			j->evidence = db_column_dup(st, 6);
			j->judged_by = db_column_dup(st, 7);
			j->judged_on = db_column_dup(st, 8);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading assessments"));
}

/* Who is in charge: the area's own choice where one was made, else the set's default. */
static int load_orgs(km_db *db, checklist *cl)
{
	for (size_t i = 0; i < cl->n; i++)
		if (cl->items[i].crit->org)
			cl->items[i].org = xstrdup(cl->items[i].crit->org);
	sqlite3_stmt *st = db_stmt(db, "SELECT criterion_id, org FROM criterion_org WHERE area_id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cl->area_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cid = sqlite3_column_int64(st, 0);
		for (size_t i = 0; i < cl->n; i++) {
			if (cl->items[i].crit->id != cid)
				continue;
			free(cl->items[i].org);
			cl->items[i].org = db_column_dup(st, 1);
			cl->items[i].org_overridden = true;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading who is in charge"));
}

int checklist_load(km_db *db, int64_t area_id, int year, checklist *out)
{
	memset(out, 0, sizeof *out);
	out->area_id = area_id;
	out->year = year;
	area a;
	if (area_get(db, area_id, &a) < 0)
		return -1;
	bool ok = area_kind_assessable(a.kind);
	area_free(&a);
	if (!ok)
		return db_fail(db, _("Criteria are assessed for villages and residential groups only"));
	int64_t set_id;
	if (criteria_set_for_year(db, year, &set_id) < 0)
		return -1;
	if (!set_id)
		return 0;
	if (criteria_load(db, set_id, &out->set) < 0)
		return -1;
	out->has_set = true;
	out->n = out->set.ncriteria;
	out->items = xcalloc(out->n ? out->n : 1, sizeof *out->items);
	for (size_t i = 0; i < out->n; i++) {
		checklist_item *it = &out->items[i];
		it->crit = &out->set.criteria[i];
		for (size_t g = 0; g < out->set.ngroups; g++)
			if (strcmp(out->set.groups[g].code, it->crit->group_code) == 0)
				it->group = &out->set.groups[g];
	}
	if (facts_load(db, area_id, year, &out->facts) < 0 || load_judgements(db, out) < 0 ||
	    load_orgs(db, out) < 0) {
		checklist_free(out);
		return -1;
	}
	out->area_type = facts_area_type(&out->facts);
	for (size_t i = 0; i < out->n; i++) {
		checklist_item *it = &out->items[i];
		for (int s = 0; s < STAGE_COUNT; s++) {
			judgement *j = &it->j[s];
			/* A value is judged against the threshold of the area's current type. */
			if (j->assessed && j->has_value && it->crit->measure != MEASURE_YESNO)
				j->met = criterion_met_by(it->crit, j->value, out->area_type);
			out->assessed[s] += j->assessed;
			out->met[s] += j->assessed && j->met;
			out->without_evidence[s] += j->assessed && !(j->evidence && *j->evidence);
			if (it->crit->required && !(j->assessed && j->met))
				out->required_missing[s]++;
		}
		const judgement *self = &it->j[STAGE_SELF], *appr = &it->j[STAGE_APPRAISAL];
		it->disagree = self->assessed && appr->assessed && self->met != appr->met;
		out->disagreements += it->disagree;
	}
	return 0;
}

bool checklist_eligible(const checklist *cl)
{
	return cl->has_set && cl->n > 0 && cl->required_missing[STAGE_APPRAISAL] == 0;
}

static bool set_err(char *errbuf, size_t cap, const char *msg)
{
	snprintf(errbuf, cap, "%s", msg);
	return false;
}

static bool parse_yesno(const char *text, judgement *out, char *errbuf, size_t cap)
{
	char *f = text_fold(text);
	static const char *const yes[] = { "dat", "co", "yes", "y", "1", "x", "met" };
	static const char *const no[] = { "khong", "chua", "chua dat", "khong dat", "no", "n", "0", "not met" };
	bool done = false;
	for (size_t i = 0; i < sizeof yes / sizeof *yes && !done; i++)
		if (strcmp(f, yes[i]) == 0)
			out->met = done = true;
	for (size_t i = 0; i < sizeof no / sizeof *no && !done; i++)
		if (strcmp(f, no[i]) == 0) {
			out->met = false;
			done = true;
		}
	free(f);
	if (!done)
		return set_err(errbuf, cap, _("Type \"đạt\" (met) or \"không\" (not met)"));
	out->assessed = true;
	return true;
}

static bool parse_rating(const criterion_def *c, const char *text, judgement *out, char *errbuf,
			 size_t cap)
{
	char *f = text_fold(text);
	int found = -1;
	char *end;
	long n = strtol(f, &end, 10);
	if (*f && !*end && n >= 1 && n <= c->nlevels)
		found = (int)n - 1;
	for (int i = 0; i < c->nlevels && found < 0; i++) {
		char *lf = text_fold(c->levels[i]);
		if (strcmp(lf, f) == 0)
			found = i;
		free(lf);
	}
	free(f);
	if (found < 0) {
		strbuf b;
		sb_init(&b);
		sb_add(&b, _("Choose one of:"));
		for (int i = 0; i < c->nlevels; i++)
			sb_printf(&b, "%s %d=%s", i ? "," : "", i + 1, c->levels[i]);
		set_err(errbuf, cap, b.s);
		sb_free(&b);
		return false;
	}
	out->assessed = true;
	out->has_value = true;
	out->value = found;
	out->met = criterion_met_by(c, found, NULL);
	return true;
}

bool assessment_parse(const criterion_def *c, const char *text, const char *area_type,
		      judgement *out, char *errbuf, size_t errcap)
{
	memset(out, 0, sizeof *out);
	if (c->measure == MEASURE_YESNO)
		return parse_yesno(text, out, errbuf, errcap);
	if (c->measure == MEASURE_RATING)
		return parse_rating(c, text, out, errbuf, errcap);
	const char *err = NULL;
	double v;
	if (c->measure == MEASURE_PERCENT && strchr(text, '/')) {
		double part, base;
		if (!vn_parse_fraction(text, &part, &base, &err))
			return set_err(errbuf, errcap, _(err));
		if (part > base)
			return set_err(errbuf, errcap, _("The part is larger than the base"));
		out->has_fraction = true;
		out->part = part;
		out->base = base;
		v = part / base * 100.0;
	} else {
		if (!vn_parse_number(text, &v, &err))
			return set_err(errbuf, errcap, _(err));
		if (c->measure == MEASURE_PERCENT && (v < 0 || v > 100))
			return set_err(errbuf, errcap, _("A percentage is between 0 and 100"));
		if (c->measure == MEASURE_COUNT && (v < 0 || v != floor(v)))
			return set_err(errbuf, errcap, _("A count is a whole number, 0 or more"));
	}
	out->assessed = true;
	out->has_value = true;
	out->value = v;
	out->met = criterion_met_by(c, v, area_type);
	return true;
}

/* "182/" or "182 hộ": a part of the area's recorded base. Returns false if text is not that. */
static bool part_of_base(const char *text, const char *unit, double *part)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", text);
	size_t n = strlen(buf);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (n && buf[n - 1] == '/') {
		buf[--n] = '\0';
	} else if (unit && n > strlen(unit) && strcmp(buf + n - strlen(unit), unit) == 0) {
		n -= strlen(unit);
		buf[n] = '\0';
	} else {
		return false;
	}
	const char *err;
	return vn_parse_number(buf, part, &err);
}

bool checklist_parse(const checklist *cl, const criterion_def *c, const char *text, judgement *out,
		     char *errbuf, size_t errcap)
{
	const fact_def *def = c->base ? fact_def_find(c->base) : NULL;
	double part, base;
	if (c->measure == MEASURE_PERCENT && part_of_base(text, def ? def->unit : NULL, &part)) {
		if (!c->base || !facts_number(&cl->facts, c->base, &base) || base <= 0) {
			snprintf(errbuf, errcap, _("The base (%s) is not recorded for %d: type part/base, "
						   "e.g. 182/200, or record it with f"),
				 def ? _(def->label) : c->base ? c->base : "?", cl->year);
			return false;
		}
		char full[96], a[32], b[32];
		snprintf(full, sizeof full, "%s/%s", vn_format_number(part, 6, a, sizeof a),
			 vn_format_number(base, 6, b, sizeof b));
		return assessment_parse(c, full, cl->area_type, out, errbuf, errcap);
	}
	return assessment_parse(c, text, cl->area_type, out, errbuf, errcap);
}

/* A percentage shortened for display without crossing its threshold: 899/999 is 89,99%, shown
 * as 89,9% (not 90%) beside "≥ 90%". Values are cut toward the side of the comparison that
 * fails, so the display never claims more than the value. */
static char *percent_text(const criterion_def *c, double value, int decimals, char *buf, size_t cap)
{
	double scale = pow(10, decimals);
	double shown = c->cmp == CMP_LE || c->cmp == CMP_LT ? ceil(value * scale - 1e-9) / scale
							    : floor(value * scale + 1e-9) / scale;
	return vn_format_number(shown, decimals, buf, cap);
}

void judgement_value_text(const criterion_def *c, const judgement *j, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (!j->assessed || !j->has_value)
		return;
	char a[32], b[32], v[32];
	if (c->measure == MEASURE_RATING) {
		int i = (int)j->value;
		snprintf(buf, cap, "%s", i >= 0 && i < c->nlevels ? c->levels[i] : "?");
	} else if (j->has_fraction) {
		snprintf(buf, cap, "%s/%s (%s%%)", vn_format_number(j->part, 2, a, sizeof a),
			 vn_format_number(j->base, 2, b, sizeof b), percent_text(c, j->value, 1, v, sizeof v));
	} else if (c->measure == MEASURE_PERCENT) {
		snprintf(buf, cap, "%s%%", percent_text(c, j->value, 2, v, sizeof v));
	} else {
		snprintf(buf, cap, "%s", vn_format_number(j->value, 2, v, sizeof v));
		if (c->unit && *c->unit && strcmp(c->unit, "%") != 0) {
			size_t n = strlen(buf);
			snprintf(buf + n, cap - n, " %s", c->unit);
		}
	}
}

/* The year's set must be the criterion's: bind it if the year has none yet. */
static int check_year_set(km_db *db, int year, const criterion_def *c)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT set_id FROM criterion WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, _("no such criterion"));
	}
	int64_t crit_set = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	int64_t year_set;
	if (criteria_set_for_year(db, year, &year_set) < 0)
		return -1;
	if (year_set && year_set != crit_set)
		return db_fail(db, _("Criterion %s is not in the criteria set of %d"), c->code, year);
	return criteria_bind_year(db, year, crit_set);
}

static void bind_opt(sqlite3_stmt *st, int i, bool has, double v)
{
	if (has)
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* One line of history: the judgement before (old) and after (j, NULL = cleared), and the evidence
 * after the change. */
static int write_history(km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
			 const judgement *old, const judgement *j, const char *new_evidence,
			 const char *now)
{
	int64_t id = db_new_id(db);
	if (!id)
		return -1;
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO assessment_history(id, area_id, year, criterion_id, stage, old_met, old_value, "
		"new_met, new_value, changed_by, changed_at, old_evidence, new_evidence) "
		"VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, area_id);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_int64(st, 4, c->id);
	sqlite3_bind_text(st, 5, stage_key(s), -1, SQLITE_STATIC);
	if (old->assessed)
		sqlite3_bind_int(st, 6, old->met);
	bind_opt(st, 7, old->assessed && old->has_value, old->value);
	if (j && j->assessed)
		sqlite3_bind_int(st, 8, j->met);
	bind_opt(st, 9, j && j->assessed && j->has_value, j ? j->value : 0);
	sqlite3_bind_text(st, 10, db_user(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, now, -1, SQLITE_STATIC);
	if (old->assessed && old->evidence)
		sqlite3_bind_text(st, 12, old->evidence, -1, SQLITE_STATIC);
	if (new_evidence)
		sqlite3_bind_text(st, 13, new_evidence, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("recording the history"));
}

static int read_current(km_db *db, int64_t area_id, int year, int64_t cid, stage s, judgement *old)
{
	memset(old, 0, sizeof *old);
	sqlite3_stmt *st = db_stmt(db, "SELECT met, value, evidence FROM assessment WHERE area_id = ?1 "
				       "AND year = ?2 AND criterion_id = ?3 AND stage = ?4");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, cid);
	sqlite3_bind_text(st, 4, stage_key(s), -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		old->assessed = true;
		old->met = sqlite3_column_int(st, 0) != 0;
		old->has_value = sqlite3_column_type(st, 1) != SQLITE_NULL;
		old->value = sqlite3_column_double(st, 1);
		old->evidence = db_column_dup(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading assessments"));
}

static int write_row(km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
		     const judgement *j, const char *now)
{
	sqlite3_stmt *st;
	if (!j || !j->assessed) {
		st = db_stmt(db, "DELETE FROM assessment WHERE area_id = ?1 AND year = ?2 AND "
				 "criterion_id = ?3 AND stage = ?4");
		if (!st)
			return -1;
	} else {
		st = db_stmt(db,
			"INSERT INTO assessment(area_id, year, criterion_id, stage, met, value, part, base, "
			"evidence, judged_by, judged_on, updated_at) "
			"VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12) "
			"ON CONFLICT(area_id, year, criterion_id, stage) DO UPDATE SET met = excluded.met, "
			"value = excluded.value, part = excluded.part, base = excluded.base, "
			"evidence = coalesce(excluded.evidence, evidence), judged_by = excluded.judged_by, "
			"judged_on = excluded.judged_on, updated_at = excluded.updated_at");
		if (!st)
			return -1;
		sqlite3_bind_int(st, 5, j->met);
		bind_opt(st, 6, j->has_value, j->value);
		bind_opt(st, 7, j->has_fraction, j->part);
		bind_opt(st, 8, j->has_fraction, j->base);
		if (j->evidence && *j->evidence)
			sqlite3_bind_text(st, 9, j->evidence, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, db_user(db), -1, SQLITE_STATIC);
		char today[16];
		sqlite3_bind_text(st, 11, j->judged_on ? j->judged_on : vn_today_iso(today, sizeof today),
				  -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 12, now, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, c->id);
	sqlite3_bind_text(st, 4, stage_key(s), -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("saving the assessment"));
}

/* Whether the stored judgement is still the one the user saw (expected); a change made
 * meanwhile by another session is refused rather than overwritten. */
static int check_unchanged(km_db *db, const criterion_def *c, const judgement *stored,
			   const judgement *expected)
{
	if (!expected)
		return 0;
	bool same = stored->assessed == expected->assessed &&
		    (!stored->assessed || stored->met == expected->met);
	if (same)
		return 0;
	return db_fail(db, _("%s was changed meanwhile by another session: it is now %s. Look again, "
			     "then change it if you still want to."), c->code,
		       !stored->assessed ? _("not assessed") : stored->met ? _("met") : _("not met"));
}

static int write_expecting(km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
			   const judgement *j, const judgement *expected);

int assessment_write(km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
		     const judgement *j)
{
	return write_expecting(db, area_id, year, c, s, j, NULL);
}

static int write_expecting(km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
			   const judgement *j, const judgement *expected)
{
	if (year < 1900 || year > 2999)
		return db_fail(db, _("The year must be between 1900 and 2999"));
	area a;
	if (area_get(db, area_id, &a) < 0)
		return -1;
	bool ok = area_kind_assessable(a.kind);
	area_free(&a);
	if (!ok)
		return db_fail(db, _("Criteria are assessed for villages and residential groups only"));
	if (!auth_check(db, s == STAGE_SELF ? PERM_VILLAGE_DATA : PERM_APPRAISAL, area_id))
		return -1;
	if (j && j->evidence && strlen(j->evidence) > EVIDENCE_MAX)
		return db_fail(db, _("The evidence is longer than 4000 bytes"));
	if (db_begin(db) < 0)
		return -1;
	char now[32];
	db_now_iso(now, sizeof now);
	judgement old = { 0 };
	if (check_year_set(db, year, c) < 0 || read_current(db, area_id, year, c->id, s, &old) < 0 ||
	    check_unchanged(db, c, &old, expected) < 0 ||
	    write_row(db, area_id, year, c, s, j, now) < 0 ||
	    /* A new judgement without evidence keeps the old evidence (see write_row). */
	    write_history(db, area_id, year, c, s, &old, j,
			  j && j->assessed ? (j->evidence && *j->evidence ? j->evidence : old.evidence) : NULL,
			  now) < 0) {
		judgement_free(&old);
		db_rollback(db);
		return -1;
	}
	judgement_free(&old);
	return db_commit(db);
}

int assessment_set_evidence(km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
			    const char *text)
{
	if (!auth_check(db, s == STAGE_SELF ? PERM_VILLAGE_DATA : PERM_APPRAISAL, area_id))
		return -1;
	char *clean = text ? text_sanitize(text) : xstrdup("");
	if (strlen(clean) > EVIDENCE_MAX) {
		free(clean);
		return db_fail(db, _("The evidence is longer than 4000 bytes"));
	}
	if (db_begin(db) < 0) {
		free(clean);
		return -1;
	}
	char now[32];
	db_now_iso(now, sizeof now);
	judgement old = { 0 };
	int rc = read_current(db, area_id, year, c->id, s, &old);
	if (rc == 0 && !old.assessed)
		rc = db_fail(db, _("Judge %s first (%s), then write its evidence"), c->code, stage_label(s));
	sqlite3_stmt *st = rc == 0 ? db_stmt(db,
		"UPDATE assessment SET evidence = ?5, updated_at = ?6 WHERE area_id = ?1 AND year = ?2 "
		"AND criterion_id = ?3 AND stage = ?4") : NULL;
	if (rc == 0 && !st)
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int(st, 2, year);
		sqlite3_bind_int64(st, 3, c->id);
		sqlite3_bind_text(st, 4, stage_key(s), -1, SQLITE_STATIC);
		if (*clean)
			sqlite3_bind_text(st, 5, clean, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			rc = db_fail_sql(db, _("saving the evidence"));
	}
	if (rc == 0)
		rc = write_history(db, area_id, year, c, s, &old, &old, *clean ? clean : NULL, now);
	judgement_free(&old);
	free(clean);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int assessment_set_org(km_db *db, int64_t area_id, const criterion_def *c, const char *org)
{
	if (!auth_check(db, PERM_APPRAISAL, area_id))
		return -1;
	char *clean = org ? text_sanitize(org) : xstrdup("");
	if (strlen(clean) > 200) {
		free(clean);
		return db_fail(db, _("The organisation's name is longer than 200 bytes"));
	}
	if (db_begin(db) < 0) {
		free(clean);
		return -1;
	}
	char now[32];
	sqlite3_stmt *st = *clean
		? db_stmt(db, "INSERT INTO criterion_org(area_id, criterion_id, org, updated_by, updated_at) "
			      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(area_id, criterion_id) DO UPDATE SET "
			      "org = excluded.org, updated_by = excluded.updated_by, updated_at = excluded.updated_at")
		: db_stmt(db, "DELETE FROM criterion_org WHERE area_id = ?1 AND criterion_id = ?2");
	int rc = st ? 0 : -1;
	if (st) {
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int64(st, 2, c->id);
		if (*clean) {
			sqlite3_bind_text(st, 3, clean, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, db_user(db), -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, db_now_iso(now, sizeof now), -1, SQLITE_STATIC);
		}
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			rc = db_fail_sql(db, _("saving who is in charge"));
	}
	free(clean);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int assessment_reevaluate(km_db *db, int64_t area_id, int year)
{
	checklist cl;
	if (checklist_load(db, area_id, year, &cl) < 0)
		return -1;
	/* checklist_load judged every value against the area's type: store what it found. */
	sqlite3_stmt *st = db_stmt(db, "UPDATE assessment SET met = ?5 WHERE area_id = ?1 AND year = ?2 "
				       "AND criterion_id = ?3 AND stage = ?4 AND met <> ?5");
	int rc = st ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < cl.n; i++) {
		for (int s = 0; rc == 0 && s < STAGE_COUNT; s++) {
			const judgement *j = &cl.items[i].j[s];
			if (!j->assessed || !j->has_value)
				continue;
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, area_id);
			sqlite3_bind_int(st, 2, year);
			sqlite3_bind_int64(st, 3, cl.items[i].crit->id);
			sqlite3_bind_text(st, 4, stage_key((stage)s), -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 5, j->met);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail_sql(db, _("saving the assessment"));
			sqlite3_reset(st);
		}
	}
	checklist_free(&cl);
	return rc;
}

void history_free(history_entry *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].code);
		free(list[i].old_evidence);
		free(list[i].new_evidence);
		free(list[i].by);
		free(list[i].at);
	}
	free(list);
}

int assessment_history(km_db *db, int64_t area_id, int year, int64_t criterion_id,
		       history_entry **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT h.year, h.criterion_id, c.code, h.stage, h.old_met, h.old_value, h.new_met, "
		"h.new_value, h.old_evidence, h.new_evidence, h.changed_by, h.changed_at "
		"FROM assessment_history h JOIN criterion c ON c.id = h.criterion_id "
		"WHERE h.area_id = ?1 AND (?2 = 0 OR h.year = ?2) AND (?3 = 0 OR h.criterion_id = ?3) "
		"ORDER BY h.changed_at DESC, h.id DESC");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, criterion_id);
	size_t cap = 16, len = 0;
	history_entry *list = xcalloc(cap, sizeof *list);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			list = xrealloc(list, (cap *= 2) * sizeof *list);
			memset(list + len, 0, (cap - len) * sizeof *list);
		}
		history_entry *e = &list[len++];
		e->year = sqlite3_column_int(st, 0);
		e->criterion_id = sqlite3_column_int64(st, 1);
		e->code = db_column_dup(st, 2);
		int sg = stage_from_key((const char *)sqlite3_column_text(st, 3));
		e->stage = sg < 0 ? STAGE_SELF : (stage)sg;
		e->old_assessed = sqlite3_column_type(st, 4) != SQLITE_NULL;
		e->old_met = sqlite3_column_int(st, 4) != 0;
		e->old_has_value = sqlite3_column_type(st, 5) != SQLITE_NULL;
		e->old_value = sqlite3_column_double(st, 5);
		e->new_assessed = sqlite3_column_type(st, 6) != SQLITE_NULL;
		e->new_met = sqlite3_column_int(st, 6) != 0;
		e->new_has_value = sqlite3_column_type(st, 7) != SQLITE_NULL;
		e->new_value = sqlite3_column_double(st, 7);
		e->old_evidence = db_column_dup(st, 8);
		e->new_evidence = db_column_dup(st, 9);
		e->by = db_column_dup(st, 10);
		e->at = db_column_dup(st, 11);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		history_free(list, len);
		return db_fail_sql(db, _("reading the history"));
	}
	*out = list;
	*n = len;
	return 0;
}

int assessment_toggle(km_db *db, int64_t area_id, int year, const criterion_def *c, stage s,
		      const judgement *current)
{
	if (c->measure != MEASURE_YESNO)
		return db_fail(db, _("This criterion needs a value"));
	judgement j = { .assessed = true, .met = !(current->assessed && current->met) };
	/* The toggle is decided from what the user saw: it must still be what is stored. */
	return write_expecting(db, area_id, year, c, s, &j, current);
}

int assessment_latest_year(km_db *db, int *year)
{
	*year = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT max(year) FROM assessment");
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*year = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}
