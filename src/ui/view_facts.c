#include "config.h"
/* An area's facts for the year: the bases of percentages (households, road km ...) and the area
 * type that picks a criterion's threshold. One row per fact; Enter types a value, saved at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/criteria.h"
#include "domain/facts.h"
#include "storage/db.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

#define VALUE_COLS 16   /* the value column, right-aligned */

typedef struct facts_view {
	int64_t area_id;
	area_facts facts;
	bool loaded;
	char **keys;        /* one row each: the allowed keys, then any other recorded ones */
	int nkeys;
	int label_w;        /* widest label */
} facts_view;

static facts_view *F(view *v) { return v->data; }

static const char *label_of(const char *key)
{
	const fact_def *def = fact_def_find(key);
	return def ? _(def->label) : key;
}

static const fact_value *value_of(facts_view *f, const char *key)
{
	for (size_t i = 0; f->loaded && i < f->facts.n; i++)
		if (strcmp(f->facts.values[i].key, key) == 0)
			return &f->facts.values[i];
	return NULL;
}

/* "1.200 hộ", "2,5 km", "KV1"; decimals: how many a number may show. */
static void format_value(const fact_value *v, int decimals, bool unit, char *buf, size_t cap)
{
	if (v->is_text) {
		snprintf(buf, cap, "%s", v->text ? v->text : "");
		return;
	}
	const fact_def *def = fact_def_find(v->key);
	char num[32];
	vn_format_number(v->num, def && def->type == FACT_INTEGER ? 0 : decimals, num, sizeof num);
	if (unit && def && def->unit)
		snprintf(buf, cap, "%s %s", num, def->unit);
	else
		snprintf(buf, cap, "%s", num);
}

static void free_keys(facts_view *f)
{
	for (int i = 0; i < f->nkeys; i++)
		free(f->keys[i]);
	free(f->keys);
	f->keys = NULL;
	f->nkeys = 0;
}

static void load(tui *t, view *v)
{
	facts_view *f = F(v);
	if (f->loaded)
		facts_free(&f->facts);
	f->loaded = false;
	free_keys(f);
	km_db *db = tui_db(t);
	char **keys;
	size_t n;
	if (facts_allowed_keys(db, &keys, &n) < 0) {
		tui_message(t, true, "%s", db_error(db));
		return;
	}
	if (facts_load(db, f->area_id, tui_year(t), &f->facts) < 0) {
		tui_message(t, true, "%s", db_error(db));
		for (size_t k = 0; k < n; k++)
			free(keys[k]);
		free(keys);
		return;
	}
	f->loaded = true;
	/* A fact recorded under a key no criteria set refers to any more still shows. */
	keys = xrealloc(keys, (n + f->facts.n + 1) * sizeof *keys);
	for (size_t i = 0; i < f->facts.n; i++) {
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(keys[k], f->facts.values[i].key) == 0;
		if (!seen)
			keys[n++] = xstrdup(f->facts.values[i].key);
	}
	f->keys = keys;
	f->nkeys = (int)n;
	f->label_w = 0;
	for (int i = 0; i < f->nkeys; i++) {
		int w = text_width(label_of(keys[i]));
		if (w > f->label_w)
			f->label_w = w;
	}
	if (v->cursor >= f->nkeys)
		v->cursor = f->nkeys ? f->nkeys - 1 : 0;
}

static int nrows(view *v) { return F(v)->nkeys; }

static void draw_row(tui *t, view *v, int r, int y, int width, bool selected)
{
	(void)t;
	facts_view *f = F(v);
	const char *key = f->keys[r];
	const fact_value *fv = value_of(f, key);
	/* label, the value right-aligned in its column, then who recorded it and when */
	int lw = f->label_w;
	if (lw > width / 2)
		lw = width / 2;
	int x = 1;
	screen_text(y, x, label_of(key), lw, selected ? A_REVERSE : A_NORMAL, false);
	x += lw + 1;
	int vw = width - x - 1 < VALUE_COLS ? width - x - 1 : VALUE_COLS;
	if (vw <= 0)
		return;
	char value[64];
	if (fv)
		format_value(fv, 3, true, value, sizeof value);
	else
		snprintf(value, sizeof value, "%s", "—");
	screen_text_right(y, x, value, vw, fv ? A_BOLD : screen_attr(PAIR_DIM));
	x += vw + 3;
	if (!fv || x >= width)
		return;
	char day[11], date[16] = "", info[128];
	if (fv->updated_at) {
		snprintf(day, sizeof day, "%.10s", fv->updated_at);
		vn_format_iso_date(day, date, sizeof date);
	}
	snprintf(info, sizeof info, "%s · %s", fv->updated_by ? fv->updated_by : "?", date);
	screen_text(y, x, info, width - x, screen_attr(PAIR_DIM), false);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	area *path;
	size_t n;
	if (area_path(tui_db(t), F(v)->area_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	sb_add(out, _("  (facts)"));
}

/* The area types the year's criteria set has thresholds for ("KV1, KV2"), into buf ("" if none). */
static void area_types_used(tui *t, char *buf, size_t cap)
{
	buf[0] = '\0';
	km_db *db = tui_db(t);
	int64_t set_id = 0;
	if (criteria_set_for_year(db, tui_year(t), &set_id) < 0 || !set_id)
		return;
	sqlite3_stmt *st = db_stmt(db, "SELECT DISTINCT t.area_type FROM criterion_area_threshold t "
				       "JOIN criterion c ON c.id = t.criterion_id WHERE c.set_id = ?1 "
				       "ORDER BY t.area_type");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, set_id);
	size_t len = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		int w = snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", type ? type : "");
		if (w < 0 || (size_t)w >= cap - len) {
			buf[len] = '\0';
			break;
		}
		len += (size_t)w;
	}
	sqlite3_reset(st);
}

struct save_ctx {
	tui *t;
	facts_view *f;
	const char *key;
};

/* Validates and saves in one go, so a refused value keeps the prompt open with its text. */
static bool save_value(void *p, const char *text, char *err, size_t cap)
{
	struct save_ctx *x = p;
	km_db *db = tui_db(x->t);
	if (facts_set(db, x->f->area_id, tui_year(x->t), x->key, text) < 0) {
		snprintf(err, cap, "%s", db_error(db));
		return false;
	}
	return true;
}

static void report(tui *t, view *v, const char *key)
{
	const fact_value *fv = value_of(F(v), key);
	if (!fv) {
		tui_message(t, false, _("Removed: %s"), label_of(key));
		return;
	}
	char value[64];
	format_value(fv, 6, true, value, sizeof value);
	tui_message(t, false, _("Saved: %s = %s"), label_of(key), value);
}

static void edit(tui *t, view *v)
{
	facts_view *f = F(v);
	if (!f->nkeys)
		return;
	/* The key outlives the reload that the save triggers. */
	char *key = xstrdup(f->keys[v->cursor]);
	const fact_def *def = fact_def_find(key);
	char label[256], initial[64] = "";
	if (def && def->type == FACT_AREA_TYPE) {
		char types[96];
		area_types_used(t, types, sizeof types);
		snprintf(label, sizeof label, _("Area type (%s):"), types[0] ? types : "KV1, KV2");
	} else if (def && def->unit) {
		snprintf(label, sizeof label, "%s (%s):", _(def->label), def->unit);
	} else {
		snprintf(label, sizeof label, "%s:", label_of(key));
	}
	const fact_value *fv = value_of(f, key);
	if (fv)
		format_value(fv, 6, false, initial, sizeof initial);
	struct save_ctx ctx = { t, f, key };
	char *text = tui_prompt(t, label, initial, save_value, &ctx);
	if (text) {
		load(t, v);
		report(t, v, key);
	}
	free(text);
	free(key);
}

static bool act(tui *t, view *v, int action)
{
	facts_view *f = F(v);
	switch (action) {
	case ACT_OPEN:
	case ACT_TOGGLE:
	case ACT_SET_VALUE:
		edit(t, v);
		return true;
	case ACT_CLEAR:
		if (f->nkeys) {
			char *key = xstrdup(f->keys[v->cursor]);
			if (facts_set(tui_db(t), f->area_id, tui_year(t), key, NULL) < 0) {
				tui_message(t, true, "%s", db_error(tui_db(t)));
			} else {
				load(t, v);
				report(t, v, key);
			}
			free(key);
		}
		return true;
	default:
		return false;
	}
}

static void reload(tui *t, view *v)
{
	load(t, v);
}

static void destroy(view *v)
{
	facts_view *f = F(v);
	if (f->loaded)
		facts_free(&f->facts);
	free_keys(f);
	free(f);
	free(v);
}

static const view_ops facts_ops = {
	.bit = VIEW_FACTS,
	.nrows = nrows,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.reload = reload,
	.destroy = destroy,
};

view *view_facts_new(tui *t, int64_t area_id)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &facts_ops;
	facts_view *f = xcalloc(1, sizeof *f);
	f->area_id = area_id;
	v->data = f;
	load(t, v);
	return v;
}
