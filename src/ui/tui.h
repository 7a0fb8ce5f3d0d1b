/* The full-screen program: a stack of views under a header (where you are) and above a message
 * line and a key-hint bar (what you can do), driven by the action table. */
#ifndef KM_TUI_H
#define KM_TUI_H
#include <stdbool.h>
#include <stddef.h>
#include "app.h"
#include "domain/assessment.h"
#include "ui/keymap.h"

typedef struct tui tui;

/* Runs the TUI until the user quits. script: a key script (NULL: the keyboard); year: the year
 * shown first (0: the default). Returns the exit status. */
int tui_run(app *a, const char *script, int year);

/* Loads the keymap the user gets: the built-in or vi one (config), then keymap.ini over it;
 * problems are appended to errors. Shared with `kieumau keys`. */
void tui_load_keymap(app *a, keymap *km, strbuf *errors);

/* For views and widgets. */
void tui_draw(tui *t);
/* True while the terminal is below the size the screen needs: tui_draw then shows only a message
 * saying so, and widgets (prompts, forms, pickers) draw nothing of their own over it. */
bool tui_too_small(void);
const keymap *tui_keymap(tui *t);
struct km_db *tui_db(tui *t);
int tui_year(tui *t);
stage tui_stage(tui *t);
/* The user's settings (config.ini), as the command line sees them. */
const struct km_config *tui_config(tui *t);
/* Mistakes found in the user's config.ini and keymap.ini ("" if none). */
const char *tui_problems(tui *t);
void tui_message(tui *t, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Checks typed text: returns true if acceptable, else false with a message in err. */
typedef bool (*prompt_check)(void *ctx, const char *text, char *err, size_t errcap);
/* Asks for one line of text on the message line. On Enter, check runs (if given); a refused text
 * stays in the editor with the message shown beside it, nothing typed is lost. Returns a malloc'd
 * string, or NULL if cancelled (Esc). */
char *tui_prompt(tui *t, const char *label, const char *initial, prompt_check check, void *ctx);
/* True once SIGINT, SIGTERM or SIGHUP arrived: widgets with their own key loops stop. */
bool tui_interrupted(void);
/* True once SIGHUP arrived and the terminal is gone (a dropped connection): from then on, no
 * curses call at all, only saving and exiting. */
bool tui_terminal_gone(void);
/* For a prompt or form that tui_interrupted() ended while it held typed text: keeps that text in
 * $XDG_STATE_HOME/kieumau/draft (temporary file, then rename; mode 0600) with what it was for
 * (title: the prompt's label or the form's title; the fields' labels and texts; the area and
 * view), for the next start to offer. Makes no curses call. */
void tui_keep_draft(tui *t, const char *title, int n, const char *const *labels,
		    const char *const *texts);
/* Asks a yes/no question; true for yes. */
bool tui_confirm(tui *t, const char *question);

/* The view on top, and pushing one (for widgets that open views of their own). */
struct view *tui_top_view(tui *t);
void tui_push_view(tui *t, struct view *v);

/* Opens views. */
void tui_open_checklist(tui *t, int64_t area_id);
void tui_open_facts(tui *t, int64_t area_id);
void tui_open_history(tui *t, int64_t area_id, int64_t criterion_id);
void tui_open_cycle(tui *t, int64_t area_id);
/* Commendations of scope_area_id and everything below it. */
void tui_open_awards(tui *t, int64_t scope_area_id);
/* The resource ledger of area_id and everything below it. */
void tui_open_ledger(tui *t, int64_t area_id);
void tui_open_status(tui *t, int64_t area_id);
void tui_open_matrix(tui *t, int64_t commune_id);
void tui_open_report(tui *t, int64_t area_id);
/* The worklist of scope_area_id (0: everywhere). */
void tui_open_worklist(tui *t, int64_t scope_area_id);
/* The area the user is looking at: the tree's selected row, a checklist's village ... (0: none). */
int64_t tui_current_area(tui *t);
/* Goes back to the tree and selects an area there (expanding its ancestors). */
void tui_reveal_area(tui *t, int64_t area_id);
#endif
