#include "config.h"
/* resources: the resource mobilisation ledger from the command line: entries added, listed,
 * edited and deleted; totals by source and form for a period, up the area hierarchy. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/resource.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

enum {
	O_AREA = 256, O_DATE, O_SOURCE, O_FORM, O_VALUE, O_QUANTITY, O_UNIT, O_WORK, O_CONTRIBUTOR,
	O_NOTE, O_PERIOD, O_FORMAT,
};

static const struct option edit_opts[] = {
	{ "area", required_argument, NULL, O_AREA },
	{ "date", required_argument, NULL, O_DATE },
	{ "source", required_argument, NULL, O_SOURCE },
	{ "form", required_argument, NULL, O_FORM },
	{ "value", required_argument, NULL, O_VALUE },
	{ "quantity", required_argument, NULL, O_QUANTITY },
	{ "unit", required_argument, NULL, O_UNIT },
	{ "work", required_argument, NULL, O_WORK },
	{ "contributor", required_argument, NULL, O_CONTRIBUTOR },
	{ "note", required_argument, NULL, O_NOTE },
	{ 0, 0, 0, 0 },
};

/* The options of add and edit as typed; NULL: not given. */
typedef struct given {
	const char *opt[O_NOTE - O_AREA + 1];
} given;

#define GIVEN(g, o) ((g)->opt[(o) - O_AREA])

/* A source (form == false) or form typed by the user; -1 with the known keys printed if unknown. */
static int parse_kind(const char *s, bool form)
{
	int v = form ? form_parse(s) : source_parse(s);
	if (v >= 0)
		return v;
	strbuf b;
	sb_init(&b);
	int n = form ? FORM_COUNT : SOURCE_COUNT;
	for (int i = 0; i < n; i++)
		sb_printf(&b, "%s%s", i ? ", " : "",
			  form ? form_key((resource_form)i) : source_key((resource_source)i));
	if (form)
		cli_error(_("unknown form \"%s\" (%s)"), s, b.s);
	else
		cli_error(_("unknown source \"%s\" (%s)"), s, b.s);
	sb_free(&b);
	return -1;
}

/* An entry's id as printed by add and list; 0 if s is not one. */
static int64_t parse_id(const char *s)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v <= 0)
		return 0;
	return (int64_t)v;
}

/* Replaces *field (malloc'd or NULL) by a copy of s; "" means none. */
static void set_text(char **field, const char *s)
{
	free(*field);
	*field = *s ? xstrdup(s) : NULL;
}

/* A period option; 1 with the reason printed if invalid. */
static int parse_period(const char *s, period *p)
{
	const char *err = NULL;
	if (!period_parse(s, p, &err))
		return cli_error(_("--period \"%s\": %s"), s, _(err));
	return 0;
}

/* Applies the given options to e (its texts malloc'd, as resource_get fills them). Returns 0, or
 * 1 with the reason printed. */
static int apply(app *ap, const given *g, resource_entry *e)
{
	const char *s;
	if ((s = GIVEN(g, O_AREA)) && area_resolve(ap->db, s, &e->area_id) < 0)
		return cli_db_error(ap);
	if ((s = GIVEN(g, O_DATE)) && cli_parse_date(s, e->date, sizeof e->date))
		return 1;
	if ((s = GIVEN(g, O_SOURCE))) {
		int v = parse_kind(s, false);
		if (v < 0)
			return 1;
		e->source = (resource_source)v;
	}
	if ((s = GIVEN(g, O_FORM))) {
		int v = parse_kind(s, true);
		if (v < 0)
			return 1;
		/* A unit that was the old form's usual one follows the form. */
		const char *old_unit = form_default_unit(e->form);
		if (!GIVEN(g, O_UNIT) && (!e->unit || (old_unit && strcmp(e->unit, old_unit) == 0))) {
			const char *unit = form_default_unit((resource_form)v);
			set_text(&e->unit, unit ? unit : "");
		}
		e->form = (resource_form)v;
	}
	if ((s = GIVEN(g, O_VALUE))) {
		double dong;
		const char *err = NULL;
		if (!vn_parse_money(s, &dong, &err))
			return cli_error(_("--value \"%s\": %s"), s, _(err));
		e->value = (int64_t)llround(dong);
	}
	if ((s = GIVEN(g, O_QUANTITY))) {
		const char *err = NULL;
		if (!*s) {
			e->has_quantity = false;   /* --quantity "": none */
			e->quantity = 0;
		} else if (!vn_parse_number(s, &e->quantity, &err)) {
			return cli_error(_("--quantity \"%s\": %s"), s, _(err));
		} else {
			e->has_quantity = true;
		}
	}
	if ((s = GIVEN(g, O_UNIT)))
		set_text(&e->unit, s);
	if ((s = GIVEN(g, O_WORK)))
		set_text(&e->work, s);
	if ((s = GIVEN(g, O_CONTRIBUTOR)))
		set_text(&e->contributor, s);
	if ((s = GIVEN(g, O_NOTE)))
		set_text(&e->note, s);
	return 0;
}

/* Reads the options of add / edit into g; the positional arguments are left from optind.
 * Returns 0, or 2 on a usage error. */
static int read_options(int argc, char **argv, given *g)
{
	int c;
	memset(g, 0, sizeof *g);
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", edit_opts, NULL)) != -1) {
		if (c < O_AREA || c > O_NOTE)
			return 2;
		GIVEN(g, c) = optarg;
	}
	return 0;
}

static int cmd_add(app *ap, int argc, char **argv)
{
	given g;
	if (read_options(argc, argv, &g) || optind != argc)
		return cli_usage("resources");
	static const struct {
		int opt;
		const char *name;
	} required[] = {
		{ O_AREA, "--area" }, { O_SOURCE, "--source" }, { O_FORM, "--form" }, { O_VALUE, "--value" },
	};
	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		if (!GIVEN(&g, required[i].opt)) {
			cli_error(_("resources add: %s is required"), required[i].name);
			return cli_usage("resources");
		}
	}
	resource_entry e;
	memset(&e, 0, sizeof e);
	vn_today_iso(e.date, sizeof e.date);
	int rc = apply(ap, &g, &e);
	if (rc == 0 && !GIVEN(&g, O_UNIT)) {
		const char *unit = form_default_unit(e.form);
		set_text(&e.unit, unit ? unit : "");
	}
	int64_t id = 0;
	if (rc == 0 && resource_save(ap->db, &e, &id) < 0)
		rc = cli_db_error(ap);
	if (rc == 0)
		printf("%lld\n", (long long)id);
	resource_entry_free(&e);
	return rc;
}

/* The id argument of edit and delete; 0 with the usage printed if invalid. */
static int64_t id_arg(const char *s)
{
	int64_t id = parse_id(s);
	if (!id) {
		cli_error(_("invalid entry id \"%s\""), s);
		cli_usage("resources");
	}
	return id;
}

static int cmd_edit(app *ap, int argc, char **argv)
{
	given g;
	if (read_options(argc, argv, &g) || optind != argc - 1)
		return cli_usage("resources");
	int64_t id = id_arg(argv[optind]);
	if (!id)
		return 2;
	resource_entry e;
	if (resource_get(ap->db, id, &e) < 0)
		return cli_db_error(ap);
	int rc = apply(ap, &g, &e);
	if (rc == 0 && resource_save(ap->db, &e, &id) < 0)
		rc = cli_db_error(ap);
	resource_entry_free(&e);
	return rc;
}

static int cmd_delete(app *ap, int argc, char **argv)
{
	static const struct option opts[] = { { 0, 0, 0, 0 } };
	optind = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1 || optind != argc - 1)
		return cli_usage("resources");
	int64_t id = id_arg(argv[optind]);
	if (!id)
		return 2;
	if (resource_delete(ap->db, id) < 0)
		return cli_db_error(ap);
	return 0;
}

/* ---- output helpers ---- */

static void add_padded(strbuf *b, const char *s, int width)
{
	sb_add(b, s);
	for (int w = text_width(s); w < width; w++)
		sb_addc(b, ' ');
}

static void add_right(strbuf *b, const char *s, int width)
{
	for (int w = text_width(s); w < width; w++)
		sb_addc(b, ' ');
	sb_add(b, s);
}

/* A quantity as a plain number for CSV: at most 6 decimals, trailing zeros dropped. */
static char *plain_number(double v, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.6f", v == 0 ? 0.0 : v);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	return buf;
}

/* ---- list ---- */

enum { C_ID, C_DATE, C_AREA, C_SOURCE, C_FORM, C_VALUE, C_WORK, NCOLS };

/* The cells of one row of the text table (malloc'd). The area is shown with its code, as
 * village names repeat from one commune to the next. */
static void row_cells(const resource_entry *e, char **cell)
{
	char buf[64];
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "%lld", (long long)e->id);
	cell[C_ID] = sb_take(&b);
	cell[C_DATE] = xstrdup(vn_format_iso_date(e->date, buf, sizeof buf));
	sb_printf(&b, "%s (%s)", e->area_name ? e->area_name : "", e->area_code ? e->area_code : "");
	cell[C_AREA] = sb_take(&b);
	cell[C_SOURCE] = xstrdup(source_label(e->source));
	sb_add(&b, form_label(e->form));
	if (e->has_quantity) {
		sb_printf(&b, " (%s", vn_format_number(e->quantity, 6, buf, sizeof buf));
		if (e->unit)
			sb_printf(&b, " %s", e->unit);
		sb_addc(&b, ')');
	}
	cell[C_FORM] = sb_take(&b);
	cell[C_VALUE] = xstrdup(vn_format_money((double)e->value, buf, sizeof buf));
	sb_add(&b, e->work ? e->work : "");
	if (e->contributor)
		sb_printf(&b, "%s%s", e->work ? " — " : "", e->contributor);
	cell[C_WORK] = sb_take(&b);
}

static void print_text(const resource_entry *list, size_t n)
{
	if (n == 0) {
		puts(_("No resource entries."));
		return;
	}
	const char *head[NCOLS] = {
		_("Id"), _("Date"), _("Area"), _("Source"), _("Form"), _("Value"), _("Work"),
	};
	char **cells = xcalloc(n * NCOLS, sizeof *cells);
	int width[NCOLS];
	int64_t total = 0;
	for (int c = 0; c < NCOLS; c++)
		width[c] = text_width(head[c]);
	for (size_t i = 0; i < n; i++) {
		row_cells(&list[i], &cells[i * NCOLS]);
		for (int c = 0; c < NCOLS; c++) {
			int w = text_width(cells[i * NCOLS + c]);
			if (w > width[c])
				width[c] = w;
		}
		total += list[i].value;
	}
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i <= n; i++) {
		const char *const *row = i == 0 ? head : (const char *const *)&cells[(i - 1) * NCOLS];
		sb_clear(&b);
		for (int c = 0; c < NCOLS; c++) {
			if (c == C_VALUE || c == C_ID)
				add_right(&b, row[c], width[c]);
			else if (c == C_WORK)
				sb_add(&b, row[c]);
			else
				add_padded(&b, row[c], width[c]);
			if (c != C_WORK)
				sb_add(&b, "  ");
		}
		/* No trailing blanks when the work is empty. */
		while (b.len && b.s[b.len - 1] == ' ')
			b.s[--b.len] = '\0';
		puts(b.s);
	}
	char money[48];
	printf(ngettext("%zu entry, in all %s\n", "%zu entries, in all %s\n", n), n,
	       vn_format_money((double)total, money, sizeof money));
	sb_free(&b);
	for (size_t i = 0; i < n * NCOLS; i++)
		free(cells[i]);
	free(cells);
}

static void print_csv(const resource_entry *list, size_t n)
{
	strbuf b;
	sb_init(&b);
	for (int i = 0; i < resource_csv_ncolumns; i++)
		sb_printf(&b, "%s%s", i ? "," : "", resource_csv_columns[i]);
	puts(b.s);
	for (size_t i = 0; i < n; i++) {
		sb_clear(&b);
		resource_csv_line(&list[i], &b);
		puts(b.s);
	}
	sb_free(&b);
}

/* Reads the options of list and totals into q (with *p the period, *csv the format). */
static int query_options(app *ap, int argc, char **argv, bool filters, resource_query *q,
			 period *p, bool *csv)
{
	static const struct option list_opts[] = {
		{ "area", required_argument, NULL, O_AREA },
		{ "period", required_argument, NULL, O_PERIOD },
		{ "source", required_argument, NULL, O_SOURCE },
		{ "form", required_argument, NULL, O_FORM },
		{ "format", required_argument, NULL, O_FORMAT },
		{ 0, 0, 0, 0 },
	};
	static const struct option totals_opts[] = {
		{ "area", required_argument, NULL, O_AREA },
		{ "period", required_argument, NULL, O_PERIOD },
		{ "format", required_argument, NULL, O_FORMAT },
		{ 0, 0, 0, 0 },
	};
	*q = (resource_query){ 0, true, NULL, -1, -1 };
	*csv = false;
	const char *area_spec = NULL;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", filters ? list_opts : totals_opts, NULL)) != -1) {
		switch (c) {
		case O_AREA:
			area_spec = optarg;
			break;
		case O_PERIOD:
			if (parse_period(optarg, p))
				return 1;
			q->period = p;
			break;
		case O_SOURCE:
			if ((q->source = parse_kind(optarg, false)) < 0)
				return 1;
			break;
		case O_FORM:
			if ((q->form = parse_kind(optarg, true)) < 0)
				return 1;
			break;
		case O_FORMAT:
			if (cli_parse_format(optarg, csv))
				return 1;
			break;
		default:
			return cli_usage("resources");
		}
	}
	if (optind != argc)
		return cli_usage("resources");
	if (area_spec && area_resolve(ap->db, area_spec, &q->area_id) < 0)
		return cli_db_error(ap);
	return 0;
}

static int cmd_list(app *ap, int argc, char **argv)
{
	resource_query q;
	period p;
	bool csv;
	int rc = query_options(ap, argc, argv, true, &q, &p, &csv);
	if (rc)
		return rc;
	resource_entry *list;
	size_t n;
	if (resource_list(ap->db, &q, &list, &n) < 0)
		return cli_db_error(ap);
	if (csv)
		print_csv(list, n);
	else
		print_text(list, n);
	resource_entries_free(list, n);
	return 0;
}

/* ---- totals ---- */

/* "Lạc Xuân (24934) and everything below it, 2025-Q1 (01/01/2025-31/03/2025)" */
static int scope_text(app *ap, const resource_query *q, strbuf *b)
{
	if (q->area_id) {
		area a;
		if (area_get(ap->db, q->area_id, &a) < 0)
			return -1;
		sb_printf(b, _("%s (%s) and everything below it"), a.name, a.code);
		area_free(&a);
	} else {
		sb_add(b, _("all areas"));
	}
	if (q->period) {
		char from[16], to[16];
		vn_format_iso_date(q->period->from, from, sizeof from);
		vn_format_iso_date(q->period->to, to, sizeof to);
		if (strchr(q->period->label, '/'))
			sb_printf(b, ", %s", q->period->label);
		else
			sb_printf(b, ", %s (%s-%s)", q->period->label, from, to);
	} else {
		sb_printf(b, ", %s", _("all dates"));
	}
	return 0;
}

static void totals_line(strbuf *b, const char *label, const char *value, int lw, int vw)
{
	sb_add(b, "  ");
	add_padded(b, label, lw);
	sb_add(b, "  ");
	add_right(b, value, vw);
	sb_addc(b, '\n');
}

static void print_totals_text(const char *scope, const resource_totals *t)
{
	char buf[64];
	/* Labels and values, to align them. */
	enum { N = SOURCE_COUNT + FORM_COUNT + 4 };
	const char *label[N];
	char *value[N];
	int k = 0;
	for (int i = 0; i < SOURCE_COUNT; i++, k++) {
		label[k] = source_label((resource_source)i);
		value[k] = xstrdup(vn_format_money((double)t->by_source[i], buf, sizeof buf));
	}
	for (int i = 0; i < FORM_COUNT; i++, k++) {
		label[k] = form_label((resource_form)i);
		value[k] = xstrdup(vn_format_money((double)t->by_form[i], buf, sizeof buf));
	}
	label[k] = _("Total");
	value[k++] = xstrdup(vn_format_money((double)t->value, buf, sizeof buf));
	label[k] = _("Entries");
	value[k++] = xstrdup(vn_format_number((double)t->count, 0, buf, sizeof buf));
	label[k] = _("Labour days");
	value[k++] = xstrdup(vn_format_number(t->labour_days, 2, buf, sizeof buf));
	label[k] = _("Donated land (m²)");
	value[k++] = xstrdup(vn_format_number(t->land_m2, 2, buf, sizeof buf));
	int lw = 0, vw = 0;
	for (int i = 0; i < N; i++) {
		if (text_width(label[i]) > lw)
			lw = text_width(label[i]);
		if (text_width(value[i]) > vw)
			vw = text_width(value[i]);
	}
	strbuf b;
	sb_init(&b);
	sb_printf(&b, _("Resources mobilised: %s\n"), scope);
	sb_printf(&b, "%s\n", _("By source:"));
	for (int i = 0; i < SOURCE_COUNT; i++)
		totals_line(&b, label[i], value[i], lw, vw);
	sb_printf(&b, "%s\n", _("By form:"));
	for (int i = SOURCE_COUNT; i < SOURCE_COUNT + FORM_COUNT; i++)
		totals_line(&b, label[i], value[i], lw, vw);
	for (int i = SOURCE_COUNT + FORM_COUNT; i < N; i++) {
		/* The grand figures sit at the left margin, aligned with the rest. */
		add_padded(&b, label[i], lw + 2);
		sb_add(&b, "  ");
		add_right(&b, value[i], vw);
		sb_addc(&b, '\n');
	}
	fputs(b.s, stdout);
	sb_free(&b);
	for (int i = 0; i < N; i++)
		free(value[i]);
}

static void totals_csv_row(strbuf *b, const char *kind, const char *key, const char *label,
			   const char *value)
{
	sb_clear(b);
	sb_printf(b, "%s,%s,", kind, key);
	sb_add_csv(b, label);
	sb_printf(b, ",%s", value);
	puts(b->s);
}

static void print_totals_csv(const resource_totals *t)
{
	char buf[64];
	strbuf b;
	sb_init(&b);
	puts("kind,key,label,value");
	for (int i = 0; i < SOURCE_COUNT; i++) {
		snprintf(buf, sizeof buf, "%lld", (long long)t->by_source[i]);
		totals_csv_row(&b, "source", source_key((resource_source)i),
			       source_label((resource_source)i), buf);
	}
	for (int i = 0; i < FORM_COUNT; i++) {
		snprintf(buf, sizeof buf, "%lld", (long long)t->by_form[i]);
		totals_csv_row(&b, "form", form_key((resource_form)i), form_label((resource_form)i), buf);
	}
	snprintf(buf, sizeof buf, "%lld", (long long)t->value);
	totals_csv_row(&b, "total", "value", _("Total"), buf);
	snprintf(buf, sizeof buf, "%lld", (long long)t->count);
	totals_csv_row(&b, "total", "count", _("Entries"), buf);
	totals_csv_row(&b, "total", "labour_days", _("Labour days"),
		       plain_number(t->labour_days, buf, sizeof buf));
	totals_csv_row(&b, "total", "land_m2", _("Donated land (m²)"),
		       plain_number(t->land_m2, buf, sizeof buf));
	sb_free(&b);
}

static int cmd_totals(app *ap, int argc, char **argv)
{
	resource_query q;
	period p;
	bool csv;
	int rc = query_options(ap, argc, argv, false, &q, &p, &csv);
	if (rc)
		return rc;
	resource_totals t;
	if (resource_totals_get(ap->db, &q, &t) < 0)
		return cli_db_error(ap);
	if (csv) {
		print_totals_csv(&t);
		return 0;
	}
	strbuf scope;
	sb_init(&scope);
	if (scope_text(ap, &q, &scope) < 0) {
		sb_free(&scope);
		return cli_db_error(ap);
	}
	print_totals_text(scope.s, &t);
	sb_free(&scope);
	return 0;
}

int cmd_resources(app *a, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("resources");
	const char *sub = argv[1];
	/* The subcommand stands as the program name for getopt. */
	if (strcmp(sub, "add") == 0)
		return cmd_add(a, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_list(a, argc - 1, argv + 1);
	if (strcmp(sub, "edit") == 0)
		return cmd_edit(a, argc - 1, argv + 1);
	if (strcmp(sub, "delete") == 0)
		return cmd_delete(a, argc - 1, argv + 1);
	if (strcmp(sub, "totals") == 0)
		return cmd_totals(a, argc - 1, argv + 1);
	cli_error(_("unknown resources command \"%s\" (add, list, edit, delete, totals)"), sub);
	return cli_usage("resources");
}
