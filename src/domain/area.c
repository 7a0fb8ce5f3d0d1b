#include "config.h"
#include "domain/area.h"
#include <stdlib.h>
#include <string.h>
#include "domain/auth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/text.h"

#define AREA_NAME_MAX 200

static const struct {
	const char *key;
	const char *label;
	int level;
} kinds[AREA_KIND_COUNT] = {
	[AREA_PROVINCE] = { "province", N_("province"), 0 },
	[AREA_DISTRICT] = { "district", N_("district"), 1 },
	[AREA_COMMUNE] = { "commune", N_("commune"), 2 },
	[AREA_TOWN] = { "town", N_("town"), 2 },
	[AREA_WARD] = { "ward", N_("ward"), 2 },
	[AREA_VILLAGE] = { "village", N_("village"), 3 },
	[AREA_RESIDENTIAL_GROUP] = { "residential_group", N_("residential group"), 3 },
};

const char *area_kind_key(area_kind k) { return kinds[k].key; }
const char *area_kind_label(area_kind k) { return _(kinds[k].label); }
int area_kind_level(area_kind k) { return kinds[k].level; }

int area_kind_from_key(const char *key)
{
	for (int i = 0; i < AREA_KIND_COUNT; i++)
		if (strcmp(kinds[i].key, key) == 0)
			return i;
	return -1;
}

bool area_kind_assessable(area_kind k)
{
	return k == AREA_VILLAGE || k == AREA_RESIDENTIAL_GROUP;
}

/* Since July 2025 communes sit directly under provinces, so a commune-level unit may have either
 * a district or a province above it. */
bool area_kind_allowed_under(area_kind parent, area_kind child)
{
	int lp = kinds[parent].level, lc = kinds[child].level;
	if (lc == 1)
		return lp == 0;
	if (lc == 2)
		return lp == 0 || lp == 1;
	if (lc == 3)
		return lp == 2;
	return false;
}

area_kind area_kind_default_child(area_kind parent)
{
	switch (kinds[parent].level) {
	case 0: return AREA_DISTRICT;
	case 1: return AREA_COMMUNE;
	case 2: return parent == AREA_COMMUNE ? AREA_VILLAGE : AREA_RESIDENTIAL_GROUP;
	default: return AREA_VILLAGE;
	}
}

void area_free(area *a)
{
	if (!a)
		return;
	free(a->code);
	free(a->name);
	free(a->origin);
	memset(a, 0, sizeof *a);
}

void areas_free(area *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		area_free(&list[i]);
	free(list);
}

#define AREA_COLUMNS \
	"a.id, coalesce(a.parent_id, 0), a.code, a.code_official, a.name, a.kind, a.origin, " \
	"(SELECT count(*) FROM area c WHERE c.parent_id = a.id)"

static void area_from_row(sqlite3_stmt *st, area *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->parent_id = sqlite3_column_int64(st, 1);
	a->code = xstrdup((const char *)sqlite3_column_text(st, 2));
	a->code_official = sqlite3_column_int(st, 3) != 0;
	a->name = xstrdup((const char *)sqlite3_column_text(st, 4));
	int k = area_kind_from_key((const char *)sqlite3_column_text(st, 5));
	a->kind = k < 0 ? AREA_VILLAGE : (area_kind)k;
	a->origin = xstrdup((const char *)sqlite3_column_text(st, 6));
	a->nchildren = sqlite3_column_int(st, 7);
}

int area_get(km_db *db, int64_t id, area *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, "SELECT " AREA_COLUMNS " FROM area a WHERE a.id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		area_from_row(st, out);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return db_fail(db, _("no such area"));
	return db_fail_sql(db, _("reading an area"));
}

static int collect(km_db *db, sqlite3_stmt *st, area **out, size_t *n)
{
	size_t cap = 16, len = 0;
	area *list = xmalloc(cap * sizeof *list);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap)
			list = xrealloc(list, (cap *= 2) * sizeof *list);
		area_from_row(st, &list[len++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		areas_free(list, len);
		return db_fail_sql(db, _("reading areas"));
	}
	*out = list;
	*n = len;
	return 0;
}

int area_children(km_db *db, int64_t parent_id, area **out, size_t *n)
{
	sqlite3_stmt *st;
	if (parent_id) {
		st = db_stmt(db, "SELECT " AREA_COLUMNS " FROM area a WHERE a.parent_id = ?1 "
				 "ORDER BY a.sort_key, a.id");
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, parent_id);
	} else {
		st = db_stmt(db, "SELECT " AREA_COLUMNS " FROM area a WHERE a.parent_id IS NULL "
				 "ORDER BY a.sort_key, a.id");
		if (!st)
			return -1;
	}
	return collect(db, st, out, n);
}

int area_path(km_db *db, int64_t id, area **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"WITH RECURSIVE up(id, depth) AS ("
		"  SELECT ?1, 0"
		"  UNION ALL SELECT p.parent_id, up.depth + 1 FROM area p JOIN up ON p.id = up.id"
		"  WHERE p.parent_id IS NOT NULL)"
		"SELECT " AREA_COLUMNS " FROM up JOIN area a ON a.id = up.id ORDER BY up.depth DESC");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (collect(db, st, out, n) < 0)
		return -1;
	if (*n == 0) {
		free(*out);
		return db_fail(db, _("no such area"));
	}
	return 0;
}

void area_path_text(area *path, size_t n, const char *sep, strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_add(out, sep);
		sb_add(out, path[i].name);
	}
}

/* Cleans a name typed by a user and checks its length. malloc'd, or NULL with the error set. */
static char *clean_name(km_db *db, const char *name)
{
	char *clean = text_sanitize(name);
	size_t chars = 0;
	for (const char *p = clean; *p; p += text_char_len(p))
		chars++;
	if (chars == 0) {
		free(clean);
		db_fail(db, _("The name is empty"));
		return NULL;
	}
	if (chars > AREA_NAME_MAX) {
		free(clean);
		db_fail(db, _("The name is longer than %d characters"), AREA_NAME_MAX);
		return NULL;
	}
	/* '/' separates the parts of a path such as "Lạc Xuân/Thôn 1". */
	if (strchr(clean, '/')) {
		free(clean);
		db_fail(db, _("A name cannot contain '/' (it separates the parts of a path)"));
		return NULL;
	}
	return clean;
}

/* Refuses a second child of the same parent with the same name (ignoring tone marks and case). */
static int check_sibling_name(km_db *db, int64_t parent_id, int64_t self, const char *folded)
{
	/* Through the parent's children ("+": not the name index, where "thon 1" has a row in every
	 * commune of the country). */
	sqlite3_stmt *st = db_stmt(db, "SELECT name FROM area WHERE parent_id IS ?1 AND "
				       "+name_folded = ?2 AND id <> ?3");
	if (!st)
		return -1;
	if (parent_id)
		sqlite3_bind_int64(st, 1, parent_id);
	sqlite3_bind_text(st, 2, folded, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, self);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int r = db_fail(db, _("There is already an area named \"%s\" here"),
				(const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return r;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("checking the name"));
}

/* parent code + "-" + the first free two-digit number: "24934-03". */
static int generate_code(km_db *db, const area *parent, strbuf *code)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM area WHERE code = ?1");
	if (!st)
		return -1;
	for (int i = 1; i < 100000; i++) {
		sb_clear(code);
		sb_printf(code, "%s-%02d", parent ? parent->code : "A", i);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, code->s, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return 0;
		if (rc != SQLITE_ROW)
			return db_fail_sql(db, _("making a code"));
	}
	return db_fail(db, _("no free code left under %s"), parent ? parent->code : "-");
}

int area_insert(km_db *db, int64_t parent_id, const char *name, area_kind kind,
		const char *code, bool official, const char *origin, int64_t *id_out)
{
	area parent = { 0 };
	if (parent_id) {
		if (area_get(db, parent_id, &parent) < 0)
			return -1;
		if (!area_kind_allowed_under(parent.kind, kind)) {
			int r = db_fail(db, _("A %s cannot be placed under a %s"), area_kind_label(kind),
					area_kind_label(parent.kind));
			area_free(&parent);
			return r;
		}
	} else if (kind != AREA_PROVINCE) {
		return db_fail(db, _("Only a province can be at the top of the tree"));
	}
	int rc = -1;
	strbuf gen;
	sb_init(&gen);
	char *clean = clean_name(db, name);
	char *folded = clean ? text_fold(clean) : NULL;
	size_t keylen = 0;
	unsigned char *key = clean ? text_sortkey(clean, &keylen) : NULL;
	if (!clean || check_sibling_name(db, parent_id, 0, folded) < 0)
		goto out;
	if (!code || !*code) {
		if (generate_code(db, parent_id ? &parent : NULL, &gen) < 0)
			goto out;
		code = gen.s;
		official = false;
	}
	int64_t id = db_new_id(db);
	if (!id)
		goto out;
	char now[32];
	db_now_iso(now, sizeof now);
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO area(id, code, code_official, name, kind, parent_id, name_folded, sort_key, "
		"origin, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, official);
	sqlite3_bind_text(st, 4, clean, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, area_kind_key(kind), -1, SQLITE_STATIC);
	if (parent_id)
		sqlite3_bind_int64(st, 6, parent_id);
	sqlite3_bind_text(st, 7, folded, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, key, (int)keylen, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(db_handle(db)) & 0xff) == SQLITE_CONSTRAINT)
			db_fail(db, _("The code %s is already used by another area"), code);
		else
			db_fail_sql(db, _("adding the area"));
		goto out;
	}
	if (id_out)
		*id_out = id;
	rc = 0;
out:
	area_free(&parent);
	sb_free(&gen);
	free(clean);
	free(folded);
	free(key);
	return rc;
}

int area_add(km_db *db, int64_t parent_id, const char *name, area_kind kind, int64_t *id_out)
{
	if (!auth_check(db, PERM_STRUCTURE, parent_id))
		return -1;
	if (db_begin(db) < 0)
		return -1;
	if (area_insert(db, parent_id, name, kind, NULL, false, "user", id_out) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int area_rename(km_db *db, int64_t id, const char *name)
{
	if (!auth_check_below(db, PERM_STRUCTURE, id))
		return -1;
	if (db_begin(db) < 0)
		return -1;
	area a;
	if (area_get(db, id, &a) < 0) {
		db_rollback(db);
		return -1;
	}
	char *clean = clean_name(db, name);
	char *folded = clean ? text_fold(clean) : NULL;
	size_t keylen = 0;
	unsigned char *key = clean ? text_sortkey(clean, &keylen) : NULL;
	int rc = -1;
	if (!clean || check_sibling_name(db, a.parent_id, id, folded) < 0)
		goto out;
	char now[32];
	sqlite3_stmt *st = db_stmt(db, "UPDATE area SET name = ?2, name_folded = ?3, sort_key = ?4, "
				       "updated_at = ?5 WHERE id = ?1");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, clean, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, folded, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, key, (int)keylen, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, db_now_iso(now, sizeof now), -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		db_fail_sql(db, _("renaming the area"));
		goto out;
	}
	rc = db_commit(db);
out:
	if (rc < 0)
		db_rollback(db);
	area_free(&a);
	free(clean);
	free(folded);
	free(key);
	return rc;
}

int area_count(km_db *db, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM area");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return db_fail_sql(db, _("counting areas"));
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int area_tree_key(km_db *db, int64_t id, unsigned char **key, size_t *len)
{
	sqlite3_stmt *st = db_stmt(db,
		"WITH RECURSIVE up(id, depth) AS ("
		"  SELECT ?1, 0"
		"  UNION ALL SELECT p.parent_id, up.depth + 1 FROM area p JOIN up ON p.id = up.id"
		"  WHERE p.parent_id IS NOT NULL)"
		"SELECT a.sort_key, a.id FROM up JOIN area a ON a.id = up.id ORDER BY up.depth DESC");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	strbuf b;
	sb_init(&b);
	int rc;
	/* Each level: its sort key, 0x01 (below every key byte), then its id: ancestors sort
	 * before descendants, siblings alphabetically, namesakes by id. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sb_addn(&b, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
		sb_addc(&b, 0x01);
		uint64_t v = (uint64_t)sqlite3_column_int64(st, 1);
		for (int i = 7; i >= 0; i--)
			sb_addc(&b, (char)(v >> (i * 8)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sb_free(&b);
		return db_fail_sql(db, _("reading areas"));
	}
	*len = b.len;
	*key = (unsigned char *)b.s;
	return 0;
}

struct keyed {
	int64_t id;
	unsigned char *key;
	size_t len;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* Sorts ids into tree order. */
static int sort_tree_order(km_db *db, int64_t *ids, size_t n)
{
	struct keyed *k = xcalloc(n ? n : 1, sizeof *k);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		k[i].id = ids[i];
		rc = area_tree_key(db, ids[i], &k[i].key, &k[i].len);
	}
	if (rc == 0) {
		qsort(k, n, sizeof *k, cmp_keyed);
		for (size_t i = 0; i < n; i++)
			ids[i] = k[i].id;
	}
	for (size_t i = 0; i < n; i++)
		free(k[i].key);
	free(k);
	return rc;
}

/* Ids of areas whose folded name equals (exact) or contains the folded query. */
static int find_by_name(km_db *db, const char *folded, bool exact, int64_t **ids, size_t *n)
{
	sqlite3_stmt *st = exact
		? db_stmt(db, "SELECT id FROM area WHERE name_folded = ?1")
		: db_stmt(db, "SELECT id FROM area WHERE instr(name_folded, ?1) > 0");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, folded, -1, SQLITE_TRANSIENT);
	size_t cap = 16, len = 0;
	int64_t *list = xmalloc(cap * sizeof *list);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap)
			list = xrealloc(list, (cap *= 2) * sizeof *list);
		list[len++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(list);
		return db_fail_sql(db, _("searching areas"));
	}
	*ids = list;
	*n = len;
	return 0;
}

int area_tree_key_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
	size_t n = al < bl ? al : bl;
	int c = memcmp(a, b, n);
	return c ? c : (al > bl) - (al < bl);
}

void area_matches_free(area_match *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		free(m[i].key);
	free(m);
}

static int cmp_match(const void *a, const void *b)
{
	const area_match *x = a, *y = b;
	return area_tree_key_cmp(x->key, x->len, y->key, y->len);
}

int area_search_keyed(km_db *db, const char *query, area_match **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char *folded = text_fold(query);
	int64_t *ids;
	size_t nids;
	int rc = find_by_name(db, folded, false, &ids, &nids);
	free(folded);
	if (rc < 0)
		return -1;
	area_match *m = xcalloc(nids ? nids : 1, sizeof *m);
	for (size_t i = 0; i < nids && rc == 0; i++) {
		m[i].id = ids[i];
		rc = area_tree_key(db, ids[i], &m[i].key, &m[i].len);
	}
	free(ids);
	if (rc < 0) {
		area_matches_free(m, nids);
		return -1;
	}
	qsort(m, nids, sizeof *m, cmp_match);
	*out = m;
	*n = nids;
	return 0;
}

int area_search(km_db *db, const char *query, int64_t **ids, size_t *n)
{
	char *folded = text_fold(query);
	int rc = find_by_name(db, folded, false, ids, n);
	free(folded);
	if (rc < 0)
		return -1;
	if (sort_tree_order(db, *ids, *n) < 0) {
		free(*ids);
		return -1;
	}
	return 0;
}

/* Whether one of the ancestors of id (not id itself) is in set. */
static int has_ancestor_in(km_db *db, int64_t id, const int64_t *set, size_t nset, bool *yes)
{
	area *path;
	size_t n;
	*yes = false;
	if (area_path(db, id, &path, &n) < 0)
		return -1;
	for (size_t i = 0; i + 1 < n && !*yes; i++)
		for (size_t j = 0; j < nset; j++)
			if (path[i].id == set[j])
				*yes = true;
	areas_free(path, n);
	return 0;
}

/* Candidates for one part of a path spec, below the previous part's matches (if any). */
static int match_part(km_db *db, const char *part, const int64_t *above, size_t nabove,
		      int64_t **out, size_t *nout)
{
	char *folded = text_fold(part);
	for (int exact = 1; exact >= 0; exact--) {
		int64_t *ids;
		size_t n, kept = 0;
		if (find_by_name(db, folded, exact, &ids, &n) < 0) {
			free(folded);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			bool ok = true;
			if (above && has_ancestor_in(db, ids[i], above, nabove, &ok) < 0) {
				free(ids);
				free(folded);
				return -1;
			}
			if (ok)
				ids[kept++] = ids[i];
		}
		if (kept || !exact) {
			*out = ids;
			*nout = kept;
			free(folded);
			return 0;
		}
		free(ids);
	}
	free(folded);
	return 0;   /* not reached */
}

static int fail_ambiguous(km_db *db, const char *spec, int64_t *ids, size_t n)
{
	if (sort_tree_order(db, ids, n) < 0)
		return -1;
	strbuf b;
	sb_init(&b);
	sb_printf(&b, _("\"%s\" matches %zu areas; give a code or a path such as \"Lạc Xuân/Thôn 1\":"),
		  spec, n);
	for (size_t i = 0; i < n && i < 20; i++) {
		area *path;
		size_t np;
		if (area_path(db, ids[i], &path, &np) < 0)
			break;
		sb_printf(&b, "\n  %-10s ", path[np - 1].code);
		area_path_text(path, np, "/", &b);
		areas_free(path, np);
	}
	if (n > 20)
		sb_printf(&b, _("\n  ... and %zu more"), n - 20);
	db_fail(db, "%s", b.s);
	sb_free(&b);
	return -1;
}

int area_resolve(km_db *db, const char *spec, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM area WHERE code = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, spec, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);

	int64_t *above = NULL, *cur = NULL;
	size_t nabove = 0, ncur = 0;
	char *copy = xstrdup(spec);
	char *save = NULL;
	for (char *part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (match_part(db, part, above, nabove, &cur, &ncur) < 0) {
			free(above);
			free(copy);
			return -1;
		}
		free(above);
		above = cur;
		nabove = ncur;
		if (ncur == 0)
			break;
	}
	free(copy);
	int rc;
	if (nabove == 1) {
		*id = above[0];
		rc = 0;
	} else if (nabove == 0) {
		rc = db_fail(db, _("No area matches \"%s\" (give its code or its name)"), spec);
	} else {
		rc = fail_ambiguous(db, spec, above, nabove);
	}
	free(above);
	return rc;
}
