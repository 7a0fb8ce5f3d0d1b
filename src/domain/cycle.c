#include "config.h"
/* The yearly recognition cycle: registration, dated steps, recognition, revocation, re-check, and
 * the history of an area's titles. Every action is one BEGIN IMMEDIATE transaction that reads the
 * current state, refuses what does not apply with a translated message, then writes. */
#include "domain/cycle.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/auth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

/* Longest texts accepted (bytes, after cleaning). */
#define MAX_DECISION 100
#define MAX_ISSUER 200
#define MAX_NOTE 2000

/* ---- keys and labels ---- */

static const char *const title_keys[TITLE_COUNT] = { "exemplary", "model" };
static const char *const title_labels[TITLE_COUNT] = {
	N_("exemplary residential area"), N_("model residential area"),
};
static const char *const step_keys[STEP_COUNT] = { "self_assessed", "appraised", "inspected" };
static const char *const step_labels[STEP_COUNT] = {
	N_("self-assessment done"), N_("commune appraisal done"), N_("district inspection done"),
};
static const char *const level_keys[RECOG_LEVEL_COUNT] = { "district", "province" };
static const char *const level_labels[RECOG_LEVEL_COUNT] = { N_("district level"), N_("province level") };
static const char *const recheck_keys[RECHECK_COUNT] = { "maintained", "improved", "not_maintained" };
static const char *const recheck_labels[RECHECK_COUNT] = {
	N_("maintained"), N_("improved"), N_("not maintained"),
};

static bool in_range(int v, int n)
{
	return v >= 0 && v < n;
}

/* key equals want, a '-' in key standing for a '_' ("self-assessed" = "self_assessed"). */
static bool key_is(const char *key, const char *want)
{
	for (; *key && *want; key++, want++)
		if (*key != *want && !(*key == '-' && *want == '_'))
			return false;
	return *key == *want;
}

static int find_key(const char *const *keys, int n, const char *key)
{
	if (!key)
		return -1;
	for (int i = 0; i < n; i++)
		if (key_is(key, keys[i]))
			return i;
	return -1;
}

const char *title_key(title_kind t) { return in_range((int)t, TITLE_COUNT) ? title_keys[t] : "?"; }
int title_from_key(const char *key) { return find_key(title_keys, TITLE_COUNT, key); }
const char *title_label(title_kind t)
{
	return in_range((int)t, TITLE_COUNT) ? _(title_labels[t]) : "?";
}

const char *step_key(cycle_step_kind s) { return in_range((int)s, STEP_COUNT) ? step_keys[s] : "?"; }
int step_from_key(const char *key) { return find_key(step_keys, STEP_COUNT, key); }
const char *step_label(cycle_step_kind s)
{
	return in_range((int)s, STEP_COUNT) ? _(step_labels[s]) : "?";
}

const char *recog_level_key(recog_level l)
{
	return in_range((int)l, RECOG_LEVEL_COUNT) ? level_keys[l] : "?";
}
int recog_level_from_key(const char *key) { return find_key(level_keys, RECOG_LEVEL_COUNT, key); }
const char *recog_level_label(recog_level l)
{
	return in_range((int)l, RECOG_LEVEL_COUNT) ? _(level_labels[l]) : "?";
}

const char *recheck_key(recheck_result r)
{
	return in_range((int)r, RECHECK_COUNT) ? recheck_keys[r] : "?";
}
int recheck_from_key(const char *key) { return find_key(recheck_keys, RECHECK_COUNT, key); }
const char *recheck_label(recheck_result r)
{
	return in_range((int)r, RECHECK_COUNT) ? _(recheck_labels[r]) : "?";
}

/* ---- helpers ---- */

static int col_key(sqlite3_stmt *st, int i, int (*from_key)(const char *))
{
	int k = from_key((const char *)sqlite3_column_text(st, i));
	return k < 0 ? 0 : k;
}

/* dd/mm/yyyy of an ISO date, for messages. */
static const char *show_date(const char *iso, char *buf, size_t cap)
{
	return vn_format_iso_date(iso ? iso : "", buf, cap);
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A strict yyyy-mm-dd naming a real day of 1900-2999. */
static bool iso_date_valid(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	if (!s || strlen(s) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

/* A date the user gives for something done or decided: a real day, not after today. */
static int check_date(km_db *db, const char *date)
{
	if (!iso_date_valid(date))
		return db_fail(db, _("Invalid date \"%s\": expected a real day as yyyy-mm-dd"),
			       date ? date : "");
	char today[16], a[16], b[16];
	vn_today_iso(today, sizeof today);
	if (strcmp(date, today) > 0)
		return db_fail(db, _("The date %s is after today (%s): a date cannot be in the future"),
			       show_date(date, a, sizeof a), show_date(today, b, sizeof b));
	return 0;
}

static int check_year(km_db *db, int year)
{
	if (year < 1900 || year > 2999)
		return db_fail(db, _("The year must be between 1900 and 2999"));
	return 0;
}

/* The area exists and is a village or residential group; the year is valid. */
static int check_area(km_db *db, int64_t area_id, int year)
{
	if (check_year(db, year) < 0)
		return -1;
	area a;
	if (area_get(db, area_id, &a) < 0)
		return -1;
	bool ok = area_kind_assessable(a.kind);
	area_free(&a);
	if (!ok)
		return db_fail(db, _("The recognition cycle is for villages and residential groups only"));
	return 0;
}

/* A cleaned text (NULL if empty), refused if longer than max bytes. *out is NULL on failure. */
static int clean_text(km_db *db, const char *text, size_t max, const char *what, char **out)
{
	*out = NULL;
	if (!text)
		return 0;
	char *c = text_sanitize(text);
	if (!*c) {
		free(c);
		return 0;
	}
	if (strlen(c) > max) {
		free(c);
		return db_fail(db, _("%s is longer than %zu bytes"), what, max);
	}
	*out = c;
	return 0;
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Runs a write statement to its end. */
static int step_done(km_db *db, sqlite3_stmt *st, const char *context)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, context);
}

/* Ends the transaction: commits if rc is 0, else rolls back (the message stays). */
static int finish(km_db *db, int rc)
{
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* ---- loading ---- */

static void recognition_free(recognition_info *r)
{
	free(r->decision_no);
	free(r->decision_date);
	free(r->issuer);
	free(r->revoked_decision_no);
	free(r->revoked_on);
	free(r->revoke_reason);
	memset(r, 0, sizeof *r);
}

void cycle_free(cycle *c)
{
	free(c->registered_on);
	free(c->registration_note);
	for (int s = 0; s < STEP_COUNT; s++) {
		free(c->steps[s].done_on);
		free(c->steps[s].done_by);
		free(c->steps[s].note);
	}
	recognition_free(&c->recognition);
	free(c->recheck_on);
	free(c->recheck_note);
	memset(c, 0, sizeof *c);
}

static int load_registration(km_db *db, cycle *c)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT title, registered_on, note FROM registration WHERE area_id = ?1 AND year = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->area_id);
	sqlite3_bind_int(st, 2, c->year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->registered = true;
		c->title = (title_kind)col_key(st, 0, title_from_key);
		c->registered_on = db_column_dup(st, 1);
		c->registration_note = db_column_dup(st, 2);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the registration"));
}

static int load_steps(km_db *db, cycle *c)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT step, done_on, done_by, note FROM cycle_step WHERE area_id = ?1 AND year = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->area_id);
	sqlite3_bind_int(st, 2, c->year);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int s = step_from_key((const char *)sqlite3_column_text(st, 0));
		if (s < 0 || c->steps[s].done)
			continue;
		c->steps[s].done = true;
		c->steps[s].done_on = db_column_dup(st, 1);
		c->steps[s].done_by = db_column_dup(st, 2);
		c->steps[s].note = db_column_dup(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the steps of the cycle"));
}

/* The year's recognition: the one standing if there is one, else the latest revoked. */
static int load_recognition(km_db *db, int64_t area_id, int year, recognition_info *r)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT id, title, level, decision_no, decision_date, issuer, revoked_decision_no, "
		"revoked_on, revoke_reason FROM recognition WHERE area_id = ?1 AND year = ?2 "
		"ORDER BY revoked_on IS NULL DESC, decision_date DESC, id DESC LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		r->title = (title_kind)col_key(st, 1, title_from_key);
		r->level = (recog_level)col_key(st, 2, recog_level_from_key);
		r->decision_no = db_column_dup(st, 3);
		r->decision_date = db_column_dup(st, 4);
		r->issuer = db_column_dup(st, 5);
		r->revoked_decision_no = db_column_dup(st, 6);
		r->revoked_on = db_column_dup(st, 7);
		r->revoke_reason = db_column_dup(st, 8);
		r->revoked = r->revoked_on != NULL;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the recognition"));
}

static int load_recheck(km_db *db, cycle *c)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT result, checked_on, note FROM recheck WHERE area_id = ?1 AND year = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->area_id);
	sqlite3_bind_int(st, 2, c->year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->recheck_done = true;
		c->recheck = (recheck_result)col_key(st, 0, recheck_from_key);
		c->recheck_on = db_column_dup(st, 1);
		c->recheck_note = db_column_dup(st, 2);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the re-check"));
}

static int load_awards(km_db *db, cycle *c)
{
	if (!c->recognition.id)
		return 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM award WHERE recognition_id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->recognition.id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->awards = sqlite3_column_int(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the commendations"));
}

int cycle_load(km_db *db, int64_t area_id, int year, cycle *out)
{
	memset(out, 0, sizeof *out);
	out->area_id = area_id;
	out->year = year;
	if (check_year(db, year) < 0)
		return -1;
	if (load_registration(db, out) < 0 || load_steps(db, out) < 0 ||
	    load_recognition(db, area_id, year, &out->recognition) < 0 || load_recheck(db, out) < 0 ||
	    load_awards(db, out) < 0) {
		cycle_free(out);
		return -1;
	}
	return 0;
}

/* Refuses changes to the registration and steps once the year's recognition is recorded. */
enum frozen { FROZEN_REGISTRATION, FROZEN_CANCEL, FROZEN_STEPS };

static int refuse_if_recognised(km_db *db, const cycle *c, enum frozen what)
{
	if (!c->recognition.id)
		return 0;
	char d[16];
	const char *no = c->recognition.decision_no ? c->recognition.decision_no : "";
	show_date(c->recognition.decision_date, d, sizeof d);
	if (what == FROZEN_REGISTRATION)
		return db_fail(db, _("The area is recognised for %d (decision %s of %s): its registration "
				     "can no longer change"), c->year, no, d);
	if (what == FROZEN_CANCEL)
		return db_fail(db, _("The area is recognised for %d (decision %s of %s): its registration "
				     "cannot be cancelled"), c->year, no, d);
	return db_fail(db, _("The area is recognised for %d (decision %s of %s): its steps can no "
			     "longer change"), c->year, no, d);
}

/* ---- registration ---- */

int cycle_register(km_db *db, int64_t area_id, int year, title_kind title, const char *date,
		   const char *note)
{
	if (check_area(db, area_id, year) < 0)
		return -1;
	if (!auth_check(db, PERM_VILLAGE_DATA, area_id))
		return -1;
	if (!in_range((int)title, TITLE_COUNT))
		return db_fail(db, _("Unknown title"));
	if (check_date(db, date) < 0)
		return -1;
	char *clean;
	if (clean_text(db, note, MAX_NOTE, _("The note"), &clean) < 0)
		return -1;
	if (db_begin(db) < 0) {
		free(clean);
		return -1;
	}
	cycle c;
	int rc = cycle_load(db, area_id, year, &c);
	if (rc < 0) {
		free(clean);
		return finish(db, -1);
	}
	rc = refuse_if_recognised(db, &c, FROZEN_REGISTRATION);
	for (int s = 0; s < STEP_COUNT && rc == 0; s++) {
		if (c.steps[s].done && strcmp(date, c.steps[s].done_on) > 0) {
			char a[16], b[16];
			rc = db_fail(db, _("The registration date %s is after \"%s\" (%s)"),
				     show_date(date, a, sizeof a), step_label((cycle_step_kind)s),
				     show_date(c.steps[s].done_on, b, sizeof b));
		}
	}
	sqlite3_stmt *st = rc == 0 ? db_stmt(db,
		"INSERT INTO registration(area_id, year, title, registered_on, note, origin, recorded_by, "
		"recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, 'user', ?6, ?7) "
		"ON CONFLICT(area_id, year) DO UPDATE SET title = excluded.title, "
		"registered_on = excluded.registered_on, note = excluded.note, origin = 'user', "
		"recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at") : NULL;
	if (rc == 0 && !st)
		rc = -1;
	if (rc == 0) {
		char now[32];
		db_now_iso(now, sizeof now);
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int(st, 2, year);
		sqlite3_bind_text(st, 3, title_key(title), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
		bind_opt_text(st, 5, clean);
		sqlite3_bind_text(st, 6, db_user(db), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		rc = step_done(db, st, _("saving the registration"));
	}
	cycle_free(&c);
	free(clean);
	return finish(db, rc);
}

int cycle_unregister(km_db *db, int64_t area_id, int year)
{
	if (check_area(db, area_id, year) < 0)
		return -1;
	if (!auth_check(db, PERM_VILLAGE_DATA, area_id))
		return -1;
	if (db_begin(db) < 0)
		return -1;
	cycle c;
	if (cycle_load(db, area_id, year, &c) < 0)
		return finish(db, -1);
	int rc = 0;
	if (!c.registered)
		rc = db_fail(db, _("The area is not registered for %d"), year);
	if (rc == 0)
		rc = refuse_if_recognised(db, &c, FROZEN_CANCEL);
	for (int s = STEP_COUNT - 1; s >= 0 && rc == 0; s--)
		if (c.steps[s].done)
			rc = db_fail(db, _("\"%s\" is recorded for %d: undo the steps first"),
				     step_label((cycle_step_kind)s), year);
	sqlite3_stmt *st = rc == 0 ? db_stmt(db,
		"DELETE FROM registration WHERE area_id = ?1 AND year = ?2") : NULL;
	if (rc == 0 && !st)
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int(st, 2, year);
		rc = step_done(db, st, _("cancelling the registration"));
	}
	cycle_free(&c);
	return finish(db, rc);
}

/* ---- steps ---- */

/* Who records a step: the village its self-assessment, the commune the appraisal, the district
 * the inspection. */
static permission step_permission(cycle_step_kind step)
{
	if (step == STEP_SELF_ASSESSED)
		return PERM_VILLAGE_DATA;
	return step == STEP_APPRAISED ? PERM_APPRAISAL : PERM_DISTRICT;
}

int cycle_step_done(km_db *db, int64_t area_id, int year, cycle_step_kind step, const char *date,
		    const char *note)
{
	if (check_area(db, area_id, year) < 0)
		return -1;
	if (!in_range((int)step, STEP_COUNT))
		return db_fail(db, _("Unknown step"));
	if (!auth_check(db, step_permission(step), area_id))
		return -1;
	if (check_date(db, date) < 0)
		return -1;
	char *clean;
	if (clean_text(db, note, MAX_NOTE, _("The note"), &clean) < 0)
		return -1;
	if (db_begin(db) < 0) {
		free(clean);
		return -1;
	}
	cycle c;
	if (cycle_load(db, area_id, year, &c) < 0) {
		free(clean);
		return finish(db, -1);
	}
	char a[16], b[16];
	int rc = 0;
	if (!c.registered)
		rc = db_fail(db, _("The area is not registered for %d: register it first"), year);
	if (rc == 0)
		rc = refuse_if_recognised(db, &c, FROZEN_STEPS);
	if (rc == 0 && step > 0 && !c.steps[step - 1].done)
		rc = db_fail(db, _("The steps go in order: \"%s\" must be recorded before \"%s\""),
			     step_label((cycle_step_kind)(step - 1)), step_label(step));
	if (rc == 0 && strcmp(date, c.registered_on) < 0)
		rc = db_fail(db, _("The date %s is before the registration (%s)"),
			     show_date(date, a, sizeof a), show_date(c.registered_on, b, sizeof b));
	for (int s = 0; s < STEP_COUNT && rc == 0; s++) {
		if (s == (int)step || !c.steps[s].done)
			continue;
		if (s < (int)step && strcmp(date, c.steps[s].done_on) < 0)
			rc = db_fail(db, _("The date %s is before \"%s\" (%s)"), show_date(date, a, sizeof a),
				     step_label((cycle_step_kind)s), show_date(c.steps[s].done_on, b, sizeof b));
		else if (s > (int)step && strcmp(date, c.steps[s].done_on) > 0)
			rc = db_fail(db, _("The date %s is after \"%s\" (%s)"), show_date(date, a, sizeof a),
				     step_label((cycle_step_kind)s), show_date(c.steps[s].done_on, b, sizeof b));
	}
	sqlite3_stmt *st = rc == 0 ? db_stmt(db,
		"INSERT INTO cycle_step(area_id, year, step, done_on, done_by, note, origin, recorded_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'user', ?7) "
		"ON CONFLICT(area_id, year, step) DO UPDATE SET done_on = excluded.done_on, "
		"done_by = excluded.done_by, note = excluded.note, origin = 'user', "
		"recorded_at = excluded.recorded_at") : NULL;
	if (rc == 0 && !st)
		rc = -1;
	if (rc == 0) {
		char now[32];
		db_now_iso(now, sizeof now);
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int(st, 2, year);
		sqlite3_bind_text(st, 3, step_key(step), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, db_user(db), -1, SQLITE_STATIC);
		bind_opt_text(st, 6, clean);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		rc = step_done(db, st, _("saving the step"));
	}
	cycle_free(&c);
	free(clean);
	return finish(db, rc);
}

int cycle_step_undo(km_db *db, int64_t area_id, int year, cycle_step_kind step)
{
	if (check_area(db, area_id, year) < 0)
		return -1;
	if (!in_range((int)step, STEP_COUNT))
		return db_fail(db, _("Unknown step"));
	if (!auth_check(db, step_permission(step), area_id))
		return -1;
	if (db_begin(db) < 0)
		return -1;
	cycle c;
	if (cycle_load(db, area_id, year, &c) < 0)
		return finish(db, -1);
	int rc = 0;
	if (!c.steps[step].done)
		rc = db_fail(db, _("\"%s\" is not recorded for %d"), step_label(step), year);
	if (rc == 0)
		rc = refuse_if_recognised(db, &c, FROZEN_STEPS);
	for (int s = STEP_COUNT - 1; s > (int)step && rc == 0; s--)
		if (c.steps[s].done)
			rc = db_fail(db, _("\"%s\" is recorded: undo it before \"%s\""),
				     step_label((cycle_step_kind)s), step_label(step));
	sqlite3_stmt *st = rc == 0 ? db_stmt(db,
		"DELETE FROM cycle_step WHERE area_id = ?1 AND year = ?2 AND step = ?3") : NULL;
	if (rc == 0 && !st)
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int(st, 2, year);
		sqlite3_bind_text(st, 3, step_key(step), -1, SQLITE_STATIC);
		rc = step_done(db, st, _("undoing the step"));
	}
	cycle_free(&c);
	return finish(db, rc);
}

/* ---- eligibility and recognition ---- */

static int is_registered(km_db *db, int64_t area_id, int year, bool *yes)
{
	*yes = false;
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM registration WHERE area_id = ?1 AND year = ?2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*yes = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("reading the registration"));
}

int cycle_missing(km_db *db, int64_t area_id, int year, strbuf *missing)
{
	sb_clear(missing);
	if (check_area(db, area_id, year) < 0)
		return -1;
	bool registered;
	if (is_registered(db, area_id, year, &registered) < 0)
		return -1;
	if (!registered) {
		sb_printf(missing, _("not registered for %d"), year);
		sb_addc(missing, '\n');
	}
	checklist cl;
	if (checklist_load(db, area_id, year, &cl) < 0)
		return -1;
	if (!cl.has_set) {
		sb_printf(missing, _("no criteria set applies to %d"), year);
		sb_addc(missing, '\n');
	} else if (cl.n == 0) {
		sb_printf(missing, _("the criteria set of %d has no criteria"), year);
		sb_addc(missing, '\n');
	}
	for (size_t i = 0; i < cl.n; i++) {
		const checklist_item *it = &cl.items[i];
		if (!it->crit->required)
			continue;
		const judgement *j = &it->j[STAGE_APPRAISAL];
		const char *code = it->crit->code, *name = it->crit->name;
		if (!j->assessed)
			sb_printf(missing, _("%s %s: not assessed at appraisal"), code, name);
		else if (!j->met)
			sb_printf(missing, _("%s %s: not met at appraisal"), code, name);
		else if (!(j->evidence && *j->evidence))
			sb_printf(missing, _("%s %s: no evidence at appraisal"), code, name);
		else
			continue;
		sb_addc(missing, '\n');
	}
	checklist_free(&cl);
	return 0;
}

int cycle_recognise(km_db *db, int64_t area_id, int year, recog_level level, const char *decision_no,
		    const char *decision_date, const char *issuer, int64_t *id)
{
	if (id)
		*id = 0;
	if (check_area(db, area_id, year) < 0)
		return -1;
	if (!auth_check(db, PERM_DISTRICT, area_id))
		return -1;
	if (!in_range((int)level, RECOG_LEVEL_COUNT))
		return db_fail(db, _("Unknown level of recognition"));
	char *dec = NULL, *body = NULL;
	if (clean_text(db, decision_no, MAX_DECISION, _("The decision number"), &dec) < 0)
		return -1;
	if (!dec)
		return db_fail(db, _("The decision number is required"));
	if (check_date(db, decision_date) < 0 ||
	    clean_text(db, issuer, MAX_ISSUER, _("The issuing body"), &body) < 0) {
		free(dec);
		return -1;
	}
	if (db_begin(db) < 0) {
		free(dec);
		free(body);
		return -1;
	}
	cycle c;
	if (cycle_load(db, area_id, year, &c) < 0) {
		free(dec);
		free(body);
		return finish(db, -1);
	}
	char a[16], b[16];
	int rc = 0;
	const recognition_info *r = &c.recognition;
	if (r->id && !r->revoked)
		rc = db_fail(db, _("Already recognised for %d as %s (decision %s of %s)"), year,
			     title_label(r->title), r->decision_no, show_date(r->decision_date, a, sizeof a));
	strbuf miss;
	sb_init(&miss);
	if (rc == 0)
		rc = cycle_missing(db, area_id, year, &miss);
	if (rc == 0 && miss.len) {
		while (miss.len && miss.s[miss.len - 1] == '\n')
			miss.s[--miss.len] = '\0';
		rc = db_fail(db, "%s\n%s", _("Cannot recognise:"), miss.s);
	}
	sb_free(&miss);
	if (rc == 0 && r->id && r->revoked && r->title == c.title)
		rc = db_fail(db, _("The recognition of %d as %s was revoked (decision %s of %s): "
				   "it cannot be recognised again for that year"), year, title_label(r->title),
			     r->revoked_decision_no ? r->revoked_decision_no : "",
			     show_date(r->revoked_on, a, sizeof a));
	if (rc == 0 && c.registered_on && strcmp(decision_date, c.registered_on) < 0)
		rc = db_fail(db, _("The decision date %s is before the registration (%s)"),
			     show_date(decision_date, a, sizeof a), show_date(c.registered_on, b, sizeof b));
	int64_t new_id = 0;
	if (rc == 0 && !(new_id = db_new_id(db)))
		rc = -1;
	sqlite3_stmt *st = rc == 0 ? db_stmt(db,
		"INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date, "
		"issuer, origin, recorded_by, recorded_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'user', ?9, ?10)") : NULL;
	if (rc == 0 && !st)
		rc = -1;
	if (rc == 0) {
		char now[32];
		db_now_iso(now, sizeof now);
		sqlite3_bind_int64(st, 1, new_id);
		sqlite3_bind_int64(st, 2, area_id);
		sqlite3_bind_int(st, 3, year);
		sqlite3_bind_text(st, 4, title_key(c.title), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, recog_level_key(level), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, dec, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, decision_date, -1, SQLITE_STATIC);
		bind_opt_text(st, 8, body);
		sqlite3_bind_text(st, 9, db_user(db), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, now, -1, SQLITE_STATIC);
		rc = step_done(db, st, _("saving the recognition"));
	}
	cycle_free(&c);
	free(dec);
	free(body);
	if (finish(db, rc) < 0)
		return -1;
	if (id)
		*id = new_id;
	return 0;
}

int cycle_revoke(km_db *db, int64_t area_id, int year, const char *decision_no, const char *date,
		 const char *reason)
{
	if (check_area(db, area_id, year) < 0)
		return -1;
	if (!auth_check(db, PERM_DISTRICT, area_id))
		return -1;
	char *dec = NULL, *why = NULL;
	if (clean_text(db, decision_no, MAX_DECISION, _("The decision number"), &dec) < 0)
		return -1;
	if (!dec)
		return db_fail(db, _("The decision number is required"));
	if (clean_text(db, reason, MAX_NOTE, _("The reason"), &why) < 0) {
		free(dec);
		return -1;
	}
	if (!why) {
		free(dec);
		return db_fail(db, _("The reason of the revocation is required"));
	}
	if (check_date(db, date) < 0 || db_begin(db) < 0) {
		free(dec);
		free(why);
		return -1;
	}
	recognition_info r = { 0 };
	char a[16], b[16];
	int rc = load_recognition(db, area_id, year, &r);
	if (rc == 0 && !r.id)
		rc = db_fail(db, _("The area has no recognition of %d to revoke"), year);
	else if (rc == 0 && r.revoked)
		rc = db_fail(db, _("The recognition of %d is already revoked (decision %s of %s)"), year,
			     r.revoked_decision_no ? r.revoked_decision_no : "",
			     show_date(r.revoked_on, a, sizeof a));
	if (rc == 0 && r.decision_date && strcmp(date, r.decision_date) < 0)
		rc = db_fail(db, _("The revocation date %s is before the recognition (%s)"),
			     show_date(date, a, sizeof a), show_date(r.decision_date, b, sizeof b));
	sqlite3_stmt *st = rc == 0 ? db_stmt(db,
		"UPDATE recognition SET revoked_decision_no = ?2, revoked_on = ?3, revoke_reason = ?4 "
		"WHERE id = ?1") : NULL;
	if (rc == 0 && !st)
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, r.id);
		sqlite3_bind_text(st, 2, dec, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, why, -1, SQLITE_STATIC);
		rc = step_done(db, st, _("saving the revocation"));
	}
	recognition_free(&r);
	free(dec);
	free(why);
	return finish(db, rc);
}

/* ---- re-check ---- */

int cycle_recheck(km_db *db, int64_t area_id, int year, recheck_result result, const char *date,
		  const char *note)
{
	if (check_area(db, area_id, year) < 0)
		return -1;
	if (!auth_check(db, PERM_DISTRICT, area_id))
		return -1;
	if (!in_range((int)result, RECHECK_COUNT))
		return db_fail(db, _("Unknown result of a re-check"));
	if (check_date(db, date) < 0)
		return -1;
	char *clean;
	if (clean_text(db, note, MAX_NOTE, _("The note"), &clean) < 0)
		return -1;
	if (db_begin(db) < 0) {
		free(clean);
		return -1;
	}
	/* The title being checked: the latest earlier recognition still standing. */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT decision_date FROM recognition WHERE area_id = ?1 AND year < ?2 "
		"AND revoked_on IS NULL ORDER BY year DESC, decision_date DESC LIMIT 1");
	int rc = st ? 0 : -1;
	char *recognised_on = NULL;
	bool found = false;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int(st, 2, year);
		int s = sqlite3_step(st);
		if (s == SQLITE_ROW) {
			found = true;
			recognised_on = db_column_dup(st, 0);
			s = SQLITE_DONE;
		}
		sqlite3_reset(st);
		if (s != SQLITE_DONE)
			rc = db_fail_sql(db, _("reading the recognition"));
	}
	char a[16], b[16];
	if (rc == 0 && !found)
		rc = db_fail(db, _("A re-check in %d needs a recognition of an earlier year that was not "
				   "revoked"), year);
	if (rc == 0 && recognised_on && strcmp(date, recognised_on) < 0)
		rc = db_fail(db, _("The date %s is before the recognition it checks (%s)"),
			     show_date(date, a, sizeof a), show_date(recognised_on, b, sizeof b));
	st = rc == 0 ? db_stmt(db,
		"INSERT INTO recheck(area_id, year, result, checked_on, note, origin, recorded_by, "
		"recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, 'user', ?6, ?7) "
		"ON CONFLICT(area_id, year) DO UPDATE SET result = excluded.result, "
		"checked_on = excluded.checked_on, note = excluded.note, origin = 'user', "
		"recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at") : NULL;
	if (rc == 0 && !st)
		rc = -1;
	if (rc == 0) {
		char now[32];
		db_now_iso(now, sizeof now);
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int(st, 2, year);
		sqlite3_bind_text(st, 3, recheck_key(result), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
		bind_opt_text(st, 5, clean);
		sqlite3_bind_text(st, 6, db_user(db), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		rc = step_done(db, st, _("saving the re-check"));
	}
	free(recognised_on);
	free(clean);
	return finish(db, rc);
}

/* ---- history ---- */

static char *event_text(sqlite3_stmt *st, int kind, int year, const char *date)
{
	const char *k = (const char *)sqlite3_column_text(st, 3);
	const char *level = (const char *)sqlite3_column_text(st, 4);
	const char *decision = (const char *)sqlite3_column_text(st, 5);
	const char *issuer = (const char *)sqlite3_column_text(st, 6);
	const char *extra = (const char *)sqlite3_column_text(st, 7);
	char d[16];
	show_date(date, d, sizeof d);
	strbuf b;
	sb_init(&b);
	switch (kind) {
	case EV_REGISTERED: {
		int t = title_from_key(k);
		sb_printf(&b, _("%d: registered for the title of %s on %s"), year,
			  t < 0 ? (k ? k : "?") : title_label((title_kind)t), d);
		break;
	}
	case EV_RECOGNISED: {
		int t = title_from_key(k), l = recog_level_from_key(level);
		const char *tl = t < 0 ? (k ? k : "?") : title_label((title_kind)t);
		const char *ll = l < 0 ? (level ? level : "?") : recog_level_label((recog_level)l);
		if (issuer && *issuer)
			sb_printf(&b, _("%d: recognised as %s, %s, decision %s of %s by %s"), year, tl, ll,
				  decision ? decision : "", d, issuer);
		else
			sb_printf(&b, _("%d: recognised as %s, %s, decision %s of %s"), year, tl, ll,
				  decision ? decision : "", d);
		break;
	}
	case EV_REVOKED:
		sb_printf(&b, _("%d: recognition revoked, decision %s of %s: %s"), year,
			  decision ? decision : "", d, extra ? extra : "");
		break;
	default: {
		int r = recheck_from_key(k);
		const char *rl = r < 0 ? (k ? k : "?") : recheck_label((recheck_result)r);
		if (extra && *extra)
			sb_printf(&b, _("%d: re-check of the title: %s, on %s (%s)"), year, rl, d, extra);
		else
			sb_printf(&b, _("%d: re-check of the title: %s, on %s"), year, rl, d);
		break;
	}
	}
	return sb_take(&b);
}

int cycle_title_history(km_db *db, int64_t area_id, title_event **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* Columns: year, date, kind, key (title or result), level, decision, issuer, reason or note. */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT year, registered_on, 0, title, NULL, NULL, NULL, NULL "
		"  FROM registration WHERE area_id = ?1 "
		"UNION ALL SELECT year, decision_date, 1, title, level, decision_no, issuer, NULL "
		"  FROM recognition WHERE area_id = ?1 "
		"UNION ALL SELECT year, revoked_on, 2, NULL, NULL, revoked_decision_no, NULL, revoke_reason "
		"  FROM recognition WHERE area_id = ?1 AND revoked_on IS NOT NULL "
		"UNION ALL SELECT year, checked_on, 3, result, NULL, NULL, NULL, note "
		"  FROM recheck WHERE area_id = ?1 "
		"ORDER BY 1, 2, 3");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	size_t cap = 0;
	title_event *list = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			list = xrealloc(list, cap * sizeof *list);
		}
		title_event *e = &list[(*n)++];
		memset(e, 0, sizeof *e);
		e->year = sqlite3_column_int(st, 0);
		e->date = db_column_dup(st, 1);
		if (!e->date)
			e->date = xstrdup("");
		int kind = sqlite3_column_int(st, 2);
		e->kind = kind == 0 ? EV_REGISTERED : kind == 1 ? EV_RECOGNISED : kind == 2 ? EV_REVOKED
			: EV_RECHECKED;
		e->text = event_text(st, (int)e->kind, e->year, e->date);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		title_events_free(list, *n);
		*n = 0;
		return db_fail_sql(db, _("reading the history of titles"));
	}
	*out = list;
	return 0;
}

void title_events_free(title_event *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].date);
		free(list[i].text);
	}
	free(list);
}
