#include "config.h"
/* The resource ledger: sources and forms, saving with validation and history, deleting, periods,
 * listing and totals (period boundaries, the roll-up of the hierarchy, by source and by form). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/resource.h"
#include "helpers.h"
#include "util/strbuf.h"

#define TODAY "2025-06-15"

/* Lạc Xuân (a commune), its villages Thôn 1 and Thôn 2, the commune Đạ Ròn and its Thôn 1, the
 * district Đơn Dương above them. */
static int64_t lx, lx1, lx2, dr, dr1, district;

static void setup(void)
{
	cr_assert_eq(setenv("KIEUMAU_TODAY", TODAY, 1), 0);
	tdb_setup();
	lx = tdb_area("24934");
	dr = tdb_area("24937");
	district = tdb_area("677");
	lx1 = tdb_add_village("Lạc Xuân", "Thôn 1");
	lx2 = tdb_add_village("Lạc Xuân", "Thôn 2");
	dr1 = tdb_add_village("Đạ Ròn", "Thôn 1");
}

TestSuite(resource, .init = setup, .fini = tdb_teardown);

static int64_t nentries(void)
{
	return tdb_int(tdb, "SELECT count(*) FROM resource_entry");
}

static int64_t nhistory(void)
{
	return tdb_int(tdb, "SELECT count(*) FROM resource_history");
}

/* A valid entry (texts are literals: resource_save does not own them; never freed). */
static resource_entry sample(int64_t area_id, const char *date, resource_source s, resource_form f,
			     int64_t value)
{
	resource_entry e;
	memset(&e, 0, sizeof e);
	e.area_id = area_id;
	snprintf(e.date, sizeof e.date, "%s", date);
	e.source = s;
	e.form = f;
	e.value = value;
	return e;
}

static int64_t save_ok(resource_entry *e)
{
	int64_t id = 0;
	cr_assert_eq(resource_save(tdb, e, &id), 0, "resource_save: %s", db_error(tdb));
	cr_assert_neq(id, 0);
	return id;
}

/* Adds an entry; with qty >= 0 a quantity. */
static int64_t add(int64_t area_id, const char *date, resource_source s, resource_form f,
		   int64_t value, double qty)
{
	resource_entry e = sample(area_id, date, s, f, value);
	if (qty >= 0) {
		e.has_quantity = true;
		e.quantity = qty;
	}
	return save_ok(&e);
}

/* resource_save refuses e with msg in the error, writes nothing and leaves no transaction open;
 * resource_check too, unless save_only (what only saving can know: an edited entry is gone). */
static void refused_how(resource_entry *e, const char *msg, bool save_only)
{
	int64_t before = nentries(), hbefore = nhistory();
	int64_t keep_id = e->id;
	int64_t id = 777;
	cr_expect_eq(resource_save(tdb, e, &id), -1, "accepted, expected \"%s\"", msg);
	cr_expect(strstr(db_error(tdb), msg) != NULL, "error \"%s\" lacks \"%s\"", db_error(tdb), msg);
	if (!save_only) {
		char err[600];
		cr_expect_not(resource_check(tdb, e, err, sizeof err), "resource_check accepted");
		cr_expect(strstr(err, msg) != NULL, "check error \"%s\" lacks \"%s\"", err, msg);
	}
	cr_expect_eq(nentries(), before);
	cr_expect_eq(nhistory(), hbefore);
	cr_expect_eq(e->id, keep_id, "the record's id changed on a refusal");
	cr_expect_eq(id, 777, "*id written on a refusal");
	cr_expect(sqlite3_get_autocommit(db_handle(tdb)), "a transaction was left open");
}

static void refused(resource_entry *e, const char *msg)
{
	refused_how(e, msg, false);
}

/* One text cell of sql with ?1 bound to id; malloc'd, NULL for NULL. Fails without a row. */
static char *text_of(const char *sql, int64_t id)
{
	sqlite3_stmt *st = NULL;
	cr_assert_eq(sqlite3_prepare_v2(db_handle(tdb), sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
	sqlite3_bind_int64(st, 1, id);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s: no row", sql);
	const unsigned char *s = sqlite3_column_text(st, 0);
	char *out = s ? strdup((const char *)s) : NULL;
	sqlite3_finalize(st);
	return out;
}

static void expect_text(char *got, const char *want)
{
	if (!want)
		cr_expect_null(got, "expected NULL, got \"%s\"", got ? got : "");
	else
		cr_expect(got && strcmp(got, want) == 0, "expected \"%s\", got \"%s\"", want,
			  got ? got : "(null)");
	free(got);
}

static char *csv_of(const resource_entry *e)
{
	strbuf b;
	sb_init(&b);
	resource_csv_line(e, &b);
	return sb_take(&b);
}

/* ---- sources and forms ---- */

Test(resource, keys_labels_and_units)
{
	static const char *const skeys[] = { "central", "province", "district", "commune", "pooled",
					     "credit", "enterprise", "residents", "donors", "other" };
	static const char *const fkeys[] = { "cash", "labour", "land", "materials", "machinery", "other" };
	for (int i = 0; i < SOURCE_COUNT; i++) {
		cr_expect_str_eq(source_key((resource_source)i), skeys[i]);
		cr_expect_eq(source_parse(skeys[i]), i);
		cr_expect_eq(source_parse(source_label((resource_source)i)), i, "label of %s", skeys[i]);
	}
	for (int i = 0; i < FORM_COUNT; i++) {
		cr_expect_str_eq(form_key((resource_form)i), fkeys[i]);
		cr_expect_eq(form_parse(fkeys[i]), i);
		cr_expect_eq(form_parse(form_label((resource_form)i)), i, "label of %s", fkeys[i]);
	}
	cr_expect_str_eq(source_label(SOURCE_CENTRAL), "State budget: central");
	cr_expect_str_eq(source_label(SOURCE_POOLED), "Pooled programmes");
	cr_expect_str_eq(form_label(FORM_LABOUR), "Labour days");
	cr_expect_str_eq(form_label(FORM_LAND), "Donated land");
	cr_expect_str_eq(form_default_unit(FORM_CASH), "đ");
	cr_expect_str_eq(form_default_unit(FORM_LABOUR), "ngày công");
	cr_expect_str_eq(form_default_unit(FORM_LAND), "m²");
	cr_expect_null(form_default_unit(FORM_MATERIALS));
	cr_expect_null(form_default_unit(FORM_MACHINERY));
}

Test(resource, parse_vietnamese_words_with_or_without_tone_marks)
{
	static const struct {
		const char *text;
		int want;
	} src[] = {
		{ "trung uong", SOURCE_CENTRAL }, { "Ngân sách trung ương", SOURCE_CENTRAL },
		{ "tỉnh", SOURCE_PROVINCE }, { "TINH", SOURCE_PROVINCE }, { "huyện", SOURCE_DISTRICT },
		{ "xa", SOURCE_COMMUNE }, { "Xã", SOURCE_COMMUNE }, { "lồng ghép", SOURCE_POOLED },
		{ "vốn lồng ghép", SOURCE_POOLED }, { "tin dung", SOURCE_CREDIT },
		{ "Doanh nghiệp", SOURCE_ENTERPRISE }, { "nhan dan", SOURCE_RESIDENTS },
		{ "  Nhân   dân ", SOURCE_RESIDENTS }, { "tài trợ", SOURCE_DONORS },
		{ "khac", SOURCE_OTHER }, { "state budget: province", SOURCE_PROVINCE },
		{ "Residents", SOURCE_RESIDENTS },
		{ "nowhere", -1 }, { "", -1 }, { "trung", -1 },
	};
	for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
		cr_expect_eq(source_parse(src[i].text), src[i].want, "source_parse(\"%s\")", src[i].text);
	cr_expect_eq(source_parse(NULL), -1);
	static const struct {
		const char *text;
		int want;
	} frm[] = {
		{ "tiền mặt", FORM_CASH }, { "tien mat", FORM_CASH }, { "ngày công", FORM_LABOUR },
		{ "ngay cong", FORM_LABOUR }, { "hiến đất", FORM_LAND }, { "dat", FORM_LAND },
		{ "Đất", FORM_LAND }, { "vật liệu", FORM_MATERIALS }, { "may moc", FORM_MACHINERY },
		{ "khác", FORM_OTHER }, { "Labour days", FORM_LABOUR }, { "donated land", FORM_LAND },
		{ "tien-mat", FORM_CASH }, { "gold", -1 }, { "", -1 },
	};
	for (size_t i = 0; i < sizeof frm / sizeof frm[0]; i++)
		cr_expect_eq(form_parse(frm[i].text), frm[i].want, "form_parse(\"%s\")", frm[i].text);
	cr_expect_eq(form_parse(NULL), -1);
}

/* ---- saving ---- */

Test(resource, add_and_get_with_a_history_line)
{
	resource_entry e = sample(lx1, "2025-03-31", SOURCE_RESIDENTS, FORM_LABOUR, 65700000);
	e.has_quantity = true;
	e.quantity = 438;
	e.unit = "ngày công";
	e.work = "bê tông hóa đường thôn";
	e.contributor = "Hộ ông Nguyễn Văn A, xóm 2";
	e.note = "theo \"biên bản\" họp thôn";
	int64_t id = save_ok(&e);
	cr_expect_eq(e.id, id, "the record names what is stored");
	cr_expect_eq(nentries(), 1);

	resource_entry g;
	cr_assert_eq(resource_get(tdb, id, &g), 0, "%s", db_error(tdb));
	cr_expect_eq(g.id, id);
	cr_expect_eq(g.area_id, lx1);
	cr_expect_str_eq(g.date, "2025-03-31");
	cr_expect_eq(g.source, SOURCE_RESIDENTS);
	cr_expect_eq(g.form, FORM_LABOUR);
	cr_expect(g.has_quantity);
	cr_expect_eq(g.quantity, 438);
	cr_expect_str_eq(g.unit, "ngày công");
	cr_expect_eq(g.value, 65700000);
	cr_expect_str_eq(g.work, "bê tông hóa đường thôn");
	cr_expect_str_eq(g.contributor, "Hộ ông Nguyễn Văn A, xóm 2");
	cr_expect_str_eq(g.note, "theo \"biên bản\" họp thôn");
	cr_expect_str_eq(g.area_code, "24934-01");
	cr_expect_str_eq(g.area_name, "Thôn 1");

	char *line = csv_of(&g);
	cr_expect_str_eq(line, "31/03/2025,24934-01,residents,labour,438,ngày công,65700000,"
			       "bê tông hóa đường thôn,\"Hộ ông Nguyễn Văn A, xóm 2\","
			       "\"theo \"\"biên bản\"\" họp thôn\"");
	cr_expect_eq(nhistory(), 1);
	expect_text(text_of("SELECT action FROM resource_history WHERE entry_id = ?1", id), "add");
	expect_text(text_of("SELECT old_row FROM resource_history WHERE entry_id = ?1", id), NULL);
	expect_text(text_of("SELECT new_row FROM resource_history WHERE entry_id = ?1", id), line);
	expect_text(text_of("SELECT changed_by FROM resource_history WHERE entry_id = ?1", id),
		    db_user(tdb));
	expect_text(text_of("SELECT created_by FROM resource_entry WHERE id = ?1", id), db_user(tdb));
	expect_text(text_of("SELECT origin FROM resource_entry WHERE id = ?1", id), "user");
	free(line);
	resource_entry_free(&g);
	cr_expect_eq(resource_get(tdb, 12345, &g), -1, "an unknown id is not found");
}

Test(resource, texts_are_cleaned_and_empty_ones_are_none)
{
	resource_entry e = sample(lx, "2025-01-02", SOURCE_DONORS, FORM_MATERIALS, 0);
	e.work = "  đường\tthôn\x1b[31m 3 ";
	e.contributor = "   ";
	e.note = "";
	e.unit = " tấn ";
	int64_t id = save_ok(&e);
	resource_entry g;
	cr_assert_eq(resource_get(tdb, id, &g), 0);
	cr_expect_str_eq(g.work, "đường thôn[31m 3");
	cr_expect_null(g.contributor);
	cr_expect_null(g.note);
	cr_expect_str_eq(g.unit, "tấn");
	cr_expect_not(g.has_quantity);
	cr_expect_eq(g.value, 0, "a value of zero is allowed");
	resource_entry_free(&g);
}

Test(resource, today_and_the_limits_are_accepted)
{
	resource_entry e = sample(lx, TODAY, SOURCE_CENTRAL, FORM_CASH, 1000000000000000LL);
	e.has_quantity = true;
	e.quantity = 1e15;
	save_ok(&e);
	char text[501];
	memset(text, 'a', 500);
	text[500] = '\0';
	resource_entry f = sample(lx1, "1900-01-01", SOURCE_OTHER, FORM_OTHER, 1);
	f.work = text;
	f.note = text;
	f.contributor = text;
	f.unit = text;
	save_ok(&f);
	/* A residential group and a town are fine too. */
	int64_t group = 0;
	cr_assert_eq(area_add(tdb, tdb_area("24931"), "Tổ dân phố 1", AREA_RESIDENTIAL_GROUP, &group), 0,
		     "%s", db_error(tdb));
	resource_entry g = sample(group, "2025-05-01", SOURCE_ENTERPRISE, FORM_MACHINERY, 3);
	save_ok(&g);
	resource_entry t = sample(tdb_area("24931"), "2025-05-01", SOURCE_ENTERPRISE, FORM_MACHINERY, 3);
	save_ok(&t);
	cr_expect_eq(nentries(), 4);
}

Test(resource, validation_refusals_write_nothing)
{
	add(lx, "2025-01-01", SOURCE_CENTRAL, FORM_CASH, 5, -1);   /* something already there */
	resource_entry e;

	e = sample(999999, "2025-01-01", SOURCE_CENTRAL, FORM_CASH, 5);
	refused(&e, "No such area");
	e = sample(district, "2025-01-01", SOURCE_CENTRAL, FORM_CASH, 5);
	refused(&e, "not for Đơn Dương");
	e = sample(tdb_area("68"), "2025-01-01", SOURCE_CENTRAL, FORM_CASH, 5);
	refused(&e, "not for Lâm Đồng");
	e = sample(lx, "2025-06-16", SOURCE_CENTRAL, FORM_CASH, 5);
	refused(&e, "after today");
	e = sample(lx, "2025-02-29", SOURCE_CENTRAL, FORM_CASH, 5);
	refused(&e, "not a valid date");
	e = sample(lx, "2025-2-1", SOURCE_CENTRAL, FORM_CASH, 5);
	refused(&e, "not a valid date");
	e = sample(lx, "", SOURCE_CENTRAL, FORM_CASH, 5);
	refused(&e, "not a valid date");
	e = sample(lx, "1899-12-31", SOURCE_CENTRAL, FORM_CASH, 5);
	refused(&e, "not a valid date");
	e = sample(lx, "2025-01-01", SOURCE_CENTRAL, FORM_CASH, -1);
	refused(&e, "value cannot be negative");
	e = sample(lx, "2025-01-01", SOURCE_CENTRAL, FORM_CASH, 1000000000000001LL);
	refused(&e, "value is too large");
	e = sample(lx, "2025-01-01", SOURCE_RESIDENTS, FORM_LABOUR, 5);
	e.has_quantity = true;
	e.quantity = -0.5;
	refused(&e, "quantity cannot be negative");
	e.quantity = NAN;
	refused(&e, "quantity cannot be negative");
	e.quantity = 2e15;
	refused(&e, "quantity is too large");
	e = sample(lx, "2025-01-01", SOURCE_RESIDENTS, FORM_CASH, 1500000);
	e.has_quantity = true;
	e.quantity = 1000000;
	refused(&e, "For cash the quantity is the amount");
	e.quantity = 1500000;   /* equal: fine */
	char err[600];
	cr_expect(resource_check(tdb, &e, err, sizeof err), "%s", err);
	e = sample(lx, "2025-01-01", (resource_source)SOURCE_COUNT, FORM_CASH, 5);
	refused(&e, "Unknown source");
	e = sample(lx, "2025-01-01", SOURCE_CENTRAL, (resource_form)-1, 5);
	refused(&e, "Unknown form");

	char text[502];
	memset(text, 'x', 501);
	text[501] = '\0';
	e = sample(lx, "2025-01-01", SOURCE_CENTRAL, FORM_CASH, 5);
	e.work = text;
	refused(&e, "The work is too long");
	e.work = NULL;
	e.contributor = text;
	refused(&e, "contributor's name is too long");
	e.contributor = NULL;
	e.note = text;
	refused(&e, "The note is too long");
	e.note = NULL;
	e.unit = text;
	refused(&e, "The unit is too long");
	/* 500 characters of two bytes each are 500, not 1000. */
	char wide[1001];
	for (int i = 0; i < 500; i++)
		memcpy(wide + 2 * i, "đ", 2);
	wide[1000] = '\0';
	e.unit = wide;
	cr_expect(resource_check(tdb, &e, err, sizeof err), "%s", err);
	cr_expect_eq(nentries(), 1);
	cr_expect_eq(nhistory(), 1);
}

Test(resource, edit_keeps_the_id_and_logs_before_and_after)
{
	resource_entry e = sample(lx1, "2025-02-10", SOURCE_RESIDENTS, FORM_CASH, 1500000);
	e.work = "đường";
	int64_t id = save_ok(&e);
	resource_entry g;
	cr_assert_eq(resource_get(tdb, id, &g), 0);
	char *before = csv_of(&g);
	resource_entry_free(&g);

	e.value = 2000000;
	e.source = SOURCE_DONORS;
	e.area_id = lx2;
	e.work = "đèn đường";
	int64_t id2 = 0;
	cr_assert_eq(resource_save(tdb, &e, &id2), 0, "%s", db_error(tdb));
	cr_expect_eq(id2, id, "an edit keeps the id");
	cr_expect_eq(nentries(), 1);
	cr_assert_eq(resource_get(tdb, id, &g), 0);
	cr_expect_eq(g.value, 2000000);
	cr_expect_eq(g.source, SOURCE_DONORS);
	cr_expect_eq(g.area_id, lx2);
	cr_expect_str_eq(g.work, "đèn đường");
	char *after = csv_of(&g);
	cr_expect_str_eq(after, "10/02/2025,24934-02,donors,cash,,,2000000,đèn đường,,");
	resource_entry_free(&g);

	cr_expect_eq(nhistory(), 2);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_history WHERE action = 'edit'"), 1);
	expect_text(text_of("SELECT old_row FROM resource_history WHERE entry_id = ?1 AND action = 'edit'",
			    id), before);
	expect_text(text_of("SELECT new_row FROM resource_history WHERE entry_id = ?1 AND action = 'edit'",
			    id), after);
	expect_text(text_of("SELECT created_by FROM resource_entry WHERE id = ?1", id), db_user(tdb));
	free(before);
	free(after);

	/* A refused edit changes nothing. */
	e.value = -5;
	refused(&e, "value cannot be negative");
	cr_assert_eq(resource_get(tdb, id, &g), 0);
	cr_expect_eq(g.value, 2000000);
	resource_entry_free(&g);

	/* An edit of an entry that does not exist. */
	resource_entry ghost = sample(lx, "2025-01-01", SOURCE_CENTRAL, FORM_CASH, 5);
	ghost.id = 424242;
	refused_how(&ghost, "no such resource entry", true);
}

Test(resource, delete_logs_the_old_row_and_refuses_unknown_ids)
{
	int64_t a = add(lx, "2025-01-05", SOURCE_COMMUNE, FORM_LAND, 8780000, 87.8);
	int64_t b = add(lx, "2025-01-06", SOURCE_COMMUNE, FORM_CASH, 100, -1);
	resource_entry g;
	cr_assert_eq(resource_get(tdb, a, &g), 0);
	char *line = csv_of(&g);
	cr_expect_str_eq(line, "05/01/2025,24934,commune,land,87.8,,8780000,,,");
	resource_entry_free(&g);

	cr_assert_eq(resource_delete(tdb, a), 0, "%s", db_error(tdb));
	cr_expect_eq(nentries(), 1);
	cr_expect_eq(resource_get(tdb, a, &g), -1);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_history WHERE action = 'delete'"), 1);
	expect_text(text_of("SELECT old_row FROM resource_history WHERE entry_id = ?1 AND action = 'delete'",
			    a), line);
	expect_text(text_of("SELECT new_row FROM resource_history WHERE entry_id = ?1 AND action = 'delete'",
			    a), NULL);
	free(line);

	int64_t h = nhistory();
	cr_expect_eq(resource_delete(tdb, a), -1, "deleted twice");
	cr_expect(strstr(db_error(tdb), "no such resource entry") != NULL, "%s", db_error(tdb));
	cr_expect_eq(resource_delete(tdb, 987654), -1);
	cr_expect_eq(nhistory(), h);
	cr_expect_eq(nentries(), 1);
	cr_expect(sqlite3_get_autocommit(db_handle(tdb)), "a transaction was left open");
	cr_expect_eq(resource_get(tdb, b, &g), 0);
	resource_entry_free(&g);
}

/* ---- CSV ---- */

Test(resource, csv_columns_and_numbers)
{
	static const char *const cols[] = { "date", "area_code", "source", "form", "quantity", "unit",
					    "value", "work", "contributor", "note" };
	cr_assert_eq(resource_csv_ncolumns, 10);
	for (int i = 0; i < resource_csv_ncolumns; i++)
		cr_expect_str_eq(resource_csv_columns[i], cols[i]);

	resource_entry e = sample(lx, "2025-12-01", SOURCE_CREDIT, FORM_MATERIALS, 123456789012LL);
	e.area_code = "24934";
	e.has_quantity = true;
	static const struct {
		double q;
		const char *text;
	} q[] = {
		{ 0, "0" }, { 438, "438" }, { 87.8, "87.8" }, { 0.000001, "0.000001" },
		{ 2.5000004, "2.5" }, { 1234567.25, "1234567.25" },
		/* three decimals keep a zero: "1.125" would read as 1125 the Vietnamese way */
		{ 1.125, "1.1250" },
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		e.quantity = q[i].q;
		char *line = csv_of(&e);
		char want[128];
		snprintf(want, sizeof want, "01/12/2025,24934,credit,materials,%s,,123456789012,,,", q[i].text);
		cr_expect_str_eq(line, want);
		free(line);
	}
	/* A quantity is stored as its CSV line shows it: an export imports back unchanged. */
	resource_entry f = sample(lx, "2025-01-01", SOURCE_CREDIT, FORM_MATERIALS, 5);
	f.has_quantity = true;
	f.quantity = 2.12345678;
	int64_t id = save_ok(&f);
	resource_entry g;
	cr_assert_eq(resource_get(tdb, id, &g), 0);
	cr_expect_eq(g.quantity, 2.123457);
	resource_entry_free(&g);
}

/* ---- periods ---- */

static void expect_period(const char *text, const char *from, const char *to, const char *label)
{
	period p;
	const char *err = "unset";
	cr_assert(period_parse(text, &p, &err), "period_parse(\"%s\") failed: %s", text, err);
	cr_expect_str_eq(p.from, from, "from of \"%s\"", text);
	cr_expect_str_eq(p.to, to, "to of \"%s\"", text);
	cr_expect_str_eq(p.label, label, "label of \"%s\"", text);
}

static void expect_no_period(const char *text, const char *msg)
{
	period p;
	memset(&p, 0x5a, sizeof p);
	period keep = p;
	const char *err = NULL;
	cr_expect_not(period_parse(text, &p, &err), "period_parse(\"%s\") accepted", text ? text : "NULL");
	cr_expect(err && strstr(err, msg), "period_parse(\"%s\"): \"%s\" lacks \"%s\"", text ? text : "NULL",
		  err ? err : "(null)", msg);
	cr_expect_eq(memcmp(&p, &keep, sizeof p), 0, "the period was written on a failure");
}

Test(resource, periods)
{
	expect_period("2025", "2025-01-01", "2025-12-31", "2025");
	expect_period(" 2024 ", "2024-01-01", "2024-12-31", "2024");
	expect_period("2025-Q1", "2025-01-01", "2025-03-31", "2025-Q1");
	expect_period("2025-Q2", "2025-04-01", "2025-06-30", "2025-Q2");
	expect_period("2025-q3", "2025-07-01", "2025-09-30", "2025-Q3");
	expect_period("2025-Q4", "2025-10-01", "2025-12-31", "2025-Q4");
	expect_period("2025-H1", "2025-01-01", "2025-06-30", "2025-H1");
	expect_period("2025-h2", "2025-07-01", "2025-12-31", "2025-H2");
	expect_period("2024-Q1", "2024-01-01", "2024-03-31", "2024-Q1");
	expect_period("01/01/2025-31/03/2025", "2025-01-01", "2025-03-31", "01/01/2025-31/03/2025");
	expect_period("1/2/2024..29/2/2024", "2024-02-01", "2024-02-29", "01/02/2024-29/02/2024");
	expect_period("01/01/2025 - 15/01/2025", "2025-01-01", "2025-01-15", "01/01/2025-15/01/2025");
	expect_period("01/01/2025 đến 15/01/2025", "2025-01-01", "2025-01-15", "01/01/2025-15/01/2025");
	expect_period("Từ 01/01/2025 ĐẾN 15/01/2025", "2025-01-01", "2025-01-15", "01/01/2025-15/01/2025");
	expect_period("01-01-2025-15-01-2025", "2025-01-01", "2025-01-15", "01/01/2025-15/01/2025");
	expect_period("01.01.2025..15.01.2025", "2025-01-01", "2025-01-15", "01/01/2025-15/01/2025");
	expect_period("07/03/2025-07/03/2025", "2025-03-07", "2025-03-07", "07/03/2025-07/03/2025");

	expect_no_period("31/03/2025-01/01/2025", "ends before it begins");
	expect_no_period("2025-Q5", "quarter");
	expect_no_period("2025-Q0", "quarter");
	expect_no_period("2025-H3", "half");
	expect_no_period("1899", "year");
	expect_no_period("3000-Q1", "year");
	expect_no_period("01/01/2025-31/02/2025", "No such day");
	expect_no_period("", "period");
	expect_no_period("quý 1", "period");
	expect_no_period("2025-Q12", "period");
	expect_no_period("01/01/2025", "period");
	expect_no_period("01/01/2025-", "period");
	expect_no_period(NULL, "period");

	period p;
	period_year(2024, &p);
	cr_expect_str_eq(p.from, "2024-01-01");
	cr_expect_str_eq(p.to, "2024-12-31");
	cr_expect_str_eq(p.label, "2024");
}

/* ---- totals and lists ---- */

static resource_totals totals(int64_t area_id, bool roll_up, const char *period_text)
{
	period p;
	const char *err = NULL;
	if (period_text)
		cr_assert(period_parse(period_text, &p, &err), "%s", err);
	resource_query q = { area_id, roll_up, period_text ? &p : NULL, -1, -1 };
	resource_totals t;
	memset(&t, 0x5a, sizeof t);
	cr_assert_eq(resource_totals_get(tdb, &q, &t), 0, "%s", db_error(tdb));
	return t;
}

static int64_t value_in(int64_t area_id, const char *period_text)
{
	return totals(area_id, true, period_text).value;
}

Test(resource, quarter_boundary)
{
	add(lx, "2025-03-31", SOURCE_CENTRAL, FORM_CASH, 100, -1);
	add(lx, "2025-04-01", SOURCE_CENTRAL, FORM_CASH, 20, -1);
	add(lx, "2025-01-01", SOURCE_CENTRAL, FORM_CASH, 3, -1);
	add(lx, "2024-12-31", SOURCE_CENTRAL, FORM_CASH, 4000, -1);
	resource_totals q1 = totals(lx, true, "2025-Q1");
	cr_expect_eq(q1.value, 103);
	cr_expect_eq(q1.count, 2);
	resource_totals q2 = totals(lx, true, "2025-Q2");
	cr_expect_eq(q2.value, 20);
	cr_expect_eq(q2.count, 1);
	cr_expect_eq(value_in(lx, "2025-H1"), 123);
	cr_expect_eq(value_in(lx, "2025-Q3"), 0);
	cr_expect_eq(value_in(lx, "31/03/2025-31/03/2025"), 100);
	cr_expect_eq(value_in(lx, "01/04/2025-15/06/2025"), 20);
	cr_expect_eq(value_in(lx, NULL), 4123);
}

Test(resource, year_end)
{
	add(lx1, "2024-12-31", SOURCE_RESIDENTS, FORM_CASH, 500, -1);
	add(lx1, "2024-07-01", SOURCE_RESIDENTS, FORM_CASH, 60, -1);
	add(lx1, "2024-06-30", SOURCE_RESIDENTS, FORM_CASH, 7, -1);
	add(lx1, "2025-01-01", SOURCE_RESIDENTS, FORM_CASH, 8000, -1);
	cr_expect_eq(value_in(lx1, "2024"), 567);
	cr_expect_eq(value_in(lx1, "2024-H2"), 560);
	cr_expect_eq(value_in(lx1, "2024-Q4"), 500);
	cr_expect_eq(value_in(lx1, "2024-H1"), 7);
	cr_expect_eq(value_in(lx1, "2025"), 8000);
	cr_expect_eq(value_in(lx1, "2025-Q1"), 8000);
	cr_expect_eq(value_in(lx1, "2025-H2"), 0);
}

Test(resource, roll_up_the_hierarchy)
{
	add(lx, "2025-02-01", SOURCE_COMMUNE, FORM_CASH, 1000, -1);       /* the commune's own */
	add(lx1, "2025-02-02", SOURCE_RESIDENTS, FORM_CASH, 200, -1);
	add(lx2, "2025-02-03", SOURCE_RESIDENTS, FORM_CASH, 30, -1);
	add(dr, "2025-02-04", SOURCE_COMMUNE, FORM_CASH, 40000, -1);      /* another commune */
	add(dr1, "2025-02-05", SOURCE_RESIDENTS, FORM_CASH, 500000, -1);

	cr_expect_eq(value_in(lx1, "2025"), 200, "a village alone");
	cr_expect_eq(value_in(lx2, "2025"), 30);
	cr_expect_eq(value_in(lx, "2025"), 1230, "the commune and its villages, not Đạ Ròn");
	cr_expect_eq(totals(lx, true, "2025").count, 3);
	cr_expect_eq(value_in(dr, "2025"), 540000);
	cr_expect_eq(value_in(district, "2025"), 541230, "the district sums its communes");
	cr_expect_eq(value_in(tdb_area("68"), "2025"), 541230, "and the province");
	cr_expect_eq(value_in(0, "2025"), 541230, "everywhere");
	cr_expect_eq(totals(lx, false, "2025").value, 1000, "without roll-up: the commune's own only");
	cr_expect_eq(totals(district, false, "2025").value, 0);
	cr_expect_eq(value_in(tdb_area("24940"), "2025"), 0, "a commune with nothing");

	resource_totals t = totals(lx, true, "2025");
	cr_expect_eq(t.by_source[SOURCE_COMMUNE], 1000);
	cr_expect_eq(t.by_source[SOURCE_RESIDENTS], 230);

	resource_query q = { lx, true, NULL, -1, -1 };
	resource_entry *list;
	size_t n;
	cr_assert_eq(resource_list(tdb, &q, &list, &n), 0, "%s", db_error(tdb));
	cr_assert_eq(n, 3);
	cr_expect_str_eq(list[0].date, "2025-02-03", "newest first");
	cr_expect_str_eq(list[0].area_code, "24934-02");
	cr_expect_str_eq(list[0].area_name, "Thôn 2");
	cr_expect_str_eq(list[2].date, "2025-02-01");
	cr_expect_str_eq(list[2].area_name, "Lạc Xuân");
	resource_entries_free(list, n);
	q.roll_up = false;
	cr_assert_eq(resource_list(tdb, &q, &list, &n), 0);
	cr_expect_eq(n, 1);
	resource_entries_free(list, n);
}

Test(resource, by_source_and_form_with_labour_days_and_land)
{
	/* "gần 2 tỷ đồng, 438 ngày công, hiến 87,8 m² đất" */
	add(lx1, "2025-01-10", SOURCE_PROVINCE, FORM_CASH, 1200000000, -1);
	add(lx1, "2025-01-11", SOURCE_RESIDENTS, FORM_CASH, 700000000, 700000000);
	add(lx1, "2025-01-12", SOURCE_RESIDENTS, FORM_LABOUR, 65700000, 438);
	add(lx2, "2025-01-13", SOURCE_RESIDENTS, FORM_LAND, 43900000, 87.8);
	add(lx2, "2025-01-14", SOURCE_RESIDENTS, FORM_LABOUR, 3000000, 20.5);
	add(lx2, "2025-01-15", SOURCE_ENTERPRISE, FORM_MATERIALS, 25000000, 10);
	add(lx2, "2025-01-16", SOURCE_DONORS, FORM_MACHINERY, 8000000, -1);
	add(lx, "2025-01-17", SOURCE_POOLED, FORM_LAND, 1000000, 12.2);
	add(dr1, "2025-01-18", SOURCE_RESIDENTS, FORM_LABOUR, 999, 1000);   /* elsewhere */

	resource_totals t = totals(lx, true, "2025-Q1");
	cr_expect_eq(t.count, 8);
	cr_expect_eq(t.value, 1200000000 + 700000000 + 65700000 + 43900000 + 3000000 + 25000000 +
			      8000000 + 1000000);
	cr_expect_eq(t.by_source[SOURCE_PROVINCE], 1200000000);
	cr_expect_eq(t.by_source[SOURCE_RESIDENTS], 700000000 + 65700000 + 43900000 + 3000000);
	cr_expect_eq(t.by_source[SOURCE_ENTERPRISE], 25000000);
	cr_expect_eq(t.by_source[SOURCE_DONORS], 8000000);
	cr_expect_eq(t.by_source[SOURCE_POOLED], 1000000);
	cr_expect_eq(t.by_source[SOURCE_CENTRAL], 0);
	cr_expect_eq(t.by_source[SOURCE_OTHER], 0);
	cr_expect_eq(t.by_form[FORM_CASH], 1900000000);
	cr_expect_eq(t.by_form[FORM_LABOUR], 68700000);
	cr_expect_eq(t.by_form[FORM_LAND], 44900000);
	cr_expect_eq(t.by_form[FORM_MATERIALS], 25000000);
	cr_expect_eq(t.by_form[FORM_MACHINERY], 8000000);
	cr_expect_eq(t.by_form[FORM_OTHER], 0);
	int64_t sum_s = 0, sum_f = 0;
	for (int i = 0; i < SOURCE_COUNT; i++)
		sum_s += t.by_source[i];
	for (int i = 0; i < FORM_COUNT; i++)
		sum_f += t.by_form[i];
	cr_expect_eq(sum_s, t.value);
	cr_expect_eq(sum_f, t.value);
	cr_expect_float_eq(t.labour_days, 458.5, 1e-9, "labour days: quantities of labour only");
	cr_expect_float_eq(t.land_m2, 100.0, 1e-9, "m² of land: quantities of land only");

	/* Filters by source and form. */
	period p;
	cr_assert(period_parse("2025", &p, NULL));
	resource_query q = { lx, true, &p, SOURCE_RESIDENTS, -1 };
	resource_totals r;
	cr_assert_eq(resource_totals_get(tdb, &q, &r), 0);
	cr_expect_eq(r.count, 4);
	cr_expect_eq(r.by_source[SOURCE_PROVINCE], 0);
	cr_expect_float_eq(r.labour_days, 458.5, 1e-9);
	q.form = FORM_LABOUR;
	cr_assert_eq(resource_totals_get(tdb, &q, &r), 0);
	cr_expect_eq(r.count, 2);
	cr_expect_eq(r.value, 68700000);
	cr_expect_float_eq(r.land_m2, 0.0, 1e-9);
	resource_entry *list;
	size_t n;
	cr_assert_eq(resource_list(tdb, &q, &list, &n), 0);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(list[0].date, "2025-01-14");
	cr_expect_str_eq(list[1].date, "2025-01-12");
	resource_entries_free(list, n);

	q.source = 42;
	cr_expect_eq(resource_totals_get(tdb, &q, &r), -1, "an unknown source is refused");
	cr_expect_eq(resource_list(tdb, &q, &list, &n), -1);

	/* The district: the two communes; nothing in 2024. */
	resource_totals d = totals(district, true, "2025");
	cr_expect_eq(d.count, 9);
	cr_expect_float_eq(d.labour_days, 1458.5, 1e-9);
	resource_totals none = totals(district, true, "2024");
	cr_expect_eq(none.count, 0);
	cr_expect_eq(none.value, 0);
	cr_expect_float_eq(none.labour_days, 0.0, 1e-9);
}

Test(resource, list_order_and_empty)
{
	resource_entry *list;
	size_t n = 99;
	cr_assert_eq(resource_list(tdb, NULL, &list, &n), 0);
	cr_expect_eq(n, 0);
	resource_entries_free(list, n);
	int64_t a = add(lx, "2025-05-01", SOURCE_CENTRAL, FORM_CASH, 1, -1);
	int64_t b = add(lx1, "2025-05-01", SOURCE_CENTRAL, FORM_CASH, 2, -1);
	int64_t c = add(lx2, "2025-05-02", SOURCE_CENTRAL, FORM_CASH, 3, -1);
	int64_t d = add(lx2, "2025-04-30", SOURCE_CENTRAL, FORM_CASH, 4, -1);
	cr_assert_eq(resource_list(tdb, NULL, &list, &n), 0);
	cr_assert_eq(n, 4);
	cr_expect_eq(list[0].id, c);
	cr_expect_eq(list[1].id, b, "the same day: the later id first");
	cr_expect_eq(list[2].id, a);
	cr_expect_eq(list[3].id, d);
	resource_entries_free(list, n);
}

Test(resource, last_entry_of_this_user)
{
	resource_entry e;
	cr_expect_not(resource_last(tdb, &e), "nothing yet");
	add(lx, "2025-05-01", SOURCE_CENTRAL, FORM_CASH, 1, -1);
	int64_t b = add(lx1, "2025-03-01", SOURCE_DONORS, FORM_LAND, 2, 3);
	/* Someone else's, made later. */
	char *err = NULL;
	cr_assert_eq(sqlite3_exec(db_handle(tdb),
		"INSERT INTO resource_entry(id, area_id, entry_date, source, form, value_dong, created_by, "
		"created_at, updated_by, updated_at) SELECT 5, id, '2025-06-01', 'credit', 'cash', 9, "
		"'someone_else', '2999-01-01T00:00:00Z', 'someone_else', '2999-01-01T00:00:00Z' "
		"FROM area WHERE code = '24934'", NULL, NULL, &err), SQLITE_OK, "%s", err);
	cr_assert(resource_last(tdb, &e));
	cr_expect_eq(e.id, b, "the newest by this user, not another's");
	cr_expect_eq(e.source, SOURCE_DONORS);
	cr_expect_str_eq(e.date, "2025-03-01");
	cr_expect_str_eq(e.area_code, "24934-01");
	resource_entry_free(&e);
}
