/* A village's criteria for the year, grouped: tick yes/no criteria with one key, type values for
 * the others; every change is saved at once. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/assessment.h"
#include "storage/db.h"
#include "ui/picker.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"

typedef struct row {
	int item;                 /* index into the checklist, or -1 for a group heading */
	const criteria_group *group;
} row;

typedef struct checklist_view {
	int64_t area_id;
	area area;
	checklist cl;
	bool loaded;
	row *rows;
	int nrows;
	int search_from;
} checklist_view;

static checklist_view *C(view *v) { return v->data; }

static void build_rows(checklist_view *c)
{
	free(c->rows);
	c->rows = xcalloc(c->cl.n * 2 + 2, sizeof *c->rows);
	c->nrows = 0;
	const criteria_group *g = NULL;
	for (size_t i = 0; i < c->cl.n; i++) {
		if (c->cl.items[i].group != g) {
			g = c->cl.items[i].group;
			c->rows[c->nrows++] = (row){ -1, g };
		}
		c->rows[c->nrows++] = (row){ (int)i, g };
	}
}

static void load(tui *t, view *v)
{
	checklist_view *c = C(v);
	if (c->loaded)
		checklist_free(&c->cl);
	c->loaded = false;
	if (checklist_load(tui_db(t), c->area_id, tui_year(t), &c->cl) < 0) {
		tui_message(t, true, "%s", db_error(tui_db(t)));
		c->nrows = 0;
		return;
	}
	c->loaded = true;
	build_rows(c);
	if (!c->cl.has_set)
		tui_message(t, true, _("No criteria set applies to %d"), tui_year(t));
}

static int nrows(view *v) { return C(v)->nrows; }
static bool selectable(view *v, int r) { return C(v)->rows[r].item >= 0; }

static const char *state_box(const judgement *j)
{
	return !j->assessed ? "[-]" : j->met ? "[x]" : "[ ]";
}

/* " KT01  [x][ ]≠* Vườn hộ ...      182/200 (91%)  ≥ 90%": self-assessment and appraisal side
 * by side (the stage being recorded in colour), ≠ where they disagree, * where the judgement being
 * recorded has no evidence. */
static void draw_row(tui *t, view *v, int r, int y, int width, bool selected)
{
	checklist_view *c = C(v);
	row *rw = &c->rows[r];
	if (rw->item < 0) {
		char head[512];
		snprintf(head, sizeof head, "%s. %s", rw->group ? rw->group->code : "?",
			 rw->group ? rw->group->name : "");
		screen_text(y, 0, head, width, A_BOLD, false);
		return;
	}
	const checklist_item *it = &c->cl.items[rw->item];
	stage active = tui_stage(t);
	const judgement *j = &it->j[active];
	char value[64], thr[96];
	judgement_value_text(it->crit, j, value, sizeof value);
	/* A yes/no criterion's box says it all; the others show what they must reach. */
	thr[0] = '\0';
	if (it->crit->measure != MEASURE_YESNO)
		criterion_describe_threshold(it->crit, thr, sizeof thr);
	/* The name gives way on narrow screens. */
	int thr_w = text_width(thr), val_w = text_width(value);
	int thr_max = width < 60 ? 0 : width < 80 ? 14 : 22;
	if (thr_w > thr_max)
		thr_w = thr_max;
	int right = (val_w ? val_w + 2 : 0) + (thr_w ? thr_w + 3 : 0);
	int x = 1;
	x += screen_text(y, x, it->crit->code, 6, selected ? A_REVERSE : A_NORMAL, true);
	for (int s = 0; s < STAGE_COUNT; s++) {
		const judgement *sj = &it->j[s];
		attr_t a = s != (int)active ? screen_attr(PAIR_DIM)
			 : !sj->assessed ? A_NORMAL : sj->met ? screen_attr(PAIR_MET) : screen_attr(PAIR_NOT_MET);
		x += screen_text(y, x, state_box(sj), 3, a, false);
	}
	x += screen_text(y, x, it->disagree ? "≠" : " ", 1, screen_attr(PAIR_NOT_MET), false);
	bool no_evidence = j->assessed && !(j->evidence && *j->evidence);
	x += screen_text(y, x, no_evidence ? "*" : " ", 1, screen_attr(PAIR_KEY), false);
	x += screen_text(y, x, " ", 1, A_NORMAL, false);
	int name_w = width - x - right;
	if (name_w > 0)
		screen_text(y, x, it->crit->name, name_w, A_NORMAL, false);
	if (val_w)
		screen_text_right(y, width - right, value, val_w + 2, A_BOLD);
	if (thr_w)
		screen_text_right(y, width - thr_w - 1, thr, thr_w, screen_attr(PAIR_DIM));
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	area *path;
	size_t n;
	if (area_path(tui_db(t), C(v)->area_id, &path, &n) == 0) {
		area_path_text(path, n, " › ", out);
		areas_free(path, n);
	}
	checklist_view *c = C(v);
	if (c->loaded && c->cl.has_set)
		sb_printf(out, _("  (%s: %d/%zu met)"), stage_label(tui_stage(t)), c->cl.met[tui_stage(t)], c->cl.n);
}

static const checklist_item *current(view *v)
{
	checklist_view *c = C(v);
	if (!c->nrows || c->rows[v->cursor].item < 0)
		return NULL;
	return &c->cl.items[c->rows[v->cursor].item];
}

/* Reloads after a save and says what was saved. crit points into the checklist that the reload
 * frees: keep its code first. */
static void saved(tui *t, view *v, const criterion_def *crit)
{
	char code[64];
	snprintf(code, sizeof code, "%s", crit->code);
	load(t, v);
	int i = checklist_find(&C(v)->cl, code);
	const judgement *j = i >= 0 ? &C(v)->cl.items[i].j[tui_stage(t)] : NULL;
	tui_message(t, false, _("Saved: %s %s"), code,
		    !j || !j->assessed ? _("not assessed") : j->met ? _("met") : _("not met"));
}

struct value_ctx {
	tui *t;
	checklist_view *c;
	const criterion_def *crit;
};

/* Validates and saves in one go, so a refused value keeps the prompt open with its text. */
static bool save_value(void *p, const char *text, char *err, size_t cap)
{
	struct value_ctx *x = p;
	judgement j;
	if (!checklist_parse(&x->c->cl, x->crit, text, &j, err, cap))
		return false;
	if (assessment_write(tui_db(x->t), x->c->area_id, tui_year(x->t), x->crit, tui_stage(x->t), &j) < 0) {
		snprintf(err, cap, "%s", db_error(tui_db(x->t)));
		return false;
	}
	return true;
}

static void enter_value(tui *t, view *v, const checklist_item *it)
{
	const criterion_def *crit = it->crit;
	const judgement *j = &it->j[tui_stage(t)];
	if (crit->measure == MEASURE_RATING) {
		int pick = picker_choose(t, crit->name, (const char *const *)crit->levels, crit->nlevels,
					 j->assessed && j->has_value ? (int)j->value : crit->nlevels - 1);
		if (pick < 0)
			return;
		judgement nj = { .assessed = true, .has_value = true, .value = pick,
				 .met = criterion_met_by(crit, pick, C(v)->cl.area_type) };
		if (assessment_write(tui_db(t), C(v)->area_id, tui_year(t), crit, tui_stage(t), &nj) < 0)
			tui_message(t, true, "%s", db_error(tui_db(t)));
		else
			saved(t, v, crit);
		return;
	}
	char thr[96], label[192], initial[64] = "";
	criterion_describe_threshold(crit, thr, sizeof thr);
	if (crit->measure == MEASURE_PERCENT)
		snprintf(label, sizeof label, _("%s (%% or part/base, %s):"), crit->code, thr);
	else if (crit->measure == MEASURE_YESNO)
		snprintf(label, sizeof label, _("%s (đạt/không):"), crit->code);
	else
		snprintf(label, sizeof label, "%s (%s):", crit->code, thr);
	if (j->assessed && j->has_value) {
		if (j->has_fraction)
			judgement_value_text(crit, &(judgement){ .assessed = true, .has_value = true,
				.value = j->part }, initial, sizeof initial);
		else
			judgement_value_text(crit, j, initial, sizeof initial);
		if (j->has_fraction) {
			size_t n = strlen(initial);
			char base[32];
			judgement_value_text(crit, &(judgement){ .assessed = true, .has_value = true,
				.value = j->base }, base, sizeof base);
			base[strcspn(base, "%")] = '\0';
			initial[strcspn(initial, "%")] = '\0';
			n = strlen(initial);
			snprintf(initial + n, sizeof initial - n, "/%s", base);
		} else if (crit->measure == MEASURE_PERCENT) {
			initial[strcspn(initial, "%")] = '\0';
		}
	}
	struct value_ctx ctx = { t, C(v), crit };
	char *text = tui_prompt(t, label, initial, save_value, &ctx);
	if (text)
		saved(t, v, crit);
	free(text);
}

struct text_ctx {
	tui *t;
	checklist_view *c;
	const criterion_def *crit;
};

static bool save_evidence(void *p, const char *text, char *err, size_t cap)
{
	struct text_ctx *x = p;
	if (assessment_set_evidence(tui_db(x->t), x->c->area_id, tui_year(x->t), x->crit,
				    tui_stage(x->t), text) < 0) {
		snprintf(err, cap, "%s", db_error(tui_db(x->t)));
		return false;
	}
	return true;
}

static void edit_evidence(tui *t, view *v, const checklist_item *it)
{
	const judgement *j = &it->j[tui_stage(t)];
	if (!j->assessed) {
		tui_message(t, true, _("Judge %s first (%s), then write its evidence"), it->crit->code,
			    stage_label(tui_stage(t)));
		return;
	}
	struct text_ctx ctx = { t, C(v), it->crit };
	char label[128];
	snprintf(label, sizeof label, _("Evidence for %s (%s):"), it->crit->code, stage_label(tui_stage(t)));
	char code[64];
	snprintf(code, sizeof code, "%s", it->crit->code);
	char *text = tui_prompt(t, label, j->evidence ? j->evidence : "", save_evidence, &ctx);
	if (text) {
		load(t, v);   /* frees it: only the copied code is used below */
		tui_message(t, false, *text ? _("Evidence saved for %s") : _("Evidence removed for %s"), code);
	}
	free(text);
}

static bool save_org(void *p, const char *text, char *err, size_t cap)
{
	struct text_ctx *x = p;
	if (assessment_set_org(tui_db(x->t), x->c->area_id, x->crit, text) < 0) {
		snprintf(err, cap, "%s", db_error(tui_db(x->t)));
		return false;
	}
	return true;
}

static void edit_org(tui *t, view *v, const checklist_item *it)
{
	struct text_ctx ctx = { t, C(v), it->crit };
	char label[128];
	snprintf(label, sizeof label, _("In charge of %s (empty: %s):"), it->crit->code,
		 it->crit->org ? it->crit->org : _("none"));
	char code[64];
	snprintf(code, sizeof code, "%s", it->crit->code);
	char *text = tui_prompt(t, label, it->org ? it->org : "", save_org, &ctx);
	if (text) {
		load(t, v);   /* frees it: only the copied code is used below */
		int i = checklist_find(&C(v)->cl, code);
		const char *org = i >= 0 ? C(v)->cl.items[i].org : NULL;
		tui_message(t, false, _("%s: in charge: %s"), code, org ? org : _("none"));
	}
	free(text);
}

static bool act(tui *t, view *v, int action)
{
	const checklist_item *it = current(v);
	switch (action) {
	case ACT_OPEN:
	case ACT_TOGGLE:
		if (!it)
			return true;
		if (action == ACT_TOGGLE && it->crit->measure == MEASURE_YESNO) {
			const criterion_def *crit = it->crit;
			if (assessment_toggle(tui_db(t), C(v)->area_id, tui_year(t), crit, tui_stage(t),
					      &it->j[tui_stage(t)]) < 0)
				tui_message(t, true, "%s", db_error(tui_db(t)));
			else
				saved(t, v, crit);
		} else {
			enter_value(t, v, it);
		}
		return true;
	case ACT_SET_VALUE:
		if (it)
			enter_value(t, v, it);
		return true;
	case ACT_EVIDENCE:
		if (it)
			edit_evidence(t, v, it);
		return true;
	case ACT_ORG:
		if (it)
			edit_org(t, v, it);
		return true;
	case ACT_HISTORY:
		if (it)
			tui_open_history(t, C(v)->area_id, it->crit->id);
		return true;
	case ACT_FACTS:
		tui_open_facts(t, C(v)->area_id);
		return true;
	case ACT_CYCLE:
		tui_open_cycle(t, C(v)->area_id);
		return true;
	case ACT_AWARDS:
		tui_open_awards(t, C(v)->area_id);
		return true;
	case ACT_CLEAR:
		if (it) {
			const criterion_def *crit = it->crit;
			if (assessment_write(tui_db(t), C(v)->area_id, tui_year(t), crit, tui_stage(t), NULL) < 0)
				tui_message(t, true, "%s", db_error(tui_db(t)));
			else
				saved(t, v, crit);
		}
		return true;
	default:
		return false;
	}
}

static bool search(tui *t, view *v, const char *query, int direction)
{
	checklist_view *c = C(v);
	char *q = text_fold(query);
	int n = c->nrows;
	bool found = false;
	for (int k = 1; k <= n && !found; k++) {
		int r = ((v->cursor + direction * k) % n + n) % n;
		if (c->rows[r].item < 0)
			continue;
		const criterion_def *crit = c->cl.items[c->rows[r].item].crit;
		char *code = text_fold(crit->code), *name = text_fold(crit->name);
		if (text_folded_contains(code, q) || text_folded_contains(name, q)) {
			v->cursor = r;
			found = true;
		}
		free(code);
		free(name);
	}
	free(q);
	if (found)
		return true;
	/* Not a criterion: look for an area of that name in the tree. */
	int64_t *ids = NULL;
	size_t nids = 0;
	if (area_search(tui_db(t), query, &ids, &nids) < 0)
		return false;
	int64_t id = nids ? ids[0] : 0;
	free(ids);
	if (!id)
		return false;
	tui_reveal_area(t, id);
	tui_message(t, false, _("No criterion matches; found the area instead (n: next)"));
	return true;
}

static void reload(tui *t, view *v)
{
	load(t, v);
}

static void destroy(view *v)
{
	checklist_view *c = C(v);
	if (c->loaded)
		checklist_free(&c->cl);
	area_free(&c->area);
	free(c->rows);
	free(c);
	free(v);
}

static bool illustrative(view *v)
{
	return C(v)->loaded && C(v)->cl.has_set && C(v)->cl.set.illustrative;
}

static int64_t current_area(view *v)
{
	return C(v)->area_id;
}

static const view_ops checklist_ops = {
	.bit = VIEW_CHECKLIST,
	.nrows = nrows,
	.selectable = selectable,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.act = act,
	.reload = reload,
	.search = search,
	.destroy = destroy,
	.illustrative = illustrative,
	.area = current_area,
};

view *view_checklist_new(tui *t, int64_t area_id)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &checklist_ops;
	checklist_view *c = xcalloc(1, sizeof *c);
	c->area_id = area_id;
	v->data = c;
	area_get(tui_db(t), area_id, &c->area);
	load(t, v);
	v->cursor = c->nrows > 1 ? 1 : 0;   /* the first criterion, below its group's heading */
	return v;
}
