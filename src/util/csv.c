#include "config.h"
#include "util/csv.h"
#include <stdlib.h>
#include <string.h>

#define CSV_BUF (1 << 16)

void csv_open(csv_reader *r, FILE *fp)
{
	memset(r, 0, sizeof *r);
	r->fp = fp;
	r->next_line = 1;
	sb_init(&r->record);
}

void csv_close(csv_reader *r)
{
	free(r->fields);
	free(r->starts);
	free(r->buf);
	sb_free(&r->record);
	memset(r, 0, sizeof *r);
}

/* The next byte of the file, or EOF. The reader keeps its own buffer: a byte at a time through
 * getc was a tenth of an import's time. */
static int next_byte(csv_reader *r)
{
	if (r->pos == r->len) {
		if (!r->buf)
			r->buf = xmalloc(CSV_BUF);
		r->len = fread(r->buf, 1, CSV_BUF, r->fp);
		r->pos = 0;
		if (!r->len)
			return EOF;
	}
	return (unsigned char)r->buf[r->pos++];
}

/* Gives back the byte just read (never more than one). */
static void unread_byte(csv_reader *r, int c)
{
	if (c != EOF)
		r->pos--;
}

/* Adds the plain bytes that follow in the buffer to the record at once: up to a quote or a
 * newline, and in an unquoted field a comma or a carriage return too (NUL bytes go one by one). */
static void add_run(csv_reader *r, bool quoted)
{
	const char *p = r->buf + r->pos, *end = r->buf + r->len, *q = p;
	if (quoted)
		while (q < end && *q != '"' && *q != '\n' && *q)
			q++;
	else
		while (q < end && *q != '"' && *q != '\n' && *q != ',' && *q != '\r' && *q)
			q++;
	sb_addn(&r->record, p, (size_t)(q - p));
	r->pos += (size_t)(q - p);
}

/* Ends the current field: its start is kept, its text ends with a NUL in the record. */
static void end_field(csv_reader *r, size_t *start)
{
	if (r->nfields == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->starts = xrealloc(r->starts, r->cap * sizeof *r->starts);
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	r->starts[r->nfields++] = *start;
	sb_addc(&r->record, '\0');
	*start = r->record.len;
}

int csv_next(csv_reader *r)
{
	r->nfields = 0;
	sb_clear(&r->record);
	if (!r->bom_checked) {
		r->bom_checked = true;
		int c1 = next_byte(r);
		if (c1 == 0xEF) {
			int c2 = next_byte(r), c3 = next_byte(r);
			if (c2 != 0xBB || c3 != 0xBF)
				return -1;
		} else {
			unread_byte(r, c1);
		}
	}
	r->line = r->next_line;
	int c = next_byte(r);
	if (c == EOF)
		return 0;
	bool quoted = false;
	size_t start = 0;   /* of the current field in the record */
	for (;; c = next_byte(r)) {
		if (quoted) {
			if (c == EOF)
				return -1;
			if (c == '"') {
				int d = next_byte(r);
				if (d == '"') {
					sb_addc(&r->record, '"');
					continue;
				}
				quoted = false;
				c = d;
			} else {
				if (c == '\n')
					r->next_line++;
				sb_addc(&r->record, (char)c);
				add_run(r, true);
				continue;
			}
		}
		if (c == '"' && r->record.len == start) {
			quoted = true;
		} else if (c == ',') {
			end_field(r, &start);
		} else if (c == '\r') {
			int d = next_byte(r);
			if (d != '\n')
				unread_byte(r, d);
			r->next_line++;
			break;
		} else if (c == '\n') {
			r->next_line++;
			break;
		} else if (c == EOF) {
			break;
		} else {
			sb_addc(&r->record, (char)c);
			add_run(r, false);
		}
	}
	end_field(r, &start);
	/* The record no longer grows: its fields can point into it. */
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->record.s + r->starts[i];
	return 1;
}
