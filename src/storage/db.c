#include "config.h"
#include "storage/db.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <time.h>
#include <unistd.h>
#include "storage/migrations.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/strbuf.h"

#define STMT_CACHE 64
/* How long a writer waits for another session's transaction before giving up. */
#define BUSY_TIMEOUT_MS 10000

struct km_db {
	sqlite3 *h;
	char *path;
	char *user;
	bool audit_paused;   /* writing generated illustrative data (see db_audit_pause) */
	strbuf err;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
	int ncache;
};

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
	strbuf b;
	sb_init(&b);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	return b.s;
}

static int exec_raw(sqlite3 *h, const char *sql)
{
	return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

/* Gives a new database its random site number (the high bits of every id it creates). */
static int init_site(km_db *db)
{
	char *site = NULL;
	if (db_meta_get(db, "site_id", &site) < 0)
		return -1;
	if (site) {
		free(site);
		return 0;
	}
	uint32_t r;
	sqlite3_randomness(sizeof r, &r);
	r = (r % 0xFFFFEu) + 1;   /* 1 .. 2^20-1: ids stay below 2^52 */
	char buf[16];
	snprintf(buf, sizeof buf, "%u", (unsigned)r);
	if (db_begin(db) < 0)
		return -1;
	if (db_meta_get(db, "site_id", &site) < 0) {
		db_rollback(db);
		return -1;
	}
	if (site) {   /* another process got there first */
		free(site);
		db_rollback(db);
		return 0;
	}
	if (db_meta_set(db, "site_id", buf) < 0 || db_meta_set(db, "next_id", "1") < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* The login name of the process, for the audit triggers' km_user() and the users' roles: the
 * account of the real user id (an installed set-user-id binary would give the owner's as the
 * effective one), never $USER or $LOGNAME, which the user sets. An id without an account is
 * named "#1234": no login name has a '#', and two such ids are not one user. */
static const char *login_name(void)
{
	static char name[64];
	if (!name[0]) {
		uid_t uid = getuid();
		struct passwd *pw = getpwuid(uid);
		if (pw && pw->pw_name && *pw->pw_name)
			snprintf(name, sizeof name, "%s", pw->pw_name);
		else
			snprintf(name, sizeof name, "#%lu", (unsigned long)uid);
	}
	return name;
}

static void km_audit_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	const km_db *db = sqlite3_user_data(ctx);
	sqlite3_result_int(ctx, !db || !db->audit_paused);
}

static void km_user_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, login_name(), -1, SQLITE_STATIC);
}

km_db *db_open(const char *path, char **err)
{
	*err = NULL;
	char *dir = paths_dirname(path);
	if (dir && paths_mkdir_p(dir) < 0) {
		*err = dup_printf(_("cannot create the directory %s: %s"), dir, strerror(errno));
		free(dir);
		return NULL;
	}
	free(dir);
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		*err = dup_printf(_("cannot open the database %s: %s"), path,
				  h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	/* The audit triggers name who made each change. */
	sqlite3_create_function(h, "km_user", 0, SQLITE_UTF8, NULL, km_user_fn, NULL, NULL);
	sqlite3_extended_result_codes(h, 1);
	if (exec_raw(h, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
	    exec_raw(h, "PRAGMA journal_mode = WAL") != SQLITE_OK ||
	    /* In WAL mode NORMAL loses no committed transaction on a program crash; FULL also
	     * survives a power cut, which district servers in the countryside do see. */
	    exec_raw(h, "PRAGMA synchronous = FULL") != SQLITE_OK) {
		*err = dup_printf(_("cannot open the database %s: %s"), path, sqlite3_errmsg(h));
		sqlite3_close(h);
		return NULL;
	}
	/* Until the handle exists (migrations, opening), writes are audited as usual. */
	sqlite3_create_function(h, "km_audit", 0, SQLITE_UTF8, NULL, km_audit_fn, NULL, NULL);
	char *merr = NULL;
	if (migrations_apply(h, &merr) < 0) {
		*err = dup_printf("%s: %s", path, merr);
		free(merr);
		sqlite3_close(h);
		return NULL;
	}
	km_db *db = xcalloc(1, sizeof *db);
	db->h = h;
	sqlite3_create_function(h, "km_audit", 0, SQLITE_UTF8, db, km_audit_fn, NULL, NULL);
	db->path = xstrdup(path);
	sb_init(&db->err);
	if (init_site(db) < 0) {
		*err = xstrdup(db_error(db));
		db_close(db);
		return NULL;
	}
	return db;
}

void db_close(km_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	free(db->path);
	free(db->user);
	sb_free(&db->err);
	free(db);
}

const char *db_now_iso(char *buf, size_t cap)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

const char *db_user(km_db *db)
{
	if (!db->user) {
		/* The Unix account, never an environment variable: it is what the audit trusts. */
		db->user = xstrdup(login_name());
	}
	return db->user;
}

sqlite3 *db_handle(km_db *db) { return db->h; }
void db_audit_pause(km_db *db, bool paused) { db->audit_paused = paused; }
const char *db_path(km_db *db) { return db->path; }
const char *db_error(km_db *db) { return db->err.s; }

int db_fail(km_db *db, const char *fmt, ...)
{
	sb_clear(&db->err);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&db->err, fmt, ap);
	va_end(ap);
	return -1;
}

int db_fail_sql(km_db *db, const char *context)
{
	int code = sqlite3_extended_errcode(db->h) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return db_fail(db, _("%s: the database is busy (another session is writing); try again"),
			       context);
	if (code == SQLITE_FULL)
		return db_fail(db, _("%s: the disk is full; nothing was saved"), context);
	if (code == SQLITE_READONLY)
		return db_fail(db, _("%s: the database is read-only; nothing was saved"), context);
	return db_fail(db, "%s: %s", context, sqlite3_errmsg(db->h));
}

sqlite3_stmt *db_stmt(km_db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].st);
			sqlite3_clear_bindings(db->cache[i].st);
			return db->cache[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail_sql(db, _("database query"));
		return NULL;
	}
	if (db->ncache < STMT_CACHE) {
		db->cache[db->ncache].sql = sql;
		db->cache[db->ncache].st = st;
		db->ncache++;
	} else {
		/* Full: replace the oldest entry (the cache only saves preparing time). */
		sqlite3_finalize(db->cache[0].st);
		memmove(&db->cache[0], &db->cache[1], sizeof db->cache[0] * (STMT_CACHE - 1));
		db->cache[STMT_CACHE - 1].sql = sql;
		db->cache[STMT_CACHE - 1].st = st;
	}
	return st;
}

int64_t db_row_version(km_db *db, const char *table, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(id), 0) FROM audit WHERE tbl = ?1 AND row_key = ?2");
	if (!st)
		return -1;
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)id);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

char *db_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? xstrdup((const char *)s) : NULL;
}

int db_exec(km_db *db, const char *sql)
{
	if (exec_raw(db->h, sql) != SQLITE_OK)
		return db_fail_sql(db, _("database command"));
	return 0;
}

int db_begin(km_db *db)
{
	if (exec_raw(db->h, "BEGIN IMMEDIATE") != SQLITE_OK)
		return db_fail_sql(db, _("cannot start saving"));
	return 0;
}

int db_commit(km_db *db)
{
	if (exec_raw(db->h, "COMMIT") != SQLITE_OK) {
		int r = db_fail_sql(db, _("cannot save"));
		db_rollback(db);
		return r;
	}
	return 0;
}

void db_rollback(km_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		exec_raw(db->h, "ROLLBACK");
}

int64_t db_new_id(km_db *db)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE meta SET value = value + 1 WHERE key = 'next_id' "
		"RETURNING value - 1, (SELECT value FROM meta WHERE key = 'site_id')");
	if (!st)
		return 0;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail_sql(db, _("cannot allocate an id"));
		sqlite3_reset(st);
		return 0;
	}
	int64_t counter = sqlite3_column_int64(st, 0);
	int64_t site = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return (site << 32) | counter;
}

int64_t db_new_ids(km_db *db, int64_t count)
{
	if (count < 1 || count > 0xFFFFFFFFLL) {
		db_fail(db, _("cannot allocate %lld ids"), (long long)count);
		return 0;
	}
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE meta SET value = value + ?1 WHERE key = 'next_id' "
		"RETURNING value - ?1, (SELECT value FROM meta WHERE key = 'site_id')");
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, count);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail_sql(db, _("cannot allocate an id"));
		sqlite3_reset(st);
		return 0;
	}
	int64_t counter = sqlite3_column_int64(st, 0);
	int64_t site = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	/* The counter has the low 32 bits: a block must not run into the site number. */
	if (counter < 1 || counter + count - 1 > 0xFFFFFFFFLL) {
		db_fail(db, _("cannot allocate %lld ids: the id counter is exhausted"), (long long)count);
		return 0;
	}
	return (site << 32) | counter;
}

int db_meta_get(km_db *db, const char *key, char **value)
{
	*value = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail_sql(db, _("database query"));
	return 0;
}

int db_meta_set(km_db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
				       "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	/* Numbers are stored as integers so that they can be counted up in SQL; only text that
	 * reads back the same ("7", not "007" or "+7") counts as a number. */
	char *end, back[32];
	errno = 0;
	long long n = strtoll(value, &end, 10);
	snprintf(back, sizeof back, "%lld", n);
	if (*value && !*end && errno != ERANGE && strcmp(back, value) == 0)
		sqlite3_bind_int64(st, 2, n);
	else
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail_sql(db, _("cannot save a setting"));
	return 0;
}

int db_schema_version(km_db *db)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA user_version");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	int v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return v;
}

int db_data_version(km_db *db)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	int v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);   /* no read transaction left open between polls */
	return v;
}
