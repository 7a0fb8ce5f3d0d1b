/* The audit trail of one record (a commendation, a resource entry, an area) or of an area and
 * everything below it: who changed what, when, newest first, with the fields that changed. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/audit.h"
#include "storage/db.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/vnum.h"

/* At most this many changes are read: the newest, enough for a screen's history. */
#define AUDIT_VIEW_LIMIT 500

typedef struct audit_view {
	char *table, *key;
	int64_t area_id;
	char **lines;
	int n;
} audit_view;

static audit_view *AV(view *v) { return v->data; }

static void add_line(audit_view *a, const char *s)
{
	a->lines = xrealloc(a->lines, (size_t)(a->n + 1) * sizeof *a->lines);
	a->lines[a->n++] = xstrdup(s);
}

static int add_row(const audit_row *r, void *ctx)
{
	audit_view *a = ctx;
	char when[32];
	strbuf b;
	sb_init(&b);
	sb_printf(&b, "%s  %-10s %s %s", vn_format_timestamp(r->at, when, sizeof when), r->user,
		  audit_action_label(r->action), audit_table_label(r->table));
	if (r->area_path && *r->area_path)
		sb_printf(&b, " · %s", r->area_path);
	add_line(a, b.s);
	sb_clear(&b);
	sb_add(&b, "    ");
	audit_summary(r->action, r->old_row, r->new_row, &b);
	add_line(a, b.s);
	sb_free(&b);
	return 0;
}

static void build(tui *t, view *v)
{
	audit_view *a = AV(v);
	for (int i = 0; i < a->n; i++)
		free(a->lines[i]);
	free(a->lines);
	a->lines = NULL;
	a->n = 0;
	audit_filter f = { .area_id = a->area_id, .table = a->table, .row_key = a->key,
			   .limit = AUDIT_VIEW_LIMIT };
	if (audit_each(tui_db(t), &f, add_row, a) < 0)
		add_line(a, db_error(tui_db(t)));
	if (!a->n)
		add_line(a, _("No change recorded."));
}

static int nrows(view *v) { return AV(v)->n; }

static void draw_row(tui *t, view *v, int row, int y, int width, bool selected)
{
	(void)t;
	const char *s = AV(v)->lines[row];
	attr_t attr = s[0] == ' ' ? screen_attr(PAIR_DIM) : A_NORMAL;
	screen_text(y, 0, s, width, selected ? (attr | A_REVERSE) : attr, false);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	audit_view *a = AV(v);
	if (a->area_id) {
		area *path;
		size_t n;
		if (area_path(tui_db(t), a->area_id, &path, &n) == 0) {
			area_path_text(path, n, " › ", out);
			areas_free(path, n);
		}
		sb_add(out, _("  (changes)"));
	} else {
		sb_printf(out, _("Changes of one %s"), audit_table_label(a->table));
	}
}

static void reload(tui *t, view *v)
{
	build(t, v);
}

static void destroy(view *v)
{
	audit_view *a = AV(v);
	for (int i = 0; i < a->n; i++)
		free(a->lines[i]);
	free(a->lines);
	free(a->table);
	free(a->key);
	free(a);
	free(v);
}

static const view_ops audit_ops = {
	.bit = VIEW_AUDIT,
	.nrows = nrows,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.reload = reload,
	.destroy = destroy,
};

view *view_audit_new(tui *t, const char *table, const char *key, int64_t area_id)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &audit_ops;
	audit_view *a = xcalloc(1, sizeof *a);
	a->table = table ? xstrdup(table) : NULL;
	a->key = key ? xstrdup(key) : NULL;
	a->area_id = table ? 0 : area_id;
	v->data = a;
	build(t, v);
	return v;
}
