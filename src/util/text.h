/* Unicode text for Vietnamese: folding for search, collation keys, sanitising, display width.
 * All strings are UTF-8. Functions returning char * return malloc'd memory the caller frees. */
#ifndef KM_TEXT_H
#define KM_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Search form: lower case, every mark removed (tone marks and the letters' own marks: ă â ê ô ơ ư),
 * đ/Đ folded to d, runs of white space collapsed to one space, leading/trailing space trimmed.
 * "Lạc Xuân" -> "lac xuan", "Đơn Dương" -> "don duong". Invalid UTF-8 bytes are dropped. */
char *text_fold(const char *s);

/* True when the folded form of hay contains the folded form of needle (needle already folded). */
bool text_folded_contains(const char *hay_folded, const char *needle_folded);

/* Collation key for the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v
 * x y; f j w z at their Latin places), tone marks after the base letter (none, huyền, hỏi, ngã, sắc,
 * nặng), case ignored except as a last tie-break, runs of digits compared by numeric value
 * ("Thôn 2" < "Thôn 10"). Keys compare with memcmp (shorter prefix first). Every byte of a key is
 * >= 0x02, so 0x01 may be used as a separator when keys are concatenated. Returns a malloc'd
 * buffer and its length in *len. */
unsigned char *text_sortkey(const char *s, size_t *len);

/* Safe to store and show: NFC-normalised; invalid UTF-8 replaced by U+FFFD; C0/C1 control
 * characters and DEL (escape sequences included) removed, and format characters too (bidi
 * overrides and isolates, zero-width spaces and joiners, BOM, soft hyphen: invisible, they can
 * make two names look alike or a line read backwards); tab, newline and the line and paragraph
 * separators become a space; leading/trailing white space trimmed. Never returns NULL. */
char *text_sanitize(const char *s);

/* ---- Text as a terminal shows it ----
 * Whatever the bytes, showing them must not drive the terminal (escape sequences, C1 controls,
 * bidi overrides) nor break the columns of a table. Invalid UTF-8, control characters (C0, DEL,
 * C1) and characters a terminal may not know (unassigned, private use) show as U+FFFD; tab and
 * newline as a space, or as themselves with keep_lines (CRLF too); line and paragraph separators as a
 * space; format characters (bidi controls, zero-width spaces and joiners, BOM, soft hyphen) not
 * at all; a combining mark only on the character before it, and at most TEXT_MAX_MARKS on one
 * (ncurses keeps 4 in a cell). Widths are utf8proc's: wide characters 2, marks 0. */
#define TEXT_MAX_MARKS 4

typedef struct text_glyphs {
	const char *p;      /* the next byte to show */
	int marks;          /* marks shown on the last character; -1 when there is none to carry one */
	bool keep_lines;
} text_glyphs;

void text_glyphs_start(text_glyphs *g, const char *s, bool keep_lines);
/* Steps over the next character of the text: false at its end. *shown is what to show for it (-1:
 * nothing), *width the columns it takes. */
bool text_glyph_next(text_glyphs *g, int32_t *shown, int *width);
/* Writes cp in UTF-8 at buf (room for 4 bytes); returns the end. */
char *text_encode(int32_t cp, char *buf);
/* s as shown, as a new string. */
char *text_displayable(const char *s, bool keep_lines);

/* Terminal columns that s takes when shown (wide characters count 2, combining marks 0). */
int text_width(const char *s);

/* Number of bytes of s that fit in cols columns when shown, never splitting a character. *used (if
 * not NULL) receives the columns those bytes take. */
size_t text_fit(const char *s, int cols, int *used);

/* Number of bytes in the UTF-8 sequence starting at s (1 for an invalid byte, 0 at NUL). */
size_t text_char_len(const char *s);

/* Byte length of the previous character before offset off in s (0 at the start). */
size_t text_prev_char_len(const char *s, size_t off);

/* True if s is valid UTF-8. */
bool text_valid_utf8(const char *s);
#endif
