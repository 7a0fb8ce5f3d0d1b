#include "config.h"
#include "util/inifile.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "util/i18n.h"
#include "util/text.h"

/* iniparser's maximum line length: a longer line makes its whole load fail. */
#define INI_MAX_LINE 1024

/* iniparser reports through one global callback; point it at the file being read. */
static inifile *current;

__attribute__((format(printf, 1, 2))) static int collect_error(const char *fmt, ...)
{
	if (!current)
		return 0;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	for (char *c = msg; *c; c++)   /* one line per error, as every other one */
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	inifile_error(current, 0, "%s", msg);
	return 0;
}

void inifile_error(inifile *f, int line, const char *fmt, ...)
{
	if (line > 0)
		sb_printf(&f->errors, "%s:%d: ", f->path, line);
	else
		sb_printf(&f->errors, "%s: ", f->path);
	strbuf msg;
	sb_init(&msg);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&msg, fmt, ap);
	va_end(ap);
	/* Messages quote names and values from the file: no escape sequence goes on to a terminal. */
	char *safe = text_sanitize(msg.s);
	sb_add(&f->errors, safe);
	free(safe);
	sb_free(&msg);
	sb_addc(&f->errors, '\n');
	f->nerrors++;
}

static char *lower_trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *r = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		r[i] = (char)tolower((unsigned char)s[i]);
	r[n] = '\0';
	return r;
}

static void add_line(inifile *f, const char *section, char *key, int line)
{
	for (size_t i = 0; i < f->nlines; i++)
		if (strcmp(f->lines[i].section, section) == 0 && strcmp(f->lines[i].key, key) == 0)
			inifile_error(f, line, _("'%s' is set again (first on line %d); this line wins"),
				      key, f->lines[i].line);
	f->lines = xrealloc(f->lines, (f->nlines + 1) * sizeof *f->lines);
	f->lines[f->nlines++] = (ini_line){ xstrdup(section), key, line };
}

/* Whether the line [p, p + len) ends, but for white space, with '\\': iniparser would join the
 * next line to it. */
static bool continued(const char *p, size_t len)
{
	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	return len && p[len - 1] == '\\';
}

static bool all_space(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)p[i]))
			return false;
	return true;
}

/* Walks the text line by line, recording where each key is and blanking (and reporting) the
 * lines iniparser would read otherwise than recorded here, or reject with the whole file. The
 * lines of a section whose header is refused are blanked too: iniparser would put them in the
 * section before. */
static void scan(inifile *f, char *text)
{
	char *section = xstrdup("");
	bool skip = false;   /* in a refused section */
	int lineno = 0;
	char *p = text;
	while (*p) {
		char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		lineno++;
		char *s = p;
		while (s < p + len && isspace((unsigned char)*s))
			s++;
		size_t rest = len - (size_t)(s - p);
		const char *why = NULL;   /* the line is blanked, reported if why is not "" */
		if (len > INI_MAX_LINE - 2) {
			inifile_error(f, lineno, _("line is longer than %d bytes; ignored"), INI_MAX_LINE - 2);
			why = "";
		} else if (rest == 0 || *s == ';' || *s == '#') {
			if (continued(p, len))   /* a comment that would swallow the next line */
				why = "";
		} else if (*s == '[') {
			char *close = memchr(s, ']', rest);
			size_t after = close ? (size_t)(p + len - close - 1) : 0;
			if (!close) {
				why = _("section header without ']'; ignored");
			} else if (close == s + 1 || memchr(s, ':', (size_t)(close - s))) {
				/* iniparser keeps no section "" from "[]", and lists none with a ':' */
				why = _("a section name must not be empty or hold ':'; the section is ignored");
				skip = true;
			} else {
				if (!all_space(close + 1, after)) {
					inifile_error(f, lineno, _("text after the section header's ']' ignored"));
					memset(close + 1, ' ', after);
				}
				free(section);
				section = lower_trimmed(s + 1, (size_t)(close - s - 1));
				skip = false;
			}
		} else {
			char *eq = memchr(s, '=', rest);
			if (!eq || eq == s)
				why = _("expected 'name = value'; line ignored");
			else if (continued(p, len))
				why = _("a line must not end with '\\' (quote the value); ignored");
			else if (skip)
				why = "";
			else
				add_line(f, section, lower_trimmed(s, (size_t)(eq - s)), lineno);
		}
		if (why) {
			if (*why)
				inifile_error(f, lineno, "%s", why);
			memset(p, ' ', len);
		}
		p = end ? end + 1 : p + len;
	}
	free(section);
}

static char *read_all(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	strbuf b;
	sb_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		sb_addn(&b, chunk, n);
	bool bad = ferror(fp);
	fclose(fp);
	if (bad) {
		sb_free(&b);
		return NULL;
	}
	/* Strip a UTF-8 byte order mark, which editors on other systems add. */
	if (b.len >= 3 && memcmp(b.s, "\xEF\xBB\xBF", 3) == 0)
		memcpy(b.s, "   ", 3);
	return sb_take(&b);
}

/* iniparser reads only from a path: hand it the cleaned text through an in-memory file. */
static dictionary *load_text(const char *text)
{
	int fd = memfd_create("kieumau-ini", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return NULL;
		}
		off += (size_t)w;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	dictionary *d = iniparser_load(path);
	close(fd);
	return d;
}

bool inifile_load(inifile *f, const char *path)
{
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	sb_init(&f->errors);
	char *text = read_all(path);
	if (!text) {
		inifile_error(f, 0, _("cannot read: %s"), strerror(errno));
		return false;
	}
	scan(f, text);
	current = f;
	iniparser_set_error_callback(collect_error);
	/* Always the text scan checked: without its byte order mark, blanked lines, or anything after
	 * a NUL byte. */
	f->dict = load_text(text);
	current = NULL;
	free(text);
	if (!f->dict) {
		inifile_error(f, 0, _("cannot be read as an INI file"));
		return false;
	}
	return true;
}

void inifile_free(inifile *f)
{
	if (f->dict)
		iniparser_freedict(f->dict);
	for (size_t i = 0; i < f->nlines; i++) {
		free(f->lines[i].section);
		free(f->lines[i].key);
	}
	free(f->lines);
	free(f->path);
	sb_free(&f->errors);
	memset(f, 0, sizeof *f);
}

int inifile_line_of(const inifile *f, const char *section, const char *key)
{
	int found = 0;
	for (size_t i = 0; i < f->nlines; i++)
		if (strcmp(f->lines[i].section, section) == 0 && strcmp(f->lines[i].key, key) == 0)
			found = f->lines[i].line;   /* the last one wins, as in iniparser */
	return found;
}
