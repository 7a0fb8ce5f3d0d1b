#include "config.h"
/* Importing resource entries from CSV: good files (Vietnamese numbers and dates, quoted fields, a
 * byte order mark, columns in another order), bad rows reported each with its line and nothing
 * imported, header problems, dry runs, progress reports, a round trip through the export, and the
 * audit log: one row per area of an import, found from each of its entries. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/audit.h"
#include "domain/resource.h"
#include "domain/resource_import.h"
#include "helpers.h"
#include "storage/maintenance.h"
#include "util/strbuf.h"

#define TODAY "2025-06-15"
#define HEADER "date,area_code,source,form,quantity,unit,value,work,contributor,note\n"

static int64_t lx, lx1, dr;   /* Lạc Xuân (24934), its Thôn 1, Đạ Ròn (24937) */
static char lx1_code[32];

static void setup(void)
{
	cr_assert_eq(setenv("KIEUMAU_TODAY", TODAY, 1), 0);
	tdb_setup();
	lx = tdb_area("24934");
	dr = tdb_area("24937");
	lx1 = tdb_add_village("Lạc Xuân", "Thôn 1");
	area a;
	cr_assert_eq(area_get(tdb, lx1, &a), 0);
	snprintf(lx1_code, sizeof lx1_code, "%s", a.code);
	area_free(&a);
}

TestSuite(resource_import, .init = setup, .fini = tdb_teardown);

static int64_t nentries(void)
{
	return tdb_int(tdb, "SELECT count(*) FROM resource_entry");
}

/* Writes text to a file of the test's directory; returns its path (malloc'd). */
static char *write_file(const char *name, const char *text)
{
	char *path = test_join(tdb_dir, name);
	FILE *fp = fopen(path, "wb");
	cr_assert_not_null(fp, "cannot write %s", path);
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0);
	return path;
}

typedef struct outcome {
	int rc;
	import_result res;
	strbuf errors;
} outcome;

/* Imports text (written to a file first). */
static outcome import_text(const char *text, bool dry_run, int max_errors)
{
	outcome o;
	sb_init(&o.errors);
	char *path = write_file("in.csv", text);
	o.rc = resource_import(tdb, path, dry_run, max_errors, NULL, &o.errors, &o.res);
	free(path);
	return o;
}

static const char *errors_of(const outcome *o)
{
	return o->errors.s ? o->errors.s : "";
}

/* The stored entry of sql's single id. */
static resource_entry entry_where(const char *sql)
{
	resource_entry e;
	int64_t id = tdb_int(tdb, sql);
	cr_assert_eq(resource_get(tdb, id, &e), 0, "resource_get: %s", db_error(tdb));
	return e;
}

Test(resource_import, good_file_with_vietnamese_numbers_and_dates)
{
	char text[1024];
	snprintf(text, sizeof text, HEADER
		 "07/03/2025,24934,central,cash,,,1.500.000,Bê tông hóa đường thôn,,\n"
		 "2025-03-08,24937,Nhân dân,ngày công,\"12,5\",ngày công,\"1,5 triệu\",Đường nội đồng,"
		 "Hộ ông Nguyễn Văn A,ghi chú\n"
		 "\n"
		 "9/3/2025,%s,doanh nghiep,materials,2,tấn,1500000,,Công ty X,\n", lx1_code);
	outcome o = import_text(text, false, 100);
	cr_assert_eq(o.rc, 0, "rc %d: %s / %s", o.rc, errors_of(&o), db_error(tdb));
	cr_expect_str_empty(errors_of(&o));
	cr_expect_eq(o.res.rows, 3, "the empty line is no row");
	cr_expect_eq(o.res.bad, 0);
	cr_expect_eq(o.res.imported, 3);
	cr_assert_eq(nentries(), 3);

	resource_entry e = entry_where("SELECT id FROM resource_entry WHERE entry_date = '2025-03-07'");
	cr_expect_eq(e.area_id, lx);
	cr_expect_eq(e.source, SOURCE_CENTRAL);
	cr_expect_eq(e.form, FORM_CASH);
	cr_expect_eq(e.value, 1500000, "1.500.000 is one and a half million");
	cr_expect_not(e.has_quantity);
	cr_expect_null(e.unit);
	cr_expect_str_eq(e.work, "Bê tông hóa đường thôn");
	cr_expect_null(e.contributor, "an empty field is no text");
	resource_entry_free(&e);

	e = entry_where("SELECT id FROM resource_entry WHERE entry_date = '2025-03-08'");
	cr_expect_eq(e.area_id, dr);
	cr_expect_eq(e.source, SOURCE_RESIDENTS, "Vietnamese words for the source");
	cr_expect_eq(e.form, FORM_LABOUR);
	cr_expect_eq(e.value, 1500000, "1,5 triệu");
	cr_expect(e.has_quantity);
	cr_expect_float_eq(e.quantity, 12.5, 1e-9);
	cr_expect_str_eq(e.unit, "ngày công");
	cr_expect_str_eq(e.contributor, "Hộ ông Nguyễn Văn A");
	cr_expect_str_eq(e.note, "ghi chú");
	resource_entry_free(&e);

	e = entry_where("SELECT id FROM resource_entry WHERE entry_date = '2025-03-09'");
	cr_expect_eq(e.area_id, lx1, "a village's generated code");
	cr_expect_eq(e.source, SOURCE_ENTERPRISE);
	cr_expect_eq(e.form, FORM_MATERIALS);
	cr_expect_eq(e.value, 1500000);
	resource_entry_free(&e);

	/* Who and when, and one history line an entry: its CSV line. */
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_entry WHERE origin = 'user' AND "
				  "created_by = updated_by AND created_at = updated_at AND created_by <> ''"), 3);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_history h JOIN resource_entry r "
				  "ON r.id = h.entry_id WHERE h.action = 'import' AND h.old_row IS NULL "
				  "AND h.changed_by = r.created_by"), 3);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_history WHERE new_row = "
				  "'07/03/2025,24934,central,cash,,,1500000,Bê tông hóa đường thôn,,'"), 1);
	cr_expect_eq(tdb_int(tdb, "SELECT count(DISTINCT id) FROM (SELECT id FROM resource_entry "
				  "UNION ALL SELECT id FROM resource_history)"), 6, "ids are unique");
	sb_free(&o.errors);
}

/* The line of errors that starts with prefix ("5: "), or NULL. */
static const char *line_starting(const char *errors, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *p = errors; p && *p;) {
		if (strncmp(p, prefix, n) == 0)
			return p;
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void expect_line(const char *errors, const char *prefix, const char *needle)
{
	const char *l = line_starting(errors, prefix);
	cr_assert_not_null(l, "no error line \"%s\" in:\n%s", prefix, errors);
	const char *nl = strchr(l, '\n');
	char buf[1024];
	snprintf(buf, sizeof buf, "%.*s", (int)(nl ? nl - l : (long)strlen(l)), l);
	cr_expect_not_null(strstr(buf, needle), "line \"%s\" lacks \"%s\"", buf, needle);
}

#define BAD_FILE \
	HEADER \
	"01/03/2025,24934,central,cash,,,1000,,,\n"           /* 2: good */ \
	"31/02/2025,24934,central,cash,,,1000,,,\n"           /* 3: no such day */ \
	"01/03/2025,99999,central,cash,,,1000,,,\n"           /* 4: unknown area */ \
	"01/03/2025,24934,lottery,cash,,,1000,,,\n"           /* 5: unknown source */ \
	"01/03/2025,24934,central,cash,,,-5,,,\n"             /* 6: negative value */ \
	"01/03/2025,24934,central,cash,,,,,,\n"               /* 7: no value */ \
	"01/03/2025,24934,central,cash,,,1000,,\n"            /* 8: 9 fields */ \
	"01/03/2025,68,central,cash,,,1000,,,\n"              /* 9: a province */ \
	"16/06/2025,24934,central,cash,,,1000,,,\n"           /* 10: after today */ \
	"01/03/2025,24934,central,gold,,,1000,,,\n"           /* 11: unknown form */ \
	"01/03/2025,24934,central,cash,5,,1000,,,\n"          /* 12: cash quantity is not the value */ \
	"01/03/2025,24934,central,labour,-2,,1000,,,\n"       /* 13: negative quantity */ \
	"01/03/2025,24934,central,cash,,,1000,,,\n"           /* 14: good */

Test(resource_import, bad_rows_are_each_reported_and_nothing_is_imported)
{
	outcome o = import_text(BAD_FILE, false, 100);
	const char *err = errors_of(&o);
	cr_assert_eq(o.rc, 1, "rc %d: %s", o.rc, db_error(tdb));
	cr_expect_eq(o.res.rows, 13);
	cr_expect_eq(o.res.bad, 11);
	cr_expect_eq(o.res.imported, 0);
	cr_expect_eq(nentries(), 0, "nothing imported, not even the good rows");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_history"), 0);
	cr_expect_null(line_starting(err, "2: "), "a good row is not reported:\n%s", err);
	cr_expect_null(line_starting(err, "14: "));
	expect_line(err, "3: ", "31/02/2025");
	expect_line(err, "3: ", "No such day in that month");
	expect_line(err, "4: ", "99999");
	expect_line(err, "4: ", "no such area");
	expect_line(err, "5: ", "lottery");
	expect_line(err, "5: ", "unknown source");
	expect_line(err, "6: ", "negative");
	expect_line(err, "7: ", "value is missing");
	expect_line(err, "8: ", "9 fields instead of 10");
	expect_line(err, "9: ", "not a province or district");
	expect_line(err, "10: ", "after today");
	expect_line(err, "11: ", "unknown form");
	expect_line(err, "12: ", "For cash the quantity is the amount");
	expect_line(err, "13: ", "The quantity cannot be negative");
	cr_expect_null(strstr(err, "more bad row"));
	sb_free(&o.errors);
}

Test(resource_import, several_problems_of_a_row_on_its_line)
{
	outcome o = import_text(HEADER "32/13/2025,nowhere,lottery,gold,,,lots,,,\n", false, 100);
	cr_assert_eq(o.rc, 1);
	cr_expect_eq(o.res.bad, 1);
	const char *err = errors_of(&o);
	expect_line(err, "2: ", "date \"32/13/2025\"");
	expect_line(err, "2: ", "\"nowhere\"");
	expect_line(err, "2: ", "\"lottery\"");
	expect_line(err, "2: ", "\"gold\"");
	expect_line(err, "2: ", "value \"lots\"");
	cr_expect_eq(strchr(err, '\n'), err + strlen(err) - 1, "one line: %s", err);
	sb_free(&o.errors);
}

Test(resource_import, errors_listed_up_to_the_limit_then_counted)
{
	outcome o = import_text(BAD_FILE, false, 3);
	const char *err = errors_of(&o);
	cr_assert_eq(o.rc, 1);
	cr_expect_eq(o.res.bad, 11);
	cr_expect_not_null(line_starting(err, "3: "));
	cr_expect_not_null(line_starting(err, "4: "));
	cr_expect_not_null(line_starting(err, "5: "));
	cr_expect_null(line_starting(err, "6: "));
	cr_expect_not_null(strstr(err, "... and 8 more bad rows\n"), "%s", err);
	sb_free(&o.errors);
}

Test(resource_import, dry_run_checks_and_imports_nothing)
{
	outcome o = import_text(HEADER "01/03/2025,24934,central,cash,,,1000,,,\n"
				"02/03/2025,24937,province,land,200,m²,0,,,\n", true, 100);
	cr_assert_eq(o.rc, 0, "%s", errors_of(&o));
	cr_expect_eq(o.res.rows, 2);
	cr_expect_eq(o.res.imported, 0);
	cr_expect_eq(nentries(), 0);
	sb_free(&o.errors);

	o = import_text(BAD_FILE, true, 100);
	cr_expect_eq(o.rc, 1, "a dry run reports bad rows too");
	cr_expect_eq(o.res.bad, 11);
	cr_expect_not_null(line_starting(errors_of(&o), "3: "));
	sb_free(&o.errors);
	cr_expect_eq(nentries(), 0);
}

Test(resource_import, quoted_fields_with_commas_quotes_and_newlines)
{
	outcome o = import_text(HEADER
		"01/03/2025,24934,central,cash,,,1000,\"Đường, cống\nthôn 2\",\"Hộ \"\"Bảy\"\"\",\n"
		"\"02/03/2025\",\"24934\",\"central\",\"cash\",\"\",\"\",\"2000\",\"\",\"\",\"a,b\"\n"
		"03/03/2025,24934,central,cash,,,-1,,,\n", false, 100);
	cr_assert_eq(o.rc, 1);
	expect_line(errors_of(&o), "5: ", "negative");   /* the quoted newline is line 3 */
	cr_expect_eq(o.res.rows, 3);
	sb_free(&o.errors);

	o = import_text(HEADER
		"01/03/2025,24934,central,cash,,,1000,\"Đường, cống\nthôn 2\",\"Hộ \"\"Bảy\"\"\",\n"
		"\"02/03/2025\",\"24934\",\"central\",\"cash\",\"\",\"\",\"2000\",\"\",\"\",\"a,b\"\n",
		false, 100);
	cr_assert_eq(o.rc, 0, "%s", errors_of(&o));
	resource_entry e = entry_where("SELECT id FROM resource_entry WHERE value_dong = 1000");
	cr_expect_str_eq(e.work, "Đường, cống thôn 2", "a newline is cleaned to a space, as when saved");
	cr_expect_str_eq(e.contributor, "Hộ \"Bảy\"");
	resource_entry_free(&e);
	e = entry_where("SELECT id FROM resource_entry WHERE value_dong = 2000");
	cr_expect_str_eq(e.note, "a,b");
	cr_expect_str_eq(e.date, "2025-03-02");
	resource_entry_free(&e);
	sb_free(&o.errors);
}

Test(resource_import, unterminated_quote_is_a_bad_row)
{
	outcome o = import_text(HEADER "01/03/2025,24934,central,cash,,,1000,\"never closed,,\n"
				"01/03/2025,24934,central,cash,,,1000,,,\n", false, 100);
	cr_assert_eq(o.rc, 1);
	expect_line(errors_of(&o), "2: ", "not closed");
	cr_expect_eq(nentries(), 0);
	sb_free(&o.errors);
}

Test(resource_import, byte_order_mark_crlf_and_columns_in_another_order)
{
	outcome o = import_text("\xEF\xBB\xBF" "value,date,area_code,source,form\r\n"
				"\"1.000\",01/03/2025,24934,central,cash\r\n"
				"2000,02/03/2025,24934,residents,labour\r\n", false, 100);
	cr_assert_eq(o.rc, 0, "%s / %s", errors_of(&o), db_error(tdb));
	cr_expect_eq(o.res.imported, 2);
	cr_expect_eq(tdb_int(tdb, "SELECT sum(value_dong) FROM resource_entry"), 3000);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_entry WHERE quantity IS NULL AND "
				  "unit IS NULL AND work IS NULL AND note IS NULL"), 2,
		     "optional columns may be left out");
	sb_free(&o.errors);
}

Test(resource_import, header_problems_on_line_1)
{
	outcome o = import_text("date,area_code,source,form,amount,colour\n"
				"01/03/2025,24934,central,cash,1000,red\n", false, 100);
	cr_assert_eq(o.rc, 1);
	const char *err = errors_of(&o);
	expect_line(err, "1: ", "unknown column(s) \"amount\", \"colour\"");
	expect_line(err, "1: ", "missing column(s) value");
	expect_line(err, "1: ", "date,area_code,source,form,quantity,unit,value,work,contributor,note");
	cr_expect_eq(nentries(), 0);
	sb_free(&o.errors);

	o = import_text("date,area_code,source,form,value,value\n", false, 100);
	cr_expect_eq(o.rc, 1);
	expect_line(errors_of(&o), "1: ", "repeated column(s) \"value\"");
	sb_free(&o.errors);

	o = import_text("", false, 100);
	cr_expect_eq(o.rc, 1);
	expect_line(errors_of(&o), "1: ", "empty");
	sb_free(&o.errors);

	o = import_text(HEADER, false, 100);
	cr_expect_eq(o.rc, 0, "a header alone is nothing to import");
	cr_expect_eq(o.res.rows, 0);
	sb_free(&o.errors);
}

Test(resource_import, missing_file_is_an_error)
{
	strbuf errors;
	sb_init(&errors);
	import_result res;
	char *path = test_join(tdb_dir, "none.csv");
	cr_expect_eq(resource_import(tdb, path, false, 10, NULL, &errors, &res), -1);
	cr_expect_not_null(strstr(db_error(tdb), "none.csv"), "%s", db_error(tdb));
	cr_expect_eq(errors.len, 0);
	free(path);
	sb_free(&errors);
}

typedef struct calls {
	int n, check, import;
	int64_t last_done, last_total;
	bool monotonic;
	int64_t prev;
	const char *prev_phase;
} calls;

static void on_progress(void *ctx, int64_t done, int64_t total, const char *phase)
{
	calls *c = ctx;
	c->n++;
	if (strcmp(phase, "check") == 0)
		c->check++;
	else if (strcmp(phase, "import") == 0)
		c->import++;
	if (c->prev_phase && strcmp(c->prev_phase, phase) == 0 && done < c->prev)
		c->monotonic = false;
	c->prev = done;
	c->prev_phase = phase;
	c->last_done = done;
	c->last_total = total;
}

Test(resource_import, progress_every_percent_in_both_phases)
{
	strbuf text;
	sb_init(&text);
	sb_add(&text, HEADER);
	for (int i = 0; i < 12800; i++)   /* a percent: one batch of 128 rows stored */
		sb_printf(&text, "%02d/%02d/2025,%s,residents,labour,%d,,%d,,Hộ %d,\n", i % 28 + 1,
			  i % 5 + 1, i % 2 ? "24934" : "24937", i % 7, 1000 * (i + 1), i);
	char *path = write_file("many.csv", text.s);
	calls c = { .monotonic = true };
	import_progress p = { on_progress, &c };
	strbuf errors;
	sb_init(&errors);
	import_result res;
	cr_assert_eq(resource_import(tdb, path, false, 10, &p, &errors, &res), 0, "%s", errors.s);
	cr_expect_eq(res.imported, 12800);
	cr_expect_eq(nentries(), 12800);
	cr_expect_geq(c.check, 100, "%d reports", c.check);
	cr_expect_leq(c.check, 103, "%d reports", c.check);
	cr_expect_geq(c.import, 100, "%d reports", c.import);
	cr_expect_leq(c.import, 103, "%d reports", c.import);
	cr_expect(c.monotonic);
	cr_expect_eq(c.last_done, 12800);
	cr_expect_eq(c.last_total, 12800);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM resource_history WHERE action = 'import'"), 12800);
	free(path);
	sb_free(&errors);
	sb_free(&text);
}

/* The entries of the database as CSV lines, sorted (ids aside, the order of entries of one date is
 * not kept by an import: listed newest id first, they come back in the other order). */
static char *export_sorted(void)
{
	resource_entry *list;
	size_t n;
	cr_assert_eq(resource_list(tdb, NULL, &list, &n), 0, "%s", db_error(tdb));
	char **lines = calloc(n ? n : 1, sizeof *lines);
	for (size_t i = 0; i < n; i++) {
		strbuf b;
		sb_init(&b);
		resource_csv_line(&list[i], &b);
		lines[i] = sb_take(&b);
	}
	resource_entries_free(list, n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(lines[j], lines[i]) < 0) {
				char *t = lines[i];
				lines[i] = lines[j];
				lines[j] = t;
			}
	strbuf all;
	sb_init(&all);
	for (size_t i = 0; i < n; i++) {
		sb_add(&all, lines[i]);
		sb_addc(&all, '\n');
		free(lines[i]);
	}
	free(lines);
	return sb_take(&all);
}

static void add_entry(int64_t area_id, const char *date, resource_source s, resource_form f,
		      int64_t value, double qty, const char *unit, const char *work,
		      const char *contributor, const char *note)
{
	resource_entry e;
	memset(&e, 0, sizeof e);
	e.area_id = area_id;
	snprintf(e.date, sizeof e.date, "%s", date);
	e.source = s;
	e.form = f;
	e.value = value;
	e.has_quantity = qty >= 0;
	e.quantity = qty >= 0 ? qty : 0;
	e.unit = (char *)unit;
	e.work = (char *)work;
	e.contributor = (char *)contributor;
	e.note = (char *)note;
	int64_t id;
	cr_assert_eq(resource_save(tdb, &e, &id), 0, "resource_save: %s", db_error(tdb));
}

Test(resource_import, round_trip_through_the_export)
{
	add_entry(lx, "2025-01-15", SOURCE_CENTRAL, FORM_CASH, 150000000, -1, NULL,
		  "Bê tông hóa đường thôn, giai đoạn 1", NULL, NULL);
	add_entry(lx1, "2025-01-15", SOURCE_RESIDENTS, FORM_LABOUR, 3000000, 12.5, "ngày công",
		  "Đào mương", "Hộ \"Ba\" Nguyễn", "ghi chú\ncó xuống dòng");
	add_entry(lx1, "2025-01-15", SOURCE_RESIDENTS, FORM_LAND, 0, 1.125, "m²", NULL, NULL, NULL);
	add_entry(dr, "2024-12-31", SOURCE_ENTERPRISE, FORM_MATERIALS, 1234567, 1500, "kg", "Xi măng",
		  "Công ty TNHH A, B", "ô,ư;ơ");
	add_entry(dr, "2025-06-15", SOURCE_DONORS, FORM_CASH, 2500000, 2500000, "đ", NULL, NULL, NULL);
	add_entry(lx, "2025-02-01", SOURCE_OTHER, FORM_MACHINERY, 800000, 0.000001, NULL, NULL, NULL,
		  NULL);
	char *before = export_sorted();

	/* The export as `resources list --format csv` writes it: the header, then the lines. */
	resource_entry *list;
	size_t n;
	cr_assert_eq(resource_list(tdb, NULL, &list, &n), 0);
	cr_assert_eq(n, 6);
	strbuf file;
	sb_init(&file);
	for (int i = 0; i < resource_csv_ncolumns; i++)
		sb_printf(&file, "%s%s", i ? "," : "", resource_csv_columns[i]);
	sb_addc(&file, '\n');
	for (size_t i = 0; i < n; i++) {
		resource_csv_line(&list[i], &file);
		sb_addc(&file, '\n');
	}
	resource_entries_free(list, n);

	cr_assert_eq(db_exec(tdb, "DELETE FROM resource_entry"), 0);
	outcome o = import_text(file.s, false, 100);
	cr_assert_eq(o.rc, 0, "%s / %s\n%s", errors_of(&o), db_error(tdb), file.s);
	cr_expect_eq(o.res.imported, 6);
	char *after = export_sorted();
	cr_expect_str_eq(after, before);
	free(before);
	free(after);
	sb_free(&o.errors);
	sb_free(&file);
}

Test(resource_import, long_texts_refused_as_when_saved)
{
	strbuf text;
	sb_init(&text);
	sb_add(&text, HEADER "01/03/2025,24934,central,cash,,,1000,");
	for (int i = 0; i < 501; i++)
		sb_add(&text, "ư");
	sb_add(&text, ",,\n");
	outcome o = import_text(text.s, false, 100);
	cr_expect_eq(o.rc, 1);
	expect_line(errors_of(&o), "2: ", "The work is too long (at most 500 characters)");
	sb_free(&o.errors);
	sb_free(&text);
}

Test(resource_import, areas_looked_up_once_each)
{
	/* The same unknown code on many lines is reported on each; known ones imported. */
	strbuf text;
	sb_init(&text);
	sb_add(&text, HEADER);
	for (int i = 0; i < 50; i++)
		sb_printf(&text, "01/03/2025,%s,central,cash,,,1000,,,\n", i % 2 ? "24934" : "nowhere");
	outcome o = import_text(text.s, false, 1000);
	cr_expect_eq(o.rc, 1);
	cr_expect_eq(o.res.bad, 25);
	expect_line(errors_of(&o), "50: ", "nowhere");
	sb_free(&o.errors);
	sb_free(&text);
}

Test(resource_import, db_new_ids_reserves_a_block)
{
	cr_assert_eq(db_begin(tdb), 0);
	int64_t a = db_new_id(tdb);
	int64_t first = db_new_ids(tdb, 1000);
	int64_t b = db_new_id(tdb);
	cr_expect_eq(first, a + 1);
	cr_expect_eq(b, first + 1000);
	cr_expect_eq(first >> 32, a >> 32, "the same site");
	cr_expect_eq(db_new_ids(tdb, 0), 0, "nothing to reserve is an error");
	cr_assert_eq(db_commit(tdb), 0);
}

/* ---- the audit log ---- */

/* The log's rows of one record (the TUI's U), newest first. */
static audit_row *record_log(int64_t id, size_t *n)
{
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)id);
	audit_filter f = { .table = "resource_entry", .row_key = key };
	audit_row *rows = NULL;
	cr_assert_eq(audit_list(tdb, &f, &rows, n), 0, "%s", db_error(tdb));
	return rows;
}

#define THREE_AREAS \
	HEADER \
	"05/03/2025,24934,central,cash,,,1000,,,\n" \
	"01/03/2025,24937,residents,cash,,,2000,,,\n" \
	"02/03/2025,%s,donors,cash,,,4000,,,\n" \
	"01/03/2025,24934,commune,cash,,,8000,,,\n"

Test(resource_import, logged_once_per_area_and_found_from_each_entry)
{
	char text[1024];
	snprintf(text, sizeof text, THREE_AREAS, lx1_code);
	outcome o = import_text(text, false, 100);
	cr_assert_eq(o.rc, 0, "%s / %s", errors_of(&o), db_error(tdb));
	cr_assert_eq(nentries(), 4);
	char *file = realpath(tdb_dir, NULL);
	strbuf want;
	sb_init(&want);
	sb_printf(&want, "%s/in.csv", file);

	/* One row per area, none per entry: each names the file, the count, the total and the ids
	 * of exactly that area's entries, by whom and when they were written. */
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM audit WHERE tbl = 'resource_entry'"), 3);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM audit u WHERE u.tbl = 'resource_entry' "
				  "AND u.action = 'insert' AND u.old_row IS NULL "
				  "AND u.row_key = u.first_id || '-' || u.last_id "
				  "AND json_extract(u.new_row, '$.entries') = u.last_id - u.first_id + 1 "
				  "AND (SELECT count(*) FROM resource_entry r WHERE r.area_id = u.area_id) "
				  "    = u.last_id - u.first_id + 1 "
				  "AND (SELECT count(*) FROM resource_entry r WHERE r.id BETWEEN u.first_id AND u.last_id "
				  "     AND r.area_id = u.area_id AND r.created_by = u.user AND r.created_at = u.at) "
				  "    = u.last_id - u.first_id + 1 "
				  "AND json_extract(u.new_row, '$.value_dong') = "
				  "    (SELECT sum(value_dong) FROM resource_entry r WHERE r.area_id = u.area_id)"), 3);
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE json_extract(new_row, '$.import') = '%s'",
		 want.s);
	cr_expect_eq(tdb_int(tdb, sql), 3, "the file, by its full path");

	/* Each entry's own log (the TUI's U) shows its creation: who, when, where, the import. */
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db_handle(tdb), "SELECT id, area_id, created_at FROM resource_entry",
					-1, &st, NULL), SQLITE_OK);
	int seen = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t n;
		audit_row *r = record_log(sqlite3_column_int64(st, 0), &n);
		cr_assert_eq(n, 1);
		cr_expect_str_eq(r[0].action, "insert");
		cr_expect_str_eq(r[0].user, db_user(tdb));
		cr_expect_str_eq(r[0].at, (const char *)sqlite3_column_text(st, 2));
		cr_expect_eq(r[0].area_id, sqlite3_column_int64(st, 1));
		strbuf s;
		sb_init(&s);
		audit_summary(r[0].action, r[0].old_row, r[0].new_row, &s);
		cr_expect(strstr(s.s, "import: ") == s.s && strstr(s.s, "/in.csv; entries: "), "%s", s.s);
		sb_free(&s);
		audit_rows_free(r, n);
		seen++;
	}
	sqlite3_finalize(st);
	cr_expect_eq(seen, 4);

	/* An area's log has its import row and those of the villages below it. */
	audit_filter f = { .area_id = lx, .table = "resource_entry" };
	audit_row *r;
	size_t n;
	cr_assert_eq(audit_list(tdb, &f, &r, &n), 0);
	cr_expect_eq(n, 2, "Lạc Xuân and its Thôn 1");
	audit_rows_free(r, n);

	/* `kieumau check` counts each entry of an import as a change logged. */
	check_result *c;
	cr_assert_eq(db_check(tdb, &c, &n), 0, "%s", db_error(tdb));
	char expect[128];
	snprintf(expect, sizeof expect, "%lld changes logged (%lld added, 0 changed, 0 deleted)",
		 (long long)tdb_int(tdb, "SELECT count(*) + 4 FROM audit WHERE first_id IS NULL"),
		 (long long)tdb_int(tdb, "SELECT count(*) + 4 FROM audit WHERE first_id IS NULL "
					 "AND action = 'insert'"));
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].key, "audit_log") == 0)
			cr_expect(c[i].info && strstr(c[i].info, expect), "%s", c[i].info);
	check_results_free(c, n);

	free(file);
	sb_free(&want);
	sb_free(&o.errors);
}

Test(resource_import, imported_entries_are_edited_under_the_same_rules)
{
	char text[1024];
	snprintf(text, sizeof text, THREE_AREAS, lx1_code);
	outcome o = import_text(text, false, 100);
	cr_assert_eq(o.rc, 0, "%s / %s", errors_of(&o), db_error(tdb));
	int64_t id = tdb_int(tdb, "SELECT id FROM resource_entry WHERE value_dong = 2000");
	int64_t logged = tdb_int(tdb, "SELECT id FROM audit WHERE tbl = 'resource_entry' AND area_id = "
				      "(SELECT area_id FROM resource_entry WHERE value_dong = 2000)");

	/* Its version is the import's row: two sessions read it, the second to save is refused. */
	resource_entry mine, theirs;
	cr_assert_eq(resource_get(tdb, id, &mine), 0, "%s", db_error(tdb));
	cr_assert_eq(resource_get(tdb, id, &theirs), 0, "%s", db_error(tdb));
	cr_expect_eq(mine.version, logged);
	theirs.value = 2500;
	int64_t saved;
	cr_assert_eq(resource_save(tdb, &theirs, &saved), 0, "%s", db_error(tdb));
	mine.value = 3000;
	cr_expect_eq(resource_save(tdb, &mine, &saved), -1, "saved over a change made meanwhile");
	cr_expect(strstr(db_error(tdb), "meanwhile"), "%s", db_error(tdb));
	cr_expect_eq(tdb_int(tdb, "SELECT value_dong FROM resource_entry WHERE value_dong >= 2000 "
				  "AND value_dong < 4000"), 2500);

	/* The edit is logged by the triggers again (the import paused them for itself only), and
	 * the entry's log has the edit, then the import. */
	size_t n;
	audit_row *r = record_log(id, &n);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(r[0].action, "update");
	cr_expect(strstr(r[0].new_row, "\"value_dong\":2500"), "%s", r[0].new_row);
	cr_expect_eq(r[1].id, logged);
	audit_rows_free(r, n);
	resource_entry_free(&mine);
	resource_entry_free(&theirs);

	/* A file with a bad row logs nothing, as it stores nothing. */
	int64_t before = tdb_int(tdb, "SELECT count(*) FROM audit");
	sb_free(&o.errors);
	o = import_text(BAD_FILE, false, 100);
	cr_expect_eq(o.rc, 1);
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM audit"), before);
	sb_free(&o.errors);
}

static char *entry_trigger_sql(void)
{
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db_handle(tdb), "SELECT sql FROM sqlite_schema WHERE type = 'trigger' "
					"AND name = 'audit_resource_entry_insert'", -1, &st, NULL), SQLITE_OK);
	char *sql = sqlite3_step(st) == SQLITE_ROW ? xstrdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	sqlite3_finalize(st);
	return sql;
}

/* The import takes the entries' insert trigger out of its own transaction: it is back after, the
 * same, and logs the next entry added by hand; after a failure too. */
Test(resource_import, the_log_trigger_of_entries_is_back_after_an_import_or_a_failure)
{
	char *trigger = entry_trigger_sql();
	cr_assert_not_null(trigger);
	char text[1024];
	snprintf(text, sizeof text, THREE_AREAS, lx1_code);
	outcome o = import_text(text, false, 100);
	cr_assert_eq(o.rc, 0, "%s / %s", errors_of(&o), db_error(tdb));
	char *after = entry_trigger_sql();
	cr_expect_str_eq(after ? after : "(none)", trigger);
	free(after);
	resource_entry e = { .area_id = lx, .date = "2025-03-10", .source = SOURCE_RESIDENTS,
			     .form = FORM_CASH, .value = 7 };
	int64_t id;
	cr_assert_eq(resource_save(tdb, &e, &id), 0, "%s", db_error(tdb));
	size_t n;
	audit_row *r = record_log(id, &n);
	cr_expect_eq(n, 1, "an entry added by hand is logged by the trigger");
	cr_expect(n && r[0].new_row && strstr(r[0].new_row, "\"value_dong\":7"), "%s",
		  n ? r[0].new_row : "");
	audit_rows_free(r, n);

	/* A failure while storing: the history id the next import will take is already used. */
	int64_t next = tdb_int(tdb, "SELECT (SELECT value FROM meta WHERE key = 'site_id') << 32 | "
				    "(SELECT value FROM meta WHERE key = 'next_id')");
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO resource_history(id, entry_id, action, changed_by, changed_at) "
		 "VALUES (%lld, 1, 'add', 'x', 'x')", (long long)(next + 4));
	cr_assert_eq(sqlite3_exec(db_handle(tdb), sql, NULL, NULL, NULL), SQLITE_OK);
	int64_t entries = nentries(), logged = tdb_int(tdb, "SELECT count(*) FROM audit");
	sb_free(&o.errors);
	o = import_text(text, false, 100);
	cr_expect_eq(o.rc, -1, "the import failed");
	cr_expect(strstr(db_error(tdb), "UNIQUE"), "%s", db_error(tdb));
	cr_expect_eq(nentries(), entries, "nothing stored");
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM audit"), logged, "nothing logged");
	after = entry_trigger_sql();
	cr_expect_str_eq(after ? after : "(none)", trigger);
	free(after);
	cr_expect(sqlite3_get_autocommit(db_handle(tdb)), "no transaction left open");
	e.id = 0;   /* another new entry */
	cr_assert_eq(resource_save(tdb, &e, &id), 0, "%s", db_error(tdb));
	r = record_log(id, &n);
	cr_expect_eq(n, 1, "and it still logs");
	audit_rows_free(r, n);
	free(trigger);
	sb_free(&o.errors);
}
