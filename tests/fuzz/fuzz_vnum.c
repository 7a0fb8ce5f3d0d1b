/* Fuzz target: every parser of src/util/vnum.c (numbers, fractions, dates, money) on the input
 * as text, and the formatters on the values they return and on raw doubles. Properties:
 * accepted values are in range; format(parse(x)) parses back to the same value and formats the
 * same again; money and plain numbers agree; dates name real days and survive the ISO round trip;
 * the formatters stay within the buffer sizes vnum.h promises. */
#include "config.h"
#include <math.h>
#include <string.h>
#include <time.h>
#include "fuzz.h"
#include "util/vnum.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

/* vn_format_number promises that 32 bytes always suffice; check in a larger buffer. */
static const char *format(double v, int decimals, char buf[64])
{
	vn_format_number(v, decimals, buf, 64);
	FUZZ_CHECK(strlen(buf) < 32, "vn_format_number(%a, %d) = \"%s\" needs more than 32 bytes", v,
		   decimals, buf);
	return buf;
}

static void check_number(const char *s)
{
	double v;
	const char *err = NULL;
	if (!vn_parse_number(s, &v, &err)) {
		FUZZ_CHECK(err != NULL, "vn_parse_number(\"%s\") failed without a message", s);
		return;
	}
	FUZZ_CHECK(isfinite(v) && fabs(v) <= 1e15, "vn_parse_number(\"%s\") = %a", s, v);
	FUZZ_CHECK(!(v == 0 && signbit(v)), "vn_parse_number(\"%s\") gave -0", s);

	/* Round trip: the formatted value parses back, within the 15 significant digits (and 15
	 * decimals) formatting keeps, and formats the same again. */
	char f[64], g[64];
	format(v, 15, f);
	double back;
	FUZZ_CHECK(vn_parse_number(f, &back, &err), "\"%s\" -> %a -> \"%s\" is refused: %s", s, v, f,
		   err);
	FUZZ_CHECK(fabs(back - v) <= fabs(v) * 1e-14 + 1e-15, "\"%s\" -> %a -> \"%s\" -> %a", s, v, f,
		   back);
	format(back, 15, g);
	FUZZ_CHECK(strcmp(f, g) == 0, "\"%s\": \"%s\" formats again as \"%s\"", s, f, g);
	for (int dec = 0; dec <= 3; dec++) {
		format(v, dec, f);
		FUZZ_CHECK(vn_parse_number(f, &back, &err), "\"%s\" -> %a -> \"%s\" (%d decimals) is refused: %s",
			   s, v, f, dec, err);
	}
}

static void check_fraction(const char *s)
{
	double part, base;
	const char *err = NULL;
	if (!vn_parse_fraction(s, &part, &base, &err)) {
		FUZZ_CHECK(err != NULL, "vn_parse_fraction(\"%s\") failed without a message", s);
		return;
	}
	FUZZ_CHECK(isfinite(part) && isfinite(base) && part >= 0 && base > 0,
		   "vn_parse_fraction(\"%s\") = %a / %a", s, part, base);
}

static bool real_day(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	return back.tm_year == y - 1900 && back.tm_mon == m - 1 && back.tm_mday == d;
}

static void check_date(const char *s)
{
	int y, m, d;
	const char *err = NULL;
	if (!vn_parse_date(s, &y, &m, &d, &err)) {
		FUZZ_CHECK(err != NULL, "vn_parse_date(\"%s\") failed without a message", s);
		return;
	}
	FUZZ_CHECK(y >= 1900 && y <= 2999 && real_day(y, m, d), "vn_parse_date(\"%s\") = %d-%d-%d", s,
		   y, m, d);
	char iso[16], dmy[16];
	vn_iso_date(y, m, d, iso, sizeof iso);
	vn_format_iso_date(iso, dmy, sizeof dmy);
	int y2, m2, d2;
	FUZZ_CHECK(vn_parse_date(dmy, &y2, &m2, &d2, &err) && y2 == y && m2 == m && d2 == d,
		   "\"%s\" -> %s -> \"%s\" does not parse back", s, iso, dmy);
}

/* Money promises that 40 bytes always suffice. */
static const char *format_money(double dong, char buf[80])
{
	vn_format_money(dong, buf, 80);
	FUZZ_CHECK(strlen(buf) < 40, "vn_format_money(%a) = \"%s\" needs more than 40 bytes", dong, buf);
	return buf;
}

/* Digits, '.', ',' and single spaces: text money and plain numbers both read. Money reads
 * decimals exactly ("5,0000000000000000015" is refused as a fraction of a đồng), numbers only to
 * a double's precision (5): so only money's answers are compared with the number's, unless the
 * text is digits and spaces alone, where both must agree either way. */
static bool plain_digits(const char *s, const char *also)
{
	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9') && !strchr(also, *s))
			return false;
	return true;
}

static void check_money(const char *s)
{
	double dong, v;
	const char *err = NULL;
	bool ok = vn_parse_money(s, &dong, &err);
	bool plain = plain_digits(s, "., ") && !strstr(s, "  ");
	if (plain && plain_digits(s, " ") && vn_parse_number(s, &v, &err))
		FUZZ_CHECK(ok && dong == v, "\"%s\" is the number %a but the amount %s%a", s, v, ok ? "" : "(refused) ",
			   ok ? dong : 0);
	if (!ok) {
		FUZZ_CHECK(err != NULL, "vn_parse_money(\"%s\") failed without a message", s);
		return;
	}
	FUZZ_CHECK(dong >= 0 && dong <= 1e15 && dong == floor(dong), "vn_parse_money(\"%s\") = %a", s, dong);
	if (plain)
		FUZZ_CHECK(vn_parse_number(s, &v, &err) && v == dong, "\"%s\" is the amount %a but not that number",
			   s, dong);
	char f[80];
	double back;
	format_money(dong, f);
	FUZZ_CHECK(vn_parse_money(f, &back, &err) && back == dong, "\"%s\" -> %a -> \"%s\" -> %s", s, dong, f,
		   err ? err : "another amount");
}

/* The formatters on raw input: within their buffers, whatever they get. */
static void check_formatters(const uint8_t *data, size_t size, const char *s)
{
	char buf[11], ts[17];
	vn_format_iso_date(s, buf, sizeof buf);
	vn_format_timestamp(s, ts, sizeof ts);
	FUZZ_CHECK(strlen(buf) < sizeof buf && strlen(ts) < sizeof ts, "formatters overran");
	if (size >= sizeof(double) + 1) {
		double v;
		memcpy(&v, data, sizeof v);
		char f[64], m[80];
		format(v, (int)(int8_t)data[sizeof v], f);
		format_money(v, m);
		double back;
		const char *err;
		if (isfinite(v) && fabs(v) < 1e15)
			FUZZ_CHECK(vn_parse_number(format(v, 15, f), &back, &err) &&
				   fabs(back - v) <= fabs(v) * 1e-14 + 1e-15, "%a -> \"%s\" -> %a", v, f, back);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	check_number(s);
	check_fraction(s);
	check_date(s);
	check_money(s);
	check_formatters(data, size, s);
	free(s);
	return 0;
}
