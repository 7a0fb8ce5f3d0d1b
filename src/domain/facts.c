#include "config.h"
#include "domain/facts.h"
#include "domain/area.h"
#include "domain/assessment.h"
#include "domain/auth.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

#define INTEGER_MAX 10000000.0   /* households, population: more than any village has */
#define NUMBER_MAX 100000.0      /* km of road */

static const fact_def defs[] = {
	{ "households", N_("Households"), "hộ", FACT_INTEGER },
	{ "population", N_("Population"), "người", FACT_INTEGER },
	{ "residents", N_("Residents surveyed"), "người", FACT_INTEGER },
	{ "area_type", N_("Area type (KV1, KV2)"), NULL, FACT_AREA_TYPE },
	{ "road_km", N_("Main road length"), "km", FACT_NUMBER },
	{ "lane_km", N_("Lane length"), "km", FACT_NUMBER },
};
#define NDEFS (sizeof defs / sizeof defs[0])

const fact_def *fact_defs(size_t *n)
{
	*n = NDEFS;
	return defs;
}

const fact_def *fact_def_find(const char *key)
{
	for (size_t i = 0; key && i < NDEFS; i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

/* ---- reading ---- */

static void value_free(fact_value *v)
{
	free(v->key);
	free(v->text);
	free(v->updated_by);
	free(v->updated_at);
}

void facts_free(area_facts *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		value_free(&f->values[i]);
	free(f->values);
	memset(f, 0, sizeof *f);
}

int facts_load(km_db *db, int64_t area_id, int year, area_facts *out)
{
	memset(out, 0, sizeof *out);
	out->area_id = area_id;
	out->year = year;
	sqlite3_stmt *st = db_stmt(db, "SELECT key, value_num, value_text, updated_by, updated_at "
				       "FROM area_fact WHERE area_id = ?1 AND year = ?2 ORDER BY key");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap)
			out->values = xrealloc(out->values, (cap = cap ? cap * 2 : 8) * sizeof *out->values);
		fact_value *v = &out->values[out->n++];
		memset(v, 0, sizeof *v);
		v->key = db_column_dup(st, 0);
		v->is_text = sqlite3_column_type(st, 1) == SQLITE_NULL;
		if (v->is_text)
			v->text = db_column_dup(st, 2);
		else
			v->num = sqlite3_column_double(st, 1);
		v->updated_by = db_column_dup(st, 3);
		v->updated_at = db_column_dup(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		facts_free(out);
		return db_fail_sql(db, _("reading the facts"));
	}
	return 0;
}

static const fact_value *find_value(const area_facts *f, const char *key)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->values[i].key, key) == 0)
			return &f->values[i];
	return NULL;
}

bool facts_number(const area_facts *f, const char *key, double *value)
{
	const fact_value *v = find_value(f, key);
	if (!v || v->is_text)
		return false;
	*value = v->num;
	return true;
}

const char *facts_area_type(const area_facts *f)
{
	const fact_value *v = find_value(f, "area_type");
	return v && v->is_text ? v->text : NULL;
}

/* ---- allowed keys ---- */

static bool list_has(char **list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

int facts_allowed_keys(km_db *db, char ***keys, size_t *n)
{
	*keys = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT DISTINCT base FROM criterion "
				       "WHERE base IS NOT NULL AND length(base) BETWEEN 1 AND 40 ORDER BY base");
	if (!st)
		return -1;
	size_t cap = NDEFS + 8, len = 0;
	char **list = xmalloc(cap * sizeof *list);
	for (size_t i = 0; i < NDEFS; i++)
		list[len++] = xstrdup(defs[i].key);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *base = (const char *)sqlite3_column_text(st, 0);
		if (!base || list_has(list, len, base))
			continue;
		if (len == cap)
			list = xrealloc(list, (cap *= 2) * sizeof *list);
		list[len++] = xstrdup(base);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < len; i++)
			free(list[i]);
		free(list);
		return db_fail_sql(db, _("reading the criteria's bases"));
	}
	*keys = list;
	*n = len;
	return 0;
}

static void keys_free(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* ---- validation ---- */

/* What a typed value becomes. */
typedef struct parsed {
	bool remove;        /* empty: delete the fact */
	bool is_text;
	double num;
	char code[KM_AREA_TYPE_MAX + 1];
} parsed;

static bool is_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static bool parse_area_type(const char *text, parsed *p, char *err, size_t cap)
{
	char *clean = text_sanitize(text);
	size_t len = strlen(clean);
	bool ok = len >= 1 && len <= KM_AREA_TYPE_MAX;
	for (size_t i = 0; ok && i < len; i++) {
		unsigned char c = (unsigned char)clean[i];
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			ok = false;
		p->code[i] = (char)c;
	}
	free(clean);
	if (!ok) {
		snprintf(err, cap, _("The area type is a code of 1 to %d letters and digits without spaces, "
				     "such as KV1 or KV2"), KM_AREA_TYPE_MAX);
		return false;
	}
	p->code[len] = '\0';
	p->is_text = true;
	return true;
}

static bool parse_number(const char *label, bool whole, double max, const char *text, parsed *p,
			 char *err, size_t cap)
{
	char shown[32];
	const char *verr = NULL;
	if (strchr(text, '%')) {
		snprintf(err, cap, _("%s: enter the number itself, without a %% sign"), label);
		return false;
	}
	if (!vn_parse_number(text, &p->num, &verr)) {
		/* the value quoted, as typed, unless it is long */
		size_t cut = text_fit(text, 30, NULL);
		snprintf(err, cap, "%s \"%.*s%s\": %s", label, (int)cut, text, text[cut] ? "…" : "",
			 _(verr));
		return false;
	}
	if (p->num < 0) {
		snprintf(err, cap, _("%s cannot be negative"), label);
		return false;
	}
	if (whole && p->num != floor(p->num)) {
		snprintf(err, cap, _("%s must be a whole number, not %s"), label,
			 vn_format_number(p->num, 6, shown, sizeof shown));
		return false;
	}
	if (p->num > max) {
		snprintf(err, cap, _("%s cannot be more than %s"), label,
			 vn_format_number(max, 0, shown, sizeof shown));
		return false;
	}
	if (p->num == 0)
		p->num = 0;   /* no "-0" */
	return true;
}

/* Checks key and text without writing; err gets the reason of a refusal. -1: a database error
 * (in db_error), 0: refused, 1: acceptable. */
static int validate(km_db *db, const char *key, const char *text, parsed *p, char *err, size_t cap)
{
	memset(p, 0, sizeof *p);
	err[0] = '\0';
	if (!key || !*key) {
		snprintf(err, cap, "%s", _("Which fact? The key is empty"));
		return 0;
	}
	const fact_def *def = fact_def_find(key);
	if (!def) {
		char **keys;
		size_t n;
		if (facts_allowed_keys(db, &keys, &n) < 0)
			return -1;
		bool known = list_has(keys, n, key);
		if (!known) {
			strbuf list;
			sb_init(&list);
			for (size_t i = 0; i < n; i++)
				sb_printf(&list, "%s%s", i ? ", " : "", keys[i]);
			snprintf(err, cap, _("Unknown fact \"%s\" (known: %s)"), key, list.s);
			sb_free(&list);
		}
		keys_free(keys, n);
		if (!known)
			return 0;
	}
	if (!text || is_blank(text)) {
		p->remove = true;
		return 1;
	}
	if (def && def->type == FACT_AREA_TYPE)
		return parse_area_type(text, p, err, cap) ? 1 : 0;
	/* A base that only a criteria set knows: any number >= 0 (it may count or measure). */
	const char *label = def ? _(def->label) : key;
	bool whole = def && def->type == FACT_INTEGER;
	double max = def && def->type == FACT_NUMBER ? NUMBER_MAX : INTEGER_MAX;
	return parse_number(label, whole, max, text, p, err, cap) ? 1 : 0;
}

bool facts_check(km_db *db, const char *key, const char *text, char *err, size_t cap)
{
	parsed p;
	int rc = validate(db, key, text, &p, err, cap);
	if (rc < 0)
		snprintf(err, cap, "%s", db_error(db));
	return rc > 0;
}

/* ---- writing ---- */

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

static int write_fact(km_db *db, int64_t area_id, int year, const char *key, const parsed *p)
{
	sqlite3_stmt *st;
	if (p->remove) {
		st = db_stmt(db, "DELETE FROM area_fact WHERE area_id = ?1 AND year = ?2 AND key = ?3");
		if (!st)
			return -1;
	} else {
		st = db_stmt(db, "INSERT INTO area_fact(area_id, year, key, value_num, value_text, "
				 "updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
				 "ON CONFLICT (area_id, year, key) DO UPDATE SET value_num = excluded.value_num, "
				 "value_text = excluded.value_text, updated_by = excluded.updated_by, "
				 "updated_at = excluded.updated_at");
		if (!st)
			return -1;
		if (p->is_text)
			sqlite3_bind_text(st, 5, p->code, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_double(st, 4, p->num);
		char now[32];
		db_now_iso(now, sizeof now);
		sqlite3_bind_text(st, 6, db_user(db), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("saving the fact"));
}

static int rejudge(km_db *db, int64_t area_id, int year)
{
	area a;
	if (area_get(db, area_id, &a) < 0)
		return -1;
	bool judged = area_kind_assessable(a.kind);
	area_free(&a);
	return judged ? assessment_reevaluate(db, area_id, year) : 0;
}

int facts_set(km_db *db, int64_t area_id, int year, const char *key, const char *text)
{
	if (year < 1900 || year > 2999)
		return db_fail(db, _("invalid year %d (1900-2999)"), year);
	if (!auth_check(db, PERM_VILLAGE_DATA, area_id))
		return -1;
	if (db_begin(db) < 0)
		return -1;
	parsed p;
	char err[512];
	int rc = area_exists(db, area_id);
	if (rc == 0) {
		int v = validate(db, key, text, &p, err, sizeof err);
		if (v < 0)
			rc = -1;
		else if (v == 0)
			rc = db_fail(db, "%s", err);
	}
	if (rc == 0)
		rc = write_fact(db, area_id, year, key, &p);
	/* The area type picks thresholds: judgements already made follow the new facts. */
	if (rc == 0)
		rc = rejudge(db, area_id, year);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
