#include "config.h"
/* Placeholder being replaced by the status view. */
#include "ui/view.h"
view *view_status_new(tui *t, int64_t area_id) { (void)t; (void)area_id; return NULL; }
