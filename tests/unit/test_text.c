#include "config.h"
#include "util/text.h"
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static void assert_fold(const char *in, const char *want)
{
	char *got = text_fold(in);
	cr_assert_str_eq(got, want, "text_fold(\"%s\")", in);
	free(got);
}

static void assert_sanitize(const char *in, const char *want)
{
	char *got = text_sanitize(in);
	cr_assert_not_null(got);
	cr_assert_str_eq(got, want, "text_sanitize(\"%s\")", in);
	free(got);
}

/* memcmp order of the two keys, shorter prefix first, as callers compare them */
static int key_cmp(const char *a, const char *b)
{
	size_t na, nb;
	unsigned char *ka = text_sortkey(a, &na), *kb = text_sortkey(b, &nb);
	int c = memcmp(ka, kb, na < nb ? na : nb);
	if (c == 0)
		c = na < nb ? -1 : na > nb ? 1 : 0;
	free(ka);
	free(kb);
	return c < 0 ? -1 : c > 0 ? 1 : 0;
}

static void assert_before(const char *a, const char *b)
{
	cr_assert_lt(key_cmp(a, b), 0, "expected \"%s\" < \"%s\"", a, b);
	cr_assert_gt(key_cmp(b, a), 0, "expected \"%s\" > \"%s\"", b, a);
}

static void assert_chain(const char *const *v, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		assert_before(v[i], v[i + 1]);
}

static void assert_same_key(const char *a, const char *b)
{
	cr_assert_eq(key_cmp(a, b), 0, "expected \"%s\" and \"%s\" to have equal keys", a, b);
}

static void assert_key_bytes(const char *s)
{
	size_t n = 0;
	unsigned char *k = text_sortkey(s, &n);
	cr_assert_gt(n, 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_geq(k[i], 0x02, "key byte %zu of \"%s\" is 0x%02x", i, s, k[i]);
	free(k);
}

/* deterministic xorshift so failures reproduce */
static uint32_t rng_state = 2463534242u;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* random bytes, NUL-free, biased towards UTF-8 lead and continuation bytes */
static void random_bytes(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char b;
		switch (rnd() % 4) {
		case 0: b = (unsigned char)(0x01 + rnd() % 0x7F); break;
		case 1: b = (unsigned char)(0x80 + rnd() % 0x40); break;
		case 2: b = (unsigned char)(0xC0 + rnd() % 0x40); break;
		default: b = (unsigned char)(0x01 + rnd() % 0xFF); break;
		}
		buf[i] = (char)b;
	}
	buf[n] = '\0';
}

static const char *const fragments[] = {
	"a", "Ă", "ầ", "Đ", "đ", "ơ", "Ư", "ự", "ệ", "e\xcc\xa3\xcc\x82", " ", "  ", "\t", "\n",
	"0", "007", "42", "1234567890123456789", "'", "-", ".", "(", "!", "~", "\x1b[0m", "\x7f",
	"\xc2\x85", "\xc2\xa0", "\xe2\x80\x8b", "\xcc\x81", "漢", "字", "😀", "👍🏽", "Ω", "ß", "ü",
	"\xff", "\xc3", "\xe1\xba", "\x80", "\xed\xa0\x80", "Thôn", "Lạc Xuân",
	"\xe2\x80\xae", "\xc2\x9b", "\x9b", "\xee\x80\x80", "\xe2\x80\xa8", "\x1b]0;t\x07",
	"\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81",
};

static void random_text(char *buf, size_t cap)
{
	size_t len = 0, parts = rnd() % 8;
	buf[0] = '\0';
	for (size_t i = 0; i < parts; i++) {
		const char *f = fragments[rnd() % (sizeof fragments / sizeof fragments[0])];
		size_t n = strlen(f);
		if (len + n + 1 > cap)
			break;
		memcpy(buf + len, f, n + 1);
		len += n;
	}
}

/* ---- text_fold ---- */

Test(text, fold_removes_tones_and_letter_marks)
{
	assert_fold("Lạc Xuân", "lac xuan");
	assert_fold("Quảng Lập", "quang lap");
	assert_fold("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "aaaaaaaaaaaaaaaaa");
	assert_fold("ƠỜỚỞỠỢ ƯỪỨỬỮỰ ÊỀẾỂỄỆ", "oooooo uuuuuu eeeeee");
	assert_fold("ỲÝỶỸỴ", "yyyyy");
}

Test(text, fold_maps_d_stroke)
{
	assert_fold("ĐƠN DƯƠNG", "don duong");
	assert_fold("Đơn Dương", "don duong");
	assert_fold("đạ đờn", "da don");
}

Test(text, fold_collapses_and_trims_space)
{
	assert_fold("  Thôn   1 ", "thon 1");
	assert_fold("\tA\n\nB\r ", "a b");
	assert_fold("x\xc2\xa0\xc2\xa0y", "x y"); /* no-break spaces */
	assert_fold("", "");
	assert_fold("   ", "");
}

Test(text, fold_decomposed_same_as_precomposed)
{
	char *nfc = text_fold("L\xe1\xba\xa1" "c");   /* ạ precomposed */
	char *nfd = text_fold("La\xcc\xa3" "c");       /* a + U+0323 */
	cr_assert_str_eq(nfc, "lac");
	cr_assert_str_eq(nfd, nfc);
	free(nfc);
	free(nfd);
	assert_fold("Xua\xcc\x82n", "xuan");
}

Test(text, fold_drops_invalid_bytes)
{
	assert_fold("a\xff" "b", "ab");
	assert_fold("L\xc3" "ac", "lac");       /* truncated sequence */
	assert_fold("x\xc0\xafy", "xy");        /* overlong "/" */
	assert_fold("\xed\xa0\x80z", "z");      /* surrogate */
}

Test(text, fold_output_is_valid_and_stable)
{
	char buf[256];
	for (int i = 0; i < 2000; i++) {
		random_text(buf, sizeof buf);
		char *f = text_fold(buf);
		cr_assert(text_valid_utf8(f), "fold of \"%s\" is not valid UTF-8", buf);
		char *ff = text_fold(f);
		cr_assert_str_eq(ff, f, "folding \"%s\" twice changed it", buf);
		free(ff);
		free(f);
	}
}

/* ---- text_folded_contains ---- */

Test(text, folded_contains)
{
	cr_assert(text_folded_contains("lac xuan", "xuan"));
	cr_assert(text_folded_contains("lac xuan", "c x"));
	cr_assert(text_folded_contains("lac xuan", ""));
	cr_assert_not(text_folded_contains("lac xuan", "xuan b"));
	cr_assert_not(text_folded_contains("lac", "lac xuan"));
	cr_assert_not(text_folded_contains("", "a"));
}

Test(text, folded_contains_with_fold)
{
	char *hay = text_fold("Xã Lạc Xuân, huyện Đơn Dương");
	char *needle = text_fold("LẠC  XUÂN");
	char *other = text_fold("Lạc Lâm");
	cr_assert(text_folded_contains(hay, needle));
	cr_assert_not(text_folded_contains(hay, other));
	free(hay);
	free(needle);
	free(other);
}

/* ---- text_sortkey ---- */

Test(text, sortkey_letter_marks)
{
	const char *const a[] = { "a", "ă", "â", "b" };
	const char *const d[] = { "d", "đ", "e" };
	const char *const o[] = { "o", "ô", "ơ", "p" };
	const char *const u[] = { "u", "ư", "v" };
	assert_chain(a, 4);
	assert_chain(d, 3);
	assert_chain(o, 4);
	assert_chain(u, 3);
}

Test(text, sortkey_whole_alphabet)
{
	const char *const abc[] = { "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h",
		"i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v",
		"w", "x", "y", "z" };
	assert_chain(abc, sizeof abc / sizeof abc[0]);
}

Test(text, sortkey_letter_beats_later_letters)
{
	/* đ comes after every word in d, however it goes on */
	assert_before("dz", "đa");
	assert_before("dư", "đa");
	assert_before("az", "ăa");
	assert_before("oz", "ơ");
}

Test(text, sortkey_tones)
{
	const char *const t[] = { "ma", "mà", "mả", "mã", "má", "mạ", "mac" };
	assert_chain(t, sizeof t / sizeof t[0]);
	for (size_t i = 0; i < 6; i++)
		assert_before(t[i], "mac");
	/* the tone of the first letter decides before later letters' tones */
	assert_before("mà mạ", "má ma");
}

Test(text, sortkey_tones_on_modified_letters)
{
	const char *const t[] = { "ơ", "ờ", "ở", "ỡ", "ớ", "ợ", "p" };
	assert_chain(t, sizeof t / sizeof t[0]);
	assert_before("ọ", "ô");
	assert_before("ự", "v");
}

Test(text, sortkey_case_is_last_tiebreak)
{
	assert_before("an", "An");
	assert_before("An", "AN");
	assert_before("An", "b");
	assert_before("AZ", "b");
	assert_before("mà", "Má"); /* tone before case */
	assert_before("đa", "Đa");

	/* "an" and "An" agree up to the tertiary level */
	size_t n1, n2;
	unsigned char *k1 = text_sortkey("an", &n1), *k2 = text_sortkey("An", &n2);
	cr_assert_eq(n1, n2);
	unsigned char *first = memchr(k1, 0x03, n1);
	cr_assert_not_null(first);
	unsigned char *second = memchr(first + 1, 0x03, n1 - (size_t)(first + 1 - k1));
	cr_assert_not_null(second);
	size_t tertiary = (size_t)(second - k1) + 1;
	cr_assert_eq(memcmp(k1, k2, tertiary), 0);
	cr_assert_neq(memcmp(k1 + tertiary, k2 + tertiary, n1 - tertiary), 0);
	free(k1);
	free(k2);
}

Test(text, sortkey_d_stroke_words)
{
	assert_before("Dương", "Đơn Dương");
	assert_before("Đơn Dương", "E");
	assert_before("Dz", "Đơn Dương");
}

Test(text, sortkey_numbers_by_value)
{
	const char *const t[] = { "Thôn 0", "Thôn 1", "Thôn 2", "Thôn 9", "Thôn 10", "Thôn 11",
		"Thôn 99", "Thôn 100" };
	assert_chain(t, sizeof t / sizeof t[0]);
	assert_before("Thôn 2", "Thôn 10");
	assert_before("Thôn 10", "Thôn 11");
	assert_before("Thôn 9", "Thôn 09");  /* leading zeros only break ties */
	assert_before("Thôn 09", "Thôn 10");
	assert_before("2a", "10");
	assert_before("1", "a");             /* digits before letters */
}

Test(text, sortkey_long_numbers)
{
	assert_before("99999999999999", "100000000000000");             /* 14 vs 15 digits */
	assert_before("100000000000000", "100000000000001");
	assert_before("999999999999999", "1000000000000000");           /* 15 vs 16 */
	assert_before("x 999999999999999999", "x 1000000000000000000");

	/* lengths either side of 250 extra digits */
	char a[400], b[400];
	memset(a, '9', 264);
	a[264] = '\0';
	memset(b, '0', 265);
	b[0] = '1';
	b[265] = '\0';
	assert_before(a, b);
	a[263] = '\0';
	assert_before(a, b);
}

Test(text, sortkey_prefix_first)
{
	assert_before("Thôn", "Thôn 1");
	assert_before("Thôn", "Thôn A");
	assert_before("", "a");
	assert_before("", "0");
	assert_before("", "'");
	assert_same_key("ma", "ma ");   /* trailing space is ignored */
}

Test(text, sortkey_space_and_punctuation)
{
	assert_before("Tu Tra", "Tua");   /* word break before letters */
	assert_before("D'Ran", "Da");
	assert_before("a b", "a-b");
	assert_before("a-b", "ab");
	assert_same_key("  Thôn   1 ", "Thôn 1");
	assert_same_key("D\xe2\x80\x99Ran", "D'Ran");  /* typographic apostrophe */
}

Test(text, sortkey_decomposed_equals_precomposed)
{
	assert_same_key("La\xcc\xa3" "c", "L\xe1\xba\xa1" "c");
	assert_same_key("e\xcc\xa3\xcc\x82", "ệ");   /* canonical order dot below, circumflex */
	assert_same_key("e\xcc\x82\xcc\xa3", "ệ");   /* and the other order */
	assert_before("a", "La\xcc\xa3" "c");
}

/* Canonically equivalent texts, whatever the order their marks come in, and NFC (what
 * text_sanitize stores) get one key (found by fuzzing: tests/fuzz/crashes/text). */
Test(text, sortkey_same_for_canonical_equivalents)
{
	assert_same_key("y\xcc\x81\xcc\xa3", "y\xcc\xa3\xcc\x81");   /* acute + dot below, both orders */
	assert_same_key("y\xcc\x81\xcc\xa3", "\xe1\xbb\xb5\xcc\x81"); /* and NFC: ỵ + acute */
	assert_same_key("o\xcc\x82\xcc\x9b", "o\xcc\x9b\xcc\x82");   /* circumflex + horn */
	char *nfc = text_sanitize("T 0 y\xcc\x81\xcc\xa3" "an");
	assert_same_key(nfc, "T 0 y\xcc\x81\xcc\xa3" "an");
	free(nfc);
}

Test(text, sortkey_other_characters)
{
	assert_before("z", "Ω");
	assert_before("ω", "Ω");
	assert_before("z", "漢");
	assert_before("字", "漢");           /* by code point: U+5B57 < U+6F22 */
	assert_before("y", "😀");
	/* a foreign mark sorts after every Vietnamese tone of the letter, still within u */
	assert_before("ụ", "ü");
	assert_before("ü", "ư");
	assert_before("ü", "v");
}

static int cmp_by_key(const void *a, const void *b)
{
	return key_cmp(*(const char *const *)a, *(const char *const *)b);
}

Test(text, sortkey_sorts_commune_names)
{
	const char *names[] = { "Thạnh Mỹ", "D'Ran", "Lạc Xuân", "Đạ Ròn", "Lạc Lâm", "Ka Đô",
		"Ka Đơn", "Pró", "Quảng Lập", "Tu Tra" };
	const char *const want[] = { "D'Ran", "Đạ Ròn", "Ka Đô", "Ka Đơn", "Lạc Lâm", "Lạc Xuân",
		"Pró", "Quảng Lập", "Thạnh Mỹ", "Tu Tra" };
	qsort(names, 10, sizeof names[0], cmp_by_key);
	for (size_t i = 0; i < 10; i++)
		cr_assert_str_eq(names[i], want[i], "position %zu", i);
}

Test(text, sortkey_bytes_at_least_2)
{
	static const char *const samples[] = { "", " ", "a", "Z", "Lạc Xuân", "ĐƠN DƯƠNG", "0",
		"007", "Thôn 10", "12345678901234567890123", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
		"\x01\x02\x03\x1b[31m\x7f", "😀👍🏽", "漢字", "Ωω", "\xff\xfe", "\xc2\x80\xc2\x9f",
		"\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xe2\x80\x8b", "\xcc\x81\xcc\x81", "ǅ", "ﬁ",
		"①②", "１２", "½", "\xe1\x84\x80", "한국어" };
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		assert_key_bytes(samples[i]);

	char buf[256];
	for (int i = 0; i < 2000; i++) {
		random_text(buf, sizeof buf);
		assert_key_bytes(buf);
		random_bytes(buf, rnd() % 40);
		assert_key_bytes(buf);
	}
	char digits[1200];
	memset(digits, '7', sizeof digits - 1);
	digits[sizeof digits - 1] = '\0';
	assert_key_bytes(digits);
}

Test(text, sortkey_len_matches_and_is_deterministic)
{
	size_t n1 = 0, n2 = 0;
	unsigned char *k1 = text_sortkey("Quảng Lập 7", &n1);
	unsigned char *k2 = text_sortkey("Quảng Lập 7", &n2);
	cr_assert_gt(n1, 0);
	cr_assert_eq(n1, n2);
	cr_assert_eq(memcmp(k1, k2, n1), 0);
	free(k1);
	free(k2);
}

/* ---- text_sanitize ---- */

Test(text, sanitize_removes_controls)
{
	assert_sanitize("\x1b[31mred", "[31mred");
	assert_sanitize("a\x7f" "b\x01" "c", "abc");
	assert_sanitize("a\xc2\x85" "b\xc2\x9b" "c", "abc");   /* C1: NEL, CSI */
	assert_sanitize("a\r\nb", "a b");
}

Test(text, sanitize_tab_newline_to_space)
{
	assert_sanitize("a\tb\nc", "a b c");
	assert_sanitize("a\t\tb", "a  b");   /* inner runs are kept */
}

Test(text, sanitize_invalid_bytes)
{
	assert_sanitize("\xff", "\xef\xbf\xbd");
	assert_sanitize("a\xff" "b", "a\xef\xbf\xbd" "b");
	assert_sanitize("x\xe1\xba" "y", "x\xef\xbf\xbd\xef\xbf\xbd" "y");
	assert_sanitize("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	assert_sanitize("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

Test(text, sanitize_trims)
{
	assert_sanitize("  Lạc Xuân \t\n", "Lạc Xuân");
	assert_sanitize("\xc2\xa0x\xe3\x80\x80", "x");   /* no-break and ideographic space */
	assert_sanitize("", "");
	assert_sanitize(" \t\n ", "");
	assert_sanitize("\x1b", "");
}

Test(text, sanitize_composes)
{
	assert_sanitize("La\xcc\xa3" "c", "L\xe1\xba\xa1" "c");
	assert_sanitize("e\xcc\xa3\xcc\x82", "ệ");
	assert_sanitize("a\x1b\xcc\x81", "á");   /* a control between base and mark */
}

Test(text, sanitize_fuzz_output_is_clean)
{
	char buf[256];
	for (int i = 0; i < 3000; i++) {
		if (i % 2)
			random_text(buf, sizeof buf);
		else
			random_bytes(buf, rnd() % 60);
		char *s = text_sanitize(buf);
		cr_assert_not_null(s);
		cr_assert(text_valid_utf8(s));
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			cr_assert(*p >= 0x20 && *p != 0x7f, "control byte in sanitised \"%s\"", s);
		cr_assert_null(strstr(s, "\xc2\x85"));
		size_t n = strlen(s);
		cr_assert(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
		char *again = text_sanitize(s);
		cr_assert_str_eq(again, s);
		free(again);
		free(s);
	}
}

Test(text, sanitize_removes_format_characters)
{
	/* bidi override, isolates and marks; zero-width space, joiners; BOM; soft hyphen */
	assert_sanitize("a\xe2\x80\xae" "b\xe2\x80\xac" "c", "abc");
	assert_sanitize("\xe2\x81\xa6" "a\xe2\x81\xa9\xe2\x80\x8f" "b", "ab");
	assert_sanitize("Th\xe2\x80\x8b\xc3\xb4n\xe2\x80\x8d" "1\xef\xbb\xbf", "Thôn1");
	assert_sanitize("\xef\xbb\xbf" "x\xc2\xad" "y", "xy");
}

Test(text, sanitize_line_separators_to_space)
{
	assert_sanitize("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "a b c");
	assert_sanitize("\xe2\x80\xa8" "a\xe2\x80\xa9", "a");
}

Test(text, sanitize_sql_metacharacters_are_text)
{
	assert_sanitize("x'); DROP TABLE area;--", "x'); DROP TABLE area;--");
	assert_sanitize("100% _a_ \\ \"q\"", "100% _a_ \\ \"q\"");
}

/* ---- display: text_glyph_next, text_displayable ---- */

static void assert_shown(const char *in, const char *want)
{
	char *got = text_displayable(in, false);
	cr_assert_str_eq(got, want, "text_displayable(\"%s\")", in);
	free(got);
}

#define FFFD "\xef\xbf\xbd"

Test(text, displayable_escape_sequences)
{
	assert_shown("A\x1b[2JB", "A" FFFD "[2JB");
	assert_shown("\x1b]0;title\x07", FFFD "]0;title" FFFD);
	assert_shown("\x1b[10;5H\x1b[31mred\x1b[0m", FFFD "[10;5H" FFFD "[31mred" FFFD "[0m");
	assert_shown("a\x7f" "b", "a" FFFD "b");
	assert_shown("a\rb", "a" FFFD "b");
}

Test(text, displayable_c1_controls)
{
	assert_shown("a\xc2\x9b" "2J", "a" FFFD "2J");   /* CSI as UTF-8 */
	assert_shown("a\xc2\x85" "b", "a" FFFD "b");     /* NEL */
	assert_shown("a\x9b" "2J", "a" FFFD "2J");        /* a raw 8-bit CSI: invalid UTF-8 */
}

Test(text, displayable_invalid_utf8)
{
	assert_shown("\x80", FFFD);                         /* lone continuation byte */
	assert_shown("\xc0\xaf", FFFD FFFD);               /* overlong "/" */
	assert_shown("\xe0\x80\xaf", FFFD FFFD FFFD);     /* overlong, 3 bytes */
	assert_shown("\xed\xa0\x80", FFFD FFFD FFFD);     /* a surrogate */
	assert_shown("a\xe1\xba", "a" FFFD FFFD);          /* truncated at the end */
	assert_shown("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);   /* past U+10FFFF */
	assert_shown("\xff\xfe", FFFD FFFD);
}

Test(text, displayable_format_and_separators)
{
	assert_shown("a\xe2\x80\xae" "bc", "abc");          /* RLO left out */
	assert_shown("a\xe2\x80\x8b" "b\xef\xbb\xbf", "ab"); /* ZWSP, BOM */
	assert_shown("a\xe2\x80\xa8" "b", "a b");           /* line separator */
	assert_shown("a\tb\nc", "a b c");
	char *kept = text_displayable("a\tb\nc\x1b", true);
	cr_assert_str_eq(kept, "a\tb\nc" FFFD);
	free(kept);
}

Test(text, displayable_unknown_characters)
{
	assert_shown("a\xee\x80\x80" "b", "a" FFFD "b");    /* U+E000, private use */
	assert_shown("a\xef\xbf\xbf" "b", "a" FFFD "b");    /* U+FFFF, a noncharacter */
	assert_shown("Lạc Xuân 漢字 😀", "Lạc Xuân 漢字 😀");
}

Test(text, displayable_marks)
{
	/* a storm of acute accents on "a": four kept, the rest left out */
	char storm[1 + 2 * 1000 + 2];
	storm[0] = 'a';
	for (int i = 0; i < 1000; i++)
		memcpy(storm + 1 + 2 * i, "\xcc\x81", 2);
	strcpy(storm + 1 + 2 * 1000, "b");
	assert_shown(storm, "a\xcc\x81\xcc\x81\xcc\x81\xcc\x81" "b");
	cr_assert_eq(text_width(storm), 2);
	/* a mark with nothing before it would land on the neighbouring cell */
	assert_shown("\xcc\x81" "a", "a");
	assert_shown("\xe2\x80\xae\xcc\x81" "a", "a");
	/* Vietnamese decomposed: the marks stay */
	assert_shown("e\xcc\xa3\xcc\x82", "e\xcc\xa3\xcc\x82");
	char *kept = text_displayable("a\n\xcc\x81" "b", true);
	cr_assert_str_eq(kept, "a\nb");
	free(kept);
}

Test(text, glyph_widths)
{
	text_glyphs g;
	int32_t cp;
	int w;
	/* each glyph: shown code point and width */
	const struct { int32_t cp; int w; } want[] = {
		{ 'a', 1 }, { 0xFFFD, 1 }, { -1, 0 }, { 0x6F22, 2 }, { 0x301, 0 }, { 0xFFFD, 1 }, { ' ', 1 },
	};
	text_glyphs_start(&g, "a\x1b\xe2\x80\xae漢\xcc\x81\x80\t", false);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		cr_assert(text_glyph_next(&g, &cp, &w), "glyph %zu missing", i);
		cr_assert_eq(cp, want[i].cp, "glyph %zu: U+%04X", i, (unsigned)cp);
		cr_assert_eq(w, want[i].w, "glyph %zu: width %d", i, w);
	}
	cr_assert_not(text_glyph_next(&g, &cp, &w));
	cr_assert_not(text_glyph_next(&g, &cp, &w));
}

Test(text, displayable_fuzz_is_safe)
{
	char buf[256];
	for (int i = 0; i < 3000; i++) {
		if (i % 2)
			random_text(buf, sizeof buf);
		else
			random_bytes(buf, rnd() % 60);
		char *s = text_displayable(buf, false);
		cr_assert(text_valid_utf8(s));
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			cr_assert(*p >= 0x20 && *p != 0x7f, "control byte shown from \"%s\"", buf);
		cr_assert_null(strstr(s, "\xc2\x85"));
		cr_assert_null(strstr(s, "\xc2\x9b"));
		cr_assert_null(strstr(s, "\xe2\x80\xae"));
		/* what is shown takes the columns counted for the original */
		cr_assert_eq(text_width(s), text_width(buf), "width of \"%s\"", buf);
		char *again = text_displayable(s, false);
		cr_assert_str_eq(again, s);
		free(again);
		free(s);
	}
}

/* ---- text_width / text_fit ---- */

Test(text, width)
{
	cr_assert_eq(text_width("Lạc Xuân"), 8);
	cr_assert_eq(text_width("La\xcc\xa3" "c"), 3);
	cr_assert_eq(text_width("漢字"), 4);
	cr_assert_eq(text_width("😀"), 2);
	cr_assert_eq(text_width(""), 0);
	cr_assert_eq(text_width("a\x1b" "b"), 3);   /* ESC shows as U+FFFD */
	cr_assert_eq(text_width("a\xff" "b"), 3);
}

Test(text, fit_basic)
{
	int used = -1;
	cr_assert_eq(text_fit("Lạc Xuân", 3, &used), strlen("Lạc"));
	cr_assert_eq(used, 3);
	cr_assert_eq(text_fit("Lạc Xuân", 100, &used), strlen("Lạc Xuân"));
	cr_assert_eq(used, 8);
	cr_assert_eq(text_fit("Lạc", 0, &used), 0);
	cr_assert_eq(used, 0);
	cr_assert_eq(text_fit("Lạc", -5, &used), 0);
	cr_assert_eq(used, 0);
	cr_assert_eq(text_fit("abc", 2, NULL), 2);
}

Test(text, fit_wide_chars)
{
	int used = -1;
	cr_assert_eq(text_fit("漢字", 3, &used), 3);
	cr_assert_eq(used, 2);
	cr_assert_eq(text_fit("漢字", 1, &used), 0);
	cr_assert_eq(used, 0);
	cr_assert_eq(text_fit("a😀", 2, &used), 1);
	cr_assert_eq(used, 1);
}

Test(text, fit_keeps_marks_with_base)
{
	int used = -1;
	/* "La" + U+0323: the mark follows its base into the fitted part */
	cr_assert_eq(text_fit("La\xcc\xa3" "c", 2, &used), 4);
	cr_assert_eq(used, 2);
	/* and stays out when its base does not fit */
	cr_assert_eq(text_fit("La\xcc\xa3" "c", 1, &used), 1);
	cr_assert_eq(used, 1);
	cr_assert_eq(text_fit("a\xcc\x81", 0, &used), 0);
}

Test(text, fit_fuzz_never_splits)
{
	char buf[256];
	for (int i = 0; i < 1000; i++) {
		random_text(buf, sizeof buf);
		int w = text_width(buf);
		for (int cols = 0; cols <= w + 1; cols++) {
			int used = -1;
			size_t n = text_fit(buf, cols, &used);
			cr_assert_leq(used, cols);
			cr_assert_leq(n, strlen(buf));
			char *prefix = strndup(buf, n);
			cr_assert_eq(text_width(prefix), used);
			/* n must be a character boundary: walking forward lands on it */
			size_t off = 0;
			while (off < n)
				off += text_char_len(buf + off);
			cr_assert_eq(off, n, "split inside a character of \"%s\"", buf);
			free(prefix);
		}
		cr_assert_eq(text_fit(buf, w, NULL), strlen(buf));
	}
}

/* ---- UTF-8 stepping ---- */

Test(text, char_len)
{
	cr_assert_eq(text_char_len(""), 0);
	cr_assert_eq(text_char_len("a"), 1);
	cr_assert_eq(text_char_len("é"), 2);
	cr_assert_eq(text_char_len("ạc"), 3);
	cr_assert_eq(text_char_len("😀"), 4);
	cr_assert_eq(text_char_len("\xff"), 1);
	cr_assert_eq(text_char_len("\x80"), 1);
	cr_assert_eq(text_char_len("\xc3"), 1);          /* truncated */
	cr_assert_eq(text_char_len("\xe1\xba" "a"), 1);  /* truncated */
	cr_assert_eq(text_char_len("\xc0\xaf"), 1);      /* overlong */
}

Test(text, prev_char_len)
{
	const char *s = "a\xe1\xba\xa1\xf0\x9f\x98\x80";   /* a ạ 😀 */
	cr_assert_eq(text_prev_char_len(s, 0), 0);
	cr_assert_eq(text_prev_char_len(s, 1), 1);
	cr_assert_eq(text_prev_char_len(s, 4), 3);
	cr_assert_eq(text_prev_char_len(s, 8), 4);

	const char *bad = "\xe1\xba\xa1\x80";   /* ạ then a stray continuation byte */
	cr_assert_eq(text_prev_char_len(bad, 4), 1);
	cr_assert_eq(text_prev_char_len(bad, 3), 3);
	cr_assert_eq(text_prev_char_len("\x80\x80", 2), 1);
	cr_assert_eq(text_prev_char_len("a\xe1\xba", 3), 1);
}

Test(text, prev_char_len_mirrors_char_len)
{
	char buf[256];
	size_t offs[256];
	for (int i = 0; i < 2000; i++) {
		if (i % 2)
			random_text(buf, sizeof buf);
		else
			random_bytes(buf, rnd() % 60);
		size_t n = 0, off = 0;
		while (buf[off]) {
			offs[n++] = off;
			off += text_char_len(buf + off);
		}
		while (n > 0) {
			size_t back = text_prev_char_len(buf, off);
			cr_assert_eq(off - back, offs[n - 1], "mismatch at %zu in a random string", off);
			off -= back;
			n--;
		}
		cr_assert_eq(off, 0);
	}
}

Test(text, valid_utf8)
{
	cr_assert(text_valid_utf8(""));
	cr_assert(text_valid_utf8("Lạc Xuân 😀 漢字"));
	cr_assert(text_valid_utf8("\xef\xbf\xbf"));        /* U+FFFF */
	cr_assert(text_valid_utf8("\xf4\x8f\xbf\xbf"));    /* U+10FFFF */
	cr_assert(text_valid_utf8("\xed\x9f\xbf"));        /* U+D7FF, just below surrogates */
	cr_assert_not(text_valid_utf8("\xff"));
	cr_assert_not(text_valid_utf8("a\x80"));
	cr_assert_not(text_valid_utf8("\xe1\xba"));
	cr_assert_not(text_valid_utf8("\xc0\x80"));          /* overlong NUL */
	cr_assert_not(text_valid_utf8("\xc1\xbf"));          /* overlong */
	cr_assert_not(text_valid_utf8("\xe0\x80\xaf"));      /* overlong */
	cr_assert_not(text_valid_utf8("\xf0\x80\x80\xaf"));  /* overlong */
	cr_assert_not(text_valid_utf8("\xed\xa0\x80"));      /* surrogate U+D800 */
	cr_assert_not(text_valid_utf8("\xed\xbf\xbf"));      /* surrogate U+DFFF */
	cr_assert_not(text_valid_utf8("\xf4\x90\x80\x80"));  /* past U+10FFFF */
	cr_assert_not(text_valid_utf8("\xf5\x80\x80\x80"));
}
