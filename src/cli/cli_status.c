#include "config.h"
/* status-table, targets, matrix: the overviews cadres read most, from the command line. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/criteria.h"
#include "domain/status.h"
#include "domain/target.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

/* ---- formatting ---- */

/* v with exactly one decimal, the Vietnamese way: 1250.46 -> "1.250,5"; 50 -> "50,0". */
static char *fixed1(double v, char *buf, size_t cap)
{
	long long tenths = llround(v * 10);
	bool neg = tenths < 0;
	if (neg)
		tenths = -tenths;
	char whole[32];
	vn_format_number((double)(tenths / 10), 0, whole, sizeof whole);
	snprintf(buf, cap, "%s%s,%lld", neg ? "-" : "", whole, tenths % 10);
	return buf;
}

static void pad(strbuf *b, const char *text, int width, bool right)
{
	int w = text_width(text);
	if (!right)
		sb_add(b, text);
	for (; w < width; w++)
		sb_addc(b, ' ');
	if (right)
		sb_add(b, text);
}

static void csv_int(strbuf *b, long long v)
{
	sb_printf(b, ",%lld", v);
}

/* A quantity as a plain number: at most 6 decimals, no trailing zeros. */
static void csv_quantity(strbuf *b, double v)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.6f", v);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf);
		while (end > dot && (end[-1] == '0' || end[-1] == '.'))
			*--end = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	sb_printf(b, ",%s", buf);
}

/* Progress towards the recognition targets: the recognised areas at the levels that have a
 * target, over the sum of those targets ("2/3"); "-" without any. */
static void target_progress(const status_row *r, char *buf, size_t cap)
{
	const target *t = &r->target;
	if (!t->has_district && !t->has_province) {
		snprintf(buf, cap, "-");
		return;
	}
	long done = 0, goal = 0;
	if (t->has_district) {
		done += r->recognised_district;
		goal += t->recognised_district;
	}
	if (t->has_province) {
		done += r->recognised_province;
		goal += t->recognised_province;
	}
	char a[32], b[32];
	snprintf(buf, cap, "%s/%s", vn_format_number((double)done, 0, a, sizeof a),
		 vn_format_number((double)goal, 0, b, sizeof b));
}

/* ---- status-table ---- */

enum { C_UNIT, C_VILLAGES, C_REGISTERED, C_SELF, C_ELIGIBLE, C_RECOGNISED, C_CRITERIA, C_RESOURCES,
       C_LABOUR, C_LAND, C_AWARDS, C_TARGET, NCOLS };

static const char *const headers[NCOLS] = {
	[C_UNIT] = N_("Unit"), [C_VILLAGES] = N_("Villages"), [C_REGISTERED] = N_("Registered"),
	[C_SELF] = N_("Self-assessed"), [C_ELIGIBLE] = N_("Eligible"), [C_RECOGNISED] = N_("Recog. D/P"),
	[C_CRITERIA] = N_("Criteria met"), [C_RESOURCES] = N_("Resources"),
	[C_LABOUR] = N_("Labour days"), [C_LAND] = N_("Land m²"), [C_AWARDS] = N_("Awards"),
	[C_TARGET] = N_("Target"),
};

static void row_cells(const status_row *r, const char *label, char cells[NCOLS][64])
{
	char a[40], b[40];
	snprintf(cells[C_UNIT], 64, "%s", label);
	vn_format_number(r->villages, 0, cells[C_VILLAGES], 64);
	vn_format_number(r->registered, 0, cells[C_REGISTERED], 64);
	vn_format_number(r->self_assessed, 0, cells[C_SELF], 64);
	vn_format_number(r->eligible, 0, cells[C_ELIGIBLE], 64);
	snprintf(cells[C_RECOGNISED], 64, "%s/%s", vn_format_number(r->recognised_district, 0, a, sizeof a),
		 vn_format_number(r->recognised_province, 0, b, sizeof b));
	if (r->criteria_total > 0)
		snprintf(cells[C_CRITERIA], 64, "%s%%",
			 fixed1(100.0 * r->criteria_met / r->criteria_total, a, sizeof a));
	else
		snprintf(cells[C_CRITERIA], 64, "-");
	snprintf(cells[C_RESOURCES], 64, "%s tr", fixed1((double)r->resources_dong / 1e6, a, sizeof a));
	vn_format_number(r->labour_days, 1, cells[C_LABOUR], 64);
	vn_format_number(r->land_m2, 1, cells[C_LAND], 64);
	vn_format_number(r->awards, 0, cells[C_AWARDS], 64);
	target_progress(r, cells[C_TARGET], 64);
}

static void print_table_text(const status_table *t)
{
	size_t nlines = t->n + 2;   /* header, rows, totals */
	char (*cells)[NCOLS][64] = xcalloc(nlines, sizeof *cells);
	/* The unit's name may be longer than a cell: kept aside. */
	const char **units = xcalloc(nlines, sizeof *units);
	for (int c = 0; c < NCOLS; c++)
		snprintf(cells[0][c], 64, "%s", _(headers[c]));
	units[0] = _(headers[C_UNIT]);
	for (size_t i = 0; i < t->n; i++) {
		row_cells(&t->rows[i], "", cells[i + 1]);
		units[i + 1] = t->rows[i].name;
	}
	row_cells(&t->total, "", cells[nlines - 1]);
	units[nlines - 1] = _("Total");
	int width[NCOLS] = { 0 };
	for (size_t i = 0; i < nlines; i++) {
		for (int c = 0; c < NCOLS; c++) {
			int w = text_width(c == C_UNIT ? units[i] : cells[i][c]);
			if (w > width[c])
				width[c] = w;
		}
	}
	strbuf b;
	sb_init(&b);
	sb_printf(&b, _("%s · year %d\n"), t->total.name, t->year);
	fputs(b.s, stdout);
	for (size_t i = 0; i < nlines; i++) {
		sb_clear(&b);
		for (int c = 0; c < NCOLS; c++) {
			if (c)
				sb_add(&b, "  ");
			pad(&b, c == C_UNIT ? units[i] : cells[i][c], width[c], c != C_UNIT);
		}
		puts(b.s);
	}
	sb_free(&b);
	free(units);
	free(cells);
}

static void csv_row(strbuf *b, const status_row *r, const char *code)
{
	sb_clear(b);
	sb_add_csv(b, code);
	sb_addc(b, ',');
	sb_add_csv(b, r->name);
	csv_int(b, r->villages);
	csv_int(b, r->registered);
	csv_int(b, r->self_assessed);
	csv_int(b, r->eligible);
	csv_int(b, r->recognised_district);
	csv_int(b, r->recognised_province);
	csv_int(b, r->criteria_met);
	csv_int(b, r->criteria_total);
	csv_int(b, (long long)r->resources_dong);
	csv_quantity(b, r->labour_days);
	csv_quantity(b, r->land_m2);
	csv_int(b, r->awards);
	sb_addc(b, ',');
	if (r->target.has_district)
		sb_printf(b, "%d", r->target.recognised_district);
	sb_addc(b, ',');
	if (r->target.has_province)
		sb_printf(b, "%d", r->target.recognised_province);
	sb_addc(b, ',');
	if (r->target.has_resources)
		sb_printf(b, "%lld", (long long)r->target.resources_dong);
	puts(b->s);
}

static void print_table_csv(const status_table *t)
{
	puts("code,name,villages,registered,self_assessed,eligible,recognised_district,"
	     "recognised_province,criteria_met,criteria_total,resources_dong,labour_days,land_m2,awards,"
	     "target_district,target_province,target_resources_dong");
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < t->n; i++)
		csv_row(&b, &t->rows[i], t->rows[i].code);
	csv_row(&b, &t->total, "TOTAL");
	sb_free(&b);
}

/* Parses AREA [--year Y] [--format text|csv], shared by status-table and matrix. */
/* [AREA] [--year Y] [--format F]; without AREA (when optional) *id is 0: every province. */
static int parse_view_args(app *a, int argc, char **argv, const char *cmd, bool area_optional, int64_t *id,
			   int *year, bool *csv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ 0, 0, 0, 0 },
	};
	int c;
	*year = cli_default_year(a);
	*csv = false;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'y') {
			if ((*year = cli_parse_year(optarg)) < 0)
				return 2;
		} else if (c == 'f') {
			if (cli_parse_format(optarg, csv))
				return 1;
		} else {
			return cli_usage(cmd);
		}
	}
	*id = 0;
	if (area_optional && optind == argc)
		return 0;
	if (optind != argc - 1)
		return cli_usage(cmd);
	if (area_resolve(a->db, argv[optind], id) < 0)
		return cli_db_error(a);
	return 0;
}

int cmd_status_table(app *a, int argc, char **argv)
{
	int64_t id;
	int year;
	bool csv;
	int rc = parse_view_args(a, argc, argv, "status-table", true, &id, &year, &csv);
	if (rc)
		return rc;
	status_table t;
	if (status_table_build(a->db, id, year, &t) < 0)
		return cli_db_error(a);
	if (csv)
		print_table_csv(&t);
	else
		print_table_text(&t);
	status_table_free(&t);
	return 0;
}

/* ---- targets ---- */

/* A target count typed by the user: a whole number >= 0 ("" = unset). */
static int parse_count(const char *opt, const char *s, bool *has, int *v)
{
	if (!*s) {
		*has = false;
		*v = 0;
		return 0;
	}
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (*end || errno || n < 0 || n > 1000000 || !(*s >= '0' && *s <= '9'))
		return cli_error(_("%s \"%s\": a whole number of areas (0 or more) expected"), opt, s);
	*has = true;
	*v = (int)n;
	return 0;
}

static void print_targets(const status_table *t)
{
	const status_row *r = &t->total;
	const target *g = &r->target;
	char a[48], b[48];
	printf(_("%s · year %d\n"), r->name, t->year);
	const char *labels[3] = { _("Recognised (district)"), _("Recognised (province)"),
				  _("Resources mobilised") };
	int lw = 0;
	for (int i = 0; i < 3; i++)
		if (text_width(labels[i]) > lw)
			lw = text_width(labels[i]);
	strbuf s;
	sb_init(&s);
	pad(&s, "", lw, false);
	sb_printf(&s, "  %s / %s", _("target"), _("actual"));
	puts(s.s);
	for (int i = 0; i < 3; i++) {
		sb_clear(&s);
		pad(&s, labels[i], lw, false);
		sb_add(&s, "  ");
		if (i == 0) {
			sb_add(&s, g->has_district ? vn_format_number(g->recognised_district, 0, a, sizeof a) : "-");
			sb_printf(&s, " / %s", vn_format_number(r->recognised_district, 0, b, sizeof b));
		} else if (i == 1) {
			sb_add(&s, g->has_province ? vn_format_number(g->recognised_province, 0, a, sizeof a) : "-");
			sb_printf(&s, " / %s", vn_format_number(r->recognised_province, 0, b, sizeof b));
		} else {
			sb_add(&s, g->has_resources ? vn_format_money((double)g->resources_dong, a, sizeof a) : "-");
			sb_printf(&s, " / %s", vn_format_money((double)r->resources_dong, b, sizeof b));
		}
		puts(s.s);
	}
	if (g->note)
		printf(_("Note: %s\n"), g->note);
	sb_free(&s);
}

int cmd_targets(app *a, int argc, char **argv)
{
	enum { O_YEAR = 256, O_DISTRICT, O_PROVINCE, O_RESOURCES, O_NOTE, O_CLEAR };
	static const struct option opts[] = {
		{ "year", required_argument, NULL, O_YEAR },
		{ "district", required_argument, NULL, O_DISTRICT },
		{ "province", required_argument, NULL, O_PROVINCE },
		{ "resources", required_argument, NULL, O_RESOURCES },
		{ "note", required_argument, NULL, O_NOTE },
		{ "clear", no_argument, NULL, O_CLEAR },
		{ 0, 0, 0, 0 },
	};
	int year = cli_default_year(a), c;
	const char *district = NULL, *province = NULL, *resources = NULL, *note = NULL;
	bool clear = false;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_YEAR:
			if ((year = cli_parse_year(optarg)) < 0)
				return 2;
			break;
		case O_DISTRICT: district = optarg; break;
		case O_PROVINCE: province = optarg; break;
		case O_RESOURCES: resources = optarg; break;
		case O_NOTE: note = optarg; break;
		case O_CLEAR: clear = true; break;
		default: return cli_usage("targets");
		}
	}
	if (optind != argc - 1)
		return cli_usage("targets");
	int64_t id;
	if (area_resolve(a->db, argv[optind], &id) < 0)
		return cli_db_error(a);
	if (clear || district || province || resources || note) {
		target t;
		if (clear) {
			memset(&t, 0, sizeof t);
			t.area_id = id;
			t.year = year;
		} else if (target_get(a->db, id, year, &t) < 0) {
			return cli_db_error(a);
		}
		int rc = 0;
		if (district)
			rc = parse_count("--district", district, &t.has_district, &t.recognised_district);
		if (!rc && province)
			rc = parse_count("--province", province, &t.has_province, &t.recognised_province);
		if (!rc && resources) {
			double dong;
			const char *err = NULL;
			if (!*resources) {
				t.has_resources = false;
				t.resources_dong = 0;
			} else if (!vn_parse_money(resources, &dong, &err)) {
				rc = cli_error(_("--resources \"%s\": %s"), resources, _(err));
			} else {
				t.has_resources = true;
				t.resources_dong = (int64_t)llround(dong);
			}
		}
		if (!rc && note) {
			free(t.note);
			t.note = *note ? xstrdup(note) : NULL;
		}
		if (!rc && target_set(a->db, &t) < 0)
			rc = cli_db_error(a);
		target_free(&t);
		if (rc)
			return rc;
	}
	status_table st;
	if (status_table_build(a->db, id, year, &st) < 0)
		return cli_db_error(a);
	print_targets(&st);
	status_table_free(&st);
	return 0;
}

/* ---- matrix ---- */

static const char *cell_key(matrix_cell c)
{
	switch (c) {
	case CELL_MET: return "met";
	case CELL_NOT_MET: return "not_met";
	case CELL_DISAGREE_MET: return "disagree_met";
	case CELL_DISAGREE_NOT_MET: return "disagree_not_met";
	default: return "not_assessed";
	}
}

static char cell_char(matrix_cell c)
{
	switch (c) {
	case CELL_MET: return 'x';
	case CELL_NOT_MET: return '.';
	case CELL_DISAGREE_MET:
	case CELL_DISAGREE_NOT_MET: return '!';
	default: return '-';
	}
}

static void print_matrix_csv(const criteria_matrix *m)
{
	strbuf b;
	sb_init(&b);
	sb_add(&b, "village");
	for (size_t c = 0; c < m->ncriteria; c++) {
		sb_addc(&b, ',');
		sb_add_csv(&b, m->criterion_codes[c]);
	}
	puts(b.s);
	for (size_t v = 0; v < m->nvillages; v++) {
		sb_clear(&b);
		sb_add_csv(&b, m->village_names[v]);
		for (size_t c = 0; c < m->ncriteria; c++)
			sb_printf(&b, ",%s", cell_key(m->cells[v * m->ncriteria + c]));
		puts(b.s);
	}
	sb_free(&b);
}

/* Villages as rows, one character a criterion; the criteria's codes written downwards above
 * their columns; the count met at the end of each row. */
static void print_matrix_text(const char *commune, const criteria_matrix *m)
{
	int nw = text_width(_("Village"));
	for (size_t v = 0; v < m->nvillages; v++)
		if (text_width(m->village_names[v]) > nw)
			nw = text_width(m->village_names[v]);
	int code_w = 0;
	for (size_t c = 0; c < m->ncriteria; c++)
		if (text_width(m->criterion_codes[c]) > code_w)
			code_w = text_width(m->criterion_codes[c]);
	printf(_("%s · year %d\n"), commune, m->year);
	strbuf b;
	sb_init(&b);
	/* The header: the codes, one character a line; "Village" on the last of those lines. */
	const char **pos = xcalloc(m->ncriteria ? m->ncriteria : 1, sizeof *pos);
	for (size_t c = 0; c < m->ncriteria; c++)
		pos[c] = m->criterion_codes[c];
	for (int line = 0; line < code_w; line++) {
		sb_clear(&b);
		pad(&b, line == code_w - 1 ? _("Village") : "", nw, false);
		sb_addc(&b, ' ');
		for (size_t c = 0; c < m->ncriteria; c++) {
			sb_addc(&b, ' ');
			size_t len = text_char_len(pos[c]);
			if (len) {
				sb_addn(&b, pos[c], len);
				pos[c] += len;
			} else {
				sb_addc(&b, ' ');
			}
		}
		if (line == code_w - 1)
			sb_printf(&b, "  %s", _("Met"));
		puts(b.s);
	}
	free(pos);
	for (size_t v = 0; v < m->nvillages; v++) {
		sb_clear(&b);
		pad(&b, m->village_names[v], nw, false);
		sb_addc(&b, ' ');
		int met = 0;
		for (size_t c = 0; c < m->ncriteria; c++) {
			matrix_cell cell = m->cells[v * m->ncriteria + c];
			met += cell == CELL_MET || cell == CELL_DISAGREE_MET;
			sb_addc(&b, ' ');
			sb_addc(&b, cell_char(cell));
		}
		sb_printf(&b, "  %d/%zu", met, m->ncriteria);
		puts(b.s);
	}
	sb_free(&b);
	puts(_("x met  . not met  - not assessed  ! the stages disagree (the appraisal is counted; "
	       "where there is none, the self-assessment)"));
}

int cmd_matrix(app *a, int argc, char **argv)
{
	int64_t id;
	int year;
	bool csv;
	int rc = parse_view_args(a, argc, argv, "matrix", false, &id, &year, &csv);
	if (rc)
		return rc;
	int64_t set_id;
	if (criteria_set_for_year(a->db, year, &set_id) < 0)
		return cli_db_error(a);
	if (!set_id)
		return cli_error(_("no criteria set applies to %d"), year);
	criteria_matrix m;
	if (criteria_matrix_build(a->db, id, year, &m) < 0)
		return cli_db_error(a);
	if (csv) {
		print_matrix_csv(&m);
	} else {
		area c;
		if (area_get(a->db, id, &c) < 0) {
			criteria_matrix_free(&m);
			return cli_db_error(a);
		}
		print_matrix_text(c.name, &m);
		area_free(&c);
	}
	criteria_matrix_free(&m);
	return 0;
}
