#include "config.h"
#include <criterion/criterion.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/vnum.h"

/* The message ids vnum.c hands back; tests compare them exactly so a wrong diagnosis fails. */
#define E_NUMBER "Enter a number, e.g. 91,5 or 1.200"
#define E_DOT "Misplaced thousands separator '.'"
#define E_SPACE "Unexpected space inside the number"
#define E_COMMAS "Only one decimal comma is allowed"
#define E_ENGLISH "Use ',' for decimals and '.' for thousands, e.g. 1.234,5"
#define E_NO_DECIMALS "Digits must follow the decimal mark"
#define E_LARGE "The number is too large"
#define E_EMPTY "Empty input"
#define E_FRACTION "Enter a fraction as part/base, e.g. 182/200"
#define E_BASE "The base must be greater than zero"
#define E_PART "The part cannot be negative"
#define E_DATE "Enter a date as dd/mm/yyyy"
#define E_NO_DAY "No such day in that month"
#define E_DAY "The day must be between 1 and 31"
#define E_MONTH "The month must be between 1 and 12"
#define E_YEAR "The year must be between 1900 and 2999"

/* ---- helpers ---- */

static void expect_fmt(double v, int dec, const char *want)
{
	char buf[32];
	memset(buf, 'x', sizeof buf);
	char *r = vn_format_number(v, dec, buf, sizeof buf);
	cr_assert_eq(r, buf, "must return buf");
	cr_assert_str_eq(buf, want, "format(%.17g, %d) = \"%s\", want \"%s\"", v, dec, buf, want);
}

static void expect_num(const char *s, double want)
{
	double v = -12345;
	const char *err = NULL;
	bool ok = vn_parse_number(s, &v, &err);
	cr_assert(ok, "\"%s\" refused: %s", s, err ? err : "(no message)");
	cr_assert_eq(v, want, "\"%s\" -> %.17g, want %.17g", s, v, want);
}

static void expect_bad_num(const char *s, const char *msg)
{
	double v = -12345;
	const char *err = NULL;
	cr_assert_not(vn_parse_number(s, &v, &err), "\"%s\" accepted as %.17g", s ? s : "NULL", v);
	cr_assert_eq(v, -12345, "\"%s\": output written on error", s ? s : "NULL");
	cr_assert_not_null(err, "\"%s\": no message", s ? s : "NULL");
	cr_assert_str_eq(err, msg, "\"%s\": message \"%s\", want \"%s\"", s ? s : "NULL", err, msg);
}

static void expect_frac(const char *s, double want_part, double want_base)
{
	double p = -1, b = -1;
	const char *err = NULL;
	cr_assert(vn_parse_fraction(s, &p, &b, &err), "\"%s\" refused: %s", s, err ? err : "?");
	cr_assert_eq(p, want_part, "\"%s\": part %.17g", s, p);
	cr_assert_eq(b, want_base, "\"%s\": base %.17g", s, b);
}

static void expect_bad_frac(const char *s, const char *msg)
{
	double p = -1, b = -1;
	const char *err = NULL;
	cr_assert_not(vn_parse_fraction(s, &p, &b, &err), "\"%s\" accepted", s ? s : "NULL");
	cr_assert(p == -1 && b == -1, "\"%s\": outputs written on error", s ? s : "NULL");
	cr_assert_not_null(err);
	cr_assert_str_eq(err, msg, "\"%s\": message \"%s\", want \"%s\"", s ? s : "NULL", err, msg);
}

static void expect_date(const char *s, int wy, int wm, int wd)
{
	int y = 0, m = 0, d = 0;
	const char *err = NULL;
	cr_assert(vn_parse_date(s, &y, &m, &d, &err), "\"%s\" refused: %s", s, err ? err : "?");
	cr_assert(y == wy && m == wm && d == wd, "\"%s\" -> %d-%d-%d", s, y, m, d);
}

static void expect_bad_date(const char *s, const char *msg)
{
	int y = -1, m = -1, d = -1;
	const char *err = NULL;
	cr_assert_not(vn_parse_date(s, &y, &m, &d, &err), "\"%s\" accepted", s ? s : "NULL");
	cr_assert(y == -1 && m == -1 && d == -1, "\"%s\": outputs written on error", s ? s : "NULL");
	cr_assert_not_null(err);
	cr_assert_str_eq(err, msg, "\"%s\": message \"%s\", want \"%s\"", s ? s : "NULL", err, msg);
}

/* ---- formatting ---- */

Test(vnum, format_integers)
{
	expect_fmt(0, 2, "0");
	expect_fmt(5, 2, "5");
	expect_fmt(999, 0, "999");
	expect_fmt(1000, 2, "1.000");
	expect_fmt(100000, 0, "100.000");
	expect_fmt(1000000, 0, "1.000.000");
	expect_fmt(-1000, 0, "-1.000");
}

Test(vnum, format_decimals)
{
	expect_fmt(1234567.5, 2, "1.234.567,5");
	expect_fmt(-1234.25, 2, "-1.234,25");
	expect_fmt(0.5, 2, "0,5");
	expect_fmt(-0.25, 2, "-0,25");
	expect_fmt(91.5, 1, "91,5");
	expect_fmt(3.0, 2, "3");   /* no trailing ',' */
	expect_fmt(1.10, 3, "1,1"); /* trailing zeros dropped */
	expect_fmt(0.001, 3, "0,001");
}

Test(vnum, format_large_values)
{
	expect_fmt(2e12, 0, "2.000.000.000.000");
	expect_fmt(2e12, 2, "2.000.000.000.000");
	expect_fmt(-2e12, 2, "-2.000.000.000.000");
	expect_fmt(999999999999999.0, 2, "999.999.999.999.999");
	expect_fmt(1e15, 2, "1.000.000.000.000.000");
	expect_fmt(123456789012345.6, 2, "123.456.789.012.346"); /* only 15 digits are significant */
	expect_fmt(1e18, 2, "1.000.000.000.000.000.000");
	expect_fmt(1e20, 2, "1e20");
	expect_fmt(-1.5e300, 2, "-1,5e300");
	expect_fmt(INFINITY, 2, "∞");
	expect_fmt(-INFINITY, 2, "-∞");
	expect_fmt(NAN, 2, "NaN");
}

Test(vnum, format_rounds_half_away_from_zero)
{
	expect_fmt(91.5, 0, "92");
	expect_fmt(2.5, 0, "3");
	expect_fmt(-2.5, 0, "-3");
	expect_fmt(1234567.45, 1, "1.234.567,5");
	/* Stored just below the half (2.34499...), but the user meant 2,345. */
	expect_fmt(2.345, 2, "2,35");
	expect_fmt(-2.345, 2, "-2,35");
	expect_fmt(1.005, 2, "1,01");
	expect_fmt(0.125, 2, "0,13");
	expect_fmt(2.344, 2, "2,34");
	expect_fmt(999.996, 2, "1.000"); /* carry into a new group */
	expect_fmt(0.1 + 0.2, 2, "0,3");
	expect_fmt(1.0 / 3, 2, "0,33");
	expect_fmt(2.0 / 3, 3, "0,667");
	expect_fmt(0.004, 2, "0");
}

Test(vnum, format_never_prints_minus_zero)
{
	expect_fmt(-0.0, 2, "0");
	expect_fmt(-0.001, 2, "0");
	expect_fmt(-0.4, 0, "0");
}

Test(vnum, format_clamps_max_decimals)
{
	expect_fmt(1.5, -1, "2");                 /* negative means none */
	expect_fmt(0.1, 40, "0,1");               /* no binary noise digits */
	expect_fmt(1.0 / 3, 20, "0,333333333333333"); /* 15 significant digits at most */
	expect_fmt(12345.678, 20, "12.345,678");
}

Test(vnum, format_fits_32_bytes)
{
	const double extremes[] = {-999999999999999.9, -8.99e18, -DBL_MAX, -1e-300, -DBL_MIN,
	                           -123456789012345.6, -0.000000000000001};
	for (size_t i = 0; i < sizeof extremes / sizeof *extremes; i++) {
		char buf[64];
		vn_format_number(extremes[i], 15, buf, sizeof buf);
		cr_assert_lt(strlen(buf), 32, "%.17g -> \"%s\" is too long", extremes[i], buf);
	}
	expect_fmt(-0.000000000000001, 15, "-0,000000000000001");
}

Test(vnum, format_truncates_to_cap)
{
	char buf[8];
	memset(buf, 'x', sizeof buf);
	vn_format_number(1234567, 0, buf, 4);
	cr_assert_str_eq(buf, "1.2");
	cr_assert_eq(buf[4], 'x', "wrote past cap");

	memset(buf, 'x', sizeof buf);
	vn_format_number(5, 0, buf, 0);
	cr_assert_eq(buf[0], 'x', "cap 0 must write nothing");
}

/* Under a locale whose decimal point is ',' printf would give "1234567,5": vnum must not care. */
Test(vnum, format_and_parse_ignore_lc_numeric)
{
	const char *names[] = {"de_DE.UTF-8", "vi_VN.UTF-8", "fr_FR.UTF-8", "de_DE.utf8", "vi_VN"};
	const char *got = NULL;
	for (size_t i = 0; i < sizeof names / sizeof *names && !got; i++)
		got = setlocale(LC_NUMERIC, names[i]);
	if (!got || strcmp(localeconv()->decimal_point, ".") == 0)
		cr_skip_test("no locale with a decimal comma is installed");
	expect_fmt(1234567.5, 2, "1.234.567,5");
	expect_fmt(-0.25, 2, "-0,25");
	expect_num("1.234.567,5", 1234567.5);
	expect_num("91.5", 91.5);
}

/* ---- number parsing ---- */

Test(vnum, parse_vietnamese_style)
{
	expect_num("91,5", 91.5);
	expect_num("1.200", 1200);
	expect_num("12.500", 12500);
	expect_num("1.234.567,5", 1234567.5);
	expect_num("1.234,25", 1234.25);
	expect_num(" 42 ", 42);
	expect_num("\t42\n", 42);
	expect_num("-3", -3);
	expect_num("+7", 7);
	expect_num("- 3", -3);
	expect_num("0", 0);
	expect_num("007", 7);
	expect_num("0,25", 0.25);
	expect_num("1234567", 1234567);
}

Test(vnum, parse_percent_sign_ignored)
{
	expect_num("90%", 90);
	expect_num("90 %", 90);
	expect_num("12,5%", 12.5);
	expect_num(" 100% ", 100);
	expect_bad_num("%", E_NUMBER);
	expect_bad_num("%90", E_NUMBER);
	expect_bad_num("90%%", E_NUMBER);
	expect_bad_num("9%0", E_NUMBER);
}

/* A lone dot that cannot be a thousands separator is a decimal point. */
Test(vnum, parse_lone_dot_as_decimal_point)
{
	expect_num("91.5", 91.5);
	expect_num("1.2", 1.2);
	expect_num("1.25", 1.25);
	expect_num("3.14159", 3.14159);
	expect_num("1.2345", 1.2345);
	expect_num("0.500", 0.5);      /* "0" cannot start a grouped number */
	expect_num("1234.567", 1234.567); /* nor can four digits */
	expect_num("-91.5", -91.5);
}

Test(vnum, parse_space_groups)
{
	expect_num("1 200", 1200);
	expect_num("1 234 567,5", 1234567.5);
	expect_num("1\xC2\xA0" "200", 1200);   /* no-break space */
	expect_num("1\xE2\x80\xAF" "200", 1200); /* narrow no-break space */
	expect_num("1 234.5", 1234.5);          /* SI style: spaces group, dot is decimal */
	expect_bad_num("1 20", E_SPACE);
	expect_bad_num("1 2", E_SPACE);
	expect_bad_num("1  200", E_SPACE);
	expect_bad_num("1 200,5 5", E_SPACE);
}

Test(vnum, parse_refuses_malformed_groups)
{
	expect_bad_num("1.20.000", E_DOT);
	expect_bad_num("1..200", E_DOT);
	expect_bad_num("1.200.", E_DOT);
	expect_bad_num(".200.000", E_DOT);
	expect_bad_num("1.2345.678", E_DOT);
	expect_bad_num("0.200.000", E_DOT);
	expect_bad_num("1234.567.890", E_DOT);
	expect_bad_num("1.2.3", E_DOT);
	expect_bad_num("1.234.567.5", E_DOT);
	expect_bad_num("1.23,5", E_DOT); /* with a comma every dot groups thousands */
	expect_bad_num("1.234 567,5", E_DOT); /* one kind of separator per number */
	expect_bad_num("1.234 567", E_SPACE); /* read as 1 and a decimal part "234 567" */
}

Test(vnum, parse_refuses_comma_mistakes)
{
	expect_bad_num("1,2,3", E_COMMAS);
	expect_bad_num("1.234,5,6", E_COMMAS);
	expect_bad_num("1,234.5", E_ENGLISH);
	expect_bad_num("5,", E_NO_DECIMALS);
	expect_bad_num("5.", E_NO_DECIMALS);
	expect_bad_num(",", E_NUMBER);
	expect_bad_num(".", E_NUMBER);
}

/* Decision: a missing leading zero is a harmless habit, so ",5" and ".5" read as 0,5. */
Test(vnum, parse_accepts_missing_leading_zero)
{
	expect_num(",5", 0.5);
	expect_num("-,5", -0.5);
	expect_num(".5", 0.5);
	expect_num(",25%", 0.25);
}

Test(vnum, parse_refuses_stray_characters)
{
	expect_bad_num("abc", E_NUMBER);
	expect_bad_num("12a", E_NUMBER);
	expect_bad_num("a12", E_NUMBER);
	expect_bad_num("1-2", E_NUMBER);
	expect_bad_num("--3", E_NUMBER);
	expect_bad_num("-", E_NUMBER);
	expect_bad_num("+", E_NUMBER);
	expect_bad_num("0x10", E_NUMBER);
	expect_bad_num("1e5", E_NUMBER); /* no exponent notation: "e" is a stray letter */
	expect_bad_num("1e999", E_NUMBER);
	expect_bad_num("inf", E_NUMBER);
	expect_bad_num("nan", E_NUMBER);
	expect_bad_num("12\xC3\xA1", E_NUMBER); /* "12á" */
}

Test(vnum, parse_refuses_empty)
{
	expect_bad_num("", E_EMPTY);
	expect_bad_num("   ", E_EMPTY);
	expect_bad_num(NULL, E_EMPTY);
}

Test(vnum, parse_limits)
{
	expect_num("1.000.000.000.000.000", 1e15);
	expect_num("-1000000000000000", -1e15);
	expect_bad_num("1.000.000.000.000.001", E_LARGE);
	expect_bad_num("-1000000000000001", E_LARGE);
	expect_bad_num("99999999999999999999999999999999999999999999999999", E_LARGE);
	expect_bad_num("1000000000000000,5", E_LARGE);
	/* Leading zeros and long fractions are not "large". */
	expect_num("0000000000000000000000000000001", 1);
	double v = 0;
	cr_assert(vn_parse_number("3,14159265358979323846264338327950288", &v, NULL));
	cr_assert_float_eq(v, 3.14159265358979323846, 1e-15);
	cr_assert(vn_parse_number("0,0000000000000000000000000000012", &v, NULL));
	cr_assert_float_eq(v, 1.2e-30, 1e-44);
}

/* Trailing zeros of a fraction cost no precision (found by fuzzing: tests/fuzz/crashes/vnum). */
Test(vnum, parse_trailing_fraction_zeros_keep_the_value_exact)
{
	expect_num("99999999900.000000000000000000000000000000000", 99999999900);
	expect_num("99.999.999.900,000000000", 99999999900);
	expect_num("123456789012345,00000", 123456789012345);
	expect_num("0,50000000000000000000000", 0.5);
}

Test(vnum, parse_minus_zero_is_zero)
{
	double v = 1;
	cr_assert(vn_parse_number("-0", &v, NULL));
	cr_assert(v == 0 && !signbit(v), "-0 must come back as +0");
	cr_assert(vn_parse_number("-0,000", &v, NULL));
	cr_assert(v == 0 && !signbit(v));
}

Test(vnum, parse_accepts_null_err)
{
	double v = 7;
	cr_assert_not(vn_parse_number("abc", &v, NULL));
	cr_assert_eq(v, 7);
}

/* ---- fractions ---- */

Test(vnum, fraction_parses_both_sides)
{
	expect_frac("182/200", 182, 200);
	expect_frac("1.234,5 / 2.000", 1234.5, 2000);
	expect_frac(" 0 / 10 ", 0, 10);
	expect_frac("91,5/100", 91.5, 100);
	expect_frac("1 200/1 500", 1200, 1500);
}

Test(vnum, fraction_refuses_bad_values)
{
	expect_bad_frac("5/0", E_BASE);
	expect_bad_frac("5/0,0", E_BASE);
	expect_bad_frac("5/-2", E_BASE);
	expect_bad_frac("-1/5", E_PART);
}

Test(vnum, fraction_refuses_bad_shape)
{
	expect_bad_frac("182", E_FRACTION);
	expect_bad_frac("", E_FRACTION);
	expect_bad_frac(NULL, E_FRACTION);
	expect_bad_frac("/5", E_FRACTION);
	expect_bad_frac("5/", E_FRACTION);
	expect_bad_frac(" / ", E_FRACTION);
	/* A side that is not a number reports that side's own problem. */
	expect_bad_frac("abc/5", E_NUMBER);
	expect_bad_frac("5/abc", E_NUMBER);
	expect_bad_frac("1/2/3", E_NUMBER);
	expect_bad_frac("1.20.000/5", E_DOT);
	expect_bad_frac("5/1,2,3", E_COMMAS);
}

/* ---- dates ---- */

Test(vnum, date_accepts_vietnamese_forms)
{
	expect_date("07/03/2025", 2025, 3, 7);
	expect_date("7/3/2025", 2025, 3, 7);
	expect_date("7-3-2025", 2025, 3, 7);
	expect_date("7.3.2025", 2025, 3, 7);
	expect_date("  07/03/2025  ", 2025, 3, 7);
	expect_date("31/12/2999", 2999, 12, 31);
	expect_date("01/01/1900", 1900, 1, 1);
	expect_date("30/04/2025", 2025, 4, 30);
}

Test(vnum, date_knows_leap_years)
{
	expect_date("29/02/2024", 2024, 2, 29);
	expect_date("29/02/2000", 2000, 2, 29);
	expect_bad_date("29/02/2025", E_NO_DAY);
	expect_bad_date("29/02/1900", E_NO_DAY);
	expect_bad_date("29/02/2100", E_NO_DAY);
}

Test(vnum, date_refuses_impossible_days)
{
	expect_bad_date("31/02/2025", E_NO_DAY);
	expect_bad_date("30/02/2024", E_NO_DAY);
	expect_bad_date("31/04/2025", E_NO_DAY);
	expect_bad_date("32/01/2025", E_DAY);
	expect_bad_date("0/1/2025", E_DAY);
	expect_bad_date("1/13/2025", E_MONTH);
	expect_bad_date("1/0/2025", E_MONTH);
}

Test(vnum, date_refuses_out_of_range_years)
{
	expect_bad_date("1/1/0", E_YEAR);
	expect_bad_date("01/01/0000", E_YEAR);
	expect_bad_date("31/12/1899", E_YEAR);
	expect_bad_date("1/1/3000", E_YEAR);
	expect_bad_date("1/1/25", E_YEAR);
}

Test(vnum, date_refuses_bad_shape)
{
	expect_bad_date("", E_DATE);
	expect_bad_date("   ", E_DATE);
	expect_bad_date(NULL, E_DATE);
	expect_bad_date("07/03/2025x", E_DATE);
	expect_bad_date("07/03/2025 1", E_DATE);
	expect_bad_date("07/03/20250", E_DATE);
	expect_bad_date("007/03/2025", E_DATE);
	expect_bad_date("07/03-2025", E_DATE);
	expect_bad_date("2025-03-07", E_DATE);
	expect_bad_date("7//2025", E_DATE);
	expect_bad_date("07/03", E_DATE);
	expect_bad_date("a/b/c", E_DATE);
	expect_bad_date("07 03 2025", E_DATE);
}

Test(vnum, format_iso_date)
{
	char buf[16];
	cr_assert_str_eq(vn_format_iso_date("2025-03-07", buf, sizeof buf), "07/03/2025");
	cr_assert_str_eq(vn_format_iso_date("2024-02-29", buf, sizeof buf), "29/02/2024");
	cr_assert_str_eq(vn_format_iso_date("1999-12-31", buf, 11), "31/12/1999");
	/* Not a real ISO date: shown as stored, so nothing is silently invented. */
	cr_assert_str_eq(vn_format_iso_date("garbage", buf, sizeof buf), "garbage");
	cr_assert_str_eq(vn_format_iso_date("2025-02-30", buf, sizeof buf), "2025-02-30");
	cr_assert_str_eq(vn_format_iso_date("2025-3-7", buf, sizeof buf), "2025-3-7");
	cr_assert_str_eq(vn_format_iso_date("2025-03-07 ", buf, sizeof buf), "2025-03-07 ");
	cr_assert_str_eq(vn_format_iso_date("", buf, sizeof buf), "");
	cr_assert_str_eq(vn_format_iso_date(NULL, buf, sizeof buf), "");
	cr_assert_str_eq(vn_format_iso_date("a long unparsable value", buf, 6), "a lon");
}

Test(vnum, iso_date)
{
	char buf[16];
	cr_assert_str_eq(vn_iso_date(2025, 3, 7, buf, sizeof buf), "2025-03-07");
	cr_assert_str_eq(vn_iso_date(1900, 12, 31, buf, 11), "1900-12-31");
	cr_assert_str_eq(vn_iso_date(2025, 3, 7, buf, 5), "2025");
}

Test(vnum, today_honours_kieumau_today)
{
	char buf[16];
	cr_assert_eq(setenv("KIEUMAU_TODAY", "2024-02-29", 1), 0);
	cr_assert_str_eq(vn_today_iso(buf, sizeof buf), "2024-02-29");
	cr_assert_eq(setenv("KIEUMAU_TODAY", "1999-01-05", 1), 0);
	cr_assert_str_eq(vn_today_iso(buf, sizeof buf), "1999-01-05");
}

static void local_today(char *buf, size_t cap)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(buf, cap, "%Y-%m-%d", &tm);
}

/* Without (or with a malformed) KIEUMAU_TODAY the real local date is used. */
Test(vnum, today_defaults_to_local_date)
{
	const char *values[] = {NULL, "2024-13-01", "29/02/2024", ""};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		if (values[i])
			cr_assert_eq(setenv("KIEUMAU_TODAY", values[i], 1), 0);
		else
			cr_assert_eq(unsetenv("KIEUMAU_TODAY"), 0);
		char before[16], got[16], after[16];
		local_today(before, sizeof before);
		vn_today_iso(got, sizeof got);
		local_today(after, sizeof after); /* a midnight tick between calls is still right */
		cr_assert(strcmp(got, before) == 0 || strcmp(got, after) == 0,
		          "KIEUMAU_TODAY=%s: got %s, local date %s", values[i] ? values[i] : "(unset)",
		          got, before);
	}
}

/* ---- money ---- */

#define E_MONEY "Enter an amount in đồng, e.g. 1.500.000 or 1,5 triệu"
#define E_MONEY_NEG "The amount cannot be negative"
#define E_MONEY_WHOLE "The amount must be a whole number of đồng"
#define E_MONEY_LARGE "The amount is too large"

static void expect_money(const char *s, double want)
{
	double v = -12345;
	const char *err = NULL;
	bool ok = vn_parse_money(s, &v, &err);
	cr_assert(ok, "\"%s\" refused: %s", s, err ? err : "(no message)");
	cr_assert_eq(v, want, "\"%s\" -> %.17g, want %.17g", s, v, want);
}

static void expect_bad_money(const char *s, const char *msg)
{
	double v = -12345;
	const char *err = NULL;
	cr_assert_not(vn_parse_money(s, &v, &err), "\"%s\" accepted as %.17g", s ? s : "NULL", v);
	cr_assert_eq(v, -12345, "\"%s\": output written on error", s ? s : "NULL");
	cr_assert_not_null(err, "\"%s\": no message", s ? s : "NULL");
	cr_assert_str_eq(err, msg, "\"%s\": message \"%s\", want \"%s\"", s ? s : "NULL", err, msg);
}

Test(vnum, money_plain_and_grouped)
{
	expect_money("1.500.000", 1500000);
	expect_money("1500000", 1500000);
	expect_money("1 500 000", 1500000);
	expect_money("1\xC2\xA0" "500\xC2\xA0" "000", 1500000);   /* no-break spaces */
	expect_money("  250.000  ", 250000);
	expect_money("0", 0);
	expect_money("1,0", 1);
	expect_money("1.500,00", 1500);
	expect_money("12.500", 12500);
}

Test(vnum, money_units)
{
	expect_money("1.000.000 đ", 1000000);
	expect_money("1.000.000đ", 1000000);
	expect_money("1.000.000 đồng", 1000000);
	expect_money("1.000.000đồng", 1000000);
	expect_money("1.000.000 ĐỒNG", 1000000);
	expect_money("1.000.000 dong", 1000000);
	expect_money("1.000.000 VND", 1000000);
	expect_money("1.000.000 vnd", 1000000);
	expect_money("1.000.000 VNĐ", 1000000);
	expect_money("1.000.000VND", 1000000);
}

Test(vnum, money_scale_words)
{
	expect_money("1,5 triệu", 1500000);
	expect_money("1.5 triệu", 1500000);     /* a lone dot not grouping thousands: decimal */
	expect_money("1,25 triệu", 1250000);
	expect_money("3 trieu", 3000000);
	expect_money("3 TRIỆU", 3000000);
	expect_money("3 Triệu", 3000000);
	expect_money("1,2tr", 1200000);
	expect_money("1,2 tr", 1200000);
	expect_money("1,2 TR", 1200000);
	expect_money("2 tỷ", 2000000000);
	expect_money("2 ty", 2000000000);
	expect_money("2 tỉ", 2000000000);
	expect_money("2 TỶ", 2000000000);
	expect_money("2,5 tỷ", 2500000000.0);
	expect_money("0,000001 tỷ", 1000);
	expect_money("500 nghìn", 500000);
	expect_money("500 ngàn", 500000);
	expect_money("500 nghin", 500000);
	expect_money("500k", 500000);
	expect_money("500K", 500000);
	expect_money("1,5k", 1500);
	expect_money("1.500 tỷ", 1500000000000.0);  /* three digits after the dot: thousands */
	expect_money("1,5 triệu đồng", 1500000);
	expect_money("1,5 triệu đ", 1500000);
	expect_money("500kđ", 500000);
	expect_money(",5 triệu", 500000);
}

Test(vnum, money_limits)
{
	expect_money("1.000.000.000.000.000", 1e15);
	expect_money("1.000.000 tỷ", 1e15);
	expect_money("999.999.999.999.999", 999999999999999.0);
	expect_bad_money("1.000.000.000.000.001", E_MONEY_LARGE);
	expect_bad_money("1.000.001 tỷ", E_MONEY_LARGE);
	expect_bad_money("1000000000000001", E_MONEY_LARGE);
	expect_bad_money("99999999999999999999999", E_MONEY_LARGE);
	expect_money("1000000000 triệu", 1e15);
	expect_bad_money("1000000001 triệu", E_MONEY_LARGE);
}

Test(vnum, money_refuses_fractions_of_a_dong)
{
	expect_bad_money("0,5", E_MONEY_WHOLE);
	expect_bad_money("1.5", E_MONEY_WHOLE);
	expect_bad_money("1000,01 đ", E_MONEY_WHOLE);
	expect_bad_money("1,0000005 triệu", E_MONEY_WHOLE);
	expect_bad_money("1,2345k", E_MONEY_WHOLE);
	expect_bad_money("0,0000000001 tỷ", E_MONEY_WHOLE);
	expect_money("1,0000000 triệu", 1000000);   /* trailing zeros are not a fraction */
}

Test(vnum, money_refuses_garbage)
{
	expect_bad_money(NULL, E_EMPTY);
	expect_bad_money("", E_EMPTY);
	expect_bad_money("   ", E_EMPTY);
	expect_bad_money("-1.000", E_MONEY_NEG);
	expect_bad_money("-5 triệu", E_MONEY_NEG);
	expect_bad_money("- 5", E_MONEY_NEG);
	expect_bad_money("đ", E_MONEY);
	expect_bad_money("triệu", E_MONEY);
	expect_bad_money("abc", E_MONEY);
	expect_bad_money("12abc", E_MONEY);
	expect_bad_money("5 đô", E_MONEY);
	expect_bad_money("5 usd", E_MONEY);
	expect_bad_money("5 triệu tỷ", E_MONEY);
	expect_bad_money("1tr5", E_MONEY);
	expect_bad_money("50%", E_MONEY);
	expect_bad_money("+5", E_MONEY);
	expect_bad_money("1\xff" "000", E_MONEY);
	expect_bad_money("1.20.000", E_DOT);
	expect_bad_money("1,5,0 triệu", E_COMMAS);
	expect_bad_money("1,234.5", E_ENGLISH);
}

Test(vnum, money_format)
{
	char buf[40];
	cr_assert_str_eq(vn_format_money(1500000, buf, sizeof buf), "1.500.000 đ");
	cr_assert_str_eq(vn_format_money(0, buf, sizeof buf), "0 đ");
	cr_assert_str_eq(vn_format_money(999, buf, sizeof buf), "999 đ");
	cr_assert_str_eq(vn_format_money(1e15, buf, sizeof buf), "1.000.000.000.000.000 đ");
	cr_assert_str_eq(vn_format_money(1234.6, buf, sizeof buf), "1.235 đ");
	char small[6];
	cr_assert_str_eq(vn_format_money(1500000, small, sizeof small), "1.500");
}

/* What vn_format_money writes, vn_parse_money reads back. */
Test(vnum, money_round_trip)
{
	const double values[] = { 0, 1, 999, 1000, 1500000, 2000000000, 123456789012345, 1e15 };
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char buf[40];
		vn_format_money(values[i], buf, sizeof buf);
		expect_money(buf, values[i]);
	}
}

/* ---- hostile input: what people paste, and what overflows ---- */

Test(vnum, hostile_numbers_are_refused)
{
	expect_bad_num("99999999999999999999", E_LARGE);
	expect_bad_num("1.234.567.890.123.456.789", E_LARGE);
	expect_bad_num("18.446.744.073.709.551.617", E_LARGE);   /* 2^64 + 1: no wrap-around */
	expect_bad_num("1e308", E_NUMBER);
	expect_bad_num("1,2,3", E_COMMAS);
	expect_bad_num("1..2", E_DOT);
	expect_bad_num("12 hộ x", E_NUMBER);
	expect_bad_num("x'); DROP TABLE area;--", E_NUMBER);
	expect_bad_num("1\x1b[2J", E_NUMBER);
	expect_bad_num("1\xc2\x9b" "2", E_NUMBER);
	expect_bad_num("\xef\xbc\x91\xef\xbc\x92", E_NUMBER);   /* fullwidth "12" */
	expect_bad_num("\xd9\xa1\xd9\xa2", E_NUMBER);           /* Arabic-Indic "12" */
	expect_bad_num("1\t000", E_NUMBER);
	expect_bad_num("1\n2", E_NUMBER);
	/* 10,000 nines: refused as too large, no overflow on the way */
	char *big = malloc(10001);
	cr_assert_not_null(big);
	memset(big, '9', 10000);
	big[10000] = '\0';
	expect_bad_num(big, E_LARGE);
	expect_bad_money(big, E_MONEY_LARGE);
	/* and 10,000 zeros before a 7 are just 7 */
	memset(big, '0', 9999);
	big[9999] = '7';
	expect_num(big, 7);
	free(big);
}

Test(vnum, hostile_money_is_refused)
{
	expect_bad_money("99999999999999999999", E_MONEY_LARGE);
	expect_bad_money("99999999999999999999 đồng", E_MONEY_LARGE);
	expect_bad_money("1.234.567.890.123.456.789", E_MONEY_LARGE);
	expect_bad_money("18446744073709551617", E_MONEY_LARGE);   /* 2^64 + 1: no wrap-around */
	expect_bad_money("1e308", E_MONEY);
	expect_bad_money("-0,5 triệu", E_MONEY_NEG);
	expect_bad_money("1,2,3", E_COMMAS);
	expect_bad_money("1..2", E_DOT);
	expect_bad_money("1.000.000 đồng x", E_MONEY);
	expect_bad_money("x'); DROP TABLE area;--", E_MONEY);
	expect_money("0", 0);
}

Test(vnum, hostile_dates_are_refused)
{
	expect_bad_date("31/02/2025", E_NO_DAY);
	expect_bad_date("29/02/2023", E_NO_DAY);
	expect_bad_date("00/01/2024", E_DAY);
	expect_bad_date("01/00/2024", E_MONTH);
	expect_bad_date("01/01/0", E_YEAR);
	expect_bad_date("01/01/99999", E_DATE);
	expect_bad_date("99999999999/01/2024", E_DATE);
	expect_bad_date("+1/01/2024", E_DATE);
	expect_bad_date("-1/01/2024", E_DATE);
	expect_bad_date("01/01/2024'); DROP TABLE area;--", E_DATE);
	expect_bad_date("01/01/2024\x1b[2J", E_DATE);
	expect_bad_date("\xd9\xa0\xd9\xa1/\xd9\xa0\xd9\xa1/\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4", E_DATE);
	expect_bad_date("", E_DATE);
	expect_bad_date("   ", E_DATE);
}
