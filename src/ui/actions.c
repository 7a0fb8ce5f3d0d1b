#include "config.h"
#include <string.h>
#include "util/i18n.h"
#include "ui/actions.h"

const struct action_info action_table[ACT_COUNT] = {
#define KM_ACTION_ROW(id, name, views, hint, label, desc, keys, vikeys) \
	{ name, views, hint, label, desc, keys, vikeys },
	KM_ACTIONS(KM_ACTION_ROW)
#undef KM_ACTION_ROW
};

int action_by_name(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return i;
	return ACT_NONE;
}
