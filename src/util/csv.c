#include "config.h"
#include "util/csv.h"
#include <stdlib.h>
#include <string.h>

void csv_open(csv_reader *r, FILE *fp)
{
	memset(r, 0, sizeof *r);
	r->fp = fp;
	r->next_line = 1;
	sb_init(&r->field);
}

static void clear_fields(csv_reader *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	r->nfields = 0;
}

void csv_close(csv_reader *r)
{
	clear_fields(r);
	free(r->fields);
	sb_free(&r->field);
	memset(r, 0, sizeof *r);
}

static void push_field(csv_reader *r)
{
	if (r->nfields == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	r->fields[r->nfields++] = sb_take(&r->field);
}

int csv_next(csv_reader *r)
{
	clear_fields(r);
	sb_clear(&r->field);
	if (!r->bom_checked) {
		r->bom_checked = true;
		int c1 = getc(r->fp);
		if (c1 == 0xEF) {
			int c2 = getc(r->fp), c3 = getc(r->fp);
			if (c2 != 0xBB || c3 != 0xBF)
				return -1;
		} else if (c1 != EOF) {
			ungetc(c1, r->fp);
		}
	}
	r->line = r->next_line;
	int c = getc(r->fp);
	if (c == EOF)
		return 0;
	bool quoted = false;
	for (;; c = getc(r->fp)) {
		if (quoted) {
			if (c == EOF)
				return -1;
			if (c == '"') {
				int d = getc(r->fp);
				if (d == '"') {
					sb_addc(&r->field, '"');
					continue;
				}
				quoted = false;
				c = d;
			} else {
				if (c == '\n')
					r->next_line++;
				sb_addc(&r->field, (char)c);
				continue;
			}
		}
		if (c == '"' && r->field.len == 0) {
			quoted = true;
		} else if (c == ',') {
			push_field(r);
		} else if (c == '\r') {
			int d = getc(r->fp);
			if (d != '\n' && d != EOF)
				ungetc(d, r->fp);
			r->next_line++;
			break;
		} else if (c == '\n') {
			r->next_line++;
			break;
		} else if (c == EOF) {
			break;
		} else {
			sb_addc(&r->field, (char)c);
		}
	}
	push_field(r);
	return 1;
}
