/* One criterion of a village in depth: its threshold and who is in charge, the judgement at each
 * stage with its evidence, and every change made to them, newest first. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "storage/db.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/vnum.h"

typedef struct line {
	char *text;
	attr_t attr;
} line;

typedef struct history_view {
	int64_t area_id, criterion_id;
	line *lines;
	int n;
} history_view;

static history_view *H(view *v) { return v->data; }

static void add(history_view *h, attr_t attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(history_view *h, attr_t attr, const char *fmt, ...)
{
	strbuf b;
	sb_init(&b);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	h->lines = xrealloc(h->lines, (size_t)(h->n + 1) * sizeof *h->lines);
	h->lines[h->n++] = (line){ sb_take(&b), attr };
}

static void clear_lines(history_view *h)
{
	for (int i = 0; i < h->n; i++)
		free(h->lines[i].text);
	free(h->lines);
	h->lines = NULL;
	h->n = 0;
}

static void state_text(const criterion_def *c, bool assessed, bool met, bool has_value, double value,
		       char *buf, size_t cap)
{
	if (!assessed) {
		snprintf(buf, cap, "%s", _("not assessed"));
		return;
	}
	char v[64] = "";
	judgement j = { .assessed = true, .met = met, .has_value = has_value, .value = value };
	judgement_value_text(c, &j, v, sizeof v);
	snprintf(buf, cap, "%s%s%s", met ? _("met") : _("not met"), *v ? " " : "", v);
}

static void build(tui *t, view *v)
{
	history_view *h = H(v);
	clear_lines(h);
	checklist cl;
	if (checklist_load(tui_db(t), h->area_id, tui_year(t), &cl) < 0) {
		add(h, screen_attr(PAIR_ERROR), "%s", db_error(tui_db(t)));
		return;
	}
	const checklist_item *it = NULL;
	for (size_t i = 0; i < cl.n; i++)
		if (cl.items[i].crit->id == h->criterion_id)
			it = &cl.items[i];
	if (!it) {
		add(h, A_NORMAL, _("This criterion is not in the criteria set of %d."), tui_year(t));
		checklist_free(&cl);
		return;
	}
	const criterion_def *c = it->crit;
	char thr[96], when[32], st[128];
	criterion_describe_threshold(c, thr, sizeof thr);
	add(h, A_BOLD, "%s  %s", c->code, c->name);
	add(h, A_NORMAL, _("Threshold: %s%s · required: %s"), c->measure == MEASURE_YESNO ? "" : thr,
	    c->measure == MEASURE_YESNO ? _("met") : "", c->required ? _("yes") : _("no"));
	add(h, A_NORMAL, _("In charge: %s%s"), it->org ? it->org : _("none"),
	    it->org_overridden ? _(" (set for this area)") : "");
	for (int s = 0; s < STAGE_COUNT; s++) {
		const judgement *j = &it->j[s];
		state_text(c, j->assessed, j->met, j->has_value, j->value, st, sizeof st);
		char on[16] = "";
		if (j->judged_on)
			vn_format_iso_date(j->judged_on, on, sizeof on);
		add(h, s == (int)tui_stage(t) ? A_BOLD : A_NORMAL, "%s: %s%s%s%s%s", stage_label((stage)s), st,
		    j->assessed ? " · " : "", j->assessed ? (j->judged_by ? j->judged_by : "") : "",
		    j->assessed ? " · " : "", on);
		if (j->assessed)
			add(h, j->evidence ? A_NORMAL : screen_attr(PAIR_KEY), "  %s %s", _("Evidence:"),
			    j->evidence ? j->evidence : _("none written"));
	}
	if (it->disagree)
		add(h, screen_attr(PAIR_NOT_MET), "%s", _("≠ The two stages disagree on this criterion."));
	add(h, A_NORMAL, "%s", "");
	add(h, A_BOLD, _("Changes in %d, newest first"), tui_year(t));
	history_entry *e;
	size_t n;
	if (assessment_history(tui_db(t), h->area_id, tui_year(t), h->criterion_id, &e, &n) < 0) {
		add(h, screen_attr(PAIR_ERROR), "%s", db_error(tui_db(t)));
	} else {
		if (!n)
			add(h, A_NORMAL, "%s", _("No change recorded."));
		for (size_t i = 0; i < n; i++) {
			char from[128], to[128];
			vn_format_timestamp(e[i].at, when, sizeof when);
			state_text(c, e[i].old_assessed, e[i].old_met, e[i].old_has_value, e[i].old_value, from, sizeof from);
			state_text(c, e[i].new_assessed, e[i].new_met, e[i].new_has_value, e[i].new_value, to, sizeof to);
			bool same = strcmp(from, to) == 0;
			if (!same)
				add(h, A_NORMAL, "%s  %-10s %s: %s → %s", when, e[i].by, stage_label(e[i].stage), from, to);
			bool ev_changed = (e[i].old_evidence == NULL) != (e[i].new_evidence == NULL) ||
				(e[i].old_evidence && e[i].new_evidence && strcmp(e[i].old_evidence, e[i].new_evidence));
			if (ev_changed)
				add(h, A_NORMAL, "%s  %-10s %s: %s %s", same ? when : "", same ? e[i].by : "",
				    stage_label(e[i].stage), _("evidence:"), e[i].new_evidence ? e[i].new_evidence : _("(removed)"));
		}
		history_free(e, n);
	}
	checklist_free(&cl);
}

static int nrows(view *v) { return H(v)->n; }

static void draw_row(tui *t, view *v, int row, int y, int width, bool selected)
{
	(void)t;
	line *l = &H(v)->lines[row];
	screen_text(y, 1, l->text, width - 1, selected ? (l->attr | A_REVERSE) : l->attr, false);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	area *path;
	size_t n;
	if (area_path(tui_db(t), H(v)->area_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	sb_add(out, _("  (history)"));
}

static void reload(tui *t, view *v)
{
	build(t, v);
}

static void destroy(view *v)
{
	clear_lines(H(v));
	free(v->data);
	free(v);
}

static const view_ops history_ops = {
	.bit = VIEW_HISTORY,
	.nrows = nrows,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.reload = reload,
	.destroy = destroy,
};

view *view_history_new(tui *t, int64_t area_id, int64_t criterion_id)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &history_ops;
	history_view *h = xcalloc(1, sizeof *h);
	h->area_id = area_id;
	h->criterion_id = criterion_id;
	v->data = h;
	build(t, v);
	return v;
}
