#include "config.h"
/* Backup with the online backup API, and the checks of `kieumau check`. */
#include "storage/maintenance.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "domain/area.h"
#include "storage/migrations.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

/* ---- backup ---- */

/* Pages copied per step, and the pause between steps (ms). */
#define BACKUP_STEP_PAGES 256
#define BACKUP_PAUSE_MS 5
/* How long a step may keep finding the source busy (ms) before the backup gives up. */
#define BACKUP_BUSY_MS 10000

static const char *const journal_suffixes[] = { "-journal", "-wal", "-shm" };

static bool path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Removes a copy that failed, with the journals SQLite may have left beside it. */
static void remove_copy(const char *path)
{
	unlink(path);
	for (size_t i = 0; i < sizeof journal_suffixes / sizeof *journal_suffixes; i++) {
		strbuf j;
		sb_init(&j);
		sb_printf(&j, "%s%s", path, journal_suffixes[i]);
		unlink(j.s);
		sb_free(&j);
	}
}

/* PRAGMA integrity_check on an open connection: "ok", or the problems, one a line (malloc'd). */
static char *integrity_of(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	strbuf b;
	sb_init(&b);
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		sb_add(&b, sqlite3_errmsg(h));
		return sb_take(&b);
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (b.len)
			sb_addc(&b, '\n');
		sb_add(&b, (const char *)sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_DONE) {
		if (b.len)
			sb_addc(&b, '\n');
		sb_add(&b, sqlite3_errmsg(h));
	}
	sqlite3_finalize(st);
	return sb_take(&b);
}

static int64_t pragma_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The copy itself: from src (inside the read transaction the caller holds) into the new file.
 * *pages gets the page count. */
static int copy_pages(km_db *db, sqlite3 *dst, int *pages)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", db_handle(db), "main");
	if (!bk)
		return db_fail(db, _("cannot start the backup: %s"), sqlite3_errmsg(dst));
	int rc, busy_ms = 0;
	for (;;) {
		rc = sqlite3_backup_step(bk, BACKUP_STEP_PAGES);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK) {
			busy_ms = 0;
		} else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
			busy_ms += BACKUP_PAUSE_MS * 10;
			if (busy_ms > BACKUP_BUSY_MS)
				break;
			sqlite3_sleep(BACKUP_PAUSE_MS * 10);
			continue;
		} else {
			break;
		}
		/* Leaves the disk to the other sessions for a moment. */
		sqlite3_sleep(BACKUP_PAUSE_MS);
	}
	*pages = sqlite3_backup_pagecount(bk);
	int frc = sqlite3_backup_finish(bk);
	if (rc == SQLITE_DONE && frc == SQLITE_OK)
		return 0;
	int code = rc == SQLITE_DONE ? frc : rc;
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return db_fail(db, "%s", _("the backup failed: the database stayed busy; try again"));
	/* The copy's own failure (a full disk) when it has one, else the source's. */
	sqlite3 *h = sqlite3_errcode(dst) != SQLITE_OK ? dst : db_handle(db);
	strbuf why;
	sb_init(&why);
	db_describe(&why, code, sqlite3_system_errno(h), sqlite3_errstr(code));
	db_fail(db, _("the backup failed: %s"), why.s);
	sb_free(&why);
	return -1;
}

int db_backup_to(km_db *db, const char *path, strbuf *report)
{
	sqlite3 *src = db_handle(db);
	if (!sqlite3_get_autocommit(src))
		return db_fail(db, "%s", _("a backup cannot be made inside a transaction"));
	if (path_exists(path))
		return db_fail(db, _("%s already exists: give the name of a new file"), path);
	for (size_t i = 0; i < sizeof journal_suffixes / sizeof *journal_suffixes; i++) {
		strbuf j;
		sb_init(&j);
		sb_printf(&j, "%s%s", path, journal_suffixes[i]);
		bool there = path_exists(j.s);
		if (there)
			db_fail(db, _("%s already exists: give the name of a new file"), j.s);
		sb_free(&j);
		if (there)
			return -1;
	}
	/* Claimed atomically (two backups to one name: the second is refused), owner only. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return db_fail(db, _("%s already exists: give the name of a new file"), path);
		return db_fail(db, _("cannot create %s: %s"), path, strerror(errno));
	}
	close(fd);

	sqlite3 *dst = NULL;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		db_fail(db, _("cannot open %s: %s"), path, dst ? sqlite3_errmsg(dst) : "?");
		sqlite3_close(dst);
		remove_copy(path);
		return -1;
	}
	/* One read transaction over the whole copy: every step reads the same snapshot, so the
	 * backup never restarts however much the others write meanwhile (in WAL mode a reader does
	 * not hold up writers; only the checkpoint waits for the copy to end). Without it each step
	 * would read the newest data, and SQLite would restart the copy from page 1 after every
	 * commit of another session, possibly for ever on a busy server. */
	int rc = 0, pages = 0;
	sqlite3_stmt *st = NULL;
	if (sqlite3_exec(src, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_fail_sql(db, _("cannot start the backup"));
	if (rc == 0 && (!(st = db_stmt(db, "SELECT count(*) FROM sqlite_schema")) ||
			sqlite3_step(st) != SQLITE_ROW))
		rc = db_fail_sql(db, _("cannot start the backup"));
	if (st)
		sqlite3_reset(st);
	if (rc == 0)
		rc = copy_pages(db, dst, &pages);
	db_rollback(db);   /* ends the read transaction: nothing was written */

	/* The copy is one self-contained file (the source is in WAL mode; the copy says so too). */
	if (rc == 0 && sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		strbuf why;
		sb_init(&why);
		db_describe(&why, sqlite3_extended_errcode(dst), sqlite3_system_errno(dst), sqlite3_errmsg(dst));
		rc = db_fail(db, _("the backup failed: %s"), why.s);
		sb_free(&why);
	}
	int64_t page_size = rc == 0 ? pragma_int(dst, "PRAGMA page_size") : 0;
	sqlite3_close(dst);
	if (rc < 0) {
		remove_copy(path);
		return -1;
	}

	/* The copy, opened anew as a later restore would, must pass the integrity check. */
	dst = NULL;
	char *integrity = NULL;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		rc = db_fail(db, _("cannot open the copy %s: %s"), path, dst ? sqlite3_errmsg(dst) : "?");
	else
		integrity = integrity_of(dst);
	sqlite3_close(dst);
	if (rc == 0 && strcmp(integrity, "ok") != 0)
		rc = db_fail(db, _("the copy %s failed the integrity check, it was removed:\n%s"), path,
			     integrity);
	free(integrity);
	struct stat sst;
	if (rc == 0 && stat(path, &sst) < 0)
		rc = db_fail(db, _("cannot read %s: %s"), path, strerror(errno));
	if (rc < 0) {
		remove_copy(path);
		return -1;
	}
	char size[32], npages[32], psize[32];
	vn_format_number((double)sst.st_size, 0, size, sizeof size);
	vn_format_number(pages, 0, npages, sizeof npages);
	vn_format_number((double)page_size, 0, psize, sizeof psize);
	sb_printf(report, _("Backup written to %s: %s bytes, %s pages of %s bytes.\n"), path, size, npages,
		  psize);
	sb_printf(report, "%s\n", _("Integrity check of the copy: ok."));
	return 0;
}

/* ---- checks ---- */

/* The tables the audit triggers of schema v6 watch (as in storage/migrations.c). */
#define AUDITED(X) \
	X(area) X(criteria_set) X(year_criteria_set) X(assessment) X(area_fact) X(criterion_org) \
	X(registration) X(cycle_step) X(recognition) X(recheck) X(award) X(resource_entry) X(target) \
	X(app_user)
#define AUDITED_NAME(t) #t,
#define AUDITED_COUNT(t) " + (SELECT count(*) FROM " #t ")"
static const char *const audited[] = { AUDITED(AUDITED_NAME) };

typedef struct checks {
	check_result *v;
	size_t n, cap;
	km_db *db;
} checks;

/* A new check, OK until problems are added; found is the level it gets if there are any. */
static check_result *begin_check(checks *c, const char *key, const char *title)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	check_result *r = &c->v[c->n++];
	memset(r, 0, sizeof *r);
	r->key = key;
	r->title = title;
	return r;
}

static void problem(check_result *r, check_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void problem(check_result *r, check_level level, const char *fmt, ...)
{
	r->count++;
	if (level > r->level)
		r->level = level;
	if (r->nlines >= CHECK_MAX_LINES)
		return;
	strbuf b;
	sb_init(&b);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	r->lines = xrealloc(r->lines, (r->nlines + 1) * sizeof *r->lines);
	r->lines[r->nlines++] = sb_take(&b);
}

/* The check could not run: its SQL failed (a damaged file, a missing table). */
static void check_failed(checks *c, check_result *r)
{
	sqlite3 *h = db_handle(c->db);
	strbuf why;
	sb_init(&why);
	db_describe(&why, sqlite3_extended_errcode(h), sqlite3_system_errno(h), sqlite3_errmsg(h));
	problem(r, CHECK_ERROR, _("the check could not run: %s"), why.s);
	sb_free(&why);
}

/* Prepares sql (a literal) for a check; NULL with the check failed. */
static sqlite3_stmt *check_stmt(checks *c, check_result *r, const char *sql)
{
	sqlite3_stmt *st = db_stmt(c->db, sql);
	if (!st)
		check_failed(c, r);
	return st;
}

/* Ends a check's query: a step that did not reach the end fails the check. */
static void check_done(checks *c, check_result *r, sqlite3_stmt *st, int rc)
{
	if (rc != SQLITE_DONE)
		check_failed(c, r);
	sqlite3_reset(st);
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

/* An area's kind as shown ("village" -> "thôn"), or the key as stored if unknown. */
static const char *kind_label(const char *key)
{
	int k = area_kind_from_key(key);
	return k >= 0 ? area_kind_label((area_kind)k) : key;
}

static void check_integrity(checks *c)
{
	check_result *r = begin_check(c, "integrity", N_("File integrity (PRAGMA integrity_check)"));
	sqlite3_stmt *st = check_stmt(c, r, "PRAGMA integrity_check");
	if (!st)
		return;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (strcmp(col(st, 0), "ok") == 0)
			continue;
		/* A row may hold several lines, the first naming the schema ("*** in database main
		 * ***"): one problem a line, without that heading. */
		char *text = xstrdup(col(st, 0)), *save = NULL;
		for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, "*** in database ", 16) != 0)
				problem(r, CHECK_ERROR, "%s", line);
		free(text);
	}
	check_done(c, r, st, rc);
}

static void check_foreign_keys(checks *c)
{
	check_result *r = begin_check(c, "foreign_keys", N_("References between tables (foreign keys)"));
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT f.\"table\", f.rowid, f.parent, "
		"  (SELECT k.\"from\" FROM pragma_foreign_key_list(f.\"table\") k WHERE k.id = f.fkid LIMIT 1) "
		"FROM pragma_foreign_key_check f");
	if (!st)
		return;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			problem(r, CHECK_ERROR, _("%s: a row's %s refers to a row of %s that does not exist"),
				col(st, 0), col(st, 3), col(st, 2));
		else
			problem(r, CHECK_ERROR, _("%s, row %s: %s refers to a row of %s that does not exist"),
				col(st, 0), col(st, 1), col(st, 3), col(st, 2));
	}
	check_done(c, r, st, rc);
}

static void check_assessed_areas(checks *c)
{
	check_result *r = begin_check(c, "assessed_areas", N_("Assessments are of villages"));
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT a.name, a.code, a.kind, s.year, count(*) FROM assessment s "
		"JOIN area a ON a.id = s.area_id "
		"WHERE a.kind NOT IN ('village', 'residential_group') "
		"GROUP BY s.area_id, s.year ORDER BY a.code, s.year");
	if (!st)
		return;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		problem(r, CHECK_ERROR, _("%s (%s) is a %s, not a village: %s assessments in %s"), col(st, 0),
			col(st, 1), kind_label(col(st, 2)), col(st, 4), col(st, 3));
	check_done(c, r, st, rc);
}

static void check_assessment_sets(checks *c)
{
	check_result *r = begin_check(c, "assessment_sets", N_("Assessments use the year's criteria set"));
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT a.name, a.code, s.year, count(*), cs.code, ys.code FROM assessment s "
		"JOIN area a ON a.id = s.area_id "
		"JOIN criterion k ON k.id = s.criterion_id "
		"JOIN criteria_set cs ON cs.id = k.set_id "
		"LEFT JOIN year_criteria_set y ON y.year = s.year "
		"LEFT JOIN criteria_set ys ON ys.id = y.set_id "
		"WHERE y.set_id IS NULL OR y.set_id <> k.set_id "
		"GROUP BY s.area_id, s.year, k.set_id ORDER BY s.year, a.code");
	if (!st)
		return;
	int rc;
	/* A warning: binding a year to another set with --force leaves the old set's judgements. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 5) == SQLITE_NULL)
			problem(r, CHECK_WARNING, _("%s (%s), %s: %s assessments against the set %s; the year "
						    "has no criteria set"),
				col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4));
		else
			problem(r, CHECK_WARNING, _("%s (%s), %s: %s assessments against the set %s; the year "
						    "uses %s"),
				col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5));
	}
	check_done(c, r, st, rc);
}

static void check_recognitions(checks *c)
{
	check_result *r = begin_check(c, "recognition_registration",
				      N_("Recognitions follow a registration of the same year"));
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT a.name, a.code, g.year, g.decision_no FROM recognition g "
		"JOIN area a ON a.id = g.area_id "
		"WHERE NOT EXISTS (SELECT 1 FROM registration x WHERE x.area_id = g.area_id AND x.year = g.year) "
		"ORDER BY g.year, a.code");
	if (!st)
		return;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		problem(r, CHECK_ERROR, _("%s (%s), %s: recognised (decision %s) without a registration"),
			col(st, 0), col(st, 1), col(st, 2), col(st, 3));
	check_done(c, r, st, rc);
}

static void check_awards(checks *c)
{
	check_result *r = begin_check(c, "award_recognition",
				      N_("Commendations are linked to a recognition of their own area"));
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT w.id, w.recipient, wa.name, wa.code, ga.name, ga.code, g.year FROM award w "
		"JOIN recognition g ON g.id = w.recognition_id "
		"JOIN area wa ON wa.id = w.area_id JOIN area ga ON ga.id = g.area_id "
		"WHERE g.area_id <> w.area_id ORDER BY w.id");
	if (!st)
		return;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		problem(r, CHECK_ERROR, _("commendation %s (%s) of %s (%s) is linked to the %s recognition of "
					  "%s (%s)"),
			col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 6), col(st, 4), col(st, 5));
	check_done(c, r, st, rc);
}

static void check_resource_dates(checks *c)
{
	check_result *r = begin_check(c, "resource_dates", N_("Resource entries are not dated in the future"));
	char today[16];
	vn_today_iso(today, sizeof today);
	/* A warning: entries are refused after today when saved, so one found later was saved under
	 * a clock set ahead (or is the demo's, which fills its last year whole); not a broken file. */
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT e.id, e.entry_date, a.name, a.code FROM resource_entry e "
		"JOIN area a ON a.id = e.area_id WHERE e.entry_date > ?1 ORDER BY e.entry_date, e.id");
	if (!st)
		return;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char on[16];
		vn_format_iso_date(col(st, 1), on, sizeof on);
		problem(r, CHECK_WARNING, _("entry %s of %s (%s) is dated %s, after today"), col(st, 0),
			col(st, 2), col(st, 3), on);
	}
	check_done(c, r, st, rc);
}

/* The running totals the status table reads (area_year_total, kept by triggers) equal the sums
 * of their sources computed afresh: a difference means a trigger was dropped or bypassed. */
static void check_running_totals(checks *c)
{
	check_result *r = begin_check(c, "running_totals", N_("The status table's running totals match the data"));
	sqlite3_stmt *st = check_stmt(c, r,
		"WITH parts(area_id, year, cm, rp, rd, ld, lm, aw) AS ("
		"  SELECT x.area_id, x.year, x.met, x.met AND coalesce(x.evidence, '') <> '' AND c.required = 1,"
		"         0, 0, 0, 0"
		"  FROM assessment x JOIN year_criteria_set y ON y.year = x.year"
		"  JOIN criterion c ON c.id = x.criterion_id AND c.set_id = y.set_id WHERE x.stage = 'appraisal'"
		"  UNION ALL SELECT area_id, CAST(substr(entry_date, 1, 4) AS INTEGER), 0, 0, value_dong,"
		"         CASE WHEN form = 'labour' THEN coalesce(quantity, 0) ELSE 0 END,"
		"         CASE WHEN form = 'land' THEN coalesce(quantity, 0) ELSE 0 END, 0 FROM resource_entry"
		"  UNION ALL SELECT area_id, CAST(substr(decision_date, 1, 4) AS INTEGER), 0, 0, 0, 0, 0, 1 FROM award),"
		" want AS (SELECT area_id, year, sum(cm) cm, sum(rp) rp, sum(rd) rd, round(total(ld), 3) ld,"
		"          round(total(lm), 3) lm, sum(aw) aw FROM parts GROUP BY area_id, year),"
		" have AS (SELECT area_id, year, criteria_met cm, required_proven rp, resources_dong rd,"
		"          round(labour_days, 3) ld, round(land_m2, 3) lm, awards aw FROM area_year_total"
		"          WHERE criteria_met OR required_proven OR resources_dong OR round(labour_days, 3)"
		"             OR round(land_m2, 3) OR awards),"
		" diff AS (SELECT * FROM (SELECT * FROM want EXCEPT SELECT * FROM have)"
		"          UNION SELECT * FROM (SELECT * FROM have EXCEPT SELECT * FROM want))"
		"SELECT DISTINCT a.name, a.code, d.year FROM diff d JOIN area a ON a.id = d.area_id"
		" ORDER BY a.code, d.year LIMIT 50");
	if (!st)
		return;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		problem(r, CHECK_ERROR, _("%s (%s), %s: the running totals differ from the data (run "
					  "`kieumau check --repair`)"), col(st, 0), col(st, 1), col(st, 2));
	check_done(c, r, st, rc);
}

static void check_area_kinds(checks *c)
{
	check_result *r = begin_check(c, "area_kinds", N_("Each area's kind fits under its parent's"));
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT c.name, c.code, c.kind, c.parent_id, p.name, p.code, p.kind FROM area c "
		"LEFT JOIN area p ON p.id = c.parent_id ORDER BY c.code");
	if (!st)
		return;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int kind = area_kind_from_key(col(st, 2));
		if (kind < 0) {
			problem(r, CHECK_ERROR, _("%s (%s) has an unknown kind \"%s\""), col(st, 0), col(st, 1),
				col(st, 2));
			continue;
		}
		if (sqlite3_column_type(st, 3) == SQLITE_NULL) {
			if (kind != AREA_PROVINCE)
				problem(r, CHECK_ERROR, _("%s (%s), a %s, is at the top of the tree"), col(st, 0),
					col(st, 1), area_kind_label((area_kind)kind));
			continue;
		}
		if (sqlite3_column_type(st, 6) == SQLITE_NULL)
			continue;   /* a missing parent: the foreign key check reports it */
		int parent = area_kind_from_key(col(st, 6));
		if (parent < 0 || !area_kind_allowed_under((area_kind)parent, (area_kind)kind))
			problem(r, CHECK_ERROR, _("%s (%s), a %s, is under %s (%s), a %s"), col(st, 0), col(st, 1),
				area_kind_label((area_kind)kind), col(st, 4), col(st, 5), kind_label(col(st, 6)));
	}
	check_done(c, r, st, rc);
}

typedef struct sibling {
	int64_t parent_id;
	char *folded, *name, *code;
} sibling;

static int sibling_cmp(const void *a, const void *b)
{
	const sibling *x = a, *y = b;
	if (x->parent_id != y->parent_id)
		return x->parent_id < y->parent_id ? -1 : 1;
	int d = strcmp(x->folded, y->folded);
	return d ? d : strcmp(x->code, y->code);
}

static void check_sibling_names(checks *c)
{
	check_result *r = begin_check(c, "sibling_names",
				      N_("Areas under one parent have different names"));
	/* Folded here, not read from name_folded: a row written by hand may have it wrong. */
	sqlite3_stmt *st = check_stmt(c, r, "SELECT coalesce(parent_id, 0), name, code FROM area");
	if (!st)
		return;
	sibling *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n].parent_id = sqlite3_column_int64(st, 0);
		v[n].name = xstrdup(col(st, 1));
		v[n].code = xstrdup(col(st, 2));
		v[n].folded = text_fold(v[n].name);
		n++;
	}
	check_done(c, r, st, rc);
	if (n)
		qsort(v, n, sizeof *v, sibling_cmp);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j].parent_id == v[i].parent_id && strcmp(v[j].folded, v[i].folded) == 0)
			j++;
		if (j - i > 1) {
			strbuf b;
			sb_init(&b);
			for (size_t k = i; k < j; k++)
				sb_printf(&b, "%s\"%s\" (%s)", k > i ? ", " : "", v[k].name, v[k].code);
			area pa;
			if (v[i].parent_id && area_get(c->db, v[i].parent_id, &pa) == 0) {
				problem(r, CHECK_ERROR, _("under %s (%s): %s"), pa.name, pa.code, b.s);
				area_free(&pa);
			} else {
				problem(r, CHECK_ERROR, _("at the top of the tree: %s"), b.s);
			}
			sb_free(&b);
		}
		i = j;
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].folded);
		free(v[i].name);
		free(v[i].code);
	}
	free(v);
}

/* Each audited table keeps its three triggers, and the log its four that refuse changes (update,
 * delete, replace, a forged insert): a trigger dropped by hand would let changes escape the log,
 * or let the log be rewritten. */
static void check_audit_triggers(checks *c)
{
	check_result *r = begin_check(c, "audit_triggers", N_("The audit log's triggers are in place"));
	strbuf list;
	sb_init(&list);
	sb_addc(&list, '[');
	for (size_t i = 0; i < sizeof audited / sizeof *audited; i++)
		sb_printf(&list, "%s\"%s\"", i ? "," : "", audited[i]);
	sb_addc(&list, ']');
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT t.value, "
		"  (SELECT group_concat(x.value, ', ') FROM json_each('[\"insert\",\"update\",\"delete\"]') x "
		"   WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema s WHERE s.type = 'trigger' "
		"     AND s.tbl_name = t.value AND s.name = 'audit_' || t.value || '_' || x.value)) "
		"FROM json_each(?1) t "
		"UNION ALL SELECT 'audit', "
		"  (SELECT group_concat(x.value, ', ') FROM json_each('[\"update\",\"delete\",\"replace\",\"forge\"]') x "
		"   WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema s WHERE s.type = 'trigger' "
		"     AND s.tbl_name = 'audit' AND s.name = 'audit_append_only_' || x.value))");
	if (st) {
		sqlite3_bind_text(st, 1, list.s, -1, SQLITE_TRANSIENT);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (sqlite3_column_type(st, 1) == SQLITE_NULL)
				continue;
			if (strcmp(col(st, 0), "audit") == 0)
				problem(r, CHECK_ERROR, _("the audit log can be changed: no trigger refusing %s"),
					col(st, 1));
			else
				problem(r, CHECK_ERROR, _("%s: changes escape the audit log: no trigger on %s"),
					col(st, 0), col(st, 1));
		}
		check_done(c, r, st, rc);
	}
	sb_free(&list);
}

/* Not a check: the size of the log beside the data it covers. */
static void audit_size(checks *c)
{
	check_result *r = begin_check(c, "audit_log", N_("The audit log"));
	/* A row of the log for a range of ids (an import's, schema v7) counts each of them. */
	sqlite3_stmt *st = check_stmt(c, r,
		"SELECT coalesce(sum(n), 0), coalesce(sum(n * (action = 'insert')), 0), "
		"coalesce(sum(n * (action = 'update')), 0), coalesce(sum(n * (action = 'delete')), 0) "
		"FROM (SELECT action, coalesce(last_id - first_id + 1, 1) AS n FROM audit)");
	if (!st)
		return;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		check_done(c, r, st, rc);
		return;
	}
	char all[32], ins[32], upd[32], del[32], data[32];
	vn_format_number((double)sqlite3_column_int64(st, 0), 0, all, sizeof all);
	vn_format_number((double)sqlite3_column_int64(st, 1), 0, ins, sizeof ins);
	vn_format_number((double)sqlite3_column_int64(st, 2), 0, upd, sizeof upd);
	vn_format_number((double)sqlite3_column_int64(st, 3), 0, del, sizeof del);
	sqlite3_reset(st);
	st = check_stmt(c, r, "SELECT 0" AUDITED(AUDITED_COUNT));
	if (!st)
		return;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		check_done(c, r, st, rc);
		return;
	}
	vn_format_number((double)sqlite3_column_int64(st, 0), 0, data, sizeof data);
	sqlite3_reset(st);
	strbuf b;
	sb_init(&b);
	sb_printf(&b, _("%s changes logged (%s added, %s changed, %s deleted); %s rows of data in the "
			"audited tables"), all, ins, upd, del, data);
	r->info = sb_take(&b);
}

int db_check(km_db *db, check_result **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!sqlite3_get_autocommit(db_handle(db)))
		return db_fail(db, "%s", _("the check cannot run inside a transaction"));
	checks c = { .db = db };
	/* One read transaction: every check sees the same moment while others write. */
	if (db_exec(db, "BEGIN DEFERRED") < 0)
		return -1;
	check_integrity(&c);
	check_foreign_keys(&c);
	check_assessed_areas(&c);
	check_assessment_sets(&c);
	check_recognitions(&c);
	check_awards(&c);
	check_resource_dates(&c);
	check_running_totals(&c);
	check_area_kinds(&c);
	check_sibling_names(&c);
	check_audit_triggers(&c);
	audit_size(&c);
	db_rollback(db);
	*out = c.v;
	*n = c.n;
	return 0;
}

int db_rebuild_totals(km_db *db)
{
	if (db_begin(db) < 0)
		return -1;
	if (db_exec(db, totals_rebuild_sql) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

void check_results_free(check_result *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < r[i].nlines; j++)
			free(r[i].lines[j]);
		free(r[i].lines);
		free(r[i].info);
	}
	free(r);
}

check_level check_worst(const check_result *r, size_t n)
{
	check_level worst = CHECK_OK;
	for (size_t i = 0; i < n; i++)
		if (r[i].level > worst)
			worst = r[i].level;
	return worst;
}

const char *check_level_key(check_level l)
{
	switch (l) {
	case CHECK_OK: return "ok";
	case CHECK_WARNING: return "warning";
	default: return "error";
	}
}

const char *check_level_label(check_level l)
{
	switch (l) {
	case CHECK_OK: return _("OK");
	case CHECK_WARNING: return _("WARNING");
	default: return _("ERROR");
	}
}
