/* Help: every action with its keys and what it does, from the action table and the active
 * keymap, after any mistakes found in the user's config.ini and keymap.ini. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/text.h"

typedef struct help_line {
	char *text;
	attr_t attr;
} help_line;

typedef struct help {
	help_line *lines;
	int n;
} help;

static help *H(view *v) { return v->data; }

static void add(help *h, const char *text, attr_t attr)
{
	h->lines = xrealloc(h->lines, (size_t)(h->n + 1) * sizeof *h->lines);
	h->lines[h->n++] = (help_line){ xstrdup(text), attr };
}

static int nrows(view *v) { return H(v)->n; }

static void draw_row(tui *t, view *v, int row, int y, int width, bool selected)
{
	(void)t;
	help_line *l = &H(v)->lines[row];
	screen_text(y, 1, l->text, width - 1, selected ? (l->attr | A_REVERSE) : l->attr, false);
}

static void crumbs(tui *t, view *v, strbuf *out)
{
	(void)t;
	(void)v;
	sb_add(out, _("Help: keys"));
}

static void destroy(view *v)
{
	help *h = H(v);
	for (int i = 0; i < h->n; i++)
		free(h->lines[i].text);
	free(h->lines);
	free(h);
	free(v);
}

static const view_ops help_ops = {
	.bit = VIEW_HELP,
	.nrows = nrows,
	.draw_row = draw_row,
	.crumbs = crumbs,
	.destroy = destroy,
};

view *view_help_new(tui *t)
{
	view *v = xcalloc(1, sizeof *v);
	v->ops = &help_ops;
	help *h = xcalloc(1, sizeof *h);
	v->data = h;
	const char *problems = tui_problems(t);
	if (*problems) {
		add(h, _("Problems in your settings (the rest still applies):"), screen_attr(PAIR_ERROR));
		char *copy = xstrdup(problems), *save = NULL;
		for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			add(h, l, A_NORMAL);
		free(copy);
		add(h, "", A_NORMAL);
	}
	strbuf line, keys;
	sb_init(&line);
	sb_init(&keys);
	static const struct { unsigned bit; const char *title; } sections[] = {
		{ VIEW_TREE, N_("Area tree") },
		{ VIEW_CHECKLIST, N_("Criteria checklist") },
		{ VIEW_FACTS, N_("Facts of a village") },
		{ VIEW_HISTORY, N_("History of a criterion") },
		{ VIEW_CYCLE, N_("Recognition cycle") },
		{ VIEW_AWARDS, N_("Commendations") },
		{ VIEW_WORKLIST, N_("Worklist") },
		{ VIEW_LEDGER, N_("Resources") },
		{ VIEW_HELP, N_("Help") },
	};
	for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
		add(h, _(sections[s].title), A_BOLD);
		for (int i = 0; i < ACT_COUNT; i++) {
			if (!(action_table[i].views & sections[s].bit))
				continue;
			sb_clear(&keys);
			keymap_describe(tui_keymap(t), i, &keys);
			sb_clear(&line);
			sb_add(&line, "  ");
			sb_add(&line, keys.len ? keys.s : "-");
			for (int w = text_width(keys.len ? keys.s : "-"); w < 24; w++)
				sb_addc(&line, ' ');
			sb_addc(&line, ' ');
			sb_add(&line, _(action_table[i].description));
			add(h, line.s, A_NORMAL);
		}
		add(h, "", A_NORMAL);
	}
	add(h, _("In the checklist"), A_BOLD);
	add(h, _("  [x] met   [ ] not met   [-] not assessed"), A_NORMAL);
	add(h, _("  left box: self-assessment; right box: appraisal; the stage being recorded is in colour (Tab switches)"), A_NORMAL);
	add(h, _("  ≠ the two stages disagree   * no evidence written for the judgement"), A_NORMAL);
	add(h, _("  a percentage may be typed as 91,5 or as part/base 182/200, or 182/ for a part of the recorded base"), A_NORMAL);
	add(h, "", A_NORMAL);
	add(h, _("Keys are set in ~/.config/kieumau/keymap.ini (see keymaps/ and kieumau(1))."), A_NORMAL);
	sb_free(&line);
	sb_free(&keys);
	return v;
}
