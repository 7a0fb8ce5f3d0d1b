#include "config.h"
/* Importing resource entries from CSV, in two phases.
 *
 * Phase 1 reads and checks every row (the rules of resource_check, with each distinct area code,
 * source and form looked up once through small hash tables, not once per row) and keeps the good
 * rows in a compact array (48 bytes a row), their texts in one arena: 100,000 rows take about
 * 5 MB and the texts. Phase 2 runs only when no row was bad and this is not a dry run: one BEGIN
 * IMMEDIATE transaction, ids reserved in one block (db_new_ids), statements prepared once (see
 * "phase 2" below for what makes it fast).
 *
 * History: one resource_history row per entry (action 'import', new_row its CSV line as
 * resource_csv_line writes it, old_row NULL), the trail of an entry added by hand. The audit log:
 * one row per area of the file, for the range of ids its entries got (see "phase 2"). */
#include "domain/resource_import.h"
#include "domain/area.h"
#include "domain/auth.h"
#include "domain/resource.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "storage/db.h"
#include "util/csv.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

#define NO_TEXT UINT32_MAX
#define SHOWN_MAX 40   /* characters of a bad value quoted in an error line */
#define TEXT_MAX 500   /* characters of the unit, work, contributor, note (as resource_check) */

/* ---- the areas met in the file: code -> id, looked up once each -------------------------------- */

enum area_state { AREA_OK, AREA_UNKNOWN, AREA_WRONG_KIND, AREA_REFUSED };

typedef struct area_ref {
	char *code;
	int64_t id;
	enum area_state state;
	area_kind kind;
	char *refused;       /* AREA_REFUSED: why the user may not enter the area's data */
} area_ref;

typedef struct area_cache {
	area_ref *refs;
	size_t n, cap;
	int32_t *slots;      /* indices into refs, -1 empty; open addressing, linear probing */
	size_t nslots;       /* a power of two, at least twice n */
} area_cache;

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void cache_free(area_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->refs[i].code);
		free(c->refs[i].refused);
	}
	free(c->refs);
	free(c->slots);
	memset(c, 0, sizeof *c);
}

static void cache_rehash(area_cache *c, size_t nslots)
{
	free(c->slots);
	c->nslots = nslots;
	c->slots = xmalloc(nslots * sizeof *c->slots);
	for (size_t i = 0; i < nslots; i++)
		c->slots[i] = -1;
	for (size_t i = 0; i < c->n; i++) {
		size_t k = hash_str(c->refs[i].code) & (nslots - 1);
		while (c->slots[k] >= 0)
			k = (k + 1) & (nslots - 1);
		c->slots[k] = (int32_t)i;
	}
}

/* The area with this code, looked up in the database the first time only. Returns its index in
 * c->refs, or -1 on a database error. */
static int32_t cache_find(km_db *db, area_cache *c, const char *code)
{
	if (!c->nslots)
		cache_rehash(c, 256);
	size_t k = hash_str(code) & (c->nslots - 1);
	for (; c->slots[k] >= 0; k = (k + 1) & (c->nslots - 1))
		if (strcmp(c->refs[c->slots[k]].code, code) == 0)
			return c->slots[k];

	area_ref ref = { .code = NULL, .id = 0, .state = AREA_UNKNOWN, .kind = AREA_VILLAGE };
	sqlite3_stmt *st = db_stmt(db, "SELECT id, kind FROM area WHERE code = ?1");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ref.id = sqlite3_column_int64(st, 0);
		int kind = area_kind_from_key((const char *)sqlite3_column_text(st, 1));
		ref.kind = kind < 0 ? AREA_PROVINCE : (area_kind)kind;
		int level = kind < 0 ? -1 : area_kind_level(ref.kind);
		ref.state = level == 2 || level == 3 ? AREA_OK : AREA_WRONG_KIND;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail_sql(db, _("reading the areas"));
		return -1;
	}
	/* Once per area: whether the user may enter its data (each line of it reports a refusal). */
	if (ref.state == AREA_OK && !auth_check(db, PERM_VILLAGE_DATA, ref.id)) {
		ref.state = AREA_REFUSED;
		ref.refused = xstrdup(db_error(db));
	}
	ref.code = xstrdup(code);
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->refs = xrealloc(c->refs, c->cap * sizeof *c->refs);
	}
	c->refs[c->n] = ref;
	c->slots[k] = (int32_t)c->n;
	c->n++;
	if (2 * c->n > c->nslots)
		cache_rehash(c, 2 * c->nslots);
	return (int32_t)(c->n - 1);
}

/* ---- sources and forms as written in the file, parsed once each -------------------------------- */

#define MEMO_MAX 1024   /* distinct spellings remembered; more are parsed each time */

typedef struct memo {
	char *keys[MEMO_MAX];
	int vals[MEMO_MAX];
	int n;
	int32_t slots[2 * MEMO_MAX];   /* indices into keys, -1 empty */
} memo;

static void memo_init(memo *m)
{
	m->n = 0;
	for (int i = 0; i < 2 * MEMO_MAX; i++)
		m->slots[i] = -1;
}

static void memo_free(memo *m)
{
	for (int i = 0; i < m->n; i++)
		free(m->keys[i]);
	m->n = 0;
}

/* parse(text), remembered. */
static int memo_parse(memo *m, const char *text, int (*parse)(const char *))
{
	size_t k = hash_str(text) & (2 * MEMO_MAX - 1);
	for (; m->slots[k] >= 0; k = (k + 1) & (2 * MEMO_MAX - 1))
		if (strcmp(m->keys[m->slots[k]], text) == 0)
			return m->vals[m->slots[k]];
	int v = parse(text);
	if (m->n < MEMO_MAX) {
		m->keys[m->n] = xstrdup(text);
		m->vals[m->n] = v;
		m->slots[k] = m->n++;
	}
	return v;
}

/* ---- the good rows, kept compactly between the phases ------------------------------------------ */

enum { T_UNIT, T_WORK, T_CONTRIBUTOR, T_NOTE, T_COUNT };

typedef struct row {
	int64_t value;
	double quantity;
	uint32_t text[T_COUNT];   /* offsets into the arena, NO_TEXT for none */
	uint32_t area;            /* index into the area cache */
	uint32_t date;            /* yyyymmdd */
	uint8_t source, form, has_quantity;
} row;

typedef struct rows {
	row *v;
	size_t n, cap;
	char *arena;
	size_t arena_len, arena_cap;
} rows;

static void rows_free(rows *r)
{
	free(r->v);
	free(r->arena);
	memset(r, 0, sizeof *r);
}

/* Copies s (n bytes) into the arena; its offset, or NO_TEXT when the arena would pass 4 GB. */
static uint32_t arena_add(rows *r, const char *s, size_t n)
{
	if (r->arena_len + n + 1 >= NO_TEXT)
		return NO_TEXT;
	if (r->arena_len + n + 1 > r->arena_cap) {
		size_t cap = r->arena_cap ? r->arena_cap : 1 << 16;
		while (cap < r->arena_len + n + 1)
			cap *= 2;
		r->arena = xrealloc(r->arena, cap);
		r->arena_cap = cap;
	}
	uint32_t off = (uint32_t)r->arena_len;
	memcpy(r->arena + off, s, n);
	r->arena[off + n] = '\0';
	r->arena_len += n + 1;
	return off;
}

static const char *arena_text(const rows *r, uint32_t off)
{
	return off == NO_TEXT ? NULL : r->arena + off;
}

/* ---- reading fields ----------------------------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims ASCII blanks in place. */
static char *trim(char *s)
{
	while (is_blank(*s))
		s++;
	size_t n = strlen(s);
	while (n && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Whether text_sanitize would return s unchanged, judged quickly and conservatively: valid UTF-8
 * of printable ASCII, Latin letters (U+00A1-U+02FF), the precomposed Vietnamese letters
 * (U+1EA0-U+1EF9) and common punctuation (U+2010-U+2027, ₫): none of these is a control, a space
 * other than ' ', a combining mark or changed by NFC; and no space at either end. */
static bool already_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (*p == ' ')
		return false;
	while (*p) {
		unsigned char b = p[0];
		if (b >= 0x21 && b <= 0x7E) {
			p++;
		} else if (b == ' ') {
			if (!p[1])
				return false;
			p++;
		} else if (b >= 0xC2 && b <= 0xCB && (p[1] & 0xC0) == 0x80) {
			uint32_t cp = ((uint32_t)(b & 0x1F) << 6) | (p[1] & 0x3F);
			if (cp < 0xA1)
				return false;
			p += 2;
		} else if ((b == 0xE1 || b == 0xE2) && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
			uint32_t cp = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
				      (p[2] & 0x3F);
			if (!(cp >= 0x1EA0 && cp <= 0x1EF9) && !(cp >= 0x2010 && cp <= 0x2027) && cp != 0x20AB)
				return false;
			p += 3;
		} else {
			return false;
		}
	}
	return true;
}

/* s cleaned as resource_save cleans texts (text_sanitize): s itself when nothing changes, else a
 * new string in *owned (which the caller frees). */
static const char *clean_field(const char *s, char **owned)
{
	*owned = NULL;
	if (already_clean(s))
		return s;
	return *owned = text_sanitize(s);
}

/* Characters (code points) of valid UTF-8, as SQLite's length() counts them. */
static size_t char_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Appends s quoted for an error line: cleaned, at most SHOWN_MAX characters. */
static void add_shown(strbuf *b, const char *s)
{
	char *clean = text_sanitize(s);
	size_t off = 0, chars = 0;
	while (clean[off] && chars < SHOWN_MAX) {
		off += text_char_len(clean + off);
		chars++;
	}
	sb_addc(b, '"');
	sb_addn(b, clean, off);
	if (clean[off])
		sb_add(b, "…");
	sb_addc(b, '"');
	free(clean);
}

/* Starts one more reason for the current row: "; " between reasons. */
static void reason_sep(strbuf *why)
{
	if (why->len)
		sb_add(why, "; ");
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* "1500000": plain digits, the usual export, read without vn_parse_money's folding (which gives
 * the same number). false for anything else (then vn_parse_money decides). */
static bool plain_money(const char *s, double *dong)
{
	size_t n = strlen(s);
	if (n == 0 || n > 15 || !all_digits(s, n) || (s[0] == '0' && n > 1))
		return false;
	*dong = (double)strtoll(s, NULL, 10);
	return true;
}

/* dd/mm/yyyy (and what vn_parse_date accepts) or yyyy-mm-dd, into yyyymmdd. */
static bool parse_date(const char *s, uint32_t *ymd, const char **err)
{
	int y, m, d;
	const char *d1 = strchr(s, '-');
	if (d1 && d1 - s == 4 && all_digits(s, 4)) {
		const char *d2 = strchr(d1 + 1, '-');
		size_t lm = d2 ? (size_t)(d2 - d1 - 1) : 0, ld = d2 ? strlen(d2 + 1) : 0;
		if (!d2 || lm < 1 || lm > 2 || ld < 1 || ld > 2 || !all_digits(d1 + 1, lm) ||
		    !all_digits(d2 + 1, ld)) {
			*err = N_("Enter a date as dd/mm/yyyy");
			return false;
		}
		char dmy[16];
		snprintf(dmy, sizeof dmy, "%s/%.*s/%.4s", d2 + 1, (int)lm, d1 + 1, s);
		if (!vn_parse_date(dmy, &y, &m, &d, err))
			return false;
	} else if (!vn_parse_date(s, &y, &m, &d, err)) {
		return false;
	}
	*ymd = (uint32_t)(y * 10000 + m * 100 + d);
	return true;
}

/* "central, province, ..." for the messages about an unknown source or form. */
static void keys_list(strbuf *b, bool sources)
{
	int n = sources ? SOURCE_COUNT : FORM_COUNT;
	for (int i = 0; i < n; i++)
		sb_printf(b, "%s%s", i ? ", " : "",
			  sources ? source_key((resource_source)i) : form_key((resource_form)i));
}

/* ---- the header --------------------------------------------------------------------------------- */

enum { C_DATE, C_AREA, C_SOURCE, C_FORM, C_QUANTITY, C_UNIT, C_VALUE, C_WORK, C_CONTRIBUTOR, C_NOTE,
       C_COUNT };
static const char *const column_names[C_COUNT] = {
	"date", "area_code", "source", "form", "quantity", "unit", "value", "work", "contributor", "note",
};
static const bool column_required[C_COUNT] = {
	[C_DATE] = true, [C_AREA] = true, [C_SOURCE] = true, [C_FORM] = true, [C_VALUE] = true,
};

/* Maps the header's names to columns: col[C_x] is the field index or -1. Problems go to why. */
static void read_header(csv_reader *r, int col[C_COUNT], strbuf *why)
{
	for (int c = 0; c < C_COUNT; c++)
		col[c] = -1;
	strbuf unknown, dup;
	sb_init(&unknown);
	sb_init(&dup);
	for (size_t i = 0; i < r->nfields; i++) {
		char *name = trim(r->fields[i]);
		int c = 0;
		while (c < C_COUNT && strcasecmp(name, column_names[c]) != 0)
			c++;
		strbuf *bad = c == C_COUNT ? &unknown : col[c] >= 0 ? &dup : NULL;
		if (bad) {
			if (bad->len)
				sb_add(bad, ", ");
			add_shown(bad, name);
			continue;
		}
		col[c] = (int)i;
	}
	if (unknown.len) {
		reason_sep(why);
		sb_printf(why, _("unknown column(s) %s"), unknown.s);
	}
	if (dup.len) {
		reason_sep(why);
		sb_printf(why, _("repeated column(s) %s"), dup.s);
	}
	strbuf missing;
	sb_init(&missing);
	for (int c = 0; c < C_COUNT; c++)
		if (column_required[c] && col[c] < 0)
			sb_printf(&missing, "%s%s", missing.len ? ", " : "", column_names[c]);
	if (missing.len) {
		reason_sep(why);
		sb_printf(why, _("missing column(s) %s"), missing.s);
	}
	if (why->len) {
		reason_sep(why);
		strbuf all;
		sb_init(&all);
		for (int i = 0; i < resource_csv_ncolumns; i++)
			sb_printf(&all, "%s%s", i ? "," : "", resource_csv_columns[i]);
		sb_printf(why, _("the header row must be: %s"), all.s);
		sb_free(&all);
	}
	sb_free(&missing);
	sb_free(&unknown);
	sb_free(&dup);
}

/* ---- checking a row ----------------------------------------------------------------------------- */

typedef struct checker {
	km_db *db;
	area_cache areas;
	int col[C_COUNT];
	size_t ncols;
	uint32_t today;
	char *sources_list, *forms_list;
	memo *sources, *forms;   /* on the heap: 20 kB each */
} checker;

static const char *field_of(csv_reader *r, const checker *k, int c)
{
	return k->col[c] < 0 ? "" : trim(r->fields[k->col[c]]);
}


/* The reason of a text that is too long (the messages of resource_check). */
static void too_long(strbuf *why, int t)
{
	switch (t) {
	case T_UNIT:
		sb_printf(why, _("The unit is too long (at most %d characters)"), TEXT_MAX);
		break;
	case T_WORK:
		sb_printf(why, _("The work is too long (at most %d characters)"), TEXT_MAX);
		break;
	case T_CONTRIBUTOR:
		sb_printf(why, _("The contributor's name is too long (at most %d characters)"), TEXT_MAX);
		break;
	default:
		sb_printf(why, _("The note is too long (at most %d characters)"), TEXT_MAX);
		break;
	}
}

/* One more reason: what (translated) value: reason (translated). */
static void bad_field(strbuf *why, const char *what, const char *value, const char *reason)
{
	strbuf shown;
	sb_init(&shown);
	add_shown(&shown, value);
	reason_sep(why);
	sb_printf(why, _("%s %s: %s"), what, shown.s, reason);
	sb_free(&shown);
}

static void missing_field(strbuf *why, const char *what)
{
	reason_sep(why);
	sb_printf(why, _("%s is missing"), what);
}

/* Checks the current record by the rules of resource_check: a known area of commune or village
 * level, a valid date not after today, a value of 0 to 1e15 đồng, a quantity >= 0 and, for cash,
 * equal to the value. Reasons go to why (left empty for a good row); a good row goes to *out,
 * its texts to the arena of keep (when keep is not NULL). Returns -1 on a database error or a
 * full arena (db_error set). */
static int check_row(checker *k, csv_reader *r, row *out, rows *keep, strbuf *why)
{
	const char *err;
	memset(out, 0, sizeof *out);
	if (r->nfields != k->ncols) {
		sb_printf(why, _("%zu fields instead of %zu"), r->nfields, k->ncols);
		return 0;
	}

	const char *date = field_of(r, k, C_DATE);
	if (!*date)
		missing_field(why, _("the date"));
	else if (!parse_date(date, &out->date, &err))
		bad_field(why, _("date"), date, _(err));
	else if (out->date > k->today)
		bad_field(why, _("date"), date, _("after today"));

	const char *code = field_of(r, k, C_AREA);
	if (!*code) {
		missing_field(why, _("the area code"));
	} else {
		int32_t i = cache_find(k->db, &k->areas, code);
		if (i < 0)
			return -1;
		const area_ref *a = &k->areas.refs[i];
		if (a->state == AREA_UNKNOWN)
			bad_field(why, _("area code"), code, _("no such area"));
		else if (a->state == AREA_WRONG_KIND)
			bad_field(why, _("area code"), code,
				  _("resources are recorded for a commune, town, ward, village or "
				    "residential group, not a province or district"));
		else if (a->state == AREA_REFUSED)
			bad_field(why, _("area code"), code, a->refused);
		out->area = (uint32_t)i;
	}

	const char *source = field_of(r, k, C_SOURCE);
	int sv = *source ? memo_parse(k->sources, source, source_parse) : -1;
	if (!*source) {
		missing_field(why, _("the source"));
	} else if (sv < 0) {
		strbuf m;
		sb_init(&m);
		sb_printf(&m, _("unknown source (%s)"), k->sources_list);
		bad_field(why, _("source"), source, m.s);
		sb_free(&m);
	}
	out->source = (uint8_t)(sv < 0 ? 0 : sv);

	const char *form = field_of(r, k, C_FORM);
	int fv = *form ? memo_parse(k->forms, form, form_parse) : -1;
	if (!*form) {
		missing_field(why, _("the form"));
	} else if (fv < 0) {
		strbuf m;
		sb_init(&m);
		sb_printf(&m, _("unknown form (%s)"), k->forms_list);
		bad_field(why, _("form"), form, m.s);
		sb_free(&m);
	}
	out->form = (uint8_t)(fv < 0 ? 0 : fv);

	double money = 0;
	const char *value = field_of(r, k, C_VALUE);
	bool value_ok = false;
	if (!*value)
		missing_field(why, _("the value"));
	else if (!plain_money(value, &money) && !vn_parse_money(value, &money, &err))
		bad_field(why, _("value"), value, _(err));
	else if (!(money >= 0 && money <= 1e15))
		bad_field(why, _("value"), value, _("The amount is too large"));
	else
		value_ok = true;
	out->value = value_ok ? llround(money) : 0;

	const char *quantity = field_of(r, k, C_QUANTITY);
	if (*quantity) {
		char shown[64], shown2[64];
		if (!vn_parse_number(quantity, &out->quantity, &err)) {
			bad_field(why, _("quantity"), quantity, _(err));
		} else if (!(out->quantity >= 0)) {
			bad_field(why, _("quantity"), quantity, _("The quantity cannot be negative"));
		} else {
			/* Stored as its CSV line writes it (six decimals at most), as resource_save;
			 * a whole number (most are) is that already. */
			if (!(out->quantity < 1e15 && out->quantity == floor(out->quantity))) {
				snprintf(shown, sizeof shown, "%.6f", out->quantity);
				out->quantity = strtod(shown, NULL);
			}
			out->has_quantity = 1;
			if (fv == FORM_CASH && value_ok && out->quantity != (double)out->value) {
				reason_sep(why);
				sb_printf(why, _("For cash the quantity is the amount: %s is not the value %s"),
					  vn_format_number(out->quantity, 6, shown, sizeof shown),
					  vn_format_money((double)out->value, shown2, sizeof shown2));
			}
		}
	}

	/* The texts, cleaned as resource_save cleans them, at most TEXT_MAX characters. */
	static const int text_cols[T_COUNT] = { C_UNIT, C_WORK, C_CONTRIBUTOR, C_NOTE };
	char *owned[T_COUNT];
	const char *text[T_COUNT];
	for (int t = 0; t < T_COUNT; t++) {
		text[t] = clean_field(field_of(r, k, text_cols[t]), &owned[t]);
		if (char_count(text[t]) > TEXT_MAX) {
			reason_sep(why);
			too_long(why, t);
		}
	}
	int rc = 0;
	if (!why->len && keep) {
		bool full = false;
		for (int t = 0; t < T_COUNT; t++) {
			out->text[t] = *text[t] ? arena_add(keep, text[t], strlen(text[t])) : NO_TEXT;
			full |= *text[t] && out->text[t] == NO_TEXT;
		}
		if (full) {
			rc = db_fail(k->db, "%s", _("the file is too large to import at once; split it"));
		} else {
			if (keep->n == keep->cap) {
				keep->cap = keep->cap ? 2 * keep->cap : 1024;
				keep->v = xrealloc(keep->v, keep->cap * sizeof *keep->v);
			}
			keep->v[keep->n++] = *out;
		}
	}
	for (int t = 0; t < T_COUNT; t++)
		free(owned[t]);
	return rc;
}

/* ---- progress ----------------------------------------------------------------------------------- */

typedef struct progress {
	const import_progress *p;
	const char *phase;
	int64_t total, step, next;
} progress;

static void progress_start(progress *pr, const import_progress *p, const char *phase, int64_t total)
{
	pr->p = p && p->report ? p : NULL;
	pr->phase = phase;
	pr->total = total;
	pr->step = total >= 100 ? total / 100 : 1;
	pr->next = pr->step;
	if (pr->p)
		pr->p->report(pr->p->ctx, 0, total, phase);
}

static void progress_at(progress *pr, int64_t done)
{
	if (pr->p && done >= pr->next) {
		if (done > pr->total)
			pr->total = done;
		pr->p->report(pr->p->ctx, done, pr->total, pr->phase);
		pr->next = (done / pr->step + 1) * pr->step;   /* the next percent */
	}
}

static void progress_end(progress *pr, int64_t done)
{
	if (pr->p)
		pr->p->report(pr->p->ctx, done, done, pr->phase);
}

/* Lines in a regular file (a quick count of newlines, the last line counted without one); 0 if
 * fp is not a regular file. Leaves fp at its start. */
static int64_t count_lines(FILE *fp)
{
	struct stat sb;
	if (fstat(fileno(fp), &sb) < 0 || !S_ISREG(sb.st_mode))
		return 0;
	char buf[1 << 16];
	int64_t lines = 0;
	size_t n;
	char last = '\n';
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))) != NULL; p++)
			lines++;
		last = buf[n - 1];
	}
	if (last != '\n')
		lines++;
	clearerr(fp);
	rewind(fp);
	return lines;
}

/* ---- phase 2: storing ------------------------------------------------------------------------- */

/* Where the time of storing goes, and what this code does about it (100,000 rows):
 *  - The audit log: its triggers wrote one row per entry (a JSON copy of it, and three indexes
 *    to update), more than half of the time and of the bytes written. The import logs itself
 *    instead, in the same transaction: one row per area, naming the file, the count and the
 *    entries' ids (first_id..last_id: the entries of one area get consecutive ids). Each entry
 *    keeps its own resource_history row with its CSV line, who and when.
 *  - Even doing nothing, a row trigger on the table makes SQLite copy the rows of a multi-row
 *    INSERT into a temporary table first (a seventh of the time). So the entries' insert trigger
 *    is taken out inside the import's transaction and put back, its own SQL, before the commit:
 *    no other session can write meanwhile (the import holds the write lock), readers see the
 *    schema of before or after, and a failure or a crash rolls the trigger back with the rest.
 *  - The CHECK constraints stay on: since schema v7 they are comparisons, not IN lists (for
 *    which SQLite 3.40 filled a temporary table per row).
 *  - Rows go in BATCH at a time (multi-row INSERTs: fewer statement runs); the statement journal
 *    that a multi-row INSERT keeps goes in memory, not a temporary file (PRAGMA temp_store).
 *  - Rows go in by area, by date within an area (as in the file for one date), in id order:
 *    the table grows at its end and each index at few places, whose pages stay in the cache. */
#define BATCH 128
#define E_INSERT \
	"INSERT INTO resource_entry(id, area_id, entry_date, source, form, quantity, unit, " \
	"value_dong, work, contributor, note, origin, created_by, created_at, updated_by, " \
	"updated_at) VALUES "
#define E_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'user', ?, ?, ?, ?)"
#define E_PARAMS 15
#define H_INSERT \
	"INSERT INTO resource_history(id, entry_id, action, old_row, new_row, changed_by, " \
	"changed_at) VALUES "
#define H_ROW "(?, ?, 'import', NULL, ?, ?, ?)"
#define H_PARAMS 5
#define TIMES2(r) r ", " r
#define TIMES4(r) TIMES2(r) ", " TIMES2(r)
#define TIMES8(r) TIMES4(r) ", " TIMES4(r)
#define TIMES16(r) TIMES8(r) ", " TIMES8(r)
#define TIMES32(r) TIMES16(r) ", " TIMES16(r)
#define TIMES64(r) TIMES32(r) ", " TIMES32(r)
#define TIMES128(r) TIMES64(r) ", " TIMES64(r)   /* BATCH */

typedef struct writer {
	sqlite3_stmt *entry[2], *hist[2];   /* [0] one row, [1] BATCH rows */
	const char *user;
	char now[32];
	strbuf lines[BATCH];                /* the history's CSV lines of the batch */
} writer;

static void writer_close(writer *w)
{
	for (int i = 0; i < 2; i++) {
		sqlite3_finalize(w->entry[i]);
		sqlite3_finalize(w->hist[i]);
		w->entry[i] = w->hist[i] = NULL;
	}
	for (int i = 0; i < BATCH; i++)
		sb_free(&w->lines[i]);
}

static int writer_open(km_db *db, writer *w)
{
	memset(w, 0, sizeof *w);
	for (int i = 0; i < BATCH; i++)
		sb_init(&w->lines[i]);
	sqlite3 *h = db_handle(db);
	if (sqlite3_prepare_v2(h, E_INSERT E_ROW, -1, &w->entry[0], NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, E_INSERT TIMES128(E_ROW), -1, &w->entry[1], NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, H_INSERT H_ROW, -1, &w->hist[0], NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, H_INSERT TIMES128(H_ROW), -1, &w->hist[1], NULL) != SQLITE_OK) {
		db_fail_sql(db, _("importing the resource entries"));
		writer_close(w);
		return -1;
	}
	w->user = db_user(db);
	db_now_iso(w->now, sizeof w->now);
	/* Who and when, the same for every row: bound once (a reset keeps the bindings). */
	for (int batch = 0; batch < 2; batch++) {
		for (int j = 0; j < (batch ? BATCH : 1); j++) {
			int p = j * E_PARAMS;
			sqlite3_bind_text(w->entry[batch], p + 12, w->user, -1, SQLITE_STATIC);
			sqlite3_bind_text(w->entry[batch], p + 13, w->now, -1, SQLITE_STATIC);
			sqlite3_bind_text(w->entry[batch], p + 14, w->user, -1, SQLITE_STATIC);
			sqlite3_bind_text(w->entry[batch], p + 15, w->now, -1, SQLITE_STATIC);
			p = j * H_PARAMS;
			sqlite3_bind_text(w->hist[batch], p + 4, w->user, -1, SQLITE_STATIC);
			sqlite3_bind_text(w->hist[batch], p + 5, w->now, -1, SQLITE_STATIC);
		}
	}
	return 0;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Binds row j of a statement (batch: the BATCH-row one): the entry e and its history line (id
 * hid), built into w->lines[j] (who and when are bound already). Texts are bound SQLITE_STATIC:
 * they live until the step. */
static void bind_row(writer *w, int batch, int j, const resource_entry *e, int64_t hid)
{
	sqlite3_stmt *st = w->entry[batch];
	int p = j * E_PARAMS;
	sqlite3_bind_int64(st, p + 1, e->id);
	sqlite3_bind_int64(st, p + 2, e->area_id);
	sqlite3_bind_text(st, p + 3, e->date, 10, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, p + 4, source_key(e->source), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, p + 5, form_key(e->form), -1, SQLITE_STATIC);
	if (e->has_quantity)
		sqlite3_bind_double(st, p + 6, e->quantity);
	else
		sqlite3_bind_null(st, p + 6);
	bind_text_or_null(st, p + 7, e->unit);
	sqlite3_bind_int64(st, p + 8, e->value);
	bind_text_or_null(st, p + 9, e->work);
	bind_text_or_null(st, p + 10, e->contributor);
	bind_text_or_null(st, p + 11, e->note);

	strbuf *line = &w->lines[j];
	sb_clear(line);
	resource_csv_line(e, line);
	st = w->hist[batch];
	p = j * H_PARAMS;
	sqlite3_bind_int64(st, p + 1, hid);
	sqlite3_bind_int64(st, p + 2, e->id);
	sqlite3_bind_text(st, p + 3, line->s ? line->s : "", (int)line->len, SQLITE_STATIC);
}

static int run_stmt(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Row i of keep as an entry (texts pointing into the arena). */
static void entry_of(const rows *keep, const area_cache *areas, size_t i, int64_t id,
		     resource_entry *e)
{
	const row *w = &keep->v[i];
	const area_ref *a = &areas->refs[w->area];
	memset(e, 0, sizeof *e);
	e->id = id;
	e->area_id = a->id;
	/* yyyymmdd -> "yyyy-mm-dd" (snprintf was a tenth of the time of storing) */
	static const char at[] = "dddd-dd-dd";
	uint32_t d = w->date;
	for (int k = 9; k >= 0; k--) {
		if (at[k] == '-') {
			e->date[k] = '-';
		} else {
			e->date[k] = (char)('0' + d % 10);
			d /= 10;
		}
	}
	e->date[10] = '\0';
	e->source = (resource_source)w->source;
	e->form = (resource_form)w->form;
	e->has_quantity = w->has_quantity;
	e->quantity = w->quantity;
	e->unit = (char *)arena_text(keep, w->text[T_UNIT]);
	e->value = w->value;
	e->work = (char *)arena_text(keep, w->text[T_WORK]);
	e->contributor = (char *)arena_text(keep, w->text[T_CONTRIBUTOR]);
	e->note = (char *)arena_text(keep, w->text[T_NOTE]);
	e->area_code = a->code;
}

/* The indices of keep's rows ordered by date, then as in the file: a stable radix sort on the
 * yyyymmdd number (two passes of 12 bits over its offset from 1900-01-01, which fits 24 bits). */
static uint32_t *order_by_date(const rows *keep)
{
	size_t n = keep->n;
	uint32_t *a = xmalloc(n * sizeof *a), *b = xmalloc(n * sizeof *b);
	size_t *count = xmalloc(4097 * sizeof *count);
	for (size_t i = 0; i < n; i++)
		a[i] = (uint32_t)i;
	for (int pass = 0; pass < 2; pass++) {
		memset(count, 0, 4097 * sizeof *count);
		int shift = 12 * pass;
		for (size_t i = 0; i < n; i++)
			count[(((keep->v[a[i]].date - 19000101u) >> shift) & 0xFFF) + 1]++;
		for (int k = 0; k < 4096; k++)
			count[k + 1] += count[k];
		for (size_t i = 0; i < n; i++)
			b[count[((keep->v[a[i]].date - 19000101u) >> shift) & 0xFFF]++] = a[i];
		uint32_t *t = a;
		a = b;
		b = t;
	}
	free(b);
	free(count);
	return a;
}

typedef struct area_rank {
	int64_t id;
	uint32_t index;   /* in the area cache */
} area_rank;

static int by_id(const void *x, const void *y)
{
	int64_t a = ((const area_rank *)x)->id, b = ((const area_rank *)y)->id;
	return a < b ? -1 : a > b;
}

/* The storing order: by area (by the areas' ids, the order of the index on area and date), by
 * date within an area, as in the file for one date. A stable counting sort of the date order. */
static uint32_t *storing_order(const rows *keep, const area_cache *areas)
{
	size_t n = keep->n, na = areas->n;
	uint32_t *by_date = order_by_date(keep), *out = xmalloc(n * sizeof *out);
	area_rank *ids = xmalloc(na * sizeof *ids);
	size_t *start = xcalloc(na + 1, sizeof *start);
	for (size_t i = 0; i < na; i++)
		ids[i] = (area_rank){ areas->refs[i].id, (uint32_t)i };
	qsort(ids, na, sizeof *ids, by_id);
	uint32_t *rank = xmalloc(na * sizeof *rank);
	for (size_t i = 0; i < na; i++)
		rank[ids[i].index] = (uint32_t)i;
	for (size_t i = 0; i < n; i++)
		start[rank[keep->v[i].area] + 1]++;
	for (size_t r = 0; r < na; r++)
		start[r + 1] += start[r];
	for (size_t i = 0; i < n; i++)
		out[start[rank[keep->v[by_date[i]].area]]++] = by_date[i];
	free(by_date);
	free(ids);
	free(start);
	free(rank);
	return out;
}

/* The audit log's row for the entries of one area: ids first to last, all inserted now. */
static int log_area(km_db *db, const writer *w, const char *file, int64_t area_id, int64_t first,
		    int64_t last, int64_t value)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO audit(at, user, tbl, row_key, action, area_id, old_row, new_row, first_id, "
		"last_id) VALUES (?1, km_user(), 'resource_entry', ?2 || '-' || ?3, 'insert', ?4, NULL, "
		"json_object('import', ?5, 'entries', ?3 - ?2 + 1, 'value_dong', ?6), ?2, ?3)");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, w->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, first);
	sqlite3_bind_int64(st, 3, last);
	sqlite3_bind_int64(st, 4, area_id);
	sqlite3_bind_text(st, 5, file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, value);
	return run_stmt(st);
}

/* The log of the whole import: one row per area (see the top of this section). */
static int log_import(km_db *db, const writer *w, const char *path, const rows *keep,
		      const area_cache *areas, const uint32_t *order, int64_t first)
{
	char *abs = realpath(path, NULL);
	const char *file = abs ? abs : path;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < keep->n;) {
		uint32_t in = keep->v[order[i]].area;
		int64_t value = 0;
		size_t j = i;
		for (; j < keep->n && keep->v[order[j]].area == in; j++)
			value += keep->v[order[j]].value;
		rc = log_area(db, w, file, areas->refs[in].id, first + (int64_t)i, first + (int64_t)j - 1,
			      value);
		i = j;
	}
	free(abs);
	return rc;
}

/* PRAGMA name's value (an integer), -1 on error. */
static int pragma_get(km_db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

/* The triggers that act on each new entry, taken out for the import's transaction and put
 * back before its commit (see the top of this section): the audit log's (schema v6; the import
 * logs itself by id range) and the status table's running totals' (schema v8; the import adds
 * its totals in one statement). */
static const char *const entry_triggers[] = { "audit_resource_entry_insert", "total_resource_entry_insert" };
#define NTRIGGERS (sizeof entry_triggers / sizeof *entry_triggers)

/* sql[i] gets trigger i's stored SQL (NULL if it is missing: `kieumau check` reports that). */
static int take_out_triggers(km_db *db, char *sql[NTRIGGERS])
{
	for (size_t i = 0; i < NTRIGGERS; i++) {
		sql[i] = NULL;
		sqlite3_stmt *st = db_stmt(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1");
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, entry_triggers[i], -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			sql[i] = db_column_dup(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail_sql(db, _("importing the resource entries"));
		if (sql[i]) {
			char drop[96];
			snprintf(drop, sizeof drop, "DROP TRIGGER %s", entry_triggers[i]);
			if (db_exec(db, drop) < 0)
				return -1;
		}
	}
	return 0;
}

/* The imported entries (ids first..last) added to the running totals, area by area and year. */
static int add_to_totals(km_db *db, int64_t first, int64_t last)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO area_year_total(area_id, year, resources_dong, labour_days, land_m2)"
		" SELECT area_id, CAST(substr(entry_date, 1, 4) AS INTEGER), sum(value_dong),"
		"  total(CASE WHEN form = 'labour' THEN coalesce(quantity, 0) ELSE 0 END),"
		"  total(CASE WHEN form = 'land' THEN coalesce(quantity, 0) ELSE 0 END)"
		" FROM resource_entry WHERE id BETWEEN ?1 AND ?2 GROUP BY 1, 2"
		" ON CONFLICT (area_id, year) DO UPDATE SET resources_dong = resources_dong + excluded.resources_dong,"
		"  labour_days = labour_days + excluded.labour_days, land_m2 = land_m2 + excluded.land_m2");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("importing the resource entries"));
}

/* Stores every row of keep, with its history line and the import's audit rows, in one
 * transaction. */
static int store(km_db *db, const char *path, const rows *keep, const area_cache *areas,
		 const import_progress *p)
{
	if (!keep->n)
		return 0;
	uint32_t *order = storing_order(keep, areas);
	int temp_store = pragma_get(db, "PRAGMA temp_store");
	if (temp_store != 2)
		db_exec(db, "PRAGMA temp_store = MEMORY");
	int64_t n = (int64_t)keep->n;
	char *trigger[NTRIGGERS] = { NULL };
	writer w;
	int rc = db_begin(db);
	int64_t first = rc == 0 ? db_new_ids(db, 2 * n) : 0;   /* the entries, then their history */
	if (!first)
		rc = -1;
	/* The statements are prepared without the trigger: they are made for the schema they see. */
	if (rc == 0 && (take_out_triggers(db, trigger) < 0 || writer_open(db, &w) < 0))
		rc = -1;
	bool opened = rc == 0;
	progress pr;
	progress_start(&pr, p, "import", n);
	for (int64_t i = 0; rc == 0 && i < n;) {
		int m = n - i >= BATCH ? BATCH : 1;
		int batch = m == BATCH;
		for (int j = 0; j < m; j++) {
			resource_entry e;
			entry_of(keep, areas, order[i + j], first + i + j, &e);
			bind_row(&w, batch, j, &e, first + n + i + j);
		}
		if (run_stmt(w.entry[batch]) < 0 || run_stmt(w.hist[batch]) < 0)
			rc = db_fail_sql(db, _("importing the resource entries"));
		i += m;
		progress_at(&pr, i);
	}
	if (rc == 0 && log_import(db, &w, path, keep, areas, order, first) < 0)
		rc = db_fail_sql(db, _("importing the resource entries"));
	if (opened)
		writer_close(&w);   /* finished before the commit, which then has nothing pending */
	if (rc == 0 && add_to_totals(db, first, first + n - 1) < 0)
		rc = -1;
	for (size_t t = 0; t < NTRIGGERS; t++)
		if (rc == 0 && trigger[t] && db_exec(db, trigger[t]) < 0)
			rc = -1;
	if (rc == 0)
		rc = db_commit(db);   /* rolls back on failure */
	else
		db_rollback(db);     /* the trigger back with the rest */
	if (temp_store == 0)
		db_exec(db, "PRAGMA temp_store = DEFAULT");
	else if (temp_store == 1)
		db_exec(db, "PRAGMA temp_store = FILE");
	for (size_t t = 0; t < NTRIGGERS; t++)
		free(trigger[t]);
	free(order);
	if (rc == 0)
		progress_end(&pr, n);
	return rc;
}

/* ---- the import --------------------------------------------------------------------------------- */

/* Adds "LINE: reason" to errors while fewer than max_errors lines were listed. */
static void report_bad(strbuf *errors, int max_errors, int64_t *listed, int line, const char *why)
{
	if (max_errors >= 0 && *listed >= max_errors)
		return;
	if (errors)
		sb_printf(errors, "%d: %s\n", line, why);
	(*listed)++;
}

int resource_import(km_db *db, const char *path, bool dry_run, int max_errors,
		    const import_progress *progress_cb, strbuf *errors, import_result *result)
{
	import_result res = { 0, 0, 0 };
	if (result)
		*result = res;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return db_fail(db, _("cannot open %s: %s"), path, strerror(errno));
	struct stat sb;
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(fp);
		return db_fail(db, _("cannot open %s: %s"), path, strerror(EISDIR));
	}
	int64_t total_lines = count_lines(fp);

	checker k;
	memset(&k, 0, sizeof k);
	k.db = db;
	k.sources = xmalloc(sizeof *k.sources);
	k.forms = xmalloc(sizeof *k.forms);
	memo_init(k.sources);
	memo_init(k.forms);
	char today[16];
	vn_today_iso(today, sizeof today);
	k.today = (uint32_t)(atoi(today) * 10000 + atoi(today + 5) * 100 + atoi(today + 8));
	strbuf list;
	sb_init(&list);
	keys_list(&list, true);
	k.sources_list = sb_take(&list);
	keys_list(&list, false);
	k.forms_list = sb_take(&list);

	rows keep;
	memset(&keep, 0, sizeof keep);
	csv_reader r;
	csv_open(&r, fp);
	strbuf why;
	sb_init(&why);
	int64_t listed = 0;
	int rc = 0;
	progress pr;

	int got = csv_next(&r);
	if (got <= 0) {
		sb_add(&why, got == 0 ? _("the file is empty: the header row is missing")
				      : _("the header row is not valid CSV"));
	} else {
		read_header(&r, k.col, &why);
		k.ncols = r.nfields;
	}
	if (why.len) {
		res.bad = 1;
		report_bad(errors, max_errors, &listed, 1, why.s);
		rc = 1;
		goto done;
	}

	progress_start(&pr, progress_cb, "check", total_lines > 1 ? total_lines - 1 : 0);
	while ((got = csv_next(&r)) != 0) {
		if (got < 0) {
			res.rows++;
			res.bad++;
			report_bad(errors, max_errors, &listed, r.line,
				   _("a quoted field is not closed (a \" is missing)"));
			break;
		}
		if (r.nfields == 1 && !*trim(r.fields[0]))
			continue;   /* an empty line */
		res.rows++;
		row w;
		sb_clear(&why);
		if (check_row(&k, &r, &w, dry_run || res.bad ? NULL : &keep, &why) < 0) {
			rc = -1;
			goto done;
		}
		if (why.len) {
			if (!res.bad)
				rows_free(&keep);   /* nothing will be stored */
			res.bad++;
			report_bad(errors, max_errors, &listed, r.line, why.s);
		}
		progress_at(&pr, r.next_line - 2);
	}
	if (ferror(fp)) {
		rc = db_fail(db, _("cannot read %s: %s"), path, strerror(errno));
		goto done;
	}
	progress_end(&pr, r.next_line - 2);

	if (res.bad) {
		rc = 1;
	} else if (!dry_run) {
		if (store(db, path, &keep, &k.areas, progress_cb) < 0) {
			rc = -1;
			goto done;
		}
		res.imported = res.rows;
	}
done:
	if (rc == 1 && errors && res.bad > listed) {
		long long more = (long long)(res.bad - listed);
		sb_printf(errors, ngettext("... and %lld more bad row\n", "... and %lld more bad rows\n",
					   (unsigned long)more), more);
	}
	if (result)
		*result = res;
	sb_free(&why);
	csv_close(&r);
	fclose(fp);
	rows_free(&keep);
	cache_free(&k.areas);
	free(k.sources_list);
	free(k.forms_list);
	memo_free(k.sources);
	memo_free(k.forms);
	free(k.sources);
	free(k.forms);
	return rc;
}
