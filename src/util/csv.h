/* Reading RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a UTF-8 byte order mark. */
#ifndef KM_CSV_H
#define KM_CSV_H
#include <stdbool.h>
#include <stdio.h>
#include "util/strbuf.h"

typedef struct csv_reader {
	FILE *fp;
	int line;          /* line where the last record started (1-based) */
	int next_line;
	char **fields;     /* the record's fields: NUL-terminated, in record (the caller may change
			    * them in place), valid until the next csv_next */
	size_t nfields, cap;
	bool bom_checked;
	strbuf record;     /* the fields one after the other, each with its NUL */
	size_t *starts;    /* offset of each field in record */
	char *buf;         /* read from fp CSV_BUF bytes at a time */
	size_t pos, len;
} csv_reader;

void csv_open(csv_reader *r, FILE *fp);
void csv_close(csv_reader *r);   /* does not close fp */
/* Reads the next record into r->fields / r->nfields. Returns 1, 0 at end of input, or -1 on a
 * malformed record (an unterminated quote). The reader reads ahead of the record in fp. */
int csv_next(csv_reader *r);
#endif
