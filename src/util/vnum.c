#include "config.h"
#include "util/vnum.h"
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/i18n.h"
#include "util/text.h"

/* Nothing here calls printf-style float conversion or strtod: both follow LC_NUMERIC, and the
 * program may run under any locale. Digits are produced and read with integer arithmetic. */

#define VN_LIMIT 1e15           /* largest magnitude the parser accepts */
#define VN_SIG_DIGITS 15        /* decimal digits a double always holds exactly */
#define VN_MAX_DECIMALS 15

static const double pow10_d[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
#define POW10_D_MAX 22 /* 10^22 is the largest power of ten a double holds exactly */

static const uint64_t pow10_u[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
};

/* snprintf-like copy: always terminated, truncated to cap. */
static void copy_str(char *buf, size_t cap, const char *s)
{
	if (cap == 0)
		return;
	size_t n = strlen(s);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* ---- Formatting ---- */

/* Writes z / 10^dec as "1.234,5": dots every three integer digits, trailing fraction zeros
 * dropped, a minus sign only when the shown value is not zero (so -0 prints as "0"). */
static void put_scaled(char *out, uint64_t z, int dec, bool neg)
{
	uint64_t ip = z / pow10_u[dec], fp = z % pow10_u[dec];
	while (dec > 0 && fp % 10 == 0) {
		fp /= 10;
		dec--;
	}
	char rev[32];
	int n = 0;
	for (int k = 0; k == 0 || ip; k++) {
		if (k && k % 3 == 0)
			rev[n++] = '.';
		rev[n++] = (char)('0' + ip % 10);
		ip /= 10;
	}
	if (neg && z)
		*out++ = '-';
	while (n)
		*out++ = rev[--n];
	if (dec) {
		*out++ = ',';
		for (int i = dec - 1; i >= 0; i--) {
			out[i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		out += dec;
	}
	*out = '\0';
}

/* |v| < 1e15. First take v to 15 significant digits, which recovers the decimal the user meant
 * (2.345 is stored as 2.34499999...), then round that exactly, half away from zero. */
static void format_small(char *out, double a, int dec, bool neg)
{
	int int_digits = 0;
	while (int_digits < VN_SIG_DIGITS && a >= pow10_d[int_digits])
		int_digits++;
	int k = VN_SIG_DIGITS - int_digits; /* decimals that are still significant */
	if (dec > k)
		dec = k;
	uint64_t y = (uint64_t)llround(a * pow10_d[k]);
	uint64_t q = pow10_u[k - dec];
	put_scaled(out, (y + q / 2) / q, dec, neg);
}

/* Beyond what an integer can hold: "1,5e20". Only reachable through computed values. */
static void format_exp(char *out, size_t cap, double a, bool neg)
{
	int e = (int)floor(log10(a));
	double m = a / pow(10, e);
	if (m >= 10) {
		m /= 10;
		e++;
	}
	m = round(m * 100) / 100;
	if (m >= 10) { /* 9,996 rounded up to 10 */
		m /= 10;
		e++;
	}
	put_scaled(out, (uint64_t)llround(m * 100), 2, neg);
	size_t n = strlen(out);
	snprintf(out + n, cap - n, "e%d", e);
}

char *vn_format_number(double v, int max_decimals, char *buf, size_t cap)
{
	char tmp[48];
	bool neg = signbit(v);
	double a = fabs(v);
	if (max_decimals < 0)
		max_decimals = 0;
	if (max_decimals > VN_MAX_DECIMALS)
		max_decimals = VN_MAX_DECIMALS;

	if (isnan(v))
		copy_str(tmp, sizeof tmp, "NaN");
	else if (isinf(v))
		copy_str(tmp, sizeof tmp, neg ? "-∞" : "∞");
	else if (a < VN_LIMIT)
		format_small(tmp, a, max_decimals, neg);
	else if (a < 9e18) /* whole numbers anyway at this size; fits a 64-bit integer */
		put_scaled(tmp, (uint64_t)llround(a), 0, neg);
	else
		format_exp(tmp, sizeof tmp, a, neg);
	copy_str(buf, cap, tmp);
	return buf;
}

/* ---- Number parsing ---- */

#define ERR_NUMBER N_("Enter a number, e.g. 91,5 or 1.200")
#define ERR_DOT N_("Misplaced thousands separator '.'")
#define ERR_SPACE N_("Unexpected space inside the number")

static bool fail(const char **err, const char *msg)
{
	if (err)
		*err = msg;
	return false;
}

/* Bytes of a space that may group digits at p: ' ', no-break space, narrow no-break space
 * (word processors and spreadsheets put the last two in pasted numbers). */
static size_t group_space_len(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);
	if (n >= 1 && *p == ' ')
		return 1;
	if (n >= 2 && memcmp(p, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(p, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

static size_t lead_space_len(const char *p, const char *end)
{
	if (p < end && isspace((unsigned char)*p))
		return 1;
	return group_space_len(p, end);
}

static size_t trail_space_len(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);
	if (n >= 1 && isspace((unsigned char)end[-1]))
		return 1;
	if (n >= 2 && memcmp(end - 2, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(end - 3, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

static void trim(const char **p, const char **end)
{
	size_t n;
	while ((n = lead_space_len(*p, *end)))
		*p += n;
	while ((n = trail_space_len(*p, *end)))
		*end -= n;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool all_digits(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!is_digit(*p))
			return false;
	return true;
}

static const char *find_char(const char *p, const char *end, char c)
{
	for (; p < end; p++)
		if (*p == c)
			return p;
	return NULL;
}

static int count_char(const char *p, const char *end, char c)
{
	int n = 0;
	for (; p < end; p++)
		n += *p == c;
	return n;
}

/* Separator between digit groups at p: '.' or a space; returns its length, 0 if none. */
static size_t group_sep_len(const char *p, const char *end, char *kind)
{
	if (p < end && *p == '.') {
		*kind = '.';
		return 1;
	}
	*kind = ' ';
	return group_space_len(p, end);
}

/* Checks an integer part: either plain digits ("1200", may be empty) or groups split by one
 * kind of separator, the first of 1-3 digits not starting with 0, the others of exactly 3. */
static bool check_groups(const char *p, const char *end, const char **err)
{
	int groups = 0;
	char kind = 0;
	const char *first = p;
	size_t first_len = 0;
	for (;;) {
		const char *q = p;
		while (q < end && is_digit(*q))
			q++;
		size_t len = (size_t)(q - p);
		if (groups == 0)
			first_len = len;
		if (len == 0 && q < end) { /* "1..200", ".200.000", "1. 200" */
			char k;
			if (!group_sep_len(q, end, &k))
				return fail(err, ERR_NUMBER);
			return fail(err, k == ' ' ? ERR_SPACE : ERR_DOT);
		}
		if (groups > 0 && len != 3) /* "1.20.000", "1.200." */
			return fail(err, kind == ' ' ? ERR_SPACE : ERR_DOT);
		groups++;
		if (q == end)
			break;
		char k;
		size_t sl = group_sep_len(q, end, &k);
		if (sl == 0)
			return fail(err, ERR_NUMBER);
		if (kind && k != kind) /* "1.234 567" */
			return fail(err, ERR_DOT);
		kind = k;
		p = q + sl;
	}
	if (groups > 1 && (first_len > 3 || *first == '0'))
		return fail(err, kind == ' ' ? ERR_SPACE : ERR_DOT);
	return true;
}

/* After a decimal mark only digits may follow; say what went wrong otherwise. */
static bool check_fraction(const char *p, const char *end, const char **err)
{
	if (p == end)
		return fail(err, N_("Digits must follow the decimal mark"));
	if (all_digits(p, end))
		return true;
	if (find_char(p, end, '.')) /* "1,234.5": written the English way */
		return fail(err, N_("Use ',' for decimals and '.' for thousands, e.g. 1.234,5"));
	for (const char *q = p; q < end; q++)
		if (group_space_len(q, end))
			return fail(err, ERR_SPACE);
	return fail(err, ERR_NUMBER);
}

/* A lone dot groups thousands only when it reads that way ("1.200", "12.500"); "91.5", "0.500"
 * and "1234.567" cannot be grouped numbers, so there it is a decimal point. */
static bool dot_is_decimal(const char *p, const char *dot, const char *end)
{
	size_t before = (size_t)(dot - p);
	bool groups_ok = before >= 1 && before <= 3 && *p != '0' && all_digits(p, dot);
	bool three_after = end - (dot + 1) == 3 && all_digits(dot + 1, end);
	return !(groups_ok && three_after);
}

/* Significant digits gathered into an integer, with the count of decimals in it. */
typedef struct {
	uint64_t mant;
	int sig;       /* significant digits in mant */
	int scale;     /* value = mant / 10^scale */
	bool too_large;
} digits_acc;

static void add_int_digits(digits_acc *a, const char *p, const char *end)
{
	for (; p < end; p++) {
		if (!is_digit(*p))
			continue; /* group separator, already checked */
		if (a->sig >= 17) { /* at least 10^17: far beyond the limit */
			a->too_large = true;
			return;
		}
		a->mant = a->mant * 10 + (uint64_t)(*p - '0');
		a->sig += a->mant != 0;
	}
}

static void add_frac_digits(digits_acc *a, const char *p, const char *end)
{
	/* Digits past the 19th cannot change a double. */
	for (; p < end && a->sig < 19; p++) {
		a->mant = a->mant * 10 + (uint64_t)(*p - '0');
		a->sig += a->mant != 0;
		a->scale++;
	}
}

static double acc_value(const digits_acc *a)
{
	double v = (double)a->mant;
	int s = a->scale;
	for (; s > POW10_D_MAX; s -= POW10_D_MAX)
		v /= pow10_d[POW10_D_MAX];
	return v / pow10_d[s];
}

/* Splits the unsigned body into integer and fraction parts and checks both. */
static bool split_body(const char *p, const char *end, const char **int_end, const char **frac,
                       const char **err)
{
	int commas = count_char(p, end, ',');
	if (commas > 1)
		return fail(err, N_("Only one decimal comma is allowed"));
	const char *mark = find_char(p, end, ',');
	if (!mark && count_char(p, end, '.') == 1) {
		const char *dot = find_char(p, end, '.');
		if (dot_is_decimal(p, dot, end))
			mark = dot;
	}
	*int_end = mark ? mark : end;
	*frac = mark ? mark + 1 : end;
	if (mark && mark == p && *frac == end) /* "," or "." alone */
		return fail(err, ERR_NUMBER);
	if (!check_groups(p, *int_end, err))
		return false;
	return !mark || check_fraction(*frac, end, err);
}

static bool parse_span(const char *p, const char *end, double *out, const char **err)
{
	trim(&p, &end);
	if (p == end)
		return fail(err, N_("Empty input"));
	if (end[-1] == '%') { /* "90%" or "90 %": the unit is implied by the field */
		end--;
		trim(&p, &end);
	}
	bool neg = false;
	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
		trim(&p, &end); /* "- 3" */
	}
	if (p == end)
		return fail(err, ERR_NUMBER);

	const char *int_end, *frac;
	if (!split_body(p, end, &int_end, &frac, err))
		return false;

	/* Trailing zeros of the fraction add nothing but digits to the mantissa, which would then
	 * pass 2^53 and round ("99999999900,000000000" must be exactly 99999999900). */
	const char *frac_end = end;
	while (frac_end > frac && frac_end[-1] == '0')
		frac_end--;
	digits_acc acc = {0, 0, 0, false};
	add_int_digits(&acc, p, int_end);
	add_frac_digits(&acc, frac, frac_end);
	double v = acc_value(&acc);
	if (acc.too_large || v > VN_LIMIT)
		return fail(err, N_("The number is too large"));
	*out = neg && v != 0 ? -v : v; /* no -0 */
	return true;
}

bool vn_parse_number(const char *s, double *out, const char **err)
{
	if (!s)
		return fail(err, N_("Empty input"));
	return parse_span(s, s + strlen(s), out, err);
}

/* ---- Fractions ---- */

#define ERR_FRACTION N_("Enter a fraction as part/base, e.g. 182/200")

static bool is_blank(const char *p, const char *end)
{
	trim(&p, &end);
	return p == end;
}

bool vn_parse_fraction(const char *s, double *part, double *base, const char **err)
{
	const char *slash = s ? strchr(s, '/') : NULL;
	if (!slash)
		return fail(err, ERR_FRACTION);
	const char *end = s + strlen(s);
	if (is_blank(s, slash) || is_blank(slash + 1, end))
		return fail(err, ERR_FRACTION);
	double p, b;
	if (!parse_span(s, slash, &p, err) || !parse_span(slash + 1, end, &b, err))
		return false; /* "abc/5", "1/2/3": the side's own message says what is wrong */
	if (b <= 0)
		return fail(err, N_("The base must be greater than zero"));
	if (p < 0)
		return fail(err, N_("The part cannot be negative"));
	*part = p;
	*base = b;
	return true;
}

/* ---- Dates ---- */

#define ERR_DATE N_("Enter a date as dd/mm/yyyy")

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads 1..max digits at *p; more digits than max is a format error, not a truncation. */
static bool read_uint(const char **p, int max, int *v)
{
	int n = 0, val = 0;
	while (is_digit(**p)) {
		if (++n > max)
			return false;
		val = val * 10 + (**p - '0');
		(*p)++;
	}
	*v = val;
	return n > 0;
}

static bool is_date_sep(char c)
{
	return c == '/' || c == '-' || c == '.';
}

/* "d/m/yyyy" shape only; the calendar is checked afterwards. */
static bool read_dmy(const char *s, int *y, int *m, int *d)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!read_uint(&s, 2, d) || !is_date_sep(*s))
		return false;
	char sep = *s++;
	if (!read_uint(&s, 2, m) || *s != sep) /* the same separator twice: no "7/3-2025" */
		return false;
	s++;
	if (!read_uint(&s, 4, y))
		return false;
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

bool vn_parse_date(const char *s, int *y, int *m, int *d, const char **err)
{
	int yy, mm, dd;
	if (!s || !read_dmy(s, &yy, &mm, &dd))
		return fail(err, ERR_DATE);
	if (yy < 1900 || yy > 2999)
		return fail(err, N_("The year must be between 1900 and 2999"));
	if (mm < 1 || mm > 12)
		return fail(err, N_("The month must be between 1 and 12"));
	if (dd < 1 || dd > 31)
		return fail(err, N_("The day must be between 1 and 31"));
	if (dd > days_in_month(yy, mm))
		return fail(err, N_("No such day in that month"));
	*y = yy;
	*m = mm;
	*d = dd;
	return true;
}

/* Strict "yyyy-mm-dd" naming a real day (any four-digit year). */
static bool parse_iso(const char *s, int *y, int *m, int *d)
{
	static const char shape[] = "dddd-dd-dd";
	if (!s || strlen(s) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != '-')
			return false;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

char *vn_format_iso_date(const char *iso, char *buf, size_t cap)
{
	int y, m, d;
	if (parse_iso(iso, &y, &m, &d)) {
		/* "%02d/%02d/%04d" of d, m, y: the same digits moved (snprintf was slow for imports). */
		char dmy[11] = { iso[8], iso[9], '/', iso[5], iso[6], '/', iso[0], iso[1], iso[2], iso[3], '\0' };
		copy_str(buf, cap, dmy);
	} else {
		copy_str(buf, cap, iso ? iso : "");
	}
	return buf;
}

char *vn_iso_date(int y, int m, int d, char *buf, size_t cap)
{
	snprintf(buf, cap, "%04d-%02d-%02d", y, m, d);
	return buf;
}

char *vn_today_iso(char *buf, size_t cap)
{
	int y, m, d;
	/* Tests pin the date; a malformed value is ignored rather than trusted. */
	if (parse_iso(getenv("KIEUMAU_TODAY"), &y, &m, &d))
		return vn_iso_date(y, m, d, buf, cap);
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm)) { /* only for a clock beyond any calendar */
		copy_str(buf, cap, "1970-01-01");
		return buf;
	}
	return vn_iso_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, buf, cap);
}

char *vn_format_timestamp(const char *iso_utc, char *buf, size_t cap)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = iso_utc ? strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	if (!end || *end) {
		snprintf(buf, cap, "%s", iso_utc ? iso_utc : "");
		return buf;
	}
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	strftime(buf, cap, "%d/%m/%Y %H:%M", &local);
	return buf;
}

/* ---- Money ---- */

#define ERR_MONEY N_("Enter an amount in đồng, e.g. 1.500.000 or 1,5 triệu")
#define MONEY_LIMIT 1000000000000000ULL   /* 1e15 đồng */

/* Scale words after the number (folded: lower case, no marks, đ as d). */
static const struct {
	const char *word;
	int zeros;
} money_scales[] = {
	{ "k", 3 }, { "nghin", 3 }, { "ngan", 3 },
	{ "tr", 6 }, { "trieu", 6 },
	{ "ty", 9 }, { "ti", 9 },
};

/* The unit at the very end (folded): "đồng", "VND" / "VNĐ", "đ"; longest first. */
static const char *const money_units[] = { "dong", "vnd", "d" };

static bool is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool strip_suffix(const char *p, const char **end, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(*end - p) < n || memcmp(*end - n, word, n) != 0)
		return false;
	*end -= n;
	return true;
}

/* The amount in the folded text [p, end): [number] [scale word] [unit]. */
static bool parse_money_folded(const char *p, const char *end, uint64_t *out, const char **err)
{
	trim(&p, &end);
	if (p == end)
		return fail(err, N_("Empty input"));
	for (size_t i = 0; i < sizeof money_units / sizeof *money_units; i++)
		if (strip_suffix(p, &end, money_units[i]))
			break;
	trim(&p, &end);
	int zeros = 0;
	const char *word = end;
	while (word > p && is_ascii_letter(word[-1]))
		word--;
	if (word < end) {
		size_t len = (size_t)(end - word), i;
		for (i = 0; i < sizeof money_scales / sizeof *money_scales; i++)
			if (strlen(money_scales[i].word) == len && memcmp(money_scales[i].word, word, len) == 0)
				break;
		if (i == sizeof money_scales / sizeof *money_scales)
			return fail(err, ERR_MONEY);
		zeros = money_scales[i].zeros;
		end = word;
		trim(&p, &end);
	}
	if (p == end)
		return fail(err, ERR_MONEY);
	if (*p == '-')
		return fail(err, N_("The amount cannot be negative"));

	const char *int_end, *frac, *why = NULL;
	if (!split_body(p, end, &int_end, &frac, &why))
		return fail(err, strcmp(why, ERR_NUMBER) == 0 ? ERR_MONEY : why);

	/* Exact decimal arithmetic: no rounding decides whether a fraction of a đồng is left. */
	const char *frac_end = end;
	while (frac_end > frac && frac_end[-1] == '0')
		frac_end--;
	int frac_digits = (int)(frac_end - frac);
	if (frac_digits > zeros)
		return fail(err, N_("The amount must be a whole number of đồng"));
	uint64_t v = 0;
	for (const char *q = p; q < int_end; q++) {
		if (!is_digit(*q))
			continue;   /* group separator, already checked */
		v = v * 10 + (uint64_t)(*q - '0');
		if (v > MONEY_LIMIT)
			return fail(err, N_("The amount is too large"));
	}
	if (v > MONEY_LIMIT / pow10_u[zeros])
		return fail(err, N_("The amount is too large"));
	uint64_t f = 0;
	for (const char *q = frac; q < frac_end; q++)
		f = f * 10 + (uint64_t)(*q - '0');
	v = v * pow10_u[zeros] + f * pow10_u[zeros - frac_digits];
	if (v > MONEY_LIMIT)
		return fail(err, N_("The amount is too large"));
	*out = v;
	return true;
}

bool vn_parse_money(const char *s, double *dong, const char **err)
{
	if (!s)
		return fail(err, N_("Empty input"));
	if (!text_valid_utf8(s))
		return fail(err, ERR_MONEY);
	char *folded = text_fold(s);
	uint64_t v;
	bool ok = parse_money_folded(folded, folded + strlen(folded), &v, err);
	free(folded);
	if (ok)
		*dong = (double)v;
	return ok;
}

char *vn_format_money(double dong, char *buf, size_t cap)
{
	char num[40];
	vn_format_number(dong, 0, num, sizeof num);
	snprintf(buf, cap, "%s đ", num);
	return buf;
}
