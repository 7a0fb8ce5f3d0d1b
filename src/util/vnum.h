/* Vietnamese numbers and dates: 1.234.567,5 and dd/mm/yyyy.
 * Parsers return false with *err set to an untranslated message id (mark with N_, show with _()). */
#ifndef KM_VNUM_H
#define KM_VNUM_H
#include <stdbool.h>
#include <stddef.h>

/* Formats v with '.' grouping thousands and ',' as decimal mark, at most max_decimals decimals,
 * trailing zeros (and a trailing ',') dropped: 1234567.5 -> "1.234.567,5"; -0.25 -> "-0,25".
 * Returns buf. cap of 32 is always enough. */
char *vn_format_number(double v, int max_decimals, char *buf, size_t cap);

/* Parses a number typed the Vietnamese way, tolerant of common habits:
 *   "91,5"  "1.200" (= 1200)  "1.234.567,5"  "  42 "  "-3"  "90%" (percent sign allowed and ignored)
 *   "91.5" (a single dot not followed by exactly three digits is read as a decimal point)
 *   "1 200" (spaces as group separators).
 * Refuses empty input, stray characters, malformed groups ("1.20.000"), several commas, values
 * that are not finite or beyond +-1e15. */
bool vn_parse_number(const char *s, double *out, const char **err);

/* Parses "part/base" (e.g. "182/200", "1.234,5 / 2.000") into both numbers; refuses base <= 0 or
 * part < 0. Returns false with *err when s has no '/' or a side is not a number. */
bool vn_parse_fraction(const char *s, double *part, double *base, const char **err);

/* Parses dd/mm/yyyy (also d/m/yyyy, and '-' or '.' as separators) and checks the calendar
 * (31/02 refused, leap years right, years 1900-2999). */
bool vn_parse_date(const char *s, int *y, int *m, int *d, const char **err);

/* "2025-03-07" -> "07/03/2025" into buf (cap >= 11); an unparsable input is copied as is. */
char *vn_format_iso_date(const char *iso, char *buf, size_t cap);

/* A UTC timestamp "yyyy-mm-ddThh:mm:ssZ" as local "dd/mm/yyyy hh:mm" into buf (cap >= 17); an
 * unparsable input is copied as is. */
char *vn_format_timestamp(const char *iso_utc, char *buf, size_t cap);

/* y, m, d -> "yyyy-mm-dd" into buf (cap >= 11). */
char *vn_iso_date(int y, int m, int d, char *buf, size_t cap);

/* Today's local date as "yyyy-mm-dd" (honours KIEUMAU_TODAY=yyyy-mm-dd for tests). */
char *vn_today_iso(char *buf, size_t cap);
/* Parses an amount of money in đồng as people type it:
 *   "1.500.000"  "1500000"  "1 500 000"  "1.000.000 đ"  "1.000.000đồng"  "1.000.000 VND"
 *   "1,5 triệu"  "1.5 triệu"  "1,2tr"  "3 trieu"  "2 tỷ"  "2 ty"  "500 nghìn"  "500 ngàn"  "500k"
 * Scale words (k, nghìn/ngàn, tr/triệu, tỷ/tỉ) and the unit (đ, đồng, VND) are matched ignoring
 * case and tone marks. The number before a scale word follows vn_parse_number's rules ("1.5" and
 * "1,5" are decimals, "1.500" is 1500). Refuses empty input, negatives, anything else, more than
 * 1e15 đồng, and fractions of a đồng ("0,5", "1,0000005 triệu"): *dong is a whole number. */
bool vn_parse_money(const char *s, double *dong, const char **err);

/* 1500000 -> "1.500.000 đ" (rounded to a whole đồng) into buf. Returns buf. cap of 40 is always
 * enough. */
char *vn_format_money(double dong, char *buf, size_t cap);
#endif
