/* Fuzz target: the Unicode functions of src/util/text.c. Properties: folding gives valid,
 * trimmed, lower-case text without đ and is idempotent; sort keys keep their promised byte
 * range, do not change when the text is sanitised, order numbers by value and case only as a
 * tie-break; sanitised text is valid UTF-8 without control characters or surrounding spaces and
 * is idempotent; widths are consistent with text_fit; stepping forward and backward over the
 * characters visits the same boundaries; text_valid_utf8 agrees with an independent check. */
#include "config.h"
#include <ctype.h>
#include <string.h>
#include "fuzz.h"
#include "util/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
}

static void check_fold(const char *s)
{
	char *f = text_fold(s);
	size_t n = strlen(f);
	FUZZ_CHECK(fuzz_valid_utf8(f), "fold(\"%s\") is not valid UTF-8", s);
	FUZZ_CHECK(n == 0 || (f[0] != ' ' && f[n - 1] != ' '), "fold(\"%s\") = \"%s\" is not trimmed", s, f);
	FUZZ_CHECK(!strstr(f, "  "), "fold(\"%s\") = \"%s\" has a run of spaces", s, f);
	FUZZ_CHECK(!strstr(f, "\xC4\x91") && !strstr(f, "\xC4\x90"), "fold(\"%s\") = \"%s\" keeps đ", s, f);
	for (const char *p = f; *p; p++)
		FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'), "fold(\"%s\") = \"%s\" keeps upper case", s, f);
	char *again = text_fold(f);
	FUZZ_CHECK(strcmp(f, again) == 0, "fold is not idempotent: \"%s\" -> \"%s\" -> \"%s\"", s, f, again);
	FUZZ_CHECK(text_folded_contains(f, f) && text_folded_contains(f, ""), "\"%s\" does not contain itself", f);
	free(again);
	free(f);
}

static void check_sanitize(const char *s)
{
	char *c = text_sanitize(s);
	size_t n = strlen(c);
	FUZZ_CHECK(fuzz_valid_utf8(c), "sanitize(\"%s\") is not valid UTF-8", s);
	FUZZ_CHECK(fuzz_no_controls(c, ""), "sanitize(\"%s\") = \"%s\" keeps a control character", s, c);
	FUZZ_CHECK(n == 0 || (c[0] != ' ' && c[n - 1] != ' '), "sanitize(\"%s\") = \"%s\" is not trimmed", s, c);
	char *again = text_sanitize(c);
	FUZZ_CHECK(strcmp(c, again) == 0, "sanitize is not idempotent: \"%s\" -> \"%s\" -> \"%s\"", s, c, again);
	free(again);
	free(c);
}

static int key_cmp(const unsigned char *a, size_t na, const unsigned char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);
	if (c)
		return c < 0 ? -1 : 1;
	return na < nb ? -1 : na > nb;
}

static unsigned char *key_of(const char *s, size_t *n)
{
	unsigned char *k = text_sortkey(s, n);
	FUZZ_CHECK(*n >= 2, "sortkey(\"%s\") is %zu bytes", s, *n);
	for (size_t i = 0; i < *n; i++)
		FUZZ_CHECK(k[i] >= 0x02, "sortkey(\"%s\") has byte %#x at %zu", s, k[i], i);
	return k;
}

static void check_sortkey(const char *s)
{
	size_t n, m;
	unsigned char *k = key_of(s, &n);

	/* Sanitising (NFC, trimming) changes nothing a key depends on in valid, control-free text. */
	if (fuzz_valid_utf8(s) && fuzz_no_controls(s, "")) {
		char *c = text_sanitize(s);
		unsigned char *kc = key_of(c, &m);
		FUZZ_CHECK(key_cmp(k, n, kc, m) == 0, "sortkey(\"%s\") differs from sortkey of its sanitised \"%s\"", s, c);
		char *f1 = text_fold(s), *f2 = text_fold(c);
		FUZZ_CHECK(strcmp(f1, f2) == 0, "fold(\"%s\") = \"%s\" but fold of its sanitised \"%s\" = \"%s\"", s,
			   f1, c, f2);
		free(f1);
		free(f2);
		free(kc);
		free(c);
	}

	/* ASCII case: the same length, lower case first. */
	char *lower = strdup(s), *upper = strdup(s);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (char *p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	unsigned char *kl = key_of(lower, &n), *ku = key_of(upper, &m);
	FUZZ_CHECK(n == m && key_cmp(kl, n, ku, m) <= 0, "sortkey(\"%s\") does not sort before sortkey(\"%s\")",
		   lower, upper);
	free(kl);
	free(ku);
	free(lower);
	free(upper);
	free(k);
}

/* Numbers sort by value: "Thôn " + a digit string made from each half of the input. */
static void check_numbers(const uint8_t *data, size_t size)
{
	size_t half = size / 2;
	char *a = malloc(half + 16), *b = malloc(size - half + 16);
	strcpy(a, "Thôn ");
	strcpy(b, "Thôn ");
	size_t pa = strlen(a), pb = strlen(b);
	for (size_t i = 0; i < half; i++)
		a[pa + i] = (char)('0' + data[i] % 10);
	for (size_t i = half; i < size; i++)
		b[pb + i - half] = (char)('0' + data[i] % 10);
	a[pa + half] = b[pb + size - half] = '\0';
	const char *da = a + pa, *db = b + pb;
	while (da[0] == '0' && da[1])
		da++;
	while (db[0] == '0' && db[1])
		db++;
	int by_value = 0;
	if (*da && *db) {
		size_t la = strlen(da), lb = strlen(db);
		by_value = la != lb ? (la < lb ? -1 : 1) : strcmp(da, db);
		by_value = by_value < 0 ? -1 : by_value > 0;
	}
	if (by_value) {
		size_t n, m;
		unsigned char *ka = key_of(a, &n), *kb = key_of(b, &m);
		FUZZ_CHECK(key_cmp(ka, n, kb, m) == by_value, "\"%s\" and \"%s\" sort against their values", a, b);
		free(ka);
		free(kb);
	}
	free(a);
	free(b);
}

static void check_width(const char *s)
{
	int w = text_width(s);
	size_t len = strlen(s);
	FUZZ_CHECK(w >= 0 && (size_t)w <= 2 * len, "text_width(\"%s\") = %d", s, w);
	int cols_list[] = { 0, 1, 2, 3, 7, w - 1, w, w + 1 };
	for (size_t i = 0; i < sizeof cols_list / sizeof *cols_list; i++) {
		int cols = cols_list[i], used = -1;
		if (cols < 0)
			continue;
		size_t off = text_fit(s, cols, &used);
		FUZZ_CHECK(off <= len && used >= 0 && used <= cols, "text_fit(\"%s\", %d) = %zu, %d", s, cols, off, used);
		char *prefix = strndup(s, off);
		FUZZ_CHECK(text_width(prefix) == used, "text_fit(\"%s\", %d) says %d columns, its prefix takes %d", s,
			   cols, used, text_width(prefix));
		free(prefix);
		if (off < len) {
			char *next = strndup(s + off, text_char_len(s + off));
			FUZZ_CHECK(used + text_width(next) > cols, "text_fit(\"%s\", %d) stopped before a character that fits",
				   s, cols);
			free(next);
		} else {
			FUZZ_CHECK(used == w, "text_fit(\"%s\", %d) took it all in %d columns, not %d", s, cols, used, w);
		}
	}
}

/* Stepping forward with text_char_len and backward with text_prev_char_len meet the same
 * character boundaries. */
static void check_stepping(const char *s)
{
	size_t len = strlen(s), nb = 0;
	size_t *bounds = malloc((len + 1) * sizeof *bounds);
	for (size_t off = 0; off < len;) {
		size_t n = text_char_len(s + off);
		FUZZ_CHECK(n >= 1 && n <= 4 && off + n <= len, "text_char_len at %zu of \"%s\" = %zu", off, s, n);
		bounds[nb++] = off;
		off += n;
	}
	FUZZ_CHECK(text_char_len(s + len) == 0, "text_char_len at the end is not 0");
	size_t off = len;
	while (off > 0) {
		size_t n = text_prev_char_len(s, off);
		FUZZ_CHECK(n >= 1 && n <= off, "text_prev_char_len(\"%s\", %zu) = %zu", s, off, n);
		off -= n;
		FUZZ_CHECK(nb > 0 && bounds[nb - 1] == off,
			   "stepping back over \"%s\" stops at %zu, forward it stopped at %zu", s, off,
			   nb ? bounds[nb - 1] : 0);
		nb--;
	}
	FUZZ_CHECK(nb == 0, "stepping back over \"%s\" met fewer characters", s);
	free(bounds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	FUZZ_CHECK(text_valid_utf8(s) == fuzz_valid_utf8(s), "text_valid_utf8(\"%s\") = %d", s, text_valid_utf8(s));
	check_fold(s);
	check_sanitize(s);
	check_sortkey(s);
	check_numbers(data, size);
	check_width(s);
	check_stepping(s);
	free(s);
	return 0;
}
