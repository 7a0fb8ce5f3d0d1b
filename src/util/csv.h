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
	strbuf field;
	char **fields;
	size_t nfields, cap;
	bool bom_checked;
} csv_reader;

void csv_open(csv_reader *r, FILE *fp);
void csv_close(csv_reader *r);   /* does not close fp */
/* Reads the next record into r->fields / r->nfields. Returns 1, 0 at end of input, or -1 on a
 * malformed record (an unterminated quote). */
int csv_next(csv_reader *r);
#endif
