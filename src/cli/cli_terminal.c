#include "config.h"
/* What the commands write to a terminal goes through the display filter of util/text.h: names,
 * notes or file contents holding escape sequences, C1 controls, bidi overrides or invalid UTF-8
 * cannot drive the terminal (clear it, set its title, move the cursor), whoever wrote them into
 * a shared database. Newlines, tabs and CRLF line ends pass; output to files and pipes is left
 * exactly as it is. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "util/strbuf.h"
#include "util/text.h"

typedef struct guard {
	int fd;
	text_glyphs glyphs;   /* keeps the marks count from one write to the next */
	char carry[4];        /* the start of a character (or a CR) that the next write completes */
	size_t ncarry;
} guard;

static FILE *raw_stdout, *raw_stderr;   /* the streams replaced, while they are */

static bool write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

/* How many bytes at the end of s[0..n) may still become a valid character (or a CRLF). */
static size_t unfinished(const unsigned char *s, size_t n)
{
	if (n && s[n - 1] == '\r')
		return 1;
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char b = s[n - k];
		if ((b & 0xC0) == 0x80)
			continue;   /* a continuation byte: look further back for its lead */
		size_t need = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

/* Shows s (NUL-terminated, NULs in the data dropped) through the filter. */
static bool pass(guard *gd, const char *s)
{
	strbuf out;
	int32_t cp;
	int w;
	sb_init(&out);
	gd->glyphs.p = s;
	while (text_glyph_next(&gd->glyphs, &cp, &w)) {
		if (cp < 0)
			continue;
		char one[8];
		char *e = text_encode(cp, one);
		sb_addn(&out, one, (size_t)(e - one));
	}
	bool ok = write_all(gd->fd, out.s, out.len);
	sb_free(&out);
	return ok;
}

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
	guard *gd = cookie;
	char *joined = xmalloc(gd->ncarry + size + 1);
	size_t n = 0;
	for (size_t i = 0; i < gd->ncarry; i++)
		joined[n++] = gd->carry[i];
	for (size_t i = 0; i < size; i++)
		if (buf[i])
			joined[n++] = buf[i];
	size_t keep = unfinished((const unsigned char *)joined, n);
	memcpy(gd->carry, joined + n - keep, keep);
	gd->ncarry = keep;
	joined[n - keep] = '\0';
	bool ok = pass(gd, joined);
	free(joined);
	return ok ? (ssize_t)size : -1;
}

static int guard_close(void *cookie)
{
	guard *gd = cookie;
	char rest[sizeof gd->carry + 1];
	memcpy(rest, gd->carry, gd->ncarry);
	rest[gd->ncarry] = '\0';
	bool ok = pass(gd, rest);   /* an unfinished character shows as U+FFFD */
	free(gd);
	return ok ? 0 : -1;
}

/* A filtering stream over fd, buffered like the one it replaces. */
static FILE *guarded(FILE *original, int mode)
{
	guard *gd = xcalloc(1, sizeof *gd);
	gd->fd = fileno(original);
	text_glyphs_start(&gd->glyphs, "", true);
	cookie_io_functions_t io = { NULL, guard_write, NULL, guard_close };
	FILE *f = fopencookie(gd, "w", io);
	if (!f) {
		free(gd);
		return NULL;
	}
	setvbuf(f, NULL, mode, BUFSIZ);
	return f;
}

/* At exit: the filters flush what they hold and are freed; the real streams come back. */
static void unguard(void)
{
	if (raw_stdout) {
		FILE *f = stdout;
		stdout = raw_stdout;
		raw_stdout = NULL;
		fclose(f);
	}
	if (raw_stderr) {
		FILE *f = stderr;
		stderr = raw_stderr;
		raw_stderr = NULL;
		fclose(f);
	}
}

void cli_guard_terminal(bool out, bool err)
{
	static bool registered;
	if (!registered) {
		atexit(unguard);
		registered = true;
	}
	if (err && !raw_stderr && isatty(STDERR_FILENO)) {
		FILE *f = guarded(stderr, _IONBF);
		if (f) {
			raw_stderr = stderr;
			stderr = f;
		}
	}
	if (out && !raw_stdout && isatty(STDOUT_FILENO)) {
		fflush(stdout);
		FILE *f = guarded(stdout, _IOLBF);
		if (f) {
			raw_stdout = stdout;
			stdout = f;
		}
	}
}

FILE *cli_raw_stderr(void)
{
	return raw_stderr ? raw_stderr : stderr;
}
