#include "config.h"
/* award: commendations (Giấy khen, Bằng khen ...) added, listed, edited and deleted. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/award.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vnum.h"

enum {
	O_KIND = 256, O_RECIPIENT, O_AREA, O_FORM, O_LEVEL, O_DECISION, O_DATE, O_BODY, O_AMOUNT,
	O_REASON, O_NOTE, O_YEAR, O_FORMAT,
};

static const struct option edit_opts[] = {
	{ "recipient-kind", required_argument, NULL, O_KIND },
	{ "recipient", required_argument, NULL, O_RECIPIENT },
	{ "area", required_argument, NULL, O_AREA },
	{ "form", required_argument, NULL, O_FORM },
	{ "level", required_argument, NULL, O_LEVEL },
	{ "decision", required_argument, NULL, O_DECISION },
	{ "date", required_argument, NULL, O_DATE },
	{ "body", required_argument, NULL, O_BODY },
	{ "amount", required_argument, NULL, O_AMOUNT },
	{ "reason", required_argument, NULL, O_REASON },
	{ "note", required_argument, NULL, O_NOTE },
	{ 0, 0, 0, 0 },
};

/* The options of add and edit as typed; NULL: not given. */
typedef struct given {
	const char *opt[O_NOTE - O_KIND + 1];
} given;

#define GIVEN(g, o) ((g)->opt[(o) - O_KIND])

static void list_keys(strbuf *b, const char *(*key)(int), int n)
{
	for (int i = 0; i < n; i++)
		sb_printf(b, "%s%s", i ? ", " : "", key(i));
}

static const char *kind_key_at(int i) { return recipient_kind_key((recipient_kind)i); }
static const char *level_key_at(int i) { return award_level_key((award_level)i); }

/* A recipient kind or level key; -1 with the known keys printed if unknown. */
static int parse_key(const char *s, bool kind)
{
	int v = kind ? recipient_kind_from_key(s) : award_level_from_key(s);
	if (v >= 0)
		return v;
	strbuf b;
	sb_init(&b);
	list_keys(&b, kind ? kind_key_at : level_key_at, kind ? RECIPIENT_KIND_COUNT : AWARD_LEVEL_COUNT);
	if (kind)
		cli_error(_("unknown recipient kind \"%s\" (%s)"), s, b.s);
	else
		cli_error(_("unknown level \"%s\" (%s)"), s, b.s);
	sb_free(&b);
	return -1;
}

/* A commendation's id as printed by add and list; 0 if s is not one. */
static int64_t parse_id(const char *s)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v <= 0)
		return 0;
	return (int64_t)v;
}

/* Replaces *field (malloc'd or NULL) by a copy of s; "" for an optional field means none. */
static void set_text(char **field, const char *s, bool optional)
{
	free(*field);
	*field = optional && !*s ? NULL : xstrdup(s);
}

/* Applies the given options to a (its texts malloc'd, as award_get fills them). Returns 0, or 1
 * with the reason printed. */
static int apply(app *ap, const given *g, award *a)
{
	const char *s;
	if ((s = GIVEN(g, O_KIND))) {
		int k = parse_key(s, true);
		if (k < 0)
			return 1;
		a->kind = (recipient_kind)k;
	}
	if ((s = GIVEN(g, O_LEVEL))) {
		int l = parse_key(s, false);
		if (l < 0)
			return 1;
		a->level = (award_level)l;
	}
	if ((s = GIVEN(g, O_AREA)) && area_resolve(ap->db, s, &a->area_id) < 0)
		return cli_db_error(ap);
	if ((s = GIVEN(g, O_DATE))) {
		char iso[16];
		if (cli_parse_date(s, iso, sizeof iso))
			return 1;
		set_text(&a->decision_date, iso, false);
	}
	if ((s = GIVEN(g, O_AMOUNT))) {
		const char *err = NULL;
		if (!*s) {
			a->has_amount = false;   /* --amount "": no cash */
			a->amount = 0;
		} else if (!vn_parse_money(s, &a->amount, &err)) {
			return cli_error(_("--amount \"%s\": %s"), s, _(err));
		} else {
			a->has_amount = true;
		}
	}
	if ((s = GIVEN(g, O_RECIPIENT)))
		set_text(&a->recipient, s, false);
	if ((s = GIVEN(g, O_FORM)))
		set_text(&a->form, s, false);
	if ((s = GIVEN(g, O_DECISION)))
		set_text(&a->decision_no, s, false);
	if ((s = GIVEN(g, O_BODY)))
		set_text(&a->issuer, s, true);
	if ((s = GIVEN(g, O_REASON)))
		set_text(&a->reason, s, true);
	if ((s = GIVEN(g, O_NOTE)))
		set_text(&a->note, s, true);
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
		if (c < O_KIND || c > O_NOTE)
			return 2;
		GIVEN(g, c) = optarg;
	}
	return 0;
}

static int cmd_add(app *ap, int argc, char **argv)
{
	given g;
	if (read_options(argc, argv, &g) || optind != argc)
		return cli_usage("award");
	static const struct {
		int opt;
		const char *name;
	} required[] = {
		{ O_KIND, "--recipient-kind" }, { O_RECIPIENT, "--recipient" }, { O_AREA, "--area" },
		{ O_FORM, "--form" }, { O_LEVEL, "--level" }, { O_DECISION, "--decision" },
		{ O_DATE, "--date" },
	};
	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		if (!GIVEN(&g, required[i].opt)) {
			cli_error(_("award add: %s is required"), required[i].name);
			return cli_usage("award");
		}
	}
	award a;
	memset(&a, 0, sizeof a);
	int rc = apply(ap, &g, &a);
	int64_t id = 0;
	if (rc == 0 && award_save(ap->db, &a, &id) < 0)
		rc = cli_db_error(ap);
	if (rc == 0)
		printf("%lld\n", (long long)id);
	award_free(&a);
	return rc;
}

static int cmd_edit(app *ap, int argc, char **argv)
{
	given g;
	if (read_options(argc, argv, &g) || optind != argc - 1)
		return cli_usage("award");
	int64_t id = parse_id(argv[optind]);
	if (!id) {
		cli_error(_("invalid commendation id \"%s\""), argv[optind]);
		return cli_usage("award");
	}
	award a;
	if (award_get(ap->db, id, &a) < 0)
		return cli_db_error(ap);
	int64_t old_area = a.area_id;
	recipient_kind old_kind = a.kind;
	int old_year = atoi(a.decision_date ? a.decision_date : "0");
	int rc = apply(ap, &g, &a);
	/* Moved to another area, recipient or year: the recognition it rewards is found again. */
	if (rc == 0 && (a.area_id != old_area || a.kind != old_kind ||
			atoi(a.decision_date ? a.decision_date : "0") != old_year))
		a.recognition_id = 0;
	if (rc == 0 && award_save(ap->db, &a, &id) < 0)
		rc = cli_db_error(ap);
	award_free(&a);
	return rc;
}

static int cmd_delete(app *ap, int argc, char **argv)
{
	static const struct option opts[] = { { 0, 0, 0, 0 } };
	optind = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1 || optind != argc - 1)
		return cli_usage("award");
	int64_t id = parse_id(argv[optind]);
	if (!id) {
		cli_error(_("invalid commendation id \"%s\""), argv[optind]);
		return cli_usage("award");
	}
	if (award_delete(ap->db, id) < 0)
		return cli_db_error(ap);
	return 0;
}

/* ---- list ---- */

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

enum { C_DATE, C_DECISION, C_FORM, C_LEVEL, C_RECIPIENT, C_AREA, C_AMOUNT, NCOLS };

/* The cells of one row of the text table (malloc'd); the area is shown with its code, as village
 * names repeat from one commune to the next. */
static void row_cells(app *ap, const award *w, char **cell)
{
	char buf[48];
	cell[C_DATE] = xstrdup(vn_format_iso_date(w->decision_date, buf, sizeof buf));
	cell[C_DECISION] = xstrdup(w->decision_no ? w->decision_no : "");
	cell[C_FORM] = xstrdup(w->form ? w->form : "");
	cell[C_LEVEL] = xstrdup(award_level_label(w->level));
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "%s (%s)", w->recipient ? w->recipient : "", recipient_kind_label(w->kind));
	cell[C_RECIPIENT] = sb_take(&b);
	area ar;
	if (area_get(ap->db, w->area_id, &ar) == 0) {
		sb_printf(&b, "%s (%s)", ar.name, ar.code);
		area_free(&ar);
	} else {
		sb_add(&b, w->area_name ? w->area_name : "");
	}
	cell[C_AREA] = sb_take(&b);
	cell[C_AMOUNT] = xstrdup(w->has_amount ? vn_format_money(w->amount, buf, sizeof buf) : "—");
}

static void print_text(app *ap, const award *list, size_t n)
{
	if (n == 0) {
		puts(_("No commendations."));
		return;
	}
	const char *head[NCOLS] = {
		_("Date"), _("Decision"), _("Form"), _("Level"), _("Recipient"), _("Area"), _("Amount"),
	};
	char **cells = xcalloc(n * NCOLS, sizeof *cells);
	int width[NCOLS];
	double total = 0;
	for (int c = 0; c < NCOLS; c++)
		width[c] = text_width(head[c]);
	for (size_t i = 0; i < n; i++) {
		row_cells(ap, &list[i], &cells[i * NCOLS]);
		for (int c = 0; c < NCOLS; c++) {
			int w = text_width(cells[i * NCOLS + c]);
			if (w > width[c])
				width[c] = w;
		}
		if (list[i].has_amount)
			total += list[i].amount;
	}
	strbuf b;
	sb_init(&b);
	for (size_t i = 0; i <= n; i++) {
		const char *const *row = i == 0 ? head : (const char *const *)&cells[(i - 1) * NCOLS];
		sb_clear(&b);
		for (int c = 0; c < NCOLS; c++) {
			if (c == C_AMOUNT) {
				add_right(&b, row[c], width[c]);
			} else {
				add_padded(&b, row[c], width[c]);
				sb_add(&b, "  ");
			}
		}
		puts(b.s);
	}
	char money[48];
	printf(ngettext("%zu commendation, in cash %s\n", "%zu commendations, in cash %s\n", n), n,
	       vn_format_money(total, money, sizeof money));
	sb_free(&b);
	for (size_t i = 0; i < n * NCOLS; i++)
		free(cells[i]);
	free(cells);
}

static void add_csv_field(strbuf *b, const char *s, bool last)
{
	sb_add_csv(b, s ? s : "");
	if (!last)
		sb_addc(b, ',');
}

static int print_csv(app *ap, const award *list, size_t n)
{
	puts("id,decision_date,decision_no,form,issuer,level,recipient_kind,recipient,area_code,area,"
	     "amount,reason,note,recognition_id");
	strbuf b;
	sb_init(&b);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const award *w = &list[i];
		area ar;
		if (area_get(ap->db, w->area_id, &ar) < 0) {
			rc = cli_db_error(ap);
			break;
		}
		char date[16];
		sb_clear(&b);
		sb_printf(&b, "%lld,", (long long)w->id);
		add_csv_field(&b, vn_format_iso_date(w->decision_date, date, sizeof date), false);
		add_csv_field(&b, w->decision_no, false);
		add_csv_field(&b, w->form, false);
		add_csv_field(&b, w->issuer, false);
		add_csv_field(&b, award_level_key(w->level), false);
		add_csv_field(&b, recipient_kind_key(w->kind), false);
		add_csv_field(&b, w->recipient, false);
		add_csv_field(&b, ar.code, false);
		add_csv_field(&b, w->area_name, false);
		if (w->has_amount)
			sb_printf(&b, "%.0f", w->amount);
		sb_addc(&b, ',');
		add_csv_field(&b, w->reason, false);
		add_csv_field(&b, w->note, false);
		if (w->recognition_id)
			sb_printf(&b, "%lld", (long long)w->recognition_id);
		puts(b.s);
		area_free(&ar);
	}
	sb_free(&b);
	return rc;
}

static int cmd_list(app *ap, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "area", required_argument, NULL, O_AREA },
		{ "year", required_argument, NULL, O_YEAR },
		{ "level", required_argument, NULL, O_LEVEL },
		{ "form", required_argument, NULL, O_FORM },
		{ "recipient-kind", required_argument, NULL, O_KIND },
		{ "format", required_argument, NULL, O_FORMAT },
		{ 0, 0, 0, 0 },
	};
	award_filter f = { 0, 0, -1, -1, NULL };
	const char *area_spec = NULL;
	bool csv = false;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_AREA:
			area_spec = optarg;
			break;
		case O_YEAR:
			if ((f.year = cli_parse_year(optarg)) < 0)
				return 2;
			break;
		case O_LEVEL:
			if ((f.level = parse_key(optarg, false)) < 0)
				return 1;
			break;
		case O_KIND:
			if ((f.kind = parse_key(optarg, true)) < 0)
				return 1;
			break;
		case O_FORM:
			f.form = optarg;
			break;
		case O_FORMAT:
			if (cli_parse_format(optarg, &csv))
				return 1;
			break;
		default:
			return cli_usage("award");
		}
	}
	if (optind != argc)
		return cli_usage("award");
	if (area_spec && area_resolve(ap->db, area_spec, &f.scope_area_id) < 0)
		return cli_db_error(ap);
	award *list;
	size_t n;
	if (award_list(ap->db, &f, &list, &n) < 0)
		return cli_db_error(ap);
	int rc = 0;
	if (csv)
		rc = print_csv(ap, list, n);
	else
		print_text(ap, list, n);
	awards_free(list, n);
	return rc;
}

int cmd_award(app *a, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("award");
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
	cli_error(_("unknown award command \"%s\" (add, list, edit, delete)"), sub);
	return cli_usage("award");
}
