/* INI files read with iniparser, with what iniparser lacks: line numbers for every key, a check
 * of the lines iniparser would choke on (no '=', over 1024 bytes), and errors collected instead
 * of printed to stderr (which would write over the curses screen). */
#ifndef KM_INIFILE_H
#define KM_INIFILE_H
#include <stdbool.h>
#include <iniparser.h>
#include "util/strbuf.h"

typedef struct ini_line {
	char *section;  /* lower-cased, as iniparser keeps it */
	char *key;      /* lower-cased */
	int line;       /* 1-based */
} ini_line;

typedef struct inifile {
	char *path;
	dictionary *dict;   /* NULL if the file could not be parsed at all */
	ini_line *lines;    /* one per key=value line, in file order */
	size_t nlines;
	strbuf errors;      /* "PATH:LINE: message\n" for each problem found while reading */
	int nerrors;
} inifile;

/* Reads path. Returns false (and fills errors) if the file is missing or unreadable; a file with
 * bad lines is still loaded without them, each bad line reported in errors. */
bool inifile_load(inifile *f, const char *path);
void inifile_free(inifile *f);

/* 1-based line of section:key (lower-case names), or 0 if not found. */
int inifile_line_of(const inifile *f, const char *section, const char *key);

/* Appends "PATH:LINE: message\n" to f->errors (line 0 omits the line). */
void inifile_error(inifile *f, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
