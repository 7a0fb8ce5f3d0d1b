#include "config.h"
#include "domain/resource.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/auth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

#define VALUE_MAX 1e15          /* đồng: what vn_parse_money accepts */
#define QUANTITY_MAX 1e15       /* what vn_parse_number accepts */
#define TEXT_MAX 500            /* characters of the unit, work, contributor, note */

/* ---- sources and forms ---- */

/* Keys are what the schema stores; words are folded (no tone marks, lower case) Vietnamese a user
 * may type, besides the key and the label (English or translated). */
static const struct {
	const char *key;
	const char *label;
	const char *words[6];   /* NULL-terminated */
} sources[SOURCE_COUNT] = {
	[SOURCE_CENTRAL] = { "central", N_("State budget: central"),
			     { "trung uong", "ngan sach trung uong", "ns trung uong", "nstw" } },
	[SOURCE_PROVINCE] = { "province", N_("State budget: province"),
			      { "tinh", "ngan sach tinh", "ns tinh" } },
	[SOURCE_DISTRICT] = { "district", N_("State budget: district"),
			      { "huyen", "ngan sach huyen", "ns huyen" } },
	[SOURCE_COMMUNE] = { "commune", N_("State budget: commune"),
			     { "xa", "ngan sach xa", "ns xa" } },
	[SOURCE_POOLED] = { "pooled", N_("Pooled programmes"),
			    { "long ghep", "von long ghep", "nguon long ghep" } },
	[SOURCE_CREDIT] = { "credit", N_("Credit"), { "tin dung", "von tin dung", "vay" } },
	[SOURCE_ENTERPRISE] = { "enterprise", N_("Enterprises"),
				{ "doanh nghiep", "enterprises" } },
	[SOURCE_RESIDENTS] = { "residents", N_("Residents"),
			       { "nhan dan", "nhan dan dong gop", "nguoi dan", "dan" } },
	[SOURCE_DONORS] = { "donors", N_("Donors"), { "tai tro", "nha tai tro", "donor" } },
	[SOURCE_OTHER] = { "other", N_("Other"), { "khac", "nguon khac" } },
};

static const struct {
	const char *key;
	const char *label;
	const char *unit;
	const char *words[6];   /* NULL-terminated */
} forms[FORM_COUNT] = {
	[FORM_CASH] = { "cash", N_("Cash"), "đ", { "tien mat", "tien" } },
	[FORM_LABOUR] = { "labour", N_("Labour days"), "ngày công",
			  { "ngay cong", "ngay cong lao dong", "lao dong", "cong", "labor" } },
	[FORM_LAND] = { "land", N_("Donated land"), "m²", { "hien dat", "dat", "dat hien" } },
	[FORM_MATERIALS] = { "materials", N_("Materials"), NULL, { "vat lieu", "vat tu" } },
	[FORM_MACHINERY] = { "machinery", N_("Machinery"), NULL,
			     { "may moc", "may", "may moc thiet bi", "thiet bi" } },
	[FORM_OTHER] = { "other", N_("Other"), NULL, { "khac", "hinh thuc khac" } },
};

static bool source_valid(int s) { return s >= 0 && s < SOURCE_COUNT; }
static bool form_valid(int f) { return f >= 0 && f < FORM_COUNT; }

const char *source_key(resource_source s) { return source_valid((int)s) ? sources[s].key : "?"; }
const char *source_label(resource_source s) { return source_valid((int)s) ? _(sources[s].label) : "?"; }
const char *form_key(resource_form f) { return form_valid((int)f) ? forms[f].key : "?"; }
const char *form_label(resource_form f) { return form_valid((int)f) ? _(forms[f].label) : "?"; }
const char *form_default_unit(resource_form f) { return form_valid((int)f) ? forms[f].unit : NULL; }

/* Whether folded equals the folded form of s. */
static bool fold_eq(const char *folded, const char *s)
{
	char *f = text_fold(s);
	bool eq = strcmp(folded, f) == 0;
	free(f);
	return eq;
}

/* The index whose key, label (English or translated) or word is text; -1 if none. */
static int parse_in(const char *text, int n, const char *(*key)(int), const char *(*label)(int),
		    const char *const *(*words)(int))
{
	if (!text)
		return -1;
	char *f = text_fold(text);
	for (char *c = f; *c; c++)   /* "tien-mat", "ngay_cong" */
		if (*c == '-' || *c == '_')
			*c = ' ';
	int found = -1;
	for (int i = 0; i < n && found < 0 && *f; i++) {
		if (strcmp(f, key(i)) == 0 || fold_eq(f, label(i)) || fold_eq(f, _(label(i))))
			found = i;
		for (const char *const *w = words(i); found < 0 && *w; w++)
			if (strcmp(f, *w) == 0)
				found = i;
	}
	free(f);
	return found;
}

static const char *src_key_at(int i) { return sources[i].key; }
static const char *src_label_at(int i) { return sources[i].label; }
static const char *const *src_words_at(int i) { return sources[i].words; }
static const char *form_key_at(int i) { return forms[i].key; }
static const char *form_label_at(int i) { return forms[i].label; }
static const char *const *form_words_at(int i) { return forms[i].words; }

int source_parse(const char *text)
{
	return parse_in(text, SOURCE_COUNT, src_key_at, src_label_at, src_words_at);
}

int form_parse(const char *text)
{
	return parse_in(text, FORM_COUNT, form_key_at, form_label_at, form_words_at);
}

static int source_from_key(const char *key)
{
	for (int i = 0; key && i < SOURCE_COUNT; i++)
		if (strcmp(sources[i].key, key) == 0)
			return i;
	return -1;
}

static int form_from_key(const char *key)
{
	for (int i = 0; key && i < FORM_COUNT; i++)
		if (strcmp(forms[i].key, key) == 0)
			return i;
	return -1;
}

/* ---- entries ---- */

void resource_entry_free(resource_entry *e)
{
	if (!e)
		return;
	free(e->unit);
	free(e->work);
	free(e->contributor);
	free(e->note);
	free(e->area_code);
	free(e->area_name);
	memset(e, 0, sizeof *e);
}

void resource_entries_free(resource_entry *list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		resource_entry_free(&list[i]);
	free(list);
}

#define ENTRY_COLUMNS \
	"r.id, r.area_id, r.entry_date, r.source, r.form, r.quantity, r.unit, r.value_dong, r.work, " \
	"r.contributor, r.note, a.code, a.name"

static void entry_from_row(sqlite3_stmt *st, resource_entry *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->area_id = sqlite3_column_int64(st, 1);
	const char *date = (const char *)sqlite3_column_text(st, 2);
	snprintf(out->date, sizeof out->date, "%s", date ? date : "");
	int s = source_from_key((const char *)sqlite3_column_text(st, 3));
	out->source = s < 0 ? SOURCE_OTHER : (resource_source)s;   /* the schema allows no other */
	int f = form_from_key((const char *)sqlite3_column_text(st, 4));
	out->form = f < 0 ? FORM_OTHER : (resource_form)f;
	out->has_quantity = sqlite3_column_type(st, 5) != SQLITE_NULL;
	out->quantity = out->has_quantity ? sqlite3_column_double(st, 5) : 0;
	out->unit = db_column_dup(st, 6);
	out->value = sqlite3_column_int64(st, 7);
	out->work = db_column_dup(st, 8);
	out->contributor = db_column_dup(st, 9);
	out->note = db_column_dup(st, 10);
	out->area_code = db_column_dup(st, 11);
	out->area_name = db_column_dup(st, 12);
}

int resource_get(km_db *db, int64_t id, resource_entry *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, "SELECT " ENTRY_COLUMNS " FROM resource_entry r "
				       "JOIN area a ON a.id = r.area_id WHERE r.id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		entry_from_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		out->version = db_row_version(db, "resource_entry", id);
		return 0;
	}
	if (rc == SQLITE_DONE)
		return db_fail(db, _("no such resource entry (id %lld)"), (long long)id);
	return db_fail_sql(db, _("reading a resource entry"));
}

bool resource_last(km_db *db, resource_entry *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, "SELECT " ENTRY_COLUMNS " FROM resource_entry r "
				       "JOIN area a ON a.id = r.area_id WHERE r.created_by = ?1 "
				       "ORDER BY r.created_at DESC, r.id DESC LIMIT 1");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, db_user(db), -1, SQLITE_TRANSIENT);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		entry_from_row(st, out);
	sqlite3_reset(st);
	return found;
}

/* ---- CSV ---- */

const char *const resource_csv_columns[] = {
	"date", "area_code", "source", "form", "quantity", "unit", "value", "work", "contributor",
	"note",
};
const int resource_csv_ncolumns = (int)(sizeof resource_csv_columns / sizeof resource_csv_columns[0]);

/* A quantity as a plain number: at most 6 decimals, trailing zeros and point dropped, except
 * that exactly three decimals keep one zero ("1.1250"): the importer reads numbers the
 * Vietnamese way too (vn_parse_number), where "1.125" is one thousand one hundred and
 * twenty-five. */
/* v in decimal into buf (at least 21 bytes). */
static char *int_text(long long v, char *buf)
{
	char tmp[24];
	size_t n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	char *p = buf;
	if (v < 0)
		*p++ = '-';
	while (n)
		*p++ = tmp[--n];
	*p = '\0';
	return buf;
}

static char *plain_quantity(double q, char *buf, size_t cap)
{
	if (cap >= 21 && q > -1e15 && q < 1e15 && q == (double)(long long)q)
		return int_text((long long)q, buf);   /* a whole number, the usual: as below, faster */
	snprintf(buf, cap, "%.6f", q == 0 ? 0.0 : q);   /* no "-0" */
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
		else if (end - dot == 4)
			strcpy(end, "0");   /* "%.6f" left room: six decimals were there */
	}
	return buf;
}

void resource_csv_line(const resource_entry *e, strbuf *out)
{
	char buf[64];
	sb_add_csv(out, vn_format_iso_date(e->date, buf, sizeof buf));
	sb_addc(out, ',');
	sb_add_csv(out, e->area_code);
	sb_addc(out, ',');
	sb_add(out, source_key(e->source));
	sb_addc(out, ',');
	sb_add(out, form_key(e->form));
	sb_addc(out, ',');
	if (e->has_quantity)
		sb_add(out, plain_quantity(e->quantity, buf, sizeof buf));
	sb_addc(out, ',');
	sb_add_csv(out, e->unit);
	sb_addc(out, ',');
	sb_add(out, int_text(e->value, buf));
	sb_addc(out, ',');
	sb_add_csv(out, e->work);
	sb_addc(out, ',');
	sb_add_csv(out, e->contributor);
	sb_addc(out, ',');
	sb_add_csv(out, e->note);
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
	if (strnlen(s, sizeof shape) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
			return false;
	char dmy[16];
	snprintf(dmy, sizeof dmy, "%.2s/%.2s/%.4s", s + 8, s + 5, s);
	int y, m, d;
	return vn_parse_date(dmy, &y, &m, &d, NULL);
}

static bool refuse(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool refuse(char *err, size_t cap, const char *fmt, ...)
{
	if (err && cap) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, cap, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* The texts of an entry, cleaned. */
typedef struct cleaned {
	char *unit, *work, *contributor, *note;
} cleaned;

static void cleaned_free(cleaned *c)
{
	free(c->unit);
	free(c->work);
	free(c->contributor);
	free(c->note);
	memset(c, 0, sizeof *c);
}

/* A quantity as stored: what its CSV line says, so that an export imports back unchanged. */
static double stored_quantity(double q)
{
	char buf[64];
	return strtod(plain_quantity(q, buf, sizeof buf), NULL);
}

/* Checks the texts (cleaning them into c, which the caller frees). */
static bool check_texts(const resource_entry *e, cleaned *c, char *err, size_t cap)
{
	c->unit = clean_text(e->unit);
	c->work = clean_text(e->work);
	c->contributor = clean_text(e->contributor);
	c->note = clean_text(e->note);
	if (c->unit && char_count(c->unit) > TEXT_MAX)
		return refuse(err, cap, _("The unit is too long (at most %d characters)"), TEXT_MAX);
	if (c->work && char_count(c->work) > TEXT_MAX)
		return refuse(err, cap, _("The work is too long (at most %d characters)"), TEXT_MAX);
	if (c->contributor && char_count(c->contributor) > TEXT_MAX)
		return refuse(err, cap, _("The contributor's name is too long (at most %d characters)"),
			      TEXT_MAX);
	if (c->note && char_count(c->note) > TEXT_MAX)
		return refuse(err, cap, _("The note is too long (at most %d characters)"), TEXT_MAX);
	return true;
}

/* Checks what needs no database. */
static bool check_fields(const resource_entry *e, char *err, size_t cap)
{
	char shown[64], shown2[64];
	if (!source_valid((int)e->source))
		return refuse(err, cap, _("Unknown source of the resource (%d)"), (int)e->source);
	if (!form_valid((int)e->form))
		return refuse(err, cap, _("Unknown form of the resource (%d)"), (int)e->form);
	if (!iso_date_valid(e->date))
		return refuse(err, cap, _("The date \"%.10s\" is not a valid date"), e->date);
	char today[16];
	vn_today_iso(today, sizeof today);
	if (strcmp(e->date, today) > 0)
		return refuse(err, cap, _("The date %s is after today (%s)"),
			      vn_format_iso_date(e->date, shown, sizeof shown),
			      vn_format_iso_date(today, shown2, sizeof shown2));
	if (e->value < 0)
		return refuse(err, cap, "%s", _("The value cannot be negative"));
	if ((double)e->value > VALUE_MAX)
		return refuse(err, cap, _("The value is too large (at most %s)"),
			      vn_format_money(VALUE_MAX, shown, sizeof shown));
	if (e->has_quantity) {
		if (isnan(e->quantity) || e->quantity < 0)
			return refuse(err, cap, "%s", _("The quantity cannot be negative"));
		if (e->quantity > QUANTITY_MAX)
			return refuse(err, cap, _("The quantity is too large (at most %s)"),
				      vn_format_number(QUANTITY_MAX, 0, shown, sizeof shown));
		if (e->form == FORM_CASH && stored_quantity(e->quantity) != (double)e->value)
			return refuse(err, cap, _("For cash the quantity is the amount: %s is not the "
						  "value %s"),
				      vn_format_number(e->quantity, 6, shown, sizeof shown),
				      vn_format_money((double)e->value, shown2, sizeof shown2));
	}
	return true;
}

/* The area: it exists and is a commune-level unit or a village. */
static bool check_area(km_db *db, int64_t area_id, char *err, size_t cap)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT name, kind FROM area WHERE id = ?1");
	if (!st)
		return refuse(err, cap, "%s", db_error(db));
	sqlite3_bind_int64(st, 1, area_id);
	int rc = sqlite3_step(st);
	bool ok = true;
	if (rc == SQLITE_ROW) {
		int k = area_kind_from_key((const char *)sqlite3_column_text(st, 1));
		int level = k < 0 ? -1 : area_kind_level((area_kind)k);
		if (level != 2 && level != 3)
			ok = refuse(err, cap, _("Resources are recorded for a commune, town or ward, or a "
						"village or residential group, not for %s (%s)"),
				    (const char *)sqlite3_column_text(st, 0),
				    k < 0 ? "?" : area_kind_label((area_kind)k));
	} else if (rc == SQLITE_DONE) {
		ok = refuse(err, cap, _("No such area (id %lld)"), (long long)area_id);
	} else {
		db_fail_sql(db, _("reading an area"));
		ok = refuse(err, cap, "%s", db_error(db));
	}
	sqlite3_reset(st);
	return ok;
}

bool resource_check(km_db *db, const resource_entry *e, char *err, size_t cap)
{
	if (err && cap)
		err[0] = '\0';
	if (!check_fields(e, err, cap))
		return false;
	cleaned c;
	memset(&c, 0, sizeof c);
	bool ok = check_texts(e, &c, err, cap);
	cleaned_free(&c);
	return ok && check_area(db, e->area_id, err, cap);
}

/* ---- writing ---- */

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int area_code_of(km_db *db, int64_t area_id, char **code)
{
	*code = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT code FROM area WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*code = db_column_dup(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return db_fail(db, _("No such area (id %lld)"), (long long)area_id);
	return db_fail_sql(db, _("reading an area"));
}

static int add_history(km_db *db, int64_t entry_id, const char *action, const char *old_row,
		       const char *new_row, const char *now)
{
	int64_t hid = db_new_id(db);
	if (!hid)
		return -1;
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO resource_history(id, entry_id, action, old_row, "
				       "new_row, changed_by, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, hid);
	sqlite3_bind_int64(st, 2, entry_id);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, old_row);
	bind_text_or_null(st, 5, new_row);
	sqlite3_bind_text(st, 6, db_user(db), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("saving the history of the entry"));
}

/* Inserts (e->id 0: a new id into *id) or updates the row of stored, an entry already checked
 * and cleaned. */
static int write_entry(km_db *db, const resource_entry *stored, int64_t *id, const char *now)
{
	sqlite3_stmt *st;
	if (stored->id == 0) {
		if (!(*id = db_new_id(db)))
			return -1;
		st = db_stmt(db, "INSERT INTO resource_entry(id, area_id, entry_date, source, form, "
				 "quantity, unit, value_dong, work, contributor, note, created_by, "
				 "created_at, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
				 "?8, ?9, ?10, ?11, ?12, ?13, ?12, ?13)");
	} else {
		*id = stored->id;
		st = db_stmt(db, "UPDATE resource_entry SET area_id = ?2, entry_date = ?3, source = ?4, "
				 "form = ?5, quantity = ?6, unit = ?7, value_dong = ?8, work = ?9, "
				 "contributor = ?10, note = ?11, updated_by = ?12, updated_at = ?13 "
				 "WHERE id = ?1");
	}
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_int64(st, 2, stored->area_id);
	sqlite3_bind_text(st, 3, stored->date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, sources[stored->source].key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, forms[stored->form].key, -1, SQLITE_STATIC);
	if (stored->has_quantity)
		sqlite3_bind_double(st, 6, stored->quantity);
	else
		sqlite3_bind_null(st, 6);
	bind_text_or_null(st, 7, stored->unit);
	sqlite3_bind_int64(st, 8, stored->value);
	bind_text_or_null(st, 9, stored->work);
	bind_text_or_null(st, 10, stored->contributor);
	bind_text_or_null(st, 11, stored->note);
	sqlite3_bind_text(st, 12, db_user(db), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 13, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("saving the resource entry"));
}

/* Writes e (checked) and its history line, inside the caller's transaction. */
static int save_in_tx(km_db *db, const resource_entry *e, int64_t *new_id)
{
	char err[600];
	if (!resource_check(db, e, err, sizeof err))
		return db_fail(db, "%s", err);
	resource_entry old;
	memset(&old, 0, sizeof old);
	if (e->id && resource_get(db, e->id, &old) < 0)
		return -1;
	cleaned c;
	memset(&c, 0, sizeof c);
	check_texts(e, &c, NULL, 0);
	/* What is stored, as one entry: its CSV line is the history's new row. */
	resource_entry stored = *e;
	stored.unit = c.unit;
	stored.work = c.work;
	stored.contributor = c.contributor;
	stored.note = c.note;
	stored.area_name = NULL;
	if (stored.has_quantity)
		stored.quantity = stored_quantity(stored.quantity);
	char now[32];
	db_now_iso(now, sizeof now);
	int rc = area_code_of(db, e->area_id, &stored.area_code);
	if (rc == 0)
		rc = write_entry(db, &stored, new_id, now);
	if (rc == 0) {
		strbuf before, after;
		sb_init(&before);
		sb_init(&after);
		if (e->id)
			resource_csv_line(&old, &before);
		resource_csv_line(&stored, &after);
		rc = add_history(db, *new_id, e->id ? "edit" : "add", e->id ? before.s : NULL, after.s,
				 now);
		sb_free(&before);
		sb_free(&after);
	}
	free(stored.area_code);
	cleaned_free(&c);
	resource_entry_free(&old);
	return rc;
}

/* Entering or changing an area's ledger is its village data: the entry's area (e), and for an
 * edit or a deletion the stored entry's (id). */
static bool may_change(km_db *db, const resource_entry *e, int64_t id)
{
	if (e && !auth_check(db, PERM_VILLAGE_DATA, e->area_id))
		return false;
	if (!id)
		return true;
	resource_entry old;
	if (resource_get(db, id, &old) < 0)
		return false;
	bool ok = auth_check(db, PERM_VILLAGE_DATA, old.area_id);
	resource_entry_free(&old);
	return ok;
}

/* Refuses to save over a change made by someone else since the entry was read, showing both
 * versions. Inside the save's transaction. */
static int check_version(km_db *db, const resource_entry *mine)
{
	int64_t now = db_row_version(db, "resource_entry", mine->id);
	if (now < 0 || now == mine->version)
		return now < 0 ? -1 : 0;
	resource_entry theirs;
	if (resource_get(db, mine->id, &theirs) < 0)
		return -1;
	char who[128] = "?", v1[48], v2[48], d1[16], d2[16];
	sqlite3_stmt *st = db_stmt(db, "SELECT user FROM audit WHERE id = ?1");
	if (st) {
		sqlite3_bind_int64(st, 1, now);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(who, sizeof who, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	int r = db_fail(db, _("%s changed this entry meanwhile: now %s, %s, %s. Yours: %s, %s, %s. "
			      "Not saved: open it again to see the new version."),
			who, vn_format_iso_date(theirs.date, d1, sizeof d1), source_label(theirs.source),
			vn_format_money((double)theirs.value, v1, sizeof v1),
			vn_format_iso_date(mine->date, d2, sizeof d2), source_label(mine->source),
			vn_format_money((double)mine->value, v2, sizeof v2));
	resource_entry_free(&theirs);
	return r;
}

int resource_save(km_db *db, resource_entry *e, int64_t *id)
{
	if (db_begin(db) < 0)
		return -1;
	int64_t new_id = 0;
	/* In the transaction: the stored entry's area is the one written over. */
	if (!may_change(db, e, e->id) || (e->id && e->version > 0 && check_version(db, e) < 0) ||
	    save_in_tx(db, e, &new_id) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	/* The caller's record now names what is stored: a second save edits it. */
	e->id = new_id;
	if (id)
		*id = new_id;
	return 0;
}

int resource_delete(km_db *db, int64_t id)
{
	if (db_begin(db) < 0)
		return -1;
	resource_entry old;
	int rc = resource_get(db, id, &old);
	if (rc == 0 && !may_change(db, NULL, id))
		rc = -1;
	if (rc == 0) {
		sqlite3_stmt *st = db_stmt(db, "DELETE FROM resource_entry WHERE id = ?1");
		if (!st) {
			rc = -1;
		} else {
			sqlite3_bind_int64(st, 1, id);
			int s = sqlite3_step(st);
			sqlite3_reset(st);
			if (s != SQLITE_DONE)
				rc = db_fail_sql(db, _("deleting the resource entry"));
		}
	}
	if (rc == 0) {
		strbuf before;
		sb_init(&before);
		resource_csv_line(&old, &before);
		char now[32];
		rc = add_history(db, id, "delete", before.s, NULL, db_now_iso(now, sizeof now));
		sb_free(&before);
	}
	resource_entry_free(&old);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* ---- periods ---- */

#define ERR_PERIOD N_("Enter a period as 2025, 2025-Q1, 2025-H1 or dd/mm/yyyy-dd/mm/yyyy")

/* Sets *err; returns -1. */
static int period_fail(const char **err, const char *msg)
{
	if (err)
		*err = msg;
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* Months m1..m2 of year y. */
static void set_months(period *p, int y, int m1, int m2)
{
	vn_iso_date(y, m1, 1, p->from, sizeof p->from);
	vn_iso_date(y, m2, month_days(y, m2), p->to, sizeof p->to);
}

void period_year(int y, period *p)
{
	memset(p, 0, sizeof *p);
	set_months(p, y, 1, 12);
	snprintf(p->label, sizeof p->label, "%04d", y);
}

/* "2025", "2025-q1", "2025 h2", "2025q3" (folded text). 1 parsed, 0 not of this shape, -1 of this
 * shape but wrong (*err set). */
static int parse_year_part(const char *f, period *p, const char **err)
{
	size_t n = strlen(f);
	if (n < 4 || !all_digits(f, 4))
		return 0;
	int y = atoi(f);
	const char *rest = f + 4;
	while (*rest == '-' || *rest == ' ' || *rest == '/')
		rest++;
	if (rest == f + n && n == 4) {
		if (y < 1900 || y > 2999)
			return period_fail(err, N_("The year must be between 1900 and 2999"));
		period_year(y, p);
		return 1;
	}
	if ((rest[0] != 'q' && rest[0] != 'h') || !all_digits(rest + 1, strlen(rest + 1)) ||
	    strlen(rest + 1) != 1)
		return 0;
	if (y < 1900 || y > 2999)
		return period_fail(err, N_("The year must be between 1900 and 2999"));
	int k = rest[1] - '0';
	memset(p, 0, sizeof *p);
	if (rest[0] == 'q') {
		if (k < 1 || k > 4)
			return period_fail(err, N_("A quarter is Q1, Q2, Q3 or Q4"));
		set_months(p, y, 3 * k - 2, 3 * k);
		snprintf(p->label, sizeof p->label, "%04d-Q%d", y, k);
	} else {
		if (k < 1 || k > 2)
			return period_fail(err, N_("A half year is H1 or H2"));
		set_months(p, y, 6 * k - 5, 6 * k);
		snprintf(p->label, sizeof p->label, "%04d-H%d", y, k);
	}
	return 1;
}

/* Both sides of f split at [at, at + seplen) as dates. */
static bool split_dates(const char *f, size_t at, size_t seplen, period *p, const char **err)
{
	char left[64], right[64];
	size_t rn = strlen(f + at + seplen);
	if (at == 0 || at >= sizeof left || rn == 0 || rn >= sizeof right)
		return false;
	memcpy(left, f, at);
	left[at] = '\0';
	memcpy(right, f + at + seplen, rn + 1);
	int y1, m1, d1, y2, m2, d2;
	const char *e1 = NULL, *e2 = NULL;
	if (!vn_parse_date(left, &y1, &m1, &d1, &e1))
		return false;
	if (!vn_parse_date(right, &y2, &m2, &d2, &e2)) {
		if (err && e2)
			*err = e2;   /* a date, then something wrong: say what */
		return false;
	}
	memset(p, 0, sizeof *p);
	vn_iso_date(y1, m1, d1, p->from, sizeof p->from);
	vn_iso_date(y2, m2, d2, p->to, sizeof p->to);
	snprintf(p->label, sizeof p->label, "%02d/%02d/%04d-%02d/%02d/%04d", d1, m1, y1, d2, m2, y2);
	return true;
}

bool period_parse(const char *text, period *out, const char **err)
{
	if (err)
		*err = ERR_PERIOD;
	if (!text)
		return false;
	char *f = text_fold(text);   /* lower case, "đến" -> "den", spaces collapsed and trimmed */
	period p;
	memset(&p, 0, sizeof p);
	int r = parse_year_part(f, &p, err);
	bool ok = r == 1;
	if (r == 0) {
		const char *s = f;
		if (strncmp(s, "tu ", 3) == 0)   /* "từ 01/01/2025 đến 31/03/2025" */
			s += 3;
		static const char *const seps[] = { " den ", "..", "\xe2\x80\x93", "\xe2\x80\x94", "-" };
		for (size_t i = 0; !ok && i < sizeof seps / sizeof seps[0]; i++) {
			size_t len = strlen(seps[i]);
			for (const char *at = strstr(s, seps[i]); !ok && at; at = strstr(at + 1, seps[i]))
				ok = split_dates(s, (size_t)(at - s), len, &p, err);
		}
		if (ok && strcmp(p.from, p.to) > 0) {
			ok = false;
			if (err)
				*err = N_("The period ends before it begins");
		}
	}
	free(f);
	if (ok) {
		*out = p;
		if (err)
			*err = NULL;
	}
	return ok;
}

/* ---- listing and totals ---- */

/* Dates bound for "all dates": every stored date sorts between them. */
#define DATE_MIN "0000-00-00"
#define DATE_MAX "9999-99-99"

/* Binds the query: ?1 area, ?2 roll up, ?3 from, ?4 to, ?5 source key, ?6 form key. */
static void bind_query(sqlite3_stmt *st, const resource_query *q)
{
	sqlite3_bind_int64(st, 1, q->area_id);
	sqlite3_bind_int(st, 2, q->roll_up);
	sqlite3_bind_text(st, 3, q->period ? q->period->from : DATE_MIN, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, q->period ? q->period->to : DATE_MAX, -1, SQLITE_TRANSIENT);
	if (q->source != -1)
		sqlite3_bind_text(st, 5, sources[q->source].key, -1, SQLITE_STATIC);
	if (q->form != -1)
		sqlite3_bind_text(st, 6, forms[q->form].key, -1, SQLITE_STATIC);
}

static int check_query(km_db *db, const resource_query *q)
{
	if (q->source != -1 && !source_valid(q->source))
		return db_fail(db, _("Unknown source of the resource (%d)"), q->source);
	if (q->form != -1 && !form_valid(q->form))
		return db_fail(db, _("Unknown form of the resource (%d)"), q->form);
	return 0;
}

/* The areas in scope: ?1 and, when ?2, everything below it. */
#define SCOPE_CTE \
	"WITH RECURSIVE scope(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM area c " \
	"JOIN scope s ON c.parent_id = s.id WHERE ?2) "
#define FILTERS \
	"r.entry_date BETWEEN ?3 AND ?4 AND (?5 IS NULL OR r.source = ?5) " \
	"AND (?6 IS NULL OR r.form = ?6) "

int resource_list(km_db *db, const resource_query *q, resource_entry **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	resource_query any = { 0, false, NULL, -1, -1 };
	if (!q)
		q = &any;
	if (check_query(db, q) < 0)
		return -1;
	sqlite3_stmt *st;
	if (q->area_id)
		st = db_stmt(db, SCOPE_CTE "SELECT " ENTRY_COLUMNS " FROM scope "
				 "JOIN resource_entry r ON r.area_id = scope.id "
				 "JOIN area a ON a.id = r.area_id WHERE " FILTERS
				 "ORDER BY r.entry_date DESC, r.id DESC");
	else
		st = db_stmt(db, "SELECT " ENTRY_COLUMNS " FROM resource_entry r "
				 "JOIN area a ON a.id = r.area_id WHERE " FILTERS
				 "ORDER BY r.entry_date DESC, r.id DESC");
	if (!st)
		return -1;
	bind_query(st, q);
	size_t cap = 0, len = 0;
	resource_entry *list = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap)
			list = xrealloc(list, (cap = cap ? cap * 2 : 16) * sizeof *list);
		entry_from_row(st, &list[len++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		resource_entries_free(list, len);
		return db_fail_sql(db, _("reading the resource entries"));
	}
	*out = list;
	*n = len;
	return 0;
}

int resource_totals_get(km_db *db, const resource_query *q, resource_totals *out)
{
	memset(out, 0, sizeof *out);
	resource_query any = { 0, false, NULL, -1, -1 };
	if (!q)
		q = &any;
	if (check_query(db, q) < 0)
		return -1;
	/* One aggregate: a row per (source, form) pair present, at most 60 rows. */
	sqlite3_stmt *st;
	if (q->area_id)
		st = db_stmt(db, SCOPE_CTE "SELECT r.source, r.form, count(*), sum(r.value_dong), "
				 "total(r.quantity) FROM scope JOIN resource_entry r ON r.area_id = scope.id "
				 "WHERE " FILTERS "GROUP BY r.source, r.form");
	else
		st = db_stmt(db, "SELECT r.source, r.form, count(*), sum(r.value_dong), "
				 "total(r.quantity) FROM resource_entry r WHERE " FILTERS
				 "GROUP BY r.source, r.form");
	if (!st)
		return -1;
	bind_query(st, q);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int s = source_from_key((const char *)sqlite3_column_text(st, 0));
		int f = form_from_key((const char *)sqlite3_column_text(st, 1));
		int64_t count = sqlite3_column_int64(st, 2);
		int64_t value = sqlite3_column_int64(st, 3);
		double quantity = sqlite3_column_double(st, 4);
		out->count += count;
		out->value += value;
		if (s >= 0)
			out->by_source[s] += value;
		if (f >= 0)
			out->by_form[f] += value;
		if (f == FORM_LABOUR)
			out->labour_days += quantity;
		else if (f == FORM_LAND)
			out->land_m2 += quantity;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		memset(out, 0, sizeof *out);
		return db_fail_sql(db, _("adding up the resource entries"));
	}
	return 0;
}
