#include "config.h"
/* The audit log read back: filtered lists (newest first, an area with everything below it) and
 * the one-line summary of what a change did, from the rows' JSON before and after. */
#include "domain/audit.h"
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- the rows' JSON ----
 * The triggers write each row as json_object('col', value, ...): a flat object whose values are
 * strings, numbers or null. This reads such an object (anything nested is kept as its raw text). */

typedef struct jfield {
	char *key;
	char *val;      /* decoded string, or the raw text of a number (or of anything else) */
	bool null;
	bool string;    /* a JSON string (1 and "1" differ) */
} jfield;

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void add_utf8(strbuf *b, unsigned long cp)
{
	char u[4];
	if (cp < 0x80) {
		sb_addc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		sb_addn(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		sb_addn(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		sb_addn(b, u, 4);
	}
}

/* A JSON string at p (on its opening quote) decoded into b; the position after it, or NULL. */
static const char *json_string(const char *p, strbuf *b)
{
	if (*p != '"')
		return NULL;
	for (p++; *p && *p != '"'; p++) {
		if (*p != '\\') {
			sb_addc(b, *p);
			continue;
		}
		p++;
		switch (*p) {
		case '"': case '\\': case '/': sb_addc(b, *p); break;
		case 'b': sb_addc(b, '\b'); break;
		case 'f': sb_addc(b, '\f'); break;
		case 'n': sb_addc(b, '\n'); break;
		case 'r': sb_addc(b, '\r'); break;
		case 't': sb_addc(b, '\t'); break;
		case 'u': {
			int hi = hex4(p + 1);
			if (hi < 0)
				return NULL;
			p += 4;
			unsigned long cp = (unsigned long)hi;
			if (hi >= 0xD800 && hi <= 0xDBFF && p[1] == '\\' && p[2] == 'u') {
				int lo = hex4(p + 3);
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + (((unsigned long)hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
					p += 6;
				}
			}
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFFFD;   /* a lone surrogate */
			add_utf8(b, cp);
			break;
		}
		default:
			return NULL;
		}
	}
	return *p == '"' ? p + 1 : NULL;
}

/* The end of a value that is not a string: a number, true/false/null, or a nested array or
 * object (skipped whole, strings inside included). NULL if unterminated. */
static const char *json_raw_end(const char *p)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == '"') {
			strbuf skip;
			sb_init(&skip);
			p = json_string(p, &skip);
			sb_free(&skip);
			if (!p)
				return NULL;
			p--;
		} else if (*p == '[' || *p == '{') {
			depth++;
		} else if (*p == ']' || *p == '}') {
			if (depth == 0)
				return p;
			depth--;
		} else if (*p == ',' && depth == 0) {
			return p;
		}
	}
	return depth == 0 ? p : NULL;
}

static void jfields_free(jfield *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].key);
		free(f[i].val);
	}
	free(f);
}

/* The fields of a flat JSON object, in order. -1 (nothing to free) if json is not an object. */
static int json_fields(const char *json, jfield **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!json)
		return -1;
	const char *p = skip_ws(json);
	if (*p++ != '{')
		return -1;
	jfield *f = NULL;
	size_t nf = 0, cap = 0;
	p = skip_ws(p);
	if (*p == '}')
		goto done;
	for (;;) {
		strbuf k, v;
		sb_init(&k);
		sb_init(&v);
		p = json_string(skip_ws(p), &k);
		if (p)
			p = skip_ws(p);
		if (!p || *p != ':') {
			sb_free(&k);
			sb_free(&v);
			goto bad;
		}
		p = skip_ws(p + 1);
		bool null = false, string = *p == '"';
		if (string) {
			p = json_string(p, &v);
		} else {
			const char *end = json_raw_end(p);
			if (end) {
				while (end > p && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\t' ||
						   end[-1] == '\r'))
					end--;
				sb_addn(&v, p, (size_t)(end - p));
				null = end - p == 4 && strncmp(p, "null", 4) == 0;
				p = skip_ws(end);
			}
			if (!end)
				p = NULL;
		}
		if (!p) {
			sb_free(&k);
			sb_free(&v);
			goto bad;
		}
		if (nf == cap) {
			cap = cap ? cap * 2 : 16;
			f = xrealloc(f, cap * sizeof *f);
		}
		f[nf].key = sb_take(&k);
		f[nf].val = sb_take(&v);
		f[nf].null = null;
		f[nf].string = string;
		nf++;
		p = skip_ws(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '}')
			break;
		goto bad;
	}
done:
	*out = f;
	*n = nf;
	return 0;
bad:
	jfields_free(f, nf);
	return -1;
}

static const jfield *jfind(const jfield *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].key, key) == 0)
			return &f[i];
	return NULL;
}

static bool jsame(const jfield *a, const jfield *b)
{
	if (!a || !b)
		return !a && !b;
	if (a->null || b->null)
		return a->null && b->null;
	return a->string == b->string && strcmp(a->val, b->val) == 0;
}

/* Columns every table keeps for itself: when and by whom, derived keys. */
static bool bookkeeping(const char *key)
{
	static const char *const names[] = {
		"created_at", "created_by", "updated_at", "updated_by", "recorded_at", "recorded_by",
		"imported_at", "sort_key", "name_folded",
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(key, names[i]) == 0)
			return true;
	return false;
}

#define VALUE_COLS 60

/* A value on one line, cut to about VALUE_COLS columns. */
static void add_value(strbuf *out, const jfield *f)
{
	if (!f || f->null) {
		sb_add(out, "—");
		return;
	}
	char *clean = text_sanitize(f->val);   /* control characters out, line breaks to spaces */
	int used = 0;
	size_t fit = text_fit(clean, VALUE_COLS, &used);
	if (clean[fit]) {
		fit = text_fit(clean, VALUE_COLS - 1, &used);
		sb_addn(out, clean, fit);
		sb_add(out, "…");
	} else {
		sb_add(out, clean);
	}
	free(clean);
}

void audit_changed_fields(const char *old_row, const char *new_row, strbuf *out)
{
	jfield *o = NULL, *n = NULL;
	size_t no = 0, nn = 0;
	if (json_fields(old_row, &o, &no) < 0 || json_fields(new_row, &n, &nn) < 0) {
		jfields_free(o, no);
		return;
	}
	bool first = true;
	for (size_t i = 0; i < nn; i++) {
		if (jsame(&n[i], jfind(o, no, n[i].key)))
			continue;
		sb_printf(out, "%s%s", first ? "" : ", ", n[i].key);
		first = false;
	}
	/* Columns only the old row has (a column dropped since: should not happen). */
	for (size_t i = 0; i < no; i++) {
		if (jfind(n, nn, o[i].key))
			continue;
		sb_printf(out, "%s%s", first ? "" : ", ", o[i].key);
		first = false;
	}
	jfields_free(o, no);
	jfields_free(n, nn);
}

/* The changed fields of an update: "key: old → new" joined by "; "; with_bookkeeping false
 * leaves those columns out. Returns how many were added. */
static int add_changes(strbuf *out, const jfield *o, size_t no, const jfield *n, size_t nn,
		       bool with_bookkeeping)
{
	int count = 0;
	for (size_t i = 0; i < nn; i++) {
		const jfield *before = jfind(o, no, n[i].key);
		if (jsame(&n[i], before) || (!with_bookkeeping && bookkeeping(n[i].key)))
			continue;
		if (count++)
			sb_add(out, "; ");
		sb_printf(out, "%s: ", n[i].key);
		add_value(out, before);
		sb_add(out, " → ");
		add_value(out, &n[i]);
	}
	return count;
}

void audit_summary(const char *action, const char *old_row, const char *new_row, strbuf *out)
{
	jfield *o = NULL, *n = NULL;
	size_t no = 0, nn = 0;
	bool update = action && strcmp(action, "update") == 0;
	if (update) {
		if (json_fields(old_row, &o, &no) == 0 && json_fields(new_row, &n, &nn) == 0 &&
		    add_changes(out, o, no, n, nn, false) == 0)
			add_changes(out, o, no, n, nn, true);
		jfields_free(o, no);
		jfields_free(n, nn);
		return;
	}
	/* An insert shows what was written, a delete what was lost. */
	const char *json = new_row ? new_row : old_row;
	if (json_fields(json, &n, &nn) < 0)
		return;
	int count = 0;
	for (size_t i = 0; i < nn; i++) {
		if (n[i].null || bookkeeping(n[i].key) || strcmp(n[i].key, "id") == 0 ||
		    strcmp(n[i].key, "area_id") == 0)
			continue;
		if (count++)
			sb_add(out, "; ");
		sb_printf(out, "%s: ", n[i].key);
		add_value(out, &n[i]);
	}
	jfields_free(n, nn);
}

const char *audit_action_label(const char *action)
{
	if (!action)
		return "";
	if (strcmp(action, "insert") == 0)
		return _("added");
	if (strcmp(action, "update") == 0)
		return _("changed");
	if (strcmp(action, "delete") == 0)
		return _("deleted");
	return action;
}

const char *audit_table_label(const char *table)
{
	static const struct { const char *table, *label; } labels[] = {
		{ "area", N_("area") },
		{ "criteria_set", N_("criteria set") },
		{ "year_criteria_set", N_("year's criteria set") },
		{ "assessment", N_("assessment") },
		{ "area_fact", N_("area fact") },
		{ "criterion_org", N_("organisation in charge") },
		{ "registration", N_("registration") },
		{ "cycle_step", N_("cycle step") },
		{ "recognition", N_("recognition") },
		{ "recheck", N_("re-check") },
		{ "award", N_("commendation") },
		{ "resource_entry", N_("resource entry") },
		{ "target", N_("target") },
		{ "app_user", N_("user") },
	};
	if (!table)
		return "";
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(table, labels[i].table) == 0)
			return _(labels[i].label);
	return table;
}

/* ---- listing ---- */

void audit_rows_free(audit_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].at);
		free(rows[i].user);
		free(rows[i].table);
		free(rows[i].row_key);
		free(rows[i].action);
		free(rows[i].area_code);
		free(rows[i].area_path);
		free(rows[i].old_row);
		free(rows[i].new_row);
	}
	free(rows);
}

#define AUDIT_COLUMNS \
	"u.id, u.at, u.user, u.tbl, u.row_key, u.action, u.area_id, ar.code, u.old_row, u.new_row "

/* Every filter is optional: a NULL parameter matches everything. ?1 the area (everything below
 * it too, down area.parent_id), ?2 the user, ?3 the local date the changes start from (its
 * midnight as UTC, the form `at` is written in), ?4 the table, ?5 the row's key, ?6 the limit
 * (-1: none), ?7 the row's key as an id (NULL if it is not one): a row of an import is logged
 * with the others of its area, by id range (first_id..last_id, schema v7). */
static const char sql_filtered[] =
	"WITH RECURSIVE below(id) AS ("
	"  SELECT ?1 WHERE ?1 IS NOT NULL"
	"  UNION SELECT a.id FROM area a JOIN below b ON a.parent_id = b.id) "
	"SELECT " AUDIT_COLUMNS
	"FROM audit u LEFT JOIN area ar ON ar.id = u.area_id "
	"WHERE (?1 IS NULL OR u.area_id IN below) "
	"  AND (?2 IS NULL OR u.user = ?2) "
	"  AND (?3 IS NULL OR u.at >= strftime('%Y-%m-%dT%H:%M:%SZ', ?3, 'utc')) "
	"  AND (?4 IS NULL OR u.tbl = ?4) "
	"  AND (?5 IS NULL OR u.row_key = ?5 OR (u.last_id >= ?7 AND u.first_id <= ?7)) "
	"ORDER BY u.id DESC LIMIT ?6";
/* One record's changes (the TUI's history of a row): by the (tbl, row_key) index, and the
 * (tbl, last_id) one for the imports' ranges. */
static const char sql_record[] =
	"SELECT " AUDIT_COLUMNS
	"FROM (SELECT * FROM audit WHERE tbl = ?4 AND row_key = ?5 "
	"      UNION ALL SELECT * FROM audit WHERE tbl = ?4 AND last_id >= ?7 AND first_id <= ?7) u "
	"LEFT JOIN area ar ON ar.id = u.area_id "
	"WHERE (?1 IS NULL OR u.area_id IN ("
	"    WITH RECURSIVE below(id) AS ("
	"      SELECT ?1 UNION SELECT a.id FROM area a JOIN below b ON a.parent_id = b.id)"
	"    SELECT id FROM below)) "
	"  AND (?2 IS NULL OR u.user = ?2) "
	"  AND (?3 IS NULL OR u.at >= strftime('%Y-%m-%dT%H:%M:%SZ', ?3, 'utc')) "
	"ORDER BY u.id DESC LIMIT ?6";

/* The short path of an area: from the commune level down, or its own name above that. */
static char *short_path(struct km_db *db, int64_t id)
{
	area *path = NULL;
	size_t n = 0;
	if (area_path(db, id, &path, &n) < 0)
		return xstrdup("");
	size_t from = n - 1;
	while (from > 0 && area_kind_level(path[from - 1].kind) >= 2)
		from--;
	strbuf b;
	sb_init(&b);
	area_path_text(path + from, n - from, " › ", &b);
	areas_free(path, n);
	return sb_take(&b);
}

/* Short paths already made, sorted by area id (a log has many rows of few areas). */
typedef struct path_cache {
	struct { int64_t id; char *path; } *v;
	size_t n, cap;
} path_cache;

static const char *cached_path(struct km_db *db, path_cache *c, int64_t id)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->v[mid].id == id)
			return c->v[mid].path;
		if (c->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	memmove(&c->v[lo + 1], &c->v[lo], (c->n - lo) * sizeof *c->v);
	c->v[lo].id = id;
	c->v[lo].path = short_path(db, id);
	c->n++;
	return c->v[lo].path;
}

static void row_free(audit_row *r)
{
	free(r->at);
	free(r->user);
	free(r->table);
	free(r->row_key);
	free(r->action);
	free(r->area_code);
	free(r->area_path);
	free(r->old_row);
	free(r->new_row);
	memset(r, 0, sizeof *r);
}

/* A row key that is an id ("123"), not a composite key ("[1,2025]"). */
static bool key_id(const char *key, int64_t *id)
{
	char *end;
	errno = 0;
	long long v = strtoll(key, &end, 10);
	if (end == key || *end || errno == ERANGE || *key < '0' || *key > '9')
		return false;
	*id = v;
	return true;
}

int audit_each(struct km_db *db, const audit_filter *f, int (*fn)(const audit_row *r, void *ctx), void *ctx)
{
	audit_filter none = { 0 };
	if (!f)
		f = &none;
	bool record = f->table && f->row_key;
	sqlite3_stmt *st = db_stmt(db, record ? sql_record : sql_filtered);
	if (!st)
		return -1;
	if (f->area_id)
		sqlite3_bind_int64(st, 1, f->area_id);
	if (f->user)
		sqlite3_bind_text(st, 2, f->user, -1, SQLITE_STATIC);
	if (f->since)
		sqlite3_bind_text(st, 3, f->since, -1, SQLITE_STATIC);
	if (f->table)
		sqlite3_bind_text(st, 4, f->table, -1, SQLITE_STATIC);
	int64_t id;
	if (f->row_key) {
		sqlite3_bind_text(st, 5, f->row_key, -1, SQLITE_STATIC);
		if (key_id(f->row_key, &id))
			sqlite3_bind_int64(st, 7, id);
	}
	sqlite3_bind_int(st, 6, f->limit > 0 ? f->limit : -1);
	path_cache paths = { 0 };
	int rc = SQLITE_DONE, stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		audit_row r;
		memset(&r, 0, sizeof r);
		r.id = sqlite3_column_int64(st, 0);
		r.at = db_column_dup(st, 1);
		r.user = db_column_dup(st, 2);
		r.table = db_column_dup(st, 3);
		r.row_key = db_column_dup(st, 4);
		r.action = db_column_dup(st, 5);
		r.area_id = sqlite3_column_int64(st, 6);
		r.area_code = db_column_dup(st, 7);
		r.old_row = db_column_dup(st, 8);
		r.new_row = db_column_dup(st, 9);
		r.area_path = xstrdup(r.area_id && r.area_code ? cached_path(db, &paths, r.area_id) : "");
		stop = fn(&r, ctx);
		row_free(&r);
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < paths.n; i++)
		free(paths.v[i].path);
	free(paths.v);
	if (!stop && rc != SQLITE_DONE)
		return db_fail_sql(db, _("reading the audit log"));
	return 0;
}

typedef struct collector {
	audit_row *v;
	size_t n, cap;
} collector;

/* Keeps a copy of the row (audit_each frees its own). */
static int collect(const audit_row *r, void *ctx)
{
	collector *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	audit_row *d = &c->v[c->n++];
	*d = *r;
	d->at = r->at ? xstrdup(r->at) : NULL;
	d->user = r->user ? xstrdup(r->user) : NULL;
	d->table = r->table ? xstrdup(r->table) : NULL;
	d->row_key = r->row_key ? xstrdup(r->row_key) : NULL;
	d->action = r->action ? xstrdup(r->action) : NULL;
	d->area_code = r->area_code ? xstrdup(r->area_code) : NULL;
	d->area_path = xstrdup(r->area_path);
	d->old_row = r->old_row ? xstrdup(r->old_row) : NULL;
	d->new_row = r->new_row ? xstrdup(r->new_row) : NULL;
	return 0;
}

int audit_list(struct km_db *db, const audit_filter *f, audit_row **out, size_t *n)
{
	collector c = { 0 };
	*out = NULL;
	*n = 0;
	if (audit_each(db, f, collect, &c) < 0) {
		audit_rows_free(c.v, c.n);
		return -1;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}
