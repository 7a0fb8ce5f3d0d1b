#include "config.h"
#include "domain/auth.h"
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"

/* ---- Roles ---------------------------------------------------------------------------------- */

static const char *const role_keys[ROLE_COUNT] = { "viewer", "village", "commune", "district", "admin" };
static const char *const role_labels[ROLE_COUNT] = {
	N_("viewer"), N_("village cadre"), N_("commune cadre"), N_("district cadre"), N_("administrator"),
};

const char *role_key(role r) { return r >= 0 && r < ROLE_COUNT ? role_keys[r] : "?"; }
const char *role_label(role r) { return r >= 0 && r < ROLE_COUNT ? _(role_labels[r]) : "?"; }

int role_from_key(const char *key)
{
	for (int i = 0; key && i < ROLE_COUNT; i++)
		if (strcmp(role_keys[i], key) == 0)
			return i;
	return -1;
}

/* What each role may do (within its scope, except PERM_CRITERIA for districts: anywhere). */
static bool role_allows(role r, permission p)
{
	switch (r) {
	case ROLE_VIEWER: return false;
	case ROLE_VILLAGE: return p == PERM_VILLAGE_DATA;
	case ROLE_COMMUNE: return p == PERM_VILLAGE_DATA || p == PERM_APPRAISAL || p == PERM_STRUCTURE;
	case ROLE_DISTRICT: return p != PERM_ADMIN;
	case ROLE_ADMIN: return true;
	default: return false;
	}
}

/* Read by app_init from the system configuration. */
static bool unknown_can_read = true;

void auth_set_unknown_can_read(bool yes) { unknown_can_read = yes; }

/* ---- The current user, cached per connection -------------------------------------------------
 * One entry per open database, found by its km_db. It is re-read when the database changed since
 * (PRAGMA data_version: another connection committed; sqlite3_total_changes: this one wrote), so
 * a role given or taken away in another session applies at the next check. The entry is freed
 * with its connection: it is the user data of a SQL function registered on the connection, whose
 * destructor SQLite calls when the connection closes. */

typedef struct auth_cache {
	struct auth_cache *next;
	km_db *db;              /* NULL once its connection is gone from the list (orphan) */
	sqlite3 *h;
	bool loaded;
	int64_t data_version, total_changes;
	bool users_exist;       /* false: single-user mode */
	bool known;
	role role;
	int64_t scope;
} auth_cache;

static auth_cache *caches;

static void cache_unlink(auth_cache *c)
{
	for (auth_cache **p = &caches; *p; p = &(*p)->next) {
		if (*p == c) {
			*p = c->next;
			break;
		}
	}
	c->next = NULL;
	c->db = NULL;
}

static void cache_destroy(void *p)
{
	auth_cache *c = p;
	if (c->db)
		cache_unlink(c);
	free(c);
}

static void cache_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_null(ctx);
}

static auth_cache *cache_of(km_db *db)
{
	sqlite3 *h = db_handle(db);
	for (auth_cache *c = caches; c; c = c->next) {
		if (c->db != db)
			continue;
		if (c->h == h)
			return c;
		/* A km_db at the address of one whose connection did not close: forget that one. */
		cache_unlink(c);
		break;
	}
	auth_cache *c = xcalloc(1, sizeof *c);
	c->db = db;
	c->h = h;
	/* The destructor runs now if registering fails: register before linking. */
	if (sqlite3_create_function_v2(h, "km_auth_cache", 0, SQLITE_UTF8, c, cache_fn, NULL, NULL,
				       cache_destroy) != SQLITE_OK)
		return NULL;
	c->next = caches;
	caches = c;
	return c;
}

static void cache_forget(km_db *db)
{
	for (auth_cache *c = caches; c; c = c->next)
		if (c->db == db)
			c->loaded = false;
}

static int load(km_db *db, auth_cache **out)
{
	auth_cache *c = cache_of(db);
	if (!c)
		return db_fail(db, _("cannot check who you are: %s"), sqlite3_errmsg(db_handle(db)));
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail_sql(db, _("checking who you are"));
	}
	int64_t dv = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	int64_t tc = sqlite3_total_changes64(db_handle(db));
	*out = c;
	if (c->loaded && c->data_version == dv && c->total_changes == tc)
		return 0;
	st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM app_user), u.role, u.scope_area_id "
			 "FROM (SELECT 1) LEFT JOIN app_user u ON u.name = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, db_user(db), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail_sql(db, _("checking who you are"));
	}
	c->users_exist = sqlite3_column_int(st, 0) != 0;
	c->known = sqlite3_column_type(st, 1) != SQLITE_NULL;
	int r = c->known ? role_from_key((const char *)sqlite3_column_text(st, 1)) : ROLE_VIEWER;
	c->role = r < 0 ? ROLE_VIEWER : (role)r;
	c->scope = sqlite3_column_int64(st, 2);   /* NULL: 0, everywhere */
	sqlite3_reset(st);
	if (!c->users_exist) {
		c->role = ROLE_ADMIN;
		c->scope = 0;
	}
	c->data_version = dv;
	c->total_changes = tc;
	c->loaded = true;
	return 0;
}

/* ---- Wording ---------------------------------------------------------------------------------- */

/* An area as messages name it: from its commune down ("Lạc Xuân › Thôn 1"), or its name alone
 * above that level. */
static void area_words(km_db *db, int64_t id, strbuf *out)
{
	if (id == 0) {
		sb_add(out, _("all areas"));
		return;
	}
	area *path;
	size_t n;
	char *saved = xstrdup(db_error(db));
	if (area_path(db, id, &path, &n) < 0) {
		sb_printf(out, "#%lld", (long long)id);
		db_fail(db, "%s", saved);
		free(saved);
		return;
	}
	free(saved);
	size_t from = n - 1;
	for (size_t i = 0; i < n; i++) {
		if (area_kind_level(path[i].kind) >= 2) {
			from = i;
			break;
		}
	}
	area_path_text(path + from, n - from, " › ", out);
	areas_free(path, n);
}

/* "nva, commune cadre, Lạc Xuân" */
static void who_words(km_db *db, const auth_cache *c, strbuf *out)
{
	if (!c->known) {
		sb_printf(out, _("%s, not a registered user"), db_user(db));
		return;
	}
	sb_printf(out, "%s, %s, ", db_user(db), role_label(c->role));
	if (c->scope)
		area_words(db, c->scope, out);
	else
		sb_add(out, _("everywhere"));
}

static bool refuse_role(km_db *db, const auth_cache *c, permission p, int64_t area_id)
{
	strbuf who, where;
	sb_init(&who);
	sb_init(&where);
	who_words(db, c, &who);
	area_words(db, area_id, &where);
	switch (p) {
	case PERM_VILLAGE_DATA:
		db_fail(db, _("You (%s) may not enter or change the data of %s"), who.s, where.s);
		break;
	case PERM_APPRAISAL:
		db_fail(db, _("You (%s) may not record the appraisal of %s"), who.s, where.s);
		break;
	case PERM_DISTRICT:
		db_fail(db, _("You (%s) may not record the district's decisions for %s (inspection, "
			      "recognition, revocation, re-check, commendations, targets)"), who.s, where.s);
		break;
	case PERM_STRUCTURE:
		db_fail(db, _("You (%s) may not add or rename areas in %s"), who.s, where.s);
		break;
	case PERM_CRITERIA:
		db_fail(db, _("You (%s) may not import criteria sets or bind them to years"), who.s);
		break;
	case PERM_ADMIN:
	default:
		db_fail(db, _("You (%s) may not do this: only an administrator may (users, demo data)"),
			who.s);
		break;
	}
	sb_free(&who);
	sb_free(&where);
	return false;
}

static bool refuse_scope(km_db *db, const auth_cache *c, int64_t area_id, bool reading)
{
	strbuf who, where;
	sb_init(&who);
	sb_init(&where);
	who_words(db, c, &who);
	area_words(db, area_id, &where);
	/* The area first: a narrow screen's message line still shows it. */
	if (!area_id)
		db_fail(db, _("You (%s) may only change the data of your own area"), who.s);
	else if (reading)
		db_fail(db, _("%s is outside your area: you (%s) may not see it"), where.s, who.s);
	else
		db_fail(db, _("%s is outside your area: you (%s) may not change its data"), where.s, who.s);
	sb_free(&who);
	sb_free(&where);
	return false;
}

static bool refuse_unknown(km_db *db)
{
	db_fail(db, _("%s is not a user of this database: not allowed (ask its administrator to add you)"),
		db_user(db));
	return false;
}

/* ---- Checks ----------------------------------------------------------------------------------- */

/* Whether the area is inside (or is) the scope: one walk up from the area. -1 on error. */
static int within(km_db *db, int64_t area_id, int64_t scope)
{
	sqlite3_stmt *st = db_stmt(db,
		"WITH RECURSIVE up(id) AS ("
		"  SELECT ?1"
		"  UNION ALL SELECT a.parent_id FROM area a JOIN up ON a.id = up.id"
		"  WHERE a.parent_id IS NOT NULL)"
		"SELECT EXISTS (SELECT 1 FROM up WHERE id = ?2)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, scope);
	int rc = sqlite3_step(st);
	int yes = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (yes < 0)
		db_fail_sql(db, _("checking who you are"));
	return yes;
}

bool auth_current(km_db *db, user_info *out)
{
	memset(out, 0, sizeof *out);
	out->name = xstrdup(db_user(db));
	out->role = ROLE_VIEWER;
	auth_cache *c;
	if (load(db, &c) < 0)
		return false;
	out->role = c->role;
	out->scope_area_id = c->scope;
	out->known = c->known;
	if (c->users_exist && !c->known && !unknown_can_read)
		return refuse_unknown(db);
	return true;
}

void user_info_free(user_info *u)
{
	if (!u)
		return;
	free(u->name);
	memset(u, 0, sizeof *u);
}

bool auth_check(km_db *db, permission p, int64_t area_id)
{
	auth_cache *c;
	if (load(db, &c) < 0)
		return false;
	if (!c->users_exist)
		return true;
	if (!c->known && !unknown_can_read)
		return refuse_unknown(db);
	if (!role_allows(c->role, p))
		return refuse_role(db, c, p, area_id);
	if (c->role == ROLE_ADMIN || p == PERM_CRITERIA || c->scope == 0)
		return true;
	if (area_id == 0)
		return refuse_scope(db, c, 0, false);
	int in = within(db, area_id, c->scope);
	if (in < 0)
		return false;
	return in ? true : refuse_scope(db, c, area_id, false);
}

bool auth_check_below(km_db *db, permission p, int64_t area_id)
{
	if (!auth_check(db, p, area_id))
		return false;
	auth_cache *c;
	if (load(db, &c) < 0)
		return false;
	if (!c->users_exist || c->role == ROLE_ADMIN || c->scope == 0 || area_id != c->scope)
		return true;
	strbuf who, where;
	sb_init(&who);
	sb_init(&where);
	who_words(db, c, &who);
	area_words(db, area_id, &where);
	db_fail(db, _("You (%s) may change the areas below %s, not %s itself"), who.s, where.s, where.s);
	sb_free(&who);
	sb_free(&where);
	return false;
}

bool auth_can_read(km_db *db, int64_t area_id)
{
	auth_cache *c;
	if (load(db, &c) < 0)
		return false;
	if (!c->users_exist)
		return true;
	if (!c->known && !unknown_can_read)
		return refuse_unknown(db);
	if (c->role == ROLE_ADMIN || c->scope == 0 || area_id == 0)
		return true;
	/* Inside the scope, or above it (the path down to it). */
	int in = within(db, area_id, c->scope);
	if (in == 0)
		in = within(db, c->scope, area_id);
	if (in < 0)
		return false;
	if (!in)
		refuse_scope(db, c, area_id, true);
	return in != 0;
}

/* ---- Users ------------------------------------------------------------------------------------ */

/* A login name as the system gives it (also a directory's: "nva@huyen.gov.vn"): 1-64 bytes, no
 * space or control character, not starting with '-'. */
static int check_name(km_db *db, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	bool ok = n >= 1 && n <= 64 && name[0] != '-';
	for (size_t i = 0; ok && i < n; i++) {
		unsigned char ch = (unsigned char)name[i];
		ok = ch > ' ' && ch != 0x7f;
	}
	if (ok) {
		/* nor invalid UTF-8, C1 controls or invisible characters: names show in every list */
		char *clean = text_sanitize(name);
		ok = strcmp(clean, name) == 0;
		free(clean);
	}
	if (!ok) {
		/* quoted whole unless long: the message stays readable */
		size_t cut = text_fit(name ? name : "", 40, NULL);
		return db_fail(db, _("\"%.*s%s\" is not a login name (1-64 characters, no spaces)"),
			       (int)cut, name ? name : "", name && name[cut] ? "…" : "");
	}
	return 0;
}

static int check_role_scope(km_db *db, role r, int64_t scope)
{
	if (r < 0 || r >= ROLE_COUNT)
		return db_fail(db, _("unknown role"));
	if (r == ROLE_ADMIN && scope)
		return db_fail(db, _("An administrator covers every area: give no scope"));
	if ((r == ROLE_VILLAGE || r == ROLE_COMMUNE) && !scope)
		return db_fail(db, _("A %s needs a scope: the area they cover"), role_label(r));
	if (scope) {
		area a;
		if (area_get(db, scope, &a) < 0)
			return -1;
		area_free(&a);
	}
	return 0;
}

static int count_users(km_db *db, const char *sql_role, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM app_user WHERE ?1 IS NULL OR role = ?1");
	if (!st)
		return -1;
	if (sql_role)
		sqlite3_bind_text(st, 1, sql_role, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail_sql(db, _("reading the users"));
}

/* The role of name: 1 found, 0 no such user, -1 error. */
static int find_user(km_db *db, const char *name, role *r)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT role FROM app_user WHERE name = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int k = rc == SQLITE_ROW ? role_from_key((const char *)sqlite3_column_text(st, 0)) : -1;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail_sql(db, _("reading the users"));
	*r = k < 0 ? ROLE_VIEWER : (role)k;
	return 1;
}

/* Refuses taking the admin role away from name when no other admin would remain. */
static int keep_an_admin(km_db *db, const char *name, role old)
{
	if (old != ROLE_ADMIN)
		return 0;
	int64_t admins;
	if (count_users(db, "admin", &admins) < 0)
		return -1;
	if (admins <= 1)
		return db_fail(db, _("%s is the last administrator: make another user an administrator "
				     "first"), name);
	return 0;
}

static int finish(km_db *db, int rc)
{
	cache_forget(db);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* Runs sql (an INSERT or UPDATE of app_user) with ?1 name, ?2 role, ?3 scope (NULL: everywhere),
 * ?4 the user making the change, ?5 now. */
static int write_user(km_db *db, const char *sql, const char *name, role r, int64_t scope_area_id,
		      const char *context)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	char now[32];
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role_key(r), -1, SQLITE_STATIC);
	if (scope_area_id)
		sqlite3_bind_int64(st, 3, scope_area_id);
	sqlite3_bind_text(st, 4, db_user(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, db_now_iso(now, sizeof now), -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : db_fail_sql(db, context);
}

int user_add(km_db *db, const char *name, role r, int64_t scope_area_id)
{
	if (check_name(db, name) < 0 || check_role_scope(db, r, scope_area_id) < 0)
		return -1;
	if (db_begin(db) < 0)
		return -1;
	int64_t users;
	int rc = count_users(db, NULL, &users);
	if (rc == 0 && users == 0 && r != ROLE_ADMIN)
		/* Else nobody could manage the users any more: everyone would be a viewer. */
		rc = db_fail(db, _("The first user must be an administrator (--role admin), so that someone "
				   "can manage the users; %s would be a %s"), name, role_label(r));
	if (rc == 0 && users > 0 && !auth_check(db, PERM_ADMIN, 0))
		rc = -1;
	role old = ROLE_VIEWER;
	int found = rc == 0 ? find_user(db, name, &old) : 0;
	if (found < 0)
		rc = -1;
	else if (found > 0)
		rc = db_fail(db, _("%s is already a user (%s): change them with user set"), name,
			     role_label(old));
	if (rc == 0) {
		rc = write_user(db, "INSERT INTO app_user(name, role, scope_area_id, created_by, created_at, "
				"updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)",
				name, r, scope_area_id, _("adding the user"));
	}
	return finish(db, rc);
}

int user_set(km_db *db, const char *name, role r, int64_t scope_area_id)
{
	if (check_name(db, name) < 0 || check_role_scope(db, r, scope_area_id) < 0)
		return -1;
	if (db_begin(db) < 0)
		return -1;
	int rc = auth_check(db, PERM_ADMIN, 0) ? 0 : -1;
	role old = ROLE_VIEWER;
	int found = rc == 0 ? find_user(db, name, &old) : 0;
	if (found < 0)
		rc = -1;
	else if (rc == 0 && found == 0)
		rc = db_fail(db, _("%s is not a user (add them with user add)"), name);
	if (rc == 0 && r != ROLE_ADMIN)
		rc = keep_an_admin(db, name, old);
	if (rc == 0) {
		rc = write_user(db, "UPDATE app_user SET role = ?2, scope_area_id = ?3, updated_by = ?4, "
				"updated_at = ?5 WHERE name = ?1",
				name, r, scope_area_id, _("changing the user"));
	}
	return finish(db, rc);
}

int user_remove(km_db *db, const char *name)
{
	if (check_name(db, name) < 0)
		return -1;
	if (db_begin(db) < 0)
		return -1;
	int rc = auth_check(db, PERM_ADMIN, 0) ? 0 : -1;
	role old = ROLE_VIEWER;
	int found = rc == 0 ? find_user(db, name, &old) : 0;
	if (found < 0)
		rc = -1;
	else if (rc == 0 && found == 0)
		rc = db_fail(db, _("%s is not a user"), name);
	if (rc == 0)
		rc = keep_an_admin(db, name, old);
	if (rc == 0) {
		sqlite3_stmt *st = db_stmt(db, "DELETE FROM app_user WHERE name = ?1");
		if (!st) {
			rc = -1;
		} else {
			sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
			int step = sqlite3_step(st);
			sqlite3_reset(st);
			if (step != SQLITE_DONE)
				rc = db_fail_sql(db, _("removing the user"));
		}
	}
	return finish(db, rc);
}

int user_list(km_db *db, user_info **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	user_info me;
	bool allowed = auth_current(db, &me);
	user_info_free(&me);
	if (!allowed)
		return -1;
	sqlite3_stmt *st = db_stmt(db, "SELECT name, role, scope_area_id FROM app_user ORDER BY name");
	if (!st)
		return -1;
	size_t cap = 0, len = 0;
	user_info *list = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			list = xrealloc(list, cap * sizeof *list);
		}
		user_info *u = &list[len++];
		u->name = db_column_dup(st, 0);
		int r = role_from_key((const char *)sqlite3_column_text(st, 1));
		u->role = r < 0 ? ROLE_VIEWER : (role)r;
		u->scope_area_id = sqlite3_column_int64(st, 2);
		u->known = true;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < len; i++)
			user_info_free(&list[i]);
		free(list);
		return db_fail_sql(db, _("reading the users"));
	}
	*out = list;
	*n = len;
	return 0;
}
