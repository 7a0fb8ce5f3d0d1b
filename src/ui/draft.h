/* Drafts of text typed when a session was interrupted (see draft.c). tui_keep_draft (tui.h)
 * writes one; these offer and show it. */
#ifndef KM_DRAFT_H
#define KM_DRAFT_H
#include <stdbool.h>
#include "ui/tui.h"

/* At the start: says on the message line that a draft waits (false if there is none). */
bool draft_offer(tui *t);
/* The draft view (D): every field's text in full; going back asks whether to delete it. */
void draft_open(tui *t);
/* Why the last draft could not be kept ("" if it was): said on stderr at the exit. */
extern char draft_error[256];
#endif
