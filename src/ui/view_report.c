/* The periodic report of an area, scrollable: the same text the `report` command writes, for
 * the TUI's year or a period chosen with p (2025-Q2, 2025-H1, dd/mm/yyyy-dd/mm/yyyy). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/report.h"
#include "domain/worklist.h"
#include "storage/db.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

typedef struct report_view {
	int64_t area_id;
	bool chosen;          /* a period chosen with p (else: the TUI's year) */
	period period;
	char **lines;
	int n;
	int widest;           /* the columns of the widest line */
	int offset;           /* columns scrolled off to the left ({ and }) */
} report_view;

static report_view *RV(view *v) { return v->data; }

static void clear_lines(report_view *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->lines[i]);
	free(r->lines);
	r->lines = NULL;
	r->n = 0;
	r->widest = 0;
}

static void add_line(report_view *r, const char *s)
{
	r->lines = xrealloc(r->lines, (size_t)(r->n + 1) * sizeof *r->lines);
	r->lines[r->n++] = xstrdup(s);
	int w = text_width(s);
	if (w > r->widest)
		r->widest = w;
}

/* Renders the report as text into lines (the command line's text format). */
static void build(tui *t, view *v)
{
	report_view *r = RV(v);
	clear_lines(r);
	if (!r->chosen)
		period_year(tui_year(t), &r->period);
	char today[16];
	vn_today_iso(today, sizeof today);
	report rep;
	work_settings delays = { tui_config(t)->appraisal_days, tui_config(t)->commendation_days };
	if (report_build(tui_db(t), r->area_id, &r->period, today, &delays, &rep) < 0) {
		add_line(r, db_error(tui_db(t)));
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	char err[256] = "";
	if (!mem || report_write(&rep, REPORT_TEXT, mem, NULL, false, err, sizeof err) < 0)
		add_line(r, err[0] ? err : _("cannot write the report"));
	if (mem)
		fclose(mem);
	for (char *p = buf, *nl; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			add_line(r, p);
			break;
		}
		*nl = '\0';
		add_line(r, p);
	}
	free(buf);
	report_free(&rep);
}

static int nrows(view *v) { return RV(v)->n; }

static void draw_row(tui *t, view *v, int row, int y, int width, bool selected)
{
	(void)t;
	report_view *r = RV(v);
	const char *s = r->lines[row];
	/* Never scrolled past the end of the widest line (after }, a wider terminal, a shorter
	 * report): the text stays in sight. */
	if (r->offset > 0 && r->offset > r->widest - width)
		r->offset = r->widest > width ? r->widest - width : 0;
	/* Section titles (lines that are not indented nor table rows) stand out. */
	attr_t a = s[0] && s[0] != ' ' && !strchr(s, '|') ? A_BOLD : A_NORMAL;
	/* Wide tables scroll sideways: skip the columns scrolled off, whole characters only. */
	int skipped = 0;
	size_t off = text_fit(s, r->offset, &skipped);
	screen_text(y, 0, s + off, width, selected ? (a | A_REVERSE) : a, false);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	area *path;
	size_t n;
	if (area_path(tui_db(t), RV(v)->area_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	sb_printf(out, _("  (report, %s)"), RV(v)->period.label);
}

static bool check_period(void *ctx, const char *text, char *err, size_t cap)
{
	period p;
	const char *msg;
	if (*text && !period_parse(text, &p, &msg)) {
		snprintf(err, cap, "%s", _(msg));
		return false;
	}
	(void)ctx;
	return true;
}

static bool act(tui *t, view *v, int action)
{
	report_view *r = RV(v);
	if (action == ACT_SCROLL_RIGHT) {
		r->offset += 20;   /* drawing takes it back to where the widest line ends */
		return true;
	}
	if (action == ACT_SCROLL_LEFT) {
		r->offset = r->offset > 20 ? r->offset - 20 : 0;
		return true;
	}
	if (action != ACT_PERIOD)
		return false;
	char *text = tui_prompt(t, _("Period (2025, 2025-H1, 2025-Q2, dd/mm/yyyy-dd/mm/yyyy; empty: the year):"),
				r->chosen ? r->period.label : "", check_period, NULL);
	if (!text)
		return true;
	const char *msg;
	r->chosen = *text && period_parse(text, &r->period, &msg);
	free(text);
	build(t, v);
	v->cursor = v->top = 0;
	return true;
}

static void reload(tui *t, view *v)
{
	/* A chosen period stays; otherwise the report follows the year. */
	build(t, v);
}

static int64_t current_area(view *v)
{
	return RV(v)->area_id;
}

static void destroy(view *v)
{
	clear_lines(RV(v));
	free(v->data);
	free(v);
}

static const view_ops report_ops = {
	.bit = VIEW_REPORT,
	.nrows = nrows,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.reload = reload,
	.destroy = destroy,
	.area = current_area,
};

view *view_report_new(tui *t, int64_t area_id)
{
	if (!area_id) {
		area *roots;
		size_t n;
		if (area_children(tui_db(t), 0, &roots, &n) == 0) {
			area_id = n ? roots[0].id : 0;
			areas_free(roots, n);
		}
	}
	view *v = xcalloc(1, sizeof *v);
	v->ops = &report_ops;
	report_view *r = xcalloc(1, sizeof *r);
	r->area_id = area_id;
	v->data = r;
	build(t, v);
	return v;
}
