/* A pop-up list to choose one of a few options (an area's kind, a rating level). */
#ifndef KM_PICKER_H
#define KM_PICKER_H

struct tui;

/* Shows title and options; returns the chosen index, or -1 if cancelled (Esc, back). */
int picker_choose(struct tui *t, const char *title, const char *const *options, int n, int initial);
#endif
