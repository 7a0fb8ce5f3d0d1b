/* Drafts: text typed in an open prompt or form when a signal (a dropped SSH connection, Ctrl-C,
 * a shutdown) ended the session is kept in $XDG_STATE_HOME/kieumau/draft, offered at the next
 * start, and shown in full by the draft view (D). */
#include "config.h"
#include "ui/draft.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "domain/area.h"
#include "storage/db.h"
#include "ui/screen.h"
#include "ui/view.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/vnum.h"

/* ---- drafts: text typed in a prompt or form when a signal ended the session ---- */

char draft_error[256];   /* why a draft could not be kept: said on stderr at the exit */

static void draft_line(strbuf *b, const char *key, const char *value)
{
	sb_add(b, key);
	sb_addc(b, '=');
	for (const char *p = value ? value : ""; *p; p++) {
		if (*p == '\\')
			sb_add(b, "\\\\");
		else if (*p == '\n')
			sb_add(b, "\\n");
		else if (*p == '\r')
			sb_add(b, "\\r");
		else
			sb_addc(b, *p);
	}
	sb_addc(b, '\n');
}

/* Writes data to path as a whole or not at all: a private temporary file in the same directory,
 * synced, then renamed over path. */
static bool write_private_file(const char *path, const char *data, size_t len)
{
	char *dir = paths_dirname(path);
	if (!dir || paths_mkdir_p(dir) != 0) {
		snprintf(draft_error, sizeof draft_error, "%s: %s", dir ? dir : path, strerror(errno));
		free(dir);
		return false;
	}
	char *tmp = paths_join(dir, ".draft.XXXXXX");
	int fd = mkstemp(tmp);   /* mode 0600 */
	bool ok = fd >= 0 && fchmod(fd, 0600) == 0;
	for (size_t off = 0; ok && off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += ok ? (size_t)w : 0;
	}
	ok = ok && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		snprintf(draft_error, sizeof draft_error, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
	} else {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY);   /* the rename itself survives a crash */
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	free(tmp);
	free(dir);
	return ok;
}

void tui_keep_draft(tui *t, const char *title, int n, const char *const *labels,
		    const char *const *texts)
{
	strbuf b, s;
	sb_init(&b);
	sb_init(&s);
	char now[32];
	sb_add(&b, "# kieumau: text typed in a prompt or form when a session was cut off\n");
	draft_line(&b, "time", db_now_iso(now, sizeof now));
	draft_line(&b, "title", title);
	int64_t id = tui_current_area(t);
	area *path;
	size_t np;
	if (id && area_path(tui_db(t), id, &path, &np) == 0) {
		if (np) {
			area_path_text(path, np, " › ", &s);
			draft_line(&b, "area", s.s);
			draft_line(&b, "area_name", path[np - 1].name);
		}
		areas_free(path, np);
	}
	view *v = tui_top_view(t);
	sb_clear(&s);
	if (v->ops->crumbs)
		v->ops->crumbs(t, v, &s);
	draft_line(&b, "view", s.s);
	for (int i = 0; i < n; i++) {
		draft_line(&b, "label", labels[i]);
		draft_line(&b, "text", texts[i]);
	}
	char *file = paths_state_file("draft");
	write_private_file(file, b.s, b.len);
	free(file);
	sb_free(&s);
	sb_free(&b);
}

typedef struct draft {
	char *time, *title, *area, *area_name, *view;
	int n;
	char **labels, **texts;
} draft;

static void draft_free(draft *d)
{
	free(d->time);
	free(d->title);
	free(d->area);
	free(d->area_name);
	free(d->view);
	for (int i = 0; i < d->n; i++) {
		free(d->labels[i]);
		free(d->texts[i]);
	}
	free(d->labels);
	free(d->texts);
	memset(d, 0, sizeof *d);
}

static char *draft_unescape(const char *s)
{
	strbuf b;
	sb_init(&b);
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			sb_addc(&b, *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s);
		} else {
			sb_addc(&b, *s);
		}
	}
	return sb_take(&b);
}

/* Reads the draft kept by an earlier session; false if there is none (or nothing in it). */
static bool draft_load(draft *d)
{
	memset(d, 0, sizeof *d);
	char *path = paths_state_file("draft");
	FILE *fp = fopen(path, "r");
	free(path);
	if (!fp)
		return false;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		char *eq = strchr(line, '=');
		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		char *value = draft_unescape(eq + 1), **slot = NULL;
		if (strcmp(line, "label") == 0 || (strcmp(line, "text") == 0 && (!d->n || d->texts[d->n - 1]))) {
			d->labels = xrealloc(d->labels, (size_t)(d->n + 1) * sizeof *d->labels);
			d->texts = xrealloc(d->texts, (size_t)(d->n + 1) * sizeof *d->texts);
			d->labels[d->n] = xstrdup("");
			d->texts[d->n] = NULL;
			d->n++;
		}
		if (strcmp(line, "label") == 0)
			slot = &d->labels[d->n - 1];
		else if (strcmp(line, "text") == 0)
			slot = &d->texts[d->n - 1];
		else if (strcmp(line, "time") == 0)
			slot = &d->time;
		else if (strcmp(line, "title") == 0)
			slot = &d->title;
		else if (strcmp(line, "area") == 0)
			slot = &d->area;
		else if (strcmp(line, "area_name") == 0)
			slot = &d->area_name;
		else if (strcmp(line, "view") == 0)
			slot = &d->view;
		if (slot) {
			free(*slot);
			*slot = value;
		} else {
			free(value);
		}
	}
	free(line);
	fclose(fp);
	for (int i = 0; i < d->n; i++)
		if (!d->texts[i])
			d->texts[i] = xstrdup("");
	if (!d->n && !d->title) {
		draft_free(d);
		return false;
	}
	return true;
}

/* The text as one line of at most cols columns: safe to show, "…" where it was cut. */
static void one_line(strbuf *out, const char *text, int cols)
{
	char *clean = text_sanitize(text);
	size_t n = text_fit(clean, cols, NULL);
	sb_addn(out, clean, n);
	if (clean[n])
		sb_add(out, "…");
	free(clean);
}

/* At the start: says on the message line that a draft waits, and how to see it. */
bool draft_offer(tui *t)
{
	draft d;
	if (!draft_load(&d))
		return false;
	strbuf what;
	sb_init(&what);
	if (d.area_name && *d.area_name) {
		one_line(&what, d.area_name, 30);
		sb_add(&what, " · ");
	}
	/* The text first (what matters, on a narrow screen too), then what it was for. */
	for (int i = 0; i < d.n; i++) {
		if (!*d.texts[i])
			continue;
		sb_add(&what, "\"");
		one_line(&what, d.texts[i], 30);
		sb_add(&what, "\" · ");
		break;
	}
	char *title = xstrdup(d.title ? d.title : "");
	size_t tl = strlen(title);
	while (tl && (title[tl - 1] == ':' || title[tl - 1] == ' '))
		title[--tl] = '\0';   /* a prompt's label ends with a colon */
	one_line(&what, title, 50);
	free(title);
	if (tui_keymap(t)->nkeys[ACT_DRAFT]) {
		char key[32];
		keymap_key_name(tui_keymap(t)->keys[ACT_DRAFT][0], key, sizeof key);
		tui_message(t, false, _("A draft was kept from an interrupted session (%s shows it): %s"),
			    key, what.s);
	} else {
		char *path = paths_state_file("draft");
		tui_message(t, false, _("A draft was kept from an interrupted session (in %s): %s"), path,
			    what.s);
		free(path);
	}
	sb_free(&what);
	draft_free(&d);
	return true;
}

/* The draft view: what the draft was for and each field's text in full, to copy with the mouse;
 * going back asks whether to delete the draft. */
typedef struct draft_row {
	char *text;
	attr_t attr;
} draft_row;

typedef struct draft_view {
	draft_row *rows;
	int n;
} draft_view;

static void draft_add(draft_view *dv, const char *text, attr_t attr)
{
	dv->rows = xrealloc(dv->rows, (size_t)(dv->n + 1) * sizeof *dv->rows);
	dv->rows[dv->n++] = (draft_row){ xstrdup(text), attr };
}

/* Adds text wrapped to width columns after indent, its own lines staying lines; attr NULL: a
 * field's text ("(empty)" when empty). */
static void draft_add_text(draft_view *dv, const char *text, const char *indent, int width,
			   const attr_t *attr)
{
	char *copy = xstrdup(text), *save = NULL;
	strbuf line;
	sb_init(&line);
	bool any = false;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *clean = text_sanitize(l);
		const char *p = clean;
		do {
			size_t n = text_fit(p, width, NULL), shown;
			if (!n && *p)
				n = text_char_len(p);
			shown = n;
			if (p[n]) {   /* cut between words where there is a space to cut at */
				size_t sp = n;
				while (sp > 0 && p[sp - 1] != ' ')
					sp--;
				if (sp > 1) {
					shown = sp - 1;
					n = sp;
				}
			}
			sb_clear(&line);
			sb_add(&line, indent);
			sb_addn(&line, p, shown);
			draft_add(dv, line.s, attr ? *attr : A_NORMAL);
			any = true;
			p += n;
		} while (*p);
		free(clean);
	}
	if (!any && !attr)
		draft_add(dv, _("  (empty)"), screen_attr(PAIR_DIM));
	sb_free(&line);
	free(copy);
}

static draft_view *DV(view *v) { return v->data; }
static int draft_nrows(view *v) { return DV(v)->n; }

static void draft_draw_row(tui *t, view *v, int row, int y, int width, bool selected)
{
	(void)t;
	draft_row *r = &DV(v)->rows[row];
	screen_text(y, 1, r->text, width - 1, selected ? (r->attr | A_REVERSE) : r->attr, false);
}

static void draft_crumbs(tui *t, view *v, strbuf *out)
{
	(void)t;
	(void)v;
	sb_add(out, _("Draft from an interrupted session"));
}

static bool draft_act(tui *t, view *v, int action)
{
	(void)v;
	if (action != ACT_BACK)
		return false;
	if (tui_confirm(t, _("Delete the draft? (y/n)"))) {
		char *path = paths_state_file("draft");
		if (unlink(path) == 0 || errno == ENOENT)
			tui_message(t, false, _("The draft is deleted"));
		else
			tui_message(t, true, _("Cannot delete %s: %s"), path, strerror(errno));
		free(path);
	} else {
		tui_message(t, false, _("The draft is kept"));
	}
	return false;   /* and the view closes */
}

static void draft_destroy(view *v)
{
	draft_view *dv = DV(v);
	for (int i = 0; i < dv->n; i++)
		free(dv->rows[i].text);
	free(dv->rows);
	free(dv);
	free(v);
}

/* Shown with the keys of the help screen: move, back, quit. */
static const view_ops draft_ops = {
	.bit = VIEW_HELP,
	.nrows = draft_nrows,
	.draw_row = draft_draw_row,
	.crumbs = draft_crumbs,
	.act = draft_act,
	.destroy = draft_destroy,
};

void draft_open(tui *t)
{
	draft d;
	if (!draft_load(&d)) {
		tui_message(t, false, _("No draft: nothing was left typed when a session was cut off"));
		return;
	}
	view *v = xcalloc(1, sizeof *v);
	draft_view *dv = xcalloc(1, sizeof *dv);
	v->ops = &draft_ops;
	v->data = dv;
	int width = COLS - 4 > 20 ? COLS - 4 : 20;
	strbuf s;
	sb_init(&s);
	char when[32];
	vn_format_timestamp(d.time ? d.time : "", when, sizeof when);
	sb_printf(&s, _("Typed when a session was cut off (%s), not saved:"), when);
	draft_add(dv, s.s, A_BOLD);
	struct { const char *label, *value; } about[] = {
		{ N_("For:"), d.title }, { N_("Area:"), d.area }, { N_("Screen:"), d.view },
	};
	for (size_t i = 0; i < sizeof about / sizeof *about; i++) {
		if (!about[i].value || !*about[i].value)
			continue;
		sb_clear(&s);
		sb_printf(&s, "%s ", _(about[i].label));
		one_line(&s, about[i].value, width - text_width(s.s));
		draft_add(dv, s.s, A_NORMAL);
	}
	for (int i = 0; i < d.n; i++) {
		draft_add(dv, "", A_NORMAL);
		sb_clear(&s);
		one_line(&s, d.labels[i], width);
		draft_add(dv, s.s, A_BOLD);
		draft_add_text(dv, d.texts[i], "  ", width - 2, NULL);
	}
	draft_add(dv, "", A_NORMAL);
	attr_t dim = screen_attr(PAIR_DIM);
	draft_add_text(dv, _("Select the text with the mouse to copy it; going back asks whether to "
			     "delete the draft."), "", width, &dim);
	char *path = paths_state_file("draft");
	sb_clear(&s);
	sb_printf(&s, _("The draft is in %s"), path);
	draft_add_text(dv, s.s, "", width, &dim);
	free(path);
	sb_free(&s);
	draft_free(&d);
	tui_push_view(t, v);
}
