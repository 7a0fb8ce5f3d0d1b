/* The one table of user actions. It generates the action enum, the names users bind in keymap
 * files, the help screen, the key-hint bar and the man page's key table, so they cannot drift.
 *
 * ACTION(id, name, views, hint, label, description, default keys, vi keys)
 *   views: where the action works (VIEW_* bits); hint: order in the bottom bar (0 = not shown;
 *   prev-year's hint stands for both year keys);
 *   label: short word for the bar; description: the help line; keys: comma-separated key names. */
#ifndef KM_ACTIONS_H
#define KM_ACTIONS_H

enum view_bits {
	VIEW_TREE = 1 << 0,
	VIEW_CHECKLIST = 1 << 1,
	VIEW_HELP = 1 << 2,
	VIEW_FACTS = 1 << 3,
	VIEW_HISTORY = 1 << 4,
	VIEW_CYCLE = 1 << 5,
	VIEW_AWARDS = 1 << 6,
	VIEW_WORKLIST = 1 << 7,
	VIEW_LEDGER = 1 << 8,
	VIEW_STATUS = 1 << 9,
	VIEW_MATRIX = 1 << 10,
	VIEW_REPORT = 1 << 11,
	VIEW_AUDIT = 1 << 12,
	VIEW_ALL = VIEW_TREE | VIEW_CHECKLIST | VIEW_HELP | VIEW_FACTS | VIEW_HISTORY | VIEW_CYCLE |
		   VIEW_AWARDS | VIEW_WORKLIST | VIEW_LEDGER | VIEW_STATUS | VIEW_MATRIX | VIEW_REPORT |
		   VIEW_AUDIT,
	VIEW_LISTS = VIEW_TREE | VIEW_CHECKLIST,
};

#define KM_ACTIONS(ACTION) \
	ACTION(MOVE_UP, "move-up", VIEW_ALL, 0, N_("Up"), N_("Move up one line"), "Up, k", "Up, k") \
	ACTION(MOVE_DOWN, "move-down", VIEW_ALL, 0, N_("Down"), N_("Move down one line"), "Down, j", "Down, j") \
	ACTION(PAGE_UP, "page-up", VIEW_ALL, 0, N_("PgUp"), N_("Move up one page"), "PgUp", "PgUp, C-b") \
	ACTION(PAGE_DOWN, "page-down", VIEW_ALL, 0, N_("PgDn"), N_("Move down one page"), "PgDn", "PgDn, C-f") \
	ACTION(FIRST, "first", VIEW_ALL, 0, N_("First"), N_("Go to the first line"), "Home", "Home, g") \
	ACTION(LAST, "last", VIEW_ALL, 0, N_("Last"), N_("Go to the last line"), "End", "End, G") \
	ACTION(OPEN, "open", VIEW_LISTS | VIEW_FACTS | VIEW_CYCLE | VIEW_AWARDS | VIEW_WORKLIST | VIEW_LEDGER | VIEW_STATUS | VIEW_MATRIX, 1, N_("Open"), N_("Open: expand an area, a village's checklist; edit the line"), "Enter, Right, l", "Enter, Right, l") \
	ACTION(BACK, "back", VIEW_ALL, 2, N_("Back"), N_("Go back: collapse, go to the parent, close the view"), "Left, h, Backspace, Esc", "Left, h, Backspace, Esc") \
	ACTION(TOGGLE, "toggle", VIEW_LISTS, 3, N_("Tick"), N_("Tick a criterion (or enter its value); expand or collapse an area"), "Space", "Space") \
	ACTION(SWITCH_STAGE, "switch-stage", VIEW_CHECKLIST, 5, N_("Stage"), N_("Switch between self-assessment and appraisal"), "Tab", "Tab") \
	ACTION(SET_VALUE, "set-value", VIEW_CHECKLIST | VIEW_FACTS, 4, N_("Value"), N_("Enter the value of a criterion"), "=", "=") \
	ACTION(CLEAR, "clear", VIEW_CHECKLIST | VIEW_FACTS | VIEW_CYCLE | VIEW_AWARDS | VIEW_LEDGER, 0, N_("Clear"), N_("Clear: a criterion to not assessed, a fact, a step of the cycle, a commendation, an entry"), "Delete, x", "Delete, x") \
	ACTION(EVIDENCE, "evidence", VIEW_CHECKLIST, 0, N_("Evidence"), N_("Write the evidence of a judgement: what was checked, where the papers are"), "e", "e") \
	ACTION(HISTORY, "history", VIEW_CHECKLIST, 0, N_("History"), N_("Show every change of the selected criterion's judgements"), "H", "H") \
	ACTION(ORG, "org", VIEW_CHECKLIST, 0, N_("In charge"), N_("Set the organisation in charge of the criterion in this area"), "o", "o") \
	ACTION(FACTS, "facts", VIEW_TREE | VIEW_CHECKLIST, 0, N_("Facts"), N_("Facts of the village for the year: households, population, area type, roads"), "f", "f") \
	ACTION(CYCLE, "cycle", VIEW_TREE | VIEW_CHECKLIST, 0, N_("Cycle"), N_("The recognition cycle of the village: registration, steps, decision, commendations, titles"), "R", "R") \
	ACTION(AWARDS, "awards", VIEW_TREE | VIEW_CHECKLIST | VIEW_CYCLE, 0, N_("Awards"), N_("Commendations of the selected area and everything below it"), "A", "A") \
	ACTION(ADD_AWARD, "add-award", VIEW_AWARDS | VIEW_CYCLE, 8, N_("Add"), N_("Add a commendation"), "a", "a") \
	ACTION(FILTER, "filter", VIEW_AWARDS | VIEW_WORKLIST, 9, N_("Filter"), N_("Filter: commendations by level, form or recipient; the worklist by kind"), "F", "F") \
	ACTION(LEDGER, "resources", VIEW_TREE | VIEW_CHECKLIST | VIEW_CYCLE, 0, N_("Resources"), N_("Resources mobilised by the selected area and below it: the ledger and its totals"), "m", "m") \
	ACTION(ADD_ENTRY, "add-entry", VIEW_LEDGER, 8, N_("Add"), N_("Add a resource entry"), "a", "a") \
	ACTION(PERIOD, "period", VIEW_LEDGER | VIEW_REPORT, 9, N_("Period"), N_("Choose the period: a year, 2025-H1, 2025-Q2, or dd/mm/yyyy-dd/mm/yyyy"), "p", "p") \
	ACTION(STATUS_TABLE, "status-table", VIEW_TREE | VIEW_CHECKLIST | VIEW_CYCLE | VIEW_LEDGER, 0, N_("Table"), N_("The status table of the selected area: one row per unit below it"), "s", "s") \
	ACTION(MATRIX, "matrix", VIEW_TREE | VIEW_STATUS, 0, N_("Matrix"), N_("The criteria matrix of a commune: villages by criteria"), "M", "M") \
	ACTION(REPORT, "report", VIEW_TREE | VIEW_STATUS | VIEW_LEDGER, 0, N_("Report"), N_("The periodic report of the selected area"), "P", "P") \
	ACTION(SORT, "sort", VIEW_STATUS, 8, N_("Sort"), N_("Sort the table by the next column (again: reverse)"), "o", "o") \
	ACTION(SCROLL_LEFT, "scroll-left", VIEW_STATUS | VIEW_MATRIX | VIEW_REPORT, 0, N_("Cols-"), N_("Show the columns to the left"), "{", "{") \
	ACTION(SCROLL_RIGHT, "scroll-right", VIEW_STATUS | VIEW_MATRIX | VIEW_REPORT, 9, N_("Columns"), N_("Show the columns to the right"), "}", "}") \
	ACTION(TARGET, "target", VIEW_STATUS, 0, N_("Target"), N_("Set the year's targets of the selected unit"), "t", "t") \
	ACTION(AUDIT, "audit", VIEW_TREE | VIEW_CHECKLIST | VIEW_CYCLE | VIEW_AWARDS | VIEW_LEDGER | VIEW_FACTS, 0, N_("Changes"), N_("Who changed the selected record or area, when, and how"), "U", "U") \
	ACTION(WORKLIST, "worklist", VIEW_ALL & ~VIEW_WORKLIST, 0, N_("Due"), N_("The worklist: what is due or late in the selected part of the hierarchy"), "w", "w") \
	ACTION(PREV_YEAR, "prev-year", VIEW_LISTS | VIEW_FACTS | VIEW_CYCLE | VIEW_AWARDS | VIEW_WORKLIST | VIEW_LEDGER | VIEW_STATUS | VIEW_MATRIX | VIEW_REPORT, 5, N_("Year"), N_("Previous year"), "[, <", "[, <") \
	ACTION(NEXT_YEAR, "next-year", VIEW_LISTS | VIEW_FACTS | VIEW_CYCLE | VIEW_AWARDS | VIEW_WORKLIST | VIEW_LEDGER | VIEW_STATUS | VIEW_MATRIX | VIEW_REPORT, 0, N_("Year+"), N_("Next year"), "], >", "], >") \
	ACTION(SEARCH, "search", VIEW_LISTS | VIEW_STATUS, 7, N_("Find"), N_("Search the list and the whole area tree (tone marks optional)"), "/", "/") \
	ACTION(SEARCH_NEXT, "search-next", VIEW_LISTS, 0, N_("Next"), N_("Next match"), "n", "n") \
	ACTION(SEARCH_PREV, "search-prev", VIEW_LISTS, 0, N_("Prev"), N_("Previous match"), "N", "N") \
	ACTION(ADD_AREA, "add-area", VIEW_TREE, 8, N_("Add"), N_("Add a child area under the selected one"), "a", "a") \
	ACTION(RENAME_AREA, "rename-area", VIEW_TREE, 9, N_("Rename"), N_("Rename the selected area"), "r", "r") \
	ACTION(DRAFT, "draft", VIEW_ALL & ~VIEW_HELP, 0, N_("Draft"), N_("Show the text kept from a prompt or form left open when a session was cut off"), "D", "D") \
	ACTION(REDRAW, "redraw", VIEW_ALL, 0, N_("Redraw"), N_("Redraw the screen"), "C-l", "C-l") \
	ACTION(HELP, "help", VIEW_ALL & ~VIEW_HELP, 10, N_("Help"), N_("Show this help"), "?, F1", "?, F1") \
	ACTION(QUIT, "quit", VIEW_ALL, 11, N_("Quit"), N_("Quit kieumau"), "q, F10", "q, F10, Z")

enum action {
	ACT_NONE = -1,
#define KM_ACTION_ENUM(id, name, views, hint, label, desc, keys, vikeys) ACT_##id,
	KM_ACTIONS(KM_ACTION_ENUM)
#undef KM_ACTION_ENUM
	ACT_COUNT
};

struct action_info {
	const char *name;        /* as bound in keymap files */
	unsigned views;
	int hint;                /* order in the key-hint bar, 0 = not shown */
	const char *label;       /* msgid */
	const char *description; /* msgid */
	const char *default_keys;
	const char *vi_keys;
};

extern const struct action_info action_table[ACT_COUNT];

/* ACT_NONE if no action has that name. */
int action_by_name(const char *name);
#endif
