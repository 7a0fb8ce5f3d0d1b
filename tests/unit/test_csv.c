#include "config.h"
/* The CSV reader: records read through its own buffer, whose edges must not show. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/csv.h"

#define EDGE 65536   /* the reader's buffer (CSV_BUF): a refill happens here */

static FILE *file_of(const char *data, size_t n)
{
	FILE *fp = fmemopen((void *)data, n, "rb");
	cr_assert_not_null(fp);
	return fp;
}

Test(csv, a_doubled_quote_across_the_buffer_edge)
{
	/* "xxx…x""y",2 with the two quotes of "" on either side of the edge */
	size_t n = EDGE + 16;
	char *data = malloc(n);
	memset(data, 'x', n);
	data[0] = '"';
	data[EDGE - 1] = '"';
	data[EDGE] = '"';
	memcpy(data + EDGE + 1, "y\",2\nz\n", 7);
	n = EDGE + 8;
	FILE *fp = file_of(data, n);
	csv_reader r;
	csv_open(&r, fp);
	cr_assert_eq(csv_next(&r), 1);
	cr_assert_eq(r.nfields, 2);
	size_t len = strlen(r.fields[0]);
	cr_expect_eq(len, EDGE - 2 + 2, "the x's, one quote, the y");
	cr_expect_eq(r.fields[0][len - 2], '"');
	cr_expect_eq(r.fields[0][len - 1], 'y');
	cr_expect_str_eq(r.fields[1], "2");
	cr_assert_eq(csv_next(&r), 1);
	cr_expect_eq(r.line, 2);
	cr_expect_str_eq(r.fields[0], "z");
	cr_expect_eq(csv_next(&r), 0);
	csv_close(&r);
	fclose(fp);
	free(data);
}

Test(csv, crlf_across_the_buffer_edge_and_a_field_that_spans_it)
{
	size_t n = EDGE + 16;
	char *data = malloc(n);
	memset(data, 'a', n);
	data[10] = ',';
	data[EDGE - 1] = '\r';
	memcpy(data + EDGE, "\nb,c\r\n", 6);
	n = EDGE + 6;
	FILE *fp = file_of(data, n);
	csv_reader r;
	csv_open(&r, fp);
	cr_assert_eq(csv_next(&r), 1);
	cr_assert_eq(r.nfields, 2);
	cr_expect_eq(strlen(r.fields[0]), 10);
	cr_expect_eq(strlen(r.fields[1]), EDGE - 1 - 11, "up to the carriage return");
	cr_assert_eq(csv_next(&r), 1);
	cr_expect_eq(r.line, 2, "CR LF is one line break");
	cr_assert_eq(r.nfields, 2);
	cr_expect_str_eq(r.fields[0], "b");
	cr_expect_str_eq(r.fields[1], "c");
	cr_expect_eq(csv_next(&r), 0);
	csv_close(&r);
	fclose(fp);
	free(data);
}

Test(csv, fields_can_be_changed_in_place_and_lines_are_counted_in_quotes)
{
	static const char text[] = "\xEF\xBB\xBF" "a,\"b\nc\",\"\"\r\n\"d,\"\"e\"\"\",f\n";
	FILE *fp = file_of(text, sizeof text - 1);
	csv_reader r;
	csv_open(&r, fp);
	cr_assert_eq(csv_next(&r), 1);
	cr_assert_eq(r.nfields, 3);
	cr_expect_str_eq(r.fields[0], "a", "the byte order mark is skipped");
	cr_expect_str_eq(r.fields[1], "b\nc");
	cr_expect_str_eq(r.fields[2], "");
	r.fields[0][0] = 'A';
	cr_expect_str_eq(r.fields[1], "b\nc", "fields do not overlap");
	cr_assert_eq(csv_next(&r), 1);
	cr_expect_eq(r.line, 3, "the newline inside quotes counted");
	cr_expect_str_eq(r.fields[0], "d,\"e\"");
	cr_expect_str_eq(r.fields[1], "f");
	cr_expect_eq(csv_next(&r), 0);
	csv_close(&r);
	fclose(fp);
}
