#include "config.h"
/* Rendering a report: text (aligned columns, Vietnamese numbers), Markdown, CSV (plain numbers,
 * one block per section) and .xlsx (libxlsxwriter: a "Report" sheet, then one sheet per
 * section with real numbers and dates and their formats). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include "domain/report.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

#define XLSX_MIN_WIDTH 8
#define XLSX_MAX_WIDTH 60
#define SHEET_NAME_MAX 31        /* characters, Excel's limit */

static int fail(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t cap, const char *fmt, ...)
{
	if (err && cap) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, cap, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static bool numeric(cell_kind k)
{
	return k == CELLK_INT || k == CELLK_NUMBER || k == CELLK_MONEY || k == CELLK_PERCENT;
}

/* A plain number: at most decimals decimals, trailing zeros dropped, '.' as the decimal mark. */
static const char *plain_number(double v, int decimals, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.*f", decimals, v == 0 ? 0.0 : v);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, cap, "0");
	return buf;
}

/* A cell as people read it: 1.234.567,5; 1.500.000 đ; 91,5%; dd/mm/yyyy. */
static const char *display(const report_cell *c, char *buf, size_t cap)
{
	if (c->empty)
		return "";
	switch (c->kind) {
	case CELLK_TEXT:
		return c->text ? c->text : "";
	case CELLK_DATE:
		return c->text ? vn_format_iso_date(c->text, buf, cap) : "";
	case CELLK_INT:
		return vn_format_number(c->value, 0, buf, cap);
	case CELLK_NUMBER:
		return vn_format_number(c->value, 2, buf, cap);
	case CELLK_MONEY:
		return vn_format_money(c->value, buf, cap);
	case CELLK_PERCENT: {
		char n[40];
		snprintf(buf, cap, "%s%%", vn_format_number(c->value, 1, n, sizeof n));
		return buf;
	}
	}
	return "";
}

/* A cell as people read it, safe to show: a report written to a file may later be shown with cat,
 * and nothing in it may drive the terminal (see text_displayable). malloc'd. */
static char *shown(const report_cell *c)
{
	char buf[64];
	return text_displayable(display(c, buf, sizeof buf), false);
}

/* A cell for CSV: numbers plain (dot decimal, no grouping), dates dd/mm/yyyy. */
static const char *plain(const report_cell *c, char *buf, size_t cap)
{
	if (c->empty)
		return "";
	switch (c->kind) {
	case CELLK_TEXT:
		return c->text ? c->text : "";
	case CELLK_DATE:
		return c->text ? vn_format_iso_date(c->text, buf, cap) : "";
	case CELLK_INT:
	case CELLK_MONEY:
		return plain_number(c->value, 0, buf, cap);
	case CELLK_NUMBER:
		return plain_number(c->value, 2, buf, cap);
	case CELLK_PERCENT:
		return plain_number(c->value, 1, buf, cap);
	}
	return "";
}

static const report_cell *cell_at(const report_section *s, size_t row, int col)
{
	return &s->cells[row * (size_t)s->ncols + (size_t)col];
}

/* "2025-Q2 (01/04/2025-30/06/2025)", or the dates alone when the label is made of them. */
static void period_text(const period *p, strbuf *b)
{
	char from[16], to[16];
	vn_format_iso_date(p->from, from, sizeof from);
	vn_format_iso_date(p->to, to, sizeof to);
	if (strchr(p->label, '/') || !p->label[0])
		sb_printf(b, "%s-%s", from, to);
	else
		sb_printf(b, "%s (%s-%s)", p->label, from, to);
}

static int write_out(FILE *out, const strbuf *b, char *err, size_t errcap)
{
	if (fwrite(b->s, 1, b->len, out) != b->len || fflush(out) != 0 || ferror(out))
		return fail(err, errcap, _("cannot write the report: %s"), strerror(errno));
	return 0;
}

/* ---- text ---- */

static void pad(strbuf *b, const char *s, int width, bool right)
{
	int w = text_width(s);
	if (right)
		for (; w < width; w++)
			sb_addc(b, ' ');
	sb_add(b, s);
	if (!right)
		for (; w < width; w++)
			sb_addc(b, ' ');
}

static void end_line(strbuf *b)
{
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	sb_addc(b, '\n');
}

static void text_section(const report_section *s, size_t index, strbuf *b)
{
	sb_printf(b, "%zu. %s\n", index + 1, s->title);
	int *width = xcalloc((size_t)s->ncols, sizeof *width);
	size_t ncells = s->nrows * (size_t)s->ncols;
	char **cells = xcalloc(ncells ? ncells : 1, sizeof *cells);
	for (int c = 0; c < s->ncols; c++)
		width[c] = text_width(s->headers[c]);
	for (size_t r = 0; r < s->nrows; r++)
		for (int c = 0; c < s->ncols; c++) {
			char *t = cells[r * (size_t)s->ncols + (size_t)c] = shown(cell_at(s, r, c));
			int w = text_width(t);
			if (w > width[c])
				width[c] = w;
		}
	for (int c = 0; c < s->ncols; c++) {
		if (c)
			sb_add(b, "  ");
		pad(b, s->headers[c], width[c], numeric(s->col_kinds[c]));
	}
	end_line(b);
	for (int c = 0; c < s->ncols; c++) {
		if (c)
			sb_add(b, "  ");
		for (int i = 0; i < width[c]; i++)
			sb_addc(b, '-');
	}
	end_line(b);
	for (size_t r = 0; r < s->nrows; r++) {
		for (int c = 0; c < s->ncols; c++) {
			const report_cell *cell = cell_at(s, r, c);
			if (c)
				sb_add(b, "  ");
			pad(b, cells[r * (size_t)s->ncols + (size_t)c], width[c], numeric(cell->kind));
		}
		end_line(b);
	}
	if (!s->nrows)
		sb_printf(b, "%s\n", _("(none)"));
	for (size_t i = 0; i < ncells; i++)
		free(cells[i]);
	free(cells);
	free(width);
}

static void text_report(const report *r, strbuf *b)
{
	char *name = text_displayable(r->area_name, false);
	sb_printf(b, _("Periodic report: %s\n"), name);
	free(name);
	sb_add(b, _("Period: "));
	period_text(&r->period, b);
	sb_addc(b, '\n');
	sb_add(b, _("Compared with: "));
	period_text(&r->previous, b);
	sb_addc(b, '\n');
	sb_printf(b, _("Generated: %s\n"), r->generated_at);
	for (size_t i = 0; i < r->nsections; i++) {
		sb_addc(b, '\n');
		text_section(&r->sections[i], i, b);
	}
}

/* ---- Markdown ---- */

/* Text in a Markdown line or table cell: shown safely, and the characters that would end the
 * cell or become markup (emphasis, links, code, inline HTML) escaped with a backslash. */
static void md_text(strbuf *b, const char *text)
{
	char *safe = text_displayable(text, false);
	for (const char *s = safe; *s; s++) {
		if (strchr("|\\`*_[]<>", *s))
			sb_addc(b, '\\');
		sb_addc(b, *s);
	}
	free(safe);
}

static void md_report(const report *r, strbuf *b)
{
	char buf[64];
	strbuf name;
	sb_init(&name);
	md_text(&name, r->area_name);
	sb_add(b, "# ");
	sb_printf(b, _("Periodic report: %s\n"), name.s);
	sb_free(&name);
	sb_add(b, "\n- ");
	sb_add(b, _("Period: "));
	period_text(&r->period, b);
	sb_add(b, "\n- ");
	sb_add(b, _("Compared with: "));
	period_text(&r->previous, b);
	sb_add(b, "\n- ");
	sb_printf(b, _("Generated: %s\n"), r->generated_at);
	for (size_t i = 0; i < r->nsections; i++) {
		const report_section *s = &r->sections[i];
		sb_printf(b, "\n## %s\n\n", s->title);
		sb_add(b, "|");
		for (int c = 0; c < s->ncols; c++) {
			sb_addc(b, ' ');
			md_text(b, s->headers[c]);
			sb_add(b, " |");
		}
		sb_add(b, "\n|");
		for (int c = 0; c < s->ncols; c++)
			sb_add(b, numeric(s->col_kinds[c]) ? " ---: |" : " --- |");
		sb_addc(b, '\n');
		for (size_t row = 0; row < s->nrows; row++) {
			sb_add(b, "|");
			for (int c = 0; c < s->ncols; c++) {
				sb_addc(b, ' ');
				md_text(b, display(cell_at(s, row, c), buf, sizeof buf));
				sb_add(b, " |");
			}
			sb_addc(b, '\n');
		}
		if (!s->nrows)
			sb_printf(b, "\n%s\n", _("(none)"));
	}
}

/* ---- CSV ---- */

/* RFC 4180 ends every record with CRLF (Excel and LibreOffice read both). */
#define CRLF "\r\n"

static void csv_report(const report *r, bool bom, strbuf *b)
{
	char buf[64];
	if (bom)
		sb_add(b, "\xef\xbb\xbf");
	for (size_t i = 0; i < r->nsections; i++) {
		const report_section *s = &r->sections[i];
		if (i)
			sb_add(b, CRLF);
		sb_add_csv(b, s->title);
		sb_add(b, CRLF);
		for (int c = 0; c < s->ncols; c++) {
			if (c)
				sb_addc(b, ',');
			sb_add_csv(b, s->headers[c]);
		}
		sb_add(b, CRLF);
		for (size_t row = 0; row < s->nrows; row++) {
			for (int c = 0; c < s->ncols; c++) {
				if (c)
					sb_addc(b, ',');
				sb_add_csv(b, plain(cell_at(s, row, c), buf, sizeof buf));
			}
			sb_add(b, CRLF);
		}
	}
}

/* ---- xlsx ---- */

typedef struct xlsx_formats {
	lxw_format *bold, *integer, *number, *money, *percent, *date;
} xlsx_formats;

/* A sheet name Excel accepts: no []:*?/\, at most 31 characters, not starting or ending with an
 * apostrophe. */
static void sheet_name(const char *title, char *out, size_t cap)
{
	size_t o = 0;
	int chars = 0;
	for (const char *s = title; *s && chars < SHEET_NAME_MAX;) {
		size_t n = text_char_len(s);
		if (n == 0)
			break;
		if (o + n + 1 > cap)
			break;
		if (n == 1 && strchr("[]:*?/\\", *s))
			out[o++] = '-';
		else
			memcpy(out + o, s, n), o += n;
		s += n;
		chars++;
	}
	out[o] = '\0';
	while (o && (out[o - 1] == '\'' || out[o - 1] == ' '))
		out[--o] = '\0';
	size_t skip = 0;
	while (out[skip] == '\'' || out[skip] == ' ')
		skip++;
	memmove(out, out + skip, strlen(out + skip) + 1);
}

/* The short name of a section's sheet. */
static const char *sheet_title(const report_section *s)
{
	static const struct {
		const char *key, *name;
	} names[] = {
		{ "summary", N_("Summary") },
		{ "recognition", N_("Recognition") },
		{ "criteria", N_("Criteria") },
		{ "resources", N_("Resources") },
		{ "awards", N_("Commendations") },
		{ "late", N_("Late") },
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s->key, names[i].key) == 0)
			return _(names[i].name);
	return s->title;
}

static lxw_worksheet *add_sheet(lxw_workbook *wb, const char *title)
{
	char name[SHEET_NAME_MAX * 4 + 1];
	sheet_name(title, name, sizeof name);
	if (name[0] && workbook_validate_sheet_name(wb, name) == LXW_NO_ERROR)
		return workbook_add_worksheet(wb, name);
	return workbook_add_worksheet(wb, NULL);   /* "Sheet2" ...: a duplicate or unusable name */
}

static lxw_format *format_of(const xlsx_formats *f, cell_kind k)
{
	switch (k) {
	case CELLK_INT: return f->integer;
	case CELLK_NUMBER: return f->number;
	case CELLK_MONEY: return f->money;
	case CELLK_PERCENT: return f->percent;
	case CELLK_DATE: return f->date;
	case CELLK_TEXT: return NULL;
	}
	return NULL;
}

/* Keeps the first error. */
static void keep(lxw_error *first, lxw_error e)
{
	if (*first == LXW_NO_ERROR)
		*first = e;
}

/* A string cell: shown safely like the text report's, which also keeps the file's XML valid
 * (invalid UTF-8 from the database would make Excel refuse the whole file). */
static lxw_error write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
			    lxw_format *format)
{
	char *safe = text_displayable(text ? text : "", false);
	lxw_error e = worksheet_write_string(ws, row, col, safe, format);
	free(safe);
	return e;
}

static void fit(int *width, const char *s, double factor)
{
	int w = (int)(text_width(s) * factor + 0.999) + 2;
	if (w > *width)
		*width = w;
}

static void set_widths(lxw_worksheet *ws, lxw_error *e, const int *width, int n)
{
	for (int c = 0; c < n; c++) {
		int w = width[c] < XLSX_MIN_WIDTH ? XLSX_MIN_WIDTH : width[c] > XLSX_MAX_WIDTH ? XLSX_MAX_WIDTH : width[c];
		keep(e, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
	}
}

static void xlsx_cover(lxw_workbook *wb, const report *r, const xlsx_formats *f, lxw_error *e)
{
	lxw_worksheet *ws = add_sheet(wb, _("Report"));
	if (!ws) {
		keep(e, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	strbuf p, q;
	sb_init(&p);
	sb_init(&q);
	period_text(&r->period, &p);
	period_text(&r->previous, &q);
	const char *rows[][2] = {
		{ _("Area"), r->area_name },
		{ _("Period"), p.s },
		{ _("Compared with"), q.s },
		{ _("Generated"), r->generated_at },
	};
	int width[2] = { 0, 0 };
	keep(e, worksheet_write_string(ws, 0, 0, _("Periodic report"), f->bold));
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		keep(e, worksheet_write_string(ws, (lxw_row_t)(i + 2), 0, rows[i][0], f->bold));
		keep(e, write_text(ws, (lxw_row_t)(i + 2), 1, rows[i][1], NULL));
		fit(&width[0], rows[i][0], 1.1);
		fit(&width[1], rows[i][1], 1);
	}
	/* What the other sheets hold. */
	lxw_row_t row = (lxw_row_t)(sizeof rows / sizeof *rows + 3);
	keep(e, worksheet_write_string(ws, row++, 0, _("Sheets"), f->bold));
	for (size_t i = 0; i < r->nsections; i++, row++) {
		const report_section *s = &r->sections[i];
		keep(e, worksheet_write_string(ws, row, 0, sheet_title(s), NULL));
		keep(e, worksheet_write_string(ws, row, 1, s->title, NULL));
		fit(&width[0], sheet_title(s), 1);
		fit(&width[1], s->title, 1);
	}
	set_widths(ws, e, width, 2);
	sb_free(&p);
	sb_free(&q);
}

static void xlsx_section(lxw_workbook *wb, const report_section *s, const xlsx_formats *f, lxw_error *e)
{
	lxw_worksheet *ws = add_sheet(wb, sheet_title(s));
	if (!ws) {
		keep(e, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	char buf[64];
	int *width = xcalloc((size_t)s->ncols, sizeof *width);
	for (int c = 0; c < s->ncols; c++) {
		keep(e, worksheet_write_string(ws, 0, (lxw_col_t)c, s->headers[c], f->bold));
		fit(&width[c], s->headers[c], 1.1);
	}
	for (size_t r = 0; r < s->nrows; r++) {
		lxw_row_t row = (lxw_row_t)(r + 1);
		for (int c = 0; c < s->ncols; c++) {
			const report_cell *cell = cell_at(s, r, c);
			lxw_col_t col = (lxw_col_t)c;
			if (cell->empty)
				continue;
			fit(&width[c], display(cell, buf, sizeof buf), 1);
			if (cell->kind == CELLK_TEXT) {
				keep(e, write_text(ws, row, col, cell->text, NULL));
			} else if (cell->kind == CELLK_DATE) {
				lxw_datetime dt = { 0, 0, 0, 0, 0, 0 };
				if (cell->text && sscanf(cell->text, "%4d-%2d-%2d", &dt.year, &dt.month, &dt.day) == 3)
					keep(e, worksheet_write_datetime(ws, row, col, &dt, f->date));
				else
					keep(e, write_text(ws, row, col, cell->text, NULL));
			} else {
				keep(e, worksheet_write_number(ws, row, col, cell->value, format_of(f, cell->kind)));
			}
		}
	}
	set_widths(ws, e, width, s->ncols);
	worksheet_freeze_panes(ws, 1, 0);
	free(width);
}

static int xlsx_report(const report *r, const char *path, char *err, size_t errcap)
{
	if (!path || !*path)
		return fail(err, errcap, "%s", _("an .xlsx report needs a file to write to"));
	/* libxlsxwriter only creates the file when closing, and complains on stderr if it cannot:
	 * find out first, with the system's reason. */
	FILE *probe = fopen(path, "wb");
	if (!probe)
		return fail(err, errcap, _("cannot create %s: %s"), path, strerror(errno));
	fclose(probe);
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return fail(err, errcap, _("cannot create %s"), path);
	xlsx_formats f;
	f.bold = workbook_add_format(wb);
	format_set_bold(f.bold);
	f.integer = workbook_add_format(wb);
	format_set_num_format(f.integer, "#,##0");
	f.number = workbook_add_format(wb);
	format_set_num_format(f.number, "#,##0.00");
	f.money = workbook_add_format(wb);
	format_set_num_format(f.money, "#,##0");
	f.percent = workbook_add_format(wb);
	format_set_num_format(f.percent, "0.0\"%\"");   /* the value is 0-100, as in the report */
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "dd/mm/yyyy");
	lxw_error e = LXW_NO_ERROR;
	xlsx_cover(wb, r, &f, &e);
	for (size_t i = 0; i < r->nsections; i++)
		xlsx_section(wb, &r->sections[i], &f, &e);
	lxw_error closed = workbook_close(wb);   /* frees the workbook in every case */
	keep(&e, closed);
	if (e != LXW_NO_ERROR)
		return fail(err, errcap, _("cannot write %s: %s"), path, lxw_strerror(e));
	return 0;
}

int report_write(const report *r, report_format f, FILE *out, const char *xlsx_path, bool bom,
		 char *err, size_t errcap)
{
	if (err && errcap)
		err[0] = '\0';
	if (f == REPORT_XLSX)
		return xlsx_report(r, xlsx_path, err, errcap);
	if (!out)
		return fail(err, errcap, "%s", _("no output for the report"));
	strbuf b;
	sb_init(&b);
	switch (f) {
	case REPORT_TEXT: text_report(r, &b); break;
	case REPORT_MD: md_report(r, &b); break;
	case REPORT_CSV: csv_report(r, bom, &b); break;
	default:
		sb_free(&b);
		return fail(err, errcap, "%s", _("unknown report format"));
	}
	int rc = write_out(out, &b, err, errcap);
	sb_free(&b);
	return rc;
}
