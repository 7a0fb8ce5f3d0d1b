/* The area tree: expand and collapse, open a village's checklist, add and rename areas, search
 * the whole tree. Children are read from the database only when a node is expanded. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "storage/db.h"
#include "ui/picker.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"

typedef struct tree_row {
	area a;
	int depth;
	bool expanded;
} tree_row;

typedef struct tree {
	tree_row *rows;
	int n, cap;
	/* The last search's matches in tree order, kept for n and N while nothing has changed
	 * (the same query, no write by this session or another one since). */
	area_match *matches;
	size_t nmatches;
	char *query;
	int data_version;
	int64_t changes;
} tree;

static tree *T(view *v) { return v->data; }

static void insert_rows(tree *tr, int at, area *kids, size_t n, int depth)
{
	if (tr->n + (int)n > tr->cap) {
		while (tr->n + (int)n > tr->cap)
			tr->cap = tr->cap ? tr->cap * 2 : 64;
		tr->rows = xrealloc(tr->rows, (size_t)tr->cap * sizeof *tr->rows);
	}
	memmove(&tr->rows[at + (int)n], &tr->rows[at], (size_t)(tr->n - at) * sizeof *tr->rows);
	for (size_t i = 0; i < n; i++)
		tr->rows[at + (int)i] = (tree_row){ kids[i], depth, false };
	tr->n += (int)n;
}

static int subtree_end(tree *tr, int i)
{
	int j = i + 1;
	while (j < tr->n && tr->rows[j].depth > tr->rows[i].depth)
		j++;
	return j;
}

static void collapse(tree *tr, int i)
{
	int end = subtree_end(tr, i);
	for (int j = i + 1; j < end; j++)
		area_free(&tr->rows[j].a);
	memmove(&tr->rows[i + 1], &tr->rows[end], (size_t)(tr->n - end) * sizeof *tr->rows);
	tr->n -= end - i - 1;
	tr->rows[i].expanded = false;
}

static int expand(tui *t, tree *tr, int i)
{
	if (tr->rows[i].expanded || tr->rows[i].a.nchildren == 0)
		return 0;
	area *kids;
	size_t n;
	if (area_children(tui_db(t), tr->rows[i].a.id, &kids, &n) < 0) {
		tui_message(t, true, "%s", db_error(tui_db(t)));
		return -1;
	}
	insert_rows(tr, i + 1, kids, n, tr->rows[i].depth + 1);
	free(kids);   /* the rows own the areas' strings now */
	tr->rows[i].expanded = true;
	return 0;
}

static int find_row(tree *tr, int64_t id)
{
	for (int i = 0; i < tr->n; i++)
		if (tr->rows[i].a.id == id)
			return i;
	return -1;
}

/* Re-reads one row's area (after a rename or a new child) and its children if expanded. */
static void refresh_row(tui *t, tree *tr, int i)
{
	bool was = tr->rows[i].expanded;
	if (was)
		collapse(tr, i);
	area fresh;
	if (area_get(tui_db(t), tr->rows[i].a.id, &fresh) == 0) {
		area_free(&tr->rows[i].a);
		tr->rows[i].a = fresh;
	}
	if (was)
		expand(t, tr, i);
}

static void load_roots(tui *t, tree *tr)
{
	area *roots;
	size_t n;
	if (area_children(tui_db(t), 0, &roots, &n) < 0) {
		tui_message(t, true, "%s", db_error(tui_db(t)));
		return;
	}
	insert_rows(tr, 0, roots, n, 0);
	free(roots);
	/* Open the way down while there is only one way (province > district), then show the
	 * children of the first level that branches. */
	if (tr->n != 1)
		return;
	for (int i = 0; expand(t, tr, i) == 0 && tr->rows[i].a.nchildren == 1; i++)
		;
}

void view_tree_reveal(tui *t, view *v, int64_t area_id)
{
	tree *tr = T(v);
	area *path;
	size_t n;
	if (area_path(tui_db(t), area_id, &path, &n) < 0) {
		tui_message(t, true, "%s", db_error(tui_db(t)));
		return;
	}
	for (size_t k = 0; k + 1 < n; k++) {
		int i = find_row(tr, path[k].id);
		if (i >= 0)
			expand(t, tr, i);
	}
	int i = find_row(tr, area_id);
	if (i >= 0)
		v->cursor = i;
	areas_free(path, n);
}

static int nrows(view *v) { return T(v)->n; }

static void draw_row(tui *t, view *v, int row, int y, int width, bool selected)
{
	(void)t;
	tree_row *r = &T(v)->rows[row];
	int x = r->depth * 2;
	const char *marker = r->a.nchildren == 0 ? "  " : r->expanded ? "▾ " : "▸ ";
	x += screen_text(y, x, marker, width - x, screen_attr(PAIR_DIM), false);
	/* Only the name is highlighted: moving the cursor repaints two short runs, not two rows. */
	x += screen_text(y, x, r->a.name, width - x, selected ? A_REVERSE : A_NORMAL, false);
	x += screen_text(y, x, "  ", width - x, A_NORMAL, false);
	screen_text(y, x, area_kind_label(r->a.kind), width - x, screen_attr(PAIR_DIM), false);
	if (selected)
		move(y, r->depth * 2 + 2);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	tree *tr = T(v);
	if (!tr->n)
		return;
	area *path;
	size_t n;
	if (area_path(tui_db(t), tr->rows[v->cursor].a.id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
}

static int parent_row(tree *tr, int i)
{
	for (int j = i - 1; j >= 0; j--)
		if (tr->rows[j].depth < tr->rows[i].depth)
			return j;
	return -1;
}

struct add_ctx {
	tui *t;
	int64_t parent;
	area_kind kind;
	int64_t id;
};

/* Saves as the user confirms: a refused name keeps the prompt open with the text. */
static bool save_new_area(void *p, const char *text, char *err, size_t cap)
{
	struct add_ctx *c = p;
	if (area_add(tui_db(c->t), c->parent, text, c->kind, &c->id) < 0) {
		snprintf(err, cap, "%s", db_error(tui_db(c->t)));
		return false;
	}
	return true;
}

static void add_area(tui *t, view *v)
{
	tree *tr = T(v);
	if (!tr->n)
		return;
	int i = v->cursor;
	/* A village has no children: add beside it, under its commune. */
	if (area_kind_level(tr->rows[i].a.kind) == 3) {
		i = parent_row(tr, i);
		if (i < 0)
			return;
	}
	area *parent = &tr->rows[i].a;
	area_kind options[AREA_KIND_COUNT];
	const char *labels[AREA_KIND_COUNT];
	int n = 0, initial = 0;
	area_kind def = area_kind_default_child(parent->kind);
	for (int k = 0; k < AREA_KIND_COUNT; k++)
		if (area_kind_allowed_under(parent->kind, (area_kind)k)) {
			if ((area_kind)k == def)
				initial = n;
			options[n] = (area_kind)k;
			labels[n++] = area_kind_label((area_kind)k);
		}
	if (!n) {
		tui_message(t, true, _("No area can be added under %s"), parent->name);
		return;
	}
	int choice = initial;
	/* Villages are added by the dozen: no question about their kind (the CLI's --kind covers
	 * the rare residential group in a commune). Higher levels are rare enough to ask. */
	if (n > 1 && area_kind_level(parent->kind) < 2) {
		char title[256];
		snprintf(title, sizeof title, _("Add under %s: kind"), parent->name);
		choice = picker_choose(t, title, labels, n, initial);
		if (choice < 0)
			return;
	}
	struct add_ctx c = { t, parent->id, options[choice], 0 };
	char label[256];
	snprintf(label, sizeof label, _("Name of the new %s:"), labels[choice]);
	char *name = tui_prompt(t, label, "", save_new_area, &c);
	if (!name)
		return;
	refresh_row(t, tr, i);
	view_tree_reveal(t, v, c.id);
	tui_message(t, false, _("Added %s"), name);
	free(name);
}

struct rename_ctx {
	tui *t;
	int64_t id;
};

static bool save_rename(void *p, const char *text, char *err, size_t cap)
{
	struct rename_ctx *c = p;
	if (area_rename(tui_db(c->t), c->id, text) < 0) {
		snprintf(err, cap, "%s", db_error(tui_db(c->t)));
		return false;
	}
	return true;
}

static void rename_area(tui *t, view *v)
{
	tree *tr = T(v);
	if (!tr->n)
		return;
	int i = v->cursor;
	struct rename_ctx c = { t, tr->rows[i].a.id };
	char *name = tui_prompt(t, _("New name:"), tr->rows[i].a.name, save_rename, &c);
	if (!name)
		return;
	int p = parent_row(tr, i);
	if (p >= 0) {
		refresh_row(t, tr, p);   /* the order among siblings may change */
		view_tree_reveal(t, v, c.id);
	} else {
		refresh_row(t, tr, i);
	}
	tui_message(t, false, _("Renamed to %s"), name);
	free(name);
}

static bool act(tui *t, view *v, int action)
{
	tree *tr = T(v);
	if (!tr->n)
		return false;
	tree_row *r = &tr->rows[v->cursor];
	switch (action) {
	case ACT_OPEN:
		if (area_kind_assessable(r->a.kind))
			tui_open_checklist(t, r->a.id);
		else if (!r->expanded)
			expand(t, tr, v->cursor);
		else if (v->cursor + 1 < tr->n && tr->rows[v->cursor + 1].depth > r->depth)
			v->cursor++;
		return true;
	case ACT_TOGGLE:
		if (area_kind_assessable(r->a.kind))
			tui_open_checklist(t, r->a.id);
		else if (r->expanded)
			collapse(tr, v->cursor);
		else
			expand(t, tr, v->cursor);
		return true;
	case ACT_BACK:
		if (r->expanded) {
			collapse(tr, v->cursor);
		} else {
			int p = parent_row(tr, v->cursor);
			if (p >= 0)
				v->cursor = p;
		}
		return true;
	case ACT_ADD_AREA:
		add_area(t, v);
		return true;
	case ACT_FACTS:
		tui_open_facts(t, r->a.id);
		return true;
	case ACT_CYCLE:
		if (area_kind_assessable(r->a.kind))
			tui_open_cycle(t, r->a.id);
		else
			tui_message(t, true, _("The recognition cycle is for villages and residential groups"));
		return true;
	case ACT_AWARDS:
		tui_open_awards(t, r->a.id);
		return true;
	case ACT_MATRIX:
		if (area_kind_level(r->a.kind) == 2)
			tui_open_matrix(t, r->a.id);
		else
			tui_message(t, true, "%s", _("The criteria matrix is for a commune: select one"));
		return true;
	case ACT_RENAME_AREA:
		rename_area(t, v);
		return true;
	default:
		return false;
	}
}

/* Searches again unless the kept matches still hold for query. */
static int refresh_matches(tui *t, tree *tr, const char *query)
{
	km_db *db = tui_db(t);
	int version = db_data_version(db);
	int64_t changes = db_total_changes(db);
	if (tr->query && strcmp(tr->query, query) == 0 && version == tr->data_version &&
	    changes == tr->changes)
		return 0;
	area_matches_free(tr->matches, tr->nmatches);
	tr->matches = NULL;
	tr->nmatches = 0;
	free(tr->query);
	tr->query = NULL;
	if (area_search_keyed(db, query, &tr->matches, &tr->nmatches) < 0)
		return -1;
	tr->query = xstrdup(query);
	tr->data_version = version;
	tr->changes = changes;
	return 0;
}

/* The next match after (or before) the selected row in tree order, wrapping around. */
static bool search(tui *t, view *v, const char *query, int direction)
{
	tree *tr = T(v);
	/* "Lạc Xuân/Thôn 2": a path, as the command line takes it. */
	if (strchr(query, '/')) {
		int64_t id;
		if (area_resolve(tui_db(t), query, &id) < 0) {
			tui_message(t, true, "%s", db_error(tui_db(t)));
			return false;
		}
		view_tree_reveal(t, v, id);
		return true;
	}
	if (refresh_matches(t, tr, query) < 0) {
		tui_message(t, true, "%s", db_error(tui_db(t)));
		return false;
	}
	if (!tr->nmatches || !tr->n)
		return false;
	unsigned char *here;
	size_t herelen;
	if (area_tree_key(tui_db(t), tr->rows[v->cursor].a.id, &here, &herelen) < 0)
		return false;
	/* The first match after the row (lo), by binary search over the keys. */
	size_t lo = 0, hi = tr->nmatches;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (area_tree_key_cmp(tr->matches[mid].key, tr->matches[mid].len, here, herelen) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t pick;
	if (direction > 0) {
		pick = lo < tr->nmatches ? lo : 0;
	} else {
		/* The last match before the row: below lo, skipping the row itself. */
		size_t before = lo;
		if (before > 0 && area_tree_key_cmp(tr->matches[before - 1].key, tr->matches[before - 1].len,
						    here, herelen) == 0)
			before--;
		pick = before > 0 ? before - 1 : tr->nmatches - 1;
	}
	free(here);
	view_tree_reveal(t, v, tr->matches[pick].id);
	tui_message(t, false, _("%zu of %zu matches for \"%s\" (n: next, N: previous)"), pick + 1,
		    tr->nmatches, query);
	return true;
}

static void destroy(view *v)
{
	tree *tr = T(v);
	for (int i = 0; i < tr->n; i++)
		area_free(&tr->rows[i].a);
	free(tr->rows);
	area_matches_free(tr->matches, tr->nmatches);
	free(tr->query);
	free(tr);
	free(v);
}

static int64_t current_area(view *v)
{
	return T(v)->n ? T(v)->rows[v->cursor].a.id : 0;
}

/* Another session added, renamed or moved areas: read the tree again, with the same nodes
 * expanded and the same area selected. */
static void reload(tui *t, view *v)
{
	tree *tr = T(v);
	int64_t selected = tr->n ? tr->rows[v->cursor].a.id : 0;
	int64_t *open = xcalloc((size_t)tr->n + 1, sizeof *open);
	int nopen = 0;
	for (int i = 0; i < tr->n; i++) {
		if (tr->rows[i].expanded)
			open[nopen++] = tr->rows[i].a.id;
		area_free(&tr->rows[i].a);
	}
	tr->n = 0;
	area *roots;
	size_t n;
	if (area_children(tui_db(t), 0, &roots, &n) == 0) {
		insert_rows(tr, 0, roots, n, 0);
		free(roots);
	}
	/* Expanding inserts rows after the node: walk forward so children are seen in turn. */
	for (int i = 0; i < tr->n; i++)
		for (int k = 0; k < nopen; k++)
			if (tr->rows[i].a.id == open[k])
				expand(t, tr, i);
	free(open);
	int at = selected ? find_row(tr, selected) : -1;
	v->cursor = at >= 0 ? at : v->cursor < tr->n ? v->cursor : (tr->n ? tr->n - 1 : 0);
}

static const view_ops tree_ops = {
	.bit = VIEW_TREE,
	.nrows = nrows,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.search = search,
	.destroy = destroy,
	.area = current_area,
	.reload = reload,
};

view *view_tree_new(tui *t)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &tree_ops;
	v->data = xcalloc(1, sizeof(tree));
	load_roots(t, T(v));
	/* Start on the first level that branches. */
	for (int i = 0; i < T(v)->n; i++)
		if (T(v)->rows[i].expanded)
			v->cursor = i;
	return v;
}
