/* Translation macros: UI strings are English msgids translated through gettext. */
#ifndef KM_I18N_H
#define KM_I18N_H
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
#endif
