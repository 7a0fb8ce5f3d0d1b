#include "config.h"
#include "storage/db.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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
	FILE *trace;         /* KIEUMAU_TRACE_SQL: where the read statements are copied */
	int64_t id_next, id_end;   /* ids reserved in the open transaction (db_reserve_ids) */
	bool audit_paused;   /* writing generated illustrative data (see db_audit_pause) */
	char *readonly;      /* why the database cannot be written (it was opened for reading), or NULL */
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

/* Copies every read statement, with its values, to the trace file: the benchmarks replay them in
 * the sqlite3 shell to compare the program with the bare SQL. Trigger programs are left out. */
static int trace_stmt(unsigned kind, void *ctx, void *p, void *x)
{
	km_db *db = ctx;
	if (kind != SQLITE_TRACE_STMT || ((const char *)x)[0] == '-' || !sqlite3_stmt_readonly(p))
		return 0;
	char *sql = sqlite3_expanded_sql(p);
	if (sql)
		fprintf(db->trace, "%s;\n", sql);
	sqlite3_free(sql);
	return 0;
}

/* Set when a write went past the limit on the size of files (SIGXFSZ): SQLite does not keep the
 * EFBIG behind its I/O error. */
static volatile sig_atomic_t file_too_large;

static void on_file_too_large(int sig)
{
	(void)sig;
	file_too_large = 1;
}

void db_catch_file_size_limit(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_file_too_large;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGXFSZ, &sa, NULL);
}

void db_describe(strbuf *out, int code, int sys_errno, const char *sqlite_message)
{
	int primary = code & 0xff;
	/* The system's error number is SQLite's only for these two; otherwise it may be stale. */
	int sys = primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ? sys_errno : 0;
	if (primary == SQLITE_IOERR && file_too_large)
		sys = EFBIG;
	if (primary == SQLITE_FULL || sys == ENOSPC)
		sb_add(out, _("the disk is full (no space left on the device)"));
	else if (sys == EDQUOT)
		sb_add(out, _("the disk quota is used up (no space left for this user)"));
	else if (sys == EFBIG)
		sb_add(out, _("the size limit for files was reached (file too large)"));
	else if (sys == EROFS)
		sb_add(out, _("the database is read-only (its file system is mounted read-only)"));
	else if (code == SQLITE_READONLY_DBMOVED)
		sb_add(out, _("the database file was moved or deleted while in use"));
	else if (primary == SQLITE_READONLY)
		sb_add(out, _("the database is read-only (no permission to write to it)"));
	else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		sb_add(out, _("the database is busy (another session is writing); try again"));
	else if (primary == SQLITE_CANTOPEN && (sys == EACCES || sys == EPERM))
		sb_add(out, _("permission denied"));
	else if (primary == SQLITE_CANTOPEN && sys == ENOENT)
		sb_add(out, _("no such file or directory"));
	else if (primary == SQLITE_CANTOPEN && sys == EISDIR)
		sb_add(out, _("it is a directory"));
	else if (primary == SQLITE_IOERR && sys)
		sb_printf(out, _("a disk input/output error (%s)"), strerror(sys));
	else if (primary == SQLITE_IOERR)
		sb_add(out, _("a disk input/output error"));
	else if (primary == SQLITE_CORRUPT)
		sb_add(out, _("the database file is damaged"));
	else if (primary == SQLITE_NOTADB)
		sb_add(out, _("the file is not a database"));
	else if (primary == SQLITE_NOMEM)
		sb_add(out, _("out of memory"));
	else
		sb_add(out, sqlite_message && *sqlite_message ? sqlite_message : sqlite3_errstr(code));
}

/* Why the database cannot be written, in words: the file system, the file, or its directory. */
static char *readonly_reason(const char *path)
{
	struct statvfs vfs;
	if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		return xstrdup(_("its file system is mounted read-only"));
	if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
		return dup_printf(_("no permission to write to %s"), path);
	char *dir = paths_dirname(path);
	char *why = dup_printf(_("no permission to write in %s, where its -wal and -shm files go"),
			       dir ? dir : ".");
	free(dir);
	return why;
}

/* After a failure to set up the WAL: why the file can be read but not written here (no
 * permission, a read-only file system, no room for the -wal and -shm files), or NULL for any
 * other failure. */
static char *cannot_write(sqlite3 *h, const char *path)
{
	int primary = sqlite3_extended_errcode(h) & 0xff;
	int sys = primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ? sqlite3_system_errno(h) : 0;
	if (primary == SQLITE_READONLY || sys == EACCES || sys == EPERM || sys == EROFS)
		return readonly_reason(path);
	if (primary == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT)
		return xstrdup(_("no space left on the device for its -wal and -shm files"));
	if (sys == EFBIG)
		return xstrdup(_("the size limit for files leaves no room for its -wal and -shm files"));
	return NULL;
}

/* A file: URI for path that opens it as immutable (no locks, no -wal or -shm files). */
static char *immutable_uri(const char *path)
{
	strbuf b;
	sb_init(&b);
	sb_add(&b, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%')
			sb_printf(&b, "%%%02X", (unsigned char)*p);
		else
			sb_addc(&b, *p);
	}
	sb_add(&b, "?immutable=1");
	return sb_take(&b);
}

static bool file_empty_or_missing(const char *path)
{
	struct stat st;
	return stat(path, &st) != 0 || st.st_size == 0;
}

/* Reads the first page: what opening the WAL (and creating the -wal and -shm files) needs. */
static int probe(sqlite3 *h)
{
	return exec_raw(h, "SELECT count(*) FROM sqlite_schema");
}

static int schema_version(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *open_failure(sqlite3 *h, int rc, const char *path)
{
	strbuf b;
	sb_init(&b);
	sb_printf(&b, _("cannot open the database %s: "), path);
	struct stat st;
	char *dir = paths_dirname(path);
	if (stat(path, &st) != 0 && errno == ENOENT &&
	    faccessat(AT_FDCWD, dir ? dir : ".", W_OK, AT_EACCESS) != 0) {
		/* A new database where it cannot be made: say why, not what SQLite tried last. */
		sb_printf(&b, _("it does not exist, and it cannot be created in %s (%s)"), dir ? dir : ".",
			  strerror(errno));
		free(dir);
		return sb_take(&b);
	}
	free(dir);
	if (h)
		db_describe(&b, sqlite3_extended_errcode(h), sqlite3_system_errno(h), sqlite3_errmsg(h));
	else
		db_describe(&b, rc, errno, NULL);
	return sb_take(&b);
}

/* Opens path for reading only, when it cannot be written: normally (with the -wal and -shm files
 * another session made, or that can be made), else as immutable, when the -shm file cannot be
 * made (a read-only file system or directory, a full disk) and there is no WAL to read. */
static sqlite3 *open_readonly(const char *path, char **err)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
		rc = probe(h);
	}
	if (rc == SQLITE_OK)
		return h;
	/* No -wal file (or an empty one): no session has the database open and nothing waits in a
	 * WAL, so the file alone is the whole database; while a session writes meanwhile, what is
	 * shown stays as it was when opened. */
	char *wal = dup_printf("%s-wal", path);
	bool no_wal = file_empty_or_missing(wal);
	free(wal);
	if (no_wal) {
		sqlite3_close(h);
		h = NULL;
		char *uri = immutable_uri(path);
		rc = sqlite3_open_v2(uri, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
		free(uri);
		if (rc == SQLITE_OK)
			rc = probe(h);
		if (rc == SQLITE_OK)
			return h;
	}
	*err = open_failure(h, rc, path);
	sqlite3_close(h);
	return NULL;
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
	/* NOMUTEX: a connection is only ever used by the thread that opened it, so SQLite need not
	 * lock it on every call (bindings, steps: 3% of an import). */
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		*err = open_failure(h, rc, path);
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);   /* setting up the WAL may wait for another session */
	/* SQLite opens a file it may not write for reading only; a directory it may not write, or a
	 * full disk, shows when the WAL's files cannot be made. Either way: open for reading, and
	 * refuse every write with the reason. */
	char *why_readonly = NULL;
	if (sqlite3_db_readonly(h, "main") == 1)
		why_readonly = readonly_reason(path);
	else if ((rc = exec_raw(h, "PRAGMA journal_mode = WAL")) != SQLITE_OK)
		why_readonly = cannot_write(h, path);
	bool readonly = why_readonly != NULL;
	if (readonly) {
		sqlite3_close(h);
		if (!(h = open_readonly(path, err))) {
			free(why_readonly);
			return NULL;
		}
		sqlite3_extended_result_codes(h, 1);
		sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
		rc = SQLITE_OK;
	}
	/* The audit triggers name who made each change. */
	sqlite3_create_function(h, "km_user", 0, SQLITE_UTF8, NULL, km_user_fn, NULL, NULL);
	if (rc != SQLITE_OK || exec_raw(h, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
	    /* In WAL mode NORMAL loses no committed transaction on a program crash; FULL also
	     * survives a power cut, which district servers in the countryside do see. */
	    exec_raw(h, "PRAGMA synchronous = FULL") != SQLITE_OK) {
		*err = open_failure(h, rc, path);
		free(why_readonly);
		sqlite3_close(h);
		return NULL;
	}
	/* Until the handle exists (migrations, opening), writes are audited as usual. */
	sqlite3_create_function(h, "km_audit", 0, SQLITE_UTF8, NULL, km_audit_fn, NULL, NULL);
	char *merr = NULL;
	if (readonly && migrations_pending(h)) {
		if (schema_version(h) == 0)   /* a new file: nothing in it yet */
			*err = dup_printf(_("cannot create the database %s: %s"), path, why_readonly);
		else
			*err = dup_printf(_("cannot open the database %s: it is read-only (%s) and needs an "
					    "upgrade of its schema: open it once with permission to write"),
					  path, why_readonly);
		free(why_readonly);
		sqlite3_close(h);
		return NULL;
	}
	if (migrations_apply(h, &merr) < 0) {
		*err = dup_printf("%s: %s", path, merr);
		free(merr);
		free(why_readonly);
		sqlite3_close(h);
		return NULL;
	}
	km_db *db = xcalloc(1, sizeof *db);
	db->h = h;
	db->readonly = why_readonly;
	sqlite3_create_function(h, "km_audit", 0, SQLITE_UTF8, db, km_audit_fn, NULL, NULL);
	db->path = xstrdup(path);
	sb_init(&db->err);
	if (init_site(db) < 0) {
		*err = xstrdup(db_error(db));
		db_close(db);
		return NULL;
	}
	const char *trace = secure_getenv("KIEUMAU_TRACE_SQL");   /* never for a set-user-id run */
	if (trace && *trace && (db->trace = fopen(trace, "w")) != NULL)
		sqlite3_trace_v2(h, SQLITE_TRACE_STMT, trace_stmt, db);
	return db;
}

void db_close(km_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	if (db->trace)
		fclose(db->trace);
	free(db->path);
	free(db->readonly);
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
const char *db_readonly(km_db *db) { return db->readonly; }

int db_fail(km_db *db, const char *fmt, ...)
{
	sb_clear(&db->err);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&db->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* A write refused on a database opened for reading only. */
static int fail_readonly(km_db *db)
{
	return db_fail(db, _("the database is read-only: nothing can be saved (%s)"), db->readonly);
}

int db_fail_sql(km_db *db, const char *context)
{
	int code = sqlite3_extended_errcode(db->h), primary = code & 0xff;
	if (db->readonly && primary == SQLITE_READONLY)
		return fail_readonly(db);
	strbuf b;
	sb_init(&b);
	db_describe(&b, code, sqlite3_system_errno(db->h), sqlite3_errmsg(db->h));
	/* A write that failed for want of room or permission was rolled back whole. */
	int sys = primary != SQLITE_IOERR ? 0 : file_too_large ? EFBIG : sqlite3_system_errno(db->h);
	bool write_failed = primary == SQLITE_FULL || primary == SQLITE_READONLY ||
			    sys == ENOSPC || sys == EDQUOT || sys == EFBIG || sys == EROFS ||
			    (primary == SQLITE_IOERR && !sqlite3_get_autocommit(db->h));
	int r = db_fail(db, write_failed ? _("%s: %s; nothing was saved") : "%s: %s", context, b.s);
	sb_free(&b);
	return r;
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
	/* A row added by an import is logged in its range of ids (schema v7). */
	sqlite3_stmt *st = db_stmt(db,
		"SELECT max((SELECT coalesce(max(id), 0) FROM audit WHERE tbl = ?1 AND row_key = ?2), "
		"(SELECT coalesce(max(id), 0) FROM audit WHERE tbl = ?1 AND last_id >= ?3 AND first_id <= ?3))");
	if (!st)
		return -1;
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)id);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, id);
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
	db->id_next = db->id_end = 0;
	if (db->readonly)
		return fail_readonly(db);
	file_too_large = 0;   /* a limit met by an earlier write is not this one's cause */
	if (exec_raw(db->h, "BEGIN IMMEDIATE") != SQLITE_OK)
		return db_fail_sql(db, _("cannot start saving"));
	return 0;
}

int db_commit(km_db *db)
{
	db->id_next = db->id_end = 0;
	if (exec_raw(db->h, "COMMIT") != SQLITE_OK) {
		int r = db_fail_sql(db, _("cannot save"));
		db_rollback(db);
		return r;
	}
	return 0;
}

void db_rollback(km_db *db)
{
	db->id_next = db->id_end = 0;
	if (!sqlite3_get_autocommit(db->h))
		exec_raw(db->h, "ROLLBACK");
}

int64_t db_new_id(km_db *db)
{
	if (db->id_next && db->id_next < db->id_end && !sqlite3_get_autocommit(db->h))
		return db->id_next++;
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

int db_reserve_ids(km_db *db, int64_t count)
{
	int64_t first = db_new_ids(db, count);
	if (!first)
		return -1;
	db->id_next = first;
	db->id_end = first + count;
	return 0;
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

int64_t db_total_changes(km_db *db)
{
	return sqlite3_total_changes(db->h);
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
