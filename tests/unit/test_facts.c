#include "config.h"
/* Facts of an area for a year: the bases of percentages and the area type, as users type them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/criteria.h"
#include "domain/criteria_file.h"
#include "domain/facts.h"
#include "helpers.h"
#include "util/strbuf.h"

static int64_t village;

static void setup(void)
{
	tdb_setup();
	village = tdb_add_village("Lạc Xuân", "Thôn 1");
}

TestSuite(facts, .init = setup, .fini = tdb_teardown);

static int64_t nfacts(void)
{
	return tdb_int(tdb, "SELECT count(*) FROM area_fact");
}

static void set_ok(int year, const char *key, const char *text)
{
	cr_assert_eq(facts_set(tdb, village, year, key, text), 0, "%s = \"%s\": %s", key,
		     text ? text : "(null)", db_error(tdb));
}

/* facts_set refuses text for key with msg in the error, and nothing changes; facts_check agrees. */
static void refused(const char *key, const char *text, const char *msg)
{
	int64_t before = nfacts();
	area_facts f0;
	cr_assert_eq(facts_load(tdb, village, 2025, &f0), 0);
	cr_expect_eq(facts_set(tdb, village, 2025, key, text), -1, "%s = \"%s\" accepted", key, text);
	cr_expect(strstr(db_error(tdb), msg) != NULL, "%s = \"%s\": \"%s\" lacks \"%s\"", key, text,
		  db_error(tdb), msg);
	cr_expect_eq(nfacts(), before);
	area_facts f1;
	cr_assert_eq(facts_load(tdb, village, 2025, &f1), 0);
	cr_expect_eq(f1.n, f0.n);
	for (size_t i = 0; i < f0.n && i < f1.n; i++) {
		cr_expect_str_eq(f1.values[i].key, f0.values[i].key);
		cr_expect(f1.values[i].num == f0.values[i].num);
	}
	facts_free(&f0);
	facts_free(&f1);
	char err[512] = "";
	cr_expect_not(facts_check(tdb, key, text, err, sizeof err), "facts_check(%s, %s)", key, text);
	cr_expect(strstr(err, msg) != NULL, "facts_check: \"%s\" lacks \"%s\"", err, msg);
}

static double number(int year, const char *key)
{
	area_facts f;
	cr_assert_eq(facts_load(tdb, village, year, &f), 0, "%s", db_error(tdb));
	double v = -1;
	cr_assert(facts_number(&f, key, &v), "%s not recorded in %d", key, year);
	facts_free(&f);
	return v;
}

static bool recorded(int year, const char *key)
{
	area_facts f;
	cr_assert_eq(facts_load(tdb, village, year, &f), 0, "%s", db_error(tdb));
	bool found = false;
	for (size_t i = 0; i < f.n; i++)
		found = found || strcmp(f.values[i].key, key) == 0;
	facts_free(&f);
	return found;
}

static bool allowed(const char *key)
{
	char **keys;
	size_t n;
	cr_assert_eq(facts_allowed_keys(tdb, &keys, &n), 0, "%s", db_error(tdb));
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		found = found || strcmp(keys[i], key) == 0;
		free(keys[i]);
	}
	free(keys);
	return found;
}

Test(facts, known_facts_in_display_order)
{
	size_t n;
	const fact_def *d = fact_defs(&n);
	const char *want[] = { "households", "population", "residents", "area_type", "road_km", "lane_km" };
	cr_assert_eq(n, 6);
	for (size_t i = 0; i < n; i++)
		cr_expect_str_eq(d[i].key, want[i]);
	cr_expect_eq(fact_def_find("households")->type, FACT_INTEGER);
	cr_expect_str_eq(fact_def_find("households")->unit, "hộ");
	cr_expect_eq(fact_def_find("area_type")->type, FACT_AREA_TYPE);
	cr_expect_null(fact_def_find("area_type")->unit);
	cr_expect_eq(fact_def_find("road_km")->type, FACT_NUMBER);
	cr_expect_str_eq(fact_def_find("lane_km")->unit, "km");
	cr_expect_null(fact_def_find("trees"));
	cr_expect_null(fact_def_find(NULL));
}

Test(facts, default_database_allows_exactly_the_known_facts)
{
	/* The default criteria set measures against households, residents, road_km and lane_km:
	 * all known, so nothing is added. */
	char **keys;
	size_t n;
	cr_assert_eq(facts_allowed_keys(tdb, &keys, &n), 0, "%s", db_error(tdb));
	cr_expect_eq(n, 6);
	size_t nd;
	const fact_def *d = fact_defs(&nd);
	for (size_t i = 0; i < n && i < nd; i++)
		cr_expect_str_eq(keys[i], d[i].key);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

Test(facts, households_in_vietnamese_form)
{
	set_ok(2025, "households", "1.200");
	cr_expect(number(2025, "households") == 1200);
	set_ok(2025, "households", " 215 ");
	cr_expect(number(2025, "households") == 215);
	cr_expect_eq(nfacts(), 1, "setting again replaces the value");
	set_ok(2025, "population", "1 234");
	cr_expect(number(2025, "population") == 1234);
	set_ok(2025, "residents", "0");
	cr_expect(number(2025, "residents") == 0);
	set_ok(2025, "households", "10.000.000");
	cr_expect(number(2025, "households") == 10000000);
}

Test(facts, integer_facts_must_be_whole)
{
	set_ok(2025, "households", "200");
	refused("households", "12,5", "whole number");
	refused("population", "1,5", "whole number");
	cr_expect(number(2025, "households") == 200);
}

Test(facts, negative_and_too_large_refused)
{
	refused("households", "-3", "negative");
	refused("road_km", "-0,5", "negative");
	refused("households", "10.000.001", "10.000.000");
	refused("road_km", "100.001", "100.000");
	cr_expect_eq(nfacts(), 0);
}

Test(facts, not_a_number_refused_with_the_fact_named)
{
	refused("households", "abc", "Households");
	refused("households", "1.20.000", "Households");
	refused("households", "90%", "%");
	refused("road_km", "2,5km", "Main road length");
	/* the value is quoted too, and cut when long */
	refused("households", "1..2", "Households \"1..2\": ");
	refused("households", "99999999999999999999", "\"99999999999999999999\": The number is too large");
	refused("households", "1e308", "\"1e308\"");
	refused("households", "1,2,3", "\"1,2,3\": Only one decimal comma");
	refused("households", "12 hộ x", "\"12 hộ x\"");
	char big[201];
	memset(big, '9', 200);
	big[200] = '\0';
	refused("households", big, "\"999999999999999999999999999999…\": The number is too large");
	cr_expect_eq(nfacts(), 0);
}

Test(facts, road_length_takes_decimals)
{
	set_ok(2025, "road_km", "12,5");
	cr_expect(number(2025, "road_km") == 12.5);
	set_ok(2025, "lane_km", "0,75");
	cr_expect(number(2025, "lane_km") == 0.75);
	set_ok(2025, "road_km", "100.000");
	cr_expect(number(2025, "road_km") == 100000);
}

Test(facts, area_type_upper_cased)
{
	set_ok(2025, "area_type", "kv2");
	area_facts f;
	cr_assert_eq(facts_load(tdb, village, 2025, &f), 0);
	cr_assert_str_eq(facts_area_type(&f), "KV2");
	double d;
	cr_expect_not(facts_number(&f, "area_type", &d), "a text fact is not a number");
	facts_free(&f);
	set_ok(2025, "area_type", "  Kv1 ");
	cr_assert_eq(facts_load(tdb, village, 2025, &f), 0);
	cr_expect_str_eq(facts_area_type(&f), "KV1");
	cr_expect_eq(f.n, 1);
	cr_expect(f.values[0].is_text);
	facts_free(&f);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM area_fact WHERE value_num IS NULL "
			     "AND value_text = 'KV1'"), 1);
}

Test(facts, bad_area_types_refused)
{
	set_ok(2025, "area_type", "KV1");
	refused("area_type", "K V", "letters and digits");
	refused("area_type", "KV-1", "letters and digits");
	refused("area_type", "ABCDEFGHI", "letters and digits");
	refused("area_type", "KVđ", "letters and digits");
	area_facts f;
	cr_assert_eq(facts_load(tdb, village, 2025, &f), 0);
	cr_expect_str_eq(facts_area_type(&f), "KV1");
	facts_free(&f);
	set_ok(2025, "area_type", "ABCDEFGH");
}

Test(facts, unknown_key_refused_with_the_known_ones)
{
	refused("trees", "12", "trees");
	refused("trees", "12", "households");
	refused("trees", "12", "lane_km");
	refused("Households", "12", "Unknown fact");
	refused("", "12", "empty");
	cr_expect_not(allowed("trees"));
	char err[512];
	cr_expect_not(facts_check(tdb, NULL, "1", err, sizeof err));
}

/* Imports tests/fixtures/criteria-kv.ini with its road base renamed to base. */
static void import_kv_with_base(const char *base)
{
	char *src = test_join(test_srcdir(), "tests/fixtures/criteria-kv.ini");
	FILE *in = fopen(src, "r");
	cr_assert_not_null(in, "%s", src);
	char *dst = test_join(tdb_dir, "custom.ini");
	FILE *out = fopen(dst, "w");
	cr_assert_not_null(out);
	char line[1024];
	bool replaced = false;
	while (fgets(line, sizeof line, in)) {
		if (strncmp(line, "base = road_km", 14) == 0) {
			fprintf(out, "base = %s\n", base);
			replaced = true;
		} else {
			fputs(line, out);
		}
	}
	fclose(in);
	fclose(out);
	cr_assert(replaced, "the fixture no longer has base = road_km");
	criteria_set set;
	strbuf errors;
	sb_init(&errors);
	cr_assert(criteria_file_read(dst, &set, &errors), "%s", errors.s);
	cr_assert_eq(db_begin(tdb), 0, "%s", db_error(tdb));
	cr_assert_eq(criteria_store(tdb, &set), 0, "%s", db_error(tdb));
	cr_assert_eq(db_commit(tdb), 0, "%s", db_error(tdb));
	criteria_set_free(&set);
	sb_free(&errors);
	free(src);
	free(dst);
}

Test(facts, base_of_a_stored_set_is_allowed)
{
	cr_expect_not(allowed("trees_planted"));
	import_kv_with_base("trees_planted");
	cr_expect(allowed("trees_planted"));
	char **keys;
	size_t n;
	cr_assert_eq(facts_allowed_keys(tdb, &keys, &n), 0);
	cr_expect_eq(n, 7, "the known facts, then the new base once");
	if (n == 7)
		cr_expect_str_eq(keys[6], "trees_planted");
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	/* Not a known fact: any number >= 0, decimals allowed. */
	set_ok(2026, "trees_planted", "1.250,5");
	cr_expect(number(2026, "trees_planted") == 1250.5);
	refused("trees_planted", "-1", "negative");
	set_ok(2026, "trees_planted", "");
	cr_expect_not(recorded(2026, "trees_planted"));
}

Test(facts, known_base_of_a_stored_set_is_not_repeated)
{
	import_kv_with_base("road_km");
	char **keys;
	size_t n;
	cr_assert_eq(facts_allowed_keys(tdb, &keys, &n), 0);
	cr_expect_eq(n, 6);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

Test(facts, empty_text_removes)
{
	set_ok(2025, "households", "200");
	set_ok(2025, "area_type", "KV1");
	set_ok(2025, "road_km", "3");
	cr_expect_eq(nfacts(), 3);
	set_ok(2025, "households", "");
	cr_expect_not(recorded(2025, "households"));
	set_ok(2025, "area_type", NULL);
	cr_expect_not(recorded(2025, "area_type"));
	set_ok(2025, "road_km", "   ");
	cr_expect_not(recorded(2025, "road_km"));
	cr_expect_eq(nfacts(), 0);
	/* Removing what is not recorded is not an error. */
	set_ok(2025, "households", "");
	char err[64];
	cr_expect(facts_check(tdb, "households", "", err, sizeof err));
}

Test(facts, per_year)
{
	set_ok(2024, "households", "180");
	set_ok(2025, "households", "200");
	set_ok(2025, "area_type", "KV2");
	cr_expect(number(2024, "households") == 180);
	cr_expect(number(2025, "households") == 200);
	area_facts f;
	cr_assert_eq(facts_load(tdb, village, 2024, &f), 0);
	cr_expect_eq(f.n, 1);
	cr_expect_eq(f.year, 2024);
	cr_expect_eq(f.area_id, village);
	cr_expect_null(facts_area_type(&f));
	facts_free(&f);
	set_ok(2025, "households", "");
	cr_expect(number(2024, "households") == 180, "removing 2025's leaves 2024's");
	cr_assert_eq(facts_load(tdb, village, 2023, &f), 0);
	cr_expect_eq(f.n, 0);
	facts_free(&f);
}

Test(facts, per_area)
{
	int64_t other = tdb_add_village("Lạc Xuân", "Thôn 2");
	set_ok(2025, "households", "200");
	cr_assert_eq(facts_set(tdb, other, 2025, "households", "90"), 0, "%s", db_error(tdb));
	cr_expect(number(2025, "households") == 200);
	area_facts f;
	cr_assert_eq(facts_load(tdb, other, 2025, &f), 0);
	double v = 0;
	cr_expect(facts_number(&f, "households", &v));
	cr_expect(v == 90);
	facts_free(&f);
}

Test(facts, who_and_when_recorded)
{
	set_ok(2025, "households", "200");
	area_facts f;
	cr_assert_eq(facts_load(tdb, village, 2025, &f), 0);
	cr_assert_eq(f.n, 1);
	cr_expect_str_eq(f.values[0].updated_by, db_user(tdb));
	cr_expect_not_null(f.values[0].updated_at);
	if (f.values[0].updated_at) {
		cr_expect_eq(strlen(f.values[0].updated_at), 20, "%s", f.values[0].updated_at);
		cr_expect_eq(f.values[0].updated_at[10], 'T');
	}
	facts_free(&f);
}

Test(facts, area_must_exist_and_year_in_range)
{
	cr_expect_eq(facts_set(tdb, 987654321, 2025, "households", "200"), -1);
	cr_expect(strstr(db_error(tdb), "no such area") != NULL, "%s", db_error(tdb));
	cr_expect_eq(facts_set(tdb, village, 1899, "households", "200"), -1);
	cr_expect(strstr(db_error(tdb), "1900") != NULL, "%s", db_error(tdb));
	cr_expect_eq(facts_set(tdb, village, 3000, "households", "200"), -1);
	cr_expect_eq(nfacts(), 0);
}

Test(facts, check_writes_nothing)
{
	char err[512] = "x";
	cr_expect(facts_check(tdb, "households", "1.200", err, sizeof err), "%s", err);
	cr_expect(facts_check(tdb, "area_type", "kv1", err, sizeof err), "%s", err);
	cr_expect_eq(nfacts(), 0);
}

Test(facts, facts_number_of_nothing)
{
	area_facts f;
	cr_assert_eq(facts_load(tdb, village, 2025, &f), 0);
	double v = 7;
	cr_expect_not(facts_number(&f, "households", &v));
	cr_expect(v == 7);
	cr_expect_null(facts_area_type(&f));
	facts_free(&f);
	facts_free(NULL);
}
