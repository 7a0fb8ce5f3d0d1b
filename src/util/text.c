#include "config.h"
#include "util/text.h"
#include "util/strbuf.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- UTF-8 decoding ---------------------------------------------------------------------- */

/* Decodes the sequence at s strictly (no overlongs, surrogates or values past U+10FFFF).
 * Returns the code point and its length in *len, or -1 with *len = 1 for an invalid byte.
 * Stops at NUL because NUL is never a continuation byte. */
static int32_t decode(const unsigned char *s, size_t *len)
{
	unsigned char b = s[0];
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	size_t n;
	int32_t cp;

	*len = 1;
	if (b < 0x80)
		return b;
	if (b >= 0xC2 && b <= 0xDF) {
		n = 2;
		cp = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 3;
		cp = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0; /* overlong */
		else if (b == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4;
		cp = b & 0x07;
		if (b == 0xF0)
			lo = 0x90; /* overlong */
		else if (b == 0xF4)
			hi = 0x8F; /* past U+10FFFF */
	} else {
		return -1;
	}
	if (s[1] < lo || s[1] > hi)
		return -1;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	*len = n;
	return cp;
}

static void add_cp(strbuf *b, int32_t cp)
{
	utf8proc_uint8_t buf[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
	sb_addn(b, (const char *)buf, (size_t)n);
}

/* The buffer's string, handed to the caller; b is left freed. */
static char *finish(strbuf *b)
{
	char *s = sb_take(b);
	sb_free(b);
	return s;
}

static bool is_space(int32_t cp)
{
	if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85)
		return true;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

static bool is_mark(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static bool is_control(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Invisible characters that steer other text: bidi controls, zero-width spaces and joiners. */
static bool is_format(int32_t cp)
{
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_CF;
}

static bool is_line_separator(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

/* ---- Code point arrays ------------------------------------------------------------------- */

typedef struct cpvec {
	int32_t *v;
	size_t n, cap;
} cpvec;

static void cv_push(cpvec *a, int32_t cp)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 32;
		a->v = xrealloc(a->v, a->cap * sizeof *a->v);
	}
	a->v[a->n++] = cp;
}

/* Appends cp decomposed with utf8proc options (recursively, so "ệ" gives e + two marks). */
static void cv_push_decomposed(cpvec *a, int32_t cp, utf8proc_option_t options)
{
	utf8proc_int32_t buf[32]; /* the longest decomposition (U+FDFA) is 18 code points */
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 32, options, NULL);

	if (n < 0 || n > 32) {
		cv_push(a, cp);
		return;
	}
	for (utf8proc_ssize_t i = 0; i < n; i++)
		cv_push(a, buf[i]);
}

/* Unicode's canonical ordering: each run of combining marks sorted (stably) by combining class, so
 * that canonically equivalent texts decompose alike ("ỵ́" typed as y + acute + dot below, or as ỵ +
 * acute, which is what NFC makes of both). */
static void canonical_order(cpvec *a)
{
	for (size_t i = 1; i < a->n; i++) {
		int32_t cp = a->v[i];
		int cc = utf8proc_get_property(cp)->combining_class;
		size_t j = i;
		for (; cc && j > 0 && utf8proc_get_property(a->v[j - 1])->combining_class > cc; j--)
			a->v[j] = a->v[j - 1];
		a->v[j] = cp;
	}
}

/* Decodes s into decomposed code points in canonical order; an invalid byte becomes bad, or is
 * dropped if bad < 0. */
static cpvec decompose(const char *s, utf8proc_option_t options, int32_t bad)
{
	cpvec a = { NULL, 0, 0 };
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len;

	while (*p) {
		int32_t cp = decode(p, &len);
		p += len;
		if (cp < 0)
			cp = bad;
		if (cp >= 0)
			cv_push_decomposed(&a, cp, options);
	}
	canonical_order(&a);
	return a;
}

/* ---- Folding ----------------------------------------------------------------------------- */

char *text_fold(const char *s)
{
	cpvec a = decompose(s, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |
	                           UTF8PROC_IGNORE, -1);
	strbuf b;
	bool space = false;

	sb_init(&b);
	for (size_t i = 0; i < a.n; i++) {
		int32_t cp = a.v[i];
		if (is_space(cp)) {
			space = b.len > 0; /* drops leading space, collapses runs */
			continue;
		}
		if (space)
			sb_addc(&b, ' ');
		space = false;
		/* đ has no decomposition; case folding has already turned Đ into đ */
		add_cp(&b, cp == 0x111 ? 'd' : cp);
	}
	free(a.v);
	return finish(&b);
}

bool text_folded_contains(const char *hay_folded, const char *needle_folded)
{
	return strstr(hay_folded ? hay_folded : "", needle_folded ? needle_folded : "") != NULL;
}

/* ---- Collation keys ---------------------------------------------------------------------- *
 * Layout: primary weights, KEY_LEVEL, secondary (tone) weights, KEY_LEVEL, tertiary weights.
 * Primary, one element per letter / digit run / punctuation / other character:
 *   0x04 space (runs collapsed, ends trimmed), 0x05..0x0E common punctuation,
 *   0x0F + ASCII byte for other ASCII symbols,
 *   0x10 + n then n digit bytes for a number of n < 15 significant digits,
 *   0x1F + length code + digits for longer numbers, 0x20.. letters in alphabet order,
 *   0xF0 + three 7-bit bytes (+ 0x02) of the lower-cased code point for anything else.
 * Every element starts with a byte >= 0x04 and its length follows from its first bytes, so a
 * key whose primary part is a prefix of another's meets KEY_LEVEL first and sorts first, and
 * keys with equal primaries have secondary and tertiary parts that line up element by element.
 * Secondary: one byte per letter, 0x04 + tone (+ 6 if it carries a non-Vietnamese mark).
 * Tertiary: one byte per letter or other character (0x04 lower, 0x05 upper) and per number
 * (0x04 + leading zeros), so case and "01" vs "1" only break ties. */

enum {
	KEY_LEVEL = 0x03,
	KEY_SPACE = 0x04,
	KEY_SYMBOL = 0x0F,
	KEY_NUMBER = 0x10,
	KEY_LONG_NUMBER = 0x1F,
	KEY_LETTER = 0x20,
	KEY_OTHER = 0xF0,
	KEY_LOW = 0x04,         /* lowest secondary and tertiary weight */
	KEY_FOREIGN_MARK = 6,   /* added to a secondary weight: after every Vietnamese tone */
	LONG_NUMBER_DIGITS = 15,
};

enum {
	BREVE = 0x306,
	CIRCUMFLEX = 0x302,
	HORN = 0x31B,
	STROKE = 0x111, /* stands for đ's stroke: đ does not decompose */
};

/* The Vietnamese alphabet with f j w z at their Latin places; weight KEY_LETTER + index. */
static const struct {
	char base;
	int32_t mod;
} alphabet[] = {
	{ 'a', 0 }, { 'a', BREVE }, { 'a', CIRCUMFLEX }, { 'b', 0 }, { 'c', 0 }, { 'd', 0 },
	{ 'd', STROKE }, { 'e', 0 }, { 'e', CIRCUMFLEX }, { 'f', 0 }, { 'g', 0 }, { 'h', 0 },
	{ 'i', 0 }, { 'j', 0 }, { 'k', 0 }, { 'l', 0 }, { 'm', 0 }, { 'n', 0 }, { 'o', 0 },
	{ 'o', CIRCUMFLEX }, { 'o', HORN }, { 'p', 0 }, { 'q', 0 }, { 'r', 0 }, { 's', 0 },
	{ 't', 0 }, { 'u', 0 }, { 'u', HORN }, { 'v', 0 }, { 'w', 0 }, { 'x', 0 }, { 'y', 0 },
	{ 'z', 0 },
};

/* Tone marks in order: huyền, hỏi, ngã, sắc, nặng (rank = index + 1; 0 is no tone). */
static const int32_t tones[] = { 0x300, 0x309, 0x303, 0x301, 0x323 };

typedef struct keybuf {
	strbuf pri, sec, ter;
} keybuf;

static int letter_index(int32_t base, int32_t mod)
{
	for (size_t i = 0; i < sizeof alphabet / sizeof alphabet[0]; i++)
		if (alphabet[i].base == base && alphabet[i].mod == mod)
			return (int)i;
	return -1;
}

static int tone_rank(int32_t mark)
{
	for (size_t i = 0; i < sizeof tones / sizeof tones[0]; i++)
		if (tones[i] == mark)
			return (int)i + 1;
	return 0;
}

static bool is_digit(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

static bool is_latin_letter(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == 0x110 || cp == 0x111;
}

/* Common punctuation gets its own weight so that names like "D'Ran" sort predictably. */
static int punct_weight(int32_t cp)
{
	switch (cp) {
	case '\'': case 0x2018: case 0x2019: case 0x02BC:
		return 0x05;
	case '-': case 0x2010: case 0x2012: case 0x2013: case 0x2014:
		return 0x06;
	case '.':
		return 0x07;
	case ',':
		return 0x08;
	case '/':
		return 0x09;
	case '(':
		return 0x0A;
	case ')':
		return 0x0B;
	case '&':
		return 0x0C;
	case '+':
		return 0x0D;
	case '#':
		return 0x0E;
	}
	return 0;
}

/* A base letter and the marks after it: primary from base + modifier, secondary from tone. */
static size_t add_letter(keybuf *k, const int32_t *v, size_t n, size_t i)
{
	int32_t base = v[i];
	bool upper = (base >= 'A' && base <= 'Z') || base == 0x110;
	int32_t mod = 0;
	int tone = 0;
	bool foreign = false;

	if (base == 0x110 || base == 0x111) {
		base = 'd';
		mod = STROKE;
	} else if (upper) {
		base += 'a' - 'A';
	}
	for (i++; i < n && is_mark(v[i]); i++) {
		int32_t m = v[i];
		if (tone_rank(m) && !tone)
			tone = tone_rank(m);
		else if ((m == BREVE || m == CIRCUMFLEX || m == HORN) && !mod)
			mod = m;
		else
			foreign = true;
	}
	int idx = letter_index(base, mod);
	if (idx < 0) { /* e.g. "ĕ": not a Vietnamese letter, sort it after e and its tones */
		idx = letter_index(base, 0);
		foreign = true;
	}
	sb_addc(&k->pri, (char)(KEY_LETTER + idx));
	sb_addc(&k->sec, (char)(KEY_LOW + tone + (foreign ? KEY_FOREIGN_MARK : 0)));
	sb_addc(&k->ter, (char)(KEY_LOW + upper));
	return i;
}

/* A length code that sorts by value: one 0xFF per 250, then 0x04 + the remainder. */
static void add_length(strbuf *b, size_t len)
{
	for (; len >= 250; len -= 250)
		sb_addc(b, (char)0xFF);
	sb_addc(b, (char)(KEY_LOW + len));
}

/* A run of ASCII digits, by numeric value: the count of significant digits first. */
static size_t add_number(keybuf *k, const int32_t *v, size_t n, size_t i)
{
	size_t zeros = 0;
	while (i + 1 < n && v[i] == '0' && is_digit(v[i + 1])) {
		zeros++;
		i++;
	}
	size_t start = i;
	while (i < n && is_digit(v[i]))
		i++;
	size_t digits = i - start;
	if (digits < LONG_NUMBER_DIGITS) {
		sb_addc(&k->pri, (char)(KEY_NUMBER + digits));
	} else {
		sb_addc(&k->pri, (char)KEY_LONG_NUMBER);
		add_length(&k->pri, digits - LONG_NUMBER_DIGITS);
	}
	for (size_t j = start; j < i; j++)
		sb_addc(&k->pri, (char)v[j]);
	sb_addc(&k->ter, (char)(KEY_LOW + (zeros < 0xF0 ? zeros : 0xF0)));
	return i;
}

/* Any other character sorts after the letters by code point, case as a tie-break. */
static void add_other(keybuf *k, int32_t cp)
{
	int32_t lower = utf8proc_tolower(cp);
	sb_addc(&k->pri, (char)KEY_OTHER);
	for (int shift = 14; shift >= 0; shift -= 7)
		sb_addc(&k->pri, (char)(0x02 + ((lower >> shift) & 0x7F)));
	sb_addc(&k->ter, (char)(KEY_LOW + (lower != cp)));
}

/* Adds the element starting at v[i]; returns the index after it. */
static size_t add_element(keybuf *k, const int32_t *v, size_t n, size_t i)
{
	int32_t cp = v[i];
	if (is_digit(cp))
		return add_number(k, v, n, i);
	if (is_latin_letter(cp))
		return add_letter(k, v, n, i);
	if (punct_weight(cp))
		sb_addc(&k->pri, (char)punct_weight(cp));
	else if (cp > 0x20 && cp < 0x7F) {
		sb_addc(&k->pri, (char)KEY_SYMBOL);
		sb_addc(&k->pri, (char)cp);
	} else {
		add_other(k, cp);
	}
	return i + 1;
}

unsigned char *text_sortkey(const char *s, size_t *len)
{
	/* compatibility forms too: fullwidth digits count as digits, no-break space as space */
	cpvec a = decompose(s, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE, 0xFFFD);
	keybuf k;
	bool space = false;

	sb_init(&k.pri);
	sb_init(&k.sec);
	sb_init(&k.ter);
	for (size_t i = 0; i < a.n;) {
		int32_t cp = a.v[i];
		if (is_space(cp)) {
			space = k.pri.len > 0;
			i++;
		} else if (is_mark(cp)) {
			i++; /* a mark with no letter to sit on */
		} else {
			if (space)
				sb_addc(&k.pri, KEY_SPACE);
			space = false;
			i = add_element(&k, a.v, a.n, i);
		}
	}
	free(a.v);

	size_t n = k.pri.len + 1 + k.sec.len + 1 + k.ter.len;
	unsigned char *key = xmalloc(n), *p = key;
	memcpy(p, k.pri.s, k.pri.len);
	p += k.pri.len;
	*p++ = KEY_LEVEL;
	memcpy(p, k.sec.s, k.sec.len);
	p += k.sec.len;
	*p++ = KEY_LEVEL;
	memcpy(p, k.ter.s, k.ter.len);
	sb_free(&k.pri);
	sb_free(&k.sec);
	sb_free(&k.ter);
	if (len)
		*len = n;
	return key;
}

/* ---- Sanitising -------------------------------------------------------------------------- */

/* s without leading and trailing white space, as a new string. */
static char *trim_copy(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0, end = strlen(s), n;

	while (u[start]) {
		int32_t cp = decode(u + start, &n);
		if (!is_space(cp))
			break;
		start += n;
	}
	while (end > start) {
		n = text_prev_char_len(s, end);
		if (!is_space(decode(u + end - n, &n)))
			break;
		end -= n;
	}
	char *d = xmalloc(end - start + 1);
	memcpy(d, s + start, end - start);
	d[end - start] = '\0';
	return d;
}

char *text_sanitize(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	strbuf b;
	size_t len;

	/* first make it valid UTF-8 without controls, which utf8proc_map needs */
	sb_init(&b);
	while (*p) {
		int32_t cp = decode(p, &len);
		p += len;
		if (cp < 0)
			cp = 0xFFFD;
		if (cp == '\t' || cp == '\n' || is_line_separator(cp))
			cp = ' ';
		if (!is_control(cp) && !is_format(cp))
			add_cp(&b, cp);
	}

	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)b.s, 0, &nfc,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	char *out = trim_copy(r >= 0 ? (const char *)nfc : b.s);
	free(nfc);
	sb_free(&b);
	return out;
}

/* ---- Display ----------------------------------------------------------------------------- */

/* Characters a terminal may not know, or knows only by a private agreement. */
static bool is_unknown(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_CN || c == UTF8PROC_CATEGORY_CO || c == UTF8PROC_CATEGORY_CS;
}

void text_glyphs_start(text_glyphs *g, const char *s, bool keep_lines)
{
	g->p = s ? s : "";
	g->marks = -1;
	g->keep_lines = keep_lines;
}

bool text_glyph_next(text_glyphs *g, int32_t *shown, int *width)
{
	const unsigned char *u = (const unsigned char *)g->p;
	size_t len;
	if (!*u)
		return false;
	if (*u >= 0x20 && *u < 0x7F) {   /* printable ASCII, the common case, without a lookup */
		g->p++;
		*shown = *u;
		*width = 1;
		g->marks = 0;
		return true;
	}
	int32_t cp = decode(u, &len);
	g->p += len;
	*shown = cp;
	*width = 1;
	if (g->keep_lines && (cp == '\n' || cp == '\t' || (cp == '\r' && *g->p == '\n'))) {
		g->marks = -1;   /* a mark at the start of a line or a tab stop has nothing to sit on */
		return true;
	}
	if (cp < 0 || is_control(cp) || is_unknown(cp)) {
		/* tab and newline are white space inside one line of text */
		*shown = cp == '\t' || cp == '\n' ? ' ' : 0xFFFD;
	} else if (is_format(cp)) {
		*shown = -1;   /* invisible by design: bidi overrides, zero-width characters */
		*width = 0;
		return true;
	} else if (is_line_separator(cp)) {
		*shown = ' ';
	} else if (utf8proc_charwidth(cp) == 0) {
		/* a mark: on the character before it, a few at most, never on a neighbouring cell */
		*width = 0;
		if (g->marks < 0 || g->marks >= TEXT_MAX_MARKS)
			*shown = -1;
		else
			g->marks++;
		return true;
	} else {
		*width = utf8proc_charwidth(cp);
	}
	g->marks = 0;
	return true;
}

char *text_encode(int32_t cp, char *buf)
{
	return buf + utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf);
}

char *text_displayable(const char *s, bool keep_lines)
{
	text_glyphs g;
	strbuf b;
	int32_t cp;
	int w;

	sb_init(&b);
	text_glyphs_start(&g, s, keep_lines);
	while (text_glyph_next(&g, &cp, &w))
		if (cp >= 0)
			add_cp(&b, cp);
	return finish(&b);
}

int text_width(const char *s)
{
	text_glyphs g;
	int32_t cp;
	int w, total = 0;

	text_glyphs_start(&g, s, false);
	while (text_glyph_next(&g, &cp, &w))
		total += w;
	return total;
}

size_t text_fit(const char *s, int cols, int *used)
{
	text_glyphs g;
	const char *before;
	int32_t cp;
	int w, total = 0;

	/* stops at the first character that does not fit, so a mark after it is left out too */
	text_glyphs_start(&g, s, false);
	for (before = g.p; text_glyph_next(&g, &cp, &w); before = g.p) {
		if (total + w > cols)
			break;
		total += w;
	}
	if (used)
		*used = total;
	return (size_t)(before - (s ? s : ""));
}

/* ---- UTF-8 stepping ---------------------------------------------------------------------- */

size_t text_char_len(const char *s)
{
	size_t len;
	if (!s || !*s)
		return 0;
	decode((const unsigned char *)s, &len);
	return len;
}

size_t text_prev_char_len(const char *s, size_t off)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;

	if (!s || off == 0)
		return 0;
	/* the character's lead byte is at most 3 continuation bytes back; it must end exactly at off */
	for (size_t k = 1; k <= 4 && k <= off; k++) {
		unsigned char b = u[off - k];
		if ((b & 0xC0) != 0x80) {
			if (decode(u + off - k, &len) >= 0 && len == k)
				return k;
			break;
		}
	}
	return 1;
}

bool text_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len;

	while (*p) {
		if (decode(p, &len) < 0)
			return false;
		p += len;
	}
	return true;
}
