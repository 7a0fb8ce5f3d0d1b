/* A growing, always NUL-terminated byte buffer. */
#ifndef KM_STRBUF_H
#define KM_STRBUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
	char *s;      /* NUL-terminated; NULL only after sb_take, until the next addition */
	size_t len;
	size_t cap;
} strbuf;

void sb_init(strbuf *b);
void sb_free(strbuf *b);
void sb_clear(strbuf *b);
void sb_add(strbuf *b, const char *s);
void sb_addn(strbuf *b, const char *s, size_t n);
void sb_addc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the string to the caller and leaves b empty, owning nothing (no sb_free needed). */
char *sb_take(strbuf *b);
/* Adds s as one RFC 4180 CSV field (quoted when needed). */
void sb_add_csv(strbuf *b, const char *s);

/* Aborts on allocation failure: the program cannot go on without memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
#endif
