#include "config.h"
#include "domain/award.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/auth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

#define RECIPIENT_MAX 200     /* characters, as the schema checks */
#define FORM_MAX 100
#define AMOUNT_MAX 1e15       /* đồng: what vn_parse_money accepts */
#define DECISION_MAX 100      /* bytes, as for recognitions (cycle.c) */
#define ISSUER_MAX 200
#define NOTE_MAX 2000         /* the reason and the note */

static const struct {
	const char *key;
	const char *label;
} kinds[RECIPIENT_KIND_COUNT] = {
	[RECIPIENT_AREA] = { "area", N_("residential area") },
	[RECIPIENT_HOUSEHOLD] = { "household", N_("household") },
	[RECIPIENT_PERSON] = { "person", N_("person") },
	[RECIPIENT_ORGANISATION] = { "organisation", N_("organisation") },
	[RECIPIENT_COMMUNE] = { "commune", N_("commune") },
};

static const struct {
	const char *key;
	const char *label;
} levels[AWARD_LEVEL_COUNT] = {
	[AWARD_COMMUNE] = { "commune", N_("commune level") },
	[AWARD_DISTRICT] = { "district", N_("district level") },
	[AWARD_PROVINCE] = { "province", N_("province level") },
	[AWARD_MINISTRY] = { "ministry", N_("ministry level") },
	[AWARD_NATIONAL] = { "national", N_("national level") },
};

static bool kind_valid(int k) { return k >= 0 && k < RECIPIENT_KIND_COUNT; }
static bool level_valid(int l) { return l >= 0 && l < AWARD_LEVEL_COUNT; }

const char *recipient_kind_key(recipient_kind k) { return kind_valid((int)k) ? kinds[k].key : "?"; }
const char *recipient_kind_label(recipient_kind k) { return kind_valid((int)k) ? _(kinds[k].label) : "?"; }
const char *award_level_key(award_level l) { return level_valid((int)l) ? levels[l].key : "?"; }
const char *award_level_label(award_level l) { return level_valid((int)l) ? _(levels[l].label) : "?"; }

int recipient_kind_from_key(const char *key)
{
	for (int i = 0; key && i < RECIPIENT_KIND_COUNT; i++)
		if (strcmp(kinds[i].key, key) == 0)
			return i;
	return -1;
}

int award_level_from_key(const char *key)
{
	for (int i = 0; key && i < AWARD_LEVEL_COUNT; i++)
		if (strcmp(levels[i].key, key) == 0)
			return i;
	return -1;
}

/* Proper names of Vietnamese documents: the same in every language of the interface. */
static const char *const common_forms[] = {
	"Giấy khen của Chủ tịch UBND xã",
	"Giấy khen của Chủ tịch UBND huyện",
	"Bằng khen của Chủ tịch UBND tỉnh",
	"Giấy khen của UBMTTQ huyện",
	"Bằng khen của UBMTTQ tỉnh",
	"Bằng khen của Bộ",
	"Bằng khen của Thủ tướng Chính phủ",
};

const char *const *award_common_forms(size_t *n)
{
	*n = sizeof common_forms / sizeof common_forms[0];
	return common_forms;
}

void award_free(award *a)
{
	if (!a)
		return;
	free(a->recipient);
	free(a->form);
	free(a->issuer);
	free(a->decision_no);
	free(a->decision_date);
	free(a->reason);
	free(a->note);
	free(a->area_name);
	memset(a, 0, sizeof *a);
}

void awards_free(award *list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		award_free(&list[i]);
	free(list);
}

/* ---- reading ---- */

#define AWARD_COLUMNS \
	"w.id, w.recipient_kind, w.recipient, w.area_id, w.form, w.issuer, w.level, w.decision_no, " \
	"w.decision_date, w.reason, w.amount, w.note, w.recognition_id, a.name"

static void award_from_row(sqlite3_stmt *st, award *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	int k = recipient_kind_from_key((const char *)sqlite3_column_text(st, 1));
	out->kind = k < 0 ? RECIPIENT_AREA : (recipient_kind)k;   /* the schema allows no other */
	out->recipient = db_column_dup(st, 2);
	out->area_id = sqlite3_column_int64(st, 3);
	out->form = db_column_dup(st, 4);
	out->issuer = db_column_dup(st, 5);
	int l = award_level_from_key((const char *)sqlite3_column_text(st, 6));
	out->level = l < 0 ? AWARD_COMMUNE : (award_level)l;
	out->decision_no = db_column_dup(st, 7);
	out->decision_date = db_column_dup(st, 8);
	out->reason = db_column_dup(st, 9);
	out->has_amount = sqlite3_column_type(st, 10) != SQLITE_NULL;
	out->amount = out->has_amount ? sqlite3_column_double(st, 10) : 0;
	out->note = db_column_dup(st, 11);
	out->recognition_id = sqlite3_column_int64(st, 12);
	out->area_name = db_column_dup(st, 13);
}

int award_get(km_db *db, int64_t id, award *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, "SELECT " AWARD_COLUMNS " FROM award w "
				       "JOIN area a ON a.id = w.area_id WHERE w.id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		award_from_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		out->version = db_row_version(db, "award", id);
		return 0;
	}
	if (rc == SQLITE_DONE)
		return db_fail(db, _("no such commendation (id %lld)"), (long long)id);
	return db_fail_sql(db, _("reading a commendation"));
}

int award_list(km_db *db, const award_filter *f, award **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	award_filter any = { 0, 0, -1, -1, NULL };
	if (!f)
		f = &any;
	if (f->level != -1 && !level_valid(f->level))
		return db_fail(db, _("unknown commendation level %d"), f->level);
	if (f->kind != -1 && !kind_valid(f->kind))
		return db_fail(db, _("unknown recipient kind %d"), f->kind);
	sqlite3_stmt *st = db_stmt(db,
		"WITH RECURSIVE scope(id) AS (SELECT ?1 UNION SELECT c.id FROM area c JOIN scope s "
		"ON c.parent_id = s.id WHERE ?1 <> 0) "
		"SELECT " AWARD_COLUMNS " FROM award w JOIN area a ON a.id = w.area_id "
		"WHERE (?1 = 0 OR w.area_id IN (SELECT id FROM scope)) "
		"AND (?2 = 0 OR CAST(substr(w.decision_date, 1, 4) AS INTEGER) = ?2) "
		"AND (?3 IS NULL OR w.level = ?3) AND (?4 IS NULL OR w.recipient_kind = ?4) "
		"ORDER BY w.decision_date DESC, w.id DESC");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->scope_area_id);
	sqlite3_bind_int(st, 2, f->year);
	if (f->level != -1)
		sqlite3_bind_text(st, 3, levels[f->level].key, -1, SQLITE_STATIC);
	if (f->kind != -1)
		sqlite3_bind_text(st, 4, kinds[f->kind].key, -1, SQLITE_STATIC);
	/* The form is matched here: SQLite cannot fold Vietnamese (đ, tone marks). */
	char *needle = f->form && *f->form ? text_fold(f->form) : NULL;
	size_t cap = 0, len = 0;
	award *list = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (needle) {
			char *hay = text_fold((const char *)sqlite3_column_text(st, 4));
			bool match = text_folded_contains(hay, needle);
			free(hay);
			if (!match)
				continue;
		}
		if (len == cap)
			list = xrealloc(list, (cap = cap ? cap * 2 : 16) * sizeof *list);
		award_from_row(st, &list[len++]);
	}
	sqlite3_reset(st);
	free(needle);
	if (rc != SQLITE_DONE) {
		awards_free(list, len);
		return db_fail_sql(db, _("reading the commendations"));
	}
	*out = list;
	*n = len;
	return 0;
}

/* ---- validation ---- */

/* Characters (code points) of valid UTF-8, as SQLite's length() counts them. */
static size_t char_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Cleaned text; NULL when s is NULL or nothing is left. */
static char *clean_text(const char *s)
{
	if (!s)
		return NULL;
	char *c = text_sanitize(s);
	if (!*c) {
		free(c);
		return NULL;
	}
	return c;
}

/* Strict "yyyy-mm-dd" naming a real day of 1900-2999. */
static bool iso_date_valid(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	if (!s || strlen(s) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
			return false;
	char dmy[11];
	snprintf(dmy, sizeof dmy, "%.2s/%.2s/%.4s", s + 8, s + 5, s);
	int y, m, d;
	return vn_parse_date(dmy, &y, &m, &d, NULL);
}

/* The cleaned texts of a commendation about to be written. */
typedef struct cleaned {
	char *recipient, *form, *issuer, *decision_no, *reason, *note;
} cleaned;

static void cleaned_free(cleaned *c)
{
	free(c->recipient);
	free(c->form);
	free(c->issuer);
	free(c->decision_no);
	free(c->reason);
	free(c->note);
}

/* Checks what needs no database. */
static int check_fields(km_db *db, const award *a, cleaned *c)
{
	if (!kind_valid((int)a->kind))
		return db_fail(db, _("unknown recipient kind %d"), (int)a->kind);
	if (!level_valid((int)a->level))
		return db_fail(db, _("unknown commendation level %d"), (int)a->level);
	c->recipient = clean_text(a->recipient);
	c->form = clean_text(a->form);
	c->issuer = clean_text(a->issuer);
	c->decision_no = clean_text(a->decision_no);
	c->reason = clean_text(a->reason);
	c->note = clean_text(a->note);
	if (!c->recipient)
		return db_fail(db, "%s", _("Who receives the commendation? The recipient is empty"));
	if (char_count(c->recipient) > RECIPIENT_MAX)
		return db_fail(db, _("The recipient's name is too long (at most %d characters)"), RECIPIENT_MAX);
	if (!c->form)
		return db_fail(db, "%s", _("The form of the commendation is empty (e.g. Giấy khen, Bằng khen)"));
	if (char_count(c->form) > FORM_MAX)
		return db_fail(db, _("The form of the commendation is too long (at most %d characters)"), FORM_MAX);
	if (!c->decision_no)
		return db_fail(db, "%s", _("The decision number is empty"));
	const struct {
		const char *text, *what;
		size_t max;
	} sized[] = {
		{ c->decision_no, N_("The decision number"), DECISION_MAX },
		{ c->issuer, N_("The issuing body"), ISSUER_MAX },
		{ c->reason, N_("The reason"), NOTE_MAX },
		{ c->note, N_("The note"), NOTE_MAX },
	};
	for (size_t i = 0; i < sizeof sized / sizeof sized[0]; i++)
		if (sized[i].text && strlen(sized[i].text) > sized[i].max)
			return db_fail(db, _("%s is longer than %zu bytes"), _(sized[i].what), sized[i].max);
	if (!iso_date_valid(a->decision_date))
		return db_fail(db, _("The decision date \"%s\" is not a valid date"),
			       a->decision_date ? a->decision_date : "");
	char today[16], shown[16];
	vn_today_iso(today, sizeof today);
	if (strcmp(a->decision_date, today) > 0)
		return db_fail(db, _("The decision date %s is after today"),
			       vn_format_iso_date(a->decision_date, shown, sizeof shown));
	if (a->has_amount && !(a->amount >= 0))   /* NaN too */
		return db_fail(db, "%s", _("The amount cannot be negative"));
	if (a->has_amount && a->amount > AMOUNT_MAX)
		return db_fail(db, "%s", _("The amount is too large"));
	return 0;
}

static int area_exists(km_db *db, int64_t area_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM area WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return db_fail(db, _("no such area"));
	return db_fail_sql(db, _("reading an area"));
}

static int award_exists(km_db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM award WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return db_fail(db, _("no such commendation (id %lld)"), (long long)id);
	return db_fail_sql(db, _("reading a commendation"));
}

/* A recognition named by the caller must be one of the same area. */
static int check_recognition(km_db *db, int64_t recognition_id, int64_t area_id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT area_id FROM recognition WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, recognition_id);
	int rc = sqlite3_step(st);
	int64_t owner = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return db_fail(db, _("no such recognition (id %lld)"), (long long)recognition_id);
	if (rc != SQLITE_ROW)
		return db_fail_sql(db, _("reading a recognition"));
	if (owner != area_id)
		return db_fail(db, "%s", _("The recognition linked to the commendation is of another area"));
	return 0;
}

/* The recognition an award to the area itself rewards: the one of the decision's year or the
 * year before, not revoked, when there is exactly one. *id is 0 when none (or several). */
static int find_recognition(km_db *db, int64_t area_id, const char *decision_date, int64_t *id)
{
	*id = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM recognition WHERE area_id = ?1 "
				       "AND year IN (?2, ?2 - 1) AND revoked_on IS NULL "
				       "AND revoked_decision_no IS NULL ORDER BY year DESC LIMIT 2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, atoi(decision_date));
	int rc, rows = 0;
	int64_t first = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (rows++ == 0)
			first = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, _("reading the recognitions"));
	if (rows == 1)
		*id = first;
	return 0;
}

/* ---- writing ---- */

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds ?1 id and ?2..?13 the fields (the same numbering for the INSERT and the UPDATE), ?14 the
 * user, ?15 the time. */
static void bind_award(km_db *db, sqlite3_stmt *st, int64_t id, const award *a, const cleaned *c,
		       int64_t recognition_id, const char *now)
{
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, kinds[a->kind].key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->recipient, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, a->area_id);
	sqlite3_bind_text(st, 5, c->form, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 6, c->issuer);
	sqlite3_bind_text(st, 7, levels[a->level].key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->decision_no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, a->decision_date, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 10, c->reason);
	if (a->has_amount)
		sqlite3_bind_double(st, 11, a->amount == 0 ? 0 : a->amount);   /* no -0 */
	else
		sqlite3_bind_null(st, 11);
	bind_text_or_null(st, 12, c->note);
	if (recognition_id)
		sqlite3_bind_int64(st, 13, recognition_id);
	else
		sqlite3_bind_null(st, 13);
	sqlite3_bind_text(st, 14, db_user(db), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 15, now, -1, SQLITE_TRANSIENT);
}

static int write_award(km_db *db, int64_t *id, const award *a, const cleaned *c,
		       int64_t recognition_id)
{
	sqlite3_stmt *st;
	bool insert = a->id == 0;
	if (insert) {
		if (!(*id = db_new_id(db)))
			return -1;
		st = db_stmt(db, "INSERT INTO award(id, recipient_kind, recipient, area_id, form, issuer, "
				 "level, decision_no, decision_date, reason, amount, note, recognition_id, "
				 "created_by, created_at, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
				 "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?14, ?15)");
	} else {
		*id = a->id;
		st = db_stmt(db, "UPDATE award SET recipient_kind = ?2, recipient = ?3, area_id = ?4, "
				 "form = ?5, issuer = ?6, level = ?7, decision_no = ?8, decision_date = ?9, "
				 "reason = ?10, amount = ?11, note = ?12, recognition_id = ?13, "
				 "updated_by = ?14, updated_at = ?15 WHERE id = ?1");
	}
	if (!st)
		return -1;
	char now[32];
	db_now_iso(now, sizeof now);
	bind_award(db, st, *id, a, c, recognition_id, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("saving the commendation"));
}

/* Who may record or remove a commendation: a commune cadre their commune's own (level commune),
 * the district the others. An edit needs it for the stored one (id) too, a deletion (a NULL) for
 * the stored one alone. */
static permission award_permission(award_level level)
{
	return level == AWARD_COMMUNE ? PERM_APPRAISAL : PERM_DISTRICT;
}

static bool may_change(km_db *db, const award *a, int64_t id)
{
	if (a && !auth_check(db, award_permission(a->level), a->area_id))
		return false;
	if (!id)
		return true;
	award old;
	if (award_get(db, id, &old) < 0)
		return false;
	bool ok = auth_check(db, award_permission(old.level), old.area_id);
	award_free(&old);
	return ok;
}

/* Refuses to save over a change made by someone else since the record was read, showing both
 * versions. Inside the save's transaction. */
static int check_version(km_db *db, const award *mine)
{
	int64_t now = db_row_version(db, "award", mine->id);
	if (now < 0 || now == mine->version)
		return now < 0 ? -1 : 0;
	award theirs;
	if (award_get(db, mine->id, &theirs) < 0)
		return -1;
	char who[128] = "?", when[32] = "";
	sqlite3_stmt *st = db_stmt(db, "SELECT user, at FROM audit WHERE id = ?1");
	if (st) {
		sqlite3_bind_int64(st, 1, now);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(who, sizeof who, "%s", (const char *)sqlite3_column_text(st, 0));
			vn_format_timestamp((const char *)sqlite3_column_text(st, 1), when, sizeof when);
		}
		sqlite3_reset(st);
	}
	char a1[48] = "", a2[48] = "";
	if (theirs.has_amount)
		vn_format_money(theirs.amount, a1, sizeof a1);
	if (mine->has_amount)
		vn_format_money(mine->amount, a2, sizeof a2);
	int r = db_fail(db, _("%s changed this commendation at %s: now %s %s, %s %s. Yours: %s %s, %s %s. "
			      "Not saved: open it again to see the new version."),
			who, when, theirs.decision_no, theirs.form, theirs.recipient, a1,
			mine->decision_no, mine->form, mine->recipient, a2);
	award_free(&theirs);
	return r;
}

int award_save(km_db *db, award *a, int64_t *id)
{
	cleaned c;
	memset(&c, 0, sizeof c);
	if (check_fields(db, a, &c) < 0) {
		cleaned_free(&c);
		return -1;
	}
	if (db_begin(db) < 0) {
		cleaned_free(&c);
		return -1;
	}
	int64_t recognition_id = a->recognition_id, new_id = 0;
	int rc = a->id ? award_exists(db, a->id) : 0;
	/* In the transaction: the stored record's area is the one written over. */
	if (rc == 0 && !may_change(db, a, a->id))
		rc = -1;
	if (rc == 0 && a->id && a->version > 0)
		rc = check_version(db, a);
	if (rc == 0)
		rc = area_exists(db, a->area_id);
	if (rc == 0 && recognition_id)
		rc = check_recognition(db, recognition_id, a->area_id);
	else if (rc == 0 && a->kind == RECIPIENT_AREA)
		rc = find_recognition(db, a->area_id, a->decision_date, &recognition_id);
	if (rc == 0)
		rc = write_award(db, &new_id, a, &c, recognition_id);
	cleaned_free(&c);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	/* The caller's record now names what is stored: a second save edits it. */
	a->id = new_id;
	a->recognition_id = recognition_id;
	if (id)
		*id = new_id;
	return 0;
}

int award_delete(km_db *db, int64_t id)
{
	if (db_begin(db) < 0)
		return -1;
	int rc = award_exists(db, id);
	if (rc == 0 && !may_change(db, NULL, id))
		rc = -1;
	if (rc == 0) {
		sqlite3_stmt *st = db_stmt(db, "DELETE FROM award WHERE id = ?1");
		if (!st) {
			rc = -1;
		} else {
			sqlite3_bind_int64(st, 1, id);
			int s = sqlite3_step(st);
			sqlite3_reset(st);
			if (s != SQLITE_DONE)
				rc = db_fail_sql(db, _("deleting the commendation"));
		}
	}
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}
