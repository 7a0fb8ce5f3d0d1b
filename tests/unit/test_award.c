#include "config.h"
/* Commendations: keys and labels, saving with validation, the link to the recognition rewarded,
 * deleting, and listing with filters. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/award.h"
#include "helpers.h"
#include "util/strbuf.h"

#define TODAY "2025-06-15"

static int64_t v1, v2, v3;   /* Lạc Xuân/Thôn 1, Lạc Xuân/Thôn 2, Đạ Ròn/Thôn 1 */

static void setup(void)
{
	cr_assert_eq(setenv("KIEUMAU_TODAY", TODAY, 1), 0);
	tdb_setup();
	v1 = tdb_add_village("Lạc Xuân", "Thôn 1");
	v2 = tdb_add_village("Lạc Xuân", "Thôn 2");
	v3 = tdb_add_village("Đạ Ròn", "Thôn 1");
}

TestSuite(award, .init = setup, .fini = tdb_teardown);

static int64_t nawards(void)
{
	return tdb_int(tdb, "SELECT count(*) FROM award");
}

/* A valid commendation of the area itself (texts are literals: award_save does not own them). */
static award sample(int64_t area_id, const char *date)
{
	award a;
	memset(&a, 0, sizeof a);
	a.kind = RECIPIENT_AREA;
	a.recipient = "Thôn 1";
	a.area_id = area_id;
	a.form = "Giấy khen của Chủ tịch UBND huyện";
	a.issuer = "UBND huyện Đơn Dương";
	a.level = AWARD_DISTRICT;
	a.decision_no = "123/QĐ-UBND";
	a.decision_date = (char *)date;
	a.reason = "Khu dân cư kiểu mẫu năm 2024";
	a.has_amount = true;
	a.amount = 1500000;
	return a;
}

static int64_t save_ok(award *a)
{
	int64_t id = 0;
	cr_assert_eq(award_save(tdb, a, &id), 0, "award_save: %s", db_error(tdb));
	cr_assert_neq(id, 0);
	return id;
}

/* award_save refuses a with msg in the error, writes nothing and leaves no transaction open. */
static void refused(award *a, const char *msg)
{
	int64_t before = nawards();
	int64_t keep_id = a->id;
	int64_t id = 777;
	cr_expect_eq(award_save(tdb, a, &id), -1, "accepted, expected \"%s\"", msg);
	cr_expect(strstr(db_error(tdb), msg) != NULL, "error \"%s\" lacks \"%s\"", db_error(tdb), msg);
	cr_expect_eq(nawards(), before);
	cr_expect_eq(a->id, keep_id, "the record's id changed on a refusal");
	cr_expect_eq(id, 777, "*id written on a refusal");
	cr_expect(sqlite3_get_autocommit(db_handle(tdb)), "a transaction was left open");
}

/* A recognition of area_id in year, inserted directly (the cycle's own API is tested elsewhere). */
static int64_t recognition(int64_t id, int64_t area_id, int year, const char *title, bool revoked)
{
	sqlite3_stmt *st = NULL;
	cr_assert_eq(sqlite3_prepare_v2(db_handle(tdb),
		"INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date, origin, "
		"revoked_decision_no, revoked_on, revoke_reason) VALUES (?1, ?2, ?3, ?4, 'district', "
		"'45/QĐ-MTTQ', ?5, 'user', ?6, ?7, ?8)", -1, &st, NULL), SQLITE_OK, "%s",
		sqlite3_errmsg(db_handle(tdb)));
	char date[16];
	snprintf(date, sizeof date, "%04d-12-20", year);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, area_id);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, date, -1, SQLITE_TRANSIENT);
	if (revoked) {
		sqlite3_bind_text(st, 6, "9/QĐ-MTTQ", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, "2025-05-01", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, "không giữ vững", -1, SQLITE_STATIC);
	}
	cr_assert_eq(sqlite3_step(st), SQLITE_DONE, "%s", sqlite3_errmsg(db_handle(tdb)));
	sqlite3_finalize(st);
	return id;
}

/* ---- keys, labels, forms ---- */

Test(award, keys_and_labels)
{
	static const char *const kind_keys[] = { "area", "household", "person", "organisation", "commune" };
	static const char *const level_keys[] = { "commune", "district", "province", "ministry", "national" };
	for (int i = 0; i < RECIPIENT_KIND_COUNT; i++) {
		cr_expect_str_eq(recipient_kind_key((recipient_kind)i), kind_keys[i]);
		cr_expect_eq(recipient_kind_from_key(kind_keys[i]), i);
		cr_expect(*recipient_kind_label((recipient_kind)i));
	}
	for (int i = 0; i < AWARD_LEVEL_COUNT; i++) {
		cr_expect_str_eq(award_level_key((award_level)i), level_keys[i]);
		cr_expect_eq(award_level_from_key(level_keys[i]), i);
		cr_expect(*award_level_label((award_level)i));
	}
	cr_expect_str_eq(recipient_kind_label(RECIPIENT_AREA), "residential area");
	cr_expect_str_eq(award_level_label(AWARD_NATIONAL), "national level");
	cr_expect_eq(recipient_kind_from_key("village"), -1);
	cr_expect_eq(recipient_kind_from_key(NULL), -1);
	cr_expect_eq(award_level_from_key("District"), -1);
	cr_expect_eq(award_level_from_key(""), -1);
}

Test(award, common_forms)
{
	size_t n = 0;
	const char *const *forms = award_common_forms(&n);
	cr_assert_eq(n, 7);
	cr_expect_str_eq(forms[0], "Giấy khen của Chủ tịch UBND xã");
	cr_expect_str_eq(forms[1], "Giấy khen của Chủ tịch UBND huyện");
	cr_expect_str_eq(forms[2], "Bằng khen của Chủ tịch UBND tỉnh");
	cr_expect_str_eq(forms[6], "Bằng khen của Thủ tướng Chính phủ");
	for (size_t i = 0; i < n; i++)
		cr_expect(strlen(forms[i]) > 0 && strlen(forms[i]) <= 100 * 4);
}

/* ---- saving ---- */

Test(award, add_and_get)
{
	award a = sample(v1, "2025-03-01");
	a.note = "  trao tại hội nghị  ";
	int64_t id = save_ok(&a);
	cr_expect_eq(a.id, id, "the record names the stored commendation");
	cr_expect_eq(nawards(), 1);
	award g;
	cr_assert_eq(award_get(tdb, id, &g), 0, "%s", db_error(tdb));
	cr_expect_eq(g.id, id);
	cr_expect_eq(g.kind, RECIPIENT_AREA);
	cr_expect_str_eq(g.recipient, "Thôn 1");
	cr_expect_eq(g.area_id, v1);
	cr_expect_str_eq(g.form, "Giấy khen của Chủ tịch UBND huyện");
	cr_expect_str_eq(g.issuer, "UBND huyện Đơn Dương");
	cr_expect_eq(g.level, AWARD_DISTRICT);
	cr_expect_str_eq(g.decision_no, "123/QĐ-UBND");
	cr_expect_str_eq(g.decision_date, "2025-03-01");
	cr_expect_str_eq(g.reason, "Khu dân cư kiểu mẫu năm 2024");
	cr_expect(g.has_amount);
	cr_expect_eq(g.amount, 1500000);
	cr_expect_str_eq(g.note, "trao tại hội nghị");
	cr_expect_eq(g.recognition_id, 0);
	cr_expect_str_eq(g.area_name, "Thôn 1");
	award_free(&g);
	cr_expect_null(g.recipient, "award_free clears the record");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM award WHERE origin = 'user' AND created_by <> '' "
			     "AND created_at LIKE '____-__-__T__:__:__Z' AND updated_by = created_by "
			     "AND updated_at = created_at"), 1);
}

Test(award, texts_are_cleaned_and_optional_ones_may_be_empty)
{
	award a = sample(v2, "2025-01-02");
	a.kind = RECIPIENT_HOUSEHOLD;
	a.recipient = "\t Hộ ông Nguyễn\x1b[31m Văn A \n";
	a.form = "  Giấy khen  ";
	a.issuer = "   ";
	a.reason = NULL;
	a.note = "";
	a.has_amount = false;
	a.amount = 99;   /* ignored without has_amount */
	int64_t id = save_ok(&a);
	award g;
	cr_assert_eq(award_get(tdb, id, &g), 0);
	cr_expect_str_eq(g.recipient, "Hộ ông Nguyễn[31m Văn A");
	cr_expect_str_eq(g.form, "Giấy khen");
	cr_expect_null(g.issuer);
	cr_expect_null(g.reason);
	cr_expect_null(g.note);
	cr_expect_not(g.has_amount);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM award WHERE amount IS NULL"), 1);
	award_free(&g);
}

Test(award, amount_zero_and_today_are_accepted)
{
	award a = sample(v1, TODAY);
	a.amount = 0;
	int64_t id = save_ok(&a);
	award g;
	cr_assert_eq(award_get(tdb, id, &g), 0);
	cr_expect(g.has_amount);
	cr_expect_eq(g.amount, 0);
	award_free(&g);
}

Test(award, edit_keeps_the_id_and_creation)
{
	award a = sample(v1, "2025-03-01");
	int64_t id = save_ok(&a);
	char *created = NULL;
	{
		sqlite3_stmt *st;
		cr_assert_eq(sqlite3_prepare_v2(db_handle(tdb), "SELECT created_at FROM award", -1, &st, NULL),
			     SQLITE_OK);
		cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
		created = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	award e;
	cr_assert_eq(award_get(tdb, id, &e), 0);
	free(e.form);
	e.form = xstrdup("Bằng khen của Chủ tịch UBND tỉnh");
	e.level = AWARD_PROVINCE;
	e.amount = 2340000;
	e.area_id = v2;
	int64_t id2 = 0;
	cr_assert_eq(award_save(tdb, &e, &id2), 0, "%s", db_error(tdb));
	cr_expect_eq(id2, id);
	cr_expect_eq(nawards(), 1);
	award_free(&e);
	award g;
	cr_assert_eq(award_get(tdb, id, &g), 0);
	cr_expect_str_eq(g.form, "Bằng khen của Chủ tịch UBND tỉnh");
	cr_expect_eq(g.level, AWARD_PROVINCE);
	cr_expect_eq(g.amount, 2340000);
	cr_expect_eq(g.area_id, v2);
	cr_expect_str_eq(g.area_name, "Thôn 2");
	cr_expect_str_eq(g.recipient, "Thôn 1");
	award_free(&g);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM award WHERE created_at IS NOT NULL"), 1);
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db_handle(tdb), "SELECT created_at FROM award", -1, &st, NULL),
		     SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_expect_str_eq((const char *)sqlite3_column_text(st, 0), created);
	sqlite3_finalize(st);
	free(created);

	/* A second save of the same record edits it rather than adding another. */
	award b = sample(v3, "2025-02-02");
	save_ok(&b);
	b.amount = 5;
	save_ok(&b);
	cr_expect_eq(nawards(), 2);
}

Test(award, validation_failures_write_nothing)
{
	award ok = sample(v1, "2025-03-01");
	save_ok(&ok);

	award a;
	a = sample(v1, "2025-03-01"); a.recipient = "";
	refused(&a, "recipient");
	a = sample(v1, "2025-03-01"); a.recipient = " \t\n ";
	refused(&a, "recipient");
	a = sample(v1, "2025-03-01"); a.recipient = NULL;
	refused(&a, "recipient");

	/* 200 characters (of 2-3 bytes each) fit; 201 do not. */
	strbuf name;
	sb_init(&name);
	for (int i = 0; i < 200; i++)
		sb_add(&name, "ệ");
	a = sample(v1, "2025-03-01"); a.recipient = name.s;
	save_ok(&a);
	sb_add(&name, "a");
	a = sample(v1, "2025-03-01"); a.recipient = name.s;
	refused(&a, "200");

	a = sample(v1, "2025-03-01"); a.area_id = 0;
	refused(&a, "no such area");
	a = sample(v1, "2025-03-01"); a.area_id = v1 + 999999;
	refused(&a, "no such area");

	a = sample(v1, "2025-03-01"); a.form = "   ";
	refused(&a, "form");
	sb_clear(&name);
	for (int i = 0; i < 101; i++)
		sb_add(&name, "ằ");
	a = sample(v1, "2025-03-01"); a.form = name.s;
	refused(&a, "100");
	sb_free(&name);

	a = sample(v1, "2025-03-01"); a.decision_no = "";
	refused(&a, "decision number");
	a = sample(v1, "2025-03-01"); a.decision_no = NULL;
	refused(&a, "decision number");

	/* Long texts are refused with the field named, not stored to flood every list. */
	char *big = xmalloc(10001);
	memset(big, 'x', 10000);
	big[10000] = '\0';
	a = sample(v1, "2025-03-01"); a.decision_no = big;
	refused(&a, "decision number is longer than 100 bytes");
	a = sample(v1, "2025-03-01"); a.issuer = big;
	refused(&a, "issuing body is longer than 200 bytes");
	a = sample(v1, "2025-03-01"); a.reason = big;
	refused(&a, "reason is longer than 2000 bytes");
	a = sample(v1, "2025-03-01"); a.note = big;
	refused(&a, "note is longer than 2000 bytes");
	big[2000] = '\0';
	a = sample(v1, "2025-03-01"); a.note = big;
	save_ok(&a);
	free(big);

	const char *bad_dates[] = { "2025-02-29", "2025-13-01", "15/06/2025", "2025-6-1", "", "1899-12-31",
				    "2025-03-01x" };
	for (size_t i = 0; i < sizeof bad_dates / sizeof *bad_dates; i++) {
		a = sample(v1, bad_dates[i]);
		refused(&a, "not a valid date");
	}
	a = sample(v1, NULL);
	refused(&a, "not a valid date");
	a = sample(v1, "2025-06-16");
	refused(&a, "16/06/2025 is after today");
	a = sample(v1, "2026-01-01");
	refused(&a, "after today");

	a = sample(v1, "2025-03-01"); a.amount = -1;
	refused(&a, "negative");
	a = sample(v1, "2025-03-01"); a.amount = NAN;
	refused(&a, "negative");
	a = sample(v1, "2025-03-01"); a.amount = 2e15;
	refused(&a, "too large");

	a = sample(v1, "2025-03-01"); a.kind = (recipient_kind)RECIPIENT_KIND_COUNT;
	refused(&a, "recipient kind");
	a = sample(v1, "2025-03-01"); a.level = (award_level)AWARD_LEVEL_COUNT;
	refused(&a, "level");

	recognition(5001, v3, 2024, "model", false);
	a = sample(v1, "2025-03-01"); a.recognition_id = 5001;
	refused(&a, "another area");
	a = sample(v1, "2025-03-01"); a.recognition_id = 5999;
	refused(&a, "no such recognition");

	cr_expect_eq(nawards(), 3);
}

Test(award, a_refused_edit_changes_nothing)
{
	award a = sample(v1, "2025-03-01");
	int64_t id = save_ok(&a);
	award e;
	cr_assert_eq(award_get(tdb, id, &e), 0);
	free(e.decision_date);
	e.decision_date = xstrdup("2025-02-30");
	e.amount = 1;
	refused(&e, "not a valid date");
	award_free(&e);

	award u = sample(v1, "2025-03-01");
	u.id = id + 12345;
	refused(&u, "no such commendation");

	award g;
	cr_assert_eq(award_get(tdb, id, &g), 0);
	cr_expect_str_eq(g.decision_date, "2025-03-01");
	cr_expect_eq(g.amount, 1500000);
	award_free(&g);
}

Test(award, delete)
{
	award a = sample(v1, "2025-03-01"), b = sample(v2, "2025-03-02");
	int64_t ia = save_ok(&a), ib = save_ok(&b);
	cr_assert_eq(award_delete(tdb, ia), 0, "%s", db_error(tdb));
	cr_expect_eq(nawards(), 1);
	award g;
	cr_expect_eq(award_get(tdb, ia, &g), -1);
	cr_expect(strstr(db_error(tdb), "no such commendation") != NULL, "%s", db_error(tdb));
	cr_expect_eq(award_delete(tdb, ia), -1, "deleting twice");
	cr_expect(strstr(db_error(tdb), "no such commendation") != NULL, "%s", db_error(tdb));
	cr_expect_eq(award_delete(tdb, 0), -1);
	cr_expect(sqlite3_get_autocommit(db_handle(tdb)));
	cr_expect_eq(nawards(), 1);
	cr_assert_eq(award_get(tdb, ib, &g), 0);
	award_free(&g);
}

/* ---- the recognition rewarded ---- */

static int64_t linked(int64_t id)
{
	award g;
	cr_assert_eq(award_get(tdb, id, &g), 0, "%s", db_error(tdb));
	int64_t r = g.recognition_id;
	award_free(&g);
	return r;
}

Test(award, links_the_recognition_of_the_year_or_the_year_before)
{
	recognition(4001, v1, 2024, "model", false);
	award a = sample(v1, "2025-03-01");
	int64_t id = save_ok(&a);
	cr_expect_eq(linked(id), 4001, "recognised in 2024, commended in 2025");
	cr_expect_eq(a.recognition_id, 4001, "the record names the link");

	award same = sample(v1, "2024-12-30");
	cr_expect_eq(linked(save_ok(&same)), 4001, "commended in the year of the recognition");

	award later = sample(v1, "2025-06-01");
	later.recognition_id = 0;
	cr_expect_eq(linked(save_ok(&later)), 4001);

	award old = sample(v1, "2023-05-05");   /* before the recognition's year */
	cr_expect_eq(linked(save_ok(&old)), 0);

	/* Only a commendation of the area itself is linked by itself. */
	award h = sample(v1, "2025-03-01");
	h.kind = RECIPIENT_HOUSEHOLD;
	h.recipient = "Hộ bà Lê Thị B";
	cr_expect_eq(linked(save_ok(&h)), 0);
	/* ... but a household's may name it. */
	award h2 = sample(v1, "2025-03-01");
	h2.kind = RECIPIENT_HOUSEHOLD;
	h2.recognition_id = 4001;
	cr_expect_eq(linked(save_ok(&h2)), 4001);
}

Test(award, no_link_when_none_several_too_old_or_revoked)
{
	award none = sample(v2, "2025-03-01");
	cr_expect_eq(linked(save_ok(&none)), 0, "no recognition at all");

	recognition(4101, v2, 2022, "model", false);
	award old = sample(v2, "2025-03-01");
	cr_expect_eq(linked(save_ok(&old)), 0, "a recognition three years before");

	recognition(4201, v3, 2024, "exemplary", false);
	recognition(4202, v3, 2025, "model", false);
	award both = sample(v3, "2025-03-01");
	cr_expect_eq(linked(save_ok(&both)), 0, "2024 and 2025: which one is ambiguous");

	recognition(4301, v1, 2025, "model", true);
	award rev = sample(v1, "2025-03-01");
	cr_expect_eq(linked(save_ok(&rev)), 0, "revoked");
	recognition(4302, v1, 2024, "exemplary", false);
	award one = sample(v1, "2025-03-01");
	cr_expect_eq(linked(save_ok(&one)), 4302, "the revoked one does not count");
}

Test(award, an_edit_keeps_or_finds_the_link)
{
	recognition(4001, v1, 2024, "model", false);
	award a = sample(v1, "2025-03-01");
	int64_t id = save_ok(&a);
	award e;
	cr_assert_eq(award_get(tdb, id, &e), 0);
	e.amount = 3000000;
	cr_assert_eq(award_save(tdb, &e, NULL), 0, "%s", db_error(tdb));
	award_free(&e);
	cr_expect_eq(linked(id), 4001);
	/* Moved to another area while keeping the link: refused. */
	cr_assert_eq(award_get(tdb, id, &e), 0);
	e.area_id = v2;
	refused(&e, "another area");
	e.recognition_id = 0;
	cr_assert_eq(award_save(tdb, &e, NULL), 0, "%s", db_error(tdb));
	award_free(&e);
	cr_expect_eq(linked(id), 0);
}

/* ---- listing ---- */

/* The decision numbers of the list for f, joined by spaces, in order. */
static char *list_numbers(const award_filter *f)
{
	award *list = NULL;
	size_t n = 99;
	cr_assert_eq(award_list(tdb, f, &list, &n), 0, "%s", db_error(tdb));
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n; i++)
		sb_printf(&b, "%s%s", i ? " " : "", list[i].decision_no);
	awards_free(list, n);
	return sb_take(&b);
}

static void expect_list(award_filter f, const char *want)
{
	char *got = list_numbers(&f);
	cr_expect_str_eq(got, want, "scope %lld year %d level %d kind %d form %s", (long long)f.scope_area_id,
			 f.year, f.level, f.kind, f.form ? f.form : "(any)");
	free(got);
}

static void add(int64_t area_id, recipient_kind kind, const char *form, award_level level, const char *no,
		const char *date)
{
	award a = sample(area_id, date);
	a.kind = kind;
	a.form = (char *)form;
	a.level = level;
	a.decision_no = (char *)no;
	save_ok(&a);
}

static void add_several(void)
{
	add(v1, RECIPIENT_AREA, "Giấy khen của Chủ tịch UBND huyện", AWARD_DISTRICT, "A1", "2024-12-01");
	add(v2, RECIPIENT_HOUSEHOLD, "Giấy khen của UBMTTQ huyện", AWARD_DISTRICT, "A2", "2025-02-10");
	add(v3, RECIPIENT_PERSON, "Bằng khen của Chủ tịch UBND tỉnh", AWARD_PROVINCE, "A3", "2025-04-20");
	add(v1, RECIPIENT_ORGANISATION, "Bằng khen của Bộ", AWARD_MINISTRY, "A4", "2023-08-08");
	add(tdb_area("Lạc Xuân"), RECIPIENT_COMMUNE, "Bằng khen của Thủ tướng Chính phủ", AWARD_NATIONAL,
	    "A5", "2025-01-15");
}

Test(award, list_all_newest_first_with_area_names)
{
	add_several();
	expect_list((award_filter){ 0, 0, -1, -1, NULL }, "A3 A2 A5 A1 A4");
	char *all = list_numbers(NULL);
	cr_expect_str_eq(all, "A3 A2 A5 A1 A4", "a NULL filter lists everything");
	free(all);
	award *list;
	size_t n;
	cr_assert_eq(award_list(tdb, NULL, &list, &n), 0);
	cr_assert_eq(n, 5);
	cr_expect_str_eq(list[0].area_name, "Thôn 1");
	cr_expect_eq(list[0].area_id, v3);
	cr_expect_str_eq(list[2].area_name, "Lạc Xuân");
	cr_expect_eq(list[2].kind, RECIPIENT_COMMUNE);
	cr_expect_eq(list[2].level, AWARD_NATIONAL);
	awards_free(list, n);
}

Test(award, list_empty)
{
	award *list = (award *)1;
	size_t n = 5;
	cr_assert_eq(award_list(tdb, NULL, &list, &n), 0);
	cr_expect_eq(n, 0);
	awards_free(list, n);
}

Test(award, list_by_scope)
{
	add_several();
	expect_list((award_filter){ tdb_area("Lạc Xuân"), 0, -1, -1, NULL }, "A2 A5 A1 A4");
	expect_list((award_filter){ v1, 0, -1, -1, NULL }, "A1 A4");
	expect_list((award_filter){ v3, 0, -1, -1, NULL }, "A3");
	expect_list((award_filter){ tdb_area("Đơn Dương"), 0, -1, -1, NULL }, "A3 A2 A5 A1 A4");
	expect_list((award_filter){ tdb_area("Lâm Đồng"), 0, -1, -1, NULL }, "A3 A2 A5 A1 A4");
	expect_list((award_filter){ tdb_area("Ka Đô"), 0, -1, -1, NULL }, "");
}

Test(award, list_by_year_level_and_kind)
{
	add_several();
	expect_list((award_filter){ 0, 2025, -1, -1, NULL }, "A3 A2 A5");
	expect_list((award_filter){ 0, 2024, -1, -1, NULL }, "A1");
	expect_list((award_filter){ 0, 2022, -1, -1, NULL }, "");
	expect_list((award_filter){ 0, 0, AWARD_DISTRICT, -1, NULL }, "A2 A1");
	expect_list((award_filter){ 0, 0, AWARD_COMMUNE, -1, NULL }, "");
	expect_list((award_filter){ 0, 0, -1, RECIPIENT_HOUSEHOLD, NULL }, "A2");
	expect_list((award_filter){ 0, 0, -1, RECIPIENT_AREA, NULL }, "A1");
	expect_list((award_filter){ tdb_area("Lạc Xuân"), 2025, AWARD_DISTRICT, RECIPIENT_HOUSEHOLD, NULL },
		    "A2");
	expect_list((award_filter){ v1, 2025, -1, -1, NULL }, "");
}

Test(award, list_by_form_ignoring_tone_marks_and_case)
{
	add_several();
	expect_list((award_filter){ 0, 0, -1, -1, "giay khen" }, "A2 A1");
	expect_list((award_filter){ 0, 0, -1, -1, "GIẤY KHEN" }, "A2 A1");
	expect_list((award_filter){ 0, 0, -1, -1, "bang khen" }, "A3 A5 A4");
	expect_list((award_filter){ 0, 0, -1, -1, "thu tuong" }, "A5");
	expect_list((award_filter){ 0, 0, -1, -1, "ubmttq" }, "A2");
	expect_list((award_filter){ 0, 0, -1, -1, "  chủ   tịch  " }, "A3 A1");
	expect_list((award_filter){ 0, 0, -1, -1, "" }, "A3 A2 A5 A1 A4");
	expect_list((award_filter){ 0, 0, -1, -1, "huân chương" }, "");
	expect_list((award_filter){ 0, 2025, AWARD_DISTRICT, -1, "giay" }, "A2");
}

Test(award, list_refuses_bad_filters)
{
	award *list;
	size_t n;
	cr_expect_eq(award_list(tdb, &(award_filter){ 0, 0, AWARD_LEVEL_COUNT, -1, NULL }, &list, &n), -1);
	cr_expect_eq(award_list(tdb, &(award_filter){ 0, 0, -1, 42, NULL }, &list, &n), -1);
}
