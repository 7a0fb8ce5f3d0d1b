/* Fuzz target: the CSV reader (src/util/csv.c). Properties: every record it reads, written
 * back with the project's own writer (sb_add_csv), reads back as the same fields; records start
 * on strictly increasing lines; reading stops for good at the end or at a malformed record. */
#include "config.h"
#include <string.h>
#include "fuzz.h"
#include "util/csv.h"
#include "util/strbuf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
}

typedef struct record {
	char **fields;
	size_t n;
} record;

/* Reads every record of fp until the end or a malformed one; returns their number. */
static size_t read_all(FILE *fp, record **out, int *last)
{
	csv_reader r;
	csv_open(&r, fp);
	record *recs = NULL;
	size_t n = 0;
	int prev_line = 0;
	while ((*last = csv_next(&r)) > 0) {
		FUZZ_CHECK(r.nfields >= 1, "a record without fields");
		FUZZ_CHECK(r.line > prev_line, "record %zu starts on line %d, after one on line %d", n + 1,
			   r.line, prev_line);
		prev_line = r.line;
		recs = realloc(recs, (n + 1) * sizeof *recs);
		recs[n].n = r.nfields;
		recs[n].fields = malloc(r.nfields * sizeof(char *));
		for (size_t i = 0; i < r.nfields; i++)
			recs[n].fields[i] = strdup(r.fields[i]);
		n++;
	}
	/* At the end or after a malformed record, reading on gives nothing more. */
	if (*last == 0)
		FUZZ_CHECK(csv_next(&r) == 0, "csv_next after the end read another record");
	csv_close(&r);
	*out = recs;
	return n;
}

static void free_records(record *recs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < recs[i].n; j++)
			free(recs[i].fields[j]);
		free(recs[i].fields);
	}
	free(recs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(fuzz_file(data, size), "rb");
	FUZZ_CHECK(fp != NULL, "cannot open the input");
	record *recs;
	int last;
	size_t n = read_all(fp, &recs, &last);
	fclose(fp);

	/* Written back (a byte order mark first, as the reader may have dropped one), read again. */
	strbuf out;
	sb_init(&out);
	sb_add(&out, "\xEF\xBB\xBF");
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < recs[i].n; j++) {
			if (j)
				sb_addc(&out, ',');
			sb_add_csv(&out, recs[i].fields[j]);
		}
		sb_add(&out, i % 2 ? "\r\n" : "\n");
	}
	fp = fmemopen(out.s, out.len, "rb");
	FUZZ_CHECK(fp != NULL, "fmemopen failed");
	record *again;
	int last2;
	size_t n2 = read_all(fp, &again, &last2);
	fclose(fp);
	FUZZ_CHECK(last2 == 0 && n2 == n, "%zu records written back read as %zu (last %d)", n, n2, last2);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(again[i].n == recs[i].n, "record %zu: %zu fields read back as %zu", i + 1, recs[i].n,
			   again[i].n);
		for (size_t j = 0; j < recs[i].n; j++)
			FUZZ_CHECK(strcmp(again[i].fields[j], recs[i].fields[j]) == 0,
				   "record %zu field %zu: \"%s\" read back as \"%s\"", i + 1, j + 1, recs[i].fields[j],
				   again[i].fields[j]);
	}
	free_records(recs, n);
	free_records(again, n2);
	sb_free(&out);
	return 0;
}
